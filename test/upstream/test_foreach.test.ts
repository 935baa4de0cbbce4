// Ported from PyTorch 1.13's test/test_foreach.py (TestForeach, CPU), with its op tables from
// torch/testing/_internal/common_methods_invocations.py (foreach_unary_op_db, foreach_binary_op_db,
// foreach_pointwise_op_db, foreach_minmax_op_db, foreach_reduce_op_db).
// As upstream, each foreach call is checked against the per-tensor torch function it stands for (the same
// result, or the same error message); each is also run in live PyTorch 1.13 on the same inputs, and the
// results (or the error) must be the same there.
// Adapted: "fastpath" and "slowpath" are upstream's contiguous and noncontiguous inputs (on the CPU both take
//   libtorch's per-tensor path); the sample inputs are N = 4 tensors of sizes (N - i, N - i), as 1.13's
//   ForeachSampleInput, made by torch.testing.makeTensor; dtypes are one or more of each kind (float, half,
//   bfloat16, integer, bool, complex) instead of every dtype of the op's OpInfo.
// Left out: the CUDA-only cases (tensors on different devices, multi_tensor_apply kernel checks, large L2
//   inputs) and later upstream cases for ops 1.13 lacks (_foreach_lerp, tensor scalar lists).

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { Complex, type Tensor } from "../../lib";
import type { DType } from "../../lib/dtype";
import { expectTensor } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Fn = (...args: unknown[]) => unknown;
const T = torch as unknown as Record<string, Fn>;
const N = 4;

// Upstream's sample input: N tensors of sizes (N - i, N - i).
function sample(dtype: DType, noncontiguous: boolean, seed: number, sameSize = false): Tensor[] {
  torch.manualSeed(seed);
  return Array.from({ length: N }, (_, i) =>
    torch.testing.makeTensor(sameSize ? [N, N] : [N - i, N - i], { dtype, noncontiguous }),
  );
}

const camel = (n: string) => n.replace(/(?!^)_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const cloneList = (v: unknown) => (Array.isArray(v) && v[0] instanceof torch.Tensor ? v.map((t) => t.clone()) : v);

// Bit-for-bit the same values (NaN where PyTorch has NaN), same dtype and shape.
function same(mine: Tensor, ref: PyValue, what: string) {
  expectTensor(mine, ref, { rtol: 0, atol: Number.MIN_VALUE }, what);
}
function sameList(mine: unknown, ref: PyValue, what: string) {
  expect(Array.isArray(mine), what).toBe(true);
  expect((mine as Tensor[]).length, what).toBe((ref as PyValue[]).length);
  (mine as Tensor[]).forEach((t, i) => {
    same(t, (ref as PyValue[])[i] as PyValue, `${what}[${i}]`);
  });
}

// A number or bool as Python writes it (inf is not JSON).
const pyLiteral = (v: unknown) =>
  typeof v === "boolean"
    ? v
      ? "True"
      : "False"
    : Number.isFinite(v)
      ? String(v)
      : `float("${String(v).replace("inity", "")}")`;

function attempt(fn: () => unknown): { value?: unknown; error?: Error } {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: e as Error };
  }
}

/**
 * torch.<op>(...args, kwargs) in torchts and in live PyTorch on the same inputs: the same results (for an
 * in-place op, the first list as left), or the same error. `ref` is upstream's per-tensor reference.
 */
async function check(op: string, args: unknown[], kwargs: Record<string, unknown>, ref: () => unknown[]) {
  const inplace = op.endsWith("_");
  const mineArgs = args.map(cloneList);
  const mine = attempt(() => {
    const r = T[camel(op)](...mineArgs, ...(Object.keys(kwargs).length > 0 ? [kwargs] : []));
    if (inplace) {
      expect(r).toBeUndefined(); // Python's None
      return mineArgs[0];
    }
    return r;
  });
  const names = args.map((_, i) => `a${i}`);
  const inputs = Object.fromEntries(args.map((a, i) => [`a${i}`, a]));
  const kw = Object.entries(kwargs).map(([k, v]) => `${k}=${pyLiteral(v)}`);
  const call = `torch.${op}(${[...names, ...kw].join(", ")})`;
  const theirs = await py.run(inplace ? `r = ${call}\nassert r is None\nout = a0` : `out = ${call}`, inputs);
  // Upstream's check: the per-tensor functions give the same results or raise the same message.
  const reference = attempt(() => ref());
  if (mine.error) {
    expect(theirs.error, `PyTorch raised nothing where torchts raised: ${mine.error.message}`).toBeDefined();
    expect(mine.error.message.split("\n")[0]).toBe((theirs.error as string).split("\n")[0]);
    expect(reference.error?.message ?? "(no error)").toContain(mine.error.message.split("\n")[0]);
    return "error";
  }
  expect(theirs.error, `torchts raised nothing where PyTorch raised: ${theirs.error}`).toBeUndefined();
  sameList(mine.value, theirs.out, op);
  expect(reference.error, "the per-tensor reference raised").toBeUndefined();
  const refs = reference.value as Tensor[];
  (mine.value as Tensor[]).forEach((t, i) => {
    expect(t.dtype).toBe(refs[i].dtype);
    expect(torch.testing.assertClose(t, refs[i], { equalNan: true })).toBeUndefined();
  });
  return "value";
}

const FLOAT_DTYPES: DType[] = ["float32", "float64", "bfloat16", "float16", "complex64"];
const ALL_DTYPES: DType[] = [...FLOAT_DTYPES, "int64", "uint8", "bool"];
const PATHS: Array<[string, boolean]> = [
  ["fastpath", false],
  ["slowpath", true],
];

// foreach_unary_op_db: the ops and the per-tensor functions they stand for.
const UNARY = `exp acos asin atan cos cosh log log10 log2 tan tanh sin sinh neg sqrt ceil erf erfc expm1 floor log1p
round frac reciprocal sigmoid trunc abs lgamma`.split(/\s+/);
const method = (t: Tensor, name: string, ...a: unknown[]) =>
  (t as unknown as Record<string, Fn>)[camel(name)].apply(t, a) as Tensor;

describe("TestForeach", () => {
  describe("test_unary_op", () => {
    const cases = UNARY.flatMap((op) =>
      [...FLOAT_DTYPES, ...(["abs", "neg"].includes(op) ? (["int64", "bool"] as DType[]) : [])].flatMap((dtype) =>
        PATHS.map(([path, nc]) => [op, dtype, path, nc] as [string, DType, string, boolean]),
      ),
    );
    it.each(cases)("test_unary_op_%s_%s_%s", async (op, dtype, _path, nc) => {
      const tensors = sample(dtype, nc, 0);
      await check(`_foreach_${op}`, [tensors], {}, () => tensors.map((t) => method(t, op)));
      // In-place: upstream's _inplace_unary_test (the same tensors as the per-tensor in-place ops leave them).
      await check(`_foreach_${op}_`, [tensors], {}, () => tensors.map((t) => method(t.clone(), `${op}_`)));
    });

    it.each(ALL_DTYPES)("test_unary_op_zero__%s", async (dtype) => {
      const tensors = sample(dtype, true, 1);
      await check("_foreach_zero_", [tensors], {}, () => tensors.map((t) => t.clone().zero_()));
    });
  });

  describe("test_binary_op", () => {
    const BINARY = ["add", "sub", "mul", "div"];
    const cases = BINARY.flatMap((op) =>
      ALL_DTYPES.flatMap((dtype) =>
        PATHS.map(([path, nc]) => [op, dtype, path, nc] as [string, DType, string, boolean]),
      ),
    );
    it.each(cases)("test_binary_op_%s_%s_%s", async (op, dtype, _path, nc) => {
      const a = sample(dtype, nc, 2);
      const b = sample(dtype, nc, 3);
      const refOf = (inplace: boolean, rhs: (i: number) => unknown, kw?: object) => () =>
        a.map((t, i) => method(inplace ? t.clone() : t, inplace ? `${op}_` : op, rhs(i), ...(kw ? [kw] : [])));
      for (const inplace of [false, true]) {
        const name = `_foreach_${op}${inplace ? "_" : ""}`;
        // A list of tensors, with alpha for add and sub (upstream's kwargs).
        await check(
          name,
          [a, b],
          {},
          refOf(inplace, (i) => b[i]),
        );
        if (op === "add" || op === "sub")
          await check(
            name,
            [a, b],
            { alpha: 2 },
            refOf(inplace, (i) => b[i], { alpha: 2 }),
          );
        // A scalar of each kind, and a list of scalars.
        for (const s of [3, 2.5, true, new Complex(1, -2)])
          await check(
            name,
            [a, s],
            {},
            refOf(inplace, () => s),
          );
        const scalars = [1, 2.5, false, -3];
        await check(
          name,
          [a, scalars],
          {},
          refOf(inplace, (i) => scalars[i]),
        );
      }
    });
  });

  describe("test_minmax", () => {
    const cases = ["maximum", "minimum"].flatMap((op) =>
      ALL_DTYPES.filter((d) => d !== "complex64").flatMap((dtype) =>
        PATHS.map(([path, nc]) => [op, dtype, path, nc] as [string, DType, string, boolean]),
      ),
    );
    it.each(cases)("test_minmax_%s_%s_%s", async (op, dtype, _path, nc) => {
      const a = sample(dtype, nc, 4);
      const b = sample(dtype, nc, 5);
      await check(`_foreach_${op}`, [a, b], {}, () => a.map((t, i) => method(t, op, b[i])));
      await check(`_foreach_${op}_`, [a, b], {}, () => a.map((t, i) => method(t.clone(), op, b[i])));
    });

    it.each(["float32", "float64", "bfloat16"] as DType[])("test_minmax_float_inf_nan_%s", async (dtype) => {
      const v = (x: number) => torch.tensor([x], { dtype });
      const a = [v(Infinity), v(-Infinity), v(Number.NaN), v(Number.NaN)];
      const b = [v(-Infinity), v(Infinity), v(Infinity), v(Number.NaN)];
      for (const op of ["maximum", "minimum"])
        await check(`_foreach_${op}`, [a, b], {}, () => a.map((t, i) => method(t, op, b[i])));
    });
  });

  describe("test_pointwise_op", () => {
    const cases = ["addcmul", "addcdiv"].flatMap((op) =>
      ALL_DTYPES.flatMap((dtype) =>
        PATHS.map(([path, nc]) => [op, dtype, path, nc] as [string, DType, string, boolean]),
      ),
    );
    it.each(cases)("test_pointwise_op_%s_%s_%s", async (op, dtype, _path, nc) => {
      const [a, b, c] = [6, 7, 8].map((seed) => sample(dtype, nc, seed));
      for (const inplace of [false, true]) {
        const name = `_foreach_${op}${inplace ? "_" : ""}`;
        const ref = (value?: (i: number) => number) => () =>
          a.map((t, i) =>
            method(
              inplace ? t.clone() : t,
              inplace ? `${op}_` : op,
              b[i],
              c[i],
              ...(value ? [{ value: value(i) }] : []),
            ),
          );
        await check(name, [a, b, c], {}, ref());
        await check(
          name,
          [a, b, c, 2],
          {},
          ref(() => 2),
        );
        const values = [1, 2, 3, 4];
        await check(
          name,
          [a, b, c, values],
          {},
          ref((i) => values[i]),
        );
      }
    });

    // Implicit broadcasting (1.13's test_pointwise_op_fastpath): (N, N) with (N - i, 1) and (1, N - i).
    it.each(["float32", "float64"] as DType[])("test_pointwise_op_broadcast_%s", async (dtype) => {
      torch.manualSeed(9);
      const a = Array.from({ length: N }, () => torch.testing.makeTensor([N, N], { dtype }));
      const b = Array.from({ length: N }, (_, i) => torch.testing.makeTensor([N - i, 1], { dtype }));
      const c = Array.from({ length: N }, (_, i) => torch.testing.makeTensor([1, N - i], { dtype }));
      for (const op of ["addcmul", "addcdiv"]) {
        await check(`_foreach_${op}`, [a, b, c], {}, () => a.map((t, i) => method(t, op, b[i], c[i])));
        await check(`_foreach_${op}_`, [a, b, c], {}, () => a.map((t, i) => method(t.clone(), `${op}_`, b[i], c[i])));
      }
    });
  });

  describe("test_reduce_op", () => {
    const cases = (["float32", "float64", "bfloat16", "complex64", "int64"] as DType[]).flatMap((dtype) =>
      PATHS.map(([path, nc]) => [dtype, path, nc] as [DType, string, boolean]),
    );
    it.each(cases)("test_reduce_op_norm_%s_%s", async (dtype, _path, nc) => {
      const tensors = sample(dtype, nc, 10);
      for (const ord of [0, 1, 2, -1, -2, 3, Infinity]) {
        await check("_foreach_norm", [tensors], { ord }, () => tensors.map((t) => torch.linalg.vectorNorm(t, ord)));
      }
      await check("_foreach_norm", [tensors], {}, () => tensors.map((t) => torch.linalg.vectorNorm(t)));
    });
  });

  it("test_add_scalar_with_empty_list_and_empty_tensor", async () => {
    // Upstream's TODO: the empty list is not a case yet; an empty tensor is (its dtype parameter goes unused).
    const tensors = [torch.randn([0])];
    const res = torch._foreachAdd(tensors, 1);
    expect(res.map((t) => t.shape)).toEqual([[0]]);
    torch._foreachAdd_(tensors, 1);
    expect(tensors[0].shape).toEqual([0]);
    await check("_foreach_add", [tensors, 1], {}, () => tensors.map((t) => t.add(1)));
    await check("_foreach_add_", [tensors, 1], {}, () => tensors.map((t) => t.clone().add_(1)));
  });

  it.each(ALL_DTYPES)("test_binary_op_scalar_with_overlapping_tensors_%s", async (dtype) => {
    // One (1, 1) tensor expanded to (2, 1, 3): its elements overlap in memory.
    for (const op of ["add", "sub", "mul", "div"]) {
      const tensors = [torch.ones([1, 1], { dtype }).expand([2, 1, 3])];
      await check(`_foreach_${op}`, [tensors, 1], {}, () => tensors.map((t) => method(t, op, 1)));
    }
  });

  it("test_binary_op_scalar_with_different_tensor_dtypes", async () => {
    for (const op of ["add", "sub", "mul", "div"]) {
      const tensors = [torch.tensor([1.1], { dtype: "float32" }), torch.tensor([1], { dtype: "int64" })];
      expect(() => T[camel(`_foreach_${op}`)](tensors, 1)).not.toThrow();
      await check(`_foreach_${op}`, [tensors, 1], {}, () => tensors.map((t) => method(t, op, 1)));
    }
  });

  it.each(ALL_DTYPES)("test_binary_op_list_error_cases_%s", async (dtype) => {
    for (const op of ["add", "sub", "mul", "div"]) {
      for (const name of [`_foreach_${op}`, `_foreach_${op}_`]) {
        const fn = T[camel(name)];
        // Empty lists.
        expect(() => fn([], [])).toThrow("There were no tensor arguments to this function");
        // One empty list: libtorch takes the empty list as the scalar list overload.
        const t1 = [torch.tensor([1], { dtype })];
        expect(() => fn(t1, [])).toThrow("Tensor list must have same number of elements as scalar list.");
        // Lists with different numbers of tensors.
        const t2 = [torch.tensor([1]), torch.tensor([1])];
        expect(() => fn(t1, t2)).toThrow("Tensor lists must have the same number of tensors, got 1 and 2");
        for (const [a, b] of [
          [[], []],
          [t1, []],
          [t1, t2],
        ]) {
          const r = await py.run(`out = torch.${name}(a, b)`, { a, b });
          expect(r.error).toBeDefined();
          expect(() => fn(a, b)).toThrow((r.error as string).split("\n")[0]);
        }
        // Sizes that do not broadcast: the per-tensor function's error.
        const a = Array.from({ length: 3 }, () => torch.zeros([10, 10], { dtype }));
        const b = Array.from({ length: 3 }, () => torch.ones([11, 11], { dtype }));
        const ref = () => a.map((t, i) => method(name.endsWith("_") ? t.clone() : t, name.slice(9), b[i]));
        expect(await check(name, [a, b], {}, ref)).toBe("error");
      }
    }
  });

  it.each(ALL_DTYPES)("test_binary_op_list_slow_path_%s", async (dtype) => {
    for (const op of ["add", "sub", "mul", "div"]) {
      torch.manualSeed(11);
      const cases: Array<[Tensor, Tensor]> = [];
      // 0-strides.
      const t1 = torch.testing.makeTensor([10, 10], { dtype });
      cases.push([t1, torch.testing.makeTensor([1], { dtype }).expandAs(t1)]);
      // Different strides.
      cases.push([torch.zeros([10, 10], { dtype }), torch.ones([10, 10], { dtype }).t()]);
      // Noncontiguous.
      const nc1 = torch.testing.makeTensor([5, 2, 1, 3], { dtype, noncontiguous: true });
      const nc2 = torch.testing.makeTensor([5, 2, 1, 3], { dtype, noncontiguous: true });
      expect(nc1.isContiguous() || nc2.isContiguous()).toBe(false);
      cases.push([nc1, nc2]);
      // A sliced tensor.
      const s1 = torch.testing.makeTensor([5, 2, 1, 3], { dtype });
      const s2 = torch.testing.makeTensor([5, 2, 1, 3 * 7], { dtype }).index("...", torch.slice(null, null, 7));
      cases.push([s1, s2]);
      for (const [x, y] of cases) {
        await check(`_foreach_${op}`, [[x], [y]], {}, () => [method(x, op, y)]);
        await check(`_foreach_${op}_`, [[x], [y]], {}, () => [method(x.clone(), `${op}_`, y)]);
      }
    }
  });

  it.each(["float32", "float64", "bfloat16", "float16"] as DType[])(
    "test_binary_op_float_inf_nan_%s",
    async (dtype) => {
      const v = (x: number) => torch.tensor([x], { dtype });
      const a = [v(Infinity), v(-Infinity), v(Number.NaN), v(Number.NaN)];
      const b = [v(-Infinity), v(Infinity), v(Infinity), v(Number.NaN)];
      for (const op of ["add", "sub", "mul", "div"]) {
        await check(`_foreach_${op}`, [a, b], {}, () => a.map((t, i) => method(t, op, b[i])));
        await check(`_foreach_${op}_`, [a, b], {}, () => a.map((t, i) => method(t.clone(), `${op}_`, b[i])));
      }
    },
  );

  it("test_foreach_autograd_and_leaf_checks", async () => {
    // 1.13's foreach ops have no derivative formulas: their results carry libtorch's NotImplemented node,
    // whose backward raises; PyTorch's are the same.
    const leaves = [torch.randn([3], { requiresGrad: true }), torch.randn([2], { requiresGrad: true })];
    const r = torch._foreachExp(leaves);
    expect(r[0].requiresGrad).toBe(true);
    const name = await py.eval("out = torch._foreach_exp([t.requires_grad_() for t in a])[0].grad_fn.name()", {
      a: leaves.map((t) => t.detach()),
    });
    expect(r[0].gradFn?.name()).toBe(name);
    const theirs = await py.run(
      "r = torch._foreach_exp([t.requires_grad_() for t in a])\nr[0].sum().backward()\nout = 0",
      { a: leaves.map((t) => t.detach()) },
    );
    expect(theirs.error).toBeDefined();
    expect(() => r[0].sum().backward()).toThrow((theirs.error as string).split("\n")[0]);
  });

  it("test_foreach_type_errors", async () => {
    // Python's arg parser: a list of tensors is required, and no out= keyword exists.
    const a = [torch.ones(2)];
    expect(() => torch._foreachAdd(a, "x" as unknown as number)).toThrow(TypeError);
    expect(() => T._foreachAdd(a, 1, { out: [torch.empty(2)] })).toThrow(TypeError);
    expect(() => torch._foreachNeg(torch.ones(2) as unknown as Tensor[])).toThrow(TypeError);
    for (const code of [
      "out = torch._foreach_add(a, 'x')",
      "out = torch._foreach_add(a, 1, out=[torch.empty(2)])",
      "out = torch._foreach_neg(a[0])",
    ]) {
      const r = await py.run(code, { a });
      expect(r.type).toBe("TypeError");
    }
  });
});
