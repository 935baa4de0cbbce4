// torch.distributions.Geometric, op for op as PyTorch 1.13's geometric.py.

import { noGrad } from "../autograd";
import { empty, zerosLike } from "../creation";
import { ValueError } from "../errors";
import { binaryCrossEntropyWithLogits } from "../nn/functional";
import type { Tensor } from "../tensor";
import { finfo } from "../type_info";
import { type ProbsOrLogits, probsOrLogitsArgs } from "./bernoulli";
import * as constraints from "./constraints";
import { Distribution } from "./distribution";
import { broadcastAll, logitsToProbs, probsToLogits, pyTuple, type TensorOrNumber } from "./utils";

/**
 * distributions.Geometric({ probs } | { logits }): the number of failures before the first success in
 * Bernoulli trials of success probability `probs`. `new Geometric(probs)` is the positional form.
 */
export class Geometric extends Distribution {
  constructor(o: ProbsOrLogits);
  constructor(probs: TensorOrNumber, o?: ProbsOrLogits | boolean | null);
  constructor(a: ProbsOrLogits | TensorOrNumber, b?: ProbsOrLogits | boolean | null) {
    super();
    const [probs, logits, validateArgs] = probsOrLogitsArgs(a, b);
    if ((probs === undefined || probs === null) === (logits === undefined || logits === null))
      throw new ValueError("Either `probs` or `logits` must be specified, but not both.");
    if (probs !== undefined && probs !== null) this._setOwn("probs", broadcastAll(probs)[0]);
    else this._setOwn("logits", broadcastAll(logits as TensorOrNumber)[0]);
    const probsOrLogits = (probs ?? logits) as TensorOrNumber;
    const batchShape = typeof probsOrLogits === "number" ? [] : probsOrLogits.shape;
    this._init(batchShape, [], validateArgs);
    if (this._validateArgs && probs !== undefined && probs !== null) {
      const value = this.probs;
      const valid = value.gt(0);
      if (!valid.all().item()) {
        const invalidValue = value.detach().index(valid.bitwiseNot());
        throw new ValueError(
          "Expected parameter probs " +
            `(${value.constructor.name} of shape ${pyTuple(value.shape)}) ` +
            `of distribution ${this} ` +
            `to be positive but found invalid values:\n${invalidValue}`,
        );
      }
    }
  }
  protected override _isLazy(name: string): boolean {
    return name === "probs" || name === "logits";
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { probs: constraints.unitInterval, logits: constraints.real };
  }
  override get support(): constraints.Constraint {
    return constraints.nonnegativeInteger;
  }
  override expand(batchShape: number[], _instance?: Geometric): Geometric {
    const n = this._checkedInstance(_instance);
    if (Object.hasOwn(this, "probs")) n._setOwn("probs", this.probs.expand(batchShape));
    if (Object.hasOwn(this, "logits")) n._setOwn("logits", this.logits.expand(batchShape));
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  override get mean(): Tensor {
    return this.probs.reciprocal().mul(1.0).sub(1.0);
  }
  override get mode(): Tensor {
    return zerosLike(this.probs);
  }
  override get variance(): Tensor {
    return this.probs.reciprocal().mul(1.0).sub(1.0).div(this.probs);
  }
  /** The log-odds (computed from probs on first use when probs were given). */
  get logits(): Tensor {
    return this._lazy("logits", () => probsToLogits(this.probs, true));
  }
  /** The success probability (computed from logits on first use when logits were given). */
  get probs(): Tensor {
    return this._lazy("probs", () => logitsToProbs(this.logits, true));
  }
  /** `floor(log(u) / log1p(-probs))` with `u` uniform on [tiny, 1). */
  override sample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const tiny = finfo(this.probs.dtype).tiny;
    return noGrad(() => {
      const u = empty(shape, { dtype: this.probs.dtype, device: this.probs.device }).uniform_(tiny, 1);
      return u.log().div(this.probs.neg().log1p()).floor();
    });
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const [v, p] = broadcastAll(value, this.probs);
    const probs = p.clone();
    probs.indexPut_([probs.eq(1).bitwiseAnd(v.eq(0))], 0);
    return v.mul(probs.neg().log1p()).add(this.probs.log());
  }
  override entropy(): Tensor {
    return binaryCrossEntropyWithLogits(this.logits, this.probs, { reduction: "none" }).div(this.probs);
  }
}
