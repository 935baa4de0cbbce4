// Loads the addon: a local build first, then the prebuild (node-gyp-build's order). A libtorch that
// does not match fails here, inside require(), with what to do about it.
//
// `Native` below is the one list of the addon's entry points (native/*.cc registers them with def()):
// test/native_boundary.test.ts checks that the two name sets are equal, and test/typecheck/ that a
// misspelt entry point or a wrong argument type does not compile.
import * as path from "node:path";
import { Complex } from "./complex";
import { IndexError, LinAlgError, NotImplementedError, ValueError } from "./errors";

/** A tensor: an index into the addon's per-thread tensor table. */
export type Handle = number;
/** A dtype as ATen's ScalarType number (lib/dtype.ts SCALAR_TYPE); -1 or undefined: the default / keep. */
export type DtypeCode = number;
/** A number or a boolean, as PyTorch takes Python scalars. */
export type ScalarValue = number | bigint | boolean | Complex;
/** An at::Reduction: 0 none, 1 mean, 2 sum. */
export type ReductionCode = number;

// Native objects other than tensors, held by JS as opaque Externals.
export type GeneratorRef = { readonly __brand: "Generator" };
/** A c10::InferenceMode guard held between inferenceModeEnter and inferenceModeExit. */
export type InferenceModeGuard = { readonly __brand: "InferenceModeGuard" };
export type LoaderJob = { readonly __brand: "LoaderJob" };
export type StreamRef = { readonly __brand: "Stream" };
export type GraphRef = { readonly __brand: "CUDAGraph" };
export type StoreRef = { readonly __brand: "Store" };
export type WorkRef = { readonly __brand: "Work" };
export type ReducerRef = { readonly __brand: "Reducer" };
/** A torch::autograd::Node (a grad_fn), held weakly. */
export type GraphNode = { readonly __brand: "Node" };
/** A custom Function's saved tensors (native SavedVariables). */
export type SavedVariables = { readonly __brand: "SavedVariables" };
/** A libtorch profiler result (torch::autograd::profiler::ProfilerResult), kept for its trace file. */
export type ProfilerResultRef = { readonly __brand: "ProfilerResult" };
/** An at::RecordFunction range between recordFunctionEnter and recordFunctionExit. */
export type RecordFunctionRef = { readonly __brand: "RecordFunction" };
export type ScriptModuleRef = { readonly __brand: "ScriptModule" };
/** One event of libtorch's profiler (a KinetoEvent), times in microseconds since the epoch. */
export interface ProfilerEvent {
  name: string;
  startUs: number;
  durationUs: number;
  startThreadId: number;
  endThreadId: number;
  fwdThreadId: number;
  sequenceNr: number;
  /** at::RecordScope: 0 function, 1 backward function, 7 user scope, ... */
  scope: number;
  /** c10::DeviceType number: 0 CPU, 1 CUDA, ... */
  deviceType: number;
  deviceIndex: number;
  correlationId: number;
  linkedCorrelationId: number;
  isAsync: boolean;
  /** A memory event's bytes (negative: freed). */
  nBytes: number;
  flops: number;
  cudaElapsedUs: number;
  shapes: number[][];
  dtypes: string[];
  stack: string[];
}
export interface ProfilerConfigOptions {
  cpu: boolean;
  cuda: boolean;
  recordShapes: boolean;
  profileMemory: boolean;
  withStack: boolean;
  withFlops: boolean;
  withModules: boolean;
}
/** A node as the addon hands it out: null, the table id of its JS object, or [node, address]. */
export type NodeOrRef = null | number | [GraphNode, number];

/** One schema argument as opOverloads describes it; `type` is e.g. "Tensor", "int[]", "Tensor?[]", "float?". */
export interface AtenArgument {
  name: string;
  type: string;
  /** int[N]: a single number stands for N copies (0: a list is needed). */
  n: number;
  hasDefault: boolean;
  kwargOnly: boolean;
  writes: boolean;
  /** An out= argument (Tensor(a!) out): the overload writes its result there. */
  out: boolean;
}
export interface AtenOverload {
  id: number;
  overload: string;
  args: AtenArgument[];
  returns: string[];
}
/** An argument as opCall reads it: handles for tensors, ScalarType numbers for dtypes. */
export type AtenValue = Handle | ScalarValue | string | GeneratorRef | null | undefined | AtenValue[];
export type AtenResult = Handle | ScalarValue | string | undefined | AtenResult[];

// Option objects of the entry points with more than four arguments: tensors they need stay
// positional, the rest is read by name.
/** Every collective: the group's id and whether to hand back the Work instead of waiting. */
export interface CollectiveOptions {
  group: number;
  asyncOp: boolean;
}
export interface ReducerOptions {
  group: number;
  bucketBytesCap: number;
  firstBucketBytes: number;
  findUnusedParameters: boolean;
  gradientAsBucketView: boolean;
  names: string[];
}
/** The recurrent kernels' flags (PyTorch's _VF.lstm/gru/rnn_* arguments after the weights). */
export interface RnnOptions {
  hasBiases: boolean;
  numLayers: number;
  dropout: number;
  train: boolean;
  bidirectional: boolean;
  batchFirst: boolean;
}
export type RnnMode = "gru" | "rnn_tanh" | "rnn_relu";
export interface FromBufferOptions {
  srcDtype: DtypeCode;
  shape: number[];
  dtype?: DtypeCode;
  device?: string;
}
export interface RandintOptions {
  low: number;
  high: number;
  size: number[];
  dtype?: DtypeCode;
  device?: string;
}
export interface ArangeOptions {
  start: number;
  end: number;
  step: number;
  dtype?: DtypeCode;
  device?: string;
}
export interface ToOptions {
  device?: string;
  dtype?: DtypeCode;
  nonBlocking: boolean;
  copy: boolean;
  memoryFormat?: MemoryFormatName;
}
export interface AllcloseOptions {
  rtol: number;
  atol: number;
  equalNan: boolean;
}
export interface Conv2dNativeOptions {
  bias?: Handle;
  stride: number[];
  padding: number[] | "same" | "valid";
  dilation: number[];
  groups: number;
}
export interface BatchNormOptions {
  weight?: Handle;
  bias?: Handle;
  runningMean?: Handle;
  runningVar?: Handle;
  training: boolean;
  momentum: number;
  eps: number;
}
export interface MaxPool2dNativeOptions {
  kernelSize: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceilMode: boolean;
}
export interface AvgPool2dNativeOptions {
  kernelSize: number[];
  stride: number[];
  padding: number[];
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride?: number;
}
export interface ConvTransposeNativeOptions {
  bias?: Handle;
  stride: number[];
  padding: number[];
  outputPadding: number[];
  groups: number;
  dilation: number[];
}
export interface NormAffineOptions {
  weight?: Handle;
  bias?: Handle;
  eps: number;
}
export interface InstanceNormNativeOptions extends NormAffineOptions {
  runningMean?: Handle;
  runningVar?: Handle;
  useInputStats: boolean;
  momentum: number;
}
export interface EmbeddingNativeOptions {
  /** -1: none */
  paddingIdx: number;
  scaleGradByFreq: boolean;
  sparse: boolean;
}
export interface BceWithLogitsOptions {
  weight?: Handle;
  posWeight?: Handle;
  reduction: ReductionCode;
}
/** torch.contiguous_format, channels_last, channels_last_3d, preserve_format by torchts' names. */
export type MemoryFormatName = "contiguousFormat" | "channelsLast" | "channelsLast3d" | "preserveFormat";
export interface NllLossOptions {
  weight?: Handle;
  reduction: ReductionCode;
  ignoreIndex: number;
}
export interface CrossEntropyOptions extends NllLossOptions {
  labelSmoothing: number;
}
/** Adam's per-parameter state (undefined until the parameter's first step) and hyper-parameters. */
export interface AdamStepOptions {
  expAvgs: Array<Handle | undefined>;
  expAvgSqs: Array<Handle | undefined>;
  maxExpAvgSqs: Array<Handle | undefined>;
  steps: Array<Handle | undefined>;
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
  /** AdamW's decoupled weight decay */
  decoupled: boolean;
}
export interface SgdStepOptions {
  momentumBuffers: Array<Handle | undefined>;
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}
export interface LoaderBatchOptions {
  mean: number[];
  std: number[];
  device?: string;
  /** RandomCrop's zero padding [padH, padW] and size [height, width] ([] for none). */
  pad: number[];
  crop: number[];
  /** Per image: int64 [B, 2] crop (top, left) and bool [B] flip, drawn by the caller. */
  offsets?: Handle;
  flips?: Handle;
}
export interface StorageViewOptions {
  size: number[];
  stride: number[];
  offset: number;
}
/** id: the storage's identity while the tensor lives; numel: the storage's elements of the tensor's dtype. */
export interface StorageInfo {
  id: number;
  numel: number;
  offset: number;
  stride: number[];
}
export interface ErrorClasses {
  IndexError: typeof IndexError;
  ValueError: typeof ValueError;
  NotImplementedError: typeof NotImplementedError;
  LinAlgError: typeof LinAlgError;
}

/** [index, expAvg, expAvgSq, maxExpAvgSq, step] of a parameter whose Adam state a step created. */
export type AdamCreated = [number, Handle, Handle, Handle | undefined, Handle];
/** Per-parameter optimizer state by PyTorch's state key: one entry per parameter, undefined where none yet. */
export type OptimStateLists = Record<string, Array<Handle | undefined>>;
/** A parameter's index and the state entries (by key) a step created for it. */
export type OptimCreated = [number, Record<string, Handle>];
export interface AutogradGradOptions {
  gradOutputs: Array<Handle | undefined>;
  retainGraph?: boolean;
  createGraph: boolean;
  allowUnused: boolean;
}
export type CudnnFlags = { benchmark: boolean; deterministic: boolean; enabled: boolean; allowTF32: boolean };

// One member per entry point, at two spaces of indentation (the boundary test reads them so).
/** One item of an index as the addon reads it: see lib/indexing.ts. */
export type IndexEncoded =
  | number
  | null
  | boolean
  | "..."
  | { s: number | null; e: number | null; p: number | null }
  | { t: Handle };

export interface Native {
  readonly torchVersion: string;
  readonly cxx11Abi: number;
  readonly builtWithCuda: boolean;
  /** Set by binaries that register finalizers under a second instance of themselves (loadFinalizerEnv). */
  readonly takesFinalizerEnv?: boolean;
  setErrorClasses(classes: ErrorClasses): void;
  setComplexClass(cls: typeof Complex): void;
  setWarningHandler(fn: (message: string, category: string) => void): void;
  setWarnAlways(on: boolean): void;
  isWarnAlwaysEnabled(): boolean;

  // ---- tensor: creation (native/tensor.cc)
  fromBuffer(data: ArrayBufferView, o: FromBufferOptions): Handle;
  /** torch.frombuffer: `count` elements of `dtype` from `offset` bytes into the buffer, sharing its memory. */
  frombuffer(buffer: ArrayBuffer | ArrayBufferView, offset: number, count: number, dtype: number): Handle;
  zeros(size: number[], dtype: DtypeCode, device: string | undefined): Handle;
  ones(size: number[], dtype: DtypeCode, device: string | undefined): Handle;
  empty(size: number[], dtype: DtypeCode, device: string | undefined): Handle;
  full(size: number[], value: ScalarValue, dtype: DtypeCode, device: string | undefined): Handle;
  rand(size: number[], dtype: DtypeCode, device: string | undefined): Handle;
  randn(size: number[], dtype: DtypeCode, device: string | undefined): Handle;
  randint(o: RandintOptions): Handle;
  randperm(n: number, dtype: DtypeCode, device: string | undefined): Handle;
  arange(o: ArangeOptions): Handle;
  eye(n: number, m: number, dtype: DtypeCode, device: string | undefined): Handle;
  zerosLike(t: Handle, dtype: DtypeCode, device: string | undefined): Handle;
  onesLike(t: Handle, dtype: DtypeCode, device: string | undefined): Handle;
  emptyLike(t: Handle, dtype: DtypeCode, device: string | undefined): Handle;
  fullLike(t: Handle, value: ScalarValue, dtype: DtypeCode, device: string | undefined): Handle;
  randLike(t: Handle, dtype: DtypeCode, device: string | undefined): Handle;
  randnLike(t: Handle, dtype: DtypeCode, device: string | undefined): Handle;
  manualSeed(seed: number): void;
  getRngState(device: string): Handle;
  setRngState(device: string, state: Handle): void;
  setNumThreads(n: number): void;
  getNumThreads(): number;
  // native/config.cc
  useDeterministicAlgorithms(mode: boolean, warnOnly: boolean): void;
  /** [enabled, warnOnly] */
  deterministicAlgorithms(): [boolean, boolean];
  setFloat32MatmulPrecision(precision: string): void;
  getFloat32MatmulPrecision(): "highest" | "high" | "medium";
  setFlushDenormal(mode: boolean): boolean;
  setNumInteropThreads(n: number): void;
  getNumInteropThreads(): number;
  compiledWithCxx11Abi(): boolean;
  inferenceModeEnter(enabled: boolean): InferenceModeGuard;
  inferenceModeExit(guard: InferenceModeGuard): void;
  isInferenceModeEnabled(): boolean;
  /** torch.autograd._is_checkpoint_valid */
  isCheckpointValid(): boolean;
  setAnomalyEnabled(enabled: boolean, checkNan: boolean): void;
  /** [enabled, checkNan] */
  anomalyEnabled(): [boolean, boolean];

  // ---- tensor: facts
  shape(t: Handle): number[];
  strides(t: Handle): number[];
  dtype(t: Handle): DtypeCode;
  layout(t: Handle): number;
  device(t: Handle): string;
  numel(t: Handle): number;
  dim(t: Handle): number;
  size(t: Handle, dim: number): number;
  /** Whether the tensor is a nested tensor (torch.nested). */
  isNested(t: Handle): boolean;
  isContiguous(t: Handle, memoryFormat?: MemoryFormatName): boolean;

  // ---- tensor: moves and reading back
  to(t: Handle, o: ToOptions): Handle;
  pinMemory(t: Handle): Handle;
  isPinned(t: Handle): boolean;
  contiguous(t: Handle, memoryFormat?: MemoryFormatName): Handle;
  clone(t: Handle): Handle;
  detach(t: Handle): Handle;
  copy_(dst: Handle, src: Handle, nonBlocking?: boolean): void;
  toBuffer(t: Handle): ArrayBuffer;
  toBufferAsync(t: Handle): Promise<ArrayBuffer>;
  item(t: Handle): number | boolean;

  // ---- tensor: arithmetic and comparison; "S": with a number, "_": in place
  add(a: Handle, b: Handle): Handle;
  addS(a: Handle, b: ScalarValue): Handle;
  add_(a: Handle, b: Handle): void;
  addS_(a: Handle, b: ScalarValue): void;
  sub(a: Handle, b: Handle): Handle;
  subS(a: Handle, b: ScalarValue): Handle;
  sub_(a: Handle, b: Handle): void;
  subS_(a: Handle, b: ScalarValue): void;
  mul(a: Handle, b: Handle): Handle;
  mulS(a: Handle, b: ScalarValue): Handle;
  mul_(a: Handle, b: Handle): void;
  mulS_(a: Handle, b: ScalarValue): void;
  div(a: Handle, b: Handle): Handle;
  divS(a: Handle, b: ScalarValue): Handle;
  div_(a: Handle, b: Handle): void;
  divS_(a: Handle, b: ScalarValue): void;
  pow(a: Handle, b: Handle): Handle;
  powS(a: Handle, b: ScalarValue): Handle;
  pow_(a: Handle, b: Handle): void;
  powS_(a: Handle, b: ScalarValue): void;
  remainder(a: Handle, b: Handle): Handle;
  remainderS(a: Handle, b: ScalarValue): Handle;
  eq(a: Handle, b: Handle): Handle;
  eqS(a: Handle, b: ScalarValue): Handle;
  ne(a: Handle, b: Handle): Handle;
  neS(a: Handle, b: ScalarValue): Handle;
  lt(a: Handle, b: Handle): Handle;
  ltS(a: Handle, b: ScalarValue): Handle;
  le(a: Handle, b: Handle): Handle;
  leS(a: Handle, b: ScalarValue): Handle;
  gt(a: Handle, b: Handle): Handle;
  gtS(a: Handle, b: ScalarValue): Handle;
  ge(a: Handle, b: Handle): Handle;
  geS(a: Handle, b: ScalarValue): Handle;
  addAlpha(a: Handle, b: Handle, alpha: number): Handle;
  addAlpha_(a: Handle, b: Handle, alpha: number): void;
  subAlpha(a: Handle, b: Handle, alpha: number): Handle;
  subAlpha_(a: Handle, b: Handle, alpha: number): void;
  /** b - a */
  rsubS(a: Handle, b: ScalarValue): Handle;
  maximum(a: Handle, b: Handle): Handle;
  minimum(a: Handle, b: Handle): Handle;
  matmul(a: Handle, b: Handle): Handle;
  mm(a: Handle, b: Handle): Handle;
  where(cond: Handle, a: Handle, b: Handle): Handle;
  whereS(cond: Handle, a: ScalarValue, b: ScalarValue): Handle;
  clamp(t: Handle, min: ScalarValue | undefined, max: ScalarValue | undefined): Handle;
  clamp_(t: Handle, min: ScalarValue | undefined, max: ScalarValue | undefined): void;
  clampT(t: Handle, min: Handle | undefined, max: Handle | undefined): Handle;

  // ---- tensor: unary
  neg(t: Handle): Handle;
  neg_(t: Handle): void;
  sqrt(t: Handle): Handle;
  sqrt_(t: Handle): void;
  exp(t: Handle): Handle;
  exp_(t: Handle): void;
  log(t: Handle): Handle;
  log_(t: Handle): void;
  abs(t: Handle): Handle;
  abs_(t: Handle): void;
  rsqrt(t: Handle): Handle;
  sign(t: Handle): Handle;
  erf(t: Handle): Handle;
  erfinv(t: Handle): Handle;
  erfinv_(t: Handle): void;
  diag(t: Handle, diagonal: number): Handle;
  t(t: Handle): Handle;
  linalgQr(t: Handle, mode: "reduced" | "complete" | "r"): [Handle, Handle];
  floor(t: Handle): Handle;
  ceil(t: Handle): Handle;
  round(t: Handle): Handle;
  reciprocal(t: Handle): Handle;
  sigmoid(t: Handle): Handle;
  tanh(t: Handle): Handle;
  sin(t: Handle): Handle;
  cos(t: Handle): Handle;
  logicalNot(t: Handle): Handle;
  isnan(t: Handle): Handle;
  zero_(t: Handle): void;
  fill_(t: Handle, value: ScalarValue): void;
  uniform_(t: Handle, from: number, to: number): void;
  normal_(t: Handle, mean: number, std: number): void;

  // ---- tensor: reductions
  sum(t: Handle, dim: number[] | undefined, keepdim: boolean, dtype: DtypeCode): Handle;
  mean(t: Handle, dim: number[] | undefined, keepdim: boolean): Handle;
  std(t: Handle, dim: number[] | undefined, keepdim: boolean, unbiased: boolean): Handle;
  var(t: Handle, dim: number[] | undefined, keepdim: boolean, unbiased: boolean): Handle;
  prod(t: Handle, dim?: number, keepdim?: boolean): Handle;
  max(t: Handle): Handle;
  max(t: Handle, dim: number, keepdim: boolean): [Handle, Handle];
  min(t: Handle): Handle;
  min(t: Handle, dim: number, keepdim: boolean): [Handle, Handle];
  argmax(t: Handle, dim: number | undefined, keepdim: boolean): Handle;
  argmin(t: Handle, dim: number | undefined, keepdim: boolean): Handle;
  allclose(a: Handle, b: Handle, o: AllcloseOptions): boolean;
  equal(a: Handle, b: Handle): boolean;

  // ---- tensor: shapes and indexing
  reshape(t: Handle, shape: number[]): Handle;
  view(t: Handle, shape: number[]): Handle;
  expand(t: Handle, shape: number[]): Handle;
  flatten(t: Handle, startDim: number, endDim: number): Handle;
  squeeze(t: Handle, dim: number | undefined): Handle;
  unsqueeze(t: Handle, dim: number): Handle;
  permute(t: Handle, dims: number[]): Handle;
  transpose(t: Handle, dim0: number, dim1: number): Handle;
  select(t: Handle, dim: number, index: number): Handle;
  indexSelect(t: Handle, dim: number, index: Handle): Handle;
  sort(t: Handle, dim: number, descending: boolean, stable: boolean): [Handle, Handle];
  triu(t: Handle, diagonal: number): Handle;
  tril(t: Handle, diagonal: number): Handle;
  bmm(a: Handle, b: Handle): Handle;
  baddbmm(input: Handle, batch1: Handle, batch2: Handle, beta: number, alpha: number): Handle;
  maskedFill_(t: Handle, mask: Handle, value: number): void;
  logicalOr(a: Handle, b: Handle): Handle;
  chunk(t: Handle, chunks: number, dim: number): Handle[];
  repeat(t: Handle, sizes: number[]): Handle;
  scatter_(t: Handle, dim: number, index: Handle, src: Handle): void;
  narrow(t: Handle, dim: number, start: number, length: number): Handle;
  gather(t: Handle, dim: number, index: Handle): Handle;
  maskedFill(t: Handle, mask: Handle, value: ScalarValue): Handle;
  cat(ts: Handle[], dim: number): Handle;
  stack(ts: Handle[], dim: number): Handle;
  flip(t: Handle, dims: number[]): Handle;

  // ---- tensor: memory
  dispose(t: Handle): void;
  /** Frees each handle's tensor when V8 collects the matching object (inside GC, no event-loop turn). */
  /** JPEG bytes -> [H, W, 3] uint8 RGB, decoded by libjpeg as PIL decodes them. */
  decodeJpeg(bytes: Uint8Array): Handle;
  /** Whether this build links libjpeg (decodeJpeg works). */
  hasJpeg(): boolean;
  /** x[indices] (items encoded by lib/indexing.ts). */
  index(t: Handle, indices: IndexEncoded[]): Handle;
  /** x[indices] = value, in place. */
  indexPut_(t: Handle, indices: IndexEncoded[], value: Handle): void;
  /** x[indices] = number, in place. */
  indexFill_(t: Handle, indices: IndexEncoded[], value: ScalarValue): void;
  // ---- more tensor ops (native/tensor_ops.cc)
  log1p(t: Handle): Handle;
  expm1(t: Handle): Handle;
  log2(t: Handle): Handle;
  log10(t: Handle): Handle;
  tan(t: Handle): Handle;
  sinh(t: Handle): Handle;
  cosh(t: Handle): Handle;
  asin(t: Handle): Handle;
  acos(t: Handle): Handle;
  atan(t: Handle): Handle;
  trunc(t: Handle): Handle;
  frac(t: Handle): Handle;
  square(t: Handle): Handle;
  isinf(t: Handle): Handle;
  isfinite(t: Handle): Handle;
  bitwiseNot(t: Handle): Handle;
  lgamma(t: Handle): Handle;
  digamma(t: Handle): Handle;
  nanToNum(t: Handle, o: { nan?: number; posinf?: number; neginf?: number }): Handle;
  atan2(a: Handle, b: Handle): Handle;
  fmod(a: Handle, b: Handle): Handle;
  fmodS(a: Handle, b: ScalarValue): Handle;
  floorDivide(a: Handle, b: Handle): Handle;
  floorDivideS(a: Handle, b: ScalarValue): Handle;
  bitwiseAnd(a: Handle, b: Handle): Handle;
  bitwiseAndS(a: Handle, b: ScalarValue): Handle;
  bitwiseOr(a: Handle, b: Handle): Handle;
  bitwiseOrS(a: Handle, b: ScalarValue): Handle;
  bitwiseXor(a: Handle, b: Handle): Handle;
  bitwiseXorS(a: Handle, b: ScalarValue): Handle;
  logicalAnd(a: Handle, b: Handle): Handle;
  logicalXor(a: Handle, b: Handle): Handle;
  isclose(a: Handle, b: Handle, rtol: number, atol: number, equalNan: boolean): Handle;
  lerp(start: Handle, end: Handle, weight: Handle): Handle;
  lerpS(start: Handle, end: Handle, weight: number): Handle;
  addcmul(t: Handle, t1: Handle, t2: Handle, value: ScalarValue): Handle;
  addcdiv(t: Handle, t1: Handle, t2: Handle, value: ScalarValue): Handle;
  dot(a: Handle, b: Handle): Handle;
  mv(a: Handle, b: Handle): Handle;
  outer(a: Handle, b: Handle): Handle;
  cross(a: Handle, b: Handle, dim: number | undefined): Handle;
  cumsum(t: Handle, dim: number, dtype: DtypeCode): Handle;
  cumprod(t: Handle, dim: number, dtype: DtypeCode): Handle;
  cummax(t: Handle, dim: number): [Handle, Handle];
  cummin(t: Handle, dim: number): [Handle, Handle];
  logsumexp(t: Handle, dims: number[], keepdim: boolean): Handle;
  amax(t: Handle, dims: number[], keepdim: boolean): Handle;
  amin(t: Handle, dims: number[], keepdim: boolean): Handle;
  any(t: Handle, dim: number | undefined, keepdim: boolean): Handle;
  all(t: Handle, dim: number | undefined, keepdim: boolean): Handle;
  normP(t: Handle, p: number, dims: number[], keepdim: boolean, dtype: DtypeCode): Handle;
  frobeniusNorm(t: Handle, dims: number[], keepdim: boolean): Handle;
  nuclearNorm(t: Handle, dims: number[] | undefined, keepdim: boolean): Handle;
  median(t: Handle): Handle;
  median(t: Handle, dim: number, keepdim: boolean): [Handle, Handle];
  countNonzero(t: Handle, dims: number[] | undefined): Handle;
  topk(t: Handle, k: number, dim: number, largest: boolean, sorted: boolean): [Handle, Handle];
  kthvalue(t: Handle, k: number, dim: number, keepdim: boolean): [Handle, Handle];
  argsort(t: Handle, dim: number, descending: boolean, stable: boolean): Handle;
  nonzero(t: Handle): Handle;
  nonzeroTuple(t: Handle): Handle[];
  maskedSelect(t: Handle, mask: Handle): Handle;
  unique(
    t: Handle,
    o: { sorted: boolean; returnInverse: boolean; returnCounts: boolean; dim?: number },
  ): [Handle, Handle, Handle];
  take(t: Handle, index: Handle): Handle;
  indexAdd_(t: Handle, dim: number, index: Handle, source: Handle, alpha: ScalarValue): void;
  indexCopy_(t: Handle, dim: number, index: Handle, source: Handle): void;
  scatterAdd_(t: Handle, dim: number, index: Handle, src: Handle): void;
  scatterAdd(t: Handle, dim: number, index: Handle, src: Handle): Handle;
  scatter(t: Handle, dim: number, index: Handle, src: Handle): Handle;
  scatterS(t: Handle, dim: number, index: Handle, value: ScalarValue): Handle;
  split(t: Handle, sizes: number | number[], dim: number): Handle[];
  unbind(t: Handle, dim: number): Handle[];
  tile(t: Handle, dims: number[]): Handle;
  roll(t: Handle, shifts: number[], dims: number[]): Handle;
  movedim(t: Handle, source: number[], destination: number[]): Handle;
  diagonal(t: Handle, offset: number, dim1: number, dim2: number): Handle;
  trace(t: Handle): Handle;
  repeatInterleave(t: Handle, repeats: number, dim: number | undefined): Handle;
  repeatInterleaveT(t: Handle, repeats: Handle, dim: number | undefined): Handle;
  addmm(t: Handle, mat1: Handle, mat2: Handle, beta: ScalarValue, alpha: ScalarValue): Handle;
  addmv(t: Handle, mat: Handle, vec: Handle, beta: ScalarValue, alpha: ScalarValue): Handle;
  whereScalarOther(cond: Handle, t: Handle, value: ScalarValue): Handle;
  exp2(t: Handle): Handle;
  logaddexp(a: Handle, b: Handle): Handle;
  argwhere(t: Handle): Handle;
  rot90(t: Handle, k: number, dims: number[]): Handle;
  unfold(t: Handle, dim: number, size: number, step: number): Handle;
  sigmoid_(t: Handle): void;
  tanh_(t: Handle): void;
  floor_(t: Handle): void;
  elementSize(t: Handle): number;
  linspace(o: { start: number; end: number; steps: number; dtype?: DtypeCode; device?: string }): Handle;
  logspace(o: { start: number; end: number; steps: number; base: number; dtype?: DtypeCode; device?: string }): Handle;
  trilIndices(row: number, col: number, offset: number, dtype: DtypeCode, device: string | undefined): Handle;
  triuIndices(row: number, col: number, offset: number, dtype: DtypeCode, device: string | undefined): Handle;
  meshgrid(ts: Handle[], indexing: string): Handle[];
  hstack(ts: Handle[]): Handle;
  vstack(ts: Handle[]): Handle;
  dstack(ts: Handle[]): Handle;
  bernoulli_(t: Handle, p: number): void;
  exponential_(t: Handle, lambd: number): void;
  quantile(t: Handle, q: number, dim: number | undefined, keepdim: boolean, interpolation: string): Handle;
  quantileT(t: Handle, q: Handle, dim: number | undefined, keepdim: boolean, interpolation: string): Handle;
  nanquantile(t: Handle, q: number, dim: number | undefined, keepdim: boolean, interpolation: string): Handle;
  nanquantileT(t: Handle, q: Handle, dim: number | undefined, keepdim: boolean, interpolation: string): Handle;
  nansum(t: Handle, dims: number[] | undefined, keepdim: boolean, dtype: DtypeCode): Handle;
  nanmean(t: Handle, dims: number[] | undefined, keepdim: boolean, dtype: DtypeCode): Handle;
  varMean(t: Handle, dims: number[] | undefined, unbiased: boolean, keepdim: boolean): [Handle, Handle];
  stdMean(t: Handle, dims: number[] | undefined, unbiased: boolean, keepdim: boolean): [Handle, Handle];
  mode(t: Handle, dim: number, keepdim: boolean): [Handle, Handle];
  diff(t: Handle, n: number, dim: number, prepend: Handle | undefined, append: Handle | undefined): Handle;
  logcumsumexp(t: Handle, dim: number): Handle;
  cov(t: Handle, correction: number, fweights: Handle | undefined, aweights: Handle | undefined): Handle;
  corrcoef(t: Handle): Handle;
  einsum(equation: string, operands: Handle[]): Handle;
  cdist(x1: Handle, x2: Handle, p: number): Handle;
  oneHot(t: Handle, numClasses: number): Handle;
  bincount(t: Handle, weights: Handle | undefined, minlength: number): Handle;
  bucketize(input: Handle, boundaries: Handle, outInt32: boolean, right: boolean): Handle;
  searchsorted(sorted: Handle, values: Handle, outInt32: boolean, right: boolean): Handle;
  histc(t: Handle, bins: number, min: ScalarValue, max: ScalarValue): Handle;
  // ---- rnn (native/rnn.cc)
  rnnFlattenWeights(
    weights: Handle[],
    o: {
      numWeights: number;
      inputSize: number;
      mode: number;
      hiddenSize: number;
      projSize: number;
      numLayers: number;
      batchFirst: boolean;
      bidirectional: boolean;
    },
  ): boolean;
  rnnLstm(input: Handle, hx: [Handle, Handle], weights: Handle[], o: RnnOptions): [Handle, Handle, Handle];
  rnnGruOrSimple(input: Handle, hx: Handle, weights: Handle[], o: RnnOptions & { mode: RnnMode }): [Handle, Handle];
  rnnLstmPacked(
    data: Handle,
    batchSizes: Handle,
    hx: [Handle, Handle],
    weights: Handle[],
    o: RnnOptions,
  ): [Handle, Handle, Handle];
  rnnGruOrSimplePacked(
    data: Handle,
    batchSizes: Handle,
    hx: Handle,
    weights: Handle[],
    o: RnnOptions & { mode: RnnMode },
  ): [Handle, Handle];
  packPaddedSequence(input: Handle, lengths: Handle, batchFirst: boolean): [Handle, Handle];
  padPackedSequence(
    data: Handle,
    batchSizes: Handle,
    batchFirst: boolean,
    paddingValue: number,
    totalLength: number,
  ): [Handle, Handle];
  padSequence(sequences: Handle[], batchFirst: boolean, paddingValue: number): Handle;
  lstmCell(input: Handle, hx: [Handle, Handle], wIh: Handle, wHh: Handle, bIh?: Handle, bHh?: Handle): [Handle, Handle];
  rnnCell(
    input: Handle,
    hx: Handle,
    wIh: Handle,
    wHh: Handle,
    bIh: Handle | undefined,
    bHh: Handle | undefined,
    mode: RnnMode,
  ): Handle;
  // ---- attention (native/attention.cc)
  nativeMultiHeadAttention(
    x: Handle,
    embedDim: number,
    numHeads: number,
    qkvWeight: Handle,
    qkvBias: Handle | undefined,
    projWeight: Handle,
    projBias: Handle | undefined,
    mask: Handle | undefined,
    needWeights: boolean,
    averageAttnWeights: boolean,
    maskType: number,
  ): [Handle] | [Handle, Handle];
  transformerEncoderLayerFwd(
    src: Handle,
    weights: Handle[],
    head: { embedDim: number; numHeads: number; useGelu: boolean },
    norm: { normFirst: boolean; eps: number },
    mask: Handle | undefined,
    maskType: number,
  ): Handle;
  nestedMaskLeftAligned(src: Handle, keep: Handle): boolean;
  transformerEncoderNested(
    src: Handle,
    keep: Handle,
    weights: Handle[],
    embedDims: number[],
    numHeads: number[],
    useGelu: number[],
    normFirst: number[],
    eps: number[],
  ): Handle;
  // ---- distributed (native/distributed.cc); group: 0 the default group, others from distNewGroup
  /** The c10d backends built in ("gloo", "nccl"); empty without c10d. */
  distBackends(): string[];
  storeTcp(
    host: string,
    o: { port: number; isMaster: boolean; worldSize: number; timeoutMs: number; waitForWorkers: boolean },
  ): StoreRef;
  storeFile(path: string, worldSize: number): StoreRef;
  storeHash(): StoreRef;
  storePrefix(prefix: string, store: StoreRef): StoreRef;
  storeSet(s: StoreRef, key: string, value: string | Uint8Array): void;
  storeGet(s: StoreRef, key: string): Buffer;
  storeAdd(s: StoreRef, key: string, amount: number): number;
  storeCompareSet(s: StoreRef, key: string, expected: string | Uint8Array, desired: string | Uint8Array): Buffer;
  storeDeleteKey(s: StoreRef, key: string): boolean;
  storeNumKeys(s: StoreRef): number;
  storeCheck(s: StoreRef, keys: string[]): boolean;
  storeWait(s: StoreRef, keys: string[], timeoutMs?: number): void;
  storeSetTimeout(s: StoreRef, timeoutMs: number): void;
  distInit(store: StoreRef, o: { rank: number; worldSize: number; timeoutMs: number; backend: string }): void;
  distNewGroup(ranks: number[], timeoutMs: number, backend: string): number;
  distDestroy(): void;
  distIsInitialized(): boolean;
  distRank(group?: number): number;
  distWorldSize(group?: number): number;
  distAllReduce(t: Handle, o: CollectiveOptions & { op: number }): WorkRef | undefined;
  distBroadcast(t: Handle, o: CollectiveOptions & { src: number }): WorkRef | undefined;
  distReduce(t: Handle, o: CollectiveOptions & { op: number; dst: number }): WorkRef | undefined;
  distAllGather(outputs: Handle[], input: Handle, o: CollectiveOptions): WorkRef | undefined;
  distAllGatherIntoTensor(output: Handle, input: Handle, o: CollectiveOptions): WorkRef | undefined;
  distReduceScatterTensor(output: Handle, input: Handle, o: { op: number; group: number }): void;
  distGather(input: Handle, outputs: Handle[] | null, o: CollectiveOptions & { dst: number }): WorkRef | undefined;
  distScatter(output: Handle, inputs: Handle[] | null, o: CollectiveOptions & { src: number }): WorkRef | undefined;
  distSend(t: Handle, o: CollectiveOptions & { peer: number; tag: number }): WorkRef | undefined;
  distRecv(t: Handle, o: CollectiveOptions & { peer: number; tag: number }): WorkRef | number;
  distBarrier(o: CollectiveOptions): WorkRef | undefined;
  distAllToAllSingle(
    output: Handle,
    input: Handle,
    o: CollectiveOptions & { outputSplitSizes: number[]; inputSplitSizes: number[] },
  ): WorkRef | undefined;
  distAllToAll(outputs: Handle[], inputs: Handle[], o: CollectiveOptions): WorkRef | undefined;
  distMonitoredBarrier(o: { group: number; timeoutMs: number; waitAllRanks: boolean }): void;
  distBroadcastCoalesced(ts: Handle[], o: { src: number; bufferBytes: number; group: number }): void;
  workWait(w: WorkRef, timeoutMs?: number): boolean;
  workWaitAsync(w: WorkRef): Promise<boolean>;
  workIsCompleted(w: WorkRef): boolean;
  workSourceRank(w: WorkRef): number;
  ddpVerifyParams(params: Handle[], o: { group: number }): void;
  ddpReducer(params: Handle[], o: ReducerOptions): ReducerRef;
  ddpPrepareForward(r: ReducerRef): void;
  ddpRebuildBuckets(r: ReducerRef): boolean;
  ddpPrepareBackward(r: ReducerRef, outputs: Handle[]): void;
  ddpDispose(r: ReducerRef): void;
  syncBatchNorm(
    x: Handle,
    weight: Handle | undefined,
    bias: Handle | undefined,
    runningMean: Handle | undefined,
    runningVar: Handle | undefined,
    o: { eps: number; momentum: number; group: number },
  ): Handle;
  attachFinalizers(objects: object[], handles: Handle[]): void;
  /** An ArrayBuffer over one int32: storage bytes made since lib/memory.ts last reset it, in 64 KiB units. */
  newBytesCounter(): ArrayBuffer;
  mallocTrim(): boolean;
  memory(): { tensors: number; bytes: Record<string, number> };

  // ---- autograd (native/autograd.cc)
  requiresGrad(t: Handle): boolean;
  setRequiresGrad(t: Handle, v: boolean): void;
  isLeaf(t: Handle): boolean;
  grad(t: Handle): Handle | null;
  setGrad(t: Handle, g: Handle | undefined): void;
  gradFn(t: Handle): string | null;
  backward(t: Handle, gradient: Handle | undefined, retainGraph: boolean | undefined, createGraph: boolean): void;
  autogradGrad(outputs: Handle[], inputs: Handle[], o: AutogradGradOptions): Array<Handle | null>;
  retainGrad(t: Handle): void;
  autogradBackward(
    tensors: Handle[],
    o: { gradTensors: Array<Handle | undefined>; retainGraph?: boolean; createGraph: boolean; inputs: Handle[] },
  ): void;
  /** The one JS function tensor hooks reach: (hook id, gradient handle) -> replacement handle or null. */
  setHookDispatcher(fn: (id: number, grad: Handle | null) => Handle | null): void;
  /**
   * A tensor's grad_fn: null for a leaf, the table id of the node's JS object once it has one, else
   * [node, its address] to make it (then nodeAdopt).
   */
  gradFnNode(t: Handle): NodeOrRef;
  nodeName(n: GraphNode): string;
  /** Python's next_functions: per edge, the next node (as gradFnNode gives it) and its input number. */
  nodeNextFunctions(n: GraphNode): Array<[NodeOrRef, number]>;
  /** A torch.autograd.Function node's id (as functionApply got it), undefined for other nodes. */
  nodeFunctionId(n: GraphNode): number | undefined;
  /** Anomaly mode: the function giving the JS stack of a forward call, kept with each node it makes. */
  setAnomalyStackDispatcher(fn: () => string): void;
  /** Whether the node is still there (a Node object does not keep its graph alive). */
  nodeAlive(n: GraphNode): boolean;
  /** The node keeps `id` (its JS object's, in the hook table) until it is freed; false if it cannot. */
  nodeAdopt(n: GraphNode, id: number): boolean;
  /** AccumulateGrad.variable (undefined for other nodes). */
  nodeVariable(n: GraphNode): Handle | undefined;
  setNodeHookDispatcher(
    fn: (
      id: number,
      gradInputs: Array<Handle | null>,
      gradOutputs: Array<Handle | null>,
    ) => Array<Handle | null> | null,
  ): void;
  /** Node.register_hook: (node, id, hook name) -> the key for nodeRemoveHook. */
  nodeRegisterHook(n: GraphNode, id: number, name: string): number;
  nodeRemoveHook(n: GraphNode, key: number): boolean;
  /** Node.register_prehook: (node, id, hook name); removed by forgetting the id. */
  nodeRegisterPrehook(n: GraphNode, id: number, name: string): void;
  /** (kind 0: pack(pair id, tensor handle) -> packed value's id; kind 1: unpack(pair id, packed id) -> handle) */
  setSavedTensorsHooksDispatcher(fn: (kind: number, pairId: number, arg: number) => number): void;
  /** saved_tensors_hooks.__enter__: the id of the stored [pack, unpack] pair. */
  pushSavedTensorsHooks(pairId: number): void;
  popSavedTensorsHooks(): void;
  /** (message) disables saved tensor hooks, () enables them; returns the message in force before. */
  savedTensorsHooksDisable(message?: string): string | undefined;
  /** Tensor.register_hook: returns the hook's index for removeHook. */
  registerHook(t: Handle, id: number): number;
  removeHook(t: Handle, index: number): void;
  /** Backwards started inside a JS callback that ran on the engine thread which called it (reentrant). */
  autogradHandedBack(): number;
  /** Ids of this thread's hooks whose tensors were freed. */
  takeDeadHooks(): number[];
  /** Ids (as functionApply got them) of this thread's Function nodes whose saved variables were released. */
  takeReleasedFunctions(): number[];
  /** (dispatcher(id, grads, released: the node's saved variables were released by an earlier backward)) */
  setFunctionDispatcher(fn: (id: number, grads: Array<Handle | null>, released: boolean) => Array<Handle | null>): void;
  functionApply(
    inputs: Handle[],
    outputs: Array<Handle | undefined>,
    id: number,
    name: string,
    o: { nonDifferentiable: number[]; dirty: number[]; materializeGrads: boolean },
  ): [...Array<Handle | null>, GraphNode];
  /** Marks the views among a custom Function's outputs as made in a custom Function (CreationMeta). */
  functionMarkViews(outputs: Handle[]): void;
  /** ctx.save_for_backward's tensors as SavedVariables of the Function's node. */
  functionSaveVariables(node: GraphNode, tensors: Array<Handle | null>): SavedVariables;
  /** ctx.saved_tensors: the saved variables unpacked for the node (null: None). */
  functionUnpackVariables(saved: SavedVariables, node: GraphNode | null): Array<Handle | null>;
  /** release_variables: the saved data goes. */
  functionReleaseVariables(saved: SavedVariables): void;
  /** t._set_fw_grad(tangent, level, isInplaceOp). */
  setFwGrad(t: Handle, tangent: Handle, level: number, isInplaceOp: boolean): void;
  detach_(t: Handle): void;
  variableData(t: Handle): Handle;
  setData(t: Handle, data: Handle): void;
  /** DelayedError(msg, n)(*tensors): their values through a node whose backward raises msg (undefined entries stay undefined). */
  delayedError(msg: string, tensors: Array<Handle | undefined>): Handle[];
  undefinedGrad(t: Handle): Handle;
  setDefaultDtype(code: number): void;
  wrappedNumber(v: number | boolean | Complex): Handle;
  getDefaultDtype(): number;
  version(t: Handle): number;
  setGradEnabled(v: boolean): void;
  isGradEnabled(): boolean;
  /** torch._C._enter_dual_level: the new forward-AD level. */
  enterDualLevel(): number;
  exitDualLevel(level: number): void;
  setFwdGradEnabled(v: boolean): void;
  isFwdGradEnabled(): boolean;
  /** torch._C._vmapmode_increment_nesting: the new vmap level. */
  vmapIncrementNesting(): number;
  vmapDecrementNesting(): number;
  setVmapFallbackWarningEnabled(v: boolean): void;
  areVmapFallbackWarningsEnabled(): boolean;

  // ---- nn (native/nn.cc)
  conv2d(input: Handle, weight: Handle, o: Conv2dNativeOptions): Handle;
  linear(input: Handle, weight: Handle, bias: Handle | undefined): Handle;
  batchNorm(input: Handle, o: BatchNormOptions): Handle;
  maxPool2d(input: Handle, o: MaxPool2dNativeOptions): Handle;
  avgPool2d(input: Handle, o: AvgPool2dNativeOptions): Handle;
  relu(t: Handle): Handle;
  relu_(t: Handle): void;
  dropout(t: Handle, p: number, training: boolean): Handle;
  dropout_(t: Handle, p: number, training: boolean): void;
  logSoftmax(t: Handle, dim: number): Handle;
  softmax(t: Handle, dim: number): Handle;
  nllLoss(input: Handle, target: Handle, o: NllLossOptions): Handle;
  crossEntropy(input: Handle, target: Handle, o: CrossEntropyOptions): Handle;
  mseLoss(input: Handle, target: Handle, reduction: ReductionCode): Handle;
  conv1d(input: Handle, weight: Handle, o: Conv2dNativeOptions): Handle;
  conv3d(input: Handle, weight: Handle, o: Conv2dNativeOptions): Handle;
  convTranspose1d(input: Handle, weight: Handle, o: ConvTransposeNativeOptions): Handle;
  convTranspose2d(input: Handle, weight: Handle, o: ConvTransposeNativeOptions): Handle;
  convTranspose3d(input: Handle, weight: Handle, o: ConvTransposeNativeOptions): Handle;
  /** [output, indices] */
  maxPool2dWithIndices(input: Handle, o: MaxPool2dNativeOptions): [Handle, Handle];
  maxUnpool2d(input: Handle, indices: Handle, outputSize: number[]): Handle;
  adaptiveAvgPool2d(input: Handle, outputSize: number[]): Handle;
  /** [output, indices] */
  adaptiveMaxPool2d(input: Handle, outputSize: number[]): [Handle, Handle];
  layerNorm(input: Handle, normalizedShape: number[], o: NormAffineOptions): Handle;
  groupNorm(input: Handle, numGroups: number, o: NormAffineOptions): Handle;
  instanceNorm(input: Handle, o: InstanceNormNativeOptions): Handle;
  embedding(weight: Handle, indices: Handle, o: EmbeddingNativeOptions): Handle;
  embeddingRenorm_(weight: Handle, indices: Handle, maxNorm: number, normType: number): void;
  leakyRelu(t: Handle, negativeSlope: number): Handle;
  leakyRelu_(t: Handle, negativeSlope: number): void;
  gelu(t: Handle, approximate: string): Handle;
  silu(t: Handle): Handle;
  silu_(t: Handle): void;
  featureDropout(t: Handle, p: number, training: boolean): Handle;
  featureDropout_(t: Handle, p: number, training: boolean): void;
  binaryCrossEntropyWithLogits(input: Handle, target: Handle, o: BceWithLogitsOptions): Handle;
  // ---- nn activations, losses and 1D/3D pooling (native/nn_layers.cc)
  elu(t: Handle, alpha: number): Handle;
  elu_(t: Handle, alpha: number): void;
  celu(t: Handle, alpha: number): Handle;
  celu_(t: Handle, alpha: number): void;
  selu(t: Handle): Handle;
  selu_(t: Handle): void;
  hardtanh(t: Handle, minVal: number, maxVal: number): Handle;
  hardtanh_(t: Handle, minVal: number, maxVal: number): void;
  relu6(t: Handle): Handle;
  relu6_(t: Handle): void;
  softplus(t: Handle, beta: number, threshold: number): Handle;
  prelu(t: Handle, weight: Handle): Handle;
  mish(t: Handle): Handle;
  mish_(t: Handle): void;
  hardswish(t: Handle): Handle;
  hardswish_(t: Handle): void;
  hardsigmoid(t: Handle): Handle;
  hardsigmoid_(t: Handle): void;
  logSigmoid(t: Handle): Handle;
  softsign(t: Handle): Handle;
  tanhshrink(t: Handle): Handle;
  l1Loss(input: Handle, target: Handle, reduction: ReductionCode): Handle;
  smoothL1Loss(input: Handle, target: Handle, reduction: ReductionCode, beta: number): Handle;
  huberLoss(input: Handle, target: Handle, reduction: ReductionCode, delta: number): Handle;
  binaryCrossEntropy(input: Handle, target: Handle, o: { weight?: Handle; reduction: ReductionCode }): Handle;
  /** batchmean: the sum divided by input.size(0) (F.kl_div's reduction='batchmean'; reduction is then sum). */
  klDiv(input: Handle, target: Handle, o: { reduction: ReductionCode; logTarget: boolean; batchmean: boolean }): Handle;
  maxPool1d(input: Handle, o: MaxPool2dNativeOptions): Handle;
  /** [output, indices] */
  maxPool1dWithIndices(input: Handle, o: MaxPool2dNativeOptions): [Handle, Handle];
  maxPool3d(input: Handle, o: MaxPool2dNativeOptions): Handle;
  /** [output, indices] */
  maxPool3dWithIndices(input: Handle, o: MaxPool2dNativeOptions): [Handle, Handle];
  avgPool1d(input: Handle, o: Omit<AvgPool2dNativeOptions, "divisorOverride">): Handle;
  avgPool3d(input: Handle, o: AvgPool2dNativeOptions): Handle;
  adaptiveAvgPool1d(input: Handle, outputSize: number[]): Handle;
  adaptiveAvgPool3d(input: Handle, outputSize: number[]): Handle;
  // ---- more activations and layers (native/nn_layers.cc)
  threshold(t: Handle, threshold: number, value: number): Handle;
  threshold_(t: Handle, threshold: number, value: number): void;
  glu(t: Handle, dim: number): Handle;
  hardshrink(t: Handle, lambd: number): Handle;
  softshrink(t: Handle, lambd: number): Handle;
  /** (-t).softmax(dim, dtype) */
  softmin(t: Handle, dim: number, dtype?: number): Handle;
  /** Slopes from the default generator in training, (lower + upper) / 2 otherwise. */
  rrelu(t: Handle, lower: number, upper: number, training: boolean): Handle;
  rrelu_(t: Handle, lower: number, upper: number, training: boolean): void;
  bilinear(input1: Handle, input2: Handle, weight: Handle, bias?: Handle): Handle;
  localResponseNorm(t: Handle, size: number, alpha: number, beta: number, k: number): Handle;
  alphaDropout(t: Handle, p: number, training: boolean): Handle;
  alphaDropout_(t: Handle, p: number, training: boolean): void;
  featureAlphaDropout(t: Handle, p: number, training: boolean): Handle;
  featureAlphaDropout_(t: Handle, p: number, training: boolean): void;
  im2col(t: Handle, o: { kernelSize: number[]; dilation: number[]; padding: number[]; stride: number[] }): Handle;
  col2im(
    t: Handle,
    o: { outputSize: number[]; kernelSize: number[]; dilation: number[]; padding: number[]; stride: number[] },
  ): Handle;
  channelShuffle(t: Handle, groups: number): Handle;
  /** F.lp_pool1d/2d by the kernel's length; stride [] is the kernel size. */
  lpPool(t: Handle, normType: number, kernelSize: number[], stride: number[], ceilMode: boolean): Handle;
  /** [output, indices] */
  adaptiveMaxPool1d(t: Handle, outputSize: number[]): [Handle, Handle];
  /** [output, indices] */
  adaptiveMaxPool3d(t: Handle, outputSize: number[]): [Handle, Handle];
  maxUnpool3d(t: Handle, indices: Handle, outputSize: number[], stride: number[], padding: number[]): Handle;
  /** mode: 0 sum, 1 mean, 2 max; the bags' output only. */
  embeddingBag(
    weight: Handle,
    indices: Handle,
    offsets: Handle,
    o: {
      scaleGradByFreq: boolean;
      mode: number;
      sparse: boolean;
      perSampleWeights?: Handle;
      includeLastOffset: boolean;
      paddingIdx?: number;
    },
  ): Handle;
  // ---- more losses (native/nn_losses.cc)
  marginRankingLoss(input1: Handle, input2: Handle, target: Handle, margin: number, reduction: ReductionCode): Handle;
  hingeEmbeddingLoss(input: Handle, target: Handle, margin: number, reduction: ReductionCode): Handle;
  softMarginLoss(input: Handle, target: Handle, reduction: ReductionCode): Handle;
  multilabelMarginLoss(input: Handle, target: Handle, reduction: ReductionCode): Handle;
  cosineEmbeddingLoss(input1: Handle, input2: Handle, target: Handle, margin: number, reduction: ReductionCode): Handle;
  tripletMarginLoss(
    anchor: Handle,
    positive: Handle,
    negative: Handle,
    o: { margin: number; p: number; eps: number; swap: boolean; reduction: ReductionCode },
  ): Handle;
  multilabelSoftMarginLoss(input: Handle, target: Handle, o: { weight?: Handle; reduction: ReductionCode }): Handle;
  multiMarginLoss(
    input: Handle,
    target: Handle,
    o: { p: number; margin: number; weight?: Handle; reduction: ReductionCode },
  ): Handle;
  poissonNllLoss(
    input: Handle,
    target: Handle,
    o: { logInput: boolean; full: boolean; eps: number; reduction: ReductionCode },
  ): Handle;
  /** unsqueeze: var is one dimension short of the input (PyTorch's homoscedastic case). */
  gaussianNllLoss(
    input: Handle,
    target: Handle,
    variance: Handle,
    o: { full: boolean; eps: number; reduction: ReductionCode; unsqueeze: boolean },
  ): Handle;
  /** The lengths are tensors or lists of ints. */
  ctcLoss(
    logProbs: Handle,
    targets: Handle,
    inputLengths: Handle | number[],
    targetLengths: Handle | number[],
    o: { blank: number; reduction: ReductionCode; zeroInfinity: boolean },
  ): Handle;
  // ---- resampling, padding, pixel shuffle, distances (native/nn_resample.cc)
  /** F.interpolate's upsample_* kernel for `mode` and the input's dimensionality: exactly one of size and scales. */
  interpolate(
    input: Handle,
    o: { mode: string; size?: number[]; scales?: number[]; alignCorners: boolean; antialias: boolean },
  ): Handle;
  /** at::pad (F.pad): every mode; value only for "constant". */
  padNd(input: Handle, pad: number[], mode: string, value?: number): Handle;
  fractionalMaxPool2d(x: Handle, kernel: number[], outputSize: number[], samples: Handle): [Handle, Handle];
  fractionalMaxPool3d(x: Handle, kernel: number[], outputSize: number[], samples: Handle): [Handle, Handle];
  gridSample(input: Handle, grid: Handle, mode: number, padding: number, alignCorners: boolean): Handle;
  affineGrid(theta: Handle, size: number[], alignCorners: boolean): Handle;
  pixelShuffle(input: Handle, upscaleFactor: number): Handle;
  pixelUnshuffle(input: Handle, downscaleFactor: number): Handle;
  cosineSimilarity(x1: Handle, x2: Handle, dim: number, eps: number): Handle;
  pairwiseDistance(x1: Handle, x2: Handle, p: number, eps: number, keepdim: boolean): Handle;
  unflatten(input: Handle, dim: number, sizes: number[]): Handle;
  clipGradNorm(grads: Handle[], maxNorm: number, normType: number, nonfiniteMessage?: string): Handle;

  // ---- optim (native/optim.cc)
  adamStep(params: Handle[], o: AdamStepOptions): AdamCreated[];
  /** The momentum buffers this step created, at their parameter's index. */
  sgdStep(params: Handle[], o: SgdStepOptions): Array<Handle | undefined>;
  /** C's cos/pow/log (what Python's math.cos, float ** and math.log call), for exact scheduler lrs. */
  libm(op: "cos" | "sin" | "tan" | "atan" | "pow" | "log", x: number, y?: number): number;
  rmspropStep(
    params: Handle[],
    state: OptimStateLists,
    o: {
      lr: number;
      alpha: number;
      eps: number;
      weightDecay: number;
      momentum: number;
      centered: boolean;
      maximize: boolean;
    },
  ): OptimCreated[];
  adagradStep(
    params: Handle[],
    state: OptimStateLists,
    o: {
      lr: number;
      lrDecay: number;
      weightDecay: number;
      eps: number;
      initialAccumulatorValue: number;
      maximize: boolean;
    },
  ): OptimCreated[];
  adadeltaStep(
    params: Handle[],
    state: OptimStateLists,
    o: { lr: number; rho: number; eps: number; weightDecay: number; maximize: boolean },
  ): OptimCreated[];
  nadamStep(
    params: Handle[],
    state: OptimStateLists,
    o: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; momentumDecay: number },
  ): OptimCreated[];
  radamStep(
    params: Handle[],
    state: OptimStateLists,
    o: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number },
  ): OptimCreated[];
  adamaxStep(
    params: Handle[],
    state: OptimStateLists,
    o: { lr: number; beta1: number; beta2: number; eps: number; weightDecay: number; maximize: boolean },
  ): OptimCreated[];
  sparseAdamStep(
    params: Handle[],
    state: OptimStateLists,
    o: { lr: number; beta1: number; beta2: number; eps: number; maximize: boolean },
  ): OptimCreated[];
  asgdStep(
    params: Handle[],
    state: OptimStateLists,
    o: { lr: number; lambd: number; alpha: number; t0: number; weightDecay: number; maximize: boolean },
  ): OptimCreated[];
  rpropStep(
    params: Handle[],
    state: OptimStateLists,
    o: {
      lr: number;
      etaMinus: number;
      etaPlus: number;
      stepSizeMin: number;
      stepSizeMax: number;
      maximize: boolean;
    },
  ): OptimCreated[];

  // ---- data (native/data.cc)
  readFileBytes(path: string, byteOffset: number, byteLength: number): Handle;
  /** No seed: PyTorch's default seed. */
  generatorNew(seed?: number | bigint): GeneratorRef;
  /** null: the default CPU generator. */
  generatorInitialSeed(g: GeneratorRef | null): number;
  /** A non-deterministic seed, set and returned; null: the default generators (CPU and CUDA). */
  generatorSeedRandom(g: GeneratorRef | null): number;
  generatorGetState(g: GeneratorRef): Handle;
  generatorSetState(g: GeneratorRef, state: Handle): void;
  generatorSeed(g: GeneratorRef, seed: number | bigint): void;
  /** torch.empty((), dtype=int64).random_(generator=g).item(); null: the default generator. */
  generatorDraw(g: GeneratorRef | null): bigint;
  generatorRandperm(g: GeneratorRef | null, n: number): Handle;
  generatorRandint(g: GeneratorRef | null, high: number, n: number): Handle;
  generatorSwapGlobal(g: GeneratorRef): void;
  epochPermutation(g: GeneratorRef, n: number): Handle;
  generatorRandomSeed(): number;
  /** Per image, torch.randint(0, high, (1,)) for high > 0 and torch.rand(1) for 0: float64 [batch, highs.length]. */
  loaderDraws(batch: number, highs: number[]): Handle;
  /** Image i (a copy) and its label. */
  datasetImage(images: Handle, labels: Handle, i: number): [Handle, number];
  imageResize(img: Handle, size: number[], mode: string, antialias: boolean): Handle;
  imageResizePil(img: Handle, size: number[], mode: string, box: number[] | null): Handle;
  imagePad(img: Handle, padding: number[], mode: string, fill: number): Handle;
  loaderBatch(images: Handle, labels: Handle, indices: Handle, o: LoaderBatchOptions): [Handle, Handle];
  loaderPrefetch(images: Handle, labels: Handle, indices: Handle, o: LoaderBatchOptions): LoaderJob;
  loaderTake(job: LoaderJob): [Handle, Handle];

  // ---- any ATen operator through the dispatcher (native/dispatch.cc; lib/aten.ts)
  /** Every overload of one operator ("aten::clamp_min") but its out= forms, with ids for opCall. */
  opOverloads(name: string): AtenOverload[];
  /** Calls overload `id` with its arguments in schema order; undefined takes the schema's default. */
  opCall(id: number, ...args: AtenValue[]): AtenResult;
  /** opCall for an in-place operator: the result (the input itself) is not handed back. */
  opCall_(id: number, ...args: AtenValue[]): void;

  // ---- amp (native/amp.cc)
  ampState(device: "cpu" | "cuda"): [boolean, DtypeCode];
  ampSetState(device: "cpu" | "cuda", enabled: boolean, dtype: DtypeCode): void;
  ampCacheEnabled(): boolean;
  ampSetCacheEnabled(enabled: boolean): void;
  ampIncrementNesting(): number;
  ampDecrementNesting(): number;
  ampClearCache(): void;
  ampUnscale(grads: Handle[], foundInf: Handle, invScale: Handle): void;
  ampUpdateScale(
    scale: Handle,
    growthTracker: Handle,
    foundInf: Handle,
    growthFactor: number,
    backoffFactor: number,
    growthInterval: number,
  ): void;

  // ---- profiler (native/profiler.cc)
  profilerKinetoAvailable(): boolean;
  profilerEnabled(): boolean;
  profilerPrepare(o: ProfilerConfigOptions): void;
  profilerEnable(o: ProfilerConfigOptions): void;
  /** Stops this thread's profiler: [result, trace start in µs, events]. */
  profilerDisable(): [ProfilerResultRef, number, ProfilerEvent[]];
  /** Kineto's own trace file of a result. */
  profilerSave(result: ProfilerResultRef, path: string): void;
  /** A USER_SCOPE range; `args` is its one recorded input (a string, as record_function's). */
  recordFunctionEnter(name: string, args?: string): RecordFunctionRef;
  recordFunctionExit(r: RecordFunctionRef): void;

  // ---- jit (native/jit.cc)
  jitLoad(path: string | Uint8Array, device?: string): ScriptModuleRef;
  jitSave(m: ScriptModuleRef, path: string): void;
  jitChildren(m: ScriptModuleRef): Array<[string, ScriptModuleRef]>;
  jitParameters(m: ScriptModuleRef): Array<[string, Handle]>;
  jitBuffers(m: ScriptModuleRef): Array<[string, Handle]>;
  jitSetAttr(m: ScriptModuleRef, name: string, t: Handle): void;
  jitTrain(m: ScriptModuleRef, mode: boolean): void;
  jitIsTraining(m: ScriptModuleRef): boolean;
  jitTypeName(m: ScriptModuleRef): string;
  jitMethods(m: ScriptModuleRef): string[];
  /** Tensors in the result come as {__tensor: handle}. */
  jitCall(m: ScriptModuleRef, method: string, args: unknown[], kwargs?: Record<string, unknown>): unknown;

  // ---- cuda (native/cuda.cc)
  cudaIsAvailable(): boolean;
  cudaDeviceCount(): number;
  cudaDeviceProperties(device: number): {
    name: string;
    major: number;
    minor: number;
    totalMemory: number;
    multiProcessorCount: number;
  };
  cudnnIsAvailable(): boolean;
  cudnnVersion(): number | null;
  cudaCurrentDevice(): number;
  cudaSetDevice(device: number): void;
  cudaSynchronize(device?: number): void;
  cudaMemoryAllocated(device?: number): number;
  cudaMemoryReserved(device?: number): number;
  cudaMaxMemoryAllocated(device?: number): number;
  cudaEmptyCache(): void;
  cudaResetPeakMemoryStats(device?: number): void;
  cudnnFlags(benchmark?: boolean, deterministic?: boolean, enabled?: boolean, allowTF32?: boolean): CudnnFlags;
  cudaGraphNew(): GraphRef;
  /** mode: 0 global, 1 thread_local, 2 relaxed */
  cudaGraphCaptureBegin(g: GraphRef, poolFirst: number, poolSecond: number, mode: number): void;
  cudaGraphCaptureEnd(g: GraphRef): void;
  cudaGraphReplay(g: GraphRef): void;
  cudaGraphReset(g: GraphRef): void;
  cudaGraphPool(g: GraphRef): [number, number];
  cudaGraphDispose(g: GraphRef): void;
  cudaGraphPoolHandle(): [number, number];
  cudaIsCapturing(): boolean;
  /** device -1: the current device */
  cudaStreamNew(device: number, highPriority: boolean): StreamRef;
  cudaCurrentStream(device: number): StreamRef;
  cudaSetStream(s: StreamRef): void;
  cudaStreamWait(waiter: StreamRef, on: StreamRef): void;
  cudaStreamSynchronize(s: StreamRef): void;
  cudaStreamQuery(s: StreamRef): boolean;
  /** [id, device index] */
  cudaStreamInfo(s: StreamRef): [number, number];

  // ---- serialization (native/serialize.cc)
  /** The tensor as a view of its storage: storage identity, storage elements, offset, strides. */
  storageInfo(t: Handle): StorageInfo;
  dataPtr(t: Handle): number;
  isView(t: Handle): boolean;
  viewBase(t: Handle): Handle | undefined;
  /** The whole storage as a flat tensor of the tensor's dtype. */
  storageTensor(t: Handle): Handle;
  /** torch.save's zip: data.pkl, then data/<key> holding each tensor's whole storage, then version. */
  writeArchive(path: string, pickle: Uint8Array, storages: Array<[key: string, tensor: Handle]>): void;
  readArchive(path: string): [string, ArrayBuffer][];
  fromStorage(bytes: Uint8Array, dtype: DtypeCode): Handle;
  storageView(storage: Handle, o: StorageViewOptions): Handle;
}

export const packageRoot = path.resolve(__dirname, __dirname.endsWith(path.join("dist", "lib")) ? "../.." : "..");

export interface LoadInfo {
  file: string | null;
  kind: "local build" | "prebuild" | "none";
  error: string | null;
  /** Whether the addon's second instance, which holds the finalizers, loaded (see loadFinalizerEnv). */
  finalizerEnv: boolean;
}
export const loadInfo: LoadInfo = { file: null, kind: "none", error: null, finalizerEnv: false };

// The addon loaded a second time: Node-API gives that instance an env of its own, and the first
// instance registers every finalizer there. Node runs a finalizer during GC as if called from its env
// and takes an exception pending on that env for the finalizer's; the first instance's errors are
// pending there while Node rethrows them, and a collection at that moment aborted the process.
function loadFinalizerEnv(file: string): boolean {
  const second = { exports: {} as { finalizerEnv?: boolean } };
  process.dlopen(second, file);
  return second.exports.finalizerEnv === true;
}

function load(): Native {
  let addon: Native;
  try {
    const gypBuild = require("node-gyp-build");
    const file: string = gypBuild.resolve(packageRoot);
    // A picked prebuild's libtorch is opened first (its rpath names the machine it was built on).
    require(path.join(packageRoot, "scripts", "preload_libtorch.js")).preloadSelectedLibtorch(file);
    loadInfo.file = file;
    loadInfo.kind = file.includes(`${path.sep}prebuilds${path.sep}`) ? "prebuild" : "local build";
    addon = require(file);
    if (addon.takesFinalizerEnv) loadInfo.finalizerEnv = loadFinalizerEnv(file);
  } catch (e) {
    const msg = (e as Error).message;
    loadInfo.error = msg;
    throw new Error(
      `torchts: the native addon failed to load: ${msg.split("\n")[0]}\n` +
        "Fix: install a libtorch it can use (apt-get install libtorch-dev), or rebuild against yours with " +
        "`LIBTORCH=/path/to/libtorch npm rebuild torchts` or `TORCHTS_PYTHON=/path/to/python npm rebuild torchts`. " +
        "`npx torchts doctor` says what was found.",
    );
  }
  // Native errors are made as these classes, so `e instanceof torch.IndexError` works.
  addon.setErrorClasses({ IndexError, ValueError, NotImplementedError, LinAlgError });
  addon.setComplexClass(Complex);
  return addon;
}

export const native: Native = load();
