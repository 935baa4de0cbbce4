// torch.distributions.VonMises, op for op as PyTorch 1.13's von_mises.py.

import { noGrad } from "../autograd";
import { empty, rand, where, zeros } from "../creation";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Distribution, type DistributionOptions } from "./distribution";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

// von_mises._eval_poly: Horner's scheme, the highest coefficient last.
function evalPoly(y: Tensor, coef: readonly number[]): Tensor {
  const c = [...coef];
  let result: Tensor | number = c.pop() as number;
  while (c.length > 0) {
    const next = c.pop() as number;
    result = y.mul(result).add(next);
  }
  return result as Tensor;
}

const I0_COEF_SMALL = [1.0, 3.5156229, 3.0899424, 1.2067492, 0.2659732, 0.0360768, 0.0045813];
const I0_COEF_LARGE = [
  0.39894228, 0.01328592, 0.00225319, -0.00157565, 0.00916281, -0.02057706, 0.02635537, -0.01647633, 0.00392377,
];
const I1_COEF_SMALL = [0.5, 0.87890594, 0.51498869, 0.15084934, 0.02658733, 0.00301532, 0.00032411];
const I1_COEF_LARGE = [
  0.39894228, -0.03988024, -0.00362018, 0.00163801, -0.01031555, 0.02282967, -0.02895312, 0.01787654, -0.00420059,
];
const COEF_SMALL = [I0_COEF_SMALL, I1_COEF_SMALL];
const COEF_LARGE = [I0_COEF_LARGE, I1_COEF_LARGE];

/**
 * von_mises._log_modified_bessel_fn: the log of the modified Bessel function of the first kind of
 * order 0 or 1, by the polynomial approximations of Abramowitz & Stegun (x < 3.75 and above).
 */
export function logModifiedBesselFn(x: Tensor, order: 0 | 1 = 0): Tensor {
  if (order !== 0 && order !== 1) throw Object.assign(new Error(""), { name: "AssertionError" });
  let y = x.div(3.75);
  y = y.mul(y);
  let small = evalPoly(y, COEF_SMALL[order]);
  if (order === 1) small = x.abs().mul(small);
  small = small.log();
  y = x.reciprocal().mul(3.75);
  const large = x.sub(x.log().mul(0.5)).add(evalPoly(y, COEF_LARGE[order]).log());
  return where(x.lt(3.75), small, large);
}

// von_mises._rejection_sample: Best & Fisher's (1979) rejection sampler, until every entry is accepted.
function rejectionSample(loc: Tensor, concentration: Tensor, proposalR: Tensor, x: Tensor): Tensor {
  let done = zeros(x.shape, { dtype: "bool", device: loc.device });
  while (!done.all().item()) {
    const u = rand([3, ...x.shape], { dtype: loc.dtype, device: loc.device });
    const [u1, u2, u3] = u.unbind();
    const z = u1.mul(Math.PI).cos();
    const f = proposalR.mul(z).add(1).div(proposalR.add(z));
    const c = concentration.mul(proposalR.sub(f));
    const accept = c.mul(c.rsub(2)).sub(u2).gt(0).bitwiseOr(c.div(u2).log().add(1).sub(c).ge(0));
    if (accept.any().item()) {
      x = where(accept, u3.sub(0.5).sign().mul(f.acos()), x);
      done = done.bitwiseOr(accept);
    }
  }
  return x
    .add(Math.PI)
    .add(loc)
    .remainder(2 * Math.PI)
    .sub(Math.PI);
}

/**
 * distributions.VonMises(loc, concentration): the von Mises (circular normal) distribution of angles
 * in [-π, π), centred on `loc` with concentration κ. Samples by rejection (not reparameterized).
 */
export class VonMises extends Distribution {
  /** The mean angle. */
  declare loc: Tensor;
  /** The concentration κ. */
  declare concentration: Tensor;
  /** The rejection sampler's proposal parameter. */
  declare _proposalR: Tensor;

  constructor(loc: TensorOrNumber, concentration: TensorOrNumber, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    [this.loc, this.concentration] = broadcastAll(loc, concentration);
    const batchShape = this.loc.shape;
    const tau = this.concentration.pow(2).mul(4).add(1).sqrt().add(1);
    const rho = tau.sub(tau.mul(2).sqrt()).div(this.concentration.mul(2));
    this._proposalR = rho.pow(2).add(1).div(rho.mul(2));
    this._init(batchShape, [], validateArgs);
  }
  /** The parameters' constraints: loc: real; concentration: positive. */
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { loc: constraints.real, concentration: constraints.positive };
  }
  /** The support: constraints.real, as PyTorch declares it (draws lie in [-π, π)). */
  override get support(): constraints.Constraint {
    return constraints.real;
  }
  /** The log density `κ cos(x - loc) - log 2π - log I0(κ)`. */
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return this.concentration
      .mul(value.sub(this.loc).cos())
      .sub(Math.log(2 * Math.PI))
      .sub(logModifiedBesselFn(this.concentration, 0));
  }
  /** Draws by Best & Fisher's rejection sampler, as angles in [-π, π); no autograd history. */
  override sample(sampleShape: number[] = []): Tensor {
    return noGrad(() => {
      const shape = this._extendedShape(sampleShape);
      const x = empty(shape, { dtype: this.loc.dtype, device: this.loc.device });
      return rejectionSample(this.loc, this.concentration, this._proposalR, x);
    });
  }
  /** A new VonMises over the expanded parameters (PyTorch's fallback: the constructor, validating again). */
  override expand(batchShape: number[]): VonMises {
    const loc = this.loc.expand(batchShape);
    const concentration = this.concentration.expand(batchShape);
    const Ctor = this.constructor as new (l: Tensor, c: Tensor, o?: DistributionOptions) => VonMises;
    return new Ctor(loc, concentration, { validateArgs: this.ownValidateArgs });
  }
  /** The circular mean (loc). */
  override get mean(): Tensor {
    return this.loc;
  }
  /** The mode: loc. */
  override get mode(): Tensor {
    return this.loc;
  }
  /** The circular variance `1 - I1(κ) / I0(κ)` (computed once). */
  override get variance(): Tensor {
    return this._lazy("variance", () =>
      logModifiedBesselFn(this.concentration, 1).sub(logModifiedBesselFn(this.concentration, 0)).exp().rsub(1),
    );
  }
}
