// Sparse tensors: torch.sparse_coo_tensor and the compressed constructors (sparse_csr_tensor, sparse_csc_tensor,
// sparse_bsr_tensor, sparse_bsc_tensor, sparse_compressed_tensor; Python's constructors take array-likes for the
// indices and values) and the torch.sparse namespace (mm, addmm, sum, softmax, log_softmax, sampled_addmm), each
// libtorch's operator as torch/sparse/__init__.py calls it.

import { callAten } from "./aten";
import { Complex } from "./complex";
import * as creation from "./creation";
import { getDefaultDtype } from "./default_dtype";
import type { DeviceLike } from "./device";
import type { DTypeLike } from "./dtype";
import type { NestedArray, Tensor } from "./tensor";
import { Tensor as TensorClass } from "./tensor";
import { checkKwargs } from "./utils/kwargs";

/** The keywords of the sparse constructors. */
export interface SparseTensorOptions {
  dtype?: DTypeLike | null;
  device?: DeviceLike | null;
  requiresGrad?: boolean;
}

// Python's constructors convert array-likes with torch.tensor: values in the requested dtype (else by
// inference), indices as int64 (COO index tensors too; see asCompressedIndices for the compressed layouts).
function asTensorLike(v: unknown, what: string, dtype?: DTypeLike | null): Tensor {
  if (v instanceof TensorClass) return v;
  if (Array.isArray(v) || typeof v === "number" || typeof v === "boolean" || v instanceof Complex)
    return creation.tensor(v as NestedArray, dtype == null ? undefined : { dtype });
  throw new TypeError(`${what} must be a Tensor or a sequence, got ${v === null ? "None" : typeof v}`);
}
function asIndices(v: unknown, what: string): Tensor {
  const t = asTensorLike(v, what, "int64");
  return t.dtype === "int64" ? t : t.to("int64");
}
// The compressed constructors keep an index tensor's dtype (int32 or int64, validated by libtorch); lists are int64.
function asCompressedIndices(v: unknown, what: string): Tensor {
  return asTensorLike(v, what, "int64");
}

// As Python's constructors: the values take `dtype`, and every part moves to `device`.
function place(parts: Tensor[], o: SparseTensorOptions): Tensor[] {
  const last = parts.length - 1;
  return parts.map((t, k) =>
    k === last || (o.device ?? null) !== null
      ? t.to(o.device ?? t.device, { dtype: k === last ? (o.dtype ?? undefined) : undefined })
      : t,
  );
}

const isPlain = (v: unknown): boolean =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

function finish(t: Tensor, o: SparseTensorOptions): Tensor {
  return o.requiresGrad ? t.requiresGrad_(true) : t;
}

// The trailing arguments of a constructor: the size if given, then the options.
function sizeAndOptions(
  size: unknown,
  o: SparseTensorOptions,
  fn: string,
  more: string[] = [],
): [number[] | null, SparseTensorOptions] {
  if (size !== null && size !== undefined && !Array.isArray(size)) [size, o] = [null, size as SparseTensorOptions];
  checkKwargs(o, ["dtype", "device", "requiresGrad", ...more], fn);
  return [(size ?? null) as number[] | null, o];
}

/**
 * torch.sparse_coo_tensor(indices, values, size?, {dtype, device, requiresGrad}): a sparse COO tensor
 * (uncoalesced, as PyTorch builds it); the size is inferred from the indices when left out. Python's
 * size-only form, sparseCooTensor([2, 3]), is an empty sparse tensor of that size.
 */
export function sparseCooTensor(size: number[], o?: SparseTensorOptions): Tensor;
export function sparseCooTensor(
  indices: Tensor | NestedArray,
  values: Tensor | NestedArray | Complex,
  size?: number[] | SparseTensorOptions | null,
  o?: SparseTensorOptions,
): Tensor;
export function sparseCooTensor(
  indices: unknown,
  values?: unknown,
  size?: unknown,
  o: SparseTensorOptions = {},
): Tensor {
  if (
    Array.isArray(indices) &&
    indices.every((x) => typeof x === "number") &&
    (values === undefined || isPlain(values))
  ) {
    const opts = (values ?? {}) as SparseTensorOptions;
    checkKwargs(opts, ["dtype", "device", "requiresGrad"], "sparse_coo_tensor");
    const kw = { dtype: opts.dtype ?? getDefaultDtype(), device: opts.device ?? null };
    return finish(callAten("sparse_coo_tensor", "sparse_coo_tensor", undefined, [indices, kw]) as Tensor, opts);
  }
  if (values === undefined || isPlain(values))
    throw new TypeError("sparse_coo_tensor() missing required argument 'values'");
  const [sz, opts] = sizeAndOptions(size, o, "sparse_coo_tensor");
  const [i, v] = place([asIndices(indices, "indices"), asTensorLike(values, "values", opts.dtype)], opts);
  const kw = { dtype: v.dtype, device: v.device };
  const args = sz === null ? [i, v, kw] : [i, v, sz, kw];
  return finish(callAten("sparse_coo_tensor", "sparse_coo_tensor", undefined, args) as Tensor, opts);
}

// The compressed constructors (torch.sparse_csr_tensor, sparse_csc_tensor, sparse_bsr_tensor,
// sparse_bsc_tensor, sparse_compressed_tensor): indices as int64 when given as lists (tensors keep theirs),
// the tensor in the values' dtype as Python's constructors build it (ATen's default would be float32);
// index tensors keep their dtype (int32 or int64), as Python's.
function compressed(
  op: string,
  fn: string,
  names: [string, string],
  compressedIndices: unknown,
  plainIndices: unknown,
  values: unknown,
  size: unknown,
  o: SparseTensorOptions & { layout?: string | null },
  layout?: string | null,
): Tensor {
  const [sz, opts] = sizeAndOptions(size, o, fn, layout === undefined ? [] : ["layout"]);
  const [c, r, v] = place(
    [
      asCompressedIndices(compressedIndices, names[0]),
      asCompressedIndices(plainIndices, names[1]),
      asTensorLike(values, "values", opts.dtype),
    ],
    opts,
  );
  const kw: Record<string, unknown> = { dtype: v.dtype, device: v.device };
  if (layout !== undefined) kw.layout = (opts as { layout?: string | null }).layout ?? layout;
  const args = sz === null ? [c, r, v, kw] : [c, r, v, sz, kw];
  return finish(callAten(op, fn, undefined, args) as Tensor, opts);
}

type Indices = Tensor | NestedArray;
type Values = Tensor | NestedArray;

/** torch.sparse_csr_tensor(crowIndices, colIndices, values, size?, {dtype, device, requiresGrad}). */
export function sparseCsrTensor(
  crowIndices: Indices,
  colIndices: Indices,
  values: Values,
  size?: number[] | SparseTensorOptions | null,
  o: SparseTensorOptions = {},
): Tensor {
  const names: [string, string] = ["crow_indices", "col_indices"];
  return compressed("sparse_csr_tensor", "sparse_csr_tensor", names, crowIndices, colIndices, values, size, o);
}

/** torch.sparse_csc_tensor(ccolIndices, rowIndices, values, size?, {dtype, device, requiresGrad}). */
export function sparseCscTensor(
  ccolIndices: Indices,
  rowIndices: Indices,
  values: Values,
  size?: number[] | SparseTensorOptions | null,
  o: SparseTensorOptions = {},
): Tensor {
  const names: [string, string] = ["ccol_indices", "row_indices"];
  return compressed("sparse_csc_tensor", "sparse_csc_tensor", names, ccolIndices, rowIndices, values, size, o);
}

/** torch.sparse_bsr_tensor(crowIndices, colIndices, values, size?, {dtype, device, requiresGrad}): blocks as values. */
export function sparseBsrTensor(
  crowIndices: Indices,
  colIndices: Indices,
  values: Values,
  size?: number[] | SparseTensorOptions | null,
  o: SparseTensorOptions = {},
): Tensor {
  const names: [string, string] = ["crow_indices", "col_indices"];
  return compressed("sparse_bsr_tensor", "sparse_bsr_tensor", names, crowIndices, colIndices, values, size, o);
}

/** torch.sparse_bsc_tensor(ccolIndices, rowIndices, values, size?, {dtype, device, requiresGrad}): blocks as values. */
export function sparseBscTensor(
  ccolIndices: Indices,
  rowIndices: Indices,
  values: Values,
  size?: number[] | SparseTensorOptions | null,
  o: SparseTensorOptions = {},
): Tensor {
  const names: [string, string] = ["ccol_indices", "row_indices"];
  return compressed("sparse_bsc_tensor", "sparse_bsc_tensor", names, ccolIndices, rowIndices, values, size, o);
}

/**
 * torch.sparse_compressed_tensor(compressedIndices, plainIndices, values, size?, {dtype, layout, device,
 * requiresGrad}): a tensor of any compressed layout ("sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc").
 */
export function sparseCompressedTensor(
  compressedIndices: Indices,
  plainIndices: Indices,
  values: Values,
  size?: number[] | (SparseTensorOptions & { layout?: string | null }) | null,
  o: SparseTensorOptions & { layout?: string | null } = {},
): Tensor {
  const names: [string, string] = ["compressed_indices", "plain_indices"];
  const fn = "sparse_compressed_tensor";
  return compressed(fn, fn, names, compressedIndices, plainIndices, values, size, o, null);
}

/** torch.sparse.mm(sparse, dense): the matrix product, with gradients for the sparse operand as a sparse tensor. */
export function mm(mat1: Tensor, mat2: Tensor): Tensor {
  return callAten("_sparse_mm", "mm", undefined, [mat1, mat2]) as Tensor;
}

/** torch.sparse.addmm(input, mat1, mat2, {beta, alpha}): beta * input + alpha * (mat1 @ mat2), mat1 sparse. */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, o: { beta?: number; alpha?: number } = {}): Tensor {
  checkKwargs(o, ["beta", "alpha"], "addmm");
  return callAten("_sparse_addmm", "addmm", undefined, [input, mat1, mat2, o]) as Tensor;
}

/**
 * torch.sparse.sum(input, dim?, {dtype}): the sum over the sparse dims given (all for none): a dense
 * tensor when every sparse dim is summed, else a sparse one.
 */
export function sum(input: Tensor, dim?: number | number[] | null, o: { dtype?: DTypeLike | null } = {}): Tensor {
  checkKwargs(o, ["dtype"], "sum");
  const args: unknown[] = [input];
  if (dim !== undefined && dim !== null) args.push(typeof dim === "number" ? [dim] : dim);
  if (o.dtype !== undefined && o.dtype !== null) args.push({ dtype: o.dtype });
  return callAten("_sparse_sum", "sum", undefined, args) as Tensor;
}

/** torch.sparse.softmax(input, dim, {dtype}): softmax over the specified elements (unspecified ones count as -inf). */
export function softmax(input: Tensor, dim: number, o: { dtype?: DTypeLike | null } = {}): Tensor {
  checkKwargs(o, ["dtype"], "softmax");
  return callAten("_sparse_softmax", "softmax", undefined, [input, dim, o.dtype ?? null]) as Tensor;
}

/** torch.sparse.log_softmax(input, dim, {dtype}). */
export function logSoftmax(input: Tensor, dim: number, o: { dtype?: DTypeLike | null } = {}): Tensor {
  checkKwargs(o, ["dtype"], "log_softmax");
  return callAten("_sparse_log_softmax", "log_softmax", undefined, [input, dim, o.dtype ?? null]) as Tensor;
}

/**
 * torch.sparse.sampled_addmm(input, mat1, mat2, {beta, alpha}): beta * input + alpha * (mat1 @ mat2)
 * computed only where the sparse CSR `input` has elements.
 */
export function sampledAddmm(
  input: Tensor,
  mat1: Tensor,
  mat2: Tensor,
  o: { beta?: number; alpha?: number } = {},
): Tensor {
  checkKwargs(o, ["beta", "alpha"], "sampled_addmm");
  return callAten("sparse_sampled_addmm", "sampled_addmm", undefined, [input, mat1, mat2, o]) as Tensor;
}
