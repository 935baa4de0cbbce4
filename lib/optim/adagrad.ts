// Adagrad: one native call per parameter group and step (native/optim.cc), following
// torch.optim 1.13's default single-tensor implementation op for op.

import { noGrad } from "../autograd";
import { fullLike, tensor } from "../creation";
import { getDefaultDtype } from "../default_dtype";
import { ValueError } from "../errors";
import { keep } from "../memory";
import { native } from "../native";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link Adagrad}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface AdagradOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay per step (default 0). */
  lrDecay: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps: number;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}
const ADAGRAD_KEYS = ["lr", "lrDecay", "weightDecay", "initialAccumulatorValue", "eps", "foreach", "maximize"] as const;

/**
 * optim.Adagrad: the Adagrad algorithm.
 *
 * Args: `params`, then PyTorch's positional `lr, lrDecay, weightDecay, initialAccumulatorValue, eps` or an
 * options object ({@link AdagradOptions}).
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  /** Adagrad(params, lr, lrDecay, weightDecay, initialAccumulatorValue, eps, ...) or Adagrad(params, {lr, ...}). */
  constructor(
    params: ParamsArg<AdagradOptions>,
    lr?: number,
    lrDecay?: number,
    weightDecay?: number,
    initialAccumulatorValue?: number,
    eps?: number,
    o?: Partial<AdagradOptions>,
  );
  constructor(params: ParamsArg<AdagradOptions>, o?: Partial<AdagradOptions>);
  constructor(params: ParamsArg<AdagradOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, ADAGRAD_KEYS, "Adagrad", 6);
    const d = mergeOptions<AdagradOptions>(
      {
        lr: 1e-2,
        lrDecay: 0,
        eps: 1e-10,
        weightDecay: 0,
        initialAccumulatorValue: 0,
        foreach: null,
        maximize: false,
      },
      o,
    );
    checkHyper(d as unknown as Record<string, unknown>, [
      "lr",
      "lrDecay",
      "weightDecay",
      "initialAccumulatorValue",
      "eps",
    ]);
    if (!(d.lr >= 0)) throw new ValueError(`Invalid learning rate: ${d.lr}`);
    if (!(d.lrDecay >= 0)) throw new ValueError(`Invalid lr_decay value: ${d.lrDecay}`);
    if (!(d.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (!(d.initialAccumulatorValue >= 0))
      throw new ValueError(`Invalid initial_accumulator_value value: ${d.initialAccumulatorValue}`);
    if (!(d.eps >= 0)) throw new ValueError(`Invalid epsilon value: ${d.eps}`);
    super(params, d);
    // Adagrad makes its state up front: step 0 and the accumulator at the initial value.
    noGrad(() => {
      for (const g of this.paramGroups) {
        for (const p of g.params) {
          this.state.set(p, {
            step: keep(tensor(0.0, { dtype: getDefaultDtype() })),
            sum: keep(fullLike(p, d.initialAccumulatorValue)),
          });
        }
      }
    });
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { foreach: null, maximize: false };
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
      this.nativeStep(g.params, ["step", "sum"], (ps, st) =>
        native.adagradStep(ps, st, {
          lr: g.lr,
          lrDecay: g.lrDecay,
          weightDecay: g.weightDecay,
          eps: g.eps,
          initialAccumulatorValue: g.initialAccumulatorValue,
          maximize: g.maximize,
        }),
      );
    }
    return loss;
  }
}
