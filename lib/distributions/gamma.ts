// torch.distributions.Gamma, op for op as PyTorch 1.13's gamma.py.

import { xlogy } from "../aten_ops";
import { tensor } from "../creation";
import { ops } from "../ops";
import { Tensor } from "../tensor";
import { finfo } from "../type_info";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** torch._standard_gamma: Gamma(concentration, 1) draws, differentiable in the concentration. */
export function standardGamma(concentration: Tensor): Tensor {
  return ops.aten._standard_gamma(concentration) as Tensor;
}

/** distributions.Gamma(concentration, rate): the gamma distribution with shape α and rate β. */
export class Gamma extends ExponentialFamily {
  /** The shape α. */
  declare concentration: Tensor;
  /** The rate β. */
  declare rate: Tensor;

  constructor(concentration: TensorOrNumber, rate: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.concentration, this.rate] = broadcastAll(concentration, rate);
    const batchShape = typeof concentration === "number" && typeof rate === "number" ? [] : this.concentration.shape;
    this._init(batchShape, [], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive, rate: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegative;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override get _meanCarrierMeasure(): number {
    return 0;
  }
  override get mean(): Tensor {
    return this.concentration.div(this.rate);
  }
  override get mode(): Tensor {
    return this.concentration.sub(1).div(this.rate).clamp(0);
  }
  override get variance(): Tensor {
    return this.concentration.div(this.rate.pow(2));
  }
  override expand(batchShape: number[], _instance?: Gamma): Gamma {
    const n = this._checkedInstance(_instance);
    n.concentration = this.concentration.expand(batchShape);
    n.rate = this.rate.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** Standard gamma draws divided by the rate, clamped below at the dtype's tiny (outside autograd). */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const value = standardGamma(this.concentration.expand(shape)).div(this.rate.expand(shape));
    value.detach().clamp_(finfo(value.dtype).tiny);
    return value;
  }
  override logProb(value: Tensor | number): Tensor {
    const v =
      value instanceof Tensor
        ? value.to(this.rate.device, this.rate.dtype)
        : tensor(value, { dtype: this.rate.dtype, device: this.rate.device });
    if (this._validateArgs) this._validateSample(v);
    return xlogy(this.concentration, this.rate)
      .add(xlogy(this.concentration.sub(1), v))
      .sub(this.rate.mul(v))
      .sub(this.concentration.lgamma());
  }
  override entropy(): Tensor {
    return this.concentration
      .sub(this.rate.log())
      .add(this.concentration.lgamma())
      .add(this.concentration.rsub(1.0).mul(this.concentration.digamma()));
  }
  override get _naturalParams(): Tensor[] {
    return [this.concentration.sub(1), this.rate.neg()];
  }
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return x.add(1).lgamma().add(x.add(1).mul(y.reciprocal().neg().log()));
  }
}
