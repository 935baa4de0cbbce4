// torch.nested (PyTorch 1.13's prototype): a batch of tensors of different sizes in one tensor, built and
// unpadded by libtorch's nested-tensor kernels. Operators on nested tensors are libtorch's as they are.
import { callAten } from "./aten";
import { noGrad } from "./autograd";
import type { DeviceLike } from "./device";
import type { DTypeLike } from "./dtype";
import { Tensor } from "./tensor";
import { checkKwargs } from "./utils/kwargs";

/** Keyword arguments of {@link nestedTensor}. */
export interface NestedTensorOptions {
  dtype?: DTypeLike | null;
  device?: DeviceLike | null;
  requiresGrad?: boolean;
  pinMemory?: boolean;
}

function checkList(tensorList: unknown, fn: string): Tensor[] {
  if (tensorList === undefined) throw new TypeError(`${fn}() missing 1 required positional argument: 'tensor_list'`);
  if (!Array.isArray(tensorList) || tensorList.some((t) => !(t instanceof Tensor)))
    throw new TypeError("nested_tensor(): Expected first argument to be a list of tensors ");
  return tensorList;
}

/**
 * torch.nested.nested_tensor(tensorList, { dtype, device, requiresGrad, pinMemory }): a nested tensor
 * holding copies of the tensors (detached), a leaf that requires grad with `requiresGrad`.
 */
export function nestedTensor(tensorList: Tensor[], o: NestedTensorOptions = {}): Tensor {
  checkKwargs(o, ["dtype", "device", "requiresGrad", "pinMemory"], "nested_tensor");
  const data = checkList(tensorList, "nested_tensor").map((t) => t.detach());
  const nt = callAten("_nested_tensor_from_tensor_list", "nested_tensor", undefined, [
    data,
    o.dtype ?? null,
    null,
    o.device ?? null,
    o.pinMemory ?? false,
  ]) as Tensor;
  if (o.requiresGrad) nt.requiresGrad_(true);
  return nt;
}

/** torch.nested.as_nested_tensor(tensorList, dtype?, device?): a nested tensor that keeps the tensors' autograd history. */
export function asNestedTensor(
  tensorList: Tensor[],
  dtype: DTypeLike | null = null,
  device: DeviceLike | null = null,
): Tensor {
  return callAten("_nested_tensor_from_tensor_list", "as_nested_tensor", undefined, [
    checkList(tensorList, "as_nested_tensor"),
    dtype,
    null,
    device,
    null,
  ]) as Tensor;
}

/** torch.nested.to_padded_tensor(input, padding, outputSize?): see {@link Tensor.toPaddedTensor}. */
export function toPaddedTensor(input: Tensor, padding: number, outputSize: number[] | null = null): Tensor {
  return input.toPaddedTensor(padding, outputSize);
}

/** @internal The entries of a nested tensor for printing (under no_grad, as Python's repr runs). */
export function nestedEntries(t: Tensor): Tensor[] {
  return noGrad(() => t.unbind(0));
}
