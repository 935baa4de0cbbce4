// LazyModuleMixin (torch/nn/modules/lazy.py): a module whose parameters take their shapes from the
// first input. Until then they are UninitializedParameters; the first forward materializes them and
// the module becomes its concrete class (`clsToBecome`), as PyTorch swaps __class__.

import { Tensor } from "../../tensor";
import type { LoadStateDictPreHook, Module } from "../module";
import { Parameter, UninitializedParameter } from "../parameter";

// biome-ignore lint/suspicious/noExplicitAny: TypeScript's mixin pattern requires a rest parameter of type any[].
type ModuleClass = abstract new (...args: any[]) => Module;

export function LazyModuleMixin<TBase extends ModuleClass>(Base: TBase) {
  abstract class LazyModule extends Base {
    /** The class an instance becomes once fully initialized (PyTorch's cls_to_become). */
    static clsToBecome: ModuleClass | null = null;

    // biome-ignore lint/suspicious/noExplicitAny: see ModuleClass.
    constructor(...args: any[]) {
      super(...args);
      this._registerLoadStateDictPreHook(this.lazyHook);
      // The forward pre-hook: an own `forward` in front of the class's until the first call.
      Object.defineProperty(this, "forward", {
        configurable: true,
        writable: true,
        value: (...input: unknown[]) => {
          this.inferParameters(input);
          return (this.forward as (...a: unknown[]) => unknown)(...input);
        },
      });
    }

    /** Shapes the uninitialized parameters and buffers from the input (initialize_parameters). */
    abstract initializeParameters(...input: unknown[]): void;

    /** @internal The UninitializedParameter `name` replaced by a parameter of `shape` (initialize_parameters). */
    materializeParameter(name: string, shape: number[]): void {
      const u = this._parameters.get(name);
      if (!(u instanceof UninitializedParameter)) return;
      const t = u.materialize(shape);
      this.registerParameter(name, new Parameter(t));
      t.dispose();
    }

    hasUninitializedParams(): boolean {
      for (const p of this._parameters.values()) if (p instanceof UninitializedParameter) return true;
      for (const b of this._buffers.values()) if (b instanceof UninitializedParameter) return true;
      return false;
    }

    /** @internal */
    inferParameters(input: unknown[]): void {
      this.initializeParameters(...input);
      if (this.hasUninitializedParams()) throw new Error(`module ${this._getName()} has not been fully initialized`);
      Reflect.deleteProperty(this, "forward");
      this._loadStateDictPreHooks = this._loadStateDictPreHooks.filter((h) => h !== this.lazyHook);
      const become = (this.constructor as { clsToBecome?: ModuleClass | null }).clsToBecome;
      if (become) Object.setPrototypeOf(this, become.prototype);
    }

    /** @internal */
    readonly lazyHook: LoadStateDictPreHook = (ctx) => this.lazyLoadHook(ctx.stateDict, ctx.prefix);

    // A checkpoint's shapes materialize what is still uninitialized, so load_state_dict works before forward.
    /** @internal */
    lazyLoadHook(stateDict: Map<string, unknown>, prefix: string): void {
      for (const [name, p] of [...this._parameters]) {
        const input = stateDict.get(prefix + name);
        if (p instanceof UninitializedParameter && input instanceof Tensor) {
          const t = p.materialize(input.shape);
          this.registerParameter(name, new Parameter(t));
          t.dispose();
        }
      }
      for (const [name, b] of [...this._buffers]) {
        const input = stateDict.get(prefix + name);
        if (b instanceof UninitializedParameter && input instanceof Tensor) {
          this.registerBuffer(name, b.materialize(input.shape), { persistent: !this._nonPersistent.has(name) });
        }
      }
    }
  }
  return LazyModule;
}
