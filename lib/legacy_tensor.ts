// The legacy tensor types of PyTorch's old scripts: torch.FloatTensor(2, 3), torch.LongTensor([1, 2]),
// isinstance(x, torch.FloatTensor), x.type(torch.DoubleTensor) (torch/csrc/utils/tensor_new.cpp's
// legacy constructor). Each is a function that is also an `instanceof` target.
import { callAten } from "./aten";
import { empty, tensor } from "./creation";
import { setDefaultDtype } from "./default_dtype";
import type { DType } from "./dtype";
import { SCALAR_TYPE_NAME } from "./dtype";
import { type NestedArray, Tensor } from "./tensor";
import { pyTypename } from "./utils/pyrepr";

/** A legacy type: call it as PyTorch's constructor; `x instanceof T` is isinstance(x, T). */
export interface LegacyTensorType {
  (...sizesOrData: Array<number | number[] | NestedArray | Tensor | { device?: string }>): Tensor;
  /** @internal */ readonly _legacy: { dtype: DType; cuda: boolean };
  /** The dtype of its tensors (torch.ByteTensor.dtype is torch.uint8). */
  readonly dtype: DType;
  /** Whether its tensors live on a CUDA device (Python's `is_cuda`). */
  readonly isCuda: boolean;
}

const C_NAME: Partial<Record<DType, string>> = { float32: "float", float64: "double", int64: "long int" };

function construct(dtype: DType, cuda: boolean, args: unknown[], deviceOf?: string): Tensor {
  const last = args[args.length - 1];
  let device = deviceOf ?? (cuda ? "cuda" : "cpu");
  if (last !== null && typeof last === "object" && !Array.isArray(last) && !(last instanceof Tensor)) {
    const { device: d, ...rest } = last as { device?: string };
    const bad = Object.keys(rest);
    if (bad.length > 0) {
      const got = [
        ...args.slice(0, -1).map(pyTypename),
        ...Object.keys(last as object).map(
          (k) => `${k}=${k === "dtype" ? "torch.dtype" : pyTypename((last as Record<string, unknown>)[k])}`,
        ),
      ];
      throw new TypeError(
        `new() received an invalid combination of arguments - got (${got.join(", ")}), but expected one of:\n` +
          " * (*, torch.device device)\n" +
          `      didn't match because some of the keywords were incorrect: ${bad.join(", ")}\n` +
          " * (torch.Storage storage)\n * (Tensor other)\n * (tuple of ints size, *, torch.device device)\n" +
          " * (object data, *, torch.device device)\n",
      );
    }
    if (d !== undefined) device = d;
    args = args.slice(0, -1);
  }
  if (args.length === 0) return empty([0], { dtype, device: device as never });
  const first = args[0];
  if (first instanceof Tensor) {
    if (first.dtype !== dtype || first.device.startsWith("cuda") !== cuda) {
      const opts = (t: string, dev: string) =>
        `TensorOptions(dtype=${t}, device=${dev}, layout=Strided, requires_grad=false (default), pinned_memory=false (default), memory_format=(nullopt))`;
      throw new TypeError(
        `expected ${opts(C_NAME[dtype] ?? dtype, cuda ? "cuda" : "cpu")} (got ${opts(C_NAME[first.dtype] ?? first.dtype, first.device)})`,
      );
    }
    return callAten("alias", "alias", undefined, [first]) as Tensor;
  }
  if (args.every((a) => typeof a === "number" && Number.isInteger(a)))
    return empty(args as number[], { dtype, device: device as never });
  if (args.length === 1 && Array.isArray(first))
    return tensor(first as NestedArray, { dtype, device: device as never });
  throw new TypeError(`new(): data must be a sequence (got ${pyTypename(first)})`);
}

function legacyType(dtype: DType, cuda: boolean): LegacyTensorType {
  const name = `torch.${cuda ? "cuda." : ""}${SCALAR_TYPE_NAME[dtype]}Tensor`;
  const f = (...args: unknown[]) => construct(dtype, cuda, args);
  Object.defineProperty(f, "name", { value: `${SCALAR_TYPE_NAME[dtype]}Tensor` });
  Object.defineProperty(f, "_legacy", { value: { dtype, cuda } });
  Object.defineProperty(f, "dtype", { value: dtype });
  Object.defineProperty(f, "isCuda", { value: cuda });
  Object.defineProperty(f, "toString", { value: () => `<class '${name}'>` });
  Object.defineProperty(f, Symbol.hasInstance, {
    value: (x: unknown) =>
      x instanceof Tensor && x.dtype === dtype && x.layout === "strided" && x.device.startsWith("cuda") === cuda,
  });
  return f as unknown as LegacyTensorType;
}

/** torch.FloatTensor: float32 on the CPU. */
export const FloatTensor = legacyType("float32", false);
/** torch.DoubleTensor: float64 on the CPU. */
export const DoubleTensor = legacyType("float64", false);
/** torch.HalfTensor: float16 on the CPU. */
export const HalfTensor = legacyType("float16", false);
/** torch.BFloat16Tensor: bfloat16 on the CPU. */
export const BFloat16Tensor = legacyType("bfloat16", false);
/** torch.ByteTensor: uint8 on the CPU. */
export const ByteTensor = legacyType("uint8", false);
/** torch.CharTensor: int8 on the CPU. */
export const CharTensor = legacyType("int8", false);
/** torch.ShortTensor: int16 on the CPU. */
export const ShortTensor = legacyType("int16", false);
/** torch.IntTensor: int32 on the CPU. */
export const IntTensor = legacyType("int32", false);
/** torch.LongTensor: int64 on the CPU. */
export const LongTensor = legacyType("int64", false);
/** torch.BoolTensor: bool on the CPU. */
export const BoolTensor = legacyType("bool", false);

/** torch.cuda.FloatTensor & co.: the same types on the current CUDA device. */
export const cudaTypes = {
  FloatTensor: legacyType("float32", true),
  DoubleTensor: legacyType("float64", true),
  HalfTensor: legacyType("float16", true),
  BFloat16Tensor: legacyType("bfloat16", true),
  ByteTensor: legacyType("uint8", true),
  CharTensor: legacyType("int8", true),
  ShortTensor: legacyType("int16", true),
  IntTensor: legacyType("int32", true),
  LongTensor: legacyType("int64", true),
  BoolTensor: legacyType("bool", true),
};

/**
 * torch.set_default_tensor_type: a floating-point legacy type (or its name) sets the default dtype, as
 * PyTorch's does for CPU types.
 */
export function setDefaultTensorType(t: LegacyTensorType | string): void {
  let dtype: DType | undefined;
  if (typeof t === "function" && "_legacy" in t) dtype = t._legacy.dtype;
  else if (typeof t === "string") {
    const m = /^torch\.(?:cuda\.)?(\w+)Tensor$/.exec(t);
    dtype = m ? (Object.keys(SCALAR_TYPE_NAME) as DType[]).find((k) => SCALAR_TYPE_NAME[k] === m[1]) : undefined;
    if (dtype === undefined) throw new Error(`invalid type: '${t}'`);
  }
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "float16" && dtype !== "bfloat16")
    throw new TypeError("only floating-point types are supported as the default type");
  setDefaultDtype(dtype);
}

declare module "./tensor" {
  interface Tensor {
    /**
     * x.new(...): PyTorch's legacy constructor with this tensor's dtype and device: `x.new()` (empty),
     * `x.new(2, 3)` (uninitialized, of those sizes), `x.new([1, 2])` (from data), `x.new(other)` (an alias
     * of a tensor of the same type); a sparse COO tensor's takes `(indices, values[, size])` or sizes.
     * Prefer newEmpty / newTensor / newZeros in new code, as PyTorch advises.
     */
    "new"(...args: Array<number | number[] | NestedArray | Tensor | { device?: string }>): Tensor;
  }
}

// Tensor.new, defined here (not in tensor.ts) to share the legacy constructor without an import cycle.
Object.defineProperty(Tensor.prototype, "new", {
  configurable: true,
  writable: true,
  value: function newLegacy(this: Tensor, ...args: unknown[]): Tensor {
    if (this.layout === "sparse_coo") return sparseNew(this, args);
    return construct(this.dtype, this.isCuda, args, this.device);
  },
});

// legacy_sparse_tensor_new: an empty sparse tensor of the sizes, or one from (indices, values[, size]).
function sparseNew(self: Tensor, args: unknown[]): Tensor {
  // A trailing { device } is Python's device= keyword (x.new(device='cpu'), x.new(i, v, device=...)).
  let device: string = self.device;
  const last = args[args.length - 1];
  if (last !== null && typeof last === "object" && !Array.isArray(last) && !(last instanceof Tensor)) {
    const d = (last as { device?: string }).device;
    if (d !== undefined) device = d;
    args = args.slice(0, -1);
  }
  const opts = { dtype: self.dtype, layout: "sparse_coo", device };
  if (args.length === 0) return callAten("empty", "new", undefined, [[0], opts]) as Tensor;
  if (args[0] instanceof Tensor && args[1] instanceof Tensor) {
    const size = args[2];
    return callAten(
      "sparse_coo_tensor",
      "new",
      undefined,
      size === undefined ? [args[0], args[1], { device }] : [args[0], args[1], size, { device }],
    ) as Tensor;
  }
  if (args.every((a) => typeof a === "number" && Number.isInteger(a)))
    return callAten("empty", "new", undefined, [args, opts]) as Tensor;
  // PyTorch's messages: a list is taken for data, anything else does not match the signatures.
  if (args.length === 1 && Array.isArray(args[0]))
    throw new TypeError(
      "SparseTensor.new(sequence) only accepts sizes.  Please use torch.sparse_coo_tensor() or construct a strided tensor and convert it to sparse via to_sparse.",
    );
  throw new TypeError(
    `new() received an invalid combination of arguments - got (${args.map((a) => (a instanceof Tensor ? "Tensor" : pyTypename(a))).join(", ")}), but expected one of:\n` +
      " * (*, torch.device device)\n * (Tensor indices, Tensor values, *, torch.device device)\n" +
      " * (Tensor indices, Tensor values, tuple of ints size, *, torch.device device)\n" +
      " * (tuple of ints size, *, torch.device device)\n",
  );
}
