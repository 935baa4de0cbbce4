// Layer, loss and LeNet-5 parity cases, on a device: forward, backward and every parameter grad.
import * as assert from "node:assert/strict";
import { LeNet5 } from "../../examples/lenet5";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { repoPath } from "../helpers/paths";
import type { PyTorch } from "../helpers/pytorch";

export const REF_SCRIPT = repoPath("examples", "reference", "lenet5_bn.py");

type Fwd = nn.Module & { forward(t: Tensor): Tensor };

/** Runs a module and its backward in torchts; PyTorch does the same with the same state dict. */
export async function moduleParity(
  py: PyTorch,
  m: nn.Module,
  pyCtor: string,
  x: Tensor,
  device: torch.Device = "cpu",
  tol = { rtol: 1e-5, atol: 1e-5 },
  evalMode = false,
): Promise<void> {
  m.to(device);
  const xi = x.to(device).detach().clone().requiresGrad_(true);
  const y = (m as Fwd).forward(xi);
  const g = torch.randnLike(y);
  y.backward(g);
  const sd = m.stateDict();
  const ref = (await py.call("parity_layers.module_case", {
    ctor: pyCtor,
    sd,
    x: xi.detach(),
    g,
    device,
    eval_mode: evalMode,
  })) as [Tensor, Tensor, Record<string, Tensor>];
  expectTensor(y, ref[0], tol, `${pyCtor} output`);
  expectTensor(xi.grad!, ref[1], tol, `${pyCtor} input grad`);
  for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, ref[2][k], tol, `${pyCtor} ${k} grad`);
}

export const CONV_CASES: Array<[string, ConstructorParameters<typeof nn.Conv2d>[3], string]> = [
  ["defaults", {}, ""],
  ["stride 2, padding 1", { stride: 2, padding: 1 }, "stride=2, padding=1"],
  ["padding pair, dilation 2", { padding: [1, 2], dilation: 2 }, "padding=(1, 2), dilation=2"],
  ["padding same", { padding: "same" }, "padding='same'"],
  ["padding valid, no bias", { padding: "valid", bias: false }, "padding='valid', bias=False"],
  ["groups 2", { groups: 2 }, "groups=2"],
  ["reflect padding", { padding: 1, paddingMode: "reflect" }, "padding=1, padding_mode='reflect'"],
  ["replicate padding", { padding: 2, paddingMode: "replicate" }, "padding=2, padding_mode='replicate'"],
  ["circular padding", { padding: 1, paddingMode: "circular" }, "padding=1, padding_mode='circular'"],
];
export async function convCase(
  py: PyTorch,
  c: (typeof CONV_CASES)[number],
  device: torch.Device = "cpu",
  tol?: { rtol: number; atol: number },
): Promise<nn.Conv2d> {
  torch.manualSeed(3);
  const m = new nn.Conv2d(4, 6, 3, c[1]);
  await moduleParity(py, m, `nn.Conv2d(4, 6, 3${c[2] ? `, ${c[2]}` : ""})`, torch.randn([2, 4, 9, 9]), device, tol);
  return m;
}

export const POOL_CASES = [
  ["kernel 2", 2, {}, "2"],
  ["kernel 3 stride 2 padding 1", 3, { stride: 2, padding: 1 }, "3, stride=2, padding=1"],
  ["ceil mode, dilation", 2, { ceilMode: true, dilation: 2 }, "2, ceil_mode=True, dilation=2"],
] as const;

export async function linearCase(
  py: PyTorch,
  bias: boolean,
  device: torch.Device = "cpu",
  tol?: { rtol: number; atol: number },
): Promise<void> {
  torch.manualSeed(4);
  await moduleParity(
    py,
    new nn.Linear(7, 5, { bias }),
    `nn.Linear(7, 5, bias=${bias ? "True" : "False"})`,
    torch.randn([3, 7]),
    device,
    tol,
  );
}

export async function simpleLayersCase(
  py: PyTorch,
  device: torch.Device = "cpu",
  tol?: { rtol: number; atol: number },
): Promise<void> {
  torch.manualSeed(6);
  const x = torch.randn([2, 3, 4]);
  await moduleParity(py, new nn.ReLU(), "nn.ReLU()", x, device, tol);
  await moduleParity(py, new nn.Flatten(), "nn.Flatten()", x, device, tol);
  await moduleParity(py, new nn.Flatten({ startDim: 0, endDim: 1 }), "nn.Flatten(0, 1)", x, device, tol);
  await moduleParity(py, new nn.Identity(), "nn.Identity()", x, device, tol);
  await moduleParity(py, new nn.Dropout(0.3).eval(), "nn.Dropout(0.3)", x, device, tol, true);
}

export const LOSS_CASES: Array<[string, torch.nn.functional.LossOptions, string]> = [
  ["defaults", {}, ""],
  ["sum", { reduction: "sum" }, "reduction='sum'"],
  ["none", { reduction: "none" }, "reduction='none'"],
  ["ignoreIndex", { ignoreIndex: 2 }, "ignore_index=2"],
  ["labelSmoothing", { labelSmoothing: 0.1 }, "label_smoothing=0.1"],
];
export async function crossEntropyCase(
  py: PyTorch,
  c: (typeof LOSS_CASES)[number],
  device: torch.Device = "cpu",
  tol = { rtol: 1e-5, atol: 1e-6 },
): Promise<void> {
  torch.manualSeed(8);
  const x = torch.randn([6, 5]).to(device).requiresGrad_(true),
    t = torch.tensor([0, 2, 4, 1, 2, 3]).to(device);
  const l = new nn.CrossEntropyLoss(c[1]).forward(x, t);
  l.backward(torch.onesLike(l));
  const ctor = `nn.CrossEntropyLoss(${c[2]})`;
  const ref = (await py.call("parity_layers.loss_case", { ctor, x: x.detach(), t })) as Tensor[];
  expectTensor(l, ref[0], tol, "loss");
  expectTensor(x.grad!, ref[1], tol, "input grad");
}

/** LeNet-5 (BN or plain) built after manualSeed(0): identical state dict, logits and every grad. */
export async function lenetCase(
  py: PyTorch,
  bn: boolean,
  device: torch.Device = "cpu",
  tol: { rtol?: number; atol?: number } = {},
): Promise<string> {
  torch.manualSeed(0);
  const m = new LeNet5(bn);
  const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
  m.to(device);
  const x = torch.randn([8, 3, 32, 32]).to(device),
    t = torch.randint(0, 10, [8]).to(device);
  const logits = m.forward(x);
  const loss = new nn.CrossEntropyLoss().forward(logits, t);
  loss.backward();
  const ref = (await py.call("parity_layers.lenet_case", { x, t, bn, ref_path: REF_SCRIPT, device })) as {
    sd0: Record<string, Tensor>;
    logits: Tensor;
    loss: Tensor;
    grads: Record<string, Tensor>;
    sd: Record<string, Tensor>;
    repr: string;
  };
  assert.deepEqual(Object.keys(sd0), Object.keys(ref.sd0));
  for (const k of Object.keys(sd0)) expectTensor(sd0[k], ref.sd0[k], {}, `initial ${k}`);
  expectTensor(logits, ref.logits, tol, "logits");
  expectTensor(loss, ref.loss, tol, "loss");
  for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, ref.grads[k], tol, `grad ${k}`);
  const sd = m.stateDict();
  for (const k of Object.keys(sd)) expectTensor(sd[k], ref.sd[k], tol, `state ${k}`);
  return ref.repr;
}
