// L-BFGS, as torch.optim.LBFGS 1.13 runs it (with or without its strong Wolfe line search): every vector operation is a
// tensor op in libtorch (flat gradients, dot products, the two-loop recursion); this file keeps the
// control flow, and keeps Python's mix of float and 0-dim tensor values where PyTorch has it (the first
// step size, H_diag, ro and alpha are tensors), so that the numbers stay PyTorch's.

import { enableGrad, noGrad } from "../autograd";
import { cat, zeros } from "../creation";
import { ValueError } from "../errors";
import { keep } from "../memory";
import { Tensor } from "../tensor";
import {
  type Closure,
  checkHyper,
  mergeOptions,
  Optimizer,
  type OptimizerStateDict,
  type OptimizerStateValue,
  optimizerOptions,
  type ParamsArg,
} from "./optimizer";

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
  /** null (a fixed step of lr) or "strong_wolfe" (a line search meeting the strong Wolfe conditions). */
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

// Python's arithmetic on floats and 0-dim tensors: a tensor operand makes it a tensor op (with the
// reflected forms Python uses: n - T is T.__rsub__(n), n / T is T.reciprocal() * n), floats stay floats.
const add = (a: Num, b: Num): Num => (a instanceof Tensor ? a.add(b) : b instanceof Tensor ? b.add(a) : a + b);
const sub = (a: Num, b: Num): Num => (a instanceof Tensor ? a.sub(b) : b instanceof Tensor ? b.rsub(a) : a - b);
const mul = (a: Num, b: Num): Num => (a instanceof Tensor ? a.mul(b) : b instanceof Tensor ? b.mul(a) : a * b);
const div = (a: Num, b: Num): Num =>
  a instanceof Tensor ? a.div(b) : b instanceof Tensor ? b.reciprocal().mul(a) : a / b;
const abs = (a: Num): Num => (a instanceof Tensor ? a.abs() : Math.abs(a));
/** a < b, a <= b, ... as Python evaluates them (reflected onto the tensor side), then bool(). */
function cmp(a: Num, op: "<" | "<=" | ">" | ">=", b: Num): boolean {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    return op === "<" ? a < b : op === "<=" ? a <= b : op === ">" ? a > b : a >= b;
  }
  const flip = { "<": ">", "<=": ">=", ">": "<", ">=": "<=" } as const;
  const [t, o, other] = a instanceof Tensor ? [a, op, b] : [b as Tensor, flip[op], a];
  const r = o === "<" ? t.lt(other) : o === "<=" ? t.le(other) : o === ">" ? t.gt(other) : t.ge(other);
  return truthy(r);
}
/** Python's min(a, b) / max(a, b): the first unless the second is strictly smaller / larger. */
const pyMin = (a: Num, b: Num): Num => (cmp(b, "<", a) ? b : a);
const pyMax = (a: Num, b: Num): Num => (cmp(b, ">", a) ? b : a);

/** torch.optim.lbfgs._cubic_interpolate: the minimizer of the cubic through two points, within bounds. */
function cubicInterpolate(x1: Num, f1: Num, g1: Num, x2: Num, f2: Num, g2: Num, bounds?: [Num, Num]): Num {
  const [lo, hi] = bounds ?? (cmp(x1, "<=", x2) ? [x1, x2] : [x2, x1]);
  const d1 = sub(add(g1, g2), div(mul(3, sub(f1, f2)), sub(x1, x2)));
  const d2Square = sub((d1 as Tensor).pow(2), mul(g1, g2));
  if (cmp(d2Square, ">=", 0)) {
    const d2 = (d2Square as Tensor).sqrt();
    const minPos = cmp(x1, "<=", x2)
      ? sub(x2, mul(sub(x2, x1), div(sub(add(g2, d2), d1), add(sub(g2, g1), mul(2, d2)))))
      : sub(x1, mul(sub(x1, x2), div(sub(add(g1, d2), d1), add(sub(g1, g2), mul(2, d2)))));
    return pyMin(pyMax(minPos, lo), hi);
  }
  return div(add(lo, hi), 2.0);
}

type ObjFunc = (x: Tensor[], t: Num, d: Tensor) => [number, Tensor];

/** torch.optim.lbfgs._strong_wolfe: a line search for a step meeting the strong Wolfe conditions. */
function strongWolfe(
  objFunc: ObjFunc,
  x: Tensor[],
  t0: Num,
  d: Tensor,
  f: number,
  g0: Tensor,
  gtd: Tensor,
  c1 = 1e-4,
  c2 = 0.9,
  toleranceChange = 1e-9,
  maxLs = 25,
): [number, Tensor, Num, number] {
  let t = t0;
  const dNorm = d.abs().max();
  const g = g0.clone();
  let [fNew, gNew] = objFunc(x, t, d);
  let lsFuncEvals = 1;
  let gtdNew = gNew.dot(d);
  let tPrev: Num = 0;
  let fPrev = f;
  let gPrev = g;
  let gtdPrev: Num = gtd;
  let done = false;
  let lsIter = 0;
  let bracket: Num[] = [];
  let bracketF: number[] = [];
  let bracketG: Tensor[] = [];
  let bracketGtd: Num[] = [];
  while (lsIter < maxLs) {
    if (cmp(fNew, ">", add(f, mul(mul(c1, t), gtd))) || (lsIter > 1 && fNew >= fPrev)) {
      [bracket, bracketF, bracketG, bracketGtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew.clone()],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    if (cmp(abs(gtdNew), "<=", mul(-c2, gtd))) {
      [bracket, bracketF, bracketG] = [[t], [fNew], [gNew]];
      done = true;
      break;
    }
    if (cmp(gtdNew, ">=", 0)) {
      [bracket, bracketF, bracketG, bracketGtd] = [
        [tPrev, t],
        [fPrev, fNew],
        [gPrev, gNew.clone()],
        [gtdPrev, gtdNew],
      ];
      break;
    }
    const minStep = add(t, mul(0.01, sub(t, tPrev)));
    const maxStep = mul(t, 10);
    const tmp = t;
    t = cubicInterpolate(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, [minStep, maxStep]);
    tPrev = tmp;
    fPrev = fNew;
    gPrev = gNew.clone();
    gtdPrev = gtdNew;
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = gNew.dot(d);
    lsIter += 1;
  }
  if (lsIter === maxLs)
    [bracket, bracketF, bracketG] = [
      [0, t],
      [f, fNew],
      [g, gNew],
    ];

  let insufProgress = false;
  let [lowPos, highPos] = bracketF[0]! <= bracketF[bracketF.length - 1]! ? [0, 1] : [1, 0];
  const bMax = () => pyMax(bracket[0]!, bracket[1]!);
  const bMin = () => pyMin(bracket[0]!, bracket[1]!);
  while (!done && lsIter < maxLs) {
    if (cmp(mul(abs(sub(bracket[1]!, bracket[0]!)), dNorm), "<", toleranceChange)) break;
    t = cubicInterpolate(bracket[0]!, bracketF[0]!, bracketGtd[0]!, bracket[1]!, bracketF[1]!, bracketGtd[1]!);
    const eps = mul(0.1, sub(bMax(), bMin()));
    if (cmp(pyMin(sub(bMax(), t), sub(t, bMin())), "<", eps)) {
      if (insufProgress || cmp(t, ">=", bMax()) || cmp(t, "<=", bMin())) {
        t = cmp(abs(sub(t, bMax())), "<", abs(sub(t, bMin()))) ? sub(bMax(), eps) : add(bMin(), eps);
        insufProgress = false;
      } else {
        insufProgress = true;
      }
    } else {
      insufProgress = false;
    }
    [fNew, gNew] = objFunc(x, t, d);
    lsFuncEvals += 1;
    gtdNew = gNew.dot(d);
    lsIter += 1;
    if (cmp(fNew, ">", add(f, mul(mul(c1, t), gtd))) || fNew >= bracketF[lowPos]!) {
      bracket[highPos] = t;
      bracketF[highPos] = fNew;
      bracketG[highPos] = gNew.clone();
      bracketGtd[highPos] = gtdNew;
      [lowPos, highPos] = bracketF[0]! <= bracketF[1]! ? [0, 1] : [1, 0];
    } else {
      if (cmp(abs(gtdNew), "<=", mul(-c2, gtd))) {
        done = true;
      } else if (cmp(mul(gtdNew, sub(bracket[highPos]!, bracket[lowPos]!)), ">=", 0)) {
        bracket[highPos] = bracket[lowPos]!;
        bracketF[highPos] = bracketF[lowPos]!;
        bracketG[highPos] = bracketG[lowPos]!;
        bracketGtd[highPos] = bracketGtd[lowPos]!;
      }
      bracket[lowPos] = t;
      bracketF[lowPos] = fNew;
      bracketG[lowPos] = gNew.clone();
      bracketGtd[lowPos] = gtdNew;
    }
  }
  return [bracketF[lowPos]!, bracketG[lowPos]!, bracket[lowPos]!, lsFuncEvals];
}

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
      if (g.lineSearchFn !== null) {
        const xInit = this.params.map((p) => p.clone());
        const objFunc: ObjFunc = (x, step, dir) => {
          this.addGrad(step, dir);
          const l = Number(scalar(evaluate() as unknown as Num));
          const fg = this.gatherFlatGrad();
          for (const [i, p] of this.params.entries()) p.copy_(x[i] as Tensor);
          return [l, fg];
        };
        [loss, flatGrad, t, lsFuncEvals] = strongWolfe(objFunc, xInit, t, d as Tensor, loss, flatGrad, gtd);
        this.addGrad(t, d as Tensor);
        optCond = truthy(flatGrad.abs().max().le(toleranceGrad));
      } else {
        this.addGrad(t, d as Tensor);
        if (nIter !== maxIter) {
          loss = Number(scalar(evaluate() as unknown as Num));
          flatGrad = this.gatherFlatGrad();
          optCond = truthy(flatGrad.abs().max().le(toleranceGrad));
          lsFuncEvals = 1;
        }
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

  /**
   * state_dict(): PyTorch's layout, with the L-BFGS state (evaluation counts, direction, step, the
   * curvature history) under the first parameter's index, as torch.optim.LBFGS keeps it.
   */
  override stateDict(): OptimizerStateDict {
    const sd = super.stateDict();
    const st = this.lbfgs;
    sd.state = new Map();
    if (st.nIter === 0 && st.funcEvals === 0) return sd; // no step yet: PyTorch's state is empty
    const e: Record<string, OptimizerStateValue> = { func_evals: st.funcEvals, n_iter: st.nIter };
    if (st.al) e.al = st.al;
    const named: Array<[string, OptimizerStateValue | undefined]> = [
      ["d", st.d],
      ["t", st.t],
      ["old_dirs", st.oldDirs],
      ["old_stps", st.oldStps],
      ["ro", st.ro],
      ["H_diag", st.hDiag],
      ["prev_flat_grad", st.prevFlatGrad],
      ["prev_loss", st.prevLoss],
    ];
    for (const [k, v] of named) if (v !== undefined) e[k] = v;
    sd.state.set(0, e);
    return sd;
  }

  /** load_state_dict(): the options, and the L-BFGS state of a state dict from torchts or PyTorch (copied). */
  override loadStateDict(sd: Parameters<Optimizer<LBFGSOptions>["loadStateDict"]>[0]): void {
    super.loadStateDict(sd);
    this.state.clear();
    const all = sd.state instanceof Map ? sd.state : new Map(Object.entries(sd.state ?? {}));
    const s = (all.get(0 as never) ?? all.get("0" as never)) as Record<string, OptimizerStateValue> | undefined;
    const copy = (v: unknown): Tensor | undefined => (v instanceof Tensor ? keep(v.detach().clone()) : undefined);
    const copies = (v: unknown): Tensor[] | undefined =>
      Array.isArray(v) ? v.map((x) => copy(x) as Tensor) : undefined;
    const num = (v: unknown): Num | undefined =>
      v instanceof Tensor ? copy(v) : typeof v === "number" ? v : undefined;
    if (s === undefined || s === null) {
      this.lbfgs = { funcEvals: 0, nIter: 0 };
      return;
    }
    this.lbfgs = {
      funcEvals: Number(s.func_evals ?? 0),
      nIter: Number(s.n_iter ?? 0),
      d: copy(s.d),
      t: num(s.t),
      oldDirs: copies(s.old_dirs),
      oldStps: copies(s.old_stps),
      ro: copies(s.ro),
      hDiag: num(s.H_diag),
      prevFlatGrad: copy(s.prev_flat_grad),
      prevLoss: typeof s.prev_loss === "number" ? s.prev_loss : undefined,
      al: Array.isArray(s.al) ? s.al.map((x) => copy(x) ?? null) : undefined,
    };
  }
}
