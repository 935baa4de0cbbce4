// torchts: `import * as torch from "torchts"` gives PyTorch's names.
export { Tensor, Scalar, Shape, NestedArray } from "./tensor";
export {
  tensor, zeros, ones, empty, full, rand, randn, randint, randperm, arange, eye,
  zerosLike, onesLike, emptyLike, randLike, randnLike, fullLike, cat, stack, where,
  manualSeed, setNumThreads, getNumThreads, TensorOptions,
} from "./creation";
export { DType, DTypeLike } from "./dtype";
export { device, Device, DeviceLike, checkDevice } from "./device";
export { KeyError } from "./errors";
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from "./autograd";
export { tidy, keep, memory, MemoryInfo, releaseFreeMemory } from "./memory";
export { save, load } from "./serialization";
export { getRngState, setRngState } from "./random";
export * as cuda from "./cuda";
export * as nn from "./nn";
export * as optim from "./optim";
export * as data from "./data";
export { Generator } from "./data/dataloader";
import { cudnn } from "./cuda";
import { native } from "./native";
export const backends = { cudnn };
/** The libtorch this build runs on. */
export const version = { torchts: "0.1.0", libtorch: native.torchVersion as string, cuda: native.builtWithCuda as boolean };
