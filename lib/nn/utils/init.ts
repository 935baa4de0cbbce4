// torch.nn.utils.skip_init (torch/nn/utils/init.py) and torch.nn.modules.utils.consume_prefix_in_state_dict_if_present.
import { Module } from "../module";

type Ctor = new (...args: never[]) => Module;

/**
 * skip_init(ModuleClass, ...args): the module built on the meta device and then given uninitialized
 * storage (`toEmpty`) on the device its options ask for (default "cpu"), as PyTorch does: its parameters
 * and buffers are left as torch.empty leaves them. The options object (the last argument, added when
 * absent) must take a `device`, which every parameter and buffer the constructor makes must follow.
 *
 * @example
 * ```ts
 * const m = nn.utils.skipInit(nn.Linear, 5, 1);
 * ```
 */
export function skipInit<C extends Ctor>(moduleCls: C, ...args: unknown[]): InstanceType<C> {
  if (typeof moduleCls !== "function" || !(moduleCls.prototype instanceof Module))
    throw new Error(`Expected a Module; got ${String(moduleCls)}`);
  const rest = [...args];
  const last = rest.at(-1);
  const isOptions = last !== null && typeof last === "object" && Object.getPrototypeOf(last) === Object.prototype;
  const opts = isOptions ? { ...(last as Record<string, unknown>) } : {};
  const finalDevice = (opts.device ?? "cpu") as string;
  opts.device = "meta";
  if (isOptions) rest[rest.length - 1] = opts;
  else rest.push(opts);
  const m = new (moduleCls as unknown as new (...a: unknown[]) => InstanceType<C>)(...rest);
  // PyTorch checks the constructor's signature for `device`; here, that it was followed.
  for (const t of [...m.parameters(), ...m.buffers()])
    if (!String(t.device).startsWith("meta"))
      throw new Error("Module must support a 'device' arg to skip initialization");
  return m.toEmpty({ device: finalDevice as "cpu" });
}

/**
 * consume_prefix_in_state_dict_if_present(stateDict, prefix): strips `prefix` from the keys that have it,
 * in place (each moved to the end, in sorted order, as Python's pop and re-insert do). As PyTorch 1.13,
 * the `_metadata` entries are stripped only when `_metadata` is one of the dict's keys (an enumerable
 * property here), not when it is the attribute state_dict() sets.
 */
export function consumePrefixInStateDictIfPresent(stateDict: Record<string, unknown>, prefix: string): void {
  if (typeof prefix !== "string") throw new TypeError(`prefix must be a string, got ${typeof prefix}`);
  const keys = Object.keys(stateDict).sort();
  for (const key of keys) {
    if (key.startsWith(prefix)) {
      const value = stateDict[key];
      delete stateDict[key];
      stateDict[key.slice(prefix.length)] = value;
    }
  }
  if (Object.keys(stateDict).includes("_metadata")) {
    const metadata = stateDict._metadata as Record<string, unknown>;
    for (const key of Object.keys(metadata)) {
      if (key.length === 0) continue;
      const value = metadata[key];
      delete metadata[key];
      metadata[key.slice(prefix.length)] = value;
    }
  }
}
