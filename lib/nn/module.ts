// nn.Module: a tree of modules holding parameters and buffers, with PyTorch's traversal order,
// state-dict keys and hooks, train/eval switch and printed form.
//
// Attribute assignment works as Python's Module.__setattr__: the constructor returns a Proxy whose
// traps route `this.weight = p` to the parameter, buffer and module dictionaries, which are the
// only record of what is registered. Registered names read through accessors on the module.

import { isGradEnabled, noGrad } from "../autograd";
import { Function as AutogradFunction, type FunctionCtx } from "../autograd_function";
import { emptyLike, zerosLike } from "../creation";
import { type Device, type DeviceLike, parseTo } from "../device";
import { checkDtype, type DType, type DTypeLike, isComplexDtype, isFloating } from "../dtype";
import { KeyError, ValueError } from "../errors";
import { keep } from "../memory";
import { type MemoryFormatName, native } from "../native";
import type { Loaded } from "../serialization";
import { Tensor } from "../tensor";
import { checkMemoryFormat } from "../utils/check";
import { checkKwargs } from "../utils/kwargs";
import { pySize, pyTypename } from "../utils/pyrepr";
import { ZERO_GRAD_SETS_NONE } from "../utils/version";
import { Parameter, UninitializedParameter } from "./parameter";

/** A state dict: tensors by dotted key; `_metadata` (non-enumerable) holds each module's version. */
export type StateDict = Record<string, Tensor>;
export type StateDictMetadata = Record<string, { version?: number }>;
type Slot = Parameter | UninitializedParameter | null;
type BufferSlot = Tensor | UninitializedParameter | null;

/** What {@link Module.loadStateDict} returns: the keys that did not match (PyTorch's named tuple). */
export interface IncompatibleKeys {
  /** Keys the module has and the state dict lacks. */
  missingKeys: string[];
  /** Keys the state dict has and the module lacks. */
  unexpectedKeys: string[];
}

/**
 * What _load_from_state_dict receives, as one object: the (copied) state dict, this module's key
 * prefix and metadata, and the lists it appends to.
 */
export interface LoadStateDictContext {
  /** The state dict being loaded (a copy). */
  stateDict: Map<string, unknown>;
  /** This module's key prefix ("layer1.0."). */
  prefix: string;
  /** This module's entry of the state dict's `_metadata` (its saved version). */
  localMetadata: { version?: number };
  /** Whether {@link Module.loadStateDict} was called with `strict`. */
  strict: boolean;
  /** Append the keys this module expected and did not find. */
  missingKeys: string[];
  /** Append the keys under this prefix that this module does not know. */
  unexpectedKeys: string[];
  /** Append error messages; they are raised together at the end. */
  errorMsgs: string[];
}

/** A hook run before a module's own _loadFromStateDict, as _register_load_state_dict_pre_hook. */
export type LoadStateDictPreHook = (ctx: LoadStateDictContext) => void;
/** _register_load_state_dict_pre_hook(hook, withModule=true)'s hook: the module comes first. */
export type LoadStateDictPreHookWithModule = (module: Module, ctx: LoadStateDictContext) => void;
/** hook(module, input): input is the array of forward's arguments; a non-undefined result replaces it. */
export type ForwardPreHook = (module: Module, input: unknown[]) => unknown;
/** hook(module, input, output): a non-undefined result replaces the output. */
export type ForwardHook = (module: Module, input: unknown[], output: unknown) => unknown;
/**
 * register_full_backward_hook's hook: gets the gradients w.r.t. the module's tensor inputs (null for one
 * that needs none) and outputs once they are computed; may return replacements for the input gradients.
 */
export type FullBackwardHook = (
  module: Module,
  gradInput: Array<Tensor | null>,
  gradOutput: Array<Tensor | null>,
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that only reads the gradients returns nothing
) => Array<Tensor | null> | undefined | void;
/** hook(module, stateDict, prefix, localMetadata) after a module wrote its entries; may return a new dict. */
export type StateDictHook = (
  module: Module,
  stateDict: StateDict,
  prefix: string,
  localMetadata: { version?: number },
  // biome-ignore lint/suspicious/noConfusingVoidType: a hook that returns nothing (Python's None) is the common case.
) => StateDict | undefined | void;
/** hook(module, incompatibleKeys) after a module and its children loaded; may edit the key lists in place. */
export type LoadStateDictPostHook = (module: Module, incompatibleKeys: IncompatibleKeys) => void;

let nextHookId = 0;
/** What register_*_hook returns (PyTorch's RemovableHandle): remove() unregisters the hook. */
export class RemovableHandle {
  /** A unique id of the registered hook. */
  readonly id = nextHookId++;
  private dicts: Array<Map<number, unknown>>;
  constructor(...dicts: Array<Map<number, unknown>>) {
    this.dicts = dicts;
  }
  /** Unregisters the hook; calling it again does nothing. */
  remove(): void {
    for (const d of this.dicts) d.delete(this.id);
  }
  [Symbol.dispose](): void {
    this.remove();
  }
}

// torch.nn.modules.module's global hooks, run before every module's own.
const globalForwardPreHooks = new Map<number, ForwardPreHook>();
const globalForwardHooks = new Map<number, ForwardHook>();
const globalBackwardHooks = new Map<number, FullBackwardHook>();

/** register_module_forward_pre_hook: a forward pre-hook for every module. */
export function registerModuleForwardPreHook(hook: ForwardPreHook): RemovableHandle {
  if (typeof hook !== "function") throw new TypeError("hook must be callable");
  const h = new RemovableHandle(globalForwardPreHooks as Map<number, unknown>);
  globalForwardPreHooks.set(h.id, hook);
  return h;
}
/** register_module_full_backward_hook: a full backward hook for every module, run before each module's own. */
export function registerModuleFullBackwardHook(hook: FullBackwardHook): RemovableHandle {
  if (typeof hook !== "function") throw new TypeError("hook must be callable");
  const h = new RemovableHandle(globalBackwardHooks as Map<number, unknown>);
  globalBackwardHooks.set(h.id, hook);
  return h;
}
/** register_module_forward_hook: a forward hook for every module. */
export function registerModuleForwardHook(hook: ForwardHook): RemovableHandle {
  if (typeof hook !== "function") throw new TypeError("hook must be callable");
  const h = new RemovableHandle(globalForwardHooks as Map<number, unknown>);
  globalForwardHooks.set(h.id, hook);
  return h;
}

/** named_modules / named_parameters / named_buffers options (PyTorch's keyword arguments). */
export interface NamedOptions {
  /** A prefix for every name (default ""). */
  prefix?: string;
  /** Include submodules' members (default true). */
  recurse?: boolean;
  /** Yield a member shared by several modules once (default true). */
  removeDuplicate?: boolean;
}

function ownerOf(m: Module, name: string): "parameter" | "buffer" | "module" | null {
  if (m._parameters.has(name)) return "parameter";
  if (m._buffers.has(name)) return "buffer";
  if (m._modules.has(name)) return "module";
  return null;
}

// Reads of a registered name go to whichever dictionary holds it.
function defineAccessor(target: Module, name: string): void {
  const d = Object.getOwnPropertyDescriptor(target, name);
  if (d?.get) return;
  Object.defineProperty(target, name, {
    configurable: true,
    enumerable: false,
    get(this: Module) {
      const owner = ownerOf(this, name);
      if (owner === "parameter") return this._parameters.get(name);
      if (owner === "buffer") return this._buffers.get(name);
      if (owner === "module") return this._modules.get(name);
      return undefined;
    },
  });
}

function dropPlain(target: Module, name: string): void {
  const d = Object.getOwnPropertyDescriptor(target, name);
  if (d && !d.get) Reflect.deleteProperty(target, name);
}

// Module.__setattr__.
function setAttr(target: Module, name: string, value: unknown): void {
  if (value instanceof Parameter || (value instanceof UninitializedParameter && !value.isBuffer)) {
    target._buffers.delete(name);
    target._modules.delete(name);
    target._nonPersistent.delete(name);
    dropPlain(target, name);
    // remove_from: the name is no attribute any more (its accessor goes too), so registering is no KeyError.
    if (ownerOf(target, name) === null) Reflect.deleteProperty(target, name);
    target.registerParameter(name, value);
    return;
  }
  if (target._parameters.has(name)) {
    if (value !== null) {
      throw new TypeError(
        `cannot assign '${pyTypename(value)}' as parameter '${name}' (torch.nn.Parameter or None expected)`,
      );
    }
    target.registerParameter(name, null);
    return;
  }
  if (value instanceof Module) {
    target._parameters.delete(name);
    target._buffers.delete(name);
    target._nonPersistent.delete(name);
    dropPlain(target, name);
    target._modules.set(name, value);
    defineAccessor(target, name);
    return;
  }
  if (target._modules.has(name)) {
    if (value !== null) {
      throw new TypeError(
        `cannot assign '${pyTypename(value)}' as child module '${name}' (torch.nn.Module or None expected)`,
      );
    }
    target._modules.set(name, null);
    return;
  }
  if (target._buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor) && !(value instanceof UninitializedParameter)) {
      throw new TypeError(`cannot assign '${pyTypename(value)}' as buffer '${name}' (torch.Tensor or None expected)`);
    }
    if (value instanceof Tensor) keep(value);
    target._buffers.set(name, value as BufferSlot);
    return;
  }
  Reflect.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

function routed(target: Module, key: string | symbol, value: unknown): key is string {
  if (typeof key !== "string" || !target._parameters) return false;
  return (
    value instanceof Parameter ||
    value instanceof UninitializedParameter ||
    value instanceof Module ||
    ownerOf(target, key) !== null
  );
}

/**
 * @internal copy.deepcopy of a module (lib/copy.ts): a new object of the module's class, not constructed
 * again, whose own properties are `copy` of the original's (its parameter, buffer and module
 * dictionaries included); registered names keep their accessors. Behind the same Proxy as a constructed one.
 */
export function copyModule(m: Module, copy: (v: unknown) => unknown, remember: (copied: Module) => void): Module {
  const target = Object.create(Object.getPrototypeOf(m)) as Module;
  const proxy = new Proxy(target, TRAPS);
  remember(proxy);
  for (const key of Reflect.ownKeys(m)) {
    const d = Reflect.getOwnPropertyDescriptor(m, key) as PropertyDescriptor;
    if ("value" in d) d.value = copy(d.value);
    Reflect.defineProperty(target, key, d);
  }
  for (const b of target._buffers.values()) if (b instanceof Tensor) keep(b);
  return proxy;
}

const EXTRA_STATE = "_extra_state";

const TRAPS: ProxyHandler<Module> = {
  set(target, key, value, receiver) {
    if (routed(target, key, value)) {
      setAttr(target, key, value);
      return true;
    }
    return Reflect.set(target, key, value, receiver);
  },
  defineProperty(target, key, desc) {
    if ("value" in desc && routed(target, key, desc.value)) {
      setAttr(target, key, desc.value);
      return true;
    }
    return Reflect.defineProperty(target, key, desc);
  },
  deleteProperty(target, key) {
    if (typeof key === "string" && ownerOf(target, key) !== null) {
      target._parameters.delete(key);
      target._buffers.delete(key);
      target._nonPersistent.delete(key);
      target._modules.delete(key);
    }
    return Reflect.deleteProperty(target, key);
  },
};

function namedOptions(
  prefix: string | NamedOptions,
  recurse: boolean,
  removeDuplicate: boolean,
): Required<NamedOptions> {
  if (prefix !== null && typeof prefix === "object") {
    for (const k of Object.keys(prefix)) {
      if (k !== "prefix" && k !== "recurse" && k !== "removeDuplicate")
        throw new TypeError(`got an unexpected keyword argument '${k}'`);
    }
    return {
      prefix: prefix.prefix ?? "",
      recurse: prefix.recurse ?? true,
      removeDuplicate: prefix.removeDuplicate ?? true,
    };
  }
  if (typeof prefix !== "string") throw new TypeError(`prefix must be a string, got ${pyTypename(prefix)}`);
  return { prefix, recurse, removeDuplicate };
}

/** Python's AttributeError (torchts has no class for it: an Error named so). */
function attributeError(message: string): Error {
  return Object.assign(new Error(message), { name: "AttributeError" });
}

function checkName(
  m: Module,
  kind: "parameter" | "buffer" | "module",
  name: unknown,
  registered: Map<string, unknown>,
): string {
  if (typeof name !== "string") throw new TypeError(`${kind} name should be a string. Got ${pyTypename(name)}`);
  if (name.includes("."))
    throw new KeyError(`${kind} name can't contain "."${kind === "module" ? `, got: ${name}` : ""}`);
  if (name === "") throw new KeyError(`${kind} name can't be empty string ""`);
  if (name in m && !registered.has(name)) throw new KeyError(`attribute '${name}' already exists`);
  return name;
}

/**
 * torch.nn.Module: the base class of every layer and model.
 *
 * Subclasses assign parameters, buffers and submodules as fields (`this.fc = new nn.Linear(4, 2)`), which
 * registers them as Python's `__setattr__` does, and implement `forward`. PyTorch's `model(x)` is
 * `model.forward(x)`, or `model.call(x)` to run the forward hooks too.
 *
 * Differences from PyTorch: `parameters()` and `buffers()` return arrays (the `named*` forms and
 * `children()`/`modules()` are generators); keyword arguments are options objects; `dispose()` frees
 * every parameter and buffer at once.
 *
 * @example
 * ```ts
 * import * as torch from "torchts";
 * const { nn } = torch;
 *
 * class MLP extends nn.Module {
 *   fc1 = new nn.Linear(784, 128);
 *   fc2 = new nn.Linear(128, 10);
 *   forward(x: torch.Tensor): torch.Tensor {
 *     return this.fc2.forward(this.fc1.forward(x.flatten(1)).relu());
 *   }
 * }
 * const model = new MLP().to("cuda");
 * const logits = model.forward(torch.randn([32, 1, 28, 28], { device: "cuda" }));
 * torch.save(model.stateDict(), "mlp.pt"); // loadable by torch.load in Python
 * console.log(String(model)); // PyTorch's printed form
 * ```
 */
export abstract class Module {
  /** The state-dict format version of this class (PyTorch's Module._version). */
  static _version = 1;

  /** Whether the module is in training mode; set by {@link Module.train} and {@link Module.eval}. */
  training = true;
  /** @internal */ _parameters = new Map<string, Slot>();
  /** @internal */ _buffers = new Map<string, BufferSlot>();
  /** @internal */ _nonPersistent = new Set<string>();
  /** @internal */ _modules = new Map<string, Module | null>();
  /** @internal */ _loadStateDictPreHooks: LoadStateDictPreHook[] = [];
  /** @internal */ _forwardPreHooks = new Map<number, ForwardPreHook>();
  /** @internal */ _forwardHooks = new Map<number, ForwardHook>();
  /** @internal */ _backwardHooks = new Map<number, FullBackwardHook>();
  /** @internal */ _stateDictHooks = new Map<number, StateDictHook>();
  /** @internal */ _loadStateDictPostHooks = new Map<number, LoadStateDictPostHook>();

  constructor() {
    // Subclass field initialisers and constructors run against the proxy, so they register too.
    // biome-ignore lint/correctness/noConstructorReturn: the proxy is Module.__setattr__ (see the top of this file).
    return new Proxy(this, TRAPS);
  }

  /** The computation of the module; subclasses define it with their own arguments. */
  abstract forward(...args: never[]): unknown;

  /** model.call(x) is model(x) in PyTorch: forward with the forward pre-hooks and hooks around it. */
  call(...args: Parameters<this["forward"]>): ReturnType<this["forward"]> {
    const forward = this.forward as (...a: unknown[]) => ReturnType<this["forward"]>;
    if (
      this._forwardPreHooks.size === 0 &&
      this._forwardHooks.size === 0 &&
      this._backwardHooks.size === 0 &&
      globalForwardPreHooks.size === 0 &&
      globalForwardHooks.size === 0 &&
      globalBackwardHooks.size === 0
    ) {
      return forward.apply(this, args);
    }
    // As in PyTorch, the full backward hooks that run are those registered when the module was called.
    const fullBackwardHooks = [...globalBackwardHooks.values(), ...this._backwardHooks.values()];
    let input: unknown[] = args;
    for (const hook of [...globalForwardPreHooks.values(), ...this._forwardPreHooks.values()]) {
      const r = hook(this, input);
      // PyTorch: a non-tuple result is wrapped into a one-element tuple.
      if (r !== undefined) input = Array.isArray(r) ? r : [r];
    }
    const backward = fullBackwardHooks.length > 0 ? new BackwardHook(this, fullBackwardHooks) : null;
    if (backward) input = backward.setupInputHook(input);
    let out = forward.apply(this, input);
    for (const hook of [...globalForwardHooks.values(), ...this._forwardHooks.values()]) {
      const r = hook(this, input, out);
      if (r !== undefined) out = r as ReturnType<this["forward"]>;
    }
    if (backward) out = backward.setupOutputHook(out) as ReturnType<this["forward"]>;
    return out;
  }

  /**
   * register_full_backward_hook(hook): hook(module, gradInput, gradOutput) runs (through call()) when the
   * gradients w.r.t. the module's inputs are computed; it may return new input gradients. gradInput has
   * one entry per forward argument and gradOutput one per output (an array output is a tuple), null
   * where there is no tensor or no gradient. Runs in a CPU backward pass (as torch.autograd.Function).
   */
  registerFullBackwardHook(hook: FullBackwardHook): RemovableHandle {
    if (typeof hook !== "function") throw new TypeError("hook must be callable");
    const h = new RemovableHandle(this._backwardHooks as Map<number, unknown>);
    this._backwardHooks.set(h.id, hook);
    return h;
  }

  /** register_forward_pre_hook(hook): hook(module, input) runs before forward (through call()). */
  registerForwardPreHook(hook: ForwardPreHook): RemovableHandle {
    if (typeof hook !== "function") throw new TypeError("hook must be callable");
    const h = new RemovableHandle(this._forwardPreHooks as Map<number, unknown>);
    this._forwardPreHooks.set(h.id, hook);
    return h;
  }
  /** register_forward_hook(hook): hook(module, input, output) runs after forward (through call()). */
  registerForwardHook(hook: ForwardHook): RemovableHandle {
    if (typeof hook !== "function") throw new TypeError("hook must be callable");
    const h = new RemovableHandle(this._forwardHooks as Map<number, unknown>);
    this._forwardHooks.set(h.id, hook);
    return h;
  }

  // ---- registration (register_parameter, register_buffer, add_module)
  /**
   * register_parameter: adds a parameter (or null) under `name`, as assigning a Parameter field does.
   *
   * @throws KeyError for an empty or dotted name or one that is already another attribute; TypeError for a non-Parameter.
   */
  registerParameter(name: string, param: Parameter | UninitializedParameter | null): void {
    checkName(this, "parameter", name, this._parameters);
    if (param !== null && !(param instanceof Parameter) && !(param instanceof UninitializedParameter)) {
      throw new TypeError(
        `cannot assign '${pyTypename(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      );
    }
    if (param instanceof Parameter && param.gradFn !== null) {
      throw new Error(
        `Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. ` +
          `To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
      );
    }
    this._parameters.set(name, param);
    defineAccessor(this, name);
  }
  /**
   * register_buffer: adds a tensor that is state but not a parameter (BatchNorm's running mean).
   *
   * @param name - the buffer's name.
   * @param tensor - the tensor, or null.
   * @param opts.persistent - whether it goes into the state dict (default true).
   */
  registerBuffer(
    name: string,
    tensor: Tensor | UninitializedParameter | null,
    opts: { persistent?: boolean } = {},
  ): void {
    checkKwargs(opts, ["persistent"], "register_buffer");
    checkName(this, "buffer", name, this._buffers);
    if (tensor !== null && !(tensor instanceof Tensor) && !(tensor instanceof UninitializedParameter)) {
      throw new TypeError(
        `cannot assign '${pyTypename(tensor)}' object to buffer '${name}' (torch Tensor or None required)`,
      );
    }
    if (tensor instanceof Tensor) keep(tensor);
    this._buffers.set(name, tensor);
    if (opts.persistent === false) this._nonPersistent.add(name);
    else this._nonPersistent.delete(name);
    defineAccessor(this, name);
  }
  /** register_module: adds a child module (or null) under `name`, as assigning a Module field does. */
  registerModule(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module))
      throw new TypeError(`${pyTypename(module)} is not a Module subclass`);
    checkName(this, "module", name, this._modules);
    this._modules.set(name, module);
    defineAccessor(this, name);
  }
  /** add_module */
  addModule(name: string, module: Module | null): void {
    this.registerModule(name, module);
  }

  /**
   * get_parameter: the parameter at a dotted path ("layer1.0.weight"); null where the name is registered
   * as None.
   *
   * @throws AttributeError with PyTorch's message when a part of the path is missing or the name is no parameter.
   */
  getParameter(target: string): Parameter | null {
    const [mod, name] = this.resolveMember(target);
    if (!mod._parameters.has(name)) throw attributeError(`\`${name}\` is not an nn.Parameter`);
    const p = mod._parameters.get(name);
    return p instanceof Parameter ? p : null;
  }
  /**
   * get_buffer: the buffer at a dotted path ("bn.running_mean"); null where the buffer is None.
   *
   * @throws AttributeError with PyTorch's message when a part of the path is missing or the name is no buffer.
   */
  getBuffer(target: string): Tensor | null {
    const [mod, name] = this.resolveMember(target);
    if (!mod._buffers.has(name)) throw attributeError(`\`${name}\` is not a buffer`);
    const b = mod._buffers.get(name);
    return b instanceof Tensor ? b : null;
  }
  /** @internal The module holding the last part of a dotted path, and that part (get_parameter / get_buffer). */
  resolveMember(target: string): [Module, string] {
    const dot = target.lastIndexOf(".");
    const mod = this.getSubmodule(dot < 0 ? "" : target.slice(0, dot));
    const name = target.slice(dot + 1);
    if (!(name in mod)) throw attributeError(`${mod._getName()} has no attribute \`${name}\``);
    return [mod, name];
  }
  /**
   * get_submodule: the submodule at a dotted path ("layer1.0"); "" is this module.
   *
   * @throws AttributeError with PyTorch's message ("Linear has no attribute `x`", "`x` is not an nn.Module")
   *   when a part of the path is missing or is no module.
   */
  getSubmodule(target: string): Module {
    if (target === "") return this;
    let m: Module = this;
    for (const item of target.split(".")) {
      if (!(item in m)) throw attributeError(`${m._getName()} has no attribute \`${item}\``);
      const next = (m as unknown as Record<string, unknown>)[item];
      if (!(next instanceof Module)) throw attributeError(`\`${item}\` is not an nn.Module`);
      m = next;
    }
    return m;
  }

  // ---- traversal
  /** named_children: the direct submodules with their names. */
  *namedChildren(): Generator<[string, Module]> {
    const memo = new Set<Module>();
    for (const [k, m] of this._modules) {
      if (m && !memo.has(m)) {
        memo.add(m);
        yield [k, m];
      }
    }
  }
  /** children: the direct submodules. */
  *children(): Generator<Module> {
    for (const [, m] of this.namedChildren()) yield m;
  }
  /**
   * named_modules(memo, prefix, removeDuplicate) as PyTorch's positional form, or
   * namedModules({prefix, removeDuplicate}); namedModules("net") is the prefix alone.
   */
  *namedModules(
    memoOrOptions: Set<Module> | null | string | Omit<NamedOptions, "recurse"> = null,
    prefix = "",
    removeDuplicate = true,
  ): Generator<[string, Module]> {
    let memo: Set<Module> | null = null;
    if (typeof memoOrOptions === "string") prefix = memoOrOptions;
    else if (memoOrOptions instanceof Set) memo = memoOrOptions;
    else if (memoOrOptions !== null && typeof memoOrOptions === "object") {
      prefix = memoOrOptions.prefix ?? "";
      removeDuplicate = memoOrOptions.removeDuplicate ?? true;
    }
    yield* this.namedModulesImpl(memo ?? new Set<Module>(), prefix, removeDuplicate);
  }
  /** @internal */
  *namedModulesImpl(memo: Set<Module>, prefix: string, removeDuplicate: boolean): Generator<[string, Module]> {
    if (removeDuplicate) {
      if (memo.has(this)) return;
      memo.add(this);
    }
    yield [prefix, this];
    for (const [k, m] of this._modules) {
      if (!m) continue;
      yield* m.namedModulesImpl(memo, prefix ? `${prefix}.${k}` : k, removeDuplicate);
    }
  }
  /** modules: this module and every submodule, depth first, each once. */
  *modules(): Generator<Module> {
    for (const [, m] of this.namedModules()) yield m;
  }

  /** @internal */
  *namedMembers<V>(
    get: (m: Module) => Iterable<[string, V | null]>,
    prefix: string,
    recurse: boolean,
    removeDuplicate: boolean,
  ): Generator<[string, V]> {
    const memo = new Set<V>();
    const mods: Array<[string, Module]> = recurse
      ? [...this.namedModules(new Set(), prefix, removeDuplicate)]
      : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [k, v] of get(m)) {
        if (v === null || memo.has(v)) continue;
        if (removeDuplicate) memo.add(v);
        yield [mp ? `${mp}.${k}` : k, v];
      }
    }
  }
  /** named_parameters(prefix, recurse, removeDuplicate), or namedParameters({prefix, recurse, removeDuplicate}). */
  *namedParameters(
    prefix: string | NamedOptions = "",
    recurse = true,
    removeDuplicate = true,
  ): Generator<[string, Parameter]> {
    const o = namedOptions(prefix, recurse, removeDuplicate);
    const own = (m: Module) => [...m._parameters].filter((e): e is [string, Parameter] => e[1] instanceof Parameter);
    yield* this.namedMembers(own, o.prefix, o.recurse, o.removeDuplicate);
  }
  /**
   * parameters: this module's parameters (and its submodules' unless `recurse` is false), each once.
   *
   * Differs from PyTorch: an array, not a generator, so it can be passed to optimizers and iterated twice.
   */
  parameters(recurse = true): Parameter[] {
    return [...this.namedParameters("", recurse)].map(([, p]) => p);
  }
  /** named_buffers(prefix, recurse, removeDuplicate), or namedBuffers({prefix, recurse, removeDuplicate}). */
  *namedBuffers(
    prefix: string | NamedOptions = "",
    recurse = true,
    removeDuplicate = true,
  ): Generator<[string, Tensor]> {
    const o = namedOptions(prefix, recurse, removeDuplicate);
    const own = (m: Module) => [...m._buffers].filter((e): e is [string, Tensor] => e[1] instanceof Tensor);
    yield* this.namedMembers(own, o.prefix, o.recurse, o.removeDuplicate);
  }
  /** buffers: this module's buffers (and its submodules' unless `recurse` is false), as an array. */
  buffers(recurse = true): Tensor[] {
    return [...this.namedBuffers("", recurse)].map(([, b]) => b);
  }

  // ---- modes and grads
  /** Sets training mode (or evaluation mode with `false`) on this module and every submodule; returns this. */
  train(mode = true): this {
    if (typeof mode !== "boolean") throw new ValueError("training mode is expected to be boolean");
    this.training = mode;
    for (const m of this.children()) m.train(mode);
    return this;
  }
  /** Sets evaluation mode: the same as `train(false)`. Dropout turns off and BatchNorm uses running statistics. */
  eval(): this {
    return this.train(false);
  }
  /** Sets `requiresGrad` on every parameter (to freeze or unfreeze them); returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }
  /**
   * Resets the gradients of every parameter.
   *
   * @param opts.setToNone - set `grad` to null instead of zeroing it (default as the libtorch's PyTorch:
   *   false for 1.x, true for 2.x).
   */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    checkKwargs(opts, ["setToNone"], "zero_grad");
    const setToNone = opts.setToNone ?? ZERO_GRAD_SETS_NONE;
    for (const p of this.parameters()) {
      if (setToNone) {
        p.grad = null;
        continue;
      }
      const g = p.grad;
      if (g) {
        g.detach_().zero_();
        g.dispose();
      }
    }
  }
  /** Calls `fn` on every submodule and then on this module (as for custom initialization); returns this. */
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  // ---- moves
  /**
   * Moves (or casts) parameters and buffers in place, as Module.to: the same Parameter objects stay
   * valid. A dtype applies to floating-point parameters and buffers only.
   */
  to(
    target: DeviceLike | DTypeLike | Tensor,
    opts?: { dtype?: DTypeLike; nonBlocking?: boolean; memoryFormat?: MemoryFormatName },
  ): this;
  /** to({memoryFormat: "channelsLast"}): 4-D and 5-D parameters and buffers in that memory format. */
  to(opts: { device?: DeviceLike; dtype?: DTypeLike; nonBlocking?: boolean; memoryFormat?: MemoryFormatName }): this;
  to(
    targetOrOpts: DeviceLike | DTypeLike | Tensor | { device?: DeviceLike; dtype?: DTypeLike },
    optsArg?: { device?: DeviceLike; dtype?: DTypeLike; nonBlocking?: boolean; memoryFormat?: MemoryFormatName },
  ): this {
    let opts = optsArg ?? {};
    let target = targetOrOpts as DeviceLike | DTypeLike | Tensor | undefined;
    if (targetOrOpts !== null && typeof targetOrOpts === "object" && !(targetOrOpts instanceof Tensor)) {
      if (Object.getPrototypeOf(targetOrOpts) === Object.prototype) {
        // As Python's to({}, non_blocking=True): an options object takes no other argument.
        if (optsArg !== undefined)
          throw new TypeError(
            "to() received an invalid combination of arguments - got (an options object, and another argument)",
          );
        opts = targetOrOpts as typeof opts;
        target = opts.device;
      }
    } else if (opts !== null && typeof opts === "object" && "device" in opts) {
      throw new TypeError("to() got multiple values for argument 'device'");
    }
    if (opts === null || typeof opts !== "object") throw new TypeError("options must be an object");
    for (const k of Object.keys(opts)) {
      if (k !== "dtype" && k !== "nonBlocking" && k !== "memoryFormat" && k !== "device")
        throw new TypeError(`to() got an unexpected keyword argument '${k}'`);
    }
    const memoryFormat = opts.memoryFormat === undefined ? undefined : checkMemoryFormat(opts.memoryFormat);
    let device: Device | undefined;
    let dtype: DType | undefined = opts.dtype === undefined ? undefined : checkDtype(opts.dtype);
    if (target instanceof Tensor) ({ device, dtype } = { device: target.device, dtype: target.dtype });
    else if (target !== undefined) ({ device, dtype = dtype } = parseTo(target));
    if (dtype !== undefined && !isFloating(dtype) && !isComplexDtype(dtype)) {
      throw new TypeError(
        `nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${dtype}`,
      );
    }
    if (dtype !== undefined && isComplexDtype(dtype))
      process.emitWarning(
        "Complex modules are a new feature under active development whose design may change, and some modules " +
          "might not work as expected when using complex tensors as parameters or buffers. Please file an issue at " +
          "https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml if a complex module does not work " +
          "as expected.",
        "UserWarning",
      );
    // As PyTorch: only floating point and complex parameters and buffers take the dtype.
    const takes = (t: Tensor) => t.isFloatingPoint() || t.isComplex();
    const nonBlocking = opts.nonBlocking ?? false;
    noGrad(() => {
      for (const m of this.modules()) {
        for (const [, p] of m._parameters) {
          if (p instanceof UninitializedParameter) p.retarget(device, dtype);
          else if (p) {
            const format = p.dim() === 4 || p.dim() === 5 ? memoryFormat : undefined;
            p.moveInPlace(device, takes(p) ? dtype : undefined, nonBlocking, format);
          }
        }
        for (const [k, b] of m._buffers) {
          if (b instanceof UninitializedParameter) {
            b.retarget(device, dtype);
            continue;
          }
          if (!(b instanceof Tensor)) continue;
          const format = b.dim() === 4 || b.dim() === 5 ? memoryFormat : undefined;
          const moved = b.to(device ?? b.device, {
            dtype: takes(b) ? dtype : undefined,
            nonBlocking,
            ...(format === undefined ? {} : { memoryFormat: format }),
          });
          if (moved === b) continue;
          b.dispose();
          m._buffers.set(k, keep(moved));
        }
      }
      for (const m of this.modules()) m._afterApply();
    });
    return this;
  }

  /** @internal Runs on each module after `to()` moved or cast it (PyTorch's _apply overrides). */
  _afterApply(): void {}
  /** cuda(device): device index or "cuda:N"; on a build without CUDA, PyTorch's AssertionError. */
  cuda(device: number | string = 0): this {
    if (!native.builtWithCuda) {
      throw Object.assign(new Error("Torch not compiled with CUDA enabled"), { name: "AssertionError" });
    }
    return this.to((typeof device === "number" ? `cuda:${device}` : device) as DeviceLike);
  }
  /** Moves every parameter and buffer to the CPU in place; returns this. */
  cpu(): this {
    return this.to("cpu");
  }
  /** Casts floating-point parameters and buffers to float32; returns this. */
  float(): this {
    return this.to("float32");
  }
  /** Casts floating-point parameters and buffers to float64; returns this. */
  double(): this {
    return this.to("float64");
  }
  /** Casts floating-point parameters and buffers to float16; returns this. */
  half(): this {
    return this.to("float16");
  }
  /** Casts floating-point parameters and buffers to bfloat16; returns this. */
  bfloat16(): this {
    return this.to("bfloat16");
  }

  /**
   * Module._apply: `fn` applied to every parameter (its data replaced in place, so the same Parameter
   * objects stay valid), every gradient and every buffer, children first; returns this.
   */
  _apply(fn: (t: Tensor) => Tensor): this {
    for (const child of this.children()) child._apply(fn);
    // torch._has_compatible_shallow_copy_type: a result of the same layout replaces the tensor's data in
    // place, unless one of the two is on the meta device (whose TensorImpl is not a dense CPU / CUDA one):
    // then, as in PyTorch, the parameter (or gradient) is replaced.
    const meta = (t: Tensor) => String(t.device).split(":")[0] === "meta";
    const compatible = (a: Tensor, b: Tensor) => a.layout === b.layout && meta(a) === meta(b);
    for (const [key, p] of this._parameters) {
      if (!(p instanceof Parameter)) continue;
      const applied = noGrad(() => fn(p));
      let out: Parameter = p;
      if (compatible(p, applied)) p.data = applied;
      else {
        out = new Parameter(applied, p.requiresGrad);
        this._parameters.set(key, out);
      }
      const g = p.grad;
      if (g === null) continue;
      const gApplied = noGrad(() => fn(g));
      if (compatible(g, gApplied)) (out.grad as Tensor).data = gApplied;
      else out.grad = gApplied.requiresGrad_(g.requiresGrad);
    }
    for (const [key, b] of this._buffers) if (b instanceof Tensor) this._buffers.set(key, keep(fn(b)));
    return this;
  }
  /** Module.to_empty: parameters and buffers replaced by uninitialized tensors on `device`. */
  toEmpty(o: { device: DeviceLike }): this {
    checkKwargs(o, ["device"], "to_empty");
    const device = parseTo(o.device).device;
    return this._apply((t) => emptyLike(t, { device }));
  }
  /** Module.type(dst_type): every parameter and buffer cast to `dtype` (integers too, unlike `to`). */
  type(dtype: DTypeLike): this {
    const d = checkDtype(dtype);
    return this._apply((t) => t.to(d));
  }

  // ---- state dicts
  /** The state-dict version of this module's class (PyTorch's `_version`). */
  get _version(): number {
    return (this.constructor as typeof Module)._version;
  }

  /** Writes this module's own parameters and persistent buffers (not its children's). */
  /** @internal */
  _saveToStateDict(destination: StateDict, prefix: string, keepVars: boolean): void {
    for (const [k, p] of this._parameters) {
      if (p instanceof Parameter) destination[prefix + k] = keepVars ? p : p.detach();
    }
    for (const [k, b] of this._buffers) {
      if (b instanceof Tensor && !this._nonPersistent.has(k)) destination[prefix + k] = keepVars ? b : b.detach();
    }
    if (this.getExtraState !== Module.prototype.getExtraState)
      destination[prefix + EXTRA_STATE] = this.getExtraState() as Tensor;
  }

  /**
   * get_extra_state: override to put any extra state (a plain object, a tensor, ...) in the state dict
   * under `<prefix>_extra_state`; {@link setExtraState} receives it back on load.
   */
  getExtraState(): unknown {
    throw new Error(
      "Reached a code path in Module.get_extra_state() that should never be called. Please file an issue at " +
        "https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.",
    );
  }
  /** set_extra_state: override together with {@link getExtraState}. */
  setExtraState(_state: unknown): void {
    throw new Error(
      "Reached a code path in Module.set_extra_state() that should never be called. Please file an issue at " +
        "https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml to report this bug.",
    );
  }

  /** state_dict(): keys in PyTorch's order, with `_metadata` holding each module's version. */
  stateDict(opts: string | { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const o = typeof opts === "string" ? { prefix: opts } : opts;
    checkKwargs(o, ["prefix", "keepVars"], "state_dict");
    const destination: StateDict = {};
    const metadata: StateDictMetadata = {};
    Object.defineProperty(destination, "_metadata", {
      value: metadata,
      enumerable: false,
      writable: true,
      configurable: true,
    });
    const out = this.stateDictInto(destination, metadata, o.prefix ?? "", o.keepVars ?? false);
    if (out !== destination && !Object.hasOwn(out, "_metadata")) {
      Object.defineProperty(out, "_metadata", {
        value: metadata,
        enumerable: false,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  /** @internal */
  stateDictInto(destination: StateDict, metadata: StateDictMetadata, prefix: string, keepVars: boolean): StateDict {
    const local = { version: this._version };
    metadata[prefix.slice(0, -1)] = local;
    this._saveToStateDict(destination, prefix, keepVars);
    // As in PyTorch, what a child's hook returns does not replace the parent's dict.
    for (const [k, m] of this._modules) if (m) m.stateDictInto(destination, metadata, `${prefix}${k}.`, keepVars);
    for (const hook of this._stateDictHooks.values()) {
      const r = hook(this, destination, prefix, local);
      if (r !== undefined && r !== null) destination = r;
    }
    return destination;
  }

  /** _register_state_dict_hook(hook): hook(module, stateDict, prefix, localMetadata) after state_dict. */
  _registerStateDictHook(hook: StateDictHook): RemovableHandle {
    if (typeof hook !== "function") throw new TypeError("hook must be callable");
    const h = new RemovableHandle(this._stateDictHooks as Map<number, unknown>);
    this._stateDictHooks.set(h.id, hook);
    return h;
  }

  /**
   * register_load_state_dict_post_hook(hook): hook(module, incompatibleKeys) after the module and its
   * children loaded; it may edit incompatibleKeys' lists in place (before strict's check).
   */
  registerLoadStateDictPostHook(hook: LoadStateDictPostHook): RemovableHandle {
    if (typeof hook !== "function") throw new TypeError("hook must be callable");
    const h = new RemovableHandle(this._loadStateDictPostHooks as Map<number, unknown>);
    this._loadStateDictPostHooks.set(h.id, hook);
    return h;
  }

  /**
   * _register_load_state_dict_pre_hook(hook, withModule): hook(ctx), or hook(module, ctx) with
   * `withModule`, runs before this module's own entries are loaded.
   */
  _registerLoadStateDictPreHook(hook: LoadStateDictPreHook): RemovableHandle;
  _registerLoadStateDictPreHook(hook: LoadStateDictPreHookWithModule, withModule: true): RemovableHandle;
  _registerLoadStateDictPreHook(
    hook: LoadStateDictPreHook | LoadStateDictPreHookWithModule,
    withModule = false,
  ): RemovableHandle {
    if (typeof hook !== "function") throw new TypeError("hook must be callable");
    const fn: LoadStateDictPreHook = withModule
      ? (ctx) => (hook as LoadStateDictPreHookWithModule)(this, ctx)
      : (hook as LoadStateDictPreHook);
    this._loadStateDictPreHooks.push(fn);
    const h = new RemovableHandle();
    h.remove = () => {
      this._loadStateDictPreHooks = this._loadStateDictPreHooks.filter((x) => x !== fn);
    };
    return h;
  }

  /**
   * Copies this module's own entries from `stateDict` (PyTorch's _load_from_state_dict): the hook
   * layers override to read older formats, keyed by `localMetadata.version`.
   */
  /** @internal */
  _loadFromStateDict(ctx: LoadStateDictContext): void {
    for (const hook of this._loadStateDictPreHooks) hook(ctx);
    const { stateDict, prefix, strict, missingKeys, unexpectedKeys, errorMsgs } = ctx;
    const local: Array<[string, Tensor | UninitializedParameter]> = [];
    for (const [k, p] of this._parameters) if (p !== null) local.push([k, p]);
    for (const [k, b] of this._buffers) if (b !== null && !this._nonPersistent.has(k)) local.push([k, b]);
    for (const [name, param] of local) {
      const key = prefix + name;
      if (!stateDict.has(key)) {
        if (strict) missingKeys.push(key);
        continue;
      }
      const raw = stateDict.get(key);
      if (!(raw instanceof Tensor)) {
        errorMsgs.push(
          `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object ` +
            `from checkpoint but received ${pyTypename(raw)}`,
        );
        continue;
      }
      if (param instanceof UninitializedParameter) {
        errorMsgs.push(`While copying the parameter named "${key}", the parameter is uninitialized`);
        continue;
      }
      // Backward compatibility: loading 1-dim tensors from 0.3.* into 0-dim parameters.
      const input = param.dim() === 0 && raw.dim() === 1 ? raw.select(0, 0) : raw;
      const a = input.shape;
      const b = param.shape;
      if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
        errorMsgs.push(
          `size mismatch for ${key}: copying a param with shape ${pySize(a)} from checkpoint, ` +
            `the shape in current model is ${pySize(b)}.`,
        );
        continue;
      }
      try {
        noGrad(() => param.copy_(input));
      } catch (e) {
        errorMsgs.push(
          `While copying the parameter named "${key}", whose dimensions in the model are ` +
            `${pySize(b)} and whose dimensions in the checkpoint are ${pySize(a)}, an exception occurred : ` +
            `(${JSON.stringify((e as Error).message)}).`,
        );
      }
    }
    const extraKey = prefix + EXTRA_STATE;
    if (this.setExtraState !== Module.prototype.setExtraState) {
      if (stateDict.has(extraKey)) this.setExtraState(stateDict.get(extraKey));
      else if (strict) missingKeys.push(extraKey);
    } else if (strict && stateDict.has(extraKey)) unexpectedKeys.push(extraKey);
    if (strict) {
      for (const key of stateDict.keys()) {
        if (!key.startsWith(prefix) || key === extraKey) continue;
        const inputName = key.slice(prefix.length).split(".", 1)[0]!;
        if (!this._modules.has(inputName) && !local.some(([n]) => n === inputName)) unexpectedKeys.push(key);
      }
    }
  }

  /** load_state_dict(): copies matching entries in place; `strict` reports missing and unexpected keys. */
  loadStateDict(
    // What torch.load returns is accepted as it is (checked here to be dict-like, as PyTorch does).
    stateDict: Record<string, unknown> | Map<string, unknown> | Loaded,
    opts: { strict?: boolean } = {},
  ): IncompatibleKeys {
    checkKwargs(opts, ["strict"], "load_state_dict");
    if (
      stateDict === null ||
      typeof stateDict !== "object" ||
      Array.isArray(stateDict) ||
      stateDict instanceof Tensor
    ) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${pyTypename(stateDict)}.`);
    }
    const strict = opts.strict ?? true;
    const metadata = (stateDict as { _metadata?: StateDictMetadata })._metadata;
    // A shallow copy, so hooks may add or rename keys without touching the caller's dict.
    const entries: Iterable<[unknown, unknown]> = stateDict instanceof Map ? stateDict : Object.entries(stateDict);
    const src = new Map<string, unknown>([...entries].map(([k, v]) => [String(k), v]));
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errorMsgs: string[] = [];
    const load = (m: Module, prefix: string): void => {
      const localMetadata = metadata?.[prefix.slice(0, -1)] ?? {};
      m._loadFromStateDict({
        stateDict: src,
        prefix,
        localMetadata,
        strict: true,
        missingKeys,
        unexpectedKeys,
        errorMsgs,
      });
      for (const [k, child] of m._modules) if (child) load(child, `${prefix}${k}.`);
      const incompatible: IncompatibleKeys = { missingKeys, unexpectedKeys };
      for (const hook of m._loadStateDictPostHooks.values()) {
        if (hook(m, incompatible) !== undefined) {
          throw Object.assign(
            new Error(
              // PyTorch 1.13's text, its missing spaces included.
              "Hooks registered with ``register_load_state_dict_post_hook`` are not" +
                "expected to return new values, if incompatible_keys need to be modified," +
                "it should be done inplace.",
            ),
            { name: "AssertionError" },
          );
        }
      }
    };
    load(this, "");
    if (strict) {
      if (unexpectedKeys.length) {
        errorMsgs.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(", ")}. `);
      }
      if (missingKeys.length) {
        errorMsgs.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(", ")}. `);
      }
    }
    if (errorMsgs.length) {
      throw new Error(`Error(s) in loading state_dict for ${this._getName()}:\n\t${errorMsgs.join("\n\t")}`);
    }
    return { missingKeys, unexpectedKeys };
  }

  // ---- printing
  /** The class name PyTorch prints (`_get_name()`). */
  _getName(): string {
    return this.constructor.name;
  }
  /** The text inside the parentheses of this module's line, as PyTorch's extra_repr(). */
  extraRepr(): string {
    return "";
  }
  /** The module tree as PyTorch prints it (`MLP(\n  (fc1): Linear(in_features=784, ...)`). */
  toString(): string {
    const lines: string[] = [];
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split("\n") : [];
    for (const [k, m] of this._modules) {
      const sub = String(m)
        .split("\n")
        .map((l, i) => (i === 0 ? l : `  ${l}`))
        .join("\n");
      lines.push(`(${k}): ${sub}`);
    }
    const name = this._getName();
    const all = [...extraLines, ...lines];
    if (all.length === 0) return `${name}()`;
    if (lines.length === 0 && extraLines.length === 1) return `${name}(${extraLines[0]})`;
    return `${name}(\n${all.map((l) => `  ${l}`).join("\n")}\n)`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** Frees every parameter and buffer now. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
  }
}

// PyTorch's BackwardHook (torch/utils/hooks.py): the forward's tensor arguments, and then its tensor
// outputs, pass through an identity autograd Function; the outputs' node records grad_output, the
// inputs' node calls the full backward hooks with grad_input and takes their replacement (or, when no
// input requires grad, the outputs' node calls them with grad_input all null).
type HookCallback = (grads: Array<Tensor | null>) => Array<Tensor | null>;
class BackwardHookFunction extends AutogradFunction {
  static override forward(ctx: FunctionCtx, cb: HookCallback, ...args: Tensor[]): Tensor[] {
    ctx.cb = cb;
    ctx.setMaterializeGrads(false);
    const out = args.map((a) => a.viewAs(a));
    ctx.markNonDifferentiable(...out.filter((_, i) => !args[i]!.requiresGrad));
    return out;
  }
  static override backward(ctx: FunctionCtx, ...grads: Array<Tensor | null>): Array<Tensor | null> {
    return [null, ...(ctx.cb as HookCallback)(grads)];
  }
}

class BackwardHook {
  private gradOutputs: Array<Tensor | null> | null = null;
  private nInputs = -1;
  private inputIndex: number[] | null = null;
  private nOutputs = -1;
  private outputIndex: number[] | null = null;
  constructor(
    private module: Module,
    private hooks: FullBackwardHook[],
  ) {}

  private static pack(indices: number[], values: Array<Tensor | null>, size: number): Array<Tensor | null> {
    const res: Array<Tensor | null> = new Array(size).fill(null);
    indices.forEach((idx, k) => {
      res[idx] = values[k] ?? null;
    });
    return res;
  }

  // The Function passes undefined gradients on as null; `materialize` makes them zeros of the tensor's
  // shape, as PyTorch's materialized gradients are (the input side's hooks see those).
  private applyOnTensors(args: unknown[], cb: HookCallback, materialize: boolean): [unknown[], number[] | null] {
    const idx: number[] = [];
    const tensors: Tensor[] = [];
    let requiresGrad = false;
    args.forEach((a, i) => {
      if (a instanceof Tensor) {
        idx.push(i);
        tensors.push(a);
        requiresGrad ||= a.requiresGrad;
      }
    });
    if (!(requiresGrad && isGradEnabled())) return [args, null];
    const callback: HookCallback = materialize ? (grads) => cb(grads.map((g, k) => g ?? zerosLike(tensors[k]!))) : cb;
    const wrapped = BackwardHookFunction.apply(callback, ...tensors) as Tensor[];
    const res = [...args];
    idx.forEach((i, k) => {
      res[i] = wrapped[k];
    });
    return [res, idx];
  }

  setupInputHook(args: unknown[]): unknown[] {
    const [res, idx] = this.applyOnTensors(
      args,
      (gradInput) => {
        // The gradient reached the inputs without passing through the outputs (double backward).
        if (this.gradOutputs === null) return gradInput;
        const index = this.inputIndex!;
        let res = BackwardHook.pack(index, gradInput, this.nInputs);
        for (const hook of this.hooks) {
          const out = hook(this.module, res, this.gradOutputs);
          if (out === undefined || out === null) continue;
          const n = Array.isArray(out) ? out.length : 1;
          if (n !== res.length)
            throw new Error(
              `Backward hook returned an invalid number of grad_input, got ${n}, but expected ${res.length}`,
            );
          res = out as Array<Tensor | null>;
        }
        this.gradOutputs = null;
        return index.map((i) => res[i] ?? null);
      },
      true,
    );
    this.nInputs = args.length;
    this.inputIndex = idx;
    return res;
  }

  setupOutputHook(result: unknown): unknown {
    const isTuple = Array.isArray(result);
    const args = isTuple ? (result as unknown[]) : [result];
    const [res, idx] = this.applyOnTensors(
      args,
      (gradOutput) => {
        this.gradOutputs = BackwardHook.pack(this.outputIndex!, gradOutput, this.nOutputs);
        if (this.inputIndex === null) {
          const gradInputs = BackwardHook.pack([], [], this.nInputs);
          for (const hook of this.hooks) {
            const r = hook(this.module, gradInputs, this.gradOutputs);
            if (r !== undefined && r !== null && !(Array.isArray(r) && r.every((g) => g === null || g === undefined)))
              throw new Error(
                "Backward hook for Modules where no input requires gradient should always return None or None for all gradients.",
              );
          }
          this.gradOutputs = null;
        }
        return gradOutput;
      },
      false,
    );
    this.nOutputs = args.length;
    this.outputIndex = idx;
    return isTuple ? res : res[0];
  }
}
