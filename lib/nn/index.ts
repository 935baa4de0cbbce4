export * as functional from "./functional";
export * as init from "./init";
export {
  type ForwardHook,
  type ForwardPreHook,
  IncompatibleKeys,
  LoadStateDictContext,
  type LoadStateDictPostHook,
  LoadStateDictPreHook,
  Module,
  type NamedOptions,
  RemovableHandle,
  registerModuleForwardHook,
  registerModuleForwardPreHook,
  StateDict,
  type StateDictHook,
} from "./module";
export { LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from "./modules/activation";
export {
  BatchNorm1d,
  BatchNorm2d,
  BatchNorm3d,
  BatchNormOptions,
  LazyBatchNorm1d,
  LazyBatchNorm2d,
  LazyBatchNorm3d,
} from "./modules/batchnorm";
export { ModuleList, Sequential } from "./modules/container";
export { Conv2d } from "./modules/conv";
export { Dropout } from "./modules/dropout";
export { Flatten, Identity } from "./modules/flatten";
export { Linear } from "./modules/linear";
export { CrossEntropyLoss, MSELoss, NLLLoss } from "./modules/loss";
export { MaxPool2d } from "./modules/pooling";
export { SyncBatchNorm, type SyncBatchNormOptions } from "./modules/sync_batchnorm";
export * as parallel from "./parallel";
export { Parameter, UninitializedParameter } from "./parameter";
export * as utils from "./utils";
