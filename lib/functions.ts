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

export const flatten = fn("flatten");
export const reshape = fn("reshape");
export const squeeze = fn("squeeze");
export const unsqueeze = fn("unsqueeze");
export const transpose = fn("transpose");
export const permute = fn("permute");
export const sum = fn("sum");
export const mean = fn("mean");
export const std = fn("std");
export const prod = fn("prod");
export const max = fn("max");
export const min = fn("min");
export const argmax = fn("argmax");
export const argmin = fn("argmin");
export const add = fn("add");
export const sub = fn("sub");
export const mul = fn("mul");
export const div = fn("div");
export const pow = fn("pow");
export const matmul = fn("matmul");
export const mm = fn("mm");
export const maximum = fn("maximum");
export const minimum = fn("minimum");
export const clamp = fn("clamp");
export const exp = fn("exp");
export const log = fn("log");
export const abs = fn("abs");
export const sqrt = fn("sqrt");
export const sigmoid = fn("sigmoid");
export const tanh = fn("tanh");
export const relu = fn("relu");
export const eq = fn("eq");
export const allclose = fn("allclose");
export const equal = fn("equal");
export const isnan = fn("isnan");
export const indexSelect = fn("indexSelect");
export const gather = fn("gather");
export const narrow = fn("narrow");
export const flip = fn("flip");
export const clone = fn("clone");
export const detach = fn("detach");
export const numel = fn("numel");
export const softmax = fn("softmax");
export const logSoftmax = fn("logSoftmax");
