// Adam and AdamW: one native call per parameter group and step, over ATen's multi-tensor ops or
// the fused CUDA kernel (native/optim.cc).

import { ValueError } from "../errors";
import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";
import { pyFloat } from "../utils/pyrepr";
import { Optimizer } from "./optimizer";

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

const ADAM_KEYS = ["lr", "betas", "eps", "weightDecay", "amsgrad", "maximize"] as const;

/** Adam's hyper-parameter checks, in PyTorch 1.13's order and wording (before the parameters are looked at). */
function validateAdam(g: AdamOptions): void {
  for (const k of ["lr", "eps", "weightDecay"] as const)
    if (typeof g[k] !== "number") throw new TypeError(`${k} must be a number`);
  if (!(g.lr >= 0)) throw new ValueError(`Invalid learning rate: ${g.lr}`);
  if (!(g.eps >= 0)) throw new ValueError(`Invalid epsilon value: ${g.eps}`);
  if (!Array.isArray(g.betas) || g.betas.length !== 2) throw new TypeError("betas must be a pair of numbers");
  if (!(g.betas[0] >= 0 && g.betas[0] < 1))
    throw new ValueError(`Invalid beta parameter at index 0: ${pyFloat(g.betas[0])}`);
  if (!(g.betas[1] >= 0 && g.betas[1] < 1))
    throw new ValueError(`Invalid beta parameter at index 1: ${pyFloat(g.betas[1])}`);
  if (!(g.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${g.weightDecay}`);
}

function adamDefaults(o: Partial<AdamOptions> | undefined, weightDecay: number, name: string): AdamOptions {
  checkKwargs(o, ADAM_KEYS, `${name}.__init__`);
  const d = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay, amsgrad: false, maximize: false, ...o };
  validateAdam(d as AdamOptions);
  return d as AdamOptions;
}

export class Adam extends Optimizer<AdamOptions> {
  /** weight_decay's default: 0 for Adam, 1e-2 for AdamW. */
  protected static readonly defaultWeightDecay: number = 0;
  protected readonly decoupled: boolean = false;
  constructor(
    params: Iterable<Tensor> | Array<Partial<AdamOptions> & { params: Iterable<Tensor> }>,
    o: Partial<AdamOptions> = {},
  ) {
    super(params, adamDefaults(o, (new.target as typeof Adam).defaultWeightDecay, new.target.name));
  }

  step(): void {
    for (const g of this.paramGroups) {
      const ps = g.params;
      const st = ps.map((p) => this.state.get(p));
      const h = (k: string) => st.map((s) => s?.[k]?.handle);
      const created = native.adamStep(
        ps.map((p) => p.handle),
        {
          expAvgs: h("exp_avg"),
          expAvgSqs: h("exp_avg_sq"),
          maxExpAvgSqs: h("max_exp_avg_sq"),
          steps: h("step"),
          lr: g.lr,
          beta1: g.betas[0],
          beta2: g.betas[1],
          eps: g.eps,
          weightDecay: g.weightDecay,
          amsgrad: g.amsgrad,
          maximize: g.maximize,
          decoupled: this.decoupled,
        },
      );
      for (const [i, m, v, vmax, step] of created) {
        const s: Record<string, Tensor> = {
          step: keep(new Tensor(step)),
          exp_avg: keep(new Tensor(m)),
          exp_avg_sq: keep(new Tensor(v)),
        };
        if (vmax !== undefined) s.max_exp_avg_sq = keep(new Tensor(vmax));
        this.state.set(ps[i], s);
      }
    }
  }
}

export class AdamW extends Adam {
  protected static readonly defaultWeightDecay: number = 1e-2;
  protected readonly decoupled: boolean = true;
  constructor(
    params: Iterable<Tensor> | Array<Partial<AdamOptions> & { params: Iterable<Tensor> }>,
    o: Partial<AdamOptions> = {},
  ) {
    super(params, o);
  }
}
