// Python's copy.deepcopy for what a training script copies: modules (an EMA or SWA model, the best model
// so far), state dicts, tensors, and arrays, Maps and plain objects of them. Shared references stay
// shared in the copy (a memo, as Python's), so tied weights remain tied.

import { noGrad } from "./autograd";
import { copyModule, Module } from "./nn/module";
import { Parameter } from "./nn/parameter";
import { Tensor } from "./tensor";

function copyTensor(t: Tensor, copyGrad: (g: Tensor) => unknown): Tensor {
  // Tensor.__deepcopy__: graph leaves only, with their requires_grad and grad (the grad through the memo, as
  // Python's self.grad.__deepcopy__(memo): deepcopy([a, a.grad]) gives a copy whose grad is the copied grad).
  if (!t.isLeaf)
    throw new Error(
      "Only Tensors created explicitly by the user (graph leaves) support the deepcopy protocol at the moment",
    );
  const data = noGrad(() => t.clone());
  const c = t instanceof Parameter ? new Parameter(data, t.requiresGrad) : data.requiresGrad_(t.requiresGrad);
  if (t.grad !== null) c.grad = copyGrad(t.grad) as Tensor;
  return c;
}

// The memo's key for a tensor. Python keys it by id(tensor); torchts hands out a new wrapper per access of
// the same tensor (x.grad twice), so a strided tensor is known by its memory and geometry instead: what reads
// the same elements the same way, with the same requires_grad, is copied once.
function tensorKey(t: Tensor): unknown {
  if (t.layout !== "strided") return t;
  const ptr = t.dataPtr();
  if (ptr === 0) return t;
  return `tensor|${ptr}|${t.storageOffset()}|${t.shape.join(",")}|${t.stride().join(",")}|${t.dtype}|${t.requiresGrad}`;
}

/**
 * copy.deepcopy: a copy of `value` that shares no tensor memory with it. Modules come back as the same
 * class with copied parameters, buffers and submodules (not constructed again); functions and class
 * instances other than modules and tensors are shared, as Python shares what it cannot copy.
 */
export function deepcopy<T>(value: T): T {
  const memo = new Map<unknown, unknown>();
  const copy = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (memo.has(v)) return memo.get(v);
    if (v instanceof Tensor) {
      const key = tensorKey(v);
      if (memo.has(key)) return memo.get(key);
      const c = copyTensor(v, copy);
      memo.set(key, c);
      memo.set(v, c);
      return c;
    }
    if (v instanceof Module) return copyModule(v, copy, (c) => memo.set(v, c));
    if (Array.isArray(v)) {
      const c: unknown[] = [];
      memo.set(v, c);
      for (const x of v) c.push(copy(x));
      return c;
    }
    if (v instanceof Map) {
      const c = new Map();
      memo.set(v, c);
      for (const [k, x] of v) c.set(k, copy(x));
      return c;
    }
    if (v instanceof Set) {
      const c = new Set();
      memo.set(v, c);
      for (const x of v) c.add(copy(x));
      return c;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return v;
    const c: Record<string | symbol, unknown> = Object.create(proto);
    memo.set(v, c);
    for (const key of Reflect.ownKeys(v)) {
      const d = Reflect.getOwnPropertyDescriptor(v, key) as PropertyDescriptor;
      if ("value" in d) d.value = copy(d.value);
      Reflect.defineProperty(c, key, d);
    }
    return c;
  };
  return copy(value) as T;
}
