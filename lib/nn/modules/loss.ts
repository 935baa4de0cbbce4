import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { bindArgs, checkKwargs, type ValuesThenOptions } from "../../utils/kwargs";
import * as F from "../functional";
import { Module } from "../module";
import { PairwiseDistance } from "./distance";

const NLL_ARGS = ["weight", "sizeAverage", "ignoreIndex", "reduce", "reduction"] as const;

/** NLLLoss's parameters after the required ones, in PyTorch's order. */
type NLLLossPositional = [
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  ignoreIndex?: number,
  reduce?: boolean | null,
  reduction?: F.Reduction,
];
/** CrossEntropyLoss's parameters after the required ones, in PyTorch's order. */
type CrossEntropyLossPositional = [
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  ignoreIndex?: number,
  reduce?: boolean | null,
  reduction?: F.Reduction,
  labelSmoothing?: number,
];
export class CrossEntropyLoss extends Module {
  readonly options: F.LossOptions;
  /** PyTorch's positional form: CrossEntropyLoss(weight, size_average, ignore_index, reduce, reduction, label_smoothing). */
  constructor(...args: CrossEntropyLossPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<CrossEntropyLossPositional, F.LossOptions>);
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
  constructor(...args: NLLLossPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<NLLLossPositional, Omit<F.LossOptions, "labelSmoothing">>);
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
/** BCEWithLogitsLoss's parameters after the required ones, in PyTorch's order. */
type BCEWithLogitsLossPositional = [
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: F.Reduction,
  posWeight?: Tensor | null,
];
/** Sigmoid and binary cross entropy in one numerically stable op; weight and posWeight are buffers as in PyTorch. */
export class BCEWithLogitsLoss extends Module {
  readonly options: Pick<F.LossOptions, "sizeAverage" | "reduce" | "reduction">;
  /** PyTorch's positional form: BCEWithLogitsLoss(weight, size_average, reduce, reduction, pos_weight). */
  constructor(...args: BCEWithLogitsLossPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<BCEWithLogitsLossPositional, BCEWithLogitsLossOptions>);
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

/** BCELoss's parameters after the required ones, in PyTorch's order. */
type BCELossPositional = [
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: F.Reduction,
];
/**
 * Binary cross entropy between probabilities (input in [0, 1], e.g. after a sigmoid) and targets of
 * the same size; the optional `weight` (a buffer, as in PyTorch) rescales each element's loss.
 *
 * Args: PyTorch's positional BCELoss(weight, sizeAverage, reduce, reduction) or options.
 */
export class BCELoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  constructor(...args: BCELossPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<BCELossPositional, F.BinaryCrossEntropyOptions>);
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

type ReductionOptions = LegacyOptions & { reduction?: F.Reduction };
const REDUCTION_ARGS = ["sizeAverage", "reduce", "reduction"] as const;

/** What MarginRankingLoss, HingeEmbeddingLoss and CosineEmbeddingLoss share: (margin, reduction args). */
abstract class MarginLoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  /** The margin. */
  readonly margin: number;
  protected constructor(name: string, defaultMargin: number, args: unknown[]) {
    super();
    const o = bindArgs(args, ["margin", ...REDUCTION_ARGS], `${name}.__init__`, 1) as ReductionOptions & {
      margin?: number;
    };
    this.reduction = lossReduction(o);
    this.margin = o.margin ?? defaultMargin;
  }
}

/**
 * Ranking loss max(0, -target * (x1 - x2) + margin) of two inputs and a target of 1s and -1s.
 *
 * Args: PyTorch's positional MarginRankingLoss(margin, sizeAverage, reduce, reduction) or options.
 */
export class MarginRankingLoss extends MarginLoss {
  constructor(margin?: number, sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: ReductionOptions & { margin?: number });
  constructor(...args: unknown[]) {
    super("MarginRankingLoss", 0, args);
  }
  /** The loss of ranking `input1` above `input2` where target is 1 (below where -1). */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Hinge embedding loss: x where target is 1, max(0, margin - x) where it is -1.
 *
 * Args: PyTorch's positional HingeEmbeddingLoss(margin, sizeAverage, reduce, reduction) or options.
 */
export class HingeEmbeddingLoss extends MarginLoss {
  constructor(margin?: number, sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: ReductionOptions & { margin?: number });
  constructor(...args: unknown[]) {
    super("HingeEmbeddingLoss", 1.0, args);
  }
  /** The loss of `input` against `target` (1s and -1s). */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}

/** Two-class logistic loss log(1 + exp(-target * input)). Args: PyTorch's positional SoftMarginLoss(sizeAverage, reduce, reduction) or options. */
export class SoftMarginLoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  constructor(sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: ReductionOptions);
  constructor(...args: unknown[]) {
    super();
    this.reduction = lossReduction(bindArgs(args, REDUCTION_ARGS, "SoftMarginLoss.__init__", 1) as ReductionOptions);
  }
  /** The loss of `input` against `target` (1s and -1s). */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.softMarginLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Cosine embedding loss: 1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where -1.
 *
 * Args: PyTorch's positional CosineEmbeddingLoss(margin, sizeAverage, reduce, reduction) or options.
 */
export class CosineEmbeddingLoss extends MarginLoss {
  constructor(margin?: number, sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: ReductionOptions & { margin?: number });
  constructor(...args: unknown[]) {
    super("CosineEmbeddingLoss", 0, args);
  }
  /** The loss of the pairs (`input1`, `input2`) against `target` (1s and -1s). */
  forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Triplet loss max(d(a, p) - d(a, n) + margin, 0) with the p-norm distance d.
 *
 * Args: PyTorch's positional TripletMarginLoss(margin, p, eps, swap, sizeAverage, reduce, reduction) or options.
 */
export class TripletMarginLoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  readonly margin: number;
  readonly p: number;
  readonly eps: number;
  /** Whether to use the distance swap (the smaller of d(a, n) and d(p, n)). */
  readonly swap: boolean;
  constructor(
    margin?: number,
    p?: number,
    eps?: number,
    swap?: boolean,
    sizeAverage?: boolean | null,
    reduce?: boolean | null,
    reduction?: F.Reduction,
  );
  constructor(options?: F.TripletMarginLossOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(
      args,
      ["margin", "p", "eps", "swap", ...REDUCTION_ARGS],
      "TripletMarginLoss.__init__",
      1,
    ) as F.TripletMarginLossOptions;
    this.reduction = lossReduction(o);
    this.margin = o.margin ?? 1.0;
    this.p = o.p ?? 2;
    this.eps = o.eps ?? 1e-6;
    this.swap = o.swap ?? false;
  }
  /** The loss of the triplets (`anchor`, `positive`, `negative`). */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginLoss(anchor, positive, negative, {
      margin: this.margin,
      p: this.p,
      eps: this.eps,
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}

/**
 * nn.TripletMarginWithDistanceLoss({distanceFunction, margin, swap, reduction}): the triplet loss with any
 * distance (default nn.PairwiseDistance()); PyTorch's arguments are keyword-only.
 */
export class TripletMarginWithDistanceLoss extends Module {
  /** How the per-triplet losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  readonly margin: number;
  readonly swap: boolean;
  /** The distance: the given function or module, else a PairwiseDistance module. */
  readonly distanceFunction: F.DistanceFunction;
  constructor(options: F.TripletMarginWithDistanceLossOptions = {}) {
    super();
    if (options === null || typeof options !== "object")
      throw new TypeError("TripletMarginWithDistanceLoss.__init__() takes 1 positional argument");
    checkKwargs(options, ["distanceFunction", "margin", "swap", "reduction"], "TripletMarginWithDistanceLoss.__init__");
    F.reductionEnum(options.reduction ?? "mean");
    this.reduction = options.reduction ?? "mean";
    this.margin = options.margin ?? 1.0;
    this.swap = options.swap ?? false;
    this.distanceFunction = options.distanceFunction ?? new PairwiseDistance();
  }
  /** The loss of the triplets (`anchor`, `positive`, `negative`). */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginWithDistanceLoss(anchor, positive, negative, {
      distanceFunction: this.distanceFunction,
      margin: this.margin,
      swap: this.swap,
      reduction: this.reduction,
    });
  }
}

/** MultiLabelSoftMarginLoss's parameters after the required ones, in PyTorch's order. */
type MultiLabelSoftMarginLossPositional = [
  weight?: Tensor | null,
  sizeAverage?: boolean | null,
  reduce?: boolean | null,
  reduction?: F.Reduction,
];
/**
 * One-versus-all multi-label logistic loss, averaged over the classes; `weight` (a buffer, as in
 * PyTorch) rescales each class. Args: PyTorch's positional MultiLabelSoftMarginLoss(weight, sizeAverage,
 * reduce, reduction) or options.
 */
export class MultiLabelSoftMarginLoss extends Module {
  /** How the per-sample losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  constructor(...args: MultiLabelSoftMarginLossPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<MultiLabelSoftMarginLossPositional, F.MultilabelSoftMarginLossOptions>);
  constructor(options?: F.MultilabelSoftMarginLossOptions);
  constructor(...args: unknown[]) {
    super();
    const { weight, ...o } = bindArgs(
      args,
      ["weight", ...REDUCTION_ARGS],
      "MultiLabelSoftMarginLoss.__init__",
      1,
    ) as F.MultilabelSoftMarginLossOptions;
    this.reduction = lossReduction(o);
    this.registerBuffer("weight", weight ?? null);
  }
  /** The loss of `input` [N, C] against 0/1 `target` of the same shape. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelSoftMarginLoss(input, target, { weight: this.getBuffer("weight"), reduction: this.reduction });
  }
}

/**
 * Multi-class hinge loss (p 1 or 2); `weight` (1-D, a buffer) rescales each class.
 *
 * Args: PyTorch's positional MultiMarginLoss(p, margin, weight, sizeAverage, reduce, reduction) or options.
 */
export class MultiMarginLoss extends Module {
  /** How the per-sample losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  readonly p: number;
  readonly margin: number;
  constructor(
    p?: number,
    margin?: number,
    weight?: Tensor | null,
    sizeAverage?: boolean | null,
    reduce?: boolean | null,
    reduction?: F.Reduction,
  );
  constructor(options?: F.MultiMarginLossOptions);
  constructor(...args: unknown[]) {
    super();
    const { weight, ...o } = bindArgs(
      args,
      ["p", "margin", "weight", ...REDUCTION_ARGS],
      "MultiMarginLoss.__init__",
      1,
    ) as F.MultiMarginLossOptions;
    this.reduction = lossReduction(o);
    this.p = o.p ?? 1;
    this.margin = o.margin ?? 1.0;
    if (this.p !== 1 && this.p !== 2) throw new ValueError("only p == 1 and p == 2 supported");
    if (weight != null && weight.dim() !== 1) throw Object.assign(new Error(""), { name: "AssertionError" });
    this.registerBuffer("weight", weight ?? null);
  }
  /** The loss of `input` [N, C] (or [C]) against class indices `target`. */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multiMarginLoss(input, target, {
      p: this.p,
      margin: this.margin,
      weight: this.getBuffer("weight"),
      reduction: this.reduction,
    });
  }
}

/** Multi-class multi-label hinge loss. Args: PyTorch's positional MultiLabelMarginLoss(sizeAverage, reduce, reduction) or options. */
export class MultiLabelMarginLoss extends Module {
  /** How the per-sample losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  constructor(sizeAverage?: boolean | null, reduce?: boolean | null, reduction?: F.Reduction);
  constructor(options?: ReductionOptions);
  constructor(...args: unknown[]) {
    super();
    this.reduction = lossReduction(
      bindArgs(args, REDUCTION_ARGS, "MultiLabelMarginLoss.__init__", 1) as ReductionOptions,
    );
  }
  /** The loss of `input` [N, C] against class indices `target` [N, C] (each row ended by -1). */
  forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelMarginLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Poisson negative log likelihood.
 *
 * Args: PyTorch's positional PoissonNLLLoss(logInput, full, sizeAverage, eps, reduce, reduction) or options.
 */
export class PoissonNLLLoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  readonly logInput: boolean;
  readonly full: boolean;
  readonly eps: number;
  constructor(
    logInput?: boolean,
    full?: boolean,
    sizeAverage?: boolean | null,
    eps?: number,
    reduce?: boolean | null,
    reduction?: F.Reduction,
  );
  constructor(options?: F.PoissonNllLossOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(
      args,
      ["logInput", "full", "sizeAverage", "eps", "reduce", "reduction"],
      "PoissonNLLLoss.__init__",
      1,
    ) as F.PoissonNllLossOptions;
    this.reduction = lossReduction(o);
    this.logInput = o.logInput ?? true;
    this.full = o.full ?? false;
    this.eps = o.eps ?? 1e-8;
  }
  /** The loss of the predicted rate (its log with logInput) against counts `target`. */
  forward(logInput: Tensor, target: Tensor): Tensor {
    return F.poissonNllLoss(logInput, target, {
      logInput: this.logInput,
      full: this.full,
      eps: this.eps,
      reduction: this.reduction,
    });
  }
}

/** Gaussian negative log likelihood. Args (keyword-only in PyTorch, so an options object here): `full`, `eps`, `reduction`. */
export class GaussianNLLLoss extends Module {
  /** How the per-element losses are reduced: "none", "mean" or "sum". */
  readonly reduction: F.Reduction;
  readonly full: boolean;
  readonly eps: number;
  constructor(options?: F.GaussianNllLossOptions);
  constructor(...args: unknown[]) {
    super();
    // PyTorch's arguments are keyword-only.
    const last = args[args.length - 1];
    const positional = typeof last === "object" && last !== null ? args.length - 1 : args.length;
    if (positional > 0)
      throw new TypeError(`GaussianNLLLoss.__init__() takes 1 positional argument but ${positional + 1} were given`);
    const o = bindArgs(args, ["full", "eps", "reduction"], "GaussianNLLLoss.__init__", 1) as F.GaussianNllLossOptions;
    this.reduction = o.reduction ?? "mean";
    this.full = o.full ?? false;
    this.eps = o.eps ?? 1e-6;
  }
  /** The loss of `target` under N(`input`, `variance`). */
  forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/** Connectionist Temporal Classification loss. Args: PyTorch's positional CTCLoss(blank, reduction, zeroInfinity) or options. */
export class CTCLoss extends Module {
  /** How the per-sample losses are reduced: "none", "mean" (each divided by its target length, then averaged) or "sum". */
  readonly reduction: F.Reduction;
  readonly blank: number;
  readonly zeroInfinity: boolean;
  constructor(blank?: number, reduction?: F.Reduction, zeroInfinity?: boolean);
  constructor(options?: F.CTCLossOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["blank", "reduction", "zeroInfinity"], "CTCLoss.__init__", 1) as F.CTCLossOptions;
    this.blank = o.blank ?? 0;
    this.reduction = o.reduction ?? "mean";
    this.zeroInfinity = o.zeroInfinity ?? false;
  }
  /** The loss of `logProbs` [T, N, C] against `targets`, with each sequence's input and target length. */
  forward(
    logProbs: Tensor,
    targets: Tensor,
    inputLengths: Tensor | number[],
    targetLengths: Tensor | number[],
  ): Tensor {
    return F.ctcLoss(logProbs, targets, inputLengths, targetLengths, {
      blank: this.blank,
      reduction: this.reduction,
      zeroInfinity: this.zeroInfinity,
    });
  }
}
