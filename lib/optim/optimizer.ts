// Optimizer base: param groups with per-group options, state keyed by parameter, PyTorch's
// state_dict layout ({state: {index: {...}}, param_groups: [{..., params: [indices]}]}).

import { enableGrad, noGrad } from "../autograd";
import { tensor } from "../creation";
import { getDefaultDtype } from "../default_dtype";
import { ValueError } from "../errors";
import { keep } from "../memory";
import { type Handle, native, type OptimCreated, type OptimStateLists } from "../native";
import { RecordFunction } from "../profiler/autograd_profiler";
import { Tensor } from "../tensor";
import { bindArgs, checkKwargs } from "../utils/kwargs";
import { py, pyTypename } from "../utils/pyrepr";
import { ZERO_GRAD_SETS_NONE } from "../utils/version";

/** A param group: its options, its parameters, and the lr a scheduler started from (initial_lr). */
export type ParamGroup<O> = O & {
  /** The group's parameters. */
  params: Tensor[];
  /** The learning rate a scheduler started from (set by the first scheduler attached). */
  initialLr?: number;
};
/** What an optimizer takes: tensors, or param groups (dicts with `params` and per-group options). */
export type ParamsArg<O> = Iterable<Tensor> | Array<Partial<O> & { params: Iterable<Tensor> | Tensor }>;
/**
 * A state dict entry: tensors, Python numbers (RMSprop's int step), null (SGD's momentum_buffer=None), lists
 * of tensors (LBFGS's history).
 */
export type OptimizerStateValue = Tensor | number | null | Array<Tensor | null>;
/**
 * An optimizer's state dict, in PyTorch's layout (so torch.save writes what Python's optimizer.load_state_dict reads).
 */
export interface OptimizerStateDict {
  /** Per-parameter state (moments, step counts), keyed by the parameter's index over all groups. */
  state: Map<number, Record<string, OptimizerStateValue>>;
  /** Each group's options under PyTorch's snake_case names, with `params` as indices. */
  param_groups: Array<Record<string, unknown> & { params: number[] }>;
}
/** A closure as step(closure) takes it: reevaluates the model and returns the loss. */
export type Closure<T> = () => T;

function camelToSnake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
function snakeToCamel(k: string): string {
  return k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** Checks `v` is a number for the option `name` (a TypeError otherwise, as Python's comparison raises). */
export function checkHyper(o: Record<string, unknown>, names: readonly string[]): void {
  for (const k of names) {
    if (typeof o[k] !== "number") throw new TypeError(`${k} must be a number, got ${pyTypename(o[k])}`);
  }
}

/** The options with their values: defaults, overridden by what the caller gave (undefined is absent). */
export function mergeOptions<O>(defaults: O, given: Record<string, unknown>): O {
  const d = { ...defaults } as Record<string, unknown>;
  for (const [k, v] of Object.entries(given)) if (v !== undefined) d[k] = v;
  return d as O;
}

/**
 * The options of an optimizer constructor: PyTorch's positional arguments after `params` (the first
 * `positional` of `names`), an options object, or both; unknown keys are TypeErrors as in Python.
 */
export function optimizerOptions(
  rest: readonly unknown[],
  names: readonly string[],
  cls: string,
  positional: number,
): Record<string, unknown> {
  return bindArgs(rest, names, `${cls}.__init__`, 2, positional);
}

/**
 * torch.optim.Optimizer: the base class of the optimizers.
 *
 * Holds param groups (each with its own options), per-parameter state, and PyTorch's state-dict layout,
 * so checkpoints move between torchts and PyTorch.
 *
 * @example
 * ```ts
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * opt.paramGroups[0].lr = 0.01;       // per-group options are plain fields
 * torch.save(opt.stateDict(), "opt.pt");
 * ```
 */
export abstract class Optimizer<O extends { lr: number }> {
  /** The param groups: options and parameters (PyTorch's `param_groups`). */
  paramGroups: Array<ParamGroup<O>> = [];
  /** Per-parameter state, keyed by the parameter tensor. */
  state = new Map<Tensor, Record<string, Tensor | undefined>>();
  /** The constructor's options (PyTorch's optimizer.defaults). */
  readonly defaults: O;
  /** @internal optimizer.step() calls since a scheduler attached (PyTorch's _step_count). */
  _stepCount?: number;

  // Subclasses check their hyper-parameters before calling this, as PyTorch's optimizers do.
  constructor(params: ParamsArg<O>, defaults: O) {
    this.defaults = defaults;
    if (params instanceof Tensor) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${pyTypename(params)}`,
      );
    }
    if (params === null || typeof params !== "object" || !(Symbol.iterator in (params as object))) {
      throw new TypeError(`'${pyTypename(params)}' object is not iterable`);
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ValueError("optimizer got an empty parameter list");
    const isGroup = (v: unknown) => v !== null && typeof v === "object" && !(v instanceof Tensor);
    const groups = (isGroup(list[0]) ? list : [{ params: list }]) as Array<Partial<O> & { params: Iterable<Tensor> }>;
    for (const g of groups) this.addParamGroup(g);
    // As PyTorch's profile_hook_step: every step() is an "Optimizer.step#<class>.step" range in a profile.
    const step = this.step as (...args: unknown[]) => unknown;
    const stepName = `Optimizer.step#${new.target.name}.step`;
    this.step = ((...args: unknown[]) =>
      native.profilerEnabled()
        ? new RecordFunction(stepName).run(() => step.apply(this, args))
        : step.apply(this, args)) as this["step"];
  }

  /** PyTorch's key defaults for groups loaded from older state dicts (the optimizer's __setstate__). */
  protected get groupFallbacks(): Record<string, unknown> {
    return {};
  }
  /** State keys PyTorch 1.13 keeps as Python ints (held here as int64 scalars, saved as numbers). */
  protected get intStateKeys(): readonly string[] {
    return [];
  }
  /** State keys PyTorch 1.13 keeps as float32 scalars on the CPU (a number loaded there is converted). */
  protected get scalarStateKeys(): readonly string[] {
    return ["step"];
  }

  /** add_param_group: adds a group of parameters with its own options (missing ones from `defaults`). */
  addParamGroup(group: Partial<O> & { params: Iterable<Tensor> | Tensor }): void {
    if (group === null || typeof group !== "object" || Array.isArray(group) || group instanceof Tensor)
      throw new TypeError("param group must be a dict");
    const raw = group.params;
    if (raw === null || raw === undefined) throw new TypeError("param group must have 'params'");
    const params = raw instanceof Tensor ? [raw] : [...(raw as Iterable<Tensor>)];
    for (const p of params) {
      if (!(p instanceof Tensor))
        throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${pyTypename(p)}`);
      if (!p.isLeaf) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    for (const k of this.required) {
      if (!(k in group) || (group as Record<string, unknown>)[k] === undefined)
        throw new ValueError(
          `parameter group didn't specify a value of required optimization parameter ${camelToSnake(k)}`,
        );
    }
    if (new Set(params).size !== params.length) {
      process.emitWarning(
        "optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; " +
          "see github.com/pytorch/pytorch/issues/40967 for more information",
        "UserWarning",
      );
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p)))
      throw new ValueError("some parameters appear in more than one parameter group");
    const full = { ...(group as object), ...this.defaults } as Record<string, unknown>;
    for (const [k, v] of Object.entries(group)) if (v !== undefined) full[k] = v;
    full.params = params;
    this.paramGroups.push(full as ParamGroup<O>);
  }

  /** Options without a default (PyTorch's `required`): every group must set them. */
  protected get required(): readonly string[] {
    return [];
  }

  /** One optimization step; step(closure) reevaluates the loss first (with grad enabled) and returns it. */
  abstract step<T>(closure?: Closure<T>): T | undefined;

  /** Runs the closure of step(closure) with grad mode on, as torch.optim does. */
  protected evalClosure<T>(closure: Closure<T> | undefined): T | undefined {
    if (closure === undefined || closure === null) return undefined;
    if (typeof closure !== "function") throw new TypeError(`'${pyTypename(closure)}' object is not callable`);
    return enableGrad(closure);
  }

  /**
   * @internal Runs a native step over a group's parameters with the state under `keys` (one list per
   * key, one entry per parameter) and keeps the state entries the step created.
   */
  protected nativeStep(
    params: Tensor[],
    keys: readonly string[],
    run: (params: Handle[], state: OptimStateLists) => OptimCreated[],
  ): void {
    const st = params.map((p) => this.state.get(p));
    const lists: OptimStateLists = {};
    for (const k of keys) lists[k] = st.map((s) => s?.[k]?.handle);
    const created = run(
      params.map((p) => p.handle),
      lists,
    );
    for (const [i, entries] of created) {
      const p = params[i]!;
      const s = this.state.get(p) ?? {};
      for (const [k, h] of Object.entries(entries)) {
        s[k]?.dispose();
        s[k] = keep(new Tensor(h));
      }
      this.state.set(p, s);
    }
  }

  /** zero_grad: zeroes every parameter's gradient, or with setToNone sets it to null (default as the libtorch's PyTorch: false for 1.x, true for 2.x). */
  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    checkKwargs(opts, ["setToNone"], "zero_grad");
    const setToNone = opts.setToNone ?? ZERO_GRAD_SETS_NONE;
    if (native.profilerEnabled())
      new RecordFunction(`Optimizer.zero_grad#${this.constructor.name}.zero_grad`).run(() => this.zeroGrads(setToNone));
    else this.zeroGrads(setToNone);
  }
  private zeroGrads(setToNone: boolean): void {
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (setToNone) {
          p.grad = null;
          continue;
        }
        const gr = p.grad;
        if (gr) {
          if (gr.gradFn !== null) gr.detach_();
          else gr.requiresGrad_(false);
          gr.zero_();
          gr.dispose();
        }
      }
    }
  }

  /** The learning rate of the first group (a shortcut; each group has its own `lr`). */
  get lr(): number {
    return this.paramGroups[0]!.lr;
  }
  set lr(v: number) {
    for (const g of this.paramGroups) g.lr = v;
  }

  /** state_dict: the state and param groups in PyTorch's layout (parameters as indices). */
  stateDict(): OptimizerStateDict {
    const index = new Map<Tensor, number>();
    let next = 0;
    const groups = this.paramGroups.map((g) => {
      const out: Record<string, unknown> & { params: number[] } = { params: [] };
      for (const [k, v] of Object.entries(g)) if (k !== "params") out[camelToSnake(k)] = v;
      for (const p of g.params) {
        if (!index.has(p)) index.set(p, next++);
        out.params.push(index.get(p)!);
      }
      // PyTorch's key order: the options first, then params.
      const { params, ...rest } = out;
      return { ...rest, params };
    });
    const ints = this.intStateKeys;
    const state = new Map<number, Record<string, OptimizerStateValue>>();
    for (const [p, s] of this.state) {
      const entry: Record<string, OptimizerStateValue> = {};
      for (const [k, v] of Object.entries(s)) {
        if (v === undefined) entry[k] = null;
        else entry[k] = ints.includes(k) ? Number(v.item()) : v;
      }
      const i = index.get(p);
      if (i !== undefined) state.set(i, entry);
    }
    return { state, param_groups: groups };
  }

  /** load_state_dict: restores state and group options; groups and parameter counts must match, as in PyTorch. */
  loadStateDict(
    sd:
      | OptimizerStateDict
      | {
          state: Record<string, Record<string, OptimizerStateValue>> | Map<number, Record<string, OptimizerStateValue>>;
          param_groups: OptimizerStateDict["param_groups"];
        },
  ): void {
    if (sd === null || typeof sd !== "object") throw new TypeError(`Expected a state dict, got ${pyTypename(sd)}`);
    const groups = sd.param_groups;
    if (!Array.isArray(groups) || groups.length !== this.paramGroups.length)
      throw new ValueError("loaded state dict has a different number of parameter groups");
    groups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i]!.params.length) {
        throw new ValueError(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
    });
    const byIndex = new Map<number, Tensor>();
    groups.forEach((g, i) => {
      g.params.forEach((id, k) => {
        byIndex.set(Number(id), this.paramGroups[i]!.params[k]!);
      });
    });
    const entries: Array<[number, Record<string, OptimizerStateValue>]> =
      sd.state instanceof Map
        ? [...sd.state].map(([k, v]) => [Number(k), v])
        : Object.entries(sd.state ?? {}).map(([k, v]) => [Number(k), v]);
    const ints = this.intStateKeys;
    const scalars = this.scalarStateKeys;
    noGrad(() => {
      // Copies (PyTorch deep-copies the dict it loads). The old state is not freed here: a state dict
      // taken earlier may still hold it; it goes when nothing references it.
      const fresh = new Map<Tensor, Record<string, Tensor | undefined>>();
      for (const [id, s] of entries) {
        const p = byIndex.get(id);
        if (!p || s === null || typeof s !== "object") continue;
        const entry: Record<string, Tensor | undefined> = {};
        for (const [k, v] of Object.entries(s)) {
          if (v === null || v === undefined) entry[k] = undefined;
          else if (typeof v === "number") {
            // Older checkpoints keep these as numbers; PyTorch 1.13 turns them into scalar tensors.
            if (ints.includes(k)) entry[k] = keep(tensor(v, { dtype: "int64" }));
            else if (scalars.includes(k) || k === "mu_product")
              entry[k] = keep(tensor(v, { dtype: getDefaultDtype() }));
          } else if (v instanceof Tensor) {
            // `step` keeps its dtype and device; the rest follows the parameter's (float dtype only).
            if (k === "step") entry[k] = keep(v.clone());
            else {
              const dtype = p.isFloatingPoint() ? p.dtype : undefined;
              entry[k] = keep(v.to(p.device, { dtype }).clone());
            }
          }
        }
        fresh.set(p, entry);
      }
      this.state.clear();
      for (const [p, e] of fresh) this.state.set(p, e);
    });
    const fallbacks = this.groupFallbacks;
    groups.forEach((g, i) => {
      const params = this.paramGroups[i]!.params;
      const next: Record<string, unknown> = { ...fallbacks };
      for (const [k, v] of Object.entries(g)) if (k !== "params") next[snakeToCamel(k)] = v;
      next.params = params;
      this.paramGroups[i] = next as ParamGroup<O>;
    });
  }

  /** PyTorch's repr: every group's options, sorted by name. */
  toString(): string {
    let s = `${this.constructor.name} (`;
    this.paramGroups.forEach((g, i) => {
      s += `\nParameter Group ${i}\n`;
      const keys = Object.keys(g)
        .filter((k) => k !== "params")
        .sort((a, b) => (camelToSnake(a) < camelToSnake(b) ? -1 : 1));
      for (const k of keys) s += `    ${camelToSnake(k)}: ${py((g as Record<string, unknown>)[k])}\n`;
    });
    return `${s})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
