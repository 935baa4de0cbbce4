// torch.distributed on libtorch's c10d (Gloo on CPU): the default process group, set up as Python's
// init_process_group sets it up (same store keys and barrier), so torchts and PyTorch processes can
// be ranks of one job. This is the first part of the API: init/destroy, rank and size,
// all_reduce, broadcast and barrier.
import { native } from "../native";
import { Tensor } from "../tensor";
import { checkInt } from "../utils/check";

/** torch.distributed.ReduceOp (the numbers are c10d's). */
export const ReduceOp = { SUM: 0, AVG: 1, PRODUCT: 2, MIN: 3, MAX: 4 } as const;
export type ReduceOpName = keyof typeof ReduceOp;

export interface InitOptions {
  backend?: "gloo";
  /** "env://" (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, as torchrun sets them) or "tcp://host:port". */
  initMethod?: string;
  rank?: number;
  worldSize?: number;
  /** Milliseconds (PyTorch's default: 30 minutes). */
  timeout?: number;
}

/** Whether this build has c10d with Gloo. */
export function isAvailable(): boolean {
  return native.distIsAvailable();
}

function unavailable(): never {
  throw new Error(
    "torch.distributed is not available in this build of torchts (it needs the libtorch's c10d headers and " +
      "Debian's libgloo-dev at build time)",
  );
}

function fromEnv(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === "") {
    throw new Error(
      `Error initializing torch.distributed using env:// rendezvous: environment variable ${name} expected, but not set`,
    );
  }
  return v;
}

/** torch.distributed.init_process_group */
export function initProcessGroup(o: InitOptions = {}): void {
  if (!isAvailable()) unavailable();
  const backend = o.backend ?? "gloo";
  if (backend !== "gloo") throw new Error(`Invalid backend: '${backend}' (this build has gloo)`);
  const method = o.initMethod ?? "env://";
  let host: string;
  let port: number;
  let rank = o.rank;
  let worldSize = o.worldSize;
  if (method === "env://") {
    host = fromEnv("MASTER_ADDR");
    port = Number(fromEnv("MASTER_PORT"));
    rank ??= Number(fromEnv("RANK"));
    worldSize ??= Number(fromEnv("WORLD_SIZE"));
  } else {
    const m = /^tcp:\/\/([^:/]+):(\d+)$/.exec(method);
    if (!m) throw new Error(`init_method ${method} is not supported (use env:// or tcp://host:port)`);
    host = m[1]!;
    port = Number(m[2]);
    if (rank === undefined || worldSize === undefined) throw new Error("tcp:// needs rank and worldSize");
  }
  checkInt(rank, "rank");
  checkInt(worldSize, "worldSize");
  checkInt(port, "port");
  native.distInit(host, { port, rank, worldSize, timeoutMs: o.timeout ?? 30 * 60 * 1000 });
}

export function destroyProcessGroup(): void {
  if (isAvailable()) native.distDestroy();
}
export function isInitialized(): boolean {
  return isAvailable() && native.distIsInitialized();
}
export function getRank(): number {
  if (!isAvailable()) unavailable();
  return native.distRank();
}
export function getWorldSize(): number {
  if (!isAvailable()) unavailable();
  return native.distWorldSize();
}
export function getBackend(): "gloo" {
  if (!isInitialized()) native.distRank();
  return "gloo";
}

/** torch.distributed.all_reduce: `tensor` becomes the reduction over all ranks, in place. */
export function allReduce(tensor: Tensor, op: ReduceOpName = "SUM"): void {
  if (!isAvailable()) unavailable();
  if (!(tensor instanceof Tensor)) throw new TypeError("allReduce takes a Tensor");
  if (!(op in ReduceOp)) throw new TypeError(`unknown ReduceOp ${String(op)}`);
  native.distAllReduce(tensor.handle, ReduceOp[op]);
}

/** torch.distributed.broadcast: every rank's `tensor` becomes rank `src`'s, in place. */
export function broadcast(tensor: Tensor, src: number): void {
  if (!isAvailable()) unavailable();
  if (!(tensor instanceof Tensor)) throw new TypeError("broadcast takes a Tensor");
  native.distBroadcast(tensor.handle, checkInt(src, "src"));
}

export function barrier(): void {
  if (!isAvailable()) unavailable();
  native.distBarrier();
}
