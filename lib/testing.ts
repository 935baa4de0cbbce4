// torch.testing: assert_close and make_tensor as torch/testing/_comparison.py and _creation.py (1.13)
// define them; every comparison and draw is a libtorch operation.
import { complex, promoteTypes } from "./aten_ops";
import { Complex } from "./complex";
import type { TensorOptions } from "./creation";
import * as creation from "./creation";
import type { DType } from "./dtype";
import { ValueError } from "./errors";
import { slice } from "./indexing";
import { Tensor } from "./tensor";
import { finfo, iinfo } from "./type_info";
import { checkKwargs } from "./utils/kwargs";
import { pyFloat, pySize } from "./utils/pyrepr";

/** torch.testing's failure: Python's AssertionError. */
export class AssertionError extends Error {
  constructor(message?: string) {
    super(message);
    this.name = "AssertionError";
  }
}

/** Keyword arguments of {@link assertClose}, as torch.testing.assert_close's. */
export interface AssertCloseOptions {
  /** Relative tolerance (with atol; both default by dtype). */
  rtol?: number;
  /** Absolute tolerance (with rtol; both default by dtype). */
  atol?: number;
  /** NaNs compare equal (default false). */
  equalNan?: boolean;
  /** Same device (default true). */
  checkDevice?: boolean;
  /** Same dtype (default true); otherwise both are promoted. */
  checkDtype?: boolean;
  /** Same layout (default true). */
  checkLayout?: boolean;
  /** Same strides (default false). */
  checkStride?: boolean;
  /** A message of its own for a failure. */
  msg?: string;
}
const ASSERT_KEYS = ["rtol", "atol", "equalNan", "checkDevice", "checkDtype", "checkLayout", "checkStride", "msg"];

// _DTYPE_PRECISIONS: (rtol, atol); integer and bool dtypes compare exactly.
const PRECISION: Record<string, [number, number]> = {
  float16: [0.001, 1e-5],
  bfloat16: [0.016, 1e-5],
  float32: [1.3e-6, 1e-5],
  float64: [1e-7, 1e-7],
  complex32: [0.001, 1e-5],
  complex64: [1.3e-6, 1e-5],
  complex128: [1e-7, 1e-7],
};

type Id = Array<string | number>;

function fail(
  message: string,
  id: Id,
  custom: string | undefined,
  cls: new (m: string) => Error = AssertionError,
): never {
  if (custom !== undefined) throw new cls(custom);
  const where =
    id.length > 0
      ? `\n\nThe failure occurred for item ${id.map((k) => `[${typeof k === "string" ? `'${k}'` : k}]`).join("")}`
      : "";
  throw new cls(message + where);
}

function tolerances(dtypes: string[], o: AssertCloseOptions, id: Id): [number, number] {
  if ((o.rtol === undefined) !== (o.atol === undefined))
    fail(
      `Both 'rtol' and 'atol' must be either specified or omitted, but got no ${o.rtol === undefined ? "rtol" : "atol"}.`,
      id,
      undefined,
      ValueError,
    );
  if (o.rtol !== undefined && o.atol !== undefined) return [o.rtol, o.atol];
  const p = dtypes.map((d) => PRECISION[d] ?? [0, 0]);
  return [Math.max(...p.map((x) => x[0])), Math.max(...p.map((x) => x[1]))];
}

// Python's repr of a tuple index: (1,), (0, 2), ().
const pyIndex = (idx: number[]) => (idx.length === 1 ? `(${idx[0]},)` : `(${idx.join(", ")})`);
const pyNum = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : pyFloat(v));

function diffMsg(
  kind: string,
  diff: number,
  idx: number[] | null,
  tol: number,
  equality: boolean,
  isFloat: boolean,
): string {
  const d = isFloat ? pyFloat(diff) : pyNum(diff);
  let m =
    idx === null
      ? `${kind[0]?.toUpperCase()}${kind.slice(1)} difference: ${d}`
      : `Greatest ${kind} difference: ${d} at index ${pyIndex(idx)}`;
  if (!equality) m += ` (up to ${pyNum(tol)} allowed)`;
  return `${m}\n`;
}

function unravel(flat: number, shape: number[]): number[] {
  const out: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const size = shape[d] as number;
    out.unshift(flat % size);
    flat = Math.floor(flat / size);
  }
  return out;
}

function compareTensors(actual: Tensor, expected: Tensor, o: AssertCloseOptions, id: Id): void {
  const mismatch = (attr: string, a: string, b: string) =>
    fail(`The values for attribute '${attr}' do not match: ${a} != ${b}.`, id, o.msg);
  if (actual.shape.join() !== expected.shape.join()) mismatch("shape", pySize(actual.shape), pySize(expected.shape));
  if (actual.layout !== expected.layout) {
    if (o.checkLayout ?? true) mismatch("layout", `torch.${actual.layout}`, `torch.${expected.layout}`);
  } else if (actual.layout === "strided" && o.checkStride && actual.stride().join() !== expected.stride().join()) {
    mismatch("stride()", pyTupleOf(actual.stride()), pyTupleOf(expected.stride()));
  }
  if ((o.checkDevice ?? true) && actual.device !== expected.device)
    mismatch(
      "device",
      `device(type='${actual.device.split(":")[0]}'${actual.device.includes(":") ? `, index=${actual.device.split(":")[1]}` : ""})`,
      `device(type='${expected.device.split(":")[0]}'${expected.device.includes(":") ? `, index=${expected.device.split(":")[1]}` : ""})`,
    );
  if ((o.checkDtype ?? true) && actual.dtype !== expected.dtype)
    mismatch("dtype", `torch.${actual.dtype}`, `torch.${expected.dtype}`);
  const [rtol, atol] = tolerances([actual.dtype, expected.dtype], o, id);
  let a = actual.detach();
  let b = expected.detach();
  if (a.device !== b.device) [a, b] = [a.cpu(), b.cpu()];
  if (a.dtype !== b.dtype) {
    const dt = promoteTypes(a.dtype, b.dtype) as DType;
    [a, b] = [a.to(dt), b.to(dt)];
  }
  if (a.layout !== "strided") a = a.toDense();
  if (b.layout !== "strided") b = b.toDense();
  // _promote_for_comparison: the widest dtype of the same kind.
  const wide: DType = a.isComplex() ? "complex128" : a.isFloatingPoint() ? "float64" : "int64";
  [a, b] = [a.to(wide), b.to(wide)];
  const matches = a.isclose(b, rtol, atol, o.equalNan ?? false);
  if (matches.all().item()) return;
  const equality = rtol === 0 && atol === 0;
  const isFloat = wide !== "int64";
  if (a.dim() === 0) {
    const av = a.item() as number | Complex;
    const bv = b.item() as number | Complex;
    const absDiff = a.sub(b).abs().item() as number;
    const relDiff =
      (bv instanceof Complex ? Math.hypot(bv.real, bv.imag) : bv) === 0
        ? Infinity
        : absDiff / (b.abs().item() as number);
    void av;
    fail(
      `Scalars are not ${equality ? "equal" : "close"}!\n\n${diffMsg("absolute", absDiff, null, atol, equality, isFloat)}${diffMsg("relative", relDiff, null, rtol, equality, true)}`.trim(),
      id,
      o.msg,
    );
  }
  const mismatches = matches.logicalNot();
  const total = mismatches.sum().item() as number;
  const n = mismatches.numel();
  const absDiff = a.flatten().sub(b.flatten()).abs();
  const matchesFlat = matches.flatten();
  absDiff.indexPut_([matchesFlat], 0);
  const [maxAbs, absIdx] = absDiff.max(0) as [Tensor, Tensor];
  const relDiff = absDiff.div(b.flatten().abs());
  relDiff.indexPut_([matchesFlat], 0);
  const [maxRel, relIdx] = relDiff.max(0) as [Tensor, Tensor];
  const extra = `Mismatched elements: ${total} / ${n} (${((100 * total) / n).toFixed(1)}%)\n`;
  fail(
    `Tensor-likes are not ${equality ? "equal" : "close"}!\n\n${extra}` +
      diffMsg(
        "absolute",
        maxAbs.item() as number,
        unravel(absIdx.item() as number, actual.shape),
        atol,
        equality,
        isFloat,
      ) +
      diffMsg(
        "relative",
        maxRel.item() as number,
        unravel(relIdx.item() as number, actual.shape),
        rtol,
        equality,
        true,
      ).trimEnd(),
    id,
    o.msg,
  );
}

const pyTupleOf = (v: number[]) => (v.length === 1 ? `(${v[0]},)` : `(${v.join(", ")})`);

function compareNumbers(actual: number, expected: number, o: AssertCloseOptions, id: Id): void {
  const isFloat = !Number.isInteger(actual) || !Number.isInteger(expected);
  const [rtol, atol] = tolerances(isFloat ? ["float64"] : ["int64"], o, id);
  const close =
    actual === expected ||
    ((o.equalNan ?? false) && Number.isNaN(actual) && Number.isNaN(expected)) ||
    Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
  if (close) return;
  const equality = rtol === 0 && atol === 0;
  const absDiff = Math.abs(actual - expected);
  const relDiff = expected === 0 ? Infinity : absDiff / Math.abs(expected);
  fail(
    `Scalars are not ${equality ? "equal" : "close"}!\n\n${diffMsg("absolute", absDiff, null, atol, equality, isFloat)}${diffMsg("relative", relDiff, null, rtol, equality, true)}`.trim(),
    id,
    o.msg,
  );
}

function compare(actual: unknown, expected: unknown, o: AssertCloseOptions, id: Id): void {
  if (actual instanceof Tensor && expected instanceof Tensor) {
    compareTensors(actual, expected, o, id);
    return;
  }
  if (typeof actual === "number" && typeof expected === "number") {
    compareNumbers(actual, expected, o, id);
    return;
  }
  if (typeof actual === "boolean" && typeof expected === "boolean") {
    compareNumbers(+actual, +expected, o, id);
    return;
  }
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length)
      fail(`The length of the sequences mismatch: ${actual.length} != ${expected.length}`, id, o.msg);
    actual.forEach((a, i) => {
      compare(a, expected[i], o, [...id, i]);
    });
    return;
  }
  const isMap = (v: unknown): v is Record<string, unknown> =>
    v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Tensor);
  if (isMap(actual) && isMap(expected)) {
    const ka = Object.keys(actual).sort();
    const kb = Object.keys(expected).sort();
    if (ka.join("\0") !== kb.join("\0"))
      fail(
        `The keys of the mappings do not match:\nMissing keys in the actual mapping: [${kb
          .filter((k) => !ka.includes(k))
          .map((k) => `'${k}'`)
          .join(", ")}]\nAdditional keys in the actual mapping: [${ka
          .filter((k) => !kb.includes(k))
          .map((k) => `'${k}'`)
          .join(", ")}]`,
        id,
        o.msg,
      );
    for (const k of ka) compare(actual[k], expected[k], o, [...id, k]);
    return;
  }
  if (actual === null && expected === null) return;
  const name = (v: unknown) =>
    v instanceof Tensor
      ? "torch.Tensor"
      : v === null
        ? "NoneType"
        : Array.isArray(v)
          ? "list"
          : typeof v === "number"
            ? Number.isInteger(v)
              ? "int"
              : "float"
            : typeof v;
  fail(
    `No comparison pair was able to handle inputs of type ${name(actual)} and ${name(expected)}.`,
    id,
    undefined,
    TypeError,
  );
}

/**
 * torch.testing.assert_close: throws an {@link AssertionError} with PyTorch's message unless `actual` and
 * `expected` are close: tensors (same shape, dtype, device and layout unless told otherwise; values
 * within rtol/atol, defaults by dtype), numbers, and arrays or objects of them, element by element.
 */
export function assertClose(actual: unknown, expected: unknown, o: AssertCloseOptions = {}): void {
  checkKwargs(o, ASSERT_KEYS, "assert_close");
  compare(actual, expected, o, []);
}

/** Keyword arguments of {@link makeTensor}, as torch.testing.make_tensor's. */
export interface MakeTensorOptions {
  dtype: DType;
  device?: string;
  low?: number | null;
  high?: number | null;
  requiresGrad?: boolean;
  noncontiguous?: boolean;
  excludeZero?: boolean;
}
const MAKE_KEYS = ["dtype", "device", "low", "high", "requiresGrad", "noncontiguous", "excludeZero"];

const INTEGRAL = ["uint8", "int8", "int16", "int32", "int64"];
const FLOATING = ["float16", "bfloat16", "float32", "float64"];
const COMPLEX: Record<string, DType> = { complex32: "float16", complex64: "float32", complex128: "float64" };

/**
 * torch.testing.make_tensor: a tensor of `shape` with values drawn uniformly from [low, high) (defaults
 * by dtype: -9..9 for floats, -9..10 for signed integers, 0..10 for uint8, 0..2 for bool), the same
 * draws as PyTorch's under the same seed.
 */
export function makeTensor(shape: number | number[], o: MakeTensorOptions): Tensor {
  checkKwargs(o, MAKE_KEYS, "make_tensor");
  const size = typeof shape === "number" ? [shape] : shape;
  const dtype = o.dtype;
  const device = (o.device ?? "cpu") as TensorOptions["device"];
  if (o.requiresGrad && !FLOATING.includes(dtype) && !(dtype in COMPLEX))
    throw new ValueError("make_tensor: requires_grad must be False for integral dtype");
  const range = (lowest: number, highest: number, defLow: number, defHigh: number): [number, number] => {
    let low = o.low ?? defLow;
    let high = o.high ?? defHigh;
    if (Number.isNaN(low) || Number.isNaN(high)) throw new ValueError("make_tensor: one of low or high was NaN!");
    if (low > high) throw new ValueError("make_tensor: low must be weakly less than high!");
    low = Math.min(Math.max(low, lowest), highest);
    high = Math.min(Math.max(high, lowest), highest);
    return INTEGRAL.includes(dtype) ? [Math.floor(low), Math.ceil(high)] : [low, high];
  };
  const uniform = (dt: DType, low: number, high: number) => {
    const r = creation.rand(size, { dtype: dt, device });
    return r.mul(high).add(r.neg().add(1).mul(low));
  };
  let result: Tensor;
  if (dtype === "bool") result = creation.randint(0, 2, size, { dtype, device });
  else if (INTEGRAL.includes(dtype)) {
    const info = iinfo(dtype);
    const [low, high] = range(Number(info.min), Number(info.max), dtype === "uint8" ? 0 : -9, 10);
    result = creation.randint(low, high, size, { dtype, device });
  } else if (FLOATING.includes(dtype)) {
    const info = finfo(dtype);
    const [low, high] = range(info.min, info.max, -9, 9);
    result = uniform(dtype, low, high);
  } else if (dtype in COMPLEX) {
    const part = COMPLEX[dtype] as DType;
    const info = finfo(part);
    const [low, high] = range(info.min, info.max, -9, 9);
    const re = uniform(part, low, high);
    const im = uniform(part, low, high);
    result = complex(re, im);
  } else {
    throw new TypeError(
      `The requested dtype '${dtype}' is not supported by torch.testing.make_tensor(). To request support, file an issue at: https://github.com/pytorch/pytorch/issues`,
    );
  }
  if (o.noncontiguous && result.numel() > 1) result = result.repeatInterleave(2, -1).index("...", slice(null, null, 2));
  if (o.excludeZero) {
    const zero = result.eq(0);
    const replace =
      INTEGRAL.includes(dtype) || dtype === "bool"
        ? 1
        : dtype in COMPLEX
          ? new Complex(finfo(COMPLEX[dtype] as DType).tiny, finfo(COMPLEX[dtype] as DType).tiny)
          : finfo(dtype).tiny;
    result.indexPut_([zero], replace as number);
  }
  if (o.requiresGrad) result.requiresGrad_(true);
  return result;
}
