import { NotImplementedError } from "../../errors";
import { native } from "../../native";
import { asTensor, Tensor } from "../../tensor";
import { checkKwargs } from "../../utils/kwargs";
import { pyRepr, pyTypeName } from "../functional_resample";
import { Module } from "../module";
import { bindRequired } from "./signature";

/**
 * nn.Flatten: flattens the dimensions `startDim..endDim` into one.
 *
 * @param o.startDim - first dimension to flatten (default 1, keeping the batch dimension).
 * @param o.endDim - last dimension to flatten (default -1).
 *
 * Shape: `(N, *dims) -> (N, prod(dims))` with the defaults.
 */
export class Flatten extends Module {
  /** First dimension flattened. */
  readonly startDim: number;
  /** Last dimension flattened. */
  readonly endDim: number;
  constructor(o?: { startDim?: number; endDim?: number });
  /** Python's positional form: nn.Flatten(start_dim=1, end_dim=-1). */
  constructor(startDim?: number, endDim?: number);
  constructor(first: number | { startDim?: number; endDim?: number } = {}, endDim?: number) {
    super();
    const o = typeof first === "number" ? { startDim: first, endDim } : first;
    checkKwargs(o, ["startDim", "endDim"], "Flatten.__init__");
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
  }
  /** Flattens `x`. */
  forward(x: Tensor): Tensor {
    return x.flatten(this.startDim, this.endDim);
  }
  /** `start_dim=..., end_dim=...`, as PyTorch prints it. */
  extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** nn.Identity: returns its input unchanged (a placeholder layer). */
export class Identity extends Module {
  /** Returns `x`. */
  forward(x: Tensor): Tensor {
    return x;
  }
}

/**
 * nn.Unflatten(dim, unflattenedSize): splits dimension `dim` into `unflattenedSize` (one entry may be -1).
 * PyTorch's named-dimension form (a string dim and (name, size) pairs) is accepted and printed, but torchts
 * has no named tensors, so its forward throws.
 *
 * Shape: `(*, S_dim, *) -> (*, U_1, ..., U_n, *)` where the U multiply to S_dim.
 *
 * @example
 * ```ts
 * new nn.Unflatten(1, [2, 5, 5]).forward(torch.randn([2, 50])).shape; // [2, 2, 5, 5]
 * ```
 */
export class Unflatten extends Module {
  /** The dimension that is split. */
  readonly dim: number | string;
  /** The sizes it is split into. */
  readonly unflattenedSize: number[] | Array<[string, number]>;
  constructor(dim: number | string, unflattenedSize: number[] | Array<[string, number]>);
  constructor(o: { dim: number | string; unflattenedSize: number[] | Array<[string, number]> });
  constructor(...args: unknown[]) {
    super();
    const o = bindRequired(args, ["dim", "unflattenedSize"], "Unflatten.__init__");
    const size = o.unflattenedSize;
    if (typeof o.dim === "number" && Number.isInteger(o.dim)) {
      if (!Array.isArray(size))
        throw new TypeError(`unflattened_size must be a tuple of ints, but found type ${pyTypeName(size)}`);
      size.forEach((e, i) => {
        if (!(typeof e === "number" && Number.isInteger(e)) && typeof e !== "boolean")
          throw new TypeError(
            `unflattened_size must be tuple of ints, but found element of type ${pyTypeName(e)} at pos ${i}`,
          );
      });
    } else if (typeof o.dim === "string") {
      if (!Array.isArray(size))
        throw new TypeError(`unflattened_size must be a tuple of tuples, but found type ${pyTypeName(size)}`);
      size.forEach((e, i) => {
        if (!Array.isArray(e))
          throw new TypeError(
            `unflattened_size must be tuple of tuples, but found element of type ${pyTypeName(e)} at pos ${i}`,
          );
      });
    } else throw new TypeError("invalid argument type for dim parameter");
    this.dim = o.dim;
    this.unflattenedSize = size as number[];
  }
  /** Splits dimension `dim` of `x` (Tensor.unflatten). */
  forward(x: Tensor): Tensor {
    if (typeof this.dim === "string")
      throw new NotImplementedError("nn.Unflatten with a named dimension: torchts has no named tensors");
    asTensor(x, "input");
    // Tensor.unflatten: an empty sizes is its RuntimeError before ATen is reached.
    if (this.unflattenedSize.length === 0) throw new Error("unflatten: sizes must be non-empty");
    return new Tensor(native.unflatten(x.handle, this.dim, (this.unflattenedSize as number[]).map(Number)));
  }
  /** `dim=1, unflattened_size=(2, 5, 5)`, as PyTorch prints it. */
  extraRepr(): string {
    const d = typeof this.dim === "string" ? this.dim : String(this.dim);
    return `dim=${d}, unflattened_size=${pyRepr(this.unflattenedSize, "tuple")}`;
  }
}
