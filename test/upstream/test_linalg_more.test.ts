// Ported from PyTorch 1.13's test/test_linalg.py (TestLinalg, CPU): the cases test_linalg.test.ts does not port,
// named as instantiated on the CPU (test_<name>_cpu_<dtype>). Where upstream compares with NumPy / SciPy
// (np.einsum, np.matmul, scipy's solve_triangular, np.tensordot) or with a property (A @ X == B, the batched
// result equal to the per-matrix ones, out= equal to the plain call), live PyTorch 1.13 runs the same torch call on
// the same inputs (test/python/upstream_linalg_more.py) and torchts must give the same dtype, shape and values (NaN
// equal to NaN), or the same error class and first message line. Inputs are made by torchts with upstream's
// generators rebuilt from libtorch ops (make_tensor, random_hermitian_matrix, make_fullrank_matrices_with_distinct_
// singular_values, triangular_solve_test_helper, ...); per-matrix calls of the batched tests are compared with
// PyTorch's per-matrix calls. Tolerances: upstream's precisionOverride where it has one (as rtol and atol), else
// PyTorch's defaults; single precision results that go through LAPACK use 1e-4 at least (torchts's libtorch and
// Debian's PyTorch link different LAPACK / BLAS builds). Singular and eigenvectors are unique only up to sign or
// phase: compared by absolute value, as upstream compares them. Python's Ellipsis in einsum's sublist format is
// "..." in torchts (and arrives in Python as Ellipsis).
// Adapted:
// - test_blas_alpha_beta_empty: input / mat / vec / mat1 / mat2 passed positionally (alpha / beta as keywords).
// - test_renorm: upstream's reference renorm (written in Python) is replaced by live PyTorch's renorm_ on the same
//   inputs; maxnorm (a 0-dim tensor upstream) is passed as its value.
// - test_symeig: the "torch.symeig is deprecated" warning is not compared (see test_linalg.test.ts's header on
//   warnings); outputs as above (eigenvectors by absolute value).
// - the *_errors_and_warnings tests: the error checks; the "An output with one or more elements was resized"
//   warnings are left out (as in test_linalg.test.ts).
// - test_lapack_empty: torch.eig and torch.lstsq (removed in 1.13) compared by their error.
// - test_lu_unpack_check_input: PyTorch 1.13's lu_unpack no longer raises for non-contiguous pivots (live PyTorch
//   returns the unpacked factors), so that call is compared by its result.
// - test_mm_bmm_non_memory_dense and test_linalg_qr_autograd_errors (left out of test_linalg.test.ts) are ported
//   here: the products of conj views into transposed out= tensors, and qr's backward errors against PyTorch's
//   (matched with 1.13's wording, which the stored upstream text predates).
// - test_broadcast_fused_matmul / test_broadcast_batched_matmul: the sizes upstream draws with Python's random are
//   drawn with torch's generator (torch.randint), through the same _select_broadcastable_dims logic.
// - test_ldl_factor: SciPy's ldl is replaced by live PyTorch's ldl_factor(_ex) on the same inputs, plus upstream's
//   L @ D @ L^T (L^H) reconstruction; test_invariance_error_spectral_decompositions: the backward errors compared
//   (class, first line and upstream's "ill-defined") with PyTorch's for the same input.
// - torch.lobpcg (TestLinalg's test_lobpcg_basic / test_lobpcg_ortho, and TestAutograd's test_lobpcg from
//   test_autograd.py): each lobpcg call runs on both sides from the same seed (its random X), and E, X and the
//   converged count after each step must be PyTorch's; upstream's checks (its test_tracker, A V = V E, the
//   eigenvalues) run on torchts's results. random_sparse_pd_matrix draws its rotations with torch's generator
//   (upstream: Python's random); TestAutograd's cases are drawn from upstream's seed in upstream's order, and
//   where live PyTorch 1.13 fails upstream's gradcheck / gradgradcheck (largest=False, see the case) torchts's
//   verdicts are compared with PyTorch's. test_lobpcg_torchscript (torch.jit.script) and test_lobpcg_scipy
//   (SciPy's lobpcg and timings) are left out.
// Left out:
// - test_blas_mv_large_input (a 3000 x 200 matrix: size), test_einsum_random (draws from Python's random and
//   Binomial).
// - test_bmm / test_addbmm / test_baddbmm / test_mm and the other size / CUDA-only cases listed in
//   test_linalg.test.ts's header.

import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import type { DType } from "../../lib/dtype";
import { expectSameError, expectTensor } from "../helpers/assert";
import { F, FT, isComplex, isSingle, L, type LCall, linalgCheck, M, realOf, type Tol } from "../helpers/linalg_parity";
import { errClass, expectSameErr, runTs } from "../helpers/parity_calls";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const MOD = "upstream_linalg_more";

const check = linalgCheck(py, MOD, "none");

/** upstream's precisionOverride as rtol = atol (single, and double when given). */
const tl = (d: DType, single = 1e-4, double?: number): Tol | undefined =>
  isSingle(d) ? { rtol: single, atol: single } : double === undefined ? undefined : { rtol: double, atol: double };
const bools = [true, false];
const product = <A, B>(as: A[], bs: B[]): [A, B][] => as.flatMap((a) => bs.map((b) => [a, b] as [A, B]));
const product3 = <T>(xs: T[]): [T, T, T][] =>
  xs.flatMap((a) => xs.flatMap((b) => xs.map((c) => [a, b, c] as [T, T, T])));
const inf = Number.POSITIVE_INFINITY;
const nan = Number.NaN;
const c = (re: number, im: number) => new torch.Complex(re, im);

torch.manualSeed(4321);
const randn = (shape: number[], dtype: DType = "float32") => torch.randn(shape, { dtype });
const rand = (shape: number[], dtype: DType = "float32") => torch.rand(shape, { dtype });
const make = (shape: number[], dtype: DType, o: { low?: number; high?: number; noncontiguous?: boolean } = {}) =>
  torch.testing.makeTensor(shape, { dtype, ...o });
const eye = (n: number, dtype: DType) => torch.eye(n, n, { dtype });

/** U diag(s) V^H with U, V from the SVD of a random matrix: make_fullrank_matrices_with_distinct_singular_values. */
function fullrank(shape: number[], dtype: DType): Tensor {
  const t = make(shape, dtype);
  const [u, , vh] = torch.linalg.svd(t, false);
  const k = Math.min(shape[shape.length - 1] as number, shape[shape.length - 2] as number);
  const i = torch.arange(2, k + 2, { dtype: realOf(dtype) });
  const sign = torch.arange(0, k).remainder(2).mul(-2).add(1);
  return u.mul(i.mul(sign).reciprocal().add(1).to(dtype)).matmul(vh);
}
/** random_hermitian_matrix: (A + A^H) / 2. */
function hermitian(n: number, batch: number[], dtype: DType): Tensor {
  const a = randn([...batch, n, n], dtype);
  return a.add(a.mH).div(2);
}

describe("TestLinalg", () => {
  // ---- einsum
  for (const dtype of ["float64", "complex128"] as DType[]) {
    it(`test_einsum_cpu_${dtype}`, async () => {
      const x = make([5], dtype);
      const y = make([7], dtype);
      const A = make([3, 5], dtype);
      const B = make([2, 5], dtype);
      const C = make([2, 3, 5], dtype);
      const D = make([2, 5, 7], dtype);
      const E = make([7, 9], dtype);
      const Fm = make([2, 3, 3, 5], dtype);
      const G = make([5, 4, 6], dtype);
      const H = make([4, 4], dtype);
      const I = make([2, 3, 2], dtype);
      const e = (eq: string, ...ops: Tensor[]) => F("einsum", [eq, ...ops]);
      const l = make([5, 10], dtype, { noncontiguous: true });
      const r = make([5, 20], dtype, { noncontiguous: true });
      const w = make([15, 10, 20], dtype);
      await check([
        e("i->", x),
        e("i,i->", x, x),
        e("i,i->i", x, x),
        e("i,j->ij", x, y),
        e("ij->ji", A),
        e("ij->j", A),
        e("ij->i", A),
        e("ij,ij->ij", A, A),
        e("ij,j->i", A, x),
        e("ij,kj->ik", A, B),
        e("ij,ab->ijab", A, E),
        e("Aij,Ajk->Aik", C, D),
        e("ijk,jk->i", C, A),
        e("aij,jk->aik", D, E),
        e("abCd,dFg->abCFg", Fm, G),
        e("ijk,jk->ik", C, A),
        e("ijk,jk->ij", C, A),
        e("ijk,ik->j", C, B),
        e("ijk,ik->jk", C, B),
        e("ii", H),
        e("ii->i", H),
        e("iji->j", I),
        e("ngrg...->nrg...", make([2, 1, 3, 1, 4], dtype)),
        e("i...->...", H),
        e("ki,...k->i...", A.t(), B),
        e("k...,jk->...", A.t(), B),
        e("...ik, ...j -> ...ij", C, x),
        e("Bik,k...j->i...j", C, make([5, 3], dtype)),
        e("i...j, ij... -> ...ij", C, make([2, 5, 2, 3], dtype)),
        e("bn,anm,bm->ba", l, w, r),
        e("bn,Anm,bm->bA", l.index(":", "::2"), w.index(":", "::2", "::2"), r.index(":", "::2")),
      ]);
    });

    it(`test_einsum_sublist_format_cpu_${dtype}`, async () => {
      const x = make([5], dtype);
      const y = make([7], dtype);
      const A = make([3, 5], dtype);
      const B = make([2, 5], dtype);
      const C = make([2, 1, 3, 1, 4], dtype);
      const l = make([5, 10], dtype, { noncontiguous: true });
      const r = make([5, 20], dtype, { noncontiguous: true });
      const w = make([15, 10, 20], dtype);
      const e = (...args: unknown[]) => F("einsum", args);
      await check([
        e(x, [0]),
        e(x, [0], []),
        e(x, [0], y, [1], [0, 1]),
        e(A, [0, 1], [1, 0]),
        e(A, [0, 1], x, [1], [0]),
        e(A, [0, 1], B, [2, 1]),
        e(A, [0, 1], B, [2, 1], [0, 2]),
        e(C, [0, 1, 2, 1, "..."], [0, 2, 1, "..."]),
        e(A.t(), [0, 1], B, ["...", 0]),
        e(A.t(), [0, 1], B, ["...", 0], [1, "..."]),
        e(A.t(), [0, "..."], B, [1, 0], ["..."]),
        e(l, [40, 41], w, [2, 41, 50], r, [40, 50], [40, 2]),
      ]);
    });
  }

  it("test_einsum_corner_cases_cpu", async () => {
    const calls: LCall[] = [];
    const chk = (equation: string, ...operands: unknown[]) => {
      const tensors = operands.map((o) =>
        o instanceof Shape ? make(o.shape, "float32") : torch.tensor(o as number, { dtype: "float32" }),
      );
      calls.push(F("einsum", [equation, tensors]));
    };
    chk(" ", 1);
    chk(" -> ", 1);
    chk(" , ", 2, 2);
    chk(" , , ", 2, 2, 2);
    chk(" , -> ", 2, 2);
    chk(" i ", [1]);
    chk(" i -> ", [1]);
    chk(" i -> i ", [1]);
    chk(" i , i ", [2], [2]);
    chk(" i , i -> i ", [2], [2]);
    chk("i", []);
    chk(" i j -> j", [[], []]);
    chk("ij->i", [[], []]);
    chk(" i j k  ,  k  -> i j ", new Shape([3, 0, 6]), new Shape([6]));
    chk("i,j", [2], [1, 2]);
    chk(
      "i,ij->ij",
      [1, 2],
      [
        [1, 2, 3],
        [2, 3, 4],
      ],
    );
    chk("...", 1);
    chk("...->", 1);
    chk("...->...", 1);
    chk("...", [1]);
    chk("...->", [1]);
    chk("z...->z", [1]);
    chk("Z...->...Z", [1]);
    chk("...a->", [[2], [4]]);
    chk("a...b->ab", [
      [[1], [2]],
      [[3], [4]],
    ]);
    await check(calls);
  });

  it("test_einsum_error_cases_cpu", async () => {
    const x = make([2], "float32");
    const y = make([2, 3], "float32");
    const e = (...args: unknown[]) => F("einsum", args);
    await check(
      [
        e("", []),
        e(". ..", [x]),
        e("... ...", [x]),
        e("1", [x]),
        e(",", [x]),
        e("", [x, x]),
        e("", [x]),
        e("ai", [x]),
        e("ai...", [x]),
        e("a->... .", [x]),
        e("a->..", [x]),
        e("a->1", [x]),
        e("a->aa", [x]),
        e("a->i", [x]),
        e("aa", [y]),
        e("a, ba", [x, y]),
        e(x, [-1]),
        e(x, [52]),
      ],
      undefined,
      "all",
    );
  });

  // ---- solve_triangular / triangular_solve
  for (const dtype of FT) {
    it(`test_linalg_solve_triangular_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [b, [n, k]] of product([1, 2, 0], product([5, 0], [3, 1, 0])))
        for (const flags of Array.from({ length: 256 }, (_, i) => i)) {
          const [left, uni, expandA, trA, conjA, expandB, trB, conjB] = Array.from(
            { length: 8 },
            (_, j) => (flags & (1 << (7 - j))) === 0,
          ) as boolean[];
          if ((conjA || conjB) && !isComplex(dtype)) continue;
          if ((expandA || expandB) && b === 1) continue;
          let sizeA = left ? [b, n, n] : [b, k, k];
          let sizeB = !trB ? [b, n, k] : [b, k, n];
          if (b === 1 || expandA) sizeA = sizeA.slice(1);
          if (b === 1 || expandB) sizeB = sizeB.slice(1);
          let A = make(sizeA, dtype).triu();
          const diag = A.diagonal(0, -2, -1);
          if (uni) diag.fill_(1);
          else diag.indexPut_([diag.abs().lt(1e-6)], 1);
          let B = make(sizeB, dtype);
          if (trA) A = A.transpose(-2, -1);
          if (trB) B = B.transpose(-2, -1);
          if (conjA) A = A.conj();
          if (conjB) B = B.conj();
          if (expandA) A = A.expand([b, ...sizeA]);
          if (expandB) B = B.expand([b, n, k]);
          const kw = { upper: !trA, left, unitriangular: uni };
          calls.push(L("solve_triangular", [A, B], kw));
          const out = !B.isContiguous() && !B.transpose(-2, -1).isContiguous() ? B.clone() : B;
          calls.push(L("solve_triangular", [A, B], { ...kw, out }));
        }
      await check(calls, tl(dtype, 1e-1, 1e-8));
    });
  }

  /** triangular_solve_test_helper: b random, A the upper / lower triangle of a random A A^T. */
  function triHelper(aDims: number[], bDims: number[], upper: boolean, uni: boolean, dtype: DType): [Tensor, Tensor] {
    const b = randn(bDims, dtype);
    let A = randn(aDims, dtype);
    A = A.matmul(A.mT);
    const At = upper ? torch.triu(A) : torch.tril(A);
    if (uni) At.diagonal(0, -2, -1).fill_(1);
    return [b, At];
  }

  for (const dtype of FT) {
    it(`test_triangular_solve_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [k, n] of product([0, 1, 3], [0, 5]))
        for (const [upper, uni, transpose] of product3(bools)) {
          const [b, A] = triHelper([n, n], [n, k], upper, uni, dtype);
          calls.push(F("triangular_solve", [b, A], { upper, unitriangular: uni, transpose }));
        }
      await check(calls, tl(dtype, 1e-3, 1e-8));
    });

    it(`test_triangular_solve_batched_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [upper, uni, transpose] of product3(bools)) {
        const kw = { upper, unitriangular: uni, transpose };
        for (const [ad, bd] of [
          [
            [3, 5, 5],
            [3, 5, 10],
          ],
          [
            [3, 0, 0],
            [3, 0, 10],
          ],
          [
            [3, 0, 0],
            [3, 0, 0],
          ],
          [
            [0, 5, 5],
            [0, 5, 10],
          ],
        ]) {
          const [b, A] = triHelper(ad as number[], bd as number[], upper, uni, dtype);
          calls.push(F("triangular_solve", [b, A], kw, ["pick:0"]));
          for (let i = 0; i < (bd[0] as number); i++)
            calls.push(F("triangular_solve", [b.index(i), A.index(i)], kw, ["pick:0"]));
        }
      }
      await check(calls, tl(dtype, 1e-3, 1e-8));
    });

    it(`test_triangular_solve_batched_broadcasting_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [upper, transpose, uni] of product3(bools))
        for (const [ad, bd] of [
          [
            [2, 1, 3, 4, 4],
            [2, 1, 3, 4, 6],
          ],
          [
            [2, 1, 3, 4, 4],
            [4, 6],
          ],
          [
            [4, 4],
            [2, 1, 3, 4, 2],
          ],
          [
            [1, 3, 1, 4, 4],
            [2, 1, 3, 4, 5],
          ],
        ]) {
          const [b, A] = triHelper(ad as number[], bd as number[], upper, uni, dtype);
          calls.push(F("triangular_solve", [b, A], { upper, transpose, unitriangular: uni }, ["pick:0"]));
        }
      await check(calls, tl(dtype, 1e-3, 1e-8));
    });

    it(`test_triangular_solve_out_errors_and_warnings_cpu_${dtype}`, async () => {
      const a = eye(2, dtype);
      const b = randn([2, 1], dtype);
      await check(
        [
          F("triangular_solve", [b, a], { out: [torch.emptyLike(b).to("int32"), torch.emptyLike(a)] }),
          F("triangular_solve", [b, a], { out: [torch.emptyLike(b), torch.emptyLike(a).to("int32")] }),
        ],
        undefined,
        "all",
      );
    });
  }

  // ---- matmul
  it("test_matmul_small_brute_force_1d_Nd_cpu", async () => {
    const calls: LCall[] = [];
    const ar = (n: number) => torch.arange(n);
    const single = (x: Tensor, y: Tensor, shape: number[]) => {
      calls.push(F("matmul", [x, y], {}, ["contig"]));
      calls.push(F("matmul", [x, y], { out: torch.zeros(shape, { dtype: "int64" }) }, ["contig"]));
    };
    const n = 1;
    for (let m = 1; m < 8; m++)
      for (let p = 1; p < 8; p++)
        for (let o = 1; o < 5; o++) {
          single(ar(m), ar(o * m * p).reshape([o, m, p]), [o, n, p]);
          single(ar(m), ar(o * p * m).reshape([o, p, m]).mT, [o, n, p]);
          single(
            ar(2 * m).index("::2"),
            ar(o * m * 2 * p)
              .reshape([o, m, 2 * p])
              .index(":", ":", "::2"),
            [o, n, p],
          );
          for (let r = 1; r < 5; r++) {
            single(ar(m), ar(r * o * m * p).reshape([r, o, m, p]), [r, o, n, p]);
            single(ar(m), ar(r * o * p * m).reshape([r, o, p, m]).mT, [r, o, n, p]);
            single(
              ar(2 * m).index("::2"),
              ar(r * o * m * 2 * p)
                .reshape([r, o, m, 2 * p])
                .index(":", ":", ":", "::2"),
              [r, o, n, p],
            );
          }
        }
    await check(calls);
  });

  it("test_matmul_small_brute_force_2d_Nd_cpu", async () => {
    const calls: LCall[] = [];
    const ar = (n: number) => torch.arange(n);
    const single = (x: Tensor, y: Tensor, shape: number[]) => {
      calls.push(F("matmul", [x, y], {}, ["contig"]));
      calls.push(F("matmul", [x, y], { out: torch.zeros(shape, { dtype: "int64" }) }, ["contig"]));
    };
    for (let n = 1; n < 5; n++)
      for (let m = 1; m < 5; m++)
        for (let p = 1; p < 5; p++)
          for (let o = 1; o < 3; o++) {
            single(ar(n * m).reshape([n, m]), ar(o * m * p).reshape([o, m, p]), [o, n, p]);
            single(ar(m * n).reshape([m, n]).mT, ar(o * p * m).reshape([o, p, m]).mT, [o, n, p]);
            single(
              ar(n * 2 * m)
                .reshape([n, 2 * m])
                .index(":", "::2"),
              ar(o * m * 2 * p)
                .reshape([o, m, 2 * p])
                .index(":", ":", "::2"),
              [o, n, p],
            );
            const r = 1;
            single(ar(n * m).reshape([n, m]), ar(r * o * m * p).reshape([r, o, m, p]), [r, o, n, p]);
            single(ar(m * n).reshape([m, n]).mT, ar(r * o * p * m).reshape([r, o, p, m]).mT, [r, o, n, p]);
            single(
              ar(n * 2 * m)
                .reshape([n, 2 * m])
                .index(":", "::2"),
              ar(r * o * m * 2 * p)
                .reshape([r, o, m, 2 * p])
                .index(":", ":", ":", "::2"),
              [r, o, n, p],
            );
          }
    await check(calls);
  });

  it("test_linear_algebra_scalar_raises_cpu", async () => {
    const m = randn([5, 5]);
    const v = randn([5]);
    const s = torch.tensor(7);
    await check([F("mv", [m, s]), F("addmv", [v, m, s])], undefined, "all");
  });

  // ---- cross
  for (const dtype of ["float32", "complex64"] as DType[]) {
    it(`test_cross_with_and_without_dim_cpu_${dtype}`, async () => {
      const x = rand([100, 3], dtype);
      const y = rand([100, 3], dtype);
      await check([F("cross", [x, y], { dim: 1 }), F("cross", [x, y], { dim: -1 }), F("cross", [x, y])]);
    });
  }
  it("test_cross_errors_cpu", async () => {
    await check(
      [
        F("cross", [rand([100, 3]), rand([100, 3, 10])]),
        F("cross", [rand([5, 3]), rand([3, 5])]),
        F("cross", [rand([5, 4]), rand([5, 4])]),
        F("cross", [rand([5, 4, 3]), rand([5, 4, 3])], { dim: 0 }),
        F("cross", [rand([5, 3, 4]), rand([5, 3, 4])], { dim: -1 }),
        F("cross", [rand([5, 3, 4]), rand([5, 3, 4])], { dim: -5 }),
      ],
      undefined,
      "all",
    );
  });

  // ---- renorm
  it("test_renorm_cpu", async () => {
    const m1 = randn([20, 20]);
    const maxnorm = m1.norm(2, 1).mean().item() as number;
    const m2 = randn([3, 4, 5]);
    const maxnorm2 = m2.transpose(1, 2).contiguous().reshape([15, 4]).norm(2, 0).mean().item() as number;
    const [r1, r2] = (await check(
      [M("renorm_", [m1.clone(), 2, 1, maxnorm]), M("renorm_", [m2.clone(), 2, 1, maxnorm2])],
      {
        rtol: 0,
        atol: 1e-5,
      },
    )) as Tensor[];
    await check([
      M("norm", [r1 as Tensor, 2, 0]),
      M("norm", [(r2 as Tensor).transpose(1, 2).contiguous().reshape([15, 4]), 2, 0]),
    ]);
  });
  it("test_renorm_ps_cpu", async () => {
    const x = randn([5, 5]);
    await check([1, 2, 3, 4, inf].map((p) => M("renorm", [x, p, 1, 1])));
  });

  // ---- ormqr
  for (const dtype of FT) {
    it(`test_ormqr_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const batch of [[], [0], [2], [2, 1]])
        for (const [m, n] of product([5, 2, 0], [5, 2, 0]))
          for (const fortran of bools) {
            const A = make([...batch, m, n], dtype);
            let [reflectors, tau] = torch.geqrf(A) as [Tensor, Tensor];
            if (!fortran) {
              assert.ok(reflectors.mT.isContiguous());
              reflectors = reflectors.contiguous();
            }
            const cRight = make([...batch, m, n], dtype);
            const cLeft = make([...batch, n, m], dtype);
            calls.push(
              F("ormqr", [reflectors, tau, cRight], { left: true, transpose: false }),
              F("ormqr", [reflectors, tau, cLeft], { left: false, transpose: false }),
              F("ormqr", [reflectors, tau, cRight], { left: true, transpose: true }),
              F("ormqr", [reflectors, tau, cLeft], { left: false, transpose: true }),
              F("ormqr", [reflectors, torch.zerosLike(tau), cRight], { left: true, transpose: false }),
            );
          }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_ormqr_errors_and_warnings_cpu_${dtype}`, async () => {
      await check(
        (
          [
            [[10], [2], [2]],
            [[2, 2], [2], [2]],
            [[10, 6], [20], [10, 6]],
            [[6, 6], [5], [5, 5]],
            [
              [1, 2, 2],
              [2, 2],
              [1, 2, 2],
            ],
            [
              [1, 2, 2],
              [1, 2],
              [2, 2, 2],
            ],
          ] as number[][][]
        ).map(([a, t, cc]) =>
          F("ormqr", [make(a as number[], dtype), make(t as number[], dtype), make(cc as number[], dtype)]),
        ),
        undefined,
        "all",
      );
    });
  }

  // ---- BLAS corner cases
  it("test_blas_empty_cpu", async () => {
    const calls: LCall[] = [];
    const args = (shapes: unknown[]) => shapes.map((s) => (Array.isArray(s) ? randn(s as number[]) : s));
    const fn = (name: string, shapes: unknown[], kw: Record<string, unknown> = {}, testOut = false) => {
      const a = args(shapes);
      calls.push(F(name, a, kw));
      if (testOut) {
        const res = runTs(F(name, a, kw)) as Tensor;
        calls.push(F(name, a, { ...kw, out: torch.fullLike(res, nan) }));
      }
    };
    fn("mm", [
      [0, 0],
      [0, 0],
    ]);
    fn("mm", [
      [0, 0],
      [0, 5],
    ]);
    fn("mm", [
      [5, 0],
      [0, 0],
    ]);
    fn("mm", [
      [3, 2],
      [2, 0],
    ]);
    fn("mm", [
      [5, 0],
      [0, 6],
    ]);
    fn(
      "mm",
      [
        [5, 0],
        [0, 6],
      ],
      {},
      true,
    );
    fn("addmm", [
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    fn("addmm", [[1], [0, 17], [17, 1]]);
    const t = randn([5, 6]);
    fn("addmm", [t, [5, 0], [0, 6]]);
    fn("addmm", [t, [5, 0], [0, 6]], {}, true);
    fn("mv", [[0, 0], [0]]);
    fn("mv", [[0, 2], [2]]);
    fn("mv", [[3, 0], [0]]);
    fn("mv", [[3, 0], [0]], {}, true);
    fn("addmv", [[0], [0, 0], [0]]);
    const t3 = randn([3]);
    fn("addmv", [t3, [3, 0], [0]]);
    fn("addmv", [t3, [3, 0], [0]], {}, true);
    fn("bmm", [
      [0, 0, 0],
      [0, 0, 0],
    ]);
    fn("bmm", [
      [3, 0, 0],
      [3, 0, 5],
    ]);
    fn("bmm", [
      [0, 5, 0],
      [0, 0, 6],
    ]);
    fn("bmm", [
      [3, 5, 0],
      [3, 0, 6],
    ]);
    fn(
      "bmm",
      [
        [3, 5, 0],
        [3, 0, 6],
      ],
      {},
      true,
    );
    fn("baddbmm", [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    fn("baddbmm", [
      [3, 0, 5],
      [3, 0, 0],
      [3, 0, 5],
    ]);
    fn("baddbmm", [
      [0, 5, 6],
      [0, 5, 0],
      [0, 0, 6],
    ]);
    fn("baddbmm", [
      [3, 5, 6],
      [3, 5, 0],
      [3, 0, 6],
    ]);
    const cc = torch.arange(30, { dtype: "float32" }).reshape([3, 2, 5]);
    fn("baddbmm", [cc, [3, 2, 0], [3, 0, 5]], { beta: -2 });
    fn("baddbmm", [cc, [3, 2, 0], [3, 0, 5]], { beta: -2 }, true);
    fn("addbmm", [
      [0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    fn("addbmm", [
      [0, 5],
      [3, 0, 0],
      [3, 0, 5],
    ]);
    const t56 = randn([5, 6]);
    fn("addbmm", [t56, [0, 5, 0], [0, 0, 6]]);
    fn("addbmm", [t56, [0, 5, 0], [0, 0, 6]], {}, true);
    fn("matmul", [[0], [0]]);
    fn("matmul", [[0], [0]], {}, true);
    fn("matmul", [
      [0, 0],
      [0, 0],
    ]);
    fn("matmul", [
      [0, 0, 0],
      [0, 0, 0],
    ]);
    fn("matmul", [
      [5, 0, 0],
      [5, 0, 0],
    ]);
    fn("matmul", [
      [5, 3, 0],
      [5, 0, 4],
    ]);
    fn(
      "matmul",
      [
        [5, 3, 0],
        [5, 0, 4],
      ],
      {},
      true,
    );
    fn("dot", [[0], [0]]);
    fn("dot", [[0], [0]], {}, true);
    fn("lu", [[0, 5, 5]]);
    fn("lu", [[0, 0, 0]]);
    fn("lu", [[2, 0, 0]]);
    await check(calls);
  });

  for (const dtype of [
    "uint8",
    "int8",
    "int16",
    "int32",
    "int64",
    "float32",
    "float64",
    "bfloat16",
    "complex64",
    "complex128",
  ] as DType[]) {
    it(`test_blas_alpha_beta_empty_cpu_${dtype}`, async () => {
      const value = 11;
      const input = torch.full([2], value, { dtype });
      const mat = torch.ones([2, 0], { dtype });
      const vec = torch.ones([0], { dtype });
      const [alpha, beta] = isComplex(dtype) ? [c(6, 7), c(3, 4)] : [6, 3];
      const input2 = torch.full([2, 3], value, { dtype });
      const mat2 = torch.ones([0, 3], { dtype });
      await check([
        F("addmv", [input, mat, vec], { alpha, beta }),
        F("addmv", [input, mat, vec], { alpha, beta, out: torch.empty([2], { dtype }) }),
        F("addmm", [input2, mat, mat2], { alpha, beta }),
        F("addmm", [input2, mat, mat2], { alpha, beta, out: torch.empty([2, 3], { dtype }) }),
      ]);
    });
  }

  for (const dtype of ["complex64", "complex128", "float32", "float64", "float16", "bfloat16"] as DType[]) {
    it(`test_blas_nan_out_cpu_${dtype}`, async () => {
      // upstream makes every tensor with the default dtype (float32) whatever the instantiated dtype.
      const [b, n, m, p] = [3, 5, 7, 11];
      const nm = randn([m, n]).t();
      const _m = randn([]).expand([m]);
      const mp = randn([p, m]).t();
      const bnm = randn([b, m, n]).transpose(1, 2);
      const bmp = randn([b, p, m]).transpose(1, 2);
      const mines = await check([
        F("mv", [nm, _m]),
        F("mv", [nm, _m], { out: torch.full([m], nan) }),
        F("mm", [nm, mp]),
        F("mm", [nm, mp], { out: torch.full([n, p], nan) }),
        F("bmm", [bnm, bmp]),
        F("bmm", [bnm, bmp], { out: torch.full([b, n, p], nan) }),
      ]);
      assert.equal(
        torch
          .isnan(mines[0] as Tensor)
          .sum()
          .item(),
        0,
      );
    });
  }

  it("test_householder_product_errors_and_warnings_cpu", async () => {
    const reflectors = randn([3, 3]);
    const tau = randn([3]);
    await check(
      [
        L("householder_product", [rand([10]), rand([2])]),
        L("householder_product", [rand([10, 6]), rand([20])]),
        L("householder_product", [rand([6, 10]), rand([5])]),
        L("householder_product", [reflectors, tau], { out: torch.emptyLike(reflectors).to("int32") }),
        L("householder_product", [reflectors, tau.to("int32")]),
      ],
      undefined,
      "all",
    );
  });

  it("test_lu_unpack_check_input_cpu_float64", async () => {
    const x = rand([5, 5, 5], "float64");
    const [luData, luPivots] = torch.lu(x, { pivot: true }) as [Tensor, Tensor];
    await check(
      [F("lu_unpack", [luData, luPivots.to("int64")]), F("lu_unpack", [luData, luPivots.mT])],
      undefined,
      "some",
    );
    const ref = await py.call(`${MOD}.lu_unpack_flags`, { lu: luData, piv: luPivots });
    const mine = [{ unpackData: false }, { unpackPivots: false }, { unpackData: false, unpackPivots: false }].map((o) =>
      (torch.luUnpack(luData, luPivots, o) as (Tensor | null)[]).map((t) => (t === null ? null : t.shape)),
    );
    assert.deepEqual(mine, ref);
  });

  // ---- addmv / addmm
  /** upstream's _test_addmm_addmv: f(t, m, v, alpha, beta) and its out= variant into a NaN-filled tensor. */
  function addmmCalls(
    f: string,
    t: Tensor,
    m: Tensor,
    v: Tensor,
    o: { alpha?: unknown; beta?: unknown; transposeOut?: boolean } = {},
  ) {
    const dtype = t.dtype;
    const alpha = o.alpha ?? (isComplex(dtype) ? c(0.9, 0.3) : 1.2);
    const beta = o.beta ?? (isComplex(dtype) ? c(0.5, 0.6) : 0.8);
    let res2: Tensor;
    try {
      res2 = torch.fullLike(runTs(F(f, [t, m, v], { alpha, beta })) as Tensor, nan);
    } catch {
      res2 = torch.empty([0], { dtype }); // the call raises (compared below)
    }
    if (o.transposeOut) res2 = res2.t().contiguous().t();
    return [F(f, [t, m, v], { alpha, beta }), F(f, [t, m, v], { alpha, beta, out: res2 })];
  }
  const ADDMV: [DType, number][] = [
    ["bfloat16", 1],
    ["float32", 1e-4],
    ["float64", 1e-8],
    ["complex64", 1e-4],
    ["complex128", 1e-8],
  ];
  for (const [dtype, prec] of ADDMV) {
    it(`test_addmv_cpu_${dtype}`, async () => {
      const r = (s: number[]) => randn(s).to(dtype).mul(0.2);
      const ts = [r([50]), randn([1]).to(dtype).expand([50]).mul(0.2)];
      const vs = [r([100]), torch.ones([1]).to(dtype).expand([100]).mul(0.2)];
      const ms = [
        torch.ones([]).to(dtype).expand([50, 100]).mul(0.2),
        randn([1, 100]).to(dtype).expand([50, 100]).mul(0.2),
        torch.randint(3, [50, 1], { dtype: "float32" }).to(dtype).expand([50, 100]).mul(0.2),
        r([50, 100]),
        randn([100, 50]).to(dtype).mul(0.2).t(),
      ];
      const calls: LCall[] = [];
      for (const m of ms) for (const v of vs) for (const t of ts) calls.push(...addmmCalls("addmv", t, m, v));
      const tn = torch.full([50], nan).to(dtype);
      for (const m of ms) for (const v of vs) calls.push(...addmmCalls("addmv", tn, m, v, { beta: 0 }));
      await check(calls, isSingle(dtype) || dtype === "bfloat16" ? { rtol: prec, atol: prec } : undefined);
    });
  }
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`test_addmv_rowmajor_colmajor_incx_incy_lda_cpu_${dtype}`, async () => {
      const [o, s] = [5, 3];
      const aData = torch.arange(1, o * s + 1, { dtype }).view([o, s]);
      const xData = torch.arange(1, s + 1, 1, { dtype });
      const yData = torch.ones([o], { dtype });
      const calls: LCall[] = [];
      for (const rowMajor of [false, true])
        for (const incx of [1, 2])
          for (const incy of [1, 2])
            for (const ldaTail of [0, 1]) {
              const aStorage = rowMajor
                ? torch.full([o, s + ldaTail], nan, { dtype })
                : torch.full([s, o + ldaTail], nan, { dtype }).permute([1, 0]);
              const a = aStorage.index(torch.slice(null, o), torch.slice(null, s)).copy_(aData);
              const x = torch.full([s, incx], nan, { dtype }).index(":", 0).copy_(xData);
              const y = torch.full([o, incy], nan, { dtype }).index(":", 0).copy_(yData);
              calls.push(...addmmCalls("addmv", y, a, x));
            }
      await check(calls);
    });
  }
  const ADDMM: [DType, number][] = [
    ["complex64", 1e-4],
    ["complex128", 1e-8],
    ["float32", 1e-4],
    ["float64", 1e-8],
    ["float16", 1e-1],
    ["bfloat16", 0.6],
  ];
  for (const [dtype, prec] of ADDMM) {
    it(`test_addmm_cpu_${dtype}`, async () => {
      const r = (s: number[]) => randn(s).to(dtype);
      const calls: LCall[] = [];
      calls.push(...addmmCalls("addmm", r([10, 25]), r([10, 50]), r([50, 25])));
      calls.push(
        ...addmmCalls(
          "addmm",
          randn([10, 1]).to(dtype).expand([10, 25]),
          randn([10, 1]).to(dtype).expand([10, 50]),
          r([50, 25]),
        ),
      );
      calls.push(...addmmCalls("addmm", torch.full([10, 25], nan).to(dtype), r([10, 50]), r([50, 25]), { beta: 0 }));
      const mt = (cond: boolean, m: Tensor) => (cond ? m.t().contiguous().t() : m);
      for (const [t1, t2] of product(bools, bools))
        for (const [t3, t4] of product(bools, bools))
          calls.push(
            ...addmmCalls("addmm", mt(t1, r([10, 25])), mt(t2, r([10, 50])), mt(t3, r([50, 25])), { transposeOut: t4 }),
          );
      await check(calls, { rtol: prec, atol: prec }, dtype === "float16" ? "all" : "none");
    });
  }
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`test_addmm_sizes_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const m of [0, 1, 25])
        for (const n of [0, 1, 10])
          for (const k of [0, 1, 8]) {
            const Mt = randn([n, m]).to(dtype);
            calls.push(...addmmCalls("addmm", Mt, randn([n, k]).to(dtype), randn([k, m]).to(dtype)));
            const m1 = randn([n, k + 1]).to(dtype);
            const m2 = randn([k, m]).to(dtype);
            calls.push(F("addmm", [Mt, m1, m2]), F("mm", [m1, m2]));
          }
      await check(calls, tl(dtype, 1e-4), "some");
    });
  }
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`test_strided_mm_bmm_cpu_${dtype}`, async () => {
      const x = torch.tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype },
      );
      const sx = torch.asStrided(x, [2, 2, 2], [3, 1, 1]);
      await check([F("bmm", [sx, sx]), F("mm", [sx.index(0), sx.index(0)])]);
    });
  }

  // ---- pinverse / matrix_exp / det
  for (const dtype of FT) {
    it(`test_pinverse_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const sizes of [
        [5, 5],
        [3, 5, 5],
        [3, 7, 5, 5],
        [3, 2],
        [5, 3, 2],
        [7, 5, 3, 2],
        [2, 3],
        [5, 2, 3],
        [7, 5, 2, 3],
        [0, 0],
        [0, 2],
        [2, 0],
        [3, 0, 0],
        [0, 3, 0],
        [0, 0, 3],
      ])
        calls.push(F("pinverse", [randn(sizes, dtype)]));
      for (const sizes of [
        [5, 5],
        [3, 5, 5],
        [3, 7, 5, 5],
      ]) {
        const Mx = fullrank(sizes, dtype);
        calls.push(M("matmul", [torch.pinverse(Mx), Mx]));
      }
      await check(calls, tl(dtype, dtype === "float32" ? 5e-3 : 1e-3, 1e-7));
    });
  }
  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`test_linalg_matrix_exp_batch_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const n of [
        [3, 2, 2],
        [3, 3, 3],
        [3, 4, 4],
        [3, 5, 5],
        [3, 3, 2, 2],
        [3, 3, 3, 3],
        [3, 3, 4, 4],
        [3, 3, 5, 5],
      ]) {
        const k = n.slice(0, -2).reduce((a, b) => a * b, 1);
        const list = Array.from({ length: k }, () => randn(n.slice(-2), dtype));
        const batch = torch.stack(list).view([-1, ...n.slice(-2)]);
        calls.push(L("matrix_exp", [batch]), ...list.map((x) => L("matrix_exp", [x])));
      }
      await check(calls, tl(dtype, 1e-4));
    });
  }
  it("test_det_logdet_slogdet_batched_cpu_float64", async () => {
    const dtype: DType = "float64";
    const gen = (kind: string, n: number): Tensor => {
      const r = randn([n, n], dtype);
      if (kind === "sym") return r.add(r.mT).div(2);
      if (kind === "sym_psd") return r.matmul(r.mT);
      if (kind === "sym_pd") return r.matmul(r.mT).add(eye(n, dtype).mul(1e-5));
      if (kind === "sing") return torch.ones([n, n], { dtype });
      return fullrank([n, n], dtype); // random_square_matrix_of_rank(n, n)
    };
    const calls: LCall[] = [];
    for (const [matsize, batchdims] of product([3, 5], [[3], [5, 3]]))
      for (const chars of [["sym_pd"], ["sing"], ["non_sing"], ["sym", "sym_pd", "sym_psd"], ["sing", "non_sing"]]) {
        const num = batchdims.reduce((a, b) => a * b, 1);
        const list = Array.from({ length: num }, (_, i) => gen(chars[i % chars.length] as string, matsize));
        const full = torch
          .stack(list)
          .reshape([...batchdims, matsize, matsize])
          .mul(factorial(matsize - 1) ** (-1.0 / (2 * matsize)));
        for (const f of ["det", "logdet", "slogdet", "linalg.slogdet"]) {
          calls.push(F(f, [full]));
          for (let i = 0; i < num; i++) calls.push(F(f, [full.reshape([num, matsize, matsize]).index(i)]));
        }
      }
    await check(calls);
  });

  // ---- lu_solve (torch.lu_solve)
  for (const dtype of FT) {
    const tol = tl(dtype, 1e-3, 1e-8);
    it(`test_lu_solve_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [k, n] of [
        [2, 3],
        [3, 5],
        [5, 7],
      ] as [number, number][]) {
        const b = randn([n, k], dtype);
        const A = fullrank([n, n], dtype);
        const [LU, piv] = torch.lu(A, { getInfos: true, pivot: true }) as [Tensor, Tensor, Tensor];
        calls.push(F("lu", [A], { get_infos: true, pivot: true }, ["pick:2"]), F("lu_solve", [b, LU, piv]));
      }
      await check(calls, tol);
    });
    it(`test_lu_solve_batched_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const bs of [1, 3, 4]) {
        const b = randn([bs, 5, 10], dtype);
        const A = fullrank([bs, 5, 5], dtype);
        const [LU, piv] = torch.lu(A, { getInfos: true, pivot: true }) as [Tensor, Tensor, Tensor];
        calls.push(F("lu", [A], { get_infos: true, pivot: true }, ["pick:2"]), F("lu_solve", [b, LU, piv]));
        for (let i = 0; i < bs; i++) calls.push(F("lu_solve", [b.index(i), LU.index(i), piv.index(i)]));
      }
      const b0 = randn([3, 0, 3], dtype);
      const [LU0, piv0] = torch.lu(randn([3, 0, 0], dtype)) as [Tensor, Tensor];
      calls.push(M("lu_solve", [b0, LU0, piv0]));
      await check(calls, tol);
    });
    it(`test_lu_solve_out_errors_and_warnings_cpu_${dtype}`, async () => {
      const [LU, piv] = torch.lu(eye(2, dtype), { pivot: true }) as [Tensor, Tensor];
      const b = randn([2, 1], dtype);
      await check([F("lu_solve", [b, LU, piv], { out: torch.empty([0], { dtype: "int32" }) })], undefined, "all");
    });
  }

  // ---- symeig (deprecated in 1.13, still there)
  for (const dtype of FT) {
    it(`test_symeig_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const real = realOf(dtype);
      for (const batch of [[], [3], [3, 5], [5, 3, 5]])
        for (const [eigenvectors, upper] of product(bools, bools)) {
          const dims = [5, ...batch];
          const x = hermitian(5, batch, dtype);
          const oute = torch.empty([...dims.slice(1), 5], { dtype: real });
          const outv = torch.empty([...dims.slice(1), 5, 5], { dtype });
          calls.push(F("symeig", [x], { eigenvectors, upper, out: [oute, outv] }, ["abs"]));
          calls.push(M("symeig", [x], { eigenvectors, upper }, ["abs"]));
          const nd = dims.length + 1;
          const perm = [...Array.from({ length: nd - 2 }, (_, i) => nd - 3 - i), nd - 1, nd - 2];
          const xp = hermitian(5, batch, dtype).permute(perm);
          calls.push(F("symeig", [xp], { eigenvectors, upper }, ["abs"]));
        }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_symeig_out_errors_and_warnings_cpu_${dtype}`, async () => {
      const a = hermitian(3, [], dtype);
      const real = realOf(dtype);
      await check(
        [
          F("symeig", [a], { out: [torch.empty([0], { dtype: real }), torch.empty([0], { dtype: "int32" })] }),
          F("symeig", [a], { out: [torch.empty([0], { dtype: "int32" }), torch.empty([0], { dtype })] }),
        ],
        undefined,
        "all",
      );
    });
  }

  for (const dtype of ["float32", "float64"] as DType[]) {
    it(`test_nuclear_norm_out_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const keepdim of [false, true])
        for (const [size, dim] of [
          [[25, 25], null],
          [
            [25, 25],
            [0, 1],
          ],
          [
            [25, 25],
            [1, 0],
          ],
          [
            [25, 25, 25],
            [2, 0],
          ],
          [
            [25, 25, 25],
            [0, 1],
          ],
        ] as [number[], number[] | null][]) {
          const x = randn(size, dtype);
          const kw: Record<string, unknown> = dim === null ? { keepdim } : { keepdim, dim };
          calls.push(F("nuclear_norm", [x], kw), F("nuclear_norm", [x], { ...kw, out: torch.empty([0], { dtype }) }));
        }
      await check(calls, tl(dtype, 1e-4));
    });
  }

  it("test_tensordot_cpu", async () => {
    const a = torch.arange(60, { dtype: "float32" }).reshape([3, 4, 5]);
    const b = torch.arange(24, { dtype: "float32" }).reshape([4, 3, 2]);
    const a2 = randn([2, 3, 4, 5]);
    const b2 = randn([4, 5, 6, 7]);
    await check(
      [
        F("tensordot", [a, b], {
          dims: [
            [1, 0],
            [0, 1],
          ],
        }),
        F("tensordot", [a, b], {
          dims: [
            [1, 0],
            [0, 1],
          ],
          out: torch.zeros([5, 2]),
        }),
        F("tensordot", [a2, b2], { dims: 2 }),
        F("tensordot", [a2, b2], { dims: -1 }),
        F("tensordot", [a2, b2]),
        F("tensordot", [torch.tensor(0, { dtype: "float32" }), torch.tensor(0, { dtype: "float32" }), 0]),
      ],
      undefined,
      "some",
    );
  });

  // ---- torch.svd, some=False (upstream's _test_svd_helper: the first min(m, n) columns by absolute value)
  for (const [name, colMaj] of [
    ["test_svd_tall_all", false],
    ["test_svd_tall_all_col_maj", true],
  ] as [string, boolean][])
    for (const dtype of ["float32", "float64"] as DType[]) {
      it(`${name}_cpu_${dtype}`, async () => {
        let t = randn(colMaj ? [5, 20] : [20, 5], "float64").to(dtype);
        if (colMaj) t = t.t();
        await check([F("svd", [t], { some: false }, ["svdm:5"])], tl(dtype, 1e-4));
      });
    }

  it("test_lapack_empty_cpu", async () => {
    const r = (s: number[]) => randn(s);
    await check(
      [
        F("inverse", [r([0, 0])]),
        F("pinverse", [r([0, 5])]),
        F("pinverse", [r([5, 0])]),
        F("pinverse", [r([0, 0])]),
        F("det", [r([0, 0])]),
        F("logdet", [r([0, 0])]),
        F("slogdet", [r([0, 0])]),
        F("eig", [r([0, 0]), true]),
        F("symeig", [r([0, 0]), true]),
        F("qr", [r([3, 0]), true]),
        F("qr", [r([0, 3]), true]),
        F("qr", [r([3, 0]), false]),
        F("lstsq", [r([0, 0]), r([0, 0])]),
        F("lstsq", [r([0]), r([0, 0])]),
      ],
      undefined,
      "some",
    );
  });

  // ---- ldl_factor / ldl_solve (PyTorch 1.13)
  /** random_hermitian_pd_matrix: A A^H + 1e-5 I. */
  function hermitianPd(n: number, batch: number[], dtype: DType): Tensor {
    const a = randn([...batch, n, n], dtype);
    return a.matmul(a.mH).add(eye(n, dtype).mul(1e-5));
  }
  for (const dtype of FT) {
    it(`test_ldl_factor_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const n of [0, 3, 5])
        for (const batch of [[], [4], [2, 2]])
          for (const hermitian of bools) {
            const A = hermitianPd(n, batch, dtype);
            const [LD, pivots] = torch.linalg.ldlFactorEx(A, { hermitian }) as [Tensor, Tensor, Tensor];
            assert.ok(pivots.gt(0).all().item(), "pivots of a positive definite input");
            calls.push(L("ldl_factor_ex", [A], { hermitian }), L("ldl_factor", [A], { hermitian }));
            // L @ D @ L^T (L^H): the input's lower triangle (hermitian: the input), as upstream checks
            const Lm = torch.tril(LD, -1);
            Lm.diagonal(0, -2, -1).fill_(1);
            const D = torch.diagEmbed(LD.diagonal(0, -2, -1));
            calls.push(M("matmul", [Lm.matmul(D), hermitian ? Lm.mH : Lm.mT]));
          }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_ldl_solve_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const batch of [[], [4], [2, 2]])
        for (const nrhs of [1, 7])
          for (const hermitian of bools) {
            const A = hermitianPd(5, batch, dtype);
            const B = make([...A.shape.slice(0, -1), nrhs], dtype);
            const [factors, pivots] = torch.linalg.ldlFactorEx(A, { hermitian }) as [Tensor, Tensor, Tensor];
            calls.push(L("ldl_solve", [factors, pivots, B], { hermitian }));
          }
      await check(calls, tl(dtype, 1e-3, 1e-8));
    });
  }

  it("test_linalg_lu_cpu_errors_cpu_float64", async () => {
    const dtype: DType = "float64";
    const calls: LCall[] = [];
    const withPivot = (p: Tensor, v: number) => {
      const q = p.clone();
      q.indexPut_([0], v);
      return q;
    };
    let LU: Tensor;
    let piv: Tensor;
    const B = randn([3, 2, 2], dtype);
    [LU, piv] = torch.linalg.luFactor(randn([3, 2, 2], dtype)) as [Tensor, Tensor];
    calls.push(L("lu_solve", [LU, piv, B], { adjoint: true }), F("lu_unpack", [LU, piv]));
    for (const v of [0, 3])
      calls.push(L("lu_solve", [LU, withPivot(piv, v), B], { adjoint: true }), F("lu_unpack", [LU, withPivot(piv, v)]));
    [LU, piv] = torch.linalg.luFactor(randn([3, 4, 2], dtype)) as [Tensor, Tensor];
    calls.push(F("lu_unpack", [LU, piv]));
    for (const v of [0, 5]) calls.push(F("lu_unpack", [LU, withPivot(piv, v)]));
    [LU, piv] = torch.linalg.luFactor(randn([2, 3, 5], dtype)) as [Tensor, Tensor];
    calls.push(F("lu_unpack", [LU, piv]));
    for (const v of [0, 4]) calls.push(F("lu_unpack", [LU, withPivot(piv, v)]));
    const refs = await check(calls, undefined, "some");
    assert.equal(refs.filter((r) => r === undefined).length, 8, "the eight calls with bad pivots raise");
  });

  it("test_matmul_out_kernel_errors_with_autograd_cpu", async () => {
    const a = torch.empty([256, 512], { requiresGrad: true }).unsqueeze(0);
    const b = torch.empty([4, 128, 512], { requiresGrad: true }).transpose(-1, -2);
    const cc = torch.empty([256, 4, 128]).movedim(1, 0);
    torch.matmul(a.detach(), b.detach(), { out: cc });
    await expectSameError(
      py,
      () => torch.matmul(a, b, { out: cc }),
      `a = torch.empty((256, 512), requires_grad=True).unsqueeze(0)
b = torch.empty((4, 128, 512), requires_grad=True).transpose(-1, -2)
c = torch.empty((256, 4, 128)).movedim(1, 0)
torch.matmul(a.detach(), b.detach(), out=c)
torch.matmul(a, b, out=c)`,
      {},
      /functions with out=\.\.\. arguments don't support automatic differentiation/,
    );
    torch.noGrad(() => torch.matmul(a, b, { out: cc }));
  });

  for (const dtype of ["complex64", "complex128"] as DType[]) {
    it(`test_invariance_error_spectral_decompositions_cpu_${dtype}`, async () => {
      const A = make([3, 3], dtype);
      const grad = () => A.clone().requiresGrad_();
      await expectSameError(
        py,
        () => {
          const [U, , Vh] = torch.linalg.svd(grad(), false) as Tensor[];
          (U as Tensor)
            .add(Vh as Tensor)
            .sum()
            .abs()
            .backward();
        },
        "U, _, Vh = torch.linalg.svd(A.clone().requires_grad_(), full_matrices=False)\n(U + Vh).sum().abs().backward()",
        { A },
        /ill-defined/,
      );
      await expectSameError(
        py,
        () => (torch.linalg.eig(grad()) as Tensor[])[1]?.sum().abs().backward(),
        "torch.linalg.eig(A.clone().requires_grad_()).eigenvectors.sum().abs().backward()",
        { A },
        /ill-defined/,
      );
      await expectSameError(
        py,
        () => {
          const h = grad();
          (torch.linalg.eigh(h.add(h.mH)) as Tensor[])[1]?.sum().abs().backward();
        },
        "h = A.clone().requires_grad_()\ntorch.linalg.eigh(h + h.mH).eigenvectors.sum().abs().backward()",
        { A },
        /ill-defined/,
      );
    });
  }

  it("test_mm_bmm_non_memory_dense_cpu", async () => {
    const slice2 = (t: Tensor) => t.index("...", "::2");
    const A = randn([3, 6], "complex64");
    const B = randn([3, 3], "complex64");
    const out = () => torch.empty([3, 3], { dtype: "complex64" }).t();
    const aConj = slice2(torch.conj(A));
    const aConjPhysical = slice2(torch.conjPhysical(A));
    assert.ok(aConj.isConj() && !aConjPhysical.isConj());
    const Ab = randn([2, 3, 6], "complex64");
    const Bb = randn([2, 3, 3], "complex64");
    const Bb_ = randn([1, 3, 3], "complex64").expand([2, 3, 3]);
    const outB = () => torch.empty([2, 3, 3], { dtype: "complex64" }).mT;
    const abConj = slice2(torch.conj(Ab));
    const abConjPhysical = slice2(torch.conjPhysical(Ab));
    await check(
      [
        F("mm", [aConj, B], { out: out() }),
        F("mm", [aConjPhysical, B], { out: out() }),
        F("mm", [aConj.t(), B], { out: out() }),
        F("mm", [aConjPhysical.t(), B], { out: out() }),
        ...[Bb, Bb_].flatMap((bb) => [
          F("bmm", [abConj, bb], { out: outB() }),
          F("bmm", [abConjPhysical, bb], { out: outB() }),
          F("bmm", [abConj.mT, bb], { out: outB() }),
          F("bmm", [abConjPhysical.mT, bb], { out: outB() }),
        ]),
      ],
      { rtol: 1e-5, atol: 1e-5 },
    );
    // torchts's own results: the conj view and the physically conjugated copy give the same product
    assert.ok(torch.mm(aConj, B, { out: out() }).allclose(torch.mm(aConjPhysical, B, { out: out() })));
  });

  it("test_linalg_qr_autograd_errors_cpu_float32", async () => {
    const inp = randn([5, 7]).requiresGrad_();
    const [q, r] = torch.linalg.qr(inp, "r") as [Tensor, Tensor];
    assert.deepEqual(q.shape, [0]);
    await expectSameError(
      py,
      () => r.sum().backward(),
      "q, r = torch.linalg.qr(inp.clone().requires_grad_(), mode='r')\ntorch.sum(r).backward()",
      { inp: inp.detach() },
      /The derivative of linalg.qr depends on Q, which is not computed when mode='r'/,
    );
    const inp2 = randn([7, 5]).requiresGrad_();
    const [, r2] = torch.linalg.qr(inp2, "complete") as [Tensor, Tensor];
    await expectSameError(
      py,
      () => r2.sum().backward(),
      "q, r = torch.linalg.qr(inp.clone().requires_grad_(), mode='complete')\ntorch.sum(r).backward()",
      { inp: inp2.detach() },
      /The QR decomposition is not differentiable when mode='complete' and nrows > ncols/,
    );
  });

  // ---- broadcasting in the fused and batched matmuls (shapes drawn by torch's generator, not Python's random)
  const randint = (lo: number, hi: number) => torch.randint(lo, hi + 1, [1]).item() as number;
  /** upstream's _select_broadcastable_dims. */
  function selectBroadcastableDims(dimsFull: number[]): [number[], number[]] {
    const ndims = dimsFull.length;
    const smallerNdims = randint(1, ndims);
    let dimsSmall: number[] = [];
    let dimsLarge: number[] = [];
    for (let i = ndims - 1; i >= 0; i--) {
      const j = randint(1, 3);
      let ds: number;
      let dl: number;
      if (j === 1) {
        ds = dimsFull[i] as number;
        dl = dimsFull[i] as number;
      } else if (j === 2) {
        ds = dimsFull[i] as number;
        dl = dimsSmall.length < smallerNdims ? 1 : (dimsFull[i] as number);
      } else {
        ds = 1;
        dl = dimsFull[i] as number;
      }
      dimsLarge = [dl, ...dimsLarge];
      if (dimsSmall.length < smallerNdims) dimsSmall = [ds, ...dimsSmall];
    }
    return [dimsSmall, dimsLarge];
  }
  it("test_broadcast_fused_matmul_cpu", async () => {
    const calls: LCall[] = [];
    for (const fn of ["baddbmm", "addbmm", "addmm", "addmv", "addr"]) {
      const [b, n, m, p] = [randint(1, 8), randint(1, 8), randint(1, 8), randint(1, 8)];
      const dims: Record<string, number[][]> = {
        baddbmm: [
          [b, n, p],
          [b, n, m],
          [b, m, p],
        ],
        addbmm: [
          [n, p],
          [b, n, m],
          [b, m, p],
        ],
        addmm: [
          [n, p],
          [n, m],
          [m, p],
        ],
        addmv: [[n], [n, m], [m]],
        addr: [[n, m], [n], [m]],
      };
      const [t0Full, t1d, t2d] = dims[fn] as number[][];
      const [t0Small] = selectBroadcastableDims(t0Full as number[]);
      const t0 = randn(t0Small);
      const t1 = randn(t1d as number[]);
      const t2 = randn(t2d as number[]);
      calls.push(F(fn, [t0, t1, t2]), F(fn, [t0.expand(t0Full as number[]), t1, t2]));
    }
    await check(calls, { rtol: 1e-4, atol: 1e-4 });
  });
  it("test_broadcast_batched_matmul_cpu", async () => {
    const calls: LCall[] = [];
    const [n, m, p] = [randint(1, 8), randint(1, 8), randint(1, 8)];
    const fullBatch = Array.from({ length: randint(1, 3) }, () => randint(1, 3));
    const [batchSmall] = selectBroadcastableDims(fullBatch);
    for (const [fullLhs, oneDim] of product(bools, bools)) {
      const lhsDims = !oneDim ? [n, m] : fullLhs ? [n, m] : [m];
      const rhsDims = !oneDim ? [m, p] : !fullLhs ? [m, p] : [m];
      const lhsMat = lhsDims.length !== 1 ? lhsDims : [1, m];
      const rhsMat = rhsDims.length !== 1 ? rhsDims : [m, 1];
      const fullMat = fullLhs ? lhsMat : rhsMat;
      const dim0Dims = fullLhs ? rhsDims : lhsDims;
      const smallDims = [...batchSmall, ...(fullLhs ? rhsMat : lhsMat)];
      const small = randn(smallDims);
      const dim0 = randn(dim0Dims);
      const full = randn([...fullBatch, ...fullMat]);
      const [lhsTensors, rhsTensors] = !oneDim
        ? fullLhs
          ? [[full], [small, dim0]]
          : [[small, dim0], [full]]
        : fullLhs
          ? [[full], [dim0]]
          : [[dim0], [full]];
      for (const lhs of lhsTensors as Tensor[]) {
        const lhsExp = lhs.expand([...fullBatch, ...lhsMat]);
        for (const rhs of rhsTensors as Tensor[]) {
          const rhsExp = (rhsDims.length !== 1 ? rhs : rhs.unsqueeze(-1)).expand([...fullBatch, ...rhsMat]);
          for (const l of [lhs, lhsExp])
            for (const r of [rhs, rhsExp]) {
              const res = torch.matmul(l, r);
              calls.push(M("matmul", [l, r]), F("matmul", [l, r]), F("matmul", [l, r], { out: torch.zerosLike(res) }));
            }
          calls.push(F("bmm", [lhsExp.contiguous().view([-1, ...lhsMat]), rhsExp.contiguous().view([-1, ...rhsMat])]));
        }
      }
    }
    await check(calls, { rtol: 1e-4, atol: 1e-4 });
  });
});

class Shape {
  constructor(readonly shape: number[]) {}
}
function factorial(n: number): number {
  return n <= 1 ? 1 : n * factorial(n - 1);
}

// ---- torch.lobpcg (torch/_lobpcg.py): TestLinalg's _test_lobpcg_method and TestAutograd's test_lobpcg

type Run = { A: Tensor; kw: Record<string, unknown>; seed: number };
type Tracker = (w: torch.LOBPCG) => void;
const camelKey = (s: string) => s.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());
/** _utils.matmul: torch.sparse.mm for a sparse COO A. */
const mmA = (A: Tensor | null, X: Tensor) => (A === null ? X : A.isSparse ? torch.sparse.mm(A, X) : A.matmul(X));
/** _utils.qform: S^T A S. */
const qformA = (A: Tensor | null, S: Tensor) => S.mT.matmul(mmA(A, S));
const closeTo = (actual: Tensor, expected: Tensor, o: { atol?: number; rtol?: number } = {}) =>
  torch.testing.assertClose(actual, expected, o);

/** Python's exception class for an error torchts raised (the AssertionError of _lobpcg.py's asserts included). */
const pyClass = (e: unknown) => {
  const name = (e as Error).name;
  return name === "AssertionError" || name === "KeyError" ? name : errClass(e);
};

/**
 * Each run as torchts and PyTorch run it (test/python/upstream_linalg_more.py's lobpcg_runs): the same seed before
 * torch.lobpcg(A, **kw) (its random X), a tracker recording ivars["converged_count"] after each step (plus
 * `tracker` on torchts's side: upstream's test_tracker). E and X must be PyTorch's (X column by column, with
 * its sign: the same op sequence from the same X), and so must the converged counts, step by step; or the
 * error (class and first line).
 */
async function lobpcgParity(runs: Run[], tracker?: Tracker): Promise<Array<[Tensor, Tensor] | null>> {
  // Python encodes its inputs now: the basic method writes into a given X, which torchts's run does after.
  const refs = (await py.call(`${MOD}.lobpcg_runs`, { runs: runs as unknown as PyValue })) as PyValue[];
  return runs.map((r, i) => {
    const what = `lobpcg#${i} A${JSON.stringify(r.A.shape)} ${JSON.stringify(r.kw, (_k, v) => (v instanceof torch.Tensor ? `Tensor${JSON.stringify(v.shape)}` : v))}`;
    const ref = refs[i] as PyValue;
    const counts: number[] = [];
    const kw = Object.fromEntries(Object.entries(r.kw).map(([k, v]) => [camelKey(k), v]));
    let mine: [Tensor, Tensor] | null = null;
    let err: unknown;
    try {
      torch.manualSeed(r.seed);
      mine = torch.lobpcg(r.A, {
        ...kw,
        tracker: (w) => {
          counts.push(w.ivars.converged_count as number);
          tracker?.(w);
        },
      });
    } catch (e) {
      err = e;
    }
    if (ref !== null && typeof ref === "object" && "__error" in ref) {
      const [cls, msg] = (ref as { __error: [string, string] }).__error;
      assert.ok(err !== undefined, `${what}: torchts raised nothing; PyTorch raised ${cls}: ${msg}`);
      assert.equal(pyClass(err), cls, `${what}: error class (${(err as Error).message})`);
      assert.equal((err as Error).message.split("\n")[0], msg, `${what}: error message`);
      return null;
    }
    if (err !== undefined) throw err;
    const [E, X, steps] = ref as [Tensor, Tensor, number[]];
    const [myE, myX] = mine as [Tensor, Tensor];
    expectTensor(myE, E, { rtol: 1e-7, atol: 1e-7 }, `${what}: E`);
    expectTensor(myX, X, { rtol: 1e-7, atol: 1e-7 }, `${what}: X`);
    assert.deepEqual(counts, steps, `${what}: converged counts per step`);
    return mine;
  });
}

/**
 * random_sparse_pd_matrix: diag(1..m)/m rotated by random Givens rotations until its density is reached; upstream
 * draws i, j and theta with Python's random, here with torch's generator (the matrix goes to PyTorch as it is).
 */
function randomSparsePd(m: number, density: number, dtype: DType): Tensor {
  const data = new Map<number, number>();
  for (let i = 0; i < m; i++) data.set(i * m + i, (i + 1) / m);
  const multiply = (i: number, j: number, cs: number, sn: number, left: boolean) => {
    for (let k = 0; k < m; k++) {
      const [ik, jk] = left ? [k * m + i, k * m + j] : [i * m + k, j * m + k];
      const a0 = data.get(ik) ?? 0;
      const b0 = data.get(jk) ?? 0;
      const aik = cs * a0 + sn * b0;
      const ajk = -sn * a0 + cs * b0;
      if (aik) data.set(ik, aik);
      else data.delete(ik);
      if (ajk) data.set(jk, ajk);
      else data.delete(jk);
    }
  };
  const target = density * m * m;
  while (data.size < target) {
    const i = torch.randint(0, m, [1]).item() as number;
    const j = torch.randint(0, m, [1]).item() as number;
    if (i !== j) {
      const theta = (torch.rand([1], { dtype: "float64" }).item() as number) * 2 * Math.PI;
      const [cs, sn] = [Math.cos(theta), Math.sin(theta)];
      multiply(i, j, cs, sn, true);
      multiply(i, j, cs, sn, false);
    }
  }
  const keys = [...data.keys()].sort((a, b) => a - b);
  const idx = torch.tensor([keys.map((x) => Math.floor(x / m)), keys.map((x) => x % m)], { dtype: "int64" });
  const values = torch.tensor(
    keys.map((x) => data.get(x) as number),
    { dtype },
  );
  return torch.sparseCooTensor(idx, values, [m, m]);
}
/** random_symmetric_pd_matrix: A A^T + 1e-5 I. */
function randomSymmetricPd(m: number, batch: number[], dtype: DType): Tensor {
  const A = torch.randn([...batch, m, m], { dtype });
  return torch.matmul(A, A.mT).add(torch.eye(m, m, { dtype }).mul(1e-5));
}

describe("TestLinalg lobpcg", () => {
  // _test_lobpcg_method: upstream's lobpcg wrapper (tracker=test_tracker, niter=1000, method, tol=1e-8), its checks
  // of torchts's results (A V = V E, the eigenvalues of eigvalsh or of the sparse matrix's construction, the
  // generalized A V = B V E), and each call's E, X and converged counts against PyTorch's.
  for (const method of ["basic", "ortho"]) {
    it(`test_lobpcg_${method}_cpu_float64`, async () => {
      const dtype: DType = "float64";
      const prec = 5e-4;
      // upstream's test_tracker: once k pairs converged, rerr, B-orthogonality and the block equation.
      const testTracker: Tracker = (w) => {
        const k = w.iparams.k as number;
        const nc = w.ivars.converged_count as number;
        if (k <= nc) {
          const tol = w.fparams.tol as number;
          const rerr = w.tvars.rerr as Tensor;
          const Xk = w.X.index(":", torch.slice(null, k));
          const I = torch.eye(k, k, { dtype: w.X.dtype });
          assert.ok((rerr.index(torch.slice(null, k)).max().item() as number) <= tol, "rerr[:k].max() <= tol");
          closeTo(qformA(w.B, Xk), I);
          closeTo(qformA(w.A, Xk).div(w.E.index(torch.slice(null, k))), I, { atol: 0.2, rtol: 0 });
        }
      };
      const kwOf = (o: Record<string, unknown>) => ({ niter: 1000, method, tol: 1e-8, ...o });
      const runs: Run[] = [];
      const checks: Array<(r: Array<[Tensor, Tensor] | null>) => void> = [];
      let seed = 0;
      const add = (A: Tensor, o: Record<string, unknown>, check: (E: Tensor, V: Tensor) => void) => {
        const at = runs.length;
        runs.push({ A, kw: kwOf(o), seed: seed++ });
        checks.push((res) => {
          const [E, V] = res[at] as [Tensor, Tensor];
          check(E, V);
        });
      };
      // check dense input
      for (const batches of [[], [2], [2, 3]]) {
        for (const [m, n, k] of [
          [9, 3, 1],
          [9, 3, 2],
          [9, 2, 2],
          [100, 15, 5],
        ] as [number, number, number][]) {
          // skip tests that are known to fail with the basic LOBPCG method (cholesky of singular input)
          if (method === "basic" && ((m === 9 && n === 2 && k === 2) || (m === 100 && n === 15 && k === 5))) continue;
          const A = randomSymmetricPd(m, batches, dtype);
          const B = randomSymmetricPd(m, batches, dtype);
          const e = torch.linalg.eigvalsh(A);
          // classical eigenvalue problem, smallest eigenvalues
          add(A, { k, n, largest: false }, (E, V) => {
            assert.deepEqual(E.shape, [...batches, k]);
            assert.deepEqual(V.shape, [...batches, m, k]);
            closeTo(mmA(A, V), V.matmul(E.diagEmbed()), { atol: prec, rtol: 0 });
            closeTo(E, e.index("...", torch.slice(null, k)));
          });
          // classical eigenvalue problem, largest eigenvalues
          add(A, { k, n, largest: true }, (E, V) => {
            const eLargest = torch.sort(e.index("...", torch.slice(-k)), { descending: true })[0];
            closeTo(E, eLargest, { atol: prec, rtol: 0 });
            closeTo(mmA(A, V), V.matmul(E.diagEmbed()), { atol: prec, rtol: 0 });
          });
          // generalized eigenvalue problem, smallest eigenvalues
          add(A, { B, k, n, largest: false }, (E, V) => {
            closeTo(mmA(A, V), mmA(B, V).matmul(E.diagEmbed()), { atol: prec, rtol: 0 });
          });
          // generalized eigenvalue problem, largest eigenvalues
          add(A, { B, k, n, largest: true }, (E, V) => {
            closeTo(mmA(A, V).div(E.max()), mmA(B, V).matmul(E.div(E.max()).diagEmbed()), { atol: prec, rtol: 0 });
          });
        }
      }
      // check sparse input
      for (const [m, n, k, density] of [
        [5, 1, 1, 0.8],
        [9, 3, 2, 0.5],
        [100, 1, 1, 0.1],
        [1000, 7, 3, 0.01],
      ] as [number, number, number, number][]) {
        // skip tests that are known to fail with the basic LOBPCG method (insufficient accuracy)
        if (method === "basic" && m === 1000) continue;
        const A = randomSparsePd(m, density, dtype);
        const B = randomSparsePd(m, density, dtype);
        const eigenvalues = torch.arange(1, m + 1, { dtype }).div(m);
        const eSmallest = eigenvalues.index("...", torch.slice(null, k));
        const eLargest = torch.sort(eigenvalues.index("...", torch.slice(-k)), { descending: true })[0];
        add(A, { k, n, largest: false }, (E, V) => {
          closeTo(E, eSmallest);
          closeTo(mmA(A, V), V.matmul(E.diagEmbed()), { atol: prec, rtol: 0 });
        });
        add(A, { k, n, largest: true }, (E, V) => {
          closeTo(mmA(A, V), V.matmul(E.diagEmbed()), { atol: prec, rtol: 0 });
          closeTo(E, eLargest);
        });
        add(A, { B, k, n, largest: false }, (E, V) => {
          closeTo(mmA(A, V), mmA(B, V.matmul(E.diagEmbed())), { atol: prec, rtol: 0 });
        });
        add(A, { B, k, n, largest: true }, (E, V) => {
          closeTo(mmA(A, V).div(E.max()), mmA(B, V).matmul(E.div(E.max()).diagEmbed()), { atol: prec, rtol: 0 });
        });
      }
      const res = await lobpcgParity(runs, testTracker);
      for (const check of checks) check(res);
    });
  }

  // Not upstream: the other arguments (X given, iK, niter, the ortho parameters, B with the basic method on a
  // batch), and _lobpcg.py's errors (its asserts as AssertionError, the m < 3 n ValueError, float16's missing
  // default tol), against PyTorch.
  it("lobpcg options and errors", async () => {
    const dtype: DType = "float64";
    const A = randomSymmetricPd(12, [], dtype);
    const Ab = randomSymmetricPd(12, [2], dtype);
    const Bb = randomSymmetricPd(12, [2], dtype);
    const X = torch.randn([12, 3], { dtype });
    const iK = torch.linalg.inv(A.add(torch.eye(12, 12, { dtype })));
    await lobpcgParity([
      { A, kw: { X }, seed: 1 },
      { A, kw: { X, k: 2, method: "basic" }, seed: 2 },
      { A, kw: { k: 2, n: 4, iK, largest: false }, seed: 3 },
      { A, kw: { k: 2, n: 4, iK, method: "basic", largest: false }, seed: 4 },
      { A, kw: { k: 2, niter: 3 }, seed: 5 },
      { A, kw: { k: 2, niter: -1, tol: 1e-10 }, seed: 6 },
      {
        A,
        kw: { k: 3, ortho_iparams: { ortho_i_max: 1, ortho_j_max: 1 }, ortho_bparams: { ortho_use_drop: true } },
        seed: 7,
      },
      { A, kw: { k: 3, ortho_fparams: { ortho_tol: 1e-3, ortho_tol_drop: 1e-6 } }, seed: 8 },
      { A: Ab, kw: { B: Bb, k: 2, method: "basic", largest: false }, seed: 9 },
      { A: Ab, kw: { X: torch.randn([2, 12, 3], { dtype }), k: 2 }, seed: 10 },
      { A: A.to("float32"), kw: { k: 2 }, seed: 11 },
      // errors
      { A: torch.randn([4, 5], { dtype }), kw: {}, seed: 0 },
      { A, kw: { B: Ab }, seed: 0 },
      { A, kw: { k: 5 }, seed: 0 },
      { A, kw: { X: torch.randn([2, 12, 2], { dtype }) }, seed: 0 },
      { A: A.to("float16"), kw: {}, seed: 0 },
    ]);
    assert.throws(() => torch.lobpcg(A, { K: 2 } as never), /lobpcg\(\) got an unexpected keyword argument 'K'/);
  });
});

describe("TestAutograd lobpcg", () => {
  // test_autograd.py's func: lobpcg from X = eye(m, k) (expanded over the batch), U's columns signed by their
  // largest entry.
  const func = (k: number, A: Tensor, largest: boolean): [Tensor, Tensor] => {
    const X0 = torch.eye(A.size(-2), k, { dtype: A.dtype });
    const X = A.dim() > 2 ? X0.expand([...A.shape.slice(0, -1), k]) : X0;
    const [D, U] = torch.lobpcg(A, { k, X, largest });
    const idx = (U.abs().max(-2, true) as unknown as Tensor[])[1] as Tensor;
    const sign = U.gather(-2, idx).sign();
    return [D, U.mul(sign)];
  };
  const cases: [number, number[]][] = [
    [1, [6, 6]],
    [1, [2, 6, 6]],
    [1, [2, 2, 6, 6]],
    [2, [6, 6]],
    [2, [2, 6, 6]],
    [2, [2, 2, 6, 6]],
    [3, [9, 9]],
    [3, [2, 9, 9]],
    [3, [2, 2, 9, 9]],
  ];
  // run_symeig_test's inputs in upstream's order (largest=True's nine cases, then largest=False's), each A then
  // its D_grad and U_grad, from upstream's seed (TestCase's SEED, 1234; the checks in between draw nothing).
  const inputs = (largest: boolean) => {
    torch.manualSeed(1234);
    const all = [true, false].flatMap((l) =>
      cases.map(([k, sizes]) => {
        const R = torch.rand(sizes, { dtype: "float64" });
        const A = R.matmul(R.mT).div(10);
        const Dgrad = torch.rand([...A.shape.slice(0, -2), k], { dtype: "float64" }).div(100);
        const Ugrad = torch.rand([...A.shape.slice(0, -1), k], { dtype: "float64" }).div(100);
        return { k, sizes, largest: l, A, Dgrad, Ugrad };
      }),
    );
    return all.filter((c) => c.largest === largest);
  };
  // run_symeig_test: gradcheck and gradgradcheck (upstream's small custom gradients) and A.grad symmetric; D, U,
  // A.grad, the vjp of (D_grad, U_grad) and a double backward through it equal to PyTorch's. Upstream asserts
  // that both checks pass; live PyTorch 1.13 fails some of them with largest=False on these very inputs (the
  // smallest eigenpairs of A A^T / 10 are ill-conditioned: gradgradcheck for k=1 on (2, 6, 6), both checks for
  // k=1 on (2, 2, 6, 6)), so there the checks' verdicts are compared with PyTorch's; with largest=True (where
  // PyTorch's pass) they must pass, as upstream asserts.
  for (const largest of [true, false])
    it(`test_lobpcg (largest=${largest})`, { timeout: 300000 }, async () => {
      const runs = inputs(largest);
      // PyTorch works while torchts does.
      const pending = py.call(`${MOD}.lobpcg_autograd`, {
        runs: runs.map(({ A, k, Dgrad, Ugrad }) => ({
          A,
          k,
          largest,
          D_grad: Dgrad,
          U_grad: Ugrad,
          checks: !largest && k === 1,
        })) as PyValue,
      });
      const mine = runs.map(({ k, sizes, A: A0, Dgrad, Ugrad }) => {
        const what = `k=${k} sizes=${JSON.stringify(sizes)} largest=${largest}`;
        const A = A0.detach().requiresGrad_(true);
        const f = (a: Tensor) => func(k, a, largest);
        // The finite-difference checks for k = 1 only (the k = 2, 3 ones took minutes on both sides); every
        // case's gradients and double backward are compared with PyTorch's below.
        const checks =
          k === 1
            ? [
                torch.autograd.gradcheck(f, [A], { checkBatchedGrad: false, raiseException: false }),
                torch.autograd.gradgradcheck(f, [A], [Dgrad, Ugrad], {
                  atol: 1e-4,
                  checkBatchedGrad: false,
                  raiseException: false,
                }),
              ]
            : null;
        // check whether A.grad is symmetric
        const A1 = A.detach().requiresGrad_(true);
        const [D, U] = func(k, A1, largest);
        D.sum().add(U.sum()).backward();
        const g1 = A1.grad as Tensor;
        closeTo(g1, g1.mT);
        const A2 = A.detach().requiresGrad_(true);
        const [D2, U2] = func(k, A2, largest);
        const [g] = torch.autograd.grad([D2, U2], [A2], { gradOutputs: [Dgrad, Ugrad], createGraph: true });
        const [h] = torch.autograd.grad([(g as Tensor).pow(2).sum()], [A2]);
        return { what, checks, outs: [D, U, g1, (g as Tensor).detach(), h as Tensor] };
      });
      const refs = (await pending) as PyValue[][];
      const tol = { rtol: 1e-7, atol: 1e-7 };
      mine.forEach(({ what, checks, outs }, i) => {
        const ref = refs[i] as PyValue[];
        outs.forEach((t, j) => {
          const name = ["D", "U", "A.grad", "vjp", "double backward"][j];
          expectTensor(t.detach(), ref[j] as Tensor, tol, `${what}: ${name}`);
        });
        if (checks === null) return;
        if (largest) assert.deepEqual(checks, [true, true], `${what}: gradcheck, gradgradcheck`);
        else assert.deepEqual(checks, ref.slice(5), `${what}: [gradcheck, gradgradcheck] as PyTorch's`);
      });
    });

  // LOBPCGAutogradFunction.backward's limitations, as PyTorch raises them.
  it("test_lobpcg backward errors", async () => {
    const A = randomSymmetricPd(9, [], "float64");
    const B = randomSymmetricPd(9, [], "float64");
    const code = (kw: string) =>
      `A = A.detach().requires_grad_(True)\ntorch.manual_seed(0)\nD, U = torch.lobpcg(A, k=2, ${kw})\n(D.sum() + U.sum()).backward()`;
    for (const [kw, mine] of [
      ["B=B", { B }],
      ["B=B.requires_grad_(True)", { B: B.detach().requiresGrad_(true) }],
    ] as [string, Record<string, unknown>][]) {
      const ref = await py.run(code(kw), { A, B });
      assert.ok(ref.error !== undefined, `${kw}: PyTorch raised nothing`);
      const A1 = A.detach().requiresGrad_(true);
      torch.manualSeed(0);
      const [D, U] = torch.lobpcg(A1, { k: 2, ...mine });
      let err: unknown;
      try {
        D.sum().add(U.sum()).backward();
      } catch (e) {
        err = e;
      }
      assert.ok(err !== undefined, `${kw}: torchts raised nothing`);
      expectSameErr(err, [ref.type as string, (ref.error as string).split("\n")[0] as string], kw);
    }
  });
});
