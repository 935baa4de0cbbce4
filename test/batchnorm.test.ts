// The BatchNorm family against live PyTorch: every variant x affine x trackRunningStats x momentum
// x {train, eval, train-then-eval}: outputs, input grads, weight/bias grads and the running buffers.
import { describe, it, expect, afterAll } from "vitest";
import * as torch from "../lib";
import { Tensor, nn } from "../lib";
import { PyTorch } from "./helpers/pytorch";
import { expectTensor } from "./helpers/assert";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-6, atol: 1e-6 };

const VARIANTS = [
  { name: "BatchNorm1d (N,C)", cls: "BatchNorm1d", shape: [8, 5] },
  { name: "BatchNorm1d (N,C,L)", cls: "BatchNorm1d", shape: [4, 5, 6] },
  { name: "BatchNorm2d", cls: "BatchNorm2d", shape: [4, 5, 3, 3] },
  { name: "BatchNorm3d", cls: "BatchNorm3d", shape: [2, 5, 2, 3, 3] },
  { name: "LazyBatchNorm1d", cls: "LazyBatchNorm1d", shape: [8, 5] },
  { name: "LazyBatchNorm2d", cls: "LazyBatchNorm2d", shape: [4, 5, 3, 3] },
  { name: "LazyBatchNorm3d", cls: "LazyBatchNorm3d", shape: [2, 5, 2, 3, 3] },
] as const;

const cases: Array<[string, (typeof VARIANTS)[number], boolean, boolean, number | null, string]> = [];
for (const v of VARIANTS) for (const affine of [true, false]) for (const track of [true, false])
  for (const momentum of [0.1, 0.5, null]) for (const mode of ["train", "eval", "train-then-eval"])
    cases.push([`${v.name} affine=${affine} track=${track} momentum=${momentum} ${mode}`, v, affine, track, momentum, mode]);

const PY = `
lazy = cls.startswith("Lazy")
ctor = getattr(nn, cls)
m = ctor(eps=1e-5, momentum=momentum, affine=affine, track_running_stats=track) if lazy else ctor(5, eps=1e-5, momentum=momentum, affine=affine, track_running_stats=track)
if lazy:
    with torch.no_grad():
        m(xs[0].clone())  # materialise as the torchts side does in the same way
    m.reset_parameters()
if affine and not lazy:
    with torch.no_grad():
        m.weight.copy_(w0); m.bias.copy_(b0)
res = []
steps = 3 if mode != "eval" else 0
m.train()
for i in range(steps):
    x = xs[i].clone().requires_grad_(True)
    y = m(x)
    y.backward(gs[i])
    res.append([y, x.grad, m.weight.grad if affine else None, m.bias.grad if affine else None])
    if affine:
        m.weight.grad = None; m.bias.grad = None
if mode != "train":
    m.eval()
    x = xs[3].clone().requires_grad_(True)
    y = m(x)
    y.backward(gs[3])
    res.append([y, x.grad, m.weight.grad if affine else None, m.bias.grad if affine else None])
out = {"steps": res, "rm": m.running_mean, "rv": m.running_var, "nbt": m.num_batches_tracked}
`;

describe("BatchNorm parity with PyTorch", () => {
  it.each(cases)("%s", async (_n, v, affine, track, momentum, mode) => {
    torch.manualSeed(7);
    const xs = [0, 1, 2, 3].map((i) => torch.randn([...v.shape]).mul(i + 1).add(i));
    const gs = xs.map(() => torch.randn([...v.shape]));
    const w0 = torch.rand([5]).add(0.5), b0 = torch.randn([5]);
    const lazy = v.cls.startsWith("Lazy");
    const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => nn.BatchNorm1d>)[v.cls];
    const opts = { eps: 1e-5, momentum, affine, trackRunningStats: track };
    const m = lazy ? new Ctor(opts) : new Ctor(5, opts);
    if (lazy) {
      torch.noGrad(() => m.forward(xs[0].clone()));
      m.resetParameters();
    }
    if (affine && !lazy) torch.noGrad(() => { (m.weight as Tensor).copy_(w0); (m.bias as Tensor).copy_(b0); });
    const ours: Array<Array<Tensor | null>> = [];
    const steps = mode !== "eval" ? 3 : 0;
    m.train();
    for (let i = 0; i < steps; i++) {
      const x = xs[i].clone().requiresGrad_(true);
      const y = m.forward(x);
      y.backward(gs[i]);
      ours.push([y, x.grad, affine ? (m.weight as Tensor).grad : null, affine ? (m.bias as Tensor).grad : null]);
      if (affine) { (m.weight as Tensor).grad = null; (m.bias as Tensor).grad = null; }
    }
    if (mode !== "train") {
      m.eval();
      const x = xs[3].clone().requiresGrad_(true);
      const y = m.forward(x);
      y.backward(gs[3]);
      ours.push([y, x.grad, affine ? (m.weight as Tensor).grad : null, affine ? (m.bias as Tensor).grad : null]);
    }
    const ref = (await py.eval(PY, { cls: v.cls, xs, gs, w0, b0, affine, track, momentum, mode })) as {
      steps: Array<Array<Tensor | null>>; rm: Tensor | null; rv: Tensor | null; nbt: Tensor | null;
    };
    expect(ours.length).toBe(ref.steps.length);
    ours.forEach((row, i) => row.forEach((t, k) => {
      if (ref.steps[i][k] === null) expect(t).toBeNull();
      else expectTensor(t!, ref.steps[i][k], TOL);
    }));
    // Buffers exist exactly when tracking, and hold PyTorch's values.
    if (track) {
      expectTensor(m.runningMean!, ref.rm, TOL);
      expectTensor(m.runningVar!, ref.rv, TOL);
      expectTensor(m.numBatchesTracked!, ref.nbt);
    } else {
      expect(ref.rm).toBeNull();
      expect(m.runningMean).toBeNull();
      expect(m.runningVar).toBeNull();
      expect(m.numBatchesTracked).toBeNull();
      expect(m.buffers()).toEqual([]);
    }
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
      ["nn.BatchNorm3d(2, eps=0.001, track_running_stats=False)", new nn.BatchNorm3d(2, { eps: 0.001, trackRunningStats: false })],
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
  });
});
