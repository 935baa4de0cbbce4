// Ported from PyTorch 1.13's test/test_autograd.py, classes TestAutogradForwardMode (forward-mode AD:
// dual levels, make_dual / unpack_dual, tangents through views and in-place ops) and
// TestAutogradForwardModeBatchedGrad (tangents under vmap, gradcheck's check_batched_forward_grad), plus
// a replay of test/test_ops.py's TestGradients.test_forward_mode_AD over a handful of OpInfos (sin, exp,
// mul, div.no_rounding_mode, matmul, sum, cumsum, nn.functional.softplus; float64 and, where upstream
// has it, complex128; check_batched_forward_grad as each OpInfo sets it). Cases keep their upstream
// names. (The stored test_autograd.py is a later one; every case below was run against 1.13.)
//
// Expected values: each case runs the same program in live PyTorch 1.13 (test/python/
// upstream_forward_ad.py, through test/helpers/pytorch.ts) on the inputs torchts made, and both sides
// record a trace (tensors, flags, errors as [class, first message line]) that is compared. Python's
// identity checks (`unpack_dual(x).tangent is t`) become "the same tensor" in torchts: the same memory,
// offset, sizes, strides, conj/neg bits and view-ness, as torchts hands out a new Tensor object per unpackDual.
//
// torchts spellings: torch.autograd.forward_ad is torch.autograd.forwardAd; `with fwAD.dual_level()` is
// forwardAd.dualLevel(fn); make_dual / unpack_dual are makeDual / unpackDual (an [primal, tangent] pair
// with .primal / .tangent, null for no tangent); `x[1:]` is x.index(slice(1)); `x[0] = y` is
// x.indexPut_([0], y); `x *= 2` is x.mul_(2); torch.no_grad / inference_mode blocks are noGrad(fn) /
// inferenceMode(fn); len(x.storage()) is x.storage().size().
//
// In part: test_forward_level_cleanup (that the tangent given to make_dual is kept as-is; its weak
// reference checks are left out, see below); test_metadata_check_for_storage_numel_skipped (upstream's
// `tangent is unpacked_tangent` inside vmap is checked on the vmapped result outside it: a BatchedTensor
// has no storage for same() to compare).
//
// Left out:
// - test_forward_level_cleanup's and test_detach_view_tracking's weak references
//   (torch._C._WeakTensorRef.expired()): JS has no deterministic way to see a tensor freed.
// - test_fwd_grad_enabled, test_set_fwd_grad_enabled: torch._C._is_fwd_grad_enabled and
//   fwAD._set_fwd_grad_enabled are later than 1.13 (1.13 has neither, so nothing to compare with).
// - test_make_dual_torch_dispatch: a Tensor subclass with __torch_dispatch__, nothing torchts has.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { slice } from "../../lib";
import { _vmap } from "../../lib/vmap";
import { expectTensor } from "../helpers/assert";
import { arg, type OpInfoEntry, resolve } from "../helpers/opinfo";
import { PyTorch, type PyValue } from "../helpers/pytorch";
import { expectTrace as traceEqual } from "../helpers/trace";

const py = new PyTorch();
afterAll(() => py.close());

const fw = torch.autograd.forwardAd;
const { dualLevel, makeDual, unpackDual } = fw;
const F = torch.nn.functional;
const call = (fn: string, inputs: Record<string, unknown> = {}) => py.call(`upstream_forward_ad.${fn}`, inputs);

/** Python's `a is b` for tensors: the same memory, offset, sizes, strides, dtype and conj/neg bits. */
const same = (a: Tensor | null, b: Tensor | null): boolean =>
  a !== null &&
  b !== null &&
  a.dtype === b.dtype &&
  a.untypedStorage().dataPtr() === b.untypedStorage().dataPtr() &&
  a.storageOffset() === b.storageOffset() &&
  a.shape.join() === b.shape.join() &&
  a.stride().join() === b.stride().join() &&
  torch.isConj(a) === torch.isConj(b) &&
  torch.isNeg(a) === torch.isNeg(b) &&
  a._isView() === b._isView();
const tangentOf = (t: Tensor): Tensor | null => unpackDual(t).tangent;

/** null when fn returns, else [Python's class name, first message line], as the Python side records. */
function errOf(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    const err = e as Error;
    return [err.name === "Error" ? "RuntimeError" : err.name, err.message.split("\n")[0] as string];
  }
}

/** A torchts trace equal to PyTorch's: tensors within float32 tolerance, the rest exactly. */
const expectTrace = (mine: unknown, ref: PyValue, what = "trace"): void =>
  traceEqual(mine, ref, { rtol: 1e-5, atol: 1e-6 }, what);

describe("TestAutogradForwardMode", () => {
  it("test_forward_level_cleanup", async () => {
    const foo = torch.rand([2]);
    const tangent = torch.rand([2]).requiresGrad_(true);
    const mine = dualLevel(() => {
      const dual = makeDual(foo, tangent);
      // The tangent given is the one the dual keeps (not a copy).
      return [same(unpackDual(dual)[1], tangent)];
    });
    expectTrace(mine, await call("forward_level_cleanup", { foo, tangent: tangent.detach() }));
  });

  it("test_size_check", async () => {
    const foo = torch.rand([2]);
    const tangent = torch.rand([3]);
    const mine = dualLevel(() => {
      const e = errOf(() => makeDual(foo, tangent));
      const dual = makeDual(foo, tangent.index(slice(1)));
      return [e, tangentOf(dual)];
    });
    const ref = (await call("size_check", { foo, tangent })) as PyValue[];
    expect((ref[0] as string[])[1]).toMatch(/Trying to set a forward gradient that has a different size/);
    expectTrace(mine, ref);
  });

  it("test_metadata_check_checks_storage_numel", async () => {
    const base = torch.randn([5]);
    const tangent = torch.randn([4]);
    const t = tangent.clone();
    const primal = base.index(slice(null, 4)).detach();
    const n = primal.storage().size();
    const mine = dualLevel(() => {
      const dual = makeDual(primal, t);
      const unpacked = unpackDual(dual).tangent as Tensor;
      const before = t.clone();
      unpacked.mul_(2);
      const untouched = before.allclose(t);
      const s = dual.asStrided([5], [1], 0);
      return [n, untouched, s, tangentOf(s)];
    });
    expectTrace(mine, await call("metadata_check_checks_storage_numel", { base, tangent }));
  });

  it("test_metadata_check_checks_ignores_size_zero", async () => {
    const a = torch.ones([0]).asStrided([0, 1], [1, 1], 0);
    const b = torch.ones([0]).asStrided([0, 1], [1, 0], 0);
    const shapes = dualLevel(() => {
      const d = torch.diagonal(makeDual(a, b), 0);
      return [d.shape, (tangentOf(d) as Tensor).shape];
    });
    const input = torch.rand([0, 1], { dtype: "complex128" });
    const ok = torch.autograd.gradcheck((x: Tensor) => torch.diagonal(x, 0), [input.clone().requiresGrad_(true)], {
      checkForwardAd: true,
    });
    expectTrace([...shapes, ok], await call("metadata_check_checks_ignores_size_zero", { inp: input }));
    // Upstream's gradcheck is common_utils' wrapper: fast mode, batched gradients checked too.
    const fast = { checkForwardAd: true, fastMode: true, checkBatchedGrad: true };
    const okFast = torch.autograd.gradcheck(
      (x: Tensor) => torch.diagonal(x, 0),
      [input.clone().requiresGrad_(true)],
      fast,
    );
    const refFast = await py.eval(
      "from torch.autograd import gradcheck\nout = gradcheck(lambda x: torch.diagonal(x, offset=0), (inp.clone().requires_grad_(),), check_forward_ad=True, fast_mode=True, check_batched_grad=True)",
      { inp: input },
    );
    expect([okFast, refFast]).toEqual([true, true]);
  });

  it("test_metadata_check_when_primal_has_conj_bit", async () => {
    const a0 = torch.randn([2, 2], { dtype: "complex128" });
    const b = torch.rand([2, 2], { dtype: "complex128" });
    const a = a0.conj();
    const mine: unknown[] = [torch.isConj(a), a.storage().size() === b.storage().size()];
    dualLevel(() => {
      const v = makeDual(a, b).index(slice(1));
      mine.push(v, tangentOf(v));
    });
    expectTrace(mine, await call("metadata_check_when_primal_has_conj_bit", { a: a0, b }));
  });

  it("test_metadata_check_when_primal_has_neg_bit", async () => {
    const a0 = torch.randn([2, 2], { dtype: "complex128" });
    const b0 = torch.randn([2, 2], { dtype: "complex128" });
    const a = a0.conj().imag;
    const b = b0.imag;
    const mine: unknown[] = [torch.isNeg(a), a.storage().size() === b.storage().size()];
    dualLevel(() => {
      const v = makeDual(a, b).index(slice(1));
      mine.push(v, tangentOf(v));
    });
    expectTrace(mine, await call("metadata_check_when_primal_has_neg_bit", { a: a0, b: b0 }));
  });

  it("test_metadata_check_check_conj", async () => {
    const keys: Array<[string, (x: Tensor) => Tensor]> = [
      ["NEITHER", (x) => x],
      ["CONJ", (x) => x.conj()],
      ["NEG", (x) => torch.ops.aten._neg_view(x)],
    ];
    const xs = Array.from({ length: 9 }, () => torch.randn([2, 3, 4], { dtype: "complex128" }));
    const ts = Array.from({ length: 9 }, () => torch.randn([2, 3, 4], { dtype: "complex128" }));
    const mine: unknown[] = [];
    let k = 0;
    for (const [pk, pf] of keys) {
      for (const [tk, tf] of keys) {
        const x = pf(xs[k] as Tensor);
        const t = tf(ts[k] as Tensor);
        k++;
        dualLevel(() => {
          const dual = makeDual(x, t);
          mine.push([pk, tk, same(tangentOf(dual), t), tangentOf(torch.real(dual)), tangentOf(torch.imag(dual))]);
        });
      }
    }
    const ref = (await call("metadata_check_check_conj", { xs, ts })) as PyValue[][];
    // Upstream: the tangent is kept as-is exactly when primal and tangent have the same conj/neg bits.
    expect(ref.map((r) => r[2])).toEqual(ref.map((r) => r[0] === r[1]));
    expectTrace(mine, ref);
  });

  it("test_metadata_check_ignore_storage_offset_for_zero_numel_tensor", async () => {
    const mine: unknown[] = [];
    const a = torch.tensor([1.5]).asStrided([0], [1], 1);
    const b = torch.tensor([1.5]).asStrided([0], [1], 2);
    dualLevel(() => {
      const t = tangentOf(makeDual(a, b)) as Tensor;
      mine.push(same(t, b), t.storageOffset());
    });
    const a2 = torch.tensor([1.5]).asStrided([1], [2], 0);
    const b2 = torch.tensor([1.5]).asStrided([1], [1], 0);
    dualLevel(() => mine.push(makeDual(a2, b2).index(slice(1)).shape));
    expectTrace(mine, await call("metadata_check_ignore_storage_offset_for_zero_numel_tensor"));
  });

  it("test_default_level", async () => {
    const foo = torch.rand([2]);
    const bar = torch.rand([2]);
    let baz: Tensor | undefined;
    const inside = dualLevel(() => {
      baz = makeDual(foo, bar);
      const [p, t] = unpackDual(baz);
      return [p, same(t, bar)];
    });
    const [p2, t2] = unpackDual(baz as Tensor);
    expectTrace([...inside, p2, t2 === null], await call("default_level", { foo, bar }));
  });

  it("test_nested_level", async () => {
    const first = dualLevel((level) => level);
    const e = dualLevel(() => errOf(() => fw.enterDualLevel()));
    expectTrace([first, e], await call("nested_level"));
    // The refused level left nothing open.
    expect(dualLevel((level) => level)).toBe(0);
  });

  it("test_set_fw_grad_having_own_fw_grad_at_same_level", async () => {
    const [foo, bar, baz] = [torch.rand([2]), torch.rand([2]), torch.rand([2])];
    const mine = dualLevel(() => {
      const dual = makeDual(foo, bar);
      return [errOf(() => makeDual(baz, dual))];
    });
    const ref = (await call("set_fw_grad_having_own_fw_grad_at_same_level", { foo, bar, baz })) as PyValue[];
    expect((ref[0] as string[])[1]).toMatch(/has a forward gradient at the same level/);
    expectTrace(mine, ref);
  });

  it("test_codegen_ignores_undefined_outputs", async () => {
    const weight = torch.randn([6, 1, 30, 30]);
    const inp = torch.rand([1, 1, 32, 32]);
    const gradOut = torch.onesLike(F.conv2d(inp, weight));
    const mine = dualLevel(() => {
      const dualWeight = makeDual(weight, torch.onesLike(weight));
      const [gi, gw, gb] = torch.ops.aten.convolution_backward(
        gradOut,
        inp,
        dualWeight,
        [0],
        [1, 1],
        [0, 0],
        [1, 1],
        false,
        [0, 0],
        1,
        [false, true, false],
      ) as Array<Tensor | undefined>;
      return [gi === undefined, gb === undefined, gw as Tensor, tangentOf(gw as Tensor)];
    });
    const ref = (await call("codegen_ignores_undefined_outputs", { weight, inp })) as PyValue[];
    expect(ref[0]).toBe(true);
    expectTrace(mine.slice(0, 2), ref.slice(0, 2));
    expectTensor(mine[2] as Tensor, ref[2] as PyValue, { rtol: 1e-4, atol: 1e-4 }, "grad_weight");
    // grad_weight does not depend on weight: no tangent, on both sides.
    expect(mine[3]).toBe(ref[3]);
  });

  it("test_make_dual_inference_tensor_in_inference_mode", async () => {
    const foo0 = torch.rand([2]);
    const bar0 = torch.rand([2]);
    const mine = torch.autograd.inferenceMode(() => {
      const foo = foo0.clone();
      const bar = bar0.clone();
      const before = foo.clone();
      return dualLevel(() => {
        const dual = makeDual(foo, bar);
        const view = dual._isView();
        dual.add_(1);
        return [view, !foo.allclose(before), foo];
      });
    });
    expectTrace(mine, await call("make_dual_inference_tensor_in_inference_mode", { foo: foo0, bar: bar0 }));
  });

  it("test_make_dual_forbid_integral_dtype", async () => {
    const pf = torch.ones([2, 2], { dtype: "float32" });
    const pl = torch.ones([2, 2], { dtype: "int64" });
    const tf = torch.ones([2, 2], { dtype: "float32" });
    const tl = torch.ones([2, 2], { dtype: "int64" });
    const mine = dualLevel(() => [
      errOf(() => makeDual(pf, tl)),
      errOf(() => makeDual(pl, tl)),
      errOf(() => makeDual(pl, tf)),
    ]);
    const ref = (await call("make_dual_forbid_integral_dtype")) as string[][];
    expect(ref.map((r) => r[0])).toEqual(["ValueError", "ValueError", "ValueError"]);
    expectTrace(mine, ref);
  });

  it("test_print", async () => {
    const a = torch.rand([3]);
    const t = torch.rand([3]);
    const mine = dualLevel(() => {
      const before = String(a).includes("tangent=");
      const b = makeDual(a, t);
      const [bp, bt] = unpackDual(b);
      return [
        before,
        String(a).includes("tangent="),
        String(b).includes("tangent="),
        String(bp).includes("tangent="),
        String(bt).includes("tangent="),
        String(b),
      ];
    });
    expectTrace(mine, await call("print_", { a, t }));
  });

  it("test_basic_packing_unpacking", async () => {
    const foo = torch.rand([2]);
    const bar = torch.rand([2]);
    const mine = dualLevel(() => {
      const baz = makeDual(foo, bar);
      const [p, t] = unpackDual(baz);
      const again = unpackDual(baz);
      const [fp, ft] = unpackDual(foo);
      // Every unpack_dual gives a new primal view (a new object) of the same values.
      return [
        p.equal(foo),
        same(t, bar),
        p !== again.primal,
        p.equal(again.primal),
        same(t, again.tangent),
        fp.equal(foo),
        ft === null,
      ];
    });
    expectTrace(mine, await call("basic_packing_unpacking", { foo, bar }));
  });

  it("test_advanced_packing_unpacking", async () => {
    const foo0 = torch.rand([2]);
    const bar0 = torch.ones([2]);
    const foo = foo0.clone();
    const bar = bar0.clone();
    const r: unknown[] = [];
    const ptr = (t: Tensor) => t.storage().dataPtr();
    dualLevel(() => {
      const dual = makeDual(foo, bar);
      r.push(ptr(dual) === ptr(foo), foo._version === dual._version);
      foo.add_(1);
      r.push(foo._version === dual._version);
      const [dp, dt] = unpackDual(dual);
      r.push(ptr(dp) === ptr(foo), ptr(dt as Tensor) === ptr(bar), same(dt, bar));
      r.push(foo._version === dp._version);
      foo.add_(1);
      r.push(foo._version === dp._version, bar._version === (dt as Tensor)._version);
      bar.add_(1);
      r.push(bar._version === (dt as Tensor)._version);
    });
    dualLevel(() => {
      foo.requiresGrad_();
      bar.requiresGrad_();
      let dual = makeDual(foo, bar);
      const [p, t] = unpackDual(dual);
      let [gfoo, gbar] = torch.autograd.grad(p.sum(), [foo, bar], { retainGraph: true, allowUnused: true });
      r.push(gfoo, gbar === null);
      [gfoo, gbar] = torch.autograd.grad((t as Tensor).sum(), [foo, bar], { retainGraph: true, allowUnused: true });
      r.push(gfoo === null, gbar);
      // Forward gradients are dropped by detach() ...
      let u = unpackDual(dual.detach().mul(2));
      r.push(u.primal.requiresGrad, u.primal, u.tangent === null);
      // ... kept under no_grad ...
      const out = torch.noGrad(() => dual.mul(3));
      u = unpackDual(out);
      r.push(u.primal.requiresGrad, (u.tangent as Tensor).requiresGrad, u.primal, u.tangent);
      // ... and dropped by an in-place detach_().
      dual = dual.clone();
      dual.detach_();
      u = unpackDual(dual.mul(2));
      r.push(u.primal.requiresGrad, u.primal, u.tangent === null);
    });
    expectTrace(r, await call("advanced_packing_unpacking", { foo: foo0, bar: bar0 }));
  });

  it("test_view_inplace_non_differentiable_views", async () => {
    const foo0 = torch.rand([2], { dtype: "float64" });
    const bar0 = torch.ones([2], { dtype: "float64" });
    const foo = foo0.clone();
    const bar = bar0.clone();
    const mine = dualLevel(() => {
      // The dual is a non-differentiable view of foo: in-place changes reach foo's values, not a tangent.
      const dual = makeDual(foo, bar);
      dual.mul_(2);
      const r: unknown[] = [tangentOf(foo) === null, bar, tangentOf(dual), foo, unpackDual(dual)[0]];
      const [dp, dt] = unpackDual(dual);
      r.push(tangentOf(dp) === null, tangentOf(dt as Tensor) === null);
      dp.mul_(2);
      r.push(unpackDual(dual)[0], tangentOf(dual));
      (dt as Tensor).mul_(2);
      r.push(unpackDual(dual)[0], tangentOf(dual));
      return r;
    });
    expectTrace(mine, await call("view_inplace_non_differentiable_views", { foo: foo0, bar: bar0 }));
  });

  it("test_view_inplace_differentiable_views", async () => {
    const foo0 = torch.rand([2]);
    const bar0 = torch.ones([2]);
    const bazs = [torch.rand([2]), torch.rand([2]), torch.rand([2])];
    const [baz1, baz2, baz3] = bazs.map((b) => b.clone()) as [Tensor, Tensor, Tensor];
    const foo = foo0.clone();
    const mine = dualLevel(() => {
      const dual = makeDual(foo, bar0.clone());
      const view = dual.narrow(0, 0, 1);
      view.mul_(2);
      const r: unknown[] = [tangentOf(foo) === null, tangentOf(dual), tangentOf(view)];
      baz1.add_(dual);
      r.push(tangentOf(baz1));
      baz2.indexPut_([0], dual.index(0));
      r.push(tangentOf(baz2));
      // A detach()ed view is not forward differentiable: its in-place update gives its base no tangent.
      const v = baz3.detach();
      v.add_(dual);
      r.push(tangentOf(baz3) === null);
      return r;
    });
    const [b1, b2, b3] = bazs;
    expectTrace(
      mine,
      await call("view_inplace_differentiable_views", { foo: foo0, bar: bar0, baz1: b1, baz2: b2, baz3: b3 }),
    );
  });

  it("test_view_inplace_always_creates_a_view", async () => {
    const ops: Array<(x: Tensor, y: Tensor) => unknown> = [
      (x, y) => x.add_(y),
      (x, y) => x.mul_(y),
      (x, y) => x.copy_(y),
    ];
    const bases = ops.map(() => torch.randn([2, 2]));
    const primals = ops.map(() => torch.randn([2, 2]));
    const tangents = ops.map(() => torch.randn([2, 2]));
    const mine = ops.map((op, i) => {
      const base = (bases[i] as Tensor).clone();
      const view = base.transpose(0, 1);
      return dualLevel(() => {
        op(view, makeDual(primals[i] as Tensor, tangents[i] as Tensor));
        // The view and its base now share a tangent: scaling the view scales the base's.
        let [p, t] = unpackDual(base);
        const pBefore = p.clone();
        const tBefore = (t as Tensor).clone();
        view.mul_(2);
        [p, t] = unpackDual(base);
        return [pBefore.mul(2).allclose(p), tBefore.mul(2).allclose(t as Tensor), p, t];
      });
    });
    expectTrace(mine, await call("view_inplace_always_creates_a_view", { bases, primals, tangents }));
  });

  it("test_grad_cleanup", async () => {
    const [foo, bar, baz] = [torch.rand([2]), torch.rand([2]), torch.rand([2])];
    let dual: Tensor | undefined;
    const r: unknown[] = dualLevel(() => {
      dual = makeDual(foo, bar);
      return [tangentOf(foo) === null, same(tangentOf(dual), bar)];
    });
    // Leaving the level drops its tangents.
    r.push(tangentOf(dual as Tensor) === null);
    dualLevel(() => {
      r.push(tangentOf(foo) === null);
      const newDual = makeDual(foo, baz);
      const [dp, dt] = unpackDual(dual as Tensor);
      const [np, nt] = unpackDual(newDual);
      r.push(dp.equal(np), dt === null, nt);
    });
    expectTrace(r, await call("grad_cleanup", { foo, bar, baz }));
  });

  it("test_out_variant", async () => {
    const [a, b, bar] = [torch.rand([2]), torch.rand([2]), torch.rand([2])];
    const mine = dualLevel(() => {
      const foo = makeDual(a, b);
      return [errOf(() => torch.add(bar, bar, { out: foo })), errOf(() => torch.add(foo, bar, { out: bar }))];
    });
    const ref = (await call("out_variant", { a, b, bar })) as string[][];
    for (const e of ref) expect(e[1]).toMatch(/out= function/);
    expectTrace(mine, ref);
  });

  it("test_non_differentiable", async () => {
    const [a, b, bar] = [torch.rand([2]), torch.rand([2]), torch.rand([2])];
    // No differentiable output: neither the comparison nor its in-place form raises.
    const mine = dualLevel(() => {
      const foo = makeDual(a.clone(), b);
      const eq = foo.eq(bar);
      foo.eq_(bar);
      const t = tangentOf(foo);
      return [eq, foo, t === null, t];
    });
    expectTrace(mine, await call("non_differentiable", { a, b, bar }));
  });

  it("test_create_new_zeros_with_same_meta", async () => {
    const fn = torch.ops.aten._new_zeros_with_same_feature_meta;
    const cases: Array<[Tensor, Tensor]> = [
      [torch.zeros([5], { dtype: "float32" }), torch.zeros([2, 3, 4], { dtype: "float64" })],
      [torch.zeros([2, 3, 4]).transpose(0, 1).contiguous().transpose(0, 1), torch.zeros([2, 3, 4])],
      [torch.zeros([5]).narrow(0, 1, 2), torch.zeros([2])],
      [torch.zeros([5]).resize_([4]), torch.zeros([4])],
      [torch.zeros([1, 0, 2]), torch.zeros([1, 2])],
      [torch.tensor(1.5), torch.zeros([1, 2])],
    ];
    const mine: unknown[] = [];
    for (const [a, b] of cases) {
      for (const [t, target] of [
        [a, b],
        [b, a],
      ] as Array<[Tensor, Tensor]>) {
        for (let n = 0; n < t.dim(); n++) {
          const res = fn(t, target, { selfNumBatchDims: n }) as Tensor;
          const prod = t.shape.slice(0, n).reduce((x, y) => x * y, 1);
          mine.push([
            res.dim(),
            res.shape,
            res.stride(),
            res.isContiguous(),
            res.storageOffset(),
            res.storage().size(),
            target.storage().size() * prod,
            res.dtype,
          ]);
        }
      }
    }
    const ref = (await call("create_new_zeros_with_same_meta")) as PyValue[][];
    // Upstream's checks: the batch dims come first, then target's sizes; the storage is target's times
    // the batch sizes.
    for (const r of ref) expect(r[5]).toBe(r[6]);
    expectTrace(mine, ref);
  });

  it("test_backward_graph_destruction", async () => {
    const p = torch.rand([10]);
    const a0 = torch.rand([10]);
    // A tangent that requires grad: the dual's exp() saves it, a cycle PyTorch must free at level exit.
    const mine = dualLevel(() => {
      const a = a0.clone().requiresGrad_(true);
      const db = makeDual(p, a).exp();
      return [unpackDual(db)[0], tangentOf(db)];
    });
    expectTrace(mine, await call("backward_graph_destruction", { p, a: a0 }));
  });
});

// TestAutogradForwardModeBatchedGrad: Jacobian-vector products under the legacy vmap (torchts's
// torch.vmap is 1.13's torch._vmap_internals._vmap, without its functorch warning). Python's `is`
// between tensors is same() above.
describe("TestAutogradForwardModeBatchedGrad", () => {
  /** true, or [Python's class name, the whole message]. */
  const gcErr = (fn: () => unknown): true | [string, string] => {
    try {
      fn();
      return true;
    } catch (e) {
      const err = e as Error;
      return [err.name === "Error" ? "RuntimeError" : err.name, err.message];
    }
  };
  const vmap00 = (jvp: (t: Tensor) => unknown, tangent: Tensor): unknown =>
    (_vmap(jvp as (t: Tensor) => Tensor, 0, 0) as (t: Tensor) => unknown)(tangent);

  it("test_out_of_place_basic", async () => {
    const a0 = torch.rand([4, 4], { dtype: "float64" });
    const b0 = torch.rand([4, 4], { dtype: "float64" });
    const a = a0.clone().requiresGrad_(true);
    const b = b0.clone().requiresGrad_(true);
    const o = { checkForwardAd: true, checkBatchedGrad: true, checkBatchedForwardGrad: true };
    torch.manualSeed(21);
    const mine = [
      gcErr(() => torch.autograd.gradcheck((t: Tensor) => torch.sin(t), [a], o)),
      gcErr(() => torch.autograd.gradcheck((x: Tensor, y: Tensor) => torch.add(x, y), [a, b], o)),
    ];
    const ref = await call("batched_out_of_place_basic", { a: a0, b: b0, seed: 21 });
    expect(mine).toEqual(ref);
    expect(mine).toEqual([true, true]);
    // Upstream's gradcheck is common_utils' wrapper, which runs fast mode.
    const fast = { ...o, fastMode: true };
    torch.manualSeed(21);
    const mineFast = [
      gcErr(() => torch.autograd.gradcheck((t: Tensor) => torch.sin(t), [a], fast)),
      gcErr(() => torch.autograd.gradcheck((x: Tensor, y: Tensor) => torch.add(x, y), [a, b], fast)),
    ];
    const refFast = await py.eval(
      `from torch.autograd import gradcheck
kw = dict(check_forward_ad=True, check_batched_grad=True, check_batched_forward_grad=True, fast_mode=True)
a, b = a.clone().requires_grad_(), b.clone().requires_grad_()
torch.manual_seed(21)
out = [gradcheck(torch.sin, a, **kw), gradcheck(torch.add, (a, b), **kw)]`,
      { a: a0, b: b0 },
    );
    expect(mineFast).toEqual(refFast);
    expect(mineFast).toEqual([true, true]);
  });

  it("test_out_of_place_not_same_layout", async () => {
    const input = torch.zeros([2, 2]).transpose(0, 1);
    const tangent = torch.zeros([2, 2, 2]);
    const jvp = (t: Tensor) => dualLevel(() => unpackDual(makeDual(input, t))[1] as Tensor);
    const xTangent = vmap00(jvp, tangent) as Tensor;
    const mine = [same(xTangent, tangent), xTangent.shape, xTangent.stride()];
    expectTrace(mine, await call("batched_out_of_place_not_same_layout"));
    expect(mine[0]).toBe(false); // assertIsNot(x_tangent, tangent)
  });

  for (const sameLayout of [true, false]) {
    it(`test_inplace_on_view_${sameLayout ? "" : "not_"}same_layout`, async () => {
      const input = torch.zeros([2, 2]);
      const tangent = torch.zeros([2, 2, 2]);
      let view: Tensor;
      if (sameLayout) {
        const base = torch.zeros([2, 2]);
        view = base.viewAs(base);
      } else {
        view = torch.zeros([2, 2]).transpose(0, 1);
      }
      const jvp = (t: Tensor) =>
        dualLevel(() => {
          const x = makeDual(input, t);
          view.copy_(x);
          return [tangentOf(x), tangentOf(view), tangentOf(view._base as Tensor)];
        });
      const [xTangent, viewTangent, baseTangent] = vmap00(jvp, tangent) as Tensor[];
      const [xt, vt, bt] = [xTangent, viewTangent, baseTangent] as Tensor[];
      const mine = [
        vt._isView(),
        same(vt, bt),
        same(xt, tangent),
        same(vt, tangent),
        vt._base !== null && same(vt._base, bt),
        [xt, vt, bt].map((t) => t.stride()),
      ];
      expectTrace(mine, await call("batched_inplace_on_view", { same_layout: sameLayout }));
      // Upstream's assertions.
      if (sameLayout) expect(mine.slice(0, 3)).toEqual([false, true, true]);
      else expect([mine[4], mine[2], mine[3]]).toEqual([true, true, false]);
    });
  }

  it("test_metadata_check_for_storage_numel_skipped", async () => {
    const base = torch.randn([5]);
    const tangent = torch.randn([10, 4]);
    const primal = base.index(slice(null, 4)).detach();
    const mine: unknown[] = [primal.storage().size()];
    const jvp = (t: Tensor) =>
      dualLevel(() => {
        const dual = makeDual(primal, t);
        mine.push(errOf(() => dual.asStrided([5], [1], 0)));
        return tangentOf(dual) as Tensor;
      });
    const out = vmap00(jvp, tangent) as Tensor;
    // Upstream checks `tangent is unpacked_tangent` inside vmap (no copy is made). A BatchedTensor has no
    // storage to compare in torchts, so this compares the result outside: the vmapped tangent itself
    // when no copy was made.
    mine.push(same(out, tangent), out);
    const ref = (await call("batched_metadata_check_for_storage_numel_skipped", { base, tangent })) as PyValue[];
    expect(ref[1]).toBe(true);
    expectTrace(mine, [ref[0], ref[2], ref[3], ref[4]] as PyValue);
    expect(mine[2]).toBe(true);
    expect((mine[1] as string[])[1]).toMatch(/can access memory outside of `tensor`/);
  });
});

// test_ops.py's TestGradients.test_forward_mode_AD: gradcheck(check_forward_ad=True,
// check_backward_ad=False, check_undefined_grad=True, check_grad_dtypes=True, check_batched_forward_grad
// as the OpInfo says) on every float64 and complex128 sample of a few OpInfos, with the same verdict as
// PyTorch's; and each sample's Jacobian-vector product for random tangents (PyTorch's)
// equal to PyTorch's. gradcheck runs in the mode the Python side runs it, fast_mode=op.gradcheck_fast_mode
// (fast for div.no_rounding_mode and matmul, whose OpInfos ask for it; slow, gradcheck's default, for the
// others). (softplus has no complex128 case upstream.)
const FORWARD_AD_OPS: Array<[string, string[]]> = [
  ["sin", ["float64", "complex128"]],
  ["exp", ["float64", "complex128"]],
  ["mul", ["float64", "complex128"]],
  ["div.no_rounding_mode", ["float64", "complex128"]],
  ["matmul", ["float64", "complex128"]],
  ["sum", ["float64", "complex128"]],
  ["cumsum", ["float64", "complex128"]],
  ["nn.functional.softplus", ["float64"]],
];

interface ForwardAdSample {
  skip?: string;
  input?: PyValue;
  args?: PyValue[];
  kwargs?: Record<string, PyValue>;
  gradcheck?: true | [string, string];
  nondet_tol?: number;
  check_batched_forward_grad?: boolean;
  leaves?: number[];
  tangents?: Tensor[];
  jvp?: Array<Tensor | null>;
}

const camel = (n: string) => n.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe("test_ops.TestGradients: test_forward_mode_AD", () => {
  let entries: Map<string, OpInfoEntry> | undefined;
  const entry = async (key: string): Promise<OpInfoEntry> => {
    if (!entries) {
      const all = (await py.call("upstream_ops.names")) as unknown as OpInfoEntry[];
      entries = new Map(all.map((e) => [e.key, e]));
    }
    return entries.get(key) as OpInfoEntry;
  };

  for (const [key, dtypes] of FORWARD_AD_OPS) {
    for (const dtype of dtypes) {
      it(`test_forward_mode_AD_${key.replace(/\./g, "_")}_cpu_${dtype}`, async () => {
        const fn = resolve(await entry(key)) as (...a: unknown[]) => unknown;
        expect(fn).toBeDefined();
        const { samples } = (await call("forward_mode_ad_samples", { key, dtype })) as unknown as {
          samples: ForwardAdSample[];
        };
        const fastMode = (await py.eval(
          "import upstream_ops\nout = bool(upstream_ops.BY_KEY[key].gradcheck_fast_mode)",
          {
            key,
          },
        )) as boolean;
        expect(fastMode).toBe(["div.no_rounding_mode", "matmul"].includes(key));
        const run = samples.filter((s) => s.skip === undefined);
        expect(run.length).toBeGreaterThan(0);
        expect(run.length, "samples the replay cannot carry").toBe(samples.length);
        for (const [i, s] of run.entries()) {
          const what = `${key} ${dtype} sample ${i}`;
          const kw = Object.fromEntries(Object.entries(s.kwargs ?? {}).map(([k, v]) => [camel(k), arg(v)]));
          const call = (...inputs: unknown[]) => (Object.keys(kw).length > 0 ? fn(...inputs, kw) : fn(...inputs));
          const leaves = s.leaves ?? [];
          const inputs = [arg(s.input as PyValue), ...(s.args ?? []).map((a) => arg(a))];
          for (const k of leaves) inputs[k] = (inputs[k] as Tensor).requiresGrad_(true);
          let verdict: true | [string, string];
          try {
            verdict = torch.autograd.gradcheck(call as never, inputs, {
              checkForwardAd: true,
              checkBackwardAd: false,
              checkUndefinedGrad: true,
              checkGradDtypes: true,
              checkBatchedGrad: false,
              checkBatchedForwardGrad: s.check_batched_forward_grad ?? false,
              nondetTol: s.nondet_tol ?? 0,
              fastMode,
            }) as true;
          } catch (e) {
            verdict = [(e as Error).name, (e as Error).message];
          }
          expect(verdict, what).toEqual(s.gradcheck);
          const jvp = dualLevel(() => {
            const duals = [...inputs];
            leaves.forEach((k, j) => {
              duals[k] = makeDual((inputs[k] as Tensor).detach(), (s.tangents as Tensor[])[j] as Tensor);
            });
            const y = call(...duals);
            const ys = (Array.isArray(y) ? y : [y]).filter(
              (t): t is Tensor => t instanceof torch.Tensor && (t.isFloatingPoint() || t.isComplex()),
            );
            return ys.map((t) => tangentOf(t));
          });
          expect(jvp.length, what).toBe((s.jvp ?? []).length);
          jvp.forEach((t, j) => {
            const ref = (s.jvp ?? [])[j] ?? null;
            if (ref === null) expect(t, `${what}: tangent ${j}`).toBeNull();
            else expectTensor(t as Tensor, ref, { rtol: 1e-7, atol: 1e-10 }, `${what}: tangent ${j}`);
          });
        }
      });
    }
  }
});
