// nn.AdaptiveLogSoftmaxWithLoss as PyTorch 1.13's torch/nn/modules/adaptive.py defines it: a pure-Python module
// over torch ops upstream, written here op for op on the same libtorch kernels (so outputs, losses and gradients
// are PyTorch's), with the same submodules in the same order (so the same seed draws the same weights and the
// state dict has PyTorch's keys: head.weight, tail.0.0.weight, tail.0.1.weight, ...).
import { ValueError } from "../../errors";
import { slice } from "../../indexing";
import type { Tensor } from "../../tensor";
import { bindArgs, type ValuesThenOptions } from "../../utils/kwargs";
import { pySize } from "../../utils/pyrepr";
import type { FactoryOptions } from "../common_types";
import { logSoftmax } from "../functional";
import { Module } from "../module";
import { ModuleList, Sequential } from "./container";
import { Linear } from "./linear";

/**
 * What {@link AdaptiveLogSoftmaxWithLoss.forward} returns: PyTorch's named tuple `_ASMoutput(output, loss)`,
 * as a two-element array (`const [output, loss] = asfm.call(x, y)`) that also has `.output` and `.loss`.
 */
export type ASMOutput = [Tensor, Tensor] & { output: Tensor; loss: Tensor };

/** AdaptiveLogSoftmaxWithLoss's parameters after the required ones, in PyTorch's order. */
type AdaptivePositional = [
  divValue?: number,
  headBias?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/** AdaptiveLogSoftmaxWithLoss's keyword arguments (PyTorch's, camelCase). */
export interface AdaptiveLogSoftmaxWithLossOptions extends FactoryOptions {
  /** The base of the cluster sizes: cluster i (from 1) projects to `floor(inFeatures / divValue ** i)`. Default 4. */
  divValue?: number;
  /** Whether the head Linear has a bias. Default false. */
  headBias?: boolean;
}

const CUTOFFS_MESSAGE =
  "cutoffs should be a sequence of unique, positive integers sorted in an increasing order, " +
  "where each value is between 1 and n_classes-1";

/**
 * nn.AdaptiveLogSoftmaxWithLoss: the efficient softmax approximation of Grave et al. ("Efficient softmax
 * approximation for GPUs"). The labels, sorted by frequency, are split by `cutoffs` into a head (the first
 * `cutoffs[0]` labels, plus one entry per cluster) and tail clusters, each behind a smaller projection
 * (`inFeatures / divValue ** i` features for cluster i).
 *
 * Args: `inFeatures`, `nClasses`, `cutoffs` (unique increasing integers in [1, nClasses - 1]), then PyTorch's
 * positional `divValue, headBias, device, dtype` or an options object.
 *
 * `forward(input, target)` (input `(N, inFeatures)` or `(inFeatures)`, target `(N)` or `()`) returns the named
 * tuple `[output, loss]`: each example's target log-probability, and their negative mean. `logProb(input)` gives
 * the log-probabilities of all classes, `predict(input)` the most probable class.
 *
 * @example
 * ```ts
 * const asfm = new nn.AdaptiveLogSoftmaxWithLoss(16, 20, [5, 10, 15], { divValue: 2 });
 * const { output, loss } = asfm.call(torch.randn([4, 16]), torch.tensor([0, 6, 12, 19]));
 * ```
 */
export class AdaptiveLogSoftmaxWithLoss extends Module {
  /** The size of each input sample. */
  readonly inFeatures: number;
  /** The number of classes. */
  readonly nClasses: number;
  /** The cutoffs as given, with `nClasses` appended (PyTorch's `self.cutoffs`). */
  readonly cutoffs: number[];
  /** The base of the cluster sizes. */
  readonly divValue: number;
  /** Whether the head has a bias. */
  readonly headBias: boolean;
  /** How many labels the head holds itself (`cutoffs[0]`). */
  readonly shortlistSize: number;
  /** How many tail clusters there are. */
  readonly nClusters: number;
  /** The head's output size: `shortlistSize + nClusters`. */
  readonly headSize: number;
  /** The head: Linear(inFeatures, headSize). */
  declare head: Linear;
  /** One Sequential(Linear(inFeatures, hsz), Linear(hsz, osz)) per cluster, both without bias. */
  declare tail: ModuleList;

  /** PyTorch's positional form: AdaptiveLogSoftmaxWithLoss(in, n_classes, cutoffs, div_value, head_bias, device, dtype). */
  constructor(inFeatures: number, nClasses: number, cutoffs: Iterable<number>, ...args: AdaptivePositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    inFeatures: number,
    nClasses: number,
    cutoffs: Iterable<number>,
    ...args: ValuesThenOptions<AdaptivePositional, AdaptiveLogSoftmaxWithLossOptions>
  );
  constructor(inFeatures: number, nClasses: number, cutoffs: Iterable<number>, o?: AdaptiveLogSoftmaxWithLossOptions);
  constructor(inFeatures: number, nClasses: number, cutoffs: Iterable<number>, ...rest: unknown[]) {
    super();
    const o = bindArgs(
      rest,
      ["divValue", "headBias", "device", "dtype"],
      "AdaptiveLogSoftmaxWithLoss.__init__",
      4,
    ) as AdaptiveLogSoftmaxWithLossOptions;
    const factoryKwargs: FactoryOptions = { device: o.device, dtype: o.dtype };
    const divValue = o.divValue ?? 4;
    const headBias = o.headBias ?? false;

    const cuts = [...cutoffs];
    // (1.13 has no check of its own for an empty list: min() of it raises.)
    const sorted = [...cuts].sort((a, b) => a - b);
    if (cuts.some((c, i) => c !== sorted[i])) throw new ValueError(CUTOFFS_MESSAGE);
    if (cuts.length === 0) throw new ValueError("min() arg is an empty sequence");
    if (
      Math.min(...cuts) <= 0 ||
      Math.max(...cuts) > nClasses - 1 ||
      new Set(cuts).size !== cuts.length ||
      cuts.some((c) => !Number.isInteger(c))
    )
      throw new ValueError(CUTOFFS_MESSAGE);

    this.inFeatures = inFeatures;
    this.nClasses = nClasses;
    this.cutoffs = [...cuts, nClasses];
    this.divValue = divValue;
    this.headBias = headBias;

    this.shortlistSize = this.cutoffs[0] as number;
    this.nClusters = this.cutoffs.length - 1;
    this.headSize = this.shortlistSize + this.nClusters;

    this.head = new Linear(this.inFeatures, this.headSize, { bias: this.headBias, ...factoryKwargs });
    this.tail = new ModuleList();

    for (let i = 0; i < this.nClusters; i++) {
      // Python's int(in_features // div_value ** (i + 1)).
      const hsz = Math.floor(this.inFeatures / this.divValue ** (i + 1));
      const osz = (this.cutoffs[i + 1] as number) - (this.cutoffs[i] as number);

      const projection = new Sequential(
        new Linear(this.inFeatures, hsz, { bias: false, ...factoryKwargs }),
        new Linear(hsz, osz, { bias: false, ...factoryKwargs }),
      );

      this.tail.append(projection);
    }
  }

  /** Re-initializes the head and every tail projection as their constructors do. */
  resetParameters(): void {
    this.head.resetParameters();
    for (const projection of this.tail) {
      const [i2h, h2o] = [...(projection as Sequential)] as [Linear, Linear];
      i2h.resetParameters();
      h2o.resetParameters();
    }
  }

  private cluster(i: number, x: Tensor): Tensor {
    return (this.tail.at(i) as Sequential).call(x);
  }

  /**
   * The target log-probabilities of `input_` (`(N, inFeatures)`, or `(inFeatures)` for one example) for
   * `target_` (`(N)` int64 labels, or `()`), and the loss: `[output, loss]`, also `.output` and `.loss`.
   */
  forward(input_: Tensor, target_: Tensor): ASMOutput {
    const targDim = target_.dim();

    if (targDim === 1) {
      if (input_.size(0) !== target_.size(0))
        throw new Error("Input and target should have the same size in the batch dimension.");
      if (input_.dim() !== 2)
        // PyTorch raises RuntimeError(message, input_.size()): its str is the tuple's.
        throw new Error(
          `('1D target tensor expects 2D input tensors, but found inputs with size', ${pySize(input_.shape)})`,
        );
    } else if (targDim === 0) {
      if (input_.dim() !== 1)
        throw new Error(
          `('0D target tensor expects 1D input tensors, but found inputs with size', ${pySize(input_.shape)})`,
        );
    } else {
      throw new Error("0D or 1D target tensor expected, multi-target not supported");
    }

    const isBatched = targDim > 0;
    const input = isBatched ? input_ : input_.unsqueeze(0);
    const target = isBatched ? target_ : target_.unsqueeze(0);

    let usedRows = 0;
    const batchSize = target.size(0);

    let output = input.newZeros(batchSize);
    const gatherInds = target.newEmpty(batchSize);

    const cutoffValues = [0, ...this.cutoffs];
    for (let i = 0; i < cutoffValues.length - 1; i++) {
      const lowIdx = cutoffValues[i] as number;
      const highIdx = cutoffValues[i + 1] as number;

      const targetMask = target.ge(lowIdx).bitwiseAnd(target.lt(highIdx));
      const rowIndices = targetMask.nonzero().squeeze();

      if (rowIndices.numel() === 0) continue;

      if (i === 0) {
        gatherInds.indexCopy_(0, rowIndices, target.index(targetMask));
      } else {
        const relativeTarget = target.index(targetMask).sub(lowIdx);
        const inputSubset = input.indexSelect(0, rowIndices);

        const clusterOutput = this.cluster(i - 1, inputSubset);
        const clusterIndex = this.shortlistSize + i - 1;

        gatherInds.indexFill_(0, rowIndices, clusterIndex);
        const clusterLogprob = logSoftmax(clusterOutput, 1);
        const localLogprob = clusterLogprob.gather(1, relativeTarget.unsqueeze(1));
        output.indexCopy_(0, rowIndices, localLogprob.squeeze(1));
      }

      usedRows += rowIndices.numel();
    }

    if (usedRows !== batchSize) {
      throw new Error(
        `Target values should be in [0, ${this.nClasses - 1}], ` +
          `but values in range [${target.min().item()}, ${target.max().item()}] ` +
          "were found. ",
      );
    }

    const headOutput = this.head.call(input);
    const headLogprob = logSoftmax(headOutput, 1);
    output.add_(headLogprob.gather(1, gatherInds.unsqueeze(1)).squeeze());
    const loss = output.neg().mean();

    if (!isBatched) output = output.squeeze(0);

    return Object.assign([output, loss] as [Tensor, Tensor], { output, loss });
  }

  /** Given the input and the head's output, the log of the full distribution (PyTorch's _get_full_log_prob). */
  private getFullLogProb(input: Tensor, headOutput: Tensor): Tensor {
    const out = input.newEmpty([headOutput.size(0), this.nClasses]);
    const headLogprob = logSoftmax(headOutput, 1);

    out.indexPut_([":", slice(null, this.shortlistSize)], headLogprob.index(":", slice(null, this.shortlistSize)));

    for (let i = 0; i < this.cutoffs.length - 1; i++) {
      const [startIdx, stopIdx] = [this.cutoffs[i] as number, this.cutoffs[i + 1] as number];
      const clusterOutput = this.cluster(i, input);
      const clusterLogprob = logSoftmax(clusterOutput, 1);
      const outputLogprob = clusterLogprob.add(headLogprob.index(":", this.shortlistSize + i).unsqueeze(1));

      out.indexPut_([":", slice(startIdx, stopIdx)], outputLogprob);
    }

    return out;
  }

  /** The log-probabilities of all `nClasses` classes for a minibatch `input` (`(N, inFeatures)` -> `(N, nClasses)`). */
  logProb(input: Tensor): Tensor {
    const headOutput = this.head.call(input);
    return this.getFullLogProb(input, headOutput);
  }

  /**
   * The most probable class of each example (`(N, inFeatures)` -> `(N)`): `logProb(input).argmax(1)`, computing
   * the full distribution only for the examples whose head argmax is a cluster.
   */
  predict(input: Tensor): Tensor {
    const headOutput = this.head.call(input);
    const output = headOutput.argmax(1);
    const notInShortlist = output.ge(this.shortlistSize);
    const allInShortlist = !notInShortlist.any().item();

    if (allInShortlist) {
      return output;
    }
    if (notInShortlist.all().item()) {
      const logProb = this.getFullLogProb(input, headOutput);
      return logProb.argmax(1);
    }
    const logProb = this.getFullLogProb(input.index(notInShortlist), headOutput.index(notInShortlist));
    output.indexPut_([notInShortlist], logProb.argmax(1));
    return output;
  }
}
