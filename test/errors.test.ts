// Errors keep PyTorch's class: what libtorch raises as c10::IndexError, ValueError or
// NotImplementedError reaches JS as torch.IndexError, ValueError or NotImplementedError, with the
// class name and the first message line that live PyTorch gives for the same call; a value of the
// wrong JS type reaching the addon is a TypeError.

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn } from "../lib";
import { native } from "../lib/native";
import { DIST } from "./helpers/paths";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

// PyTorch raises for `code`; torchts raises the same class, by name, with the same first line.
async function sameError(code: string, fn: () => unknown): Promise<Error> {
  const r = await py.run(code);
  expect(r.error, `PyTorch raised nothing for ${code}`).toBeDefined();
  const e = thrown(fn);
  expect(e.name).toBe(r.type);
  expect(e.message).toBe(r.error);
  return e;
}

describe("errors keep PyTorch's class", () => {
  it("IndexError: an index or a dimension out of range", async () => {
    const a = torch.ones([2, 3]);
    const cases: Array<[string, () => unknown]> = [
      ["torch.ones(2, 3).select(0, 5)", () => a.select(0, 5)],
      ["torch.ones(2, 3).sum(5)", () => a.sum(5)],
      ["torch.ones(2, 3).transpose(0, 4)", () => a.transpose(0, 4)],
      ["torch.ones(2, 3).unsqueeze(7)", () => a.unsqueeze(7)],
      ["F.softmax(torch.ones(2, 3), 4)", () => nn.functional.softmax(a, 4)],
    ];
    for (const [code, fn] of cases) {
      const e = await sameError(code, fn);
      expect(e).toBeInstanceOf(torch.IndexError);
      expect(e).toBeInstanceOf(RangeError);
    }
  });

  it("ValueError: loss input and target batch sizes differ", async () => {
    const x = torch.ones([2, 3]),
      y = torch.tensor([0, 1, 2]);
    const cases: Array<[string, () => unknown]> = [
      ["F.cross_entropy(torch.ones(2, 3), torch.tensor([0, 1, 2]))", () => nn.functional.crossEntropy(x, y)],
      ["F.nll_loss(torch.ones(2, 3), torch.tensor([0, 1, 2]))", () => nn.functional.nllLoss(x, y)],
    ];
    for (const [code, fn] of cases) {
      const e = await sameError(code, fn);
      expect(e).toBeInstanceOf(torch.ValueError);
      expect(e).toBeInstanceOf(Error);
    }
  });

  it("NotImplementedError: no kernel for the Meta backend, no data to read", async () => {
    const m = torch.zeros([2], { device: "meta" });
    const cases: Array<[string, () => unknown]> = [
      ["torch.zeros(2, device='meta').sum().item()", () => m.sum().item()],
      ["torch.equal(torch.zeros(2, device='meta'), torch.zeros(2, device='meta'))", () => m.equal(m)],
      ["torch.zeros(2, device='meta').cpu()", () => m.toArray()],
    ];
    for (const [code, fn] of cases) {
      const e = await sameError(code, fn);
      expect(e).toBeInstanceOf(torch.NotImplementedError);
    }
    // The asynchronous read fails the same way, on its promise.
    const r = await py.run("torch.zeros(2, device='meta').cpu()");
    const e = await m.toTypedArrayAsync().then(
      () => new Error("expected a rejection"),
      (err: Error) => err,
    );
    expect(e).toBeInstanceOf(torch.NotImplementedError);
    expect([e.name, e.message]).toEqual([r.type, r.error]);
  });

  it("other libtorch errors stay plain Errors (Python's RuntimeError)", async () => {
    const r = await py.run("torch.ones(2, 3).view(4)");
    expect(r.type).toBe("RuntimeError");
    const e = thrown(() => torch.ones([2, 3]).view(4));
    expect(e.constructor).toBe(Error);
    expect(e.message).toBe(r.error);
  });

  it("a value of the wrong JS type reaching the addon is a TypeError naming the argument", () => {
    const h = torch.ones([2]).handle;
    const bad = native as unknown as Record<string, (...a: unknown[]) => unknown>;
    const cases: Array<[() => unknown, string]> = [
      [() => bad.add(h, "x"), "add(): argument 2 must be a Tensor, not string"],
      [() => bad.narrow(h, 0, 0, {}), "narrow(): argument 4 must be a number, not object"],
      [() => bad.dropout(h, 0.5, 1), "dropout(): argument 3 must be a boolean, not number"],
      [() => bad.batchNorm(h, 3), "batchNorm(): argument 2 must be an options object, not number"],
      [
        () => bad.batchNorm(h, { training: true, momentum: "x", eps: 1e-5 }),
        "batchNorm(): option 'momentum' must be a number, not string",
      ],
      [
        () => bad.batchNorm(h, { training: true, momentum: 0.1 }),
        "batchNorm(): missing option 'eps' (expected a number)",
      ],
      [() => bad.cat([h, "x"], 0), "cat(): argument 1 must be an array of Tensors, not array"],
      [() => bad.generatorSeed({}, 1), "generatorSeed(): argument 1 must be a Generator, not object"],
    ];
    for (const [fn, message] of cases) {
      const e = thrown(fn);
      expect(e).toBeInstanceOf(TypeError);
      expect(e.message).toBe(message);
    }
  });

  it("each worker thread's errors are its own classes", async () => {
    const code = `
      const { parentPort } = require("worker_threads");
      const torch = require(${JSON.stringify(path.join(DIST, "lib"))});
      try { torch.ones([2, 3]).select(0, 5); } catch (e) {
        parentPort.postMessage([e instanceof torch.IndexError, e.name, e.message]);
      }`;
    const w = new Worker(code, { eval: true });
    const exited = new Promise((r) => w.once("exit", r));
    const reply = await new Promise((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
    });
    expect(reply).toEqual([
      true,
      "IndexError",
      "select(): index 5 out of range for tensor of size [2, 3] at dimension 0",
    ]);
    // The main thread's classes are unaffected by the worker's environment going away.
    await exited;
    expect(thrown(() => torch.ones([2, 3]).select(0, 5))).toBeInstanceOf(torch.IndexError);
  });
});

describe("errors while V8 collects", () => {
  // Node runs GC-time finalizers as calls from their env and took that env's pending error (one being
  // rethrown to JS) for the finalizer's: the process aborted in V8. Finalizers now live in a second
  // env (lib/native.ts loadFinalizerEnv); without it this program aborts within a second.
  it("100,000 caught native errors with a tiny young generation: no abort, every error caught", () => {
    const program = path.join(DIST, "test", "programs", "errors_under_gc.js");
    const r = spawnSync(process.execPath, ["--max-semi-space-size=1", program], {
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(r.signal).toBe(null);
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout.trim().split("\n").pop()!);
    expect(out).toEqual({ iterations: 100_000, caught: { IndexError: 200, TypeError: 100_000 }, finalizerEnv: true });
  }, 320_000);

  it("a worker thread loads its own finalizer env", async () => {
    const code = `
      const { parentPort } = require("worker_threads");
      const { loadInfo } = require(${JSON.stringify(path.join(DIST, "lib", "native"))});
      parentPort.postMessage(loadInfo.finalizerEnv);`;
    const w = new Worker(code, { eval: true });
    const reply = await new Promise((resolve, reject) => {
      w.once("message", resolve);
      w.once("error", reject);
    });
    await new Promise((r) => w.once("exit", r));
    expect(reply).toBe(true);
  });
});
