// torch.distributions.MultivariateNormal, op for op as PyTorch 1.13's multivariate_normal.py.

import { choleskyInverse } from "../aten_ops";
import { eye } from "../creation";
import { ValueError } from "../errors";
import { broadcastShapes } from "../functions";
import { cholesky, solveTriangular } from "../linalg";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { standardNormal } from "./utils";

/** The covariance in one of its three forms (exactly one), and validateArgs. */
export interface MultivariateNormalOptions extends DistributionOptions {
  /** Positive-definite covariance matrix Σ. */
  covarianceMatrix?: Tensor | null;
  /** Positive-definite precision matrix Σ⁻¹. */
  precisionMatrix?: Tensor | null;
  /** Lower-triangular factor L of Σ = LLᵀ with a positive diagonal. */
  scaleTril?: Tensor | null;
}
const MVN_KEYS = ["covarianceMatrix", "precisionMatrix", "scaleTril", "validateArgs"];

/** multivariate_normal._batch_mv: matrix-vector products over batches. */
export function batchMv(bmat: Tensor, bvec: Tensor): Tensor {
  return bmat.matmul(bvec.unsqueeze(-1)).squeeze(-1);
}

/**
 * multivariate_normal._batch_mahalanobis: the squared Mahalanobis distance `xᵀ(LLᵀ)⁻¹x` for a batch of
 * lower-triangular L and a batch of x whose batch shape broadcasts with L's.
 */
export function batchMahalanobis(bL: Tensor, bx: Tensor): Tensor {
  const n = bx.size(-1);
  const bxBatchShape = bx.shape.slice(0, -1);
  const bxBatchDims = bxBatchShape.length;
  const bLBatchDims = bL.dim() - 2;
  const outerBatchDims = bxBatchDims - bLBatchDims;
  const oldBatchDims = outerBatchDims + bLBatchDims;
  const newBatchDims = outerBatchDims + 2 * bLBatchDims;
  const bxNewShape = bx.shape.slice(0, outerBatchDims);
  const sLs = bL.shape.slice(0, -2);
  const sxs = bx.shape.slice(outerBatchDims, -1);
  for (let i = 0; i < Math.min(sLs.length, sxs.length); i++) bxNewShape.push(Math.floor(sxs[i] / sLs[i]), sLs[i]);
  bxNewShape.push(n);
  bx = bx.reshape(bxNewShape);
  const range = (a: number, b: number, step = 1) => {
    const r: number[] = [];
    for (let i = a; i < b; i += step) r.push(i);
    return r;
  };
  const permuteDims = [
    ...range(0, outerBatchDims),
    ...range(outerBatchDims, newBatchDims, 2),
    ...range(outerBatchDims + 1, newBatchDims, 2),
    newBatchDims,
  ];
  bx = bx.permute(permuteDims);
  const flatL = bL.reshape([-1, n, n]);
  const flatX = bx.reshape([-1, flatL.size(0), n]);
  const flatXSwap = flatX.permute([1, 2, 0]);
  const MSwap = solveTriangular(flatL, flatXSwap, { upper: false }).pow(2).sum(-2);
  const M = MSwap.t();
  const permutedM = M.reshape(bx.shape.slice(0, -1));
  const permuteInvDims = range(0, outerBatchDims);
  for (let i = 0; i < bLBatchDims; i++) permuteInvDims.push(outerBatchDims + i, oldBatchDims + i);
  const reshapedM = permutedM.permute(permuteInvDims);
  return reshapedM.reshape(bxBatchShape);
}

/** multivariate_normal._precision_to_scale_tril: the Cholesky factor of P⁻¹ without inverting P. */
export function precisionToScaleTril(P: Tensor): Tensor {
  const Lf = cholesky(P.flip([-2, -1]));
  const LInv = Lf.flip([-2, -1]).transpose(-2, -1);
  const Id = eye(P.size(-1), P.size(-1), { dtype: P.dtype, device: P.device });
  return solveTriangular(LInv, Id, { upper: false });
}

/**
 * distributions.MultivariateNormal(loc, { covarianceMatrix | precisionMatrix | scaleTril }): the
 * multivariate normal with mean `loc`, its covariance given in exactly one of the three forms.
 */
export class MultivariateNormal extends Distribution {
  /** The mean vector. */
  declare loc: Tensor;
  /** The lower-triangular factor of the covariance, as given or computed (not expanded). */
  declare _unbroadcastedScaleTril: Tensor;

  constructor(loc: Tensor, o: MultivariateNormalOptions = {}) {
    super();
    const validateArgs = (() => {
      const bad = Object.keys(o).find((k) => !MVN_KEYS.includes(k));
      if (bad !== undefined) throw new TypeError(`__init__() got an unexpected keyword argument '${bad}'`);
      return o.validateArgs;
    })();
    const covarianceMatrix = o.covarianceMatrix ?? null;
    const precisionMatrix = o.precisionMatrix ?? null;
    const scaleTril = o.scaleTril ?? null;
    if (loc.dim() < 1) throw new ValueError("loc must be at least one-dimensional.");
    if (Number(covarianceMatrix !== null) + Number(scaleTril !== null) + Number(precisionMatrix !== null) !== 1)
      throw new ValueError("Exactly one of covariance_matrix or precision_matrix or scale_tril may be specified.");
    let batchShape: number[];
    if (scaleTril !== null) {
      if (scaleTril.dim() < 2)
        throw new ValueError(
          "scale_tril matrix must be at least two-dimensional, with optional leading batch dimensions",
        );
      batchShape = broadcastShapes(scaleTril.shape.slice(0, -2), loc.shape.slice(0, -1));
      this._setOwn("scaleTril", scaleTril.expand([...batchShape, -1, -1]));
    } else if (covarianceMatrix !== null) {
      if (covarianceMatrix.dim() < 2)
        throw new ValueError(
          "covariance_matrix must be at least two-dimensional, with optional leading batch dimensions",
        );
      batchShape = broadcastShapes(covarianceMatrix.shape.slice(0, -2), loc.shape.slice(0, -1));
      this._setOwn("covarianceMatrix", covarianceMatrix.expand([...batchShape, -1, -1]));
    } else {
      const P = precisionMatrix as Tensor;
      if (P.dim() < 2)
        throw new ValueError(
          "precision_matrix must be at least two-dimensional, with optional leading batch dimensions",
        );
      batchShape = broadcastShapes(P.shape.slice(0, -2), loc.shape.slice(0, -1));
      this._setOwn("precisionMatrix", P.expand([...batchShape, -1, -1]));
    }
    this.loc = loc.expand([...batchShape, -1]);
    const eventShape = this.loc.shape.slice(-1);
    this._init(batchShape, eventShape, validateArgs);
    if (scaleTril !== null) this._unbroadcastedScaleTril = scaleTril;
    else if (covarianceMatrix !== null) this._unbroadcastedScaleTril = cholesky(covarianceMatrix);
    else this._unbroadcastedScaleTril = precisionToScaleTril(precisionMatrix as Tensor);
  }
  protected override _isLazy(name: string): boolean {
    return name === "covarianceMatrix" || name === "precisionMatrix" || name === "scaleTril";
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return {
      loc: constraints.realVector,
      covarianceMatrix: constraints.positiveDefinite,
      precisionMatrix: constraints.positiveDefinite,
      scaleTril: constraints.lowerCholesky,
    };
  }
  override get support(): constraints.Constraint {
    return constraints.realVector;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: MultivariateNormal): MultivariateNormal {
    const n = this._checkedInstance(_instance);
    const locShape = [...batchShape, ...this._eventShape];
    const covShape = [...batchShape, ...this._eventShape, ...this._eventShape];
    n.loc = this.loc.expand(locShape);
    n._unbroadcastedScaleTril = this._unbroadcastedScaleTril;
    if (Object.hasOwn(this, "covarianceMatrix")) n._setOwn("covarianceMatrix", this.covarianceMatrix.expand(covShape));
    if (Object.hasOwn(this, "scaleTril")) n._setOwn("scaleTril", this.scaleTril.expand(covShape));
    if (Object.hasOwn(this, "precisionMatrix")) n._setOwn("precisionMatrix", this.precisionMatrix.expand(covShape));
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  private get matShape(): number[] {
    return [...this._batchShape, ...this._eventShape, ...this._eventShape];
  }
  /** The lower-triangular factor L of the covariance, expanded to the batch shape. */
  get scaleTril(): Tensor {
    return this._lazy("scaleTril", () => this._unbroadcastedScaleTril.expand(this.matShape));
  }
  /** The covariance matrix LLᵀ, expanded to the batch shape. */
  get covarianceMatrix(): Tensor {
    return this._lazy("covarianceMatrix", () =>
      this._unbroadcastedScaleTril.matmul(this._unbroadcastedScaleTril.mT).expand(this.matShape),
    );
  }
  /** The precision matrix (LLᵀ)⁻¹ by cholesky_inverse, expanded to the batch shape. */
  get precisionMatrix(): Tensor {
    return this._lazy("precisionMatrix", () => choleskyInverse(this._unbroadcastedScaleTril).expand(this.matShape));
  }
  override get mean(): Tensor {
    return this.loc;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  override get variance(): Tensor {
    return this._unbroadcastedScaleTril
      .pow(2)
      .sum(-1)
      .expand([...this._batchShape, ...this._eventShape]);
  }
  /** `loc + L eps` with standard normal `eps`. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const eps = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(batchMv(this._unbroadcastedScaleTril, eps));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diff = value.sub(this.loc);
    const M = batchMahalanobis(this._unbroadcastedScaleTril, diff);
    const halfLogDet = this._unbroadcastedScaleTril.diagonal(0, -2, -1).log().sum(-1);
    return M.add(this._eventShape[0] * Math.log(2 * Math.PI))
      .mul(-0.5)
      .sub(halfLogDet);
  }
  override entropy(): Tensor {
    const halfLogDet = this._unbroadcastedScaleTril.diagonal(0, -2, -1).log().sum(-1);
    const H = halfLogDet.add(0.5 * this._eventShape[0] * (1.0 + Math.log(2 * Math.PI)));
    if (this._batchShape.length === 0) return H;
    return H.expand(this._batchShape);
  }
}
