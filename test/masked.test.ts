// torch.masked (lib/masked.ts) against live PyTorch on the same inputs: each reduction and normalization
// without a mask, with a full-shape mask that masks out a whole row (where the identity shows), with a
// broadcast mask, keepdim and dtype, plus the private helpers and PyTorch's errors.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const m = torch.masked;
const py = new PyTorch();
afterAll(() => py.close());

torch.manualSeed(11);
const x = torch.randn([3, 4]);
const xd = torch.randn([3, 4], { dtype: "float64" });
const x3 = torch.randn([2, 3, 4]);
const xi = torch.randint(-20, 20, [3, 4]);
const xb = torch.randint(0, 200, [3, 4], { dtype: "uint8" });
const xp = torch.rand([3, 4]).add(0.5);
// Row 1 fully masked out; the others partly.
const mk = torch.tensor([
  [true, false, true, true],
  [false, false, false, false],
  [true, true, false, true],
]);
// Broadcast masks: one per column, one per row of the 3-d input, and a [2, 1, 4] one.
const mcol = torch.tensor([true, false, true, true]);
const mrow = torch.tensor([[true], [false], [true]]);
const m3 = torch.tensor([[[true, false, true, false]], [[false, true, true, true]]]);
// A nonzero tolerance compares with allclose(equal_nan=True): nan where PyTorch has nan.
const nanTol = { rtol: 1e-7, atol: 1e-7 };
const inputs = { x, xd, x3, xi, xb, xp, mk, mcol, mrow, m3 };

// [name, torchts, PyTorch expression over the same names, tolerance]
type Case = [string, () => Tensor, string, number?];
const CASES: Case[] = [
  ["sum, no mask", () => m.sum(x), "torch.masked.sum(x)", 1e-6],
  ["sum dim, mask", () => m.sum(x, 1, { mask: mk }), "torch.masked.sum(x, 1, mask=mk)", 1e-6],
  [
    "sum dims keepdim",
    () => m.sum(x3, [0, -1], { keepdim: true, mask: m3 }),
    "torch.masked.sum(x3, (0, -1), keepdim=True, mask=m3)",
    1e-6,
  ],
  ["sum int promotes to int64", () => m.sum(xb, 0, { mask: mcol }), "torch.masked.sum(xb, 0, mask=mcol)"],
  [
    "sum dtype",
    () => m.sum(xi, { dim: 1, dtype: "float64", mask: mk }),
    "torch.masked.sum(xi, dim=1, dtype=torch.float64, mask=mk)",
  ],
  ["prod mask", () => m.prod(xp, 1, { mask: mk }), "torch.masked.prod(xp, 1, mask=mk)", 1e-6],
  [
    "prod all dims, broadcast mask",
    () => m.prod(xp, null, { mask: mrow }),
    "torch.masked.prod(xp, None, mask=mrow)",
    1e-6,
  ],
  [
    "prod int keepdim",
    () => m.prod(xi, 0, { keepdim: true, mask: mk }),
    "torch.masked.prod(xi, 0, keepdim=True, mask=mk)",
  ],
  ["cumsum mask", () => m.cumsum(x, 1, { mask: mk }), "torch.masked.cumsum(x, 1, mask=mk)", 1e-6],
  [
    "cumsum dtype, broadcast",
    () => m.cumsum(xi, 0, { dtype: "float32", mask: mcol }),
    "torch.masked.cumsum(xi, 0, dtype=torch.float32, mask=mcol)",
  ],
  ["cumprod mask", () => m.cumprod(xp, -1, { mask: mk }), "torch.masked.cumprod(xp, -1, mask=mk)", 1e-6],
  ["amax no mask", () => m.amax(x3, 1), "torch.masked.amax(x3, 1)"],
  ["amax mask (-inf row)", () => m.amax(x, 1, { mask: mk }), "torch.masked.amax(x, 1, mask=mk)"],
  ["amax int (iinfo.min row)", () => m.amax(xi, 1, { mask: mk }), "torch.masked.amax(xi, 1, mask=mk)"],
  [
    "amax uint8 keepdim",
    () => m.amax(xb, 1, { keepdim: true, mask: mrow }),
    "torch.masked.amax(xb, 1, keepdim=True, mask=mrow)",
  ],
  ["amin mask (inf row)", () => m.amin(x, [1], { mask: mk }), "torch.masked.amin(x, (1,), mask=mk)"],
  ["amin int64 (iinfo.max row)", () => m.amin(xi, 1, { mask: mk }), "torch.masked.amin(xi, 1, mask=mk)"],
  [
    "amin dtype",
    () => m.amin(x, 0, { dtype: "float64", mask: mcol }),
    "torch.masked.amin(x, 0, dtype=torch.float64, mask=mcol)",
  ],
  ["argmax no dim", () => m.argmax(x), "torch.masked.argmax(x)"],
  ["argmax mask", () => m.argmax(x, 1, { mask: mk }), "torch.masked.argmax(x, 1, mask=mk)"],
  [
    "argmax int keepdim",
    () => m.argmax(xi, { dim: 0, keepdim: true, mask: mk }),
    "torch.masked.argmax(xi, dim=0, keepdim=True, mask=mk)",
  ],
  [
    "argmin dtype",
    () => m.argmin(x, 1, { dtype: "int64", mask: mk }),
    "torch.masked.argmin(x, 1, dtype=torch.int64, mask=mk)",
  ],
  ["mean no mask", () => m.mean(x, 0), "torch.masked.mean(x, 0)", 1e-6],
  ["mean mask (nan row)", () => m.mean(x, 1, { mask: mk }), "torch.masked.mean(x, 1, mask=mk)", 1e-6],
  [
    "mean int, broadcast keepdim",
    () => m.mean(xi, 1, { keepdim: true, mask: mcol }),
    "torch.masked.mean(xi, 1, keepdim=True, mask=mcol)",
    1e-6,
  ],
  [
    "mean dtype",
    () => m.mean(x3, [0, 2], { dtype: "float64", mask: m3 }),
    "torch.masked.mean(x3, (0, 2), dtype=torch.float64, mask=m3)",
    1e-12,
  ],
  ["median default dim", () => m.median(x), "torch.masked.median(x)"],
  ["median mask (nan row)", () => m.median(x, 1, { mask: mk }), "torch.masked.median(x, 1, mask=mk)", 1e-6],
  [
    "median int keepdim",
    () => m.median(xi, 0, { keepdim: true, mask: mk }),
    "torch.masked.median(xi, 0, keepdim=True, mask=mk)",
  ],
  ["norm default", () => m.norm(x), "torch.masked.norm(x)", 1e-6],
  ["norm ord 1 mask", () => m.norm(x, 1, 1, { mask: mk }), "torch.masked.norm(x, 1, 1, mask=mk)", 1e-6],
  [
    "norm -inf (inf row)",
    () => m.norm(x, -Infinity, 1, { mask: mk }),
    "torch.masked.norm(x, float('-inf'), 1, mask=mk)",
  ],
  [
    "norm keywords, dtype",
    () => m.norm(x, { ord: 3, dim: [0, 1], keepdim: true, dtype: "float64", mask: mrow }),
    "torch.masked.norm(x, ord=3, dim=(0, 1), keepdim=True, dtype=torch.float64, mask=mrow)",
    1e-6,
  ],
  ["var no mask", () => m.var(x, 1), "torch.masked.var(x, 1)", 1e-6],
  ["var unbiased mask", () => m.var(x, 1, true, { mask: mk }), "torch.masked.var(x, 1, True, mask=mk)", 1e-6],
  [
    "var int keepdim",
    () => m.var(xi, 0, { unbiased: true, keepdim: true, mask: mk }),
    "torch.masked.var(xi, 0, unbiased=True, keepdim=True, mask=mk)",
    1e-6,
  ],
  [
    "var dtype",
    () => m.var(xd, null, false, { dtype: "float32", mask: mcol }),
    "torch.masked.var(xd, None, False, dtype=torch.float32, mask=mcol)",
    1e-6,
  ],
  ["std mask", () => m.std(x3, 2, true, { mask: m3 }), "torch.masked.std(x3, 2, True, mask=m3)", 1e-6],
  [
    "std keepdim",
    () => m.std(xd, [0], { keepdim: true, mask: mk }),
    "torch.masked.std(xd, (0,), keepdim=True, mask=mk)",
    1e-12,
  ],
  ["softmax no mask", () => m.softmax(x, 1), "torch.masked.softmax(x, 1)", 1e-6],
  ["softmax mask (nan row)", () => m.softmax(x, 1, { mask: mk }), "torch.masked.softmax(x, 1, mask=mk)", 1e-6],
  [
    "softmax dtype, broadcast",
    () => m.softmax(x3, { dim: 0, dtype: "float64", mask: m3 }),
    "torch.masked.softmax(x3, dim=0, dtype=torch.float64, mask=m3)",
    1e-6,
  ],
  ["log_softmax mask", () => m.logSoftmax(x, -1, { mask: mk }), "torch.masked.log_softmax(x, -1, mask=mk)", 1e-6],
  [
    "log_softmax broadcast",
    () => m.logSoftmax(x, 0, { mask: mcol }),
    "torch.masked.log_softmax(x, 0, mask=mcol)",
    1e-6,
  ],
  ["softmin mask", () => m.softmin(x, 1, { mask: mk }), "torch.masked.softmin(x, 1, mask=mk)", 1e-6],
  [
    "softmin dtype",
    () => m.softmin(x, 0, { dtype: "float64" }),
    "torch.masked.softmin(x, 0, dtype=torch.float64)",
    1e-6,
  ],
  ["normalize 2", () => m.normalize(x, 2, 1), "torch.masked.normalize(x, 2, 1)", 1e-6],
  [
    "normalize mask (zero row)",
    () => m.normalize(x, 1, 1, { mask: mk }),
    "torch.masked.normalize(x, 1, 1, mask=mk)",
    1e-6,
  ],
  [
    "normalize eps, dtype",
    () => m.normalize(x, { ord: 2, dim: 0, eps: 10, dtype: "float64", mask: mcol }),
    "torch.masked.normalize(x, ord=2, dim=0, eps=10, dtype=torch.float64, mask=mcol)",
    1e-6,
  ],
  ["logaddexp", () => m.logaddexp(x, xd.float()), "torch.masked.logaddexp(x, xd.float())", 1e-6],
  [
    "logaddexp masks",
    () => m.logaddexp(x, x.flip(0), { inputMask: mk, otherMask: mcol }),
    "torch.masked.logaddexp(x, x.flip(0), input_mask=mk, other_mask=mcol)",
    1e-6,
  ],
  [
    "logaddexp dtype",
    () => m.logaddexp(x, x, { dtype: "float64", inputMask: mrow }),
    "torch.masked.logaddexp(x, x, dtype=torch.float64, input_mask=mrow)",
    1e-6,
  ],
  ["logsumexp no mask", () => m.logsumexp(x), "torch.masked.logsumexp(x)", 1e-6],
  ["logsumexp mask (-inf row)", () => m.logsumexp(x, 1, { mask: mk }), "torch.masked.logsumexp(x, 1, mask=mk)", 1e-6],
  [
    "logsumexp keepdim, dtype",
    () => m.logsumexp(x3, [1, 2], { keepdim: true, dtype: "float64", mask: m3 }),
    "torch.masked.logsumexp(x3, (1, 2), keepdim=True, dtype=torch.float64, mask=m3)",
    1e-6,
  ],
  ["_input_mask broadcast", () => m._inputMask(x3, { mask: mcol }), "torch.masked._input_mask(x3, mask=mcol)"],
  ["_input_mask of an int mask", () => m._inputMask(x, { mask: xb }), "torch.masked._input_mask(x, mask=xb)"],
  [
    "_output_mask reduction",
    () => m._outputMask(m.sum, x3, [0, 2], { keepdim: true, mask: m3 }),
    "torch.masked._output_mask(torch.masked.sum, x3, (0, 2), keepdim=True, mask=m3)",
  ],
  [
    "_output_mask norm",
    () => m._outputMask(m.norm, x, 2, 1, { mask: mk }),
    "torch.masked._output_mask(torch.masked.norm, x, 2, 1, mask=mk)",
  ],
  [
    "_output_mask normalization",
    () => m._outputMask(m.softmax, x, 1, { mask: mrow }),
    "torch.masked._output_mask(torch.masked.softmax, x, 1, mask=mrow)",
  ],
  [
    "_reduction_identity amax int32",
    () => m._reductionIdentity("amax", xi.int()) as Tensor,
    "torch.masked._reduction_identity('amax', xi.int())",
  ],
  [
    "_reduction_identity amin int64",
    () => m._reductionIdentity("masked.amin", xi) as Tensor,
    "torch.masked._reduction_identity('masked.amin', xi)",
  ],
  [
    "_reduction_identity amin uint8",
    () => m._reductionIdentity("argmin", xb) as Tensor,
    "torch.masked._reduction_identity('argmin', xb)",
  ],
  [
    "_reduction_identity norm -inf",
    () => m._reductionIdentity("norm", x, -Infinity) as Tensor,
    "torch.masked._reduction_identity('norm', x, float('-inf'))",
  ],
  [
    "_reduction_identity median int",
    () => m._reductionIdentity("median", xi) as Tensor,
    "torch.masked._reduction_identity('median', xi)",
    1e-6,
  ],
];

describe("torch.masked against PyTorch", () => {
  for (const [name, mine, code, tol] of CASES)
    it(name, async () => {
      const ref = await py.eval(`out = ${code}`, inputs);
      expectTensor(mine(), ref, { rtol: tol ?? 0, atol: tol ?? 0 }, name);
    });

  it("_canonical_dim sorts and wraps dims, all of them for None and ()", async () => {
    const ref = await py.eval(
      "from torch.masked import _canonical_dim as c; out = [list(c((2, -3), 3)), list(c(None, 2)), list(c((), 3)), list(c(0, 0))]",
    );
    expect([
      m._canonicalDim([2, -3], 3),
      m._canonicalDim(null, 2),
      m._canonicalDim([], 3),
      m._canonicalDim(0, 0),
    ]).toEqual(ref);
  });

  it("mean and var of a mask with no true element are nan, as PyTorch", async () => {
    const none = torch.zerosLike(mk);
    const ref = (await py.eval(
      "n = torch.zeros_like(mk); out = [torch.masked.mean(x, 1, mask=n), torch.masked.var(x, 1, mask=n)]",
      inputs,
    )) as Tensor[];
    expectTensor(m.mean(x, 1, { mask: none }), ref[0], nanTol, "mean");
    expectTensor(m.var(x, 1, { mask: none }), ref[1], nanTol, "var");
  });
});

describe("torch.masked raises PyTorch's errors", () => {
  // [name, torchts call, PyTorch code, the JS class]
  type ErrCase = [string, () => unknown, string, new (...a: never[]) => Error];
  const ERRORS: ErrCase[] = [
    ["repeated dim", () => m.sum(x, [0, 0]), "torch.masked.sum(x, (0, 0))", Error],
    ["dim out of range", () => m.amax(x, 2, { mask: mk }), "torch.masked.amax(x, 2, mask=mk)", torch.IndexError],
    [
      "mask of more dims",
      () => m.sum(x, 1, { mask: x3.gt(0) }),
      "torch.masked.sum(x, 1, mask=x3 > 0)",
      torch.IndexError,
    ],
    [
      "identity of amax on bool",
      () => m.amax(mk, 1, { mask: mk }),
      "torch.masked.amax(mk, 1, mask=mk)",
      torch.NotImplementedError,
    ],
    [
      "median of an int with a fully masked row",
      () => m.median(xi, 1, { mask: mk }),
      "torch.masked.median(xi, 1, mask=mk)",
      torch.ValueError,
    ],
    ["_input_mask without a mask", () => m._inputMask(x), "torch.masked._input_mask(x)", torch.ValueError],
    ["missing dim", () => (m.softmax as (i: Tensor) => Tensor)(x), "torch.masked.softmax(x)", TypeError],
    [
      "too many positional values",
      () => (m.sum as (...a: unknown[]) => Tensor)(x, 1, true),
      "torch.masked.sum(x, 1, True)",
      TypeError,
    ],
    [
      "no correction keyword in 1.13",
      () => m.var(x, 1, { correction: 1 } as never),
      "torch.masked.var(x, 1, correction=1)",
      TypeError,
    ],
  ];
  for (const [name, mine, code, cls] of ERRORS)
    it(name, async () => {
      const r = await py.run(`out = ${code}`, inputs);
      expect(r.error).toBeDefined();
      let caught: unknown;
      try {
        mine();
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(cls);
      expect((caught as Error).message).toBe(r.error);
    });
});
