// torch.utils.data.DistributedSampler: each of `numReplicas` processes gets its share of a data set's
// indices, shuffled per epoch with seed + epoch, padded or cut to divide evenly — PyTorch's indices.
import { arange, cat } from "../creation";
import * as distributed from "../distributed";
import { ValueError } from "../errors";
import { native } from "../native";
import { Generator } from "../random";
import { Tensor } from "../tensor";
import { checkInt } from "../utils/check";
import { checkKwargs } from "../utils/kwargs";

/** len(dataset): a tensor's size in dimension 0, else its `length`. */
function rows(dataset: { length: number } | Tensor): number {
  return dataset instanceof Tensor ? dataset.size(0) : dataset.length;
}

/** Options of {@link DistributedSampler}; other keys are TypeErrors. */
export interface DistributedSamplerOptions {
  /** The number of processes sharing the data (default: the world size). */
  numReplicas?: number;
  /** This process's share (default: its rank). */
  rank?: number;
  /** Shuffle the indices, differently each epoch (default true). */
  shuffle?: boolean;
  /** The shuffling seed, the same on every rank (default 0). */
  seed?: number;
  /** Drop the tail so every rank gets the same count, instead of padding with repeated indices (default false). */
  dropLast?: boolean;
}

/**
 * torch.utils.data.DistributedSampler: gives each process of a distributed job its own share of a dataset.
 *
 * Every rank draws the same permutation (seeded by `seed + epoch`) and takes every `numReplicas`-th index
 * from its `rank`. Call {@link DistributedSampler.setEpoch} before each epoch to reshuffle.
 *
 * @param dataset - anything with a `length`, or a tensor (a data set of its rows, as in PyTorch).
 * @param o - {@link DistributedSamplerOptions}.
 */
export class DistributedSampler implements Iterable<number> {
  /** The number of processes sharing the data. */
  readonly numReplicas: number;
  /** This process's share. */
  readonly rank: number;
  /** Whether the indices are shuffled. */
  readonly shuffle: boolean;
  /** The shuffling seed. */
  readonly seed: number;
  /** Whether the tail is dropped. */
  readonly dropLast: boolean;
  /** Indices per rank. */
  readonly numSamples: number;
  /** Indices over all ranks (`numSamples * numReplicas`). */
  readonly totalSize: number;
  /** The epoch that seeds the shuffle; set with {@link DistributedSampler.setEpoch}. */
  epoch = 0;

  constructor(
    readonly dataset: { length: number } | Tensor,
    o: DistributedSamplerOptions = {},
  ) {
    checkKwargs(o, ["numReplicas", "rank", "shuffle", "seed", "dropLast"], "DistributedSampler.__init__");
    this.numReplicas = o.numReplicas ?? distributed.getWorldSize();
    this.rank = o.rank ?? distributed.getRank();
    checkInt(this.numReplicas, "numReplicas");
    checkInt(this.rank, "rank");
    if (this.rank >= this.numReplicas || this.rank < 0) {
      throw new ValueError(`Invalid rank ${this.rank}, rank should be in the interval [0, ${this.numReplicas - 1}]`);
    }
    this.shuffle = o.shuffle ?? true;
    this.seed = checkInt(o.seed ?? 0, "seed");
    this.dropLast = o.dropLast ?? false;
    const n = rows(dataset);
    this.numSamples =
      this.dropLast && n % this.numReplicas !== 0
        ? Math.ceil((n - this.numReplicas) / this.numReplicas) + 0 // + 0: Python's int, never -0
        : Math.ceil(n / this.numReplicas);
    this.totalSize = this.numSamples * this.numReplicas;
  }

  /** set_epoch: a different shuffle for every epoch, the same on every rank. */
  setEpoch(epoch: number): void {
    this.epoch = checkInt(epoch, "epoch");
  }

  /** The number of indices this rank yields. */
  get length(): number {
    return this.numSamples;
  }

  /** This rank's indices for the current epoch, as an int64 tensor. */
  indices(): Tensor {
    const n = rows(this.dataset);
    let all = this.shuffle
      ? new Tensor(native.generatorRandperm(new Generator(this.seed + this.epoch).ext, n))
      : arange(0, n, 1, { dtype: "int64" });
    if (!this.dropLast) {
      const pad = this.totalSize - n;
      if (pad > 0) all = cat([all, cat(Array<Tensor>(Math.ceil(pad / n)).fill(all)).index(`:${pad}`)]);
    } else {
      all = all.index(`:${this.totalSize}`);
    }
    return all.index(`${this.rank}:${this.totalSize}:${this.numReplicas}`);
  }

  *[Symbol.iterator](): Iterator<number> {
    for (const i of this.indices().tolist() as number[]) yield i;
  }
}
