import type { Tensor } from "../../tensor";
import { checkKwargs } from "../../utils/kwargs";
import { Module } from "../module";

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
  constructor(o: { startDim?: number; endDim?: number } = {}) {
    super();
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
