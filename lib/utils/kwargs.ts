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

export function isOptions(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function snake(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

type Prefixes<P extends readonly unknown[]> = P extends readonly [infer A, ...infer R] ? [] | [A, ...Prefixes<R>] : [];
/**
 * Python's `f(a, b, c=...)`: a leading run of the positional parameters P (PyTorch's order), then the options O
 * for the rest — `new nn.Conv2d(3, 64, 4, 2, 1, { bias: false })`.
 */
export type ValuesThenOptions<P extends readonly unknown[], O> = [...Prefixes<Required<P>>, O];

/**
 * A call's arguments as Python sees them: the positional values (trailing undefined ones dropped: JS's
 * "not given") and the keywords of a trailing options object, if there is one.
 */
export function splitCall(args: readonly unknown[]): [readonly unknown[], Record<string, unknown> | undefined] {
  let positional = args;
  let kw: Record<string, unknown> | undefined;
  const last = args[args.length - 1];
  if (isOptions(last)) {
    positional = args.slice(0, -1);
    kw = last;
  }
  let n = positional.length;
  while (n > 0 && positional[n - 1] === undefined) n--;
  return [n < positional.length ? positional.slice(0, n) : positional, kw];
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
  const [positional, kwOrUndefined] = splitCall(rest);
  const kw = kwOrUndefined ?? {};
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

/**
 * Wraps a torchts function so it also takes every call form Python takes for the PyTorch function:
 * positional values up to the last parameter and keywords for any of them, including the leading
 * ones (`F.maxPool2d(x, { kernelSize: 2 })`, `F.layerNorm(x, [4], w, b)`). `params` are Python's
 * parameter names in order (camelCase; `name?` has a default, `*name` is keyword-only). The wrapped
 * `impl` takes the first `positional` of them as values and the rest as one options object of the same
 * names (-1: all as values); with `restPositional` it also takes the rest as values itself (bindArgs),
 * so calls without keywords reach it unchanged. Too many values or an unknown keyword is Python's TypeError.
 */
export function pythonCall<T extends (...a: never[]) => unknown>(
  impl: T,
  fn: string,
  params: string,
  positional = -1,
  restPositional = false,
): T {
  const specs = params.split(" ");
  const names = specs.map((n) => n.replace(/^\*|\?$/g, ""));
  const nPositional = specs.filter((n) => !n.startsWith("*")).length;
  const required = specs.filter((n) => !n.startsWith("*") && !n.endsWith("?")).length;
  const call = impl as unknown as (...a: unknown[]) => unknown;
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    let pos = args;
    let kw: Record<string, unknown> | undefined;
    if (isOptions(args[args.length - 1])) {
      pos = args.slice(0, -1);
      kw = args[args.length - 1] as Record<string, unknown>;
    }
    let n = pos.length;
    while (n > 0 && pos[n - 1] === undefined) n--;
    if (kw === undefined && restPositional) return call.apply(this, args);
    if (n > nPositional) {
      const range = required === nPositional ? `${required}` : `from ${required} to ${nPositional}`;
      throw new TypeError(`${fn}() takes ${range} positional arguments but ${n} were given`);
    }
    if (kw === undefined && (positional < 0 || n <= positional)) return call.apply(this, args);
    const rec: Record<string, unknown> = {};
    for (let i = 0; i < n; i++) rec[names[i]] = pos[i];
    for (const [k, v] of Object.entries(kw ?? {})) {
      if (!names.includes(k)) throw new TypeError(`${fn}() got an unexpected keyword argument '${snake(k)}'`);
      if (rec[k] !== undefined) throw new TypeError(`${fn}() got multiple values for argument '${snake(k)}'`);
      rec[k] = v;
    }
    if (positional < 0) {
      const values = names.map((k) => rec[k]);
      let m = values.length;
      while (m > 0 && values[m - 1] === undefined) m--;
      return call.apply(this, values.slice(0, m));
    }
    const opts: Record<string, unknown> = {};
    for (const k of names.slice(positional)) if (rec[k] !== undefined) opts[k] = rec[k];
    return call.apply(this, [...names.slice(0, positional).map((k) => rec[k]), opts]);
  };
  Object.defineProperty(wrapped, "name", { value: impl.name });
  return wrapped as unknown as T;
}
