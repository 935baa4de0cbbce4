// torch.nn.utils.stateless.functional_call (torch.func.functional_call in 2.x): a module called with some of
// its parameters, buffers or attributes replaced by the given values for that one call, as PyTorch 1.13's
// _reparametrize_module does (gradients flow to the given tensors; in-place buffer updates land in them;
// an attribute the forward assigns lands in the given dictionary, the module keeping its own).
import { Tensor } from "../../tensor";
import { warn } from "../../warnings";
import { Module } from "../module";

// One replaced name: where it lives, and what to put back.
interface Slot {
  path: string;
  owner: Module;
  name: string;
  value: Tensor | null;
  // A registered parameter or buffer: its dictionary and entry.
  map: Map<string, unknown> | null;
  original: unknown;
  // A plain attribute (or none): the own property it had, if any.
  descriptor: PropertyDescriptor | undefined;
}

const attributeError = (message: string) => Object.assign(new Error(message), { name: "AttributeError" });

function resolve(module: Module, path: string): [Module, string] {
  const parts = path.split(".");
  let m = module;
  for (const p of parts.slice(0, -1)) {
    const child = m._modules.get(p);
    if (!(child instanceof Module)) throw attributeError(`'${m.constructor.name}' object has no attribute '${p}'`);
    m = child;
  }
  return [m, parts[parts.length - 1] as string];
}

const registry = (owner: Module, name: string): Map<string, unknown> | null =>
  owner._parameters.has(name)
    ? (owner._parameters as Map<string, unknown>)
    : owner._buffers.has(name)
      ? (owner._buffers as Map<string, unknown>)
      : null;

// The value the name holds on its owner now.
function current(s: Slot): unknown {
  return s.map !== null ? s.map.get(s.name) : (s.owner as unknown as Record<string, unknown>)[s.name];
}

function restore(s: Slot): void {
  const owner = s.owner as unknown as Record<string, unknown>;
  if (s.map !== null) {
    s.map.set(s.name, s.original);
    return;
  }
  // A Parameter given for a plain name was registered by the assignment (Module.__setattr__).
  if (s.owner._parameters.has(s.name) || s.owner._buffers.has(s.name)) delete owner[s.name];
  if (s.descriptor === undefined) delete owner[s.name];
  else Object.defineProperty(owner, s.name, s.descriptor);
}

/**
 * functional_call(module, parametersAndBuffers, args, kwargs): `module.call(...args, kwargs)` with the named
 * parameters, buffers or attributes ("fc.weight", "bn.running_mean", null for none) replaced by the given
 * values during the call, then restored. `args` is the tuple of positional arguments (one non-array value
 * is one argument); `kwargs`, when given, is passed last (torchts's keyword-arguments object). A name the
 * forward assigns (`this.foo = ...`) keeps the module's own value: the new one goes into
 * `parametersAndBuffers`, as with PyTorch 1.13.
 */
export function functionalCall(
  module: Module,
  parametersAndBuffers: Record<string, Tensor | null> | Map<string, Tensor | null>,
  args: unknown,
  kwargs?: Record<string, unknown> | null,
): unknown {
  if (!(module instanceof Module)) throw new TypeError("functional_call expects an nn.Module");
  const given = parametersAndBuffers;
  const entries = given instanceof Map ? [...given] : Object.entries(given);
  const slots: Slot[] = [];
  const replacedBy = new Map<unknown, Tensor | null>();
  try {
    for (const [path, value] of entries) {
      if (value !== null && !(value instanceof Tensor))
        throw new TypeError(`expected a Tensor or null for '${path}', got ${typeof value}`);
      const [owner, name] = resolve(module, path);
      const map = registry(owner, name);
      const attrs = owner as unknown as Record<string, unknown>;
      const descriptor = Object.getOwnPropertyDescriptor(owner, name);
      const original =
        map !== null ? map.get(name) : descriptor && "value" in descriptor ? descriptor.value : undefined;
      // _check_tied_val_already_replaced: two names holding one tensor given two values.
      if (map !== null || (descriptor !== undefined && "value" in descriptor)) {
        const prev = replacedBy.get(original);
        if (!replacedBy.has(original)) replacedBy.set(original, value);
        else if (prev !== value)
          warn(
            "functional_call was passed multiple values for tied weights. This behavior is deprecated and will be an error in future versions",
          );
      }
      slots.push({ path, owner, name, value, map, original, descriptor });
      if (map !== null) map.set(name, value);
      // An own property: it shadows a getter of the class (a parametrized tensor's) without calling its setter.
      else Object.defineProperty(attrs, name, { value, writable: true, enumerable: true, configurable: true });
    }
    const call = (module as unknown as { call(...a: unknown[]): unknown }).call.bind(module);
    const positional = Array.isArray(args) ? args : [args];
    return kwargs === undefined || kwargs === null ? call(...positional) : call(...positional, kwargs);
  } finally {
    // What the forward assigned to a name goes into the given dictionary (the last path naming it).
    const seen = new Map<Module, Set<string>>();
    for (const s of [...slots].reverse()) {
      const names = seen.get(s.owner) ?? new Set<string>();
      seen.set(s.owner, names);
      if (names.has(s.name)) continue;
      names.add(s.name);
      const now = current(s);
      if (now !== s.value && (now === null || now instanceof Tensor)) {
        if (given instanceof Map) given.set(s.path, now);
        else given[s.path] = now;
      }
    }
    for (const s of slots.reverse()) restore(s);
  }
}
