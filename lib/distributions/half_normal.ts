// torch.distributions.HalfNormal, op for op as PyTorch 1.13's half_normal.py.

import { zerosLike } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { Normal } from "./normal";
import { TransformedDistribution } from "./transformed_distribution";
import { AbsTransform } from "./transforms";
import { type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.HalfNormal(scale): `|X|` for `X ~ Normal(0, scale)`. */
export class HalfNormal extends TransformedDistribution {
  constructor(scale: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    const validateArgs = validateArgsOf(o);
    const baseDist = new Normal(0, scale, { validateArgs: false });
    super(baseDist, new AbsTransform(), { validateArgs });
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: HalfNormal): HalfNormal {
    return super.expand(batchShape, this._checkedInstance(_instance)) as HalfNormal;
  }
  /** The base Normal's scale. */
  get scale(): Tensor {
    return (this.baseDist as Normal).scale;
  }
  override get mean(): Tensor {
    return this.scale.mul(Math.sqrt(2 / Math.PI));
  }
  override get mode(): Tensor {
    return zerosLike(this.scale);
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(1 - 2 / Math.PI);
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const logProb = this.baseDist.logProb(value).add(Math.log(2));
    return logProb.where(value.ge(0), Number.NEGATIVE_INFINITY);
  }
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.baseDist.cdf(value).mul(2).sub(1);
  }
  override icdf(prob: Tensor): Tensor {
    return this.baseDist.icdf(prob.add(1).div(2));
  }
  override entropy(): Tensor {
    return this.baseDist.entropy().sub(Math.log(2));
  }
}
