import { Module } from "../module";
import { Parameter } from "../parameter";
import { Tensor } from "../../tensor";
import { empty } from "../../creation";
import { DType } from "../../dtype";
import * as F from "../functional";
import * as init from "../init";
import { checkInt } from "../../utils/check";
import { py } from "../../utils/pyrepr";

export interface FactoryOptions { device?: string; dtype?: DType }

function positive(n: number, what: string): number {
  checkInt(n, what);
  if (n < 0) throw new Error(`Trying to create tensor with negative dimension ${n}: [${n}]`);
  return n;
}

export class Linear extends Module {
  weight: Parameter;
  bias: Parameter | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, o: FactoryOptions & { bias?: boolean } = {}) {
    super();
    positive(inFeatures, "inFeatures");
    positive(outFeatures, "outFeatures");
    const w = empty([outFeatures, inFeatures], o);
    this.weight = new Parameter(w);
    w.dispose();
    if (o.bias ?? true) { const b = empty([outFeatures], o); this.bias = new Parameter(b); b.dispose(); }
    else { this.bias = null; this.registerParameter("bias", null); }
    this.resetParameters();
  }
  resetParameters(): void {
    init.kaimingUniform_(this.weight, Math.sqrt(5));
    if (this.bias) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }
  forward(x: Tensor): Tensor { return F.linear(x, this.weight, this.bias); }
  extraRepr(): string { return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${py(this.bias !== null)}`; }
}
