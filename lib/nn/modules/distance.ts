// torch.nn.PairwiseDistance and CosineSimilarity (torch/nn/modules/distance.py in PyTorch 1.13).

import type { Tensor } from "../../tensor";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import {
  type CosineSimilarityOptions,
  cosineSimilarity,
  type PairwiseDistanceOptions,
  pairwiseDistance,
} from "../functional_resample";
import { Module } from "../module";

/** PairwiseDistance's parameters after the required ones, in PyTorch's order. */
type PairwiseDistancePositional = [p?: number, eps?: number, keepdim?: boolean];
/**
 * nn.PairwiseDistance(p=2, eps=1e-6, keepdim=false): forward(x1, x2) is ‖x1 - x2 + eps‖_p over the last
 * dimension (inputs broadcast; [N, D] or [D]).
 *
 * @example
 * ```ts
 * new nn.PairwiseDistance().forward(torch.randn([10, 8]), torch.randn([10, 8])).shape; // [10]
 * ```
 */
export class PairwiseDistance extends Module {
  /** The norm degree (PyTorch's `norm` attribute). */
  readonly norm: number;
  /** Added to the difference before the norm. */
  readonly eps: number;
  /** Whether the reduced dimension is kept. */
  readonly keepdim: boolean;
  constructor(...args: PairwiseDistancePositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<PairwiseDistancePositional, PairwiseDistanceOptions>);
  constructor(o?: PairwiseDistanceOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["p", "eps", "keepdim"], "PairwiseDistance.__init__", 1);
    this.norm = (o.p === undefined ? 2 : o.p) as number;
    this.eps = (o.eps === undefined ? 1e-6 : o.eps) as number;
    this.keepdim = (o.keepdim === undefined ? false : o.keepdim) as boolean;
  }
  /** The distances between the rows of `x1` and `x2`. */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return pairwiseDistance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

/** CosineSimilarity's parameters after the required ones, in PyTorch's order. */
type CosineSimilarityPositional = [dim?: number, eps?: number];
/**
 * nn.CosineSimilarity(dim=1, eps=1e-8): forward(x1, x2) is x1·x2 / max(‖x1‖‖x2‖, eps) along `dim`
 * (inputs broadcast).
 */
export class CosineSimilarity extends Module {
  /** The dimension the similarity is computed over. */
  readonly dim: number;
  /** Keeps the denominator off zero. */
  readonly eps: number;
  constructor(...args: CosineSimilarityPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(...args: ValuesThenOptions<CosineSimilarityPositional, CosineSimilarityOptions>);
  constructor(o?: CosineSimilarityOptions);
  constructor(...args: unknown[]) {
    super();
    const o = bindArgs(args, ["dim", "eps"], "CosineSimilarity.__init__", 1);
    this.dim = (o.dim === undefined ? 1 : o.dim) as number;
    this.eps = (o.eps === undefined ? 1e-8 : o.eps) as number;
  }
  /** The cosine similarity of `x1` and `x2` along `dim`. */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return cosineSimilarity(x1, x2, this.dim, this.eps);
  }
}
