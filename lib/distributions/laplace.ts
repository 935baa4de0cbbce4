// torch.distributions.Laplace, op for op as PyTorch 1.13's laplace.py.

import type { Tensor } from "../tensor";
import { finfo } from "../type_info";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Laplace(loc, scale): the Laplace (double exponential) distribution. */
export class Laplace extends Distribution {
  /** The location (mean). */
  declare loc: Tensor;
  /** The scale b. */
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
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return this.scale.pow(2).mul(2);
  }
  override get stddev(): Tensor {
    return this.scale.mul(2 ** 0.5);
  }
  override expand(batchShape: number[], _instance?: Laplace): Laplace {
    const n = this._checkedInstance(_instance);
    n.loc = this.loc.expand(batchShape);
    n.scale = this.scale.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** `loc - scale * sign(u) * log1p(-|u|)` with u uniform on [eps - 1, 1). */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const fi = finfo(this.loc.dtype);
    const u = this.loc.newEmpty(shape).uniform_(fi.eps - 1, 1);
    return this.loc.sub(this.scale.mul(u.sign()).mul(u.abs().neg().log1p()));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.scale.mul(2).log().neg().sub(value.sub(this.loc).abs().div(this.scale));
  }
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const d = value.sub(this.loc);
    return d.sign().mul(0.5).mul(value.sub(this.loc).abs().neg().div(this.scale).expm1()).rsub(0.5);
  }
  override icdf(value: Tensor): Tensor {
    const term = value.sub(0.5);
    return this.loc.sub(this.scale.mul(term.sign()).mul(term.abs().mul(-2).log1p()));
  }
  override entropy(): Tensor {
    return this.scale.mul(2).log().add(1);
  }
}
