// The BatchNorm family against live PyTorch (cases in parity/batchnorm.ts, shared with the GPU checks).
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import { PyTorch } from "./helpers/pytorch";
import { BN_CASES, bnCase } from "./parity/batchnorm";

const py = new PyTorch();
afterAll(() => py.close());
describe("BatchNorm parity with PyTorch", () => {
  it.each(BN_CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    await bnCase(py, c);
  });
});

describe("BatchNorm behaviour and errors", () => {
  it("train uses batch statistics, eval uses running ones when tracking", () => {
    torch.manualSeed(0);
    const x = torch.randn([16, 3]).mul(3).add(2);
    const tracked = new nn.BatchNorm1d(3);
    const batchStats = tracked.forward(x);
    tracked.eval();
    const evalOut = tracked.forward(x);
    expect(batchStats.allclose(evalOut)).toBe(false);
    const untracked = new nn.BatchNorm1d(3, { trackRunningStats: false });
    const t1 = untracked.forward(x);
    untracked.eval();
    expect(untracked.forward(x).allclose(t1)).toBe(true);
  });

  it("wrong input ranks give PyTorch's messages", async () => {
    const r2 = await py.run("nn.BatchNorm2d(3)(torch.zeros(2, 3, 4))");
    expect(() => new nn.BatchNorm2d(3).forward(torch.zeros([2, 3, 4]))).toThrow(r2.error!);
    const r1 = await py.run("nn.BatchNorm1d(3)(torch.zeros(2, 3, 4, 5))");
    expect(() => new nn.BatchNorm1d(3).forward(torch.zeros([2, 3, 4, 5]))).toThrow(r1.error!);
    const r3 = await py.run("nn.BatchNorm3d(3)(torch.zeros(2, 3, 4))");
    expect(() => new nn.BatchNorm3d(3).forward(torch.zeros([2, 3, 4]))).toThrow(r3.error!);
  });

  it("one value per channel in training is refused as in PyTorch", async () => {
    const r = await py.run("nn.BatchNorm1d(100)(torch.zeros(1, 100))");
    expect(r.error).toContain("Expected more than 1 value per channel when training");
    expect(() => new nn.BatchNorm1d(100).forward(torch.zeros([1, 100]))).toThrow(r.error!);
  });

  it("a channel count that does not match the weight fails with PyTorch's message", async () => {
    const r = await py.run("nn.BatchNorm2d(4)(torch.zeros(2, 3, 4, 4))");
    expect(() => new nn.BatchNorm2d(4).forward(torch.zeros([2, 3, 4, 4]))).toThrow(r.error!);
  });

  it("lazy modules are uninitialised until the first forward", () => {
    const m = new nn.LazyBatchNorm2d();
    expect(() => (m.weight as Tensor).shape).toThrow(/uninitialized parameter/);
    m.forward(torch.randn([2, 7, 3, 3]));
    expect(m.numFeatures).toBe(7);
    expect((m.weight as Tensor).shape).toEqual([7]);
    expect(m.runningMean!.shape).toEqual([7]);
  });

  it("state dict keys and printed form are PyTorch's", async () => {
    for (const [expr, ours] of [
      ["nn.BatchNorm2d(6)", new nn.BatchNorm2d(6)],
      ["nn.BatchNorm1d(4, momentum=None, affine=False)", new nn.BatchNorm1d(4, { momentum: null, affine: false })],
      [
        "nn.BatchNorm3d(2, eps=0.001, track_running_stats=False)",
        new nn.BatchNorm3d(2, { eps: 0.001, trackRunningStats: false }),
      ],
      // PyTorch's positional form (2.x's module_db builds them so), and values then options.
      ["nn.BatchNorm2d(3, 0.001, None)", new nn.BatchNorm2d(3, 0.001, null)],
      ["nn.BatchNorm1d(5, 0.001, 0.3, False)", new nn.BatchNorm1d(5, 0.001, 0.3, false)],
      [
        "nn.BatchNorm3d(4, 0.01, 0.2, True, track_running_stats=False)",
        new nn.BatchNorm3d(4, 0.01, 0.2, true, { trackRunningStats: false }),
      ],
    ] as const) {
      const r = (await py.eval(`m = ${expr}\nout = [list(m.state_dict().keys()), repr(m)]`)) as [string[], string];
      expect(Object.keys(ours.stateDict())).toEqual(r[0]);
      expect(ours.toString()).toBe(r[1]);
    }
  });

  it("resetRunningStats and resetParameters restore the initial state", () => {
    const m = new nn.BatchNorm1d(3);
    m.forward(torch.randn([4, 3]).add(5));
    expect(m.numBatchesTracked!.item()).toBe(1);
    m.resetRunningStats();
    expect(m.numBatchesTracked!.item()).toBe(0);
    expect(m.runningMean!.equal(torch.zeros([3]))).toBe(true);
    expect(m.runningVar!.equal(torch.ones([3]))).toBe(true);
  });

  it("bad constructor arguments are errors, not crashes", () => {
    expect(() => new nn.BatchNorm2d(-3)).toThrow(/negative dimension/);
    expect(() => new nn.BatchNorm2d("6" as unknown as number)).toThrow(TypeError);
    expect(() => new nn.BatchNorm2d(6, { momentum: "x" as unknown as number })).toThrow(TypeError);
    const eight = [1e-5, 0.1, true, true, "cpu", "float32", 1] as unknown as [number];
    expect(() => new nn.BatchNorm2d(3, ...eight)).toThrow(/takes from 2 to 8 positional arguments but 9 were given/);
    expect(() => new nn.BatchNorm2d(3, 0.001, { eps: 0.01 })).toThrow(/multiple values for argument 'eps'/);
  });
});
