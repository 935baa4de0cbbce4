// Python's builtins that the ported scripts use, so their loops read as the originals do.
import { type load, Tensor, tensor } from "torchts";

/** What torch.load returns. */
type Loaded = ReturnType<typeof load>;

/** enumerate(iterable, start): [index, item] pairs, lazily (a DataLoader is not materialized). */
export function* enumerate<T>(iterable: Iterable<T>, start = 0): Generator<[number, T]> {
  let i = start;
  for (const x of iterable) yield [i++, x];
}

/** zip(a, b): pairs until the shorter one ends. */
export function* zip<A, B>(a: Iterable<A>, b: Iterable<B>): Generator<[A, B]> {
  const ib = b[Symbol.iterator]();
  for (const x of a) {
    const y = ib.next();
    if (y.done) return;
    yield [x, y.value];
  }
}

/** next(iterator): the next item; throws (Python's StopIteration) when there is none. */
export function next<T>(it: Iterator<T>): T {
  const r = it.next();
  if (r.done) throw new Error("StopIteration");
  return r.value;
}

/** iter(iterable): its iterator. */
export function iter<T>(iterable: Iterable<T>): Iterator<T> {
  return iterable[Symbol.iterator]();
}

/**
 * len(x): the length of an array, a data set or a DataLoader, or of a tensor its size in dimension 0
 * (Tensor.__len__: a TypeError for a 0-d tensor); a TypeError for what has none, as Python's.
 */
export function len(x: object): number {
  if (x instanceof Tensor) {
    if (x.dim() === 0) throw new TypeError("len() of a 0-d tensor");
    return x.size(0);
  }
  if ("length" in x && typeof x.length === "number") return x.length;
  throw new TypeError(`object of type '${x.constructor.name}' has no len()`);
}

/** obj[key] on what torch.load returned: a TypeError where it is no dict, a KeyError-like Error where the key is missing. */
export function getitem(obj: Loaded, key: string): Loaded {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj) || obj instanceof Tensor || obj instanceof Map)
    throw new TypeError(`'${obj === null ? "None" : typeof obj}' object is not subscriptable by '${key}'`);
  const v = obj[key];
  if (v === undefined) throw new Error(`KeyError: '${key}'`);
  return v;
}

/** The text of a float as JavaScript writes it exactly (every digit), split at the point: [sign, int, frac]. */
function exactDecimal(x: number): [string, string, string] {
  const s = Math.abs(x).toFixed(100); // exact to 100 decimals (|x| < 1e21): enough to tell an exact half
  const [int, frac = ""] = s.split(".");
  return [x < 0 || Object.is(x, -0) ? "-" : "", int ?? "0", frac];
}

/**
 * format(value, spec): Python's format() of an int ("3d", "5d", "+d") or a float ("5.2f", "02.2f", ".4f",
 * "+.2f") as the scripts' str.format fields use them: a sign flag ("+": a sign on positive numbers too, " ": a
 * space there, "-": the default), a width (zero-padded after the sign where it starts with 0), and for floats
 * the precision, rounding the exact binary value half to even as Python does (JavaScript's toFixed rounds an
 * exact half up: 0.3125 is "0.31" in Python, "0.32" with toFixed(2)). -0.0 and negatives that round to zero
 * keep their "-", as in Python.
 */
export function format(value: number, spec: string): string {
  const m = /^([-+ ]?)(0?)(\d*)(?:\.(\d+))?([df])$/.exec(spec);
  if (!m) throw new Error(`format: unsupported format spec '${spec}'`);
  const [, signFlag, zero, width, precision, type] = m;
  let sign = "";
  let body: string;
  if (type === "d") {
    if (!Number.isInteger(value)) throw new Error("ValueError: Unknown format code 'd' for object of type 'float'");
    sign = value < 0 ? "-" : "";
    body = String(Math.abs(value));
  } else if (!Number.isFinite(value)) {
    sign = value < 0 ? "-" : "";
    body = Number.isNaN(value) ? "nan" : "inf";
  } else {
    const p = Number(precision ?? 6);
    const [, int, frac] = exactDecimal(value);
    sign = exactDecimal(value)[0];
    let s = Math.abs(value).toFixed(p);
    const rest = frac.slice(p);
    if (/^50*$/.test(rest)) {
      // an exact half: toFixed went away from zero; Python keeps the even neighbour
      const down = p > 0 ? `${int}.${frac.slice(0, p)}` : int;
      const last = Number(down[down.length - 1]);
      if (last % 2 === 0) s = down;
    }
    body = s;
  }
  if (sign === "" && (signFlag === "+" || signFlag === " ")) sign = signFlag;
  const w = Number(width || 0);
  if (zero) body = body.padStart(w - sign.length, "0");
  return (sign + body).padStart(w, " ");
}

/** str(x) (and repr) of a Python float: the shortest round-trip digits, written as Python writes them. */
export function strFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mantissa, e] = x.toExponential().split("e") as [string, string];
  const sign = mantissa.startsWith("-") ? "-" : "";
  const digits = mantissa.replace(/^-/, "").replace(".", "");
  const exp = Number(e);
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
    const int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    return `${sign}${int}.${digits.slice(exp + 1) || "0"}`;
  }
  const frac = digits.slice(1);
  return `${sign}${digits[0]}${frac ? `.${frac}` : ""}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/** torch.from_numpy(a) on what torch.load returned: torchts loads a pickled numpy array as a tensor (no numpy here). */
export function fromNumpy(a: Loaded): Tensor {
  if (!(a instanceof Tensor)) throw new TypeError(`expected np.ndarray (got ${a === null ? "NoneType" : typeof a})`);
  return a;
}

/** A value Python would pass on even where it is None (a Linear's bias): a TypeError-like Error on None. */
export function notNone<T>(x: T | null): T {
  if (x === null) throw new TypeError("'NoneType' object has no attribute 'data'");
  return x;
}

/** range(stop) / range(start, stop[, step]): the integers, as a list (what Python gives an index: a tensor of them). */
export function range(start: number, stop?: number, step = 1): number[] {
  if (stop === undefined) [start, stop] = [0, start];
  if (step === 0) throw new Error("ValueError: range() arg 3 must not be zero");
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

/** sum(tensors): Python's builtin sum of tensors, `0 + t0 + t1 + ...`; nothing to add gives tensor(0) (Python: the int 0). */
export function sum(xs: Iterable<Tensor>): Tensor {
  let s: Tensor | null = null;
  for (const x of xs) s = s === null ? x.add(0) : s.add(x); // 0 + t is t.__radd__(0): add(t, 0)
  return s ?? tensor(0);
}

/**
 * np.sum of a list of floats (a float64 array): numpy's pairwise summation (`pairwise_sum` in
 * numpy/core/src/umath/loops_utils.h.src): under 8 values one after another, up to 128 in eight running
 * sums added as ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) and the rest after them, beyond that the
 * two halves (the first a multiple of 8) summed so and added. Its result can differ in the last bit from a
 * plain left-to-right sum.
 */
export function npSum(a: readonly number[]): number {
  const pairwise = (lo: number, n: number): number => {
    if (n < 8) {
      let res = 0;
      for (let i = 0; i < n; i++) res += a[lo + i];
      return res;
    }
    if (n <= 128) {
      const r = a.slice(lo, lo + 8);
      let i = 8;
      for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
      let res = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
      for (; i < n; i++) res += a[lo + i];
      return res;
    }
    let n2 = Math.floor(n / 2);
    n2 -= n2 % 8;
    return pairwise(lo, n2) + pairwise(lo + n2, n - n2);
  };
  return 0 + pairwise(0, a.length);
}
