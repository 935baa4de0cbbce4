// Ported from PyTorch 1.13's torch/testing/_internal/common_nn.py (module_tests, new_module_tests,
// criterion_tests) for the layers added in issue #14: each case named as upstream names it
// (module_name + desc) with upstream's constructor arguments and input size. Both sides build the
// layer after the same manual_seed (so initial weights must be equal), run forward on the same input
// and backward of the same gradient; outputs, input and parameter gradients, and buffers after the
// step come from live PyTorch. The criterion and wrap_functional loss cases compare loss and input
// gradient; the functional forms and the bad-argument errors (class and first message line) are
// checked against live PyTorch too.

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";
import {
  BCE_CRITERION_TESTS,
  CASES,
  FUNCTIONAL_LAYER_TESTS,
  FUNCTIONAL_LOSS_TESTS,
  type FunctionalCase,
  LOSS_CRITERION_TESTS,
  LOSS_EXTRA_TESTS,
} from "./tables/common_nn_layers";
import { BAD_MORE, FUNCTIONAL_MORE_TESTS, MORE_LAYER_CASES, MULTI_CASES } from "./tables/common_nn_more";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-4, atol: 1e-5 };

describe("common_nn.new_module_tests (issue #14 layers)", () => {
  it.each([...CASES, ...MORE_LAYER_CASES])("%s", async (_n, make, ctor, input, o = {}) => {
    torch.manualSeed(3);
    const x0 = input();
    torch.manualSeed(11);
    const m = make();
    const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
    if (o.eval) m.eval();
    const x = o.intInput ? x0 : x0.detach().requiresGrad_(true);
    const y = m.forward(x);
    const outs = Array.isArray(y) ? y : [y];
    const g = outs[0].dtype === "int64" ? null : torch.randn(outs[0].shape);
    if (g && outs[0].requiresGrad) outs[0].backward(g);
    const ref = (await py.call("upstream_layers.layer_case", {
      ctor,
      seed: 11,
      x: x0,
      g: g && outs[0].requiresGrad ? g : null,
      train: !o.eval,
      grad_input: !o.intInput,
    })) as {
      repr: string;
      sd0: Record<string, Tensor>;
      out: Tensor[];
      xgrad: Tensor | null;
      grads: Record<string, Tensor>;
      sd: Record<string, Tensor>;
    };
    expect(m.toString()).toBe(ref.repr);
    expect(Object.keys(sd0)).toEqual(Object.keys(ref.sd0));
    for (const [k, v] of Object.entries(sd0)) expectTensor(v, ref.sd0[k], {}, `${ctor} initial ${k}`);
    expect(outs.length).toBe(ref.out.length);
    for (const [i, t] of outs.entries()) {
      expectTensor(t, ref.out[i], t.dtype === "int64" ? {} : TOL, `${ctor} output ${i}`);
    }
    if (ref.xgrad) expectTensor(x.grad!, ref.xgrad, TOL, `${ctor} input grad`);
    for (const [k, p] of m.namedParameters()) {
      if (ref.grads[k]) expectTensor(p.grad!, ref.grads[k], TOL, `${ctor} ${k} grad`);
      else expect(p.grad, `${ctor} ${k} grad`).toBeNull();
    }
    for (const [k, v] of Object.entries(m.stateDict())) expectTensor(v, ref.sd[k], TOL, `${ctor} ${k} after`);
  });
});

describe("common_nn.criterion_tests (BCEWithLogitsLoss)", () => {
  it.each(BCE_CRITERION_TESTS)("%s", async (_n, make, ctor, shape) => {
    torch.manualSeed(12);
    const x = torch.randn(shape).requiresGrad_(true);
    const t = torch.rand(shape).gt(0.5).float();
    const l = make().forward(x, t);
    l.backward(torch.ones(l.shape));
    const [rl, rg] = (await py.call("parity_layers.loss_case", { ctor, x: x.detach(), t })) as [Tensor, Tensor];
    expectTensor(l, rl, TOL, `${ctor} loss`);
    expectTensor(x.grad!, rg, TOL, `${ctor} input grad`);
  });
});

describe("common_nn.criterion_tests (L1Loss, SmoothL1Loss, HuberLoss, BCELoss, KLDivLoss)", () => {
  it.each([...LOSS_CRITERION_TESTS, ...LOSS_EXTRA_TESTS])("%s", async (_n, make, ctor, inputs) => {
    torch.manualSeed(12);
    const [x0, t] = inputs();
    const x = x0.detach().requiresGrad_(true);
    const l = make().forward(x, t);
    l.backward(torch.ones(l.shape));
    const [rl, rg] = (await py.call("parity_layers.loss_case", { ctor, x: x0, t })) as [Tensor, Tensor];
    expectTensor(l, rl, TOL, `${ctor} loss`);
    expectTensor(x.grad!, rg, TOL, `${ctor} input grad`);
  });
});

/** F.xxx(i, ...) against PyTorch's expression on the same tensors: outputs and the gradient of i. */
async function functionalCase(...[, js, code, inputs]: FunctionalCase): Promise<void> {
  torch.manualSeed(5);
  const { i: i0, ...rest } = inputs();
  const i = i0.detach().requiresGrad_(true);
  const y = js(i, rest);
  const outs = Array.isArray(y) ? y : [y];
  const g = torch.randn(outs[0].shape);
  outs[0].backward(g);
  const ref = (await py.call("upstream_layers.functional_case", { code, x: i0, g, ...rest })) as {
    out: Tensor[];
    grad: Tensor;
  };
  expect(outs.length).toBe(ref.out.length);
  for (const [k, t] of outs.entries())
    expectTensor(t, ref.out[k], t.dtype === "int64" ? {} : TOL, `${code} output ${k}`);
  expectTensor(i.grad!, ref.grad, TOL, `${code} input grad`);
}

describe("common_nn.new_module_tests (wrap_functional losses)", () => {
  it.each(FUNCTIONAL_LOSS_TESTS)("%s", (...c) => functionalCase(...c));
});

// Before the functional cases below (a deprecation warning shows once per process, as Python's default filter
// shows it once per place): F.upsample* warn with PyTorch 1.13's messages, F.interpolate not at all.
describe("deprecated F.upsample, F.upsample_nearest, F.upsample_bilinear warn as PyTorch 1.13", () => {
  it("the same warnings as PyTorch, in order", async () => {
    const warnings: string[] = [];
    const onWarn = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarn);
    try {
      const x3 = torch.randn([1, 2, 3]);
      const x4 = torch.randn([1, 2, 3, 2]);
      F.interpolate(x4, { scaleFactor: 2.5, mode: "bilinear" });
      F.upsample(x3, 6, null, "linear");
      F.upsampleNearest(x4, { scaleFactor: 2 });
      F.upsampleBilinear(x4, [4, 5]);
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarn);
    }
    const ref = await py.eval(
      "import warnings\n" +
        "x3, x4 = torch.randn(1, 2, 3), torch.randn(1, 2, 3, 2)\n" +
        "with warnings.catch_warnings(record=True) as w:\n" +
        "    warnings.simplefilter('always')\n" +
        "    F.interpolate(x4, scale_factor=2.5, mode='bilinear')\n" +
        "    F.upsample(x3, 6, None, 'linear')\n" +
        "    F.upsample_nearest(x4, scale_factor=2)\n" +
        "    F.upsample_bilinear(x4, [4, 5])\n" +
        "out = [str(m.message) for m in w]",
    );
    expect(warnings).toEqual(ref);
  });
});

describe("functional forms of the new activations and pooling (positional, options, in place)", () => {
  it.each([...FUNCTIONAL_LAYER_TESTS, ...FUNCTIONAL_MORE_TESTS])("%s", (...c) => functionalCase(...c));
});

describe("common_nn criterion_tests and modules of several inputs (losses, Bilinear, EmbeddingBag, MaxUnpool1d/3d)", () => {
  it.each(MULTI_CASES)("%s", async (_n, make, ctor, inputs, extra = [], o = {}) => {
    torch.manualSeed(12);
    const args0 = inputs();
    const fixed = o.fixed ?? [];
    const args = args0.map((a, k) => (a.isFloatingPoint() && !fixed.includes(k) ? a.detach().requiresGrad_(true) : a));
    torch.manualSeed(11);
    const m = make();
    if (o.eval) m.eval();
    const out = (m as unknown as { forward(...a: unknown[]): Tensor }).forward(...args, ...extra);
    if (out.requiresGrad) out.backward(torch.onesLike(out));
    const ref = (await py.call("upstream_layers.multi_case", {
      ctor,
      seed: 11,
      args: args0,
      fixed,
      extra,
      train: !o.eval,
    })) as {
      repr: string;
      sd0: Record<string, Tensor>;
      out: Tensor;
      grads: Array<Tensor | null>;
      pgrads: Record<string, Tensor>;
    };
    expect(m.toString()).toBe(ref.repr);
    expectTensor(out, ref.out, out.dtype === "int64" ? {} : TOL, `${ctor} output`);
    for (const [k, a] of args.entries()) {
      if (ref.grads[k]) expectTensor(a.grad!, ref.grads[k]!, TOL, `${ctor} input ${k} grad`);
    }
    for (const [k, p] of m.namedParameters()) {
      if (ref.pgrads[k]) expectTensor(p.grad!, ref.pgrads[k], TOL, `${ctor} ${k} grad`);
      else expect(p.grad, `${ctor} ${k} grad`).toBeNull();
    }
  });
});

// Bad arguments: where PyTorch raises, torchts raises the same class with PyTorch's first message line
// (a module's bad argument at construction, where PyTorch raises it at forward).
const F = torch.nn.functional;
const { nn } = torch;
const BAD: Array<[string, (x: Tensor) => unknown, string]> = [
  ["Hardtanh max_val <= min_val", () => new nn.Hardtanh(1, -1), "nn.Hardtanh(1, -1)"],
  ["ELU alpha not a number", (x) => new nn.ELU("a" as never).forward(x), "nn.ELU('a')(x)"],
  ["Softplus beta None", (x) => new nn.Softplus(null as never).forward(x), "nn.Softplus(None)(x)"],
  ["softplus threshold not a number", (x) => F.softplus(x, 1, "a" as never), "F.softplus(x, 1, 'a')"],
  ["hardtanh min_val None", (x) => F.hardtanh(x, null as never), "F.hardtanh(x, None)"],
  ["prelu weight not a Tensor", (x) => F.prelu(x, 0.25 as never), "F.prelu(x, 0.25)"],
  ["PReLU parameters != channels", (x) => new nn.PReLU(4).forward(x), "nn.PReLU(4)(x)"],
  ["PReLU negative num_parameters", () => new nn.PReLU(-1), "nn.PReLU(-1)"],
  [
    "Softsign takes no arguments",
    () => new (nn.Softsign as unknown as new (...a: unknown[]) => unknown)(1),
    "nn.Softsign(1)",
  ],
  [
    "ELU too many arguments",
    () => new (nn.ELU as new (...a: unknown[]) => unknown)(1.0, false, true),
    "nn.ELU(1.0, False, True)",
  ],
  ["l1_loss bad reduction", (x) => F.l1Loss(x, x, { reduction: "bad" as never }), "F.l1_loss(x, x, reduction='bad')"],
  ["kl_div reduction None", (x) => F.klDiv(x, x, { reduction: null as never }), "F.kl_div(x, x, reduction=None)"],
  ["kl_div log_target not a bool", (x) => F.klDiv(x, x, { logTarget: 1 as never }), "F.kl_div(x, x, log_target=1)"],
  [
    "binary_cross_entropy target of another size",
    (x) => F.binaryCrossEntropy(x.sigmoid(), torch.rand([3])),
    "F.binary_cross_entropy(x.sigmoid(), torch.rand(3))",
  ],
  [
    "binary_cross_entropy input outside [0, 1]",
    (x) => F.binaryCrossEntropy(x, torch.rand([2, 3, 4])),
    "F.binary_cross_entropy(x, torch.rand(2, 3, 4))",
  ],
  [
    "binary_cross_entropy weight that does not broadcast",
    (x) => F.binaryCrossEntropy(x.sigmoid(), torch.rand([2, 3, 4]), { weight: torch.rand([5]) }),
    "F.binary_cross_entropy(x.sigmoid(), torch.rand(2, 3, 4), weight=torch.rand(5))",
  ],
  ["BCELoss weight not a Tensor", () => new nn.BCELoss(0.5 as never), "nn.BCELoss(0.5)"],
  ["huber_loss delta <= 0", (x) => F.huberLoss(x, x, { delta: -1 }), "F.huber_loss(x, x, delta=-1)"],
  ["smooth_l1_loss beta < 0", (x) => new nn.SmoothL1Loss({ beta: -1 }).forward(x, x), "nn.SmoothL1Loss(beta=-1)(x, x)"],
  [
    "smooth_l1_loss beta not a number",
    (x) => F.smoothL1Loss(x, x, { beta: "a" as never }),
    "F.smooth_l1_loss(x, x, beta='a')",
  ],
  [
    "HuberLoss too many arguments",
    () => new (nn.HuberLoss as new (...a: unknown[]) => unknown)("sum", 1.0, 3),
    "nn.HuberLoss('sum', 1.0, 3)",
  ],
  ["L1Loss unknown keyword", () => new nn.L1Loss({ reductions: "sum" } as never), "nn.L1Loss(reductions='sum')"],
  ["MaxPool1d unknown keyword", () => new nn.MaxPool1d(2, { strides: 1 } as never), "nn.MaxPool1d(2, strides=1)"],
  [
    "MaxPool3d too many arguments",
    () => new (nn.MaxPool3d as new (...a: unknown[]) => unknown)(2, 1, 0, 1, false, false, 3),
    "nn.MaxPool3d(2, 1, 0, 1, False, False, 3)",
  ],
  [
    "AvgPool1d has no divisor_override",
    () => new nn.AvgPool1d(2, { divisorOverride: 1 } as never),
    "nn.AvgPool1d(2, divisorOverride=1)",
  ],
  [
    "AvgPool3d too many arguments",
    () => new (nn.AvgPool3d as new (...a: unknown[]) => unknown)(2, 1, 0, false, true, null, 3),
    "nn.AvgPool3d(2, 1, 0, False, True, None, 3)",
  ],
  [
    "AdaptiveAvgPool1d too many arguments",
    () => new (nn.AdaptiveAvgPool1d as unknown as new (...a: unknown[]) => unknown)(2, 3),
    "nn.AdaptiveAvgPool1d(2, 3)",
  ],
  [
    "adaptive_avg_pool3d output size longer than the input",
    () => new nn.AdaptiveAvgPool3d([2, null, 2]).forward(torch.rand([3, 4, 5])),
    "nn.AdaptiveAvgPool3d((2, None, 2))(torch.rand(3, 4, 5))",
  ],
  ["max_pool1d float kernel", (x) => F.maxPool1d(x, 2.5), "F.max_pool1d(x, 2.5)"],
  ["max_pool1d kernel of two", (x) => F.maxPool1d(x, [2, 2]), "F.max_pool1d(x, (2, 2))"],
  ["max_pool3d of a 3-D input", (x) => F.maxPool3d(x, 2), "F.max_pool3d(x, 2)"],
  ["avg_pool1d ceil_mode not a bool", (x) => F.avgPool1d(x, 2, 1, 0, 1 as never), "F.avg_pool1d(x, 2, 1, 0, 1)"],
  [
    "avg_pool3d divisor_override 0",
    () => F.avgPool3d(torch.zeros([1, 2, 4, 4, 4]), 2, { divisorOverride: 0 }),
    "F.avg_pool3d(torch.zeros(1, 2, 4, 4, 4), 2, divisor_override=0)",
  ],
  ["adaptive_avg_pool1d output size of two", (x) => F.adaptiveAvgPool1d(x, [2, 2]), "F.adaptive_avg_pool1d(x, (2, 2))"], // ---- F.interpolate / nn.Upsample
  ["interpolate size and scale_factor", (x) => F.interpolate(x, 2, 2), "F.interpolate(x, 2, 2)"],
  ["interpolate neither size nor scale_factor", (x) => F.interpolate(x), "F.interpolate(x)"],
  ["interpolate size of another length", (x) => F.interpolate(x, [2, 3]), "F.interpolate(x, [2, 3])"],
  [
    "interpolate scale_factor of another length",
    (x) => F.interpolate(x, { scaleFactor: [2, 3] }),
    "F.interpolate(x, scale_factor=[2, 3])",
  ],
  [
    "interpolate align_corners with nearest",
    (x) => F.interpolate(x, { size: 2, alignCorners: false }),
    "F.interpolate(x, size=2, align_corners=False)",
  ],
  [
    "interpolate recompute_scale_factor with a size",
    (x) => F.interpolate(x, { size: 2, recomputeScaleFactor: true }),
    "F.interpolate(x, size=2, recompute_scale_factor=True)",
  ],
  [
    "interpolate bilinear on a 3-D input",
    (x) => F.interpolate(x, { size: 2, mode: "bilinear" }),
    "F.interpolate(x, size=2, mode='bilinear')",
  ],
  [
    "interpolate linear on a 4-D input",
    () => F.interpolate(torch.zeros([1, 2, 3, 4]), { size: 2, mode: "linear" }),
    "F.interpolate(torch.zeros(1, 2, 3, 4), size=2, mode='linear')",
  ],
  [
    "interpolate bicubic on a 3-D input",
    (x) => F.interpolate(x, { size: 2, mode: "bicubic" }),
    "F.interpolate(x, size=2, mode='bicubic')",
  ],
  [
    "interpolate unknown mode",
    (x) => F.interpolate(x, { size: 2, mode: "bogus" as never }),
    "F.interpolate(x, size=2, mode='bogus')",
  ],
  ["interpolate a 2-D input", () => F.interpolate(torch.zeros([2, 3]), 2), "F.interpolate(torch.zeros(2, 3), 2)"],
  [
    "interpolate antialias with linear",
    (x) => F.interpolate(x, { size: 2, mode: "linear", antialias: true }),
    "F.interpolate(x, size=2, mode='linear', antialias=True)",
  ],
  ["interpolate float size", (x) => F.interpolate(x, 2.5), "F.interpolate(x, 2.5)"],
  [
    "interpolate float in the size list",
    () => F.interpolate(torch.zeros([1, 2, 3, 4]), [2, 2.5]),
    "F.interpolate(torch.zeros(1, 2, 3, 4), [2, 2.5])",
  ],
  [
    "interpolate None in the scale list",
    () => F.interpolate(torch.zeros([1, 2, 3, 4]), { scaleFactor: [2, null] as never }),
    "F.interpolate(torch.zeros(1, 2, 3, 4), scale_factor=[2, None])",
  ],
  [
    "interpolate align_corners not a bool",
    (x) => F.interpolate(x, { size: 2, mode: "linear", alignCorners: 1 as never }),
    "F.interpolate(x, size=2, mode='linear', align_corners=1)",
  ],
  ["interpolate size 0", (x) => F.interpolate(x, 0), "F.interpolate(x, 0)"],
  [
    "interpolate None in the size list",
    () => F.interpolate(torch.zeros([1, 2, 3, 4]), [null, 2] as never),
    "F.interpolate(torch.zeros(1, 2, 3, 4), [None, 2])",
  ],
  [
    "interpolate area None size of a 3-D input",
    (x) => F.interpolate(x, { size: [null] as never, mode: "area" }),
    "F.interpolate(x, size=[None], mode='area')",
  ],
  [
    "interpolate scale_factor to size 0",
    (x) => F.interpolate(x, { scaleFactor: 0.1 }),
    "F.interpolate(x, scale_factor=0.1)",
  ],
  [
    "interpolate area float size",
    (x) => F.interpolate(x, { size: 2.5, mode: "area" }),
    "F.interpolate(x, size=2.5, mode='area')",
  ],
  [
    "interpolate area scale_factor None element",
    () => F.interpolate(torch.zeros([1, 2, 3, 4]), { scaleFactor: [2, null] as never, mode: "area" }),
    "F.interpolate(torch.zeros(1, 2, 3, 4), scale_factor=[2, None], mode='area')",
  ],
  [
    "interpolate recomputed NaN scale",
    (x) => F.interpolate(x, { scaleFactor: Number.NaN, recomputeScaleFactor: true }),
    "F.interpolate(x, scale_factor=float('nan'), recompute_scale_factor=True)",
  ],
  [
    "interpolate linear of an integer tensor",
    (x) => F.interpolate(x.to("int64"), { size: 2, mode: "linear" }),
    "F.interpolate(x.long(), size=2, mode='linear')",
  ],
  ["interpolate a non-tensor", () => F.interpolate(1 as never, 2), "F.interpolate(1, 2)"],
  [
    "interpolate too many arguments",
    (x) => (F.interpolate as (...a: unknown[]) => unknown)(x, 2, null, "nearest", null, null, false, 3),
    "F.interpolate(x, 2, None, 'nearest', None, None, False, 3)",
  ],
  ["interpolate unknown keyword", (x) => F.interpolate(x, { sizes: 2 } as never), "F.interpolate(x, sizes=2)"],
  [
    "Upsample scale_factor 0 is none",
    (x) => new nn.Upsample({ scaleFactor: 0 }).forward(x),
    "nn.Upsample(scale_factor=0)(x)",
  ],
  [
    "Upsample size tuple of another length",
    (x) => new nn.Upsample({ size: [2, 3] }).forward(x),
    "nn.Upsample(size=(2, 3))(x)",
  ],
  [
    "Upsample scale tuple of another length",
    (x) => new nn.Upsample({ scaleFactor: [2, 3] }).forward(x),
    "nn.Upsample(scale_factor=(2, 3))(x)",
  ],
  [
    "Upsample scale_factor string",
    () => new nn.Upsample({ scaleFactor: "a" as never }),
    "nn.Upsample(scale_factor='a')",
  ],
  ["Upsample unknown keyword", () => new nn.Upsample({ size: 2, foo: 1 } as never), "nn.Upsample(size=2, foo=1)"],
  [
    "Upsample too many arguments",
    () => new (nn.Upsample as new (...a: unknown[]) => unknown)(2, 2, "nearest", null, null, 3),
    "nn.Upsample(2, 2, 'nearest', None, None, 3)",
  ],
  [
    "UpsamplingNearest2d too many arguments",
    () => new (nn.UpsamplingNearest2d as new (...a: unknown[]) => unknown)(2, 2, "nearest"),
    "nn.UpsamplingNearest2d(2, 2, 'nearest')",
  ],
  [
    "UpsamplingBilinear2d of a 3-D input",
    (x) => new nn.UpsamplingBilinear2d(4).forward(x),
    "nn.UpsamplingBilinear2d(4)(x)",
  ],
  // ---- F.pad and the padding layers
  ["pad not a sequence", (x) => F.pad(x, 1 as never), "F.pad(x, 1)"],
  ["pad float first", (x) => F.pad(x, [1.5, 1]), "F.pad(x, [1.5, 1])"],
  ["pad float later", (x) => F.pad(x, [1, 1.5]), "F.pad(x, [1, 1.5])"],
  ["pad odd length", (x) => F.pad(x, [1]), "F.pad(x, [1])"],
  ["pad too long", (x) => F.pad(x, [1, 1, 1, 1, 1, 1, 1, 1]), "F.pad(x, [1, 1, 1, 1, 1, 1, 1, 1])"],
  ["pad mode not a str", (x) => F.pad(x, [1, 1], 3 as never), "F.pad(x, [1, 1], 3)"],
  ["pad value not a float", (x) => F.pad(x, [1, 1], "constant", "a" as never), "F.pad(x, [1, 1], 'constant', 'a')"],
  ["pad value keyword not a float", (x) => F.pad(x, [1, 1], { value: "a" as never }), "F.pad(x, [1, 1], value='a')"],
  ["pad reflect with a value", (x) => F.pad(x, [1, 1], "reflect", 2), "F.pad(x, [1, 1], 'reflect', 2.)"],
  ["pad reflect wider than the input", (x) => F.pad(x, [5, 5], "reflect"), "F.pad(x, [5, 5], 'reflect')"],
  [
    "pad reflect 2 dims of a 2-D input",
    () => F.pad(torch.zeros([2, 3]), [1, 1, 1, 1], "reflect"),
    "F.pad(torch.zeros(2, 3), [1, 1, 1, 1], 'reflect')",
  ],
  [
    "pad replicate 3 dims of a 3-D input",
    (x) => F.pad(x, [1, 1, 1, 1, 1, 1], "replicate"),
    "F.pad(x, [1, 1, 1, 1, 1, 1], 'replicate')",
  ],
  ["pad circular more than once", (x) => F.pad(x, [5, 5], "circular"), "F.pad(x, [5, 5], 'circular')"],
  ["pad unknown mode", (x) => F.pad(x, [1, 1], "wrap" as never), "F.pad(x, [1, 1], 'wrap')"],
  ["pad unknown keyword", (x) => F.pad(x, [1, 1], { fill: 2 } as never), "F.pad(x, [1, 1], fill=2)"],
  [
    "pad too many arguments",
    (x) => (F.pad as (...a: unknown[]) => unknown)(x, [1, 1], "constant", 1, 2),
    "F.pad(x, [1, 1], 'constant', 1, 2)",
  ],
  [
    "ReplicationPad2d of a pair",
    () => new nn.ReplicationPad2d([1, 2]).forward(torch.zeros([1, 2, 4, 4])),
    "nn.ReplicationPad2d((1, 2))(torch.zeros(1, 2, 4, 4))",
  ],
  ["ReflectionPad1d float", (x) => new nn.ReflectionPad1d(1.5).forward(x), "nn.ReflectionPad1d(1.5)(x)"],
  [
    "ReflectionPad2d of a 2-D input",
    () => new nn.ReflectionPad2d(1).forward(torch.zeros([4, 4])),
    "nn.ReflectionPad2d(1)(torch.zeros(4, 4))",
  ],
  [
    "ConstantPad1d missing value",
    () => new (nn.ConstantPad1d as new (...a: unknown[]) => unknown)(2),
    "nn.ConstantPad1d(2)",
  ],
  [
    "ConstantPad3d missing both",
    () => new (nn.ConstantPad3d as new (...a: unknown[]) => unknown)(),
    "nn.ConstantPad3d()",
  ],
  [
    "ConstantPad1d value not a float",
    (x) => new nn.ConstantPad1d(2, "a" as never).forward(x),
    "nn.ConstantPad1d(2, 'a')(x)",
  ],
  [
    "ConstantPad2d unknown keyword",
    () => new nn.ConstantPad2d({ padding: 1, value: 1, fill: 2 } as never),
    "nn.ConstantPad2d(padding=1, value=1, fill=2)",
  ],
  [
    "ZeroPad2d too many arguments",
    () => new (nn.ZeroPad2d as new (...a: unknown[]) => unknown)(2, 1),
    "nn.ZeroPad2d(2, 1)",
  ],
  [
    "ReplicationPad3d multiple values for padding",
    () => new (nn.ReplicationPad3d as new (...a: unknown[]) => unknown)(1, { padding: 2 }),
    "nn.ReplicationPad3d(1, padding=2)",
  ],
  // ---- pixel shuffle, distances, Unflatten
  [
    "pixel_shuffle channels",
    () => F.pixelShuffle(torch.zeros([1, 2, 4, 4]), 3),
    "F.pixel_shuffle(torch.zeros(1, 2, 4, 4), 3)",
  ],
  ["pixel_shuffle float factor", (x) => F.pixelShuffle(x, 1.5), "F.pixel_shuffle(x, 1.5)"],
  ["pixel_shuffle factor 0", (x) => F.pixelShuffle(x, 0), "F.pixel_shuffle(x, 0)"],
  [
    "pixel_shuffle of a 2-D input",
    () => F.pixelShuffle(torch.zeros([4, 4]), 2),
    "F.pixel_shuffle(torch.zeros(4, 4), 2)",
  ],
  [
    "pixel_unshuffle height",
    () => F.pixelUnshuffle(torch.zeros([1, 2, 4, 4]), 3),
    "F.pixel_unshuffle(torch.zeros(1, 2, 4, 4), 3)",
  ],
  ["pixel_unshuffle negative factor", (x) => F.pixelUnshuffle(x, -1), "F.pixel_unshuffle(x, -1)"],
  ["PixelShuffle float factor", (x) => new nn.PixelShuffle(2.5).forward(x), "nn.PixelShuffle(2.5)(x)"],
  [
    "PixelUnshuffle missing factor",
    () => new (nn.PixelUnshuffle as new (...a: unknown[]) => unknown)(),
    "nn.PixelUnshuffle()",
  ],
  [
    "cosine_similarity shapes",
    (x) => F.cosineSimilarity(x, torch.zeros([3, 3, 4])),
    "F.cosine_similarity(x, torch.zeros(3, 3, 4))",
  ],
  ["cosine_similarity dim out of range", (x) => F.cosineSimilarity(x, x, 3), "F.cosine_similarity(x, x, 3)"],
  ["cosine_similarity float dim", (x) => F.cosineSimilarity(x, x, 1.5), "F.cosine_similarity(x, x, 1.5)"],
  [
    "cosine_similarity eps keyword",
    (x) => F.cosineSimilarity(x, x, { eps: "a" as never }),
    "F.cosine_similarity(x, x, eps='a')",
  ],
  ["cosine_similarity x2 not a Tensor", (x) => F.cosineSimilarity(x, 1 as never), "F.cosine_similarity(x, 1)"],
  [
    "pairwise_distance p keyword",
    (x) => F.pairwiseDistance(x, x, { p: "a" as never }),
    "F.pairwise_distance(x, x, p='a')",
  ],
  [
    "pairwise_distance keepdim",
    (x) => F.pairwiseDistance(x, x, 2, 1e-6, 1 as never),
    "F.pairwise_distance(x, x, 2, 1e-6, 1)",
  ],
  [
    "pairwise_distance shapes",
    (x) => new nn.PairwiseDistance().forward(x, torch.zeros([3, 3, 4])),
    "nn.PairwiseDistance()(x, torch.zeros(3, 3, 4))",
  ],
  [
    "PairwiseDistance too many arguments",
    () => new (nn.PairwiseDistance as new (...a: unknown[]) => unknown)(1, 2, 3, 4),
    "nn.PairwiseDistance(1, 2, 3, 4)",
  ],
  [
    "CosineSimilarity unknown keyword",
    () => new nn.CosineSimilarity({ dims: 1 } as never),
    "nn.CosineSimilarity(dims=1)",
  ],
  ["Unflatten size not a sequence", () => new nn.Unflatten(1, 2 as never), "nn.Unflatten(1, 2)"],
  ["Unflatten size element", () => new nn.Unflatten(1, [2, "a"] as never), "nn.Unflatten(1, (2, 'a'))"],
  ["Unflatten float dim", () => new nn.Unflatten(1.5, [2, 1]), "nn.Unflatten(1.5, (2, 1))"],
  ["Unflatten named dim with ints", () => new nn.Unflatten("a", [2, 1] as never), "nn.Unflatten('a', (2, 1))"],
  ["Unflatten sizes that do not multiply", (x) => new nn.Unflatten(1, [2, 2]).forward(x), "nn.Unflatten(1, (2, 2))(x)"],
  ["Unflatten empty sizes", (x) => new nn.Unflatten(1, []).forward(x), "nn.Unflatten(1, ())(x)"],
  ["Unflatten dim out of range", (x) => new nn.Unflatten(5, [3, 1]).forward(x), "nn.Unflatten(5, (3, 1))(x)"],
  ["Unflatten missing size", () => new (nn.Unflatten as new (...a: unknown[]) => unknown)(1), "nn.Unflatten(1)"],
];

describe("bad arguments raise PyTorch's errors", () => {
  it.each([...BAD, ...BAD_MORE])("%s", async (_n, js, code) => {
    torch.manualSeed(4);
    const x = torch.randn([2, 3, 4]);
    const r = await py.run(`out = ${code}`, { x });
    expect(r.type, `PyTorch raises for ${code}`).toBeDefined();
    let err: unknown;
    try {
      js(x);
    } catch (e) {
      err = e;
    }
    expect(err, `torchts raises for ${code}`).toBeInstanceOf(Error);
    const e = err as Error;
    expect(e.message).toBe(r.error);
    if (r.type === "TypeError") expect(e).toBeInstanceOf(TypeError);
    else if (r.type === "ValueError") expect(e).toBeInstanceOf(torch.ValueError);
    else if (r.type === "RuntimeError") expect(e.name).toBe("Error");
    else expect(e.name).toBe(r.type);
  });
});
