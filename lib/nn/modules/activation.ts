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

/** nn.Sigmoid() and nn.Tanh() take no arguments; a JS caller's extra ones are an error, not ignored. */
function noArgs(cls: string, args: unknown[]): void {
  if (args.length > 0)
    throw new TypeError(`${cls}.__init__() takes 1 positional argument but ${args.length + 1} were given`);
}

/** Sigmoid(x) = 1 / (1 + exp(-x)), elementwise. */
export class Sigmoid extends Module {
  constructor(...args: never[]) {
    super();
    noArgs("Sigmoid", args);
  }
  forward(x: Tensor): Tensor {
    return x.sigmoid();
  }
}

/** Tanh(x), elementwise. */
export class Tanh extends Module {
  constructor(...args: never[]) {
    super();
    noArgs("Tanh", args);
  }
  forward(x: Tensor): Tensor {
    return x.tanh();
  }
}
