// Ported from PyTorch 1.13's test/test_spectral_ops.py (TestFFT): torch.fft, stft and istft, each case
// named after the upstream test as instantiated on the CPU (test_<name>[_<op>]_cpu[_<dtype>]). Where upstream
// compares with NumPy, SciPy or librosa, torchts is compared with live PyTorch on the same inputs; round trips
// and identities are checked within torchts as upstream does; error cases raise PyTorch's class and first
// message line (and match upstream's regex).
// Left out:
// - test_fftfreq_out: torchts takes no `out=` keyword (PyTorch resizes the out tensor with a warning; torchts
//   raises "fft_fftfreq() got an unexpected keyword argument 'out'").
// - the TorchScript half of test_fft2_numpy (no torch.jit).
// - CUDA-only tests: test_cufft_plan_cache, test_cufft_context, test_stft_window_device,
//   test_fft_half_and_chalf_not_power_of_two_error, test_fft_bfloat16_promoted_on_cuda,
//   test_fft_conjugate_symmetry_fill_int64_indexing; and the half/complex32 dtypes, which upstream skips on the CPU.
// - later releases' tests of behaviour PyTorch 1.13 lacks: test_stft_requires_window and
//   test_istft_requires_window (1.13 does not warn without a window), test_stft_align_to_window_only_requires_non_center
//   (no align_to_window), test_fftn_noop_transform (1.13's fftn/ifftn/fft2/ifft2 with dim=[] return
//   uninitialized memory; fixed later).
// test_stft_requires_complex is 1.13's form: stft of a real input without return_complex warns (an error
// since 2.0).

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectSameError, expectTensor } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const { Complex } = torch;
const py = new PyTorch();
afterAll(() => py.close());

type DT = "float32" | "float64" | "complex64" | "complex128";
interface Tol {
  rtol: number;
  atol: number;
}
// assertEqual's default tolerances in PyTorch 1.13 (torch/testing/_comparison.py).
const TOL: Record<DT, Tol> = {
  float32: { rtol: 1.3e-6, atol: 1e-5 },
  complex64: { rtol: 1.3e-6, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-7 },
  complex128: { rtol: 1e-7, atol: 1e-7 },
};
const isComplexDtype = (d: string) => d.startsWith("complex");
const NORMS = [null, "forward", "backward", "ortho"];
const REAL_ONLY = new Set(["rfft", "rfft2", "rfftn", "ihfft", "ihfft2", "ihfftn"]);
// spectral_funcs of PyTorch 1.13 (torch/testing/_internal/opinfo/definitions/fft.py), by dimensionality.
const ONE_D = ["fft", "ifft", "rfft", "irfft", "hfft", "ihfft"];
const TWO_D = ["fft2", "ifft2", "rfft2", "irfft2", "hfft2", "ihfft2"];
const N_D = ["fftn", "ifftn", "rfftn", "irfftn", "hfftn", "ihfftn"];
const SPECTRAL_FUNCS = [...ONE_D, ...TWO_D, ...N_D];
// torch.fft.<name> by name, as upstream's getattr(torch.fft, name).
const FFT = torch.fft as unknown as Record<string, (...args: unknown[]) => Tensor>;

/** itertools.product. */
function product<T extends unknown[]>(...lists: { [K in keyof T]: readonly T[K][] }): T[] {
  let acc: unknown[][] = [[]];
  for (const l of lists as readonly unknown[][]) acc = acc.flatMap((a) => l.map((v) => [...a, v]));
  return acc as T[];
}
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
/** itertools.islice(itertools.cycle(range(4, 9)), ndim). */
const cycleShape = (ndim: number) => Array.from({ length: ndim }, (_, i) => 4 + (i % 5));
const size = (x: Tensor, d: number) => x.shape.at(d) as number;
const py_ = (v: unknown) => JSON.stringify(v);

/** assertEqual(x, y, exact_dtype=False) of a real x with its complex round trip y. */
function expectRoundTrip(y: Tensor, x: Tensor, tol: Tol, what: string): void {
  expectTensor(y, x.dtype === y.dtype ? x : x.to(y.dtype), tol, what);
}

/** Each torchts result against PyTorch's `out` list from `code` over the same inputs. */
async function againstPyTorch(
  mine: Tensor[],
  code: string,
  inputs: Record<string, unknown>,
  tol: Partial<Tol>,
  label: (i: number) => string,
): Promise<void> {
  const ref = (await py.eval(code, inputs)) as PyValue[];
  expect(ref.length).toBe(mine.length);
  mine.forEach((m, i) => {
    expectTensor(m, ref[i], tol, label(i));
  });
}

/** fn raises what PyTorch raises for `code` (test/helpers/assert.ts expectSameError). */
const sameError = (fn: () => unknown, code: string, inputs: Record<string, unknown> = {}, match?: RegExp) =>
  expectSameError(py, fn, code, inputs, match);

/** The UserWarnings fn raises, with warn-always on as assertWarnsOnceRegex sets it. */
async function warningsOf(fn: () => void): Promise<string[]> {
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(w.message);
  process.on("warning", onWarning);
  torch.setWarnAlways(true);
  try {
    fn();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
  } finally {
    torch.setWarnAlways(false);
    process.off("warning", onWarning);
  }
  return seen;
}
// PyTorch 1.13 prints "Triggered internally at  ./aten" with two spaces.
const normalizeWarning = (m: string) => m.replace(/at +\./, "at .");

/** PyTorch's warnings (their messages) for `code`, every one shown. */
async function pyWarnings(code: string, inputs: Record<string, unknown>): Promise<string[]> {
  const body = code
    .split("\n")
    .map((l) => `    ${l}`)
    .join("\n");
  const out = await py.eval(
    `import warnings\ntorch.set_warn_always(True)\nwith warnings.catch_warnings(record=True) as ws:\n    warnings.simplefilter("always")\n${body}\ntorch.set_warn_always(False)\nout = [str(w.message) for w in ws]`,
    inputs,
  );
  return (out as string[]).map(normalizeWarning);
}

describe("TestFFT", () => {
  // ---------------------------------------------------------------- 1-d transforms against a reference
  for (const op of ONE_D)
    for (const dtype of ["float32", "complex64"] as DT[]) {
      if (REAL_ONLY.has(op) && isComplexDtype(dtype)) continue;
      it(`test_reference_1d_fft_${op}_cpu_${dtype}`, async () => {
        torch.manualSeed(0);
        const xs = [[67], [80], [12, 14], [9, 6, 3], [4, 5, 6, 7]].map((s) => torch.randn(s, { dtype }));
        const args = [
          ...product<[number, number | null, number, string | null]>([0, 1, 2, 3], [null, 50, 6], [-1, 0], NORMS),
          // Transforming middle dimensions of a multi-dim tensor
          ...product<[number, number | null, number, string | null]>([4], [null], [1, 2, -2], NORMS),
        ];
        const mine = args.map(([i, n, dim, norm]) => FFT[op](xs[i], n, dim, norm));
        await againstPyTorch(
          mine,
          `out = [torch.fft.${op}(xs[i], n, d, norm) for i, n, d, norm in args]`,
          { xs, args },
          TOL[dtype],
          (i) => `${op}${py_(args[i])}`,
        );
      });
    }

  for (const dtype of ["float32", "float64", "complex64", "complex128"] as DT[])
    it(`test_fft_round_trip_cpu_${dtype}`, () => {
      torch.manualSeed(0);
      const xs = [[67], [80], [12, 14], [9, 6, 3]].map((s) => torch.randn(s, { dtype }));
      const fns: Array<[string, string]> = [["fft", "ifft"]];
      // Real-only functions; ihfft is the "forward" transform to avoid generating true half-complex input.
      if (!isComplexDtype(dtype)) fns.push(["rfft", "irfft"], ["ihfft", "hfft"]);
      for (const [forward, backward] of fns)
        for (const [x, dim, norm] of product<[Tensor, number, string | null]>(xs, [-1, 0], NORMS)) {
          const kwargs = { n: size(x, dim), dim, norm };
          const y = FFT[backward](FFT[forward](x, kwargs), kwargs);
          // For real input, ifft(fft(x)) is complex.
          expectRoundTrip(y, x, TOL[dtype], `${backward}(${forward}(x[${x.shape}])) dim=${dim} norm=${norm}`);
        }
    });

  // Upstream: NumPy raises a ValueError for an empty input; PyTorch its own error.
  for (const op of SPECTRAL_FUNCS)
    for (const dtype of ["float32", "complex64"] as DT[]) {
      if (REAL_ONLY.has(op) && isComplexDtype(dtype)) continue;
      it(`test_empty_fft_fft_${op}_cpu_${dtype}`, async () => {
        const t = torch.empty([1, 0], { dtype });
        await sameError(
          () => FFT[op](t),
          `torch.fft.${op}(t)`,
          { t },
          /Invalid number of data points \([-\d]*\) specified/,
        );
      });
    }

  it("test_empty_ifft_cpu", async () => {
    const t = torch.empty([2, 1], { dtype: "complex64" });
    for (const f of ["irfft", "irfft2", "irfftn", "hfft", "hfft2", "hfftn"])
      await sameError(
        () => FFT[f](t),
        `torch.fft.${f}(t)`,
        { t },
        /Invalid number of data points \([-\d]*\) specified/,
      );
  });

  it("test_fft_invalid_dtypes_cpu", async () => {
    const t = torch.randn([64], { dtype: "complex128" });
    await sameError(() => torch.fft.rfft(t), "torch.fft.rfft(t)", { t }, /rfft expects a real input tensor/);
    await sameError(() => torch.fft.rfftn(t), "torch.fft.rfftn(t)", { t }, /rfftn expects a real-valued input tensor/);
    await sameError(() => torch.fft.ihfft(t), "torch.fft.ihfft(t)", { t }, /ihfft expects a real input tensor/);
  });

  for (const dtype of ["int8", "float32", "float64", "complex64", "complex128"] as const)
    it(`test_fft_type_promotion_cpu_${dtype}`, async () => {
      torch.manualSeed(0);
      const t = dtype === "int8" ? torch.randint(-2, 2, [64], { dtype }) : torch.randn([64], { dtype });
      const PROMOTION_MAP = { int8: "complex64", float32: "complex64", float64: "complex128" } as Record<
        string,
        string
      >;
      const PROMOTION_MAP_C2R = { int8: "float32", complex64: "float32", complex128: "float64" } as Record<
        string,
        string
      >;
      const T = torch.fft.fft(t);
      expect(T.dtype).toBe(PROMOTION_MAP[dtype] ?? dtype);
      const R = torch.fft.hfft(t);
      expect(R.dtype).toBe(PROMOTION_MAP_C2R[dtype] ?? dtype);
      const mine = [T.dtype, R.dtype];
      if (!isComplexDtype(dtype)) {
        const C = torch.fft.rfft(t);
        expect(C.dtype).toBe(PROMOTION_MAP[dtype]);
        mine.push(C.dtype);
      }
      const ref = await py.eval(
        "out = [str(torch.fft.fft(t).dtype), str(torch.fft.hfft(t).dtype)] + ([] if t.is_complex() else [str(torch.fft.rfft(t).dtype)])",
        { t },
      );
      expect(mine.map((d) => `torch.${d}`)).toEqual(ref);
    });

  // Unsupported dtypes on the CPU: PyTorch 1.13's message names the dtype.
  for (const op of SPECTRAL_FUNCS)
    for (const dtype of ["float16", "bfloat16"] as const)
      it(`test_fft_half_and_bfloat16_errors_fft_${op}_cpu_${dtype}`, async () => {
        torch.manualSeed(0);
        const x = torch.randn(ONE_D.includes(op) ? [64] : [8, 8]).to(dtype);
        await sameError(() => FFT[op](x), `torch.fft.${op}(x)`, { x }, /Unsupported dtype /);
      });

  // ---------------------------------------------------------------- n-d transforms
  // input_ndim, s, dim
  const ND_DESC: Array<[number, number[] | null, number[] | null]> = [
    ...product<[number, number[] | null, number[] | null]>(range(2, 5), [null], [null, [0], [0, -1]]),
    ...product<[number, number[] | null, number[] | null]>(range(2, 5), [null, [4, 10]], [null]),
    [6, null, null],
    [5, null, [1, 3, 4]],
    [3, null, [0, -1]],
    [3, null, [1]],
    [1, null, [0]],
    [4, [10, 10], null],
    [4, [10, 10], [0, 1]],
  ];
  for (const op of N_D)
    for (const dtype of ["complex64", "complex128"] as DT[]) {
      if (REAL_ONLY.has(op)) continue;
      it(`test_reference_nd_fft_${op}_cpu_${dtype}`, async () => {
        torch.manualSeed(0);
        const xs = ND_DESC.map(([ndim]) => torch.randn(cycleShape(ndim), { dtype }));
        const args = product<[number, string | null]>(range(0, ND_DESC.length), NORMS);
        const mine = args.map(([i, norm]) => FFT[op](xs[i], ND_DESC[i][1], ND_DESC[i][2], norm));
        // Upstream's toleranceOverride for complex64 (atol 2e-4).
        await againstPyTorch(
          mine,
          `out = [torch.fft.${op}(xs[i], desc[i][1], desc[i][2], norm) for i, norm in args]`,
          { xs, args, desc: ND_DESC },
          dtype === "complex64" ? { rtol: 1.3e-6, atol: 2e-4 } : TOL[dtype],
          (i) => `${op}(${py_(ND_DESC[args[i][0]])}, norm=${args[i][1]})`,
        );
      });
    }

  for (const dtype of ["float32", "float64", "complex64", "complex128"] as DT[])
    it(`test_fftn_round_trip_cpu_${dtype}`, () => {
      torch.manualSeed(0);
      // input_ndim, dim
      const desc: Array<[number, number | number[] | null]> = [
        ...product<[number, number[] | null]>(range(2, 5), [null, [0], [0, -1]]),
        [7, null],
        [5, [1, 3, 4]],
        [3, [1]],
        [1, 0],
      ];
      const fns: Array<[string, string]> = [["fftn", "ifftn"]];
      if (!isComplexDtype(dtype)) fns.push(["rfftn", "irfftn"], ["ihfftn", "hfftn"]);
      for (const [ndim, dim] of desc) {
        const x = torch.randn(cycleShape(ndim), { dtype });
        for (const [[forward, backward], norm] of product<[[string, string], string | null]>(fns, NORMS)) {
          const s = Array.isArray(dim) ? dim.map((d) => size(x, d)) : dim === null ? x.shape : size(x, dim);
          const kwargs = { s, dim, norm };
          const y = FFT[backward](FFT[forward](x, kwargs), kwargs);
          expectRoundTrip(y, x, TOL[dtype], `${backward}(${forward}(x[${x.shape}])) dim=${py_(dim)} norm=${norm}`);
        }
      }
    });

  for (const op of N_D)
    for (const dtype of ["float32", "complex64"] as DT[]) {
      if (REAL_ONLY.has(op) && isComplexDtype(dtype)) continue;
      it(`test_fftn_invalid_fft_${op}_cpu_${dtype}`, async () => {
        const a = torch.rand([10, 10, 10], { dtype });
        const f = FFT[op];
        const call = `torch.fft.${op}`;
        await sameError(() => f(a, { dim: [0, 1, 0] }), `${call}(a, dim=(0, 1, 0))`, { a }, /dims must be unique/);
        await sameError(() => f(a, { dim: [2, -1] }), `${call}(a, dim=(2, -1))`, { a }, /dims must be unique/);
        await sameError(
          () => f(a, { s: [1], dim: [0, 1] }),
          `${call}(a, s=(1,), dim=(0, 1))`,
          { a },
          /dim and shape .* same length/,
        );
        await sameError(() => f(a, { dim: [3] }), `${call}(a, dim=(3,))`, { a }, /Dimension out of range/);
        await sameError(
          () => f(a, { s: [10, 10, 10, 10] }),
          `${call}(a, s=(10, 10, 10, 10))`,
          { a },
          /tensor only has 3 dimensions/,
        );
      });
    }

  const HFFTN_DESC: Array<[number, number[] | null]> = [
    ...product<[number, number[] | null]>(range(2, 5), [null, [0], [0, -1]]),
    [6, null],
    [5, [1, 3, 4]],
    [3, [1]],
    [1, [0]],
    [4, [0, 1]],
  ];
  for (const dtype of ["float32", "float64"] as DT[])
    it(`test_hfftn_cpu_${dtype}`, () => {
      torch.manualSeed(0);
      for (const [ndim, dim] of HFFTN_DESC) {
        const actualDims = dim ?? range(0, ndim);
        const shape = cycleShape(ndim);
        const expected = torch.randn(shape, { dtype });
        let input = torch.fft.ifftn(expected, { dim, norm: "ortho" });
        const lastdim = actualDims.at(-1) as number;
        input = input.narrow(lastdim, 0, Math.floor(size(input, lastdim) / 2) + 1);
        const s = actualDims.map((d) => shape.at(d) as number);
        const actual = torch.fft.hfftn(input, { s, dim, norm: "ortho" });
        expectTensor(actual, expected, TOL[dtype], `hfftn ndim=${ndim} dim=${py_(dim)}`);
      }
    });

  for (const dtype of ["float32", "float64"] as DT[])
    it(`test_ihfftn_cpu_${dtype}`, () => {
      torch.manualSeed(0);
      for (const [ndim, dim] of HFFTN_DESC) {
        const input = torch.randn(cycleShape(ndim), { dtype });
        let expected = torch.fft.ifftn(input, { dim, norm: "ortho" });
        // Slice off the half-symmetric component
        const lastdim = dim === null ? -1 : (dim.at(-1) as number);
        expected = expected.narrow(lastdim, 0, Math.floor(size(expected, lastdim) / 2) + 1);
        const actual = torch.fft.ihfftn(input, { dim, norm: "ortho" });
        expectTensor(actual, expected, TOL[dtype], `ihfftn ndim=${ndim} dim=${py_(dim)}`);
      }
    });

  // ---------------------------------------------------------------- 2-d transforms
  for (const dtype of ["float64", "complex128"] as DT[])
    it(`test_fft2_numpy_cpu_${dtype}`, async () => {
      torch.manualSeed(0);
      const desc = product<[number, number[] | null]>(range(2, 5), [null, [4, 10]]);
      const fns = ["fft2", "ifft2", "irfft2", "hfft2"];
      if (!isComplexDtype(dtype)) fns.push("rfft2", "ihfft2");
      const xs = desc.map(([ndim]) => torch.randn(cycleShape(ndim), { dtype }));
      // Once with dim defaulted, once with explicit dims (1, 0).
      const args = product<[number, string, string | null, number[] | null]>(range(0, desc.length), fns, NORMS, [
        null,
        [1, 0],
      ]);
      const mine = args.map(([i, f, norm, dim]) =>
        dim === null ? FFT[f](xs[i], desc[i][1], { norm }) : FFT[f](xs[i], desc[i][1], dim, norm),
      );
      await againstPyTorch(
        mine,
        "out = [getattr(torch.fft, f)(xs[i], desc[i][1], norm=norm) if d is None else getattr(torch.fft, f)(xs[i], desc[i][1], d, norm) for i, f, norm, d in args]",
        { xs, args, desc },
        TOL[dtype],
        (i) => py_(args[i]),
      );
    });

  for (const dtype of ["float32", "complex64"] as DT[])
    it(`test_fft2_fftn_equivalence_cpu_${dtype}`, () => {
      torch.manualSeed(0);
      const desc: Array<[number, number[] | null, number[] | null]> = [
        ...product<[number, number[] | null, number[] | null]>(range(2, 5), [null, [4, 10]], [null, [1, 0]]),
        [3, null, [0, 2]],
      ];
      const fns = ["fft", "ifft", "irfft", "hfft"];
      if (!isComplexDtype(dtype)) fns.push("rfft", "ihfft");
      for (const [ndim, s, dim] of desc) {
        const x = torch.randn(cycleShape(ndim), { dtype });
        for (const [func, norm] of product<[string, string | null]>(fns, NORMS)) {
          const f2d = FFT[`${func}2`];
          const fnd = FFT[`${func}n`];
          const kwargs: Record<string, unknown> = { s, norm };
          let expected: Tensor;
          if (dim !== null) {
            kwargs.dim = dim;
            expected = fnd(x, kwargs);
          } else expected = fnd(x, { dim: [-2, -1], ...kwargs });
          const actual = f2d(x, kwargs);
          expectTensor(actual, expected, TOL[dtype], `${func}2 vs ${func}n ndim=${ndim} s=${py_(s)} dim=${py_(dim)}`);
        }
      }
    });

  it("test_fft2_invalid_cpu", async () => {
    torch.manualSeed(0);
    const a = torch.rand([10, 10, 10]);
    for (const f of ["fft2", "ifft2", "rfft2", "irfft2"]) {
      const call = `torch.fft.${f}`;
      await sameError(() => FFT[f](a, { dim: [0, 0] }), `${call}(a, dim=(0, 0))`, { a }, /dims must be unique/);
      await sameError(() => FFT[f](a, { dim: [2, -1] }), `${call}(a, dim=(2, -1))`, { a }, /dims must be unique/);
      await sameError(() => FFT[f](a, { s: [1] }), `${call}(a, s=(1,))`, { a }, /dim and shape .* same length/);
      await sameError(() => FFT[f](a, { dim: [2, 3] }), `${call}(a, dim=(2, 3))`, { a }, /Dimension out of range/);
    }
    const c = torch.complex(a, a);
    await sameError(() => torch.fft.rfft2(c), "torch.fft.rfft2(c)", { c }, /rfftn expects a real-valued input/);
  });

  // ---------------------------------------------------------------- helper functions
  for (const dtype of ["float32", "float64"] as DT[])
    it(`test_fftfreq_numpy_cpu_${dtype}`, async () => {
      const args = product<[string, number, number | null]>(["fftfreq", "rfftfreq"], range(1, 20), [null, 10.0]);
      const mine = args.map(([f, n, d]) => (d === null ? FFT[f](n, { dtype }) : FFT[f](n, d, { dtype })));
      await againstPyTorch(
        mine,
        `out = [getattr(torch.fft, f)(*((n,) if d is None else (n, float(d))), dtype=torch.${dtype}) for f, n, d in args]`,
        { args },
        TOL[dtype],
        (i) => py_(args[i]),
      );
    });

  for (const dtype of ["float32", "float64", "complex64", "complex128"] as DT[])
    it(`test_fftshift_numpy_cpu_${dtype}`, async () => {
      torch.manualSeed(0);
      const cases = [
        ...product<[number[], number | number[] | null]>([[11], [12]], [null, 0, -1]),
        ...product<[number[], number | number[] | null]>(
          [
            [4, 5],
            [6, 6],
          ],
          [null, 0, [-1]],
        ),
        ...product<[number[], number | number[] | null]>([[1, 1, 4, 6, 7, 2]], [null, [3, 4]]),
      ];
      const xs = cases.map(([shape]) => torch.rand(shape, { dtype }));
      const args = product<[number, string]>(range(0, cases.length), ["fftshift", "ifftshift"]);
      const mine = args.map(([i, f]) => FFT[f](xs[i], { dim: cases[i][1] }));
      await againstPyTorch(
        mine,
        "out = [getattr(torch.fft, f)(xs[i], dim=dims[i]) for i, f in args]",
        { xs, args, dims: cases.map((c) => c[1]) },
        {},
        (i) => `${args[i][1]} ${py_(cases[args[i][0]])}`,
      );
    });

  for (const dtype of ["float32", "float64"] as DT[])
    it(`test_fftshift_frequencies_cpu_${dtype}`, () => {
      for (let n = 10; n < 15; n++) {
        const sortedFftFreqs = torch.arange(-Math.floor(n / 2), n - Math.floor(n / 2), 1, { dtype });
        const x = torch.fft.fftfreq(n, { d: 1 / n, dtype });
        // fftshift sorts the fftfreq output
        const shifted = torch.fft.fftshift(x);
        expectTensor(shifted, shifted.sort()[0], TOL[dtype], `sorted n=${n}`);
        expectTensor(shifted, sortedFftFreqs, TOL[dtype], `fftshift n=${n}`);
        // and ifftshift is the inverse
        expectTensor(torch.fft.ifftshift(shifted), x, TOL[dtype], `ifftshift n=${n}`);
      }
    });

  // ---------------------------------------------------------------- legacy fft tests
  it("test_fft_ifft_rfft_irfft_cpu_float64", () => {
    torch.manualSeed(0);
    const dtype = "float64";
    const exact = { atol: 1e-8, rtol: 0 };
    const testComplex = (sizes: number[], signalNdim: number, prepro: (x: Tensor) => Tensor = (x) => x) => {
      const x = prepro(torch.randn(sizes, { dtype: "complex128" }));
      const dim = range(-signalNdim, 0);
      for (const norm of ["ortho", null]) {
        let res = torch.fft.fftn(x, { dim, norm });
        let rec = torch.fft.ifftn(res, { dim, norm });
        expectTensor(rec, x, exact, `fft and ifft ${sizes}`);
        res = torch.fft.ifftn(x, { dim, norm });
        rec = torch.fft.fftn(res, { dim, norm });
        expectTensor(rec, x, exact, `ifft and fft ${sizes}`);
      }
    };
    const testReal = (sizes: number[], signalNdim: number, prepro: (x: Tensor) => Tensor = (x) => x) => {
      const x = prepro(torch.randn(sizes, { dtype }));
      const signalSizes = x.shape.slice(-signalNdim);
      const dim = range(-signalNdim, 0);
      for (const norm of [null, "ortho"]) {
        let res = torch.fft.rfftn(x, { dim, norm });
        let rec = torch.fft.irfftn(res, { s: signalSizes, dim, norm });
        expectTensor(rec, x, exact, `rfft and irfft ${sizes}`);
        res = torch.fft.fftn(x, { dim, norm });
        rec = torch.fft.ifftn(res, { dim, norm });
        const xComplex = torch.complex(x, torch.zerosLike(x));
        expectTensor(rec, xComplex, exact, `fft and ifft (from real) ${sizes}`);
      }
    };
    // contiguous case
    testReal([100], 1);
    testReal([10, 1, 10, 100], 1);
    testReal([100, 100], 2);
    testReal([2, 2, 5, 80, 60], 2);
    testReal([50, 40, 70], 3);
    testReal([30, 1, 50, 25, 20], 3);

    testComplex([100], 1);
    testComplex([100, 100], 1);
    testComplex([100, 100], 2);
    testComplex([1, 20, 80, 60], 2);
    testComplex([50, 40, 70], 3);
    testComplex([6, 5, 50, 25, 20], 3);

    // non-contiguous case
    testReal([165], 1, (x) => x.narrow(0, 25, 100)); // input is not aligned to complex type
    testReal([100, 100, 3], 1, (x) => x.index(":", ":", 0));
    testReal([100, 100], 2, (x) => x.t());
    testReal([20, 100, 10, 10], 2, (x) => x.view([20, 100, 100]).index(":", ":60"));
    testReal([65, 80, 115], 3, (x) => x.index("10:60", "13:53", "10:80"));
    testReal([30, 20, 50, 25], 3, (x) => x.transpose(1, 2).transpose(2, 3));

    testComplex([100], 1, (x) => x.expand([100, 100]));
    testComplex([20, 90, 110], 2, (x) => x.index(":", "5:85").narrow(2, 5, 100));
    testComplex([40, 60, 3, 80], 3, (x) => x.transpose(2, 0).select(0, 2).index("5:55", ":", "10:"));
    testComplex([30, 55, 50, 22], 3, (x) => x.index(":", "3:53", "15:40", "1:21"));
  });

  // ---------------------------------------------------------------- stft / istft
  it("test_stft_cpu_float64", async () => {
    torch.manualSeed(0);
    const dtype = "float64";
    // sizes, n_fft, hop_length, win_length, window sizes, center
    type StftCase = [number[], number, number | null, number | null, number[] | null, boolean];
    const cases: StftCase[] = [];
    for (const center of [true, false])
      cases.push(
        [[10], 7, null, null, null, center],
        [[10, 4000], 1024, null, null, null, center],
        [[10], 7, 2, null, null, center],
        [[10, 4000], 1024, 512, null, null, center],
        [[10], 7, 2, null, [7], center],
        [[10, 4000], 1024, 512, null, [1024], center],
        // spectral oversample
        [[10], 7, 2, 5, null, center],
        [[10, 4000], 1024, 512, 100, null, center],
      );
    for (const [sizes, n, h, w, winSizes, c] of cases) {
      const x = torch.randn(sizes, { dtype });
      const win = winSizes === null ? null : torch.randn(winSizes, { dtype });
      const result = x.stft(n, h, w, win, { center: c, returnComplex: false });
      // With return_complex=True the result is the same, viewed as complex instead of real.
      const resultComplex = x.stft(n, h, w, win, { center: c, returnComplex: true });
      expectTensor(resultComplex, torch.viewAsComplex(result), {}, "return_complex=True");
      // Upstream compares with librosa (atol 7e-6); here with PyTorch on the same input and window.
      await againstPyTorch(
        [result, resultComplex],
        "out = [x.stft(n, h, w, win, center=c, return_complex=False), x.stft(n, h, w, win, center=c, return_complex=True)]",
        { x, n, h, w, win, c },
        { atol: 7e-6, rtol: 0 },
        (i) => `stft ${py_([sizes, n, h, w, winSizes, c])} return_complex=${i === 1}`,
      );
    }
    const errors: StftCase[] = [
      [[10, 4, 2], 1, 1, null, null, true],
      [[10], 11, 1, null, null, false],
      [[10], -1, 1, null, null, true],
      [[10], 3, null, 5, null, true],
      [[10], 5, 4, null, [11], true],
      [[10], 5, 4, null, [1, 1], true],
    ];
    for (const [sizes, n, h, w, winSizes, c] of errors) {
      const x = torch.randn(sizes, { dtype });
      const win = winSizes === null ? null : torch.randn(winSizes, { dtype });
      await sameError(
        () => x.stft(n, h, w, win, { center: c }),
        "x.stft(n, h, w, win, center=c)",
        { x, n, h, w, win, c },
        undefined,
      );
    }
  });

  it("test_istft_against_librosa_cpu_float64", async () => {
    torch.manualSeed(0);
    const dtype = "float64";
    // size, n_fft, hop_length, win_length, window sizes, length, center
    type IstftCase = [number, number, number | null, number | null, number[] | null, number | null, boolean];
    const cases: IstftCase[] = [];
    for (const center of [true, false])
      cases.push(
        [10, 7, null, null, null, null, center],
        [4000, 1024, null, null, null, null, center],
        [4000, 1024, null, null, null, 4000, center],
        [10, 7, 2, null, null, null, center],
        [4000, 1024, 512, null, null, null, center],
        [4000, 1024, 512, null, null, 4000, center],
        [10, 7, 2, null, [7], null, center],
        [4000, 1024, 512, null, [1024], null, center],
        [4000, 1024, 512, null, [1024], 4000, center],
      );
    for (const [sz, n, h, w, winSizes, length, c] of cases) {
      const x = torch.randn([sz], { dtype });
      const win = winSizes === null ? null : torch.randn(winSizes, { dtype });
      const xStft = x.stft(n, h, w, win, { center: c, onesided: true, returnComplex: true });
      const result = xStft.istft(n, h, w, win, { length, center: c });
      // Upstream compares with librosa.istft; here with PyTorch's istft of the same input.
      await againstPyTorch(
        [xStft, result],
        "s = x.stft(n, h, w, win, center=c, onesided=True, return_complex=True)\nout = [s, s.istft(n, h, w, win, length=length, center=c)]",
        { x, n, h, w, win, length, c },
        TOL[dtype],
        (i) => `${i === 0 ? "stft" : "istft"} ${py_([sz, n, h, w, winSizes, length, c])}`,
      );
    }
  });

  for (const dtype of ["float64", "complex128"] as DT[])
    it(`test_complex_stft_roundtrip_cpu_${dtype}`, () => {
      torch.manualSeed(0);
      const xs = [[600], [807], [12, 60]].map((s) => torch.randn(s, { dtype }));
      const args = product<
        [Tensor, number, number | null, boolean, "constant" | "reflect" | "circular", boolean, boolean]
      >(
        xs,
        [50, 27],
        [null, 10],
        [true],
        ["constant", "reflect", "circular"],
        [true, false],
        isComplexDtype(dtype) ? [false] : [true, false],
      );
      for (const [x, nFft, hopLength, center, padMode, normalized, onesided] of args) {
        const common = { hopLength, center, normalized, onesided };
        const what = `${x.shape} ${py_({ nFft, padMode, ...common })}`;
        const istftOptions = { returnComplex: isComplexDtype(dtype), length: size(x, -1), ...common };
        // Functional interface
        let xStft = torch.stft(x, nFft, { padMode, returnComplex: true, ...common });
        expectTensor(torch.istft(xStft, nFft, istftOptions), x, TOL[dtype], what);
        // Tensor method interface
        xStft = x.stft(nFft, { padMode, returnComplex: true, ...common });
        expectTensor(torch.istft(xStft, nFft, istftOptions), x, TOL[dtype], `method ${what}`);
      }
    });

  for (const dtype of ["float64", "complex128"] as DT[])
    it(`test_stft_roundtrip_complex_window_cpu_${dtype}`, () => {
      torch.manualSeed(0);
      const xs = [[600], [807], [12, 60]].map((s) => torch.randn(s, { dtype }));
      const args = product<[Tensor, number, number | null, "constant" | "reflect" | "replicate" | "circular", boolean]>(
        xs,
        [50, 27],
        [null, 10],
        ["constant", "reflect", "replicate", "circular"],
        [true, false],
      );
      for (const [x, nFft, hopLength, padMode, normalized] of args) {
        const what = `${x.shape} ${py_({ nFft, hopLength, padMode, normalized })}`;
        const window = torch.rand([nFft], { dtype: "complex128" });
        const xStft = torch.stft(x, nFft, { hopLength, window, center: true, padMode, normalized });
        expect(xStft.dtype).toBe("complex128");
        expect(size(xStft, -2)).toBe(nFft); // Not onesided
        const xRoundtrip = torch.istft(xStft, nFft, {
          hopLength,
          window,
          center: true,
          normalized,
          length: size(x, -1),
          returnComplex: true,
        });
        expect(xRoundtrip.dtype).toBe("complex128");
        if (!isComplexDtype(dtype)) {
          expectTensor(xRoundtrip.imag, torch.zerosLike(xRoundtrip.imag), { atol: 1e-6, rtol: 0 }, `imag ${what}`);
          expectTensor(xRoundtrip.real, x, TOL[dtype], `real ${what}`);
        } else expectTensor(xRoundtrip, x, TOL[dtype], what);
      }
    });

  /** Upstream's _stft_reference: X(m, w) = sum_n x[n] w[n - m] e^{-jnw}, frame by frame. */
  function stftReference(x: Tensor, hopLength: number, window: Tensor): Tensor {
    const nFft = window.numel();
    const frames = Math.floor((x.numel() - nFft + hopLength) / hopLength);
    const X = torch.empty([nFft, frames], { dtype: "complex128" });
    // The last frame starts at most numel - n_fft: every frame lies inside x.
    for (let m = 0; m < frames; m++) X.select(1, m).copy_(torch.fft.fft(x.narrow(0, m * hopLength, nFft).mul(window)));
    return X;
  }

  it("test_complex_stft_definition_cpu_complex128", async () => {
    torch.manualSeed(0);
    const dtype = "complex128";
    const xs = [torch.randn([600], { dtype }), torch.randn([807], { dtype })];
    const args = product<[number, number, number]>([0, 1], [50, 27], [10, 15]);
    const windows = args.map(([, nFft]) => torch.randn([nFft], { dtype }));
    const mine = args.map(([i, nFft, hop], k) => {
      const actual = torch.stft(xs[i], nFft, { hopLength: hop, window: windows[k], center: false });
      expectTensor(actual, stftReference(xs[i], hop, windows[k]), TOL[dtype], `reference ${py_(args[k])}`);
      return actual;
    });
    await againstPyTorch(
      mine,
      "out = [torch.stft(xs[i], n, h, window=ws[k], center=False) for k, (i, n, h) in enumerate(args)]",
      { xs, args, ws: windows },
      TOL[dtype],
      (k) => py_(args[k]),
    );
  });

  it("test_complex_stft_real_equiv_cpu_complex128", () => {
    torch.manualSeed(0);
    const dtype = "complex128";
    const xs = [[600], [807], [14, 50], [6, 51]].map((s) => torch.rand(s, { dtype }));
    type PadMode = "constant" | "reflect" | "circular";
    const args = product<[Tensor, number, number | null, number | null, boolean, PadMode, boolean]>(
      xs,
      [50, 27],
      [null, 10],
      [null, 20],
      [false, true],
      ["constant", "reflect", "circular"],
      [true, false],
    );
    for (const [x, nFft, hopLength, winLength, center, padMode, normalized] of args) {
      const kw = { hopLength, winLength, padMode, center, normalized };
      // _complex_stft: the real and imaginary components transformed separately.
      const stftReal = torch.stft(x.real, nFft, { ...kw, returnComplex: true, onesided: false });
      const stftImag = torch.stft(x.imag, nFft, { ...kw, returnComplex: true, onesided: false });
      const expected = stftReal.add(stftImag.mul(new Complex(0, 1)));
      const actual = torch.stft(x, nFft, kw);
      expectTensor(actual, expected, TOL[dtype], `${x.shape} ${py_({ nFft, ...kw })}`);
    }
  });

  it("test_complex_istft_real_equiv_cpu_complex128", () => {
    torch.manualSeed(0);
    const dtype = "complex128";
    const xs = [
      [40, 20],
      [25, 1],
      [4, 20, 10],
    ].map((s) => torch.rand(s, { dtype }));
    // _hermitian_conj: H(x)[i] = conj(x[-i]) along dim (x[(n - i) % n], as a flip and a roll by one).
    const hermitianConj = (x: Tensor, dim: number) => x.flip([dim]).roll(1, dim).conj();
    for (const [x, hopLength, center, normalized] of product<[Tensor, number | null, boolean, boolean]>(
      xs,
      [null, 10],
      [false, true],
      [true, false],
    )) {
      const nFft = size(x, -2);
      const kw = { hopLength, center, normalized };
      // _complex_istft: the Hermitian part (the FFT of a real signal) and the anti-Hermitian part (of an
      // imaginary one) inverted separately with onesided istfts.
      const hconj = hermitianConj(x, -2);
      const half = Math.floor(nFft / 2) + 1;
      const xHermitian = x.add(hconj).div(2).narrow(-2, 0, half);
      const xAntihermitian = x.sub(hconj).div(2).narrow(-2, 0, half);
      const istftReal = torch.istft(xHermitian, nFft, { ...kw, onesided: true });
      const istftImag = torch.istft(xAntihermitian.mul(new Complex(0, -1)), nFft, { ...kw, onesided: true });
      const expected = torch.complex(istftReal, istftImag);
      const actual = torch.istft(x, nFft, { ...kw, returnComplex: true });
      expectTensor(actual, expected, TOL[dtype], `${x.shape} ${py_(kw)}`);
    }
  });

  it("test_complex_stft_onesided_cpu", async () => {
    torch.manualSeed(0);
    // stft of complex input cannot be onesided
    for (const [xDtype, windowDtype] of product<[DT, DT]>(["float64", "complex128"], ["float64", "complex128"])) {
      const x = torch.rand([100], { dtype: xDtype });
      const window = torch.rand([10], { dtype: windowDtype });
      if (isComplexDtype(xDtype) || isComplexDtype(windowDtype)) {
        await sameError(
          () => x.stft(10, { window, padMode: "constant", onesided: true }),
          "x.stft(10, window=window, pad_mode='constant', onesided=True)",
          { x, window },
          /complex/,
        );
      } else {
        const y = x.stft(10, { window, padMode: "constant", onesided: true, returnComplex: true });
        expect(y.dtype).toBe("complex128");
        expect(y.shape).toEqual([6, 51]);
        expectTensor(
          y,
          await py.eval("out = x.stft(10, window=window, pad_mode='constant', onesided=True, return_complex=True)", {
            x,
            window,
          }),
          TOL.complex128,
        );
      }
    }
    const x = torch.rand([100], { dtype: "complex128" });
    await sameError(
      () => x.stft(10, { padMode: "constant", onesided: true }),
      "x.stft(10, pad_mode='constant', onesided=True)",
      { x },
      /complex/,
    );
  });

  // PyTorch 1.13's form: stft warns that it will require return_complex (an error since 2.0).
  it("test_stft_requires_complex_cpu", async () => {
    torch.manualSeed(0);
    const x = torch.rand([100]);
    let y: Tensor | undefined;
    const seen = await warningsOf(() => {
      y = x.stft(10, { padMode: "constant" });
    });
    const code = "out = x.stft(10, pad_mode='constant')";
    const expected = await pyWarnings(code, { x });
    expect(expected.some((m) => /stft will soon require the return_complex parameter/.test(m))).toBe(true);
    expect(seen.map(normalizeWarning)).toEqual(expected);
    expectTensor(y as Tensor, await py.eval(code, { x }), TOL.float32);
  });

  it("test_fft_input_modification_cpu", () => {
    // FFT functions should not modify their input (gh-34551)
    const signal = torch.ones([2, 2, 2]);
    const signalCopy = signal.clone();
    const spectrum = torch.fft.fftn(signal, { dim: [-2, -1] });
    expectTensor(signal, signalCopy);

    const spectrumCopy = spectrum.clone();
    torch.fft.ifftn(spectrum, { dim: [-2, -1] });
    expectTensor(spectrum, spectrumCopy);

    const halfSpectrum = torch.fft.rfftn(signal, { dim: [-2, -1] });
    expectTensor(signal, signalCopy);

    const halfSpectrumCopy = halfSpectrum.clone();
    torch.fft.irfftn(halfSpectrumCopy, { s: [2, 2], dim: [-2, -1] });
    expectTensor(halfSpectrum, halfSpectrumCopy);
  });

  it("test_fft_plan_repeatable_cpu", () => {
    // Regression test for gh-58724 and gh-63152
    torch.manualSeed(0);
    for (const n of [2048, 3199, 5999]) {
      let a = torch.randn([n], { dtype: "complex64" });
      expectTensor(torch.fft.fftn(a), torch.fft.fftn(a.clone()), TOL.complex64, `fftn ${n}`);
      a = torch.randn([n], { dtype: "float64" });
      expectTensor(torch.fft.rfft(a), torch.fft.rfft(a.clone()), TOL.complex128, `rfft ${n}`);
    }
  });

  it("test_istft_round_trip_simple_cases_cpu_float64", () => {
    // stft -> istft should recover the original signal
    const dtype = "float64";
    for (const input of [torch.ones([4], { dtype }), torch.zeros([4], { dtype })]) {
      const stft = torch.stft(input, 4, { returnComplex: true });
      const inverse = torch.istft(stft, 4, { length: 4 });
      expectTensor(inverse, input, TOL[dtype]);
    }
  });

  interface StftPattern {
    nFft: number;
    hopLength: number;
    winLength: number;
    window: Tensor;
    center: boolean;
    padMode: "reflect" | "constant";
    normalized: boolean;
    onesided: boolean;
  }

  it("test_istft_round_trip_various_params_cpu_float64", () => {
    torch.manualSeed(0);
    const dtype = "float64";
    const patterns: StftPattern[] = [
      // hann_window, centered, normalized, onesided
      {
        nFft: 12,
        hopLength: 4,
        winLength: 12,
        window: torch.hannWindow(12, { dtype }),
        center: true,
        padMode: "reflect",
        normalized: true,
        onesided: true,
      },
      // hann_window, centered, not normalized, not onesided
      {
        nFft: 12,
        hopLength: 2,
        winLength: 8,
        window: torch.hannWindow(8, { dtype }),
        center: true,
        padMode: "reflect",
        normalized: false,
        onesided: false,
      },
      // hamming_window, centered, normalized, not onesided
      {
        nFft: 15,
        hopLength: 3,
        winLength: 11,
        window: torch.hammingWindow(11, { dtype }),
        center: true,
        padMode: "constant",
        normalized: true,
        onesided: false,
      },
      // hamming_window, centered, not normalized, onesided; window same size as n_fft
      {
        nFft: 5,
        hopLength: 2,
        winLength: 5,
        window: torch.hammingWindow(5, { dtype }),
        center: true,
        padMode: "constant",
        normalized: false,
        onesided: true,
      },
    ];
    for (const p of patterns) {
      // istft takes stft's arguments but pad_mode.
      const { nFft, padMode, ...istftKwargs } = p;
      const stftKwargs = { ...istftKwargs, padMode };
      for (const sizes of [
        [2, 20],
        [3, 15],
        [4, 10],
      ])
        for (let trial = 0; trial < 100; trial++) {
          const original = torch.randn(sizes, { dtype });
          const stft = torch.stft(original, nFft, { ...stftKwargs, returnComplex: true });
          const inversed = torch.istft(stft, nFft, { ...istftKwargs, length: sizes[1] });
          expectTensor(inversed, original, { atol: 7e-6, rtol: 0 }, `istft comparison against original ${sizes}`);
        }
    }
  });

  it("test_istft_round_trip_with_padding_cpu_float64", async () => {
    // A long hop_length or no centering may make the inverse shorter than the signal.
    torch.manualSeed(0);
    const dtype = "float64";
    const patterns: Array<[number[], StftPattern]> = [
      // hamming_window, not centered, not normalized, not onesided; window same size as n_fft
      [
        [2, 20],
        {
          nFft: 3,
          hopLength: 2,
          winLength: 3,
          window: torch.hammingWindow(3, { dtype }),
          center: false,
          padMode: "reflect",
          normalized: false,
          onesided: false,
        },
      ],
      // hamming_window, centered, not normalized, onesided, long hop_length; window same size as n_fft
      [
        [2, 500],
        {
          nFft: 256,
          hopLength: 254,
          winLength: 256,
          window: torch.hammingWindow(256, { dtype }),
          center: true,
          padMode: "constant",
          normalized: false,
          onesided: true,
        },
      ],
    ];
    const expectedWarning = (
      await pyWarnings(
        "torch.istft(torch.stft(original, n, h, w, win, False, 'reflect', False, False, return_complex=True), n, h, w, win, False, False, False, length=20)",
        { original: torch.randn([2, 20], { dtype }), n: 3, h: 2, w: 3, win: torch.hammingWindow(3, { dtype }) },
      )
    ).filter((m) => /The length of signal is shorter than the length parameter/.test(m));
    expect(expectedWarning.length).toBe(1);
    for (const [sizes, p] of patterns) {
      // istft takes stft's arguments but pad_mode.
      const { nFft, padMode, ...istftKwargs } = p;
      const stftKwargs = { ...istftKwargs, padMode };
      for (let trial = 0; trial < 100; trial++) {
        const original = torch.randn(sizes, { dtype });
        const stft = torch.stft(original, nFft, { ...stftKwargs, returnComplex: true });
        let inversed: Tensor | undefined;
        const inverse = () => {
          inversed = torch.istft(stft, nFft, { ...istftKwargs, length: size(original, -1) });
        };
        // assertWarnsOnceRegex on every call upstream; here on the first trial (each warning would print).
        if (trial === 0) expect((await warningsOf(inverse)).map(normalizeWarning)).toEqual(expectedWarning);
        else inverse();
        const nFrames = size(stft, -1);
        const lenExpected = p.center
          ? Math.floor(nFft / 2) + p.hopLength * (nFrames - 1)
          : nFft + p.hopLength * (nFrames - 1);
        const inv = inversed as Tensor;
        // the padding points of the inversed signal are all zeros
        const padding = inv.narrow(-1, lenExpected, size(inv, -1) - lenExpected);
        expectTensor(padding, torch.zerosLike(padding), { atol: 7e-6, rtol: 0 }, "istft padding values against zeros");
        // trim the original for the case when the constructed signal is shorter than the original
        expectTensor(
          inv.narrow(-1, 0, lenExpected),
          original.narrow(-1, 0, lenExpected),
          { atol: 7e-6, rtol: 0 },
          "istft comparison against original",
        );
      }
    }
  });

  it("test_istft_throws_cpu", async () => {
    // istft should throw for invalid parameters
    const stft = torch.zeros([3, 5, 2]);
    // the window is size 1 but it hops 20 so there is a gap which throw an error
    await sameError(
      () => torch.istft(stft, 4, { hopLength: 20, winLength: 1, window: torch.ones([1]) }),
      "torch.istft(stft, n_fft=4, hop_length=20, win_length=1, window=torch.ones(1))",
      { stft },
      undefined,
    );
    // A window of zeros does not meet NOLA
    const invalidWindow = torch.zeros([4]);
    await sameError(
      () => torch.istft(stft, 4, { winLength: 4, window: invalidWindow }),
      "torch.istft(stft, n_fft=4, win_length=4, window=invalid_window)",
      { stft, invalid_window: invalidWindow },
      undefined,
    );
    // Input cannot be empty
    for (const shape of [
      [3, 0, 2],
      [0, 3, 2],
    ])
      await sameError(
        () => torch.istft(torch.zeros(shape), 2),
        `torch.istft(torch.zeros(${py_(shape)}), 2)`,
        {},
        undefined,
      );
  });

  it("test_istft_of_sine_cpu_float64", () => {
    const dtype = "float64";
    const test = (amplitude: number, L: number, n: number) => {
      // stft of amplitude*sin(2*pi/L*n*x) with the hop length and window size equaling L
      const x = torch.arange(2 * L + 1, { dtype });
      let original = x
        .mul((2 * Math.PI) / L)
        .mul(n)
        .sin()
        .mul(amplitude);
      const stft = torch.zeros([Math.floor(L / 2) + 1, 2], { dtype: "complex128" });
      const stftLargestVal = (amplitude * L) / 2.0;
      if (n < size(stft, 0)) stft.select(0, n).imag.fill_(-stftLargestVal);
      // symmetric about L // 2
      if (L - n >= 0 && L - n < size(stft, 0)) stft.select(0, L - n).imag.fill_(stftLargestVal);
      const inverse = torch.istft(stft, L, {
        hopLength: L,
        winLength: L,
        window: torch.ones([L], { dtype }),
        center: false,
        normalized: false,
      });
      // There is a larger error due to the scaling of amplitude
      original = original.narrow(-1, 0, size(inverse, -1));
      expectTensor(inverse, original, { atol: 1e-3, rtol: 0 }, `amplitude=${amplitude} L=${L} n=${n}`);
    };
    test(123, 5, 1);
    test(150, 5, 2);
    test(111, 5, 3);
    test(160, 7, 4);
    test(145, 8, 5);
    test(80, 9, 6);
    test(99, 10, 7);
  });

  it("test_istft_linearity_cpu_float64", () => {
    torch.manualSeed(0);
    const dtype = "float64";
    const patterns: Array<[number[], { window: Tensor; center: boolean; normalized: boolean; onesided: boolean }]> = [
      // hann_window, centered, normalized, onesided
      [[2, 7, 7], { window: torch.hannWindow(12, { dtype }), center: true, normalized: true, onesided: true }],
      // hann_window, centered, not normalized, not onesided
      [[2, 12, 7], { window: torch.hannWindow(12, { dtype }), center: true, normalized: false, onesided: false }],
      // hamming_window, centered, normalized, not onesided
      [[2, 12, 7], { window: torch.hammingWindow(12, { dtype }), center: true, normalized: true, onesided: false }],
      // hamming_window, not centered, not normalized, onesided
      [[2, 7, 3], { window: torch.hammingWindow(12, { dtype }), center: false, normalized: false, onesided: true }],
    ];
    for (const [dataSize, kwargs] of patterns)
      for (let trial = 0; trial < 100; trial++) {
        const tensor1 = torch.randn(dataSize, { dtype: "complex128" });
        const tensor2 = torch.randn(dataSize, { dtype: "complex128" });
        const [a, b] = torch.rand([2], { dtype }).unbind();
        // Also the method against the functional call
        const istft1 = tensor1.istft(12, kwargs);
        const istft2 = tensor2.istft(12, kwargs);
        const istft = a.mul(istft1).add(b.mul(istft2));
        const estimate = torch.istft(a.mul(tensor1).add(b.mul(tensor2)), 12, kwargs);
        expectTensor(istft, estimate, { atol: 1e-5, rtol: 0 }, `${dataSize} ${py_({ ...kwargs, window: undefined })}`);
      }
  });

  it("test_batch_istft_cpu", () => {
    const original = torch.tensor(
      [
        [4, 4, 4, 4, 4],
        [0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0],
      ],
      { dtype: "complex64" },
    );
    const single = original.repeat([1, 1, 1]);
    const multi = original.repeat([4, 1, 1]);
    const iOriginal = torch.istft(original, 4, { length: 4 });
    const iSingle = torch.istft(single, 4, { length: 4 });
    const iMulti = torch.istft(multi, 4, { length: 4 });
    expectTensor(iSingle, iOriginal.repeat([1, 1]), { atol: 1e-6, rtol: 0 }, "single");
    expectTensor(iMulti, iOriginal.repeat([4, 1]), { atol: 1e-6, rtol: 0 }, "multi");
  });
});
