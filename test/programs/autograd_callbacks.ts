// JS callbacks in a backward pass (a custom autograd.Function, a tensor hook, checkpointing with a
// nested backward, an error thrown in backward): prints the gradients as JSON. Run with and without
// TORCHTS_AUTOGRAD_WORKER=1, the path CUDA graphs take (the backward on a worker thread, the JS thread
// serving the callbacks), the results must be the same.

import type { Tensor } from "../../lib";
import * as torch from "../../lib";

type Ctx = torch.autograd.FunctionCtx;
class Cube extends torch.autograd.Function {
  static forward(ctx: Ctx, x: Tensor): Tensor {
    ctx.saveForBackward(x);
    return x.pow(3);
  }
  static backward(ctx: Ctx, g: Tensor): Tensor {
    const [x] = ctx.savedTensors as Tensor[];
    return g.mul((x as Tensor).pow(2)).mul(3);
  }
}
class Fails extends torch.autograd.Function {
  static forward(_ctx: Ctx, x: Tensor): Tensor {
    return x.clone();
  }
  static backward(): Tensor {
    throw new Error("backward failed on purpose");
  }
}

torch.manualSeed(0);
const x = torch.randn([4]).requiresGrad_(true);
const y = Cube.apply(x);
y.registerHook((g) => g.mul(2));
y.sum().backward();
const grads: number[][] = [(x.grad as Tensor).tolist() as number[]];

const lin = new torch.nn.Linear(4, 3);
const z = torch.randn([2, 4]).requiresGrad_(true);
(torch.utils.checkpoint.checkpoint((t: Tensor) => Cube.apply(lin.forward(t)), z) as Tensor).sum().backward();
grads.push(
  (z.grad as Tensor).flatten().tolist() as number[],
  (lin.weight.grad as Tensor).flatten().tolist() as number[],
);

const [gx] = torch.autograd.grad(Cube.apply(x).sum(), x, { createGraph: true });
grads.push((gx as Tensor).tolist() as number[], (gx as Tensor).requiresGrad ? [1] : [0]);

let error = "";
try {
  Fails.apply(x).sum().backward();
} catch (e) {
  error = (e as Error).message;
}
Cube.apply(x).sum().backward(); // works again after the failure
console.log(JSON.stringify({ grads, error }));
