// dtypes: PyTorch's names, ATen's ScalarType numbers, and the typed arrays that carry their bytes.
/**
 * A tensor element type by its canonical torchts name. PyTorch's aliases ("float", "long", "torch.int16", ...)
 * are {@link DTypeLike}; quantized dtypes are not supported. Complex tensors hold their elements as
 * (real, imag) pairs; their scalars are {@link Complex}.
 */
export type DType =
  | "float32"
  | "float64"
  | "float16"
  | "bfloat16"
  | "int64"
  | "int32"
  | "int16"
  | "int8"
  | "uint8"
  | "bool"
  | "complex32"
  | "complex64"
  | "complex128";

export const SCALAR_TYPE: Record<DType, number> = {
  uint8: 0,
  int8: 1,
  int16: 2,
  int32: 3,
  int64: 4,
  float16: 5,
  float32: 6,
  float64: 7,
  complex32: 8,
  complex64: 9,
  complex128: 10,
  bool: 11,
  bfloat16: 15,
};
const BY_NUMBER = new Map<number, DType>(Object.entries(SCALAR_TYPE).map(([k, v]) => [v, k as DType]));

// Every name PyTorch has for a dtype (torch.float32 is torch.float, torch.int16 is torch.short, ...),
// bare or with the "torch." prefix.
const ALIASES: Record<string, DType> = {
  float: "float32",
  double: "float64",
  half: "float16",
  long: "int64",
  int: "int32",
  short: "int16",
  cfloat: "complex64",
  cdouble: "complex128",
  chalf: "complex32",
};
export type DTypeAlias = "float" | "double" | "half" | "long" | "int" | "short" | "cfloat" | "cdouble" | "chalf";
/** A dtype as a PyTorch user writes it: "float32", "float", "torch.float32", "torch.float". */
export type DTypeLike = DType | DTypeAlias | `torch.${DType | DTypeAlias}`;

/** The canonical dtype for a name, or undefined when the name is no dtype. */
export function dtypeFromName(d: string): DType | undefined {
  const bare = d.startsWith("torch.") ? d.slice(6) : d;
  if (Object.hasOwn(SCALAR_TYPE, bare)) return bare as DType;
  if (Object.hasOwn(ALIASES, bare)) return ALIASES[bare];
  return undefined;
}

export function dtypeName(n: number): DType {
  const d = BY_NUMBER.get(n);
  if (!d) throw new Error(`unsupported dtype (ScalarType ${n})`);
  return d;
}

export function checkDtype(d: unknown, what = "dtype"): DType {
  if (typeof d !== "string")
    throw new TypeError(`${what} must be a string such as "float32", got ${d === null ? "null" : typeof d}`);
  const r = dtypeFromName(d);
  if (r === undefined)
    throw new TypeError(`unknown ${what} "${d}"; expected one of ${Object.keys(SCALAR_TYPE).join(", ")}`);
  return r;
}

/** checkDtype's ScalarType number, -1 for undefined (native calls read -1 as "keep"). */
export function scalarTypeOf(d: unknown): number {
  return d === undefined ? -1 : SCALAR_TYPE[checkDtype(d)];
}

export function isFloating(d: DType): boolean {
  return d === "float32" || d === "float64" || d === "float16" || d === "bfloat16";
}

export function isComplexDtype(d: DType): boolean {
  return d === "complex64" || d === "complex128" || d === "complex32";
}

/** The dtype of a complex dtype's parts (torch.view_as_real's dtype): complex64 -> float32. */
export function realPartDtype(d: DType): DType {
  return d === "complex64" ? "float32" : d === "complex128" ? "float64" : d === "complex32" ? "float16" : d;
}

export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array
  | BigInt64Array
  | Uint16Array;

/**
 * The typed array that holds a dtype's bytes (float16/bfloat16 as raw 16-bit words; a complex dtype as
 * interleaved real and imaginary parts, two elements per value).
 */
export function viewBytes(d: DType, buf: ArrayBuffer): TypedArray {
  switch (d) {
    case "float32":
    case "complex64":
      return new Float32Array(buf);
    case "float64":
    case "complex128":
      return new Float64Array(buf);
    case "int64":
      return new BigInt64Array(buf);
    case "int32":
      return new Int32Array(buf);
    case "int16":
      return new Int16Array(buf);
    case "int8":
      return new Int8Array(buf);
    case "uint8":
    case "bool":
      return new Uint8Array(buf);
    case "float16":
    case "bfloat16":
    case "complex32":
      return new Uint16Array(buf);
  }
}

export function dtypeOfTypedArray(a: ArrayBufferView): DType | null {
  if (a instanceof Float32Array) return "float32";
  if (a instanceof Float64Array) return "float64";
  if (a instanceof BigInt64Array) return "int64";
  if (a instanceof Int32Array) return "int32";
  if (a instanceof Int16Array) return "int16";
  if (a instanceof Int8Array) return "int8";
  if (a instanceof Uint8Array) return "uint8";
  return null;
}

/** A tensor layout by PyTorch's name (torch.strided, torch.sparse_coo, ...), c10::Layout's order. */
export const LAYOUTS = [
  "strided",
  "sparse_coo",
  "sparse_csr",
  "mkldnn",
  "sparse_csc",
  "sparse_bsr",
  "sparse_bsc",
] as const;
export type Layout = (typeof LAYOUTS)[number];

/** c10's ScalarType names (torch.float32 is "Float"), as libtorch's messages and type names use them. */
export const SCALAR_TYPE_NAME: Record<DType, string> = {
  float32: "Float",
  float64: "Double",
  float16: "Half",
  bfloat16: "BFloat16",
  int64: "Long",
  int32: "Int",
  int16: "Short",
  int8: "Char",
  uint8: "Byte",
  bool: "Bool",
  complex32: "ComplexHalf",
  complex64: "ComplexFloat",
  complex128: "ComplexDouble",
};
