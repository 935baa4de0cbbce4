// torch.nn.functional as `nn.functional` exports it: every function of ./functional, and for those
// whose PyTorch form takes more than the torchts form, a wrapper taking Python's call forms too
// (utils/kwargs.ts pythonCall): keywords for leading parameters (`F.maxPool2d(x, { kernelSize: 2 })`),
// positional values where torchts takes an options object (`F.avgPool2d(x, 2, 1)`,
// `F.layerNorm(x, [4], weight, bias)`), and Python's TypeError for too many values or an unknown
// keyword instead of ignoring them. The table lists Python's parameter names (camelCase) and how many
// leading ones the torchts function takes as values (-1: all of them).
import { withOut } from "../aten";
import type { DTypeLike } from "../dtype";
import type { Tensor } from "../tensor";
import { pythonCall } from "../utils/kwargs";
import * as F from "./functional";

export * from "./functional";

// softmax & co. take Python's dtype too (the input is cast before the operation, as PyTorch does).
function withDtype(op: "softmax" | "logSoftmax", impl: (x: Tensor, dim: number) => Tensor) {
  return (input: Tensor, dim: number, _stacklevel?: number, dtype?: DTypeLike | null): Tensor =>
    dtype === undefined || dtype === null
      ? impl(input, dim)
      : (input[op] as unknown as (d: number, o: { dtype: DTypeLike }) => Tensor).call(input, dim, { dtype });
}

export const dropout = pythonCall(F.dropout, "dropout", "input p? training? inplace?") as typeof F.dropout &
  /** Python's keyword form: F.dropout(x, p=...). */
  ((input: Tensor, o: { p?: number; training?: boolean; inplace?: boolean }) => Tensor);
export const dropout2d = pythonCall(F.dropout2d, "dropout2d", "input p? training? inplace?") as typeof F.dropout2d &
  /** Python's keyword form: F.dropout2d(x, p=...). */
  ((input: Tensor, o: { p?: number; training?: boolean; inplace?: boolean }) => Tensor);
export const dropout3d = pythonCall(F.dropout3d, "dropout3d", "input p? training? inplace?") as typeof F.dropout3d &
  /** Python's keyword form: F.dropout3d(x, p=...). */
  ((input: Tensor, o: { p?: number; training?: boolean; inplace?: boolean }) => Tensor);
export const dropout1d = pythonCall(F.dropout1d, "dropout1d", "input p? training? inplace?") as typeof F.dropout1d &
  /** Python's keyword form: F.dropout1d(x, p=...). */
  ((input: Tensor, o: { p?: number; training?: boolean; inplace?: boolean }) => Tensor);
/** F.gumbel_softmax(logits, tau=1, hard=False, eps=1e-10, dim=-1), also with positional values. */
export const gumbelSoftmax = pythonCall(F.gumbelSoftmax, "gumbel_softmax", "logits tau? hard? eps? dim?", 1);
export const alphaDropout = pythonCall(F.alphaDropout, "alpha_dropout", "input p? training? inplace?", -1, true);
export const featureAlphaDropout = pythonCall(
  F.featureAlphaDropout,
  "feature_alpha_dropout",
  "input p? training? inplace?",
  -1,
  true,
);
export const leakyRelu = pythonCall(F.leakyRelu, "leaky_relu", "input negativeSlope? inplace?") as typeof F.leakyRelu &
  /** Python's keyword form: F.leaky_relu(x, negativeSlope=...). */
  ((input: Tensor, o: { negativeSlope?: number; inplace?: boolean }) => Tensor);
export const silu = pythonCall(F.silu, "silu", "input inplace?");
export const relu = pythonCall(F.relu, "relu", "input inplace?", 1);
export const gelu = withOut("gelu", "gelu", pythonCall(F.gelu, "gelu", "input approximate?", 1));
export const elu = pythonCall(F.elu, "elu", "input alpha? inplace?", -1, true);
export const celu = pythonCall(F.celu, "celu", "input alpha? inplace?", -1, true);
export const selu = pythonCall(F.selu, "selu", "input inplace?", -1, true);
export const relu6 = pythonCall(F.relu6, "relu6", "input inplace?", -1, true);
export const hardsigmoid = pythonCall(F.hardsigmoid, "hardsigmoid", "input inplace?", -1, true);
export const hardswish = pythonCall(F.hardswish, "hardswish", "input inplace?", -1, true);
export const mish = pythonCall(F.mish, "mish", "input inplace?", -1, true);
export const rrelu = pythonCall(F.rrelu, "rrelu", "input lower? upper? training? inplace?", -1, true);
export const hardtanh = pythonCall(F.hardtanh, "hardtanh", "input minVal? maxVal? inplace?", -1, true);
export const softplus = withOut(
  "softplus",
  "softplus",
  pythonCall(F.softplus, "softplus", "input beta? threshold?", -1, true),
);
export const threshold = pythonCall(F.threshold, "threshold", "input threshold value inplace?", -1, true);
export const glu = pythonCall(F.glu, "glu", "input dim?");
export const hardshrink = withOut("hardshrink", "hardshrink", pythonCall(F.hardshrink, "hardshrink", "input lambd?"));
export const softshrink = withOut("softshrink", "softshrink", pythonCall(F.softshrink, "softshrink", "input lambd?"));
export const prelu = pythonCall(F.prelu, "prelu", "input weight");
export const logsigmoid = withOut("log_sigmoid", "logsigmoid", pythonCall(F.logsigmoid, "logsigmoid", "input"));
export const tanhshrink = pythonCall(F.tanhshrink, "tanhshrink", "input");
export const softsign = pythonCall(F.softsign, "softsign", "input");
export const softmax = pythonCall(withDtype("softmax", F.softmax), "softmax", "input dim? _stacklevel? dtype?") as ((
  input: Tensor,
  dim: number,
  _stacklevel?: number,
  dtype?: DTypeLike | null,
) => Tensor) &
  /** Python's keyword forms: F.softmax(x, dim=1, dtype=...). */
  ((input: Tensor, o: { dim: number; dtype?: DTypeLike | null }) => Tensor) &
  ((input: Tensor, dim: number, o: { dtype?: DTypeLike | null }) => Tensor);
export const logSoftmax = pythonCall(
  withDtype("logSoftmax", F.logSoftmax),
  "log_softmax",
  "input dim? _stacklevel? dtype?",
) as ((input: Tensor, dim: number, _stacklevel?: number, dtype?: DTypeLike | null) => Tensor) &
  /** Python's keyword forms: F.log_softmax(x, dim=1, dtype=...). */
  ((input: Tensor, o: { dim: number; dtype?: DTypeLike | null }) => Tensor) &
  ((input: Tensor, dim: number, o: { dtype?: DTypeLike | null }) => Tensor);
export const softmin = pythonCall(F.softmin, "softmin", "input dim? _stacklevel? dtype?", 2);
export const pdist = pythonCall(F.pdist, "pdist", "input p?");
export const normalize = pythonCall(F.normalize, "normalize", "input p? dim? eps? out?");
export const localResponseNorm = pythonCall(F.localResponseNorm, "local_response_norm", "input size alpha? beta? k?");
export const oneHot = pythonCall(F.oneHot, "one_hot", "tensor numClasses?");
export const pixelShuffle = pythonCall(F.pixelShuffle, "pixel_shuffle", "input upscaleFactor");
export const pixelUnshuffle = pythonCall(F.pixelUnshuffle, "pixel_unshuffle", "input downscaleFactor");
export const channelShuffle = pythonCall(F.channelShuffle, "channel_shuffle", "input groups");
export const linear = withOut("linear", "linear", pythonCall(F.linear, "linear", "input weight bias?"));
export const bilinear = pythonCall(F.bilinear, "bilinear", "input1 input2 weight bias?");

const CONV = "input weight bias? stride? padding? dilation? groups?";
export const conv1d = pythonCall(F.conv1d, "conv1d", CONV, 3);
export const conv2d = pythonCall(F.conv2d, "conv2d", CONV, 3);
export const conv3d = pythonCall(F.conv3d, "conv3d", CONV, 3);
const CONV_T = "input weight bias? stride? padding? outputPadding? groups? dilation?";
export const convTranspose1d = pythonCall(F.convTranspose1d, "conv_transpose1d", CONV_T, 3);
export const convTranspose2d = pythonCall(F.convTranspose2d, "conv_transpose2d", CONV_T, 3);
export const convTranspose3d = pythonCall(F.convTranspose3d, "conv_transpose3d", CONV_T, 3);

const AVG = "input kernelSize stride? padding? ceilMode? countIncludePad?";
export const avgPool1d = pythonCall(F.avgPool1d, "avg_pool1d", AVG, 2, true);
export const avgPool2d = withOut(
  "avg_pool2d",
  "avg_pool2d",
  pythonCall(F.avgPool2d, "avg_pool2d", `${AVG} divisorOverride?`, 2),
);
export const avgPool3d = withOut(
  "avg_pool3d",
  "avg_pool3d",
  pythonCall(F.avgPool3d, "avg_pool3d", `${AVG} divisorOverride?`, 2, true),
);
const MAX = "input kernelSize stride? padding? dilation? ceilMode? returnIndices?";
export const maxPool1d = pythonCall(F.maxPool1d, "max_pool1d", MAX, 2, true);
export const maxPool2d = pythonCall(F.maxPool2d, "max_pool2d", MAX, 2);
export const maxPool3d = pythonCall(F.maxPool3d, "max_pool3d", MAX, 2, true);
const UNPOOL = "input indices kernelSize stride? padding? outputSize?";
export const maxUnpool1d = pythonCall(F.maxUnpool1d, "max_unpool1d", UNPOOL, 3);
export const maxUnpool2d = pythonCall(F.maxUnpool2d, "max_unpool2d", UNPOOL, 3);
export const maxUnpool3d = pythonCall(F.maxUnpool3d, "max_unpool3d", UNPOOL, 3);
export const lpPool1d = pythonCall(F.lpPool1d, "lp_pool1d", "input normType kernelSize stride? ceilMode?", 3, true);
export const lpPool2d = pythonCall(F.lpPool2d, "lp_pool2d", "input normType kernelSize stride? ceilMode?", 3, true);
const FRACTIONAL = "input kernelSize outputSize? outputRatio? returnIndices? randomSamples?";
export const fractionalMaxPool2d = pythonCall(F.fractionalMaxPool2d, "fractional_max_pool2d", FRACTIONAL, 2);
export const fractionalMaxPool3d = pythonCall(F.fractionalMaxPool3d, "fractional_max_pool3d", FRACTIONAL, 2);
export const adaptiveAvgPool1d = pythonCall(F.adaptiveAvgPool1d, "adaptive_avg_pool1d", "input outputSize");
export const adaptiveAvgPool2d = pythonCall(F.adaptiveAvgPool2d, "adaptive_avg_pool2d", "input outputSize");
export const adaptiveAvgPool3d = pythonCall(F.adaptiveAvgPool3d, "adaptive_avg_pool3d", "input outputSize");
const ADAPTIVE_MAX = "input outputSize returnIndices?";
export const adaptiveMaxPool1d = pythonCall(F.adaptiveMaxPool1d, "adaptive_max_pool1d", ADAPTIVE_MAX);
export const adaptiveMaxPool2d = pythonCall(F.adaptiveMaxPool2d, "adaptive_max_pool2d", ADAPTIVE_MAX);
export const adaptiveMaxPool3d = pythonCall(F.adaptiveMaxPool3d, "adaptive_max_pool3d", ADAPTIVE_MAX);

export const batchNorm = pythonCall(
  F.batchNorm,
  "batch_norm",
  "input runningMean runningVar weight? bias? training? momentum? eps?",
  3,
);
export const instanceNorm = pythonCall(
  F.instanceNorm,
  "instance_norm",
  "input runningMean? runningVar? weight? bias? useInputStats? momentum? eps?",
  1,
);
export const layerNorm = pythonCall(F.layerNorm, "layer_norm", "input normalizedShape weight? bias? eps?", 2);
export const groupNorm = pythonCall(F.groupNorm, "group_norm", "input numGroups weight? bias? eps?", 2);
export const embedding = pythonCall(
  F.embedding,
  "embedding",
  "input weight paddingIdx? maxNorm? normType? scaleGradByFreq? sparse?",
  2,
);
export const embeddingBag = pythonCall(
  F.embeddingBag,
  "embedding_bag",
  "input weight offsets? maxNorm? normType? scaleGradByFreq? mode? sparse? perSampleWeights? includeLastOffset? paddingIdx?",
  2,
  true,
);
export const gridSample = pythonCall(F.gridSample, "grid_sample", "input grid mode? paddingMode? alignCorners?", 2);
export const affineGrid = pythonCall(F.affineGrid, "affine_grid", "theta size alignCorners?", 2);
export const interpolate = pythonCall(
  F.interpolate,
  "interpolate",
  "input size? scaleFactor? mode? alignCorners? recomputeScaleFactor? antialias?",
  1,
  true,
);
export const upsample = pythonCall(F.upsample, "upsample", "input size? scaleFactor? mode? alignCorners?", 1, true);
export const upsampleNearest = pythonCall(F.upsampleNearest, "upsample_nearest", "input size? scaleFactor?", 1, true);
export const upsampleBilinear = pythonCall(
  F.upsampleBilinear,
  "upsample_bilinear",
  "input size? scaleFactor?",
  1,
  true,
);
export const pad = pythonCall(F.pad, "pad", "input pad mode? value?", 2, true);
export const cosineSimilarity = pythonCall(F.cosineSimilarity, "cosine_similarity", "x1 x2 dim? eps?", 2, true);
export const pairwiseDistance = pythonCall(F.pairwiseDistance, "pairwise_distance", "x1 x2 p? eps? keepdim?", 2, true);
export const fold = pythonCall(F.fold, "fold", "input outputSize kernelSize dilation? padding? stride?", 3, true);
export const unfold = pythonCall(F.unfold, "unfold", "input kernelSize dilation? padding? stride?", 2, true);

const LOSS = "input target sizeAverage? reduce? reduction?";
export const mseLoss = pythonCall(F.mseLoss, "mse_loss", LOSS, 2, true);
export const l1Loss = pythonCall(F.l1Loss, "l1_loss", LOSS, 2, true);
export const softMarginLoss = pythonCall(F.softMarginLoss, "soft_margin_loss", LOSS, 2, true);
export const multilabelMarginLoss = pythonCall(F.multilabelMarginLoss, "multilabel_margin_loss", LOSS, 2, true);
export const smoothL1Loss = pythonCall(F.smoothL1Loss, "smooth_l1_loss", `${LOSS} beta?`, 2, true);
export const huberLoss = pythonCall(F.huberLoss, "huber_loss", "input target reduction? delta?", 2, true);
export const crossEntropy = pythonCall(
  F.crossEntropy,
  "cross_entropy",
  "input target weight? sizeAverage? ignoreIndex? reduce? reduction? labelSmoothing?",
  2,
  true,
);
export const nllLoss = pythonCall(
  F.nllLoss,
  "nll_loss",
  "input target weight? sizeAverage? ignoreIndex? reduce? reduction?",
  2,
  true,
);
export const binaryCrossEntropy = pythonCall(
  F.binaryCrossEntropy,
  "binary_cross_entropy",
  "input target weight? sizeAverage? reduce? reduction?",
  2,
  true,
);
export const binaryCrossEntropyWithLogits = pythonCall(
  F.binaryCrossEntropyWithLogits,
  "binary_cross_entropy_with_logits",
  "input target weight? sizeAverage? reduce? reduction? posWeight?",
  2,
  true,
);
export const klDiv = pythonCall(F.klDiv, "kl_div", "input target sizeAverage? reduce? reduction? logTarget?", 2, true);
export const poissonNllLoss = pythonCall(
  F.poissonNllLoss,
  "poisson_nll_loss",
  "input target logInput? full? sizeAverage? eps? reduce? reduction?",
  2,
  true,
);
export const gaussianNllLoss = pythonCall(
  F.gaussianNllLoss,
  "gaussian_nll_loss",
  "input target var full? eps? reduction?",
  3,
  true,
);
export const hingeEmbeddingLoss = pythonCall(
  F.hingeEmbeddingLoss,
  "hinge_embedding_loss",
  "input target margin? sizeAverage? reduce? reduction?",
  2,
  true,
);
export const multilabelSoftMarginLoss = pythonCall(
  F.multilabelSoftMarginLoss,
  "multilabel_soft_margin_loss",
  "input target weight? sizeAverage? reduce? reduction?",
  2,
  true,
);
export const multiMarginLoss = pythonCall(
  F.multiMarginLoss,
  "multi_margin_loss",
  "input target p? margin? weight? sizeAverage? reduce? reduction?",
  2,
  true,
);
const PAIR_LOSS = "input1 input2 target margin? sizeAverage? reduce? reduction?";
export const cosineEmbeddingLoss = pythonCall(F.cosineEmbeddingLoss, "cosine_embedding_loss", PAIR_LOSS, 3, true);
export const marginRankingLoss = pythonCall(F.marginRankingLoss, "margin_ranking_loss", PAIR_LOSS, 3, true);
export const tripletMarginLoss = pythonCall(
  F.tripletMarginLoss,
  "triplet_margin_loss",
  "anchor positive negative margin? p? eps? swap? sizeAverage? reduce? reduction?",
  3,
  true,
);
export const ctcLoss = pythonCall(
  F.ctcLoss,
  "ctc_loss",
  "logProbs targets inputLengths targetLengths blank? reduction? zeroInfinity?",
  4,
  true,
);
