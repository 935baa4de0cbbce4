// torch.distributions.Multinomial, op for op as PyTorch 1.13's multinomial.py.

import { onesLike, tensor, zeros } from "../creation";
import { NotImplementedError } from "../errors";
import { slice } from "../indexing";
import type { Tensor } from "../tensor";
import { probsOrLogitsArgs } from "./bernoulli";
import { Binomial } from "./binomial";
import { Categorical, type CategoricalOptions } from "./categorical";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcastAll } from "./utils";

/**
 * distributions.Multinomial(totalCount = 1, { probs } | { logits }): the counts of each of K categories
 * in `totalCount` draws of a {@link Categorical} (the last dimension of probs/logits indexes the
 * categories). `new Multinomial(n, probs)` is PyTorch's positional form. sample() needs the one shared
 * `totalCount`; logProb takes any counts.
 */
export class Multinomial extends Distribution {
  /** The number of trials (an integer). */
  declare totalCount: number;
  /** The Categorical of one trial. */
  declare _categorical: Categorical;
  /** The Binomial of one category's count (for the entropy). */
  declare _binomial: Binomial;

  constructor(totalCount?: number, o?: CategoricalOptions);
  constructor(totalCount: number, probs: Tensor, o?: CategoricalOptions | boolean | null);
  constructor(totalCount = 1, a?: CategoricalOptions | Tensor, b?: CategoricalOptions | boolean | null) {
    super();
    if (!Number.isInteger(totalCount)) throw new NotImplementedError("inhomogeneous total_count is not supported");
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b) as [
      Tensor | null | undefined,
      Tensor | null | undefined,
      boolean | null | undefined,
    ];
    this.totalCount = totalCount;
    this._categorical = new Categorical({ probs, logits });
    this._binomial = new Binomial(totalCount, { probs: this.probs });
    const batchShape = this._categorical.batchShape;
    const eventShape = this._categorical.paramShape.slice(-1);
    this._init(batchShape, eventShape, validateArgs);
  }
  /** The parameters' constraints: probs: simplex; logits: realVector. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** The mean `totalCount * probs`. */
  override get mean(): Tensor {
    return this.probs.mul(this.totalCount);
  }
  /** The variance `totalCount * probs * (1 - probs)`. */
  override get variance(): Tensor {
    return this.probs.mul(this.totalCount).mul(this.probs.rsub(1));
  }
  /** A new Multinomial with the Categorical expanded to batchShape (not validated again). */
  override expand(batchShape: number[], _instance?: Multinomial): Multinomial {
    const n = this._checkedInstance(_instance);
    n.totalCount = this.totalCount;
    n._categorical = this._categorical.expand(batchShape);
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** Count vectors with entries summing to at most totalCount. */
  override get support(): constraints.Constraint {
    return constraints.multinomial(this.totalCount);
  }
  /** The Categorical's normalized log-probabilities. */
  get logits(): Tensor {
    return this._categorical.logits;
  }
  /** The Categorical's normalized probabilities. */
  get probs(): Tensor {
    return this._categorical.probs;
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._categorical.paramShape;
  }
  /** totalCount Categorical draws, counted per category by scatter_add. */
  override sample(sampleShape: number[] = []): Tensor {
    let samples = this._categorical.sample([this.totalCount, ...sampleShape]);
    const shiftedIdx = [...Array(samples.dim()).keys()];
    shiftedIdx.push(shiftedIdx.shift() as number);
    samples = samples.permute(shiftedIdx);
    const counts = zeros(this._extendedShape(sampleShape), { dtype: samples.dtype, device: samples.device });
    counts.scatterAdd_(-1, samples, onesLike(samples));
    return counts.typeAs(this.probs);
  }
  /** The entropy `n H(Categorical) - log n! + Σ_k E[log x_k!]`, each expectation over that category's Binomial count. */
  override entropy(): Tensor {
    const n = tensor(this.totalCount);
    const catEntropy = this._categorical.entropy();
    const term1 = n.mul(catEntropy).sub(n.add(1).lgamma());
    const support = this._binomial.enumerateSupport(false).index(slice(1));
    const binomialProbs = this._binomial.logProb(support).exp();
    const weights = support.add(1).lgamma();
    const term2 = binomialProbs.mul(weights).sum([0, -1]);
    return term1.add(term2);
  }
  /** The log pmf `log n! - Σ log x_k! + Σ x_k log p_k` (0 · log 0 taken as 0), for counts of any total. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    let logits: Tensor;
    [logits, value] = broadcastAll(this.logits, value);
    logits = logits.contiguous().clone(); // clone(memory_format=torch.contiguous_format)
    const logFactorialN = value.sum(-1).add(1).lgamma();
    const logFactorialXs = value.add(1).lgamma().sum(-1);
    logits.indexPut_([value.eq(0).bitwiseAnd(logits.eq(Number.NEGATIVE_INFINITY))], 0);
    const logPowers = logits.mul(value).sum(-1);
    return logFactorialN.sub(logFactorialXs).add(logPowers);
  }
}
