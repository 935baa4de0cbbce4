// torchts: `import * as torch from "torchts"` gives PyTorch's names.

export * as amp from "./amp";
export {
  autocast,
  clearAutocastCache,
  getAutocastCpuDtype,
  getAutocastDtype,
  getAutocastGpuDtype,
  isAutocastCacheEnabled,
  isAutocastCpuEnabled,
  isAutocastEnabled,
  setAutocastCacheEnabled,
  setAutocastCpuDtype,
  setAutocastCpuEnabled,
  setAutocastEnabled,
  setAutocastGpuDtype,
} from "./amp/autocast_mode";
/** torch.cpu: `cpu.amp.autocast` (bfloat16 autocast on the CPU). */
export * as cpu from "./amp/cpu_module";
export * from "./aten_ops";
/** torch.special: aten::special_* (Bessel, error and gamma functions, orthogonal polynomials, ...). */
export * as special from "./aten_special";
export * as autograd from "./autograd";
export {
  enableGrad,
  inferenceMode,
  isAnomalyCheckNanEnabled,
  isAnomalyEnabled,
  isGradEnabled,
  isInferenceModeEnabled,
  noGrad,
  setAnomalyEnabled,
  setGradEnabled,
} from "./autograd";
export { Complex } from "./complex";
export {
  areDeterministicAlgorithmsEnabled,
  compiledWithCxx11Abi,
  getDeterministicDebugMode,
  getFloat32MatmulPrecision,
  getNumInteropThreads,
  isDeterministicAlgorithmsWarnOnlyEnabled,
  setDeterministicDebugMode,
  setFloat32MatmulPrecision,
  setFlushDenormal,
  setNumInteropThreads,
  useDeterministicAlgorithms,
} from "./config";
export { deepcopy } from "./copy";
export {
  asarray,
  asTensorFrom as asTensor,
  bernoulli,
  emptyLike,
  FrombufferOptions,
  frombuffer,
  full,
  fullLike,
  getNumThreads,
  type LikeOptions,
  manualSeed,
  meshgrid,
  multinomial,
  normal,
  onesLike,
  poisson,
  randint,
  randLike,
  randnLike,
  randperm,
  range,
  setNumThreads,
  TensorOptions,
  tensor,
  trilIndices,
  triuIndices,
  where,
  zerosLike,
} from "./creation";
export * as cuda from "./cuda";
export * as data from "./data";
/** torch.utils: `utils.data` (the same module as `data`) and `utils.tensorboard` (SummaryWriter). */
export * as utils from "./data/utils";
export { getDefaultDtype, setDefaultDtype } from "./default_dtype";
export { checkDevice, Device, DeviceLike, device } from "./device";
export * as distributed from "./distributed";
/** torch.distributions: Normal, Bernoulli, Categorical, ..., klDivergence (PyTorch's draws and formulas). */
export * as distributions from "./distributions";
export { DType, DTypeLike } from "./dtype";
export { IndexError, KeyError, LinAlgError, NotImplementedError, ValueError } from "./errors";
export * as fft from "./fft";
/** torch.func (2.x): functionalCall, as nn.utils.stateless.functionalCall. */
export * as func from "./func";
export * from "./functions";
export { type IndexItem, type Slice, slice } from "./indexing";
export * as jit from "./jit";
export {
  BFloat16Tensor,
  BoolTensor,
  ByteTensor,
  CharTensor,
  DoubleTensor,
  FloatTensor,
  HalfTensor,
  IntTensor,
  type LegacyTensorType,
  LongTensor,
  ShortTensor,
  setDefaultTensorType,
} from "./legacy_tensor";
export * as linalg from "./linalg";
/** torch.lobpcg: the LOBPCG eigensolver of PyTorch's torch/_lobpcg.py (basic and ortho methods, its backward). */
export { type LOBPCG, type LobpcgOptions, lobpcg } from "./lobpcg";
export { pcaLowrank, svdLowrank } from "./lowrank";
/** torch.masked: masked reductions and normalizations (sum, amax, mean, var, softmax, normalize, ...). */
export * as masked from "./masked";
export { keep, MemoryInfo, memory, releaseFreeMemory, tidy } from "./memory";
/** torch.nested: nestedTensor, asNestedTensor, toPaddedTensor (PyTorch 1.13's prototype). */
export * as nested from "./nested";
export * as nn from "./nn";
export { ops } from "./ops";
export * as optim from "./optim";
export {
  arange,
  cat,
  dstack,
  empty,
  eye,
  hstack,
  linspace,
  logspace,
  ones,
  rand,
  randn,
  stack,
  vstack,
  zeros,
} from "./out_forms";
/** torch.profiler: profile (activities, schedule, onTraceReady), recordFunction, tensorboardTraceHandler. */
export * as profiler from "./profiler";
/** torch.sparse: mm, addmm, sum, softmax, logSoftmax, sampledAddmm on sparse tensors. */
/** torch.quasirandom: SobolEngine. */
export * as quasirandom from "./quasirandom";
export { Generator, getRngState, initialSeed, seed, setRngState } from "./random";
export { type LoadOptions, load, type MapLocation, save, type Writable } from "./serialization";
export * as sparse from "./sparse";
export {
  sparseBscTensor,
  sparseBsrTensor,
  sparseCompressedTensor,
  sparseCooTensor,
  sparseCscTensor,
  sparseCsrTensor,
} from "./sparse";
export { imag, isComplex, istft, real, stft } from "./spectral";
export { NestedArray, Scalar, Shape } from "./tensor";
/** torch.testing: assertClose and makeTensor, for tests written as PyTorch's. */
export * as testing from "./testing";
export { FInfo, finfo, IInfo, iinfo } from "./type_info";
export { type PrintOptions, setPrintoptions } from "./utils/format";
export { _debugOnlyAreVmapFallbackWarningsEnabled, _debugOnlyDisplayVmapFallbackWarnings, vmap } from "./vmap";
export { isWarnAlwaysEnabled, setWarnAlways } from "./warnings";

import { PublicTensor, type Tensor as TensorClass } from "./tensor";
/**
 * The tensor type; see the class documentation of {@link Tensor}.
 * @hidden
 */
export type Tensor = TensorClass;
/**
 * The tensor class (for `instanceof` and types); tensors come from torch.tensor(), zeros(), ops.
 * @class
 */
export const Tensor = PublicTensor;

import * as fs from "node:fs";
import * as path from "node:path";
import { cudnn } from "./cuda";
import { native, packageRoot } from "./native";

/**
 * torch.backends.mps: Apple's Metal backend, which libtorch builds only for macOS; torchts has none, so both
 * are false (as PyTorch's on Linux: `is_built()` is `torch._C.has_mps`, `is_available()` false where not built).
 */
const mps = {
  /** Whether MPS is available on this machine: never, here. */
  isAvailable(): boolean {
    return false;
  },
  /** Whether this build has MPS support: never, here. */
  isBuilt(): boolean {
    return false;
  },
};
/** torch.backends: `backends.cudnn` (see {@link cuda.cudnn}) and `backends.mps` (never available). */
export const backends = { cudnn, mps };
function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot, "package.json"), "utf8")).version;
}
/** torchts's version (from package.json) and the libtorch this build runs on. */
export const version = { torchts: packageVersion(), libtorch: native.torchVersion, cuda: native.builtWithCuda };

/** torch.e: Euler's number, as Python's math.e. */
export const e: number = Math.E;
/** torch.pi: as Python's math.pi. */
export const pi: number = Math.PI;
/** torch.inf: positive infinity, as Python's math.inf. */
export const inf: number = Number.POSITIVE_INFINITY;
/** torch.nan: not a number, as Python's math.nan. */
export const nan: number = Number.NaN;
