// torch.autograd.profiler: profile (libtorch's collector, as PyTorch's Python front end starts it) and
// record_function ranges. torch.profiler builds on these (lib/profiler/profiler.ts).
import { native, type ProfilerEvent, type ProfilerResultRef } from "../native";
import { checkKwargs } from "../utils/kwargs";
import { warn } from "../warnings";
import { EventList, FunctionEvent, type TableOptions } from "./events";

export { EventList, FunctionEvent, FunctionEventAvg, type TableOptions } from "./events";

export interface ProfileOptions {
  enabled?: boolean;
  /** CUDA time per op as well (CUDA events around each op where Kineto has no CUPTI). */
  useCuda?: boolean;
  recordShapes?: boolean;
  /** Estimated FLOPs of matmuls and convolutions (implies recordShapes). */
  withFlops?: boolean;
  /** Memory allocated and freed inside each op. */
  profileMemory?: boolean;
  /** Source locations; libtorch sees no JavaScript frames, so the stacks stay empty (warned). */
  withStack?: boolean;
  withModules?: boolean;
  useKineto?: boolean;
  useCpu?: boolean;
}
const PROFILE_KEYS = [
  "enabled",
  "useCuda",
  "recordShapes",
  "withFlops",
  "profileMemory",
  "withStack",
  "withModules",
  "useKineto",
  "useCpu",
] as const;

const MEMORY_EVENT_NAME = "[memory]";
const OUT_OF_MEMORY_EVENT_NAME = "[OutOfMemory]";
// Utility ops PyTorch leaves out of the results.
const FILTERED_NAMES = new Set([
  MEMORY_EVENT_NAME,
  OUT_OF_MEMORY_EVENT_NAME,
  "profiler::_record_function_enter",
  "profiler::_record_function_enter_new",
  "profiler::_record_function_exit",
  "aten::is_leaf",
  "aten::output_nr",
  "aten::_version",
]);
const DEVICE_TYPES: Record<number, string> = { 0: "cpu", 1: "cuda", 2: "mkldnn", 5: "ideep", 6: "hip" };
const deviceName = (d: number): string => DEVICE_TYPES[d] ?? `device${d}`;
const isCpuMemory = (d: number): boolean => d === 0 || d === 2 || d === 5;
const isCudaMemory = (d: number): boolean => d === 1 || d === 6;

function rewriteName(name: string, withWildcard: boolean): string {
  return withWildcard && name.startsWith("ProfilerStep#") ? "ProfilerStep*" : name;
}

let stackWarned = false;

/**
 * @internal A `with` block: `fn` between enter and exit; an async `fn` until its promise settles (the
 * profiler state is per thread, and ranges may span awaits as they span Python's yields).
 */
export function runInside<T>(what: string, enter: () => void, exit: () => void, fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError(`${what}.run() takes a function`);
  enter();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    exit();
    throw e;
  }
  if (!(result instanceof Promise)) {
    exit();
    return result;
  }
  return result.then(
    (v) => {
      exit();
      return v;
    },
    (e) => {
      exit();
      throw e;
    },
  ) as T;
}

/**
 * torch.autograd.profiler.profile: records every operator, backward node and {@link recordFunction}
 * range run on this thread between {@link enter} and {@link exit} (or inside {@link run}), then
 * answers {@link keyAverages}, {@link table}, {@link exportChromeTrace} as PyTorch's does.
 */
export class Profile {
  readonly enabled: boolean;
  readonly useCuda: boolean;
  readonly recordShapes: boolean;
  readonly withFlops: boolean;
  readonly profileMemory: boolean;
  readonly withStack: boolean;
  readonly withModules: boolean;
  readonly useCpu: boolean;
  /** The events, once the profiler has stopped (null before). */
  functionEvents: EventList | null = null;
  private entered = false;
  private result: ProfilerResultRef | null = null;

  constructor(o: ProfileOptions = {}) {
    checkKwargs(o, PROFILE_KEYS, "profile");
    for (const k of PROFILE_KEYS)
      if (o[k] !== undefined && typeof o[k] !== "boolean") throw new TypeError(`profile(): ${k} must be a boolean`);
    this.enabled = o.enabled ?? true;
    this.useCuda = o.useCuda ?? false;
    this.withFlops = o.withFlops ?? false;
    this.recordShapes = (o.recordShapes ?? false) || this.withFlops;
    this.profileMemory = o.profileMemory ?? false;
    this.withStack = o.withStack ?? false;
    this.withModules = o.withModules ?? false;
    this.useCpu = o.useCpu ?? true;
    if (!this.enabled) return;
    if (!this.useCpu && !(o.useKineto ?? false))
      throw new Error("Device-only events supported only with Kineto (use_kineto=True)");
    if (this.useCuda && !native.cudaIsAvailable()) {
      warn("CUDA is not available, disabling CUDA profiling");
      this.useCuda = false;
    }
    if (this.useCuda && !this.useCpu && !native.profilerKinetoAvailable())
      throw new Error("Legacy CUDA profiling requires use_cpu=True");
    if (!this.useCpu && !this.useCuda) throw new Error("No activities specified for the profiler");
    if (this.withStack && !stackWarned) {
      stackWarned = true;
      warn("torchts: withStack records no source locations (libtorch sees no JavaScript frames)");
    }
  }

  private config() {
    return {
      cpu: this.useCpu,
      cuda: this.useCuda,
      recordShapes: this.recordShapes,
      profileMemory: this.profileMemory,
      withStack: this.withStack,
      withFlops: this.withFlops,
      withModules: this.withModules,
    };
  }

  /** `__enter__`: starts recording on this thread. */
  enter(): this {
    if (!this.enabled) return this;
    if (this.entered) throw new Error("Profiler context manager is not reentrant");
    this.prepareTrace();
    this.startTrace();
    return this;
  }
  /** @internal torch.profiler's warm-up: the collector set up, nothing recorded yet. */
  prepareTrace(): void {
    this.entered = true;
    native.profilerPrepare(this.config());
  }
  /** @internal */
  startTrace(): void {
    this.entered = true;
    native.profilerEnable(this.config());
  }

  /** `__exit__`: stops recording and builds the event list. */
  exit(): void {
    if (!this.enabled) return;
    if (this.useCuda) native.cudaSynchronize();
    const [result, traceStartUs, events] = native.profilerDisable();
    this.result = result;
    this.functionEvents = EventList.fromEvents(parseEvents(traceStartUs, events), {
      useCuda: this.useCuda,
      profileMemory: this.profileMemory,
      withFlops: this.withFlops,
    });
    this.functionEvents.buildTree();
  }
  [Symbol.dispose](): void {
    if (this.entered && this.functionEvents === null) this.exit();
  }

  /** The `with` block: records while `fn` runs (an async `fn`: until its promise settles). */
  run<T>(fn: () => T): T {
    return runInside(
      "profile",
      () => this.enter(),
      () => this.exit(),
      fn,
    );
  }

  private finished(): EventList {
    if (this.functionEvents === null) throw new Error("Profiler didn't finish running");
    return this.functionEvents;
  }
  table(o: TableOptions = {}): string {
    return this.finished().table(o);
  }
  /** A chrome://tracing file: Kineto's own trace where libtorch has Kineto, else the event list's. */
  exportChromeTrace(path: string): void {
    const events = this.finished();
    if (native.profilerKinetoAvailable() && this.result !== null) native.profilerSave(this.result, path);
    else events.exportChromeTrace(path);
  }
  exportStacks(path: string, metric: "self_cpu_time_total" | "self_cuda_time_total" = "self_cpu_time_total"): void {
    const events = this.finished();
    if (!this.withStack) throw new Error("export_stacks() requires with_stack=True");
    events.exportStacks(path, metric);
  }
  keyAverages(groupByInputShape = false, groupByStackN = 0) {
    return this.finished().keyAverages(groupByInputShape, groupByStackN);
  }
  totalAverage() {
    return this.finished().totalAverage();
  }
  /** The sum of every event's self CPU time, in microseconds. */
  get selfCpuTimeTotal(): number {
    return this.finished().selfCpuTimeTotal;
  }
  toString(): string {
    return this.functionEvents === null ? "<unfinished torch.autograd.profile>" : this.functionEvents.toString();
  }
}

/**
 * torch.autograd.profiler.profile: with `fn`, profiles it and returns the profiler (Python's `as prof`);
 * without, returns the profiler to {@link Profile.enter} / {@link Profile.run}.
 *
 * @example
 * ```ts
 * const prof = torch.autograd.profiler.profile({ recordShapes: true }, () => model.forward(x));
 * console.log(prof.keyAverages().table({ sortBy: "self_cpu_time_total" }));
 * ```
 */
export function profile(o?: ProfileOptions): Profile;
export function profile(fn: () => unknown): Profile;
export function profile(o: ProfileOptions, fn: () => Promise<unknown>): Promise<Profile>;
export function profile(o: ProfileOptions, fn: () => unknown): Profile;
export function profile(a?: ProfileOptions | (() => unknown), b?: () => unknown): Profile | Promise<Profile> {
  const fn = typeof a === "function" ? a : b;
  const p = new Profile(typeof a === "function" ? {} : a);
  if (fn === undefined) return p;
  const r = p.run(fn);
  return r instanceof Promise ? r.then(() => p) : p;
}

// torch.autograd.profiler.profile._parse_kineto_results: FunctionEvents from libtorch's events, with the
// memory each op allocated, legacy CUDA times, and the leftover memory events as events of their own.
function parseEvents(traceStartUs: number, events: ProfilerEvent[]): FunctionEvent[] {
  const mem = events.filter((e) => e.name === MEMORY_EVENT_NAME).map((e) => ({ e, used: false }));
  const memByStart = [...mem].sort((a, b) => a.e.startUs - b.e.startUs);
  const starts = memByStart.map((m) => m.e.startUs);
  const out: FunctionEvent[] = [];
  const cudaCorr = new Map<number, FunctionEvent[]>();
  let maxId = 0;
  for (const k of events) {
    if (FILTERED_NAMES.has(k.name)) continue;
    const relStart = k.startUs - traceStartUs;
    const absEnd = k.startUs + k.durationUs;
    let cpuMemory = 0;
    let cudaMemory = 0;
    if (k.deviceType === 0) {
      for (let i = lowerBound(starts, k.startUs), end = upperBound(starts, absEnd); i < end; i++) {
        const m = memByStart[i];
        if (isCpuMemory(m.e.deviceType)) cpuMemory += m.e.nBytes;
        if (isCudaMemory(m.e.deviceType)) cudaMemory += m.e.nBytes;
        m.used = true;
      }
    }
    const fe = new FunctionEvent({
      id: k.correlationId,
      name: rewriteName(k.name, true),
      traceName: rewriteName(k.name, false),
      thread: k.startThreadId,
      startUs: relStart,
      endUs: relStart + k.durationUs,
      fwdThread: k.fwdThreadId,
      inputShapes: k.shapes,
      stack: k.stack,
      scope: k.scope,
      cpuMemoryUsage: cpuMemory,
      cudaMemoryUsage: cudaMemory,
      isAsync: k.isAsync || k.startThreadId !== k.endThreadId,
      sequenceNr: k.sequenceNr,
      deviceType: deviceName(k.deviceType),
      deviceIndex: k.deviceIndex,
      flops: k.flops,
    });
    maxId = Math.max(maxId, fe.id);
    // A CUDA time measured with CUDA events (no CUPTI) is the op's one kernel.
    if (fe.deviceType === "cpu" && !fe.isAsync && k.cudaElapsedUs > 0) {
      fe.appendKernel(fe.name, fe.deviceIndex, k.cudaElapsedUs);
      fe.isLegacy = true;
    }
    out.push(fe);
    if (k.linkedCorrelationId > 0) {
      const l = cudaCorr.get(k.linkedCorrelationId);
      if (l) l.push(fe);
      else cudaCorr.set(k.linkedCorrelationId, [fe]);
    }
  }
  // CUDA kernels and runtime calls join the CPU op that launched them.
  for (const fe of out) {
    if (fe.deviceType !== "cpu" || fe.isAsync) continue;
    for (const f of cudaCorr.get(fe.id) ?? []) {
      if (f.deviceType === "cuda") fe.appendKernel(f.name, f.deviceIndex, f.timeRange.elapsedUs());
      else if (f.deviceType === "cpu") f.thread = fe.thread;
    }
  }
  const memoryEvent = (e: ProfilerEvent): FunctionEvent => {
    const start = e.startUs - traceStartUs;
    return new FunctionEvent({
      id: maxId,
      name: e.name,
      thread: e.startThreadId,
      startUs: start,
      endUs: start,
      fwdThread: e.startThreadId,
      cpuMemoryUsage: isCpuMemory(e.deviceType) ? e.nBytes : 0,
      cudaMemoryUsage: isCudaMemory(e.deviceType) ? e.nBytes : 0,
    });
  };
  for (const m of mem) {
    if (m.used) continue;
    maxId++;
    out.push(memoryEvent(m.e));
  }
  for (const e of events) {
    if (e.name !== OUT_OF_MEMORY_EVENT_NAME) continue;
    maxId++;
    out.push(memoryEvent(e));
  }
  return out.sort((a, b) => a.timeRange.start - b.timeRange.start || b.timeRange.end - a.timeRange.end);
}

function lowerBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
function upperBound(xs: number[], v: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * torch.autograd.profiler.record_function: a named range in the profile (a USER_SCOPE RecordFunction).
 * {@link enter}/{@link exit} are `__enter__`/`__exit__` (exit also on `using`'s dispose).
 */
export class RecordFunction {
  private handle: ReturnType<typeof native.recordFunctionEnter> | null = null;
  constructor(
    readonly name: string,
    readonly args: string | null = null,
  ) {
    if (typeof name !== "string") throw new TypeError("record_function(): name must be a string");
    if (args !== null && typeof args !== "string") throw new TypeError("record_function(): args must be a string");
  }
  enter(): this {
    this.handle =
      this.args === null ? native.recordFunctionEnter(this.name) : native.recordFunctionEnter(this.name, this.args);
    return this;
  }
  exit(): void {
    if (this.handle === null) throw new Error("record_function.exit() without a matching enter()");
    const h = this.handle;
    this.handle = null;
    native.recordFunctionExit(h);
  }
  [Symbol.dispose](): void {
    if (this.handle !== null) this.exit();
  }
  /** The `with` block (an async `fn`: until its promise settles). */
  run<T>(fn: () => T): T {
    return runInside(
      "record_function",
      () => this.enter(),
      () => this.exit(),
      fn,
    );
  }
  /** The decorator form: `fn` always runs inside the range. */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    if (typeof fn !== "function") throw new TypeError("record_function.wrap() takes a function");
    return (...args: A) => this.run(() => fn(...args));
  }
}

/**
 * torch.autograd.profiler.record_function(name): with `fn`, runs it inside the range and returns its
 * result; without, returns the range already entered, for `using`.
 *
 * @example
 * ```ts
 * const y = torch.profiler.recordFunction("model_inference", () => model.forward(x));
 * ```
 */
export function recordFunction<T>(name: string, fn: () => T): T;
export function recordFunction<T>(name: string, args: string | null, fn: () => T): T;
export function recordFunction(name: string, args?: string | null): RecordFunction;
export function recordFunction<T>(name: string, a?: string | null | (() => T), b?: () => T): T | RecordFunction {
  const fn = typeof a === "function" ? a : b;
  const r = new RecordFunction(name, typeof a === "function" ? null : (a ?? null));
  return fn === undefined ? r.enter() : r.run(fn);
}

/** torch.autograd._profiler_enabled: whether a profiler records on this thread now. */
export function isProfilerEnabled(): boolean {
  return native.profilerEnabled();
}

/** torch.autograd.kineto_available: whether this libtorch has Kineto (device traces, Kineto's trace files). */
export function kinetoAvailable(): boolean {
  return native.profilerKinetoAvailable();
}
