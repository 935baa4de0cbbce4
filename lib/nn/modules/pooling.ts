import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { checkBool, ntuple, pair } from "../../utils/check";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py } from "../../utils/pyrepr";
import * as F from "../functional";
import { Module } from "../module";

/** With returnIndices true, forward returns [output, indices] (PyTorch's tuple), which MaxUnpool2d takes. */
export class MaxPool2d<R extends boolean = false> extends Module {
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly dilation: number | number[];
  readonly returnIndices: R;
  readonly ceilMode: boolean;
  /** PyTorch's positional form: MaxPool2d(kernel, stride, padding, dilation, returnIndices, ceilMode). */
  constructor(
    kernelSize: number | number[],
    stride?: number | number[] | null,
    padding?: number | number[],
    dilation?: number | number[],
    returnIndices?: R,
    ceilMode?: boolean,
  );
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    kernelSize: number | number[],
    ...args: ValuesThenOptions<
      [
        stride?: number | number[] | null,
        padding?: number | number[],
        dilation?: number | number[],
        returnIndices?: R,
        ceilMode?: boolean,
      ],
      F.MaxPool2dOptions & { returnIndices?: R }
    >
  );
  constructor(kernelSize: number | number[], o?: F.MaxPool2dOptions & { returnIndices?: R });
  constructor(
    readonly kernelSize: number | number[],
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(
      rest,
      ["stride", "padding", "dilation", "returnIndices", "ceilMode"],
      "_MaxPoolNd.__init__",
      2,
    ) as F.MaxPool2dOptions & { returnIndices?: boolean };
    if (o.returnIndices !== undefined && typeof o.returnIndices !== "boolean")
      throw new TypeError("returnIndices must be a boolean");
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = (o.returnIndices ?? false) as R;
    this.ceilMode = o.ceilMode ?? false;
  }
  forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const o = { stride: this.stride, padding: this.padding, dilation: this.dilation, ceilMode: this.ceilMode };
    const out = this.returnIndices
      ? F.maxPool2d(x, this.kernelSize, { ...o, returnIndices: true })
      : F.maxPool2d(x, this.kernelSize, o);
    return out as R extends true ? [Tensor, Tensor] : Tensor;
  }
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${py(this.ceilMode)}`;
  }
}

/** MaxUnpool2d's parameters after the required ones, in PyTorch's order. */
type MaxUnpool2dPositional = [stride?: number | number[] | null, padding?: number | number[]];
/** The partial inverse of MaxPool2d: forward(x, indices, outputSize?) puts each value back where indices says. */
export class MaxUnpool2d extends Module {
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number];
  /** PyTorch's positional form: MaxUnpool2d(kernel, stride, padding). */
  constructor(kernelSize: number | number[], ...args: MaxUnpool2dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    kernelSize: number | number[],
    ...args: ValuesThenOptions<
      MaxUnpool2dPositional,
      { stride?: number | number[] | null; padding?: number | number[] }
    >
  );
  constructor(kernelSize: number | number[], o?: { stride?: number | number[] | null; padding?: number | number[] });
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super();
    const o = bindArgs(rest, ["stride", "padding"], "MaxUnpool2d.__init__", 2) as F.MaxUnpool2dOptions;
    this.kernelSize = pair(kernelSize, "kernel_size");
    this.stride = pair(o.stride ?? kernelSize, "stride");
    this.padding = pair(o.padding ?? 0, "padding");
  }
  forward(x: Tensor, indices: Tensor, outputSize?: number[] | null): Tensor {
    return F.maxUnpool2d(x, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

export interface AvgPool2dOptions {
  stride?: number | number[] | null;
  padding?: number | number[];
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}
/** AvgPool2d's parameters after the required ones, in PyTorch's order. */
type AvgPool2dPositional = [
  stride?: number | number[] | null,
  padding?: number | number[],
  ceilMode?: boolean,
  countIncludePad?: boolean,
  divisorOverride?: number | null,
];
export class AvgPool2d extends Module {
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
  /** PyTorch's positional form: AvgPool2d(kernel, stride, padding, ceilMode, countIncludePad, divisorOverride). */
  constructor(kernelSize: number | number[], ...args: AvgPool2dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(kernelSize: number | number[], ...args: ValuesThenOptions<AvgPool2dPositional, AvgPool2dOptions>);
  constructor(kernelSize: number | number[], o?: AvgPool2dOptions);
  constructor(
    readonly kernelSize: number | number[],
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(
      rest,
      ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"],
      "AvgPool2d.__init__",
      2,
    ) as AvgPool2dOptions;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = checkBool(o.ceilMode ?? false, "ceilMode");
    this.countIncludePad = checkBool(o.countIncludePad ?? true, "countIncludePad");
    this.divisorOverride = o.divisorOverride ?? null;
  }
  forward(x: Tensor): Tensor {
    return F.avgPool2d(x, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** Average pooling to a fixed output size; a null entry keeps the input's size there. */
export class AdaptiveAvgPool2d extends Module {
  constructor(
    readonly outputSize: number | Array<number | null>,
    ...rest: never[]
  ) {
    super();
    if (rest.length > 0)
      throw new TypeError(
        `_AdaptiveAvgPoolNd.__init__() takes 2 positional arguments but ${rest.length + 2} were given`,
      );
  }
  forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool2d(x, this.outputSize);
  }
  extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** Max pooling to a fixed output size; with returnIndices, forward returns [output, indices]. */
export class AdaptiveMaxPool2d<R extends boolean = false> extends Module {
  readonly returnIndices: R;
  /** PyTorch's positional form: AdaptiveMaxPool2d(outputSize, returnIndices). */
  constructor(outputSize: number | Array<number | null>, returnIndices?: R);
  constructor(outputSize: number | Array<number | null>, o?: { returnIndices?: R });
  constructor(
    readonly outputSize: number | Array<number | null>,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["returnIndices"], "_AdaptiveMaxPoolNd.__init__", 2) as { returnIndices?: boolean };
    this.returnIndices = checkBool(o.returnIndices ?? false, "returnIndices") as R;
  }
  forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const out = this.returnIndices
      ? F.adaptiveMaxPool2d(x, this.outputSize, true)
      : F.adaptiveMaxPool2d(x, this.outputSize);
    return out as R extends true ? [Tensor, Tensor] : Tensor;
  }
  extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** PyTorch's _MaxPoolNd: the arguments as given (stride defaults to the kernel size), printed as stored. */
abstract class MaxPoolNd<R extends boolean> extends Module {
  /** The step of the pooling window (default: the kernel size). */
  readonly stride: number | number[];
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  readonly padding: number | number[];
  /** The spacing between the elements of a window (default 1). */
  readonly dilation: number | number[];
  /** Whether forward also returns the indices of the maxima (PyTorch's (output, indices)). */
  readonly returnIndices: R;
  /** Whether the output size rounds up instead of down. */
  readonly ceilMode: boolean;
  constructor(
    readonly kernelSize: number | number[],
    rest: unknown[],
  ) {
    super();
    const o = bindArgs(
      rest,
      ["stride", "padding", "dilation", "returnIndices", "ceilMode"],
      "_MaxPoolNd.__init__",
      2,
    ) as F.MaxPoolNdOptions & { returnIndices?: boolean };
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.returnIndices = checkBool(o.returnIndices ?? false, "returnIndices") as R;
    this.ceilMode = checkBool(o.ceilMode ?? false, "ceilMode");
  }
  protected options(): F.MaxPoolNdOptions & { returnIndices: boolean } {
    const { stride, padding, dilation, ceilMode, returnIndices } = this;
    return { stride, padding, dilation, ceilMode, returnIndices };
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${py(this.ceilMode)}`;
  }
}

/**
 * 1D max pooling over [N, C, L] or [C, L].
 *
 * Args: `kernelSize`, then PyTorch's positional `stride` (default: kernelSize), `padding`, `dilation`,
 * `returnIndices`, `ceilMode`, or an options object. With returnIndices, forward returns
 * [output, indices] (PyTorch's tuple).
 */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(
    kernelSize: number | number[],
    stride?: number | number[] | null,
    padding?: number | number[],
    dilation?: number | number[],
    returnIndices?: R,
    ceilMode?: boolean,
  );
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    kernelSize: number | number[],
    ...args: ValuesThenOptions<
      [
        stride?: number | number[] | null,
        padding?: number | number[],
        dilation?: number | number[],
        returnIndices?: R,
        ceilMode?: boolean,
      ],
      F.MaxPoolNdOptions & { returnIndices?: R }
    >
  );
  constructor(kernelSize: number | number[], o?: F.MaxPoolNdOptions & { returnIndices?: R });
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super(kernelSize, rest);
  }
  /** Pools `x`. */
  forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const o = this.options();
    const out = o.returnIndices
      ? F.maxPool1d(x, this.kernelSize, { ...o, returnIndices: true })
      : F.maxPool1d(x, this.kernelSize, { ...o, returnIndices: false });
    return out as R extends true ? [Tensor, Tensor] : Tensor;
  }
}

/**
 * 3D max pooling over [N, C, D, H, W] or [C, D, H, W].
 *
 * Args: `kernelSize`, then PyTorch's positional `stride` (default: kernelSize), `padding`, `dilation`,
 * `returnIndices`, `ceilMode`, or an options object. With returnIndices, forward returns
 * [output, indices] (PyTorch's tuple).
 */
export class MaxPool3d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(
    kernelSize: number | number[],
    stride?: number | number[] | null,
    padding?: number | number[],
    dilation?: number | number[],
    returnIndices?: R,
    ceilMode?: boolean,
  );
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    kernelSize: number | number[],
    ...args: ValuesThenOptions<
      [
        stride?: number | number[] | null,
        padding?: number | number[],
        dilation?: number | number[],
        returnIndices?: R,
        ceilMode?: boolean,
      ],
      F.MaxPoolNdOptions & { returnIndices?: R }
    >
  );
  constructor(kernelSize: number | number[], o?: F.MaxPoolNdOptions & { returnIndices?: R });
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super(kernelSize, rest);
  }
  /** Pools `x`. */
  forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const o = this.options();
    const out = o.returnIndices
      ? F.maxPool3d(x, this.kernelSize, { ...o, returnIndices: true })
      : F.maxPool3d(x, this.kernelSize, { ...o, returnIndices: false });
    return out as R extends true ? [Tensor, Tensor] : Tensor;
  }
}

/** PyTorch's _single: an int becomes a one-element tuple, a list stays as it is. */
function single(v: number | number[]): number[] {
  return typeof v === "number" ? [v] : v;
}

/** AvgPool1d's parameters after the required ones, in PyTorch's order. */
type AvgPool1dPositional = [
  stride?: number | number[] | null,
  padding?: number | number[],
  ceilMode?: boolean,
  countIncludePad?: boolean,
];
/**
 * 1D average pooling over [N, C, L] or [C, L].
 *
 * Args: `kernelSize`, then PyTorch's positional `stride` (default: kernelSize), `padding`, `ceilMode`,
 * `countIncludePad` (default true), or an options object. As in PyTorch, the sizes are kept (and
 * printed) as one-element tuples.
 */
export class AvgPool1d extends Module {
  /** The size of the pooling window, as given. */
  readonly kernelSize: number[];
  /** The step of the pooling window (default: the kernel size). */
  readonly stride: number[];
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  readonly padding: number[];
  /** Whether the output size rounds up instead of down. */
  readonly ceilMode: boolean;
  /** Whether the zero padding counts in each window's average (default true). */
  readonly countIncludePad: boolean;
  constructor(kernelSize: number | number[], ...args: AvgPool1dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(kernelSize: number | number[], ...args: ValuesThenOptions<AvgPool1dPositional, F.AvgPool1dOptions>);
  constructor(kernelSize: number | number[], o?: F.AvgPool1dOptions);
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super();
    const o = bindArgs(
      rest,
      ["stride", "padding", "ceilMode", "countIncludePad"],
      "AvgPool1d.__init__",
      2,
    ) as F.AvgPool1dOptions;
    this.kernelSize = single(kernelSize);
    this.stride = single(o.stride ?? kernelSize);
    this.padding = single(o.padding ?? 0);
    this.ceilMode = checkBool(o.ceilMode ?? false, "ceilMode");
    this.countIncludePad = checkBool(o.countIncludePad ?? true, "countIncludePad");
  }
  /** Pools `x`. */
  forward(x: Tensor): Tensor {
    return F.avgPool1d(x, this.kernelSize, this.stride, this.padding, this.ceilMode, this.countIncludePad);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

/** AvgPool3d's parameters after the required ones, in PyTorch's order. */
type AvgPool3dPositional = [
  stride?: number | number[] | null,
  padding?: number | number[],
  ceilMode?: boolean,
  countIncludePad?: boolean,
  divisorOverride?: number | null,
];
/**
 * 3D average pooling over [N, C, D, H, W] or [C, D, H, W].
 *
 * Args: `kernelSize`, then PyTorch's positional `stride` (default: kernelSize), `padding`, `ceilMode`,
 * `countIncludePad` (default true), `divisorOverride`, or an options object.
 */
export class AvgPool3d extends Module {
  /** The step of the pooling window (default: the kernel size). */
  readonly stride: number | number[];
  /** Implicit padding added on both sides of each pooled dimension (default 0). */
  readonly padding: number | number[];
  /** Whether the output size rounds up instead of down. */
  readonly ceilMode: boolean;
  /** Whether the zero padding counts in each window's average (default true). */
  readonly countIncludePad: boolean;
  /** When set, every window's sum is divided by it instead of the window's size. */
  readonly divisorOverride: number | null;
  constructor(kernelSize: number | number[], ...args: AvgPool3dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(kernelSize: number | number[], ...args: ValuesThenOptions<AvgPool3dPositional, F.AvgPool3dOptions>);
  constructor(kernelSize: number | number[], o?: F.AvgPool3dOptions);
  constructor(
    readonly kernelSize: number | number[],
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(
      rest,
      ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"],
      "AvgPool3d.__init__",
      2,
    ) as F.AvgPool3dOptions;
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.ceilMode = checkBool(o.ceilMode ?? false, "ceilMode");
    this.countIncludePad = checkBool(o.countIncludePad ?? true, "countIncludePad");
    this.divisorOverride = o.divisorOverride ?? null;
  }
  /** Pools `x`. */
  forward(x: Tensor): Tensor {
    return F.avgPool3d(x, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      ceilMode: this.ceilMode,
      countIncludePad: this.countIncludePad,
      divisorOverride: this.divisorOverride,
    });
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}

function adaptiveArgs(rest: unknown[]): void {
  if (rest.length > 0)
    throw new TypeError(`_AdaptiveAvgPoolNd.__init__() takes 2 positional arguments but ${rest.length + 2} were given`);
}

/** Average pooling of [N, C, L] or [C, L] to `outputSize` positions. */
export class AdaptiveAvgPool1d extends Module {
  constructor(
    readonly outputSize: number | number[],
    ...rest: never[]
  ) {
    super();
    adaptiveArgs(rest);
  }
  /** Pools `x`. */
  forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool1d(x, this.outputSize);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** Average pooling of [N, C, D, H, W] or [C, D, H, W] to `outputSize`; a null entry keeps the input's size there. */
export class AdaptiveAvgPool3d extends Module {
  constructor(
    readonly outputSize: number | Array<number | null>,
    ...rest: never[]
  ) {
    super();
    adaptiveArgs(rest);
  }
  /** Pools `x`. */
  forward(x: Tensor): Tensor {
    return F.adaptiveAvgPool3d(x, this.outputSize);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

/** PyTorch's _LPPoolNd: the arguments as given, printed as stored. */
abstract class LPPoolNd extends Module {
  readonly stride: number | number[] | null;
  readonly ceilMode: boolean;
  protected constructor(
    readonly normType: number,
    readonly kernelSize: number | number[],
    rest: unknown[],
    name: string,
  ) {
    super();
    const o = bindArgs(rest, ["stride", "ceilMode"], `${name}.__init__`, 3) as {
      stride?: number | number[] | null;
      ceilMode?: boolean;
    };
    this.stride = o.stride ?? null;
    this.ceilMode = o.ceilMode ?? false;
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `norm_type=${py(this.normType)}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, ceil_mode=${py(this.ceilMode)}`;
  }
}
/** LPPool1d's parameters after the required ones, in PyTorch's order. */
type LPPool1dPositional = [stride?: number | null, ceilMode?: boolean];
/** Power-average pooling over [N, C, L]: (sum over the window of x ** p) ** (1 / p). Positional LPPool1d(normType, kernelSize, stride, ceilMode). */
export class LPPool1d extends LPPoolNd {
  constructor(normType: number, kernelSize: number, ...args: LPPool1dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    normType: number,
    kernelSize: number,
    ...args: ValuesThenOptions<LPPool1dPositional, { stride?: number | null; ceilMode?: boolean }>
  );
  constructor(normType: number, kernelSize: number, o?: { stride?: number | null; ceilMode?: boolean });
  constructor(normType: number, kernelSize: number, ...rest: unknown[]) {
    super(normType, kernelSize, rest, "LPPool1d");
  }
  forward(x: Tensor): Tensor {
    return F.lpPool1d(x, this.normType, this.kernelSize as number, this.stride, this.ceilMode);
  }
}
/** LPPool2d's parameters after the required ones, in PyTorch's order. */
type LPPool2dPositional = [stride?: number | number[] | null, ceilMode?: boolean];
/** Power-average pooling over [N, C, H, W]. Positional LPPool2d(normType, kernelSize, stride, ceilMode). */
export class LPPool2d extends LPPoolNd {
  constructor(normType: number, kernelSize: number | number[], ...args: LPPool2dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    normType: number,
    kernelSize: number | number[],
    ...args: ValuesThenOptions<LPPool2dPositional, { stride?: number | number[] | null; ceilMode?: boolean }>
  );
  constructor(
    normType: number,
    kernelSize: number | number[],
    o?: { stride?: number | number[] | null; ceilMode?: boolean },
  );
  constructor(normType: number, kernelSize: number | number[], ...rest: unknown[]) {
    super(normType, kernelSize, rest, "LPPool2d");
  }
  forward(x: Tensor): Tensor {
    return F.lpPool2d(x, this.normType, this.kernelSize, this.stride, this.ceilMode);
  }
}

/** Max pooling of [N, C, L] or [C, L] to `outputSize` positions; with returnIndices, [output, indices]. */
export class AdaptiveMaxPool1d<R extends boolean = false> extends Module {
  readonly returnIndices: R;
  constructor(outputSize: number | number[], returnIndices?: R);
  constructor(outputSize: number | number[], o?: { returnIndices?: R });
  constructor(
    readonly outputSize: number | number[],
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["returnIndices"], "_AdaptiveMaxPoolNd.__init__", 2) as { returnIndices?: boolean };
    this.returnIndices = checkBool(o.returnIndices ?? false, "returnIndices") as R;
  }
  forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const out = this.returnIndices
      ? F.adaptiveMaxPool1d(x, this.outputSize, true)
      : F.adaptiveMaxPool1d(x, this.outputSize);
    return out as R extends true ? [Tensor, Tensor] : Tensor;
  }
  extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}
/** Max pooling of [N, C, D, H, W] or [C, D, H, W] to `outputSize` (null entries keep the input's size). */
export class AdaptiveMaxPool3d<R extends boolean = false> extends Module {
  readonly returnIndices: R;
  constructor(outputSize: number | Array<number | null>, returnIndices?: R);
  constructor(outputSize: number | Array<number | null>, o?: { returnIndices?: R });
  constructor(
    readonly outputSize: number | Array<number | null>,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["returnIndices"], "_AdaptiveMaxPoolNd.__init__", 2) as { returnIndices?: boolean };
    this.returnIndices = checkBool(o.returnIndices ?? false, "returnIndices") as R;
  }
  forward(x: Tensor): R extends true ? [Tensor, Tensor] : Tensor {
    const out = this.returnIndices
      ? F.adaptiveMaxPool3d(x, this.outputSize, true)
      : F.adaptiveMaxPool3d(x, this.outputSize);
    return out as R extends true ? [Tensor, Tensor] : Tensor;
  }
  extraRepr(): string {
    return `output_size=${py(this.outputSize)}`;
  }
}

function unpoolTuple(v: number | number[], n: number): number[] {
  return typeof v === "number" ? new Array<number>(n).fill(v) : [...v];
}
/** PyTorch's _MaxUnpoolNd: kernel size, stride (default the kernel size) and padding as n-tuples. */
abstract class MaxUnpoolNd extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  protected constructor(n: number, kernelSize: number | number[], rest: unknown[], name: string) {
    super();
    const o = bindArgs(rest, ["stride", "padding"], `${name}.__init__`, 2) as F.MaxUnpoolNdOptions;
    this.kernelSize = unpoolTuple(kernelSize, n);
    this.stride = unpoolTuple(o.stride ?? kernelSize, n);
    this.padding = unpoolTuple(o.padding ?? 0, n);
  }
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}`;
  }
}
/** MaxUnpool1d's parameters after the required ones, in PyTorch's order. */
type MaxUnpool1dPositional = [stride?: number | number[] | null, padding?: number | number[]];
/** The partial inverse of MaxPool1d. Positional MaxUnpool1d(kernelSize, stride, padding). */
export class MaxUnpool1d extends MaxUnpoolNd {
  constructor(kernelSize: number | number[], ...args: MaxUnpool1dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    kernelSize: number | number[],
    ...args: ValuesThenOptions<
      MaxUnpool1dPositional,
      { stride?: number | number[] | null; padding?: number | number[] }
    >
  );
  constructor(kernelSize: number | number[], o?: { stride?: number | number[] | null; padding?: number | number[] });
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super(1, kernelSize, rest, "MaxUnpool1d");
  }
  forward(x: Tensor, indices: Tensor, outputSize?: number[] | null): Tensor {
    return F.maxUnpool1d(x, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
}
/** MaxUnpool3d's parameters after the required ones, in PyTorch's order. */
type MaxUnpool3dPositional = [stride?: number | number[] | null, padding?: number | number[]];
/** The partial inverse of MaxPool3d. Positional MaxUnpool3d(kernelSize, stride, padding). */
export class MaxUnpool3d extends MaxUnpoolNd {
  constructor(kernelSize: number | number[], ...args: MaxUnpool3dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    kernelSize: number | number[],
    ...args: ValuesThenOptions<
      MaxUnpool3dPositional,
      { stride?: number | number[] | null; padding?: number | number[] }
    >
  );
  constructor(kernelSize: number | number[], o?: { stride?: number | number[] | null; padding?: number | number[] });
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super(3, kernelSize, rest, "MaxUnpool3d");
  }
  forward(x: Tensor, indices: Tensor, outputSize?: number[] | null): Tensor {
    return F.maxUnpool3d(x, indices, this.kernelSize, { stride: this.stride, padding: this.padding, outputSize });
  }
}

/** nn.FractionalMaxPool2d / 3d's options (PyTorch's keyword arguments). */
export interface FractionalMaxPoolModuleOptions {
  outputSize?: number | number[] | null;
  outputRatio?: number | number[] | null;
  returnIndices?: boolean;
  randomSamples?: Tensor | null;
}
/** _pair / _triple of a float (output ratios are not integers). */
function ratios(v: number | number[], n: number): number[] {
  const list = typeof v === "number" ? Array(n).fill(v) : v;
  if (!Array.isArray(list) || list.length !== n || list.some((r) => typeof r !== "number"))
    throw new TypeError(`output_ratio must be a number or ${n} numbers`);
  return list;
}
abstract class FractionalMaxPoolNd extends Module {
  readonly kernelSize: number[];
  readonly outputSize: number[] | null;
  readonly outputRatio: number[] | null;
  readonly returnIndices: boolean;
  protected constructor(n: 2 | 3, kernelSize: number | number[], rest: unknown[]) {
    super();
    const name = `FractionalMaxPool${n}d`;
    const o = bindArgs(
      rest,
      ["outputSize", "outputRatio", "returnIndices", "randomSamples"],
      `${name}.__init__`,
      2,
    ) as FractionalMaxPoolModuleOptions;
    this.kernelSize = ntuple(kernelSize, n, "kernel_size");
    this.returnIndices = checkBool(o.returnIndices ?? false, "return_indices");
    this.registerBuffer("_random_samples", o.randomSamples ?? null);
    this.outputSize = o.outputSize == null ? null : ntuple(o.outputSize, n, "output_size");
    this.outputRatio = o.outputRatio == null ? null : ratios(o.outputRatio, n);
    if (this.outputSize === null && this.outputRatio === null)
      throw new ValueError(`${name} requires specifying either an output size, or a pooling ratio`);
    if (this.outputSize !== null && this.outputRatio !== null)
      throw new ValueError("only one of output_size and output_ratio may be specified");
    if (this.outputRatio !== null && !this.outputRatio.every((r) => r > 0 && r < 1))
      throw new ValueError(`output_ratio must be between 0 and 1 (got ${py(o.outputRatio)})`);
  }
  protected pool(x: Tensor, run: typeof F.fractionalMaxPool2d): Tensor | [Tensor, Tensor] {
    return run(x, this.kernelSize, {
      outputSize: this.outputSize,
      outputRatio: this.outputRatio,
      returnIndices: this.returnIndices,
      randomSamples: this.getBuffer("_random_samples") ?? null,
    });
  }
}
/** Fractional max pooling of [N, C, H, W] or [C, H, W] (Graham's pseudo-random pooling regions). */
export class FractionalMaxPool2d extends FractionalMaxPoolNd {
  constructor(
    kernelSize: number | number[],
    outputSize?: number | number[] | null,
    outputRatio?: number | number[] | null,
    returnIndices?: boolean,
  );
  constructor(kernelSize: number | number[], o: FractionalMaxPoolModuleOptions);
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super(2, kernelSize, rest);
  }
  forward(x: Tensor): Tensor | [Tensor, Tensor] {
    return this.pool(x, F.fractionalMaxPool2d);
  }
}
/** Fractional max pooling of [N, C, D, H, W] or [C, D, H, W]. */
export class FractionalMaxPool3d extends FractionalMaxPoolNd {
  constructor(
    kernelSize: number | number[],
    outputSize?: number | number[] | null,
    outputRatio?: number | number[] | null,
    returnIndices?: boolean,
  );
  constructor(kernelSize: number | number[], o: FractionalMaxPoolModuleOptions);
  constructor(kernelSize: number | number[], ...rest: unknown[]) {
    super(3, kernelSize, rest);
  }
  forward(x: Tensor): Tensor | [Tensor, Tensor] {
    return this.pool(x, F.fractionalMaxPool3d as typeof F.fractionalMaxPool2d);
  }
}
