// torch.distributions.Dirichlet, op for op as PyTorch 1.13's dirichlet.py (Beta is built on it).

import { noGrad } from "../autograd";
import { Function as AutogradFunction, type FunctionCtx } from "../autograd_function";
import { ValueError } from "../errors";
import { oneHot } from "../nn/functional";
import { ops } from "../ops";
import type { Tensor } from "../tensor";
import * as constraints from "./constraints";
import type { DistributionOptions } from "./distribution";
import { ExponentialFamily } from "./exp_family";
import { validateArgsOf } from "./utils";

// dirichlet._Dirichlet_backward: the reparameterized gradient of a Dirichlet draw.
function dirichletBackward(x: Tensor, concentration: Tensor, gradOutput: Tensor): Tensor {
  const total = concentration.sum(-1, true).expandAs(concentration);
  const grad = ops.aten._dirichlet_grad(x, concentration, total) as Tensor;
  return grad.mul(gradOutput.sub(x.mul(gradOutput).sum(-1, true)));
}

// dirichlet._Dirichlet: torch._sample_dirichlet forward, its implicit-reparameterization backward
// (once differentiable).
class DirichletSample extends AutogradFunction {
  static override forward(ctx: FunctionCtx, concentration: Tensor): Tensor {
    const x = ops.aten._sample_dirichlet(concentration) as Tensor;
    ctx.saveForBackward(x, concentration);
    return x;
  }
  static override backward(ctx: FunctionCtx, gradOutput: Tensor): Tensor {
    const [x, concentration] = ctx.savedTensors as Tensor[];
    return noGrad(() => dirichletBackward(x, concentration, gradOutput));
  }
}

/** distributions.Dirichlet(concentration): distributions over the simplex, the last dimension being the event. */
export class Dirichlet extends ExponentialFamily {
  /** The concentration parameters α (at least one-dimensional). */
  declare concentration: Tensor;

  constructor(concentration: Tensor, o?: DistributionOptions | boolean | null) {
    super();
    const validateArgs = validateArgsOf(o);
    if (concentration.dim() < 1) throw new ValueError("`concentration` parameter must be at least one-dimensional.");
    this.concentration = concentration;
    this._init(concentration.shape.slice(0, -1), concentration.shape.slice(-1), validateArgs);
  }
  override get argConstraints(): Record<string, constraints.Constraint> {
    return { concentration: constraints.independent(constraints.positive, 1) };
  }
  override get support(): constraints.Constraint {
    return constraints.simplex;
  }
  override get hasRsample(): boolean {
    return true;
  }
  override expand(batchShape: number[], _instance?: Dirichlet): Dirichlet {
    const n = this._checkedInstance(_instance);
    n.concentration = this.concentration.expand([...batchShape, ...this._eventShape]);
    n._init(batchShape, this._eventShape, false);
    n._validateArgs = this._validateArgs;
    return n;
  }
  /** Draws by torch._sample_dirichlet, with PyTorch's reparameterized gradient. */
  override rsample(sampleShape: number[] = []): Tensor {
    const shape = this._extendedShape(sampleShape);
    const concentration = this.concentration.expand(shape);
    return DirichletSample.apply(concentration) as Tensor;
  }
  override logProb(value: Tensor): Tensor {
    if (this._validateArgs) this._validateSample(value);
    return value
      .log()
      .mul(this.concentration.sub(1.0))
      .sum(-1)
      .add(this.concentration.sum(-1).lgamma())
      .sub(this.concentration.lgamma().sum(-1));
  }
  override get mean(): Tensor {
    return this.concentration.div(this.concentration.sum(-1, true));
  }
  override get mode(): Tensor {
    const concentrationm1 = this.concentration.sub(1).clamp(0.0);
    const mode = concentrationm1.div(concentrationm1.sum(-1, true));
    const mask = this.concentration.lt(1).all(-1);
    mode.indexPut_(
      [mask],
      oneHot(mode.index(mask).argmax(-1), concentrationm1.shape[concentrationm1.dim() - 1]).to(mode),
    );
    return mode;
  }
  override get variance(): Tensor {
    const con0 = this.concentration.sum(-1, true);
    return this.concentration.mul(con0.sub(this.concentration)).div(con0.pow(2).mul(con0.add(1)));
  }
  override entropy(): Tensor {
    const k = this.concentration.size(-1);
    const a0 = this.concentration.sum(-1);
    return this.concentration
      .lgamma()
      .sum(-1)
      .sub(a0.lgamma())
      .sub(a0.rsub(k).mul(a0.digamma()))
      .sub(this.concentration.sub(1.0).mul(this.concentration.digamma()).sum(-1));
  }
  override get _naturalParams(): Tensor[] {
    return [this.concentration];
  }
  override _logNormalizer(x: Tensor): Tensor {
    return x.lgamma().sum(-1).sub(x.sum(-1).lgamma());
  }
}
