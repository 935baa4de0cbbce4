// nn.ChannelShuffle (PyTorch 1.13): ATen's channel_shuffle.

import type { Tensor } from "../../tensor";
import * as F from "../functional";
import { Module } from "../module";
import { bindRequired } from "./signature";

/** Splits the channels of [N, C, *] into `groups` groups and interleaves them. */
export class ChannelShuffle extends Module {
  readonly groups: number;
  constructor(groups: number);
  constructor(o: { groups: number });
  constructor(...args: unknown[]) {
    super();
    this.groups = bindRequired(args, ["groups"], "ChannelShuffle.__init__").groups as number;
  }
  /** Shuffles the channels of `x`. */
  forward(x: Tensor): Tensor {
    return F.channelShuffle(x, this.groups);
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    return `groups=${this.groups}`;
  }
}
