// torch.distributions.ContinuousBernoulli, op for op as PyTorch 1.13's continuous_bernoulli.py.

import { noGrad } from "../autograd";
import { onesLike, rand, where, zerosLike } from "../creation";
import { ValueError } from "../errors";
import { binaryCrossEntropyWithLogits } from "../nn/functional";
import { Tensor } from "../tensor";
import { type ProbsOrLogits, probsOrLogitsArgs } from "./bernoulli";
import * as constraints from "./constraints";
import { ExponentialFamily } from "./exp_family";
import { broadcastAll, clampProbs, logitsToProbs, probsToLogits, type TensorOrNumber } from "./utils";

/** ContinuousBernoulli's parameters: `probs` or `logits` (not both), and the unstable region's limits. */
export interface ContinuousBernoulliOptions extends ProbsOrLogits {
  /** The interval of probabilities around 0.5 where Taylor expansions replace the exact formulas (default [0.499, 0.501]). */
  lims?: [number, number];
}

/**
 * distributions.ContinuousBernoulli({ probs } | { logits }): the continuous Bernoulli distribution on
 * [0, 1] (Loaiza-Ganem & Cunningham, 2019), density proportional to `probs^x (1 - probs)^(1 - x)`.
 * `new ContinuousBernoulli(probs)` is PyTorch's positional form.
 */
export class ContinuousBernoulli extends ExponentialFamily {
  /** The parameter given at construction (probs or logits). */
  declare _param: Tensor;
  /** The unstable region's limits around 0.5. */
  declare _lims: [number, number];

  constructor(o: ContinuousBernoulliOptions);
  constructor(probs: TensorOrNumber, o?: ContinuousBernoulliOptions | boolean | null);
  constructor(a: ContinuousBernoulliOptions | TensorOrNumber, b?: ContinuousBernoulliOptions | boolean | null) {
    super();
    const positional = a instanceof Tensor || typeof a === "number";
    let opts = positional ? b : a;
    let lims: [number, number] = [0.499, 0.501];
    if (typeof opts === "object" && opts !== null && "lims" in opts) {
      const { lims: given, ...others } = opts;
      if (given !== undefined) lims = given;
      opts = others;
    }
    const [probs, logits, validateArgs] = positional ? probsOrLogitsArgs(a, opts) : probsOrLogitsArgs(opts, undefined);
    if ((probs === undefined || probs === null) === (logits === undefined || logits === null))
      throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    let isScalar: boolean;
    if (probs !== undefined && probs !== null) {
      isScalar = typeof probs === "number";
      this._setOwn("probs", broadcastAll(probs)[0]);
      if (validateArgs !== undefined && validateArgs !== null) {
        if (!constraints.unitInterval.check(this.probs).all().item())
          throw new ValueError("The parameter probs has invalid values");
      }
      this._setOwn("probs", clampProbs(this.probs));
      this._param = this.probs;
    } else {
      isScalar = typeof logits === "number";
      this._setOwn("logits", broadcastAll(logits as TensorOrNumber)[0]);
      this._param = this.logits;
    }
    const batchShape = isScalar ? [] : this._param.shape;
    this._lims = lims;
    this._init(batchShape, [], validateArgs);
  }
  protected override _isLazy(name: string): boolean {
    return name === "probs" || name === "logits";
  }
  /** The parameters' constraints: probs: unitInterval; logits: real. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  /** The support: constraints.unitInterval. */
  override get support(): constraints.Constraint {
    return constraints.unitInterval;
  }
  /** True: {@link ContinuousBernoulli.rsample} is the icdf of uniform draws. */
  override get hasRsample(): boolean {
    return true;
  }
  override get _meanCarrierMeasure(): number {
    return 0;
  }
  /** A new ContinuousBernoulli with the given parameter expanded to batchShape (lims kept; not validated again). */
  override expand(batchShape: number[], _instance?: ContinuousBernoulli): ContinuousBernoulli {
    const n = this._checkedInstance(_instance);
    n._lims = this._lims;
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
  /** @internal Where probs lies outside the unstable region around 0.5. */
  _outsideUnstableRegion(): Tensor {
    return this.probs.le(this._lims[0]).maximum(this.probs.gt(this._lims[1]));
  }
  /** @internal probs, with the unstable region replaced by its lower limit. */
  _cutProbs(): Tensor {
    return where(this._outsideUnstableRegion(), this.probs, onesLike(this.probs).mul(this._lims[0]));
  }
  /** @internal The log normalizing constant (a Taylor expansion around 0.5 in the unstable region). */
  _contBernLogNorm(): Tensor {
    const cutProbs = this._cutProbs();
    const cutProbsBelowHalf = where(cutProbs.le(0.5), cutProbs, zerosLike(cutProbs));
    const cutProbsAboveHalf = where(cutProbs.ge(0.5), cutProbs, onesLike(cutProbs));
    const logNorm = cutProbs
      .neg()
      .log1p()
      .sub(cutProbs.log())
      .abs()
      .log()
      .sub(where(cutProbs.le(0.5), cutProbsBelowHalf.mul(-2.0).log1p(), cutProbsAboveHalf.mul(2.0).sub(1.0).log()));
    const x = this.probs.sub(0.5).pow(2);
    const taylor = x
      .mul(104.0 / 45.0)
      .add(4.0 / 3.0)
      .mul(x)
      .add(Math.log(2.0));
    return where(this._outsideUnstableRegion(), logNorm, taylor);
  }
  /** The mean; a Taylor expansion around probs = 0.5 within lims. */
  override get mean(): Tensor {
    const cutProbs = this._cutProbs();
    const mus = cutProbs
      .div(cutProbs.mul(2.0).sub(1.0))
      .add(cutProbs.neg().log1p().sub(cutProbs.log()).reciprocal().mul(1.0));
    const x = this.probs.sub(0.5);
    const taylor = x
      .pow(2)
      .mul(16.0 / 45.0)
      .add(1.0 / 3.0)
      .mul(x)
      .add(0.5);
    return where(this._outsideUnstableRegion(), mus, taylor);
  }
  /** The square root of the variance. */
  override get stddev(): Tensor {
    return this.variance.sqrt();
  }
  /** The variance; a Taylor expansion around probs = 0.5 within lims. */
  override get variance(): Tensor {
    const cutProbs = this._cutProbs();
    const vars = cutProbs
      .mul(cutProbs.sub(1.0))
      .div(cutProbs.mul(2.0).rsub(1.0).pow(2))
      .add(cutProbs.neg().log1p().sub(cutProbs.log()).pow(2).reciprocal().mul(1.0));
    const x = this.probs.sub(0.5).pow(2);
    const taylor = x
      .mul(128.0 / 945.0)
      .rsub(1.0 / 15.0)
      .mul(x)
      .rsub(1.0 / 12.0);
    return where(this._outsideUnstableRegion(), vars, taylor);
  }
  /** The log-odds (computed from probs on first use when probs were given). */
  get logits(): Tensor {
    return this._lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** The parameter probs, clamped away from 0 and 1 (computed from logits on first use when logits were given). */
  get probs(): Tensor {
    return this._lazy("probs", () => clampProbs(logitsToProbs(this.logits, true)));
  }
  /** The shape of the parameter given at construction. */
  get paramShape(): number[] {
    return this._param.shape;
  }
  /** The icdf of uniform draws, without autograd history. */
  override sample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const u = rand(shape, { dtype: this.probs.dtype, device: this.probs.device });
    return noGrad(() => this.icdf(u));
  }
  /** The icdf of uniform draws. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const u = rand(shape, { dtype: this.probs.dtype, device: this.probs.device });
    return this.icdf(u);
  }
  /** The log density `-BCEWithLogits(logits, value)` plus the log normalizing constant. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [logits, v] = broadcastAll(this.logits, value);
    return binaryCrossEntropyWithLogits(logits, v, { reduction: "none" }).neg().add(this._contBernLogNorm());
  }
  /** The cdf `(p^x (1 - p)^(1 - x) + p - 1) / (2p - 1)`, 0 below 0 and 1 above 1; x itself where probs is within lims. */
  override cdf(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const cutProbs = this._cutProbs();
    const cdfs = cutProbs
      .pow(value)
      .mul(cutProbs.rsub(1.0).pow(value.rsub(1.0)))
      .add(cutProbs)
      .sub(1.0)
      .div(cutProbs.mul(2.0).sub(1.0));
    const unboundedCdfs = where(this._outsideUnstableRegion(), cdfs, value);
    return where(value.le(0.0), zerosLike(value), where(value.ge(1.0), onesLike(value), unboundedCdfs));
  }
  /** The inverse of cdf; value itself where probs is within lims. */
  override icdf(value: Tensor): Tensor {
    const cutProbs = this._cutProbs();
    return where(
      this._outsideUnstableRegion(),
      cutProbs
        .neg()
        .add(value.mul(cutProbs.mul(2.0).sub(1.0)))
        .log1p()
        .sub(cutProbs.neg().log1p())
        .div(cutProbs.log().sub(cutProbs.neg().log1p())),
      value,
    );
  }
  /** The entropy `mean (log(1 - p) - log p) - log C(p) - log(1 - p)`, C the normalizing constant. */
  override entropy(): Tensor {
    const logProbs0 = this.probs.neg().log1p();
    const logProbs1 = this.probs.log();
    return this.mean.mul(logProbs0.sub(logProbs1)).sub(this._contBernLogNorm()).sub(logProbs0);
  }
  override get _naturalParams(): Tensor[] {
    return [this.logits];
  }
  /** The log normalizer at natural parameter `x` (a Taylor expansion near 0). */
  override _logNormalizer(x: Tensor): Tensor {
    const outUnstReg = x.le(this._lims[0] - 0.5).maximum(x.gt(this._lims[1] - 0.5));
    const cutNatParams = where(outUnstReg, x, onesLike(x).mul(this._lims[0] - 0.5));
    const logNorm = cutNatParams.exp().sub(1.0).abs().log().sub(cutNatParams.abs().log());
    const taylor = x.mul(0.5).add(x.pow(2).div(24.0)).sub(x.pow(4).div(2880.0));
    return where(outUnstReg, logNorm, taylor);
  }
}
