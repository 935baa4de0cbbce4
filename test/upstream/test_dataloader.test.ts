// Ported from PyTorch 1.13's test/test_dataloader.py: TestDatasetRandomSplit, TestTensorDataset,
// TestConcatDataset, TestDataLoader's single-process cases and those whose worker behaviour torchts
// emulates (worker w seeded base seed + w, batch k fetched by worker k % numWorkers, on this thread),
// TestDictDataLoader, TestStringDataLoader, TestNamedTupleDataLoader and TestIndividualWorkerQueue.
// Every expected value is live PyTorch's on the same inputs and seeds (test/python/upstream_dataloader.py):
// batches in order (with torch.manual_seed on both sides the shuffled orders are PyTorch's exactly),
// lengths, worker seeds, and errors' classes and messages. Also the seeding cases below (building a
// DataLoader draws nothing from the global generator; each iteration draws the base seed and, for
// RandomSampler without a generator, the seed of a fresh generator).
//
// Left out (each needs what a single-process JS library does not have):
// - TestStackDataset: StackDataset is not in PyTorch 1.13 (added in 2.1).
// - test_slicing_of_subset_of_dataset / _of_subset, sliced part: Python slices and list indices
//   (subset[0:-1:2], subset[[0, 2]]); the element-wise part is ported.
// - test_fd_limit_exceeded, test_segfault, test_no_segfault, test_timeout, test_large_sampler_indices,
//   test_proper_exit, test_partial_workers: worker processes (fork, signals, file descriptors, exit codes).
// - test_multiprocessing_contexts with a context, multiprocessing_context argument checks: no start methods
//   (the default-context case is ported).
// - test_multiprocessing_iterdatapipe(_with_dill), IntegrationTestDataLoaderDataPipe: DataPipes are not in torchts.
// - test_iterable_style_dataset / test_multi_epochs_reproducibility with workers: an IterableDataset is not
//   replicated per worker (numWorkers is ignored for it); the single-process parts are ported.
// - test_numpy, test_numpy_scalars, test_numpy_gen_state, test_default_collate_bad_numpy_types,
//   test_default_collate_numpy_memmap: NumPy arrays and scalars.
// - test_default_convert_sequence_dont_keep_type, test_default_collate_sequence_dont_keep_type: Python's range type.
// - test_default_collate_shared_tensor: shared-memory tensors of worker processes.
// - test_typing: Python generics (TypeScript checks the types at compile time).
// - test_excessive_thread_creation_warning: no worker processes or threads are created.
// - test_sequential_pin_memory, test_shuffle_pin_memory, TestDictDataLoader.test_pin_memory(_device/_with_only_device),
//   TestCustomPinFn, TestDataLoaderDeviceType (nested tensors): CUDA pinned memory / nested tensors.
// - TestDataLoaderPersistentWorkers (and the persistent_workers variant of TestDictDataLoader.test_sequential_batch):
//   persistent worker processes are not emulated.
// - test_get_worker_info's per-worker dataset copy and pids: workers share this process's data set.
// - TestSetAffinity, TestConvAfterFork: CPU affinity of, and convolution in, forked workers.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { data, nn, type Tensor } from "../../lib";
import { expectSame, expectTensor, type Out } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const M = "upstream_dataloader";
const range = (a: number, b?: number) =>
  b === undefined ? Array.from({ length: a }, (_, i) => i) : Array.from({ length: b - a }, (_, i) => a + i);

interface PyError {
  type: string;
  message: string;
}
const JS_NAME: Record<string, string> = { RuntimeError: "Error" };

/**
 * fn throws what PyTorch raised (`ref`, from the Python side's _error): the same class (Python's
 * RuntimeError is a plain Error) and message; `cut` compares the messages up to and including that text
 * (the rest is a Python object's repr); `within`: PyTorch's message (a worker's traceback) contains ours.
 */
function expectPyError(fn: () => unknown, ref: PyValue, how: { cut?: string; within?: boolean } = {}): void {
  expect(ref, "PyTorch raised nothing").not.toBeNull();
  const r = ref as unknown as PyError;
  let err: Error | undefined;
  try {
    fn();
  } catch (e) {
    err = e as Error;
  }
  expect(err, `torchts raised nothing (PyTorch: ${r.type}: ${r.message})`).toBeInstanceOf(Error);
  const e = err as Error;
  expect(e.name).toBe(JS_NAME[r.type] ?? r.type);
  if (how.within) {
    expect(r.message).toContain(e.message);
    expect(e.message.length).toBeGreaterThan(0);
  } else if (how.cut) {
    const at = r.message.indexOf(how.cut);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(e.message.slice(0, at + how.cut.length)).toBe(r.message.slice(0, at + how.cut.length));
  } else {
    expect(e.message).toBe(r.message);
  }
}

/** A loader's batches as nested arrays (tensors, numbers, strings). */
function batches<B>(loader: Iterable<B>): Out[] {
  return [...loader].map((b) => b as unknown as Out);
}

class CountingDataset extends data.Dataset<number> {
  constructor(readonly n: number) {
    super();
  }
  get(i: number): number {
    return i;
  }
  get length(): number {
    return this.n;
  }
}

class CountingIterableDataset extends data.IterableDataset<number> {
  constructor(readonly n: number) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.n; i++) yield i;
  }
  get length(): number {
    return this.n;
  }
}

describe("TestDatasetRandomSplit", () => {
  it("test_lengths_must_equal_dataset_size", async () => {
    const ref = await py.call(`${M}.split_error`, { data: [1, 2, 3, 4], lengths: [1, 2] });
    expectPyError(() => data.randomSplit([1, 2, 3, 4], [1, 2]), ref);
  });

  it.each([
    [6, [2, 4], null],
    [6, [0.5, 0.5], null],
    [3, [0.5, 0.5], 1],
    [106, [0.1, 0.2, 0.3, 0.4], 1],
  ] as Array<[number, number[], number | null]>)(
    "test_splits_have_correct_size: %i into %j",
    async (n, lengths, seed) => {
      const ref = await py.call(`${M}.split_sizes`, { n, lengths, seed });
      const splits = data.randomSplit(range(n), lengths, seed === null ? undefined : new torch.Generator(seed));
      expect(splits.map((s) => s.length)).toEqual(ref);
    },
  );

  it.each([
    [
      [5, 2, 3, 4, 1, 6],
      [2, 4],
    ],
    [
      [5, 2, 3, 4, 1, 6],
      [0.33, 0.67],
    ],
    [
      [1, 2, 3, 4],
      [0.25, 0.75],
    ],
  ])("test_splits_are_mutually_exclusive: %j into %j", async (values, lengths) => {
    const ref = (await py.call(`${M}.split_values`, { data: values, lengths, global_seed: 3 })) as number[][];
    torch.manualSeed(3);
    const splits = data.randomSplit(values, lengths);
    // list(split): a Subset iterates as a Python sequence; PyTorch's values, split by split.
    const got = splits.map((s) => [...s]);
    expect(got).toEqual(ref);
    expect(got.flat().sort()).toEqual([...values].sort());
  });

  it.each([[[5]], [[1.0]]])("test_splits_indexing_type: lengths %j", async (lengths) => {
    const x = [1, 2, 3, 4, 5];
    const keys: unknown[] = [];
    const dataset = {
      get(key: number) {
        keys.push(key);
        return x[key];
      },
      get length() {
        return x.length;
      },
    };
    torch.manualSeed(0);
    const split = data.randomSplit(dataset, lengths)[0];
    const got = batches(new data.DataLoader(split));
    const ref = (await py.call(`${M}.split_values`, { data: x, lengths, global_seed: 0 })) as number[][];
    expect(keys.every((k) => Number.isInteger(k))).toBe(true);
    expect(got.map((b) => (b as Tensor).item())).toEqual(ref[0]);
  });

  it("test_splits_reproducibility", async () => {
    const cases: Array<[number, number[], number]> = [
      [10, [3, 7], 1],
      [100, [60, 40], 42],
      [100, [0.5, 0.5], 42],
      [100, [0.33, 0.33, 0.34], 42],
    ];
    for (const [n, lengths, seed] of cases) {
      const ref = await py.call(`${M}.split_values`, { data: range(n), lengths, seed });
      const a = data.randomSplit(range(n), lengths, new torch.Generator(seed)).map((s) => [...s]);
      const b = data.randomSplit(range(n), lengths, new torch.Generator(seed)).map((s) => [...s]);
      expect(a, `${n} into ${lengths}`).toEqual(ref);
      expect(b).toEqual(a);
    }
  });

  it.each([[[0.1]], [[1.1]]])("test_incomplete_fractional_splits: %j", async (lengths) => {
    const ref = await py.call(`${M}.split_error`, { data: [1, 2, 3, 4], lengths });
    expectPyError(() => data.randomSplit([1, 2, 3, 4], lengths), ref);
  });

  it("test_splits_generator", async () => {
    const ref = (await py.call(`${M}.splits_generator`, { seed: 5 })) as Tensor[];
    torch.manualSeed(5);
    let state = torch.getRngState();
    const a = torch.rand([10]);
    torch.setRngState(state);
    data.randomSplit(range(10), [5, 5]);
    const b = torch.rand([10]);
    state = torch.getRngState();
    const c = torch.rand([10]);
    torch.setRngState(state);
    data.randomSplit(range(10), [5, 5], new torch.Generator(42));
    const d = torch.rand([10]);
    [a, b, c, d].forEach((t, i) => {
      expectTensor(t, ref[i], {}, `rand ${i}`);
    });
    // Without a generator the global one drew; with one it did not.
    expect(a.equal(b)).toBe(false);
    expect(c.equal(d)).toBe(true);
  });

  it.each(["test_slicing_of_subset_of_dataset", "test_slicing_of_subset_of_subset"])(
    "%s (element by element)",
    async () => {
      const values = torch.tensor([1, 2, 3, 4, 5]);
      const ref = (await py.call(`${M}.subset_items`, { data: values, global_seed: 7 })) as {
        indices: number[];
        items: Tensor[];
        nested: number[];
        nested_items: Tensor[];
      };
      const dataset = new data.TensorDataset(values);
      torch.manualSeed(7);
      const [subset1] = data.randomSplit(dataset, [3, 2]);
      const [s11] = data.randomSplit(subset1, [2, 1]);
      expect(subset1.indices).toEqual(ref.indices);
      expect(s11.indices).toEqual(ref.nested);
      expectSame(
        range(3).map((i) => subset1.get(i)[0]),
        ref.items,
        "subset items",
      );
      expectSame(
        range(2).map((i) => s11.get(i)[0]),
        ref.nested_items,
        "subset of subset items",
      );
      // subset_of_subset[i] is dataset[subset1.indices[s11.indices[i]]].
      range(2).forEach((i) => {
        expect(s11.get(i)[0].equal(dataset.get(subset1.indices[s11.indices[i]])[0])).toBe(true);
      });
    },
  );
});

describe("TestTensorDataset", () => {
  const cases: Array<[string, Array<Array<number | string>>]> = [
    [
      "test_len",
      [
        [15, 10, 2, 3, 4, 5],
        [15, "perm"],
      ],
    ],
    [
      "test_getitem",
      [
        [15, 10, 2, 3, 4, 5],
        [15, 10],
      ],
    ],
    ["test_getitem_1d", [[15], [15]]],
    ["test_single_tensor", [[5, 10]]],
    [
      "test_many_tensors",
      [
        [5, 10, 2, 3, 4, 5],
        [5, 10],
        [5, 10, 2, 5],
        [5, 10, 3, 7],
      ],
    ],
  ];
  it.each(cases)("%s", async (_name, shapes) => {
    const ref = (await py.call(`${M}.tensor_dataset`, { shapes, seed: 1 })) as {
      tensors: Tensor[];
      len: number;
      items: Tensor[][];
    };
    const source = new data.TensorDataset(...ref.tensors);
    expect(source.length).toBe(ref.len);
    expectSame(
      range(source.length).map((i) => source.get(i)),
      ref.items,
      "samples",
    );
    // Each sample's tensors are the rows t[i].
    range(source.length).forEach((i) => {
      ref.tensors.forEach((t, k) => {
        expect(source.get(i)[k].equal(t.select(0, i))).toBe(true);
      });
    });
  });
});

describe("TestConcatDataset", () => {
  it.each([
    ["test_concat_two_singletons", [[0], [1]], [0, 1]],
    [
      "test_concat_two_non_singletons",
      [
        [0, 1, 2, 3, 4],
        [5, 6, 7, 8, 9],
      ],
      [0, 5, 9, -1, -10],
    ],
    ["test_concat_two_non_singletons_with_empty", [[0, 1, 2, 3, 4], [], [5, 6, 7, 8, 9]], [0, 5, 4, 9]],
  ] as Array<[string, number[][], number[]]>)("%s", async (_name, datasets, indices) => {
    const ref = (await py.call(`${M}.concat`, { datasets, indices })) as { len: number; items: number[] };
    const result = new data.ConcatDataset(datasets);
    expect(result.length).toBe(ref.len);
    expect(indices.map((i) => result.get(i))).toEqual(ref.items);
  });

  it.each([11, 10, -11])("test_concat_raises_index_error: [%i]", async (index) => {
    const datasets = [
      [0, 1, 2, 3, 4],
      [5, 6, 7, 8, 9],
    ];
    const ref = await py.call(`${M}.concat_error`, { datasets, index });
    expectPyError(() => new data.ConcatDataset(datasets).get(index), ref);
  });

  it("test_add_dataset", async () => {
    const ref = (await py.call(`${M}.add_dataset`, { seed: 2 })) as {
      tensors: Tensor[][];
      len: number;
      diffs: Tensor[];
    };
    const [d1, d2, d3] = ref.tensors.map((ts) => new data.TensorDataset(...ts));
    const result = d1.add(d2).add(d3);
    expect(result.length).toBe(ref.len);
    [d1, d2, d3].forEach((d, k) => {
      const diff = d
        .get(0)[0]
        .sub(result.get(7 * k)[0])
        .abs()
        .sum();
      expectTensor(diff, ref.diffs[k], {}, `dataset ${k}`);
      expect(diff.item()).toBe(0);
    });
  });

  it.each(["dji", "j", "id"])("test_iterable_dataset_err: %s", async (order) => {
    const ref = await py.call(`${M}.concat_iterable_error`, { order });
    const d1 = new data.TensorDataset(torch.rand([7, 3]), torch.rand([7]));
    const pick: Record<string, unknown> = {
      d: d1,
      i: new CountingIterableDataset(5),
      j: new CountingIterableDataset(10),
    };
    expectPyError(() => new data.ConcatDataset([...order].map((c) => pick[c] as data.MapDataset<unknown>)), ref);
  });
});

describe("TestDataLoader", () => {
  let x: Tensor;
  let y: Tensor;
  let dataset: data.TensorDataset<[Tensor, Tensor]>;
  beforeAll(async () => {
    [x, y] = (await py.call(`${M}.dl_data`, { seed: 0 })) as Tensor[];
    dataset = new data.TensorDataset(x, y);
  });

  type Loaded = { batches: PyValue[][]; len: number; after: Tensor };
  /** PyTorch's batches of DataLoader(TensorDataset(data, labels), kw) after manual_seed(seed). */
  const theirs = (kw: Record<string, unknown>, seed = 0, epochs = 1) =>
    py.call(`${M}.loader`, { data: x, labels: y, seed, epochs, ...kw }) as Promise<Loaded>;
  /** Ours after manual_seed(seed), compared batch by batch, with the length and the global generator after. */
  function expectLoader(
    ref: Loaded,
    make: () => data.DataLoader<[Tensor, Tensor], unknown>,
    seed = 0,
    epochs = 1,
  ): void {
    torch.manualSeed(seed);
    const loader = make();
    const got = range(epochs).map(() => batches(loader));
    expectSame(got, ref.batches, "batches");
    expect(loader.length).toBe(ref.len);
    expectTensor(torch.rand([3]), ref.after, {}, "global generator after");
  }
  /** _test_shuffle's check: every sample once, with its own label. */
  function expectPermutation(loaded: Out[], batched: boolean): void {
    const rows = loaded.map((b) => (b as Tensor[])[0]);
    const labels = loaded.map((b) => (b as Tensor[])[1]);
    const xs = batched ? torch.cat(rows as Tensor[]) : torch.stack(rows as Tensor[]);
    const ys = batched ? torch.cat(labels as Tensor[]) : torch.stack(labels as Tensor[]);
    // Which row of the data each sample is: the samples are distinct (randn), so the match is unique.
    const flat = x.reshape([100, -1]);
    const idx = xs
      .reshape([xs.size(0), 1, -1])
      .eq(flat.unsqueeze(0))
      .all(2)
      .float()
      .argmax(1);
    expect((idx.sort()[0].tolist() as number[]).join()).toBe(range(100).join());
    expect(ys.equal(y.indexSelect(0, idx))).toBe(true);
  }

  it.each([
    ["batchSize", "batch_size"],
    ["sampler", "sampler"],
    ["batchSampler", "batch_sampler"],
    ["dropLast", "drop_last"],
    ["dataset", "dataset"],
  ])("test_invalid_assign_after_init: %s", async (attr, pyAttr) => {
    const ref = await py.call(`${M}.assign_error`, { attr: pyAttr });
    const dl = new data.DataLoader(dataset);
    expectPyError(() => {
      (dl as unknown as Record<string, unknown>)[attr] = {};
    }, ref);
  });

  it("test_sequential_nonbatch", async () => {
    const ref = await theirs({ batch_size: null });
    expectLoader(ref, () => new data.DataLoader(dataset, { batchSize: null }));
  });

  it.each([[{}], [{ batch_size: 2 }]] as Array<[{ batch_size?: number }]>)("test_sequential_batch: %j", async (kw) => {
    const ref = await theirs(kw);
    expectLoader(ref, () => new data.DataLoader(dataset, { batchSize: kw.batch_size }));
  });

  it.each([0, 4])("test_bulk_loading_nobatch: numWorkers %i", async (numWorkers) => {
    const ref = (await py.call(`${M}.bulk_loading`, {
      n: 35,
      batch_size: 4,
      num_workers: numWorkers,
      global_seed: 1,
    })) as {
      auto_collation: boolean;
      batches: Tensor[];
    };
    const n = 35;
    const ds = {
      length: n,
      get(indices: number[]) {
        expect(Array.isArray(indices)).toBe(true);
        return torch.tensor(indices, { dtype: "int64" });
      },
    };
    const sampler = {
      *[Symbol.iterator]() {
        for (const t of torch.randperm(n).split(4)) yield t.tolist() as number[];
      },
      length: Math.ceil(n / 4),
    };
    torch.manualSeed(1);
    const dl = new data.DataLoader(ds as unknown as data.MapDataset<Tensor>, {
      batchSize: null,
      numWorkers,
      sampler: sampler as unknown as data.SamplerLike,
    });
    expect(dl.batchSampler === null).toBe(!ref.auto_collation);
    const got = [...dl] as Tensor[];
    expectSame(got, ref.batches, "bulk batches");
    expect((torch.cat(got).sort()[0].tolist() as number[]).join()).toBe(range(n).join());
  });

  it("test_growing_dataset", async () => {
    const ref = await py.call(`${M}.growing_dataset`);
    const ds = range(4).map(() => torch.ones([4]));
    const seq = new data.DataLoader(ds, { shuffle: false });
    const shuf = new data.DataLoader(ds, { shuffle: true });
    ds.push(torch.ones([4]));
    expect([seq.length, shuf.length]).toEqual(ref);
  });

  it("test_multiple_dataloaders", async () => {
    const ref = await py.call(`${M}.multiple_dataloaders`, { data: x, labels: y });
    const it1 = new data.DataLoader(dataset, { numWorkers: 1 })[Symbol.iterator]();
    const it2 = new data.DataLoader(dataset, { numWorkers: 2 })[Symbol.iterator]();
    const got = [it1, it1, it2, it2, it1, it2].map((it) => it.next().value as Tensor[]);
    expectSame(got, ref, "interleaved batches");
  });

  describe("test_invalid_ctor_args_combinations", () => {
    const sampler = () => new data.SequentialSampler(dataset);
    const batchSampler = () => new data.BatchSampler(sampler(), 3, false);
    const it20 = () => new CountingIterableDataset(20);
    const cases: Array<[string, () => unknown, { cut?: string }?]> = [
      ["num_workers=-1", () => new data.DataLoader(dataset, { numWorkers: -1 })],
      ["timeout=-1", () => new data.DataLoader(dataset, { timeout: -1 })],
      ["batch_size=None, drop_last", () => new data.DataLoader(dataset, { batchSize: null, dropLast: true })],
      [
        "batch_size=11, sampler, shuffle",
        () => new data.DataLoader(dataset, { batchSize: 11, sampler: sampler(), shuffle: true }),
      ],
      [
        "batch_sampler, sampler, shuffle",
        () => new data.DataLoader(dataset, { batchSampler: batchSampler(), sampler: sampler(), shuffle: true }),
      ],
      [
        "batch_sampler, sampler, shuffle=3",
        () =>
          new data.DataLoader(dataset, {
            batchSampler: batchSampler(),
            sampler: sampler(),
            shuffle: 3 as unknown as boolean,
          }),
      ],
      [
        "batch_size=11, batch_sampler",
        () => new data.DataLoader(dataset, { batchSize: 11, batchSampler: batchSampler() }),
      ],
      ["shuffle, batch_sampler", () => new data.DataLoader(dataset, { shuffle: true, batchSampler: batchSampler() })],
      [
        "drop_last, batch_sampler",
        () => new data.DataLoader(dataset, { dropLast: true, batchSampler: batchSampler() }),
      ],
      [
        "drop_last=3, batch_sampler",
        () => new data.DataLoader(dataset, { dropLast: 3 as unknown as boolean, batchSampler: batchSampler() }),
      ],
      ["iterable, shuffle", () => new data.DataLoader(it20(), { shuffle: true })],
      ["iterable, shuffle=3", () => new data.DataLoader(it20(), { shuffle: 3 as unknown as boolean })],
      [
        "iterable, sampler",
        () => new data.DataLoader(it20(), { sampler: new data.SequentialSampler(it20()) }),
        { cut: "but got sampler=" },
      ],
      ["iterable, sampler=3", () => new data.DataLoader(it20(), { sampler: 3 as unknown as data.SamplerLike })],
      [
        "iterable, batch_sampler",
        () =>
          new data.DataLoader(it20(), {
            batchSampler: new data.BatchSampler(new data.SequentialSampler(it20()), 3, false),
          }),
        { cut: "but got batch_sampler=" },
      ],
      [
        "iterable, batch_sampler=3",
        () => new data.DataLoader(it20(), { batchSampler: 3 as unknown as data.BatchSamplerLike }),
      ],
    ];
    it.each(cases)("%s", async (name, make, how) => {
      const ref = await py.call(`${M}.ctor_error`, { case: name });
      expectPyError(make, ref, how);
    });
  });

  it.each([0, 1])("test_builtin_collection_conversion: numWorkers %i", async (numWorkers) => {
    const ref = (await py.call(`${M}.collection_conversion`, { num_workers: numWorkers })) as Record<string, PyValue>;
    const sets: Array<[string, () => data.DatasetLike<number>]> = [
      ["map", () => new CountingDataset(20)],
      ["iterable", () => new CountingIterableDataset(20)],
    ];
    for (const [name, make] of sets) {
      const none = [...new data.DataLoader(make(), { batchSize: null, numWorkers })];
      // Without auto-batching numbers stay numbers (no tensors), as PyTorch's ints.
      expect(none.every((v) => typeof v === "number")).toBe(true);
      expectSame(none as unknown as Out[], ref[`${name}_none`], `${name}, batchSize null`);
      expectSame(batches(new data.DataLoader(make(), { batchSize: 2, numWorkers })), ref[`${name}_2`], `${name}, by 2`);
    }
  });

  it.each([
    [null, false],
    [7, false],
    [7, true],
  ] as Array<[number | null, boolean]>)(
    "test_iterable_style_dataset: single process, batchSize %s, dropLast %s",
    async (batchSize, dropLast) => {
      const ref = (await py.call(`${M}.iterable_loader`, { n: 20, batch_size: batchSize, drop_last: dropLast })) as {
        batches: PyValue[];
        len: number;
        types: string[];
      };
      const ds = new CountingIterableDataset(20);
      const dl = new data.DataLoader(ds, { batchSize, dropLast });
      const got = batches(dl);
      expectSame(got, ref.batches, "batches");
      expect(got.map((v) => (typeof v === "number" ? "int" : "Tensor"))).toEqual(ref.types);
      expect(dl.length).toBe(ref.len);
    },
  );

  it.each([
    ["add", 0],
    ["chain", 0],
    ["add", 1],
    ["chain", 1],
  ] as Array<[string, number]>)("test_chain_iterable_style_dataset: %s, numWorkers %i", async (kind, numWorkers) => {
    const ref = (await py.call(`${M}.chain_loader`, { kind, num_workers: numWorkers })) as {
      batches: Tensor[];
      len: number;
    };
    const d1 = new CountingIterableDataset(20);
    const d2 = new CountingIterableDataset(15);
    const chained = kind === "add" ? d1.add(d2) : new data.ChainDataset([d1, d2]);
    const got = batches(new data.DataLoader(chained, { numWorkers }));
    expect(got.every((t) => t instanceof torch.Tensor)).toBe(true);
    expectSame(got, ref.batches, "chained batches");
    expect(chained.length).toBe(ref.len);
  });

  it.each(["add", "chain"])("test_chain_iterable_style_dataset: a map-style member (%s)", async (kind) => {
    const ref = await py.call(`${M}.chain_error`, { kind });
    const d1 = new CountingIterableDataset(20);
    const ds = new data.TensorDataset(torch.zeros([3])) as unknown as data.IterableDataset<number>;
    const chained = kind === "add" ? d1.add(ds) : new data.ChainDataset([d1, ds]);
    expectPyError(() => [...chained], ref);
  });

  it.each([
    [0, 6, 1, 3, null],
    [0, 6, 1, null, 42],
    [0, 4, 2, 11, null],
  ] as Array<[number, number, number, number | null, number | null]>)(
    "test_worker_seed: %i..%i workers, batch %i, global seed %s, generator seed %s",
    async (_from, numWorkers, batchSize, globalSeed, genSeed) => {
      const n = numWorkers * batchSize;
      const ref = (await py.call(`${M}.worker_seeds`, {
        n,
        batch_size: batchSize,
        num_workers: numWorkers,
        global_seed: globalSeed,
        gen_seed: genSeed,
      })) as string[][];
      // SeedDataset: each sample is torch.initial_seed() where it is fetched (and the exact 64-bit seed).
      const ds = {
        length: n,
        get: () => [torch.initialSeed(), data.getWorkerInfo()?.seed] as [number, bigint | undefined],
      };
      if (globalSeed !== null) torch.manualSeed(globalSeed);
      const dl = new data.DataLoader(ds, {
        batchSize,
        numWorkers,
        generator: genSeed === null ? undefined : new torch.Generator(genSeed),
        collateFn: (b) => b,
      });
      const got = [...dl];
      expect(got.map((b) => b.map(([, s]) => String(s)))).toEqual(ref);
      expect(got.map((b) => b.map(([s]) => s))).toEqual(ref.map((b) => b.map((s) => Number(BigInt(s)))));
      expect(new Set(got.flat().map(([, s]) => s)).size).toBe(numWorkers);
    },
  );

  it("test_worker_seed_reproducibility", async () => {
    const ref = (await py.call(`${M}.worker_seeds`, {
      n: 6,
      batch_size: 1,
      num_workers: 6,
      gen_seed: 42,
    })) as string[][];
    const ds = { length: 6, get: () => data.getWorkerInfo()?.seed };
    const seeds = () =>
      new Set(
        [
          ...new data.DataLoader(ds, {
            batchSize: 1,
            numWorkers: 6,
            generator: new torch.Generator(42),
            collateFn: (b) => b,
          }),
        ]
          .flat()
          .map(String),
      );
    expect([...seeds()]).toEqual([...seeds()]);
    expect([...seeds()].sort()).toEqual(ref.flat().sort());
  });

  it("test_worker_init_fn", async () => {
    const ref = await py.call(`${M}.worker_init_fn_batches`);
    const ds = { length: 4, get: () => torch.initialSeed() };
    const dl = new data.DataLoader(ds, { batchSize: 2, numWorkers: 2, workerInitFn: () => torch.manualSeed(12345) });
    const got = batches(dl);
    expectSame(got, ref, "initial seeds");
    for (const b of got) expect((b as Tensor).tolist()).toEqual([12345, 12345]);
  });

  it("test_get_worker_info", async () => {
    const ref = (await py.call(`${M}.get_worker_info_case`, { global_seed: 4 })) as {
      before: boolean;
      batches: Record<string, PyValue>[];
      after: boolean;
    };
    class InfoDataset extends data.Dataset<Record<string, unknown>> {
      // Workers share this data set here, so each worker's record is kept under its id.
      value = new Map<number, Record<string, unknown>>();
      get length() {
        return 6;
      }
      get(): Record<string, unknown> {
        return this.value.get(data.getWorkerInfo()!.id)!;
      }
    }
    const initFn = (workerId: number) => {
      const info = data.getWorkerInfo()!;
      const errors: string[] = [];
      for (const attr of ["id", "a"]) {
        try {
          (info as unknown as Record<string, unknown>)[attr] = 3999;
        } catch (e) {
          errors.push((e as Error).message);
        }
      }
      (info.dataset as InfoDataset).value.set(workerId, {
        worker_id: workerId,
        id: info.id,
        num_workers: info.numWorkers,
        seed_is_initial_seed: Number(info.seed) === torch.initialSeed(),
        dataset_class: (info.dataset as object).constructor.name.replace("Info", "_Info"),
        repr_keys: ["id", "num_workers", "seed", "dataset"].filter((k) => String(info).includes(`${k}=`)),
        errors,
      });
    };
    const before = data.getWorkerInfo() === null;
    torch.manualSeed(4);
    const dl = new data.DataLoader(new InfoDataset(), {
      batchSize: 2,
      numWorkers: 2,
      workerInitFn: initFn,
      collateFn: (b) => b[0],
    });
    const got = [...dl];
    expect(before).toBe(ref.before);
    expect(got).toEqual(ref.batches);
    expect(data.getWorkerInfo() === null).toBe(ref.after);
  });

  it.each([
    ["test_shuffle", {}, 1],
    ["test_shuffle_batch_none", { batch_size: null }, 1],
    ["test_shuffle_batch", { batch_size: 2 }, 2],
    ["test_shuffle_workers", { num_workers: 4 }, 1],
    ["test_shuffle_batch_workers", { batch_size: 2, num_workers: 4 }, 1],
    ["test_shuffle_batch_workers_prefetch", { batch_size: 2, num_workers: 4, prefetch_factor: 3 }, 1],
  ] as Array<[string, Record<string, number | null>, number]>)("%s: %j, %i epochs", async (_name, kw, epochs) => {
    const ref = await theirs({ shuffle: true, ...kw }, 10, epochs);
    const make = () =>
      new data.DataLoader(dataset, {
        shuffle: true,
        batchSize: kw.batch_size,
        numWorkers: kw.num_workers ?? undefined,
        prefetchFactor: kw.prefetch_factor ?? undefined,
      });
    expectLoader(ref, make, 10, epochs);
    torch.manualSeed(10);
    const first = batches(make());
    expectPermutation(first, kw.batch_size !== null);
  });

  it.each([0, 2])("test_shuffle_reproducibility: numWorkers %i", async (numWorkers) => {
    const ref = await theirs({ shuffle: true, num_workers: numWorkers, gen_seed: 42 });
    const make = () => new data.DataLoader(dataset, { shuffle: true, numWorkers, generator: new torch.Generator(42) });
    expectSame(batches(make()), batches(make()) as PyValue, "two loaders");
    expectLoader(ref, make);
  });

  it.each([
    ["test_sequential_workers", { num_workers: 4 }],
    ["test_seqential_batch_workers", { batch_size: 2, num_workers: 4 }],
    ["test_seqential_batch_workers_prefetch", { batch_size: 2, num_workers: 4, prefetch_factor: 3 }],
  ] as Array<[string, Record<string, number>]>)("%s", async (_name, kw) => {
    const ref = await theirs(kw);
    expectLoader(
      ref,
      () =>
        new data.DataLoader(dataset, {
          batchSize: kw.batch_size,
          numWorkers: kw.num_workers,
          prefetchFactor: kw.prefetch_factor,
        }),
    );
  });

  it("test_random_sampler", async () => {
    const n = 100;
    const cases: Array<Record<string, unknown>> = [
      { replacement: true, num_samples: n + 1 },
      {},
      { num_samples: n * 2 },
      { num_samples: n - 1 },
      { num_samples: n + 1 },
    ];
    const ref = (await py.call(`${M}.random_sampler_lists`, { n, cases, seed: 8 })) as number[][];
    const stat = (l: number[]) => {
      const counts = new Map<number, number>();
      for (const i of l) counts.set(i, (counts.get(i) ?? 0) + 1);
      return [[...counts.values()].filter((c) => c > 1).length, Math.min(...l), Math.max(...l), l.length];
    };
    cases.forEach((c, k) => {
      torch.manualSeed(8);
      const sampler = new data.RandomSampler(dataset, {
        replacement: c.replacement as boolean | undefined,
        numSamples: c.num_samples as number | undefined,
      });
      const got = [...sampler];
      expect(got, JSON.stringify(c)).toEqual(ref[k]);
      expect(stat(got)).toEqual(stat(ref[k]));
    });
    // upstream's expectations of the statistics, on PyTorch's lists
    expect(stat(ref[0])[0]).toBeGreaterThan(0);
    expect(stat(ref[1])).toEqual([0, 0, n - 1, n]);
    expect(stat(ref[2])).toEqual([n, 0, n - 1, 2 * n]);
    expect(stat(ref[3])[0]).toBe(0);
    expect(stat(ref[4])).toEqual([1, 0, n - 1, n + 1]);
    const err = await py.call(`${M}.random_sampler_error`, { n, replacement: 0 });
    expectPyError(() => new data.RandomSampler(dataset, { replacement: 0 as unknown as boolean }), err);
  });

  it.each([
    ["test_random_sampler_len_with_replacement", true],
    ["test_random_sampler_len_without_replacement", false],
  ] as Array<[string, boolean]>)("%s", async (_name, replacement) => {
    const ref = await py.call(`${M}.random_sampler_len`, { data: x, labels: y, replacement, extra: 5 });
    const numSamples = dataset.length + 5;
    const sampler = new data.RandomSampler(dataset, { replacement, numSamples });
    expect({
      len: sampler.length,
      count: [...sampler].length,
      dl1: new data.DataLoader(dataset, { batchSize: 1, sampler }).length,
      dl6: new data.DataLoader(dataset, { batchSize: 6, sampler }).length,
    }).toEqual(ref);
  });

  it.each([
    [3, 3],
    [3, -1],
  ])("test_distributed_sampler_invalid_rank: numReplicas %i, rank %i", async (numReplicas, rank) => {
    const ref = await py.call(`${M}.distributed_error`, { num_replicas: numReplicas, rank });
    expectPyError(() => new data.DistributedSampler(torch.arange(10, { dtype: "int32" }), { numReplicas, rank }), ref);
  });

  it("test_duplicating_data_with_drop_last", async () => {
    const ref = (await py.call(`${M}.duplicating_data_with_drop_last`, { num_processes: 4, num_batches: 9 })) as Tensor;
    const numProcesses = 4;
    const numBatches = 9;
    const dataSet = torch.arange(numBatches, { dtype: "int32" });
    let scanned = torch.tensor([], { dtype: "int32" });
    for (let i = 0; i < numProcesses; i++) {
      const s = new data.DistributedSampler(dataSet, { numReplicas: numProcesses, rank: i });
      const dl = new data.DataLoader(dataSet, {
        batchSize: Math.trunc(numBatches / numProcesses),
        dropLast: true,
        sampler: s,
      });
      for (const d of dl) scanned = torch.cat([scanned, d]);
    }
    expectTensor(scanned, ref, {}, "scanned data");
    expect(scanned.unique().size(0)).toBe(scanned.size(0));
  });

  it("test_sampler_reproducibility", async () => {
    const n = 100;
    const ref = (await py.call(`${M}.sampler_reproducibility`, { n })) as {
      seeded: number[][];
      unseeded: Array<{ l1: number[]; l2: number[]; ls: number[][] }>;
    };
    const weights = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6];
    const samplers = (seeded: boolean): Array<Iterable<number> & { length: number }> => {
      const g = () => (seeded ? new torch.Generator(42) : null);
      return [
        new data.RandomSampler(dataset, { numSamples: 5, replacement: true, generator: g() }),
        new data.RandomSampler(dataset, { replacement: false, generator: g() }),
        new data.WeightedRandomSampler(weights, 5, true, g()),
        new data.WeightedRandomSampler(weights, 5, false, g()),
        new data.SubsetRandomSampler(range(10), g()),
      ];
    };
    const a = samplers(true).map((s) => [...s]);
    expect(a).toEqual(samplers(true).map((s) => [...s]));
    expect(a).toEqual(ref.seeded);
    samplers(false).forEach((sampler, k) => {
      torch.manualSeed(0);
      const l1 = [...sampler, ...sampler];
      torch.manualSeed(0);
      const l2 = [...sampler, ...sampler];
      expect(l1).toEqual(l2);
      // Two iterators drawn in turn, the first draw of each right after manual_seed(0): the draws are lazy.
      const its = [sampler[Symbol.iterator](), sampler[Symbol.iterator]()];
      const ls: number[][] = [[], []];
      for (let idx = 0; idx < sampler.length; idx++)
        for (let i = 0; i < 2; i++) {
          if (idx === 0) torch.manualSeed(0);
          ls[i].push(its[i].next().value as number);
        }
      expect(ls[0]).toEqual(ls[1]);
      expect({ l1, l2, ls }, `sampler ${k}`).toEqual(ref.unseeded[k]);
    });
  });

  it.each([0, 4])("test_sampler: numWorkers %i", async (numWorkers) => {
    const indices = range(2, 12);
    const ref = await theirs({ sampler: indices, batch_size: 2, num_workers: numWorkers });
    expectLoader(ref, () => new data.DataLoader(dataset, { sampler: indices, batchSize: 2, numWorkers }));
    expect(ref.len).toBe(5);
  });

  it.each([0, 4])("test_batch_sampler: numWorkers %i", async (numWorkers) => {
    const batchList: number[][] = [];
    for (let i = 0; i < 20; i += 5) batchList.push(range(i, i + 2), range(i + 2, i + 5));
    const ref = await theirs({ batch_sampler: batchList, num_workers: numWorkers });
    expectLoader(ref, () => new data.DataLoader(dataset, { batchSampler: batchList, numWorkers }));
    expect(ref.len).toBe(8);
  });

  it.each([
    ["test_error", 100, 0],
    ["test_error_workers", 41, 4],
  ] as Array<[string, number, number]>)("%s", async (_name, n, numWorkers) => {
    const ref = (await py.call(`${M}.error_count`, {
      n,
      batch_size: 2,
      shuffle: true,
      num_workers: numWorkers,
    })) as Record<string, number>;
    // ErrorDataset: Dataset's own __getitem__, which raises NotImplementedError.
    const ds = {
      length: n,
      get(): never {
        throw new torch.NotImplementedError();
      },
    };
    const it = new data.DataLoader(ds, { batchSize: 2, shuffle: true, numWorkers })[Symbol.iterator]();
    const errors: Record<string, number> = {};
    for (;;) {
      try {
        if (it.next().done) break;
      } catch (e) {
        const name = (e as Error).name;
        errors[name] = (errors[name] ?? 0) + 1;
      }
    }
    expect(errors).toEqual(ref);
    expect(errors.NotImplementedError).toBe(Math.ceil(n / 2));
  });

  it.each([
    ["iter", 0],
    ["iter", 2],
    ["worker_init_fn", 2],
  ] as Array<[string, number]>)("test_error_in_init: %s, numWorkers %i", async (kind, numWorkers) => {
    const ref = await py.call(`${M}.error_in_init`, { kind, num_workers: numWorkers });
    class ErrorIterableDataset extends data.IterableDataset<number> {
      [Symbol.iterator](): Iterator<number> {
        throw new Error("Error in __iter__");
      }
    }
    const dl =
      kind === "iter"
        ? new data.DataLoader(new ErrorIterableDataset(), { numWorkers })
        : new data.DataLoader(new data.TensorDataset(torch.zeros([4])), {
            numWorkers,
            workerInitFn: () => {
              throw new Error("Error in worker_init_fn");
            },
          });
    // With workers PyTorch re-raises the worker's error with its traceback: ours is within its message.
    expectPyError(() => [...dl], ref, { within: numWorkers > 0 });
  });

  it("test_len", async () => {
    const ref2 = await theirs({ batch_size: 2 });
    const ref3 = await theirs({ batch_size: 3 });
    expect(dataset.length).toBe(100);
    expect([...dataset].length).toBe(100);
    for (const [bs, ref] of [
      [2, ref2],
      [3, ref3],
    ] as Array<[number, Loaded]>) {
      const dl = new data.DataLoader(dataset, { batchSize: bs });
      expect(dl.length).toBe(ref.len);
      expect([...dl].length).toBe(ref.batches[0].length);
    }
  });

  it.each([
    [1, false],
    [1, true],
    [2, false],
    [2, true],
    [3, false],
    [3, true],
  ] as Array<[number, boolean]>)("test_iterabledataset_len: batchSize %i, dropLast %s", async (batchSize, dropLast) => {
    const ref = await py.call(`${M}.iterabledataset_len`, { batch_size: batchSize, drop_last: dropLast });
    class Ten extends data.IterableDataset<number> {
      get length() {
        return 10;
      }
      *[Symbol.iterator]() {
        yield* range(10);
      }
    }
    expect(new data.DataLoader(new Ten(), { batchSize, dropLast }).length).toBe(ref);
  });

  // Python's dict and list subclasses: a Map and an Array subclass.
  class CustomDict<K, V> extends Map<K, V> {}
  class CustomList<T> extends Array<T> {}
  /** A collated value described as the Python side's _describe does. */
  function describeValue(v: unknown): PyValue {
    if (v instanceof torch.Tensor) return { tensor: v, dtype: v.dtype };
    if (v instanceof Map)
      return {
        dict: v instanceof CustomDict ? "CustomDict" : "dict",
        items: Object.fromEntries([...v].map(([k, x]) => [k, describeValue(x)])),
      };
    if (Array.isArray(v)) return { list: v instanceof CustomList ? "CustomList" : "list", items: v.map(describeValue) };
    if (v !== null && typeof v === "object")
      return { dict: "dict", items: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, describeValue(x)])) };
    return { value: v as PyValue, type: typeof v === "string" ? "str" : Number.isInteger(v) ? "int" : "float" };
  }
  function expectDescribed(got: PyValue, ref: PyValue, what: string): void {
    if (ref instanceof torch.Tensor) {
      expectTensor(got as Tensor, ref, {}, what);
    } else if (Array.isArray(ref)) {
      expect(Array.isArray(got), what).toBe(true);
      expect((got as PyValue[]).length, what).toBe(ref.length);
      ref.forEach((r, i) => {
        expectDescribed((got as PyValue[])[i], r, `${what}[${i}]`);
      });
    } else if (ref !== null && typeof ref === "object" && !(ref instanceof torch.Complex)) {
      expect(Object.keys(got as object).sort(), what).toEqual(Object.keys(ref).sort());
      for (const [k, r] of Object.entries(ref)) expectDescribed((got as Record<string, PyValue>)[k], r, `${what}.${k}`);
    } else {
      expect(got, what).toBe(ref);
    }
  }

  it.each([
    ["test_default_collate_dtype: ints", "int", () => data.defaultCollate([1, 2, -1])],
    ["test_default_collate_dtype: floats", "float", () => data.defaultCollate([1.1, 2.3, -0.9])],
    ["test_default_collate_dtype: bools", "bool", () => data.defaultCollate([true, false])],
    ["test_default_collate_dtype: strings", "str", () => data.defaultCollate(["a", "b", "c"])],
    [
      "test_default_collate_mapping_keep_type",
      "mapping_keep_type",
      () =>
        data.defaultCollate([
          new CustomDict([
            ["a", 1],
            ["b", 2],
          ]),
          new CustomDict([
            ["a", 3],
            ["b", 4],
          ]),
        ]),
    ],
    [
      "test_default_collate_sequence_keep_type",
      "sequence_keep_type",
      () => data.defaultCollate([CustomList.from([1, 2, 3]), CustomList.from([4, 5, 6])]),
    ],
    [
      "test_default_convert_mapping_keep_type",
      "convert_mapping_keep_type",
      () =>
        data.defaultConvert(
          new CustomDict([
            ["a", 1],
            ["b", 2],
          ]),
        ),
    ],
    [
      "test_default_convert_sequence_keep_type",
      "convert_sequence_keep_type",
      () => data.defaultConvert(CustomList.from([1, 2, 3])),
    ],
  ] as Array<[string, string, () => unknown]>)("%s", async (_name, kase, fn) => {
    const ref = await py.call(`${M}.collate_case`, { case: kase });
    expectDescribed(describeValue(fn()), ref, kase);
  });

  it.each([[[["X"], ["X", "X"]]], [[["X", "X"], ["X"]]]])(
    "test_default_collate_bad_sequence_type: %j",
    async (batch) => {
      const ref = await py.call(`${M}.collate_error`, { batch });
      expectPyError(() => data.defaultCollate(batch), ref);
    },
  );

  it("test_multiprocessing_contexts (the default context)", async () => {
    const ref = await py.call(`${M}.counting_loader`, { n: 11, num_workers: 3, batch_size: 3, pin_memory: true });
    const got = batches(new data.DataLoader(new CountingDataset(11), { numWorkers: 3, batchSize: 3, pinMemory: true }));
    expectSame(got, ref, "batches");
    expectSame(got, [torch.arange(3), torch.arange(3, 6), torch.arange(6, 9), torch.arange(9, 11)], "reference");
  });
});

describe("TestStringDataLoader", () => {
  it.each([0, 4])("test_shuffle_pin_memory (no pinning): numWorkers %i", async (numWorkers) => {
    const ref = (await py.call(`${M}.string_loader`, { global_seed: 6, num_workers: numWorkers })) as Array<{
      items: Array<Record<string, PyValue>>;
    }>;
    class StringDataset extends data.Dataset<[string, number]> {
      s = "12345";
      get length() {
        return this.s.length;
      }
      get(ndx: number): [string, number] {
        return [this.s[ndx], ndx];
      }
    }
    torch.manualSeed(6);
    const got = [...new data.DataLoader(new StringDataset(), { batchSize: 2, shuffle: true, numWorkers })];
    expect(got.length).toBe(ref.length);
    got.forEach(([s, n], k) => {
      const [rs, rn] = ref[k].items;
      expect(s).toEqual((rs.items as Array<{ value: string }>).map((v) => v.value));
      expectTensor(n, rn.tensor, {}, `indices ${k}`);
      expect(typeof s[0]).toBe("string");
    });
  });
});

describe("TestDictDataLoader", () => {
  it("test_sequential_batch", async () => {
    const ref = (await py.call(`${M}.dict_loader`)) as PyValue[];
    const ds = {
      length: 4,
      get: (ndx: number) => ({ a_tensor: torch.empty([4, 2]).fill_(ndx), another_dict: { a_number: ndx } }),
    };
    const loader = new data.DataLoader(ds, { batchSize: 2, shuffle: false });
    const got = [...loader];
    expect(got.length).toBe(ref.length);
    got.forEach((sample, i) => {
      const r = ref[i] as {
        items: { a_tensor: { tensor: Tensor }; another_dict: { items: { a_number: { tensor: Tensor } } } };
      };
      expect(Object.keys(sample).sort()).toEqual(["a_tensor", "another_dict"]);
      expect(Object.keys(sample.another_dict)).toEqual(["a_number"]);
      expectTensor(sample.a_tensor, r.items.a_tensor.tensor, {}, `a_tensor ${i}`);
      expectTensor(sample.another_dict.a_number, r.items.another_dict.items.a_number.tensor, {}, `a_number ${i}`);
      expect(sample.a_tensor.shape).toEqual([2, 4, 2]);
      expect(sample.another_dict.a_number.tolist()).toEqual([2 * i, 2 * i + 1]);
    });
  });
});

describe("TestNamedTupleDataLoader", () => {
  // A namedtuple's counterpart: a plain object with the same fields (collated field by field).
  it.each([2, null])("test_dataloader_with_namedtuple: batchSize %s", async (batchSize) => {
    const ref = (await py.call(`${M}.namedtuple_loader`, { global_seed: 9, batch_size: batchSize })) as Array<{
      namedtuple: string;
      fields: Record<string, Record<string, PyValue>>;
    }>;
    const ds = {
      length: 4,
      get: (ndx: number) => ({
        data: { positive: ndx, negative: 0 - ndx },
        label: String(ndx),
        random_tensor: torch.randn([3]),
      }),
    };
    torch.manualSeed(9);
    const got = [...new data.DataLoader(ds, { batchSize })];
    expect(got.length).toBe(ref.length);
    got.forEach((batch, k) => {
      const r = ref[k];
      expect(r.namedtuple).toBe("Batch");
      expect(Object.keys(batch)).toEqual(Object.keys(r.fields));
      expectTensor(batch.random_tensor as Tensor, r.fields.random_tensor.tensor, {}, `random_tensor ${k}`);
      const rd = r.fields.data as { namedtuple: string; fields: Record<string, Record<string, PyValue>> };
      expect(rd.namedtuple).toBe("Data");
      if (batchSize === null) {
        // No auto-collation: the numbers stay numbers.
        expect(batch.data.positive).toBe(rd.fields.positive.value);
        expect(batch.data.negative).toBe(rd.fields.negative.value);
        expect(batch.label).toBe(r.fields.label.value);
      } else {
        expect(batch.data.positive).toBeInstanceOf(torch.Tensor);
        expectTensor(batch.data.positive as unknown as Tensor, rd.fields.positive.tensor, {}, `positive ${k}`);
        expectTensor(batch.data.negative as unknown as Tensor, rd.fields.negative.tensor, {}, `negative ${k}`);
        expect(batch.label).toEqual((r.fields.label.items as Array<{ value: string }>).map((v) => v.value));
      }
    });
  });
});

describe("TestIndividualWorkerQueue", () => {
  // The upstream data set records its worker id in its per-worker copy; workers share it here, so
  // get() reads the id of the worker fetching it. Batch i comes from worker i % numWorkers.
  it.each([
    [8, 1],
    [8, 3],
    [16, 2],
    [32, 3],
    [64, 2],
  ])("test_ind_worker_queue: batchSize %i, numWorkers %i", async (batchSize, numWorkers) => {
    const ref = (await py.call(`${M}.ind_worker_queue`, {
      batch_size: batchSize,
      num_workers: numWorkers,
    })) as Tensor[][];
    const values = range(128);
    const ds = { length: 128, get: (i: number) => [data.getWorkerInfo()!.id, values[i]] as [number, number] };
    const got = batches(new data.DataLoader(ds, { batchSize, shuffle: false, numWorkers, timeout: 5 }));
    expectSame(got, ref, "worker ids and samples");
    got.forEach((b, i) => {
      const [ids, sample] = b as Tensor[];
      expect(ids.tolist()).toEqual(Array(batchSize).fill(i % numWorkers));
      expect(sample.tolist()).toEqual(range(i * batchSize, (i + 1) * batchSize));
    });
  });
});

// ---- DataLoader and the global generator (item 13): test_sampler_reproducibility's seeding, in a script's order.

function imageDataset(n: number): data.ImageDataset {
  const images = torch.zeros([n, 2, 2, 1], { dtype: "uint8" });
  const labels = torch.arange(n);
  return new data.ImageDataset(images, labels, ["a"], new data.transforms.ToTensor());
}

describe("DataLoader and the global generator (item 13)", () => {
  it.each([
    [false, 0],
    [true, 0],
    [false, 1],
    [true, 1],
    [true, 3],
  ] as Array<[boolean, number]>)(
    "test_sampler_reproducibility: shuffle=%s, %i epochs between models",
    async (shuffle, epochs) => {
      const ref = (await py.call("upstream_nn.loader_then_model", {
        n: 10,
        batch_size: 4,
        shuffle,
        epochs,
      })) as Tensor[];
      torch.manualSeed(0);
      const loader = new data.DataLoader(imageDataset(10), { batchSize: 4, shuffle });
      const first = new nn.Linear(4, 3);
      for (let e = 0; e < epochs; e++) for (const _b of loader);
      const second = new nn.Linear(4, 3);
      const got = [first.weight, first.bias!, second.weight, second.bias!];
      got.forEach((t, i) => {
        expect(t.detach().equal(ref[i]), `tensor ${i}`).toBe(true);
      });
    },
  );
});
