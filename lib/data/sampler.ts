// torch.utils.data.sampler: index orders drawn exactly as PyTorch draws them, and as lazily (a
// sampler draws when iteration reaches the draw, so the generators' states match PyTorch's too).
import { multinomial, tensor } from "../creation";
import { ValueError } from "../errors";
import { type GeneratorRef, type Handle, native } from "../native";
import { Generator } from "../random";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";

/** torch.utils.data.Sampler: an iterable of indices (or of index lists), usually with a length. */
export abstract class Sampler<T = number> implements Iterable<T> {
  abstract [Symbol.iterator](): Iterator<T>;
}

function numbers(h: Handle): number[] {
  const t = new Tensor(h);
  const out = Array.from(t.toTypedArray() as BigInt64Array, Number);
  t.dispose();
  return out;
}

/** A fresh generator seeded from the global one: what RandomSampler makes when given none. */
export function generatorFromGlobal(): Generator {
  const g = new Generator(0);
  native.generatorSeed(g.ext, native.generatorDraw(null));
  return g;
}

/** 0, 1, ..., length - 1. */
export class SequentialSampler extends Sampler<number> {
  constructor(readonly dataSource: { readonly length: number }) {
    super();
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
  /** The dataset's length. */
  get length(): number {
    return this.dataSource.length;
  }
}

/** Options of {@link RandomSampler}; other keys are TypeErrors. */
export interface RandomSamplerOptions {
  /** Draw with replacement (default false). */
  replacement?: boolean;
  /** How many indices to draw (default: the dataset's length). */
  numSamples?: number | null;
  /** The generator to draw from (default: a fresh one seeded from the global generator each pass). */
  generator?: Generator | null;
}

/**
 * Random order: torch.randperm(n, generator) (repeated for numSamples > n), or with replacement
 * torch.randint(n, (32,)) chunks. Without a generator, each iteration seeds a fresh one from the global
 * generator when it starts, as PyTorch does.
 */
export class RandomSampler extends Sampler<number> {
  /** Whether indices are drawn with replacement. */
  readonly replacement: boolean;
  /** The generator drawn from, or null. */
  readonly generator: Generator | null;
  private readonly _numSamples: number | null;
  constructor(
    readonly dataSource: { readonly length: number },
    o: RandomSamplerOptions = {},
  ) {
    super();
    checkKwargs(o, ["replacement", "numSamples", "generator"]);
    this.replacement = o.replacement ?? false;
    this._numSamples = o.numSamples ?? null;
    this.generator = o.generator ?? null;
    if (typeof this.replacement !== "boolean")
      throw new TypeError(`replacement should be a boolean value, but got replacement=${this.replacement}`);
    const n = this.numSamples;
    if (!Number.isInteger(n) || n <= 0)
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${n}`);
  }
  /** How many indices a pass yields. */
  get numSamples(): number {
    return this._numSamples ?? this.dataSource.length;
  }
  *[Symbol.iterator](): Iterator<number> {
    const n = this.dataSource.length;
    const g: GeneratorRef = (this.generator ?? generatorFromGlobal()).ext;
    const m = this.numSamples;
    if (this.replacement) {
      for (let k = 0; k < Math.floor(m / 32); k++) yield* numbers(native.generatorRandint(g, n, 32));
      yield* numbers(native.generatorRandint(g, n, m % 32));
    } else {
      for (let k = 0; k < Math.floor(m / n); k++) yield* numbers(native.generatorRandperm(g, n));
      yield* numbers(native.generatorRandperm(g, n)).slice(0, m % n);
    }
  }
  /** How many indices a pass yields. */
  get length(): number {
    return this.numSamples;
  }
}

/** The given indices in a random order (torch.randperm with the generator, else the global one). */
export class SubsetRandomSampler extends Sampler<number> {
  /** The indices to permute. */
  readonly indices: number[];
  constructor(
    indices: readonly number[],
    readonly generator: Generator | null = null,
  ) {
    super();
    this.indices = [...indices];
  }
  *[Symbol.iterator](): Iterator<number> {
    for (const i of numbers(native.generatorRandperm(this.generator?.ext ?? null, this.indices.length)))
      yield this.indices[i];
  }
  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }
}

/**
 * Indices 0..weights.length-1 drawn with the given (unnormalized) weights: torch.multinomial(weights,
 * numSamples, replacement, generator), as PyTorch draws them.
 */
export class WeightedRandomSampler extends Sampler<number> {
  /** The weights, as a float64 tensor. */
  readonly weights: Tensor;
  constructor(
    weights: readonly number[] | Tensor,
    readonly numSamples: number,
    readonly replacement = true,
    readonly generator: Generator | null = null,
  ) {
    super();
    if (!Number.isInteger(numSamples) || numSamples <= 0)
      throw new ValueError(`num_samples should be a positive integer value, but got num_samples=${numSamples}`);
    if (typeof replacement !== "boolean")
      throw new ValueError(`replacement should be a boolean value, but got replacement=${replacement}`);
    const w = weights instanceof Tensor ? weights.to("float64") : tensor(weights as number[], { dtype: "float64" });
    if (w.dim() !== 1)
      throw new ValueError(`weights should be a 1d sequence but given weights have shape (${w.shape.join(", ")})`);
    this.weights = w;
  }
  *[Symbol.iterator](): Iterator<number> {
    const drawn = multinomial(this.weights, this.numSamples, this.replacement, { generator: this.generator });
    yield* Array.from(drawn.toTypedArray() as BigInt64Array, Number);
  }
  /** How many indices a pass yields. */
  get length(): number {
    return this.numSamples;
  }
}

/** Groups a sampler's indices into lists of batchSize (the last one shorter unless dropLast). */
export class BatchSampler extends Sampler<number[]> {
  constructor(
    readonly sampler: Iterable<number> & { readonly length?: number },
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    super();
    if (typeof batchSize !== "number" || !Number.isInteger(batchSize) || batchSize <= 0)
      throw new ValueError(`batch_size should be a positive integer value, but got batch_size=${batchSize}`);
    if (typeof dropLast !== "boolean")
      throw new ValueError(`drop_last should be a boolean value, but got drop_last=${dropLast}`);
  }
  *[Symbol.iterator](): Iterator<number[]> {
    // Both branches ask the sampler for no index beyond what a batch needs, as PyTorch's do.
    if (this.dropLast) {
      const it = this.sampler[Symbol.iterator]();
      for (;;) {
        const batch: number[] = [];
        while (batch.length < this.batchSize) {
          const r = it.next();
          if (r.done) return;
          batch.push(r.value);
        }
        yield batch;
      }
    }
    let batch: number[] = [];
    for (const idx of this.sampler) {
      batch.push(idx);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }
  /** The number of batches. */
  get length(): number {
    const n = this.sampler.length;
    if (n === undefined) throw new TypeError("object of type 'sampler' has no len()");
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }
}
