// torch.func (PyTorch 2.x's name for functorch's API): functional_call, the one torchts has.
export { functionalCall } from "./nn/utils/stateless";
