// torch.distributions.NegativeBinomial, op for op as PyTorch 1.13's negative_binomial.py.

import { noGrad } from "../autograd";
import { poisson } from "../creation";
import { ValueError } from "../errors";
import { logsigmoid } from "../nn/functional";
import type { Tensor } from "../tensor";
import { type ProbsOrLogits, probsOrLogitsArgs } from "./bernoulli";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { Gamma } from "./gamma";
import { broadcastAll, logitsToProbs, probsToLogits, type TensorOrNumber } from "./utils";

/**
 * distributions.NegativeBinomial(totalCount, { probs } | { logits }): the number of successes before
 * `totalCount` failures in Bernoulli trials of success probability `probs`.
 */
export class NegativeBinomial extends Distribution {
  /** The number of failures to stop at (in the parameter's dtype). */
  declare totalCount: Tensor;
  /** The parameter given at construction (probs or logits). */
  declare _param: Tensor;

  constructor(totalCount: TensorOrNumber, a?: ProbsOrLogits | TensorOrNumber, b?: ProbsOrLogits | boolean | null) {
    super();
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b);
    if ((probs === undefined || probs === null) === (logits === undefined || logits === null))
      throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs !== undefined && probs !== null) {
      const [n, p] = broadcastAll(totalCount, probs);
      this._setOwn("probs", p);
      this.totalCount = n.typeAs(p);
      this._param = this.probs;
    } else {
      const [n, l] = broadcastAll(totalCount, logits as TensorOrNumber);
      this._setOwn("logits", l);
      this.totalCount = n.typeAs(l);
      this._param = this.logits;
    }
    this._init(this._param.shape, [], validateArgs);
  }
  protected override _isLazy(name: string): boolean {
    return name === "probs" || name === "logits" || name === "_gamma";
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return {
      totalCount: constraints.greaterThanEq(0, false),
      probs: constraints.halfOpenInterval(0.0, 1.0),
      logits: constraints.real,
    };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegativeInteger;
  }
  override expand(batchShape: number[], _instance?: NegativeBinomial): NegativeBinomial {
    const n = this._checkedInstance(_instance);
    n.totalCount = this.totalCount.expand(batchShape);
    if (Object.hasOwn(this, "probs")) {
      n._setOwn("probs", this.probs.expand(batchShape));
      n._param = n.probs;
    }
    if (Object.hasOwn(this, "logits")) {
      n._setOwn("logits", this.logits.expand(batchShape));
      n._param = n.logits;
    }
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  override get mean(): Tensor {
    return this.totalCount.mul(this.logits.exp());
  }
  override get mode(): Tensor {
    return this.totalCount.sub(1).mul(this.logits.exp()).floor().clamp(0.0);
  }
  override get variance(): Tensor {
    return this.mean.div(this.logits.neg().sigmoid());
  }
  /** The log-odds (computed from probs on first use when probs were given). */
  get logits(): Tensor {
    return this._lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** The success probability (computed from logits on first use when logits were given). */
  get probs(): Tensor {
    return this._lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._param.shape;
  }
  /** Gamma(totalCount, exp(-logits)), the Poisson rate's distribution (not validated: totalCount may be 0). */
  get _gamma(): Gamma {
    const g = new Gamma(this.totalCount, this.logits.neg().exp(), { validateArgs: false });
    this._setOwn("_gamma", g);
    return g;
  }
  /** Poisson draws at Gamma-distributed rates. */
  override sample(sampleShape: number[] = []): Tensor {
    return noGrad(() => {
      const rate = this._gamma.sample(sampleShape);
      return poisson(rate);
    });
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const logUnnormalizedProb = this.totalCount
      .mul(logsigmoid(this.logits.neg()))
      .add(value.mul(logsigmoid(this.logits)));
    const logNormalization = this.totalCount
      .add(value)
      .lgamma()
      .neg()
      .add(value.add(1.0).lgamma())
      .add(this.totalCount.lgamma());
    logNormalization.indexPut_([this.totalCount.add(value).eq(0.0)], 0.0);
    return logUnnormalizedProb.sub(logNormalization);
  }
}
