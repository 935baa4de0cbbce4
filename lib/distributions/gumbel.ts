// torch.distributions.Gumbel, op for op as PyTorch 1.13's gumbel.py.

import { fullLike, onesLike } from "../creation";
import type { Tensor } from "../tensor";
import { finfo } from "../type_info";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { DEFER_INIT, TransformedDistribution } from "./transformed_distribution";
import { AffineTransform, ExpTransform } from "./transforms";
import { Uniform } from "./uniform";
import { broadcastAll, eulerConstant, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Gumbel(loc, scale): the Gumbel (type I extreme value) distribution. */
export class Gumbel extends TransformedDistribution {
  /** The location. */
  declare loc: Tensor;
  /** The scale. */
  declare scale: Tensor;

  constructor(loc: TensorOrNumber, scale: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    const validateArgs = validateArgsOf(o);
    const [l, s] = broadcastAll(loc, scale);
    const fi = finfo(l.dtype);
    const baseDist =
      typeof loc === "number" && typeof scale === "number"
        ? new Uniform(fi.tiny, 1 - fi.eps)
        : new Uniform(fullLike(l, fi.tiny), fullLike(l, 1 - fi.eps));
    const transforms = [
      new ExpTransform().inv,
      new AffineTransform(0, onesLike(s).neg()),
      new ExpTransform().inv,
      new AffineTransform(loc, s.neg()),
    ];
    super(DEFER_INIT, []);
    this.loc = l;
    this.scale = s;
    this._initTransformed(baseDist, transforms, validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override expand(batchShape: number[], _instance?: Gumbel): Gumbel {
    const n = this._checkedInstance(_instance);
    n.loc = this.loc.expand(batchShape);
    n.scale = this.scale.expand(batchShape);
    return super.expand(batchShape, n) as Gumbel;
  }
  /** Computed directly (not through the transforms) for precision. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const y = this.loc.sub(value).div(this.scale);
    return y.sub(y.exp()).sub(this.scale.log());
  }
  override get mean(): Tensor {
    return this.loc.add(this.scale.mul(eulerConstant));
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get stddev(): Tensor {
    return this.scale.mul(Math.PI / Math.sqrt(6));
  }
  override get variance(): Tensor {
    return this.stddev.pow(2);
  }
  override entropy(): Tensor {
    return this.scale.log().add(1 + eulerConstant);
  }
}
