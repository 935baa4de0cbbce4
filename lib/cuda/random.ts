// torch.cuda.get_rng_state / set_rng_state (the CPU pair is torch.getRngState in ../random.ts).
import { native } from "../native";
import { Tensor } from "../tensor";
import { checkInt } from "../utils/check";

function cudaDevice(device: number | string): string {
  if (!native.builtWithCuda) throw new Error("Torch not compiled with CUDA enabled");
  if (typeof device === "string") {
    if (!/^cuda(:\d+)?$/.test(device)) throw new Error(`Expected a CUDA device, got ${device}`);
    return device;
  }
  return `cuda:${checkInt(device, "device")}`;
}

/** The state of the default CUDA generator of `device` as a uint8 tensor. */
export function getRngState(device: number | string = "cuda"): Tensor { return new Tensor(native.getRngState(cudaDevice(device))); }

export function setRngState(state: Tensor, device: number | string = "cuda"): void {
  if (!(state instanceof Tensor)) throw new TypeError("setRngState takes a Tensor");
  native.setRngState(cudaDevice(device), state.handle);
}
