// torch.distributions.RelaxedOneHotCategorical and ExpRelaxedCategorical, op for op as PyTorch 1.13's
// relaxed_categorical.py.

import { fullLike, rand } from "../creation";
import { Tensor } from "../tensor";
import { probsOrLogitsArgs } from "./bernoulli";
import { Categorical, type CategoricalOptions } from "./categorical";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { TransformedDistribution } from "./transformed_distribution";
import { ExpTransform } from "./transforms";
import { broadcastAll, clampProbs, type TensorOrNumber } from "./utils";

/**
 * distributions.ExpRelaxedCategorical(temperature, { probs } | { logits }): the log of a
 * {@link RelaxedOneHotCategorical} draw (the ExpConcrete distribution), on the reals.
 * `new ExpRelaxedCategorical(temperature, probs)` is PyTorch's positional form.
 */
export class ExpRelaxedCategorical extends Distribution {
  /** The relaxation temperature. */
  declare temperature: TensorOrNumber;
  /** The Categorical holding the parameters. */
  declare _categorical: Categorical;

  constructor(temperature: TensorOrNumber, o: CategoricalOptions);
  constructor(temperature: TensorOrNumber, probs: Tensor, o?: CategoricalOptions | boolean | null);
  constructor(temperature: TensorOrNumber, a: CategoricalOptions | Tensor, b?: CategoricalOptions | boolean | null) {
    super();
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b) as [
      Tensor | null | undefined,
      Tensor | null | undefined,
      boolean | null | undefined,
    ];
    this._categorical = new Categorical({ probs, logits });
    this.temperature = temperature;
    const batchShape = this._categorical.batchShape;
    const eventShape = this._categorical.paramShape.slice(-1);
    this._init(batchShape, eventShape, validateArgs);
  }
  /** The parameters' constraints: probs: simplex; logits: realVector. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** The support: constraints.realVector. */
  override get support(): constraints.Constraint {
    return constraints.realVector;
  }
  /** True: {@link ExpRelaxedCategorical.rsample} is reparameterized (Gumbel perturbations). */
  override get hasRsample(): boolean {
    return true;
  }
  /** A new ExpRelaxedCategorical with the Categorical expanded to batchShape (not validated again). */
  override expand(batchShape: number[], _instance?: ExpRelaxedCategorical): ExpRelaxedCategorical {
    const n = this._checkedInstance(_instance);
    n.temperature = this.temperature;
    n._categorical = this._categorical.expand(batchShape);
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._categorical.paramShape;
  }
  /** The Categorical's normalized log-probabilities. */
  get logits(): Tensor {
    return this._categorical.logits;
  }
  /** The Categorical's normalized probabilities. */
  get probs(): Tensor {
    return this._categorical.probs;
  }
  /** Gumbel-perturbed logits over the temperature, normalized by logsumexp. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const uniforms = clampProbs(rand(shape, { dtype: this.logits.dtype, device: this.logits.device }));
    const gumbels = uniforms.log().neg().log().neg();
    const scores = this.logits.add(gumbels).div(this.temperature);
    return scores.sub(scores.logsumexp(-1, true));
  }
  /** The ExpConcrete log density; needs a Tensor temperature (a number throws full_like's TypeError, as in PyTorch). */
  override logProb(value: Tensor): Tensor {
    const K = this._categorical._numEvents;
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    if (!(this.temperature instanceof Tensor))
      throw new TypeError(
        `full_like(): argument 'input' (position 1) must be Tensor, not ${Number.isInteger(this.temperature) ? "int" : "float"}`,
      );
    const logScale = fullLike(this.temperature, K)
      .lgamma()
      .sub(this.temperature.log().mul(-(K - 1)));
    let score = logits.sub(v.mul(this.temperature));
    score = score.sub(score.logsumexp(-1, true)).sum(-1);
    return score.add(logScale);
  }
}

/**
 * distributions.RelaxedOneHotCategorical(temperature, { probs } | { logits }): the Concrete
 * (Gumbel-softmax) relaxation of a {@link OneHotCategorical}, on the simplex: the exp of an
 * {@link ExpRelaxedCategorical}; reparameterized.
 */
export class RelaxedOneHotCategorical extends TransformedDistribution {
  constructor(temperature: TensorOrNumber, o: CategoricalOptions);
  constructor(temperature: TensorOrNumber, probs: Tensor, o?: CategoricalOptions | boolean | null);
  constructor(temperature: TensorOrNumber, a: CategoricalOptions | Tensor, b?: CategoricalOptions | boolean | null) {
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b) as [
      Tensor | null | undefined,
      Tensor | null | undefined,
      boolean | null | undefined,
    ];
    const baseDist = new ExpRelaxedCategorical(temperature, { probs, logits, validateArgs });
    super(baseDist, new ExpTransform(), { validateArgs });
  }
  /** The parameters' constraints: probs: simplex; logits: realVector. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  /** The support: constraints.simplex. */
  override get support(): constraints.Constraint {
    return constraints.simplex;
  }
  /** True: draws are exps of reparameterized ExpRelaxedCategorical draws. */
  override get hasRsample(): boolean {
    return true;
  }
  /** A new RelaxedOneHotCategorical over the base distribution expanded to batchShape. */
  override expand(batchShape: number[], _instance?: RelaxedOneHotCategorical): RelaxedOneHotCategorical {
    return super.expand(batchShape, this._checkedInstance(_instance)) as RelaxedOneHotCategorical;
  }
  /** The relaxation temperature. */
  get temperature(): TensorOrNumber {
    return (this.baseDist as ExpRelaxedCategorical).temperature;
  }
  /** The base distribution's normalized log-probabilities. */
  get logits(): Tensor {
    return (this.baseDist as ExpRelaxedCategorical).logits;
  }
  /** The base distribution's normalized probabilities. */
  get probs(): Tensor {
    return (this.baseDist as ExpRelaxedCategorical).probs;
  }
}
