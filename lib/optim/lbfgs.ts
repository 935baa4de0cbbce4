// L-BFGS, as torch.optim.LBFGS 1.13 runs it without a line search: every vector operation is a
// tensor op in libtorch (flat gradients, dot products, the two-loop recursion); this file keeps the
// control flow, and keeps Python's mix of float and 0-dim tensor values where PyTorch has it (the first
// step size, H_diag, ro and alpha are tensors), so that the numbers stay PyTorch's.

import { enableGrad, noGrad } from "../autograd";
import { cat, zeros } from "../creation";
import { NotImplementedError, ValueError } from "../errors";
import { Tensor } from "../tensor";
import { type Closure, checkHyper, mergeOptions, Optimizer, optimizerOptions, type ParamsArg } from "./optimizer";

/** Options of {@link LBFGS}: PyTorch's keyword arguments in camelCase; other keys are TypeErrors. */
export interface LBFGSOptions {
  /** Learning rate (default 1). */
  lr: number;
  /** Maximal iterations per step (default 20). */
  maxIter: number;
  /** Maximal function evaluations per step (default maxIter * 1.25). */
  maxEval: number | null;
  /** Termination tolerance on first-order optimality (default 1e-7). */
  toleranceGrad: number;
  /** Termination tolerance on function value / parameter changes (default 1e-9). */
  toleranceChange: number;
  /** Update history size (default 100). */
  historySize: number;
  /** Only null here: "strong_wolfe" is not implemented yet (a NotImplementedError). */
  lineSearchFn: "strong_wolfe" | null;
}
const LBFGS_KEYS = [
  "lr",
  "maxIter",
  "maxEval",
  "toleranceGrad",
  "toleranceChange",
  "historySize",
  "lineSearchFn",
] as const;

/** A Python float or a 0-dim tensor, as the values of torch.optim.LBFGS are. */
type Num = number | Tensor;
const scalar = (v: Num): number => (v instanceof Tensor ? (v.item() as number) : v);
const truthy = (v: Tensor): boolean => v.item() as boolean;

interface LBFGSState {
  funcEvals: number;
  nIter: number;
  d?: Tensor;
  t?: Num;
  oldDirs?: Tensor[];
  oldStps?: Tensor[];
  ro?: Tensor[];
  hDiag?: Num;
  prevFlatGrad?: Tensor;
  prevLoss?: number;
  al?: Array<Tensor | null>;
}

/**
 * optim.LBFGS: limited-memory BFGS over all parameters as one vector; `step(closure)` runs up to
 * `maxIter` iterations, calling `closure` (which must zero the grads, compute the loss, call backward and
 * return the loss) for every function evaluation. One parameter group only, as in PyTorch.
 */
export class LBFGS extends Optimizer<LBFGSOptions> {
  private readonly params: Tensor[];
  private lbfgs: LBFGSState = { funcEvals: 0, nIter: 0 };

  /** LBFGS(params, lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize, lineSearchFn) or LBFGS(params, {...}). */
  constructor(
    params: ParamsArg<LBFGSOptions>,
    lr?: number,
    maxIter?: number,
    maxEval?: number | null,
    toleranceGrad?: number,
    toleranceChange?: number,
    historySize?: number,
    lineSearchFn?: "strong_wolfe" | null,
  );
  constructor(params: ParamsArg<LBFGSOptions>, o?: Partial<LBFGSOptions>);
  constructor(params: ParamsArg<LBFGSOptions>, ...rest: unknown[]) {
    const o = optimizerOptions(rest, LBFGS_KEYS, "LBFGS", 7);
    const d = mergeOptions<LBFGSOptions>(
      {
        lr: 1,
        maxIter: 20,
        maxEval: null,
        toleranceGrad: 1e-7,
        toleranceChange: 1e-9,
        historySize: 100,
        lineSearchFn: null,
      },
      o,
    );
    checkHyper(d as unknown as Record<string, unknown>, [
      "lr",
      "maxIter",
      "toleranceGrad",
      "toleranceChange",
      "historySize",
    ]);
    if (d.maxEval === null) d.maxEval = Math.floor((d.maxIter * 5) / 4);
    super(params, d);
    if (this.paramGroups.length !== 1)
      throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups)");
    this.params = this.paramGroups[0]!.params;
    if (d.lineSearchFn !== null && d.lineSearchFn !== "strong_wolfe")
      throw new ValueError(`line_search_fn must be None or 'strong_wolfe', got ${String(d.lineSearchFn)}`);
  }

  private gatherFlatGrad(): Tensor {
    return cat(
      this.params.map((p) =>
        p.grad === null ? zeros([p.numel()], { dtype: p.dtype, device: p.device }) : p.grad.view(-1),
      ),
      0,
    );
  }

  private addGrad(stepSize: Num, update: Tensor): void {
    const alpha = scalar(stepSize);
    let offset = 0;
    for (const p of this.params) {
      const n = p.numel();
      p.add_(update.narrow(0, offset, n).viewAs(p), { alpha });
      offset += n;
    }
  }

  /**
   * Runs up to maxIter L-BFGS iterations; `closure` is required and is called with grad enabled.
   * @returns the loss of the first closure call.
   */
  step<T>(closure?: Closure<T>): T | undefined {
    if (typeof closure !== "function") throw new TypeError("LBFGS.step() requires a closure");
    const g = this.paramGroups[0]!;
    if (g.lineSearchFn === "strong_wolfe")
      throw new NotImplementedError("torchts's LBFGS has no strong_wolfe line search yet (line_search_fn=None works)");
    return noGrad(() => this.run(closure, g));
  }

  private run<T>(closure: Closure<T>, g: LBFGSOptions): T {
    const { lr, maxIter, toleranceGrad, toleranceChange, historySize } = g;
    const maxEval = g.maxEval ?? Math.floor((maxIter * 5) / 4);
    const st = this.lbfgs;
    const evaluate = () => enableGrad(closure);
    const origLoss = evaluate();
    let loss = Number(scalar(origLoss as unknown as Num));
    let currentEvals = 1;
    st.funcEvals += 1;
    let flatGrad = this.gatherFlatGrad();
    let optCond = truthy(flatGrad.abs().max().le(toleranceGrad));
    if (optCond) return origLoss;

    let { d, t, oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss } = st;
    let nIter = 0;
    while (nIter < maxIter) {
      nIter += 1;
      st.nIter += 1;
      if (st.nIter === 1) {
        d = flatGrad.neg();
        oldDirs = [];
        oldStps = [];
        ro = [];
        hDiag = 1;
      } else {
        const y = flatGrad.sub(prevFlatGrad as Tensor);
        const s = (d as Tensor).mul(t as Num);
        const ys = y.dot(s);
        if (truthy(ys.gt(1e-10))) {
          if (oldDirs!.length === historySize) {
            oldDirs!.shift();
            oldStps!.shift();
            ro!.shift();
          }
          oldDirs!.push(y);
          oldStps!.push(s);
          ro!.push(ys.reciprocal().mul(1.0));
          hDiag = ys.div(y.dot(y));
        }
        const numOld = oldDirs!.length;
        st.al ??= Array(historySize).fill(null);
        const al = st.al;
        const q = flatGrad.neg();
        for (let i = numOld - 1; i >= 0; i--) {
          al[i] = oldStps![i]!.dot(q).mul(ro![i]!);
          q.add_(oldDirs![i]!, { alpha: scalar((al[i] as Tensor).neg()) });
        }
        const r = q.mul(hDiag as Num);
        d = r;
        for (let i = 0; i < numOld; i++) {
          const be = oldDirs![i]!.dot(r).mul(ro![i]!);
          r.add_(oldStps![i]!, { alpha: scalar((al[i] as Tensor).sub(be)) });
        }
      }
      if (prevFlatGrad === undefined) prevFlatGrad = flatGrad.clone();
      else prevFlatGrad.copy_(flatGrad);
      prevLoss = loss;
      if (st.nIter === 1) {
        // Python's min(1., 1. / sum) * lr: the tensor when it is below 1, else the float 1.
        const inv = flatGrad.abs().sum().reciprocal().mul(1.0);
        t = truthy(inv.lt(1.0)) ? inv.mul(lr) : 1.0 * lr;
      } else {
        t = lr;
      }
      const gtd = flatGrad.dot(d as Tensor);
      if (truthy(gtd.gt(-toleranceChange))) break;
      let lsFuncEvals = 0;
      this.addGrad(t, d as Tensor);
      if (nIter !== maxIter) {
        loss = Number(scalar(evaluate() as unknown as Num));
        flatGrad = this.gatherFlatGrad();
        optCond = truthy(flatGrad.abs().max().le(toleranceGrad));
        lsFuncEvals = 1;
      }
      currentEvals += lsFuncEvals;
      st.funcEvals += lsFuncEvals;
      if (nIter === maxIter) break;
      if (currentEvals >= maxEval) break;
      if (optCond) break;
      if (truthy((d as Tensor).mul(t).abs().max().le(toleranceChange))) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }
    Object.assign(st, { d, t, oldDirs, oldStps, ro, hDiag, prevFlatGrad, prevLoss });
    return origLoss;
  }
}
