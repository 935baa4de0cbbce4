// torch.nn.utils.parameters_to_vector / vector_to_parameters (torch/nn/utils/convert_parameters.py).
import { cat } from "../../creation";
import { Tensor } from "../../tensor";
import { pyTypename } from "../../utils/pyrepr";

// _check_param_device: every parameter on the device of the first.
function deviceOf(p: Tensor, first: number | undefined): number {
  const d = p.isCuda ? p.getDevice() : -1;
  if (first !== undefined && d !== first)
    throw new TypeError("Found two parameters on different devices, this is currently not supported.");
  return d;
}

/** parameters_to_vector: the parameters flattened and joined into one vector. */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  let device: number | undefined;
  const parts: Tensor[] = [];
  for (const p of parameters) {
    device = deviceOf(p, device);
    parts.push(p.view(-1));
  }
  return cat(parts);
}

/** vector_to_parameters: each parameter's data set to its slice of `vec` (a view of it, as in PyTorch). */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) throw new TypeError(`expected torch.Tensor, but got: ${pyTypename(vec)}`);
  let device: number | undefined;
  let pointer = 0;
  for (const p of parameters) {
    device = deviceOf(p, device);
    const n = p.numel();
    p.data = vec.narrow(0, pointer, n).viewAs(p).data;
    pointer += n;
  }
}
