// torch.nn's upsampling layers (torch/nn/modules/upsampling.py in PyTorch 1.13): Upsample,
// UpsamplingNearest2d and UpsamplingBilinear2d, each F.interpolate with its settings.

import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { pyFloat } from "../../utils/pyrepr";
import { type InterpolateMode, interpolateImpl, pyRepr, pyTruthy, pyTypeName } from "../functional_resample";
import { Module } from "../module";

/** Python's float(v). */
function pyFloatOf(v: unknown): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return Number(v);
  if (typeof v === "string") {
    const s = v.trim().replace(/_/g, "");
    if (/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)$/.test(s)) return Number(s);
    if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
    if (/^[+-]?nan$/i.test(s)) return Number.NaN;
    throw new ValueError(`could not convert string to float: '${v}'`);
  }
  throw new TypeError(`float() argument must be a string or a real number, not '${pyTypeName(v)}'`);
}

/** Upsample's options (PyTorch's keyword arguments). */
export interface UpsampleOptions {
  /** The output's spatial size: one int for every spatial dimension, or one per dimension. */
  size?: number | number[] | null;
  /** The multiplier of every spatial size, or one per dimension (stored as floats). */
  scaleFactor?: number | number[] | null;
  /** F.interpolate's mode (default "nearest"). */
  mode?: InterpolateMode;
  /** Linear modes only: align the corner pixels (see F.interpolate). */
  alignCorners?: boolean | null;
  /** With scaleFactor: interpolate to the computed output size instead of by the scale (see F.interpolate). */
  recomputeScaleFactor?: boolean | null;
}
const UPSAMPLE_ARGS = ["size", "scaleFactor", "mode", "alignCorners", "recomputeScaleFactor"] as const;

/** Upsample's parameters after the required ones, in PyTorch's order. */
type UpsamplePositional = [
  size?: number | number[] | null,
  scaleFactor?: number | number[] | null,
  mode?: InterpolateMode,
  alignCorners?: boolean | null,
  recomputeScaleFactor?: boolean | null,
];
/**
 * nn.Upsample: F.interpolate with fixed settings, on [N, C, L], [N, C, H, W] or [N, C, D, H, W] inputs.
 * PyTorch's form: Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None,
 * recompute_scale_factor=None); as there, a scale factor of 0 counts as none.
 *
 * @example
 * ```ts
 * const up = new nn.Upsample({ scaleFactor: 2, mode: "bilinear", alignCorners: false });
 * up.forward(torch.randn([1, 3, 8, 8])).shape; // [1, 3, 16, 16]
 * String(up); // Upsample(scale_factor=2.0, mode=bilinear)
 * ```
 */
export class Upsample extends Module {
  /** The class name (PyTorch's `name` attribute). */
  readonly name: string;
  /** The output size as given, or null. */
  readonly size: number | number[] | null;
  /** The scale factor as floats (a tuple stays one), or null. */
  readonly scaleFactor: number | number[] | null;
  /** F.interpolate's mode. */
  readonly mode: InterpolateMode;
  /** See F.interpolate. */
  readonly alignCorners: boolean | null;
  /** See F.interpolate. */
  readonly recomputeScaleFactor: boolean | null;
  constructor(...args: UpsamplePositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<UpsamplePositional, UpsampleOptions>);
  constructor(o?: UpsampleOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, UPSAMPLE_ARGS, "Upsample.__init__", 1);
    this.name = this.constructor.name;
    this.size = (o.size ?? null) as number | number[] | null;
    const s = o.scaleFactor;
    if (Array.isArray(s)) this.scaleFactor = s.map(pyFloatOf);
    else this.scaleFactor = pyTruthy(s) ? pyFloatOf(s) : null;
    this.mode = (o.mode === undefined ? "nearest" : o.mode) as InterpolateMode;
    this.alignCorners = (o.alignCorners ?? null) as boolean | null;
    this.recomputeScaleFactor = (o.recomputeScaleFactor ?? null) as boolean | null;
  }
  /** Interpolates `x` with this module's settings. */
  forward(x: Tensor): Tensor {
    return interpolateImpl(
      x,
      {
        size: this.size,
        scaleFactor: this.scaleFactor,
        mode: this.mode,
        alignCorners: this.alignCorners,
        recomputeScaleFactor: this.recomputeScaleFactor,
      },
      "tuple",
    );
  }
  /** `scale_factor=2.0, mode=nearest` (or `size=...`), as PyTorch prints it. */
  extraRepr(): string {
    const info =
      this.scaleFactor !== null
        ? `scale_factor=${Array.isArray(this.scaleFactor) ? pyRepr(this.scaleFactor, "tuple", true) : pyFloat(this.scaleFactor)}`
        : `size=${pyRepr(this.size, "tuple")}`;
    return `${info}, mode=${this.mode === null ? "None" : String(this.mode)}`;
  }
}

/** UpsamplingNearest2d's parameters after the required ones, in PyTorch's order. */
type UpsamplingNearest2dPositional = [size?: number | number[] | null, scaleFactor?: number | number[] | null];
/** nn.UpsamplingNearest2d(size, scaleFactor): Upsample with mode "nearest" (4-D inputs). */
export class UpsamplingNearest2d extends Upsample {
  constructor(...args: UpsamplingNearest2dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<UpsamplingNearest2dPositional, Pick<UpsampleOptions, "size" | "scaleFactor">>);
  constructor(o?: Pick<UpsampleOptions, "size" | "scaleFactor">);
  constructor(...args: unknown[]) {
    const o = bindArgs(args, ["size", "scaleFactor"], "UpsamplingNearest2d.__init__", 1);
    super(o.size as number | null, o.scaleFactor as number | null, "nearest");
  }
}
/** UpsamplingBilinear2d's parameters after the required ones, in PyTorch's order. */
type UpsamplingBilinear2dPositional = [size?: number | number[] | null, scaleFactor?: number | number[] | null];
/** nn.UpsamplingBilinear2d(size, scaleFactor): Upsample with mode "bilinear" and alignCorners true (4-D inputs). */
export class UpsamplingBilinear2d extends Upsample {
  constructor(...args: UpsamplingBilinear2dPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    ...args: ValuesThenOptions<UpsamplingBilinear2dPositional, Pick<UpsampleOptions, "size" | "scaleFactor">>
  );
  constructor(o?: Pick<UpsampleOptions, "size" | "scaleFactor">);
  constructor(...args: unknown[]) {
    const o = bindArgs(args, ["size", "scaleFactor"], "UpsamplingBilinear2d.__init__", 1);
    super(o.size as number | null, o.scaleFactor as number | null, "bilinear", true);
  }
}
