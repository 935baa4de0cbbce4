// Process groups as Python's distributed_c10d keeps them: the default group from
// init_process_group (env://, tcp://, file:// or a Store), further groups from new_group, ranks
// translated between the world and a group. The native side does the rendezvous exactly as Python
// does, so PyTorch processes can be ranks of the same job.
import { native } from "../native";
import { checkInt } from "../utils/check";
import { checkKwargs } from "../utils/kwargs";
import { FileStore, type Store, TCPStore } from "./store";

const DEFAULT_PG_TIMEOUT_MS = 30 * 60 * 1000;

/** A process group: `id` is the native group's index (0: the default group). */
export class ProcessGroup {
  /** @internal */
  constructor(
    /** @internal */ readonly id: number,
    /** Global ranks of the members, in group-rank order. */
    readonly ranks: readonly number[],
  ) {}
  /** This process's rank within the group. */
  rank(): number {
    return native.distRank(this.id);
  }
  /** The number of processes in the group. */
  size(): number {
    return this.ranks.length;
  }
  /** `ProcessGroup(ranks=[...])`. */
  toString(): string {
    return `ProcessGroup(ranks=[${this.ranks.join(", ")}])`;
  }
}

/** What new_group returns on a rank outside the group (Python's GroupMember.NON_GROUP_MEMBER). */
export const NON_GROUP_MEMBER: unique symbol = Symbol("NON_GROUP_MEMBER");
/** A group argument: a {@link ProcessGroup}, or {@link NON_GROUP_MEMBER} on ranks outside it. */
export type Group = ProcessGroup | typeof NON_GROUP_MEMBER;

let world: ProcessGroup | null = null;

/** Whether this build has c10d with Gloo. */
export function isAvailable(): boolean {
  return native.distIsAvailable();
}
/** @internal */
export function checkAvailable(): void {
  if (!isAvailable()) {
    throw new Error(
      "torch.distributed is not available in this build of torchts (it needs the libtorch's c10d headers and " +
        "Debian's libgloo-dev at build time)",
    );
  }
}

/** Options of {@link initProcessGroup} (PyTorch's keyword arguments). */
export interface InitOptions {
  /** The communication backend; only "gloo" (the default) is available. */
  backend?: "gloo";
  /** "env://" (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE as torchrun sets them), "tcp://host:port" or "file:///path". */
  initMethod?: string;
  /** A store to rendezvous through instead of initMethod (needs rank and worldSize). */
  store?: Store;
  /** This process's rank, 0..worldSize-1 (env://: default from RANK). */
  rank?: number;
  /** The number of processes (env://: default from WORLD_SIZE). */
  worldSize?: number;
  /** Milliseconds (PyTorch's default: 30 minutes). */
  timeout?: number;
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

function rendezvous(o: InitOptions, timeout: number): { store: Store; rank: number; worldSize: number } {
  if (o.store !== undefined) {
    if (o.initMethod !== undefined) throw new Error("Cannot specify both init_method and store.");
    if (o.rank === undefined || o.worldSize === undefined)
      throw new Error("world_size and rank must be specified when store is given");
    return { store: o.store, rank: checkInt(o.rank, "rank"), worldSize: checkInt(o.worldSize, "worldSize") };
  }
  const method = o.initMethod ?? "env://";
  if (method === "env://") {
    const rank = checkInt(o.rank ?? Number(fromEnv("RANK")), "rank");
    const worldSize = checkInt(o.worldSize ?? Number(fromEnv("WORLD_SIZE")), "worldSize");
    const port = checkInt(Number(fromEnv("MASTER_PORT")), "MASTER_PORT");
    const store = new TCPStore(fromEnv("MASTER_ADDR"), port, { worldSize, isMaster: rank === 0, timeout });
    return { store, rank, worldSize };
  }
  const tcp = /^tcp:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(method);
  const file = /^file:\/\/(\/.*)$/.exec(method);
  if (!tcp && !file) throw new Error(`No rendezvous handler for ${method.split(":")[0]}://`);
  if (o.rank === undefined || o.worldSize === undefined)
    throw new Error(`${tcp ? "tcp" : "file"}:// rendezvous needs rank and worldSize`);
  const rank = checkInt(o.rank, "rank");
  const worldSize = checkInt(o.worldSize, "worldSize");
  if (tcp) {
    const host = tcp[1]!.replace(/^\[|\]$/g, "");
    return { store: new TCPStore(host, Number(tcp[2]), { worldSize, isMaster: rank === 0, timeout }), rank, worldSize };
  }
  return { store: new FileStore(file![1]!, worldSize), rank, worldSize };
}

function checkRank(rank: number, worldSize: number): void {
  checkInt(rank, "rank");
  checkInt(worldSize, "worldSize");
  if (worldSize <= 0 || rank < 0 || rank >= worldSize)
    throw new Error(`Invalid rank ${rank} for world size ${worldSize}: 0 <= rank < world_size`);
}

/**
 * torch.distributed.init_process_group: joins this process to the default process group.
 *
 * Every process of the job calls it. The rendezvous is Python's: `env://` (the default; reads
 * MASTER_ADDR, MASTER_PORT, RANK and WORLD_SIZE as torchrun sets them), `tcp://host:port` or
 * `file:///path` with `rank` and `worldSize`, or an explicit `store`. So PyTorch processes can be
 * ranks of the same job.
 *
 * Differs from PyTorch: the only backend is "gloo" (CPU tensors); `timeout` is in milliseconds.
 *
 * @param o - {@link InitOptions}; unknown keys are TypeErrors.
 * @throws Error when called twice, or when the rendezvous cannot form.
 * @example
 * ```ts
 * // Started by `npx torchts run --nproc-per-node 2 train.js` (or torchrun) with the env:// variables set:
 * torch.distributed.initProcessGroup({ backend: "gloo" });
 * const t = torch.ones([4]).mul(torch.distributed.getRank());
 * torch.distributed.allReduce(t); // sum over ranks, in place
 * torch.distributed.destroyProcessGroup();
 * // Without environment variables:
 * torch.distributed.initProcessGroup({ initMethod: "tcp://127.0.0.1:29500", rank: 0, worldSize: 2 });
 * ```
 */
export function initProcessGroup(o: InitOptions = {}): void {
  checkKwargs(o, ["backend", "initMethod", "store", "rank", "worldSize", "timeout"], "init_process_group");
  checkAvailable();
  const backend = o.backend ?? "gloo";
  if (backend !== "gloo") throw new Error(`Invalid backend: '${String(backend)}' (this build has gloo)`);
  if (world) throw new Error("trying to initialize the default process group twice!");
  const timeout = checkInt(o.timeout ?? DEFAULT_PG_TIMEOUT_MS, "timeout");
  // Checked before the rendezvous, which would otherwise wait for a job that cannot form.
  if (o.rank !== undefined && o.worldSize !== undefined) checkRank(o.rank, o.worldSize);
  const { store, rank, worldSize } = rendezvous(o, timeout);
  checkRank(rank, worldSize);
  native.distInit(store.ref, { rank, worldSize, timeoutMs: timeout });
  world = new ProcessGroup(
    0,
    Array.from({ length: worldSize }, (_, k) => k),
  );
}

/** torch.distributed.new_group: every rank of the default group must call it, in the same order. */
export function newGroup(ranks?: number[] | null, o: { timeout?: number; backend?: "gloo" } = {}): Group {
  checkKwargs(o, ["timeout", "backend"], "new_group");
  const w = defaultGroup();
  let members: number[];
  if (ranks === undefined || ranks === null) members = [...w.ranks];
  else {
    if (!Array.isArray(ranks)) throw new TypeError("ranks must be an array of ints");
    members = ranks.map((r) => checkInt(r, "ranks")).sort((a, b) => a - b);
    if (members.length > w.size())
      throw new Error("the new group's world size should be less or equal to the world size set by init_process_group");
    for (const r of members)
      if (r < 0 || r >= w.size())
        throw new Error("The new group's rank should be within the the world_size set by init_process_group");
  }
  const id = native.distNewGroup(members, checkInt(o.timeout ?? DEFAULT_PG_TIMEOUT_MS, "timeout"));
  return id < 0 ? NON_GROUP_MEMBER : new ProcessGroup(id, members);
}

/** @internal The default group, or PyTorch's error when there is none. */
export function defaultGroup(): ProcessGroup {
  checkAvailable();
  if (!world)
    throw new Error("Default process group has not been initialized, please make sure to call init_process_group.");
  return world;
}

/** @internal The group a call names (default: the world); null when this rank is not a member. */
export function resolveGroup(group: Group | null | undefined): ProcessGroup | null {
  if (group === NON_GROUP_MEMBER) return null;
  if (group === undefined || group === null) return defaultGroup();
  if (!(group instanceof ProcessGroup)) throw new TypeError("group must be a ProcessGroup");
  defaultGroup();
  return group;
}

/** @internal A global rank as the group's rank (Python's _get_group_rank). */
export function groupRank(g: ProcessGroup, globalRank: number, what: string): number {
  const r = g.ranks.indexOf(checkInt(globalRank, what));
  if (r < 0) throw new Error(`The global rank ${globalRank} is not part of the group ${g}`);
  return r;
}

/** torch.distributed.destroy_process_group: leaves the default group and frees its groups. */
export function destroyProcessGroup(): void {
  if (isAvailable()) native.distDestroy();
  world = null;
}
/** torch.distributed.is_initialized: whether the default process group exists. */
export function isInitialized(): boolean {
  return isAvailable() && native.distIsInitialized();
}
/** The rank in `group` (default: the world); -1 outside the group, as PyTorch. */
export function getRank(group?: Group | null): number {
  const g = resolveGroup(group);
  return g ? g.rank() : -1;
}
/** The number of processes in `group` (default: the world); -1 outside the group, as PyTorch. */
export function getWorldSize(group?: Group | null): number {
  const g = resolveGroup(group);
  return g ? g.size() : -1;
}
/** The backend of `group`: always "gloo" in torchts. */
export function getBackend(group?: Group | null): "gloo" {
  resolveGroup(group);
  return "gloo";
}
