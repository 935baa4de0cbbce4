// torch.nn.PixelShuffle and PixelUnshuffle (torch/nn/modules/pixelshuffle.py in PyTorch 1.13).

import type { Tensor } from "../../tensor";
import { pixelShuffle, pixelUnshuffle, pyRepr } from "../functional_resample";
import { Module } from "../module";
import { bindRequired } from "./signature";

/**
 * nn.PixelShuffle(upscaleFactor): rearranges [*, C * r^2, H, W] into [*, C, H * r, W * r] (sub-pixel
 * convolution's upsampling step).
 *
 * @example
 * ```ts
 * new nn.PixelShuffle(3).forward(torch.randn([1, 9, 4, 4])).shape; // [1, 1, 12, 12]
 * ```
 */
export class PixelShuffle extends Module {
  /** r: the factor each spatial size grows by. */
  readonly upscaleFactor: number;
  constructor(upscaleFactor: number);
  constructor(o: { upscaleFactor: number });
  constructor(...args: unknown[]) {
    super();
    this.upscaleFactor = bindRequired(args, ["upscaleFactor"], "PixelShuffle.__init__").upscaleFactor as number;
  }
  /** Shuffles `x`. */
  forward(x: Tensor): Tensor {
    return pixelShuffle(x, this.upscaleFactor);
  }
  /** `upscale_factor=3`, as PyTorch prints it. */
  extraRepr(): string {
    return `upscale_factor=${pyRepr(this.upscaleFactor)}`;
  }
}

/** nn.PixelUnshuffle(downscaleFactor): the inverse of PixelShuffle, [*, C, H * r, W * r] into [*, C * r^2, H, W]. */
export class PixelUnshuffle extends Module {
  /** r: the factor each spatial size shrinks by. */
  readonly downscaleFactor: number;
  constructor(downscaleFactor: number);
  constructor(o: { downscaleFactor: number });
  constructor(...args: unknown[]) {
    super();
    this.downscaleFactor = bindRequired(args, ["downscaleFactor"], "PixelUnshuffle.__init__").downscaleFactor as number;
  }
  /** Unshuffles `x`. */
  forward(x: Tensor): Tensor {
    return pixelUnshuffle(x, this.downscaleFactor);
  }
  /** `downscale_factor=3`, as PyTorch prints it. */
  extraRepr(): string {
    return `downscale_factor=${pyRepr(this.downscaleFactor)}`;
  }
}
