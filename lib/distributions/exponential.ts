// torch.distributions.Exponential, op for op as PyTorch 1.13's exponential.py.

import { zerosLike } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Exponential(rate): the exponential distribution with rate `rate` (mean 1/rate). */
export class Exponential extends ExponentialFamily {
  /** The rate λ. */
  declare rate: Tensor;

  constructor(rate: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.rate] = broadcastAll(rate);
    const batchShape = typeof rate === "number" ? [] : this.rate.shape;
    this._init(batchShape, [], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override get _meanCarrierMeasure(): number {
    return 0;
  }
  override get mean(): Tensor {
    return this.rate.reciprocal();
  }
  override get mode(): Tensor {
    return zerosLike(this.rate);
  }
  override get stddev(): Tensor {
    return this.rate.reciprocal();
  }
  override get variance(): Tensor {
    return this.rate.pow(-2);
  }
  override expand(batchShape: number[], _instance?: Exponential): Exponential {
    const n = this._checkedInstance(_instance);
    n.rate = this.rate.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** `exponential_()` draws divided by the rate. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return this.rate.newEmpty(shape).exponential_().div(this.rate);
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.rate.log().sub(this.rate.mul(value));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.rate.neg().mul(value).exp().rsub(1);
  }
  override icdf(value: Tensor): Tensor {
    return value.rsub(1).log().neg().div(this.rate);
  }
  override entropy(): Tensor {
    return this.rate.log().rsub(1.0);
  }
  override get _naturalParams(): Tensor[] {
    return [this.rate.neg()];
  }
  override _logNormalizer(x: Tensor): Tensor {
    return x.neg().log().neg();
  }
}
