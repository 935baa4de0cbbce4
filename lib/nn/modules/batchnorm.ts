// BatchNorm1d/2d/3d and their Lazy forms, with _BatchNorm.forward's exact rules: which statistics
// normalise, when running averages update, and the cumulative average when momentum is null.
import { isCurrentStreamCapturing } from "../../cuda/graphs";
import { Module } from "../module";
import { Parameter, UninitializedParameter, emptyParameter } from "../parameter";
import { Tensor } from "../../tensor";
import { zeros, ones, tensor } from "../../creation";
import * as F from "../functional";
import * as init from "../init";
import { checkInt, checkNumber } from "../../utils/check";
import { py, pyFloat } from "../../utils/pyrepr";
import type { FactoryOptions } from "./linear";

export interface BatchNormOptions extends FactoryOptions {
  eps?: number;
  /** null: cumulative moving average */
  momentum?: number | null;
  affine?: boolean;
  trackRunningStats?: boolean;
}

/** Passed as numFeatures by the Lazy forms. */
export const LAZY = -1;

abstract class BatchNormBase extends Module {
  numFeatures: number;
  readonly eps: number;
  momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  weight: Parameter | UninitializedParameter | null = null;
  bias: Parameter | UninitializedParameter | null = null;
  readonly factory: FactoryOptions;

  constructor(numFeatures: number, o: BatchNormOptions) {
    super();
    const lazy = numFeatures === LAZY;
    if (o === null || typeof o !== "object") throw new TypeError("options must be an object");
    this.numFeatures = lazy ? 0 : checkInt(numFeatures, "numFeatures");
    this.eps = checkNumber(o.eps ?? 1e-5, "eps");
    this.momentum = o.momentum === undefined ? 0.1 : o.momentum === null ? null : checkNumber(o.momentum, "momentum");
    this.affine = o.affine ?? true;
    this.trackRunningStats = o.trackRunningStats ?? true;
    if (typeof this.affine !== "boolean") throw new TypeError("affine must be a boolean");
    if (typeof this.trackRunningStats !== "boolean") throw new TypeError("trackRunningStats must be a boolean");
    this.factory = { device: o.device, dtype: o.dtype };
    if (this.affine) {
      if (lazy) { this.weight = new UninitializedParameter(); this.bias = new UninitializedParameter(); }
      else { this.weight = emptyParameter([numFeatures], this.factory); this.bias = emptyParameter([numFeatures], this.factory); }
    }
    this.registerParameter("weight", this.weight);
    this.registerParameter("bias", this.bias);
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", lazy ? new UninitializedParameter(true) : zeros([numFeatures], this.factory));
      this.registerBuffer("running_var", lazy ? new UninitializedParameter(true) : ones([numFeatures], this.factory));
      this.registerBuffer("num_batches_tracked", tensor(0, { dtype: "int64", device: this.factory.device }));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
    if (!lazy) this.resetParameters();
  }

  get runningMean(): Tensor | null { return this.getBuffer("running_mean"); }
  get runningVar(): Tensor | null { return this.getBuffer("running_var"); }
  get numBatchesTracked(): Tensor | null { return this.getBuffer("num_batches_tracked"); }

  resetRunningStats(): void {
    if (!this.trackRunningStats) return;
    this.runningMean!.zero_();
    this.runningVar!.fill_(1);
    this.numBatchesTracked!.zero_();
  }
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight instanceof Parameter && this.bias instanceof Parameter) {
      init.ones_(this.weight);
      init.zeros_(this.bias);
    }
  }

  protected abstract checkInputDim(x: Tensor): void;

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new TypeError("BatchNorm input must be a Tensor");
    this.checkInputDim(x);
    this.materialize(x);
    let factor = this.momentum === null ? 0.0 : this.momentum;
    if (this.training && this.trackRunningStats) {
      const nbt = this.numBatchesTracked;
      if (nbt) {
        nbt.add_(1);
        if (this.momentum === null && isCurrentStreamCapturing()) {
          throw new Error("BatchNorm with momentum=None reads num_batches_tracked on the host (factor 1 / num_batches_tracked), " +
            "which a CUDA graph cannot capture; give it a numeric momentum to train it in a graph");
        }
        factor = this.momentum === null ? 1.0 / (nbt.item() as number) : this.momentum;
      }
    }
    const bnTraining = this.training ? true : this.runningMean === null && this.runningVar === null;
    const useStats = !this.training || this.trackRunningStats;
    return F.batchNorm(x, useStats ? this.runningMean : null, useStats ? this.runningVar : null, {
      weight: this.weight as Parameter | null, bias: this.bias as Parameter | null, training: bnTraining, momentum: factor, eps: this.eps,
    });
  }

  protected materialize(_x: Tensor): void {}

  extraRepr(): string {
    return `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? "None" : py(this.momentum)}, ` +
      `affine=${py(this.affine)}, track_running_stats=${py(this.trackRunningStats)}`;
  }
}

function checkDims(x: Tensor, ok: number[], label: string): void {
  const d = x.dim();
  if (!ok.includes(d)) throw new Error(`expected ${label} input (got ${d}D input)`);
}

export class BatchNorm1d extends BatchNormBase {
  constructor(numFeatures: number, o: BatchNormOptions = {}) { super(numFeatures, o); }
  protected checkInputDim(x: Tensor): void { checkDims(x, [2, 3], "2D or 3D"); }
}
export class BatchNorm2d extends BatchNormBase {
  constructor(numFeatures: number, o: BatchNormOptions = {}) { super(numFeatures, o); }
  protected checkInputDim(x: Tensor): void { checkDims(x, [4], "4D"); }
}
export class BatchNorm3d extends BatchNormBase {
  constructor(numFeatures: number, o: BatchNormOptions = {}) { super(numFeatures, o); }
  protected checkInputDim(x: Tensor): void { checkDims(x, [5], "5D"); }
}

// Lazy forms: numFeatures comes from input.size(1) at the first forward.
function lazyMaterialize(m: BatchNormBase & { factory: FactoryOptions }, x: Tensor): void {
  if (!(m.weight instanceof UninitializedParameter) && !(m.getBuffer("running_mean") as unknown instanceof UninitializedParameter)) return;
  const n = x.size(1);
  m.numFeatures = n;
  if (m.affine) {
    m.weight = emptyParameter([n], m.factory);
    m.bias = emptyParameter([n], m.factory);
    m.registerParameter("weight", m.weight);
    m.registerParameter("bias", m.bias);
  }
  if (m.trackRunningStats) {
    m.registerBuffer("running_mean", zeros([n], m.factory));
    m.registerBuffer("running_var", ones([n], m.factory));
  }
  m.resetParameters();
}
export class LazyBatchNorm1d extends BatchNorm1d {
  constructor(o: BatchNormOptions = {}) { super(LAZY, o); }
  protected materialize(x: Tensor): void { lazyMaterialize(this as never, x); }
}
export class LazyBatchNorm2d extends BatchNorm2d {
  constructor(o: BatchNormOptions = {}) { super(LAZY, o); }
  protected materialize(x: Tensor): void { lazyMaterialize(this as never, x); }
}
export class LazyBatchNorm3d extends BatchNorm3d {
  constructor(o: BatchNormOptions = {}) { super(LAZY, o); }
  protected materialize(x: Tensor): void { lazyMaterialize(this as never, x); }
}
