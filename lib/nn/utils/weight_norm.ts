// torch.nn.utils.weight_norm / remove_weight_norm (torch/nn/utils/weight_norm.py): a parameter split
// into a magnitude `<name>_g` and a direction `<name>_v`, recombined by aten::_weight_norm before each
// forward (a forward pre-hook), as PyTorch does.
import { callAten } from "../../aten";
import { noGrad } from "../../autograd";
import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import type { Module } from "../module";
import { Parameter, UninitializedParameter } from "../parameter";

type Attrs = Record<string, unknown>;

/** The forward pre-hook weight_norm registers (PyTorch's WeightNorm). */
export class WeightNorm {
  constructor(
    readonly name: string,
    readonly dim: number,
  ) {}
  /** `_weight_norm(v, g, dim)` from the module's current `<name>_v` and `<name>_g`. */
  computeWeight(module: Module): Tensor {
    const m = module as unknown as Attrs;
    return callAten("_weight_norm", "_weight_norm", undefined, [
      m[`${this.name}_v`],
      m[`${this.name}_g`],
      this.dim,
    ]) as Tensor;
  }
  /** @internal The hook itself: sets the recombined weight before forward. */
  hook(module: Module): void {
    setPlain(module, this.name, this.computeWeight(module));
  }
}

// setattr(module, name, tensor) for a name that is no longer a parameter: a plain attribute.
function setPlain(module: Module, name: string, value: unknown): void {
  (module as unknown as Attrs)[name] = value;
}

const hooks = new WeakMap<Module, WeightNorm[]>();

/**
 * weight_norm(module, name = "weight", dim = 0): reparameterizes `module[name]` as g * v / ||v|| (norm over
 * every dimension but `dim`; null: over all). Returns the module.
 */
export function weightNorm<M extends Module>(module: M, name = "weight", dim: number | null = 0): M {
  const registered = hooks.get(module) ?? [];
  if (registered.some((h) => h.name === name))
    throw new Error(`Cannot register two weight_norm hooks on the same parameter ${name}`);
  const fn = new WeightNorm(name, dim ?? -1);
  const weight = (module as unknown as Attrs)[name];
  if (weight instanceof UninitializedParameter)
    throw new ValueError(
      "The module passed to `WeightNorm` can't have uninitialized parameters. Make sure to run the dummy forward before applying weight normalization",
    );
  if (!(weight instanceof Parameter)) throw new TypeError(`module has no parameter '${name}'`);
  // del module._parameters[name]: then `name` is a plain attribute (the accessor goes too).
  Reflect.deleteProperty(module, name);
  const g = noGrad(() => callAten("norm_except_dim", "norm_except_dim", undefined, [weight, 2, fn.dim]) as Tensor);
  module.registerParameter(`${name}_g`, new Parameter(g.data));
  module.registerParameter(`${name}_v`, new Parameter(weight.data));
  setPlain(module, name, fn.computeWeight(module));
  const handle = module.registerForwardPreHook((m) => {
    fn.hook(m);
    return undefined;
  });
  hooks.set(module, [...registered, fn]);
  handles.set(fn, handle);
  return module;
}

const handles = new WeakMap<WeightNorm, { remove(): void }>();

/** remove_weight_norm(module, name = "weight"): folds g and v back into one parameter `name`. */
export function removeWeightNorm<M extends Module>(module: M, name = "weight"): M {
  const registered = hooks.get(module) ?? [];
  const fn = registered.find((h) => h.name === name);
  if (fn === undefined) throw new ValueError(`weight_norm of '${name}' not found in ${module.constructor.name}`);
  const weight = fn.computeWeight(module);
  Reflect.deleteProperty(module, name);
  Reflect.deleteProperty(module, `${name}_g`);
  Reflect.deleteProperty(module, `${name}_v`);
  module.registerParameter(name, new Parameter(weight.data));
  handles.get(fn)?.remove();
  hooks.set(
    module,
    registered.filter((h) => h !== fn),
  );
  return module;
}
