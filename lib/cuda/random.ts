// torch.cuda.get_rng_state / set_rng_state (the CPU pair is torch.getRngState in ../random.ts).

import { cudaDeviceIndex, type DeviceLike } from "../device";
import { native } from "../native";
import { Tensor } from "../tensor";

function cudaDevice(device: number | DeviceLike): string {
  if (!native.builtWithCuda) throw new Error("Torch not compiled with CUDA enabled");
  const i = cudaDeviceIndex(device);
  return i < 0 ? "cuda" : `cuda:${i}`;
}

/** The state of the default CUDA generator of `device` as a uint8 tensor. */
export function getRngState(device: number | DeviceLike = "cuda"): Tensor {
  return new Tensor(native.getRngState(cudaDevice(device)));
}

export function setRngState(state: Tensor, device: number | DeviceLike = "cuda"): void {
  if (!(state instanceof Tensor)) throw new TypeError("setRngState takes a Tensor");
  native.setRngState(cudaDevice(device), state.handle);
}
