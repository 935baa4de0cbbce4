// torch.lobpcg: PyTorch 1.13's LOBPCG eigensolver (torch/_lobpcg.py, with the helpers of torch/_linalg_utils.py)
// as the same sequence of libtorch ops: the basic method [Knyazev2001] and the robust "ortho" method
// [StathopoulosEtal2002, DuerschEtal2018], dense, sparse (COO) and batched input, a tracker called with the
// LOBPCG worker at each step, and the backward of LOBPCGAutogradFunction (_symeig_backward) when A requires grad.
// The random initial X (when none is given) and the backward's orthogonal complement are drawn as PyTorch draws
// them (the default generator; a fresh torch.Generator), so the same seed gives the same results.

import { cholesky, eigh, solveTriangular } from "./aten_linalg";
import { choleskySolve, diagEmbed, geqrf, orgqr } from "./aten_ops";
import { Function as AutogradFunction, type FunctionCtx } from "./autograd_function";
import * as creation from "./creation";
import type { DType } from "./dtype";
import { KeyError, ValueError } from "./errors";
import { addcmul, flip } from "./functions";
import { slice } from "./indexing";
import { qr } from "./linalg";
import { Generator } from "./random";
import * as sparse from "./sparse";
import type { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";
import { pySize } from "./utils/pyrepr";

// Python's AssertionError (_lobpcg.py checks shapes and counts with assert).
const assertionError = (message: string) => Object.assign(new Error(message), { name: "AssertionError" });
const ALL = slice(null, null);
const sl = (start: number | null, stop?: number | null) => slice(start, stop ?? null);
/** aten::where(condition): the indices where a 1-D condition holds (torch.where(cond)[0]). */
const whereIdx = (c: Tensor): Tensor => (creation.where as unknown as (c: Tensor) => Tensor[])(c)[0] as Tensor;

// ---- torch/_linalg_utils.py

/** _utils.get_floating_dtype: A's dtype when it is float16/32/64, else float32. */
function floatingDtype(A: Tensor): DType {
  const d = A.dtype;
  return d === "float16" || d === "float32" || d === "float64" ? d : "float32";
}
/** _utils.matmul: B when A is None, torch.sparse.mm for a sparse COO A, else torch.matmul. */
function matmul(A: Tensor | null, B: Tensor): Tensor {
  if (A === null) return B;
  return A.isSparse ? sparse.mm(A, B) : A.matmul(B);
}
/** _utils.transpose: the last two dims swapped. */
const transpose = (A: Tensor) => A.transpose(A.dim() - 1, A.dim() - 2);
/** _utils.bform: X^T A Y. */
const bform = (X: Tensor, A: Tensor | null, Y: Tensor) => matmul(transpose(X), matmul(A, Y));
/** _utils.qform: S^T A S. */
const qform = (A: Tensor | null, S: Tensor) => bform(S, A, S);
/** _utils.basis: an orthonormal basis of A's columns (orgqr(geqrf(A)) on the CPU, linalg.qr's Q elsewhere). */
function basis(A: Tensor): Tensor {
  if (A.isCuda) return (qr(A) as unknown as Tensor[])[0] as Tensor;
  const [a, tau] = geqrf(A);
  return orgqr(a, tau);
}
/** _utils.symeig: linalg.eigh(A, UPLO="U"), flipped to descending order when `largest`. */
function symeig(A: Tensor, largest: boolean | null = false): [Tensor, Tensor] {
  let [E, Z] = eigh(A, { UPLO: "U" });
  if (largest) {
    E = flip(E, [-1]);
    Z = flip(Z, [-1]);
  }
  return [E, Z];
}

// ---- the backward (_symeig_backward)

function symeigBackwardCompleteEigenspace(Dgrad: Tensor, Ugrad: Tensor, _A: Tensor, D: Tensor, U: Tensor): Tensor {
  // F_ij = (d_j - d_i)^-1 for i != j, F_ii = 0.
  const F = D.unsqueeze(-2).sub(D.unsqueeze(-1));
  F.diagonal(0, -2, -1).fill_(Number.POSITIVE_INFINITY);
  F.pow_(-1);
  // A.grad = U (D.grad + (U^T U.grad * F)) U^T
  const Ut = U.mT.contiguous();
  return U.matmul(diagEmbed(Dgrad).add(Ut.matmul(Ugrad).mul(F)).matmul(Ut));
}

/** The coefficients (a_0, ..., a_n = 1) of prod_i (x - roots_i), by Horner's rule over copies. */
function polynomialCoefficientsGivenRoots(roots: Tensor): Tensor {
  const order = roots.shape[roots.dim() - 1] as number;
  const shape = [...roots.shape];
  shape[shape.length - 1] = order + 2;
  let coeffs = roots.newZeros(shape);
  coeffs.indexPut_(["...", 0], 1);
  coeffs.indexPut_(["...", -1], 1);
  for (let i = 1; i <= order; i++) {
    const next = roots.requiresGrad ? coeffs.clone() : coeffs;
    const out = next.narrow(-1, order - i, i + 1);
    out.sub_(roots.narrow(-1, i - 1, 1).mul(coeffs.narrow(-1, order - i + 1, i + 1)));
    coeffs = next;
  }
  return coeffs.narrow(-1, 1, order + 1);
}

type Transition = (cur: Tensor, x: Tensor, coeff: Tensor) => Tensor;
function polynomialValue(poly: Tensor, x: Tensor, zeroPower: Tensor, transition: Transition): Tensor {
  let res = zeroPower.clone();
  for (let k = (poly.shape[poly.dim() - 1] as number) - 2; k >= 0; k--) res = transition(res, x, poly.index("...", k));
  return res;
}
function matrixPolynomialValue(poly: Tensor, x: Tensor): Tensor {
  const transition: Transition = (cur, x, coeff) => {
    const res = x.matmul(cur);
    res.diagonal(0, -2, -1).add_(coeff.unsqueeze(-1));
    return res;
  };
  const n = x.shape[x.dim() - 1] as number;
  const zeroPower = creation
    .eye(n, n, { dtype: x.dtype, device: x.device as never })
    .view([...new Array(x.dim() - 2).fill(1), n, n]);
  return polynomialValue(poly, x, zeroPower, transition);
}
function vectorPolynomialValue(poly: Tensor, x: Tensor): Tensor {
  const transition: Transition = (cur, x, coeff) => addcmul(coeff.unsqueeze(-1), x, cur);
  return polynomialValue(poly, x, x.newOnes(1).expand(x.shape), transition);
}

function symeigBackwardPartialEigenspace(
  Dgrad: Tensor,
  Ugrad: Tensor,
  A: Tensor,
  D: Tensor,
  U: Tensor,
  largest: boolean,
): Tensor {
  // The projector I - U U^T onto the orthogonal complement of span(U).
  const Ut = U.mT.contiguous();
  const projUOrtho = U.matmul(Ut).neg();
  projUOrtho.diagonal(0, -2, -1).add_(1);
  // A basis of that complement: the projection of a random [..., m, m - k] matrix, drawn from a fresh
  // generator (PyTorch's "fix generator for determinism").
  const gen = new Generator(A.device as never);
  const m = A.shape[A.dim() - 1] as number;
  const kD = D.shape[D.dim() - 1] as number;
  const UOrtho = projUOrtho.matmul(
    creation.randn([...A.shape.slice(0, -1), m - kD], { dtype: A.dtype, device: A.device as never, generator: gen }),
  );
  const UOrthoT = UOrtho.mT.contiguous();
  // The characteristic polynomial of D (its roots are D's entries).
  const chrPolyD = polynomialCoefficientsGivenRoots(D);
  // The explicit solution of the Sylvester equation U_ortho^T A U_ortho dX - dX D = -U_ortho^T A U.
  let UgradProjected = Ugrad;
  const seriesAcc = UgradProjected.newZeros(UgradProjected.shape);
  const nPoly = chrPolyD.shape[chrPolyD.dim() - 1] as number;
  let k = 0;
  for (k = 1; k < nPoly; k++) {
    const polyD = vectorPolynomialValue(chrPolyD.index("...", sl(k)), D);
    seriesAcc.add_(UgradProjected.mul(polyD.unsqueeze(-2)));
    UgradProjected = A.matmul(UgradProjected);
  }
  k -= 1; // Python's loop variable keeps its last value
  const chrPolyDAtA = matrixPolynomialValue(chrPolyD, A);
  const chrPolyDAtAToUOrtho = UOrthoT.matmul(chrPolyDAtA.matmul(UOrtho));
  // Positive-definite unless `largest` with an odd k (then negative-definite): Cholesky of the sign times it.
  const sign = largest && k % 2 === 1 ? -1 : 1;
  const L = cholesky(chrPolyDAtAToUOrtho.mul(sign));
  const res = symeigBackwardCompleteEigenspace(Dgrad, Ugrad, A, D, U);
  res.sub_(UOrtho.matmul(choleskySolve(UOrthoT.matmul(seriesAcc), L).mul(sign)).matmul(Ut));
  return res;
}

function symeigBackward(Dgrad: Tensor, Ugrad: Tensor, A: Tensor, D: Tensor, U: Tensor, largest: boolean): Tensor {
  // U square: its columns are the whole eigenspace.
  if (U.shape[U.dim() - 1] === U.shape[U.dim() - 2]) return symeigBackwardCompleteEigenspace(Dgrad, Ugrad, A, D, U);
  return symeigBackwardPartialEigenspace(Dgrad, Ugrad, A, D, U, largest);
}

// ---- the worker

/** The LOBPCG worker's state, as a tracker sees it (PyTorch's LOBPCG instance). */
export class LOBPCG {
  A: Tensor | null;
  B: Tensor | null;
  iK: Tensor | null;
  /** Integer parameters: m, n, k, niter (and ortho_i_max, ortho_j_max, batch_index). */
  iparams: Record<string, number>;
  /** Float parameters: tol (and ortho_tol, ortho_tol_drop, ortho_tol_replace). */
  fparams: Record<string, number>;
  /** Boolean parameters: largest (and ortho_use_drop). */
  bparams: Record<string, boolean>;
  method: string;
  tracker: ((worker: LOBPCG) => void) | null;
  /** The current approximation of the eigenvectors (m x n). */
  X: Tensor;
  /** The current approximation of the eigenvalues (n). */
  E: Tensor;
  /** The current residual (m x n). */
  R: Tensor;
  /** The search subspace (m x 3n). */
  S: Tensor;
  /** Tensor-valued iteration variables: rerr (the convergence criteria). */
  tvars: Record<string, Tensor> = {};
  /** Integer iteration variables: istep, iterations_left, converged_count, converged_end, ortho_i, ortho_j. */
  ivars: Record<string, number> = { istep: 0 };
  /** Float iteration variables: X_norm, A_norm, B_norm and the ortho_*_rerr of the last orthogonalization. */
  fvars: Record<string, number> = { _: 0.0 };
  /** Boolean iteration variables: a tracker that sets force_stop to true stops the iterations. */
  bvars: Record<string, boolean> = { _: false };

  constructor(
    A: Tensor | null,
    B: Tensor | null,
    X: Tensor,
    iK: Tensor | null,
    iparams: Record<string, number>,
    fparams: Record<string, number>,
    bparams: Record<string, boolean>,
    method: string,
    tracker: ((worker: LOBPCG) => void) | null,
  ) {
    this.A = A;
    this.B = B;
    this.iK = iK;
    this.iparams = iparams;
    this.fparams = fparams;
    this.bparams = bparams;
    this.method = method;
    this.tracker = tracker;
    const m = iparams.m as number;
    const n = iparams.n as number;
    this.X = X;
    const o = { dtype: X.dtype, device: X.device as never };
    this.E = creation.zeros([n], o);
    this.R = creation.zeros([m, n], o);
    this.S = creation.zeros([m, 3 * n], o);
  }

  /** Sets and updates the iteration variables (one step). */
  update(): void {
    if (this.ivars.istep === 0) {
      const Xnorm = this.X.norm().item() as number;
      const iXnorm = Xnorm ** -1;
      const Anorm = (matmul(this.A, this.X).norm().item() as number) * iXnorm;
      const Bnorm = (matmul(this.B, this.X).norm().item() as number) * iXnorm;
      this.fvars.X_norm = Xnorm;
      this.fvars.A_norm = Anorm;
      this.fvars.B_norm = Bnorm;
      this.ivars.iterations_left = this.iparams.niter as number;
      this.ivars.converged_count = 0;
      this.ivars.converged_end = 0;
    }
    if (this.method === "ortho") this.updateOrtho();
    else this.updateBasic();
    this.ivars.iterations_left = (this.ivars.iterations_left as number) - 1;
    this.ivars.istep = (this.ivars.istep as number) + 1;
  }

  /** R = A X - B X E. */
  updateResidual(): void {
    this.R = matmul(this.A, this.X).sub(matmul(this.B, this.X).mul(this.E));
  }

  /**
   * The number of converged eigenpairs by the backward stable criterion of [DuerschEtal2018] (Sec 4.3): the
   * leading pairs whose relative residual is below tol.
   */
  updateConvergedCount(): number {
    const prev = this.ivars.converged_count as number;
    const tol = this.fparams.tol as number;
    const Anorm = this.fvars.A_norm as number;
    const Bnorm = this.fvars.B_norm as number;
    const { E, X, R } = this;
    const nX = X.shape[X.dim() - 1] as number;
    const rerr = R.norm(2, [0]).mul(
      X.norm(2, [0])
        .mul(E.index(sl(null, nX)).mul(Bnorm).add(Anorm))
        .pow(-1),
    );
    const converged = rerr.lt(tol).toArray() as boolean[];
    let count = 0;
    // Later pairs' convergence is ignored, for the strict ordering of the eigenpairs.
    for (const b of converged) {
      if (!b) break;
      count += 1;
    }
    if (!(count >= prev))
      throw assertionError(`the number of converged eigenpairs (was ${prev}, got ${count}) cannot decrease`);
    this.ivars.converged_count = count;
    this.tvars.rerr = rerr;
    return count;
  }

  /** Whether to stop: a tracker's bvars.force_stop, no iterations left, or k pairs converged. */
  stopIteration(): boolean {
    return (
      (this.bvars.force_stop ?? false) ||
      this.ivars.iterations_left === 0 ||
      (this.ivars.converged_count as number) >= (this.iparams.k as number)
    );
  }

  /** Runs the iterations, calling the tracker (when given) after each step. */
  run(): void {
    this.update();
    if (this.tracker !== null) this.callTracker();
    while (!this.stopIteration()) {
      this.update();
      if (this.tracker !== null) this.callTracker();
    }
  }

  callTracker(): void {
    this.tracker?.(this);
  }

  private updateBasic(): void {
    let ns = this.ivars.converged_end as number;
    let nc = this.ivars.converged_count as number;
    const n = this.iparams.n as number;
    const largest = this.bparams.largest as boolean;
    if (this.ivars.istep === 0) {
      const Ri = this.getRayleighRitzTransform(this.X);
      const M = qform(qform(this.A, this.X), Ri);
      const [E, Z] = symeig(M, largest);
      this.X.indexPut_([ALL], this.X.matmul(Ri.matmul(Z)));
      this.E.indexPut_([ALL], E);
      const np = 0;
      this.updateResidual();
      nc = this.updateConvergedCount();
      this.S.indexPut_(["...", sl(null, n)], this.X);
      const W = matmul(this.iK, this.R);
      ns = n + np + (W.shape[W.dim() - 1] as number);
      this.ivars.converged_end = ns;
      this.S.indexPut_([ALL, sl(n + np, ns)], W);
    } else {
      const S_ = this.S.index(ALL, sl(nc, ns));
      const Ri = this.getRayleighRitzTransform(S_);
      const M = qform(qform(this.A, S_), Ri);
      const [E_, Z] = symeig(M, largest);
      this.X.indexPut_([ALL, sl(nc)], S_.matmul(Ri.matmul(Z.index(ALL, sl(null, n - nc)))));
      this.E.indexPut_([sl(nc)], E_.index(sl(null, n - nc)));
      const P = S_.matmul(Ri.matmul(Z.index(ALL, sl(n, 2 * n - nc))));
      const np = P.shape[P.dim() - 1] as number;
      this.updateResidual();
      nc = this.updateConvergedCount();
      this.S.indexPut_(["...", sl(null, n)], this.X);
      this.S.indexPut_([ALL, sl(n, n + np)], P);
      const W = matmul(this.iK, this.R.index(ALL, sl(nc)));
      ns = n + np + (W.shape[W.dim() - 1] as number);
      this.ivars.converged_end = ns;
      this.S.indexPut_([ALL, sl(n + np, ns)], W);
    }
  }

  private updateOrtho(): void {
    let ns = this.ivars.converged_end as number;
    let nc = this.ivars.converged_count as number;
    const n = this.iparams.n as number;
    const largest = this.bparams.largest as boolean;
    if (this.ivars.istep === 0) {
      const Ri = this.getRayleighRitzTransform(this.X);
      const M = qform(qform(this.A, this.X), Ri);
      const [, Z] = symeig(M, largest);
      this.X = this.X.matmul(Ri.matmul(Z));
      this.updateResidual();
      const np = 0;
      nc = this.updateConvergedCount();
      this.S.indexPut_([ALL, sl(null, n)], this.X);
      const W = this.getOrtho(this.R, this.X);
      ns = n + np + (W.shape[W.dim() - 1] as number);
      this.ivars.converged_end = ns;
      this.S.indexPut_([ALL, sl(n + np, ns)], W);
    } else {
      const S_ = this.S.index(ALL, sl(nc, ns));
      // Rayleigh-Ritz procedure
      const [E_, Z] = symeig(qform(this.A, S_), largest);
      // Update E, X, P
      this.X.indexPut_([ALL, sl(nc)], S_.matmul(Z.index(ALL, sl(null, n - nc))));
      this.E.indexPut_([sl(nc)], E_.index(sl(null, n - nc)));
      const P = S_.matmul(Z.index(ALL, sl(n - nc)).matmul(basis(transpose(Z.index(sl(null, n - nc), sl(n - nc))))));
      const np = P.shape[P.dim() - 1] as number;
      // check convergence
      this.updateResidual();
      nc = this.updateConvergedCount();
      // update S
      this.S.indexPut_([ALL, sl(null, n)], this.X);
      this.S.indexPut_([ALL, sl(n, n + np)], P);
      const W = this.getOrtho(this.R.index(ALL, sl(nc)), this.S.index(ALL, sl(null, n + np)));
      ns = n + np + (W.shape[W.dim() - 1] as number);
      this.ivars.converged_end = ns;
      this.S.indexPut_([ALL, sl(n + np, ns)], W);
    }
  }

  /**
   * The upper-triangular Ri of the Rayleigh-Ritz procedure, reducing (S^T A S) C = (S^T B S) C E to
   * (Ri^T S^T A S Ri) Z = Z E with C = Ri Z ([DuerschEtal2018], with elementwise products for D M D).
   */
  getRayleighRitzTransform(S: Tensor): Tensor {
    const SBS = qform(this.B, S);
    const dRow = SBS.diagonal(0, -2, -1).pow(-0.5);
    const dCol = dRow.reshape([dRow.shape[0] as number, 1]);
    const R = cholesky(SBS.mul(dRow).mul(dCol), { upper: true });
    return solveTriangular(R, dRow.diagEmbed(), { upper: true, left: false });
  }

  /**
   * B-orthonormal U (U^T B U = I): Algorithm 4 of [DuerschPhD2015]; with `drop`, the columns whose
   * contribution to span(U) is below tau are dropped.
   */
  getSvqb(U: Tensor, drop: boolean, tau: number): Tensor {
    if (U.numel() === 0) return U;
    let UBU = qform(this.B, U);
    let d = UBU.diagonal(0, -2, -1);
    // Exact zero columns are dropped first (d ** -0.5 would fail on them).
    let nz = whereIdx(d.abs().ne(0.0));
    const len = (t: Tensor) => t.shape[0] as number;
    if (len(nz) < len(d)) {
      U = U.index(ALL, nz);
      if (U.numel() === 0) return U;
      UBU = qform(this.B, U);
      d = UBU.diagonal(0, -2, -1);
      nz = whereIdx(d.abs().ne(0.0));
      if (len(nz) !== len(d)) throw assertionError("");
    }
    // The original algorithm 4 from [DuerschPhD2015].
    let dCol = d.pow(-0.5).reshape([d.shape[0] as number, 1]);
    const DUBUD = UBU.mul(dCol).mul(transpose(dCol));
    let [E, Z] = symeig(DUBUD);
    const t = E.abs().max().mul(tau);
    if (drop) {
      const keep = whereIdx(E.gt(t));
      E = E.index(keep);
      Z = Z.index(ALL, keep);
      dCol = dCol.index(keep);
    } else {
      E.indexPut_([whereIdx(E.lt(t))], t);
    }
    return U.mul(transpose(dCol)).matmul(Z.mul(E.pow(-0.5)));
  }

  /**
   * B-orthonormal U whose columns are B-orthogonal to V: Algorithm 3 of [DuerschPhD2015] (Algorithm 6 with
   * bparams.ortho_use_drop). Empty when all of U's columns are B-collinear to V.
   */
  getOrtho(U: Tensor, V: Tensor): Tensor {
    const m = this.iparams.m as number;
    const tauOrtho = this.fparams.ortho_tol as number;
    const tauDrop = this.fparams.ortho_tol_drop as number;
    const tauReplace = this.fparams.ortho_tol_replace as number;
    const iMax = this.iparams.ortho_i_max as number;
    const jMax = this.iparams.ortho_j_max as number;
    const useDrop = this.bparams.ortho_use_drop as boolean;
    // clean up variables from the previous call
    for (const key of Object.keys(this.fvars))
      if (key.startsWith("ortho_") && key.endsWith("_rerr")) delete this.fvars[key];
    delete this.ivars.ortho_i;
    delete this.ivars.ortho_j;

    const BVnorm = matmul(this.B, V).norm();
    let BU = matmul(this.B, U);
    let VBU = transpose(V).matmul(BU);
    // Python's for loops leave i and j at their last values.
    let i = 0;
    let j = 0;
    for (let ii = 0; ii < iMax; ii++) {
      i = ii;
      U = U.sub(V.matmul(VBU));
      let drop = false;
      let tauSvqb = tauDrop;
      for (let jj = 0; jj < jMax; jj++) {
        j = jj;
        if (useDrop) {
          U = this.getSvqb(U, drop, tauSvqb);
          drop = true;
          tauSvqb = tauReplace;
        } else U = this.getSvqb(U, false, tauReplace);
        if (U.numel() === 0) {
          // all initial U columns are B-collinear to V
          this.ivars.ortho_i = i;
          this.ivars.ortho_j = j;
          return U;
        }
        BU = matmul(this.B, U);
        const UBU = transpose(U).matmul(BU);
        const Unorm = U.norm();
        const BUnorm = BU.norm();
        const n = UBU.shape[UBU.dim() - 1] as number;
        const R = UBU.sub(creation.eye(n, undefined, { device: UBU.device as never, dtype: UBU.dtype }));
        const Rnorm = R.norm();
        const rerr = (Rnorm.item() as number) * (BUnorm.mul(Unorm).item() as number) ** -1;
        this.fvars[`ortho_UBUmI_rerr[${i}, ${j}]`] = rerr;
        if (rerr < tauOrtho) break;
      }
      VBU = transpose(V).matmul(BU);
      const VBUnorm = VBU.norm();
      const Unorm = U.norm();
      const rerr = (VBUnorm.item() as number) * (BVnorm.mul(Unorm).item() as number) ** -1;
      this.fvars[`ortho_VBU_rerr[${i}]`] = rerr;
      if (rerr < tauOrtho) break;
      if (m < (U.shape[U.dim() - 1] as number) + (V.shape[V.dim() - 1] as number)) {
        const B = this.B;
        if (B === null) throw assertionError("");
        throw new ValueError(
          `Overdetermined shape of U: #B-cols(=${B.shape[B.dim() - 1]}) >= #U-cols(=${U.shape[U.dim() - 1]}) + #V-cols(=${V.shape[V.dim() - 1]}) must hold`,
        );
      }
    }
    this.ivars.ortho_i = i;
    this.ivars.ortho_j = j;
    return U;
  }

  /** str(worker): the parameters and iteration variables, as PyTorch's LOBPCG.__str__ lists them. */
  toString(): string {
    const dict = (o: Record<string, unknown>) =>
      `{${Object.entries(o)
        .map(([k, v]) => `'${k}': ${typeof v === "boolean" ? (v ? "True" : "False") : String(v)}`)
        .join(", ")}}`;
    const lines = [
      "LOPBCG:",
      `  iparams=${dict(this.iparams)}`,
      `  fparams=${dict(this.fparams)}`,
      `  bparams=${dict(this.bparams)}`,
      `  ivars=${dict(this.ivars)}`,
      `  fvars=${dict(this.fvars)}`,
      `  bvars=${dict(this.bvars)}`,
      `  tvars=${dict(this.tvars)}`,
      `  A=${this.A === null ? "None" : String(this.A)}`,
      `  B=${this.B === null ? "None" : String(this.B)}`,
      `  iK=${this.iK === null ? "None" : String(this.iK)}`,
      `  X=${String(this.X)}`,
      `  E=${String(this.E)}`,
    ];
    return lines.map((l) => `${l}\n`).join("");
  }
}

// ---- torch.lobpcg

/** The options of {@link lobpcg} (Python's keyword arguments, camelCased). */
export interface LobpcgOptions {
  /** The number of requested eigenpairs; default X's number of columns (when given) or 1. */
  k?: number | null;
  /** The right-hand side of the generalized problem A x = lambda B x (size (*, m, m)); the identity when null. */
  B?: Tensor | null;
  /** The initial approximation of the eigenvectors (size (*, m, n), k <= n <= m); random when null. */
  X?: Tensor | null;
  /** The number of columns of the random X (default k); when X is given, its number of columns. */
  n?: number | null;
  /** A preconditioner (size (*, m, m)). */
  iK?: Tensor | null;
  /** The maximum number of iterations (default 1000; -1: until convergence). */
  niter?: number | null;
  /** The residual tolerance of the stopping criterion (default feps ** 0.5 of A's floating dtype). */
  tol?: number | null;
  /** The largest (default) or the smallest eigenvalues. */
  largest?: boolean | null;
  /** "ortho" (default) or "basic". */
  method?: string | null;
  /** Called with the {@link LOBPCG} worker after each iteration step; it may set `bvars.force_stop = true`. */
  tracker?: ((worker: LOBPCG) => void) | null;
  /** Integer parameters of the "ortho" method (ortho_i_max, ortho_j_max; default 3). */
  orthoIparams?: Record<string, number> | null;
  /** Float parameters of the "ortho" method (ortho_tol, ortho_tol_drop, ortho_tol_replace; default tol). */
  orthoFparams?: Record<string, number> | null;
  /** Boolean parameters of the "ortho" method (ortho_use_drop; default false). */
  orthoBparams?: Record<string, boolean> | null;
}
const OPTIONS = [
  "k",
  "B",
  "X",
  "n",
  "iK",
  "niter",
  "tol",
  "largest",
  "method",
  "tracker",
  "orthoIparams",
  "orthoFparams",
  "orthoBparams",
] as const;

type Args = [
  Tensor | null, // B
  Tensor | null, // X
  number | null, // k
  number | null, // n
  Tensor | null, // iK
  number | null, // niter
  number | null, // tol
  boolean | null, // largest
  string | null, // method
  ((worker: LOBPCG) => void) | null, // tracker
  Record<string, number> | null,
  Record<string, number> | null,
  Record<string, boolean> | null,
];

function lobpcgImpl(A: Tensor, o: LobpcgOptions): [Tensor, Tensor] {
  const B = o.B ?? null;
  let X = o.X ?? null;
  // A must be square, B of A's shape.
  if (A.shape[A.dim() - 2] !== A.shape[A.dim() - 1]) throw assertionError(pySize(A.shape));
  if (B !== null && A.shape.join() !== B.shape.join()) throw assertionError(`(${pySize(A.shape)}, ${pySize(B.shape)})`);
  const dtype = floatingDtype(A);
  const device = A.device as never;
  let tol = o.tol ?? null;
  if (tol === null) {
    const feps = ({ float32: 1.2e-7, float64: 2.23e-16 } as Record<string, number>)[dtype];
    if (feps === undefined) throw new KeyError(`torch.${dtype}`);
    tol = Math.sqrt(feps);
  }
  const m = A.shape[A.dim() - 1] as number;
  const k = o.k ?? (X === null ? 1 : (X.shape[X.dim() - 1] as number));
  const n = X === null ? (o.n ?? k) : (X.shape[X.dim() - 1] as number);
  if (m < 3 * n)
    throw new ValueError(
      `LPBPCG algorithm is not applicable when the number of A rows (=${m}) is smaller than 3 x the number of requested eigenpairs (=${n})`,
    );
  const method = o.method ?? "ortho";
  const iparams: Record<string, number> = { m, n, k, niter: o.niter ?? 1000 };
  const fparams: Record<string, number> = { tol };
  const bparams: Record<string, boolean> = { largest: o.largest ?? true };
  if (method === "ortho") {
    Object.assign(iparams, o.orthoIparams ?? {});
    Object.assign(fparams, o.orthoFparams ?? {});
    Object.assign(bparams, o.orthoBparams ?? {});
    iparams.ortho_i_max = iparams.ortho_i_max ?? 3;
    iparams.ortho_j_max = iparams.ortho_j_max ?? 3;
    fparams.ortho_tol = fparams.ortho_tol ?? tol;
    fparams.ortho_tol_drop = fparams.ortho_tol_drop ?? tol;
    fparams.ortho_tol_replace = fparams.ortho_tol_replace ?? tol;
    bparams.ortho_use_drop = bparams.ortho_use_drop ?? false;
  }
  const iK = o.iK ?? null;
  const tracker = o.tracker ?? null;
  const checkX = (X_: Tensor) => {
    if (!(X_.dim() === 2 && X_.shape[0] === m && X_.shape[1] === n))
      throw assertionError(`(${pySize(X_.shape)}, (${m}, ${n}))`);
  };

  if (A.dim() > 2) {
    const batch = A.shape.slice(0, -2);
    const N = batch.reduce((a, b) => a * b, 1);
    const bA = A.reshape([N, ...A.shape.slice(-2)]);
    const bB = B !== null ? B.reshape([N, ...A.shape.slice(-2)]) : null;
    const bX = X !== null ? X.reshape([N, ...X.shape.slice(-2)]) : null;
    const bE = creation.empty([N, k], { dtype, device });
    const bXret = creation.empty([N, m, k], { dtype, device });
    for (let i = 0; i < N; i++) {
      const A_ = bA.index(i);
      const B_ = bB !== null ? bB.index(i) : null;
      const X_ = bX === null ? creation.randn([m, n], { dtype, device }) : bX.index(i);
      checkX(X_);
      iparams.batch_index = i;
      const worker = new LOBPCG(A_, B_, X_, iK, iparams, fparams, bparams, method, tracker);
      worker.run();
      bE.indexPut_([i], worker.E.index(sl(null, k)));
      bXret.indexPut_([i], worker.X.index(ALL, sl(null, k)));
    }
    return [bE.reshape([...batch, k]), bXret.reshape([...batch, m, k])];
  }
  X = X === null ? creation.randn([m, n], { dtype, device }) : X;
  checkX(X);
  const worker = new LOBPCG(A, B, X, iK, iparams, fparams, bparams, method, tracker);
  worker.run();
  return [worker.E.index(sl(null, k)), worker.X.index(ALL, sl(null, k))];
}

const optionsOf = (a: Args): LobpcgOptions => {
  const [B, X, k, n, iK, niter, tol, largest, method, tracker, orthoIparams, orthoFparams, orthoBparams] = a;
  return { B, X, k, n, iK, niter, tol, largest, method, tracker, orthoIparams, orthoFparams, orthoBparams };
};

/** LOBPCGAutogradFunction: lobpcg's forward, and the backward of its eigenpairs (B = None, dense, real). */
class LOBPCGAutogradFunction extends AutogradFunction {
  static override forward(
    ctx: FunctionCtx,
    A: Tensor,
    k: number | null,
    B: Tensor | null,
    X: Tensor | null,
    n: number | null,
    iK: Tensor | null,
    niter: number | null,
    tol: number | null,
    largest: boolean | null,
    method: string | null,
    tracker: ((worker: LOBPCG) => void) | null,
    orthoIparams: Record<string, number> | null,
    orthoFparams: Record<string, number> | null,
    orthoBparams: Record<string, boolean> | null,
  ): [Tensor, Tensor] {
    // Contiguous input for efficiency (autograd has no dense gradients of sparse input yet).
    A = !A.isSparse ? A.contiguous() : A;
    if (B !== null) B = !B.isSparse ? B.contiguous() : B;
    const [D, U] = lobpcgImpl(
      A,
      optionsOf([B, X, k, n, iK, niter, tol, largest, method, tracker, orthoIparams, orthoFparams, orthoBparams]),
    );
    ctx.saveForBackward(A, B, D, U);
    ctx.largest = largest;
    return [D, U];
  }

  static override backward(ctx: FunctionCtx, Dgrad: Tensor, Ugrad: Tensor): Array<Tensor | null> {
    const grads: Array<Tensor | null> = new Array(14).fill(null);
    const [A, B, D, U] = ctx.savedTensors as [Tensor, Tensor | null, Tensor, Tensor];
    let largest = ctx.largest as boolean | null;
    // lobpcg.backward's limitations.
    if (A.isSparse || (B?.isSparse && ctx.needsInputGrad[2]))
      throw new ValueError("lobpcg.backward does not support sparse input yet.Note that lobpcg.forward does though.");
    const isC = (t: Tensor) => t.dtype === "complex64" || t.dtype === "complex128";
    if (isC(A) || (B !== null && isC(B)))
      throw new ValueError("lobpcg.backward does not support complex input yet.Note that lobpcg.forward does though.");
    if (B !== null) throw new ValueError("lobpcg.backward does not support backward with B != I yet.");
    if (largest === null) largest = true;
    grads[0] = symeigBackward(Dgrad, Ugrad, A, D, U, largest);
    return grads;
  }
}

/**
 * torch.lobpcg(A, {k, B, X, n, iK, niter, tol, largest, method, tracker, orthoIparams, orthoFparams,
 * orthoBparams}): `[E, X]`, the k largest (or smallest) eigenvalues (size (*, k)) and eigenvectors (size
 * (*, m, k)) of the symmetric positive definite generalized eigenproblem A x = lambda B x, by the matrix-free
 * LOBPCG methods: "basic" [Knyazev2001] or "ortho" (the default, robust) [StathopoulosEtal2002]. Dense, sparse
 * (COO) and batched A. When A (or B) requires grad, A is symmetrized ((A + A^T) / 2) and the result is
 * differentiable in A (dense, real, B = None).
 */
export function lobpcg(A: Tensor, o: LobpcgOptions = {}): [Tensor, Tensor] {
  checkKwargs(o, OPTIONS, "lobpcg");
  const B = o.B ?? null;
  if (A.requiresGrad || B?.requiresGrad) {
    // A.grad is made symmetric (so that A - t * A.grad stays symmetric) by symmetrizing A first; B too.
    const Asym = A.add(A.mT).div(2);
    const Bsym = B !== null ? B.add(B.mT).div(2) : null;
    return LOBPCGAutogradFunction.apply(
      Asym,
      o.k ?? null,
      Bsym,
      o.X ?? null,
      o.n ?? null,
      o.iK ?? null,
      o.niter ?? null,
      o.tol ?? null,
      o.largest ?? null,
      o.method ?? null,
      o.tracker ?? null,
      o.orthoIparams ?? null,
      o.orthoFparams ?? null,
      o.orthoBparams ?? null,
    );
  }
  return lobpcgImpl(A, o);
}
