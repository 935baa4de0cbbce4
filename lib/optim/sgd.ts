import { NotImplementedError, ValueError } from "../errors";
import { keep } from "../memory";
import { native } from "../native";
import { Tensor } from "../tensor";
import { type Closure, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link SGD}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface SGDOptions {
  /** Learning rate (required, as in PyTorch 1.13). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening of the momentum (default 0). */
  dampening: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Use Nesterov momentum (default false). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
  /** Accepted for PyTorch's signature; the step is one native call either way. */
  foreach: boolean | null;
  /** Accepted for PyTorch's signature; only false is supported (true is NotImplementedError). */
  differentiable: boolean;
}

const SGD_KEYS = [
  "lr",
  "momentum",
  "dampening",
  "weightDecay",
  "nesterov",
  "maximize",
  "foreach",
  "differentiable",
] as const;

/**
 * optim.SGD: stochastic gradient descent, optionally with (Nesterov) momentum.
 *
 * Args: `params`, then PyTorch's positional `lr, momentum, dampening, weightDecay, nesterov` or an
 * options object ({@link SGDOptions}). `lr` is required, as in PyTorch 1.13.
 */
export class SGD extends Optimizer<SGDOptions> {
  /**
   * SGD(params, lr, momentum, dampening, weightDecay, nesterov, {maximize, ...}) or SGD(params, {lr, ...}).
   * `lr` has no default (PyTorch's `required`): set it here or in every parameter group.
   */
  constructor(
    params: ParamsArg<SGDOptions>,
    lr?: number,
    momentum?: number,
    dampening?: number,
    weightDecay?: number,
    nesterov?: boolean,
    o?: Partial<SGDOptions>,
  );
  constructor(params: ParamsArg<SGDOptions>, o?: Partial<SGDOptions>);
  constructor(params: ParamsArg<SGDOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, SGD_KEYS, "SGD", 5) as Partial<SGDOptions>;
    const d = {
      lr: undefined as unknown as number,
      momentum: 0,
      dampening: 0,
      weightDecay: 0,
      nesterov: false,
      maximize: false,
      foreach: null,
      differentiable: false,
    } as SGDOptions;
    for (const [k, v] of Object.entries(o)) if (v !== undefined) (d as unknown as Record<string, unknown>)[k] = v;
    // PyTorch 1.13's checks, in its order and wording.
    for (const k of ["momentum", "dampening", "weightDecay"] as const)
      if (typeof d[k] !== "number") throw new TypeError(`${k} must be a number`);
    if (d.lr !== undefined && typeof d.lr !== "number") throw new TypeError("lr must be a number");
    if (d.lr !== undefined && d.lr < 0) throw new ValueError(`Invalid learning rate: ${d.lr}`);
    if (d.momentum < 0) throw new ValueError(`Invalid momentum value: ${d.momentum}`);
    if (d.weightDecay < 0) throw new ValueError(`Invalid weight_decay value: ${d.weightDecay}`);
    if (d.nesterov && (d.momentum <= 0 || d.dampening !== 0))
      throw new ValueError("Nesterov momentum requires a momentum and zero dampening");
    if (d.differentiable)
      throw new NotImplementedError("torchts optimizers are not differentiable (differentiable=True)");
    if (d.lr === undefined) delete (d as Partial<SGDOptions>).lr;
    super(params, d);
  }
  protected get required(): readonly string[] {
    return this.defaults.lr === undefined ? ["lr"] : [];
  }
  protected get groupFallbacks(): Record<string, unknown> {
    return { nesterov: false, maximize: false, foreach: null, differentiable: false };
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
      // PyTorch records momentum_buffer=None for a parameter that had a grad while momentum is 0;
      // only parameters without state yet need the look at .grad.
      const noState = g.momentum === 0 ? ps.filter((p) => !this.state.has(p) && p.grad !== null) : [];
      const bufs = ps.map((p) => this.state.get(p)?.momentum_buffer?.handle);
      const created = native.sgdStep(
        ps.map((p) => p.handle),
        {
          momentumBuffers: bufs,
          lr: g.lr,
          momentum: g.momentum,
          dampening: g.dampening,
          weightDecay: g.weightDecay,
          nesterov: g.nesterov,
          maximize: g.maximize,
        },
      );
      created.forEach((h, i) => {
        if (h !== undefined) this.state.set(ps[i]!, { momentum_buffer: keep(new Tensor(h)) });
      });
      for (const p of noState) this.state.set(p, { momentum_buffer: undefined });
    }
    return loss;
  }
}
