// DataLoader over an ImageDataset: each batch is cut, transformed and moved in one native call.

import { checkDevice, type Device, type DeviceLike } from "../device";
import { SCALAR_TYPE } from "../dtype";
import { keep } from "../memory";
import { type Handle, type LoaderBatchOptions, type LoaderJob, native } from "../native";
import { Generator } from "../random";
import { Tensor } from "../tensor";
import { checkInt } from "../utils/check";
import { ImageDataset } from "./dataset";
import { type FusedTransform, fuse } from "./transforms";

export interface DataLoaderOptions {
  batchSize?: number;
  shuffle?: boolean;
  generator?: Generator;
  seed?: number;
  dropLast?: boolean;
  /** Where batches are delivered; with "cuda" the whole uint8 data set moves to the GPU once and batches are cut there. */
  device?: DeviceLike;
  /** Cut the next batch on a worker thread while the current one trains (default true). */
  prefetch?: boolean;
}

export class DataLoader implements Iterable<[Tensor, Tensor]> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly device: Device | undefined;
  readonly prefetch: boolean;
  /** The caller's generator (or one from `seed`); null: a fresh one per epoch, seeded from the global generator. */
  private readonly generator: Generator | null;
  private readonly fused: FusedTransform;
  private images: Tensor;
  private targets: Tensor;

  constructor(
    readonly dataset: ImageDataset,
    o: DataLoaderOptions = {},
  ) {
    if (!(dataset instanceof ImageDataset))
      throw new TypeError("DataLoader takes an ImageDataset (ImageFolder, CIFAR10, ...)");
    this.batchSize = checkInt(o.batchSize ?? 1, "batchSize");
    if (this.batchSize <= 0)
      throw new Error(`batch_size should be a positive integer value, but got batch_size=${this.batchSize}`);
    this.shuffle = o.shuffle ?? false;
    this.dropLast = o.dropLast ?? false;
    this.device = o.device === undefined ? undefined : checkDevice(o.device);
    // As PyTorch: building a loader draws nothing from the global generator; iteration does.
    this.generator = o.generator ?? (o.seed === undefined ? null : new Generator(o.seed));
    this.prefetch = o.prefetch ?? true;
    this.fused = fuse(dataset.transform);
    this.images = dataset.images;
    this.targets = dataset.targets;
    if (this.device && this.device !== "cpu") {
      this.images = keep(dataset.images.to(this.device));
      this.targets = keep(dataset.targets.to(this.device));
    }
  }

  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<[Tensor, Tensor]> {
    const n = this.dataset.length;
    const f = this.fused;
    // PyTorch's _BaseDataLoaderIter draws its _base_seed from the global generator on every iteration;
    // RandomSampler without a generator then draws the seed of a fresh one.
    native.generatorRandomSeed();
    const needsGenerator = this.shuffle || f.flipP > 0 || f.cropPad > 0;
    const generator = this.generator ?? (needsGenerator ? new Generator(native.generatorRandomSeed()) : null);
    const order = new Tensor(
      this.shuffle && generator
        ? native.epochPermutation(generator.ext, n)
        : native.arange({ start: 0, end: n, step: 1, dtype: SCALAR_TYPE.int64 }),
    );
    const dev = this.device === "cpu" ? undefined : this.device;
    const o: LoaderBatchOptions = {
      mean: f.mean,
      std: f.std,
      device: dev,
      flipP: f.flipP,
      cropPad: f.cropPad,
      generator: (generator ?? new Generator(0)).ext,
    };
    type BatchFn<T> = (images: Handle, labels: Handle, indices: Handle, o: LoaderBatchOptions) => T;
    // Calls a native batch function for batch b; the native side keeps its own reference to the indices.
    const call = <T>(fn: BatchFn<T>, b: number): T => {
      const idx = order.narrow(0, b * this.batchSize, Math.min(this.batchSize, n - b * this.batchSize));
      try {
        return fn(this.images.handle, this.targets.handle, idx.handle, o);
      } finally {
        idx.dispose();
      }
    };
    let next: LoaderJob | null = null;
    try {
      for (let b = 0; b < this.length; b++) {
        let x: Handle, y: Handle;
        if (!this.prefetch) [x, y] = call(native.loaderBatch, b);
        else {
          // Batch b was started while batch b-1 trained; once it is done, start b+1 (one job at a
          // time keeps the random transforms' generator in order) and hand b out.
          [x, y] = native.loaderTake(next ?? call(native.loaderPrefetch, b));
          next = b + 1 < this.length ? call(native.loaderPrefetch, b + 1) : null;
        }
        yield [new Tensor(x), new Tensor(y)];
      }
    } finally {
      if (next) for (const h of native.loaderTake(next)) native.dispose(h);
      order.dispose();
    }
  }

  /** Frees the GPU copy of the data set, if one was made. */
  dispose(): void {
    if (this.images !== this.dataset.images) {
      this.images.dispose();
      this.targets.dispose();
    }
  }
}
