// torch.distributed's object collectives (all_gather_object, gather_object, broadcast_object_list,
// scatter_object_list): each object is pickled into a uint8 tensor and sent with the tensor collectives
// in the order and sizes PyTorch 1.13's distributed_c10d uses, so torchts and PyTorch ranks can share
// one job. Objects are what lib/utils/pickle.ts writes (null, booleans, numbers, strings, arrays, plain
// objects, Maps): plain data, no tensors and no classes.
import { cat, frombuffer, tensor as makeTensor, zeros } from "../creation";
import type { Device } from "../device";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import { pickle } from "../utils/pickle";
import { unpickle } from "../utils/unpickle";
import { allGather, broadcast, gather, scatter } from "./collectives";
import { type Group, type ProcessGroup, resolveGroup, rootRank } from "./process_group";

// _get_pg_device: NCCL moves CUDA tensors only.
const pgDevice = (g: ProcessGroup): Device => (g.backend === "nccl" ? "cuda" : "cpu");

// _object_to_tensor: the pickled bytes as a uint8 tensor and their count as an int64 [1].
function objectToTensor(obj: unknown, device: Device, fn: string): [Tensor, Tensor] {
  const bytes = pickle(obj, (v) => {
    if (v instanceof Tensor)
      throw new TypeError(`${fn}(): tensors inside objects are not supported; send them with the tensor collectives`);
    return undefined;
  });
  const t = frombuffer(bytes.slice().buffer, { dtype: "uint8" }).clone().to(device);
  return [t, makeTensor([bytes.length], { dtype: "int64" }).to(device)];
}

// Python's values as JS ones: a dict with string keys is a plain object (other dicts stay Maps), a tuple an array.
function toJs(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(toJs);
  if (v instanceof Map) {
    const entries = [...v].map(([k, x]) => [k, toJs(x)] as const);
    return entries.every(([k]) => typeof k === "string") ? Object.fromEntries(entries) : new Map(entries);
  }
  if (v !== null && typeof v === "object" && "tuple" in v && Object.keys(v).length === 1)
    return toJs((v as { tuple: unknown[] }).tuple);
  return v;
}

// _tensor_to_object: the first `size` bytes unpickled.
function tensorToObject(t: Tensor, size: number): unknown {
  const bytes = t.cpu().toTypedArray() as Uint8Array;
  return toJs(unpickle(bytes.subarray(0, size)));
}

const sizeOf = (t: Tensor): number => Number(t.item());

// all_gather_object's and gather_object's first part: `obj` pickled, every rank's byte count gathered, and
// this rank's bytes padded to the largest (each rank then sends a tensor of that size).
function pickledAndSized(g: ProcessGroup, obj: unknown, fn: string) {
  const device = pgDevice(g);
  const [input, localSize] = objectToTensor(obj, device, fn);
  const n = g.size();
  const all = zeros([n], { dtype: "int64", device });
  allGather(
    Array.from({ length: n }, (_, i) => all.narrow(0, i, 1)),
    localSize,
    g,
  );
  const sizes = (all.cpu().tolist() as number[]).map(Number);
  const max = Math.max(...sizes);
  const padded = zeros([max], { dtype: "uint8", device });
  padded.narrow(0, 0, input.shape[0]!).copy_(input);
  return { device, n, max, padded, sizes };
}

/** torch.distributed.all_gather_object(object_list, obj, group): every rank's `obj` into `objectList`. */
export function allGatherObject(objectList: unknown[], obj: unknown, group?: Group | null): void {
  if (!Array.isArray(objectList)) throw new TypeError("all_gather_object(): object_list must be an array");
  const g = resolveGroup(group, "all_gather_object");
  if (!g) return;
  const { device, n, max, padded, sizes } = pickledAndSized(g, obj, "all_gather_object");
  const out = zeros([max * n], { dtype: "uint8", device });
  const outs = Array.from({ length: n }, (_, i) => out.narrow(0, max * i, max));
  allGather(outs, padded, g);
  for (let i = 0; i < n; i++) objectList[i] = tensorToObject(outs[i]!, sizes[i]!);
}

/**
 * torch.distributed.gather_object(obj, object_gather_list, dst, group): every rank's `obj` into
 * `objectGatherList` on `dst` (which alone passes a list).
 */
export function gatherObject(obj: unknown, objectGatherList?: unknown[] | null, dst = 0, group?: Group | null): void {
  const g = resolveGroup(group, "gather_object");
  if (!g) return;
  const mine = g.rank() === rootRank(g, dst, "dst");
  if (mine && !Array.isArray(objectGatherList))
    throw new ValueError("Argument ``gather_list`` must be specified on destination rank.");
  if (!mine && objectGatherList)
    throw new ValueError("Argument ``gather_list`` must NOT be specified on non-destination ranks.");
  const { device, n, max, padded, sizes } = pickledAndSized(g, obj, "gather_object");
  const out = mine ? zeros([max * n], { dtype: "uint8", device }) : null;
  const outs = out ? Array.from({ length: n }, (_, i) => out.narrow(0, max * i, max)) : null;
  gather(padded, outs, dst, g);
  if (!outs) return;
  for (let i = 0; i < n; i++) objectGatherList![i] = tensorToObject(outs[i]!, sizes[i]!);
}

/**
 * torch.distributed.broadcast_object_list(object_list, src, group, device): `src`'s objects into every
 * rank's `objectList` (of the same length everywhere).
 */
export function broadcastObjectList(
  objectList: unknown[],
  src = 0,
  group?: Group | null,
  device?: Device | null,
): void {
  if (!Array.isArray(objectList)) throw new TypeError("broadcast_object_list(): object_list must be an array");
  const g = resolveGroup(group, "broadcast_object_list");
  if (!g) return;
  const dev = device ?? pgDevice(g);
  const mine = g.rank() === rootRank(g, src, "src");
  const encoded = mine ? objectList.map((o) => objectToTensor(o, dev, "broadcast_object_list")) : [];
  const sizes = mine ? cat(encoded.map(([, s]) => s)) : zeros([objectList.length], { dtype: "int64", device: dev });
  broadcast(sizes, src, g);
  const data = mine
    ? cat(encoded.map(([t]) => t))
    : zeros([Number(sizes.sum().item())], { dtype: "uint8", device: dev });
  broadcast(data, src, g);
  if (mine) return;
  let offset = 0;
  for (let i = 0; i < objectList.length; i++) {
    const size = Number(sizes.select(0, i).item());
    objectList[i] = tensorToObject(data.narrow(0, offset, size), size);
    offset += size;
  }
}

/**
 * torch.distributed.scatter_object_list(scatter_object_output_list, scatter_object_input_list, src, group):
 * object i of `src`'s input list into rank i's `outputList[0]`.
 */
export function scatterObjectList(
  outputList: unknown[],
  inputList?: unknown[] | null,
  src = 0,
  group?: Group | null,
): void {
  if (!Array.isArray(outputList) || outputList.length < 1)
    throw new Error("Expected argument scatter_object_output_list to be a list of size at least 1.");
  const g = resolveGroup(group, "scatter_object_list");
  if (!g) return;
  const device = pgDevice(g);
  const mine = g.rank() === rootRank(g, src, "src");
  const encoded = mine ? (inputList ?? []).map((o) => objectToTensor(o, device, "scatter_object_list")) : [];
  // Every rank scatters equal-sized tensors: src broadcasts the largest size first.
  const max = mine
    ? makeTensor([Math.max(...encoded.map(([t]) => t.shape[0]!))], { dtype: "int64" }).to(device)
    : zeros([1], { dtype: "int64", device });
  broadcast(max, src, g);
  const n = Number(max.item());
  const padded = encoded.map(([t]) => {
    const p = zeros([n], { dtype: "uint8", device });
    p.narrow(0, 0, t.shape[0]!).copy_(t);
    return p;
  });
  const output = zeros([n], { dtype: "uint8", device });
  scatter(output, mine ? padded : null, src, g);
  const size = zeros([1], { dtype: "int64", device });
  scatter(size, mine ? encoded.map(([, s]) => s) : null, src, g);
  outputList[0] = tensorToObject(output, sizeOf(size));
}
