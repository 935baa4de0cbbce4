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
    const { weight, ...options } = bindArgs(
      args,
      [...NLL_ARGS, "labelSmoothing"],
      "CrossEntropyLoss.__init__",
      1,
    ) as F.LossOptions;
    this.options = options;
    // _WeightedLoss: the class weights are a buffer (in the state dict, moved by .to()).
    this.registerBuffer("weight", weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, { ...this.options, weight: this.getBuffer("weight") });
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
    const { weight, ...options } = bindArgs(args, NLL_ARGS, "NLLLoss.__init__", 1) as F.LossOptions;
    this.options = options;
    this.registerBuffer("weight", weight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { ...this.options, weight: this.getBuffer("weight") });
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

export interface BCEWithLogitsLossOptions extends Pick<F.LossOptions, "sizeAverage" | "reduce" | "reduction"> {
  weight?: Tensor | null;
  posWeight?: Tensor | null;
}
/** Sigmoid and binary cross entropy in one numerically stable op; weight and posWeight are buffers as in PyTorch. */
export class BCEWithLogitsLoss extends Module {
  readonly options: Pick<F.LossOptions, "sizeAverage" | "reduce" | "reduction">;
  /** PyTorch's positional form: BCEWithLogitsLoss(weight, size_average, reduce, reduction, pos_weight). */
  constructor(
    weight?: Tensor | null,
    sizeAverage?: boolean | null,
    reduce?: boolean | null,
    reduction?: F.Reduction,
    posWeight?: Tensor | null,
  );
  constructor(options?: BCEWithLogitsLossOptions);
  constructor(...args: unknown[]) {
    super();
    const { weight, posWeight, ...options } = bindArgs(
      args,
      ["weight", "sizeAverage", "reduce", "reduction", "posWeight"],
      "BCEWithLogitsLoss.__init__",
      1,
    ) as BCEWithLogitsLossOptions;
    this.options = options;
    this.registerBuffer("weight", weight ?? null);
    this.registerBuffer("pos_weight", posWeight ?? null);
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, {
      ...this.options,
      weight: this.getBuffer("weight"),
      posWeight: this.getBuffer("pos_weight"),
    });
  }
}
