// Freeing: dispose(), `using` and tidy() scopes free deterministically; everything else is freed
// when V8 collects its tensor object, as Python frees a tensor nobody references. The addon attaches
// a finalizer that runs inside garbage collection, so a synchronous loop that never yields frees
// what it drops, and the tensor bytes it reports to V8 make V8 collect as memory grows.
// Attaching costs more than a small op, so it is batched: tensors in a tidy() scope are freed by
// the scope and never attached; others in batches of BATCH, and one disposed first never at all.
import { native } from "./native";

export interface Trackable {
  isDisposed: boolean;
  dispose(): void;
  /** @internal handle without the disposed check */
  rawHandle(): number;
  /** @internal */ registered: boolean;
  /** @internal owned by a tidy() scope */ scoped: boolean;
}

// Small, so that few tensors wait unattached (the batch holds them alive until it is flushed).
const BATCH = 64;
// And flushed early once the storages made since the last flush reach 64 MiB (in 64 KiB units, counted
// natively): 64 waiting tensors of a large model or dataset would otherwise keep gigabytes alive.
const BATCH_UNITS = 1024;
const newBytes = new Int32Array(native.newBytesCounter());
const scopes: Trackable[][] = [];
const pending: Trackable[] = [];
let flushScheduled = false;

// TORCHTS_DEBUG_LEAKS=1: each tensor remembers where it was created, and memory() counts the live
// ones by that place.
const DEBUG_LEAKS = process.env.TORCHTS_DEBUG_LEAKS === "1";
const origins: Array<[WeakRef<Trackable>, string]> = [];
const LIB_DIR = __dirname;

function creationSite(): string {
  const frames = (new Error().stack ?? "").split("\n").slice(1);
  const outside = frames.find((f) => !f.includes(LIB_DIR) && f.includes("("));
  return (outside ?? frames[frames.length - 1] ?? "unknown").trim().replace(/^at /, "");
}

// A one-time warning when live tensors keep growing: with collection freeing what is dropped, growth
// means something still references the tensors (an array of losses, a cache).
const CHECK_EVERY = 256;
const WARN_AFTER = 8;
let flushes = 0;
let lastLive = -1;
let growing = 0;
let warned = false;

function checkGrowth(): void {
  const live = native.memory().tensors;
  growing = lastLive >= 0 && live > lastLive + 1000 ? growing + 1 : 0;
  lastLive = live;
  if (growing >= WARN_AFTER && !warned) {
    warned = true;
    process.emitWarning(
      `${live} tensors are alive and the number has grown at every check for the last ` +
        `${WARN_AFTER * CHECK_EVERY * BATCH} tensors created; something still references them. ` +
        "Run with TORCHTS_DEBUG_LEAKS=1 and read torch.memory().byOrigin to see where they were created.",
      { code: "TORCHTS_LIVE_TENSORS_GROWING" },
    );
  }
}

function flush(): void {
  flushScheduled = false;
  newBytes[0] = 0;
  if (++flushes % CHECK_EVERY === 0) checkGrowth();
  const objects: Trackable[] = [];
  const handles: number[] = [];
  for (const t of pending) {
    if (t.isDisposed || t.registered || t.scoped) continue;
    objects.push(t);
    handles.push(t.rawHandle());
    t.registered = true;
  }
  pending.length = 0;
  if (objects.length) native.attachFinalizers(objects, handles);
}

function queue(t: Trackable): void {
  pending.push(t);
  if (pending.length >= BATCH || newBytes[0]! >= BATCH_UNITS) flush();
  else if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}

export function track(t: Trackable): void {
  if (DEBUG_LEAKS) origins.push([new WeakRef(t), creationSite()]);
  if (scopes.length) {
    t.scoped = true;
    scopes[scopes.length - 1]!.push(t);
  } else queue(t);
}

/** Called on dispose. The finalizer stays attached but no longer matches the freed handle. */
export function untrack(t: Trackable): void {
  t.registered = false;
}

/** Called when a tensor object takes another native handle: the new handle needs its own finalizer. */
export function retrack(t: Trackable): void {
  if (t.registered) {
    t.registered = false;
    queue(t);
  }
}

/** Keeps `t` out of the enclosing tidy() scopes (it then lives until disposed or collected). */
export function keep<T extends object>(t: T): T {
  const x = t as unknown as Trackable;
  if (x.scoped) {
    x.scoped = false;
    queue(x);
  }
  return t;
}

function isTrackable(v: object): v is Trackable {
  return "scoped" in v && "rawHandle" in v;
}

function collectTensors(v: unknown, out: Set<unknown>, seen = new Set<unknown>()): void {
  if (v === null || typeof v !== "object" || seen.has(v)) return;
  seen.add(v);
  if (isTrackable(v)) {
    out.add(v);
    return;
  }
  if (Array.isArray(v)) {
    for (const x of v) collectTensors(x, out, seen);
    return;
  }
  if (v instanceof Map) {
    for (const x of v.values()) collectTensors(x, out, seen);
    return;
  }
  if (Object.getPrototypeOf(v) === Object.prototype)
    for (const x of Object.values(v as object)) collectTensors(x, out, seen);
}

/**
 * Runs fn and frees every tensor created inside it, except those it returns (in an array, object or
 * Map), which move to the enclosing scope. Scopes nest. An async fn is refused: a scope cannot span awaits.
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("tidy() takes a function");
  const scope: Trackable[] = [];
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } catch (e) {
    scopes.pop();
    for (const t of scope) if (t.scoped) t.dispose();
    throw e;
  }
  scopes.pop();
  if (result instanceof Promise) {
    for (const t of scope) if (t.scoped) t.dispose();
    throw new TypeError("tidy() takes a synchronous function; an async function cannot be scoped");
  }
  const kept = new Set<unknown>();
  collectTensors(result, kept);
  const parent = scopes.length ? scopes[scopes.length - 1] : null;
  for (const t of scope) {
    if (!t.scoped) continue; // keep() took it out
    if (!kept.has(t)) {
      t.dispose();
      continue;
    }
    if (parent) parent.push(t);
    else {
      t.scoped = false;
      queue(t);
    }
  }
  return result;
}

/** What {@link memory} reports (torchts only; PyTorch has torch.cuda.memory_allocated). */
export interface MemoryInfo {
  /** Live tensor objects. */
  tensors: number;
  /** Bytes held per device ("cpu", "cuda:0"), each storage counted once. */
  bytes: Record<string, number>;
  /** With TORCHTS_DEBUG_LEAKS=1: live tensors by the place (file:line) that created them, most first. */
  byOrigin?: Record<string, number>;
}

/** Live tensor count and bytes held per device (each storage counted once). */
export function memory(): MemoryInfo {
  const info: MemoryInfo = native.memory();
  if (!DEBUG_LEAKS) return info;
  const counts = new Map<string, number>();
  let kept = 0;
  for (const [ref, site] of origins) {
    const t = ref.deref();
    if (!t || t.isDisposed) continue;
    origins[kept++] = [ref, site];
    counts.set(site, (counts.get(site) ?? 0) + 1);
  }
  origins.length = kept;
  info.byOrigin = Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]));
  return info;
}

/**
 * Returns free C heap pages to the operating system (glibc's malloc_trim). Tensor memory freed by
 * dispose() stays in the allocator's pools for reuse; call this where RSS is measured.
 */
export function releaseFreeMemory(): boolean {
  return native.mallocTrim();
}
