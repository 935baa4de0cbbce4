import { empty } from "../../creation";
import type { Tensor } from "../../tensor";
import { checkBool, checkInt, checkNumber } from "../../utils/check";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py, pyFloat } from "../../utils/pyrepr";
import type { FactoryOptions } from "../common_types";
import * as F from "../functional";
import { Module } from "../module";
import { Parameter } from "../parameter";

export class ReLU extends Module {
  readonly inplace: boolean;
  /** PyTorch's positional form: ReLU(inplace). */
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["inplace"], "ReLU.__init__", 1) as { inplace?: boolean };
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  forward(x: Tensor): Tensor {
    return F.relu(x, { inplace: this.inplace });
  }
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class Softmax extends Module {
  readonly dim: number;
  constructor(dim?: number);
  constructor(o: { dim?: number });
  constructor(...args: unknown[]) {
    super();
    this.dim = bindArgs(args, ["dim"], "Softmax.__init__").dim as number;
  }
  forward(x: Tensor): Tensor {
    return F.softmax(x, this.dim);
  }
  extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSoftmax extends Module {
  readonly dim: number;
  constructor(dim?: number);
  constructor(o: { dim?: number });
  constructor(...args: unknown[]) {
    super();
    this.dim = bindArgs(args, ["dim"], "LogSoftmax.__init__").dim as number;
  }
  forward(x: Tensor): Tensor {
    return F.logSoftmax(x, this.dim);
  }
  extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

/**
 * nn.Sigmoid(), nn.Tanh(), nn.Softsign(), ... take no arguments (they inherit Module.__init__); a JS
 * caller's extra ones are PyTorch's TypeError, not ignored.
 */
function noArgs(args: unknown[]): void {
  if (args.length > 0)
    throw new TypeError(`Module.__init__() takes 1 positional argument but ${args.length + 1} were given`);
}

/** Sigmoid(x) = 1 / (1 + exp(-x)), elementwise. */
export class Sigmoid extends Module {
  constructor(...args: never[]) {
    super();
    noArgs(args);
  }
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** Tanh(x), elementwise. */
export class Tanh extends Module {
  constructor(...args: never[]) {
    super();
    noArgs(args);
  }
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}

/** LeakyReLU's parameters after the required ones, in PyTorch's order. */
type LeakyReLUPositional = [negativeSlope?: number, inplace?: boolean];
/** LeakyReLU(x) = max(0, x) + negativeSlope * min(0, x). Positional form: LeakyReLU(negativeSlope, inplace). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;
  constructor(...args: LeakyReLUPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<LeakyReLUPositional, { negativeSlope?: number; inplace?: boolean }>);
  constructor(o?: { negativeSlope?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["negativeSlope", "inplace"], "LeakyReLU.__init__", 1) as {
      negativeSlope?: number;
      inplace?: boolean;
    };
    this.negativeSlope = checkNumber(o.negativeSlope ?? 0.01, "negative_slope");
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope, this.inplace);
  }
  extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** GELU(x) = x * Phi(x); approximate "tanh" uses the tanh approximation. */
export class GELU extends Module {
  readonly approximate: "none" | "tanh";
  constructor(approximate?: "none" | "tanh");
  constructor(o?: { approximate?: "none" | "tanh" });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["approximate"], "GELU.__init__", 1) as { approximate?: "none" | "tanh" };
    this.approximate = o.approximate ?? "none";
    if (typeof this.approximate !== "string") throw new TypeError("approximate must be a string");
  }
  forward(x: Tensor): Tensor {
    return F.gelu(x, { approximate: this.approximate });
  }
  extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** SiLU(x) = x * sigmoid(x). */
export class SiLU extends Module {
  readonly inplace: boolean;
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["inplace"], "SiLU.__init__", 1) as { inplace?: boolean };
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  forward(x: Tensor): Tensor {
    return F.silu(x, this.inplace);
  }
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

function assertion(): Error {
  return Object.assign(new Error(""), { name: "AssertionError" });
}

// ELU and CELU: PyTorch's (alpha, inplace) arguments, checks and printed form.
abstract class AlphaActivation extends Module {
  /** `alpha` as given (PyTorch's attribute; printed as a float). */
  readonly alpha: number;
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  protected constructor(args: unknown[], name: string, fn: string) {
    super();
    const o = bindArgs(args, ["alpha", "inplace"], `${name}.__init__`, 1) as { alpha?: unknown; inplace?: unknown };
    this.alpha = F.numberArg(o.alpha === undefined ? 1.0 : o.alpha, fn, "alpha", 2);
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** ELU's parameters after the required ones, in PyTorch's order. */
type ELUPositional = [alpha?: number, inplace?: boolean];
/**
 * ELU(x) = x for x > 0, alpha * (exp(x) - 1) otherwise.
 *
 * Args: `alpha` (default 1.0), `inplace` (default false). PyTorch's positional form ELU(alpha, inplace)
 * or an options object. Shape: any; the output has the input's shape.
 */
export class ELU extends AlphaActivation {
  constructor(...args: ELUPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<ELUPositional, { alpha?: number; inplace?: boolean }>);
  constructor(o?: { alpha?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super(args, "ELU", "elu");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.elu(x, this.alpha, this.inplace);
  }
}

/** CELU's parameters after the required ones, in PyTorch's order. */
type CELUPositional = [alpha?: number, inplace?: boolean];
/**
 * CELU(x) = max(0, x) + min(0, alpha * (exp(x / alpha) - 1)).
 *
 * Args: `alpha` (default 1.0), `inplace` (default false); positional CELU(alpha, inplace) or options.
 */
export class CELU extends AlphaActivation {
  constructor(...args: CELUPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<CELUPositional, { alpha?: number; inplace?: boolean }>);
  constructor(o?: { alpha?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super(args, "CELU", "celu");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.celu(x, this.alpha, this.inplace);
  }
}

/** SELU(x) = scale * (max(0, x) + min(0, alpha * (exp(x) - 1))), alpha ≈ 1.6733, scale ≈ 1.0507. Args: `inplace`. */
export class SELU extends Module {
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["inplace"], "SELU.__init__", 1) as { inplace?: unknown };
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.selu(x, this.inplace);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** Hardtanh's options (PyTorch's keyword arguments). */
export interface HardtanhOptions {
  /** The lower bound of the linear region. */
  minVal?: number;
  /** The upper bound of the linear region. */
  maxVal?: number;
  /** Whether forward overwrites its input instead of returning a new tensor. */
  inplace?: boolean;
  /** Deprecated in PyTorch (use minVal); honoured with PyTorch's warning. */
  minValue?: number | null;
  /** Deprecated in PyTorch (use maxVal); honoured with PyTorch's warning. */
  maxValue?: number | null;
}
/** Hardtanh's parameters after the required ones, in PyTorch's order. */
type HardtanhPositional = [minVal?: number, maxVal?: number, inplace?: boolean];
/**
 * Hardtanh: x clamped to [minVal, maxVal].
 *
 * Args: `minVal` (default -1.0), `maxVal` (default 1.0; must be greater than minVal, an AssertionError
 * otherwise as in PyTorch), `inplace`. Positional Hardtanh(minVal, maxVal, inplace) or options.
 */
export class Hardtanh extends Module {
  /** The lower bound of the linear region. */
  readonly minVal: number;
  /** The upper bound of the linear region. */
  readonly maxVal: number;
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  constructor(...args: HardtanhPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<HardtanhPositional, HardtanhOptions>);
  constructor(o?: HardtanhOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(
      args,
      ["minVal", "maxVal", "inplace", "minValue", "maxValue"],
      "Hardtanh.__init__",
      1,
    ) as HardtanhOptions;
    let { minVal = -1.0, maxVal = 1.0 } = o;
    if (o.minValue != null) {
      process.emitWarning("keyword argument min_value is deprecated and rename to min_val", "UserWarning");
      minVal = o.minValue;
    }
    if (o.maxValue != null) {
      process.emitWarning("keyword argument max_value is deprecated and rename to max_val", "UserWarning");
      maxVal = o.maxValue;
    }
    this.minVal = F.numberArg(minVal, "hardtanh", "min_val", 2);
    this.maxVal = F.numberArg(maxVal, "hardtanh", "max_val", 3);
    this.inplace = checkBool(o.inplace ?? false, "inplace");
    if (!(this.maxVal > this.minVal)) throw assertion();
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.hardtanh(x, this.minVal, this.maxVal, this.inplace);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** ReLU6(x) = min(max(0, x), 6): a Hardtanh(0, 6), as in PyTorch. Args: `inplace`. */
export class ReLU6 extends Hardtanh {
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super(0.0, 6.0, (bindArgs(args, ["inplace"], "ReLU6.__init__", 1) as { inplace?: boolean }).inplace ?? false);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** Softplus's parameters after the required ones, in PyTorch's order. */
type SoftplusPositional = [beta?: number, threshold?: number];
/**
 * Softplus(x) = 1/beta * log(1 + exp(beta * x)); where beta * x > threshold it is x (for stability).
 *
 * Args: `beta` (default 1), `threshold` (default 20); positional Softplus(beta, threshold) or options.
 */
export class Softplus extends Module {
  /** `beta` of the softplus (default 1). */
  readonly beta: number;
  /** Where `beta * x` exceeds it, the output is `x` itself. */
  readonly threshold: number;
  constructor(...args: SoftplusPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<SoftplusPositional, { beta?: number; threshold?: number }>);
  constructor(o?: { beta?: number; threshold?: number });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["beta", "threshold"], "Softplus.__init__", 1) as { beta?: unknown; threshold?: unknown };
    this.beta = F.numberArg(o.beta === undefined ? 1 : o.beta, "softplus", "beta", 2);
    this.threshold = F.numberArg(o.threshold === undefined ? 20 : o.threshold, "softplus", "threshold", 3);
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.softplus(x, this.beta, this.threshold);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `beta=${py(this.beta)}, threshold=${py(this.threshold)}`;
  }
}

/** PReLU's options (PyTorch's keyword arguments and factory options). */
export interface PReLUOptions extends FactoryOptions {
  /** How many slopes `weight` holds: 1, or the number of input channels. */
  numParameters?: number;
  /** The initial value of every slope (default 0.25). */
  init?: number;
}
/** PReLU's parameters after the required ones, in PyTorch's order. */
type PReLUPositional = [
  numParameters?: number,
  init?: number,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/**
 * PReLU(x) = max(0, x) + weight * min(0, x) with a learnable `weight`: one value shared by all channels
 * (numParameters 1, the default) or one per channel (dim 1 of the input).
 *
 * Args: `numParameters` (1 or the number of channels), `init` (the weight's initial value, default
 * 0.25), `device`, `dtype`. Positional PReLU(numParameters, init, device, dtype) or options.
 */
export class PReLU extends Module {
  /** The learnable slopes, of shape `(numParameters)`. */
  declare weight: Parameter;
  /** How many slopes `weight` holds: 1, or the number of input channels. */
  readonly numParameters: number;
  constructor(...args: PReLUPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<PReLUPositional, PReLUOptions>);
  constructor(o?: PReLUOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["numParameters", "init", "device", "dtype"], "PReLU.__init__", 1) as PReLUOptions;
    this.numParameters = checkInt(o.numParameters ?? 1, "num_parameters");
    const init = checkNumber(o.init ?? 0.25, "init");
    const t = empty([this.numParameters], { device: o.device, dtype: o.dtype }).fill_(init);
    this.weight = new Parameter(t);
    t.dispose();
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.prelu(x, this.weight);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

/** Mish(x) = x * tanh(softplus(x)). Args: `inplace`. */
export class Mish extends Module {
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["inplace"], "Mish.__init__", 1) as { inplace?: unknown };
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.mish(x, this.inplace);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

/** Hardswish(x) = x * relu6(x + 3) / 6. Args: `inplace` (not printed, as in PyTorch). */
export class Hardswish extends Module {
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["inplace"], "Hardswish.__init__", 1) as { inplace?: unknown };
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.hardswish(x, this.inplace);
  }
}

/** Hardsigmoid(x) = relu6(x + 3) / 6. Args: `inplace` (not printed, as in PyTorch). */
export class Hardsigmoid extends Module {
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["inplace"], "Hardsigmoid.__init__", 1) as { inplace?: unknown };
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.hardsigmoid(x, this.inplace);
  }
}

/** Softsign(x) = x / (1 + |x|). Takes no arguments. */
export class Softsign extends Module {
  constructor(...args: never[]) {
    super();
    noArgs(args);
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.softsign(x);
  }
}

/** Tanhshrink(x) = x - tanh(x). Takes no arguments. */
export class Tanhshrink extends Module {
  constructor(...args: never[]) {
    super();
    noArgs(args);
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.tanhshrink(x);
  }
}

/** LogSigmoid(x) = log(1 / (1 + exp(-x))). Takes no arguments. */
export class LogSigmoid extends Module {
  constructor(...args: never[]) {
    super();
    noArgs(args);
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.logsigmoid(x);
  }
}

/**
 * Threshold: x where x > threshold, `value` elsewhere.
 *
 * Args: `threshold`, `value` (both required), `inplace`; positional Threshold(threshold, value, inplace).
 */
export class Threshold extends Module {
  /** The value x must exceed to be kept. */
  readonly threshold: number;
  /** What replaces x where x <= threshold. */
  readonly value: number;
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  constructor(threshold: number, value: number, inplace?: boolean);
  constructor(threshold: number, value: number, o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["threshold", "value", "inplace"], "Threshold.__init__", 1) as {
      threshold?: number;
      value?: number;
      inplace?: boolean;
    };
    const missing = ["threshold", "value"].filter((k) => o[k as "threshold" | "value"] === undefined);
    if (missing.length > 0) {
      throw new TypeError(
        `Threshold.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ${missing.map((m) => `'${m}'`).join(" and ")}`,
      );
    }
    this.threshold = o.threshold as number;
    this.value = o.value as number;
    this.inplace = o.inplace ?? false;
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.threshold(x, this.threshold, this.value, this.inplace);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** GLU(a, b) = a * sigmoid(b), a and b the halves of the input along `dim` (default -1). */
export class GLU extends Module {
  /** The dimension split in half. */
  readonly dim: number;
  constructor(dim?: number);
  constructor(o?: { dim?: number });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["dim"], "GLU.__init__", 1) as { dim?: number };
    this.dim = o.dim ?? -1;
  }
  /** Applies GLU to `x`; the output halves `x`'s size along `dim`. */
  forward(x: Tensor): Tensor {
    return F.glu(x, this.dim);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

// Hardshrink and Softshrink: PyTorch's one `lambd` argument (default 0.5), printed alone.
abstract class Shrink extends Module {
  /** The half-width of the band around 0 that maps to 0. */
  readonly lambd: number;
  protected constructor(args: unknown[], name: string) {
    super();
    const o = bindArgs(args, ["lambd"], `${name}.__init__`, 1) as { lambd?: number };
    this.lambd = o.lambd ?? 0.5;
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return pyFloat(this.lambd);
  }
}
/** Hardshrink(x) = x where |x| > lambd, 0 elsewhere. Args: `lambd` (default 0.5). */
export class Hardshrink extends Shrink {
  constructor(lambd?: number);
  constructor(o?: { lambd?: number });
  constructor(...args: unknown[]) {
    super(args, "Hardshrink");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.hardshrink(x, this.lambd);
  }
}
/** Softshrink(x) = x - lambd where x > lambd, x + lambd where x < -lambd, 0 elsewhere. Args: `lambd` (default 0.5). */
export class Softshrink extends Shrink {
  constructor(lambd?: number);
  constructor(o?: { lambd?: number });
  constructor(...args: unknown[]) {
    super(args, "Softshrink");
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.softshrink(x, this.lambd);
  }
}

/** Softmin: softmax of -x along `dim` (null: PyTorch's deprecated implicit choice, with its warning). */
export class Softmin extends Module {
  /** The dimension the outputs sum to 1 along. */
  readonly dim: number | null;
  constructor(dim?: number | null);
  constructor(o?: { dim?: number | null });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["dim"], "Softmin.__init__", 1) as { dim?: number | null };
    this.dim = o.dim ?? null;
  }
  /** Applies softmin to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.softmin(x, this.dim);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `dim=${py(this.dim)}`;
  }
}

/** Softmax2d: softmax over the channels (dim -3) of [N, C, H, W] or [C, H, W]. Takes no arguments. */
export class Softmax2d extends Module {
  constructor(...args: never[]) {
    super();
    noArgs(args);
  }
  /** Applies softmax over the channels of `x` (3-D or 4-D; an AssertionError otherwise, as in PyTorch). */
  forward(x: Tensor): Tensor {
    if (x.dim() !== 4 && x.dim() !== 3)
      throw Object.assign(new Error("Softmax2d requires a 3D or 4D tensor as input"), { name: "AssertionError" });
    return F.softmax(x, -3);
  }
}

/** RReLU's parameters after the required ones, in PyTorch's order. */
type RReLUPositional = [lower?: number, upper?: number, inplace?: boolean];
/**
 * RReLU(x) = x where x >= 0, a * x elsewhere: a drawn uniformly from [lower, upper] per element in
 * training (PyTorch's generator, so the same draws after the same seed), (lower + upper) / 2 in eval.
 *
 * Args: `lower` (default 1/8), `upper` (default 1/3), `inplace`; positional RReLU(lower, upper, inplace).
 */
export class RReLU extends Module {
  /** The lower bound of the random slope. */
  readonly lower: number;
  /** The upper bound of the random slope. */
  readonly upper: number;
  /** Whether forward overwrites its input instead of returning a new tensor. */
  readonly inplace: boolean;
  constructor(...args: RReLUPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<RReLUPositional, { lower?: number; upper?: number; inplace?: boolean }>);
  constructor(o?: { lower?: number; upper?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["lower", "upper", "inplace"], "RReLU.__init__", 1) as {
      lower?: number;
      upper?: number;
      inplace?: boolean;
    };
    this.lower = o.lower ?? 1 / 8;
    this.upper = o.upper ?? 1 / 3;
    this.inplace = o.inplace ?? false;
  }
  /** Applies the activation to `x` (any shape; the output has the same shape). */
  forward(x: Tensor): Tensor {
    return F.rrelu(x, this.lower, this.upper, this.training, this.inplace);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `lower=${py(this.lower)}, upper=${py(this.upper)}${this.inplace ? ", inplace=True" : ""}`;
  }
}
