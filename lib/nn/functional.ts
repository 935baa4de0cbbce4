// torch.nn.functional: argument handling as in PyTorch, the computation in ATen.

import { callAten } from "../aten";
import { arange, emptyLike, rand, zerosLike } from "../creation";
import { scalarTypeOf } from "../dtype";
import { NotImplementedError, ValueError } from "../errors";
import { native } from "../native";
import { asTensor, Tensor } from "../tensor";
import { checkInt, checkNumber, ntuple, pair } from "../utils/check";
import { bindArgs, checkKwargs as checkKwargsObj, isOptions } from "../utils/kwargs";
import { pySize } from "../utils/pyrepr";
import { LIBTORCH_MAJOR } from "../utils/version";
import { warn } from "../warnings";
import type { Conv2dFunctionalOptions, ConvTransposeFunctionalOptions } from "./common_types";
import { pairwiseDistance as pairwiseDistanceFn } from "./functional_resample";

export type Reduction = "none" | "mean" | "sum";
export function reductionEnum(r: Reduction): number {
  const v = { none: 0, mean: 1, sum: 2 }[r];
  if (v === undefined) throw new ValueError(`${r} is not a valid value for reduction`);
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
  affineGrid,
  type CosineSimilarityOptions,
  cosineSimilarity,
  type GridSampleOptions,
  gridSample,
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
  const s = noStride(o.stride) ? k : pair(o.stride as number | number[], "stride");
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
  const s = noStride(o.stride) ? k : pair(o.stride as number | number[], "stride");
  const input = asTensor(x, "input").handle;
  const padding = pair(o.padding ?? 0, "padding");
  const ceilMode = o.ceilMode ?? false;
  const countIncludePad = o.countIncludePad ?? true;
  const divisorOverride = o.divisorOverride == null ? undefined : checkInt(o.divisorOverride, "divisor_override");
  return new Tensor(
    native.avgPool2d(input, { kernelSize: k, stride: s, padding, ceilMode, countIncludePad, divisorOverride }),
  );
}

// Pooling's stride: None or an empty list (ATen's default) means the kernel size.
function noStride(s: unknown): boolean {
  return s == null || (Array.isArray(s) && s.length === 0);
}

/** PyTorch's _verify_batch_size: more than one value per channel is needed to train. */
export function verifyBatchSize(size: number[]): void {
  let prod = size[0];
  for (let i = 2; i < size.length; i++) prod *= size[i];
  if (prod === 1)
    throw new ValueError(`Expected more than 1 value per channel when training, got input size ${pySize(size)}`);
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
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
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
  const ret = !reduce ? "none" : sizeAverage ? "mean" : "sum";
  warn(`size_average and reduce args will be deprecated, please use reduction='${ret}' instead.`);
  return ret;
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
  asTensor(x, "input");
  asTensor(target, "target");
  // As F.mse_loss: PyTorch's warning for a target of another size, then both broadcast explicitly (the
  // kernel's own broadcasting gives a wrong input gradient when the input is the smaller one).
  warnBroadcastTarget(x, target);
  const reduction = reductionEnum(legacyReduction(o));
  const [ex, et] = callAten("broadcast_tensors", "broadcast_tensors", undefined, [[x, target]]) as Tensor[];
  return new Tensor(native.mseLoss(ex.handle, et.handle, reduction));
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
  const stride = noStride(o.stride) ? k : pair(o.stride as number | number[], "stride");
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
  // PyTorch 1.13's warnings, word for word, once per message (Python's default filter: once per place)
  if (d !== 3 && d !== 4) {
    warnOnce(
      `dropout2d: Received a ${d}-D input to dropout2d, which is deprecated and will result in an error in a future release. ` +
        "To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to " +
        "provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch " +
        "dimension (i.e. 3D or 4D inputs).",
    );
  }
  if (d === 3) {
    warnOnce(
      "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - " +
        "input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future " +
        "release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D " +
        "channel-wise dropout behavior, please switch to using dropout1d instead.",
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
    warnOnce(
      `dropout3d: Received a ${d}-D input to dropout3d, which is deprecated and will result in an error in a future release. ` +
        "To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to " +
        "provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch " +
        "dimension (i.e. 4D or 5D inputs).",
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
  let paddingIdx = -1;
  if (o.paddingIdx != null) {
    // weight.size(0) only here, as PyTorch (a 0-D weight otherwise gets torch.embedding's "must be 2-D").
    const n = weight.size(0);
    paddingIdx = checkInt(o.paddingIdx, "padding_idx");
    if (paddingIdx > 0 && paddingIdx >= n) throw assertion("Padding_idx must be within num_embeddings");
    if (paddingIdx < 0) {
      if (paddingIdx < -n) throw assertion("Padding_idx must be within num_embeddings");
      paddingIdx += n;
    }
  }
  if (o.maxNorm != null) {
    const idx = input.contiguous();
    // _no_grad_embedding_renorm_: the renorm writes through weight.detach(), so neither autograd nor
    // forward-mode AD sees it (a dual weight keeps its tangent; embedding_renorm_ has no forward formula).
    const w = weight.detach();
    native.embeddingRenorm_(
      w.handle,
      idx.handle,
      checkNumber(o.maxNorm, "max_norm"),
      checkNumber(o.normType ?? 2, "norm_type"),
    );
    w.dispose();
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
/**
 * LogSigmoid(x) = log(1 / (1 + exp(-x))), computed stably by ATen's log_sigmoid. With `out` (Python's
 * out= keyword of torch._C._nn.log_sigmoid, which F.logsigmoid is), the result is written there (resized).
 */
export function logsigmoid(x: Tensor, o: { out?: Tensor } = {}): Tensor {
  checkKwargsObj(o, ["out"], "log_sigmoid");
  const input = asTensor(x, "input");
  if (o.out !== undefined) return callAten("log_sigmoid", "log_sigmoid", undefined, [input, { out: o.out }]) as Tensor;
  return new Tensor(native.logSigmoid(input.handle));
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
/** F.mse_loss/l1_loss/smooth_l1_loss/huber_loss: a target of another size broadcasts, with PyTorch's warning. */
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

// ---- more activations (native/nn_layers.cc)

/** An `int` argument of ATen op `op`, checked with PyTorch's TypeError. */
function intArg(v: unknown, op: string, name: string, pos: number): number {
  if (typeof v !== "number" || !Number.isInteger(v))
    throw new TypeError(`${op}(): argument '${name}' (position ${pos}) must be int, not ${argType(v)}`);
  return v;
}

/** Threshold: x where x > threshold, `value` elsewhere. PyTorch's form: threshold(input, threshold, value, inplace=False). */
export function threshold(x: Tensor, threshold: number, value: number, inplace?: boolean): Tensor;
export function threshold(x: Tensor, threshold: number, value: number, o?: { inplace?: boolean }): Tensor;
export function threshold(x: Tensor, th: unknown, value: unknown, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["inplace"], "_threshold", 3) as { inplace?: unknown };
  const t = numberArg(th, "threshold", "threshold", 2);
  const v = numberArg(value, "threshold", "value", 3);
  return unary(
    x,
    o.inplace,
    (h) => native.threshold(h, t, v),
    (h) => native.threshold_(h, t, v),
  );
}
/** GLU: the first half of `x` along `dim` times the sigmoid of the second half. */
export function glu(x: Tensor, dim = -1): Tensor {
  asTensor(x, "input");
  if (x.dim() === 0) throw new Error("glu does not support scalars because halving size must be even");
  return new Tensor(native.glu(x.handle, intArg(dim, "glu", "dim", 2)));
}
/** Hardshrink: x where |x| > lambd, 0 elsewhere. */
export function hardshrink(x: Tensor, lambd: number = 0.5): Tensor {
  asTensor(x, "input");
  return new Tensor(native.hardshrink(x.handle, numberArg(lambd, "hardshrink", "lambd", 2)));
}
/** Softshrink: x - lambd where x > lambd, x + lambd where x < -lambd, 0 elsewhere. */
export function softshrink(x: Tensor, lambd: number = 0.5): Tensor {
  asTensor(x, "input");
  return new Tensor(native.softshrink(x.handle, numberArg(lambd, "softshrink", "lambd", 2)));
}
/** PyTorch's _get_softmax_dim: the dimension an implicit softmax/softmin takes, with its deprecation warning. */
function implicitSoftmaxDim(name: string, ndim: number): number {
  warnOnce(
    `Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`,
  );
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
/** F.pdist: the p-norm distances between every pair of rows of a 2-D input (upper triangle, row-major). */
export function pdist(input: Tensor, p = 2.0): Tensor {
  return callAten("pdist", "pdist", undefined, [asTensor(input, "input"), checkNumber(p, "p")]) as Tensor;
}
/** F.normalize: `input` divided by its p-norm over `dim`, the norm held at least `eps` (PyTorch's steps). */
export function normalize(input: Tensor, p = 2.0, dim = 1, eps = 1e-12, out: Tensor | null = null): Tensor {
  const x = asTensor(input, "input");
  const norm = x.norm(p, dim, true);
  const denom = norm.clamp(eps);
  const expanded = denom.expandAs(x);
  // With out=, torch.div(input, denom, out=out) as torch/nn/functional.py writes it.
  const r = out === null ? x.div(expanded) : (callAten("div", "div", undefined, [x, expanded, { out }]) as Tensor);
  for (const t of [norm, denom, expanded]) t.dispose();
  return r;
}
/** Softmin: softmax of -x along `dim` (null: PyTorch's implicit, deprecated choice), optionally in `dtype`. */
export function softmin(x: Tensor, dim?: number | null, o?: { dtype?: string | null }): Tensor {
  asTensor(x, "input");
  const d = dim == null ? implicitSoftmaxDim("softmin", x.dim()) : intArg(dim, "softmax", "dim", 1);
  const dtype = o?.dtype == null ? undefined : scalarTypeOf(o.dtype);
  return new Tensor(native.softmin(x.handle, d, dtype));
}
/**
 * RReLU: x where x >= 0, a * x elsewhere, with a drawn uniformly from [lower, upper] per element in
 * training (PyTorch's generator, so equal draws after the same seed) and (lower + upper) / 2 otherwise.
 * PyTorch's form: rrelu(input, lower=1/8, upper=1/3, training=False, inplace=False).
 */
export function rrelu(x: Tensor, lower?: number, upper?: number, training?: boolean, inplace?: boolean): Tensor;
export function rrelu(x: Tensor, o?: { lower?: number; upper?: number; training?: boolean; inplace?: boolean }): Tensor;
export function rrelu(x: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["lower", "upper", "training", "inplace"], "rrelu", 1) as Record<string, unknown>;
  const lower = numberArg(given(o.lower, 1 / 8), "rrelu", "lower", 2);
  const upper = numberArg(given(o.upper, 1 / 3), "rrelu", "upper", 3);
  const training = boolArg(given(o.training, false), "rrelu", "training", 4);
  return unary(
    x,
    o.inplace,
    (h) => native.rrelu(h, lower, upper, training),
    (h) => native.rrelu_(h, lower, upper, training),
  );
}

// ---- more losses (native/nn_losses.cc)

/** The reduction of a loss whose Python front end checks it itself (`<reduction> is not valid`). */
function validReduction(o: LegacyReduction & { reduction?: unknown }): number {
  if ((o.sizeAverage ?? null) !== null || (o.reduce ?? null) !== null)
    return reductionEnum(legacyReduction(o as LossOptions));
  const r = given<unknown>(o.reduction, "mean");
  if (r !== "none" && r !== "mean" && r !== "sum") throw new ValueError(`${String(r)} is not valid`);
  return reductionEnum(r);
}
const LEGACY = ["sizeAverage", "reduce", "reduction"] as const;
/** Options of the losses that take only PyTorch's reduction arguments. */
export type LossReductionOptions = LegacyReduction & { reduction?: Reduction };

/** max(0, -target * (input1 - input2) + margin). PyTorch's form: margin_ranking_loss(input1, input2, target, margin=0, size_average, reduce, reduction). */
export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  o?: LossReductionOptions & { margin?: number },
): Tensor;
export function marginRankingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  margin?: number,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["margin", ...LEGACY], "margin_ranking_loss", 3) as LossReductionOptions & {
    margin?: unknown;
  };
  asTensor(input1, "input1");
  asTensor(input2, "input2");
  asTensor(target, "target");
  const reduction = lossReduction(o);
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    throw new Error(
      "margin_ranking_loss : All input tensors should have same dimension but got sizes: " +
        `input1: ${pySize(input1.shape)}, input2: ${pySize(input2.shape)}, target: ${pySize(target.shape)} `,
    );
  }
  const margin = floatArg(given(o.margin, 0), "margin_ranking_loss", "margin", 4);
  return new Tensor(native.marginRankingLoss(input1.handle, input2.handle, target.handle, margin, reduction));
}
/** x where target is 1, max(0, margin - x) where it is -1. PyTorch's form: hinge_embedding_loss(input, target, margin=1.0, size_average, reduce, reduction). */
export function hingeEmbeddingLoss(x: Tensor, target: Tensor, o?: LossReductionOptions & { margin?: number }): Tensor;
export function hingeEmbeddingLoss(
  x: Tensor,
  target: Tensor,
  margin?: number,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function hingeEmbeddingLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["margin", ...LEGACY], "hinge_embedding_loss", 2) as LossReductionOptions & {
    margin?: unknown;
  };
  asTensor(x, "input");
  asTensor(target, "target");
  const reduction = lossReduction(o);
  const margin = floatArg(given(o.margin, 1.0), "hinge_embedding_loss", "margin", 3);
  return new Tensor(native.hingeEmbeddingLoss(x.handle, target.handle, margin, reduction));
}
/** log(1 + exp(-target * input)), averaged. PyTorch's form: soft_margin_loss(input, target, size_average, reduce, reduction). */
export function softMarginLoss(x: Tensor, target: Tensor, o?: LossReductionOptions): Tensor;
export function softMarginLoss(
  x: Tensor,
  target: Tensor,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function softMarginLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, LEGACY, "soft_margin_loss", 2) as LossReductionOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  return new Tensor(native.softMarginLoss(x.handle, target.handle, lossReduction(o)));
}
/** Multi-class multi-label hinge loss; target holds class indices, ended by the first -1. */
export function multilabelMarginLoss(x: Tensor, target: Tensor, o?: LossReductionOptions): Tensor;
export function multilabelMarginLoss(
  x: Tensor,
  target: Tensor,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function multilabelMarginLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, LEGACY, "multilabel_margin_loss", 2) as LossReductionOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  return new Tensor(native.multilabelMarginLoss(x.handle, target.handle, lossReduction(o)));
}
/** 1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1. */
export function cosineEmbeddingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  o?: LossReductionOptions & { margin?: number },
): Tensor;
export function cosineEmbeddingLoss(
  input1: Tensor,
  input2: Tensor,
  target: Tensor,
  margin?: number,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["margin", ...LEGACY], "cosine_embedding_loss", 3) as LossReductionOptions & {
    margin?: unknown;
  };
  asTensor(input1, "input1");
  asTensor(input2, "input2");
  asTensor(target, "target");
  const reduction = lossReduction(o);
  const margin = floatArg(given(o.margin, 0), "cosine_embedding_loss", "margin", 4);
  return new Tensor(native.cosineEmbeddingLoss(input1.handle, input2.handle, target.handle, margin, reduction));
}
/** tripletMarginLoss's options (PyTorch's keyword arguments). */
export interface TripletMarginLossOptions extends LossReductionOptions {
  margin?: number;
  p?: number;
  eps?: number;
  swap?: boolean;
}
/** A distance for tripletMarginWithDistanceLoss: a function of two tensors, or a module (nn.PairwiseDistance). */
export type DistanceFunction = ((x1: Tensor, x2: Tensor) => Tensor) | { forward(x1: Tensor, x2: Tensor): Tensor };
/** tripletMarginWithDistanceLoss's keyword arguments (keyword-only in PyTorch). */
export interface TripletMarginWithDistanceLossOptions {
  distanceFunction?: DistanceFunction | null;
  margin?: number;
  swap?: boolean;
  reduction?: Reduction;
}
/**
 * F.triplet_margin_with_distance_loss: max(d(a, p) - d(a, n) + margin, 0) with any distance d (default
 * the pairwise distance), composed from libtorch ops as torch/nn/functional.py does.
 */
export function tripletMarginWithDistanceLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  o: TripletMarginWithDistanceLossOptions = {},
): Tensor {
  if (!isOptions(o)) throw new TypeError("triplet_margin_with_distance_loss() takes 3 positional arguments");
  checkKwargsObj(o, ["distanceFunction", "margin", "swap", "reduction"], "triplet_margin_with_distance_loss");
  for (const [t, n] of [
    [anchor, "anchor"],
    [positive, "positive"],
    [negative, "negative"],
  ] as const)
    asTensor(t, n);
  const fn = o.distanceFunction ?? null;
  if (fn !== null && typeof fn !== "function" && typeof (fn as { forward?: unknown }).forward !== "function")
    throw new TypeError("distance_function must be callable");
  const d = (x: Tensor, y: Tensor): Tensor => {
    if (fn === null) return pairwiseDistanceFn(x, y);
    if (typeof fn === "function") return fn(x, y);
    return (fn as { forward(a: Tensor, b: Tensor): Tensor }).forward(x, y);
  };
  const reduction = reductionCode(given(o.reduction, "mean"));
  const positiveDist = d(anchor, positive);
  let negativeDist = d(anchor, negative);
  if (o.swap ?? false)
    negativeDist = callAten("min", "min", undefined, [negativeDist, d(positive, negative)]) as Tensor;
  const output = positiveDist.sub(negativeDist).add(given(o.margin, 1.0)).clampMin(0);
  return reduction === 1 ? output.mean() : reduction === 2 ? output.sum() : output;
}
/** max(d(a, p) - d(a, n) + margin, 0) with the p-norm pairwise distance d. */
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  o?: TripletMarginLossOptions,
): Tensor;
export function tripletMarginLoss(
  anchor: Tensor,
  positive: Tensor,
  negative: Tensor,
  margin?: number,
  p?: number,
  eps?: number,
  swap?: boolean,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(
    rest,
    ["margin", "p", "eps", "swap", ...LEGACY],
    "triplet_margin_loss",
    3,
  ) as TripletMarginLossOptions;
  asTensor(anchor, "anchor");
  asTensor(positive, "positive");
  asTensor(negative, "negative");
  const op = "triplet_margin_loss";
  const reduction = lossReduction(o);
  return new Tensor(
    native.tripletMarginLoss(anchor.handle, positive.handle, negative.handle, {
      margin: floatArg(given(o.margin, 1.0), op, "margin", 4),
      p: floatArg(given(o.p, 2), op, "p", 5),
      eps: floatArg(given(o.eps, 1e-6), op, "eps", 6),
      swap: boolArg(given(o.swap, false), op, "swap", 7),
      reduction,
    }),
  );
}
/** multilabelSoftMarginLoss's options (PyTorch's keyword arguments). */
export interface MultilabelSoftMarginLossOptions extends LossReductionOptions {
  /** Per-class rescaling of the loss. */
  weight?: Tensor | null;
}
/** One-versus-all logistic loss per class, averaged over the classes (the last dimension). */
export function multilabelSoftMarginLoss(x: Tensor, target: Tensor, o?: MultilabelSoftMarginLossOptions): Tensor;
export function multilabelSoftMarginLoss(
  x: Tensor,
  target: Tensor,
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function multilabelSoftMarginLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["weight", ...LEGACY], "multilabel_soft_margin_loss", 2) as MultilabelSoftMarginLossOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  const reduction = validReduction(o);
  return new Tensor(
    native.multilabelSoftMarginLoss(x.handle, target.handle, { weight: opt(o.weight, "weight"), reduction }),
  );
}
/** multiMarginLoss's options (PyTorch's keyword arguments). */
export interface MultiMarginLossOptions extends LossReductionOptions {
  /** 1 or 2. */
  p?: number;
  margin?: number;
  /** Per-class rescaling (1-D). */
  weight?: Tensor | null;
}
/** Multi-class hinge loss: sum over i != y of max(0, margin - x[y] + x[i]) ** p / C. */
export function multiMarginLoss(x: Tensor, target: Tensor, o?: MultiMarginLossOptions): Tensor;
export function multiMarginLoss(
  x: Tensor,
  target: Tensor,
  p?: number,
  margin?: number,
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function multiMarginLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["p", "margin", "weight", ...LEGACY], "multi_margin_loss", 2) as MultiMarginLossOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  const reduction = lossReduction(o);
  const p = given(o.p, 1);
  if (p !== 1 && p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
  if (o.weight != null && asTensor(o.weight, "weight").dim() !== 1)
    throw new ValueError("weight must be one-dimensional");
  return new Tensor(
    native.multiMarginLoss(x.handle, target.handle, {
      p,
      margin: numberArg(given(o.margin, 1.0), "multi_margin_loss", "margin", 4),
      weight: opt(o.weight, "weight"),
      reduction,
    }),
  );
}
/** poissonNllLoss's options (PyTorch's keyword arguments). */
export interface PoissonNllLossOptions extends LossReductionOptions {
  /** Whether the input is log(rate) (default true) or the rate. */
  logInput?: boolean;
  /** Whether to add the Stirling approximation term. */
  full?: boolean;
  /** Added to the rate before its log when logInput is false. */
  eps?: number;
}
/** Negative log likelihood of a Poisson target. */
export function poissonNllLoss(x: Tensor, target: Tensor, o?: PoissonNllLossOptions): Tensor;
export function poissonNllLoss(
  x: Tensor,
  target: Tensor,
  logInput?: boolean,
  full?: boolean,
  sizeAverage?: boolean | null,
  eps?: number,
  reduce?: boolean | null,
  reduction?: Reduction,
): Tensor;
export function poissonNllLoss(x: Tensor, target: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(
    rest,
    ["logInput", "full", "sizeAverage", "eps", "reduce", "reduction"],
    "poisson_nll_loss",
    2,
  ) as PoissonNllLossOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  const reduction = validReduction(o);
  const op = "poisson_nll_loss";
  return new Tensor(
    native.poissonNllLoss(x.handle, target.handle, {
      logInput: boolArg(given(o.logInput, true), op, "log_input", 3),
      full: boolArg(given(o.full, false), op, "full", 4),
      eps: floatArg(given(o.eps, 1e-8), op, "eps", 5),
      reduction,
    }),
  );
}
/** gaussianNllLoss's options (PyTorch's keyword arguments). */
export interface GaussianNllLossOptions {
  /** Whether to add the constant 0.5 log(2 pi). */
  full?: boolean;
  /** var is clamped to at least eps (without gradient through the clamp). */
  eps?: number;
  reduction?: Reduction;
}
/**
 * Negative log likelihood of `target` under N(input, var): var of the input's size, or one value per
 * sample (the input's size without, or with 1 as, its last dimension).
 */
export function gaussianNllLoss(x: Tensor, target: Tensor, variance: Tensor, o?: GaussianNllLossOptions): Tensor;
export function gaussianNllLoss(
  x: Tensor,
  target: Tensor,
  variance: Tensor,
  full?: boolean,
  eps?: number,
  reduction?: Reduction,
): Tensor;
export function gaussianNllLoss(x: Tensor, target: Tensor, variance: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["full", "eps", "reduction"], "gaussian_nll_loss", 3) as GaussianNllLossOptions;
  asTensor(x, "input");
  asTensor(target, "target");
  asTensor(variance, "var");
  const xs = x.shape.join();
  const vs = variance.shape;
  let unsqueeze = false;
  if (xs !== vs.join() || x.dim() !== variance.dim()) {
    const lead = x.shape.slice(0, -1);
    // 2.x also takes a var of input's rank that differs from it in one dimension where var has 1
    // (homoscedastic: input (4, 3), var (1, 3)); 1.13 only in the last one.
    const oneBroadcastDim = () =>
      vs.length === x.dim() &&
      x.shape.filter((d, i) => d !== vs[i]).length === 1 &&
      vs.every((d, i) => d === x.shape[i] || d === 1);
    if (x.dim() >= 1 && lead.length === vs.length && lead.join() === vs.join()) unsqueeze = true;
    else if (
      !(x.dim() >= 1 && vs.length === x.dim() && lead.join() === vs.slice(0, -1).join() && vs[vs.length - 1] === 1) &&
      !(LIBTORCH_MAJOR >= 2 && oneBroadcastDim())
    )
      throw new ValueError("var is of incorrect size");
  }
  const r = given<unknown>(o.reduction, "mean");
  if (r !== "none" && r !== "mean" && r !== "sum") throw new ValueError(`${String(r)} is not valid`);
  return new Tensor(
    native.gaussianNllLoss(x.handle, target.handle, variance.handle, {
      full: Boolean(given(o.full, false)),
      eps: checkNumber(given(o.eps, 1e-6), "eps"),
      reduction: reductionEnum(r),
      unsqueeze,
    }),
  );
}
/** ctcLoss's options (PyTorch's keyword arguments). */
export interface CTCLossOptions {
  /** The blank label (default 0). */
  blank?: number;
  reduction?: Reduction;
  /** Whether infinite losses (and their gradients) become zero. */
  zeroInfinity?: boolean;
}
/**
 * Connectionist Temporal Classification loss of `logProbs` [T, N, C] (or [T, C]) against `targets`;
 * the lengths are tensors or lists of ints, as in PyTorch.
 */
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | number[],
  targetLengths: Tensor | number[],
  o?: CTCLossOptions,
): Tensor;
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | number[],
  targetLengths: Tensor | number[],
  blank?: number,
  reduction?: Reduction,
  zeroInfinity?: boolean,
): Tensor;
export function ctcLoss(
  logProbs: Tensor,
  targets: Tensor,
  inputLengths: Tensor | number[],
  targetLengths: Tensor | number[],
  ...rest: unknown[]
): Tensor {
  const o = bindArgs(rest, ["blank", "reduction", "zeroInfinity"], "ctc_loss", 4) as CTCLossOptions;
  asTensor(logProbs, "log_probs");
  asTensor(targets, "targets");
  const lengths = (v: unknown, name: string) => {
    if (v instanceof Tensor) return v.handle;
    if (Array.isArray(v) && v.every((n) => typeof n === "number" && Number.isInteger(n))) return v as number[];
    throw new TypeError(`ctc_loss(): argument '${name}' must be Tensor or tuple of ints, not ${argType(v)}`);
  };
  const il = lengths(inputLengths, "input_lengths");
  const tl = lengths(targetLengths, "target_lengths");
  return new Tensor(
    native.ctcLoss(logProbs.handle, targets.handle, il, tl, {
      blank: intArg(given(o.blank, 0), "ctc_loss", "blank", 5),
      reduction: reductionCode(given(o.reduction, "mean")),
      zeroInfinity: boolArg(given(o.zeroInfinity, false), "ctc_loss", "zero_infinity", 7),
    }),
  );
}

// ---- more layers (native/nn_layers.cc)

/** x1^T W x2 + b for each output feature: input1 [..., in1], input2 [..., in2], weight [out, in1, in2]. */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  asTensor(input1, "input1");
  asTensor(input2, "input2");
  if (!(weight instanceof Tensor))
    throw new TypeError(`bilinear(): argument 'weight' (position 3) must be Tensor, not ${argType(weight)}`);
  return new Tensor(native.bilinear(input1.handle, input2.handle, weight.handle, opt(bias, "bias")));
}
/** Local response normalization over the channels (dim 1) of a 3-D or higher input. */
export function localResponseNorm(x: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1.0): Tensor {
  asTensor(x, "input");
  const dim = x.dim();
  if (dim < 3)
    throw new ValueError(`Expected 3D or higher dimensionality ${" ".repeat(25)}input (got ${dim} dimensions)`);
  return new Tensor(
    native.localResponseNorm(
      x.handle,
      checkInt(size, "size"),
      checkNumber(alpha, "alpha"),
      checkNumber(beta, "beta"),
      checkNumber(k, "k"),
    ),
  );
}
function alphaDropoutImpl(feature: boolean, x: Tensor, rest: unknown[]): Tensor {
  const name = feature ? "feature_alpha_dropout" : "alpha_dropout";
  const o = bindArgs(rest, ["p", "training", "inplace"], name, 1) as Record<string, unknown>;
  const p = given(o.p, 0.5) as number;
  if (p < 0 || p > 1) throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  const training = boolArg(given(o.training, false), name, "train", 3);
  if (feature) {
    return unary(
      x,
      o.inplace,
      (h) => native.featureAlphaDropout(h, p, training),
      (h) => native.featureAlphaDropout_(h, p, training),
    );
  }
  return unary(
    x,
    o.inplace,
    (h) => native.alphaDropout(h, p, training),
    (h) => native.alphaDropout_(h, p, training),
  );
}
/** Alpha dropout (keeps SELU's self-normalising mean and variance). PyTorch's form: alpha_dropout(input, p=0.5, training=False, inplace=False). */
export function alphaDropout(x: Tensor, p?: number, training?: boolean, inplace?: boolean): Tensor;
export function alphaDropout(x: Tensor, o?: { p?: number; training?: boolean; inplace?: boolean }): Tensor;
export function alphaDropout(x: Tensor, ...rest: unknown[]): Tensor {
  return alphaDropoutImpl(false, x, rest);
}
/** Alpha dropout of whole channels. PyTorch's form: feature_alpha_dropout(input, p=0.5, training=False, inplace=False). */
export function featureAlphaDropout(x: Tensor, p?: number, training?: boolean, inplace?: boolean): Tensor;
export function featureAlphaDropout(x: Tensor, o?: { p?: number; training?: boolean; inplace?: boolean }): Tensor;
export function featureAlphaDropout(x: Tensor, ...rest: unknown[]): Tensor {
  return alphaDropoutImpl(true, x, rest);
}
/** fold/unfold's options (PyTorch's keyword arguments); each an int or a pair. */
export interface FoldOptions {
  dilation?: number | number[];
  padding?: number | number[];
  stride?: number | number[];
}
function foldOptions(rest: unknown[], fn: string, required: number) {
  const o = bindArgs(rest, ["dilation", "padding", "stride"], fn, required) as FoldOptions;
  return {
    dilation: pair(o.dilation ?? 1, "dilation"),
    padding: pair(o.padding ?? 0, "padding"),
    stride: pair(o.stride ?? 1, "stride"),
  };
}
/** Sliding blocks of [N, C, H, W] (or [C, H, W]) as columns [N, C * kH * kW, L] (ATen's im2col). */
export function unfold(x: Tensor, kernelSize: number | number[], o?: FoldOptions): Tensor;
export function unfold(
  x: Tensor,
  kernelSize: number | number[],
  dilation?: number | number[],
  padding?: number | number[],
  stride?: number | number[],
): Tensor;
export function unfold(x: Tensor, kernelSize: number | number[], ...rest: unknown[]): Tensor {
  asTensor(x, "input");
  const o = foldOptions(rest, "unfold", 2);
  return new Tensor(native.im2col(x.handle, { kernelSize: pair(kernelSize, "kernel_size"), ...o }));
}
/** Columns [N, C * kH * kW, L] summed back into [N, C, *outputSize] (ATen's col2im); the inverse layout of unfold. */
export function fold(x: Tensor, outputSize: number | number[], kernelSize: number | number[], o?: FoldOptions): Tensor;
export function fold(
  x: Tensor,
  outputSize: number | number[],
  kernelSize: number | number[],
  dilation?: number | number[],
  padding?: number | number[],
  stride?: number | number[],
): Tensor;
export function fold(
  x: Tensor,
  outputSize: number | number[],
  kernelSize: number | number[],
  ...rest: unknown[]
): Tensor {
  asTensor(x, "input");
  const o = foldOptions(rest, "fold", 3);
  return new Tensor(
    native.col2im(x.handle, {
      outputSize: pair(outputSize, "output_size"),
      kernelSize: pair(kernelSize, "kernel_size"),
      ...o,
    }),
  );
}
/** Interleaves the channels of [N, C, *] from `groups` groups. */
export function channelShuffle(x: Tensor, groups: number): Tensor {
  asTensor(x, "input");
  return new Tensor(native.channelShuffle(x.handle, intArg(groups, "channel_shuffle", "groups", 2)));
}
function lpPoolNd(dims: 1 | 2, x: Tensor, normType: unknown, kernelSize: unknown, rest: unknown[]): Tensor {
  const op = `lp_pool${dims}d`;
  const o = bindArgs(rest, ["stride", "ceilMode"], op, 3) as { stride?: unknown; ceilMode?: unknown };
  asTensor(x, "input");
  const p = checkNumber(normType, "norm_type");
  const k = intsArg(kernelSize, dims, op, "kernel_size", 2);
  const stride = o.stride == null ? [] : intsArg(o.stride, dims, op, "stride", 3);
  return new Tensor(native.lpPool(x.handle, p, k, stride, boolArg(given(o.ceilMode, false), op, "ceil_mode", 5)));
}
/** Power-average pooling over [N, C, L]: (sum over the window of x ** p) ** (1 / p). */
export function lpPool1d(
  x: Tensor,
  normType: number,
  kernelSize: number,
  stride?: number | number[] | null,
  ceilMode?: boolean,
): Tensor;
export function lpPool1d(
  x: Tensor,
  normType: number,
  kernelSize: number,
  o?: { stride?: number | number[] | null; ceilMode?: boolean },
): Tensor;
export function lpPool1d(x: Tensor, normType: number, kernelSize: number, ...rest: unknown[]): Tensor {
  return lpPoolNd(1, x, normType, kernelSize, rest);
}
/** Power-average pooling over [N, C, H, W]. */
export function lpPool2d(
  x: Tensor,
  normType: number,
  kernelSize: number | number[],
  stride?: number | number[] | null,
  ceilMode?: boolean,
): Tensor;
export function lpPool2d(
  x: Tensor,
  normType: number,
  kernelSize: number | number[],
  o?: { stride?: number | number[] | null; ceilMode?: boolean },
): Tensor;
export function lpPool2d(x: Tensor, normType: number, kernelSize: number | number[], ...rest: unknown[]): Tensor {
  return lpPoolNd(2, x, normType, kernelSize, rest);
}
/** Max pooling of [N, C, L] or [C, L] to `outputSize` positions; with returnIndices, [output, indices]. */
export function adaptiveMaxPool1d(x: Tensor, outputSize: number | number[], returnIndices: true): [Tensor, Tensor];
export function adaptiveMaxPool1d(x: Tensor, outputSize: number | number[], returnIndices?: false): Tensor;
export function adaptiveMaxPool1d(
  x: Tensor,
  outputSize: number | number[],
  returnIndices = false,
): Tensor | [Tensor, Tensor] {
  asTensor(x, "input");
  const size = intsArg(outputSize, 1, "adaptive_max_pool1d", "output_size", 2);
  const [out, indices] = native.adaptiveMaxPool1d(x.handle, size);
  if (returnIndices) return [new Tensor(out), new Tensor(indices)];
  new Tensor(indices).dispose();
  return new Tensor(out);
}
/** Max pooling of [N, C, D, H, W] or [C, D, H, W] to `outputSize` (a null entry keeps the input's size). */
export function adaptiveMaxPool3d(
  x: Tensor,
  outputSize: number | Array<number | null>,
  returnIndices: true,
): [Tensor, Tensor];
export function adaptiveMaxPool3d(x: Tensor, outputSize: number | Array<number | null>, returnIndices?: false): Tensor;
export function adaptiveMaxPool3d(
  x: Tensor,
  outputSize: number | Array<number | null>,
  returnIndices = false,
): Tensor | [Tensor, Tensor] {
  asTensor(x, "input");
  let size: unknown = outputSize;
  if (Array.isArray(outputSize)) {
    if (x.dim() <= outputSize.length)
      throw new ValueError(`Input dimension should be at least ${outputSize.length + 1}`);
    const defaults = x.shape.slice(x.dim() - outputSize.length);
    size = outputSize.map((v, i) => (v === null ? defaults[i] : v));
  }
  const [out, indices] = native.adaptiveMaxPool3d(x.handle, intsArg(size, 3, "adaptive_max_pool3d", "output_size", 2));
  if (returnIndices) return [new Tensor(out), new Tensor(indices)];
  new Tensor(indices).dispose();
  return new Tensor(out);
}
/** maxUnpool1d/3d's options (PyTorch's keyword arguments). */
export interface MaxUnpoolNdOptions {
  stride?: number | number[] | null;
  padding?: number | number[];
  /** The spatial size, or the full size [N, C, ...]. */
  outputSize?: number[] | null;
}
/** The partial inverse of maxPool1d: values back at `indices`, zeros elsewhere. */
export function maxUnpool1d(
  x: Tensor,
  indices: Tensor,
  kernelSize: number | number[],
  o: MaxUnpoolNdOptions = {},
): Tensor {
  asTensor(x, "input");
  asTensor(indices, "indices");
  const k = ntuple(kernelSize, 1, "kernel_size");
  const stride = o.stride == null ? k : ntuple(o.stride, 1, "stride");
  const padding = ntuple(o.padding ?? 0, 1, "padding");
  const size = unpoolOutputSize(x.shape, k, stride, padding, o.outputSize);
  const xu = x.unsqueeze(-1);
  const iu = indices.unsqueeze(-1);
  const out = new Tensor(native.maxUnpool2d(xu.handle, iu.handle, [...size, 1]));
  const r = out.squeeze(-1);
  for (const t of [xu, iu, out]) t.dispose();
  return r;
}
/** The partial inverse of maxPool3d: values back at `indices`, zeros elsewhere. */
export function maxUnpool3d(
  x: Tensor,
  indices: Tensor,
  kernelSize: number | number[],
  o: MaxUnpoolNdOptions = {},
): Tensor {
  asTensor(x, "input");
  asTensor(indices, "indices");
  const k = ntuple(kernelSize, 3, "kernel_size");
  const stride = o.stride == null ? k : ntuple(o.stride, 3, "stride");
  const padding = ntuple(o.padding ?? 0, 3, "padding");
  const size = unpoolOutputSize(x.shape, k, stride, padding, o.outputSize);
  return new Tensor(native.maxUnpool3d(x.handle, indices.handle, size, stride, padding));
}
/** embeddingBag's options (PyTorch's keyword arguments). */
export interface EmbeddingBagOptions {
  offsets?: Tensor | null;
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  mode?: "sum" | "mean" | "max";
  sparse?: boolean;
  perSampleWeights?: Tensor | null;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}
const EMBEDDING_BAG_ARGS = [
  "offsets",
  "maxNorm",
  "normType",
  "scaleGradByFreq",
  "mode",
  "sparse",
  "perSampleWeights",
  "includeLastOffset",
  "paddingIdx",
] as const;
/**
 * Sums, means or maxima of bags of embeddings: `input` 2-D (one bag per row) or 1-D with `offsets`
 * (each bag's start). PyTorch's form: embedding_bag(input, weight, offsets, max_norm, norm_type,
 * scale_grad_by_freq, mode, sparse, per_sample_weights, include_last_offset, padding_idx).
 */
export function embeddingBag(input: Tensor, weight: Tensor, o?: EmbeddingBagOptions): Tensor;
/** Python's mixed form: F.embedding_bag(input, weight, offsets, mode=..., ...). */
export function embeddingBag(
  input: Tensor,
  weight: Tensor,
  offsets: Tensor | null | undefined,
  o?: Omit<EmbeddingBagOptions, "offsets">,
): Tensor;
export function embeddingBag(
  input: Tensor,
  weight: Tensor,
  offsets?: Tensor | null,
  maxNorm?: number | null,
  normType?: number,
  scaleGradByFreq?: boolean,
  mode?: "sum" | "mean" | "max",
  sparse?: boolean,
  perSampleWeights?: Tensor | null,
  includeLastOffset?: boolean,
  paddingIdx?: number | null,
): Tensor;
export function embeddingBag(input: Tensor, weight: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, EMBEDDING_BAG_ARGS, "embedding_bag", 2) as EmbeddingBagOptions;
  asTensor(input, "input");
  asTensor(weight, "weight");
  if (weight.dtype === "int64" && input.isFloatingPoint()) {
    process.emitWarning(
      "Argument order of nn.functional.embedding_bag was changed. Usage `embedding_bag(weight, input, ...)` is deprecated, and should now be `embedding_bag(input, weight, ...)`.",
      "UserWarning",
    );
    [input, weight] = [weight, input];
  }
  let psw = o.perSampleWeights ?? null;
  if (psw !== null && asTensor(psw, "per_sample_weights").shape.join() !== input.shape.join()) {
    throw new ValueError(
      `embedding_bag: If per_sample_weights (${pySize(psw.shape)}) is not None, then it must have the same shape as the input (${pySize(input.shape)})`,
    );
  }
  const temps: Tensor[] = [];
  let offsets = o.offsets ?? null;
  let idx = input;
  if (input.dim() === 2) {
    if (offsets !== null) {
      throw new ValueError(
        "if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences. " +
          "However, found offsets of type <class 'torch.Tensor'>",
      );
    }
    offsets = arangeLike(input, input.numel(), input.size(1));
    idx = input.reshape([-1]);
    temps.push(offsets, idx);
    if (psw !== null) {
      psw = psw.reshape([-1]);
      temps.push(psw);
    }
  } else if (input.dim() === 1) {
    if (offsets === null) throw new ValueError("offsets has to be a 1D Tensor but got None");
    if (asTensor(offsets, "offsets").dim() !== 1) throw new ValueError("offsets has to be a 1D Tensor");
  } else {
    throw new ValueError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.dim()}`);
  }
  const mode = o.mode ?? "mean";
  const scaleGradByFreq = o.scaleGradByFreq ?? false;
  const sparse = o.sparse ?? false;
  const modeEnum = ({ sum: 0, mean: 1, max: 2 } as Record<string, number>)[mode];
  if (modeEnum === undefined) throw new ValueError("mode has to be one of sum, mean or max");
  if (modeEnum === 2) {
    if (scaleGradByFreq) throw new ValueError("max mode does not support scaling the gradient by the frequency");
    if (sparse) throw new ValueError("max mode does not support sparse weights");
  }
  if (o.maxNorm != null) {
    // _no_grad_embedding_renorm_, as in embedding above: through weight.detach().
    const w = weight.detach();
    native.embeddingRenorm_(
      w.handle,
      idx.handle,
      checkNumber(o.maxNorm, "max_norm"),
      checkNumber(o.normType ?? 2, "norm_type"),
    );
    w.dispose();
  }
  if (psw !== null && mode !== "sum") {
    throw new NotImplementedError(
      `embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`,
    );
  }
  const out = new Tensor(
    native.embeddingBag(weight.handle, idx.handle, offsets.handle, {
      scaleGradByFreq,
      mode: modeEnum,
      sparse,
      perSampleWeights: psw === null ? undefined : psw.handle,
      includeLastOffset: o.includeLastOffset ?? false,
      paddingIdx: o.paddingIdx == null ? undefined : checkInt(o.paddingIdx, "padding_idx"),
    }),
  );
  for (const t of temps) t.dispose();
  return out;
}
/** torch.arange(0, n, step) in the dtype and on the device of `like`. */
function arangeLike(like: Tensor, n: number, step: number): Tensor {
  return arange(0, n, step, { dtype: like.dtype, device: like.device });
}

/** Options of {@link fractionalMaxPool2d} / {@link fractionalMaxPool3d} (PyTorch's keyword arguments). */
export interface FractionalMaxPoolOptions {
  outputSize?: number | number[] | null;
  outputRatio?: number | number[] | null;
  returnIndices?: boolean;
  /** The per-channel uniform samples that place the pooling regions (drawn with torch.rand when absent). */
  randomSamples?: Tensor | null;
}
function fractionalMaxPool(x: Tensor, kernelSize: number | number[], o: FractionalMaxPoolOptions, n: 2 | 3) {
  const fn = `fractional_max_pool${n}d`;
  asTensor(x, "input");
  checkKwargsObj(o, ["outputSize", "outputRatio", "returnIndices", "randomSamples"], fn);
  if (o.outputSize == null && o.outputRatio == null)
    throw new ValueError(`${fn} requires specifying either an output_size or an output_ratio`);
  let size: number[];
  if (o.outputSize == null) {
    const r = o.outputRatio as number | number[];
    const ratio = typeof r === "number" ? Array(n).fill(r) : r;
    size = ratio.map((r, i) => Math.trunc(x.size(i - n) * r));
  } else {
    size = ntuple(o.outputSize, n, "output_size");
  }
  let samples = o.randomSamples ?? null;
  if (samples === null) {
    const batch = x.dim() === n + 1 ? 1 : x.size(0);
    samples = rand([batch, x.size(-n - 1), n], { dtype: x.dtype, device: x.device });
  }
  const k = ntuple(kernelSize, n, "kernel_size");
  const run = n === 2 ? native.fractionalMaxPool2d : native.fractionalMaxPool3d;
  const [out, indices] = run(x.handle, k, size, asTensor(samples, "_random_samples").handle);
  if (o.returnIndices) return [new Tensor(out), new Tensor(indices)];
  new Tensor(indices).dispose();
  return new Tensor(out);
}
/** F.fractional_max_pool2d: max pooling over pseudo-randomly placed regions to `outputSize` (or `outputRatio`). */
export function fractionalMaxPool2d(
  x: Tensor,
  kernelSize: number | number[],
  o: FractionalMaxPoolOptions & { returnIndices: true },
): [Tensor, Tensor];
export function fractionalMaxPool2d(x: Tensor, kernelSize: number | number[], o?: FractionalMaxPoolOptions): Tensor;
export function fractionalMaxPool2d(
  x: Tensor,
  kernelSize: number | number[],
  o: FractionalMaxPoolOptions = {},
): Tensor | [Tensor, Tensor] {
  return fractionalMaxPool(x, kernelSize, o, 2) as Tensor | [Tensor, Tensor];
}
/** F.fractional_max_pool3d: the 3-D {@link fractionalMaxPool2d}. */
export function fractionalMaxPool3d(
  x: Tensor,
  kernelSize: number | number[],
  o: FractionalMaxPoolOptions & { returnIndices: true },
): [Tensor, Tensor];
export function fractionalMaxPool3d(x: Tensor, kernelSize: number | number[], o?: FractionalMaxPoolOptions): Tensor;
export function fractionalMaxPool3d(
  x: Tensor,
  kernelSize: number | number[],
  o: FractionalMaxPoolOptions = {},
): Tensor | [Tensor, Tensor] {
  return fractionalMaxPool(x, kernelSize, o, 3) as Tensor | [Tensor, Tensor];
}

// ---- scaled dot-product attention

// Whether this libtorch has the operator (1.13's private attention op or 2.x's public one), asked once.
const opPresence = new Map<string, boolean>();
const hasOp = (op: string) => {
  let has = opPresence.get(op);
  if (has === undefined) {
    has = native.opOverloads(`aten::${op}`).length > 0;
    opPresence.set(op, has);
  }
  return has;
};

/**
 * F._scaled_dot_product_attention (PyTorch 1.13's private op): `[output, attnWeights]` for query
 * `(N, ..., L, E)`, key and value `(N, ..., S, E)`; a boolean `attnMask` marks what takes part.
 */
export function _scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  ...rest: unknown[]
): [Tensor, Tensor] {
  const o = bindArgs(
    rest,
    ["attnMask", "dropoutP", "needAttnWeights", "isCausal"],
    "_scaled_dot_product_attention",
    3,
  ) as {
    attnMask?: Tensor | null;
    dropoutP?: number;
    needAttnWeights?: boolean;
    isCausal?: boolean;
  };
  if (!hasOp("_scaled_dot_product_attention"))
    throw new NotImplementedError("F._scaled_dot_product_attention is PyTorch 1.13's; use F.scaledDotProductAttention");
  return callAten("_scaled_dot_product_attention", "_scaled_dot_product_attention", undefined, [
    query,
    key,
    value,
    o.attnMask ?? null,
    o.dropoutP ?? 0,
    o.needAttnWeights ?? false,
    o.isCausal ?? false,
  ]) as [Tensor, Tensor];
}

/**
 * F.scaled_dot_product_attention (PyTorch 2.x): softmax(Q K^T * scale + mask) V, with dropout and a
 * causal mask. On libtorch 1.13 it runs 1.13's `_scaled_dot_product_attention` (no `scale` there).
 */
export function scaledDotProductAttention(query: Tensor, key: Tensor, value: Tensor, ...rest: unknown[]): Tensor {
  const o = bindArgs(rest, ["attnMask", "dropoutP", "isCausal", "scale"], "scaled_dot_product_attention", 3) as {
    attnMask?: Tensor | null;
    dropoutP?: number;
    isCausal?: boolean;
    scale?: number | null;
  };
  if (hasOp("scaled_dot_product_attention")) {
    const kw: Record<string, unknown> = {
      attnMask: o.attnMask ?? null,
      dropoutP: o.dropoutP ?? 0,
      isCausal: o.isCausal ?? false,
    };
    if (o.scale != null) kw.scale = o.scale;
    return callAten("scaled_dot_product_attention", "scaled_dot_product_attention", undefined, [
      query,
      key,
      value,
      kw,
    ]) as Tensor;
  }
  if (o.scale != null) throw new NotImplementedError("scaled_dot_product_attention: scale needs libtorch 2.x");
  return _scaledDotProductAttention(
    query,
    key,
    value,
    o.attnMask ?? null,
    o.dropoutP ?? 0,
    false,
    o.isCausal ?? false,
  )[0];
}

// ---- Python's remaining functional names: dropout1d, the deprecated sigmoid/tanh, gumbel_softmax, the
// in-place activation forms and the *_with_indices pools (torch/nn/functional.py).

/** Zeroes whole channels of an [N, C, L] or [C, L] input with probability p (F.dropout1d). */
export function dropout1d(x: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  checkP(p);
  asTensor(x, "input");
  const d = x.dim();
  if (d !== 2 && d !== 3)
    throw new Error(
      `dropout1d: Expected 2D or 3D input, but received a ${d}D input. Note that dropout1d exists to provide ` +
        "channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch " +
        "dimension (i.e. 2D or 3D inputs).",
    );
  if (d === 3) return featureDropout(x, p, training, inplace);
  const out = featureDropout(x.unsqueeze(0), p, training, inplace);
  return inplace ? x : out.squeeze(0);
}
/** F.sigmoid: deprecated in PyTorch (it warns so); `x.sigmoid()`. */
export function sigmoid(x: Tensor): Tensor {
  warn("nn.functional.sigmoid is deprecated. Use torch.sigmoid instead.");
  return asTensor(x, "input").sigmoid();
}
/** F.tanh: deprecated in PyTorch (it warns so); `x.tanh()`. */
export function tanh(x: Tensor): Tensor {
  warn("nn.functional.tanh is deprecated. Use torch.tanh instead.");
  return asTensor(x, "input").tanh();
}
/**
 * F.gumbel_softmax: samples from the Gumbel-softmax distribution over `dim`; with `hard`, one-hot
 * samples whose gradient is the soft sample's (straight-through). Draws as PyTorch does (exponential_).
 */
export function gumbelSoftmax(
  logits: Tensor,
  o: { tau?: number; hard?: boolean; eps?: number; dim?: number } = {},
): Tensor {
  checkKwargsObj(o, ["tau", "hard", "eps", "dim"], "gumbel_softmax");
  const tau = checkNumber(o.tau ?? 1, "tau");
  const dim = checkInt(o.dim ?? -1, "dim");
  if ((o.eps ?? 1e-10) !== 1e-10) warn("`eps` parameter is deprecated and has no effect.");
  const gumbels = emptyLike(asTensor(logits, "logits")).exponential_().log().neg();
  const ySoft = logits.add(gumbels).div(tau).softmax(dim);
  if (!o.hard) return ySoft;
  const index = ySoft.max(dim, true)[1];
  const yHard = callAten("scatter_", "scatter_", zerosLike(logits), [dim, index, 1.0]) as Tensor;
  return yHard.sub(ySoft.detach()).add(ySoft);
}
/** F.relu_: relu in place. */
export const relu_ = (x: Tensor): Tensor => relu(x, { inplace: true });
// The in-place forms take their last argument positionally or as Python's keyword (F.elu_(x, alpha=2)).
const kwOr = <T>(v: T | Record<string, T | undefined>, key: string, dflt: T): T =>
  v !== null && typeof v === "object" ? ((v as Record<string, T | undefined>)[key] ?? dflt) : (v as T);
/** F.elu_: elu in place. */
export const elu_ = (x: Tensor, alpha: number | { alpha?: number } = 1.0): Tensor =>
  elu(x, kwOr(alpha, "alpha", 1.0), true);
/** F.celu_: celu in place. */
export const celu_ = (x: Tensor, alpha: number | { alpha?: number } = 1.0): Tensor =>
  celu(x, kwOr(alpha, "alpha", 1.0), true);
/** F.selu_: selu in place. */
export const selu_ = (x: Tensor): Tensor => selu(x, true);
/** F.leaky_relu_: leaky_relu in place. */
export const leakyRelu_ = (x: Tensor, negativeSlope: number | { negativeSlope?: number } = 0.01): Tensor =>
  leakyRelu(x, kwOr(negativeSlope, "negativeSlope", 0.01), true);
/** F.hardtanh_: hardtanh in place. */
export const hardtanh_ = (x: Tensor, minVal = -1.0, maxVal = 1.0): Tensor => hardtanh(x, minVal, maxVal, true);
/** F.rrelu_: rrelu in place. */
export const rrelu_ = (x: Tensor, lower = 1 / 8, upper = 1 / 3, training = false): Tensor =>
  rrelu(x, lower, upper, training, true);
/** F.threshold_: threshold in place. */
export const threshold_ = (x: Tensor, th: number, value: number): Tensor => threshold(x, th, value, true);
/** F.max_pool1d_with_indices: max_pool1d's [output, indices]. */
export const maxPool1dWithIndices = (x: Tensor, kernelSize: number | number[], o: MaxPoolNdOptions = {}) =>
  maxPool1d(x, kernelSize, { ...o, returnIndices: true });
/** F.max_pool2d_with_indices: max_pool2d's [output, indices]. */
export const maxPool2dWithIndices = (x: Tensor, kernelSize: number | number[], o: MaxPool2dOptions = {}) =>
  maxPool2d(x, kernelSize, { ...o, returnIndices: true });
/** F.max_pool3d_with_indices: max_pool3d's [output, indices]. */
export const maxPool3dWithIndices = (x: Tensor, kernelSize: number | number[], o: MaxPoolNdOptions = {}) =>
  maxPool3d(x, kernelSize, { ...o, returnIndices: true });
/** F.adaptive_max_pool1d_with_indices */
export const adaptiveMaxPool1dWithIndices = (x: Tensor, outputSize: number | number[]) =>
  adaptiveMaxPool1d(x, outputSize, true);
/** F.adaptive_max_pool2d_with_indices */
export const adaptiveMaxPool2dWithIndices = (x: Tensor, outputSize: number | Array<number | null>) =>
  adaptiveMaxPool2d(x, outputSize, true);
/** F.adaptive_max_pool3d_with_indices */
export const adaptiveMaxPool3dWithIndices = (x: Tensor, outputSize: number | Array<number | null>) =>
  adaptiveMaxPool3d(x, outputSize, true);
/** F.fractional_max_pool2d_with_indices */
export const fractionalMaxPool2dWithIndices = (
  x: Tensor,
  kernelSize: number | number[],
  o: FractionalMaxPoolOptions = {},
) => fractionalMaxPool2d(x, kernelSize, { ...o, returnIndices: true });
/** F.fractional_max_pool3d_with_indices */
export const fractionalMaxPool3dWithIndices = (
  x: Tensor,
  kernelSize: number | number[],
  o: FractionalMaxPoolOptions = {},
) => fractionalMaxPool3d(x, kernelSize, { ...o, returnIndices: true });
