// torch.distributions.Categorical, op for op as PyTorch 1.13's categorical.py.

import { broadcastTensors } from "../aten_ops";
import { arange, full, multinomial } from "../creation";
import { ValueError } from "../errors";
import { slice } from "../indexing";
import type { Tensor } from "../tensor";
import { finfo } from "../type_info";
import { type ProbsOrLogits, probsOrLogitsArgs } from "./bernoulli";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { logitsToProbs, probsToLogits } from "./utils";

/** Categorical's parameters: `probs` or `logits` (tensors, at least one-dimensional), not both. */
export interface CategoricalOptions extends ProbsOrLogits {
  probs?: Tensor | null;
  logits?: Tensor | null;
}

/**
 * distributions.Categorical({ probs } | { logits }): indices `0 .. K-1` drawn with the probabilities
 * (normalized) or softmax of the logits along the last dimension.
 */
export class Categorical extends Distribution {
  /** The parameter given at construction (normalized probs or logits). */
  declare _param: Tensor;
  /** The number of categories K. */
  declare _numEvents: number;

  constructor(o: CategoricalOptions);
  constructor(probs: Tensor, o?: CategoricalOptions | boolean | null);
  constructor(a: CategoricalOptions | Tensor, b?: CategoricalOptions | boolean | null) {
    super();
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b) as [
      Tensor | null | undefined,
      Tensor | null | undefined,
      boolean | null | undefined,
    ];
    if ((probs === undefined || probs === null) === (logits === undefined || logits === null))
      throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs !== undefined && probs !== null) {
      if (probs.dim() < 1) throw new ValueError("`probs` parameter must be at least one-dimensional.");
      this._setOwn("probs", probs.div(probs.sum(-1, true)));
      this._param = this.probs;
    } else {
      const l = logits as Tensor;
      if (l.dim() < 1) throw new ValueError("`logits` parameter must be at least one-dimensional.");
      this._setOwn("logits", l.sub(l.logsumexp(-1, true)));
      this._param = this.logits;
    }
    this._numEvents = this._param.shape[this._param.dim() - 1];
    const batchShape = this._param.dim() > 1 ? this._param.shape.slice(0, -1) : [];
    this._init(batchShape, [], validateArgs);
  }
  protected override _isLazy(name: string): boolean {
    return name === "probs" || name === "logits";
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.simplex, logits: constraints.realVector };
  }
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: Categorical): Categorical {
    const n = this._checkedInstance(_instance);
    const paramShape = [...batchShape, this._numEvents];
    if (Object.hasOwn(this, "probs")) {
      n._setOwn("probs", this.probs.expand(paramShape));
      n._param = n.probs;
    }
    if (Object.hasOwn(this, "logits")) {
      n._setOwn("logits", this.logits.expand(paramShape));
      n._param = n.logits;
    }
    n._numEvents = this._numEvents;
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** The integers `0 .. K-1`. */
  override get support(): constraints.Constraint {
    return constraints.integerInterval(0, this._numEvents - 1);
  }
  /** The normalized probabilities (computed from logits on first use when logits were given). */
  get probs(): Tensor {
    return this._lazy("probs", () => logitsToProbs(this.logits));
  }
  /** The normalized log-probabilities (computed from probs on first use when probs were given). */
  get logits(): Tensor {
    return this._lazy("logits", () => probsToLogits(this.probs));
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._param.shape;
  }
  /** NaN (undefined for categories). */
  override get mean(): Tensor {
    return full(this._extendedShape(), Number.NaN, { dtype: this.probs.dtype, device: this.probs.device });
  }
  override get mode(): Tensor {
    return this.probs.argmax(-1);
  }
  /** NaN (undefined for categories). */
  override get variance(): Tensor {
    return full(this._extendedShape(), Number.NaN, { dtype: this.probs.dtype, device: this.probs.device });
  }
  /** Draws with torch.multinomial (with replacement) on the probabilities. */
  override sample(sampleShape: number[] = []): Tensor {
    const probs2d = this.probs.reshape([-1, this._numEvents]);
    const numel = sampleShape.reduce((a, b) => a * b, 1);
    const samples2d = multinomial(probs2d, numel, true).T;
    return samples2d.reshape(this._extendedShape(sampleShape));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [v, logPmf] = broadcastTensors(value.long().unsqueeze(-1), this.logits);
    return logPmf.gather(-1, v.index("...", slice(null, 1))).squeeze(-1);
  }
  override entropy(): Tensor {
    const minReal = finfo(this.logits.dtype).min;
    const logits = this.logits.clamp(minReal);
    const pLogP = logits.mul(this.probs);
    return pLogP.sum(-1).neg();
  }
  override enumerateSupport(expand = true): Tensor {
    let values = arange(this._numEvents, { dtype: "int64", device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
}
