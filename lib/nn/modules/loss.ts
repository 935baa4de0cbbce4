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

type LegacyOptions = Pick<F.LossOptions, "sizeAverage" | "reduce">;
/** PyTorch's _Loss.__init__: size_average/reduce, when given, decide the reduction (legacy_get_string). */
function lossReduction<R extends string>(o: LegacyOptions & { reduction?: R }): R | F.Reduction {
  if ((o.sizeAverage ?? null) === null && (o.reduce ?? null) === null) return o.reduction ?? "mean";
  if (!(o.reduce ?? true)) return "none";
  return (o.sizeAverage ?? true) ? "mean" : "sum";
}

/**
 * Mean absolute error: |input - target| per element, then reduced.
 *
 * Args: PyTorch's positional L1Loss(sizeAverage, reduce, reduction) or options; `reduction` is
 * "none" | "mean" (default) | "sum". Shape: input and target alike (a target of another size broadcasts,
 * with PyTorch's warning).
 */
export class L1Loss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  constructor(sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: LegacyOptions & { reduction?: F.Reduction });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["sizeAverage", "reduce", "reduction"], "L1Loss.__init__", 1) as F.LossOptions;
    this.reduction = lossReduction(o);
  }
  /** The loss of `input` against `target`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Smooth L1: 0.5 (x - y)^2 / beta where |x - y| < beta, |x - y| - 0.5 beta elsewhere.
 *
 * Args: PyTorch's positional SmoothL1Loss(sizeAverage, reduce, reduction, beta) or options; `beta`
 * (default 1.0) must not be negative (PyTorch's error at forward).
 */
export class SmoothL1Loss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  /** Where the loss turns from quadratic to linear (default 1.0; must not be negative). */
  readonly beta: number;
  constructor(sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction, beta?: number);
  constructor(options?: LegacyOptions & { reduction?: F.Reduction; beta?: number });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(
      args,
      ["sizeAverage", "reduce", "reduction", "beta"],
      "SmoothL1Loss.__init__",
      1,
    ) as F.LossOptions & {
      beta?: number;
    };
    this.reduction = lossReduction(o);
    this.beta = o.beta ?? 1.0;
  }
  /** The loss of `input` against `target`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/**
 * Huber loss: 0.5 (x - y)^2 where |x - y| < delta, delta (|x - y| - 0.5 delta) elsewhere.
 *
 * Args: PyTorch's positional HuberLoss(reduction, delta) or options; `delta` (default 1.0) must be
 * positive (PyTorch's error at forward).
 */
export class HuberLoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  /** Where the loss turns from quadratic to linear (default 1.0; must be positive). */
  readonly delta: number;
  constructor(reduction?: F.Reduction, delta?: number);
  constructor(options?: { reduction?: F.Reduction; delta?: number });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["reduction", "delta"], "HuberLoss.__init__", 1) as {
      reduction?: F.Reduction;
      delta?: number;
    };
    this.reduction = o.reduction ?? "mean";
    this.delta = o.delta ?? 1.0;
  }
  /** The loss of `input` against `target`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/**
 * Binary cross entropy between probabilities (input in [0, 1], e.g. after a sigmoid) and targets of
 * the same size; the optional `weight` (a buffer, as in PyTorch) rescales each element's loss.
 *
 * Args: PyTorch's positional BCELoss(weight, sizeAverage, reduce, reduction) or options.
 */
export class BCELoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  constructor(weight?: Tensor | null, sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: F.BinaryCrossEntropyOptions);
  constructor(...args: unknown[]) {
    super();
    const { weight, ...o } = bindArgs(
      args,
      ["weight", "sizeAverage", "reduce", "reduction"],
      "BCELoss.__init__",
      1,
    ) as F.BinaryCrossEntropyOptions;
    this.reduction = lossReduction(o);
    this.registerBuffer("weight", weight ?? null);
  }
  /** The loss of `input` against `target`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.getBuffer("weight"), reduction: this.reduction });
  }
}

/**
 * Kullback-Leibler divergence loss: input holds log-probabilities, target probabilities (or
 * log-probabilities with `logTarget`). `reduction` "batchmean" is the mathematical KL divergence per
 * sample; "mean" (the default) divides by every element and warns, as in PyTorch 1.13.
 *
 * Args: PyTorch's positional KLDivLoss(sizeAverage, reduce, reduction, logTarget) or options.
 */
export class KLDivLoss extends Module {
  /** How the per-element losses are reduced: "none", "mean", "sum" or "batchmean". */
  readonly reduction: F.KLDivReduction;
  /** Whether the target holds log-probabilities (default false). */
  readonly logTarget: boolean;
  constructor(sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.KLDivReduction, logTarget?: boolean);
  constructor(options?: F.KLDivOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(
      args,
      ["sizeAverage", "reduce", "reduction", "logTarget"],
      "KLDivLoss.__init__",
      1,
    ) as F.KLDivOptions;
    this.reduction = lossReduction(o);
    this.logTarget = o.logTarget ?? false;
  }
  /** The loss of `input` against `target`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}
