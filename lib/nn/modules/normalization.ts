// LayerNorm, GroupNorm and InstanceNorm1d/2d/3d with PyTorch 1.13's parameters, buffers, reprs and
// input checks; the normalisation itself is ATen's (layer_norm, group_norm, instance_norm).

import { ValueError } from "../../errors";
import { Tensor } from "../../tensor";
import { checkBool, checkInt, checkNumber } from "../../utils/check";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py, pyFloat } from "../../utils/pyrepr";
import { LIBTORCH_MAJOR } from "../../utils/version";
import type { FactoryOptions } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { emptyParameter, type Parameter } from "../parameter";
import { BatchNormBase, type BatchNormOptions, lazyNormInit, lazyNormInitialize } from "./batchnorm";
import { LazyModuleMixin } from "./lazy";

export interface LayerNormOptions extends FactoryOptions {
  eps?: number;
  elementwiseAffine?: boolean;
  /** PyTorch ≥ 2.1 (a libtorch 2.x build): false leaves out the bias of the elementwise affine. */
  bias?: boolean;
}
// PyTorch 2.1 put `bias` before device and dtype.
const LAYER_NORM_ARGS = ["eps", "elementwiseAffine", ...(LIBTORCH_MAJOR >= 2 ? ["bias"] : []), "device", "dtype"];

/** LayerNorm's parameters after the required ones, in PyTorch's order. */
type LayerNormPositional = [
  eps?: number,
  elementwiseAffine?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/** Normalises over the last dimensions (normalizedShape), with a per-element weight and bias. */
export class LayerNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  readonly normalizedShape: number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  /** PyTorch's positional form: LayerNorm(normalizedShape, eps, elementwiseAffine, device, dtype). */
  constructor(normalizedShape: number | number[], ...args: LayerNormPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(normalizedShape: number | number[], ...args: ValuesThenOptions<LayerNormPositional, LayerNormOptions>);
  constructor(normalizedShape: number | number[], o?: LayerNormOptions);
  constructor(normalizedShape: number | number[], ...rest: unknown[]) {
    super();
    const o = bindArgs(rest, LAYER_NORM_ARGS, "LayerNorm.__init__", 2) as LayerNormOptions;
    this.normalizedShape =
      typeof normalizedShape === "number"
        ? [checkInt(normalizedShape, "normalized_shape")]
        : normalizedShape.map((d) => checkInt(d, "normalized_shape"));
    this.eps = checkNumber(o.eps ?? 1e-5, "eps");
    this.elementwiseAffine = checkBool(o.elementwiseAffine ?? true, "elementwiseAffine");
    const bias = checkBool(o.bias ?? true, "bias");
    if (this.elementwiseAffine) {
      this.weight = emptyParameter(this.normalizedShape, o);
      if (bias) this.bias = emptyParameter(this.normalizedShape, o);
      else this.registerParameter("bias", null);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    this.resetParameters();
  }
  resetParameters(): void {
    if (this.weight) init.ones_(this.weight);
    if (this.bias) init.zeros_(this.bias);
  }
  forward(x: Tensor): Tensor {
    return F.layerNorm(x, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
  extraRepr(): string {
    return `${py(this.normalizedShape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${py(this.elementwiseAffine)}`;
  }
}

export interface GroupNormOptions extends FactoryOptions {
  eps?: number;
  affine?: boolean;
}

/** GroupNorm's parameters after the required ones, in PyTorch's order. */
type GroupNormPositional = [
  eps?: number,
  affine?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/** Normalises each of numGroups channel groups per sample, with a per-channel weight and bias. */
export class GroupNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  readonly eps: number;
  readonly affine: boolean;
  /** PyTorch's positional form: GroupNorm(numGroups, numChannels, eps, affine, device, dtype). */
  constructor(numGroups: number, numChannels: number, ...args: GroupNormPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    numGroups: number,
    numChannels: number,
    ...args: ValuesThenOptions<GroupNormPositional, GroupNormOptions>
  );
  constructor(numGroups: number, numChannels: number, o?: GroupNormOptions);
  constructor(
    readonly numGroups: number,
    readonly numChannels: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["eps", "affine", "device", "dtype"], "GroupNorm.__init__", 3) as GroupNormOptions;
    checkInt(numGroups, "num_groups");
    checkInt(numChannels, "num_channels");
    if (numChannels % numGroups !== 0) throw new ValueError("num_channels must be divisible by num_groups");
    this.eps = checkNumber(o.eps ?? 1e-5, "eps");
    this.affine = checkBool(o.affine ?? true, "affine");
    if (this.affine) {
      this.weight = emptyParameter([numChannels], o);
      this.bias = emptyParameter([numChannels], o);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    this.resetParameters();
  }
  resetParameters(): void {
    if (this.weight && this.bias) {
      init.ones_(this.weight);
      init.zeros_(this.bias);
    }
  }
  forward(x: Tensor): Tensor {
    return F.groupNorm(x, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }
  extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pyFloat(this.eps)}, affine=${py(this.affine)}`;
  }
}

const INSTANCE_NORM_ARGS = ["eps", "momentum", "affine", "trackRunningStats", "device", "dtype"] as const;

/**
 * PyTorch's _InstanceNorm: _NormBase's parameters and buffers with affine and trackRunningStats off by
 * default; each sample's channels normalised by their own statistics (or by the running ones in eval
 * mode when tracked). An input without the batch dimension is normalised as a batch of one.
 */
export abstract class InstanceNormBase extends BatchNormBase {
  /** @internal Marks PyTorch's _InstanceNorm (not a _BatchNorm): see isBatchNorm. */
  static readonly instanceNorm = true;
  constructor(numFeatures: number, rest: unknown[]) {
    const o = bindArgs(rest, INSTANCE_NORM_ARGS, "_InstanceNorm.__init__", 2) as BatchNormOptions;
    super(numFeatures, { ...o, affine: o.affine ?? false, trackRunningStats: o.trackRunningStats ?? false });
  }
  /** The input's dimensions without a batch. */
  protected abstract readonly noBatchDim: number;

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError("InstanceNorm input must be a Tensor");
    this.checkInputDim(x);
    if (x.dim() === this.noBatchDim) {
      const batched = x.unsqueeze(0);
      const out = this.applyInstanceNorm(batched);
      const r = out.squeeze(0);
      batched.dispose();
      out.dispose();
      return r;
    }
    return this.applyInstanceNorm(x);
  }

  private applyInstanceNorm(x: Tensor): Tensor {
    return F.instanceNorm(x, {
      runningMean: this.runningMean,
      runningVar: this.runningVar,
      weight: this.weight instanceof Tensor ? this.weight : null,
      bias: this.bias instanceof Tensor ? this.bias : null,
      useInputStats: this.training || !this.trackRunningStats,
      momentum: this.momentum ?? 0.1,
      eps: this.eps,
    });
  }
}

function checkDims(x: Tensor, ok: [number, number]): void {
  const d = x.dim();
  if (!ok.includes(d)) throw new ValueError(`expected ${ok[0]}D or ${ok[1]}D input (got ${d}D input)`);
}

type InstanceNormArgs = [
  eps?: number,
  momentum?: number,
  affine?: boolean,
  trackRunningStats?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];

export class InstanceNorm1d extends InstanceNormBase {
  protected readonly noBatchDim = 2;
  /** PyTorch's positional form: InstanceNorm1d(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype). */
  constructor(numFeatures: number, ...args: InstanceNormArgs);
  constructor(numFeatures: number, o?: BatchNormOptions);
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, rest);
  }
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [2, 3]);
  }
}
export class InstanceNorm2d extends InstanceNormBase {
  protected readonly noBatchDim = 3;
  /** PyTorch's positional form: InstanceNorm2d(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype). */
  constructor(numFeatures: number, ...args: InstanceNormArgs);
  constructor(numFeatures: number, o?: BatchNormOptions);
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, rest);
  }
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [3, 4]);
  }
}
export class InstanceNorm3d extends InstanceNormBase {
  protected readonly noBatchDim = 4;
  /** PyTorch's positional form: InstanceNorm3d(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype). */
  constructor(numFeatures: number, ...args: InstanceNormArgs);
  constructor(numFeatures: number, o?: BatchNormOptions);
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, rest);
  }
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [4, 5]);
  }
}

/**
 * PyTorch's LazyInstanceNorm (_LazyNormBase + _InstanceNorm): numFeatures from the first input's size(1);
 * affine and trackRunningStats default to true here, as in PyTorch's lazy forms.
 */
abstract class LazyInstanceNormBase extends LazyModuleMixin(InstanceNormBase) {
  constructor(o: BatchNormOptions = {}) {
    super(0, [{ ...o, affine: o.affine ?? true, trackRunningStats: o.trackRunningStats ?? true }]);
    lazyNormInit(this as unknown as BatchNormBase & { factory: FactoryOptions });
  }
  resetParameters(): void {
    if (!this.hasUninitializedParams() && this.numFeatures !== 0) super.resetParameters();
  }
  initializeParameters(x: Tensor): void {
    lazyNormInitialize(this, x);
  }
}
/** nn.LazyInstanceNorm1d: an {@link InstanceNorm1d} whose `numFeatures` is read from the first input. */
export class LazyInstanceNorm1d extends LazyInstanceNormBase {
  /** The class the module becomes once initialized (PyTorch's cls_to_become). */
  static clsToBecome = InstanceNorm1d;
  protected readonly noBatchDim = 2;
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [2, 3]);
  }
}
/** nn.LazyInstanceNorm2d: an {@link InstanceNorm2d} whose `numFeatures` is read from the first input. */
export class LazyInstanceNorm2d extends LazyInstanceNormBase {
  /** The class the module becomes once initialized (PyTorch's cls_to_become). */
  static clsToBecome = InstanceNorm2d;
  protected readonly noBatchDim = 3;
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [3, 4]);
  }
}
/** nn.LazyInstanceNorm3d: an {@link InstanceNorm3d} whose `numFeatures` is read from the first input. */
export class LazyInstanceNorm3d extends LazyInstanceNormBase {
  /** The class the module becomes once initialized (PyTorch's cls_to_become). */
  static clsToBecome = InstanceNorm3d;
  protected readonly noBatchDim = 4;
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [4, 5]);
  }
}

/** LocalResponseNorm's parameters after the required ones, in PyTorch's order. */
type LocalResponseNormPositional = [alpha?: number, beta?: number, k?: number];
/**
 * LocalResponseNorm: each element divided by (k + alpha * mean of the squares of `size` neighbouring
 * channels) ** beta.
 *
 * Args: `size`, then PyTorch's positional `alpha` (1e-4), `beta` (0.75), `k` (1.0) or options.
 */
export class LocalResponseNorm extends Module {
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  constructor(size: number, ...args: LocalResponseNormPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    size: number,
    ...args: ValuesThenOptions<LocalResponseNormPositional, { alpha?: number; beta?: number; k?: number }>
  );
  constructor(size: number, o?: { alpha?: number; beta?: number; k?: number });
  constructor(
    readonly size: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["alpha", "beta", "k"], "LocalResponseNorm.__init__", 2) as {
      alpha?: number;
      beta?: number;
      k?: number;
    };
    this.alpha = o.alpha ?? 1e-4;
    this.beta = o.beta ?? 0.75;
    this.k = o.k ?? 1.0;
  }
  /** Normalizes `x` ([N, C, *], 3-D or more) over its channels. */
  forward(x: Tensor): Tensor {
    return F.localResponseNorm(x, this.size, this.alpha, this.beta, this.k);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `${py(this.size)}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}
