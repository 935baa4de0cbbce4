// Python's builtins that the ported scripts use, so their loops read as the originals do.
import { type load, Tensor } from "torchts";

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

/** len(x): the length of an array, a data set or a DataLoader; a TypeError for what has none, as Python's. */
export function len(x: object): number {
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
