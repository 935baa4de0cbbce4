// torch.quasirandom.SobolEngine: Sobol' low-discrepancy sequences, drawn by libtorch's _sobol_engine_*
// kernels with the state, scrambling and bookkeeping of torch/quasirandom.py.
import { callAten } from "./aten";
import { arange, cat, randint, zeros } from "./creation";
import { checkDtype, type DTypeLike } from "./dtype";
import { ValueError } from "./errors";
import { Generator } from "./random";
import type { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";

/** Keyword arguments of {@link SobolEngine.draw} and {@link SobolEngine.drawBase2}. */
export interface SobolDrawOptions {
  /** Write the points into this tensor (resized). */
  out?: Tensor | null;
  /** The dtype of the points (default float32). */
  dtype?: DTypeLike;
}

/**
 * torch.quasirandom.SobolEngine(dimension, scramble = false, seed = null): a generator of Sobol' points in
 * [0, 1)^dimension (up to 21201 dimensions), optionally scrambled (Owen, with the seed's draws).
 *
 * @example
 * ```ts
 * const sobol = new torch.quasirandom.SobolEngine(5);
 * sobol.draw(3); // 3 x 5 points, the same as PyTorch's
 * ```
 */
export class SobolEngine {
  static readonly MAXBIT = 30;
  static readonly MAXDIM = 21201;
  readonly dimension: number;
  readonly scramble: boolean;
  readonly seed: number | null;
  /** How many points have been drawn so far. */
  numGenerated = 0;
  private readonly sobolstate: Tensor;
  private shift!: Tensor;
  private quasi: Tensor;
  private readonly firstPoint: Tensor;

  constructor(dimension: number, scramble = false, seed: number | null = null) {
    if (dimension > SobolEngine.MAXDIM || dimension < 1)
      throw new ValueError(`Supported range of dimensionality for SobolEngine is [1, ${SobolEngine.MAXDIM}]`);
    this.seed = seed;
    this.scramble = scramble;
    this.dimension = dimension;
    this.sobolstate = zeros([dimension, SobolEngine.MAXBIT], { dtype: "int64" });
    callAten("_sobol_engine_initialize_state_", "_sobol_engine_initialize_state_", undefined, [
      this.sobolstate,
      dimension,
    ]);
    if (!scramble) this.shift = zeros([dimension], { dtype: "int64" });
    else this.scrambleState();
    this.quasi = this.shift.clone();
    this.firstPoint = this.quasi.div(2 ** SobolEngine.MAXBIT).reshape([1, -1]);
  }

  /** The next `n` points as an n x dimension tensor. */
  draw(n = 1, o: SobolDrawOptions = {}): Tensor {
    checkKwargs(o, ["out", "dtype"], "draw");
    const dtype = o.dtype === undefined ? "float32" : checkDtype(o.dtype);
    const step = (count: number, offset: number): Tensor => {
      const [points, quasi] = callAten("_sobol_engine_draw", "_sobol_engine_draw", undefined, [
        this.quasi,
        count,
        this.sobolstate,
        this.dimension,
        offset,
        { dtype },
      ]) as [Tensor, Tensor];
      this.quasi = quasi;
      return points;
    };
    let result: Tensor;
    if (this.numGenerated === 0) {
      result = n === 1 ? this.firstPoint.to(dtype) : cat([this.firstPoint, step(n - 1, 0)], -2);
    } else {
      result = step(n, this.numGenerated - 1);
    }
    this.numGenerated += n;
    if (o.out != null) {
      o.out.resize_(result.shape).copy_(result);
      return o.out;
    }
    return result;
  }

  /** draw(2 ** m): keeps the balance of the points, so numGenerated + 2 ** m must be a power of 2. */
  drawBase2(m: number, o: SobolDrawOptions = {}): Tensor {
    const n = 2 ** m;
    const total = this.numGenerated + n;
    if ((total & (total - 1)) !== 0) {
      throw new ValueError(
        `The balance properties of Sobol' points require n to be a power of 2. ${this.numGenerated} points have ` +
          `been previously generated, then: n=${this.numGenerated}+2**${m}=${total}. If you still want to do ` +
          "this, please use 'SobolEngine.draw()' instead.",
      );
    }
    return this.draw(n, o);
  }

  /** Back to the first point. */
  reset(): this {
    this.quasi.copy_(this.shift);
    this.numGenerated = 0;
    return this;
  }

  /** Skips the next `n` points. */
  fastForward(n: number): this {
    const offset = this.numGenerated === 0 ? 0 : this.numGenerated - 1;
    const count = this.numGenerated === 0 ? n - 1 : n;
    callAten("_sobol_engine_ff_", "_sobol_engine_ff_", undefined, [
      this.quasi,
      count,
      this.sobolstate,
      this.dimension,
      offset,
    ]);
    this.numGenerated += n;
    return this;
  }

  // Random digital shift and lower-triangular scrambling matrices, from a generator seeded with `seed`
  // (or the global one), as PyTorch's _scramble draws them.
  private scrambleState(): void {
    let generator: Generator | undefined;
    if (this.seed !== null) {
      generator = new Generator();
      generator.manualSeed(this.seed);
    }
    const bits = SobolEngine.MAXBIT;
    const shiftInts = randint(0, 2, [this.dimension, bits], generator ? { generator } : {});
    const powers = callAten("pow", "pow", undefined, [2, arange(0, bits)]) as Tensor;
    this.shift = shiftInts.mv(powers);
    const ltm = randint(0, 2, [this.dimension, bits, bits], generator ? { generator } : {}).tril();
    callAten("_sobol_engine_scramble_", "_sobol_engine_scramble_", undefined, [this.sobolstate, ltm, this.dimension]);
  }

  /** `SobolEngine(dimension=5, scramble=True, seed=3)`, as Python prints it. */
  toString(): string {
    const parts = [`dimension=${this.dimension}`];
    if (this.scramble) parts.push("scramble=True");
    if (this.seed !== null) parts.push(`seed=${this.seed}`);
    return `SobolEngine(${parts.join(", ")})`;
  }
}
