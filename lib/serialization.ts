// torch.save / torch.load in PyTorch's own file format, so checkpoints move both ways.
import * as fs from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";
import { isAvailable as cudaIsAvailable } from "./cuda";
import { checkDevice, type Device, type DeviceLike, device as TorchDevice } from "./device";
import { type DType, SCALAR_TYPE } from "./dtype";
import { native } from "./native";
import { Parameter, UninitializedParameter } from "./nn/parameter";
import { sparseCooTensor } from "./sparse";
import { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";
import { pickle, type TensorRef } from "./utils/pickle";
import {
  OrderedDict,
  type Rebuild,
  type SparseRebuild,
  STORAGE_DTYPES,
  type StorageRef,
  unpickle,
} from "./utils/unpickle";

// dtype -> the torch.<Name>Storage class torch.save names in a storage's persistent id.
const STORAGE_TYPES: Record<string, string> = Object.fromEntries(
  Object.entries(STORAGE_DTYPES).map(([k, v]) => [v, k]),
);

/**
 * Writes obj (a state dict, an optimizer state dict, nested objects/Maps/arrays of tensors and
 * numbers) as Python's torch.save does, atomically. An object with a `_metadata` property (what
 * Module.stateDict() attaches) is written as an OrderedDict carrying it, as module.state_dict() is.
 * Tensors that share a storage are saved with one copy of it, as views.
 *
 * Differs from PyTorch: arbitrary objects are not pickled: only plain objects, Maps, arrays, tensors,
 * numbers, strings, booleans and null.
 *
 * @param obj - what to save.
 * @param path - the file to write (replaced atomically), or a writable (a stream, or anything with
 *   `write(bytes)`) that receives the whole file's bytes in one write, as Python's file objects do.
 * @example
 * ```ts
 * torch.save({ model: model.stateDict(), optimizer: optimizer.stateDict(), epoch: 3 }, "ckpt.pt");
 * // Python: torch.load("ckpt.pt")["model"] is an OrderedDict of tensors
 * const ckpt = torch.load("ckpt.pt") as Record<string, any>;
 * model.loadStateDict(ckpt.model);
 * optimizer.loadStateDict(ckpt.optimizer);
 * ```
 */
export function save(obj: unknown, path: string | Writable): void {
  if (isWritable(path)) {
    withTempFile((tmp) => {
      save(obj, tmp);
      path.write(fs.readFileSync(tmp));
    });
    return;
  }
  if (typeof path !== "string") throw new TypeError("f must be a file name or have a write() method");
  const storages = new Map<number, { key: string; handle: number; dtype: DType }>();
  // A sparse tensor's indices and values, alive until their storages are written.
  const parts: Tensor[] = [];
  const tensorRef = (v: object): TensorRef | undefined => {
    if (v instanceof UninitializedParameter) void v.handle; // throws PyTorch's message
    if (!(v instanceof Tensor)) return undefined;
    if (v.isSparse) {
      if (v.layout !== "sparse_coo") throw new Error(`torch.save: cannot save a ${v.layout} tensor yet`);
      const [i, x] = [v._indices(), v._values()];
      parts.push(i, x);
      const ref = tensorRef(i) as TensorRef;
      return { ...ref, sparse: { indices: ref, values: tensorRef(x) as TensorRef, size: v.shape } };
    }
    const handle = v.handle;
    const dtype = v.dtype;
    const info = native.storageInfo(handle);
    let s = storages.get(info.id);
    if (!s) storages.set(info.id, (s = { key: String(storages.size), handle, dtype }));
    else if (s.dtype !== dtype) {
      throw new Error("Cannot save multiple tensors or storages that view the same data as different types");
    }
    return {
      storageKey: s.key,
      storageType: STORAGE_TYPES[dtype],
      location: v.device,
      storageNumel: info.numel,
      offset: info.offset,
      size: v.shape,
      stride: info.stride,
      requiresGrad: v.requiresGrad,
      parameter: v instanceof Parameter,
    };
  };
  try {
    const data = pickle(obj, tensorRef);
    // Python writes the storage records in sorted key order ("0", "1", "10", "2", ...).
    const keys = [...storages.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    native.writeArchive(
      path,
      data,
      keys.map((s): [string, number] => [s.key, s.handle]),
    );
  } finally {
    for (const p of parts) p.dispose();
  }
}

/** Where torch.save can write besides a file name: a stream or anything with `write(bytes)`. */
export interface Writable {
  write(chunk: Uint8Array): unknown;
}
function isWritable(v: unknown): v is Writable {
  return typeof v === "object" && v !== null && typeof (v as Writable).write === "function";
}
// The checkpoint zip is read and written by path natively; bytes in memory go through a private temp file.
function withTempFile<T>(fn: (p: string) => T): T {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), "torchts-"));
  try {
    return fn(nodePath.join(dir, "data.pt"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * torch.load's map_location: a device for every tensor, a map from saved locations to devices
 * (`{"cuda:1": "cuda:0"}`), or a function of each loaded tensor (on the CPU) and its saved location
 * that returns the tensor to use, or undefined for the default.
 */
export type MapLocation =
  | DeviceLike
  | Record<string, DeviceLike>
  | ((tensor: Tensor, location: string) => Tensor | undefined | null);

/** torch.load's options. */
export interface LoadOptions {
  /** Where tensors go; by default where they were saved, as PyTorch does. */
  mapLocation?: MapLocation;
}

const PLAIN = { enumerable: true, writable: true, configurable: true };

export type Loaded =
  | Tensor
  | number
  | string
  | boolean
  | null
  | Loaded[]
  | { [k: string]: Loaded }
  | Map<number, Loaded>;

/**
 * Reads a file written by torch.save (PyTorch's or torchts's). Dicts with string keys become plain
 * objects (in file order), dicts with integer keys Maps, tuples arrays. Tensors go back to the device
 * they were saved from unless `mapLocation` says otherwise. A state dict's `_metadata` becomes a
 * non-enumerable `_metadata` property of its object.
 *
 * Differs from PyTorch: only the classes state dicts use are unpickled (no arbitrary Python objects,
 * as `weights_only=True`); a `mapLocation` function gets and returns tensors, not storages.
 *
 * @param path - a file written by `torch.save` in Python or torchts, or its bytes (a Buffer/Uint8Array).
 * @param o - {@link LoadOptions}: `mapLocation`.
 * @example
 * ```ts
 * const sd = torch.load("resnet18.pth"); // saved by PyTorch
 * model.loadStateDict(sd as Record<string, torch.Tensor>);
 * ```
 */
export function load(path: string | Uint8Array, o: LoadOptions = {}): Loaded {
  checkKwargs(o, ["mapLocation"], "load");
  if (path instanceof Uint8Array) {
    const bytes = path;
    return withTempFile((tmp) => {
      fs.writeFileSync(tmp, bytes);
      return load(tmp, o);
    });
  }
  if (typeof path !== "string") throw new TypeError("f must be a file name or a Buffer/Uint8Array");
  const place = placement(o.mapLocation);
  if (!fs.existsSync(path)) throw new Error(`[Errno 2] No such file or directory: '${path}'`);
  let records: Map<string, ArrayBuffer>;
  try {
    records = new Map(native.readArchive(path));
  } catch (e) {
    throw new Error(`${path}: not a valid torch.save file (${(e as Error).message})`);
  }
  const pkl = [...records.keys()].find((k) => k.endsWith("data.pkl"));
  if (!pkl) throw new Error(`${path}: not a valid torch.save file (no data.pkl inside)`);
  const prefix = pkl.slice(0, -"data.pkl".length);
  let tree: ReturnType<typeof unpickle>;
  try {
    tree = unpickle(new Uint8Array(records.get(pkl) as ArrayBuffer));
  } catch (e) {
    throw new Error(`${path}: ${(e as Error).message}`);
  }
  // One tensor per storage key and one per rebuilt tensor object (see `done`): tensors that shared a storage in
  // the saved program are views of one storage again, and an object saved twice loads as one tensor.
  const storages = new Map<string, Tensor>();
  // An object the pickle references twice converts once (as Python's unpickler shares it), so a file of
  // nested shared references cannot make the walk exponential.
  const done = new Map<object, Loaded>();
  const seen = new Set<object>();
  const convert = (v: unknown): Loaded => {
    if (v === null || typeof v !== "object") return typeof v === "bigint" ? Number(v) : (v as Loaded);
    const prior = done.get(v);
    if (prior !== undefined) return prior;
    if (seen.has(v)) throw new Error(`${path}: not a valid torch.save file (a container contains itself)`);
    seen.add(v);
    try {
      const out = convertObject(v);
      done.set(v, out);
      return out;
    } finally {
      seen.delete(v);
    }
  };
  const convertObject = (v: object): Loaded => {
    if (Array.isArray(v)) return v.map(convert);
    if (v instanceof Map) {
      const keys = [...v.keys()];
      if (keys.length && keys.every((k) => typeof k === "number")) {
        return new Map([...v].map(([k, x]) => [k as number, convert(x)]));
      }
      const out: Record<string, Loaded> = {};
      for (const [k, x] of v) Object.defineProperty(out, String(k), { value: convert(x), ...PLAIN });
      if (v instanceof OrderedDict && v.metadata !== undefined) {
        const value = convert(v.metadata);
        Object.defineProperty(out, "_metadata", { value, enumerable: false, writable: true, configurable: true });
      }
      return out;
    }
    if ("tuple" in v) return (v as { tuple: unknown[] }).tuple.map(convert);
    if ("sparse" in v) {
      // torch._utils._rebuild_sparse_tensor: torch.sparse_coo_tensor(indices, values, size).
      const sp = (v as SparseRebuild).sparse;
      const [indices, values] = [convert(sp.indices), convert(sp.values)] as Tensor[];
      const size = (convert(sp.size) as number[]).map(Number);
      if (!(indices instanceof Tensor) || !(values instanceof Tensor))
        throw new Error(`${path}: malformed sparse tensor`);
      return wrapT(() => sparseCooTensor(indices, values, size));
    }
    if ("storage" in v) {
      const r = v as Rebuild;
      const s = r.storage as StorageRef;
      let storage = storages.get(s.key);
      if (!storage) {
        const rec = records.get(`${prefix}data/${s.key}`);
        if (!rec) throw new Error(`${path}: missing tensor data ${s.key}`);
        storage = new Tensor(wrap(() => native.fromStorage(new Uint8Array(rec), SCALAR_TYPE[s.dtype as DType])));
        // A device move applies to the storage, so views of one storage stay views of one storage.
        if ("at" in place) {
          const dev = place.at(s.location);
          if (dev !== "cpu") {
            const moved = storage.to(dev);
            storage.dispose();
            storage = moved;
          }
        }
        storages.set(s.key, storage);
      }
      const view = { size: r.size, stride: r.stride, offset: r.offset };
      let t = new Tensor(wrap(() => native.storageView(storage.handle, view)));
      if ("fn" in place) {
        const mapped = place.fn(t, s.location);
        if (mapped !== undefined && mapped !== null) {
          if (!(mapped instanceof Tensor)) throw new TypeError("mapLocation must return a Tensor or undefined");
          if (mapped !== t) t.dispose();
          t = mapped;
        } else {
          const dev = defaultDevice(s.location);
          if (dev !== "cpu") {
            const moved = t.to(dev);
            t.dispose();
            t = moved;
          }
        }
      }
      if (r.requiresGrad) t.requiresGrad_(true);
      return t;
    }
    throw new Error(`${path}: unexpected value in checkpoint`);
  };
  const wrapT = (f: () => Tensor): Tensor => {
    try {
      return f();
    } catch (e) {
      throw new Error(`${path}: not a valid torch.save file (${(e as Error).message})`);
    }
  };
  const wrap = (f: () => number): number => {
    try {
      return f();
    } catch (e) {
      throw new Error(`${path}: not a valid torch.save file (${(e as Error).message})`);
    }
  };
  try {
    return convert(tree);
  } finally {
    for (const st of storages.values()) st.dispose();
  }
}

// A saved location as PyTorch restores it by default: CUDA tensors need CUDA.
function defaultDevice(location: string): Device {
  if (location.startsWith("cuda") && !cudaIsAvailable())
    throw new Error(
      "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is False. If you are running " +
        'on a CPU-only machine, please use torch.load with mapLocation: "cpu" to map your storages to the CPU.',
    );
  return checkDevice(location);
}

// mapLocation as a device for each saved location, or the user's function of each tensor.
type Placement =
  | { at: (location: string) => Device }
  | { fn: (tensor: Tensor, location: string) => Tensor | undefined | null };
function placement(m: MapLocation | undefined): Placement {
  if (m === undefined || m === null) return { at: defaultDevice };
  if (typeof m === "function") return { fn: m };
  if (typeof m === "object" && !(m instanceof TorchDevice)) {
    const table = m as Record<string, DeviceLike>;
    return { at: (l: string) => (l in table ? checkDevice(table[l]) : defaultDevice(l)) };
  }
  const dev = checkDevice(m);
  return { at: () => dev };
}
