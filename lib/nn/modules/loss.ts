import { keep } from "../../memory";
import type { Tensor } from "../../tensor";
import { bindArgs } from "../../utils/kwargs";
import * as F from "../functional";
import { Module } from "../module";

const NLL_ARGS = ["weight", "sizeAverage", "ignoreIndex", "reduce", "reduction"] as const;

export class CrossEntropyLoss extends Module {
  readonly options: F.LossOptions;
  /** PyTorch's positional form: CrossEntropyLoss(weight, size_average, ignore_index, reduce, reduction, label_smoothing). */
  constructor(
    weight?: Tensor | null,
    sizeAverage?: boolean | null,
    ignoreIndex?: number,
    reduce?: boolean | null,
    reduction?: F.Reduction,
    labelSmoothing?: number,
  );
  constructor(options?: F.LossOptions);
  constructor(...args: unknown[]) {
    super();
    this.options = bindArgs(args, [...NLL_ARGS, "labelSmoothing"], "CrossEntropyLoss.__init__", 1) as F.LossOptions;
    if (this.options.weight) keep(this.options.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, this.options);
  }
}
export class NLLLoss extends Module {
  readonly options: Omit<F.LossOptions, "labelSmoothing">;
  /** PyTorch's positional form: NLLLoss(weight, size_average, ignore_index, reduce, reduction). */
  constructor(
    weight?: Tensor | null,
    sizeAverage?: boolean | null,
    ignoreIndex?: number,
    reduce?: boolean | null,
    reduction?: F.Reduction,
  );
  constructor(options?: Omit<F.LossOptions, "labelSmoothing">);
  constructor(...args: unknown[]) {
    super();
    this.options = bindArgs(args, NLL_ARGS, "NLLLoss.__init__", 1) as F.LossOptions;
    if (this.options.weight) keep(this.options.weight);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, this.options);
  }
}
export class MSELoss extends Module {
  readonly options: Pick<F.LossOptions, "sizeAverage" | "reduce" | "reduction">;
  /** PyTorch's positional form: MSELoss(size_average, reduce, reduction). */
  constructor(sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: Pick<F.LossOptions, "sizeAverage" | "reduce" | "reduction">);
  constructor(...args: unknown[]) {
    super();
    this.options = bindArgs(args, ["sizeAverage", "reduce", "reduction"], "MSELoss.__init__", 1) as F.LossOptions;
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, this.options);
  }
}
