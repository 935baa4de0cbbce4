// Option types shared by the functional and module forms (PyTorch's torch/nn/common_types.py and
// the factory_kwargs every layer takes).

import type { DeviceLike } from "../device";
import type { DTypeLike } from "../dtype";

/** Where and of what type a layer creates its parameters and buffers (PyTorch's factory_kwargs). */
export interface FactoryOptions {
  device?: DeviceLike;
  dtype?: DTypeLike;
}

export type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";

/** F.conv2d's options; nn.Conv2d adds bias, paddingMode and the factory options. */
export interface Conv2dFunctionalOptions {
  stride?: number | number[];
  padding?: number | number[] | "same" | "valid";
  dilation?: number | number[];
  groups?: number;
}

export interface Conv2dOptions extends Conv2dFunctionalOptions, FactoryOptions {
  bias?: boolean;
  paddingMode?: PaddingMode;
}

/** F.conv_transpose1d/2d/3d's options. */
export interface ConvTransposeFunctionalOptions {
  stride?: number | number[];
  padding?: number | number[];
  outputPadding?: number | number[];
  groups?: number;
  dilation?: number | number[];
}

/** nn.ConvTranspose1d/2d/3d's options (PyTorch's order: stride, padding, output_padding, groups, bias, dilation, padding_mode). */
export interface ConvTransposeOptions extends ConvTransposeFunctionalOptions, FactoryOptions {
  bias?: boolean;
  paddingMode?: "zeros";
}

/** A memory format by torchts' name: torch.contiguous_format, channels_last, channels_last_3d, preserve_format. */
export type MemoryFormat = "contiguousFormat" | "channelsLast" | "channelsLast3d" | "preserveFormat";
