// torch.nn.functional: argument handling as in PyTorch, the computation in ATen.

import { NotImplementedError, ValueError } from "../errors";
import { native } from "../native";
import { asTensor, Tensor } from "../tensor";
import { checkInt, checkNumber, ntuple, pair } from "../utils/check";
import { bindArgs } from "../utils/kwargs";
import { pySize } from "../utils/pyrepr";
import type { Conv2dFunctionalOptions, ConvTransposeFunctionalOptions } from "./common_types";

export type Reduction = "none" | "mean" | "sum";
export function reductionEnum(r: Reduction): number {
  const v = { none: 0, mean: 1, sum: 2 }[r];
  if (v === undefined) throw new Error(`${r} is not a valid value for reduction`);
  return v;
}
const opt = (t: Tensor | null | undefined, what: string) => (t == null ? undefined : asTensor(t, what).handle);

export function relu(x: Tensor, opts: { inplace?: boolean } = {}): Tensor {
  asTensor(x, "input");
  if (opts.inplace) {
    native.relu_(x.handle);
    return x;
  }
  return new Tensor(native.relu(x.handle));
}

export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return new Tensor(native.linear(asTensor(x, "input").handle, asTensor(weight, "weight").handle, opt(bias, "bias")));
}

export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, o: Conv2dFunctionalOptions = {}): Tensor {
  const padding = o.padding ?? 0;
  if (typeof padding === "string" && padding !== "same" && padding !== "valid") {
    throw new Error(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
  }
  return new Tensor(
    native.conv2d(asTensor(x, "input").handle, asTensor(weight, "weight").handle, {
      bias: opt(bias, "bias"),
      stride: pair(o.stride ?? 1, "stride"),
      padding: typeof padding === "string" ? padding : pair(padding, "padding"),
      dilation: pair(o.dilation ?? 1, "dilation"),
      groups: checkInt(o.groups ?? 1, "groups"),
    }),
  );
}

// F.pad, F.interpolate (and the deprecated upsample*), pixel_shuffle/unshuffle and the distances.
export {
  type CosineSimilarityOptions,
  cosineSimilarity,
  type InterpolateMode,
  type InterpolateOptions,
  interpolate,
  type PadMode,
  type PadOptions,
  type PairwiseDistanceOptions,
  pad,
  pairwiseDistance,
  pixelShuffle,
  pixelUnshuffle,
  upsample,
  upsampleBilinear,
  upsampleNearest,
} from "./functional_resample";

export interface MaxPool2dOptions {
  stride?: number | number[] | null;
  padding?: number | number[];
  dilation?: number | number[];
  ceilMode?: boolean;
}
/** With `returnIndices: true`, [output, indices] as PyTorch's (output, indices) tuple. */
export function maxPool2d(
  x: Tensor,
  kernelSize: number | number[],
  o: MaxPool2dOptions & { returnIndices: true },
): [Tensor, Tensor];
export function maxPool2d(
  x: Tensor,
  kernelSize: number | number[],
  o?: MaxPool2dOptions & { returnIndices?: false },
): Tensor;
export function maxPool2d(
  x: Tensor,
  kernelSize: number | number[],
  o: MaxPool2dOptions & { returnIndices?: boolean } = {},
): Tensor | [Tensor, Tensor] {
  const k = pair(kernelSize, "kernel_size");
  const s = o.stride == null ? k : pair(o.stride, "stride");
  const input = asTensor(x, "input").handle;
  const padding = pair(o.padding ?? 0, "padding");
  const dilation = pair(o.dilation ?? 1, "dilation");
  const ceilMode = o.ceilMode ?? false;
  const opts = { kernelSize: k, stride: s, padding, dilation, ceilMode };
  if (o.returnIndices) {
    const [out, indices] = native.maxPool2dWithIndices(input, opts);
    return [new Tensor(out), new Tensor(indices)];
  }
  return new Tensor(native.maxPool2d(input, opts));
}

export function avgPool2d(
  x: Tensor,
  kernelSize: number | number[],
  o: {
    stride?: number | number[] | null;
    padding?: number | number[];
    ceilMode?: boolean;
    countIncludePad?: boolean;
    divisorOverride?: number | null;
  } = {},
): Tensor {
  const k = pair(kernelSize, "kernel_size");
  const s = o.stride == null ? k : pair(o.stride, "stride");
  const input = asTensor(x, "input").handle;
  const padding = pair(o.padding ?? 0, "padding");
  const ceilMode = o.ceilMode ?? false;
  const countIncludePad = o.countIncludePad ?? true;
  const divisorOverride = o.divisorOverride == null ? undefined : checkInt(o.divisorOverride, "divisor_override");
  return new Tensor(
    native.avgPool2d(input, { kernelSize: k, stride: s, padding, ceilMode, countIncludePad, divisorOverride }),
  );
}

/** PyTorch's _verify_batch_size: more than one value per channel is needed to train. */
export function verifyBatchSize(size: number[]): void {
  let prod = size[0];
  for (let i = 2; i < size.length; i++) prod *= size[i];
  if (prod === 1)
    throw new Error(`Expected more than 1 value per channel when training, got input size ${pySize(size)}`);
}

export function batchNorm(
  x: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  o: { weight?: Tensor | null; bias?: Tensor | null; training?: boolean; momentum?: number; eps?: number } = {},
): Tensor {
  asTensor(x, "input");
  const training = o.training ?? false;
  if (training) verifyBatchSize(x.shape);
  return new Tensor(
    native.batchNorm(x.handle, {
      weight: opt(o.weight, "weight"),
      bias: opt(o.bias, "bias"),
      runningMean: opt(runningMean, "running_mean"),
      runningVar: opt(runningVar, "running_var"),
      training,
      momentum: checkNumber(o.momentum ?? 0.1, "momentum"),
      eps: checkNumber(o.eps ?? 1e-5, "eps"),
    }),
  );
}

export function dropout(x: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  if (p < 0 || p > 1) throw new Error(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (inplace) {
    native.dropout_(asTensor(x, "input").handle, p, training);
    return x;
  }
  return new Tensor(native.dropout(asTensor(x, "input").handle, p, training));
}

export function logSoftmax(x: Tensor, dim: number): Tensor {
  return new Tensor(native.logSoftmax(asTensor(x, "input").handle, checkInt(dim, "dim")));
}
export function softmax(x: Tensor, dim: number): Tensor {
  return new Tensor(native.softmax(asTensor(x, "input").handle, checkInt(dim, "dim")));
}

export interface LossOptions {
  weight?: Tensor | null;
  /** Deprecated in PyTorch (use reduction); honoured as PyTorch's legacy_get_string does. */
  sizeAverage?: boolean | null;
  ignoreIndex?: number;
  /** Deprecated in PyTorch (use reduction); honoured as PyTorch's legacy_get_string does. */
  reduce?: boolean | null;
  reduction?: Reduction;
  labelSmoothing?: number;
}

/** PyTorch's _Reduction.legacy_get_string: size_average/reduce, when given, override reduction. */
function legacyReduction(o: LossOptions): Reduction {
  if ((o.sizeAverage ?? null) === null && (o.reduce ?? null) === null) return o.reduction ?? "mean";
  const sizeAverage = o.sizeAverage ?? true;
  const reduce = o.reduce ?? true;
  if (!reduce) return "none";
  return sizeAverage ? "mean" : "sum";
}

function pyTypeName(v: unknown): string {
  if (typeof v === "string") return "str";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  return Array.isArray(v) ? "list" : typeof v;
}
/** A loss's `weight` as PyTorch's argument parser checks it (position 3 of the ATen op). */
function lossWeight(w: unknown, op: string): void {
  if (w === undefined || w === null || w instanceof Tensor) return;
  throw new TypeError(`${op}(): argument 'weight' (position 3) must be Tensor, not ${pyTypeName(w)}`);
}

const NLL_ARGS = ["weight", "sizeAverage", "ignoreIndex", "reduce", "reduction"] as const;

export function nllLoss(x: Tensor, target: Tensor, o?: Omit<LossOptions, "labelSmoothing">): Tensor;
/** PyTorch's positional form: nll_loss(input, target, weight, size_average, ignore_index, reduce, reduction). */
export function nllLoss(
  x: Tensor,
  target: Tensor,
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  ignoreIndex?: number,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function nllLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, NLL_ARGS, "nll_loss", 2) as LossOptions;
  lossWeight(o.weight, "nll_loss_nd");
  return new Tensor(
    native.nllLoss(asTensor(x, "input").handle, asTensor(target, "target").handle, {
      weight: opt(o.weight, "weight"),
      reduction: reductionEnum(legacyReduction(o)),
      ignoreIndex: checkInt(o.ignoreIndex ?? -100, "ignoreIndex"),
    }),
  );
}

export function crossEntropy(x: Tensor, target: Tensor, o?: LossOptions): Tensor;
/** PyTorch's positional form: cross_entropy(input, target, weight, size_average, ignore_index, reduce, reduction, label_smoothing). */
export function crossEntropy(
  x: Tensor,
  target: Tensor,
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  ignoreIndex?: number,
  reduce?: boolean | null,
  reduction?: Reduction,
  labelSmoothing?: number,
): Tensor;
export function crossEntropy(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, [...NLL_ARGS, "labelSmoothing"], "cross_entropy", 2) as LossOptions;
  lossWeight(o.weight, "cross_entropy_loss");
  return new Tensor(
    native.crossEntropy(asTensor(x, "input").handle, asTensor(target, "target").handle, {
      weight: opt(o.weight, "weight"),
      reduction: reductionEnum(legacyReduction(o)),
      ignoreIndex: checkInt(o.ignoreIndex ?? -100, "ignoreIndex"),
      labelSmoothing: checkNumber(o.labelSmoothing ?? 0, "labelSmoothing"),
    }),
  );
}

export function mseLoss(
  x: Tensor,
  target: Tensor,
  o?: Pick<LossOptions, "sizeAverage" | "reduce" | "reduction">,
): Tensor;
/** PyTorch's positional form: mse_loss(input, target, size_average, reduce, reduction). */
export function mseLoss(
  x: Tensor,
  target: Tensor,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function mseLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["sizeAverage", "reduce", "reduction"], "mse_loss", 2) as LossOptions;
  return new Tensor(
    native.mseLoss(asTensor(x, "input").handle, asTensor(target, "target").handle, reductionEnum(legacyReduction(o))),
  );
}

// ---- convolutions over 1 and 3 spatial dims, transposed convolutions

function convNd(
  dims: 1 | 3,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  o: Conv2dFunctionalOptions,
): Tensor {
  const padding = o.padding ?? 0;
  if (typeof padding === "string" && padding !== "same" && padding !== "valid") {
    throw new Error(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
  }
  const opts = {
    bias: opt(bias, "bias"),
    stride: ntuple(o.stride ?? 1, dims, "stride"),
    padding: typeof padding === "string" ? padding : ntuple(padding, dims, "padding"),
    dilation: ntuple(o.dilation ?? 1, dims, "dilation"),
    groups: checkInt(o.groups ?? 1, "groups"),
  };
  const input = asTensor(x, "input").handle;
  const w = asTensor(weight, "weight").handle;
  return new Tensor(dims === 1 ? native.conv1d(input, w, opts) : native.conv3d(input, w, opts));
}
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, o: Conv2dFunctionalOptions = {}): Tensor {
  return convNd(1, x, weight, bias, o);
}
export function conv3d(x: Tensor, weight: Tensor, bias?: Tensor | null, o: Conv2dFunctionalOptions = {}): Tensor {
  return convNd(3, x, weight, bias, o);
}

function convTransposeNd(
  dims: 1 | 2 | 3,
  x: Tensor,
  weight: Tensor,
  bias: Tensor | null | undefined,
  o: ConvTransposeFunctionalOptions,
): Tensor {
  const opts = {
    bias: opt(bias, "bias"),
    stride: ntuple(o.stride ?? 1, dims, "stride"),
    padding: ntuple(o.padding ?? 0, dims, "padding"),
    outputPadding: ntuple(o.outputPadding ?? 0, dims, "output_padding"),
    groups: checkInt(o.groups ?? 1, "groups"),
    dilation: ntuple(o.dilation ?? 1, dims, "dilation"),
  };
  const input = asTensor(x, "input").handle;
  const w = asTensor(weight, "weight").handle;
  const fn = dims === 1 ? native.convTranspose1d : dims === 2 ? native.convTranspose2d : native.convTranspose3d;
  return new Tensor(fn(input, w, opts));
}
export function convTranspose1d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  o: ConvTransposeFunctionalOptions = {},
): Tensor {
  return convTransposeNd(1, x, weight, bias, o);
}
export function convTranspose2d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  o: ConvTransposeFunctionalOptions = {},
): Tensor {
  return convTransposeNd(2, x, weight, bias, o);
}
export function convTranspose3d(
  x: Tensor,
  weight: Tensor,
  bias?: Tensor | null,
  o: ConvTransposeFunctionalOptions = {},
): Tensor {
  return convTransposeNd(3, x, weight, bias, o);
}

// ---- unpooling and adaptive pooling

/** PyTorch's _unpool_output_size: the default size, or `outputSize` checked against it. */
function unpoolOutputSize(
  inputShape: number[],
  k: number[],
  stride: number[],
  padding: number[],
  outputSize: number[] | null | undefined,
): number[] {
  const n = k.length;
  const defaults = k.map((kd, d) => (inputShape[inputShape.length - n + d] - 1) * stride[d] + kd - 2 * padding[d]);
  if (outputSize == null) return defaults;
  let size = [...outputSize];
  if (size.length === n + 2) size = size.slice(2);
  if (size.length !== n) {
    throw new ValueError(
      `output_size should be a sequence containing ${n} or ${n + 2} elements, but it has a length of '${size.length}'`,
    );
  }
  for (let d = 0; d < n; d++) {
    const min = defaults[d] - stride[d];
    const max = defaults[d] + stride[d];
    if (!(min < size[d] && size[d] < max)) {
      throw new ValueError(`invalid output_size "[${size.join(", ")}]" (dim ${d} must be between ${min} and ${max})`);
    }
  }
  return size;
}

export interface MaxUnpool2dOptions {
  stride?: number | number[] | null;
  padding?: number | number[];
  /** [H, W] or [N, C, H, W] */
  outputSize?: number[] | null;
}
/** The partial inverse of maxPool2d: values go back to the positions in `indices`, zeros elsewhere. */
export function maxUnpool2d(
  x: Tensor,
  indices: Tensor,
  kernelSize: number | number[],
  o: MaxUnpool2dOptions = {},
): Tensor {
  asTensor(x, "input");
  asTensor(indices, "indices");
  const k = pair(kernelSize, "kernel_size");
  const stride = o.stride == null ? k : pair(o.stride, "stride");
  const padding = pair(o.padding ?? 0, "padding");
  const size = unpoolOutputSize(x.shape, k, stride, padding, o.outputSize);
  return new Tensor(native.maxUnpool2d(x.handle, indices.handle, size));
}

/** PyTorch's _list_with_default: null entries of an adaptive pool's output size keep the input's size. */
function adaptiveSize(outputSize: number | Array<number | null>, shape: number[]): number[] {
  if (typeof outputSize === "number") return pair(outputSize, "output_size");
  if (!Array.isArray(outputSize)) throw new TypeError("output_size must be an integer or a pair");
  if (shape.length <= outputSize.length)
    throw new ValueError(`Input dimension should be at least ${outputSize.length + 1}`);
  const defaults = shape.slice(shape.length - outputSize.length);
  return pair(
    outputSize.map((v, i) => (v === null ? defaults[i] : v)),
    "output_size",
  );
}
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | Array<number | null>): Tensor {
  asTensor(x, "input");
  return new Tensor(native.adaptiveAvgPool2d(x.handle, adaptiveSize(outputSize, x.shape)));
}
export function adaptiveMaxPool2d(
  x: Tensor,
  outputSize: number | Array<number | null>,
  returnIndices: true,
): [Tensor, Tensor];
export function adaptiveMaxPool2d(x: Tensor, outputSize: number | Array<number | null>, returnIndices?: false): Tensor;
export function adaptiveMaxPool2d(
  x: Tensor,
  outputSize: number | Array<number | null>,
  returnIndices = false,
): Tensor | [Tensor, Tensor] {
  asTensor(x, "input");
  const [out, indices] = native.adaptiveMaxPool2d(x.handle, adaptiveSize(outputSize, x.shape));
  if (returnIndices) return [new Tensor(out), new Tensor(indices)];
  new Tensor(indices).dispose();
  return new Tensor(out);
}

// ---- normalization

export interface NormAffine {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}
export function layerNorm(x: Tensor, normalizedShape: number | number[], o: NormAffine = {}): Tensor {
  asTensor(x, "input");
  const shape = typeof normalizedShape === "number" ? [checkInt(normalizedShape, "normalized_shape")] : normalizedShape;
  return new Tensor(
    native.layerNorm(x.handle, shape, {
      weight: opt(o.weight, "weight"),
      bias: opt(o.bias, "bias"),
      eps: checkNumber(o.eps ?? 1e-5, "eps"),
    }),
  );
}
export function groupNorm(x: Tensor, numGroups: number, o: NormAffine = {}): Tensor {
  asTensor(x, "input");
  checkInt(numGroups, "num_groups");
  // PyTorch's _verify_batch_size over [N * C / G, G, *spatial] (a ValueError there); reading size(1)
  // of a 1-D input is PyTorch's IndexError.
  x.size(1);
  const s = x.shape;
  let values = Math.floor((s[0] * s[1]) / numGroups);
  for (const d of s.slice(2)) values *= d;
  if (values === 1) {
    const size = [Math.floor((s[0] * s[1]) / numGroups), numGroups, ...s.slice(2)];
    throw new ValueError(`Expected more than 1 value per channel when training, got input size [${size.join(", ")}]`);
  }
  return new Tensor(
    native.groupNorm(x.handle, numGroups, {
      weight: opt(o.weight, "weight"),
      bias: opt(o.bias, "bias"),
      eps: checkNumber(o.eps ?? 1e-5, "eps"),
    }),
  );
}
export interface InstanceNormOptions extends NormAffine {
  runningMean?: Tensor | null;
  runningVar?: Tensor | null;
  useInputStats?: boolean;
  momentum?: number;
}
export function instanceNorm(x: Tensor, o: InstanceNormOptions = {}): Tensor {
  asTensor(x, "input");
  const useInputStats = o.useInputStats ?? true;
  if (useInputStats) {
    let prod = 1;
    for (const d of x.shape.slice(2)) prod *= d;
    if (prod === 1)
      throw new ValueError(`Expected more than 1 spatial element when training, got input size ${pySize(x.shape)}`);
  }
  return new Tensor(
    native.instanceNorm(x.handle, {
      weight: opt(o.weight, "weight"),
      bias: opt(o.bias, "bias"),
      runningMean: opt(o.runningMean, "running_mean"),
      runningVar: opt(o.runningVar, "running_var"),
      useInputStats,
      momentum: checkNumber(o.momentum ?? 0.1, "momentum"),
      eps: checkNumber(o.eps ?? 1e-5, "eps"),
    }),
  );
}

// ---- dropout of channels, embedding, activations

function checkP(p: unknown): number {
  if (typeof p !== "number") throw new TypeError(`dropout probability must be a number, got ${typeof p}`);
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  return p;
}
function featureDropout(x: Tensor, p: number, training: boolean, inplace: boolean): Tensor {
  if (inplace) {
    native.featureDropout_(x.handle, p, training);
    return x;
  }
  return new Tensor(native.featureDropout(x.handle, p, training));
}
/**
 * Zeroes whole channels of an [N, C, H, W] input with probability p (scaling the rest by 1/(1-p)). As
 * PyTorch 1.13, a 3D input is taken as [N, C, L] (channel-wise 1D dropout).
 */
export function dropout2d(x: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  checkP(p);
  asTensor(x, "input");
  const d = x.dim();
  if (d !== 3 && d !== 4) {
    process.emitWarning(
      `dropout2d: Received a ${d}-D input to dropout2d, which is deprecated and will result in an error in a future release. ` +
        "To retain the behavior and silence this warning, please use dropout instead.",
      "UserWarning",
    );
  }
  return featureDropout(x, p, training, inplace);
}
/** Zeroes whole channels of an [N, C, D, H, W] or [C, D, H, W] input. */
export function dropout3d(x: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  checkP(p);
  asTensor(x, "input");
  const d = x.dim();
  if (d !== 4 && d !== 5) {
    process.emitWarning(
      `dropout3d: Received a ${d}-D input to dropout3d, which is deprecated and will result in an error in a future release. ` +
        "To retain the behavior and silence this warning, please use dropout instead.",
      "UserWarning",
    );
  }
  if (d === 5) return featureDropout(x, p, training, inplace);
  // Taken as unbatched: dropout over the channels of a batch of one.
  const batched = x.unsqueeze(0);
  const out = featureDropout(batched, p, training, inplace);
  if (inplace) {
    batched.dispose();
    return x;
  }
  const r = out.squeeze(0);
  batched.dispose();
  out.dispose();
  return r;
}

export interface EmbeddingOptions {
  paddingIdx?: number | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  sparse?: boolean;
}
function assertion(message: string): Error {
  return Object.assign(new Error(message), { name: "AssertionError" });
}
/** Rows of `weight` looked up by the integer `input`; with maxNorm, the rows used are renormalised in place first. */
export function embedding(input: Tensor, weight: Tensor, o: EmbeddingOptions = {}): Tensor {
  asTensor(input, "input");
  asTensor(weight, "weight");
  const n = weight.size(0);
  let paddingIdx = -1;
  if (o.paddingIdx != null) {
    paddingIdx = checkInt(o.paddingIdx, "padding_idx");
    if (paddingIdx > 0 && paddingIdx >= n) throw assertion("Padding_idx must be within num_embeddings");
    if (paddingIdx < 0) {
      if (paddingIdx < -n) throw assertion("Padding_idx must be within num_embeddings");
      paddingIdx += n;
    }
  }
  if (o.sparse) {
    // A sparse gradient would reach tensors that torchts cannot print, read back or optimise yet.
    throw new NotImplementedError("embedding(sparse=true): sparse gradients are not supported by torchts yet");
  }
  if (o.maxNorm != null) {
    const idx = input.contiguous();
    native.embeddingRenorm_(
      weight.handle,
      idx.handle,
      checkNumber(o.maxNorm, "max_norm"),
      checkNumber(o.normType ?? 2, "norm_type"),
    );
    idx.dispose();
  }
  return new Tensor(
    native.embedding(weight.handle, input.handle, {
      paddingIdx,
      scaleGradByFreq: o.scaleGradByFreq ?? false,
      sparse: o.sparse ?? false,
    }),
  );
}

export function leakyRelu(x: Tensor, negativeSlope = 0.01, inplace = false): Tensor {
  asTensor(x, "input");
  checkNumber(negativeSlope, "negative_slope");
  if (inplace) {
    native.leakyRelu_(x.handle, negativeSlope);
    return x;
  }
  return new Tensor(native.leakyRelu(x.handle, negativeSlope));
}
export function gelu(x: Tensor, o: { approximate?: "none" | "tanh" } = {}): Tensor {
  asTensor(x, "input");
  const approximate = o.approximate ?? "none";
  if (typeof approximate !== "string") throw new TypeError("gelu(): argument 'approximate' must be str");
  return new Tensor(native.gelu(x.handle, approximate));
}
export function silu(x: Tensor, inplace = false): Tensor {
  asTensor(x, "input");
  if (inplace) {
    native.silu_(x.handle);
    return x;
  }
  return new Tensor(native.silu(x.handle));
}

// ---- binary cross entropy on logits

export interface BCEWithLogitsOptions extends Pick<LossOptions, "weight" | "sizeAverage" | "reduce" | "reduction"> {
  posWeight?: Tensor | null;
}
const BCE_LOGITS_ARGS = ["weight", "sizeAverage", "reduce", "reduction", "posWeight"] as const;
export function binaryCrossEntropyWithLogits(x: Tensor, target: Tensor, o?: BCEWithLogitsOptions): Tensor;
/** PyTorch's positional form: binary_cross_entropy_with_logits(input, target, weight, size_average, reduce, reduction, pos_weight). */
export function binaryCrossEntropyWithLogits(
  x: Tensor,
  target: Tensor,
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
  posWeight?: Tensor | null,
): Tensor;
export function binaryCrossEntropyWithLogits(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, BCE_LOGITS_ARGS, "binary_cross_entropy_with_logits", 2) as BCEWithLogitsOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  if (x.shape.join() !== target.shape.join() || x.dim() !== target.dim()) {
    throw new ValueError(`Target size (${pySize(target.shape)}) must be the same as input size (${pySize(x.shape)})`);
  }
  return new Tensor(
    native.binaryCrossEntropyWithLogits(x.handle, target.handle, {
      weight: opt(o.weight, "weight"),
      posWeight: opt(o.posWeight, "pos_weight"),
      reduction: reductionEnum(legacyReduction(o)),
    }),
  );
}

// ---- more activations, regression/divergence losses, 1D/3D pooling (native/nn_layers.cc)

/** Python's type name of a value as PyTorch's argument parser prints it ("float", "str", "NoneType", "Tensor"). */
function argType(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (v instanceof Tensor) return "Tensor";
  if (Array.isArray(v)) return "list";
  return pyTypeName(v);
}
/**
 * A Number argument of ATen op `op` (a Python bool is a Number too), checked with PyTorch's TypeError.
 * @internal
 */
export function numberArg(v: unknown, op: string, name: string, pos: number): number {
  if (typeof v === "boolean") return Number(v);
  if (typeof v !== "number")
    throw new TypeError(`${op}(): argument '${name}' (position ${pos}) must be Number, not ${argType(v)}`);
  return v;
}
/** A `float` argument of ATen op `op` (smooth_l1_loss's beta, huber_loss's delta). */
function floatArg(v: unknown, op: string, name: string, pos: number): number {
  if (typeof v !== "number")
    throw new TypeError(`${op}(): argument '${name}' (position ${pos}) must be float, not ${argType(v)}`);
  return v;
}
/** A `bool` argument of ATen op `op`; pos is omitted for keyword-only arguments. */
function boolArg(v: unknown, op: string, name: string, pos?: number): boolean {
  if (typeof v !== "boolean") {
    const at = pos === undefined ? "" : ` (position ${pos})`;
    throw new TypeError(`${op}(): argument '${name}'${at} must be bool, not ${argType(v)}`);
  }
  return v;
}
/**
 * An `int[n]` argument of ATen op `op`: an int is repeated n times, a list goes to ATen as it is
 * (ATen checks its length with its own message, as in PyTorch).
 */
function intsArg(v: unknown, n: number, op: string, name: string, pos: number): number[] {
  if (typeof v === "number" && Number.isInteger(v)) return new Array<number>(n).fill(v);
  if (Array.isArray(v) && v.every((x) => typeof x === "number" && Number.isInteger(x))) return [...v];
  throw new TypeError(`${op}(): argument '${name}' (position ${pos}) must be tuple of ints, not ${argType(v)}`);
}
/** An argument's value, or its default when absent (undefined); null stays: it is Python's None. */
function given<T>(v: unknown, d: T): T {
  return (v === undefined ? d : v) as T;
}
/** PyTorch's _Reduction.get_enum: a reduction name other than none/mean/sum is a ValueError. */
function reductionCode(r: unknown): number {
  const v = typeof r === "string" ? ({ none: 0, mean: 1, sum: 2 } as Record<string, number>)[r] : undefined;
  if (typeof v !== "number")
    throw new ValueError(`${r === null ? "None" : String(r)} is not a valid value for reduction`);
  return v;
}
const warned = new Set<string>();
/** A UserWarning, once per message (Python's default filter shows a warning once per place). */
function warnOnce(message: string): void {
  if (warned.has(message)) return;
  warned.add(message);
  process.emitWarning(message, "UserWarning");
}

function unary(x: Tensor, inplace: unknown, fn: (h: number) => number, fn_: (h: number) => void): Tensor {
  asTensor(x, "input");
  if (inplace) {
    fn_(x.handle);
    return x;
  }
  return new Tensor(fn(x.handle));
}

/** ELU(x) = x for x > 0, alpha * (exp(x) - 1) otherwise. PyTorch's form: elu(input, alpha=1.0, inplace=False). */
export function elu(x: Tensor, alpha?: number, inplace?: boolean): Tensor;
export function elu(x: Tensor, o?: { alpha?: number; inplace?: boolean }): Tensor;
export function elu(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["alpha", "inplace"], "elu", 1) as { alpha?: unknown; inplace?: unknown };
  const alpha = numberArg(given(o.alpha, 1.0), "elu", "alpha", 2);
  return unary(
    x,
    o.inplace,
    (h) => native.elu(h, alpha),
    (h) => native.elu_(h, alpha),
  );
}
/** CELU(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1)). PyTorch's form: celu(input, alpha=1.0, inplace=False). */
export function celu(x: Tensor, alpha?: number, inplace?: boolean): Tensor;
export function celu(x: Tensor, o?: { alpha?: number; inplace?: boolean }): Tensor;
export function celu(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["alpha", "inplace"], "celu", 1) as { alpha?: unknown; inplace?: unknown };
  const alpha = numberArg(given(o.alpha, 1.0), "celu", "alpha", 2);
  return unary(
    x,
    o.inplace,
    (h) => native.celu(h, alpha),
    (h) => native.celu_(h, alpha),
  );
}
/** SELU(x) = scale * (max(0, x) + min(0, alpha * (exp(x) - 1))) with PyTorch's fixed alpha and scale. */
export function selu(x: Tensor, inplace?: boolean): Tensor;
export function selu(x: Tensor, o?: { inplace?: boolean }): Tensor;
export function selu(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["inplace"], "selu", 1) as { inplace?: unknown };
  return unary(x, o.inplace, native.selu, native.selu_);
}
/** Hardtanh: x clamped to [minVal, maxVal]. PyTorch's form: hardtanh(input, min_val=-1., max_val=1., inplace=False). */
export function hardtanh(x: Tensor, minVal?: number, maxVal?: number, inplace?: boolean): Tensor;
export function hardtanh(x: Tensor, o?: { minVal?: number; maxVal?: number; inplace?: boolean }): Tensor;
export function hardtanh(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["minVal", "maxVal", "inplace"], "hardtanh", 1) as {
    minVal?: unknown;
    maxVal?: unknown;
    inplace?: unknown;
  };
  const lo = numberArg(given(o.minVal, -1.0), "hardtanh", "min_val", 2);
  const hi = numberArg(given(o.maxVal, 1.0), "hardtanh", "max_val", 3);
  return unary(
    x,
    o.inplace,
    (h) => native.hardtanh(h, lo, hi),
    (h) => native.hardtanh_(h, lo, hi),
  );
}
/** ReLU6(x) = min(max(0, x), 6). */
export function relu6(x: Tensor, inplace?: boolean): Tensor;
export function relu6(x: Tensor, o?: { inplace?: boolean }): Tensor;
export function relu6(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["inplace"], "relu6", 1) as { inplace?: unknown };
  return unary(x, o.inplace, native.relu6, native.relu6_);
}
/**
 * Softplus(x) = 1/beta * log(1 + exp(beta * x)), linear where beta * x > threshold. PyTorch's form:
 * softplus(input, beta=1, threshold=20).
 */
export function softplus(x: Tensor, beta?: number, threshold?: number): Tensor;
export function softplus(x: Tensor, o?: { beta?: number; threshold?: number }): Tensor;
export function softplus(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["beta", "threshold"], "softplus", 1) as { beta?: unknown; threshold?: unknown };
  const beta = numberArg(given(o.beta, 1), "softplus", "beta", 2);
  const threshold = numberArg(given(o.threshold, 20), "softplus", "threshold", 3);
  return new Tensor(native.softplus(asTensor(x, "input").handle, beta, threshold));
}
/**
 * PReLU(x) = max(0, x) + weight * min(0, x); `weight` is a scalar or 1-D tensor (one value per channel,
 * dim 1 of the input).
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  asTensor(x, "input");
  if (!(weight instanceof Tensor))
    throw new TypeError(`prelu(): argument 'weight' (position 2) must be Tensor, not ${argType(weight)}`);
  return new Tensor(native.prelu(x.handle, weight.handle));
}
/** Mish(x) = x * tanh(softplus(x)). */
export function mish(x: Tensor, inplace?: boolean): Tensor;
export function mish(x: Tensor, o?: { inplace?: boolean }): Tensor;
export function mish(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["inplace"], "mish", 1) as { inplace?: unknown };
  return unary(x, o.inplace, native.mish, native.mish_);
}
/** Hardswish(x) = x * relu6(x + 3) / 6. */
export function hardswish(x: Tensor, inplace?: boolean): Tensor;
export function hardswish(x: Tensor, o?: { inplace?: boolean }): Tensor;
export function hardswish(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["inplace"], "hardswish", 1) as { inplace?: unknown };
  return unary(x, o.inplace, native.hardswish, native.hardswish_);
}
/** Hardsigmoid(x) = relu6(x + 3) / 6. */
export function hardsigmoid(x: Tensor, inplace?: boolean): Tensor;
export function hardsigmoid(x: Tensor, o?: { inplace?: boolean }): Tensor;
export function hardsigmoid(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["inplace"], "hardsigmoid", 1) as { inplace?: unknown };
  return unary(x, o.inplace, native.hardsigmoid, native.hardsigmoid_);
}
/** LogSigmoid(x) = log(1 / (1 + exp(-x))), computed stably by ATen's log_sigmoid. */
export function logsigmoid(x: Tensor): Tensor {
  return new Tensor(native.logSigmoid(asTensor(x, "input").handle));
}
/** Softsign(x) = x / (1 + |x|), as PyTorch computes it (`input / (input.abs() + 1)`, in ATen). */
export function softsign(x: Tensor): Tensor {
  return new Tensor(native.softsign(asTensor(x, "input").handle));
}
/** Tanhshrink(x) = x - tanh(x), as PyTorch computes it (`input - input.tanh()`, in ATen). */
export function tanhshrink(x: Tensor): Tensor {
  return new Tensor(native.tanhshrink(asTensor(x, "input").handle));
}

// Losses. PyTorch's deprecated size_average/reduce are honoured as its legacy_get_string does.
/** PyTorch's deprecated size_average/reduce pair; when either is set it decides the reduction. */
export type LegacyReduction = Pick<LossOptions, "sizeAverage" | "reduce">;
/** F.l1_loss/smooth_l1_loss/huber_loss: a target of another size broadcasts, with PyTorch's warning. */
function warnBroadcastTarget(x: Tensor, target: Tensor): void {
  if (x.shape.join() !== target.shape.join() || x.dim() !== target.dim()) {
    warnOnce(
      `Using a target size (${pySize(target.shape)}) that is different to the input size (${pySize(x.shape)}). ` +
        "This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.",
    );
  }
}
function lossReduction(o: LegacyReduction & { reduction?: unknown }): number {
  if ((o.sizeAverage ?? null) !== null || (o.reduce ?? null) !== null)
    return reductionEnum(legacyReduction(o as LossOptions));
  return reductionCode(given(o.reduction, "mean"));
}

/** Mean absolute error |input - target|. PyTorch's form: l1_loss(input, target, size_average, reduce, reduction). */
export function l1Loss(x: Tensor, target: Tensor, o?: LegacyReduction & { reduction?: Reduction }): Tensor;
export function l1Loss(
  x: Tensor,
  target: Tensor,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  reduction?: Reduction,
): Tensor;
export function l1Loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["sizeAverage", "reduce", "reduction"], "l1_loss", 2) as LossOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  warnBroadcastTarget(x, target);
  return new Tensor(native.l1Loss(x.handle, target.handle, lossReduction(o)));
}

/**
 * Smooth L1: 0.5 (x - y)^2 / beta where |x - y| < beta, |x - y| - 0.5 beta elsewhere. PyTorch's form:
 * smooth_l1_loss(input, target, size_average, reduce, reduction, beta=1.0).
 */
export function smoothL1Loss(
  x: Tensor,
  target: Tensor,
  o?: LegacyReduction & { reduction?: Reduction; beta?: number },
): Tensor;
export function smoothL1Loss(
  x: Tensor,
  target: Tensor,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  reduction?: Reduction,
  /** Where the loss turns from quadratic to linear (default 1.0; must not be negative). */
  beta?: number,
): Tensor;
export function smoothL1Loss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["sizeAverage", "reduce", "reduction", "beta"], "smooth_l1_loss", 2) as LossOptions & {
    beta?: unknown;
  };
  asTensor(x, "input");
  asTensor(target, "target");
  const beta = floatArg(given(o.beta, 1.0), "smooth_l1_loss", "beta", 4);
  warnBroadcastTarget(x, target);
  return new Tensor(native.smoothL1Loss(x.handle, target.handle, lossReduction(o), beta));
}

/** Huber loss: 0.5 (x - y)^2 where |x - y| < delta, delta (|x - y| - 0.5 delta) elsewhere. PyTorch's form: huber_loss(input, target, reduction='mean', delta=1.0). */
export function huberLoss(x: Tensor, target: Tensor, o?: { reduction?: Reduction; delta?: number }): Tensor;
export function huberLoss(x: Tensor, target: Tensor, reduction?: Reduction, delta?: number): Tensor;
export function huberLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["reduction", "delta"], "huber_loss", 2) as { reduction?: unknown; delta?: unknown };
  asTensor(x, "input");
  asTensor(target, "target");
  const delta = floatArg(given(o.delta, 1.0), "huber_loss", "delta", 4);
  warnBroadcastTarget(x, target);
  return new Tensor(native.huberLoss(x.handle, target.handle, reductionCode(given(o.reduction, "mean")), delta));
}

/** binaryCrossEntropy's options (PyTorch's keyword arguments). */
export interface BinaryCrossEntropyOptions extends LegacyReduction {
  /** Per-element rescaling of the loss, broadcast to the target's size. */
  weight?: Tensor | null;
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  reduction?: Reduction;
}
/**
 * Binary cross entropy between probabilities `input` (in [0, 1]) and `target` of the same size;
 * `weight` broadcasts to the target's size. PyTorch's form: binary_cross_entropy(input, target, weight,
 * size_average, reduce, reduction).
 */
export function binaryCrossEntropy(x: Tensor, target: Tensor, o?: BinaryCrossEntropyOptions): Tensor;
export function binaryCrossEntropy(
  x: Tensor,
  target: Tensor,
  /** Per-element rescaling of the loss, broadcast to the target's size. */
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  reduction?: Reduction,
): Tensor;
export function binaryCrossEntropy(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(
    rest,
    ["weight", "sizeAverage", "reduce", "reduction"],
    "binary_cross_entropy",
    2,
  ) as BinaryCrossEntropyOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  lossWeight(o.weight, "binary_cross_entropy");
  const reduction = lossReduction(o);
  if (x.shape.join() !== target.shape.join() || x.dim() !== target.dim()) {
    throw new ValueError(
      `Using a target size (${pySize(target.shape)}) that is different to the input size (${pySize(x.shape)}) is deprecated. ` +
        "Please ensure they have the same size.",
    );
  }
  return new Tensor(native.binaryCrossEntropy(x.handle, target.handle, { weight: opt(o.weight, "weight"), reduction }));
}

/** klDiv's reductions: PyTorch's three and "batchmean" (the sum divided by the batch size). */
export type KLDivReduction = Reduction | "batchmean";
/** klDiv's options (PyTorch's keyword arguments). */
export interface KLDivOptions extends LegacyReduction {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  reduction?: KLDivReduction;
  /** Whether the target holds log-probabilities (default false). */
  logTarget?: boolean;
}
/**
 * Kullback-Leibler divergence of `target` from `input` (log-probabilities; `target` probabilities, or
 * log-probabilities with logTarget). reduction "batchmean" divides the sum by the batch size (the
 * mathematical KL divergence); "mean" (the default) divides by every element and warns, as PyTorch 1.13.
 * PyTorch's form: kl_div(input, target, size_average, reduce, reduction, log_target).
 */
export function klDiv(x: Tensor, target: Tensor, o?: KLDivOptions): Tensor;
export function klDiv(
  x: Tensor,
  target: Tensor,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  reduction?: KLDivReduction,
  /** Whether the target holds log-probabilities (default false). */
  logTarget?: boolean,
): Tensor;
export function klDiv(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["sizeAverage", "reduce", "reduction", "logTarget"], "kl_div", 2) as KLDivOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  const r: unknown = given(o.reduction, "mean");
  let reduction: number;
  if ((o.sizeAverage ?? null) !== null || (o.reduce ?? null) !== null) {
    reduction = reductionEnum(legacyReduction(o as LossOptions));
  } else {
    if (r === "mean") {
      warnOnce(
        "reduction: 'mean' divides the total loss by both the batch size and the support size." +
          "'batchmean' divides only by the batch size, and aligns with the KL div math definition." +
          "'mean' will be changed to behave the same as 'batchmean' in the next major release.",
      );
    }
    reduction = reductionCode(r === "batchmean" ? "sum" : r);
  }
  const logTarget = boolArg(given(o.logTarget, false), "kl_div", "log_target");
  return new Tensor(native.klDiv(x.handle, target.handle, { reduction, logTarget, batchmean: r === "batchmean" }));
}

// Pooling over 1 and 3 spatial dims. An int size is repeated; a list goes to ATen, which checks its length.
/** maxPool1d/maxPool3d's options (and MaxPool1d/MaxPool3d's); sizes are an int or one per pooled dimension. */
export interface MaxPoolNdOptions {
  /** The step of the pooling window (default: the kernel size). */
  stride?: number | number[] | null;
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  padding?: number | number[];
  /** The spacing between the elements of a window (default 1). */
  dilation?: number | number[];
  /** Whether the output size rounds up instead of down. */
  ceilMode?: boolean;
}
const MAX_POOL_ARGS = ["stride", "padding", "dilation", "ceilMode", "returnIndices"] as const;
function maxPoolNd(dims: 1 | 3, x: Tensor, kernelSize: unknown, rest: unknown[]): Tensor | [Tensor, Tensor] {
  const op = `max_pool${dims}d`;
  const o = bindArgs(rest, MAX_POOL_ARGS, op, 2) as MaxPoolNdOptions & { returnIndices?: unknown };
  asTensor(x, "input");
  const opts = {
    kernelSize: intsArg(kernelSize, dims, op, "kernel_size", 2),
    // stride=None reaches ATen as [] (the kernel size), as PyTorch passes it.
    stride: o.stride == null ? [] : intsArg(o.stride, dims, op, "stride", 3),
    padding: intsArg(given(o.padding, 0), dims, op, "padding", 4),
    dilation: intsArg(given(o.dilation, 1), dims, op, "dilation", 5),
    ceilMode: boolArg(given(o.ceilMode, false), op, "ceil_mode", 6),
  };
  // PyTorch's boolean_dispatch on return_indices tests truthiness.
  if (o.returnIndices) {
    const [out, indices] = (dims === 1 ? native.maxPool1dWithIndices : native.maxPool3dWithIndices)(x.handle, opts);
    return [new Tensor(out), new Tensor(indices)];
  }
  return new Tensor((dims === 1 ? native.maxPool1d : native.maxPool3d)(x.handle, opts));
}
/** 1D max pooling over [N, C, L] or [C, L]; with `returnIndices: true`, [output, indices]. */
export function maxPool1d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  o: MaxPoolNdOptions & { returnIndices: true },
): [Tensor, Tensor];
export function maxPool1d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  o?: MaxPoolNdOptions & { returnIndices?: false },
): Tensor;
/** PyTorch's positional form: max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices). */
export function maxPool1d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  /** The step of the pooling window (default: the kernel size). */
  stride?: number | number[] | null,
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  padding?: number | number[],
  /** The spacing between the elements of a window (default 1). */
  dilation?: number | number[],
  /** Whether the output size rounds up instead of down. */
  ceilMode?: boolean,
  /** Whether forward also returns the indices of the maxima (PyTorch's (output, indices)). */
  returnIndices?: boolean,
): Tensor | [Tensor, Tensor];
export function maxPool1d(x: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolNd(1, x, kernelSize, rest);
}
/** 3D max pooling over [N, C, D, H, W] or [C, D, H, W]; with `returnIndices: true`, [output, indices]. */
export function maxPool3d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  o: MaxPoolNdOptions & { returnIndices: true },
): [Tensor, Tensor];
export function maxPool3d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  o?: MaxPoolNdOptions & { returnIndices?: false },
): Tensor;
/** PyTorch's positional form: max_pool3d(input, kernel_size, stride, padding, dilation, ceil_mode, return_indices). */
export function maxPool3d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  /** The step of the pooling window (default: the kernel size). */
  stride?: number | number[] | null,
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  padding?: number | number[],
  /** The spacing between the elements of a window (default 1). */
  dilation?: number | number[],
  /** Whether the output size rounds up instead of down. */
  ceilMode?: boolean,
  /** Whether forward also returns the indices of the maxima (PyTorch's (output, indices)). */
  returnIndices?: boolean,
): Tensor | [Tensor, Tensor];
export function maxPool3d(x: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  return maxPoolNd(3, x, kernelSize, rest);
}

/** avgPool1d's options (and AvgPool1d's). */
export interface AvgPool1dOptions {
  /** The step of the pooling window (default: the kernel size). */
  stride?: number | number[] | null;
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  padding?: number | number[];
  /** Whether the output size rounds up instead of down. */
  ceilMode?: boolean;
  /** Whether the zero padding counts in each window's average (default true). */
  countIncludePad?: boolean;
}
/** avgPool3d's options (and AvgPool3d's). */
export interface AvgPool3dOptions extends AvgPool1dOptions {
  /** When set, every window's sum is divided by it instead of the window's size. */
  divisorOverride?: number | null;
}
/** 1D average pooling over [N, C, L] or [C, L]. */
export function avgPool1d(x: Tensor, kernelSize: number | number[], o?: AvgPool1dOptions): Tensor;
/** PyTorch's positional form: avg_pool1d(input, kernel_size, stride, padding, ceil_mode, count_include_pad). */
export function avgPool1d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  /** The step of the pooling window (default: the kernel size). */
  stride?: number | number[] | null,
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  padding?: number | number[],
  /** Whether the output size rounds up instead of down. */
  ceilMode?: boolean,
  /** Whether the zero padding counts in each window's average (default true). */
  countIncludePad?: boolean,
): Tensor;
export function avgPool1d(x: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["stride", "padding", "ceilMode", "countIncludePad"], "avg_pool1d", 2) as AvgPool1dOptions;
  asTensor(x, "input");
  const op = "avg_pool1d";
  return new Tensor(
    native.avgPool1d(x.handle, {
      kernelSize: intsArg(kernelSize, 1, op, "kernel_size", 2),
      stride: o.stride == null ? [] : intsArg(o.stride, 1, op, "stride", 3),
      padding: intsArg(given(o.padding, 0), 1, op, "padding", 4),
      ceilMode: boolArg(given(o.ceilMode, false), op, "ceil_mode", 5),
      countIncludePad: boolArg(given(o.countIncludePad, true), op, "count_include_pad", 6),
    }),
  );
}
/** 3D average pooling over [N, C, D, H, W] or [C, D, H, W]. */
export function avgPool3d(x: Tensor, kernelSize: number | number[], o?: AvgPool3dOptions): Tensor;
/** PyTorch's positional form: avg_pool3d(input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override). */
export function avgPool3d(
  x: Tensor,
  /** The size of the pooling window, as given. */
  kernelSize: number | number[],
  /** The step of the pooling window (default: the kernel size). */
  stride?: number | number[] | null,
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  padding?: number | number[],
  /** Whether the output size rounds up instead of down. */
  ceilMode?: boolean,
  /** Whether the zero padding counts in each window's average (default true). */
  countIncludePad?: boolean,
  /** When set, every window's sum is divided by it instead of the window's size. */
  divisorOverride?: number | null,
): Tensor;
export function avgPool3d(x: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor {
  const o = bindArgs(
    rest,
    ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"],
    "avg_pool3d",
    2,
  ) as AvgPool3dOptions;
  asTensor(x, "input");
  const op = "avg_pool3d";
  let divisorOverride: number | undefined;
  if (o.divisorOverride != null) {
    if (typeof o.divisorOverride !== "number" || !Number.isInteger(o.divisorOverride))
      throw new TypeError(`avg_pool3d(): argument 'divisor_override' must be int, not ${argType(o.divisorOverride)}`);
    divisorOverride = o.divisorOverride;
  }
  return new Tensor(
    native.avgPool3d(x.handle, {
      kernelSize: intsArg(kernelSize, 3, op, "kernel_size", 2),
      stride: o.stride == null ? [] : intsArg(o.stride, 3, op, "stride", 3),
      padding: intsArg(given(o.padding, 0), 3, op, "padding", 4),
      ceilMode: boolArg(given(o.ceilMode, false), op, "ceil_mode", 5),
      countIncludePad: boolArg(given(o.countIncludePad, true), op, "count_include_pad", 6),
      divisorOverride,
    }),
  );
}
/** Average pooling of [N, C, L] or [C, L] to `outputSize` positions. */
export function adaptiveAvgPool1d(x: Tensor, outputSize: number | number[]): Tensor {
  asTensor(x, "input");
  return new Tensor(
    native.adaptiveAvgPool1d(x.handle, intsArg(outputSize, 1, "adaptive_avg_pool1d", "output_size", 2)),
  );
}
/** Average pooling of [N, C, D, H, W] or [C, D, H, W] to `outputSize`; a null entry keeps the input's size there. */
export function adaptiveAvgPool3d(x: Tensor, outputSize: number | Array<number | null>): Tensor {
  asTensor(x, "input");
  let size: unknown = outputSize;
  if (Array.isArray(outputSize)) {
    // PyTorch's _list_with_default.
    if (x.dim() <= outputSize.length)
      throw new ValueError(`Input dimension should be at least ${outputSize.length + 1}`);
    const defaults = x.shape.slice(x.dim() - outputSize.length);
    size = outputSize.map((v, i) => (v === null ? defaults[i] : v));
  }
  return new Tensor(native.adaptiveAvgPool3d(x.handle, intsArg(size, 3, "adaptive_avg_pool3d", "output_size", 2)));
}

/** F.multi_head_attention_forward; see {@link multiHeadAttentionForward} in modules/attention. */
export {
  type MultiHeadAttentionForwardOptions,
  multiHeadAttentionForward,
} from "./modules/attention"; /** F.one_hot: int64 `[..., numClasses]` with a 1 at each value (numClasses -1: the largest value + 1). */
export function oneHot(tensor: Tensor, numClasses = -1): Tensor {
  return new Tensor(native.oneHot(asTensor(tensor, "tensor").handle, checkInt(numClasses, "num_classes")));
}
