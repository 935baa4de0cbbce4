// torch.distributions.TransformedDistribution, op for op as PyTorch 1.13's transformed_distribution.py.

import { noGrad } from "../autograd";
import { ValueError } from "../errors";
import type { Tensor } from "../tensor";
import { pySize } from "../utils/pyrepr";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { Independent } from "./independent";
import { ComposeTransform, type Sign, Transform } from "./transforms";
import { sameShape, sumRightmost, validateArgsOf } from "./utils";

/**
 * Passed as the base distribution, makes the constructor leave initialization to the subclass (which
 * sets its own parameters first, as PyTorch's subclasses do before `super().__init__`). @internal
 */
export const DEFER_INIT = Symbol("TransformedDistribution.deferInit") as unknown as Distribution;

// Distribution._validate_sample is protected; the transformed distribution checks its base's values.
type Validating = { _validateSample(value: Tensor): void };

/**
 * distributions.TransformedDistribution(baseDistribution, transforms): the distribution of
 * `transforms[-1](...transforms[0](x))` for `x` drawn from the base distribution; logProb by the
 * change of variables through each transform's logAbsDetJacobian.
 */
export class TransformedDistribution extends Distribution {
  /** The base distribution (expanded and made Independent as the transforms' domain requires). */
  declare baseDist: Distribution;
  /** The transforms, first applied first. */
  declare transforms: Transform[];

  constructor(
    baseDistribution: Distribution,
    transforms: Transform | Transform[],
    o?: DistributionOptions | boolean | null,
  ) {
    super();
    if (baseDistribution === DEFER_INIT) return;
    this._initTransformed(baseDistribution, transforms, validateArgsOf(o));
  }

  /** PyTorch's `TransformedDistribution.__init__` on this instance. @internal */
  _initTransformed(
    baseDistribution: Distribution,
    transforms: Transform | Transform[],
    validateArgs?: boolean | null,
  ): void {
    if (transforms instanceof Transform) this.transforms = [transforms];
    else if (Array.isArray(transforms)) {
      if (!transforms.every((t) => t instanceof Transform))
        throw new ValueError("transforms must be a Transform or a list of Transforms");
      this.transforms = transforms;
    } else throw new ValueError(`transforms must be a Transform or list, but was ${String(transforms)}`);
    const baseShape = [...baseDistribution.batchShape, ...baseDistribution.eventShape];
    const baseEventDim = baseDistribution.eventShape.length;
    const transform = new ComposeTransform(this.transforms);
    const domainEventDim = transform.domain.eventDim;
    if (baseShape.length < domainEventDim)
      throw new ValueError(
        `base_distribution needs to have shape with size at least ${domainEventDim}, but got ${pySize(baseShape)}.`,
      );
    const shape = transform.forwardShape(baseShape);
    const expandedBaseShape = transform.inverseShape(shape);
    if (!sameShape(baseShape, expandedBaseShape)) {
      const baseBatchShape = expandedBaseShape.slice(0, expandedBaseShape.length - baseEventDim);
      baseDistribution = baseDistribution.expand(baseBatchShape);
    }
    const reinterpretedBatchNdims = domainEventDim - baseEventDim;
    if (reinterpretedBatchNdims > 0) baseDistribution = new Independent(baseDistribution, reinterpretedBatchNdims);
    this.baseDist = baseDistribution;
    const eventDim = transform.codomain.eventDim + Math.max(baseEventDim - domainEventDim, 0);
    if (shape.length < eventDim) throw new Error("AssertionError");
    const cut = shape.length - eventDim;
    this._init(shape.slice(0, cut), shape.slice(cut), validateArgs);
  }

  override get argConstraints(): Record<string, constraints.Constraint> {
    return {};
  }
  override expand(batchShape: number[], _instance?: TransformedDistribution): TransformedDistribution {
    const n = this._checkedInstance(_instance);
    let shape = [...batchShape, ...this._eventShape];
    for (const t of [...this.transforms].reverse()) shape = t.inverseShape(shape);
    const baseBatchShape = shape.slice(0, shape.length - this.baseDist.eventShape.length);
    n.baseDist = this.baseDist.expand(baseBatchShape);
    n.transforms = this.transforms;
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** The last transform's codomain (reinterpreted over the event dimensions), or the base's support. */
  override get support(): constraints.Constraint {
    if (this.transforms.length === 0) return this.baseDist.support;
    let support = this.transforms[this.transforms.length - 1].codomain;
    if (this._eventShape.length > support.eventDim)
      support = constraints.independent(support, this._eventShape.length - support.eventDim);
    return support;
  }
  override get hasRsample(): boolean {
    return this.baseDist.hasRsample;
  }
  /** A base draw pushed through the transforms, without autograd history. */
  override sample(sampleShape: number[] = []): Tensor {
    return noGrad(() => {
      let x = this.baseDist.sample(sampleShape);
      for (const transform of this.transforms) x = transform.call(x);
      return x;
    });
  }
  /** A reparameterized base draw pushed through the transforms. */
  override rsample(sampleShape: number[] = []): Tensor {
    let x = this.baseDist.rsample(sampleShape);
    for (const transform of this.transforms) x = transform.call(x);
    return x;
  }
  /** The base logProb of the inverted value minus the transforms' log-det-Jacobians. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    let eventDim = this._eventShape.length;
    let logProb: Tensor | null = null;
    let y = value;
    for (const transform of [...this.transforms].reverse()) {
      const x = transform.inv.call(y);
      eventDim += transform.domain.eventDim - transform.codomain.eventDim;
      const term = sumRightmost(transform.logAbsDetJacobian(x, y), eventDim - transform.domain.eventDim);
      logProb = logProb === null ? term.rsub(0.0) : logProb.sub(term);
      y = x;
    }
    const base = sumRightmost(this.baseDist.logProb(y), eventDim - this.baseDist.eventShape.length);
    return logProb === null ? base.add(0.0) : logProb.add(base);
  }
  /** transformed_distribution._monotonize_cdf: flips the cdf when the transforms decrease. @internal */
  _monotonizeCdf(value: Tensor): Tensor {
    let sign: Sign = 1;
    for (const transform of this.transforms) {
      const s = transform.sign;
      sign =
        typeof sign === "number" && typeof s === "number"
          ? sign * s
          : typeof s === "number"
            ? (sign as Tensor).mul(s)
            : s.mul(sign);
    }
    if (typeof sign === "number" && sign === 1) return value;
    const centered = value.sub(0.5);
    return (typeof sign === "number" ? centered.mul(sign) : sign.mul(centered)).add(0.5);
  }
  /** The base cdf at the inverted value, flipped for decreasing transforms. */
  override cdf(value: Tensor): Tensor {
    for (const transform of [...this.transforms].reverse()) value = transform.inv.call(value);
    if (this._validateArgs) (this.baseDist as unknown as Validating)._validateSample(value);
    value = this.baseDist.cdf(value);
    return this._monotonizeCdf(value);
  }
  /** The transforms applied to the base icdf. */
  override icdf(value: Tensor): Tensor {
    value = this._monotonizeCdf(value);
    value = this.baseDist.icdf(value);
    for (const transform of this.transforms) value = transform.call(value);
    return value;
  }
}
