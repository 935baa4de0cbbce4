// torch.utils.tensorboard.SummaryWriter: event files read back by an independent decoder in Python
// (test/python/tensorboard_read.py: TFRecord framing with both masked CRC32Cs checked against a
// bitwise reference CRC32C, Event/Summary/Value protobufs; TensorBoard's own loader as well where
// it is importable).
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import * as torch from "../lib";
import { crc32c } from "../lib/utils/tensorboard";
import { DIST, repoPath } from "./helpers/paths";

const PYTHON = process.env.TORCHTS_PYTHON || "/usr/bin/python3";
const READER = repoPath("test", "python", "tensorboard_read.py");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tensorboard-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Event {
  wall_time: number;
  step: number;
  file_version?: string;
  scalars: Array<{ tag: string; value: number }>;
}
interface Read {
  tensorboard: boolean;
  files: Array<{ file: string; events: Event[] }>;
}

function read(...paths: string[]): Read {
  const r = spawnSync(PYTHON, [READER, ...paths], { encoding: "utf8", timeout: 60000 });
  if (r.status !== 0) throw new Error(`tensorboard_read.py failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

it("crc32c matches the standard check value", () => {
  expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283);
  expect(crc32c(new Uint8Array(0))).toBe(0);
});

it("writes scalars that an independent TFRecord/protobuf reader reads back, CRCs checked", () => {
  const { SummaryWriter } = torch.utils.tensorboard;
  const dir = path.join(tmp, "run1");
  const w = new SummaryWriter(dir, { maxQueue: 100, filenameSuffix: ".test" });
  expect(w.getLogdir()).toBe(dir);
  expect(path.basename(w.file)).toMatch(
    new RegExp(
      `^events\\.out\\.tfevents\\.\\d{10}\\.${os.hostname().replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.${process.pid}\\.\\d+\\.test$`,
    ),
  );
  // Before anything is added the file holds the version event.
  let got = read(dir);
  expect(got.files).toHaveLength(1);
  expect(got.files[0]!.events).toHaveLength(1);
  expect(got.files[0]!.events[0]!.file_version).toBe("brain.Event:2");
  expect(got.files[0]!.events[0]!.scalars).toEqual([]);

  const t0 = Date.now() / 1000;
  const losses = [Math.LN10, 1.75, 1.2345678, 0.5];
  losses.forEach((v, i) => {
    w.addScalar("bn/train_loss", v, (i + 1) * 100);
  });
  w.addScalar("bn/test_accuracy", torch.tensor(42.125), 1); // a one-element tensor
  w.addScalar("plain/test accuracy%", 10, 1); // illegal characters become "_", as PyTorch's _clean_tag does
  w.addScalar("big_step", -3.0e38, 2 ** 40, 1234567890.25); // a large step and a given wall time
  w.addScalar("zero_step", 7); // no step: 0 (omitted in the protobuf)
  // Queued (maxQueue 100): nothing new in the file until flush().
  expect(read(dir).files[0]!.events).toHaveLength(1);
  w.flush();
  got = read(dir);
  const events = got.files[0]!.events;
  expect(events).toHaveLength(9);
  const scalars = events.slice(1).map((e) => ({ step: e.step, ...e.scalars[0]! }));
  expect(events.slice(1).every((e) => e.scalars.length === 1 && e.file_version === undefined)).toBe(true);
  expect(scalars).toEqual([
    ...losses.map((v, i) => ({ step: (i + 1) * 100, tag: "bn/train_loss", value: Math.fround(v) })),
    { step: 1, tag: "bn/test_accuracy", value: 42.125 },
    { step: 1, tag: "plain/test_accuracy_", value: 10 },
    { step: 2 ** 40, tag: "big_step", value: Math.fround(-3.0e38) },
    { step: 0, tag: "zero_step", value: 7 },
  ]);
  for (const e of events.filter((e) => e.scalars[0]?.tag !== "big_step")) {
    expect(e.wall_time).toBeGreaterThanOrEqual(t0 - 5);
    expect(e.wall_time).toBeLessThanOrEqual(Date.now() / 1000 + 1);
  }
  expect(events.find((e) => e.scalars[0]?.tag === "big_step")!.wall_time).toBe(1234567890.25);

  // maxQueue: the 100th queued event writes the queue out.
  for (let i = 0; i < 100; i++) w.addScalar("many", i, i);
  expect(read(dir).files[0]!.events).toHaveLength(109);
  w.addScalar("last", 1, 1);
  w.close();
  w.close(); // twice is fine
  expect(read(dir).files[0]!.events).toHaveLength(110);
  expect(() => w.addScalar("late", 1, 1)).toThrow(/after close/);
});

it("the reader refuses a file with a corrupted byte (the CRCs are checked)", () => {
  const dir = path.join(tmp, "run2");
  const w = new torch.utils.tensorboard.SummaryWriter(dir);
  w.addScalar("x", 1.5, 3);
  w.close();
  expect(read(w.file).files[0]!.events[1]!.scalars).toEqual([{ tag: "x", value: 1.5 }]);
  const bytes = fs.readFileSync(w.file);
  bytes[bytes.length - 8] ^= 0x01; // inside the last record's payload
  const bad = path.join(tmp, "corrupt.tfevents");
  fs.writeFileSync(bad, bytes);
  expect(() => read(bad)).toThrow(/CRC mismatch/);
});

it("two writers in one folder write two files; options are checked as keyword arguments", () => {
  const dir = path.join(tmp, "run3");
  const a = new torch.utils.tensorboard.SummaryWriter(dir);
  const b = new torch.utils.tensorboard.SummaryWriter(dir);
  a.addScalar("a", 1, 1);
  b.addScalar("b", 2, 1);
  a.close();
  b.close();
  expect(a.file).not.toBe(b.file);
  const got = read(dir);
  expect(got.files.map((f) => f.events[1]!.scalars[0]!.tag).sort()).toEqual(["a", "b"]);
  expect(() => new torch.utils.tensorboard.SummaryWriter(dir, { flushSec: 1 } as never)).toThrow(
    /unexpected keyword argument 'flushSec'/,
  );
  const c = new torch.utils.tensorboard.SummaryWriter(dir);
  expect(() => c.addScalar("s", "1" as never, 1)).toThrow(TypeError);
  expect(() => c.addScalar("s", 1, 1.5)).toThrow(TypeError);
  c.close();
});

it("events still queued at exit are written; without logDir the run goes to runs/<date>_<host><comment>", () => {
  const dir = path.join(tmp, "exit");
  fs.mkdirSync(dir);
  const lib = JSON.stringify(path.join(DIST, "lib"));
  const script =
    `const torch = require(${lib}); const { SummaryWriter } = torch.utils.tensorboard;` +
    `new SummaryWriter("queued").addScalar("q", 2.5, 7);` + // never flushed nor closed
    `const w = new SummaryWriter(undefined, { comment: "_lenet" }); w.addScalar("d", 1, 1); w.close();` +
    `console.log(w.getLogdir());`;
  const r = spawnSync(process.execPath, ["-e", script], { cwd: dir, encoding: "utf8", timeout: 60000 });
  expect(r.status, r.stderr).toBe(0);
  const logDir = r.stdout.trim();
  expect(logDir).toMatch(/^runs\/[A-Z][a-z]{2}\d\d_\d\d-\d\d-\d\d_.+_lenet$/);
  expect(read(path.join(dir, logDir)).files[0]!.events[1]!.scalars).toEqual([{ tag: "d", value: 1 }]);
  const queued = read(path.join(dir, "queued")).files[0]!.events;
  expect(queued.map((e) => [e.step, e.scalars])).toEqual([
    [0, []],
    [7, [{ tag: "q", value: 2.5 }]],
  ]);
});
