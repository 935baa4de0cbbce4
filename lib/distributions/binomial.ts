// torch.distributions.Binomial, op for op as PyTorch 1.13's binomial.py.

import { binomial } from "../aten_ops";
import { noGrad } from "../autograd";
import { arange } from "../creation";
import { NotImplementedError, ValueError } from "../errors";
import type { Tensor } from "../tensor";
import { type ProbsOrLogits, probsOrLogitsArgs } from "./bernoulli";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcastAll, logitsToProbs, probsToLogits, type TensorOrNumber } from "./utils";

// binomial._clamp_by_zero: clamp(x, min=0) with gradient 0.5 at 0.
function clampByZero(x: Tensor): Tensor {
  return x.clamp(0).add(x).sub(x.clamp(null, 0)).div(2);
}

/**
 * distributions.Binomial(totalCount = 1, { probs } | { logits }): the number of successes in
 * `totalCount` Bernoulli trials. `new Binomial(n, probs)` is PyTorch's positional form.
 */
export class Binomial extends Distribution {
  /** The number of trials (in the parameter's dtype). */
  declare totalCount: Tensor;
  /** The parameter given at construction (probs or logits). */
  declare _param: Tensor;

  constructor(totalCount: TensorOrNumber = 1, a?: ProbsOrLogits | TensorOrNumber, b?: ProbsOrLogits | boolean | null) {
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
    return name === "probs" || name === "logits";
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { totalCount: constraints.nonnegativeInteger, probs: constraints.unitInterval, logits: constraints.real };
  }
  override get hasEnumerateSupport(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: Binomial): Binomial {
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
  /** The integers `0 .. totalCount`. */
  override get support(): constraints.Constraint {
    return constraints.integerInterval(0, this.totalCount);
  }
  override get mean(): Tensor {
    return this.totalCount.mul(this.probs);
  }
  override get mode(): Tensor {
    return this.totalCount.add(1).mul(this.probs).floor().clamp(null, this.totalCount);
  }
  override get variance(): Tensor {
    return this.totalCount.mul(this.probs).mul(this.probs.rsub(1));
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
  /** Draws with torch.binomial over the sample shape. */
  override sample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    return noGrad(() => binomial(this.totalCount.expand(shape), this.probs.expand(shape)) as Tensor);
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const logFactorialN = this.totalCount.add(1).lgamma();
    const logFactorialK = value.add(1).lgamma();
    const logFactorialNmk = this.totalCount.sub(value).add(1).lgamma();
    const normalizeTerm = this.totalCount
      .mul(clampByZero(this.logits))
      .add(this.totalCount.mul(this.logits.abs().neg().exp().log1p()))
      .sub(logFactorialN);
    return value.mul(this.logits).sub(logFactorialK).sub(logFactorialNmk).sub(normalizeTerm);
  }
  override entropy(): Tensor {
    const totalCount = Math.trunc(this.totalCount.max().item() as number);
    if (this.totalCount.min().item() !== totalCount)
      throw new NotImplementedError("Inhomogeneous total count not supported by `entropy`.");
    const logProb = this.logProb(this.enumerateSupport(false));
    return logProb.exp().mul(logProb).sum(0).neg();
  }
  override enumerateSupport(expand = true): Tensor {
    const totalCount = Math.trunc(this.totalCount.max().item() as number);
    if (this.totalCount.min().item() !== totalCount)
      throw new NotImplementedError("Inhomogeneous total count not supported by `enumerate_support`.");
    let values = arange(1 + totalCount, { dtype: this._param.dtype, device: this._param.device });
    values = values.view([-1, ...this._batchShape.map(() => 1)]);
    if (expand) values = values.expand([-1, ...this._batchShape]);
    return values;
  }
}
