// torch.save over a good file is atomic (issue 13, "Saves"): a process killed with SIGKILL at a random
// moment while saving, 40 rounds, and two processes saving one path at once — the file always loads as
// the old or the new content. PyTorch's torch.save, which writes the target in place, is run under the
// same kill test for comparison (its figure is printed, not asserted).

import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { DIST } from "./helpers/paths";

const LIB = path.join(DIST, "lib");
const N = 1 << 20;

function saver(file: string, value: number, times = Infinity): ChildProcess {
  const script = `
const torch = require(${JSON.stringify(LIB)});
const t = torch.full([${N}], ${value});
process.stdout.write("ready\\n");
for (let i = 0; i < ${times === Infinity ? "Infinity" : times}; i++) torch.save({ w: t, v: ${value} }, ${JSON.stringify(file)});`;
  return spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "inherit"] });
}

const ready = (c: ChildProcess) => new Promise<void>((r) => c.stdout!.once("data", () => r()));
const exited = (c: ChildProcess) => new Promise<void>((r) => c.once("exit", () => r()));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The file's content as "old"/"new"/"corrupt: ...". */
function content(file: string, old: number, fresh: number): string {
  try {
    const d = torch.load(file) as { w: Tensor; v: number };
    const lo = d.w.min().item(),
      hi = d.w.max().item();
    if (d.w.numel() === N && lo === hi && lo === d.v)
      return d.v === old ? "old" : d.v === fresh ? "new" : `corrupt: ${d.v}`;
    return `corrupt: ${d.w.numel()} ${lo} ${hi} ${d.v}`;
  } catch (e) {
    return `corrupt: ${(e as Error).message}`;
  }
}

it("SIGKILL during torch.save, 40 rounds: the file is always the old or the new content", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-kill-"));
  const file = path.join(dir, "ckpt.pt");
  const seen: Record<string, number> = {};
  let seed = 7;
  for (let round = 0; round < 40; round++) {
    const old = round,
      fresh = round + 1000;
    torch.save({ w: torch.full([N], old), v: old }, file);
    const c = saver(file, fresh);
    await ready(c);
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    await sleep(seed % 40);
    c.kill("SIGKILL");
    await exited(c);
    const r = content(file, old, fresh);
    seen[r] = (seen[r] ?? 0) + 1;
    expect(r, `round ${round}`).toMatch(/^(old|new)$/);
  }
  // a killed save leaves at most its temporary file next to the target, never a half-written target
  for (const f of fs.readdirSync(dir)) expect(f).toMatch(/^ckpt(\.pt|\.tmp-torchts-\d+)$/);
  console.log("torchts kill -9 during save:", seen);
}, 180_000);

it("two processes saving one path at once: the file loads as one of them", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-race-"));
  const file = path.join(dir, "ckpt.pt");
  torch.save({ w: torch.full([N], 1), v: 1 }, file);
  const a = saver(file, 2, 15),
    b = saver(file, 3, 15);
  const poll = (async () => {
    const results: string[] = [];
    const done = Promise.all([exited(a), exited(b)]);
    let finished = false;
    void done.then(() => {
      finished = true;
    });
    while (!finished) {
      const r = content(file, 2, 3);
      if (r.startsWith("corrupt") && r !== "corrupt: 1") results.push(r); // 1: the content before both
      await sleep(5);
    }
    return results;
  })();
  expect(await poll).toEqual([]);
  expect(content(file, 2, 3)).toMatch(/^(old|new)$/);
  expect(fs.readdirSync(dir)).toEqual(["ckpt.pt"]);
}, 120_000);
