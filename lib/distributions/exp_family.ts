// torch.distributions.ExponentialFamily: entropy from the log normalizer by autograd (Bregman divergence).

import { grad } from "../autograd";
import { NotImplementedError } from "../errors";
import type { Tensor } from "../tensor";
import { Distribution } from "./distribution";

/**
 * distributions.ExponentialFamily: the base class of exponential-family distributions,
 * `p(x; θ) = exp(<t(x), θ> - F(θ) + k(x))`; subclasses give the natural parameters θ, the log
 * normalizer F and the expected carrier measure E[k(x)].
 */
export abstract class ExponentialFamily extends Distribution {
  /** The natural parameters θ. */
  get _naturalParams(): Tensor[] {
    throw new NotImplementedError();
  }
  /** The log normalizer F at the given natural parameters. */
  _logNormalizer(..._naturalParams: Tensor[]): Tensor {
    throw new NotImplementedError();
  }
  /** The expected carrier measure E[k(x)]. */
  get _meanCarrierMeasure(): number {
    throw new NotImplementedError();
  }
  /** The entropy by the Bregman divergence of the log normalizer (autograd through F). */
  override entropy(): Tensor {
    const carrier = 0 - this._meanCarrierMeasure;
    const nparams = this._naturalParams.map((p) => p.detach().requiresGrad_());
    const lgNormal = this._logNormalizer(...nparams);
    const gradients = grad(lgNormal.sum(), nparams, { createGraph: true });
    const result = lgNormal.add(carrier);
    for (const [i, np] of nparams.entries()) {
      result.sub_(
        np
          .mul(gradients[i])
          .reshape([...this._batchShape, -1])
          .sum(-1),
      );
    }
    return result;
  }
}
