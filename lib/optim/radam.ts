// RAdam: one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { native } from "../native";
import { validateAdamLike } from "./adam";
import { type Closure, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link RAdam}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface RAdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Coefficients of the running averages of the gradient and of its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
}
const RADAM_KEYS = ["lr", "betas", "eps", "weightDecay", "foreach"] as const;

/**
 * optim.RAdam: rectified Adam, which damps the adaptive learning rate while its variance estimate is poor.
 *
 * Args: `params`, then PyTorch's positional `lr, betas, eps, weightDecay` or an options object ({@link RAdamOptions}).
 */
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
  /**
   * Performs one optimization step on every parameter that has a gradient.
   *
   * @param closure - reevaluates the model and returns the loss (needed by some algorithms; optional here).
   * @returns what `closure` returned, or undefined.
   */
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
