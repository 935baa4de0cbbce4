// torch.distributions.LowRankMultivariateNormal, op for op as PyTorch 1.13's
// lowrank_multivariate_normal.py.

import { broadcastTensors, diagEmbed } from "../aten_ops";
import { ValueError } from "../errors";
import { slice } from "../indexing";
import { cholesky, solveTriangular } from "../linalg";
import type { Tensor } from "../tensor";
import { pySize } from "../utils/pyrepr";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { batchMahalanobis, batchMv } from "./multivariate_normal";
import { sameShape, standardNormal, validateArgsOf } from "./utils";

/** lowrank_multivariate_normal._batch_capacitance_tril: the Cholesky factor of `I + Wᵀ D⁻¹ W`. */
export function batchCapacitanceTril(W: Tensor, D: Tensor): Tensor {
  const m = W.size(-1);
  const WtDinv = W.mT.div(D.unsqueeze(-2));
  const K = WtDinv.matmul(W).contiguous();
  K.view([-1, m * m])
    .index(slice(), slice(null, null, m + 1))
    .add_(1); // adds the identity matrix to K
  return cholesky(K);
}

/** lowrank_multivariate_normal._batch_lowrank_logdet: `log|W Wᵀ + D|` by the matrix determinant lemma. */
export function batchLowrankLogdet(_W: Tensor, D: Tensor, capacitanceTril: Tensor): Tensor {
  return capacitanceTril.diagonal(0, -2, -1).log().sum(-1).mul(2).add(D.log().sum(-1));
}

/**
 * lowrank_multivariate_normal._batch_lowrank_mahalanobis: the squared Mahalanobis distance
 * `xᵀ (W Wᵀ + D)⁻¹ x` by the Woodbury identity.
 */
export function batchLowrankMahalanobis(W: Tensor, D: Tensor, x: Tensor, capacitanceTril: Tensor): Tensor {
  const WtDinv = W.mT.div(D.unsqueeze(-2));
  const WtDinvX = batchMv(WtDinv, x);
  const mahalanobisTerm1 = x.pow(2).div(D).sum(-1);
  const mahalanobisTerm2 = batchMahalanobis(capacitanceTril, WtDinvX);
  return mahalanobisTerm1.sub(mahalanobisTerm2);
}

/**
 * distributions.LowRankMultivariateNormal(loc, covFactor, covDiag): the multivariate normal whose
 * covariance is `covFactor @ covFactorᵀ + diag(covDiag)`; densities use the small "capacitance"
 * matrix `I + covFactorᵀ diag(covDiag)⁻¹ covFactor` (Woodbury identity, determinant lemma).
 */
export class LowRankMultivariateNormal extends Distribution {
  /** The mean, `batchShape + eventShape`. */
  declare loc: Tensor;
  /** The factor W, `batchShape + eventShape + [rank]`. */
  declare covFactor: Tensor;
  /** The diagonal D, `batchShape + eventShape`. */
  declare covDiag: Tensor;
  declare _unbroadcastedCovFactor: Tensor;
  declare _unbroadcastedCovDiag: Tensor;
  /** The Cholesky factor of the capacitance matrix. */
  declare _capacitanceTril: Tensor;

  constructor(loc: Tensor, covFactor: Tensor, covDiag: Tensor, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    if (loc.dim() < 1) throw new ValueError("loc must be at least one-dimensional.");
    const eventShape = loc.shape.slice(-1);
    if (covFactor.dim() < 2)
      throw new ValueError("cov_factor must be at least two-dimensional, with optional leading batch dimensions");
    if (!sameShape(covFactor.shape.slice(-2, -1), eventShape))
      throw new ValueError(`cov_factor must be a batch of matrices with shape ${eventShape[0]} x m`);
    if (!sameShape(covDiag.shape.slice(-1), eventShape))
      throw new ValueError(`cov_diag must be a batch of vectors with shape ${pySize(eventShape)}`);
    let loc_ = loc.unsqueeze(-1);
    let covDiag_ = covDiag.unsqueeze(-1);
    try {
      [loc_, this.covFactor, covDiag_] = broadcastTensors(loc_, covFactor, covDiag_);
    } catch {
      throw new ValueError(
        `Incompatible batch shapes: loc ${pySize(loc.shape)}, cov_factor ${pySize(covFactor.shape)}, cov_diag ${pySize(covDiag.shape)}`,
      );
    }
    this.loc = loc_.select(-1, 0);
    this.covDiag = covDiag_.select(-1, 0);
    const batchShape = this.loc.shape.slice(0, -1);
    this._unbroadcastedCovFactor = covFactor;
    this._unbroadcastedCovDiag = covDiag;
    this._capacitanceTril = batchCapacitanceTril(covFactor, covDiag);
    this._init(batchShape, eventShape, validateArgs);
  }
  /** The parameters' constraints: loc: realVector; covFactor: independent(real, 2); covDiag: independent(positive, 1). */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return {
      loc: constraints.realVector,
      covFactor: constraints.independent(constraints.real, 2),
      covDiag: constraints.independent(constraints.positive, 1),
    };
  }
  /** The support: constraints.realVector. */
  override get support(): constraints.Constraint {
    return constraints.realVector;
  }
  /** True: {@link LowRankMultivariateNormal.rsample} is reparameterized. */
  override get hasRsample(): boolean {
    return true;
  }
  /** A new LowRankMultivariateNormal with loc, covFactor and covDiag expanded to batchShape (not validated again). */
  override expand(batchShape: number[], _instance?: LowRankMultivariateNormal): LowRankMultivariateNormal {
    const n = this._checkedInstance(_instance);
    const locShape = [...batchShape, ...this._eventShape];
    n.loc = this.loc.expand(locShape);
    n.covDiag = this.covDiag.expand(locShape);
    n.covFactor = this.covFactor.expand([...locShape, ...this.covFactor.shape.slice(-1)]);
    n._unbroadcastedCovFactor = this._unbroadcastedCovFactor;
    n._unbroadcastedCovDiag = this._unbroadcastedCovDiag;
    n._capacitanceTril = this._capacitanceTril;
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** The mean: loc. */
  override get mean(): Tensor {
    return this.loc;
  }
  /** The mode: loc. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** The diagonal of the covariance (computed once). */
  override get variance(): Tensor {
    return this._lazy("variance", () =>
      this._unbroadcastedCovFactor
        .pow(2)
        .sum(-1)
        .add(this._unbroadcastedCovDiag)
        .expand([...this._batchShape, ...this._eventShape]),
    );
  }
  private get matShape(): number[] {
    return [...this._batchShape, ...this._eventShape, ...this._eventShape];
  }
  /**
   * The lower Cholesky factor of the covariance, as `D^½ cholesky(I + D^-½ W Wᵀ D^-½)` (a
   * well-conditioned factorization; computed once).
   */
  get scaleTril(): Tensor {
    return this._lazy("scaleTril", () => {
      const n = this._eventShape[0];
      const covDiagSqrtUnsqueeze = this._unbroadcastedCovDiag.sqrt().unsqueeze(-1);
      const DinvsqrtW = this._unbroadcastedCovFactor.div(covDiagSqrtUnsqueeze);
      const K = DinvsqrtW.matmul(DinvsqrtW.mT).contiguous();
      K.view([-1, n * n])
        .index(slice(), slice(null, null, n + 1))
        .add_(1); // adds the identity matrix to K
      const scaleTril = covDiagSqrtUnsqueeze.mul(cholesky(K));
      return scaleTril.expand(this.matShape);
    });
  }
  /** `W Wᵀ + diag(D)`, expanded to the batch shape (computed once). */
  get covarianceMatrix(): Tensor {
    return this._lazy("covarianceMatrix", () =>
      this._unbroadcastedCovFactor
        .matmul(this._unbroadcastedCovFactor.mT)
        .add(diagEmbed(this._unbroadcastedCovDiag))
        .expand(this.matShape),
    );
  }
  /** The inverse covariance by the Woodbury identity, expanded to the batch shape (computed once). */
  get precisionMatrix(): Tensor {
    return this._lazy("precisionMatrix", () => {
      const WtDinv = this._unbroadcastedCovFactor.mT.div(this._unbroadcastedCovDiag.unsqueeze(-2));
      const A = solveTriangular(this._capacitanceTril, WtDinv, { upper: false });
      const precisionMatrix = diagEmbed(this._unbroadcastedCovDiag.reciprocal()).sub(A.mT.matmul(A));
      return precisionMatrix.expand(this.matShape);
    });
  }
  /** `loc + W epsW + sqrt(D) * epsD` with standard normal `epsW` (rank-sized) and `epsD`. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const WShape = [...shape.slice(0, -1), ...this.covFactor.shape.slice(-1)];
    const epsW = standardNormal(WShape, this.loc.dtype, this.loc.device);
    const epsD = standardNormal(shape, this.loc.dtype, this.loc.device);
    return this.loc.add(batchMv(this._unbroadcastedCovFactor, epsW)).add(this._unbroadcastedCovDiag.sqrt().mul(epsD));
  }
  /** The normal log density by the Woodbury identity and the determinant lemma (no full covariance formed). */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diff = value.sub(this.loc);
    const M = batchLowrankMahalanobis(
      this._unbroadcastedCovFactor,
      this._unbroadcastedCovDiag,
      diff,
      this._capacitanceTril,
    );
    const logDet = batchLowrankLogdet(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, this._capacitanceTril);
    return logDet
      .add(this._eventShape[0] * Math.log(2 * Math.PI))
      .add(M)
      .mul(-0.5);
  }
  /** The entropy `½ (k (1 + log 2π) + log|Σ|)` by the determinant lemma, expanded to batchShape. */
  override entropy(): Tensor {
    const logDet = batchLowrankLogdet(this._unbroadcastedCovFactor, this._unbroadcastedCovDiag, this._capacitanceTril);
    const H = logDet.add(this._eventShape[0] * (1.0 + Math.log(2 * Math.PI))).mul(0.5);
    if (this._batchShape.length === 0) return H;
    return H.expand(this._batchShape);
  }
}
