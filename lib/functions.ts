// The torch.* forms of Tensor methods (torch.flatten(x, 1), torch.sum(x, 1), torch.max(x, 1), ...), as
// pytorch/examples write them. Each calls the method, so arguments and results are the method's.
import { asTensor, type Tensor } from "./tensor";

type Method<K extends keyof Tensor> = Tensor[K] extends (...a: infer A) => infer R
  ? (input: Tensor, ...a: A) => R
  : never;

function fn<K extends keyof Tensor>(name: K): Method<K> {
  const f = (input: Tensor, ...a: unknown[]) => {
    const m = asTensor(input, "input")[name] as unknown as (...x: unknown[]) => unknown;
    return m.apply(input, a);
  };
  Object.defineProperty(f, "name", { value: name });
  return f as Method<K>;
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
export const gather = fn("gather");
/** torch.narrow(input, ...): `input.narrow(...)`, with the same arguments and result; see {@link Tensor.narrow}. */
export const narrow = fn("narrow");
/** torch.flip(input, ...): `input.flip(...)`, with the same arguments and result; see {@link Tensor.flip}. */
export const flip = fn("flip");
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
