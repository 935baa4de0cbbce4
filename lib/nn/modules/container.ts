// torch.nn's containers (torch/nn/modules/container.py in PyTorch 1.13): Sequential, ModuleList, ModuleDict,
// ParameterList and ParameterDict, with PyTorch's registration names, order, printed forms and errors.
// Python's indexing is spelled as methods: `seq[i]` is at(i), `seq[a:b:c]` slice(a, b, c), `seq[i] = m`
// set(i, m), `del seq[i]` delete(i) (or delete({start, stop, step}) for a slice), `d[k]` get(k).

import { IndexError, KeyError, NotImplementedError, ValueError } from "../../errors";
import { native } from "../../native";
import { Tensor } from "../../tensor";
import { pyTypename } from "../../utils/pyrepr";
import { pyTypeName } from "../functional_resample";
import { Module } from "../module";
import { Parameter } from "../parameter";

/** A Python slice (`start:stop:step`); null or a missing field is the default. */
export interface SliceSpec {
  start?: number | null;
  stop?: number | null;
  step?: number | null;
}

/** Python's operator.index(): an int (a bool is one), or an integer tensor of one element. */
function pyIndex(idx: unknown): number {
  if (typeof idx === "number" && Number.isInteger(idx)) return idx;
  if (typeof idx === "boolean") return Number(idx);
  if (idx instanceof Tensor) {
    if (idx.numel() !== 1 || idx.isFloatingPoint() || idx.dtype === "bool")
      throw new TypeError("only integer tensors of a single element can be converted to an index");
    return Number(idx.item());
  }
  throw new TypeError(`'${pyTypeName(idx)}' object cannot be interpreted as an integer`);
}

/** Python's slice.indices(n), as the indices it selects in order. */
function sliceIndices(n: number, s: SliceSpec): number[] {
  const step = s.step === undefined || s.step === null ? 1 : pyIndex(s.step);
  if (step === 0) throw new ValueError("slice step cannot be zero");
  const clamp = (v: number | null | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined || v === null) return dflt;
    let i = pyIndex(v);
    if (i < 0) i += n;
    return Math.min(Math.max(i, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const start = clamp(s.start, 0, 0, n);
    const stop = clamp(s.stop, n, 0, n);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = clamp(s.start, n - 1, -1, n - 1);
    const stop = clamp(s.stop, -1, -1, n - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}

const isSlice = (v: unknown): v is SliceSpec =>
  v !== null && typeof v === "object" && !(v instanceof Tensor) && Object.getPrototypeOf(v) === Object.prototype;

/** Python's isinstance(v, collections.abc.Iterable). */
function isIterable(v: unknown): v is Iterable<unknown> {
  if (v === null || v === undefined) return false;
  if (typeof v === "string") return true;
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return true; // a dict
  return typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === "function";
}
/** Python's isinstance(v, Mapping): a Map (OrderedDict) or a plain object (dict). */
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === "object" &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

/** Makes a child registered by direct `_modules` edits readable as a property too, as registration does. */
function expose(m: Module, key: string): void {
  const d = Object.getOwnPropertyDescriptor(m, key);
  if (d) return;
  Object.defineProperty(m, key, {
    configurable: true,
    enumerable: false,
    get(this: Module) {
      return this._modules.get(key) ?? (this._parameters.get(key) as unknown) ?? this._buffers.get(key);
    },
  });
}

/** Renumbers the children "0", "1", ... in their order (what PyTorch's __delitem__ does after deleting). */
function renumber(m: Module): void {
  const values = [...m._modules.values()];
  m._modules.clear();
  values.forEach((v, i) => {
    m._modules.set(String(i), v);
    expose(m, String(i));
  });
}

function unimplementedForward(m: Module): never {
  throw new NotImplementedError(`Module [${m.constructor.name}] is missing the required "forward" function`);
}

/** str(type(v)) for a value that is not a Sequential. */
function pyClass(v: unknown): string {
  if (v instanceof Sequential) return "<class 'torch.nn.modules.container.Sequential'>";
  return `<class '${pyTypeName(v)}'>`;
}

/**
 * nn.Sequential: modules applied in order; children are named "0", "1", ... as in PyTorch, or by the keys of
 * a Map (PyTorch's OrderedDict form).
 *
 * Python's operators are methods: `seq[i]` is at(i), `seq[1:]` slice(1), `seq[i] = m` set(i, m), `del seq[i]`
 * delete(i), `seq + other` add(other), `seq += other` iadd(other), `seq * 2` mul(2), `seq *= 2` imul(2).
 *
 * @example
 * ```ts
 * const net = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * const named = new nn.Sequential(new Map([["fc", new nn.Linear(4, 2)], ["act", new nn.Tanh()]]));
 * net.forward(torch.randn([3, 4])); // [3, 2]
 * ```
 */
export class Sequential extends Module {
  constructor(modules: Map<string, Module>);
  constructor(...modules: Module[]);
  constructor(...args: unknown[]) {
    super();
    if (args.length === 1 && args[0] instanceof Map) {
      for (const [k, m] of args[0] as Map<string, Module>) this.addModule(k, m);
    } else {
      args.forEach((m, i) => {
        this.addModule(String(i), m as Module);
      });
    }
  }
  /** The number of modules (Python's len()). */
  get length(): number {
    return this._modules.size;
  }
  private keyAt(idx: unknown): string {
    const size = this.length;
    const i = pyIndex(idx);
    if (!(-size <= i && i < size)) throw new IndexError(`index ${i} is out of range`);
    return [...this._modules.keys()][((i % size) + size) % size]!;
  }
  /** The module at index `i` (negative counts from the end); PyTorch's `seq[i]`. */
  at(i: number): Module {
    return this._modules.get(this.keyAt(i)) as Module;
  }
  /** PyTorch's `seq[start:stop:step]`: a Sequential of the same class holding those modules under their names. */
  slice(start?: number | null, stop?: number | null, step?: number | null): this {
    const entries = [...this._modules.entries()];
    const picked = sliceIndices(entries.length, { start, stop, step }).map((i) => entries[i]!);
    const Cls = this.constructor as new (m: Map<string, Module>) => this;
    return new Cls(new Map(picked as Array<[string, Module]>));
  }
  /** PyTorch's `seq[i] = module`: replaces the module at index `i`, keeping its name. */
  set(i: number, module: Module): void {
    (this as unknown as Record<string, unknown>)[this.keyAt(i)] = module;
  }
  /** PyTorch's `del seq[i]` (or `del seq[a:b:c]` with a slice); the children are renumbered "0", "1", ... */
  delete(idx: number | SliceSpec): void {
    const self = this as unknown as Record<string, unknown>;
    if (isSlice(idx)) {
      const keys = [...this._modules.keys()];
      for (const i of sliceIndices(keys.length, idx)) delete self[keys[i]!];
    } else delete self[this.keyAt(idx)];
    renumber(this);
  }
  /** PyTorch's pop(i): removes and returns the module at `i` (a Sequential for a slice). */
  pop(idx: number): Module;
  pop(idx: SliceSpec): this;
  pop(idx: number | SliceSpec): Module {
    const v = isSlice(idx) ? this.slice(idx.start, idx.stop, idx.step) : this.at(idx);
    this.delete(idx);
    return v;
  }
  /** PyTorch's `seq + other`: a new Sequential of both's modules (a ValueError unless other is a Sequential). */
  add(other: Sequential): Sequential {
    if (!(other instanceof Sequential))
      throw new ValueError(`add operator supports only objects of Sequential class, but ${pyClass(other)} is given.`);
    const ret = new Sequential();
    for (const layer of this) ret.append(layer);
    for (const layer of other) ret.append(layer);
    return ret;
  }
  /** PyTorch's `seq += other`: appends other's modules; returns this. */
  iadd(other: Sequential): this {
    if (!(other instanceof Sequential))
      throw new ValueError(`add operator supports only objects of Sequential class, but ${pyClass(other)} is given.`);
    const offset = this.length;
    [...other].forEach((m, i) => {
      this.addModule(String(i + offset), m);
    });
    return this;
  }
  private checkFactor(other: unknown): number {
    if (typeof other !== "number" || !Number.isInteger(other))
      throw new TypeError(`unsupported operand type(s) for *: ${pyClass(this)} and ${pyClass(other)}`);
    if (other <= 0) throw new ValueError(`Non-positive multiplication factor ${other} for ${pyClass(this)}`);
    return other;
  }
  /** PyTorch's `seq * n` (and `n * seq`): a new Sequential repeating the modules n times. */
  mul(n: number): Sequential {
    const times = this.checkFactor(n);
    const combined = new Sequential();
    let offset = 0;
    for (let r = 0; r < times; r++) {
      for (const m of this) combined.addModule(String(offset++), m);
    }
    return combined;
  }
  /** PyTorch's `n * seq`: the same as mul(n). */
  rmul(n: number): Sequential {
    return this.mul(n);
  }
  /** PyTorch's `seq *= n`: repeats the modules n times in place; returns this. */
  imul(n: number): this {
    const times = this.checkFactor(n);
    const len = this.length;
    let offset = len;
    for (let r = 0; r < times - 1; r++) {
      for (let i = 0; i < len; i++) this.addModule(String(i + offset), this._modules.get(String(i)) as Module);
      offset += len;
    }
    return this;
  }
  /** Adds a module at the end; returns this. */
  append(module: Module): this {
    this.addModule(String(this.length), module);
    return this;
  }
  /**
   * PyTorch's insert(index, module): puts `module` at `index` (negative counts from the end) and shifts the
   * later ones; an IndexError outside [-len, len].
   */
  insert(index: number, module: Module): this {
    if (!(module instanceof Module))
      throw Object.assign(new Error("module should be of type: <class 'torch.nn.modules.module.Module'>"), {
        name: "AssertionError",
      });
    const n = this._modules.size;
    if (!(-n <= index && index <= n)) throw new IndexError(`Index out of range: ${index}`);
    if (index < 0) index += n;
    for (let i = n; i > index; i--) {
      const prev = String(i - 1);
      if (!this._modules.has(prev)) throw new KeyError(prev);
      this._modules.set(String(i), this._modules.get(prev) as Module);
      expose(this, String(i));
    }
    this._modules.set(String(index), module);
    expose(this, String(index));
    return this;
  }
  /** Appends every module of `sequential` (any iterable of modules); returns this. */
  extend(sequential: Iterable<Module>): this {
    for (const layer of sequential) this.append(layer);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return ([...this._modules.values()] as Module[])[Symbol.iterator]();
  }
  /** Feeds `x` through every module in order (through `call`, so hooks run). */
  forward(x: Tensor): Tensor {
    let y = x;
    // module(input), as PyTorch's Sequential calls its children: their hooks run.
    for (const m of this._modules.values()) y = (m as Module & { call(t: Tensor): Tensor }).call(y);
    return y;
  }
}

/**
 * nn.ModuleList: holds submodules in a list, registered under "0", "1", ...
 *
 * It has no forward (calling it is PyTorch's NotImplementedError); iterate over it in the owner's forward
 * (`for (const layer of this.layers)`). `list[i]` is at(i), `list[a:b]` slice(a, b), `list[i] = m` set(i, m),
 * `del list[i]` delete(i), `list += mods` iadd(mods), `list + other` add(other).
 */
export class ModuleList extends Module {
  constructor(modules: Iterable<Module> | null = null) {
    super();
    if (modules !== null && modules !== undefined) this.extend(modules);
  }
  /** The number of modules (Python's len()). */
  get length(): number {
    return this._modules.size;
  }
  private absIndex(idx: unknown): string {
    let i = pyIndex(idx);
    if (!(-this.length <= i && i < this.length)) throw new IndexError(`index ${i} is out of range`);
    if (i < 0) i += this.length;
    return String(i);
  }
  /** The module at index `i` (negative counts from the end); PyTorch's `layers[i]`. */
  at(i: number): Module {
    return this._modules.get(this.absIndex(i)) as Module;
  }
  /** PyTorch's `layers[start:stop:step]`: a new list of the same class. */
  slice(start?: number | null, stop?: number | null, step?: number | null): this {
    const values = [...this._modules.values()] as Module[];
    const Cls = this.constructor as new (m: Module[]) => this;
    return new Cls(sliceIndices(values.length, { start, stop, step }).map((i) => values[i]!));
  }
  /** PyTorch's `layers[i] = module`. */
  set(i: number, module: Module): void {
    (this as unknown as Record<string, unknown>)[this.absIndex(i)] = module;
  }
  /** PyTorch's `del layers[i]` (or a slice); the rest are renumbered "0", "1", ... */
  delete(idx: number | SliceSpec): void {
    const self = this as unknown as Record<string, unknown>;
    if (isSlice(idx)) {
      for (const k of sliceIndices(this._modules.size, idx)) delete self[String(k)];
    } else delete self[this.absIndex(idx)];
    renumber(this);
  }
  /** PyTorch's pop(i): removes and returns the module at `i`. */
  pop(idx: number): Module;
  pop(idx: SliceSpec): this;
  pop(idx: number | SliceSpec): Module {
    const v = isSlice(idx) ? this.slice(idx.start, idx.stop, idx.step) : this.at(idx);
    this.delete(idx);
    return v;
  }
  /** PyTorch's `layers += modules`: extend; returns this. */
  iadd(modules: Iterable<Module>): this {
    return this.extend(modules);
  }
  /** PyTorch's `layers + other`: a new ModuleList of both's modules. */
  add(other: Iterable<Module>): ModuleList {
    const combined = new ModuleList();
    [...this, ...other].forEach((m, i) => {
      combined.addModule(String(i), m);
    });
    return combined;
  }
  /**
   * PyTorch's insert(index, module): shifts the modules from `index` on by one (as PyTorch 1.13 does it:
   * a negative index reaches a key that does not exist, a KeyError).
   */
  insert(index: number, module: Module): void {
    for (let i = this._modules.size; i > index; i--) {
      const prev = String(i - 1);
      if (!this._modules.has(prev)) throw new KeyError(prev);
      this._modules.set(String(i), this._modules.get(prev) as Module);
      expose(this, String(i));
    }
    this._modules.set(String(index), module);
    expose(this, String(index));
  }
  /** Adds a module at the end; returns this. */
  append(module: Module): this {
    this.addModule(String(this.length), module);
    return this;
  }
  /** Appends every module of `modules` (a TypeError unless it is iterable); returns this. */
  extend(modules: Iterable<Module>): this {
    if (!isIterable(modules))
      throw new TypeError(`ModuleList.extend should be called with an iterable, but got ${pyTypeName(modules)}`);
    const offset = this.length;
    [...modules].forEach((m, i) => {
      this.addModule(String(offset + i), m as Module);
    });
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return ([...this._modules.values()] as Module[])[Symbol.iterator]();
  }
  /** Throws PyTorch's NotImplementedError: a ModuleList has no forward. */
  /**
   * As PyTorch prints it. From 2.0 on, PyTorch prints a run of equal modules once, as
   * `(0-5): 6 x TransformerEncoderLayer(...)`; 1.13 prints each. torchts follows the libtorch it runs on.
   */
  override toString(): string {
    if (Number.parseInt(native.torchVersion, 10) < 2 || this._modules.size === 0) return super.toString();
    const runs: Array<{ first: number; last: number; text: string }> = [];
    [...this._modules.values()].forEach((m, i) => {
      const text = String(m);
      const run = runs[runs.length - 1];
      if (run && run.text === text) run.last = i;
      else runs.push({ first: i, last: i, text });
    });
    const lines = runs.map(({ first, last, text }) => {
      const head = first === last ? `(${first}): ` : `(${first}-${last}): ${last - first + 1} x `;
      return `${head}${text}`.split("\n").join("\n  ");
    });
    return `${this._getName()}(\n  ${lines.join("\n  ")}\n)`;
  }
  forward(..._args: unknown[]): never {
    return unimplementedForward(this);
  }
}

/** What ModuleDict's constructor and update take: a Map (OrderedDict), an object (dict), a ModuleDict or [key, module] pairs. */
export type ModuleDictInput =
  | Map<string, Module>
  | Record<string, Module>
  | ModuleDict
  | Iterable<readonly [string, Module] | Iterable<unknown>>;

/**
 * nn.ModuleDict: submodules by name, in insertion order (children, state-dict keys and the printed form
 * follow it).
 *
 * `d[k]` is get(k) (a KeyError when missing), `d[k] = m` set(k, m), `del d[k]` delete(k), `k in d` has(k);
 * keys(), values() and items() are arrays; iterating yields the keys, as in Python.
 *
 * @example
 * ```ts
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
 * heads.get("cls").forward(torch.randn([2, 8]));
 * Object.keys(heads.stateDict()); // ["cls.weight", "cls.bias", "box.weight", "box.bias"]
 * ```
 */
export class ModuleDict extends Module {
  constructor(modules: ModuleDictInput | null = null) {
    super();
    if (modules !== null && modules !== undefined) this.update(modules);
  }
  /** PyTorch's `d[key]`; a KeyError when there is none. */
  get(key: string): Module {
    if (!this._modules.has(key)) throw new KeyError(String(key));
    return this._modules.get(key) as Module;
  }
  /** PyTorch's `d[key] = module` (add_module: its TypeErrors and KeyErrors). */
  set(key: string, module: Module): void {
    this.addModule(key, module);
  }
  /** PyTorch's `del d[key]`; a KeyError when there is none. */
  delete(key: string): void {
    if (!this._modules.has(key)) throw new KeyError(String(key));
    this._modules.delete(key);
  }
  /** The number of modules (Python's len()). */
  get length(): number {
    return this._modules.size;
  }
  /** Iterates over the keys, as Python's `for k in d`. */
  [Symbol.iterator](): Iterator<string> {
    return [...this._modules.keys()][Symbol.iterator]();
  }
  /** PyTorch's `key in d`. */
  has(key: string): boolean {
    return this._modules.has(key);
  }
  /** Removes every module. */
  clear(): void {
    this._modules.clear();
  }
  /** Removes the module under `key` and returns it (a KeyError when there is none). */
  pop(key: string): Module {
    const v = this.get(key);
    this.delete(key);
    return v;
  }
  /** The keys, in order. */
  keys(): string[] {
    return [...this._modules.keys()];
  }
  /** The [key, module] pairs, in order. */
  items(): Array<[string, Module]> {
    return [...this._modules.entries()] as Array<[string, Module]>;
  }
  /** The modules, in order. */
  values(): Module[] {
    return [...this._modules.values()] as Module[];
  }
  /**
   * Adds or replaces modules from a Map, an object, a ModuleDict (in their order) or an iterable of
   * [key, module] pairs, with PyTorch's TypeError/ValueError for anything else.
   */
  update(modules: ModuleDictInput): void {
    if (!isIterable(modules))
      throw new TypeError(
        `ModuleDict.update should be called with an iterable of key/value pairs, but got ${pyTypeName(modules)}`,
      );
    if (modules instanceof Map || modules instanceof ModuleDict || isPlainObject(modules)) {
      const entries =
        modules instanceof Map
          ? [...modules]
          : modules instanceof ModuleDict
            ? modules.items()
            : Object.entries(modules);
      for (const [k, m] of entries) this.set(k, m as Module);
      return;
    }
    [...(modules as Iterable<unknown>)].forEach((m, j) => {
      if (!isIterable(m))
        throw new TypeError(`ModuleDict update sequence element #${j} should be Iterable; is${pyTypeName(m)}`);
      const pair = typeof m === "object" && !Array.isArray(m) && isPlainObject(m) ? Object.keys(m) : [...m];
      if (pair.length !== 2)
        throw new ValueError(`ModuleDict update sequence element #${j} has length ${pair.length}; 2 is required`);
      this.set(pair[0] as string, pair[1] as Module);
    });
  }
  /** Throws PyTorch's NotImplementedError: a ModuleDict has no forward. */
  forward(..._args: unknown[]): never {
    return unimplementedForward(this);
  }
}

/** One line of ParameterList/ParameterDict's printed form. */
function itemLine(k: string, p: unknown, typeName: (t: Tensor) => string): string {
  if (p instanceof Tensor) {
    const size = p.shape.join("x");
    const device = p.isCuda ? ` (GPU ${p.device.split(":")[1] ?? "0"})` : "";
    const kind = p instanceof Parameter ? "Parameter" : "Tensor";
    return `  (${k}): ${kind} containing: [${typeName(p)} of size ${size}${device}]`;
  }
  return `  (${k}): Object of type: ${pyTypeName(p)}`;
}

/** Reads attribute `name` as Python's getattr does for a module (registered members, then plain ones). */
function getAttr(m: Module, name: string): unknown {
  if (m._parameters.has(name)) return m._parameters.get(name);
  if (m._buffers.has(name)) return m._buffers.get(name);
  if (m._modules.has(name)) return m._modules.get(name);
  if (Object.hasOwn(m, name)) return (m as unknown as Record<string, unknown>)[name];
  throw Object.assign(new Error(`'${m.constructor.name}' object has no attribute '${name}'`), {
    name: "AttributeError",
  });
}

/**
 * nn.ParameterList: parameters in a list, registered under "0", "1", ... (so a model's state dict has
 * "name.0", "name.1"). A tensor that is not a Parameter is wrapped into one; other values are kept as they
 * are (not registered), as PyTorch 1.13 does.
 *
 * `pl[i]` is at(i), `pl[a:b]` slice(a, b), `pl[i] = v` set(i, v), `pl += values` iadd(values).
 *
 * @example
 * ```ts
 * const pl = new nn.ParameterList([new nn.Parameter(torch.randn([2, 3]))]);
 * pl.append(torch.zeros([3]));
 * String(pl); // ParameterList(\n    (0): Parameter containing: [torch.float32 of size 2x3]\n ...
 * ```
 */
export class ParameterList extends Module {
  /** @internal */ _size = 0;
  constructor(values: Iterable<unknown> | null = null) {
    super();
    if (values !== null && values !== undefined) this.extend(values);
  }
  private absIndex(idx: unknown): string {
    let i = pyIndex(idx);
    if (!(-this.length <= i && i < this.length)) throw new IndexError(`index ${i} is out of range`);
    if (i < 0) i += this.length;
    return String(i);
  }
  /** PyTorch's `pl[i]` (negative counts from the end). */
  at(i: number): Parameter {
    return getAttr(this, this.absIndex(i)) as Parameter;
  }
  /** PyTorch's `pl[start:stop:step]`: a new list of the same class holding the same values. */
  slice(start?: number | null, stop?: number | null, step?: number | null): this {
    const Cls = this.constructor as new () => this;
    const out = new Cls();
    for (const i of sliceIndices(this.length, { start, stop, step })) out.append(this.at(i));
    return out;
  }
  /** PyTorch's `pl[i] = value`: a tensor is wrapped into a Parameter. */
  set(i: number, value: unknown): void {
    const key = this.absIndex(i);
    const v = value instanceof Tensor && !(value instanceof Parameter) ? new Parameter(value) : value;
    (this as unknown as Record<string, unknown>)[key] = v;
  }
  /** The number of values (Python's len()). */
  get length(): number {
    return this._size;
  }
  [Symbol.iterator](): Iterator<Parameter> {
    return Array.from({ length: this.length }, (_, i) => this.at(i))[Symbol.iterator]();
  }
  /** PyTorch's `pl += values`: extend; returns this. */
  iadd(values: Iterable<unknown>): this {
    return this.extend(values);
  }
  /** Adds a value at the end (a tensor as a Parameter); returns this. */
  append(value: unknown): this {
    const newIdx = this.length;
    this._size += 1;
    this.set(newIdx, value);
    return this;
  }
  /** Appends every value of `values` (a TypeError for a non-iterable or a tensor); returns this. */
  extend(values: Iterable<unknown>): this {
    if (!isIterable(values) || values instanceof Tensor)
      throw new TypeError(`ParameterList.extend should be called with an iterable, but got ${pyTypeName(values)}`);
    for (const v of [...values]) this.append(v);
    return this;
  }
  /** One line per value: `(i): Parameter containing: [torch.float32 of size 2x3]`, as PyTorch prints it. */
  extraRepr(): string {
    return Array.from({ length: this.length }, (_, k) =>
      itemLine(String(k), this.at(k), (t) => `torch.${t.dtype}`),
    ).join("\n");
  }
  /** Throws PyTorch's error: a ParameterList is not callable. */
  call(..._args: unknown[]): never {
    throw new Error("ParameterList should not be called.");
  }
  /** Throws PyTorch's error: a ParameterList is not callable. */
  forward(..._args: unknown[]): never {
    throw new Error("ParameterList should not be called.");
  }
}

/** What ParameterDict's constructor and update take: a Map (OrderedDict), a ParameterDict, an object (dict) or pairs. */
export type ParameterDictInput =
  | Map<string, unknown>
  | ParameterDict
  | Record<string, unknown>
  | Iterable<readonly [string, unknown] | Iterable<unknown>>;

/**
 * nn.ParameterDict: parameters by name (registered under their keys, in insertion order). A tensor that
 * is not a Parameter is wrapped into one; other values are kept as they are, as PyTorch 1.13 does.
 *
 * `d[k]` is getItem(k) (PyTorch's AttributeError when missing), `d.get(k, default)` get(k, default),
 * `d[k] = v` set(k, v), `del d[k]` delete(k), `k in d` has(k), `d | other` or(other), `d |= other` ior(other).
 * As in PyTorch, update() with a plain object (a dict) adds its entries sorted by key; a Map (an
 * OrderedDict) or a ParameterDict keeps its order.
 */
export class ParameterDict extends Module {
  /** @internal */ _keys = new Map<string, null>();
  constructor(parameters: ParameterDictInput | null = null) {
    super();
    if (parameters !== null && parameters !== undefined) this.update(parameters);
  }
  private keyToAttr(key: unknown): string {
    if (typeof key !== "string")
      throw new TypeError(
        "Index given to ParameterDict cannot be used as a key as it is " +
          `not a string (type is '${pyTypeName(key)}'). Open an issue on ` +
          "github if you need non-string keys.",
      );
    return key;
  }
  /** PyTorch's `d[key]`: an AttributeError when there is none. */
  getItem(key: string): Parameter {
    return getAttr(this, this.keyToAttr(key)) as Parameter;
  }
  /** PyTorch's `d[key] = value`: a tensor is wrapped into a Parameter. */
  set(key: string, value: unknown): void {
    this._keys.set(key, null);
    const attr = this.keyToAttr(key);
    const v = value instanceof Tensor && !(value instanceof Parameter) ? new Parameter(value) : value;
    (this as unknown as Record<string, unknown>)[attr] = v;
  }
  /** PyTorch's `del d[key]`: a KeyError when there is none. */
  delete(key: string): void {
    if (!this._keys.has(key)) throw new KeyError(String(key));
    this._keys.delete(key);
    const attr = this.keyToAttr(key);
    // Module.__delattr__: a registered member, else a plain attribute, else AttributeError.
    const registered = this._parameters.has(attr) || this._buffers.has(attr) || this._modules.has(attr);
    if (!registered && !Object.hasOwn(this, attr)) throw Object.assign(new Error(attr), { name: "AttributeError" });
    delete (this as unknown as Record<string, unknown>)[attr];
  }
  /** The number of entries (Python's len()). */
  get length(): number {
    return this._keys.size;
  }
  /** Iterates over the keys, as Python's `for k in d`. */
  [Symbol.iterator](): Iterator<string> {
    return [...this._keys.keys()][Symbol.iterator]();
  }
  /** Python's reversed(d): the keys, last first. */
  reversed(): string[] {
    return [...this._keys.keys()].reverse();
  }
  /** A new ParameterDict holding the same values (a shallow copy). */
  copy(): ParameterDict {
    return new ParameterDict(new Map([...this._keys.keys()].map((k) => [k, this.getItem(k)])));
  }
  /** PyTorch's `key in d`. */
  has(key: string): boolean {
    return this._keys.has(key);
  }
  /** The value under `key`, after setting it to `dflt` when there is none. */
  setdefault(key: string, dflt: unknown = null): unknown {
    if (!this.has(key)) this.set(key, dflt);
    return this.getItem(key);
  }
  /** Removes every entry. */
  clear(): void {
    for (const k of [...this._keys.keys()]) this.delete(k);
  }
  /** Removes the entry under `key` and returns its value. */
  pop(key: string): unknown {
    const v = this.getItem(key);
    this.delete(key);
    return v;
  }
  /** Removes the last entry and returns [key, value] (a KeyError when empty). */
  popitem(): [string, unknown] {
    const keys = [...this._keys.keys()];
    if (keys.length === 0) throw new KeyError("popitem(): dictionary is empty");
    const k = keys[keys.length - 1]!;
    const val = this.getItem(k);
    this.delete(k);
    return [k, val];
  }
  /** Python's d.get(key, default): the value, or `dflt` (default null) when there is none. */
  get(key: string, dflt: unknown = null): unknown {
    return this.has(key) ? this.getItem(key) : dflt;
  }
  /** A new ParameterDict with `keys`, each set to `dflt` (default null). */
  fromkeys(keys: Iterable<string>, dflt: unknown = null): ParameterDict {
    return new ParameterDict([...keys].map((k) => [k, dflt] as const));
  }
  /** The keys, in order. */
  keys(): string[] {
    return [...this._keys.keys()];
  }
  /** The [key, value] pairs, in order. */
  items(): Array<[string, unknown]> {
    return this.keys().map((k) => [k, this.getItem(k)]);
  }
  /** The values, in order. */
  values(): unknown[] {
    return this.keys().map((k) => this.getItem(k));
  }
  /**
   * Adds or replaces entries: a Map or ParameterDict in its order, a plain object sorted by key (PyTorch
   * sorts a dict's items), or an iterable of [key, value] pairs.
   */
  update(parameters: ParameterDictInput): void {
    if (!isIterable(parameters))
      throw new TypeError(
        `ParametersDict.update should be called with an iterable of key/value pairs, but got ${pyTypeName(parameters)}`,
      );
    if (parameters instanceof Map) {
      for (const [k, v] of parameters) this.set(k, v);
    } else if (parameters instanceof ParameterDict) {
      for (const [k, v] of parameters.items()) this.set(k, v);
    } else if (isPlainObject(parameters)) {
      const keys = Object.keys(parameters).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const k of keys) this.set(k, parameters[k]);
    } else {
      [...(parameters as Iterable<unknown>)].forEach((p, j) => {
        if (!isIterable(p))
          throw new TypeError(`ParameterDict update sequence element #${j} should be Iterable; is${pyTypeName(p)}`);
        const pair = isPlainObject(p) ? Object.keys(p) : [...p];
        if (pair.length !== 2)
          throw new ValueError(`ParameterDict update sequence element #${j} has length ${pair.length}; 2 is required`);
        this.set(pair[0] as string, pair[1]);
      });
    }
  }
  /** One line per entry: `(key): Parameter containing: [torch.FloatTensor of size 2x3]`, as PyTorch prints it. */
  extraRepr(): string {
    return this.items()
      .map(([k, p]) => itemLine(k, p, (t) => pyTypename(t)))
      .join("\n");
  }
  /** PyTorch's `d | other`: a copy of this updated with other. */
  or(other: ParameterDict): ParameterDict {
    const copy = this.copy();
    copy.update(other);
    return copy;
  }
  /** PyTorch's `other | d` (__ror__): a copy of other updated with this. */
  ror(other: ParameterDict): ParameterDict {
    const copy = other.copy();
    copy.update(this);
    return copy;
  }
  /** PyTorch's `d |= other`: updates this with other; returns this. */
  ior(other: ParameterDict): this {
    this.update(other);
    return this;
  }
  /** Throws PyTorch's error: a ParameterDict is not callable. */
  call(..._args: unknown[]): never {
    throw new Error("ParameterDict should not be called.");
  }
  /** Throws PyTorch's error: a ParameterDict is not callable. */
  forward(..._args: unknown[]): never {
    throw new Error("ParameterDict should not be called.");
  }
}
