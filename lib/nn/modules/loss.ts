import { keep } from "../../memory";
import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";

export class CrossEntropyLoss extends Module {
  constructor(readonly options: F.LossOptions = {}) {
    super();
    if (options.weight) keep(options.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, this.options);
  }
}
export class NLLLoss extends Module {
  constructor(readonly options: Omit<F.LossOptions, "labelSmoothing"> = {}) {
    super();
    if (options.weight) keep(options.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, this.options);
  }
}
export class MSELoss extends Module {
  constructor(readonly options: { reduction?: F.Reduction } = {}) {
    super();
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, this.options);
  }
}
