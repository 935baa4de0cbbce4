// torch.utils.data.dataset: Dataset, IterableDataset, TensorDataset, Subset, ConcatDataset,
// ChainDataset, random_split; and ImageDataset, the uint8 [N, H, W, C] image set the DataLoader
// batches natively.
import { tensor } from "../creation";
import { IndexError, ValueError } from "../errors";
import type { Slice } from "../indexing";
import { keep } from "../memory";
import { native } from "../native";
import { Generator } from "../random";
import { Tensor } from "../tensor";
import { applyTransform, type Transform } from "./transforms";

/** A map-style data set: what the DataLoader, Subset and randomSplit accept (any object with these two). */
export interface MapDataset<T> {
  /** The sample at `index` (0..length-1); PyTorch's `__getitem__`. */
  get(index: number): T;
  /** The number of samples; PyTorch's `__len__`. */
  readonly length: number;
}

/** A map-style data set or an array: what Subset, ConcatDataset and randomSplit index (Python lists are data sets). */
export type Indexable<T> = MapDataset<T> | readonly T[];

/** `d[i]`: an array's element (IndexError past its end, as a Python list's), else `d.get(i)`. */
function itemAt<T>(d: Indexable<T>, i: number): T {
  if (!Array.isArray(d)) return (d as MapDataset<T>).get(i);
  const j = i < 0 ? d.length + i : i;
  if (!Number.isInteger(j) || j < 0 || j >= d.length) throw new IndexError("list index out of range");
  return (d as readonly T[])[j];
}

/** Python's AssertionError (the `assert`s of torch/utils/data/dataset.py). */
function assertionError(message: string): Error {
  return Object.assign(new Error(message), { name: "AssertionError" });
}

/** torch.utils.data.Dataset: subclass it and define `get(index)` (Python's __getitem__) and `length`. */
export abstract class Dataset<T> implements MapDataset<T>, Iterable<T> {
  /** The sample at `index`; PyTorch's `__getitem__`. */
  abstract get(index: number): T;
  /** The number of samples; PyTorch's `__len__`. */
  abstract get length(): number;
  /** Python's `a + b`: a ConcatDataset of the two. */
  add<U>(other: Indexable<U>): ConcatDataset<T | U> {
    return new ConcatDataset<T | U>([this, other]);
  }
  /** Python's `for x in dataset` / `list(dataset)`: get(0), get(1), ... up to the length. */
  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }
}

/** torch.utils.data.IterableDataset: a stream of samples; define `[Symbol.iterator]`. */
export abstract class IterableDataset<T> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
  /** Python's `a + b`: a ChainDataset of the two. */
  add<U>(other: IterableDataset<U>): ChainDataset<T | U> {
    return new ChainDataset<T | U>([this, other]);
  }
}

type Tensors<T extends Tensor[]> = { [K in keyof T]: Tensor };

/** Samples are the tensors' rows at one index: `new TensorDataset(x, y).get(i)` is `[x[i], y[i]]`. */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<Tensors<T>> {
  /** The tensors, all with the same size in dimension 0. */
  readonly tensors: T;
  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new IndexError("tuple index out of range");
    for (const t of tensors) if (!(t instanceof Tensor)) throw new TypeError("TensorDataset takes tensors");
    if (!tensors.every((t) => t.size(0) === tensors[0].size(0))) throw assertionError("Size mismatch between tensors");
    this.tensors = tensors;
  }
  /**
   * The `index`-th row of every tensor; with a list of indices, those rows of each (Python's `t[[i, j]]`); with a
   * slice (`torch.slice(a, b)`, Python's `ds[a:b]`), a view of those rows of each (`tuple(t[a:b] for t in tensors)`).
   */
  get(index: number | readonly number[] | Slice): Tensors<T> {
    if (Array.isArray(index)) return this.tensors.map((t) => t.index([...index])) as Tensors<T>;
    if (typeof index === "object") return this.tensors.map((t) => t.index(index)) as Tensors<T>;
    return this.tensors.map((t) => t.select(0, index as number)) as Tensors<T>;
  }
  /** The size of dimension 0. */
  get length(): number {
    return this.tensors[0].size(0);
  }
}

/** The samples of `dataset` (a map-style data set or an array) at `indices`, in that order. */
export class Subset<T> extends Dataset<T> {
  /** The indices into the parent dataset. */
  readonly indices: number[];
  constructor(
    readonly dataset: Indexable<T>,
    indices: readonly number[],
  ) {
    super();
    this.indices = [...indices];
  }
  /**
   * The parent's sample at `indices[index]`. A list of indices is mapped and handed to the parent in one
   * call, as 1.13's `Subset.__getitem__` does (`dataset[[indices[i] for i in idx]]`): a TensorDataset
   * returns those rows; a plain array, like a Python list, takes no list index.
   */
  get(index: number | readonly number[]): T {
    const at = (k: number) => {
      const i = this.indices[k < 0 ? this.indices.length + k : k];
      if (i === undefined) throw new IndexError("list index out of range");
      return i;
    };
    if (Array.isArray(index)) {
      const mapped = index.map(at);
      if (Array.isArray(this.dataset)) throw new TypeError("list indices must be integers or slices, not list");
      return (this.dataset as unknown as { get(i: number[]): T }).get(mapped);
    }
    return itemAt(this.dataset, at(index as number));
  }
  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }
}

/** Data sets (map-style data sets or arrays) one after the other. */
export class ConcatDataset<T> extends Dataset<T> {
  /** The concatenated datasets. */
  readonly datasets: Indexable<T>[];
  /** The running totals of the datasets' lengths. */
  readonly cumulativeSizes: number[];
  constructor(datasets: Iterable<Indexable<T>>) {
    super();
    this.datasets = [...datasets];
    if (this.datasets.length === 0) throw assertionError("datasets should not be an empty iterable");
    for (const d of this.datasets)
      if (d instanceof IterableDataset) throw assertionError("ConcatDataset does not support IterableDataset");
    let s = 0;
    this.cumulativeSizes = this.datasets.map((d) => (s += d.length));
  }
  /** The total number of samples. */
  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1];
  }
  /** The sample at `index` across the datasets (negative counts from the end). */
  get(index: number): T {
    let idx = index;
    if (idx < 0) {
      if (-idx > this.length) throw new ValueError("absolute value of index should not exceed dataset length");
      idx = this.length + idx;
    }
    // bisect_right
    let lo = 0;
    let hi = this.cumulativeSizes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (idx < this.cumulativeSizes[mid]) hi = mid;
      else lo = mid + 1;
    }
    if (lo >= this.datasets.length) throw new IndexError("list index out of range");
    return itemAt(this.datasets[lo], lo === 0 ? idx : idx - this.cumulativeSizes[lo - 1]);
  }
}

/** Iterable data sets one after the other. */
export class ChainDataset<T> extends IterableDataset<T> {
  constructor(readonly datasets: Iterable<Iterable<T>>) {
    super();
  }
  *[Symbol.iterator](): Iterator<T> {
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw assertionError("ChainDataset only supports IterableDataset");
      yield* d;
    }
  }
  /** Python's `len(chain)`: the sum of the datasets' lengths (a TypeError for one without a length). */
  get length(): number {
    let total = 0;
    for (const d of this.datasets) {
      if (!(d instanceof IterableDataset)) throw assertionError("ChainDataset only supports IterableDataset");
      const n = (d as { length?: unknown }).length;
      if (typeof n !== "number") throw new TypeError(`object of type '${d.constructor.name}' has no len()`);
      total += n;
    }
    return total;
  }
}

function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(1e-9 * Math.max(Math.abs(a), Math.abs(b)), 0);
}

/**
 * random_split: lengths, or fractions summing to 1 (floor(n * f) each, the remainder handed out one
 * by one from the first split), then torch.randperm(n, generator) cut in order — PyTorch's indices
 * for the same generator state. Without a generator, the global one draws (torch.manualSeed seeds it).
 */
export function randomSplit<T>(
  dataset: Indexable<T>,
  lengths: readonly number[],
  generator?: Generator | null,
): Subset<T>[] {
  let lens = [...lengths];
  const n = dataset.length;
  const total = lens.reduce((a, b) => a + b, 0);
  if (isClose(total, 1) && total <= 1) {
    const sub = lens.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new ValueError(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    const remainder = n - sub.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sub[i % sub.length] += 1;
    lens = sub;
    lens.forEach((l, i) => {
      if (l === 0) process.emitWarning(`Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  const sum = lens.reduce((a, b) => a + b, 0);
  if (sum !== n) throw new ValueError("Sum of input lengths does not equal the length of the input dataset!");
  for (const l of lens)
    if (!Number.isInteger(l)) throw new TypeError("lengths must be integers or fractions summing to 1");
  const perm = new Tensor(native.generatorRandperm(generator ? generator.ext : null, sum));
  const indices = Array.from(perm.toTypedArray() as BigInt64Array, Number);
  perm.dispose();
  let offset = 0;
  return lens.map((l) => {
    offset += l;
    return new Subset(dataset, indices.slice(offset - l, offset));
  });
}

/** Image data sets held as one uint8 tensor [N, H, W, C] plus int64 labels, so batches are cut natively. */
export class ImageDataset extends Dataset<[Tensor, number]> {
  /** All images, uint8 `[N, H, W, C]`. */
  readonly images: Tensor;
  /** All labels, int64 `[N]`. */
  readonly targets: Tensor;
  constructor(
    images: Tensor,
    targets: Tensor,
    readonly classes: string[],
    public transform?: Transform,
  ) {
    super();
    const s = images.shape;
    if (s.length !== 4) throw new Error(`images must be [N, H, W, C] uint8, got shape [${s.join(", ")}]`);
    if (images.dtype !== "uint8") throw new Error(`images must be uint8, got ${images.dtype}`);
    if (targets.shape[0] !== s[0]) throw new Error("images and targets differ in length");
    this.images = keep(images);
    this.targets = keep(targets);
  }
  /** The number of images. */
  get length(): number {
    return this.images.shape[0];
  }
  /** Class name to label, as torchvision's `class_to_idx`. */
  get classToIdx(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** One sample, transformed: [image, label]; without a transform the image is a uint8 [H, W, C] copy. */
  get(i: number): [Tensor, number] {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new RangeError(`index ${i} is out of range`);
    // A copy of one image, as torchvision's loader gives a new PIL image per sample.
    const [h, y] = native.datasetImage(this.images.handle, this.targets.handle, i);
    const img = new Tensor(h);
    if (!this.transform) return [img, y];
    const x = applyTransform(this.transform, img);
    if (x !== img) img.dispose();
    return [x, y];
  }

  /**
   * A seeded random subset of `n` images with the classes in equal shares (as far as they go), in
   * the data set's order: what a quick run should train on (the first n of an ImageFolder are all
   * one class).
   */
  stratifiedSubset(n: number, seed: number): ImageDataset {
    const total = this.length;
    const perm = new Tensor(native.epochPermutation(new Generator(seed).ext, total));
    const order = Array.from(perm.toTypedArray() as BigInt64Array, Number);
    const labels = Array.from(this.targets.toTypedArray() as BigInt64Array, Number);
    const classes = Math.max(1, this.classes.length);
    const share = Math.ceil(Math.min(n, total) / classes);
    const taken = new Map<number, number>();
    const chosen: number[] = [];
    for (const i of order) {
      if (chosen.length >= Math.min(n, total)) break;
      const c = labels[i]!;
      if ((taken.get(c) ?? 0) >= share) continue;
      taken.set(c, (taken.get(c) ?? 0) + 1);
      chosen.push(i);
    }
    chosen.sort((a, b) => a - b);
    const index = tensor(chosen, { dtype: "int64" });
    return new ImageDataset(
      this.images.indexSelect(0, index),
      this.targets.indexSelect(0, index),
      this.classes,
      this.transform,
    );
  }

  /** The first n samples (a view; no copy). */
  subset(n: number): ImageDataset {
    const m = Math.min(n, this.length);
    return new ImageDataset(this.images.narrow(0, 0, m), this.targets.narrow(0, 0, m), this.classes, this.transform);
  }
}
