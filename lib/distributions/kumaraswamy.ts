// torch.distributions.Kumaraswamy, op for op as PyTorch 1.13's kumaraswamy.py.

import { fullLike } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { DEFER_INIT, TransformedDistribution } from "./transformed_distribution";
import { AffineTransform, PowerTransform } from "./transforms";
import { Uniform } from "./uniform";
import { broadcastAll, eulerConstant, type TensorOrNumber, validateArgsOf } from "./utils";

// kumaraswamy._moments: the n-th moment `b B(1 + n / a, b)`.
function moments(a: Tensor, b: Tensor, n: number): Tensor {
  const arg1 = a.reciprocal().mul(n).add(1);
  const logValue = arg1.lgamma().add(b.lgamma()).sub(arg1.add(b).lgamma());
  return b.mul(logValue.exp());
}

/**
 * distributions.Kumaraswamy(concentration1, concentration0): the Kumaraswamy distribution on [0, 1]
 * with shapes a and b, `(1 - U^(1/b))^(1/a)` for uniform U (reparameterized).
 */
export class Kumaraswamy extends TransformedDistribution {
  /** The shape a. */
  declare concentration1: Tensor;
  /** The shape b. */
  declare concentration0: Tensor;

  constructor(
    concentration1: TensorOrNumber,
    concentration0: TensorOrNumber,
    o?: DistributionOptions | boolean | null,
  ) {
    super(DEFER_INIT, []);
    const validateArgs = validateArgsOf(o);
    [this.concentration1, this.concentration0] = broadcastAll(concentration1, concentration0);
    const baseDist = new Uniform(fullLike(this.concentration0, 0), fullLike(this.concentration0, 1), {
      validateArgs,
    });
    const transforms = [
      new PowerTransform(this.concentration0.reciprocal()),
      new AffineTransform(1.0, -1.0),
      new PowerTransform(this.concentration1.reciprocal()),
    ];
    this._initTransformed(baseDist, transforms, validateArgs);
  }
  /** The parameters' constraints: concentration1, concentration0: positive. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  /** The support: constraints.unitInterval. */
  override get support(): constraints.Constraint {
    return constraints.unitInterval;
  }
  /** True: draws transform reparameterized Uniform draws. */
  override get hasRsample(): boolean {
    return true;
  }
  /** A new Kumaraswamy with both concentrations and the base Uniform expanded to batchShape. */
  override expand(batchShape: number[], _instance?: Kumaraswamy): Kumaraswamy {
    const n = this._checkedInstance(_instance);
    n.concentration1 = this.concentration1.expand(batchShape);
    n.concentration0 = this.concentration0.expand(batchShape);
    return super.expand(batchShape, n) as Kumaraswamy;
  }
  /** The mean `b B(1 + 1/a, b)` (a: concentration1, b: concentration0). */
  override get mean(): Tensor {
    return moments(this.concentration1, this.concentration0, 1);
  }
  /** `((a - 1) / (ab - 1))^(1/a)` as PyTorch computes it; NaN where a < 1 or b < 1. */
  override get mode(): Tensor {
    const logMode = this.concentration0
      .reciprocal()
      .mul(this.concentration0.neg().log1p())
      .sub(this.concentration0.neg().mul(this.concentration1).log1p());
    logMode.indexPut_([this.concentration0.lt(1).bitwiseOr(this.concentration1.lt(1))], Number.NaN);
    return logMode.exp();
  }
  /** The variance `b B(1 + 2/a, b) - mean²`. */
  override get variance(): Tensor {
    return moments(this.concentration1, this.concentration0, 2).sub(this.mean.pow(2));
  }
  /** The entropy `(1 - 1/b) + (1 - 1/a)(ψ(b + 1) + γ) - log a - log b`. */
  override entropy(): Tensor {
    const t1 = this.concentration1.reciprocal().rsub(1);
    const t0 = this.concentration0.reciprocal().rsub(1);
    const H0 = this.concentration0.add(1).digamma().add(eulerConstant);
    return t0.add(t1.mul(H0)).sub(this.concentration1.log()).sub(this.concentration0.log());
  }
}
