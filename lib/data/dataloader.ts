// torch.utils.data.DataLoader. Any data set (an object with get(index) and length, an array, or an
// iterable), PyTorch's samplers and collation, and PyTorch's draws from the generators: the base seed
// when iteration starts (from `generator`, else the global one), then the sampler's. Two native fast
// paths give the same batches as the general per-sample path: an ImageDataset whose transform fuses
// (ToTensor, Normalize, RandomCrop with zero padding, RandomHorizontalFlip) is cut, transformed and
// moved in one native call, and a TensorDataset is gathered with one index_select per tensor.
import { tensor } from "../creation";
import { isAvailable as cudaIsAvailable } from "../cuda";
import { checkDevice, type Device, type DeviceLike } from "../device";
import { ValueError } from "../errors";
import { keep } from "../memory";
import { type LoaderBatchOptions, type LoaderJob, native } from "../native";
import { RecordFunction } from "../profiler/autograd_profiler";
import { Generator } from "../random";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";
import { py } from "../utils/pyrepr";
import { type Collated, defaultCollate, defaultConvert } from "./collate";
import { ImageDataset, IterableDataset, type MapDataset, TensorDataset } from "./dataset";
import { BatchSampler, RandomSampler, SequentialSampler } from "./sampler";
import { type FusedTransform, fuse } from "./transforms";

/**
 * What a DataLoader takes: a map-style data set (any object with get(index) and length), an array, a
 * tensor (its rows, as PyTorch indexes a tensor passed as a data set), or an iterable.
 */
export type DatasetLike<T> = MapDataset<T> | readonly T[] | Tensor | Iterable<T>;

/** A sampler: indices in some order, with a length where the loader's length is asked for. */
export type SamplerLike = Iterable<number> & {
  /** The number of indices, when known (what the DataLoader's length needs). */
  readonly length?: number;
};
/** Anything that yields lists of indices, one list per batch (a {@link BatchSampler}). */
export type BatchSamplerLike = Iterable<number[]> & {
  /** The number of batches, when known (what the DataLoader's length needs). */
  readonly length?: number;
};

/** DataLoader's keyword arguments. */
export interface DataLoaderOptions<T = unknown, B = unknown> {
  /** Samples per batch (default 1); null: no batching, each sample is yielded as it is (default_convert). */
  batchSize?: number | null;
  /** A new random order every epoch (RandomSampler with `generator`). */
  shuffle?: boolean;
  /** The order of the indices (excludes `shuffle`). */
  sampler?: SamplerLike;
  /** Yields whole index lists; excludes batchSize, shuffle, sampler and dropLast. */
  batchSampler?: BatchSamplerLike;
  /**
   * PyTorch's worker count. Samples are still fetched on this thread (ImageDataset batches on a native
   * thread), but the random numbers are PyTorch's with this many workers: worker w's generator is
   * seeded with base seed + w, batch k runs on worker k % numWorkers, and transforms such as
   * RandomCrop draw from that worker's generator — so augmentations equal PyTorch's
   * DataLoader(num_workers=n). Ignored for an iterable data set (PyTorch would replicate it per worker).
   */
  numWorkers?: number;
  /** Turns a list of samples into a batch (default: defaultCollate). */
  collateFn?: (batch: T[]) => B;
  /** Batches in page-locked memory when CUDA is available (a no-op on CPU-only builds), as PyTorch. */
  pinMemory?: boolean;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Drives the base seed and RandomSampler (else the global generator seeds a fresh one each epoch). */
  generator?: Generator;
  /** Accepted as PyTorch's (only with numWorkers > 0); the native path prefetches one batch. */
  prefetchFactor?: number;
  /**
   * Accepted as PyTorch's (seconds to wait for a worker's batch; 0: no limit) and checked non-negative;
   * no batch is ever waited for here, since the workers' work runs on this thread.
   */
  timeout?: number;
  /** Called once per worker and epoch, with that worker's generator in place, as PyTorch's worker_init_fn. */
  workerInitFn?: (workerId: number) => void;
  /** torchts: shorthand for `generator: new Generator(seed)`. */
  seed?: number;
  /** torchts: where batches are delivered; with "cuda" an ImageDataset moves to the GPU once and batches are cut there. */
  device?: DeviceLike;
  /**
   * torchts: the native path cuts the next batch on a worker thread while the current one trains.
   * Default: when a batch holds at least 128 KiB of pixels (below that, handing a batch to the thread
   * costs more than cutting it: batch 4 of CIFAR-10 ran 1.35x slower with it, batch 256 1.2x faster).
   * With random transforms drawing from the global generator (numWorkers 0) it never does, so that the
   * draws happen when PyTorch makes them.
   */
  prefetch?: boolean;
}

// Below this many uint8 pixel bytes per batch the native path does not prefetch by default.
const PREFETCH_MIN_BYTES = 128 * 1024;

const OPTIONS = [
  "batchSize",
  "shuffle",
  "sampler",
  "batchSampler",
  "numWorkers",
  "collateFn",
  "pinMemory",
  "dropLast",
  "generator",
  "prefetchFactor",
  "timeout",
  "workerInitFn",
  "seed",
  "device",
  "prefetch",
] as const;

/** The attributes PyTorch refuses to reassign after construction, with their Python names. */
const FIXED = [
  ["batchSize", "batch_size"],
  ["batchSampler", "batch_sampler"],
  ["sampler", "sampler"],
  ["dropLast", "drop_last"],
  ["dataset", "dataset"],
] as const;

type Plan =
  | { kind: "image"; f: FusedTransform; ds: ImageDataset }
  | { kind: "tensor"; ds: TensorDataset }
  | { kind: "general" };

/**
 * What torch.utils.data.get_worker_info returns inside a worker's work: its id, the worker count, its
 * seed. Read-only, as PyTorch's: assigning an attribute throws "Cannot assign attributes to WorkerInfo
 * objects"; String(info) is PyTorch's repr, `WorkerInfo(id=0, num_workers=2, seed=..., dataset=...)`.
 */
export interface WorkerInfo {
  /** This worker's index, 0..numWorkers-1. */
  readonly id: number;
  /** The DataLoader's numWorkers. */
  readonly numWorkers: number;
  /** base seed + id: the seed of this worker's generator (a 64-bit integer, as Python's int). */
  readonly seed: bigint;
  /** The DataLoader's dataset. */
  readonly dataset: unknown;
}

function workerInfo(id: number, numWorkers: number, seed: bigint, dataset: unknown): WorkerInfo {
  const fields = { id, numWorkers, seed, dataset };
  const repr = () => `WorkerInfo(id=${id}, num_workers=${numWorkers}, seed=${seed}, dataset=${String(dataset)})`;
  const refuse = (): never => {
    throw new Error("Cannot assign attributes to WorkerInfo objects");
  };
  Object.defineProperty(fields, "toString", { value: repr, enumerable: false });
  return new Proxy(Object.freeze(fields), { set: refuse, defineProperty: refuse, deleteProperty: refuse });
}
const workerInfoOf = new WeakMap<Generator, WorkerInfo>();
let currentWorker: WorkerInfo | null = null;

/**
 * torch.utils.data.get_worker_info: inside a DataLoader's work for worker w (dataset.get, the collate
 * function, workerInitFn — all on this thread here), that worker's {@link WorkerInfo}; null elsewhere.
 */
export function getWorkerInfo(): WorkerInfo | null {
  return currentWorker;
}

/** Runs fn with g as the global CPU generator (a DataLoader worker's own seeded generator). */
function inWorker<R>(g: Generator | null, fn: () => R): R {
  if (!g) return fn();
  native.generatorSwapGlobal(g.ext);
  const prev = currentWorker;
  currentWorker = workerInfoOf.get(g) ?? null;
  try {
    return fn();
  } finally {
    currentWorker = prev;
    native.generatorSwapGlobal(g.ext);
  }
}

function mapTensors(v: unknown, fn: (t: Tensor) => Tensor): unknown {
  if (v instanceof Tensor) return fn(v);
  if (Array.isArray(v)) return v.map((x) => mapTensors(x, fn));
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, mapTensors(x, fn)]));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapTensors(x, fn)]));
  return v;
}

/** PyTorch's _InfiniteConstantSampler, the sampler of an iterable data set (never drawn from here). */
const infiniteConstantSampler: SamplerLike = {
  *[Symbol.iterator]() {
    for (;;) yield 0;
  },
};

/** The length of a map-style data set, an array or a tensor (its size in dimension 0). */
function sizeOf(d: unknown): number {
  return d instanceof Tensor ? d.size(0) : (d as { length: number }).length;
}

function isMapDataset(d: unknown): d is MapDataset<unknown> {
  return d !== null && typeof d === "object" && typeof (d as MapDataset<unknown>).get === "function";
}

/**
 * torch.utils.data.DataLoader: iterates over a dataset in batches.
 *
 * Combines a dataset with a sampler (sequential, or random with `shuffle`) and collates the samples of
 * each batch into tensors with {@link defaultCollate}. With `numWorkers > 0`, batches are prepared on
 * worker threads; an {@link ImageDataset} (CIFAR10, ImageFolder) is cut into batches natively.
 *
 * @param dataset - a map-style dataset (`get(i)` and `length`), an array, a tensor (its rows), or an iterable.
 * @param o - {@link DataLoaderOptions}: `batchSize`, `shuffle`, `sampler`, `batchSampler`, `numWorkers`,
 *   `collateFn`, `pinMemory`, `dropLast`, `generator`, ... Unknown keys are TypeErrors, as Python's
 *   `DataLoader.__init__() got an unexpected keyword argument`.
 *
 * Differs from PyTorch: workers are threads of this process, not processes; torchts adds `device`
 * (batches delivered on that device) and `seed`. As PyTorch's, `dataset`, `batchSize`, `sampler`,
 * `batchSampler` and `dropLast` cannot be assigned after construction (a ValueError), and an error
 * raised while fetching one batch (the data set's `get`, the collate function) leaves the iterator
 * usable: the next call goes on with the next batch.
 *
 * @example
 * ```ts
 * const train = await torch.data.CIFAR10.create({ root: "./data", train: true, download: true });
 * const loader = new torch.data.DataLoader(train, { batchSize: 64, shuffle: true, numWorkers: 2 });
 * for (const [images, labels] of loader) {
 *   // images: float32 [64, 3, 32, 32], labels: int64 [64]
 * }
 * console.log(loader.length); // batches per epoch
 * ```
 */
export class DataLoader<T = [Tensor, number], B = Collated<T>> implements Iterable<B> {
  /** Samples per batch; null when batching is off. */
  readonly batchSize: number | null;
  /** Whether the order is reshuffled every epoch. */
  readonly shuffle: boolean;
  /** Whether an incomplete last batch is dropped. */
  readonly dropLast: boolean;
  /** The index sampler in use. */
  readonly sampler: SamplerLike;
  /** The batch sampler in use (null when batching is off). */
  readonly batchSampler: BatchSamplerLike | null;
  /** Worker threads preparing batches (0: the calling thread). */
  readonly numWorkers: number;
  /** Batches loaded in advance per worker. */
  readonly prefetchFactor: number;
  /** PyTorch's timeout for a worker's batch, in seconds (accepted; nothing waits here). */
  readonly timeout: number;
  /** Whether batches are put in page-locked memory. */
  readonly pinMemory: boolean;
  /** The function that turns a list of samples into a batch. */
  readonly collateFn: (batch: T[]) => B;
  /** Called on each worker at the start of an epoch, or null. */
  readonly workerInitFn: ((workerId: number) => void) | null;
  /** Where batches are delivered (torchts only); undefined: where the data is. */
  readonly device: Device | undefined;
  /** undefined: decided by the batch's size (see DataLoaderOptions.prefetch). */
  readonly prefetch: boolean | undefined;
  /** The caller's generator (or one from `seed`); null: the global generator draws. */
  readonly generator: Generator | null;
  private readonly iterable: boolean;
  private readonly customCollate: boolean;
  private readonly getItem: (i: number) => T;
  /** The ImageDataset's tensors, on `device` when that is not the CPU. */
  private images: Tensor | null = null;
  private targets: Tensor | null = null;

  constructor(
    readonly dataset: DatasetLike<T>,
    o: DataLoaderOptions<T, B> = {},
  ) {
    checkKwargs(o, OPTIONS, "DataLoader.__init__");
    const numWorkers = o.numWorkers ?? 0;
    if (!Number.isInteger(numWorkers) || numWorkers < 0)
      throw new ValueError("num_workers option should be non-negative; use num_workers=0 to disable multiprocessing.");
    this.numWorkers = numWorkers;
    const timeout = o.timeout ?? 0;
    if (typeof timeout !== "number" || Number.isNaN(timeout))
      throw new TypeError(`timeout must be a number, got ${py(timeout)}`);
    if (timeout < 0) throw new ValueError("timeout option should be non-negative");
    this.timeout = timeout;
    this.prefetchFactor = o.prefetchFactor ?? 2;
    if (numWorkers === 0 && o.prefetchFactor !== undefined && o.prefetchFactor !== 2)
      throw new ValueError(
        "prefetch_factor option could only be specified in multiprocessing.let num_workers > 0 to enable multiprocessing.",
      );
    if (o.seed !== undefined && o.generator !== undefined)
      throw new TypeError("pass either seed or generator, not both");
    this.generator = o.generator ?? (o.seed === undefined ? null : new Generator(o.seed));
    this.pinMemory = o.pinMemory ?? false;
    this.workerInitFn = o.workerInitFn ?? null;
    this.device = o.device === undefined ? undefined : checkDevice(o.device);
    this.prefetch = o.prefetch;

    const ds = dataset as unknown;
    if (Array.isArray(ds)) {
      this.iterable = false;
      this.getItem = (i) => ds[i] as T;
    } else if (ds instanceof Tensor) {
      // A tensor is a map-style data set in PyTorch (it has __getitem__ and __len__): sample i is ds[i].
      if (ds.dim() === 0) throw new TypeError("len() of a 0-d tensor");
      this.iterable = false;
      this.getItem = (i) => ds.select(0, i) as T;
    } else if (
      ds instanceof IterableDataset ||
      (!isMapDataset(ds) && ds !== null && typeof ds === "object" && Symbol.iterator in ds)
    ) {
      this.iterable = true;
      this.getItem = () => {
        throw new TypeError("an iterable data set has no get()");
      };
    } else if (isMapDataset(ds)) {
      this.iterable = false;
      this.getItem = (i) => ds.get(i) as T;
    } else {
      throw new TypeError(
        "DataLoader takes a data set: an object with get(index) and length, an array, or an iterable",
      );
    }

    let batchSize = o.batchSize === undefined ? 1 : o.batchSize;
    let dropLast = o.dropLast ?? false;
    const shuffle = o.shuffle;
    let sampler = o.sampler;
    let batchSampler = o.batchSampler ?? null;
    if (this.iterable) {
      if (shuffle !== undefined && shuffle !== false)
        throw new ValueError(
          `DataLoader with IterableDataset: expected unspecified shuffle option, but got shuffle=${py(shuffle)}`,
        );
      if (sampler !== undefined)
        throw new ValueError(
          `DataLoader with IterableDataset: expected unspecified sampler option, but got sampler=${sampler}`,
        );
      if (o.batchSampler !== undefined)
        throw new ValueError(
          "DataLoader with IterableDataset: expected unspecified batch_sampler option, but got batch_sampler=" +
            o.batchSampler,
        );
    }
    // A map-style data set takes any truthy shuffle, as PyTorch's bool(shuffle).
    this.shuffle = Boolean(shuffle);
    if (sampler !== undefined && this.shuffle)
      throw new ValueError("sampler option is mutually exclusive with shuffle");
    if (batchSampler !== null) {
      if (batchSize !== 1 || this.shuffle || sampler !== undefined || dropLast)
        throw new ValueError(
          "batch_sampler option is mutually exclusive with batch_size, shuffle, sampler, and drop_last",
        );
      batchSize = null;
      dropLast = false;
    } else if (batchSize === null && dropLast) {
      throw new ValueError("batch_size=None option disables auto-batching and is mutually exclusive with drop_last");
    }
    if (sampler === undefined) {
      const sized = {
        get length() {
          return sizeOf(dataset);
        },
      };
      if (this.iterable) sampler = infiniteConstantSampler;
      else if (this.shuffle) sampler = new RandomSampler(sized, { generator: this.generator });
      else sampler = new SequentialSampler(sized);
    }
    if (batchSize !== null && batchSampler === null) batchSampler = new BatchSampler(sampler, batchSize, dropLast);
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.sampler = sampler;
    this.batchSampler = batchSampler;
    this.customCollate = o.collateFn !== undefined;
    this.collateFn =
      o.collateFn ?? ((batchSampler !== null ? defaultCollate : defaultConvert) as unknown as (batch: T[]) => B);
    if (ds instanceof ImageDataset) {
      this.images = ds.images;
      this.targets = ds.targets;
      if (this.device && this.device !== "cpu") {
        this.images = keep(ds.images.to(this.device));
        this.targets = keep(ds.targets.to(this.device));
      }
    }
    // PyTorch's DataLoader.__setattr__: these define the iteration and are fixed once it is built.
    for (const [attr, name] of FIXED) {
      const value = this[attr];
      Object.defineProperty(this, attr, {
        get: () => value,
        set: () => {
          throw new ValueError(`${name} attribute should not be set after DataLoader is initialized`);
        },
        enumerable: true,
        configurable: false,
      });
    }
  }

  /** len(loader): batches per epoch. */
  get length(): number {
    if (this.iterable) {
      const n = (this.dataset as { length?: unknown }).length;
      if (typeof n !== "number") throw new TypeError("object of type 'IterableDataset' has no len()");
      if (this.batchSize === null) return n;
      return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
    }
    const s = this.batchSampler ?? this.sampler;
    if (typeof s.length !== "number") throw new TypeError("object of type 'sampler' has no len()");
    return s.length;
  }

  [Symbol.iterator](): Iterator<B> {
    const it = this.iterate();
    // As _BaseDataLoaderIter.__next__: each next() is a range of its own in a profile.
    const name = `enumerate(DataLoader)#${this.numWorkers === 0 ? "_SingleProcessDataLoaderIter" : "_MultiProcessingDataLoaderIter"}.__next__`;
    const profiled: IterableIterator<B> = {
      next: () => (native.profilerEnabled() ? new RecordFunction(name).run(() => it.next()) : it.next()),
      [Symbol.iterator]: () => profiled,
    };
    if (it.return) profiled.return = (v?: unknown) => (it.return as (v?: unknown) => IteratorResult<B>)(v);
    return profiled;
  }

  private iterate(): Iterator<B> {
    // As _BaseDataLoaderIter.__init__: the sampler's iterator (lazy), then the base seed.
    if (this.iterable) {
      native.generatorDraw(this.generator?.ext ?? null);
      return this.stream((this.dataset as Iterable<T>)[Symbol.iterator]());
    }
    const indices = (this.batchSampler ?? this.sampler)[Symbol.iterator]() as Iterator<number[] | number>;
    const base = native.generatorDraw(this.generator?.ext ?? null);
    return this.run(indices, this.startWorkers(base));
  }

  /** Each worker's generator, seeded base + w as PyTorch's worker loop seeds torch. */
  private startWorkers(base: bigint): Generator[] | null {
    if (this.numWorkers === 0) return null;
    const workers: Generator[] = [];
    for (let w = 0; w < this.numWorkers; w++) {
      const g = new Generator(0);
      native.generatorSeed(g.ext, base + BigInt(w));
      workerInfoOf.set(g, workerInfo(w, this.numWorkers, base + BigInt(w), this.dataset));
      workers.push(g);
    }
    if (this.workerInitFn) {
      const init = this.workerInitFn;
      workers.forEach((g, w) => {
        inWorker(g, () => init(w));
      });
    }
    return workers;
  }

  private plan(): Plan {
    if (this.customCollate || this.batchSampler === null) return { kind: "general" };
    const ds = this.dataset as unknown;
    if (ds instanceof ImageDataset && ds.get === ImageDataset.prototype.get) {
      const [, H, W, C] = ds.images.shape;
      const f = fuse(ds.transform, H, W, C);
      if (f) return { kind: "image", f, ds };
    }
    if (ds instanceof TensorDataset && ds.get === TensorDataset.prototype.get) return { kind: "tensor", ds };
    return { kind: "general" };
  }

  /** Pins (CUDA builds) or moves a batch the general path made. */
  private deliver(batch: unknown): B {
    const dev = this.device && this.device !== "cpu" ? this.device : undefined;
    if (dev) return mapTensors(batch, (t) => t.to(dev)) as B;
    if (this.pinMemory && cudaIsAvailable()) return mapTensors(batch, (t) => t.pinMemory()) as B;
    return batch as B;
  }

  private run(indices: Iterator<number[] | number>, workers: Generator[] | null): IterableIterator<B> {
    const plan = this.plan();
    if (plan.kind === "image") return this.runImages(plan, indices, workers);
    const worker = (k: number) => (workers ? workers[k % workers.length] : null);
    const auto = this.batchSampler !== null;
    // Not a generator: as PyTorch's _SingleProcessDataLoaderIter, a batch whose fetch throws is skipped
    // (its indices were taken) and the next call goes on with the next one.
    let k = 0;
    const fetch = (idx: number[] | number): B =>
      inWorker(worker(k++), () => {
        if (plan.kind === "tensor") {
          const it = tensor(idx as number[], { dtype: "int64" });
          const out = plan.ds.tensors.map((t) => t.indexSelect(0, t.device === "cpu" ? it : it.to(t.device)));
          it.dispose();
          return out as unknown as B;
        }
        // Without auto-batching the sampler's item goes to the data set as it is (a bulk-loading sampler's list).
        if (!auto) return (this.collateFn as unknown as (s: T) => B)(this.getItem(idx as number));
        return this.collateFn((idx as number[]).map((i) => this.getItem(i)));
      });
    let done = false;
    const iter: IterableIterator<B> = {
      next: (): IteratorResult<B> => {
        if (done) return { done: true, value: undefined };
        const r = indices.next();
        if (r.done) {
          done = true;
          return { done: true, value: undefined };
        }
        return { done: false, value: this.deliver(fetch(r.value)) };
      },
      [Symbol.iterator]: () => iter,
    };
    return iter;
  }

  private *runImages(
    plan: Extract<Plan, { kind: "image" }>,
    indices: Iterator<number[] | number>,
    workers: Generator[] | null,
  ): IterableIterator<B> {
    const worker = (k: number) => (workers ? workers[k % workers.length] : null);
    const f = plan.f;
    // Draws from the global generator must happen when PyTorch makes them, so those batches are not prefetched.
    const imageBytes = plan.ds.images.numel() / Math.max(1, plan.ds.images.size(0));
    const prefetch =
      (this.prefetch ?? (this.batchSize ?? Infinity) * imageBytes >= PREFETCH_MIN_BYTES) &&
      (f.highs.length === 0 || workers !== null);
    const submit = (idx: number[], k: number): LoaderJob | [number, number] => {
      const temps: Tensor[] = [];
      const o = this.batchOptions(f, idx.length, worker(k), plan.ds, temps);
      const it = tensor(idx, { dtype: "int64" });
      temps.push(it);
      // The native side keeps its own references to what it needs.
      try {
        const images = (this.images as Tensor).handle;
        const targets = (this.targets as Tensor).handle;
        return prefetch
          ? native.loaderPrefetch(images, targets, it.handle, o)
          : native.loaderBatch(images, targets, it.handle, o);
      } finally {
        for (const t of temps) t.dispose();
      }
    };
    const take = (j: LoaderJob | [number, number]): [number, number] =>
      Array.isArray(j) ? j : native.loaderTake(j as LoaderJob);
    let next: LoaderJob | [number, number] | null = null;
    try {
      for (let k = 0; ; k++) {
        let cur = next;
        next = null;
        if (cur === null) {
          const r = indices.next();
          if (r.done) return;
          cur = submit(r.value as number[], k);
        }
        const [x, y] = take(cur);
        const xy = [new Tensor(x), new Tensor(y)];
        if (prefetch) {
          // Batch k+1 is cut on the worker thread while batch k trains.
          try {
            const r = indices.next();
            if (!r.done) next = submit(r.value as number[], k + 1);
          } catch (e) {
            for (const t of xy) t.dispose(); // e.g. the data set was disposed under the loop
            throw e;
          }
        }
        let batch: unknown = xy;
        if (this.pinMemory && !this.device && cudaIsAvailable()) batch = this.deliver(batch);
        yield batch as B;
      }
    } finally {
      if (next) for (const h of take(next)) native.dispose(h);
    }
  }

  /** The native batch's options; draws this batch's random crops and flips as torchvision would, image by image. */
  private batchOptions(
    f: FusedTransform,
    n: number,
    worker: Generator | null,
    ds: ImageDataset,
    temps: Tensor[],
  ): LoaderBatchOptions {
    const o: LoaderBatchOptions = {
      mean: f.mean,
      std: f.std,
      device: this.device === "cpu" ? undefined : this.device,
      pad: f.pad,
      crop: f.crop,
    };
    if (f.crop.length === 0 && f.flipAt < 0) return o;
    const k = f.highs.length;
    let d: Float64Array = new Float64Array(0);
    if (k > 0) {
      const t = new Tensor(inWorker(worker, () => native.loaderDraws(n, f.highs)));
      d = t.toTypedArray() as Float64Array;
      t.dispose();
    }
    const paddedW = ds.images.size(2) + 2 * f.pad[1];
    const offsets = new BigInt64Array(2 * n);
    const flips = new Uint8Array(n);
    for (let b = 0; b < n; b++) {
      const flipped = f.flipAt >= 0 && d[b * k + f.flipAt] < f.flipP;
      flips[b] = flipped ? 1 : 0;
      if (f.cropAt >= 0) {
        let left = d[b * k + f.cropAt + 1];
        // A flip before the crop: the same pixels come from the mirrored offset, cropped first.
        if (f.flipFirst && flipped) left = paddedW - f.crop[1] - left;
        offsets[2 * b] = BigInt(d[b * k + f.cropAt]);
        offsets[2 * b + 1] = BigInt(left);
      }
    }
    if (f.crop.length > 0) {
      const t = tensor(offsets).view(n, 2);
      temps.push(t);
      o.offsets = t.handle;
    }
    if (f.flipAt >= 0) {
      const t = tensor(flips).to("bool");
      temps.push(t);
      o.flips = t.handle;
    }
    return o;
  }

  private *stream(it: Iterator<T>): IterableIterator<B> {
    if (this.batchSize === null) {
      for (;;) {
        const r = it.next();
        if (r.done) return;
        yield this.deliver((this.collateFn as unknown as (s: T) => B)(r.value));
      }
    }
    for (;;) {
      const batch: T[] = [];
      let ended = false;
      while (batch.length < this.batchSize) {
        const r = it.next();
        if (r.done) {
          ended = true;
          break;
        }
        batch.push(r.value);
      }
      if (batch.length === 0 || (this.dropLast && batch.length < this.batchSize)) return;
      yield this.deliver(this.collateFn(batch));
      if (ended) return;
    }
  }

  /** Frees the GPU copy of the data set, if one was made. */
  dispose(): void {
    const ds = this.dataset as unknown;
    if (ds instanceof ImageDataset && this.images && this.images !== ds.images) {
      this.images.dispose();
      this.targets?.dispose();
    }
  }
}
