// ASGD (averaged SGD): one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { ValueError } from "../errors";
import { native } from "../native";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link ASGD}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface ASGDOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Decay term (default 1e-4). */
  lambd: number;
  /** Power for the eta update (default 0.75). */
  alpha: number;
  /** The step at which averaging starts (default 1e6). */
  t0: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}
const ASGD_KEYS = ["lr", "lambd", "alpha", "t0", "weightDecay", "foreach", "maximize"] as const;

/**
 * optim.ASGD: averaged stochastic gradient descent; the average is the state's `ax`.
 *
 * Args: `params`, then PyTorch's positional `lr, lambd, alpha, t0, weightDecay` or an options object ({@link ASGDOptions}).
 */
export class ASGD extends Optimizer<ASGDOptions> {
  /** ASGD(params, lr, lambd, alpha, t0, weightDecay, ...) or ASGD(params, {lr, ...}). */
  constructor(
    params: ParamsArg<ASGDOptions>,
    lr?: number,
    lambd?: number,
    alpha?: number,
    t0?: number,
    weightDecay?: number,
    o?: Partial<ASGDOptions>,
  );
  constructor(params: ParamsArg<ASGDOptions>, o?: Partial<ASGDOptions>);
  constructor(params: ParamsArg<ASGDOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, ASGD_KEYS, "ASGD", 7);
    const d = mergeOptions<ASGDOptions>(
      { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, foreach: null, maximize: false },
      o,
    );
    checkHyper(d as unknown as Record<string, unknown>, ["lr", "lambd", "alpha", "t0", "weightDecay"]);
    if (!(d.lr >= 0)) throw new ValueError(`Invalid learning rate: ${d.lr}`);
    if (!(d.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${d.weightDecay}`);
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
      this.nativeStep(g.params, ["step", "eta", "mu", "ax"], (ps, st) =>
        native.asgdStep(ps, st, {
          lr: g.lr,
          lambd: g.lambd,
          alpha: g.alpha,
          t0: g.t0,
          weightDecay: g.weightDecay,
          maximize: g.maximize,
        }),
      );
    }
    return loss;
  }
}
