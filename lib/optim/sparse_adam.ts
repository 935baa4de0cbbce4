// SparseAdam: Adam for sparse gradients (nn.Embedding({ sparse: true })): the moments and parameters
// move only where the gradient has values. One native call per group and step (native/optim.cc),
// following torch.optim 1.13's SparseAdam op for op.

import { ValueError } from "../errors";
import { native } from "../native";
import { Tensor } from "../tensor";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link SparseAdam}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface SparseAdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Coefficients of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}
const KEYS = ["lr", "betas", "eps", "maximize"] as const;

// Python's repr of a number in SparseAdam's messages (0.0 for 0).
const pyNum = (x: number) => (Number.isInteger(x) ? `${x}.0` : String(x));

/**
 * optim.SparseAdam: the lazy Adam of PyTorch for sparse gradients; a dense gradient is PyTorch's error.
 *
 * Args: `params`, then PyTorch's positional `lr, betas, eps` or an options object ({@link SparseAdamOptions}).
 */
export class SparseAdam extends Optimizer<SparseAdamOptions> {
  /** SparseAdam(params, lr, betas, eps) or SparseAdam(params, {lr, ...}). */
  constructor(
    params: ParamsArg<SparseAdamOptions>,
    lr?: number,
    betas?: [number, number],
    eps?: number,
    o?: Partial<SparseAdamOptions>,
  );
  constructor(params: ParamsArg<SparseAdamOptions>, o?: Partial<SparseAdamOptions>);
  constructor(params: ParamsArg<SparseAdamOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, KEYS, "SparseAdam", 4);
    const d = mergeOptions<SparseAdamOptions>({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, maximize: false }, o);
    checkHyper(d as unknown as Record<string, unknown>, ["lr", "eps"]);
    if (!(d.lr > 0)) throw new ValueError(`Invalid learning rate: ${pyNum(d.lr)}`);
    if (!(d.eps > 0)) throw new ValueError(`Invalid epsilon value: ${pyNum(d.eps)}`);
    const b = d.betas;
    if (!Array.isArray(b) || b.length !== 2 || b.some((x) => typeof x !== "number"))
      throw new TypeError("betas must be a pair of numbers");
    if (!(b[0] >= 0 && b[0] < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${pyNum(b[0])}`);
    if (!(b[1] >= 0 && b[1] < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${pyNum(b[1])}`);
    // PyTorch refuses sparse parameters (only their gradients may be sparse), naming where they are.
    const list = Array.isArray(params) ? params : [...(params as Iterable<unknown>)];
    const sparse: string[] = [];
    list.forEach((p, i) => {
      if (p instanceof Tensor) {
        if (p.isSparse) sparse.push(String(i));
      } else if (p && typeof p === "object")
        for (const [j, q] of ((p as { params?: Tensor[] }).params ?? []).entries())
          if (q instanceof Tensor && q.isSparse) sparse.push(`[${i}, ${j}]`);
    });
    if (sparse.length > 0)
      throw new ValueError(
        `Sparse params at indices [${sparse.join(", ")}]: SparseAdam requires dense parameter tensors`,
      );
    super(list as ParamsArg<SparseAdamOptions>, d);
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { maximize: false };
  }
  protected get intStateKeys(): readonly string[] {
    return ["step"];
  }
  /**
   * Performs one optimization step on every parameter that has a gradient (a sparse one).
   *
   * @param closure - reevaluates the model and returns the loss (optional).
   * @returns what `closure` returned, or undefined.
   */
  step<T>(closure?: Closure<T>): T | undefined {
    const loss = this.evalClosure(closure);
    for (const g of this.paramGroups) {
      this.nativeStep(g.params, ["step", "exp_avg", "exp_avg_sq"], (ps, st) =>
        native.sparseAdamStep(ps, st, {
          lr: g.lr,
          beta1: g.betas[0],
          beta2: g.betas[1],
          eps: g.eps,
          maximize: g.maximize,
        }),
      );
    }
    return loss;
  }
}
