// x[...] as Python writes it: integers, slices, null (None / newaxis), "..." (Ellipsis), booleans,
// and integer or boolean tensors; read with x.index(...) and written with x.indexPut_(indices, value).

import { tensor } from "./creation";
import { IndexError } from "./errors";
import type { IndexEncoded } from "./native";
import { type NestedArray, Tensor } from "./tensor";

/** A Python slice start:stop:step; null or missing parts take the defaults. */
export interface Slice {
  /** First index (default: the start, or the end for a negative step). */
  readonly start?: SliceBound;
  /** Index to stop before (default: past the end). */
  readonly stop?: SliceBound;
  /** Stride (default 1; must be positive, as in PyTorch). */
  readonly step?: SliceBound;
}

/** A slice bound: an integer, null, or an integer (or bool) tensor of one element (Python's __index__). */
export type SliceBound = number | Tensor | null;

/** One item of an index: 2, null, "...", ":" / "1:3" / "::2" (slice syntax), slice(1, 3), true, a Tensor. */
export type IndexItem = number | null | boolean | "..." | string | Slice | Tensor | IndexList;
/** A list index, as Python's x[[0, 2]] (a tensor index), or a list read as a tuple of indices (x[[0, [1, 2]]]). */
export type IndexList = readonly (number | boolean | null | string | Slice | Tensor | IndexList)[];

/** torch's slice(start, stop, step) for x.index(...): slice(1, null, 2) is Python's 1::2. */
export function slice(start?: SliceBound, stop?: SliceBound, step?: SliceBound): Slice {
  return { start, stop, step };
}

function sliceFromString(s: string): Slice {
  const parts = s.split(":");
  if (parts.length < 2 || parts.length > 3) throw new TypeError(`not a slice: '${s}' (expected start:stop[:step])`);
  const num = (p: string | undefined): number | null => {
    if (p === undefined || p.trim() === "") return null;
    const n = Number(p);
    if (!Number.isInteger(n)) throw new TypeError(`slice indices must be integers, got '${p}' in '${s}'`);
    return n;
  };
  return { start: num(parts[0]), stop: num(parts[1]), step: num(parts[2]) };
}

/**
 * python_variable_indexing.cpp's treatSequenceAsTuple: a list of fewer than 32 items that holds a sequence, a
 * tensor, a slice, None or Ellipsis is NumPy's old tuple form (x[[0, [1, 2]]] is x[0, [1, 2]]).
 */
function sequenceAsTuple(list: readonly unknown[]): boolean {
  if (list.length >= 32) return false;
  return list.some(
    (v) =>
      v === null ||
      typeof v === "string" ||
      Array.isArray(v) ||
      v instanceof Tensor ||
      (typeof v === "object" && v !== null),
  );
}

/** A list index as Python converts it: torch.tensor(list) (int64 when empty), an integer or boolean index tensor. */
function listIndex(list: readonly unknown[]): Tensor {
  if (list.length === 0) return tensor([], { dtype: "int64" });
  return tensor(list as NestedArray);
}

// (Array.isArray does not narrow a readonly array type.)
function isList(it: IndexItem): it is IndexList {
  return Array.isArray(it);
}

/** What native/tensor.cc's indicesOf reads; index tensors made from lists go into `temps`, for the caller to free. */
export function encodeIndices(items: IndexItem[], temps: Tensor[] = []): IndexEncoded[] {
  // x[[0, 2]]: one list is a tensor index, unless it reads as a tuple of indices.
  if (items.length === 1 && Array.isArray(items[0]) && sequenceAsTuple(items[0])) items = items[0] as IndexItem[];
  return items.map((it) => {
    if (it === null || typeof it === "boolean" || it === "...") return it;
    if (isList(it)) {
      const t = listIndex(it);
      temps.push(t);
      return { t: t.handle };
    }
    if (typeof it === "number") {
      // PyTorch's errors for a Python float and for an int beyond int64.
      if (!Number.isInteger(it))
        throw new IndexError(
          "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid indices (got float)",
        );
      // 2 ** 63 is what int64's maximum rounds to in JS; beyond it Python's int does not fit.
      if (it > 2 ** 63 || it < -(2 ** 63)) throw new Error("Overflow when unpacking long");
      return it;
    }
    if (it instanceof Tensor) return { t: it.handle };
    const sl = typeof it === "string" ? sliceFromString(it) : it;
    if (typeof sl !== "object") throw new TypeError(`not a valid index: ${String(it)}`);
    const [s, e, p] = [sl.start, sl.stop, sl.step].map((v) => {
      // A tensor bound as Tensor.__index__: one element of an integer or bool dtype.
      if (v instanceof Tensor) {
        if (v.numel() !== 1 || v.isFloatingPoint() || v.isComplex())
          throw new TypeError("only integer tensors of a single element can be converted to an index");
        return Number(v.item());
      }
      if (v != null && !Number.isInteger(v))
        throw new TypeError("slice indices must be integers or None or have an __index__ method");
      return v ?? null;
    });
    return { s: s ?? null, e: e ?? null, p: p ?? null };
  });
}
