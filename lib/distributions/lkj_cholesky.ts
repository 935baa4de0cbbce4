// torch.distributions.LKJCholesky, op for op as PyTorch 1.13's lkj_cholesky.py.

import { diagEmbed } from "../aten_ops";
import { arange, cat, randn } from "../creation";
import { ValueError } from "../errors";
import { slice } from "../indexing";
import { vectorNorm } from "../linalg";
import type { Tensor } from "../tensor";
import { finfo } from "../type_info";
import { Beta } from "./beta";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/**
 * distributions.LKJCholesky(dim, concentration = 1): the LKJ distribution over lower Cholesky factors
 * of `dim`×`dim` correlation matrices (Lewandowski, Kurowicka & Joe, 2009), drawn by the onion method.
 */
export class LKJCholesky extends Distribution {
  /** The matrices' size. */
  declare dim: number;
  /** The concentration η. */
  declare concentration: Tensor;
  /** The Beta of the squared row norms (onion method). */
  declare _beta: Beta;

  constructor(dim: number, concentration: TensorOrNumber = 1.0, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    if (dim < 2) throw new ValueError(`Expected dim to be an integer greater than or equal to 2. Found dim=${dim}.`);
    this.dim = dim;
    [this.concentration] = broadcastAll(concentration);
    const batchShape = this.concentration.shape;
    const eventShape = [dim, dim];
    const marginalConc = this.concentration.add(0.5 * (this.dim - 2));
    let offset = arange(this.dim - 1, { dtype: this.concentration.dtype, device: this.concentration.device });
    offset = cat([offset.newZeros([1]), offset]);
    const betaConc1 = offset.add(0.5);
    const betaConc0 = marginalConc.unsqueeze(-1).sub(offset.mul(0.5));
    this._beta = new Beta(betaConc1, betaConc0);
    this._init(batchShape, eventShape, validateArgs);
  }
  /** The parameters' constraints: concentration: positive. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.positive };
  }
  /** The support: constraints.corrCholesky, lower Cholesky factors of correlation matrices. */
  override get support(): constraints.Constraint {
    return constraints.corrCholesky;
  }
  /** A new LKJCholesky with the concentration and the onion method's Beta expanded to batchShape (not validated again). */
  override expand(batchShape: number[], _instance?: LKJCholesky): LKJCholesky {
    const n = this._checkedInstance(_instance);
    n.dim = this.dim;
    n.concentration = this.concentration.expand(batchShape);
    n._beta = this._beta.expand([...batchShape, this.dim]);
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** Draws by the onion method: Beta-distributed squared row norms times uniform directions. */
  override sample(sampleShape: number[] = []): Tensor {
    const y = this._beta.sample(sampleShape).unsqueeze(-1);
    const uNormal = randn(this._extendedShape(sampleShape), { dtype: y.dtype, device: y.device }).tril(-1);
    const uHypersphere = uNormal.div(vectorNorm(uNormal, 2, [-1], true));
    uHypersphere.index("...", 0, slice()).fill_(0.0);
    const w = y.sqrt().mul(uHypersphere);
    const eps = finfo(w.dtype).tiny;
    const diagElems = w.pow(2).sum(-1).rsub(1).clamp(eps).sqrt();
    w.add_(diagEmbed(diagElems));
    return w;
  }
  /** The log density `Σ_{i=2..dim} (dim - i + 2(η - 1)) log L_ii` minus the log normalizing constant. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const diagElems = value.diagonal(0, -1, -2).index("...", slice(1));
    let order = arange(2, this.dim + 1, 1, { device: this.concentration.device });
    order = this.concentration.sub(1).unsqueeze(-1).mul(2).add(this.dim).sub(order);
    const unnormalizedLogPdf = order.mul(diagElems.log()).sum(-1);
    const dm1 = this.dim - 1;
    const alpha = this.concentration.add(0.5 * dm1);
    const denominator = alpha.lgamma().mul(dm1);
    const numerator = alpha.sub(0.5).mvlgamma(dm1);
    const piConstant = 0.5 * dm1 * Math.log(Math.PI);
    const normalizeTerm = numerator.add(piConstant).sub(denominator);
    return unnormalizedLogPdf.sub(normalizeTerm);
  }
}
