// nn.Fold / nn.Unfold (PyTorch 1.13's arguments, kept as given and printed as stored), ATen's col2im/im2col.

import type { Tensor } from "../../tensor";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py } from "../../utils/pyrepr";
import * as F from "../functional";
import { Module } from "../module";

type Size = number | number[];
interface FoldArgs {
  dilation?: Size;
  padding?: Size;
  stride?: Size;
}

/** Fold's parameters after the required ones, in PyTorch's order. */
type FoldPositional = [dilation?: Size, padding?: Size, stride?: Size];
/** Sums sliding-block columns [N, C * prod(kernelSize), L] back into [N, C, *outputSize]. */
export class Fold extends Module {
  readonly dilation: Size;
  readonly padding: Size;
  readonly stride: Size;
  constructor(outputSize: Size, kernelSize: Size, ...args: FoldPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(outputSize: Size, kernelSize: Size, ...args: ValuesThenOptions<FoldPositional, FoldArgs>);
  constructor(outputSize: Size, kernelSize: Size, o?: FoldArgs);
  constructor(
    readonly outputSize: Size,
    readonly kernelSize: Size,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["dilation", "padding", "stride"], "Fold.__init__", 3) as FoldArgs;
    this.dilation = o.dilation ?? 1;
    this.padding = o.padding ?? 0;
    this.stride = o.stride ?? 1;
  }
  /** Folds `x` ([N, C * kH * kW, L] or unbatched). */
  forward(x: Tensor): Tensor {
    return F.fold(x, this.outputSize, this.kernelSize, this.dilation, this.padding, this.stride);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `output_size=${py(this.outputSize)}, kernel_size=${py(this.kernelSize)}, dilation=${py(this.dilation)}, padding=${py(this.padding)}, stride=${py(this.stride)}`;
  }
}

/** Unfold's parameters after the required ones, in PyTorch's order. */
type UnfoldPositional = [dilation?: Size, padding?: Size, stride?: Size];
/** Extracts sliding blocks of [N, C, H, W] as columns [N, C * prod(kernelSize), L]. */
export class Unfold extends Module {
  readonly dilation: Size;
  readonly padding: Size;
  readonly stride: Size;
  constructor(kernelSize: Size, ...args: UnfoldPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(kernelSize: Size, ...args: ValuesThenOptions<UnfoldPositional, FoldArgs>);
  constructor(kernelSize: Size, o?: FoldArgs);
  constructor(
    readonly kernelSize: Size,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, ["dilation", "padding", "stride"], "Unfold.__init__", 2) as FoldArgs;
    this.dilation = o.dilation ?? 1;
    this.padding = o.padding ?? 0;
    this.stride = o.stride ?? 1;
  }
  /** Unfolds `x` ([N, C, H, W] or [C, H, W]). */
  forward(x: Tensor): Tensor {
    return F.unfold(x, this.kernelSize, this.dilation, this.padding, this.stride);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, dilation=${py(this.dilation)}, padding=${py(this.padding)}, stride=${py(this.stride)}`;
  }
}
