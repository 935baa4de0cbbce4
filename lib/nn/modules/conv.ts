import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { checkInt, ntuple, pair } from "../../utils/check";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py, pySize } from "../../utils/pyrepr";
import type { Conv2dOptions, ConvTransposeOptions, PaddingMode } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { emptyParameter, type Parameter, UninitializedParameter } from "../parameter";
import { LazyModuleMixin } from "./lazy";

const CONV2D_ARGS = ["stride", "padding", "dilation", "groups", "bias", "paddingMode", "device", "dtype"] as const;

export class Conv2d extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly kernelSize: [number, number];
  readonly stride: [number, number];
  readonly padding: [number, number] | "same" | "valid";
  readonly dilation: [number, number];
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  /** PyTorch's positional form: Conv2d(in, out, kernel, stride, padding, dilation, groups, bias, paddingMode, ...). */
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...args: ConvArgs);
  /** Some values in PyTorch's order, then options for the rest: Conv(in, out, 4, 2, 1, { bias: false }). */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    ...args: ValuesThenOptions<ConvArgs, Conv2dOptions>
  );
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], o?: Conv2dOptions);
  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | number[],
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, CONV2D_ARGS, "Conv2d.__init__", 4) as Conv2dOptions;
    if (o.bias !== undefined && typeof o.bias !== "boolean")
      throw new TypeError(`bias must be a bool, not ${typeof o.bias}`);
    checkInt(inChannels, "inChannels");
    checkInt(outChannels, "outChannels");
    this.kernelSize = pair(kernelSize, "kernel_size");
    this.stride = pair(o.stride ?? 1, "stride");
    const padding = o.padding ?? 0;
    this.dilation = pair(o.dilation ?? 1, "dilation");
    this.groups = checkInt(o.groups ?? 1, "groups");
    this.paddingMode = o.paddingMode ?? "zeros";
    if (this.groups <= 0) throw new Error("groups must be a positive integer");
    if (inChannels % this.groups !== 0) throw new Error("in_channels must be divisible by groups");
    if (outChannels % this.groups !== 0) throw new Error("out_channels must be divisible by groups");
    if (!["zeros", "reflect", "replicate", "circular"].includes(this.paddingMode)) {
      throw new Error(
        `padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${this.paddingMode}'`,
      );
    }
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid")
        throw new Error(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === "same" && this.stride.some((s) => s !== 1))
        throw new Error("padding='same' is not supported for strided convolutions");
      this.padding = padding;
    } else {
      this.padding = pair(padding, "padding");
    }
    this.weight = emptyParameter([outChannels, inChannels / this.groups, ...this.kernelSize], o);
    if (o.bias ?? true) this.bias = emptyParameter([outChannels], o);
    else this.registerParameter("bias", null);
    this.resetParameters();
  }

  resetParameters(): void {
    init.resetWeightAndBias(this.weight, this.bias, true);
  }

  forward(x: Tensor): Tensor {
    if (this.paddingMode !== "zeros" && this.padding !== "valid") {
      // As PyTorch: pad explicitly with the mode, then convolve without padding.
      const padded = F.pad(x, this.reversedPaddingRepeatedTwice(), this.paddingMode);
      const out = F.conv2d(padded, this.weight, this.bias, {
        stride: this.stride,
        padding: 0,
        dilation: this.dilation,
        groups: this.groups,
      });
      padded.dispose();
      return out;
    }
    return F.conv2d(x, this.weight, this.bias, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      groups: this.groups,
    });
  }

  /** PyTorch's `_reversed_padding_repeated_twice`: for "same" an odd total puts the extra column right/bottom. */
  private reversedPaddingRepeatedTwice(): number[] {
    if (this.padding === "valid") return [0, 0, 0, 0];
    if (this.padding !== "same") {
      const [ph, pw] = this.padding;
      return [pw, pw, ph, ph];
    }
    const out: number[] = [];
    for (const i of [1, 0]) {
      const total = this.dilation[i] * (this.kernelSize[i] - 1);
      const left = Math.floor(total / 2);
      out.push(left, total - left);
    }
    return out;
  }

  extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
    if (typeof this.padding === "string" || this.padding.some((p) => p !== 0)) s += `, padding=${py(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

/** _ConvNd's checks shared by Conv1d/Conv3d and the transposed convolutions. */
function checkGroups(inChannels: number, outChannels: number, groups: number): void {
  if (groups <= 0) throw new ValueError("groups must be a positive integer");
  if (inChannels % groups !== 0) throw new ValueError("in_channels must be divisible by groups");
  if (outChannels % groups !== 0) throw new ValueError("out_channels must be divisible by groups");
}

/** Conv1d and Conv3d: Conv2d's rules over 1 or 3 spatial dimensions. */
abstract class ConvNd extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  constructor(
    private readonly dims: 1 | 3,
    cls: string,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | number[],
    rest: unknown[],
  ) {
    super();
    const o = bindArgs(rest, CONV2D_ARGS, `${cls}.__init__`, 4) as Conv2dOptions;
    if (o.bias !== undefined && typeof o.bias !== "boolean")
      throw new TypeError(`bias must be a bool, not ${typeof o.bias}`);
    checkInt(inChannels, "inChannels");
    checkInt(outChannels, "outChannels");
    this.kernelSize = ntuple(kernelSize, dims, "kernel_size");
    this.stride = ntuple(o.stride ?? 1, dims, "stride");
    this.dilation = ntuple(o.dilation ?? 1, dims, "dilation");
    this.groups = checkInt(o.groups ?? 1, "groups");
    this.paddingMode = o.paddingMode ?? "zeros";
    checkGroups(inChannels, outChannels, this.groups);
    const padding = o.padding ?? 0;
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid")
        throw new ValueError(`Invalid padding string '${padding}', should be one of {'valid', 'same'}`);
      if (padding === "same" && this.stride.some((v) => v !== 1))
        throw new ValueError("padding='same' is not supported for strided convolutions");
      this.padding = padding;
    } else this.padding = ntuple(padding, dims, "padding");
    if (!["zeros", "reflect", "replicate", "circular"].includes(this.paddingMode)) {
      throw new ValueError(
        `padding_mode must be one of ['zeros', 'reflect', 'replicate', 'circular'], but got padding_mode='${this.paddingMode}'`,
      );
    }
    this.weight = emptyParameter([outChannels, inChannels / this.groups, ...this.kernelSize], o);
    if (o.bias ?? true) this.bias = emptyParameter([outChannels], o);
    else this.registerParameter("bias", null);
    this.resetParameters();
  }

  resetParameters(): void {
    init.resetWeightAndBias(this.weight, this.bias, true);
  }

  private conv(x: Tensor, padding: number[] | "same" | "valid"): Tensor {
    const o = { stride: this.stride, padding, dilation: this.dilation, groups: this.groups };
    return this.dims === 1 ? F.conv1d(x, this.weight, this.bias, o) : F.conv3d(x, this.weight, this.bias, o);
  }

  forward(x: Tensor): Tensor {
    if (this.paddingMode === "zeros") return this.conv(x, this.padding);
    const padded = F.pad(x, this.reversedPaddingRepeatedTwice(), this.paddingMode);
    const out = this.conv(padded, new Array<number>(this.dims).fill(0));
    padded.dispose();
    return out;
  }

  /** PyTorch's `_reversed_padding_repeated_twice`: last dimension first; "same" puts an odd extra at the end. */
  private reversedPaddingRepeatedTwice(): number[] {
    const out: number[] = [];
    for (let i = this.dims - 1; i >= 0; i--) {
      if (this.padding === "valid") out.push(0, 0);
      else if (this.padding === "same") {
        const total = this.dilation[i] * (this.kernelSize[i] - 1);
        const left = Math.floor(total / 2);
        out.push(left, total - left);
      } else out.push(this.padding[i], this.padding[i]);
    }
    return out;
  }

  extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
    if (typeof this.padding === "string" || this.padding.some((p) => p !== 0)) s += `, padding=${py(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.paddingMode !== "zeros") s += `, padding_mode=${this.paddingMode}`;
    return s;
  }
}

export class Conv1d extends ConvNd {
  /** PyTorch's positional form: Conv1d(in, out, kernel, stride, padding, dilation, groups, bias, paddingMode, ...). */
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...args: ConvArgs);
  /** Some values in PyTorch's order, then options for the rest: Conv(in, out, 4, 2, 1, { bias: false }). */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    ...args: ValuesThenOptions<ConvArgs, Conv2dOptions>
  );
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], o?: Conv2dOptions);
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
    super(1, "Conv1d", inChannels, outChannels, kernelSize, rest);
  }
}

export class Conv3d extends ConvNd {
  /** PyTorch's positional form: Conv3d(in, out, kernel, stride, padding, dilation, groups, bias, paddingMode, ...). */
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...args: ConvArgs);
  /** Some values in PyTorch's order, then options for the rest: Conv(in, out, 4, 2, 1, { bias: false }). */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    ...args: ValuesThenOptions<ConvArgs, Conv2dOptions>
  );
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], o?: Conv2dOptions);
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
    super(3, "Conv3d", inChannels, outChannels, kernelSize, rest);
  }
}

const CONV_TRANSPOSE_ARGS = [
  "stride",
  "padding",
  "outputPadding",
  "groups",
  "bias",
  "dilation",
  "paddingMode",
  "device",
  "dtype",
] as const;

/** PyTorch's _ConvTransposeNd: weight [in, out / groups, ...kernel]; forward(x, outputSize?) picks the output padding. */
abstract class ConvTransposeNd extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode = "zeros" as const;

  constructor(
    private readonly dims: 1 | 2 | 3,
    cls: string,
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | number[],
    rest: unknown[],
  ) {
    super();
    const o = bindArgs(rest, CONV_TRANSPOSE_ARGS, `${cls}.__init__`, 4) as ConvTransposeOptions;
    if (o.bias !== undefined && typeof o.bias !== "boolean")
      throw new TypeError(`bias must be a bool, not ${typeof o.bias}`);
    if ((o.paddingMode ?? "zeros") !== "zeros")
      throw new ValueError(`Only "zeros" padding mode is supported for ${cls}`);
    checkInt(inChannels, "inChannels");
    checkInt(outChannels, "outChannels");
    this.kernelSize = ntuple(kernelSize, dims, "kernel_size");
    this.stride = ntuple(o.stride ?? 1, dims, "stride");
    this.padding = ntuple(o.padding ?? 0, dims, "padding");
    this.outputPadding = ntuple(o.outputPadding ?? 0, dims, "output_padding");
    this.dilation = ntuple(o.dilation ?? 1, dims, "dilation");
    this.groups = checkInt(o.groups ?? 1, "groups");
    checkGroups(inChannels, outChannels, this.groups);
    this.weight = emptyParameter([inChannels, outChannels / this.groups, ...this.kernelSize], o);
    if (o.bias ?? true) this.bias = emptyParameter([outChannels], o);
    else this.registerParameter("bias", null);
    this.resetParameters();
  }

  resetParameters(): void {
    init.resetWeightAndBias(this.weight, this.bias, true);
  }

  /** PyTorch's _output_padding: the output padding that makes the output `outputSize`, checked to be reachable. */
  private outputPaddingFor(x: Tensor, outputSize: number[] | null | undefined): number[] {
    if (outputSize == null) return this.outputPadding;
    const n = this.dims;
    const nonSpatial = x.dim() === n + 2 ? 2 : 1;
    let size = [...outputSize];
    if (size.length === nonSpatial + n) size = size.slice(nonSpatial);
    if (size.length !== n) {
      throw new ValueError(
        `ConvTranspose${n}D: for ${x.dim()}D input, output_size must have ${n} or ${nonSpatial + n} elements (got ${outputSize.length})`,
      );
    }
    const mins: number[] = [];
    const maxs: number[] = [];
    for (let d = 0; d < n; d++) {
      const min =
        (x.size(d + nonSpatial) - 1) * this.stride[d] -
        2 * this.padding[d] +
        this.dilation[d] * (this.kernelSize[d] - 1) +
        1;
      mins.push(min);
      maxs.push(min + this.stride[d] - 1);
    }
    for (let d = 0; d < n; d++) {
      if (size[d] < mins[d] || size[d] > maxs[d]) {
        throw new ValueError(
          `requested an output size of [${size.join(", ")}], but valid sizes range from [${mins.join(", ")}] to ` +
            `[${maxs.join(", ")}] (for an input of ${pySize(x.shape.slice(2))})`,
        );
      }
    }
    return size.map((v, d) => v - mins[d]);
  }

  forward(x: Tensor, outputSize?: number[] | null): Tensor {
    const o = {
      stride: this.stride,
      padding: this.padding,
      outputPadding: this.outputPaddingFor(x, outputSize),
      groups: this.groups,
      dilation: this.dilation,
    };
    if (this.dims === 1) return F.convTranspose1d(x, this.weight, this.bias, o);
    if (this.dims === 2) return F.convTranspose2d(x, this.weight, this.bias, o);
    return F.convTranspose3d(x, this.weight, this.bias, o);
  }

  extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}`;
    if (this.padding.some((p) => p !== 0)) s += `, padding=${py(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${py(this.dilation)}`;
    if (this.outputPadding.some((p) => p !== 0)) s += `, output_padding=${py(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    return s;
  }
}

type ConvArgs = [
  stride?: number | number[],
  padding?: Conv2dOptions["padding"],
  dilation?: number | number[],
  groups?: number,
  bias?: boolean,
  paddingMode?: PaddingMode,
  device?: Conv2dOptions["device"],
  dtype?: Conv2dOptions["dtype"],
];

type ConvTArgs = [
  stride?: number | number[],
  padding?: number | number[],
  outputPadding?: number | number[],
  groups?: number,
  bias?: boolean,
  dilation?: number | number[],
  paddingMode?: "zeros",
  device?: ConvTransposeOptions["device"],
  dtype?: ConvTransposeOptions["dtype"],
];

export class ConvTranspose1d extends ConvTransposeNd {
  /** PyTorch's positional form: (in, out, kernel, stride, padding, outputPadding, groups, bias, dilation, paddingMode, ...). */
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...args: ConvTArgs);
  /** Some values in PyTorch's order, then options for the rest: ConvTranspose(in, out, 4, 2, 1, { bias: false }). */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    ...args: ValuesThenOptions<ConvTArgs, ConvTransposeOptions>
  );
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], o?: ConvTransposeOptions);
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
    super(1, "ConvTranspose1d", inChannels, outChannels, kernelSize, rest);
  }
}
export class ConvTranspose2d extends ConvTransposeNd {
  /** PyTorch's positional form: (in, out, kernel, stride, padding, outputPadding, groups, bias, dilation, paddingMode, ...). */
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...args: ConvTArgs);
  /** Some values in PyTorch's order, then options for the rest: ConvTranspose(in, out, 4, 2, 1, { bias: false }). */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    ...args: ValuesThenOptions<ConvTArgs, ConvTransposeOptions>
  );
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], o?: ConvTransposeOptions);
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
    super(2, "ConvTranspose2d", inChannels, outChannels, kernelSize, rest);
  }
}
export class ConvTranspose3d extends ConvTransposeNd {
  /** PyTorch's positional form: (in, out, kernel, stride, padding, outputPadding, groups, bias, dilation, paddingMode, ...). */
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...args: ConvTArgs);
  /** Some values in PyTorch's order, then options for the rest: ConvTranspose(in, out, 4, 2, 1, { bias: false }). */
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    ...args: ValuesThenOptions<ConvTArgs, ConvTransposeOptions>
  );
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], o?: ConvTransposeOptions);
  constructor(inChannels: number, outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
    super(3, "ConvTranspose3d", inChannels, outChannels, kernelSize, rest);
  }
}

// ---- Lazy convolutions (torch/nn/modules/conv.py _LazyConvXdMixin): in_channels from the first input.

type ConvClass = new (
  inChannels: number,
  outChannels: number,
  kernelSize: number | number[],
  o?: object,
) => Module & {
  weight: Parameter;
  bias: Parameter | null;
  readonly groups: number;
  readonly kernelSize: number[];
  resetParameters(): void;
};

function lazyConv<C extends ConvClass>(Base: C, name: string, dims: number, transposed: boolean) {
  const names = transposed ? CONV_TRANSPOSE_ARGS : CONV2D_ARGS;
  abstract class LazyConv extends LazyModuleMixin(Base) {
    static clsToBecome = Base;
    constructor(outChannels: number, kernelSize: number | number[], ...rest: unknown[]) {
      const o = bindArgs(rest, names, `${name}.__init__`, 3) as Conv2dOptions & { bias?: boolean };
      if (o.bias !== undefined && typeof o.bias !== "boolean")
        throw new TypeError(`bias must be a bool, not ${typeof o.bias}`);
      checkInt(outChannels, "outChannels");
      // As PyTorch: the layer is built with 0 channels and no bias, then given uninitialized parameters.
      super(0, 0, kernelSize, { ...o, bias: false });
      const factory = { device: o.device, dtype: o.dtype };
      (this as unknown as { outChannels: number }).outChannels = outChannels;
      (this as unknown as { weight: UninitializedParameter }).weight = new UninitializedParameter(false, factory);
      if (o.bias ?? true)
        (this as unknown as { bias: UninitializedParameter }).bias = new UninitializedParameter(false, factory);
    }
    resetParameters(): void {
      if (!this.hasUninitializedParams() && (this as unknown as { inChannels: number }).inChannels !== 0)
        super.resetParameters();
    }
    initializeParameters(x: Tensor): void {
      if (!this.hasUninitializedParams()) return;
      if (x.dim() !== dims + 1 && x.dim() !== dims + 2)
        throw new Error(
          `Expected ${dims + 1}D (unbatched) or ${dims + 2}D (batched) input to ${name}, but got input of size: ${pySize(x.shape)}`,
        );
      const inChannels = x.dim() === dims + 2 ? x.size(1) : x.size(0);
      if (inChannels % this.groups !== 0) throw new ValueError("in_channels must be divisible by groups");
      const self = this as unknown as { inChannels: number; outChannels: number };
      self.inChannels = inChannels;
      const out = self.outChannels;
      const shape = transposed
        ? [inChannels, out / this.groups, ...this.kernelSize]
        : [out, inChannels / this.groups, ...this.kernelSize];
      this.materializeParameter("weight", shape);
      this.materializeParameter("bias", [out]);
      this.resetParameters();
    }
  }
  Object.defineProperty(LazyConv, "name", { value: name });
  return LazyConv;
}

type LazyConvCtor = {
  /** PyTorch's positional form: (outChannels, kernelSize, stride, padding, dilation, groups, bias, paddingMode, ...). */
  new (
    outChannels: number,
    kernelSize: number | number[],
    ...rest: Array<number | number[] | string | boolean | undefined>
  ): Conv1d & { hasUninitializedParams(): boolean };
  new (
    outChannels: number,
    kernelSize: number | number[],
    o?: Conv2dOptions,
  ): Conv1d & { hasUninitializedParams(): boolean };
};
type LazyConvTransposeCtor = {
  /** PyTorch's positional form: (outChannels, kernelSize, stride, padding, outputPadding, groups, bias, dilation, ...). */
  new (
    outChannels: number,
    kernelSize: number | number[],
    ...rest: Array<number | number[] | string | boolean | undefined>
  ): ConvTranspose1d & { hasUninitializedParams(): boolean };
  new (
    outChannels: number,
    kernelSize: number | number[],
    o?: ConvTransposeOptions,
  ): ConvTranspose1d & { hasUninitializedParams(): boolean };
};

/** nn.LazyConv1d: a {@link Conv1d} whose `inChannels` comes from the first input (`size(1)`, or `size(0)` unbatched). */
export const LazyConv1d = lazyConv(Conv1d as unknown as ConvClass, "LazyConv1d", 1, false) as unknown as LazyConvCtor;
/** nn.LazyConv2d: a {@link Conv2d} whose `inChannels` comes from the first input. */
export const LazyConv2d = lazyConv(Conv2d as unknown as ConvClass, "LazyConv2d", 2, false) as unknown as LazyConvCtor;
/** nn.LazyConv3d: a {@link Conv3d} whose `inChannels` comes from the first input. */
export const LazyConv3d = lazyConv(Conv3d as unknown as ConvClass, "LazyConv3d", 3, false) as unknown as LazyConvCtor;
/** nn.LazyConvTranspose1d: a {@link ConvTranspose1d} whose `inChannels` comes from the first input. */
export const LazyConvTranspose1d = lazyConv(
  ConvTranspose1d as unknown as ConvClass,
  "LazyConvTranspose1d",
  1,
  true,
) as unknown as LazyConvTransposeCtor;
/** nn.LazyConvTranspose2d: a {@link ConvTranspose2d} whose `inChannels` comes from the first input. */
export const LazyConvTranspose2d = lazyConv(
  ConvTranspose2d as unknown as ConvClass,
  "LazyConvTranspose2d",
  2,
  true,
) as unknown as LazyConvTransposeCtor;
/** nn.LazyConvTranspose3d: a {@link ConvTranspose3d} whose `inChannels` comes from the first input. */
export const LazyConvTranspose3d = lazyConv(
  ConvTranspose3d as unknown as ConvClass,
  "LazyConvTranspose3d",
  3,
  true,
) as unknown as LazyConvTransposeCtor;
