// The dispatcher path (native/dispatch.cc, lib/aten.ts and the generated lib/aten_ops.ts) against live
// PyTorch on the same inputs: generated Tensor methods and torch functions, Python's call forms of the
// hand-written methods, of nn.functional and of the factories, and Python's TypeErrors for calls that
// fit no overload.
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectSame, expectTensor, type Out } from "./helpers/assert";
import { repoPath } from "./helpers/paths";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const F = torch.nn.functional;
// Python's call forms that the TypeScript signatures do not declare (JavaScript ports use them).
const Fpy = F as unknown as Record<string, (...a: unknown[]) => Tensor>;

torch.manualSeed(11);
const x = torch.randn([4, 5]);
const y = torch.randn([4, 5]);
const pos = torch.rand([4, 5]).add(0.5);
const sq = torch.randn([3, 3]);
const spd = sq.matmul(sq.t()).add(torch.eye(3));
const ints = torch.randint(1, 30, [4, 5]);
const img = torch.randn([2, 3, 6, 6]);
const mask = x.gt(0);
const idx = torch.tensor([0, 2, 1, 0]);
const inputs = { x, y, pos, sq, spd, ints, img, mask, idx };

// Python's keyword forms of the hand-written methods and torch.* functions are runtime forms (for
// JavaScript ports); their TypeScript signatures keep torchts's own forms.
const torchPy = torch as unknown as Record<string, (...a: unknown[]) => Out>;
const loose = (t: Tensor) => t as unknown as Record<string, (...a: unknown[]) => Out>;
const X = loose(x);

// [name, torchts, PyTorch expression over the same names]
const CASES: Array<[string, () => Out, string]> = [
  // generated methods (one ATen operator each)
  [
    "clampMin/clampMax",
    () => [x.clampMin(0), x.clampMax(y), x.clone().clampMin_(0.1)],
    "[x.clamp_min(0), x.clamp_max(y), x.clone().clamp_min_(0.1)]",
  ],
  [
    "hypot/copysign/fmax",
    () => [x.hypot(y), x.copysign(y), x.fmax(y), x.fmin(y)],
    "[x.hypot(y), x.copysign(y), x.fmax(y), x.fmin(y)]",
  ],
  [
    "xlogy/logit/sinc",
    () => [pos.xlogy(pos), pos.sub(0.4).logit(1e-3), x.sinc()],
    "[pos.xlogy(pos), (pos - 0.4).logit(1e-3), x.sinc()]",
  ],
  [
    "in-place trig",
    () => [x.clone().sin_(), x.clone().atan_(), pos.clone().log1p_()],
    "[x.clone().sin_(), x.clone().atan_(), pos.clone().log1p_()]",
  ],
  [
    "aminmax",
    () => [x.aminmax(), x.aminmax({ dim: 1, keepdim: true })],
    "[list(x.aminmax()), list(x.aminmax(dim=1, keepdim=True))]",
  ],
  [
    "tensorSplit/hsplit",
    () => [x.tensorSplit(3, 1), x.tensorSplit([1, 3]), x.hsplit(5), x.vsplit([1])],
    "[list(x.tensor_split(3, 1)), list(x.tensor_split([1, 3])), list(x.hsplit(5)), list(x.vsplit([1]))]",
  ],
  [
    "linear algebra",
    () => [spd.cholesky(), spd.det(), spd.inverse(), spd.slogdet(), spd.matrixPower(3)],
    "[spd.cholesky(), spd.det(), spd.inverse(), list(spd.slogdet()), spd.matrix_power(3)]",
  ],
  ["qr/svd", () => [spd.qr(), spd.svd()[1]], "[list(spd.qr()), spd.svd()[1]]"],
  [
    "index ops",
    () => [x.indexAdd(0, idx, y), x.indexFill(1, torch.tensor([0, 2]), -1), x.takeAlongDim(x.argsort(1), 1)],
    "[x.index_add(0, idx, y), x.index_fill(1, torch.tensor([0, 2]), -1), x.take_along_dim(x.argsort(1), 1)]",
  ],
  [
    "scatterReduce",
    () => x.scatterReduce(0, idx.unsqueeze(1).expand(4, 5), y, "amax"),
    "x.scatter_reduce(0, idx.unsqueeze(1).expand(4, 5), y, 'amax')",
  ],
  [
    "gcd/lcm/shifts",
    () => [ints.gcd(ints.flip(0)), ints.lcm(ints.flip(1)), ints.bitwiseLeftShift(2)],
    "[ints.gcd(ints.flip(0)), ints.lcm(ints.flip(1)), ints.bitwise_left_shift(2)]",
  ],
  [
    "polygamma (self second in the schema)",
    () => [pos.polygamma(1), torch.polygamma(2, pos)],
    "[pos.polygamma(1), torch.polygamma(2, pos)]",
  ],
  [
    "unflatten/ravel/moveaxis",
    () => [x.unflatten(1, [5, 1]), x.ravel(), img.moveaxis(1, 3)],
    "[x.unflatten(1, (5, 1)), x.ravel(), img.moveaxis(1, 3)]",
  ],
  [
    "divide/trueDivide/floatPower",
    () => [x.divide(y, { roundingMode: "floor" }), ints.trueDivide(3), pos.floatPower(2)],
    "[x.divide(y, rounding_mode='floor'), ints.true_divide(3), pos.float_power(2)]",
  ],
  ["histogram", () => x.histogram(4), "list(x.histogram(4))"],
  // generated torch functions
  [
    "torch.blockDiag/cartesianProd",
    () => [torch.blockDiag(sq, spd), torch.cartesianProd(idx, idx)],
    "[torch.block_diag(sq, spd), torch.cartesian_prod(idx, idx)]",
  ],
  [
    "torch comparison functions",
    () => [torch.ge(x, y), torch.lt(x, 0), torch.maskedFill(x, mask, 0)],
    "[torch.ge(x, y), torch.lt(x, 0), torch.masked_fill(x, mask, 0)]",
  ],
  [
    "windows",
    () => [torch.hannWindow(6), torch.hammingWindow(5, { periodic: false, dtype: "float64" })],
    "[torch.hann_window(6), torch.hamming_window(5, periodic=False, dtype=torch.float64)]",
  ],
  [
    "conv2d/pixelShuffle at torch level",
    () => [
      torch.conv2d(img, torch.ones([2, 3, 3, 3]), null, 1, 1),
      torch.pixelShuffle(img.narrow(1, 0, 1).repeat(1, 4, 1, 1), 2),
    ],
    "[torch.conv2d(img, torch.ones(2, 3, 3, 3), None, 1, 1), torch.pixel_shuffle(img[:, :1].repeat(1, 4, 1, 1), 2)]",
  ],
  [
    "dtype results",
    () => [torch.resultType(ints, 1.5), torch.promoteTypes("int32", "float16"), torch.canCast("float32", "int32")],
    "[str(torch.result_type(ints, 1.5)).replace('torch.', ''), str(torch.promote_types(torch.int32, torch.float16)).replace('torch.', ''), torch.can_cast(torch.float32, torch.int32)]",
  ],
  // Python's keyword forms of hand-written methods (routed through the schema)
  [
    "sum/mean/std keywords",
    () => [
      X.sum({ dim: 1 }),
      X.mean({ dim: 0, keepdim: true }),
      X.std({ dim: 1, unbiased: false }),
      X.sum(1, { dtype: "float64" }),
    ],
    "[x.sum(dim=1), x.mean(dim=0, keepdim=True), x.std(dim=1, unbiased=False), x.sum(1, dtype=torch.float64)]",
  ],
  [
    "max/argmax keywords, max(other), std(unbiased)",
    () => [X.max({ dim: 1 }), X.argmax({ dim: 0 }), X.max(y), X.std(false), X.std(0, { correction: 0 })],
    "[list(x.max(dim=1)), x.argmax(dim=0), x.max(y), x.std(False), x.std(0, correction=0)]",
  ],
  [
    "div roundingMode, round decimals",
    () => [X.div(y, { roundingMode: "trunc" }), loose(x.mul(7)).round({ decimals: 1 })],
    "[x.div(y, rounding_mode='trunc'), (x * 7).round(decimals=1)]",
  ],
  [
    "softmax dtype, flatten/transpose keywords",
    () => [X.softmax(1, { dtype: "float64" }), loose(img).flatten({ startDim: 1 }), X.transpose({ dim0: 0, dim1: 1 })],
    "[x.softmax(1, dtype=torch.float64), img.flatten(start_dim=1), x.transpose(dim0=0, dim1=1)]",
  ],
  [
    "add alpha, scatter reduce",
    () => [
      X.add(y, { alpha: 2 }),
      loose(torch.zeros([3, 5])).scatter(0, torch.tensor([[0, 1, 2, 0, 0]]), 2.0, { reduce: "add" }),
    ],
    "[x.add(y, alpha=2), torch.zeros(3, 5).scatter(0, torch.tensor([[0, 1, 2, 0, 0]]), 2.0, reduce='add')]",
  ],
  [
    "torch.* forms with keywords",
    () => [
      torchPy.sum(x, { dim: 1 }),
      torchPy.max(x, { dim: 0 }),
      torchPy.cat([x, y], { dim: 1 }),
      torchPy.stack([x, y], { dim: 2 }),
    ],
    "[torch.sum(x, dim=1), list(torch.max(x, dim=0)), torch.cat([x, y], dim=1), torch.stack([x, y], dim=2)]",
  ],
  // nn.functional in Python's call forms
  [
    "F keywords for leading parameters",
    () => [
      Fpy.softmax(x, { dim: 1 }),
      Fpy.logSoftmax(x, { dim: 0, dtype: "float64" }),
      Fpy.maxPool2d(img, { kernelSize: 2 }),
      Fpy.dropout(x, { p: 0.3, training: false }),
    ],
    "[F.softmax(x, dim=1), F.log_softmax(x, dim=0, dtype=torch.float64), F.max_pool2d(img, kernel_size=2), F.dropout(x, p=0.3, training=False)]",
  ],
  [
    "F positional values",
    () => [
      Fpy.avgPool2d(img, 2, 1),
      Fpy.conv2d(img, torch.ones([2, 3, 3, 3]), null, 1, 1),
      Fpy.layerNorm(x, [5], pos.index(0), y.index(0), 1e-3),
    ],
    "[F.avg_pool2d(img, 2, 1), F.conv2d(img, torch.ones(2, 3, 3, 3), None, 1, 1), F.layer_norm(x, [5], pos[0], y[0], 1e-3)]",
  ],
  [
    "F.batchNorm positional, F.normalize",
    () => [
      Fpy.batchNorm(img, torch.zeros([3]), torch.ones([3]), pos.index(0).narrow(0, 0, 3), null, false),
      Fpy.normalize(x),
      Fpy.normalize(x, 1, 0),
    ],
    "[F.batch_norm(img, torch.zeros(3), torch.ones(3), pos[0, :3], None, False), F.normalize(x), F.normalize(x, 1, 0)]",
  ],
  [
    "F losses and activations by keyword",
    () => [
      Fpy.crossEntropy(x, idx, { reduction: "sum", labelSmoothing: 0.1 }),
      Fpy.leakyRelu(x, { negativeSlope: 0.2 }),
      Fpy.linear(
        x,
        sq
          .narrow(1, 0, 3)
          .t()
          .narrow(0, 0, 3)
          .matmul(torch.ones([3, 5])),
        { bias: torch.ones([3]) },
      ),
    ],
    "[F.cross_entropy(x, idx, reduction='sum', label_smoothing=0.1), F.leaky_relu(x, negative_slope=0.2), F.linear(x, sq[:, :3].t()[:3] @ torch.ones(3, 5), bias=torch.ones(3))]",
  ],
  // torch.linalg and torch.special (generated from aten::linalg_* / aten::special_*)
  [
    "linalg",
    () => [
      torch.linalg.inv(spd),
      torch.linalg.solve(spd, sq),
      torch.linalg.norm(x),
      torch.linalg.vectorNorm(x, 3, { dim: 1 }),
      torch.linalg.matrixNorm(sq, "nuc"),
      torch.linalg.eigh(spd),
      torch.linalg.svdvals(sq),
      torch.linalg.slogdet(spd),
      torch.linalg.choleskyEx(spd),
      torch.linalg.matrixRank(sq),
      torch.linalg.pinv(x),
    ],
    "[torch.linalg.inv(spd), torch.linalg.solve(spd, sq), torch.linalg.norm(x), torch.linalg.vector_norm(x, 3, dim=1), torch.linalg.matrix_norm(sq, 'nuc'), list(torch.linalg.eigh(spd)), torch.linalg.svdvals(sq), list(torch.linalg.slogdet(spd)), list(torch.linalg.cholesky_ex(spd)), torch.linalg.matrix_rank(sq), torch.linalg.pinv(x)]",
  ],
  [
    "special",
    () => [
      torch.special.erfcx(x),
      torch.special.i1e(x),
      torch.special.ndtri(pos.mul(0.5)),
      torch.special.xlog1py(x, pos),
      torch.special.zeta(pos.add(1), 2),
      torch.special.besselJ0(x),
      torch.special.logSoftmax(x, 1),
    ],
    "[torch.special.erfcx(x), torch.special.i1e(x), torch.special.ndtri(pos * 0.5), torch.special.xlog1py(x, pos), torch.special.zeta(pos + 1, 2), torch.special.bessel_j0(x), torch.special.log_softmax(x, 1)]",
  ],
  [
    "Python-level functions",
    () => [
      torch.atleast2d(torch.ones([3])),
      torch.atleast3d(x, y),
      torch.uniqueConsecutive(torch.tensor([1, 1, 2, 2, 3, 1]), { returnCounts: true }),
      torch.tensordot(x, y.t(), 1),
      torch.tensordot(img, img, [
        [1, 2],
        [1, 2],
      ]),
      torch.broadcastShapes([2, 1], [3], 1),
      torch.lu(spd),
    ],
    "[torch.atleast_2d(torch.ones(3)), list(torch.atleast_3d(x, y)), list(torch.unique_consecutive(torch.tensor([1, 1, 2, 2, 3, 1]), return_counts=True)), torch.tensordot(x, y.t(), 1), torch.tensordot(img, img, ([1, 2], [1, 2])), list(torch.broadcast_shapes((2, 1), (3,), 1)), list(torch.lu(spd))]",
  ],
  [
    "samplers with generator= and keywords",
    () => {
      const g = new torch.Generator(5);
      const probs = pos.index(0);
      return [
        torch.multinomial(probs, 8, { replacement: true, generator: g }),
        torch.bernoulli(pos.mul(0.5), { generator: g }),
        torch.poisson(pos, { generator: g }),
        torch.normal(x, 0.5, { generator: g }),
        torch.normal(0, 1, [3], { generator: g }),
      ];
    },
    "g = torch.Generator().manual_seed(5)\nout = [torch.multinomial(pos[0], 8, replacement=True, generator=g), torch.bernoulli(pos * 0.5, generator=g), torch.poisson(pos, generator=g), torch.normal(x, 0.5, generator=g), torch.normal(0., 1., (3,), generator=g)]",
  ],
  // factories in Python's forms
  [
    "varargs sizes, randint(high, size)",
    () => {
      torch.manualSeed(3);
      const a = [torch.zeros(2, 3), torch.ones(2, 3, { dtype: "int32" }), torch.randn(2, 3), torch.randint(10, [4])];
      return a;
    },
    "[torch.zeros(2, 3), torch.ones(2, 3, dtype=torch.int32), (torch.manual_seed(3), torch.randn(2, 3))[1], torch.randint(10, (4,))]",
  ],
  [
    "meshgrid varargs, norm nuc",
    () => [torch.meshgrid(idx, idx.narrow(0, 0, 2), { indexing: "xy" }), sq.norm("nuc")],
    "[list(torch.meshgrid(idx, idx[:2], indexing='xy')), sq.norm('nuc')]",
  ],
];

describe("dispatcher-backed operators and Python call forms equal PyTorch", () => {
  for (const [name, mine, expr] of CASES) {
    it(name, async () => {
      const ref = await py.eval(expr.includes("\nout = ") ? expr : `out = ${expr}`, inputs);
      expectSame(mine(), ref, name);
    });
  }
});

describe("autograd, generators and in-place through the dispatcher", () => {
  it("gradients flow through generated operators as in PyTorch", async () => {
    const a = x.detach().requiresGrad_();
    a.hypot(y).add(a.sinc()).add(a.clampMin(0.1).xlogy(pos)).sum().backward();
    const ref = await py.eval(
      "a = x.detach().requires_grad_()\n(a.hypot(y) + a.sinc() + a.clamp_min(0.1).xlogy(pos)).sum().backward()\nout = a.grad",
      inputs,
    );
    expectTensor(a.grad as Tensor, ref, {}, "grad");
  });

  it("a Generator argument gives PyTorch's draws for the same seed", async () => {
    const g = new torch.Generator(7);
    const mine = [torch.zeros([6]).random_(0, 100, { generator: g }), torch.zeros([4]).cauchy_({ generator: g })];
    const ref = await py.eval(
      "g = torch.Generator().manual_seed(7)\nout = [torch.zeros(6).random_(0, 100, generator=g), torch.zeros(4).cauchy_(generator=g)]",
    );
    expectSame(mine, ref, "draws");
  });

  it("in-place generated methods return the tensor itself and bump its version", () => {
    const t = x.clone();
    expect(t.sinh_()).toBe(t);
    expect(t.clampMin_(0)).toBe(t);
    expect(t.min().item()).toBeGreaterThanOrEqual(0);
  });
});

describe("Python's errors", () => {
  const ERRORS: Array<[string, () => unknown, string]> = [
    ["no overload fits", () => x.clampMin("a" as never), "x.clamp_min('a')"],
    ["unknown keyword", () => x.sum({ dims: 1 } as never), "x.sum(dims=1)"],
    ["a kernel's error", () => x.det(), "x.det()"],
    ["too many values for F", () => Fpy.relu(x, false, 1), "F.relu(x, False, 1)"],
    ["unknown keyword for F", () => F.softmax(x, { dims: 1 } as never), "F.softmax(x, dims=1)"],
  ];
  for (const [name, f, expr] of ERRORS) {
    it(name, async () => {
      const r = await py.run(`out = ${expr}`, inputs);
      expect(r.error, "PyTorch raised nothing").toBeDefined();
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, "torchts raised nothing").toBeInstanceOf(Error);
      expect((err as Error).constructor.name).toBe(r.type === "RuntimeError" ? "Error" : r.type);
      // PyTorch's first line, up to where it lists the signatures.
      expect((err as Error).message.split(", but expected")[0]).toBe((r.error as string).split(", but expected")[0]);
    });
  }
});

describe("Python's out= keyword", () => {
  const T = torch as unknown as Record<string, (...a: unknown[]) => unknown>;
  it("returns the out tensors, holding PyTorch's values, for generated, method-backed and hand-written functions", async () => {
    const o1 = torch.empty([4, 5]);
    const o2 = torch.empty([0]);
    const [v, i] = [torch.empty([0]), torch.empty([0], { dtype: "int64" })];
    const o3 = torch.empty([2, 3], { dtype: "float64" });
    const o4 = torch.empty([8, 5]);
    const o5 = torch.empty([1]);
    const mine = [
      T.add(x, y, { alpha: 2, out: o1 }),
      T.hypot(x, y, { out: o2 }),
      T.max(x, 1, { out: [v, i] }),
      T.zeros(2, 3, { dtype: "float64", out: o3 }),
      T.cat([x, y], { out: o4 }),
      F.gelu(x.select(0, 0).narrow(0, 0, 1), { out: o5 } as never),
    ];
    expect(mine[0]).toBe(o1);
    expect(mine[1]).toBe(o2);
    expect((mine[2] as Tensor[])[0]).toBe(v);
    expect((mine[2] as Tensor[])[1]).toBe(i);
    expect(mine[3]).toBe(o3);
    expect(mine[4]).toBe(o4);
    expect(mine[5]).toBe(o5);
    const ref = await py.eval(
      `o = [torch.empty(4, 5), torch.empty(0), (torch.empty(0), torch.empty(0, dtype=torch.long)), torch.empty(2, 3, dtype=torch.double), torch.empty(8, 5), torch.empty(1)]
torch.add(x, y, alpha=2, out=o[0]); torch.hypot(x, y, out=o[1]); torch.max(x, 1, out=o[2])
torch.zeros(2, 3, dtype=torch.float64, out=o[3]); torch.cat([x, y], out=o[4]); F.gelu(x[0, :1], out=o[5])
out = [o[0], o[1], list(o[2]), o[3], o[4], o[5]]`,
      inputs,
    );
    expectSame([o1, o2, [v, i], o3, o4, o5], ref, "out tensors");
  });

  it("errors: an out dtype the result cannot be cast to, a factory dtype that differs from out's, a method with out", async () => {
    const cases: Array<[() => unknown, string]> = [
      [
        () => T.hypot(x, y, { out: torch.empty([4, 5], { dtype: "int64" }) }),
        "torch.hypot(x, y, out=torch.empty(4, 5, dtype=torch.long))",
      ],
      [
        () => T.zeros(2, { dtype: "float64", out: torch.empty([2]) }),
        "torch.zeros(2, dtype=torch.float64, out=torch.empty(2))",
      ],
      [() => loose(x).hypot(y, { out: torch.empty([4, 5]) }), "x.hypot(y, out=torch.empty(4, 5))"],
      [
        () => T.zeros(2, { dtype: "int32", out: torch.empty([2]) }),
        "torch.zeros(2, dtype=torch.int32, out=torch.empty(2))",
      ],
    ];
    for (const [f, code] of cases) {
      const r = await py.run(`out = ${code}`, inputs);
      expect(r.error, code).toBeDefined();
      expect(f, code).toThrow((r.error as string).split(", but expected")[0].split(" (")[0]);
    }
  });
});

describe("0-dim tensors bind as tensors before Scalars, as Python's arg parser tries them", () => {
  it("result_type, comparisons and arithmetic with two 0-dim tensors, and Python bools as range bounds", async () => {
    const i32 = torch.tensor(1, { dtype: "int32" });
    const f64 = torch.tensor(1, { dtype: "float64" });
    const u8 = torch.tensor(32, { dtype: "uint8" });
    const i16 = torch.tensor(1024, { dtype: "int16" });
    const ref = (await py.eval(
      `out = [str(torch.result_type(i32, f64)).replace('torch.', ''), torch.lt(u8, i16, out=torch.empty(0, dtype=torch.bool)),
       torch.add(u8, i16, out=torch.empty(0, dtype=torch.int16)), torch.arange(True), torch.arange(False, True),
       torch.linspace(False, True, 3), torch.logspace(False, True, 3)]`,
      { i32, f64, u8, i16 },
    )) as unknown[];
    expect(torch.resultType(i32, f64)).toBe(ref[0]);
    const T = torch as unknown as Record<string, (...a: unknown[]) => Tensor>;
    expectSame(
      [
        T.lt(u8, i16, { out: torch.empty([0], { dtype: "bool" }) }),
        T.add(u8, i16, { out: torch.empty([0], { dtype: "int16" }) }),
        T.arange(true),
        T.arange(false, true),
        T.linspace(false, true, 3),
        T.logspace(false, true, 3),
      ],
      ref.slice(1) as Out,
      "0-dim and bools",
    );
  });
});

describe("generated code", () => {
  it("lib/aten_ops.ts is what scripts/gen_aten.js writes for this libtorch", () => {
    const r = spawnSync(process.execPath, [repoPath("scripts", "gen_aten.js"), "--check"], { encoding: "utf8" });
    expect(r.stdout.trim()).toBe("up to date");
    expect(r.status).toBe(0);
  });
});
