import { ValueError } from "../../errors";
import type { Tensor } from "../../tensor";
import { bindArgs } from "../../utils/kwargs";
import { py, pyFloat } from "../../utils/pyrepr";
import * as F from "../functional";
import { Module } from "../module";

/**
 * `(p=0.5, inplace=False)` bound as Python binds them: values, an options object (`{ p, inplace }`), or
 * both; an unknown keyword is Python's TypeError.
 */
function dropoutArgs(args: unknown[], fn: string): [number, boolean] {
  const o = bindArgs(args, ["p", "inplace"], fn) as { p?: unknown; inplace?: unknown };
  const p = o.p ?? 0.5;
  if (typeof p !== "number" || p < 0 || p > 1)
    throw new ValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  return [p, (o.inplace as boolean | undefined) ?? false];
}

export class Dropout extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(p?: number, o?: { inplace?: boolean });
  constructor(o: { p?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    [this.p, this.inplace] = dropoutArgs(args, "Dropout.__init__");
  }
  forward(x: Tensor): Tensor {
    return F.dropout(x, this.p, this.training, this.inplace);
  }
  extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${py(this.inplace)}`;
  }
}

/** What Dropout2d and Dropout3d share (PyTorch's _DropoutNd): p, inplace, their checks and repr. */
export abstract class DropoutNd extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(p?: number, o?: { inplace?: boolean } | boolean);
  constructor(o: { p?: number; inplace?: boolean });
  constructor(...args: unknown[]) {
    super();
    [this.p, this.inplace] = dropoutArgs(args, `${new.target.name}.__init__`);
  }
  extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=${py(this.inplace)}`;
  }
}

/** Zeroes whole channels of [N, C, H, W] (or, as PyTorch 1.13, [N, C, L]) with probability p in training. */
/** Zeroes whole channels of [N, C, L] or [C, L] with probability p in training (nn.Dropout1d). */
export class Dropout1d extends DropoutNd {
  forward(x: Tensor): Tensor {
    return F.dropout1d(x, this.p, this.training, this.inplace);
  }
}

export class Dropout2d extends DropoutNd {
  forward(x: Tensor): Tensor {
    return F.dropout2d(x, this.p, this.training, this.inplace);
  }
}

/** Zeroes whole channels of [N, C, D, H, W] or [C, D, H, W] with probability p in training. */
export class Dropout3d extends DropoutNd {
  forward(x: Tensor): Tensor {
    return F.dropout3d(x, this.p, this.training, this.inplace);
  }
}

/** Alpha dropout in training (keeps a SELU network's mean and variance); the identity in eval. Args: `p`, `inplace`. */
export class AlphaDropout extends DropoutNd {
  forward(x: Tensor): Tensor {
    return F.alphaDropout(x, this.p, this.training);
  }
}

/** Alpha dropout of whole channels in training; the identity in eval. Args: `p`, `inplace`. */
export class FeatureAlphaDropout extends DropoutNd {
  forward(x: Tensor): Tensor {
    return F.featureAlphaDropout(x, this.p, this.training);
  }
}
