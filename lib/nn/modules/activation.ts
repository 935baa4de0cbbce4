import type { Tensor } from "../../tensor";
import { checkBool, checkNumber } from "../../utils/check";
import { bindArgs } from "../../utils/kwargs";
import { pyFloat } from "../../utils/pyrepr";
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

/** LeakyReLU(x) = max(0, x) + negativeSlope * min(0, x). Positional form: LeakyReLU(negativeSlope, inplace). */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;
  constructor(negativeSlope?: number, inplace?: boolean);
  constructor(o?: { negativeSlope?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["negativeSlope", "inplace"], "LeakyReLU.__init__", 1) as {
      negativeSlope?: number;
      inplace?: boolean;
    };
    this.negativeSlope = checkNumber(o.negativeSlope ?? 0.01, "negative_slope");
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  forward(x: Tensor): Tensor {
    return F.leakyRelu(x, this.negativeSlope, this.inplace);
  }
  extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

/** GELU(x) = x * Phi(x); approximate "tanh" uses the tanh approximation. */
export class GELU extends Module {
  readonly approximate: "none" | "tanh";
  constructor(approximate?: "none" | "tanh");
  constructor(o?: { approximate?: "none" | "tanh" });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["approximate"], "GELU.__init__", 1) as { approximate?: "none" | "tanh" };
    this.approximate = o.approximate ?? "none";
    if (typeof this.approximate !== "string") throw new TypeError("approximate must be a string");
  }
  forward(x: Tensor): Tensor {
    return F.gelu(x, { approximate: this.approximate });
  }
  extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/** SiLU(x) = x * sigmoid(x). */
export class SiLU extends Module {
  readonly inplace: boolean;
  constructor(inplace?: boolean);
  constructor(o?: { inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["inplace"], "SiLU.__init__", 1) as { inplace?: boolean };
    this.inplace = checkBool(o.inplace ?? false, "inplace");
  }
  forward(x: Tensor): Tensor {
    return F.silu(x, this.inplace);
  }
  extraRepr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}
