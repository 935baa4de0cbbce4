// torch.nn's padding layers (torch/nn/modules/padding.py in PyTorch 1.13): ConstantPad1d/2d/3d, ZeroPad2d,
// ReflectionPad1d/2d/3d and ReplicationPad1d/2d/3d, each F.pad with its mode (native at::pad).

import type { Tensor } from "../../tensor";
import { pyFloat } from "../../utils/pyrepr";
import { padImpl, pyRepr } from "../functional_resample";
import { Module } from "../module";
import { bindRequired } from "./signature";

/** PyTorch's _pair/_quadruple/_ntuple(6): a sequence is kept as it is (any length), a value repeated n times. */
function ntuple(v: unknown, n: number): number[] {
  if (Array.isArray(v)) return [...v];
  return Array.from({ length: n }, () => v as number);
}
/** Python's str() of the fill value, a float in PyTorch's signature (a bool or string prints as itself). */
const pyStr = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? pyFloat(v) : pyRepr(v));

/** The padding a layer takes: one amount for every side, or (left, right[, top, bottom[, front, back]]). */
export type PaddingSize = number | number[];

/** _ConstantPadNd: F.pad(x, padding, "constant", value). */
abstract class ConstantPadNd extends Module {
  /** The amounts, last dimension first: (left, right[, top, bottom[, front, back]]). */
  readonly padding: number[];
  /** The fill value. */
  readonly value: number;
  constructor(padding: unknown, value: unknown, n: number) {
    super();
    this.padding = ntuple(padding, n);
    this.value = value as number;
  }
  /** Pads `x` with `value`. */
  forward(x: Tensor): Tensor {
    return padImpl(x, this.padding, "constant", this.value, "tuple");
  }
  /** `padding=(1, 2), value=2.5`, as PyTorch prints it. */
  extraRepr(): string {
    return `padding=${pyRepr(this.padding, "tuple")}, value=${pyStr(this.value)}`;
  }
}

/**
 * nn.ConstantPad1d(padding, value): pads the last dimension of [N, C, W] or [C, W] with `value`;
 * `padding` is one amount for both sides or (left, right). Negative amounts crop.
 *
 * @example
 * ```ts
 * new nn.ConstantPad1d([1, 2], 3.5).forward(torch.ones([1, 2, 4])).shape; // [1, 2, 7]
 * ```
 */
export class ConstantPad1d extends ConstantPadNd {
  constructor(padding: PaddingSize, value: number);
  constructor(o: { padding: PaddingSize; value: number });
  constructor(...args: unknown[]) {
    const o = bindRequired(args, ["padding", "value"], "ConstantPad1d.__init__");
    super(o.padding, o.value, 2);
  }
}
/** nn.ConstantPad2d(padding, value): pads the last 2 dimensions; padding is one amount or (left, right, top, bottom). */
export class ConstantPad2d extends ConstantPadNd {
  constructor(padding: PaddingSize, value: number);
  constructor(o: { padding: PaddingSize; value: number });
  constructor(...args: unknown[]) {
    const o = bindRequired(args, ["padding", "value"], "ConstantPad2d.__init__");
    super(o.padding, o.value, 4);
  }
}
/** nn.ConstantPad3d(padding, value): pads the last 3 dimensions; (left, right, top, bottom, front, back). */
export class ConstantPad3d extends ConstantPadNd {
  constructor(padding: PaddingSize, value: number);
  constructor(o: { padding: PaddingSize; value: number });
  constructor(...args: unknown[]) {
    const o = bindRequired(args, ["padding", "value"], "ConstantPad3d.__init__");
    super(o.padding, o.value, 6);
  }
}
/** nn.ZeroPad2d(padding): ConstantPad2d with 0; printed with the padding alone. */
export class ZeroPad2d extends ConstantPad2d {
  constructor(padding: PaddingSize);
  constructor(o: { padding: PaddingSize });
  constructor(...args: unknown[]) {
    const o = bindRequired(args, ["padding"], "ZeroPad2d.__init__");
    super(o.padding as PaddingSize, 0);
  }
  /** `(1, 2, 3, 4)`, as PyTorch prints it. */
  extraRepr(): string {
    return pyRepr(this.padding, "tuple");
  }
}

/** _ReflectionPadNd / _ReplicationPadNd: F.pad(x, padding, mode). */
abstract class ModePadNd extends Module {
  /** The amounts, last dimension first: (left, right[, top, bottom[, front, back]]). */
  readonly padding: number[];
  constructor(
    padding: unknown,
    n: number,
    private readonly mode: "reflect" | "replicate",
  ) {
    super();
    this.padding = ntuple(padding, n);
  }
  /** Pads `x`. */
  forward(x: Tensor): Tensor {
    return padImpl(x, this.padding, this.mode, undefined, "tuple");
  }
  /** `(1, 2)`, as PyTorch prints it. */
  extraRepr(): string {
    return pyRepr(this.padding, "tuple");
  }
}

function paddingArg(args: unknown[], cls: string): unknown {
  return bindRequired(args, ["padding"], `${cls}.__init__`).padding;
}

/**
 * nn.ReflectionPad1d(padding): pads the last dimension of [N, C, W] or [C, W] with its reflection (the edge
 * not repeated); each amount must be smaller than the dimension.
 */
export class ReflectionPad1d extends ModePadNd {
  constructor(padding: PaddingSize);
  constructor(o: { padding: PaddingSize });
  constructor(...args: unknown[]) {
    super(paddingArg(args, "ReflectionPad1d"), 2, "reflect");
  }
}
/** nn.ReflectionPad2d(padding): reflection padding of the last 2 dimensions of [N, C, H, W] or [C, H, W]. */
export class ReflectionPad2d extends ModePadNd {
  constructor(padding: PaddingSize);
  constructor(o: { padding: PaddingSize });
  constructor(...args: unknown[]) {
    super(paddingArg(args, "ReflectionPad2d"), 4, "reflect");
  }
}
/** nn.ReflectionPad3d(padding): reflection padding of the last 3 dimensions of [N, C, D, H, W] or [C, D, H, W]. */
export class ReflectionPad3d extends ModePadNd {
  constructor(padding: PaddingSize);
  constructor(o: { padding: PaddingSize });
  constructor(...args: unknown[]) {
    super(paddingArg(args, "ReflectionPad3d"), 6, "reflect");
  }
}
/** nn.ReplicationPad1d(padding): pads the last dimension of [N, C, W] or [C, W] by repeating the edge value. */
export class ReplicationPad1d extends ModePadNd {
  constructor(padding: PaddingSize);
  constructor(o: { padding: PaddingSize });
  constructor(...args: unknown[]) {
    super(paddingArg(args, "ReplicationPad1d"), 2, "replicate");
  }
}
/** nn.ReplicationPad2d(padding): replication padding of the last 2 dimensions of [N, C, H, W] or [C, H, W]. */
export class ReplicationPad2d extends ModePadNd {
  constructor(padding: PaddingSize);
  constructor(o: { padding: PaddingSize });
  constructor(...args: unknown[]) {
    super(paddingArg(args, "ReplicationPad2d"), 4, "replicate");
  }
}
/** nn.ReplicationPad3d(padding): replication padding of the last 3 dimensions of [N, C, D, H, W] or [C, D, H, W]. */
export class ReplicationPad3d extends ModePadNd {
  constructor(padding: PaddingSize);
  constructor(o: { padding: PaddingSize });
  constructor(...args: unknown[]) {
    super(paddingArg(args, "ReplicationPad3d"), 6, "replicate");
  }
}
