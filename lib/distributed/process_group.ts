// Process groups as Python's distributed_c10d keeps them: the default group from
// init_process_group (env://, tcp://, file:// or a Store), further groups from new_group, ranks
// translated between the world and a group. The native side does the rendezvous exactly as Python
// does, so PyTorch processes can be ranks of the same job.
import { native } from "../native";
import { checkInt } from "../utils/check";
import { checkKwargs } from "../utils/kwargs";
import { LIBTORCH_MAJOR } from "../utils/version";
import { warn } from "../warnings";
import { FileStore, type Store, TCPStore } from "./store";

const DEFAULT_PG_TIMEOUT_MS = 30 * 60 * 1000;

/** A process group: `id` is the native group's index (0: the default group). */
export class ProcessGroup {
  /** @internal */
  constructor(
    /** @internal */ readonly id: number,
    /** Global ranks of the members, in group-rank order. */
    readonly ranks: readonly number[],
    /** @internal The backend the group was made with. */
    readonly backend: BackendName = "gloo",
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
// PyTorch 1.13 keeps NON_GROUP_MEMBER in its group-ranks table too, keyed once: the members of the
// last new_group this rank was not in (what get_group_rank & co. then answer for it).
let nonMemberRanks: readonly number[] | null = null;

/** A backend name as PyTorch spells it: one backend, or one per device type. */
export type BackendName = "gloo" | "nccl" | "cpu:gloo,cuda:nccl";

/** Whether this build has c10d with a backend (Gloo and/or NCCL). */
export function isAvailable(): boolean {
  return native.distBackends().length > 0;
}
/** torch.distributed.is_gloo_available. */
export function isGlooAvailable(): boolean {
  return native.distBackends().includes("gloo");
}
/** torch.distributed.is_nccl_available. */
export function isNcclAvailable(): boolean {
  return native.distBackends().includes("nccl");
}
/** @internal */
export function checkAvailable(): void {
  if (!isAvailable()) {
    throw new Error(
      "torch.distributed is not available in this build of torchts (it needs the libtorch's c10d headers and " +
        "Debian's libgloo-dev, or a CUDA libtorch with NCCL, at build time)",
    );
  }
}

/** The backend a call asks for, checked against the build (PyTorch's default when none is given). */
function checkBackend(backend: unknown): BackendName {
  const built = native.distBackends();
  if (backend === undefined || backend === null) {
    // PyTorch 2.x's default is Gloo for CPU tensors and NCCL for CUDA ones; 1.x had none (gloo here).
    if (built.includes("nccl")) return built.includes("gloo") && LIBTORCH_MAJOR >= 2 ? "cpu:gloo,cuda:nccl" : "nccl";
    return "gloo";
  }
  if (typeof backend !== "string") throw new TypeError(`backend must be a string, got ${typeof backend}`);
  const name = backend.toLowerCase().replace(/\s+/g, "");
  // PyTorch's names; MPI and UCC are valid names that no torchts build has.
  if (!["gloo", "nccl", "mpi", "ucc", "cpu:gloo,cuda:nccl"].includes(name))
    throw new Error(`Invalid backend: '${backend}'`);
  for (const b of name === "cpu:gloo,cuda:nccl" ? ["gloo", "nccl"] : [name])
    if (!built.includes(b)) throw new Error(`Distributed package doesn't have ${b.toUpperCase()} built in`);
  if (name.includes(",") && LIBTORCH_MAJOR < 2)
    throw new Error('"cpu:gloo,cuda:nccl" needs libtorch 2.x (this one has one backend per group)');
  return name as BackendName;
}

/** Options of {@link initProcessGroup} (PyTorch's keyword arguments). */
export interface InitOptions {
  /**
   * The communication backend: "gloo" (CPU tensors; CUDA too for some collectives), "nccl" (CUDA
   * tensors), or "cpu:gloo,cuda:nccl". Default: as PyTorch 2.x, both where NCCL is built in, else "gloo".
   */
  backend?: BackendName;
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
 * Differs from PyTorch: `timeout` is in milliseconds.
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
  const backend = checkBackend(o.backend);
  if (world) throw new Error("trying to initialize the default process group twice!");
  const timeout = checkInt(o.timeout ?? DEFAULT_PG_TIMEOUT_MS, "timeout");
  // Checked before the rendezvous, which would otherwise wait for a job that cannot form.
  if (o.rank !== undefined && o.worldSize !== undefined) checkRank(o.rank, o.worldSize);
  const { store, rank, worldSize } = rendezvous(o, timeout);
  checkRank(rank, worldSize);
  native.distInit(store.ref, { rank, worldSize, timeoutMs: timeout, backend });
  world = new ProcessGroup(
    0,
    Array.from({ length: worldSize }, (_, k) => k),
    backend,
  );
}

/** torch.distributed.new_group: every rank of the default group must call it, in the same order. */
export function newGroup(ranks?: number[] | null, o: { timeout?: number; backend?: BackendName } = {}): Group {
  checkKwargs(o, ["timeout", "backend"], "new_group");
  const w = defaultGroup();
  // As PyTorch: a new group has the default group's backend unless one is named.
  const backend = o.backend === undefined ? w.backend : checkBackend(o.backend);
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
  const id = native.distNewGroup(members, checkInt(o.timeout ?? DEFAULT_PG_TIMEOUT_MS, "timeout"), backend);
  if (id < 0) nonMemberRanks = members;
  return id < 0 ? NON_GROUP_MEMBER : new ProcessGroup(id, members, backend);
}

/** @internal The default group, or PyTorch's error when there is none. */
export function defaultGroup(): ProcessGroup {
  checkAvailable();
  if (!world)
    throw new Error("Default process group has not been initialized, please make sure to call init_process_group.");
  return world;
}

/**
 * @internal The group a call names (default: the world); null when this rank is not a member, when
 * the collective `op` (Python's name) warns as PyTorch's _warn_not_in_group.
 */
export function resolveGroup(group: Group | null | undefined, op?: string): ProcessGroup | null {
  if (group === NON_GROUP_MEMBER) {
    if (op !== undefined)
      warn(`Running ${op} on global rank ${world ? world.rank() : -1} which does not belong to the given group.`);
    return null;
  }
  if (group === undefined || group === null) return defaultGroup();
  if (!(group instanceof ProcessGroup)) throw new TypeError("group must be a ProcessGroup");
  defaultGroup();
  return group;
}

/** @internal A global rank as the group's rank (Python's get_group_rank). */
export function groupRank(g: ProcessGroup, globalRank: number, what: string): number {
  const r = g.ranks.indexOf(checkInt(globalRank, what));
  if (r < 0) throw new Error(`Global rank ${globalRank} is not part of group ${g}`);
  return r;
}

/**
 * @internal A collective's root as PyTorch passes it on: unchanged on the default group (c10d checks
 * it: "invalid root rank"), translated to the group's rank on any other.
 */
export function rootRank(g: ProcessGroup, globalRank: number, what: string): number {
  return g.id === 0 ? checkInt(globalRank, what) : groupRank(g, globalRank, what);
}

function groupRanks(group: Group): readonly number[] {
  const ranks = group === NON_GROUP_MEMBER ? nonMemberRanks : group instanceof ProcessGroup ? group.ranks : null;
  if (!ranks)
    throw new Error(
      `Group ${String(group)} is not registered, please create group with torch.distributed.new_group API`,
    );
  return ranks;
}
/** torch.distributed.get_group_rank: `globalRank` as a rank of `group` (identity on the default group). */
export function getGroupRank(group: Group, globalRank: number): number {
  checkInt(globalRank, "global_rank");
  if (group instanceof ProcessGroup && group.id === 0) return globalRank;
  const r = groupRanks(group).indexOf(globalRank);
  if (r < 0) throw new Error(`Global rank ${globalRank} is not part of group ${String(group)}`);
  return r;
}
/** torch.distributed.get_global_rank: the global rank of `group`'s rank `groupRank` (identity on the default group). */
export function getGlobalRank(group: Group, groupRank: number): number {
  checkInt(groupRank, "group_rank");
  if (group instanceof ProcessGroup && group.id === 0) return groupRank;
  const ranks = groupRanks(group);
  if (groupRank < 0 || groupRank >= ranks.length)
    throw new Error(`Group rank ${groupRank} is not part of group ${String(group)}`);
  return ranks[groupRank]!;
}
/** torch.distributed.get_process_group_ranks: the global ranks of `group`, in group-rank order. */
export function getProcessGroupRanks(group: Group): number[] {
  return [...groupRanks(group)];
}

/** torch.distributed.destroy_process_group: leaves the default group and frees its groups. */
export function destroyProcessGroup(): void {
  if (isAvailable()) native.distDestroy();
  world = null;
  nonMemberRanks = null;
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
/** The backend of `group` (default: the world), as it was named at init/newGroup. */
export function getBackend(group?: Group | null): BackendName {
  const g = resolveGroup(group);
  if (!g) throw new Error("Invalid process group specified");
  return g.backend;
}
