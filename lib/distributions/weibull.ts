// torch.distributions.Weibull, op for op as PyTorch 1.13's weibull.py.

import { onesLike } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { Distribution, DistributionOptions } from "./distribution";
import { Exponential } from "./exponential";
import { DEFER_INIT, TransformedDistribution } from "./transformed_distribution";
import { AffineTransform, PowerTransform } from "./transforms";
import { broadcastAll, eulerConstant, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Weibull(scale, concentration): `scale * E ** (1 / concentration)` for `E ~ Exponential(1)`. */
export class Weibull extends TransformedDistribution {
  /** The scale λ. */
  declare scale: Tensor;
  /** The shape k. */
  declare concentration: Tensor;
  /** 1 / k. */
  declare concentrationReciprocal: Tensor;

  constructor(scale: TensorOrNumber, concentration: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super(DEFER_INIT, []);
    const validateArgs = validateArgsOf(o);
    [this.scale, this.concentration] = broadcastAll(scale, concentration);
    this.concentrationReciprocal = this.concentration.reciprocal();
    const baseDist = new Exponential(onesLike(this.scale), { validateArgs });
    const transforms = [new PowerTransform(this.concentrationReciprocal), new AffineTransform(0, this.scale)];
    this._initTransformed(baseDist, transforms, validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { scale: constraints.positive, concentration: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  override expand(batchShape: number[], _instance?: Weibull): Weibull {
    const n = this._checkedInstance(_instance);
    n.scale = this.scale.expand(batchShape);
    n.concentration = this.concentration.expand(batchShape);
    n.concentrationReciprocal = n.concentration.reciprocal();
    const baseDist: Distribution = this.baseDist.expand(batchShape);
    const transforms = [new PowerTransform(n.concentrationReciprocal), new AffineTransform(0, n.scale)];
    n._initTransformed(baseDist, transforms, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  override get mean(): Tensor {
    return this.scale.mul(this.concentrationReciprocal.add(1).lgamma().exp());
  }
  override get mode(): Tensor {
    return this.scale.mul(this.concentration.sub(1).div(this.concentration).pow(this.concentration.reciprocal()));
  }
  override get variance(): Tensor {
    return this.scale
      .pow(2)
      .mul(
        this.concentrationReciprocal
          .mul(2)
          .add(1)
          .lgamma()
          .exp()
          .sub(this.concentrationReciprocal.add(1).lgamma().mul(2).exp()),
      );
  }
  override entropy(): Tensor {
    return this.concentrationReciprocal
      .rsub(1)
      .mul(eulerConstant)
      .add(this.scale.mul(this.concentrationReciprocal).log())
      .add(1);
  }
}
