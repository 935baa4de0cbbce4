// torch.distributions.RelaxedBernoulli and LogitRelaxedBernoulli, op for op as PyTorch 1.13's
// relaxed_bernoulli.py.

import { rand } from "../creation";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import { type ProbsOrLogits, probsOrLogitsArgs } from "./bernoulli";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { TransformedDistribution } from "./transformed_distribution";
import { SigmoidTransform } from "./transforms";
import { broadcastAll, clampProbs, logitsToProbs, probsToLogits, type TensorOrNumber } from "./utils";

/** Python's AttributeError for a method looked up on a number (a number temperature in log_prob). @internal */
export function noAttribute(x: number, name: string): Error {
  const type = Number.isInteger(x) ? "int" : "float";
  return Object.assign(new Error(`'${type}' object has no attribute '${name}'`), { name: "AttributeError" });
}

/**
 * distributions.LogitRelaxedBernoulli(temperature, { probs } | { logits }): the logit of a
 * {@link RelaxedBernoulli} draw (the Concrete / Gumbel-softmax relaxation of a Bernoulli), on the
 * reals. `new LogitRelaxedBernoulli(temperature, probs)` is PyTorch's positional form.
 */
export class LogitRelaxedBernoulli extends Distribution {
  /** The relaxation temperature. */
  declare temperature: TensorOrNumber;
  /** The parameter given at construction (probs or logits). */
  declare _param: Tensor;

  constructor(temperature: TensorOrNumber, o: ProbsOrLogits);
  constructor(temperature: TensorOrNumber, probs: TensorOrNumber, o?: ProbsOrLogits | boolean | null);
  constructor(temperature: TensorOrNumber, a: ProbsOrLogits | TensorOrNumber, b?: ProbsOrLogits | boolean | null) {
    super();
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b);
    this.temperature = temperature;
    if ((probs === undefined || probs === null) === (logits === undefined || logits === null))
      throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    let isScalar: boolean;
    if (probs !== undefined && probs !== null) {
      isScalar = typeof probs === "number";
      this._setOwn("probs", broadcastAll(probs)[0]);
      this._param = this.probs;
    } else {
      isScalar = typeof logits === "number";
      this._setOwn("logits", broadcastAll(logits as TensorOrNumber)[0]);
      this._param = this.logits;
    }
    const batchShape = isScalar ? [] : this._param.shape;
    this._init(batchShape, [], validateArgs);
  }
  protected override _isLazy(name: string): boolean {
    return name === "probs" || name === "logits";
  }
  /** The parameters' constraints: probs: unitInterval; logits: real. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** The support: constraints.real. */
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  /** A new LogitRelaxedBernoulli with the given parameter expanded to batchShape (not validated again). */
  override expand(batchShape: number[], _instance?: LogitRelaxedBernoulli): LogitRelaxedBernoulli {
    const n = this._checkedInstance(_instance);
    n.temperature = this.temperature;
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
  /** The log-odds (computed from probs on first use when probs were given). */
  get logits(): Tensor {
    return this._lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** The probability (computed from logits on first use when logits were given). */
  get probs(): Tensor {
    return this._lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._param.shape;
  }
  /** `(logit(u) + logit(probs)) / temperature` with uniform `u` (both clamped away from 0 and 1). */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const probs = clampProbs(this.probs.expand(shape));
    const uniforms = clampProbs(rand(shape, { dtype: probs.dtype, device: probs.device }));
    return uniforms.log().sub(uniforms.neg().log1p()).add(probs.log()).sub(probs.neg().log1p()).div(this.temperature);
  }
  /** The log density of the logit-space relaxation; needs a Tensor temperature (a number throws PyTorch's AttributeError). */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    const diff = logits.sub(v.mul(this.temperature));
    if (!(this.temperature instanceof Tensor)) throw noAttribute(this.temperature, "log");
    return this.temperature.log().add(diff).sub(diff.exp().log1p().mul(2));
  }
}

/**
 * distributions.RelaxedBernoulli(temperature, { probs } | { logits }): the Concrete (Gumbel-softmax)
 * relaxation of a Bernoulli, on [0, 1]: the sigmoid of a {@link LogitRelaxedBernoulli}; reparameterized.
 */
export class RelaxedBernoulli extends TransformedDistribution {
  constructor(temperature: TensorOrNumber, o: ProbsOrLogits);
  constructor(temperature: TensorOrNumber, probs: TensorOrNumber, o?: ProbsOrLogits | boolean | null);
  constructor(temperature: TensorOrNumber, a: ProbsOrLogits | TensorOrNumber, b?: ProbsOrLogits | boolean | null) {
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b);
    const baseDist = new LogitRelaxedBernoulli(temperature, { probs, logits });
    super(baseDist, new SigmoidTransform(), { validateArgs });
  }
  /** The parameters' constraints: probs: unitInterval; logits: real. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** The support: constraints.unitInterval. */
  override get support(): constraints.Constraint {
    return constraints.unitInterval;
  }
  /** True: draws are sigmoids of reparameterized LogitRelaxedBernoulli draws. */
  override get hasRsample(): boolean {
    return true;
  }
  /** A new RelaxedBernoulli over the base distribution expanded to batchShape. */
  override expand(batchShape: number[], _instance?: RelaxedBernoulli): RelaxedBernoulli {
    return super.expand(batchShape, this._checkedInstance(_instance)) as RelaxedBernoulli;
  }
  /** The relaxation temperature. */
  get temperature(): TensorOrNumber {
    return (this.baseDist as LogitRelaxedBernoulli).temperature;
  }
  /** The base distribution's log-odds. */
  get logits(): Tensor {
    return (this.baseDist as LogitRelaxedBernoulli).logits;
  }
  /** The base distribution's probability. */
  get probs(): Tensor {
    return (this.baseDist as LogitRelaxedBernoulli).probs;
  }
}
