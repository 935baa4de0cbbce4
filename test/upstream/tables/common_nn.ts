// PyTorch 1.13's common_nn.py module_tests / new_module_tests / criterion_tests as tables: run on the CPU
// by test/upstream/common_nn.test.ts and, as upstream's test_cuda runs them again, on CUDA by test/gpu/gpu_checks.ts.
import * as torch from "../../../lib";
import { nn, type Tensor } from "../../../lib";

export type M = nn.Module & { forward(x: Tensor): Tensor };
export const MODULE_TESTS: Array<[string, () => M, string, number[]]> = [
  ["test_Linear", () => new nn.Linear(10, 8), "nn.Linear(10, 8)", [4, 10]],
  ["test_Linear_no_bias", () => new nn.Linear(10, 8, false), "nn.Linear(10, 8, False)", [4, 10]],
  ["test_Linear_no_batch_dim", () => new nn.Linear(5, 3), "nn.Linear(5, 3)", [5]],
  ["test_Linear_3d_input", () => new nn.Linear(4, 2), "nn.Linear(4, 2)", [2, 3, 4]],
  ["test_BatchNorm1d_affine", () => new nn.BatchNorm1d(10), "nn.BatchNorm1d(10)", [4, 10]],
  ["test_BatchNorm1d_3d_input", () => new nn.BatchNorm1d(5), "nn.BatchNorm1d(5)", [4, 5, 3]],
  [
    "test_BatchNorm1d_affine_simple_average",
    () => new nn.BatchNorm1d(10, { eps: 1e-3, momentum: null }),
    "nn.BatchNorm1d(10, 1e-3, None)",
    [4, 10],
  ],
  [
    "test_BatchNorm1d_not_affine",
    () => new nn.BatchNorm1d(10, { eps: 1e-3, momentum: 0.3, affine: false }),
    "nn.BatchNorm1d(10, 1e-3, 0.3, False)",
    [4, 10],
  ],
  [
    "test_BatchNorm1d_not_tracking_stats",
    () => new nn.BatchNorm1d(10, { eps: 1e-3, momentum: 0.3, affine: true, trackRunningStats: false }),
    "nn.BatchNorm1d(10, 1e-3, 0.3, True, False)",
    [4, 10],
  ],
  [
    "test_BatchNorm1d_3d_input_not_affine",
    () => new nn.BatchNorm1d(5, { eps: 1e-3, momentum: 0.3, affine: false }),
    "nn.BatchNorm1d(5, 1e-3, 0.3, False)",
    [4, 5, 3],
  ],
  [
    "test_BatchNorm1d_zero_batch",
    () => new nn.BatchNorm1d(5, { eps: 1e-3, momentum: 0.3, affine: false }),
    "nn.BatchNorm1d(5, 1e-3, 0.3, False)",
    [0, 5, 9],
  ],
  ["test_BatchNorm2d", () => new nn.BatchNorm2d(3), "nn.BatchNorm2d(3)", [2, 3, 6, 6]],
  [
    "test_BatchNorm2d_2d_simple_average",
    () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: null }),
    "nn.BatchNorm2d(3, 1e-3, None)",
    [2, 3, 6, 6],
  ],
  [
    "test_BatchNorm2d_momentum",
    () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: 0.8 }),
    "nn.BatchNorm2d(3, 1e-3, 0.8)",
    [2, 3, 6, 6],
  ],
  [
    "test_BatchNorm2d_not_affine",
    () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: 0.8, affine: false }),
    "nn.BatchNorm2d(3, 1e-3, 0.8, False)",
    [2, 3, 6, 6],
  ],
  [
    "test_BatchNorm2d_not_tracking_stats",
    () => new nn.BatchNorm2d(3, { eps: 1e-3, momentum: 0.8, affine: true, trackRunningStats: false }),
    "nn.BatchNorm2d(3, 1e-3, 0.8, True, False)",
    [2, 3, 6, 6],
  ],
  [
    "test_BatchNorm2d_zero_batch",
    () => new nn.BatchNorm2d(5, { eps: 1e-3, momentum: 0.3, affine: false }),
    "nn.BatchNorm2d(5, 1e-3, 0.3, False)",
    [0, 5, 2, 2],
  ],
  ["test_BatchNorm3d", () => new nn.BatchNorm3d(3), "nn.BatchNorm3d(3)", [2, 3, 4, 4, 4]],
  [
    "test_BatchNorm3d_3d_simple_average",
    () => new nn.BatchNorm3d(3, { eps: 1e-3, momentum: null }),
    "nn.BatchNorm3d(3, 1e-3, None)",
    [2, 3, 4, 4, 4],
  ],
  [
    "test_BatchNorm3d_momentum",
    () => new nn.BatchNorm3d(3, { eps: 1e-3, momentum: 0.7 }),
    "nn.BatchNorm3d(3, 1e-3, 0.7)",
    [2, 3, 4, 4, 4],
  ],
  [
    "test_BatchNorm3d_not_affine",
    () => new nn.BatchNorm3d(3, { eps: 1e-3, momentum: 0.7, affine: false }),
    "nn.BatchNorm3d(3, 1e-3, 0.7, False)",
    [2, 3, 4, 4, 4],
  ],
  ["test_Conv2d", () => new nn.Conv2d(3, 4, [3, 2]), "nn.Conv2d(3, 4, (3, 2))", [2, 3, 7, 5]],
  ["test_Conv2d_strided", () => new nn.Conv2d(3, 4, [3, 3], [2, 2]), "nn.Conv2d(3, 4, (3, 3), (2, 2))", [2, 3, 6, 6]],
  [
    "test_Conv2d_padding",
    () => new nn.Conv2d(3, 4, [3, 3], [2, 2], [1, 1]),
    "nn.Conv2d(3, 4, (3, 3), (2, 2), (1, 1))",
    [2, 3, 6, 6],
  ],
  [
    "test_Conv2d_dilated",
    () => new nn.Conv2d(3, 4, [3, 4], 1, [0, 0], [2, 2]),
    "nn.Conv2d(3, 4, (3, 4), 1, (0, 0), (2, 2))",
    [2, 3, 8, 8],
  ],
  [
    "test_Conv2d_no_bias",
    () => new nn.Conv2d(3, 4, [3, 2], 1, 0, 1, 1, false),
    "nn.Conv2d(3, 4, (3, 2), 1, 0, 1, 1, False)",
    [2, 3, 6, 5],
  ],
  [
    "test_Conv2d_groups",
    () => new nn.Conv2d(4, 6, [3, 2], { groups: 2 }),
    "nn.Conv2d(4, 6, (3, 2), groups=2)",
    [2, 4, 6, 5],
  ],
  [
    "test_Conv2d_groups_thnn",
    () => new nn.Conv2d(4, 6, [3, 2], { groups: 2 }),
    "nn.Conv2d(4, 6, (3, 2), groups=2)",
    [2, 4, 6, 5],
  ],
  [
    "test_Conv2d_depthwise",
    () => new nn.Conv2d(4, 4, [3, 3], { groups: 4 }),
    "nn.Conv2d(4, 4, (3, 3), groups=4)",
    [2, 4, 6, 6],
  ],
  [
    "test_Conv2d_depthwise_with_multiplier",
    () => new nn.Conv2d(4, 8, [3, 3], { groups: 4 }),
    "nn.Conv2d(4, 8, (3, 3), groups=4)",
    [2, 4, 6, 6],
  ],
  [
    "test_Conv2d_depthwise_strided",
    () => new nn.Conv2d(4, 4, [3, 3], { stride: [2, 2], groups: 4 }),
    "nn.Conv2d(4, 4, (3, 3), stride=(2, 2), groups=4)",
    [2, 4, 6, 6],
  ],
  [
    "test_Conv2d_depthwise_padded",
    () => new nn.Conv2d(4, 4, [3, 3], { padding: [1, 1], groups: 4 }),
    "nn.Conv2d(4, 4, (3, 3), padding=(1, 1), groups=4)",
    [2, 4, 6, 6],
  ],
  [
    "test_Conv2d_depthwise_dilated",
    () => new nn.Conv2d(4, 4, [2, 2], { dilation: [2, 2], groups: 4 }),
    "nn.Conv2d(4, 4, (2, 2), dilation=(2, 2), groups=4)",
    [2, 4, 5, 5],
  ],
  ["test_Conv2d_no_batch_dim", () => new nn.Conv2d(3, 4, [3, 2]), "nn.Conv2d(3, 4, (3, 2))", [3, 7, 5]],
  ["test_Conv2d_zero_batch", () => new nn.Conv2d(3, 4, [3, 2]), "nn.Conv2d(3, 4, (3, 2))", [0, 3, 7, 5]],
  [
    "test_Conv2d_pad_valid",
    () => new nn.Conv2d(2, 4, [3, 4], { padding: "valid" }),
    "nn.Conv2d(2, 4, (3, 4), padding='valid')",
    [2, 2, 6, 5],
  ],
  [
    "test_Conv2d_pad_same",
    () => new nn.Conv2d(2, 4, [3, 4], { padding: "same" }),
    "nn.Conv2d(2, 4, (3, 4), padding='same')",
    [2, 2, 6, 5],
  ],
  [
    "test_Conv2d_pad_same_dilated",
    () => new nn.Conv2d(2, 4, [3, 4], { padding: "same", dilation: 2 }),
    "nn.Conv2d(2, 4, (3, 4), padding='same', dilation=2)",
    [2, 2, 6, 5],
  ],
  [
    "test_Conv2d_circular_stride2_pad2",
    () => new nn.Conv2d(2, 4, [3, 3], { stride: 2, padding: 2, paddingMode: "circular" }),
    "nn.Conv2d(2, 4, (3, 3), stride=2, padding=2, padding_mode='circular')",
    [2, 2, 5, 5],
  ],
  [
    "test_Conv2d_reflect_stride2_pad2",
    () => new nn.Conv2d(3, 3, [3, 3], { stride: 2, padding: 2, paddingMode: "reflect" }),
    "nn.Conv2d(3, 3, (3, 3), stride=2, padding=2, padding_mode='reflect')",
    [2, 3, 8, 8],
  ],
  [
    "test_Conv2d_replicate_stride2_pad2",
    () => new nn.Conv2d(3, 3, [3, 3], { stride: 2, padding: 2, paddingMode: "replicate" }),
    "nn.Conv2d(3, 3, (3, 3), stride=2, padding=2, padding_mode='replicate')",
    [2, 3, 8, 8],
  ],
  [
    "test_MaxPool2d_3d_input",
    () => new nn.MaxPool2d([3, 3], [2, 2], [1, 1]),
    "nn.MaxPool2d((3, 3), (2, 2), (1, 1))",
    [3, 7, 7],
  ],
  [
    "test_MaxPool2d_4d_input",
    () => new nn.MaxPool2d([3, 3], [2, 2], [1, 1]),
    "nn.MaxPool2d((3, 3), (2, 2), (1, 1))",
    [1, 3, 7, 7],
  ],
  [
    "test_MaxPool2d_no_batch_dim",
    () => new nn.MaxPool2d([3, 3], [2, 2], [1, 1]),
    "nn.MaxPool2d((3, 3), (2, 2), (1, 1))",
    [3, 7, 7],
  ],
  [
    "test_MaxPool2d_ceil_mode",
    () => new nn.MaxPool2d(2, 2, 0, 1, false, true),
    "nn.MaxPool2d(2, 2, 0, 1, False, True)",
    [1, 3, 7, 7],
  ],
  ["test_ReLU", () => new nn.ReLU(), "nn.ReLU()", [2, 3, 4, 5]],
  ["test_Flatten", () => new nn.Flatten(), "nn.Flatten()", [2, 3, 3, 3]],
];

export type L = nn.Module & { forward(x: Tensor, t: Tensor): Tensor };
const W10 = () => torch.arange(1, 11, 1, { dtype: "float32" }).div(10);
const W10py = "torch.arange(1, 11, dtype=torch.float32) / 10";
// [name, module, Python constructor, input [N, C, ...], target kind]
export const CRITERION_TESTS: Array<[string, () => L, string, number[], "class" | "same"]> = [
  ["test_NLLLoss", () => new nn.NLLLoss(), "nn.NLLLoss()", [15, 10], "class"],
  [
    "test_NLLLoss_ignore_index",
    () => new nn.NLLLoss({ ignoreIndex: 2 }),
    "nn.NLLLoss(ignore_index=2)",
    [15, 10],
    "class",
  ],
  ["test_NLLLoss_weights", () => new nn.NLLLoss({ weight: W10() }), `nn.NLLLoss(${W10py})`, [15, 10], "class"],
  [
    "test_NLLLoss_weights_ignore_index",
    () => new nn.NLLLoss({ weight: W10(), ignoreIndex: 2 }),
    `nn.NLLLoss(${W10py}, ignore_index=2)`,
    [15, 10],
    "class",
  ],
  [
    "test_NLLLoss_weights_ignore_index_neg",
    () => new nn.NLLLoss({ weight: W10(), ignoreIndex: -1 }),
    `nn.NLLLoss(${W10py}, ignore_index=-1)`,
    [15, 10],
    "class",
  ],
  [
    "test_NLLLoss_sum_reduction",
    () => new nn.NLLLoss({ reduction: "sum" }),
    "nn.NLLLoss(reduction='sum')",
    [15, 10],
    "class",
  ],
  [
    "test_NLLLoss_none_reduction",
    () => new nn.NLLLoss({ reduction: "none" }),
    "nn.NLLLoss(reduction='none')",
    [15, 10],
    "class",
  ],
  ["test_NLLLoss2d", () => new nn.NLLLoss(), "nn.NLLLoss()", [2, 3, 5, 5], "class"],
  [
    "test_NLLLoss2d_weights",
    () => new nn.NLLLoss({ weight: torch.tensor([0.2, 0.5, 0.3]) }),
    "nn.NLLLoss(torch.tensor([0.2, 0.5, 0.3]))",
    [2, 3, 5, 5],
    "class",
  ],
  [
    "test_NLLLoss2d_ignore_index",
    () => new nn.NLLLoss({ ignoreIndex: 1 }),
    "nn.NLLLoss(ignore_index=1)",
    [2, 3, 5, 5],
    "class",
  ],
  ["test_NLLLossNd", () => new nn.NLLLoss(), "nn.NLLLoss()", [2, 3, 5, 5, 2, 2], "class"],
  ["test_CrossEntropyLoss", () => new nn.CrossEntropyLoss(), "nn.CrossEntropyLoss()", [15, 10], "class"],
  [
    "test_CrossEntropyLoss_weights",
    () => new nn.CrossEntropyLoss({ weight: W10() }),
    `nn.CrossEntropyLoss(${W10py})`,
    [15, 10],
    "class",
  ],
  ["test_CrossEntropyLoss_2d", () => new nn.CrossEntropyLoss(), "nn.CrossEntropyLoss()", [2, 3, 5, 5], "class"],
  [
    "test_CrossEntropyLoss_2d_ignore_index",
    () => new nn.CrossEntropyLoss({ ignoreIndex: 1 }),
    "nn.CrossEntropyLoss(ignore_index=1)",
    [2, 3, 5, 5],
    "class",
  ],
  [
    "test_CrossEntropyLoss_label_smoothing",
    () => new nn.CrossEntropyLoss({ labelSmoothing: 0.15 }),
    "nn.CrossEntropyLoss(label_smoothing=0.15)",
    [15, 10],
    "class",
  ],
  [
    "test_CrossEntropyLoss_label_smoothing_weight",
    () => new nn.CrossEntropyLoss({ weight: W10(), labelSmoothing: 0.15 }),
    `nn.CrossEntropyLoss(${W10py}, label_smoothing=0.15)`,
    [15, 10],
    "class",
  ],
  [
    "test_CrossEntropyLoss_2d_label_smoothing_sum_reduction",
    () => new nn.CrossEntropyLoss({ labelSmoothing: 0.15, reduction: "sum" }),
    "nn.CrossEntropyLoss(label_smoothing=0.15, reduction='sum')",
    [2, 3, 5, 5],
    "class",
  ],
  ["test_CrossEntropyLoss_probs", () => new nn.CrossEntropyLoss(), "nn.CrossEntropyLoss()", [15, 10], "same"],
  ["test_CrossEntropyLoss_2d_probs", () => new nn.CrossEntropyLoss(), "nn.CrossEntropyLoss()", [2, 3, 5, 5], "same"],
  ["test_CrossEntropyLoss_no_batch_dim", () => new nn.CrossEntropyLoss(), "nn.CrossEntropyLoss()", [10], "class"],
  ["test_MSELoss", () => new nn.MSELoss(), "nn.MSELoss()", [2, 3, 4, 5], "same"],
  [
    "test_MSELoss_sum_reduction",
    () => new nn.MSELoss({ reduction: "sum" }),
    "nn.MSELoss(reduction='sum')",
    [2, 3, 4, 5],
    "same",
  ],
  [
    "test_MSELoss_none_reduction",
    () => new nn.MSELoss({ reduction: "none" }),
    "nn.MSELoss(reduction='none')",
    [2, 3, 4, 5],
    "same",
  ],
  ["test_MSELoss_scalar", () => new nn.MSELoss(), "nn.MSELoss()", [], "same"],
  ["test_MSELoss_no_batch_dim", () => new nn.MSELoss(), "nn.MSELoss()", [3, 5], "same"],
];

/** A criterion case's input and target (seeded), as common_nn makes them for `name`. */
export function criterionInputs(name: string, shape: number[], kind: "class" | "same"): [Tensor, Tensor] {
  torch.manualSeed(12);
  const raw = torch.randn(shape);
  const x = (name.includes("NLL") ? raw.logSoftmax(shape.length === 1 ? 0 : 1) : raw).detach();
  const c = shape.length === 1 ? shape[0]! : shape[1]!;
  if (kind === "class") {
    const tshape = shape.length === 1 ? [] : [shape[0]!, ...shape.slice(2)];
    return [x, torch.rand(tshape).mul(c).floor().to("int64")];
  }
  return [x, name.includes("probs") ? torch.rand(shape).softmax(1) : torch.randn(shape)];
}
