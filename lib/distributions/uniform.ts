// torch.distributions.Uniform, op for op as PyTorch 1.13's uniform.py.

import { rand } from "../creation";
import { ValueError } from "../errors";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Uniform(low, high): uniform on the half-open interval `[low, high)`. */
export class Uniform extends Distribution {
  /** The lower bound (inclusive). */
  declare low: Tensor;
  /** The upper bound (exclusive). */
  declare high: Tensor;

  constructor(low: TensorOrNumber, high: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.low, this.high] = broadcastAll(low, high);
    const batchShape = typeof low === "number" && typeof high === "number" ? [] : this.low.shape;
    this._init(batchShape, [], validateArgs);
    if (this._validateArgs && !this.low.lt(this.high).all().item())
      throw new ValueError("Uniform is not defined when low>= high");
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return {
      low: constraints.dependent.call({ isDiscrete: false, eventDim: 0 }),
      high: constraints.dependent.call({ isDiscrete: false, eventDim: 0 }),
    };
  }
  override get hasRsample(): boolean {
    return true;
  }
  override get mean(): Tensor {
    return this.high.add(this.low).div(2);
  }
  /** NaN: every point of the interval is a mode. */
  override get mode(): Tensor {
    return this.high.mul(Number.NaN);
  }
  override get stddev(): Tensor {
    return this.high.sub(this.low).div(12 ** 0.5);
  }
  override get variance(): Tensor {
    return this.high.sub(this.low).pow(2).div(12);
  }
  override expand(batchShape: number[], _instance?: Uniform): Uniform {
    const n = this._checkedInstance(_instance);
    n.low = this.low.expand(batchShape);
    n.high = this.high.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** The interval `[low, high]`. */
  override get support(): constraints.Constraint {
    return constraints.interval(this.low, this.high);
  }
  /** `low + rand * (high - low)`. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const r = rand(shape, { dtype: this.low.dtype, device: this.low.device });
    return this.low.add(r.mul(this.high.sub(this.low)));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const lb = this.low.le(value).typeAs(this.low);
    const ub = this.high.gt(value).typeAs(this.low);
    return lb.mul(ub).log().sub(this.high.sub(this.low).log());
  }
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const result = value.sub(this.low).div(this.high.sub(this.low));
    return result.clamp(0, 1);
  }
  override icdf(value: Tensor): Tensor {
    return value.mul(this.high.sub(this.low)).add(this.low);
  }
  override entropy(): Tensor {
    return this.high.sub(this.low).log();
  }
}
