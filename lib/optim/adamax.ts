// Adamax: one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { native } from "../native";
import { validateAdamLike } from "./adam";
import { type Closure, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link Adamax}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface AdamaxOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Coefficients of the running averages of the gradient and its infinity norm (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}
const ADAMAX_KEYS = ["lr", "betas", "eps", "weightDecay", "foreach", "maximize"] as const;

/**
 * optim.Adamax: Adam with the infinity norm.
 *
 * Args: `params`, then PyTorch's positional `lr, betas, eps, weightDecay` or an options object ({@link AdamaxOptions}).
 */
export class Adamax extends Optimizer<AdamaxOptions> {
  /** Adamax(params, lr, betas, eps, weightDecay, ...) or Adamax(params, {lr, ...}). */
  constructor(
    params: ParamsArg<AdamaxOptions>,
    lr?: number,
    betas?: [number, number],
    eps?: number,
    weightDecay?: number,
    o?: Partial<AdamaxOptions>,
  );
  constructor(params: ParamsArg<AdamaxOptions>, o?: Partial<AdamaxOptions>);
  constructor(params: ParamsArg<AdamaxOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, ADAMAX_KEYS, "Adamax", 5);
    const d = mergeOptions<AdamaxOptions>(
      { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, foreach: null, maximize: false },
      o,
    );
    validateAdamLike(d);
    super(params, d);
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { foreach: null, maximize: false };
  }
  /**
   * Performs one optimization step on every parameter that has a gradient.
   *
   * @param closure - reevaluates the model and returns the loss (optional).
   * @returns what `closure` returned, or undefined.
   */
  step<T>(closure?: Closure<T>): T | undefined {
    const loss = this.evalClosure(closure);
    for (const g of this.paramGroups) {
      this.nativeStep(g.params, ["step", "exp_avg", "exp_inf"], (ps, st) =>
        native.adamaxStep(ps, st, {
          lr: g.lr,
          beta1: g.betas[0],
          beta2: g.betas[1],
          eps: g.eps,
          weightDecay: g.weightDecay,
          maximize: g.maximize,
        }),
      );
    }
    return loss;
  }
}
