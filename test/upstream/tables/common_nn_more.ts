// common_nn.py's tables (module_tests, new_module_tests, criterion_tests) for the activations, losses
// and layers added after issue #14 (see common_nn_layers.test.ts): each case named as upstream names
// it (module_name + desc) with upstream's constructor arguments and input sizes, made in float32.
import * as torch from "../../../lib";
import { nn, type Tensor } from "../../../lib";
import type { Case, FunctionalCase } from "./common_nn_layers";

const randn =
  (...shape: number[]) =>
  () =>
    torch.randn(shape);
const rand =
  (...shape: number[]) =>
  () =>
    torch.rand(shape);
/** upstream's _rand_tensor_non_equal: a random permutation of 1..n (no ties for max pooling). */
const nonEqual =
  (...shape: number[]) =>
  () =>
    torch
      .randperm(shape.reduce((a, b) => a * b, 1))
      .float()
      .add(1)
      .reshape(shape);
const longs =
  (n: number, ...shape: number[]) =>
  () =>
    torch.randint(0, n, shape);

// Single-input modules, run by the new_module_tests runner (forward, backward, parameter gradients).
export const MORE_LAYER_CASES: Case[] = [
  ["test_Threshold_threshold_value", () => new nn.Threshold(2.0, 1.0), "nn.Threshold(2., 1.)", randn(2, 3, 4, 5)],
  ["test_Threshold_large_value", () => new nn.Threshold(2.0, 10.0), "nn.Threshold(2., 10.)", randn(2, 3, 4, 5)],
  ["test_Threshold_threshold_value_scalar", () => new nn.Threshold(2.0, 1.0), "nn.Threshold(2., 1.)", randn()],
  ["test_RReLU", () => new nn.RReLU(), "nn.RReLU()", randn(1, 2, 2)],
  ["test_RReLU_with_up_down", () => new nn.RReLU(0.1, 0.9), "nn.RReLU(0.1, 0.9)", randn(4, 4, 5)],
  ["test_RReLU eval", () => new nn.RReLU(0.1, 0.9), "nn.RReLU(0.1, 0.9)", randn(4, 4, 5), { eval: true }],
  ["test_Softmax2d", () => new nn.Softmax2d(), "nn.Softmax2d()", randn(1, 3, 10, 20)],
  ["test_Softmax2d_no_batch_dim", () => new nn.Softmax2d(), "nn.Softmax2d()", randn(3, 4, 5)],
  ["test_Hardshrink", () => new nn.Hardshrink(2.0), "nn.Hardshrink(2.)", randn(4, 3, 2, 4)],
  ["test_Hardshrink default", () => new nn.Hardshrink(), "nn.Hardshrink()", randn(4, 3)],
  ["test_Softshrink", () => new nn.Softshrink(), "nn.Softshrink()", randn(3, 2, 5)],
  ["test_Softshrink_lambda", () => new nn.Softshrink(1), "nn.Softshrink(1.)", randn(3, 2, 5)],
  ["test_Softmin", () => new nn.Softmin(1), "nn.Softmin(1)", randn(10, 20)],
  ["test_Softmin_multidim", () => new nn.Softmin(1), "nn.Softmin(1)", randn(2, 3, 5, 10)],
  ["test_GLU", () => new nn.GLU(), "nn.GLU()", randn(5, 6)],
  ["test_GLU_dim", () => new nn.GLU(1), "nn.GLU(1)", randn(5, 6, 7)],
  ["test_LPPool2d", () => new nn.LPPool2d(2, 2, 2), "nn.LPPool2d(2, 2, 2)", randn(1, 3, 7, 7)],
  ["test_LPPool2d_norm", () => new nn.LPPool2d(1.5, 2), "nn.LPPool2d(1.5, 2)", rand(1, 3, 7, 7)],
  ["test_LPPool1d_norm", () => new nn.LPPool1d(1.5, 2), "nn.LPPool1d(1.5, 2)", rand(1, 3, 7)],
  ["test_LPPool1d", () => new nn.LPPool1d(2, 2, 3), "nn.LPPool1d(2, 2, 3)", randn(1, 3, 7)],
  ["test_LPPool1d_no_batch_dim", () => new nn.LPPool1d(2, 2, 3), "nn.LPPool1d(2, 2, 3)", randn(3, 7)],
  ["test_LocalResponseNorm_1d", () => new nn.LocalResponseNorm(3), "nn.LocalResponseNorm(3, )", randn(1, 5, 7)],
  [
    "test_LocalResponseNorm_2d_uneven_pad",
    () => new nn.LocalResponseNorm(2),
    "nn.LocalResponseNorm(2, )",
    randn(1, 5, 7, 7),
  ],
  [
    "test_LocalResponseNorm_3d_custom_params",
    () => new nn.LocalResponseNorm(1, 1.0, 0.5, 2.0),
    "nn.LocalResponseNorm(1, 1., 0.5, 2.)",
    randn(1, 5, 7, 7, 7),
  ],
  ["test_AdaptiveMaxPool1d", () => new nn.AdaptiveMaxPool1d(3), "nn.AdaptiveMaxPool1d(3)", nonEqual(1, 3, 5)],
  ["test_AdaptiveMaxPool1d_no_batch_dim", () => new nn.AdaptiveMaxPool1d(3), "nn.AdaptiveMaxPool1d(3)", nonEqual(3, 5)],
  [
    "AdaptiveMaxPool1d return_indices",
    () => new nn.AdaptiveMaxPool1d(3, true),
    "nn.AdaptiveMaxPool1d(3, True)",
    nonEqual(2, 3, 7),
  ],
  [
    "test_AdaptiveMaxPool3d_single",
    () => new nn.AdaptiveMaxPool3d(3),
    "nn.AdaptiveMaxPool3d(3)",
    nonEqual(2, 3, 5, 6, 7),
  ],
  [
    "test_AdaptiveMaxPool3d_no_batch_dim",
    () => new nn.AdaptiveMaxPool3d(3),
    "nn.AdaptiveMaxPool3d(3)",
    nonEqual(3, 5, 6, 7),
  ],
  [
    "test_AdaptiveMaxPool3d_tuple",
    () => new nn.AdaptiveMaxPool3d([3, 4, 5]),
    "nn.AdaptiveMaxPool3d((3, 4, 5))",
    nonEqual(2, 3, 5, 6, 7),
  ],
  [
    "test_AdaptiveMaxPool3d_tuple_none",
    () => new nn.AdaptiveMaxPool3d([3, null, 5]),
    "nn.AdaptiveMaxPool3d((3, None, 5))",
    nonEqual(2, 3, 5, 6, 7),
  ],
  [
    "test_AdaptiveMaxPool3d_single_nonatomic",
    () => new nn.AdaptiveMaxPool3d(3),
    "nn.AdaptiveMaxPool3d(3)",
    nonEqual(2, 3, 12, 9, 3),
  ],
  [
    "test_AdaptiveMaxPool3d_tuple_nonatomic",
    () => new nn.AdaptiveMaxPool3d([3, 4, 5]),
    "nn.AdaptiveMaxPool3d((3, 4, 5))",
    nonEqual(2, 3, 6, 4, 10),
  ],
  [
    "AdaptiveMaxPool3d return_indices",
    () => new nn.AdaptiveMaxPool3d(2, { returnIndices: true }),
    "nn.AdaptiveMaxPool3d(2, return_indices=True)",
    nonEqual(1, 2, 4, 4, 4),
  ],
  [
    "test_EmbeddingBag_mean",
    () => new nn.EmbeddingBag(4, 3),
    "nn.EmbeddingBag(4, 3)",
    longs(4, 2, 3),
    { intInput: true },
  ],
  [
    "test_EmbeddingBag_discontiguous",
    () => new nn.EmbeddingBag(4, 3),
    "nn.EmbeddingBag(4, 3)",
    () => torch.randint(0, 4, [1, 512]).expand([7, 512]),
    { intInput: true },
  ],
  [
    "test_EmbeddingBag_sum",
    () => new nn.EmbeddingBag(4, 3, null, 2.0, false, "sum"),
    "nn.EmbeddingBag(4, 3, None, 2., False, 'sum')",
    longs(4, 2, 3),
    { intInput: true },
  ],
  [
    "test_EmbeddingBag_max",
    () => new nn.EmbeddingBag(4, 3, null, 2.0, false, "max"),
    "nn.EmbeddingBag(4, 3, None, 2., False, 'max')",
    longs(4, 2, 3),
    { intInput: true },
  ],
  [
    "EmbeddingBag padding_idx",
    () => new nn.EmbeddingBag(5, 3, { mode: "sum", paddingIdx: -1 }),
    "nn.EmbeddingBag(5, 3, mode='sum', padding_idx=-1)",
    longs(5, 3, 4),
    { intInput: true },
  ],
  [
    "EmbeddingBag max_norm",
    () => new nn.EmbeddingBag(6, 3, { maxNorm: 1.0, normType: 1 }),
    "nn.EmbeddingBag(6, 3, max_norm=1.0, norm_type=1)",
    longs(6, 2, 4),
    { intInput: true },
  ],
  [
    "test_Fold",
    () => new nn.Fold([3, 3], [2, 2], [1, 1], [0, 0], [1, 1]),
    "nn.Fold((3, 3), (2, 2), (1, 1), (0, 0), (1, 1))",
    randn(2, 16, 4),
  ],
  ["test_Fold_no_batch_dim_input", () => new nn.Fold([3, 3], [2, 2]), "nn.Fold((3, 3), (2, 2))", randn(16, 4)],
  ["test_Fold_int_input", () => new nn.Fold(3, 2, 1, 0, 1), "nn.Fold(3, 2, 1, 0, 1)", randn(2, 16, 4)],
  [
    "test_Unfold",
    () => new nn.Unfold([2, 2], [1, 1], [0, 0], [1, 1]),
    "nn.Unfold((2, 2), (1, 1), (0, 0), (1, 1))",
    randn(2, 4, 3, 3),
  ],
  ["test_Unfold_int_input", () => new nn.Unfold(2, 1, 0, 1), "nn.Unfold(2, 1, 0, 1)", randn(2, 4, 3, 3)],
  ["test_Unfold_no_batch_dim_input", () => new nn.Unfold([2, 2]), "nn.Unfold((2, 2))", randn(4, 3, 3)],
  [
    "Unfold dilation padding stride",
    () => new nn.Unfold(3, { dilation: 2, padding: 1, stride: 2 }),
    "nn.Unfold(3, dilation=2, padding=1, stride=2)",
    randn(1, 2, 7, 8),
  ],
  // PyTorch 1.13 has no derivative for channel_shuffle: forward only.
  ["ChannelShuffle", () => new nn.ChannelShuffle(2), "nn.ChannelShuffle(2)", randn(2, 6, 3, 3), { intInput: true }],
  [
    "ChannelShuffle groups 3",
    () => new nn.ChannelShuffle(3),
    "nn.ChannelShuffle(3)",
    randn(1, 9, 4),
    { intInput: true },
  ],
  ["AlphaDropout train", () => new nn.AlphaDropout(0.3), "nn.AlphaDropout(0.3)", randn(4, 5)],
  ["AlphaDropout eval", () => new nn.AlphaDropout(), "nn.AlphaDropout()", randn(4, 5), { eval: true }],
  [
    "FeatureAlphaDropout train",
    () => new nn.FeatureAlphaDropout(0.4),
    "nn.FeatureAlphaDropout(0.4)",
    randn(2, 3, 4, 4),
  ],
];

// Modules of several inputs (losses, Bilinear, EmbeddingBag with offsets): [name, module, Python
// constructor, the tensor inputs, the extra (non-gradient) arguments, options]. Outputs and the
// gradients of the floating inputs and the parameters, from backward of ones, against live PyTorch.
/** eval: the module in eval mode; fixed: indices of floating inputs that take no gradient (targets). */
export type MultiCase = [
  string,
  () => nn.Module,
  string,
  () => Tensor[],
  unknown[]?,
  { eval?: boolean; fixed?: number[] }?,
];
const sign = (...s: number[]) => torch.randn(s).sign();
const pm1 = (...s: number[]) => torch.randn(s).gt(0).float().mul(2).sub(1);
const ctcIn = () => torch.randn([50, 3, 15]).logSoftmax(2);
export const MULTI_CASES: MultiCase[] = [
  [
    "test_HingeEmbeddingLoss",
    () => new nn.HingeEmbeddingLoss(),
    "nn.HingeEmbeddingLoss()",
    () => [torch.randn([10]), pm1(10)],
  ],
  [
    "test_HingeEmbeddingLoss_margin",
    () => new nn.HingeEmbeddingLoss(0.5),
    "nn.HingeEmbeddingLoss(0.5)",
    () => [torch.randn([10]), pm1(10)],
  ],
  [
    "test_HingeEmbeddingLoss_scalar_margin",
    () => new nn.HingeEmbeddingLoss(0.5),
    "nn.HingeEmbeddingLoss(0.5)",
    () => [torch.randn([]), pm1()],
  ],
  [
    "HingeEmbeddingLoss reduction none",
    () => new nn.HingeEmbeddingLoss({ reduction: "none" }),
    "nn.HingeEmbeddingLoss(reduction='none')",
    () => [torch.randn([4, 5]), pm1(4, 5)],
  ],
  [
    "test_MultiLabelMarginLoss_1d",
    () => new nn.MultiLabelMarginLoss(),
    "nn.MultiLabelMarginLoss()",
    () => [torch.randn([10]), torch.rand([10]).mul(10).floor().long()],
  ],
  [
    "test_MultiLabelMarginLoss",
    () => new nn.MultiLabelMarginLoss(),
    "nn.MultiLabelMarginLoss()",
    () => [torch.randn([5, 10]), torch.rand([5, 10]).mul(10).floor().long()],
  ],
  [
    "MultiLabelMarginLoss sum",
    () => new nn.MultiLabelMarginLoss(null, null, "sum"),
    "nn.MultiLabelMarginLoss(None, None, 'sum')",
    () => [torch.randn([5, 10]), torch.rand([5, 10]).mul(10).floor().long()],
  ],
  [
    "test_MultiLabelSoftMarginLoss",
    () => new nn.MultiLabelSoftMarginLoss(),
    "nn.MultiLabelSoftMarginLoss()",
    () => [torch.randn([5, 10]), torch.rand([5, 10]).mul(2).floor()],
  ],
  [
    "test_MultiLabelSoftMarginLoss_weights",
    () => new nn.MultiLabelSoftMarginLoss(torch.arange(1, 11, 1, { dtype: "float32" }).div(10)),
    "nn.MultiLabelSoftMarginLoss(torch.arange(1, 11, dtype=torch.float32) / 10)",
    () => [torch.randn([5, 10]), torch.rand([5, 10]).mul(2).floor()],
  ],
  [
    "MultiLabelSoftMarginLoss reduce=False",
    () => new nn.MultiLabelSoftMarginLoss({ reduce: false }),
    "nn.MultiLabelSoftMarginLoss(reduce=False)",
    () => [torch.randn([5, 10]), torch.rand([5, 10]).mul(2).floor()],
  ],
  [
    "test_MultiMarginLoss",
    () => new nn.MultiMarginLoss(),
    "nn.MultiMarginLoss()",
    () => [torch.randn([5, 10]), torch.rand([5]).mul(8).floor().long()],
  ],
  [
    "test_MultiMarginLoss_1d",
    () => new nn.MultiMarginLoss(),
    "nn.MultiMarginLoss()",
    () => [torch.randn([10]), torch.rand([1]).mul(8).floor().long()],
  ],
  [
    "test_MultiMarginLoss_p",
    () => new nn.MultiMarginLoss(2),
    "nn.MultiMarginLoss(2)",
    () => [torch.rand([5, 10]).clamp_(1e-2, 1 - 1e-2), torch.rand([5]).mul(8).floor().long()],
  ],
  [
    "test_MultiMarginLoss_margin",
    () => new nn.MultiMarginLoss(1, 0.5),
    "nn.MultiMarginLoss(1, 0.5)",
    () => [torch.randn([5, 10]), torch.rand([5]).mul(8).floor().long()],
  ],
  [
    "test_MultiMarginLoss_weights",
    () => new nn.MultiMarginLoss(1, 1.0, torch.arange(1, 11, 1, { dtype: "float32" }).div(10)),
    "nn.MultiMarginLoss(1, 1., torch.arange(1, 11, dtype=torch.float32) / 10)",
    () => [torch.randn([5, 10]), torch.rand([5]).mul(8).floor().long()],
  ],
  [
    "test_SoftMarginLoss",
    () => new nn.SoftMarginLoss(),
    "nn.SoftMarginLoss()",
    () => [torch.randn([5, 5]), sign(5, 5)],
    [],
    { fixed: [1] },
  ],
  [
    "SoftMarginLoss sum",
    () => new nn.SoftMarginLoss({ reduction: "sum" }),
    "nn.SoftMarginLoss(reduction='sum')",
    () => [torch.randn([5, 5]), sign(5, 5)],
    [],
    { fixed: [1] },
  ],
  [
    "test_CosineEmbeddingLoss",
    () => new nn.CosineEmbeddingLoss(),
    "nn.CosineEmbeddingLoss()",
    () => [torch.rand([15, 10]), torch.rand([15, 10]), sign(15)],
  ],
  [
    "test_CosineEmbeddingLoss_margin",
    () => new nn.CosineEmbeddingLoss(0.7),
    "nn.CosineEmbeddingLoss(0.7)",
    () => [torch.rand([15, 10]), torch.rand([15, 10]), sign(15)],
  ],
  [
    "test_MarginRankingLoss",
    () => new nn.MarginRankingLoss(),
    "nn.MarginRankingLoss()",
    () => [torch.randn([50]).mul(10), torch.randn([50]).mul(10), sign(50)],
  ],
  [
    "test_MarginRankingLoss_margin",
    () => new nn.MarginRankingLoss(0.5),
    "nn.MarginRankingLoss(0.5)",
    () => [torch.randn([50]).mul(10), torch.randn([50]).mul(10), sign(50)],
  ],
  [
    "MarginRankingLoss none",
    () => new nn.MarginRankingLoss({ margin: 0.2, reduction: "none" }),
    "nn.MarginRankingLoss(margin=0.2, reduction='none')",
    () => [torch.randn([6]), torch.randn([6]), sign(6)],
  ],
  [
    "test_TripletMarginLoss",
    () => new nn.TripletMarginLoss(),
    "nn.TripletMarginLoss()",
    () => [torch.randn([5, 10]), torch.randn([5, 10]), torch.randn([5, 10])],
  ],
  [
    "TripletMarginLoss p=1 swap",
    () => new nn.TripletMarginLoss(0.5, 1, 1e-6, true),
    "nn.TripletMarginLoss(0.5, 1, 1e-6, True)",
    () => [torch.randn([5, 10]), torch.randn([5, 10]), torch.randn([5, 10])],
  ],
  [
    "TripletMarginLoss no_batch_dim sum",
    () => new nn.TripletMarginLoss({ reduction: "sum" }),
    "nn.TripletMarginLoss(reduction='sum')",
    () => [torch.randn([10]), torch.randn([10]), torch.randn([10])],
  ],
  [
    "test_PoissonNLLLoss_no_full_loss",
    () => new nn.PoissonNLLLoss(),
    "nn.PoissonNLLLoss()",
    () => [torch.randn([2, 3, 4, 5]), torch.randn([2, 3, 4, 5]).floor_().abs_()],
  ],
  [
    "test_PoissonNLLLoss_no_full_loss_no_log_input",
    () => new nn.PoissonNLLLoss(false, false),
    "nn.PoissonNLLLoss(False, False)",
    () => [torch.randn([2, 3, 4, 5]).abs_().add_(0.001), torch.randn([2, 3, 4, 5]).floor_().abs_()],
  ],
  [
    "test_PoissonNLLLoss_full_loss",
    () => new nn.PoissonNLLLoss(true, true),
    "nn.PoissonNLLLoss(True, True)",
    () => [torch.randn([2, 3, 4, 5]), torch.randn([2, 3, 4, 5]).floor_().abs_()],
  ],
  [
    "test_PoissonNLLLoss_full_loss_no_log_input",
    () => new nn.PoissonNLLLoss(false, true),
    "nn.PoissonNLLLoss(False, True)",
    () => [torch.randn([2, 3, 4, 5]).abs_().add_(0.001), torch.randn([2, 3, 4, 5]).floor_().abs_()],
  ],
  [
    "GaussianNLLLoss",
    () => new nn.GaussianNLLLoss(),
    "nn.GaussianNLLLoss()",
    () => [torch.randn([4, 3]), torch.randn([4, 3]), torch.rand([4, 3]).add(0.1)],
  ],
  [
    "GaussianNLLLoss homoscedastic full sum",
    () => new nn.GaussianNLLLoss({ full: true, reduction: "sum" }),
    "nn.GaussianNLLLoss(full=True, reduction='sum')",
    () => [torch.randn([4, 3]), torch.randn([4, 3]), torch.rand([4]).add(0.1)],
  ],
  [
    "GaussianNLLLoss var [N, 1], eps clamps, none",
    () => new nn.GaussianNLLLoss({ eps: 0.3, reduction: "none" }),
    "nn.GaussianNLLLoss(eps=0.3, reduction='none')",
    () => [torch.randn([4, 3]), torch.randn([4, 3]), torch.rand([4, 1])],
  ],
  [
    "test_CTCLoss_lengths_intlists",
    () => new nn.CTCLoss(14),
    "nn.CTCLoss(14)",
    () => [ctcIn(), torch.randint(0, 14, [3, 30])],
    [
      [50, 50, 50],
      [30, 25, 20],
    ],
  ],
  [
    "test_CTCLoss_lengths_tensors",
    () => new nn.CTCLoss(14),
    "nn.CTCLoss(14)",
    () => [ctcIn(), torch.randint(0, 14, [3, 30])],
    [torch.tensor([50, 50, 50], { dtype: "int64" }), torch.tensor([30, 25, 20], { dtype: "int64" })],
  ],
  [
    "test_CTCLoss_2d_int_target_lengths_intlists",
    () => new nn.CTCLoss(0),
    "nn.CTCLoss(0)",
    () => [ctcIn(), torch.randint(1, 15, [3, 30], { dtype: "int32" })],
    [
      [50, 50, 50],
      [30, 25, 20],
    ],
  ],
  [
    "test_CTCLoss_2d_int_target_lengths_tensors",
    () => new nn.CTCLoss(0),
    "nn.CTCLoss(0)",
    () => [ctcIn(), torch.randint(1, 15, [3, 30], { dtype: "int32" })],
    [torch.tensor([50, 50, 50], { dtype: "int64" }), torch.tensor([30, 25, 20], { dtype: "int64" })],
  ],
  [
    "CTCLoss sum zero_infinity",
    () => new nn.CTCLoss(0, "sum", true),
    "nn.CTCLoss(0, 'sum', True)",
    () => [torch.randn([6, 2, 5]).logSoftmax(2), torch.randint(1, 5, [2, 8])],
    [
      [6, 6],
      [8, 3],
    ],
  ],
  [
    "test_Bilinear",
    () => new nn.Bilinear(2, 3, 4),
    "nn.Bilinear(2, 3, 4)",
    () => [torch.randn([8, 2]), torch.randn([8, 3])],
  ],
  [
    "Bilinear no bias, extra dims",
    () => new nn.Bilinear(3, 2, 5, false),
    "nn.Bilinear(3, 2, 5, False)",
    () => [torch.randn([2, 4, 3]), torch.randn([2, 4, 2])],
  ],
  [
    "EmbeddingBag 1-D input with offsets, per_sample_weights",
    () => new nn.EmbeddingBag(10, 3, { mode: "sum" }),
    "nn.EmbeddingBag(10, 3, mode='sum')",
    () => [torch.randint(0, 10, [8]), torch.tensor([0, 3, 3, 6], { dtype: "int64" }), torch.rand([8])],
  ],
  [
    "EmbeddingBag include_last_offset max",
    () => new nn.EmbeddingBag(10, 3, { mode: "max", includeLastOffset: true }),
    "nn.EmbeddingBag(10, 3, mode='max', include_last_offset=True)",
    () => [torch.randint(0, 10, [8]), torch.tensor([0, 2, 5, 8], { dtype: "int64" })],
  ],
  [
    "MaxUnpool1d",
    () => new nn.MaxUnpool1d(2),
    "nn.MaxUnpool1d(2)",
    () => {
      const [o, i] = torch.nn.functional.maxPool1d(torch.randn([2, 3, 8]), 2, { returnIndices: true });
      return [o, i];
    },
  ],
  [
    "MaxUnpool1d stride padding output_size",
    () => new nn.MaxUnpool1d(3, 2, 1),
    "nn.MaxUnpool1d(3, 2, 1)",
    () => {
      const [o, i] = torch.nn.functional.maxPool1d(torch.randn([2, 3, 10]), 3, 2, 1, 1, false, true);
      return [o, i];
    },
    [[2, 3, 10]],
  ],
  [
    "MaxUnpool3d",
    () => new nn.MaxUnpool3d(2),
    "nn.MaxUnpool3d(2)",
    () => {
      const [o, i] = torch.nn.functional.maxPool3d(torch.randn([1, 2, 4, 4, 4]), 2, { returnIndices: true });
      return [o, i];
    },
  ],
  [
    "MaxUnpool3d stride",
    () => new nn.MaxUnpool3d([2, 2, 2], [1, 2, 2]),
    "nn.MaxUnpool3d((2, 2, 2), (1, 2, 2))",
    () => {
      const [o, i] = torch.nn.functional.maxPool3d(torch.randn([1, 2, 4, 4, 4]), 2, [1, 2, 2], 0, 1, false, true);
      return [o, i];
    },
  ],
];

const F = nn.functional;
const x1 =
  (...s: number[]) =>
  () => ({ i: torch.randn(s) });
// The functional forms (positional, options, in place) against PyTorch's expression on the same tensors.
export const FUNCTIONAL_MORE_TESTS: FunctionalCase[] = [
  ["F.threshold", (i) => F.threshold(i, 0.1, 20), "F.threshold(i, 0.1, 20)", x1(3, 4)],
  [
    "F.threshold inplace",
    (i) => F.threshold(i.mul(1), 0, -1, { inplace: true }),
    "F.threshold(i * 1, 0, -1, inplace=True)",
    x1(3, 4),
  ],
  ["F.glu dim 0", (i) => F.glu(i, 0), "F.glu(i, 0)", x1(4, 3)],
  ["F.hardshrink", (i) => F.hardshrink(i, 0.3), "F.hardshrink(i, 0.3)", x1(3, 4)],
  ["F.softshrink default", (i) => F.softshrink(i), "F.softshrink(i)", x1(3, 4)],
  ["F.softmin dtype", (i) => F.softmin(i, 1, { dtype: "float64" }), "F.softmin(i, 1, dtype=torch.float64)", x1(3, 4)],
  ["F.rrelu eval", (i) => F.rrelu(i, 0.2, 0.4), "F.rrelu(i, 0.2, 0.4)", x1(3, 4)],
  ["F.rrelu inplace eval", (i) => F.rrelu(i.mul(1), { inplace: true }), "F.rrelu(i * 1, inplace=True)", x1(3, 4)],
  [
    "F.bilinear",
    (i, { a, w, b }) => F.bilinear(i, a, w, b),
    "F.bilinear(i, a, w, b)",
    () => ({ i: torch.randn([5, 2]), a: torch.randn([5, 3]), w: torch.randn([4, 2, 3]), b: torch.randn([4]) }),
  ],
  [
    "F.local_response_norm",
    (i) => F.localResponseNorm(i, 3, 0.01, 0.5, 2),
    "F.local_response_norm(i, 3, 0.01, 0.5, 2)",
    x1(2, 6, 5),
  ],
  ["F.alpha_dropout eval", (i) => F.alphaDropout(i, 0.5), "F.alpha_dropout(i, 0.5)", x1(3, 4)],
  ["F.unfold", (i) => F.unfold(i, [2, 3], { padding: 1 }), "F.unfold(i, (2, 3), padding=1)", x1(1, 2, 4, 5)],
  ["F.fold", (i) => F.fold(i, [4, 5], 2, 1, 0, [2, 1]), "F.fold(i, (4, 5), 2, 1, 0, (2, 1))", x1(1, 8, 8)],
  [
    "F.lp_pool2d stride",
    (i) => F.lpPool2d(i.abs(), 3, [2, 3], 1, true),
    "F.lp_pool2d(i.abs(), 3, (2, 3), 1, True)",
    x1(1, 2, 5, 6),
  ],
  ["F.lp_pool1d", (i) => F.lpPool1d(i, 2, 3), "F.lp_pool1d(i, 2, 3)", x1(2, 3, 9)],
  [
    "F.adaptive_max_pool1d return_indices",
    (i) => F.adaptiveMaxPool1d(i, 4, true),
    "F.adaptive_max_pool1d(i, 4, True)",
    x1(2, 3, 9),
  ],
  [
    "F.adaptive_max_pool3d",
    (i) => F.adaptiveMaxPool3d(i, [2, null, 3]),
    "F.adaptive_max_pool3d(i, (2, None, 3))",
    x1(1, 2, 4, 5, 6),
  ],
  [
    "F.embedding_bag (weight grad)",
    (i, { idx, off }) => F.embeddingBag(idx, i, { offsets: off, mode: "sum" }),
    "F.embedding_bag(idx, i, off, mode='sum')",
    () => ({ i: torch.randn([6, 4]), idx: torch.randint(0, 6, [7]), off: torch.tensor([0, 2, 2], { dtype: "int64" }) }),
  ],
  [
    "F.embedding_bag padding_idx mean",
    (i, { idx }) => F.embeddingBag(idx, i, { paddingIdx: 0 }),
    "F.embedding_bag(idx, i, padding_idx=0)",
    () => ({ i: torch.randn([6, 4]), idx: torch.randint(0, 6, [3, 4]) }),
  ],
  [
    "F.margin_ranking_loss positional",
    (i, { b, t }) => F.marginRankingLoss(i, b, t, 0.1, null, null, "sum"),
    "F.margin_ranking_loss(i, b, t, 0.1, None, None, 'sum')",
    () => ({ i: torch.randn([5]), b: torch.randn([5]), t: torch.randn([5]).sign() }),
  ],
  [
    "F.hinge_embedding_loss",
    (i, { t }) => F.hingeEmbeddingLoss(i, t, { margin: 2 }),
    "F.hinge_embedding_loss(i, t, margin=2)",
    () => ({ i: torch.randn([3, 4]), t: torch.randn([3, 4]).sign() }),
  ],
  [
    "F.soft_margin_loss none",
    (i, { t }) => F.softMarginLoss(i, t, { reduction: "none" }),
    "F.soft_margin_loss(i, t, reduction='none')",
    () => ({ i: torch.randn([3, 4]), t: torch.randn([3, 4]).sign() }),
  ],
  [
    "F.cosine_embedding_loss none",
    (i, { b, t }) => F.cosineEmbeddingLoss(i, b, t, { reduction: "none" }),
    "F.cosine_embedding_loss(i, b, t, reduction='none')",
    () => ({ i: torch.randn([4, 5]), b: torch.randn([4, 5]), t: torch.randn([4]).sign() }),
  ],
  [
    "F.triplet_margin_loss positional",
    (i, { b, c }) => F.tripletMarginLoss(i, b, c, 1.5, 3, 1e-6, true, null, null, "none"),
    "F.triplet_margin_loss(i, b, c, 1.5, 3, 1e-6, True, None, None, 'none')",
    () => ({ i: torch.randn([4, 5]), b: torch.randn([4, 5]), c: torch.randn([4, 5]) }),
  ],
  [
    "F.multilabel_soft_margin_loss sum weight",
    (i, { t, w }) => F.multilabelSoftMarginLoss(i, t, w, null, null, "sum"),
    "F.multilabel_soft_margin_loss(i, t, w, None, None, 'sum')",
    () => ({ i: torch.randn([3, 5]), t: torch.rand([3, 5]).gt(0.5).float(), w: torch.rand([5]) }),
  ],
  [
    "F.multi_margin_loss p=2 weight none",
    (i, { t, w }) => F.multiMarginLoss(i, t, { p: 2, margin: 0.5, weight: w, reduction: "none" }),
    "F.multi_margin_loss(i, t, p=2, margin=0.5, weight=w, reduction='none')",
    () => ({ i: torch.randn([4, 6]), t: torch.randint(0, 6, [4]), w: torch.rand([6]) }),
  ],
  [
    "F.multilabel_margin_loss none",
    (i, { t }) => F.multilabelMarginLoss(i, t, { reduction: "none" }),
    "F.multilabel_margin_loss(i, t, reduction='none')",
    () => ({
      i: torch.randn([3, 5]),
      t: torch.tensor(
        [
          [3, 0, -1, 1, 2],
          [1, 2, 3, 4, 0],
          [-1, 0, 0, 0, 0],
        ],
        { dtype: "int64" },
      ),
    }),
  ],
  [
    "F.poisson_nll_loss positional eps",
    (i, { t }) => F.poissonNllLoss(i, t, false, true, null, 0.5, null, "none"),
    "F.poisson_nll_loss(i, t, False, True, None, 0.5, None, 'none')",
    () => ({ i: torch.rand([3, 4]), t: torch.randint(0, 4, [3, 4]).float() }),
  ],
  [
    "F.gaussian_nll_loss positional",
    (i, { t, v }) => F.gaussianNllLoss(i, t, v, true, 1e-3, "sum"),
    "F.gaussian_nll_loss(i, t, v, True, 1e-3, 'sum')",
    () => ({ i: torch.randn([3, 4]), t: torch.randn([3, 4]), v: torch.rand([3, 4]) }),
  ],
  [
    "F.ctc_loss unbatched",
    (i, { t }) => F.ctcLoss(i.logSoftmax(1), t, [8], [3], { reduction: "sum" }),
    "F.ctc_loss(i.log_softmax(1), t, [8], [3], reduction='sum')",
    () => ({ i: torch.randn([8, 5]), t: torch.tensor([1, 2, 2], { dtype: "int64" }) }),
  ],
  [
    "F.max_unpool1d",
    (i, { idx }) => F.maxUnpool1d(i, idx, 2),
    "F.max_unpool1d(i, idx, 2)",
    () => {
      const [o, idx] = F.maxPool1d(torch.randn([1, 2, 6]), 2, { returnIndices: true });
      return { i: o, idx };
    },
  ],
  [
    "F.max_unpool3d output_size",
    (i, { idx }) => F.maxUnpool3d(i, idx, 2, { outputSize: [5, 5, 5] }),
    "F.max_unpool3d(i, idx, 2, output_size=[5, 5, 5])",
    () => {
      const [o, idx] = F.maxPool3d(torch.randn([1, 1, 5, 5, 5]), 2, { returnIndices: true });
      return { i: o, idx };
    },
  ],
];

// Bad arguments: [name, torchts call, the PyTorch code that raises].
export const BAD_MORE: Array<[string, (x: Tensor) => unknown, string]> = [
  ["glu of a scalar", () => F.glu(torch.tensor(1.0)), "F.glu(torch.tensor(1.))"],
  ["glu odd size", (x) => F.glu(x, 1), "F.glu(x, 1)"],
  ["threshold value not a number", (x) => F.threshold(x, 1, "a" as never), "F.threshold(x, 1, 'a')"],
  ["Threshold missing arguments", () => new (nn.Threshold as new (...a: unknown[]) => unknown)(), "nn.Threshold()"],
  [
    "Softmax2d of a 2-D input",
    () => new nn.Softmax2d().forward(torch.zeros([2, 3])),
    "nn.Softmax2d()(torch.zeros(2, 3))",
  ],
  ["hardshrink lambd None", (x) => F.hardshrink(x, null as never), "F.hardshrink(x, None)"],
  ["rrelu training not a bool", (x) => F.rrelu(x, 0.1, 0.3, 1 as never), "F.rrelu(x, 0.1, 0.3, 1)"],
  [
    "margin_ranking_loss dims",
    (x) => F.marginRankingLoss(x, torch.zeros([2]), torch.zeros([2])),
    "F.margin_ranking_loss(x, torch.zeros(2), torch.zeros(2))",
  ],
  [
    "multi_margin_loss p=3",
    (x) => F.multiMarginLoss(x, torch.zeros([2], { dtype: "int64" }), { p: 3 }),
    "F.multi_margin_loss(x, torch.zeros(2, dtype=torch.long), p=3)",
  ],
  ["MultiMarginLoss p=3", () => new nn.MultiMarginLoss(3), "nn.MultiMarginLoss(3)"],
  [
    "multi_margin_loss 2-D weight",
    () => F.multiMarginLoss(torch.zeros([2, 3]), torch.zeros([2], { dtype: "int64" }), { weight: torch.ones([1, 3]) }),
    "F.multi_margin_loss(torch.zeros(2, 3), torch.zeros(2, dtype=torch.long), weight=torch.ones(1, 3))",
  ],
  [
    "multilabel_soft_margin_loss bad reduction",
    (x) => F.multilabelSoftMarginLoss(x, x, { reduction: "bad" as never }),
    "F.multilabel_soft_margin_loss(x, x, reduction='bad')",
  ],
  [
    "poisson_nll_loss bad reduction",
    (x) => F.poissonNllLoss(x, x, { reduction: "avg" as never }),
    "F.poisson_nll_loss(x, x, reduction='avg')",
  ],
  [
    "soft_margin_loss bad reduction",
    (x) => F.softMarginLoss(x, x, { reduction: "avg" as never }),
    "F.soft_margin_loss(x, x, reduction='avg')",
  ],
  [
    "gaussian_nll_loss var of incorrect size",
    (x) => F.gaussianNllLoss(x, x, torch.ones([2, 2])),
    "F.gaussian_nll_loss(x, x, torch.ones(2, 2))",
  ],
  [
    "gaussian_nll_loss negative var",
    (x) => F.gaussianNllLoss(x, x, torch.ones([2, 3, 4]).neg()),
    "F.gaussian_nll_loss(x, x, -torch.ones(2, 3, 4))",
  ],
  [
    "gaussian_nll_loss bad reduction",
    (x) => F.gaussianNllLoss(x, x, torch.ones([2, 3, 4]), { reduction: "avg" as never }),
    "F.gaussian_nll_loss(x, x, torch.ones(2, 3, 4), reduction='avg')",
  ],
  [
    "GaussianNLLLoss positional",
    () => new (nn.GaussianNLLLoss as new (...a: unknown[]) => unknown)(true),
    "nn.GaussianNLLLoss(True)",
  ],
  [
    "cosine_embedding_loss margin str",
    (x) => F.cosineEmbeddingLoss(x, x, x, "a" as never),
    "F.cosine_embedding_loss(x, x, x, 'a')",
  ],
  [
    "triplet_margin_loss swap not a bool",
    (x) => F.tripletMarginLoss(x, x, x, { swap: 1 as never }),
    "F.triplet_margin_loss(x, x, x, swap=1)",
  ],
  [
    "local_response_norm of a 2-D input",
    () => F.localResponseNorm(torch.zeros([2, 3]), 2),
    "F.local_response_norm(torch.zeros(2, 3), 2)",
  ],
  ["alpha_dropout p > 1", (x) => F.alphaDropout(x, 1.5), "F.alpha_dropout(x, 1.5)"],
  ["AlphaDropout p < 0", () => new nn.AlphaDropout(-0.5), "nn.AlphaDropout(-0.5)"],
  [
    "channel_shuffle groups not dividing",
    () => F.channelShuffle(torch.zeros([1, 5, 2]), 2),
    "F.channel_shuffle(torch.zeros(1, 5, 2), 2)",
  ],
  [
    "embedding_bag 2-D input with offsets",
    () =>
      F.embeddingBag(
        torch.zeros([2, 3], { dtype: "int64" }),
        torch.zeros([4, 2]),
        torch.tensor([0], { dtype: "int64" }),
      ),
    "F.embedding_bag(torch.zeros(2, 3, dtype=torch.long), torch.zeros(4, 2), torch.tensor([0]))",
  ],
  [
    "embedding_bag 1-D input without offsets",
    () => F.embeddingBag(torch.zeros([3], { dtype: "int64" }), torch.zeros([4, 2])),
    "F.embedding_bag(torch.zeros(3, dtype=torch.long), torch.zeros(4, 2))",
  ],
  [
    "embedding_bag bad mode",
    () => F.embeddingBag(torch.zeros([2, 3], { dtype: "int64" }), torch.zeros([4, 2]), { mode: "min" } as never),
    "F.embedding_bag(torch.zeros(2, 3, dtype=torch.long), torch.zeros(4, 2), mode='min')",
  ],
  [
    "embedding_bag per_sample_weights with mean",
    () =>
      F.embeddingBag(torch.zeros([2, 3], { dtype: "int64" }), torch.zeros([4, 2]), {
        perSampleWeights: torch.ones([2, 3]),
      }),
    "F.embedding_bag(torch.zeros(2, 3, dtype=torch.long), torch.zeros(4, 2), per_sample_weights=torch.ones(2, 3))",
  ],
  [
    "embedding_bag per_sample_weights shape",
    () =>
      F.embeddingBag(torch.zeros([2, 3], { dtype: "int64" }), torch.zeros([4, 2]), {
        mode: "sum",
        perSampleWeights: torch.ones([3]),
      }),
    "F.embedding_bag(torch.zeros(2, 3, dtype=torch.long), torch.zeros(4, 2), mode='sum', per_sample_weights=torch.ones(3))",
  ],
  [
    "EmbeddingBag padding_idx out of range",
    () => new nn.EmbeddingBag(4, 2, { paddingIdx: 4 }),
    "nn.EmbeddingBag(4, 2, padding_idx=4)",
  ],
  [
    "ctc_loss blank out of range",
    () => F.ctcLoss(torch.zeros([4, 1, 3]), torch.ones([1, 2], { dtype: "int64" }), [4], [2], { blank: 5 }),
    "F.ctc_loss(torch.zeros(4, 1, 3), torch.ones(1, 2, dtype=torch.long), [4], [2], blank=5)",
  ],
  ["unfold of a 2-D input", () => F.unfold(torch.zeros([3, 3]), 2), "F.unfold(torch.zeros(3, 3), 2)"],
  ["fold size mismatch", (x) => F.fold(x, [3, 3], 2), "F.fold(x, (3, 3), 2)"],
  [
    "max_unpool1d bad output_size",
    () => F.maxUnpool1d(torch.zeros([1, 1, 2]), torch.zeros([1, 1, 2], { dtype: "int64" }), 2, { outputSize: [9] }),
    "F.max_unpool1d(torch.zeros(1, 1, 2), torch.zeros(1, 1, 2, dtype=torch.long), 2, output_size=[9])",
  ],
  ["adaptive_max_pool1d output size of two", (x) => F.adaptiveMaxPool1d(x, [2, 2]), "F.adaptive_max_pool1d(x, (2, 2))"],
  ["bilinear weight not a Tensor", (x) => F.bilinear(x, x, 1 as never), "F.bilinear(x, x, 1)"],
];
