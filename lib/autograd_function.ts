// torch.autograd.Function: an operation with a forward and a backward written by the user. forward runs
// under no_grad (and without forward gradients); native/autograd.cc's JsFunctionNode becomes the grad_fn
// of its outputs and calls backward during the backward pass (on the thread that called apply: CPU
// graphs). With forward-mode AD, the class's jvp gives the outputs their tangents, with the checks of
// PyTorch 1.13's _process_forward_mode_AD (torch/csrc/autograd/custom_function.cpp).
import { isGradEnabled, noGrad } from "./autograd";
import { setFwdGradEnabled, setFwGrad, unpackDual } from "./autograd_forward_ad";
import { setFunctionCtxLookup } from "./autograd_graph";
import { zerosLike } from "./creation";
import { NotImplementedError } from "./errors";
import { type GraphNode, type Handle, native, type SavedVariables } from "./native";
import { dropDeadCallbacks, setDeadFunctionHandler, setReleasedFunctionHandler, Tensor } from "./tensor";
import { pyTypename } from "./utils/pyrepr";
import { warn } from "./warnings";

/**
 * The `ctx` a {@link Function}'s forward and backward receive (PyTorch's FunctionCtx): tensors saved for
 * backward, which inputs need a gradient, and any other attribute the function sets on it.
 */
export class FunctionCtx {
  /** For each forward argument: whether it is a tensor that requires grad. */
  needsInputGrad: boolean[] = [];
  /** @internal */
  _saved: Array<Tensor | null> = [];
  /** @internal Once the graph is recorded: the saved tensors as the node's SavedVariables, and the node (weakly). */
  _savedVars: SavedVariables | null = null;
  /** @internal */
  _node: GraphNode | null = null;
  /** @internal */
  _nonDifferentiable = new Set<Tensor>();
  /** @internal */
  _materializeGrads = true;
  /** @internal Tensors kept for jvp (save_for_forward); null when none were saved. */
  _savedForForward: Array<Tensor | null> | null = null;
  /** @internal True while jvp runs: savedTensors then reads the tensors saved for forward. */
  _inJvp = false;
  [attribute: string]: unknown;

  /** ctx.save_for_backward(*tensors): kept for backward, read back as {@link savedTensors}. */
  saveForBackward(...tensors: Array<Tensor | null | undefined>): void {
    for (const t of tensors) {
      if (t !== null && t !== undefined && !(t instanceof Tensor))
        throw new TypeError("save_for_backward can only save variables, but argument 0 is not a Variable");
    }
    this._saved = tensors.map((t) => t ?? null);
  }
  /**
   * ctx.save_for_forward(*tensors): kept for jvp, where {@link savedTensors} reads them back (in jvp,
   * savedTensors is empty when nothing was saved for forward).
   */
  saveForForward(...tensors: Array<Tensor | null | undefined>): void {
    for (const t of tensors) {
      if (t !== null && t !== undefined && !(t instanceof Tensor))
        throw Object.assign(
          new Error(
            "save_for_forward expects all arguments to be tensors; you should save non-tensors as attributes on ctx.",
          ),
          { name: "AssertionError" },
        );
    }
    this._savedForForward = tensors.map((t) => t ?? null);
  }
  /** @internal Set once a backward without retainGraph has run through this Function (PyNode's release_variables). */
  _freed = false;
  /** ctx.saved_tensors: what saveForBackward kept; inside jvp, what saveForForward kept. */
  get savedTensors(): Array<Tensor | null> {
    if (this._inJvp) return [...(this._savedForForward ?? [])];
    if (this._freed) throw new Error(FREED);
    // SavedVariable::unpack: an output comes back as that output of this Function's node (so a double
    // backward reaches the Function again), and a tensor changed in place since raises PyTorch's error.
    if (this._savedVars !== null)
      return native
        .functionUnpackVariables(this._savedVars, this._node)
        .map((h) => (h === null ? null : new Tensor(h)));
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

const FREED =
  "Trying to backward through the graph a second time (or directly access saved tensors after they have already " +
  "been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). " +
  "Specify retain_graph=True if you need to backward through the graph a second time or if you need to access " +
  "saved tensors after calling backward.";

// What release_variables does to a Python Function's node after a backward without retain_graph: its
// saved tensors are dropped, and reading them raises.
function releaseSaved(ctx: FunctionCtx): void {
  ctx._freed = true;
  ctx._saved = [];
  if (ctx._savedVars !== null) native.functionReleaseVariables(ctx._savedVars);
  ctx._savedVars = null;
}

interface Entry {
  name: string;
  backward: (ctx: FunctionCtx, ...grads: Array<Tensor | null>) => unknown;
  ctx: FunctionCtx;
  /** Whether each forward argument was a tensor. */
  isTensor: boolean[];
  /** Whether each forward output was a tensor (backward gets null for the others). */
  outIsTensor: boolean[];
}
const functions = new Map<number, Entry>();
// A Function node's JS object reads its ctx (lib/autograd_graph.ts): the native id is -id - 1.
setFunctionCtxLookup((token) => functions.get(-token - 1)?.ctx);
let nextId = 0;
let dispatcherSet = false;

function dispatch(token: number, grads: Array<number | null>, released: boolean): Array<number | null> {
  const e = functions.get(-token - 1);
  if (!e) throw new Error("torch.autograd.Function: its context is gone");
  if (released) releaseSaved(e.ctx);
  // One gradient per output, as PyTorch passes them: null where the output was not a tensor.
  const perOutput = e.outIsTensor.map((isTensor, i) => {
    const h = grads[i];
    return !isTensor || h === null || h === undefined ? null : new Tensor(h);
  });
  const r = e.backward(e.ctx, ...perOutput);
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
 * const y = Exp.apply(x); // y.gradFn.name() === "ExpBackward"
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
  /**
   * Forward-mode AD: called by apply when an input has a tangent at the current forward-AD level, with
   * one tangent per forward argument (zeros for a tensor without one, or null after
   * ctx.setMaterializeGrads(false); null for non-tensors); returns one tangent per output (null for
   * non-tensor and non-differentiable outputs). Runs with forward gradients off and grad mode as apply
   * found it; `ctx.savedTensors` there are those of `ctx.saveForForward`.
   */
  // biome-ignore lint/suspicious/noExplicitAny: a subclass's jvp takes its own tangents.
  static jvp(_ctx: FunctionCtx, ..._gradInputs: any[]): unknown {
    throw new NotImplementedError(
      "You must implement the jvp function for custom autograd.Function to use it with forward mode AD.",
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
  // The inputs' tangents at the current forward-AD level (none outside a level or with forward grads off).
  const tangents = a.map((x) => (x instanceof Tensor ? tangentOf(x) : null));
  const raw = noGrad(() => setFwdGradEnabled(false, () => cls.forward(ctx, ...a)));
  const forwardAd = tangents.some((t) => t !== null);
  const single = !Array.isArray(raw);
  const outs = single ? [raw] : [...(raw as unknown[])];
  if (!isGradEnabled() || !ctx.needsInputGrad.some(Boolean)) {
    // An input returned as-is comes out as a view of it, as in PyTorch 1.13 (marked dirty or not: without
    // a graph to record, 1.13 keeps no dirty input as the output).
    const result = outs.map((o) =>
      o instanceof Tensor && a.includes(o) ? noGrad(() => setFwdGradEnabled(false, () => o.viewAs(o))) : o,
    );
    // Views among the outputs (inputs marked dirty aside) are still made in a custom Function: changing one in
    // place raises PyTorch's error.
    native.functionMarkViews(
      result.flatMap((r, i) =>
        r instanceof Tensor && !(ctx._dirty.has(outs[i] as Tensor) && a.includes(outs[i])) ? [r.handle] : [],
      ),
    );
    if (forwardAd) forwardAdTangents(cls, ctx, a, tangents, outs, result)(result);
    return single ? result[0] : result;
  }
  // With forward AD, jvp runs before the graph is recorded: outputs of forward's own get their tangent in
  // place while nothing requires grad yet (see setTangentInPlace); views and inputs, which the graph
  // replaces by new tensors, get theirs after.
  const later = forwardAd ? forwardAdTangents(cls, ctx, a, tangents, outs, outs) : null;
  const tensorOuts = outs.filter((o): o is Tensor => o instanceof Tensor);
  if (!dispatcherSet) {
    native.setFunctionDispatcher(dispatch);
    setDeadFunctionHandler((dead) => functions.delete(dead));
    setReleasedFunctionHandler((released) => {
      const e = functions.get(released);
      if (e) releaseSaved(e.ctx);
    });
    dispatcherSet = true;
  }
  dropDeadCallbacks();
  const id = nextId++;
  const name = `${cls.name}Backward`;
  functions.set(id, {
    name,
    backward: cls.backward.bind(cls),
    ctx,
    isTensor: a.map((x) => x instanceof Tensor),
    outIsTensor: outs.map((o) => o instanceof Tensor),
  });
  const inputs = a.filter((x): x is Tensor => x instanceof Tensor);
  for (const t of ctx._dirty) {
    if (!tensorOuts.includes(t))
      throw new Error(
        "Some elements marked as dirty during the forward method were not returned as output. The inputs that are modified inplace must all be outputs of the Function.",
      );
  }
  // _wrap_outputs' checks of a differentiable output marked dirty, in its order: one that is no input is
  // only warned about; an input that is a view can only be the Function's one output.
  for (const t of tensorOuts) {
    if (!ctx._dirty.has(t) || ctx._nonDifferentiable.has(t) || !(t.isFloatingPoint() || t.isComplex())) continue;
    if (!a.includes(t))
      warn(
        "Only input Tensors should be given to ctx.mark_dirty(). If a Tensor is not an input, there is no need to pass it to mark_dirty().",
      );
    if (t._isView() && outs.length > 1)
      throw new Error(
        "If your Function modifies inplace an input that is a view of another Tensor, your Function cannot return more than one Tensor. This is not supported by the current autograd engine. You should either make sure the input is not a view (using .clone() for example) or make your Function only return one Tensor (potentially splitting it into two Functions: one doing the inplace that returns a single Tensor and a second one that does the other operations). You can ask on the forum https://discuss.pytorch.org/ if you need help to do this change.",
      );
  }
  // Function ids share the dead-id channel with tensor hooks: they travel as -id - 1.
  // Every output has its slot in the node (undefined where it is no tensor).
  const replaced = native.functionApply(
    inputs.map((t) => t.handle),
    outs.map((o) => (o instanceof Tensor ? o.handle : undefined)),
    -id - 1,
    name,
    {
      nonDifferentiable: outs.map((o) => (o instanceof Tensor && ctx._nonDifferentiable.has(o) ? 1 : 0)),
      dirty: outs.map((o) => (o instanceof Tensor && ctx._dirty.has(o) ? 1 : 0)),
      materializeGrads: ctx._materializeGrads,
    },
  );
  const result = outs.map((o, i) => {
    if (!(o instanceof Tensor)) return o;
    const h = replaced[i] as Handle | null;
    return h === null || h === undefined ? o : new Tensor(h);
  });
  // The saved tensors become the node's SavedVariables (as PyTorch's _save_variables, after the outputs got
  // their history): an output is kept without its grad_fn, which would keep this node and ctx alive.
  const node = replaced[outs.length] as GraphNode;
  ctx._node = node;
  ctx._savedVars = native.functionSaveVariables(
    node,
    ctx._saved.map((t) => t?.handle ?? null),
  );
  ctx._saved = [];
  later?.(result);
  return single ? result[0] : result;
}

// x's tangent at the current forward-AD level, or null (the primal view unpackDual also makes is freed).
function tangentOf(x: Tensor): Tensor | null {
  const dual = unpackDual(x);
  if (dual.primal !== x) dual.primal.dispose();
  return dual.tangent;
}

// The same tensor, as far as JS can tell: the same object, or (for the new Tensor objects _base hands
// out) the same memory, offset, sizes, strides, dtype and conj/neg bits. (Not isSetTo: the conjugate
// fallback hands it a resolved copy of a conj view.)
function sameTensor(x: Tensor, y: Tensor): boolean {
  return (
    x === y ||
    (x.dtype === y.dtype &&
      x.untypedStorage().dataPtr() === y.untypedStorage().dataPtr() &&
      x.storageOffset() === y.storageOffset() &&
      x.shape.join() === y.shape.join() &&
      x.stride().join() === y.stride().join() &&
      x.isConj() === y.isConj() &&
      x.isNeg() === y.isNeg())
  );
}
// The tensor `t` is a view of (its autograd base), or t itself.
const baseOf = (t: Tensor): Tensor => (t._isView() ? (t._base ?? t) : t);

// out._set_fw_grad(grad, level, is_inplace_op=true): libtorch gives `out` (and, for a view, its base) the
// tangent, `out` staying the same tensor with its grad_fn and its version.
function setTangentInPlace(out: Tensor, grad: Tensor): void {
  if (out.shape.join() !== grad.shape.join())
    throw new Error(
      `Trying to set a forward gradient that has a different size than that of the original Tensor, this is not supported. Tensor is of size [${out.shape.join(", ")}] while the given forward gradient is of size [${grad.shape.join(", ")}].`,
    );
  setFwGrad(out, grad, true);
}

// The forward-AD half of apply: calls jvp with the inputs' tangents, checks what it returns as PyTorch
// 1.13's _process_forward_mode_AD does (with its messages), and gives the outputs their tangents. `outs`
// are what forward returned, `now` the outputs as they are at this point: those that keep their identity
// get their tangent here; the function returned gives the others theirs in `result`, the outputs as
// apply returns them (an input returned as-is comes back as a new view of it; views keep the tangent
// jvp returned, as-is).
function forwardAdTangents(
  cls: typeof Function,
  ctx: FunctionCtx,
  a: unknown[],
  tangents: Array<Tensor | null>,
  outs: unknown[],
  now: unknown[],
): (result: unknown[]) => void {
  const versions = tangents.map((t) => (t === null ? -1 : t._version));
  let r: unknown;
  ctx._inJvp = true;
  try {
    r = setFwdGradEnabled(false, () => {
      const gradInputs = a.map((x, i) =>
        x instanceof Tensor ? (tangents[i] ?? (ctx._materializeGrads ? zerosLike(x) : null)) : null,
      );
      return cls.jvp(ctx, ...gradInputs);
    });
  } finally {
    ctx._inJvp = false;
  }
  const grads = Array.isArray(r) ? r : [r];
  grads.forEach((g, i) => {
    if (g !== null && g !== undefined && !(g instanceof Tensor))
      throw new Error(`expected Variable or None (got ${pyTypename(g)}) for grad output ${i}.`);
  });
  if (grads.length !== outs.length)
    throw new Error(
      `Function's jvp returned an invalid number of forward gradients (expected ${outs.length} but got ${grads.length})`,
    );
  const later: Array<(result: unknown[]) => void> = [];
  const done = (result: unknown[]) => {
    for (const f of later) f(result);
  };
  // Where each input's base (the tensor it is a view of, or itself) is, for outputs that are views.
  const inputBases = a.map((x) => (x instanceof Tensor ? baseOf(x) : null));
  for (let i = 0; i < outs.length; i++) {
    const raw = outs[i];
    const g = grads[i] instanceof Tensor ? (grads[i] as Tensor) : null;
    // 1.13 does not look at mark_non_differentiable here: such an output still takes a tangent. (It
    // fails an internal assert for an integer output; torchts refuses a tangent for one as for a
    // non-tensor.)
    const differentiable = raw instanceof Tensor && (raw.isFloatingPoint() || raw.isComplex());
    if (!differentiable) {
      if (g !== null)
        throw new Error(
          `Function's jvp returned a gradient at position ${i}, but  the corresponding forward output is not a differentiable Tensor.You should return None at that position instead.`,
        );
      continue;
    }
    // No tangent for a tensor output: 1.13 fails an internal assert; torchts leaves it without one.
    if (g === null) continue;
    const o = now[i] as Tensor;
    const inputIdx = a.indexOf(raw);
    if (ctx._dirty.has(raw as Tensor)) {
      if (inputIdx < 0)
        throw new Error(
          "Only input Tensors should be given to ctx.mark_dirty(). If a Tensor is not an input, there is no need to pass it to mark_dirty().",
        );
      const had = tangents[inputIdx];
      if (had !== null && had !== undefined) {
        // The input's tangent must have been changed in place and returned as-is.
        if (g._version === versions[inputIdx])
          throw new Error(
            "An inplace custom Function is not modifying the forward mode gradients inplace. If the forward is modifying an input inplace, then the jvp function must modify the corresponding gradient inplace.",
          );
        if (!sameTensor(g, had))
          throw new Error(
            "An inplace custom Function is not returning the forward mode gradients as-is. If the forward is modifying an input inplace, then the jvp function must modify the gradient inplace and return it as-is.",
          );
      } else if (o === raw) {
        setTangentInPlace(o, g);
      } else {
        later.push((result) => setTangentInPlace(result[i] as Tensor, g));
      }
      continue;
    }
    // An input returned as-is, or a view of an input (or of an input's base), is a view of that input.
    let viewOf = inputIdx;
    if (viewOf < 0 && (raw as Tensor)._isView()) {
      const base = baseOf(raw as Tensor);
      viewOf = inputBases.findIndex((b) => b !== null && sameTensor(b, base));
    }
    if (viewOf >= 0) {
      const inputGrad = tangents[viewOf];
      if (inputGrad === null || inputGrad === undefined) {
        // No tangent on that input: set as an in-place change of the view (which gives the input one
        // too), and, as PyTorch 1.13 does, stop here: later outputs get no tangent.
        later.push((result) => setTangentInPlace(result[i] as Tensor, g));
        return done;
      }
      if (!g._isView())
        throw new Error(
          "A custom Function's forward is returning a view (or an input as-is) but the jvp is not returning a view.",
        );
      if (inputGrad._isView()) {
        if (!sameTensor(baseOf(inputGrad), baseOf(g)))
          throw new Error(
            "A custom Function is returning a view but the jvp is not returning a view of the same base as the given grad input.",
          );
      } else if (!sameTensor(inputGrad, baseOf(g))) {
        throw new Error(
          "A custom Function is returning a view but the jvp is not returning a view of the given grad input.",
        );
      }
      // A view keeps its tangent as-is (a view of the input's): a new view of the output carries it.
      later.push((result) => setFwGrad(result[i] as Tensor, g, false));
      continue;
    }
    // forward's own output keeps its identity; one the graph replaces (a view of an intermediate) gets
    // a new view carrying the tangent.
    if (o === raw && !o.requiresGrad && !o._isView()) setTangentInPlace(o, g);
    else later.push((result) => setFwGrad(result[i] as Tensor, g, false));
  }
  return done;
}

const ONCE_DIFFERENTIABLE = "trying to differentiate twice a function that was marked with @once_differentiable";

/**
 * torch.autograd.function.once_differentiable: wraps a Function's backward so that it runs with gradients
 * off; when the backward pass itself is being recorded (createGraph), its results go through a node
 * whose backward raises PyTorch's "trying to differentiate twice" error.
 *
 * @example
 * ```ts
 * class Exp extends torch.autograd.Function {
 *   static forward(ctx: FunctionCtx, x: Tensor) { const y = x.exp(); ctx.saveForBackward(y); return y; }
 *   static backward = onceDifferentiable((ctx: FunctionCtx, g: Tensor) => g.mul(ctx.savedTensors[0]!));
 * }
 * ```
 */
// biome-ignore lint/suspicious/noExplicitAny: a backward takes its own gradients.
export function onceDifferentiable<F extends (ctx: FunctionCtx, ...grads: any[]) => unknown>(fn: F): F {
  if (typeof fn !== "function") throw new TypeError("once_differentiable expects a function");
  const wrapper = function (this: unknown, ctx: FunctionCtx, ...args: unknown[]): unknown {
    const outputs = noGrad(() => fn.call(this, ctx, ...args));
    if (!isGradEnabled()) return outputs;
    // As PyTorch's: an approximation of whether the results would require grad.
    if (!args.some((a) => a instanceof Tensor && a.requiresGrad)) return outputs;
    const single = !Array.isArray(outputs);
    const outs = single ? [outputs] : [...(outputs as unknown[])];
    const fake = outs.map((v) => (v instanceof Tensor ? v.detach().requiresGrad_(true) : v));
    const at = fake.flatMap((v, i) => (v instanceof Tensor ? [i] : []));
    const wrapped = native.delayedError(
      ONCE_DIFFERENTIABLE,
      at.map((i) => (fake[i] as Tensor).handle),
    );
    for (const [k, i] of at.entries()) fake[i] = new Tensor(wrapped[k]!);
    return single ? fake[0] : fake;
  };
  Object.defineProperty(wrapper, "name", { value: fn.name });
  return wrapper as unknown as F;
}
