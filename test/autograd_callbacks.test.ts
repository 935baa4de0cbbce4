// The path a CUDA graph with JS callbacks takes (the engine's device threads hand custom Function
// backwards and tensor hooks to the JS thread, which serves them while a worker runs the backward),
// exercised on the CPU with TORCHTS_AUTOGRAD_WORKER=1: the same gradients and errors as the direct path.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DIST } from "./helpers/paths";

const PROGRAM = path.join(DIST, "test", "programs", "autograd_callbacks.js");

function run(env: Record<string, string>): { grads: number[][]; error: string; gradError: string; handedBack: number } {
  const r = spawnSync(process.execPath, [PROGRAM], {
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, ...env },
  });
  if (r.status !== 0) throw new Error(`autograd_callbacks exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() as string);
}

describe("JS callbacks in backward served from the engine's threads", () => {
  it("custom Function, hook, checkpoint, create_graph and an error: same results on the worker path", () => {
    const direct = run({ TORCHTS_AUTOGRAD_WORKER: "0" });
    const served = run({ TORCHTS_AUTOGRAD_WORKER: "1" });
    expect(direct.error).toContain("backward failed on purpose");
    expect(direct.gradError).toContain("Checkpointing is not compatible with .grad()");
    // checkpoint's recomputation and backward ran in its callback: on the worker path the engine thread
    // that called the callback ran that nested backward (as a CUDA device thread must); directly, none.
    expect(direct.handedBack).toBe(0);
    expect(served.handedBack).toBeGreaterThanOrEqual(1);
    expect({ ...served, handedBack: 0 }).toEqual(direct);
    expect(direct.grads[4]).toEqual([1]); // createGraph: the gradient has a graph
  });
});
