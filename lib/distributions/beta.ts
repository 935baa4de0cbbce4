// torch.distributions.Beta, op for op as PyTorch 1.13's beta.py: a two-category Dirichlet.

import { stack, tensor } from "../creation";
import { getDefaultDtype } from "../default_dtype";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import { Dirichlet } from "./dirichlet";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { broadcastAll, type TensorOrNumber, validateArgsOf } from "./utils";

/** distributions.Beta(concentration1, concentration0): the beta distribution on [0, 1] with shapes α and β. */
export class Beta extends ExponentialFamily {
  /** The Dirichlet over (x, 1 - x). */
  declare _dirichlet: Dirichlet;

  constructor(
    concentration1: TensorOrNumber,
    concentration0: TensorOrNumber,
    o?: DistributionOptions | boolean | null,
  ) {
    super();
    const validateArgs = validateArgsOf(o);
    let c10: Tensor;
    if (typeof concentration1 === "number" && typeof concentration0 === "number") {
      c10 = tensor([concentration1, concentration0], { dtype: getDefaultDtype() });
    } else {
      const [c1, c0] = broadcastAll(concentration1, concentration0);
      c10 = stack([c1, c0], -1);
    }
    this._dirichlet = new Dirichlet(c10, { validateArgs });
    this._init(this._dirichlet._batchShape, [], validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration1: constraints.positive, concentration0: constraints.positive };
  }
  override get support(): constraints.Constraint {
    return constraints.unitInterval;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: Beta): Beta {
    const n = this._checkedInstance(_instance);
    n._dirichlet = this._dirichlet.expand(batchShape);
    n._init(batchShape, [], false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  override get mean(): Tensor {
    return this.concentration1.div(this.concentration1.add(this.concentration0));
  }
  override get mode(): Tensor {
    return this._dirichlet.mode.index("...", 0);
  }
  override get variance(): Tensor {
    const total = this.concentration1.add(this.concentration0);
    return this.concentration1.mul(this.concentration0).div(total.pow(2).mul(total.add(1)));
  }
  /** The first coordinate of a Dirichlet draw. */
  override rsample(sampleShape: number[] = []): Tensor {
    return this._dirichlet.rsample(sampleShape).select(-1, 0);
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    const headsTails = stack([value, value.rsub(1.0)], -1);
    return this._dirichlet.logProb(headsTails);
  }
  override entropy(): Tensor {
    return this._dirichlet.entropy();
  }
  /** α: the first concentration. */
  get concentration1(): Tensor {
    return this._dirichlet.concentration.index("...", 0);
  }
  /** β: the second concentration. */
  get concentration0(): Tensor {
    return this._dirichlet.concentration.index("...", 1);
  }
  override get _naturalParams(): Tensor[] {
    return [this.concentration1, this.concentration0];
  }
  override _logNormalizer(x: Tensor, y: Tensor): Tensor {
    return x.lgamma().add(y.lgamma()).sub(x.add(y).lgamma());
  }
}
