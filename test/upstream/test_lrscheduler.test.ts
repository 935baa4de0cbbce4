// Ported from PyTorch 1.13's test/optim/test_lrscheduler.py (TestLRScheduler): the upstream
// optimizer (two groups, lr 0.05 and 0.5) under the same schedulers; the lrs come from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { optim } from "../../lib";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Sched = optim.lrScheduler.LRScheduler;
type Make = (o: optim.SGD) => Sched;
const CASES: Array<[string, Make[], string[], number]> = [
  ["test_step_lr", [(o) => new optim.StepLR(o, 3, 0.1)], ["StepLR(opt, gamma=0.1, step_size=3)"], 10],
  ["test_get_last_lr_step_lr", [(o) => new optim.StepLR(o, 3, 0.1)], ["StepLR(opt, step_size=3, gamma=0.1)"], 10],
  ["test_step_lr gamma 0.5 step 2", [(o) => new optim.StepLR(o, 2, 0.5)], ["StepLR(opt, 2, 0.5)"], 12],
  [
    "test_multi_step_lr",
    [(o) => new optim.MultiStepLR(o, [2, 5, 9], 0.1)],
    ["MultiStepLR(opt, gamma=0.1, milestones=[2, 5, 9])"],
    10,
  ],
  [
    "test_get_last_lr_multi_step_lr",
    [(o) => new optim.MultiStepLR(o, [2, 5, 9], 0.1)],
    ["MultiStepLR(opt, milestones=[2, 5, 9], gamma=0.1)"],
    12,
  ],
  [
    "test_multi_step_lr repeated milestones",
    [(o) => new optim.MultiStepLR(o, [2, 2, 5], 0.5)],
    ["MultiStepLR(opt, [2, 2, 5], 0.5)"],
    8,
  ],
  [
    "test_cos_anneal_lr",
    [(o) => new optim.CosineAnnealingLR(o, 10, 1e-10)],
    ["CosineAnnealingLR(opt, T_max=10, eta_min=1e-10)"],
    10,
  ],
  [
    "test_cos_anneal_lr past T_max",
    [(o) => new optim.CosineAnnealingLR(o, 5, 0.01)],
    ["CosineAnnealingLR(opt, T_max=5, eta_min=0.01)"],
    23,
  ],
  [
    "test_lambda_lr (one lambda)",
    [(o) => new optim.LambdaLR(o, (e) => 0.95 ** e)],
    ["LambdaLR(opt, lr_lambda=lambda x: 0.95 ** x)"],
    10,
  ],
  [
    "test_compound_step_and_multistep_lr",
    [(o) => new optim.StepLR(o, 3, 0.1), (o) => new optim.MultiStepLR(o, [2, 5, 9], 0.1)],
    ["StepLR(opt, gamma=0.1, step_size=3)", "MultiStepLR(opt, gamma=0.1, milestones=[2, 5, 9])"],
    20,
  ],
  [
    "test_compound_cosanneal_and_step_lr",
    [(o) => new optim.CosineAnnealingLR(o, 10, 1e-10), (o) => new optim.StepLR(o, 3, 0.1)],
    ["CosineAnnealingLR(opt, T_max=10, eta_min=1e-10)", "StepLR(opt, gamma=0.1, step_size=3)"],
    10,
  ],
  [
    "test_compound_cosanneal_and_multistep_lr",
    [(o) => new optim.CosineAnnealingLR(o, 10, 1e-10), (o) => new optim.MultiStepLR(o, [2, 5, 9], 0.1)],
    ["CosineAnnealingLR(opt, T_max=10, eta_min=1e-10)", "MultiStepLR(opt, gamma=0.1, milestones=[2, 5, 9])"],
    10,
  ],
  [
    "test_compound_cosanneal_and_lambda_lr",
    [(o) => new optim.CosineAnnealingLR(o, 10, 1e-10), (o) => new optim.LambdaLR(o, (e) => 0.95 ** e)],
    ["CosineAnnealingLR(opt, T_max=10, eta_min=1e-10)", "LambdaLR(opt, lr_lambda=lambda x: 0.95 ** x)"],
    10,
  ],
];

describe("TestLRScheduler", () => {
  it.each(CASES)("%s", async (_n, makes, exprs, epochs) => {
    const [ref, refLast] = (await py.call("upstream_lrscheduler.schedule", { scheds: exprs, epochs })) as [
      number[][],
      number[][],
    ];
    const opt = new optim.SGD(
      [{ params: [torch.zeros([2]).requiresGrad_(true)] }, { params: [torch.zeros([2]).requiresGrad_(true)], lr: 0.5 }],
      {
        lr: 0.05,
      },
    );
    const ss = makes.map((m) => m(opt));
    for (let e = 0; e < epochs; e++) {
      const lrs = opt.paramGroups.map((g) => g.lr);
      lrs.forEach((lr, i) => {
        expect(lr, `epoch ${e} group ${i}`).toBeCloseTo(ref[e][i], 12);
      });
      opt.step();
      for (const s of ss) s.step();
    }
    ss.forEach((s, k) => {
      s.getLastLr().forEach((lr, i) => {
        expect(lr).toBeCloseTo(refLast[k][i], 12);
      });
    });
  });
});
