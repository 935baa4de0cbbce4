// Python's str() of the values that module reprs print, so toString() reads like PyTorch's.

/** str(float): 0.1, 1e-05, 1.0 */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Number.isInteger(x) && Math.abs(x) < 1e16) return x.toFixed(1);
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e16) return String(x);
  return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
}

/** str() of a value as the module stored it: ints stay ints, tuples print as (a, b). */
export function py(v: unknown, asFloat = false): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return asFloat ? pyFloat(v) : Number.isInteger(v) ? String(v) : pyFloat(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${py(v[0])},)` : `(${v.map((x) => py(x)).join(", ")})`;
  return String(v);
}

/** str(torch.Size([...])) */
export function pySize(shape: number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

const TENSOR_TYPES: Record<string, string> = {
  float32: "FloatTensor",
  float64: "DoubleTensor",
  float16: "HalfTensor",
  bfloat16: "BFloat16Tensor",
  int64: "LongTensor",
  int32: "IntTensor",
  int16: "ShortTensor",
  int8: "CharTensor",
  uint8: "ByteTensor",
  bool: "BoolTensor",
};

/** torch.typename(): "torch.FloatTensor" for a float tensor, "int"/"float"/"str" for plain values. */
export function pyTypename(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "string") return "str";
  if (Array.isArray(v)) return "list";
  const t = v as { dtype?: unknown; device?: unknown; isDisposed?: unknown };
  if (typeof t.dtype === "string" && typeof t.device === "string" && typeof t.isDisposed === "boolean") {
    return `torch.${t.device.startsWith("cuda") ? "cuda." : ""}${TENSOR_TYPES[t.dtype] ?? "Tensor"}`;
  }
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

/** '{:.Nf}'.format(x): as toFixed, but an exact tie rounds to even as Python does (0.0625 -> "0.062"). */
export function pyFixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  if (!Number.isFinite(x)) return s;
  // An exact tie has a finite expansion ending in that 5; 20 digits tell it from its neighbours.
  const exact = Math.abs(x).toFixed(20);
  const dot = exact.indexOf(".");
  const rest = exact.slice(dot + 1 + digits);
  if (!/^50*$/.test(rest)) return s;
  const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, "");
  const last = Number(kept[kept.length - 1]);
  if (last % 2 !== 0) return s;
  return (x < 0 ? "-" : "") + kept;
}

/** str() of a (nested) list of numbers: [[64, 128], []] */
export function pyList(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(pyList).join(", ")}]`;
  if (typeof v === "string") return `'${v}'`;
  return py(v);
}
