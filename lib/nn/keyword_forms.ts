// Python's keyword forms of the required constructor arguments: nn.Conv2d(in_channels=3, out_channels=6,
// kernel_size=5) is `new nn.Conv2d({ inChannels: 3, outChannels: 6, kernelSize: 5 })`, and
// nn.MaxPool2d(kernel_size=2) is `new nn.MaxPool2d({ kernelSize: 2 })`. Each class here is its module's
// class behind a Proxy whose construct trap moves the required values out of the options object into their
// positions; `instanceof`, subclassing and `m.constructor === nn.Conv2d` work as for the class itself.
import { isOptions } from "../utils/kwargs";
import type { Module } from "./module";
import { AdaptiveLogSoftmaxWithLoss as AdaptiveLogSoftmaxWithLossImpl } from "./modules/adaptive";
import { MultiheadAttention as MultiheadAttentionImpl } from "./modules/attention";
import {
  BatchNorm1d as BatchNorm1dImpl,
  BatchNorm2d as BatchNorm2dImpl,
  BatchNorm3d as BatchNorm3dImpl,
} from "./modules/batchnorm";
import {
  Conv1d as Conv1dImpl,
  Conv2d as Conv2dImpl,
  Conv3d as Conv3dImpl,
  ConvTranspose1d as ConvTranspose1dImpl,
  ConvTranspose2d as ConvTranspose2dImpl,
  ConvTranspose3d as ConvTranspose3dImpl,
} from "./modules/conv";
import { Bilinear as BilinearImpl, Linear as LinearImpl } from "./modules/linear";
import {
  GroupNorm as GroupNormImpl,
  InstanceNorm1d as InstanceNorm1dImpl,
  InstanceNorm2d as InstanceNorm2dImpl,
  InstanceNorm3d as InstanceNorm3dImpl,
  LayerNorm as LayerNormImpl,
} from "./modules/normalization";
import {
  AdaptiveAvgPool1d as AdaptiveAvgPool1dImpl,
  AdaptiveAvgPool2d as AdaptiveAvgPool2dImpl,
  AdaptiveAvgPool3d as AdaptiveAvgPool3dImpl,
  AvgPool1d as AvgPool1dImpl,
  AvgPool2d as AvgPool2dImpl,
  AvgPool3d as AvgPool3dImpl,
  MaxPool1d as MaxPool1dImpl,
  MaxPool2d as MaxPool2dImpl,
  MaxPool3d as MaxPool3dImpl,
} from "./modules/pooling";
import {
  GRUCell as GRUCellImpl,
  GRU as GRUImpl,
  LSTMCell as LSTMCellImpl,
  LSTM as LSTMImpl,
  RNNCell as RNNCellImpl,
  RNN as RNNImpl,
} from "./modules/rnn";
import { EmbeddingBag as EmbeddingBagImpl, Embedding as EmbeddingImpl } from "./modules/sparse";
import {
  TransformerDecoderLayer as TransformerDecoderLayerImpl,
  TransformerEncoderLayer as TransformerEncoderLayerImpl,
} from "./modules/transformer";

const snake = (n: string) => n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The keyword forms `new C({ a, b, ...options })` and `new C(a, { b, ...options })` for C's leading `names`. */
// (The class's own signatures come last: ConstructorParameters<typeof nn.Conv2d> still reads them.)
export type KeywordForms<C extends abstract new (...a: never[]) => Module, K extends string> = {
  new (o: { [k in K]?: unknown } & Record<string, unknown>): InstanceType<C>;
  new (...args: [unknown, { [k in K]?: unknown } & Record<string, unknown>]): InstanceType<C>;
  new (...args: [unknown, unknown, { [k in K]?: unknown } & Record<string, unknown>]): InstanceType<C>;
} & C;

/** Moves the required values named `names` out of a leading options object into their positions. */
export function moveKeywords(args: readonly unknown[], names: readonly string[], cls: string): unknown[] {
  const at = args.findIndex((a, i) => i < names.length && isOptions(a));
  if (at < 0) return [...args];
  const kw = { ...(args[at] as Record<string, unknown>) };
  if (at < args.length - 1) throw new TypeError(`${cls}.__init__() got positional arguments after the keywords`);
  for (const n of names.slice(0, at))
    if (n in kw) throw new TypeError(`${cls}.__init__() got multiple values for argument '${snake(n)}'`);
  const values = names.slice(at).map((n) => {
    const v = kw[n];
    delete kw[n];
    return v;
  });
  const missing = names.slice(at).filter((_, i) => values[i] === undefined);
  if (missing.length > 0)
    throw new TypeError(
      `${cls}.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? "s" : ""}: ` +
        missing.map((n) => `'${snake(n)}'`).join(missing.length === 2 ? " and " : ", "),
    );
  return [...args.slice(0, at), ...values, ...(Object.keys(kw).length > 0 ? [kw] : [])];
}

function withKeywords<C extends abstract new (...a: never[]) => Module, K extends string>(
  cls: C,
  names: readonly K[],
): KeywordForms<C, K> {
  const proxy = new Proxy(cls, {
    construct(target, args, newTarget): object {
      return Reflect.construct(target, moveKeywords(args, names, target.name), newTarget);
    },
  });
  // m.constructor === nn.Conv2d, as Python's type(m) is nn.Conv2d.
  Object.defineProperty(cls.prototype, "constructor", { value: proxy, writable: true, configurable: true });
  return proxy as KeywordForms<C, K>;
}

/** nn.AdaptiveLogSoftmaxWithLoss, also with Python's keyword forms of its required arguments. */
export const AdaptiveLogSoftmaxWithLoss = withKeywords(AdaptiveLogSoftmaxWithLossImpl, [
  "inFeatures",
  "nClasses",
  "cutoffs",
]);
/** An nn.AdaptiveLogSoftmaxWithLoss module (the instance type). */
export type AdaptiveLogSoftmaxWithLoss = AdaptiveLogSoftmaxWithLossImpl;
/** nn.Linear, also with Python's keyword forms of its required arguments. */
export const Linear = withKeywords(LinearImpl, ["inFeatures", "outFeatures"]);
/** An nn.Linear module (the instance type). */
export type Linear = LinearImpl;
/** nn.Bilinear, also with Python's keyword forms of its required arguments. */
export const Bilinear = withKeywords(BilinearImpl, ["in1Features", "in2Features", "outFeatures"]);
/** An nn.Bilinear module (the instance type). */
export type Bilinear = BilinearImpl;
const CONV = ["inChannels", "outChannels", "kernelSize"] as const;
/** nn.Conv1d, also with Python's keyword forms of its required arguments. */
export const Conv1d = withKeywords(Conv1dImpl, CONV);
/** An nn.Conv1d module (the instance type). */
export type Conv1d = Conv1dImpl;
/** nn.Conv2d, also with Python's keyword forms of its required arguments. */
export const Conv2d = withKeywords(Conv2dImpl, CONV);
/** An nn.Conv2d module (the instance type). */
export type Conv2d = Conv2dImpl;
/** nn.Conv3d, also with Python's keyword forms of its required arguments. */
export const Conv3d = withKeywords(Conv3dImpl, CONV);
/** An nn.Conv3d module (the instance type). */
export type Conv3d = Conv3dImpl;
/** nn.ConvTranspose1d, also with Python's keyword forms of its required arguments. */
export const ConvTranspose1d = withKeywords(ConvTranspose1dImpl, CONV);
/** An nn.ConvTranspose1d module (the instance type). */
export type ConvTranspose1d = ConvTranspose1dImpl;
/** nn.ConvTranspose2d, also with Python's keyword forms of its required arguments. */
export const ConvTranspose2d = withKeywords(ConvTranspose2dImpl, CONV);
/** An nn.ConvTranspose2d module (the instance type). */
export type ConvTranspose2d = ConvTranspose2dImpl;
/** nn.ConvTranspose3d, also with Python's keyword forms of its required arguments. */
export const ConvTranspose3d = withKeywords(ConvTranspose3dImpl, CONV);
/** An nn.ConvTranspose3d module (the instance type). */
export type ConvTranspose3d = ConvTranspose3dImpl;
/** nn.MaxPool1d, also with Python's keyword forms of its required arguments. */
export const MaxPool1d = withKeywords(MaxPool1dImpl, ["kernelSize"]);
/** An nn.MaxPool1d module (the instance type). */
export type MaxPool1d<R extends boolean = false> = MaxPool1dImpl<R>;
/** nn.MaxPool2d, also with Python's keyword forms of its required arguments. */
export const MaxPool2d = withKeywords(MaxPool2dImpl, ["kernelSize"]);
/** An nn.MaxPool2d module (the instance type). */
export type MaxPool2d<R extends boolean = false> = MaxPool2dImpl<R>;
/** nn.MaxPool3d, also with Python's keyword forms of its required arguments. */
export const MaxPool3d = withKeywords(MaxPool3dImpl, ["kernelSize"]);
/** An nn.MaxPool3d module (the instance type). */
export type MaxPool3d<R extends boolean = false> = MaxPool3dImpl<R>;
/** nn.AvgPool1d, also with Python's keyword forms of its required arguments. */
export const AvgPool1d = withKeywords(AvgPool1dImpl, ["kernelSize"]);
/** An nn.AvgPool1d module (the instance type). */
export type AvgPool1d = AvgPool1dImpl;
/** nn.AvgPool2d, also with Python's keyword forms of its required arguments. */
export const AvgPool2d = withKeywords(AvgPool2dImpl, ["kernelSize"]);
/** An nn.AvgPool2d module (the instance type). */
export type AvgPool2d = AvgPool2dImpl;
/** nn.AvgPool3d, also with Python's keyword forms of its required arguments. */
export const AvgPool3d = withKeywords(AvgPool3dImpl, ["kernelSize"]);
/** An nn.AvgPool3d module (the instance type). */
export type AvgPool3d = AvgPool3dImpl;
/** nn.AdaptiveAvgPool1d, also with Python's keyword forms of its required arguments. */
export const AdaptiveAvgPool1d = withKeywords(AdaptiveAvgPool1dImpl, ["outputSize"]);
/** An nn.AdaptiveAvgPool1d module (the instance type). */
export type AdaptiveAvgPool1d = AdaptiveAvgPool1dImpl;
/** nn.AdaptiveAvgPool2d, also with Python's keyword forms of its required arguments. */
export const AdaptiveAvgPool2d = withKeywords(AdaptiveAvgPool2dImpl, ["outputSize"]);
/** An nn.AdaptiveAvgPool2d module (the instance type). */
export type AdaptiveAvgPool2d = AdaptiveAvgPool2dImpl;
/** nn.AdaptiveAvgPool3d, also with Python's keyword forms of its required arguments. */
export const AdaptiveAvgPool3d = withKeywords(AdaptiveAvgPool3dImpl, ["outputSize"]);
/** An nn.AdaptiveAvgPool3d module (the instance type). */
export type AdaptiveAvgPool3d = AdaptiveAvgPool3dImpl;
/** nn.BatchNorm1d, also with Python's keyword forms of its required arguments. */
export const BatchNorm1d = withKeywords(BatchNorm1dImpl, ["numFeatures"]);
/** An nn.BatchNorm1d module (the instance type). */
export type BatchNorm1d = BatchNorm1dImpl;
/** nn.BatchNorm2d, also with Python's keyword forms of its required arguments. */
export const BatchNorm2d = withKeywords(BatchNorm2dImpl, ["numFeatures"]);
/** An nn.BatchNorm2d module (the instance type). */
export type BatchNorm2d = BatchNorm2dImpl;
/** nn.BatchNorm3d, also with Python's keyword forms of its required arguments. */
export const BatchNorm3d = withKeywords(BatchNorm3dImpl, ["numFeatures"]);
/** An nn.BatchNorm3d module (the instance type). */
export type BatchNorm3d = BatchNorm3dImpl;
/** nn.InstanceNorm1d, also with Python's keyword forms of its required arguments. */
export const InstanceNorm1d = withKeywords(InstanceNorm1dImpl, ["numFeatures"]);
/** An nn.InstanceNorm1d module (the instance type). */
export type InstanceNorm1d = InstanceNorm1dImpl;
/** nn.InstanceNorm2d, also with Python's keyword forms of its required arguments. */
export const InstanceNorm2d = withKeywords(InstanceNorm2dImpl, ["numFeatures"]);
/** An nn.InstanceNorm2d module (the instance type). */
export type InstanceNorm2d = InstanceNorm2dImpl;
/** nn.InstanceNorm3d, also with Python's keyword forms of its required arguments. */
export const InstanceNorm3d = withKeywords(InstanceNorm3dImpl, ["numFeatures"]);
/** An nn.InstanceNorm3d module (the instance type). */
export type InstanceNorm3d = InstanceNorm3dImpl;
/** nn.LayerNorm, also with Python's keyword forms of its required arguments. */
export const LayerNorm = withKeywords(LayerNormImpl, ["normalizedShape"]);
/** An nn.LayerNorm module (the instance type). */
export type LayerNorm = LayerNormImpl;
/** nn.GroupNorm, also with Python's keyword forms of its required arguments. */
export const GroupNorm = withKeywords(GroupNormImpl, ["numGroups", "numChannels"]);
/** An nn.GroupNorm module (the instance type). */
export type GroupNorm = GroupNormImpl;
/** nn.Embedding, also with Python's keyword forms of its required arguments. */
export const Embedding = withKeywords(EmbeddingImpl, ["numEmbeddings", "embeddingDim"]);
/** An nn.Embedding module (the instance type). */
export type Embedding = EmbeddingImpl;
/** nn.EmbeddingBag, also with Python's keyword forms of its required arguments. */
export const EmbeddingBag = withKeywords(EmbeddingBagImpl, ["numEmbeddings", "embeddingDim"]);
/** An nn.EmbeddingBag module (the instance type). */
export type EmbeddingBag = EmbeddingBagImpl;
const RNN_ARGS = ["inputSize", "hiddenSize"] as const;
/** nn.RNN, also with Python's keyword forms of its required arguments. */
export const RNN = withKeywords(RNNImpl, RNN_ARGS);
/** An nn.RNN module (the instance type). */
export type RNN = RNNImpl;
/** nn.LSTM, also with Python's keyword forms of its required arguments. */
export const LSTM = withKeywords(LSTMImpl, RNN_ARGS);
/** An nn.LSTM module (the instance type). */
export type LSTM = LSTMImpl;
/** nn.GRU, also with Python's keyword forms of its required arguments. */
export const GRU = withKeywords(GRUImpl, RNN_ARGS);
/** An nn.GRU module (the instance type). */
export type GRU = GRUImpl;
/** nn.RNNCell, also with Python's keyword forms of its required arguments. */
export const RNNCell = withKeywords(RNNCellImpl, RNN_ARGS);
/** An nn.RNNCell module (the instance type). */
export type RNNCell = RNNCellImpl;
/** nn.LSTMCell, also with Python's keyword forms of its required arguments. */
export const LSTMCell = withKeywords(LSTMCellImpl, RNN_ARGS);
/** An nn.LSTMCell module (the instance type). */
export type LSTMCell = LSTMCellImpl;
/** nn.GRUCell, also with Python's keyword forms of its required arguments. */
export const GRUCell = withKeywords(GRUCellImpl, RNN_ARGS);
/** An nn.GRUCell module (the instance type). */
export type GRUCell = GRUCellImpl;
/** nn.MultiheadAttention, also with Python's keyword forms of its required arguments. */
export const MultiheadAttention = withKeywords(MultiheadAttentionImpl, ["embedDim", "numHeads"]);
/** An nn.MultiheadAttention module (the instance type). */
export type MultiheadAttention = MultiheadAttentionImpl;
/** nn.TransformerEncoderLayer, also with Python's keyword forms of its required arguments. */
export const TransformerEncoderLayer = withKeywords(TransformerEncoderLayerImpl, ["dModel", "nhead"]);
/** An nn.TransformerEncoderLayer module (the instance type). */
export type TransformerEncoderLayer = TransformerEncoderLayerImpl;
/** nn.TransformerDecoderLayer, also with Python's keyword forms of its required arguments. */
export const TransformerDecoderLayer = withKeywords(TransformerDecoderLayerImpl, ["dModel", "nhead"]);
/** An nn.TransformerDecoderLayer module (the instance type). */
export type TransformerDecoderLayer = TransformerDecoderLayerImpl;
