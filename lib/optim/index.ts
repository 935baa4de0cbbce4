export { Optimizer, OptimizerStateDict } from "./optimizer";
export { Adam, AdamW, AdamOptions } from "./adam";
export { SGD, SGDOptions } from "./sgd";
export * as lrScheduler from "./lr_scheduler";
export { StepLR, MultiStepLR, CosineAnnealingLR, LambdaLR } from "./lr_scheduler";
