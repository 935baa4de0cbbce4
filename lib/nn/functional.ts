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

export function pad(
  x: Tensor,
  padding: number[],
  mode: "constant" | "reflect" | "replicate" | "circular" = "constant",
): Tensor {
  return new Tensor(native.pad(asTensor(x, "input").handle, mode, padding));
}

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
