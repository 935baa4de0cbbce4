// The torch.* forms of Tensor methods (torch.flatten(x, 1), torch.sum(x, 1), torch.max(x, 1), ...), as
// pytorch/examples write them. Each calls the method, so arguments and results are the method's.
import { callAten, callWithOut, NO_OUT, NUMBERS_AS_TENSORS, type WithOut, withOut } from "./aten";
import { Complex } from "./complex";
import type { DTypeLike } from "./dtype";
import { ValueError } from "./errors";
import { native } from "./native";
import { StorageBase } from "./storage";
import { asTensor, type Tensor, Tensor as TensorClass } from "./tensor";
import { checkBool, checkInt, checkNumber } from "./utils/check";
import { bindArgs, checkKwargs, isOptions, pythonCall } from "./utils/kwargs";
import { py, pyTypename } from "./utils/pyrepr";

// torch.<fn>(input, ...) typed with every overload of Tensor.<fn> (a plain `infer` sees only the last one, so
// Python's keyword forms such as torch.sum(x, { dim: 1 }) would not type-check). TypeScript fills the slots
// of a method with fewer overloads by repeating them.
type Method<K extends keyof Tensor> = Tensor[K] extends {
  (...a: infer A1): infer R1;
  (...a: infer A2): infer R2;
  (...a: infer A3): infer R3;
  (...a: infer A4): infer R4;
  (...a: infer A5): infer R5;
  (...a: infer A6): infer R6;
}
  ? ((input: Tensor, ...a: A1) => R1) &
      ((input: Tensor, ...a: A2) => R2) &
      ((input: Tensor, ...a: A3) => R3) &
      ((input: Tensor, ...a: A4) => R4) &
      ((input: Tensor, ...a: A5) => R5) &
      ((input: Tensor, ...a: A6) => R6)
  : never;

const isNumberLike = (v: unknown) => typeof v === "number" || typeof v === "boolean" || v instanceof Complex;

function fn<K extends keyof Tensor>(name: K): Method<K> & WithOut<Method<K>> {
  const op = String(name).replace(/[A-Z]/g, (c: string) => `_${c.toLowerCase()}`);
  const f = (input: Tensor, ...a: unknown[]) => {
    // torch.add(2, 3): a number as the input, where Python allows numbers as tensors; torch.pow(2, x),
    // torch.remainder(5, x), torch.bitwise_and(2, x): a number as the input binds to the overloads whose
    // self is a Scalar (pow.Scalar, remainder.Scalar_Tensor), or raises Python's argument-parser TypeError.
    if (!(input instanceof TensorClass) && (NUMBERS_AS_TENSORS.has(op) || isNumberLike(input)))
      return callAten(op, op, undefined, [input, ...a]);
    const m = asTensor(input, "input")[name] as unknown as (...x: unknown[]) => unknown;
    const r = callWithOut(op, input, a);
    return r === NO_OUT ? m.apply(input, a) : r;
  };
  Object.defineProperty(f, "name", { value: name });
  return f as Method<K> & WithOut<Method<K>>;
}

/** torch.flatten(input, ...): `input.flatten(...)`, with the same arguments and result; see {@link Tensor.flatten}. */
export const flatten = fn("flatten");
/** torch.reshape(input, ...): `input.reshape(...)`, with the same arguments and result; see {@link Tensor.reshape}. */
export const reshape = fn("reshape");
/** torch.squeeze(input, ...): `input.squeeze(...)`, with the same arguments and result; see {@link Tensor.squeeze}. */
export const squeeze = fn("squeeze");
/**
 * torch.unsqueeze(input, ...): `input.unsqueeze(...)`, with the same arguments and result; see {@link Tensor.unsqueeze}.
 */
export const unsqueeze = fn("unsqueeze");
/**
 * torch.transpose(input, ...): `input.transpose(...)`, with the same arguments and result; see {@link Tensor.transpose}.
 */
export const transpose = fn("transpose");
/** torch.permute(input, ...): `input.permute(...)`, with the same arguments and result; see {@link Tensor.permute}. */
export const permute = fn("permute");
/** torch.sum(input, ...): `input.sum(...)`, with the same arguments and result; see {@link Tensor.sum}. */
export const sum = fn("sum");
/** torch.mean(input, ...): `input.mean(...)`, with the same arguments and result; see {@link Tensor.mean}. */
export const mean = fn("mean");
/** torch.std(input, ...): `input.std(...)`, with the same arguments and result; see {@link Tensor.std}. */
export const std = fn("std");
/** torch.prod(input, ...): `input.prod(...)`, with the same arguments and result; see {@link Tensor.prod}. */
export const prod = fn("prod");
/** torch.max(input, ...): `input.max(...)`, with the same arguments and result; see {@link Tensor.max}. */
export const max = fn("max");
/** torch.min(input, ...): `input.min(...)`, with the same arguments and result; see {@link Tensor.min}. */
export const min = fn("min");
/** torch.argmax(input, ...): `input.argmax(...)`, with the same arguments and result; see {@link Tensor.argmax}. */
export const argmax = fn("argmax");
/** torch.argmin(input, ...): `input.argmin(...)`, with the same arguments and result; see {@link Tensor.argmin}. */
export const argmin = fn("argmin");
/** torch.add(input, ...): `input.add(...)`, with the same arguments and result; see {@link Tensor.add}. */
export const add = fn("add");
/** torch.sub(input, ...): `input.sub(...)`, with the same arguments and result; see {@link Tensor.sub}. */
export const sub = fn("sub");
/** torch.mul(input, ...): `input.mul(...)`, with the same arguments and result; see {@link Tensor.mul}. */
export const mul = fn("mul");
/** torch.div(input, ...): `input.div(...)`, with the same arguments and result; see {@link Tensor.div}. */
export const div = fn("div");
/** torch.pow(input, ...): `input.pow(...)`, with the same arguments and result; see {@link Tensor.pow}. */
export const pow = fn("pow");
/** torch.matmul(input, ...): `input.matmul(...)`, with the same arguments and result; see {@link Tensor.matmul}. */
export const matmul = fn("matmul");
/** torch.mm(input, ...): `input.mm(...)`, with the same arguments and result; see {@link Tensor.mm}. */
export const mm = fn("mm");
/** torch.maximum(input, ...): `input.maximum(...)`, with the same arguments and result; see {@link Tensor.maximum}. */
export const maximum = fn("maximum");
/** torch.minimum(input, ...): `input.minimum(...)`, with the same arguments and result; see {@link Tensor.minimum}. */
export const minimum = fn("minimum");
/** torch.clamp(input, ...): `input.clamp(...)`, with the same arguments and result; see {@link Tensor.clamp}. */
export const clamp = fn("clamp");
/** torch.exp(input, ...): `input.exp(...)`, with the same arguments and result; see {@link Tensor.exp}. */
export const exp = fn("exp");
/** torch.log(input, ...): `input.log(...)`, with the same arguments and result; see {@link Tensor.log}. */
export const log = fn("log");
/** torch.abs(input, ...): `input.abs(...)`, with the same arguments and result; see {@link Tensor.abs}. */
export const abs = fn("abs");
/** torch.sqrt(input, ...): `input.sqrt(...)`, with the same arguments and result; see {@link Tensor.sqrt}. */
export const sqrt = fn("sqrt");
/** torch.sigmoid(input, ...): `input.sigmoid(...)`, with the same arguments and result; see {@link Tensor.sigmoid}. */
export const sigmoid = fn("sigmoid");
/** torch.tanh(input, ...): `input.tanh(...)`, with the same arguments and result; see {@link Tensor.tanh}. */
export const tanh = fn("tanh");
/** torch.relu(input, ...): `input.relu(...)`, with the same arguments and result; see {@link Tensor.relu}. */
export const relu = fn("relu");
/** torch.eq(input, ...): `input.eq(...)`, with the same arguments and result; see {@link Tensor.eq}. */
export const eq = fn("eq");
/**
 * torch.allclose(input, ...): `input.allclose(...)`, with the same arguments and result; see {@link Tensor.allclose}.
 */
export const allclose = fn("allclose");
/** torch.equal(input, ...): `input.equal(...)`, with the same arguments and result; see {@link Tensor.equal}. */
export const equal = fn("equal");
/** torch.isnan(input, ...): `input.isnan(...)`, with the same arguments and result; see {@link Tensor.isnan}. */
export const isnan = fn("isnan");
/**
 * torch.index_select(input, ...): `input.indexSelect(...)`, with the same arguments and result; see {@link Tensor.indexSelect}.
 */
export const indexSelect = fn("indexSelect");
/** torch.gather(input, ...): `input.gather(...)`, with the same arguments and result; see {@link Tensor.gather}. */
export const gather = fn("gather") as ReturnType<typeof fn<"gather">> & {
  /** torch.gather(input, dim, index, sparse_grad=, out=): a sparse gradient for input with sparseGrad. */
  (input: Tensor, dim: number, index: Tensor, options: { sparseGrad?: boolean; out?: Tensor }): Tensor;
  /** Python's keyword form: torch.gather(input, dim=0, index=i). */
  (input: Tensor, options: { dim: number; index: Tensor; sparseGrad?: boolean; out?: Tensor }): Tensor;
};
/** torch.narrow(input, ...): `input.narrow(...)`, with the same arguments and result; see {@link Tensor.narrow}. */
export const narrow = fn("narrow");
const flipMethod = fn("flip");
/** torch.flip(input, dims); see {@link Tensor.flip}. `dims` is required, as in PyTorch. */
export const flip = ((input: Tensor, ...dims: unknown[]) => {
  if (dims.length === 0 || (dims.length === 1 && isOptions(dims[0]) && !("dims" in dims[0])))
    throw new TypeError('flip() missing 1 required positional arguments: "dims"');
  return flipMethod(input, ...(dims as [number[]]));
}) as typeof flipMethod;
/** torch.clone(input, ...): `input.clone(...)`, with the same arguments and result; see {@link Tensor.clone}. */
export const clone = fn("clone");
/** torch.detach(input, ...): `input.detach(...)`, with the same arguments and result; see {@link Tensor.detach}. */
export const detach = fn("detach");
/** torch.numel(input, ...): `input.numel(...)`, with the same arguments and result; see {@link Tensor.numel}. */
export const numel = fn("numel");
/** torch.softmax(input, ...): `input.softmax(...)`, with the same arguments and result; see {@link Tensor.softmax}. */
export const softmax = fn("softmax");
/**
 * torch.log_softmax(input, ...): `input.logSoftmax(...)`, with the same arguments and result; see {@link Tensor.logSoftmax}.
 */
export const logSoftmax = fn("logSoftmax");
/** torch.diag(input, diagonal): `input.diag(diagonal)`; see {@link Tensor.diag}. */
export const diag = fn("diag");
/** torch.erf(input): `input.erf()`; see {@link Tensor.erf}. */
export const erf = fn("erf");
/** torch.erfinv(input): `input.erfinv()`; see {@link Tensor.erfinv}. */
export const erfinv = fn("erfinv");
/** torch.sort(input, ...): `input.sort(...)`; see {@link Tensor.sort}. */
export const sort = fn("sort");
/** torch.bmm(input, mat2): `input.bmm(mat2)`; see {@link Tensor.bmm}. */
export const bmm = fn("bmm");
/** torch.baddbmm(input, batch1, batch2, {beta, alpha}); see {@link Tensor.baddbmm}. */
export const baddbmm = fn("baddbmm");
/** torch.chunk(input, chunks, dim); see {@link Tensor.chunk}. */
export const chunk = fn("chunk");
/** torch.logical_or(input, other); see {@link Tensor.logicalOr}. */
export const logicalOr = fn("logicalOr");
/** torch.triu(input, diagonal); see {@link Tensor.triu}. */
export const triu = fn("triu");
/** torch.tril(input, diagonal); see {@link Tensor.tril}. */
export const tril = fn("tril");

// More torch.* forms of Tensor methods (native/tensor_ops.cc behind most of them).
/** torch.log1p(input, ...); see {@link Tensor.log1p}. */
export const log1p = fn("log1p");
/** torch.expm1(input, ...); see {@link Tensor.expm1}. */
export const expm1 = fn("expm1");
/** torch.log2(input, ...); see {@link Tensor.log2}. */
export const log2 = fn("log2");
/** torch.log10(input, ...); see {@link Tensor.log10}. */
export const log10 = fn("log10");
/** torch.tan(input, ...); see {@link Tensor.tan}. */
export const tan = fn("tan");
/** torch.sinh(input, ...); see {@link Tensor.sinh}. */
export const sinh = fn("sinh");
/** torch.cosh(input, ...); see {@link Tensor.cosh}. */
export const cosh = fn("cosh");
/** torch.asin(input, ...); see {@link Tensor.asin}. */
export const asin = fn("asin");
/** torch.acos(input, ...); see {@link Tensor.acos}. */
export const acos = fn("acos");
/** torch.atan(input, ...); see {@link Tensor.atan}. */
export const atan = fn("atan");
/** torch.atan2(input, ...); see {@link Tensor.atan2}. */
export const atan2 = fn("atan2");
/** torch.trunc(input, ...); see {@link Tensor.trunc}. */
export const trunc = fn("trunc");
/** torch.frac(input, ...); see {@link Tensor.frac}. */
export const frac = fn("frac");
/** torch.square(input, ...); see {@link Tensor.square}. */
export const square = fn("square");
/** torch.isinf(input, ...); see {@link Tensor.isinf}. */
export const isinf = fn("isinf");
/** torch.isfinite(input, ...); see {@link Tensor.isfinite}. */
export const isfinite = fn("isfinite");
/** torch.lgamma(input, ...); see {@link Tensor.lgamma}. */
export const lgamma = fn("lgamma");
/** torch.digamma(input, ...); see {@link Tensor.digamma}. */
export const digamma = fn("digamma");
/** torch.bitwise_not(input, ...); see {@link Tensor.bitwiseNot}. */
export const bitwiseNot = fn("bitwiseNot");
/** torch.nan_to_num(input, ...); see {@link Tensor.nanToNum}. */
export const nanToNum = fn("nanToNum");
/** torch.fmod(input, ...); see {@link Tensor.fmod}. */
export const fmod = fn("fmod");
/** torch.floor_divide(input, ...); see {@link Tensor.floorDivide}. */
export const floorDivide = fn("floorDivide");
/** torch.bitwise_and(input, ...); see {@link Tensor.bitwiseAnd}. */
export const bitwiseAnd = fn("bitwiseAnd");
/** torch.bitwise_or(input, ...); see {@link Tensor.bitwiseOr}. */
export const bitwiseOr = fn("bitwiseOr");
/** torch.bitwise_xor(input, ...); see {@link Tensor.bitwiseXor}. */
export const bitwiseXor = fn("bitwiseXor");
/** torch.logical_and(input, ...); see {@link Tensor.logicalAnd}. */
export const logicalAnd = fn("logicalAnd");
/** torch.logical_xor(input, ...); see {@link Tensor.logicalXor}. */
export const logicalXor = fn("logicalXor");
/** torch.logical_not(input, ...); see {@link Tensor.logicalNot}. */
export const logicalNot = fn("logicalNot");
/** torch.isclose(input, ...); see {@link Tensor.isclose}. */
export const isclose = fn("isclose");
/** torch.lerp(input, ...); see {@link Tensor.lerp}. */
export const lerp = fn("lerp");
/** torch.addcmul(input, ...); see {@link Tensor.addcmul}. */
export const addcmul = fn("addcmul");
/** torch.addcdiv(input, ...); see {@link Tensor.addcdiv}. */
export const addcdiv = fn("addcdiv");
/** torch.dot(input, ...); see {@link Tensor.dot}. */
export const dot = fn("dot");
/** torch.mv(input, ...); see {@link Tensor.mv}. */
export const mv = fn("mv");
/** torch.outer(input, ...); see {@link Tensor.outer}. */
export const outer = fn("outer");
/** torch.cross(input, ...); see {@link Tensor.cross}. */
export const cross = fn("cross");
/** torch.cumsum(input, ...); see {@link Tensor.cumsum}. */
export const cumsum = fn("cumsum");
/** torch.cumprod(input, ...); see {@link Tensor.cumprod}. */
export const cumprod = fn("cumprod");
/** torch.cummax(input, ...); see {@link Tensor.cummax}. */
export const cummax = fn("cummax");
/** torch.cummin(input, ...); see {@link Tensor.cummin}. */
export const cummin = fn("cummin");
/** torch.logsumexp(input, ...); see {@link Tensor.logsumexp}. */
export const logsumexp = fn("logsumexp");
/** torch.amax(input, ...); see {@link Tensor.amax}. */
export const amax = fn("amax");
/** torch.amin(input, ...); see {@link Tensor.amin}. */
export const amin = fn("amin");
/** torch.any(input, ...); see {@link Tensor.any}. */
export const any = fn("any");
/** torch.all(input, ...); see {@link Tensor.all}. */
export const all = fn("all");
/**
 * torch.norm(input, p="fro", dim, keepdim, {out, dtype}); see {@link Tensor.norm}. With `out`, the
 * operator torch/functional.py's norm picks (frobenius_norm, nuclear_norm or norm) writes into it.
 */
export const norm = ((input: Tensor, ...args: unknown[]): Tensor => {
  const t = asTensor(input, "input");
  const last = args[args.length - 1];
  if (!isOptions(last) || last.out == null) return (t.norm as (...a: unknown[]) => Tensor)(...args);
  const o = bindArgs(args, ["p", "dim", "keepdim", "out", "dtype"], "norm", 1, 3) as {
    p?: number | string | null;
    dim?: number | number[] | null;
    keepdim?: boolean;
    out: Tensor;
    dtype?: DTypeLike;
  };
  const p = o.p ?? "fro";
  const keepdim = o.keepdim ?? false;
  const dims = o.dim == null ? null : typeof o.dim === "number" ? [o.dim] : o.dim;
  const all = () => Array.from({ length: t.dim() }, (_, i) => i);
  if (typeof p === "string") {
    if (p !== "fro" && p !== "nuc") throw new Error(`only valid string values are 'fro' and 'nuc', found ${p}`);
    if (o.dtype != null)
      throw new ValueError(`dtype argument is not supported in ${p === "fro" ? "frobenius" : "nuclear"} norm`);
    if (p === "fro")
      return callAten("frobenius_norm", "norm", undefined, [t, dims ?? all(), keepdim, { out: o.out }]) as Tensor;
    return callAten(
      "nuclear_norm",
      "norm",
      undefined,
      dims === null ? [t, keepdim, { out: o.out }] : [t, dims, keepdim, { out: o.out }],
    ) as Tensor;
  }
  const kw = o.dtype == null ? { out: o.out } : { out: o.out, dtype: o.dtype };
  return callAten("norm", "norm", undefined, [t, p, dims ?? all(), keepdim, kw]) as Tensor;
}) as Method<"norm"> & WithOut<Method<"norm">>;
/** torch.median(input) / torch.median(input, dim, keepdim); see {@link Tensor.median}. */
export function median(input: Tensor): Tensor;
export function median(input: Tensor, dim: number, keepdim?: boolean | { keepdim?: boolean }): [Tensor, Tensor];
/** With Python's out=: torch.median(x, 1, keepdim=False, out=(values, indices)). */
export function median(input: Tensor, dim: number, o: { keepdim?: boolean; out: Tensor[] }): [Tensor, Tensor];
export function median(input: Tensor, dim: number, keepdim: boolean, o: { out: Tensor[] }): [Tensor, Tensor];
export function median(input: Tensor, ...rest: unknown[]): Tensor | [Tensor, Tensor] {
  const t = asTensor(input, "input");
  const r = callWithOut("median", t, rest);
  if (r !== NO_OUT) return r as [Tensor, Tensor];
  return rest.length === 0 ? t.median() : (t.median as (...a: unknown[]) => [Tensor, Tensor])(...rest);
}
/** torch.count_nonzero(input, ...); see {@link Tensor.countNonzero}. */
export const countNonzero = fn("countNonzero");
/** torch.topk(input, ...); see {@link Tensor.topk}. */
export const topk = fn("topk");
/** torch.kthvalue(input, ...); see {@link Tensor.kthvalue}. */
export const kthvalue = fn("kthvalue");
/** torch.argsort(input, ...); see {@link Tensor.argsort}. */
export const argsort = fn("argsort");
/** torch.nonzero(input, {asTuple, out}); see {@link Tensor.nonzero}. */
export const nonzero = ((input: Tensor, o: { asTuple?: boolean; out?: Tensor | null } = {}) => {
  const t = asTensor(input, "input");
  if (o === null || typeof o !== "object") throw new TypeError("nonzero() options must be an object");
  const { out, ...rest } = o;
  if (out == null) return t.nonzero(rest);
  checkKwargs(rest, ["asTuple"], "nonzero");
  if (rest.asTuple) throw new Error("nonzero does not support the out kwarg when as_tuple is True");
  return callAten("nonzero", "nonzero", undefined, [t, { out }]) as Tensor;
}) as Method<"nonzero"> & WithOut<Method<"nonzero">>;
/** torch.masked_select(input, ...); see {@link Tensor.maskedSelect}. */
export const maskedSelect = fn("maskedSelect");
/** torch.unique(input, ...); see {@link Tensor.unique}. */
export const unique = fn("unique");
/** torch.take(input, ...); see {@link Tensor.take}. */
export const take = fn("take");
/** torch.scatter(input, ...); see {@link Tensor.scatter}. */
export const scatter = fn("scatter");
/** torch.scatter_add(input, ...); see {@link Tensor.scatterAdd}. */
export const scatterAdd = fn("scatterAdd");
/** torch.split(input, ...); see {@link Tensor.split}. */
export const split = fn("split");
/** torch.unbind(input, ...); see {@link Tensor.unbind}. */
export const unbind = fn("unbind");
/** torch.tile(input, ...); see {@link Tensor.tile}. */
export const tile = fn("tile");
/** torch.roll(input, ...); see {@link Tensor.roll}. */
export const roll = fn("roll");
/** torch.movedim(input, ...); see {@link Tensor.movedim}. */
export const movedim = fn("movedim");
/** torch.diagonal(input, ...); see {@link Tensor.diagonal}. */
export const diagonal = fn("diagonal");
/** torch.trace(input, ...); see {@link Tensor.trace}. */
export const trace = fn("trace");
// torch.column_stack / row_stack take one tensor sequence, checked with Python's words for it.
function stackOf(op: string, tensors: unknown, rest: unknown[]): Tensor {
  const name = (v: unknown) => (v instanceof TensorClass ? "Tensor" : pyTypename(v));
  if (!Array.isArray(tensors))
    throw new TypeError(`${op}(): argument 'tensors' (position 1) must be tuple of Tensors, not ${name(tensors)}`);
  for (const [i, t] of tensors.entries())
    if (!(t instanceof TensorClass))
      throw new TypeError(`expected Tensor as element ${i} in argument 0, but got ${name(t)}`);
  return callAten(op, op, undefined, [tensors, ...rest]) as Tensor;
}
/** torch.column_stack: 1-D tensors as columns and the others side by side (hstack after making them at least 2-D). */
export const columnStack = (tensors: Tensor[], options?: { out?: Tensor }): Tensor =>
  stackOf("column_stack", tensors, options === undefined ? [] : [options]);
/** torch.row_stack: vstack's alias (1-D tensors become rows, then concatenation along dim 0). */
export const rowStack = (tensors: Tensor[], options?: { out?: Tensor }): Tensor =>
  stackOf("row_stack", tensors, options === undefined ? [] : [options]);

const repeatInterleaveMethod = fn("repeatInterleave");
/**
 * torch.repeat_interleave(input, repeats, dim); see {@link Tensor.repeatInterleave}. With a tensor alone,
 * torch.repeat_interleave(repeats) repeats each index i repeats[i] times (aten's repeats-only overload).
 */
export const repeatInterleave = ((input: Tensor, ...a: unknown[]) => {
  if (a.length === 0 || (a.length === 1 && isOptions(a[0]) && !("repeats" in a[0])))
    return callAten("repeat_interleave", "repeat_interleave", undefined, [input, ...a]);
  return repeatInterleaveMethod(input, ...(a as [number]));
}) as typeof repeatInterleaveMethod & {
  /** torch.repeat_interleave(repeats): each index i repeated repeats[i] times. */
  (repeats: Tensor, o?: { outputSize?: number }): Tensor;
  /** Python's keyword forms: repeat_interleave(x, 3, dim=1), repeat_interleave(x, repeats=3, dim=1). */
  (input: Tensor, repeats: number | Tensor, o: { dim?: number | null; outputSize?: number }): Tensor;
  (input: Tensor, o: { repeats: number | Tensor; dim?: number | null; outputSize?: number }): Tensor;
};
/** torch.sin(input, ...); see {@link Tensor.sin}. */
export const sin = fn("sin");
/** torch.cos(input, ...); see {@link Tensor.cos}. */
export const cos = fn("cos");
/** torch.neg(input, ...); see {@link Tensor.neg}. */
export const neg = fn("neg");
/** torch.reciprocal(input, ...); see {@link Tensor.reciprocal}. */
export const reciprocal = fn("reciprocal");
/** torch.rsqrt(input, ...); see {@link Tensor.rsqrt}. */
export const rsqrt = fn("rsqrt");
/** torch.sign(input, ...); see {@link Tensor.sign}. */
export const sign = fn("sign");
/** torch.floor(input, ...); see {@link Tensor.floor}. */
export const floor = fn("floor");
/** torch.ceil(input, ...); see {@link Tensor.ceil}. */
export const ceil = fn("ceil");
/** torch.round(input, ...); see {@link Tensor.round}. */
export const round = fn("round");
/** torch.remainder(input, ...); see {@link Tensor.remainder}. */
export const remainder = fn("remainder");
/** torch.var(input, ...); see {@link Tensor.var}. */
const var_ = fn("var");

export { var_ as var };

// torch.* functions with no Tensor method of the same shape.
/** einsum's sublist subscripts (0-51, or "..." for Ellipsis) as an equation's letters (torch/functional.py). */
function einsumSubscripts(list: unknown): string {
  if (!Array.isArray(list)) throw new TypeError(`einsum(): subscripts must be a list, not ${pyTypename(list)}`);
  return list
    .map((n) => {
      if (n === "...") return "...";
      if (typeof n === "number" && n >= 0 && n < 26) return String.fromCharCode(65 + n);
      if (typeof n === "number" && n >= 26 && n < 52) return String.fromCharCode(97 + n - 26);
      throw new ValueError("einsum(): subscript in subscript list is not within the valid range [0, 52)");
    })
    .join("");
}

/**
 * torch.einsum: Einstein summation, `einsum("ij,jk->ik", a, b)` (operands also as one array), or the sublist
 * format `einsum(a, [0, 1], b, [1, 2], [0, 2])` (subscripts 0-51, "..." for Python's Ellipsis).
 */
export function einsum(equation: string, ...operands: Tensor[] | [Tensor[]]): Tensor;
export function einsum(operand: Tensor, ...sublists: unknown[]): Tensor;
export function einsum(...args: unknown[]): Tensor {
  if (args.length < 2)
    throw new ValueError(
      "einsum(): must specify the equation string and at least one operand, or at least one operand and its subscripts list",
    );
  let equation: unknown;
  let operands: unknown[];
  if (args[0] instanceof TensorClass) {
    equation = args
      .filter((_, i) => i % 2 === 1)
      .map(einsumSubscripts)
      .join(",");
    if (args.length % 2 === 1) {
      equation += `->${einsumSubscripts(args[args.length - 1])}`;
      operands = args.filter((_, i) => i % 2 === 0 && i < args.length - 1);
    } else operands = args.filter((_, i) => i % 2 === 0);
  } else {
    equation = args[0];
    operands = args.slice(1);
  }
  if (operands.length === 1 && Array.isArray(operands[0]))
    return einsum(equation as string, ...(operands[0] as Tensor[]));
  if (typeof equation !== "string") throw new TypeError("einsum(): argument 'equation' must be str");
  return new TensorClass(
    native.einsum(
      equation,
      operands.map((t, i) => asTensor(t, `operand ${i}`).handle),
    ),
  );
}
// torch.cdist's compute_mode names, as aten::cdist's compute_mode values (torch/functional.py).
const CDIST_MODES: Record<string, number | null> = {
  use_mm_for_euclid_dist_if_necessary: null,
  use_mm_for_euclid_dist: 1,
  donot_use_mm_for_euclid_dist: 2,
};
function cdistImpl(x1: Tensor, x2: Tensor, p = 2.0, computeMode = "use_mm_for_euclid_dist_if_necessary"): Tensor {
  const mode = typeof computeMode === "string" ? CDIST_MODES[computeMode] : undefined;
  if (mode === undefined) throw new ValueError(`${String(computeMode)} is not a valid value for compute_mode`);
  if (mode === null)
    return new TensorClass(native.cdist(asTensor(x1, "x1").handle, asTensor(x2, "x2").handle, checkNumber(p, "p")));
  return callAten("cdist", "cdist", undefined, [x1, x2, checkNumber(p, "p"), mode]) as Tensor;
}
/**
 * torch.cdist: the p-norm distance between each row of x1 and each row of x2 (batched); computeMode chooses
 * the matrix-product form of the Euclidean distance ("use_mm_for_euclid_dist_if_necessary", the default:
 * for more than 25 rows; "use_mm_for_euclid_dist"; "donot_use_mm_for_euclid_dist").
 */
export const cdist = pythonCall(cdistImpl, "cdist", "x1 x2 p? computeMode?") as {
  (x1: Tensor, x2: Tensor, p?: number, computeMode?: string): Tensor;
  (x1: Tensor, x2: Tensor, p: number, options: { computeMode?: string }): Tensor;
  (x1: Tensor, x2: Tensor, options: { p?: number; computeMode?: string }): Tensor;
};
/** torch.bincount: occurrences of each value of a 1-D non-negative int tensor (summed `weights` if given). */
function bincountImpl(input: Tensor, weights?: Tensor | null, minlength = 0): Tensor {
  const w = weights == null ? undefined : asTensor(weights, "weights").handle;
  return new TensorClass(native.bincount(asTensor(input, "input").handle, w, checkInt(minlength, "minlength")));
}
/** torch.bincount, also in Python's call forms (keywords for any parameter). */
export const bincount = pythonCall(bincountImpl, "bincount", "input weights? minlength?");
/** torch.bucketize: for each value, the index of its bucket among the sorted `boundaries`. */
function bucketizeImpl(
  input: Tensor | number,
  boundaries: Tensor,
  o: { outInt32?: boolean; right?: boolean } = {},
): Tensor {
  checkKwargs(o, ["outInt32", "right"], "bucketize");
  // A number as the input: aten's bucketize.Scalar (a 0-d result).
  if (!(input instanceof TensorClass) && typeof input === "number")
    return callAten("bucketize", "bucketize", undefined, [input, boundaries, o]) as Tensor;
  return new TensorClass(
    native.bucketize(
      asTensor(input, "input").handle,
      asTensor(boundaries, "boundaries").handle,
      checkBool(o.outInt32 ?? false, "out_int32"),
      checkBool(o.right ?? false, "right"),
    ),
  );
}
/** torch.bucketize, also with Python's out= keyword. */
export const bucketize = withOut("bucketize", "bucketize", bucketizeImpl);
/** torch.searchsorted: where each value would be inserted into the sorted innermost rows of `sortedSequence`. */
function searchsortedImpl(
  sortedSequence: Tensor,
  values: Tensor | number,
  o: { outInt32?: boolean; right?: boolean; side?: "left" | "right"; sorter?: Tensor | null } = {},
): Tensor {
  checkKwargs(o, ["outInt32", "right", "side", "sorter"], "searchsorted");
  // With a sorter (the permutation that sorts an unsorted sequence) or a number as the value (searchsorted.Scalar),
  // the operator's schema form.
  if (o.sorter != null || typeof values === "number")
    return callAten("searchsorted", "searchsorted", undefined, [sortedSequence, values, o]) as Tensor;
  if (o.side !== undefined && o.side !== "left" && o.side !== "right")
    throw new Error(`torch.searchsorted(): side can only be 'left' or 'right' but got ${String(o.side)}`);
  const right = checkBool(o.right ?? false, "right");
  if (o.side === "left" && right)
    throw new Error(
      "torch.searchsorted(): side and right can't be set to opposites, got side of left while right was True",
    );
  return new TensorClass(
    native.searchsorted(
      asTensor(sortedSequence, "sorted_sequence").handle,
      asTensor(values as Tensor, "input").handle,
      checkBool(o.outInt32 ?? false, "out_int32"),
      right || o.side === "right",
    ),
  );
}
/** torch.searchsorted: the indices where `values` would be inserted to keep `sortedSequence` sorted. */
export const searchsorted = withOut("searchsorted", "searchsorted", searchsortedImpl);
/** torch.histc: a histogram of `bins` equal bins between min and max (the data's range when both are 0). */
function histcImpl(input: Tensor, bins = 100, min = 0, max = 0): Tensor {
  return new TensorClass(
    native.histc(
      asTensor(input, "input").handle,
      checkInt(bins, "bins"),
      checkNumber(min, "min"),
      checkNumber(max, "max"),
    ),
  );
}
/** torch.histc, also in Python's call forms (keywords for any parameter). */
export const histc = withOut("histc", "histc", pythonCall(histcImpl, "histc", "input bins? min? max?"));
/** torch.addmm(input, mat1, mat2, {beta, alpha}); see {@link Tensor.addmm}. */
export const addmm = fn("addmm");
/** torch.addmv(input, mat, vec, {beta, alpha}); see {@link Tensor.addmv}. */
export const addmv = fn("addmv");
/** torch.clip(input, min, max); see {@link Tensor.clamp}. */
export const clip = fn("clip");
/** torch.exp2(input); see {@link Tensor.exp2}. */
export const exp2 = fn("exp2");
/** torch.logaddexp(input, other); see {@link Tensor.logaddexp}. */
export const logaddexp = fn("logaddexp");
/** torch.argwhere(input); see {@link Tensor.argwhere}. */
export const argwhere = fn("argwhere");
/** torch.fliplr(input): aten::fliplr, which refuses a tensor of fewer than 2 dimensions as PyTorch does. */
export const fliplr = (input: Tensor): Tensor =>
  callAten("fliplr", "fliplr", undefined, [asTensor(input, "input")]) as Tensor;
/** torch.flipud(input): aten::flipud, which refuses a 0-d tensor as PyTorch does. */
export const flipud = (input: Tensor): Tensor =>
  callAten("flipud", "flipud", undefined, [asTensor(input, "input")]) as Tensor;
/** torch.rot90(input, k, dims); see {@link Tensor.rot90}. */
export const rot90 = fn("rot90");
/** torch.quantile(input, q, dim, keepdim, {interpolation}); see {@link Tensor.quantile}. */
export const quantile = fn("quantile");
/** torch.nanquantile; see {@link Tensor.nanquantile}. */
export const nanquantile = fn("nanquantile");
/** torch.nansum; see {@link Tensor.nansum}. */
export const nansum = fn("nansum");
/** torch.nanmean; see {@link Tensor.nanmean}. */
export const nanmean = fn("nanmean");
/** torch.var_mean; see {@link Tensor.varMean}. */
export const varMean = fn("varMean");
/** torch.std_mean; see {@link Tensor.stdMean}. */
export const stdMean = fn("stdMean");
/** torch.mode; see {@link Tensor.mode}. */
export const mode = fn("mode");
/** torch.diff; see {@link Tensor.diff}. */
export const diff = fn("diff");
/** torch.logcumsumexp; see {@link Tensor.logcumsumexp}. */
export const logcumsumexp = fn("logcumsumexp");
/** torch.cov; see {@link Tensor.cov}. */
export const cov = fn("cov");
/** torch.corrcoef; see {@link Tensor.corrcoef}. */
export const corrcoef = fn("corrcoef");

// ---- Python-level torch functions over ATen operators (torch/functional.py's logic, libtorch's kernels)
/** torch.atleast_1d(*tensors): each input with at least one dimension; one tensor for one input. */
export function atleast1d(...tensors: Array<Tensor | Tensor[]>): Tensor | Tensor[] {
  return atleast("atleast_1d", tensors);
}
/** torch.atleast_2d(*tensors): each input with at least two dimensions; one tensor for one input. */
export function atleast2d(...tensors: Array<Tensor | Tensor[]>): Tensor | Tensor[] {
  return atleast("atleast_2d", tensors);
}
/** torch.atleast_3d(*tensors): each input with at least three dimensions; one tensor for one input. */
export function atleast3d(...tensors: Array<Tensor | Tensor[]>): Tensor | Tensor[] {
  return atleast("atleast_3d", tensors);
}
function atleast(op: string, tensors: Array<Tensor | Tensor[]>): Tensor | Tensor[] {
  const list = tensors.length === 1 && Array.isArray(tensors[0]) ? tensors[0] : (tensors as Tensor[]);
  if (tensors.length === 1 && !Array.isArray(tensors[0])) return callAten(op, op, undefined, [tensors[0]]) as Tensor;
  return callAten(op, op, undefined, [list]) as Tensor[];
}
/**
 * torch.unique_consecutive: `input` without consecutive repeats; with `returnInverse` / `returnCounts`
 * an array that adds the inverse indices and / or the run lengths, as Python returns a tuple.
 */
function uniqueConsecutiveImpl(
  input: Tensor,
  o: { returnInverse?: boolean; returnCounts?: boolean; dim?: number | null } = {},
): Tensor | Tensor[] {
  checkKwargs(o, ["returnInverse", "returnCounts", "dim"], "unique_consecutive");
  const inverse = checkBool(o.returnInverse ?? false, "return_inverse");
  const counts = checkBool(o.returnCounts ?? false, "return_counts");
  const [out, inv, cnt] = callAten("unique_consecutive", "unique_consecutive", undefined, [
    asTensor(input, "input"),
    inverse,
    counts,
    o.dim ?? null,
  ]) as Tensor[];
  if (!inverse && !counts) return out;
  return [out, ...(inverse ? [inv] : []), ...(counts ? [cnt] : [])];
}
/** torch.unique_consecutive, also in Python's call forms (keywords for any parameter). */
export const uniqueConsecutive = pythonCall(
  uniqueConsecutiveImpl,
  "unique_consecutive",
  "input returnInverse? returnCounts? dim?",
  1,
);
declare module "./tensor" {
  interface Tensor {
    /** Tensor.unique_consecutive: {@link uniqueConsecutive} of this tensor. */
    uniqueConsecutive(o?: { returnInverse?: boolean; returnCounts?: boolean; dim?: number | null }): Tensor | Tensor[];
  }
}
TensorClass.prototype.uniqueConsecutive = function (
  this: Tensor,
  o?: { returnInverse?: boolean; returnCounts?: boolean; dim?: number | null },
) {
  return uniqueConsecutiveImpl(this, o);
};
let luOp: string | undefined;
/** torch.lu(A, pivot=True, get_infos=False): `[LU, pivots]`, plus the infos tensor with `getInfos`. */
function luImpl(A: Tensor, o: { pivot?: boolean; getInfos?: boolean; out?: Tensor[] | null } = {}): Tensor[] {
  checkKwargs(o, ["pivot", "getInfos", "out"], "lu");
  const getInfos = checkBool(o.getInfos ?? false, "get_infos");
  if (o.out != null) {
    // torch/functional.py's _lu_with_infos/_lu_no_infos: the results copied into the given tensors.
    if (!Array.isArray(o.out)) throw new TypeError("lu(): argument 'out' must be a tuple of Tensors");
    if (o.out.length - (getInfos ? 1 : 0) !== 2)
      throw new TypeError(`expected tuple of ${2 + (getInfos ? 1 : 0)} elements but got ${o.out.length}`);
    const res = luImpl(A, { pivot: o.pivot, getInfos });
    o.out.forEach((t, i) => {
      t.resizeAs_(res[i] as Tensor).copy_(res[i] as Tensor);
    });
    return o.out;
  }
  // What torch.lu calls in this libtorch: _lu_with_info in 1.13 (with its deprecation warning),
  // linalg_lu_factor_ex in 2.x, where _lu_with_info is gone.
  luOp ??= native.opOverloads("aten::_lu_with_info").length > 0 ? "_lu_with_info" : "linalg_lu_factor_ex";
  const op = luOp;
  const [LU, pivots, infos] = callAten(op, "lu", undefined, [
    asTensor(A, "A"),
    { pivot: checkBool(o.pivot ?? true, "pivot"), checkErrors: !getInfos },
  ]) as Tensor[];
  return getInfos ? [LU, pivots, infos] : [LU, pivots];
}
/** torch.lu, also in Python's call forms (keywords for any parameter). */
export const lu = pythonCall(luImpl, "lu", "A pivot? getInfos? *out", 1);
declare module "./tensor" {
  interface Tensor {
    /** Tensor.lu(pivot=True, get_infos=False): {@link lu} of this tensor (deprecated in PyTorch for torch.linalg.lu_factor). */
    lu(pivot?: boolean, getInfos?: boolean): Tensor[];
    lu(o: { pivot?: boolean; getInfos?: boolean }): Tensor[];
  }
}
TensorClass.prototype.lu = function (this: Tensor, ...args: unknown[]) {
  return (lu as (A: Tensor, ...a: unknown[]) => Tensor[])(this, ...args);
} as Tensor["lu"];

// Functions PyTorch 1.13 removed, kept as stubs that raise its message naming the torch.linalg replacement
// (lstsq's and matrix_rank's are the repr of a tuple of two strings in 1.13, as here).
function removed(name: string, tuple: boolean): () => never {
  const a = "This function was deprecated since version 1.9 and is now removed.";
  const b = `Please use the \`torch.linalg.${name}\` function instead.`;
  return () => {
    throw new Error(tuple ? `('${a}', '${b}')` : `${a} ${b}`);
  };
}
/** torch.solve: removed in PyTorch 1.13 (raises its message); use torch.linalg.solve. */
export const solve: (...args: unknown[]) => never = removed("solve", false);
/** torch.eig: removed in PyTorch 1.13 (raises its message); use torch.linalg.eig. */
export const eig: (...args: unknown[]) => never = removed("eig", false);
/** torch.lstsq: removed in PyTorch 1.13 (raises its message); use torch.linalg.lstsq. */
export const lstsq: (...args: unknown[]) => never = removed("lstsq", true);
/** torch.matrix_rank: removed in PyTorch 1.13 (raises its message); use torch.linalg.matrix_rank. */
export const matrixRank: (...args: unknown[]) => never = removed("matrix_rank", true);
declare module "./tensor" {
  interface Tensor {
    /** Tensor.solve: removed in PyTorch 1.13 (raises its message); use torch.linalg.solve. */
    solve(...args: unknown[]): never;
    /** Tensor.eig: removed in PyTorch 1.13 (raises its message); use torch.linalg.eig. */
    eig(...args: unknown[]): never;
    /** Tensor.lstsq: removed in PyTorch 1.13 (raises its message); use torch.linalg.lstsq. */
    lstsq(...args: unknown[]): never;
  }
}
TensorClass.prototype.solve = solve;
TensorClass.prototype.eig = eig;
TensorClass.prototype.lstsq = lstsq;
/** torch.broadcast_shapes(*shapes): the shape the shapes broadcast to, found by libtorch as PyTorch does. */
export function broadcastShapes(...shapes: Array<number | number[]>): number[] {
  // torch/functional.py's shape arithmetic (no tensors), with its errors.
  const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
  let maxLen = 0;
  for (const s of shapes) maxLen = Math.max(maxLen, isInt(s) ? 1 : Array.isArray(s) ? s.length : 0);
  const result = new Array<number>(maxLen).fill(1);
  for (const s0 of shapes) {
    const s = isInt(s0) ? [s0] : s0;
    if (!Array.isArray(s))
      throw new Error(`('Input shapes should be of type ints, a tuple of ints, or a list of ints, got ', ${py(s0)})`);
    for (let i = -1; i >= -s.length; i--) {
      const d = s[s.length + i] as number;
      if (d < 0) throw new Error(`Trying to create tensor with negative dimension (${d}): (${d})`);
      const k = maxLen + i;
      if (d === 1 || d === result[k]) continue;
      if (result[k] !== 1) throw new Error("Shape mismatch: objects cannot be broadcast to a single shape");
      result[k] = d;
    }
  }
  return result;
}
/**
 * torch.tensordot(a, b, dims=2): the sum of products over the last `dims` dimensions of `a` and the
 * first `dims` of `b`, or over the dimension lists `[dimsA, dimsB]`.
 */
function tensordotImpl(
  a: Tensor,
  b: Tensor,
  dims: number | [number[], number[]] | Tensor = 2,
  out: Tensor | null = null,
): Tensor {
  let da: number[];
  let db: number[];
  if (dims instanceof TensorClass) {
    const list = dims.tolist() as number | number[][];
    if (typeof list === "number") return tensordotImpl(a, b, list, out);
    [da, db] = list as [number[], number[]];
  } else if (Array.isArray(dims)) {
    [da, db] = dims.map((d) => (typeof d === "number" ? [d] : d)) as [number[], number[]];
  } else {
    const n = checkInt(dims, "dims");
    if (n < 0) throw new Error(`tensordot expects dims >= 0, but got dims=${n}`);
    da = Array.from({ length: n }, (_, i) => i - n);
    db = Array.from({ length: n }, (_, i) => i);
  }
  const args: unknown[] = [asTensor(a, "a"), asTensor(b, "b"), da, db];
  if (out !== null) args.push({ out });
  return callAten("tensordot", "tensordot", undefined, args) as Tensor;
}
/** torch.tensordot, also in Python's call forms (keywords for any parameter, `out` too). */
export const tensordot = pythonCall(tensordotImpl, "tensordot", "a b dims? *out") as WithOut<typeof tensordotImpl>;

/** torch.is_tensor: whether `obj` is a Tensor. */
export function isTensor(obj: unknown): obj is Tensor {
  return obj instanceof TensorClass;
}
/** torch.is_storage: whether `obj` is a storage (Tensor.storage() / untypedStorage()). */
export function isStorage(obj: unknown): boolean {
  return obj instanceof StorageBase;
}
/** torch.typename: "torch.FloatTensor" for a tensor, else the Python type name of the value. */
export function typename(obj: unknown): string {
  return obj instanceof TensorClass ? (obj.type() as string) : pyTypename(obj);
}
/** torch.get_device: the CUDA device index of a tensor, -1 on the CPU. */
export function getDevice(input: Tensor): number {
  return asTensor(input, "input").getDevice();
}
/** torch.is_signed: whether the tensor's dtype is signed. */
export function isSigned(input: Tensor): boolean {
  return asTensor(input, "input").isSigned();
}
