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
const rand =
  (...shape: number[]) =>
  () =>
    torch.rand(shape);
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
  // ---- more activations (module_tests, new_module_tests and the no_batch_dim loop)
  ["test_ReLU6", () => new nn.ReLU6(), "nn.ReLU6()", randn(2, 3, 4, 5)],
  ["test_ReLU6_scalar", () => new nn.ReLU6(), "nn.ReLU6()", randn()],
  ["test_ReLU6_no_batch_dim", () => new nn.ReLU6(), "nn.ReLU6()", randn(4)],
  ["test_Hardtanh", () => new nn.Hardtanh(), "nn.Hardtanh()", randn(3, 2, 5)],
  ["test_Hardtanh_scalar", () => new nn.Hardtanh(), "nn.Hardtanh()", randn()],
  ["test_Hardtanh_no_batch_dim", () => new nn.Hardtanh(), "nn.Hardtanh()", randn(4)],
  ["test_ELU", () => new nn.ELU(2.0), "nn.ELU(2.0)", randn(3, 2, 5)],
  ["test_ELU_scalar", () => new nn.ELU(2.0), "nn.ELU(2.0)", randn()],
  ["test_ELU_no_batch_dim", () => new nn.ELU(), "nn.ELU()", randn(4)],
  ["test_LogSigmoid", () => new nn.LogSigmoid(), "nn.LogSigmoid()", randn(2, 3, 4)],
  ["test_LogSigmoid_scalar", () => new nn.LogSigmoid(), "nn.LogSigmoid()", randn()],
  ["test_LogSigmoid_no_batch_dim", () => new nn.LogSigmoid(), "nn.LogSigmoid()", randn(4)],
  ["test_Softplus", () => new nn.Softplus(), "nn.Softplus()", randn(10, 20)],
  ["test_Softplus_beta", () => new nn.Softplus(2), "nn.Softplus(2)", randn(10, 20)],
  ["test_Softplus_beta_threshold", () => new nn.Softplus(2, -100), "nn.Softplus(2, -100)", randn(10, 20)],
  ["test_Softplus_beta_threshold_scalar", () => new nn.Softplus(2, -100), "nn.Softplus(2, -100)", randn()],
  ["test_Softplus_no_batch_dim", () => new nn.Softplus(), "nn.Softplus()", randn(4)],
  ["test_PReLU_1d", () => new nn.PReLU(), "nn.PReLU()", randn(2, 3, 4)],
  ["test_PReLU_1d_multiparam", () => new nn.PReLU(3), "nn.PReLU(3)", randn(2, 3, 4)],
  ["test_PReLU_2d", () => new nn.PReLU(), "nn.PReLU()", randn(2, 3, 4, 5)],
  ["test_PReLU_2d_multiparam", () => new nn.PReLU(3), "nn.PReLU(3)", randn(2, 3, 4, 5)],
  ["test_PReLU_3d", () => new nn.PReLU(), "nn.PReLU()", randn(2, 3, 4, 5, 6)],
  ["test_PReLU_3d_multiparam", () => new nn.PReLU(3), "nn.PReLU(3)", randn(2, 3, 4, 5, 6)],
  ["test_PReLU_scalar", () => new nn.PReLU(), "nn.PReLU()", randn()],
  ["test_PReLU_no_batch_dim", () => new nn.PReLU(), "nn.PReLU()", randn(4)],
  ["test_Softsign", () => new nn.Softsign(), "nn.Softsign()", randn(3, 2, 5)],
  ["test_Softsign_scalar", () => new nn.Softsign(), "nn.Softsign()", randn()],
  ["test_Softsign_no_batch_dim", () => new nn.Softsign(), "nn.Softsign()", randn(4)],
  ["test_Tanhshrink", () => new nn.Tanhshrink(), "nn.Tanhshrink()", randn(2, 3, 4, 5)],
  ["test_Tanhshrink_scalar", () => new nn.Tanhshrink(), "nn.Tanhshrink()", randn()],
  ["test_Tanhshrink_no_batch_dim", () => new nn.Tanhshrink(), "nn.Tanhshrink()", randn(4)],
  ["test_SELU", () => new nn.SELU(), "nn.SELU()", randn(3, 2, 5)],
  ["test_SELU_scalar", () => new nn.SELU(), "nn.SELU()", randn()],
  ["test_SELU_no_batch_dim", () => new nn.SELU(), "nn.SELU()", randn(4)],
  ["test_CELU", () => new nn.CELU(2.0), "nn.CELU(2.0)", randn(3, 2, 5)],
  ["test_CELU_scalar", () => new nn.CELU(2.0), "nn.CELU(2.0)", randn()],
  ["test_CELU_no_batch_dim", () => new nn.CELU(2.0), "nn.CELU(2.0)", randn(4)],
  ["test_Mish", () => new nn.Mish(), "nn.Mish()", randn(5, 6, 7)],
  ["test_Mish_scalar", () => new nn.Mish(), "nn.Mish()", randn()],
  ["test_Mish_no_batch_dim", () => new nn.Mish(), "nn.Mish()", randn(4)],
  ["test_Hardswish_no_batch_dim", () => new nn.Hardswish(), "nn.Hardswish()", randn(4)],
  ["test_Hardsigmoid_no_batch_dim", () => new nn.Hardsigmoid(), "nn.Hardsigmoid()", randn(4)],
  // ---- 1D/3D pooling
  ["test_MaxPool1d", () => new nn.MaxPool1d(4), "nn.MaxPool1d(4)", randn(2, 10, 4)],
  ["test_MaxPool1d_stride", () => new nn.MaxPool1d(4, 4), "nn.MaxPool1d(4, 4)", randn(2, 10, 4)],
  [
    "test_MaxPool1d_return_indices",
    () => new nn.MaxPool1d(4, { returnIndices: true }),
    "nn.MaxPool1d(4, return_indices=True)",
    randn(2, 10, 4),
  ],
  ["test_MaxPool3d", () => new nn.MaxPool3d([2, 2, 2]), "nn.MaxPool3d((2, 2, 2))", randn(2, 3, 5, 5, 5)],
  ["test_MaxPool3d_stride", () => new nn.MaxPool3d(2, [2, 2, 2]), "nn.MaxPool3d(2, (2, 2, 2))", randn(2, 3, 5, 5, 5)],
  [
    "test_MaxPool3d_stride_padding",
    () => new nn.MaxPool3d(2, 2, [1, 1, 1]),
    "nn.MaxPool3d(2, 2, (1, 1, 1))",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_MaxPool3d_return_indices",
    () => new nn.MaxPool3d(2, 2, [1, 1, 1], { returnIndices: true } as never),
    "nn.MaxPool3d(2, 2, (1, 1, 1), return_indices=True)",
    randn(2, 3, 5, 5, 5),
  ],
  ["test_AvgPool1d", () => new nn.AvgPool1d(2), "nn.AvgPool1d(2)", randn(2, 3, 6)],
  ["test_AvgPool1d_stride", () => new nn.AvgPool1d([2], [2]), "nn.AvgPool1d((2,), (2,))", randn(2, 3, 6)],
  ["test_AvgPool1d_stride_pad", () => new nn.AvgPool1d(2, 2, 1), "nn.AvgPool1d(2, 2, 1)", randn(2, 3, 6)],
  ["test_AvgPool1d_no_batch_dim", () => new nn.AvgPool1d(2), "nn.AvgPool1d(2)", randn(3, 6)],
  ["test_AvgPool3d", () => new nn.AvgPool3d([2, 2, 2]), "nn.AvgPool3d((2, 2, 2))", randn(2, 3, 4, 4, 4)],
  ["test_AvgPool3d_no_batch_dim", () => new nn.AvgPool3d([2, 2, 2]), "nn.AvgPool3d((2, 2, 2))", randn(3, 4, 4, 4)],
  ["test_AvgPool3d_stride", () => new nn.AvgPool3d(2, [2, 2, 2]), "nn.AvgPool3d(2, (2, 2, 2))", randn(2, 3, 5, 5, 5)],
  [
    "test_AvgPool3d_stride_pad",
    () => new nn.AvgPool3d(2, 2, [1, 1, 1]),
    "nn.AvgPool3d(2, 2, (1, 1, 1))",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_AvgPool3d_stride_pad_gpu_fixedkw_output",
    () => new nn.AvgPool3d(4, 2, [1, 2, 1]),
    "nn.AvgPool3d(4, 2, (1, 2, 1))",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_AvgPool3d_stride_pad_gpu_general_output",
    () => new nn.AvgPool3d([2, 4, 8], 1, [1, 1, 2]),
    "nn.AvgPool3d((2, 4, 8), 1, (1, 1, 2))",
    randn(2, 3, 2, 4, 8),
  ],
  [
    "test_AvgPool3d_stride1_pad0_gpu_input",
    () => new nn.AvgPool3d(3, 1, 0),
    "nn.AvgPool3d(3, 1, 0)",
    randn(2, 3, 4, 4, 4),
  ],
  [
    "test_AvgPool3d_stride_pad_gpu_input_nooverlap",
    () => new nn.AvgPool3d(2, 2, [1, 1, 1]),
    "nn.AvgPool3d(2, 2, (1, 1, 1))",
    randn(2, 3, 4, 4, 4),
  ],
  [
    "test_AvgPool3d_divisor",
    () => new nn.AvgPool3d([2, 2, 2], { divisorOverride: 1 }),
    "nn.AvgPool3d((2, 2, 2), divisor_override=1)",
    randn(2, 3, 4, 4, 4),
  ],
  [
    "test_AvgPool3d_divisor_stride",
    () => new nn.AvgPool3d(2, [2, 2, 2], { divisorOverride: 1 } as never),
    "nn.AvgPool3d(2, (2, 2, 2), divisor_override=1)",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_AvgPool3d_divisor_stride_pad",
    () => new nn.AvgPool3d(2, 2, [1, 1, 1], { divisorOverride: 1 } as never),
    "nn.AvgPool3d(2, 2, (1, 1, 1), divisor_override=1)",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_AvgPool3d_divisor_stride_pad_gpu_fixedkw_output",
    () => new nn.AvgPool3d(4, 2, [1, 2, 1], { divisorOverride: 1 } as never),
    "nn.AvgPool3d(4, 2, (1, 2, 1), divisor_override=1)",
    randn(2, 3, 5, 5, 5),
  ],
  [
    "test_AvgPool3d_divisor_stride_pad_gpu_general_output",
    () => new nn.AvgPool3d([2, 4, 8], 1, [1, 1, 2], { divisorOverride: 1 } as never),
    "nn.AvgPool3d((2, 4, 8), 1, (1, 1, 2), divisor_override=1)",
    randn(2, 3, 2, 4, 8),
  ],
  [
    "test_AvgPool3d_divisor_stride1_pad0_gpu_input",
    () => new nn.AvgPool3d(3, 1, 0, { divisorOverride: 1 } as never),
    "nn.AvgPool3d(3, 1, 0, divisor_override=1)",
    randn(2, 3, 4, 4, 4),
  ],
  [
    "test_AvgPool3d_divisor_stride_pad_gpu_input_nooverlap",
    () => new nn.AvgPool3d(2, 2, [1, 1, 1], { divisorOverride: 1 } as never),
    "nn.AvgPool3d(2, 2, (1, 1, 1), divisor_override=1)",
    randn(2, 3, 4, 4, 4),
  ],
  ["test_AdaptiveAvgPool1d", () => new nn.AdaptiveAvgPool1d(3), "nn.AdaptiveAvgPool1d(3)", rand(1, 3, 5)],
  ["test_AdaptiveAvgPool1d_no_batch_dim", () => new nn.AdaptiveAvgPool1d(3), "nn.AdaptiveAvgPool1d(3)", rand(3, 5)],
  ["test_AdaptiveAvgPool1d_one_output", () => new nn.AdaptiveAvgPool1d(1), "nn.AdaptiveAvgPool1d(1)", rand(1, 3, 5)],
  ["test_AdaptiveAvgPool3d_single", () => new nn.AdaptiveAvgPool3d(3), "nn.AdaptiveAvgPool3d(3)", rand(2, 3, 5, 2, 7)],
  [
    "test_AdaptiveAvgPool3d_no_batch_dim",
    () => new nn.AdaptiveAvgPool3d(3),
    "nn.AdaptiveAvgPool3d(3)",
    rand(3, 5, 2, 7),
  ],
  [
    "test_AdaptiveAvgPool3d_tuple",
    () => new nn.AdaptiveAvgPool3d([3, 4, 5]),
    "nn.AdaptiveAvgPool3d((3, 4, 5))",
    rand(2, 3, 5, 3, 7),
  ],
  [
    "test_AdaptiveAvgPool3d_tuple_none",
    () => new nn.AdaptiveAvgPool3d([null, 4, 5]),
    "nn.AdaptiveAvgPool3d((None, 4, 5))",
    rand(2, 3, 5, 3, 7),
  ],
  [
    "test_AdaptiveAvgPool3d_last_dim",
    () => new nn.AdaptiveAvgPool3d([3, 2, 2]),
    "nn.AdaptiveAvgPool3d((3, 2, 2))",
    rand(1, 1, 3, 2, 6),
  ],
  // ---- padding layers, pixel shuffle, Unflatten (new_module_tests; the `complex` variants are left out:
  // torchts has no complex dtypes)
  ["test_ReflectionPad1d", () => new nn.ReflectionPad1d([1, 2]), "nn.ReflectionPad1d((1, 2))", randn(2, 3, 8)],
  ["test_ReflectionPad1d_batch", () => new nn.ReflectionPad1d([1, 2]), "nn.ReflectionPad1d((1, 2))", randn(3, 8)],
  [
    "test_ReflectionPad2d",
    () => new nn.ReflectionPad2d([1, 2, 3, 4]),
    "nn.ReflectionPad2d((1, 2, 3, 4))",
    randn(2, 3, 8, 8),
  ],
  [
    "test_ReflectionPad2d_no_batch_dim",
    () => new nn.ReflectionPad2d([1, 2, 3, 4]),
    "nn.ReflectionPad2d((1, 2, 3, 4))",
    randn(3, 8, 8),
  ],
  [
    "test_ReflectionPad3d",
    () => new nn.ReflectionPad3d([1, 2, 0, 2, 1, 2]),
    "nn.ReflectionPad3d((1, 2, 0, 2, 1, 2))",
    randn(2, 3, 8, 8, 8),
  ],
  [
    "test_ReflectionPad3d_no_batch_dim",
    () => new nn.ReflectionPad3d([1, 2, 0, 2, 1, 2]),
    "nn.ReflectionPad3d((1, 2, 0, 2, 1, 2))",
    randn(3, 8, 8, 8),
  ],
  ["test_ReplicationPad1d", () => new nn.ReplicationPad1d([1, 2]), "nn.ReplicationPad1d((1, 2))", randn(2, 3, 4)],
  ["test_ReplicationPad1d_batch", () => new nn.ReplicationPad1d([1, 2]), "nn.ReplicationPad1d((1, 2))", randn(3, 4)],
  [
    "test_ReplicationPad2d",
    () => new nn.ReplicationPad2d([1, 2, 3, 4]),
    "nn.ReplicationPad2d((1, 2, 3, 4))",
    randn(2, 3, 4, 4),
  ],
  [
    "test_ReplicationPad2d_no_batch_dim",
    () => new nn.ReplicationPad2d([1, 2, 3, 4]),
    "nn.ReplicationPad2d((1, 2, 3, 4))",
    randn(3, 4, 4),
  ],
  [
    "test_ReplicationPad3d",
    () => new nn.ReplicationPad3d([1, 2, 3, 3, 2, 1]),
    "nn.ReplicationPad3d((1, 2, 3, 3, 2, 1))",
    randn(2, 3, 2, 2, 2),
  ],
  [
    "test_ReplicationPad3d_no_batch_dim",
    () => new nn.ReplicationPad3d([1, 2, 3, 3, 2, 1]),
    "nn.ReplicationPad3d((1, 2, 3, 3, 2, 1))",
    randn(3, 2, 2, 2),
  ],
  ["test_ZeroPad2d", () => new nn.ZeroPad2d([1, 2, 3, 4]), "nn.ZeroPad2d((1, 2, 3, 4))", randn(2, 3, 4, 4)],
  ["test_ZeroPad2d_no_batch_dim", () => new nn.ZeroPad2d([1, 2, 3, 4]), "nn.ZeroPad2d((1, 2, 3, 4))", randn(3, 4, 4)],
  [
    "test_ZeroPad2d_negative_dims",
    () => new nn.ZeroPad2d([-1, -1, -1, -2]),
    "nn.ZeroPad2d((-1, -1, -1, -2))",
    randn(2, 3, 4, 4),
  ],
  ["test_ConstantPad1d", () => new nn.ConstantPad1d([1, 2], 2), "nn.ConstantPad1d((1, 2), 2.)", randn(2, 3, 4)],
  ["test_ConstantPad1d_batch", () => new nn.ConstantPad1d([1, 2], 2), "nn.ConstantPad1d((1, 2), 2.)", randn(3, 4)],
  [
    "test_ConstantPad2d",
    () => new nn.ConstantPad2d([1, 2, 3, 4], 2),
    "nn.ConstantPad2d((1, 2, 3, 4), 2.)",
    randn(2, 3, 4, 4),
  ],
  [
    "test_ConstantPad2d_no_batch_dim",
    () => new nn.ConstantPad2d([1, 2, 3, 4], 2),
    "nn.ConstantPad2d((1, 2, 3, 4), 2.)",
    randn(3, 4, 4),
  ],
  [
    "test_ConstantPad3d",
    () => new nn.ConstantPad3d([1, 2, 3, 4, 1, 0], 2),
    "nn.ConstantPad3d((1, 2, 3, 4, 1, 0), 2.)",
    randn(2, 3, 4, 4, 5),
  ],
  [
    "test_ConstantPad3d_no_batch_dim",
    () => new nn.ConstantPad3d([1, 2, 3, 4, 1, 0], 2),
    "nn.ConstantPad3d((1, 2, 3, 4, 1, 0), 2.)",
    randn(3, 4, 4, 5),
  ],
  ["test_PixelShuffle", () => new nn.PixelShuffle(3), "nn.PixelShuffle(3)", randn(1, 9, 4, 4)],
  ["test_PixelUnshuffle", () => new nn.PixelUnshuffle(3), "nn.PixelUnshuffle(3)", randn(1, 1, 12, 12)],
  // Upstream passes torch.Size([2, 2]), which prints as such; torchts' sizes are arrays, printed as tuples.
  ["test_Unflatten_no_batch_dim", () => new nn.Unflatten(-2, [2, 2]), "nn.Unflatten(-2, (2, 2))", randn(3, 4, 5)],
  // ---- nn.Upsample and its 2-D forms, as test_nn.py's upsampling tests build them (TestNN and
  // TestNNDeviceType: test_upsamplingNearest1d/2d/3d, test_upsamplingLinear1d, ...), on random inputs
  [
    "test_upsamplingNearest1d",
    () => new nn.Upsample({ size: 4, mode: "nearest" }),
    "nn.Upsample(size=4, mode='nearest')",
    randn(1, 1, 2),
  ],
  [
    "test_upsamplingNearest1d scale_factor",
    () => new nn.Upsample({ scaleFactor: 2, mode: "nearest" }),
    "nn.Upsample(scale_factor=2, mode='nearest')",
    randn(1, 2, 3),
  ],
  [
    "test_upsamplingNearest2d",
    () => new nn.Upsample({ size: 4, mode: "nearest" }),
    "nn.Upsample(size=4, mode='nearest')",
    randn(1, 2, 2, 2),
  ],
  [
    "test_upsamplingNearest2d size (4, 2)",
    () => new nn.Upsample({ size: [4, 2], mode: "nearest" }),
    "nn.Upsample(size=(4, 2), mode='nearest')",
    randn(1, 2, 2, 1),
  ],
  [
    "test_upsamplingNearest3d",
    () => new nn.Upsample({ size: 4, mode: "nearest" }),
    "nn.Upsample(size=4, mode='nearest')",
    randn(1, 2, 2, 2, 2),
  ],
  [
    "test_upsamplingNearestExact1d_rescale",
    () => new nn.Upsample({ scaleFactor: 1.7, mode: "nearest-exact" }),
    "nn.Upsample(scale_factor=1.7, mode='nearest-exact')",
    randn(1, 2, 5),
  ],
  [
    "test_upsamplingLinear1d scale 0.5 align_corners",
    () => new nn.Upsample({ scaleFactor: 0.5, mode: "linear", alignCorners: true, recomputeScaleFactor: true }),
    "nn.Upsample(scale_factor=0.5, mode='linear', align_corners=True, recompute_scale_factor=True)",
    randn(1, 1, 4),
  ],
  [
    "test_upsamplingLinear1d scale 1.5",
    () => new nn.Upsample({ scaleFactor: 1.5, mode: "linear", alignCorners: false, recomputeScaleFactor: false }),
    "nn.Upsample(scale_factor=1.5, mode='linear', align_corners=False, recompute_scale_factor=False)",
    randn(1, 1, 5),
  ],
  [
    "test_upsamplingLinear1d_spatial_invariance",
    () => new nn.Upsample(null, 3, "linear", false),
    "nn.Upsample(None, 3, 'linear', False)",
    randn(1, 1, 9),
  ],
  [
    "test_upsamplingBiMode2d bilinear",
    () => new nn.Upsample({ scaleFactor: [2, 1.5], mode: "bilinear", alignCorners: false }),
    "nn.Upsample(scale_factor=(2, 1.5), mode='bilinear', align_corners=False)",
    randn(2, 3, 4, 5),
  ],
  [
    "test_upsamplingBiMode2d bicubic align_corners",
    () => new nn.Upsample({ size: [5, 7], mode: "bicubic", alignCorners: true }),
    "nn.Upsample(size=(5, 7), mode='bicubic', align_corners=True)",
    randn(2, 3, 4, 5),
  ],
  [
    "test_upsamplingTrilinear3d",
    () => new nn.Upsample({ size: 4, mode: "trilinear", alignCorners: false }),
    "nn.Upsample(size=4, mode='trilinear', align_corners=False)",
    randn(1, 2, 2, 2, 2),
  ],
  [
    "test_upsamplingTrilinear3d_spatial_invariance",
    () => new nn.Upsample({ scaleFactor: 3, mode: "trilinear", alignCorners: false }),
    "nn.Upsample(scale_factor=3, mode='trilinear', align_corners=False)",
    randn(1, 1, 5, 5, 5),
  ],
  [
    "test_UpsamplingNearest2d",
    () => new nn.UpsamplingNearest2d({ scaleFactor: 2 }),
    "nn.UpsamplingNearest2d(scale_factor=2)",
    randn(1, 2, 3, 4),
  ],
  [
    "test_UpsamplingNearest2d size",
    () => new nn.UpsamplingNearest2d([5, 3]),
    "nn.UpsamplingNearest2d((5, 3))",
    randn(1, 2, 3, 4),
  ],
  [
    "test_UpsamplingBilinear2d",
    () => new nn.UpsamplingBilinear2d({ scaleFactor: 2 }),
    "nn.UpsamplingBilinear2d(scale_factor=2)",
    randn(1, 2, 3, 4),
  ],
  [
    "test_UpsamplingBilinear2d size",
    () => new nn.UpsamplingBilinear2d(6),
    "nn.UpsamplingBilinear2d(6)",
    randn(1, 2, 3, 4),
  ],
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

// ---- losses added with the activations above: criterion_tests (plus their `_sum_reduction` copies
// for check_sum_reduction, named as upstream's test_nn names them) and the no_batch_dim loops.
// [name, module, Python constructor, input and target]; made in float32 (upstream runs criteria in
// float64), so BCE targets are float 0/1 where upstream has .double().
export type LossInputs = () => [Tensor, Tensor];
const same =
  (...shape: number[]): LossInputs =>
  () => [torch.randn(shape), torch.randn(shape)];
const probs =
  (...shape: number[]): LossInputs =>
  () => [torch.rand(shape).clamp_(1e-2, 1 - 1e-2), torch.randn(shape).gt(0).float()];
const logProbs =
  (logTarget: boolean, ...shape: number[]): LossInputs =>
  () => [torch.rand(shape).log(), logTarget ? torch.rand(shape).log() : torch.rand(shape)];
const noBatch = (name: "L1Loss" | "SmoothL1Loss" | "HuberLoss" | "KLDivLoss" | "BCELoss", inputs: LossInputs) =>
  (["none", "mean", "sum"] as const).map((r): [string, () => L, string, LossInputs] => [
    `test_${name}_no_batch_dim_${r}`,
    () => new (nn[name] as new (o: { reduction: "none" | "mean" | "sum" }) => L)({ reduction: r }),
    `nn.${name}(reduction='${r}')`,
    inputs,
  ]);
export const LOSS_CRITERION_TESTS: Array<[string, () => L, string, LossInputs]> = [
  ["test_L1Loss", () => new nn.L1Loss(), "nn.L1Loss()", same(2, 3, 4)],
  ["test_L1Loss_scalar", () => new nn.L1Loss(), "nn.L1Loss()", same()],
  ...noBatch("L1Loss", same(3)),
  ["test_SmoothL1Loss", () => new nn.SmoothL1Loss(), "nn.SmoothL1Loss()", same(5, 10)],
  [
    "test_SmoothL1Loss_sum_reduction",
    () => new nn.SmoothL1Loss({ reduction: "sum" }),
    "nn.SmoothL1Loss(reduction='sum')",
    same(5, 10),
  ],
  ["test_SmoothL1Loss_scalar", () => new nn.SmoothL1Loss(), "nn.SmoothL1Loss()", same()],
  [
    "test_SmoothL1Loss_scalar_sum_reduction",
    () => new nn.SmoothL1Loss(null, null, "sum"),
    "nn.SmoothL1Loss(None, None, 'sum')",
    same(),
  ],
  ...noBatch("SmoothL1Loss", same(3)),
  ["test_HuberLoss", () => new nn.HuberLoss(), "nn.HuberLoss()", same(5, 10)],
  ["test_HuberLoss_sum_reduction", () => new nn.HuberLoss("sum"), "nn.HuberLoss('sum')", same(5, 10)],
  ...noBatch("HuberLoss", same(3)),
  ["test_BCELoss", () => new nn.BCELoss(), "nn.BCELoss()", probs(15, 10)],
  [
    "test_BCELoss_weights",
    () => new nn.BCELoss(torch.arange(1, 11, 1, { dtype: "float32" }).div(10)),
    "nn.BCELoss(torch.arange(1, 11, dtype=torch.float32) / 10)",
    probs(15, 10),
  ],
  [
    "test_BCELoss_scalar_weights",
    () => new nn.BCELoss(torch.tensor(0.7)),
    "nn.BCELoss(torch.tensor(0.7))",
    () => [torch.rand([]).clamp_(1e-2, 1 - 1e-2), torch.rand([]).gt(0).float()],
  ],
  ...noBatch("BCELoss", () => [torch.randn([9]).sigmoid(), torch.randn([9])]),
  ["test_KLDivLoss", () => new nn.KLDivLoss(), "nn.KLDivLoss()", logProbs(false, 10, 10)],
  [
    "test_KLDivLoss_sum_reduction",
    () => new nn.KLDivLoss({ reduction: "sum" }),
    "nn.KLDivLoss(reduction='sum')",
    logProbs(false, 10, 10),
  ],
  [
    "test_KLDivLoss_log_target",
    () => new nn.KLDivLoss({ logTarget: true }),
    "nn.KLDivLoss(log_target=True)",
    logProbs(true, 10, 10),
  ],
  [
    "test_KLDivLoss_log_target_sum_reduction",
    () => new nn.KLDivLoss({ reduction: "sum", logTarget: true }),
    "nn.KLDivLoss(reduction='sum', log_target=True)",
    logProbs(true, 10, 10),
  ],
  ["test_KLDivLoss_scalar", () => new nn.KLDivLoss(), "nn.KLDivLoss()", logProbs(false)],
  [
    "test_KLDivLoss_scalar_sum_reduction",
    () => new nn.KLDivLoss(null, null, "sum"),
    "nn.KLDivLoss(None, None, 'sum')",
    logProbs(false),
  ],
  [
    "test_KLDivLoss_scalar_log_target",
    () => new nn.KLDivLoss(null, null, "mean", true),
    "nn.KLDivLoss(None, None, 'mean', True)",
    logProbs(true),
  ],
  [
    "test_KLDivLoss_scalar_log_target_sum_reduction",
    () => new nn.KLDivLoss({ logTarget: true, reduction: "sum" }),
    "nn.KLDivLoss(log_target=True, reduction='sum')",
    logProbs(true),
  ],
  ...noBatch("KLDivLoss", logProbs(false, 3)),
];

// Not upstream table entries: reductions that the tables above leave out (KLDivLoss's batchmean, the
// deprecated size_average/reduce), against the same PyTorch modules.
export const LOSS_EXTRA_TESTS: Array<[string, () => L, string, LossInputs]> = [
  [
    "KLDivLoss batchmean",
    () => new nn.KLDivLoss({ reduction: "batchmean" }),
    "nn.KLDivLoss(reduction='batchmean')",
    logProbs(false, 4, 10),
  ],
  [
    "KLDivLoss batchmean log_target",
    () => new nn.KLDivLoss(null, null, "batchmean", true),
    "nn.KLDivLoss(None, None, 'batchmean', True)",
    logProbs(true, 4, 10),
  ],
  [
    "KLDivLoss batchmean scalar",
    () => new nn.KLDivLoss({ reduction: "batchmean" }),
    "nn.KLDivLoss(reduction='batchmean')",
    logProbs(false),
  ],
  [
    "KLDivLoss size_average=False",
    () => new nn.KLDivLoss({ sizeAverage: false }),
    "nn.KLDivLoss(size_average=False)",
    logProbs(false, 4, 10),
  ],
  ["L1Loss reduce=False", () => new nn.L1Loss(null, false), "nn.L1Loss(None, False)", same(3, 4)],
  [
    "SmoothL1Loss size_average=False beta=0.5",
    () => new nn.SmoothL1Loss(false, null, "mean", 0.5),
    "nn.SmoothL1Loss(False, None, 'mean', 0.5)",
    same(3, 4),
  ],
  ["HuberLoss delta=2.5", () => new nn.HuberLoss({ delta: 2.5 }), "nn.HuberLoss(delta=2.5)", same(3, 4)],
  [
    "BCELoss weight broadcast, reduce=False",
    () => new nn.BCELoss({ weight: torch.tensor([[0.5], [2.0], [1.0]]), reduce: false }),
    "nn.BCELoss(weight=torch.tensor([[0.5], [2.0], [1.0]]), reduce=False)",
    probs(3, 4),
  ],
];

// ---- upstream's functional module tests (wrap_functional, fullname) for these losses: the loss of
// input `i` against a fixed target `t` (and weights `w`), with the gradient of i.
export type FunctionalInputs = () => { i: Tensor } & Record<string, Tensor>;
export type FunctionalCase = [
  string,
  (i: Tensor, a: Record<string, Tensor>) => Tensor | [Tensor, Tensor],
  string,
  FunctionalInputs,
];
const it_ =
  (i: () => Tensor, t: () => Tensor): FunctionalInputs =>
  () => ({ i: i(), t: t() });
const F = nn.functional;
const bceIn = (...s: number[]) => torch.rand(s).clamp_(2.8e-2, 1 - 2.8e-2);
export const FUNCTIONAL_LOSS_TESTS: FunctionalCase[] = [
  [
    "test_BCELoss_no_reduce",
    (i, { t }) => F.binaryCrossEntropy(i, t, { reduction: "none" }),
    "F.binary_cross_entropy(i, t, reduction='none')",
    it_(
      () => bceIn(15, 10),
      () => torch.randn([15, 10]).gt(0).float(),
    ),
  ],
  [
    "test_BCELoss_no_reduce_scalar",
    (i, { t }) => F.binaryCrossEntropy(i, t, { reduction: "none" }),
    "F.binary_cross_entropy(i, t, reduction='none')",
    it_(
      () => bceIn(),
      () => torch.randn([]).gt(0).float(),
    ),
  ],
  [
    "test_BCELoss_weights_no_reduce",
    (i, { t, w }) => F.binaryCrossEntropy(i, t, { weight: w, reduction: "none" }),
    "F.binary_cross_entropy(i, t, weight=w, reduction='none')",
    () => ({ i: bceIn(15, 10), t: torch.randn([15, 10]).gt(0).float(), w: torch.rand([10]) }),
  ],
  [
    "test_BCELoss_weights_no_reduce_scalar",
    (i, { t, w }) => F.binaryCrossEntropy(i, t, w, null, null, "none"),
    "F.binary_cross_entropy(i, t, w, None, None, 'none')",
    () => ({ i: bceIn(), t: torch.randn([]), w: torch.rand([]) }),
  ],
  [
    "test_KLDivLoss_with_target_no_reduce",
    (i, { t }) => F.klDiv(i, t, { reduction: "none" }),
    "F.kl_div(i, t, reduction='none')",
    it_(
      () => torch.rand([10, 10]).log(),
      () => torch.rand([10, 10]),
    ),
  ],
  [
    "test_KLDivLoss_no_reduce",
    (i, { t }) => F.klDiv(i, t, null, null, "none"),
    "F.kl_div(i, t, None, None, 'none')",
    it_(
      () => torch.rand([10, 10]).log(),
      () => torch.rand([10, 10]),
    ),
  ],
  [
    "test_KLDivLoss_no_reduce_scalar",
    (i, { t }) => F.klDiv(i, t, { reduction: "none" }),
    "F.kl_div(i, t, reduction='none')",
    it_(
      () => torch.rand([]).log(),
      () => torch.rand([]),
    ),
  ],
  [
    "test_KLDivLoss_with_log_target_no_reduce",
    (i, { t }) => F.klDiv(i, t, { reduction: "none", logTarget: true }),
    "F.kl_div(i, t, reduction='none', log_target=True)",
    it_(
      () => torch.rand([10, 10]).log(),
      () => torch.rand([10, 10]).log(),
    ),
  ],
  [
    "test_KLDivLoss_no_reduce_log_target",
    (i, { t }) => F.klDiv(i, t, null, null, "none", true),
    "F.kl_div(i, t, None, None, 'none', True)",
    it_(
      () => torch.rand([10, 10]).log(),
      () => torch.rand([10, 10]).log(),
    ),
  ],
  [
    "test_KLDivLoss_no_reduce_scalar_log_target",
    (i, { t }) => F.klDiv(i, t, { reduction: "none", logTarget: true }),
    "F.kl_div(i, t, reduction='none', log_target=True)",
    it_(
      () => torch.rand([]).log(),
      () => torch.rand([]).log(),
    ),
  ],
  [
    "test_L1Loss_no_reduce",
    (i, { t }) => F.l1Loss(i, t, { reduction: "none" }),
    "F.l1_loss(i, t, reduction='none')",
    it_(
      () => torch.randn([2, 3, 4]),
      () => torch.randn([2, 3, 4]),
    ),
  ],
  [
    "test_L1Loss_no_reduce_scalar",
    (i, { t }) => F.l1Loss(i, t, null, null, "none"),
    "F.l1_loss(i, t, None, None, 'none')",
    it_(
      () => torch.randn([]),
      () => torch.randn([]),
    ),
  ],
  [
    "test_SmoothL1Loss_no_reduce",
    (i, { t }) => F.smoothL1Loss(i, t, { reduction: "none" }),
    "F.smooth_l1_loss(i, t, reduction='none')",
    it_(
      () => torch.randn([2, 3, 4]),
      () => torch.randn([2, 3, 4]),
    ),
  ],
  [
    "test_SmoothL1Loss_no_reduce_scalar",
    (i, { t }) => F.smoothL1Loss(i, t, { reduction: "none" }),
    "F.smooth_l1_loss(i, t, reduction='none')",
    it_(
      () => torch.randn([]),
      () => torch.randn([]),
    ),
  ],
  [
    "test_SmoothL1Loss_beta",
    (i, { t }) => F.smoothL1Loss(i, t, { reduction: "none", beta: 0.5 }),
    "F.smooth_l1_loss(i, t, reduction='none', beta=0.5)",
    it_(
      () => torch.randn([2, 3, 4]),
      () => torch.randn([2, 3, 4]),
    ),
  ],
  [
    "test_SmoothL1Loss_zero_beta",
    (i, { t }) => F.smoothL1Loss(i, t, null, null, "none", 0),
    "F.smooth_l1_loss(i, t, None, None, 'none', 0)",
    it_(
      () => torch.randn([2, 3, 4]),
      () => torch.randn([2, 3, 4]),
    ),
  ],
  [
    "test_HuberLoss_delta",
    (i, { t }) => F.huberLoss(i, t, { reduction: "none", delta: 0.5 }),
    "F.huber_loss(i, t, reduction='none', delta=0.5)",
    it_(
      () => torch.randn([2, 3, 4]),
      () => torch.randn([2, 3, 4]),
    ),
  ],
];

// Not upstream table entries: the functional forms of the activations and pooling above, positional
// and as options, and the in-place forms (on a clone, so the gradient reaches the input).
const x1 =
  (...shape: number[]): FunctionalInputs =>
  () => ({ i: torch.randn(shape) });
// new_module_tests' wrap_functional(F.interpolate, ...) cases: [fullname, options, Python keyword arguments, input size].
const INTERPOLATE: Array<[string, nn.functional.InterpolateOptions, string, number[]]> = [
  [
    "nearest_1d",
    { size: 12, scaleFactor: null, mode: "nearest" },
    "size=12, scale_factor=None, mode='nearest'",
    [1, 2, 4],
  ],
  [
    "nearest_1d_zero_dim",
    { size: 12, scaleFactor: null, mode: "nearest" },
    "size=12, scale_factor=None, mode='nearest'",
    [0, 2, 4],
  ],
  [
    "nearest_tuple_1d",
    { size: [12], scaleFactor: null, mode: "nearest" },
    "size=(12, ), scale_factor=None, mode='nearest'",
    [1, 2, 3],
  ],
  [
    "nearest_scale_1d",
    { size: null, scaleFactor: 4, mode: "nearest" },
    "size=None, scale_factor=4., mode='nearest'",
    [1, 2, 4],
  ],
  [
    "linear_1d",
    { size: 12, scaleFactor: null, mode: "linear", alignCorners: false },
    "size=12, scale_factor=None, mode='linear', align_corners=False",
    [1, 2, 4],
  ],
  [
    "linear_tuple_1d",
    { size: [4], scaleFactor: null, mode: "linear", alignCorners: false },
    "size=(4, ), scale_factor=None, mode='linear', align_corners=False",
    [1, 2, 3],
  ],
  [
    "linear_scale_1d",
    { size: null, scaleFactor: 4, mode: "linear", alignCorners: false },
    "size=None, scale_factor=4., mode='linear', align_corners=False",
    [1, 2, 4],
  ],
  [
    "linear_1d_zero_dim",
    { size: 12, scaleFactor: null, mode: "linear", alignCorners: false },
    "size=12, scale_factor=None, mode='linear', align_corners=False",
    [0, 2, 4],
  ],
  [
    "linear_1d_align_corners",
    { size: 12, scaleFactor: null, mode: "linear", alignCorners: true },
    "size=12, scale_factor=None, mode='linear', align_corners=True",
    [1, 2, 4],
  ],
  [
    "linear_scale_1d_align_corners",
    { size: null, scaleFactor: 4, mode: "linear", alignCorners: true },
    "size=None, scale_factor=4., mode='linear', align_corners=True",
    [1, 2, 4],
  ],
  [
    "nearest_2d_launch_configs",
    { size: 2, scaleFactor: null, mode: "nearest" },
    "size=2, scale_factor=None, mode='nearest'",
    [1, 128, 1, 1],
  ],
  [
    "nearest_2d",
    { size: 12, scaleFactor: null, mode: "nearest" },
    "size=12, scale_factor=None, mode='nearest'",
    [1, 2, 4, 4],
  ],
  [
    "nearest_tuple_2d",
    { size: [12, 16], scaleFactor: null, mode: "nearest" },
    "size=(12, 16), scale_factor=None, mode='nearest'",
    [1, 2, 3, 4],
  ],
  [
    "nearest_scale_2d",
    { size: null, scaleFactor: 4, mode: "nearest" },
    "size=None, scale_factor=4., mode='nearest'",
    [1, 2, 4, 4],
  ],
  [
    "nearest_2d_zero_dim",
    { size: 12, scaleFactor: null, mode: "nearest" },
    "size=12, scale_factor=None, mode='nearest'",
    [0, 2, 4, 4],
  ],
  [
    "bilinear_2d",
    { size: 12, scaleFactor: null, mode: "bilinear", alignCorners: false },
    "size=12, scale_factor=None, mode='bilinear', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bilinear_2d_zero_dim",
    { size: 12, scaleFactor: null, mode: "bilinear", alignCorners: false },
    "size=12, scale_factor=None, mode='bilinear', align_corners=False",
    [0, 2, 4, 4],
  ],
  [
    "bilinear_tuple_2d",
    { size: [4, 6], scaleFactor: null, mode: "bilinear", alignCorners: false },
    "size=(4, 6), scale_factor=None, mode='bilinear', align_corners=False",
    [1, 2, 2, 3],
  ],
  [
    "bilinear_scale_2d",
    { size: null, scaleFactor: 4, mode: "bilinear", alignCorners: false },
    "size=None, scale_factor=4., mode='bilinear', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bilinear_scale_tuple_shared_2d",
    { size: null, scaleFactor: [2, 2], mode: "bilinear", alignCorners: false },
    "size=None, scale_factor=(2., 2.), mode='bilinear', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bilinear_scale_tuple_skewed_2d",
    { size: null, scaleFactor: [2, 1], mode: "bilinear", alignCorners: false },
    "size=None, scale_factor=(2., 1.), mode='bilinear', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bilinear_tuple_2d_align_corners",
    { size: [4, 6], scaleFactor: null, mode: "bilinear", alignCorners: true },
    "size=(4, 6), scale_factor=None, mode='bilinear', align_corners=True",
    [1, 2, 4, 4],
  ],
  [
    "bilinear_scale_tuple_skewed_2d_align_corners",
    { size: null, scaleFactor: [2, 1], mode: "bilinear", alignCorners: true },
    "size=None, scale_factor=(2., 1.), mode='bilinear', align_corners=True",
    [1, 2, 4, 4],
  ],
  [
    "bicubic_2d",
    { size: 12, scaleFactor: null, mode: "bicubic", alignCorners: false },
    "size=12, scale_factor=None, mode='bicubic', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bicubic_2d_zero_dim",
    { size: 12, scaleFactor: null, mode: "bicubic", alignCorners: false },
    "size=12, scale_factor=None, mode='bicubic', align_corners=False",
    [0, 2, 4, 4],
  ],
  [
    "bicubic_tuple_2d",
    { size: [4, 6], scaleFactor: null, mode: "bicubic", alignCorners: false },
    "size=(4, 6), scale_factor=None, mode='bicubic', align_corners=False",
    [1, 2, 2, 3],
  ],
  [
    "bicubic_scale_2d",
    { size: null, scaleFactor: 4, mode: "bicubic", alignCorners: false },
    "size=None, scale_factor=4., mode='bicubic', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bicubic_scale_tuple_shared_2d",
    { size: null, scaleFactor: [2, 2], mode: "bicubic", alignCorners: false },
    "size=None, scale_factor=(2., 2.), mode='bicubic', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bicubic_scale_tuple_skewed_2d",
    { size: null, scaleFactor: [2, 1], mode: "bicubic", alignCorners: false },
    "size=None, scale_factor=(2., 1.), mode='bicubic', align_corners=False",
    [1, 2, 4, 4],
  ],
  [
    "bicubic_tuple_2d_align_corners",
    { size: [4, 6], scaleFactor: null, mode: "bicubic", alignCorners: true },
    "size=(4, 6), scale_factor=None, mode='bicubic', align_corners=True",
    [1, 2, 4, 4],
  ],
  [
    "bicubic_scale_tuple_skewed_2d_align_corners",
    { size: null, scaleFactor: [2, 1], mode: "bicubic", alignCorners: true },
    "size=None, scale_factor=(2., 1.), mode='bicubic', align_corners=True",
    [1, 2, 4, 4],
  ],
  [
    "nearest_3d",
    { size: 12, scaleFactor: null, mode: "nearest" },
    "size=12, scale_factor=None, mode='nearest'",
    [1, 2, 4, 4, 4],
  ],
  [
    "nearest_3d_zero_dim",
    { size: 12, scaleFactor: null, mode: "nearest" },
    "size=12, scale_factor=None, mode='nearest'",
    [0, 2, 4, 4, 4],
  ],
  [
    "nearest_tuple_3d",
    { size: [12, 16, 16], scaleFactor: null, mode: "nearest" },
    "size=(12, 16, 16), scale_factor=None, mode='nearest'",
    [1, 2, 3, 4, 4],
  ],
  [
    "nearest_scale_3d",
    { size: null, scaleFactor: 4, mode: "nearest" },
    "size=None, scale_factor=4., mode='nearest'",
    [1, 2, 4, 4, 4],
  ],
  [
    "trilinear_3d",
    { size: 12, scaleFactor: null, mode: "trilinear", alignCorners: false },
    "size=12, scale_factor=None, mode='trilinear', align_corners=False",
    [1, 2, 4, 4, 4],
  ],
  [
    "trilinear_3d_zero_dim",
    { size: 12, scaleFactor: null, mode: "trilinear", alignCorners: false },
    "size=12, scale_factor=None, mode='trilinear', align_corners=False",
    [0, 2, 4, 4, 4],
  ],
  [
    "trilinear_tuple_3d",
    { size: [4, 6, 6], scaleFactor: null, mode: "trilinear", alignCorners: false },
    "size=(4, 6, 6), scale_factor=None, mode='trilinear', align_corners=False",
    [1, 2, 2, 3, 3],
  ],
  [
    "trilinear_scale_3d",
    { size: null, scaleFactor: 3, mode: "trilinear", alignCorners: false },
    "size=None, scale_factor=3., mode='trilinear', align_corners=False",
    [1, 2, 3, 4, 5],
  ],
  [
    "trilinear_tuple_3d_align_corners",
    { size: [4, 6, 6], scaleFactor: null, mode: "trilinear", alignCorners: true },
    "size=(4, 6, 6), scale_factor=None, mode='trilinear', align_corners=True",
    [1, 2, 2, 3, 3],
  ],
  [
    "trilinear_scale_3d_align_corners",
    { size: null, scaleFactor: 3, mode: "trilinear", alignCorners: true },
    "size=None, scale_factor=3., mode='trilinear', align_corners=True",
    [1, 2, 3, 4, 4],
  ],
];
function interpolateCases(): FunctionalCase[] {
  return INTERPOLATE.map(([name, o, kw, shape]) => [
    `test_interpolate_${name}`,
    (i: Tensor) => F.interpolate(i, o),
    `F.interpolate(i, ${kw})`,
    x1(...shape),
  ]);
}
// new_module_tests' Padding*circular cases: wrap_functional(F.pad, pad=..., mode='circular') on arange inputs (double).
const CIRCULAR: Array<[string, number[], number[]]> = [
  ["Padding12_1dcircular", [1, 2], [1, 2, 3]],
  ["Padding31_1dcircular", [3, 1], [1, 2, 3]],
  ["Padding33_1dcircular", [3, 3], [1, 2, 3]],
  ["Padding1221_2dcircular", [1, 2, 2, 1], [1, 1, 2, 3]],
  ["Padding2322_2dcircular", [2, 3, 2, 2], [1, 1, 2, 3]],
  ["Padding3331_2dcircular", [3, 3, 3, 1], [1, 1, 3, 3]],
  ["Padding122112_3dcircular", [1, 2, 2, 1, 1, 2], [1, 1, 2, 2, 3]],
  ["Padding322112_3dcircular", [3, 2, 2, 1, 1, 2], [1, 1, 2, 2, 3]],
  ["Padding332122_3dcircular", [3, 3, 2, 1, 2, 2], [1, 1, 2, 2, 3]],
];
function circularPadCases(): FunctionalCase[] {
  return CIRCULAR.map(([name, p, shape]) => [
    `test_${name}`,
    (i: Tensor) => F.pad(i, p, { mode: "circular" }),
    `F.pad(i, pad=(${p.join(", ")}), mode='circular')`,
    () => ({
      i: torch
        .arange(
          0,
          shape.reduce((a, b) => a * b, 1),
          1,
          { dtype: "float64" },
        )
        .reshape(shape),
    }),
  ]);
}

export const FUNCTIONAL_LAYER_TESTS: FunctionalCase[] = [
  ["F.elu alpha", (i) => F.elu(i, 0.5), "F.elu(i, 0.5)", x1(3, 4)],
  [
    "F.elu inplace",
    (i) => F.elu(i.mul(1), { alpha: 2.0, inplace: true }),
    "F.elu(i * 1, alpha=2.0, inplace=True)",
    x1(3, 4),
  ],
  ["F.celu inplace", (i) => F.celu(i.mul(1), 0.7, true), "F.celu(i * 1, 0.7, True)", x1(3, 4)],
  ["F.selu inplace", (i) => F.selu(i.mul(1), true), "F.selu(i * 1, True)", x1(3, 4)],
  ["F.hardtanh bounds", (i) => F.hardtanh(i, -0.5, 2), "F.hardtanh(i, -0.5, 2)", x1(3, 4)],
  [
    "F.hardtanh inplace",
    (i) => F.hardtanh(i.mul(1), { minVal: -0.25, maxVal: 0.5, inplace: true }),
    "F.hardtanh(i * 1, min_val=-0.25, max_val=0.5, inplace=True)",
    x1(3, 4),
  ],
  ["F.relu6", (i) => F.relu6(i.mul(4)), "F.relu6(i * 4)", x1(3, 4)],
  ["F.relu6 inplace", (i) => F.relu6(i.mul(4), true), "F.relu6(i * 4, True)", x1(3, 4)],
  ["F.softplus", (i) => F.softplus(i, { beta: 0.5, threshold: 1 }), "F.softplus(i, beta=0.5, threshold=1)", x1(3, 4)],
  ["F.prelu", (i, { w }) => F.prelu(i, w), "F.prelu(i, w)", () => ({ i: torch.randn([2, 3, 4]), w: torch.rand([3]) })],
  ["F.mish inplace", (i) => F.mish(i.mul(1), true), "F.mish(i * 1, True)", x1(3, 4)],
  ["F.hardswish", (i) => F.hardswish(i.mul(3)), "F.hardswish(i * 3)", x1(3, 4)],
  [
    "F.hardswish inplace",
    (i) => F.hardswish(i.mul(3), { inplace: true }),
    "F.hardswish(i * 3, inplace=True)",
    x1(3, 4),
  ],
  ["F.hardsigmoid", (i) => F.hardsigmoid(i.mul(3)), "F.hardsigmoid(i * 3)", x1(3, 4)],
  ["F.hardsigmoid inplace", (i) => F.hardsigmoid(i.mul(3), true), "F.hardsigmoid(i * 3, True)", x1(3, 4)],
  ["F.logsigmoid", (i) => F.logsigmoid(i), "F.logsigmoid(i)", x1(3, 4)],
  ["F.softsign", (i) => F.softsign(i), "F.softsign(i)", x1(3, 4)],
  ["F.tanhshrink", (i) => F.tanhshrink(i), "F.tanhshrink(i)", x1(3, 4)],
  [
    "F.max_pool1d positional",
    (i) => F.maxPool1d(i, 3, 2, 1, 2, true, true),
    "F.max_pool1d(i, 3, 2, 1, 2, True, True)",
    x1(2, 3, 11),
  ],
  [
    "F.max_pool3d options",
    (i) => F.maxPool3d(i, [2, 3, 2], { stride: 1, padding: [1, 1, 0], ceilMode: true }),
    "F.max_pool3d(i, (2, 3, 2), stride=1, padding=(1, 1, 0), ceil_mode=True)",
    x1(2, 2, 4, 5, 3),
  ],
  [
    "F.avg_pool1d no count_include_pad",
    (i) => F.avgPool1d(i, 3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
    "F.avg_pool1d(i, 3, stride=2, padding=1, ceil_mode=True, count_include_pad=False)",
    x1(2, 3, 10),
  ],
  [
    "F.avg_pool3d divisor_override",
    (i) => F.avgPool3d(i, 2, null, 1, false, true, 3),
    "F.avg_pool3d(i, 2, None, 1, False, True, 3)",
    x1(2, 2, 4, 4, 4),
  ],
  ["F.adaptive_avg_pool1d", (i) => F.adaptiveAvgPool1d(i, [4]), "F.adaptive_avg_pool1d(i, [4])", x1(2, 3, 9)],
  [
    "F.adaptive_avg_pool3d",
    (i) => F.adaptiveAvgPool3d(i, [2, null, 3]),
    "F.adaptive_avg_pool3d(i, [2, None, 3])",
    x1(2, 3, 5, 4, 7),
  ],
  // ---- new_module_tests' wrap_functional cases for F.interpolate and F.pad (fullname as upstream)
  ...interpolateCases(),
  ...circularPadCases(),
  // new_module_tests' PairwiseDistance cases (two inputs: the gradient of the first is compared)
  [
    "test_PairwiseDistance",
    (i, { t }) => new nn.PairwiseDistance().forward(i, t),
    "nn.PairwiseDistance()(i, t)",
    () => ({ i: torch.randn([10, 8]), t: torch.randn([10, 8]) }),
  ],
  [
    "test_PairwiseDistance_broadcast_lhs",
    (i, { t }) => new nn.PairwiseDistance().forward(i, t),
    "nn.PairwiseDistance()(i, t)",
    () => ({ i: torch.randn([10, 1]), t: torch.randn([10, 8]) }),
  ],
  [
    "test_PairwiseDistance_broadcast_rhs",
    (i, { t }) => new nn.PairwiseDistance().forward(i, t),
    "nn.PairwiseDistance()(i, t)",
    () => ({ i: torch.randn([10, 8]), t: torch.randn([1, 8]) }),
  ],
  [
    "test_PairwiseDistance_with_non_default_args",
    (i, { t }) => new nn.PairwiseDistance(1.5, 1e-5, true).forward(i, t),
    "nn.PairwiseDistance(1.5, 1e-05, True)(i, t)",
    () => ({ i: torch.randn([10, 8]), t: torch.randn([10, 8]) }),
  ],
  [
    "test_PairwiseDistance_no_batch_dim",
    (i, { t }) => new nn.PairwiseDistance().forward(i, t),
    "nn.PairwiseDistance()(i, t)",
    () => ({ i: torch.randn([8]), t: torch.randn([8]) }),
  ],
  // Not upstream table entries: the other forms of the new functions and layers.
  [
    "nn.CosineSimilarity",
    (i, { t }) => new nn.CosineSimilarity().forward(i, t),
    "nn.CosineSimilarity()(i, t)",
    () => ({ i: torch.randn([5, 8]), t: torch.randn([5, 8]) }),
  ],
  [
    "F.cosine_similarity dim, eps (broadcast)",
    (i, { t }) => F.cosineSimilarity(i, t, { dim: 0, eps: 1e-3 }),
    "F.cosine_similarity(i, t, dim=0, eps=1e-3)",
    () => ({ i: torch.randn([4, 3]), t: torch.randn([4, 1]) }),
  ],
  [
    "F.pairwise_distance p=1 keepdim",
    (i, { t }) => F.pairwiseDistance(i, t, 1, 1e-6, true),
    "F.pairwise_distance(i, t, 1, 1e-6, True)",
    () => ({ i: torch.randn([3, 5]), t: torch.randn([3, 5]) }),
  ],
  [
    "F.pad constant value",
    (i) => F.pad(i, [1, 2, 0, 1], "constant", -1.5),
    "F.pad(i, [1, 2, 0, 1], 'constant', -1.5)",
    x1(2, 3, 4),
  ],
  [
    "F.pad constant 4 dims",
    (i) => F.pad(i, [1, 1, 0, 2, 1, 0, 2, 1]),
    "F.pad(i, [1, 1, 0, 2, 1, 0, 2, 1])",
    x1(2, 3, 2, 2),
  ],
  ["F.pad reflect 1d", (i) => F.pad(i, [2, 3], { mode: "reflect" }), "F.pad(i, [2, 3], mode='reflect')", x1(2, 5)],
  ["F.pad reflect 2d", (i) => F.pad(i, [1, 2, 2, 1], "reflect"), "F.pad(i, [1, 2, 2, 1], 'reflect')", x1(1, 2, 4, 5)],
  [
    "F.pad reflect 3d",
    (i) => F.pad(i, [1, 0, 2, 1, 1, 1], "reflect"),
    "F.pad(i, [1, 0, 2, 1, 1, 1], 'reflect')",
    x1(1, 2, 3, 4, 3),
  ],
  ["F.pad replicate 1d", (i) => F.pad(i, [3, 1], "replicate"), "F.pad(i, [3, 1], 'replicate')", x1(1, 2, 4)],
  [
    "F.pad replicate 2d",
    (i) => F.pad(i, [2, 0, 1, 3], "replicate"),
    "F.pad(i, [2, 0, 1, 3], 'replicate')",
    x1(2, 4, 3),
  ],
  [
    "F.pad replicate 3d",
    (i) => F.pad(i, [1, 1, 1, 2, 2, 1], "replicate"),
    "F.pad(i, [1, 1, 1, 2, 2, 1], 'replicate')",
    x1(2, 3, 2, 2),
  ],
  [
    "F.pad circular 2d negative",
    (i) => F.pad(i, [-1, 2, 1, -1], "circular"),
    "F.pad(i, [-1, 2, 1, -1], 'circular')",
    x1(1, 2, 4, 4),
  ],
  [
    "F.interpolate positional",
    (i) => F.interpolate(i, null, [2, 3], "bilinear", true),
    "F.interpolate(i, None, [2, 3], 'bilinear', True)",
    x1(1, 2, 3, 4),
  ],
  [
    "F.interpolate bilinear antialias",
    (i) => F.interpolate(i, { size: [3, 5], mode: "bilinear", antialias: true }),
    "F.interpolate(i, size=[3, 5], mode='bilinear', antialias=True)",
    x1(2, 3, 9, 11),
  ],
  [
    "F.interpolate bicubic antialias",
    (i) => F.interpolate(i, { scaleFactor: 0.4, mode: "bicubic", antialias: true, alignCorners: true }),
    "F.interpolate(i, scale_factor=0.4, mode='bicubic', antialias=True, align_corners=True)",
    x1(1, 2, 10, 12),
  ],
  [
    "F.interpolate area",
    (i) => F.interpolate(i, { size: [3, 4], mode: "area" }),
    "F.interpolate(i, size=[3, 4], mode='area')",
    x1(2, 3, 7, 9),
  ],
  [
    "F.interpolate area None keeps the size",
    (i) => F.interpolate(i, { size: [null, 2] as never, mode: "area" }),
    "F.interpolate(i, size=[None, 2], mode='area')",
    x1(1, 2, 5, 6),
  ],
  [
    "F.interpolate area scale_factor 1d",
    (i) => F.interpolate(i, { scaleFactor: 0.6, mode: "area" }),
    "F.interpolate(i, scale_factor=0.6, mode='area')",
    x1(2, 3, 11),
  ],
  [
    "F.interpolate area 3d",
    (i) => F.interpolate(i, { size: 2, mode: "area" }),
    "F.interpolate(i, size=2, mode='area')",
    x1(1, 2, 5, 4, 3),
  ],
  [
    "F.interpolate nearest-exact 2d scale (recomputed)",
    (i) => F.interpolate(i, { scaleFactor: 1.6, mode: "nearest-exact", recomputeScaleFactor: true }),
    "F.interpolate(i, scale_factor=1.6, mode='nearest-exact', recompute_scale_factor=True)",
    x1(1, 2, 5, 3),
  ],
  [
    "F.interpolate nearest-exact 3d",
    (i) => F.interpolate(i, { size: [3, 5, 2], mode: "nearest-exact" }),
    "F.interpolate(i, size=[3, 5, 2], mode='nearest-exact')",
    x1(1, 2, 4, 3, 5),
  ],
  [
    "F.interpolate bicubic not recomputed scale",
    (i) => F.interpolate(i, { scaleFactor: 2.3, mode: "bicubic", alignCorners: false, recomputeScaleFactor: false }),
    "F.interpolate(i, scale_factor=2.3, mode='bicubic', align_corners=False, recompute_scale_factor=False)",
    x1(1, 2, 2, 2),
  ],
  ["F.upsample (deprecated)", (i) => F.upsample(i, 6, null, "linear"), "F.upsample(i, 6, None, 'linear')", x1(1, 2, 3)],
  [
    "F.upsample_nearest (deprecated)",
    (i) => F.upsampleNearest(i, { scaleFactor: 2 }),
    "F.upsample_nearest(i, scale_factor=2)",
    x1(1, 2, 3, 2),
  ],
  [
    "F.upsample_bilinear (deprecated)",
    (i) => F.upsampleBilinear(i, [4, 5]),
    "F.upsample_bilinear(i, [4, 5])",
    x1(1, 2, 3, 2),
  ],
  ["F.pixel_shuffle", (i) => F.pixelShuffle(i, 2), "F.pixel_shuffle(i, 2)", x1(2, 3, 8, 2, 3)],
  ["F.pixel_unshuffle", (i) => F.pixelUnshuffle(i, 2), "F.pixel_unshuffle(i, 2)", x1(3, 2, 4, 6)],
  ["nn.Unflatten", (i) => new nn.Unflatten(1, [2, -1, 3]).forward(i), "nn.Unflatten(1, (2, -1, 3))(i)", x1(2, 12, 2)],
];
