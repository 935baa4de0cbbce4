// torch.distributions.MixtureSameFamily, op for op as PyTorch 1.13's mixture_same_family.py.

import { noGrad } from "../autograd";
import { IndexError, ValueError } from "../errors";
import type { Tensor } from "../tensor";
import { pySize } from "../utils/pyrepr";
import { Categorical } from "./categorical";
import type * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { validateArgsOf } from "./utils";

const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/**
 * distributions.MixtureSameFamily(mixtureDistribution, componentDistribution): a (batch of) mixture
 * of `k` components of one family, the component picked by a {@link Categorical} over `k`; the
 * component distribution's rightmost batch dimension (of size `k`) indexes the components.
 */
export class MixtureSameFamily extends Distribution {
  declare _mixtureDistribution: Categorical;
  declare _componentDistribution: Distribution;
  /** The number of components k. */
  declare _numComponent: number;
  /** The number of event dimensions of the components. */
  declare _eventNdims: number;

  constructor(
    mixtureDistribution: Categorical,
    componentDistribution: Distribution,
    o?: DistributionOptions | boolean | null,
  ) {
    super();
    const validateArgs = validateArgsOf(o);
    this._mixtureDistribution = mixtureDistribution;
    this._componentDistribution = componentDistribution;
    if (!(mixtureDistribution instanceof Categorical))
      throw new ValueError(" The Mixture distribution needs to be an  instance of torch.distribtutions.Categorical");
    if (!(componentDistribution instanceof Distribution))
      throw new ValueError("The Component distribution need to be an instance of torch.distributions.Distribution");
    const mdbs = mixtureDistribution.batchShape;
    const cdbs = componentDistribution.batchShape.slice(0, -1);
    for (let i = 1; i <= Math.min(mdbs.length, cdbs.length); i++) {
      const size1 = mdbs[mdbs.length - i];
      const size2 = cdbs[cdbs.length - i];
      if (size1 !== 1 && size2 !== 1 && size1 !== size2)
        throw new ValueError(
          `\`mixture_distribution.batch_shape\` (${pySize(mdbs)}) is not compatible with \`component_distribution.batch_shape\`(${pySize(cdbs)})`,
        );
    }
    const logits = mixtureDistribution.logits;
    const km = logits.shape[logits.dim() - 1];
    const cbs = componentDistribution.batchShape;
    if (cbs.length === 0) throw new IndexError("tuple index out of range");
    const kc = cbs[cbs.length - 1];
    if (km !== kc)
      throw new ValueError(
        `\`mixture_distribution component\` (${km}) does not equal \`component_distribution.batch_shape[-1]\` (${kc})`,
      );
    this._numComponent = km;
    const eventShape = componentDistribution.eventShape;
    this._eventNdims = eventShape.length;
    this._init(cdbs, eventShape, validateArgs);
  }
  /** Empty: the parameters belong to the two distributions. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return {};
  }
  /** A new MixtureSameFamily with the mixture expanded to batchShape and the components to batchShape + [k]. */
  override expand(batchShape: number[], _instance?: MixtureSameFamily): MixtureSameFamily {
    const batchShapeComp = [...batchShape, this._numComponent];
    const n = this._checkedInstance(_instance);
    n._componentDistribution = this._componentDistribution.expand(batchShapeComp);
    n._mixtureDistribution = this._mixtureDistribution.expand(batchShape);
    n._numComponent = this._numComponent;
    n._eventNdims = this._eventNdims;
    n._init(batchShape, n._componentDistribution.eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** The component distribution's support. */
  override get support(): constraints.Constraint {
    return this._componentDistribution.support;
  }
  /** The Categorical that picks the component. */
  get mixtureDistribution(): Categorical {
    return this._mixtureDistribution;
  }
  /** The components (rightmost batch dimension: the component index). */
  get componentDistribution(): Distribution {
    return this._componentDistribution;
  }
  /** The mixture-weighted component means. */
  override get mean(): Tensor {
    const probs = this._padMixtureDimensions(this.mixtureDistribution.probs);
    return probs.mul(this.componentDistribution.mean).sum(-1 - this._eventNdims);
  }
  /** By the law of total variance: `E[Var(Y|X)] + Var(E[Y|X])`. */
  override get variance(): Tensor {
    const probs = this._padMixtureDimensions(this.mixtureDistribution.probs);
    const meanCondVar = probs.mul(this.componentDistribution.variance).sum(-1 - this._eventNdims);
    const varCondMean = probs
      .mul(this.componentDistribution.mean.sub(this._pad(this.mean)).pow(2.0))
      .sum(-1 - this._eventNdims);
    return meanCondVar.add(varCondMean);
  }
  /** The mixture-weighted component cdfs. */
  override cdf(x: Tensor): Tensor {
    x = this._pad(x);
    const cdfX = this.componentDistribution.cdf(x);
    const mixProb = this.mixtureDistribution.probs;
    return cdfX.mul(mixProb).sum(-1);
  }
  /** logsumexp over the components of their logProb plus the log mixture weights. */
  override logProb(x: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(x);
    x = this._pad(x);
    const logProbX = this.componentDistribution.logProb(x);
    const logMixProb = this.mixtureDistribution.logits.logSoftmax(-1);
    return logProbX.add(logMixProb).logsumexp(-1);
  }
  /** A component index drawn from the mixture, then that component's draw (gathered from a draw of all). */
  override sample(sampleShape: number[] = []): Tensor {
    return noGrad(() => {
      const sampleLen = sampleShape.length;
      const batchLen = this._batchShape.length;
      const gatherDim = sampleLen + batchLen;
      const es = this._eventShape;
      const mixSample = this.mixtureDistribution.sample(sampleShape);
      const mixShape = mixSample.shape;
      const compSamples = this.componentDistribution.sample(sampleShape);
      let mixSampleR = mixSample.reshape([...mixShape, ...Array(es.length + 1).fill(1)]);
      mixSampleR = mixSampleR.repeat([...mixShape.map(() => 1), 1, ...es]);
      const samples = compSamples.gather(gatherDim, mixSampleR);
      return samples.squeeze(gatherDim);
    });
  }
  /** @internal */
  _pad(x: Tensor): Tensor {
    return x.unsqueeze(-1 - this._eventNdims);
  }
  // mixture_same_family._pad_mixture_dimensions (which counts batch elements, as PyTorch does).
  /** @internal */
  _padMixtureDimensions(x: Tensor): Tensor {
    const distBatchNdims = numel(this._batchShape);
    const catBatchNdims = numel(this.mixtureDistribution.batchShape);
    const padNdims = catBatchNdims === 1 ? 0 : distBatchNdims - catBatchNdims;
    const xs = x.shape;
    return x.reshape([
      ...xs.slice(0, -1),
      ...Array(Math.max(padNdims, 0)).fill(1),
      ...xs.slice(-1),
      ...Array(this._eventNdims).fill(1),
    ]);
  }
  /** PyTorch's repr: the mixture and the components, one a line. */
  override toString(): string {
    return `MixtureSameFamily(\n  ${this.mixtureDistribution},\n  ${this.componentDistribution})`;
  }
}
