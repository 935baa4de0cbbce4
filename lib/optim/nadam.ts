// NAdam: one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { ValueError } from "../errors";
import { native } from "../native";
import { validateAdamLike } from "./adam";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link NAdam}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface NAdamOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Coefficients of the running averages of the gradient and of its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum decay ψ (default 4e-3). */
  momentumDecay: number;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
}
const NADAM_KEYS = ["lr", "betas", "eps", "weightDecay", "momentumDecay", "foreach"] as const;

/**
 * optim.NAdam: Adam with Nesterov momentum.
 *
 * Args: `params`, then PyTorch's positional `lr, betas, eps, weightDecay, momentumDecay` or an options object ({@link NAdamOptions}).
 */
export class NAdam extends Optimizer<NAdamOptions> {
  /** NAdam(params, lr, betas, eps, weightDecay, momentumDecay) or NAdam(params, {lr, ...}). */
  constructor(
    params: ParamsArg<NAdamOptions>,
    lr?: number,
    betas?: [number, number],
    eps?: number,
    weightDecay?: number,
    momentumDecay?: number,
    o?: Partial<NAdamOptions>,
  );
  constructor(params: ParamsArg<NAdamOptions>, o?: Partial<NAdamOptions>);
  constructor(params: ParamsArg<NAdamOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, NADAM_KEYS, "NAdam", NADAM_KEYS.length);
    const d = mergeOptions<NAdamOptions>(
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, foreach: null },
      o,
    );
    validateAdamLike(d);
    checkHyper(d as unknown as Record<string, unknown>, ["momentumDecay"]);
    if (!(d.momentumDecay >= 0)) throw new ValueError(`Invalid momentum_decay value: ${d.momentumDecay}`);
    super(params, d);
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { foreach: null };
  }
  /**
   * Performs one optimization step on every parameter that has a gradient.
   *
   * @param closure - reevaluates the model and returns the loss (needed by some algorithms; optional here).
   * @returns what `closure` returned, or undefined.
   */
  step<T>(closure?: Closure<T>): T | undefined {
    const loss = this.evalClosure(closure);
    for (const g of this.paramGroups) {
      this.nativeStep(g.params, ["step", "mu_product", "exp_avg", "exp_avg_sq"], (ps, st) =>
        native.nadamStep(ps, st, {
          lr: g.lr,
          beta1: g.betas[0],
          beta2: g.betas[1],
          eps: g.eps,
          weightDecay: g.weightDecay,
          momentumDecay: g.momentumDecay,
        }),
      );
    }
    return loss;
  }
}
