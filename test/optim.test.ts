// Optimizers against torch.optim after 50 steps on the same model, data and seed.
import { describe, it, expect, afterAll } from "vitest";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as torch from "../lib";
import { Tensor, nn, optim } from "../lib";
import { PyTorch } from "./helpers/pytorch";
import { expectTensor } from "./helpers/assert";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-6, atol: 1e-7 };
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-optim-"));

function model(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Linear(8, 3));
}
const PY_MODEL = "nn.Sequential(nn.Linear(6, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Linear(8, 3))";

type Opts = Record<string, unknown>;
const toPy = (o: Opts) => Object.entries(o).map(([k, v]) => {
  const key = k.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
  const val = typeof v === "boolean" ? (v ? "True" : "False") : Array.isArray(v) ? `(${v.join(", ")})` : String(v);
  return `${key}=${val}`;
}).join(", ");

async function compare(kind: "Adam" | "AdamW" | "SGD", o: Opts, opts: { groups?: boolean; saveAt?: number } = {}) {
  torch.manualSeed(0);
  const m = model();
  const xs = Array.from({ length: 50 }, () => torch.randn([16, 6]));
  const ts = Array.from({ length: 50 }, () => torch.randint(0, 3, [16]));
  const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
  const params = opts.groups
    ? [{ params: [...m.at(0).parameters(), ...m.at(1).parameters()] }, { params: m.at(3).parameters(), lr: 0.05 }]
    : m.parameters();
  const Ctor = optim[kind] as unknown as new (p: unknown, o: Opts) => optim.Optimizer<object>;
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
  const groupsPy = opts.groups ? "[{'params': [*m[0].parameters(), *m[1].parameters()]}, {'params': list(m[3].parameters()), 'lr': 0.05}]" : "m.parameters()";
  const ref = (await py.eval(`
m = ${PY_MODEL}
m.load_state_dict(sd0)
opt = torch.optim.${kind}(${groupsPy}, ${toPy(o)})
loss_fn = nn.CrossEntropyLoss()
for i in range(50):
    opt.zero_grad()
    loss_fn(m(xs[i]), ts[i]).backward()
    opt.step()
out = {"sd": m.state_dict(), "state": [opt.state[p] for g in opt.param_groups for p in g["params"]]}`, { sd0, xs, ts })) as {
    sd: Record<string, Tensor>; state: Array<Record<string, Tensor>>;
  };
  const sd = m.stateDict();
  for (const k of Object.keys(sd)) expectTensor(sd[k], ref.sd[k], TOL);
  const ours = opt.paramGroups.flatMap((g) => g.params).map((p) => opt.state.get(p)!);
  ours.forEach((s, i) => {
    for (const [k, v] of Object.entries(ref.state[i])) {
      if (v === null || !(v instanceof Tensor)) continue;
      expectTensor(s[k]!, v, TOL);
    }
  });
}

describe("Adam, AdamW and SGD equal torch.optim after 50 steps", () => {
  const adam: Array<[string, Opts]> = [
    ["lr 0.01", { lr: 0.01 }],
    ["amsgrad", { lr: 0.01, amsgrad: true }],
    ["weightDecay", { lr: 0.01, weightDecay: 0.1 }],
    ["maximize", { lr: 0.001, maximize: true }],
    ["betas", { lr: 0.02, betas: [0.8, 0.99], eps: 1e-6 }],
  ];
  it.each(adam)("Adam %s", async (_n, o) => { await compare("Adam", o); });
  it.each([["defaults", { lr: 0.01 }], ["amsgrad + weightDecay", { lr: 0.01, amsgrad: true, weightDecay: 0.05 }]] as Array<[string, Opts]>)("AdamW %s", async (_n, o) => { await compare("AdamW", o); });
  const sgd: Array<[string, Opts]> = [
    ["plain", { lr: 0.1 }],
    ["momentum", { lr: 0.05, momentum: 0.9 }],
    ["nesterov", { lr: 0.05, momentum: 0.9, nesterov: true }],
    ["dampening + weightDecay", { lr: 0.05, momentum: 0.5, dampening: 0.3, weightDecay: 0.01 }],
    ["maximize", { lr: 0.01, momentum: 0.9, maximize: true }],
  ];
  it.each(sgd)("SGD %s", async (_n, o) => { await compare("SGD", o); });
  it("two param groups with different lr", async () => {
    await compare("Adam", { lr: 0.01 }, { groups: true });
    await compare("SGD", { lr: 0.01, momentum: 0.9 }, { groups: true });
  });
  it("stateDict save/load in the middle changes nothing", async () => {
    await compare("Adam", { lr: 0.01, amsgrad: true }, { saveAt: 20 });
    await compare("SGD", { lr: 0.05, momentum: 0.9 }, { saveAt: 20 });
  });
});

describe("optimizer state dicts move between torchts and PyTorch", () => {
  it("PyTorch's optimizer.load_state_dict takes a torchts file, and the reverse", async () => {
    torch.manualSeed(1);
    const m = model();
    const opt = new optim.Adam(m.parameters(), { lr: 0.01 });
    for (let i = 0; i < 3; i++) torch.tidy(() => { opt.zeroGrad(); m.forward(torch.randn([4, 6])).sum().backward(); opt.step(); });
    const f = path.join(tmp, "opt.pt"), f2 = path.join(tmp, "opt2.pt");
    torch.save(opt.stateDict(), f);
    const r = (await py.eval(`
m = ${PY_MODEL}
opt = torch.optim.Adam(m.parameters(), lr=0.5)
opt.load_state_dict(torch.load(f))
torch.save(opt.state_dict(), f2)
out = [opt.param_groups[0]["lr"], float(opt.state[opt.param_groups[0]["params"][0]]["step"])]`, { f, f2 })) as number[];
    expect(r).toEqual([0.01, 3]);
    const opt2 = new optim.Adam(m.parameters(), { lr: 0.5 });
    opt2.loadStateDict(torch.load(f2) as never);
    expect(opt2.paramGroups[0].lr).toBe(0.01);
    expect(opt2.state.get(m.parameters()[0])!.step!.item()).toBe(3);
  });
});

describe("learning-rate schedulers give PyTorch's sequence over 30 steps", () => {
  const cases: Array<[string, (o: optim.Optimizer<object>) => optim.lrScheduler.LRScheduler, string]> = [
    ["StepLR", (o) => new optim.StepLR(o, 7, 0.5), "torch.optim.lr_scheduler.StepLR(opt, 7, 0.5)"],
    ["MultiStepLR", (o) => new optim.MultiStepLR(o, [5, 12, 12, 20], 0.3), "torch.optim.lr_scheduler.MultiStepLR(opt, [5, 12, 12, 20], 0.3)"],
    ["CosineAnnealingLR", (o) => new optim.CosineAnnealingLR(o, 10, 0.001), "torch.optim.lr_scheduler.CosineAnnealingLR(opt, 10, 0.001)"],
    ["LambdaLR", (o) => new optim.LambdaLR(o, (e) => 0.95 ** e), "torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.95 ** e)"],
  ];
  it.each(cases)("%s", async (_n, make, pyExpr) => {
    const p = torch.zeros([1]).requiresGrad_(true);
    const opt = new optim.SGD([p], { lr: 0.1 });
    const sched = make(opt);
    const ours: number[] = [];
    for (let i = 0; i < 30; i++) { ours.push(opt.paramGroups[0].lr); opt.step(); sched.step(); }
    const ref = (await py.eval(`
import warnings; warnings.simplefilter("ignore")
p = torch.zeros(1, requires_grad=True)
opt = torch.optim.SGD([p], lr=0.1)
s = ${pyExpr}
out = []
for i in range(30):
    out.append(opt.param_groups[0]["lr"]); opt.step(); s.step()`)) as number[];
    ours.forEach((v, i) => expect(Math.abs(v - ref[i])).toBeLessThanOrEqual(1e-12 * Math.abs(ref[i])));
  });
});

describe("bad optimizer input gets PyTorch's messages", () => {
  const p = () => [torch.zeros([2]).requiresGrad_(true)];
  it("invalid lr, betas, eps, weight decay", async () => {
    for (const [make, expr] of [
      [() => new optim.Adam(p(), { lr: -1 }), "torch.optim.Adam([torch.zeros(2, requires_grad=True)], lr=-1)"],
      [() => new optim.Adam(p(), { betas: [1.0, 0.999] }), "torch.optim.Adam([torch.zeros(2, requires_grad=True)], betas=(1.0, 0.999))"],
      [() => new optim.Adam(p(), { betas: [0.9, -0.1] }), "torch.optim.Adam([torch.zeros(2, requires_grad=True)], betas=(0.9, -0.1))"],
      [() => new optim.Adam(p(), { eps: -1 }), "torch.optim.Adam([torch.zeros(2, requires_grad=True)], eps=-1)"],
      [() => new optim.SGD(p(), { lr: -1 }), "torch.optim.SGD([torch.zeros(2, requires_grad=True)], lr=-1)"],
    ] as const) {
      const r = await py.run(expr);
      expect(r.error).toBeTruthy();
      expect(make).toThrow(r.error!);
    }
  });
  it("a parameter in two groups, a non-tensor, an empty list", async () => {
    const t = torch.zeros([2]).requiresGrad_(true);
    const r = await py.run("t = torch.zeros(2, requires_grad=True)\ntorch.optim.Adam([{'params': [t]}, {'params': [t]}])");
    expect(() => new optim.Adam([{ params: [t] }, { params: [t] }])).toThrow(r.error!);
    expect(() => new optim.Adam([1 as unknown as Tensor])).toThrow(TypeError);
    const r2 = await py.run("torch.optim.Adam([])");
    expect(() => new optim.Adam([])).toThrow(r2.error!);
  });
  it("lr can change between steps", () => {
    const t = torch.ones([1]).requiresGrad_(true);
    const opt = new optim.SGD([t], { lr: 1 });
    t.sum().backward(); opt.step();
    opt.lr = 0.5;
    opt.step();
    expect(t.item()).toBe(-0.5);
  });
});
