// torch.distributed's collectives and point-to-point ops over c10d (Gloo). Each takes PyTorch's
// arguments positionally or as one options object; with asyncOp it returns a Work instead of waiting.
import { native, type WorkRef } from "../native";
import { Tensor } from "../tensor";
import { checkInt } from "../utils/check";
import { bindArgs } from "../utils/kwargs";
import { type Group, groupRank, type ProcessGroup, resolveGroup } from "./process_group";

/** torch.distributed.ReduceOp (values are c10d's RedOpType numbers). */
export const ReduceOp = { SUM: 0, AVG: 1, PRODUCT: 2, MIN: 3, MAX: 4, BAND: 5, BOR: 6, BXOR: 7 } as const;
export type ReduceOpName = keyof typeof ReduceOp;
export type ReduceOpLike = ReduceOpName | (typeof ReduceOp)[ReduceOpName];

function opCode(op: unknown): number {
  if (op === undefined) return ReduceOp.SUM;
  if (typeof op === "string" && op in ReduceOp) return ReduceOp[op as ReduceOpName];
  if (typeof op === "number" && Object.values(ReduceOp).includes(op as never)) return op;
  throw new TypeError(`unknown ReduceOp ${String(op)}`);
}
function tensorArg(t: unknown, fn: string, what = "tensor"): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${fn}(): argument '${what}' must be a Tensor`);
  return t;
}
function tensorListArg(ts: unknown, fn: string, what: string): Tensor[] {
  if (!Array.isArray(ts)) throw new TypeError(`${fn}(): argument '${what}' must be a list of Tensors`);
  return ts.map((t) => tensorArg(t, fn, what));
}
function asyncFlag(v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== "boolean") throw new TypeError("asyncOp must be a boolean");
  return v;
}

/** torch.distributed's Work: what an async collective returns. */
export class Work {
  /** @internal */
  constructor(
    private readonly ref: WorkRef,
    // Tensors the op writes into stay referenced until it is done.
    private readonly keep: readonly Tensor[] = [],
  ) {}
  /** Blocks until the op is done (or `timeout` ms pass: false); rethrows its error. */
  wait(timeout?: number): boolean {
    return native.workWait(this.ref, timeout === undefined ? undefined : checkInt(timeout, "timeout"));
  }
  /** Waits on a thread of the pool: the event loop keeps running. */
  async waitAsync(): Promise<boolean> {
    const done = await native.workWaitAsync(this.ref);
    void this.keep;
    return done;
  }
  isCompleted(): boolean {
    return native.workIsCompleted(this.ref);
  }
  /** For irecv from any source: the group rank that sent. */
  sourceRank(): number {
    return native.workSourceRank(this.ref);
  }
}

function done(r: WorkRef | undefined, keep: Tensor[]): Work | undefined {
  return r === undefined ? undefined : new Work(r, keep);
}

interface CommonKw {
  group?: Group | null;
  asyncOp?: boolean;
}

/** torch.distributed.all_reduce(tensor, op, group, async_op): in place. */
export function allReduce(tensor: Tensor, op?: ReduceOpLike, group?: Group | null, asyncOp?: boolean): Work | undefined;
export function allReduce(tensor: Tensor, o: CommonKw & { op?: ReduceOpLike }): Work | undefined;
export function allReduce(tensor: Tensor, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["op", "group", "asyncOp"], "all_reduce", 1);
  const t = tensorArg(tensor, "all_reduce");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(native.distAllReduce(t.handle, { op: opCode(o.op), group: g.id, asyncOp }), [t]);
}

/** torch.distributed.broadcast(tensor, src, group, async_op): `src` is a global rank. */
export function broadcast(tensor: Tensor, src: number, group?: Group | null, asyncOp?: boolean): Work | undefined;
export function broadcast(tensor: Tensor, src: number, o: CommonKw): Work | undefined;
export function broadcast(tensor: Tensor, src: number, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["group", "asyncOp"], "broadcast", 2);
  const t = tensorArg(tensor, "broadcast");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(native.distBroadcast(t.handle, { src: groupRank(g, src, "src"), group: g.id, asyncOp }), [t]);
}

/** torch.distributed.reduce(tensor, dst, op, group, async_op): the result lands on `dst` only. */
export function reduce(
  tensor: Tensor,
  dst: number,
  op?: ReduceOpLike,
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function reduce(tensor: Tensor, dst: number, o: CommonKw & { op?: ReduceOpLike }): Work | undefined;
export function reduce(tensor: Tensor, dst: number, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["op", "group", "asyncOp"], "reduce", 2);
  const t = tensorArg(tensor, "reduce");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(native.distReduce(t.handle, { op: opCode(o.op), dst: groupRank(g, dst, "dst"), group: g.id, asyncOp }), [
    t,
  ]);
}

/** torch.distributed.all_gather(tensor_list, tensor, group, async_op) */
export function allGather(
  tensorList: Tensor[],
  tensor: Tensor,
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function allGather(tensorList: Tensor[], tensor: Tensor, o: CommonKw): Work | undefined;
export function allGather(tensorList: Tensor[], tensor: Tensor, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["group", "asyncOp"], "all_gather", 2);
  const outs = tensorListArg(tensorList, "all_gather", "tensor_list");
  const t = tensorArg(tensor, "all_gather");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(
    native.distAllGather(
      outs.map((x) => x.handle),
      t.handle,
      { group: g.id, asyncOp },
    ),
    [...outs, t],
  );
}

/** torch.distributed.all_gather_into_tensor(output, input, group, async_op): ranks' inputs concatenated along dim 0. */
export function allGatherIntoTensor(
  output: Tensor,
  input: Tensor,
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function allGatherIntoTensor(output: Tensor, input: Tensor, o: CommonKw): Work | undefined;
export function allGatherIntoTensor(output: Tensor, input: Tensor, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["group", "asyncOp"], "all_gather_into_tensor", 2);
  const out = tensorArg(output, "all_gather_into_tensor", "output_tensor");
  const inp = tensorArg(input, "all_gather_into_tensor", "input_tensor");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(native.distAllGatherIntoTensor(out.handle, inp.handle, { group: g.id, asyncOp }), [out, inp]);
}

/** torch.distributed.reduce_scatter_tensor(output, input, op, group): the reduction, this rank's chunk of dim 0. */
export function reduceScatterTensor(output: Tensor, input: Tensor, op?: ReduceOpLike, group?: Group | null): void;
export function reduceScatterTensor(
  output: Tensor,
  input: Tensor,
  o: { op?: ReduceOpLike; group?: Group | null },
): void;
export function reduceScatterTensor(output: Tensor, input: Tensor, ...rest: unknown[]): void {
  const o = bindArgs(rest, ["op", "group"], "reduce_scatter_tensor", 2);
  const out = tensorArg(output, "reduce_scatter_tensor", "output");
  const inp = tensorArg(input, "reduce_scatter_tensor", "input");
  const g = resolveGroup(o.group as Group);
  if (!g) return;
  native.distReduceScatterTensor(out.handle, inp.handle, { op: opCode(o.op), group: g.id });
}

/** torch.distributed.gather(tensor, gather_list, dst, group, async_op): gather_list only on `dst`. */
export function gather(
  tensor: Tensor,
  gatherList?: Tensor[] | null,
  dst?: number,
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function gather(tensor: Tensor, o: CommonKw & { gatherList?: Tensor[] | null; dst?: number }): Work | undefined;
export function gather(tensor: Tensor, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["gatherList", "dst", "group", "asyncOp"], "gather", 1);
  const t = tensorArg(tensor, "gather");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  const dst = groupRank(g, (o.dst as number | undefined) ?? 0, "dst");
  const mine = g.rank() === dst;
  const list =
    o.gatherList === undefined || o.gatherList === null ? null : tensorListArg(o.gatherList, "gather", "gather_list");
  if (mine && !list) throw new Error("Argument ``gather_list`` must be specified on destination rank.");
  if (!mine && list && list.length)
    throw new Error("Argument ``gather_list`` must NOT be specified on non-destination ranks.");
  const asyncOp = asyncFlag(o.asyncOp);
  const outs = mine ? list! : null;
  return done(native.distGather(t.handle, outs ? outs.map((x) => x.handle) : null, { dst, group: g.id, asyncOp }), [
    t,
    ...(outs ?? []),
  ]);
}

/** torch.distributed.scatter(tensor, scatter_list, src, group, async_op): scatter_list only on `src`. */
export function scatter(
  tensor: Tensor,
  scatterList?: Tensor[] | null,
  src?: number,
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function scatter(
  tensor: Tensor,
  o: CommonKw & { scatterList?: Tensor[] | null; src?: number },
): Work | undefined;
export function scatter(tensor: Tensor, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["scatterList", "src", "group", "asyncOp"], "scatter", 1);
  const t = tensorArg(tensor, "scatter");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  const src = groupRank(g, (o.src as number | undefined) ?? 0, "src");
  const mine = g.rank() === src;
  const list =
    o.scatterList === undefined || o.scatterList === null
      ? null
      : tensorListArg(o.scatterList, "scatter", "scatter_list");
  if (mine && !list) throw new Error("Argument ``scatter_list`` must be specified on source rank.");
  if (!mine && list && list.length)
    throw new Error("Argument ``scatter_list`` must NOT be specified on non-source ranks.");
  const asyncOp = asyncFlag(o.asyncOp);
  const ins = mine ? list! : null;
  return done(native.distScatter(t.handle, ins ? ins.map((x) => x.handle) : null, { src, group: g.id, asyncOp }), [
    t,
    ...(ins ?? []),
  ]);
}

function p2p(
  fn: string,
  tensor: Tensor,
  peer: number | null | undefined,
  group: Group | null | undefined,
  tag: unknown,
): { t: Tensor; g: ProcessGroup | null; peer: number; tag: number } {
  const t = tensorArg(tensor, fn);
  const g = resolveGroup(group);
  const tg = checkInt(tag ?? 0, "tag");
  if (!g) return { t, g, peer: -1, tag: tg };
  if (peer === null || peer === undefined) return { t, g, peer: -1, tag: tg };
  const r = groupRank(g, peer, fn === "send" || fn === "isend" ? "dst" : "src");
  if (fn.endsWith("send") && r === g.rank())
    throw new Error("Invalid destination rank: should not be the same as the rank of the current process.");
  return { t, g, peer: r, tag: tg };
}

/** torch.distributed.send(tensor, dst, group, tag) */
export function send(tensor: Tensor, dst: number, group?: Group | null, tag?: number): void {
  const a = p2p("send", tensor, dst, group, tag);
  if (!a.g) return;
  native.distSend(a.t.handle, { peer: a.peer, tag: a.tag, group: a.g.id, asyncOp: false });
}
/** torch.distributed.isend(tensor, dst, group, tag) */
export function isend(tensor: Tensor, dst: number, group?: Group | null, tag?: number): Work | undefined {
  const a = p2p("isend", tensor, dst, group, tag);
  if (!a.g) return undefined;
  return done(native.distSend(a.t.handle, { peer: a.peer, tag: a.tag, group: a.g.id, asyncOp: true }), [a.t]);
}
/** torch.distributed.recv(tensor, src, group, tag): returns the sender's global rank (-1 outside the group). */
export function recv(tensor: Tensor, src?: number | null, group?: Group | null, tag?: number): number {
  const a = p2p("recv", tensor, src, group, tag);
  if (!a.g) return -1;
  const from = native.distRecv(a.t.handle, { peer: a.peer, tag: a.tag, group: a.g.id, asyncOp: false });
  return a.g.ranks[from as number]!;
}
/** torch.distributed.irecv(tensor, src, group, tag) */
export function irecv(tensor: Tensor, src?: number | null, group?: Group | null, tag?: number): Work | undefined {
  const a = p2p("irecv", tensor, src, group, tag);
  if (!a.g) return undefined;
  const r = native.distRecv(a.t.handle, { peer: a.peer, tag: a.tag, group: a.g.id, asyncOp: true });
  return new Work(r as WorkRef, [a.t]);
}

/** torch.distributed.barrier(group, async_op) */
export function barrier(group?: Group | null, asyncOp?: boolean): Work | undefined;
export function barrier(o: CommonKw): Work | undefined;
export function barrier(...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["group", "asyncOp"], "barrier");
  const g = resolveGroup(o.group as Group);
  if (!g) return undefined;
  return done(native.distBarrier({ group: g.id, asyncOp: asyncFlag(o.asyncOp) }), []);
}

/** @internal DDP's _broadcast_coalesced: the tensors in buckets of `bufferBytes`, from `src`, in place. */
export function broadcastCoalesced(tensors: Tensor[], src: number, bufferBytes: number, group: ProcessGroup): void {
  if (tensors.length === 0) return;
  native.distBroadcastCoalesced(
    tensors.map((t) => t.handle),
    { src: groupRank(group, src, "src"), bufferBytes, group: group.id },
  );
}
