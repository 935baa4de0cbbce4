import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { Optimizer } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

export class SGD extends Optimizer<SGDOptions> {
  constructor(
    params: Iterable<Tensor> | Array<Partial<SGDOptions> & { params: Iterable<Tensor> }>,
    o: Partial<SGDOptions> & { lr: number },
  ) {
    if (o === undefined || o === null || o.lr === undefined)
      throw new Error("SGD requires a learning rate: new SGD(params, { lr })");
    super(params, { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...o });
  }
  protected validate(g: SGDOptions): void {
    if (typeof g.lr !== "number") throw new TypeError("lr must be a number");
    if (g.lr < 0) throw new Error(`Invalid learning rate: ${g.lr}`);
    if (g.momentum < 0) throw new Error(`Invalid momentum value: ${g.momentum}`);
    if (g.weightDecay < 0) throw new Error(`Invalid weight_decay value: ${g.weightDecay}`);
    if (g.nesterov && (g.momentum <= 0 || g.dampening !== 0))
      throw new Error("Nesterov momentum requires a momentum and zero dampening");
  }
  step(): void {
    for (const g of this.paramGroups) {
      const ps = g.params;
      const bufs = ps.map((p) => this.state.get(p)?.momentum_buffer?.handle);
      const created = native.sgdStep(
        ps.map((p) => p.handle),
        {
          momentumBuffers: bufs,
          lr: g.lr,
          momentum: g.momentum,
          dampening: g.dampening,
          weightDecay: g.weightDecay,
          nesterov: g.nesterov,
          maximize: g.maximize,
        },
      );
      created.forEach((h, i) => {
        if (h !== undefined) this.state.set(ps[i], { momentum_buffer: keep(new Tensor(h)) });
      });
    }
  }
}
