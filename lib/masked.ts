// torch.masked: PyTorch 1.13's prototype masked reductions and normalizations (torch/masked/_ops.py)
// for strided tensors. Each replaces the masked-out elements of the input by the operation's identity
// (torch.where) and runs the plain torch operation on the result; mean, var and std divide by the
// masked count. Every computation runs in libtorch kernels; sparse layouts and MaskedTensor are not here.
import { callAten } from "./aten";
import { full, where } from "./creation";
import { checkDtype, type DType, type DTypeLike, isComplexDtype, isFloating, realPartDtype } from "./dtype";
import { IndexError, NotImplementedError, ValueError } from "./errors";
import { asTensor, type Scalar, type Tensor } from "./tensor";
import { pythonCall, splitCall } from "./utils/kwargs";
import { LIBTORCH_MAJOR } from "./utils/version";

/** A dim argument of the masked reductions: one dim, several (Python's tuple), or null for all of them. */
export type DimOrDims = number | number[] | null;

/** The keywords of the masked reductions (sum, prod, amax, amin, argmax, argmin, mean, median, var, std, ...). */
export interface ReductionOptions {
  keepdim?: boolean | null;
  dtype?: DTypeLike | null;
  mask?: Tensor | null;
}
/** The keywords of the masked normalizations and cumulative operations (softmax, log_softmax, softmin, cumsum, cumprod). */
export interface NormalizationOptions {
  dtype?: DTypeLike | null;
  mask?: Tensor | null;
}

type Maybe<T> = T | null | undefined;

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

// Python's TypeError for required parameters left out ("softmax() missing 1 required positional argument: 'dim'").
function required(fn: string, values: Record<string, unknown>): void {
  const missing = Object.entries(values)
    .filter(([, v]) => v === undefined)
    .map(([k]) => `'${k}'`);
  if (missing.length === 0) return;
  const list = missing.length === 1 ? missing[0] : `${missing.slice(0, -1).join(", ")} and ${missing.at(-1)}`;
  throw new TypeError(
    `${fn}() missing ${missing.length} required positional argument${missing.length === 1 ? "" : "s"}: ${list}`,
  );
}

const torchName = (d: DType) => `torch.${d}`;

/**
 * torch.masked._canonical_dim: `dim` as a sorted list of non-negative dims (all of them for null or an
 * empty list), with PyTorch's errors for a repeated dim or one out of range.
 */
export function _canonicalDim(dim: Maybe<DimOrDims>, ndim: number): number[] {
  if (dim === undefined || dim === null || (Array.isArray(dim) && dim.length === 0)) return range(ndim);
  const n = Math.max(ndim, 1);
  const given = typeof dim === "number" ? [dim] : dim;
  if (!Array.isArray(given)) throw new TypeError(`'${typeof dim}' object is not iterable`);
  const dims: number[] = [];
  for (const d of given) {
    if (typeof d !== "number" || !Number.isInteger(d))
      throw new TypeError(`dim must be an int or a list of ints, got ${typeof d}`);
    if (dims.includes(d)) throw new Error(`dim=${d} appears multiple times in the list of dims`);
    if (d >= n || d < -n)
      throw new IndexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${d})`);
    dims.push(((d % n) + n) % n);
  }
  return dims.sort((a, b) => a - b);
}

// A 0-d tensor of `value` with the dtype and device of `like`.
function scalarOf(value: Scalar, dtype: DType, like: Tensor): Tensor {
  return full([], value, { dtype, device: like.device });
}

const INT_MIN: Partial<Record<DType, number>> = {
  uint8: 0,
  int8: -128,
  int16: -32768,
  int32: -2147483648,
  int64: -(2 ** 63),
};
const INT_MAX: Partial<Record<DType, number>> = { uint8: 255, int8: 127, int16: 32767, int32: 2147483647 };

// torch.iinfo(dtype).min / .max as a 0-d tensor (int64's max is no double: ~min in two's complement).
function iinfo(which: "min" | "max", input: Tensor): Tensor {
  const d = input.dtype;
  if (INT_MIN[d] === undefined)
    throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
  if (which === "min") return scalarOf(INT_MIN[d] as number, d, input);
  if (d === "int64") return scalarOf(INT_MIN.int64 as number, d, input).bitwiseNot();
  return scalarOf(INT_MAX[d] as number, d, input);
}

/**
 * torch.masked._reduction_identity: the value that leaves the reduction `opName` unchanged, as a 0-d
 * tensor of the input's dtype and device (null where it is undefined: mean, var, std). `args` are the
 * operation's (norm's `ord`).
 */
export function _reductionIdentity(opName: string, input: Tensor, ...args: unknown[]): Tensor | null {
  input = asTensor(input, "input");
  const dtype = input.dtype;
  const op = opName.split(".").at(-1) as string;
  const floating = isFloating(dtype);
  const signed = dtype !== "uint8" && dtype !== "bool";
  if (op === "sum" || op === "cumsum") return scalarOf(0, dtype, input);
  if (op === "prod" || op === "cumprod") return scalarOf(1, dtype, input);
  if (op === "amax" || op === "argmax" || op === "logsumexp") {
    if (floating) return scalarOf(-Infinity, dtype, input);
    if (signed || dtype === "uint8") return iinfo("min", input);
  } else if (op === "amin" || op === "argmin") {
    if (floating) return scalarOf(Infinity, dtype, input);
    if (signed || dtype === "uint8") return iinfo("max", input);
  } else if (op === "mean" || op === "var" || op === "std") {
    return null;
  } else if (op === "norm") {
    const ord = args.length > 0 ? args[0] : 2;
    if (ord === -Infinity) {
      if (!floating) throw new Error(torchName(dtype)); // Python's AssertionError(input.dtype)
      return scalarOf(Infinity, dtype, input);
    }
    return scalarOf(0, dtype, input);
  } else if (op === "median") {
    return scalarOf(Number.NaN, floating ? dtype : "float32", input);
  }
  throw new NotImplementedError(`identity of ${op} on ${torchName(dtype)} input`);
}

function inputMaskOf(input: Tensor, mask: unknown): Tensor {
  if (mask === undefined || mask === null) throw new ValueError("_input_mask requires explicit mask");
  let m = asTensor(mask, "mask");
  if (m.shape.join() !== input.shape.join() || m.dim() !== input.dim()) {
    if (m.dim() > input.dim())
      throw new IndexError(
        "_input_mask expected broadcastable mask (got mask dimensionality higher than of the input)",
      );
    m = (callAten("broadcast_to", "broadcast_to", undefined, [m.clone(), input.shape]) as Tensor).to("bool");
  }
  return m.to("bool");
}

/**
 * torch.masked._input_mask(input, *, mask): the mask as a bool tensor of the input's shape (broadcast
 * to it); a ValueError without a mask, an IndexError for a mask of more dims than the input.
 */
export function _inputMask(input: Tensor, ...rest: unknown[]): Tensor {
  const [, kw] = splitCall(rest);
  return inputMaskOf(asTensor(input, "input"), kw?.mask);
}

/** torch.masked._where: torch.where(mask, input, fillValue) (strided tensors). */
export function _where(mask: Tensor, input: Tensor, fillValue: Tensor): Tensor {
  return where(mask, input, fillValue);
}

// The Python name of each masked operation, for the identity and _output_mask.
const OP_NAMES = new Map<unknown, string>();
const REDUCTIONS = new Set([
  "sum",
  "prod",
  "amax",
  "amin",
  "argmax",
  "argmin",
  "mean",
  "median",
  "norm",
  "var",
  "std",
  "logsumexp",
]);
const NORMALIZATIONS = new Set(["softmax", "log_softmax", "softmin", "normalize", "cumsum", "cumprod"]);

function opNameOf(op: unknown): string {
  return OP_NAMES.get(op) ?? (op as { name: string }).name;
}

// _combine_input_and_mask for a strided input: the masked-out elements replaced by the identity of `op`.
function combine(op: string, input: Tensor, mask: unknown, ...args: unknown[]): Tensor {
  if (mask === undefined || mask === null) return input;
  const m = inputMaskOf(input, mask);
  const fill = _reductionIdentity(op, input, ...args);
  if (fill === null) throw new TypeError("where() received an invalid combination of arguments");
  return where(m, input, fill);
}

/**
 * torch.masked._combine_input_and_mask(op, input, mask, *args): the input with its masked-out elements
 * replaced by the identity of the masked operation `op` (the input itself without a mask).
 */
export function _combineInputAndMask(op: unknown, input: Tensor, mask: Maybe<Tensor>, ...args: unknown[]): Tensor {
  if (typeof op !== "function")
    throw new ValueError(
      `_combine_input_and_mask expected masked operation (got ${op === null ? "NoneType" : typeof op} object)`,
    );
  return combine(opNameOf(op), asTensor(input, "input"), mask, ...args);
}

/**
 * torch.masked._output_mask(op, input, *args, **kwargs): which elements of `op`'s output are defined,
 * for the same arguments: the input mask reduced with `any` over `dim` for a reduction, the input mask
 * itself for a normalization.
 */
export function _outputMask(op: unknown, input: Tensor, ...rest: unknown[]): Tensor {
  if (typeof op !== "function")
    throw new ValueError(`_output_mask expected masked operation (got ${op === null ? "NoneType" : typeof op} object)`);
  const name = opNameOf(op);
  let [args, kw] = splitCall(rest);
  const kwargs = kw ?? {};
  input = asTensor(input, "input");
  if (OP_NAMES.has(op) && REDUCTIONS.has(name)) {
    if (name === "norm" && args.length > 0) args = args.slice(1);
    const dim = (args.length > 0 ? args[0] : kwargs.dim) as Maybe<DimOrDims>;
    let out = inputMaskOf(input, kwargs.mask);
    const keepdim = Boolean(kwargs.keepdim ?? false);
    for (const d of _canonicalDim(dim, input.dim()).reverse()) out = out.any(d, keepdim);
    return out;
  }
  if (OP_NAMES.has(op) && NORMALIZATIONS.has(name)) return inputMaskOf(input, kwargs.mask);
  throw new ValueError(`_output_mask expected masked operation (got callable ${name})`);
}

const SMALL_INTS = new Set<DType>(["uint8", "bool", "int8", "int16", "int32"]);

const dtypeOr = (dtype: Maybe<DTypeLike>, d: DType): DType =>
  dtype === undefined || dtype === null ? d : checkDtype(dtype);

function sumImpl(
  input: Tensor,
  dim?: Maybe<DimOrDims>,
  keepdim?: Maybe<boolean>,
  dtype?: Maybe<DTypeLike>,
  mask?: Maybe<Tensor>,
): Tensor {
  required("sum", { input });
  input = asTensor(input, "input");
  const dt = dtypeOr(dtype, SMALL_INTS.has(input.dtype) ? "int64" : input.dtype);
  const dims = _canonicalDim(dim, input.dim());
  const x = combine("sum", input, mask);
  return callAten("sum", "sum", undefined, [x, dims, Boolean(keepdim), { dtype: dt }]) as Tensor;
}

function prodImpl(
  input: Tensor,
  dim?: Maybe<DimOrDims>,
  keepdim?: Maybe<boolean>,
  dtype?: Maybe<DTypeLike>,
  mask?: Maybe<Tensor>,
): Tensor {
  required("prod", { input });
  input = asTensor(input, "input");
  const dt = dtypeOr(dtype, SMALL_INTS.has(input.dtype) ? "int64" : input.dtype);
  const dims = _canonicalDim(dim, input.dim());
  let r = combine("prod", input, mask).to(dt);
  for (const d of [...dims].reverse()) r = r.prod(d, Boolean(keepdim));
  return r;
}

function cumulative(op: "cumsum" | "cumprod", identity: string) {
  return (input: Tensor, dim?: number, dtype?: Maybe<DTypeLike>, mask?: Maybe<Tensor>): Tensor => {
    required(op, { input, dim });
    input = asTensor(input, "input");
    const dt = dtypeOr(dtype, input.dtype);
    const d = firstDim(dim, input.dim());
    const x = combine(identity, input, mask);
    return (callAten(op, op, undefined, [x, d, { dtype: dt }]) as Tensor).to(dt);
  };
}

// _canonical_dim(dim, ndim)[0] of the single-dim operations.
function firstDim(dim: Maybe<number>, ndim: number): number {
  const dims = _canonicalDim(dim, ndim);
  if (dims.length === 0) throw new IndexError("tuple index out of range");
  return dims[0];
}

// amax/amin reduce over several dims; argmax/argmin over one, or the flattened input for null.
function extremum(op: "amax" | "amin" | "argmax" | "argmin") {
  const several = op === "amax" || op === "amin";
  return (
    input: Tensor,
    dim?: Maybe<DimOrDims>,
    keepdim?: Maybe<boolean>,
    dtype?: Maybe<DTypeLike>,
    mask?: Maybe<Tensor>,
  ): Tensor => {
    required(op, { input });
    input = asTensor(input, "input");
    const dt = dtypeOr(dtype, input.dtype);
    const x = combine(op, input, mask);
    const d = several ? _canonicalDim(dim, x.dim()) : (dim ?? null);
    return (callAten(op, op, undefined, [x, d, Boolean(keepdim)]) as Tensor).to(dt);
  };
}

function meanImpl(
  input: Tensor,
  dim?: Maybe<DimOrDims>,
  keepdim?: Maybe<boolean>,
  dtype?: Maybe<DTypeLike>,
  mask?: Maybe<Tensor>,
): Tensor {
  required("mean", { input });
  input = asTensor(input, "input");
  const dt = dtypeOr(dtype, input.dtype);
  let count: Tensor;
  let total: Tensor;
  if (mask === undefined || mask === null) {
    count = sumImpl(full(input.shape, 1, { dtype: "int64", device: input.device }), dim, keepdim);
    total = sumImpl(input, dim, keepdim, dt);
  } else {
    const inmask = inputMaskOf(input, mask);
    count = sumImpl(inmask.newOnes(input.shape, { dtype: "int64" }), dim, keepdim, null, inmask);
    total = sumImpl(input, dim, keepdim, dt, inmask);
  }
  return total.div(count);
}

function medianImpl(
  input: Tensor,
  dim?: Maybe<number>,
  keepdim?: Maybe<boolean>,
  dtype?: Maybe<DTypeLike>,
  mask?: Maybe<Tensor>,
): Tensor {
  required("median", { input });
  input = asTensor(input, "input");
  const dt = dtypeOr(dtype, input.dtype);
  const d = firstDim(dim === undefined ? -1 : dim, input.dim());
  const floating = input.isFloatingPoint();
  if (!floating) input = input.to("float32");
  const x = combine("median", input, mask);
  const [output] = callAten("nanmedian", "nanmedian", undefined, [x, d, Boolean(keepdim)]) as Tensor[];
  if (floating) return output;
  if (!output.isnan().any().item()) return output.to(dt);
  throw new ValueError("masked median expects no fully masked out rows if dtype is not floating point");
}

function logsumexpImpl(
  input: Tensor,
  dim?: Maybe<DimOrDims>,
  keepdim?: Maybe<boolean>,
  dtype?: Maybe<DTypeLike>,
  mask?: Maybe<Tensor>,
): Tensor {
  required("logsumexp", { input });
  input = asTensor(input, "input");
  const dt = dtypeOr(dtype, input.dtype);
  const dims = _canonicalDim(dim, input.dim());
  const x = combine("logsumexp", input, mask);
  return (callAten("logsumexp", "logsumexp", undefined, [x, dims, Boolean(keepdim)]) as Tensor).to(dt);
}

function logaddexpImpl(
  input: Tensor,
  other: Tensor,
  dtype?: Maybe<DTypeLike>,
  inputMask?: Maybe<Tensor>,
  otherMask?: Maybe<Tensor>,
): Tensor {
  required("logaddexp", { input, other });
  input = asTensor(input, "input");
  other = asTensor(other, "other");
  const dt = dtypeOr(dtype, input.dtype);
  const x = combine("logsumexp", input, inputMask);
  const y = combine("logsumexp", other, otherMask);
  return (callAten("logaddexp", "logaddexp", undefined, [x, y]) as Tensor).to(dt);
}

function normImpl(
  input: Tensor,
  ord: Maybe<number> = 2.0,
  dim?: Maybe<DimOrDims>,
  keepdim?: Maybe<boolean>,
  dtype?: Maybe<DTypeLike>,
  mask?: Maybe<Tensor>,
): Tensor {
  required("norm", { input });
  input = asTensor(input, "input");
  const dt = dtypeOr(dtype, input.dtype);
  const x = combine("norm", input, mask, ord);
  const dims = _canonicalDim(dim, input.dim());
  return callAten("linalg_vector_norm", "linalg_vector_norm", undefined, [
    x,
    ord,
    dims,
    Boolean(keepdim),
    { dtype: dt },
  ]) as Tensor;
}

const floatOrComplex = (d: DType) => isFloating(d) || isComplexDtype(d);

function stdVar(takeSqrt: boolean) {
  const fn = takeSqrt ? "std" : "var";
  return (
    input: Tensor,
    dim?: Maybe<DimOrDims>,
    unbiased?: Maybe<boolean>,
    keepdim?: Maybe<boolean>,
    dtype?: Maybe<DTypeLike>,
    mask?: Maybe<Tensor>,
    correctionOpt?: Maybe<number>,
  ): Tensor => {
    required(fn, { input });
    // 1.13: unbiased defaults to False. 2.x: to None, i.e. correction 1, and `correction` may replace it.
    const noUnbiased = unbiased === undefined || unbiased === null;
    if (!noUnbiased && correctionOpt !== undefined && correctionOpt !== null)
      throw new Error("Only one of unbiased and correction may be given");
    const correction = correctionOpt ?? (noUnbiased ? (LIBTORCH_MAJOR >= 2 ? 1 : 0) : unbiased ? 1 : 0);
    input = asTensor(input, "input");
    let dt = dtypeOr(dtype, input.dtype);
    if ((dtype === undefined || dtype === null) && !floatOrComplex(dt)) dt = "float32";
    const computeDtype: DType = floatOrComplex(dt) ? dt : "float32";
    let count: Tensor;
    let sampleTotal: Tensor;
    let inmask: Tensor | null = null;
    if (mask === undefined || mask === null) {
      count = sumImpl(full(input.shape, 1, { dtype: "int64", device: input.device }), dim, true);
      sampleTotal = sumImpl(input, dim, true, dt);
    } else {
      inmask = inputMaskOf(input, mask);
      count = sumImpl(inmask.newOnes(input.shape, { dtype: "int64" }), dim, true, null, inmask);
      sampleTotal = sumImpl(input, dim, true, dt, inmask);
    }
    const sampleMean = sampleTotal.div(count);
    const x = input.sub(sampleMean);
    const total = sumImpl(x.mul(x.conj()), dim, keepdim, computeDtype, inmask);
    if (!keepdim) count = count.reshape(total.shape);
    if (correction !== 0) {
      if (LIBTORCH_MAJOR >= 2) count = count.to(realPartDtype(computeDtype));
      count = count.sub(correction);
      count = count.maximum(count.newZeros([]));
    }
    const output = total.div(count).to(dt);
    return takeSqrt ? output.sqrt() : output;
  };
}

function softmaxLike(op: "softmax" | "log_softmax" | "softmin") {
  return (input: Tensor, dim?: number, dtype?: Maybe<DTypeLike>, mask?: Maybe<Tensor>): Tensor => {
    required(op, { input, dim });
    input = asTensor(input, "input");
    const dt = dtypeOr(dtype, input.dtype);
    const d = firstDim(dim, input.dim());
    const x = combine(op === "softmin" ? "amin" : "amax", input, mask);
    // F.softmin is softmax of the negated input.
    const aten = op === "log_softmax" ? "log_softmax" : "softmax";
    return callAten(aten, aten, undefined, [op === "softmin" ? x.neg() : x, d, { dtype: dt }]) as Tensor;
  };
}

function normalizeImpl(
  input: Tensor,
  ord?: number,
  dim?: number,
  eps: Maybe<number> = 1e-12,
  dtype?: Maybe<DTypeLike>,
  mask?: Maybe<Tensor>,
): Tensor {
  required("normalize", { input, ord, dim });
  input = asTensor(input, "input");
  const dt = dtypeOr(dtype, input.dtype);
  firstDim(dim, input.dim());
  const x = combine("sum", input, mask);
  const nrm = normImpl(input, ord, dim, true, dt, mask);
  const denom = nrm.maximum(nrm.newFull([], eps as number));
  return x.div(denom);
}

/** A masked reduction over `dim` (null: every dim), Python's call forms. */
type Reduction = {
  (input: Tensor, dim?: DimOrDims, options?: ReductionOptions): Tensor;
  (input: Tensor, options: ReductionOptions & { dim?: DimOrDims }): Tensor;
};
/** A masked reduction along one dim. */
type DimReduction = {
  (input: Tensor, dim?: number | null, options?: ReductionOptions): Tensor;
  (input: Tensor, options: ReductionOptions & { dim?: number | null }): Tensor;
};
/** A masked normalization (or cumulative operation) along one dim. */
type Normalization = {
  (input: Tensor, dim: number, options?: NormalizationOptions): Tensor;
  (input: Tensor, options: NormalizationOptions & { dim: number }): Tensor;
};

const REDUCTION_PARAMS = "input dim? *keepdim? *dtype? *mask?";

function named<T>(f: T, python: string): T {
  OP_NAMES.set(f, python);
  return f;
}

/** torch.masked.sum: the sum of the unmasked elements over `dim` (identity 0; small ints sum as int64). */
export const sum = named(pythonCall(sumImpl, "sum", REDUCTION_PARAMS) as Reduction, "sum");
/** torch.masked.prod: the product of the unmasked elements over `dim` (identity 1; small ints as int64). */
export const prod = named(pythonCall(prodImpl, "prod", REDUCTION_PARAMS) as Reduction, "prod");
/** torch.masked.cumsum: the cumulative sum along `dim`, masked-out elements counting as 0. */
export const cumsum = named(
  pythonCall(cumulative("cumsum", "sum"), "cumsum", "input dim *dtype? *mask?") as Normalization,
  "cumsum",
);
/** torch.masked.cumprod: the cumulative product along `dim`, masked-out elements counting as 1. */
export const cumprod = named(
  pythonCall(cumulative("cumprod", "prod"), "cumprod", "input dim *dtype? *mask?") as Normalization,
  "cumprod",
);
/** torch.masked.amax: the maximum of the unmasked elements (identity -inf, or the dtype's minimum for ints). */
export const amax = named(pythonCall(extremum("amax"), "amax", REDUCTION_PARAMS) as Reduction, "amax");
/** torch.masked.amin: the minimum of the unmasked elements (identity inf, or the dtype's maximum for ints). */
export const amin = named(pythonCall(extremum("amin"), "amin", REDUCTION_PARAMS) as Reduction, "amin");
/** torch.masked.argmax: the index of the maximum unmasked element along `dim`, in the input's dtype (as PyTorch). */
export const argmax = named(pythonCall(extremum("argmax"), "argmax", REDUCTION_PARAMS) as DimReduction, "argmax");
/** torch.masked.argmin: the index of the minimum unmasked element along `dim`, in the input's dtype (as PyTorch). */
export const argmin = named(pythonCall(extremum("argmin"), "argmin", REDUCTION_PARAMS) as DimReduction, "argmin");
/** torch.masked.mean: the mean of the unmasked elements over `dim` (nan where every element is masked out). */
export const mean = named(pythonCall(meanImpl, "mean", REDUCTION_PARAMS) as Reduction, "mean");
/** torch.masked.median: the median of the unmasked elements along `dim` (default -1), through torch.nanmedian. */
export const median = named(pythonCall(medianImpl, "median", REDUCTION_PARAMS) as DimReduction, "median");
/** torch.masked.logsumexp: log(sum(exp(x))) of the unmasked elements over `dim`. */
export const logsumexp = named(pythonCall(logsumexpImpl, "logsumexp", REDUCTION_PARAMS) as Reduction, "logsumexp");
/** torch.masked.logaddexp: torch.logaddexp with masked-out elements of either side at -inf. */
export const logaddexp = named(
  pythonCall(logaddexpImpl, "logaddexp", "input other *dtype? *inputMask? *otherMask?") as (
    input: Tensor,
    other: Tensor,
    options?: { dtype?: DTypeLike | null; inputMask?: Tensor | null; otherMask?: Tensor | null },
  ) => Tensor,
  "logaddexp",
);
/** torch.masked.norm: the vector norm of order `ord` (default 2) of the unmasked elements over `dim`. */
export const norm = named(
  pythonCall(normImpl, "norm", "input ord? dim? *keepdim? *dtype? *mask?") as {
    (input: Tensor, ord?: number, dim?: DimOrDims, options?: ReductionOptions): Tensor;
    (input: Tensor, options: ReductionOptions & { ord?: number; dim?: DimOrDims }): Tensor;
  },
  "norm",
);
type StdVar = {
  (input: Tensor, dim?: DimOrDims, unbiased?: boolean, options?: ReductionOptions): Tensor;
  (input: Tensor, dim: DimOrDims, options: ReductionOptions & { unbiased?: boolean; correction?: number }): Tensor;
  (input: Tensor, options: ReductionOptions & { dim?: DimOrDims; unbiased?: boolean; correction?: number }): Tensor;
};
/** torch.masked.var: the variance of the unmasked elements over `dim` (`unbiased`: Bessel's correction). */
const STD_VAR_ARGS = `input dim? unbiased? *keepdim? *dtype? *mask?${LIBTORCH_MAJOR >= 2 ? " *correction?" : ""}`;
const var_ = named(pythonCall(stdVar(false), "var", STD_VAR_ARGS) as StdVar, "var");
/** torch.masked.std: the standard deviation of the unmasked elements over `dim`. */
export const std = named(pythonCall(stdVar(true), "std", STD_VAR_ARGS) as StdVar, "std");
/** torch.masked.var (`var` is a keyword in JS: `masked.var(...)` still works). */
export { var_ as var };
/** torch.masked.softmax: softmax along `dim` over the unmasked elements (masked-out ones give 0; a fully masked-out slice nan). */
export const softmax = named(
  pythonCall(softmaxLike("softmax"), "softmax", "input dim *dtype? *mask?") as Normalization,
  "softmax",
);
/** torch.masked.log_softmax: log-softmax along `dim` over the unmasked elements. */
export const logSoftmax = named(
  pythonCall(softmaxLike("log_softmax"), "log_softmax", "input dim *dtype? *mask?") as Normalization,
  "log_softmax",
);
/** torch.masked.softmin: softmin along `dim` over the unmasked elements. */
export const softmin = named(
  pythonCall(softmaxLike("softmin"), "softmin", "input dim *dtype? *mask?") as Normalization,
  "softmin",
);
/** torch.masked.normalize: `x / max(norm(x, ord), eps)` along `dim`, norm and x over the unmasked elements. */
export const normalize = named(
  pythonCall(normalizeImpl, "normalize", "input ord dim *eps? *dtype? *mask?") as {
    (input: Tensor, ord: number, dim: number, options?: NormalizationOptions & { eps?: number }): Tensor;
    (input: Tensor, options: NormalizationOptions & { ord: number; dim: number; eps?: number }): Tensor;
  },
  "normalize",
);
