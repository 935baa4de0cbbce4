import { NotImplementedError } from "../../errors";
import type { Tensor } from "../../tensor";
import { bindArgs } from "../../utils/kwargs";
import { py } from "../../utils/pyrepr";
import * as F from "../functional";
import { Module } from "../module";

export class MaxPool2d extends Module {
  readonly stride: number | number[];
  readonly padding: number | number[];
  readonly dilation: number | number[];
  readonly ceilMode: boolean;
  /** PyTorch's positional form: MaxPool2d(kernel, stride, padding, dilation, returnIndices, ceilMode). */
  constructor(
    kernelSize: number | number[],
    stride?: number | number[] | null,
    padding?: number | number[],
    dilation?: number | number[],
    returnIndices?: false,
    ceilMode?: boolean,
  );
  constructor(kernelSize: number | number[], o?: F.MaxPool2dOptions & { returnIndices?: false });
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
    if (o.returnIndices) throw new NotImplementedError("MaxPool2d(returnIndices=true) is not supported yet");
    this.stride = o.stride ?? kernelSize;
    this.padding = o.padding ?? 0;
    this.dilation = o.dilation ?? 1;
    this.ceilMode = o.ceilMode ?? false;
  }
  forward(x: Tensor): Tensor {
    return F.maxPool2d(x, this.kernelSize, {
      stride: this.stride,
      padding: this.padding,
      dilation: this.dilation,
      ceilMode: this.ceilMode,
    });
  }
  extraRepr(): string {
    return `kernel_size=${py(this.kernelSize)}, stride=${py(this.stride)}, padding=${py(this.padding)}, dilation=${py(this.dilation)}, ceil_mode=${py(this.ceilMode)}`;
  }
}
