// torch.distributions.FisherSnedecor, op for op as PyTorch 1.13's fishersnedecor.py.

import type { Tensor } from "../tensor";
import { finfo } from "../type_info";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { Gamma } from "./gamma";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/**
 * distributions.FisherSnedecor(df1, df2): the F distribution with `df1` and `df2` degrees of freedom,
 * the ratio of two scaled chi-squared variables (reparameterized through the gamma draws).
 */
export class FisherSnedecor extends Distribution {
  /** The numerator's degrees of freedom. */
  declare df1: Tensor;
  /** The denominator's degrees of freedom. */
  declare df2: Tensor;
  declare _gamma1: Gamma;
  declare _gamma2: Gamma;

  constructor(df1: TensorOrNumber, df2: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.df1, this.df2] = broadcastAll(df1, df2);
    this._gamma1 = new Gamma(this.df1.mul(0.5), this.df1);
    this._gamma2 = new Gamma(this.df2.mul(0.5), this.df2);
    const batchShape = typeof df1 === "number" && typeof df2 === "number" ? [] : this.df1.shape;
    this._init(batchShape, [], validateArgs);
  }
  /** The parameters' constraints: df1, df2: positive. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { df1: constraints.positive, df2: constraints.positive };
  }
  /** The support: constraints.positive. */
  override get support(): constraints.Constraint {
    return constraints.positive;
  }
  /** True: {@link FisherSnedecor.rsample} divides reparameterized Gamma draws. */
  override get hasRsample(): boolean {
    return true;
  }
  /** A new FisherSnedecor with df1, df2 and both Gammas expanded to batchShape (not validated again). */
  override expand(batchShape: number[], _instance?: FisherSnedecor): FisherSnedecor {
    const n = this._checkedInstance(_instance);
    n.df1 = this.df1.expand(batchShape);
    n.df2 = this.df2.expand(batchShape);
    n._gamma1 = this._gamma1.expand(batchShape);
    n._gamma2 = this._gamma2.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** `df2 / (df2 - 2)`; NaN where df2 <= 2. */
  override get mean(): Tensor {
    const df2 = this.df2.contiguous().clone();
    df2.indexPut_([df2.le(2)], Number.NaN);
    return df2.div(df2.sub(2));
  }
  /** NaN where df1 <= 2. */
  override get mode(): Tensor {
    const mode = this.df1.sub(2).div(this.df1).mul(this.df2).div(this.df2.add(2));
    mode.indexPut_([this.df1.le(2)], Number.NaN);
    return mode;
  }
  /** NaN where df2 <= 4. */
  override get variance(): Tensor {
    const df2 = this.df2.contiguous().clone();
    df2.indexPut_([df2.le(4)], Number.NaN);
    return df2
      .pow(2)
      .mul(2)
      .mul(this.df1.add(df2).sub(2))
      .div(this.df1.mul(df2.sub(2).pow(2)).mul(df2.sub(4)));
  }
  /** The ratio of the two scaled gamma draws, each clamped below at the dtype's tiny. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const X1 = this._gamma1.rsample(sampleShape).view(shape);
    const X2 = this._gamma2.rsample(sampleShape).view(shape);
    const tiny = finfo(X2.dtype).tiny;
    X2.clamp_(tiny);
    const Y = X1.div(X2);
    Y.clamp_(tiny);
    return Y;
  }
  /** The log density of the F distribution with df1 and df2 degrees of freedom. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const ct1 = this.df1.mul(0.5);
    const ct2 = this.df2.mul(0.5);
    const ct3 = this.df1.div(this.df2);
    const t1 = ct1.add(ct2).lgamma().sub(ct1.lgamma()).sub(ct2.lgamma());
    const t2 = ct1.mul(ct3.log()).add(ct1.sub(1).mul(value.log()));
    const t3 = ct1.add(ct2).mul(ct3.mul(value).log1p());
    return t1.add(t2).sub(t3);
  }
}
