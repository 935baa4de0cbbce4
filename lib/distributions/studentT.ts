// torch.distributions.StudentT, op for op as PyTorch 1.13's studentT.py.

import type { Tensor } from "../tensor";
import { Chi2 } from "./chi2";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { broadcastAll, standardNormal, type TensorOrNumber, validateArgsOf } from "./utils";

// math.lgamma(0.5), as Python computes it.
const LGAMMA_HALF = 0.5723649429247004;

/** distributions.StudentT(df, loc = 0, scale = 1): Student's t-distribution with `df` degrees of freedom. */
export class StudentT extends Distribution {
  /** The degrees of freedom. */
  declare df: Tensor;
  /** The location. */
  declare loc: Tensor;
  /** The scale. */
  declare scale: Tensor;
  /** Chi2(df), whose draws rsample uses. */
  declare _chi2: Chi2;

  constructor(
    df: TensorOrNumber,
    loc: TensorOrNumber = 0.0,
    scale: TensorOrNumber = 1.0,
    o?: DistributionOptions | boolean | null,
  ) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.df, this.loc, this.scale] = broadcastAll(df, loc, scale);
    this._chi2 = new Chi2(this.df);
    this._init(this.df.shape, [], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { df: constraints.positive, loc: constraints.real, scale: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  override get hasRsample(): boolean {
    return true;
  }
  /** `loc` where df > 1, NaN elsewhere. */
  override get mean(): Tensor {
    const m = this.loc.clone();
    m.indexPut_([this.df.le(1)], Number.NaN);
    return m;
  }
  override get mode(): Tensor {
    return this.loc;
  }
  /** `scale² df / (df - 2)` where df > 2, inf where 1 < df <= 2, NaN elsewhere. */
  override get variance(): Tensor {
    const m = this.df.clone();
    const gt2 = this.df.gt(2);
    m.indexPut_([gt2], this.scale.index(gt2).pow(2).mul(this.df.index(gt2)).div(this.df.index(gt2).sub(2)));
    m.indexPut_([this.df.le(2).bitwiseAnd(this.df.gt(1))], Number.POSITIVE_INFINITY);
    m.indexPut_([this.df.le(1)], Number.NaN);
    return m;
  }
  override expand(batchShape: number[], _instance?: StudentT): StudentT {
    const n = this._checkedInstance(_instance);
    n.df = this.df.expand(batchShape);
    n.loc = this.loc.expand(batchShape);
    n.scale = this.scale.expand(batchShape);
    n._chi2 = this._chi2.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** `loc + scale * X / sqrt(Z / df)` with `X ~ Normal(0, 1)` and `Z ~ Chi2(df)`. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const X = standardNormal(shape, this.df.dtype, this.df.device);
    const Z = this._chi2.rsample(sampleShape);
    const Y = X.mul(Z.div(this.df).rsqrt());
    return this.loc.add(this.scale.mul(Y));
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const y = value.sub(this.loc).div(this.scale);
    const Z = this.scale
      .log()
      .add(this.df.log().mul(0.5))
      .add(0.5 * Math.log(Math.PI))
      .add(this.df.mul(0.5).lgamma())
      .sub(this.df.add(1.0).mul(0.5).lgamma());
    return this.df.add(1.0).mul(-0.5).mul(y.pow(2.0).div(this.df).log1p()).sub(Z);
  }
  override entropy(): Tensor {
    const lbeta = this.df.mul(0.5).lgamma().add(LGAMMA_HALF).sub(this.df.add(1).mul(0.5).lgamma());
    return this.scale
      .log()
      .add(
        this.df
          .add(1)
          .mul(0.5)
          .mul(this.df.add(1).mul(0.5).digamma().sub(this.df.mul(0.5).digamma())),
      )
      .add(this.df.log().mul(0.5))
      .add(lbeta);
  }
}
