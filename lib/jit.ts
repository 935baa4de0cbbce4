// torch.jit: TorchScript modules saved by PyTorch (torch.jit.save of torch.jit.script or torch.jit.trace)
// loaded into torchts and run, trained and saved again by libtorch's TorchScript runtime (native/jit.cc).
// A loaded module is an nn.Module: its parameters are the TorchScript module's own tensors, so optimizers,
// state dicts, train()/eval() and to() work on it as on any torchts module.
import * as fs from "node:fs";
import { checkDevice, type DeviceLike } from "./device";
import { ValueError } from "./errors";
import { keep } from "./memory";
import { native, type ScriptModuleRef } from "./native";
import { Module } from "./nn/module";
import { Parameter } from "./nn/parameter";
import { Tensor } from "./tensor";

// A parameter object over the TorchScript module's own tensor (not a detached copy): gradients the
// TorchScript forward accumulates land on it.
function asParameter(handle: number): Parameter {
  const p = Reflect.construct(Tensor, [handle], Parameter) as Parameter;
  keep(p);
  return p;
}

// Arguments: tensors go as {__tensor: handle} (a handle is a number like an int), arrays and plain
// objects element by element.
function toNative(v: unknown): unknown {
  if (v instanceof Tensor) return { __tensor: v.handle };
  if (Array.isArray(v)) return v.map(toNative);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toNative(x)]));
  return v;
}
// Results: {__tensor: handle} back to Tensors.
function fromNative(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(fromNative);
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    const o = v as Record<string, unknown>;
    if (typeof o.__tensor === "number" && Object.keys(o).length === 1) return new Tensor(o.__tensor);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, fromNative(x)]));
  }
  return v;
}

/**
 * torch.jit.RecursiveScriptModule: a TorchScript module (from {@link load}). `forward(...)` and
 * `runMethod(name, ...)` run its compiled methods; its other methods are also set as functions on it.
 * Arguments are checked against the method's TorchScript signature (Tensor, int, float, bool, str,
 * List, Tuple as arrays, Dict[str, T] as plain objects, Optional as null/undefined).
 */
export class RecursiveScriptModule extends Module {
  /** @internal */ readonly ext: ScriptModuleRef;
  // The handle each parameter or buffer slot of the TorchScript module holds.
  private readonly synced = new Map<string, number>();
  // A loaded module's compiled methods do not change: read once, not on every call.
  private readonly methodNames: Set<string>;
  /** The Python class the module was scripted or traced from (Python's `original_name`). */
  readonly originalName: string;
  /** @internal */
  constructor(ext: ScriptModuleRef) {
    super();
    this.ext = ext;
    this.originalName = native.jitTypeName(ext);
    for (const [name, child] of native.jitChildren(ext)) this.registerModule(name, new RecursiveScriptModule(child));
    for (const [name, h] of native.jitParameters(ext)) this.registerParameter(name, asParameter(h));
    for (const [name, h] of native.jitBuffers(ext)) this.registerBuffer(name, keep(new Tensor(h)));
    for (const [name, t] of [...this._parameters, ...this._buffers])
      if (t instanceof Tensor) this.synced.set(name, t.handle);
    this.training = native.jitIsTraining(ext);
    this.methodNames = new Set(native.jitMethods(ext));
    for (const m of this.methodNames) {
      if (m === "forward" || m in this) continue;
      Object.defineProperty(this, m, { value: (...args: unknown[]) => this.runMethod(m, ...args), enumerable: false });
    }
  }
  /** Runs the compiled forward. */
  forward(...args: unknown[]): unknown {
    return this.runMethod("forward", ...args);
  }
  /** Runs compiled method `name` on positional arguments (a trailing `{kwargs: {...}}` is not read: use `runMethodKw`). */
  runMethod(name: string, ...args: unknown[]): unknown {
    this.checkMethod(name);
    this.syncSlots();
    return fromNative(native.jitCall(this.ext, name, args.map(toNative)));
  }
  /** Runs compiled method `name` with positional and keyword arguments (Python's names). */
  runMethodKw(name: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    if (!Array.isArray(args) || kwargs === null || typeof kwargs !== "object")
      throw new TypeError("runMethodKw() takes a method name, an array of arguments and an object of keywords");
    this.checkMethod(name);
    this.syncSlots();
    return fromNative(native.jitCall(this.ext, name, args.map(toNative), toNative(kwargs) as Record<string, unknown>));
  }
  private checkMethod(name: unknown): void {
    if (typeof name !== "string") throw new TypeError("a method name must be a string");
    if (!this.methodNames.has(name))
      throw Object.assign(new Error(`'RecursiveScriptModule' object has no attribute '${name}'`), {
        name: "AttributeError",
      });
  }
  /** The names of the module's compiled methods. */
  methods(): string[] {
    return [...this.methodNames];
  }
  train(mode = true): this {
    if (typeof mode === "boolean") native.jitTrain(this.ext, mode);
    return super.train(mode);
  }
  // Module.to, _apply and the like replace a parameter's handle or a buffer (also when a torchts module
  // holding this one is moved); the TorchScript code reads its own slots, so before a call every slot
  // whose tensor changed is set again.
  private syncSlots(): void {
    for (const m of this.modules()) {
      if (!(m instanceof RecursiveScriptModule)) continue;
      for (const [name, t] of [...m._parameters, ...m._buffers]) {
        if (!(t instanceof Tensor) || m.synced.get(name) === t.handle) continue;
        native.jitSetAttr(m.ext, name, t.handle);
        m.synced.set(name, t.handle);
      }
    }
  }
  /** torch.jit.save / ScriptModule.save: writes the module (code and current weights) for torch.jit.load. */
  save(path: string): void {
    if (typeof path !== "string") throw new TypeError("save() takes a file path");
    this.syncSlots();
    native.jitSave(this.ext, path);
  }
  extraRepr(): string {
    return `original_name=${this.originalName}`;
  }
}

/** torch.jit.ScriptModule: what {@link load} returns is one (a {@link RecursiveScriptModule}). */
export { RecursiveScriptModule as ScriptModule };

/**
 * torch.jit.load(f, map_location): a TorchScript module saved by PyTorch's torch.jit.save (or by
 * {@link RecursiveScriptModule.save}), from a file name or the file's bytes (as Python's file-like `f`).
 * `mapLocation` puts its tensors on that device.
 */
export function load(f: string | Uint8Array, mapLocation?: DeviceLike | null): RecursiveScriptModule {
  if (typeof f !== "string" && !(f instanceof Uint8Array))
    throw new TypeError("torch.jit.load takes a file path or the file's bytes (a Buffer or Uint8Array)");
  if (typeof f === "string") {
    if (!fs.existsSync(f)) throw new ValueError(`The provided filename ${f} does not exist`);
    if (fs.statSync(f).isDirectory()) throw new ValueError(`The provided filename ${f} is a directory`);
  }
  const device = mapLocation === undefined || mapLocation === null ? undefined : checkDevice(mapLocation);
  return new RecursiveScriptModule(native.jitLoad(f, device));
}

/** torch.jit.save(m, f). */
export function save(m: RecursiveScriptModule, f: string): void {
  if (!(m instanceof RecursiveScriptModule))
    throw new TypeError("torch.jit.save takes a ScriptModule (from torch.jit.load)");
  m.save(f);
}
