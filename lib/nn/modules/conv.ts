import type { Tensor } from "../../tensor";
import { checkInt, pair } from "../../utils/check";
import { bindArgs } from "../../utils/kwargs";
import { py } from "../../utils/pyrepr";
import type { Conv2dOptions, PaddingMode } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { emptyParameter, type Parameter } from "../parameter";

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
  constructor(
    inChannels: number,
    outChannels: number,
    kernelSize: number | number[],
    stride?: number | number[],
    padding?: Conv2dOptions["padding"],
    dilation?: number | number[],
    groups?: number,
    bias?: boolean,
    paddingMode?: PaddingMode,
    device?: Conv2dOptions["device"],
    dtype?: Conv2dOptions["dtype"],
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
