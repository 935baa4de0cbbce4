// torch.utils.data._utils.collate: default_collate and default_convert, with JS's types in the
// places of Python's. JS has one number type, so an integer-valued number counts as Python's int.

import { stack, tensor } from "../creation";
import { getDefaultDtype } from "../default_dtype";
import { Tensor } from "../tensor";

/** What `defaultCollate` makes of a batch of samples of type T. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | bigint | boolean | ArrayBufferView
    ? Tensor
    : T extends string
      ? string[]
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends Map<infer K, infer V>
          ? Map<K, Collated<V>>
          : T extends object
            ? { [K in keyof T]: Collated<T[K]> }
            : never;

const ERR = "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ";

function pyType(v: unknown): string {
  if (v === null || v === undefined) return "<class 'NoneType'>";
  if (typeof v === "function") return "<class 'function'>";
  if (typeof v === "object") return `<class '${(v as object).constructor?.name ?? "object"}'>`;
  return `<class '${typeof v}'>`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * A container of `like`'s own class (a Map or Array subclass: Python's `elem_type(...)`) holding `items`,
 * or a plain Map/array when that class cannot be built from them, as PyTorch falls back on a TypeError.
 */
function sameKind<C extends Map<unknown, unknown> | unknown[]>(like: C, items: C): C {
  const ctor = (like as object).constructor as new (...x: unknown[]) => C;
  if ((ctor as unknown) === Map || (ctor as unknown) === Array) return items;
  try {
    if (like instanceof Map) {
      const out = new ctor(items);
      if (out instanceof Map && out.size === (items as Map<unknown, unknown>).size) return out;
    } else {
      const out = new ctor() as unknown[];
      if (Array.isArray(out) && out.length === 0) {
        for (const x of items as unknown[]) out.push(x);
        return out as C;
      }
    }
  } catch {
    // falls back to the plain container
  }
  return items;
}

function typedArrayTensor(v: ArrayBufferView): Tensor {
  if (v instanceof DataView) throw new TypeError(ERR + pyType(v));
  return tensor(v as Float32Array);
}

/**
 * default_collate: tensors are stacked (a new first dimension), numbers become a tensor (integers
 * int64, otherwise float64, as Python's int and float), booleans a bool tensor, bigints int64, typed
 * arrays (numpy arrays' stand-in) tensors that are then stacked, strings stay a list; arrays are
 * collated position by position (all must have the same length), plain objects and Maps key by key.
 * A Map or Array subclass keeps its class, as PyTorch keeps a dict or list subclass.
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch as readonly unknown[]) as Collated<T>;
}

function collate(batch: readonly unknown[]): unknown {
  if (batch.length === 0) throw new RangeError("list index out of range");
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0);
  if (ArrayBuffer.isView(elem)) return collate(batch.map((b) => typedArrayTensor(b as ArrayBufferView)));
  if (typeof elem === "boolean") return tensor(batch as boolean[], { dtype: "bool" });
  if (typeof elem === "bigint") return tensor(BigInt64Array.from(batch as bigint[]));
  if (typeof elem === "number") {
    // collate_int_fn is torch.tensor(batch): int64, or the default dtype when a later value is not an integer;
    // collate_float_fn is torch.tensor(batch, dtype=float64).
    const nums = batch as number[];
    if (!Number.isInteger(elem)) return tensor(nums, { dtype: "float64" });
    return tensor(nums, { dtype: nums.every((x) => Number.isInteger(x)) ? "int64" : getDefaultDtype() });
  }
  if (typeof elem === "string") return batch.slice();
  if (elem instanceof Map) {
    const out = new Map();
    for (const k of elem.keys()) out.set(k, collate(batch.map((d) => (d as Map<unknown, unknown>).get(k))));
    return sameKind(elem, out);
  }
  if (Array.isArray(elem)) {
    const n = elem.length;
    if (!batch.every((b) => Array.isArray(b) && b.length === n))
      throw new Error("each element in list of batch should be of equal size");
    return sameKind(
      elem,
      Array.from({ length: n }, (_, i) => collate(batch.map((b) => (b as unknown[])[i]))),
    );
  }
  if (isPlainObject(elem)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(elem)) out[k] = collate(batch.map((d) => (d as Record<string, unknown>)[k]));
    return out;
  }
  throw new TypeError(ERR + pyType(elem));
}

/**
 * default_convert (the collate_fn when batchSize is null): typed arrays become tensors, containers are
 * converted inside (a Map or Array subclass keeps its class), all else is kept.
 */
export function defaultConvert<T>(data: T): T {
  return convert(data) as T;
}

function convert(v: unknown): unknown {
  if (v instanceof Tensor) return v;
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return typedArrayTensor(v);
  if (v instanceof Map) return sameKind(v, new Map([...v].map(([k, x]) => [k, convert(x)])));
  if (Array.isArray(v)) return sameKind(v, Array.from(v, convert));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, convert(x)]));
  return v;
}
