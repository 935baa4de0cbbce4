import { ValueError } from "../errors";
import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";
import { Optimizer } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

const SGD_KEYS = ["lr", "momentum", "dampening", "weightDecay", "nesterov", "maximize"] as const;

export class SGD extends Optimizer<SGDOptions> {
  /** `lr` has no default (PyTorch's `required`): set it here or in every parameter group. */
  constructor(
    params: Iterable<Tensor> | Array<Partial<SGDOptions> & { params: Iterable<Tensor> }>,
    o: Partial<SGDOptions> = {},
  ) {
    checkKwargs(o, SGD_KEYS, "SGD.__init__");
    const d = { momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...o };
    // PyTorch 1.13's checks, in its order and wording.
    for (const k of ["momentum", "dampening", "weightDecay"] as const)
      if (typeof d[k] !== "number") throw new TypeError(`${k} must be a number`);
    if (d.lr !== undefined && typeof d.lr !== "number") throw new TypeError("lr must be a number");
    if (d.lr !== undefined && d.lr < 0) throw new ValueError(`Invalid learning rate: ${d.lr}`);
    if (d.momentum < 0) throw new ValueError(`Invalid momentum value: ${d.momentum}`);
    if (d.weightDecay < 0) throw new ValueError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0))
      throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    super(params, d as SGDOptions);
  }
  protected get required(): readonly string[] {
    return this.defaults.lr === undefined ? ["lr"] : [];
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
