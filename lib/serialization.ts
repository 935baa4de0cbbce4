// torch.save / torch.load in PyTorch's own file format, so checkpoints move both ways.
import * as fs from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";
import { fileURLToPath } from "node:url";
import { emptyStrided } from "./aten_ops";
import { isAvailable as cudaIsAvailable } from "./cuda";
import { checkDevice, type Device, type DeviceLike, device as TorchDevice } from "./device";
import { type DType, SCALAR_TYPE } from "./dtype";
import { native } from "./native";
import { Parameter, UninitializedParameter } from "./nn/parameter";
import { sparseCooTensor, sparseCsrTensor } from "./sparse";
import { TypedStorage, UntypedStorage } from "./storage";
import { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";
import { pickle, type TensorRef } from "./utils/pickle";
import {
  type MetaRebuild,
  type NdarrayRebuild,
  OrderedDict,
  PickleEOF,
  type Rebuild,
  type SparseCsrRebuild,
  type SparseRebuild,
  STORAGE_DTYPES,
  type StorageRef,
  UnsupportedGlobal,
  unpickle,
  unpickleAt,
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
 * Tensors and their storages (`t.storage()`, saved as Python saves a TypedStorage) may be saved;
 * conjugate and negative views are saved resolved, and meta tensors without data, as PyTorch does.
 *
 * @param path - the file to write (replaced atomically; a string or a `file:` URL), or a writable (a
 *   stream, or anything with `write(bytes)`) that receives the whole file's bytes in one write, as
 *   Python's file objects do.
 * @example
 * ```ts
 * torch.save({ model: model.stateDict(), optimizer: optimizer.stateDict(), epoch: 3 }, "ckpt.pt");
 * // Python: torch.load("ckpt.pt")["model"] is an OrderedDict of tensors
 * const ckpt = torch.load("ckpt.pt") as Record<string, any>;
 * model.loadStateDict(ckpt.model);
 * optimizer.loadStateDict(ckpt.optimizer);
 * ```
 */
export function save(obj: unknown, path: string | URL | Writable): void {
  if (path instanceof URL) path = fileURLToPath(path);
  if (isWritable(path)) {
    withTempFile((tmp) => {
      save(obj, tmp);
      path.write(fs.readFileSync(tmp));
    });
    return;
  }
  if (typeof path !== "string") throw new TypeError("f must be a file name or have a write() method");
  const storages = new Map<number, { key: string; handle: number; dtype: DType; device: string }>();
  // A sparse tensor's indices and values, alive until their storages are written.
  const parts: Tensor[] = [];
  const tensorRef = (v: object): TensorRef | undefined => {
    if (v instanceof UninitializedParameter) void v.handle; // throws PyTorch's message
    if (v instanceof TypedStorage || v instanceof UntypedStorage) {
      // A storage pickles as its bare persistent id (the whole storage, as Python's TypedStorage does).
      return { ...(tensorRef(v._flat) as TensorRef), storageOnly: true };
    }
    if (!(v instanceof Tensor)) return undefined;
    if (v.isSparse || v.layout !== "strided") {
      if (v.layout === "sparse_csr") {
        const [crow, col, x] = [v.crowIndices(), v.colIndices(), v.values()];
        parts.push(crow, col, x);
        const ref = tensorRef(crow) as TensorRef;
        const sparseCsr = { crow: ref, col: tensorRef(col) as TensorRef, values: tensorRef(x) as TensorRef };
        return { ...ref, sparseCsr: { ...sparseCsr, size: v.shape } };
      }
      // PyTorch 1.13 pickles only COO and CSR; a CSC, BSR or BSC tensor fails as its storage is reached.
      if (v.layout !== "sparse_coo") throw new Error("Cannot access data pointer of Tensor that doesn't have storage");
      const [i, x] = [v._indices(), v._values()];
      parts.push(i, x);
      const ref = tensorRef(i) as TensorRef;
      return { ...ref, sparse: { indices: ref, values: tensorRef(x) as TensorRef, size: v.shape } };
    }
    if (v.isConj() || v.isNeg()) {
      // PyTorch saves the values a conjugate or negative view reads as, in a storage of their own.
      const r = v.resolveConj();
      const n = r.resolveNeg();
      parts.push(r, n);
      return { ...(tensorRef(n) as TensorRef), requiresGrad: v.requiresGrad, parameter: v instanceof Parameter };
    }
    if (v.device === "meta") {
      // PyTorch pickles a meta tensor as torch._utils._rebuild_meta_tensor_no_storage, with no storage.
      const m = { dtype: v.dtype, size: v.shape, stride: v.stride() as number[] };
      return { meta: m, requiresGrad: v.requiresGrad, parameter: v instanceof Parameter } as unknown as TensorRef;
    }
    const handle = v.handle;
    const dtype = v.dtype;
    const info = native.storageInfo(handle);
    let s = storages.get(info.id);
    if (!s) storages.set(info.id, (s = { key: String(storages.size), handle, dtype, device: v.device }));
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
    // Meta storages have no data: PyTorch writes no record for them.
    native.writeArchive(
      path,
      data,
      keys.filter((s) => s.device !== "meta").map((s): [string, number] => [s.key, s.handle]),
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
  /**
   * PyTorch's weights_only. torchts never unpickles arbitrary objects either way; with `true`, what
   * torch.load refuses is reported as PyTorch's weights-only unpickler reports it (an error named
   * UnpicklingError, "Weights only load failed. ...").
   */
  weightsOnly?: boolean;
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

// An error of a Python class that torchts has no JS class for: a plain Error (so `instanceof Error` code and
// messages stay as they are) carrying Python's class name.
function pyError(name: string, message: string): Error {
  const e = new Error(message);
  e.name = name;
  return e;
}

const WEIGHTS_ONLY_FAILED =
  "Weights only load failed. Re-running `torch.load` with `weights_only` set to `False` will likely succeed, but it " +
  "can result in arbitrary code execution.Do it only if you get the file from a trusted source. WeightsUnpickler error: ";

// The legacy format's first pickle (torch.serialization.MAGIC_NUMBER) and its protocol version.
const LEGACY_MAGIC = 0x1950a86a20f9469cfc6cn;
const LEGACY_PROTOCOL = 1001;
const ELEMENT_SIZE: Record<string, number> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
  complex64: 8,
  complex128: 16,
};

/**
 * The legacy format (torch.save(..., _use_new_zipfile_serialization=False), and every file before PyTorch 1.6):
 * pickles of the magic number, the protocol version and sys_info, the object, and the list of storage keys, then
 * each storage as its element count (int64) and its bytes. Returns the object's pickle and the storages as
 * records named data/<key>, as in the zip format.
 */
function readLegacy(
  buf: Uint8Array,
  numpy = false,
): { tree: ReturnType<typeof unpickle>; records: Map<string, ArrayBuffer> } {
  const magic = unpickleAt(buf, 0);
  if (magic.value !== LEGACY_MAGIC && magic.value !== Number(LEGACY_MAGIC))
    throw new Error("Invalid magic number; corrupt file?");
  const proto = unpickleAt(buf, magic.end);
  if (proto.value !== LEGACY_PROTOCOL) throw new Error(`Invalid protocol version: ${String(proto.value)}`);
  const sysInfo = unpickleAt(buf, proto.end);
  if (sysInfo.value instanceof Map && sysInfo.value.get("little_endian") === false)
    throw new Error("torch.load: big-endian legacy files are not supported");
  const main = unpickleAt(buf, sysInfo.end, { numpy });
  const keys = unpickleAt(buf, main.end);
  if (!Array.isArray(keys.value)) throw new Error("not a valid torch.save file (no storage key list)");
  const dtypes = new Map(main.storages.map((s) => [s.key, s.dtype]));
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const records = new Map<string, ArrayBuffer>();
  let pos = keys.end;
  for (const k of keys.value) {
    const key = String(k);
    const dtype = dtypes.get(key);
    if (dtype === undefined) throw new Error(`not a valid torch.save file (storage ${key} is not used)`);
    if (pos + 8 > buf.length) throw new Error("not a valid torch.save file (truncated storage data)");
    const numel = dv.getBigInt64(pos, true);
    pos += 8;
    const nbytes = Number(numel) * (ELEMENT_SIZE[dtype] as number);
    if (numel < 0n || pos + nbytes > buf.length)
      throw new Error("not a valid torch.save file (truncated storage data)");
    // A copy of the bytes (a Buffer's slice would be a view of its shared pool).
    records.set(`data/${key}`, new Uint8Array(buf.subarray(pos, pos + nbytes)).buffer);
    pos += nbytes;
  }
  return { tree: main.value, records };
}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const isZip = (head: Uint8Array) => ZIP_MAGIC.every((b, i) => head[i] === b);

/**
 * Reads a file written by torch.save (PyTorch's or torchts's, in the zip format or the legacy one that
 * `_use_new_zipfile_serialization=False` and PyTorch before 1.6 write). Dicts with string keys become plain
 * objects (in file order), dicts with integer keys Maps, tuples arrays, storages TypedStorage. Tensors go
 * back to the device they were saved from unless `mapLocation` says otherwise. A state dict's `_metadata`
 * becomes a non-enumerable `_metadata` property of its object.
 *
 * Differs from PyTorch: only the classes state dicts use are unpickled (no arbitrary Python objects,
 * as `weights_only=True`); a `mapLocation` function gets and returns tensors, not storages; the
 * tar format of PyTorch before 0.4 is not read.
 *
 * @param path - a file written by `torch.save` in Python or torchts (a string or a `file:` URL), or its
 *   bytes (a Buffer/Uint8Array).
 * @param o - {@link LoadOptions}: `mapLocation`, `weightsOnly`.
 * @example
 * ```ts
 * const sd = torch.load("resnet18.pth"); // saved by PyTorch
 * model.loadStateDict(sd as Record<string, torch.Tensor>);
 * ```
 */
export function load(path: string | URL | Uint8Array, o: LoadOptions = {}): Loaded {
  checkKwargs(o, ["mapLocation", "weightsOnly"], "load");
  if (path instanceof URL) path = fileURLToPath(path);
  if (path instanceof Uint8Array) {
    const bytes = path;
    if (!isZip(bytes)) return loadTree(readLegacyOrThrow(bytes, "<bytes>", o), "", "<bytes>", o);
    return withTempFile((tmp) => {
      fs.writeFileSync(tmp, bytes);
      return load(tmp, o);
    });
  }
  if (typeof path !== "string") throw new TypeError("f must be a file name or a Buffer/Uint8Array");
  placement(o.mapLocation); // a bad mapLocation fails before the file is read
  if (!fs.existsSync(path)) {
    const e = pyError("FileNotFoundError", `[Errno 2] No such file or directory: '${path}'`);
    Object.assign(e, { errno: 2, code: "ENOENT", path });
    throw e;
  }
  const head = new Uint8Array(4);
  const fd = fs.openSync(path, "r");
  try {
    fs.readSync(fd, head, 0, 4, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!isZip(head)) return loadTree(readLegacyOrThrow(fs.readFileSync(path), path, o), "", path, o);
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
    tree = unpickle(new Uint8Array(records.get(pkl) as ArrayBuffer), { numpy: !o.weightsOnly });
  } catch (e) {
    throw unpickleError(e, path, o);
  }
  return loadTree({ tree, records }, prefix, path, o);
}

// What a pickle refused becomes: PyTorch's weights-only message with weightsOnly, else the file's name and why.
function unpickleError(e: unknown, path: string, o: LoadOptions): Error {
  if (o.weightsOnly && e instanceof UnsupportedGlobal)
    return pyError("UnpicklingError", `${WEIGHTS_ONLY_FAILED}Unsupported class ${e.global}`);
  return new Error(`${path}: ${(e as Error).message}`);
}

function readLegacyOrThrow(buf: Uint8Array, path: string, o: LoadOptions): ReturnType<typeof readLegacy> {
  try {
    return readLegacy(buf, !o.weightsOnly);
  } catch (e) {
    // Python's pickle.load of an empty file.
    if (e instanceof PickleEOF && buf.length === 0) throw pyError("EOFError", "Ran out of input");
    if (e instanceof UnsupportedGlobal) throw unpickleError(e, path, o);
    throw new Error(`${path}: not a valid torch.save file (${(e as Error).message})`);
  }
}

function loadTree(
  archive: { tree: ReturnType<typeof unpickle>; records: Map<string, ArrayBuffer> },
  prefix: string,
  path: string,
  o: LoadOptions,
): Loaded {
  const { tree, records } = archive;
  const place = placement(o.mapLocation);
  // One tensor per storage key and one per rebuilt tensor object (see `done`): tensors that shared a storage in
  // the saved program are views of one storage again, and an object saved twice loads as one tensor.
  const storages = new Map<string, Tensor>();
  // Storages loaded as storages (TypedStorage), one per storage or legacy view key, as Python's loader keeps them.
  const typed = new Map<string, TypedStorage>();
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
  // The storage of a StorageRef as a 1-d tensor of all its elements, read (and placed) once per key.
  const storageOf = (s: StorageRef): Tensor => {
    let storage = storages.get(s.key);
    if (storage) return storage;
    const rec = records.get(`${prefix}data/${s.key}`);
    if (rec) {
      storage = new Tensor(wrap(() => native.fromStorage(new Uint8Array(rec), SCALAR_TYPE[s.dtype as DType])));
    } else if (s.location === "meta") {
      // PyTorch writes no data for a meta storage.
      storage = new Tensor(native.empty([s.numel], SCALAR_TYPE[s.dtype as DType], "meta"));
    } else {
      throw new Error(`${path}: missing tensor data ${s.key}`);
    }
    // A device move applies to the storage, so views of one storage stay views of one storage.
    if ("at" in place) {
      const dev = place.at(s.location);
      if (dev !== storage.device) {
        const moved = storage.to(dev);
        storage.dispose();
        storage = moved;
      }
    }
    storages.set(s.key, storage);
    return storage;
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
    if ("ndarray" in v) return ndarrayTensor((v as NdarrayRebuild).ndarray, path);
    if ("sparse" in v) {
      // torch._utils._rebuild_sparse_tensor: torch.sparse_coo_tensor(indices, values, size), its errors PyTorch's.
      const sp = (v as SparseRebuild).sparse;
      const [indices, values] = [convert(sp.indices), convert(sp.values)] as Tensor[];
      const size = (convert(sp.size) as number[]).map(Number);
      if (!(indices instanceof Tensor) || !(values instanceof Tensor))
        throw new Error(`${path}: malformed sparse tensor`);
      return sparseCooTensor(indices, values, size);
    }
    if ("sparseCsr" in v) {
      const sp = (v as SparseCsrRebuild).sparseCsr;
      const [crow, col, values] = [convert(sp.crow), convert(sp.col), convert(sp.values)] as Tensor[];
      const size = (convert(sp.size) as number[]).map(Number);
      if (!(crow instanceof Tensor) || !(col instanceof Tensor) || !(values instanceof Tensor))
        throw new Error(`${path}: malformed sparse tensor`);
      return sparseCsrTensor(crow, col, values, size);
    }
    if ("meta" in v) {
      // torch._utils._rebuild_meta_tensor_no_storage: torch.empty_strided on the meta device.
      const m = (v as MetaRebuild).meta;
      if (!(m.dtype in SCALAR_TYPE)) throw new Error(`${path}: unsupported dtype torch.${m.dtype}`);
      let t = emptyStrided(m.size, m.stride, { dtype: m.dtype as DType, device: "meta" }) as Tensor;
      if (m.parameter) t = new Parameter(t, m.requiresGrad);
      else if (m.requiresGrad) t.requiresGrad_(true);
      return t;
    }
    if ("key" in v && "dtype" in v && "numel" in v) {
      // A storage saved as a storage: a TypedStorage over it (or over its legacy view), one per key.
      const s = v as StorageRef;
      const k = s.view ? `view:${s.view.key}` : s.key;
      let ts = typed.get(k);
      if (!ts) {
        const st = storageOf(s);
        const [offset, size] = s.view ? [s.view.offset, s.view.size] : [0, st.numel()];
        const flat = new Tensor(wrap(() => native.storageView(st.handle, { size: [size], stride: [1], offset })));
        typed.set(k, (ts = new TypedStorage(flat)));
      }
      // Not in the Loaded union (narrowing code written against it would break); callers check instanceof.
      return ts as unknown as Loaded;
    }
    if ("storage" in v) {
      const r = v as Rebuild;
      const s = r.storage as StorageRef;
      if (!s || typeof s !== "object" || !("key" in s)) throw new Error(`${path}: malformed tensor`);
      const storage = storageOf(s);
      const view = { size: r.size, stride: r.stride, offset: r.offset + (s.view?.offset ?? 0) };
      let t = new Tensor(wrap(() => native.storageView(storage.handle, view)));
      if ("fn" in place) {
        const mapped = place.fn(t, s.location);
        if (mapped !== undefined && mapped !== null) {
          if (!(mapped instanceof Tensor)) throw new TypeError("mapLocation must return a Tensor or undefined");
          if (mapped !== t) t.dispose();
          t = mapped;
        } else {
          const dev = defaultDevice(s.location);
          if (dev !== t.device) {
            const moved = t.to(dev);
            t.dispose();
            t = moved;
          }
        }
      }
      if (r.parameter) {
        const p = new Parameter(t, r.requiresGrad);
        t.dispose();
        return p;
      }
      if (r.requiresGrad) t.requiresGrad_(true);
      return t;
    }
    throw new Error(`${path}: unexpected value in checkpoint`);
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
  } catch (e) {
    if (o.weightsOnly && !(e instanceof TypeError))
      throw pyError("UnpicklingError", `${WEIGHTS_ONLY_FAILED}${(e as Error).message.split("\n")[0]}`);
    throw e;
  } finally {
    for (const st of storages.values()) st.dispose();
  }
}

// numpy's dtype codes (byte order, kind, size) as torch dtypes: what torch.from_numpy takes.
const NUMPY_DTYPES: Record<string, DType> = {
  f2: "float16",
  f4: "float32",
  f8: "float64",
  i1: "int8",
  i2: "int16",
  i4: "int32",
  i8: "int64",
  u1: "uint8",
  b1: "bool",
  c8: "complex64",
  c16: "complex128",
};

/**
 * A pickled numpy array as the tensor torch.from_numpy would make of it (torchts has no numpy): its dtype,
 * shape, and strides (C or Fortran order), over a copy of its bytes.
 */
function ndarrayTensor(a: NdarrayRebuild["ndarray"], path: string): Tensor {
  const order = a.dtype[0] ?? "";
  const dtype = NUMPY_DTYPES[a.dtype.slice(1)];
  if (dtype === undefined || !"<|=".includes(order))
    throw new TypeError(
      `${path}: can't convert np.ndarray of type numpy.dtype('${a.dtype}'). The only supported types are: ` +
        "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, uint8, and bool.",
    );
  const numel = a.shape.reduce((x, y) => x * y, 1);
  if (numel * (ELEMENT_SIZE[dtype] as number) !== a.data.length)
    throw new Error(`${path}: not a valid numpy array (${a.data.length} bytes for shape [${a.shape}] of ${a.dtype})`);
  const flat = new Tensor(native.fromStorage(new Uint8Array(a.data), SCALAR_TYPE[dtype]));
  // torch.from_numpy gives an empty array all-zero strides
  if (numel === 0)
    return flat.asStrided(
      a.shape,
      a.shape.map(() => 0),
    );
  if (!a.fortran) return flat.view(a.shape);
  const dims = a.shape.map((_, i) => a.shape.length - 1 - i);
  return flat.view([...a.shape].reverse()).permute(dims);
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
