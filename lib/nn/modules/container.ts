import type { Tensor } from "../../tensor";
import { Module } from "../module";

/** Modules applied in order; children are named "0", "1", ... as in PyTorch. */
export class Sequential extends Module {
  constructor(...mods: Module[]) {
    super();
    mods.forEach((m, i) => {
      this.registerModule(String(i), m);
    });
  }
  /** The number of modules. */
  get length(): number {
    return this._modules.size;
  }
  /** The module at index `i` (negative counts from the end); PyTorch's `seq[i]`. */
  at(i: number): Module {
    const n = this.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`index ${i} is out of range`);
    return [...this._modules.values()][k]!;
  }
  /** Adds a module at the end; returns this. */
  append(m: Module): this {
    this.registerModule(String(this.length), m);
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
 * It has no forward; iterate over it in the owner's forward (`for (const layer of this.layers)`).
 */
export class ModuleList extends Module {
  constructor(mods: Module[] = []) {
    super();
    mods.forEach((m) => {
      this.append(m);
    });
  }
  /** The number of modules. */
  get length(): number {
    return this._modules.size;
  }
  /** The module at index `i` (negative counts from the end); PyTorch's `layers[i]`. */
  at(i: number): Module {
    const k = i < 0 ? i + this.length : i;
    const m = [...this._modules.values()][k];
    if (!m) throw new RangeError(`index ${i} is out of range`);
    return m;
  }
  /** Adds a module at the end; returns this. */
  append(m: Module): this {
    this.registerModule(String(this.length), m);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return ([...this._modules.values()] as Module[])[Symbol.iterator]();
  }
  /** Throws: a ModuleList is not callable, as in PyTorch. */
  forward(): never {
    throw new Error("ModuleList is not callable; iterate over it in your forward");
  }
}
