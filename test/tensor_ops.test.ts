// The tensor ops of native/tensor_ops.cc against live PyTorch on the same inputs: values, dtypes,
// shapes, the gradients of the differentiable ones and PyTorch's errors for bad arguments.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import * as F from "../lib/nn/functional";
import { expectSame, expectTensor, type Out } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

torch.manualSeed(5);
const x = torch.randn([4, 5]);
const pos = torch.rand([4, 5]).add(0.1);
const unit = torch.rand([4, 5]).mul(1.8).sub(0.9);
const y = torch.randn([4, 5]);
const ints = torch.randint(-6, 7, [4, 5]);
const small = torch.randint(0, 4, [12]);
const withTies = torch.tensor(
  [
    [1, 3, 3, 2],
    [0, 0, -1, 5],
  ],
  { dtype: "float32" },
);
const special = torch.tensor([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5, -2]);
const mask = x.gt(0);
const v3 = torch.randn([4, 3]);
const w3 = torch.randn([4, 3]);
const vec = torch.randn([5]);
const idx = torch.tensor([0, 2, 2, 3]);
const src = torch.randn([4, 5]);
const sorted = torch.tensor(
  [
    [1, 3, 5, 7, 9],
    [2, 4, 6, 8, 10],
  ],
  { dtype: "float32" },
);
const inputs = { x, pos, unit, y, ints, small, withTies, special, mask, v3, w3, vec, idx, src, sorted };

// [name, torchts, PyTorch expression over the same names]
const CASES: Array<[string, () => Out, string]> = [
  ["log1p", () => pos.log1p(), "pos.log1p()"],
  ["expm1", () => x.expm1(), "x.expm1()"],
  ["log2", () => pos.log2(), "pos.log2()"],
  ["log10", () => pos.log10(), "pos.log10()"],
  ["tan", () => x.tan(), "x.tan()"],
  ["sinh/cosh", () => [x.sinh(), x.cosh()], "[x.sinh(), x.cosh()]"],
  ["asin/acos/atan", () => [unit.asin(), unit.acos(), x.atan()], "[unit.asin(), unit.acos(), x.atan()]"],
  ["atan2", () => torch.atan2(x, y), "torch.atan2(x, y)"],
  ["trunc/frac", () => [x.mul(3).trunc(), x.mul(3).frac()], "[(x*3).trunc(), (x*3).frac()]"],
  ["square", () => [x.square(), ints.square()], "[x.square(), ints.square()]"],
  ["isinf/isfinite", () => [special.isinf(), special.isfinite()], "[special.isinf(), special.isfinite()]"],
  ["lgamma/digamma", () => [pos.lgamma(), pos.digamma()], "[pos.lgamma(), pos.digamma()]"],
  ["nanToNum default", () => special.nanToNum(), "special.nan_to_num()"],
  ["nanToNum values", () => special.nanToNum(0.5, 100, -100), "special.nan_to_num(0.5, 100, neginf=-100)"],
  ["fmod", () => [ints.fmod(4), x.fmod(y)], "[ints.fmod(4), x.fmod(y)]"],
  [
    "bitwise",
    () => [ints.bitwiseAnd(3), ints.bitwiseOr(ints.flip(0)), ints.bitwiseXor(5), ints.bitwiseNot()],
    "[ints.bitwise_and(3), ints.bitwise_or(ints.flip(0)), ints.bitwise_xor(5), ints.bitwise_not()]",
  ],
  [
    "bool bitwise/logical",
    () => [mask.bitwiseAnd(mask.flip(1)), mask.logicalXor(mask.flip(0)), x.logicalAnd(y)],
    "[mask.bitwise_and(mask.flip(1)), mask.logical_xor(mask.flip(0)), x.logical_and(y)]",
  ],
  [
    "isclose",
    () => [x.isclose(x.add(1e-6)), special.isclose(special, { equalNan: true }), x.isclose(y, 0.5, 0.5)],
    "[x.isclose(x + 1e-6), special.isclose(special, equal_nan=True), x.isclose(y, 0.5, 0.5)]",
  ],
  ["lerp", () => [x.lerp(y, 0.3), x.lerp(y, pos)], "[x.lerp(y, 0.3), x.lerp(y, pos)]"],
  [
    "addcmul/addcdiv",
    () => [x.addcmul(y, pos, { value: 0.5 }), x.addcdiv(y, pos, { value: -2 })],
    "[x.addcmul(y, pos, value=0.5), x.addcdiv(y, pos, value=-2)]",
  ],
  ["dot/mv/outer", () => [vec.dot(vec), x.mv(vec), vec.outer(vec)], "[vec.dot(vec), x.mv(vec), vec.outer(vec)]"],
  ["cross", () => [v3.cross(w3, 1), torch.cross(v3, w3, -1)], "[v3.cross(w3, 1), torch.cross(v3, w3, -1)]"],
  [
    "cumsum/cumprod",
    () => [x.cumsum(1), ints.cumsum(0), x.cumprod(0), ints.cumsum(1, { dtype: "float64" })],
    "[x.cumsum(1), ints.cumsum(0), x.cumprod(0), ints.cumsum(1, dtype=torch.float64)]",
  ],
  ["cummax/cummin", () => [...withTies.cummax(1), ...withTies.cummin(1)], "[*withTies.cummax(1), *withTies.cummin(1)]"],
  ["logsumexp", () => [x.logsumexp(1), x.logsumexp([0, 1], true)], "[x.logsumexp(1), x.logsumexp([0, 1], True)]"],
  [
    "amax/amin",
    () => [withTies.amax(1), withTies.amin(), x.amax([0], { keepdim: true })],
    "[withTies.amax(1), withTies.amin(), x.amax([0], keepdim=True)]",
  ],
  [
    "any/all",
    () => [mask.any(), mask.all(1), x.any(0, true), ints.all()],
    "[mask.any(), mask.all(1), x.any(0, True), ints.all()]",
  ],
  [
    "norm",
    () => [x.norm(), x.norm(1), x.norm(3, 1), x.norm("fro", [0, 1], true), x.norm(Number.POSITIVE_INFINITY, 0)],
    "[x.norm(), x.norm(1), x.norm(3, 1), x.norm('fro', [0, 1], True), x.norm(float('inf'), 0)]",
  ],
  [
    "median",
    () => [x.median(), ...withTies.median(1), ...x.median(0, true)],
    "[x.median(), *withTies.median(1), *x.median(0, True)]",
  ],
  [
    "countNonzero",
    () => [ints.countNonzero(), ints.countNonzero(1), ints.countNonzero([0, 1])],
    "[ints.count_nonzero(), ints.count_nonzero(1), ints.count_nonzero([0, 1])]",
  ],
  [
    "topk",
    () => [...x.topk(3), ...x.topk(2, 0, false), ...x.topk(2, { largest: true, sorted: true, dim: 1 })],
    "[*x.topk(3), *x.topk(2, 0, False), *x.topk(2, largest=True, sorted=True, dim=1)]",
  ],
  [
    "kthvalue",
    () => [...x.kthvalue(2), ...withTies.kthvalue(2, 1, true)],
    "[*x.kthvalue(2), *withTies.kthvalue(2, 1, True)]",
  ],
  [
    "argsort",
    () => [x.argsort(), x.argsort(0, true), withTies.argsort({ stable: true, dim: 1 })],
    "[x.argsort(), x.argsort(0, True), torch.argsort(withTies, stable=True, dim=1)]",
  ],
  [
    "nonzero",
    () => [mask.nonzero(), ...ints.nonzero({ asTuple: true })],
    "[mask.nonzero(), *ints.nonzero(as_tuple=True)]",
  ],
  ["maskedSelect", () => x.maskedSelect(mask), "x.masked_select(mask)"],
  [
    "unique",
    () => [small.unique(), ...(small.unique({ returnInverse: true, returnCounts: true }) as Tensor[])],
    "[small.unique(), *small.unique(return_inverse=True, return_counts=True)]",
  ],
  [
    "unique dim",
    () =>
      torch
        .tensor([
          [1, 2],
          [1, 2],
          [0, 5],
        ])
        .unique({ dim: 0 }) as Tensor,
    "torch.tensor([[1, 2], [1, 2], [0, 5]]).unique(dim=0)",
  ],
  ["take", () => x.take(idx), "x.take(idx)"],
  [
    "indexAdd_/indexCopy_",
    () => [x.clone().indexAdd_(0, idx, src, { alpha: 2 }), x.clone().indexCopy_(0, torch.tensor([3, 0, 1, 2]), src)],
    "[x.clone().index_add_(0, idx, src, alpha=2), x.clone().index_copy_(0, torch.tensor([3, 0, 1, 2]), src)]",
  ],
  [
    "scatterAdd/scatter",
    () => {
      const i = torch.tensor([
        [0, 1, 2, 0, 0],
        [2, 0, 0, 1, 2],
      ]);
      return [
        torch.zeros([3, 5]).scatterAdd(0, i, src),
        torch.zeros([3, 5]).scatterAdd_(0, i, src),
        torch.zeros([3, 5]).scatter(0, i, 1.5),
        torch.zeros([3, 5]).scatter(0, i, src),
      ];
    },
    "[torch.zeros(3, 5).scatter_add(0, i, src), torch.zeros(3, 5).scatter_add_(0, i, src), torch.zeros(3, 5).scatter(0, i, 1.5), torch.zeros(3, 5).scatter(0, i, src)]".replace(
      /i,/g,
      "torch.tensor([[0, 1, 2, 0, 0], [2, 0, 0, 1, 2]]),",
    ),
  ],
  [
    "split/unbind",
    () => [...x.split(3, 1), ...x.split([1, 3], 0), ...x.unbind(1)],
    "[*x.split(3, 1), *x.split([1, 3], 0), *x.unbind(1)]",
  ],
  [
    "tile/roll",
    () => [x.tile(2, 1), vec.tile([2, 2]), x.roll(1, 0), x.roll([1, -2], [0, 1]), x.roll(3)],
    "[x.tile(2, 1), vec.tile((2, 2)), x.roll(1, 0), x.roll((1, -2), (0, 1)), x.roll(3)]",
  ],
  [
    "movedim/diagonal/trace",
    () => [x.unsqueeze(0).movedim(0, 2), x.diagonal(), x.diagonal(1), x.trace()],
    "[x.unsqueeze(0).movedim(0, 2), x.diagonal(), x.diagonal(1), x.trace()]",
  ],
  [
    "repeatInterleave",
    () => [vec.repeatInterleave(2), x.repeatInterleave(torch.tensor([1, 0, 2, 1]), 0)],
    "[vec.repeat_interleave(2), x.repeat_interleave(torch.tensor([1, 0, 2, 1]), 0)]",
  ],
  [
    "einsum",
    () => [torch.einsum("ij,kj->ik", x, y), torch.einsum("ii", [x.narrow(1, 0, 4)]), torch.einsum("i,j->ij", vec, vec)],
    "[torch.einsum('ij,kj->ik', x, y), torch.einsum('ii', [x[:, :4]]), torch.einsum('i,j->ij', vec, vec)]",
  ],
  ["cdist", () => [torch.cdist(x, y), torch.cdist(x, y, 1)], "[torch.cdist(x, y), torch.cdist(x, y, 1)]"],
  ["oneHot", () => [F.oneHot(small), F.oneHot(idx, 6)], "[F.one_hot(small), F.one_hot(idx, 6)]"],
  [
    "bincount",
    () => [torch.bincount(small), torch.bincount(small, torch.arange(12).to("float32"), 7)],
    "[torch.bincount(small), torch.bincount(small, torch.arange(12).float(), 7)]",
  ],
  [
    "bucketize/searchsorted",
    () => [
      torch.bucketize(x.mul(4).add(5), sorted.index(0)),
      torch.bucketize(torch.tensor([3, 5]), sorted.index(0), { right: true, outInt32: true }),
      torch.searchsorted(
        sorted,
        torch.tensor(
          [
            [4, 9],
            [1, 10],
          ],
          { dtype: "float32" },
        ),
      ),
      torch.searchsorted(
        sorted,
        torch.tensor(
          [
            [3, 9],
            [2, 10],
          ],
          { dtype: "float32" },
        ),
        { side: "right" },
      ),
    ],
    "[torch.bucketize(x * 4 + 5, sorted[0]), torch.bucketize(torch.tensor([3, 5]), sorted[0], right=True, out_int32=True), torch.searchsorted(sorted, torch.tensor([[4., 9], [1, 10]])), torch.searchsorted(sorted, torch.tensor([[3., 9], [2, 10]]), side='right')]",
  ],
  ["histc", () => [torch.histc(x, 5), torch.histc(x, 4, -1, 1)], "[torch.histc(x, 5), torch.histc(x, 4, -1, 1)]"],
  [
    "new* / half / mT",
    () => [x.newZeros([2, 3]), ints.newOnes(2), x.newFull([2], 7), ints.newTensor([1, 2]), x.half(), x.unsqueeze(0).mT],
    "[x.new_zeros(2, 3), ints.new_ones(2), x.new_full((2,), 7), ints.new_tensor([1, 2]), x.half(), x.unsqueeze(0).mT]",
  ],
  [
    "type / elementSize / nbytes / isSigned",
    () => [
      x.type() as string,
      ints.type() as string,
      x.type("int64") as Tensor,
      x.elementSize(),
      x.nbytes,
      mask.isSigned(),
      ints.isSigned(),
    ],
    "[x.type(), ints.type(), x.type(torch.int64), x.element_size(), x.numel() * x.element_size(), mask.is_signed(), ints.is_signed()]",
  ],
  [
    "addmm/addmv",
    () => [
      y.narrow(1, 0, 4).addmm(x, y.t(), { beta: 0.5, alpha: 2 }),
      vec.narrow(0, 0, 4).addmv(x, vec),
      torch.addmm(y.narrow(1, 0, 4), x, y.t()),
    ],
    "[y[:, :4].addmm(x, y.t(), beta=0.5, alpha=2), vec[:4].addmv(x, vec), torch.addmm(y[:, :4], x, y.t())]",
  ],
  [
    "clip/exp2/logaddexp/argwhere",
    () => [x.clip(-0.5, 0.5), x.exp2(), x.logaddexp(y), mask.argwhere()],
    "[x.clip(-0.5, 0.5), x.exp2(), x.logaddexp(y), mask.argwhere()]",
  ],
  [
    "where/fliplr/flipud/rot90/unfold",
    () => [
      x.where(mask, y),
      x.where(mask, 0.5),
      ints.where(mask, 0.5),
      x.fliplr(),
      x.flipud(),
      x.rot90(),
      x.rot90(3, [1, 0]),
      x.unfold(1, 2, 2),
    ],
    "[x.where(mask, y), torch.where(mask, x, 0.5), torch.where(mask, ints, 0.5), x.fliplr(), x.flipud(), x.rot90(), x.rot90(3, [1, 0]), x.unfold(1, 2, 2)]",
  ],
  [
    "sigmoid_/tanh_/floor_",
    () => [x.clone().sigmoid_(), x.clone().tanh_(), x.mul(3).floor_()],
    "[x.clone().sigmoid_(), x.clone().tanh_(), (x*3).floor_()]",
  ],
  [
    "F.affineGrid / F.gridSample (every mode and padding)",
    () => {
      const theta = torch.tensor([
        [
          [0.9, -0.3, 0.1],
          [0.2, 1.1, -0.2],
        ],
      ]);
      const img = x.view(1, 1, 4, 5);
      const g = F.affineGrid(theta, [1, 1, 3, 6], { alignCorners: false });
      const out: Tensor[] = [g, F.affineGrid(theta, [1, 1, 4, 4], { alignCorners: true })];
      for (const mode of ["bilinear", "nearest", "bicubic"] as const)
        for (const paddingMode of ["zeros", "border", "reflection"] as const)
          for (const alignCorners of [false, true]) out.push(F.gridSample(img, g, { mode, paddingMode, alignCorners }));
      return out;
    },
    "[g := F.affine_grid(th := torch.tensor([[[0.9, -0.3, 0.1], [0.2, 1.1, -0.2]]]), [1, 1, 3, 6], align_corners=False), F.affine_grid(th, [1, 1, 4, 4], align_corners=True)] + [F.grid_sample(x.view(1, 1, 4, 5), g, mode=m, padding_mode=p, align_corners=a) for m in ['bilinear', 'nearest', 'bicubic'] for p in ['zeros', 'border', 'reflection'] for a in [False, True]]",
  ],
  [
    "linspace/logspace/tril-triuIndices/meshgrid/h-v-dstack",
    () => [
      torch.linspace(-1, 2, 7),
      torch.linspace(0, 10, 5, { dtype: "int64" }),
      torch.logspace(0, 2, 3),
      torch.logspace(1, 3, 3, 2),
      torch.trilIndices(4, 3),
      torch.triuIndices(3, 4, 1),
      ...torch.meshgrid([vec, vec.narrow(0, 0, 3)], { indexing: "ij" }),
      ...torch.meshgrid([vec, vec.narrow(0, 0, 3)], { indexing: "xy" }),
      torch.hstack([x, y]),
      torch.vstack([vec, vec]),
      torch.dstack([x, y]),
    ],
    "[torch.linspace(-1, 2, 7), torch.linspace(0, 10, 5, dtype=torch.int64), torch.logspace(0, 2, 3), torch.logspace(1, 3, 3, 2), torch.tril_indices(4, 3), torch.triu_indices(3, 4, 1), *torch.meshgrid(vec, vec[:3], indexing='ij'), *torch.meshgrid(vec, vec[:3], indexing='xy'), torch.hstack([x, y]), torch.vstack([vec, vec]), torch.dstack([x, y])]",
  ],
  [
    "sampling after manual_seed: multinomial, bernoulli, poisson, normal, bernoulli_, exponential_",
    () => {
      torch.manualSeed(7);
      return [
        torch.multinomial(pos, 3),
        pos.multinomial(8, true),
        torch.bernoulli(unit.abs()),
        torch.poisson(pos.mul(4)),
        torch.normal(x, pos),
        torch.normal(2, 3, [2, 4]),
        torch.zeros([3, 4]).bernoulli_(0.3),
        torch.zeros([3, 4]).exponential_(2),
      ];
    },
    "(torch.manual_seed(7), [torch.multinomial(pos, 3), pos.multinomial(8, True), torch.bernoulli(unit.abs()), torch.poisson(pos * 4), torch.normal(x, pos), torch.normal(2, 3, (2, 4)), torch.zeros(3, 4).bernoulli_(0.3), torch.zeros(3, 4).exponential_(2)])[1]",
  ],
  [
    "FractionalMaxPool2d/3d (samples from torch.rand after manual_seed) and F.fractionalMaxPool2d",
    () => {
      const img = x.view(1, 2, 2, 5).repeat(2, 1, 3, 2);
      const vol = x.view(1, 1, 4, 5, 1).repeat(1, 2, 1, 1, 4);
      torch.manualSeed(3);
      const a = new torch.nn.FractionalMaxPool2d(2, { outputRatio: 0.5, returnIndices: true }).forward(img) as Tensor[];
      const b = new torch.nn.FractionalMaxPool2d([2, 3], [3, 4]).forward(img.index(0)) as Tensor;
      const c = new torch.nn.FractionalMaxPool3d(2, { outputSize: [2, 3, 2] }).forward(vol) as Tensor;
      const d = F.fractionalMaxPool2d(img, 3, { outputSize: 4, randomSamples: torch.full([2, 2, 2], 0.25) });
      return [...a, b, c, d, new torch.nn.FractionalMaxPool2d(2, { outputSize: 3 }).toString()];
    },
    "(img := x.view(1, 2, 2, 5).repeat(2, 1, 3, 2), vol := x.view(1, 1, 4, 5, 1).repeat(1, 2, 1, 1, 4), torch.manual_seed(3), [*nn.FractionalMaxPool2d(2, output_ratio=0.5, return_indices=True)(img), nn.FractionalMaxPool2d((2, 3), (3, 4))(img[0]), nn.FractionalMaxPool3d(2, output_size=(2, 3, 2))(vol), F.fractional_max_pool2d(img, 3, output_size=4, _random_samples=torch.full((2, 2, 2), 0.25)), str(nn.FractionalMaxPool2d(2, output_size=3))])[-1]",
  ],
  [
    "statistics: quantile, nanquantile, nansum, nanmean, varMean, stdMean, mode, diff, logcumsumexp, cov, corrcoef",
    () => {
      const withNan = x.maskedFill(x.gt(1), Number.NaN);
      return [
        x.quantile(0.3),
        x.quantile(torch.tensor([0.1, 0.9]), 1, true),
        x.quantile(0.5, 0, false, { interpolation: "nearest" }),
        withNan.nanquantile(0.4, 1),
        withNan.nansum(),
        withNan.nanmean(1),
        ...x.varMean(1),
        ...x.stdMean([0, 1], { unbiased: false, keepdim: true }),
        ...ints.mode(1),
        x.diff(),
        x.diff(2, 0, { prepend: y.narrow(0, 0, 1) }),
        x.logcumsumexp(1),
        x.cov(),
        x.cov({ correction: 0, fweights: torch.tensor([1, 2, 1, 3, 1]) }),
        x.corrcoef(),
        torch.quantile(x, 0.25),
      ];
    },
    "(withNan := x.masked_fill(x > 1, float('nan')), [x.quantile(0.3), x.quantile(torch.tensor([0.1, 0.9]), 1, True), x.quantile(0.5, 0, False, interpolation='nearest'), withNan.nanquantile(0.4, 1), withNan.nansum(), withNan.nanmean(1), *torch.var_mean(x, 1), *torch.std_mean(x, [0, 1], unbiased=False, keepdim=True), *ints.mode(1), x.diff(), x.diff(2, 0, prepend=y[:1]), x.logcumsumexp(1), x.cov(), x.cov(correction=0, fweights=torch.tensor([1, 2, 1, 3, 1])), x.corrcoef(), torch.quantile(x, 0.25)])[-1]",
  ],
  [
    "torch.* forms",
    () => [torch.topk(x, 2)[1], torch.cumsum(x, 0), torch.logsumexp(x, 0), torch.unbind(x)[2], torch.log1p(pos)],
    "[torch.topk(x, 2)[1], torch.cumsum(x, 0), torch.logsumexp(x, 0), torch.unbind(x)[2], torch.log1p(pos)]",
  ],
];

describe("tensor ops equal PyTorch's", () => {
  for (const [name, mine, expr] of CASES) {
    it(name, async () => {
      const ref = await py.eval(`out = ${expr}`, inputs);
      expectSame(mine(), ref, name);
    });
  }
});

describe("gradients", () => {
  const GRAD: Array<[string, (a: Tensor) => Tensor, string]> = [
    ["cumsum/cumprod", (a) => a.cumsum(1).mul(a.cumprod(0)).sum(), "a.cumsum(1).mul(a.cumprod(0)).sum()"],
    ["logsumexp", (a) => a.logsumexp(1).sum(), "a.logsumexp(1).sum()"],
    ["amax with ties", (a) => a.round().amax(1).sum().add(a.amax()), "a.round().amax(1).sum() + a.amax()"],
    [
      "norm",
      (a) => a.norm().add(a.norm(1, 0).sum()).add(a.norm(3, 1).sum()),
      "a.norm() + a.norm(1, 0).sum() + a.norm(3, 1).sum()",
    ],
    ["topk/median", (a) => a.topk(2)[0].sum().add(a.median()), "a.topk(2)[0].sum() + a.median()"],
    [
      "lerp/addcmul/addcdiv",
      (a) => a.lerp(y, 0.25).addcmul(a, y).addcdiv(y, pos).sum(),
      "a.lerp(y, 0.25).addcmul(a, y).addcdiv(y, pos).sum()",
    ],
    [
      "index ops",
      (a) =>
        a
          .clone()
          .indexAdd_(0, idx, a)
          .scatterAdd(1, torch.tensor([[0, 1, 2, 3, 4]]).expand([4, 5]), a)
          .sum(),
      "a.clone().index_add_(0, idx, a).scatter_add(1, torch.tensor([[0, 1, 2, 3, 4]]).expand(4, 5), a).sum()",
    ],
    [
      "trig/log",
      (a) => a.tan().add(a.sinh()).add(a.atan()).add(a.abs().log1p()).add(a.expm1()).sum(),
      "(a.tan() + a.sinh() + a.atan() + a.abs().log1p() + a.expm1()).sum()",
    ],
    [
      "einsum/cdist",
      (a) => torch.einsum("ij,ij->i", a, y).sum().add(torch.cdist(a, y).sum()),
      "torch.einsum('ij,ij->i', a, y).sum() + torch.cdist(a, y).sum()",
    ],
  ];
  for (const [name, f, expr] of GRAD) {
    it(name, async () => {
      const a = x.detach().requiresGrad_();
      f(a).backward();
      const ref = await py.eval(`a = x.detach().requires_grad_()\n(${expr}).backward()\nout = a.grad`, inputs);
      expectTensor(a.grad as Tensor, ref, {}, `${name} grad`);
    });
  }
});

describe("errors as PyTorch's", () => {
  const ERRORS: Array<[string, () => unknown, string]> = [
    ["topk k too large", () => x.topk(9), "x.topk(9)"],
    ["kthvalue out of range", () => x.kthvalue(0), "x.kthvalue(0)"],
    ["cross without a size-3 dim", () => x.cross(y, 1), "x.cross(y, 1)"],
    ["dot of 2-D", () => x.dot(y), "x.dot(y)"],
    ["bincount of negatives", () => torch.bincount(ints.flatten()), "torch.bincount(ints.flatten())"],
    ["oneHot of a float", () => F.oneHot(x), "F.one_hot(x)"],
    [
      "meshgrid of mixed dtypes",
      () => torch.meshgrid([vec, idx], { indexing: "ij" }),
      "torch.meshgrid(vec, idx, indexing='ij')",
    ],
    ["multinomial without replacement, too many", () => torch.multinomial(pos, 9), "torch.multinomial(pos, 9)"],
    ["FractionalMaxPool2d without a size", () => new torch.nn.FractionalMaxPool2d(2), "nn.FractionalMaxPool2d(2)"],
    [
      "FractionalMaxPool2d ratio out of range",
      () => new torch.nn.FractionalMaxPool2d(2, { outputRatio: 1.5 }),
      "nn.FractionalMaxPool2d(2, output_ratio=1.5)",
    ],
    [
      "FractionalMaxPool2d size and ratio",
      () => new torch.nn.FractionalMaxPool2d(2, 3, 0.5),
      "nn.FractionalMaxPool2d(2, 3, 0.5)",
    ],
    ["gridSample bad mode", () => F.gridSample(x, x, { mode: "area" as never }), "F.grid_sample(x, x, mode='area')"],
    [
      "affineGrid 3-D size",
      () => F.affineGrid(x.view(1, 4, 5), [1, 2, 3]),
      "F.affine_grid(x.view(1, 4, 5), [1, 2, 3])",
    ],
    ["einsum bad equation", () => torch.einsum("ij,jk", x), "torch.einsum('ij,jk', x)"],
    ["split size 0 with elements", () => x.split([1, 1], 0), "x.split([1, 1], 0)"],
    ["maskedSelect mask not bool", () => x.maskedSelect(ints), "x.masked_select(ints)"],
    ["bitwise on floats", () => x.bitwiseAnd(y), "x.bitwise_and(y)"],
  ];
  for (const [name, f, expr] of ERRORS) {
    it(name, async () => {
      const r = await py.run(`out = ${expr}`, inputs);
      expect(r.error, `PyTorch raised nothing for ${expr}`).toBeDefined();
      expect(f).toThrow((r.error as string).split("\n")[0]);
    });
  }
  it("argument checks are TypeErrors", () => {
    expect(() => x.topk("2" as never)).toThrow(TypeError);
    expect(() => x.unique({ sortd: true } as never)).toThrow(/sortd/);
    expect(() => x.norm("nuclear" as never)).toThrow("only valid string values are 'fro' and 'nuc', found nuclear");
    expect(() => torch.searchsorted(sorted, x, { side: "middle" as never })).toThrow(
      "side can only be 'left' or 'right'",
    );
  });
});
