// A loop written as in PyTorch, with no tidy(), dispose() or `using`, keeps memory flat; tensors
// the user still holds stay alive. Runs the compiled test/programs/memory_loop.ts in a child.

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DIST } from "./helpers/paths";

const PROGRAM = path.join(DIST, "test", "programs", "memory_loop.js");

interface Sample {
  step: number;
  rss: number;
  tensors: number;
}
interface Report {
  samples: Sample[];
  kept: number;
  keptFinite: boolean;
}

function run(args: string[]): Report {
  const r = spawnSync(process.execPath, [PROGRAM, ...args], { encoding: "utf8", timeout: 900_000 });
  if (r.status !== 0) throw new Error(`memory_loop exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

/** Least-squares slope of y over x. */
function slope(xs: number[], ys: number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i]! - mx) * (ys[i]! - my);
    den += (xs[i]! - mx) ** 2;
  }
  return num / den;
}

// Without freeing, this loop keeps ~15 tensors and ~1.6 MB per step. Live tensors rise and fall
// with collections (a saw-tooth of a few hundred), so the bounds sit far below a leak of one tensor
// per step and above that noise: a fitted slope over the samples after warm-up, and the peaks of
// the last third against those of the first. RSS is noisier: glibc's heap grows in steps of several
// MB when a late collection sets a new peak of garbage, and keeps what it grew (malloc's in-use bytes
// stay level, measured with mallinfo2), so its bounds are set against a leak of the smallest
// activation (~300 KB) per step, not against a few KB.
function expectFlat(report: Report, warmup = 500): void {
  const after = report.samples.filter((s) => s.step > warmup);
  const steps = after.map((s) => s.step);
  const tensorsPerStep = slope(
    steps,
    after.map((s) => s.tensors),
  );
  const bytesPerStep = slope(
    steps,
    after.map((s) => s.rss),
  );
  const q = Math.floor(after.length / 3);
  const peak = (xs: Sample[]) => Math.max(...xs.map((s) => s.tensors));
  const peakRss = (xs: Sample[]) => Math.max(...xs.map((s) => s.rss));
  const detail = JSON.stringify(after.map((s) => [s.step, s.tensors, Math.round(s.rss / 1e6)]));
  expect(tensorsPerStep, detail).toBeLessThan(0.25);
  expect(peak(after.slice(-q)) - peak(after.slice(0, q)), detail).toBeLessThan(300);
  expect(bytesPerStep, detail).toBeLessThan(30_000);
  expect(peakRss(after.slice(-q)) - peakRss(after.slice(0, q)), detail).toBeLessThan(48e6);
  expect(peak(after), detail).toBeLessThan(2_000);
}

describe("memory without tidy/dispose/using", () => {
  it("2,000 synchronous LeNet-style steps: live tensors and RSS flat after warm-up", () => {
    expectFlat(run(["--steps", "2000"]));
  }, 900_000);

  it("the same loop with an await every step stays flat", () => {
    expectFlat(run(["--steps", "2000", "--async"]));
  }, 900_000);

  it("every 10th loss kept in an array is still readable at the end", () => {
    const r = run(["--steps", "1000", "--keep-every", "10"]);
    expect(r.kept).toBe(100);
    expect(r.keptFinite).toBe(true);
  }, 900_000);
});

describe("finding what holds memory", () => {
  const LIB = path.join(DIST, "lib");
  const runScript = (body: string, env: Record<string, string> = {}) =>
    spawnSync(process.execPath, ["-e", `const torch = require(${JSON.stringify(LIB)});\n${body}`], {
      encoding: "utf8",
      timeout: 300_000,
      env: { ...process.env, ...env },
    });

  it("warns once when live tensors keep growing, and not for a loop that drops them", () => {
    const held = runScript("const keep = []; for (let i = 0; i < 300000; i++) keep.push(torch.ones([4]));");
    expect(held.status, held.stderr).toBe(0);
    expect(held.stderr.match(/TORCHTS_LIVE_TENSORS_GROWING/g)?.length).toBe(1);
    const dropped = runScript("for (let i = 0; i < 300000; i++) torch.ones([4]).add(1);");
    expect(dropped.status, dropped.stderr).toBe(0);
    expect(dropped.stderr).not.toContain("TORCHTS_LIVE_TENSORS_GROWING");
  }, 300_000);

  it("TORCHTS_DEBUG_LEAKS=1: memory().byOrigin names where the live tensors were created", () => {
    const r = runScript(
      [
        "const keep = [];",
        "function holdsThem() { for (let i = 0; i < 500; i++) keep.push(torch.zeros([2])); }",
        "holdsThem();",
        "console.log(JSON.stringify(torch.memory().byOrigin));",
      ].join("\n"),
      { TORCHTS_DEBUG_LEAKS: "1" },
    );
    expect(r.status, r.stderr).toBe(0);
    const byOrigin = JSON.parse(r.stdout.trim()) as Record<string, number>;
    const [site, n] = Object.entries(byOrigin)[0]!;
    expect(site).toContain("holdsThem");
    expect(n).toBe(500);
  });
});
