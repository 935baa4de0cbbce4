// Learning-rate schedulers as PyTorch 1.13's torch.optim.lr_scheduler: the chainable step() (each
// scheduler scales the lr the groups hold now), the closed forms used by step(epoch), state dicts
// with PyTorch's keys, and its warnings. Learning rates are plain JS numbers computed with the same
// operations in the same order as the Python code, so they come out as the same doubles.
//
// JS cannot set fields before super(): where a Python subclass sets its attributes and then calls
// _LRScheduler.__init__, a subclass here calls super(optimizer), sets its fields, then this._init().

import { KeyError, ValueError } from "../errors";
import { native } from "../native";
import { Tensor } from "../tensor";
import { bindArgs } from "../utils/kwargs";
import { pyTypename } from "../utils/pyrepr";
import { Optimizer } from "./optimizer";

/** The warning PyTorch prints when step() is given an epoch. */
export const EPOCH_DEPRECATION_WARNING =
  "The epoch parameter in `scheduler.step()` was not necessary and is being " +
  "deprecated where possible. Please use `scheduler.step()` to step the " +
  "scheduler. During the deprecation, if epoch is different from None, the " +
  "closed form is used instead of the new chainable form, where available. " +
  "Please open an issue if you are unable to replicate your use case: " +
  "https://github.com/pytorch/pytorch/issues/new/choose.";
const HOW_TO = "See more details at https://pytorch.org/docs/stable/optim.html#how-to-adjust-learning-rate";
const OVERRIDDEN_WARNING =
  "Seems like `optimizer.step()` has been overridden after learning rate scheduler initialization. " +
  `Please, make sure to call \`optimizer.step()\` before \`lr_scheduler.step()\`. ${HOW_TO}`;
const ORDER_WARNING =
  "Detected call of `lr_scheduler.step()` before `optimizer.step()`. In PyTorch 1.1.0 and later, you should " +
  "call them in the opposite order: `optimizer.step()` before `lr_scheduler.step()`.  Failure to do this will " +
  `result in PyTorch skipping the first value of the learning rate schedule. ${HOW_TO}`;
const GET_LR_WARNING = "To get the last learning rate computed by the scheduler, please use `get_last_lr()`.";

// Python's math.cos, float ** and math.log are libm's; V8's Math.cos/pow/log can differ in the last bit.
const cos = (x: number): number => native.libm("cos", x);
const pow = (x: number, y: number): number => native.libm("pow", x, y);
const log = (x: number): number => native.libm("log", x);

type AnyOptimizer = Optimizer<{ lr: number }>;
type Group = Record<string, unknown> & { lr: number; initialLr?: number };
type Counted = ((...args: unknown[]) => unknown) & { _withCounter?: boolean };

/** A UserWarning, as Python's warnings.warn (Node prints it once per distinct text and scheduler). */
function warn(owner: { _warned?: Set<string> }, message: string): void {
  owner._warned ??= new Set();
  if (owner._warned.has(message)) return;
  owner._warned.add(message);
  process.emitWarning(message, "UserWarning");
}

function groupsOf(o: AnyOptimizer): Group[] {
  return o.paramGroups as unknown as Group[];
}

/** Python's bisect.bisect_right on a sorted list. */
function bisectRight(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** str(x) of a Python number in "%.4e" (the verbose messages). */
function sci4(x: number): string {
  return x.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
}

function checkOptimizer(o: unknown): AnyOptimizer {
  if (!(o instanceof Optimizer)) {
    const plain = o !== null && typeof o === "object" && Object.getPrototypeOf(o) === Object.prototype;
    throw new TypeError(`${plain ? "dict" : pyTypename(o)} is not an Optimizer`);
  }
  return o as AnyOptimizer;
}

/** A value or one value per param group (_format_param). */
function formatParam(name: string, groups: number, v: number | number[]): number[] {
  if (Array.isArray(v)) {
    if (v.length !== groups) throw new ValueError(`expected ${groups} values for ${name}, got ${v.length}`);
    return [...v];
  }
  return Array.from({ length: groups }, () => v);
}

/** A state dict value as PyTorch holds it: numbers, strings, lists, dicts (Maps for int keys), null. */
export type SchedulerStateValue =
  | number
  | string
  | boolean
  | null
  | SchedulerStateValue[]
  | Map<number, number>
  | { [k: string]: SchedulerStateValue };
/** A scheduler's state dict: its fields under PyTorch's names. */
export type SchedulerStateDict = Record<string, SchedulerStateValue>;

// camelCase field -> PyTorch attribute, where camelToSnake would not give it.
const PY_NAMES: Record<string, string> = { tMax: "T_max", t0: "T_0", tI: "T_i", tMult: "T_mult", tCur: "T_cur" };
function pyName(k: string): string {
  return PY_NAMES[k] ?? k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
function jsName(k: string): string {
  for (const [js, py] of Object.entries(PY_NAMES)) if (py === k) return js;
  const lead = k.startsWith("_") ? "_" : "";
  return lead + k.slice(lead.length).replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function copyValue<T>(v: T): T {
  if (Array.isArray(v)) return v.map(copyValue) as T;
  if (v instanceof Map) return new Map(v) as T;
  if (v !== null && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copyValue(x)])) as T;
  }
  return v;
}

/**
 * PyTorch's _LRScheduler (LRScheduler since 2.0). A subclass calls super(optimizer), sets its own
 * fields, then this._init(lastEpoch, verbose) (which takes the first step), and implements getLr().
 */
export abstract class LRScheduler {
  /** The optimizer whose learning rates are scheduled. */
  optimizer: AnyOptimizer;
  /** The index of the last epoch (step count); -1 before the first step. */
  lastEpoch = -1;
  /** Each group's initial learning rate (its `initialLr`). */
  baseLrs: number[] = [];
  /** Print a message at each update (deprecated in PyTorch, kept for its signature). */
  verbose = false;
  /** @internal */ _stepCount = 0;
  /** @internal */ _getLrCalledWithinStep = false;
  /** @internal */ _lastLr: number[] = [];
  /** @internal */ _warned?: Set<string>;

  constructor(optimizer: AnyOptimizer) {
    this.optimizer = optimizer;
  }

  /** The attributes a state dict holds besides the base ones, in PyTorch's order (camelCase). */
  protected stateFields(): string[] {
    return [];
  }

  /** _LRScheduler.__init__: initial_lr, base_lrs, the optimizer.step counter, the first step. */
  protected _init(lastEpoch: number, verbose: boolean): void {
    const optimizer = checkOptimizer(this.optimizer);
    if (typeof lastEpoch !== "number" || !Number.isInteger(lastEpoch))
      throw new TypeError(`last_epoch must be an integer, got ${pyTypename(lastEpoch)}`);
    const groups = groupsOf(optimizer);
    if (lastEpoch === -1) {
      for (const g of groups) if (g.initialLr === undefined) g.initialLr = g.lr;
    } else {
      groups.forEach((g, i) => {
        if (g.initialLr === undefined)
          throw new KeyError(`param 'initial_lr' is not specified in param_groups[${i}] when resuming an optimizer`);
      });
    }
    this.baseLrs = groups.map((g) => g.initialLr!);
    this.lastEpoch = lastEpoch;
    // Counts optimizer.step() calls so step() can tell when it runs first (PyTorch's with_counter).
    const opt = optimizer as unknown as { step: Counted; _stepCount?: number };
    if (!opt.step._withCounter) {
      const original = opt.step;
      const wrapper: Counted = (...args: unknown[]) => {
        opt._stepCount = (opt._stepCount ?? 0) + 1;
        return original.apply(optimizer, args);
      };
      wrapper._withCounter = true;
      opt.step = wrapper;
    }
    this.verbose = verbose;
    this._initialStep();
  }

  /** @internal */
  _initialStep(): void {
    (this.optimizer as unknown as { _stepCount: number })._stepCount = 0;
    this._stepCount = 0;
    this.step();
  }

  protected get groups(): Group[] {
    return groupsOf(this.optimizer);
  }

  /** The chainable form: the lrs for this.lastEpoch from the lrs the groups hold now. */
  abstract getLr(): number[];
  /** The closed form used by step(epoch), where the scheduler has one. */
  protected closedFormLr?(): number[];

  /** Warns as PyTorch's get_lr() does when called outside step(). */
  protected checkGetLr(): void {
    if (!this._getLrCalledWithinStep) warn(this, GET_LR_WARNING);
  }

  /** Prints the learning rate of group `group`, as PyTorch's print_lr when verbose. */
  printLr(isVerbose: boolean, group: number, lr: number, epoch?: number): void {
    if (!isVerbose) return;
    if (epoch === undefined) console.log(`Adjusting learning rate of group ${group} to ${sci4(lr)}.`);
    else {
      const e = Number.isInteger(epoch) ? String(epoch).padStart(5, "0") : epoch.toFixed(2);
      console.log(`Epoch ${e}: adjusting learning rate of group ${group} to ${sci4(lr)}.`);
    }
  }

  /** step() advances one epoch; step(epoch) (deprecated in PyTorch) jumps to `epoch` with the closed form. */
  step(epoch?: number): void {
    if (this._stepCount === 1) {
      const opt = this.optimizer as unknown as { step: Counted; _stepCount?: number };
      if (!opt.step._withCounter) warn(this, OVERRIDDEN_WARNING);
      else if ((opt._stepCount ?? 0) < 1) warn(this, ORDER_WARNING);
    }
    this._stepCount++;
    let values: number[];
    this._getLrCalledWithinStep = true;
    try {
      if (epoch === undefined || epoch === null) {
        this.lastEpoch++;
        values = this.getLr();
      } else {
        if (typeof epoch !== "number") throw new TypeError(`epoch must be a number, got ${pyTypename(epoch)}`);
        warn(this, EPOCH_DEPRECATION_WARNING);
        this.lastEpoch = epoch;
        values = this.closedFormLr ? this.closedFormLr() : this.getLr();
      }
    } finally {
      this._getLrCalledWithinStep = false;
    }
    const groups = this.groups;
    for (let i = 0; i < Math.min(groups.length, values.length); i++) {
      groups[i]!.lr = values[i]!;
      this.printLr(this.verbose, i, values[i]!, epoch ?? undefined);
    }
    this._lastLr = groups.map((g) => g.lr);
  }

  /** The lrs this scheduler set at its last step (a later scheduler may have changed the groups'). */
  getLastLr(): number[] {
    return [...this._lastLr];
  }

  /** state_dict(): every attribute but the optimizer, under PyTorch's names. */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    const self = this as unknown as Record<string, SchedulerStateValue>;
    for (const k of [
      ...this.stateFields(),
      "baseLrs",
      "lastEpoch",
      "verbose",
      "_stepCount",
      "_getLrCalledWithinStep",
      "_lastLr",
    ]) {
      out[pyName(k)] = copyValue(self[k]!);
    }
    return out;
  }

  /** load_state_dict(): sets the attributes the dict names (PyTorch's __dict__.update). */
  loadStateDict(stateDict: SchedulerStateDict | Map<string, SchedulerStateValue>): void {
    const entries = stateDict instanceof Map ? [...stateDict] : Object.entries(stateDict);
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of entries) self[jsName(k)] = this.loadValue(jsName(k), copyValue(v));
  }

  /** A loaded value converted to the field's JS form (subclasses with non-plain fields override). */
  protected loadValue(_field: string, v: unknown): unknown {
    return v;
  }
}

/** PyTorch 1.13's name for LRScheduler. */
export { LRScheduler as _LRScheduler };

type Lambda = (epoch: number) => number;

function lambdasFor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[]): Lambda[] {
  const n = optimizer.paramGroups.length;
  if (!Array.isArray(lrLambda)) return Array.from({ length: n }, () => lrLambda);
  if (lrLambda.length !== n) throw new ValueError(`Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
  return [...lrLambda];
}

function callLambda(fn: Lambda, epoch: number): number {
  if (typeof fn !== "function") throw new TypeError(`'${pyTypename(fn)}' object is not callable`);
  return fn(epoch);
}

// The state of lr lambdas: null for plain functions, a copy of the own properties otherwise.
function lambdaState(fns: Lambda[]): SchedulerStateValue[] {
  return fns.map((fn) => {
    const own = Object.entries(fn);
    return own.length ? (copyValue(Object.fromEntries(own)) as SchedulerStateValue) : null;
  });
}

/** The options every scheduler takes after its own (PyTorch's last_epoch and verbose). */
export interface SchedulerOptions {
  /** The index of the last epoch (step count); -1 before the first step. */
  lastEpoch?: number;
  /** Print a message at each update (deprecated in PyTorch, kept for its signature). */
  verbose?: boolean;
}

/** What LambdaLR and MultiplicativeLR share: one function of the epoch per param group, saved when it is an object. */
abstract class LambdaScheduler extends LRScheduler {
  /** The functions of the epoch, one per param group. */
  lrLambdas: Lambda[];
  constructor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[], rest: unknown[], name: string) {
    const a = bindArgs(rest, ["lastEpoch", "verbose"], `${name}.__init__`, 3) as SchedulerOptions;
    super(optimizer);
    this.lrLambdas = lambdasFor(checkOptimizer(optimizer), lrLambda);
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  /** The scheduler's state under PyTorch's keys; a lambda is saved only when it is an object, as in PyTorch. */
  stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    sd.lr_lambdas = lambdaState(this.lrLambdas);
    return sd;
  }
  /** Restores the state from {@link LRScheduler.stateDict}'s output. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const { lr_lambdas: fns, ...rest } = stateDict;
    super.loadStateDict(rest);
    (Array.isArray(fns) ? fns : []).forEach((s, i) => {
      if (s !== null && typeof s === "object") Object.assign(this.lrLambdas[i]!, s);
    });
  }
}

/** lr = initial lr * lrLambda(epoch); one lambda, or one per param group. */
export class LambdaLR extends LambdaScheduler {
  constructor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[], lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[], o?: SchedulerOptions);
  constructor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[], ...rest: unknown[]) {
    super(optimizer, lrLambda, rest, "LambdaLR");
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    return this.baseLrs.map((b, i) => b * callLambda(this.lrLambdas[i]!, this.lastEpoch));
  }
}

/** lr = previous lr * lrLambda(epoch) (from the second epoch on). */
export class MultiplicativeLR extends LambdaScheduler {
  constructor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[], lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[], o?: SchedulerOptions);
  constructor(optimizer: AnyOptimizer, lrLambda: Lambda | Lambda[], ...rest: unknown[]) {
    super(optimizer, lrLambda, rest, "MultiplicativeLR");
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    if (this.lastEpoch > 0) return this.groups.map((g, i) => g.lr * callLambda(this.lrLambdas[i]!, this.lastEpoch));
    return this.groups.map((g) => g.lr);
  }
}

/** lr *= gamma every stepSize epochs. */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  stepSize: number;
  /** Multiplicative factor of the decay. */
  gamma: number;
  constructor(optimizer: AnyOptimizer, stepSize: number, gamma?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, stepSize: number, o?: SchedulerOptions & { gamma?: number });
  constructor(optimizer: AnyOptimizer, o: SchedulerOptions & { stepSize: number; gamma?: number });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["stepSize", "gamma", "lastEpoch", "verbose"],
      "StepLR.__init__",
      2,
    ) as unknown as SchedulerOptions & {
      stepSize: number;
      gamma?: number;
    };
    if (a.stepSize === undefined)
      throw new TypeError("StepLR.__init__() missing 1 required positional argument: 'step_size'");
    super(optimizer);
    this.stepSize = a.stepSize;
    this.gamma = a.gamma ?? 0.1;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["stepSize", "gamma"];
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pow(this.gamma, Math.floor(this.lastEpoch / this.stepSize)));
  }
}

/** lr *= gamma at each milestone (repeated milestones multiply again). */
export class MultiStepLR extends LRScheduler {
  /** PyTorch's Counter: milestone -> how often it was given. */
  milestones: Map<number, number>;
  /** Multiplicative factor of the decay. */
  gamma: number;
  constructor(optimizer: AnyOptimizer, milestones: number[], gamma?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, milestones: number[], o?: SchedulerOptions & { gamma?: number });
  constructor(optimizer: AnyOptimizer, o: SchedulerOptions & { milestones: number[]; gamma?: number });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["milestones", "gamma", "lastEpoch", "verbose"],
      "MultiStepLR.__init__",
      2,
    ) as unknown as SchedulerOptions & {
      milestones: number[];
      gamma?: number;
    };
    if (!Array.isArray(a.milestones)) throw new TypeError("MultiStepLR: milestones must be a list of integers");
    super(optimizer);
    this.milestones = new Map();
    for (const m of a.milestones) this.milestones.set(m, (this.milestones.get(m) ?? 0) + 1);
    this.gamma = a.gamma ?? 0.1;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["milestones", "gamma"];
  }
  protected loadValue(field: string, v: unknown): unknown {
    if (field !== "milestones" || v instanceof Map) return v;
    return new Map(Object.entries(v as Record<string, number>).map(([k, n]) => [Number(k), n]));
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    const c = this.milestones.get(this.lastEpoch);
    if (c === undefined) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * pow(this.gamma, c));
  }
  protected closedFormLr(): number[] {
    const sorted = [...this.milestones].flatMap(([m, c]) => Array.from({ length: c }, () => m)).sort((x, y) => x - y);
    return this.baseLrs.map((b) => b * pow(this.gamma, bisectRight(sorted, this.lastEpoch)));
  }
}

/** lr * factor until totalIters, then lr. */
export class ConstantLR extends LRScheduler {
  /** Factor applied to the learning rate. */
  factor: number;
  /** Steps over which the factor applies. */
  totalIters: number;
  constructor(optimizer: AnyOptimizer, factor?: number, totalIters?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, o?: SchedulerOptions & { factor?: number; totalIters?: number });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["factor", "totalIters", "lastEpoch", "verbose"],
      "ConstantLR.__init__",
      2,
    ) as unknown as SchedulerOptions & {
      factor?: number;
      totalIters?: number;
    };
    const factor = a.factor ?? 1.0 / 3;
    if (factor > 1.0 || factor < 0)
      throw new ValueError("Constant multiplicative factor expected to be between 0 and 1.");
    super(optimizer);
    this.factor = factor;
    this.totalIters = a.totalIters ?? 5;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["factor", "totalIters"];
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch > this.totalIters || this.lastEpoch !== this.totalIters) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1.0 / this.factor));
  }
  protected closedFormLr(): number[] {
    const after = this.lastEpoch >= this.totalIters ? 1 - this.factor : 0;
    return this.baseLrs.map((b) => b * (this.factor + after));
  }
}

/** The lr factor goes linearly from startFactor to endFactor over totalIters epochs. */
export class LinearLR extends LRScheduler {
  /** Factor applied at the first step. */
  startFactor: number;
  /** Factor reached after `totalIters` steps. */
  endFactor: number;
  /** Steps over which the factor applies. */
  totalIters: number;
  constructor(
    optimizer: AnyOptimizer,
    startFactor?: number,
    endFactor?: number,
    totalIters?: number,
    lastEpoch?: number,
    verbose?: boolean,
  );
  constructor(
    optimizer: AnyOptimizer,
    o?: SchedulerOptions & { startFactor?: number; endFactor?: number; totalIters?: number },
  );
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["startFactor", "endFactor", "totalIters", "lastEpoch", "verbose"],
      "LinearLR.__init__",
      2,
    ) as unknown as SchedulerOptions & { startFactor?: number; endFactor?: number; totalIters?: number };
    const start = a.startFactor ?? 1.0 / 3;
    const end = a.endFactor ?? 1.0;
    if (start > 1.0 || start < 0)
      throw new ValueError("Starting multiplicative factor expected to be between 0 and 1.");
    if (end > 1.0 || end < 0) throw new ValueError("Ending multiplicative factor expected to be between 0 and 1.");
    super(optimizer);
    this.startFactor = start;
    this.endFactor = end;
    this.totalIters = a.totalIters ?? 5;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["startFactor", "endFactor", "totalIters"];
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    const s = this.startFactor,
      e = this.endFactor,
      t = this.totalIters,
      k = this.lastEpoch;
    if (k === 0) return this.groups.map((g) => g.lr * s);
    if (k > t) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * (1 + (e - s) / (t * s + (k - 1) * (e - s))));
  }
  protected closedFormLr(): number[] {
    const s = this.startFactor,
      e = this.endFactor,
      t = this.totalIters;
    return this.baseLrs.map((b) => b * (s + ((e - s) * Math.min(t, this.lastEpoch)) / t));
  }
}

/** lr *= gamma every epoch. */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor of the decay. */
  gamma: number;
  constructor(optimizer: AnyOptimizer, gamma: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, gamma: number, o?: SchedulerOptions);
  constructor(optimizer: AnyOptimizer, o: SchedulerOptions & { gamma: number });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["gamma", "lastEpoch", "verbose"],
      "ExponentialLR.__init__",
      2,
    ) as unknown as SchedulerOptions & {
      gamma: number;
    };
    if (a.gamma === undefined)
      throw new TypeError("ExponentialLR.__init__() missing 1 required positional argument: 'gamma'");
    super(optimizer);
    this.gamma = a.gamma;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["gamma"];
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    if (this.lastEpoch === 0) return this.groups.map((g) => g.lr);
    return this.groups.map((g) => g.lr * this.gamma);
  }
  protected closedFormLr(): number[] {
    return this.baseLrs.map((b) => b * pow(this.gamma, this.lastEpoch));
  }
}

/** lr decays as (1 - epoch / totalIters) ** power. */
export class PolynomialLR extends LRScheduler {
  /** Steps over which the factor applies. */
  totalIters: number;
  /** Power of the polynomial. */
  power: number;
  constructor(optimizer: AnyOptimizer, totalIters?: number, power?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, o?: SchedulerOptions & { totalIters?: number; power?: number });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["totalIters", "power", "lastEpoch", "verbose"],
      "PolynomialLR.__init__",
      2,
    ) as unknown as SchedulerOptions & {
      totalIters?: number;
      power?: number;
    };
    super(optimizer);
    this.totalIters = a.totalIters ?? 5;
    this.power = a.power ?? 1.0;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["totalIters", "power"];
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    const k = this.lastEpoch,
      t = this.totalIters;
    if (k === 0 || k > t) return this.groups.map((g) => g.lr);
    const decay = pow((1.0 - k / t) / (1.0 - (k - 1) / t), this.power);
    return this.groups.map((g) => g.lr * decay);
  }
  protected closedFormLr(): number[] {
    const t = this.totalIters;
    return this.baseLrs.map((b) => b * pow(1.0 - Math.min(t, this.lastEpoch) / t, this.power));
  }
}

/** Cosine annealing from the initial lr to etaMin over tMax epochs (SGDR without restarts). */
export class CosineAnnealingLR extends LRScheduler {
  /** Steps of a half cosine period (PyTorch's T_max). */
  tMax: number;
  /** Minimum learning rate. */
  etaMin: number;
  constructor(optimizer: AnyOptimizer, tMax: number, etaMin?: number, lastEpoch?: number, verbose?: boolean);
  constructor(optimizer: AnyOptimizer, tMax: number, o?: SchedulerOptions & { etaMin?: number });
  constructor(optimizer: AnyOptimizer, o: SchedulerOptions & { tMax: number; etaMin?: number });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["tMax", "etaMin", "lastEpoch", "verbose"],
      "CosineAnnealingLR.__init__",
      2,
    ) as unknown as SchedulerOptions & {
      tMax: number;
      etaMin?: number;
    };
    if (a.tMax === undefined)
      throw new TypeError("CosineAnnealingLR.__init__() missing 1 required positional argument: 'T_max'");
    super(optimizer);
    this.tMax = a.tMax;
    this.etaMin = a.etaMin ?? 0;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["tMax", "etaMin"];
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    const e = this.lastEpoch,
      T = this.tMax,
      m = this.etaMin;
    if (e === 0) return this.groups.map((g) => g.lr);
    if (this._stepCount === 1 && e > 0) {
      return this.baseLrs.map((b) => m + ((b - m) * (1 + cos((e * Math.PI) / T))) / 2);
    }
    // Python's % (the result takes the divisor's sign).
    const mod = (a: number, n: number) => ((a % n) + n) % n;
    if (mod(e - 1 - T, 2 * T) === 0) {
      return this.groups.map((g, i) => g.lr + ((this.baseLrs[i]! - m) * (1 - cos(Math.PI / T))) / 2);
    }
    return this.groups.map((g) => ((1 + cos((Math.PI * e) / T)) / (1 + cos((Math.PI * (e - 1)) / T))) * (g.lr - m) + m);
  }
  protected closedFormLr(): number[] {
    const m = this.etaMin;
    return this.baseLrs.map((b) => m + ((b - m) * (1 + cos((Math.PI * this.lastEpoch) / this.tMax))) / 2);
  }
}

/** Cosine annealing with warm restarts every tI epochs (tI grows by tMult at each restart). */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** Steps until the first restart (PyTorch's T_0). */
  t0: number;
  /** Steps in the current period (PyTorch's T_i). */
  tI: number;
  /** Factor by which the period grows after each restart (PyTorch's T_mult). */
  tMult: number;
  /** Minimum learning rate. */
  etaMin: number;
  /** Steps since the last restart (PyTorch's T_cur). */
  tCur: number;
  constructor(
    optimizer: AnyOptimizer,
    t0: number,
    tMult?: number,
    etaMin?: number,
    lastEpoch?: number,
    verbose?: boolean,
  );
  constructor(optimizer: AnyOptimizer, t0: number, o?: SchedulerOptions & { tMult?: number; etaMin?: number });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["t0", "tMult", "etaMin", "lastEpoch", "verbose"],
      "CosineAnnealingWarmRestarts.__init__",
      2,
    ) as unknown as SchedulerOptions & { t0: number; tMult?: number; etaMin?: number };
    const tMult = a.tMult ?? 1;
    if (!Number.isInteger(a.t0) || a.t0 <= 0) throw new ValueError(`Expected positive integer T_0, but got ${a.t0}`);
    if (!Number.isInteger(tMult) || tMult < 1) throw new ValueError(`Expected integer T_mult >= 1, but got ${tMult}`);
    super(optimizer);
    this.t0 = a.t0;
    this.tI = a.t0;
    this.tMult = tMult;
    this.etaMin = a.etaMin ?? 0;
    this.tCur = a.lastEpoch ?? -1;
    this._init(a.lastEpoch ?? -1, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["t0", "tI", "tMult", "etaMin", "tCur"];
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    const m = this.etaMin;
    return this.baseLrs.map((b) => m + ((b - m) * (1 + cos((Math.PI * this.tCur) / this.tI))) / 2);
  }
  /** step(epoch) may take fractional epochs (epoch + i / iters); it is not deprecated here. */
  step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      epoch = this.lastEpoch + 1;
      this.tCur = this.tCur + 1;
      if (this.tCur >= this.tI) {
        this.tCur = this.tCur - this.tI;
        this.tI = this.tI * this.tMult;
      }
    } else {
      if (epoch < 0) throw new ValueError(`Expected non-negative epoch, but got ${epoch}`);
      if (epoch >= this.t0) {
        if (this.tMult === 1) this.tCur = epoch % this.t0;
        else {
          const n = Math.trunc(log((epoch / this.t0) * (this.tMult - 1) + 1) / log(this.tMult));
          this.tCur = epoch - (this.t0 * (pow(this.tMult, n) - 1)) / (this.tMult - 1);
          this.tI = this.t0 * pow(this.tMult, n);
        }
      } else {
        this.tI = this.t0;
        this.tCur = epoch;
      }
    }
    this.lastEpoch = Math.floor(epoch);
    this._getLrCalledWithinStep = true;
    try {
      const values = this.getLr();
      this.groups.forEach((g, i) => {
        g.lr = values[i]!;
        this.printLr(this.verbose, i, values[i]!, epoch);
      });
    } finally {
      this._getLrCalledWithinStep = false;
    }
    this._lastLr = this.groups.map((g) => g.lr);
  }
}

type AnyScheduler = LRScheduler;

/** Runs one scheduler after another: schedulers[i] from milestones[i - 1] on. */
export class SequentialLR extends LRScheduler {
  /** @internal */ _schedulers: AnyScheduler[];
  /** @internal */ _milestones: number[];
  constructor(
    optimizer: AnyOptimizer,
    schedulers: AnyScheduler[],
    milestones: number[],
    lastEpoch?: number,
    verbose?: boolean,
  );
  constructor(optimizer: AnyOptimizer, o: SchedulerOptions & { schedulers: AnyScheduler[]; milestones: number[] });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["schedulers", "milestones", "lastEpoch", "verbose"],
      "SequentialLR.__init__",
      2,
    ) as unknown as SchedulerOptions & {
      schedulers: AnyScheduler[];
      milestones: number[];
    };
    const schedulers = a.schedulers;
    if (!Array.isArray(schedulers) || !Array.isArray(a.milestones))
      throw new TypeError("SequentialLR takes a list of schedulers and a list of milestones");
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer)
        throw new ValueError(
          "Sequential Schedulers expects all schedulers to belong to the same optimizer, but " +
            `got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      if (s.optimizer !== schedulers[0]!.optimizer)
        throw new ValueError(
          "Sequential Schedulers expects all schedulers to belong to the same optimizer, but " +
            `got schedulers at index 0 and ${i} to be different.`,
        );
    });
    if (a.milestones.length !== schedulers.length - 1)
      throw new ValueError(
        "Sequential Schedulers expects number of schedulers provided to be one more " +
          "than the number of milestone points, but got number of schedulers " +
          `${schedulers.length} and the number of milestones to be equal to ${a.milestones.length}`,
      );
    super(optimizer);
    this._schedulers = schedulers;
    this._milestones = a.milestones;
    this.lastEpoch = (a.lastEpoch ?? -1) + 1;
    // Back to the initial lrs; undo the step the other schedulers took; first step of the first only.
    for (const g of this.groups) g.lr = g.initialLr!;
    for (const s of schedulers) s.lastEpoch -= 1;
    schedulers[0]!._initialStep();
    this._lastLr = schedulers[0]!.getLastLr();
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    return this._schedulers[bisectRight(this._milestones, this.lastEpoch)]!.getLr();
  }
  /** Advances the schedule by one step and sets the new learning rates. */
  step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this._milestones, this.lastEpoch);
    const s = this._schedulers[idx]!;
    if (idx > 0 && this._milestones[idx - 1] === this.lastEpoch) s.step(0);
    else s.step();
    this._lastLr = s.getLastLr();
  }
  /** The scheduler's state under PyTorch's keys, for checkpoints. */
  stateDict(): SchedulerStateDict {
    return {
      _milestones: [...this._milestones],
      last_epoch: this.lastEpoch,
      _last_lr: [...this._lastLr],
      _schedulers: this._schedulers.map((s) => s.stateDict()),
    };
  }
  /** Restores the state from {@link LRScheduler.stateDict}'s output. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const { _schedulers: inner, ...rest } = stateDict;
    super.loadStateDict(rest);
    (inner as SchedulerStateDict[]).forEach((s, i) => {
      this._schedulers[i]!.loadStateDict(s);
    });
  }
}

/** Steps several schedulers of one optimizer with one call. */
export class ChainedScheduler extends LRScheduler {
  /** @internal */ _schedulers: AnyScheduler[];
  constructor(schedulers: AnyScheduler[]) {
    if (!Array.isArray(schedulers) || schedulers.length === 0)
      throw new TypeError("ChainedScheduler takes a non-empty list of schedulers");
    for (let i = 1; i < schedulers.length; i++) {
      if (schedulers[i]!.optimizer !== schedulers[0]!.optimizer)
        throw new ValueError(
          "ChainedScheduler expects all schedulers to belong to the same optimizer, but " +
            `got schedulers at index 0 and ${i} to be different`,
        );
    }
    super(schedulers[0]!.optimizer);
    this._schedulers = [...schedulers];
    this._lastLr = groupsOf(this._schedulers[this._schedulers.length - 1]!.optimizer).map((g) => g.lr);
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    return this.groups.map((g) => g.lr);
  }
  /** Advances the schedule by one step and sets the new learning rates. */
  step(): void {
    for (const s of this._schedulers) s.step();
    this._lastLr = groupsOf(this._schedulers[this._schedulers.length - 1]!.optimizer).map((g) => g.lr);
  }
  /** The scheduler's state under PyTorch's keys, for checkpoints. */
  stateDict(): SchedulerStateDict {
    return { _last_lr: [...this._lastLr], _schedulers: this._schedulers.map((s) => s.stateDict()) };
  }
  /** Restores the state from {@link LRScheduler.stateDict}'s output. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const { _schedulers: inner, ...rest } = stateDict;
    super.loadStateDict(rest);
    (inner as SchedulerStateDict[]).forEach((s, i) => {
      this._schedulers[i]!.loadStateDict(s);
    });
  }
}

/** Options of {@link ReduceLROnPlateau}; other keys are TypeErrors. */
export interface ReduceLROnPlateauOptions {
  /** "min": reduce when the metric stops decreasing; "max": when it stops increasing. */
  mode?: "min" | "max";
  /** Factor applied to the learning rate. */
  factor?: number;
  /** Epochs without improvement to wait before reducing. */
  patience?: number;
  /** How much better a value must be to count as an improvement. */
  threshold?: number;
  /** "rel": improvement relative to the best value; "abs": absolute. */
  thresholdMode?: "rel" | "abs";
  /** Epochs to wait after a reduction before counting again. */
  cooldown?: number;
  /** Lower bound of the learning rate (one, or one per group). */
  minLr?: number | number[];
  /** Changes smaller than this are not applied. */
  eps?: number;
  /** Print a message at each update (deprecated in PyTorch, kept for its signature). */
  verbose?: boolean;
}

/** Multiplies the lr by factor when a metric has not improved for `patience` epochs. */
export class ReduceLROnPlateau {
  /** Factor applied to the learning rate. */
  factor: number;
  /** The optimizer whose learning rates are scheduled. */
  optimizer: AnyOptimizer;
  /** Lower bound of each group's learning rate. */
  minLrs: number[];
  /** Epochs without improvement to wait before reducing. */
  patience: number;
  /** Print a message at each update (deprecated in PyTorch, kept for its signature). */
  verbose: boolean;
  /** Epochs to wait after a reduction before counting again. */
  cooldown: number;
  /** Epochs left in the current cooldown. */
  cooldownCounter = 0;
  /** "min": reduce when the metric stops decreasing; "max": when it stops increasing. */
  mode: "min" | "max";
  /** How much better a value must be to count as an improvement. */
  threshold: number;
  /** "rel": improvement relative to the best value; "abs": absolute. */
  thresholdMode: "rel" | "abs";
  /** The best metric value seen. */
  best = Number.POSITIVE_INFINITY;
  /** Epochs since the last improvement. */
  numBadEpochs = 0;
  /** The worst value for `mode` (the initial `best`). */
  modeWorse = Number.POSITIVE_INFINITY;
  /** Changes smaller than this are not applied. */
  eps: number;
  /** The index of the last epoch (step count); -1 before the first step. */
  lastEpoch = 0;
  /** @internal */ _lastLr?: number[];
  /** @internal */ _warned?: Set<string>;

  constructor(optimizer: AnyOptimizer, mode?: "min" | "max", factor?: number, patience?: number, ...rest: unknown[]);
  constructor(optimizer: AnyOptimizer, o?: ReduceLROnPlateauOptions);
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const a = bindArgs(
      rest,
      ["mode", "factor", "patience", "threshold", "thresholdMode", "cooldown", "minLr", "eps", "verbose"],
      "ReduceLROnPlateau.__init__",
      2,
    ) as ReduceLROnPlateauOptions;
    const factor = a.factor ?? 0.1;
    if (factor >= 1.0) throw new ValueError("Factor should be < 1.0.");
    this.factor = factor;
    this.optimizer = checkOptimizer(optimizer);
    const n = optimizer.paramGroups.length;
    const minLr = a.minLr ?? 0;
    if (Array.isArray(minLr)) {
      if (minLr.length !== n) throw new ValueError(`expected ${n} min_lrs, got ${minLr.length}`);
      this.minLrs = [...minLr];
    } else this.minLrs = Array.from({ length: n }, () => minLr);
    this.patience = a.patience ?? 10;
    this.verbose = a.verbose ?? false;
    this.cooldown = a.cooldown ?? 0;
    this.mode = a.mode ?? "min";
    this.threshold = a.threshold ?? 1e-4;
    this.thresholdMode = a.thresholdMode ?? "rel";
    this.eps = a.eps ?? 1e-8;
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
    this.reset();
  }

  private reset(): void {
    this.best = this.modeWorse;
    this.cooldownCounter = 0;
    this.numBadEpochs = 0;
  }

  /** step(metric): the metric as a number or a one-element tensor. */
  step(metrics: number | Tensor, epoch?: number): void {
    const current = metrics instanceof Tensor ? Number(metrics.item()) : Number(metrics);
    if (typeof metrics !== "number" && !(metrics instanceof Tensor))
      throw new TypeError(`float() argument must be a string or a number, not '${pyTypename(metrics)}'`);
    if (epoch === undefined) epoch = this.lastEpoch + 1;
    else warn(this, EPOCH_DEPRECATION_WARNING);
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr(epoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this._lastLr = groupsOf(this.optimizer).map((g) => g.lr);
  }

  private reduceLr(epoch: number): void {
    groupsOf(this.optimizer).forEach((g, i) => {
      const oldLr = g.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]!);
      if (oldLr - newLr > this.eps) {
        g.lr = newLr;
        if (this.verbose) {
          const e = Number.isInteger(epoch) ? String(epoch).padStart(5, "0") : epoch.toFixed(2);
          console.log(`Epoch ${e}: reducing learning rate of group ${i} to ${sci4(newLr)}.`);
        }
      }
    });
  }

  /** Whether a cooldown is running. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether metric `a` improves on `best` under `mode` and `threshold`. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === "min" && this.thresholdMode === "rel") return a < best * (1 - this.threshold);
    if (this.mode === "min" && this.thresholdMode === "abs") return a < best - this.threshold;
    if (this.mode === "max" && this.thresholdMode === "rel") return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  private initIsBetter(mode: string, threshold: number, thresholdMode: string): void {
    if (mode !== "min" && mode !== "max") throw new ValueError(`mode ${mode} is unknown!`);
    if (thresholdMode !== "rel" && thresholdMode !== "abs")
      throw new ValueError(`threshold mode ${thresholdMode} is unknown!`);
    this.modeWorse = mode === "min" ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
  }

  /** The groups' lrs after the last step (their current lrs before the first). */
  getLastLr(): number[] {
    return this._lastLr ? [...this._lastLr] : groupsOf(this.optimizer).map((g) => g.lr);
  }

  /** The scheduler's state under PyTorch's keys, for checkpoints. */
  stateDict(): SchedulerStateDict {
    const out: SchedulerStateDict = {};
    const self = this as unknown as Record<string, SchedulerStateValue>;
    const keys = ["factor", "minLrs", "patience", "verbose", "cooldown", "cooldownCounter", "mode", "threshold"];
    keys.push("thresholdMode", "best", "numBadEpochs", "modeWorse", "eps", "lastEpoch");
    if (this._lastLr) keys.push("_lastLr");
    for (const k of keys) out[pyName(k)] = copyValue(self[k]!);
    return out;
  }

  /** Restores the state from {@link LRScheduler.stateDict}'s output. */
  loadStateDict(stateDict: SchedulerStateDict | Map<string, SchedulerStateValue>): void {
    const entries = stateDict instanceof Map ? [...stateDict] : Object.entries(stateDict);
    const self = this as unknown as Record<string, unknown>;
    for (const [k, v] of entries) self[jsName(k)] = copyValue(v);
    this.initIsBetter(this.mode, this.threshold, this.thresholdMode);
  }
}

/** CyclicLR's amplitude policy: constant, halved every cycle, or scaled by gamma^iteration. */
export type CyclicMode = "triangular" | "triangular2" | "exp_range";
/** Options of {@link CyclicLR}; other keys are TypeErrors. */
export interface CyclicLROptions extends SchedulerOptions {
  /** Steps in the increasing half of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Steps in the decreasing half (default: `stepSizeUp`). */
  stepSizeDown?: number | null;
  /** "min": reduce when the metric stops decreasing; "max": when it stops increasing. */
  mode?: CyclicMode;
  /** Multiplicative factor of the decay. */
  gamma?: number;
  /** A custom amplitude scaling policy of one argument (overrides `mode`). */
  scaleFn?: ((x: number) => number) | null;
  /** Whether `scaleFn` takes the cycle number or the iteration. */
  scaleMode?: "cycle" | "iterations";
  /** Cycle momentum inversely to the learning rate (default true). */
  cycleMomentum?: boolean;
  /** Lower momentum bound (default 0.8 / 0.85). */
  baseMomentum?: number | number[];
  /** Upper momentum bound (default 0.9 / 0.95). */
  maxMomentum?: number | number[];
}

/** Cycles the lr between baseLr and maxLr (and momentum inversely), one cycle per stepSizeUp + stepSizeDown. */
export class CyclicLR extends LRScheduler {
  /** Each group's upper learning-rate bound. */
  maxLrs: number[];
  /** Steps in one cycle. */
  totalSize: number;
  /** Share of a cycle spent increasing. */
  stepRatio: number;
  /** "min": reduce when the metric stops decreasing; "max": when it stops increasing. */
  mode: string;
  /** Multiplicative factor of the decay. */
  gamma: number;
  /** @internal */ _scaleFnCustom: ((x: number) => number) | null;
  /** Whether `scaleFn` takes the cycle number or the iteration. */
  scaleMode: "cycle" | "iterations";
  /** Cycle momentum inversely to the learning rate (default true). */
  cycleMomentum: boolean;
  /** Each group's lower momentum bound. */
  baseMomentums: number[] = [];
  /** Each group's upper momentum bound. */
  maxMomentums: number[] = [];

  constructor(optimizer: AnyOptimizer, baseLr: number | number[], maxLr: number | number[], o?: CyclicLROptions);
  constructor(optimizer: AnyOptimizer, o: CyclicLROptions & { baseLr: number | number[]; maxLr: number | number[] });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const names = [
      "baseLr",
      "maxLr",
      "stepSizeUp",
      "stepSizeDown",
      "mode",
      "gamma",
      "scaleFn",
      "scaleMode",
      "cycleMomentum",
      "baseMomentum",
      "maxMomentum",
      "lastEpoch",
      "verbose",
    ];
    const a = bindArgs(rest, names, "CyclicLR.__init__", 2) as unknown as CyclicLROptions & {
      baseLr: number | number[];
      maxLr: number | number[];
    };
    super(optimizer);
    checkOptimizer(optimizer);
    const groups = groupsOf(optimizer);
    const lastEpoch = a.lastEpoch ?? -1;
    const baseLrs = formatParam("base_lr", groups.length, a.baseLr);
    if (lastEpoch === -1) {
      baseLrs.forEach((lr, i) => {
        groups[i]!.lr = lr;
      });
    }
    this.maxLrs = formatParam("max_lr", groups.length, a.maxLr);
    const up = Number(a.stepSizeUp ?? 2000);
    const down = a.stepSizeDown === undefined || a.stepSizeDown === null ? up : Number(a.stepSizeDown);
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    const mode = a.mode ?? "triangular";
    const scaleFn = a.scaleFn ?? null;
    if (!["triangular", "triangular2", "exp_range"].includes(mode) && scaleFn === null)
      throw new ValueError("mode is invalid and scale_fn is None");
    this.mode = mode;
    this.gamma = a.gamma ?? 1.0;
    this._scaleFnCustom = scaleFn;
    this.scaleMode = scaleFn === null ? (mode === "exp_range" ? "iterations" : "cycle") : (a.scaleMode ?? "cycle");
    this.cycleMomentum = a.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      if (!("momentum" in optimizer.defaults))
        throw new ValueError("optimizer must support momentum with `cycle_momentum` option enabled");
      const baseMomentums = formatParam("base_momentum", groups.length, a.baseMomentum ?? 0.8);
      if (lastEpoch === -1) {
        baseMomentums.forEach((m, i) => {
          groups[i]!.momentum = m;
        });
      }
      this.baseMomentums = groups.map((g) => g.momentum as number);
      this.maxMomentums = formatParam("max_momentum", groups.length, a.maxMomentum ?? 0.9);
    }
    this._init(lastEpoch, a.verbose ?? false);
    this.baseLrs = baseLrs;
  }
  protected stateFields(): string[] {
    const f = ["maxLrs", "totalSize", "stepRatio", "mode", "gamma", "_scaleFnCustom", "scaleMode", "cycleMomentum"];
    return this.cycleMomentum ? [...f, "baseMomentums", "maxMomentums"] : f;
  }
  /** The scheduler's state under PyTorch's keys, for checkpoints. */
  stateDict(): SchedulerStateDict {
    const sd = super.stateDict();
    // A function cannot be saved: as PyTorch 2.x, the custom scale function's own properties or None.
    const fn = this._scaleFnCustom;
    sd._scale_fn_custom = fn && Object.keys(fn).length ? (copyValue({ ...fn }) as SchedulerStateValue) : null;
    return sd;
  }
  protected loadValue(field: string, v: unknown): unknown {
    if (field === "_scaleFnCustom") {
      if (v !== null && typeof v === "object" && this._scaleFnCustom) Object.assign(this._scaleFnCustom, v);
      return this._scaleFnCustom;
    }
    return v;
  }
  /** A custom amplitude scaling policy of one argument (overrides `mode`). */
  scaleFn(x: number): number {
    if (this._scaleFnCustom !== null) return this._scaleFnCustom(x);
    if (this.mode === "triangular") return 1.0;
    if (this.mode === "triangular2") return 1 / pow(2.0, x - 1);
    return pow(this.gamma, x);
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    const cycle = Math.floor(1 + this.lastEpoch / this.totalSize);
    const x = 1 + this.lastEpoch / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const arg = this.scaleMode === "cycle" ? cycle : this.lastEpoch;
    const lrs = this.baseLrs.map((base, i) => {
      const height = (this.maxLrs[i]! - base) * scaleFactor;
      return base + height * this.scaleFn(arg);
    });
    if (this.cycleMomentum) {
      const groups = this.groups;
      this.baseMomentums.forEach((base, i) => {
        const height = (this.maxMomentums[i]! - base) * scaleFactor;
        if (groups[i]) groups[i]!.momentum = this.maxMomentums[i]! - height * this.scaleFn(arg);
      });
    }
    return lrs;
  }
}

/** Options of {@link OneCycleLR}; other keys are TypeErrors. */
export interface OneCycleLROptions extends SchedulerOptions {
  /** Steps in the whole cycle (or give `epochs` and `stepsPerEpoch`). */
  totalSteps?: number | null;
  /** Epochs to train for, with `stepsPerEpoch`. */
  epochs?: number | null;
  /** Steps per epoch, with `epochs`. */
  stepsPerEpoch?: number | null;
  /** Share of the cycle spent increasing the learning rate (default 0.3). */
  pctStart?: number;
  /** "cos" (default) or "linear" annealing. */
  annealStrategy?: "cos" | "linear";
  /** Cycle momentum inversely to the learning rate (default true). */
  cycleMomentum?: boolean;
  /** Lower momentum bound (default 0.8 / 0.85). */
  baseMomentum?: number | number[];
  /** Upper momentum bound (default 0.9 / 0.95). */
  maxMomentum?: number | number[];
  /** Initial lr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** Minimum lr = initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Use a third phase that anneals to the minimum (default false). */
  threePhase?: boolean;
}
interface Phase {
  end_step: number;
  start_lr: string;
  end_lr: string;
  start_momentum: string;
  end_momentum: string;
}

/** The 1cycle policy: lr up from maxLr / divFactor to maxLr, then down far below the start. */
export class OneCycleLR extends LRScheduler {
  /** Steps in the whole cycle (or give `epochs` and `stepsPerEpoch`). */
  totalSteps: number;
  /** @internal */ _schedulePhases: Phase[];
  /** @internal */ _annealFuncType: "cos" | "linear";
  /** Cycle momentum inversely to the learning rate (default true). */
  cycleMomentum: boolean;
  /** Whether momentum is cycled through Adam's beta1 instead of `momentum`. */
  useBeta1 = false;

  constructor(optimizer: AnyOptimizer, maxLr: number | number[], o?: OneCycleLROptions);
  constructor(optimizer: AnyOptimizer, o: OneCycleLROptions & { maxLr: number | number[] });
  constructor(optimizer: AnyOptimizer, ...rest: unknown[]) {
    const names = [
      "maxLr",
      "totalSteps",
      "epochs",
      "stepsPerEpoch",
      "pctStart",
      "annealStrategy",
      "cycleMomentum",
      "baseMomentum",
      "maxMomentum",
      "divFactor",
      "finalDivFactor",
      "threePhase",
      "lastEpoch",
      "verbose",
    ];
    const a = bindArgs(rest, names, "OneCycleLR.__init__", 2) as unknown as OneCycleLROptions & {
      maxLr: number | number[];
    };
    super(optimizer);
    checkOptimizer(optimizer);
    const isPosInt = (v: unknown) => typeof v === "number" && Number.isInteger(v) && v > 0;
    const { totalSteps, epochs, stepsPerEpoch } = a;
    if (totalSteps == null && epochs == null && stepsPerEpoch == null)
      throw new ValueError("You must define either total_steps OR (epochs AND steps_per_epoch)");
    if (totalSteps != null) {
      if (!isPosInt(totalSteps)) throw new ValueError(`Expected positive integer total_steps, but got ${totalSteps}`);
      this.totalSteps = totalSteps;
    } else {
      if (!isPosInt(epochs)) throw new ValueError(`Expected positive integer epochs, but got ${epochs ?? "None"}`);
      if (!isPosInt(stepsPerEpoch))
        throw new ValueError(`Expected positive integer steps_per_epoch, but got ${stepsPerEpoch ?? "None"}`);
      this.totalSteps = epochs! * stepsPerEpoch!;
    }
    const pct = a.pctStart ?? 0.3;
    const T = this.totalSteps;
    this._schedulePhases = a.threePhase
      ? [
          phase(pct * T - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
          phase(2 * pct * T - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
          phase(T - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
        ]
      : [
          phase(pct * T - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
          phase(T - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
        ];
    if (typeof pct !== "number" || pct < 0 || pct > 1)
      throw new ValueError(`Expected float between 0 and 1 pct_start, but got ${pct}`);
    const strategy = a.annealStrategy ?? "cos";
    if (strategy !== "cos" && strategy !== "linear")
      throw new ValueError(`anneal_strategy must by one of 'cos' or 'linear', instead got ${strategy}`);
    this._annealFuncType = strategy;
    const groups = groupsOf(optimizer);
    const lastEpoch = a.lastEpoch ?? -1;
    const div = a.divFactor ?? 25;
    const finalDiv = a.finalDivFactor ?? 1e4;
    const maxLrs = formatParam("max_lr", groups.length, a.maxLr);
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i]! / div;
        g.maxLr = maxLrs[i];
        g.minLr = g.initialLr / finalDiv;
      });
    }
    this.cycleMomentum = a.cycleMomentum ?? true;
    if (this.cycleMomentum) {
      if (!("momentum" in optimizer.defaults) && !("betas" in optimizer.defaults))
        throw new ValueError("optimizer must support momentum with `cycle_momentum` option enabled");
      this.useBeta1 = "betas" in optimizer.defaults;
      const maxM = formatParam("max_momentum", groups.length, a.maxMomentum ?? 0.95);
      const baseM = formatParam("base_momentum", groups.length, a.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          if (this.useBeta1) g.betas = [maxM[i]!, ...(g.betas as number[]).slice(1)];
          else g.momentum = maxM[i];
          g.maxMomentum = maxM[i];
          g.baseMomentum = baseM[i];
        });
      }
    }
    this._init(lastEpoch, a.verbose ?? false);
  }
  protected stateFields(): string[] {
    return ["totalSteps", "_schedulePhases", "_annealFuncType", "cycleMomentum", "useBeta1"];
  }
  private anneal(start: number, end: number, pct: number): number {
    if (this._annealFuncType === "cos") {
      const cosOut = cos(Math.PI * pct) + 1;
      return end + ((start - end) / 2.0) * cosOut;
    }
    return (end - start) * pct + start;
  }
  /** The learning rates for the current step, one per param group (PyTorch's get_lr, closed form or chained). */
  getLr(): number[] {
    this.checkGetLr();
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps)
      throw new ValueError(
        `Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`,
      );
    // The phase dicts name group keys as PyTorch does ('initial_lr'); the groups hold them in camelCase.
    const get = (g: Group, k: string) => g[jsName(k)] as number;
    return this.groups.map((g) => {
      let start = 0;
      let lr = 0;
      let momentum = 0;
      for (let i = 0; i < this._schedulePhases.length; i++) {
        const ph = this._schedulePhases[i]!;
        const end = ph.end_step;
        if (stepNum <= end || i === this._schedulePhases.length - 1) {
          const pct = (stepNum - start) / (end - start);
          lr = this.anneal(get(g, ph.start_lr), get(g, ph.end_lr), pct);
          if (this.cycleMomentum) momentum = this.anneal(get(g, ph.start_momentum), get(g, ph.end_momentum), pct);
          break;
        }
        start = ph.end_step;
      }
      if (this.cycleMomentum) {
        if (this.useBeta1) g.betas = [momentum, ...(g.betas as number[]).slice(1)];
        else g.momentum = momentum;
      }
      return lr;
    });
  }
}

function phase(endStep: number, startLr: string, endLr: string, startM: string, endM: string): Phase {
  return { end_step: endStep, start_lr: startLr, end_lr: endLr, start_momentum: startM, end_momentum: endM };
}
