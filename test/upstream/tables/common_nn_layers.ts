// common_nn.py's tables for the layers added in issue #14 (see common_nn_layers.test.ts), shared with
// the CUDA runs in test/gpu/gpu_checks.ts.
import * as torch from "../../../lib";
import { nn, type Tensor } from "../../../lib";
import type { L } from "./common_nn";

export type LayerModule = nn.Module & { forward(x: Tensor): Tensor | [Tensor, Tensor] };
export interface Opts {
  /** eval mode (training by default) */
  eval?: boolean;
  /** an integer input (no input gradient) */
  intInput?: boolean;
}
export type Case = [string, () => LayerModule, string, () => Tensor, Opts?];
const randn =
  (...shape: number[]) =>
  () =>
    torch.randn(shape);
const randIdx =
  (n: number, ...shape: number[]) =>
  () =>
    torch.randint(0, n, shape);

export const CASES: Case[] = [
  // ---- Conv1d
  ["test_Conv1d", () => new nn.Conv1d(4, 5, 3), "nn.Conv1d(4, 5, 3)", randn(2, 4, 10)],
  ["test_Conv1d_stride", () => new nn.Conv1d(4, 5, 3, 2), "nn.Conv1d(4, 5, 3, 2)", randn(2, 4, 10)],
  ["test_Conv1d_pad1", () => new nn.Conv1d(4, 5, 3, 1, 1), "nn.Conv1d(4, 5, 3, 1, 1)", randn(2, 4, 10)],
  ["test_Conv1d_pad2", () => new nn.Conv1d(4, 5, 5, 1, 2), "nn.Conv1d(4, 5, 5, 1, 2)", randn(2, 4, 10)],
  ["test_Conv1d_pad1size1", () => new nn.Conv1d(4, 4, 1, 1, 1), "nn.Conv1d(4, 4, 1, 1, 1)", randn(1, 4, 1)],
  ["test_Conv1d_pad2size1", () => new nn.Conv1d(4, 4, 5, 1, 2), "nn.Conv1d(4, 4, 5, 1, 2)", randn(1, 4, 1)],
  ["test_Conv1d_zero_batch", () => new nn.Conv1d(4, 5, 3), "nn.Conv1d(4, 5, 3)", randn(0, 4, 10)],
  [
    "test_Conv1d_dilated",
    () => new nn.Conv1d(4, 5, 3, { dilation: 2 }),
    "nn.Conv1d(4, 5, kernel_size=3, dilation=2)",
    randn(2, 4, 10),
  ],
  ["test_Conv1d_groups", () => new nn.Conv1d(4, 6, 3, { groups: 2 }), "nn.Conv1d(4, 6, 3, groups=2)", randn(2, 4, 6)],
  [
    "test_Conv1d_pad_valid",
    () => new nn.Conv1d(4, 5, 3, { padding: "valid" }),
    "nn.Conv1d(4, 5, 3, padding='valid')",
    randn(2, 4, 10),
  ],
  [
    "test_Conv1d_pad_same",
    () => new nn.Conv1d(4, 5, 3, { padding: "same" }),
    "nn.Conv1d(4, 5, 3, padding='same')",
    randn(2, 4, 10),
  ],
  [
    "test_Conv1d_pad_same2",
    () => new nn.Conv1d(4, 5, 4, { padding: "same" }),
    "nn.Conv1d(4, 5, 4, padding='same')",
    randn(2, 4, 10),
  ],
  [
    "test_Conv1d_pad_same_dilated",
    () => new nn.Conv1d(4, 5, 4, { padding: "same", dilation: 2 }),
    "nn.Conv1d(4, 5, 4, padding='same', dilation=2)",
    randn(2, 4, 10),
  ],
  [
    "test_Conv1d_reflect_stride2_pad2",
    () => new nn.Conv1d(3, 3, 3, { stride: 2, padding: 2, paddingMode: "reflect" }),
    "nn.Conv1d(3, 3, 3, stride=2, padding=2, padding_mode='reflect')",
    randn(2, 3, 5),
  ],
  [
    "test_Conv1d_circular_stride2_pad2",
    () => new nn.Conv1d(2, 4, 3, { stride: 2, padding: 2, paddingMode: "circular" }),
    "nn.Conv1d(2, 4, 3, stride=2, padding=2, padding_mode='circular')",
    randn(2, 2, 5),
  ],
  ["test_Conv1d_no_batch_dim", () => new nn.Conv1d(3, 4, 3), "nn.Conv1d(3, 4, 3)", randn(3, 6)],
  // ---- Conv3d
  ["test_Conv3d", () => new nn.Conv3d(2, 3, [2, 3, 2]), "nn.Conv3d(2, 3, (2, 3, 2))", randn(1, 2, 4, 5, 4)],
  [
    "test_Conv3d_no_bias",
    () => new nn.Conv3d(2, 3, [2, 3, 4], { bias: false }),
    "nn.Conv3d(2, 3, (2, 3, 4), bias=False)",
    randn(1, 2, 3, 4, 5),
  ],
  [
    "test_Conv3d_1x1x1_no_bias",
    () => new nn.Conv3d(2, 3, [1, 1, 1], { bias: false }),
    "nn.Conv3d(2, 3, (1, 1, 1), bias=False)",
    randn(1, 2, 3, 4, 5),
  ],
  ["test_Conv3d_stride", () => new nn.Conv3d(2, 3, 2, 2), "nn.Conv3d(2, 3, 2, 2)", randn(2, 2, 4, 4, 4)],
  ["test_Conv3d_stride_padding", () => new nn.Conv3d(2, 3, 2, 2, 1), "nn.Conv3d(2, 3, 2, 2, 1)", randn(2, 2, 4, 4, 4)],
  [
    "test_Conv3d_dilated",
    () => new nn.Conv3d(3, 4, 2, { dilation: 2 }),
    "nn.Conv3d(3, 4, kernel_size=2, dilation=2)",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_Conv3d_dilated_strided",
    () => new nn.Conv3d(3, 4, 2, { dilation: 2, stride: 2 }),
    "nn.Conv3d(3, 4, kernel_size=2, dilation=2, stride=2)",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_Conv3d_groups",
    () => new nn.Conv3d(2, 4, 2, { groups: 2 }),
    "nn.Conv3d(2, 4, 2, groups=2)",
    randn(1, 2, 4, 5, 4),
  ],
  [
    "test_Conv3d_pad_same",
    () => new nn.Conv3d(3, 3, [3, 4, 2], { padding: "same" }),
    "nn.Conv3d(3, 3, (3, 4, 2), padding='same')",
    randn(2, 3, 6, 5, 4),
  ],
  [
    "test_Conv3d_circular_stride2_pad2",
    () => new nn.Conv3d(2, 4, [3, 3, 3], { stride: 2, padding: 2, paddingMode: "circular" }),
    "nn.Conv3d(2, 4, (3, 3, 3), stride=2, padding=2, padding_mode='circular')",
    randn(2, 2, 4, 4, 4),
  ],
  [
    "test_Conv3d_replicate_stride2_pad2",
    () => new nn.Conv3d(2, 4, [3, 3, 3], { stride: 2, padding: 2, paddingMode: "replicate" }),
    "nn.Conv3d(2, 4, (3, 3, 3), stride=2, padding=2, padding_mode='replicate')",
    randn(2, 2, 4, 4, 4),
  ],
  // ---- ConvTranspose1d/2d/3d (positional: stride, padding, output_padding, groups, bias, dilation)
  [
    "test_ConvTranspose1d",
    () => new nn.ConvTranspose1d(3, 4, 3, [3], 1, [1]),
    "nn.ConvTranspose1d(3, 4, 3, (3,), 1, (1,))",
    randn(1, 3, 7),
  ],
  [
    "test_ConvTranspose1d_no_bias",
    () => new nn.ConvTranspose1d(3, 4, 3, [3], 1, [1], 1, false),
    "nn.ConvTranspose1d(3, 4, 3, (3,), 1, (1,), 1, False)",
    randn(1, 3, 6),
  ],
  [
    "test_ConvTranspose1d_dilated",
    () => new nn.ConvTranspose1d(3, 4, 3, [3], 1, [1], 1, true, 2),
    "nn.ConvTranspose1d(3, 4, 3, (3,), 1, (1,), 1, True, 2)",
    randn(1, 3, 6),
  ],
  [
    "test_ConvTranspose1d_groups",
    () => new nn.ConvTranspose1d(4, 6, 3, [3], 1, [1], 2),
    "nn.ConvTranspose1d(4, 6, 3, (3,), 1, (1,), 2)",
    randn(2, 4, 7),
  ],
  [
    "test_ConvTranspose2d",
    () => new nn.ConvTranspose2d(3, 4, 3, [3, 2], 1, [1, 1]),
    "nn.ConvTranspose2d(3, 4, 3, (3, 2), 1, (1, 1))",
    randn(1, 3, 7, 6),
  ],
  [
    "test_ConvTranspose2d_dilated",
    () => new nn.ConvTranspose2d(3, 4, 3, [2, 3], 1, [1, 1], 1, false, [2, 2]),
    "nn.ConvTranspose2d(3, 4, 3, (2, 3), 1, (1, 1), 1, False, (2, 2))",
    randn(1, 3, 6, 7),
  ],
  [
    "test_ConvTranspose2d_no_bias",
    () => new nn.ConvTranspose2d(3, 4, 3, [2, 3], 1, [1, 1], 1, false),
    "nn.ConvTranspose2d(3, 4, 3, (2, 3), 1, (1, 1), 1, False)",
    randn(1, 3, 6, 7),
  ],
  [
    "test_ConvTranspose2d_groups",
    () => new nn.ConvTranspose2d(2, 4, [2, 3], { groups: 2 }),
    "nn.ConvTranspose2d(2, 4, (2, 3), groups=2)",
    randn(1, 2, 4, 5),
  ],
  [
    "test_ConvTranspose2d_no_batch_dim",
    () => new nn.ConvTranspose2d(3, 4, 3, [3, 2], 1, [1, 1]),
    "nn.ConvTranspose2d(3, 4, 3, (3, 2), 1, (1, 1))",
    randn(3, 7, 6),
  ],
  [
    "test_ConvTranspose3d",
    () => new nn.ConvTranspose3d(2, 3, [2, 3, 2]),
    "nn.ConvTranspose3d(2, 3, (2, 3, 2))",
    randn(1, 2, 4, 5, 4),
  ],
  [
    "test_ConvTranspose3d_dilated",
    () => new nn.ConvTranspose3d(2, 3, [2, 3, 2], 1, 0, 0, 1, true, [2, 2, 2]),
    "nn.ConvTranspose3d(2, 3, (2, 3, 2), 1, 0, 0, 1, True, (2, 2, 2))",
    randn(1, 2, 4, 5, 4),
  ],
  // ---- pooling
  ["test_AvgPool2d", () => new nn.AvgPool2d([2, 2]), "nn.AvgPool2d((2, 2))", randn(2, 3, 6, 6)],
  ["test_AvgPool2d_stride", () => new nn.AvgPool2d([2, 2], [2, 2]), "nn.AvgPool2d((2, 2), (2, 2))", randn(2, 3, 6, 6)],
  [
    "test_AvgPool2d_stride_pad",
    () => new nn.AvgPool2d([2, 2], [2, 2], [1, 1]),
    "nn.AvgPool2d((2, 2), (2, 2), (1, 1))",
    randn(2, 3, 6, 6),
  ],
  [
    "test_AvgPool2d_divisor",
    () => new nn.AvgPool2d([2, 2], { divisorOverride: 1 }),
    "nn.AvgPool2d((2, 2), divisor_override=1)",
    randn(2, 3, 6, 6),
  ],
  [
    "test_AvgPool2d_divisor_stride",
    () => new nn.AvgPool2d([2, 2], [2, 2], { divisorOverride: 1 } as never),
    "nn.AvgPool2d((2, 2), (2, 2), divisor_override=1)",
    randn(2, 3, 6, 6),
  ],
  [
    "test_AvgPool2d_divisor_stride_pad",
    () => new nn.AvgPool2d([2, 2], [2, 2], [1, 1], { divisorOverride: 1 } as never),
    "nn.AvgPool2d((2, 2), (2, 2), (1, 1), divisor_override=1)",
    randn(2, 3, 6, 6),
  ],
  [
    "test_AvgPool2d_ceil_mode_no_count_include_pad",
    () => new nn.AvgPool2d(3, 2, 1, true, false),
    "nn.AvgPool2d(3, 2, 1, True, False)",
    randn(2, 3, 6, 6),
  ],
  ["test_AvgPool2d_no_batch_dim", () => new nn.AvgPool2d([2, 2]), "nn.AvgPool2d((2, 2))", randn(3, 6, 6)],
  ["test_AdaptiveAvgPool2d_single", () => new nn.AdaptiveAvgPool2d(3), "nn.AdaptiveAvgPool2d(3)", randn(1, 3, 5, 6)],
  [
    "test_AdaptiveAvgPool2d_single_1x1output",
    () => new nn.AdaptiveAvgPool2d(1),
    "nn.AdaptiveAvgPool2d(1)",
    randn(1, 3, 5, 6),
  ],
  [
    "test_AdaptiveAvgPool2d_tuple",
    () => new nn.AdaptiveAvgPool2d([3, 4]),
    "nn.AdaptiveAvgPool2d((3, 4))",
    randn(1, 3, 5, 6),
  ],
  [
    "test_AdaptiveAvgPool2d_tuple_none",
    () => new nn.AdaptiveAvgPool2d([3, null]),
    "nn.AdaptiveAvgPool2d((3, None))",
    randn(1, 3, 5, 6),
  ],
  ["test_AdaptiveMaxPool2d_single", () => new nn.AdaptiveMaxPool2d(3), "nn.AdaptiveMaxPool2d(3)", randn(1, 3, 5, 6)],
  [
    "test_AdaptiveMaxPool2d_tuple",
    () => new nn.AdaptiveMaxPool2d([3, 4]),
    "nn.AdaptiveMaxPool2d((3, 4))",
    randn(1, 3, 5, 6),
  ],
  [
    "test_AdaptiveMaxPool2d_tuple_none",
    () => new nn.AdaptiveMaxPool2d([3, null]),
    "nn.AdaptiveMaxPool2d((3, None))",
    randn(1, 3, 5, 6),
  ],
  [
    "test_AdaptiveMaxPool2d_return_indices",
    () => new nn.AdaptiveMaxPool2d([2, 3], true),
    "nn.AdaptiveMaxPool2d((2, 3), True)",
    randn(2, 3, 5, 6),
  ],
  [
    "test_MaxPool2d_return_indices",
    () => new nn.MaxPool2d(3, 2, 1, 1, true),
    "nn.MaxPool2d(3, 2, 1, 1, True)",
    randn(2, 3, 7, 7),
  ],
  [
    "test_MaxPool2d_return_indices_ceil_mode",
    () => new nn.MaxPool2d(2, { stride: 2, returnIndices: true, ceilMode: true }),
    "nn.MaxPool2d(2, stride=2, return_indices=True, ceil_mode=True)",
    randn(1, 2, 7, 7),
  ],
  // ---- normalization
  [
    "test_LayerNorm_1d_elementwise_affine",
    () => new nn.LayerNorm([5], 1e-3),
    "nn.LayerNorm([5], 1e-3)",
    randn(4, 5, 5),
  ],
  [
    "test_LayerNorm_1d_no_elementwise_affine",
    () => new nn.LayerNorm([5], 1e-3, false),
    "nn.LayerNorm([5], 1e-3, False)",
    randn(4, 5, 5),
  ],
  [
    "test_LayerNorm_3d_elementwise_affine",
    () => new nn.LayerNorm([2, 2, 5], 1e-3),
    "nn.LayerNorm([2, 2, 5], 1e-3)",
    randn(4, 2, 2, 5),
  ],
  [
    "test_LayerNorm_3d_no_elementwise_affine",
    () => new nn.LayerNorm([2, 2, 5], { eps: 1e-3, elementwiseAffine: false }),
    "nn.LayerNorm([2, 2, 5], eps=1e-3, elementwise_affine=False)",
    randn(4, 2, 2, 5),
  ],
  [
    "test_LayerNorm_1d_empty_elementwise_affine",
    () => new nn.LayerNorm([5], 1e-3),
    "nn.LayerNorm([5], 1e-3)",
    randn(0, 5),
  ],
  ["test_LayerNorm_int_shape", () => new nn.LayerNorm(6), "nn.LayerNorm(6)", randn(3, 6)],
  ["test_GroupNorm_1d_affine", () => new nn.GroupNorm(3, 6, 1e-3), "nn.GroupNorm(3, 6, 1e-3)", randn(4, 6, 5)],
  ["test_GroupNorm_1d_affine_GN", () => new nn.GroupNorm(3, 12, 1e-3), "nn.GroupNorm(3, 12, 1e-3)", randn(4, 12)],
  [
    "test_GroupNorm_1d_affine_large_batch",
    () => new nn.GroupNorm(2, 6, 1e-3),
    "nn.GroupNorm(2, 6, 1e-3)",
    randn(16, 6, 5),
  ],
  [
    "test_GroupNorm_1d_no_affine_IN",
    () => new nn.GroupNorm(5, 5, 1e-3, false),
    "nn.GroupNorm(5, 5, 1e-3, False)",
    randn(4, 5, 5),
  ],
  [
    "test_GroupNorm_1d_no_affine_LN",
    () => new nn.GroupNorm(1, 5, 1e-3, false),
    "nn.GroupNorm(1, 5, 1e-3, False)",
    randn(4, 5, 5),
  ],
  ["test_GroupNorm_2d_affine", () => new nn.GroupNorm(3, 6, 1e-3), "nn.GroupNorm(3, 6, 1e-3)", randn(4, 6, 2, 3)],
  [
    "test_GroupNorm_2d_no_affine_IN",
    () => new nn.GroupNorm(3, 3, 1e-3, false),
    "nn.GroupNorm(3, 3, 1e-3, False)",
    randn(4, 3, 2, 3),
  ],
  [
    "test_GroupNorm_2d_no_affine_LN",
    () => new nn.GroupNorm(1, 3, { eps: 1e-3, affine: false }),
    "nn.GroupNorm(1, 3, eps=1e-3, affine=False)",
    randn(4, 3, 2, 3),
  ],
  [
    "test_InstanceNorm1d",
    () => new nn.InstanceNorm1d(3, 1e-3, 0.3),
    "nn.InstanceNorm1d(3, 1e-3, 0.3)",
    randn(4, 3, 15),
  ],
  [
    "test_InstanceNorm1d_tracking_stats",
    () => new nn.InstanceNorm1d(3, 1e-3, 0.3, false, true),
    "nn.InstanceNorm1d(3, 1e-3, 0.3, False, True)",
    randn(4, 3, 15),
  ],
  [
    "test_InstanceNorm1d_tracking_stats_eval",
    () => new nn.InstanceNorm1d(3, 1e-3, 0.3, false, true),
    "nn.InstanceNorm1d(3, 1e-3, 0.3, False, True)",
    randn(4, 3, 15),
    { eval: true },
  ],
  [
    "test_InstanceNorm1d_no_batch_dim",
    () => new nn.InstanceNorm1d(3, 1e-3, 0.3),
    "nn.InstanceNorm1d(3, 1e-3, 0.3)",
    randn(3, 15),
  ],
  [
    "test_InstanceNorm2d",
    () => new nn.InstanceNorm2d(3, 1e-3, 0.3),
    "nn.InstanceNorm2d(3, 1e-3, 0.3)",
    randn(2, 3, 6, 6),
  ],
  [
    "test_InstanceNorm2d_tracking_stats",
    () => new nn.InstanceNorm2d(3, 1e-3, 0.3, false, true),
    "nn.InstanceNorm2d(3, 1e-3, 0.3, False, True)",
    randn(2, 3, 6, 6),
  ],
  [
    "test_InstanceNorm2d_affine",
    () => new nn.InstanceNorm2d(3, { affine: true }),
    "nn.InstanceNorm2d(3, affine=True)",
    randn(2, 3, 6, 6),
  ],
  [
    "test_InstanceNorm2d_no_batch_dim",
    () => new nn.InstanceNorm2d(3, 1e-3, 0.3, true, true),
    "nn.InstanceNorm2d(3, 1e-3, 0.3, True, True)",
    randn(3, 6, 6),
  ],
  [
    "test_InstanceNorm3d",
    () => new nn.InstanceNorm3d(3, 1e-3, 0.3),
    "nn.InstanceNorm3d(3, 1e-3, 0.3)",
    randn(2, 3, 4, 4, 4),
  ],
  [
    "test_InstanceNorm3d_tracking_stats",
    () => new nn.InstanceNorm3d(3, 1e-3, 0.3, false, true),
    "nn.InstanceNorm3d(3, 1e-3, 0.3, False, True)",
    randn(2, 3, 4, 4, 4),
  ],
  // ---- embedding, dropout, activations
  ["test_Embedding", () => new nn.Embedding(4, 3), "nn.Embedding(4, 3)", randIdx(4, 2, 3), { intInput: true }],
  [
    "test_Embedding_discontiguous",
    () => new nn.Embedding(4, 3),
    "nn.Embedding(4, 3)",
    () => torch.randint(0, 4, [2, 3]).unsqueeze(1).expand([2, 1, 3]),
    { intInput: true },
  ],
  [
    "test_Embedding_padding_idx",
    () => new nn.Embedding(6, 4, 2),
    "nn.Embedding(6, 4, 2)",
    randIdx(6, 3, 5),
    { intInput: true },
  ],
  [
    "test_Embedding_negative_padding_idx",
    () => new nn.Embedding(6, 4, { paddingIdx: -2 }),
    "nn.Embedding(6, 4, padding_idx=-2)",
    randIdx(6, 3, 5),
    { intInput: true },
  ],
  [
    "test_Embedding_scale_grad_by_freq",
    () => new nn.Embedding(5, 3, { scaleGradByFreq: true }),
    "nn.Embedding(5, 3, scale_grad_by_freq=True)",
    randIdx(5, 4, 6),
    { intInput: true },
  ],
  [
    "test_Embedding_max_norm",
    () => new nn.Embedding(5, 3, { maxNorm: 1.0, normType: 1 }),
    "nn.Embedding(5, 3, max_norm=1.0, norm_type=1.0)",
    randIdx(5, 4),
    { intInput: true },
  ],
  ["test_Dropout2d", () => new nn.Dropout2d(0.4), "nn.Dropout2d(0.4)", randn(4, 6, 3, 3)],
  ["test_Dropout2d_3d_input", () => new nn.Dropout2d(), "nn.Dropout2d()", randn(4, 6, 5)],
  ["test_Dropout2d_eval", () => new nn.Dropout2d(0.4), "nn.Dropout2d(0.4)", randn(4, 6, 3, 3), { eval: true }],
  ["test_Dropout3d", () => new nn.Dropout3d(0.3), "nn.Dropout3d(0.3)", randn(2, 4, 2, 3, 3)],
  ["test_Dropout3d_no_batch_dim", () => new nn.Dropout3d(0.3), "nn.Dropout3d(0.3)", randn(4, 2, 3, 3)],
  ["test_LeakyReLU", () => new nn.LeakyReLU(), "nn.LeakyReLU()", randn(3, 2, 5)],
  ["test_LeakyReLU_with_negval", () => new nn.LeakyReLU(0.5), "nn.LeakyReLU(0.5)", randn(3, 2, 5)],
  ["test_LeakyReLU_with_zero_negval", () => new nn.LeakyReLU(0.0), "nn.LeakyReLU(0.0)", randn(3, 2, 5)],
  ["test_GELU", () => new nn.GELU(), "nn.GELU()", randn(3, 2, 5)],
  ["test_GELU_tanh", () => new nn.GELU("tanh"), "nn.GELU('tanh')", randn(3, 2, 5)],
  ["test_SiLU", () => new nn.SiLU(), "nn.SiLU()", randn(2, 3, 4, 5)],
  ["test_SiLU_no_batch_dim", () => new nn.SiLU(), "nn.SiLU()", randn(4)],
];

// [name, module, Python constructor, input shape]; targets are 0/1 floats of the same shape.
export const BCE_CRITERION_TESTS: Array<[string, () => L, string, number[]]> = [
  ["test_BCEWithLogitsLoss", () => new nn.BCEWithLogitsLoss(), "nn.BCEWithLogitsLoss()", [15, 10]],
  [
    "test_BCEWithLogitsLoss_weights",
    () => new nn.BCEWithLogitsLoss(torch.arange(1, 11, 1, { dtype: "float32" }).div(10)),
    "nn.BCEWithLogitsLoss(torch.arange(1, 11, dtype=torch.float32) / 10)",
    [15, 10],
  ],
  [
    "test_BCEWithLogitsLoss_scalar_weights",
    () => new nn.BCEWithLogitsLoss(torch.tensor(0.7)),
    "nn.BCEWithLogitsLoss(torch.tensor(0.7))",
    [15, 10],
  ],
  [
    "test_BCEWithLogitsLoss_pos_weight",
    () => new nn.BCEWithLogitsLoss({ posWeight: torch.arange(1, 11, 1, { dtype: "float32" }).div(4) }),
    "nn.BCEWithLogitsLoss(pos_weight=torch.arange(1, 11, dtype=torch.float32) / 4)",
    [15, 10],
  ],
  [
    "test_BCEWithLogitsLoss_sum_reduction",
    () => new nn.BCEWithLogitsLoss({ reduction: "sum" }),
    "nn.BCEWithLogitsLoss(reduction='sum')",
    [4, 3, 5],
  ],
  [
    "test_BCEWithLogitsLoss_none_reduction",
    () => new nn.BCEWithLogitsLoss(null, null, null, "none"),
    "nn.BCEWithLogitsLoss(None, None, None, 'none')",
    [4, 3, 5],
  ],
  ["test_BCEWithLogitsLoss_no_batch_dim", () => new nn.BCEWithLogitsLoss(), "nn.BCEWithLogitsLoss()", [10]],
];
