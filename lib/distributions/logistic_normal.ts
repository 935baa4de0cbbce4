// torch.distributions.LogisticNormal, op for op as PyTorch 1.13's logistic_normal.py.

import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { Distribution, DistributionOptions } from "./distribution";
import type { Independent } from "./independent";
import { Normal } from "./normal";
import { TransformedDistribution } from "./transformed_distribution";
import { StickBreakingTransform } from "./transforms";
import { type TensorOrNumber, validateArgsOf } from "./utils";

/**
 * distributions.LogisticNormal(loc, scale): the stick-breaking transform of `Normal(loc, scale)`, a
 * distribution on the simplex of one more dimension than loc's last.
 */
export class LogisticNormal extends TransformedDistribution {
  constructor(loc: TensorOrNumber, scale: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    const validateArgs = validateArgsOf(o);
    let baseDist: Distribution = new Normal(loc, scale, { validateArgs });
    if (baseDist.batchShape.length === 0) baseDist = baseDist.expand([1]);
    super(baseDist, new StickBreakingTransform(), { validateArgs });
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.simplex;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: LogisticNormal): LogisticNormal {
    return super.expand(batchShape, this._checkedInstance(_instance)) as LogisticNormal;
  }
  /** The base Normal's mean. */
  get loc(): Tensor {
    return ((this.baseDist as Independent).baseDist as Normal).loc;
  }
  /** The base Normal's standard deviation. */
  get scale(): Tensor {
    return ((this.baseDist as Independent).baseDist as Normal).scale;
  }
}
