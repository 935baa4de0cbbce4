// torch.autograd.graph: the nodes of the autograd graph (a tensor's grad_fn), walked with nextFunctions,
// named with name(), with hooks that see and may replace the gradients a node computes. One JS object
// per live node, as Python keeps one per node (`y.gradFn === y.gradFn`): the native node holds the id
// of its object in the hook table, which drops it with the node. The object holds the node weakly.
// Also saved_tensors_hooks: pack/unpack hooks for the tensors autograd saves (save_on_cpu is one pair).
import type { FunctionCtx } from "./autograd_function";
import type { DeviceLike } from "./device";
import { type GraphNode, type Handle, type NodeOrRef, native } from "./native";
import { dropDeadCallbacks, forgetHook, storedHook, storeHook, Tensor } from "./tensor";
import { pyTypename } from "./utils/pyrepr";

/**
 * A Node hook: gets the node's gradInputs (the gradients it computed, one per next function) and
 * gradOutputs (those it received); may return replacements for gradInputs (null for none).
 */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only reads the gradients returns nothing.
export type NodeHook = (gradInputs: Array<Tensor | null>, gradOutputs: Array<Tensor | null>) => unknown[] | void;

/** A Node pre hook: gets the gradients the node received; may return replacements (null for none). */
// biome-ignore lint/suspicious/noConfusingVoidType: a hook that only reads the gradients returns nothing.
export type NodePreHook = (gradOutputs: Array<Tensor | null>) => unknown[] | null | void;

/** torch.autograd.graph.Node: one node of the autograd graph, such as `loss.gradFn`. */
export class Node {
  /** @internal */ readonly ref: GraphNode;
  /** @internal */ readonly address: number;
  /** @internal Use {@link Tensor.gradFn} or {@link Node.nextFunctions}. */
  constructor(ref: GraphNode, address: number) {
    this.ref = ref;
    this.address = address;
  }
  /** The node's name, as libtorch gives it ("MulBackward0", "torch::autograd::AccumulateGrad"). */
  name(): string {
    return native.nodeName(this.ref);
  }
  /** Per input of the forward operation: the node its gradient goes to (null: none) and that node's input number. */
  get nextFunctions(): Array<[Node | null, number]> {
    return native.nodeNextFunctions(this.ref).map(([n, nr]) => [nodeOf(n), nr]);
  }
  /** A dictionary kept with the node for as long as the node lives (PyTorch's Node.metadata). */
  readonly metadata: Record<string, unknown> = {};
  /** For an AccumulateGrad node: the leaf tensor whose .grad it accumulates into. */
  get variable(): Tensor {
    const h = native.nodeVariable(this.ref);
    if (h === undefined) throw new Error(`'${this.typeName()}' object has no attribute 'variable'`);
    return new Tensor(h);
  }
  /**
   * Registers a hook that runs after this node computes its gradients during backward:
   * `hook(gradInputs, gradOutputs)`, which may return new gradInputs. Returns a handle to remove it.
   */
  registerHook(hook: NodeHook): { remove(): void } {
    if (typeof hook !== "function") throw new TypeError(`hook must be callable, got ${pyTypename(hook)}`);
    ensureDispatcher();
    const id = storeHook(hook);
    const key = native.nodeRegisterHook(this.ref, id, hook.name || "<lambda>");
    return {
      remove: () => {
        // Once the graph is freed, so is the hook.
        if (forgetHook(id) && native.nodeAlive(this.ref)) native.nodeRemoveHook(this.ref, key);
      },
    };
  }
  /**
   * Registers a hook that runs before this node computes its gradients during backward:
   * `hook(gradOutputs)`, which may return new gradOutputs. Returns a handle to remove it.
   */
  registerPrehook(hook: NodePreHook): { remove(): void } {
    if (typeof hook !== "function") throw new TypeError(`hook must be callable, got ${pyTypename(hook)}`);
    ensureDispatcher();
    // As PyTorch's: the node's pre hooks are one dict behind one libtorch pre hook; a call runs the hooks
    // registered when it starts (one removed meanwhile still runs), each on the previous one's result.
    if (this.prehooks === null) {
      const hooks = new Map<number, NodePreHook>();
      this.prehooks = hooks;
      const runAll: NodeHook = (gradOutputs) => {
        let grads = gradOutputs;
        for (const h of [...hooks.values()]) {
          const r = h(grads);
          if (r === undefined || r === null) continue;
          checkHookResult(h, grads, r);
          grads = (r as Array<Tensor | null | undefined>).map((g) => g ?? null);
        }
        return grads;
      };
      const id = storeHook(runAll);
      native.nodeRegisterPrehook(this.ref, id, "<prehooks>");
    }
    const key = this.nextPrehookKey++;
    this.prehooks.set(key, hook);
    const hooks = this.prehooks;
    return { remove: () => void hooks.delete(key) };
  }
  private prehooks: Map<number, NodePreHook> | null = null;
  private nextPrehookKey = 0;
  // Python's type(node).__name__: the name without libtorch's namespace.
  private typeName(): string {
    return this.name().replace(/^torch::autograd::/, "");
  }
  /** `<MulBackward0 object at 0x...>`, as Python prints a node. */
  toString(): string {
    return `<${this.typeName()} object at 0x${this.address.toString(16)}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

/** @internal The JS object of a native node (the same one while it lives), or null. */
export function nodeOf(n: NodeOrRef): Node | null {
  if (n === null) return null;
  if (typeof n === "number") return storedHook(n) as Node;
  const [ref, address] = n;
  const token = native.nodeFunctionId(ref);
  const ctx = token === undefined ? undefined : functionCtxOf?.(token);
  const node = ctx === undefined ? new Node(ref, address) : functionNode(new Node(ref, address), ctx);
  const id = storeHook(node);
  if (!native.nodeAdopt(ref, id)) forgetHook(id);
  return node;
}

/**
 * The node of a custom {@link Function}'s outputs: in PyTorch it is the `ctx` itself, so besides the
 * Node API it reads (and sets) what forward kept there: `y.gradFn.savedTensors`, `needsInputGrad`, `ctx.k`.
 */
export type FunctionNode = Node & FunctionCtx;

// Set by lib/autograd_function.ts (which this file cannot import: tensor.ts loads this one).
let functionCtxOf: ((token: number) => FunctionCtx | undefined) | null = null;
/** @internal */
export function setFunctionCtxLookup(fn: (token: number) => FunctionCtx | undefined): void {
  functionCtxOf = fn;
}

function functionNode(node: Node, ctx: FunctionCtx): Node {
  return new Proxy(node, {
    get: (target, key) => (key in target ? Reflect.get(target, key, target) : Reflect.get(ctx, key, ctx)),
    set: (target, key, value) =>
      key in target ? Reflect.set(target, key, value, target) : Reflect.set(ctx, key, value, ctx),
    has: (target, key) => key in target || key in ctx,
  });
}

let dispatcherSet = false;
function ensureDispatcher(): void {
  if (dispatcherSet) return;
  native.setNodeHookDispatcher((id, gradInputs, gradOutputs) => {
    const hook = storedHook(id) as NodeHook | undefined;
    if (!hook) return null;
    const wrap = (hs: Array<Handle | null>) => hs.map((h) => (h === null ? null : new Tensor(h)));
    const inputs = wrap(gradInputs);
    const r = hook(inputs, wrap(gradOutputs));
    if (r === undefined || r === null) return null;
    return checkHookResult(hook, inputs, r);
  });
  dispatcherSet = true;
}

// THPUtils_typename: Python's type(v).__name__.
const typeName = (v: unknown) => (v instanceof Tensor ? "Tensor" : pyTypename(v));

// python_hook.cpp's check_result / check_single_result, in their words (the dtype, device and shape
// checks are libtorch's check_variable_result, run natively).
function checkHookResult(hook: NodeHook | NodePreHook, before: Array<Tensor | null>, r: unknown): Array<Handle | null> {
  if (!Array.isArray(r)) throw new TypeError(`expected tuple, but hook returned '${typeName(r)}'`);
  if (r.length !== before.length) {
    throw new Error(
      `hook '${hook.name || "<lambda>"}' has returned an incorrect number of values (got ${r.length}, but expected ${before.length})`,
    );
  }
  return r.map((g, i) => {
    if (g === null || g === undefined) return null;
    if (before[i] === null) throw new Error("can't replace a None gradient with a non-None value");
    if (!(g instanceof Tensor)) throw new TypeError(`expected Variable, but hook returned '${typeName(g)}'`);
    return g.handle;
  });
}

// ---- saved_tensors_hooks

/** What a pack hook receives and an unpack hook must give back. */
export type PackHook = (tensor: Tensor) => unknown;
export type UnpackHook = (packed: never) => Tensor;

let savedHooksDispatcherSet = false;
function ensureSavedHooksDispatcher(): void {
  if (savedHooksDispatcherSet) return;
  native.setSavedTensorsHooksDispatcher((kind, pairId, arg) => {
    const [pack, unpack] = storedHook(pairId) as [PackHook, UnpackHook];
    if (kind === 0) return storeHook(pack(new Tensor(arg)));
    // What backward has released so far goes first (checkpoint's holders leave its storage as in PyTorch).
    dropDeadCallbacks();
    const r: unknown = unpack(storedHook(arg) as never);
    if (!(r instanceof Tensor)) {
      throw new TypeError(
        `Output of saved tensor unpack_hook expected to be a Tensor but got result of type ${typeName(r)}`,
      );
    }
    return r.handle;
  });
  savedHooksDispatcherSet = true;
}

/**
 * torch.autograd.graph.saved_tensors_hooks as a handle: {@link SavedTensorsHooks.enter} pushes the pair,
 * {@link SavedTensorsHooks.exit} (or `using`) pops it. While pushed on this thread, every tensor an
 * operation saves for backward is passed to `packHook`, whose result is kept instead, and backward gets
 * the tensor back from `unpackHook(packed)`.
 */
export class SavedTensorsHooks {
  constructor(
    readonly packHook: PackHook,
    readonly unpackHook: UnpackHook,
  ) {
    if (typeof packHook !== "function") throw new TypeError(`pack_hook must be callable, got ${pyTypename(packHook)}`);
    if (typeof unpackHook !== "function")
      throw new TypeError(`unpack_hook must be callable, got ${pyTypename(unpackHook)}`);
  }
  /** `__enter__`: the hooks apply from now on, on this thread. */
  enter(): this {
    ensureSavedHooksDispatcher();
    const id = storeHook([this.packHook, this.unpackHook]);
    native.pushSavedTensorsHooks(id);
    return this;
  }
  /** `__exit__`: back to the hooks before (or none). */
  exit(): void {
    native.popSavedTensorsHooks();
  }
  [Symbol.dispose](): void {
    this.exit();
  }
  /** Runs `fn` with these hooks pushed. */
  run<T>(fn: () => T): T {
    this.enter();
    try {
      return fn();
    } finally {
      this.exit();
    }
  }
}

/**
 * torch.autograd.graph.saved_tensors_hooks(packHook, unpackHook): with `fn`, runs it under the hooks and
 * returns its result; without, returns the hooks already entered, for `using`.
 *
 * @example
 * ```ts
 * const y = torch.autograd.graph.savedTensorsHooks((t) => t.mul(1), (t: Tensor) => t, () => x.pow(2));
 * ```
 */
export function savedTensorsHooks<T>(packHook: PackHook, unpackHook: UnpackHook, fn: () => T): T;
export function savedTensorsHooks(packHook: PackHook, unpackHook: UnpackHook): SavedTensorsHooks;
export function savedTensorsHooks<T>(packHook: PackHook, unpackHook: UnpackHook, fn?: () => T): T | SavedTensorsHooks {
  const hooks = new SavedTensorsHooks(packHook, unpackHook);
  return fn === undefined ? hooks.enter() : hooks.run(fn);
}

/**
 * torch.autograd.graph.save_on_cpu({ pinMemory }): saved tensors move to the CPU (pinned with
 * pinMemory, when CUDA is there) and back to their device in backward. With `fn`, runs it under these
 * hooks; without, returns them entered, for `using`.
 */
export function saveOnCpu<T>(o: { pinMemory?: boolean }, fn: () => T): T;
export function saveOnCpu<T>(fn: () => T): T;
export function saveOnCpu(o?: { pinMemory?: boolean }): SavedTensorsHooks;
export function saveOnCpu<T>(a?: { pinMemory?: boolean } | (() => T), b?: () => T): T | SavedTensorsHooks {
  const fn = typeof a === "function" ? a : b;
  const o = typeof a === "function" || a === undefined ? {} : a;
  const pinMemory = o.pinMemory ?? false;
  // Pinned (page-locked) only where CUDA is there and the layout allows, as PyTorch's.
  const pack = (t: Tensor): [string, Tensor] =>
    !pinMemory || !native.cudaIsAvailable() || t.layout !== "strided"
      ? [t.device, t.cpu()]
      : [t.device, t.cpu().pinMemory()];
  const unpack = (p: [string, Tensor]) => p[1].to(p[0] as DeviceLike, { nonBlocking: pinMemory });
  const hooks = new SavedTensorsHooks(pack, unpack as UnpackHook);
  return fn === undefined ? hooks.enter() : hooks.run(fn);
}

/**
 * torch.autograd.graph.disable_saved_tensors_hooks(errorMessage, fn): runs `fn` with saved tensor hooks
 * refused (registering some raises `errorMessage`), then restores what was in force before.
 */
export function disableSavedTensorsHooks<T>(errorMessage: string, fn: () => T): T {
  if (typeof errorMessage !== "string")
    throw new TypeError(`error_message must be a str, got ${pyTypename(errorMessage)}`);
  const previous = native.savedTensorsHooksDisable(errorMessage);
  try {
    return fn();
  } finally {
    native.savedTensorsHooksDisable(...(previous === undefined ? [] : [previous]));
  }
}
