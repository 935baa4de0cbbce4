// A training step through torch.cuda.makeGraphedTrainStep against the eager loop it replaces, on the
// same inputs: per-step losses, parameters, buffers and optimizer state must agree. On CUDA the step
// is captured and replayed; on the CPU it runs eagerly after the same (undone) warm-up. Shared by
// test/cuda.test.ts (CPU) and test/gpu/gpu_checks.ts (CUDA).
import * as assert from "node:assert/strict";
import { LeNet5 } from "../../examples/lenet5";
import * as torch from "../../lib";
import { nn, optim, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";

export type StepModel = "lenet-bn" | "lenet" | "dropout-mlp";
export const STEP_MODELS: StepModel[] = ["lenet-bn", "lenet", "dropout-mlp"];

// Batch sizes per step; at step 4 the model goes to eval mode for one step, at step 6 the lr changes:
// each is a new capture on CUDA (new shape, new training mode, new hyperparameters).
const SCHEDULE = [64, 64, 16, 64, 64, 64, 64, 16, 64, 64];

function build(kind: StepModel): nn.Module & { forward(x: Tensor): Tensor } {
  if (kind === "dropout-mlp")
    return new nn.Sequential(new nn.Linear(20, 32), new nn.Dropout(0.5), new nn.ReLU(), new nn.Linear(32, 5));
  return new LeNet5(kind === "lenet-bn");
}

interface Outcome {
  losses: number[];
  params: Tensor[];
  buffers: Tensor[];
  state: Tensor[];
  captures: number;
}

function run(kind: StepModel, device: torch.Device, graphed: boolean): Outcome {
  torch.manualSeed(0);
  const model = build(kind).to(device);
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const lossFn = new nn.CrossEntropyLoss();
  const data = SCHEDULE.map((n) =>
    kind === "dropout-mlp"
      ? [torch.randn([n, 20]).to(device), torch.randint(0, 5, [n]).to(device)]
      : [torch.randn([n, 3, 32, 32]).to(device), torch.randint(0, 10, [n]).to(device)],
  );
  const step = graphed ? torch.cuda.makeGraphedTrainStep(model, lossFn, opt) : null;
  const losses: number[] = [];
  data.forEach(([x, y], i) => {
    if (i === 4) model.eval();
    if (i === 5) model.train();
    if (i === 6) opt.lr = 0.005;
    losses.push(
      torch.tidy(() => {
        if (step) return step(x, y).item() as number;
        opt.zeroGrad();
        const loss = lossFn.forward(model.forward(x), y);
        loss.backward();
        opt.step();
        return loss.item() as number;
      }),
    );
  });
  const out: Outcome = {
    losses,
    params: model.parameters().map((p) => torch.keep(p.detach().clone())),
    buffers: model.buffers().map((b) => torch.keep(b.clone())),
    state: [...opt.state.values()].flatMap((s) =>
      Object.values(s)
        .filter((t): t is Tensor => !!t)
        .map((t) => torch.keep(t.clone())),
    ),
    captures: step?.captures ?? 0,
  };
  step?.dispose();
  model.dispose();
  for (const [x, y] of data) {
    x.dispose();
    y.dispose();
  }
  return out;
}

/** Returns the number of graphs captured (0 on the CPU). */
export function graphedStepCase(
  kind: StepModel,
  device: torch.Device,
  tol: { rtol?: number; atol?: number } = {},
): number {
  const eager = run(kind, device, false);
  const graphed = run(kind, device, true);
  // BatchNorm's training kernels on CUDA are not bitwise reproducible (PyTorch's own 20-step DDP run
  // differed from itself by 1e-2 on the H200): where a second eager run differs from the first, the
  // graphed step may differ from eager by that much again (4x), on top of `tol`.
  const again = device === "cpu" ? null : run(kind, device, false);
  try {
    const spread = again
      ? Math.max(
          ...eager.losses.map((l, i) => Math.abs(l - again.losses[i]!)),
          ...[...eager.params, ...eager.buffers].map((t, i) =>
            Number(
              t
                .sub([...again.params, ...again.buffers][i]!)
                .abs()
                .max()
                .item(),
            ),
          ),
        )
      : 0;
    const rtol = tol.rtol ?? 0,
      atol = (tol.atol ?? 0) + 4 * spread;
    if (spread > 0) tol = { ...tol, atol };
    eager.losses.forEach((l, i) => {
      assert.ok(
        Math.abs(l - graphed.losses[i]) <= atol + rtol * Math.abs(l),
        `loss at step ${i}: eager ${l}, graphed ${graphed.losses[i]} (eager run to run: ${spread})`,
      );
    });
    eager.params.forEach((p, i) => {
      expectTensor(graphed.params[i], p, tol, `parameter ${i}`);
    });
    eager.buffers.forEach((b, i) => {
      expectTensor(graphed.buffers[i], b, tol, `buffer ${i}`);
    });
    assert.equal(graphed.state.length, eager.state.length, "optimizer state entries");
    eager.state.forEach((s, i) => {
      expectTensor(graphed.state[i].to(s.device), s, tol, `optimizer state ${i}`);
    });
    return graphed.captures;
  } finally {
    for (const o of [eager, graphed, ...(again ? [again] : [])])
      for (const t of [...o.params, ...o.buffers, ...o.state]) t.dispose();
  }
}
