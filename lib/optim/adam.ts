// Adam and AdamW: one native call per parameter group and step, over ATen's multi-tensor ops or
// the fused CUDA kernel (native/optim.cc).

import { NotImplementedError, ValueError } from "../errors";
import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { pyFloat } from "../utils/pyrepr";
import { type Closure, checkHyper, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link Adam}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface AdamOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Coefficients of the running averages of the gradient and of its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** L2 penalty added to the gradient (default 0; AdamW: 1e-2, decoupled). */
  weightDecay: number;
  /** Use the AMSGrad variant, which keeps the maximum of the second-moment estimates (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
  /** Accepted for PyTorch's signature; torchts picks its multi-tensor path itself. */
  foreach: boolean | null;
  /** Keep the step count on the device so the step can be captured in a CUDA graph (default false). */
  capturable: boolean;
  /** Accepted for PyTorch's signature; only false is supported (true is NotImplementedError). */
  differentiable: boolean;
  /** Use the fused CUDA kernel where libtorch has one (default false). */
  fused: boolean;
}

// PyTorch 1.13's parameters: positional ones first (the count is the `positional` below).
const ADAM_KEYS = [
  "lr",
  "betas",
  "eps",
  "weightDecay",
  "amsgrad",
  "foreach",
  "maximize",
  "capturable",
  "differentiable",
  "fused",
] as const;
const ADAMW_KEYS = ["lr", "betas", "eps", "weightDecay", "amsgrad", "maximize", "foreach", "capturable"] as const;

/** Adam's (and NAdam's, RAdam's) lr/eps/betas/weight_decay checks, in PyTorch 1.13's order and wording. */
export function validateAdamLike(g: { lr: number; eps: number; betas: unknown; weightDecay: number }): void {
  checkHyper(g, ["lr", "eps", "weightDecay"]);
  if (!(g.lr >= 0)) throw new ValueError(`Invalid learning rate: ${g.lr}`);
  if (!(g.eps >= 0)) throw new ValueError(`Invalid epsilon value: ${g.eps}`);
  const b = g.betas as number[];
  if (!Array.isArray(b) || b.length !== 2 || b.some((x) => typeof x !== "number"))
    throw new TypeError("betas must be a pair of numbers");
  if (!(b[0]! >= 0 && b[0]! < 1)) throw new ValueError(`Invalid beta parameter at index 0: ${pyFloat(b[0]!)}`);
  if (!(b[1]! >= 0 && b[1]! < 1)) throw new ValueError(`Invalid beta parameter at index 1: ${pyFloat(b[1]!)}`);
  if (!(g.weightDecay >= 0)) throw new ValueError(`Invalid weight_decay value: ${g.weightDecay}`);
}

/**
 * optim.Adam: the Adam algorithm (adaptive moment estimation).
 *
 * Args: `params` (tensors, or param groups with their own options), then PyTorch's positional
 * `lr, betas, eps, weightDecay, amsgrad` or an options object ({@link AdamOptions}). Unknown option keys
 * are TypeErrors worded as Python's (`Adam.__init__() got an unexpected keyword argument 'learningRate'`).
 * Each step is one native call per parameter group (ATen's multi-tensor kernels, or the fused CUDA kernel).
 *
 * @example
 * ```ts
 * const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3, weightDecay: 1e-4 });
 * for (const [x, y] of loader) {
 *   optimizer.zeroGrad();
 *   lossFn.forward(model.forward(x), y).backward();
 *   optimizer.step();
 * }
 * // Per-group options, as PyTorch's param groups:
 * new optim.Adam([{ params: model.fc.parameters(), lr: 1e-2 }, { params: model.conv.parameters() }], { lr: 1e-3 });
 * ```
 */
export class Adam extends Optimizer<AdamOptions> {
  protected readonly decoupled: boolean = false;
  /** Adam(params, lr, betas, eps, weightDecay, amsgrad, {maximize, ...}) or Adam(params, {lr, ...}). */
  constructor(
    params: ParamsArg<AdamOptions>,
    lr?: number,
    betas?: [number, number],
    eps?: number,
    weightDecay?: number,
    amsgrad?: boolean,
    o?: Partial<AdamOptions>,
  );
  constructor(params: ParamsArg<AdamOptions>, o?: Partial<AdamOptions>);
  constructor(params: ParamsArg<AdamOptions>, ...rest: unknown[]) {
    const AdamW_ = new.target === AdamW || new.target.prototype instanceof AdamW;
    const keys = AdamW_ ? ADAMW_KEYS : ADAM_KEYS;
    const o = optimizerOptions(rest, keys, AdamW_ ? "AdamW" : "Adam", 5) as Partial<AdamOptions>;
    const d = {
      lr: 1e-3,
      betas: [0.9, 0.999] as [number, number],
      eps: 1e-8,
      weightDecay: AdamW_ ? 1e-2 : 0,
      amsgrad: false,
      ...(AdamW_
        ? { foreach: null, maximize: false, capturable: false }
        : { maximize: false, foreach: null, capturable: false, differentiable: false, fused: false }),
    } as AdamOptions;
    for (const [k, v] of Object.entries(o)) if (v !== undefined) (d as unknown as Record<string, unknown>)[k] = v;
    validateAdamLike(d);
    if (d.differentiable)
      throw new NotImplementedError("torchts optimizers are not differentiable (differentiable=True)");
    super(params, d);
  }

  protected get groupFallbacks(): Record<string, unknown> {
    return { amsgrad: false, maximize: false, foreach: null, capturable: false, differentiable: false, fused: false };
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
      const ps = g.params;
      const st = ps.map((p) => this.state.get(p));
      const h = (k: string) => st.map((s) => s?.[k]?.handle);
      const created = native.adamStep(
        ps.map((p) => p.handle),
        {
          expAvgs: h("exp_avg"),
          expAvgSqs: h("exp_avg_sq"),
          maxExpAvgSqs: h("max_exp_avg_sq"),
          steps: h("step"),
          lr: g.lr,
          beta1: g.betas[0],
          beta2: g.betas[1],
          eps: g.eps,
          weightDecay: g.weightDecay,
          amsgrad: g.amsgrad,
          maximize: g.maximize,
          decoupled: this.decoupled,
        },
      );
      for (const [i, m, v, vmax, step] of created) {
        const s: Record<string, Tensor> = {
          step: keep(new Tensor(step)),
          exp_avg: keep(new Tensor(m)),
          exp_avg_sq: keep(new Tensor(v)),
        };
        if (vmax !== undefined) s.max_exp_avg_sq = keep(new Tensor(vmax));
        this.state.set(ps[i]!, s);
      }
    }
    return loss;
  }
}

/**
 * optim.AdamW: Adam with decoupled weight decay (the weights shrink by `lr * weightDecay` each step
 * instead of the decay being added to the gradient). Default `weightDecay` 1e-2; otherwise as {@link Adam}.
 */
export class AdamW extends Adam {
  protected readonly decoupled: boolean = true;
  protected get groupFallbacks(): Record<string, unknown> {
    return { amsgrad: false, maximize: false, foreach: null, capturable: false };
  }
}
