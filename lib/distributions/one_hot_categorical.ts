// torch.distributions.OneHotCategorical (and its straight-through variant), as PyTorch 1.13's
// one_hot_categorical.py.

import { eye } from "../creation";
import { oneHot } from "../nn/functional";
import type { Tensor } from "../tensor";
import { probsOrLogitsArgs } from "./bernoulli";
import { Categorical, type CategoricalOptions } from "./categorical";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";

/**
 * distributions.OneHotCategorical({ probs } | { logits }): one-hot vectors of length K, the hot index
 * drawn as {@link Categorical} draws it.
 */
export class OneHotCategorical extends Distribution {
  /** The Categorical over the hot index. */
  declare _categorical: Categorical;

  constructor(o: CategoricalOptions);
  constructor(probs: Tensor, o?: CategoricalOptions | boolean | null);
  constructor(a: CategoricalOptions | Tensor, b?: CategoricalOptions | boolean | null) {
    super();
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b) as [
      Tensor | null | undefined,
      Tensor | null | undefined,
      boolean | null | undefined,
    ];
    this._categorical = new Categorical({ probs, logits });
    const batchShape = this._categorical.batchShape;
    const eventShape = this._categorical.paramShape.slice(-1);
    this._init(batchShape, eventShape, validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  override get support(): constraints.Constraint {
    return constraints.oneHot;
  }
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: OneHotCategorical): OneHotCategorical {
    const n = this._checkedInstance(_instance);
    n._categorical = this._categorical.expand(batchShape);
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** The parameter given at construction. */
  get _param(): Tensor {
    return this._categorical._param;
  }
  /** The normalized probabilities. */
  get probs(): Tensor {
    return this._categorical.probs;
  }
  /** The normalized log-probabilities. */
  get logits(): Tensor {
    return this._categorical.logits;
  }
  override get mean(): Tensor {
    return this._categorical.probs;
  }
  override get mode(): Tensor {
    const probs = this._categorical.probs;
    const mode = probs.argmax(-1);
    return oneHot(mode, probs.shape[probs.dim() - 1]).to(probs);
  }
  override get variance(): Tensor {
    return this._categorical.probs.mul(this._categorical.probs.rsub(1));
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._categorical.paramShape;
  }
  /** One-hot encodings of indices drawn by the Categorical. */
  override sample(sampleShape: number[] = []): Tensor {
    const probs = this._categorical.probs;
    const numEvents = this._categorical._numEvents;
    const indices = this._categorical.sample(sampleShape);
    return oneHot(indices, numEvents).to(probs);
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const indices = value.max(-1)[1];
    return this._categorical.logProb(indices);
  }
  override entropy(): Tensor {
    return this._categorical.entropy();
  }
  override enumerateSupport(expand = true): Tensor {
    const n = this._eventShape[0];
    let values = eye(n, n, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([n, ...this._batchShape.map(() => 1), n]);
    if (expand) values = values.expand([n, ...this._batchShape, n]);
    return values;
  }
}

/**
 * distributions.OneHotCategoricalStraightThrough: OneHotCategorical whose rsample passes gradients to
 * the probabilities straight through the one-hot sample.
 */
export class OneHotCategoricalStraightThrough extends OneHotCategorical {
  override get hasRsample(): boolean {
    return true;
  }
  /** `sample + (probs - probs.detach())`. */
  override rsample(sampleShape: number[] = []): Tensor {
    const samples = this.sample(sampleShape);
    const probs = this._categorical.probs;
    return samples.add(probs.sub(probs.detach()));
  }
}
