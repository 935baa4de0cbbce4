// Tensor creation with PyTorch's names and dtype inference.

import { callAten, withOut } from "./aten";
import { Complex } from "./complex";
import { defaultComplexDtype, getDefaultDtype } from "./default_dtype";
import { checkDevice, type DeviceLike } from "./device";
import {
  checkDtype,
  type DType,
  type DTypeLike,
  dtypeOfTypedArray,
  isComplexDtype,
  LAYOUTS,
  type Layout,
  SCALAR_TYPE,
  SCALAR_TYPE_NAME,
} from "./dtype";
import { ValueError } from "./errors";
import { type DtypeCode, type Handle, type MemoryFormatName as MemoryFormat, native } from "./native";
import type { Generator } from "./random";
import { checkScalar, type NestedArray, type Scalar, Tensor } from "./tensor";
import { checkInt, checkIntList, checkNumber } from "./utils/check";
import { checkKwargs, isOptions, pythonCall } from "./utils/kwargs";
import { pyTypename } from "./utils/pyrepr";
import { warn } from "./warnings";

/**
 * Keyword arguments of the creation functions (PyTorch's `dtype=`, `device=`, `requires_grad=`); other keys are TypeErrors.
 */
export interface TensorOptions {
  /** The element type (default: inferred from the data, or float32). */
  dtype?: DTypeLike;
  /** Where to allocate: "cpu" (default), "cuda", "cuda:1", or a torch.device. */
  device?: DeviceLike;
  /** Record operations on the new tensor for autograd (default false). */
  requiresGrad?: boolean;
  /**
   * Python's layout=: "strided" (the default), or a sparse layout where PyTorch's factory makes one
   * (zeros and empty with "sparse_coo" or "sparse_csr"); other factories refuse it with PyTorch's error.
   */
  layout?: Layout;
}

const TENSOR_OPTIONS = ["dtype", "device", "requiresGrad", "layout"] as const;
/** torch.empty's options: {@link TensorOptions} and a memory format (Python's memory_format=). */
export interface EmptyOptions extends TensorOptions {
  memoryFormat?: MemoryFormat;
}
const RANDOM_OPTIONS = [...TENSOR_OPTIONS, "generator"] as const;

/** The options of the random factories (rand, randn, randint, randperm): {@link TensorOptions} and a generator. */
export interface RandomOptions extends TensorOptions {
  /** Draw from this generator instead of the default one (Python's generator=). */
  generator?: Generator | null;
}

// A random factory with generator=: aten's generator overload, called as Python calls it.
function withGenerator(op: string, values: unknown[], o: RandomOptions, dtype?: DTypeLike): Tensor {
  const kw: Record<string, unknown> = { generator: o.generator };
  const d = o.dtype ?? dtype;
  if (d !== undefined) kw.dtype = checkDtype(d);
  if (o.device !== undefined) kw.device = checkDevice(o.device);
  const t = callAten(op, op, undefined, [...values, kw]) as Tensor;
  if (o.requiresGrad) t.requiresGrad_(true);
  return t;
}

function opts(o: TensorOptions | undefined, fn: string, random = false): [number, string | undefined] {
  if (o !== undefined && (o === null || typeof o !== "object")) throw new TypeError("options must be an object");
  checkKwargs(o, random ? RANDOM_OPTIONS : TENSOR_OPTIONS, fn);
  if (o?.layout !== undefined && o.layout !== "strided") {
    checkLayout(o.layout, fn);
    throw new Error(`${fn}(): layout=torch.${o.layout} is not supported by torchts; only torch.strided`);
  }
  const d = o?.dtype === undefined ? -1 : SCALAR_TYPE[checkDtype(o.dtype)];
  return [d, o?.device === undefined ? undefined : checkDevice(o.device)];
}

function checkLayout(layout: unknown, fn: string): void {
  if (!(LAYOUTS as readonly unknown[]).includes(layout))
    throw new TypeError(`${fn}(): argument 'layout' must be torch.layout, not ${pyTypename(layout)}`);
}

// layout= other than strided (torch.zeros(2, 3, layout=torch.sparse_coo)): the aten operator with the
// layout, which makes it or refuses it as PyTorch does. undefined: the caller's native path.
function sparseFactory(op: string, args: unknown[], o: TensorOptions | undefined, random = false): Tensor | undefined {
  if (o?.layout === undefined || o.layout === "strided") return undefined;
  checkKwargs(o, random ? RANDOM_OPTIONS : TENSOR_OPTIONS, op);
  checkLayout(o.layout, op);
  return callAten(op, op, undefined, [...args, o]) as Tensor;
}

// Python's size forms: `zeros([2, 3])`, `zeros(2, 3)` (varargs), `zeros({ size: [2, 3] })`, each
// optionally followed by the options object.
function sizeArgs(args: unknown[], fn: string): [number | number[], TensorOptions | undefined] {
  let o: TensorOptions | undefined;
  let rest = args;
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && !Array.isArray(last)) {
    rest = args.slice(0, -1);
    const { size, ...others } = last as TensorOptions & { size?: number | number[] };
    if (size !== undefined) {
      if (rest.length > 0) throw new TypeError(`${fn}() got multiple values for argument 'size'`);
      rest = [size];
    }
    o = others;
  }
  if (rest.length === 1 && (Array.isArray(rest[0]) || typeof rest[0] === "number")) return [rest[0] as number[], o];
  if (rest.length === 0) throw new TypeError(`${fn}() missing 1 required positional arguments: "size"`);
  for (const v of rest)
    if (typeof v !== "number") throw new TypeError(`${fn}(): argument 'size' must be tuple of ints, not ${typeof v}`);
  return [rest as number[], o];
}

function finish(h: number, o: TensorOptions | undefined): Tensor {
  const t = new Tensor(h);
  if (o?.requiresGrad) {
    // The factories' words for it (python_variable's requires_grad= check), not requires_grad_()'s.
    if (!t.isFloatingPoint() && !t.isComplex())
      throw new Error("Only Tensors of floating point and complex dtype can require gradients");
    t.requiresGrad_(true);
  }
  return t;
}

function shapeOf(shape: number | number[]): number[] {
  if (typeof shape === "number") return [checkInt(shape, "size")];
  return checkIntList(shape, "size");
}

// Integer dtypes' ranges as PyTorch checks a Python scalar against them (c10::overflows): an integer
// (a JS integer within ±2^53, Python's int) may wrap into an unsigned type from -max..max; a float must
// lie within lowest..max (compared in double), and NaN and infinities never fit.
const INT_RANGE: Record<string, [number, number]> = {
  uint8: [0, 255],
  int8: [-128, 127],
  int16: [-32768, 32767],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [-(2 ** 63), 2 ** 63],
};
const NAME_OF_CODE = Object.fromEntries(Object.entries(SCALAR_TYPE).map(([k, v]) => [v, k]));

/** A JS number Python would have written as an int: an integer within ±2^53, and not -0. */
function isIntLike(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) <= 2 ** 53 && !Object.is(v, -0);
}

/** An integer argument as Python's int: a JS integer, or a bigint (exact over int64; native checks the range). */
function intOrBig(v: unknown, what: string): number {
  return (typeof v === "bigint" ? v : checkInt(v, what)) as number;
}

function checkOverflow(values: number[], target: number): void {
  const name = NAME_OF_CODE[target];
  const range = INT_RANGE[name];
  if (!range) return;
  const [lo, hi] = range;
  for (const v of values) {
    const isInt = Number.isInteger(v) && Math.abs(v) <= 2 ** 53;
    const ok = isInt && lo === 0 ? v >= -hi && v <= hi : v >= lo && v <= hi;
    if (!ok) throw new Error(`value cannot be converted to type ${name} without overflow`);
  }
}

/**
 * torch.tensor: a new tensor holding a copy of `data`.
 *
 * The dtype follows PyTorch's inference: integers give int64, any fraction gives float32 (the
 * default dtype), booleans give bool. A TypedArray keeps its own dtype (Float64Array: float64,
 * Int32Array: int32, Uint8Array: uint8, ...), which PyTorch has no counterpart for.
 *
 * @param data - a number, a boolean, nested arrays of them, or a TypedArray (a 1-d tensor).
 * @param o - {@link TensorOptions}: `dtype`, `device`, `requiresGrad`.
 * @throws TypeError for an unknown option key; Error when a value overflows the requested dtype.
 * @example
 * ```ts
 * const a = torch.tensor([[1, 2], [3, 4]]);                  // int64, shape [2, 2]
 * const b = torch.tensor([0.5, 1.5], { device: "cuda" });     // float32 on the GPU
 * const c = torch.tensor(new Float64Array([1, 2, 3]));        // float64
 * const w = torch.tensor([1.0, 2.0], { requiresGrad: true });
 * ```
 */
export function tensor(data: NestedArray | ArrayBufferView, o?: TensorOptions): Tensor {
  const [dt, dev] = opts(o, "tensor");
  if (ArrayBuffer.isView(data)) {
    const src = dtypeOfTypedArray(data);
    if (!src) {
      if (data instanceof Uint16Array && (o?.dtype === "float16" || o?.dtype === "bfloat16")) {
        const f = { srcDtype: SCALAR_TYPE[o.dtype], shape: [data.length], device: dev };
        return finish(native.fromBuffer(data, f), o);
      }
      throw new TypeError(`unsupported typed array ${data.constructor.name}`);
    }
    const shape = [(data as Float32Array).length];
    return finish(native.fromBuffer(data, { srcDtype: SCALAR_TYPE[src], shape, dtype: dt, device: dev }), o);
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (Array.isArray(probe)) {
    // PyTorch's MAX_DIMS (torch/csrc/utils/tensor_new.cpp); also what stops a self-containing array.
    if (shape.length === 128) throw new ValueError("too many dimensions 'list'");
    shape.push(probe.length);
    probe = probe[0];
  }
  const flat: Array<number | bigint | boolean | Complex> = [];
  // Python's inference: all booleans give bool; booleans mixed with numbers count as ints (True is 1).
  let kind = "bool" as "bool" | "int" | "float" | "complex";
  let seenAny = false;
  const path: unknown[] = [];
  const walk = (v: unknown, d: number) => {
    if (Array.isArray(v) && path.includes(v)) throw new TypeError("new(): self-referential lists are incompatible");
    if (d === shape.length) {
      if (typeof v === "number" || v instanceof Complex) {
        // A JS number beyond ±2^53 is a float (it cannot be told from an int64 there, and int64 wraps);
        // so is -0, which no Python int is (torch.tensor([-0.0]) is a float tensor).
        if (v instanceof Complex || kind === "complex") kind = "complex";
        else kind = kind === "float" || !isIntLike(v) ? "float" : "int";
      } else if (typeof v === "bigint") {
        // a BigInt is Python's int, exact over int64 (torch.iinfo("int64").max)
        if (kind === "bool") kind = "int";
      } else if (typeof v === "boolean") {
        // a boolean leaves the kind as it is
      } else if (Array.isArray(v)) {
        throw new TypeError("'list' object cannot be interpreted as an integer");
      } else throw new TypeError(`new(): invalid data type '${pyTypename(v)}'`);
      seenAny = true;
      flat.push(v);
      return;
    }
    if (!Array.isArray(v)) throw new TypeError(`expected a sequence at depth ${d}, got ${typeof v}`);
    if (v.length !== shape[d]) throw new Error(`expected sequence of length ${shape[d]} at dim ${d} (got ${v.length})`);
    path.push(v);
    for (const x of v) walk(x, d + 1);
    path.pop();
  };
  walk(data, 0);
  if (!seenAny) kind = "float";
  // Booleans among numbers are the ints 0 and 1.
  if (kind !== "bool") for (const [k, v] of flat.entries()) if (typeof v === "boolean") flat[k] = Number(v);
  // BigInts: exact int64 data among ints (with Python's overflow error past int64), else their numbers.
  const bigints = flat.some((v) => typeof v === "bigint");
  if (bigints && kind !== "int") for (const [k, v] of flat.entries()) if (typeof v === "bigint") flat[k] = Number(v);
  // Fractions take the default dtype (torch.set_default_dtype), complex values the matching complex one.
  const natural: DType =
    kind === "bool"
      ? "bool"
      : kind === "int"
        ? "int64"
        : kind === "float"
          ? getDefaultDtype()
          : dt >= 0 && isComplexDtype(NAME_OF_CODE[dt] as DType)
            ? (NAME_OF_CODE[dt] as DType)
            : defaultComplexDtype();
  let buf: ArrayBufferView;
  const isComplex = kind === "complex";
  if (natural === "bool") buf = Uint8Array.from(flat as boolean[], (b) => (b ? 1 : 0));
  else if (isComplex) {
    // Interleaved (real, imag) pairs, read as complex128.
    const pairs = new Float64Array(2 * flat.length);
    flat.forEach((v, k) => {
      pairs[2 * k] = v instanceof Complex ? v.real : (v as number);
      pairs[2 * k + 1] = v instanceof Complex ? v.imag : 0;
    });
    buf = pairs;
  } else if (bigints && kind === "int") {
    buf = BigInt64Array.from(flat as Array<number | bigint>, (v) => {
      const b = BigInt(v);
      if (b !== BigInt.asIntN(64, b)) throw new Error("Overflow when unpacking long");
      return b;
    });
  } else buf = Float64Array.from(flat as number[]);
  const srcType =
    SCALAR_TYPE[
      natural === "bool" ? "bool" : isComplex ? "complex128" : buf instanceof BigInt64Array ? "int64" : "float64"
    ];
  const target = dt >= 0 ? dt : SCALAR_TYPE[natural];
  if (isComplex && target === SCALAR_TYPE.bool) {
    // complex values as bools: nonzero real or imaginary part (torch.tensor([1j], dtype=torch.bool))
    const bools = Uint8Array.from(flat, (v) =>
      (v instanceof Complex ? v.real !== 0 || v.imag !== 0 : v !== 0) ? 1 : 0,
    );
    return finish(native.fromBuffer(bools, { srcDtype: SCALAR_TYPE.bool, shape, dtype: target, device: dev }), o);
  }
  if (isComplex && !isComplexDtype(NAME_OF_CODE[target] as DType))
    throw new TypeError("must be real number, not complex");
  if (kind === "int" || kind === "float") checkOverflow(flat.map(Number), target);
  return finish(native.fromBuffer(buf, { srcDtype: srcType, shape, dtype: target, device: dev }), o);
}

/**
 * torch.zeros: a tensor filled with 0.
 *
 * @param shape - the sizes: an array, a single number for 1-d, or PyTorch's varargs form `zeros(2, 3)`.
 * @param o - {@link TensorOptions}; float32 by default.
 */
export function zeros(shape: number | number[], o?: TensorOptions): Tensor;
/** PyTorch's varargs form: `zeros(2, 3)`, `zeros(2, 3, { dtype })`. */
export function zeros(...sizeAndOptions: Array<number | TensorOptions>): Tensor;
export function zeros(...args: unknown[]): Tensor {
  const [shape, o] = sizeArgs(args, "zeros");
  const sparse = sparseFactory("zeros", [shapeOf(shape)], o);
  if (sparse) return sparse;
  const [d, v] = opts(o, "zeros");
  return finish(native.zeros(shapeOf(shape), d, v), o);
}
/**
 * torch.ones: a tensor filled with 1.
 *
 * @param shape - the sizes (an array, or a number for 1-d).
 * @param o - {@link TensorOptions}; float32 by default.
 */
export function ones(shape: number | number[], o?: TensorOptions): Tensor;
/** PyTorch's varargs form: `ones(2, 3)`, `ones(2, 3, { dtype })`. */
export function ones(...sizeAndOptions: Array<number | TensorOptions>): Tensor;
export function ones(...args: unknown[]): Tensor {
  const [shape, o] = sizeArgs(args, "ones");
  const sparse = sparseFactory("ones", [shapeOf(shape)], o);
  if (sparse) return sparse;
  const [d, v] = opts(o, "ones");
  return finish(native.ones(shapeOf(shape), d, v), o);
}
/**
 * torch.empty: a tensor with uninitialized data.
 *
 * @param shape - the sizes (an array, or a number for 1-d).
 * @param o - {@link TensorOptions}; float32 by default.
 */
export function empty(shape: number | number[], o?: EmptyOptions): Tensor;
/** PyTorch's varargs form: `empty(2, 3)`, `empty(2, 3, { dtype })`. */
export function empty(...sizeAndOptions: Array<number | EmptyOptions>): Tensor;
export function empty(...args: unknown[]): Tensor {
  const [shape, o] = sizeArgs(args, "empty");
  const sparse = sparseFactory("empty", [shapeOf(shape)], o);
  if (sparse) return sparse;
  // memory_format= (channels_last & co.): aten::empty with the format's strides.
  if ((o as EmptyOptions | undefined)?.memoryFormat !== undefined) {
    const { memoryFormat, requiresGrad, ...rest } = o as EmptyOptions;
    opts(rest, "empty");
    const kw = requiresGrad === undefined ? { ...rest, memoryFormat } : { ...rest, memoryFormat, requiresGrad };
    return callAten("empty", "empty", undefined, [shapeOf(shape), kw]) as Tensor;
  }
  const [d, v] = opts(o, "empty");
  return finish(native.empty(shapeOf(shape), d, v), o);
}
/**
 * torch.full: a tensor filled with `value`.
 *
 * The dtype is inferred from `value` as in PyTorch (bool, int64, float32 or complex64) unless `o.dtype` is given.
 *
 * @param shape - the sizes (an array, or a number for 1-d).
 * @param value - the fill value.
 * @param o - {@link TensorOptions}.
 */
function fullImpl(shape: number | number[], value: Scalar, o?: TensorOptions): Tensor {
  checkScalar(value);
  const inferred: DType =
    typeof value === "boolean"
      ? "bool"
      : value instanceof Complex
        ? getDefaultDtype() === "float64"
          ? "complex128"
          : "complex64"
        : typeof value === "bigint" || (Number.isInteger(value) && !Object.is(value, -0))
          ? "int64"
          : getDefaultDtype();
  const sparse = sparseFactory("full", [shapeOf(shape), value], o);
  if (sparse) return sparse;
  const [d, v] = opts({ dtype: inferred, ...o }, "full");
  return finish(native.full(shapeOf(shape), value, d, v), o);
}
/** torch.full, also with Python's `out=` (the operator's out overload; the out tensor's dtype wins). */
export const full = withOut("full", "full", fullImpl, true);
/**
 * torch.rand: samples from the uniform distribution on [0, 1).
 *
 * @param shape - the sizes (an array, or a number for 1-d).
 * @param o - {@link TensorOptions}; float32 by default.
 */
export function rand(shape: number | number[], o?: RandomOptions): Tensor;
/** PyTorch's varargs form: `rand(2, 3)`, `rand(2, 3, { dtype })`. */
export function rand(...sizeAndOptions: Array<number | RandomOptions>): Tensor;
export function rand(...args: unknown[]): Tensor {
  const [shape, o] = sizeArgs(args, "rand");
  const sparse = sparseFactory("rand", [shapeOf(shape)], o, true);
  if (sparse) return sparse;
  const [d, v] = opts(o, "rand", true);
  if ((o as RandomOptions | undefined)?.generator != null)
    return withGenerator("rand", [shapeOf(shape)], o as RandomOptions);
  return finish(native.rand(shapeOf(shape), d, v), o);
}
/**
 * torch.randn: samples from the standard normal distribution.
 *
 * @param shape - the sizes (an array, or a number for 1-d).
 * @param o - {@link TensorOptions}; float32 by default.
 */
export function randn(shape: number | number[], o?: RandomOptions): Tensor;
/** PyTorch's varargs form: `randn(2, 3)`, `randn(2, 3, { dtype })`. */
export function randn(...sizeAndOptions: Array<number | RandomOptions>): Tensor;
export function randn(...args: unknown[]): Tensor {
  const [shape, o] = sizeArgs(args, "randn");
  const sparse = sparseFactory("randn", [shapeOf(shape)], o, true);
  if (sparse) return sparse;
  const [d, v] = opts(o, "randn", true);
  if ((o as RandomOptions | undefined)?.generator != null)
    return withGenerator("randn", [shapeOf(shape)], o as RandomOptions);
  return finish(native.randn(shapeOf(shape), d, v), o);
}
/**
 * torch.randint: random integers in [low, high); `randint(high, size)` starts at 0, as in PyTorch.
 *
 * @param low - lowest value (inclusive).
 * @param high - highest value (exclusive).
 * @param shape - the sizes (an array, or a number for 1-d).
 * @param o - {@link TensorOptions}; int64 by default.
 */
function randintImpl(low: number, high: number, shape: number | number[], o?: RandomOptions): Tensor;
function randintImpl(high: number, shape: number[], o?: RandomOptions): Tensor;
/** Python's `size=` keyword: `randint(10, { size: [3] })`, `randint(0, 10, { size: [3] })`. */
function randintImpl(high: number, o: RandomOptions & { size: number | number[] }): Tensor;
function randintImpl(low: number, high: number, o: RandomOptions & { size: number | number[] }): Tensor;
function randintImpl(...args: unknown[]): Tensor {
  let values = args;
  let o: TensorOptions | undefined;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    const { low: lo, high: hi, size, ...rest } = last as TensorOptions & Record<string, unknown>;
    values = [...args.slice(0, -1)];
    // Keywords fill the positions after the values given (randint(10, { size: [3] }): high, size).
    for (const kw of [lo, hi, size]) if (kw !== undefined) values.push(kw);
    o = rest;
  }
  let [low, high, shape] = values as [number | undefined, number | number[] | undefined, number | number[] | undefined];
  // randint(high, size): PyTorch's overload without low.
  if (shape === undefined && Array.isArray(high)) [low, high, shape] = [0, low, high];
  if (shape === undefined || high === undefined)
    throw new TypeError('randint() missing 1 required positional arguments: "size"');
  const [d, v] = opts({ dtype: "int64", ...o }, "randint", true);
  if ((o as RandomOptions | undefined)?.generator != null)
    return withGenerator(
      "randint",
      [intOrBig(low ?? 0, "low"), intOrBig(high as number, "high"), shapeOf(shape)],
      o as RandomOptions,
      "int64",
    );
  const r = {
    low: intOrBig(low ?? 0, "low"),
    high: intOrBig(high as number, "high"),
    size: shapeOf(shape),
    dtype: d,
    device: v,
  };
  return finish(native.randint(r), o);
}
/** torch.randint, also with Python's `out=` (the operator's out overload; the out tensor's dtype wins). */
export const randint = withOut("randint", "randint", randintImpl, true);
/**
 * torch.randperm: a random permutation of 0..n-1.
 *
 * @param n - the number of elements.
 * @param o - {@link TensorOptions}; int64 by default.
 */
function randpermImpl(n: number, o?: RandomOptions): Tensor {
  const [d, v] = opts({ dtype: "int64", ...o }, "randperm", true);
  if (o?.generator != null) return withGenerator("randperm", [checkInt(n, "n")], o, "int64");
  return finish(native.randperm(checkInt(n, "n"), d, v), o);
}
/** torch.randperm, also with Python's `out=` (the operator's out overload). */
export const randperm = withOut("randperm", "randperm", randpermImpl, true);
/**
 * torch.range (deprecated in PyTorch, which warns so): start..end inclusive by step, in the default
 * dtype unless given.
 */
export function range(start: number, end: number, step = 1, o: TensorOptions & { out?: Tensor } = {}): Tensor {
  warn(
    "torch.range is deprecated and will be removed in a future release because its behavior is inconsistent with " +
      "Python's range builtin. Instead, use torch.arange, which produces values in [start, end).",
  );
  return rangeOut(start, end, step, o);
}
function rangeImpl(start: number, end: number, step = 1, o: TensorOptions = {}): Tensor {
  const [d, v] = opts({ dtype: getDefaultDtype(), ...o }, "range");
  const t = callAten("range", "range", undefined, [
    checkNumber(start, "start"),
    checkNumber(end, "end"),
    checkNumber(step, "step"),
    { dtype: NAME_OF_CODE[d], ...(v === undefined ? {} : { device: v }) },
  ]) as Tensor;
  return o.requiresGrad ? t.requiresGrad_(true) : t;
}
const rangeOut = withOut("range", "range", rangeImpl, true);
/**
 * torch.as_tensor: `data` as a tensor without a copy when it already is one of that dtype and device
 * (the very object), else converted; arrays become a new tensor.
 */
export function asTensorFrom(
  data: Tensor | NestedArray | ArrayBufferView,
  o: { dtype?: DTypeLike; device?: DeviceLike } = {},
): Tensor {
  checkKwargs(o, ["dtype", "device"], "as_tensor");
  if (data instanceof Tensor) {
    const dtype = o.dtype === undefined ? data.dtype : checkDtype(o.dtype);
    const device = o.device === undefined ? data.device : checkDevice(o.device);
    if (dtype === data.dtype && device === data.device) return data;
    return data.to(device, { dtype });
  }
  return tensor(data, o);
}
/**
 * torch.asarray: like {@link asTensorFrom}; `copy: true` always copies, `requiresGrad` sets the flag on
 * the result.
 */
export function asarray(
  obj: Tensor | NestedArray | ArrayBufferView,
  o: { dtype?: DTypeLike; device?: DeviceLike; copy?: boolean | null; requiresGrad?: boolean } = {},
): Tensor {
  checkKwargs(o, ["dtype", "device", "copy", "requiresGrad"], "asarray");
  if (o.copy === false && !(obj instanceof Tensor))
    throw new ValueError("can't alias arbitrary sequence into a tensor.");
  if (o.copy === false && obj instanceof Tensor) {
    const dtype = o.dtype === undefined ? obj.dtype : checkDtype(o.dtype);
    const device = o.device === undefined ? obj.device : checkDevice(o.device);
    if (device !== obj.device) throw new ValueError(`can't alias tensor from device '${obj.device}' to '${device}'.`);
    if (dtype !== obj.dtype)
      throw new ValueError(
        `can't alias tensor with dtype '${SCALAR_TYPE_NAME[obj.dtype]}' into dtype '${SCALAR_TYPE_NAME[dtype]}'.`,
      );
  }
  let t = asTensorFrom(obj, { dtype: o.dtype, device: o.device });
  if (o.copy === true && obj instanceof Tensor && t === obj) t = obj.clone();
  // requires_grad (default false) is set on the result, an alias included; a non-leaf is detached first.
  const requiresGrad = o.requiresGrad ?? false;
  if (t.requiresGrad !== requiresGrad) {
    if (!t.isLeaf) t = t.detach();
    t.requiresGrad_(requiresGrad);
  }
  return t;
}
/**
 * arange(end) or arange(start, end, step), options last (`arange(5, {dtype})` as PyTorch's keyword form).
 * A bound may be a boolean, an int as in Python (`torch.arange(false, true)` is tensor([0])).
 */
export function arange(end: number | boolean, o?: TensorOptions): Tensor;
/** arange(start, end, {dtype}): Python's keyword form without a step. */
export function arange(start: number | boolean, end: number | boolean, o?: TensorOptions): Tensor;
export function arange(
  start: number | boolean,
  end: number | boolean,
  step?: number | boolean,
  o?: TensorOptions,
): Tensor;
export function arange(...args: Array<number | boolean | TensorOptions | undefined>): Tensor {
  const last = args[args.length - 1];
  let o = typeof last === "object" && last !== null ? (args.pop() as TensorOptions) : undefined;
  // A Python bool is an int here (torch.arange(True) is tensor([0])).
  const pos = (args as Array<number | boolean | undefined>).map(pyNum);
  // Python's keyword forms: arange(end=5), arange(1, end=5, step=2), arange(start=1, end=5).
  const kw = (o ?? {}) as TensorOptions & { start?: number; end?: number; step?: number };
  if (kw.end !== undefined) {
    const { start: s0, end: e0, step: st0, ...rest } = kw;
    o = rest;
    if (pos.length > 1 || (pos.length === 1 && s0 !== undefined))
      throw new TypeError("arange() got multiple values for argument 'start'");
    pos.splice(0, pos.length, pos[0] ?? pyNum(s0) ?? 0, pyNum(e0), pyNum(st0) ?? 1);
  }
  let [start = 0, end, step = 1] = pos;
  if (end === undefined) {
    end = start;
    start = 0;
  }
  checkNumber(start, "start");
  checkNumber(end, "end");
  checkNumber(step, "step");
  const [d, v] = opts(o, "arange");
  return finish(native.arange({ start, end, step, dtype: d, device: v }), o);
}
// Python's bools are ints where a number is expected (arange/linspace/logspace bounds).
function pyNum<T>(v: T): Exclude<T, boolean> | number {
  return typeof v === "boolean" ? Number(v) : (v as Exclude<T, boolean>);
}
/**
 * torch.eye: a 2-d tensor with ones on the diagonal.
 *
 * @param n - the number of rows.
 * @param m - the number of columns (default `n`).
 * @param o - {@link TensorOptions}; float32 by default.
 */
function eyeImpl(n: number, m?: number, o?: TensorOptions): Tensor {
  const [d, v] = opts(o, "eye");
  return finish(native.eye(checkInt(n, "n"), checkInt(m ?? n, "m"), d, v), o);
}
/** torch.eye, also in Python's call forms (keywords for any parameter); see eyeImpl's notes above. */
export const eye = pythonCall(eyeImpl, "eye", "n m? *dtype *device *requiresGrad", 2);
type LikeFn = (t: Handle, dtype: DtypeCode, device: string | undefined) => Handle;
/** The _like factories' options: {@link TensorOptions} and a memory format (Python's memory_format=). */
export interface LikeOptions extends TensorOptions {
  memoryFormat?: MemoryFormat;
}
function like(make: LikeFn, t: Tensor, o: LikeOptions | undefined, fn: string, extra: unknown[] = []): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError("input must be a Tensor");
  // memory_format=: aten's operator with it, which checks it as PyTorch does (only a strided result
  // takes one: "memory format option is only supported by strided tensors").
  if (o !== null && typeof o === "object" && o.memoryFormat !== undefined) {
    const { memoryFormat: _, ...rest } = o;
    checkKwargs(rest, TENSOR_OPTIONS, fn);
    if (rest.layout !== undefined) checkLayout(rest.layout, fn);
    return callAten(fn, fn, undefined, [t, ...extra, o]) as Tensor;
  }
  const sparse = sparseFactory(fn, [t, ...extra], o);
  if (sparse) return sparse;
  const [d, v] = opts(o, fn);
  return finish(make(t.handle, d, v), o);
}
/** torch.zeros_like: zeros with the shape (and, unless `o` says otherwise, dtype and device) of `t`. */
export const zerosLike = (t: Tensor, o?: LikeOptions) => like(native.zerosLike, t, o, "zeros_like");
/** torch.ones_like: ones with the shape, dtype and device of `t` (overridable with `o`). */
export const onesLike = (t: Tensor, o?: LikeOptions) => like(native.onesLike, t, o, "ones_like");
/** torch.empty_like: uninitialized data with the shape, dtype and device of `t` (overridable with `o`). */
export const emptyLike = (t: Tensor, o?: LikeOptions) => like(native.emptyLike, t, o, "empty_like");
/** torch.rand_like: uniform samples on [0, 1) with the shape, dtype and device of `t`. */
export const randLike = (t: Tensor, o?: LikeOptions) => like(native.randLike, t, o, "rand_like");
/** torch.randn_like: standard normal samples with the shape, dtype and device of `t`. */
export const randnLike = (t: Tensor, o?: LikeOptions) => like(native.randnLike, t, o, "randn_like");
/** torch.full_like: `value` everywhere, with the shape, dtype and device of `t`. */
export const fullLike = (t: Tensor, value: Scalar, o?: LikeOptions) => {
  const s = checkScalar(value);
  return like((h, d, v) => native.fullLike(h, s, d, v), t, o, "full_like", [s]);
};

// Python's name of a value's type in the arg parser's messages (a tensor is "Tensor").
const argTypename = (v: unknown) => (v instanceof Tensor ? "Tensor" : pyTypename(v));
function tensorList(ts: Tensor[], what: string): number[] {
  if (!Array.isArray(ts))
    throw new TypeError(`${what}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${argTypename(ts)}`);
  return ts.map((t, i) => {
    if (!(t instanceof Tensor))
      throw new TypeError(`expected Tensor as element ${i} in argument 0, but got ${argTypename(t)}`);
    return t.handle;
  });
}
/**
 * torch.cat: joins tensors along an existing dimension.
 *
 * @param ts - tensors with the same shape except in `dim`.
 * @param dim - the dimension to join along (default 0).
 */
function catImpl(ts: Tensor[], dim = 0): Tensor {
  return new Tensor(native.cat(tensorList(ts, "cat"), checkInt(dim, "dim")));
}
/** torch.cat, also in Python's call forms (keywords for any parameter); see catImpl's notes above. */
export const cat = pythonCall(catImpl, "cat", "tensors dim?") as {
  (tensors: Tensor[], dim?: number): Tensor;
  /** Python's keyword form: torch.cat(tensors, dim=1). */
  (tensors: Tensor[], o: { dim?: number }): Tensor;
};
/**
 * torch.stack: joins tensors of the same shape along a new dimension.
 *
 * @param ts - tensors of the same shape.
 * @param dim - where the new dimension goes (default 0).
 */
function stackImpl(ts: Tensor[], dim = 0): Tensor {
  return new Tensor(native.stack(tensorList(ts, "stack"), checkInt(dim, "dim")));
}
/** torch.stack, also in Python's call forms (keywords for any parameter); see stackImpl's notes above. */
export const stack = pythonCall(stackImpl, "stack", "tensors dim?") as {
  (tensors: Tensor[], dim?: number): Tensor;
  /** Python's keyword form: torch.stack(tensors, dim=1). */
  (tensors: Tensor[], o: { dim?: number }): Tensor;
};
/**
 * torch.where: elements of `a` where `cond` is true and of `b` elsewhere, broadcasting all three.
 *
 * @param cond - a bool tensor.
 * @param a - values where `cond` is true (a tensor or a number).
 * @param b - values where `cond` is false (a tensor or a number).
 */
export function where(cond: Tensor, a: Tensor | Scalar, b: Tensor | Scalar): Tensor {
  if (!(cond instanceof Tensor)) throw new TypeError("condition must be a Tensor");
  if (a instanceof Tensor && b instanceof Tensor) return new Tensor(native.where(cond.handle, a.handle, b.handle));
  // A Scalar (number, boolean or Complex) on either side: aten's where.Scalar / ScalarSelf / ScalarOther, which
  // promote as PyTorch does (torch.where(c, True, 4) is int64, where(c, int16_t, 7.5) float32).
  return callAten("where", "where", undefined, [cond, a, b]) as Tensor;
}
/** torch.manual_seed: seeds the default CPU generator and those of all CUDA devices. */
export function manualSeed(seed: number): void {
  native.manualSeed(checkInt(seed, "seed"));
}
/** torch.set_num_threads: the number of threads libtorch uses for intra-op parallelism on the CPU. */
export function setNumThreads(n: number): void {
  native.setNumThreads(checkInt(n, "n"));
}
/** torch.get_num_threads: the number of threads libtorch uses for intra-op parallelism on the CPU. */
export function getNumThreads(): number {
  return native.getNumThreads();
}

// ---- more factories and sampling (native/tensor_ops.cc)
/** torch.linspace: `steps` evenly spaced values from start to end (inclusive); float32 by default. */
// linspace/logspace with a complex start or end: Python infers the default complex dtype and refuses a passed
// dtype it cannot safely cast to (torch/csrc/utils/python_arg_parser's check), then runs the operator.
function complexSpace(
  fn: "linspace" | "logspace",
  args: unknown[],
  start: unknown,
  end: unknown,
  o: TensorOptions | undefined,
): Tensor | null {
  if (!(start instanceof Complex) && !(end instanceof Complex)) return null;
  const inferred: DType = getDefaultDtype() === "float64" ? "complex128" : "complex64";
  const [d, v] = opts(o, fn);
  const dtype = d < 0 ? inferred : (NAME_OF_CODE[d] as DType);
  if (!isComplexDtype(dtype) || (inferred === "complex128" && dtype !== "complex128"))
    throw new Error(
      `torch.${fn}(): inferred dtype c10::complex<${inferred === "complex64" ? "float" : "double"}> can't be safely ` +
        `cast to passed dtype ${SCALAR_TYPE_NAME[dtype]}`,
    );
  const kw = { dtype, ...(v === undefined ? {} : { device: v }) };
  const t = callAten(fn, fn, undefined, [...args, kw]) as Tensor;
  return o?.requiresGrad ? t.requiresGrad_(true) : t;
}
function missingSteps(fn: string, steps: unknown): void {
  if (steps === undefined) throw new TypeError(`${fn}() missing 1 required positional arguments: "steps"`);
}
function linspaceImpl(start: number | boolean, end: number | boolean, steps: number, o?: TensorOptions): Tensor {
  missingSteps("linspace", steps);
  const c = complexSpace("linspace", [start, end, steps], start, end, o);
  if (c) return c;
  const [d, v] = opts(o, "linspace");
  const h = native.linspace({
    start: checkNumber(pyNum(start), "start"),
    end: checkNumber(pyNum(end), "end"),
    steps: checkInt(steps, "steps"),
    ...(d < 0 ? {} : { dtype: d }),
    ...(v === undefined ? {} : { device: v }),
  });
  return finish(h, o);
}
/** torch.linspace, also in Python's call forms (keywords for any parameter); see linspaceImpl's notes above. */
export const linspace = pythonCall(linspaceImpl, "linspace", "start end steps *dtype *device *requiresGrad", 3);
/** torch.logspace: `steps` values base**x for x evenly spaced from start to end; float32 by default. */
function logspaceImpl(
  start: number | boolean,
  end: number | boolean,
  steps: number,
  base = 10.0,
  o?: TensorOptions,
): Tensor {
  missingSteps("logspace", steps);
  const c = complexSpace("logspace", [start, end, steps, base], start, end, o);
  if (c) return c;
  const [d, v] = opts(o, "logspace");
  const h = native.logspace({
    start: checkNumber(pyNum(start), "start"),
    end: checkNumber(pyNum(end), "end"),
    steps: checkInt(steps, "steps"),
    base: checkNumber(base, "base"),
    ...(d < 0 ? {} : { dtype: d }),
    ...(v === undefined ? {} : { device: v }),
  });
  return finish(h, o);
}
/** torch.logspace, also in Python's call forms (keywords for any parameter); see logspaceImpl's notes above. */
export const logspace = pythonCall(logspaceImpl, "logspace", "start end steps base? *dtype *device *requiresGrad", 4);
/** torch.tril_indices: the [2, n] row/column indices of the lower triangle of a row×col matrix. */
function trilIndicesImpl(row: number, col: number, offset = 0, o?: TensorOptions): Tensor {
  const sparse = sparseFactory("tril_indices", [row, col, offset], o);
  if (sparse) return sparse;
  const [d, v] = opts({ dtype: "int64", ...o }, "tril_indices");
  return finish(native.trilIndices(checkInt(row, "row"), checkInt(col, "col"), checkInt(offset, "offset"), d, v), o);
}
/** torch.tril_indices, also in Python's call forms (keywords for any parameter); see trilIndicesImpl's notes above. */
export const trilIndices = pythonCall(
  trilIndicesImpl,
  "tril_indices",
  "row col offset? *dtype *layout *device *requiresGrad",
  3,
);
/** torch.triu_indices: the [2, n] row/column indices of the upper triangle of a row×col matrix. */
function triuIndicesImpl(row: number, col: number, offset = 0, o?: TensorOptions): Tensor {
  const sparse = sparseFactory("triu_indices", [row, col, offset], o);
  if (sparse) return sparse;
  const [d, v] = opts({ dtype: "int64", ...o }, "triu_indices");
  return finish(native.triuIndices(checkInt(row, "row"), checkInt(col, "col"), checkInt(offset, "offset"), d, v), o);
}
/** torch.triu_indices, also in Python's call forms (keywords for any parameter); see triuIndicesImpl's notes above. */
export const triuIndices = pythonCall(
  triuIndicesImpl,
  "triu_indices",
  "row col offset? *dtype *layout *device *requiresGrad",
  3,
);
/** torch.meshgrid: coordinate grids from 1-D tensors; `indexing` "ij" (matrix, PyTorch 1.13's default) or "xy". */
export function meshgrid(tensors: Tensor[], o?: { indexing?: "ij" | "xy" }): Tensor[];
/** PyTorch's varargs form: meshgrid(x, y, { indexing }). */
export function meshgrid(...tensorsAndOptions: Array<Tensor | { indexing?: "ij" | "xy" }>): Tensor[];
export function meshgrid(...args: unknown[]): Tensor[] {
  const o = (isOptions(args[args.length - 1]) ? args.pop() : {}) as { indexing?: "ij" | "xy" };
  checkKwargs(o, ["indexing"], "meshgrid");
  const hs = tensorList((args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as Tensor[], "meshgrid");
  if (o.indexing === undefined)
    process.emitWarning(
      "torch.meshgrid: in an upcoming release, it will be required to pass the indexing argument.",
      "UserWarning",
    );
  return native.meshgrid(hs, o.indexing ?? "ij").map((h) => new Tensor(h));
}
/** torch.hstack: concatenation along dim 1 (dim 0 for 1-D tensors). */
export function hstack(tensors: Tensor[]): Tensor {
  return new Tensor(native.hstack(tensorList(tensors, "hstack")));
}
/** torch.vstack: concatenation along dim 0 after making 1-D tensors rows. */
export function vstack(tensors: Tensor[]): Tensor {
  return new Tensor(native.vstack(tensorList(tensors, "vstack")));
}
/** torch.dstack: concatenation along dim 2 after making tensors at least 3-D. */
export function dstack(tensors: Tensor[]): Tensor {
  return new Tensor(native.dstack(tensorList(tensors, "dstack")));
}
// The samplers go through their operators' schemas (lib/aten.ts), so every Python form works, the
// keyword ones and generator= included: multinomial(p, 3, { replacement: true, generator: g }).
/** A generator argument: torch.multinomial(..., generator=g). */
export interface GeneratorOption {
  generator?: Generator | null;
}
/** torch.multinomial: `numSamples` indices per row drawn with the row's (unnormalized) weights. */
export function multinomial(input: Tensor, numSamples: number, replacement?: boolean, o?: GeneratorOption): Tensor;
export function multinomial(input: Tensor, numSamples: number, o: GeneratorOption & { replacement?: boolean }): Tensor;
export function multinomial(...args: unknown[]): Tensor {
  return callAten("multinomial", "multinomial", undefined, args) as Tensor;
}
/** torch.bernoulli: 1 with the probability in each element of `input` (or with probability `p`), else 0. */
export function bernoulli(input: Tensor, o?: GeneratorOption): Tensor;
export function bernoulli(input: Tensor, p: number, o?: GeneratorOption): Tensor;
export function bernoulli(...args: unknown[]): Tensor {
  return callAten("bernoulli", "bernoulli", undefined, args) as Tensor;
}
/** torch.poisson: a Poisson sample per element with that element as its rate. */
export function poisson(input: Tensor, o?: GeneratorOption): Tensor {
  return callAten("poisson", "poisson", undefined, [input, ...(o === undefined ? [] : [o])]) as Tensor;
}
/** torch.normal: samples with element-wise `mean` and `std` (tensors or numbers), or numbers and a `size`. */
export function normal(mean: Tensor, std?: Tensor | number, o?: GeneratorOption): Tensor;
export function normal(mean: number, std: Tensor, o?: GeneratorOption): Tensor;
export function normal(mean: number, std: number, size: number | number[], o?: TensorOptions & GeneratorOption): Tensor;
export function normal(...args: unknown[]): Tensor {
  // normal(mean, std, size): Python's parser takes 0-d tensors for the float mean and std.
  if (args.length >= 3 && (typeof args[2] === "number" || Array.isArray(args[2])))
    for (const i of [0, 1]) {
      const a = args[i];
      if (a instanceof Tensor && a.dim() === 0 && !a.requiresGrad) args[i] = a.item();
    }
  const last = args[args.length - 1];
  // With out=, the tensor options are checked against out as for the other factories.
  if (isOptions(last) && last.out != null && ("dtype" in last || "device" in last)) {
    const { dtype, device, ...rest } = last as unknown as TensorOptions & { out: Tensor };
    if (dtype != null && checkDtype(dtype) !== rest.out.dtype)
      throw new Error(
        `dtype ${SCALAR_TYPE_NAME[checkDtype(dtype)]} does not match dtype of out parameter (${SCALAR_TYPE_NAME[rest.out.dtype]})`,
      );
    if (device != null && checkDevice(device) !== rest.out.device)
      throw new Error(`device ${String(device)} does not match device of out parameter (${rest.out.device})`);
    return normal(...(args.slice(0, -1) as [number, number, number[]]), rest);
  }
  // requiresGrad is Python's, not the operator's: applied to the result as torch.normal does.
  if (isOptions(last) && "requiresGrad" in last) {
    const { requiresGrad, ...rest } = last as TensorOptions;
    const t = callAten("normal", "normal", undefined, [...args.slice(0, -1), rest]) as Tensor;
    return requiresGrad ? t.requiresGrad_(true) : t;
  }
  return callAten(
    "normal",
    "normal",
    undefined,
    typeof args[2] === "number" ? [args[0], args[1], [args[2]]] : args,
  ) as Tensor;
}

/** torch.frombuffer's keyword arguments (dtype is required, as in PyTorch). */
export interface FrombufferOptions {
  dtype: DTypeLike;
  /** How many elements (default -1: every element after `offset`). */
  count?: number;
  /** Bytes to skip at the start of the buffer (default 0). */
  offset?: number;
  requiresGrad?: boolean;
}

/**
 * torch.frombuffer(buffer, { dtype, count, offset, requiresGrad }): a 1-d tensor over the bytes of an
 * ArrayBuffer, typed array, Buffer or DataView, sharing them: writes through either side are seen by the
 * other, and the buffer stays alive while the tensor's storage does. PyTorch's checks and messages.
 */
export function frombuffer(buffer: ArrayBuffer | ArrayBufferView, o: FrombufferOptions): Tensor {
  if (!(buffer instanceof ArrayBuffer) && !ArrayBuffer.isView(buffer))
    throw new ValueError("object does not implement Python buffer protocol.");
  if (!isOptions(o) || o.dtype === undefined)
    throw new TypeError('frombuffer() missing 1 required positional arguments: "dtype"');
  checkKwargs(o, ["dtype", "count", "offset", "requiresGrad"], "frombuffer");
  const dtype = checkDtype(o.dtype);
  const count = checkInt(o.count ?? -1, "count");
  const offset = checkInt(o.offset ?? 0, "offset");
  const len = buffer.byteLength;
  const elsize = empty([0], { dtype }).elementSize();
  if (!(len > 0 && count !== 0)) throw new ValueError(`both buffer length (${len}) and count (${count}) must not be 0`);
  if (!(offset >= 0 && offset < len))
    throw new ValueError(
      `offset (${offset} bytes) must be non-negative and no greater than buffer length (${len} bytes) minus 1`,
    );
  if (!(count > 0 || (len - offset) % elsize === 0))
    throw new ValueError(
      `buffer length (${len - offset} bytes) after offset (${offset} bytes) must be a multiple of element size (${elsize})`,
    );
  const actual = count < 0 ? Math.floor((len - offset) / elsize) : count;
  if (offset + actual * elsize > len)
    throw new ValueError(
      `requested buffer length (${actual} * ${elsize} bytes) after offset (${offset} bytes) must not be greater than actual buffer length (${len} bytes)`,
    );
  const t = new Tensor(native.frombuffer(buffer, offset, actual, SCALAR_TYPE[dtype]));
  if (o.requiresGrad) t.requiresGrad_(true);
  return t;
}
