// Ported from PyTorch 1.13's test/test_view_ops.py (TestViewOps, TestOldViewOps), each case named after the upstream
// test as instantiated on the CPU (test_<name>[_<dtype>], every CPU dtype upstream lists). x[...] is x.index(...),
// x[...] = v is x.indexPut_([...], v), x.view(dtype) the dtype overload of x.view.
// Object identity: torchts returns a new JS Tensor object wherever PyTorch hands back the same Python object (t.conj()
// of a real tensor, t.contiguous(), t.flatten(1, 1), a view's _base), so Python's `a is b` is isSame(a, b): a.isSetTo(b)
// (same storage, offset, sizes and strides), the same dtype and the same _isView(). upstream's is_view_of(base, other)
// is other._isView(), not isSame(other, base), other._base (a new object) isSame as base, the same device, and the
// same storage().dataPtr(); `not is_view_of` is the negation of that same check.
// Expected values: where upstream compares with NumPy (view(dtype) against ndarray.view, real/imag/conj, the big
// transpose, swapaxes, atleast_Nd, broadcast_to, array_split) or with hand-written tensors (test_narrow,
// test_narrow_tensor), live PyTorch runs those statements on the same inputs; dtype views and atleast_Nd results are
// compared byte for byte (as integers), so NaN payloads count. Errors are compared with PyTorch's class and first
// message line (and upstream's regex). Self-consistency checks (writes through a view show in the base, split pieces
// equal narrow(), ...) are ported as they are.
// In part:
// - test_ravel, test_flatten: the float tensors only (the quantized ones are left out: torchts has no quantized
//   tensors). test_t: sparse results compared through toDense() (and still sparse).
// - test_tensor_split_errors: np.array_split's own error classes are left out (NumPy only).
// - test_conj_neg_view_numpy_error: the view(dtype) errors only; .numpy() has no torchts form.
// Left out:
// - test_broadcast_shapes: broadcast_shapes(2.0) and (1.0), which PyTorch refuses as floats (2.0 is the integer 2 in
//   JS); broadcast_shapes(1.1) is ported.
// - test_chunk_view, test_split_view: skipped upstream (unittest.skip, pytorch/pytorch#32720).
// - test_python_types: Python's float, int and bool as dtypes have no torchts form.

import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import type { DType } from "../../lib/dtype";
import { expectSameError, expectTensor } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

// all_types_and_complex_and(torch.half, torch.bfloat16, torch.bool), in upstream's order
const INTS: DType[] = ["uint8", "int8", "int16", "int32", "int64"];
const ALL_TYPES: DType[] = [...INTS, "float32", "float64"];
const ALL_AND_HALF_BF16: DType[] = [...ALL_TYPES, "float16", "bfloat16"];
const ALL: DType[] = [...ALL_TYPES, "complex64", "complex128", "float16", "bfloat16", "bool"];
const ALL_NO_BF16: DType[] = ALL.filter((d) => d !== "bfloat16");
const COMPLEX: DType[] = ["complex64", "complex128"];
const S = ":";
const isComplexDt = (d: DType) => d.startsWith("complex");
const isFloatDt = (d: DType) => d.startsWith("float") || d === "bfloat16";

/** x.view(dtype): the dtype overload (the typed view takes a shape). */
const viewDtype = (t: Tensor, d: DType): Tensor => (t as unknown as { view(d: DType): Tensor }).view(d);

const INT_OF: Record<number, DType> = { 1: "uint8", 2: "int16", 4: "int32", 8: "int64" };
/** The bytes of t as integers (flattened): NaN payloads compare exactly. */
const bits = (t: Tensor): Tensor => {
  let f = t.contiguous().reshape(-1);
  if (f.dtype === "complex128") f = viewDtype(f, "float64");
  return viewDtype(f, INT_OF[f.elementSize()] as DType);
};

const make = (shape: number[], dtype: DType, o: { low?: number; high?: number; requiresGrad?: boolean } = {}) =>
  torch.testing.makeTensor(shape, { dtype, ...o });

/**
 * Python's `a is b` for the objects PyTorch hands back unchanged: torchts always returns a new JS object, so "the
 * same tensor" is the same storage, offset, sizes and strides (isSetTo), the same dtype and the same view-ness.
 */
function isSame(a: Tensor, b: Tensor): boolean {
  return a.isSetTo(b) && a.dtype === b.dtype && a._isView() === b._isView();
}

/** Upstream's is_view_of(base, other), with `is` as isSame. */
function isViewOf(base: Tensor, other: Tensor): boolean {
  if (!other._isView() || isSame(other, base)) return false;
  const b = other._base;
  if (b === null || !isSame(b, base) || base.device !== other.device) return false;
  return base.storage().dataPtr() === other.storage().dataPtr();
}

/** Upstream's is_view_of_same_base(v1, v2). */
function isViewOfSameBase(v1: Tensor, v2: Tensor): boolean {
  if (!v1._isView() || isSame(v1, v2)) return false;
  return isViewOf(v1._base as Tensor, v2);
}

/** self.assertEqual(a, b) for tensors computed on this side (a self-consistency check): same dtype, shape, values. */
function same(a: Tensor, b: Tensor, what = "tensor"): void {
  expectTensor(a, b, {}, what);
}

/** torchts's error for fn: [Python's class, first line], or null. */
function tsError(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    const err = e as Error;
    return [err.name === "Error" ? "RuntimeError" : err.name, err.message.split("\n")[0] as string];
  }
}

/** fn raises what `code` raises in PyTorch (class and first line), and upstream's regex matches it. */
async function sameError(
  fn: () => unknown,
  code: string,
  inputs: Record<string, unknown> = {},
  regex?: RegExp,
): Promise<void> {
  await expectSameError(py, fn, code, inputs, regex);
}

describe("TestViewOps", () => {
  for (const dtype of ALL_AND_HALF_BF16) {
    // upstream makes a float tensor whatever the dtype
    it(`test_conj_self_${dtype}`, () => {
      const t = torch.ones([5, 5]);
      const s = t.conj();
      assert.ok(isSame(s, t));
    });
  }

  // numpy_to_torch_dtype_dict's dtypes less bool, in its order
  const NP_DTYPES: DType[] = [
    "uint8",
    "int8",
    "int16",
    "int32",
    "int64",
    "float16",
    "float32",
    "float64",
    "complex64",
    "complex128",
  ];
  const VIEW_NEW_PY = `
import numpy as np
INT = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}
def bits(t):
    t = t.contiguous().reshape(-1)
    if t.dtype == torch.complex128:
        t = t.view(torch.float64)
    return t.view(INT[t.element_size()])
def tf(i, b):
    return [lambda: b, lambda: b.permute(1, 0, 2), lambda: b.permute(2, 0, 1), lambda: b.expand(5, 5, 64),
            lambda: b[1::2, 1:, ::2], lambda: b, lambda: b][i]()
dts = [getattr(torch, n) for n in names]
out = []
for i, b in enumerate(bases):
    a = tf(i, b)
    a_np = a.cpu().numpy()
    a_np_contiguous = a.cpu().contiguous().numpy()
    for view_dtype in dts:
        np_view_dtype = getattr(np, str(view_dtype).split(".")[1])
        try:
            a_view = a.view(view_dtype)
        except Exception as e:
            out.append([type(e).__name__, str(e).split("\\n")[0]])
            continue
        eq = torch._utils._element_size(a.dtype) == torch._utils._element_size(view_dtype)
        n = torch.from_numpy(a_np.view(np_view_dtype) if eq else a_np_contiguous.view(np_view_dtype))
        out.append([list(a_view.shape), list(a_view.stride()), list(n.shape), bits(n)])
`;
  for (const dtype of ALL_NO_BF16) {
    it(`test_view_dtype_new_${dtype}`, async () => {
      const bases = [
        make([4, 4, 64], dtype, { low: -5, high: 5 }),
        make([4, 4, 64], dtype, { low: -5, high: 5 }),
        make([4, 64, 4], dtype, { low: -5, high: 5 }),
        make([1, 5, 1], dtype, { low: -5, high: 5 }),
        make([2, 5, 256], dtype, { low: -5, high: 5 }),
        make([0, 5, 64], dtype, { low: -5, high: 5 }),
        make([], dtype, { low: -5, high: 5 }),
      ];
      const tf = (i: number, b: Tensor): Tensor =>
        [
          () => b,
          () => b.permute(1, 0, 2),
          () => b.permute(2, 0, 1),
          () => b.expand(5, 5, 64),
          () => b.index("1::2", "1:", "::2"),
          () => b,
          () => b,
        ][i]?.() as Tensor;
      const ref = (await py.eval(VIEW_NEW_PY, { bases, names: NP_DTYPES })) as PyValue[][];
      let k = 0;
      for (const [i, b] of bases.entries()) {
        const a = tf(i, b);
        for (const viewDt of NP_DTYPES) {
          const r = ref[k++] as PyValue[];
          const what = `input ${i} as ${viewDt}`;
          const dtypeSize = a.elementSize();
          const viewSize = torch.empty([0], { dtype: viewDt }).elementSize();
          const equalElementSize = dtypeSize === viewSize;
          if (!equalElementSize && a.dim() === 0) {
            const e = tsError(() => viewDtype(a, viewDt));
            assert.match(e?.[1] ?? "", /self.dim\(\) cannot be 0/, what);
            assert.deepEqual(e, r, what);
            continue;
          }
          if (!equalElementSize && a.stride(-1) !== 1) {
            const e = tsError(() => viewDtype(a, viewDt));
            assert.match(e?.[1] ?? "", /self.stride\(-1\) must be 1/, what);
            assert.deepEqual(e, r, what);
            continue;
          }
          const aView = viewDtype(a, viewDt);
          assert.equal(aView.dtype, viewDt, what);
          assert.equal(a.dataPtr(), aView.dataPtr(), what);
          // calc_expected_size_and_stride
          let expSize = a.shape;
          let expStride = a.stride();
          if (dtypeSize > viewSize) {
            const ratio = dtypeSize / viewSize;
            expSize = [...a.shape];
            expSize[expSize.length - 1] = (expSize[expSize.length - 1] as number) * ratio;
            expStride = a.stride().map((s) => s * ratio);
            expStride[expStride.length - 1] = 1;
          } else if (dtypeSize < viewSize) {
            const ratio = viewSize / dtypeSize;
            expSize = [...a.shape];
            expSize[expSize.length - 1] = Math.floor((expSize[expSize.length - 1] as number) / ratio);
            expStride = a.stride().map((s) => Math.floor(s / ratio));
            expStride[expStride.length - 1] = 1;
          }
          assert.deepEqual(aView.shape, expSize, what);
          assert.deepEqual(aView.stride(), expStride, what);
          same(bits(viewDtype(aView, dtype)), bits(a), `${what}: back`);
          // PyTorch's size and stride, and NumPy's view of the same bytes
          const [pySize, pyStride, npShape, npBits] = r as [number[], number[], number[], Tensor];
          assert.deepEqual(aView.shape, pySize, what);
          assert.deepEqual(aView.stride(), pyStride, what);
          assert.deepEqual(aView.shape, npShape, what);
          expectTensor(bits(aView), npBits, {}, what);
        }
      }
      assert.equal(k, ref.length);
      if (isFloatDt(dtype) || isComplexDt(dtype)) {
        for (const viewDt of ["float32", "float64", "complex64", "complex128", "float16", "bfloat16"] as DType[]) {
          const t = make([5, 5, 64], dtype, { low: -5, high: 5, requiresGrad: true });
          assert.equal(viewDtype(t, viewDt).requiresGrad, false, viewDt);
        }
      }
    });
  }

  for (const dtype of ALL) {
    it(`test_view_dtype_upsize_errors_${dtype}`, async () => {
      const dtypeSize = torch.empty([0], { dtype }).elementSize();
      for (const viewDt of ALL) {
        const viewSize = torch.empty([0], { dtype: viewDt }).elementSize();
        if (viewSize <= dtypeSize) continue;
        const ratio = viewSize / dtypeSize;
        let a = make([4, 4, ratio + 1], dtype, { low: -5, high: 5 });
        await sameError(
          () => viewDtype(a, viewDt),
          `a.view(torch.${viewDt})`,
          { a },
          new RegExp(`self.size\\(-1\\) must be divisible by ${ratio}`),
        );
        await sameError(
          () => viewDtype(a.index(S, S, "1:"), viewDt),
          `a[:, :, 1:].view(torch.${viewDt})`,
          { a },
          new RegExp(`self.storage_offset\\(\\) must be divisible by ${ratio}`),
        );
        a = make([4, 4, ratio], dtype, { low: -5, high: 5 }).asStrided([4, 4, ratio], [ratio, 1, 1]);
        await sameError(
          () => viewDtype(a, viewDt),
          `a.as_strided((4, 4, ${ratio}), (${ratio}, 1, 1)).view(torch.${viewDt})`,
          { a: a.clone() },
          new RegExp(`self.stride\\(1\\) must be divisible by ${ratio}`),
        );
      }
    });
  }

  it("test_view_as_complex", async () => {
    const doTranspose = (x: Tensor, contiguous: boolean, d0: number, d1: number) =>
      contiguous ? x : x.transpose(d0, d1);
    const fn = async (contiguousInput = true, dim0 = 0, dim1 = 1) => {
      const t = torch.randn([3, 2, 2]);
      const cT = torch.complex(t.index(S, S, 0), t.index(S, S, 1));
      const input = doTranspose(t, contiguousInput, dim0, dim1);
      const code = contiguousInput
        ? "torch.view_as_complex(t)"
        : `torch.view_as_complex(t.transpose(${dim0}, ${dim1}))`;
      if (input.shape[input.dim() - 1] !== 2) {
        await sameError(() => torch.viewAsComplex(input), code, { t }, /Tensor must have a last dimension of size 2/);
        return;
      }
      if (input.stride(-1) !== 1) {
        await sameError(
          () => torch.viewAsComplex(input),
          code,
          { t },
          /Tensor must have a last dimension with stride 1/,
        );
        return;
      }
      const res = torch.viewAsComplex(input);
      same(res, doTranspose(cT, contiguousInput, dim0, dim1));
      assert.ok(isViewOf(t, res));
    };
    await fn();
    await fn(false);
    await fn(false, 0, 2);
    await fn(false, 1, 2);

    let x = torch.randn([3, 3]);
    const t = torch.asStrided(x, [2, 2], [1, 1]);
    await sameError(
      () => torch.viewAsComplex(t),
      "torch.view_as_complex(torch.as_strided(x, (2, 2), (1, 1)))",
      { x },
      /Tensor must have a stride divisible by 2 for all but last dimension/,
    );
    x = torch.tensor([]);
    await sameError(
      () => torch.viewAsComplex(x),
      "torch.view_as_complex(torch.tensor([]))",
      {},
      /Tensor must have a last dimension of size 2/,
    );
    const z = torch.tensor(2.0, { dtype: "float32" });
    await sameError(
      () => torch.viewAsComplex(z),
      "torch.view_as_complex(torch.tensor(2.0))",
      {},
      /Input tensor must have one or more dimensions/,
    );
    const y = x.reshape(0, 2);
    const res = torch.viewAsComplex(y);
    assert.ok(isViewOf(x, res));
    assert.deepEqual(res.shape, [0]);
  });

  for (const dtype of [...COMPLEX, "complex32"] as DType[]) {
    it(`test_view_as_real_${dtype}`, () => {
      const fn = (contiguousInput = true) => {
        const t = torch.randn([3, 4], { dtype });
        const input = contiguousInput ? t : t.transpose(0, 1);
        const res = torch.viewAsReal(input);
        same(res.index(S, S, 0), input.real);
        same(res.index(S, S, 1), input.imag);
        assert.ok(isViewOf(t, res));
      };
      fn();
      fn(false);
      let x = torch.tensor([], { dtype });
      let res = torch.viewAsReal(x);
      assert.ok(isViewOf(x, res));
      assert.deepEqual(res.shape, [0, 2]);
      x = torch.tensor(new torch.Complex(2, 3), { dtype });
      res = torch.viewAsReal(x);
      assert.ok(isViewOf(x, res));
      assert.deepEqual(res.shape, [2]);
    });
  }

  for (const dtype of ALL) {
    it(`test_view_tensor_split_${dtype}`, () => {
      const a = make([40, 30], dtype, { low: -9, high: 9 });
      for (const p of a.tensorSplit(7, 0)) assert.ok(isViewOf(a, p));
      for (const p of a.tensorSplit(7, 1)) assert.ok(isViewOf(a, p));
    });
    const SPLITS: Array<[string, (t: Tensor) => Tensor[], (p: Tensor) => Tensor]> = [
      ["hsplit", (t) => torch.hsplit(t, 2), (p) => p.index(2, 0, 2)],
      ["vsplit", (t) => torch.vsplit(t, 2), (p) => p.index(0, 2, 2)],
      ["dsplit", (t) => torch.dsplit(t, 2), (p) => p.index(2, 2, 0)],
    ];
    for (const [name, split, at] of SPLITS) {
      it(`test_view_tensor_${name}_${dtype}`, () => {
        const t = make([4, 4, 4], dtype, { low: -9, high: 9 });
        const parts = split(t);
        for (const p of parts) assert.ok(isViewOf(t, p));
        t.indexPut_([2, 2, 2], 7);
        same(at(parts[1] as Tensor), t.index(2, 2, 2));
      });
    }
  }

  for (const dtype of ALL_AND_HALF_BF16) {
    it(`test_imag_noncomplex_${dtype}`, async () => {
      const t = torch.ones([5, 5], { dtype });
      await sameError(() => torch.imag(t), `torch.imag(torch.ones((5, 5), dtype=torch.${dtype}))`);
    });
  }

  for (const dtype of COMPLEX) {
    it(`test_real_imag_view_${dtype}`, async () => {
      for (const contiguousInput of [true, false]) {
        const t = torch.randn([3, 3], { dtype });
        const u = contiguousInput ? t : t.T;
        const [expRe, expIm] = (await py.eval(
          `import numpy as np
u = t if contiguous_input else t.T
out = [torch.from_numpy(u.cpu().numpy().real), torch.from_numpy(u.cpu().numpy().imag)]`,
          { t, contiguous_input: contiguousInput },
        )) as Tensor[];
        const re = u.real;
        expectTensor(re, expRe, {}, "real");
        assert.ok(isViewOf(t, re));
        const im = u.imag;
        expectTensor(im, expIm, {}, "imag");
        assert.ok(isViewOf(t, im));
      }
      const a = torch.randn([10], { dtype });
      same(a.index("5:").real, a.real.index("5:"));
      same(a.index("5:").imag, a.imag.index("5:"));
    });

    it(`test_conj_imag_view_${dtype}`, async () => {
      const t = torch.randn([4, 5], { dtype });
      const [tNumpyConj, tNumpyConjImag] = (await py.eval(
        "c = torch.from_numpy(t.cpu().numpy().conj())\nout = [c, c.imag]",
        { t },
      )) as Tensor[];
      const v = t.conj();
      assert.ok(isViewOf(t, v));
      expectTensor(v, tNumpyConj, {}, "conj");
      const vImag = v.imag;
      assert.ok(isViewOf(t, vImag));
      expectTensor(vImag, tNumpyConjImag, {}, "imag");
      assert.ok(vImag.isNeg());
    });
  }

  it("test_conj_view_with_shared_memory", () => {
    const a = torch.randn([4, 5], { dtype: "complex64" });
    const b = a.conj();
    const c = a.conj();
    let expected = torch.add(a, b);
    same(a.add_(b), expected);
    expected = torch.add(b, c);
    same(torch.add(b, c, { out: a }), expected);
    expected = torch.add(b, c);
    same(b.add_(c), expected);
  });

  /** upstream's _make_tensor: half and bfloat16 come back as float32 with values they can hold. */
  const makeT = (shape: number[], dtype: DType): Tensor => {
    if (!isFloatDt(dtype) && !isComplexDt(dtype)) {
      let t = torch.randint(0, 10, shape);
      if (dtype !== "uint8") t = t.sub(5);
      return t.to(dtype);
    }
    if (dtype === "float16" || dtype === "bfloat16") return torch.randn(shape).to(dtype).to("float32");
    return torch.randn(shape, { dtype });
  };
  for (const d0 of COMPLEX) {
    for (const d1 of ALL) {
      it(`test_set_real_imag_${d0}_${d1}`, () => {
        const x = torch.randn([10], { dtype: d0 });
        const newReal = makeT([10], d1);
        const newImag = makeT([10], d1);
        x.real = newReal;
        x.imag = newImag;
        const part = (t: Tensor) => (isComplexDt(t.dtype) ? t.real : t);
        // exact_dtype=False: the values as x's parts hold them
        same(x.real, part(newReal).to(x.real.dtype));
        same(x.imag, part(newImag).to(x.imag.dtype));
      });
    }
  }

  it("test_diagonal_view", () => {
    let t = torch.ones([5, 5]);
    let v = torch.diagonal(t);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0], 0);
    same(t.index(0, 0), v.index(0));
    t = torch.ones([3, 3, 3]);
    v = torch.diagonal(t, 1, 1, 2);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 0], 0);
    same(t.index(0, 0, 1), v.index(0, 0));
  });

  it("test_select_view", () => {
    const t = torch.ones([5, 5]);
    const v = t.select(0, 2);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0], 0);
    same(t.index(2, 0), v.index(0));
  });

  it("test_unbind_view", () => {
    const t = torch.zeros([5, 5]);
    const tup = torch.unbind(t);
    for (const [idx, v] of tup.entries()) {
      assert.ok(isViewOf(t, v));
      v.indexPut_([0], idx + 1);
      same(t.index(idx, 0), v.index(0));
    }
  });

  it("test_unbind", () => {
    let stacked = torch.randn([3, 10, 10], { requiresGrad: true });
    const [x, y, z] = stacked.unbind();
    const grad = torch.randn([3, 10, 10]);
    torch.autograd.backward([x, y, z] as Tensor[], { gradTensors: grad.unbind() });
    same(stacked.grad as Tensor, grad);
    for (let i = 0; i < 3; i++) {
      stacked = torch.randn([3, 10, 10], { requiresGrad: true });
      const outs = stacked.unbind();
      const gi = grad.unbind()[i] as Tensor;
      const [g] = torch.autograd.grad(outs[i] as Tensor, stacked, { gradOutputs: gi });
      const gExpected = torch.stack(
        [0, 1, 2].map((j) => (j === i ? gi : torch.zerosLike(gi))),
        0,
      );
      same(g as Tensor, gExpected);
    }
    stacked = torch.randn([3, 10, 10], { dtype: "float64", requiresGrad: true });
    assert.ok(torch.autograd.gradcheck((s: Tensor) => s.unbind(), [stacked], { checkForwardAd: true }));
  });

  it("test_expand_view", () => {
    const t = torch.ones([5, 1]);
    const v = t.expand(5, 5);
    assert.ok(isViewOf(t, v));
    v.indexPut_([2, 2], 0);
    same(t.index(2, 0), v.index(2, 2));
  });

  it("test_expand_as_view", () => {
    const t = torch.ones([5, 1]);
    const e = torch.empty([5, 5]);
    const v = t.expandAs(e);
    assert.ok(isViewOf(t, v));
    v.indexPut_([2, 2], 0);
    same(t.index(2, 0), v.index(2, 2));
  });

  it("test_narrow_view", () => {
    const t = torch.ones([5, 5]);
    const v = torch.narrow(t, 1, 2, 2);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 0], 0);
    same(t.index(0, 2), v.index(0, 0));
  });

  it("test_permute_view", () => {
    const t = torch.ones([5, 5]);
    const v = t.permute(1, 0);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 1], 0);
    same(t.index(1, 0), v.index(0, 1));
  });

  it("test_transpose_view", () => {
    for (const fn of [torch.swapdims, torch.swapaxes, torch.transpose] as Array<
      (t: Tensor, a: number, b: number) => Tensor
    >) {
      const t = torch.ones([5, 5]);
      const v = fn(t, 0, 1);
      assert.ok(isViewOf(t, v));
      v.indexPut_([0, 1], 0);
      same(t.index(1, 0), v.index(0, 1));
    }
  });

  it("test_transpose_inplace_view", () => {
    for (const op of [
      (v: Tensor) => v.swapdims_(0, 1),
      (v: Tensor) => v.swapaxes_(0, 1),
      (v: Tensor) => v.transpose_(0, 1),
    ]) {
      const t = torch.ones([5, 5]);
      let v = t.viewAs(t);
      v = op(v);
      assert.ok(isViewOf(t, v));
      v.indexPut_([0, 1], 0);
      same(t.index(1, 0), v.index(0, 1));
    }
  });

  it("test_t_view", () => {
    const t = torch.ones([5, 5]);
    const v = t.t();
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 1], 0);
    same(t.index(1, 0), v.index(0, 1));
  });

  it("test_t_inplace_view", () => {
    const t = torch.ones([5, 5]);
    let v = t.viewAs(t);
    v = v.t_();
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 1], 0);
    same(t.index(1, 0), v.index(0, 1));
  });

  it("test_T_view", () => {
    for (const op of ["T", "H", "mT", "mH"] as const) {
      const t = torch.ones([5, 5]);
      const v = t[op];
      assert.ok(isViewOf(t, v), op);
      v.indexPut_([0, 1], 0);
      same(t.index(1, 0), v.index(0, 1), op);
    }
  });

  it("test_unfold_view", () => {
    const t = torch.ones([10]);
    const v = t.unfold(0, 3, 2);
    assert.ok(isViewOf(t, v));
    v.indexPut_([1, 0], 0);
    same(t.index(2), v.index(1, 0));
  });

  it("test_squeeze_view", () => {
    const t = torch.ones([5, 1, 5]);
    const v = torch.squeeze(t);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 1], 0);
    same(t, v._base as Tensor);
  });

  it("test_squeeze_inplace_view", () => {
    const t = torch.ones([5, 5]);
    let v = t.viewAs(t);
    v = v.squeeze_();
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 1], 0);
    same(t, v._base as Tensor);
  });

  it("test_unsqueeze_view", () => {
    const t = torch.ones([5, 5]);
    const v = torch.unsqueeze(t, 1);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 0, 1], 0);
    same(t.index(0, 1), v.index(0, 0, 1));
  });

  it("test_unsqueeze_inplace_view", () => {
    const t = torch.ones([5, 5]);
    let v = t.viewAs(t);
    v = v.unsqueeze_(1);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 0, 1], 0);
    same(t.index(0, 1), v.index(0, 0, 1));
  });

  it("test_as_strided_view", () => {
    const t = torch.ones([5, 5]);
    const v = torch.asStrided(t, [25], [1]);
    assert.ok(isViewOf(t, v));
    v.indexPut_([6], 0);
    same(t.index(1, 1), v.index(6));
  });

  it("test_as_strided_inplace_view", () => {
    const t = torch.ones([5, 5]);
    let v = t.viewAs(t);
    v = v.asStrided_([25], [1]);
    assert.ok(isViewOf(t, v));
    v.indexPut_([6], 0);
    same(t.index(1, 1), v.index(6));
  });

  it("test_as_strided_gradients", () => {
    const test = (
      x0: Tensor,
      prepro: ((x: Tensor) => Tensor) | null,
      size: number[],
      strides: number[],
      offset: number | null = null,
    ) => {
      const x = x0.to("float64").detach().requiresGrad_();
      torch.noGrad(() => {
        const y = prepro ? prepro(x) : x;
        let maxOffset = size.reduce((acc, si, i) => acc + (si - 1) * (strides[i] as number), 0);
        maxOffset += offset ?? y.storageOffset();
        assert.ok(maxOffset < y.storage().size(), "test case resizes storage");
      });
      const closure = (x: Tensor) => (prepro ? prepro(x) : x).asStrided(size, strides, offset);
      assert.ok(torch.autograd.gradcheck(closure, [x], { checkForwardAd: true }));
      assert.ok(torch.autograd.gradgradcheck(closure, [x]));
    };
    test(torch.arange(0, 25), (x) => x.view(5, 5), [3, 3], [6, 2], 2);
    test(torch.randn([12]), null, [1, 2, 1, 5], [0, 5, 100, 1], 2);
    test(torch.randn([5]), null, [3, 3, 3], [0, 1, 0], 2);
    test(torch.randn([5]), null, [3, 3, 3], [0, 0, 0], 4);
    test(torch.randn([5]), (x) => x.expand(5, 5), [5, 5], [0, 1], 0);
    test(torch.randn([35]), null, [6, 6], [5, 1], 2);
    test(torch.randn([15]), null, [3, 2], [3, 6], 2);
    test(torch.randn([3, 4]), null, [4, 3], [1, 4]);
    const x = torch.randn([6, 2]);
    test(x.index("3:"), null, [3, 2], [2, 1], 0);
    same(x.index("3:").asStrided([3, 2], [2, 1], 0), x.index(":3"));
    test(torch.randn([2, 3]), (x) => x.expand(10, 2, 3), [2, 3], [3, 1], 0);
  });

  it("test_view_view", () => {
    const t = torch.ones([5, 5]);
    const v = t.view(25);
    assert.ok(isViewOf(t, v));
    v.indexPut_([6], 0);
    same(t.index(1, 1), v.index(6));
  });

  it("test_view_as_view", () => {
    const t = torch.ones([5, 5]);
    const e = torch.empty([25]);
    const v = t.viewAs(e);
    assert.ok(isViewOf(t, v));
    v.indexPut_([6], 0);
    same(t.index(1, 1), v.index(6));
  });

  it("test_contiguous_self", () => {
    const t = torch.ones([5, 5]);
    const s = t.contiguous();
    assert.ok(isSame(s, t));
  });

  it("test_contiguous_nonview", () => {
    const t = torch.ones([5, 5]);
    const nv = t.t().contiguous();
    assert.ok(!isViewOf(t, nv));
    nv.indexPut_([0, 0], 0);
    assert.ok(!t.index(0, 0).equal(nv.index(0, 0)));
  });

  it("test_reshape_view", () => {
    const t = torch.ones([5, 5]);
    const v = torch.reshape(t, [25]);
    assert.ok(isViewOf(t, v));
    v.indexPut_([6], 0);
    same(t.index(1, 1), v.index(6));
  });

  it("test_reshape_as_view", () => {
    const t = torch.ones([5, 5]);
    const e = torch.empty([25]);
    const v = t.reshapeAs(e);
    assert.ok(isViewOf(t, v));
    v.indexPut_([6], 0);
    same(t.index(1, 1), v.index(6));
  });

  it("test_reshape_nonview", () => {
    const t = torch.ones([5, 5]);
    const nv = torch.reshape(t.t(), [25]);
    assert.ok(!isViewOf(t, nv));
    nv.indexPut_([6], 0);
    assert.ok(!t.index(1, 1).equal(nv.index(6)));
  });

  it("test_flatten_view", () => {
    const writesPropagate = (t: Tensor, v: Tensor) => {
      const idxT = new Array<number>(t.dim()).fill(0);
      const idxV = new Array<number>(v.dim()).fill(0);
      v.indexPut_(idxV, 0);
      same(t.index(...idxT), v.index(...idxV));
    };
    let t = torch.ones([1, 2, 3, 4]);
    let v = t.flatten();
    assert.ok(isViewOf(t, v));
    writesPropagate(t, v);

    t = torch.tensor(1);
    v = t.flatten();
    writesPropagate(t, v);
    assert.ok(isViewOf(t, v));

    t = torch.ones([1, 2, 3, 4]).transpose(2, 3);
    v = t.flatten(0, 1);
    writesPropagate(t, v);
    assert.ok(isViewOfSameBase(t, v));

    t = torch.ones([720]).asStrided([2, 3, 2, 3, 5, 4], [6, 2, 15, 5, 1, 0]);
    const v1 = t.flatten(0, 1);
    const v2 = v1.flatten(1, 3);
    const v3 = v2.flatten(2, 2);
    writesPropagate(t, v1);
    assert.ok(isViewOfSameBase(t, v1));
    writesPropagate(t, v2);
    assert.ok(isViewOfSameBase(t, v2));
    writesPropagate(t, v3);
    assert.ok(isViewOfSameBase(t, v3));
  });

  it("test_flatten_nonview", () => {
    const assertIsNonview = (t: Tensor, nv: Tensor) => {
      const idxT = new Array<number>(t.dim()).fill(0);
      const idxNv = new Array<number>(nv.dim()).fill(0);
      assert.ok(!nv._isView());
      nv.indexPut_(idxNv, 0);
      assert.ok(!t.index(...idxT).equal(nv.index(...idxNv)));
    };
    let t = torch.ones([2, 3, 2, 3]).transpose(2, 3);
    let nv = t.flatten(1, 3);
    assertIsNonview(t, nv);
    t = torch.ones([2, 2]).T;
    nv = t.flatten();
    assertIsNonview(t, nv);
    t = torch.ones([2, 2]);
    nv = t.flatten(1, 1);
    assert.ok(isSame(t, nv));
  });

  it("test_basic_indexing_slice_view", () => {
    const t = torch.ones([5, 5]);
    const v = t.index(":2", ":3");
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 0], 0);
    same(t.index(0, 0), v.index(0, 0));
  });

  it("test_basic_indexing_ellipses_view", () => {
    const t = torch.ones([5, 5]);
    const v = t.index("...", ":2");
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 0], 0);
    same(t.index(0, 0), v.index(0, 0));
  });

  it("test_basic_indexing_newaxis_view", () => {
    const t = torch.ones([5, 5]);
    const v = t.index(null, ":2", 3);
    assert.ok(isViewOf(t, v));
    v.indexPut_([0, 0], 0);
    same(t.index(0, 3), v.index(0, 0));
  });

  it("test_advanced_indexing_nonview", () => {
    const t = torch.ones([3, 3]);
    const rows = torch.tensor([
      [0, 0],
      [2, 2],
    ]);
    const cols = torch.tensor([
      [0, 1],
      [2, 2],
    ]);
    const nv = t.index(rows, cols);
    assert.ok(!isViewOf(t, nv));
    nv.indexPut_([1, 1], 0);
    assert.ok(!t.index(2, 2).equal(nv.index(1, 1)));
  });

  it("test_advanced_indexing_assignment", () => {
    const t = torch.ones([3, 3]);
    const rows = torch.tensor([
      [0, 0],
      [2, 2],
    ]);
    const cols = torch.tensor([
      [0, 1],
      [2, 2],
    ]);
    t.indexPut_([rows, cols], 0);
    assert.equal(t.index(2, 2).item(), 0);
  });

  it("test_movedim_view", () => {
    const runTest = (op: (t: Tensor) => Tensor) => {
      const t = torch.zeros([3, 3]);
      const out = op(t);
      assert.ok(isViewOf(t, out));
      for (let k = 0; k < 3; k++) {
        const i1 = Math.floor(Math.random() * 3);
        const i2 = Math.floor(Math.random() * 3);
        out.indexPut_([i1, i2], Math.random());
        same(t.index(i2, i1), out.index(i1, i2));
      }
    };
    for (const fn of [torch.movedim, torch.moveaxis] as Array<
      (t: Tensor, s: number | number[], d: number | number[]) => Tensor
    >) {
      runTest((t) => fn(t, [0, 1], [1, 0]));
      runTest((t) => fn(t, 0, 1));
    }
  });

  it("test_view_copy", () => {
    const a = torch.randn([4], { requiresGrad: true });
    const aRef = a.clone().detach().requiresGrad_();
    const aView = aRef.view(2, 2);
    const aViewCopy = torch.viewCopy(a, [2, 2]);
    assert.ok(isViewOf(aRef, aView));
    assert.ok(!isViewOf(a, aViewCopy));
    aViewCopy.sum().backward();
    aView.sum().backward();
    same(aViewCopy.detach(), aView.detach());
    same(a.grad as Tensor, aRef.grad as Tensor);
  });

  it("test_view_copy_out", () => {
    let a = torch.randn([2, 2]);
    const out = torch.empty([2]);
    torch.diagonalCopy(a, { out });
    same(out, torch.diagonalCopy(a));
    a = torch.randn([4]);
    const out1 = torch.empty([2]);
    const out2 = torch.empty([2]);
    torch.splitCopy(a, 2, { out: [out1, out2] });
    const [e1, e2] = torch.splitCopy(a, 2) as [Tensor, Tensor];
    same(e1, out1);
    same(e2, out2);
  });
});

describe("TestOldViewOps", () => {
  it("test_ravel", () => {
    const testRavel = (tensors: Tensor[], size: number, nc = false) => {
      for (const src of tensors) {
        const flat = src.ravel();
        assert.deepEqual(flat.shape, [size]);
        same(src.view(-1), flat);
        assert.ok(flat._base !== null && isSame(flat._base, src), "flat._base is src");
        assert.ok(flat.isContiguous());
        if (nc) {
          const ncSrc = src.t();
          const ncFlat = ncSrc.ravel();
          assert.deepEqual(ncFlat.shape, [size]);
          same(ncSrc.contiguous().view(-1), ncFlat);
          assert.ok(ncFlat._base === null || !isSame(ncFlat._base, src), "nc_flat._base is not src");
          assert.ok(ncFlat.isContiguous());
        }
      }
    };
    const zeroDim = torch.tensor(123);
    const flat0 = zeroDim.ravel();
    const oneDim = torch.tensor([123]);
    const flat1 = zeroDim.ravel();
    const ncOnes = torch.ones([10]).index("::2");
    const flat2 = ncOnes.ravel();
    assert.deepEqual(zeroDim.shape, []);
    assert.deepEqual(flat0.shape, [1]);
    assert.deepEqual(oneDim.shape, [1]);
    assert.deepEqual(flat1.shape, [1]);
    assert.deepEqual(ncOnes.shape, [5]);
    assert.deepEqual(flat2.shape, [5]);
    same(flat0, oneDim);
    same(flat0, flat1);
    assert.ok(flat0.isContiguous());
    assert.ok(flat1.isContiguous());
    assert.ok(flat2.isContiguous());
    testRavel([torch.randn([5, 5, 5, 5])], 625);
    testRavel([torch.randn([0, 2, 3]), torch.randn([3, 0, 2])], 0);
    testRavel([torch.randn([5, 5])], 25, true);
  });

  it("test_empty_reshape", async () => {
    const x = torch.randn([0, 6]);
    assert.deepEqual(x.reshape(1, 0, 6, 1, 1).shape, [1, 0, 6, 1, 1]);
    assert.equal(x.dataPtr(), x.reshape(1, 0, 6, 1, 1).dataPtr());
    await sameError(() => x.reshape(0, -1), "x.reshape(0, -1)", { x });
  });

  it("test_expand", async () => {
    const tensor = torch.rand([1, 8, 1]);
    const tensor2 = torch.rand([5]);
    const template = torch.rand([4, 8, 5]);
    const target = template.shape;
    assert.deepEqual(tensor.expandAs(template).shape, target);
    assert.deepEqual(tensor.expand(4, 8, 5).shape, target);
    assert.deepEqual(tensor.expand(target).shape, target);
    assert.deepEqual(tensor2.expandAs(template).shape, target);
    assert.deepEqual(tensor2.expand(4, 8, 5).shape, target);
    assert.deepEqual(tensor2.expand(target).shape, target);
    same(tensor2.expand(1, 5).expand(2, 2, 5), tensor2.repeat(2, 2, 1));
    const noncontig = torch.randn([5, 2, 1, 3]).index(S, 0);
    assert.ok(!noncontig.isContiguous());
    same(noncontig.expand(2, 5, 4, 3), noncontig.contiguous().repeat(2, 1, 4, 1));
    const expanded = tensor2.expand(1, 1, 5);
    const unsqueezed = tensor2.unsqueeze(0).unsqueeze(1);
    same(expanded, unsqueezed);
    assert.deepEqual(expanded.stride(), unsqueezed.stride());
    same(tensor.expand(4, -1, 5), tensor.expand(4, 8, 5));
    await sameError(() => tensor2.expand(-1, -1), "tensor2.expand(-1, -1)", { tensor2 });
    same(torch.zeros([0]).expand([0]), torch.zeros([0]));
  });

  it("test_view_empty", () => {
    const x = torch.randn([0, 6]);
    assert.deepEqual(x.view(1, 0, 6, 1, 1).shape, [1, 0, 6, 1, 1]);
  });

  it("test_reshape", async () => {
    let x = torch.randn([3, 3]);
    assert.equal(x.dataPtr(), x.reshape(-1).dataPtr());
    assert.equal(x.dataPtr(), x.reshape(1, 9, 1).dataPtr());
    same(torch.reshape(x, [9]), x.reshape(9));
    await sameError(() => x.reshape(-1, -1), "x.reshape(-1, -1)", { x });

    const y = torch.randn([4, 4, 4]).index(S, 0, S);
    assert.notEqual(y.dataPtr(), y.reshape(-1).dataPtr());
    same(y.contiguous().view(-1), y.reshape(-1));
    assert.equal(y.reshape(2, 2, 4).dataPtr(), y.dataPtr());

    const s = torch.randn([]);
    assert.equal(s.dataPtr(), s.reshape([]).dataPtr());
    assert.deepEqual(s.reshape(-1).shape, [1]);
    await sameError(() => s.reshape(2), "s.reshape(2)", { s });

    const empty = torch.tensor([]);
    same(empty, empty.reshape(-1));
    same(empty, empty.reshape([0]));
    assert.deepEqual(empty.reshape([0, 1]).shape, [0, 1]);
    assert.deepEqual(empty.reshape([1, -1]).shape, [1, 0]);
    await sameError(() => empty.reshape(1), "torch.tensor([]).reshape(1)");

    x = torch.randn([3, 3]);
    assert.equal(x.dataPtr(), x.reshapeAs(torch.rand([9])).dataPtr());
    assert.equal(x.dataPtr(), x.reshapeAs(torch.rand([1, 9, 1])).dataPtr());
    await sameError(() => x.reshapeAs(torch.rand([10])), "x.reshape_as(torch.rand(10))", { x });
  });

  it("test_flatten", async () => {
    const zeroDim = torch.tensor(123);
    const flat0 = zeroDim.flatten();
    const oneDim = torch.tensor([123]);
    const flat1 = zeroDim.flatten();
    assert.deepEqual(zeroDim.shape, []);
    assert.deepEqual(flat0.shape, [1]);
    assert.deepEqual(oneDim.shape, [1]);
    assert.deepEqual(flat1.shape, [1]);
    same(flat0, oneDim);
    same(flat0, flat1);

    const src = torch.randn([5, 5, 5, 5]);
    const cases: Array<[number, number, number[]]> = [
      [0, -1, [625]],
      [0, 2, [125, 5]],
      [0, 1, [25, 5, 5]],
      [1, 2, [5, 25, 5]],
      [2, 3, [5, 5, 25]],
      [-2, -1, [5, 5, 25]],
    ];
    for (const [a, b, shape] of cases) {
      const flat = src.flatten(a, b);
      assert.deepEqual(flat.shape, shape);
      same(src.view(-1), flat.view(-1));
    }
    same(src.flatten(2, 2), src);
    await sameError(() => src.flatten(5, 10), "src.flatten(5, 10)", { src }, /Dimension out of range/);
    await sameError(() => src.flatten(2, 0), "src.flatten(2, 0)", { src }, /start_dim cannot come after end_dim/);
  });

  it("test_narrow", async () => {
    const x = torch.tensor([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    const args: Array<[number, number, number]> = [
      [0, 0, 1],
      [0, 0, 2],
      [0, 1, 1],
      [0, -1, 1],
      [0, -2, 2],
      [0, -3, 3],
      [-1, -1, 1],
      [-2, -1, 1],
    ];
    // upstream's hand-written results, from PyTorch
    const ref = (await py.eval(
      `out = [torch.tensor(r) for r in [[[0, 1, 2]], [[0, 1, 2], [3, 4, 5]], [[3, 4, 5]], [[6, 7, 8]],
       [[3, 4, 5], [6, 7, 8]], [[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[2], [5], [8]], [[6, 7, 8]]]]
out = [[x.narrow(*a), e] for a, e in zip(args, out)]`,
      { x, args },
    )) as Tensor[][];
    for (const [i, a] of args.entries()) {
      const r = ref[i] as Tensor[];
      expectTensor(x.narrow(...a), r[0] as Tensor, {}, `narrow(${a})`);
      expectTensor(x.narrow(...a), r[1] as Tensor, {}, `narrow(${a}) as upstream writes it`);
    }
  });

  it("test_narrow_tensor", async () => {
    const x = torch.tensor([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    const expected = (await py.eval("out = torch.tensor([[0, 1, 2]])")) as Tensor;
    expectTensor(x.narrow(0, torch.tensor(0) as unknown as number, 1), expected);
    const starts: Array<[Tensor, string]> = [
      [torch.tensor(0, { dtype: "float32" }), "torch.tensor(0.)"],
      [torch.tensor([0]), "torch.tensor([0])"],
      [torch.tensor([0, 1]), "torch.tensor([0, 1])"],
    ];
    for (const [start, code] of starts)
      await sameError(() => x.narrow(0, start as unknown as number, 1), `x.narrow(0, ${code}, 1)`, { x });
  });

  it("test_t", async () => {
    let x = torch.randn([]);
    same(x, x.t());
    let xs = x.toSparse();
    same(xs.t().toDense(), xs.toDense());
    assert.ok(xs.t().isSparse);
    x = torch.arange(4);
    same(x, x.t());
    xs = x.toSparse();
    same(xs.t().toDense(), xs.toDense());
    x = torch.rand([2, 2]);
    same(x.t(), x.transpose(0, 1));
    xs = x.toSparse();
    same(xs.t().toDense(), xs.transpose(0, 1).toDense());
    x = torch.rand([2, 2, 2]);
    await sameError(() => x.t(), "x.t()", { x }, /expects a tensor with <= 2 dimensions, but self is 3D/);
    xs = x.toSparse();
    await sameError(
      () => xs.t(),
      "x.to_sparse().t()",
      { x },
      /expects a tensor with <= 2 sparse and 0 dense dimensions/,
    );
  });

  const checkSplits = (tensor: Tensor, splits: Tensor[], dim: number, targets: number[][]) => {
    assert.equal(splits.length, targets.length);
    let start = 0;
    for (const [k, target] of targets.entries()) {
      const split = splits[k] as Tensor;
      assert.deepEqual(split.shape, target);
      same(tensor.narrow(dim, start, target[dim] as number), split);
      start += target[dim] as number;
    }
  };

  it("test_split", () => {
    let tensor = torch.rand([7, 4]);
    checkSplits(tensor, tensor.split(3, 0), 0, [
      [3, 4],
      [3, 4],
      [1, 4],
    ]);
    tensor = torch.randn([20, 10]);
    checkSplits(tensor, tensor.split([5, 5, 10], 0), 0, [
      [5, 10],
      [5, 10],
      [10, 10],
    ]);
    checkSplits(tensor, tensor.split([2, 2, 6], 1), 1, [
      [20, 2],
      [20, 2],
      [20, 6],
    ]);
  });

  it("test_chunk", async () => {
    const tensor = torch.rand([4, 7]);
    checkSplits(tensor, tensor.chunk(3, 1), 1, [
      [4, 3],
      [4, 3],
      [4, 1],
    ]);
    await sameError(() => tensor.chunk(0), "tensor.chunk(0)", { tensor }, /chunk expects.*greater than 0/);
    await sameError(() => tensor.chunk(-2), "tensor.chunk(-2)", { tensor }, /chunk expects.*greater than 0/);
  });

  it("test_unsqueeze", () => {
    let x = torch.randn([2, 3, 4]);
    let y = x.unsqueeze(1);
    same(y, x.view(2, 1, 3, 4));
    y = x.clone().unsqueeze_(2);
    same(y, x.view(2, 3, 1, 4));
    x = x.index(S, 1);
    assert.ok(!x.isContiguous());
    y = x.unsqueeze(1);
    same(y, x.contiguous().view(2, 1, 4));
    y = x.clone().unsqueeze_(2);
    same(y, x.contiguous().view(2, 4, 1));
  });

  it("test_big_transpose", async () => {
    const t = torch.rand([456, 789]);
    const t1 = t.t().contiguous();
    const t2 = (await py.eval("import numpy as np\nout = torch.from_numpy(t.cpu().numpy().transpose())", {
      t,
    })) as Tensor;
    expectTensor(t1, t2);
  });

  it("test_T", () => {
    const a = torch.randn([2, 3, 4]);
    same(a.permute(2, 1, 0), a.T);
    const b = torch.randn([10]);
    same(b, b.T);
    const scalar = torch.tensor(5);
    same(scalar, scalar.T);
  });

  for (const dtype of ALL) {
    it(`test_transposes_${dtype}`, () => {
      for (const op of ["T", "H", "mT", "mH", "adjoint"] as const) {
        const shapes = op[0] === "m" || op === "adjoint" ? [[], [2, 3], [2, 3, 4]] : [[], [2, 3]];
        for (const shape of shapes) {
          const a = make(shape, dtype);
          const t1 = op === "adjoint" ? a.adjoint() : a[op];
          let t2 = a;
          if (a.dim() !== 0) t2 = t2.transpose(-2, -1);
          if (op.endsWith("H") || op === "adjoint") t2 = t2.conj();
          same(t2, t1, `${op} ${shape}`);
        }
      }
    });

    it(`test_transposes_errors_${dtype}`, async () => {
      for (const op of ["H", "mT", "mH", "adjoint"] as const) {
        const shapes = op === "H" ? [[2], [2, 3, 4]] : [[2]];
        for (const shape of shapes) {
          const a = make(shape, dtype);
          await sameError(
            () => (op === "adjoint" ? a.adjoint() : a[op]),
            op === "adjoint" ? "a.adjoint()" : `a.${op}`,
            { a },
            /only supported on matrices/,
          );
        }
      }
    });
  }

  it("test_resize_as_preserves_strides", () => {
    const x = torch.empty([2, 3]).t();
    const oldStrides = x.stride();
    x.resizeAs_(x);
    assert.deepEqual(x.stride(), oldStrides);
  });

  it("test_memory_format_resize_as", () => {
    const helper = (shape: number[], memoryFormat: "channelsLast" | "channelsLast3d") => {
      const xc = torch.randn(shape).contiguous({ memoryFormat });
      const flat = torch.randn([xc.numel()]);
      flat.resizeAs_(xc, { memoryFormat: "preserveFormat" });
      assert.ok(flat.isContiguous({ memoryFormat }));
    };
    helper([10, 3, 32, 32], "channelsLast");
    helper([3, 10, 3, 32, 32], "channelsLast3d");
  });

  it("test_memory_format_resize_", () => {
    const helper = (shape: number[], numel: number, memoryFormat: "channelsLast" | "channelsLast3d") => {
      const flat = torch.randn([numel]);
      flat.resize_(shape, { memoryFormat });
      assert.ok(flat.isContiguous({ memoryFormat }));
    };
    helper([10, 3, 32, 32], 10 * 3 * 32 * 32, "channelsLast");
    helper([3, 10, 3, 32, 32], 3 * 10 * 3 * 32 * 32, "channelsLast3d");
  });

  const randint = (lo: number, hi: number) => lo + Math.floor(Math.random() * (hi - lo + 1));
  const randShape = (dim: number, min: number, max: number) => Array.from({ length: dim }, () => randint(min, max));
  /** upstream's _generate_input */
  const generateInput = (shape: number[], dtype: DType, withExtremal: boolean): Tensor => {
    if (shape.length === 0) return torch.tensor([], { dtype });
    let x: Tensor;
    if (isFloatDt(dtype) || isComplexDt(dtype)) {
      x =
        dtype === "bfloat16"
          ? torch.randn(shape).mul(randint(30, 100)).to("bfloat16")
          : torch.randn(shape, { dtype }).mul(randint(30, 100));
      x.indexPut_([torch.randn(shape).gt(0.5)], 0);
      if (withExtremal) {
        x.indexPut_([torch.randn(shape).gt(0.5)], Number.NaN);
        x.indexPut_([torch.randn(shape).gt(0.5)], Number.POSITIVE_INFINITY);
        x.indexPut_([torch.randn(shape).gt(0.5)], Number.NEGATIVE_INFINITY);
      }
    } else if (dtype === "bool") {
      x = torch.zeros(shape, { dtype });
      x.indexPut_([torch.randn(shape).gt(0.5)], true);
    } else {
      x = torch.randint(15, 100, shape, { dtype });
    }
    return x;
  };

  for (const dtype of ["int64", "float32", "complex128"] as DType[]) {
    it(`test_transpose_invalid_${dtype}`, async () => {
      for (const [name, fn] of [
        ["swapdims", torch.swapdims],
        ["swapaxes", torch.swapaxes],
        ["transpose", torch.transpose],
      ] as Array<[string, (t: Tensor, a: number, b: number) => Tensor]>) {
        const x = generateInput(randShape(4, 5, 10), dtype, false);
        await sameError(() => fn(x, 5, 0), `torch.${name}(x, 5, 0)`, { x }, /Dimension out of range/);
        await sameError(() => fn(x, 0, 5), `torch.${name}(x, 0, 5)`, { x }, /Dimension out of range/);
      }
    });

    it(`test_transpose_vs_numpy_${dtype}`, async () => {
      const fns: Array<[string, (t: Tensor, a: number, b: number) => Tensor]> = [
        ["swapdims", torch.swapdims],
        ["swapaxes", torch.swapaxes],
        ["transpose", torch.transpose],
      ];
      const xs: Tensor[] = [];
      const pairs: number[][][] = [];
      for (let nd = 0; nd < 5; nd++) {
        const x = generateInput(randShape(nd, 5, 10), dtype, false);
        const ps: number[][] = [];
        for (const randomNegative of [true, false]) {
          for (let s0 = 0; s0 < nd; s0++) {
            for (let d0 = 0; d0 < nd; d0++) {
              if (s0 === d0) continue;
              let [src, dst] = [s0, d0];
              const p = Math.random();
              if (randomNegative && p > 0.66) src -= nd;
              else if (randomNegative && p > 0.33) dst -= nd;
              else if (randomNegative) {
                src -= nd;
                dst -= nd;
              }
              ps.push([src, dst]);
            }
          }
        }
        xs.push(x);
        pairs.push(ps);
      }
      // Move dim to same position
      xs.push(torch.randn([2, 3, 5, 7, 11]));
      pairs.push([[0, 0]]);
      const ref = (await py.eval(
        `import numpy as np
out = [[torch.from_numpy(np.swapaxes(x.cpu().numpy(), axis1=s, axis2=d)) for s, d in ps] for x, ps in zip(xs, pairs)]`,
        { xs, pairs },
      )) as Tensor[][];
      for (const [name, fn] of fns) {
        for (const [i, x] of xs.entries()) {
          for (const [k, [src, dst]] of (pairs[i] as number[][]).entries()) {
            expectTensor(
              fn(x, src as number, dst as number),
              (ref[i] as Tensor[])[k] as Tensor,
              {},
              `${name}(${x.shape}, ${src}, ${dst})`,
            );
          }
        }
      }
    });
  }

  for (const dtype of ALL.filter((d) => d !== "bfloat16" && d !== "bool")) {
    it(`test_atleast_${dtype}`, async () => {
      const FNS: Array<[string, (...t: Tensor[]) => Tensor | Tensor[]]> = [
        ["atleast_1d", torch.atleast1d],
        ["atleast_2d", torch.atleast2d],
        ["atleast_3d", torch.atleast3d],
      ];
      const xs: Tensor[] = [];
      const reps: number[] = [];
      for (let i = 0; i < FNS.length; i++) {
        for (let ndims = 0; ndims < 5; ndims++) {
          const shape = randShape(ndims, 5, 10);
          for (let n = 0; n <= ndims; n++) {
            for (const withExtremal of [false, true]) {
              for (const contiguous of [false, true]) {
                let x = generateInput(shape, dtype, withExtremal);
                if (contiguous) x = x.T;
                xs.push(x);
                reps.push(randint(3, 10));
              }
            }
          }
        }
      }
      const per = xs.length / FNS.length;
      // np_fn(x) and np_fn(*np_sequence_x), as tensors
      const ref = (await py.eval(
        `import numpy as np
fns = [np.atleast_1d, np.atleast_2d, np.atleast_3d]
out = []
for j, (x, r) in enumerate(zip(xs, reps)):
    np_fn = fns[j // per]
    torch_sequence_x = (x,) * r
    np_sequence_x = tuple(np.array(x.detach().cpu().numpy()) for x in torch_sequence_x)
    out.append([torch.from_numpy(np_fn(x.cpu().numpy())), [torch.from_numpy(y) for y in np_fn(*np_sequence_x)]])`,
        { xs, reps, per },
      )) as Array<[Tensor, Tensor[]]>;
      for (const [j, x] of xs.entries()) {
        const [name, fn] = FNS[Math.floor(j / per)] as [string, (...t: Tensor[]) => Tensor | Tensor[]];
        const [one, seq] = ref[j] as [Tensor, Tensor[]];
        const what = `${name}(${x.shape})`;
        const mine = fn(x) as Tensor;
        assert.deepEqual(mine.shape, one.shape, what);
        expectTensor(bits(mine), bits(one), {}, what);
        const mineSeq = fn(...new Array<Tensor>(reps[j] as number).fill(x)) as Tensor[];
        assert.equal(mineSeq.length, seq.length, what);
        for (const [k, m] of mineSeq.entries()) {
          assert.deepEqual(m.shape, (seq[k] as Tensor).shape, what);
          expectTensor(bits(m), bits(seq[k] as Tensor), {}, what);
        }
      }
    });
  }

  it("test_atleast_gradient", () => {
    for (const fn of [torch.atleast1d, torch.atleast2d, torch.atleast3d] as Array<
      (...t: Tensor[]) => Tensor | Tensor[]
    >) {
      const s = torch.tensor(0.5, { dtype: "float64", requiresGrad: true });
      assert.ok(torch.autograd.gradcheck((x: Tensor) => fn(x), [s]));
      assert.ok(torch.autograd.gradgradcheck((x: Tensor) => fn(x), [s]));
      const a = torch.rand([4], { dtype: "float64", requiresGrad: true });
      assert.ok(torch.autograd.gradcheck((x: Tensor) => fn(x), [a]));
      assert.ok(torch.autograd.gradgradcheck((x: Tensor) => fn(x), [a]));
      const b = torch.rand([4, 3], { dtype: "float64", requiresGrad: true });
      const c = torch.rand([4, 3, 2], { dtype: "float64", requiresGrad: true });
      const d = torch.rand([4, 3, 2, 1], { dtype: "float64", requiresGrad: true });
      const many = (...t: Tensor[]) => fn(...t);
      assert.ok(torch.autograd.gradcheck(many, [s, a, b, c, d]));
      assert.ok(torch.autograd.gradgradcheck(many, [s, a, b, c, d]));
    }
  });

  it("test_broadcast_shapes", async () => {
    const examples = [[], [1], [2], [1, 1], [3, 1], [3, 2], [4, 1, 1], [4, 3, 2]];
    for (const s0 of examples) {
      const x0 = torch.randn(s0);
      assert.deepEqual(torch.broadcastShapes(s0), (torch.broadcastTensors(x0)[0] as Tensor).shape);
      for (const s1 of examples) {
        const x1 = torch.randn(s1);
        assert.deepEqual(torch.broadcastShapes(s0, s1), (torch.broadcastTensors(x0, x1)[0] as Tensor).shape);
      }
    }
    for (const integral of [
      [1, 4],
      [4, 1],
      [1, 1, 3],
    ]) {
      const expected = (torch.broadcastTensors(...integral.map((n) => torch.empty(n)))[0] as Tensor).shape;
      assert.deepEqual(torch.broadcastShapes(...integral), expected);
    }
    const raises = async (args: Array<number | number[]>, re: RegExp) => {
      const pyArgs = args.map((a) => (Array.isArray(a) ? `(${a.join(", ")}${a.length === 1 ? "," : ""})` : String(a)));
      await expectSameError(
        py,
        () => torch.broadcastShapes(...args),
        `torch.broadcast_shapes(${pyArgs.join(", ")})`,
        {},
        re,
      );
    };
    const NEG = /Trying to create tensor with negative dimension/;
    for (const integral of [[1, 1, -12], [-1, 1], [-11]]) await raises(integral, NEG);
    await raises(
      [
        [3, 5],
        [2, 4, 1],
      ],
      /Shape mismatch: objects cannot be broadcast to a single shape/,
    );
    const negative = [[-1], [1, -12], [4, -11], [-4, 1], [1, 1, -2]];
    for (const s0 of negative) {
      await raises([s0], NEG);
      for (const s1 of negative) await raises([s0, s1], NEG);
    }
    // float_inputs_error_case: 1.1 (2.0 and 1.0 are the integers 2 and 1 in JS).
    await raises([1.1], /Input shapes should be of type ints, a tuple of ints, or a list of ints/);
    for (const s0 of [
      [1, [5]],
      [3, [1]],
      [1, [3, 4]],
    ] as Array<Array<number | number[]>>) {
      const expected = (torch.broadcastTensors(...s0.map((s) => torch.empty(s)))[0] as Tensor).shape;
      assert.deepEqual(torch.broadcastShapes(...s0), expected);
    }
  });

  it("test_broadcast_tensors_float32", () => {
    const x0 = torch.randn([2, 1, 3]);
    const x1 = torch.randn([3]);
    const x2 = torch.randn([3, 1]);
    const [y0, y1, y2] = torch.broadcastTensors(x0, x1, x2) as [Tensor, Tensor, Tensor];
    assert.deepEqual(y0.shape, [2, 3, 3]);
    assert.deepEqual(y1.shape, [2, 3, 3]);
    assert.deepEqual(y2.shape, [2, 3, 3]);
  });

  for (const dtype of ALL_NO_BF16) {
    it(`test_broadcast_to_${dtype}`, async () => {
      const canBroadcast = (s0: number[], s1: number[]) => {
        const r0 = [...s0].reverse();
        const r1 = [...s1].reverse();
        return r0.every((v, i) => v === 1 || v === r1[i]);
      };
      const sizes = [[], [1], [2], [1, 1], [3, 1], [3, 2], [4, 1, 1], [4, 3, 2]];
      for (let i = 0; i < sizes.length; i++) {
        for (let j = i + 1; j < sizes.length; j++) {
          const [s0, s1] = [sizes[i] as number[], sizes[j] as number[]];
          const t = make(s0, dtype, { low: -9, high: 9 });
          const code = `torch.from_numpy(np.broadcast_to(t.cpu().numpy(), ${JSON.stringify(s1)}).copy())`;
          if (canBroadcast(s0, s1)) {
            const npRes = (await py.eval(`import numpy as np\nout = ${code}`, { t })) as Tensor;
            expectTensor(torch.broadcastTo(t, s1), npRes, {}, `${s0} to ${s1}`);
          } else {
            await sameError(
              () => torch.broadcastTo(t, s1),
              `torch.broadcast_to(t, ${JSON.stringify(s1)})`,
              { t },
              /The expanded size of the tensor \(\d\) must match the existing size \(\d\)/,
            );
          }
        }
      }
    });
  }

  it("test_view", async () => {
    let tensor = torch.rand([15]);
    const template = torch.rand([3, 5]);
    const empty = torch.empty([0]);
    const target = template.shape;
    assert.deepEqual(tensor.viewAs(template).shape, target);
    assert.deepEqual(tensor.view(3, 5).shape, target);
    assert.deepEqual(tensor.view([3, 5]).shape, target);
    assert.deepEqual(tensor.view(-1, 5).shape, target);
    assert.deepEqual(tensor.view(3, -1).shape, target);
    const tensorView = tensor.view(5, 3);
    tensorView.fill_(Math.random());
    same(empty.viewAs(empty), empty);
    same(empty.view(0), empty);
    assert.deepEqual(empty.view(0, 3, 0, 1).shape, [0, 3, 0, 1]);
    same(empty.view(0, 3, 0, 1).view(0), empty);
    assert.deepEqual(empty.view(-1).shape, [0]);
    assert.deepEqual(empty.view(10, 3, -1).shape, [10, 3, 0]);
    const unspec = /because the unspecified dimension size -1 can be any value/;
    await sameError(() => empty.view(-1, 0), "torch.empty(0).view(-1, 0)", {}, unspec);
    await sameError(() => empty.view(3, 0, -1, 0), "torch.empty(0).view(3, 0, -1, 0)", {}, unspec);
    await sameError(() => tensor.view(15, 0), "tensor.view(15, 0)", { tensor });
    await sameError(() => tensor.view(7, -1), "tensor.view(7, -1)", { tensor });
    await sameError(() => tensor.view(15, -1, -1), "tensor.view(15, -1, -1)", { tensor });

    tensor = torch.rand([4, 2, 5, 1, 6, 2, 9, 3]).transpose(-1, 2).transpose(-2, 3);
    let contig = tensor.clone();
    for (const size of [
      [8, 1, 3, 3, 3, 4, 1, 3, 5],
      [2, 4, 3, 1, 9, 2, 2, 3, 5, 1],
      [1, 1, 2, 1, 4, 3, 1, 1, 9, 1, 2, 1, 2, 3, 1, 5, 1, 1],
    ])
      same(tensor.view(size), contig.view(size), `${size}`);
    const TF = "t = tensor_base.transpose(-1, 2).transpose(-2, 3)\n";
    const base = tensor.transpose(-2, 3).transpose(-1, 2);
    for (const size of [[-1], [24, 9, 6, 2, 1, 5], [8, 3, 9, 6, 10], [8, 3, 54, 2, 1, 5]])
      await sameError(() => tensor.view(size), `${TF}t.view(${size.join(", ")})`, { tensor_base: base });

    tensor = torch.empty([1, 1]).expand(3, 4);
    contig = tensor.clone();
    for (const size of [[-1], [1, -1, 1], [-1, 1], [6, 2, 1], [1, 6, 2, 1]])
      same(tensor.view(size), contig.view(size), `${size}`);
  });

  for (const dtype of ALL) {
    it(`test_reshape_view_semantics_${dtype}`, () => {
      const tensor = make([15, 4], dtype);
      const target = [20, 3];
      const viewTensor = tensor.reshape(target);
      assert.deepEqual(viewTensor.shape, target);
      assert.equal(tensor.storage().dataPtr(), viewTensor.storage().dataPtr());
      const copyTensor = tensor.transpose(0, 1).reshape(target);
      assert.deepEqual(copyTensor.shape, target);
      assert.notEqual(tensor.storage().dataPtr(), copyTensor.storage().dataPtr());
    });
  }

  const SPLIT_SIZES = [[0], [10], [10, 0], [0, 10], [4, 10], [12, 3]];
  const SPLIT_PY = `import numpy as np
out = []
for a, cases in zip(inputs, all_cases):
    a_n = a.cpu().numpy()
    out.append([[torch.from_numpy(r) for r in np.array_split(a_n, tuple(s) if isinstance(s, list) else s, d)]
                for s, d in cases])`;
  const checkSplit = async (dtype: DType, arg: (size: number) => Array<number | number[]>) => {
    const inputs = SPLIT_SIZES.map((s) => make(s, dtype, { low: -9, high: 9 }));
    const allCases = inputs.map((a) => {
      const cases: Array<[number | number[], number]> = [];
      for (let dim = -a.dim(); dim < a.dim(); dim++)
        for (const x of arg(a.shape[dim < 0 ? dim + a.dim() : dim] as number)) cases.push([x, dim]);
      return cases;
    });
    const ref = (await py.eval(SPLIT_PY, { inputs, all_cases: allCases })) as Tensor[][][];
    for (const [i, a] of inputs.entries()) {
      for (const [k, [x, dim]] of (allCases[i] as Array<[number | number[], number]>).entries()) {
        const msg = `input_size ${a.shape}, sections or indices ${x}, dim ${dim}`;
        const result1 = (
          typeof x === "number" ? torch.tensorSplit(a, x, dim) : torch.tensorSplit(a, x, dim)
        ) as Tensor[];
        const result2 = torch.tensorSplit(a, torch.tensor(x, { dtype: "int64" }), dim) as Tensor[];
        const resultN = (ref[i] as Tensor[][])[k] as Tensor[];
        for (const [r1, r2] of result1.map((r, j) => [r, result2[j]] as [Tensor, Tensor])) {
          assert.equal(r1.device, "cpu", msg);
          assert.equal(r1.dtype, dtype, msg);
          assert.equal(r2.device, "cpu", msg);
          assert.equal(r2.dtype, dtype, msg);
        }
        assert.equal(result1.length, resultN.length, msg);
        assert.equal(result2.length, resultN.length, msg);
        resultN.forEach((n, j) => {
          expectTensor(result1[j] as Tensor, n, {}, msg);
          expectTensor(result2[j] as Tensor, n, {}, msg);
        });
      }
    }
  };

  for (const dtype of ALL_NO_BF16) {
    it(`test_tensor_split_sections_${dtype}`, async () => {
      await checkSplit(dtype, (size) => Array.from({ length: Math.max(0, 2 * size - 1) }, (_, k) => k + 1));
    });
    it(`test_tensor_split_indices_${dtype}`, async () => {
      const INDICES = [[], [0], [3], [10], [-1], [-10], [2, -1], [3, 4, 10], [0, -1, 0, 10], [1, 5, 2, 8]];
      await checkSplit(dtype, () => INDICES);
    });
  }

  it("test_contiguous", () => {
    const x = torch.randn([1, 16, 5, 5]);
    assert.ok(x.isContiguous());
    const stride = [...x.stride()];
    stride[0] = 20;
    // The stride of dimension 0 changed: still contiguous, since size[0] is 1.
    x.set_(x.storage(), 0, x.shape, stride);
    assert.ok(x.isContiguous());
    assert.deepEqual(x.stride(), stride);
  });

  it("test_tensor_split_errors", async () => {
    const CASES: Array<[number[], number | number[], number, RegExp]> = [
      [[10], 10, 1, /Dimension out of range/],
      [[], 10, 0, /tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims/],
      [[10], [10], 1, /Dimension out of range/],
      [[], [10], 0, /tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims/],
      [[10], 0, 0, /number of sections must be larger than 0, got 0/],
      [[10], -1, 0, /number of sections must be larger than 0, got -1/],
    ];
    let a = torch.randn([]);
    let dim = 0;
    for (const [inputSize, soi, d, regex] of CASES) {
      a = torch.randn(inputSize);
      dim = d;
      const pyArg = typeof soi === "number" ? `${soi}` : `(${soi},)`;
      await sameError(
        () => (typeof soi === "number" ? torch.tensorSplit(a, soi, dim) : torch.tensorSplit(a, soi, dim)),
        `torch.tensor_split(a, ${pyArg}, ${dim})`,
        { a },
        regex,
      );
      await sameError(
        () => torch.tensorSplit(a, torch.tensor(soi, { dtype: "int64" }), dim),
        `torch.tensor_split(a, torch.tensor(${pyArg}), ${dim})`,
        { a },
        regex,
      );
    }
    await sameError(
      () => torch.tensorSplit(a, torch.tensor(1.1), dim),
      `torch.tensor_split(a, torch.tensor(1.1), ${dim})`,
      { a },
      /tensor_split expected tensor_indices_or_sections to have dtype of long, but got Float/,
    );
    await sameError(
      () => torch.tensorSplit(torch.rand([10]), torch.tensor([[1]], { dtype: "int64" }), 0),
      "torch.tensor_split(torch.rand(10), torch.tensor(((1,),)), 0)",
      {},
      /tensor_split expected tensor_indices_or_sections to be a zero-dimensional or one-dimensional tensor, but got a tensor with 2 dims/,
    );
  });

  const RESIZE_DATA = [
    [1, 2],
    [3, 4],
    [5, 6],
  ];
  it("test_resize_all_dtypes_and_devices", () => {
    for (const dt of ALL) {
      const x = torch.tensor(RESIZE_DATA, { dtype: dt });
      x.resize_([2, 2]);
      assert.deepEqual(x.shape, [2, 2], dt);
    }
  });

  it("test_resize_as_all_dtypes_and_devices", () => {
    for (const dt of ALL) {
      const x = torch.tensor(RESIZE_DATA, { dtype: dt });
      const y = torch.tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        { dtype: dt },
      );
      x.resizeAs_(y);
      assert.deepEqual(x.shape, y.shape, dt);
    }
  });

  it("test_resize_overflow", async () => {
    const x = torch.empty([], { dtype: "float64" });
    await sameError(
      () => x.resize_([2, 4, 2 ** 29, 2 ** 29]),
      "torch.empty((), dtype=torch.float64).resize_([2, 4, 2**29, 2**29])",
      {},
      /Storage size calculation overflowed/,
    );
    await sameError(
      () => x.resize_([8, 8, 2 ** 29, 2 ** 29]),
      "torch.empty((), dtype=torch.float64).resize_([8, 8, 2**29, 2**29])",
      {},
      /overflow/,
    );
  });

  it("test_view_all_dtypes_and_devices", () => {
    for (const dt of ALL) {
      const x = torch.tensor(RESIZE_DATA, { dtype: dt });
      assert.deepEqual(x.view(6).shape, [6], dt);
    }
  });

  // the .numpy() half is left out (see the header)
  it("test_conj_neg_view_numpy_error", async () => {
    const z = () => torch.tensor([new torch.Complex(1, 2)]);
    await sameError(
      () => viewDtype(z().conj(), "float64"),
      "torch.tensor([1 + 2j]).conj().view(torch.float64)",
      {},
      /not supported for conjugate view tensors/,
    );
    await sameError(
      () => viewDtype(z().conj().imag, "int32"),
      "torch.tensor([1 + 2j]).conj().imag.view(torch.int32)",
      {},
      /not supported for tensors with negative bit set/,
    );
  });

  it("test_crow_col_indices", async () => {
    const t = torch.sparseCsrTensor(torch.tensor([0, 1, 2]), torch.tensor([1, 0]), torch.tensor([1, 2]), [2, 2]);
    const ref = (await py.eval(
      `t = torch.sparse_csr_tensor((0, 1, 2), (1, 0), (1, 2), size=(2, 2))
out = [t.crow_indices(), t.col_indices()]`,
    )) as Tensor[];
    expectTensor(t.crowIndices(), ref[0], {}, "crow_indices");
    expectTensor(t.colIndices(), ref[1], {}, "col_indices");
  });
});
