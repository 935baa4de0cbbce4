// torch.distributions.Pareto, op for op as PyTorch 1.13's pareto.py.

import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { Exponential } from "./exponential";
import { DEFER_INIT, TransformedDistribution } from "./transformed_distribution";
import { AffineTransform, ExpTransform } from "./transforms";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Pareto(scale, alpha): the Pareto type I distribution, `scale * exp(E)` for `E ~ Exponential(alpha)`. */
export class Pareto extends TransformedDistribution {
  /** The scale (the support's lower bound). */
  declare scale: Tensor;
  /** The shape α. */
  declare alpha: Tensor;

  constructor(scale: TensorOrNumber, alpha: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super(DEFER_INIT, []);
    const validateArgs = validateArgsOf(o);
    [this.scale, this.alpha] = broadcastAll(scale, alpha);
    const baseDist = new Exponential(this.alpha, { validateArgs });
    const transforms = [new ExpTransform(), new AffineTransform(0, this.scale)];
    this._initTransformed(baseDist, transforms, validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { alpha: constraints.positive, scale: constraints.positive };
  }
  override expand(batchShape: number[], _instance?: Pareto): Pareto {
    const n = this._checkedInstance(_instance);
    n.scale = this.scale.expand(batchShape);
    n.alpha = this.alpha.expand(batchShape);
    return super.expand(batchShape, n) as Pareto;
  }
  /** Infinite for alpha <= 1. */
  override get mean(): Tensor {
    const a = this.alpha.clamp(1);
    return a.mul(this.scale).div(a.sub(1));
  }
  override get mode(): Tensor {
    return this.scale;
  }
  /** Infinite for alpha <= 2. */
  override get variance(): Tensor {
    const a = this.alpha.clamp(2);
    return this.scale
      .pow(2)
      .mul(a)
      .div(a.sub(1).pow(2).mul(a.sub(2)));
  }
  /** `[scale, inf)`. */
  override get support(): constraints.Constraint {
    return constraints.greaterThanEq(this.scale);
  }
  override entropy(): Tensor {
    return this.scale.div(this.alpha).log().add(this.alpha.reciprocal().add(1));
  }
}
