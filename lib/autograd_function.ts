// torch.autograd.Function: an operation with a forward and a backward written by the user. forward runs
// under no_grad; native/autograd.cc's JsFunctionNode becomes the grad_fn of its outputs and calls
// backward during the backward pass (on the thread that called apply: CPU graphs).
import { isGradEnabled, noGrad } from "./autograd";
import { NotImplementedError } from "./errors";
import { native } from "./native";
import { dropDeadCallbacks, setDeadFunctionHandler, Tensor } from "./tensor";

/**
 * The `ctx` a {@link Function}'s forward and backward receive (PyTorch's FunctionCtx): tensors saved for
 * backward, which inputs need a gradient, and any other attribute the function sets on it.
 */
export class FunctionCtx {
  /** For each forward argument: whether it is a tensor that requires grad. */
  needsInputGrad: boolean[] = [];
  /** @internal */
  _saved: Array<Tensor | null> = [];
  /** @internal */
  _nonDifferentiable = new Set<Tensor>();
  /** @internal */
  _materializeGrads = true;
  [attribute: string]: unknown;

  /** ctx.save_for_backward(*tensors): kept for backward, read back as {@link savedTensors}. */
  saveForBackward(...tensors: Array<Tensor | null | undefined>): void {
    for (const t of tensors) {
      if (t !== null && t !== undefined && !(t instanceof Tensor))
        throw new TypeError("save_for_backward can only save variables, but argument 0 is not a Variable");
    }
    this._saved = tensors.map((t) => t ?? null);
  }
  /** ctx.saved_tensors. */
  get savedTensors(): Array<Tensor | null> {
    return [...this._saved];
  }
  /** ctx.mark_non_differentiable(*outputs): these outputs get no gradient (their grad is zeros). */
  markNonDifferentiable(...outputs: Tensor[]): void {
    for (const t of outputs) this._nonDifferentiable.add(t);
  }
  /** ctx.set_materialize_grads(value): false passes undefined output gradients to backward as null. */
  setMaterializeGrads(value: boolean): void {
    if (typeof value !== "boolean") throw new TypeError("set_materialize_grads takes a bool");
    this._materializeGrads = value;
  }
  /** @internal */
  _dirty = new Set<Tensor>();
  /** ctx.mark_dirty(*inputs): inputs the forward changed in place (and returns); they get this node's history. */
  markDirty(...tensors: Tensor[]): void {
    for (const t of tensors) this._dirty.add(t);
  }
}

interface Entry {
  name: string;
  backward: (ctx: FunctionCtx, ...grads: Array<Tensor | null>) => unknown;
  ctx: FunctionCtx;
  /** Whether each forward argument was a tensor. */
  isTensor: boolean[];
}
const functions = new Map<number, Entry>();
let nextId = 0;
let dispatcherSet = false;

function dispatch(token: number, grads: Array<number | null>): Array<number | null> {
  const e = functions.get(-token - 1);
  if (!e) throw new Error("torch.autograd.Function: its context is gone");
  const r = e.backward(e.ctx, ...grads.map((h) => (h === null ? null : new Tensor(h))));
  let list = Array.isArray(r) ? r : [r];
  // Extra trailing gradients are allowed when they are all None (python_function.cpp).
  if (list.length > e.isTensor.length && list.slice(e.isTensor.length).every((g) => g === null || g === undefined))
    list = list.slice(0, e.isTensor.length);
  if (list.length !== e.isTensor.length)
    throw new Error(
      `function ${e.name} returned an incorrect number of gradients (expected ${e.isTensor.length}, got ${list.length})`,
    );
  const out: Array<number | null> = [];
  list.forEach((g, i) => {
    if (!e.isTensor[i]) {
      if (g !== null && g !== undefined)
        throw new Error(
          `function ${e.name} returned a gradient different than None at position ${i + 1}, but the corresponding forward input was not a Variable`,
        );
      return;
    }
    if (g !== null && g !== undefined && !(g instanceof Tensor))
      throw new TypeError(`function ${e.name} returned a gradient that is not a Tensor or None at position ${i + 1}`);
    out.push(g instanceof Tensor ? g.handle : null);
  });
  return out;
}

/**
 * torch.autograd.Function: subclass it with static `forward(ctx, ...args)` and `backward(ctx, ...grads)`
 * and call `apply(...args)`. forward runs with gradients off; backward gets one gradient per output and
 * returns one per forward argument (null for non-tensors and inputs without a gradient).
 *
 * The backward runs in the JS thread, so a graph through a Function must be a CPU graph (on CUDA the
 * autograd engine runs backward on its own device threads, where it throws).
 *
 * @example
 * ```ts
 * class Exp extends torch.autograd.Function {
 *   static forward(ctx: torch.autograd.FunctionCtx, x: Tensor) {
 *     const y = x.exp();
 *     ctx.saveForBackward(y);
 *     return y;
 *   }
 *   static backward(ctx: torch.autograd.FunctionCtx, g: Tensor) {
 *     const [y] = ctx.savedTensors;
 *     return g.mul(y!);
 *   }
 * }
 * const y = Exp.apply(x); // y.gradFn === "ExpBackward"
 * ```
 */
// biome-ignore lint/suspicious/noShadowRestrictedNames: PyTorch's name, torch.autograd.Function.
// biome-ignore lint/complexity/noStaticOnlyClass: subclassed with static forward/backward, as in PyTorch.
export class Function {
  // biome-ignore lint/suspicious/noExplicitAny: a subclass's forward takes its own arguments.
  static forward(_ctx: FunctionCtx, ..._args: any[]): unknown {
    throw new NotImplementedError("You must implement the forward function for custom autograd.Function.");
  }
  // biome-ignore lint/suspicious/noExplicitAny: a subclass's backward takes its own gradients.
  static backward(_ctx: FunctionCtx, ..._grads: any[]): unknown {
    throw new NotImplementedError(
      "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD.",
    );
  }

  /** Runs forward and, when an input requires grad, records backward as its outputs' grad_fn. */
  static apply<T extends typeof Function>(
    this: T,
    ...args: Parameters<T["forward"]> extends [FunctionCtx, ...infer A] ? A : never
  ): ReturnType<T["forward"]> {
    // biome-ignore lint/complexity/noThisInStatic: the subclass apply was called on.
    return applyFunction(this, args as unknown[]) as ReturnType<T["forward"]>;
  }
}

function applyFunction(cls: typeof Function, a: unknown[]): unknown {
  if (cls === Function) throw new Error("torch.autograd.Function.apply must be called on a subclass");
  const ctx = new FunctionCtx();
  ctx.needsInputGrad = a.map((x) => x instanceof Tensor && x.requiresGrad);
  const raw = noGrad(() => cls.forward(ctx, ...a));
  if (!isGradEnabled() || !ctx.needsInputGrad.some(Boolean)) return raw;
  const single = !Array.isArray(raw);
  const outs = single ? [raw] : [...(raw as unknown[])];
  const tensorOuts = outs.filter((o): o is Tensor => o instanceof Tensor);
  // A saved output would keep its own grad_fn (this node, and so ctx) alive: the ctx keeps its data
  // only, as PyTorch's SavedVariable does for outputs.
  ctx._saved = ctx._saved.map((t) => (t !== null && tensorOuts.includes(t) ? t.data : t));
  if (!dispatcherSet) {
    native.setFunctionDispatcher(dispatch);
    setDeadFunctionHandler((dead) => functions.delete(dead));
    dispatcherSet = true;
  }
  dropDeadCallbacks();
  const id = nextId++;
  const name = `${cls.name}Backward`;
  functions.set(id, { name, backward: cls.backward.bind(cls), ctx, isTensor: a.map((x) => x instanceof Tensor) });
  const inputs = a.filter((x): x is Tensor => x instanceof Tensor);
  for (const t of ctx._dirty) {
    if (!tensorOuts.includes(t))
      throw new Error(
        "Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.",
      );
  }
  // Function ids share the dead-id channel with tensor hooks: they travel as -id - 1.
  const replaced = native.functionApply(
    inputs.map((t) => t.handle),
    tensorOuts.map((t) => t.handle),
    -id - 1,
    name,
    {
      nonDifferentiable: tensorOuts.map((t) => (ctx._nonDifferentiable.has(t) ? 1 : 0)),
      dirty: tensorOuts.map((t) => (ctx._dirty.has(t) ? 1 : 0)),
      materializeGrads: ctx._materializeGrads,
    },
  );
  let k = 0;
  const result = outs.map((o) => {
    if (!(o instanceof Tensor)) return o;
    const h = replaced[k++];
    return h === null || h === undefined ? o : new Tensor(h);
  });
  return single ? result[0] : result;
}
