// Mixed-precision training against PyTorch on the same device: autocast (float16 on CUDA, bfloat16 on
// the CPU), GradScaler with unscale_ + clip_grad_norm_ (enabled on CUDA only, as torch.cuda.amp's),
// an initial scale that overflows so steps are skipped and the scale backs off, then grows again.
// Shared by test/amp.test.ts (CPU) and test/gpu/gpu_checks.ts (CUDA).
import * as assert from "node:assert/strict";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import * as F from "../../lib/nn/functional";
import { expectTensor } from "../helpers/assert";
import type { PyTorch } from "../helpers/pytorch";

function net(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(3, 8, 3, { padding: 1 }),
    new nn.BatchNorm2d(8),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(8 * 8 * 8, 32),
    new nn.ReLU(),
    new nn.Linear(32, 10),
  );
}

/** Runs 8 steps in torchts and PyTorch; returns the scales torchts saw (for the caller's report). */
export async function ampTrainCase(
  py: PyTorch,
  device: torch.Device,
  tol: { rtol?: number; atol?: number } = {},
): Promise<number[]> {
  const cuda = device.startsWith("cuda");
  const dtype = cuda ? "float16" : "bfloat16";
  const initScale = 2 ** 24;
  const growthInterval = 2;
  torch.manualSeed(11);
  const model = net().to(device);
  const xs = Array.from({ length: 8 }, () => torch.randn([16, 3, 16, 16]));
  const ys = Array.from({ length: 8 }, () => torch.randint(0, 10, [16]));
  const ref = (await py.call("parity_amp.amp_train", {
    state: model.stateDict(),
    xs,
    ys,
    device,
    dtype,
    init_scale: initScale,
    growth_interval: growthInterval,
  })) as { losses: Tensor[]; scales: number[]; state: Record<string, Tensor>; scaler: Record<string, number> };
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const scaler = new torch.cuda.amp.GradScaler({ initScale, growthInterval, enabled: cuda });
  const scales: number[] = [];
  xs.forEach((xc, i) => {
    const x = xc.to(device);
    const y = (ys[i] as Tensor).to(device);
    opt.zeroGrad();
    const loss = torch.autocast(cuda ? "cuda" : "cpu", { dtype }, () => F.crossEntropy(model.forward(x), y));
    scaler.scale(loss).backward();
    scaler.unscale_(opt);
    nn.utils.clipGradNorm_(model.parameters(), 5.0);
    scaler.step(opt);
    scaler.update();
    expectTensor(loss.detach(), ref.losses[i], tol, `loss ${i}`);
    scales.push(scaler.getScale());
  });
  assert.deepEqual(scales, ref.scales, "scale after each step");
  const mine = model.stateDict();
  for (const [k, v] of Object.entries(ref.state)) expectTensor(mine[k] as Tensor, v, tol, k);
  assert.deepEqual(scaler.stateDict(), ref.scaler, "scaler state dict");
  if (cuda && !scales.some((s) => s < initScale)) throw new Error(`no step overflowed: scales ${scales.join(", ")}`);
  return scales;
}
