// Ported from PyTorch 1.13's test/test_vmap.py (the legacy in-core vmap, torch/_vmap_internals.py):
// TestVmapAPI, TestVmapBase (test_vmap_fallback_check_ok, test_vmap_fallback_check), TestVmapOperators and
// TestVmapBatchedGradientCPU; cases keep their upstream names.
//
// Expected values: each upstream assertion runs in torchts as upstream writes it (vmap against the
// sequential map-and-stack reference loop, or against the plain op), and every vmap result is also
// compared with live PyTorch 1.13's vmap on the same inputs (test/python/upstream_vmap.py, through
// test/helpers/pytorch.ts; in this 1.13 build vmap is torch._vmap_internals.vmap, torch.vmap is not an
// attribute). Errors are compared with PyTorch's for the same call: class and first message line, and
// upstream's regex on PyTorch's message. Warnings are compared with PyTorch's list under set_warn_always.
//
// The fallback's warnings: EnableVmapFallbackWarnings is torch._debugOnlyDisplayVmapFallbackWarnings /
// _debugOnlyAreVmapFallbackWarningsEnabled (torch._C._debug_only_display_vmap_fallback_warnings and
// ..._are_vmap_fallback_warnings_enabled). _assert_uses_vmap_fallback compares torchts's warnings with
// those of PyTorch's _vmap on the same inputs: upstream's count of two is 1.13's "Please use
// functorch.vmap" warning plus the fallback's; torchts's vmap gives no functorch warning, so one. The
// no-fallback check TestVmapBase wraps around its subclasses' cases (_wrap_method_with_vmap_fallback_check)
// wraps every TestVmapOperators and TestVmapBatchedGradientCPU case here (itNoFallback) except upstream's
// @allowVmapFallbackUsage ones (binary_cross_entropy, index, max, median, min, inplace_view,
// inplace_manyview, unrelated_output*, and symeig, whose batched gradient PyTorch 1.13 also computes
// through aten::matmul's fallback): the fallback's warnings on, every warning shown (setWarnAlways, for
// upstream's "always" filter), and PyTorch's side of the same case under the same check; both must have
// used the fallback for the same operators, and then none at all (upstream's assertion and message).
//
// torchts spellings: Python's tuples (in_dims, out_dims, multiple returns, nested arguments) are JS arrays,
// dicts are plain objects, None is null; an anonymous function is Python's lambda (<lambda> in the
// messages); torch.Tensor.foo is (t) => t.foo(...); functools.partial is Function.prototype.bind; an
// nn.Module is vmapped as it is (vmap calls its call()). `result is x` is result.isSetTo(x) (the same
// storage, offset, sizes and strides: torchts hands back a new JS object for the same tensor), and
// `result._base is x` is result._base.isSetTo(x). PyTorch runs the same calls with tuples where JS has
// arrays. Inputs that are strided views travel to PyTorch as contiguous copies, so those cases build the
// same view on the Python side (or, in test_as_strided, compare the contiguous inputs only). Upstream's
// `assert` inside a vmapped function (test_stride) is expect() there, and the strides seen are compared
// with what PyTorch's function sees.
//
// In part:
// - test_contiguous's memory-format errors: torchts's Tensor.contiguous is aten::contiguous through the
//   dispatcher, whose batching rule refuses channels_last itself ("NYI: Tensor.contiguous(...) inside of
//   vmap ..."); PyTorch's Python binding asks is_contiguous(memory_format) first, which refuses with
//   upstream's "NYI: querying is_contiguous ..." message. Both raise a RuntimeError; the messages differ.
//
// Left out:
// - The list forms that JS cannot tell from tuples: in test_multiple_outputs_error_cases, returning
//   [x, x] or [x] (an array is a tuple of outputs here, so these return two or one tensors); in
//   test_in_dims_wrong_type_err_msg, in_dims=[0, 0] (a list at the top level); in
//   test_not_enough_in_dims_err_msg, in_dims=((0, 0),) against the list [x, y] (tuple against list). The
//   tuple forms of these cases are ported, plus None and a float as in_dims and dict keys that differ.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { Tensor } from "../../lib";
import type { DType } from "../../lib/dtype";
import { native } from "../../lib/native";
import type { InDims, OutDims } from "../../lib/vmap";
import { expectSameError, expectSameWarnings, expectTensor } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const { vmap } = torch;
// biome-ignore lint/suspicious/noExplicitAny: vmapped functions take and return what the case gives them.
type Fn = (...args: any[]) => any;

// Python's assertEqual tolerances for float32 (the larger of float32's and float64's defaults).
const TOL = { rtol: 1.3e-6, atol: 1e-5 };

/** torchts's result equals PyTorch's: tensors within tolerance (same dtype and shape), arrays elementwise. */
function same(mine: unknown, ref: PyValue, what = "result"): void {
  if (mine instanceof Tensor) {
    expectTensor(mine, ref, TOL, what);
  } else if (Array.isArray(mine)) {
    expect(Array.isArray(ref), `${what}: PyTorch gave ${String(ref)}`).toBe(true);
    expect(mine.length, `${what}: length`).toBe((ref as PyValue[]).length);
    mine.forEach((m, i) => {
      same(m, (ref as PyValue[])[i] as PyValue, `${what}[${i}]`);
    });
  } else {
    expect(mine ?? null, what).toEqual(ref);
  }
}

/** Upstream's self.assertEqual between two torchts results (NaNs equal, as TestCase.assertEqual has them). */
function assertEqual(actual: unknown, expected: unknown): void {
  torch.testing.assertClose(actual, expected, { rtol: TOL.rtol, atol: TOL.atol, equalNan: true });
}

const PRE = "from upstream_vmap import qvmap as vmap\n";

/** PyTorch's value of `code` (which assigns `out`, with vmap in scope) on the inputs. */
const pyOut = (code: string, inputs: Record<string, unknown> = {}) => py.eval(PRE + code, inputs);

/** fn raises what PyTorch raises for `code` (with vmap in scope); `match` is upstream's regex. */
const sameError = (fn: () => unknown, code: string, inputs: Record<string, unknown> = {}, match?: RegExp) =>
  expectSameError(py, fn, PRE + code, inputs, match);

/**
 * Both raise where their messages differ: PyTorch's matches upstream's regex, torchts's its own (the same
 * class either way).
 */
async function bothRaise(
  fn: () => unknown,
  code: string,
  inputs: Record<string, unknown>,
  pyMatch: RegExp,
  tsMatch: RegExp,
): Promise<void> {
  const r = await py.run(PRE + code, inputs);
  expect(r.error, code).toMatch(pyMatch);
  expect(fn).toThrow(tsMatch);
  let name = "";
  try {
    fn();
  } catch (e) {
    name = (e as Error).name;
  }
  expect(name === "Error" ? "RuntimeError" : name).toBe(r.type);
}

/** PyTorch's vmap(op, inDims, outDims)(...inputs), `op` a Python expression over `env`. */
const pyVmap = (op: string, inputs: unknown[], inDims: unknown = 0, outDims: unknown = 0, env = {}) =>
  py.call("upstream_vmap.vmapped", { op, inputs, in_dims: inDims, out_dims: outDims, env });

/** A JS in_dims value as Python source: arrays as tuples, null as None. */
const pyDims = (v: unknown): string =>
  v === null
    ? "None"
    : Array.isArray(v)
      ? v.length === 1
        ? `(${pyDims(v[0])},)`
        : `(${v.map(pyDims).join(", ")})`
      : String(v);

/** Tensor.clone(memory_format=...): torchts's clone takes the option (aten::clone), its type does not say so. */
const cloneAs = (x: Tensor, o: { memoryFormat: string }) => (x as unknown as { clone(o: object): Tensor }).clone(o);

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// ---- the vmap fallback's warnings: EnableVmapFallbackWarnings, _assert_uses_vmap_fallback, and the
// no-fallback check TestVmapBase wraps around its tests ----

const FALLBACK_REGEX = /There is a performance drop/;

/** EnableVmapFallbackWarnings: fn with the fallback's warnings on, then the setting as it was. */
async function enableVmapFallbackWarnings<T>(fn: () => T | Promise<T>): Promise<T> {
  const prevState = torch._debugOnlyAreVmapFallbackWarningsEnabled();
  torch._debugOnlyDisplayVmapFallbackWarnings(true);
  try {
    return await fn();
  } finally {
    torch._debugOnlyDisplayVmapFallbackWarnings(prevState);
  }
}

/**
 * _assert_uses_vmap_fallback: vmap(...vmapArgs)(...inputs) under EnableVmapFallbackWarnings warns what
 * PyTorch's _vmap warns for `pyCall` (a call of `_vmap`) on the same inputs, which is one warning, the
 * fallback's. Upstream counts two: 1.13's torch.vmap adds its "Please use functorch.vmap" warning, which
 * torchts's vmap (and PyTorch's _vmap) do not give.
 */
async function assertUsesVmapFallback(
  vmapArgs: [Fn, InDims?],
  inputs: unknown[],
  pyCall: string,
  pyInputs: Record<string, unknown>,
  pyPrelude = "",
): Promise<void> {
  const prev = torch._debugOnlyAreVmapFallbackWarningsEnabled();
  torch._debugOnlyDisplayVmapFallbackWarnings(true);
  let seen: string[];
  try {
    seen = await expectSameWarnings(
      py,
      () => vmap(...vmapArgs)(...inputs),
      `from torch._vmap_internals import _vmap\nfrom upstream_vmap import EnableVmapFallbackWarnings\n${pyPrelude}with EnableVmapFallbackWarnings():\n    ${pyCall}`,
      pyInputs,
    );
  } finally {
    torch._debugOnlyDisplayVmapFallbackWarnings(prev);
  }
  expect(seen.length).toBe(1);
  expect(seen[seen.length - 1]).toMatch(FALLBACK_REGEX);
}

const NO_FALLBACK_MSG =
  "Expected the test to not invoke the vmap fallback path, i.e., all of the operators being tested in this test should have batching rules implemented. If you are intentionally testing something to do with the fallback path, use allowVmapFallbackUsage. Otherwise, please make sure that batching rules are implemented for the operator(s) being tested.";

const nextTurn = () => new Promise((res) => setImmediate(res));
/** A fallback warning without its "(Triggered internally at ...)" tail, which names each build's source path. */
const fallbackOp = (m: string) => m.replace(/\s*\(Triggered internally at .*$/s, "");

// The warnings of the innermost running check (a nested check records its own, as Python's nested
// catch_warnings(record=True) does).
const checkLogs: string[][] = [];
process.on("warning", (w: Error) => checkLogs[checkLogs.length - 1]?.push(w.message));

/**
 * TestVmapBase._wrap_method_with_vmap_fallback_check: runs `method` with the fallback's warnings on and
 * every warning shown (setWarnAlways, upstream's "always" filter), then fails with upstream's message if
 * any was the fallback's. PyTorch's side of the method's calls runs under the same check
 * (upstream_vmap.fallback_check_begin/end): both must have hit the fallback for the same operators.
 */
function wrapMethodWithVmapFallbackCheck(method: () => unknown): () => Promise<void> {
  return async () => {
    await py.call("upstream_vmap.fallback_check_begin");
    const seen: string[] = [];
    const prevAlways = torch.isWarnAlwaysEnabled();
    let theirs: string[] = [];
    checkLogs.push(seen);
    try {
      torch.setWarnAlways(true);
      await enableVmapFallbackWarnings(method);
      await nextTurn();
      await nextTurn();
    } finally {
      torch.setWarnAlways(prevAlways);
      checkLogs.pop();
      theirs = (await py.call("upstream_vmap.fallback_check_end")) as string[];
    }
    const mine = seen.filter((m) => FALLBACK_REGEX.test(m));
    const ops = (ms: string[]) => [...new Set(ms.map(fallbackOp))].sort();
    expect(ops(mine), "the operators that used the vmap fallback, torchts against PyTorch").toEqual(ops(theirs));
    // upstream's assertNotRegex on each warning
    if (mine.length > 0) throw Object.assign(new Error(`${NO_FALLBACK_MSG}\n${mine[0]}`), { name: "AssertionError" });
  };
}

/** An upstream case of TestVmapBase's subclasses: wrapped in the no-fallback check. */
const itNoFallback = (name: string, fn: () => unknown) => it(name, wrapMethodWithVmapFallbackCheck(fn));

// ---- TestVmapOperators' machinery: reference_vmap and _vmap_test ----

function sliceInputs(inputs: unknown[], bdims: Array<number | null>, i: number): unknown[] {
  return inputs.map((inp, j) => (bdims[j] === null ? inp : (inp as Tensor).select(bdims[j] as number, i)));
}

/** reference_vmap: the op on each example, stacked at out_dims. */
function referenceVmap(op: Fn, inputs: unknown[], inDims: InDims = 0, outDims: OutDims = 0): Tensor | Tensor[] {
  const dims = (typeof inDims === "number" ? inputs.map(() => inDims) : inDims) as Array<number | null>;
  const sizes = inputs.flatMap((inp, j) => (dims[j] === null ? [] : [(inp as Tensor).size(dims[j] as number)]));
  expect(sizes.every((s) => s === sizes[0])).toBe(true);
  const results = range(sizes[0] as number).map((i) => op(...sliceInputs(inputs, dims, i)));
  expect(results.length).toBeGreaterThan(0);
  if (!Array.isArray(results[0])) {
    expect(results.every((r) => r instanceof Tensor)).toBe(true);
    return torch.stack(results as Tensor[], typeof outDims === "number" ? outDims : (outDims[0] as number));
  }
  const numReturns = (results[0] as Tensor[]).length;
  expect(results.every((r) => Array.isArray(r) && r.length === numReturns)).toBe(true);
  const ods = typeof outDims === "number" ? range(numReturns).map(() => outDims) : outDims;
  return range(numReturns).map((k) =>
    torch.stack(
      results.map((r) => (r as Tensor[])[k] as Tensor),
      ods[k] as number,
    ),
  );
}

interface VmapTestOptions {
  inDims?: InDims;
  outDims?: OutDims;
  /** The first output is a view of the first input. */
  checkView?: boolean;
  /** The vmapped op propagates requires_grad from the first input (default true). */
  checkPropagatesGrad?: boolean;
  /** Values the Python op expression uses. */
  env?: Record<string, unknown>;
}

/**
 * _vmap_test: vmap(op, inDims, outDims)(...inputs) equals the reference loop (upstream's check) and
 * PyTorch's vmap of `pyOp` on the same inputs (null: a case whose inputs cannot travel as they are,
 * such as a non-contiguous view).
 */
async function vmapTest(op: Fn, pyOp: string | null, inputs: unknown[], o: VmapTestOptions = {}): Promise<void> {
  const inDims = o.inDims ?? 0;
  const outDims = o.outDims ?? 0;
  const result = vmap(op, inDims, outDims)(...inputs);
  assertEqual(result, referenceVmap(op, inputs, inDims, outDims));
  if (pyOp !== null) same(result, await pyVmap(pyOp, inputs, inDims, outDims, o.env), pyOp);
  if (o.checkView) {
    const in0 = inputs[0] as Tensor;
    const base0 = in0._base ?? in0;
    for (const out of Array.isArray(result) ? result : [result]) {
      const base = (out as Tensor)._base;
      expect(base?.isSetTo(base0), "result was not a view of the first input!").toBe(true);
    }
  }
  if (o.checkPropagatesGrad === false) return;
  const clone = [...inputs];
  clone[0] = (inputs[0] as Tensor).clone().requiresGrad_();
  const r = vmap(op, inDims, outDims)(...clone);
  expect((Array.isArray(r) ? r[0] : (r as Tensor).select(0, 0)).requiresGrad).toBe(true);
}

const viewTest = (op: Fn, pyOp: string | null, inputs: unknown[], o: VmapTestOptions = {}) =>
  vmapTest(op, pyOp, inputs, { ...o, checkView: true });

/** `vmap(pyOp, extra)` as Python source. */
const pv = (pyOp: string, extra = "") => `vmap(${pyOp}${extra ? `, ${extra}` : ""})`;

type Getter = (size: number[], dtype?: DType) => Tensor;
const TensorFactory: Record<"rand" | "randn" | "randp1", Getter> = {
  rand: (size, dtype = "float32") => torch.rand(size, { dtype }),
  randn: (size, dtype = "float32") => torch.randn(size, { dtype }),
  randp1: (size, dtype = "float32") => torch.rand(size, { dtype }).add(1),
};

/** _test_unary: single and doubly nested vmap over various in_dims / out_dims. */
async function testUnary(op: Fn, pyOp: string, getter: Getter, o: VmapTestOptions = {}): Promise<void> {
  const [B0, B1] = [7, 11];
  await vmapTest(op, pyOp, [getter([B0, 3])], o);
  await vmapTest(op, pyOp, [getter([2, 5, B0, 3])], { ...o, inDims: 2 });
  await vmapTest(op, pyOp, [getter([2, 5, B0, 3])], { ...o, inDims: 2, outDims: 2 });
  await vmapTest(vmap(op), pv(pyOp), [getter([B0, B1])], o);
  await vmapTest(vmap(op), pv(pyOp), [getter([B1, 2, 5, B0, 3])], { ...o, inDims: 2 });
  await vmapTest(vmap(op, 2), pv(pyOp, "in_dims=2"), [getter([2, 5, B0, B1, 3])], { ...o, inDims: 2, outDims: 2 });
}

describe("TestVmapAPI", () => {
  it("test_non_tensor_output_raises", async () => {
    await sameError(
      () => vmap((_x: Tensor) => 3.14)(torch.ones([3])),
      "vmap(lambda x: 3.14)(torch.ones(3))",
      {},
      /got type <class 'float'> as the return/,
    );
    function multiple_outputs(x: Tensor) {
      return [x, 3];
    }
    await sameError(
      () => vmap(multiple_outputs)(torch.ones([3])),
      "def multiple_outputs(x):\n    return x, 3\nvmap(multiple_outputs)(torch.ones(3))",
      {},
      /got type <class 'int'> for return 1/,
    );
  });

  it("test_different_map_dim_size_raises", async () => {
    const x = torch.randn([2]);
    const y = torch.randn([3]);
    const msg = /Expected all tensors to have the same size in the mapped dimension/;
    await sameError(() => vmap(torch.mul)(x, y), "vmap(torch.mul)(x, y)", { x, y }, msg);
    await sameError(
      () => vmap((z: Tensor[]) => z[0]!.add(z[1]!), [[0, 0]])([x, y]),
      "vmap(lambda z: z[0] + z[1], in_dims=((0, 0),))((x, y))",
      { x, y },
      msg,
    );
    await sameError(
      () => vmap((z: { x: Tensor; y: Tensor }) => z.x.add(z.y), [{ x: 0, y: 0 }])({ x, y }),
      "vmap(lambda z: z['x'] + z['y'], in_dims=({'x': 0, 'y': 0},))({'x': x, 'y': y})",
      { x, y },
      msg,
    );
  });

  it("test_func_with_no_inputs", async () => {
    function foo() {
      return torch.randn([3]);
    }
    function bar(_x: Tensor) {
      return torch.randn([3]);
    }
    await sameError(() => vmap(foo)(), "def foo():\n    return torch.randn(3)\nvmap(foo)()", {}, /got no inputs/);
    await sameError(
      () => (vmap(bar) as Fn)(),
      "def bar(x):\n    return torch.randn(3)\nvmap(bar)()",
      {},
      /got no inputs/,
    );
  });

  it("test_constant_function", async () => {
    const output = vmap((_x: Tensor) => torch.tensor(3.14))(torch.ones([3]));
    assertEqual(output, torch.tensor([3.14, 3.14, 3.14]));
    same(output, await pyOut("out = vmap(lambda x: torch.tensor(3.14))(torch.ones(3))"));
  });

  it("test_single_input", async () => {
    const x = torch.randn([2, 3]);
    const square = (x: Tensor) => x.mul(x);
    const output = vmap(square)(x);
    assertEqual(output, x.mul(x));
    same(output, await pyOut("out = vmap(lambda x: x * x)(x)", { x }));
  });

  it("test_multiple_inputs", async () => {
    const x = torch.randn([2, 3]);
    const y = torch.randn([2, 3]);
    const output = vmap(torch.mul)(x, y);
    assertEqual(output, x.mul(y));
    same(output, await pyOut("out = vmap(torch.mul)(x, y)", { x, y }));
  });

  it("test_multiple_outputs", async () => {
    const foo = (x: Tensor) => [x.mul(x), x.mul(x).mul(x)];
    const x = torch.randn([3]);
    const outputs = vmap(foo)(x);
    assertEqual(outputs[0], x.mul(x));
    assertEqual(outputs[1], x.mul(x).mul(x));
    same(outputs, await pyOut("out = vmap(lambda x: (x * x, x * x * x))(x)", { x }));
  });

  it("test_multiple_outputs_error_cases", async () => {
    const returns_tuple_of_tensors = (x: Tensor) => [x, x];
    const x = torch.randn([3]);
    // should not throw
    const out = vmap(returns_tuple_of_tensors)(x);
    same(out, await pyOut("out = vmap(lambda x: (x, x))(x)", { x }));
  });

  it("test_nested_with_same_map_dim", async () => {
    const x = torch.randn([2, 3, 5]);
    const y = torch.randn([2, 3, 5]);
    let output = vmap(vmap(torch.mul))(x, y);
    assertEqual(output, x.mul(y));
    same(output, await pyOut("out = vmap(vmap(torch.mul))(x, y)", { x, y }));
    output = vmap(vmap(vmap(torch.mul)))(x, y);
    assertEqual(output, x.mul(y));
    same(output, await pyOut("out = vmap(vmap(vmap(torch.mul)))(x, y)", { x, y }));
  });

  it("test_nested_with_different_map_dim", async () => {
    const x = torch.randn([2, 3]);
    const y = torch.randn([5, 3]);
    let output = vmap((x: Tensor) => vmap((y: Tensor) => x.mul(y))(y))(x);
    expect(output.shape).toEqual([2, 5, 3]);
    assertEqual(output, x.view([2, 1, 3]).mul(y));
    same(output, await pyOut("out = vmap(lambda x: vmap(lambda y: x * y)(y))(x)", { x, y }));

    const z = torch.randn([7, 3]);
    output = vmap((x: Tensor) => vmap((y: Tensor) => vmap((z: Tensor) => x.mul(y).mul(z))(z))(y))(x);
    expect(output.shape).toEqual([2, 5, 7, 3]);
    assertEqual(
      output,
      x
        .view([2, 1, 1, 3])
        .mul(y.view([5, 1, 3]))
        .mul(z),
    );
    same(output, await pyOut("out = vmap(lambda x: vmap(lambda y: vmap(lambda z: x * y * z)(z))(y))(x)", { x, y, z }));
  });

  it("test_noop_in_inner_vmap", async () => {
    const x = torch.randn([3]);
    const y = torch.randn([5]);
    const output = vmap((x: Tensor) => vmap((_y: Tensor) => x)(y))(x);
    assertEqual(output, x.view([3, 1]).expand([3, 5]));
    same(output, await pyOut("out = vmap(lambda x: vmap(lambda y: x)(y))(x)", { x, y }));
  });

  it("test_unsupported_op_err_msg", async () => {
    let tensor = torch.randn([2, 3]);
    const msg = /Batching rule not implemented for aten::.+; the fallback path doesn't work on out= or view ops/;
    await sameError(() => vmap(torch.ravel)(tensor), "vmap(torch.ravel)(tensor)", { tensor }, msg);
    function out_op(x: Tensor, y: Tensor) {
      return torch.abs(x, { out: y });
    }
    await sameError(
      () => vmap(out_op)(tensor, tensor),
      "def out_op(x, y):\n    return torch.abs(x, out=y)\nvmap(out_op)(tensor, tensor)",
      { tensor },
      msg,
    );
    tensor = torch.randn([2]);
    // The fallback doesn't support TensorList
    await sameError(
      () => vmap((t: Tensor) => torch.atleast1d([t]))(tensor),
      "vmap(lambda t: torch.atleast_1d([t]))(tensor)",
      { tensor },
      /Batching rule not implemented/,
    );
    // Don't support non-tensor returns.
    await sameError(
      () =>
        vmap(function item(t: Tensor) {
          return t.item();
        })(tensor),
      "vmap(torch.Tensor.item)(tensor)",
      { tensor },
      /Batching rule not implemented/,
    );
    // torchts: each call that raised above left its vmap level on the way out (the next one is level 1).
    const level = native.vmapIncrementNesting();
    native.vmapDecrementNesting();
    expect(level).toBe(1);
  });

  it("test_nonzero_out_dims", async () => {
    // Basic test
    let tensor = torch.randn([2, 3]);
    let result = vmap((x: Tensor) => x, 0, 1)(tensor);
    assertEqual(result, tensor.permute([1, 0]));
    expect(result.dataPtr()).toBe(tensor.dataPtr());
    same(result, await pyOut("out = vmap(lambda x: x, out_dims=1)(tensor)", { tensor }));

    // Test that the batch dimension gets permuted to dim 2
    tensor = torch.randn([2, 3, 5, 7]);
    result = vmap((x: Tensor) => x, 0, 2)(tensor);
    assertEqual(result, tensor.permute([1, 2, 0, 3]));
    expect(result.dataPtr()).toBe(tensor.dataPtr());
    same(result, await pyOut("out = vmap(lambda x: x, out_dims=2)(tensor)", { tensor }));

    // negative out_dim
    tensor = torch.randn([2, 3, 5, 7]);
    result = vmap((x: Tensor) => x, 0, -1)(tensor);
    assertEqual(result, tensor.permute([1, 2, 3, 0]));
    expect(result.dataPtr()).toBe(tensor.dataPtr());
    same(result, await pyOut("out = vmap(lambda x: x, out_dims=-1)(tensor)", { tensor }));

    // check that out_dims works on ALL outputs
    tensor = torch.randn([2, 3, 5, 7]);
    const other = torch.randn([2, 3, 5, 7]);
    const pair = vmap((x: Tensor, y: Tensor) => [x, y], 0, 2)(tensor, other);
    assertEqual(pair, [tensor.permute([1, 2, 0, 3]), other.permute([1, 2, 0, 3])]);
    same(pair, await pyOut("out = vmap(lambda x, y: (x, y), out_dims=2)(tensor, other)", { tensor, other }));

    // use out_dims with the maximum vmap-able tensor dims (64 dims)
    const ndims = 64;
    const shape = [2, ...new Array(ndims - 1).fill(1)];
    const expectedShape = [1, 1, 2, ...new Array(ndims - 3).fill(1)];
    tensor = torch.randn(shape);
    result = vmap((x: Tensor) => x, 0, 2)(tensor);
    expect(result.shape).toEqual(expectedShape);
    const pyShape = await pyOut("out = list(vmap(lambda x: x, out_dims=2)(torch.randn([2] + [1] * 63)).shape)");
    expect(result.shape).toEqual(pyShape);

    // test something that is not the identity function
    const foo = (x: Tensor, y: Tensor) => [x, x.mul(y), x.mul(y).mul(y)];
    const x = torch.randn([2, 3, 5]);
    const y = torch.randn([2, 3, 5]);
    const triple = vmap(foo, 0, 1)(x, y);
    assertEqual(triple, [x.permute([1, 0, 2]), x.mul(y).permute([1, 0, 2]), x.mul(y).mul(y).permute([1, 0, 2])]);
    same(triple, await pyOut("out = vmap(lambda x, y: (x, x * y, x * y * y), out_dims=1)(x, y)", { x, y }));
  });

  it("test_multiple_out_dims", async () => {
    const foo = (x: Tensor) => [x, x];
    const bar = (x: Tensor, y: Tensor) => [x, x, x, x.mul(y)];
    const x = torch.randn([2, 3, 5]);
    const y = torch.randn([2, 3, 5]);
    let result = vmap(foo, 0, [0, 1])(x);
    assertEqual(result, [x, x.permute([1, 0, 2])]);
    same(result, await pyOut("out = vmap(lambda x: (x, x), out_dims=(0, 1))(x)", { x }));

    result = vmap(bar, 0, [-1, 0, 1, 2])(x, y);
    assertEqual(result, [x.permute([1, 2, 0]), x, x.permute([1, 0, 2]), x.mul(y).permute([1, 2, 0])]);
    same(result, await pyOut("out = vmap(lambda x, y: (x, x, x, x * y), out_dims=(-1, 0, 1, 2))(x, y)", { x, y }));
  });

  it("test_nested_out_dims", async () => {
    let y = torch.randn([2, 3, 5, 7]);
    const id = (x: Tensor) => x;

    // Inner vmap has non-zero out_dim
    let result = vmap((y: Tensor) => vmap(id, 0, 1)(y))(y);
    expect(result.shape).toEqual([2, 5, 3, 7]);
    assertEqual(result, y.permute([0, 2, 1, 3]));
    same(result, await pyOut("out = vmap(lambda y: vmap(lambda x: x, out_dims=1)(y))(y)", { y }));

    // all vmaps have non-zero out_dim
    result = vmap((y: Tensor) => vmap(id, 0, 1)(y), 0, 1)(y);
    expect(result.shape).toEqual([5, 2, 3, 7]);
    assertEqual(result, y.permute([2, 0, 1, 3]));
    same(result, await pyOut("out = vmap(lambda y: vmap(lambda x: x, out_dims=1)(y), out_dims=1)(y)", { y }));

    // throwing in some negative out_dims
    result = vmap((y: Tensor) => vmap(id, 0, -1)(y), 0, -1)(y);
    expect(result.shape).toEqual([5, 7, 3, 2]);
    assertEqual(result, y.permute([2, 3, 1, 0]));
    same(result, await pyOut("out = vmap(lambda y: vmap(lambda x: x, out_dims=-1)(y), out_dims=-1)(y)", { y }));

    // testing fn that isn't the identity
    const x = torch.randn([2, 3]);
    y = torch.randn([5, 3]);
    result = vmap((y: Tensor) => vmap((x: Tensor) => x.mul(y), 0, 1)(x), 0, -1)(y);
    expect(result.shape).toEqual([3, 2, 5]);
    assertEqual(result, y.view([5, 1, 3]).mul(x).permute([2, 1, 0]));
    same(result, await pyOut("out = vmap(lambda y: vmap(lambda x: x * y, out_dims=1)(x), out_dims=-1)(y)", { x, y }));
  });

  it("test_out_dims_edge_case", async () => {
    const foo = (x: Tensor) => x;
    // Test that we accept out_dims=(1,) for a function with one output.
    const tensor = torch.randn([2, 3]);
    const expected = vmap(foo, 0, 1)(tensor);
    const result = vmap(foo, 0, [1])(tensor);
    assertEqual(result, expected);
    same(result, await pyOut("out = vmap(lambda x: x, out_dims=(1,))(tensor)", { tensor }));
  });

  it("test_out_dims_must_be_int_or_tuple_of_int_err_msg", async () => {
    const msg = /`out_dims` must be an int or a tuple of int/;
    const tensor = torch.randn([2, 3]);
    const cases: Array<[unknown, string]> = [
      ["lol", "'lol'"],
      [["lol"], "('lol',)"],
      [null, "None"],
      [[null], "(None,)"],
    ];
    for (const [outDims, pyDims] of cases)
      await sameError(
        () => vmap((x: Tensor) => x, 0, outDims as OutDims)(tensor),
        `vmap(lambda x: x, out_dims=${pyDims})(tensor)`,
        { tensor },
        msg,
      );
  });

  it("test_out_dims_and_num_outputs_mismatch_err_msg", async () => {
    const msg = /`out_dims` must have one dim per output/;
    const x = torch.randn([2, 3, 5]);
    // Too many out_dims
    await sameError(() => vmap((x: Tensor) => x, 0, [0, 0])(x), "vmap(lambda x: x, out_dims=(0, 0))(x)", { x }, msg);
    await sameError(
      () => vmap((x: Tensor) => [x, x, x], 0, [0, 0, 0, 0])(x),
      "vmap(lambda x: (x, x, x), out_dims=(0, 0, 0, 0))(x)",
      { x },
      msg,
    );
    // Too few out_dims
    await sameError(
      () => vmap((x: Tensor) => [x, x], 0, [0])(x),
      "vmap(lambda x: (x, x), out_dims=(0,))(x)",
      { x },
      msg,
    );
    await sameError(
      () => vmap((x: Tensor) => [x, x, x], 0, [0, 0])(x),
      "vmap(lambda x: (x, x, x), out_dims=(0, 0))(x)",
      { x },
      msg,
    );
  });

  it("test_out_dim_out_of_bounds_err_msg", async () => {
    const msg = /Dimension out of range/;
    const x = torch.randn([2, 3, 5]);
    await sameError(() => vmap((x: Tensor) => x, 0, 3)(x), "vmap(lambda x: x, out_dims=3)(x)", { x }, msg);
    await sameError(() => vmap((x: Tensor) => x, 0, -4)(x), "vmap(lambda x: x, out_dims=-4)(x)", { x }, msg);
  });

  it("test_non_zero_in_dims", async () => {
    const tensor = torch.randn([2, 3, 5]);
    // Implicit out_dims = 0; vmap will move the batch dim to the front.
    let output = vmap((x: Tensor) => x, [1])(tensor);
    assertEqual(output, tensor.permute([1, 0, 2]));
    expect(output.dataPtr()).toBe(tensor.dataPtr());
    same(output, await pyOut("out = vmap(lambda x: x, (1,))(tensor)", { tensor }));

    const x = torch.randn([2, 3]);
    const y = torch.randn([3, 2]);
    output = vmap(torch.mul, [0, 1])(x, y);
    assertEqual(output, x.mul(y.t()));
    same(output, await pyOut("out = vmap(torch.mul, (0, 1))(x, y)", { x, y }));
    output = vmap(torch.mul, [1, 0])(x, y);
    assertEqual(output, x.t().mul(y));
    same(output, await pyOut("out = vmap(torch.mul, (1, 0))(x, y)", { x, y }));
  });

  it("test_none_in_dims", async () => {
    const x = torch.randn([2, 3]);
    const y = torch.randn([2, 3]);
    // None in_dim for a Tensor means we don't map over it
    let output = vmap(torch.mul, [0, null])(x, y);
    expect(output.shape).toEqual([2, 2, 3]);
    assertEqual(output, x.view([2, 1, 3]).mul(y));
    same(output, await pyOut("out = vmap(torch.mul, (0, None))(x, y)", { x, y }));
    // None in_dim for non-tensor arguments
    output = vmap(torch.mul, [0, null])(x, 2);
    assertEqual(output, x.mul(2));
    same(output, await pyOut("out = vmap(torch.mul, (0, None))(x, 2)", { x }));
  });

  it("test_nested_non_default_in_dims", async () => {
    const x = torch.rand([5, 2, 3]);
    const y = torch.rand([3, 5, 2]);
    const result = vmap(vmap(vmap(torch.mul), [1, 0]), [1, 2])(x, y);
    assertEqual(result, x.permute([1, 2, 0]).mul(y.permute([2, 0, 1])));
    same(result, await pyOut("out = vmap(vmap(vmap(torch.mul), (1, 0)), (1, 2))(x, y)", { x, y }));
  });

  it("test_non_default_in_dims_out_dims", async () => {
    const x = torch.randn([2, 3, 5]);
    const id = (x: Tensor) => x;

    // Same in_dim as out_dim, vmap over identity
    let result = vmap(id, 1, 1)(x);
    assertEqual(result, x);
    expect(result.dataPtr()).toBe(x.dataPtr());
    same(result, await pyOut("out = vmap(lambda x: x, in_dims=1, out_dims=1)(x)", { x }));

    // Different in_dim from out_dim, vmap over identity
    result = vmap(id, 2, 1)(x);
    expect(result.shape).toEqual([2, 5, 3]);
    assertEqual(result, x.transpose(1, 2));
    expect(result.dataPtr()).toBe(x.dataPtr());
    same(result, await pyOut("out = vmap(lambda x: x, in_dims=2, out_dims=1)(x)", { x }));

    const foo = (x: Tensor) => x.mul(2);
    // Same in_dim as out_dim, vmap over operation
    result = vmap(foo, 1, 1)(x);
    assertEqual(result, x.mul(2));
    same(result, await pyOut("out = vmap(lambda x: x * 2, in_dims=1, out_dims=1)(x)", { x }));

    // Different in_dim as out_dim, vmap over operation
    result = vmap(foo, 2, 1)(x);
    expect(result.shape).toEqual([2, 5, 3]);
    assertEqual(result, x.mul(2).transpose(1, 2));
    same(result, await pyOut("out = vmap(lambda x: x * 2, in_dims=2, out_dims=1)(x)", { x }));

    // Basic nested test.
    result = vmap(vmap(foo, 1, 1), 1, 1)(x);
    assertEqual(result, x.mul(2));
    same(result, await pyOut("out = vmap(vmap(lambda x: x * 2, 1, 1), 1, 1)(x)", { x }));
  });

  it("test_accepts_nested_inputs", async () => {
    const x = torch.randn([2, 3]);
    const y = torch.randn([2, 3]);
    const sum2 = (z: Tensor[]) => z[0]!.add(z[1]!);
    const sumXY = (z: { x: Tensor; y: Tensor }) => z.x.add(z.y);
    const ref = x.add(y);

    // Single layer of nesting (upstream's tuple and list cases are both an array here)
    const cases: Array<[Tensor, string]> = [
      [vmap(sum2)([x, y]), "vmap(lambda z: z[0] + z[1])((x, y))"],
      [vmap(sum2, [0])([x, y]), "vmap(lambda z: z[0] + z[1], in_dims=(0,))((x, y))"],
      [vmap(sum2, [[0, 0]])([x, y]), "vmap(lambda z: z[0] + z[1], in_dims=((0, 0),))((x, y))"],
      [vmap(sumXY)({ x, y }), "vmap(lambda z: z['x'] + z['y'])({'x': x, 'y': y})"],
      [vmap(sumXY, [0])({ x, y }), "vmap(lambda z: z['x'] + z['y'], in_dims=(0,))({'x': x, 'y': y})"],
      [
        vmap(sumXY, [{ x: 0, y: 0 }])({ x, y }),
        "vmap(lambda z: z['x'] + z['y'], in_dims=({'x': 0, 'y': 0},))({'x': x, 'y': y})",
      ],
    ];
    for (const [out, code] of cases) {
      assertEqual(out, ref);
      same(out, await pyOut(`out = ${code}`, { x, y }), code);
    }

    // Multiple layers of nesting
    const outFn = vmap((z: { x: [Tensor, [Tensor]]; y: Tensor[] }) => z.x[0].add(z.x[1][0]).add(z.y[0]!).add(z.y[1]!));
    const out = outFn({ x: [x, [x]], y: [y, y] });
    assertEqual(out, x.add(x).add(y).add(y));
    same(
      out,
      await pyOut(
        "out = vmap(lambda z: z['x'][0] + z['x'][1][0] + z['y'][0] + z['y'][1])({'x': [x, (x,)], 'y': [y, y]})",
        { x, y },
      ),
    );
  });

  it("test_in_dims_wrong_type_err_msg", async () => {
    const x = torch.randn([3]);
    const y = torch.randn([3]);
    const msg = /expected `in_dims` to be int or a \(potentially nested\) tuple/;
    await sameError(
      () => vmap(torch.mul, new Set([0, 0]) as unknown as InDims)(x, y),
      "vmap(torch.mul, set({0, 0}))(x, y)",
      { x, y },
      msg,
    );
    await sameError(
      () => vmap(torch.mul, "lol" as unknown as InDims)(x, y),
      "vmap(torch.mul, 'lol')(x, y)",
      { x, y },
      msg,
    );
    // None and a float at the top, as Python reads them.
    await sameError(() => vmap(torch.mul, null)(x, y), "vmap(torch.mul, None)(x, y)", { x, y }, msg);
    await sameError(() => vmap(torch.mul, 0.5)(x, y), "vmap(torch.mul, 0.5)(x, y)", { x, y }, msg);
    // The following should not throw
    same(vmap(torch.mul, [0, 0])(x, y), await pyOut("out = vmap(torch.mul, (0, 0))(x, y)", { x, y }));
  });

  it("test_not_enough_in_dims_err_msg", async () => {
    const x = torch.randn([3]);
    const y = torch.randn([3]);
    const msg = /in_dims is not compatible with the structure of `inputs`/;
    await sameError(() => vmap(torch.mul, [0])(x, y), "vmap(torch.mul, (0,))(x, y)", { x, y }, msg);
    await sameError(() => vmap(torch.mul, [0, 0, 0])(x, y), "vmap(torch.mul, (0, 0, 0))(x, y)", { x, y }, msg);
    await sameError(
      () => vmap((z: Tensor[]) => z[0]!.add(z[1]!), [[0]])([x, y]),
      "vmap(lambda z: z[0] + z[1], in_dims=((0,),))((x, y))",
      { x, y },
      msg,
    );
    // A dict's keys are part of its structure.
    await sameError(
      () => vmap((z: { x: Tensor; y: Tensor }) => z.x.add(z.y), [{ x: 0, z: 0 }])({ x, y }),
      "vmap(lambda z: z['x'] + z['y'], in_dims=({'x': 0, 'z': 0},))({'x': x, 'y': y})",
      { x, y },
      msg,
    );
    // The following should not throw
    same(vmap(torch.mul, [0, 0])(x, y), await pyOut("out = vmap(torch.mul, (0, 0))(x, y)", { x, y }));
  });

  it("test_integer_in_dim_but_not_tensor_input_err_msg", async () => {
    const x = torch.randn([2, 3]);
    const msg = /Got in_dim=0 for an input but the input is of type/;
    await sameError(() => vmap(torch.sum)(x, 0), "vmap(torch.sum)(x, 0)", { x }, msg);
    await sameError(() => vmap(torch.sum, [0, 0])(x, 0), "vmap(torch.sum, (0, 0))(x, 0)", { x }, msg);
    await sameError(
      () => vmap((z: [Tensor, number]) => z[0].add(z[1]), [[0, 0]])([x, 1]),
      "vmap(lambda z: z[0] + z[1], in_dims=((0, 0),))((x, 1))",
      { x },
      msg,
    );
    // The following should not throw
    same(vmap(torch.sum, [0, null])(x, 0), await pyOut("out = vmap(torch.sum, (0, None))(x, 0)", { x }));
  });

  it("test_in_dim_not_in_tensor_err_msg", async () => {
    function foo(x: Tensor) {
      return x.mul(x);
    }
    const FOO = "def foo(x):\n    return x * x\n";
    const x = torch.randn([2, 3]);
    const y = torch.randn([2, 3]);
    const msg = /Got in_dim=-?\w for some input, but that input is a Tensor of dimensionality \w/;
    const s = torch.randn([]);
    await sameError(() => vmap(foo)(s), `${FOO}vmap(foo)(s)`, { s }, msg);
    await sameError(() => vmap(foo, [0])(s), `${FOO}vmap(foo, in_dims=(0,))(s)`, { s }, msg);
    await sameError(() => vmap(foo, [-1])(x), `${FOO}vmap(foo, in_dims=(-1,))(x)`, { x }, msg);
    await sameError(() => vmap(foo, [2])(y), `${FOO}vmap(foo, in_dims=(2,))(y)`, { y }, msg);
    await sameError(
      () => vmap((z: Tensor[]) => z[0]!.add(z[1]!), [[3, 0]])([x, y]),
      "vmap(lambda z: z[0] + z[1], in_dims=((3, 0),))((x, y))",
      { x, y },
      msg,
    );
    // the following should not throw
    const a = torch.randn([2, 3]);
    same(vmap(foo, [0])(a), await pyOut(`${FOO}out = vmap(foo, in_dims=(0,))(a)`, { a }));
    same(vmap(foo, [1])(a), await pyOut(`${FOO}out = vmap(foo, in_dims=(1,))(a)`, { a }));
  });

  it("test_fallback_does_not_warn_by_default", async () => {
    const x = torch.randn([11]);
    const y = torch.randn([11]);
    let result: Tensor | undefined;
    // Upstream's single warning is 1.13's "use functorch.vmap" warning, which torchts's vmap does not
    // give (there is no other vmap to move to): PyTorch's side calls _vmap, the same wrapper without it.
    // What is checked is that the fallback path adds none.
    const seen = await expectSameWarnings(
      py,
      () => {
        result = vmap(torch.atan2)(x, y);
      },
      "from torch._vmap_internals import _vmap\n_vmap(torch.atan2)(x, y)",
      { x, y },
    );
    expect(seen.length).toBe(0);
    same(result, await pyOut("out = vmap(torch.atan2)(x, y)", { x, y }));
  });

  it("test_fallback_warns_when_warnings_are_enabled", async () => {
    const op = torch.atan2;
    const x = torch.randn([11]);
    const y = torch.randn([11]);
    let result: Tensor | undefined;
    // EnableVmapFallbackWarnings around the call; PyTorch's side is _vmap, as above (upstream's two warnings
    // are 1.13's functorch warning and the fallback's).
    const prev = torch._debugOnlyAreVmapFallbackWarningsEnabled();
    torch._debugOnlyDisplayVmapFallbackWarnings(true);
    let seen: string[];
    try {
      seen = await expectSameWarnings(
        py,
        () => {
          result = vmap(op)(x, y);
        },
        "from torch._vmap_internals import _vmap\nfrom upstream_vmap import EnableVmapFallbackWarnings\nwith EnableVmapFallbackWarnings():\n    _vmap(torch.atan2)(x, y)",
        { x, y },
      );
    } finally {
      torch._debugOnlyDisplayVmapFallbackWarnings(prev);
    }
    expect(torch._debugOnlyAreVmapFallbackWarningsEnabled()).toBe(prev);
    expect(seen.length).toBe(1);
    expect(seen[seen.length - 1]).toMatch(FALLBACK_REGEX);
    same(result, await pyOut("out = vmap(torch.atan2)(x, y)", { x, y }));
  });

  it("test_fallback_zero_dim", async () => {
    const op = torch.atan2;
    let x = torch.randn([11]);
    let y = torch.randn([11]);
    await assertUsesVmapFallback([op], [x, y], "_vmap(torch.atan2)(x, y)", { x, y });
    same(vmap(op)(x, y), await pyOut("out = vmap(torch.atan2)(x, y)", { x, y }));

    const [B0, B1] = [0, 3];
    x = torch.randn([B0, 11]);
    y = torch.randn([11]);
    const msg = /The fallback path does not support vmap over dims of size 0/;
    await sameError(() => vmap(op, [0, null])(x, y), "vmap(torch.atan2, (0, None))(x, y)", { x, y }, msg);
    await sameError(() => vmap(op, [null, 0])(y, x), "vmap(torch.atan2, (None, 0))(y, x)", { x, y }, msg);
    await sameError(() => vmap(op)(x, x), "vmap(torch.atan2)(x, x)", { x }, msg);

    x = torch.randn([B0, B1, 11]);
    y = torch.randn([B1, 11]);
    await sameError(() => vmap(op, [0, null])(x, y), "vmap(torch.atan2, (0, None))(x, y)", { x, y }, msg);
    await sameError(() => vmap(op, [null, 0])(y, x), "vmap(torch.atan2, (None, 0))(y, x)", { x, y }, msg);
    await sameError(() => vmap(op)(x, x), "vmap(torch.atan2)(x, x)", { x }, msg);
  });

  it("test_fallback_atan2", async () => {
    const op = torch.atan2;
    let x = torch.randn([5, 7, 11]);
    let y = torch.randn([5, 7, 11]);
    await assertUsesVmapFallback([op], [x, y], "_vmap(torch.atan2)(x, y)", { x, y });
    same(vmap(op)(x, y), await pyOut("out = vmap(torch.atan2)(x, y)", { x, y }));

    // fallback on torch.atan2
    x = torch.randn([7, 11, 5]);
    y = torch.randn([5, 7, 11]);
    let result = vmap(op, [2, 0])(x, y);
    assertEqual(result, op(x.permute([2, 0, 1]), y));
    same(result, await pyOut("out = vmap(torch.atan2, (2, 0))(x, y)", { x, y }));

    // fallback on torch.atan2, nested vmap
    result = vmap(vmap(op), [2, 0])(x, y);
    assertEqual(result, op(x.permute([2, 0, 1]), y));
    same(result, await pyOut("out = vmap(vmap(torch.atan2), (2, 0))(x, y)", { x, y }));

    // big batch size (total 10000)
    x = torch.randn([100, 10, 10, 5]);
    y = torch.randn([100, 10, 10]);
    result = vmap(vmap(vmap(op)))(x, y);
    assertEqual(result, op(x, y.view([100, 10, 10, 1])));
    same(result, await pyOut("out = vmap(vmap(vmap(torch.atan2)))(x, y)", { x, y }));
  });

  it("test_fallback_masked_fill", async () => {
    for (const B0 of [5, 1237]) {
      const x = torch.randn([B0, 7, 11, 13]);
      const dim = 0;
      const index = torch.tensor([0, 4, 2]);
      const values = torch.randn([B0, 3, 13]);
      await assertUsesVmapFallback(
        [torch.indexAdd, [0, null, null, 0]],
        [x, dim, index, values],
        "_vmap(torch.index_add, (0, None, None, 0))(x, dim, index, values)",
        { x, dim, index, values },
      );
      const result = vmap(torch.indexAdd, [0, null, null, 0])(x, dim, index, values);
      const expected = torch.indexAdd(x, dim + 1, index, values.view([B0, 3, 1, 13]));
      assertEqual(result, expected);
      same(
        result,
        await pyOut("out = vmap(torch.index_add, (0, None, None, 0))(x, dim, index, values)", {
          x,
          dim,
          index,
          values,
        }),
      );
    }
  });

  it("test_fallback_multiple_returns", async () => {
    const [B0, B1, B2] = [2, 3, 1237];
    let tensor = torch.randn([B0, 10]);
    await assertUsesVmapFallback([torch.varMean], [tensor], "_vmap(torch.var_mean)(tensor)", { tensor });
    // fallback correctness on torch.var_mean
    let result = vmap(torch.varMean)(tensor);
    assertEqual(result, torch.varMean(tensor, 1));
    same(result, await pyOut("out = vmap(torch.var_mean)(tensor)", { tensor }));

    // nested vmap
    tensor = torch.randn([B0, B1, 10]);
    result = vmap(vmap(torch.varMean))(tensor);
    assertEqual(result, torch.varMean(tensor, 2));
    same(result, await pyOut("out = vmap(vmap(torch.var_mean))(tensor)", { tensor }));

    // big batch size, nested vmap
    tensor = torch.randn([B0, B1, B2, 10]);
    result = vmap(vmap(vmap(torch.varMean)))(tensor);
    assertEqual(result, torch.varMean(tensor, 3));
    same(result, await pyOut("out = vmap(vmap(vmap(torch.var_mean)))(tensor)", { tensor }));
  });

  it("test_inplace_fallback_unary", async () => {
    const op = (t: Tensor) => t.acos_();
    const PY = "lambda t: t.acos_()";
    const [B0, B1, B2] = [2, 3, 10000];
    const x = torch.randn([B0, 5]);
    await assertUsesVmapFallback([op], [x], "_vmap(torch.Tensor.acos_)(x)", { x });
    const check = async (xOrig: Tensor, o: { outDims?: OutDims; view?: boolean; nest: number }) => {
      const x = xOrig.clone();
      let f: Fn = op;
      let pyF = PY;
      for (let i = 1; i < o.nest; i++) {
        f = vmap(f);
        pyF = pv(pyF);
      }
      const result = vmap(f, 0, o.outDims ?? 0)(x) as Tensor;
      if (o.view) {
        // Single vmap + different out_dim produces a view(!)
        expect(result._base?.isSetTo(x)).toBe(true);
        assertEqual(result, xOrig.t().acos());
      } else {
        expect(result.isSetTo(x)).toBe(true);
        assertEqual(result, xOrig.acos());
      }
      const [pyResult, pyX] = (await py.call("upstream_vmap.inplace", {
        op: pv(pyF),
        x: xOrig,
        out_dims: o.outDims ?? 0,
      })) as PyValue[];
      same(result, pyResult as PyValue, "result");
      same(x, pyX as PyValue, "x");
    };
    // Single vmap
    await check(torch.rand([B0, 5]), { nest: 1 });
    await check(torch.rand([B0, 5]), { nest: 1, outDims: [1], view: true });
    // Nested vmap
    await check(torch.randn([B0, B1, 5]), { nest: 2 });
    // Nested vmap, large batch size
    await check(torch.randn([B0, B1, B2, 5]), { nest: 3 });
  });

  it("test_inplace_fallback_nary_same_levels", async () => {
    const op = (x: Tensor, y: Tensor) => x.atan2_(y);
    const PY = "Tensor.atan2_";
    const outplaceOp = torch.atan2;
    const [x0, y0] = [torch.randn([5, 7, 11]), torch.randn([5, 7, 11])];
    await assertUsesVmapFallback([op], [x0, y0], "_vmap(torch.Tensor.atan2_)(x, y)", { x: x0, y: y0 });
    const run = async (f: Fn, pyF: string, xOrig: Tensor, y: Tensor, inDims: InDims, expected: Tensor) => {
      const x = xOrig.clone();
      vmap(f, inDims)(x, y);
      assertEqual(x, expected);
      const [, pyX] = (await py.call("upstream_vmap.inplace", {
        op: pyF,
        x: xOrig,
        others: [y],
        in_dims: inDims,
      })) as PyValue[];
      same(x, pyX as PyValue, "x");
    };
    // Single vmap
    let B0 = 5;
    let xOrig = torch.randn([7, 11, B0]);
    let y = torch.randn([B0, 7, 11]);
    await run(op, PY, xOrig, y, [2, 0], outplaceOp(xOrig, y.movedim(0, 2)));

    // Nested vmap
    B0 = 5;
    const B1 = 7;
    xOrig = torch.randn([B1, 11, B0]);
    y = torch.randn([B0, B1, 11]);
    await run(vmap(op), pv(PY), xOrig, y, [2, 0], outplaceOp(xOrig, y.movedim([0, 1], [2, 0])));

    // big batch size (total 10000)
    xOrig = torch.randn([100, 10, 10, 5]);
    y = torch.randn([100, 10, 10]);
    await run(vmap(vmap(op)), pv(pv(PY)), xOrig, y, 0, outplaceOp(xOrig, y.view([100, 10, 10, 1])));
  });

  it("test_inplace_fallback_nary_different_levels", async () => {
    const op = (x: Tensor, y: Tensor) => x.atan2_(y);
    const PY = "Tensor.atan2_";
    const outplaceOp = torch.atan2;
    const [B0, B1] = [2, 3];
    const [x0, y0] = [torch.rand([B0, 7]), torch.rand([7])];
    await assertUsesVmapFallback([op, [0, null]], [x0, y0], "_vmap(torch.Tensor.atan2_, (0, None))(x, y)", {
      x: x0,
      y: y0,
    });

    // op(left, right): All of the levels in right are found in left
    let xOrig = torch.rand([B0, 7]);
    let x = xOrig.clone();
    let y = torch.rand([7]);
    vmap(op, [0, null])(x, y);
    assertEqual(x, outplaceOp(xOrig, y));
    let [, pyX] = (await py.call("upstream_vmap.inplace", {
      op: PY,
      x: xOrig,
      others: [y],
      in_dims: [0, null],
    })) as PyValue[];
    same(x, pyX as PyValue, "x");

    xOrig = torch.rand([B0, B1, 7]);
    x = xOrig.clone();
    y = torch.rand([B0, 7]);
    vmap(vmap(op, [0, null]))(x, y);
    assertEqual(x, outplaceOp(xOrig, y.view([B0, 1, 7])));
    [, pyX] = (await py.call("upstream_vmap.inplace", {
      op: pv(PY, "in_dims=(0, None)"),
      x: xOrig,
      others: [y],
    })) as PyValue[];
    same(x, pyX as PyValue, "x");

    // op(left, right): Some of the levels in right are not found in left
    const msg = /vmap: aten::atan2_\(self, \*extra_args\) is not possible/;
    const OP = "op = Tensor.atan2_\n";
    x = torch.rand([7]);
    y = torch.rand([B0, 7]);
    await sameError(
      () => vmap(op, [null, 0])(x, y),
      `from torch import Tensor\n${OP}vmap(op, in_dims=(None, 0))(x, y)`,
      { x, y },
      msg,
    );
    x = torch.rand([B1, 7]);
    y = torch.rand([B0, 7]);
    await sameError(
      () => vmap(vmap(op, [0, null]), [null, 0])(x, y),
      `from torch import Tensor\n${OP}vmap(vmap(op, in_dims=(0, None)), in_dims=(None, 0))(x, y)`,
      { x, y },
      msg,
    );
    x = torch.rand([B1, 7]);
    y = torch.rand([7, B0]);
    await sameError(
      () => vmap(vmap(op, [0, null]), [null, 1])(x, y),
      `from torch import Tensor\n${OP}vmap(vmap(op, in_dims=(0, None)), in_dims=(None, 1))(x, y)`,
      { x, y },
      msg,
    );
    x = torch.rand([B0, 7]);
    y = torch.rand([B0, B1, 7]);
    await sameError(
      () => vmap(vmap(op, [null, 0]))(x, y),
      `from torch import Tensor\n${OP}vmap(vmap(op, in_dims=(None, 0)))(x, y)`,
      { x, y },
      msg,
    );
  });

  it("test_backward_unsupported_interaction", async () => {
    const x = torch.randn([3]).requiresGrad_(true);
    const y = torch.randn([5]);
    const grad = torch.randnLike(x);
    const errMsg = /backward\(\) called inside torch.vmap/;
    const inputs = { x0: x.detach(), y, grad };
    const PRELUDE = "x = x0.requires_grad_()\n";

    const backward_on_vmapped_tensor = (x: Tensor) => {
      x.sum().backward();
    };
    await sameError(
      () => vmap(backward_on_vmapped_tensor)(x),
      `${PRELUDE}def backward_on_vmapped_tensor(x):\n    x.sum().backward()\nvmap(backward_on_vmapped_tensor)(x)`,
      inputs,
      errMsg,
    );

    const backward_with_vmapped_grad = (x: Tensor, grad: Tensor) => {
      x.backward(grad);
    };
    await sameError(
      () => vmap(backward_with_vmapped_grad)(x, grad),
      `${PRELUDE}def backward_with_vmapped_grad(x, grad):\n    x.backward(grad)\nvmap(backward_with_vmapped_grad)(x, grad)`,
      inputs,
      errMsg,
    );

    const completely_unrelated_backward = (_y: Tensor) => {
      x.sum().backward();
    };
    await sameError(
      () => vmap(completely_unrelated_backward)(y),
      `${PRELUDE}def completely_unrelated_backward(y):\n    x.sum().backward()\nvmap(completely_unrelated_backward)(y)`,
      inputs,
      errMsg,
    );
    // None of them reached the engine: no gradient was accumulated.
    expect(x.grad).toBe(null);
  });

  it("test_grad_unsupported_interaction", async () => {
    const inputTensor = torch.randn([3]).requiresGrad_(true);
    const errMsg = /autograd.grad.* called inside torch.vmap/;
    const captured = torch.randn([3]).requiresGrad_(true);
    const PRELUDE = "input_tensor = i0.requires_grad_()\ncaptured = c0.requires_grad_()\n";
    const inputs = { i0: inputTensor.detach(), c0: captured.detach() };

    const output_to_grad_is_vmapped = (inputTensor: Tensor) => {
      const output = captured.mul(inputTensor).sum();
      return torch.autograd.grad([output], [captured])[0]!;
    };
    await sameError(
      () => vmap(output_to_grad_is_vmapped)(inputTensor),
      `${PRELUDE}def output_to_grad_is_vmapped(input_tensor):\n    output = (captured * input_tensor).sum()\n    return torch.autograd.grad([output], [captured])[0]\nvmap(output_to_grad_is_vmapped)(input_tensor)`,
      inputs,
      errMsg,
    );

    const output = inputTensor.pow(2).sum();
    const input_to_grad_is_vmapped = (inputTensor: Tensor) => torch.autograd.grad([output], [inputTensor])[0]!;
    await sameError(
      () => vmap(input_to_grad_is_vmapped)(inputTensor),
      `${PRELUDE}output = (input_tensor ** 2).sum()\ndef input_to_grad_is_vmapped(input_tensor):\n    return torch.autograd.grad([output], [input_tensor])[0]\nvmap(input_to_grad_is_vmapped)(input_tensor)`,
      inputs,
      errMsg,
    );
  });

  it("test_batched_gradient_basic", async () => {
    const N = 3;
    const x = torch.randn([N]).requiresGrad_(true);
    const y = torch.randn([N]);
    const vjp_mul = (v: Tensor) => torch.autograd.grad([x.mul(y)], [x], { gradOutputs: [v] })[0]!;
    const batchedV = torch.eye(N);
    const jacobian = vmap(vjp_mul)(batchedV);
    assertEqual(jacobian, torch.diagflat(y));
    same(jacobian, await py.call("upstream_vmap.vjp_rows", { x: x.detach(), y, batched_v: batchedV }));
  });

  it("test_functools_partial", async () => {
    const x = torch.randn([3]);
    const y = torch.randn([2, 3]);
    const result = vmap((torch.mul as Fn).bind(null, x))(y);
    assertEqual(result, x.mul(y));
    same(result, await pyOut("import functools\nout = vmap(functools.partial(torch.mul, x))(y)", { x, y }));
  });

  it("test_nn_module", async () => {
    const tensor = torch.randn([2, 3]);
    const model = new torch.nn.Linear(3, 3, { bias: false });
    const result = vmap(model)(tensor);
    assertEqual(result, model.call(tensor));
    same(result, await py.call("upstream_vmap.nn_module", { weight: model.weight.detach(), tensor }));
  });

  it("test_fallback_with_undefined_grad", async () => {
    const B0 = 7;
    const x = torch.randn([2, 3, 4, 5]).requiresGrad_(true);
    const weight = torch.randn([3, 3, 1, 1]);
    const v = torch.randn([B0, 2, 3, 4, 5]);
    const get_vjp = (v: Tensor) => {
      const result = torch.nn.functional.conv2d(x, weight);
      const [gradX] = torch.autograd.grad(result, x, { gradOutputs: v });
      return gradX!;
    };
    // Runs vmap(get_vjp)(v), which should not error out. The backward formula for convolution returns
    // an undefined Tensor for grad_bias because the original bias does not exist.
    await assertUsesVmapFallback(
      [get_vjp],
      [v],
      "_vmap(get_vjp)(v)",
      { x0: x.detach(), weight, v },
      "import torch.nn.functional as F\nx = x0.requires_grad_()\ndef get_vjp(v):\n    result = F.conv2d(x, weight)\n    (grad_x,) = torch.autograd.grad(result, x, v)\n    return grad_x\n",
    );
    const result = vmap(get_vjp)(v);
    same(result, await py.call("upstream_vmap.undefined_grad", { x: x.detach(), weight, v }));
  });
});

describe("TestVmapBase", () => {
  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_vmap_fallback_check_ok", async () => {
    const x = torch.rand([3]);
    same(vmap(torch.varMean)(x), await pyOut("out = vmap(torch.var_mean)(x)", { x }));
  });

  itNoFallback("test_vmap_fallback_check", async () => {
    const no_fallback = wrapMethodWithVmapFallbackCheck(() => {});
    // One day we'll implement a batching rule for torch.var_mean. When that happens, please change the
    // example to use an operator that doesn't have a batching rule implemented.
    const opUsingFallback = torch.varMean;
    // Here both sides run the call, so the check first finds that they used the fallback for the same
    // operator, then fails as upstream's does.
    const uses_fallback = wrapMethodWithVmapFallbackCheck(async () => {
      const x = torch.rand([3]);
      vmap(opUsingFallback)(x);
      await pyOut("out = vmap(torch.var_mean)(x)", { x });
    });
    await no_fallback();
    await expect(uses_fallback()).rejects.toThrow(NO_FALLBACK_MSG);
    let name = "";
    await uses_fallback().catch((e: Error) => {
      name = e.name;
    });
    expect(name).toBe("AssertionError");
  });
});

describe("TestVmapOperators", () => {
  itNoFallback("test_unary_pointwise_ops", async () => {
    const { rand, randn, randp1 } = TensorFactory;
    const cases: Array<[Fn, string, Getter]> = [
      [torch.abs, "abs", randn],
      [torch.acos, "acos", rand],
      [torch.asin, "asin", rand],
      [torch.atan, "atan", rand],
      [torch.ceil, "ceil", randn],
      [torch.cos, "cos", rand],
      [torch.cosh, "cosh", rand],
      [torch.digamma, "digamma", rand],
      [torch.exp, "exp", randn],
      [torch.expm1, "expm1", randn],
      [torch.floor, "floor", randn],
      [torch.frac, "frac", randn],
      [torch.lgamma, "lgamma", rand],
      [torch.log, "log", randp1],
      [torch.log10, "log10", randp1],
      [torch.log1p, "log1p", randp1],
      [torch.log2, "log2", randp1],
      [torch.neg, "neg", randn],
      [torch.reciprocal, "reciprocal", randp1],
      [torch.relu, "relu", randn],
      [torch.round, "round", randn],
      [torch.rsqrt, "rsqrt", randp1],
      [torch.sigmoid, "sigmoid", randn],
      [torch.sign, "sign", randn],
      [torch.sin, "sin", rand],
      [torch.sinh, "sinh", rand],
      [torch.sqrt, "sqrt", rand],
      [torch.tan, "tan", rand],
      [torch.tanh, "tanh", rand],
      [torch.trunc, "trunc", randn],
    ];
    for (const [op, name, getter] of cases) await testUnary(op, `torch.${name}`, getter);
  });

  itNoFallback("test_clone", async () => {
    // Some basic tests
    await testUnary((x: Tensor) => x.clone(), "lambda x: x.clone()", TensorFactory.randn);
    await testUnary(
      (x: Tensor) => cloneAs(x, { memoryFormat: "preserveFormat" }),
      "lambda x: x.clone(memory_format=torch.preserve_format)",
      TensorFactory.randn,
    );
    await testUnary(
      (x: Tensor) => cloneAs(x, { memoryFormat: "contiguousFormat" }),
      "lambda x: x.clone(memory_format=torch.contiguous_format)",
      TensorFactory.randn,
    );

    // Test that the per-examples are contiguous when using torch.contiguous_format
    const cloneContiguous = (x: Tensor) => cloneAs(x, { memoryFormat: "contiguousFormat" });
    const [B0, B1] = [3, 5];
    let x = torch.randn([2, B0, 7]);
    let y = vmap(cloneContiguous, 1, 1)(x);
    expect(y.movedim(1, 0).isContiguous()).toBe(true);
    expect(y.index([":", 0, ":"]).isContiguous()).toBe(true);

    x = torch.randn([2, B0, 7, B1]);
    y = vmap(vmap(cloneContiguous, 2), 1)(x);
    expect(y.isContiguous()).toBe(true);
    expect(y.index(0).index(0).isContiguous()).toBe(true);

    const msg = /only supported with memory_format torch.preserve_format or torch.contiguous_format/;
    const t = torch.randn([B0]);
    await sameError(
      () => vmap((x: Tensor) => cloneAs(x, { memoryFormat: "channelsLast" }))(t),
      "vmap(lambda x: x.clone(memory_format=torch.channels_last))(t)",
      { t },
      msg,
    );
    await sameError(
      () => vmap((x: Tensor) => cloneAs(x, { memoryFormat: "channelsLast3d" }))(t),
      "vmap(lambda x: x.clone(memory_format=torch.channels_last_3d))(t)",
      { t },
      msg,
    );
  });

  itNoFallback("test_binary_pointwise_ops", async () => {
    const getNumber = (getter: Getter) => getter([]).item() as number;
    // Python's operators on a number and a tensor are the reflected methods: __radd__, __rsub__ (torch.rsub),
    // __rtruediv__ (reciprocal * number), __rpow__ (torch.pow(number, t)).
    const isT = (v: unknown): v is Tensor => v instanceof Tensor;
    const { randn, randp1 } = TensorFactory;
    const cases: Array<[Fn, string, Getter]> = [
      [torch.add, "torch.add", randn],
      [(x, y) => (isT(x) ? x.add(y) : y.add(x)), "lambda x, y: x + y", randn],
      [torch.sub, "torch.sub", randn],
      [(x, y) => (isT(x) ? x.sub(y) : torch.rsub(y, x)), "lambda x, y: x - y", randn],
      [torch.mul, "torch.mul", randn],
      [(x, y) => (isT(x) ? x.mul(y) : y.mul(x)), "lambda x, y: x * y", randn],
      [torch.div, "torch.div", randp1],
      [(x, y) => (isT(x) ? x.div(y) : y.reciprocal().mul(x)), "lambda x, y: x / y", randp1],
      [torch.pow, "torch.pow", randp1],
      [(x, y) => (isT(x) ? x.pow(y) : torch.pow(x, y)), "lambda x, y: x ** y", randp1],
    ];
    for (const [op, pyOp, getter] of cases) {
      const [B0, B1] = [7, 11];
      const test = (inputs: Tensor[], o: VmapTestOptions = {}) => vmapTest(op, pyOp, inputs, o);

      // Single vmap: op(Tensor, Tensor)
      await test([getter([B0, 3]), getter([B0, 3])]);
      await test([getter([B0]), getter([B0, 2, 3])]);
      await test([getter([B0]), getter([2, B0, 3])], { inDims: [0, 1] });
      await test([getter([B0]), getter([2, B0, 3])], { inDims: [0, 1], outDims: 1 });
      await test([getter([B0]), getter([2, 3])], { inDims: [0, null] });
      await test([getter([2, 3]), getter([B0, 3])], { inDims: [0, null] });

      // Nested vmap: op(Tensor, Tensor)
      await vmapTest(vmap(op), pv(pyOp), [getter([B0, B1, 2, 3]), getter([B0, B1, 3])]);
      await vmapTest(vmap(op, [null, 0]), pv(pyOp, "in_dims=(None, 0)"), [getter([B0, 2, 3]), getter([B1, 3])], {
        inDims: [0, null],
      });

      // Python number overload: op(Tensor, Number) (and vice-versa)
      let number = getNumber(getter);
      await testUnary((t: Tensor) => op(t, number), `lambda t: (${pyOp})(t, number)`, getter, { env: { number } });
      number = getNumber(getter);
      await testUnary((t: Tensor) => op(number, t), `lambda t: (${pyOp})(number, t)`, getter, { env: { number } });

      // Type promotion: op(Logical Scalar Tensor, Logical Scalar Tensor)
      await test([getter([B0]), getter([B0], "float64")]);
      await test([getter([B0], "float64"), getter([B0])]);
      await test([getter([B0]), getter([B0])]);

      // Type promotion: op(Tensor, Logical Scalar Tensor) (and vice-versa)
      await test([getter([B0, 2]), getter([B0], "float64")]);
      await test([getter([B0], "float64"), getter([B0, 2])]);
    }
  });

  itNoFallback("test_as_strided", async () => {
    const check = async (sizes: number[], strides: number[], offset: number, tensor: Tensor, lambd: Fn) => {
      const result = vmap((t: Tensor) => t.asStrided(sizes, strides, offset))(tensor);
      const expected = vmap(lambd)(tensor) as Tensor;
      expect(result._base?.isSetTo(expected._base!)).toBe(true);
      assertEqual(result, expected);
      // PyTorch receives the input as a contiguous copy: the same strides, the offset from 0.
      if (tensor.isContiguous())
        same(
          result,
          await pyVmap("lambda t: t.as_strided(sizes, strides, offset)", [tensor], 0, 0, {
            sizes,
            strides,
            offset: offset - tensor.storageOffset(),
          }),
        );
    };
    // single vmap test
    const B0 = 5;
    const tensors = [
      // contiguous
      torch.randn([B0, 2, 3]),
      // non-contiguous
      torch.randn([B0, 3, 2]).transpose(1, 2),
      // non-zero storage offset
      torch.randn([2, B0, 2, 3]).index(1),
      // non-contiguous strides, zero storage offset
      torch.randn([B0, 2, 4, 3, 7]).index([":", ":", 0, ":", 0]),
      // non-contiguous strides, non-zero storage offset
      torch.randn([B0, 2, 4, 3, 7]).index([":", ":", 2, ":", 1]),
    ];
    for (const x of tensors) {
      const [S0, S1] = x.stride().slice(1) as [number, number];
      const offset = x.storageOffset();
      // Broadcast
      await check([5, 5, 2, 3], [0, 0, S0, S1], offset, x, (x: Tensor) => x.expand([5, 5, 2, 3]));
      // transpose
      await check([3, 2], [S1, S0], offset, x, (x: Tensor) => x.transpose(0, 1));
      // select
      await check([2], [S0], offset + S1, x, (x: Tensor) => x.index([":", 1]));
    }

    // Nested vmap test
    const B1 = 7;
    let x = torch.randn([B1, B0, 2, 3]);
    const [S0, S1] = x.stride().slice(2) as [number, number];
    const result = vmap(
      vmap((t: Tensor) => t.asStrided([5, 5, 2, 3], [0, 0, S0, S1])),
      1,
    )(x);
    const expected = vmap(
      vmap((t: Tensor) => t.expand([5, 5, 2, 3])),
      1,
    )(x);
    expect(result._base?.isSetTo(expected._base!)).toBe(true);
    assertEqual(result, expected);

    // Check that mal-formatted size/strides doesn't crash
    x = torch.randn([B0, 2, 3]).transpose(0, 1);
    await sameError(
      () => vmap((x: Tensor) => x.asStrided([1, 1, 1], [1, 1]))(x),
      "vmap(lambda x: x.as_strided([1, 1, 1], [1, 1]))(x.transpose(0, 1))",
      { x: x.transpose(0, 1).contiguous() },
      /size and stride must have the same length/,
    );

    // Sanity check #1: we require the batch dims to be at the front of the tensor (in memory layout).
    let msg = /batch dims being vmapped over are at the front of the tensor/;
    x = torch.randn([2, B0, 3]);
    await sameError(
      () => vmap((x: Tensor) => x.asStrided([2, 3], [B0 * 3, 1]))(x.transpose(0, 1)),
      "vmap(lambda x: x.as_strided([2, 3], [B0 * 3, 1]))(x.transpose(0, 1))",
      { x, B0 },
      msg,
    );
    x = torch.randn([B0, 2, 3, B1]);
    await sameError(
      () => vmap(vmap((x: Tensor) => x.asStrided([2, 3], [B1 * 3, B1])))(x.movedim(3, 1)),
      "vmap(vmap(lambda x: x.as_strided([2, 3], [B1 * 3, B1])))(x.movedim(3, 1))",
      { x, B1 },
      msg,
    );

    // Sanity check #2a: The maximum indexable location of
    // xs[i].as_strided(sizes, strides, offset + xs[i].offset() - xs.offset()) is less than or equal to
    // the maximum indexable location of xs[i].
    msg = /This is not supported inside of vmap/;
    x = torch.randn([B0, 3]);
    await sameError(
      () => vmap((x: Tensor) => x.asStrided([3], [1], 1))(x),
      "vmap(lambda x: x.as_strided([3], [1], 1))(x)",
      { x },
      msg,
    );
    x = torch.randn([B0, 3, 5]);
    await sameError(
      () => vmap((x: Tensor) => x.asStrided([4, 4], [4, 1], 0))(x),
      "vmap(lambda x: x.as_strided([4, 4], [4, 1], 0))(x)",
      { x },
      msg,
    );
    x = torch.randn([B0, B1, 3, 5]);
    await sameError(
      () => vmap(vmap((x: Tensor) => x.asStrided([4, 4], [4, 1], 0)))(x),
      "vmap(vmap(lambda x: x.as_strided([4, 4], [4, 1], 0)))(x)",
      { x },
      msg,
    );

    // Sanity check #2b: The min indexable location is greater than or equal to the min indexable
    // location of xs[i].
    x = torch.randn([2, B0, 3]);
    await sameError(
      () => vmap((x: Tensor) => x.asStrided([3], [1], B0 * 3 - 1))(x.index(1)),
      "vmap(lambda x: x.as_strided([3], [1], B0 * 3 - 1))(x[1])",
      { x, B0 },
      msg,
    );

    // Sanity check #2c: xs[i] is a zero-dim tensor, but the as_strided result is not
    x = torch.randn([B0, 0, 3]);
    await sameError(
      () => vmap((x: Tensor) => x.asStrided([3], [1]))(x),
      "vmap(lambda x: x.as_strided([3], [1]))(x)",
      { x },
      msg,
    );
  });

  /** test_bmm / test_mm / test_mv / test_dot: shape mismatches, then left, right and both arguments mapped. */
  async function matmulFamily(
    op: Fn,
    name: string,
    mismatch: Array<[number[], number[], InDims]>,
    left: number[],
    right: number[],
  ): Promise<void> {
    const [B0, B1] = [7, 11];
    for (const [a, b, inDims] of mismatch) {
      const [x, y] = [torch.randn(a), torch.randn(b)];
      await sameError(
        () => vmap(op, inDims)(x, y),
        `vmap(torch.${name}, in_dims=${pyDims(inDims)})(x, y)`,
        { x, y },
        /Shape mismatch/,
      );
    }
    const r = torch.rand;
    const pyOp = `torch.${name}`;
    // left arg is vmapped
    await vmapTest(op, pyOp, [r([B0, ...left]), r(right)], { inDims: [0, null] });
    await vmapTest(vmap(op, [0, null]), pv(pyOp, "in_dims=(0, None)"), [r([B1, B0, ...left]), r(right)], {
      inDims: [1, null],
    });
    // right arg is vmapped
    await vmapTest(op, pyOp, [r(left), r([B0, ...right])], { inDims: [null, 0] });
    await vmapTest(vmap(op, [null, 0]), pv(pyOp, "in_dims=(None, 0)"), [r(left), r([B1, B0, ...right])], {
      inDims: [null, 1],
    });
    // both args are vmapped
    await vmapTest(op, pyOp, [r([B0, ...left]), r([B0, ...right])]);
    await vmapTest(vmap(op), pv(pyOp), [r([B1, B0, ...left]), r([B0, B1, ...right])], { inDims: [1, 0] });
    await vmapTest(vmap(op, [0, null]), pv(pyOp, "in_dims=(0, None)"), [r([B1, ...left]), r([B0, ...right])], {
      inDims: [null, 0],
    });
  }

  itNoFallback("test_bmm", async () => {
    const B0 = 7;
    await matmulFamily(
      torch.bmm,
      "bmm",
      [
        [[B0, 2, 2, 2], [B0, 2], 0],
        [
          [B0, 3, 3, 2],
          [2, 2],
          [0, null],
        ],
        [
          [2, 2],
          [B0, 2, 2, 2],
          [null, 0],
        ],
      ],
      [2, 3, 5],
      [2, 5, 3],
    );
  });

  itNoFallback("test_cat", async () => {
    const [B0, B1] = [5, 7];
    const r = torch.rand;
    // Quick hack b/c vmap can't accept a list of tensors as an argument
    const getOp =
      (dim: number) =>
      (...tensors: Tensor[]) =>
        torch.cat(tensors, dim);
    const pyOp = (dim: number) => `lambda *tensors: torch.cat(tensors, dim=${dim})`;
    await vmapTest(getOp(0), pyOp(0), [r([B0, 2]), r([B0, 3])]);
    await vmapTest(getOp(0), pyOp(0), [r([2]), r([B0, 3])], { inDims: [null, 0] });
    await vmapTest(getOp(0), pyOp(0), [r([2, 17]), r([3, 17, B0])], { inDims: [null, 2] });
    await vmapTest(getOp(-1), pyOp(-1), [r([17, 2]), r([17, 3, B0])], { inDims: [null, 2] });
    await vmapTest(vmap(getOp(0), [0, null]), pv(pyOp(0), "in_dims=(0, None)"), [r([B1, 2]), r([B0, 3])], {
      inDims: [null, 0],
    });
    await vmapTest(vmap(getOp(0), [0, 0]), pv(pyOp(0), "in_dims=(0, 0)"), [r([B1, 2]), r([B0, B1, 3])], {
      inDims: [null, 0],
    });
  });

  itNoFallback("test_conj", async () => {
    const op = torch.conj;
    for (const dtype of ["float32", "complex64"] as DType[]) {
      const get = (shape: number[]) => torch.randn(shape, { dtype });
      const [B0, B1] = [7, 11];
      // Single vmap, various in_dims / out_dims
      await vmapTest(op, "torch.conj", [get([B0, 3])]);
      await vmapTest(op, "torch.conj", [get([2, 5, B0, 3])], { inDims: 2 });
      await vmapTest(op, "torch.conj", [get([2, 5, B0, 3])], { inDims: 2, outDims: 2 });
      // Doubly nested vmap
      await vmapTest(vmap(op), "vmap(torch.conj)", [get([B0, B1])]);
      await vmapTest(vmap(op), "vmap(torch.conj)", [get([B1, 2, 5, B0, 3])], { inDims: 2 });
      await vmapTest(vmap(op, 2), "vmap(torch.conj, in_dims=2)", [get([2, 5, B0, B1, 3])], {
        inDims: 2,
        outDims: 2,
      });
    }
    // check that torch.conj on a non-complex tensor returns the same tensor
    const realTensor = torch.randn([3]);
    const result = vmap(op)(realTensor);
    expect(result.dataPtr()).toBe(realTensor.dataPtr());
  });

  itNoFallback("test_contiguous", async () => {
    const op = (t: Tensor) => t.contiguous();
    await testUnary(op, "Tensor.contiguous", TensorFactory.randn);

    // check that contiguous returns the original tensor if the per-examples are already contiguous
    const B0 = 3;
    const x = torch.randn([B0, 2, 5, 7]).movedim(0, 2);
    const result = vmap(op, 2, 2)(x);
    expect(result.isSetTo(x)).toBe(true);

    // torchts's Tensor.contiguous is aten::contiguous through the dispatcher, whose batching rule refuses
    // these memory formats itself; PyTorch's Python binding asks is_contiguous(memory_format) first, which
    // refuses them with upstream's message. Both raise.
    const tensor = torch.randn([B0, 3]);
    for (const [mf, pyMf] of [
      ["channelsLast", "channels_last"],
      ["channelsLast3d", "channels_last_3d"],
    ] as const)
      await bothRaise(
        () => vmap((t: Tensor) => t.contiguous({ memoryFormat: mf }))(tensor),
        `import functools\nfrom torch import Tensor\nvmap(functools.partial(Tensor.contiguous, memory_format=torch.${pyMf}))(tensor)`,
        { tensor },
        /NYI: querying is_contiguous inside of vmap for memory_format/,
        /^NYI: Tensor\.contiguous\(\.\.\.\) inside of vmap for memory_format other than torch\.contiguous_format$/,
      );
  });

  itNoFallback("test_stride", async () => {
    const B0 = 3;
    // What each per-example view's stride() reads inside vmap, torchts's and PyTorch's.
    const seen: number[][] = [];
    let x = torch.randn([B0, 2, 5, 7]);
    const foo = (x: Tensor) => {
      expect(x.stride()).toEqual([7 * 5, 7, 1]);
      seen.push(x.stride());
      return x;
    };
    vmap(foo)(x);

    const base = torch.randn([2, B0, 5, 7]);
    x = base.movedim(1, 0);
    const bar = (x: Tensor) => {
      expect(x.stride()).toEqual([7 * 5 * B0, 7, 1]);
      seen.push(x.stride());
      return x;
    };
    vmap(bar)(x);
    expect(seen).toEqual(
      await pyOut(
        "seen = []\ndef record(x):\n    seen.append(list(x.stride()))\n    return x\n" +
          "vmap(record)(x0)\nvmap(record)(base.movedim(1, 0))\nout = seen",
        { x0: torch.randn([B0, 2, 5, 7]), base },
      ),
    );
  });

  itNoFallback("test_chunk", async () => {
    const op = torch.chunk;
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest(op, "torch.chunk", [r([B0, 2, 1024]), 15, -1], { inDims: [0, null, null] });
    await viewTest(op, "torch.chunk", [r([2, B0, 1024]), 9, 1], { inDims: [1, null, null] });
    await viewTest(
      vmap(op, [0, null, null]),
      "vmap(torch.chunk, in_dims=(0, None, None))",
      [r([B1, 1023, B0, 5]), 4, 0],
      {
        inDims: [2, null, null],
      },
    );
    await viewTest(
      vmap(vmap((t: Tensor) => op(t, 4, 1), 2)),
      "vmap(vmap(lambda t: torch.chunk(t, 4, 1), in_dims=2))",
      [r([B1, 2, B0, 64, B2])],
      { inDims: 2 },
    );
  });

  itNoFallback("test_clamp", async () => {
    const cases: Array<[Fn, string]> = [
      [(t: Tensor) => t.clamp({ min: -0.5 }), "lambda t: t.clamp(min=-0.5)"],
      [(t: Tensor) => t.clamp({ max: 0.5 }), "lambda t: t.clamp(max=0.5)"],
      [(t: Tensor) => t.clamp({ min: -0.5, max: 0.5 }), "lambda t: t.clamp(min=-0.5, max=0.5)"],
      [(t: Tensor) => t.clampMin(-0.5), "lambda t: t.clamp_min(min=-0.5)"],
      [(t: Tensor) => t.clampMax(0.5), "lambda t: t.clamp_max(max=0.5)"],
    ];
    for (const [op, pyOp] of cases) await testUnary(op, pyOp, TensorFactory.randn);
  });

  itNoFallback("test_comparison_ops", async () => {
    const o = { checkPropagatesGrad: false };
    const getter = TensorFactory.randn;
    const [B0, B1] = [7, 11];
    const ops: Array<[Fn, string]> = [
      [torch.eq, "torch.eq"],
      [(x: Tensor, y: Tensor) => x.eq(y), "lambda x, y: x == y"],
      [torch.gt, "torch.gt"],
      [(x: Tensor, y: Tensor) => x.gt(y), "lambda x, y: x > y"],
      [torch.ge, "torch.ge"],
      [(x: Tensor, y: Tensor) => x.ge(y), "lambda x, y: x >= y"],
      [torch.le, "torch.le"],
      [(x: Tensor, y: Tensor) => x.le(y), "lambda x, y: x <= y"],
      [torch.lt, "torch.lt"],
      [(x: Tensor, y: Tensor) => x.lt(y), "lambda x, y: x < y"],
      [torch.ne, "torch.ne"],
      [(x: Tensor, y: Tensor) => x.ne(y), "lambda x, y: x != y"],
    ];
    for (const [op, pyOp] of ops) {
      const test = (inputs: Tensor[], p: VmapTestOptions = {}) => vmapTest(op, pyOp, inputs, { ...o, ...p });
      // Single vmap: op(Tensor, Tensor)
      await test([getter([B0, 3]), getter([B0, 3])]);
      await test([getter([B0]), getter([B0, 2, 3])]);
      await test([getter([B0]), getter([2, B0, 3])], { inDims: [0, 1] });
      await test([getter([B0]), getter([2, B0, 3])], { inDims: [0, 1], outDims: 1 });
      await test([getter([B0]), getter([2, 3])], { inDims: [0, null] });
      await test([getter([2, 3]), getter([B0, 3])], { inDims: [0, null] });
      // Nested vmap: op(Tensor, Tensor)
      await vmapTest(vmap(op), pv(pyOp), [getter([B0, B1, 2, 3]), getter([B0, B1, 3])], o);
      await vmapTest(vmap(op, [null, 0]), pv(pyOp, "in_dims=(None, 0)"), [getter([B0, 2, 3]), getter([B1, 3])], {
        ...o,
        inDims: [0, null],
      });
      // test number as inputs
      const number = getter([]).item() as number;
      await testUnary((t: Tensor) => op(t, number), `lambda t: (${pyOp})(t, number)`, getter, {
        ...o,
        env: { number },
      });
    }
  });

  itNoFallback("test_diagonal", async () => {
    const tensor = torch.randn([3, 5, 7, 11, 13]);
    const op = torch.diagonal;
    const P = "torch.diagonal";
    await viewTest(op, P, [tensor, 1, 0, 1], { inDims: [0, null, null, null] });
    await viewTest(op, P, [tensor, 0, 2, -1], { inDims: [0, null, null, null] });
    await viewTest(op, P, [tensor, 2, 1, 2], { inDims: [1, null, null, null] });
    await viewTest(op, P, [tensor, 0, -2, -1], { inDims: [1, null, null, null], outDims: 1 });
    await viewTest(
      vmap((t: Tensor) => op(t, 0, 0, -1)),
      "vmap(lambda t: torch.diagonal(t, 0, 0, -1))",
      [tensor],
      {
        inDims: 1,
        outDims: 1,
      },
    );
    await viewTest(
      vmap(
        vmap((t: Tensor) => op(t, 0, 0, 1), 1),
        3,
      ),
      "vmap(vmap(lambda t: torch.diagonal(t, 0, 0, 1), in_dims=1), in_dims=3)",
      [tensor],
      { inDims: 1, outDims: 1 },
    );
  });

  itNoFallback("test_dot", async () => {
    const B0 = 7;
    await matmulFamily(
      torch.dot,
      "dot",
      [
        [[B0, 2, 2, 2], [B0, 2], 0],
        [
          [B0, 2],
          [2, 2],
          [0, null],
        ],
        [
          [2, 2],
          [B0, 2],
          [null, 0],
        ],
      ],
      [5],
      [5],
    );
  });

  itNoFallback("test_expand_as", async () => {
    const op = (x: Tensor, y: Tensor) => x.expandAs(y);
    const P = "torch.Tensor.expand_as";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest(op, P, [r([B0, 1, 5]), r([B0, 2, 3, 5])]);
    await viewTest(op, P, [r([B0, 1, 5]), r([2, 3, 5])], { inDims: [0, null] });
    await viewTest(op, P, [r([1, 5]), r([B0, 2, 3, 5])], { inDims: [null, 0] });
    await viewTest(vmap(op), pv(P), [r([B0, B1, 1, 5]), r([B0, B1, 2, 3, 5])]);
    await viewTest(vmap(op), pv(P), [r([B0, B1, 1, 5]), r([B1, B0, 2, 3, 5])], { inDims: [0, 1] });
    await viewTest(vmap(op), pv(P), [r([B0, B1]), r([B1, 2, 3, 5])], { inDims: [0, null] });
    await viewTest(vmap(vmap(op)), pv(pv(P)), [r([B0, B1, B2]), r([B0, B1, B2, 2, 3, 5])]);
  });

  itNoFallback("test_fill_and_zero_inplace", async () => {
    const o = { checkPropagatesGrad: false };
    const [B0, B1] = [7, 11];
    const randn = TensorFactory.randn;
    const ops: Array<[Fn, string]> = [
      [(t: Tensor) => t.fill_(0.1), "lambda t: t.fill_(0.1)"],
      [(t: Tensor) => t.fill_(torch.tensor(0.2) as never), "lambda t: t.fill_(torch.tensor(0.2))"],
      [(t: Tensor) => t.zero_(), "lambda t: t.zero_()"],
    ];
    for (const [op, pyOp] of ops) {
      // Single vmap, various in_dims / out_dims
      await vmapTest(op, pyOp, [randn([B0, 3])], o);
      await vmapTest(op, pyOp, [randn([2, 5, B0, 3])], { ...o, inDims: 2 });
      await vmapTest(op, pyOp, [randn([2, 5, B0, 3])], { ...o, inDims: 2, outDims: 2 });
      // Doubly nested vmap
      await vmapTest(vmap(op), pv(pyOp), [randn([B0, B1])], o);
      await vmapTest(vmap(op), pv(pyOp), [randn([B1, 2, 5, B0, 3])], { ...o, inDims: 2 });
      await vmapTest(vmap(op, 2), pv(pyOp, "in_dims=2"), [randn([2, 5, B0, B1, 3])], {
        ...o,
        inDims: 2,
        outDims: 2,
      });
    }
    // test when value is a batched tensor for fill_ operator
    const [C0, C1] = [3, 5];
    const fill_ = (t: Tensor, v: Tensor) => t.fill_(v as never);
    await vmapTest(fill_, "Tensor.fill_", [randn([C0, C1]), randn([C0])], o);

    // Runtime Error is thrown when the tensor being written to isn't being vmapped over
    const [a, b] = [randn([C0, C1]), randn([C0])];
    await sameError(
      () => vmap(fill_, [null, 0])(a, b),
      "from torch import Tensor\nvmap(Tensor.fill_, (None, 0))(a, b)",
      { a, b },
      /output with shape .+ doesn't match the broadcast shape/,
    );
  });

  async function testComplexViews(op: Fn, pyOp: string, dtypes: DType[]): Promise<void> {
    for (const dtype of dtypes) {
      const get = (shape: number[]) => torch.randn(shape, { dtype });
      const [B0, B1] = [7, 11];
      // Single vmap, various in_dims / out_dims
      await viewTest(op, pyOp, [get([B0, 3])]);
      await viewTest(op, pyOp, [get([3, B0])], { inDims: 1 });
      await viewTest(op, pyOp, [get([2, 5, B0, 3])], { inDims: 2 });
      await viewTest(op, pyOp, [get([2, 5, B0, 3])], { inDims: 2, outDims: 2 });
      // Doubly nested vmap
      await viewTest(vmap(op), pv(pyOp), [get([B0, B1])]);
      await viewTest(vmap(op), pv(pyOp), [get([B1, 2, 5, 3, B0])], { inDims: 4 });
      await viewTest(vmap(op, 2), pv(pyOp, "in_dims=2"), [get([2, 5, B0, B1, 3])], { inDims: 2, outDims: 2 });
    }
  }

  itNoFallback("test_real", async () => {
    await testComplexViews(torch.real, "torch.real", ["complex64", "complex128"]);
  });

  itNoFallback("test_imag", async () => {
    await testComplexViews(torch.imag, "torch.imag", ["complex64", "complex128"]);
  });

  itNoFallback("test_view_as_real", async () => {
    await testComplexViews(torch.viewAsReal, "torch.view_as_real", ["complex64", "complex128"]);
  });

  itNoFallback("test_view_as_complex", async () => {
    const op = torch.viewAsComplex;
    const P = "torch.view_as_complex";
    for (const dtype of ["float32", "float64"] as DType[]) {
      const get = (shape: number[]) => torch.randn(shape, { dtype });
      const [B0, B1] = [7, 11];
      // Single vmap, various in_dims / out_dims
      await viewTest(op, P, [get([B0, 3, 2])]);
      await viewTest(op, P, [get([2, 5, B0, 3, 2])], { inDims: 2 });
      await viewTest(op, P, [get([2, 5, B0, 3, 2])], { inDims: 2, outDims: 2 });
      // Doubly nested vmap
      await viewTest(vmap(op), pv(P), [get([B0, B1, 2])]);
      await viewTest(vmap(op), pv(P), [get([B1, 2, 5, B0, 3, 2])], { inDims: 2 });
      await viewTest(vmap(op, 2), pv(P, "in_dims=2"), [get([2, 5, B0, B1, 3, 2])], { inDims: 2, outDims: 2 });

      // Interesting case #1: Batch dim directly before dim of size 2
      await viewTest(op, P, [get([3, B0, 2])], { inDims: 1 });
      await viewTest(vmap(op, 1), pv(P, "in_dims=1"), [get([3, B1, B0, 2])], { inDims: 2 });

      // Interesting case #2: Batch dim at end of tensor, success cases. view_as_complex requires that the
      // dim with size 2 have stride 1 in order for the view to function properly. (These inputs are
      // strided views; PyTorch gets them as the same views of contiguous copies.)
      let x = get([B0, 2]);
      let r = vmap(op, 1)(x.transpose(0, 1));
      assertEqual(r, referenceVmap(op, [x.transpose(0, 1)], 1));
      same(r, await pyOut("out = vmap(torch.view_as_complex, in_dims=1)(x.transpose(0, 1))", { x }));
      x = get([B0, B1, 2]);
      r = vmap(vmap(op, 1))(x.movedim(1, 2));
      assertEqual(r, referenceVmap(vmap(op, 1), [x.movedim(1, 2)]));
      same(r, await pyOut("out = vmap(vmap(torch.view_as_complex, in_dims=1))(x.movedim(1, 2))", { x }));
      x = get([B0, 3, B1, 2]);
      r = vmap(vmap(op, 2))(x.movedim(2, 3));
      assertEqual(r, referenceVmap(vmap(op, 2), [x.movedim(2, 3)]));
      same(r, await pyOut("out = vmap(vmap(torch.view_as_complex, in_dims=2))(x.movedim(2, 3))", { x }));

      // Interesting case #3: Batch dim at end of tensor, failure cases
      let msg = /Tensor must have a last dimension with stride 1/;
      x = get([2, B0]);
      await sameError(() => vmap(op, 1)(x), "vmap(torch.view_as_complex, in_dims=1)(x)", { x }, msg);
      x = get([2, B0, B1]);
      await sameError(
        () => vmap(vmap(op, 1), 1)(x),
        "vmap(vmap(torch.view_as_complex, in_dims=1), in_dims=1)(x)",
        { x },
        msg,
      );

      // Invalid input: no dimension of size 2
      msg = /Input tensor must have one or more dimensions/;
      x = get([B0]);
      await sameError(() => vmap(op)(x), "vmap(torch.view_as_complex)(x)", { x }, msg);
      x = get([B0, B1]);
      await sameError(() => vmap(vmap(op))(x), "vmap(vmap(torch.view_as_complex))(x)", { x }, msg);

      // Invalid input: Batch dim has size 2, but the logical last dim does not have size 2
      msg = /Tensor must have a last dimension of size 2/;
      x = get([3, 2]);
      await sameError(() => vmap(op, 1)(x), "vmap(torch.view_as_complex, in_dims=1)(x)", { x }, msg);
    }
  });

  itNoFallback("test_is_complex", async () => {
    const ctensor = torch.randn([3], { dtype: "complex64" });
    const tensor = torch.randn([3]);
    const foo = (x: Tensor) => (x.isComplex() ? torch.tensor(1) : torch.tensor(0));
    const PY = "lambda x: torch.tensor(1) if x.is_complex() else torch.tensor(0)";
    assertEqual(vmap(foo)(ctensor), torch.tensor([1, 1, 1]));
    assertEqual(vmap(foo)(tensor), torch.tensor([0, 0, 0]));
    same(vmap(foo)(ctensor), await pyVmap(PY, [ctensor]));
    same(vmap(foo)(tensor), await pyVmap(PY, [tensor]));
  });

  itNoFallback("test_is_floating_point", async () => {
    const floatTensor = torch.tensor([1, 2, 3], { dtype: "float32" });
    const longTensor = torch.tensor([1, 2, 3]);
    const foo = (x: Tensor) => (x.isFloatingPoint() ? torch.tensor(1) : torch.tensor(0));
    const PY = "lambda x: torch.tensor(1) if x.is_floating_point() else torch.tensor(0)";
    assertEqual(vmap(foo)(floatTensor), torch.tensor([1, 1, 1]));
    assertEqual(vmap(foo)(longTensor), torch.tensor([0, 0, 0]));
    same(vmap(foo)(floatTensor), await pyVmap(PY, [floatTensor]));
    same(vmap(foo)(longTensor), await pyVmap(PY, [longTensor]));
  });

  itNoFallback("test_is_contiguous", async () => {
    const foo = (x: Tensor) =>
      x.isContiguous() ? torch.tensor(1, { dtype: "float32" }) : torch.tensor(0, { dtype: "float32" });
    const PY = "lambda x: torch.tensor(1.) if x.is_contiguous() else torch.tensor(0.)";
    const [B0, B1] = [3, 5];
    const check = async (f: Fn, pyF: string, code: string, x: Tensor, expected: Tensor) => {
      const out = f(x);
      assertEqual(out, expected);
      same(out, await pyOut(`f = ${pyF}\nout = ${code}`, { x }), `${pyF}: ${code}`);
    };

    // Single batch dim
    await check(vmap(foo), pv(PY), "f(x)", torch.randn([B0, 2, 7]), torch.ones([B0]));
    await check(vmap(foo, 1), pv(PY, "in_dims=1"), "f(x)", torch.randn([2, B0, 7]), torch.zeros([B0]));
    let x = torch.randn([2, B0, 7]);
    let out = vmap(foo)(x.movedim(1, 0));
    assertEqual(out, torch.zeros([B0]));
    same(out, await pyOut(`out = vmap(${PY})(x.movedim(1, 0))`, { x }));
    await check(vmap(foo, 2), pv(PY, "in_dims=2"), "f(x)", torch.randn([2, 7, B0]), torch.zeros([B0]));

    // Multiple batch dims
    await check(vmap(vmap(foo)), pv(pv(PY)), "f(x)", torch.randn([B0, B1, 3]), torch.ones([B0, B1]));
    await check(vmap(vmap(foo), 1), pv(pv(PY), "in_dims=1"), "f(x)", torch.randn([B1, B0, 3]), torch.ones([B0, B1]));
    x = torch.randn([B1, B0, 3]);
    out = vmap(vmap(foo))(x.movedim(0, 1));
    assertEqual(out, torch.ones([B0, B1]));
    same(out, await pyOut(`out = vmap(vmap(${PY}))(x.movedim(0, 1))`, { x }));
    await check(vmap(vmap(foo, 1)), pv(pv(PY, "in_dims=1")), "f(x)", torch.randn([B0, 3, B1]), torch.zeros([B0, B1]));

    // is_contiguous on empty tensor is True
    const bar = (x: Tensor) => {
      expect(x.isContiguous()).toBe(true);
      return x;
    };
    vmap(bar)(torch.randn([B0, 0, 3]));
    vmap(bar, 1)(torch.randn([0, B0, 3]));
    vmap(bar)(torch.randn([B0, 0, 3]).mT);

    // is_contiguous with other memory formats
    const msg = /NYI: querying is_contiguous inside of vmap for memory_format/;
    const tensor = torch.randn([B0, 2, 7, 3]);
    const baz = (memoryFormat: "channelsLast" | "channelsLast3d") => (x: Tensor) => {
      x.isContiguous({ memoryFormat });
      return x;
    };
    await sameError(
      () => vmap(baz("channelsLast"))(tensor),
      "vmap(lambda x: x.is_contiguous(memory_format=torch.channels_last) and x)(tensor)",
      { tensor },
      msg,
    );
    await sameError(
      () => vmap(baz("channelsLast3d"))(tensor),
      "vmap(lambda x: x.is_contiguous(memory_format=torch.channels_last_3d) and x)(tensor)",
      { tensor },
      msg,
    );
  });

  itNoFallback("test_movedim", async () => {
    const op = torch.movedim;
    const P = "torch.movedim";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    const n2 = [0, null, null];
    // movedim(tensor, int, int) variant
    await viewTest(op, P, [r([B0, 2, 5]), 0, 1], { inDims: n2 });
    await viewTest(op, P, [r([2, B0, 5]), 0, 1], { inDims: [1, null, null] });
    await viewTest(vmap(op, n2), pv(P, "in_dims=(0, None, None)"), [r([B1, 2, B0, 5]), 0, 1], {
      inDims: [2, null, null],
    });
    await viewTest(
      vmap(vmap(op, [2, null, null]), n2),
      pv(pv(P, "in_dims=(2, None, None)"), "in_dims=(0, None, None)"),
      [r([B1, 2, B0, 5, B2]), 0, 1],
      { inDims: [2, null, null] },
    );
    // movedim(tensor, intlist, intlist) variant
    await viewTest(op, P, [r([B0, 2, 3, 5]), [1, 0], [0, 2]], { inDims: n2 });
    await viewTest(op, P, [r([2, 3, B0, 5]), [1, 0], [0, 2]], { inDims: [1, null, null] });
    await viewTest(vmap(op, n2), pv(P, "in_dims=(0, None, None)"), [r([B1, 2, B0, 5]), [0, 1], [1, 0]], {
      inDims: [2, null, null],
    });
    await viewTest(
      vmap(vmap(op, [2, null, null]), n2),
      pv(pv(P, "in_dims=(2, None, None)"), "in_dims=(0, None, None)"),
      [r([B1, 2, B0, 5, B2]), [0, 1], [1, 0]],
      { inDims: [2, null, null] },
    );
  });

  itNoFallback("test_mm", async () => {
    const B0 = 7;
    await matmulFamily(
      torch.mm,
      "mm",
      [
        [[B0, 2, 2, 2], [B0, 2], 0],
        [
          [B0, 2],
          [2, 2],
          [0, null],
        ],
        [
          [2, 2],
          [B0, 2, 2, 2],
          [null, 0],
        ],
      ],
      [2, 5],
      [5, 2],
    );
  });

  itNoFallback("test_mv", async () => {
    const B0 = 7;
    await matmulFamily(
      torch.mv,
      "mv",
      [
        [[B0, 2, 2, 2], [B0, 2], 0],
        [
          [B0, 2, 2],
          [2, 2],
          [0, null],
        ],
        [
          [2, 2],
          [B0, 2, 2],
          [null, 0],
        ],
      ],
      [2, 5],
      [5],
    );
  });

  itNoFallback("test_narrow", async () => {
    const op = torch.narrow;
    const P = "torch.narrow";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest(op, P, [r([B0, 2, 5]), -1, 1, 3], { inDims: [0, null, null, null] });
    await viewTest(op, P, [r([2, B0, 5]), 1, 1, 3], { inDims: [1, null, null, null] });
    await viewTest(
      vmap(op, [0, null, null, null]),
      pv(P, "in_dims=(0, None, None, None)"),
      [r([B1, 2, B0, 5]), 1, 0, 0],
      { inDims: [2, null, null, null] },
    );
    await viewTest(
      vmap(vmap(op, [2, null, null, null]), [0, null, null, null]),
      pv(pv(P, "in_dims=(2, None, None, None)"), "in_dims=(0, None, None, None)"),
      [r([B1, 2, B0, 5, B2]), -1, 2, 3],
      { inDims: [2, null, null, null] },
    );
  });

  itNoFallback("test_new_empty", async () => {
    // Empty is non-deterministic so we just check that the shape of the output tensor is what we expect
    // and that the vmap fallback isn't used; and that the strides are PyTorch's (a fresh tensor per call).
    const op = (x: Tensor, size: number[]) => x.newEmpty(size);
    const [B0, B1] = [7, 11];
    const layout = (r: Tensor) => [r.shape, r.stride()];
    const pyLayout = (code: string) => pyOut(`r = ${code}\nout = [list(r.shape), list(r.stride())]`);

    let result = vmap((x: Tensor) => op(x, [2, 3]))(torch.randn([B0]));
    expect(result.shape).toEqual([B0, 2, 3]);
    expect(layout(result)).toEqual(await pyLayout(`vmap(lambda x: x.new_empty([2, 3]))(torch.randn(${B0}))`));

    result = vmap((x: Tensor) => op(x, []))(torch.randn([B0]));
    expect(result.shape).toEqual([B0]);
    expect(layout(result)).toEqual(await pyLayout(`vmap(lambda x: x.new_empty([]))(torch.randn(${B0}))`));

    result = vmap(vmap((x: Tensor) => op(x, [2, 3])))(torch.randn([B0, B1]));
    expect(result.shape).toEqual([B0, B1, 2, 3]);
    expect(layout(result)).toEqual(
      await pyLayout(`vmap(vmap(lambda x: x.new_empty([2, 3])))(torch.randn(${B0}, ${B1}))`),
    );
  });

  itNoFallback("test_new_empty_strided", async () => {
    // Empty is non-deterministic so we just check that the size and shape of the output are what we
    // expect, and that PyTorch gives the same strides.
    const [B0, B1] = [7, 11];
    const storageSize = (size: number[], stride: number[]) => torch.emptyStrided(size, stride).storage().size();
    const pyStrides = (code: string, size: number[], stride: number[]) =>
      pyOut(`r = ${code}\nout = [list(r.shape), list(r.stride())]`, { size, stride });
    const testSingleVmap = async (size: number[], stride: number[]) => {
      const x = torch.randn([B0]);
      const result = vmap((x: Tensor) => x.newEmptyStrided(size, stride))(x);
      const S = storageSize(size, stride);
      expect(result.shape).toEqual([B0, ...size]);
      expect(result.stride()).toEqual([S, ...stride]);
      expect([result.shape, result.stride()]).toEqual(
        await pyStrides(`vmap(lambda x: x.new_empty_strided(size, stride))(torch.randn(${B0}))`, size, stride),
      );
    };
    const testDoubleVmap = async (size: number[], stride: number[]) => {
      let x = torch.randn([B0, B1]);
      let result = vmap(vmap((x: Tensor) => x.newEmptyStrided(size, stride)))(x);
      const S = storageSize(size, stride);
      expect(result.shape).toEqual([B0, B1, ...size]);
      expect(result.stride()).toEqual([B1 * S, S, ...stride]);
      x = torch.randn([B1, B0]);
      result = vmap(
        vmap((x: Tensor) => x.newEmptyStrided(size, stride)),
        1,
      )(x);
      expect(result.shape).toEqual([B0, B1, ...size]);
      expect(result.stride()).toEqual([B1 * S, S, ...stride]);
      expect([result.shape, result.stride()]).toEqual(
        await pyStrides(
          `vmap(vmap(lambda x: x.new_empty_strided(size, stride)), in_dims=1)(torch.randn(${B1}, ${B0}))`,
          size,
          stride,
        ),
      );
    };
    // contiguous case
    await testSingleVmap([2, 3, 5], [3 * 5, 5, 1]);
    await testDoubleVmap([2, 3, 5], [3 * 5, 5, 1]);
    // expanded
    await testSingleVmap([2, 3, 5], [0, 5, 1]);
    await testDoubleVmap([2, 3, 5], [0, 5, 1]);
    // some of these cases are pretty strange, just verifying that if empty_strided allows them then
    // BatchedTensor.new_empty_strided can as well
    for (const shape of [
      [2, 3, 4],
      [0, 2, 0],
    ])
      for (const strides of [
        [12, 4, 1],
        [2, 4, 6],
        [0, 0, 0],
      ]) {
        await testSingleVmap(shape, strides);
        await testDoubleVmap(shape, strides);
      }
  });

  itNoFallback("test_new_zeros", async () => {
    const o = { checkPropagatesGrad: false };
    const [B0, B1] = [7, 11];
    const cases: Array<[Fn, string, Tensor]> = [
      [(x: Tensor) => x.newZeros([2, 3]), "lambda x: x.new_zeros(2, 3)", torch.rand([B0])],
      [(x: Tensor) => x.newZeros([]), "lambda x: x.new_zeros([])", torch.rand([B0])],
      [vmap((x: Tensor) => x.newZeros([3, 5])), "vmap(lambda x: x.new_zeros(3, 5))", torch.rand([B0, B1])],
    ];
    for (const [op, pyOp, x] of cases) {
      await vmapTest(op, pyOp, [x], o);
      // a fresh tensor per call, laid out as PyTorch's
      expect((vmap(op)(x) as Tensor).stride()).toEqual(await pyOut(`out = list(vmap(${pyOp})(x).stride())`, { x }));
    }
  });

  itNoFallback("test_select", async () => {
    const op = torch.select;
    const P = "torch.select";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest(op, P, [r([B0, 2, 5]), 0, 0], { inDims: [0, null, null] });
    await viewTest(op, P, [r([2, B0, 5]), 1, 1], { inDims: [1, null, null] });
    await viewTest(
      vmap((t: Tensor) => op(t, 1, 1)),
      "vmap(lambda t: torch.select(t, 1, 1))",
      [r([B1, 2, B0, 5])],
      {
        inDims: 2,
      },
    );
    await viewTest(
      vmap(vmap((t: Tensor) => op(t, 1, 1), 1)),
      "vmap(vmap(lambda t: torch.select(t, 1, 1), in_dims=1))",
      [r([B1, 2, B0, B2, 5])],
      { inDims: 2 },
    );
  });

  itNoFallback("test_stack", async () => {
    const [B0, B1] = [5, 7];
    const r = torch.rand;
    // Quick hack b/c vmap can't accept a list of tensors as an argument
    const getOp =
      (dim: number) =>
      (...tensors: Tensor[]) =>
        torch.stack(tensors, dim);
    const pyOp = (dim: number) => `lambda *tensors: torch.stack(tensors, dim=${dim})`;
    await vmapTest(getOp(0), pyOp(0), [r([B0, 3]), r([B0, 3])]);
    await vmapTest(getOp(0), pyOp(0), [r([3]), r([B0, 3])], { inDims: [null, 0] });
    await vmapTest(getOp(0), pyOp(0), [r([2, 17]), r([2, 17, B0])], { inDims: [null, 2] });
    await vmapTest(getOp(-1), pyOp(-1), [r([2, 17]), r([2, 17, B0])], { inDims: [null, 2] });
    await vmapTest(vmap(getOp(0), [0, null]), pv(pyOp(0), "in_dims=(0, None)"), [r([B1, 2]), r([B0, 2])], {
      inDims: [null, 0],
    });
    await vmapTest(vmap(getOp(0), [0, 0]), pv(pyOp(0), "in_dims=(0, 0)"), [r([B1, 2]), r([B0, B1, 2])], {
      inDims: [null, 0],
    });
  });

  itNoFallback("test_slice", async () => {
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest((t: Tensor) => t.index("0:1"), "lambda t: t[0:1]", [r([B0, 3, 5])]);
    await viewTest((t: Tensor) => t.index([":", "1:3"]), "lambda t: t[:, 1:3]", [r([3, 5, B0])], { inDims: 2 });
    await viewTest(
      vmap((t: Tensor) => t.index([":", "0:1"]), 2),
      "vmap(lambda t: t[:, 0:1], in_dims=2)",
      [r([3, 5, B0, B1])],
      { inDims: 2 },
    );
    await viewTest(
      vmap(
        vmap((t: Tensor) => t.index("0:1"), 2),
        2,
      ),
      "vmap(vmap(lambda t: t[0:1], in_dims=2), in_dims=2)",
      [r([3, 5, B0, B1, B2])],
      { inDims: 2 },
    );
  });

  itNoFallback("test_squeeze", async () => {
    const op = torch.squeeze;
    const P = "torch.squeeze";
    const [B0, B1] = [1, 11];
    const r = torch.rand;
    await viewTest(op, P, [r([B0])]);
    await viewTest(op, P, [r([B0, 3, 5])]);
    await viewTest(op, P, [r([1, B0, 5])], { inDims: 1 });
    await viewTest(op, P, [r([B0, 0, 1, 5, 1])]);
    await viewTest(op, P, [r([B0, 1, 1, 1, 1])]);
    await viewTest(vmap(op), pv(P), [r([B0, B1, 1])]);
    await viewTest(vmap(op), pv(P), [r([B1, 1, B0])], { inDims: 2 });
  });

  itNoFallback("test_sum_dim", async () => {
    const [B0, B1] = [5, 7];
    const randn = torch.randn;
    const sum = (d: number | number[]) => (x: Tensor) => x.sum(d);
    const P = (d: string) => `lambda x: x.sum(${d})`;
    // Single vmap, various in_dims / out_dims
    await vmapTest(sum([]), P("()"), [randn([B0])]);
    await vmapTest(sum(0), P("0"), [randn([B0])]);
    await vmapTest(sum(-1), P("-1"), [randn([B0])]);
    await vmapTest(sum(0), P("0"), [randn([B0, 3])]);
    await vmapTest(sum(-1), P("-1"), [randn([2, 5, B0, 3])], { inDims: 2 });
    await vmapTest(sum(2), P("2"), [randn([2, 5, B0, 3])], { inDims: 2, outDims: 2 });
    // Doubly nested vmap
    await vmapTest(vmap(sum([])), pv(P("()")), [randn([B0, B1])]);
    await vmapTest(vmap(sum(0)), pv(P("0")), [randn([B0, B1])]);
    await vmapTest(vmap(sum(-1)), pv(P("-1")), [randn([B0, B1])]);
    await vmapTest(vmap(sum(-2)), pv(P("-2")), [randn([B1, 2, 5, B0, 3])], { inDims: 2 });
    await vmapTest(vmap(sum(2), 2), pv(P("2"), "in_dims=2"), [randn([2, 5, B0, B1, 3])], { inDims: 2, outDims: 2 });
  });

  itNoFallback("test_reshape", async () => {
    const [B1, B2] = [11, 13];
    const B0 = 7;
    const op = torch.reshape;
    const r = torch.rand;
    await vmapTest(op, "torch.reshape", [r([B0, 2 * 5]), [2, 5]], { inDims: [0, null], checkView: true });
    await vmapTest(op, "torch.reshape", [r([2, B0, 5]), [1, 1, 10]], { inDims: [1, null], checkView: false });
    await vmapTest(
      vmap((t: Tensor) => t.reshape([-1])),
      "vmap(lambda t: t.reshape([-1]))",
      [r([B0, B1, 2, 5])],
      {
        checkView: true,
      },
    );
    await vmapTest(
      vmap(
        vmap((t: Tensor) => t.reshape([-1]), 2),
        1,
      ),
      "vmap(vmap(lambda t: t.reshape([-1]), in_dims=2), in_dims=1)",
      [r([3, B1, 2, B2, 5, B0])],
      { inDims: 5, checkView: false },
    );
  });

  itNoFallback("test_reshape_as", async () => {
    const [B0, B1, B2] = [7, 11, 13];
    const op = (x: Tensor, y: Tensor) => x.reshapeAs(y);
    const P = "torch.Tensor.reshape_as";
    const r = torch.rand;
    await vmapTest(op, P, [r([B0, 2 * 5]), r([B0, 2, 5])], { checkView: true });
    await vmapTest(op, P, [r([2 * 5]), r([B0, 2, 5])], { inDims: [null, 0], checkView: true });
    await vmapTest(op, P, [r([B0, 2 * 5]), r([2, 5])], { inDims: [0, null], checkView: true });
    await vmapTest(op, P, [r([2, B0, 5]), r([1, 1, 10])], { inDims: [1, null], checkView: false });
    await vmapTest(vmap(op), pv(P), [r([B0, B1, 2, 5]), torch.randn([B0, B1, 10])], { checkView: true });
    await vmapTest(
      vmap(vmap(op, [2, null]), [1, null]),
      pv(pv(P, "in_dims=(2, None)"), "in_dims=(1, None)"),
      [r([3, B1, 2, B2, 5, B0]), r([B0, 3 * 2 * 5])],
      { inDims: [5, 0], checkView: false },
    );
  });

  itNoFallback("test_result_type", async () => {
    const scalarTensorWithDtype =
      (op: Fn) =>
      (...args: unknown[]) =>
        torch.ones([], { dtype: op(...args) });
    const o = { checkPropagatesGrad: false };
    const op = scalarTensorWithDtype(torch.resultType);
    const P = "(lambda *a: torch.ones([], dtype=torch.result_type(*a)))";
    const B0 = 2;
    const { randn } = torch;
    const long = (size: number[]) => torch.randint(10, size, { dtype: "int64" });
    for (const s of [[B0], [B0, 2]]) {
      await vmapTest(op, P, [randn(s), randn(s, { dtype: "float64" })], o);
      await vmapTest(op, P, [randn(s), long(s)], o);
      await vmapTest((x: Tensor) => op(x, 1), `lambda x: ${P}(x, 1)`, [randn(s)], o);
      await vmapTest((x: Tensor) => op(x, 1.6), `lambda x: ${P}(x, 1.6)`, [randn(s)], o);
      await vmapTest((x: Tensor) => op(x, torch.tensor(1)), `lambda x: ${P}(x, torch.tensor(1))`, [randn(s)], o);
      await vmapTest(
        (x: Tensor) => op(x, torch.tensor(1.6, { dtype: "float64" })),
        `lambda x: ${P}(x, torch.tensor(1.6, dtype=torch.double))`,
        [randn(s)],
        o,
      );
    }
    await vmapTest(op, P, [randn([B0, 2]), randn([B0], { dtype: "float64" })], o);
    await vmapTest(op, P, [randn([B0, 2]), long([B0])], o);
  });

  itNoFallback("test_tensor_split", async () => {
    const op = torch.tensorSplit;
    const P = "torch.tensor_split";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    const n2 = [0, null, null];
    // tests for torch.tensor_split(self, indices_or_sections: int, dim)
    await viewTest(op, P, [r([B0, 2, 1024]), 5, -1], { inDims: n2 });
    await viewTest(op, P, [r([2, B0, 1024]), 150, 1], { inDims: [1, null, null] });
    await viewTest(vmap(op, n2), pv(P, "in_dims=(0, None, None)"), [r([B1, 1023, B0, 5]), 256, 0], {
      inDims: [2, null, null],
    });
    await viewTest(
      vmap(vmap((t: Tensor) => op(t, 4, 1), 2)),
      "vmap(vmap(lambda t: torch.tensor_split(t, 4, 1), in_dims=2))",
      [r([B1, 2, B0, 64, B2])],
      { inDims: 2 },
    );
    // tests for torch.tensor_split(self, indices_or_sections: List[int], dim)
    await viewTest(op, P, [r([B0, 2, 1024]), [50, 100, 378, 890], -1], { inDims: n2 });
    await viewTest(op, P, [r([2, B0, 1024]), [50, 100, 212, 345, 0, 378, 890], 1], { inDims: [1, null, null] });
    await viewTest(
      vmap(op, n2),
      pv(P, "in_dims=(0, None, None)"),
      [r([B1, 1023, B0, 5]), [50, 100, 212, 345, 0, 378, 890], 0],
      { inDims: [2, null, null] },
    );
    await viewTest(
      vmap(vmap((t: Tensor) => op(t, [4, 8, 9, 34, 29], 1), 2)),
      "vmap(vmap(lambda t: torch.tensor_split(t, [4, 8, 9, 34, 29], 1), in_dims=2))",
      [r([B1, 2, B0, 64, B2])],
      { inDims: 2 },
    );
  });

  itNoFallback("test_split", async () => {
    const op = torch.split;
    const P = "torch.split";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    const n2 = [0, null, null];
    const rep = (v: number, n: number) => new Array(n).fill(v) as number[];
    // tests for torch.split(self, split_size: int, dim)
    await viewTest(op, P, [r([B0, 2, 1024]), 101, -1], { inDims: n2 });
    await viewTest(op, P, [r([2, B0, 1024]), 130, 1], { inDims: [1, null, null] });
    await viewTest(vmap(op, n2), pv(P, "in_dims=(0, None, None)"), [r([B1, 1023, B0, 5]), 256, 0], {
      inDims: [2, null, null],
    });
    await viewTest(
      vmap(vmap((t: Tensor) => op(t, 4, 1), 2)),
      "vmap(vmap(lambda t: torch.split(t, 4, 1), in_dims=2))",
      [r([B1, 2, B0, 64, B2])],
      { inDims: 2 },
    );
    // tests for torch.split(self, split_size: List[int], dim)
    await viewTest(op, P, [r([B0, 2, 1024]), [1, 1020, 3], -1], { inDims: n2 });
    await viewTest(op, P, [r([2, B0, 1024]), [...rep(100, 10), 24], 1], { inDims: [1, null, null] });
    await viewTest(vmap(op, n2), pv(P, "in_dims=(0, None, None)"), [r([B1, 1023, B0, 5]), [...rep(256, 3), 255], 0], {
      inDims: [2, null, null],
    });
    await viewTest(
      vmap(vmap((t: Tensor) => op(t, [...rep(4, 8), ...rep(8, 4)], 1), 2)),
      "vmap(vmap(lambda t: torch.split(t, [4] * 8 + [8] * 4, 1), in_dims=2))",
      [r([B1, 2, B0, 64, B2])],
      { inDims: 2 },
    );
  });

  itNoFallback("test_trace", async () => {
    const op = torch.trace;
    const P = "torch.trace";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await vmapTest(op, P, [r([B0, 2, 5])]);
    await vmapTest(op, P, [r([2, B0, 5])], { inDims: 1 });
    await vmapTest(vmap(op), pv(P), [r([B1, 2, B0, 5])], { inDims: 2 });
    await vmapTest(vmap(vmap(op, 2)), pv(pv(P, "in_dims=2")), [r([B1, 2, B0, 5, B2])], { inDims: 2 });
  });

  itNoFallback("test_transpose", async () => {
    const op = torch.transpose;
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    const tr = (a: number, b: number) => (x: Tensor) => op(x, a, b);
    const P = (a: number, b: number) => `lambda x: torch.transpose(x, ${a}, ${b})`;
    await viewTest(tr(0, 1), P(0, 1), [r([B0, 2, 5])]);
    await viewTest(tr(-1, -2), P(-1, -2), [r([B0, 2, 5])]);
    await viewTest(tr(3, 1), P(3, 1), [r([B0, 2, 5, 4, 6])]);
    await viewTest(tr(1, 0), P(1, 0), [r([2, B0, 5])], { inDims: 1 });
    await viewTest(vmap(tr(0, 1)), pv(P(0, 1)), [r([B1, 2, B0, 5])], { inDims: 2 });
    await viewTest(vmap(vmap(tr(0, 1), 2)), pv(pv(P(0, 1), "in_dims=2")), [r([B1, 2, B0, 5, B2])], { inDims: 2 });

    // Special case: scalar tensor
    for (const dim1 of [0, -1])
      for (const dim2 of [0, -1]) {
        const x = torch.rand([B0]);
        const result = vmap(tr(dim1, dim2))(x);
        expect(result.isSetTo(x)).toBe(true);
        same(result, await pyVmap(P(dim1, dim2), [x]));
      }
  });

  itNoFallback("test_t", async () => {
    const op = torch.t;
    const P = "torch.t";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest(op, P, [r([B0, 2, 5])]);
    await viewTest(op, P, [r([2, B0, 5])], { inDims: 1 });
    await viewTest(vmap(op), pv(P), [r([B1, 2, B0, 5])], { inDims: 2 });
    await viewTest(vmap(vmap(op, 2)), pv(pv(P, "in_dims=2")), [r([B1, 2, B0, 5, B2])], { inDims: 2 });
  });

  itNoFallback("test_T_numpy", async () => {
    const op = (t: Tensor) => t.T;
    const P = "lambda t: t.T";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest(op, P, [r([B0, 2, 3, 5])]);
    await viewTest(op, P, [r([B0])]);
    await viewTest(op, P, [r([2, B0, 3, 5])], { inDims: 1 });
    await viewTest(vmap(op), pv(P), [r([B1, 2, B0, 5])], { inDims: 2 });
    await viewTest(vmap(op), pv(P), [r([B1, 2, B0, 3, 5])], { inDims: 2 });
    await viewTest(vmap(vmap(op, 2)), pv(pv(P, "in_dims=2")), [r([B1, 2, B0, 3, B2, 5])], { inDims: 2 });
  });

  itNoFallback("test_to", async () => {
    const [B0, B1] = [7, 11];
    const r = torch.rand;
    await vmapTest((t: Tensor) => t.to("cpu"), "lambda t: t.to('cpu')", [r([B0])]);
    await vmapTest((t: Tensor) => t.to("float64"), "lambda t: t.to(torch.double)", [r([B0])]);
    const toOther = (t: Tensor, o: Tensor) => t.to(o);
    await vmapTest(toOther, "lambda t, o: t.to(o)", [r([B0]), torch.randn([B0], { dtype: "float64" })]);
    await vmapTest(toOther, "lambda t, o: t.to(o)", [r([B0]), torch.randn([B0], { dtype: "float64" })], {
      inDims: [0, null],
    });
    await vmapTest(
      vmap((t: Tensor) => t.to("float64")),
      "vmap(lambda t: t.to(torch.double))",
      [r([B0, B1, 3])],
    );
    // also test some casting methods
    await vmapTest((t: Tensor) => t.double(), "lambda t: t.double()", [r([B0])]);
    await vmapTest((t: Tensor) => t.float(), "lambda t: t.float()", [r([B0])]);
    await vmapTest((t: Tensor) => t.int(), "lambda t: t.int()", [r([B0])], { checkPropagatesGrad: false });
    await vmapTest((t: Tensor) => t.long(), "lambda t: t.long()", [r([B0])], { checkPropagatesGrad: false });
  });

  itNoFallback("test_unfold", async () => {
    const op = (t: Tensor, d: number, s: number, st: number) => t.unfold(d, s, st);
    const P = "torch.Tensor.unfold";
    const [B0, B1, B2] = [3, 2, 5];
    const r = torch.rand;
    const n3 = [0, null, null, null];
    await viewTest(op, P, [r([B0, 7, 11]), 0, 2, 1], { inDims: n3 });
    await viewTest(op, P, [r([7, B0, 11]), 1, 4, 2], { inDims: [1, null, null, null] });
    await viewTest(vmap(op, n3), pv(P, "in_dims=(0, None, None, None)"), [r([B1, 7, B0, 11]), 1, 5, 1], {
      inDims: [2, null, null, null],
    });
    await viewTest(
      vmap(vmap(op, [2, null, null, null]), n3),
      pv(pv(P, "in_dims=(2, None, None, None)"), "in_dims=(0, None, None, None)"),
      [r([B1, 7, B0, 11, B2]), -1, 2, 4],
      { inDims: [2, null, null, null] },
    );
  });

  itNoFallback("test_unbind", async () => {
    const op = torch.unbind;
    const P = "torch.unbind";
    const [B0, B1, B2] = [7, 11, 13];
    const r = torch.rand;
    await viewTest(op, P, [r([B0, 2, 1024]), -1], { inDims: [0, null] });
    await viewTest(op, P, [r([B0, 2, 0])]);
    await viewTest(op, P, [r([2, B0, 7]), 0], { inDims: [1, null] });
    await viewTest(vmap(op, [0, null]), pv(P, "in_dims=(0, None)"), [r([B1, 1023, B0, 5]), 1], { inDims: [2, null] });
    await viewTest(
      vmap(vmap((t: Tensor) => op(t, 1), 2)),
      "vmap(vmap(lambda t: torch.unbind(t, dim=1), in_dims=2))",
      [r([B1, 2, B0, 32, B2])],
      { inDims: 2 },
    );
  });

  itNoFallback("test_view", async () => {
    const [B0, B1, B2] = [7, 11, 13];
    const op = (t: Tensor, s: number[]) => t.view(s);
    const P = "torch.Tensor.view";
    const r = torch.rand;
    // We should error out if the view would produce an incorrect result
    const x = r([2, B0, 5]);
    await sameError(() => vmap(op, [1, null])(x, [10]), "vmap(torch.Tensor.view, in_dims=(1, None))(x, [10])", { x });
    await viewTest(op, P, [r([B0, 2 * 5]), [2, 5]], { inDims: [0, null] });
    await viewTest(op, P, [r([B0, 4, 5]), [1, 2, 1, 10]], { inDims: [0, null] });
    await viewTest(
      vmap((t: Tensor) => t.view([-1])),
      "vmap(lambda t: t.view([-1]))",
      [r([B0, B1, 2, 5, 3])],
    );
    await viewTest(
      vmap(
        vmap((t: Tensor) => t.reshape([-1])),
        1,
      ),
      "vmap(vmap(lambda t: t.reshape([-1])), in_dims=1)",
      [r([B2, B0, B1, 3, 2, 5])],
      { inDims: 1 },
    );
  });

  itNoFallback("test_view_as", async () => {
    const [B0, B1, B2] = [7, 11, 13];
    const op = (x: Tensor, y: Tensor) => x.viewAs(y);
    const P = "torch.Tensor.view_as";
    const r = torch.rand;
    // We should error out if the view would produce an incorrect result
    const [a, b] = [r([2, B0, 5]), r([B0, 10])];
    await sameError(() => vmap(op, [1, 0])(a, b), "vmap(torch.Tensor.view_as, in_dims=(1, 0))(a, b)", { a, b });
    await viewTest(op, P, [r([B0, 2 * 5]), r([B0, 2, 5])]);
    await viewTest(op, P, [r([2 * 5]), r([B0, 2, 5])], { inDims: [null, 0] });
    await viewTest(op, P, [r([B0, 2 * 5]), r([2, 5])], { inDims: [0, null] });
    await viewTest(op, P, [r([B0, 4, 5]), r([2, 1, 1, 10])], { inDims: [0, null] });
    await viewTest(vmap(op), pv(P), [r([B0, B1, 2, 5]), torch.randn([B0, B1, 10])]);
    await viewTest(
      vmap(vmap(op, [0, null]), [0, null]),
      pv(pv(P, "in_dims=(0, None)"), "in_dims=(0, None)"),
      [r([B1, B2, B0, 3, 2, 5]), r([B0, 3 * 2 * 5])],
      { inDims: [2, 0] },
    );
  });

  itNoFallback("test_no_random_op_support", async () => {
    const B0 = 2;
    const captured = torch.rand([3]);
    const r = torch.rand;
    const n = torch.randn;
    const randomOps: Array<[Fn, string, Tensor[]]> = [
      // out-of-place on BatchedTensor
      [torch.bernoulli, "torch.bernoulli", [r([B0, 1])]],
      [(t: Tensor) => torch.bernoulli(t, 0.5), "lambda t: torch.bernoulli(t, p=0.5)", [r([B0, 1])]],
      [(t: Tensor) => torch.multinomial(t, 2), "lambda t: torch.multinomial(t, 2)", [r([B0, 3])]],
      [torch.normal, "torch.normal", [n([B0, 1]), n([B0, 1])]],
      [(t: Tensor) => torch.normal(t, 1.5), "lambda t: torch.normal(t, 1.5)", [n([B0, 1])]],
      [(t: Tensor) => torch.normal(0.5, t), "lambda t: torch.normal(0.5, t)", [n([B0, 1])]],
      [torch.poisson, "torch.poisson", [r([B0, 1])]],
      [torch.randLike, "torch.rand_like", [r([B0, 1])]],
      [torch.randnLike, "torch.randn_like", [r([B0, 1])]],
      [(t: Tensor) => torch.randintLike(t, 2), "lambda t: torch.randint_like(t, 2)", [r([B0, 1])]],
      [(t: Tensor) => torch.randintLike(t, 0, 2), "lambda t: torch.randint_like(t, 0, 2)", [r([B0, 1])]],

      // out-of-place on captured tensor
      [() => torch.bernoulli(captured), "lambda t: torch.bernoulli(captured)", [r([B0])]],
      [() => torch.bernoulli(captured, 0.5), "lambda t: torch.bernoulli(captured, p=0.5)", [r([B0])]],
      [() => torch.multinomial(captured, 2), "lambda t: torch.multinomial(captured, 2)", [r([B0])]],
      [() => torch.normal(captured, captured), "lambda t: torch.normal(captured, captured)", [n([B0])]],
      [() => torch.normal(captured, 1.5), "lambda t: torch.normal(captured, 1.5)", [n([B0])]],
      [() => torch.normal(0.5, captured), "lambda t: torch.normal(0.5, captured)", [n([B0])]],
      [() => torch.poisson(captured), "lambda t: torch.poisson(captured)", [r([B0])]],
      [() => torch.randLike(captured), "lambda t: torch.rand_like(captured)", [r([B0])]],
      [() => torch.randnLike(captured), "lambda t: torch.randn_like(captured)", [r([B0])]],
      [() => torch.randintLike(captured, 2), "lambda t: torch.randint_like(captured, 2)", [r([B0])]],
      [() => torch.randintLike(captured, 0, 2), "lambda t: torch.randint_like(captured, 0, 2)", [r([B0])]],

      // in-place on BatchedTensor
      [(t: Tensor) => t.bernoulli_(), "lambda t: t.bernoulli_()", [n([B0, 1])]],
      [(t: Tensor) => t.cauchy_(), "lambda t: t.cauchy_()", [n([B0, 1])]],
      [(t: Tensor) => t.exponential_(), "lambda t: t.exponential_()", [n([B0, 1])]],
      [(t: Tensor) => t.geometric_(0.5), "lambda t: t.geometric_(0.5)", [n([B0, 1])]],
      [(t: Tensor) => t.logNormal_(), "lambda t: t.log_normal_()", [n([B0, 1])]],
      [(t: Tensor) => t.normal_(), "lambda t: t.normal_()", [n([B0, 1])]],
      [(t: Tensor) => t.random_(), "lambda t: t.random_()", [n([B0, 1])]],
      [(t: Tensor) => t.random_(0, 2), "lambda t: t.random_(0, 2)", [n([B0, 1])]],
      [(t: Tensor) => t.random_(2), "lambda t: t.random_(2)", [n([B0, 1])]],
      [(t: Tensor) => t.uniform_(), "lambda t: t.uniform_()", [n([B0, 1])]],

      // in-place on captured tensor
      [() => captured.bernoulli_(), "lambda t: captured.bernoulli_()", [n([B0])]],
      [() => captured.cauchy_(), "lambda t: captured.cauchy_()", [n([B0])]],
      [() => captured.exponential_(), "lambda t: captured.exponential_()", [n([B0])]],
      [() => captured.geometric_(0.5), "lambda t: captured.geometric_(0.5)", [n([B0])]],
      [() => captured.logNormal_(), "lambda t: captured.log_normal_()", [n([B0])]],
      [() => captured.normal_(), "lambda t: captured.normal_()", [n([B0])]],
      [() => captured.random_(), "lambda t: captured.random_()", [n([B0])]],
      [() => captured.random_(0, 2), "lambda t: captured.random_(0, 2)", [n([B0])]],
      [() => captured.random_(2), "lambda t: captured.random_(2)", [n([B0])]],
      [() => captured.uniform_(), "lambda t: captured.uniform_()", [n([B0])]],

      // factory functions
      [() => torch.rand([1]), "lambda t: torch.rand(1)", [n([B0])]],
      [() => torch.randn([1]), "lambda t: torch.randn(1)", [n([B0])]],
      [() => torch.randint(5, [1]), "lambda t: torch.randint(5, [1])", [n([B0])]],
      [() => torch.randperm(5), "lambda t: torch.randperm(5)", [n([B0])]],
    ];
    for (const [op, pyOp, args] of randomOps) {
      const inputs = Object.fromEntries(args.map((a, i) => [`a${i}`, a]));
      await sameError(
        () => vmap(op)(...args),
        `vmap(${pyOp})(${args.map((_, i) => `a${i}`).join(", ")})`,
        { ...inputs, captured },
        /vmap: We do not yet support calling random operations/,
      );
    }
  });
});

// ---- TestVmapBatchedGradient's machinery ----

const differentiable = (args: unknown): Tensor[] =>
  (Array.isArray(args) ? args : [args]).filter((a): a is Tensor => a instanceof Tensor && a.requiresGrad);

const constructV = (output: Tensor, batchSize: number) =>
  torch.randn([batchSize, ...output.shape], { dtype: output.dtype });

/** _get_rand_no_zeros: rand clamped to at least 0.1. */
const randNoZeros = (size: number[], requiresGrad = false) =>
  torch.rand(size).clampMin_(0.1).requiresGrad_(requiresGrad);

/** The arguments as PyTorch receives them: values, and which are differentiated (leaves there). */
const pyArgs = (args: unknown[]) => ({
  args: args.map((a) => (a instanceof Tensor ? a.detach() : a)),
  requires_grad: args.map((a) => a instanceof Tensor && a.requiresGrad),
});

/**
 * _batched_grad_test: vmap over autograd.grad's vector-Jacobian products of op's outputs equals the
 * per-vector loop, and PyTorch's on the same vectors.
 */
async function batchedGradTest(op: Fn, pyOp: string, args: unknown[], env: Record<string, unknown> = {}) {
  const outputs = differentiable(op(...args));
  const batchedVectors = outputs.map((out) => constructV(out, 3));
  const vectorJacobianProduct = (...vectors: Tensor[]) =>
    torch.autograd.grad(outputs, differentiable(args), { gradOutputs: vectors, retainGraph: true });
  await vmapTest(vectorJacobianProduct, null, batchedVectors, { checkPropagatesGrad: false });
  same(
    vmap(vectorJacobianProduct)(...batchedVectors),
    await py.call("upstream_vmap.batched_grad", { op: pyOp, ...pyArgs(args), batched_vectors: batchedVectors, env }),
    `${pyOp}: vjp`,
  );
}

/** _batched_grad_grad_test: the same for vector-Hessian products (batched second gradients). */
async function batchedGradGradTest(op: Fn, pyOp: string, args: unknown[], env: Record<string, unknown> = {}) {
  const outputs = differentiable(op(...args));
  const ones = outputs.map((out) => torch.onesLike(out));
  // Same thing as summing together all of the outputs and calling .backward()
  const firstGrads = differentiable(
    torch.autograd.grad(outputs, differentiable(args), { gradOutputs: ones, createGraph: true }),
  );
  expect(firstGrads.length, "None of the first grads depend on the input!").not.toBe(0);
  const batchedVectors = firstGrads.map((g) => constructV(g, 3));
  const vectorHessianProduct = (...vectors: Tensor[]) => {
    const outs = torch.autograd
      .grad(firstGrads, differentiable(args), { gradOutputs: vectors, retainGraph: true, allowUnused: true })
      .filter((o): o is Tensor => o !== null);
    expect(outs.length).toBeGreaterThan(0);
    return outs;
  };
  await vmapTest(vectorHessianProduct, null, batchedVectors, { checkPropagatesGrad: false });
  same(
    vmap(vectorHessianProduct)(...batchedVectors),
    await py.call("upstream_vmap.batched_grad", {
      op: pyOp,
      ...pyArgs(args),
      batched_vectors: batchedVectors,
      grad_grad: true,
      env,
    }),
    `${pyOp}: vhp`,
  );
}

describe("TestVmapBatchedGradientCPU", () => {
  const isT = (v: unknown): v is Tensor => v instanceof Tensor;

  async function testArithmetic(op: Fn, pyOp: string, testGradGrad = true): Promise<void> {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    const y = randNoZeros([2, 3], true);
    const scalar = 3.14;
    await batchedGradTest(op, pyOp, [x, y]);
    await batchedGradTest(op, pyOp, [scalar, y]);
    await batchedGradTest(op, pyOp, [x, scalar]);
    if (testGradGrad) await batchedGradGradTest(op, pyOp, [x, y]);
  }

  itNoFallback("test_add_cpu", async () => {
    await testArithmetic(torch.add, "torch.add", false);
    await testArithmetic((x, y) => (isT(x) ? x.add(y) : y.add(x)), "lambda x, y: x + y", false);
  });

  itNoFallback("test_sub_cpu", async () => {
    await testArithmetic(torch.sub, "torch.sub", false);
    await testArithmetic((x, y) => (isT(x) ? x.sub(y) : torch.rsub(y, x)), "lambda x, y: x - y", false);
  });

  itNoFallback("test_mul_cpu", async () => {
    await testArithmetic(torch.mul, "torch.mul");
    await testArithmetic((x, y) => (isT(x) ? x.mul(y) : y.mul(x)), "lambda x, y: x * y");
  });

  itNoFallback("test_div_cpu", async () => {
    await testArithmetic(torch.div, "torch.div");
    await testArithmetic((x, y) => (isT(x) ? x.div(y) : y.reciprocal().mul(x)), "lambda x, y: x / y");
  });

  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_binary_cross_entropy_cpu", async () => {
    const x = torch.nn.functional.sigmoid(torch.randn([3, 2]).requiresGrad_(true));
    const target = torch.rand([3, 2]);
    const op = (x: Tensor) => torch.nn.functional.binaryCrossEntropy(x, target);
    const P = "functools.partial(F.binary_cross_entropy, target=target)";
    await batchedGradTest(op, P, [x], { target });
    await batchedGradGradTest(op, P, [x], { target });
  });

  itNoFallback("test_expand_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.expand([5, 5, 2, 3]), "lambda x: x.expand(5, 5, 2, 3)", [x]);
  });

  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_index_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    const index = torch.tensor([
      [0, 0],
      [1, 1],
    ]);
    const op = (x: Tensor) => x.mul(x).index(index);
    const P = "lambda x: (x * x)[index]";
    await batchedGradTest(op, P, [x], { index });
    await batchedGradGradTest(op, P, [x], { index });
  });

  itNoFallback("test_lgamma_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.lgamma(), "Tensor.lgamma", [x]);
    await batchedGradGradTest((x: Tensor) => x.lgamma(), "Tensor.lgamma", [x]);
  });

  itNoFallback("test_log_cpu", async () => {
    const x = randNoZeros([2, 3], true);
    await batchedGradTest(torch.log, "torch.log", [x]);
    await batchedGradGradTest(torch.log, "torch.log", [x]);
  });

  itNoFallback("test_logsumexp_cpu", async () => {
    const x = randNoZeros([2, 3], true);
    const op = (x: Tensor) => torch.logsumexp(x, -1);
    await batchedGradTest(op, "lambda x: torch.logsumexp(x, -1)", [x]);
    await batchedGradGradTest(op, "lambda x: torch.logsumexp(x, -1)", [x]);
  });

  itNoFallback("test_log1p_cpu", async () => {
    const x = randNoZeros([2, 3], true);
    await batchedGradTest(torch.log1p, "torch.log1p", [x]);
    await batchedGradGradTest(torch.log1p, "torch.log1p", [x]);
  });

  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_max_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest(torch.max, "torch.max", [x]);
  });

  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_median_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest(torch.median, "torch.median", [x]);
  });

  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_min_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest(torch.min, "torch.min", [x]);
  });

  itNoFallback("test_permute_cpu", async () => {
    const x = torch.randn([2, 3, 5]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.permute([2, 0, 1]), "lambda x: x.permute(2, 0, 1)", [x]);
  });

  itNoFallback("test_reshape_cpu", async () => {
    const x = torch.randn([2, 3, 5]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.reshape([2 * 3, 5]), "lambda x: x.reshape([2 * 3, 5])", [x]);
  });

  itNoFallback("test_sigmoid_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.sigmoid(), "Tensor.sigmoid", [x]);
    await batchedGradGradTest((x: Tensor) => x.sigmoid(), "Tensor.sigmoid", [x]);
  });

  itNoFallback("test_stack_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    const y = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest((x: Tensor, y: Tensor) => torch.stack([x, y]), "lambda x, y: torch.stack([x, y])", [x, y]);
  });

  itNoFallback("test_select_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.index(1), "lambda x: x[1]", [x]);
    await batchedGradTest((x: Tensor) => x.select(1, 2), "lambda x: x.select(1, 2)", [x]);
    await batchedGradTest((x: Tensor) => x.select(-1, 0), "lambda x: x.select(-1, 0)", [x]);
  });

  itNoFallback("test_slice_cpu", async () => {
    const x = torch.randn([2, 3, 5]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.index("0:1"), "lambda x: x[0:1]", [x]);
    await batchedGradTest((x: Tensor) => x.index([":", "1:3"]), "lambda x: x[:, 1:3]", [x]);
    await batchedGradTest((x: Tensor) => x.index(["...", "1:3"]), "lambda x: x[..., 1:3]", [x]);
  });

  itNoFallback("test_trace_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.trace(), "Tensor.trace", [x]);
  });

  // @allowVmapFallbackUsage (its batched gradient goes through aten::matmul's fallback, in PyTorch too).
  it("test_symeig_cpu", async () => {
    const op = (x: Tensor) => torch.symeig(x, { eigenvectors: true })[0];
    const P = "lambda x: torch.symeig(x, eigenvectors=True)[0]";
    const x = torch.randn([3, 3]).requiresGrad_(true);
    await batchedGradTest(op, P, [x]);
    await batchedGradGradTest(op, P, [x]);
  });

  itNoFallback("test_threshold_cpu", async () => {
    const x = torch.randn([2, 3]).requiresGrad_(true);
    await batchedGradTest(
      (x: Tensor) => torch.nn.functional.threshold(x, 0.5, 0.0),
      "lambda x: F.threshold(x, 0.5, 0.0)",
      [x],
    );
  });

  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_inplace_view_cpu", async () => {
    const leaf = torch.randn([4, 5]).requiresGrad_(true);
    // Make sure the function is non-trivially twice differentiable
    const func = (leaf: Tensor) => {
      const base = leaf.mul(leaf);
      const view = base.index(0);
      view.cos_();
      return view;
    };
    const P = "lambda leaf: (leaf * leaf)[0].cos_()";
    await batchedGradTest(func, P, [leaf]);
    await batchedGradGradTest(func, P, [leaf]);
  });

  // @allowVmapFallbackUsage: not wrapped in the check.
  it("test_inplace_manyview_cpu", async () => {
    const leaf = torch.randn([4, 4, 5]).requiresGrad_(true);
    // Make sure the function is non-trivially twice differentiable
    const func = (leaf: Tensor) => {
      const base = leaf.mul(leaf);
      let view = base.transpose(0, 2);
      view = view.index(1);
      view = view.diagonal();
      view = view.index("::2");
      view.cos_();
      return view;
    };
    const P = "lambda leaf: (leaf * leaf).transpose(0, 2)[1].diagonal()[::2].cos_()";
    await batchedGradTest(func, P, [leaf]);
    await batchedGradGradTest(func, P, [leaf]);
  });

  itNoFallback("test_diagonal_cpu", async () => {
    let x = torch.randn([4, 5]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.diagonal(1, 0, 1), "lambda x: x.diagonal(1, 0, 1)", [x]);
    x = torch.randn([3, 4, 5]).requiresGrad_(true);
    await batchedGradTest((x: Tensor) => x.diagonal(0, -1, -2), "lambda x: x.diagonal(0, -1, -2)", [x]);
  });

  for (const [name, warmUp] of [
    ["test_unrelated_output_cpu", false],
    ["test_unrelated_output_multiple_grad_cpu", true],
  ] as const)
    it(name, async () => {
      const B0 = 3;
      const x = torch.randn([]).requiresGrad_(true);
      const y = torch.randn([]).requiresGrad_(true);
      const gy = torch.randn([B0]).requiresGrad_(true);
      const vjp = (v: Tensor) => {
        const [res] = torch.autograd.grad(y, x, { gradOutputs: v, allowUnused: true });
        return res === null || res === undefined ? torch.zerosLike(x) : res;
      };
      if (warmUp) vjp(gy.index(0));
      const result = vmap(vjp)(gy);
      assertEqual(result, torch.zeros([B0, ...x.shape]));
      same(
        result,
        await pyOut(
          `x = x0.requires_grad_()\ny = y0.requires_grad_()\n` +
            "def vjp(v):\n    res, = torch.autograd.grad(y, x, v, allow_unused=True)\n" +
            "    return torch.zeros_like(x) if res is None else res\n" +
            `${warmUp ? "vjp(gy[0])\n" : ""}out = vmap(vjp)(gy.requires_grad_())`,
          { x0: x.detach(), y0: y.detach(), gy: gy.detach() },
        ),
      );
    });
});

// ---- torchts's spelling of the switch EnableVmapFallbackWarnings uses (not an upstream case) ----

describe("torch._C._debug_only_display_vmap_fallback_warnings (torch._debugOnlyDisplayVmapFallbackWarnings)", () => {
  it("takes one bool, as PyTorch's; the setting reads back", async () => {
    for (const [v, pyV] of [
      ["x", "'x'"],
      [1, "1"],
      [null, "None"],
    ] as const)
      await expectSameError(
        py,
        () => torch._debugOnlyDisplayVmapFallbackWarnings(v as unknown as boolean),
        `torch._C._debug_only_display_vmap_fallback_warnings(${pyV})`,
      );
    await expectSameError(
      py,
      () => (torch._debugOnlyDisplayVmapFallbackWarnings as Fn)(),
      "torch._C._debug_only_display_vmap_fallback_warnings()",
    );
    const prev = torch._debugOnlyAreVmapFallbackWarningsEnabled();
    expect(prev).toBe(await py.eval("out = torch._C._debug_only_are_vmap_fallback_warnings_enabled()"));
    try {
      for (const v of [true, false]) {
        torch._debugOnlyDisplayVmapFallbackWarnings(v);
        expect(torch._debugOnlyAreVmapFallbackWarningsEnabled()).toBe(v);
      }
    } finally {
      torch._debugOnlyDisplayVmapFallbackWarnings(prev);
    }
  });

  it("Tensor.newOnes / newFull under vmap use the fallback, as PyTorch's new_ones / new_full", async () => {
    const x = torch.randn([7]);
    for (const [op, pyOp] of [
      [(t: Tensor) => t.newOnes([2, 3]), "lambda t: t.new_ones(2, 3)"],
      [(t: Tensor) => t.newFull([2, 3], 1.5), "lambda t: t.new_full((2, 3), 1.5)"],
    ] as const) {
      await assertUsesVmapFallback([op], [x], `_vmap(${pyOp})(x)`, { x });
      same(vmap(op)(x), await pyVmap(pyOp, [x]), pyOp);
    }
  });
});
