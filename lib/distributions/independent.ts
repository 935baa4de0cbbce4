// torch.distributions.Independent, as PyTorch 1.13's independent.py.

import { NotImplementedError, ValueError } from "../errors";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { sumRightmost, validateArgsOf } from "./utils";

/**
 * distributions.Independent(baseDistribution, reinterpretedBatchNdims): reinterprets the rightmost
 * `reinterpretedBatchNdims` batch dimensions of the base distribution as event dimensions (logProb
 * sums over them).
 */
export class Independent extends Distribution {
  /** The wrapped distribution. */
  declare baseDist: Distribution;
  /** How many batch dimensions become event dimensions. */
  declare reinterpretedBatchNdims: number;

  constructor(
    baseDistribution: Distribution,
    reinterpretedBatchNdims: number,
    o?: DistributionOptions | boolean | null,
  ) {
    super();
    const validateArgs = validateArgsOf(o);
    if (reinterpretedBatchNdims > baseDistribution.batchShape.length)
      throw new ValueError(
        "Expected reinterpreted_batch_ndims <= len(base_distribution.batch_shape), " +
          `actual ${reinterpretedBatchNdims} vs ${baseDistribution.batchShape.length}`,
      );
    const shape = [...baseDistribution.batchShape, ...baseDistribution.eventShape];
    const eventDim = reinterpretedBatchNdims + baseDistribution.eventShape.length;
    const batchShape = shape.slice(0, shape.length - eventDim);
    const eventShape = shape.slice(shape.length - eventDim);
    this.baseDist = baseDistribution;
    this.reinterpretedBatchNdims = reinterpretedBatchNdims;
    this._init(batchShape, eventShape, validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return {};
  }
  override expand(batchShape: number[], _instance?: Independent): Independent {
    const n = this._checkedInstance(_instance);
    n.baseDist = this.baseDist.expand([...batchShape, ...this._eventShape.slice(0, this.reinterpretedBatchNdims)]);
    n.reinterpretedBatchNdims = this.reinterpretedBatchNdims;
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  override get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }
  override get hasEnumerateSupport(): boolean {
    if (this.reinterpretedBatchNdims > 0) return false;
    return this.baseDist.hasEnumerateSupport;
  }
  /** The base distribution's support, reinterpreted over the new event dimensions. */
  override get support(): constraints.Constraint {
    let result = this.baseDist.support;
    if (this.reinterpretedBatchNdims) result = constraints.independent(result, this.reinterpretedBatchNdims);
    return result;
  }
  override get mean(): Tensor {
    return this.baseDist.mean;
  }
  override get mode(): Tensor {
    return this.baseDist.mode;
  }
  override get variance(): Tensor {
    return this.baseDist.variance;
  }
  override sample(sampleShape: number[] = []): Tensor {
    return this.baseDist.sample(sampleShape);
  }
  override rsample(sampleShape: number[] = []): Tensor {
    return this.baseDist.rsample(sampleShape);
  }
  override logProb(value: Tensor): Tensor {
    const logProb = this.baseDist.logProb(value);
    return sumRightmost(logProb, this.reinterpretedBatchNdims);
  }
  override entropy(): Tensor {
    const entropy = this.baseDist.entropy();
    return sumRightmost(entropy, this.reinterpretedBatchNdims);
  }
  override enumerateSupport(expand = true): Tensor {
    if (this.reinterpretedBatchNdims > 0)
      throw new NotImplementedError("Enumeration over cartesian product is not implemented");
    return this.baseDist.enumerateSupport(expand);
  }
  override toString(): string {
    return `Independent(${this.baseDist}, ${this.reinterpretedBatchNdims})`;
  }
}
