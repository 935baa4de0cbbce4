import type { Tensor } from "../../tensor";
import { Module } from "../module";

export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;
  constructor(o: { startDim?: number; endDim?: number } = {}) {
    super();
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
  }
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x;
  }
}
