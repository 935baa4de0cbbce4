// torch.nn.functional: argument handling as in PyTorch, the computation in ATen.

import { native } from "../native";
import { asTensor, Tensor } from "../tensor";
import { checkInt, checkNumber, pair } from "../utils/check";
import { bindArgs } from "../utils/kwargs";
import { pySize } from "../utils/pyrepr";
import type { Conv2dFunctionalOptions } from "./common_types";

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
export function maxPool2d(x: Tensor, kernelSize: number | number[], o: MaxPool2dOptions = {}): Tensor {
  const k = pair(kernelSize, "kernel_size");
  const s = o.stride == null ? k : pair(o.stride, "stride");
  const input = asTensor(x, "input").handle;
  const padding = pair(o.padding ?? 0, "padding");
  const dilation = pair(o.dilation ?? 1, "dilation");
  const ceilMode = o.ceilMode ?? false;
  return new Tensor(native.maxPool2d(input, { kernelSize: k, stride: s, padding, dilation, ceilMode }));
}

export function avgPool2d(
  x: Tensor,
  kernelSize: number | number[],
  o: {
    stride?: number | number[] | null;
    padding?: number | number[];
    ceilMode?: boolean;
    countIncludePad?: boolean;
  } = {},
): Tensor {
  const k = pair(kernelSize, "kernel_size");
  const s = o.stride == null ? k : pair(o.stride, "stride");
  const input = asTensor(x, "input").handle;
  const padding = pair(o.padding ?? 0, "padding");
  const ceilMode = o.ceilMode ?? false;
  const countIncludePad = o.countIncludePad ?? true;
  return new Tensor(native.avgPool2d(input, { kernelSize: k, stride: s, padding, ceilMode, countIncludePad }));
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
