// Sparse tensors: torch.sparse_coo_tensor / sparse_csr_tensor (Python's constructors take array-likes
// for the indices and values) and the torch.sparse namespace (mm, addmm, sum, softmax, log_softmax,
// sampled_addmm), each libtorch's operator as torch/sparse/__init__.py calls it.

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
// inference), indices always as int64 (tensors too).
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
function sizeAndOptions(size: unknown, o: SparseTensorOptions, fn: string): [number[] | null, SparseTensorOptions] {
  if (size !== null && size !== undefined && !Array.isArray(size)) [size, o] = [null, size as SparseTensorOptions];
  checkKwargs(o, ["dtype", "device", "requiresGrad"], fn);
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

/** torch.sparse_csr_tensor(crowIndices, colIndices, values, size?, {dtype, device, requiresGrad}). */
export function sparseCsrTensor(
  crowIndices: Tensor | NestedArray,
  colIndices: Tensor | NestedArray,
  values: Tensor | NestedArray,
  size?: number[] | SparseTensorOptions | null,
  o: SparseTensorOptions = {},
): Tensor {
  const [sz, opts] = sizeAndOptions(size, o, "sparse_csr_tensor");
  const [c, r, v] = place(
    [
      asIndices(crowIndices, "crow_indices"),
      asIndices(colIndices, "col_indices"),
      asTensorLike(values, "values", opts.dtype),
    ],
    opts,
  );
  // As Python's constructor: the tensor takes the values' dtype (ATen's default would be float32).
  const kw = { dtype: v.dtype, device: v.device };
  const args = sz === null ? [c, r, v, kw] : [c, r, v, sz, kw];
  return finish(callAten("sparse_csr_tensor", "sparse_csr_tensor", undefined, args) as Tensor, opts);
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
