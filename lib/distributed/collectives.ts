// torch.distributed's collectives and point-to-point ops over c10d (Gloo). Each takes PyTorch's
// arguments positionally or as one options object; with asyncOp it returns a Work instead of waiting.
import { viewAsReal } from "../aten_ops";
import { cat } from "../creation";
import { ValueError } from "../errors";
import { native, type WorkRef } from "../native";
import { Tensor } from "../tensor";
import { checkInt, checkIntList } from "../utils/check";
import { bindArgs } from "../utils/kwargs";
import { type Group, groupRank, type ProcessGroup, resolveGroup, rootRank } from "./process_group";

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
/** Python's _ensure_all_tensors_same_dtype (complex64 passes as float32, as there). */
function sameDtype(...tensors: Array<Tensor | Tensor[]>): void {
  let last: string | undefined;
  for (const t of tensors.flat()) {
    const d = t.dtype === "complex64" ? "float32" : t.isComplex() ? "complex128" : t.dtype;
    if (last === undefined) last = d;
    else if (last !== d)
      throw new Error(`Invalid usage of tensors with different dtypesFound torch.${last} and  torch.${t.dtype}`);
  }
}
/** Complex tensors travel as their real view (Gloo has no complex types), as PyTorch sends them. */
function realView(t: Tensor): Tensor {
  return t.isComplex() ? (viewAsReal(t) as Tensor) : t;
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

/** A Work whose results are copied out of a staging buffer when it is first waited on. */
class CopyBackWork extends Work {
  private copied = false;
  /** @internal */
  constructor(
    ref: WorkRef,
    keep: readonly Tensor[],
    private readonly copyBack: () => void,
  ) {
    super(ref, keep);
  }
  private finish(ok: boolean): boolean {
    if (ok && !this.copied) {
      this.copied = true;
      this.copyBack();
    }
    return ok;
  }
  override wait(timeout?: number): boolean {
    return this.finish(super.wait(timeout));
  }
  override async waitAsync(): Promise<boolean> {
    return this.finish(await super.waitAsync());
  }
}
function doneThen(r: WorkRef | undefined, keep: Tensor[], copyBack: () => void): Work | undefined {
  if (r !== undefined) return new CopyBackWork(r, keep, copyBack);
  copyBack();
  return undefined;
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
  const g = resolveGroup(o.group as Group, "all_reduce");
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
  const g = resolveGroup(o.group as Group, "broadcast");
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(native.distBroadcast(t.handle, { src: rootRank(g, src, "src"), group: g.id, asyncOp }), [t]);
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
  const g = resolveGroup(o.group as Group, "reduce");
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(native.distReduce(t.handle, { op: opCode(o.op), dst: rootRank(g, dst, "dst"), group: g.id, asyncOp }), [
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
  sameDtype(outs, t);
  const g = resolveGroup(o.group as Group, "all_gather");
  if (!g) return undefined;
  const asyncOp = asyncFlag(o.asyncOp);
  return done(
    native.distAllGather(
      outs.map((x) => realView(x).handle),
      realView(t).handle,
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
  const g = resolveGroup(o.group as Group, "all_gather_into_tensor");
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
  const g = resolveGroup(o.group as Group, "reduce_scatter_tensor");
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
  // As PyTorch: an empty list is no list.
  const given =
    o.gatherList === undefined || o.gatherList === null ? [] : tensorListArg(o.gatherList, "gather", "gather_list");
  const list = given.length ? given : null;
  sameDtype(t, given);
  const g = resolveGroup(o.group as Group, "gather");
  if (!g) return undefined;
  const dst = rootRank(g, (o.dst as number | undefined) ?? 0, "dst");
  const mine = g.rank() === dst;
  if (mine && !list) throw new ValueError("Argument ``gather_list`` must be specified on destination rank.");
  if (!mine && list) throw new ValueError("Argument ``gather_list`` must NOT be specified on non-destination ranks.");
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
  // As PyTorch: an empty list is no list.
  const given =
    o.scatterList === undefined || o.scatterList === null
      ? []
      : tensorListArg(o.scatterList, "scatter", "scatter_list");
  const list = given.length ? given : null;
  sameDtype(t, given);
  const g = resolveGroup(o.group as Group, "scatter");
  if (!g) return undefined;
  const src = rootRank(g, (o.src as number | undefined) ?? 0, "src");
  const mine = g.rank() === src;
  if (mine && !list) throw new ValueError("Argument ``scatter_list`` must be specified on source rank.");
  if (!mine && list) throw new ValueError("Argument ``scatter_list`` must NOT be specified on non-source ranks.");
  const asyncOp = asyncFlag(o.asyncOp);
  const ins = mine ? list! : null;
  return done(
    native.distScatter(realView(t).handle, ins ? ins.map((x) => realView(x).handle) : null, {
      src,
      group: g.id,
      asyncOp,
    }),
    [t, ...(ins ?? [])],
  );
}

function p2p(
  fn: string,
  tensor: Tensor,
  peer: number | null | undefined,
  group: Group | null | undefined,
  tag: unknown,
): { t: Tensor; g: ProcessGroup | null; peer: number; tag: number } {
  const t = tensorArg(tensor, fn);
  const g = resolveGroup(group, fn);
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

const LAYOUT_NAMES: Record<string, string> = { strided: "Strided", sparse_coo: "Sparse", sparse_csr: "SparseCsr" };

/**
 * torch.distributed.all_reduce_coalesced(tensors, op, group, async_op): every tensor reduced in place,
 * in one all_reduce of their concatenation (what Gloo's allreduce_coalesced sends). With asyncOp the
 * results land in `tensors` when the Work is waited on.
 */
export function allReduceCoalesced(
  tensors: Tensor[],
  op?: ReduceOpLike,
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function allReduceCoalesced(tensors: Tensor[], o: CommonKw & { op?: ReduceOpLike }): Work | undefined;
export function allReduceCoalesced(tensors: Tensor[], ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["op", "group", "asyncOp"], "all_reduce_coalesced", 1);
  const ts = tensorListArg(tensors, "all_reduce_coalesced", "tensors");
  sameDtype(ts);
  const g = resolveGroup(o.group as Group, "all_reduce_coalesced");
  if (!g) return undefined;
  const op = opCode(o.op);
  const asyncOp = asyncFlag(o.asyncOp);
  // c10d's ProcessGroupGloo::allreduce_coalesced checks.
  const bad = (msg: string) => new Error(`ProcessGroupGloo::allreduce_coalesced: ${msg}`);
  if (ts.length === 0) throw bad("requires non-empty tensor list");
  const layout = ts[0]!.layout;
  for (const [i, t] of ts.entries())
    if (t.layout !== layout)
      throw bad(
        `invalid tensor layout at index ${i} (expected ${LAYOUT_NAMES[layout]}, got ${LAYOUT_NAMES[t.layout]})`,
      );
  if (layout !== "strided") throw bad("unsupported layout");
  const views = ts.map(realView);
  const flat = cat(views.map((t) => t.reshape(-1)));
  return doneThen(native.distAllReduce(flat.handle, { op, group: g.id, asyncOp }), [flat, ...ts], () => {
    let at = 0;
    for (const t of views) {
      t.copy_(flat.narrow(0, at, t.numel()).reshape(t.shape));
      at += t.numel();
    }
  });
}

/**
 * torch.distributed.all_gather_coalesced(output_tensor_lists, input_tensor_list, group, async_op):
 * output_tensor_lists[r][i] gets rank r's input_tensor_list[i], in one all_gather of the concatenated
 * inputs (what Gloo's allgather_coalesced sends). With asyncOp the results land when the Work is waited on.
 */
export function allGatherCoalesced(
  outputTensorLists: Tensor[][],
  inputTensorList: Tensor[],
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function allGatherCoalesced(
  outputTensorLists: Tensor[][],
  inputTensorList: Tensor[],
  o: CommonKw,
): Work | undefined;
export function allGatherCoalesced(
  outputTensorLists: Tensor[][],
  inputTensorList: Tensor[],
  ...rest: unknown[]
): Work | undefined {
  const o = bindArgs(rest, ["group", "asyncOp"], "all_gather_coalesced", 2);
  const g = resolveGroup(o.group as Group, "all_gather_coalesced");
  if (!g) return undefined;
  const ins = tensorListArg(inputTensorList, "all_gather_coalesced", "input_tensor_list");
  sameDtype(ins);
  if (!Array.isArray(outputTensorLists))
    throw new Error("Invalid function argument: output_tensor_lists should be a list");
  const outs = outputTensorLists.map((l) => {
    if (!Array.isArray(l) || !l.every((t) => t instanceof Tensor))
      throw new Error(
        "Invalid function argument. Expected parameter `output_tensor_lists` to be of type List[torch.Tensor].",
      );
    sameDtype(l);
    return l.map(realView);
  });
  const asyncOp = asyncFlag(o.asyncOp);
  const inViews = ins.map(realView);
  // c10d's ProcessGroupGloo::allgather_coalesced checks.
  const bad = (msg: string) => new Error(`ProcessGroupGloo::allgather_coalesced: ${msg}`);
  const dims = (t: Tensor) => `(${t.shape.join(", ")})`;
  if (inViews.length === 0) throw bad("requires non-empty input tensor list");
  if (outs.length !== g.size()) throw bad("output lists should be equal to world size");
  for (const l of outs) {
    if (l.length !== inViews.length)
      throw bad(`invalid output size: (expected length ${inViews.length}, got ${l.length})`);
    for (const [i, t] of l.entries()) {
      const want = inViews[i]!;
      if (dims(t) !== dims(want))
        throw bad(`invalid size of output tensor at index ${i} (expected length ${dims(want)}, got ${dims(t)})`);
      if (t.type() !== want.type())
        throw bad(`invalid tensor type at index ${i} (expected ${want.type()}, got ${t.type()})`);
    }
  }
  const flat = cat(inViews.map((t) => t.reshape(-1)));
  const gathered = outs.map(() => flat.newEmpty([...flat.shape]));
  const r = native.distAllGather(
    gathered.map((t) => t.handle),
    flat.handle,
    { group: g.id, asyncOp },
  );
  return doneThen(r, [flat, ...gathered, ...outs.flat()], () => {
    for (const [k, l] of outs.entries()) {
      let at = 0;
      for (const t of l) {
        t.copy_(gathered[k]!.narrow(0, at, t.numel()).reshape(t.shape));
        at += t.numel();
      }
    }
  });
}

/** torch.distributed.barrier(group, async_op) */
export function barrier(group?: Group | null, asyncOp?: boolean): Work | undefined;
export function barrier(o: CommonKw): Work | undefined;
export function barrier(...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["group", "asyncOp"], "barrier");
  const g = resolveGroup(o.group as Group, "barrier");
  if (!g) return undefined;
  return done(native.distBarrier({ group: g.id, asyncOp: asyncFlag(o.asyncOp) }), []);
}

/**
 * torch.distributed.all_to_all_single(output, input, output_split_sizes, input_split_sizes, group, async_op):
 * each rank's input split along dim 0 (evenly, or by `inputSplitSizes`), piece k sent to rank k; `output`
 * gathers the pieces in rank order (by `outputSplitSizes`). Complex tensors travel as their real views.
 */
export function allToAllSingle(
  output: Tensor,
  input: Tensor,
  outputSplitSizes?: number[] | null,
  inputSplitSizes?: number[] | null,
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function allToAllSingle(
  output: Tensor,
  input: Tensor,
  o: CommonKw & { outputSplitSizes?: number[] | null; inputSplitSizes?: number[] | null },
): Work | undefined;
export function allToAllSingle(output: Tensor, input: Tensor, ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["outputSplitSizes", "inputSplitSizes", "group", "asyncOp"], "all_to_all_single", 2);
  const g = resolveGroup(o.group as Group, "all_to_all_single");
  if (!g) return undefined;
  const out = realView(tensorArg(output, "all_to_all_single", "output"));
  const inp = realView(tensorArg(input, "all_to_all_single", "input"));
  const splits = (v: unknown, what: string) => (v == null ? [] : checkIntList(v, what));
  return done(
    native.distAllToAllSingle(out.handle, inp.handle, {
      outputSplitSizes: splits(o.outputSplitSizes, "output_split_sizes"),
      inputSplitSizes: splits(o.inputSplitSizes, "input_split_sizes"),
      group: g.id,
      asyncOp: asyncFlag(o.asyncOp),
    }),
    [out, inp],
  );
}

/** torch.distributed.all_to_all(output_tensor_list, input_tensor_list, group, async_op): Gloo raises on it, as in PyTorch. */
export function allToAll(
  outputs: Tensor[],
  inputs: Tensor[],
  group?: Group | null,
  asyncOp?: boolean,
): Work | undefined;
export function allToAll(outputs: Tensor[], inputs: Tensor[], o: CommonKw): Work | undefined;
export function allToAll(outputs: Tensor[], inputs: Tensor[], ...rest: unknown[]): Work | undefined {
  const o = bindArgs(rest, ["group", "asyncOp"], "all_to_all", 2);
  const g = resolveGroup(o.group as Group, "all_to_all");
  if (!g) return undefined;
  const outs = tensorListArg(outputs, "all_to_all", "output_tensor_list").map(realView);
  const ins = tensorListArg(inputs, "all_to_all", "input_tensor_list").map(realView);
  return done(
    native.distAllToAll(
      outs.map((t) => t.handle),
      ins.map((t) => t.handle),
      { group: g.id, asyncOp: asyncFlag(o.asyncOp) },
    ),
    [...outs, ...ins],
  );
}

/**
 * torch.distributed.monitored_barrier(group, timeout, wait_all_ranks): a barrier that raises naming the
 * ranks that did not arrive within `timeout` (milliseconds; default the process group's 30 minutes). Gloo only.
 */
export function monitoredBarrier(group?: Group | null, timeout?: number | null, waitAllRanks?: boolean): void;
export function monitoredBarrier(o: { group?: Group | null; timeout?: number | null; waitAllRanks?: boolean }): void;
export function monitoredBarrier(...rest: unknown[]): void {
  const o = bindArgs(rest, ["group", "timeout", "waitAllRanks"], "monitored_barrier");
  const g = resolveGroup(o.group as Group, "monitored_barrier");
  if (!g) return;
  if (g.backend !== "gloo") throw new Error("monitored_barrier is only implemented for GLOO backend.");
  native.distMonitoredBarrier({
    group: g.id,
    timeoutMs: o.timeout == null ? 30 * 60 * 1000 : checkInt(o.timeout, "timeout"),
    waitAllRanks: o.waitAllRanks === undefined ? false : asyncFlag(o.waitAllRanks),
  });
}

/** @internal DDP's _broadcast_coalesced: the tensors in buckets of `bufferBytes`, from `src`, in place. */
export function broadcastCoalesced(tensors: Tensor[], src: number, bufferBytes: number, group: ProcessGroup): void {
  if (tensors.length === 0) return;
  native.distBroadcastCoalesced(
    tensors.map((t) => t.handle),
    { src: groupRank(group, src, "src"), bufferBytes, group: group.id },
  );
}
