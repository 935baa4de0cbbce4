// Ported from PyTorch 1.13's test/test_torch.py (TestTorchDeviceType as instantiated on the CPU, and TestTorch), each
// case named after the upstream test (test_<name>_cpu[_<dtype>] for the device-type tests, test_<name> for TestTorch).
// Where upstream compares with NumPy (np.diff, np.take, np.where, np.clip), with hand-written tensors or with a Python
// loop over elements, live PyTorch runs the same torch call on the same inputs (test/python/upstream_torch.py) and
// torchts must give the same dtype, shape and values, or the same error class and first message line. What depends
// on a tensor's layout (expanded and overlapping views for the memory-overlap checks, storages, set_) runs as
// upstream's own statements in PyTorch (`snippets`), the same statements in torchts, and the results or errors are
// compared. Self-consistency checks (out= against the plain call, expanded against broadcast inputs, non-contiguous
// against contiguous, cdist against the brute-force norm) are ported as they are.
// In part:
// - test_broadcast: the tensor, torch.* and in-place forms over randomly drawn broadcastable shapes, and each torch.*
//   form compared with PyTorch; map / map2 (Python callables) are left out.
// - test_nondeterministic_alert_*: the CPU ops upstream lists (cumsum, put / put_, histc, bincount, kthvalue, median,
//   MaxUnpool1d/2d/3d, and the backward of the pooling, padding, interpolate, grid_sample, NLLLoss, CTCLoss and
//   EmbeddingBag ones), the alert (or its absence) and its message compared with PyTorch's.
// - test_index_fill_mem_overlap, test_index_put_mem_overlap, test_masked_fill_mem_overlap: the errors; the
//   "expanded tensors" UserWarnings are left out.
// - test_to: the CPU and strided part (the same tensor back without copy=True, a new one with it: is_set_to, as
//   torchts's results are new JS wrappers over the same tensor); sparse CSR left out.
// - test_manual_seed: seeds within int64 (JS numbers cannot hold 2^64 - 1), and the draws compared with PyTorch's.
// - test_dim_function_empty: index_select of a 0-d tensor with an empty index is compared by shape (1.13 returns an
//   uninitialized 0-d tensor; later releases raise "Index to scalar can have only 1 value").
// - test_tensor_where_scalar: torch.where(cond, x, scalar) only; Tensor.where(cond, scalar) is a later release's
//   (1.13 raises "where(): argument 'other' (position 2) must be Tensor, not float"; torchts takes it).
// - JSON has no infinities: dist / cdist with p = ±inf are compared with PyTorch through upstream's statements
//   (dist) or against the brute-force norm (cdist).
// Left out:
// - CUDA-, multi-device- and meta-only tests (test_*_cuda*, test_multinomial_device_constrain, test_device_guard,
//   test_storage_meta_*, test_typed_storage_meta, test_empty_meta, test_upsample_nearest*_meta, test_add_meta_scalar,
//   test_format_scalar_meta, test_sync_warning, test_cublas_config_nondeterministic_alert, test_pin_memory*,
//   TestDevicePrecision).
// - quantized tensors (test_nondeterministic_resize_quantized, test_storage_setitem's q-dtypes, test_qengine,
//   test_tensoriterator_output_setup), torch.jit (test_cpp_warnings_have_python_context), pickling, deepcopy and
//   CPython object lifetime (test_pickle*, test_deepcopy*, test_tensor_*_dealloc, test_tensor_cycle_*, weak refs,
//   test_as_subclass, test_subclass_*), docs (test_doc*), printing (test_print, test_structseq_repr), Python's
//   argument parser (test_parsing_*), legacy storage classes and files (test_storage_error*, test_storage_casts,
//   test_from_buffer, test_from_file, test_torch_from_file, test_storage_byteswap, test_typed_storage_*,
//   test_element_size's torch.XStorage), numpy interop (test_newaxis_numpy_comparison's npt, test_empty_storage_view)
//   and SciPy goodness-of-fit tests (test_*_kstest), torch.quasirandom (test_sobolengine_*: no torchts form).
// - later releases' tests 1.13 does not have or fails: test_masked_scatter_inplace_noncontiguous (1.13's
//   masked_scatter_ into a transposed tensor with a transposed mask differs from the contiguous result),
//   test_deterministic_empty, test_deterministic_resize (1.13 does
//   not fill), test_check, test_check_tensor_all, test_check_tensor_internal (torch._check* are 2.1's),
//   test_copy_float16 (an fbgemm fix in 1.13.1+), test_narrow_copy_non_contiguous (2.0's fix), test_is_same_size's
//   nested tensors, test_gradient_* (numpy references on inputs torchts's make_tensor does not share), test_cov and
//   test_corrcoef (numpy references), test_bmm_multithreaded (test_linalg's), test_batch_norm_cpu_inference and
//   test_conv_transposed_* (test_nn's), test_warn_types, test_tensor_base_*, test_no_cuda_monkeypatch.
// - what torchts has no form for: torch._assert_async, torch.Size (test_Size*).
// - not ported in this pass: test_copy_math_view, test_copy_transpose_math_view's neg half and the neg-view part of
//   test_equal (torch.ops.aten._neg_view reaches them now; 1.13's statements were not located in time).
// test_new: x.new(torch.Size([3, 4])) as x.new(3, 4) (a tuple of ints is sizes), x.new(()) as x.new([]);
//   x.new([z[2], z[0] + 3]), x.new(size=...) and x.new(z.storage()) are left out (no torchts forms).
// test_has_internal_overlap: torch._debug_has_internal_overlap as torch.ops.aten._debug_has_internal_overlap.
// test_index_reduce: upstream's Python loop runs in live PyTorch on the same dest/src/index (three of the eight
//   non-contiguity combinations, a fixed-seed num_src), compared with torchts's index_reduce_.
import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import * as torch from "../../lib";
import { Tensor } from "../../lib";
import { callAten } from "../../lib/aten";
import type { DType } from "../../lib/dtype";
import { type Call, checkCalls, expectClose, expectSameErr } from "../helpers/parity_calls";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const MOD = "upstream_torch";
const check = (calls: Call[], tol?: { rtol?: number; atol?: number }) => checkCalls(py, MOD, calls, tol);
// biome-ignore lint/suspicious/noExplicitAny: torch.* functions called by name, as upstream's getattr(torch, name)
const T = torch as unknown as Record<string, (...a: any[]) => any>;
// biome-ignore lint/suspicious/noExplicitAny: Tensor methods called by name, as upstream's getattr(x, name)
const M = (x: Tensor) => x as unknown as Record<string, (...a: any[]) => any>;
// biome-ignore lint/suspicious/noExplicitAny: torch.nn.functional called with Python's string options
const F = torch.nn.functional as unknown as Record<string, (...a: any[]) => any>;
const fn = (name: string, ...args: unknown[]): Call => ({ fn: name, args });
const fnk = (name: string, args: unknown[], kw: Record<string, unknown>): Call => ({ fn: name, args, kw });
const meth = (name: string, args: unknown[], kw?: Record<string, unknown>): Call => ({
  fn: name,
  args,
  kw,
  method: true,
});

/** One upstream statement run in PyTorch (`code`, assigning `out`) and in torchts (`js`): same result or error. */
interface Snip {
  js: () => unknown;
  code: string;
  inputs?: Record<string, unknown>;
  match?: RegExp;
  tol?: { rtol?: number; atol?: number };
}
const isErr = (v: PyValue): v is { __error: [string, string] } =>
  v !== null && typeof v === "object" && !(v instanceof Tensor) && !Array.isArray(v) && "__error" in v;
async function snips(items: Snip[]): Promise<unknown[]> {
  const refs = (await py.call(`${MOD}.snippets`, {
    items: items.map((s) => ({ code: s.code, inputs: s.inputs ?? {} })) as unknown as PyValue,
  })) as PyValue[];
  return items.map((s, i) => {
    const ref = refs[i] as PyValue;
    let mine: unknown;
    let err: unknown;
    try {
      mine = s.js();
    } catch (e) {
      err = e;
    }
    if (isErr(ref)) {
      assert.ok(err !== undefined, `${s.code}: torchts raised nothing; PyTorch raised ${ref.__error.join(": ")}`);
      expectSameErr(err, ref.__error, s.code, s.match);
    } else {
      if (err !== undefined) throw err;
      if (ref !== null) expectClose(mine, ref, s.code, s.tol);
    }
    return mine;
  });
}

const INTS: DType[] = ["uint8", "int8", "int16", "int32", "int64"];
const FLOATS: DType[] = ["float32", "float64"];
const COMPLEX: DType[] = ["complex64", "complex128"];
const ALL_COMPLEX: DType[] = [...INTS, ...FLOATS, ...COMPLEX]; // all_types_and_complex()
const ALL_HALF_BOOL_BF16: DType[] = [...ALL_COMPLEX, "float16", "bool", "bfloat16"];
const ALL_HALF_BF16: DType[] = [...ALL_COMPLEX, "float16", "bfloat16"];
// get_all_math_dtypes('cpu'): integral, floating (bfloat16, not half: CPU) and complex types
const MATH: DType[] = [...INTS, "bfloat16", ...FLOATS, ...COMPLEX];
const isFloating = (d: DType) => d.startsWith("float") || d === "bfloat16";
const isComplex = (d: DType) => d.startsWith("complex");
const long = (v: number[] | number[][]) => torch.tensor(v as number[], { dtype: "int64" });
const bool = (v: boolean[] | boolean[][]) => torch.tensor(v as boolean[], { dtype: "bool" });
const make = (shape: number[], dtype: DType, o: { low?: number; high?: number; noncontiguous?: boolean } = {}) =>
  torch.testing.makeTensor(shape, { dtype, ...o });
const same = (a: unknown, b: unknown, what: string) => expectClose(a, b as PyValue, what, { rtol: 0, atol: 0 });
const close = (a: unknown, b: unknown, what: string, tol?: { rtol?: number; atol?: number }) =>
  expectClose(a, b as PyValue, what, tol);
function expectThrows(f: () => unknown, cls: string, what: string, match?: RegExp): void {
  let err: unknown;
  try {
    f();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `${what}: nothing raised`);
  const name =
    err instanceof Error && Object.getPrototypeOf(err) === Error.prototype ? "RuntimeError" : (err as Error).name;
  assert.equal(name, cls, `${what}: ${(err as Error).message}`);
  if (match) assert.match((err as Error).message, match, what);
}

// A fixed-seed generator for upstream's random.randint draws.
let state = 4242;
function randint(lo: number, hi: number): number {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return lo + (state % (hi - lo + 1));
}

describe("TestTorchDeviceType (CPU)", () => {
  torch.manualSeed(0);

  for (const dtype of [
    "int8",
    "uint8",
    "int16",
    "int32",
    "int64",
    "bool",
    "float32",
    "complex64",
    "float64",
    "complex128",
  ] as DType[])
    it(`test_storage_cpu_${dtype}`, async () => {
      const v = make([3, 5], dtype, { low: -9, high: 9 });
      const s = v.storage();
      assert.equal(s.size(), 15);
      assert.equal(s.dtype, dtype);
      // storage elements in order are v's elements; the untyped storage is their bytes
      same(s._flat, v.flatten(), "storage elements");
      await snips([
        {
          js: () => [v.untypedStorage().tolist(), s.nbytes(), s.elementSize(), s.untyped().size()],
          code: "s = v.storage(); out = [s.untyped().tolist(), s.nbytes(), s.element_size(), s.untyped().size()]",
          inputs: { v },
        },
      ]);
    });

  for (const dtype of ALL_HALF_BOOL_BF16)
    it(`test_set_storage_cpu_${dtype}`, async () => {
      const a = make([4, 5, 3], dtype, { low: -9, high: 9 });
      const b = torch.tensor([], { dtype }).set_(a.storage()).reshape(a.shape);
      same(b, a, "set_(storage)");
      const c = torch.tensor([], { dtype }).set_(a.untypedStorage()).reshape(a.shape);
      same(c, a, "set_(untyped storage)");
      const others = ALL_HALF_BOOL_BF16.filter((d) => d !== dtype).slice(0, 4);
      await snips(
        others.map((ed) => ({
          js: () => torch.tensor([], { dtype }).set_(a.to(ed).storage()),
          code: `b = torch.tensor([], dtype=torch.${dtype}).set_(a.to(torch.${ed}).storage())`,
          inputs: { a },
          match: /Expected a Storage of type/,
        })),
      );
    });

  it("test_scalar_check_cpu", async () => {
    const zeroD = torch.randn([]);
    const oneD = torch.randn([1]);
    const calls: Call[] = [];
    for (const f of ["remainder", "fmod"])
      calls.push(fn(f, zeroD, zeroD), fn(f, zeroD, 2), fn(f, zeroD, oneD), fn(f, oneD, zeroD));
    for (const f of [
      "exp",
      "cos",
      "cosh",
      "tan",
      "atan",
      "acosh",
      "asinh",
      "atanh",
      "tanh",
      "erf",
      "erfc",
      "reciprocal",
    ])
      calls.push(fn(f, zeroD), fn(f, oneD));
    for (const x of [zeroD, oneD])
      calls.push(fnk("clamp", [x], { min: 0, max: 1 }), fnk("clamp", [x], { min: 0 }), fnk("clamp", [x], { max: 1 }));
    calls.push(
      fn("logcumsumexp", zeroD, 0),
      fn("cumsum", zeroD, 0),
      fn("cumprod", zeroD, 0),
      fn("cummax", zeroD, 0),
      fn("cummin", zeroD, 0),
      fn("sort", zeroD, 0, false),
      fn("sort", zeroD, 0, true),
      fn("topk", zeroD, 1, 0, false),
      fn("topk", zeroD, 1, 0, true),
      fn("max", zeroD, zeroD),
      fn("max", oneD, zeroD),
      fn("max", zeroD, oneD),
      fn("min", zeroD, zeroD),
      fn("min", oneD, zeroD),
      fn("min", zeroD, oneD),
    );
    const zi = torch.tensor(1),
      oi = torch.tensor([1]);
    // >>, <<, |, &
    for (const f of ["bitwise_right_shift", "bitwise_left_shift", "bitwise_or", "bitwise_and"])
      calls.push(meth(f, [zi, zi]), meth(f, [zi, 1]), meth(f, [oi, zi]), meth(f, [zi, oi]), meth(f, [oi, 1]));
    calls.push(meth("clone", [zeroD]));
    const zb = torch.tensor(true),
      ob = torch.tensor([true]);
    calls.push(fn("masked_select", zb, zb), fn("masked_select", zb, ob), fn("masked_select", ob, zb));
    for (const x of [zeroD, oneD])
      for (const keepdim of [true, false])
        for (const f of ["mode", "max", "amax", "min", "amin"]) calls.push(fnk(f, [x], { dim: 0, keepdim }));
    const r23 = torch.randn([2, 3]);
    calls.push(meth("take", [r23, zi]), meth("take", [r23, oi]));
    const z0 = torch.zeros([], { dtype: "int64" }),
      z1 = torch.zeros([1], { dtype: "int64" });
    calls.push(
      fn("gather", zeroD, 0, z0),
      fn("gather", zeroD, 0, z1),
      fn("gather", oneD, 0, z0),
      fn("gather", oneD, 0, z1),
    );
    const w = torch.randn([2, 1, 3, 3]).div(2);
    calls.push(
      fnk("nn.functional.conv2d", [zeroD, w], { groups: 1 }),
      fnk("nn.functional.conv2d", [zeroD, w], { groups: 2 }),
    );
    calls.push(
      fnk("nn.functional.nll_loss", [zeroD, zeroD], { reduction: "none" }),
      fnk("nn.functional.nll_loss", [zeroD, oneD], { reduction: "none" }),
    );
    for (const [input, target] of [
      [torch.randn([1, 1]), long([0])],
      [torch.randn([1, 1, 1, 1]), torch.tensor([[[0]]], { dtype: "int64" })],
    ] as const)
      calls.push(
        fnk("nn.functional.nll_loss", [input, target], { reduction: "mean" }),
        fnk("nn.functional.nll_loss", [input, target], { reduction: "sum" }),
      );
    await check(calls);
    // set_ keeps the size it is given; normal's shape is mean's
    const zc = zeroD.clone(),
      oc = oneD.clone();
    assert.deepEqual(zc.set_(oneD.storage(), 0, [], []).shape, []);
    assert.deepEqual(zc.set_(oneD.storage(), 0, [1], [1]).shape, [1]);
    assert.deepEqual(oc.set_(oneD.storage(), 0, [], []).shape, []);
    assert.deepEqual(oc.set_(oneD.storage(), 0, [1], [1]).shape, [1]);
    assert.deepEqual(zeroD.clone().set_(zeroD).shape, []);
    assert.deepEqual(oneD.clone().set_(zeroD).shape, []);
    assert.deepEqual(zeroD.clone().set_(oneD).shape, [1]);
    assert.deepEqual(oneD.clone().set_(oneD).shape, [1]);
    const ge0 = torch.rand([]);
    assert.deepEqual(torch.normal(zeroD, ge0).shape, []);
    assert.deepEqual(torch.normal(oneD, ge0).shape, [1]);
    assert.deepEqual(torch.normal(1, ge0).shape, []);
    assert.deepEqual(torch.normal(zeroD, 1).shape, []);
    assert.deepEqual(torch.normal(oneD, 1).shape, [1]);
  });

  it("test_is_set_to_cpu", () => {
    const t1 = torch.empty([3, 4, 9, 10]);
    const t2 = torch.empty([3, 4, 9, 10]);
    const t3 = torch.tensor([]).set_(t1);
    const t4 = t3.clone().resize_([12, 90]);
    assert.equal(t1.isSetTo(t2), false);
    assert.equal(t1.isSetTo(t3), true);
    assert.equal(t3.isSetTo(t1), true, "is_set_to should be symmetric");
    assert.equal(t1.isSetTo(t4), false);
    assert.equal(torch.tensor([]).isSetTo(torch.tensor([])), false);
    const b1 = bool([true, true]);
    const b2 = bool([false]).set_(b1);
    assert.equal(b1.isSetTo(b2), true);
    const s1 = torch.empty([2, 3, 4]);
    const s2 = s1.view([4, 3, 2]);
    assert.equal(s1.isSetTo(s2), false);
    assert.equal(s2.isSetTo(s1), false);
    const e1 = torch.empty([2, 5, 0]);
    const e2 = e1.view([0]);
    assert.equal(e1.isSetTo(e2), false);
    assert.equal(e2.isSetTo(e1), false);
  });

  // _select_broadcastable_dims
  function selectBroadcastableDims(full?: number[]): [number[], number[], number[]] {
    const dimsFull = full ?? Array.from({ length: randint(1, 4) }, () => randint(1, 8));
    const ndims = dimsFull.length;
    const smallerNdims = randint(1, ndims);
    let small: number[] = [];
    let large: number[] = [];
    for (let i = ndims - 1; i >= 0; i--) {
      const j = randint(1, 3);
      let ds = dimsFull[i] as number;
      let dl = dimsFull[i] as number;
      if (j === 2) dl = small.length < smallerNdims ? 1 : (dimsFull[i] as number);
      else if (j === 3) ds = 1;
      large = [dl, ...large];
      if (small.length < smallerNdims) small = [ds, ...small];
    }
    return [small, large, dimsFull];
  }
  const BROADCAST_FNS = [
    "dist",
    "atan2",
    "pow",
    "lerp",
    "add",
    "sub",
    "mul",
    "div",
    "fmod",
    "remainder",
    "eq",
    "ge",
    "gt",
    "le",
    "lt",
    "max",
    "min",
    "ne",
    "addcdiv",
    "addcmul",
    "masked_scatter",
    "masked_select",
    "masked_fill",
    "copy",
  ];
  for (const name of BROADCAST_FNS)
    it(`test_broadcast_${name}_cpu`, async () => {
      const valueKw = name === "addcdiv" || name === "addcmul";
      const [dimsSmall, dimsLarge, dimsFull] = selectBroadcastableDims();
      const full1d = torch.randn(dimsFull).flatten();
      const small = torch.randn(dimsSmall);
      const large = torch.randn(dimsLarge);
      const smallE = small.expand(dimsFull);
      const largeE = large.expand(dimsFull);
      const small2 = valueKw ? torch.randn(selectBroadcastableDims(dimsFull)[0]) : null;
      const small2E = small2?.expand(dimsFull) ?? null;
      const exp = new Map<Tensor | null, Tensor | null>([
        [large, largeE],
        [small, smallE],
        [small2, small2E],
      ]);
      const orders: [Tensor | null, Tensor | null, Tensor | null][] = [
        [large, small, small2],
        [small, large, small2],
        [small2, small, large],
        [small2, large, small],
      ];
      const mname = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      // tensor methods: the fully expanded inputs give the same results
      const tensorfn = (self: Tensor, t1: Tensor, t2: Tensor | null) => {
        const m = M(self)[mname] as (...a: unknown[]) => unknown;
        if (name === "lerp") return m.call(self, t1, 0.5);
        if (name === "masked_select") return m.call(self, t1.lt(0));
        if (name === "masked_scatter") return m.call(self, t1.lt(0.5), full1d);
        if (name === "masked_fill") return m.call(self, t1.lt(0.5), 1.0);
        if (valueKw) return m.call(self, t1, t2, { value: 1 });
        return m.call(self, t1);
      };
      const calls: Call[] = [];
      if (name !== "copy")
        for (const [first, second, third] of orders) {
          if (first === null) break;
          same(
            tensorfn(exp.get(first) as Tensor, exp.get(second) as Tensor, exp.get(third) ?? null),
            tensorfn(first, second as Tensor, third),
            "tensor method",
          );
        }
      // torch.* forms, compared with PyTorch too
      const torchCall = (t1: Tensor, t2: Tensor, t3: Tensor | null): Call => {
        if (name === "lerp") return fn(name, t1, t2, 0.5);
        if (name === "masked_select") return fn(name, t1, t2.lt(0));
        if (name === "masked_scatter") return fn(name, t1, t2.lt(0.5), full1d);
        if (name === "masked_fill") return fn(name, t1, t2.lt(0.5), 1.0);
        if (valueKw) return fnk(name, [t1, t2, t3], { value: 1.0 });
        return fn(name, t1, t2);
      };
      if (name !== "copy") {
        for (const [first, second, third] of orders) {
          if (first === null) break;
          const r1 = T[mname](
            ...(torchCall(first, second as Tensor, third).args as unknown[]),
            ...(valueKw ? [{ value: 1.0 }] : []),
          );
          const c = torchCall(exp.get(first) as Tensor, exp.get(second) as Tensor, exp.get(third) ?? null);
          const r2 = T[mname](...(c.args as unknown[]), ...(valueKw ? [{ value: 1.0 }] : []));
          close(r2, r1, "torch.* expanded");
          calls.push(torchCall(first, second as Tensor, third));
        }
        await check(calls);
      }
      // in-place forms: only the other arguments broadcast
      const inplace = (t0: Tensor, t1: Tensor, t2: Tensor | null) => {
        const m = M(t0)[`${mname}_`] as (...a: unknown[]) => unknown;
        if (name === "lerp") return m.call(t0, t1, 0.5);
        if (name === "masked_scatter") return m.call(t0, t1.lt(0.5), full1d);
        if (name === "masked_fill") return m.call(t0, t1.lt(0.5), 1.0);
        if (valueKw) return m.call(t0, t1, t2, { value: 1.0 });
        return m.call(t0, t1);
      };
      if (typeof M(largeE)[`${mname}_`] !== "function") return;
      const largeEClone = largeE.clone();
      if (!largeE.stride().includes(0) && !largeEClone.stride().includes(0))
        close(inplace(largeE, smallE, small2E), inplace(largeEClone, small, small2), "in-place");
      const broadcastable = (t0: Tensor, t1: Tensor, t2: Tensor | null) => {
        try {
          t1.expandAs(t0);
          t2?.expandAs(t0);
        } catch {
          return false;
        }
        return true;
      };
      const testInPlace = (t0: Tensor, t1: Tensor, t2: Tensor | null) => {
        if (!broadcastable(t0, t1, t2)) {
          const sameSize = t0.numel() === t1.numel() && (t2 === null || t0.numel() === t2.numel());
          if (!sameSize) expectThrows(() => inplace(t0, t1, t2), "RuntimeError", "in-place not broadcastable");
        } else inplace(t0, t1, t2);
      };
      if (!valueKw) {
        testInPlace(small, largeE, null);
        testInPlace(small, large, null);
      } else {
        testInPlace(small2 as Tensor, smallE, largeE);
        testInPlace(small2 as Tensor, small, large);
      }
    });

  // check_nondeterministic_alert: under use_deterministic_algorithms(True), `js` / `code` raise PyTorch's
  // "<op> does not have a deterministic implementation" error where the op alerts on the CPU, and nothing otherwise.
  async function alerts(items: { js: () => unknown; code: string; inputs?: Record<string, unknown> }[]) {
    await snips(
      items.map((s) => ({
        js: () => {
          torch.useDeterministicAlgorithms(true);
          try {
            s.js();
          } finally {
            torch.useDeterministicAlgorithms(false);
          }
          return null;
        },
        code: `torch.use_deterministic_algorithms(True)\ntry:\n    ${s.code.split("\n").join("\n    ")}\nfinally:\n    torch.use_deterministic_algorithms(False)\nout = None`,
        inputs: s.inputs,
      })),
    );
  }
  const backwardAlert = (name: string, make: () => Tensor, code: string) =>
    it(`test_nondeterministic_alert_${name}_cpu`, async () => {
      const res = make();
      const grad = torch.onesLike(res);
      await alerts([{ js: () => res.backward(grad, { retainGraph: true }), code }]);
    });
  backwardAlert(
    "AvgPool3d",
    () => new torch.nn.AvgPool3d(3).forward(torch.randn([2, 3, 3, 3], { requiresGrad: true })),
    "res = torch.nn.AvgPool3d(3)(torch.randn(2, 3, 3, 3, requires_grad=True))\nres.backward(torch.ones_like(res))",
  );
  backwardAlert(
    "AdaptiveAvgPool2d",
    () => new torch.nn.AdaptiveAvgPool2d(3).forward(torch.randn([2, 3, 3], { requiresGrad: true })),
    "res = torch.nn.AdaptiveAvgPool2d(3)(torch.randn(2, 3, 3, requires_grad=True))\nres.backward(torch.ones_like(res))",
  );
  backwardAlert(
    "AdaptiveAvgPool3d",
    () => new torch.nn.AdaptiveAvgPool3d(3).forward(torch.randn([2, 3, 3, 3], { requiresGrad: true })),
    "res = torch.nn.AdaptiveAvgPool3d(3)(torch.randn(2, 3, 3, 3, requires_grad=True))\nres.backward(torch.ones_like(res))",
  );
  backwardAlert(
    "MaxPool3d",
    () => new torch.nn.MaxPool3d(3).forward(torch.randn([2, 3, 3, 3], { requiresGrad: true })),
    "res = torch.nn.MaxPool3d(3)(torch.randn(2, 3, 3, 3, requires_grad=True))\nres.backward(torch.ones_like(res))",
  );
  backwardAlert(
    "AdaptiveMaxPool2d",
    () => new torch.nn.AdaptiveMaxPool2d(3).forward(torch.randn([2, 3, 3], { requiresGrad: true })),
    "res = torch.nn.AdaptiveMaxPool2d(3)(torch.randn(2, 3, 3, requires_grad=True))\nres.backward(torch.ones_like(res))",
  );
  for (const mode of ["linear", "bilinear", "bicubic", "trilinear"]) {
    const shape = mode === "linear" ? [1, 2, 4] : mode === "trilinear" ? [1, 2, 4, 4, 4] : [1, 2, 4, 4];
    backwardAlert(
      `interpolate_${mode}`,
      () =>
        F.interpolate(torch.randn(shape, { requiresGrad: true }), {
          size: 12,
          mode,
          alignCorners: false,
        }),
      `res = torch.nn.functional.interpolate(torch.randn(${shape.join(", ")}, requires_grad=True), size=12, mode='${mode}', align_corners=False)\nres.backward(torch.ones_like(res))`,
    );
  }
  for (const [kind, pad, shape] of [
    ["ReflectionPad1d", [1, 2], [2, 3, 8]],
    ["ReflectionPad2d", [1, 2, 3, 4], [2, 3, 8, 8]],
    ["ReflectionPad3d", [1, 2, 3, 4, 5, 6], [2, 3, 8, 8, 8]],
    ["ReplicationPad1d", [1, 2], [2, 3, 4]],
    ["ReplicationPad2d", [1, 2, 3, 4], [2, 3, 4, 4]],
    ["ReplicationPad3d", [1, 2, 3, 4, 5, 6], [2, 3, 4, 4, 4]],
  ] as [string, number[], number[]][])
    backwardAlert(
      kind,
      () => {
        const Cls = (torch.nn as unknown as Record<string, new (p: number[]) => torch.nn.Module>)[kind] as new (
          p: number[],
        ) => { forward(x: Tensor): Tensor };
        return new Cls(pad).forward(torch.randn(shape, { requiresGrad: true }));
      },
      `res = torch.nn.${kind}((${pad.join(", ")}))(torch.randn(${shape.join(", ")}, requires_grad=True))\nres.backward(torch.ones_like(res))`,
    );
  backwardAlert(
    "grid_sample_2d",
    () =>
      torch.nn.functional.gridSample(torch.empty([1, 1, 2, 2], { requiresGrad: true }), torch.zeros([1, 1, 1, 2]), {
        alignCorners: false,
      }),
    "res = torch.nn.functional.grid_sample(torch.empty(1, 1, 2, 2, requires_grad=True), torch.zeros(1, 1, 1, 2), align_corners=False)\nres.backward(torch.ones_like(res))",
  );
  backwardAlert(
    "grid_sample_3d",
    () =>
      torch.nn.functional.gridSample(
        torch.empty([1, 1, 2, 2, 2], { requiresGrad: true }),
        torch.zeros([1, 1, 1, 2, 3]),
        { alignCorners: false },
      ),
    "res = torch.nn.functional.grid_sample(torch.empty(1, 1, 2, 2, 2, requires_grad=True), torch.zeros(1, 1, 1, 2, 3), align_corners=False)\nres.backward(torch.ones_like(res))",
  );
  backwardAlert(
    "CTCLoss",
    () =>
      new torch.nn.CTCLoss().forward(
        torch.randn([50, 3, 15], { requiresGrad: true }).logSoftmax(2),
        torch.randint(1, 14, [3, 30]),
        [50, 50, 50],
        [30, 25, 20],
      ),
    "res = torch.nn.CTCLoss()(torch.randn(50, 3, 15, requires_grad=True).log_softmax(2), torch.randint(1, 14, (3, 30)), [50, 50, 50], [30, 25, 20])\nres.backward(torch.ones_like(res))",
  );
  it("test_nondeterministic_alert_NLLLoss_cpu", async () => {
    const input = torch.randn([2, 3, 5, 5]);
    const target = torch.rand([2, 5, 5]).mul(3).floor().long();
    await alerts([
      {
        js: () => new torch.nn.NLLLoss().forward(input, target),
        code: "torch.nn.NLLLoss()(input, target)",
        inputs: { input, target },
      },
    ]);
  });
  for (const dtype of [...ALL_COMPLEX, "bool"] as DType[])
    it(`test_nondeterministic_alert_cumsum_cpu_${dtype}`, async () => {
      const input = make([10], dtype, { low: -9, high: 9 });
      await alerts([
        { js: () => input.cumsum(0), code: "input.cumsum(0)", inputs: { input } },
        { js: () => torch.cumsum(input, 0), code: "torch.cumsum(input, 0)", inputs: { input } },
      ]);
    });
  it("test_nondeterministic_alert_put_cpu", async () => {
    const a = torch.randn([10]);
    const indices = long([0, 0]);
    const values = torch.tensor([0, 1]);
    await alerts([
      {
        js: () => a.put(indices, values, { accumulate: false }),
        code: "a.put(indices, values, accumulate=False)",
        inputs: { a, indices, values },
      },
      {
        js: () => a.put_(indices, values, { accumulate: false }),
        code: "a.put_(indices, values, accumulate=False)",
        inputs: { a, indices, values },
      },
    ]);
  });
  it("test_nondeterministic_alert_put_accumulate_cpu", async () => {
    const a = torch.randn([10]);
    const indices = long([0, 0]);
    const values = torch.tensor([0, 1]);
    await alerts([
      {
        js: () => a.put(indices, values, { accumulate: true }),
        code: "a.put(indices, values, accumulate=True)",
        inputs: { a, indices, values },
      },
      {
        js: () => a.put_(indices, values, { accumulate: true }),
        code: "a.put_(indices, values, accumulate=True)",
        inputs: { a, indices, values },
      },
    ]);
  });
  it("test_nondeterministic_alert_histc_cpu", async () => {
    const a = torch.tensor([]);
    await alerts([
      { js: () => T.histc(a, { min: 0, max: 3 }), code: "torch.histc(a, min=0, max=3)", inputs: { a } },
      { js: () => a.histc({ min: 0, max: 3 }), code: "a.histc(min=0, max=3)", inputs: { a } },
    ]);
  });
  it("test_nondeterministic_alert_bincount_cpu", async () => {
    const a = torch.tensor([], { dtype: "int64" });
    const weights = torch.tensor([]);
    await alerts([
      { js: () => torch.bincount(a, weights), code: "torch.bincount(a, weights)", inputs: { a, weights } },
      { js: () => a.bincount(weights), code: "a.bincount(weights)", inputs: { a, weights } },
      { js: () => torch.bincount(a), code: "torch.bincount(a)", inputs: { a } },
    ]);
  });
  it("test_nondeterministic_alert_kthvalue_cpu_float64", async () => {
    const a = torch.randn([10]);
    await alerts([
      { js: () => torch.kthvalue(a, 5), code: "torch.kthvalue(a, 5)", inputs: { a } },
      { js: () => a.kthvalue(5), code: "a.kthvalue(5)", inputs: { a } },
    ]);
  });
  it("test_nondeterministic_alert_median_cpu_float64", async () => {
    const a = torch.randn([10]);
    await alerts([
      { js: () => torch.median(a), code: "torch.median(a)", inputs: { a } },
      { js: () => torch.median(a, 0), code: "torch.median(a, 0)", inputs: { a } },
      { js: () => a.median(), code: "a.median()", inputs: { a } },
      { js: () => a.median(0), code: "a.median(0)", inputs: { a } },
    ]);
  });
  for (const dtype of FLOATS)
    for (const [n, k, shape] of [
      [1, 3, [1, 1, 7]],
      [2, 3, [1, 1, 7, 7]],
      [3, 3, [1, 1, 7, 7, 7]],
    ] as [number, number, number[]][])
      it(`test_nondeterministic_alert_MaxUnpool${n}d_cpu_${dtype}`, async () => {
        const input = torch.randn(shape, { dtype });
        const indices = torch.zerosLike(input, { dtype: "int64" });
        const Cls = (
          torch.nn as unknown as Record<string, new (k: number, s: number) => { forward(x: Tensor, i: Tensor): Tensor }>
        )[`MaxUnpool${n}d`] as new (
          k: number,
          s: number,
        ) => { forward(x: Tensor, i: Tensor): Tensor };
        await alerts([
          {
            js: () => new Cls(k, 1).forward(input, indices),
            code: `torch.nn.MaxUnpool${n}d(${k}, 1)(input, indices)`,
            inputs: { input, indices },
          },
        ]);
      });

  it("test_invalid_shapes_grid_sampler_cpu", async () => {
    const items: Snip[] = [];
    for (const [ishape, gshape] of [
      [
        [5, 5, 5, 5, 5],
        [1, 1, 1, 4, 4],
      ],
      [
        [5, 5, 5, 5],
        [1, 1, 4, 4],
      ],
    ]) {
      const input = make(ishape as number[], "float64");
      const grid = make(gshape as number[], "float64", { low: -1, high: 1 });
      for (const f of ["grid_sampler", "grid_sampler_2d", "grid_sampler_3d"])
        items.push({
          js: () => T[f.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())](input, grid, 0, 0, true),
          code: `torch.${f}(input, grid, 0, 0, True)`,
          inputs: { input, grid },
          match: /expected grid and input to have same batch size/,
        });
    }
    await snips(items);
  });

  it("test_dist_cpu", async () => {
    const runTest = async (x: Tensor, y: Tensor) => {
      const calls: Call[] = [];
      for (const p of [0, 1, 2, 3, 4, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        close(torch.dist(x, y, p), torch.norm(x.sub(y), p), `dist p=${p}`);
        if (Number.isFinite(p)) calls.push(fn("dist", x, y, p));
      }
      await check(calls);
      // JSON has no infinities: p=±inf as Python writes them
      await snips(
        [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY].map((p) => ({
          js: () => torch.dist(x, y, p),
          code: `out = torch.dist(x, y, ${p > 0 ? "" : "-"}math.inf)`,
          inputs: { x, y },
        })),
      );
    };
    await runTest(torch.randn([5]), torch.randn([5]));
    const x = torch.zeros([3]);
    const y = torch.zeros([3]);
    y.indexPut_([1], 1);
    await runTest(x, y);
  });

  it("test_scatter_add_one_dim_deterministic_cpu", async () => {
    const m = randint(20, 30);
    const elems = randint(2000 * m, 3000 * m);
    const src = torch.randn([elems]);
    const idx = torch.randint(m, [elems]);
    const x = torch.zeros([m]);
    let res = x.scatterAdd(0, idx, src);
    for (let i = 0; i < 5; i++) {
      const next = x.scatterAdd(0, idx, src);
      same(next, res, "scatter_add deterministic");
      res = next;
    }
    const [ref] = await check([meth("scatter_add", [x, 0, idx, src])], { atol: 1e-4, rtol: 1e-5 });
    close(ref, res, "scatter_add");
  });

  it("test_scatter_zero_size_index_cpu", async () => {
    const original = torch.arange(4, { dtype: "float32" });
    same(original.scatter(0, torch.zeros([0, 4], { dtype: "int64" }), torch.zeros([0, 4])), original, "scatter");
  });

  for (const dtype of ["float32", "float64", "float16", "bfloat16"] as DType[]) {
    it(`test_log_normal_cpu_${dtype}`, () => {
      const a = torch.tensor([10], { dtype }).logNormal_();
      assert.equal(a.dtype, dtype);
      assert.deepEqual(a.shape, [1]);
    });
    it(`test_exponential_cpu_${dtype}`, async () => {
      const a = torch.tensor([10], { dtype }).exponential_(0.5);
      assert.equal(a.dtype, dtype);
      assert.deepEqual(a.shape, [1]);
      assert.equal(torch.empty([1], { dtype }).exponential_(Number.POSITIVE_INFINITY).item(), 0);
      await snips([
        {
          js: () => torch.empty([1], { dtype }).exponential_(-0.5),
          code: `torch.empty((1,), dtype=torch.${dtype}).exponential_(-0.5)`,
        },
      ]);
    });
    it(`test_cauchy_cpu_${dtype}`, async () => {
      const a = torch.tensor([10], { dtype }).cauchy_(0.0, 0.5);
      assert.equal(a.dtype, dtype);
      assert.deepEqual(a.shape, [1]);
      assert.equal(torch.empty([1], { dtype }).cauchy_(Number.POSITIVE_INFINITY, 0.5).item(), Number.POSITIVE_INFINITY);
      await snips([
        {
          js: () => torch.empty([1], { dtype }).cauchy_(0.0, 0.0),
          code: `torch.empty((1,), dtype=torch.${dtype}).cauchy_(0.0, 0.0)`,
        },
      ]);
    });
  }
  for (const dtype of [...INTS, "float32", "float64", "float16", "bfloat16"] as DType[])
    it(`test_geometric_cpu_${dtype}`, () => {
      const a = torch.tensor([10], { dtype }).geometric_(0.5);
      assert.equal(a.dtype, dtype);
      assert.deepEqual(a.shape, [1]);
    });

  it("test_repeat_interleave_cpu", async () => {
    const y = long([
      [1, 2],
      [3, 4],
    ]);
    const calls: Call[] = [meth("repeat_interleave", [y, 2])];
    for (const dtype of ["int32", "int64"] as DType[]) {
      const lengths = torch.tensor([1, 2], { dtype });
      calls.push(fnk("repeat_interleave", [y, lengths], { dim: 0 }));
      calls.push(fnk("repeat_interleave", [y, lengths], { dim: 0, output_size: 3 }));
    }
    await check(calls);
  });

  const isBinary = (t: Tensor) => torch.ne(t, 0).mul_(torch.ne(t, 1)).sum().item() === 0;
  for (const dtype of ["float32", "float64", "bfloat16"] as DType[])
    it(`test_bernoulli_p_cpu_${dtype}`, () => {
      for (const trivial of [
        [0, 1],
        [1, 0, 1, 1, 0, 1],
      ])
        assert.deepEqual(torch.tensor(trivial, { dtype }).bernoulli().tolist(), trivial);
      assert.ok(isBinary(torch.rand([5, 5], { dtype }).bernoulli()));
      assert.ok(isBinary(torch.rand([5], { dtype }).expand([5, 5]).bernoulli()));
      const p = torch.rand([5, 5], { dtype });
      T.bernoulli(torch.randLike(p), { out: p });
      assert.ok(isBinary(p));
    });
  for (const dtype of [...INTS, "float32", "float64", "bool"] as DType[])
    it(`test_bernoulli_self_cpu_${dtype}`, () => {
      const t = torch.empty([10, 10], { dtype });
      t.fill_(2);
      t.bernoulli_(0.5);
      assert.ok(isBinary(t));
      for (const pd of FLOATS) {
        const p = torch.rand([10], { dtype: pd }).expand([10, 10]);
        t.fill_(2);
        M(t).bernoulli_(p);
        assert.ok(isBinary(t));
        t.fill_(2);
        T.bernoulli(torch.randLike(t, { dtype: pd }), { out: t });
        assert.ok(isBinary(t));
        t.fill_(2);
        M(t).bernoulli_(torch.randLike(t, { dtype: pd }));
        assert.ok(isBinary(t));
      }
    });

  it("test_pairwise_distance_empty_cpu", async () => {
    const calls: Call[] = [];
    for (const shape of [
      [2, 0],
      [0, 2],
    ]) {
      const x = torch.randn(shape);
      const y = torch.randn(shape);
      calls.push(fn("pairwise_distance", x, y), fnk("pairwise_distance", [x, y], { keepdim: true }));
    }
    await check(calls);
  });
  it("test_pdist_empty_cpu", async () => {
    await check([fn("pdist", torch.randn([0, 2])), fn("pdist", torch.randn([1, 2])), fn("pdist", torch.randn([3, 0]))]);
  });
  it("test_cdist_empty_cpu", async () => {
    await check([
      fn("cdist", torch.randn([0, 5]), torch.randn([4, 5])),
      fn("cdist", torch.randn([2, 5]), torch.randn([0, 5])),
      fn("cdist", torch.randn([2, 0]), torch.randn([3, 0])),
      fn("cdist", torch.randn([2, 0]), torch.randn([0, 0])),
    ]);
  });

  const bruteCdist = (x: Tensor, y: Tensor, p = 2) => {
    const r1 = x.shape.at(-2) as number;
    const r2 = y.shape.at(-2) as number;
    if (r1 === 0 || r2 === 0) return torch.empty([r1, r2]);
    return torch.norm(x.index("...", null, ":").sub(y.index("...", null, ":", ":")), p, -1);
  };
  for (const batch of [false, true])
    it(batch ? "test_cdist_norm_batch_cpu" : "test_cdist_norm_cpu", async () => {
      const calls: Call[] = [];
      for (const r1 of [3, 4, 5, 6])
        for (const m of [2, 3, 4, 10])
          for (const r2 of [4, 6, 7, 8])
            for (const p of [0, 1, 2, 3, 1.5, 2.5, Number.POSITIVE_INFINITY]) {
              const x = torch.randn(batch ? [2, 3, 6, r1, m] : [r1, m]);
              const y = torch.randn(batch ? [2, 3, 6, r2, m] : [r2, m]);
              if (p === 2)
                for (const cm of ["use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist"])
                  close(torch.cdist(x, y, 2, { computeMode: cm }), bruteCdist(x, y, 2), "cdist p=2", {
                    rtol: 0,
                    atol: 0.02,
                  });
              else close(torch.cdist(x, y, p), bruteCdist(x, y, p), `cdist p=${p}`);
              if (r1 === 3 && r2 === 4 && Number.isFinite(p)) calls.push(fnk("cdist", [x, y], { p }));
            }
      await check(calls, { rtol: 1e-5, atol: 1e-5 });
    });
  it("test_cdist_large_cpu", () => {
    for (const cm of [
      "use_mm_for_euclid_dist_if_necessary",
      "use_mm_for_euclid_dist",
      "donot_use_mm_for_euclid_dist",
    ]) {
      const x = torch.randn([1000, 10]);
      const y = torch.randn([1000, 10]);
      close(torch.cdist(x, y, 2, { computeMode: cm }), bruteCdist(x, y, 2), cm, { rtol: 1.3e-6, atol: 1e-4 });
    }
  });
  for (const batch of [false, true])
    it(batch ? "test_cdist_non_contiguous_batch_cpu" : "test_cdist_non_contiguous_cpu", async () => {
      const cases: [Tensor, Tensor][] = batch
        ? [
            [torch.randn([4, 3, 2, 5, 7]).mT, torch.randn([4, 3, 2, 5, 3]).mT],
            [torch.randn([7, 2, 7, 5]), torch.randn([7, 2, 5, 3]).mT],
            [torch.randn([4, 5, 7]).mT, torch.randn([4, 3, 5])],
          ]
        : [
            [torch.randn([5, 7]).mT, torch.randn([5, 3]).mT],
            [torch.randn([7, 5]), torch.randn([5, 3]).t()],
            [torch.randn([5, 7]).t(), torch.randn([3, 5])],
          ];
      const calls: Call[] = [];
      for (const cm of ["use_mm_for_euclid_dist", "donot_use_mm_for_euclid_dist"])
        for (const [x, y] of cases) {
          close(torch.cdist(x, y, 2, { computeMode: cm }), bruteCdist(x, y, 2), cm, { rtol: 1.3e-6, atol: 1e-4 });
          calls.push(fnk("cdist", [x, y], { p: 2, compute_mode: cm }));
        }
      await check(calls, { rtol: 1e-5, atol: 1e-5 });
    });
  it("test_cdist_grad_p_lt_1_no_nan_cpu", () => {
    for (const p of [0.99, 0.7, 0.5, 0.1, 0.01]) {
      const x0 = torch.randn([1, 2]);
      const y = x0
        .clone()
        .add(torch.tensor([[1, 0]]))
        .requiresGrad_();
      const x = x0.requiresGrad_();
      const result = torch.cdist(x, y, p);
      result.backward(torch.onesLike(result));
      assert.equal(
        torch
          .isnan(x.grad as Tensor)
          .any()
          .item(),
        false,
      );
      assert.equal(
        torch
          .isnan(y.grad as Tensor)
          .any()
          .item(),
        false,
      );
    }
  });
  it("test_cdist_same_inputs_cpu", () => {
    for (const _p of [0, 1, 2, 3, 1.5, 2.5, Number.POSITIVE_INFINITY]) {
      const x = torch.randn([1, 27, 32]);
      const distGrad = torch.randn([1, 27, 27]);
      const y = x.clone();
      x.requiresGrad_();
      torch.cdist(x, y).backward(distGrad);
      assert.ok(
        torch
          .isfinite(x.grad as Tensor)
          .all()
          .item(),
      );
    }
  });

  for (const op of ["cumsum", "cumprod"])
    it(`test_${op}_cpu`, async () => {
      const x = torch.rand([100, 100]);
      const res1 = T[op](x, 1);
      const res2 = torch.tensor([]);
      T[op](x, 1, { out: res2 });
      same(res2, res1, "out=");
      const xi = x.clone();
      M(xi)[`${op}_`](1);
      same(xi, res1, "in-place");
      const a = bool([
        [true, false, true],
        [false, false, false],
        [true, true, true],
      ]);
      const b = a.byte();
      await check([fn(op, x, 1), fn(op, a, 0), fn(op, b, 0), fn(op, a, 1), fn(op, b, 1)]);
      same(T[op](a, 0), T[op](b, 0).long(), "bool as byte");
      for (const shape of [[2, 0], [2, 1, 4], [0, 2, 3], [1], [5]])
        for (let dim = 0; dim < shape.length; dim++) {
          const raw = torch.zeros(shape, { requiresGrad: true });
          M(raw)[op]({ dim }).sum().backward();
          assert.deepEqual((raw.grad as Tensor).shape, raw.shape);
        }
      const raw = torch.tensor(3, { dtype: "float32", requiresGrad: true });
      const integrated = M(raw)[op]({ dim: -1 }) as Tensor;
      same(integrated.detach(), raw.detach(), "0-d");
      integrated.sum().backward();
      assert.deepEqual((raw.grad as Tensor).shape, raw.shape);
    });

  it("test_cummax_cummin_cpu", async () => {
    for (const op of ["cummax", "cummin"]) {
      const x = torch.rand([100, 100]);
      const out1 = T[op](x, 1) as Tensor[];
      const res2 = torch.empty([0]);
      const ind2 = torch.empty([0], { dtype: "int64" });
      T[op](x, 1, { out: [res2, ind2] });
      same(res2, out1[0], "out values");
      same(ind2, out1[1], "out indices");
      const a = bool([
        [true, false, true],
        [false, false, false],
        [true, true, true],
      ]);
      const t = torch.randn([10]);
      await check([
        fn(op, x, 1),
        fn(op, a, 0),
        fn(op, a.byte(), 0),
        fn(op, torch.tensor([4, Number.POSITIVE_INFINITY, 1.5, Number.NEGATIVE_INFINITY, 0, Number.NaN, 1]), 0),
        fnk(op, [t, 0], { out: [torch.empty([0], { dtype: "int16" }), torch.empty([0], { dtype: "int64" })] }),
      ]);
      for (const shape of [[2, 0], [2, 1, 4], [0, 2, 3], [1], [5]])
        for (let dim = 0; dim < shape.length; dim++) {
          const raw = torch.zeros(shape, { requiresGrad: true });
          (M(raw)[op]({ dim }) as Tensor[])[0]?.sum().backward();
          assert.deepEqual((raw.grad as Tensor).shape, raw.shape);
        }
      const raw = torch.tensor(3, { dtype: "float32", requiresGrad: true });
      (M(raw)[op]({ dim: -1 }) as Tensor[])[0]?.sum().backward();
      assert.deepEqual((raw.grad as Tensor).shape, raw.shape);
    }
  });

  it("test_logcumsumexp_cpu", async () => {
    const ref = (a: Tensor, axis: number) => torch.cumsum(a.exp(), axis).log_();
    const a = torch.randn([100, 100]);
    close(a.logcumsumexp(-1), ref(a, -1), "logcumsumexp");
    const x = torch.tensor([
      Number.NEGATIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      1,
      1,
      Number.POSITIVE_INFINITY,
      Number.POSITIVE_INFINITY,
      Number.NaN,
      1,
      1,
    ]);
    const x2d = x.unsqueeze(0).expand([2, -1]);
    for (const inp of [x, x2d]) close(inp.logcumsumexp(-1), ref(inp, -1), "inf / nan");
    const b = torch.randn([5, 2]);
    const inplaceOut = torch.zeros([5, 2]);
    torch.logcumsumexp(b, -1, { out: inplaceOut });
    close(inplaceOut, ref(b, -1), "out=");
    const bd = torch.randn([5, 2], { dtype: "float64" });
    await check([
      fn("logcumsumexp", a, -1),
      fn("logcumsumexp", x, -1),
      fn("logcumsumexp", x2d, -1),
      fnk("logcumsumexp", [bd, -1], { out: torch.zeros([5, 2]) }),
    ]);
  });

  // _test_diff_numpy: torch.diff against PyTorch's on every n, with and without prepend / append
  async function diffChecks(t: Tensor) {
    const calls: Call[] = [];
    for (let dim = 0; dim < t.dim(); dim++) {
      const prepend = t.narrow(dim, 0, 1);
      const append = t.narrow(dim, 0, 1);
      for (let n = 0; n < t.size(dim); n++) calls.push(fnk("diff", [t], { dim, n }));
      for (let n = 1; n < t.size(dim) + 4; n++) calls.push(fnk("diff", [t], { dim, n, prepend, append }));
      for (let n = 1; n < t.size(dim) * 3; n++) calls.push(fnk("diff", [t], { dim, n, prepend: t, append: t }));
    }
    await check(calls);
  }
  const DIFF_SHAPES = [[1], [1, 5], [3, 5], [1, 5, 1], [2, 3, 5]];
  for (const dtype of [...ALL_COMPLEX, "float16", "bool"] as DType[]) {
    it(`test_diff_noncontig_cpu_${dtype}`, async () => {
      for (const shape of DIFF_SHAPES) {
        const contig = make(shape, dtype, { low: -9, high: 9 });
        const nc = torch
          .empty([...shape, 2, 2], { dtype })
          .index("...", 0)
          .select(-1, -1);
        nc.copy_(contig);
        assert.ok(!nc.isContiguous() || shape.length === 1);
        await diffChecks(nc);
      }
    });
    it(`test_diff_cpu_${dtype}`, async () => {
      for (const shape of DIFF_SHAPES) await diffChecks(make(shape, dtype, { low: -9, high: 9 }));
      const t = torch.ones([2, 3]);
      await check([
        meth("diff", [t], { dim: 0, prepend: torch.tensor([1, 2, 3], { dtype }) }),
        meth("diff", [t], { dim: 0, prepend: torch.tensor([[0, 1]], { dtype }) }),
        fn("diff", torch.tensor(2, { dtype })),
      ]);
    });
  }

  it("test_discontiguous_out_cumsum_cpu", () => {
    const x = torch.randn([4, 8]);
    const y = torch.empty([4, 16]).index(":", "::2");
    const out = torch.cumsum(x, 0);
    torch.cumsum(x, 0, { out: y });
    assert.ok(!y.isContiguous());
    same(y, out, "discontiguous out");
  });
  for (const op of ["cummax", "cummin"])
    it(`test_${op}_discontiguous_cpu`, async () => {
      const x = (
        op === "cummax"
          ? torch.tensor([
              [0, 1, 2, 3, 2, 1],
              [4, 5, 6, 5, 6, 7],
            ])
          : torch.tensor([
              [3, 2, 1, 0, 1, 2],
              [7, 6, 5, 4, 5, 2],
            ])
      )
        .t()
        .contiguous()
        .t();
      const [val, ind] = T[op](x, -1) as Tensor[];
      await check([fn(op, x, -1)]);
      const outVal = torch
        .emptyLike(val as Tensor)
        .t()
        .contiguous()
        .t();
      const outInd = torch
        .emptyLike(ind as Tensor)
        .t()
        .contiguous()
        .t();
      T[op](x, -1, { out: [outVal, outInd] });
      assert.ok(!outVal.isContiguous());
      assert.ok(!outInd.isContiguous());
      same(outVal, val, "out values");
      same(outInd, ind, "out indices");
    });

  it("test_bool_tensor_value_change_cpu", () => {
    const x = bool([true, false]);
    x.indexPut_([0], false);
    x.indexPut_([1], true);
    same(x, bool([false, true]), "bool assignment");
  });
  it("test_unfold_all_devices_and_dtypes_cpu", () => {
    for (const dt of ALL_HALF_BOOL_BF16)
      assert.deepEqual(torch.empty([0, 1, 3, 0], { dtype: dt }).unfold(2, 3, 2).shape, [0, 1, 1, 0, 3]);
  });
  it("test_unfold_scalars_cpu", async () => {
    const x = torch.tensor(0.5);
    await check([meth("unfold", [x, 0, 0, 1]), meth("unfold", [x, 0, 0, 2]), meth("unfold", [x, 0, 1, 1])]);
  });
  it("test_copy_all_dtypes_and_devices_cpu", () => {
    for (const dt of ALL_HALF_BOOL_BF16) {
      const x = torch.tensor([1, 2, 3, 4], { dtype: dt });
      const y = x.view(x.shape); // copy.copy: a shallow copy shares the data
      y.fill_(1);
      same(x, y, dt);
    }
  });
  it("test_bfloat16_neg_abs_cpu", () => {
    const src = torch.randn([256]);
    src.indexPut_([0], Number.NaN);
    src.indexPut_([1], -Number.NaN);
    src.indexPut_([2], Number.POSITIVE_INFINITY);
    src.indexPut_([3], Number.NEGATIVE_INFINITY);
    const bf = src.bfloat16();
    same(bf.neg(), src.neg().bfloat16(), "neg");
    same(bf.abs(), src.abs().bfloat16(), "abs");
  });
  it("test_bfloat16_float_copy_cpu", async () => {
    const calls: Call[] = [];
    for (const shape of [
      [20, 7],
      [249, 137],
      [1, 7, 19, 17],
      [3, 77, 91],
    ]) {
      const input = torch.randn(shape);
      const out1 = input.to("bfloat16");
      close(out1.float(), input, "to bfloat16", { atol: 0, rtol: 1e-2 });
      same(out1.to("float32"), out1.float(), "back to float");
      const inputS = input.index("...", "::2", ":");
      close(inputS.to("bfloat16").float(), inputS, "strided to bfloat16", { atol: 0, rtol: 1e-2 });
      calls.push(meth("to", [input], { dtype: "bfloat16" }), meth("to", [inputS], { dtype: "bfloat16" }));
    }
    await check(calls);
  });
  it("test_clone_all_dtypes_and_devices_cpu", () => {
    for (const dt of ALL_HALF_BOOL_BF16) {
      const x = torch.tensor([1, 1], { dtype: dt });
      same(x.clone(), x, dt);
    }
  });
  it("test_clone_zero_stride_dim_cpu", () => {
    const y = torch.randn([10]).asStrided([2, 1, 5], [1, 0, 2]);
    same(y.clone(), y, "clone");
  });
  it("test_clone_not_memory_dense", () => {
    const x = torch.randn([10, 8]).t().index("::2", "::2");
    assert.deepEqual(x.clone().stride(), [1, 4]);
  });

  // _number: a value of the dtype's kind; rand_tensor / non_zero_rand as upstream draws them
  const number = (f: number, i: number, dtype: DType) =>
    isFloating(dtype) ? f : isComplex(dtype) ? new torch.Complex(f, f) : i;
  const randTensor = (size: number[], dtype: DType) =>
    isFloating(dtype) || isComplex(dtype)
      ? torch.rand(size, { dtype })
      : dtype === "uint8"
        ? torch.randint(1, 5, size, { dtype })
        : torch.randint(-5, 5, size, { dtype });
  for (const dtype of MATH) {
    it(`test_addcmul_cpu_${dtype}`, async () => {
      const [a, b, c] = [0, 1, 2].map(() => randTensor([2, 2], dtype)) as [Tensor, Tensor, Tensor];
      const alpha = number(0.5, 3, dtype);
      const actual = torch.addcmul(a, b, c, { value: alpha });
      close(actual, a.add(b.mul(alpha).mul(c)), "a + alpha * b * c");
      await check([fnk("addcmul", [a, b, c], { value: alpha })]);
    });
    it(`test_addcdiv_cpu_${dtype}`, async () => {
      const nonZero = (size: number[]) => {
        const t = randTensor(size, dtype);
        return t.add(t.eq(0).to(dtype));
      };
      const [a, b, c] = [0, 1, 2].map(() => nonZero([2, 2])) as [Tensor, Tensor, Tensor];
      const alpha = number(0.5, 3, dtype);
      if (isFloating(dtype) || isComplex(dtype))
        close(torch.addcdiv(a, b, c, { value: alpha }), a.add(b.mul(alpha).div(c)), "a + alpha * b / c", {
          rtol: dtype === "bfloat16" ? 1.6e-2 : dtype === "float16" ? 1e-3 : 1.3e-6,
          atol: 1e-5,
        });
      await check([fnk("addcdiv", [a, b, c], { value: alpha })]);
    });
  }

  it("test_narrow_empty_cpu", () => {
    const x = torch.randn([2, 3, 4]);
    for (let d = 0; d < x.dim(); d++) {
      const sz = [...x.shape];
      sz[d] = 0;
      assert.deepEqual(x.narrow(d, x.size(d), 0).shape, sz);
    }
  });

  // make_arg of test_index_copy / test_index_select: size batch[:dim] + (n,) + batch[dim:]
  const makeArg = (dtype: DType, batch: number[], n: number, dim: number, contig: boolean) =>
    make([...batch.slice(0, dim), n, ...batch.slice(dim)], dtype, { noncontiguous: !contig });
  for (const dtype of ALL_HALF_BOOL_BF16) {
    it(`test_index_copy_cpu_${dtype}`, async () => {
      const calls: Call[] = [];
      for (const destC of [true, false])
        for (const srcC of [true, false])
          for (const idxC of [true, false])
            for (const other of [[], [4, 5]])
              for (let dim = 0; dim < other.length; dim++) {
                const dest = makeArg(dtype, other, 5, dim, destC);
                const src = makeArg(dtype, other, 3, dim, srcC);
                let idx = torch.randperm(5).index(torch.slice(null, 3));
                if (!idxC) idx = torch.repeatInterleave(idx, 2, { dim: -1 }).index("...", "::2");
                calls.push(meth("index_copy_", [dest, dim, idx, src]));
              }
      await check(calls);
    });
    it(`test_index_copy_scalars_cpu_${dtype}`, async () => {
      const calls: Call[] = [];
      for (const st of [[], [1]])
        for (const si of [[], [1]])
          for (const ss of [[], [1]]) {
            const target = make(st, dtype);
            const source = make(ss, dtype);
            const idx = make(si, "int64", { low: 0, high: 1 });
            calls.push(meth("index_copy_", [target, 0, idx, source]));
            same(target.clone().indexCopy_(0, idx, source).item(), source.item(), "item");
          }
      await check(calls);
    });
    it(`test_index_fill_cpu_${dtype}`, async () => {
      const x = torch.tensor(
        [
          [1, 2],
          [4, 5],
        ],
        { dtype },
      );
      const index = long([0]);
      const calls: Call[] = [meth("index_fill_", [x, 1, index, 0])];
      if (!isComplex(dtype)) calls.push(meth("index_fill_", [x, 1, index, new torch.Complex(1, 1)]));
      const s = torch.tensor(1, { dtype });
      calls.push(meth("index_fill", [s, 0, index, -1]), meth("index_fill_", [s.clone(), 0, index, -1]));
      await check(calls);
    });
    it(`test_index_select_cpu_${dtype}`, async () => {
      const calls: Call[] = [];
      for (const srcC of [true, false])
        for (const idxC of [true, false])
          for (const other of [[], [4, 5]])
            for (let dim = 0; dim < other.length; dim++) {
              const src = makeArg(dtype, other, 3, dim, srcC);
              const idx = make([5], "int64", { low: 0, high: 3, noncontiguous: !idxC });
              calls.push(fn("index_select", src, dim, idx));
            }
      for (const it of ["int32", "int64"] as DType[])
        calls.push(fn("index_select", makeArg(dtype, [3, 2], 3, 1, true), 1, make([5], it, { low: 0, high: 3 })));
      for (const ss of [[], [1]])
        for (const si of [[], [1]])
          calls.push(meth("index_select", [make(ss, dtype), 0, torch.zeros(si, { dtype: "int64" })]));
      await check(calls);
    });
    it(`test_take_cpu_${dtype}`, async () => {
      const calls: Call[] = [];
      for (const srcC of [true, false])
        for (const idxC of [true, false])
          for (const reshape of [true, false])
            for (const size of [[5], [4, 5]]) {
              const src = make(size, dtype, { noncontiguous: !srcC });
              let idx = make([4], "int64", { low: 0, high: src.numel(), noncontiguous: !idxC });
              if (reshape) idx = idx.reshape([2, 2]);
              calls.push(fn("take", src, idx));
            }
      for (const ss of [[], [1]])
        for (const si of [[], [1]]) calls.push(meth("take", [make(ss, dtype), make(si, "int64", { low: 0, high: 1 })]));
      await check(calls);
    });
  }
  for (const dtype of ALL_HALF_BF16) {
    it(`test_put_cpu_${dtype}`, async () => {
      const calls: Call[] = [];
      for (const dstC of [true, false])
        for (const srcC of [true, false])
          for (const idxC of [true, false])
            for (const reshape of [true, false])
              for (const accumulate of [true, false])
                for (const size of [[5], [4, 5]]) {
                  const dst = make(size, dtype, { noncontiguous: !dstC });
                  const src = make([4], dtype, { noncontiguous: !srcC });
                  let idx = accumulate
                    ? make([4], "int64", { low: 0, high: dst.numel() })
                    : torch.randperm(dst.numel()).index(torch.slice(null, 4));
                  if (!idxC) idx = torch.repeatInterleave(idx, 2, { dim: -1 }).index("...", "::2");
                  if (reshape) idx = idx.reshape([2, 2]);
                  const out = torch.put(dst, idx, src, accumulate);
                  const d2 = dst.clone();
                  d2.put_(idx, src, accumulate);
                  same(d2, out, "put_ against put");
                  calls.push(fn("put", dst, idx, src, accumulate));
                }
      for (const st of [[], [1]])
        for (const si of [[], [1]])
          for (const ss of [[], [1]])
            for (const accumulate of [true, false]) {
              const dest = make(st, dtype);
              const idx = make(si, "int64", { low: 0, high: 1 });
              const source = make(ss, dtype);
              calls.push(
                fnk("put", [dest, idx, source], { accumulate }),
                meth("put_", [dest.clone(), idx, source], { accumulate }),
              );
            }
      const dest = make([3, 2], dtype);
      const idx = make([0], "int64", { low: 0, high: 1 });
      const source = make([0], dtype);
      for (const accumulate of [true, false]) {
        same(torch.put(dest, idx, source, { accumulate }), dest, "empty put");
        calls.push(fnk("put", [dest, idx, source], { accumulate }));
      }
      await check(calls);
    });
    it(`test_put_accumulate_cpu_${dtype}`, async () => {
      const low = dtype === "float16" || dtype === "bfloat16";
      const calls: Call[] = [];
      for (const size of low ? [100] : [200, 3002]) {
        const idx = torch.zeros([size], { dtype: "int64" });
        const source = make([size], dtype, { low: -2, high: 3 });
        const orig = make([1], dtype, { low: -2, high: 3 });
        calls.push(meth("put", [orig, idx, source], { accumulate: true }));
      }
      await check(calls, low ? { rtol: 1e-1, atol: 1e-2 } : { rtol: 1e-3, atol: 1e-4 });
    });
  }
  it("test_take_empty_cpu", async () => {
    const calls: Call[] = [];
    for (const ishape of [[0], [0, 1, 2, 0], [1, 2, 3]])
      for (const xshape of [[0], [0, 1, 2, 0]])
        calls.push(fn("take", torch.empty(ishape), torch.empty(xshape, { dtype: "int64" })));
    await check(calls);
  });
  it("test_put_empty_cpu", async () => {
    const calls: Call[] = [];
    for (const dshape of [[0], [0, 1, 2, 0], [1, 2, 3]])
      for (const xshape of [[0], [0, 1, 2, 0]])
        for (const accumulate of [false, true]) {
          const dst = torch.randn(dshape);
          calls.push(meth("put_", [dst, torch.empty(xshape, { dtype: "int64" }), torch.randn(xshape)], { accumulate }));
        }
    await check(calls);
  });

  for (const dtype of ALL_HALF_BOOL_BF16) {
    it(`test_scatter_reduce_operations_to_large_input_cpu_${dtype}`, async () => {
      const index = long([[1], [2]]);
      await check([
        meth("scatter_", [torch.zeros([4, 4], { dtype }), 0, index, torch.ones([2, 2], { dtype })], { reduce: "add" }),
        meth(
          "scatter_",
          [torch.tensor([2], { dtype }).repeat([4, 4]), 0, index, torch.tensor([6], { dtype }).repeat([2, 2])],
          {
            reduce: "multiply",
          },
        ),
      ]);
    });
    it(`test_scatter_reduce_scalar_cpu_${dtype}`, async () => {
      const index = long([[1], [2]]);
      await check([
        meth("scatter_", [torch.zeros([4, 4], { dtype }), 0, index, 1], { reduce: "add" }),
        meth("scatter_", [torch.tensor([2], { dtype }).repeat([4, 4]), 0, index, 2], { reduce: "multiply" }),
      ]);
    });
    it(`test_scatter_reduce_non_unique_index_cpu_${dtype}`, async () => {
      const index = torch.zeros([2, 2], { dtype: "int64" });
      await check([
        meth("scatter_", [torch.ones([2, 2], { dtype }), 0, index, torch.ones([2, 2], { dtype })], { reduce: "add" }),
        meth(
          "scatter_",
          [torch.tensor([2], { dtype }).repeat([2, 2]), 0, index, torch.tensor([2], { dtype }).repeat([2, 2])],
          {
            reduce: "multiply",
          },
        ),
      ]);
    });
  }
  it("test_scatter_add_non_unique_index_cpu", async () => {
    const input = torch.ones([2, 65536]);
    input.scatterAdd_(0, torch.zeros([2, 65536], { dtype: "int64" }), torch.ones([2, 65536]));
    same(input, torch.tensor([[3], [1]], { dtype: "float32" }).repeat([1, 65536]), "scatter_add_");
  });
  it("test_scatter_to_large_input_cpu", async () => {
    const index = long([[1], [2]]);
    await check([
      meth("scatter_", [torch.zeros([4, 4]), 0, index, torch.ones([2, 2])]),
      meth("scatter_add_", [torch.zeros([4, 4]), 0, index, torch.ones([2, 2])]),
    ]);
  });
  it("test_scatter_add_to_large_input_cpu", async () => {
    await check([meth("scatter_add_", [torch.zeros([4, 4]), 0, long([[1], [2]]), torch.ones([2, 2])])]);
  });
  it("test_scatter_bool_cpu", async () => {
    const x = bool([
      [true, true, true],
      [true, true, true],
    ]);
    await check([
      meth("scatter_", [
        torch.zeros([3, 3], { dtype: "bool" }),
        0,
        long([
          [0, 1, 2],
          [0, 1, 2],
        ]),
        x,
      ]),
    ]);
  });
  it("test_scatter_add_bool_cpu", async () => {
    const x = bool([Array(5).fill(true), Array(5).fill(true)]);
    await check([
      meth("scatter_add_", [
        torch.zeros([3, 5], { dtype: "bool" }),
        0,
        long([
          [0, 1, 2, 0, 0],
          [2, 0, 0, 1, 2],
        ]),
        x,
      ]),
    ]);
  });

  for (const dtype of ALL_HALF_BF16)
    it(`test_masked_scatter_cpu_${dtype}`, async () => {
      const dest = torch.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { dtype });
      const src = torch.zeros([10], { dtype });
      const srcOnes = torch.ones([10], { dtype });
      const mask = bool([false, false, false, false, true, false, true, false, true, false]);
      await check([
        meth("masked_scatter_", [dest.clone(), mask, src]),
        meth("masked_scatter_", [dest.clone(), mask, srcOnes]),
        meth("masked_scatter_", [dest.clone(), mask, torch.zeros([2], { dtype })]),
        meth("masked_scatter_", [
          torch.empty([5, 0, 5], { dtype }),
          torch.ones([5, 0, 5], { dtype: "bool" }),
          torch.empty([0], { dtype }),
        ]),
        meth("masked_scatter_", [
          torch.empty([5, 0, 5], { dtype }),
          torch.ones([5, 1, 5], { dtype: "bool" }),
          torch.empty([0], { dtype }),
        ]),
      ]);
    });
  it("test_masked_scatter_bool_tensor_cpu", async () => {
    const src = bool([true, true, true]);
    const dst = bool([false, false, false]);
    await check([
      meth("masked_scatter_", [dst, bool([false, true, false]), src]),
      meth("masked_scatter", [bool([false, true, false]), bool([true, false, true]), src]),
    ]);
  });
  for (const dtype of ALL_HALF_BOOL_BF16)
    it(`test_masked_select_cpu_${dtype}`, async () => {
      const calls: Call[] = [];
      for (const maskType of [...INTS, "bool"] as DType[]) {
        const src = torch.zeros([10], { dtype });
        const mask = torch.randint(2, [10], { dtype: maskType });
        calls.push(meth("masked_select", [src, mask]));
        if (maskType === "bool") calls.push(fnk("masked_select", [src, mask], { out: torch.empty([0], { dtype }) }));
      }
      if (dtype !== "float16") {
        const a = torch.rand([100, 100]).mul(100).to(dtype);
        const first = torch.zeros([100], { dtype: "bool" });
        first.indexPut_([0], true);
        same(a.maskedSelect(first), a.index(":", 0), "mask expanded to rows");
        const firstRow = torch.zeros([100, 1], { dtype: "bool" });
        firstRow.indexPut_([0, 0], true);
        same(a.maskedSelect(firstRow), a.index(0, ":"), "mask expanded to columns");
        const b = torch.rand([100]).mul(100).to(dtype);
        const m3 = bool([[true], [true], [false], [true]]);
        same(b.maskedSelect(m3), b.unsqueeze(0).expand([3, 100]).flatten(), "tensor expanded to the mask");
        calls.push(
          meth("masked_select", [a, first]),
          meth("masked_select", [a, firstRow]),
          meth("masked_select", [b, m3]),
        );
      }
      await check(calls);
    });
  it("test_masked_select_discontiguous_cpu", () => {
    for (const size of [10, 200]) {
      const vals = torch.rand([size, size]);
      const mask = torch.full([size, size], false, { dtype: "bool" });
      mask.indexPut_([":", "::2"], true);
      const outDc = torch.empty([size * size]).index("::2");
      for (const v of [vals, vals.t()])
        for (const m of [mask, mask.t()]) {
          const expected = m.isContiguous()
            ? v.index(":", "::2").clone().reshape([-1])
            : v.index("::2").clone().reshape([-1]);
          same(torch.maskedSelect(v, m), expected, "masked_select");
          torch.maskedSelect(v, m, { out: outDc });
          same(outDc, expected, "masked_select out=");
        }
    }
  });
  for (const dtype of ALL_HALF_BOOL_BF16)
    for (const maskDtype of ["uint8", "bool"] as DType[])
      it(`test_masked_fill_cpu_${dtype}_${maskDtype}`, async () => {
        const dst = torch.zeros([10], { dtype });
        const mask = torch.randint(2, [10], { dtype: maskDtype });
        const val = randint(0, 1000) / 1000;
        const calls: Call[] = [meth("masked_fill_", [dst, mask, val])];
        if (maskDtype === "bool") {
          const d = torch.randn([10, 10, 10]).mul(10).to(dtype).permute([2, 0, 1]);
          const d2 = d.contiguous();
          const m = isComplex(dtype) ? d.abs().gt(0) : d.gt(0);
          assert.ok(!d.isContiguous());
          d.maskedFill_(m, val);
          d2.maskedFill_(m, val);
          same(d, d2, "non-contiguous");
          calls.push(meth("masked_fill_", [d2.clone(), m, val]));
        }
        await check(calls);
      });
  it("test_masked_fill_bool_tensor_cpu", async () => {
    const mask = bool([false, true, false]);
    await check([
      meth("masked_fill_", [bool([true, false, true]), mask, true]),
      meth("masked_fill", [bool([true, true, true]), mask, false]),
    ]);
  });

  it("test_tensor_shape_empty_cpu", async () => {
    const x = torch.randn([0, 1, 3, 0]);
    const calls: Call[] = [
      fn("flatten", x, 0, 3),
      fn("flatten", x, 0, 2),
      fn("flatten", x, 1, 2),
      fn("unsqueeze", x, 1),
      fn("squeeze", x, 1),
      fn("squeeze", x),
      fn("transpose", x, 1, 3),
      meth("t", [torch.randn([5, 0])]),
      fn("select", x, 2, 2),
      meth("repeat", [x, 9, 7, 5, 2, 3]),
      meth("permute", [x, 2, 3, 0, 1]),
      fn("diagonal", torch.randn([5, 0])),
      fn("diagonal", torch.randn([0, 5])),
      fnk("diagonal", [torch.randn([5, 0])], { offset: 1 }),
      fnk("diagonal", [torch.randn([0, 5])], { offset: 1 }),
      fnk("diagonal", [torch.randn([3, 4, 5, 6])], { offset: 45252 }),
      fnk("diagonal", [torch.randn([3, 4, 5, 6])], { offset: -45252 }),
      fn("diagflat", torch.tensor([])),
      fnk("diagflat", [torch.tensor([])], { offset: 1 }),
      fn("diagflat", torch.empty([1, 0])),
      fnk("diagflat", [torch.empty([1, 0])], { offset: 1 }),
      fn("stack", [x, x, x, x]),
      fnk("chunk", [x, 1], { dim: 0 }),
      fnk("chunk", [x, 3], { dim: 0 }),
      fnk("chunk", [x, 3], { dim: 2 }),
      fnk("split", [x, [0, 1, 2]], { dim: 2 }),
      fnk("split", [x, 0], { dim: 1 }),
      fnk("split", [x, 1], { dim: 0 }),
      fnk("split", [x, 0], { dim: 0 }),
    ];
    await check(calls);
  });

  it("test_dim_function_empty_cpu", async () => {
    const shape = [0, 1, 2, 0];
    const x = torch.randn(shape);
    assert.equal(x.size(3), 0);
    assert.equal(x.size(2), 2);
    assert.equal(x.stride(0), 2);
    assert.equal(x.stride(2), 1);
    const calls: Call[] = [
      fn("nn.functional.glu", x, 0),
      fn("nn.functional.glu", x, 2),
      ...[0, 2, 3].flatMap((d) => [fn("nn.functional.softmax", x, d), fn("nn.functional.log_softmax", x, d)]),
      ...["cumsum", "cumprod", "cummax", "cummin", "logcumsumexp"].flatMap((f) => [fn(f, x, 0), fn(f, x, 2)]),
      meth("flip", [x, 0]),
      meth("flip", [x, 2]),
      meth("roll", [x, 1, x.size(1)]),
      meth("roll", [x, 1]),
      meth("roll", [x, [1, 1], [3, 1]]),
      meth("unbind", [x, 0]),
      meth("unbind", [x, 2]),
      fn("cross", torch.randn([0, 1, 3, 0]), torch.randn([0, 1, 3, 0])),
      fn("renorm", x, 1, 0, 5),
      fn("renorm", x, 1, 2, 5),
      fnk("sort", [x], { dim: 0 }),
      fnk("sort", [x], { dim: 2 }),
      fnk("topk", [x, 0], { dim: 0 }),
      fnk("topk", [x, 1], { dim: 2 }),
      fn("topk", torch.randn([2, 3, 4]), 0),
      fn("gather", x, 0, torch.empty(shape, { dtype: "int64" })),
      fn("gather", x, 2, torch.empty(shape, { dtype: "int64" })),
      fn("gather", x, 2, torch.empty([0, 1, 3, 0], { dtype: "int64" })),
      fn("gather", x, 2, torch.empty([0, 1, 0, 0], { dtype: "int64" })),
      fn("gather", torch.randn([2, 3, 4]), 0, torch.empty([0, 3, 4], { dtype: "int64" })),
    ];
    for (const dim of [0, 2]) {
      const ind = torch.empty(shape, { dtype: "int64" });
      calls.push(
        meth("scatter_", [torch.randn(shape), dim, ind, torch.randn(shape)]),
        meth("scatter_add_", [torch.randn(shape), dim, ind, torch.randn(shape)]),
      );
    }
    const z = torch.randn([2, 3, 4]);
    const zi = torch.empty([2, 3, 0], { dtype: "int64" });
    calls.push(
      meth("scatter_", [z.clone(), 2, zi, torch.randn([2, 3, 4])]),
      meth("scatter_add_", [z.clone(), 2, zi, torch.randn([2, 3, 4])]),
    );
    const indEmpty = torch.tensor([], { dtype: "int64" });
    const ind01 = long([0, 1]);
    for (const c of [x, torch.randn([0, 1, 2]), torch.randn([2, 3, 4])]) {
      const dims = c.dim() === 4 ? [0, 2] : [0];
      for (const d of dims)
        for (const ind of c.dim() === 4 && d === 2 ? [indEmpty, ind01] : [indEmpty]) {
          const srcShape = [...c.shape];
          srcShape[d] = ind.numel();
          calls.push(
            meth("index_fill_", [c.clone(), d, ind, -1]),
            meth("index_copy_", [c.clone(), d, ind, torch.empty(srcShape)]),
            meth("index_add_", [c.clone(), d, ind, torch.empty(srcShape)]),
          );
        }
    }
    calls.push(
      meth("index_select", [x, 0, indEmpty]),
      meth("index_select", [x, 2, indEmpty]),
      meth("index_select", [x, 2, ind01]),
      meth("index_select", [torch.randn([2, 3, 4]), 0, indEmpty]),
      meth("index_select", [torch.randn([0, 1, 2]), 0, indEmpty]),
      meth("index_select", [torch.randn([0, 3]), 1, ind01]),
      meth("index_select", [torch.randn([3, 0]), 0, ind01]),
      meth("index_select", [torch.randn([3, 0]), 0, torch.tensor([0, 1], { dtype: "int32" })]),
      meth("index_select", [torch.randn([]), 0, torch.tensor([0], { dtype: "int32" })]),
      fn("index_select", torch.randn([0, 3]), 0, ind01),
      fn("index_select", torch.randn([0, 3]), 1, long([0, 5])),
      meth("index_select", [torch.ones([]), 0, torch.tensor([0, 0], { dtype: "int32" })]),
    );
    await check(calls);
    // a 0-d tensor with an empty index: 1.13 returns an uninitialized 0-d tensor (later releases raise "Index to
    // scalar can have only 1 value"); compared by shape
    assert.deepEqual(torch.indexSelect(torch.randn([]), 0, indEmpty).shape, []);
  });

  // memory-overlap checks: the same statement in PyTorch and torchts raises the same error
  const overlapSnips = (items: [() => unknown, string][], inputs: Record<string, unknown> = {}) =>
    snips(items.map(([js, code]) => ({ js, code, inputs, match: /unsupported operation|single memory location/ })));
  it("test_nullary_op_mem_overlap_cpu", async () => {
    const items: [() => unknown, string][] = [];
    for (const [op, args] of [
      ["random_", []],
      ["uniform_", []],
      ["cauchy_", []],
      ["log_normal_", []],
      ["exponential_", []],
      ["geometric_", [0.5]],
      ["normal_", []],
    ] as [string, number[]][]) {
      const camel = op.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      items.push([
        () => M(torch.rand([1, 3]).expand([3, 3]))[camel](...args),
        `torch.rand((1, 3)).expand((3, 3)).${op}(${args.join(", ")})`,
      ]);
    }
    await overlapSnips(items);
  });
  it("test_ternary_op_mem_overlap_cpu_float64", async () => {
    const items: Snip[] = [];
    for (const op of ["addcmul", "addcdiv", "lerp"]) {
      const camel = op.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      const input = torch.randn([1], { dtype: "float64" }).expand([3, 3]);
      const o1 = torch.randnLike(input);
      const o2 = torch.randnLike(input);
      items.push({
        js: () => M(input)[`${camel}_`](o1, o2),
        code: `input = torch.randn(1, dtype=torch.float64).expand(3, 3)\ninput.${op}_(torch.randn_like(input), torch.randn_like(input))`,
        match: /single memory location/,
      });
      // output partially overlaps an input, output is the transpose of an input
      const data = torch.randn([18]);
      const other1 = torch.randn([9]);
      const other2 = torch.randn([9]);
      for (const pos of [0, 1, 2]) {
        const argsOf = (inp: Tensor) => {
          const a = [other1.view(inp.shape), other2.view(inp.shape)];
          a.splice(pos, 0, inp);
          return a;
        };
        const pyArgs = ["other1.view(inp.shape)", "other2.view(inp.shape)"];
        pyArgs.splice(pos, 0, "inp");
        const inputs = { data, other1, other2 };
        // identical / independent output: same result as into a fresh out
        for (const [outS, inS] of [
          ["data[0:9]", "data[0:9]"],
          ["data[0:9]", "data[9:18]"],
        ]) {
          items.push({
            js: () => {
              const d = data.clone();
              const inp = d.index(inS === "data[0:9]" ? "0:9" : "9:18");
              return T[op](...argsOf(inp), { out: d.index("0:9") });
            },
            code: `d = data.clone()\ninp = d${inS.slice(4)}\nout = torch.${op}(${pyArgs.join(", ")}, out=d${outS.slice(4)})`,
            inputs,
          });
        }
        items.push({
          js: () => {
            const d = data.clone();
            const inp = d.index("1:10");
            return T[op](...argsOf(inp), { out: d.index("0:9") });
          },
          code: `d = data.clone()\ninp = d[1:10]\ntorch.${op}(${pyArgs.join(", ")}, out=d[0:9])`,
          inputs,
          match: /unsupported operation/,
        });
        items.push({
          js: () => {
            const d = data.clone();
            const inp = d.index(":9").view([3, 3]);
            return T[op](...argsOf(inp), { out: inp.t() });
          },
          code: `d = data.clone()\ninp = d[:9].view([3, 3])\ntorch.${op}(${pyArgs.join(", ")}, out=inp.t())`,
          inputs,
          match: /unsupported operation/,
        });
      }
    }
    await snips(items);
  });
  it("test_copy_mem_overlap_cpu_float64", async () => {
    const doubles = torch.randn([18], { dtype: "float64" });
    await snips([
      {
        js: () => {
          const input = torch.randn([1], { dtype: "float64" }).expand([3, 3]);
          return input.copy_(torch.randnLike(input));
        },
        code: "input = torch.randn(1, dtype=torch.float64).expand(3, 3)\ninput.copy_(torch.randn_like(input))",
        match: /single memory location/,
      },
      {
        js: () => doubles.clone().index("0:9").copy_(doubles.index("0:9")),
        code: "out = doubles.clone()[0:9].copy_(doubles[0:9])",
        inputs: { doubles },
      },
      {
        js: () => doubles.clone().index("0:9").copy_(doubles.index("9:18")),
        code: "out = doubles.clone()[0:9].copy_(doubles[9:18])",
        inputs: { doubles },
      },
      {
        js: () => {
          const d = doubles.clone();
          return d.index("0:9").copy_(d.index("1:10"));
        },
        code: "d = doubles.clone()\nd[0:9].copy_(d[1:10])",
        inputs: { doubles },
        match: /unsupported operation/,
      },
      {
        js: () => {
          const d = doubles.clone();
          const inp = d.index(":9").view([3, 3]);
          return inp.t().copy_(inp);
        },
        code: "d = doubles.clone()\ninp = d[:9].view([3, 3])\ninp.t().copy_(inp)",
        inputs: { doubles },
        match: /unsupported operation/,
      },
    ]);
  });
  for (const op of ["index_add", "index_copy"])
    it(`test_${op}_mem_overlap_cpu`, async () => {
      const camel = op === "index_add" ? "indexAdd_" : "indexCopy_";
      const prelude =
        "x = torch.rand((1,)).expand((6,))\ny = torch.rand((6,))\nind = torch.tensor([2, 1, 0])\nvalue = torch.rand((3,))\n";
      const x = () => torch.rand([1]).expand([6]);
      const ind = () => long([2, 1, 0]);
      await overlapSnips([
        [() => M(x())[camel](0, ind(), torch.rand([3])), `${prelude}x.${op}_(0, ind, value)`],
        [
          () => {
            const y = torch.rand([6]);
            return M(y)[camel](0, ind(), y.index(":3"));
          },
          `${prelude}y.${op}_(0, ind, y[:3])`,
        ],
        [
          () => {
            const i = ind();
            return M(i)[camel](0, i, i.clone());
          },
          `${prelude}ind.${op}_(0, ind, ind.clone())`,
        ],
        [
          () => {
            const i = ind();
            return M(i)[camel](0, i.clone(), i);
          },
          `${prelude}ind.${op}_(0, ind.clone(), ind)`,
        ],
      ]);
    });
  it("test_index_fill_mem_overlap_cpu", async () => {
    await overlapSnips([
      [
        () => {
          const i = long([2, 1, 0]);
          return i.indexFill_(0, i, 0);
        },
        "ind = torch.tensor([2, 1, 0])\nind.index_fill_(0, ind, 0)",
      ],
    ]);
  });
  it("test_shift_mem_overlap_cpu", async () => {
    await overlapSnips([
      [
        () => {
          const x = torch.rand([3]);
          return callAten("__ilshift__", "__ilshift__", x.index(":-1"), [x.index("1:")]);
        },
        "x = torch.rand(3)\nv = x[:-1]\nv <<= x[1:]",
      ],
      [
        () => {
          const x = torch.rand([3]);
          return callAten("__irshift__", "__irshift__", x.index(":-1"), [x.index("1:")]);
        },
        "x = torch.rand(3)\nv = x[:-1]\nv >>= x[1:]",
      ],
    ]);
  });
  it("test_bernoulli_mem_overlap_cpu", async () => {
    const x = () => torch.rand([1]).expand([6]);
    await overlapSnips([
      [() => x().bernoulli_(), "torch.rand((1,)).expand((6,)).bernoulli_()"],
      [() => M(x()).bernoulli_({ p: 0.1 }), "torch.rand((1,)).expand((6,)).bernoulli_(p=0.1)"],
      [() => M(x()).bernoulli_({ p: torch.rand([6]) }), "torch.rand((1,)).expand((6,)).bernoulli_(p=torch.rand(6))"],
    ]);
  });
  it("test_put_mem_overlap_cpu", async () => {
    const prelude =
      "x = torch.rand((1,)).expand((6,))\ny = torch.rand((6,))\nind = torch.tensor([2, 1, 0])\nvalue = torch.rand((3,))\n";
    const ind = () => long([2, 1, 0]);
    await overlapSnips([
      [
        () =>
          torch
            .rand([1])
            .expand([6])
            .put_(ind(), torch.rand([3])),
        `${prelude}x.put_(ind, value)`,
      ],
      [
        () => {
          const y = torch.rand([6]);
          return y.put_(ind().index(0), y.index(0));
        },
        `${prelude}y.put_(ind[0], y[0])`,
      ],
      [
        () => {
          const i = ind();
          return i.put_(i, i);
        },
        `${prelude}ind.put_(ind, ind)`,
      ],
      [
        () => {
          const y = torch.rand([6]);
          return y.put_(ind(), y.index(":3"));
        },
        `${prelude}y.put_(ind, y[:3])`,
      ],
      [
        () => {
          const i = ind();
          return i.put_(i, i.clone());
        },
        `${prelude}ind.put_(ind, ind.clone())`,
      ],
      [
        () => {
          const i = ind();
          return i.put_(i.clone(), i);
        },
        `${prelude}ind.put_(ind.clone(), ind)`,
      ],
    ]);
  });
  it("test_index_put_mem_overlap_cpu", async () => {
    const prelude = "y = torch.rand((6,))\nind = torch.tensor([2, 1, 0])\n";
    const ind = () => long([2, 1, 0]);
    await overlapSnips([
      [
        () => {
          const y = torch.rand([6]);
          return y.indexPut_([ind()], y.index(0));
        },
        `${prelude}y.index_put_((ind,), y[0])`,
      ],
      [
        () => {
          const i = ind();
          return i.indexPut_([i], i);
        },
        `${prelude}ind.index_put_((ind,), ind)`,
      ],
      [
        () => {
          const y = torch.rand([6]);
          return y.indexPut_([ind()], y.index(":3"));
        },
        `${prelude}y.index_put_((ind,), y[:3])`,
      ],
      [
        () => {
          const i = ind();
          return i.indexPut_([i], i.clone());
        },
        `${prelude}ind.index_put_((ind,), ind.clone())`,
      ],
      [
        () => {
          const i = ind();
          return i.indexPut_([i.clone()], i);
        },
        `${prelude}ind.index_put_((ind.clone(),), ind)`,
      ],
    ]);
  });
  it("test_masked_fill_mem_overlap_cpu", async () => {
    await overlapSnips([
      [
        () => {
          const mask = bool([true, false, true, true, false, false]);
          return M(mask.index("1:")).maskedFill_(mask.index(":-1"), false);
        },
        "mask = torch.tensor([True, False, True, True, False, False])\nmask[1:].masked_fill_(mask[:-1], False)",
      ],
    ]);
  });
  it("test_masked_scatter_mem_overlap_cpu", async () => {
    await overlapSnips([
      [
        () =>
          torch
            .rand([1])
            .expand([6])
            .maskedScatter_(bool([true, false, true, true, false, false]), torch.rand([3])),
        "torch.rand((1,)).expand((6,)).masked_scatter_(torch.tensor([True, False, True, True, False, False]), torch.rand((3,)))",
      ],
    ]);
  });
  it("test_scatter_mem_overlap_cpu", async () => {
    const prelude = "src = torch.rand((3,))\nind = torch.tensor([2, 1, 0])\n";
    await overlapSnips([
      [
        () =>
          torch
            .rand([1])
            .expand([6])
            .scatter_(0, long([2, 1, 0]), torch.rand([3])),
        `${prelude}torch.rand((1,)).expand((6,)).scatter_(0, ind, src)`,
      ],
      [
        () => {
          const src = torch.rand([3]);
          return src.scatter_(0, long([2, 1, 0]), src);
        },
        `${prelude}src.scatter_(0, ind, src)`,
      ],
      [
        () => {
          const i = long([2, 1, 0]);
          return i.scatter_(0, i, i.clone());
        },
        `${prelude}ind.scatter_(0, ind, ind.clone())`,
      ],
    ]);
  });

  it("test_is_signed_cpu", async () => {
    const items: Snip[] = (["int32", "uint8", "int8", "float32", "float16"] as DType[]).map((d) => ({
      js: () => torch.empty([5], { dtype: d }).isSigned(),
      code: `out = torch.empty(5, dtype=torch.${d}).is_signed()`,
    }));
    await snips(items);
  });

  for (const replacement of [true, false])
    it(`test_multinomial_empty_${replacement ? "w" : "wo"}_replacement_cpu`, async () => {
      const probs = torch.ones([0, 3]);
      await check([1, 2].map((n) => fnk("multinomial", [probs], { num_samples: n, replacement })));
    });

  it("test_where_scalar_handcrafted_values_cpu", async () => {
    const dtypes: DType[] = [
      "bool",
      "uint8",
      "int8",
      "int16",
      "int64",
      "float16",
      "float32",
      "float64",
      "complex64",
      "complex128",
    ];
    const tensors: Tensor[] = [];
    for (const shape of [[], [5], [1, 5]])
      for (const dt of dtypes) tensors.push(torch.empty(shape, { dtype: dt }).fill_(17));
    const xVals: unknown[] = [true, 3, 7.0 + 0.5, new torch.Complex(1, 0.5)];
    const yVals: unknown[] = [false, 4, 8.5, new torch.Complex(2, 0.5), ...tensors];
    const calls: Call[] = [];
    for (const x of xVals)
      for (const y of yVals) {
        const condition = torch.empty([5, 5], { dtype: "bool" }).bernoulli_();
        calls.push(fn("where", condition, x, y), fn("where", condition, y, x));
      }
    await check(calls);
  });

  for (const dtype of [...ALL_HALF_BOOL_BF16, "complex32"] as DType[]) {
    it(`test_copy__cpu_${dtype}`, async () => {
      const mk = (d: DType) => (d === "complex32" ? torch.randn([50], { dtype: d }) : make([50], d));
      const t = mk(dtype);
      const calls: Call[] = [];
      for (const src of [...ALL_HALF_BOOL_BF16, "complex32"] as DType[]) {
        calls.push(meth("copy_", [t.clone(), mk(src)]));
      }
      await check(calls, dtype === "float16" || dtype === "complex32" ? { rtol: 1e-3, atol: 1e-3 } : undefined);
    });
    it(`test_item_cpu_${dtype}`, () => {
      const v = torch.ones([], { dtype }).item();
      assert.ok(
        v === 1 || v === true || (v instanceof torch.Complex && v.real === 1 && v.imag === 0),
        `${dtype}: ${v}`,
      );
    });
  }
  it("test_copy_broadcast_cpu", () => {
    for (let i = 0; i < 2; i++) {
      const x = torch.randn([10, 5]);
      const y = torch.randn([5]);
      x.copy_(y);
      same(x.index(3), y, "copy_ broadcast");
    }
  });
  for (const dtype of ["int64", "float32", "float64"] as DType[])
    it(`test_clamp_cpu_${dtype}`, async () => {
      const calls: Call[] = [];
      for (const shape of [[100, 50], [10, 64], [97]])
        for (const nc of [true, false]) {
          const x = make(shape, dtype, { noncontiguous: nc });
          const ub = make(shape, dtype, { noncontiguous: nc });
          const lb = make(shape, dtype, { noncontiguous: nc });
          same(x.clamp(lb, ub), x.max(lb).min(ub), "clamp(lb, ub)");
          same(x.clamp({ min: lb }), x.max(lb), "clamp(min=lb)");
          same(x.clamp({ max: ub }), x.min(ub), "clamp(max=ub)");
          same(
            x.clamp(lb.index(0), ub.index("...", ":1")),
            x.max(lb.index(0)).min(ub.index("...", ":1")),
            "broadcast min, max",
          );
          same(x.index("...", ":1").clamp(lb, ub), x.index("...", ":1").max(lb).min(ub), "broadcast x");
          calls.push(meth("clamp", [x, lb, ub]));
        }
      await check(calls);
    });
});

describe("TestTorch", () => {
  it("test_index_add", async () => {
    const calls: Call[] = [];
    for (const destC of [true, false])
      for (const srcC of [true, false])
        for (const idxC of [true, false])
          for (const other of [[], [4, 5]])
            for (const dtype of ["int32", "int64"] as DType[]) {
              let dest = torch.randn([3, ...other]);
              if (!destC) dest = make(dest.shape, "float32", { noncontiguous: true });
              let src = torch.randn([3, ...other]);
              if (!srcC)
                src = torch.testing.makeTensor(src.shape, { dtype: "float32", noncontiguous: true }).copy_(src);
              let idx = torch.randperm(3, { dtype }).narrow(0, 0, 3);
              if (!idxC) idx = torch.repeatInterleave(idx, 2).index("::2");
              calls.push(
                meth("index_add_", [dest.clone(), 0, idx, src]),
                meth("index_add_", [dest.clone(), 0, idx, src], { alpha: 2 }),
              );
            }
    await check(calls);
  });
  it("test_index_add_all_dtypes", async () => {
    const calls: Call[] = [];
    for (const dtype of MATH)
      for (const idxDtype of ["int32", "int64"] as DType[]) {
        const tensor =
          isFloating(dtype) || isComplex(dtype)
            ? torch.rand([5, 5], { dtype })
            : dtype === "uint8"
              ? torch.randint(0, 10, [5, 5], { dtype })
              : torch.randint(-5, 15, [5, 5], { dtype });
        const zeros = torch.zeros([5, 5], { dtype });
        const ar = torch.arange(0, 5, { dtype: idxDtype });
        same(zeros.indexAdd(0, ar, tensor), tensor, `index_add ${dtype}`);
        calls.push(meth("index_add", [zeros, 0, ar, tensor]), meth("index_add", [zeros, 0, ar, tensor], { alpha: -1 }));
      }
    await check(calls);
  });
  it("test_index_add_correctness", async () => {
    const calls: Call[] = [];
    for (const dim of [-1, -2, -3])
      for (const dtype of ALL_HALF_BF16) {
        const size = [2, 32, 16];
        const tensor = torch.zeros(size, { dtype });
        const index = torch.randint(0, size.at(dim) as number, [size.at(dim) as number]);
        const source =
          isFloating(dtype) || isComplex(dtype)
            ? torch.rand(size, { dtype })
            : dtype === "uint8"
              ? torch.randint(0, 5, size, { dtype })
              : torch.randint(-2, 5, size, { dtype });
        const ref = tensor.indexAdd(dim, index, source, { alpha: 2 }).div(2).to(dtype);
        close(tensor.indexAdd(dim, index, source), ref, `${dtype} dim ${dim}`, { atol: 1e-2, rtol: 1e-2 });
        calls.push(meth("index_add", [tensor, dim, index, source]));
        const result = torch.zeros([1, 32, 16], { dtype });
        const ones = torch.ones([1, 32, 16], { dtype });
        calls.push(
          meth("index_add_", [result, dim, torch.ones([17]).long(), ones]),
          meth("index_add_", [result, dim, torch.ones([16]).mul(17).long(), ones]),
        );
      }
    await check(calls, { rtol: 1e-2, atol: 1e-2 });
  });
  it("test_unflatten", async () => {
    await check([
      meth("unflatten", [torch.tensor([]), 0, [0, 1]]),
      meth("unflatten", [torch.tensor([1]), 0, [1, 1]]),
      meth("unflatten", [torch.tensor([1, 2, 3, 4]), 0, [2, 2]]),
      meth("unflatten", [torch.ones([2, 10]), 1, [5, 2]]),
      meth("unflatten", [torch.tensor([1, 2, 3, 4]), 0, [-1, 2]]),
      meth("unflatten", [torch.ones([2, 10]), 1, [5, -1]]),
      meth("unflatten", [torch.ones([2, 10]), 1, [-1]]),
      meth("unflatten", [torch.ones([2, 360]), 1, [3, 4, -1, 6]]),
      meth("unflatten", [torch.ones([2, 0, 2]), 1, [3, -1, 4, 5]]),
      meth("unflatten", [torch.tensor([1]), 0, []]),
      meth("unflatten", [torch.tensor([1]), 0, [2, 2]]),
      meth("unflatten", [torch.tensor(1), 0, [0]]),
      meth("unflatten", [torch.randn([5, 10]), 1, [-1, -1]]),
      meth("unflatten", [torch.randn([5, 10]), 1, [-1, 4]]),
      meth("unflatten", [torch.randn([2, 0]), 1, [2, -1, 0]]),
    ]);
  });
  it("test_is_same_size", () => {
    const t1 = torch.empty([3, 4, 9, 10]);
    assert.equal(t1.isSameSize(torch.empty([3, 4])), false);
    assert.equal(t1.isSameSize(torch.empty([1, 9, 3, 3])), false);
    assert.equal(t1.isSameSize(torch.empty([3, 4, 9, 10])), true);
  });
  it("test_tensor_set", () => {
    let t1 = torch.tensor([]);
    const t2 = torch.empty([3, 4, 9, 10]).uniform_();
    t1.set_(t2);
    assert.equal(t1.storage().dataPtr(), t2.storage().dataPtr());
    const size = [9, 3, 4, 10];
    t1.set_(t2.storage(), 0, size);
    assert.deepEqual(t1.shape, size);
    assert.deepEqual(t1.stride(), [120, 40, 10, 1]);
    const stride = [10, 360, 90, 1];
    t1.set_(t2.storage(), 0, size, stride);
    assert.deepEqual(t1.stride(), stride);
    t1.set_(t2.storage(), 0, { size, stride });
    assert.deepEqual(t1.shape, size);
    assert.deepEqual(t1.stride(), stride);
    t1 = torch.tensor([]);
    t1.set_(t2);
    assert.equal(t1.storage().dataPtr(), t2.storage().dataPtr());
    t1.set_(t2.storage());
    assert.equal(t1.storage().dataPtr(), t2.storage().dataPtr());
    t1.set_(t2.storage(), { storageOffset: 0, size, stride });
    assert.deepEqual(t1.shape, size);
    assert.deepEqual(t1.stride(), stride);
    const b1 = bool([true, true]);
    const b2 = bool([false, false]);
    b1.set_(b2);
    assert.equal(b1.storage().dataPtr(), b2.storage().dataPtr());
  });
  it("test_tensor_set_errors", async () => {
    const f = torch.randn([2, 3]);
    const d = torch.randn([2, 3], { dtype: "float64" });
    await snips([
      { js: () => f.clone().set_(d.storage()), code: "f.set_(d.storage())", inputs: { f, d } },
      {
        js: () => f.clone().set_(d.storage(), 0, d.shape, d.stride()),
        code: "f.set_(d.storage(), 0, d.size(), d.stride())",
        inputs: { f, d },
      },
      // 1.13's binding raises an internal assert here (its first line names the generated file): compared by the check
      {
        js: () => f.clone().set_(d),
        code: "f.set_(d)",
        inputs: { f, d },
        match: /source\.dtype\(\) == self\.dtype\(\)/,
      },
    ]);
  });
  it("test_equal", async () => {
    const t1 = torch.tensor([3, 4, 9, 10]);
    const t2 = t1.contiguous();
    const t3 = torch.tensor([1, 9, 3, 10]);
    const t4 = torch.tensor([3, 4, 9]);
    const t5 = torch.tensor([]);
    const s = long([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ]);
    const s1 = s.index(":", "1:3");
    assert.ok(!s1.isContiguous());
    const x = torch.tensor([1, 2, 3]);
    const y = torch.tensor([1, 2, 3], { dtype: "int32" });
    const z = torch.tensor([1, -1], { dtype: "int32" });
    const conj0 = torch.tensor([new torch.Complex(1, 2), new torch.Complex(2, 1)]);
    const s0 = torch.rand([2, 3]);
    const tt = torch.rand([2, 3]);
    const pairs: [Tensor, Tensor][] = [
      [t1, t2],
      [t1, t3],
      [t1, t4],
      [t1, t5],
      [s1, s1.clone()],
      [
        s1,
        long([
          [2, 3],
          [6, 7],
        ]),
      ],
      [
        s1,
        long([
          [0, 0],
          [0, 0],
        ]),
      ],
      [x, y],
      [z, x],
      [s0, M(s0).view("int32")],
      [tt, tt.t()],
    ];
    assert.ok(conj0.conj().isConj());
    await check(pairs.flatMap(([a, b]) => [fn("equal", a, b), meth("equal", [a, b])]));
    // conjugate views (the bridge sends their values, not the conj bit): upstream's statements in PyTorch
    await snips([
      { js: () => torch.equal(conj0, conj0.conj()), code: "out = torch.equal(c, c.conj())", inputs: { c: conj0 } },
      {
        js: () => torch.equal(conj0, conj0.conj().conj()),
        code: "out = torch.equal(c, c.conj().conj())",
        inputs: { c: conj0 },
      },
    ]);
  });
  it("test_element_size", async () => {
    const dts: DType[] = [
      "uint8",
      "int8",
      "int16",
      "int32",
      "int64",
      "float32",
      "float64",
      "bool",
      "bfloat16",
      "complex64",
      "complex128",
    ];
    await check(dts.map((d) => meth("element_size", [torch.tensor([], { dtype: d })])));
  });
  it("test_permute", () => {
    const orig = [1, 2, 3, 4, 5, 6, 7];
    const perm = torch.randperm(7).tolist() as number[];
    const x = torch.empty(orig).fill_(0);
    assert.deepEqual(
      x.permute(perm).shape.map((i) => i - 1),
      perm,
    );
    assert.deepEqual(x.shape, orig);
  });
  it("test_t_not_2d_error", async () => {
    const x = torch.randn([2, 3, 4]);
    await check([meth("t", [x]), meth("t_", [x.clone()])]);
  });
  it("test_is_nonzero", async () => {
    await check(
      [
        torch.tensor([]),
        torch.tensor([0, 0]),
        torch.tensor(0),
        torch.tensor(1),
        long([0]),
        long([1]),
        long([[0]]),
        long([[1]]),
        torch.tensor(0.1),
        torch.tensor(-0.1),
        torch.tensor(0.0),
        torch.tensor(true),
        torch.tensor(false),
        torch.tensor(new torch.Complex(0, 0)),
        torch.tensor(new torch.Complex(0, 0.1)),
      ].map((t) => meth("is_nonzero", [t])),
    );
  });
  it("test_memory_format", () => {
    for (const [shape, mf] of [
      [[4, 3, 8, 8], "channelsLast"],
      [[4, 3, 8, 8, 8], "channelsLast3d"],
    ] as [number[], "channelsLast" | "channelsLast3d"][]) {
      const x = torch.randn(shape);
      const y = x.contiguous({ memoryFormat: mf });
      assert.ok(!y.isContiguous());
      assert.ok(y.isContiguous({ memoryFormat: mf }));
      same(y, x, "values");
    }
  });
  it("test_memory_format_empty", async () => {
    await snips([
      {
        js: () => torch.empty([3, 3], { memoryFormat: "channelsLast" }),
        code: "torch.empty((3, 3), memory_format=torch.channels_last)",
      },
      {
        js: () => torch.empty([3, 3, 3], { memoryFormat: "channelsLast3d" }),
        code: "torch.empty((3, 3, 3), memory_format=torch.channels_last_3d)",
      },
      {
        js: () =>
          torch.empty([3, 3, 3, 3], { memoryFormat: "channelsLast" }).isContiguous({ memoryFormat: "channelsLast" }),
        code: "out = torch.empty((3, 3, 3, 3), memory_format=torch.channels_last).is_contiguous(memory_format=torch.channels_last)",
      },
      {
        js: () =>
          torch
            .empty([3, 3, 3, 3, 3], { memoryFormat: "channelsLast3d" })
            .isContiguous({ memoryFormat: "channelsLast3d" }),
        code: "out = torch.empty((3, 3, 3, 3, 3), memory_format=torch.channels_last_3d).is_contiguous(memory_format=torch.channels_last_3d)",
      },
    ]);
  });
  it("test_ndim", () => {
    assert.equal(torch.randn([1, 2, 3]).ndim, 3);
    assert.equal(torch.randn([]).ndim, 0);
    assert.equal(torch.randn([1, 0]).ndim, 2);
  });
  it("test_nbytes", () => {
    for (const a of [torch.randn([1, 2, 3], { dtype: "float64" }), torch.randn([]), torch.randn([1, 0])])
      assert.equal(a.nbytes, a.numel() * a.elementSize());
  });
  it("test_fill_diagonal", async () => {
    await check([
      meth("fill_diagonal_", [torch.randn([7, 3]), 1]),
      meth("fill_diagonal_", [torch.randn([7, 3]), 1], { wrap: true }),
      meth("fill_diagonal_", [torch.rand([3, 3, 3]), 1]),
    ]);
    const d1 = torch.rand([3, 3, 3]).index(":", 1, "...");
    const d2 = d1.clone();
    d1.fillDiagonal_(1);
    same(d1, d2.fillDiagonal_(1), "non-contiguous");
    const e1 = torch.rand([7, 3, 3]).index(":", 1, "...");
    const e2 = e1.clone();
    e1.fillDiagonal_(1, true);
    same(e1, e2.fillDiagonal_(1, true), "non-contiguous wrap");
  });
  it("test_normal_shape", async () => {
    const t1 = torch.rand([1]);
    const t4 = torch.rand([4]);
    const t120 = torch.rand([120]);
    const t2145 = torch.rand([2, 1, 4, 5]);
    const t2345 = torch.rand([2, 3, 4, 5]);
    const t2345nc = torch.rand([2, 4, 3, 5]).permute([0, 2, 1, 3]);
    const t2345cl = t2345.contiguous({ memoryFormat: "channelsLast" });
    for (const [a, b] of [
      [t2345, t2345],
      [t2345nc, t2345],
      [t2345, t2345cl],
      [t2345nc, t2345cl],
      [t2345, 2],
      [2, t2345],
      [t2345, t1],
      [t2145, t2345],
    ] as [Tensor | number, Tensor | number][])
      assert.deepEqual(T.normal(a, b).shape, [2, 3, 4, 5]);
    const out2345 = torch.zeros([2, 3, 4, 5]);
    assert.deepEqual(T.normal(t2345, t2345, { out: out2345 }).shape, [2, 3, 4, 5]);
    await snips([
      { js: () => torch.normal(t120, t2345), code: "torch.normal(t120, t2345)", inputs: { t120, t2345 } },
      { js: () => torch.normal(t2345, t120), code: "torch.normal(t2345, t120)", inputs: { t120, t2345 } },
      { js: () => torch.normal(t2345, t4), code: "torch.normal(t2345, t4)", inputs: { t4, t2345 } },
      {
        js: () => T.normal(t2345, t120, { out: torch.zeros([3, 4, 5]) }),
        code: "torch.normal(t2345, t120, out=torch.zeros(3, 4, 5))",
        inputs: { t120, t2345 },
      },
    ]);
  });
  it("test_has_storage", () => {
    for (const t of [torch.tensor([]), torch.empty([0]), torch.tensor([]).clone(), torch.tensor([0, 0, 0]).nonzero()])
      assert.ok(t.storage() !== undefined);
  });
  it("test_numel", () => {
    const b = torch.empty([3, 100, 100], { dtype: "uint8" });
    assert.equal(b.nelement(), 30000);
    assert.equal(b.numel(), 30000);
  });
  it("test_RNGState", () => {
    const state = torch.getRngState();
    const cloned = state.clone();
    const before = torch.rand([1000]);
    assert.equal(state.ne(cloned).long().sum().item(), 0);
    torch.setRngState(state);
    same(torch.rand([1000]), before, "after set_rng_state");
  });
  it("test_RNGStateAliasing", () => {
    const gen = new torch.Generator();
    gen.setState(torch.getRngState());
    same(gen.getState(), torch.getRngState(), "state");
    const target = torch.rand([1000]);
    torch.rand([100000]);
    same(torch.rand([1000], { generator: gen }), target, "forked");
  });
  it("test_boxMullerState", () => {
    torch.manualSeed(123);
    const seeded = torch.randn([101]);
    const state = torch.getRngState();
    const midstream = torch.randn([101]);
    torch.setRngState(state);
    same(torch.randn([101]), midstream, "midstream");
    torch.manualSeed(123);
    same(torch.randn([101]), seeded, "reseeded");
  });
  it("test_manual_seed", async () => {
    const rng = torch.getRngState();
    torch.manualSeed(2);
    const x = torch.randn([100]);
    assert.equal(torch.initialSeed(), 2);
    torch.manualSeed(2);
    same(torch.randn([100]), x, "manual_seed(2)");
    // the same draws as PyTorch's under the same seed
    const ref = (await py.eval("torch.manual_seed(2); out = torch.randn(100)")) as Tensor;
    same(x, ref, "PyTorch's draws");
    torch.manualSeed(0);
    assert.equal(torch.initialSeed(), 0);
    torch.setRngState(rng);
  });
  it("test_copy_transpose", async () => {
    const x = torch
      .arange(100 * 100, { dtype: "float32" })
      .reshape([100, 100])
      .t();
    const calls: Call[] = [];
    for (const dt of ["float32", "float64"] as DType[])
      calls.push(meth("copy_", [torch.empty([100, 100], { dtype: dt }), x]));
    const xc = torch
      .arange(100 * 100)
      .reshape([100, 100])
      .to("complex64")
      .t();
    calls.push(meth("copy_", [torch.empty([100, 100], { dtype: "complex64" }), xc]));
    const y = torch.empty([100, 100]);
    y.copy_(x);
    same(y.index(":", 0), torch.arange(100, { dtype: "float32" }), "y[:, 0]");
    same(y.index(":", 40), torch.arange(4000, 4100, { dtype: "float32" }), "y[:, 40]");
    const xh = torch
      .arange(100 * 100)
      .reshape([100, 100])
      .to("complex32")
      .t();
    calls.push(meth("copy_", [torch.empty([100, 100], { dtype: "complex32" }), xh]));
    await check(calls);
  });
  it("test_copy_broadcast", async () => {
    await check([
      meth("copy_", [torch.zeros([5, 6]), torch.zeros([6])]),
      meth("copy_", [torch.zeros([5, 6]), torch.zeros([30])]),
    ]);
  });
  it("test_copy_many_to_one", async () => {
    await snips([
      {
        js: () =>
          torch
            .zeros([1, 6])
            .expand([5, 6])
            .copy_(torch.zeros([5, 6])),
        code: "torch.zeros(1, 6).expand(5, 6).copy_(torch.zeros(5, 6))",
      },
    ]);
  });
  it("test_to", () => {
    // assertIs / assertIsNot: torchts's results are new JS wrappers, so "the same tensor" is is_set_to
    const a = torch.tensor(5);
    const isSame = (t: Tensor) => t.isSetTo(a);
    assert.ok(isSame(a.to(a)));
    assert.ok(isSame(a.to(a.dtype)));
    assert.ok(isSame(a.to(torch.emptyLike(a))));
    assert.ok(!isSame(a.to(a, { copy: true })));
    assert.ok(!isSame(a.to(a.dtype, { copy: true })));
    assert.ok(!isSame(a.to(torch.emptyLike(a), { copy: true })));
    assert.ok(isSame(a.to("cpu")));
    assert.ok(isSame(a.to("cpu", a.dtype)));
    assert.ok(!isSame(a.to("cpu", { copy: true })));
    assert.equal(a.to("cpu").device, a.device);
    assert.equal(a.to("cpu", { dtype: "float32" }).dtype, "float32");
    assert.equal(a.to("float32").device, a.device);
    assert.equal(a.to({ dtype: "float32" }).dtype, "float32");
    assert.equal(a.to("cpu").dataPtr(), a.dataPtr());
    assert.equal(a.to({ dtype: a.dtype, device: a.device, copy: false }).dataPtr(), a.dataPtr());
    assert.notEqual(a.to("cpu", { copy: true }).dataPtr(), a.dataPtr());
  });
  it("test_slice", async () => {
    const x = torch.arange(0, 16, { dtype: "float32" }).view([4, 4]);
    const slices = [":", ":4", ":5", "2:1", "2:2", "10:12", ":1", ":-3"];
    await snips([
      ...slices.map((s) => ({ js: () => x.index(s), code: `out = x[${s}]`, inputs: { x } })),
      { js: () => x.index(":", "-2:3"), code: "out = x[:, -2:3]", inputs: { x } },
      { js: () => x.index("0:-1:2"), code: "out = x[0:-1:2]", inputs: { x } },
    ]);
  });
  it("test_type", () => {
    const x = torch.randn([3, 3]).double();
    assert.equal((x.type("torch.FloatTensor") as Tensor).dtype, "float32");
    assert.equal((x.type("int32") as Tensor).dtype, "int32");
  });
  it("test_to_with_tensor", () => {
    const a = torch.tensor(5);
    assert.equal(a.to(a).device, a.device);
  });
  it("test_device", async () => {
    const items: Snip[] = [];
    for (const s of ["cpu", "cpu:0", "cuda", "cuda:1", "cuda:90"])
      items.push({ js: () => String(new torch.device(s)), code: `out = str(torch.device('${s}'))` });
    for (const s of [
      "cpu:-1",
      "cuda:-1",
      "cuda:2 ",
      "cuda: 2",
      "cuda:2 2",
      "cuda:2.",
      "cuda:2?",
      "cuda:?2",
      "cuda:",
      "cuda:2.232",
      "cuda:2 cuda:3",
      "cuda:2+cuda:3",
      "cuda:2cuda:3",
      "other",
      "other:0",
    ])
      items.push({ js: () => new torch.device(s), code: `torch.device('${s}')` });
    await snips(items);
  });
  it("test_deterministic_flag", () => {
    for (const det of [true, false])
      for (const warnOnly of [true, false]) {
        torch.useDeterministicAlgorithms(det, { warnOnly });
        assert.equal(torch.areDeterministicAlgorithmsEnabled(), det);
        assert.equal(torch.isDeterministicAlgorithmsWarnOnlyEnabled(), warnOnly);
        assert.equal(torch.getDeterministicDebugMode(), det ? (warnOnly ? 1 : 2) : 0);
      }
    for (const mode of [0, 1, 2]) {
      torch.setDeterministicDebugMode(mode as 0 | 1 | 2);
      assert.equal(torch.getDeterministicDebugMode(), mode);
      assert.equal(torch.areDeterministicAlgorithmsEnabled(), mode !== 0);
      assert.equal(torch.isDeterministicAlgorithmsWarnOnlyEnabled(), mode === 1);
    }
    for (const [mode, name] of [
      [0, "default"],
      [1, "warn"],
      [2, "error"],
    ] as [number, string][]) {
      torch.setDeterministicDebugMode(name as "default" | "warn" | "error");
      assert.equal(torch.getDeterministicDebugMode(), mode);
    }
    torch.useDeterministicAlgorithms(false);
  });
  it("test_type_conversion_via_dtype_name", async () => {
    const x = torch.tensor([1]);
    await check(
      ["byte", "bool", "char", "double", "float", "half", "int", "bfloat16", "cfloat", "cdouble", "chalf"].map((m) =>
        meth(m, [x]),
      ),
    );
  });
  it("test_tensor_where_scalar", async () => {
    const a = torch.arange(4, { dtype: "float32" });
    // Tensor.where(cond, scalar) is a later release's (1.13 raises a TypeError; torchts takes it)
    same(torch.where(a.ne(0), a, 0.001), a.where(a.ne(0), 0.001), "torch.where vs Tensor.where");
    await check([fn("where", a.ne(0), a, 0.001)]);
  });
  it("test_data_ptr_of_empty_tensor_with_storage", () => {
    const t = torch.empty([2, 2]);
    assert.notEqual(t.dataPtr(), 0);
    t.resize_([0, 2]);
    assert.equal(t.dataPtr(), 0);
  });
  it("test_data_ptr_of_empty_view_with_storage", () => {
    const t = torch.empty([2, 2]);
    assert.notEqual(t.dataPtr(), 0);
    assert.equal(t.index("0:0").view([0, 1]).dataPtr(), 0);
  });
  it("test_conj_neg_tolist", () => {
    const x = torch.randn([2], { dtype: "complex64" });
    const y1 = x.conj();
    same(torch.tensor(y1.tolist() as torch.Complex[]), x.conjPhysical(), "conj().tolist()");
    same(torch.tensor(y1.imag.tolist() as number[]), x.conjPhysical().imag, "conj().imag.tolist()");
  });

  // add_neg_dim_tests: each op with non-negative dims equals the op with the same dims counted from the end
  const idxTensor = (size: number[], maxVal: number) => torch.randint(0, maxVal - 1, size);
  const NEG_DIM: [string, number[] | number[][], () => unknown[], ("m" | "i" | "f")[], number?][] = [
    ["narrow", [10, 20, 30], () => [null, 0, 5], ["m"]],
    ["transpose", [10, 20, 30], () => [null, null], ["m", "i", "f"]],
    ["size", [10, 20, 30], () => [null], ["m"]],
    [
      "cat",
      [
        [2, 3, 4],
        [2, 3, 4],
      ],
      () => [null],
      ["f"],
    ],
    ["chunk", [10, 20, 30], () => [5, null], ["m", "f"]],
    ["gather", [10, 20], () => [null, idxTensor([10, 20], 10)], ["m", "f"]],
    ["index_select", [10, 10], () => [null, idxTensor([10], 10)], ["m", "f"]],
    ["split", [10, 20], () => [5, null], ["m", "f"]],
    ["squeeze", [10, 1, 20, 1], () => [null], ["m", "i", "f"]],
    ["unbind", [2, 3, 4], () => [null], ["f"]],
    ["unsqueeze", [10, 20], () => [null], ["m", "i", "f"], 1],
    ["logcumsumexp", [10, 20], () => [null], ["m", "f"]],
    ["cumprod", [10, 20], () => [null], ["m", "f"]],
    ["cumsum", [10, 20], () => [null], ["m", "f"]],
    ["cummax", [10, 20], () => [null], ["m", "f"]],
    ["cummin", [10, 20], () => [null], ["m", "f"]],
    ["mean", [10, 20], () => [null], ["m", "f"]],
    ["median", [10, 20], () => [null], ["m", "f"]],
    ["nanmedian", [10, 20], () => [null], ["m", "f"]],
    ["mode", [10, 20], () => [null], ["m", "f"]],
    ["norm", [10, 20], () => [2, null], ["m", "f"]],
    ["prod", [10, 20], () => [null], ["m", "f"]],
    ["std", [10, 20], () => [null], ["m", "f"]],
    ["sum", [10, 20], () => [null], ["m", "f"]],
    ["var", [10, 20], () => [null], ["m", "f"]],
    ["kthvalue", [10, 20], () => [3, null], ["m", "f"]],
    ["max", [10, 20], () => [null], ["m", "f"]],
    ["min", [10, 20], () => [null], ["m", "f"]],
    ["sort", [10, 20], () => [null], ["m", "f"]],
    ["topk", [10, 20], () => [5, null], ["m", "f"]],
    ["renorm", [10, 20], () => [2, null, 1], ["m", "i", "f"]],
    ["index_add", [10, 10], () => [null, idxTensor([10], 10), torch.randn([10, 10])], ["i"]],
    ["index_copy", [10, 10], () => [null, idxTensor([10], 10), torch.randn([10, 10])], ["i"]],
    ["index_fill", [10, 10], () => [null, idxTensor([10], 10), 12], ["i"]],
    ["scatter", [10, 10], () => [null, idxTensor([10, 10], 10), torch.randn([10, 10])], ["i"]],
    ["select", [10, 20], () => [null, 3], ["m"]],
    ["unfold", [10, 20], () => [null, 5, 2], ["m"]],
  ];
  const combinations = (n: number, k: number): number[][] =>
    k === 0
      ? [[]]
      : Array.from({ length: n }, (_, i) =>
          combinations(n, k - 1)
            .filter((c) => (c[0] ?? n) > i)
            .map((c) => [i, ...c]),
        ).flat();
  for (const [name, tensorArg, argConstr, types, extraDim] of NEG_DIM)
    it(`test_${name}_neg_dim`, () => {
      const isList = Array.isArray(tensorArg[0]);
      const x = isList ? (tensorArg as number[][]).map((s) => torch.randn(s)) : torch.randn(tensorArg as number[]);
      const ndim =
        (isList ? ((tensorArg as number[][]).at(-1) as number[]).length : tensorArg.length) + (extraDim ?? 0);
      const nDims = argConstr().filter((e) => e === null).length;
      const camel = name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      for (const dims of combinations(ndim, nDims)) {
        const arg = argConstr();
        const argNeg = [...arg];
        let k = 0;
        arg.forEach((v, i) => {
          if (v === null) {
            arg[i] = dims[k];
            argNeg[i] = (dims[k] as number) - ndim;
            k++;
          }
        });
        if (types.includes("m"))
          same(M(x as Tensor)[camel](...arg), M(x as Tensor)[camel](...argNeg), `${name} method`);
        if (types.includes("i")) {
          const a = (x as Tensor).clone();
          M(a)[`${camel}_`](...arg);
          const b = (x as Tensor).clone();
          M(b)[`${camel}_`](...argNeg);
          same(a, b, `${name}_`);
        }
        if (types.includes("f")) same(T[camel](x, ...arg), T[camel](x, ...argNeg), `torch.${name}`);
      }
    });
});

describe("TestTorch / TestTorchDeviceType: Tensor.new, internal overlap, index_reduce", () => {
  it("test_new", async () => {
    const x = torch.empty([0]);
    const y = torch.randn([4, 4]);
    const z = torch.tensor([1, 2, 3], { dtype: "int32" });
    await snips([
      { js: () => x.new().shape, code: "out = list(x.new().shape)", inputs: { x } },
      { js: () => x.new().equal(x), code: "out = x.new().equal(x)", inputs: { x } },
      { js: () => x.new(1, 2).shape, code: "out = list(x.new(1, 2).shape)", inputs: { x } },
      // torch.Size([3, 4]) (a tuple of ints, sizes) as the sizes themselves
      { js: () => x.new(3, 4).shape, code: "out = list(x.new(torch.Size([3, 4])).shape)", inputs: { x } },
      { js: () => x.new([3, 4]).shape, code: "out = list(x.new([3, 4]).shape)", inputs: { x } },
      { js: () => x.new([3, 4]), code: "out = x.new([3, 4])", inputs: { x } },
      { js: () => x.new([]).shape, code: "out = list(x.new(()).shape)", inputs: { x } },
      {
        js: () => x.new(y).dataPtr() === y.dataPtr(),
        code: "out = x.new(y).data_ptr() == y.data_ptr()",
        inputs: { x, y },
      },
      { js: () => x.new(y) !== y, code: "out = x.new(y) is not y", inputs: { x, y } },
      { js: () => x.new(z), code: "out = x.new(z)", inputs: { x, z } },
    ]);
  });

  it("test_has_internal_overlap", async () => {
    // torch._debug_has_internal_overlap as torch.ops.aten._debug_has_internal_overlap: 0 no, 1 yes, 2 too hard
    const f = (t: Tensor) => torch.ops.aten._debug_has_internal_overlap(t);
    const a = torch.randn([3, 3]);
    const b = torch.randn([1, 3]);
    const c = torch.randn([10]);
    const d = torch.randn([2, 1, 10]);
    const mine = [
      f(a),
      f(b.expand([4, 3])),
      f(c.asStrided([2, 1, 5], [1, 0, 2])),
      f(d.index(torch.slice(null, null, 2)).asStrided([2, 1, 5], [10, 0, 2])),
    ];
    same(mine, [0, 1, 0, 2], "upstream's OVERLAP_NO / YES / NO / TOO_HARD");
    await snips([
      {
        js: () => mine,
        code: `out = [torch._debug_has_internal_overlap(a), torch._debug_has_internal_overlap(b.expand(4, 3)),
       torch._debug_has_internal_overlap(c.as_strided([2, 1, 5], [1, 0, 2])),
       torch._debug_has_internal_overlap(d[::2].as_strided((2, 1, 5), (10, 0, 2)))]`,
        inputs: { a, b, c, d },
      },
    ]);
  });

  for (const reduce of ["prod", "mean", "amax", "amin"])
    for (const dtype of ["float32", "float64", "int64", "float16", "bfloat16"] as DType[])
      it(`test_index_reduce_reduce_${reduce}_cpu_${dtype}`, async () => {
        // upstream's reference is a Python loop over the index: that loop runs in live PyTorch on the same inputs
        torch.manualSeed(41);
        const size = [3, 4, 5];
        const items: Snip[] = [];
        for (const [destNc, srcNc, idxNc] of [
          [false, false, false],
          [true, true, true],
          [true, false, true],
        ])
          for (const idxDtype of ["int32", "int64"] as DType[])
            for (const includeSelf of [true, false])
              for (let dim = 0; dim < 3; dim++) {
                const numSrc = randint(0, 9);
                const dest = make(size, dtype, { noncontiguous: destNc });
                const srcSize = size.map((s, k) => (k === dim ? numSrc : s));
                const src = make(srcSize, dtype, { noncontiguous: srcNc });
                const idx = make([numSrc], idxDtype, { low: 0, high: size[dim], noncontiguous: idxNc });
                items.push({
                  js: () => dest.clone().indexReduce_(dim, idx, src, reduce, { includeSelf }),
                  code: `dest, src, idx = dest.clone(), src.clone(), idx.clone()
reduction_init = {"prod": 1, "mean": 0, "amin": float("inf") if dest.dtype.is_floating_point else torch.iinfo(dest.dtype).max,
                  "amax": -float("inf") if dest.dtype.is_floating_point else torch.iinfo(dest.dtype).min}
expected = dest.clone()
if not ${includeSelf ? "True" : "False"}:
    expected.index_fill_(${dim}, idx.long(), reduction_init["${reduce}"])
expected = expected.transpose(0, ${dim})
src = src.transpose(0, ${dim})
for i in range(${numSrc}):
    if "${reduce}" == "prod":
        expected[idx[i]] *= src[i]
    elif "${reduce}" == "amin":
        torch.minimum(expected[idx[i]], src[i], out=expected[idx[i]])
    elif "${reduce}" == "amax":
        torch.maximum(expected[idx[i]], src[i], out=expected[idx[i]])
    else:
        expected[idx[i]] += src[i]
if "${reduce}" == "mean":
    counts = torch.ones_like(expected) if ${includeSelf ? "True" : "False"} else torch.zeros_like(expected)
    counts.index_add_(0, idx, torch.ones_like(src))
    counts.masked_fill_(counts == 0, 1)
    if dest.dtype.is_floating_point:
        expected.div_(counts)
    else:
        expected.div_(counts, rounding_mode="floor")
out = expected.transpose(0, ${dim})`,
                  inputs: { dest, src, idx },
                  tol: dtype === "float16" || dtype === "bfloat16" ? { rtol: 1.6e-2, atol: 1e-5 } : undefined,
                });
              }
        await snips(items);
      });
});
