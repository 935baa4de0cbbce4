// A reader for the pickle that torch.save writes (data.pkl in its zip): dicts, OrderedDicts, lists,
// tuples, numbers, strings and tensors rebuilt from their storages. Only the globals torch.save
// uses are accepted; anything else is an error, never code execution.
export interface StorageRef {
  key: string;
  dtype: string;
  numel: number;
  /** Where the tensor was when saved ("cpu", "cuda:0"). */
  location: string;
  /** The legacy (non-zip) format's storage view: elements [offset, offset + size) of storage `key`, named `view`. */
  view?: { key: string; offset: number; size: number };
}
export interface Rebuild {
  storage: StorageRef;
  offset: number;
  size: number[];
  stride: number[];
  requiresGrad: boolean;
  /** Saved as an nn.Parameter (torch._utils._rebuild_parameter). */
  parameter?: boolean;
}
/** A meta tensor of torch._utils._rebuild_meta_tensor_no_storage: no storage, no data. */
export interface MetaRebuild {
  meta: { dtype: string; size: number[]; stride: number[]; requiresGrad: boolean; parameter?: boolean };
}
/** A sparse COO tensor of torch._utils._rebuild_sparse_tensor: its indices and values tensors and size. */
export interface SparseRebuild {
  sparse: { indices: Value; values: Value; size: Value };
}
export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | Value[]
  | Map<unknown, Value>
  | { tuple: Value[] }
  | Rebuild
  | StorageRef
  | object;

/**
 * A numpy array (numpy.core.multiarray._reconstruct, then its BUILD state): its dtype as numpy spells it
 * ("<f8", "|u1"), shape, memory order and bytes. torch.save pickles numpy arrays so (the loader makes tensors).
 */
export interface NdarrayRebuild {
  ndarray: { dtype: string; shape: number[]; fortran: boolean; data: Uint8Array };
}

/** A collections.OrderedDict; `metadata` is the `_metadata` attribute its BUILD state set (state dicts). */
export class OrderedDict extends Map<unknown, Value> {
  metadata: Value | undefined;
}

/** A global outside the allow-list; `name` is module.qualname as the pickle spells it. */
export class UnsupportedGlobal extends Error {
  constructor(readonly global: string) {
    super(`pickle: unsupported global ${global}`);
  }
}

/** A pickle ended before its STOP (Python's EOFError "Ran out of input" when nothing was read). */
export class PickleEOF extends Error {}

export const STORAGE_DTYPES: Record<string, string> = {
  FloatStorage: "float32",
  DoubleStorage: "float64",
  HalfStorage: "float16",
  BFloat16Storage: "bfloat16",
  LongStorage: "int64",
  IntStorage: "int32",
  ShortStorage: "int16",
  CharStorage: "int8",
  ByteStorage: "uint8",
  BoolStorage: "bool",
  ComplexFloatStorage: "complex64",
  ComplexDoubleStorage: "complex128",
};

/** A sparse CSR tensor of torch._utils._rebuild_sparse_csr_tensor: crow/col indices, values and size. */
export interface SparseCsrRebuild {
  sparseCsr: { crow: Value; col: Value; values: Value; size: Value };
}

// torch.Tensor() before its BUILD state arrives.
class PendingTensor {}

// numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b') and numpy.dtype(str, align, copy) before their
// BUILD states arrive: the array's (version, shape, dtype, is_fortran, raw bytes), the dtype's byte order.
class PendingNdarray {}
class NumpyDtype {
  byteorder = "=";
  constructor(readonly str: string) {}
}

function legacyTensor(
  storage: StorageRef,
  offset: number,
  size: { tuple: number[] },
  stride: { tuple: number[] },
): Rebuild {
  if (!size?.tuple || !stride?.tuple) throw new Error("pickle: malformed legacy tensor");
  return {
    storage,
    offset: Number(offset),
    size: size.tuple.map(Number),
    stride: stride.tuple.map(Number),
    requiresGrad: false,
  };
}

class Global {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}
const MARK = Symbol("mark");

/** Options of {@link unpickle}: `numpy` accepts numpy arrays (not in the weights-only allow-list). */
export interface UnpickleOptions {
  numpy?: boolean;
}

export function unpickle(buf: Uint8Array, o: UnpickleOptions = {}): Value {
  return unpickleAt(buf, 0, o).value;
}

/**
 * Reads one pickle starting at `start` (the legacy torch.save format is several pickles in a row): its
 * value, the offset just past its STOP, and the storages its persistent ids named, in order.
 */
export function unpickleAt(
  buf: Uint8Array,
  start: number,
  o: UnpickleOptions = {},
): { value: Value; end: number; storages: StorageRef[] } {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const td = new TextDecoder();
  let pos = start;
  const storages: StorageRef[] = [];
  if (pos >= buf.length) throw new PickleEOF("Ran out of input");
  const stack: unknown[] = [];
  const memo = new Map<number, unknown>();
  const popMark = (): unknown[] => {
    let i = stack.length - 1;
    while (i >= 0 && stack[i] !== MARK) i--;
    if (i < 0) throw new Error("pickle: MARK not found");
    const items = stack.splice(i + 1);
    stack.pop();
    return items;
  };
  const u8 = () => buf[pos++];
  const u32 = () => {
    const v = dv.getUint32(pos, true);
    pos += 4;
    return v;
  };
  const str = (n: number) => {
    const s = td.decode(buf.subarray(pos, pos + n));
    pos += n;
    return s;
  };
  const line = () => {
    const e = buf.indexOf(10, pos);
    if (e < 0) throw new Error("pickle: truncated");
    const s = td.decode(buf.subarray(pos, e));
    pos = e + 1;
    return s;
  };
  // numpy's globals fail where they are named unless numpy arrays are read (as the weights-only unpickler's
  // find_class refuses them), not at their first call
  const global = (module: string, name: string): Global => {
    if (!o.numpy && (module === "_codecs" || module === "numpy" || module.startsWith("numpy.")))
      throw new UnsupportedGlobal(`${module}.${name}`);
    return new Global(module, name);
  };
  const call = (fn: unknown, args: unknown[]): unknown => {
    if (!(fn instanceof Global)) throw new Error("pickle: REDUCE on a non-global");
    const full = `${fn.module}.${fn.name}`;
    if (o.numpy) {
      switch (full) {
        case "numpy.core.multiarray._reconstruct":
        case "numpy._core.multiarray._reconstruct": {
          const cls = args[0];
          if (!(cls instanceof Global) || cls.module !== "numpy" || cls.name !== "ndarray")
            throw new UnsupportedGlobal(`${full} of a numpy.ndarray subclass`);
          return new PendingNdarray();
        }
        case "numpy.dtype":
          if (typeof args[0] !== "string") throw new Error("pickle: malformed numpy dtype");
          return new NumpyDtype(args[0]);
        case "_codecs.encode": {
          // Protocol 2's bytes: the str of their latin-1 code points, encoded back
          const [text, encoding] = args;
          if (typeof text !== "string" || encoding !== "latin1") throw new Error("pickle: unsupported _codecs.encode");
          return Uint8Array.from(text, (c) => c.charCodeAt(0));
        }
        case "__builtin__.bytes":
        case "builtins.bytes":
          // protocol 2's b'' (an empty array's data)
          if (args.length === 0) return new Uint8Array(0);
          break;
      }
    }
    switch (full) {
      case "collections.OrderedDict":
        return new OrderedDict();
      case "torch._utils._rebuild_tensor_v2": {
        const [storage, offset, size, stride, requiresGrad] = args as [
          StorageRef,
          number,
          { tuple: number[] },
          { tuple: number[] },
          boolean,
        ];
        return {
          storage,
          offset: Number(offset),
          size: size.tuple.map(Number),
          stride: stride.tuple.map(Number),
          requiresGrad: !!requiresGrad,
        } as Rebuild;
      }
      case "torch._utils._rebuild_tensor": {
        // The pre-1.0 form: (storage, offset, size, stride), no requires_grad.
        const [storage, offset, size, stride] = args as [StorageRef, number, { tuple: number[] }, { tuple: number[] }];
        return legacyTensor(storage, offset, size, stride);
      }
      case "torch.Tensor":
        // torch.Tensor() whose BUILD state (storage, offset, size, stride) then set_s it (Tensor.__setstate__).
        if (args.length !== 0) throw new Error("pickle: torch.Tensor with arguments");
        return new PendingTensor();
      case "torch._utils._rebuild_sparse_csr_tensor": {
        const [layout, data] = args as [{ layout?: string }, { tuple: Value[] }];
        if (layout?.layout !== "torch.sparse_csr")
          throw new Error(`pickle: unsupported sparse layout ${String(layout?.layout)}`);
        const [crow, col, values, size] = data.tuple;
        return { sparseCsr: { crow, col, values, size } } as SparseCsrRebuild;
      }
      case "torch.Size":
        return args[0];
      case "torch.serialization._get_layout":
        return { layout: String(args[0]) };
      case "torch._utils._rebuild_sparse_tensor": {
        const [layout, data] = args as [{ layout?: string }, { tuple: Value[] }];
        if (layout?.layout !== "torch.sparse_coo")
          throw new Error(`pickle: unsupported sparse layout ${String(layout?.layout)}`);
        const [indices, values, size] = data.tuple;
        return { sparse: { indices, values, size } } as SparseRebuild;
      }
      case "torch._utils._rebuild_parameter": {
        const data = args[0] as Rebuild | MetaRebuild;
        if (data && typeof data === "object" && "meta" in data)
          return { meta: { ...data.meta, requiresGrad: !!args[1], parameter: true } } as MetaRebuild;
        return { ...(data as Rebuild), requiresGrad: !!args[1], parameter: true };
      }
      case "torch._utils._rebuild_meta_tensor_no_storage": {
        const [dtype, size, stride, requiresGrad] = args as [Global, { tuple: number[] }, { tuple: number[] }, boolean];
        if (!(dtype instanceof Global) || dtype.module !== "torch" || !size?.tuple || !stride?.tuple)
          throw new Error("pickle: malformed meta tensor");
        return {
          meta: {
            dtype: dtype.name,
            size: size.tuple.map(Number),
            stride: stride.tuple.map(Number),
            requiresGrad: !!requiresGrad,
          },
        } as MetaRebuild;
      }
      case "builtins.set":
      case "__builtin__.set":
        return args[0];
      // What libtorch's own pickler adds around typed containers.
      case "torch.jit._pickle.restore_type_tag":
      case "torch.jit._pickle.build_intlist":
      case "torch.jit._pickle.build_doublelist":
      case "torch.jit._pickle.build_boollist":
        return args[0];
      default:
        throw new UnsupportedGlobal(full);
    }
  };
  for (;;) {
    if (pos >= buf.length) throw new Error("pickle: truncated data");
    const op = u8();
    switch (op) {
      case 0x80:
        pos++;
        break; // PROTO
      case 0x95:
        pos += 8;
        break; // FRAME
      case 0x2e:
        return { value: stack.pop() as Value, end: pos, storages }; // STOP
      case 0x63: {
        const m = line();
        const n = line();
        stack.push(global(m, n));
        break;
      } // GLOBAL
      case 0x93: {
        const n = stack.pop() as string;
        const m = stack.pop() as string;
        stack.push(global(m, n));
        break;
      } // STACK_GLOBAL
      case 0x71:
        memo.set(u8(), stack[stack.length - 1]);
        break; // BINPUT
      case 0x72:
        memo.set(u32(), stack[stack.length - 1]);
        break; // LONG_BINPUT
      case 0x94:
        memo.set(memo.size, stack[stack.length - 1]);
        break; // MEMOIZE
      case 0x68:
        stack.push(memo.get(u8()));
        break; // BINGET
      case 0x6a:
        stack.push(memo.get(u32()));
        break; // LONG_BINGET
      case 0x28:
        stack.push(MARK);
        break;
      case 0x29:
        stack.push({ tuple: [] });
        break;
      case 0x74:
        stack.push({ tuple: popMark() });
        break;
      case 0x85:
        stack.push({ tuple: stack.splice(-1) });
        break;
      case 0x86:
        stack.push({ tuple: stack.splice(-2) });
        break;
      case 0x87:
        stack.push({ tuple: stack.splice(-3) });
        break;
      case 0x7d:
        stack.push(new Map());
        break; // EMPTY_DICT
      case 0x5d:
        stack.push([]);
        break; // EMPTY_LIST
      case 0x6c:
        stack.push(popMark());
        break; // LIST
      case 0x64: {
        const items = popMark();
        const m = new Map();
        for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
        stack.push(m);
        break;
      } // DICT
      case 0x73: {
        const v = stack.pop();
        const k = stack.pop();
        (stack[stack.length - 1] as Map<unknown, unknown>).set(k, v);
        break;
      } // SETITEM
      case 0x75: {
        const items = popMark();
        const m = stack[stack.length - 1] as Map<unknown, unknown>;
        for (let i = 0; i < items.length; i += 2) m.set(items[i], items[i + 1]);
        break;
      }
      case 0x61: {
        const v = stack.pop();
        (stack[stack.length - 1] as unknown[]).push(v);
        break;
      } // APPEND
      case 0x65: {
        const items = popMark();
        (stack[stack.length - 1] as unknown[]).push(...items);
        break;
      } // APPENDS
      case 0x52: {
        const args = stack.pop() as { tuple: unknown[] };
        const fn = stack.pop();
        stack.push(call(fn, args.tuple));
        break;
      } // REDUCE
      case 0x81: {
        const args = stack.pop() as { tuple: unknown[] };
        const cls = stack.pop();
        stack.push(call(cls, args.tuple));
        break;
      } // NEWOBJ
      case 0x62: {
        // BUILD: only an OrderedDict's _metadata is kept; other state is dropped, never applied
        const state = stack.pop();
        const target = stack[stack.length - 1];
        if (target instanceof OrderedDict && state instanceof Map && state.has("_metadata"))
          target.metadata = state.get("_metadata");
        if (target instanceof NumpyDtype) {
          // (version, byteorder, subarray, names, fields, elsize, alignment, flags): only plain numbers are read
          const st = (state as { tuple?: unknown[] })?.tuple;
          if (!st || typeof st[1] !== "string" || st[2] !== null || st[3] !== null)
            throw new Error(`pickle: unsupported numpy dtype ${target.str}`);
          target.byteorder = st[1];
        }
        if (target instanceof PendingNdarray) {
          // (version, shape, dtype, is_fortran, raw bytes)
          const st = (state as { tuple?: unknown[] })?.tuple;
          const [, shape, dtype, fortran, raw] = st ?? [];
          const dims = (shape as { tuple?: unknown[] } | undefined)?.tuple;
          if (st?.length !== 5 || !dims || !(dtype instanceof NumpyDtype) || !(raw instanceof Uint8Array))
            throw new Error("pickle: unsupported numpy array state (object arrays are not read)");
          const ndarray = {
            dtype: dtype.byteorder + dtype.str,
            shape: dims.map(Number),
            fortran: !!fortran,
            data: raw,
          };
          Object.assign(target, { ndarray } as NdarrayRebuild);
        }
        if (target instanceof PendingTensor) {
          const st = (state as { tuple?: unknown[] })?.tuple;
          if (st?.length !== 4) throw new Error("pickle: unsupported torch.Tensor state");
          const [storage, offset, size, stride] = st as [StorageRef, number, { tuple: number[] }, { tuple: number[] }];
          Object.assign(target, legacyTensor(storage, offset, size, stride));
        }
        break;
      }
      case 0x51: {
        // BINPERSID: ('storage', StorageType, key, location, numel), the legacy format adding a view
        // (view_key, offset, size) or None; torch.storage.UntypedStorage counts bytes (loads as uint8)
        const pid = (stack.pop() as { tuple?: unknown[] })?.tuple;
        const type = pid?.[1] as Global | undefined;
        const dtype =
          type instanceof Global && type.module === "torch.storage" && type.name === "UntypedStorage"
            ? "uint8"
            : type instanceof Global && type.module === "torch"
              ? STORAGE_DTYPES[type.name]
              : undefined;
        if (pid?.[0] !== "storage" || !dtype || (pid.length !== 5 && pid.length !== 6))
          throw new Error(`pickle: unsupported persistent id ${String(pid?.[0])} ${type?.name}`);
        const ref: StorageRef = { key: String(pid[2]), dtype, numel: Number(pid[4]), location: String(pid[3]) };
        const view = (pid[5] as { tuple?: unknown[] } | null)?.tuple;
        if (view) ref.view = { key: String(view[0]), offset: Number(view[1]), size: Number(view[2]) };
        storages.push(ref);
        stack.push(ref);
        break;
      }
      case 0x58:
        stack.push(str(u32()));
        break; // BINUNICODE
      case 0x8c:
        stack.push(str(u8()));
        break; // SHORT_BINUNICODE
      case 0x54:
        stack.push(str(u32()));
        break; // BINSTRING
      case 0x55:
        stack.push(str(u8()));
        break; // SHORT_BINSTRING
      case 0x4a: {
        const v = dv.getInt32(pos, true);
        pos += 4;
        stack.push(v);
        break;
      } // BININT
      case 0x4b:
        stack.push(u8());
        break; // BININT1
      case 0x4d: {
        const v = dv.getUint16(pos, true);
        pos += 2;
        stack.push(v);
        break;
      } // BININT2
      case 0x8a: {
        // LONG1
        const n = u8();
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(buf[pos + i]);
        if (n > 0 && buf[pos + n - 1] & 0x80) v -= 1n << BigInt(8 * n);
        pos += n;
        stack.push(v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v);
        break;
      }
      case 0x47: {
        const v = dv.getFloat64(pos, false);
        pos += 8;
        stack.push(v);
        break;
      } // BINFLOAT
      case 0x4e:
        stack.push(null);
        break;
      case 0x88:
        stack.push(true);
        break;
      case 0x89:
        stack.push(false);
        break;
      case 0x43: {
        const n = u8();
        stack.push(buf.slice(pos, pos + n));
        pos += n;
        break;
      } // SHORT_BINBYTES
      case 0x42: {
        const n = u32();
        stack.push(buf.slice(pos, pos + n));
        pos += n;
        break;
      } // BINBYTES
      default:
        throw new Error(`pickle: unsupported opcode 0x${op.toString(16)} at ${pos - 1}`);
    }
  }
}
