export { Adam, AdamOptions, AdamW } from "./adam";
export * as lrScheduler from "./lr_scheduler";
export { CosineAnnealingLR, LambdaLR, MultiStepLR, StepLR } from "./lr_scheduler";
export { Optimizer, OptimizerStateDict } from "./optimizer";
export { SGD, SGDOptions } from "./sgd";
