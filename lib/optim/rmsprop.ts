// RMSprop: one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { NotImplementedError, ValueError } from "../errors";
import { native } from "../native";
import { pyFloat } from "../utils/pyrepr";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link RMSprop}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface RMSpropOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the running average of squared gradients (default 0.99). */
  alpha: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Normalize by an estimate of the gradient's variance instead of its second moment (default false). */
  centered: boolean;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
  /** Accepted for PyTorch's signature; only false is supported (true is NotImplementedError). */
  differentiable: boolean;
}
const RMSPROP_KEYS = [
  "lr",
  "alpha",
  "eps",
  "weightDecay",
  "momentum",
  "centered",
  "foreach",
  "maximize",
  "differentiable",
] as const;

/**
 * optim.RMSprop: the RMSprop algorithm.
 *
 * Args: `params`, then PyTorch's positional `lr, alpha, eps, weightDecay, momentum, centered` or an options
 * object ({@link RMSpropOptions}).
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  /** RMSprop(params, lr, alpha, eps, weightDecay, momentum, centered, ...) or RMSprop(params, {lr, ...}). */
  constructor(
    params: ParamsArg<RMSpropOptions>,
    lr?: number,
    alpha?: number,
    eps?: number,
    weightDecay?: number,
    momentum?: number,
    centered?: boolean,
    o?: Partial<RMSpropOptions>,
  );
  constructor(params: ParamsArg<RMSpropOptions>, o?: Partial<RMSpropOptions>);
  constructor(params: ParamsArg<RMSpropOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, RMSPROP_KEYS, "RMSprop", RMSPROP_KEYS.length);
    const d = mergeOptions<RMSpropOptions>(
      {
        lr: 1e-2,
        momentum: 0,
        alpha: 0.99,
        eps: 1e-8,
        centered: false,
        weightDecay: 0,
        foreach: null,
        maximize: false,
        differentiable: false,
      },
      o,
    );
    checkHyper(d as unknown as Record<string, unknown>, ["lr", "eps", "momentum", "weightDecay", "alpha"]);
    if (!(d.lr >= 0)) throw new ValueError(`Invalid learning rate: ${d.lr}`);
    if (!(d.eps >= 0)) throw new ValueError(`Invalid epsilon value: ${d.eps}`);
    // Upstream's tests pass momentum and alpha as floats, so their messages print them as floats.
    if (!(d.momentum >= 0)) throw new ValueError(`Invalid momentum value: ${pyFloat(d.momentum)}`);
    if (!(d.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (!(d.alpha >= 0)) throw new ValueError(`Invalid alpha value: ${pyFloat(d.alpha)}`);
    if (d.differentiable)
      throw new NotImplementedError("torchts optimizers are not differentiable (differentiable=True)");
    super(params, d);
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { momentum: 0, centered: false, foreach: null, maximize: false, differentiable: false };
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
      this.nativeStep(g.params, ["step", "square_avg", "momentum_buffer", "grad_avg"], (ps, st) =>
        native.rmspropStep(ps, st, {
          lr: g.lr,
          alpha: g.alpha,
          eps: g.eps,
          weightDecay: g.weightDecay,
          momentum: g.momentum,
          centered: g.centered,
          maximize: g.maximize,
        }),
      );
    }
    return loss;
  }
}
