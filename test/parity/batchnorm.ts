// BatchNorm parity cases: every variant x affine x trackRunningStats x momentum x mode, on a device.
import * as assert from "node:assert/strict";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import type { PyTorch } from "../helpers/pytorch";

export const VARIANTS = [
  { name: "BatchNorm1d (N,C)", cls: "BatchNorm1d", shape: [8, 5] },
  { name: "BatchNorm1d (N,C,L)", cls: "BatchNorm1d", shape: [4, 5, 6] },
  { name: "BatchNorm2d", cls: "BatchNorm2d", shape: [4, 5, 3, 3] },
  { name: "BatchNorm3d", cls: "BatchNorm3d", shape: [2, 5, 2, 3, 3] },
  { name: "LazyBatchNorm1d", cls: "LazyBatchNorm1d", shape: [8, 5] },
  { name: "LazyBatchNorm2d", cls: "LazyBatchNorm2d", shape: [4, 5, 3, 3] },
  { name: "LazyBatchNorm3d", cls: "LazyBatchNorm3d", shape: [2, 5, 2, 3, 3] },
] as const;

export interface BnCase {
  name: string;
  cls: string;
  shape: readonly number[];
  affine: boolean;
  track: boolean;
  momentum: number | null;
  mode: "train" | "eval" | "train-then-eval";
}

export const BN_CASES: BnCase[] = [];
for (const v of VARIANTS)
  for (const affine of [true, false])
    for (const track of [true, false])
      for (const momentum of [0.1, 0.5, null])
        for (const mode of ["train", "eval", "train-then-eval"] as const)
          BN_CASES.push({
            name: `${v.name} affine=${affine} track=${track} momentum=${momentum} ${mode}`,
            cls: v.cls,
            shape: v.shape,
            affine,
            track,
            momentum,
            mode,
          });

/** Outputs, input grads, weight/bias grads and running buffers after several steps equal PyTorch's. */
export async function bnCase(
  py: PyTorch,
  c: BnCase,
  device: torch.Device = "cpu",
  tol = { rtol: 1e-6, atol: 1e-6 },
): Promise<void> {
  torch.manualSeed(7);
  const xs = [0, 1, 2, 3].map((i) =>
    torch
      .randn([...c.shape])
      .mul(i + 1)
      .add(i)
      .to(device),
  );
  const gs = xs.map(() => torch.randn([...c.shape]).to(device));
  const w0 = torch.rand([5]).add(0.5).to(device),
    b0 = torch.randn([5]).to(device);
  const lazy = c.cls.startsWith("Lazy");
  const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => nn.BatchNorm1d>)[c.cls];
  const opts = { eps: 1e-5, momentum: c.momentum, affine: c.affine, trackRunningStats: c.track, device };
  const m = lazy ? new Ctor(opts) : new Ctor(5, opts);
  if (lazy) {
    torch.noGrad(() => m.forward(xs[0].clone()));
    m.resetParameters();
  }
  if (c.affine && !lazy)
    torch.noGrad(() => {
      (m.weight as Tensor).copy_(w0);
      (m.bias as Tensor).copy_(b0);
    });
  const ours: Array<Array<Tensor | null>> = [];
  const steps = c.mode !== "eval" ? 3 : 0;
  const grads = (): Array<Tensor | null> =>
    c.affine ? [(m.weight as Tensor).grad, (m.bias as Tensor).grad] : [null, null];
  m.train();
  for (let i = 0; i < steps; i++) {
    const x = xs[i].clone().requiresGrad_(true);
    const y = m.forward(x);
    y.backward(gs[i]);
    ours.push([y, x.grad, ...grads()]);
    if (c.affine) {
      (m.weight as Tensor).grad = null;
      (m.bias as Tensor).grad = null;
    }
  }
  if (c.mode !== "train") {
    m.eval();
    const x = xs[3].clone().requiresGrad_(true);
    const y = m.forward(x);
    y.backward(gs[3]);
    ours.push([y, x.grad, ...grads()]);
  }
  const ref = (await py.call("parity_batchnorm.bn_case", {
    cls: c.cls,
    xs,
    gs,
    w0,
    b0,
    affine: c.affine,
    track: c.track,
    momentum: c.momentum,
    mode: c.mode,
    device,
  })) as {
    steps: Array<Array<Tensor | null>>;
    rm: Tensor | null;
    rv: Tensor | null;
    nbt: Tensor | null;
  };
  assert.equal(ours.length, ref.steps.length);
  const names = ["output", "input grad", "weight grad", "bias grad"];
  ours.forEach((row, i) => {
    row.forEach((t, k) => {
      if (ref.steps[i][k] === null) assert.equal(t, null, `${names[k]} should be None`);
      else expectTensor(t!, ref.steps[i][k], tol, `step ${i} ${names[k]}`);
    });
  });
  if (c.track) {
    expectTensor(m.runningMean!, ref.rm, tol, "running_mean");
    expectTensor(m.runningVar!, ref.rv, tol, "running_var");
    expectTensor(m.numBatchesTracked!, ref.nbt, {}, "num_batches_tracked");
  } else {
    assert.equal(ref.rm, null);
    assert.equal(m.runningMean, null);
    assert.equal(m.runningVar, null);
    assert.equal(m.numBatchesTracked, null);
    assert.deepEqual(m.buffers(), []);
  }
}
