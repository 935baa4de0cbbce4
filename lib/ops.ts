// torch.ops.aten: any ATen operator by its name, bound to its overloads as Python's arg parser binds
// them (torch.ops.aten.slice(x, 0, 1, 3)); `.default` or an overload name gives the same function.
import { callAtenSchema } from "./aten";
import { native } from "./native";

// biome-ignore lint/suspicious/noExplicitAny: an operator takes and returns whatever its schema says.
type OpFunction = ((...args: any[]) => any) & { readonly [overload: string]: (...args: any[]) => any };

const packets = new Map<string, OpFunction>();

function packet(name: string): OpFunction {
  let p = packets.get(name);
  if (p) return p;
  if (native.opOverloads(`aten::${name}`).length === 0) throw new Error(`No such operator aten::${name}`);
  const call = (...args: unknown[]) => callAtenSchema(name, args);
  p = new Proxy(call, {
    get(target, prop) {
      if (typeof prop !== "string" || prop in target) return Reflect.get(target, prop);
      return call;
    },
  }) as OpFunction;
  packets.set(name, p);
  return p;
}

/** torch.ops: `torch.ops.aten.<operator>(...)` calls the ATen operator of that name. */
export const ops: { aten: Record<string, OpFunction> } = {
  aten: new Proxy({} as Record<string, OpFunction>, {
    get(_, prop) {
      if (typeof prop !== "string") return undefined;
      return packet(prop);
    },
  }),
};
