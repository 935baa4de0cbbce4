// Python's binding of a constructor whose parameters are all required (nn.ConstantPad1d(padding, value),
// nn.PixelShuffle(upscale_factor), ...): positional values, an options object, or both, with CPython's
// TypeErrors for a missing, extra, repeated or unknown argument.

const isOptions = (v: unknown): v is Record<string, unknown> =>
  v !== null &&
  typeof v === "object" &&
  !Array.isArray(v) &&
  (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** CPython's list of names: 'a', 'a' and 'b', 'a', 'b', and 'c'. */
function nameList(names: string[]): string {
  const q = names.map((n) => `'${snake(n)}'`);
  if (q.length <= 2) return q.join(" and ");
  return `${q.slice(0, -1).join(", ")}, and ${q[q.length - 1]}`;
}

/**
 * Binds `args` to `names` (all required, in order), as `fn(self, *names)` binds them in Python: positional
 * values, then a trailing plain object as keyword arguments. @internal
 */
export function bindRequired(args: readonly unknown[], names: readonly string[], fn: string): Record<string, unknown> {
  let positional = [...args];
  let kw: Record<string, unknown> = {};
  const last = positional[positional.length - 1];
  if (isOptions(last)) {
    kw = last;
    positional = positional.slice(0, -1);
  }
  while (positional.length > 0 && positional[positional.length - 1] === undefined) positional.pop();
  if (positional.length > names.length)
    throw new TypeError(
      `${fn}() takes ${names.length + 1} positional argument${names.length === 0 ? "" : "s"} but ${positional.length + 1} were given`,
    );
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    out[names[i]!] = v;
  });
  for (const [k, v] of Object.entries(kw)) {
    if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (k in out) throw new TypeError(`${fn}() got multiple values for argument '${snake(k)}'`);
    out[k] = v;
  }
  const missing = names.filter((n) => out[n] === undefined);
  if (missing.length > 0)
    throw new TypeError(
      `${fn}() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${nameList(missing)}`,
    );
  return out;
}
