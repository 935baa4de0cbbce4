// Adadelta: one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { ValueError } from "../errors";
import { native } from "../native";
import { pyFloat } from "../utils/pyrepr";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link Adadelta}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface AdadeltaOptions {
  /** Learning rate (default 1.0). */
  lr: number;
  /** Coefficient of the running average of squared gradients (default 0.9). */
  rho: number;
  /** Added to the denominator for numerical stability (default 1e-6). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}
const ADADELTA_KEYS = ["lr", "rho", "eps", "weightDecay", "foreach", "maximize"] as const;

/**
 * optim.Adadelta: the Adadelta algorithm.
 *
 * Args: `params`, then PyTorch's positional `lr, rho, eps, weightDecay` or an options object ({@link AdadeltaOptions}).
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  /** Adadelta(params, lr, rho, eps, weightDecay, ...) or Adadelta(params, {lr, ...}). */
  constructor(
    params: ParamsArg<AdadeltaOptions>,
    lr?: number,
    rho?: number,
    eps?: number,
    weightDecay?: number,
    o?: Partial<AdadeltaOptions>,
  );
  constructor(params: ParamsArg<AdadeltaOptions>, o?: Partial<AdadeltaOptions>);
  constructor(params: ParamsArg<AdadeltaOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, ADADELTA_KEYS, "Adadelta", 5);
    const d = mergeOptions<AdadeltaOptions>(
      { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, foreach: null },
      o,
    );
    checkHyper(d as unknown as Record<string, unknown>, ["lr", "rho", "eps", "weightDecay"]);
    if (!(d.lr >= 0)) throw new ValueError(`Invalid learning rate: ${d.lr}`);
    if (!(d.rho >= 0 && d.rho <= 1)) throw new ValueError(`Invalid rho value: ${pyFloat(d.rho)}`);
    if (!(d.eps >= 0)) throw new ValueError(`Invalid epsilon value: ${d.eps}`);
    if (!(d.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${d.weightDecay}`);
    super(params, d);
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { foreach: null, maximize: false };
  }
  protected get intStateKeys(): readonly string[] {
    return ["step"];
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
      this.nativeStep(g.params, ["step", "square_avg", "acc_delta"], (ps, st) =>
        native.adadeltaStep(ps, st, {
          lr: g.lr,
          rho: g.rho,
          eps: g.eps,
          weightDecay: g.weightDecay,
          maximize: g.maximize,
        }),
      );
    }
    return loss;
  }
}
