export * as functional from "./functional_args";
export * as init from "./init";
/** The classes whose required arguments also take Python's keyword forms (see keyword_forms.ts). */
export {
  AdaptiveAvgPool1d,
  AdaptiveAvgPool2d,
  AdaptiveAvgPool3d,
  AdaptiveLogSoftmaxWithLoss,
  AvgPool1d,
  AvgPool2d,
  AvgPool3d,
  BatchNorm1d,
  BatchNorm2d,
  BatchNorm3d,
  Bilinear,
  Conv1d,
  Conv2d,
  Conv3d,
  ConvTranspose1d,
  ConvTranspose2d,
  ConvTranspose3d,
  Embedding,
  EmbeddingBag,
  GRU,
  GRUCell,
  GroupNorm,
  InstanceNorm1d,
  InstanceNorm2d,
  InstanceNorm3d,
  LayerNorm,
  Linear,
  LSTM,
  LSTMCell,
  MaxPool1d,
  MaxPool2d,
  MaxPool3d,
  MultiheadAttention,
  RNN,
  RNNCell,
  TransformerDecoderLayer,
  TransformerEncoderLayer,
} from "./keyword_forms";
export {
  type ForwardHook,
  type ForwardPreHook,
  IncompatibleKeys,
  LoadStateDictContext,
  type LoadStateDictPostHook,
  LoadStateDictPreHook,
  Module,
  type NamedOptions,
  RemovableHandle,
  registerModuleForwardHook,
  registerModuleForwardPreHook,
  registerModuleFullBackwardHook,
  StateDict,
  type StateDictHook,
} from "./module";
export {
  CELU,
  ELU,
  GELU,
  GLU,
  Hardshrink,
  Hardsigmoid,
  Hardswish,
  Hardtanh,
  type HardtanhOptions,
  LeakyReLU,
  LogSigmoid,
  LogSoftmax,
  Mish,
  PReLU,
  type PReLUOptions,
  ReLU,
  ReLU6,
  RReLU,
  SELU,
  Sigmoid,
  SiLU,
  Softmax,
  Softmax2d,
  Softmin,
  Softplus,
  Softshrink,
  Softsign,
  Tanh,
  Tanhshrink,
  Threshold,
} from "./modules/activation";
export type { AdaptiveLogSoftmaxWithLossOptions, ASMOutput } from "./modules/adaptive";
export type { MultiheadAttentionForwardOptions, MultiheadAttentionOptions } from "./modules/attention";
export { BatchNormOptions, LazyBatchNorm1d, LazyBatchNorm2d, LazyBatchNorm3d } from "./modules/batchnorm";
export { ChannelShuffle } from "./modules/channelshuffle";
export {
  ModuleDict,
  type ModuleDictInput,
  ModuleList,
  ParameterDict,
  type ParameterDictInput,
  ParameterList,
  Sequential,
  type SliceSpec,
} from "./modules/container";
export {
  LazyConv1d,
  LazyConv2d,
  LazyConv3d,
  LazyConvTranspose1d,
  LazyConvTranspose2d,
  LazyConvTranspose3d,
} from "./modules/conv";
export { CosineSimilarity, PairwiseDistance } from "./modules/distance";
export { AlphaDropout, Dropout, Dropout1d, Dropout2d, Dropout3d, FeatureAlphaDropout } from "./modules/dropout";
export { Flatten, Identity, Unflatten } from "./modules/flatten";
export { Fold, Unfold } from "./modules/fold";
export { LazyLinear } from "./modules/linear";
export {
  BCELoss,
  BCEWithLogitsLoss,
  type BCEWithLogitsLossOptions,
  CosineEmbeddingLoss,
  CrossEntropyLoss,
  CTCLoss,
  GaussianNLLLoss,
  HingeEmbeddingLoss,
  HuberLoss,
  KLDivLoss,
  L1Loss,
  MarginRankingLoss,
  MSELoss,
  MultiLabelMarginLoss,
  MultiLabelSoftMarginLoss,
  MultiMarginLoss,
  NLLLoss,
  PoissonNLLLoss,
  SmoothL1Loss,
  SoftMarginLoss,
  TripletMarginLoss,
  TripletMarginWithDistanceLoss,
} from "./modules/loss";
export {
  type GroupNormOptions,
  type LayerNormOptions,
  LazyInstanceNorm1d,
  LazyInstanceNorm2d,
  LazyInstanceNorm3d,
  LocalResponseNorm,
} from "./modules/normalization";
export {
  ConstantPad1d,
  ConstantPad2d,
  ConstantPad3d,
  type PaddingSize,
  ReflectionPad1d,
  ReflectionPad2d,
  ReflectionPad3d,
  ReplicationPad1d,
  ReplicationPad2d,
  ReplicationPad3d,
  ZeroPad2d,
} from "./modules/padding";
export { PixelShuffle, PixelUnshuffle } from "./modules/pixelshuffle";
export {
  AdaptiveMaxPool1d,
  AdaptiveMaxPool2d,
  AdaptiveMaxPool3d,
  type AvgPool2dOptions,
  FractionalMaxPool2d,
  FractionalMaxPool3d,
  type FractionalMaxPoolModuleOptions,
  LPPool1d,
  LPPool2d,
  MaxUnpool1d,
  MaxUnpool2d,
  MaxUnpool3d,
} from "./modules/pooling";
export { type LSTMOptions, RNNBase, type RNNBaseOptions, RNNCellBase, type RNNOptions } from "./modules/rnn";
export type { EmbeddingBagModuleOptions, EmbeddingModuleOptions } from "./modules/sparse";
export { SyncBatchNorm, type SyncBatchNormOptions } from "./modules/sync_batchnorm";
export {
  Transformer,
  TransformerDecoder,
  TransformerEncoder,
  type TransformerLayerOptions,
  type TransformerOptions,
} from "./modules/transformer";
export { Upsample, type UpsampleOptions, UpsamplingBilinear2d, UpsamplingNearest2d } from "./modules/upsampling";
export * as parallel from "./parallel";
export { Parameter, UninitializedParameter } from "./parameter";
export * as utils from "./utils";
