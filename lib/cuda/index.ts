// torch.cuda and torch.backends.cudnn; streams and CUDA graphs live beside this file, as in PyTorch.

import { cudaDeviceIndex } from "../device";
import { native } from "../native";
import { checkInt } from "../utils/check";

/** torch.cuda.is_available: whether this build has CUDA and a GPU is visible. */
export function isAvailable(): boolean {
  return native.cudaIsAvailable();
}
/** torch.cuda.device_count: the number of visible GPUs. */
export function deviceCount(): number {
  return native.cudaDeviceCount();
}
/** torch.cuda.current_device: the index of the current CUDA device (what "cuda" without an index means). */
export function currentDevice(): number {
  return native.cudaCurrentDevice();
}
/** torch.cuda.set_device: makes `device` (an index, "cuda:1") current; a negative index changes nothing. */
export function setDevice(device: number | string): void {
  const d = typeof device === "number" && Number.isInteger(device) && device < 0 ? -1 : cudaDeviceIndex(device);
  if (d >= 0) native.cudaSetDevice(d);
}
/**
 * torch.cuda.device(device) as a block: runs `fn` with `device` current and restores the previous one
 * (also when `fn` throws); null or a negative index runs `fn` without a change, as PyTorch's.
 */
export function device<T>(dev: number | string | null, fn: () => T): T {
  if (typeof fn !== "function") throw new TypeError("device() takes a device and a function to run");
  const d = dev === null || (typeof dev === "number" && Number.isInteger(dev) && dev < 0) ? -1 : cudaDeviceIndex(dev);
  if (d < 0) return fn();
  const prev = native.cudaCurrentDevice();
  native.cudaSetDevice(d);
  try {
    return fn();
  } finally {
    native.cudaSetDevice(prev);
  }
}
/** torch.cuda.synchronize: waits for all work on `device` (default: the current device) to finish. */
export function synchronize(device?: number): void {
  native.cudaSynchronize(device === undefined ? undefined : checkInt(device, "device"));
}
/** torch.cuda.manual_seed: seeds the generator of the current CUDA device. */
export function manualSeed(seed: number): void {
  native.manualSeed(checkInt(seed, "seed"));
}
/** torch.cuda.memory_allocated: bytes held by tensors on `device`, from the caching allocator. */
export function memoryAllocated(device = 0): number {
  return native.cudaMemoryAllocated(checkInt(device, "device"));
}
/** torch.cuda.memory_reserved: bytes the caching allocator holds on `device` (allocated plus cached). */
export function memoryReserved(device = 0): number {
  return native.cudaMemoryReserved(checkInt(device, "device"));
}
/** torch.cuda.max_memory_allocated: the peak of {@link memoryAllocated} since start or the last reset. */
export function maxMemoryAllocated(device = 0): number {
  return native.cudaMaxMemoryAllocated(checkInt(device, "device"));
}
/** torch.cuda.reset_peak_memory_stats: restarts the peak counters of `device`. */
export function resetPeakMemoryStats(device = 0): void {
  native.cudaResetPeakMemoryStats(checkInt(device, "device"));
}
/** torch.cuda.get_device_properties' fields (PyTorch's _CudaDeviceProperties, camelCase). */
export interface DeviceProperties {
  name: string;
  major: number;
  minor: number;
  totalMemory: number;
  multiProcessorCount: number;
}
function propertiesOf(device: unknown): DeviceProperties {
  const i = cudaDeviceIndex(device);
  return native.cudaDeviceProperties(Math.max(i, 0));
}
/** torch.cuda.get_device_properties: name, compute capability, memory and SM count of `device` (default 0). */
export function getDeviceProperties(device?: number | string): DeviceProperties {
  return propertiesOf(device);
}
/** torch.cuda.get_device_capability: [major, minor] compute capability of `device` (default 0). */
export function getDeviceCapability(device?: number | string): [number, number] {
  const p = propertiesOf(device);
  return [p.major, p.minor];
}
/** torch.cuda.get_device_name: the GPU's name. */
export function getDeviceName(device?: number | string): string {
  return propertiesOf(device).name;
}
/** torch.cuda.is_bf16_supported: whether the current GPU runs bfloat16 natively (compute capability 8.0 or later). */
export function isBf16Supported(): boolean {
  return propertiesOf(undefined).major >= 8;
}
/** torch.cuda.empty_cache: returns cached, unused blocks to the driver. */
export function emptyCache(): void {
  native.cudaEmptyCache();
}
export * as amp from "../amp/cuda";
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

/** torch.cuda.FloatTensor & co.: the legacy tensor types on the current CUDA device. */
export {
  BFloat16Tensor,
  BoolTensor,
  ByteTensor,
  CharTensor,
  DoubleTensor,
  FloatTensor,
  HalfTensor,
  IntTensor,
  LongTensor,
  ShortTensor,
} from "./legacy_types";
