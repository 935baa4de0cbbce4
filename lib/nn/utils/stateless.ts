// torch.nn.utils.stateless.functional_call (torch.func.functional_call in 2.x): a module called with some of
// its parameters and buffers replaced by the given tensors for that one call, as PyTorch 1.13's
// _reparametrize_module does (gradients flow to the given tensors; in-place buffer updates land in them).
import { Tensor } from "../../tensor";
import { warn } from "../../warnings";
import { Module } from "../module";

type Slot = { owner: Module; name: string; map: Map<string, unknown>; original: unknown };

function resolve(module: Module, path: string): [Module, string] {
  const parts = path.split(".");
  let m = module;
  for (const p of parts.slice(0, -1)) {
    const child = m._modules.get(p);
    if (!(child instanceof Module)) throw new Error(`'${m.constructor.name}' object has no attribute '${p}'`);
    m = child;
  }
  return [m, parts[parts.length - 1] as string];
}

/**
 * functional_call(module, parametersAndBuffers, args): `module.call(...args)` with the named parameters and
 * buffers ("fc.weight", "bn.running_mean") replaced by the given tensors during the call, then restored.
 * `args` is the tuple of positional arguments (one non-array value is one argument).
 */
export function functionalCall(
  module: Module,
  parametersAndBuffers: Record<string, Tensor> | Map<string, Tensor>,
  args: unknown,
): unknown {
  if (!(module instanceof Module)) throw new TypeError("functional_call expects an nn.Module");
  const entries =
    parametersAndBuffers instanceof Map ? [...parametersAndBuffers] : Object.entries(parametersAndBuffers);
  const slots: Slot[] = [];
  const replacedBy = new Map<unknown, Tensor>();
  try {
    for (const [path, tensor] of entries) {
      if (!(tensor instanceof Tensor)) throw new TypeError(`expected a Tensor for '${path}'`);
      const [owner, name] = resolve(module, path);
      const map = (owner._parameters.has(name) ? owner._parameters : owner._buffers) as Map<string, unknown>;
      const original = map.get(name);
      if (original !== undefined) {
        const prev = replacedBy.get(original);
        if (prev === undefined) replacedBy.set(original, tensor);
        else if (prev !== tensor)
          warn(
            "functional_call was passed multiple values for tied weights. This behavior is deprecated and will be an error in future versions",
          );
      }
      slots.push({ owner, name, map, original });
      map.set(name, tensor);
    }
    const call = (module as unknown as { call(...a: unknown[]): unknown }).call.bind(module);
    return Array.isArray(args) ? call(...args) : call(args);
  } finally {
    for (const s of slots.reverse()) {
      if (s.original === undefined) s.map.delete(s.name);
      else s.map.set(s.name, s.original);
    }
  }
}
