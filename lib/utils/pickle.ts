// A writer for the pickle that Python's torch.save writes (data.pkl in its zip, protocol 2): dicts,
// OrderedDicts with BUILD state (a state dict's `_metadata`), lists, ints, floats, strings and
// tensors as _rebuild_tensor_v2 over persistent storage ids. unpickle.ts reads it back.

/** One tensor as torch.save pickles it: a view (offset, size, stride) into a storage saved once. */
export interface TensorRef {
  storageKey: string;
  storageType: string; // "FloatStorage", ...: the global torch.<storageType>
  location: string; // "cpu", "cuda:0"
  storageNumel: number; // elements of storageType the storage holds
  offset: number;
  size: number[];
  stride: number[];
  requiresGrad: boolean;
  parameter: boolean; // written as torch._utils._rebuild_parameter, as nn.Parameter pickles
  // A sparse COO tensor: torch._utils._rebuild_sparse_tensor of its indices, values and size.
  sparse?: { indices: TensorRef; values: TensorRef; size: number[] };
  // A sparse CSR tensor: torch._utils._rebuild_sparse_csr_tensor of its crow/col indices, values and size.
  sparseCsr?: { crow: TensorRef; col: TensorRef; values: TensorRef; size: number[] };
  // A meta tensor: torch._utils._rebuild_meta_tensor_no_storage(dtype, size, stride, requires_grad).
  meta?: { dtype: string; size: number[]; stride: number[] };
  // A storage (TypedStorage), pickled as its bare persistent id.
  storageOnly?: boolean;
}

const PROTO = 0x80;
const STOP = 0x2e;
const GLOBAL = 0x63;
const BINPUT = 0x71;
const LONG_BINPUT = 0x72;
const BINGET = 0x68;
const LONG_BINGET = 0x6a;
const MARK = 0x28;
const EMPTY_TUPLE = 0x29;
const TUPLE = 0x74;
const TUPLE1 = 0x85;
const EMPTY_DICT = 0x7d;
const EMPTY_LIST = 0x5d;
const SETITEM = 0x73;
const SETITEMS = 0x75;
const APPEND = 0x61;
const APPENDS = 0x65;
const REDUCE = 0x52;
const BUILD = 0x62;
const BINPERSID = 0x51;
const BINUNICODE = 0x58;
const BININT = 0x4a;
const BININT1 = 0x4b;
const BININT2 = 0x4d;
const LONG1 = 0x8a;
const BINFLOAT = 0x47;
const NONE = 0x4e;
const NEWTRUE = 0x88;
const NEWFALSE = 0x89;
// Python's pickler writes APPENDS/SETITEMS in batches of this many items.
const BATCH = 1000;

// Python objects that have no JS counterpart, built only inside this file.
class Tuple {
  constructor(readonly items: unknown[]) {}
}
class Global {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}
class Reduce {
  constructor(
    readonly fn: Global,
    readonly args: Tuple,
  ) {}
}
class Persistent {
  constructor(readonly id: Tuple) {}
}
class OrderedDict {
  constructor(
    readonly pairs: Array<[unknown, unknown]>,
    readonly state?: Array<[string, unknown]>,
    readonly memoKey?: object, // the JS object it stands for, so a cycle back to it is a reference
  ) {}
}

class Writer {
  private buf = new Uint8Array(1 << 12);
  private len = 0;
  private te = new TextEncoder();

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
  byte(b: number): void {
    this.reserve(1);
    this.buf[this.len++] = b;
  }
  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
  }
  u16(v: number): void {
    this.byte(v & 0xff);
    this.byte(v >>> 8);
  }
  u32(v: number): void {
    this.reserve(4);
    new DataView(this.buf.buffer).setUint32(this.len, v, true);
    this.len += 4;
  }
  i32(v: number): void {
    this.reserve(4);
    new DataView(this.buf.buffer).setInt32(this.len, v, true);
    this.len += 4;
  }
  f64be(v: number): void {
    this.reserve(8);
    new DataView(this.buf.buffer).setFloat64(this.len, v, false);
    this.len += 8;
  }
  utf8(s: string): Uint8Array {
    return this.te.encode(s);
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * Pickles `obj` as torch.save does. `tensor(v)` returns the TensorRef for a tensor object and
 * undefined for anything else. Plain objects become dicts; one with an own `_metadata` property
 * becomes an OrderedDict whose BUILD state is {_metadata: OrderedDict(...)}, as module.state_dict()
 * pickles. Maps with number keys become int-keyed dicts, arrays lists; integers become ints, other
 * numbers floats. Objects reached twice are written once and referenced (pickle's memo).
 */
export function pickle(obj: unknown, tensor: (v: object) => TensorRef | undefined): Uint8Array {
  const w = new Writer();
  const memo = new Map<unknown, number>();
  const globals = new Map<string, Global>();

  const put = (key: unknown): void => {
    const i = memo.size;
    memo.set(key, i);
    if (i < 256) {
      w.byte(BINPUT);
      w.byte(i);
    } else {
      w.byte(LONG_BINPUT);
      w.u32(i);
    }
  };
  const get = (key: unknown): boolean => {
    const i = memo.get(key);
    if (i === undefined) return false;
    if (i < 256) {
      w.byte(BINGET);
      w.byte(i);
    } else {
      w.byte(LONG_BINGET);
      w.u32(i);
    }
    return true;
  };
  const global = (module: string, name: string): Global => {
    const k = `${module}\n${name}`;
    let g = globals.get(k);
    if (!g) globals.set(k, (g = new Global(module, name)));
    return g;
  };

  const int = (v: number | bigint): void => {
    if (typeof v === "number" && v >= 0 && v <= 0xff) {
      w.byte(BININT1);
      w.byte(v);
    } else if (typeof v === "number" && v >= 0 && v <= 0xffff) {
      w.byte(BININT2);
      w.u16(v);
    } else if (typeof v === "number" && v >= -0x80000000 && v <= 0x7fffffff) {
      w.byte(BININT);
      w.i32(v);
    } else {
      // LONG1: minimal little-endian two's complement, as Python's encode_long.
      let x = BigInt(v);
      const out: number[] = [];
      for (;;) {
        const b = Number(x & 0xffn);
        out.push(b);
        x >>= 8n;
        if ((x === 0n && !(b & 0x80)) || (x === -1n && b & 0x80)) break;
      }
      w.byte(LONG1);
      w.byte(out.length);
      w.bytes(Uint8Array.from(out));
    }
  };

  const items = (pairs: Array<[unknown, unknown]>): void => {
    for (let i = 0; i < pairs.length; i += BATCH) {
      const chunk = pairs.slice(i, i + BATCH);
      if (chunk.length > 1) w.byte(MARK);
      for (const [k, v] of chunk) {
        save(k);
        save(v);
      }
      w.byte(chunk.length > 1 ? SETITEMS : SETITEM);
    }
  };

  const persistent = (t: TensorRef): Persistent => {
    const storageType = global("torch", t.storageType);
    return new Persistent(new Tuple(["storage", storageType, t.storageKey, t.location, t.storageNumel]));
  };
  const rebuild = (t: TensorRef): Reduce => {
    if (t.meta) {
      const m = t.meta;
      const args = [global("torch", m.dtype), new Tuple(m.size), new Tuple(m.stride), t.requiresGrad && !t.parameter];
      const data = new Reduce(global("torch._utils", "_rebuild_meta_tensor_no_storage"), new Tuple(args));
      if (!t.parameter) return data;
      const hooks = new OrderedDict([]);
      return new Reduce(global("torch._utils", "_rebuild_parameter"), new Tuple([data, t.requiresGrad, hooks]));
    }
    if (t.sparseCsr) {
      const c = t.sparseCsr;
      const size = new Reduce(global("torch", "Size"), new Tuple([new Tuple(c.size)]));
      const data = new Tuple([rebuild(c.crow), rebuild(c.col), rebuild(c.values), size]);
      const layout = new Reduce(global("torch.serialization", "_get_layout"), new Tuple(["torch.sparse_csr"]));
      return new Reduce(global("torch._utils", "_rebuild_sparse_csr_tensor"), new Tuple([layout, data]));
    }
    if (t.sparse) {
      // Tensor._reduce_ex_internal for torch.sparse_coo: (layout, (indices, values, torch.Size(size))).
      const size = new Reduce(global("torch", "Size"), new Tuple([new Tuple(t.sparse.size)]));
      const data = new Tuple([rebuild(t.sparse.indices), rebuild(t.sparse.values), size]);
      // torch.layout pickles as torch.serialization._get_layout("torch.sparse_coo").
      const layout = new Reduce(global("torch.serialization", "_get_layout"), new Tuple(["torch.sparse_coo"]));
      return new Reduce(global("torch._utils", "_rebuild_sparse_tensor"), new Tuple([layout, data]));
    }
    const pid = persistent(t);
    const requiresGrad = t.requiresGrad && !t.parameter;
    const args = [pid, t.offset, new Tuple(t.size), new Tuple(t.stride), requiresGrad, new OrderedDict([])];
    const data = new Reduce(global("torch._utils", "_rebuild_tensor_v2"), new Tuple(args));
    if (!t.parameter) return data;
    // Parameter.__reduce_ex__: (data, requires_grad, OrderedDict()) with data not requiring grad.
    const hooks = new OrderedDict([]);
    return new Reduce(global("torch._utils", "_rebuild_parameter"), new Tuple([data, t.requiresGrad, hooks]));
  };

  function save(v: unknown): void {
    if (v === null || v === undefined) {
      w.byte(NONE);
      return;
    }
    if (typeof v === "boolean") {
      w.byte(v ? NEWTRUE : NEWFALSE);
      return;
    }
    if (typeof v === "bigint") {
      int(v);
      return;
    }
    if (typeof v === "number") {
      if (Number.isSafeInteger(v) && !Object.is(v, -0)) {
        int(v);
        return;
      }
      w.byte(BINFLOAT);
      w.f64be(v);
      return;
    }
    if (typeof v === "string") {
      if (get(v)) return;
      const b = w.utf8(v);
      w.byte(BINUNICODE);
      w.u32(b.length);
      w.bytes(b);
      put(v);
      return;
    }
    if (typeof v !== "object") throw new TypeError(`cannot save a ${typeof v}`);
    if (get(v)) return;
    if (v instanceof Global) {
      w.byte(GLOBAL);
      w.bytes(w.utf8(`${v.module}\n${v.name}\n`));
      put(v);
      return;
    }
    if (v instanceof Tuple) {
      if (v.items.length === 0) {
        w.byte(EMPTY_TUPLE);
        return;
      }
      if (v.items.length <= 3) {
        for (const x of v.items) save(x);
        w.byte(TUPLE1 + v.items.length - 1);
      } else {
        w.byte(MARK);
        for (const x of v.items) save(x);
        w.byte(TUPLE);
      }
      put(v);
      return;
    }
    if (v instanceof Persistent) {
      save(v.id);
      w.byte(BINPERSID);
      return;
    }
    if (v instanceof Reduce) {
      save(v.fn);
      save(v.args);
      w.byte(REDUCE);
      put(v);
      return;
    }
    // collections.OrderedDict() REDUCE, then its items, then BUILD with its attribute dict if any.
    if (v instanceof OrderedDict) {
      save(global("collections", "OrderedDict"));
      w.byte(EMPTY_TUPLE);
      w.byte(REDUCE);
      put(v.memoKey ?? v);
      items(v.pairs);
      if (v.state) {
        w.byte(EMPTY_DICT);
        put({});
        items(v.state);
        w.byte(BUILD);
      }
      return;
    }
    const t = tensor(v);
    if (t?.storageOnly) {
      save(persistent(t));
      return;
    }
    if (t) {
      // Memoized under the JS tensor, so one tensor reached twice is one tensor in Python.
      const r = rebuild(t);
      save(r.fn);
      save(r.args);
      w.byte(REDUCE);
      put(v);
      return;
    }
    if (Array.isArray(v)) {
      w.byte(EMPTY_LIST);
      put(v);
      for (let i = 0; i < v.length; i += BATCH) {
        const chunk = v.slice(i, i + BATCH);
        if (chunk.length > 1) w.byte(MARK);
        for (const x of chunk) save(x);
        w.byte(chunk.length > 1 ? APPENDS : APPEND);
      }
      return;
    }
    if (v instanceof Map) {
      const pairs: Array<[unknown, unknown]> = [...v].map(([k, x]) => {
        if (typeof k === "number" && !Number.isSafeInteger(k)) throw new TypeError(`cannot save a dict key ${k}`);
        return [typeof k === "number" || typeof k === "bigint" ? k : String(k), x];
      });
      w.byte(EMPTY_DICT);
      put(v);
      items(pairs);
      return;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError(`cannot save a ${(v as object).constructor?.name ?? "object"}`);
    }
    const pairs = Object.entries(v).filter(([k]) => k !== "_metadata");
    if (Object.hasOwn(v, "_metadata")) {
      const meta = (v as { _metadata: unknown })._metadata;
      if (meta === null || typeof meta !== "object") throw new TypeError("_metadata must be an object");
      const metaPairs = (meta instanceof Map ? [...meta] : Object.entries(meta)) as Array<[unknown, unknown]>;
      save(new OrderedDict(pairs, [["_metadata", new OrderedDict(metaPairs)]], v));
      return;
    }
    w.byte(EMPTY_DICT);
    put(v);
    items(pairs);
  }

  w.byte(PROTO);
  w.byte(2);
  save(obj);
  w.byte(STOP);
  return w.result();
}
