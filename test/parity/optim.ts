// Optimizer parity: 50 steps on the same model, data and seed as torch.optim, on a device.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as torch from "../../lib";
import { nn, optim, Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import type { PyTorch } from "../helpers/pytorch";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-optim-"));

export type Opts = Record<string, unknown>;
// torch.optim's keyword arguments: weightDecay -> weight_decay.
const toPy = (o: Opts): Opts =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));

export const ADAM_CASES: Array<[string, Opts]> = [
  ["lr 0.01", { lr: 0.01 }],
  ["amsgrad", { lr: 0.01, amsgrad: true }],
  ["weightDecay", { lr: 0.01, weightDecay: 0.1 }],
  ["maximize", { lr: 0.001, maximize: true }],
  ["betas", { lr: 0.02, betas: [0.8, 0.99], eps: 1e-6 }],
];
export const ADAMW_CASES: Array<[string, Opts]> = [
  ["defaults", { lr: 0.01 }],
  ["amsgrad + weightDecay", { lr: 0.01, amsgrad: true, weightDecay: 0.05 }],
];
export const SGD_CASES: Array<[string, Opts]> = [
  ["plain", { lr: 0.1 }],
  ["momentum", { lr: 0.05, momentum: 0.9 }],
  ["nesterov", { lr: 0.05, momentum: 0.9, nesterov: true }],
  ["dampening + weightDecay", { lr: 0.05, momentum: 0.5, dampening: 0.3, weightDecay: 0.01 }],
  ["maximize", { lr: 0.01, momentum: 0.9, maximize: true }],
];

export async function optimCase(
  py: PyTorch,
  kind: "Adam" | "AdamW" | "SGD",
  o: Opts,
  opts: { groups?: boolean; saveAt?: number } = {},
  device: torch.Device = "cpu",
  tol = { rtol: 1e-6, atol: 1e-7 },
): Promise<void> {
  torch.manualSeed(0);
  // No bias directly before BatchNorm: its gradient is pure rounding noise there, which Adam blows up
  // into steps of size lr, so no two implementations could agree on it (same model in parity_optim.py).
  const m = new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.BatchNorm1d(8), new nn.Linear(8, 3));
  const xs = Array.from({ length: 50 }, () => torch.randn([16, 6]).to(device));
  const ts = Array.from({ length: 50 }, () => torch.randint(0, 3, [16]).to(device));
  const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
  m.to(device);
  const params = opts.groups
    ? [{ params: [...m.at(0).parameters(), ...m.at(2).parameters()] }, { params: m.at(3).parameters(), lr: 0.05 }]
    : m.parameters();
  const Ctor = optim[kind] as unknown as new (p: unknown, o: Opts) => optim.Optimizer<{ lr: number }>;
  let opt = new Ctor(params, o);
  const lossFn = new nn.CrossEntropyLoss();
  for (let i = 0; i < 50; i++) {
    torch.tidy(() => {
      opt.zeroGrad();
      lossFn.forward(m.forward(xs[i]), ts[i]).backward();
      opt.step();
    });
    if (opts.saveAt === i) {
      const f = path.join(tmp, `${kind}-${i}.pt`);
      torch.save(opt.stateDict(), f);
      opt = new Ctor(params, o);
      opt.loadStateDict(torch.load(f) as never);
    }
  }
  // On CUDA torchts runs PyTorch's fused Adam kernel; the reference uses the same (fused=True).
  const fused = device.startsWith("cuda") && kind !== "SGD";
  const ref = (await py.call("parity_optim.optim_case", {
    kind,
    opts: toPy(o),
    groups: !!opts.groups,
    fused,
    sd0,
    xs,
    ts,
    device,
  })) as {
    sd: Record<string, Tensor>;
    state: Array<Record<string, Tensor>>;
  };
  const sd = m.stateDict();
  for (const k of Object.keys(sd)) expectTensor(sd[k], ref.sd[k], tol, `${kind} ${k}`);
  const ours = opt.paramGroups.flatMap((g) => g.params).map((p) => opt.state.get(p)!);
  ours.forEach((s, i) => {
    for (const [k, v] of Object.entries(ref.state[i])) {
      if (!(v instanceof Tensor)) continue;
      // The step count is compared by value: the fused CUDA path keeps it on the device.
      expectTensor(
        k === "step" ? s[k]!.cpu().reshape([]) : s[k]!,
        k === "step" ? v.cpu().reshape([]) : v,
        tol,
        `${kind} state ${i} ${k}`,
      );
    }
  });
}
