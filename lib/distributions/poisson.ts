// torch.distributions.Poisson, op for op as PyTorch 1.13's poisson.py.

import { noGrad } from "../autograd";
import { poisson } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Poisson(rate): counts with mean `rate`. */
export class Poisson extends ExponentialFamily {
  /** The rate (mean). */
  declare rate: Tensor;

  constructor(rate: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.rate] = broadcastAll(rate);
    const batchShape = typeof rate === "number" ? [] : this.rate.shape;
    this._init(batchShape, [], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { rate: constraints.nonnegative };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegativeInteger;
  }
  override get mean(): Tensor {
    return this.rate;
  }
  override get mode(): Tensor {
    return this.rate.floor();
  }
  override get variance(): Tensor {
    return this.rate;
  }
  override expand(batchShape: number[], _instance?: Poisson): Poisson {
    const n = this._checkedInstance(_instance);
    n.rate = this.rate.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** Draws with torch.poisson(rate) over the sample shape. */
  override sample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => poisson(this.rate.expand(shape)));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [rate, v] = broadcastAll(this.rate, value);
    return v.xlogy(rate).sub(rate).sub(v.add(1).lgamma());
  }
  override get _naturalParams(): Tensor[] {
    return [this.rate.log()];
  }
  override _logNormalizer(x: Tensor): Tensor {
    return x.exp();
  }
}
