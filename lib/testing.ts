// torch.testing: assert_close and make_tensor as torch/testing/_comparison.py and _creation.py (1.13)
// define them; every comparison and draw is a libtorch operation.
import { complex, promoteTypes } from "./aten_ops";
import { Complex } from "./complex";
import type { TensorOptions } from "./creation";
import * as creation from "./creation";
import type { DType } from "./dtype";
import { ValueError } from "./errors";
import { slice } from "./indexing";
import { Parameter } from "./nn/parameter";
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
  /** Tensor subclasses (Parameter) compare with Tensors (default true); otherwise the classes must be the same. */
  allowSubclasses?: boolean;
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
  /**
   * A message of its own for a failed comparison, or a function of the generated message that returns it
   * (PyTorch's msg=). Errors found before comparing (lengths, keys, types, tolerances) keep their own.
   */
  msg?: string | ((generated: string) => string);
}
const ASSERT_KEYS = [
  "allowSubclasses",
  "rtol",
  "atol",
  "equalNan",
  "checkDevice",
  "checkDtype",
  "checkLayout",
  "checkStride",
  "msg",
];

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

type Key = string | number;
type Id = Key[];
type ErrorClass = new (m: string) => Error;

// str([item]) of each id part, as Python prints it: [1], ['b'].
const pyKey = (k: Key) => (typeof k === "string" ? `'${k}'` : String(k));
const idString = (id: Id) => id.map((k) => `[${pyKey(k)}]`).join("");

// _comparison.ErrorMeta: an error found while originating or comparing pairs, made into the user's error last.
class ErrorMeta {
  constructor(
    readonly cls: ErrorClass,
    readonly msg: string,
    readonly id: Id,
  ) {}
  toError(msg?: AssertCloseOptions["msg"]): Error {
    if (typeof msg === "string") return new this.cls(msg);
    let generated = this.msg;
    if (this.id.length > 0) generated += `\n\nThe failure occurred for item ${idString(this.id)}`;
    return new this.cls(typeof msg === "function" ? msg(generated) : generated);
  }
}

// Python's type(v) as assert_close's TypeError prints it.
function pyType(v: unknown): string {
  let name: string;
  if (v instanceof Parameter) name = "torch.nn.parameter.Parameter";
  else if (v instanceof Tensor) name = "torch.Tensor";
  else if (v === null || v === undefined) name = "NoneType";
  else if (typeof v === "boolean") name = "bool";
  else if (typeof v === "number") name = Number.isInteger(v) ? "int" : "float";
  else if (typeof v === "bigint") name = "int";
  else if (typeof v === "string") name = "str";
  else if (v instanceof Complex) name = "complex";
  else if (Array.isArray(v)) name = "list";
  else if (isMapping(v)) name = "dict";
  else if (typeof v === "function") name = "function";
  else name = (v as object).constructor?.name ?? "object";
  return `<class '${name}'>`;
}

// Python's f"{v}" of a value assert_close names in a message (a 0-dim Tensor formats as its item).
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  if (v instanceof Tensor && !(v instanceof Parameter) && v.dim() === 0 && v.device !== "meta") return pyStr(v.item());
  return String(v);
}

function isMapping(v: unknown): v is Record<string, unknown> | Map<Key, unknown> {
  if (v instanceof Map) return true;
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
const mapKeys = (m: Record<string, unknown> | Map<Key, unknown>): Key[] =>
  m instanceof Map ? [...m.keys()] : Object.keys(m);
const mapGet = (m: Record<string, unknown> | Map<Key, unknown>, k: Key): unknown =>
  m instanceof Map ? m.get(k) : (m as Record<string, unknown>)[k as string];
const pySorted = (keys: Key[]) =>
  [...keys].sort((a, b) =>
    typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );

function tolerances(dtypes: string[], o: AssertCloseOptions, id: Id): [number, number] {
  if ((o.rtol === undefined) !== (o.atol === undefined))
    throw new ErrorMeta(
      ValueError,
      `Both 'rtol' and 'atol' must be either specified or omitted, but got no ${o.rtol === undefined ? "rtol" : "atol"}.`,
      id,
    );
  if (o.rtol !== undefined && o.atol !== undefined) return [o.rtol, o.atol];
  const p = dtypes.map((d) => PRECISION[d] ?? [0, 0]);
  return [Math.max(...p.map((x) => x[0])), Math.max(...p.map((x) => x[1]))];
}

// Python's repr of a tuple index: (1,), (0, 2), ().
const pyIndex = (idx: number[]) => (idx.length === 1 ? `(${idx[0]},)` : `(${idx.join(", ")})`);
const pyNum = (v: number) => (Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : pyFloat(v));

// Python's f"{x:.1%}": x * 100 in double precision, then correctly rounded to one decimal, ties to even.
function pyPercent(x: number): string {
  const v = x * 100;
  const exact = v.toFixed(100);
  const frac = exact.slice(exact.indexOf(".") + 1);
  if (frac[1] === "5" && /^0*$/.test(frac.slice(2)) && Number(frac[0]) % 2 === 0)
    return `${exact.slice(0, exact.indexOf(".") + 2)}%`;
  return `${v.toFixed(1)}%`;
}

// _make_mismatch_msg: the header, the extra line, and the absolute and relative differences.
function mismatchMsg(
  identifier: string,
  extra: string | null,
  abs: [string, number[] | null],
  atol: number,
  rel: [string, number[] | null],
  rtol: number,
): string {
  const equality = rtol === 0 && atol === 0;
  const diff = (kind: string, [d, idx]: [string, number[] | null], tol: number) => {
    let m =
      idx === null
        ? `${kind[0]?.toUpperCase()}${kind.slice(1)} difference: ${d}`
        : `Greatest ${kind} difference: ${d} at index ${pyIndex(idx)}`;
    if (!equality) m += ` (up to ${pyNum(tol)} allowed)`;
    return `${m}\n`;
  };
  let msg = `${identifier} are not ${equality ? "equal" : "close"}!\n\n`;
  if (extra) msg += `${extra.trim()}\n`;
  msg += diff("absolute", abs, atol) + diff("relative", rel, rtol);
  return msg.trim();
}

// make_scalar_mismatch_msg, from 0-dim tensors of the comparison dtype (int64, float64 or complex128): the
// absolute difference is an int for integers, as Python's abs(a - b) of two ints.
function scalarMismatchMsg(a: Tensor, b: Tensor, rtol: number, atol: number, identifier: string): string {
  const absDiff = a.sub(b).abs();
  const isInt = absDiff.dtype === "int64";
  const absD = absDiff.to("float64");
  const bAbs = b.abs().to("float64");
  const rel = bAbs.eq(0).item() ? Infinity : (absD.div(bAbs).item() as number);
  const absV = absD.item() as number;
  return mismatchMsg(identifier, null, [isInt ? pyNum(absV) : pyFloat(absV), null], atol, [pyFloat(rel), null], rtol);
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

// make_tensor_mismatch_msg: the mismatch count and the greatest differences among the mismatches.
function tensorMismatchMsg(
  a: Tensor,
  b: Tensor,
  matches: Tensor,
  rtol: number,
  atol: number,
  identifier: string,
): string {
  const total = matches.logicalNot().sum().item() as number;
  const n = matches.numel();
  const matchesFlat = matches.flatten();
  const absDiff = a.flatten().sub(b.flatten()).abs();
  absDiff.indexPut_([matchesFlat], 0);
  const [maxAbs, absIdx] = absDiff.max(0) as [Tensor, Tensor];
  const relDiff = absDiff.div(b.flatten().abs());
  relDiff.indexPut_([matchesFlat], 0);
  const [maxRel, relIdx] = relDiff.max(0) as [Tensor, Tensor];
  const absV = maxAbs.item() as number;
  return mismatchMsg(
    identifier,
    `Mismatched elements: ${total} / ${n} (${pyPercent(total / n)})`,
    [absDiff.dtype === "int64" ? pyNum(absV) : pyFloat(absV), unravel(absIdx.item() as number, a.shape)],
    atol,
    [pyFloat(maxRel.item() as number), unravel(relIdx.item() as number, a.shape)],
    rtol,
  );
}

// _compare_regular_values_close: isclose in the widest dtype of the kind; identifier replaces
// "Tensor-likes" / "Scalars" where given.
function compareValuesClose(
  actual: Tensor,
  expected: Tensor,
  rtol: number,
  atol: number,
  equalNan: boolean,
  id: Id,
  identifier?: string,
): void {
  const wide: DType = actual.isComplex() ? "complex128" : actual.isFloatingPoint() ? "float64" : "int64";
  const a = actual.to(wide);
  const b = expected.to(wide);
  const matches = a.isclose(b, rtol, atol, equalNan);
  if (matches.all().item()) return;
  const msg =
    a.dim() === 0
      ? scalarMismatchMsg(a, b, rtol, atol, identifier ?? "Scalars")
      : tensorMismatchMsg(a, b, matches, rtol, atol, identifier ?? "Tensor-likes");
  throw new ErrorMeta(AssertionError, msg, id);
}

const COMPRESSED: Record<string, [string, string, string]> = {
  sparse_csr: ["CSR", "crow_indices", "col_indices"],
  sparse_csc: ["CSC", "ccol_indices", "row_indices"],
  sparse_bsr: ["BSR", "crow_indices", "col_indices"],
  sparse_bsc: ["BSC", "ccol_indices", "row_indices"],
};
const SUPPORTED_LAYOUTS = ["strided", "sparse_coo", ...Object.keys(COMPRESSED)];

// TensorLikePair.compare: attributes, then (off the meta device) the values of the equalized tensors.
function compareTensors(actual: Tensor, expected: Tensor, o: AssertCloseOptions, rtol: number, atol: number, id: Id) {
  const mismatch = (attr: string, a: string, b: string) => {
    throw new ErrorMeta(AssertionError, `The values for attribute '${attr}' do not match: ${a} != ${b}.`, id);
  };
  if (actual.shape.join() !== expected.shape.join()) mismatch("shape", pySize(actual.shape), pySize(expected.shape));
  if (actual.layout !== expected.layout) {
    if (o.checkLayout ?? true) mismatch("layout", `torch.${actual.layout}`, `torch.${expected.layout}`);
  } else if (actual.layout === "strided" && o.checkStride && actual.stride().join() !== expected.stride().join()) {
    mismatch("stride()", pyIndex(actual.stride()), pyIndex(expected.stride()));
  }
  // str(torch.device): cpu, meta, cuda:0.
  if ((o.checkDevice ?? true) && actual.device !== expected.device) mismatch("device", actual.device, expected.device);
  if ((o.checkDtype ?? true) && actual.dtype !== expected.dtype)
    mismatch("dtype", `torch.${actual.dtype}`, `torch.${expected.dtype}`);
  if (actual.device === "meta" || expected.device === "meta") return;
  // _equalize_attributes
  let a = actual.detach();
  let b = expected.detach();
  if (a.device !== b.device) [a, b] = [a.cpu(), b.cpu()];
  if (a.dtype !== b.dtype) {
    const dt = promoteTypes(a.dtype, b.dtype) as DType;
    [a, b] = [a.to(dt), b.to(dt)];
  }
  if (a.layout !== b.layout) {
    if (a.layout !== "strided") a = a.toDense();
    if (b.layout !== "strided") b = b.toDense();
  }
  const equalNan = o.equalNan ?? false;
  if (a.layout === "sparse_coo") {
    if (a.sparseDim() !== b.sparseDim())
      throw new ErrorMeta(
        AssertionError,
        `The number of sparse dimensions in sparse COO tensors does not match: ${a.sparseDim()} != ${b.sparseDim()}`,
        id,
      );
    if (a._nnz() !== b._nnz())
      throw new ErrorMeta(
        AssertionError,
        `The number of specified values in sparse COO tensors does not match: ${a._nnz()} != ${b._nnz()}`,
        id,
      );
    compareValuesClose(a._indices(), b._indices(), 0, 0, false, id, "Sparse COO indices");
    compareValuesClose(a._values(), b._values(), rtol, atol, equalNan, id, "Sparse COO values");
    return;
  }
  const compressed = COMPRESSED[a.layout];
  if (compressed) {
    const [format, compressedName, plainName] = compressed;
    if (a._nnz() !== b._nnz())
      throw new ErrorMeta(
        AssertionError,
        `The number of specified values in sparse ${format} tensors does not match: ${a._nnz()} != ${b._nnz()}`,
        id,
      );
    const indices = (t: Tensor, name: string) =>
      name === "crow_indices"
        ? t.crowIndices()
        : name === "ccol_indices"
          ? t.ccolIndices()
          : name === "col_indices"
            ? t.colIndices()
            : t.rowIndices();
    compareValuesClose(
      indices(a, compressedName),
      indices(b, compressedName),
      0,
      0,
      false,
      id,
      `Sparse ${format} ${compressedName}`,
    );
    compareValuesClose(indices(a, plainName), indices(b, plainName), 0, 0, false, id, `Sparse ${format} ${plainName}`);
    compareValuesClose(a.values(), b.values(), rtol, atol, equalNan, id, `Sparse ${format} values`);
    return;
  }
  compareValuesClose(a, b, rtol, atol, equalNan, id);
}

// NumberPair.compare, in libtorch: a number is an int (int64) when integral, else a float (float64), a Complex
// is a complex (complex128). JS has one number type, so int and float are not told apart by check_dtype.
function compareNumbers(
  actual: number | Complex,
  expected: number | Complex,
  o: AssertCloseOptions,
  rtol: number,
  atol: number,
  id: Id,
): void {
  const isComplex = actual instanceof Complex || expected instanceof Complex;
  if ((o.checkDtype ?? true) && actual instanceof Complex !== expected instanceof Complex)
    throw new ErrorMeta(AssertionError, `The (d)types do not match: ${pyType(actual)} != ${pyType(expected)}.`, id);
  const isInt = !isComplex && Number.isInteger(actual) && Number.isInteger(expected);
  const dtype: DType = isComplex ? "complex128" : isInt ? "int64" : "float64";
  const a = creation.tensor(actual as number, { dtype });
  const b = creation.tensor(expected as number, { dtype });
  if (a.eq(b).item()) return;
  if ((o.equalNan ?? false) && a.isnan().item() && b.isnan().item()) return;
  const absDiff = a.sub(b).abs().to("float64");
  const tolerance = b.abs().to("float64").mul(rtol).add(atol);
  if (absDiff.isfinite().item() && absDiff.le(tolerance).item()) return;
  throw new ErrorMeta(AssertionError, scalarMismatchMsg(a, b, rtol, atol, "Scalars"), id);
}

type Pair = () => void;

const isNumberLike = (v: unknown): v is number | Complex => typeof v === "number" || v instanceof Complex;

// originate_pairs: walks sequences (arrays) and mappings (plain objects, Maps) and makes one comparison per leaf
// with the first pair type that takes the inputs (NonePair, BooleanPair, NumberPair, TensorLikePair).
function originate(actual: unknown, expected: unknown, o: AssertCloseOptions, id: Id, pairs: Pair[]): void {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    if (actual.length !== expected.length)
      throw new ErrorMeta(
        AssertionError,
        `The length of the sequences mismatch: ${actual.length} != ${expected.length}`,
        id,
      );
    actual.forEach((a, i) => {
      originate(a, expected[i], o, [...id, i], pairs);
    });
    return;
  }
  if (isMapping(actual) && isMapping(expected)) {
    const ka = mapKeys(actual);
    const kb = mapKeys(expected);
    const missing = kb.filter((k) => !ka.includes(k));
    const additional = ka.filter((k) => !kb.includes(k));
    if (missing.length > 0 || additional.length > 0) {
      const list = (keys: Key[]) => `[${pySorted(keys).map(pyKey).join(", ")}]`;
      throw new ErrorMeta(
        AssertionError,
        `The keys of the mappings do not match:\nMissing keys in the actual mapping: ${list(missing)}\nAdditional keys in the actual mapping: ${list(additional)}`,
        id,
      );
    }
    for (const k of pySorted(ka)) originate(mapGet(actual, k), mapGet(expected, k), o, [...id, k], pairs);
    return;
  }
  const isNone = (v: unknown) => v === null || v === undefined;
  if (isNone(actual) || isNone(expected)) {
    pairs.push(() => {
      if (!(isNone(actual) && isNone(expected)))
        throw new ErrorMeta(AssertionError, `None mismatch: ${pyStr(actual)} is not ${pyStr(expected)}`, id);
    });
    return;
  }
  if (typeof actual === "boolean" && typeof expected === "boolean") {
    // 1.13's BooleanPair does not pass its id on: its message names no item.
    pairs.push(() => {
      if (actual !== expected)
        throw new ErrorMeta(AssertionError, `Booleans mismatch: ${pyStr(actual)} is not ${pyStr(expected)}`, []);
    });
    return;
  }
  const numberLike = (v: unknown) => isNumberLike(v) || typeof v === "boolean";
  if (numberLike(actual) && numberLike(expected)) {
    if (typeof actual === "boolean" || typeof expected === "boolean") {
      // Python's bool is an int, which NumberPair takes and then has no dtype for: its unexpected-error report.
      const name = (v: unknown) => pyType(v).slice(8, -2);
      throw new Error(
        `Originating a NumberPair() at item ${idString(id)} with\n\n${name(actual)}(): ${pyStr(actual)}\n\nand\n\n${name(expected)}(): ${pyStr(expected)}\n\nresulted in the unexpected exception above. If you are a user and see this message during normal operation please file an issue at https://github.com/pytorch/pytorch/issues. If you are a developer and working on the comparison functions, please except the previous error and raise an expressive \`ErrorMeta\` instead.`,
      );
    }
    const dt = (v: number | Complex) =>
      v instanceof Complex ? "complex128" : Number.isInteger(v) ? "int64" : "float64";
    const [rtol, atol] = tolerances([dt(actual as number | Complex), dt(expected as number | Complex)], o, id);
    pairs.push(() => compareNumbers(actual as number | Complex, expected as number | Complex, o, rtol, atol, id));
    return;
  }
  if (
    actual instanceof Tensor &&
    expected instanceof Tensor &&
    ((o.allowSubclasses ?? true) || actual.constructor === expected.constructor)
  ) {
    for (const t of [actual, expected])
      if (!SUPPORTED_LAYOUTS.includes(t.layout))
        throw new ErrorMeta(ValueError, `Unsupported tensor layout torch.${t.layout}`, id);
    const [rtol, atol] = tolerances([actual.dtype, expected.dtype], o, id);
    pairs.push(() => compareTensors(actual, expected, o, rtol, atol, id));
    return;
  }
  throw new ErrorMeta(
    TypeError,
    `No comparison pair was able to handle inputs of type ${pyType(actual)} and ${pyType(expected)}.`,
    id,
  );
}

/**
 * torch.testing.assert_close: throws an {@link AssertionError} with PyTorch's message unless `actual` and
 * `expected` are close: tensors (same shape, dtype, device and layout unless told otherwise; values
 * within rtol/atol, defaults by dtype; sparse tensors by their indices and values), numbers and Complex
 * numbers, booleans, null, and arrays or objects (Maps) of them, element by element.
 */
export function assertClose(actual: unknown, expected: unknown, o: AssertCloseOptions = {}): void {
  checkKwargs(o, ASSERT_KEYS, "assert_close");
  const pairs: Pair[] = [];
  try {
    originate(actual, expected, o, [], pairs);
  } catch (e) {
    if (e instanceof ErrorMeta) throw e.toError();
    throw e;
  }
  let first: ErrorMeta | undefined;
  for (const compare of pairs) {
    try {
      compare();
    } catch (e) {
      if (!(e instanceof ErrorMeta)) throw e;
      first ??= e;
    }
  }
  if (first) throw first.toError(o.msg);
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
export function makeTensor(shape: number | number[], o: MakeTensorOptions): Tensor;
/** The shape as separate sizes, as Python's make_tensor(2, 3, dtype=...). */
export function makeTensor(...sizesAndOptions: [...number[], MakeTensorOptions]): Tensor;
export function makeTensor(...args: unknown[]): Tensor {
  const o = args[args.length - 1] as MakeTensorOptions;
  checkKwargs(o, MAKE_KEYS, "make_tensor");
  const dims = args.slice(0, -1);
  const size = (dims.length === 1 && Array.isArray(dims[0]) ? dims[0] : dims) as number[];
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
