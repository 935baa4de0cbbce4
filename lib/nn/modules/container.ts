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
  get length(): number {
    return this._modules.size;
  }
  at(i: number): Module {
    const n = this.length;
    const k = i < 0 ? i + n : i;
    if (!Number.isInteger(k) || k < 0 || k >= n) throw new RangeError(`index ${i} is out of range`);
    return [...this._modules.values()][k]!;
  }
  append(m: Module): this {
    this.registerModule(String(this.length), m);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return ([...this._modules.values()] as Module[])[Symbol.iterator]();
  }
  forward(x: Tensor): Tensor {
    let y = x;
    // module(input), as PyTorch's Sequential calls its children: their hooks run.
    for (const m of this._modules.values()) y = (m as Module & { call(t: Tensor): Tensor }).call(y);
    return y;
  }
}

export class ModuleList extends Module {
  constructor(mods: Module[] = []) {
    super();
    mods.forEach((m) => {
      this.append(m);
    });
  }
  get length(): number {
    return this._modules.size;
  }
  at(i: number): Module {
    const k = i < 0 ? i + this.length : i;
    const m = [...this._modules.values()][k];
    if (!m) throw new RangeError(`index ${i} is out of range`);
    return m;
  }
  append(m: Module): this {
    this.registerModule(String(this.length), m);
    return this;
  }
  [Symbol.iterator](): Iterator<Module> {
    return ([...this._modules.values()] as Module[])[Symbol.iterator]();
  }
  forward(): never {
    throw new Error("ModuleList is not callable; iterate over it in your forward");
  }
}
