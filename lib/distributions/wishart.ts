// torch.distributions.Wishart, op for op as PyTorch 1.13's wishart.py.

import { choleskySolve, diagEmbed, mvlgamma } from "../aten_ops";
import { arange, eye, randn, tensor, trilIndices } from "../creation";
import { ValueError } from "../errors";
import { broadcastShapes, einsum } from "../functions";
import { cholesky, slogdet } from "../linalg";
import { Tensor } from "../tensor";
import { finfo } from "../type_info";
import { warn } from "../warnings";
import { Chi2 } from "./chi2";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { precisionToScaleTril } from "./multivariate_normal";
import { pyFormat } from "./utils";

const LOG_2 = Math.log(2);

/** The scale in one of its three forms (exactly one), and validateArgs. */
export interface WishartOptions extends DistributionOptions {
  /** Positive-definite scale matrix. */
  covarianceMatrix?: Tensor | null;
  /** Positive-definite inverse of the scale matrix. */
  precisionMatrix?: Tensor | null;
  /** Lower-triangular factor of the scale matrix with a positive diagonal. */
  scaleTril?: Tensor | null;
}
const WISHART_KEYS = ["covarianceMatrix", "precisionMatrix", "scaleTril", "validateArgs"];

function assertionError(message: string): Error {
  return Object.assign(new Error(message), { name: "AssertionError" });
}

// wishart._mvdigamma: the multivariate digamma function.
function mvdigamma(x: Tensor, p: number): Tensor {
  if (
    !x
      .gt((p - 1) / 2)
      .all()
      .item()
  )
    throw assertionError("Wrong domain for multivariate digamma function.");
  return x
    .unsqueeze(-1)
    .sub(
      arange(p, { dtype: x.dtype, device: x.device })
        .div(2)
        .expand([...x.shape, -1]),
    )
    .digamma()
    .sum(-1);
}

// wishart._clamp_above_eps.
function clampAboveEps(x: Tensor): Tensor {
  return x.clamp(finfo(x.dtype).eps);
}

// Wishart.arg_constraints is one dict shared by the class, and each construction sets its 'df' entry
// to greater_than(ndim - 1), as PyTorch 1.13 does.
let dfConstraint: constraints.Constraint = constraints.greaterThan(0, false);

/**
 * distributions.Wishart(df, { covarianceMatrix | precisionMatrix | scaleTril }): the Wishart
 * distribution over positive-definite matrices with `df` degrees of freedom and the given scale
 * (Bartlett decomposition for draws, reparameterized).
 */
export class Wishart extends ExponentialFamily {
  /** The degrees of freedom, expanded to the batch shape. */
  declare df: Tensor;
  /** The lower-triangular factor of the scale, as given or computed (not expanded). */
  declare _unbroadcastedScaleTril: Tensor;
  /** The batch dimensions as negative indices (-1, -2, ...). */
  declare _batchDims: number[];
  /** The chi-squared distributions of Bartlett's diagonal. */
  declare _distChi2: Chi2;

  constructor(df: Tensor | number, o: WishartOptions = {}) {
    super();
    const bad = Object.keys(o).find((k) => !WISHART_KEYS.includes(k));
    if (bad !== undefined) throw new TypeError(`__init__() got an unexpected keyword argument '${bad}'`);
    const covarianceMatrix = o.covarianceMatrix ?? null;
    const precisionMatrix = o.precisionMatrix ?? null;
    const scaleTril = o.scaleTril ?? null;
    if (Number(covarianceMatrix !== null) + Number(scaleTril !== null) + Number(precisionMatrix !== null) !== 1)
      throw assertionError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.");
    const param = (covarianceMatrix ?? precisionMatrix ?? scaleTril) as Tensor;
    if (param.dim() < 2)
      throw new ValueError("scale_tril must be at least two-dimensional, with optional leading batch dimensions");
    let batchShape: number[];
    if (typeof df === "number") {
      batchShape = param.shape.slice(0, -2);
      this.df = tensor(df, { dtype: param.dtype, device: param.device });
    } else {
      batchShape = broadcastShapes(param.shape.slice(0, -2), df.shape);
      this.df = df.expand(batchShape);
    }
    const eventShape = param.shape.slice(-2);
    const p = eventShape[1];
    if (
      this.df
        .le(p - 1)
        .any()
        .item()
    ) {
      const shown = df instanceof Tensor ? pyFormat(df) : String(df);
      throw new ValueError(`Value of df=${shown} expected to be greater than ndim - 1 = ${p - 1}.`);
    }
    const matShape = [...batchShape, -1, -1];
    if (scaleTril !== null) this._setOwn("scaleTril", param.expand(matShape));
    else if (covarianceMatrix !== null) this._setOwn("covarianceMatrix", param.expand(matShape));
    else this._setOwn("precisionMatrix", param.expand(matShape));
    dfConstraint = constraints.greaterThan(p - 1, false);
    if (this.df.lt(p).any().item())
      warn("Low df values detected. Singular samples are highly likely to occur for ndim - 1 < df < ndim.");
    this._init(batchShape, eventShape, o.validateArgs);
    this._batchDims = this._batchShape.map((_, x) => -(x + 1));
    if (scaleTril !== null) this._unbroadcastedScaleTril = scaleTril;
    else if (covarianceMatrix !== null) this._unbroadcastedScaleTril = cholesky(covarianceMatrix);
    else this._unbroadcastedScaleTril = precisionToScaleTril(precisionMatrix as Tensor);
    this._distChi2 = new Chi2(
      this.df
        .unsqueeze(-1)
        .sub(
          arange(p, { dtype: this._unbroadcastedScaleTril.dtype, device: this._unbroadcastedScaleTril.device }).expand([
            ...batchShape,
            -1,
          ]),
        ),
    );
  }
  protected override _isLazy(name: string): boolean {
    return name === "covarianceMatrix" || name === "precisionMatrix" || name === "scaleTril";
  }
  /** The parameters' constraints: covarianceMatrix, precisionMatrix: positiveDefinite; scaleTril: lowerCholesky; df: greaterThan(p - 1) of the latest construction (one shared dict, as in PyTorch 1.13). */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return {
      covarianceMatrix: constraints.positiveDefinite,
      precisionMatrix: constraints.positiveDefinite,
      scaleTril: constraints.lowerCholesky,
      df: dfConstraint,
    };
  }
  /** The support: constraints.positiveDefinite. */
  override get support(): constraints.Constraint {
    return constraints.positiveDefinite;
  }
  /** True: {@link Wishart.rsample} is a reparameterized Bartlett draw. */
  override get hasRsample(): boolean {
    return true;
  }
  override get _meanCarrierMeasure(): number {
    return 0;
  }
  /** A new Wishart with df, the scale and Bartlett's chi-squared expanded to batchShape (not validated again). */
  override expand(batchShape: number[], _instance?: Wishart): Wishart {
    const n = this._checkedInstance(_instance);
    const covShape = [...batchShape, ...this._eventShape];
    n._unbroadcastedScaleTril = this._unbroadcastedScaleTril.expand(covShape);
    n.df = this.df.expand(batchShape);
    n._batchDims = batchShape.map((_, x) => -(x + 1));
    if (Object.hasOwn(this, "covarianceMatrix")) n._setOwn("covarianceMatrix", this.covarianceMatrix.expand(covShape));
    if (Object.hasOwn(this, "scaleTril")) n._setOwn("scaleTril", this.scaleTril.expand(covShape));
    if (Object.hasOwn(this, "precisionMatrix")) n._setOwn("precisionMatrix", this.precisionMatrix.expand(covShape));
    const p = this._eventShape[1];
    n._distChi2 = new Chi2(
      n.df
        .unsqueeze(-1)
        .sub(
          arange(p, { dtype: n._unbroadcastedScaleTril.dtype, device: n._unbroadcastedScaleTril.device }).expand([
            ...batchShape,
            -1,
          ]),
        ),
    );
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  private get matShape(): number[] {
    return [...this._batchShape, ...this._eventShape];
  }
  /** The lower-triangular factor of the scale, expanded to the batch shape. */
  get scaleTril(): Tensor {
    return this._lazy("scaleTril", () => this._unbroadcastedScaleTril.expand(this.matShape));
  }
  /** The scale matrix LLᵀ, expanded to the batch shape. */
  get covarianceMatrix(): Tensor {
    return this._lazy("covarianceMatrix", () =>
      this._unbroadcastedScaleTril.matmul(this._unbroadcastedScaleTril.transpose(-2, -1)).expand(this.matShape),
    );
  }
  /** The inverse of the scale matrix by cholesky_solve, expanded to the batch shape. */
  get precisionMatrix(): Tensor {
    return this._lazy("precisionMatrix", () => {
      const p = this._eventShape[1];
      const identity = eye(p, p, {
        device: this._unbroadcastedScaleTril.device,
        dtype: this._unbroadcastedScaleTril.dtype,
      });
      return choleskySolve(identity, this._unbroadcastedScaleTril).expand(this.matShape);
    });
  }
  /** `df * Σ`. */
  override get mean(): Tensor {
    return this.df.view([...this._batchShape, 1, 1]).mul(this.covarianceMatrix);
  }
  /** `(df - p - 1) Σ`; NaN where df <= p + 1. */
  override get mode(): Tensor {
    const factor = this.df.sub(this.covarianceMatrix.shape[this.covarianceMatrix.dim() - 1]).sub(1);
    factor.indexPut_([factor.le(0)], Number.NaN);
    return factor.view([...this._batchShape, 1, 1]).mul(this.covarianceMatrix);
  }
  /** The element-wise variances `df (Σij² + Σii Σjj)`. */
  override get variance(): Tensor {
    const V = this.covarianceMatrix;
    const diagV = V.diagonal(0, -2, -1);
    return this.df.view([...this._batchShape, 1, 1]).mul(V.pow(2).add(einsum("...i,...j->...ij", diagV, diagV)));
  }
  /** @internal A draw by the Bartlett decomposition. */
  _bartlettSampling(sampleShape: number[] = []): Tensor {
    const p = this._eventShape[1];
    const noise = diagEmbed(clampAboveEps(this._distChi2.rsample(sampleShape).sqrt()), { dim1: -2, dim2: -1 });
    const [i, j] = trilIndices(p, p, -1).unbind();
    noise.indexPut_(
      ["...", i, j],
      randn([...sampleShape, ...this._batchShape, Math.trunc((p * (p - 1)) / 2)], {
        dtype: noise.dtype,
        device: noise.device,
      }),
    );
    const chol = this._unbroadcastedScaleTril.matmul(noise);
    return chol.matmul(chol.transpose(-2, -1));
  }
  /**
   * A Bartlett draw, redrawn (up to `maxTryCorrection` times, default 10) where PyTorch 1.13's
   * singularity check flags it, with its "Singular sample detected." warning.
   */
  override rsample(sampleShape: number[] = [], maxTryCorrection: number | null = null): Tensor {
    if (maxTryCorrection === null) maxTryCorrection = 10;
    const sample = this._bartlettSampling(sampleShape);
    // PyTorch 1.13 flags the samples that pass the support check (and so redraws them once).
    let isSingular = this.support.check(sample);
    if (this._batchShape.length > 0) isSingular = isSingular.amax(this._batchDims);
    if (isSingular.any().item()) {
      warn("Singular sample detected.");
      for (let t = 0; t < maxTryCorrection; t++) {
        const sampleNew = this._bartlettSampling(isSingular.index(isSingular).shape);
        sample.indexPut_([isSingular], sampleNew);
        let isSingularNew = this.support.check(sampleNew).logicalNot();
        if (this._batchShape.length > 0) isSingularNew = isSingularNew.amax(this._batchDims);
        isSingular.indexPut_([isSingular.clone()], isSingularNew);
        if (!isSingular.any().item()) break;
      }
    }
    return sample;
  }
  /** The Wishart log density, through slogdet(value) and cholesky_solve with the scale's factor. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const nu = this.df;
    const p = this._eventShape[1];
    return nu
      .neg()
      .mul(
        this._unbroadcastedScaleTril
          .diagonal(0, -2, -1)
          .log()
          .sum(-1)
          .add((p * LOG_2) / 2),
      )
      .sub(mvlgamma(nu.div(2), p))
      .add(nu.sub(p).sub(1).div(2).mul(slogdet(value)[1]))
      .sub(choleskySolve(value, this._unbroadcastedScaleTril).diagonal(0, -2, -1).sum(-1).div(2));
  }
  /** The entropy, through the multivariate lgamma and digamma of df / 2. */
  override entropy(): Tensor {
    const nu = this.df;
    const p = this._eventShape[1];
    return this._unbroadcastedScaleTril
      .diagonal(0, -2, -1)
      .log()
      .sum(-1)
      .add((p * LOG_2) / 2)
      .mul(p + 1)
      .add(mvlgamma(nu.div(2), p))
      .sub(
        nu
          .sub(p)
          .sub(1)
          .div(2)
          .mul(mvdigamma(nu.div(2), p)),
      )
      .add(nu.mul(p).div(2));
  }
  override get _naturalParams(): Tensor[] {
    const nu = this.df;
    const p = this._eventShape[1];
    return [this.precisionMatrix.neg().div(2), nu.sub(p).sub(1).div(2)];
  }
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    const p = this._eventShape[1];
    return y
      .add((p + 1) / 2)
      .mul(
        slogdet(x.mul(-2))[1]
          .neg()
          .add(LOG_2 * p),
      )
      .add(mvlgamma(y.add((p + 1) / 2), p));
  }
}
