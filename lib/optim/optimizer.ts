// Optimizer base: param groups with per-group options, state keyed by parameter, PyTorch's
// state_dict layout ({state: {index: {...}}, param_groups: [{..., params: [indices]}]}).

import { noGrad } from "../autograd";
import { tensor } from "../creation";
import { ValueError } from "../errors";
import { keep } from "../memory";
import { Tensor } from "../tensor";

/** A param group: its options, its parameters, and the lr a scheduler started from (initial_lr). */
export type ParamGroup<O> = O & { params: Tensor[]; initialLr?: number };
export interface OptimizerStateDict {
  state: Map<number, Record<string, Tensor | number>>;
  param_groups: Array<Record<string, unknown> & { params: number[] }>;
}

function camelToSnake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
function snakeToCamel(k: string): string {
  return k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

export abstract class Optimizer<O extends { lr: number }> {
  paramGroups: Array<ParamGroup<O>> = [];
  state = new Map<Tensor, Record<string, Tensor | undefined>>();
  protected readonly defaults: O;

  // Subclasses check their hyper-parameters before calling this, as PyTorch's optimizers do.
  constructor(params: Iterable<Tensor> | Array<Partial<O> & { params: Iterable<Tensor> }>, defaults: O) {
    this.defaults = defaults;
    if (params === null || typeof params !== "object" || !(Symbol.iterator in (params as object))) {
      throw new TypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${params === null ? "null" : typeof params}`,
      );
    }
    const list = [...(params as Iterable<unknown>)];
    if (list.length === 0) throw new ValueError("optimizer got an empty parameter list");
    const groups = (list[0] instanceof Tensor ? [{ params: list as Tensor[] }] : list) as Array<
      Partial<O> & { params: Iterable<Tensor> }
    >;
    for (const g of groups) this.addParamGroup(g);
  }

  addParamGroup(group: Partial<O> & { params: Iterable<Tensor> }): void {
    if (group === null || typeof group !== "object") throw new TypeError("param group must be a dict");
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    for (const p of params) {
      if (!(p instanceof Tensor))
        throw new TypeError(
          `optimizer can only optimize Tensors, but one of the params is ${p === null ? "null" : typeof p}`,
        );
      if (!p.isLeaf) throw new ValueError("can't optimize a non-leaf Tensor");
    }
    if (new Set(params).size !== params.length) {
      console.warn(
        "optimizer contains a parameter group with duplicate parameters; in future, this will cause an error",
      );
    }
    const seen = new Set(this.paramGroups.flatMap((g) => g.params));
    if (params.some((p) => seen.has(p)))
      throw new ValueError("some parameters appear in more than one parameter group");
    for (const k of this.required) {
      if (!(k in group) || (group as Record<string, unknown>)[k] === undefined)
        throw new ValueError(
          `parameter group didn't specify a value of required optimization parameter ${camelToSnake(k)}`,
        );
    }
    const full = { ...this.defaults, ...group, params } as ParamGroup<O>;
    this.paramGroups.push(full);
  }

  /** Options without a default (PyTorch's `required`): every group must set them. */
  protected get required(): readonly string[] {
    return [];
  }
  abstract step(): void;

  zeroGrad(opts: { setToNone?: boolean } = {}): void {
    const setToNone = opts.setToNone ?? true;
    for (const g of this.paramGroups) {
      for (const p of g.params) {
        if (setToNone) {
          p.grad = null;
          continue;
        }
        const gr = p.grad;
        if (gr) {
          gr.detach_().zero_();
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
      return out;
    });
    const state = new Map<number, Record<string, Tensor | number>>();
    for (const [p, s] of this.state) {
      const entry: Record<string, Tensor> = {};
      for (const [k, v] of Object.entries(s)) if (v) entry[k] = v;
      state.set(index.get(p)!, entry);
    }
    return { state, param_groups: groups };
  }

  loadStateDict(
    sd:
      | OptimizerStateDict
      | { state: Record<string, Record<string, Tensor | number>>; param_groups: OptimizerStateDict["param_groups"] },
  ): void {
    const groups = sd.param_groups;
    if (!Array.isArray(groups) || groups.length !== this.paramGroups.length)
      throw new ValueError("loaded state dict has a different number of parameter groups");
    groups.forEach((g, i) => {
      if (g.params.length !== this.paramGroups[i].params.length) {
        throw new ValueError(
          "loaded state dict contains a parameter group that doesn't match the size of optimizer's group",
        );
      }
    });
    const byIndex = new Map<number, Tensor>();
    groups.forEach((g, i) => {
      g.params.forEach((id, k) => {
        byIndex.set(Number(id), this.paramGroups[i].params[k]);
      });
    });
    const entries: Array<[number, Record<string, Tensor | number>]> =
      sd.state instanceof Map ? [...sd.state] : Object.entries(sd.state).map(([k, v]) => [Number(k), v]);
    noGrad(() => {
      // Copy first, free the old state after: the dict being loaded may hold this optimizer's own tensors.
      const fresh = new Map<Tensor, Record<string, Tensor>>();
      for (const [id, s] of entries) {
        const p = byIndex.get(id);
        if (!p) continue;
        const entry: Record<string, Tensor> = {};
        for (const [k, v] of Object.entries(s)) {
          // PyTorch < 1.12 checkpoints keep `step` as a number; PyTorch 1.13 turns it into a float32 scalar.
          if (k === "step" && typeof v === "number") {
            entry[k] = keep(tensor(v, { dtype: "float32" }));
            continue;
          }
          const t = v instanceof Tensor ? v : null;
          if (!t) continue;
          // step stays a float32 scalar; the rest follows the parameter's dtype and device.
          entry[k] = keep(k === "step" ? t.to("float32").clone() : t.to(p.device, { dtype: p.dtype }).clone());
        }
        fresh.set(p, entry);
      }
      for (const old of this.state.values()) for (const t of Object.values(old)) t?.dispose();
      this.state.clear();
      for (const [p, e] of fresh) this.state.set(p, e);
    });
    groups.forEach((g, i) => {
      for (const [k, v] of Object.entries(g))
        if (k !== "params") (this.paramGroups[i] as Record<string, unknown>)[snakeToCamel(k)] = v;
    });
  }
}
