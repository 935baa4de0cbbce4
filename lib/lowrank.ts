// torch.svd_lowrank / torch.pca_lowrank: PyTorch's randomized low-rank SVD (torch/_lowrank.py, Halko et
// al.'s algorithm) over libtorch's qr, svd and matmul; the same random draws under the same seed.
import * as creation from "./creation";
import { ValueError } from "./errors";
import { qr, svd } from "./linalg";
import * as sparse from "./sparse";
import type { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";
import { LIBTORCH_MAJOR } from "./utils/version";

const matmul = (a: Tensor | null, b: Tensor): Tensor => (a === null ? b : a.isSparse ? sparse.mm(a, b) : a.matmul(b));
const transpose = (a: Tensor) => a.transpose(a.dim() - 1, a.dim() - 2);
const conjugate = (a: Tensor) => (a.isComplex() ? a.conj() : a);
const floating = (a: Tensor) => (a.isFloatingPoint() || a.isComplex() ? a.dtype : "float32");
const Q = (x: Tensor) => (qr(x) as unknown as Tensor[])[0] as Tensor;

// _lowrank.get_approximate_basis: an orthonormal Q (m x q) whose range approximates A's (or A - M's).
function approximateBasis(A: Tensor, q: number, niter: number, M: Tensor | null): Tensor {
  const n = A.shape[A.dim() - 1] as number;
  const R = creation.randn([n, q], { dtype: floating(A), device: A.device as never });
  const AH = conjugate(transpose(A));
  if (M === null) {
    let q0 = Q(matmul(A, R));
    for (let i = 0; i < niter; i++) {
      q0 = Q(matmul(AH, q0));
      q0 = Q(matmul(A, q0));
    }
    return q0;
  }
  const MH = conjugate(transpose(M));
  let q0 = Q(matmul(A, R).sub(matmul(M, R)));
  for (let i = 0; i < niter; i++) {
    q0 = Q(matmul(AH, q0).sub(matmul(MH, q0)));
    q0 = Q(matmul(A, q0).sub(matmul(M, q0)));
  }
  return q0;
}

function svdLowrankImpl(A: Tensor, q: number, niter: number, M: Tensor | null): [Tensor, Tensor, Tensor] {
  const [m, n] = A.shape.slice(-2) as [number, number];
  const Mt = M === null ? null : transpose(M);
  const At = transpose(A);
  const usv = (B: Tensor) => svd(B, { fullMatrices: false }) as unknown as [Tensor, Tensor, Tensor];
  if (m < n || n > q) {
    // The SVD of the transpose keeps B small (m < n) or V small (n > q).
    const Qb = approximateBasis(At, q, niter, Mt);
    const Qc = conjugate(Qb);
    const Bt = M === null ? matmul(A, Qc) : matmul(A, Qc).sub(matmul(M, Qc));
    const [U, S, Vh] = usv(Bt);
    return [U, S, Qb.matmul(Vh.mH)];
  }
  const Qb = approximateBasis(A, q, niter, M);
  const Qc = conjugate(Qb);
  const B = Mt === null ? matmul(At, Qc) : matmul(At, Qc).sub(matmul(Mt, Qc));
  const [U, S, Vh] = usv(transpose(B));
  return [Qb.matmul(U), S, Vh.mH];
}

// PyTorch 2.x's _svd_lowrank: a wide A is replaced by its conjugate transpose (and U, V swapped back),
// then B = Q^H A. Another order of operations than 1.13's, so other values under the same seed.
function svdLowrank2(A: Tensor, q: number, niter: number, M: Tensor | null): [Tensor, Tensor, Tensor] {
  const [m, n] = A.shape.slice(-2) as [number, number];
  const wide = m < n;
  let Mb = M === null ? null : M.broadcastTo(A.shape);
  const a = wide ? A.mH : A;
  if (wide && Mb !== null) Mb = Mb.mH;
  const Qb = approximateBasis(a, q, niter, Mb);
  const QH = Qb.mH;
  const B = Mb === null ? matmul(QH, a) : matmul(QH, a).sub(matmul(QH, Mb));
  const [U, S, Vh] = svd(B, { fullMatrices: false }) as unknown as [Tensor, Tensor, Tensor];
  const V = Vh.mH;
  const QU = Qb.matmul(U);
  return wide ? [V, S, QU] : [QU, S, V];
}

const svdLowrankOf = (A: Tensor, q: number, niter: number, M: Tensor | null) =>
  LIBTORCH_MAJOR >= 2 ? svdLowrank2(A, q, niter, M) : svdLowrankImpl(A, q, niter, M);

/**
 * torch.svd_lowrank(A, q=6, niter=2, M=None): `[U, S, V]` of a rank-`q` approximate SVD of `A` (or of
 * `A - M`), by randomized subspace iteration.
 */
export function svdLowrank(
  A: Tensor,
  o: { q?: number | null; niter?: number | null; M?: Tensor | null } = {},
): [Tensor, Tensor, Tensor] {
  checkKwargs(o, ["q", "niter", "M"], "svd_lowrank");
  return svdLowrankOf(A, o.q ?? 6, o.niter ?? 2, o.M ?? null);
}

/**
 * torch.pca_lowrank(A, q=None, center=True, niter=2): `[U, S, V]` of a low-rank SVD of `A` with its
 * columns centered (principal components are V's columns).
 */
export function pcaLowrank(
  A: Tensor,
  o: { q?: number | null; center?: boolean; niter?: number } = {},
): [Tensor, Tensor, Tensor] {
  checkKwargs(o, ["q", "center", "niter"], "pca_lowrank");
  const [m, n] = A.shape.slice(-2) as [number, number];
  let q = o.q ?? null;
  if (q === null) q = Math.min(6, m, n);
  else if (!(q >= 0 && q <= Math.min(m, n)))
    throw new ValueError(`q(=${q}) must be non-negative integer and not greater than min(m, n)=${Math.min(m, n)}`);
  const niter = o.niter ?? 2;
  if (!(niter >= 0)) throw new ValueError(`niter(=${niter}) must be non-negative integer`);
  if (!(o.center ?? true)) return svdLowrankOf(A, q, niter, null);
  if (A.isSparse) {
    if (A.dim() !== 2) throw new ValueError("pca_lowrank input is expected to be 2-dimensional tensor");
    // M = 1_m c^T with c the column means: A - M without densifying A.
    const c = A.toDense().mean(-2, true);
    const M = creation.ones([m, 1], { dtype: floating(A), device: A.device as never }).matmul(c);
    return svdLowrankOf(A, q, niter, M);
  }
  return svdLowrankOf(A.sub(A.mean(-2, true)), q, niter, null);
}
