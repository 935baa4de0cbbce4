// Ported from PyTorch 1.13's test/test_unary_ufuncs.py (TestUnaryUfuncs and the generated TestUnaryUfuncMathOps,
// CPU), each case named after the upstream test as instantiated on the CPU (test_<name>[_<dtype>], over the CPU
// dtypes upstream lists). Where upstream compares with NumPy or SciPy (np.nan_to_num, np.sqrt, np.isfinite,
// np.signbit, scipy.special.digamma / multigammaln / gammainc / gammaincc / i0 / expit / polygamma, ...), live
// PyTorch runs the same torch call on the same inputs (test/python/upstream_unary_ufuncs.py) and torchts must give
// the same dtype, shape and values (NaN equal to NaN; float tolerances as PyTorch's assertEqual, exact where
// upstream asks atol=0, rtol=0), or the same error class and first message line (and upstream's regex). Random
// inputs are seeded (torch.manualSeed before each case). Self-consistency checks (out= against the result,
// non-contiguous against contiguous, batch against slices) are ported as they are. The stored upstream copy is an
// earlier revision of the file (torch._six, get_all_dtypes); PyTorch 1.13's behaviour is the reference.
// In part:
// - test_op_invert / test_bitwise_not: Python's ~ on a tensor is bitwise_not (JavaScript has no operator
//   overloading), and 0xffff - t is t.__rsub__(0xffff); for float tensors Python's Tensor.__invert__ raises a
//   TypeError of its own, so the port compares bitwise_not's RuntimeError with PyTorch's instead.
// - test_abs_angle_complex_to_float: every case of upstream's loops is run (upstream returns after the in-place abs
//   error, so its angle and empty-tensor cases never run); a float out= is made with torch.empty, not with
//   empty_like(t).float() (a complex-to-real cast that only warns).
// - test_exp_*: bfloat16 is left out (upstream only checks that compare_with_numpy rejects bfloat16, a NumPy
//   limit); the complex special values upstream leaves unchecked on the CPU (pytorch#40590) stay unchecked.
// - test_unary_out_op_mem_overlap: the partial-overlap and single-memory-location errors are compared with PyTorch
//   building the same views (the bridge sends copies, not views); each op gets its own copy of the data.
// - TestUnaryUfuncMathOps (test_reference_*, test_non_contig*_, test_contig_size1_, test_check_contig_size1_large_dim_,
//   test_large_): the reference is PyTorch's result, not NumPy's or SciPy's.
// Left out:
// - CUDA-only: test_ceil_out_mismatch, test_polygamma, test_abs_zero.
// - test_exp_slow: a slowTest over 2**31 elements (8 GiB).
// - OpInfo tests (test_float_domains, test_variant_consistency, test_reference_numerics, test_contig_vs_every_other,
//   test_contig_vs_transposed, test_non_contig*, test_contig_size1*, test_batch_vs_slicing, test_out_arg_all_dtypes,
//   over every unary OpInfo): test/upstream/test_ops.test.ts covers OpInfos.
// - tests PyTorch added between the stored revision and 1.13 (test_frexp, test_sinc, test_nan_to_num_bfloat16, ...):
//   not in the stored copy.

import * as assert from "node:assert/strict";
import { afterAll, beforeEach, describe, it } from "vitest";
import type { Complex, Tensor } from "../../lib";
import * as torch from "../../lib";
import type { DType } from "../../lib/dtype";
import { type Call, checkCalls, expectClose, expectSameErr, type Tol } from "../helpers/parity_calls";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const MOD = "upstream_unary_ufuncs";
const check = (calls: Call[], tol?: Tol) => checkCalls(py, MOD, calls, tol);
const EXACT: Tol = { rtol: 0, atol: 0 };
// biome-ignore lint/suspicious/noExplicitAny: torch.* functions and Tensor methods called by name, as upstream's getattr
type AnyFn = (...a: any[]) => any;
const T = torch as unknown as Record<string, AnyFn>;
const M = (x: Tensor, name: string): AnyFn => {
  const f = (x as unknown as Record<string, AnyFn>)[name];
  assert.equal(typeof f, "function", `torchts has no Tensor.${name}`);
  return (f as AnyFn).bind(x);
};
const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const fn = (name: string, ...args: unknown[]): Call => ({ fn: name, args });
const fnk = (name: string, args: unknown[], kw: Record<string, unknown>): Call => ({ fn: name, args, kw });
const meth = (name: string, args: unknown[], kw?: Record<string, unknown>): Call => ({
  fn: name,
  args,
  kw,
  method: true,
});
const withMatch = (c: Call, match: RegExp): Call => ({ ...c, match });
const cx = (re: number, im: number) => new torch.Complex(re, im);

const INTS: DType[] = ["uint8", "int8", "int16", "int32", "int64"];
const FP: DType[] = ["float16", "bfloat16", "float32", "float64"];
const COMPLEX: DType[] = ["complex64", "complex128"];
const ALL: DType[] = ["bool", ...INTS, ...FP, ...COMPLEX];
const FLOAT_DOUBLE: DType[] = ["float32", "float64"];
const isFloat = (d: DType) => d.startsWith("float") || d === "bfloat16";
const INF = Number.POSITIVE_INFINITY;
const NAN = Number.NaN;
const make = (shape: number[], dtype: DType, o: { low?: number; high?: number } = {}) =>
  torch.testing.makeTensor(shape, { dtype, ...o });
const negZero = (dtype: DType) => torch.zeros([], { dtype }).neg();
const allTrue = (t: Tensor) => t.all().item() === true;

describe("TestUnaryUfuncs", () => {
  beforeEach(() => {
    torch.manualSeed(0);
  });

  it("test_neg_error_message", async () => {
    await check([
      withMatch(
        fn("neg", torch.tensor([false, true])),
        /Negation, the `-` operator, on a bool tensor is not supported\. If you are trying to invert a mask, use the `~` or `logical_not\(\)` operator instead\./,
      ),
    ]);
  });

  for (const dtype of [...INTS, "bool", "float16", "float32", "float64"] as DType[])
    it(`test_nan_to_num_${dtype}`, async () => {
      for (const contiguous of [false, true]) {
        let x = make([64, 64], dtype, { low: 0, high: 100 });
        if (isFloat(dtype)) {
          const idx = torch.randint(0, 63, [3]).tolist() as number[];
          [NAN, INF, -INF].forEach((v, i) => {
            x.indexPut_([idx[i] as number], v);
          });
        }
        if (!contiguous) x = x.t();
        const [r0, r1, r2] = torch.rand([3], { dtype: "float64" }).tolist() as number[];
        const nan = r0 as number;
        const posinf = (r1 as number) * 5;
        const neginf = (r2 as number) * 10;
        await check([meth("nan_to_num", [x], { nan, posinf }), meth("nan_to_num", [x], { posinf, neginf })]);
        // Out variant
        let out = torch.emptyLike(x);
        const [res1, res2] = (await check([
          fn("nan_to_num", x),
          fnk("nan_to_num", [x], { out }),
          fnk("nan_to_num", [x], { nan, posinf, neginf }),
        ])) as Tensor[];
        torch.nanToNum(x, { out });
        expectClose(out, res1 as Tensor, "nan_to_num out=");
        out = torch.emptyLike(x);
        torch.nanToNum(x, { out, nan, posinf, neginf });
        expectClose(out, torch.nanToNum(x, { nan, posinf, neginf }), "nan_to_num out= with args");
        assert.ok(res2 !== undefined);
      }
    });

  for (const dtype of COMPLEX)
    it(`test_sqrt_complex_edge_values_${dtype}`, async () => {
      await check([
        fn("sqrt", torch.tensor(cx(0, -1e20), { dtype })),
        fn("sqrt", torch.tensor(cx(-1e20, -4988429.2), { dtype })),
      ]);
    });

  for (const dtype of FLOAT_DOUBLE) {
    it(`test_digamma_special_${dtype}`, async () => {
      const euler = 0.5772156649015329; // upstream's 0.57721566490153286, as a double
      const { log, sqrt, PI } = Math;
      const x = torch.tensor(
        [
          [0, 0],
          [1, -euler],
          [0.5, -2 * log(2) - euler],
          [1 / 3, -PI / (2 * sqrt(3)) - (3 * log(3)) / 2 - euler],
          [1 / 4, -PI / 2 - 3 * log(2) - euler],
          [1 / 6, (-PI * sqrt(3)) / 2 - 2 * log(2) - (3 * log(3)) / 2 - euler],
          [1 / 8, -PI / 2 - 4 * log(2) - (PI + log(2 + sqrt(2)) - log(2 - sqrt(2))) / sqrt(2) - euler],
        ],
        { dtype },
      );
      x.indexPut_([0, 1], negZero(dtype));
      assert.ok(torch.signbit(x.index(0, 1)).item() === true, "the dataset's -0.");
      await check([fn("digamma", x)]);
    });

    it(`test_digamma_${dtype}`, async () => {
      const t = torch.tensor(
        [-0.999999994, -1.999999994, -2.0000000111, -100.99999994, 0.000000111, -0.000000111, 0, 0, -1, -2, -931],
        { dtype },
      );
      t.indexPut_([7], negZero(dtype));
      await check([fn("digamma", t)]);
    });
  }

  it("test_mvlgamma", async () => {
    await check(
      [1, 2, 3, 4].map((d) => fn("mvlgamma", torch.empty([10]).uniform_(d, 10), d)),
      { atol: 1e-5, rtol: 0 },
    );
  });

  it("test_mvlgamma_argcheck", async () => {
    await check([
      withMatch(fn("mvlgamma", torch.linspace(0.5, 10, 10), 3), /All elements must be greater than \(p-1\)\/2/),
    ]);
  });

  it("test_polygamma_neg", async () => {
    await check([
      withMatch(
        fn("polygamma", -1, torch.tensor([1, 2], { dtype: "float32" })),
        /polygamma\(n, x\) does not support negative n\./,
      ),
    ]);
  });

  it("test_op_invert", async () => {
    const [res] = (await check([meth("__rsub__", [torch.arange(127, { dtype: "int8" }), 0xffff])])) as Tensor[];
    for (const dtype of INTS) {
      const a = torch.arange(127, { dtype });
      const [inv] = (await check([meth("bitwise_not", [a])])) as Tensor[];
      expectClose(inv, (res as Tensor).to(dtype), `~arange(127) ${dtype}`, EXACT);
    }
    const [b] = (await check([meth("bitwise_not", [torch.tensor([false, true])])])) as Tensor[];
    assert.deepEqual((b as Tensor).tolist(), torch.tensor([true, false]).tolist());
    // Python's ~ raises a TypeError of Tensor.__invert__ for floats; bitwise_not raises (see the header).
    await check(
      (["float16", "float32", "float64"] as DType[]).map((dtype) =>
        meth("bitwise_not", [torch.zeros([10], { dtype })]),
      ),
    );
  });

  for (const dtype of COMPLEX)
    it(`test_abs_angle_complex_to_float_${dtype}`, async () => {
      const vals: Complex[] = [];
      const r = torch.rand([120], { dtype: "float64" }).tolist() as number[];
      let k = 0;
      for (const m of [-1, 1, -10, 10, -100, 100])
        for (let i = 0; i < 10; i++) vals.push(cx((r[k++] as number) * m, (r[k++] as number) * m));
      const floatDtype: DType = dtype === "complex64" ? "float32" : "float64";
      for (const v of [vals, []]) {
        const t = torch.tensor(v, { dtype });
        const calls: Call[] = [];
        for (const name of ["abs", "angle"])
          calls.push(
            fn(name, t),
            fnk(name, [t], { out: torch.empty(t.shape, { dtype: floatDtype }) }),
            fnk(name, [t], { out: torch.empty([1], { dtype: floatDtype }) }),
            fnk(name, [t], { out: torch.emptyLike(t) }),
            fnk(name, [t], { out: torch.empty([0], { dtype }) }),
            fnk(name, [t], { out: torch.empty([0], { dtype: "int64" }) }),
          );
        calls.push(withMatch(meth("abs_", [t.clone()]), /In-place abs is not supported for complex tensors\./));
        await check(calls);
      }
      // angle has no in-place variant
      assert.equal((torch.tensor([cx(1, 1)]) as unknown as Record<string, unknown>).angle_, undefined);
    });

  it("test_sign_complex_assert_raises", async () => {
    await check(
      COMPLEX.map((dtype) =>
        withMatch(
          fn("sign", torch.tensor([cx(0, 4)], { dtype })),
          /Unlike NumPy, torch\.sign is not intended to support complex numbers\. Please use torch\.sgn instead\./,
        ),
      ),
    );
  });

  it("test_unary_out_op_mem_overlap_float64", async () => {
    const sz = 3;
    const doubles = torch.randn([2 * sz], { dtype: "float64" });
    const positives = torch.randint(1, 100, [2 * sz]).double();
    const ints = torch.randint(-100, 100, [2 * sz]);
    const cases: [string, Tensor][] = [
      ["abs", doubles],
      ["acos", doubles],
      ["asin", doubles],
      ["atan", doubles],
      ["acosh", doubles],
      ["asinh", doubles],
      ["atanh", doubles],
      ["bitwise_not", ints],
      ["ceil", doubles],
      ["cos", doubles],
      ["cosh", doubles],
      ["digamma", doubles],
      ["erf", doubles],
      ["erfc", doubles],
      ["erfinv", doubles],
      ["exp", doubles],
      ["exp2", doubles],
      ["expm1", doubles],
      ["floor", doubles],
      ["frac", doubles],
      ["i0", doubles],
      ["log", positives],
      ["log10", positives],
      ["log1p", positives],
      ["log2", positives],
      ["neg", doubles],
      ["reciprocal", doubles],
      ["round", doubles],
      ["rsqrt", positives],
      ["sin", doubles],
      ["sinh", doubles],
      ["sigmoid", doubles],
      ["logit", doubles],
      ["sqrt", doubles],
      ["tan", doubles],
      ["tanh", doubles],
      ["trunc", doubles],
    ];
    const refs = (await py.call(`${MOD}.mem_overlap`, { cases })) as PyValue[][];
    cases.forEach(([name, data], i) => {
      const f = T[camel(name)] as AnyFn;
      assert.equal(typeof f, "function", `torchts has no torch.${name}`);
      const [same, indep, partial, internal] = refs[i] as [PyValue, PyValue, string, string];
      // output is identical to input
      let d = data.clone();
      let output = d.narrow(0, 0, sz);
      let expected = torch.emptyLike(output);
      f(output, { out: expected });
      expectClose(f(output, { out: output }), expected, `${name} out= its input`);
      expectClose(output, same, `${name} out= its input, as PyTorch`);
      // output and input are independent
      d = data.clone();
      output = d.narrow(0, 0, sz);
      const input = d.narrow(0, sz, sz);
      expected = torch.emptyLike(output);
      f(input, { out: expected });
      expectClose(f(input, { out: output }), expected, `${name} out= another view`);
      expectClose(output, indep, `${name} out= another view, as PyTorch`);
      // output partially overlaps with input
      assert.match(partial ?? "", /unsupported operation/, `${name}: PyTorch's partial-overlap error`);
      d = data.clone();
      assert.throws(
        () => f(d.narrow(0, 1, sz), { out: d.narrow(0, 0, sz) }),
        (e: unknown) => {
          expectSameErr(e, ["RuntimeError", partial], `${name} partial overlap`);
          return true;
        },
      );
      // internal overlap of an in-place op
      assert.match(internal ?? "", /single memory location/, `${name}_: PyTorch's internal-overlap error`);
      const x = torch.randn([1], { dtype: "float64" }).expand(3, 3);
      assert.throws(
        () => M(x, `${camel(name)}_`)(),
        (e: unknown) => {
          expectSameErr(e, ["RuntimeError", internal], `${name}_ internal overlap`);
          return true;
        },
      );
    });
  });

  for (const dtype of FLOAT_DOUBLE) {
    it(`test_hardshrink_${dtype}`, async () => {
      const data = torch.tensor([1, 0.5, 0.3, 0.6], { dtype }).view(2, 2);
      await check([meth("hardshrink", [data, 0.3]), meth("hardshrink", [data, 0.5]), meth("hardshrink", [data])]);
      // test default lambd=0.5
      expectClose(data.hardshrink(), data.hardshrink(0.5), "default lambd", EXACT);
      // test non-contiguous case
      const t = data.t();
      assert.ok(!t.isContiguous());
      await check([meth("hardshrink", [t, 0.3])]);
      expectClose(t.hardshrink(0.3), t.contiguous().hardshrink(0.3), "non-contiguous", EXACT);
    });

    it(`test_hardshrink_edge_cases_${dtype}`, async () => {
      const { tiny: min, max } = torch.finfo(dtype);
      const values = torch.tensor([0, min, -min, 0.1, -0.1, 1, -1, max, -max, INF, -INF], { dtype });
      await check(
        [0, min, 0.1, 1, max].map((l) => meth("hardshrink", [values, l])),
        EXACT,
      );
      // inf crosses the bridge as None: PyTorch spells it
      const ref = await py.eval("out = values.hardshrink(float('inf'))", { values });
      expectClose(values.hardshrink(INF), ref, "hardshrink(inf)", EXACT);
    });

    const inputValues = [-1000, -4, -3, -2, 0, 2, 3, 4, 1000];
    for (const name of ["hardswish", "hardsigmoid"])
      it(`test_${name}_${dtype}`, async () => {
        const x = torch.tensor(inputValues, { dtype });
        const cpy = x.clone().detach();
        const [normal, inplace] = (await check([
          fn(`nn.functional.${name}`, x),
          fnk(`nn.functional.${name}`, [cpy], { inplace: true }),
        ])) as Tensor[];
        assert.equal(inplace, cpy, "inplace=True returns its input");
        expectClose(cpy, normal as Tensor, "inplace", EXACT);
      });

    it(`test_hardsigmoid_backward_${dtype}`, async () => {
      const x = torch.tensor([-3, 3, -2, 2, -6, 6], { dtype });
      const xi = x.clone().requiresGrad_();
      torch.nn.functional.hardsigmoid(xi).backward(torch.onesLike(xi));
      expectClose(xi.grad, (await py.call(`${MOD}.hardsigmoid_grad`, { x })) as PyValue, "grad");
    });

    it(`test_silu_${dtype}`, async () => {
      const special = torch.tensor([[-1000, -1, -0.1, 0, 0.5, 1, 2, 1000]], { dtype: "float64" });
      const inputNp = torch.cat([torch.randn([5, 8], { dtype: "float64" }), special]).to(dtype);
      const tol = { atol: 1e-6, rtol: 1e-6 };
      const input = inputNp.clone();
      const [a, b] = (await check(
        [fn("nn.functional.silu", input), fnk("nn.functional.silu", [inputNp.clone()], { inplace: true })],
        tol,
      )) as Tensor[];
      const noncontig = inputNp.clone().transpose(0, 1);
      assert.ok(!noncontig.isContiguous());
      const [c, d] = (await check(
        [
          fn("nn.functional.silu", noncontig),
          fnk("nn.functional.silu", [inputNp.clone().transpose(0, 1)], { inplace: true }),
        ],
        tol,
      )) as Tensor[];
      expectClose(b as Tensor, a as Tensor, "inplace", EXACT);
      expectClose(c as Tensor, (a as Tensor).transpose(0, 1), "non-contiguous", tol);
      expectClose(d as Tensor, (a as Tensor).transpose(0, 1), "non-contiguous inplace", tol);
    });
  }

  for (const dtype of ["int8", "int16", "int32", "int64", "bfloat16", "float32", "float64"] as DType[])
    it(`test_threshold_${dtype}`, async () => {
      // 100 is wide enough to use AVX2 instructions for all types
      const x = torch.randn([100]).sign().to(dtype);
      const [y] = (await check([fn("threshold", x, 0, 0)])) as Tensor[];
      assert.ok((y as Tensor).le(0).any().item());
    });

  for (const name of ["igamma", "igammac"]) {
    for (const dtype of FP)
      it(`test_${name}_common_${dtype}`, async () => {
        // biome-ignore lint/suspicious/noApproximativeNumericConstant: upstream's exp1, not Math.E
        const vec1 = torch.logspace(-4, 4, 500, 2.71828182846, { dtype: "float64" }).unsqueeze(-1).to(dtype);
        const half = vec1.shape[0] / 2;
        const inputs: [Tensor, Tensor][] = [
          [vec1, vec1.transpose(0, 1)],
          [vec1, vec1], // for large number, it should approach 0.5
          [vec1, vec1.mul(0.5)], // test for considerable ratio
          [vec1, vec1.mul(2)],
          [vec1.index("::2"), vec1.index("::2")], // contiguous/discontiguous tests
          [vec1.index("::2"), vec1.index(`:${half}`)],
          [vec1.index(`:${half}`), vec1.index("::2")],
        ];
        await check(inputs.map(([a, b]) => fn(name, a, b)));
      });

    for (const dtype of FP)
      it(`test_${name}_edge_cases_${dtype}`, async () => {
        const infs = torch.zeros([3], { dtype }).add(INF);
        const zeros = torch.zeros([3], { dtype });
        const zeroToLarge = torch.tensor([0, 1, 1e3], { dtype });
        const smallToInf = torch.tensor([1e-3, 1, INF], { dtype });
        const inputs: [Tensor, Tensor][] = [
          [zeros, smallToInf],
          [smallToInf, zeros],
          [infs, zeroToLarge],
          [zeroToLarge, infs],
          [zeros, zeros],
          [infs, infs],
          [smallToInf.neg(), smallToInf],
        ];
        const mines = (await check(inputs.map(([a, b]) => fn(name, a, b)))) as Tensor[];
        // upstream's NaN cases
        for (const m of mines.slice(4)) assert.ok(allTrue(m.isnan()));
      });
  }

  const i0Range = (range: number, dtype: DType) =>
    check([range, -range].map((r) => fn("i0", torch.rand([1000]).to(dtype).mul(r))));
  for (const dtype of ["bfloat16", "float32", "float64"] as DType[]) {
    // The domain for which float16 does not overflow: (-13.25, 13.25)
    it(`test_i0_range1_${dtype}`, async () => {
      await i0Range(13.25, dtype);
    });
    // The domain for which float32 and bfloat16 do not overflow: (-88.5, 88.5)
    it(`test_i0_range2_${dtype}`, async () => {
      await i0Range(88.5, dtype);
    });
    it(`test_i0_special_${dtype}`, async () => {
      const [, s] = (await check([
        fn("i0", torch.tensor([], { dtype })),
        fn("i0", torch.tensor([INF, -INF, NAN], { dtype })),
      ])) as Tensor[];
      assert.ok(allTrue((s as Tensor).isnan()));
    });
  }
  // The domain for which float64 does not overflow: (-709.75, 709.75)
  it("test_i0_range3_float64", async () => {
    await i0Range(709.75, "float64");
  });

  it("test_abs_big_number_int64", async () => {
    const res = torch.tensor([2 ** 31 + 1], { dtype: "int64" });
    const [a] = (await check([meth("abs", [res])])) as Tensor[];
    assert.ok(((a as Tensor).index(0).item() as number) > 0);
  });

  for (const dtype of FLOAT_DOUBLE)
    it(`test_abs_signed_zero_${dtype}`, async () => {
      // large enough, with a remainder, that both the vectorized and the non-vectorized op run
      const inp = torch.zeros([128 + 1], { dtype });
      inp.indexPut_(["::2"], negZero(dtype));
      assert.equal(torch.signbit(inp).sum().item(), 65, "the input's -0.");
      const [out] = (await check([fn("abs", inp)])) as Tensor[];
      assert.ok(
        !(torch
          .signbit(out as Tensor)
          .any()
          .item() as boolean),
        "abs(-0.) is 0.",
      );
      expectClose(torch.signbit(out as Tensor), await py.eval("out = torch.signbit(inp.abs())", { inp }), "signbit");
    });

  it("test_absolute_float32", async () => {
    const t = torch.randn([10, 10]);
    await check([fn("absolute", t), meth("absolute", [t])]);
    expectClose(t.absolute(), t.abs(), "method", EXACT);
    expectClose(torch.absolute(t), torch.abs(t), "function", EXACT);
    const rAbs = torch.empty([10, 10]);
    const rAbsolute = torch.empty([10, 10]);
    torch.abs(t, { out: rAbs });
    torch.absolute(t, { out: rAbsolute });
    expectClose(rAbsolute, rAbs, "out=", EXACT);
    const tCopy = t.clone();
    t.absolute_();
    tCopy.abs_();
    expectClose(t, tCopy, "in-place", EXACT);
  });

  const SPECIALS = [-INF, INF, NAN, -1, 0, 1];
  for (const dtype of FP)
    it(`test_isfinite_isinf_isnan_${dtype}`, async () => {
      const t = torch.tensor(SPECIALS, { dtype });
      await check(["isfinite", "isinf", "isnan"].map((f) => fn(f, t)));
    });
  for (const dtype of ["int8", "int16", "int32", "int64"] as DType[])
    it(`test_isfinite_isinf_isnan_int_${dtype}`, async () => {
      const t = torch.tensor([-1, 0, 1], { dtype });
      await check(["isfinite", "isinf", "isnan"].map((f) => fn(f, t)));
    });

  for (const dtype of FP)
    it(`test_isposinf_isneginf_float_${dtype}`, async () => {
      const t = torch.tensor(SPECIALS, { dtype });
      await check(
        ["isposinf", "isneginf"].flatMap((f) => [
          fn(f, t),
          fnk(f, [t], { out: torch.emptyLike(t, { dtype: "bool" }) }),
        ]),
      );
    });
  for (const dtype of [...INTS, "bool"] as DType[])
    it(`test_isposinf_isneginf_int_and_bool_${dtype}`, async () => {
      const t = torch.tensor([-1, 0, 1]).to(dtype);
      const mines = (await check(
        ["isposinf", "isneginf"].flatMap((f) => [
          fn(f, t),
          fnk(f, [t], { out: torch.emptyLike(t, { dtype: "bool" }) }),
        ]),
      )) as Tensor[];
      for (const m of mines) assert.ok(!(m.any().item() as boolean));
    });
  for (const dtype of COMPLEX)
    it(`test_isposinf_isneginf_complex_${dtype}`, async () => {
      const t = torch.tensor([cx(0, INF), cx(1, -INF)], { dtype });
      await check(
        ["isposinf", "isneginf"].flatMap((f) => [
          withMatch(fn(f, t), /does not support complex inputs/),
          withMatch(fnk(f, [t], { out: torch.emptyLike(t) }), /does not support complex inputs/),
        ]),
      );
    });
  for (const dtype of ALL.filter((d) => d !== "bool"))
    it(`test_isposinf_isneginf_non_boolean_output_${dtype}`, async () => {
      const t = torch.tensor([INF, -INF, 1.2]);
      await check(
        ["isposinf", "isneginf"].map((f) =>
          withMatch(fnk(f, [t], { out: torch.emptyLike(t, { dtype }) }), /does not support non-boolean outputs/),
        ),
      );
    });

  const COMPLEX_SPECIALS = [cx(-INF, INF), cx(-INF, 0), cx(0, INF), cx(INF, NAN), cx(NAN, 0), cx(-1, 0), cx(0, 1)];
  for (const dtype of COMPLEX) {
    it(`test_isfinite_isinf_isnan_complex_${dtype}`, async () => {
      const t = torch.tensor(COMPLEX_SPECIALS, { dtype });
      await check(["isfinite", "isinf", "isnan"].map((f) => fn(f, t)));
    });
    it(`test_isreal_complex_${dtype}`, async () => {
      const t = torch.tensor([cx(1, 0), cx(1, 1), cx(2, 0), cx(0, 3), cx(2, -1), cx(2, -0)], { dtype });
      await check([fn("isreal", t)]);
    });
  }
  for (const dtype of ALL)
    it(`test_isreal_noncomplex_${dtype}`, async () => {
      const t = torch.tensor([1, 2, 3]).to(dtype);
      const [r] = (await check([fn("isreal", t)])) as Tensor[];
      assert.ok(allTrue(r as Tensor));
    });
  it("test_isreal_nan_inf_complex64", async () => {
    await check([fn("isreal", torch.tensor(COMPLEX_SPECIALS, { dtype: "complex64" }))]);
  });

  it("test_isfinite_type", async () => {
    await check([fn("isfinite", 1)]);
  });
  it("test_isinf_type", async () => {
    await check([fn("isinf", 1)]);
  });

  it("test_bitwise_not", async () => {
    const [res] = (await check([meth("__rsub__", [torch.arange(127, { dtype: "int8" }), 0xffff])])) as Tensor[];
    for (const dtype of ["bool", ...INTS] as DType[]) {
      const a = dtype === "bool" ? torch.tensor([true, false]) : torch.arange(127, { dtype });
      const expectedRes = dtype === "bool" ? torch.tensor([true, false]).logicalNot() : (res as Tensor).to(dtype);
      const b = torch.empty([0], { dtype });
      const [r1, r2] = (await check([meth("bitwise_not", [a]), fnk("bitwise_not", [a], { out: b })])) as Tensor[];
      expectClose(r1 as Tensor, expectedRes, "new tensor", EXACT);
      expectClose(b, expectedRes, "out", EXACT);
      assert.equal(r2, b);
      a.bitwiseNot_();
      expectClose(a, expectedRes, "in-place", EXACT);
    }
    // test exceptions
    const calls: Call[] = [];
    for (const dtype of ["float16", "float32", "float64"] as DType[]) {
      const a = torch.zeros([10], { dtype });
      calls.push(
        meth("bitwise_not", [a]),
        fnk("bitwise_not", [a], { out: torch.empty([0], { dtype }) }),
        meth("bitwise_not_", [a.clone()]),
      );
    }
    await check(calls);
    for (const c of calls) assert.throws(() => M(c.args?.[0] as Tensor, camel(c.fn))(...(c.kw ? [c.kw] : [])));
  });

  it("test_nonzero_empty", async () => {
    const xs = [torch.randn([0, 2, 0, 5, 0]), torch.tensor(0.5), torch.zeros([])];
    const mines = (await check(xs.flatMap((x) => [fn("nonzero", x), fnk("nonzero", [x], { as_tuple: true })]))) as (
      | Tensor
      | Tensor[]
    )[];
    assert.equal((mines[1] as Tensor[]).length, 5);
    assert.equal((mines[3] as Tensor[]).length, 1);
    assert.equal((mines[5] as Tensor[]).length, 1);
  });

  for (const dtype of ["float32", "float64", ...COMPLEX] as DType[])
    it(`test_exp_${dtype}`, async () => {
      const complex = dtype.startsWith("complex");
      const vs: (number | Complex)[] = complex ? [2, -2, cx(0, 1), cx(1, 1)] : [2, -2];
      await check(
        vs.map((v) => fn("exp", torch.tensor(v, { dtype }).mul(torch.arange(18)).div(3).mul(Math.PI).to(dtype))),
      );
      if (!complex) return;
      const exp1 = (re: number, im: number) => torch.exp(torch.tensor(cx(re, im), { dtype })).item() as Complex;
      assert.ok(!Number.isFinite(exp1(INF, 0).real) && !Number.isNaN(exp1(INF, 0).real));
      for (const [re, im] of [
        [0, INF],
        [NAN, INF],
      ] as [number, number][]) {
        const out = exp1(re, im);
        assert.ok(Number.isNaN(out.real) && Number.isNaN(out.imag));
        await check([fn("exp", torch.tensor(cx(re, im), { dtype }))]);
      }
    });

  for (const dtype of ["bool", ...INTS, ...FP] as DType[])
    it(`test_sign_${dtype}`, async () => {
      let a: Tensor;
      if (dtype === "bool") a = torch.tensor([1, 1, 0, NAN]).bool();
      else if (isFloat(dtype)) {
        const info = torch.finfo(dtype);
        a = torch.tensor([NAN, -12, 0, 71, info.min, info.max], { dtype });
      } else {
        const info = torch.iinfo(dtype);
        const vals = dtype === "uint8" ? [12, 0, 71] : [-12, 0, 71];
        a = torch.tensor([...vals, info.min, info.max] as number[], { dtype });
      }
      const out = torch.emptyLike(a);
      const aIn = a.clone();
      const [m, f] = (await check([
        meth("sign", [a]),
        fn("sign", a),
        fnk("sign", [a], { out }),
        meth("sign_", [aIn]),
      ])) as Tensor[];
      expectClose(out, m as Tensor, "out", EXACT);
      expectClose(aIn, m as Tensor, "in-place", EXACT);
      expectClose(f as Tensor, m as Tensor, "function", EXACT);
    });

  for (const dtype of FP)
    it(`test_signbit_float_${dtype}`, async () => {
      const t = torch.randn([5, 5]);
      const calls: Call[] = [
        dtype === "bfloat16" ? fn("signbit", torch.tensor([1, 0, -1], { dtype })) : fn("signbit", t),
        fnk("signbit", [t], { out: torch.emptyLike(t, { dtype: "bool" }) }),
        fn("signbit", torch.tensor([0, INF, -INF, NAN], { dtype })),
      ];
      await check(calls);
      const out = torch.emptyLike(t, { dtype: "bool" });
      torch.signbit(t, { out });
      expectClose(out, torch.signbit(t), "out", EXACT);
    });
  for (const dtype of [...INTS, "bool"] as DType[])
    it(`test_signbit_int_and_bool_${dtype}`, async () => {
      const t = torch.randint(-5, 5, [5, 5]);
      await check([fn("signbit", t), fnk("signbit", [t], { out: torch.emptyLike(t, { dtype: "bool" }) })]);
    });
  for (const dtype of COMPLEX) {
    it(`test_signbit_complex_${dtype}`, async () => {
      const t = torch.tensor([cx(0, -1), cx(-1, 2)], { dtype });
      const re = /signbit is not implemented for complex tensors\./;
      await check([
        withMatch(fn("signbit", t), re),
        withMatch(fnk("signbit", [t], { out: torch.empty(t.shape, { dtype: "bool" }) }), re),
      ]);
    });
    it(`test_sgn_${dtype}`, async () => {
      const x = torch.randn([100], { dtype });
      const angle = x.angle();
      const xOut = torch.emptyLike(x);
      const [out] = (await check([meth("sgn", [x]), fnk("sgn", [x], { out: xOut })])) as Tensor[];
      for (const o of [out as Tensor, xOut]) {
        expectClose(o.angle(), angle, "angle");
        expectClose(o.abs(), torch.onesLike(x).real, "abs");
      }
    });
  }
  for (const dtype of ALL.filter((d) => d !== "bool"))
    it(`test_signbit_non_boolean_output_${dtype}`, async () => {
      const t = torch.randn([5, 5]);
      await check([
        withMatch(fnk("signbit", [t], { out: torch.emptyLike(t, { dtype }) }), /does not support non-boolean outputs/),
      ]);
    });

  for (const dtype of FLOAT_DOUBLE) {
    it(`test_acosh_domain_float_${dtype}`, async () => {
      const sample = torch.tensor([-INF, 1, -1.23, -0.06, 0.98, INF], { dtype });
      const [f] = (await check([fn("acosh", sample), meth("acosh", [sample])])) as Tensor[];
      expectClose((f as Tensor).isnan(), await py.eval("out = torch.acosh(sample).isnan()", { sample }), "nan mask");
      expectClose((f as Tensor).isinf(), await py.eval("out = torch.acosh(sample).isinf()", { sample }), "inf mask");
    });
    it(`test_atanh_domain_float_${dtype}`, async () => {
      const sample = torch.tensor([-INF, -1, 1, -1.23, 1.06, INF], { dtype });
      const [f] = (await check([fn("atanh", sample), meth("atanh", [sample])])) as Tensor[];
      expectClose((f as Tensor).isnan(), await py.eval("out = torch.atanh(sample).isnan()", { sample }), "nan mask");
      expectClose((f as Tensor).isinf(), await py.eval("out = torch.atanh(sample).isinf()", { sample }), "inf mask");
    });
  }
});

// ---- TestUnaryUfuncMathOps: the tests generated from torch_op_tests (CPU only).
const range10 = Array.from({ length: 10 }, (_, i) => i - 5);
function referenceInput(dtype: DType): Tensor {
  const rows = [
    range10,
    range10.map(() => 0),
    range10.map((x) => x + 1e-6),
    // Some vectorized implementations don't support large values
    range10.map((x) => x + 1e10),
    range10.map((x) => x - 1e10),
    [...(torch.randn([7]).tolist() as number[]), INF, -INF, NAN],
    torch.randn([10]).mul(1e6).tolist() as number[],
    range10.map((x) => Math.PI * (x / 2)),
  ];
  return torch.tensor(rows, { dtype });
}
function gammaInput(dtype: DType): Tensor {
  const zeros = torch.linspace(-9.5, -0.5, 10);
  return torch
    .stack([
      torch.randn([10]).abs().add(1e-4),
      torch.randn([10]).abs().add(1e6),
      zeros,
      zeros.sub(0.49),
      zeros.add(0.49),
      zeros.add(torch.rand([10]).mul(0.99)).sub(0.5),
    ])
    .to(dtype);
}
/** upstream's _make_tensor: randint (shifted to negatives but for uint8) for integers, randn for floats. */
function makeT(shape: number[], dtype: DType): Tensor {
  if (!isFloat(dtype)) {
    let t = torch.randint(0, 10, shape);
    if (dtype !== "uint8") t = t.sub(5);
    return t.to(dtype);
  }
  return torch.randn(shape, { dtype });
}
const TYPES_NO_HALF: DType[] = ["float32", "float64", "int8", "int16", "int32", "int64", "uint8"];
const POLY_TOL: Tol = { rtol: 0.0008, atol: 1e-5 };
const MATH_OPS: {
  op: string;
  args: number[];
  substr: string;
  input: (d: DType) => Tensor;
  dtypes: DType[];
  tol?: Tol;
}[] = [
  { op: "rad2deg", args: [], substr: "", input: referenceInput, dtypes: FLOAT_DOUBLE },
  { op: "deg2rad", args: [], substr: "", input: referenceInput, dtypes: FLOAT_DOUBLE },
  { op: "frac", args: [], substr: "", input: referenceInput, dtypes: FLOAT_DOUBLE },
  { op: "trunc", args: [], substr: "", input: referenceInput, dtypes: FLOAT_DOUBLE },
  { op: "polygamma", args: [0], substr: "_0", input: gammaInput, dtypes: FLOAT_DOUBLE },
  { op: "polygamma", args: [1], substr: "_1", input: gammaInput, dtypes: FLOAT_DOUBLE, tol: POLY_TOL },
  { op: "polygamma", args: [2], substr: "_2", input: gammaInput, dtypes: FLOAT_DOUBLE, tol: POLY_TOL },
  { op: "abs", args: [], substr: "", input: (d) => makeT([50, 50], d), dtypes: TYPES_NO_HALF, tol: EXACT },
];

describe("TestUnaryUfuncMathOps", () => {
  beforeEach(() => {
    torch.manualSeed(0);
  });
  for (const meta of MATH_OPS)
    for (const inplace of [false, true]) {
      const opstr = inplace ? `${meta.op}_` : meta.op;
      const torchfn = (x: Tensor): Tensor => M(x, camel(opstr))(...meta.args);
      const suffix = `${meta.op}${meta.substr}${inplace ? "_inplace" : ""}`;
      for (const dtype of meta.dtypes) {
        it(`test_reference_${suffix}_${dtype}`, async () => {
          const inp = meta.input(dtype);
          await check([meth(opstr, [inp, ...meta.args])], meta.tol);
        });
        it(`test_non_contig_${suffix}_${dtype}`, () => {
          for (const shape of [[5, 7], [1024]]) {
            const contig = makeT(shape, dtype);
            const nonContig = torch.empty([...shape, 2], { dtype }).select(-1, 0);
            nonContig.copy_(contig);
            assert.ok(!nonContig.isContiguous());
            expectClose(torchfn(contig), torchfn(nonContig), "non-contiguous", EXACT);
          }
        });
        it(`test_non_contig_index_${suffix}_${dtype}`, () => {
          let contig = makeT([2, 2, 1, 2], dtype);
          const nonContig = contig.select(1, 1);
          contig = nonContig.clone();
          assert.ok(!nonContig.isContiguous());
          expectClose(torchfn(contig), torchfn(nonContig), "non-contiguous index", EXACT);
        });
        if (!inplace)
          it(`test_non_contig_expand_${suffix}_${dtype}`, () => {
            for (const shape of [
              [1, 3],
              [1, 7],
              [5, 7],
            ]) {
              const contig = makeT(shape, dtype);
              const nonContig = contig.clone().expand(3, -1, -1);
              assert.ok(!nonContig.isContiguous());
              const c = torchfn(contig);
              const n = torchfn(nonContig);
              for (let i = 0; i < 3; i++) expectClose(n.select(0, i), c, `non-contiguous expand[${i}]`, EXACT);
            }
          });
        it(`test_contig_size1_${suffix}_${dtype}`, () => {
          const contig = makeT([5, 100], dtype).index(":1", ":50");
          const contig2 = torch.empty(contig.shape, { dtype });
          contig2.copy_(contig);
          assert.ok(contig.isContiguous() && contig2.isContiguous());
          expectClose(torchfn(contig), torchfn(contig2), "contiguous size1", EXACT);
        });
        it(`test_check_contig_size1_large_dim_${suffix}_${dtype}`, () => {
          const contig = makeT([5, 2, 3, 1, 4, 5, 3, 2, 1, 2, 3, 4], dtype).index(":1");
          const contig2 = torch.empty(contig.shape, { dtype });
          contig2.copy_(contig);
          assert.ok(contig.isContiguous() && contig2.isContiguous());
          expectClose(torchfn(contig), torchfn(contig2), "contiguous size1", EXACT);
        });
        it(`test_large_${suffix}_${dtype}`, () => {
          const input = makeT([1024, 512], dtype);
          // clone input to properly test inplace functions
          const actual = torchfn(input.clone());
          const expected = torch.stack(input.unbind(0).map((s) => torchfn(s)));
          expectClose(actual, expected, "large");
        });
      }
    }
});
