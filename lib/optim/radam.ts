// RAdam: one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { native } from "../native";
import { validateAdamLike } from "./adam";
import { type Closure, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

export interface RAdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  foreach: boolean | null;
}
const RADAM_KEYS = ["lr", "betas", "eps", "weightDecay", "foreach"] as const;

export class RAdam extends Optimizer<RAdamOptions> {
  /** RAdam(params, lr, betas, eps, weightDecay) or RAdam(params, {lr, ...}). */
  constructor(
    params: ParamsArg<RAdamOptions>,
    lr?: number,
    betas?: [number, number],
    eps?: number,
    weightDecay?: number,
    o?: Partial<RAdamOptions>,
  );
  constructor(params: ParamsArg<RAdamOptions>, o?: Partial<RAdamOptions>);
  constructor(params: ParamsArg<RAdamOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, RADAM_KEYS, "RAdam", RADAM_KEYS.length);
    const d = mergeOptions<RAdamOptions>(
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, foreach: null },
      o,
    );
    validateAdamLike(d);
    super(params, d);
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { foreach: null };
  }
  step<T>(closure?: Closure<T>): T | undefined {
    const loss = this.evalClosure(closure);
    for (const g of this.paramGroups) {
      this.nativeStep(g.params, ["step", "exp_avg", "exp_avg_sq"], (ps, st) =>
        native.radamStep(ps, st, {
          lr: g.lr,
          beta1: g.betas[0],
          beta2: g.betas[1],
          eps: g.eps,
          weightDecay: g.weightDecay,
        }),
      );
    }
    return loss;
  }
}
