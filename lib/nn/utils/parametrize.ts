// torch.nn.utils.parametrize (torch/nn/utils/parametrize.py): a parameter or buffer replaced by the
// output of a chain of modules applied to an `original` tensor. As in PyTorch, the module's class is
// swapped for a per-module subclass "Parametrized<Class>" whose accessor for the name computes the
// chain (reads) or runs its right inverses (writes); the chain lives in module.parametrizations.
import { noGrad } from "../../autograd";
import { ValueError } from "../../errors";
import { Tensor } from "../../tensor";
import { checkKwargs } from "../../utils/kwargs";
import { pySize, pyTypename } from "../../utils/pyrepr";
import { Module } from "../module";
import { ModuleDict, ModuleList } from "../modules/container";
import { Parameter } from "../parameter";

type Attrs = Record<string, unknown>;
type Inverse = (value: unknown) => unknown;
// biome-ignore lint/suspicious/noExplicitAny: module classes take any constructor arguments.
type ModuleClass = abstract new (...args: any[]) => Module;

const pyType = (v: unknown): string =>
  v === null || v === undefined
    ? "NoneType"
    : Array.isArray(v)
      ? "list"
      : v instanceof Tensor
        ? "Tensor"
        : typeof v === "object"
          ? ((v as object).constructor?.name ?? "object")
          : pyTypename(v);
const dt = (t: Tensor) => `torch.${t.dtype}`;
const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((s, i) => s === b[i]);

// hasattr(module, "right_inverse"): a parametrization may define rightInverse.
function rightInverseOf(m: Module): Inverse | null {
  const f = (m as unknown as Attrs).rightInverse;
  return typeof f === "function" ? (f as Inverse).bind(m) : null;
}
// The parametrizations in order: the modules under "0", "1", ... (a nested parametrization adds a
// "parametrizations" entry to the list, which is not one of them).
function chainOf(list: ModuleList): Module[] {
  const out: Module[] = [];
  for (let i = 0; list._modules.has(String(i)); i++) out.push(list._modules.get(String(i)) as Module);
  return out;
}
const isNotImplemented = (e: unknown) => e instanceof Error && e.name === "NotImplementedError";

let cacheEnabled = 0;
let cache = new Map<Module, Map<string, Tensor>>();

/**
 * parametrize.cached(): runs `fn` with the parametrized tensors computed once and reused until `fn`
 * returns (PyTorch's context manager), e.g. a parametrized weight used by several steps of an RNN.
 */
export function cached<T>(fn: () => T): T {
  cacheEnabled++;
  try {
    return fn();
  } finally {
    cacheEnabled--;
    if (!cacheEnabled) cache = new Map();
  }
}

function registerParameterOrBuffer(module: Module, name: string, x: Tensor): void {
  if (x instanceof Parameter) module.registerParameter(name, x);
  else module.registerBuffer(name, x);
}

/**
 * The chain of parametrizations of one tensor (PyTorch's ParametrizationList): `original` (or
 * `original0`, `original1`, ... when the right inverse returns several tensors) and the modules
 * applied to it in order.
 */
export class ParametrizationList extends ModuleList {
  declare original: Tensor;
  /** Whether shape and dtype changes are allowed. */
  unsafe: boolean;
  /** Whether the right inverse gave one tensor (`original`) rather than several. */
  isTensor: boolean;
  /** How many original tensors there are. */
  ntensors: number;

  constructor(modules: Module[], original: Tensor, unsafe = false) {
    if (modules.length === 0) throw new ValueError("ParametrizationList requires one or more modules.");
    super(modules);
    this.unsafe = unsafe;
    const originalShape = original.shape;
    const originalDtype = original.dtype;
    // original -> right_inverse_n(...right_inverse_1(original)), where the modules define it.
    const created = noGrad(() => {
      let value: unknown = original;
      for (const m of chainOf(this).reverse()) {
        const inverse = rightInverseOf(m);
        if (inverse === null) continue;
        try {
          value = inverse(value);
        } catch (e) {
          if (!isNotImplemented(e)) throw e;
        }
      }
      return value;
    });
    if (!(created instanceof Tensor) && !Array.isArray(created)) {
      throw new ValueError(
        `'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). Got ${pyType(created)}`,
      );
    }
    this.isTensor = created instanceof Tensor;
    this.ntensors = created instanceof Tensor ? 1 : created.length;
    if (created instanceof Tensor) {
      if (original.dtype !== created.dtype) {
        throw new ValueError(
          "When `right_inverse` outputs one tensor, it may not change the dtype.\n" +
            `original.dtype: ${dt(original)}\nright_inverse(original).dtype: ${dt(created)}`,
        );
      }
      // The same object keeps being the parameter (optimizers holding it stay valid).
      noGrad(() => original.set_(created));
      registerParameterOrBuffer(this, "original", original);
    } else {
      created.forEach((item: unknown, i: number) => {
        if (!(item instanceof Tensor)) {
          throw new ValueError(
            "'right_inverse' must return a Tensor or a Sequence of tensors (list, tuple...). " +
              `Got element ${i} of the sequence with type ${pyType(item)}.`,
          );
        }
        const t = original instanceof Parameter ? new Parameter(item) : item;
        t.requiresGrad_(original.requiresGrad);
        registerParameterOrBuffer(this, `original${i}`, t);
      });
    }
    if (!this.unsafe) {
      const z: unknown = (this as unknown as { call(): unknown }).call();
      if (!(z instanceof Tensor)) throw new ValueError(`A parametrization must return a tensor. Got ${pyType(z)}.`);
      if (z.dtype !== originalDtype) {
        throw new ValueError(
          "Registering a parametrization may not change the dtype of the tensor, unless `unsafe` flag is enabled.\n" +
            `unparametrized dtype: torch.${originalDtype}\nparametrized dtype: ${dt(z)}`,
        );
      }
      // Against the shape before right_inverse, which may have changed the original's.
      if (!sameShape(z.shape, originalShape)) {
        throw new ValueError(
          "Registering a parametrization may not change the shape of the tensor, unless `unsafe` flag is enabled.\n" +
            `unparametrized shape: ${pySize(originalShape)}\nparametrized shape: ${pySize(z.shape)}`,
        );
      }
    }
  }

  /** Assigning to the parametrized tensor: the right inverses, last module first, set the originals. */
  rightInverse(value: unknown): void {
    noGrad(() => {
      for (const m of chainOf(this).reverse()) {
        const inverse = rightInverseOf(m);
        if (inverse === null)
          throw new Error(`parametrization ${m.constructor.name} does not implement right_inverse.`);
        value = inverse(value);
      }
      if (this.isTensor) {
        if (!(value instanceof Tensor))
          throw new ValueError(`\`right_inverse\` should return a tensor. Got ${pyType(value)}`);
        if (value.dtype !== this.original.dtype) {
          throw new ValueError(
            `The tensor returned by \`right_inverse\` has dtype ${dt(value)} while \`original\` has dtype ${dt(this.original)}`,
          );
        }
        this.original.set_(value);
        return;
      }
      if (!Array.isArray(value))
        throw new ValueError(`'right_inverse' must return a sequence of tensors. Got ${pyType(value)}.`);
      if (value.length !== this.ntensors) {
        throw new ValueError(
          `'right_inverse' must return a sequence of tensors of length ${this.ntensors}. Got a sequence of lenght ${value.length}.`,
        );
      }
      value.forEach((t: unknown, i: number) => {
        const originalI = (this as unknown as Attrs)[`original${i}`] as Tensor;
        if (!(t instanceof Tensor))
          throw new ValueError(
            `\`right_inverse\` must return a sequence of tensors. Got element ${i} of type ${pyType(t)}`,
          );
        if (originalI.dtype !== t.dtype) {
          throw new ValueError(
            `Tensor ${i} returned by \`right_inverse\` has dtype ${dt(t)} while \`original${i}\` has dtype ${dt(originalI)}`,
          );
        }
        originalI.set_(t);
      });
    });
  }

  /** The parametrized tensor: the first module on the original(s), each next module on the result. */
  // ModuleList types forward as never (it has none); this one computes the tensor.
  override forward(): never {
    const self = this as unknown as Attrs;
    const originals = this.isTensor
      ? [this.original]
      : Array.from({ length: this.ntensors }, (_, i) => self[`original${i}`] as Tensor);
    const chain = chainOf(this) as Array<Module & { call(...a: unknown[]): unknown }>;
    let x = chain[0].call(...originals);
    for (const m of chain.slice(1)) x = m.call(x);
    return x as never;
  }
}

const parametrizationsOf = (m: Module) => (m as unknown as { parametrizations?: unknown }).parametrizations;
const listOf = (m: Module, name: string) => (parametrizationsOf(m) as ModuleDict).get(name) as ParametrizationList;

// Python's `module.__class__ = Parametrized<Class>`: a subclass made for this module alone, holding
// the accessors of its parametrized names.
function injectNewClass(module: Module): void {
  const base = module.constructor as ModuleClass;
  const name = `Parametrized${base.name}`;
  const cls = { [name]: class extends (base as unknown as new () => object) {} }[name] as unknown as ModuleClass;
  Object.setPrototypeOf(module, cls.prototype);
}

function injectProperty(module: Module, tensorName: string): void {
  Object.defineProperty(Object.getPrototypeOf(module), tensorName, {
    configurable: true,
    enumerable: false,
    get(this: Module): Tensor {
      const list = listOf(this, tensorName);
      if (!cacheEnabled) return list.call() as Tensor;
      let own = cache.get(this);
      if (own === undefined) cache.set(this, (own = new Map()));
      let t = own.get(tensorName);
      if (t === undefined) {
        t = list.call() as Tensor;
        own.set(tensorName, t);
      }
      return t;
    },
    set(this: Module, value: unknown) {
      listOf(this, tensorName).rightInverse(value);
    },
  });
}

/**
 * parametrize.register_parametrization(module, tensorName, parametrization, { unsafe }): from now on
 * `module[tensorName]` is `parametrization.call(original)`, where `original` is the former parameter or
 * buffer (after the parametrization's `rightInverse`, if it has one). Registering on an already
 * parametrized name appends to its chain. The module's class becomes `Parametrized<Class>`.
 *
 * @example
 * ```ts
 * class Symmetric extends nn.Module { forward(x: Tensor) { return x.triu().add(x.triu(1).mT); } }
 * const layer = parametrize.registerParametrization(new nn.Linear(3, 3), "weight", new Symmetric());
 * layer.weight; // symmetric, computed from layer.parametrizations.weight.original
 * ```
 */
export function registerParametrization<M extends Module>(
  module: M,
  tensorName: string,
  parametrization: Module,
  opts: { unsafe?: boolean } = {},
): M {
  checkKwargs(opts, ["unsafe"], "register_parametrization");
  if (!(module instanceof Module)) throw new TypeError(`module must be a Module, got ${pyType(module)}`);
  if (typeof tensorName !== "string") throw new TypeError(`tensor_name must be a str, got ${pyType(tensorName)}`);
  if (!(parametrization instanceof Module))
    throw new TypeError(`parametrization must be a Module, got ${pyType(parametrization)}`);
  const unsafe = opts.unsafe ?? false;
  parametrization.train(module.training);
  if (isParametrized(module, tensorName)) {
    if (!unsafe) checkAppended(module, tensorName, parametrization);
    const list = listOf(module, tensorName);
    list.append(parametrization);
    list.unsafe ||= unsafe;
  } else if (module._buffers.has(tensorName) || module._parameters.has(tensorName)) {
    const original = (module as unknown as Attrs)[tensorName] as Tensor;
    const list = new ParametrizationList([parametrization], original, unsafe);
    delete (module as unknown as Attrs)[tensorName];
    if (!isParametrized(module)) {
      injectNewClass(module);
      (module as unknown as Attrs).parametrizations = new ModuleDict();
    }
    injectProperty(module, tensorName);
    (parametrizationsOf(module) as ModuleDict).set(tensorName, list);
  } else {
    throw new ValueError(
      `Module '${module}' does not have a parameter, a buffer, or a parametrized element with name '${tensorName}'`,
    );
  }
  return module;
}

// A parametrization appended to a chain keeps the tensor's dtype and shape, and so does its inverse.
function checkAppended(module: Module, tensorName: string, parametrization: Module): void {
  const y = (module as unknown as Attrs)[tensorName] as Tensor;
  const x = (parametrization as Module & { call(a: unknown): unknown }).call(y);
  if (!(x instanceof Tensor)) throw new ValueError(`A parametrization must return a tensor. Got ${pyType(x)}.`);
  const unless = "unless the `unsafe` flag is enabled.\n";
  if (x.dtype !== y.dtype) {
    throw new ValueError(
      `Registering a parametrization may not change the dtype of the tensor, ${unless}` +
        `module.${tensorName}.dtype: ${dt(y)}\nparametrization(module.${tensorName}).dtype: ${dt(x)}`,
    );
  }
  if (!sameShape(x.shape, y.shape)) {
    throw new ValueError(
      `Registering a parametrization may not change the shape of the tensor, ${unless}` +
        `module.${tensorName}.shape: ${pySize(y.shape)}\nparametrization(module.${tensorName}).shape: ${pySize(x.shape)}`,
    );
  }
  const inverse = rightInverseOf(parametrization);
  if (inverse === null) return;
  let z: unknown;
  try {
    z = inverse(x);
  } catch (e) {
    if (isNotImplemented(e)) return;
    throw e;
  }
  if (!(z instanceof Tensor))
    throw new ValueError(`parametrization.right_inverse must return a tensor. Got: ${pyType(z)}`);
  const same = `The tensor returned by parametrization.right_inverse must have the same`;
  if (z.dtype !== y.dtype) {
    throw new ValueError(
      `${same} dtype as module.${tensorName}, ${unless}module.${tensorName}.dtype: ${dt(y)}\nreturned dtype: ${dt(z)}`,
    );
  }
  if (!sameShape(z.shape, y.shape)) {
    throw new ValueError(
      `${same} shape as module.${tensorName}, ${unless}` +
        `module.${tensorName}.shape: ${pySize(y.shape)}\nreturned shape: ${pySize(z.shape)}`,
    );
  }
}

/** parametrize.is_parametrized(module, tensorName?): whether the module (or that name of it) has a parametrization. */
export function isParametrized(module: Module, tensorName: string | null = null): boolean {
  const p = parametrizationsOf(module);
  if (!(p instanceof ModuleDict)) return false;
  return tensorName === null || tensorName === undefined ? p.length > 0 : p.has(tensorName);
}

/**
 * parametrize.remove_parametrizations(module, tensorName, leaveParametrized = true): the name becomes a
 * parameter (or buffer) again, holding the parametrized value (or, with false, the original). With one
 * original tensor that is the same object as before registration. The class is restored once no name
 * is parametrized.
 */
export function removeParametrizations<M extends Module>(
  module: M,
  tensorName: string,
  leaveParametrized: boolean | { leaveParametrized?: boolean } = true,
): M {
  let leave = leaveParametrized;
  if (typeof leave === "object" && leave !== null) {
    checkKwargs(leave, ["leaveParametrized"], "remove_parametrizations");
    leave = leave.leaveParametrized ?? true;
  }
  if (!isParametrized(module, tensorName))
    throw new ValueError(`Module ${module} does not have a parametrization on ${tensorName}`);
  const list = listOf(module, tensorName);
  let original: Tensor;
  if (list.isTensor) {
    original = list.original;
    if (leave) {
      const t = noGrad(() => (module as unknown as Attrs)[tensorName] as Tensor);
      noGrad(() => original.set_(t));
    }
  } else {
    if (!leave) {
      throw new ValueError(
        "Cannot leave unparametrized (`leave_parametrized=False`) a tensor that is parametrized in terms of a sequence of tensors.",
      );
    }
    const t = (module as unknown as Attrs)[tensorName] as Tensor;
    original = t.requiresGrad ? new Parameter(t) : t;
  }
  Reflect.deleteProperty(Object.getPrototypeOf(module), tensorName);
  const dict = parametrizationsOf(module) as ModuleDict;
  dict.delete(tensorName);
  registerParameterOrBuffer(module, tensorName, original);
  if (!isParametrized(module)) {
    delete (module as unknown as Attrs).parametrizations;
    Object.setPrototypeOf(module, Object.getPrototypeOf(Object.getPrototypeOf(module)));
  }
  return module;
}

/** parametrize.type_before_parametrizations(module): the module's class before any parametrization. */
export function typeBeforeParametrizations(module: Module): ModuleClass {
  const cls = module.constructor as ModuleClass;
  return isParametrized(module) ? (Object.getPrototypeOf(cls) as ModuleClass) : cls;
}

/**
 * parametrize.transfer_parametrizations_and_params(fromModule, toModule, tensorName?): registers on
 * `toModule` the same parametrization modules as `fromModule` has (for one name or all), sharing the
 * original tensors, and creating the parameter first where `toModule` lacks it.
 */
export function transferParametrizationsAndParams<M extends Module>(
  fromModule: Module,
  toModule: M,
  tensorName: string | null = null,
): M {
  if (!isParametrized(fromModule)) return toModule;
  const from = parametrizationsOf(fromModule) as ModuleDict;
  const names = tensorName === null || tensorName === undefined ? from.keys() : [tensorName];
  const to = toModule as unknown as Attrs;
  for (const name of names) {
    if (!(name in toModule)) to[name] = new Parameter((fromModule as unknown as Attrs)[name] as Tensor);
    const fromList = from.get(name) as ParametrizationList;
    for (const p of fromList) registerParametrization(toModule, name, p);
    const toList = listOf(toModule, name) as unknown as Attrs;
    if ("original" in fromList) {
      toList.original = fromList.original;
    } else {
      for (let i = 0; `original${i}` in fromList; i++)
        toList[`original${i}`] = (fromList as unknown as Attrs)[`original${i}`];
    }
  }
  return toModule;
}
