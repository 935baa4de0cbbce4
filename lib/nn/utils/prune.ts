// torch.nn.utils.prune (torch/nn/utils/prune.py, PyTorch 1.13): a parameter `name` is reparameterized as
// `<name>_orig` (the parameter itself) times a buffer `<name>_mask`, recombined by a forward pre-hook into a
// plain attribute `name` before each call. The hook is the pruning method object itself, as in PyTorch: each
// method instance is callable, so `module._forwardPreHooks` holds BasePruningMethod instances that
// `instanceof` recognizes; pruning a parameter again combines the methods in a PruningContainer.
//
// Amounts follow Python's int/float split: an integral number (or a bigint) is a count of units, any other
// number a fraction. A whole-number fraction (Python's 1.0) is written `prune.float(1)`.
import { callAten } from "../../aten";
import { onesLike, rand, randLike, zerosLike } from "../../creation";
import { IndexError, KeyError, ValueError } from "../../errors";
import type { IndexItem } from "../../indexing";
import { keep } from "../../memory";
import { Tensor } from "../../tensor";
import { splitCall } from "../../utils/kwargs";
import { pyFloat, pySize } from "../../utils/pyrepr";
import type { ForwardPreHook, Module } from "../module";
import { Parameter } from "../parameter";
import { parametersToVector } from "./convert_parameters";

type Attrs = Record<string, unknown>;

// ---- Python's exceptions that lib/errors.ts has no class for
function pyError(name: string, message: string): Error {
  return Object.assign(new Error(message), { name });
}
const assertionError = (message = "") => pyError("AssertionError", message);
function attributeError(obj: unknown, attr: string): Error {
  return pyError("AttributeError", `'${pyClassName(obj)}' object has no attribute '${attr}'`);
}

// ---- Python's reprs of the objects the messages print
const BUILTIN = new Set<unknown>();
const ids = new WeakMap<object, number>();
let nextId = 0;

function pyClassName(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "bigint") return "int";
  if (typeof v === "string") return "str";
  if (Array.isArray(v)) return "list";
  if (v instanceof Parameter) return "Parameter";
  if (v instanceof Tensor) return "Tensor";
  return (v as object).constructor?.name ?? "object";
}

// type(v) as Python prints it: <class 'int'>, <class 'torch.Tensor'>, <class 'torch.nn.utils.prune.Identity'>.
function pyClass(v: unknown): string {
  if (v instanceof Parameter) return "<class 'torch.nn.parameter.Parameter'>";
  if (v instanceof Tensor) return "<class 'torch.Tensor'>";
  if (v instanceof BasePruningMethod) return classRepr(v.constructor);
  return `<class '${pyClassName(v)}'>`;
}

function classRepr(cls: unknown): string {
  const name = (cls as { name?: string }).name ?? String(cls);
  return `<class '${BUILTIN.has(cls) ? "torch.nn.utils.prune." : ""}${name}'>`;
}

// Python's str() of a value formatted into a message.
function pyStr(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return Number.isInteger(v) ? String(v) : pyFloat(v);
  return String(v);
}

// getattr(module, name): a registered parameter, buffer or submodule, or a plain attribute.
function getattr(module: Module, name: string): unknown {
  if (!(name in module)) throw attributeError(module, name);
  return (module as unknown as Attrs)[name];
}

// The tensor a message or a computation needs, with Python's error when it is not one.
function asTensor(v: unknown, what: string): Tensor {
  if (!(v instanceof Tensor)) throw attributeError(v, what);
  return v;
}

// ---- amounts
/**
 * Python's float for an amount that is a whole number: `prune.float(1)` is `amount=1.0` (every unit), which
 * the number 1 (one unit, Python's int) cannot say. Other fractions are plain numbers (0.3).
 */
export class Float {
  constructor(readonly value: number) {}
  /** Python's str of the float: "1.0". */
  toString(): string {
    return pyFloat(this.value);
  }
}
/** `prune.float(x)`: the amount `x` as Python's float (a fraction of the units); see {@link Float}. */
export function float(value: number): Float {
  return new Float(value);
}

/**
 * A pruning amount: an integral number or a bigint is Python's int (a number of units), any other number or a
 * {@link Float} Python's float (a fraction of the units, in [0, 1]).
 */
export type Amount = number | bigint | Float;

// numbers.Real: [isIntegral, value], or null for anything else (a string, a tensor).
function realOf(amount: unknown): [boolean, number] | null {
  if (typeof amount === "boolean") return [true, amount ? 1 : 0];
  if (typeof amount === "bigint") return [true, Number(amount)];
  if (typeof amount === "number") return [Number.isInteger(amount), amount];
  if (amount instanceof Float) return [false, amount.value];
  return null;
}

function amountStr(amount: unknown): string {
  const r = realOf(amount);
  if (r === null || typeof amount === "boolean") return pyStr(amount);
  return r[0] ? String(typeof amount === "bigint" ? amount : r[1]) : pyFloat(r[1]);
}

/**
 * PyTorch's `_validate_pruning_amount_init`: `amount` is an int that is not negative or a float in [0, 1].
 *
 * @throws TypeError when it is neither an int nor a float; ValueError when it is out of range.
 */
export function validatePruningAmountInit(amount: unknown): void {
  const r = realOf(amount);
  if (r === null) throw new TypeError(`Invalid type for amount: ${pyStr(amount)}. Must be int or float.`);
  const [integral, value] = r;
  if ((integral && value < 0) || (!integral && (value > 1.0 || value < 0.0)))
    throw new ValueError(
      `amount=${amountStr(amount)} should either be a float in the range [0, 1] or a non-negative integer`,
    );
}

/**
 * PyTorch's `_validate_pruning_amount`: an int amount is at most `tensorSize` (the units there are to prune).
 *
 * @throws ValueError when it is larger.
 */
export function validatePruningAmount(amount: Amount, tensorSize: number): void {
  const r = realOf(amount);
  if (r?.[0] && r[1] > tensorSize)
    throw new ValueError(
      `amount=${amountStr(amount)} should be smaller than the number of parameters to prune=${tensorSize}`,
    );
}

/**
 * PyTorch's `_validate_structured_pruning`: structured pruning needs a tensor of at least 2 dimensions.
 *
 * @throws ValueError for a 0-d or 1-d tensor.
 */
export function validateStructuredPruning(t: Tensor): void {
  const shape = t.shape;
  if (shape.length <= 1)
    throw new ValueError(
      "Structured pruning can only be applied to multidimensional tensors. Found tensor of shape " +
        `${pySize(shape)} with ${shape.length} dims`,
    );
}

// Python's round(): halves to even; NaN and infinities cannot become ints.
function pyRound(x: number): number {
  if (Number.isNaN(x)) throw new ValueError("cannot convert float NaN to integer");
  if (!Number.isFinite(x)) throw pyError("OverflowError", "cannot convert float infinity to integer");
  const f = Math.floor(x);
  const d = x - f;
  if (d !== 0.5) return d < 0.5 ? f : f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * PyTorch's `_compute_nparams_toprune`: the number of units `amount` means out of `tensorSize`: an int as it
 * is, a float as round(amount * tensorSize) (Python's round, halves to even).
 */
export function computeNparamsToprune(amount: Amount, tensorSize: number): number {
  const r = realOf(amount);
  if (r === null) throw new TypeError(`Invalid type for amount: ${pyStr(amount)}. Must be int or float.`);
  return r[0] ? r[1] : pyRound(r[1] * tensorSize);
}

/**
 * PyTorch's `_validate_pruning_dim`: `dim` is below `t.dim()`.
 *
 * @throws IndexError otherwise.
 */
export function validatePruningDim(t: Tensor, dim: number): void {
  if (dim >= t.dim()) throw new IndexError(`Invalid index ${dim} for tensor of size ${pySize(t.shape)}`);
}

// t.shape[dim] with Python's tuple indexing (negative from the end).
function sizeAt(t: Tensor, dim: number): number {
  const shape = t.shape;
  const i = dim < 0 ? shape.length + dim : dim;
  if (!Number.isInteger(dim)) throw new TypeError(`tuple indices must be integers or slices, not ${pyClassName(dim)}`);
  if (i < 0 || i >= shape.length) throw new IndexError("tuple index out of range");
  return shape[i] as number;
}

/** A norm order for {@link LnStructured}: a number (Infinity, -Infinity too), "fro" or "nuc", as torch.norm's p. */
export type NormOrder = number | "fro" | "nuc";

/**
 * PyTorch's `_compute_norm`: the `n`-norm of each slice of `t` along `dim` (torch.norm over every other
 * dimension), one value per channel.
 */
export function computeNorm(t: Tensor, n: NormOrder, dim: number): Tensor {
  const dims = Array.from({ length: t.dim() }, (_, i) => i);
  let d = dim;
  if (d < 0) {
    const at = dims.length + d;
    if (at < 0) throw new IndexError("list index out of range");
    d = dims[at] as number;
  }
  const i = dims.indexOf(d);
  if (i < 0) throw new ValueError("list.remove(x): x not in list");
  dims.splice(i, 1);
  return t.norm(n, dims);
}

// clone(memory_format=torch.contiguous_format)
function contiguousClone(t: Tensor): Tensor {
  return callAten("clone", "clone", t, [{ memoryFormat: "contiguousFormat" }]) as Tensor;
}

// Python's argument binding for PyTorch's signatures here: positional values, then keywords from a trailing
// options object; `required` names the parameters without a default (Python's TypeError when one is missing).
// `bound` counts what Python counts but the call here does not pass (self or cls, a module and name).
function bind(
  args: readonly unknown[],
  names: readonly string[],
  required: readonly string[],
  fn: string,
  bound = 0,
): Record<string, unknown> {
  const [positional, kw] = splitCall(args);
  if (positional.length > names.length) {
    const most = names.length + bound;
    const least = required.length + bound;
    const given = positional.length + bound;
    throw new TypeError(
      `${fn}() takes ${most === least ? most : `from ${least} to ${most}`} positional ` +
        `argument${most === 1 ? "" : "s"} but ${given} ${given === 1 ? "was" : "were"} given`,
    );
  }
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    out[names[i] as string] = v;
  });
  for (const [k, v] of Object.entries(kw ?? {})) {
    if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${snake(k)}'`);
    if (out[k] !== undefined) throw new TypeError(`${fn}() got multiple values for argument '${snake(k)}'`);
    out[k] = v;
  }
  const missing = required.filter((n) => out[n] === undefined);
  if (missing.length > 0) {
    const quoted = missing.map((n) => `'${snake(n)}'`);
    const list = quoted.length <= 2 ? quoted.join(" and ") : `${quoted.slice(0, -1).join(", ")}, and ${quoted.at(-1)}`;
    throw new TypeError(
      `${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${list}`,
    );
  }
  return out;
}

function snake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

// ---- the pruning methods

/** A class of pruning method, as {@link globalUnstructured} takes it (PyTorch passes the class). */
export type PruningMethodClass = new (...args: never[]) => BasePruningMethod;

/**
 * torch.nn.utils.prune.BasePruningMethod: the base of every pruning technique. A subclass implements
 * {@link BasePruningMethod.computeMask}; the static {@link BasePruningMethod.apply} prunes a module's parameter
 * with a new instance of the subclass, and that instance becomes the module's forward pre-hook.
 *
 * An instance is callable, as Python's `__call__`: `method(module, inputs)` is `method.call(module, inputs)`,
 * which is what lets it sit in `module._forwardPreHooks` as itself.
 */
export abstract class BasePruningMethod {
  /**
   * The parameter this method acts on (Python's `_tensor_name`), set by {@link BasePruningMethod.apply};
   * undefined until then (Python has no attribute yet).
   */
  declare _tensorName?: string | null;
  /**
   * "unstructured" (single entries), "structured" (whole channels along `dim`) or "global" (the tensor as
   * a whole): which part of a parameter a {@link PruningContainer} gives the method to prune.
   */
  declare readonly PRUNING_TYPE?: string;

  constructor();
  constructor(...args: unknown[]) {
    if (new.target === (BasePruningMethod as unknown))
      throw new TypeError("Can't instantiate abstract class BasePruningMethod with abstract method compute_mask");
    // BasePruningMethod.__init__(self) takes nothing (Identity(1) and Identity(amount=1) are errors).
    bind(args, [], [], "BasePruningMethod.__init__", 1);
    const hook = (module: Module, inputs: unknown): undefined => {
      (hook as unknown as BasePruningMethod).call(module, inputs);
      return undefined;
    };
    // The function's own `length` and `name` would hide the class's.
    Reflect.deleteProperty(hook, "length");
    Reflect.deleteProperty(hook, "name");
    Object.setPrototypeOf(hook, new.target.prototype);
    // biome-ignore lint/correctness/noConstructorReturn: the instance is a function, as Python's callable hook.
    return hook as unknown as BasePruningMethod;
  }

  /** Python's `__call__(module, inputs)`: sets `module[name]` to the masked tensor (the hook's work). */
  call(module: Module, _inputs?: unknown): void {
    const masked = this.applyMask(module);
    setPlain(module, this.tensorName() as string, masked);
  }

  /**
   * compute_mask(t, defaultMask): the mask for `t` (the importance scores of the parameter), on top of
   * `defaultMask` (the mask from earlier pruning, ones the first time), of t's shape.
   */
  abstract computeMask(t: Tensor, defaultMask: Tensor): Tensor;

  /** apply_mask(module): the module's `<name>_orig` times its `<name>_mask` (cast to the parameter's dtype). */
  applyMask(module: Module): Tensor {
    const name = this.tensorName();
    if (name === null) throw assertionError(`Module ${String(module)} has to be pruned`);
    const mask = asTensor(getattr(module, `${name}_mask`), "to");
    const orig = asTensor(getattr(module, `${name}_orig`), "dtype");
    return mask.to(orig.dtype).mul(orig);
  }

  /**
   * apply(module, name, ...args, {importanceScores, ...kwargs}): prunes `module[name]` with a new instance of
   * this class (made from `args` and `kwargs`), combined with the method already pruning it, if any, into a
   * {@link PruningContainer}. Registers `<name>_orig` (the parameter) and the buffer `<name>_mask`, sets
   * `module[name]` to the masked tensor and the method as the forward pre-hook that recomputes it. The mask
   * is computed from `importanceScores` (of the parameter's shape) when given, else from the parameter.
   * On an error while computing the mask, a first pruning is undone. Returns the method (or container).
   */
  static apply(module: Module, name: string, ...args: unknown[]): BasePruningMethod {
    const [positional, kw] = splitCall(args);
    const { importanceScores, ...kwargs } = kw ?? {};
    // biome-ignore lint/complexity/noThisInStatic: the class apply was called on (Python's cls).
    const cls = this as unknown as new (...a: unknown[]) => BasePruningMethod;
    const ctorArgs = Object.keys(kwargs).length > 0 ? [...positional, kwargs] : [...positional];
    const method = compositeMethod(cls, module, name, ctorArgs);

    const orig = getattr(module, name) as Tensor;
    let scores: Tensor;
    if (importanceScores !== undefined && importanceScores !== null) {
      scores = importanceScores as Tensor;
      if (!sameShape(asTensor(scores, "shape"), asTensor(orig, "shape")))
        throw assertionError(
          `importance_scores should have the same shape as parameter${" ".repeat(17)}${name} of ${String(module)}`,
        );
    } else scores = orig;

    const first = !(method instanceof PruningContainer);
    let defaultMask: Tensor;
    if (first) {
      module.registerParameter(`${name}_orig`, orig as Parameter);
      // del module._parameters[name]: `name` becomes free for the plain attribute.
      Reflect.deleteProperty(module, name);
      if (!(orig instanceof Tensor))
        throw new TypeError(`ones_like(): argument 'input' (position 1) must be Tensor, not ${pyClassName(orig)}`);
      defaultMask = onesLike(orig);
    } else {
      defaultMask = contiguousClone(asTensor(getattr(module, `${name}_mask`), "detach").detach());
    }
    try {
      const mask = method.computeMask(scores, defaultMask);
      module.registerBuffer(`${name}_mask`, mask);
      setPlain(module, name, method.applyMask(module));
      module.registerForwardPreHook(method as unknown as ForwardPreHook);
    } catch (e) {
      if (first) {
        const saved = getattr(module, `${name}_orig`) as Parameter;
        module.registerParameter(name, saved);
        Reflect.deleteProperty(module, `${name}_orig`);
      }
      throw e;
    }
    return method;
  }

  /**
   * prune(t, defaultMask = ones, importanceScores = t): `t` times the mask {@link computeMask} gives for
   * `importanceScores` on top of `defaultMask`; the module is not involved.
   */
  prune(t: Tensor, defaultMask?: Tensor | null, importanceScores?: Tensor | null): Tensor;
  prune(t: Tensor, o: { defaultMask?: Tensor | null; importanceScores?: Tensor | null }): Tensor;
  prune(t: Tensor, defaultMask: Tensor | null, o: { importanceScores?: Tensor | null }): Tensor;
  prune(t: Tensor, ...rest: unknown[]): Tensor {
    const o = bind([t, ...rest], ["t", "defaultMask", "importanceScores"], ["t"], "BasePruningMethod.prune", 1) as {
      t: Tensor;
      defaultMask?: Tensor | null;
      importanceScores?: Tensor | null;
    };
    let scores = o.importanceScores ?? null;
    if (scores !== null) {
      if (!sameShape(scores, o.t)) throw assertionError("importance_scores should have the same shape as tensor t");
    } else scores = o.t;
    const defaultMask = o.defaultMask ?? onesLike(o.t);
    return o.t.mul(this.computeMask(scores, defaultMask));
  }

  /**
   * remove(module): makes the pruning permanent: `<name>_orig` takes the masked values and becomes the
   * parameter `name` again (the same Parameter object); `<name>_mask` is dropped. The hook itself is left
   * to the caller ({@link remove} drops it).
   */
  remove(module: Module): void {
    const name = this.tensorName();
    if (name === null)
      throw assertionError(`Module ${String(module)} has to be pruned${" ".repeat(12)}before pruning can be removed`);
    const weight = this.applyMask(module);
    if (name in module) Reflect.deleteProperty(module, name);
    if (!module._parameters.has(`${name}_orig`)) throw new KeyError(`'${name}_orig'`);
    const orig = module._parameters.get(`${name}_orig`);
    if (orig === null || orig === undefined) throw attributeError(orig, "data");
    (orig as Parameter).data = weight.data;
    Reflect.deleteProperty(module, `${name}_orig`);
    if (!module._buffers.has(`${name}_mask`)) throw new KeyError(`'${name}_mask'`);
    Reflect.deleteProperty(module, `${name}_mask`);
    (module as unknown as Attrs)[name] = orig;
  }

  /** Python's repr of the object: `<torch.nn.utils.prune.L1Unstructured object at 0x…>`. */
  toString(): string {
    let id = ids.get(this);
    if (id === undefined) ids.set(this, (id = nextId++));
    const cls = classRepr(this.constructor).slice("<class '".length, -2);
    return `<${cls} object at 0x${(0x7f3c00000000 + id * 0x40).toString(16)}>`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }

  /** @internal `_tensor_name`, with Python's AttributeError while it is not set. */
  tensorName(): string | null {
    if (this._tensorName === undefined) throw attributeError(this, "_tensor_name");
    return this._tensorName;
  }
}

function sameShape(a: Tensor, b: Tensor): boolean {
  const x = a.shape;
  const y = b.shape;
  return x.length === y.length && x.every((s, i) => s === y[i]);
}

// setattr(module, name, tensor) for a name that is no parameter: a plain attribute, kept out of tidy scopes
// (it belongs to the module).
function setPlain(module: Module, name: string, value: Tensor): void {
  (module as unknown as Attrs)[name] = keep(value);
}

// The pruning hooks of a module: [hook id, method].
function pruningHooks(module: Module): Array<[number, BasePruningMethod]> {
  return [...module._forwardPreHooks].filter((e): e is [number, ForwardPreHook & BasePruningMethod] => {
    return e[1] instanceof BasePruningMethod;
  });
}

// _get_composite_method: the method already pruning `name` (at most one) leaves the hooks and is combined
// with the new one.
function compositeMethod(
  cls: new (...a: unknown[]) => BasePruningMethod,
  module: Module,
  name: string,
  args: unknown[],
): BasePruningMethod {
  const found = pruningHooks(module).filter(([, hook]) => hook._tensorName === name);
  if (found.length > 1)
    throw assertionError(
      `Avoid adding multiple pruning hooks to the${" ".repeat(16)}same tensor ${name} of module ${String(module)}. ` +
        "Use a PruningContainer.",
    );
  for (const [k] of found) module._forwardPreHooks.delete(k);
  const old = found[0]?.[1];
  let method = new cls(...args);
  method._tensorName = name;
  if (old instanceof PruningContainer) {
    old.addPruningMethod(method);
    method = old;
  } else if (old !== undefined) {
    const container = new PruningContainer(old);
    container.addPruningMethod(method);
    method = container;
  }
  return method;
}

/**
 * torch.nn.utils.prune.PruningContainer: the sequence of methods that pruned one parameter, in order. Its
 * mask is the last method's mask computed on what the earlier ones left (see
 * {@link PruningContainer.computeMask}). `length`, `at(i)` and iteration are Python's len, [i] and iter.
 */
export class PruningContainer extends BasePruningMethod {
  /** The methods, oldest first (Python's `_pruning_methods` tuple). */
  _pruningMethods: ReadonlyArray<BasePruningMethod | null>;

  /**
   * new PruningContainer(method): a container of that one method, acting on its parameter; with no
   * argument, an empty one (set `_tensorName` before adding methods).
   */
  constructor(...methods: Array<BasePruningMethod | null>) {
    super();
    this._pruningMethods = [];
    if (methods.length === 1) {
      const only = methods[0];
      if (!(only instanceof BasePruningMethod)) throw attributeError(only, "_tensor_name");
      this._tensorName = only.tensorName();
      this.addPruningMethod(only);
    } else {
      for (const m of methods) this.addPruningMethod(m);
    }
  }

  /**
   * add_pruning_method(method): appends a method acting on this container's parameter.
   *
   * @throws TypeError for what is no pruning method; ValueError for a method acting on another parameter.
   */
  addPruningMethod(method: BasePruningMethod | null): void {
    if (!(method instanceof BasePruningMethod) && method !== null && method !== undefined)
      throw new TypeError(`${pyClass(method)} is not a BasePruningMethod subclass`);
    if (method instanceof BasePruningMethod) {
      const mine = this.tensorName();
      const theirs = method.tensorName();
      if (mine !== theirs)
        throw new ValueError(
          `Can only add pruning methods acting on the parameter named '${pyStr(mine)}' to PruningContainer ` +
            `${this.toString()}. Found '${pyStr(theirs)}'`,
        );
    }
    this._pruningMethods = [...this._pruningMethods, method ?? null];
  }

  /** len(container): the number of methods. */
  get length(): number {
    return this._pruningMethods.length;
  }

  /** container[i]: the i-th method (negative from the end). */
  at(i: number): BasePruningMethod | null {
    const n = this._pruningMethods.length;
    const k = i < 0 ? n + i : i;
    if (!Number.isInteger(i) || k < 0 || k >= n) throw new IndexError("tuple index out of range");
    return this._pruningMethods[k] as BasePruningMethod | null;
  }

  [Symbol.iterator](): Iterator<BasePruningMethod | null> {
    return this._pruningMethods[Symbol.iterator]();
  }

  /**
   * compute_mask(t, defaultMask): the newest method's mask, computed on the part of `t` the earlier pruning
   * left and written into (a float copy of) `defaultMask`: the entries where the mask is 1 for an
   * unstructured method, the channels along its `dim` that are not all zero for a structured one, everything
   * for a global one.
   */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    if (this._pruningMethods.length === 0) throw new IndexError("tuple index out of range");
    const method = this._pruningMethods[this._pruningMethods.length - 1] as BasePruningMethod | null;
    return combineMasks(method, t, defaultMask);
  }
}

// _combine_masks: the new method's partial mask on the unpruned slice of t, written into the old mask.
function combineMasks(method: BasePruningMethod | null, t: Tensor, mask: Tensor): Tensor {
  const newMask = mask.to(t.dtype);
  if (method === null || method.PRUNING_TYPE === undefined) throw attributeError(method, "PRUNING_TYPE");
  let slc: IndexItem;
  if (method.PRUNING_TYPE === "unstructured") {
    slc = mask.eq(1);
  } else if (method.PRUNING_TYPE === "structured") {
    if (!("dim" in method))
      throw pyError(
        "AttributeError",
        'Pruning methods of PRUNING_TYPE "structured" need to have the attribute `dim` defined.',
      );
    const nDims = t.dim();
    let dim = (method as unknown as { dim: number }).dim;
    if (dim < 0) dim = nDims + dim;
    if (dim < 0) throw new IndexError(`Index is out of bounds for tensor with dimensions ${nDims}`);
    const others = Array.from({ length: nDims }, (_, d) => d).filter((d) => d !== dim);
    const keepChannel = mask.sum(others).ne(0);
    const list: Array<string | Tensor> = new Array(nDims).fill(":");
    if (dim >= nDims) throw new IndexError("list assignment index out of range");
    list[dim] = keepChannel;
    slc = list;
  } else if (method.PRUNING_TYPE === "global") {
    slc = new Array<string>(t.shape.length).fill(":");
  } else {
    throw new ValueError(`Unrecognized PRUNING_TYPE ${pyStr(method.PRUNING_TYPE)}`);
  }
  const partial = method.computeMask(t.index(slc), mask.index(slc));
  newMask.indexPut_([slc], partial.to(newMask.dtype));
  return newMask;
}

/** torch.nn.utils.prune.Identity: prunes nothing (a mask of ones), for the reparameterization alone. */
export class Identity extends BasePruningMethod {
  /** Prunes single entries, wherever they are. */
  override readonly PRUNING_TYPE = "unstructured";

  /** The default mask as it is. */
  computeMask(_t: Tensor, defaultMask: Tensor): Tensor {
    return defaultMask;
  }

  /** Identity.apply(module, name): see {@link BasePruningMethod.apply}. */
  static override apply(module: Module, name: string): Identity {
    // biome-ignore lint/complexity/noThisInStatic: BasePruningMethod.apply with this class as cls, as Python's super().
    return super.apply(module, name) as Identity;
  }
}

// The two unstructured methods' compute_mask: a copy of the default mask with the `amount` entries that
// `pick(k)` chooses (flat indices) zeroed; nothing is drawn when nothing is pruned, as in PyTorch.
function unstructuredMask(amount: Amount, t: Tensor, defaultMask: Tensor, pick: (k: number) => Tensor): Tensor {
  const tensorSize = t.nelement();
  const nparamsToprune = computeNparamsToprune(amount, tensorSize);
  validatePruningAmount(nparamsToprune, tensorSize);
  const mask = contiguousClone(defaultMask);
  if (nparamsToprune !== 0) mask.view(-1).indexPut_([pick(nparamsToprune)], 0);
  return mask;
}

/** torch.nn.utils.prune.RandomUnstructured: prunes `amount` of the (unpruned) entries, chosen at random. */
export class RandomUnstructured extends BasePruningMethod {
  /** Prunes single entries, wherever they are. */
  override readonly PRUNING_TYPE = "unstructured";
  /** How many entries to prune (see {@link Amount}). */
  amount: Amount;

  /** new RandomUnstructured(amount), or new RandomUnstructured({ amount }). */
  constructor(amount: Amount | { amount: Amount });
  constructor(...args: unknown[]) {
    super();
    const o = bind(args, ["amount"], ["amount"], "RandomUnstructured.__init__", 1);
    validatePruningAmountInit(o.amount);
    this.amount = o.amount as Amount;
  }

  /** The default mask with the entries of the `amount` largest of torch.rand_like(t) zeroed. */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    return unstructuredMask(this.amount, t, defaultMask, (k) => randLike(t).view(-1).topk(k)[1]);
  }

  /** RandomUnstructured.apply(module, name, amount): see {@link BasePruningMethod.apply}. */
  static override apply(module: Module, name: string, amount: Amount): RandomUnstructured;
  static override apply(module: Module, name: string, o: { amount: Amount }): RandomUnstructured;
  static override apply(module: Module, name: string, ...args: unknown[]): RandomUnstructured {
    const o = bind(args, ["amount"], ["amount"], "RandomUnstructured.apply", 3);
    // biome-ignore lint/complexity/noThisInStatic: BasePruningMethod.apply with this class as cls, as Python's super().
    return super.apply(module, name, { amount: o.amount }) as RandomUnstructured;
  }
}

/** torch.nn.utils.prune.L1Unstructured: prunes `amount` of the (unpruned) entries, those of least |value|. */
export class L1Unstructured extends BasePruningMethod {
  /** Prunes single entries, wherever they are. */
  override readonly PRUNING_TYPE = "unstructured";
  /** How many entries to prune (see {@link Amount}). */
  amount: Amount;

  /** new L1Unstructured(amount), or new L1Unstructured({ amount }). */
  constructor(amount: Amount | { amount: Amount });
  constructor(...args: unknown[]) {
    super();
    const o = bind(args, ["amount"], ["amount"], "L1Unstructured.__init__", 1);
    validatePruningAmountInit(o.amount);
    this.amount = o.amount as Amount;
  }

  /** The default mask with the entries of the `amount` smallest |t| zeroed (torch.topk's choice among ties). */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    return unstructuredMask(this.amount, t, defaultMask, (k) => t.abs().view(-1).topk(k, { largest: false })[1]);
  }

  /** L1Unstructured.apply(module, name, amount, importanceScores = null): see {@link BasePruningMethod.apply}. */
  static override apply(module: Module, name: string, amount: Amount, importanceScores?: Tensor | null): L1Unstructured;
  static override apply(
    module: Module,
    name: string,
    o: { amount: Amount; importanceScores?: Tensor | null },
  ): L1Unstructured;
  static override apply(module: Module, name: string, ...args: unknown[]): L1Unstructured {
    const o = bind(args, ["amount", "importanceScores"], ["amount"], "L1Unstructured.apply", 3);
    // biome-ignore lint/complexity/noThisInStatic: BasePruningMethod.apply with this class as cls, as Python's super().
    return super.apply(module, name, { amount: o.amount, importanceScores: o.importanceScores }) as L1Unstructured;
  }
}

/** torch.nn.utils.prune.RandomStructured: prunes `amount` of the channels along `dim`, chosen at random. */
export class RandomStructured extends BasePruningMethod {
  /** Prunes whole channels along `dim`. */
  override readonly PRUNING_TYPE = "structured";
  /** How many channels to prune (see {@link Amount}). */
  amount: Amount;
  /** The dimension whose slices are the channels (default -1). */
  dim: number;

  /** new RandomStructured(amount, dim = -1), or new RandomStructured({ amount, dim }). */
  constructor(amount: Amount, dim?: number);
  constructor(o: { amount: Amount; dim?: number });
  constructor(amount: Amount, o: { dim?: number });
  constructor(...args: unknown[]) {
    super();
    const o = bind(args, ["amount", "dim"], ["amount"], "RandomStructured.__init__", 1);
    validatePruningAmountInit(o.amount);
    this.amount = o.amount as Amount;
    this.dim = (o.dim as number | undefined) ?? -1;
  }

  /**
   * A mask of t's shape with the `amount` channels along `dim` that draw the lowest of torch.rand(channels)
   * zeroed, times the default mask.
   *
   * @throws ValueError for a tensor of fewer than 2 dimensions; IndexError when `dim` is past its last.
   */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    validateStructuredPruning(t);
    validatePruningDim(t, this.dim);
    const tensorSize = sizeAt(t, this.dim);
    const nparamsToprune = computeNparamsToprune(this.amount, tensorSize);
    validatePruningAmount(nparamsToprune, tensorSize);
    if (nparamsToprune === 0) return defaultMask;
    const prob = rand([tensorSize]);
    const [threshold] = prob.kthvalue(nparamsToprune);
    const channelMask = prob.gt(threshold);
    const mask = zerosLike(t);
    mask.indexPut_([channelSlice(t.dim(), this.dim, channelMask)], 1);
    mask.mul_(defaultMask.to(mask.dtype));
    return mask;
  }

  /** RandomStructured.apply(module, name, amount, dim = -1): see {@link BasePruningMethod.apply}. */
  static override apply(module: Module, name: string, amount: Amount, dim?: number): RandomStructured;
  static override apply(module: Module, name: string, o: { amount: Amount; dim?: number }): RandomStructured;
  static override apply(module: Module, name: string, ...args: unknown[]): RandomStructured {
    const o = bind(args, ["amount", "dim"], ["amount"], "RandomStructured.apply", 3);
    // biome-ignore lint/complexity/noThisInStatic: BasePruningMethod.apply with this class as cls, as Python's super().
    return super.apply(module, name, { amount: o.amount, dim: o.dim ?? -1 }) as RandomStructured;
  }
}

// [slice(None)] * ndim with `index` at position `dim` (a Python list index, so negative from the end).
function channelSlice(nDims: number, dim: number, index: Tensor): Array<string | Tensor> {
  const slc: Array<string | Tensor> = new Array(nDims).fill(":");
  const at = dim < 0 ? nDims + dim : dim;
  if (at < 0 || at >= nDims) throw new IndexError("list assignment index out of range");
  slc[at] = index;
  return slc;
}

/** torch.nn.utils.prune.LnStructured: prunes `amount` of the channels along `dim`, those of least `n`-norm. */
export class LnStructured extends BasePruningMethod {
  /** Prunes whole channels along `dim`. */
  override readonly PRUNING_TYPE = "structured";
  /** How many channels to prune (see {@link Amount}). */
  amount: Amount;
  /** The norm's order, as torch.norm's p. */
  n: NormOrder;
  /** The dimension whose slices are the channels (default -1). */
  dim: number;

  /** new LnStructured(amount, n, dim = -1), or the keyword form new LnStructured({ amount, n, dim }). */
  constructor(amount: Amount, n: NormOrder, dim?: number);
  constructor(o: { amount: Amount; n: NormOrder; dim?: number });
  constructor(amount: Amount, o: { n: NormOrder; dim?: number });
  constructor(amount: Amount, n: NormOrder, o: { dim?: number });
  constructor(...args: unknown[]) {
    super();
    const o = bind(args, ["amount", "n", "dim"], ["amount", "n"], "LnStructured.__init__", 1);
    validatePruningAmountInit(o.amount);
    this.amount = o.amount as Amount;
    this.n = o.n as NormOrder;
    this.dim = (o.dim as number | undefined) ?? -1;
  }

  /**
   * A mask of t's shape keeping the channels along `dim` of the largest `n`-norms (all but `amount` of
   * them; torch.topk's choice among ties), times the default mask.
   *
   * @throws ValueError for a tensor of fewer than 2 dimensions; IndexError when `dim` is past its last.
   */
  computeMask(t: Tensor, defaultMask: Tensor): Tensor {
    validateStructuredPruning(t);
    validatePruningDim(t, this.dim);
    const tensorSize = sizeAt(t, this.dim);
    const nparamsToprune = computeNparamsToprune(this.amount, tensorSize);
    const nparamsTokeep = tensorSize - nparamsToprune;
    validatePruningAmount(nparamsToprune, tensorSize);
    const norm = computeNorm(t, this.n, this.dim);
    const [, indices] = norm.topk(nparamsTokeep, { largest: true });
    if (nparamsToprune === 0) return defaultMask;
    const mask = zerosLike(t);
    mask.indexPut_([channelSlice(t.dim(), this.dim, indices)], 1);
    mask.mul_(defaultMask.to(mask.dtype));
    return mask;
  }

  /**
   * LnStructured.apply(module, name, amount, n, dim, importanceScores = null): see
   * {@link BasePruningMethod.apply}.
   */
  static override apply(
    module: Module,
    name: string,
    amount: Amount,
    n: NormOrder,
    dim: number,
    importanceScores?: Tensor | null,
  ): LnStructured;
  static override apply(
    module: Module,
    name: string,
    o: { amount: Amount; n: NormOrder; dim: number; importanceScores?: Tensor | null },
  ): LnStructured;
  static override apply(module: Module, name: string, ...args: unknown[]): LnStructured {
    const o = bind(args, ["amount", "n", "dim", "importanceScores"], ["amount", "n", "dim"], "LnStructured.apply", 3);
    // biome-ignore lint/complexity/noThisInStatic: BasePruningMethod.apply with this class as cls, as Python's super().
    return super.apply(module, name, {
      amount: o.amount,
      n: o.n,
      dim: o.dim,
      importanceScores: o.importanceScores,
    }) as LnStructured;
  }
}

/** torch.nn.utils.prune.CustomFromMask: prunes by a given mask (of the parameter's shape). */
export class CustomFromMask extends BasePruningMethod {
  /** Masks the tensor as a whole. */
  override readonly PRUNING_TYPE = "global";
  /** The mask to apply. */
  mask: Tensor;

  /** new CustomFromMask(mask), or new CustomFromMask({ mask }). */
  constructor(mask: Tensor | { mask: Tensor });
  constructor(...args: unknown[]) {
    super();
    const o = bind(args, ["mask"], ["mask"], "CustomFromMask.__init__", 1);
    this.mask = o.mask as Tensor;
  }

  /** The default mask times this mask (cast to the default mask's dtype). */
  computeMask(_t: Tensor, defaultMask: Tensor): Tensor {
    if (!sameShape(defaultMask, this.mask)) throw assertionError();
    return defaultMask.mul(this.mask.to(defaultMask.dtype));
  }

  /** CustomFromMask.apply(module, name, mask): see {@link BasePruningMethod.apply}. */
  static override apply(module: Module, name: string, mask: Tensor | { mask: Tensor }): CustomFromMask;
  static override apply(module: Module, name: string, ...args: unknown[]): CustomFromMask {
    const o = bind(args, ["mask"], ["mask"], "CustomFromMask.apply", 3);
    // biome-ignore lint/complexity/noThisInStatic: BasePruningMethod.apply with this class as cls, as Python's super().
    return super.apply(module, name, { mask: o.mask }) as CustomFromMask;
  }
}

for (const cls of [
  BasePruningMethod,
  PruningContainer,
  Identity,
  RandomUnstructured,
  L1Unstructured,
  RandomStructured,
  LnStructured,
  CustomFromMask,
])
  BUILTIN.add(cls);

// ---- the functions

// The module and parameter name every function starts with, as Python binds them (keywords too).
function moduleAndName(fn: string, args: readonly unknown[], names: readonly string[], required: readonly string[]) {
  const o = bind(args, ["module", "name", ...names], ["module", "name", ...required], fn);
  return o as Record<string, unknown> & { module: Module; name: string };
}

/**
 * identity(module, name): the pruning reparameterization of `module[name]` with a mask of ones (nothing
 * pruned): a parameter `<name>_orig`, a buffer `<name>_mask` and the hook. Returns the module.
 */
export function identity<M extends Module>(module: M, name: string): M;
export function identity<M extends Module>(module: M, o: { name: string }): M;
export function identity<M extends Module>(...args: unknown[]): M {
  const o = moduleAndName("identity", args, [], []);
  Identity.apply(o.module, o.name);
  return o.module as M;
}

/**
 * random_unstructured(module, name, amount): prunes `amount` of the unpruned entries of `module[name]` chosen
 * at random (the draws of torch.rand_like, so torch.manualSeed repeats PyTorch's choice). Returns the module.
 */
export function randomUnstructured<M extends Module>(module: M, name: string, amount: Amount): M;
export function randomUnstructured<M extends Module>(module: M, name: string, o: { amount: Amount }): M;
export function randomUnstructured<M extends Module>(module: M, o: { name: string; amount: Amount }): M;
export function randomUnstructured<M extends Module>(...args: unknown[]): M {
  const o = moduleAndName("random_unstructured", args, ["amount"], ["amount"]);
  RandomUnstructured.apply(o.module, o.name, o.amount as Amount);
  return o.module as M;
}

/**
 * l1_unstructured(module, name, amount, importanceScores = null): prunes `amount` of the unpruned entries
 * of `module[name]` with the smallest absolute value (of `importanceScores`, when given). Returns the module.
 */
export function l1Unstructured<M extends Module>(
  module: M,
  name: string,
  amount: Amount,
  importanceScores?: Tensor | null,
): M;
export function l1Unstructured<M extends Module>(
  module: M,
  name: string,
  o: { amount: Amount; importanceScores?: Tensor | null },
): M;
export function l1Unstructured<M extends Module>(
  module: M,
  name: string,
  amount: Amount,
  o: { importanceScores?: Tensor | null },
): M;
export function l1Unstructured<M extends Module>(
  module: M,
  o: { name: string; amount: Amount; importanceScores?: Tensor | null },
): M;
export function l1Unstructured<M extends Module>(...args: unknown[]): M {
  const o = moduleAndName("l1_unstructured", args, ["amount", "importanceScores"], ["amount"]);
  L1Unstructured.apply(o.module, o.name, o.amount as Amount, (o.importanceScores as Tensor | null) ?? null);
  return o.module as M;
}

/**
 * random_structured(module, name, amount, dim): prunes `amount` of the unpruned channels of `module[name]`
 * along `dim`, chosen at random (torch.rand's draws). Returns the module.
 */
export function randomStructured<M extends Module>(module: M, name: string, amount: Amount, dim: number): M;
export function randomStructured<M extends Module>(module: M, name: string, o: { amount: Amount; dim: number }): M;
export function randomStructured<M extends Module>(module: M, o: { name: string; amount: Amount; dim: number }): M;
export function randomStructured<M extends Module>(...args: unknown[]): M {
  const o = moduleAndName("random_structured", args, ["amount", "dim"], ["amount", "dim"]);
  RandomStructured.apply(o.module, o.name, o.amount as Amount, o.dim as number);
  return o.module as M;
}

/**
 * ln_structured(module, name, amount, n, dim, importanceScores = null): prunes `amount` of the unpruned
 * channels of `module[name]` along `dim` with the smallest `n`-norm (of `importanceScores`, when given).
 * Returns the module.
 */
export function lnStructured<M extends Module>(
  module: M,
  name: string,
  amount: Amount,
  n: NormOrder,
  dim: number,
  importanceScores?: Tensor | null,
): M;
export function lnStructured<M extends Module>(
  module: M,
  name: string,
  o: { amount: Amount; n: NormOrder; dim: number; importanceScores?: Tensor | null },
): M;
export function lnStructured<M extends Module>(
  module: M,
  o: { name: string; amount: Amount; n: NormOrder; dim: number; importanceScores?: Tensor | null },
): M;
export function lnStructured<M extends Module>(...args: unknown[]): M {
  const o = moduleAndName("ln_structured", args, ["amount", "n", "dim", "importanceScores"], ["amount", "n", "dim"]);
  LnStructured.apply(
    o.module,
    o.name,
    o.amount as Amount,
    o.n as NormOrder,
    o.dim as number,
    (o.importanceScores as Tensor | null) ?? null,
  );
  return o.module as M;
}

/**
 * Importance scores for {@link globalUnstructured}: Python's dict keyed by (module, name) tuples, as a Map
 * keyed by `[module, name]` pairs (matched by the module object and the name).
 */
export type ImportanceScores = Map<readonly [Module, string], Tensor>;

/** global_unstructured's keywords: `importanceScores`, and the pruning method's own (`amount`). */
export interface GlobalUnstructuredOptions {
  /** The scores to prune by, per parameter; a parameter without one is pruned by its own values. */
  importanceScores?: ImportanceScores | null;
  /** The other keywords go to the pruning method's constructor (`amount` for the built-in ones). */
  [kwarg: string]: unknown;
}

function scoreOf(scores: ImportanceScores, module: Module, name: string): Tensor | undefined {
  for (const [key, value] of scores) if (key[0] === module && key[1] === name) return value;
  return undefined;
}

/**
 * global_unstructured(parameters, pruningMethod, importanceScores = null, {...kwargs}): prunes all the
 * `[module, name]` parameters together, as one vector: `new pruningMethod(kwargs)` (an "unstructured" method,
 * such as L1Unstructured with `{ amount }`) computes one mask over them all (on top of their current masks),
 * and each parameter gets its slice through {@link customFromMask}.
 *
 * @throws TypeError when `parameters` is not iterable, `importanceScores` not a Map, or the method not
 *   "unstructured".
 */
export function globalUnstructured(
  parameters: Iterable<readonly [Module, string]>,
  pruningMethod: PruningMethodClass,
  importanceScores?: ImportanceScores | null,
  kwargs?: GlobalUnstructuredOptions,
): void;
export function globalUnstructured(
  parameters: Iterable<readonly [Module, string]>,
  pruningMethod: PruningMethodClass,
  kwargs: GlobalUnstructuredOptions,
): void;
export function globalUnstructured(
  parameters: Iterable<readonly [Module, string]>,
  pruningMethod: PruningMethodClass,
  ...rest: unknown[]
): void {
  const [positional, kw] = splitCall(rest);
  if (positional.length > 1)
    throw new TypeError(
      `global_unstructured() takes from 2 to 3 positional arguments but ${2 + positional.length} were given`,
    );
  const { importanceScores: kwScores, ...kwargs } = (kw ?? {}) as GlobalUnstructuredOptions;
  if (positional.length === 1 && kwScores !== undefined)
    throw new TypeError("global_unstructured() got multiple values for argument 'importance_scores'");
  if (
    parameters === null ||
    parameters === undefined ||
    typeof (parameters as unknown as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  )
    throw new TypeError("global_unstructured(): parameters is not an Iterable");
  const given = positional.length === 1 ? positional[0] : kwScores;
  const scores = (given ?? new Map()) as ImportanceScores;
  if (!(scores instanceof Map)) throw new TypeError("global_unstructured(): importance_scores must be of type dict");

  // Python reads `parameters` three times, as here (a generator is spent after the first).
  const relevantImportanceScores = parametersToVector(
    [...parameters].map(([module, name]) => {
      const own = getattr(module, name) as Tensor;
      return scoreOf(scores, module, name) ?? own;
    }),
  );
  const defaultMask = parametersToVector(
    [...parameters].map(([module, name]) => {
      const ones = onesLike(getattr(module, name) as Tensor);
      return `${name}_mask` in module ? (getattr(module, `${name}_mask`) as Tensor) : ones;
    }),
  );

  const container = new PruningContainer();
  container._tensorName = "temp";
  const method = Reflect.construct(pruningMethod, Object.keys(kwargs).length > 0 ? [kwargs] : []) as BasePruningMethod;
  method._tensorName = "temp";
  if (method.PRUNING_TYPE === undefined) throw attributeError(method, "PRUNING_TYPE");
  if (method.PRUNING_TYPE !== "unstructured")
    throw new TypeError(
      'Only "unstructured" PRUNING_TYPE supported for the `pruning_method`. Found method ' +
        `${classRepr(pruningMethod)} of type ${pyStr(method.PRUNING_TYPE)}`,
    );
  container.addPruningMethod(method);
  const finalMask = container.computeMask(relevantImportanceScores, defaultMask);

  let pointer = 0;
  for (const [module, name] of parameters) {
    const param = getattr(module, name) as Tensor;
    const numParam = param.numel();
    const paramMask = finalMask.index(`${pointer}:${pointer + numParam}`).viewAs(param);
    customFromMask(module, name, paramMask);
    pointer += numParam;
  }
}

/**
 * custom_from_mask(module, name, mask): prunes `module[name]` by `mask` (of its shape), on top of any earlier
 * mask. Returns the module.
 */
export function customFromMask<M extends Module>(module: M, name: string, mask: Tensor): M;
export function customFromMask<M extends Module>(module: M, name: string, o: { mask: Tensor }): M;
export function customFromMask<M extends Module>(module: M, o: { name: string; mask: Tensor }): M;
export function customFromMask<M extends Module>(...args: unknown[]): M {
  const o = moduleAndName("custom_from_mask", args, ["mask"], ["mask"]);
  CustomFromMask.apply(o.module, o.name, o.mask as Tensor);
  return o.module as M;
}

/**
 * remove(module, name): makes the pruning of `module[name]` permanent: the masked values become the
 * parameter `name` again (the same Parameter object as before pruning), and `<name>_orig`, `<name>_mask`
 * and the hook go. Returns the module.
 *
 * @throws ValueError when `module[name]` is not pruned.
 */
export function remove<M extends Module>(module: M, name: string): M;
export function remove<M extends Module>(module: M, o: { name: string }): M;
export function remove<M extends Module>(...args: unknown[]): M {
  const { module, name } = moduleAndName("remove", args, [], []);
  for (const [k, hook] of pruningHooks(module)) {
    if (hook._tensorName === name) {
      hook.remove(module);
      module._forwardPreHooks.delete(k);
      return module as M;
    }
  }
  throw new ValueError(
    `Parameter '${name}' of module ${String(module)} has to be pruned before pruning can be removed`,
  );
}

/** is_pruned(module): whether the module or any submodule has a pruning hook. */
export function isPruned(module: Module): boolean {
  for (const [, m] of module.namedModules()) if (pruningHooks(m).length > 0) return true;
  return false;
}
