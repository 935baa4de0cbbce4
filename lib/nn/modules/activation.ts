import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";

export class ReLU extends Module {
  readonly inplace: boolean;
  constructor(o: { inplace?: boolean } = {}) {
    super();
    this.inplace = o.inplace ?? false;
  }
  forward(x: Tensor): Tensor {
    return F.relu(x, { inplace: this.inplace });
  }
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class Softmax extends Module {
  constructor(readonly dim: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.softmax(x, this.dim);
  }
  extraRepr(): string {
    return `dim=${this.dim}`;
  }
}

export class LogSoftmax extends Module {
  constructor(readonly dim: number) {
    super();
  }
  forward(x: Tensor): Tensor {
    return F.logSoftmax(x, this.dim);
  }
  extraRepr(): string {
    return `dim=${this.dim}`;
  }
}
