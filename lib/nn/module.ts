// nn.Module: a tree of modules holding parameters and buffers, with PyTorch's traversal order,
// state-dict keys, train/eval switch and printed form.
import { native } from "../native";
import { Tensor } from "../tensor";
import { Parameter, UninitializedParameter } from "./parameter";
import { noGrad } from "../autograd";
import { keep } from "../memory";
import { DType, SCALAR_TYPE, checkDtype } from "../dtype";
import { pySize } from "../utils/pyrepr";

export type StateDict = Record<string, Tensor>;

export abstract class Module {
  training = true;
  /** Registered explicitly (also null entries, as PyTorch's register_parameter(name, None)). */
  protected _parameters = new Map<string, Parameter | UninitializedParameter | null>();
  protected _buffers = new Map<string, Tensor | UninitializedParameter | null>();
  protected _nonPersistent = new Set<string>();
  protected _modules = new Map<string, Module | null>();

  abstract forward(...args: never[]): unknown;

  /** model.call(x) is model(x) in PyTorch. */
  call(...args: Parameters<this["forward"]>): ReturnType<this["forward"]> {
    return (this.forward as (...a: unknown[]) => ReturnType<this["forward"]>)(...args);
  }

  registerParameter(name: string, p: Parameter | UninitializedParameter | null): void {
    if (p !== null && !(p instanceof Parameter) && !(p instanceof UninitializedParameter)) {
      throw new TypeError(`cannot assign '${typeof p}' object to parameter '${name}' (torch.nn.Parameter or None required)`);
    }
    this._parameters.set(name, p);
  }
  registerBuffer(name: string, t: Tensor | UninitializedParameter | null, opts: { persistent?: boolean } = {}): void {
    if (t !== null && !(t instanceof Tensor) && !(t instanceof UninitializedParameter)) throw new TypeError(`cannot assign '${typeof t}' object to buffer '${name}' (torch Tensor or None required)`);
    if (t instanceof Tensor) keep(t);
    this._buffers.set(name, t);
    if (opts.persistent === false) this._nonPersistent.add(name); else this._nonPersistent.delete(name);
  }
  registerModule(name: string, m: Module | null): void {
    if (m !== null && !(m instanceof Module)) throw new TypeError(`${typeof m} is not a Module subclass`);
    this._modules.set(name, m);
  }
  getBuffer(name: string): Tensor | null {
    const b = this._buffers.get(name);
    if (b instanceof UninitializedParameter) return b as unknown as Tensor;
    return b ?? null;
  }

  // Parameters and submodules assigned as fields (this.conv1 = new nn.Conv2d(...)) count as
  // registered, in assignment order, as Python's __setattr__ does.
  private ownParams(): Array<[string, Parameter | UninitializedParameter | null]> {
    const out = new Map<string, Parameter | UninitializedParameter | null>();
    for (const [k, v] of Object.entries(this)) {
      if (v instanceof Parameter || v instanceof UninitializedParameter) out.set(k, v);
      else if (this._parameters.has(k)) out.set(k, this._parameters.get(k)!);
    }
    for (const [k, v] of this._parameters) if (!out.has(k)) out.set(k, v);
    return [...out];
  }
  private ownModules(): Array<[string, Module | null]> {
    const out = new Map<string, Module | null>();
    for (const [k, v] of Object.entries(this)) if (v instanceof Module) out.set(k, v);
    for (const [k, v] of this._modules) if (!out.has(k)) out.set(k, v);
    return [...out];
  }

  *namedChildren(): Generator<[string, Module]> {
    for (const [k, m] of this.ownModules()) if (m) yield [k, m];
  }
  *children(): Generator<Module> { for (const [, m] of this.namedChildren()) yield m; }
  *namedModules(prefix = "", memo = new Set<Module>()): Generator<[string, Module]> {
    if (memo.has(this)) return;
    memo.add(this);
    yield [prefix, this];
    for (const [k, m] of this.namedChildren()) yield* m.namedModules(prefix ? `${prefix}.${k}` : k, memo);
  }
  *modules(): Generator<Module> { for (const [, m] of this.namedModules()) yield m; }

  *namedParameters(prefix = "", recurse = true): Generator<[string, Parameter]> {
    const seen = new Set<Parameter>();
    const mods: Array<[string, Module]> = recurse ? [...this.namedModules(prefix)] : [[prefix, this]];
    for (const [mp, m] of mods) {
      for (const [k, p] of m.ownParams()) {
        if (!(p instanceof Parameter) || seen.has(p)) continue;
        seen.add(p);
        yield [mp ? `${mp}.${k}` : k, p];
      }
    }
  }
  parameters(recurse = true): Parameter[] { return [...this.namedParameters("", recurse)].map(([, p]) => p); }
  *namedBuffers(prefix = "", recurse = true): Generator<[string, Tensor]> {
    const mods: Array<[string, Module]> = recurse ? [...this.namedModules(prefix)] : [[prefix, this]];
    for (const [mp, m] of mods) for (const [k, b] of m._buffers) if (b instanceof Tensor) yield [mp ? `${mp}.${k}` : k, b];
  }
  buffers(recurse = true): Tensor[] { return [...this.namedBuffers("", recurse)].map(([, b]) => b); }

  train(mode = true): this {
    if (typeof mode !== "boolean") throw new TypeError("training mode is expected to be boolean");
    for (const m of this.modules()) m.training = mode;
    return this;
  }
  eval(): this { return this.train(false); }

  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const p of this.parameters()) {
      if (setToNone) { p.grad = null; continue; }
      const g = p.grad;
      if (g) { g.detach_().zero_(); g.dispose(); }
    }
  }
  apply(fn: (m: Module) => void): this {
    for (const m of this.children()) m.apply(fn);
    fn(this);
    return this;
  }

  /** Moves (or casts) parameters and buffers in place: the same Parameter objects stay valid. */
  to(target: string | DType, opts: { dtype?: DType } = {}): this {
    const isDtype = target in SCALAR_TYPE || target.startsWith("torch.");
    const dtype = isDtype ? checkDtype(target) : opts.dtype === undefined ? undefined : checkDtype(opts.dtype);
    const device = isDtype ? undefined : target;
    noGrad(() => {
      for (const m of this.modules()) {
        for (const [, p] of m.ownParams()) {
          if (!(p instanceof Parameter)) continue;
          const moved = native.to(p.handle, device, dtype && p.isFloatingPoint() ? SCALAR_TYPE[dtype] : -1, false, false);
          native.setRequiresGrad(moved, p.requiresGrad);
          (p as unknown as { swap(h: number): void }).swap(moved);
        }
        for (const [k, b] of m._buffers) {
          if (!(b instanceof Tensor)) continue;
          const moved = b.to(device ?? b.device, { dtype: dtype && b.isFloatingPoint() ? dtype : undefined });
          b.dispose();
          m._buffers.set(k, keep(moved));
        }
      }
    });
    return this;
  }
  cuda(device = 0): this { return this.to(`cuda:${device}`); }
  cpu(): this { return this.to("cpu"); }

  stateDict(prefix = ""): StateDict {
    const out: StateDict = {};
    for (const [mp, m] of this.namedModules(prefix.replace(/\.$/, ""))) {
      const pre = mp ? `${mp}.` : "";
      for (const [k, p] of m.ownParams()) if (p instanceof Parameter) out[pre + k] = p.detach();
      for (const [k, b] of m._buffers) if (b instanceof Tensor && !m._nonPersistent.has(k)) out[pre + k] = b.detach();
    }
    return out;
  }

  loadStateDict(dict: Record<string, Tensor> | Map<string, Tensor>, opts: { strict?: boolean } = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    const strict = opts.strict ?? true;
    const src = dict instanceof Map ? dict : new Map(Object.entries(dict));
    const missing: string[] = [];
    const errors: string[] = [];
    const expected = new Set<string>();
    noGrad(() => {
      for (const [mp, m] of this.namedModules()) {
        const pre = mp ? `${mp}.` : "";
        const locals: Array<[string, Tensor | UninitializedParameter | null]> = [...m.ownParams(), ...[...m._buffers].filter(([k]) => !m._nonPersistent.has(k))];
        for (const [k, t] of locals) {
          if (t === null) continue;
          const key = pre + k;
          expected.add(key);
          const v = src.get(key);
          if (v === undefined) { missing.push(key); continue; }
          if (!(v instanceof Tensor)) { errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeof v}`); continue; }
          if (t instanceof UninitializedParameter) { errors.push(`size mismatch for ${key}: the parameter is uninitialized`); continue; }
          const a = v.shape, b = t.shape;
          if (a.length !== b.length || a.some((x, i) => x !== b[i])) {
            errors.push(`size mismatch for ${key}: copying a param with shape ${pySize(a)} from checkpoint, the shape in current model is ${pySize(b)}.`);
            continue;
          }
          t.copy_(v);
        }
      }
    });
    const unexpected = [...src.keys()].filter((k) => !expected.has(k));
    if (strict) {
      if (unexpected.length) errors.unshift(`Unexpected key(s) in state_dict: ${unexpected.map((k) => `"${k}"`).join(", ")}. `);
      if (missing.length) errors.unshift(`Missing key(s) in state_dict: ${missing.map((k) => `"${k}"`).join(", ")}. `);
    }
    if (errors.length) throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join("\n\t")}`);
    return { missingKeys: missing, unexpectedKeys: unexpected };
  }

  /** The text inside the parentheses of this module's line, as PyTorch's extra_repr(). */
  extraRepr(): string { return ""; }

  toString(): string {
    const lines: string[] = [];
    const extra = this.extraRepr();
    if (extra) lines.push(...extra.split("\n"));
    for (const [k, m] of this.namedChildren()) {
      const sub = m.toString().split("\n").map((l, i) => (i === 0 ? l : "  " + l)).join("\n");
      lines.push(`(${k}): ${sub}`);
    }
    const name = this.constructor.name;
    if (lines.length === 0) return `${name}()`;
    if (lines.length === 1 && this._modules.size === 0 && [...this.namedChildren()].length === 0) return `${name}(${lines[0]})`;
    return `${name}(\n${lines.map((l) => "  " + l).join("\n")}\n)`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string { return this.toString(); }

  /** Frees every parameter and buffer now. */
  dispose(): void {
    for (const p of this.parameters()) p.dispose();
    for (const b of this.buffers()) b.dispose();
  }
}
