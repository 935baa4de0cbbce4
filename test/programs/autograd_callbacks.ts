// JS callbacks in a backward pass (a custom autograd.Function, a tensor hook, checkpointing with a
// nested backward, an error thrown in backward): prints the gradients as JSON. Run with and without
// TORCHTS_AUTOGRAD_WORKER=1, the path CUDA graphs take (the backward on a worker thread, the JS thread
// serving the callbacks), the results must be the same. `--device cuda` runs it on the GPU (the GPU
// checks compare that with the CPU's, in a child process so that a deadlock is a timeout, not a hang).

import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { native } from "../../lib/native";

const at = process.argv.indexOf("--device");
const device = (at >= 0 ? process.argv[at + 1] : "cpu") as torch.Device;

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
const x = torch.randn([4]).to(device).requiresGrad_(true);
const y = Cube.apply(x);
y.registerHook((g) => g.mul(2));
y.sum().backward();
const grads: number[][] = [(x.grad as Tensor).tolist() as number[]];

const lin = new torch.nn.Linear(4, 3).to(device);
const z = torch.randn([2, 4]).to(device).requiresGrad_(true);
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
// A module's full backward hook (built on an autograd.Function, as PyTorch 1.13's): its grad_input
// and grad_output, and a replaced grad_input, through the same path.
const hooked = new torch.nn.Linear(4, 2).to(device);
const seen: number[][] = [];
const handle = hooked.registerFullBackwardHook((_m, gradInput, gradOutput) => {
  seen.push([...(gradOutput[0] as Tensor).shape, ...(gradInput[0] as Tensor).shape]);
  return [(gradInput[0] as Tensor).mul(2)];
});
const hin = torch.randn([3, 4]).to(device).requiresGrad_(true);
hooked.call(hin).sum().backward(); // call(): module(x), which runs the hooks (forward() skips them, as in PyTorch)
handle.remove();
grads.push((hin.grad as Tensor).flatten().tolist() as number[], seen.flat());

// A checkpoint in grad(): PyTorch's error, which asks the engine about the graph task of the thread that
// runs the checkpoint's backward (an engine thread on the served path).
let gradError = "";
try {
  torch.autograd.grad(
    (torch.utils.checkpoint.checkpoint((t: Tensor) => Cube.apply(lin.forward(t)), z) as Tensor).sum(),
    z,
  );
} catch (e) {
  gradError = (e as Error).message;
}
// checkpoint's nested backward, started in its backward callback: run by the engine thread that called
// the callback (reentrant) when the backward is served from engine threads.
console.log(JSON.stringify({ grads, error, gradError, handedBack: native.autogradHandedBack() }));
