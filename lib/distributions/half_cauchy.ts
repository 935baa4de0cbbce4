// torch.distributions.HalfCauchy, op for op as PyTorch 1.13's half_cauchy.py.

import { full, zerosLike } from "../creation";
import type { Tensor } from "../tensor";
import { Cauchy } from "./cauchy";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { TransformedDistribution } from "./transformed_distribution";
import { AbsTransform } from "./transforms";
import { type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.HalfCauchy(scale): `|X|` for `X ~ Cauchy(0, scale)`. */
export class HalfCauchy extends TransformedDistribution {
  constructor(scale: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    const validateArgs = validateArgsOf(o);
    const baseDist = new Cauchy(0, scale, { validateArgs: false });
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
  override expand(batchShape: number[], _instance?: HalfCauchy): HalfCauchy {
    return super.expand(batchShape, this._checkedInstance(_instance)) as HalfCauchy;
  }
  /** The base Cauchy's scale. */
  get scale(): Tensor {
    return (this.baseDist as Cauchy).scale;
  }
  /** Infinite. */
  override get mean(): Tensor {
    return full(this._extendedShape(), Number.POSITIVE_INFINITY, {
      dtype: this.scale.dtype,
      device: this.scale.device,
    });
  }
  override get mode(): Tensor {
    return zerosLike(this.scale);
  }
  override get variance(): Tensor {
    return this.baseDist.variance;
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const scale = (this.baseDist as Cauchy).scale;
    value = value.to(scale.device, scale.dtype);
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
