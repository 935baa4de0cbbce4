// Ported from PyTorch 1.13's test/test_nn.py (TestNN) and the positional signatures of torch.nn and
// torch.Tensor: each case named after its upstream test; expected values from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import * as F from "../../lib/nn/functional";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-5, atol: 1e-6 };

const MODULES: Array<[string, () => nn.Module & { forward(x: Tensor): Tensor }, string, number[]]> = [
  ["Linear without bias", () => new nn.Linear(10, 5, false), "nn.Linear(10, 5, False)", [3, 10]],
  ["Linear with bias", () => new nn.Linear(10, 5, true), "nn.Linear(10, 5, True)", [3, 10]],
  [
    "Linear keyword after positional",
    () => new nn.Linear(4, 2, { bias: false }),
    "nn.Linear(4, 2, bias=False)",
    [2, 4],
  ],
  ["MaxPool2d stride", () => new nn.MaxPool2d(3, 1), "nn.MaxPool2d(3, 1)", [1, 2, 7, 7]],
  ["MaxPool2d stride, padding", () => new nn.MaxPool2d(3, 2, 1), "nn.MaxPool2d(3, 2, 1)", [1, 2, 8, 8]],
  [
    "MaxPool2d dilation, ceil_mode",
    () => new nn.MaxPool2d(2, 2, 0, 2, false, true),
    "nn.MaxPool2d(2, 2, 0, 2, False, True)",
    [1, 1, 9, 9],
  ],
  ["MaxPool2d stride None", () => new nn.MaxPool2d(2, null), "nn.MaxPool2d(2, None)", [1, 1, 6, 6]],
];

describe("TestNN: positional constructor arguments", () => {
  it.each(MODULES)("test_%s (positional form)", async (_n, make, ctor, shape) => {
    torch.manualSeed(2);
    const x = torch.randn(shape);
    torch.manualSeed(9);
    const m = make();
    const [repr, sd, out] = (await py.call("upstream_nn.seeded_module", { ctor, seed: 9, x })) as [
      string,
      Record<string, Tensor>,
      Tensor,
    ];
    expect(m.toString()).toBe(repr);
    expect(Object.keys(m.stateDict())).toEqual(Object.keys(sd));
    for (const [k, v] of Object.entries(m.stateDict())) expect(v.equal(sd[k]), k).toBe(true);
    expectTensor(m.forward(x), out, TOL, ctor);
  });
  it.each([
    ["Linear unknown keyword", () => new nn.Linear(2, 3, { biass: false } as never), "nn.Linear(2, 3, biass=False)"],
    [
      "Linear too many positional",
      () => new (nn.Linear as unknown as new (...a: unknown[]) => nn.Linear)(2, 3, true, "cpu", "float32", 1),
      "nn.Linear(2, 3, True, 'cpu', torch.float32, 1)",
    ],
    [
      "CrossEntropyLoss unknown keyword",
      () => new nn.CrossEntropyLoss({ labelSmooth: 0.1 } as never),
      "nn.CrossEntropyLoss(labelSmooth=0.1)",
    ],
    ["NLLLoss unknown keyword", () => new nn.NLLLoss({ ignore_index_: 1 } as never), "nn.NLLLoss(ignore_index_=1)"],
    [
      "MSELoss keyword twice",
      () => new (nn.MSELoss as unknown as new (...a: unknown[]) => nn.MSELoss)(null, null, "sum", { reduction: "sum" }),
      "nn.MSELoss(None, None, 'sum', reduction='sum')",
    ],
    ["MaxPool2d unknown keyword", () => new nn.MaxPool2d(2, { strides: 1 } as never), "nn.MaxPool2d(2, strides=1)"],
    ["MaxPool2d keyword twice", () => new nn.MaxPool2d(2, 1, { stride: 1 } as never), "nn.MaxPool2d(2, 1, stride=1)"],
  ] as Array<[string, () => unknown, string]>)(
    "test_invalid_args %s is PyTorch's TypeError",
    async (_n, make, expr) => {
      const r = await py.run(expr);
      expect(r.type).toBe("TypeError");
      expect(make).toThrow(TypeError);
      expect(make).toThrow(r.error!);
    },
  );
});

// F.nll_loss / F.cross_entropy / F.mse_loss with PyTorch's positional arguments, including the
// deprecated size_average/reduce (legacy_get_string).
const LOSSES: Array<[string, (x: Tensor, t: Tensor, y: Tensor) => Tensor, string]> = [
  [
    "nll_loss reduction positional",
    (x, t) => F.nllLoss(x, t, null, null, -100, null, "sum"),
    "F.nll_loss(x, t, None, None, -100, None, 'sum')",
  ],
  ["nll_loss ignore_index positional", (x, t) => F.nllLoss(x, t, null, null, 1), "F.nll_loss(x, t, None, None, 1)"],
  ["nll_loss size_average=False", (x, t) => F.nllLoss(x, t, null, false), "F.nll_loss(x, t, None, False)"],
  [
    "nll_loss reduce=False",
    (x, t) => F.nllLoss(x, t, null, null, -100, false),
    "F.nll_loss(x, t, None, None, -100, False)",
  ],
  ["nll_loss keyword", (x, t) => F.nllLoss(x, t, { reduction: "none" }), "F.nll_loss(x, t, reduction='none')"],
  [
    "cross_entropy reduction positional",
    (x, t) => F.crossEntropy(x, t, null, null, -100, null, "sum"),
    "F.cross_entropy(x, t, None, None, -100, None, 'sum')",
  ],
  [
    "cross_entropy label_smoothing positional",
    (x, t) => F.crossEntropy(x, t, null, null, -100, null, "mean", 0.1),
    "F.cross_entropy(x, t, None, None, -100, None, 'mean', 0.1)",
  ],
  [
    "cross_entropy weight positional",
    (x, t) => F.crossEntropy(x, t, torch.tensor([1, 2, 0.5, 1, 3])),
    "F.cross_entropy(x, t, torch.tensor([1, 2, 0.5, 1, 3]))",
  ],
  [
    "mse_loss reduction positional",
    (x, _t, y) => F.mseLoss(x, y, null, null, "sum"),
    "F.mse_loss(x, y, None, None, 'sum')",
  ],
  ["mse_loss reduce=False", (x, _t, y) => F.mseLoss(x, y, null, false), "F.mse_loss(x, y, None, False)"],
];

const LOSS_MODULES: Array<[string, () => nn.Module & { forward(x: Tensor, t: Tensor): Tensor }, string]> = [
  [
    "NLLLoss reduction positional",
    () => new nn.NLLLoss(null, null, -100, null, "sum"),
    "nn.NLLLoss(None, None, -100, None, 'sum')",
  ],
  [
    "NLLLoss weight positional",
    () => new nn.NLLLoss(torch.tensor([1, 2, 0.5, 1, 3])),
    "nn.NLLLoss(torch.tensor([1, 2, 0.5, 1, 3]))",
  ],
  [
    "CrossEntropyLoss label_smoothing positional",
    () => new nn.CrossEntropyLoss(null, null, -100, null, "mean", 0.2),
    "nn.CrossEntropyLoss(None, None, -100, None, 'mean', 0.2)",
  ],
  [
    "CrossEntropyLoss size_average=False",
    () => new nn.CrossEntropyLoss(null, false),
    "nn.CrossEntropyLoss(None, False)",
  ],
];

describe("TestNN: loss modules' positional arguments", () => {
  it.each(LOSS_MODULES)("test_%s", async (_n, make, ctor) => {
    torch.manualSeed(4);
    const x = torch.randn([6, 5]).logSoftmax(1);
    const t = torch.tensor([0, 1, 4, 2, 1, 3], { dtype: "int64" });
    const ref = (await py.eval(`out = ${ctor}(x, t)`, { x, t })) as Tensor;
    expectTensor(make().forward(x, t), ref, TOL, ctor);
  });
});

describe("TestNN: loss functions' positional arguments", () => {
  it.each(LOSSES)("test_%s", async (_n, js, expr) => {
    torch.manualSeed(4);
    const x = torch.randn([6, 5]).logSoftmax(1);
    const t = torch.tensor([0, 1, 4, 2, 1, 3], { dtype: "int64" });
    const y = torch.randn([6, 5]);
    const ref = (await py.eval(`out = ${expr}`, { x, t, y })) as Tensor;
    expectTensor(js(x, t, y), ref, TOL, expr);
  });
  it.each([
    [
      "nll_loss reduction as weight",
      (x: Tensor, t: Tensor) => F.nllLoss(x, t, "sum" as never),
      "F.nll_loss(x, t, 'sum')",
    ],
    [
      "cross_entropy reduction as weight",
      (x: Tensor, t: Tensor) => F.crossEntropy(x, t, "sum" as never),
      "F.cross_entropy(x, t, 'sum')",
    ],
    [
      "nll_loss unknown keyword",
      (x: Tensor, t: Tensor) => F.nllLoss(x, t, { reductions: "sum" } as never),
      "F.nll_loss(x, t, reductions='sum')",
    ],
  ])("test_%s is PyTorch's TypeError", async (_n, js, expr) => {
    const x = torch.zeros([2, 3]);
    const t = torch.zeros([2], { dtype: "int64" });
    const r = await py.run(`out = ${expr}`, { x, t });
    expect(r.type).toBe("TypeError");
    expect(() => js(x, t)).toThrow(TypeError);
    expect(() => js(x, t)).toThrow(r.error!);
  });
});

// Tensor reductions with keepdim (and dtype) positional, as torch.Tensor.sum(dim, keepdim, dtype).
const REDUCTIONS: Array<[string, (x: Tensor) => Tensor, string]> = [
  ["sum(1, True)", (x) => x.sum(1, true), "x.sum(1, True)"],
  ["sum([0, 2], True)", (x) => x.sum([0, 2], true), "x.sum([0, 2], True)"],
  [
    "sum(1, False, dtype=float64)",
    (x) => x.sum(1, false, { dtype: "float64" }),
    "x.sum(1, False, dtype=torch.float64)",
  ],
  ["mean(2, True)", (x) => x.mean(2, true), "x.mean(2, True)"],
  ["max(1, True) values", (x) => x.max(1, true)[0], "x.max(1, True)[0]"],
  ["max(1, True) indices", (x) => x.max(1, true)[1], "x.max(1, True)[1]"],
  ["min(0, True) values", (x) => x.min(0, true)[0], "x.min(0, True)[0]"],
  ["argmax(2, True)", (x) => x.argmax(2, true), "x.argmax(2, True)"],
  ["sum(1, keepdim=True)", (x) => x.sum(1, { keepdim: true }), "x.sum(1, keepdim=True)"],
];

describe("torch.Tensor reductions: keepdim positional", () => {
  it.each(REDUCTIONS)("test_%s", async (_n, js, expr) => {
    torch.manualSeed(6);
    const x = torch.randn([3, 4, 5]);
    const ref = (await py.eval(`out = ${expr}`, { x })) as Tensor;
    const got = js(x);
    expect(got.shape).toEqual(ref.shape);
    expect(got.dtype).toBe(ref.dtype);
    expectTensor(got, ref, TOL, expr);
  });
  it("test_sum keepdim of the wrong type is a TypeError", () => {
    expect(() => torch.zeros([2, 2]).sum(1, "yes" as never)).toThrow(TypeError);
    // dtype is keyword-only in PyTorch
    expect(() => torch.zeros([2, 2]).sum(1, false, "float64" as never)).toThrow(TypeError);
    // PyTorch's wording for sum, which has several signatures.
    expect(() => torch.zeros([2, 2]).sum(1, { keepDim: true } as never)).toThrow(
      "sum() received an invalid combination of arguments - got (int, keepDim=bool), but expected one of:",
    );
  });
});

// test_batchnorm_eval / test_batchnorm_nhwc-style checks of eval mode: running stats are used, output
// and grads equal PyTorch's for a module loaded with the same (non-trivial) running statistics.
const BN_EVAL: Array<[string, () => nn.Module & { forward(x: Tensor): Tensor }, string, number[]]> = [
  ["batchnorm_eval BatchNorm1d", () => new nn.BatchNorm1d(3), "nn.BatchNorm1d(3)", [4, 3]],
  ["batchnorm_eval BatchNorm1d 3d input", () => new nn.BatchNorm1d(3), "nn.BatchNorm1d(3)", [4, 3, 5]],
  ["batchnorm_eval BatchNorm2d", () => new nn.BatchNorm2d(3), "nn.BatchNorm2d(3)", [2, 3, 4, 4]],
  [
    "batchnorm_eval BatchNorm2d not affine",
    () => new nn.BatchNorm2d(3, { affine: false }),
    "nn.BatchNorm2d(3, affine=False)",
    [2, 3, 4, 4],
  ],
  ["batchnorm_eval BatchNorm3d", () => new nn.BatchNorm3d(2), "nn.BatchNorm3d(2)", [2, 2, 3, 3, 3]],
];

describe("TestNN: BatchNorm in eval mode", () => {
  it.each(BN_EVAL)("test_%s", async (_n, make, ctor, shape) => {
    torch.manualSeed(8);
    const m = make();
    // Non-trivial running statistics from a few training steps.
    for (let i = 0; i < 3; i++) m.forward(torch.randn(shape).mul(2).add(1));
    m.eval();
    const x = torch.randn(shape).requiresGrad_(true);
    const y = m.forward(x);
    const g = torch.randn(y.shape);
    y.backward(g);
    const [ry, rgx, rgp] = (await py.call("parity_layers.module_case", {
      ctor,
      sd: m.stateDict(),
      x: x.detach(),
      g,
      device: "cpu",
      eval_mode: true,
    })) as [Tensor, Tensor, Record<string, Tensor>];
    expectTensor(y, ry, TOL, `${ctor} output`);
    expectTensor(x.grad!, rgx, TOL, `${ctor} input grad`);
    for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, rgp[k], TOL, `${ctor} ${k} grad`);
  });
});

describe("TestNN: nn.utils.clip_grad_norm_ / clip_grad_value_", () => {
  const NORM_TYPES: Array<number | string> = [0.5, 1.5, 2, 4, "inf"];
  const computeNorm = (ps: Tensor[], normType: number | string) => {
    const nt = normType === "inf" ? Number.POSITIVE_INFINITY : Number(normType);
    if (nt === Number.POSITIVE_INFINITY) return Math.max(...ps.map((p) => p.grad!.abs().max().item() as number));
    const total = ps.reduce((acc, p) => acc + (p.grad!.abs().pow(nt).sum().item() as number), 0);
    return total ** (1 / nt);
  };
  for (const [label, gradsOf] of [
    [
      "test_clip_grad_norm",
      () => [torch.arange(1, 101, 1, { dtype: "float32" }).view([10, 10]), torch.ones([10]).div(1000)],
    ],
    [
      "test_clip_grad_norm (small gradients are left unchanged)",
      () => {
        torch.manualSeed(4);
        return [torch.rand([10, 10]).div(10000), torch.ones([10]).div(500)];
      },
    ],
  ] as Array<[string, () => Tensor[]]>) {
    it(label, async () => {
      const grads = gradsOf();
      const ref = (await py.call("upstream_nn.clip_norm_sequence", {
        grads,
        norm_types: NORM_TYPES,
        max_norm: 2,
      })) as Array<[Tensor, Tensor, Tensor]>;
      const l = new nn.Linear(10, 10);
      const ps = l.parameters();
      NORM_TYPES.forEach((nt, k) => {
        ps.forEach((p, i) => {
          p.grad = grads[i]!.clone().viewAs(p);
        });
        const before = computeNorm(ps, nt);
        const norm = nn.utils.clipGradNorm_(l.parameters(), 2, nt);
        const after = computeNorm(ps, nt);
        expectTensor(norm, ref[k]![0], {}, `norm (${nt})`);
        expectTensor(l.weight.grad!, ref[k]![1], {}, `weight grad (${nt})`);
        expectTensor(l.bias!.grad!, ref[k]![2], {}, `bias grad (${nt})`);
        // The upstream assertions: the norm returned is the norm before; after clipping it is at most max_norm.
        expect(Math.abs((norm.item() as number) - before)).toBeLessThanOrEqual(1e-3 * before);
        expect(after).toBeLessThanOrEqual(before * (1 + 1e-6));
        if (before > 2) expect(Math.abs(after - 2)).toBeLessThanOrEqual(1e-4);
        // Every gradient scaled by one factor.
        const scale = torch.cat(ps.map((p, i) => p.grad!.div(grads[i]!.viewAs(p)).view([-1])));
        expect(scale.std().item()).toBeLessThanOrEqual(1e-6);
      });
    });
  }
  it("test_clip_grad_norm: a single Tensor or a list of one", () => {
    const g = torch.arange(1, 101, 1, { dtype: "float32" }).view([10, 10]);
    const p1 = torch.randn([10, 10]);
    const p2 = torch.randn([10, 10]);
    p1.grad = g.clone();
    p2.grad = g.clone();
    for (const nt of NORM_TYPES) {
      nn.utils.clipGradNorm_(p1, 2, nt);
      nn.utils.clipGradNorm_([p2], 2, nt);
      expect(p1.grad!.equal(p2.grad!)).toBe(true);
    }
  });
  it.each([
    ["nan", [1, Number.NaN, 2], 2, true],
    ["inf", [1, Number.POSITIVE_INFINITY, 2], 2, true],
    ["inf norm of inf", [1, Number.POSITIVE_INFINITY, 2], "inf", true],
    ["nan, no error", [1, Number.NaN, 2], 2, false],
    ["finite", [1, 3, 2], 2, true],
  ] as Array<[string, number[], number | string, boolean]>)(
    "test_clip_grad_norm_error_if_nonfinite %s",
    async (_n, values, normType, error) => {
      const grad = torch.tensor(values, { dtype: "float32" });
      const ref = (await py.call("upstream_nn.clip_norm_nonfinite", { grad, norm_type: normType, error })) as unknown[];
      const p = torch.zeros([3]).requiresGrad_(true);
      p.grad = grad.clone();
      let got: unknown[];
      try {
        got = [nn.utils.clipGradNorm_([p], 1.0, normType, { errorIfNonfinite: error }), p.grad];
      } catch (e) {
        got = ["RuntimeError", (e as Error).message];
      }
      if (typeof ref[0] === "string") expect(got).toEqual(ref);
      else {
        // NaN-aware: toEqual treats NaN as equal to NaN.
        const vals = (t: unknown) => Array.from((t as Tensor).toTypedArray() as Float32Array);
        expect([vals(got[0]), vals(got[1])]).toEqual([vals(ref[0]), vals(ref[1])]);
      }
    },
  );
  it("test_clip_grad_value", async () => {
    const l = new nn.Linear(10, 10);
    const clip = 2.5;
    const gw = torch.arange(-50, 50, 1, { dtype: "float32" }).view([10, 10]).div(5);
    const gb = torch.ones([10]).mul(2);
    for (const list of [
      [gw, gb],
      [gw, null],
    ]) {
      l.weight.grad = list[0]!.clone();
      l.bias!.grad = list[1] ? list[1].clone() : null;
      nn.utils.clipGradValue_(l.parameters(), clip);
      for (const p of l.parameters().filter((q) => q.grad !== null)) {
        expect(p.grad!.max().item() as number).toBeLessThanOrEqual(clip);
        expect(p.grad!.min().item() as number).toBeGreaterThanOrEqual(-clip);
      }
    }
    const ref = (await py.eval(
      "g = torch.arange(-50., 50).view(10, 10).div_(5)\np = torch.randn(10, 10)\np._grad = g.clone()\n" +
        "torch.nn.utils.clip_grad_value_(p, 2.5)\nout = p.grad",
    )) as Tensor;
    const p1 = torch.randn([10, 10]);
    const p2 = torch.randn([10, 10]);
    p1.grad = gw.clone();
    p2.grad = gw.clone();
    nn.utils.clipGradValue_(p1, clip);
    nn.utils.clipGradValue_([p2], clip);
    expect(p1.grad!.equal(p2.grad!)).toBe(true);
    expectTensor(p1.grad!, ref, {}, "clipped");
  });
});
