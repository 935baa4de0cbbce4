// Rprop: one native call per parameter group and step (native/optim.cc), following torch.optim
// 1.13's default single-tensor implementation op for op.

import { ValueError } from "../errors";
import { native } from "../native";
import { pyFloat } from "../utils/pyrepr";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link Rprop}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface RpropOptions {
  /** Initial step size (default 1e-2). */
  lr: number;
  /** Multiplicative decrease and increase factors (default [0.5, 1.2]). */
  etas: [number, number];
  /** Minimal and maximal step sizes (default [1e-6, 50]). */
  stepSizes: [number, number];
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}
const RPROP_KEYS = ["lr", "etas", "stepSizes", "foreach", "maximize"] as const;

function pair(v: unknown, what: string): [number, number] {
  if (!Array.isArray(v) || v.length !== 2 || v.some((x) => typeof x !== "number"))
    throw new TypeError(`${what} must be a pair of numbers`);
  return v as [number, number];
}

/**
 * optim.Rprop: the resilient backpropagation algorithm (per-element step sizes from gradient signs).
 *
 * Args: `params`, then PyTorch's positional `lr, etas, stepSizes` or an options object ({@link RpropOptions}).
 */
export class Rprop extends Optimizer<RpropOptions> {
  /** Rprop(params, lr, etas, stepSizes, ...) or Rprop(params, {lr, ...}). */
  constructor(
    params: ParamsArg<RpropOptions>,
    lr?: number,
    etas?: [number, number],
    stepSizes?: [number, number],
    o?: Partial<RpropOptions>,
  );
  constructor(params: ParamsArg<RpropOptions>, o?: Partial<RpropOptions>);
  constructor(params: ParamsArg<RpropOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, RPROP_KEYS, "Rprop", 3);
    const d = mergeOptions<RpropOptions>(
      { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], foreach: null, maximize: false },
      o,
    );
    checkHyper(d as unknown as Record<string, unknown>, ["lr"]);
    const [em, ep] = pair(d.etas, "etas");
    pair(d.stepSizes, "step_sizes");
    if (!(d.lr >= 0)) throw new ValueError(`Invalid learning rate: ${d.lr}`);
    if (!(em > 0 && em < 1 && 1 < ep)) throw new ValueError(`Invalid eta values: ${pyFloat(em)}, ${pyFloat(ep)}`);
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
   * @param closure - reevaluates the model and returns the loss (optional).
   * @returns what `closure` returned, or undefined.
   */
  step<T>(closure?: Closure<T>): T | undefined {
    const loss = this.evalClosure(closure);
    for (const g of this.paramGroups) {
      this.nativeStep(g.params, ["step", "prev", "step_size"], (ps, st) =>
        native.rpropStep(ps, st, {
          lr: g.lr,
          etaMinus: g.etas[0],
          etaPlus: g.etas[1],
          stepSizeMin: g.stepSizes[0],
          stepSizeMax: g.stepSizes[1],
          maximize: g.maximize,
        }),
      );
    }
    return loss;
  }
}
