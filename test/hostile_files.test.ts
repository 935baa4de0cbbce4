// Hostile checkpoints: truncated, random and non-zip files, storages whose byte length or declared
// size/stride/offset do not fit, huge sizes, unknown storage types, zip entries named ../, pickles that
// name os.system/builtins.eval/posix.system or any global outside the checkpoint allow-list. Each
// torch.load runs in a child process (a crash would be counted, not fatal) and must throw an Error,
// execute nothing (a marker file the payload would create stays absent) and write nothing. Files are
// built by Python's torch.save/zipfile/pickle in test/python/hostile_files.py.

import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { native } from "../lib/native";
import { DIST } from "./helpers/paths";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const LIB = path.join(DIST, "lib");

/** Loads each file in a child process; per file: "ok", or the Error's class and message, or "crash ...". */
function loadInChild(dir: string, names: string[], cwd?: string): Record<string, string> {
  const script = `
const torch = require(${JSON.stringify(LIB)});
const out = {};
for (const n of ${JSON.stringify(names)}) {
  try { torch.load(require("path").join(${JSON.stringify(dir)}, n + ".pt")); out[n] = "ok"; }
  catch (e) { out[n] = (e instanceof Error ? e.constructor.name : "non-Error " + typeof e) + ": " + (e && e.message); }
}
process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 60_000, cwd });
  if (r.status !== 0) return Object.fromEntries(names.map((n) => [n, `crash ${r.status} ${r.signal} ${r.stderr}`]));
  return JSON.parse(r.stdout);
}

/** 200 copies of `data` in `dir` (f0.pt ...) with 1-4 random bytes changed, every tenth also truncated. */
function flippedCopies(dir: string, data: Buffer, seed: number): string[] {
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const names: string[] = [];
  for (let i = 0; i < 200; i++) {
    const b = Buffer.from(data);
    for (let k = 0, m = 1 + rand(4); k < m; k++) b[rand(b.length)] = rand(256);
    fs.writeFileSync(path.join(dir, `f${i}.pt`), i % 10 === 9 ? b.subarray(0, rand(b.length)) : b);
    names.push(`f${i}`);
  }
  return names;
}

describe("hostile files", () => {
  it("every hostile file is refused with a clear Error, nothing executed, nothing written", async () => {
    // the files two levels down in a directory of their own, so that a write through "../" would show
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-hostile-"));
    const dir = path.join(root, "a", "b");
    fs.mkdirSync(dir, { recursive: true });
    const marker = path.join(dir, "marker");
    const files = (await py.call("hostile_files.files", { marker })) as Record<string, number[]>;
    expect(Object.keys(files).length).toBeGreaterThanOrEqual(20);
    for (const [name, bytes] of Object.entries(files))
      fs.writeFileSync(path.join(dir, `${name}.pt`), Buffer.from(bytes));
    const cwd = path.join(root, "cwd");
    fs.mkdirSync(cwd);
    const before = fs.readdirSync(root, { recursive: true }).sort();
    const results = loadInChild(dir, Object.keys(files), cwd);
    if (process.env.SHOW) console.log(results);
    // 2^64 paths through shared lists: loads (as in PyTorch) in linear time
    expect(results.billion_laughs).toBe("ok");
    delete results.billion_laughs;
    for (const [name, r] of Object.entries(results)) {
      expect(r, name).toMatch(/^Error: /);
      expect(r, name).not.toMatch(/crash|Maximum call stack/);
    }
    expect(fs.existsSync(marker), "a payload ran").toBe(false);
    expect(fs.readdirSync(root, { recursive: true }).sort(), "nothing written by the files or above them").toEqual(
      before,
    );
    expect(fs.readdirSync(cwd), "nothing written in the working directory").toEqual([]);
    // the messages say what is wrong
    expect(results.storage_3_bytes).toMatch(/3 bytes is not a whole number of Float elements/);
    expect(results.storage_27_bytes).toMatch(/27 bytes is not a whole number/);
    expect(results.size_past_storage).toMatch(/out of bounds for storage of size 24/);
    expect(results.offset_past_storage).toMatch(/out of bounds for storage of size 24/);
    expect(results.huge_size).toMatch(/out of bounds/);
    expect(results.overflow_size).toMatch(/out of bounds/);
    expect(results.global_os_system).toMatch(/unsupported global os\.system/);
    expect(results.global_posix_system).toMatch(/unsupported global posix\.system/);
    expect(results.global_builtins_eval).toMatch(/unsupported global builtins\.eval/);
    expect(results.unknown_storage).toMatch(/unsupported persistent id/);
    expect(results.self_containing).toMatch(/contains itself/);
    // PyTorch 1.13's torch.load also refuses the malformed ones (it executes the global_* payloads)
    for (const n of [
      "truncated",
      "random",
      "empty",
      "size_past_storage",
      "huge_size",
      "negative_size",
      "dotdot_names",
    ]) {
      expect(await py.call("hostile_files.pytorch_loads", { path: path.join(dir, `${n}.pt`) }), n).not.toBe("ok");
    }
  }, 120_000);

  it("random byte flips of a good checkpoint never crash", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-flips-"));
    const good = path.join(dir, "good.pt");
    torch.save({ w: torch.arange(24).view(2, 3, 4).float(), b: torch.ones([3], { dtype: "int64" }) }, good);
    const results = loadInChild(dir, flippedCopies(dir, fs.readFileSync(good), 12345));
    for (const [name, r] of Object.entries(results)) expect(r, name).toMatch(/^(ok|Error: )/);
  }, 120_000);

  it("random byte flips of a legacy-format checkpoint (PyTorch's _use_new_zipfile_serialization=False) never crash", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-legacy-flips-"));
    const good = path.join(dir, "good.pt");
    await py.eval(
      `w = torch.arange(24.).view(2, 3, 4)
torch.save({"w": w, "t": w[0].t(), "b": torch.ones(3, dtype=torch.int64), "s": w[1]}, p, _use_new_zipfile_serialization=False)
out = None`,
      { p: good },
    );
    expect(Object.keys(torch.load(good) as object)).toEqual(["w", "t", "b", "s"]);
    const results = loadInChild(dir, flippedCopies(dir, fs.readFileSync(good), 777));
    for (const [name, r] of Object.entries(results)) expect(r, name).toMatch(/^(ok|Error: )/);
  }, 120_000);
});

describe("shared storages (issue 14 item 5)", () => {
  it("tensors sharing a storage load as views of one storage, a tensor saved twice as one tensor", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-shared-"));
    const f = path.join(dir, "shared.pt");
    await py.call("hostile_files.shared_storage_file", { path: f });
    const want = await py.call("hostile_files.shared_storage_check", { path: f });
    const d = torch.load(f) as Record<string, Tensor>;
    d.view.add_(100);
    d.t1.add_(1);
    expect({
      base: d.base.tolist(),
      col: d.col.tolist(),
      t2: d.t2.tolist(),
      same: d.t1 === d.t2,
      col_stride: native.storageInfo(d.col.handle).stride,
      col_offset: native.storageInfo(d.col.handle).offset,
    }).toEqual(want);
  });
});
