// torch.distributions.Normal, op for op as PyTorch 1.13's normal.py.

import { noGrad } from "../autograd";
import { normal } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { broadcastAll, standardNormal, type TensorOrNumber, validateArgsOf } from "./utils";

/**
 * distributions.Normal(loc, scale): the normal (Gaussian) distribution with mean `loc` and standard
 * deviation `scale` (numbers or tensors, broadcast together).
 */
export class Normal extends ExponentialFamily {
  /** The mean. */
  declare loc: Tensor;
  /** The standard deviation. */
  declare scale: Tensor;

  constructor(loc: TensorOrNumber, scale: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.loc, this.scale] = broadcastAll(loc, scale);
    const batchShape = typeof loc === "number" && typeof scale === "number" ? [] : this.loc.shape;
    this._init(batchShape, [], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override get _meanCarrierMeasure(): number {
    return 0;
  }
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return this.scale;
  }
  override get variance(): Tensor {
    return this.stddev.pow(2);
  }
  override expand(batchShape: number[], _instance?: Normal): Normal {
    const n = this._checkedInstance(_instance);
    n.loc = this.loc.expand(batchShape);
    n.scale = this.scale.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** Draws with torch.normal(loc, scale) over the sample shape, without autograd history. */
  override sample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => normal(this.loc.expand(shape), this.scale.expand(shape)));
  }
  /** `loc + eps * scale` with standard normal `eps`. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const eps = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(eps.mul(this.scale));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const v = this.scale.pow(2);
    const logScale = this.scale.log();
    return value
      .sub(this.loc)
      .pow(2)
      .neg()
      .div(v.mul(2))
      .sub(logScale)
      .sub(Math.log(Math.sqrt(2 * Math.PI)));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return value.sub(this.loc).mul(this.scale.reciprocal()).div(Math.sqrt(2)).erf().add(1).mul(0.5);
  }
  override icdf(value: Tensor): Tensor {
    return this.loc.add(this.scale.mul(value.mul(2).sub(1).erfinv()).mul(Math.sqrt(2)));
  }
  override entropy(): Tensor {
    return this.scale.log().add(0.5 + 0.5 * Math.log(2 * Math.PI));
  }
  override get _naturalParams(): Tensor[] {
    return [this.loc.div(this.scale.pow(2)), this.scale.pow(2).reciprocal().mul(-0.5)];
  }
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return x.pow(2).mul(-0.25).div(y).add(y.reciprocal().mul(-Math.PI).log().mul(0.5));
  }
}
