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
export { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, SiLU, Softmax, Tanh } from "./modules/activation";
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
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, ConvTranspose3d } from "./modules/conv";
export { Dropout, Dropout2d, Dropout3d } from "./modules/dropout";
export { Flatten, Identity } from "./modules/flatten";
export { Linear } from "./modules/linear";
export { BCEWithLogitsLoss, type BCEWithLogitsLossOptions, CrossEntropyLoss, MSELoss, NLLLoss } from "./modules/loss";
export {
  GroupNorm,
  type GroupNormOptions,
  InstanceNorm1d,
  InstanceNorm2d,
  InstanceNorm3d,
  LayerNorm,
  type LayerNormOptions,
} from "./modules/normalization";
export {
  AdaptiveAvgPool2d,
  AdaptiveMaxPool2d,
  AvgPool2d,
  type AvgPool2dOptions,
  MaxPool2d,
  MaxUnpool2d,
} from "./modules/pooling";
export { Embedding, type EmbeddingModuleOptions } from "./modules/sparse";
export { SyncBatchNorm, type SyncBatchNormOptions } from "./modules/sync_batchnorm";
export * as parallel from "./parallel";
export { Parameter, UninitializedParameter } from "./parameter";
export * as utils from "./utils";
