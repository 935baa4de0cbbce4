// Ported from PyTorch 1.13's test/test_linalg.py (TestLinalg), each case named after the upstream test as
// instantiated on the CPU (test_<name>_cpu_<dtype>, the CPU dtypes upstream lists; float32 / float64 / complex64 /
// complex128 for the LAPACK-backed functions). Where upstream compares with NumPy or SciPy (np.linalg.*, scipy's
// lstsq / solve_triangular) or with a property (A @ X == B, P @ L @ U == A, out= equal to the plain call), live
// PyTorch runs the same torch call on the same inputs (test/python/upstream_linalg.py) and torchts must give the same
// dtype, shape and values (NaN equal to NaN), or the same error class and first message line. The inputs are made by
// torchts with upstream's generators (random_hermitian_pd_matrix, make_fullrank_matrices_with_distinct_singular_values,
// random_matrix, ...) rebuilt from libtorch ops. Singular vectors and eigenvectors are unique only up to a sign or a
// phase and linalg.eig's eigenvalues come in no set order, so those are compared as upstream compares them: their
// absolute values, and eig's eigenpairs sorted (by real part + 1e-3 * imaginary part) on both sides. torchts's
// libtorch and Debian's PyTorch use different LAPACK / BLAS builds, so single-precision results are compared with
// upstream's precisionOverride where it has one and rtol = atol = 1e-4 otherwise (float64: PyTorch's defaults, or
// upstream's override). Argument-parser TypeErrors are compared by class and function name only (see
// test_reductions.test.ts). Scalars JSON cannot carry (inf, -inf, nan as ord / p) travel as {"__num": "inf"}.
// In part:
// - test_addr_integral: without the float beta / alpha errors (2. and 2 are the same JS number).
// - the *_errors_and_warnings tests: the error checks; the "An output with one or more elements was resized"
//   warnings are left out (Python's warnings module: torchts reports them to its own warning hook).
// - test_linalg_lstsq: batches (), (2,), (2, 2); test_vector_norm: norm dtypes None and one other (float64 /
//   complex128) with the out= variant; test_norm_vector / test_norm_matrix: without the 1_000_000-element and
//   1000 x 1000 inputs (size); test_eigh / test_eig_numpy / test_svd*: eigenvectors and singular vectors by absolute
//   value (upstream's own comparison).
// - (test_lapack_empty, test_blas_*, test_addmm*, test_mm_bmm_non_memory_dense and more: test_linalg_more.test.ts.)
// - test_linalg_lu_factor_and_lu: the factorizations (LU, pivots, info) compared with PyTorch's for nonsingular
//   inputs; singular inputs by the unpacked P @ L @ U, as upstream (LU of a singular matrix is not unique across
//   LAPACK builds).
// PyTorch 1.13's additions are ported as its tests have them (test_linalg_lu_solve) or, where no stored source names
// them, as test_vander / test_vecdot / test_linalg_diagonal_matmul cases over the operators' documented behaviour.
// Left out:
// - functions PyTorch 1.13 removed (each raises "This function was deprecated since version 1.9 and is now
//   removed"): test_old_eig_basic / _reuse / _invalid_input / _out (torch.eig), test_old_solve* (torch.solve),
//   test_old_matrix_rank (torch.matrix_rank), test_lstsq (torch.lstsq).
// - CUDA-only: test_old_cholesky_batched_upper, test_eig_compare_backends, test_eig_check_magma,
//   test_eigvals_compare_backends, test_linalg_solve_triangular_large, test_norm_fused_type_promotion,
//   test_addmm_baddbmm_overflow, test_matmul_45724, test_solve_methods_arg_device, test_lu_solve_large_matrices;
//   the wrong-device checks of every test (no second device on the CPU).
// - slowTest / size: test_old_cholesky_batched_many_batches, test_cholesky_solve_batched_many_batches,
//   test_inverse_many_batches, test_inverse_errors_large (8 x 10 x 616 x 616), test_svd_memory_allocation (3 x 2^20),
//   test_triangular_solve_batched_many_batches, test_lu_solve_batched_many_batches, test_mm, test_det_logdet_slogdet,
//   test_linalg_matrix_exp_analytic.
// - randomized algorithms whose draws come from Python's or NumPy's generators: test_svd_lowrank, test_pca_lowrank,
//   test_einsum_random. (test_lobpcg_basic / _ortho are ported in test_linalg_more.test.ts.)
// - private helpers: test_linalg_matrix_exp_utils (torch._compute_linear_combination).
// - test_linalg_qr_autograd_errors (the backward of linalg.qr: test/upstream/test_autograd.test.ts covers autograd).
// - the matmul-family tests with thousands of permuted layouts (test_bmm, test_addbmm, test_baddbmm): their
//   operators are covered by test_blas_* and test_addmm* in test_linalg_more.test.ts.
// - float16 / bfloat16 instantiations of LAPACK tests: upstream lists none on the CPU.

import { afterAll, describe, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import type { DType } from "../../lib/dtype";
import { F, FT, isComplex, isSingle, L, type LCall, linalgCheck, M, realOf, type Tol } from "../helpers/linalg_parity";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const MOD = "upstream_linalg";

const check = linalgCheck(py, MOD, "some");

const REAL: DType[] = ["float32", "float64"];
const INTS: DType[] = ["uint8", "int8", "int16", "int32", "int64"];
const ALL: DType[] = [...INTS, "float32", "float64", "float16", "bfloat16", "bool", "complex64", "complex128"];
/** Single precision: upstream's precisionOverride (or 1e-4); double precision: PyTorch's defaults. */
const tl = (d: DType, single = 1e-4, double?: number): Tol | undefined =>
  isSingle(d) ? { rtol: single, atol: single } : double === undefined ? undefined : { rtol: double, atol: double };
const product = <A, B>(as: A[], bs: B[]): [A, B][] => as.flatMap((a) => bs.map((b) => [a, b] as [A, B]));
const inf = Number.POSITIVE_INFINITY;
const nan = Number.NaN;

torch.manualSeed(1234);
const randn = (shape: number[], dtype: DType = "float32") => torch.randn(shape, { dtype });
const rand = (shape: number[], dtype: DType = "float32") => torch.rand(shape, { dtype });
const make = (shape: number[], dtype: DType, o: { low?: number; high?: number; noncontiguous?: boolean } = {}) =>
  torch.testing.makeTensor(shape, { dtype, ...o });
const empty = (shape: number[], dtype: DType) => torch.empty(shape, { dtype });
const eye = (n: number, dtype: DType) => torch.eye(n, n, { dtype });

/** random_hermitian_pd_matrix: A A^H + 1e-5 I. */
function hermitianPd(n: number, batch: number[], dtype: DType): Tensor {
  const a = randn([...batch, n, n], dtype);
  return a.matmul(a.mH).add(eye(n, dtype).mul(1e-5));
}
/** random_hermitian_matrix: (A + A^H) / 2. */
function hermitian(n: number, batch: number[], dtype: DType): Tensor {
  const a = randn([...batch, n, n], dtype);
  return a.add(a.mH).div(2);
}
/** U diag(s) V^H with U, V from the SVD of a random matrix: the matrices of the given singular values. */
function withSingularValues(shape: number[], dtype: DType, s: (k: number) => Tensor): Tensor {
  const t = make(shape, dtype);
  const [u, , vh] = torch.linalg.svd(t, false);
  const k = Math.min(shape[shape.length - 1] as number, shape[shape.length - 2] as number);
  return u.mul(s(k).to(dtype)).matmul(vh);
}
/** make_fullrank_matrices_with_distinct_singular_values: singular values 1 + 1/2, 1 - 1/3, 1 + 1/4, ... */
const fullrank = (shape: number[], dtype: DType) =>
  withSingularValues(shape, dtype, (k) => {
    const i = torch.arange(2, k + 2, { dtype: realOf(dtype) });
    const sign = torch.arange(0, k).remainder(2).mul(-2).add(1);
    return i.mul(sign).reciprocal().add(1);
  });
/** random_matrix(m, n, *batch, singular): random singular values in [1, 2), the last one zero when singular. */
const randomMatrix = (m: number, n: number, batch: number[], singular: boolean, dtype: DType) =>
  withSingularValues([...batch, m, n], dtype, (k) => {
    const s = torch.rand([k], { dtype: realOf(dtype) }).add(1);
    if (singular && k > 0) s.indexPut_([k - 1], 0);
    return s;
  });
/** random_symmetric_matrix etc. for real dtypes (upstream's old helpers): the hermitian ones. */
const wellConditioned = fullrank;
/** A batch of identity matrices with one diagonal element zeroed (upstream's singular inputs). */
function eyeBatch(batch: number, n: number, dtype: DType, at: [number, number, number][]): Tensor {
  const a = eye(n, dtype).reshape([1, n, n]).repeat([batch, 1, 1]);
  for (const [b, i, j] of at) a.indexPut_([b, i, j], 0);
  return a;
}

describe("TestLinalg", () => {
  // ---- inner / outer / addr
  for (const dtype of ["float32", "complex64"] as DType[]) {
    it(`test_inner_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const sizes: [number[], number[]][] = [
        [[], []],
        [[], [0]],
        [[], [3]],
        [[], [2, 3, 4]],
        [[0], [0]],
        [[0], [2, 0]],
        [[2], [2]],
        [[2], [3, 1, 2]],
        [[2], [3, 0, 2]],
        [
          [1, 2],
          [3, 2],
        ],
        [
          [1, 2],
          [3, 4, 2],
        ],
        [
          [2, 1, 3, 2],
          [1, 3, 2, 2],
        ],
      ];
      for (const [a0, b0] of sizes)
        for (const [as, bs] of [
          [a0, b0],
          [b0, a0],
        ] as [number[], number[]][]) {
          const a = randn(as, dtype);
          const b = randn(bs, dtype);
          calls.push(F("inner", [a, b]));
          const res = torch.inner(a, b);
          calls.push(F("inner", [a, b], { out: torch.zerosLike(res) }));
        }
      calls.push(M("inner", [randn([2, 3], dtype), randn([2, 2], dtype)]));
      await check(calls, tl(dtype, 1e-6));
    });
  }

  for (const dtype of ALL) {
    it(`test_outer_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const run = (a: Tensor, b: Tensor) => {
        for (const f of ["outer", "ger"]) {
          calls.push(F(f, [a, b]), M(f, [a, b]), F(f, [a, b], { out: empty([a.shape[0] as number, 50], dtype) }));
        }
      };
      const a = randn([50]).to(dtype);
      const b = randn([50]).to(dtype);
      run(a, b);
      const zs = randn([1]).to(dtype).expand([50]);
      run(zs, b);
      run(a, zs);
      await check(calls, dtype === "bfloat16" ? { rtol: 1e-1, atol: 1e-1 } : undefined);
    });
  }

  /** upstream's _test_addr_vs_numpy: torch.addr and its out= variant on the same inputs. */
  function addrCalls(dtype: DType, beta: unknown, alpha: unknown): LCall[] {
    const calls: LCall[] = [];
    const chk = (m: Tensor, a: Tensor, b: Tensor, be: unknown) => {
      calls.push(F("addr", [m, a, b], { beta: be, alpha }));
      calls.push(F("addr", [m, a, b], { beta: be, alpha, out: empty([50, 50], dtype) }));
    };
    const m = make([50, 50], dtype, { low: -2, high: 2 });
    const a = make([50], dtype, { low: -2, high: 2 });
    const b = make([50], dtype, { low: -2, high: 2 });
    chk(m, a, b, beta);
    chk(m.transpose(0, 1), a, b, beta);
    chk(m, make([1], dtype, { low: -2, high: 2 }).expand([50]), b, beta);
    chk(torch.tensor(1, { dtype }), a, b, beta);
    if (beta === 0 && !INTS.includes(dtype) && dtype !== "bool") {
      const m2 = m.clone();
      for (const [i, j] of [
        [0, 10],
        [10, 10],
        [20, 20],
      ])
        m2.indexPut_([i as number, j as number], inf);
      for (const [i, j] of [
        [1, 10],
        [11, 10],
        [21, 20],
      ])
        m2.indexPut_([i as number, j as number], nan);
      chk(m2, a, b, 0);
    } else chk(m, a, b, 0);
    return calls;
  }
  it("test_addr_bool_cpu_bool", async () => {
    await check([
      ...addrCalls("bool", true, false),
      ...addrCalls("bool", false, true),
      ...addrCalls("bool", false, false),
      ...addrCalls("bool", true, true),
    ]);
  });
  for (const dtype of INTS) {
    it(`test_addr_integral_cpu_${dtype}`, async () => {
      await check([
        ...addrCalls(dtype, true, 1).slice(0, 1),
        ...addrCalls(dtype, 2, true).slice(0, 1),
        ...addrCalls(dtype, 0, 2),
        ...addrCalls(dtype, 2, 2),
      ]);
    });
  }
  for (const dtype of ["float32", "float64", "float16", "bfloat16", "complex64", "complex128"] as DType[]) {
    it(`test_addr_float_and_complex_cpu_${dtype}`, async () => {
      const calls = [
        ...addrCalls(dtype, true, 1).slice(0, 1),
        ...addrCalls(dtype, 2, true).slice(0, 1),
        ...addrCalls(dtype, 0.0, 2),
        ...addrCalls(dtype, 0.5, 2),
      ];
      if (isComplex(dtype)) calls.push(...addrCalls(dtype, new torch.Complex(0, 0.1), new torch.Complex(0.2, -0.2)));
      await check(
        calls,
        dtype === "bfloat16"
          ? { rtol: 1e-1, atol: 1e-1 }
          : dtype === "float16"
            ? { rtol: 1e-3, atol: 1e-2 }
            : undefined,
      );
    });
  }
  const PROMO: DType[] = ALL.filter((d) => d !== "float16" || true);
  it("test_outer_type_promotion_cpu", async () => {
    const calls: LCall[] = [];
    for (const [d0, d1] of product(PROMO, PROMO)) {
      const a = randn([5]).to(d0);
      const b = randn([5]).to(d1);
      for (const f of ["outer", "ger"]) calls.push(F(f, [a, b]), M(f, [a, b]));
    }
    await check(calls, { rtol: 1e-2, atol: 1e-2 });
  });
  it("test_addr_type_promotion_cpu", async () => {
    const calls: LCall[] = [];
    const ds: DType[] = ["uint8", "int64", "float32", "float64", "bool", "complex64", "bfloat16"];
    for (const d0 of ds)
      for (const d1 of ds)
        for (const d2 of ds) {
          const a = make([5], d0, { low: -2, high: 2 });
          const b = make([5], d1, { low: -2, high: 2 });
          const m = make([5, 5], d2, { low: -2, high: 2 });
          calls.push(F("addr", [m, a, b]), M("addr", [m, a, b]));
        }
    await check(calls, { rtol: 1e-2, atol: 1e-2 });
  });
  it("test_outer_ger_addr_legacy_tests_cpu", async () => {
    const calls: LCall[] = [];
    for (const size of [
      [0, 0],
      [0, 5],
      [5, 0],
    ]) {
      const a = rand([size[0] as number]);
      const b = rand([size[1] as number]);
      calls.push(F("outer", [a, b]), F("ger", [a, b]), F("addr", [empty(size, "float32"), a, b], {}, ["abs"]));
    }
    const m = randn([5, 6]);
    const a = randn([5]);
    const b = torch.tensor(6);
    for (const f of ["outer", "ger"]) calls.push(F(f, [a, b]), F(f, [b, a]));
    calls.push(F("addr", [m, a, b]), F("addr", [m, b, a]));
    await check(calls);
  });

  // ---- lstsq
  for (const dtype of FT) {
    it(`test_linalg_lstsq_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const ms = [1, 2, 4, 8, 16];
      const sizes = [
        ...ms.map((m) => [m, Math.floor(m / 2)]),
        ...ms.map((m) => [m, m]),
        ...ms.map((m) => [Math.floor(m / 2), m]),
      ];
      for (const batch of [[], [2], [2, 2]])
        for (const [m, n] of sizes)
          for (const driver of ["gels", "gelsy", "gelsd", "gelss", null])
            for (const rc of [null, true, -1]) {
              let rcond: number | null =
                rc === true ? (driver === "gelss" || driver === "gelsd" ? 1.0 : 1e-4) : (rc as number | null);
              if (rc === true && driver === null) rcond = 1e-4;
              if (driver === "gels" && rcond !== null) continue;
              const shape = [...batch, m as number, n as number];
              const a = wellConditioned(shape, dtype);
              const b = rand(shape, dtype);
              calls.push(L("lstsq", [a, b], { rcond, driver }));
            }
      await check(calls, tl(dtype, 1e-3, 1e-6));
    });
    it(`test_linalg_lstsq_batch_broadcasting_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const m of [1, 2, 4, 8, 16]) {
        for (const batch of [[], [0], [2], [2, 2], [2, 2, 2]]) {
          const a = wellConditioned([m, m], dtype).view([...batch.map(() => 1), m, m]);
          calls.push(L("lstsq", [a, rand([...batch, m, m], dtype)], {}, ["pick:0"]));
        }
        let a = wellConditioned([1, 3, 1, 3, m, m], dtype);
        calls.push(L("lstsq", [a, rand([3, 1, 3, 1, m, Math.floor(m / 2)], dtype)], {}, ["pick:0"]));
        calls.push(L("lstsq", [a, rand([3, 1, 3, 1, m], dtype).unsqueeze(-1)], {}, ["pick:0"]));
        a = wellConditioned([3, 1, 3, 1, m, m], dtype);
        calls.push(L("lstsq", [a, rand([1, 3, 1, 3, m, Math.floor(m / 2)], dtype)], {}, ["pick:0"]));
        calls.push(L("lstsq", [a, rand([1, 3, 1, 3, m], dtype).unsqueeze(-1)], {}, ["pick:0"]));
      }
      await check(calls, tl(dtype, 1e-3, 1e-6));
    });
    it(`test_linalg_lstsq_input_checks_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [as, bs] of [
        [
          [0, 0, 3, 3],
          [0, 0, 3, 2],
        ],
        [
          [2, 2, 0, 0],
          [2, 2, 0, 0],
        ],
        [
          [2, 2, 3, 0],
          [2, 2, 3, 0],
        ],
        [
          [2, 2, 3, 0],
          [2, 2, 3, 2],
        ],
        [
          [2, 2, 0, 3],
          [2, 2, 0, 3],
        ],
      ])
        calls.push(L("lstsq", [rand(as as number[], dtype), rand(bs as number[], dtype)]));
      const a = rand([2, 3], dtype);
      const b = rand([3], dtype);
      calls.push(L("lstsq", [b, b]), L("lstsq", [a, torch.tensor(1, { dtype })]), L("lstsq", [a, b]));
      calls.push(L("lstsq", [a, b.unsqueeze(-1)]));
      const a4 = rand([2, 2, 2, 2], dtype);
      calls.push(L("lstsq", [a4, rand([2, 2, 2], dtype).mul(100).to("int64")]));
      calls.push(L("lstsq", [a4, rand([2, 2, 2], dtype)], { driver: "fictitious_driver" }));
      await check(calls, tl(dtype, 1e-3));
    });
  }

  // ---- cholesky
  for (const dtype of FT) {
    it(`test_cholesky_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const cases: [number, number[], boolean][] = [];
      for (const shape of [0, 3, 5])
        for (const batch of [[], [3], [2, 2]]) for (const c of [true, false]) cases.push([shape, batch, c]);
      cases.push([100, [5], true]);
      for (const [n, batch, contiguous] of cases) {
        let a = hermitianPd(n, batch, dtype);
        if (a.numel() > 0 && !contiguous) a = a.mT;
        calls.push(L("cholesky", [a]));
      }
      const a = hermitianPd(3, [], dtype);
      calls.push(L("cholesky", [a], { out: torch.emptyLike(a) }), L("cholesky", [a], { upper: true }));
      await check(calls, isSingle(dtype) ? { rtol: 1e-5, atol: 1e-2 } : undefined);
    });
    it(`test_cholesky_errors_and_warnings_cpu_${dtype}`, async () => {
      const a3 = eye(3, dtype);
      a3.indexPut_([-1, -1], 0);
      const b = eyeBatch(5, 3, dtype, [[4, 2, 2]]);
      const a = hermitianPd(3, [], dtype);
      await check([
        L("cholesky", [randn([2, 3], dtype)]),
        L("cholesky", [randn([2, 2, 3], dtype)]),
        L("cholesky", [randn([2], dtype)]),
        L("cholesky", [a3]),
        L("cholesky", [b]),
        L("cholesky", [a], { out: empty([2, 3], dtype) }),
        L("cholesky", [a], { out: empty(a.shape, "int32") }),
      ]);
    });
    it(`test_old_cholesky_batched_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const upper of [true, false])
        for (const batch of [[3], [3, 4], [2, 3, 4]])
          calls.push(F("cholesky", [hermitianPd(3, batch, dtype)], { upper }));
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_old_cholesky_cpu_${dtype}`, async () => {
      const a = hermitianPd(10, [], dtype);
      await check([F("cholesky", [a]), F("cholesky", [a, true]), F("cholesky", [a, false])], tl(dtype, 1e-4));
    });
    it(`test_old_cholesky_empty_cpu_${dtype}`, async () => {
      const a = empty([0, 0], dtype);
      await check([F("cholesky", [a, true]), F("cholesky", [a, false])]);
    });
    it(`test_cholesky_ex_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const n of [0, 3, 5])
        for (const batch of [[], [2], [2, 1]]) calls.push(L("cholesky_ex", [hermitianPd(n, batch, dtype)]));
      await check(calls, isSingle(dtype) ? { rtol: 1e-5, atol: 1e-2 } : undefined);
    });
    it(`test_cholesky_ex_non_pd_cpu_${dtype}`, async () => {
      const a = eye(3, dtype);
      a.indexPut_([-1, -1], 0);
      const b = eyeBatch(5, 3, dtype, [[3, 1, 1]]);
      await check([
        L("cholesky_ex", [a], {}, ["pick:1"]),
        L("cholesky_ex", [a], { check_errors: true }),
        L("cholesky_ex", [b], {}, ["pick:1"]),
        L("cholesky_ex", [b], { check_errors: true }),
      ]);
    });
    it(`test_cholesky_ex_out_info_error_cpu_${dtype}`, async () => {
      const a = hermitianPd(3, [], dtype);
      await check([L("cholesky_ex", [a], { out: [empty(a.shape, dtype), empty([], "int64")] })]);
    });
  }

  // ---- det / eigh / eigvalsh / kron
  for (const dtype of ["float64", "complex128"] as DType[]) {
    it(`test_det_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const t of [
        randn([2, 2], dtype),
        randn([129, 129], dtype),
        randn([3, 52, 52], dtype),
        randn([4, 2, 26, 26], dtype),
      ])
        calls.push(F("det", [t]), M("det", [t]), L("det", [t]));
      calls.push(L("det", [randn([1], dtype)]));
      await check(calls, { rtol: 1e-7, atol: 1e-7 });
    });
  }
  for (const dtype of FT) {
    it(`test_eigh_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const n of [0, 3, 5])
        for (const batch of [[], [3], [2, 2]])
          for (const uplo of ["U", "L"]) {
            const m = hermitian(n, batch, dtype);
            calls.push(L("eigh", [m], { UPLO: uplo }, ["abs"]));
            calls.push(L("eigh", [m], { UPLO: uplo, out: [empty([0], realOf(dtype)), empty([0], dtype)] }, ["abs"]));
          }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_eigh_lower_uplo_cpu_${dtype}`, async () => {
      const m = randn([3, 3, 2, 2], dtype);
      await check([L("eigh", [m], { UPLO: "u" }, ["abs"]), L("eigh", [m], { UPLO: "l" }, ["abs"])], tl(dtype, 1e-4));
    });
    it(`test_eigh_errors_and_warnings_cpu_${dtype}`, async () => {
      const t = randn([3, 3], dtype);
      const a = hermitian(3, [], dtype);
      await check([
        L("eigh", [randn([2, 3], dtype)]),
        L("eigh", [t], { UPLO: "a" }),
        L("eigh", [t], { UPLO: "wrong" }),
        L("eigh", [a], { out: [empty([0], realOf(dtype)), empty([0], "int32")] }),
        L("eigh", [a], { out: [empty([0], "int32"), empty([0], dtype)] }),
      ]);
    });
    it(`test_eigvalsh_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const n of [0, 3, 5])
        for (const batch of [[], [3], [2, 2]])
          for (const uplo of ["U", "L"]) {
            const m = hermitian(n, batch, dtype);
            calls.push(L("eigvalsh", [m], { UPLO: uplo }));
            calls.push(L("eigvalsh", [m], { UPLO: uplo, out: empty([0], realOf(dtype)) }));
          }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_eigvalsh_errors_and_warnings_cpu_${dtype}`, async () => {
      const t = randn([3, 3], dtype);
      await check([
        L("eigvalsh", [randn([2, 3], dtype)]),
        L("eigvalsh", [t], { UPLO: "a" }),
        L("eigvalsh", [t], { UPLO: "wrong" }),
        L("eigvalsh", [t], { out: empty([0], "int32") }),
      ]);
    });
    it(`test_kron_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const shapes = [[4], [2, 2], [1, 2, 3], [1, 2, 3, 3]];
      for (const [as, bs] of product(shapes, [...shapes].reverse())) {
        const a = rand(as, dtype);
        const b = rand(bs, dtype);
        calls.push(F("kron", [a, b]), F("kron", [a, b], { out: empty([0], dtype) }));
      }
      await check(calls);
    });
    it(`test_kron_empty_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const es of [[0], [2, 0], [1, 0, 3]]) {
        const a = eye(3, dtype);
        const b = empty(es, dtype);
        calls.push(F("kron", [a, b]), F("kron", [b, a]));
      }
      await check(calls);
    });
    it(`test_kron_errors_and_warnings_cpu_${dtype}`, async () => {
      const a = eye(3, dtype);
      const b = torch.ones([2, 2], { dtype });
      await check([
        F("kron", [a, b], { out: torch.emptyLike(a) }),
        F("kron", [a, b], { out: torch.emptyLike(a).to("int32") }),
      ]);
    });
  }

  // ---- norms
  it("test_norm_dtype_cpu", async () => {
    const calls: LCall[] = [];
    const ordVector = [0, 0.1, -0.1, 1, -1, 2, -2, 3, -3, 4.5, -4.5, inf, -inf, null];
    const ordMatrix = ["fro", "nuc", 1, -1, 2, -2, inf, -inf, null];
    const dts: DType[] = ["float32", "float64", "complex64", "complex128"];
    for (const keepdim of [true, false])
      for (const [size, ords] of [
        [[10], ordVector],
        [[10, 10], ordMatrix],
      ] as [number[], unknown[]][])
        for (const ord of ords)
          for (const [from, to] of product(dts, dts)) {
            if (isComplex(from) && !isComplex(to)) continue;
            const input = randn(size, from);
            if (keepdim) calls.push(L("norm", [input, ord], { keepdim, out: empty([0], to) }));
            else calls.push(L("norm", [input, ord], { keepdim, dtype: to, out: empty([0], to) }));
          }
    for (const keepdim of [true])
      for (const [size, ords] of [
        [[10], ordVector],
        [[10, 10], ordMatrix],
      ] as [number[], unknown[]][])
        for (const ord of ords)
          for (const [d, od] of [
            ["float32", "float64"],
            ["float64", "float32"],
            ["complex64", "complex128"],
            ["complex128", "complex64"],
          ])
            calls.push(L("norm", [rand(size)], { ord, keepdim, dtype: d, out: torch.tensor([]).to(od as DType) }));
    await check(calls, { rtol: 1e-4, atol: 1e-4 });
  });

  for (const dtype of ["float32", "float64", "complex64", "complex128", "bfloat16", "float16"] as DType[]) {
    it(`test_vector_norm_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const ords = [0, 0.9, 1, 2, 3, inf, -0.5, -1, -2, -3, -inf];
      const sizes = [[10], [4, 5], [3, 4, 5], [0], [0, 10], [0, 0], [10, 0, 10]];
      const normDtypes: (DType | null)[] = isComplex(dtype) ? [null, "complex128"] : [null, "float64"];
      let k = 0;
      for (const size of sizes)
        for (const ord of ords) {
          const input = make(size, dtype, { low: -9, high: 9 });
          const keepdim = k % 2 === 0;
          for (const dim of [null, k++ % size.length]) {
            calls.push(L("vector_norm", [input, ord], { dim, keepdim }));
            const nd = normDtypes[1] as DType;
            calls.push(L("vector_norm", [input, ord], { dim, keepdim, dtype: nd, out: empty([0], nd) }));
          }
        }
      const lowp = dtype === "float16" || dtype === "bfloat16";
      await check(calls, lowp ? { rtol: 2e-2, atol: 2e-2 } : tl(dtype, 1e-5));
    });
    it(`test_vector_norm_out_dtype_error_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const input = randn([10], dtype);
      const dts: (DType | null)[] = [null, "float32", "float64", "complex64", "complex128", "float16", "bfloat16"];
      for (const [nd, od] of product(dts, dts)) {
        if (od === null) continue;
        calls.push(L("vector_norm", [input], { dtype: nd, out: empty([0], od) }));
      }
      const lowp = dtype === "float16" || dtype === "bfloat16";
      await check(calls, lowp ? { rtol: 2e-2, atol: 2e-2 } : { rtol: 1e-3, atol: 1e-3 });
    });
  }
  it("test_vector_norm_dim_tuple_arg_cpu", async () => {
    const calls: LCall[] = [];
    const cases: [number[], unknown[]][] = [
      [[4], [0]],
      [[4], [1]],
      [[4], [-2]],
      [
        [4, 3],
        [0, -1],
      ],
      [
        [4, 3],
        [0, 0],
      ],
      [
        [4, 3],
        [0, -2],
      ],
      [
        [4, 3],
        [0, 1.5],
      ],
      [[4, 3], [null]],
    ];
    for (const [size, dim] of cases) calls.push(L("vector_norm", [randn(size)], { dim }));
    await check(calls);
  });
  for (const dtype of REAL) {
    it(`test_norm_vector_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const ords = [0, 1, -1, 2, -2, 3, -3, 4.5, -4.5, inf, -inf];
      const cases: [number[], number | null][] = [
        [[10], null],
        [[10], 0],
        [[10, 10, 10], 0],
        [[10, 10, 10], 1],
        [[10, 10, 10], 2],
        [[10, 10, 10], -1],
        [[10, 10, 10], -2],
      ];
      for (const keepdim of [true, false])
        for (const [size, dim] of cases) {
          const input = randn(size, dtype);
          for (const ord of ords) {
            calls.push(L("norm", [input, ord, dim, keepdim]));
            calls.push(L("norm", [input, ord, dim, keepdim], { out: empty([0], dtype) }));
          }
        }
      await check(calls, tl(dtype, 1e-5));
    });
    it(`test_norm_matrix_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const ords = [1, -1, 2, -2, inf, -inf, "nuc", "fro"];
      const cases: [number[], number[] | null][] = [
        [[10, 10], null],
        [
          [10, 10],
          [0, 1],
        ],
        [
          [10, 10],
          [1, 0],
        ],
        [
          [10, 10, 10, 10],
          [2, 0],
        ],
        [
          [10, 10, 10, 10],
          [-1, -2],
        ],
        [
          [10, 10, 10, 10],
          [-1, -3],
        ],
        [
          [10, 10, 10, 10],
          [-3, 2],
        ],
      ];
      for (const keepdim of [true, false])
        for (const [size, dim] of cases) {
          const input = randn(size, dtype);
          for (const ord of ords) {
            calls.push(
              L("norm", [input, ord, dim, keepdim]),
              L("norm", [input, ord, dim, keepdim], { out: empty([0], dtype) }),
            );
            if (dim !== null)
              calls.push(
                L("matrix_norm", [input, ord, dim, keepdim]),
                L("matrix_norm", [input, ord, dim, keepdim], { out: empty([0], dtype) }),
              );
          }
        }
      await check(calls, tl(dtype, 2e-5));
    });
  }
  for (const dtype of FT) {
    it(`test_cond_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const norms = [1, -1, 2, -2, inf, -inf, "fro", "nuc", null];
      for (const size of [
        [32, 32],
        [2, 3, 3, 3],
        [0, 3, 3],
        [0, 2, 5, 5],
      ]) {
        const input = randn(size, dtype);
        for (const p of norms)
          calls.push(L("cond", [input, p]), L("cond", [input, p], { out: empty([0], realOf(dtype)) }));
      }
      for (const size of [
        [16, 32],
        [32, 16],
        [2, 3, 5, 3],
        [2, 3, 3, 5],
      ]) {
        const input = randn(size, dtype);
        for (const p of [2, -2, null]) calls.push(L("cond", [input, p]));
      }
      const a = eye(3, dtype);
      a.indexPut_([-1, -1], 0);
      for (const p of norms) calls.push(L("cond", [a, p]));
      for (const size of [
        [0, 0],
        [2, 5, 0, 0],
      ])
        for (const p of ["fro", 2]) calls.push(L("cond", [randn(size, dtype), p]));
      await check(calls, isSingle(dtype) ? { rtol: 1e-2, atol: 1e-3 } : { rtol: 1e-6, atol: 1e-7 });
    });
    it(`test_cond_errors_and_warnings_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const norms = [1, -1, 2, -2, inf, -inf, "fro", "nuc", null];
      for (const p of norms) calls.push(L("cond", [torch.ones([3], { dtype }), p]));
      for (const p of [1, -1, inf, -inf, "fro", "nuc"]) calls.push(L("cond", [torch.ones([3, 2], { dtype }), p]));
      const a = torch.ones([2, 2], { dtype });
      for (const p of ["fro", 2]) calls.push(L("cond", [a, p], { out: empty([0], "int32") }));
      const b = eyeBatch(3, 3, dtype, [[1, 2, 2]]);
      for (const p of [1, -1, inf, -inf, "fro", "nuc"]) calls.push(L("cond", [b, p]));
      for (const p of ["wrong_norm", 5]) calls.push(L("cond", [torch.ones([3, 3], { dtype }), p]));
      await check(calls, tl(dtype, 1e-3));
    });
  }
  for (const dtype of REAL) {
    it(`test_norm_errors_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const cases: [number[], unknown[], unknown][] = [
        [[10], ["fro"], null],
        [[10], ["nuc"], null],
        [[10, 10], [3.5], null],
        [[10, 10], [0], null],
        [[10, 10], ["nuc"], 0],
        [[10, 10], ["fro"], 0],
        [[10, 10], ["nuc"], [0, 0]],
        [
          [10, 10],
          ["fro", 0],
          [0, 0],
        ],
        [
          [10, 10],
          ["fro", "nuc", 0],
          [0, 4],
        ],
        [[10], [0], [4]],
        [[10], [null], [0, 0]],
        [[10, 10, 10], [1], [0, 1, 2]],
        [[10, 10, 10], [1], null],
        [[10, 10], ["garbage"], [0, 1]],
      ];
      for (const keepdim of [true, false])
        for (const [size, ords, dim] of cases) {
          const input = randn(size, dtype);
          for (const ord of ords) calls.push(L("norm", [input, ord, dim, keepdim]));
        }
      await check(calls);
    });
    it(`test_matrix_norm_cpu_${dtype}`, async () => {
      const a = make([2, 2, 2], dtype);
      await check(
        [
          L("matrix_norm", [make([2], dtype)]),
          L("matrix_norm", [a], { dim: [0] }),
          L("matrix_norm", [a], { ord: 0 }),
          L("matrix_norm", [a], { ord: 3.0 }),
          L("norm", [a], { dim: [-2, -1] }),
          L("matrix_norm", [a]),
        ],
        tl(dtype, 2e-5),
      );
    });
  }
  for (const dtype of ["complex64", "complex128"] as DType[]) {
    it(`test_norm_complex_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const keepdim of [false, true]) {
        const x = randn([25], dtype);
        for (const ord of [null, 0, 1, 2, 3, inf, -1, -2, -3, -inf])
          calls.push(L("norm", [x, ord], { keepdim }), L("norm", [x, ord], { keepdim, out: torch.tensor([]) }));
        const m = randn([25, 25], dtype);
        for (const ord of [null, "fro", "nuc", 1, 2, inf, -1, -2, -inf])
          calls.push(L("norm", [m, ord], { keepdim }), L("norm", [m, ord], { keepdim, out: torch.tensor([]) }));
      }
      await check(calls, tl(dtype, 2e-4));
    });
  }
  it("test_vector_norm_extreme_values_cpu", async () => {
    const calls: LCall[] = [];
    const vals = [inf, -inf, 0.0, nan, 1.0];
    for (const [a, b] of product(vals, vals))
      for (const ord of [0, 1, 2, 3, inf, -1, -2, -3, -inf])
        calls.push(L("vector_norm", [torch.tensor([a, b])], { ord }));
    await check(calls);
  });
  it("test_norm_extreme_values_cpu", async () => {
    const calls: LCall[] = [];
    const vals = [inf, -inf, 0.0, nan, 1.0];
    for (const [a, b] of product(vals, vals)) {
      for (const ord of [0, 1, 2, 3, inf, -1, -2, -3, -inf]) calls.push(L("norm", [torch.tensor([a, b])], { ord }));
      for (const m of [torch.tensor([[a, b]]), torch.tensor([[a], [b]])])
        for (const ord of ["fro", "nuc", 1, 2, inf, -1, -2, -inf]) calls.push(L("norm", [m], { ord }));
    }
    await check(calls);
  });
  for (const dtype of FT) {
    it(`test_norm_vector_degenerate_shapes_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const ords = [0, 0.5, 1, 2, 3, inf, -0.5, -1, -2, -3, -inf, null];
      const cases: [number[], number | null][] = [
        [[0], null],
        [[0, 10], 0],
        [[0, 10], 1],
        [[10, 0], 0],
        [[10, 0], 1],
      ];
      for (const keepdim of [true, false])
        for (const [size, dim] of cases) {
          const input = randn(size, dtype);
          for (const ord of ords) calls.push(L("norm", [input, ord, dim, keepdim]));
        }
      await check(calls);
    });
    it(`test_norm_matrix_degenerate_shapes_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const ords = ["fro", "nuc", 1, 2, inf, -1, -2, -inf, null];
      const cases: [number[], number[] | null][] = [
        [[0, 0], null],
        [[0, 10], null],
        [[10, 0], null],
        [
          [10, 10, 0],
          [0, 1],
        ],
        [
          [1, 10, 0],
          [0, 1],
        ],
        [
          [0, 0, 10],
          [0, 1],
        ],
        [
          [0, 0, 10],
          [1, 0],
        ],
      ];
      for (const keepdim of [true, false])
        for (const [size, dim] of cases) {
          const input = randn(size, dtype);
          for (const ord of ords) {
            calls.push(L("norm", [input, ord, dim, keepdim]));
            if (ord !== null && dim !== null) calls.push(L("matrix_norm", [input, ord, dim, keepdim]));
          }
        }
      await check(calls);
    });
  }
  it("test_norm_fastpaths_cpu", async () => {
    const x = randn([3, 5]);
    await check([4.5, 0, 1, 2, 3].map((o) => L("norm", [x, o, 1])));
  });

  // ---- eig / eigvals
  for (const dtype of ["float64", "complex128"] as DType[]) {
    const shapes = [
      [0, 0],
      [5, 5],
      [0, 0, 0],
      [0, 5, 5],
      [2, 5, 5],
      [2, 1, 5, 5],
    ];
    const inputs = () =>
      shapes.flatMap((s) => [
        make(s, dtype),
        isComplex(dtype) ? make(s, dtype) : hermitian(s[s.length - 1] as number, s.slice(0, -2), dtype),
      ]);
    it(`test_eig_numpy_cpu_${dtype}`, async () => {
      await check(
        inputs().map((a) => L("eig", [a], {}, ["eigsort", "abs"])),
        { rtol: 1e-6, atol: 1e-6 },
      );
    });
    it(`test_eigvals_numpy_cpu_${dtype}`, async () => {
      await check(
        inputs().map((a) => L("eigvals", [a], {}, ["eigsort"])),
        { rtol: 1e-6, atol: 1e-6 },
      );
    });
  }
  for (const dtype of FT) {
    it(`test_eig_errors_and_warnings_cpu_${dtype}`, async () => {
      const calls: LCall[] = [L("eig", [make([2], dtype)]), L("eig", [make([2, 3], dtype)])];
      if (!isComplex(dtype)) {
        const a = torch.tensor(
          [
            [3, -2],
            [4, -1],
          ],
          { dtype },
        );
        calls.push(L("eig", [a], { out: [empty([0], dtype), empty([0], dtype)] }));
        calls.push(L("eig", [a], { out: [empty([0], "complex128"), empty([0], dtype)] }));
      }
      const a = make([3, 3], dtype);
      calls.push(L("eig", [a], { out: [empty([0], "int32"), empty([0], "int32")] }));
      calls.push(L("eig", [a], { out: [empty([0], "complex128"), empty([0], "int32")] }));
      await check(calls);
    });
    it(`test_eig_with_nan_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const val of [inf, nan])
        for (const batch of [[], [10]]) {
          const a = make([...batch, 5, 5], dtype);
          a.select(-1, -1).select(-1, -1).fill_(val);
          calls.push(L("eig", [a]));
        }
      await check(calls);
    });
    it(`test_eigvals_errors_and_warnings_cpu_${dtype}`, async () => {
      const calls: LCall[] = [L("eigvals", [make([2], dtype)]), L("eigvals", [make([2, 3], dtype)])];
      if (!isComplex(dtype))
        calls.push(
          L(
            "eigvals",
            [
              torch.tensor(
                [
                  [3, -2],
                  [4, -1],
                ],
                { dtype },
              ),
            ],
            { out: empty([0], dtype) },
          ),
        );
      calls.push(L("eigvals", [make([3, 3], dtype)], { out: empty([0], "int32") }));
      await check(calls);
    });
  }

  // ---- torch.norm (the old API)
  it("test_norm_old_cpu", async () => {
    const calls: LCall[] = [];
    for (const keepdim of [false, true]) {
      const x = randn([25]);
      for (const p of [0, 1, 2, 3, 4, inf, -inf, -1, -2, -3, 1.5]) calls.push(M("norm", [x, p], { keepdim }));
      const m = randn([25, 25]);
      for (const p of [0, 1, 2, 3, 4, inf, -inf, -1, -2, -3]) calls.push(M("norm", [m, p, 1], { keepdim }));
      for (const p of ["fro", "nuc"]) calls.push(M("norm", [m, p], { keepdim }));
      calls.push(M("norm", [randn([])], { keepdim }));
      calls.push(F("norm", [torch.ones([10000])], { keepdim }), F("norm", [torch.ones([40000])], { keepdim }));
      const x4 = randn([5, 6, 7, 8]);
      for (const p of ["fro", "nuc"])
        for (const [d0, d1] of product([0, 1, 2, 3], [0, 1, 2, 3]))
          if (d0 !== d1) calls.push(M("norm", [x4], { p, dim: [d0, d1], keepdim }));
    }
    await check(calls, { rtol: 1e-5, atol: 1e-5 });
  });
  it("test_norm_old_nan_propagation_cpu", async () => {
    const calls: LCall[] = [];
    for (const [a, b] of product([0.0, nan, 1.0], [0.0, nan, 1.0]))
      for (const ord of [inf, -inf])
        calls.push(F("norm", [torch.tensor([a, b])], { p: ord }), L("norm", [torch.tensor([a, b])], { ord }));
    await check(calls);
  });
  it("test_norm_complex_old_cpu", async () => {
    const calls: LCall[] = [];
    for (const keepdim of [false, true]) {
      const x = randn([25], "complex64");
      for (const p of [0, 1, 2, 3, inf, -1, -2, -3, -inf]) calls.push(M("norm", [x, p], { keepdim }));
      const m = randn([25, 25], "complex64");
      for (const p of ["nuc", "fro"]) calls.push(M("norm", [m, p], { keepdim }));
    }
    await check(calls, { rtol: 1.3e-6, atol: 3e-4 });
  });
  it("test_norm_fro_2_equivalence_old_cpu_float32", async () => {
    const calls: LCall[] = [];
    const sizes = [
      [0],
      [10],
      [0, 0],
      [4, 30],
      [0, 45],
      [100, 0],
      [45, 10, 23],
      [0, 23, 59],
      [23, 0, 37],
      [34, 58, 0],
      [0, 0, 348],
      [0, 3434, 0],
      [0, 0, 0],
      [5, 3, 8, 1, 3, 5],
    ];
    for (const size of sizes) {
      const a = make(size, "float32", { low: -9, high: 9 });
      const n = size.length;
      const dims: (number | number[] | null)[] = [null];
      for (let d = -n; d < n; d++) dims.push(d);
      for (let d0 = -n; d0 < n; d0++)
        for (let d1 = d0 + 1; d1 < n; d1++) if ((d0 + n) % n !== (d1 + n) % n) dims.push([d0, d1]);
      for (const dim of dims)
        for (const keepdim of [true, false])
          calls.push(F("norm", [a], { p: 2, dim, keepdim }), F("norm", [a], { p: "fro", dim, keepdim }));
    }
    await check(calls, { rtol: 1e-5, atol: 1e-5 });
  });
  it("test_nuclear_norm_axes_small_brute_force_old_cpu", async () => {
    const calls: LCall[] = [];
    const perms = (xs: number[]) => xs.flatMap((a) => xs.filter((b) => b !== a).map((b) => [a, b]));
    for (let n = 1; n < 3; n++)
      for (let m = 1; m < 3; m++) {
        for (const axes of perms([0, 1]))
          for (const x of [
            randn([n, m]),
            randn([m, n]).mT,
            randn([n, 2 * m]).index(":", "::2"),
            randn([7 * n, 2 * m]).index("::7", "::2"),
          ])
            calls.push(
              F("norm", [x, "nuc"], { dim: axes }),
              F("norm", [x, "nuc"], { dim: axes, out: torch.zeros([0]) }),
            );
        for (let o = 1; o < 3; o++)
          for (const axes of perms([0, 1, 2]))
            for (const x of [randn([o, n, m]), randn([o, m, n]).mT, randn([o, n, 2 * m]).index(":", ":", "::2")])
              calls.push(F("norm", [x, "nuc"], { dim: axes }));
      }
    await check(calls, { rtol: 1e-2, atol: 1e-3 });
  });
  it("test_nuclear_norm_exceptions_old_cpu", async () => {
    const calls: LCall[] = [];
    for (const lst of [[], [1], [1, 2]]) {
      const x = torch.tensor(lst, { dtype: "float64" });
      for (const axes of [[], [0]]) calls.push(F("norm", [x, "nuc", axes]));
      calls.push(F("norm", [x, "nuc", [0, 1]]));
    }
    const x = torch.tensor(
      [
        [0, 1, 2],
        [3, 4, 5],
      ],
      { dtype: "float64" },
    );
    calls.push(F("norm", [x, "nuc", [0, 0]]), F("norm", [x, "nuc", [0, 2]]));
    await check(calls);
  });

  // ---- svd / svdvals
  it("test_svd_cpu_float64", async () => {
    const calls: LCall[] = [];
    const shapes = [
      [0, 0],
      [5, 0],
      [0, 5],
      [0, 0, 0],
      [0, 5, 5],
      [0, 5, 3],
      [3, 3],
      [5, 3, 3],
      [7, 5, 3, 3],
      [7, 3],
      [5, 7, 3],
      [7, 5, 7, 3],
      [3, 7],
      [5, 3, 7],
      [7, 5, 3, 7],
    ];
    for (const dims of shapes)
      for (const some of [true, false])
        for (const computeUv of [true, false]) {
          const x = randn(dims, "float64");
          const out = [empty([0], "float64"), empty([0], "float64"), empty([0], "float64")];
          // Singular vectors: the ones a reduced SVD determines (up to sign); the rest of a full one is any basis.
          const post =
            computeUv && (some || dims[dims.length - 1] === dims[dims.length - 2])
              ? ["abs"]
              : computeUv
                ? ["pick:1"]
                : [];
          calls.push(
            F("svd", [x], { some, compute_uv: computeUv, out }, post),
            F("svd", [x], { some, compute_uv: computeUv }, post),
          );
          if (x.numel() > 0) {
            const n = dims.length;
            const perm = [...Array.from({ length: n - 2 }, (_, i) => n - 3 - i), n - 1, n - 2];
            calls.push(F("svd", [randn(dims, "float64").permute(perm)], { some, compute_uv: computeUv }, post));
          }
        }
    await check(calls, { rtol: 1e-7, atol: 1e-7 });
  });
  it("test_svd_no_singularvectors_cpu_float32", async () => {
    const calls: LCall[] = [];
    for (const size of [
      [5, 5],
      [5, 20],
      [20, 5],
    ]) {
      const a = randn(size);
      calls.push(F("svd", [a], {}, ["pick:1"]), F("svd", [a], { compute_uv: false }, ["pick:1"]));
    }
    await check(calls, tl("float32"));
  });
  it("test_svd_complex_cpu_complex64", async () => {
    await check([F("svd", [randn([10, 10], "complex64")], { some: false }, ["abs"])], tl("complex64"));
  });
  for (const dtype of FT) {
    it(`test_svd_errors_and_warnings_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const a = randn([3, 3], dtype);
      const rd = realOf(dtype);
      for (const f of ["svd", "linalg.svd"]) {
        calls.push(F(f, [a], { out: [empty([0], "int32"), empty([0], "int32"), empty([0], "int32")] }));
        calls.push(F(f, [a], { out: [empty([0], dtype), empty([0], "int32"), empty([0], "int32")] }));
        calls.push(F(f, [a], { out: [empty([0], dtype), empty([0], "int32"), empty([0], dtype)] }));
        calls.push(F(f, [torch.full([3, 3], nan, { dtype })]));
        const b = randn([3, 33, 33], dtype);
        b.indexPut_([1, 0, 0], nan);
        calls.push(F(f, [b]));
        void rd;
      }
      await check(calls);
    });
    const svdHelper = (name: string, shape: number[], some: boolean, colMaj: boolean, dtypes: DType[]) => {
      if (!dtypes.includes(dtype)) return;
      it(`${name}_cpu_${dtype}`, async () => {
        let t = randn(shape, isComplex(dtype) ? "complex128" : "float64").to(dtype);
        if (colMaj) t = t.t();
        await check([F("svd", [t], { some }, ["abs"])], tl(dtype, 1e-4));
      });
    };
    svdHelper("test_svd_square", [10, 10], true, false, FT);
    svdHelper("test_svd_square_col_maj", [10, 10], true, true, REAL);
    svdHelper("test_svd_tall_some", [20, 5], true, false, REAL);
    svdHelper("test_svd_tall_some_col_maj", [5, 20], true, true, REAL);
    it(`test_linalg_svd_compute_uv_cpu_${dtype}`, async () => {
      const t = randn([10, 11], dtype);
      const calls: LCall[] = [];
      for (const full of [true, false]) {
        calls.push(L("svd", [t, full], {}, full ? ["pick:1"] : ["abs"]));
        calls.push(
          L(
            "svd",
            [t, full],
            { out: [empty([0], dtype), empty([0], realOf(dtype)), empty([0], dtype)] },
            full ? ["pick:1"] : ["abs"],
          ),
        );
      }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_svdvals_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const batch of [[], [0], [2], [2, 1]])
        for (const [m, n] of product([5, 2, 0], [5, 2, 0])) calls.push(L("svdvals", [make([...batch, m, n], dtype)]));
      await check(calls, tl(dtype, 1e-4));
    });
  }

  // ---- cholesky_solve / inverse / pinv / solve
  for (const dtype of FT) {
    const t3 = tl(dtype, 1e-3, 1e-8);
    it(`test_cholesky_solve_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [k, n] of [
        [2, 3],
        [3, 5],
        [5, 7],
      ])
        for (const upper of [true, false]) {
          const b = randn([n as number, k as number], dtype);
          const a = hermitianPd(n as number, [], dtype);
          calls.push(F("cholesky_solve", [b, torch.cholesky(a, { upper })], { upper }));
        }
      await check(calls, t3);
    });
    it(`test_cholesky_solve_batched_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const upper of [true, false])
        for (const bs of [1, 3, 4]) {
          const b = randn([bs, 5, 10], dtype);
          const a = hermitianPd(5, [bs], dtype);
          calls.push(F("cholesky_solve", [b, torch.cholesky(a, { upper })], { upper }));
        }
      await check(calls, t3);
    });
    it(`test_cholesky_solve_batched_broadcasting_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const upper of [true, false])
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
          const a = hermitianPd(4, (ad as number[]).slice(0, -2), dtype);
          const b = randn(bd as number[], dtype);
          const l = torch.linalg.cholesky(a, { upper });
          calls.push(F("cholesky_solve", [b, l], { upper }));
        }
      await check(calls, t3);
    });
    it(`test_cholesky_solve_out_errors_and_warnings_cpu_${dtype}`, async () => {
      await check([F("cholesky_solve", [randn([2, 1], dtype), eye(2, dtype)], { out: empty([0], "int32") })]);
    });
    it(`test_inverse_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [batches, n] of product([[], [0], [2], [2, 1]], [0, 5])) {
        const ms = [fullrank([...batches, n, n], dtype)];
        ms.push((ms[0] as Tensor).mT);
        if (n > 0)
          ms.push(
            fullrank([...batches, 2 * n, 2 * n], dtype)
              .view([-1, 2 * n, 2 * n])
              .index(":", "::2", "::2")
              .view([...batches, n, n]),
          );
        for (const m of ms)
          calls.push(
            F("inverse", [m]),
            L("inv", [m]),
            L("inv_ex", [m], {}, ["pick:0"]),
            L("inv", [m], { out: empty([...batches, n, n], dtype).mT.contiguous().mT }),
            L("inv_ex", [m], { out: [empty([0], dtype), empty([0], "int32")] }),
          );
      }
      await check(calls, tl(dtype, 2e-3, 1e-8));
    });
    it(`test_inv_ex_info_device_cpu_${dtype}`, async () => {
      await check([L("inv_ex", [eye(3, dtype)], {}, ["pick:1"])]);
    });
    it(`test_inv_ex_singular_cpu_${dtype}`, async () => {
      const a = eyeBatch(1, 3, dtype, [[0, 2, 2]]).squeeze(0);
      const b = eyeBatch(5, 3, dtype, [[3, 1, 1]]);
      await check([
        L("inv_ex", [a], {}, ["pick:1"]),
        L("inv_ex", [a], { check_errors: true }),
        L("inv_ex", [b], {}, ["pick:1"]),
        L("inv_ex", [b], { check_errors: true }),
      ]);
    });
    it(`test_inverse_errors_cpu_${dtype}`, async () => {
      const calls: LCall[] = [F("inverse", [randn([2, 3, 4, 3])])];
      for (const [bd, n] of [
        [1, 0],
        [2, 0],
        [2, 1],
        [4, 0],
        [4, 2],
        [10, 2],
      ])
        calls.push(F("inverse", [eyeBatch(bd as number, 3, dtype, [[n as number, 2, 2]])]));
      await check(calls);
    });
    it(`test_inv_errors_and_warnings_cpu_${dtype}`, async () => {
      const calls: LCall[] = [L("inv", [randn([2, 3, 4, 3], dtype)]), L("inv", [randn([2], dtype)])];
      for (const [bd, n] of [
        [1, 0],
        [2, 0],
        [2, 1],
        [4, 0],
        [4, 2],
        [10, 2],
      ])
        calls.push(L("inv", [eyeBatch(bd as number, 3, dtype, [[n as number, 2, 2]])]));
      calls.push(
        L("inv", [eye(2, dtype)], { out: empty([0], "int32") }),
        L("inv", [eye(2, dtype)], { out: empty([1], dtype) }),
      );
      await check(calls);
    });
    it(`test_pinv_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const rconds = (a: Tensor): unknown[] => {
        const r: unknown[] = [0.3];
        for (const t of ["uint8", "int8", "int16", "int32", "int64", "float32", "float64"] as DType[])
          r.push(rand(a.shape.slice(0, -2), "float64").to(t));
        if (a.dim() > 2) r.push(rand([a.shape[a.dim() - 3] as number]));
        return r;
      };
      const sizes = [
        [5, 5],
        [3, 5, 5],
        [3, 2, 5, 5],
        [3, 2],
        [5, 3, 2],
        [2, 5, 3, 2],
        [2, 3],
        [5, 2, 3],
        [2, 5, 2, 3],
        [0, 0],
        [0, 2],
        [2, 0],
        [3, 0, 0],
        [0, 3, 0],
        [0, 0, 3],
      ];
      const run = (a: Tensor, hermitian: boolean) => {
        calls.push(L("pinv", [a], { hermitian }), L("pinv", [a], { hermitian, out: empty([0], dtype) }));
        for (const rcond of rconds(a))
          calls.push(L("pinv", [a], { rcond, hermitian }), L("pinv", [a], { rtol: rcond, hermitian }));
      };
      for (const s of sizes) run(randn(s, dtype), false);
      for (const s of [
        [5, 5],
        [3, 5, 5],
        [3, 2, 5, 5],
        [0, 0],
        [3, 0, 0],
      ])
        run(hermitianPd(s[s.length - 1] as number, s.slice(0, -2), dtype), true);
      await check(calls, tl(dtype, 1e-3, 1e-7));
    });
    it(`test_pinv_errors_and_warnings_cpu_${dtype}`, async () => {
      const a = randn([3, 3], dtype);
      const c = torch.full([], new torch.Complex(0, 1));
      await check([
        L("pinv", [randn([1], dtype)]),
        L("pinv", [a], { out: torch.emptyLike(a).to("int32") }),
        L("pinv", [a], { rcond: c }),
        L("pinv", [a], { atol: c }),
        L("pinv", [a], { rtol: c }),
      ]);
    });
    it(`test_solve_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const n of [0, 5, 32])
        for (const batch of [[], [0], [3], [2, 3]])
          for (const rhs of [[], [1], [5]]) {
            const b = randn([...batch, n, ...rhs], dtype);
            const a = fullrank([...batch, n, n], dtype);
            calls.push(
              L("solve", [a, b]),
              L("solve", [a, b], { out: empty([0], dtype) }),
              L("solve", [a, b], { out: empty([0], "complex128") }),
            );
          }
      await check(calls, tl(dtype, 1e-3));
    });
    it(`test_solve_errors_and_warnings_cpu_${dtype}`, async () => {
      const calls: LCall[] = [
        L("solve", [randn([2, 3, 4, 3], dtype), randn([2, 3, 4, 1], dtype)]),
        L("solve", [randn([2, 3, 3, 3], dtype), randn([2, 3, 2, 1], dtype)]),
      ];
      for (const [bd, n] of [
        [1, 0],
        [2, 0],
        [2, 1],
        [4, 0],
        [4, 2],
        [10, 2],
      ])
        calls.push(
          L("solve", [eyeBatch(bd as number, 3, dtype, [[n as number, 2, 2]]), randn([bd as number, 3, 1], dtype)]),
        );
      calls.push(L("solve", [eye(2, dtype), randn([2, 1], dtype)], { out: empty([0], "int32") }));
      calls.push(L("solve_ex", [eyeBatch(2, 3, dtype, [[1, 2, 2]]), randn([2, 3, 1], dtype)], {}, ["pick:1"]));
      await check(calls);
    });
    it(`test_tensorinv_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [shape, ind] of [
        [[12, 3, 4], 1],
        [[3, 8, 24], 2],
        [[18, 3, 3, 2], 1],
        [[1, 4, 2, 2], 2],
        [[2, 3, 5, 30], 3],
        [[24, 2, 2, 3, 2], 1],
        [[3, 4, 2, 3, 2], 2],
        [[1, 2, 3, 2, 3], 3],
        [[3, 2, 1, 2, 12], 4],
      ] as [number[], number][]) {
        const a = randn(shape, dtype);
        calls.push(L("tensorinv", [a], { ind }), L("tensorinv", [a], { ind, out: empty([0], dtype) }));
      }
      await check(calls, tl(dtype, 1e-3));
    });
    it(`test_tensorinv_empty_cpu_${dtype}`, async () => {
      const a = empty([0, 0, 1, 2, 3, 0], dtype);
      await check([1, 2, 3].map((ind) => L("tensorinv", [a], { ind })));
    });
    it(`test_tensorinv_errors_and_warnings_cpu_${dtype}`, async () => {
      await check([
        L("tensorinv", [randn([2, 3, 4], dtype)], { ind: 1 }),
        L("tensorinv", [randn([1, 2, 3, 4], dtype)], { ind: 3 }),
        L("tensorinv", [randn([12, 3, 4], dtype)], { ind: -1 }),
        L("tensorinv", [randn([18, 3, 3, 2], dtype)], { ind: 0 }),
        L("tensorinv", [randn([12, 3, 4], dtype)], { ind: 1, out: empty([0], "int32") }),
      ]);
    });
    it(`test_tensorinv_singular_input_cpu_${dtype}`, async () => {
      const sing = (shape: number[], ind: number) => {
        const p = shape.slice(ind).reduce((x, y) => x * y, 1);
        const a = eye(p, dtype);
        a.indexPut_([-1, -1], 0);
        return L("tensorinv", [a.reshape(shape)], { ind });
      };
      await check([sing([12, 3, 4], 1), sing([3, 6, 18], 2)]);
    });
    it(`test_tensorsolve_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [shape, dims] of product(
        [
          [2, 3, 6],
          [3, 4, 4, 3],
        ],
        [null, [0, 2]],
      )) {
        const a = randn(shape, dtype);
        const b = randn(shape.slice(0, 2), dtype);
        calls.push(L("tensorsolve", [a, b], { dims }), L("tensorsolve", [a, b], { dims, out: empty([0], dtype) }));
      }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_tensorsolve_empty_cpu_${dtype}`, async () => {
      const a = empty([0, 0, 1, 2, 3, 0], dtype);
      await check([L("tensorsolve", [a, empty([0, 0], dtype)])]);
    });
  }
  it("test_tensorsolve_errors_and_warnings_cpu_float32", async () => {
    const a = eye(24, "float32").reshape([6, 4, 2, 3, 4]);
    await check([
      L("tensorsolve", [a, randn([8, 4])]),
      L("tensorsolve", [a, randn([6, 4])], { out: torch.emptyLike(a).to("int32") }),
    ]);
  });

  // ---- dot / vdot / matrix_rank / multi_dot / qr
  for (const [name, fn, dts] of [
    ["test_dot_vs_numpy", "dot", ["float32", "complex64", "bfloat16"]],
    ["test_vdot_vs_numpy", "vdot", ["float32", "complex64"]],
  ] as [string, string, DType[]][])
    for (const dtype of dts)
      it(`${name}_cpu_${dtype}`, async () => {
        const x = randn([5000]).mul(0.1).to(dtype);
        const y = randn([5000]).mul(0.1).to(dtype);
        const z = randn([1]).mul(0.1).to(dtype).expand([5000]);
        const pairs: [Tensor, Tensor][] = [
          [torch.tensor([], { dtype }), torch.tensor([], { dtype })],
          [x, y],
          [x, z],
          [x.index("::2"), z.index("::2")],
        ];
        await check(
          pairs.flatMap(([a, b]) => [F(fn, [a, b]), F(fn, [a, b], { out: empty([], dtype) })]),
          dtype === "bfloat16" ? { rtol: 1, atol: 1 } : tl(dtype, 1e-4),
        );
      });
  for (const fn of ["dot", "vdot"])
    it(`test_${fn}_invalid_args_cpu`, async () => {
      const calls: LCall[] = [];
      for (const [d0, d1] of [
        ["float32", "float64"],
        ["complex64", "complex128"],
      ] as [DType, DType][]) {
        const x = randn([1], d0);
        const y = randn([3], d1);
        calls.push(F(fn, [x, y]), F(fn, [x.reshape([1, 1]), y]), F(fn, [x.expand([9]), y.to(d0)]));
      }
      await check(calls);
    });
  for (const dtype of FT) {
    it(`test_matrix_rank_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const shapes = product([3, 13], [13, 3]);
      const batches = [[], [0], [4], [3, 5]];
      shapes.forEach(([s0, s1], i) => {
        const a = randn([...(batches[i] as number[]), s0, s1], dtype);
        const aah = a.matmul(a.mH);
        const aha = a.mH.matmul(a);
        calls.push(
          L("matrix_rank", [a]),
          L("matrix_rank", [a.mH]),
          L("matrix_rank", [aah]),
          L("matrix_rank", [aah], { hermitian: true }),
        );
        calls.push(
          L("matrix_rank", [aha]),
          L("matrix_rank", [aha], { hermitian: true }),
          L("matrix_rank", [a, 0.01]),
          L("matrix_rank", [aah, 0.01, true]),
        );
        calls.push(L("matrix_rank", [a], { out: empty(a.shape.slice(0, -2), "int64") }));
      });
      await check(calls);
    });
    it(`test_matrix_rank_atol_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const shapes = product([3, 13], [13, 3]);
      const batches = [[], [0], [4], [3, 5]];
      shapes.forEach(([s0, s1], i) => {
        const a = make([...(batches[i] as number[]), s0, s1], dtype);
        const tols: unknown[] = [0.4];
        for (const t of ["uint8", "int8", "int16", "int32", "int64", "float32", "float64"] as DType[])
          tols.push(make(a.shape.slice(0, -2), t, { low: 0 }));
        if (a.dim() > 2) tols.push(make([a.shape[a.dim() - 3] as number], "float32", { low: 0 }));
        for (const tol of tols) calls.push(L("matrix_rank", [a], { atol: tol }), L("matrix_rank", [a], { tol }));
      });
      await check(calls);
    });
    it(`test_matrix_rank_empty_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const batch of [[], [4], [3, 5]])
        for (const [m, n] of [
          [0, 0],
          [0, 3],
          [3, 0],
        ]) {
          const a = randn([...batch, m as number, n as number], dtype);
          const aah = a.matmul(a.mH);
          calls.push(
            L("matrix_rank", [a]),
            L("matrix_rank", [aah], { hermitian: true }),
            L("matrix_rank", [aah, 0.01, true]),
          );
        }
      await check(calls);
    });
    it(`test_matrix_rank_out_errors_and_warnings_cpu_${dtype}`, async () => {
      await check([L("matrix_rank", [eye(2, dtype)], { out: empty([0], "bool") })]);
    });
    it(`test_matrix_rank_basic_cpu_${dtype}`, async () => {
      const a = eye(10, dtype);
      const b = eye(10, dtype);
      b.indexPut_([5, 5], 0);
      await check([a, b].flatMap((m) => [L("matrix_rank", [m]), L("matrix_rank", [m], { hermitian: true })]));
    });
  }
  it("test_matrix_rank_atol_rtol_cpu_float64", async () => {
    const a = fullrank([9, 9], "float64");
    const calls: LCall[] = [];
    for (const tol of [0.81, torch.tensor(0.81, { dtype: "float64" })])
      calls.push(
        L("matrix_rank", [a], { rtol: tol }),
        L("matrix_rank", [a], { atol: tol }),
        L("matrix_rank", [a], { atol: tol, rtol: tol }),
      );
    await check(calls);
  });
  it("test_chain_matmul_cpu_float64", async () => {
    const t = make([2, 2], "float64");
    await check([
      F("chain_matmul", [t]),
      F("chain_matmul", []),
      F("chain_matmul", [make([1], "float64"), make([1], "float64")]),
    ]);
  });
  for (const dtype of ["float64", "complex128"] as DType[])
    it(`test_multi_dot_cpu_${dtype}`, async () => {
      const shapes = [
        [[0], [0]],
        [[2], [2, 0]],
        [[1, 0], [0]],
        [
          [0, 2],
          [2, 1],
        ],
        [
          [2, 2],
          [2, 0],
        ],
        [
          [2, 0],
          [0, 3],
        ],
        [
          [0, 0],
          [0, 1],
        ],
        [
          [4, 2],
          [2, 0],
          [0, 3],
          [3, 2],
        ],
        [[2], [2]],
        [[1, 2], [2]],
        [[2], [2, 1]],
        [
          [1, 2],
          [2, 1],
        ],
        [
          [3, 2],
          [2, 4],
        ],
        [[3], [3, 4], [4, 2], [2, 5], [5]],
        [
          [1, 2],
          [2, 2],
          [2, 3],
          [3, 1],
        ],
        [
          [10, 100],
          [100, 5],
          [5, 50],
        ],
        [
          [10, 20],
          [20, 30],
          [30, 5],
        ],
      ];
      await check(shapes.map((ss) => L("multi_dot", [ss.map((s) => make(s, dtype))])));
    });
  it("test_multi_dot_errors_cpu_float32", async () => {
    const a = make([2], "float32");
    const t1 = torch.tensor(1, { dtype: "float32" });
    await check([
      L("multi_dot", [[]]),
      L("multi_dot", [[a]]),
      L("multi_dot", [[t1, a]]),
      L("multi_dot", [[a, t1]]),
      L("multi_dot", [[a, a, a]]),
      L("multi_dot", [[a, make([2, 2, 2], "float32"), a]]),
      L("multi_dot", [[a, make([2], "float64")]]),
      L("multi_dot", [[a, a]], { out: empty([0], "float64") }),
      L("multi_dot", [[a, make([3], "float32")]]),
      L("multi_dot", [[a, make([3, 2], "float32"), a]]),
    ]);
  });
  for (const dtype of FT) {
    it(`test_qr_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      const dims = [
        [0, 5],
        [0, 0],
        [5, 0],
        [2, 1, 0, 5],
        [2, 1, 0, 0],
        [2, 1, 5, 0],
        [2, 0, 5, 5],
        [3, 5],
        [5, 5],
        [5, 3],
        [7, 3, 5],
        [7, 5, 5],
        [7, 5, 3],
        [7, 5, 3, 5],
        [7, 5, 5, 5],
        [7, 5, 5, 3],
      ];
      for (const d of dims)
        for (const some of [true, false]) {
          const a = randn(d, dtype);
          calls.push(F("qr", [a], { some }), F("qr", [a], { some, out: [empty([0], dtype), empty([0], dtype)] }));
        }
      await check(calls, tl(dtype, 5e-6 * 10));
    });
    it(`test_qr_vs_numpy_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const size of [
        [7, 5],
        [5, 7],
        [5, 0],
        [0, 5],
      ]) {
        const t = randn(size, dtype);
        for (const mode of ["reduced", "complete", "r"]) calls.push(L("qr", [t], { mode }));
      }
      await check(calls, tl(dtype, 5e-5));
    });
    it(`test_qr_batched_cpu_${dtype}`, async () => {
      const t = randn([3, 7, 5], dtype);
      await check(
        ["reduced", "complete", "r"].map((mode) => L("qr", [t], { mode })),
        tl(dtype, 5e-5),
      );
    });
    it(`test_qr_out_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const size of [
        [7, 5],
        [5, 7],
        [5, 0],
        [0, 5],
      ]) {
        const t = randn(size, dtype);
        for (const mode of ["reduced", "complete", "r"])
          calls.push(L("qr", [t], { mode, out: [empty([0], dtype), empty([0], dtype)] }));
      }
      await check(calls, tl(dtype, 5e-5));
    });
  }
  it("test_qr_error_cases_cpu_float32", async () => {
    await check([L("qr", [randn([5])]), L("qr", [randn([5, 7])], { mode: "hello" })]);
  });

  // ---- cross / householder_product / lu / matrix_power / matrix_exp / slogdet / cholesky_inverse / 1.13's additions
  for (const dtype of ["float32", "complex64"] as DType[]) {
    it(`test_cross_cpu_${dtype}`, async () => {
      const x = rand([100, 3, 100], dtype);
      const y = rand([100, 3, 100], dtype);
      await check([F("cross", [x, y]), F("cross", [x, y], { out: empty([0], dtype) })]);
    });
    it(`test_linalg_cross_cpu_${dtype}`, async () => {
      const x = rand([100, 3, 100], dtype);
      const y = rand([100, 3, 100], dtype);
      await check([
        L("cross", [x, y], { dim: 1 }),
        L("cross", [x, y], { dim: 1, out: empty([0], dtype) }),
        L("cross", [rand([1, 3, 2], dtype), rand([4, 3, 1], dtype)], { dim: 1 }),
        L("cross", [rand([4, 4, 4, 3], dtype).permute([0, 2, 1, 3]), rand([4, 4, 4, 3], dtype)], { dim: -1 }),
        L("cross", [rand([1, 3, 2], dtype), rand([1, 3, 4], dtype).permute([2, 1, 0])], { dim: 1 }),
        L("cross", [randn([12, 3], dtype).index("::2"), randn([18, 3], dtype).index("::3")], { dim: 1 }),
        L("cross", [randn([1], dtype), randn([6], dtype).index("::2")]),
      ]);
    });
    it(`test_linalg_cross_with_and_without_dim_cpu_${dtype}`, async () => {
      const x = rand([100, 3], dtype);
      const y = rand([100, 3], dtype);
      await check([
        L("cross", [x, y], { dim: 1 }),
        L("cross", [x, y], { dim: -1 }),
        L("cross", [x, y]),
        F("cross", [x, y], { dim: 1 }),
        F("cross", [x, y]),
      ]);
    });
  }
  it("test_linalg_cross_errors_cpu", async () => {
    await check([
      L("cross", [rand([5, 3, 4]), rand([5, 3, 4])]),
      L("cross", [rand([100, 3]), rand([100, 3, 10])]),
      L("cross", [rand([5, 3]), rand([3, 5])]),
      L("cross", [rand([5, 4, 3]), rand([5, 4, 3])], { dim: 0 }),
      L("cross", [rand([5, 3, 4]), rand([5, 3, 4])], { dim: -1 }),
      L("cross", [rand([5, 3, 4]), rand([5, 3, 4])], { dim: -5 }),
    ]);
  });
  for (const dtype of FT) {
    it(`test_householder_product_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const shape of [
        [5, 5],
        [5, 3],
        [2, 5, 5],
        [2, 5, 3],
        [2, 1, 5, 3],
        [0, 0],
        [5, 0],
        [0, 5, 3],
      ]) {
        const [refl, tau] = torch.geqrf(randn(shape, dtype));
        calls.push(
          L("householder_product", [refl, tau]),
          L("householder_product", [refl, tau], { out: empty([0], dtype) }),
        );
        calls.push(L("householder_product", [refl, empty([...shape.slice(0, -2), 0], dtype)]));
      }
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_geqrf_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const batch of [[], [0], [2], [2, 1]])
        for (const [m, n] of product([5, 2, 0], [5, 2, 0])) calls.push(F("geqrf", [make([...batch, m, n], dtype)]));
      await check(calls, tl(dtype, 1e-4));
    });
    it(`test_linalg_lu_factor_and_lu_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [m, n] of [
        [3, 3],
        [5, 5],
        [4, 2],
        [3, 4],
        [0, 0],
        [0, 1],
        [1, 0],
      ])
        for (const batch of [[0], [2], [3], [1, 0], [3, 5]]) {
          const a = randomMatrix(m as number, n as number, batch, false, dtype);
          if (a.numel() === 0) continue;
          calls.push(L("lu_factor", [a]), L("lu_factor_ex", [a]), F("lu", [a], { get_infos: true }), L("lu", [a]));
        }
      calls.push(L("lu_factor", [empty([1, 2, 2], "float32")], { pivot: false }));
      await check(calls, tl(dtype, 1e-4, 1e-6));
    });
    it(`test_lu_unpack_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const shape of [
        [3, 3],
        [5, 3, 3],
        [7, 3, 5, 5],
        [3, 5],
        [5, 3],
        [3, 3, 5],
        [0, 0],
        [0, 3, 3],
      ]) {
        const [lu, p] = torch.linalg.luFactor(make(shape, dtype, { low: -0.1, high: 0.1 }));
        calls.push(F("lu_unpack", [lu, p]));
      }
      await check(calls, tl(dtype, 1e-3));
    });
    it(`test_linalg_lu_solve_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const batch of [[], [0], [1], [2], [2, 1], [0, 2]])
        for (const n of [5, 2, 0]) {
          const a = make([...batch, n, n], dtype);
          const b = make([...batch, n, 3], dtype);
          const [lu, piv] = torch.linalg.luFactor(a);
          for (const [left, adjoint] of product([true, false], [true, false]))
            calls.push(L("lu_solve", [lu, piv, left ? b : b.mT], { left, adjoint }));
        }
      await check(calls, tl(dtype, 1e-3, 1e-6));
    });
    it(`test_lu_solve_batched_broadcasting_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
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
        const [lu, piv] = torch.linalg.luFactor(fullrank(ad as number[], dtype));
        calls.push(F("lu_solve", [make(bd as number[], dtype), lu, piv]));
      }
      await check(calls, tl(dtype, 1e-3, 1e-6));
    });
    it(`test_slogdet_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [n, batch] of product([0, 3, 5], [[0], [3], [5, 3]]))
        for (const a of [
          hermitianPd(n, batch, dtype),
          torch.ones([...batch, n, n], { dtype }),
          fullrank([...batch, n, n], dtype),
        ])
          calls.push(L("slogdet", [a]), L("slogdet", [a], { out: [empty([0], dtype), empty([0], realOf(dtype))] }));
      await check(calls, tl(dtype, 1e-3, 1e-8));
    });
    it(`test_slogdet_errors_and_warnings_cpu_${dtype}`, async () => {
      const a = randn([2, 3, 3], dtype);
      await check([
        L("slogdet", [randn([2, 3], dtype)]),
        L("slogdet", [randn([2], dtype)]),
        L("slogdet", [randn([2, 2]).to("bfloat16")]),
        L("slogdet", [a], { out: [empty([0], "int32"), empty([0], "int32")] }),
        L("slogdet", [a], { out: [empty([0], dtype), empty([0], "int32")] }),
      ]);
    });
    it(`test_cholesky_inverse_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [n, batch] of product([0, 3, 5], [[], [0], [3], [2, 2]]))
        for (const upper of [true, false]) {
          const l = torch.linalg.cholesky(hermitianPd(n, batch, dtype));
          // resolveConj: the parity bridge sends a conj view's storage as it is (reported to the lead).
          calls.push(F("cholesky_inverse", [upper ? l.mH.resolveConj() : l, upper]));
        }
      await check(calls, tl(dtype, 1e-3, 1e-7));
    });
    it(`test_cholesky_inverse_errors_and_warnings_cpu_${dtype}`, async () => {
      const a = randn([3, 3], dtype);
      const z = randn([3, 3], dtype);
      z.indexPut_([1, 1], 0);
      await check([
        F("cholesky_inverse", [randn([2], dtype)]),
        F("cholesky_inverse", [randn([2, 3], dtype)]),
        F("cholesky_inverse", [a], { out: empty([3, 3], "int32") }),
        F("cholesky_inverse", [z]),
      ]);
    });
    it(`test_linalg_solve_triangular_broadcasting_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const [sa, sb] of [
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
      ])
        for (const [left, [upper, uni]] of product([true, false], product([true, false], [true, false]))) {
          let a = make(sa as number[], dtype);
          a = upper ? a.triu() : a.tril();
          a = a.add(eye(4, dtype).mul(uni ? 0 : 4));
          let b = make(sb as number[], dtype);
          if (!left) b = b.transpose(-2, -1);
          calls.push(L("solve_triangular", [a, b], { upper, left, unitriangular: uni }));
        }
      await check(calls, tl(dtype, 1e-2, 1e-8));
    });
  }
  for (const dtype of ["float64", "complex128"] as DType[]) {
    it(`test_matrix_power_non_negative_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const size of [
        [0, 0],
        [1, 1],
        [5, 5],
        [0, 3, 3],
        [2, 3, 3],
      ]) {
        const t = make(size, dtype);
        for (let n = 0; n < 8; n++) calls.push(L("matrix_power", [t, n]));
      }
      await check(calls, { rtol: 1e-7, atol: 1e-6 });
    });
    it(`test_matrix_power_negative_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const size of [
        [0, 0],
        [5, 5],
        [2, 0, 0],
        [0, 3, 3],
        [2, 3, 3],
        [2, 3, 5, 5],
      ]) {
        const t = fullrank(size, dtype);
        for (let n = -7; n < 0; n++) calls.push(L("matrix_power", [t, n]));
      }
      await check(calls, { rtol: 1e-7, atol: 1e-6 });
    });
  }
  for (const dtype of FT) {
    it(`test_linalg_matrix_exp_boundary_cases_cpu_${dtype}`, async () => {
      await check([
        L("matrix_exp", [randn([3, 3]).to("int32")]),
        L("matrix_exp", [randn([3])]),
        L("matrix_exp", [randn([3, 2, 1])]),
        L("matrix_exp", [randn([3, 3, 1, 1])]),
      ]);
    });
    it(`test_linalg_matrix_exp_compare_with_taylor_cpu_${dtype}`, async () => {
      const calls: LCall[] = [];
      for (const n of [
        [2, 2],
        [3, 3],
        [5, 5],
        [3, 4, 4],
        [3, 3, 5, 5],
      ])
        for (const norm of [1e-7, 1e-3, 0.3, 1.0, 3.0, 6.0]) {
          const x = rand(n, dtype);
          const xn = x.div(x.abs().sum(-2).amax(-1).unsqueeze(-1).unsqueeze(-1)).mul(norm);
          calls.push(L("matrix_exp", [xn]));
        }
      await check(calls, tl(dtype, 1e-4));
    });
  }
  it("test_vander_cpu", async () => {
    const x = torch.tensor([1, 2, 3, 5]);
    await check([
      L("vander", [x]),
      L("vander", [x], { N: 3 }),
      L("vander", [x.to("float64")], { N: 6 }),
      L("vander", [torch.tensor([])], { N: 0 }),
      L("vander", [x], { N: -1 }),
      L("vander", [torch.stack([x, x])]),
      L("vander", [torch.tensor(1)]),
    ]);
  });
  for (const dtype of FT)
    it(`test_vecdot_cpu_${dtype}`, async () => {
      const x = randn([3, 4, 5], dtype);
      await check(
        [
          L("vecdot", [x, randn([3, 4, 5], dtype)]),
          L("vecdot", [x, randn([4, 5], dtype)], { dim: -1 }),
          L("vecdot", [x, randn([3, 1, 5], dtype)], { dim: 0 }),
          L("vecdot", [x, randn([3, 4, 5], dtype)], { out: empty([0], dtype) }),
          L("vecdot", [x, randn([3, 4, 6], dtype)]),
        ],
        tl(dtype, 1e-5),
      );
    });
  it("test_linalg_diagonal_matmul_cpu", async () => {
    const a = randn([2, 3, 4]);
    await check(
      [
        L("diagonal", [a]),
        L("diagonal", [a], { offset: 1 }),
        L("diagonal", [a], { offset: -1, dim1: 0, dim2: 2 }),
        L("diagonal", [randn([3])]),
        L("matmul", [a, randn([4, 5])]),
        L("matmul", [a, randn([4])], { out: empty([0], "float32") }),
        L("matmul", [a, randn([3, 5])]),
      ],
      tl("float32", 1e-5),
    );
  });
});
