// torch.profiler: profile with activities, a step schedule and on_trace_ready; schedule();
// tensorboard_trace_handler. Each recording window is one torch.autograd.profiler.profile.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { native } from "../native";
import { checkKwargs } from "../utils/kwargs";
import { warn } from "../warnings";
import { Profile as AutogradProfile, RecordFunction, runInside } from "./autograd_profiler";
import type { EventList, FunctionEventAvg } from "./events";

/** torch.profiler.ProfilerActivity */
export const ProfilerActivity = Object.freeze({ CPU: "CPU", CUDA: "CUDA" } as const);
export type ProfilerActivity = (typeof ProfilerActivity)[keyof typeof ProfilerActivity];

/** torch.profiler.ProfilerAction: what the profiler does at a step. */
export enum ProfilerAction {
  NONE = 0,
  WARMUP = 1,
  RECORD = 2,
  RECORD_AND_SAVE = 3,
}

/** torch.profiler.supported_activities: CPU, and CUDA where libtorch has Kineto and a GPU. */
export function supportedActivities(): Set<ProfilerActivity> {
  const s = new Set<ProfilerActivity>([ProfilerActivity.CPU]);
  if (native.profilerKinetoAvailable() && native.cudaIsAvailable()) s.add(ProfilerActivity.CUDA);
  return s;
}

export interface ScheduleOptions {
  wait: number;
  warmup: number;
  active: number;
  /** Cycles; 0: until profiling ends. */
  repeat?: number;
  skipFirst?: number;
}

/**
 * torch.profiler.schedule: skip `skipFirst` steps, then cycles of `wait` idle steps, `warmup` steps and
 * `active` recorded steps (the last of which saves), `repeat` times (0: without end).
 */
export function schedule(o: ScheduleOptions): (step: number) => ProfilerAction {
  checkKwargs(o, ["wait", "warmup", "active", "repeat", "skipFirst"], "schedule");
  const { wait, warmup, active } = o;
  const repeat = o.repeat ?? 0;
  const skipFirst = o.skipFirst ?? 0;
  for (const v of [wait, warmup, active, repeat, skipFirst])
    if (!Number.isInteger(v)) throw new TypeError("schedule(): wait, warmup, active, repeat and skipFirst are ints");
  if (!(wait >= 0 && warmup >= 0 && active > 0 && repeat >= 0 && skipFirst >= 0))
    throw new Error("Invalid profiler schedule arguments");
  if (warmup === 0) warn("Profiler won't be using warmup, this can skew profiler results");
  return (step: number): ProfilerAction => {
    if (!(step >= 0)) throw new Error("schedule step must be >= 0");
    if (step < skipFirst) return ProfilerAction.NONE;
    const s = step - skipFirst;
    const numSteps = wait + warmup + active;
    if (repeat > 0 && s / numSteps >= repeat) return ProfilerAction.NONE;
    const mod = s % numSteps;
    if (mod < wait) return ProfilerAction.NONE;
    if (mod < wait + warmup) return ProfilerAction.WARMUP;
    return mod < numSteps - 1 ? ProfilerAction.RECORD : ProfilerAction.RECORD_AND_SAVE;
  };
}

/**
 * torch.profiler.tensorboard_trace_handler: an onTraceReady that writes each trace as
 * `<worker>.<ms>.pt.trace.json[.gz]` into `dirName` (TensorBoard's profiler plugin reads the folder).
 */
export function tensorboardTraceHandler(dirName: string, workerName?: string, useGzip = false): (p: Profile) => void {
  let worker = workerName;
  return (p: Profile) => {
    if (!fs.existsSync(dirName) || !fs.statSync(dirName).isDirectory()) {
      try {
        fs.mkdirSync(dirName, { recursive: true });
      } catch {
        throw new Error(`Can't create directory: ${dirName}`);
      }
    }
    if (!worker) worker = `${os.hostname()}_${process.pid}`;
    // A millisecond stamp as 1.13's; two windows ending in the same millisecond (a fast step) would
    // overwrite one trace with the other, so the later one takes the next free stamp.
    const name = (stamp: number) => `${worker}.${stamp}.pt.trace.json${useGzip ? ".gz" : ""}`;
    let stamp = Date.now();
    while (fs.existsSync(path.join(dirName, name(stamp)))) stamp++;
    p.exportChromeTrace(path.join(dirName, name(stamp)));
  };
}

export interface ProfilerOptions {
  /** What to record (default: {@link supportedActivities}). */
  activities?: Iterable<ProfilerActivity>;
  /** Step -> action; without one, everything between start and stop is recorded. */
  schedule?: (step: number) => ProfilerAction;
  /** Called with the profiler each time a recording window ends (RECORD_AND_SAVE). */
  onTraceReady?: (p: Profile) => void;
  recordShapes?: boolean;
  profileMemory?: boolean;
  withStack?: boolean;
  withFlops?: boolean;
  withModules?: boolean;
  /** Deprecated in PyTorch: use activities. */
  useCuda?: boolean;
}
const KEYS = [
  "activities",
  "schedule",
  "onTraceReady",
  "recordShapes",
  "profileMemory",
  "withStack",
  "withFlops",
  "withModules",
  "useCuda",
] as const;

type Transition = Array<() => void>;

/**
 * torch.profiler.profile: {@link start}/{@link stop} (or {@link enter}/{@link exit}, `using`, {@link run})
 * around the profiled code, {@link step} at the end of each training step when a schedule is given.
 *
 * @example
 * ```ts
 * const prof = torch.profiler.profile({ activities: [ProfilerActivity.CPU], recordShapes: true });
 * prof.run(() => model.forward(inputs));
 * console.log(prof.keyAverages().table({ sortBy: "cpu_time_total", rowLimit: 10 }));
 * ```
 */
export class Profile {
  readonly activities: Set<ProfilerActivity>;
  readonly recordShapes: boolean;
  readonly profileMemory: boolean;
  readonly withStack: boolean;
  readonly withFlops: boolean;
  readonly withModules: boolean;
  readonly onTraceReady: ((p: Profile) => void) | undefined;
  /** The current window's torch.autograd.profiler.profile. */
  profiler: AutogradProfile | null = null;
  stepNum = 0;
  private readonly schedule: (step: number) => ProfilerAction;
  private readonly recordSteps: boolean;
  private currentAction: ProfilerAction;
  private stepRec: RecordFunction | null = null;

  constructor(o: ProfilerOptions = {}) {
    checkKwargs(o, KEYS, "profile");
    const activities = new Set(o.activities ?? supportedActivities());
    for (const a of activities)
      if (a !== ProfilerActivity.CPU && a !== ProfilerActivity.CUDA)
        throw new TypeError(`profile(): activities are ProfilerActivity.CPU or .CUDA, got ${String(a)}`);
    if (o.useCuda !== undefined) {
      warn("use_cuda is deprecated, use activities argument instead");
      if (o.useCuda) activities.add(ProfilerActivity.CUDA);
      else activities.delete(ProfilerActivity.CUDA);
    }
    if (activities.size === 0) throw new Error("No valid profiler activities found");
    for (const k of ["recordShapes", "profileMemory", "withStack", "withFlops", "withModules"] as const)
      if (o[k] !== undefined && typeof o[k] !== "boolean") throw new TypeError(`profile(): ${k} must be a boolean`);
    if (o.schedule !== undefined && typeof o.schedule !== "function")
      throw new TypeError("profile(): schedule must be a function of the step");
    if (o.onTraceReady !== undefined && typeof o.onTraceReady !== "function")
      throw new TypeError("profile(): onTraceReady must be a function");
    this.activities = activities;
    this.recordShapes = o.recordShapes ?? false;
    this.profileMemory = o.profileMemory ?? false;
    this.withStack = o.withStack ?? false;
    this.withFlops = o.withFlops ?? false;
    this.withModules = o.withModules ?? false;
    this.onTraceReady = o.onTraceReady;
    this.schedule = o.schedule ?? (() => ProfilerAction.RECORD);
    this.recordSteps = o.schedule !== undefined;
    this.currentAction = this.schedule(this.stepNum);
  }

  private prepareTrace(): void {
    this.profiler = new AutogradProfile({
      useCuda: this.activities.has(ProfilerActivity.CUDA),
      useCpu: this.activities.has(ProfilerActivity.CPU),
      recordShapes: this.recordShapes,
      withFlops: this.withFlops,
      profileMemory: this.profileMemory,
      withStack: this.withStack,
      withModules: this.withModules,
      useKineto: true,
    });
    this.profiler.prepareTrace();
  }
  private startTrace(): void {
    this.recorder().startTrace();
  }
  private stopTrace(): void {
    this.recorder().exit();
  }
  private traceReady(): void {
    this.onTraceReady?.(this);
  }
  private recorder(): AutogradProfile {
    if (this.profiler === null) throw new Error("the profiler has not been prepared");
    return this.profiler;
  }

  // The schedule's transitions, as torch.profiler.profile's action map.
  private transition(prev: ProfilerAction, next: ProfilerAction | null): void {
    const A = ProfilerAction;
    const prep = () => this.prepareTrace();
    const start = () => this.startTrace();
    const stop = () => this.stopTrace();
    const ready = () => this.traceReady();
    const warnOf = (m: string) => () => warn(`Incorrect schedule: ${m}`);
    let steps: Transition;
    if (next === null) {
      steps = prev === A.WARMUP ? [start, stop] : prev === A.NONE ? [] : [stop, ready];
    } else if (prev === A.NONE) {
      steps = next === A.NONE ? [] : next === A.WARMUP ? [prep] : [prep, start];
    } else if (prev === A.WARMUP) {
      steps = next === A.NONE ? [warnOf("WARMUP followed by NONE"), start, stop] : next === A.WARMUP ? [] : [start];
    } else if (prev === A.RECORD) {
      steps =
        next === A.NONE
          ? [warnOf("RECORD followed by NONE"), stop]
          : next === A.WARMUP
            ? [warnOf("RECORD followed by WARMUP"), stop]
            : [];
    } else {
      steps = next === A.NONE ? [stop, ready] : next === A.WARMUP ? [stop, ready, prep] : [stop, ready, prep, start];
    }
    for (const f of steps) f();
  }

  start(): void {
    this.transition(ProfilerAction.NONE, this.currentAction);
    if (this.recordSteps) this.stepRec = new RecordFunction(`ProfilerStep#${this.stepNum}`).enter();
  }
  stop(): void {
    if (this.recordSteps && this.stepRec !== null) this.stepRec.exit();
    this.stepRec = null;
    this.transition(this.currentAction, null);
  }
  /** Signals that the next profiling step has started. */
  step(): void {
    if (this.recordSteps && this.stepRec !== null) this.stepRec.exit();
    this.stepRec = null;
    const prev = this.currentAction;
    const cur = this.stepNum;
    this.stepNum++;
    this.currentAction = this.schedule(this.stepNum);
    this.transition(prev, this.currentAction);
    // As 1.13's torch.profiler: the new range is named after the step just ended.
    if (this.recordSteps) this.stepRec = new RecordFunction(`ProfilerStep#${cur}`).enter();
  }
  /** `__enter__` */
  enter(): this {
    this.start();
    return this;
  }
  /** `__exit__` */
  exit(): void {
    this.stop();
  }
  [Symbol.dispose](): void {
    this.stop();
  }
  /** The `with` block (an async `fn`: until its promise settles). */
  run<T>(fn: () => T): T {
    return runInside(
      "profile",
      () => this.start(),
      () => this.stop(),
      fn,
    );
  }

  /** The trace of the last window in Chrome's JSON format (gzipped when the path ends in .gz). */
  exportChromeTrace(file: string): void {
    const p = this.recorder();
    if (!file.endsWith(".gz")) {
      p.exportChromeTrace(file);
      return;
    }
    const tmp = path.join(os.tmpdir(), `torchts-trace-${process.pid}-${Date.now()}.json`);
    try {
      p.exportChromeTrace(tmp);
      fs.writeFileSync(file, zlib.gzipSync(fs.readFileSync(tmp)));
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }
  exportStacks(file: string, metric: "self_cpu_time_total" | "self_cuda_time_total" = "self_cpu_time_total"): void {
    this.recorder().exportStacks(file, metric);
  }
  /** Events averaged by operator name (and input shapes, and the first stack entries, when asked). */
  keyAverages(groupByInputShape = false, groupByStackN = 0): EventList<FunctionEventAvg> {
    return this.recorder().keyAverages(groupByInputShape, groupByStackN);
  }
  /** The last window's events, unaggregated. */
  events(): EventList | null {
    return this.recorder().functionEvents;
  }
}

/**
 * torch.profiler.profile: with `fn`, profiles it and returns the profiler (Python's `as prof`); without,
 * returns the profiler to start/step/stop or enter.
 */
export function profile(o?: ProfilerOptions): Profile;
export function profile(o: ProfilerOptions, fn: () => Promise<unknown>): Promise<Profile>;
export function profile(o: ProfilerOptions, fn: () => unknown): Profile;
export function profile(o: ProfilerOptions = {}, fn?: () => unknown): Profile | Promise<Profile> {
  const p = new Profile(o);
  if (fn === undefined) return p;
  const r = p.run(fn);
  return r instanceof Promise ? r.then(() => p) : p;
}
