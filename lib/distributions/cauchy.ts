// torch.distributions.Cauchy, op for op as PyTorch 1.13's cauchy.py.

import { empty, full } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Cauchy(loc, scale): the Cauchy (Lorentz) distribution with median `loc` and half width `scale`. */
export class Cauchy extends Distribution {
  /** The median (mode). */
  declare loc: Tensor;
  /** The half width at half maximum. */
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
  override expand(batchShape: number[], _instance?: Cauchy): Cauchy {
    const n = this._checkedInstance(_instance);
    n.loc = this.loc.expand(batchShape);
    n.scale = this.scale.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** NaN: the Cauchy distribution has no mean. */
  override get mean(): Tensor {
    return full(this._extendedShape(), Number.NaN, { dtype: this.loc.dtype, device: this.loc.device });
  }
  override get mode(): Tensor {
    return this.loc;
  }
  /** Infinite. */
  override get variance(): Tensor {
    return full(this._extendedShape(), Number.POSITIVE_INFINITY, { dtype: this.loc.dtype, device: this.loc.device });
  }
  /** `loc + eps * scale` with standard Cauchy `eps` (Tensor.cauchy_). */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const eps = empty(shape, { dtype: this.loc.dtype, device: this.loc.device }).cauchy_();
    return this.loc.add(eps.mul(this.scale));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.scale.log().rsub(-Math.log(Math.PI)).sub(value.sub(this.loc).div(this.scale).pow(2).add(1).log());
  }
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return value.sub(this.loc).div(this.scale).atan().div(Math.PI).add(0.5);
  }
  override icdf(value: Tensor): Tensor {
    return value.sub(0.5).mul(Math.PI).tan().mul(this.scale).add(this.loc);
  }
  override entropy(): Tensor {
    return this.scale.log().add(Math.log(4 * Math.PI));
  }
}
