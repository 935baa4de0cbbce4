// Ported from PyTorch 1.13's test/optim/test_optim.py (TestOptim): each case named after its upstream
// test; expected values and messages come from live PyTorch on the same inputs.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as torch from "../../lib";
import { optim, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const P = "[torch.zeros(2, requires_grad=True)]";
const p = () => [torch.zeros([2]).requiresGrad_(true)];
type Kind = "Adam" | "AdamW" | "SGD";
type Opts = Record<string, number | boolean | number[] | string>;
function make(kind: Kind, params: Tensor[], o: Opts): optim.Optimizer<{ lr: number }> {
  if (kind === "SGD") return new optim.SGD(params, o);
  return kind === "Adam" ? new optim.Adam(params, o) : new optim.AdamW(params, o);
}

// test_adam / test_adamw / test_sgd's assertRaisesRegex cases, plus PyTorch's checks in the same
// constructors (the order decides which message a call with two bad values gets).
const ERROR_CASES: Array<[string, () => unknown, string]> = [
  [
    "test_adam: Invalid beta parameter at index 0",
    () => new optim.Adam(p(), { lr: 1e-2, betas: [1.0, 0.0] }),
    `torch.optim.Adam(${P}, lr=1e-2, betas=(1.0, 0.0))`,
  ],
  [
    "test_adam: Invalid weight_decay value",
    () => new optim.Adam(p(), { lr: 1e-2, weightDecay: -1 }),
    `torch.optim.Adam(${P}, lr=1e-2, weight_decay=-1)`,
  ],
  [
    "test_adam: Invalid beta parameter at index 1",
    () => new optim.Adam(p(), { betas: [0.9, 1.0] }),
    `torch.optim.Adam(${P}, betas=(0.9, 1.0))`,
  ],
  ["test_adam: Invalid learning rate", () => new optim.Adam(p(), { lr: -1 }), `torch.optim.Adam(${P}, lr=-1)`],
  ["test_adam: Invalid epsilon value", () => new optim.Adam(p(), { eps: -1 }), `torch.optim.Adam(${P}, eps=-1)`],
  [
    "test_adam: lr checked before eps",
    () => new optim.Adam(p(), { lr: -1, eps: -1 }),
    `torch.optim.Adam(${P}, lr=-1, eps=-1)`,
  ],
  [
    "test_adam: eps checked before betas",
    () => new optim.Adam(p(), { eps: -1, betas: [1.0, 0.0] }),
    `torch.optim.Adam(${P}, eps=-1, betas=(1.0, 0.0))`,
  ],
  [
    "test_adam: hyper-parameters checked before params (None)",
    () => new optim.Adam(null as never, { lr: -1 }),
    "torch.optim.Adam(None, lr=-1)",
  ],
  ["test_adam: empty parameter list", () => new optim.Adam([]), "torch.optim.Adam([])"],
  [
    "test_adamw: Invalid weight_decay value",
    () => new optim.AdamW(p(), { lr: 1e-2, weightDecay: -1 }),
    `torch.optim.AdamW(${P}, lr=1e-2, weight_decay=-1)`,
  ],
  [
    "test_adamw: Invalid beta parameter at index 0",
    () => new optim.AdamW(p(), { betas: [1.0, 0.0] }),
    `torch.optim.AdamW(${P}, betas=(1.0, 0.0))`,
  ],
  ["test_adamw: Invalid learning rate", () => new optim.AdamW(p(), { lr: -0.5 }), `torch.optim.AdamW(${P}, lr=-0.5)`],
  [
    "test_adamw: hyper-parameters checked before params (None)",
    () => new optim.AdamW(null as never, { weightDecay: -1 }),
    "torch.optim.AdamW(None, weight_decay=-1)",
  ],
  [
    "test_sgd: Invalid momentum value",
    () => new optim.SGD(p(), { lr: 1e-2, momentum: -0.5 }),
    `torch.optim.SGD(${P}, lr=1e-2, momentum=-0.5)`,
  ],
  ["test_sgd: Invalid learning rate", () => new optim.SGD(p(), { lr: -0.5 }), `torch.optim.SGD(${P}, lr=-0.5)`],
  [
    "test_sgd: Invalid weight_decay value",
    () => new optim.SGD(p(), { lr: 0.1, weightDecay: -1 }),
    `torch.optim.SGD(${P}, lr=0.1, weight_decay=-1)`,
  ],
  [
    "test_sgd: Nesterov momentum requires a momentum",
    () => new optim.SGD(p(), { lr: 0.1, nesterov: true }),
    `torch.optim.SGD(${P}, lr=0.1, nesterov=True)`,
  ],
  [
    "test_sgd: Nesterov momentum requires zero dampening",
    () => new optim.SGD(p(), { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
    `torch.optim.SGD(${P}, lr=0.1, momentum=0.9, dampening=0.1, nesterov=True)`,
  ],
  [
    "test_sgd: hyper-parameters checked before params (None)",
    () => new optim.SGD(null as never, { momentum: -1 }),
    "torch.optim.SGD(None, momentum=-1)",
  ],
  ["test_sgd: required lr missing", () => new optim.SGD(p()), `torch.optim.SGD(${P})`],
  [
    "test_sgd: required lr missing in one group",
    () => new optim.SGD([{ params: p(), lr: 0.1 }, { params: p() }]),
    `torch.optim.SGD([{'params': ${P}, 'lr': 0.1}, {'params': ${P}}])`,
  ],
  [
    "test_adam: unexpected keyword argument",
    () => new optim.Adam(p(), { learningRate: 0.1 } as never),
    `torch.optim.Adam(${P}, learningRate=0.1)`,
  ],
  [
    "test_adamw: unexpected keyword argument",
    () => new optim.AdamW(p(), { beta1: 0.9 } as never),
    `torch.optim.AdamW(${P}, beta1=0.9)`,
  ],
  [
    "test_sgd: unexpected keyword argument",
    () => new optim.SGD(p(), { lr: 0.1, learningRate: 0.1 } as never),
    `torch.optim.SGD(${P}, lr=0.1, learningRate=0.1)`,
  ],
];

describe("TestOptim: hyper-parameter errors (test_adam, test_adamw, test_sgd)", () => {
  it.each(ERROR_CASES)("%s", async (_name, js, expr) => {
    const r = await py.run(expr);
    expect(r.error, expr).toBeTruthy();
    let err: unknown;
    try {
      js();
    } catch (e) {
      err = e;
    }
    expect(err, expr).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(r.error);
    expect((err as Error).name).toBe(r.type);
  });
});

const STATE_CASES: Array<[Kind, Opts]> = [
  ["Adam", { lr: 0.1 }],
  ["Adam", { lr: 0.1, amsgrad: true, weightDecay: 0.1 }],
  ["AdamW", { lr: 0.1 }],
  ["AdamW", { lr: 0.1, amsgrad: true }],
  ["SGD", { lr: 0.1, momentum: 0.9 }],
  ["SGD", { lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }],
];

function inputs(): { w: Tensor; grads: Tensor[] } {
  torch.manualSeed(7);
  return { w: torch.randn([3, 4]), grads: [0, 1, 2, 3].map(() => torch.randn([3, 4])) };
}

describe("TestOptim: _test_state_dict", () => {
  it.each(STATE_CASES)("test_state_dict %s %o: load_state_dict(state_dict()) on the same optimizer", async (k, o) => {
    const { w, grads } = inputs();
    const ref = (await py.call("upstream_optim.own_state_dict", { kind: k, opts: o, w, grads })) as Tensor[];
    const prm = w.clone().requiresGrad_(true);
    const opt = make(k, [prm], o);
    grads.forEach((g, i) => {
      prm.grad = g.clone();
      opt.step();
      if (i === 1) opt.loadStateDict(opt.stateDict());
      expectTensor(prm.detach(), ref[i], { rtol: 1e-6, atol: 1e-7 }, `step ${i}`);
    });
  });
  it.each(STATE_CASES)(
    "test_state_dict %s %o: a fresh optimizer loaded from it continues identically",
    async (k, o) => {
      const { w, grads } = inputs();
      const ref = (await py.call("upstream_optim.fresh_state_dict", { kind: k, opts: o, w, grads })) as Tensor[];
      const prm = w.clone().requiresGrad_(true);
      const opt = make(k, [prm], o);
      for (const g of grads.slice(0, 2)) {
        prm.grad = g.clone();
        opt.step();
      }
      const p2 = prm.detach().clone().requiresGrad_(true);
      const opt2 = make(k, [p2], o);
      opt2.loadStateDict(opt.stateDict());
      for (const g of grads.slice(2)) {
        prm.grad = g.clone();
        opt.step();
        p2.grad = g.clone();
        opt2.step();
      }
      expectTensor(prm.detach(), ref[0], { rtol: 1e-6, atol: 1e-7 }, "first optimizer");
      expectTensor(p2.detach(), ref[1], { rtol: 1e-6, atol: 1e-7 }, "loaded optimizer");
    },
  );
});

describe("TestOptim: state dicts of PyTorch < 1.12 (numeric step)", () => {
  it.each([
    ["Adam", { lr: 0.1 }],
    ["AdamW", { lr: 0.1, amsgrad: true }],
  ] as Array<[Kind, Opts]>)("test_state_dict_with_numeric_step %s", async (k, o) => {
    const { w, grads } = inputs();
    const ref = (await py.call("upstream_optim.legacy_step", { kind: k, opts: o, w, grads })) as [
      Tensor,
      Tensor,
      Tensor,
      string,
    ];
    const prm = w.clone().requiresGrad_(true);
    const opt = make(k, [prm], o);
    for (const g of grads.slice(0, 2)) {
      prm.grad = g.clone();
      opt.step();
    }
    const sd = opt.stateDict();
    const st = sd.state.get(0)!;
    st.step = (st.step as Tensor).item() as number;
    const opt2 = make(k, [prm], o);
    opt2.loadStateDict(sd);
    const step0 = opt2.stateDict().state.get(0)!.step as Tensor;
    expect(`torch.${step0.dtype}`).toBe(ref[3]);
    expect(step0.shape).toEqual(ref[1].shape);
    expect(step0.item()).toBe(ref[1].item());
    prm.grad = grads[2].clone();
    opt2.step();
    expect((opt2.stateDict().state.get(0)!.step as Tensor).item()).toBe(ref[2].item());
    expectTensor(prm.detach(), ref[0], { rtol: 1e-6, atol: 1e-7 }, "after the step");
  });
});

describe("TestOptim: SGD parameter groups", () => {
  it("test_sgd: every group sets lr, no top-level lr", async () => {
    torch.manualSeed(3);
    const w = [torch.randn([4]), torch.randn([2, 2])];
    const grads = [0, 1, 2].map(() => [torch.randn([4]), torch.randn([2, 2])]);
    const lrs = [0.1, 0.01];
    const ref = (await py.call("upstream_optim.sgd_group_lrs", { w, grads, lrs })) as Tensor[];
    const ps = w.map((x) => x.clone().requiresGrad_(true));
    const opt = new optim.SGD(
      ps.map((q, i) => ({ params: [q], lr: lrs[i] })),
      { momentum: 0.9 },
    );
    for (const g of grads) {
      ps.forEach((q, i) => {
        q.grad = g[i].clone();
      });
      opt.step();
    }
    ps.forEach((q, i) => {
      expectTensor(q.detach(), ref[i], { rtol: 1e-6, atol: 1e-7 }, `param ${i}`);
    });
  });
});

// _test_basic_cases of test_sgd / test_adam / test_adamw: the upstream checks that the loss goes down
// (up with maximize); here every step's loss and the final parameters equal torch.optim's.
type Basic = [string, Kind, Opts, Opts | null, boolean];
const BASIC_CASES: Basic[] = [];
for (const maximize of [false, true]) {
  BASIC_CASES.push(
    ["test_sgd", "SGD", { lr: 1e-3, maximize }, null, false],
    ["test_sgd _build_params_dict", "SGD", { lr: 1e-3, maximize }, { lr: 1e-2 }, false],
    ["test_sgd _build_params_dict_single", "SGD", { lr: 1e-3, maximize }, { lr: 1e-2 }, true],
    ["test_sgd _build_params_dict_single no top-level lr", "SGD", { maximize }, { lr: 1e-2 }, true],
    [
      "test_sgd nesterov weight_decay",
      "SGD",
      { lr: 1e-3, momentum: 0.5, weightDecay: 1, nesterov: true, maximize },
      null,
      false,
    ],
    ["test_sgd momentum weight_decay", "SGD", { lr: 1e-3, momentum: 0.5, weightDecay: 1, maximize }, null, false],
    ["test_sgd momentum dampening", "SGD", { lr: 1e-3, momentum: 0.5, dampening: 0.5, maximize }, null, false],
    ["test_adam", "Adam", { lr: 1e-3, maximize }, null, false],
    ["test_adam _build_params_dict", "Adam", { lr: 1e-3, maximize }, { lr: 1e-2 }, false],
    ["test_adam amsgrad", "Adam", { lr: 1e-3, amsgrad: true, maximize }, null, false],
    ["test_adam weight_decay", "Adam", { lr: 1e-3, weightDecay: 0.1, maximize }, null, false],
    ["test_adam _build_params_dict amsgrad", "Adam", { lr: 1e-3, amsgrad: true, maximize }, { lr: 1e-2 }, false],
    ["test_adamw", "AdamW", { lr: 1e-3, maximize }, null, false],
    ["test_adamw _build_params_dict", "AdamW", { lr: 1e-3, maximize }, { lr: 1e-2 }, false],
    ["test_adamw weight_decay", "AdamW", { lr: 1e-3, weightDecay: 1, maximize }, null, false],
    ["test_adamw amsgrad", "AdamW", { lr: 1e-3, weightDecay: 1, amsgrad: true, maximize }, null, false],
  );
}

describe("TestOptim: _test_basic_cases", () => {
  it.each(BASIC_CASES)("%s (%s %o, group %o, single %s)", async (_n, kind, o, groupOpts, single) => {
    torch.manualSeed(21);
    const weight = torch.randn([10, 5]);
    const bias = torch.randn([10]);
    const x = torch.randn([5]);
    const steps = 20;
    const [rw, rb, rl] = (await py.call("upstream_optim.basic_case", {
      kind,
      opts: o,
      group_opts: groupOpts,
      single,
      weight,
      bias,
      x,
      steps,
    })) as [Tensor, Tensor, number[]];
    const w = weight.clone().requiresGrad_(true);
    const b = bias.clone().requiresGrad_(true);
    let params: Tensor[] | Array<Record<string, unknown> & { params: Tensor[] }>;
    if (groupOpts === null) params = [w, b];
    else if (single) params = [{ params: [b], ...groupOpts }];
    else params = [{ params: [w] }, { params: [b], ...groupOpts }];
    const opt = make(kind, params as Tensor[], o);
    const losses: number[] = [];
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      const loss = w.matmul(x).add(b).pow(2).sum();
      loss.backward();
      losses.push(loss.item() as number);
      opt.step();
    }
    losses.forEach((l, i) => {
      expect(l, `loss ${i}`).toBeCloseTo(rl[i], 3);
    });
    expect(o.maximize ? losses[steps - 1] > losses[0] : losses[steps - 1] < losses[0]).toBe(true);
    expectTensor(w.detach(), rw, { rtol: 1e-5, atol: 1e-6 }, "weight");
    expectTensor(b.detach(), rb, { rtol: 1e-5, atol: 1e-6 }, "bias");
  });
});

// ---- RMSprop, Adagrad, Adadelta, NAdam, RAdam (test_rmsprop, test_adagrad, test_adadelta, test_nadam,
// test_radam) and the optimizer-wide cases, with the upstream option sets.

type AnyKind =
  | "Adam"
  | "AdamW"
  | "SGD"
  | "RMSprop"
  | "Adagrad"
  | "Adadelta"
  | "NAdam"
  | "RAdam"
  | "Adamax"
  | "ASGD"
  | "Rprop"
  | "LBFGS";
type AnyOpt = optim.Optimizer<{ lr: number }>;
function makeAny(kind: AnyKind, params: unknown, o: Opts): AnyOpt {
  const Ctor = optim[kind] as unknown as new (p: unknown, o: Opts) => AnyOpt;
  return new Ctor(params, o);
}
type SchedMake = [string, (o: AnyOpt) => optim.LRScheduler | optim.ReduceLROnPlateau];
const EXP09: SchedMake = ["ExponentialLR(opt, gamma=0.9)", (o) => new optim.ExponentialLR(o, 0.9)];
const EXP099: SchedMake = ["ExponentialLR(opt, gamma=0.99)", (o) => new optim.ExponentialLR(o, 0.99)];
const PLATEAU: SchedMake = ["ReduceLROnPlateau(opt)", (o) => new optim.ReduceLROnPlateau(o)];
const STEP09: SchedMake = ["StepLR(opt, gamma=0.9, step_size=10)", (o) => new optim.StepLR(o, 10, 0.9)];
const POLY: SchedMake = ["PolynomialLR(opt, total_iters=4, power=0.9)", (o) => new optim.PolynomialLR(o, 4, 0.9)];

// [upstream test, kind, options, _build_params_dict options (null: [weight, bias]), schedulers, accepts maximize]
type Basic2 = [string, AnyKind, Opts, Opts | null, SchedMake[], boolean];
const BASIC2: Basic2[] = [
  ["test_rmsprop", "RMSprop", { lr: 1e-2 }, null, [], true],
  ["test_rmsprop _build_params_dict", "RMSprop", { lr: 1e-2 }, { lr: 1e-3 }, [], true],
  ["test_rmsprop centered", "RMSprop", { lr: 1e-2, centered: true }, { lr: 1e-3 }, [], true],
  ["test_rmsprop centered momentum", "RMSprop", { lr: 1e-2, centered: true, momentum: 0.1 }, { lr: 1e-3 }, [], true],
  ["test_rmsprop momentum", "RMSprop", { lr: 1e-2, momentum: 0.1 }, { lr: 1e-3 }, [], true],
  [
    "test_rmsprop momentum weight_decay",
    "RMSprop",
    { lr: 1e-2, momentum: 0.1, weightDecay: 1 },
    { lr: 1e-3 },
    [],
    true,
  ],
  ["test_adagrad", "Adagrad", { lr: 1e-1 }, null, [], true],
  ["test_adagrad initial_accumulator_value", "Adagrad", { lr: 1e-1, initialAccumulatorValue: 0.1 }, null, [], true],
  ["test_adagrad _build_params_dict", "Adagrad", { lr: 1e-1 }, { lr: 1e-2 }, [], true],
  ["test_adagrad ReduceLROnPlateau", "Adagrad", { lr: 1e-1 }, { lr: 1e-2 }, [PLATEAU], true],
  ["test_adagrad ReduceLROnPlateau ExponentialLR", "Adagrad", { lr: 1e-1 }, { lr: 1e-2 }, [PLATEAU, EXP099], true],
  ["test_adagrad lr_decay weight_decay", "Adagrad", { lr: 1e-1, lrDecay: 0.01, weightDecay: 0.1 }, null, [], true],
  ["test_adadelta", "Adadelta", {}, null, [], true],
  ["test_adadelta _build_params_dict rho", "Adadelta", {}, { rho: 0.95 }, [], true],
  ["test_adadelta StepLR ReduceLROnPlateau", "Adadelta", {}, { rho: 0.95 }, [STEP09, PLATEAU], true],
  ["test_adadelta weight_decay", "Adadelta", { weightDecay: 1 }, null, [], true],
  ["test_nadam _build_params_dict", "NAdam", { lr: 1e-3 }, { lr: 1e-2 }, [], false],
  ["test_nadam", "NAdam", { lr: 1e-3 }, null, [], false],
  [
    "test_nadam weight_decay momentum_decay",
    "NAdam",
    { lr: 1e-3, weightDecay: 0.1, momentumDecay: 6e-3 },
    null,
    [],
    false,
  ],
  ["test_nadam ExponentialLR", "NAdam", { lr: 1e-3, weightDecay: 0.1, momentumDecay: 6e-3 }, null, [EXP09], false],
  ["test_radam", "RAdam", { lr: 1e-3 }, null, [], false],
  ["test_radam _build_params_dict", "RAdam", { lr: 1e-3 }, { lr: 1e-2 }, [], false],
  ["test_radam weight_decay", "RAdam", { lr: 1e-3, weightDecay: 0.1 }, null, [], false],
  ["test_radam ExponentialLR ReduceLROnPlateau", "RAdam", { lr: 1e-3 }, null, [EXP09, PLATEAU], false],
  [
    "test_adam amsgrad ExponentialLR ReduceLROnPlateau",
    "Adam",
    { lr: 1e-3, amsgrad: true },
    null,
    [EXP09, PLATEAU],
    true,
  ],
  [
    "test_adam _build_params_dict amsgrad StepLR ReduceLROnPlateau",
    "Adam",
    { lr: 1e-3, amsgrad: true },
    { lr: 1e-2 },
    [STEP09, PLATEAU],
    true,
  ],
  ["test_adam _build_params_dict PolynomialLR", "Adam", { lr: 1e-3 }, { lr: 1e-2 }, [POLY], true],
  ["test_adamax", "Adamax", { lr: 1e-1 }, null, [], true],
  ["test_adamax _build_params_dict", "Adamax", { lr: 1e-1 }, { lr: 1e-2 }, [], true],
  ["test_adamax weight_decay", "Adamax", { lr: 1e-1, weightDecay: 1 }, null, [], true],
  ["test_asgd", "ASGD", { lr: 1e-3, t0: 100 }, null, [], true],
  ["test_asgd _build_params_dict", "ASGD", { lr: 1e-3, t0: 100 }, { lr: 1e-2 }, [], true],
  // Maximized, this one diverges to inf (which the JSON bridge cannot carry); upstream runs it minimized only.
  ["test_asgd _build_params_dict weight_decay", "ASGD", { lr: 1e-2, weightDecay: 1 }, { lr: 1e-3 }, [], false],
  ["test_rprop", "Rprop", { lr: 2e-4 }, null, [], true],
  ["test_rprop _build_params_dict", "Rprop", { lr: 2e-4 }, { lr: 1e-2 }, [], true],
  ["test_lbfgs", "LBFGS", {}, null, [], false],
  ["test_lbfgs strong_wolfe", "LBFGS", { lineSearchFn: "strong_wolfe" }, null, [], false],
  [
    "test_lbfgs strong_wolfe lr=0.5 history_size=4",
    "LBFGS",
    { lineSearchFn: "strong_wolfe", lr: 0.5, historySize: 4 },
    null,
    [],
    false,
  ],
  ["test_lbfgs history_size max_iter", "LBFGS", { lr: 0.5, historySize: 3, maxIter: 7 }, null, [], false],
  ["Rprop etas step_sizes", "Rprop", { lr: 1e-2, etas: [0.3, 1.5], stepSizes: [1e-4, 0.05] }, null, [], true],
];
const BASIC2_CASES: Array<[string, AnyKind, Opts, Opts | null, SchedMake[], boolean]> = [];
for (const [n, k, o, g, s, m] of BASIC2) {
  BASIC2_CASES.push([n, k, o, g, s, false]);
  if (m) BASIC2_CASES.push([`${n} maximize`, k, { ...o, maximize: true }, g, s, true]);
}

function closureCase(kind: AnyKind, o: Opts, groupOpts: Opts | null, scheds: SchedMake[], noncontig: boolean) {
  torch.manualSeed(21);
  const weight = noncontig ? torch.randn([10, 5, 2]) : torch.randn([10, 5]);
  const bias = noncontig ? torch.randn([10, 2]) : torch.randn([10]);
  const x = torch.randn([5]);
  const w = (noncontig ? weight.index("...", 0) : weight).clone().requiresGrad_(true);
  const b = (noncontig ? bias.index("...", 0) : bias).clone().requiresGrad_(true);
  const params = groupOpts === null ? [w, b] : [{ params: [w] }, { params: [b], ...groupOpts }];
  const opt = makeAny(kind, params, o);
  const ss = scheds.map(([, f]) => f(opt));
  expect(String(opt)).toContain(`${kind} (`);
  const fn = () => {
    opt.zeroGrad();
    const loss = w.matmul(x).add(b).pow(2).sum();
    loss.backward();
    return loss;
  };
  const initial = fn().item() as number;
  const losses: number[] = [];
  for (let i = 0; i < 200; i++) {
    losses.push(opt.step(fn)!.item() as number);
    for (const s of ss) {
      if (s instanceof optim.ReduceLROnPlateau) s.step(fn());
      else s.step();
    }
  }
  return { weight, bias, x, w, b, losses, initial, final: fn().item() as number };
}

describe("TestOptim: _test_basic_cases_template (step(closure), 200 steps, schedulers)", () => {
  it.each(BASIC2_CASES)("%s (%s %o, group %o)", async (_n, kind, o, groupOpts, scheds, maximize) => {
    for (const noncontig of [false, true]) {
      const r = closureCase(kind, o, groupOpts, scheds, noncontig);
      const [rw, rb, rl, rInitial, rFinal] = (await py.call("upstream_optim.closure_case", {
        kind,
        opts: o,
        group_opts: groupOpts,
        single: false,
        scheds: scheds.map(([e]) => e),
        weight: r.weight,
        bias: r.bias,
        x: r.x,
        steps: 200,
        noncontig,
      })) as [Tensor, Tensor, number[], number, number];
      // The upstream assertion: the loss went down (up with maximize).
      if (maximize) expect(r.final).toBeGreaterThan(r.initial);
      else expect(r.final).toBeLessThan(r.initial);
      expect(r.initial).toBe(rInitial);
      // Bit-exact: the same single-tensor ops as torch.optim 1.13, in the same order.
      expect(r.losses).toEqual(rl);
      expect(r.final).toBe(rFinal);
      expectTensor(r.w.detach(), rw, {}, `weight (noncontig ${noncontig})`);
      expectTensor(r.b.detach(), rb, {}, `bias (noncontig ${noncontig})`);
    }
  });
});

// [case, kind, options] for _test_state_dict and the state-dict layout checks.
const SD_CASES: Array<[string, AnyKind, Opts]> = [
  ["test_rmsprop", "RMSprop", { lr: 1e-2 }],
  ["test_rmsprop centered momentum", "RMSprop", { lr: 1e-2, centered: true, momentum: 0.1 }],
  [
    "test_rmsprop momentum weight_decay maximize",
    "RMSprop",
    { lr: 1e-2, momentum: 0.1, weightDecay: 1, maximize: true },
  ],
  ["test_adagrad", "Adagrad", { lr: 1e-1 }],
  [
    "test_adagrad initial_accumulator_value maximize",
    "Adagrad",
    { lr: 1e-1, initialAccumulatorValue: 0.1, maximize: true },
  ],
  ["test_adadelta", "Adadelta", {}],
  ["test_adadelta weight_decay maximize", "Adadelta", { weightDecay: 1, maximize: true }],
  ["test_nadam", "NAdam", { lr: 1e-3 }],
  ["test_nadam weight_decay momentum_decay", "NAdam", { lr: 1e-3, weightDecay: 0.1, momentumDecay: 6e-3 }],
  ["test_radam", "RAdam", { lr: 1e-3 }],
  ["test_radam weight_decay", "RAdam", { lr: 1e-3, weightDecay: 0.1 }],
  ["test_adam amsgrad maximize", "Adam", { lr: 1e-3, amsgrad: true, maximize: true }],
  ["test_adamw weight_decay", "AdamW", { lr: 1e-3, weightDecay: 1 }],
  ["test_sgd momentum", "SGD", { lr: 1e-3, momentum: 0.5, weightDecay: 1 }],
  ["test_sgd no momentum", "SGD", { lr: 1e-3 }],
];

/** A state dict as the layout comparison sees it (state entries as [dtype, shape], numbers, null). */
function layout(sd: optim.OptimizerStateDict): unknown {
  const val = (v: unknown) => (v instanceof torch.Tensor ? ["tensor", v.dtype, v.shape] : v);
  const state: Record<string, Record<string, unknown>> = {};
  for (const [k, s] of sd.state)
    state[String(k)] = Object.fromEntries(Object.entries(s).map(([kk, v]) => [kk, val(v)]));
  const groups = sd.param_groups.map((g) => Object.fromEntries(Object.entries(g).map(([k, v]) => [k, val(v)])));
  return { state, param_groups: groups };
}

describe("TestOptim: _test_state_dict (step(closure), load into a fresh optimizer, 20 more steps)", () => {
  it.each(SD_CASES)("%s _test_state_dict (%s %o)", async (_n, kind, o) => {
    torch.manualSeed(5);
    const weight = torch.randn([10, 5]);
    const bias = torch.randn([10]);
    const x = torch.randn([5]);
    const w = weight.clone().requiresGrad_(true);
    const b = bias.clone().requiresGrad_(true);
    const fnBase = (opt: AnyOpt, w: Tensor, b: Tensor) => () => {
      opt.zeroGrad();
      const loss = w.matmul(x).add(b).pow(2).sum();
      loss.backward();
      return loss;
    };
    const opt = makeAny(kind, [w, b], o);
    for (let i = 0; i < 20; i++) opt.step(fnBase(opt, w, b));
    const wc = w.detach().clone().requiresGrad_(true);
    const bc = b.detach().clone().requiresGrad_(true);
    const optc = makeAny(kind, [wc, bc], o);
    const sdLoaded = opt.stateDict();
    const sdBefore = layout(sdLoaded);
    optc.loadStateDict(sdLoaded);
    for (let i = 0; i < 20; i++) {
      opt.step(fnBase(opt, w, b));
      optc.step(fnBase(optc, wc, bc));
      expect(wc.equal(w), `step ${i}`).toBe(true);
      expect(bc.equal(b), `step ${i}`).toBe(true);
    }
    // Deterministic with equal but not identical parameters; same layout as torch.optim's.
    expect(layout(optc.stateDict())).toEqual(layout(opt.stateDict()));
    // Loading did not modify the dict it loaded.
    expect(layout(sdLoaded)).toEqual(sdBefore);
    const [rw, rb, rwc, rbc, rLayout] = (await py.call("upstream_optim.state_dict_case", {
      kind,
      opts: o,
      weight,
      bias,
      x,
    })) as [Tensor, Tensor, Tensor, Tensor, unknown];
    expectTensor(w.detach(), rw, {}, "weight");
    expectTensor(b.detach(), rb, {}, "bias");
    expectTensor(wc.detach(), rwc, {}, "loaded weight");
    expectTensor(bc.detach(), rbc, {}, "loaded bias");
    expect(layout(opt.stateDict())).toEqual(rLayout);

    // Older state dicts: without maximize / foreach in the groups, and with `step` as a number.
    for (const key of ["maximize", "foreach"]) {
      const sd = opt.stateDict();
      if (!(key in sd.param_groups[0]!)) continue;
      const old = {
        state: sd.state,
        param_groups: sd.param_groups.map(({ [key]: _, ...g }) => g as typeof g & { params: number[] }),
      };
      opt.loadStateDict(old);
      opt.step(fnBase(opt, w, b));
      opt.loadStateDict(sd);
    }
    const sd = opt.stateDict();
    const first = sd.state.get(0);
    if (first && first.step instanceof torch.Tensor) {
      for (const st of sd.state.values()) st.step = (st.step as Tensor).item() as number;
      opt.loadStateDict(sd);
      opt.step(fnBase(opt, w, b));
      expect(opt.stateDict().state.get(0)!.step).toBeInstanceOf(torch.Tensor);
    }
  });
});

describe("TestOptim: state dicts in torch.optim's layout, both ways through torch.save", () => {
  const tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-upstream-optim-"));
  it.each(SD_CASES)("%s: state_dict() keys, dtypes and shapes", async (_n, kind, o) => {
    const { w, grads } = inputs();
    const p1 = w.clone().requiresGrad_(true);
    const p2 = w.clone().requiresGrad_(true);
    const opt = makeAny(kind, [p1, p2], o);
    for (const g of grads.slice(0, 2)) {
      p1.grad = g.clone();
      opt.step();
    }
    const ref = await py.call("upstream_optim.state_layout", { kind, opts: o, w, grads: grads.slice(0, 2) });
    expect(layout(opt.stateDict())).toEqual(ref);
  });
  it.each(SD_CASES)("%s: load_state_dict of a PyTorch-saved file continues as PyTorch does", async (_n, kind, o) => {
    const { w, grads } = inputs();
    const f = path.join(tmpDir, `${kind}-${_n.replace(/\W+/g, "_")}.pt`);
    const [saved, ref] = (await py.call("upstream_optim.resume_from_file", { kind, opts: o, w, grads, f })) as Tensor[];
    const p = (saved as Tensor).clone().requiresGrad_(true);
    const opt = makeAny(kind, [p], o);
    opt.loadStateDict(torch.load(f) as never);
    for (const g of grads.slice(2)) {
      p.grad = g.clone();
      opt.step();
    }
    expectTensor(p.detach(), ref!, {}, "after the loaded steps");
  });
  it.each(SD_CASES)("%s: torch.optim loads a torchts-saved file and continues identically", async (_n, kind, o) => {
    const { w, grads } = inputs();
    const p = w.clone().requiresGrad_(true);
    const opt = makeAny(kind, [p], o);
    for (const g of grads.slice(0, 2)) {
      p.grad = g.clone();
      opt.step();
    }
    const f = path.join(tmpDir, `ts-${kind}-${_n.replace(/\W+/g, "_")}.pt`);
    torch.save(opt.stateDict(), f);
    const ref = (await py.call("upstream_optim.load_torchts_file", {
      kind,
      opts: o,
      w: p.detach(),
      grads,
      f,
    })) as Tensor;
    for (const g of grads.slice(2)) {
      p.grad = g.clone();
      opt.step();
    }
    expectTensor(p.detach(), ref, {}, "after the loaded steps");
  });
  it.each(SD_CASES)("%s: parameters after each of 4 steps equal torch.optim's", async (_n, kind, o) => {
    const { w, grads } = inputs();
    const ref = (await py.call("upstream_optim.n_steps", { kind, opts: o, w, grads })) as Tensor[];
    const p = w.clone().requiresGrad_(true);
    const opt = makeAny(kind, [p], o);
    grads.forEach((g, i) => {
      p.grad = g.clone();
      opt.step();
      expectTensor(p.detach(), ref[i], {}, `step ${i}`);
    });
  });
});

const NEW_ERROR_CASES: Array<[string, () => unknown, string]> = [
  [
    "test_adamax: Invalid beta parameter at index 1",
    () => new optim.Adamax(p(), { lr: 1e-2, betas: [0.0, 1.0] }),
    `torch.optim.Adamax(${P}, lr=1e-2, betas=(0.0, 1.0))`,
  ],
  [
    "test_asgd: Invalid weight_decay value",
    () => new optim.ASGD(p(), { lr: 1e-2, weightDecay: -0.5 }),
    `torch.optim.ASGD(${P}, lr=1e-2, weight_decay=-0.5)`,
  ],
  [
    "test_rprop: Invalid eta values",
    () => new optim.Rprop(p(), { lr: 1e-2, etas: [1.0, 0.5] }),
    `torch.optim.Rprop(${P}, lr=1e-2, etas=(1.0, 0.5))`,
  ],
  [
    "test_rmsprop: Invalid momentum value",
    () => new optim.RMSprop(null as never, { lr: 1e-2, momentum: -1.0 }),
    "torch.optim.RMSprop(None, lr=1e-2, momentum=-1.0)",
  ],
  [
    "test_rmsprop: Invalid learning rate",
    () => new optim.RMSprop(p(), { lr: -0.5 }),
    `torch.optim.RMSprop(${P}, lr=-0.5)`,
  ],
  [
    "test_rmsprop: Invalid epsilon value",
    () => new optim.RMSprop(p(), { eps: -0.5 }),
    `torch.optim.RMSprop(${P}, eps=-0.5)`,
  ],
  [
    "test_rmsprop: Invalid alpha value",
    () => new optim.RMSprop(p(), { alpha: -0.5 }),
    `torch.optim.RMSprop(${P}, alpha=-0.5)`,
  ],
  [
    "test_rmsprop: Invalid weight_decay value",
    () => new optim.RMSprop(p(), { weightDecay: -1 }),
    `torch.optim.RMSprop(${P}, weight_decay=-1)`,
  ],
  [
    "test_rmsprop: momentum checked before weight_decay",
    () => new optim.RMSprop(p(), { momentum: -0.5, weightDecay: -1 }),
    `torch.optim.RMSprop(${P}, momentum=-0.5, weight_decay=-1)`,
  ],
  [
    "test_adadelta: Invalid rho value",
    () => new optim.Adadelta(null as never, { lr: 1e-2, rho: 1.1 }),
    "torch.optim.Adadelta(None, lr=1e-2, rho=1.1)",
  ],
  [
    "test_adadelta: Invalid learning rate",
    () => new optim.Adadelta(p(), { lr: -0.5 }),
    `torch.optim.Adadelta(${P}, lr=-0.5)`,
  ],
  [
    "test_adadelta: Invalid epsilon value",
    () => new optim.Adadelta(p(), { eps: -0.5 }),
    `torch.optim.Adadelta(${P}, eps=-0.5)`,
  ],
  [
    "test_adadelta: Invalid weight_decay value",
    () => new optim.Adadelta(p(), { weightDecay: -0.5 }),
    `torch.optim.Adadelta(${P}, weight_decay=-0.5)`,
  ],
  [
    "test_adagrad: Invalid lr_decay value",
    () => new optim.Adagrad(null as never, { lr: 1e-2, lrDecay: -0.5 }),
    "torch.optim.Adagrad(None, lr=1e-2, lr_decay=-0.5)",
  ],
  [
    "test_adagrad: Invalid initial_accumulator_value value",
    () => new optim.Adagrad(p(), { initialAccumulatorValue: -0.5 }),
    `torch.optim.Adagrad(${P}, initial_accumulator_value=-0.5)`,
  ],
  [
    "test_adagrad: Invalid epsilon value",
    () => new optim.Adagrad(p(), { eps: -0.5 }),
    `torch.optim.Adagrad(${P}, eps=-0.5)`,
  ],
  [
    "test_adagrad: Invalid learning rate",
    () => new optim.Adagrad(p(), { lr: -0.5 }),
    `torch.optim.Adagrad(${P}, lr=-0.5)`,
  ],
  [
    "test_nadam: Invalid beta parameter at index 0",
    () => new optim.NAdam(null as never, { lr: 1e-2, betas: [1.0, 0.0] }),
    "torch.optim.NAdam(None, lr=1e-2, betas=(1.0, 0.0))",
  ],
  [
    "test_nadam: Invalid momentum_decay value",
    () => new optim.NAdam(null as never, { lr: 1e-2, momentumDecay: -0.2 }),
    "torch.optim.NAdam(None, lr=1e-2, momentum_decay=-0.2)",
  ],
  [
    "test_nadam: Invalid beta parameter at index 1",
    () => new optim.NAdam(p(), { betas: [0.9, 1.0] }),
    `torch.optim.NAdam(${P}, betas=(0.9, 1.0))`,
  ],
  [
    "test_radam: Invalid beta parameter at index 0",
    () => new optim.RAdam(null as never, { lr: 1e-2, betas: [1.0, 0.0] }),
    "torch.optim.RAdam(None, lr=1e-2, betas=(1.0, 0.0))",
  ],
  [
    "test_radam: Invalid weight_decay value",
    () => new optim.RAdam(null as never, { lr: 1e-2, weightDecay: -1 }),
    "torch.optim.RAdam(None, lr=1e-2, weight_decay=-1)",
  ],
  ["test_radam: Invalid epsilon value", () => new optim.RAdam(p(), { eps: -1 }), `torch.optim.RAdam(${P}, eps=-1)`],
  [
    "test_invalid_param_type",
    () => new optim.Adam(torch.randn([5, 5]) as never),
    "torch.optim.Adam(torch.randn(5, 5))",
  ],
  [
    "test_duplicate_params_across_param_groups",
    () => {
      const q = torch.randn([1]).requiresGrad_(true);
      return new optim.Adadelta([{ params: q }, { params: q }]);
    },
    "q = torch.randn(1, requires_grad=True)\ntorch.optim.Adadelta([{'params': q}, {'params': q}])",
  ],
  ["params=None without bad options", () => new optim.RMSprop(null as never), "torch.optim.RMSprop(None)"],
  [
    "SGD positional: too many arguments",
    () => new (optim.SGD as unknown as new (...a: unknown[]) => unknown)(p(), 0.1, 0.9, 0, 0, false, true),
    `torch.optim.SGD(${P}, 0.1, 0.9, 0, 0, False, True)`,
  ],
  [
    "SGD positional: multiple values for lr",
    () => new optim.SGD(p(), 0.1, { lr: 0.2 } as never),
    `torch.optim.SGD(${P}, 0.1, lr=0.2)`,
  ],
  [
    "RMSprop: unexpected keyword argument",
    () => new optim.RMSprop(p(), { rho: 0.9 } as never),
    `torch.optim.RMSprop(${P}, rho=0.9)`,
  ],
];

describe("TestOptim: hyper-parameter errors of RMSprop, Adadelta, Adagrad, NAdam, RAdam", () => {
  it.each(NEW_ERROR_CASES)("%s", async (_name, js, expr) => {
    const r = await py.run(expr);
    expect(r.error, expr).toBeTruthy();
    let err: unknown;
    try {
      js();
    } catch (e) {
      err = e;
    }
    expect(err, expr).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(r.error);
    expect((err as Error).name).toBe(r.type);
  });
});

const ALL_KINDS: AnyKind[] = ["Adadelta", "AdamW", "Adam", "RAdam", "NAdam", "Adagrad", "RMSprop", "SGD"];
describe("TestOptim: steps that change nothing", () => {
  it("test_step_is_noop_when_params_have_no_grad / test_step_is_noop_for_empty_grads", async () => {
    const [refNoGrad, refSame] = (await py.call("upstream_optim.noop_steps", { kinds: ALL_KINDS })) as [
      boolean,
      boolean[],
    ];
    const params = [torch.randn([2, 3]), torch.randn([2, 3])];
    const old = params.map((t) => t.clone());
    for (const k of ALL_KINDS) makeAny(k, params, { lr: 0.1 }).step(() => torch.tensor([1]));
    expect(params.every((t, i) => t.equal(old[i]!))).toBe(refNoGrad);
    const param = torch.randn([5, 1]).requiresGrad_(true);
    const before = param.detach().clone();
    const same = ALL_KINDS.map((k) => {
      const opt = makeAny(k, [param], { lr: 1e-5 });
      param.grad = torch.zerosLike(param);
      opt.step(() => torch.tensor([1]));
      return param.detach().equal(before);
    });
    expect(same).toEqual(refSame);
  });
  it("test_duplicate_params_in_one_param_group: warns", async () => {
    const q = torch.randn([1]).requiresGrad_(true);
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    try {
      new optim.RAdam([q, q], { lr: 0.01 });
      expect(
        spy.mock.calls.map((c) => String(c[0])).some((m) => /a parameter group with duplicate parameters/.test(m)),
      ).toBe(true);
    } finally {
      spy.mockRestore();
    }
  });
  it("step(closure) returns the closure's loss and evaluates it with grad enabled", async () => {
    const q = torch.ones([3]).requiresGrad_(true);
    const opt = new optim.RMSprop([q]);
    const loss = torch.noGrad(() =>
      opt.step(() => {
        opt.zeroGrad();
        const l = q.pow(2).sum();
        l.backward();
        return l;
      }),
    );
    expect(loss!.item()).toBe(3);
    expect(q.detach().lt(1).sum().item()).toBe(3);
  });
  it("add_param_group: a new group takes the defaults and is stepped", async () => {
    const ref = (await py.eval(
      "a = torch.ones(2, requires_grad=True); b = torch.ones(2, requires_grad=True)\n" +
        "opt = torch.optim.RMSprop([a], lr=0.1)\nopt.add_param_group({'params': [b], 'momentum': 0.5})\n" +
        "for _ in range(3):\n  a.grad = torch.full((2,), 0.5); b.grad = torch.full((2,), 0.25); opt.step()\n" +
        "out = [a.detach(), b.detach(), opt.param_groups[1]['lr'], opt.param_groups[1]['momentum']]",
    )) as [Tensor, Tensor, number, number];
    const a = torch.ones([2]).requiresGrad_(true);
    const b = torch.ones([2]).requiresGrad_(true);
    const opt = new optim.RMSprop([a], { lr: 0.1 });
    opt.addParamGroup({ params: [b], momentum: 0.5 });
    for (let i = 0; i < 3; i++) {
      a.grad = torch.full([2], 0.5);
      b.grad = torch.full([2], 0.25);
      opt.step();
    }
    expectTensor(a.detach(), ref[0], {}, "a");
    expectTensor(b.detach(), ref[1], {}, "b");
    expect([opt.paramGroups[1]!.lr, opt.paramGroups[1]!.momentum]).toEqual([ref[2], ref[3]]);
  });
  it("zero_grad(set_to_none=False) keeps zeroed grads; True frees them; the default is the PyTorch's", async () => {
    const q = torch.ones([2]).requiresGrad_(true);
    const opt = new optim.Adagrad([q]);
    q.sum().backward();
    opt.zeroGrad({ setToNone: false });
    expect(q.grad!.equal(torch.zeros([2]))).toBe(true);
    opt.zeroGrad({ setToNone: true });
    expect(q.grad).toBe(null);
    q.sum().backward();
    opt.zeroGrad();
    const ref = (await py.eval(
      "q = torch.ones(2, requires_grad=True)\nopt = torch.optim.Adagrad([q])\nq.sum().backward()\nopt.zero_grad()\n" +
        "out = None if q.grad is None else q.grad.tolist()",
    )) as number[] | null;
    expect(q.grad === null ? null : q.grad.toArray()).toEqual(ref);
  });
  it("with the default zero_grad, a parameter that stops getting gradients moves as in PyTorch", async () => {
    // 1.13 zeroes the grad, so Adam keeps stepping b on its moments; with None it would skip b.
    const a = torch.tensor([1.0, -2.0], { dtype: "float32" }).requiresGrad_(true);
    const b = torch.tensor([0.5, 3.0], { dtype: "float32" }).requiresGrad_(true);
    const opt = new optim.Adam([a, b], { lr: 0.1 });
    for (let s = 0; s < 4; s++) {
      opt.zeroGrad();
      (s === 0 ? a.mul(b).sum() : a.pow(2).sum()).backward();
      opt.step();
    }
    const ref = (await py.eval(
      "a = torch.tensor([1.0, -2.0], requires_grad=True); b = torch.tensor([0.5, 3.0], requires_grad=True)\n" +
        "opt = torch.optim.Adam([a, b], lr=0.1)\n" +
        "for s in range(4):\n    opt.zero_grad()\n    ((a * b).sum() if s == 0 else a.pow(2).sum()).backward()\n" +
        "    opt.step()\nout = [a.detach(), b.detach()]",
    )) as Tensor[];
    expectTensor(a.detach(), ref[0]!, { rtol: 1e-6 });
    expectTensor(b.detach(), ref[1]!, { rtol: 1e-6 });
  });
  it("Optimizer repr lists each group's options sorted by name", async () => {
    const ref = (await py.eval(
      "a = torch.ones(2, requires_grad=True); b = torch.ones(2, requires_grad=True)\n" +
        "out = repr(torch.optim.RMSprop([{'params': [a]}, {'params': [b], 'lr': 0.5}], lr=0.01, alpha=0.9))",
    )) as string;
    const a = torch.ones([2]).requiresGrad_(true);
    const b = torch.ones([2]).requiresGrad_(true);
    expect(String(new optim.RMSprop([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.01, alpha: 0.9 }))).toBe(ref);
  });
});

describe("LBFGS specifics", () => {
  it("state_dict keeps the L-BFGS history: a resumed run equals the uninterrupted one, and PyTorch resumes from torchts's file", async () => {
    const make = (w: Tensor) => new optim.LBFGS([w], { lr: 0.5, historySize: 3, maxIter: 4 });
    const closureFor = (w: Tensor, opt: optim.LBFGS) => () => {
      opt.zeroGrad();
      const loss = w.sub(1.5).pow(4).sum().add(w.pow(2).sum());
      loss.backward();
      return loss;
    };
    torch.manualSeed(3);
    const w = torch.randn([5]).requiresGrad_(true);
    const opt = make(w);
    for (let i = 0; i < 3; i++) opt.step(closureFor(w, opt));
    const sd = opt.stateDict();
    const e = sd.state.get(0)!;
    expect(Object.keys(e)).toEqual(
      expect.arrayContaining([
        "func_evals",
        "n_iter",
        "d",
        "t",
        "old_dirs",
        "ro",
        "H_diag",
        "prev_flat_grad",
        "prev_loss",
        "al",
      ]),
    );
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lbfgs-")), "opt.pt");
    torch.save(sd, file);
    const w0 = w.detach().clone();
    // torchts: a fresh optimizer on a copy, loaded, against the original continuing
    const w2 = w0.clone().requiresGrad_(true);
    const opt2 = make(w2);
    opt2.loadStateDict(torch.load(file) as never);
    for (let i = 0; i < 3; i++) {
      opt.step(closureFor(w, opt));
      opt2.step(closureFor(w2, opt2));
    }
    expectTensor(w2.detach(), w.detach(), {}, "resumed vs uninterrupted");
    const ref = await py.eval(
      `w = w0.clone().requires_grad_()
opt = torch.optim.LBFGS([w], lr=0.5, history_size=3, max_iter=4)
opt.load_state_dict(torch.load(${JSON.stringify(file)}))
def closure():
    opt.zero_grad()
    loss = ((w - 1.5) ** 4).sum() + (w ** 2).sum()
    loss.backward()
    return loss
for _ in range(3):
    opt.step(closure)
out = w.detach()`,
      { w0 },
    );
    expectTensor(w.detach(), ref, {}, "PyTorch resumed from torchts's state dict");
  });

  it("one parameter group only, with PyTorch's error; step needs a closure; an unknown line search is refused", async () => {
    const w = torch.randn([3]).requiresGrad_(true);
    const b = torch.randn([3]).requiresGrad_(true);
    const r = await py.run(
      "torch.optim.LBFGS([{'params': [torch.zeros(1, requires_grad=True)]}, {'params': [torch.zeros(1, requires_grad=True)]}])",
    );
    expect(() => new optim.LBFGS([{ params: [w] }, { params: [b] }])).toThrow(r.error as string);
    const opt = new optim.LBFGS([w]);
    expect(() => opt.step()).toThrow(TypeError);
    expect(() => new optim.LBFGS([w], { lineSearchFn: "wolfe" as never })).toThrow(/line_search_fn/);
  });
});
