// torch.distributions.Bernoulli, op for op as PyTorch 1.13's bernoulli.py.

import { noGrad } from "../autograd";
import { arange, bernoulli } from "../creation";
import { ValueError } from "../errors";
import { binaryCrossEntropyWithLogits } from "../nn/functional";
import { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { broadcastAll, logitsToProbs, probsToLogits, type TensorOrNumber, validateArgsOf } from "./utils";

/** Bernoulli's (and Categorical's) parameters: `probs` or `logits`, not both. */
export interface ProbsOrLogits extends DistributionOptions {
  /** The probability of each outcome. */
  probs?: TensorOrNumber | null;
  /** The log-odds (Bernoulli) or unnormalized log-probabilities (Categorical). */
  logits?: TensorOrNumber | null;
}
const PROBS_KEYS = ["probs", "logits", "validateArgs"] as const;

/** Reads `({ probs } | { logits })` or `(probs, options?)` into [probs, logits, validateArgs]. */
export function probsOrLogitsArgs(
  a: unknown,
  o: unknown,
): [TensorOrNumber | null | undefined, TensorOrNumber | null | undefined, boolean | null | undefined] {
  if (a instanceof Tensor || typeof a === "number") {
    const validateArgs = validateArgsOf(o, PROBS_KEYS);
    const rest = (o ?? {}) as ProbsOrLogits;
    return [a, typeof o === "object" && o !== null ? rest.logits : undefined, validateArgs];
  }
  const opts = (a ?? {}) as ProbsOrLogits;
  const validateArgs = validateArgsOf(opts, PROBS_KEYS);
  return [opts.probs, opts.logits, validateArgs];
}

/**
 * distributions.Bernoulli({ probs } | { logits }): 1 with probability `probs` (or sigmoid(`logits`)),
 * else 0. `new Bernoulli(probs)` is PyTorch's positional form.
 */
export class Bernoulli extends ExponentialFamily {
  /** The parameter given at construction (probs or logits). */
  declare _param: Tensor;

  constructor(o: ProbsOrLogits);
  constructor(probs: TensorOrNumber, o?: ProbsOrLogits | boolean | null);
  constructor(a: ProbsOrLogits | TensorOrNumber, b?: ProbsOrLogits | boolean | null) {
    super();
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b);
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
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.boolean;
  }
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  override get _meanCarrierMeasure(): number {
    return 0;
  }
  override expand(batchShape: number[], _instance?: Bernoulli): Bernoulli {
    const n = this._checkedInstance(_instance);
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
  /** The probability of 1 (computed from logits on first use when logits were given). */
  get probs(): Tensor {
    return this._lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** The log-odds (computed from probs on first use when probs were given). */
  get logits(): Tensor {
    return this._lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._param.shape;
  }
  override get mean(): Tensor {
    return this.probs;
  }
  /** 1 where probs > 0.5, 0 where below, NaN where exactly 0.5. */
  override get mode(): Tensor {
    const mode = this.probs.ge(0.5).to(this.probs);
    mode.indexPut_([this.probs.eq(0.5)], Number.NaN);
    return mode;
  }
  override get variance(): Tensor {
    return this.probs.mul(this.probs.rsub(1));
  }
  /** Draws with torch.bernoulli(probs) over the sample shape. */
  override sample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => bernoulli(this.probs.expand(shape)));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    return binaryCrossEntropyWithLogits(logits, v, { reduction: "none" }).neg();
  }
  override entropy(): Tensor {
    return binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: "none" });
  }
  override enumerateSupport(expand = true): Tensor {
    let values = arange(2, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
  override get _naturalParams(): Tensor[] {
    return [this.probs.div(this.probs.rsub(1)).log()];
  }
  override _logNormalizer(x: Tensor): Tensor {
    return x.exp().add(1).log();
  }
}
