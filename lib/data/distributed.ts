// torch.utils.data.DistributedSampler: each of `numReplicas` processes gets its share of a data set's
// indices, shuffled per epoch with seed + epoch, padded or cut to divide evenly — PyTorch's indices.
import { arange, cat } from "../creation";
import * as distributed from "../distributed";
import { ValueError } from "../errors";
import { native } from "../native";
import { Generator } from "../random";
import { Tensor } from "../tensor";
import { checkInt } from "../utils/check";

export interface DistributedSamplerOptions {
  numReplicas?: number;
  rank?: number;
  shuffle?: boolean;
  seed?: number;
  dropLast?: boolean;
}

export class DistributedSampler implements Iterable<number> {
  readonly numReplicas: number;
  readonly rank: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  readonly numSamples: number;
  readonly totalSize: number;
  epoch = 0;

  constructor(
    readonly dataset: { length: number },
    o: DistributedSamplerOptions = {},
  ) {
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
    const n = dataset.length;
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

  get length(): number {
    return this.numSamples;
  }

  /** This rank's indices for the current epoch, as an int64 tensor. */
  indices(): Tensor {
    const n = this.dataset.length;
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
