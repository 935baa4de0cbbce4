// nn.Embedding: a lookup table of numEmbeddings rows, PyTorch 1.13's arguments, initialisation and repr.

import { noGrad } from "../../autograd";
import { Tensor } from "../../tensor";
import { checkBool, checkInt, checkNumber } from "../../utils/check";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { py, pyFloat } from "../../utils/pyrepr";
import type { FactoryOptions } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { emptyParameter, Parameter } from "../parameter";

export interface EmbeddingModuleOptions extends F.EmbeddingOptions, FactoryOptions {
  /** An initial weight [numEmbeddings, embeddingDim] (PyTorch's `_weight`), shared, not copied. */
  _weight?: Tensor | null;
}
const EMBEDDING_ARGS = [
  "paddingIdx",
  "maxNorm",
  "normType",
  "scaleGradByFreq",
  "sparse",
  "_weight",
  "device",
  "dtype",
] as const;

function assertion(message: string): Error {
  return Object.assign(new Error(message), { name: "AssertionError" });
}

/** Embedding's parameters after the required ones, in PyTorch's order. */
type EmbeddingPositional = [
  paddingIdx?: number | null,
  maxNorm?: number | null,
  normType?: number,
  scaleGradByFreq?: boolean,
  sparse?: boolean,
  _weight?: Tensor | null,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
export class Embedding extends Module {
  declare weight: Parameter;
  readonly paddingIdx: number | null;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly sparse: boolean;
  /** PyTorch's positional form: Embedding(num, dim, paddingIdx, maxNorm, normType, scaleGradByFreq, sparse, _weight, device, dtype). */
  constructor(numEmbeddings: number, embeddingDim: number, ...args: EmbeddingPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    numEmbeddings: number,
    embeddingDim: number,
    ...args: ValuesThenOptions<EmbeddingPositional, EmbeddingModuleOptions>
  );
  constructor(numEmbeddings: number, embeddingDim: number, o?: EmbeddingModuleOptions);
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, EMBEDDING_ARGS, "Embedding.__init__", 3) as EmbeddingModuleOptions;
    checkInt(numEmbeddings, "num_embeddings");
    checkInt(embeddingDim, "embedding_dim");
    let paddingIdx = o.paddingIdx ?? null;
    if (paddingIdx !== null) {
      checkInt(paddingIdx, "padding_idx");
      if (paddingIdx > 0 && paddingIdx >= numEmbeddings) throw assertion("Padding_idx must be within num_embeddings");
      if (paddingIdx < 0) {
        if (paddingIdx < -numEmbeddings) throw assertion("Padding_idx must be within num_embeddings");
        paddingIdx += numEmbeddings;
      }
    }
    this.paddingIdx = paddingIdx;
    this.maxNorm = o.maxNorm == null ? null : checkNumber(o.maxNorm, "max_norm");
    this.normType = checkNumber(o.normType ?? 2, "norm_type");
    this.scaleGradByFreq = checkBool(o.scaleGradByFreq ?? false, "scaleGradByFreq");
    this.sparse = checkBool(o.sparse ?? false, "sparse");
    if (o._weight == null) {
      this.weight = emptyParameter([numEmbeddings, embeddingDim], o);
      this.resetParameters();
    } else {
      if (!(o._weight instanceof Tensor)) throw new TypeError("_weight must be a Tensor");
      if (o._weight.shape.join() !== [numEmbeddings, embeddingDim].join())
        throw assertion("Shape of weight does not match num_embeddings and embedding_dim");
      this.weight = new Parameter(o._weight);
    }
  }

  /** Normal(0, 1) rows, the padding row zero. */
  resetParameters(): void {
    init.normal_(this.weight);
    this.fillPaddingIdxWithZero();
  }
  private fillPaddingIdxWithZero(): void {
    if (this.paddingIdx === null) return;
    noGrad(() => {
      const row = this.weight.select(0, this.paddingIdx as number);
      row.fill_(0);
      row.dispose();
    });
  }

  forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, {
      paddingIdx: this.paddingIdx,
      maxNorm: this.maxNorm,
      normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq,
      sparse: this.sparse,
    });
  }

  extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    if (this.sparse) s += ", sparse=True";
    return s;
  }

  /** Embedding.from_pretrained: the table is `embeddings` itself (2-D), frozen unless freeze is false. */
  static fromPretrained(embeddings: Tensor, o: Omit<F.EmbeddingOptions, never> & { freeze?: boolean } = {}): Embedding {
    if (!(embeddings instanceof Tensor)) throw new TypeError("embeddings must be a Tensor");
    if (embeddings.dim() !== 2) throw assertion("Embeddings parameter is expected to be 2-dimensional");
    const { freeze = true, ...rest } = o;
    const [rows, cols] = embeddings.shape;
    const m = new Embedding(rows, cols, { ...rest, _weight: embeddings });
    m.weight.requiresGrad_(!freeze);
    return m;
  }
}

/** EmbeddingBag's options (PyTorch's keyword arguments and factory options). */
export interface EmbeddingBagModuleOptions extends FactoryOptions {
  maxNorm?: number | null;
  normType?: number;
  scaleGradByFreq?: boolean;
  mode?: "sum" | "mean" | "max";
  sparse?: boolean;
  _weight?: Tensor | null;
  includeLastOffset?: boolean;
  paddingIdx?: number | null;
}
const EMBEDDING_BAG_ARGS = [
  "maxNorm",
  "normType",
  "scaleGradByFreq",
  "mode",
  "sparse",
  "_weight",
  "includeLastOffset",
  "paddingIdx",
  "device",
  "dtype",
] as const;

/** EmbeddingBag's parameters after the required ones, in PyTorch's order. */
type EmbeddingBagPositional = [
  maxNorm?: number | null,
  normType?: number,
  scaleGradByFreq?: boolean,
  mode?: "sum" | "mean" | "max",
  sparse?: boolean,
  _weight?: Tensor | null,
  includeLastOffset?: boolean,
  paddingIdx?: number | null,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/**
 * nn.EmbeddingBag: sums, means or maxima of bags of embedding rows, without the per-index
 * intermediate. PyTorch 1.13's arguments (positional EmbeddingBag(numEmbeddings, embeddingDim, maxNorm,
 * normType, scaleGradByFreq, mode, sparse, _weight, includeLastOffset, paddingIdx, device, dtype) or
 * options), initialisation (N(0, 1), the padding row zeroed) and repr.
 */
export class EmbeddingBag extends Module {
  declare weight: Parameter;
  readonly maxNorm: number | null;
  readonly normType: number;
  readonly scaleGradByFreq: boolean;
  readonly mode: "sum" | "mean" | "max";
  readonly sparse: boolean;
  readonly includeLastOffset: boolean;
  readonly paddingIdx: number | null;
  constructor(numEmbeddings: number, embeddingDim: number, ...args: EmbeddingBagPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    numEmbeddings: number,
    embeddingDim: number,
    ...args: ValuesThenOptions<EmbeddingBagPositional, EmbeddingBagModuleOptions>
  );
  constructor(numEmbeddings: number, embeddingDim: number, o?: EmbeddingBagModuleOptions);
  constructor(
    readonly numEmbeddings: number,
    readonly embeddingDim: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, EMBEDDING_BAG_ARGS, "EmbeddingBag.__init__", 3) as EmbeddingBagModuleOptions;
    checkInt(numEmbeddings, "num_embeddings");
    checkInt(embeddingDim, "embedding_dim");
    this.maxNorm = o.maxNorm == null ? null : checkNumber(o.maxNorm, "max_norm");
    this.normType = checkNumber(o.normType ?? 2, "norm_type");
    this.scaleGradByFreq = checkBool(o.scaleGradByFreq ?? false, "scaleGradByFreq");
    let paddingIdx = o.paddingIdx ?? null;
    if (paddingIdx !== null) {
      checkInt(paddingIdx, "padding_idx");
      if (paddingIdx > 0 && paddingIdx >= numEmbeddings) throw assertion("padding_idx must be within num_embeddings");
      if (paddingIdx < 0) {
        if (paddingIdx < -numEmbeddings) throw assertion("padding_idx must be within num_embeddings");
        paddingIdx += numEmbeddings;
      }
    }
    this.paddingIdx = paddingIdx;
    if (o._weight == null) {
      this.weight = emptyParameter([numEmbeddings, embeddingDim], o);
      this.resetParameters();
    } else {
      if (!(o._weight instanceof Tensor)) throw new TypeError("_weight must be a Tensor");
      if (o._weight.shape.join() !== [numEmbeddings, embeddingDim].join())
        throw assertion("Shape of weight does not match num_embeddings and embedding_dim");
      this.weight = new Parameter(o._weight);
    }
    this.mode = o.mode ?? "mean";
    this.sparse = checkBool(o.sparse ?? false, "sparse");
    this.includeLastOffset = checkBool(o.includeLastOffset ?? false, "includeLastOffset");
  }
  /** Re-initializes the weight as the constructor does: N(0, 1), the padding row zeroed. */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx === null) return;
    noGrad(() => {
      const row = this.weight.select(0, this.paddingIdx as number);
      row.fill_(0);
      row.dispose();
    });
  }
  /** The bags' reductions: `input` 2-D (a bag per row) or 1-D with `offsets`; perSampleWeights only with mode "sum". */
  forward(input: Tensor, offsets?: Tensor | null, perSampleWeights?: Tensor | null): Tensor {
    return F.embeddingBag(input, this.weight, {
      offsets,
      maxNorm: this.maxNorm,
      normType: this.normType,
      scaleGradByFreq: this.scaleGradByFreq,
      mode: this.mode,
      sparse: this.sparse,
      perSampleWeights,
      includeLastOffset: this.includeLastOffset,
      paddingIdx: this.paddingIdx,
    });
  }
  /** EmbeddingBag.from_pretrained: the table is `embeddings` itself (2-D), frozen unless freeze is false. */
  static fromPretrained(
    embeddings: Tensor,
    o: Omit<EmbeddingBagModuleOptions, "_weight" | keyof FactoryOptions> & { freeze?: boolean } = {},
  ): EmbeddingBag {
    if (!(embeddings instanceof Tensor)) throw new TypeError("embeddings must be a Tensor");
    if (embeddings.dim() !== 2) throw assertion("Embeddings parameter is expected to be 2-dimensional");
    const { freeze = true, ...rest } = o;
    const [rows, cols] = embeddings.shape;
    const m = new EmbeddingBag(rows, cols, { ...rest, _weight: embeddings });
    m.weight.requiresGrad_(!freeze);
    return m;
  }
  /** PyTorch's extra_repr: what the printed form shows between the parentheses. */
  extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${py(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    s += `, mode=${this.mode}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    return s;
  }
}
