// torchts: `import * as torch from "torchts"` gives PyTorch's names.
export { Tensor, Scalar, Shape, NestedArray } from "./tensor";
export {
  tensor, zeros, ones, empty, full, rand, randn, randint, randperm, arange, eye,
  zerosLike, onesLike, emptyLike, randLike, randnLike, fullLike, cat, stack, where,
  manualSeed, setNumThreads, getNumThreads, TensorOptions,
} from "./creation";
export { DType, DTypeLike } from "./dtype";
export { device, Device, DeviceLike, checkDevice } from "./device";
export { KeyError, IndexError, ValueError, NotImplementedError, LinAlgError } from "./errors";
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from "./autograd";
export { tidy, keep, memory, MemoryInfo, releaseFreeMemory } from "./memory";
export { save, load } from "./serialization";
export { Generator, getRngState, setRngState } from "./random";
export * as cuda from "./cuda";
export * as nn from "./nn";
export * as optim from "./optim";
export * as data from "./data";
import { cudnn } from "./cuda";
import * as fs from "fs";
import * as path from "path";
import { native, packageRoot } from "./native";
export const backends = { cudnn };
function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")).version;
}
/** torchts's version (from package.json) and the libtorch this build runs on. */
export const version = { torchts: packageVersion(), libtorch: native.torchVersion, cuda: native.builtWithCuda };
