// torch.utils.tensorboard: a SummaryWriter that writes TensorBoard event files as PyTorch's does:
// TFRecord framing (length, masked CRC32C of the length, the record, masked CRC32C of the record)
// around Event protobufs — a first event with file_version "brain.Event:2", then one Summary per
// scalar with a simple_value. Files are named events.out.tfevents.<time>.<host>.<pid>.<n><suffix>.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { Complex } from "../complex";
import { checkKwargs } from "./kwargs";

// CRC32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC32C of `data` (crc32c("123456789") is 0xe3069283). */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotate right by 15 bits and add a constant. */
export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** One TFRecord: uint64 length, masked CRC of the length bytes, the data, masked CRC of the data (little endian). */
export function tfRecord(data: Uint8Array): Buffer {
  const out = Buffer.alloc(data.length + 16);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), 12 + data.length);
  return out;
}

// Protocol buffers, only what Event/Summary need.
function varint(v: bigint): number[] {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  while (x >= 0x80n) {
    out.push(Number(x & 0x7fn) | 0x80);
    x >>= 7n;
  }
  out.push(Number(x));
  return out;
}

function lengthDelimited(field: number, bytes: Uint8Array): Buffer {
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...varint(BigInt(bytes.length))]), bytes]);
}

/** Summary { repeated Value value = 1 }, Value { string tag = 1; float simple_value = 2 }. */
function scalarSummary(tag: string, value: number): Buffer {
  const f = Buffer.alloc(5);
  f[0] = (2 << 3) | 5;
  f.writeFloatLE(value, 1);
  return lengthDelimited(1, Buffer.concat([lengthDelimited(1, Buffer.from(tag, "utf8")), f]));
}

/** Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5 }. */
function event(wallTime: number, step: number, body: { fileVersion?: string; summary?: Buffer }): Buffer {
  const parts: Buffer[] = [];
  const w = Buffer.alloc(9);
  w[0] = (1 << 3) | 1;
  w.writeDoubleLE(wallTime, 1);
  parts.push(w);
  if (step !== 0) parts.push(Buffer.from([2 << 3, ...varint(BigInt(step))]));
  if (body.fileVersion !== undefined) parts.push(lengthDelimited(3, Buffer.from(body.fileVersion, "utf8")));
  if (body.summary) parts.push(lengthDelimited(5, body.summary));
  return Buffer.concat(parts);
}

// PyTorch's _clean_tag: characters outside [-/\w.] become "_", leading slashes go.
function cleanTag(tag: string): string {
  return tag.replace(/[^-/\p{L}\p{N}_.]/gu, "_").replace(/^\/+/, "");
}

function defaultLogDir(comment: string): string {
  const d = new Date();
  const mon = d.toLocaleString("en-US", { month: "short" });
  const p = (n: number) => String(n).padStart(2, "0");
  const stamp = `${mon}${p(d.getDate())}_${p(d.getHours())}-${p(d.getMinutes())}-${p(d.getSeconds())}`;
  return path.join("runs", `${stamp}_${os.hostname()}${comment}`);
}

export interface SummaryWriterOptions {
  /** Appended to the default log dir's name (ignored when logDir is given), as in PyTorch. */
  comment?: string;
  /** Events held in memory before they are written to the file (default 10). */
  maxQueue?: number;
  /** Seconds between automatic flushes (default 120); pending events are also written at exit. */
  flushSecs?: number;
  /** Appended to the event file's name. */
  filenameSuffix?: string;
}
const OPTIONS = ["comment", "maxQueue", "flushSecs", "filenameSuffix"] as const;

let fileCounter = 0;
// Open writers; their pending events are written when the process exits (one listener for all).
const open = new Set<SummaryWriter>();
let exitHook = false;

/**
 * torch.utils.tensorboard.SummaryWriter: writes scalars to an event file in `logDir` (default
 * runs/<date>_<host><comment>) that TensorBoard reads (`tensorboard --logdir runs`).
 */
export class SummaryWriter {
  readonly logDir: string;
  /** The event file this writer appends to. */
  readonly file: string;
  private fd: number | null;
  private pending: Buffer[] = [];
  private readonly maxQueue: number;
  private readonly timer: NodeJS.Timeout | null;

  constructor(logDir?: string, o: SummaryWriterOptions = {}) {
    checkKwargs(o, OPTIONS, "SummaryWriter.__init__");
    if (logDir !== undefined && typeof logDir !== "string")
      throw new TypeError(`SummaryWriter.__init__() log_dir must be a string, not ${typeof logDir}`);
    this.logDir = logDir ?? defaultLogDir(o.comment ?? "");
    this.maxQueue = o.maxQueue ?? 10;
    fs.mkdirSync(this.logDir, { recursive: true });
    const now = Date.now() / 1000;
    const name = `events.out.tfevents.${String(Math.floor(now)).padStart(10, "0")}.${os.hostname()}.${process.pid}.${fileCounter++}${o.filenameSuffix ?? ""}`;
    this.file = path.join(this.logDir, name);
    this.fd = fs.openSync(this.file, "w");
    // The file starts with the version event and is readable (as an empty run) at once.
    fs.writeSync(this.fd, tfRecord(event(now, 0, { fileVersion: "brain.Event:2" })));
    const secs = o.flushSecs ?? 120;
    this.timer = secs > 0 ? setInterval(() => this.flush(), secs * 1000) : null;
    this.timer?.unref();
    open.add(this);
    if (!exitHook) {
      exitHook = true;
      process.on("exit", () => {
        for (const w of open) w.flush();
      });
    }
  }

  /** The folder the event file is in. */
  getLogdir(): string {
    return this.logDir;
  }

  /** Adds `scalarValue` (a number or a one-element tensor) under `tag` at step `globalStep`. */
  addScalar(
    tag: string,
    scalarValue: number | { item(): number | boolean | bigint | Complex },
    globalStep?: number,
    walltime?: number,
  ): void {
    if (this.fd === null) throw new Error("SummaryWriter: addScalar() after close()");
    if (typeof tag !== "string") throw new TypeError(`addScalar(): tag must be a string, not ${typeof tag}`);
    if (typeof scalarValue !== "number" && typeof scalarValue?.item !== "function")
      throw new TypeError("addScalar(): scalar_value must be a number or a one-element tensor");
    const item = typeof scalarValue === "number" ? scalarValue : scalarValue.item();
    if (item instanceof Complex) throw new TypeError("can't convert complex to float");
    const value = Number(item);
    const step = globalStep ?? 0;
    if (!Number.isSafeInteger(step)) throw new TypeError(`addScalar(): global_step must be an integer, got ${step}`);
    const summary = scalarSummary(cleanTag(tag), value);
    this.pending.push(tfRecord(event(walltime ?? Date.now() / 1000, step, { summary })));
    if (this.pending.length >= this.maxQueue) this.flush();
  }

  /** Writes the pending events to the event file. */
  flush(): void {
    if (this.fd === null || this.pending.length === 0) return;
    fs.writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
  }

  /** Flushes and closes the event file; later calls to close() do nothing. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = null;
    if (this.timer) clearInterval(this.timer);
    open.delete(this);
  }

  [Symbol.dispose](): void {
    this.close();
  }
}
