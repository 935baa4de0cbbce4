// torch.autograd.function: the names PyTorch keeps under that module path.
export { Function, FunctionCtx, onceDifferentiable } from "./autograd_function";
