// Python's keyword-argument check for option objects: an unknown key is a TypeError worded as
// CPython words it ("__init__() got an unexpected keyword argument 'learningRate'"), never ignored.

export function checkKwargs(o: unknown, allowed: readonly string[], fn = "__init__"): void {
  if (o === undefined || o === null) return;
  if (typeof o !== "object" || Array.isArray(o))
    throw new TypeError(`${fn}() options must be an object, not ${Array.isArray(o) ? "list" : typeof o}`);
  for (const k of Object.keys(o)) {
    if (!allowed.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
  }
}

function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function snake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * Python's argument binding for the arguments after the required ones: PyTorch's positional form
 * (`new nn.Conv2d(3, 8, 3, 2, 1)`), an options object (`{stride: 2}`), or positional values
 * followed by an options object. `names` lists the optional parameters in PyTorch's order
 * (camelCase); `required` is how many arguments came before `rest` (for the count in messages).
 */
export function bindArgs(
  rest: readonly unknown[],
  names: readonly string[],
  fn = "__init__",
  required = 0,
  positionalMax = names.length,
): Record<string, unknown> {
  let positional = rest;
  let kw: Record<string, unknown> = {};
  const last = rest[rest.length - 1];
  if (isOptions(last)) {
    positional = rest.slice(0, -1);
    kw = last;
  }
  // Trailing undefined positional values are absent arguments, as JS callers expect.
  let n = positional.length;
  while (n > 0 && positional[n - 1] === undefined) n--;
  positional = positional.slice(0, n);
  if (positional.length > positionalMax) {
    throw new TypeError(
      `${fn}() takes from ${required} to ${required + positionalMax} positional arguments but ` +
        `${required + positional.length} were given`,
    );
  }
  const out: Record<string, unknown> = {};
  positional.forEach((v, i) => {
    out[names[i]] = v;
  });
  for (const [k, v] of Object.entries(kw)) {
    if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${k}'`);
    if (k in out && out[k] !== undefined) throw new TypeError(`${fn}() got multiple values for argument '${snake(k)}'`);
    out[k] = v;
  }
  return out;
}
