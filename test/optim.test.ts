// Optimizers against torch.optim after 50 steps (cases in parity/optim.ts, shared with the GPU checks).

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, optim, type Tensor } from "../lib";
import { PyTorch } from "./helpers/pytorch";
import { ADAM_CASES, ADAMW_CASES, optimCase, SGD_CASES } from "./parity/optim";

const py = new PyTorch();
afterAll(() => py.close());
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-optim-"));
function model(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(6, 8), new nn.ReLU(), new nn.BatchNorm1d(8), new nn.Linear(8, 3));
}

describe("Adam, AdamW and SGD equal torch.optim after 50 steps", () => {
  it.each(ADAM_CASES)("Adam %s", async (_n, o) => {
    await optimCase(py, "Adam", o);
  });
  it.each(ADAMW_CASES)("AdamW %s", async (_n, o) => {
    await optimCase(py, "AdamW", o);
  });
  it.each(SGD_CASES)("SGD %s", async (_n, o) => {
    await optimCase(py, "SGD", o);
  });
  it("two param groups with different lr", async () => {
    await optimCase(py, "Adam", { lr: 0.01 }, { groups: true });
    await optimCase(py, "SGD", { lr: 0.01, momentum: 0.9 }, { groups: true });
  });
  it("stateDict save/load in the middle changes nothing", async () => {
    await optimCase(py, "Adam", { lr: 0.01, amsgrad: true }, { saveAt: 20 });
    await optimCase(py, "SGD", { lr: 0.05, momentum: 0.9 }, { saveAt: 20 });
  });
});

describe("optimizer state dicts move between torchts and PyTorch", () => {
  it("PyTorch's optimizer.load_state_dict takes a torchts file, and the reverse", async () => {
    torch.manualSeed(1);
    const m = model();
    const opt = new optim.Adam(m.parameters(), { lr: 0.01 });
    for (let i = 0; i < 3; i++)
      torch.tidy(() => {
        opt.zeroGrad();
        m.forward(torch.randn([4, 6]))
          .sum()
          .backward();
        opt.step();
      });
    const f = path.join(tmp, "opt.pt"),
      f2 = path.join(tmp, "opt2.pt");
    torch.save(opt.stateDict(), f);
    const r = (await py.call("parity_optim.resave_adam_state", { f, f2 })) as number[];
    expect(r).toEqual([0.01, 3]);
    const opt2 = new optim.Adam(m.parameters(), { lr: 0.5 });
    opt2.loadStateDict(torch.load(f2) as never);
    expect(opt2.paramGroups[0].lr).toBe(0.01);
    expect(opt2.state.get(m.parameters()[0])!.step!.item()).toBe(3);
  });
});

describe("learning-rate schedulers give PyTorch's sequence over 30 steps", () => {
  const cases: Array<[string, (o: optim.Optimizer<{ lr: number }>) => optim.lrScheduler.LRScheduler, string]> = [
    ["StepLR", (o) => new optim.StepLR(o, 7, 0.5), "torch.optim.lr_scheduler.StepLR(opt, 7, 0.5)"],
    [
      "MultiStepLR",
      (o) => new optim.MultiStepLR(o, [5, 12, 12, 20], 0.3),
      "torch.optim.lr_scheduler.MultiStepLR(opt, [5, 12, 12, 20], 0.3)",
    ],
    [
      "CosineAnnealingLR",
      (o) => new optim.CosineAnnealingLR(o, 10, 0.001),
      "torch.optim.lr_scheduler.CosineAnnealingLR(opt, 10, 0.001)",
    ],
    [
      "LambdaLR",
      (o) => new optim.LambdaLR(o, (e) => 0.95 ** e),
      "torch.optim.lr_scheduler.LambdaLR(opt, lambda e: 0.95 ** e)",
    ],
  ];
  it.each(cases)("%s", async (_n, make, pyExpr) => {
    const p = torch.zeros([1]).requiresGrad_(true);
    const opt = new optim.SGD([p], { lr: 0.1 });
    const sched = make(opt);
    const ours: number[] = [];
    for (let i = 0; i < 30; i++) {
      ours.push(opt.paramGroups[0].lr);
      opt.step();
      sched.step();
    }
    const ref = (await py.call("parity_optim.lr_sequence", { sched: pyExpr })) as number[];
    ours.forEach((v, i) => {
      expect(Math.abs(v - ref[i])).toBeLessThanOrEqual(1e-12 * Math.abs(ref[i]));
    });
  });
});

describe("bad optimizer input gets PyTorch's messages", () => {
  const p = () => [torch.zeros([2]).requiresGrad_(true)];
  it("invalid lr, betas, eps, weight decay", async () => {
    for (const [make, expr] of [
      [() => new optim.Adam(p(), { lr: -1 }), "torch.optim.Adam([torch.zeros(2, requires_grad=True)], lr=-1)"],
      [
        () => new optim.Adam(p(), { betas: [1.0, 0.999] }),
        "torch.optim.Adam([torch.zeros(2, requires_grad=True)], betas=(1.0, 0.999))",
      ],
      [
        () => new optim.Adam(p(), { betas: [0.9, -0.1] }),
        "torch.optim.Adam([torch.zeros(2, requires_grad=True)], betas=(0.9, -0.1))",
      ],
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
    const r = await py.run(
      "t = torch.zeros(2, requires_grad=True)\ntorch.optim.Adam([{'params': [t]}, {'params': [t]}])",
    );
    expect(() => new optim.Adam([{ params: [t] }, { params: [t] }])).toThrow(r.error!);
    expect(() => new optim.Adam([1 as unknown as Tensor])).toThrow(TypeError);
    const r2 = await py.run("torch.optim.Adam([])");
    expect(() => new optim.Adam([])).toThrow(r2.error!);
  });
  it("lr can change between steps", () => {
    const t = torch.ones([1]).requiresGrad_(true);
    const opt = new optim.SGD([t], { lr: 1 });
    t.sum().backward();
    opt.step();
    opt.lr = 0.5;
    opt.step();
    expect(t.item()).toBe(-0.5);
  });
});
