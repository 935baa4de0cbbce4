// torch.distributions.LogNormal, op for op as PyTorch 1.13's log_normal.py.

import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { Normal } from "./normal";
import { TransformedDistribution } from "./transformed_distribution";
import { ExpTransform } from "./transforms";
import { type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.LogNormal(loc, scale): `exp(X)` for `X ~ Normal(loc, scale)`. */
export class LogNormal extends TransformedDistribution {
  constructor(loc: TensorOrNumber, scale: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    const validateArgs = validateArgsOf(o);
    const baseDist = new Normal(loc, scale, { validateArgs });
    super(baseDist, new ExpTransform(), { validateArgs });
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: LogNormal): LogNormal {
    return super.expand(batchShape, this._checkedInstance(_instance)) as LogNormal;
  }
  /** The base Normal's mean. */
  get loc(): Tensor {
    return (this.baseDist as Normal).loc;
  }
  /** The base Normal's standard deviation. */
  get scale(): Tensor {
    return (this.baseDist as Normal).scale;
  }
  override get mean(): Tensor {
    return this.loc.add(this.scale.pow(2).div(2)).exp();
  }
  override get mode(): Tensor {
    return this.loc.sub(this.scale.square()).exp();
  }
  override get variance(): Tensor {
    return this.scale
      .pow(2)
      .exp()
      .sub(1)
      .mul(this.loc.mul(2).add(this.scale.pow(2)).exp());
  }
  override entropy(): Tensor {
    return this.baseDist.entropy().add(this.loc);
  }
}
