// torch.autograd.profiler_util: the profiler's events, their CPU tree, averages and the printed table.
import * as fs from "node:fs";
import { pyFixed, pyList } from "../utils/pyrepr";

/** c10::DeviceType of an event, as torchts names devices. */
export type EventDevice = "cpu" | "cuda" | string;

export class Interval {
  constructor(
    public start: number,
    public end: number,
  ) {}
  elapsedUs(): number {
    return this.end - this.start;
  }
}

export interface Kernel {
  name: string;
  device: number;
  duration: number;
}

/** The attributes {@link EventList.table}'s sortBy takes (Python's names; the camelCase ones too). */
export const SORT_KEYS = [
  "cpu_time",
  "cuda_time",
  "cpu_time_total",
  "cuda_time_total",
  "self_cpu_time_total",
  "self_cuda_time_total",
  "cpu_memory_usage",
  "cuda_memory_usage",
  "self_cpu_memory_usage",
  "self_cuda_memory_usage",
  "count",
] as const;
export type SortKey = (typeof SORT_KEYS)[number] | CamelSortKey;
type Camel<S extends string> = S extends `${infer A}_${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type CamelSortKey = Camel<(typeof SORT_KEYS)[number]>;

const camel = (s: string): string => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** What FunctionEvent and FunctionEventAvg share: the totals and their formatted forms. */
abstract class TimedEvent {
  abstract key: string;
  abstract count: number;
  abstract readonly cpuTimeTotal: number;
  abstract readonly cudaTimeTotal: number;
  abstract readonly selfCpuTimeTotal: number;
  abstract readonly selfCudaTimeTotal: number;
  abstract readonly cpuMemoryUsage: number;
  abstract readonly cudaMemoryUsage: number;
  abstract readonly selfCpuMemoryUsage: number;
  abstract readonly selfCudaMemoryUsage: number;
  abstract inputShapes: number[][] | "";
  abstract stack: string[];
  abstract cpuParent: FunctionEvent | null;
  abstract readonly isAsync: boolean;
  abstract readonly deviceType: EventDevice;
  abstract readonly isLegacy: boolean;
  abstract readonly nodeId: number;
  abstract readonly flops: number;
  abstract readonly scope: number;
  abstract cpuChildren: FunctionEvent[];

  get cpuTime(): number {
    return this.count === 0 ? 0 : this.cpuTimeTotal / this.count;
  }
  get cudaTime(): number {
    return this.count === 0 ? 0 : this.cudaTimeTotal / this.count;
  }
  get cpuTimeStr(): string {
    return formatTime(this.cpuTime);
  }
  get cudaTimeStr(): string {
    return formatTime(this.cudaTime);
  }
  get cpuTimeTotalStr(): string {
    return formatTime(this.cpuTimeTotal);
  }
  get cudaTimeTotalStr(): string {
    return formatTime(this.cudaTimeTotal);
  }
  get selfCpuTimeTotalStr(): string {
    return formatTime(this.selfCpuTimeTotal);
  }
  get selfCudaTimeTotalStr(): string {
    return formatTime(this.selfCudaTimeTotal);
  }
  /** The value of a sort key (Python's attribute name or its camelCase form). */
  metric(key: SortKey): number {
    const k = camel(key);
    if (!(SORT_KEYS as readonly string[]).map(camel).includes(k))
      throw new TypeError(`sort_by must be one of ${SORT_KEYS.join(", ")}, got '${key}'`);
    return (this as unknown as Record<string, number>)[k];
  }
}

/** One profiled range (an operator, a backward node, a recordFunction block). */
export class FunctionEvent extends TimedEvent {
  readonly id: number;
  readonly nodeId: number;
  readonly name: string;
  /** The name in trace files (undefined for memory events, which traces leave out). */
  readonly traceName: string | undefined;
  readonly timeRange: Interval;
  thread: number;
  readonly fwdThread: number;
  kernels: Kernel[] = [];
  count = 1;
  cpuChildren: FunctionEvent[] = [];
  cpuParent: FunctionEvent | null = null;
  inputShapes: number[][] | "";
  stack: string[];
  readonly scope: number;
  readonly cpuMemoryUsage: number;
  readonly cudaMemoryUsage: number;
  readonly isAsync: boolean;
  readonly isRemote = false;
  readonly sequenceNr: number;
  readonly deviceType: EventDevice;
  readonly deviceIndex: number;
  isLegacy: boolean;
  readonly flops: number;

  constructor(o: {
    id: number;
    name: string;
    traceName?: string;
    thread: number;
    startUs: number;
    endUs: number;
    fwdThread?: number;
    inputShapes?: number[][];
    stack?: string[];
    scope?: number;
    cpuMemoryUsage?: number;
    cudaMemoryUsage?: number;
    isAsync?: boolean;
    sequenceNr?: number;
    nodeId?: number;
    deviceType?: EventDevice;
    deviceIndex?: number;
    isLegacy?: boolean;
    flops?: number;
  }) {
    super();
    this.id = o.id;
    this.nodeId = o.nodeId ?? -1;
    this.name = o.name;
    this.traceName = o.traceName;
    this.timeRange = new Interval(o.startUs, o.endUs);
    this.thread = o.thread;
    this.fwdThread = o.fwdThread ?? o.thread;
    this.inputShapes = o.inputShapes ?? [];
    this.stack = o.stack ?? [];
    this.scope = o.scope ?? 0;
    this.cpuMemoryUsage = o.cpuMemoryUsage ?? 0;
    this.cudaMemoryUsage = o.cudaMemoryUsage ?? 0;
    this.isAsync = o.isAsync ?? false;
    this.sequenceNr = o.sequenceNr ?? -1;
    this.deviceType = o.deviceType ?? "cpu";
    this.deviceIndex = o.deviceIndex ?? 0;
    this.isLegacy = o.isLegacy ?? false;
    this.flops = o.flops ?? 0;
  }

  get key(): string {
    return this.name;
  }
  appendKernel(name: string, device: number, duration: number): void {
    this.kernels.push({ name, device, duration });
  }
  // Async events have no children and no self metrics.
  get selfCpuMemoryUsage(): number {
    if (this.isAsync || this.deviceType !== "cpu") return 0;
    return this.cpuMemoryUsage - sum(this.cpuChildren.map((c) => c.cpuMemoryUsage));
  }
  get selfCudaMemoryUsage(): number {
    if (this.isAsync || this.deviceType !== "cpu") return 0;
    return this.cudaMemoryUsage - sum(this.cpuChildren.map((c) => c.cudaMemoryUsage));
  }
  get selfCpuTimeTotal(): number {
    if (this.isAsync || this.deviceType !== "cpu") return 0;
    return this.cpuTimeTotal - sum(this.cpuChildren.map((c) => c.cpuTimeTotal));
  }
  get cudaTimeTotal(): number {
    if (this.isAsync) return 0;
    if (this.deviceType === "cpu") {
      const kernels = sum(this.kernels.map((k) => k.duration));
      // A legacy (CUDA-event) CPU event carries its one measured kernel; otherwise the children's count too.
      return this.isLegacy ? kernels : kernels + sum(this.cpuChildren.map((c) => c.cudaTimeTotal));
    }
    return this.timeRange.elapsedUs();
  }
  get selfCudaTimeTotal(): number {
    if (this.isAsync) return 0;
    if (this.deviceType === "cpu") return this.cudaTimeTotal - sum(this.cpuChildren.map((c) => c.cudaTimeTotal));
    return this.cudaTimeTotal;
  }
  get cpuTimeTotal(): number {
    return this.deviceType === "cpu" ? this.timeRange.elapsedUs() : 0;
  }
  toString(): string {
    return (
      `<FunctionEvent id=${this.id} name=${this.name} device_type=${this.deviceType} node_id=${this.nodeId} ` +
      `cpu_time=${this.cpuTimeStr} start_us=${this.timeRange.start} end_us=${this.timeRange.end} ` +
      `cpu_children=${pyList(this.cpuChildren.map((c) => c.id))} cuda_time=${this.cudaTimeStr} name=${this.name} ` +
      `thread=${this.thread} input_shapes=${pyStr(this.inputShapes)} cpu_memory_usage=${this.cpuMemoryUsage} ` +
      `cuda_memory_usage=${this.cudaMemoryUsage} is_async=${pyBool(this.isAsync)} is_remote=False ` +
      `seq_nr=${this.sequenceNr} is_legacy=${pyBool(this.isLegacy)}>`
    );
  }
}

/** The sums over the events of one key ({@link EventList.keyAverages}). */
export class FunctionEventAvg extends TimedEvent {
  key = "";
  count = 0;
  nodeId = 0;
  isAsync = false;
  isRemote = false;
  cpuTimeTotal = 0;
  cudaTimeTotal = 0;
  selfCpuTimeTotal = 0;
  selfCudaTimeTotal = 0;
  inputShapes: number[][] | "" = [];
  stack: string[] = [];
  scope = 0;
  cpuMemoryUsage = 0;
  cudaMemoryUsage = 0;
  selfCpuMemoryUsage = 0;
  selfCudaMemoryUsage = 0;
  cpuChildren: FunctionEvent[] = [];
  cpuParent: FunctionEvent | null = null;
  deviceType: EventDevice = "cpu";
  isLegacy = false;
  flops = 0;
  private started = false;

  add(other: FunctionEvent | FunctionEventAvg): this {
    if (!this.started) {
      // The first event of the group gives the non-summed fields.
      this.started = true;
      this.key = other.key;
      this.nodeId = other.nodeId;
      this.isAsync = other.isAsync;
      this.cpuParent = other.cpuParent;
      this.cpuChildren = other.cpuChildren;
      this.inputShapes = other.inputShapes;
      this.stack = other.stack;
      this.scope = other.scope;
      this.deviceType = other.deviceType;
      this.isLegacy = other.isLegacy;
    }
    this.cpuTimeTotal += other.cpuTimeTotal;
    this.cudaTimeTotal += other.cudaTimeTotal;
    this.selfCpuTimeTotal += other.selfCpuTimeTotal;
    this.selfCudaTimeTotal += other.selfCudaTimeTotal;
    this.cpuMemoryUsage += other.cpuMemoryUsage;
    this.cudaMemoryUsage += other.cudaMemoryUsage;
    this.selfCpuMemoryUsage += other.selfCpuMemoryUsage;
    this.selfCudaMemoryUsage += other.selfCudaMemoryUsage;
    this.count += other.count;
    this.flops += other.flops;
    return this;
  }
  toString(): string {
    return (
      `<FunctionEventAvg key=${this.key} self_cpu_time=${this.selfCpuTimeTotalStr} cpu_time=${this.cpuTimeStr}  ` +
      `self_cuda_time=${this.selfCudaTimeTotalStr} cuda_time=${this.cudaTimeStr} input_shapes=${pyStr(this.inputShapes)} ` +
      `cpu_memory_usage=${this.cpuMemoryUsage} cuda_memory_usage=${this.cudaMemoryUsage}>`
    );
  }
}

export interface TableOptions {
  /** An attribute to sort by, largest first (Python's name, e.g. "self_cpu_time_total", or camelCase). */
  sortBy?: SortKey | null;
  /** Rows to print (100); -1: all. */
  rowLimit?: number;
  maxSrcColumnWidth?: number;
  maxNameColumnWidth?: number;
  maxShapesColumnWidth?: number;
  header?: string | null;
  /** Only the events without a CPU parent. */
  topLevelEventsOnly?: boolean;
}

/** A list of events that prints as the profiler's table. */
export class EventList<E extends FunctionEvent | FunctionEventAvg = FunctionEvent> extends Array<E> {
  useCuda = false;
  profileMemory = false;
  withFlops = false;
  private treeBuilt = false;

  // Array's own methods (map, filter, slice) construct plain arrays, not EventLists.
  static get [Symbol.species](): ArrayConstructor {
    return Array;
  }

  static fromEvents<E extends FunctionEvent | FunctionEventAvg>(
    events: Iterable<E>,
    o: { useCuda?: boolean; profileMemory?: boolean; withFlops?: boolean } = {},
  ): EventList<E> {
    const l = new EventList<E>();
    for (const e of events) l.push(e);
    l.useCuda = o.useCuda ?? false;
    l.profileMemory = o.profileMemory ?? false;
    l.withFlops = o.withFlops ?? false;
    return l;
  }

  /** @internal parents/children, then the dedup of same-name nesting, then backward stacks. */
  buildTree(this: EventList<FunctionEvent>): void {
    this.populateCpuChildren();
    this.removeDupNodes();
    this.setBackwardStacktraces();
    this.treeBuilt = true;
  }

  // One event is the child of another when its [start, end) lies inside the other's, on one thread.
  private populateCpuChildren(this: EventList<FunctionEvent>): void {
    const byThread = new Map<string, FunctionEvent[]>();
    for (const e of this) {
      if (e.isAsync || e.deviceType !== "cpu") continue;
      const k = `${e.thread}/${e.nodeId}`;
      const list = byThread.get(k);
      if (list) list.push(e);
      else byThread.set(k, [e]);
    }
    for (const events of byThread.values()) {
      const sorted = [...events].sort(
        (a, b) => a.timeRange.start - b.timeRange.start || b.timeRange.end - a.timeRange.end,
      );
      const current: FunctionEvent[] = [];
      for (const e of sorted) {
        while (current.length > 0) {
          const parent = current[current.length - 1];
          if (e.timeRange.start >= parent.timeRange.end || e.timeRange.end > parent.timeRange.end) current.pop();
          else {
            parent.cpuChildren.push(e);
            e.cpuParent = parent;
            break;
          }
        }
        current.push(e);
      }
    }
  }

  // An op that only wraps one op of its own name (aten::matmul's inner calls aside) prints once.
  private removeDupNodes(this: EventList<FunctionEvent>): void {
    for (;;) {
      const drop = new Set<number>();
      this.forEach((e, i) => {
        const p = e.cpuParent;
        if (p !== null && p.name === e.name && p.cpuChildren.length === 1) {
          p.cpuChildren = e.cpuChildren;
          p.kernels = e.kernels;
          for (const c of e.cpuChildren) c.cpuParent = p;
          drop.add(i);
        }
      });
      if (drop.size === 0) break;
      const kept = this.filter((_, i) => !drop.has(i));
      this.length = 0;
      for (const e of kept) this.push(e);
    }
  }

  // Backward ops take the stack of the forward op of the same sequence number.
  private setBackwardStacktraces(this: EventList<FunctionEvent>): void {
    const bwParent = (e: FunctionEvent | null): FunctionEvent | null =>
      e === null ? null : e.scope === 1 ? e : bwParent(e.cpuParent);
    const fwdStacks = new Map<string, string[]>();
    for (const e of this) {
      const k = `${e.sequenceNr}/${e.thread}`;
      if (bwParent(e) === null && !fwdStacks.has(k)) fwdStacks.set(k, e.stack);
    }
    for (const e of this) {
      const p = bwParent(e);
      if (p !== null) e.stack = fwdStacks.get(`${p.sequenceNr}/${p.fwdThread}`) ?? [];
    }
  }

  get selfCpuTimeTotal(): number {
    return sum(this.map((e) => e.selfCpuTimeTotal));
  }

  /** The events as the profiler's table (EventList.table). */
  table(o: TableOptions = {}): string {
    return buildTable(this, { ...o, profileMemory: this.profileMemory, withFlops: this.withFlops });
  }
  toString(): string {
    return this.table();
  }

  /** A chrome://tracing file of these events (what PyTorch writes without Kineto). */
  exportChromeTrace(path: string): void {
    const parts: string[] = [];
    let nextId = 0;
    for (const e of this) {
      if (!(e instanceof FunctionEvent) || e.traceName === undefined) continue;
      parts.push(
        `{"name": "${e.traceName}", "ph": "X", "ts": ${e.timeRange.start}, "dur": ${e.timeRange.elapsedUs()}, ` +
          `"tid": ${e.thread}, "pid": "CPU functions", "args": {}}`,
      );
      for (const _ of e.kernels) {
        parts.push(
          `{"name": "${e.traceName}", "ph": "s", "ts": ${e.timeRange.start}, "tid": ${e.thread}, ` +
            `"pid": "CPU functions", "id": ${nextId++}, "cat": "cpu_to_cuda", "args": {}}`,
        );
      }
    }
    fs.writeFileSync(path, `[${parts.join(", ")}]`);
  }

  supportedExportStacksMetrics(): string[] {
    return ["self_cpu_time_total", "self_cuda_time_total"];
  }

  /** Stacks with a metric per line, for flame graphs (needs withStack). */
  exportStacks(path: string, metric: "self_cpu_time_total" | "self_cuda_time_total"): void {
    if (!this.supportedExportStacksMetrics().includes(metric))
      throw new Error(`metric should be one of: ${pyList(this.supportedExportStacksMetrics())}`);
    const lines: string[] = [];
    for (const e of this) {
      if (e.stack.length === 0) continue;
      const value = Math.trunc(e.metric(metric));
      if (value > 0)
        lines.push(
          `${[...e.stack]
            .reverse()
            .map((s) => s.replace(/[ ;\t\n]/g, "_"))
            .join(";")} ${value}\n`,
        );
    }
    fs.writeFileSync(path, lines.join(""));
  }

  /** Sums the events over their name (and input shapes, and the first stack entries, when asked). */
  keyAverages(groupByInputShapes = false, groupByStackN = 0): EventList<FunctionEventAvg> {
    if (!this.treeBuilt && this.some((e) => e instanceof FunctionEvent))
      throw new Error("key_averages needs a built event tree");
    const stats = new Map<string, FunctionEventAvg>();
    for (const e of this) {
      const key = [e.key, e.nodeId, e.deviceType, e.isLegacy];
      if (groupByInputShapes) key.push(pyStr(e.inputShapes));
      if (groupByStackN > 0) key.push(...e.stack.slice(0, groupByStackN));
      const k = JSON.stringify(key);
      let avg = stats.get(k);
      if (avg === undefined) {
        avg = new FunctionEventAvg();
        stats.set(k, avg);
      }
      avg.add(e);
    }
    const out = EventList.fromEvents(stats.values(), {
      useCuda: this.useCuda,
      profileMemory: this.profileMemory,
      withFlops: this.withFlops,
    });
    for (const e of out) {
      e.stack = e.stack.slice(0, groupByStackN);
      if (!groupByInputShapes) e.inputShapes = "";
    }
    return out;
  }

  /** All events summed into one row named "Total". */
  totalAverage(): FunctionEventAvg {
    const total = new FunctionEventAvg();
    for (const e of this) total.add(e);
    total.key = "Total";
    return total;
  }
}

function sum(xs: number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s;
}
const pyBool = (b: boolean): string => (b ? "True" : "False");
// str() of input shapes: a list, or "" once key averages dropped them.
const pyStr = (v: number[][] | ""): string => (typeof v === "string" ? v : pyList(v));

export function formatTime(us: number): string {
  if (us >= 1e6) return `${pyFixed(us / 1e6, 3)}s`;
  if (us >= 1e3) return `${pyFixed(us / 1e3, 3)}ms`;
  return `${pyFixed(us, 3)}us`;
}

function formatTimeShare(us: number, totalUs: number): string {
  if (totalUs === 0) return "NaN";
  return `${pyFixed((us * 100) / totalUs, 2)}%`;
}

export function formatMemory(nbytes: number): string {
  const KB = 1024;
  const MB = 1024 * KB;
  const GB = 1024 * MB;
  const a = Math.abs(nbytes);
  if (a >= GB) return `${pyFixed(nbytes / GB, 2)} Gb`;
  if (a >= MB) return `${pyFixed(nbytes / MB, 2)} Mb`;
  if (a >= KB) return `${pyFixed(nbytes / KB, 2)} Kb`;
  return `${nbytes} b`;
}

function buildTable(
  input: readonly (FunctionEvent | FunctionEventAvg)[],
  o: TableOptions & { profileMemory: boolean; withFlops: boolean },
): string {
  if (input.length === 0) return "";
  const rowLimit = o.rowLimit ?? 100;
  const maxSrc = o.maxSrcColumnWidth ?? 75;
  const maxName = o.maxNameColumnWidth ?? 55;
  const maxShapes = o.maxShapesColumnWidth ?? 80;
  const hasCudaTime = input.some((e) => e.selfCudaTimeTotal > 0);
  const hasCudaMem = input.some((e) => e.selfCudaMemoryUsage > 0);
  const hasInputShapes = input.some((e) => e.inputShapes.length > 0);
  let events = [...input];
  if (o.sortBy !== undefined && o.sortBy !== null) {
    const key = o.sortBy;
    events = events
      .map((e) => [e, e.metric(key)] as const)
      .sort((a, b) => b[1] - a[1])
      .map(([e]) => e);
  }
  const nameWidth = Math.min(Math.max(...events.map((e) => e.key.length)) + 4, maxName);
  const shapesWidth = Math.min(Math.max(...events.map((e) => pyStr(e.inputShapes).length)) + 4, maxShapes);
  const stacks = events.filter((e) => e.stack.length > 0).map((e) => e.stack);
  const hasStack = stacks.length > 0;
  const srcWidth = hasStack
    ? Math.min(Math.max(...stacks.map((s) => Math.max(...s.map((x) => x.length)))) + 4, maxSrc)
    : 0;
  const DEFAULT = 12;
  const SPACING = 2;
  const headers = ["Name", "Self CPU %", "Self CPU", "CPU total %", "CPU total", "CPU time avg"];
  if (hasCudaTime) headers.push("Self CUDA", "Self CUDA %", "CUDA total", "CUDA time avg");
  if (o.profileMemory) {
    headers.push("CPU Mem", "Self CPU Mem");
    if (hasCudaMem) headers.push("CUDA Mem", "Self CUDA Mem");
  }
  headers.push("# of Calls");
  const appendNodeId = events.some((e) => e.nodeId !== -1);
  if (appendNodeId) headers.push("Node ID");

  const columns: Array<{ width: number; left: boolean }> = [];
  const addColumn = (width: number, left = false): void => {
    columns.push({ width, left });
  };
  addColumn(nameWidth);
  for (let i = 1; i < headers.length; i++) addColumn(DEFAULT);
  if (hasInputShapes) {
    headers.push("Input Shapes");
    addColumn(shapesWidth);
  }
  if (hasStack) {
    headers.push("Source Location");
    addColumn(srcWidth, true);
  }
  let withFlops = o.withFlops;
  let flopsScale = 1;
  if (withFlops) {
    const raw = events.map((e) => e.flops).filter((f) => f > 0);
    if (raw.length > 0) {
      const names = ["FLOPs", "KFLOPs", "MFLOPs", "GFLOPs", "TFLOPs", "PFLOPs"];
      const log = Math.max(0, Math.min(Math.log10(Math.min(...raw)) / 3, names.length - 1));
      flopsScale = 10 ** (Math.floor(log) * -3);
      headers.push(`Total ${names[Math.trunc(log)]}`);
      addColumn(DEFAULT);
    } else withFlops = false;
  }
  const row = (values: Array<string | number>): string =>
    values
      .map((v, i) => {
        const s = String(v);
        const { width, left } = columns[i];
        return `${left ? s.padEnd(width) : s.padStart(width)}${" ".repeat(SPACING)}`;
      })
      .join("");
  const headerSep = columns.map((c) => `${"-".repeat(c.width)}${" ".repeat(SPACING)}`).join("");
  const lineLength = sum(columns.map((c) => c.width + SPACING)) - SPACING;

  const sumSelfCpu = sum(events.map((e) => e.selfCpuTimeTotal));
  let sumSelfCuda = 0;
  for (const e of events) {
    if (e.deviceType === "cpu") {
      if (e.isLegacy) sumSelfCuda += e.selfCudaTimeTotal;
    } else if (e.deviceType === "cuda") sumSelfCuda += e.selfCudaTimeTotal;
  }
  const out: string[] = [];
  const append = (s: string): void => {
    out.push(s, "\n");
  };
  if (o.header !== undefined && o.header !== null) {
    append("=".repeat(lineLength));
    append(o.header);
  }
  if (o.topLevelEventsOnly) {
    append("=".repeat(lineLength));
    append("This report only display top-level ops statistics");
  }
  append(headerSep);
  append(row(headers));
  append(headerSep);
  const trimPath = (p: string): string => {
    if (p.length <= srcWidth) return p;
    const t = p.slice(p.length - srcWidth);
    return t.length > 3 ? `...${t.slice(3)}` : t;
  };
  let shown = 0;
  for (const e of events) {
    if (shown === rowLimit) break;
    if (o.topLevelEventsOnly && e.cpuParent !== null) continue;
    shown++;
    let name = e.key;
    if (name.length >= maxName - 3) name = `${name.slice(0, maxName - 3)}...`;
    const values: Array<string | number> = [
      name,
      formatTimeShare(e.selfCpuTimeTotal, sumSelfCpu),
      e.selfCpuTimeTotalStr,
      e.isAsync ? 0 : formatTimeShare(e.cpuTimeTotal, sumSelfCpu),
      e.cpuTimeTotalStr,
      e.cpuTimeStr,
    ];
    if (hasCudaTime)
      values.push(
        e.selfCudaTimeTotalStr,
        formatTimeShare(e.selfCudaTimeTotal, sumSelfCuda),
        e.cudaTimeTotalStr,
        e.cudaTimeStr,
      );
    if (o.profileMemory) {
      values.push(formatMemory(e.cpuMemoryUsage), formatMemory(e.selfCpuMemoryUsage));
      if (hasCudaMem) values.push(formatMemory(e.cudaMemoryUsage), formatMemory(e.selfCudaMemoryUsage));
    }
    values.push(e.count);
    if (appendNodeId) values.push(e.nodeId);
    if (hasInputShapes) values.push(pyStr(e.inputShapes).slice(0, shapesWidth));
    if (withFlops) values.push(e.flops <= 0 ? "--" : pyFixed(e.flops * flopsScale, 3).padStart(8));
    if (hasStack) values.push(e.stack.length > 0 ? trimPath(e.stack[0]) : "");
    append(row(values));
    if (hasStack) {
      const empty = new Array<string>(headers.length - 1).fill("");
      for (const entry of e.stack.slice(1, 5)) append(row([...empty, trimPath(entry)]));
      append(row([...empty, ""]));
    }
  }
  append(headerSep);
  append(`Self CPU time total: ${formatTime(sumSelfCpu)}`);
  if (hasCudaTime) append(`Self CUDA time total: ${formatTime(sumSelfCuda)}`);
  return out.join("");
}
