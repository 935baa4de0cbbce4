// Ported from PyTorch 1.13's test/optim/test_optim.py (TestOptim): each case named after its upstream
// test; expected values and messages come from live PyTorch on the same inputs.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { optim, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const P = "[torch.zeros(2, requires_grad=True)]";
const p = () => [torch.zeros([2]).requiresGrad_(true)];
type Kind = "Adam" | "AdamW" | "SGD";
type Opts = Record<string, number | boolean | number[]>;
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
