// torch.utils.data in torchts against live PyTorch: random_split's indices, the samplers' orders,
// default_collate's structure and dtypes, DataLoader batches over a TensorDataset (seeded generator
// and global generator, including the global generator's state afterwards), numWorkers' random
// numbers, iterable data sets, and the general path's fallback and typings.
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { data, type Tensor } from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch, type PyValue } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const list = (n: number) => ({ get: (i: number) => i, length: n });

describe("randomSplit", () => {
  it("gives PyTorch's indices for lengths and fractions, with a seeded generator or the global one", async () => {
    const cases: Array<[number, number[], number | null, number | null]> = [
      [10, [3, 7], 42, null],
      [30, [0.3, 0.3, 0.4], 42, null],
      [11, [0.5, 0.25, 0.25], 1, null],
      [7, Array(10).fill(0.1), 3, null],
      [20, [0.7, 0.2, 0.1], 9, null],
      [10, [4, 6], null, 5],
      [13, [0.6, 0.4], null, 0],
    ];
    for (const [n, lengths, seed, globalSeed] of cases) {
      const theirs = await py.call("data_general.random_split_indices", { n, lengths, seed, global_seed: globalSeed });
      if (globalSeed !== null) torch.manualSeed(globalSeed);
      const gen = seed === null ? undefined : new torch.Generator(seed);
      const ours = data.randomSplit(list(n), lengths, gen).map((s) => s.indices);
      expect(ours, `n=${n} lengths=${lengths}`).toEqual(theirs);
    }
  });

  it("subsets read through to the data set; errors are PyTorch's", async () => {
    const [a, b] = data.randomSplit(list(10), [3, 7], new torch.Generator(42));
    expect(a.length + b.length).toBe(10);
    expect(range(3).map((i) => a.get(i))).toEqual(a.indices);
    const sum = await py.tryCall("data_general.random_split_indices", { n: 10, lengths: [3, 6], seed: 1 });
    expect(() => data.randomSplit(list(10), [3, 6])).toThrow(sum.error!);
    const frac = await py.tryCall("data_general.random_split_indices", { n: 10, lengths: [1.5, -0.5], seed: 1 });
    expect(() => data.randomSplit(list(10), [1.5, -0.5])).toThrow(frac.error!);
    expect(frac.type).toBe("ValueError");
  });
});

describe("samplers", () => {
  it("RandomSampler orders equal PyTorch's: generator, replacement, numSamples, epochs, global seed", async () => {
    const cases: Array<{
      n: number;
      replacement?: boolean;
      num_samples?: number;
      seed?: number;
      global_seed?: number;
      epochs?: number;
    }> = [
      { n: 10, seed: 3 },
      { n: 10, seed: 3, epochs: 3 },
      { n: 7, seed: 1, num_samples: 25 },
      { n: 7, seed: 1, num_samples: 4, epochs: 2 },
      { n: 10, seed: 2, replacement: true, num_samples: 70 },
      { n: 5, seed: 2, replacement: true, epochs: 2 },
      { n: 12, global_seed: 8, epochs: 2 },
      { n: 9, global_seed: 8, replacement: true, num_samples: 40 },
    ];
    for (const c of cases) {
      const theirs = await py.call("data_general.random_sampler", c);
      if (c.global_seed !== undefined) torch.manualSeed(c.global_seed);
      const s = new data.RandomSampler(list(c.n), {
        replacement: c.replacement,
        numSamples: c.num_samples,
        generator: c.seed === undefined ? null : new torch.Generator(c.seed),
      });
      const ours = range(c.epochs ?? 1).map(() => [...s]);
      expect(ours, JSON.stringify(c)).toEqual(theirs);
      expect(s.length).toBe(c.num_samples ?? c.n);
    }
    expect(() => new data.RandomSampler(list(0))).toThrow(
      "num_samples should be a positive integer value, but got num_samples=0",
    );
  });

  it("SubsetRandomSampler and BatchSampler equal PyTorch's", async () => {
    const idx = [5, 9, 2, 14, 7, 3];
    expect([...new data.SubsetRandomSampler(idx, new torch.Generator(4))]).toEqual(
      await py.call("data_general.subset_random_sampler", { indices: idx, seed: 4 }),
    );
    torch.manualSeed(6);
    expect([...new data.SubsetRandomSampler(idx)]).toEqual(
      await py.call("data_general.subset_random_sampler", { indices: idx, global_seed: 6 }),
    );
    for (const [n, bs, dropLast] of [
      [10, 3, false],
      [10, 3, true],
      [9, 3, true],
      [4, 5, false],
      [4, 5, true],
    ] as const) {
      const theirs = await py.call("data_general.batch_sampler", { n, batch_size: bs, drop_last: dropLast, seed: 12 });
      const r = new data.BatchSampler(
        new data.RandomSampler(list(n), { generator: new torch.Generator(12) }),
        bs,
        dropLast,
      );
      const s = new data.BatchSampler(new data.SequentialSampler(list(n)), bs, dropLast);
      expect({ random: [...r], sequential: [...s], len: r.length }).toEqual(theirs);
    }
    expect(() => new data.BatchSampler(range(3), 0, false)).toThrow(
      "batch_size should be a positive integer value, but got batch_size=0",
    );
  });
});

/** A collated value as test/python/data_general.py's _describe writes it. */
function describeValue(v: unknown): PyValue {
  if (v instanceof torch.Tensor) return { tensor: v, dtype: v.dtype };
  if (Array.isArray(v)) return { list: v.map(describeValue) };
  if (v !== null && typeof v === "object")
    return { dict: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, describeValue(x)])) };
  return { value: v as PyValue };
}

function expectSame(ours: PyValue, theirs: PyValue, where = "$"): void {
  if (ours instanceof torch.Tensor) {
    expectTensor(ours, theirs, {}, where);
    return;
  }
  if (Array.isArray(ours)) {
    expect(Array.isArray(theirs), where).toBe(true);
    expect(ours.length, where).toBe((theirs as PyValue[]).length);
    ours.forEach((x, i) => {
      expectSame(x, (theirs as PyValue[])[i], `${where}[${i}]`);
    });
    return;
  }
  if (ours !== null && typeof ours === "object") {
    expect(Object.keys(ours).sort(), where).toEqual(Object.keys(theirs as object).sort());
    for (const [k, x] of Object.entries(ours)) expectSame(x, (theirs as Record<string, PyValue>)[k], `${where}.${k}`);
    return;
  }
  expect(ours, where).toEqual(theirs);
}

describe("defaultCollate", () => {
  it("stacks tensors, makes tensors of numbers, keeps strings, collates arrays by position and objects by key", async () => {
    torch.manualSeed(0);
    const batches = [
      [
        [torch.randn([2, 3]), 1, 0.5, "a"],
        [torch.randn([2, 3]), 2, 1.5, "b"],
        [torch.randn([2, 3]), 3, 2.25, "c"],
      ],
      [
        { x: torch.arange(3), y: 4, z: { w: 0.5, s: "p", l: [1, 2] } },
        { x: torch.arange(3).add(3), y: 5, z: { w: 1.5, s: "q", l: [3, 4] } },
      ],
      [
        [
          [1, 2],
          [3, 4],
        ],
        [
          [5, 6],
          [7, 8],
        ],
      ],
      [torch.tensor([true, false]), torch.tensor([false, false])],
      [torch.randint(0, 255, [4, 4, 3], { dtype: "uint8" }), torch.randint(0, 255, [4, 4, 3], { dtype: "uint8" })],
    ];
    const theirs = (await py.call("data_general.collate_cases", { batches })) as PyValue[];
    batches.forEach((b, i) => {
      expectSame(describeValue(data.defaultCollate(b as unknown[])), theirs[i], `batch ${i}`);
    });
    const numbers = (await py.call("data_general.collate_float_int")) as PyValue[];
    [
      [1, 2, 3],
      [1.5, 2.0],
      [1, 2.5],
      [true, false],
    ].forEach((b, i) => {
      expectSame(describeValue(data.defaultCollate(b as unknown[])), numbers[i], `numbers ${i}`);
    });
  });

  it("errors as PyTorch's; typed arrays and bigints become tensors", () => {
    expect(() => data.defaultCollate([[1, 2], [3]])).toThrow("each element in list of batch should be of equal size");
    expect(() => data.defaultCollate([null, null])).toThrow(
      "default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found <class 'NoneType'>",
    );
    const t = data.defaultCollate([new Float32Array([1, 2]), new Float32Array([3, 4])]);
    expect(t.dtype).toBe("float32");
    expect(t.tolist()).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(data.defaultCollate([1n, 2n]).dtype).toBe("int64");
    const m = data.defaultCollate([new Map([["a", 1]]), new Map([["a", 2]])]);
    expect((m.get("a") as Tensor).tolist()).toEqual([1, 2]);
  });
});

describe("DataLoader over a TensorDataset", () => {
  torch.manualSeed(1);
  const x = torch.randn([23, 3]);
  const y = torch.arange(23);

  it("batches equal PyTorch's with shuffle and a seeded generator, epoch after epoch, with and without dropLast", async () => {
    for (const dropLast of [false, true]) {
      const theirs = (await py.call("data_general.tensor_loader", {
        x,
        y,
        batch_size: 5,
        shuffle: true,
        drop_last: dropLast,
        seed: 7,
        epochs: 3,
      })) as { batches: Tensor[][] };
      const loader = new data.DataLoader(new data.TensorDataset(x, y), {
        batchSize: 5,
        shuffle: true,
        dropLast,
        generator: new torch.Generator(7),
      });
      const ours: Tensor[][] = [];
      for (let e = 0; e < 3; e++)
        for (const [bx, by] of loader) {
          // The batch types as Tensors with no cast (and not as any).
          const pair: [Tensor, Tensor] = [bx, by];
          // @ts-expect-error a collated TensorDataset batch holds Tensors, not numbers
          const wrong: number = bx;
          expect(wrong).toBe(bx);
          ours.push(pair);
        }
      expect(ours.length).toBe(theirs.batches.length);
      ours.forEach(([bx, by], i) => {
        expectTensor(bx, theirs.batches[i][0], {}, `x ${i}`);
        expectTensor(by, theirs.batches[i][1], {}, `y ${i}`);
      });
      expect(loader.length).toBe(dropLast ? 4 : 5);
    }
  });

  it("with the global generator: same batches after manualSeed, and the same global state afterwards", async () => {
    const theirs = (await py.call("data_general.tensor_loader", {
      x,
      y,
      batch_size: 4,
      shuffle: true,
      global_seed: 9,
      epochs: 2,
    })) as { batches: Tensor[][]; after: Tensor };
    torch.manualSeed(9);
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 4, shuffle: true });
    const ours = [...loader, ...loader];
    ours.forEach(([bx, by], i) => {
      expectTensor(bx, theirs.batches[i][0], {}, `x ${i}`);
      expectTensor(by, theirs.batches[i][1], {}, `y ${i}`);
    });
    expectTensor(torch.rand([3]), theirs.after, {}, "global generator after two epochs");
  });

  it("get(slice) is PyTorch's ds[a:b]: views of those rows of each tensor (the end clamped, as Python's slicing)", async () => {
    const ref = (await py.eval(
      "from torch.utils.data import TensorDataset\nds = TensorDataset(x, y)\nout = [list(ds[3:9]), list(ds[20:30]), list(ds[::4])]",
      { x, y },
    )) as Tensor[][];
    const ds = new data.TensorDataset(x, y);
    const ours = [ds.get(torch.slice(3, 9)), ds.get(torch.slice(20, 30)), ds.get(torch.slice(null, null, 4))];
    ours.forEach(([bx, by], i) => {
      expectTensor(bx, ref[i][0], {}, `x ${i}`);
      expectTensor(by, ref[i][1], {}, `y ${i}`);
    });
    // views, as Python's basic slicing: no copy of the rows
    expect(ours[0][0].dataPtr()).toBe(x.dataPtr() + 3 * 3 * 4);
  });

  it("the per-sample path (a subclass's get) gives the same batches as the index_select path", () => {
    class Doubled extends data.TensorDataset<[Tensor, Tensor]> {
      get(i: number): [Tensor, Tensor] {
        const [a, b] = super.get(i);
        return [a, b];
      }
    }
    const fast = [...new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 6, shuffle: true, seed: 3 })];
    const slow = [...new data.DataLoader(new Doubled(x, y), { batchSize: 6, shuffle: true, seed: 3 })];
    expect(slow.length).toBe(fast.length);
    slow.forEach(([a, b], i) => {
      expect(a.equal(fast[i][0])).toBe(true);
      expect(b.equal(fast[i][1])).toBe(true);
    });
  });

  it("TensorDataset checks sizes; sampler, batchSampler and option errors are PyTorch's", () => {
    expect(() => new data.TensorDataset(x, y.index(":5"))).toThrow("Size mismatch between tensors");
    const ds = new data.TensorDataset(x, y);
    const bySampler = [...new data.DataLoader(ds, { batchSize: 10, sampler: [22, 0, 5] })];
    expect(bySampler[0][1].tolist()).toEqual([22, 0, 5]);
    const byBatches = [...new data.DataLoader(ds, { batchSampler: [[1, 2], [3]] })];
    expect(byBatches.map(([, b]) => b.tolist())).toEqual([[1, 2], [3]]);
    const ranks = [0, 1].map((rank) => {
      const sampler = new data.DistributedSampler(ds, { numReplicas: 2, rank, seed: 4 });
      return [...new data.DataLoader(ds, { batchSize: 5, sampler })].flatMap(([, b]) => b.tolist() as number[]);
    });
    expect(ranks[0].length).toBe(12);
    expect([...new Set([...ranks[0], ...ranks[1]])].sort((a, b) => a - b)).toEqual(range(23));
    expect(() => new data.DataLoader(ds, { sampler: [0], shuffle: true })).toThrow(
      "sampler option is mutually exclusive with shuffle",
    );
    expect(() => new data.DataLoader(ds, { batchSampler: [[0]], batchSize: 2 })).toThrow(
      "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
    );
    expect(() => new data.DataLoader(ds, { batchSize: null, dropLast: true })).toThrow(
      "batch_size=None option disables auto-batching and is mutually exclusive with drop_last",
    );
    expect(() => new data.DataLoader(ds, { numWorkers: -1 })).toThrow(/num_workers option should be non-negative/);
    // @ts-expect-error an unknown option is a TypeError, as Python's keyword arguments
    expect(() => new data.DataLoader(ds, { batch_size: 4 })).toThrow(
      "DataLoader.__init__() got an unexpected keyword argument 'batch_size'",
    );
  });

  it("batchSize null yields samples; pinMemory is accepted (a no-op without CUDA); arrays are data sets", () => {
    const ds = new data.TensorDataset(x, y);
    const samples = [...new data.DataLoader(ds, { batchSize: null, pinMemory: true })];
    expect(samples.length).toBe(23);
    expect((samples[4] as unknown as Tensor[])[1].item()).toBe(4);
    const pinned = [...new data.DataLoader(ds, { batchSize: 8, pinMemory: true })];
    expect(pinned[0][0].equal(x.index(":8"))).toBe(true);
    const fromArray = [
      ...new data.DataLoader(
        [
          { a: 1, s: "x" },
          { a: 2, s: "y" },
          { a: 3, s: "z" },
        ],
        { batchSize: 2 },
      ),
    ];
    expect(fromArray[0].a.tolist()).toEqual([1, 2]);
    expect(fromArray[1].s).toEqual(["z"]);
    const custom = new data.DataLoader(ds, { batchSize: 4, collateFn: (b) => b.length });
    const sizes: number[] = [...custom];
    expect(sizes).toEqual([4, 4, 4, 4, 4, 3]);
  });
});

describe("numWorkers", () => {
  // Sample i is [i, torch.rand([2])]: the draws show which generator each sample ran under.
  const ds = { get: (i: number): [number, Tensor] => [i, torch.rand([2])], length: 10 };

  it("random numbers equal PyTorch's DataLoader(num_workers=n): per-worker seeds, batches round robin", async () => {
    for (const [workers, init] of [
      [0, false],
      [2, false],
      [3, true],
    ] as const) {
      const theirs = (await py.call("data_general.worker_batches", {
        n: 10,
        batch_size: 3,
        num_workers: workers,
        global_seed: 4,
        init,
      })) as { batches: Tensor[][]; after: Tensor };
      torch.manualSeed(4);
      const loader = new data.DataLoader(ds, {
        batchSize: 3,
        shuffle: true,
        numWorkers: workers,
        workerInitFn: init ? (w) => torch.rand([w + 1]) : undefined,
      });
      const ours = [...loader];
      expect(ours.length).toBe(theirs.batches.length);
      ours.forEach(([i, r], k) => {
        expectTensor(i, theirs.batches[k][0], {}, `indices ${k} (workers ${workers})`);
        expectTensor(r, theirs.batches[k][1], {}, `draws ${k} (workers ${workers})`);
      });
      expectTensor(torch.rand([3]), theirs.after, {}, `global generator after (workers ${workers})`);
    }
  });
});

describe("data sets", () => {
  class Count extends data.IterableDataset<number> {
    constructor(readonly n: number) {
      super();
    }
    *[Symbol.iterator](): Iterator<number> {
      for (let i = 0; i < this.n; i++) yield i;
    }
  }

  it("IterableDataset: batches in stream order, dropLast, no shuffle or sampler; ChainDataset", () => {
    const batches = (o: data.DataLoaderOptions<number, Tensor> = {}) =>
      [...new data.DataLoader(new Count(10), { batchSize: 4, ...o })].map((b) => b.tolist());
    expect(batches()).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
    expect(batches({ dropLast: true })).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(() => new data.DataLoader(new Count(3), { shuffle: true })).toThrow(
      "DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=True",
    );
    expect(() => new data.DataLoader(new Count(3), { sampler: [0] })).toThrow(/expected unspecified sampler option/);
    expect([...new Count(2).add(new Count(3))]).toEqual([0, 1, 0, 1, 2]);
    const gen = [...new data.DataLoader([1, 2, 3].values(), { batchSize: 2 })].map((b) => b.tolist());
    expect(gen).toEqual([[1, 2], [3]]);
  });

  it("Subset, ConcatDataset and a plain object with get/length work as data sets", () => {
    const a = list(3);
    const b = { get: (i: number) => 10 + i, length: 2 };
    const c = new data.ConcatDataset([a, b]);
    expect(c.length).toBe(5);
    expect(range(5).map((i) => c.get(i))).toEqual([0, 1, 2, 10, 11]);
    expect(c.get(-1)).toBe(11);
    expect(() => c.get(-6)).toThrow("absolute value of index should not exceed dataset length");
    expect(() => new data.ConcatDataset([])).toThrow("datasets should not be an empty iterable");
    expect(() => new data.ConcatDataset([new Count(2) as unknown as data.MapDataset<number>])).toThrow(
      "ConcatDataset does not support IterableDataset",
    );
    const s = new data.Subset(c, [4, 0]);
    expect([...new data.DataLoader(s, { batchSize: 2 })][0].tolist()).toEqual([11, 0]);
    const sum = new data.TensorDataset(torch.arange(2)).add(new data.TensorDataset(torch.arange(3)));
    expect(sum.length).toBe(5);
  });
});

describe("ImageDataset: the native path and the per-sample path", () => {
  const T = data.transforms;
  torch.manualSeed(2);
  const images = torch.randint(0, 256, [30, 10, 12, 3], { dtype: "uint8" });
  const labels = torch.randint(0, 5, [30]);

  it("a pipeline with a user function falls back to per-sample transforms and gives the same batches", () => {
    const fused = new T.Compose([
      new T.RandomCrop([8, 10], { padding: 2 }),
      new T.RandomHorizontalFlip(),
      new T.ToTensor(),
      new T.Normalize([0.5, 0.4, 0.3], [0.2, 0.3, 0.4]),
    ]);
    const withFn = new T.Compose([(img: Tensor) => img, ...fused.transforms]);
    const run = (tf: data.transforms.Transform) => {
      torch.manualSeed(21);
      return [
        ...new data.DataLoader(new data.ImageDataset(images, labels, ["a"], tf), { batchSize: 7, shuffle: true }),
      ];
    };
    const a = run(fused);
    const b = run(withFn);
    expect(a.length).toBe(5);
    a.forEach(([x, y], i) => {
      expect(x.shape).toEqual(i < 4 ? [7, 3, 8, 10] : [2, 3, 8, 10]);
      expect(x.equal(b[i][0]), `batch ${i}`).toBe(true);
      expect(y.equal(b[i][1])).toBe(true);
    });
    const none = [...new data.DataLoader(new data.ImageDataset(images, labels, ["a"]), { batchSize: 4 })];
    expect(none[0][0].dtype).toBe("uint8");
    expect(none[0][0].shape).toEqual([4, 10, 12, 3]);
  });
});

it("torch.utils.data is torch.data, as a value and as types", () => {
  const loader: torch.utils.data.DataLoader<[Tensor, Tensor]> = new torch.utils.data.DataLoader(
    new torch.utils.data.TensorDataset(torch.arange(4), torch.arange(4)),
    { batchSize: 2 },
  );
  expect(torch.utils.data.DataLoader).toBe(data.DataLoader);
  expect([...loader].length).toBe(2);
});

describe("data.getWorkerInfo", () => {
  it("inside a worker's fetch: PyTorch's id, numWorkers and seed; null outside", async () => {
    const seen: string[][] = [];
    const ds = {
      length: 8,
      get(i: number) {
        const w = data.getWorkerInfo();
        seen.push([String(i), String(w?.id), String(w?.numWorkers), String(w?.seed)]);
        return torch.tensor([i]);
      },
    };
    torch.manualSeed(0);
    for (const _ of new data.DataLoader(ds, { batchSize: 2, numWorkers: 2 })) void _;
    const ref = (await py.eval(`from torch.utils.data import DataLoader, get_worker_info, Dataset
seen = []
class D(Dataset):
  def __len__(self): return 8
  def __getitem__(self, i):
    w = get_worker_info()
    return [str(i), str(w.id), str(w.num_workers), str(w.seed)]
torch.manual_seed(0)
for b in DataLoader(D(), batch_size=2, num_workers=2, collate_fn=lambda x: x):
  seen.extend(b)
out = [seen, get_worker_info() is None]`)) as [string[][], boolean];
    expect(seen).toEqual(ref[0]);
    expect(data.getWorkerInfo() === null).toBe(ref[1]);
  });
});

describe("list indices, as 1.13's TensorDataset and Subset take them", () => {
  const x = torch.arange(12, { dtype: "float32" }).reshape([6, 2]);
  const y = torch.arange(6);
  const ds = new data.TensorDataset(x, y);
  const sub = new data.Subset(ds, [5, 4, 3, 1]);
  const ref = (code: string) =>
    py.eval(
      `from torch.utils.data import TensorDataset, Subset\nds = TensorDataset(x, y)\nsub = Subset(ds, [5, 4, 3, 1])\nout = ${code}`,
      { x, y },
    ) as Promise<Tensor[]>;
  it.each([
    ["ds[[0, 2]]", () => ds.get([0, 2])],
    ["sub[[0, 2]]", () => sub.get([0, 2])],
    ["sub[[-1]]", () => sub.get([-1])],
    ["sub[[]]", () => sub.get([])],
  ] as const)("%s: the rows of each tensor, as PyTorch's", async (code, mine) => {
    const want = await ref(`list(${code})`);
    const got = mine();
    expect(got.length).toBe(want.length);
    for (const [i, t] of got.entries()) expectTensor(t, want[i]!);
  });
  it("errors as Python's: an index past the subset, a list index into a plain array", async () => {
    const pyError = (code: string) =>
      py.eval(
        `from torch.utils.data import TensorDataset, Subset\ntry:\n    ${code}\n    out = None\nexcept Exception as e:\n    out = [type(e).__name__, str(e)]`,
      );
    const mine = (f: () => unknown) => {
      try {
        f();
        return null;
      } catch (e) {
        return [(e as Error).name, (e as Error).message];
      }
    };
    expect(mine(() => sub.get([7]))).toEqual(await pyError("Subset(TensorDataset(torch.zeros(6)), [5, 4, 3, 1])[[7]]"));
    expect(mine(() => new data.Subset([10, 11, 12], [2, 0]).get([0, 1]))).toEqual(
      await pyError("Subset([10, 11, 12], [2, 0])[[0, 1]]"),
    );
  });
});
