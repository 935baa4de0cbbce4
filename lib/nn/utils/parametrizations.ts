// torch.nn.utils.parametrizations (torch/nn/utils/parametrizations.py): orthogonal and spectral_norm
// as parametrizations (lib/nn/utils/parametrize.ts) over a module's weight.

import { householderProduct, solve } from "../../aten_linalg";
import { geqrf, matrixExp } from "../../aten_ops";
import { noGrad } from "../../autograd";
import { cat, eye, randn, zerosLike } from "../../creation";
import { IndexError, NotImplementedError, ValueError } from "../../errors";
import { Tensor } from "../../tensor";
import { finfo } from "../../type_info";
import { checkKwargs } from "../../utils/kwargs";
import { pySize } from "../../utils/pyrepr";
import { normalize } from "../functional";
import { Module } from "../module";
import { ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "../modules/conv";
import { registerParametrization } from "./parametrize";

type OrthMap = "matrix_exp" | "cayley" | "householder";
const ORTH_MAPS: readonly string[] = ["matrix_exp", "cayley", "householder"];

// Whether Q^H Q is the identity: torch.allclose with atol 10 n eps of Q's dtype (rtol stays its 1e-5).
function isOrthogonal(q: Tensor): boolean {
  const [n, k] = [q.size(-2), q.size(-1)];
  const id = eye(k, k, { dtype: q.dtype, device: q.device });
  return q.mH.matmul(q).allclose(id, 1e-5, 10 * n * finfo(q.dtype).eps);
}

// The Q of a QR decomposition, with the signs making R's diagonal positive.
function makeOrthogonal(a: Tensor): Tensor {
  const [x, tau] = geqrf(a);
  const q = householderProduct(x, tau);
  return q.mul_(x.diagonal(0, -2, -1).sgn().unsqueeze(-2));
}

/** The module `orthogonal` registers (PyTorch's _Orthogonal): a map from any matrix to an orthogonal one. */
export class Orthogonal extends Module {
  declare base: Tensor | null;
  readonly shape: number[];
  readonly orthogonalMap: OrthMap;

  constructor(weight: Tensor, orthogonalMap: OrthMap, opts: { useTrivialization?: boolean } = {}) {
    super();
    checkKwargs(opts, ["useTrivialization"], "_Orthogonal");
    if (weight.isComplex() && orthogonalMap === "householder")
      throw new ValueError("The householder parametrization does not support complex tensors.");
    this.shape = weight.shape;
    this.orthogonalMap = orthogonalMap;
    if (opts.useTrivialization ?? true) this.registerBuffer("base", null);
  }
  override _getName(): string {
    return "_Orthogonal";
  }

  forward(input: Tensor): Tensor {
    let x = input;
    let [n, k] = [x.size(-2), x.size(-1)];
    const transposed = n < k;
    if (transposed) {
      x = x.mT;
      [n, k] = [k, n];
    }
    let q: Tensor;
    if (this.orthogonalMap === "householder") {
      const a = x.tril(-1);
      const tau = a.mul(a).sum(-2).add(1).reciprocal().mul(2);
      q = householderProduct(a, tau);
      q = q.mul(x.diagonal(0, -2, -1).int().unsqueeze(-2));
    } else {
      x = x.tril();
      if (n !== k) x = cat([x, x.newZeros([n, n - k]).expand([...x.shape.slice(0, -2), -1, -1])], -1);
      const a = x.sub(x.mH);
      if (this.orthogonalMap === "matrix_exp") q = matrixExp(a);
      else {
        const id = eye(n, n, { dtype: a.dtype, device: a.device });
        q = solve(id.add(a, { alpha: -0.5 }), id.add(a, { alpha: 0.5 }));
      }
      if (n !== k) q = q.narrow(-1, 0, k);
    }
    if (this._buffers.has("base")) q = (this.base as Tensor).matmul(q);
    return transposed ? q.mT : q;
  }

  /**
   * Assigning an orthogonal matrix to the weight: with the trivialization it becomes the base (made
   * orthogonal by QR if it is not) and the original is set to the matrix that the map sends to the identity.
   */
  rightInverse(q: Tensor): Tensor {
    return noGrad(() => {
      if (!sameShape(q.shape, this.shape)) {
        throw new ValueError(
          `Expected a matrix or batch of matrices of shape ${pySize(this.shape)}. Got a tensor of shape ${pySize(q.shape)}.`,
        );
      }
      const qInit = q;
      let [n, k] = [q.size(-2), q.size(-1)];
      const transpose = n < k;
      if (transpose) {
        q = q.mT;
        [n, k] = [k, n];
      }
      if (!this._buffers.has("base")) {
        if (this.orthogonalMap !== "householder") {
          throw new NotImplementedError(
            "It is not possible to assign to the matrix exponential or the Cayley parametrizations when use_trivialization=False.",
          );
        }
        const [a, tau] = geqrf(q);
        const d = a.diagonal(0, -2, -1);
        d.sign_();
        d.copy_(d.neg().where(tau.eq(0), d));
        return transpose ? a.mT : a;
      }
      if (n === k) q = isOrthogonal(q) ? q.clone() : makeOrthogonal(q);
      else {
        const noise = randn([...q.shape.slice(0, -2), n, n - k], { dtype: q.dtype, device: q.device });
        q = makeOrthogonal(cat([q, noise], -1));
      }
      this.base = q;
      const negId = zerosLike(qInit);
      negId.diagonal(0, -2, -1).fill_(-1);
      return negId;
    });
  }
}

const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((s, i) => s === b[i]);

function tensorAttr(module: Module, name: string): Tensor {
  const w = name in module ? (module as unknown as Record<string, unknown>)[name] : undefined;
  if (!(w instanceof Tensor)) throw new ValueError(`Module '${module}' has no parameter or buffer with name '${name}'`);
  return w;
}

/** orthogonal's keyword arguments. */
export interface OrthogonalOptions {
  /** "matrix_exp", "cayley" or "householder" (default: matrix_exp for square or complex, else householder). */
  orthogonalMap?: OrthMap | null;
  /** Keep a base and parametrize around it (default true), so the weight can be assigned any orthogonal matrix. */
  useTrivialization?: boolean;
}

/**
 * parametrizations.orthogonal(module, name = "weight", orthogonalMap = null, { useTrivialization }):
 * `module[name]` stays an orthogonal (unitary) matrix, or a batch of them, through training.
 */
export function orthogonal<M extends Module>(
  module: M,
  name = "weight",
  orthogonalMap: OrthMap | null | OrthogonalOptions = null,
  opts: OrthogonalOptions = {},
): M {
  if (orthogonalMap !== null && typeof orthogonalMap === "object") {
    opts = orthogonalMap;
    orthogonalMap = opts.orthogonalMap ?? null;
  }
  checkKwargs(opts, ["orthogonalMap", "useTrivialization"], "orthogonal");
  const weight = tensorAttr(module, name);
  if (weight.dim() < 2)
    throw new ValueError(`Expected a matrix or batch of matrices. Got a tensor of ${weight.dim()} dimensions.`);
  const map =
    orthogonalMap ?? (weight.size(-2) === weight.size(-1) || weight.isComplex() ? "matrix_exp" : "householder");
  if (!ORTH_MAPS.includes(map)) {
    throw new ValueError(`orthogonal_map has to be one of "matrix_exp", "cayley", "householder". Got: ${map}`);
  }
  const orth = new Orthogonal(weight, map, { useTrivialization: opts.useTrivialization ?? true });
  registerParametrization(module, name, orth, { unsafe: true });
  return module;
}

/** The module `spectralNorm` registers (PyTorch's _SpectralNorm): the weight over its largest singular value. */
export class SpectralNorm extends Module {
  declare _u: Tensor;
  declare _v: Tensor;
  readonly dim: number;
  readonly eps: number;
  readonly nPowerIterations: number = 0;

  constructor(weight: Tensor, nPowerIterations = 1, dim = 0, eps = 1e-12) {
    super();
    const ndim = weight.dim();
    if (dim >= ndim || dim < -ndim) {
      throw new IndexError(
        `Dimension out of range (expected to be in range of [-${ndim}, ${ndim - 1}] but got ${dim})`,
      );
    }
    if (nPowerIterations <= 0) {
      throw new ValueError(
        `Expected n_power_iterations to be positive, but got n_power_iterations=${nPowerIterations}`,
      );
    }
    this.dim = dim >= 0 ? dim : dim + ndim;
    this.eps = eps;
    if (ndim > 1) {
      this.nPowerIterations = nPowerIterations;
      const mat = this.reshapeWeightToMatrix(weight);
      const [h, w] = mat.shape as [number, number];
      const u = mat.newEmpty([h]).normal_(0, 1);
      const v = mat.newEmpty([w]).normal_(0, 1);
      this.registerBuffer("_u", normalize(u, 2, 0, this.eps));
      this.registerBuffer("_v", normalize(v, 2, 0, this.eps));
      this.powerMethod(mat, 15);
    }
  }
  override _getName(): string {
    return "_SpectralNorm";
  }

  private reshapeWeightToMatrix(weight: Tensor): Tensor {
    if (this.dim !== 0) {
      const rest = Array.from({ length: weight.dim() }, (_, d) => d).filter((d) => d !== this.dim);
      weight = weight.permute([this.dim, ...rest]);
    }
    return weight.flatten(1);
  }

  // Power iteration on u and v, written into the buffers themselves (out=), without recording.
  private powerMethod(mat: Tensor, iterations: number): void {
    noGrad(() => {
      for (let i = 0; i < iterations; i++) {
        this._u = normalize(mat.mv(this._v), 2, 0, this.eps, this._u);
        this._v = normalize(mat.t().mv(this._u), 2, 0, this.eps, this._v);
      }
    });
  }

  forward(weight: Tensor): Tensor {
    if (weight.dim() === 1) return normalize(weight, 2, 0, this.eps);
    const mat = this.reshapeWeightToMatrix(weight);
    if (this.training) this.powerMethod(mat, this.nPowerIterations);
    const u = this._u.clone();
    const v = this._v.clone();
    const sigma = u.dot(mat.mv(v));
    return weight.div(sigma);
  }

  /** Assigning a weight stores it as it is. */
  rightInverse(value: Tensor): Tensor {
    return value;
  }
}

/** spectralNorm's keyword arguments. */
export interface SpectralNormOptions {
  /** Power iterations per training forward (default 1). */
  nPowerIterations?: number;
  /** Added to norms (default 1e-12). */
  eps?: number;
  /** The dimension of output channels (default 0, or 1 for ConvTranspose). */
  dim?: number | null;
}

/**
 * parametrizations.spectral_norm(module, name = "weight", nPowerIterations = 1, eps = 1e-12, dim = null):
 * `module[name]` divided by its spectral norm, estimated by power iteration in training mode.
 */
export function spectralNorm<M extends Module>(
  module: M,
  name = "weight",
  nPowerIterations: number | SpectralNormOptions = 1,
  eps = 1e-12,
  dim: number | null = null,
): M {
  if (typeof nPowerIterations === "object" && nPowerIterations !== null) {
    const o = nPowerIterations;
    checkKwargs(o, ["nPowerIterations", "eps", "dim"], "spectral_norm");
    nPowerIterations = o.nPowerIterations ?? 1;
    eps = o.eps ?? 1e-12;
    dim = o.dim ?? null;
  }
  const weight = tensorAttr(module, name);
  const transposed =
    module instanceof ConvTranspose1d || module instanceof ConvTranspose2d || module instanceof ConvTranspose3d;
  registerParametrization(module, name, new SpectralNorm(weight, nPowerIterations, dim ?? (transposed ? 1 : 0), eps));
  return module;
}
