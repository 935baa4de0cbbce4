// torch.cuda and torch.backends.cudnn; streams and CUDA graphs live beside this file, as in PyTorch.
import { native } from "../native";
import { checkInt } from "../utils/check";

export function isAvailable(): boolean {
  return native.cudaIsAvailable();
}
export function deviceCount(): number {
  return native.cudaDeviceCount();
}
export function synchronize(device?: number): void {
  native.cudaSynchronize(device === undefined ? undefined : checkInt(device, "device"));
}
export function manualSeed(seed: number): void {
  native.manualSeed(checkInt(seed, "seed"));
}
export function memoryAllocated(device = 0): number {
  return native.cudaMemoryAllocated(checkInt(device, "device"));
}
export function memoryReserved(device = 0): number {
  return native.cudaMemoryReserved(checkInt(device, "device"));
}
export function maxMemoryAllocated(device = 0): number {
  return native.cudaMaxMemoryAllocated(checkInt(device, "device"));
}
export function resetPeakMemoryStats(device = 0): void {
  native.cudaResetPeakMemoryStats(checkInt(device, "device"));
}
export function emptyCache(): void {
  native.cudaEmptyCache();
}
export {
  CaptureErrorMode,
  CUDAGraph,
  GraphedTrainStep,
  GraphedTrainStepOptions,
  GraphOptions,
  graph,
  graphPoolHandle,
  isCurrentStreamCapturing,
  makeGraphedTrainStep,
  PoolHandle,
} from "./graphs";
export { getRngState, setRngState } from "./random";
export { currentStream, Stream, setStream, stream } from "./streams";

/** torch.backends.cudnn: version, availability; read or set benchmark, deterministic, enabled, allowTF32. */
export const cudnn = {
  isAvailable: (): boolean => native.cudnnIsAvailable(),
  /** cuDNN's version as an integer (90100 for 9.1.0), or null when cuDNN is not available. */
  version: (): number | null => native.cudnnVersion(),
  get benchmark(): boolean {
    return native.cudnnFlags().benchmark;
  },
  set benchmark(v: boolean) {
    native.cudnnFlags(!!v);
  },
  get deterministic(): boolean {
    return native.cudnnFlags().deterministic;
  },
  set deterministic(v: boolean) {
    native.cudnnFlags(undefined, !!v);
  },
  get enabled(): boolean {
    return native.cudnnFlags().enabled;
  },
  set enabled(v: boolean) {
    native.cudnnFlags(undefined, undefined, !!v);
  },
  get allowTF32(): boolean {
    return native.cudnnFlags().allowTF32;
  },
  set allowTF32(v: boolean) {
    native.cudnnFlags(undefined, undefined, undefined, !!v);
  },
};
