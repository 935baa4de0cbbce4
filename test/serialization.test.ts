// torch.save / torch.load against PyTorch 1.13's own: state dicts with _metadata, shared storages,
// optimizer-style nesting, both ways. The PyTorch side is test/python/parity_serialization.py.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, Tensor } from "../lib";
import { PyTorch, type PyValue } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-ser-"));
const file = (name: string): string => path.join(tmp, name);

/** Same dtype, same shape, same bytes (NaN payloads and -0 included). */
function expectSameBytes(a: unknown, b: unknown, what: string): void {
  expect(a, what).toBeInstanceOf(Tensor);
  expect(b, what).toBeInstanceOf(Tensor);
  const x = a as Tensor,
    y = b as Tensor;
  expect(x.dtype, what).toBe(y.dtype);
  expect(x.shape, what).toEqual(y.shape);
  const bytes = (t: Tensor) => Buffer.from(t.contiguous().toTypedArray().buffer);
  expect(Buffer.compare(bytes(x), bytes(y)), what).toBe(0);
}

function withMetadata<T extends object>(o: T, meta: Record<string, { version: number }>): T {
  Object.defineProperty(o, "_metadata", { value: meta, enumerable: false, writable: true, configurable: true });
  return o;
}

/** What parity_serialization.describe says of the Python object a JS value is saved as. */
function pyDescribe(v: unknown): unknown {
  if (v instanceof Tensor) return ["tensor", `torch.${v.dtype}`, v.shape];
  if (v === null) return ["NoneType", null];
  if (typeof v === "number") return [Number.isInteger(v) ? "int" : "float", v];
  if (typeof v === "boolean") return ["bool", v];
  if (typeof v === "string") return ["str", v];
  if (Array.isArray(v)) return { type: "list", items: v.map(pyDescribe) };
  if (v instanceof Map) {
    return { type: "dict", items: [...v].map(([k, x]) => [typeof k === "number" ? "int" : "str", k, pyDescribe(x)]) };
  }
  const o = v as object;
  const items = Object.entries(o).map(([k, x]) => ["str", k, pyDescribe(x)]);
  return { type: Object.hasOwn(o, "_metadata") ? "OrderedDict" : "dict", items };
}

describe("state dicts and _metadata", () => {
  it("a state dict saved by torchts loads in PyTorch as an OrderedDict with its _metadata", async () => {
    torch.manualSeed(2);
    const special = torch.tensor([Number.NaN, -0, Number.POSITIVE_INFINITY, 1.5]);
    const sd = withMetadata(
      {
        "fc.weight": torch.randn([3, 4]),
        "fc.bias": torch.randn([3]),
        "bn.running_mean": special,
        "bn.running_var": torch.rand([4], { dtype: "float64" }),
        "bn.num_batches_tracked": torch.tensor(7, { dtype: "int64" }),
        half: torch.randn([2, 2]).to("float16"),
        mask: torch.tensor([true, false, true]),
        empty: torch.zeros([0, 3]),
      },
      { "": { version: 1 }, bn: { version: 2 } },
    );
    const f = file("sd.pt");
    torch.save(sd, f);
    const r = (await py.call("parity_serialization.load_state_dict_file", { f })) as Record<string, PyValue>;
    expect(r.type).toBe("OrderedDict");
    expect(r.keys).toEqual(Object.keys(sd));
    const loaded = r.tensors as Record<string, PyValue>;
    for (const [k, t] of Object.entries(sd)) expectSameBytes(loaded[k], t, k);
    expect(r.metadata_type).toBe("OrderedDict");
    expect(r.metadata).toEqual(Object.entries((sd as unknown as { _metadata: object })._metadata));
    // Python's layout: <stem>/data.pkl, one record per storage, <stem>/version.
    expect(r.records).toEqual(["sd/data.pkl", ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => `sd/data/${i}`), "sd/version"]);
  });

  it("torch.save(model.state_dict()) from PyTorch loads with _metadata, and saves back with it", async () => {
    const f = file("seq.pt");
    const r = (await py.call("parity_serialization.save_sequential_state", { f })) as Record<string, PyValue>;
    const loaded = torch.load(f) as Record<string, Tensor>;
    const want = Object.fromEntries(r.metadata as Array<[string, { version: number }]>);
    const desc = Object.getOwnPropertyDescriptor(loaded, "_metadata");
    expect(desc?.enumerable).toBe(false);
    expect(desc?.value).toEqual(want);
    const ref = r.tensors as Record<string, PyValue>;
    expect(Object.keys(loaded)).toEqual(Object.keys(ref));
    for (const k of Object.keys(ref)) expectSameBytes(loaded[k], ref[k], k);
    const f2 = file("seq2.pt");
    torch.save(loaded, f2);
    // Integer-like prefixes ("0", "1") come first in a JS object, so compare as dicts.
    expect(await py.call("parity_serialization.metadata_of", { f: f2 })).toEqual(want);
  });

  it("Module.stateDict() saved by torchts loads into PyTorch's model with the same _metadata", async () => {
    const m = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
    m.forward(torch.randn([5, 3]));
    const f = file("module.pt");
    torch.save(m.stateDict(), f);
    const r = (await py.call("parity_serialization.load_into_sequential", { f })) as Record<string, PyValue>;
    expect(r.same_metadata).toBe(true);
    const sd = m.stateDict();
    for (const [k, t] of Object.entries(r.tensors as Record<string, PyValue>)) expectSameBytes(sd[k], t, k);
  });

  it("stateDict({keepVars: true}) saves Parameters as PyTorch pickles them", async () => {
    const lin = new nn.Linear(2, 3);
    const f = file("params.pt");
    torch.save(lin.stateDict({ keepVars: true }), f);
    const r = await py.call("parity_serialization.tensor_types", { f });
    expect(r).toEqual({ weight: ["Parameter", true], bias: ["Parameter", true] });
    const back = torch.load(f) as Record<string, Tensor>;
    expect(back.weight.requiresGrad).toBe(true);
    expectSameBytes(back.weight, lin.weight, "weight");
  });
});

describe("tensors sharing a storage", () => {
  it("views of one tensor are saved as one storage and load in PyTorch sharing it", async () => {
    const base = torch.arange(0, 12, 1, { dtype: "float32" }).reshape([3, 4]);
    const a = base.narrow(0, 1, 2);
    const b = base.transpose(0, 1);
    const f = file("views.pt");
    torch.save({ a, b }, f);
    const r = (await py.call("parity_serialization.load_views", { f })) as Record<string, PyValue>;
    expect(r.shared).toBe(true);
    expect(r.storage_size).toBe(12);
    expect(r.offsets).toEqual([4, 0]);
    expect(r.strides).toEqual([
      [4, 1],
      [1, 4],
    ]);
    expectSameBytes(r.a, a, "a");
    expectSameBytes(r.b, b, "b");
    expect(r.records).toEqual(["views/data.pkl", "views/data/0", "views/version"]);
  });
});

describe("optimizer-style nesting", () => {
  it("int-keyed maps, lists, floats, ints, booleans and null reach PyTorch with Python's types", async () => {
    torch.manualSeed(6);
    const value = {
      state: new Map<number, Record<string, Tensor>>([
        [0, { step: torch.tensor(3), exp_avg: torch.randn([2, 3]) }],
        [1, { step: torch.tensor(3), exp_avg: torch.randn([2]) }],
      ]),
      param_groups: [
        { lr: 0.001, betas: [0.9, 0.999], eps: 1e-8, weight_decay: 0, amsgrad: false, foreach: null, params: [0, 1] },
      ],
      extra: { neg: -7, big: 2 ** 40, huge: -(2 ** 52), s: "π", t: true, nested: [[1, 2.5], [], [null]] },
    };
    const f = file("nested.pt");
    torch.save(value, f);
    expect(await py.call("parity_serialization.describe_file", { f })).toEqual(pyDescribe(value));
    const back = torch.load(f) as { state: Map<number, Record<string, Tensor>> } & Record<string, unknown>;
    expect(back.param_groups).toEqual(value.param_groups);
    expect(back.extra).toEqual(value.extra);
    expect([...back.state.keys()]).toEqual([0, 1]);
    for (const [k, s] of value.state)
      for (const [n, t] of Object.entries(s)) expectSameBytes(back.state.get(k)![n], t, n);
  });

  it("PyTorch's Adam state dict loads with its structure and saves back to the same dict", async () => {
    const f = file("adam.pt");
    const r = (await py.call("parity_serialization.adam_state", { f })) as Record<string, PyValue>;
    const loaded = torch.load(f) as { state: Map<number, Record<string, Tensor>> };
    expect(pyDescribe(loaded)).toEqual(r.describe);
    for (const [k, s] of Object.entries(r.state as Record<string, Record<string, PyValue>>)) {
      for (const [n, t] of Object.entries(s)) expectSameBytes(loaded.state.get(Number(k))![n], t, `${k}.${n}`);
    }
    const f2 = file("adam2.pt");
    torch.save(loaded, f2);
    expect(await py.call("parity_serialization.adam_round_trip", { f, f2 })).toBe(true);
  });
});

describe("bytes, streams and mapLocation", () => {
  it("torch.save to a writable and torch.load of a Buffer round-trip with PyTorch's io.BytesIO", async () => {
    const f = file("bytes.pt");
    const cudaFile = file("cuda.pt");
    const r = (await py.call("parity_serialization.save_bytes_and_cuda", { f, cuda_f: cudaFile })) as Record<
      string,
      PyValue
    >;
    const loaded = torch.load(fs.readFileSync(f)) as Record<string, Tensor>;
    expectSameBytes(loaded.w, r.w, "w from PyTorch's BytesIO");
    expectSameBytes(loaded.b, r.b, "b from PyTorch's BytesIO");
    const chunks: Uint8Array[] = [];
    torch.save({ w: loaded.w, b: loaded.b }, { write: (c: Uint8Array) => chunks.push(c) });
    expect(chunks).toHaveLength(1);
    fs.writeFileSync(file("mine.pt"), chunks[0]!);
    const back = (await py.call("parity_serialization.load_bytes", { f: file("mine.pt") })) as Record<string, PyValue>;
    expectSameBytes(back.w, r.w, "w read by PyTorch from torchts' bytes");
    expectSameBytes(back.b, r.b, "b read by PyTorch from torchts' bytes");
    // A stream works as a file object does.
    const out = file("stream.pt");
    const fd = fs.openSync(out, "w");
    torch.save({ w: loaded.w }, { write: (c: Uint8Array) => fs.writeSync(fd, c) });
    fs.closeSync(fd);
    expectSameBytes((torch.load(out) as Record<string, Tensor>).w, r.w, "w through a write()");
  });

  it("CUDA-saved storages: PyTorch's error without a GPU, and mapLocation as a device, a map or a function", async () => {
    const f = file("bytes2.pt");
    const cudaFile = file("cuda2.pt");
    const r = (await py.call("parity_serialization.save_bytes_and_cuda", { f, cuda_f: cudaFile })) as Record<
      string,
      PyValue
    >;
    expect(r.mapped_equal).toBe(true);
    if (!torch.cuda.isAvailable()) {
      expect(typeof r.error).toBe("string");
      expect(() => torch.load(cudaFile)).toThrow(String(r.error).split(" If you")[0]);
    }
    const a = torch.load(cudaFile, { mapLocation: "cpu" }) as Record<string, Tensor>;
    expectSameBytes(a.w, r.w, "mapLocation: cpu");
    expect(a.w.device).toBe("cpu");
    const b = torch.load(cudaFile, { mapLocation: { "cuda:0": "cpu" } }) as Record<string, Tensor>;
    expectSameBytes(b.b, r.b, "mapLocation as a map");
    const seen: string[] = [];
    const c = torch.load(cudaFile, {
      mapLocation: (t, location) => {
        seen.push(location);
        return t.mul(2);
      },
    }) as Record<string, Tensor>;
    expect(seen).toEqual(["cuda:0", "cuda:0"]);
    expect(c.w.equal((r.w as Tensor).mul(2))).toBe(true);
    const d = torch.load(f, { mapLocation: new torch.device("cpu") }) as Record<string, Tensor>;
    expectSameBytes(d.w, r.w, "mapLocation as a torch.device");
    expect(() => torch.load(f, { mapLocaton: "cpu" } as never)).toThrow(TypeError);
  });
});

describe("what torch.load refuses", () => {
  it("an object of a class outside the allow-list is an error, never constructed", async () => {
    const f = file("namespace.pt");
    await py.call("parity_serialization.save_namespace", { f });
    expect(() => torch.load(f)).toThrow(/unsupported global argparse\.Namespace/);
  });
});
