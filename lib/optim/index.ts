export { Adadelta, AdadeltaOptions } from "./adadelta";
export { Adagrad, AdagradOptions } from "./adagrad";
export { Adam, AdamOptions, AdamW } from "./adam";
export { Adamax, AdamaxOptions } from "./adamax";
export { ASGD, ASGDOptions } from "./asgd";
export { LBFGS, LBFGSOptions } from "./lbfgs";
export * as lrScheduler from "./lr_scheduler";
export {
  ChainedScheduler,
  ConstantLR,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  CyclicLR,
  type CyclicLROptions,
  ExponentialLR,
  LambdaLR,
  LinearLR,
  LRScheduler,
  MultiplicativeLR,
  MultiStepLR,
  OneCycleLR,
  type OneCycleLROptions,
  PolynomialLR,
  ReduceLROnPlateau,
  type ReduceLROnPlateauOptions,
  type SchedulerOptions,
  type SchedulerStateDict,
  SequentialLR,
  StepLR,
} from "./lr_scheduler";
export { NAdam, NAdamOptions } from "./nadam";
export { Closure, Optimizer, OptimizerStateDict, ParamGroup, ParamsArg } from "./optimizer";
export { RAdam, RAdamOptions } from "./radam";
export { RMSprop, RMSpropOptions } from "./rmsprop";
export { Rprop, RpropOptions } from "./rprop";
export { SGD, SGDOptions } from "./sgd";
export { SparseAdam, SparseAdamOptions } from "./sparse_adam";
/** torch.optim.swa_utils: AveragedModel, SWALR, updateBn. */
export * as swaUtils from "./swa_utils";
