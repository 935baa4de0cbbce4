// torch.distributions.Chi2, as PyTorch 1.13's chi2.py.

import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { Gamma } from "./gamma";
import type { TensorOrNumber } from "./utils";

/** distributions.Chi2(df): the chi-squared distribution, `Gamma(df / 2, 1 / 2)`. */
export class Chi2 extends Gamma {
  constructor(df: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super(typeof df === "number" ? 0.5 * df : df.mul(0.5), 0.5, o);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive };
  }
  override expand(batchShape: number[], _instance?: Chi2): Chi2 {
    return super.expand(batchShape, this._checkedInstance(_instance)) as Chi2;
  }
  /** The degrees of freedom. */
  get df(): Tensor {
    return this.concentration.mul(2);
  }
}
