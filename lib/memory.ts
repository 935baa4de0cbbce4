// Deterministic freeing: dispose(), `using`, tidy() scopes; a FinalizationRegistry only as a backstop.
import { native } from "./native";

export interface Disposable { dispose(): void }

const backstop = new FinalizationRegistry<number>((h) => native.dispose(h));
const scopes: Array<Set<{ dispose(): void; isDisposed: boolean }>> = [];

export function track(t: { dispose(): void; isDisposed: boolean }, h: number): void {
  backstop.register(t, h, t);
  if (scopes.length) scopes[scopes.length - 1].add(t);
}

export function retrack(t: object, h: number): void {
  backstop.register(t, h, t);
}

export function untrack(t: object): void {
  backstop.unregister(t);
}

/** Keeps `t` out of the enclosing tidy() scopes (it then lives until disposed or collected). */
export function keep<T extends object>(t: T): T {
  for (const s of scopes) s.delete(t as never);
  return t;
}

function collectTensors(v: unknown, out: Set<unknown>, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  if ("isDisposed" in (v as object) && "dispose" in (v as object) && "handle" in (v as object)) { out.add(v); return; }
  if (Array.isArray(v)) { for (const x of v) collectTensors(x, out, seen); return; }
  if (v instanceof Map) { for (const x of v.values()) collectTensors(x, out, seen); return; }
  if (Object.getPrototypeOf(v) === Object.prototype) for (const x of Object.values(v as object)) collectTensors(x, out, seen);
}

/**
 * Runs fn and frees every tensor created inside it, except those it returns (in an array, object or
 * Map), which move to the enclosing scope. Scopes nest. An async fn is refused: a scope cannot span awaits.
 */
export function tidy<T>(fn: () => T): T {
  const scope = new Set<{ dispose(): void; isDisposed: boolean }>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) t.dispose();
    throw new TypeError("tidy() takes a synchronous function; an async function cannot be scoped");
  }
  const kept = new Set<unknown>();
  collectTensors(result, kept);
  const parent = scopes.length ? scopes[scopes.length - 1] : null;
  for (const t of scope) {
    if (kept.has(t)) { if (parent) parent.add(t); } else t.dispose();
  }
  return result;
}

export interface MemoryInfo { tensors: number; bytes: Record<string, number> }

/** Live tensor count and bytes held per device (each storage counted once). */
export function memory(): MemoryInfo {
  return native.memory();
}

/**
 * Returns free C heap pages to the operating system (glibc's malloc_trim). Tensor memory freed by
 * dispose() stays in the allocator's pools for reuse; call this where RSS is measured.
 */
export function releaseFreeMemory(): boolean {
  return native.mallocTrim();
}
