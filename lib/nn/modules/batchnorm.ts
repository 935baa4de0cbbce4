// BatchNorm1d/2d/3d and their Lazy forms, with _BatchNorm.forward's exact rules: which statistics
// normalise, when running averages update, and the cumulative average when momentum is null.

import { ones, tensor, zeros } from "../../creation";
import { isCurrentStreamCapturing } from "../../cuda/graphs";
import { Tensor } from "../../tensor";
import { checkInt, checkNumber } from "../../utils/check";
import { bindArgs, checkKwargs, type ValuesThenOptions } from "../../utils/kwargs";
import { py, pyFloat } from "../../utils/pyrepr";
import type { FactoryOptions } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { type LoadStateDictContext, Module } from "../module";
import { emptyParameter, Parameter, UninitializedParameter } from "../parameter";
import { LazyModuleMixin } from "./lazy";

/** Keyword arguments of the BatchNorm layers; other keys are TypeErrors. */
export interface BatchNormOptions extends FactoryOptions {
  /** Added to the variance for numerical stability (default 1e-5). */
  eps?: number;
  /** null: cumulative moving average */
  momentum?: number | null;
  /** Learn a per-channel scale (`weight`) and shift (`bias`) (default true). */
  affine?: boolean;
  /**
   * Keep running mean and variance for evaluation mode (default true); without them batch statistics are used always.
   */
  trackRunningStats?: boolean;
}

const BATCHNORM_OPTIONS = ["eps", "momentum", "affine", "trackRunningStats", "device", "dtype"] as const;
/** The BatchNorm parameters after numFeatures, in PyTorch's order. */
type BatchNormPositional = [
  eps?: number,
  momentum?: number | null,
  affine?: boolean,
  trackRunningStats?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];

/** PyTorch's _NormBase + _BatchNorm. */
export abstract class BatchNormBase extends Module {
  // 2: num_batches_tracked was added; older state dicts load without it.
  static _version = 2;

  /** C, the number of channels. */
  numFeatures: number;
  /** The value added to the variance. */
  readonly eps: number;
  /** The weight of the current batch in the running averages; null for a cumulative average. */
  momentum: number | null;
  /** Whether the layer has `weight` and `bias`. */
  readonly affine: boolean;
  /** Whether the layer keeps running statistics. */
  /** Python's track_running_stats; assignable, as in PyTorch (forward reads it each call). */
  trackRunningStats: boolean;
  declare weight: Parameter | UninitializedParameter | null;
  declare bias: Parameter | UninitializedParameter | null;
  /** The device and dtype the layer was created with. */
  readonly factory: FactoryOptions;

  constructor(numFeatures: number, o: BatchNormOptions) {
    super();
    if (o === null || typeof o !== "object") throw new TypeError("options must be an object");
    checkKwargs(o, BATCHNORM_OPTIONS, `${new.target.name}.__init__`);
    this.numFeatures = checkInt(numFeatures, "numFeatures");
    this.eps = checkNumber(o.eps ?? 1e-5, "eps");
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum === null ? null : checkNumber(o.momentum, "momentum");
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    if (typeof this.affine !== "boolean") throw new TypeError("affine must be a boolean");
    if (typeof this.trackRunningStats !== "boolean") throw new TypeError("trackRunningStats must be a boolean");
    this.factory = { device: o.device, dtype: o.dtype };
    if (this.affine) {
      this.weight = emptyParameter([numFeatures], this.factory);
      this.bias = emptyParameter([numFeatures], this.factory);
    } else {
      this.registerParameter("weight", null);
      this.registerParameter("bias", null);
    }
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", zeros([numFeatures], this.factory));
      this.registerBuffer("running_var", ones([numFeatures], this.factory));
      this.registerBuffer("num_batches_tracked", tensor(0, { dtype: "int64", device: this.factory.device }));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
    this.resetParameters();
  }

  /** The `running_mean` buffer, or null without running statistics. */
  get runningMean(): Tensor | null {
    return this.getBuffer("running_mean");
  }
  /** The `running_var` buffer, or null without running statistics. */
  get runningVar(): Tensor | null {
    return this.getBuffer("running_var");
  }
  /** The `num_batches_tracked` buffer (int64), or null without running statistics. */
  get numBatchesTracked(): Tensor | null {
    return this.getBuffer("num_batches_tracked");
  }

  /** Resets running mean to 0, running variance to 1 and the batch count to 0. */
  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    this.runningMean?.zero_();
    this.runningVar?.fill_(1);
    this.numBatchesTracked?.zero_();
  }
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight instanceof Parameter && this.bias instanceof Parameter) {
      init.ones_(this.weight);
      init.zeros_(this.bias);
    }
  }

  /** @internal */
  _loadFromStateDict(ctx: LoadStateDictContext): void {
    const { stateDict, prefix } = ctx;
    const version = ctx.localMetadata.version;
    if ((version === undefined || version < 2) && this.trackRunningStats) {
      // Version 1 state dicts have no num_batches_tracked: it starts at 0.
      const key = `${prefix}num_batches_tracked`;
      if (!stateDict.has(key)) stateDict.set(key, tensor(0, { dtype: "int64" }));
    }
    super._loadFromStateDict(ctx);
  }

  protected abstract checkInputDim(x: Tensor): void;

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError("BatchNorm input must be a Tensor");
    this.checkInputDim(x);
    let factor = this.momentum === null ? 0.0 : this.momentum;
    if (this.training && this.trackRunningStats) {
      const nbt = this.numBatchesTracked;
      if (nbt) {
        nbt.add_(1);
        if (this.momentum === null && isCurrentStreamCapturing()) {
          throw new Error(
            "BatchNorm with momentum=None reads num_batches_tracked on the host (factor 1 / " +
              "num_batches_tracked), which a CUDA graph cannot capture; give it a numeric momentum to train it in a graph",
          );
        }
        factor = this.momentum === null ? 1.0 / Number(nbt.item()) : this.momentum;
      }
    }
    const bnTraining = this.training ? true : this.runningMean === null && this.runningVar === null;
    const useStats = !this.training || this.trackRunningStats;
    return this.normalize(x, useStats ? this.runningMean : null, useStats ? this.runningVar : null, bnTraining, factor);
  }

  /** F.batch_norm with this module's affine parameters; SyncBatchNorm replaces it in training. */
  protected normalize(
    x: Tensor,
    runningMean: Tensor | null,
    runningVar: Tensor | null,
    training: boolean,
    momentum: number,
  ): Tensor {
    const weight = this.weight instanceof Tensor ? this.weight : null;
    const bias = this.bias instanceof Tensor ? this.bias : null;
    return F.batchNorm(x, runningMean, runningVar, { weight, bias, training, momentum, eps: this.eps });
  }

  extraRepr(): string {
    return (
      `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? "None" : py(this.momentum)}, ` +
      `affine=${py(this.affine)}, track_running_stats=${py(this.trackRunningStats)}`
    );
  }
}

function checkDims(x: Tensor, ok: number[], label: string): void {
  const d = x.dim();
  if (!ok.includes(d)) throw new Error(`expected ${label} input (got ${d}D input)`);
}

/**
 * nn.BatchNorm1d: batch normalization over a 2-d or 3-d input.
 *
 * Normalizes each channel with the batch's mean and (biased) variance in training, and with the running
 * estimates in evaluation mode; then scales and shifts with `weight` and `bias` when `affine`.
 *
 * @param numFeatures - C, the number of channels.
 * @param o - {@link BatchNormOptions}: `eps`, `momentum`, `affine`, `trackRunningStats`, `device`, `dtype`.
 *
 * Shape: input `(N, C)` or `(N, C, L)`; output the same.
 */
export class BatchNorm1d extends BatchNormBase {
  /** PyTorch's positional form: BatchNorm1d(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype). */
  constructor(numFeatures: number, ...args: BatchNormPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(numFeatures: number, ...args: ValuesThenOptions<BatchNormPositional, BatchNormOptions>);
  constructor(numFeatures: number, o?: BatchNormOptions);
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, bindArgs(rest, BATCHNORM_OPTIONS, "BatchNorm1d.__init__", 2) as BatchNormOptions);
  }
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [2, 3], "2D or 3D");
  }
}
/**
 * nn.BatchNorm2d: batch normalization over a 4-d input (per channel of an image batch).
 *
 * In training, each channel is normalized with the batch's mean and biased variance over `(N, H, W)`,
 * and the running estimates are updated with `momentum` (unbiased variance, as PyTorch). In evaluation
 * mode the running estimates are used. `weight` and `bias` (when `affine`) scale and shift the result.
 *
 * @param numFeatures - C, the number of channels.
 * @param o - {@link BatchNormOptions}: `eps` (1e-5), `momentum` (0.1; null: cumulative average),
 *   `affine` (true), `trackRunningStats` (true), `device`, `dtype`.
 *
 * Shape: input `(N, C, H, W)`; output the same.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm2d(16);                     // or { affine: false, momentum: null }
 * const y = bn.forward(torch.randn([8, 16, 32, 32]));     // training: batch statistics
 * bn.eval();
 * const z = bn.forward(torch.randn([1, 16, 32, 32]));     // evaluation: running statistics
 * console.log(bn.runningMean?.shape, bn.numBatchesTracked?.item()); // [16] 1
 * ```
 */
export class BatchNorm2d extends BatchNormBase {
  /** PyTorch's positional form: BatchNorm2d(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype). */
  constructor(numFeatures: number, ...args: BatchNormPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(numFeatures: number, ...args: ValuesThenOptions<BatchNormPositional, BatchNormOptions>);
  constructor(numFeatures: number, o?: BatchNormOptions);
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, bindArgs(rest, BATCHNORM_OPTIONS, "BatchNorm2d.__init__", 2) as BatchNormOptions);
  }
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [4], "4D");
  }
}
/**
 * nn.BatchNorm3d: batch normalization over a 5-d input.
 *
 * @param numFeatures - C, the number of channels.
 * @param o - {@link BatchNormOptions}.
 *
 * Shape: input `(N, C, D, H, W)`; output the same.
 */
export class BatchNorm3d extends BatchNormBase {
  /** PyTorch's positional form: BatchNorm3d(numFeatures, eps, momentum, affine, trackRunningStats, device, dtype). */
  constructor(numFeatures: number, ...args: BatchNormPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(numFeatures: number, ...args: ValuesThenOptions<BatchNormPositional, BatchNormOptions>);
  constructor(numFeatures: number, o?: BatchNormOptions);
  constructor(numFeatures: number, ...rest: unknown[]) {
    super(numFeatures, bindArgs(rest, BATCHNORM_OPTIONS, "BatchNorm3d.__init__", 2) as BatchNormOptions);
  }
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [5], "5D");
  }
}

/**
 * isinstance(m, torch.nn.modules.batchnorm._BatchNorm): the BatchNorms (lazy and sync ones too), not the
 * InstanceNorms, which share BatchNormBase here but are _NormBase only in PyTorch.
 */
export function isBatchNorm(m: unknown): m is BatchNormBase {
  return m instanceof BatchNormBase && !(m.constructor as { instanceNorm?: boolean }).instanceNorm;
}

/**
 * @internal PyTorch's _LazyNormBase.__init__ after the base's: uninitialized weight, bias and running
 * statistics where affine / trackRunningStats ask for them (shared by the lazy BatchNorms and InstanceNorms).
 */
export function lazyNormInit(m: BatchNormBase & { factory: FactoryOptions }): void {
  if (m.affine) {
    m.weight = new UninitializedParameter(false, m.factory);
    m.bias = new UninitializedParameter(false, m.factory);
  }
  if (m.trackRunningStats) {
    m.registerBuffer("running_mean", new UninitializedParameter(true, m.factory));
    m.registerBuffer("running_var", new UninitializedParameter(true, m.factory));
  }
}

/** @internal _LazyNormBase.initialize_parameters: numFeatures from input.size(1), then the real tensors. */
export function lazyNormInitialize(m: BatchNormBase & { hasUninitializedParams(): boolean }, x: Tensor): void {
  if (!m.hasUninitializedParams()) return;
  if (!(x instanceof Tensor)) throw new TypeError("BatchNorm input must be a Tensor");
  m.numFeatures = x.size(1);
  const materialize = (name: string, slot: Map<string, unknown>): void => {
    const u = slot.get(name);
    if (!(u instanceof UninitializedParameter)) return;
    const t = u.materialize([m.numFeatures]);
    if (u.isBuffer) m.registerBuffer(name, t);
    else {
      m.registerParameter(name, new Parameter(t));
      t.dispose();
    }
  };
  if (m.affine) {
    materialize("weight", m._parameters);
    materialize("bias", m._parameters);
  }
  if (m.trackRunningStats) {
    materialize("running_mean", m._buffers);
    materialize("running_var", m._buffers);
  }
  m.resetParameters();
}

/** PyTorch's _LazyNormBase: numFeatures comes from input.size(1) at the first forward. */
abstract class LazyNormBase extends LazyModuleMixin(BatchNormBase) {
  constructor(o: BatchNormOptions = {}) {
    super(0, o);
    lazyNormInit(this);
  }
  resetParameters(): void {
    if (!this.hasUninitializedParams() && this.numFeatures !== 0) super.resetParameters();
  }
  initializeParameters(x: Tensor): void {
    lazyNormInitialize(this, x);
  }
}
/** nn.LazyBatchNorm1d: a {@link BatchNorm1d} whose `numFeatures` is read from the first input's `size(1)`. */
export class LazyBatchNorm1d extends LazyNormBase {
  /** The class the module becomes once initialized (PyTorch's cls_to_become). */
  static clsToBecome = BatchNorm1d;
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [2, 3], "2D or 3D");
  }
}
/** nn.LazyBatchNorm2d: a {@link BatchNorm2d} whose `numFeatures` is read from the first input's `size(1)`. */
export class LazyBatchNorm2d extends LazyNormBase {
  /** The class the module becomes once initialized (PyTorch's cls_to_become). */
  static clsToBecome = BatchNorm2d;
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [4], "4D");
  }
}
/** nn.LazyBatchNorm3d: a {@link BatchNorm3d} whose `numFeatures` is read from the first input's `size(1)`. */
export class LazyBatchNorm3d extends LazyNormBase {
  /** The class the module becomes once initialized (PyTorch's cls_to_become). */
  static clsToBecome = BatchNorm3d;
  protected checkInputDim(x: Tensor): void {
    checkDims(x, [5], "5D");
  }
}
