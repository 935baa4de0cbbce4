// nn.Transformer and its parts as PyTorch 1.13's torch/nn/modules/transformer.py defines them: the same
// submodules in the same order (so seeded weights are equal), post- or pre-norm blocks, and the inference
// fast paths (ATen's fused encoder layer, and the encoder's nested-tensor path for padded batches) under
// PyTorch's own conditions.
import { isGradEnabled } from "../../autograd";
import { full } from "../../creation";
import type { DeviceLike } from "../../device";
import { native } from "../../native";
import { getRngState, setRngState } from "../../random";
import { Tensor } from "../../tensor";
import { checkBool, checkInt, checkNumber } from "../../utils/check";
import { bindArgs, checkKwargs, type ValuesThenOptions } from "../../utils/kwargs";
import { LIBTORCH_MAJOR } from "../../utils/version";
import type { FactoryOptions } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { GELU, ReLU } from "./activation";
import { MultiheadAttention } from "./attention";
import { ModuleList } from "./container";
import { Dropout } from "./dropout";
import { Linear } from "./linear";
import { LayerNorm } from "./normalization";

type Activation = "relu" | "gelu" | ((x: Tensor) => Tensor) | Module;
type Fwd = Module & { forward(x: Tensor): Tensor };

function assertion(message: string): Error {
  return Object.assign(new Error(message), { name: "AssertionError" });
}
function checkPaddingMask(mask: Tensor | null | undefined): void {
  if (mask && mask.dtype !== "bool" && !mask.isFloatingPoint())
    throw assertion("only bool and floating types of key_padding_mask are supported");
}
// _get_activation_fn, and PyTorch's activation_relu_or_gelu code (1 relu, 2 gelu, 0 other).
function activationOf(a: Activation): [(x: Tensor) => Tensor, number, Module | null] {
  if (typeof a === "string") {
    if (a === "relu") return [F.relu, 1, null];
    if (a === "gelu") return [F.gelu as (x: Tensor) => Tensor, 2, null];
    throw new Error(`activation should be relu/gelu, not ${a}`);
  }
  if (a instanceof Module) {
    const code = a instanceof ReLU ? 1 : a instanceof GELU ? 2 : 0;
    return [(x) => (a as Fwd).forward(x), code, a];
  }
  if (typeof a !== "function") throw new TypeError("activation must be 'relu', 'gelu', a function or a Module");
  return [a, a === F.relu ? 1 : a === (F.gelu as unknown) ? 2 : 0, null];
}

/** The options both Transformer layers take (PyTorch's keyword arguments). */
export interface TransformerLayerOptions extends FactoryOptions {
  dimFeedforward?: number;
  dropout?: number;
  activation?: Activation;
  layerNormEps?: number;
  batchFirst?: boolean;
  normFirst?: boolean;
  /** PyTorch ≥ 2.1 (a libtorch 2.x build): false leaves out every Linear's and LayerNorm's bias. */
  bias?: boolean;
}
// PyTorch 2.1 put `bias` before device and dtype.
const LAYER_ARGS = [
  "dimFeedforward",
  "dropout",
  "activation",
  "layerNormEps",
  "batchFirst",
  "normFirst",
  ...(LIBTORCH_MAJOR >= 2 ? ["bias"] : []),
  "device",
  "dtype",
];
// The LayerNorm options for `bias` (a key 1.13's LayerNorm does not take).
const normBias = (bias: boolean) => (LIBTORCH_MAJOR >= 2 ? { bias } : {});

// _get_clones: copies of a layer with its weights, made without touching the random generator (as deepcopy).
function clones<T extends Module>(layer: T, n: number, make: () => T): ModuleList {
  const copies: Module[] = [];
  for (let i = 0; i < n; i++) {
    const state = getRngState();
    const c = make();
    setRngState(state);
    c.loadStateDict(layer.stateDict());
    c.train(layer.training);
    copies.push(c);
  }
  return new ModuleList(copies);
}

// The parts both layers register, in PyTorch's order: self_attn, [multihead_attn], linear1, dropout,
// linear2, norm1..normN, dropout1..dropoutN, then the activation when it is a module. Returns what the
// forward needs besides them.
function buildLayer(
  m: Module,
  dModel: number,
  nhead: number,
  o: TransformerLayerOptions,
  cross: boolean,
): { normFirst: boolean; act: (x: Tensor) => Tensor; code: number } {
  const factory = { device: o.device, dtype: o.dtype };
  const dropout = checkNumber(o.dropout ?? 0.1, "dropout");
  const ff = checkInt(o.dimFeedforward ?? 2048, "dim_feedforward");
  const eps = checkNumber(o.layerNormEps ?? 1e-5, "layer_norm_eps");
  const batchFirst = checkBool(o.batchFirst ?? false, "batch_first");
  const bias = checkBool(o.bias ?? true, "bias");
  const attention = () => new MultiheadAttention(dModel, nhead, { dropout, bias, batchFirst, ...factory });
  m.registerModule("self_attn", attention());
  if (cross) m.registerModule("multihead_attn", attention());
  m.registerModule("linear1", new Linear(dModel, ff, { bias, ...factory }));
  m.registerModule("dropout", new Dropout(dropout));
  m.registerModule("linear2", new Linear(ff, dModel, { bias, ...factory }));
  const normFirst = checkBool(o.normFirst ?? false, "norm_first");
  const n = cross ? 3 : 2;
  for (let i = 1; i <= n; i++)
    m.registerModule(`norm${i}`, new LayerNorm(dModel, { eps, ...normBias(bias), ...factory }));
  for (let i = 1; i <= n; i++) m.registerModule(`dropout${i}`, new Dropout(dropout));
  const [act, code, module] = activationOf(o.activation ?? "relu");
  if (module) m.registerModule("activation", module);
  return { normFirst, act, code };
}

/** A layer's parameters after dModel and nhead, in PyTorch's order. */
type LayerArgs = [
  dimFeedforward?: number,
  dropout?: number,
  activation?: Activation,
  layerNormEps?: number,
  batchFirst?: boolean,
  normFirst?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];

/** TransformerEncoder's parameters after the required ones, in PyTorch's order. */
type TransformerEncoderPositional = [norm?: NormModule | null, enableNestedTensor?: boolean, maskCheck?: boolean];
/**
 * nn.TransformerEncoderLayer: self-attention then a feed-forward block, each with dropout, a residual
 * connection and LayerNorm (after, or before with `normFirst`).
 *
 * Args: `dModel`, `nhead`, then PyTorch's positional `dimFeedforward (2048), dropout (0.1), activation
 * ("relu"), layerNormEps, batchFirst, normFirst, device, dtype` or an options object.
 *
 * @example
 * ```ts
 * const layer = new nn.TransformerEncoderLayer(512, 8);
 * const out = layer.forward(torch.rand([10, 32, 512]));
 * ```
 */
export class TransformerEncoderLayer extends Module {
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  readonly normFirst: boolean;
  /** @internal 1 relu, 2 gelu, 0 another activation (PyTorch's activation_relu_or_gelu). */
  readonly activationReluOrGelu: number;
  private readonly act: (x: Tensor) => Tensor;
  private readonly options: TransformerLayerOptions;
  /** PyTorch's positional form. */
  constructor(dModel: number, nhead: number, ...args: LayerArgs);
  /** Some values in PyTorch's order, then options for the rest: (16, 4, 64, { batchFirst: true }). */
  constructor(dModel: number, nhead: number, ...args: ValuesThenOptions<LayerArgs, TransformerLayerOptions>);
  constructor(dModel: number, nhead: number, o?: TransformerLayerOptions);
  constructor(
    readonly dModel: number,
    readonly nhead: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, LAYER_ARGS, "TransformerEncoderLayer.__init__", 3) as TransformerLayerOptions;
    this.options = o;
    const { normFirst, act, code } = buildLayer(this, dModel, nhead, o, false);
    this.normFirst = normFirst;
    this.act = act;
    this.activationReluOrGelu = code;
  }
  /** `self_attn`. */
  get selfAttnModule(): MultiheadAttention {
    return this.getSubmodule("self_attn") as MultiheadAttention;
  }
  /** @internal a new layer with the same arguments and weights (for TransformerEncoder's clones). */
  cloneLayer(): TransformerEncoderLayer {
    return new TransformerEncoderLayer(this.dModel, this.nhead, this.options);
  }
  /** @internal the fused kernel's arguments, in its order. */
  fastPathTensors(): Tensor[] {
    const a = this.selfAttnModule;
    return [
      a.inProjWeight!,
      a.inProjBias!,
      a.outProj.weight,
      a.outProj.bias!,
      this.norm1.weight!,
      this.norm1.bias!,
      this.norm2.weight!,
      this.norm2.bias!,
      this.linear1.weight,
      this.linear1.bias!,
      this.linear2.weight,
      this.linear2.bias!,
    ];
  }
  /** @internal why_not_sparsity_fast_path: "" when ATen's fused layer may run. */
  whyNotFastPath(src: Tensor, srcMask: Tensor | null): string {
    const a = this.selfAttnModule;
    if (src.dim() !== 3) return "input not batched";
    if (this.training) return "training is enabled";
    if (!a.batchFirst) return "self_attn.batch_first was not True";
    if (!a.qkvSameEmbedDim) return "self_attn._qkv_same_embed_dim was not True";
    if (!this.activationReluOrGelu) return "activation_relu_or_gelu was not True";
    if (this.norm1.eps !== this.norm2.eps) return "norm1.eps is not equal to norm2.eps";
    if (srcMask) return "src_mask is not supported for fastpath";
    if (a.numHeads % 2 === 1) return "num_head is odd";
    const args = [src, ...this.fastPathTensors()];
    if (args.some((t) => t === null || t === undefined)) return "a projection has no bias";
    if (isGradEnabled() && args.some((t) => t.requiresGrad)) return "grad is enabled";
    return "";
  }
  /** One layer over `src`; `srcMask` (attention mask) and `srcKeyPaddingMask` as in MultiheadAttention. */
  forward(src: Tensor, o: { srcMask?: Tensor | null; srcKeyPaddingMask?: Tensor | null } = {}): Tensor {
    checkKwargs(o, ["srcMask", "srcKeyPaddingMask"], "forward");
    const srcMask = o.srcMask ?? null;
    const kpm = o.srcKeyPaddingMask ?? null;
    checkPaddingMask(kpm);
    if (this.whyNotFastPath(src, srcMask) === "") {
      const mask = srcMask ?? kpm;
      return new Tensor(
        native.transformerEncoderLayerFwd(
          src.handle,
          this.fastPathTensors().map((t) => t.handle),
          { embedDim: this.dModel, numHeads: this.nhead, useGelu: this.activationReluOrGelu === 2 },
          { normFirst: this.normFirst, eps: this.norm1.eps },
          mask?.handle,
          kpm ? 1 : srcMask ? 0 : -1,
        ),
      );
    }
    let x = src;
    if (this.normFirst) {
      x = x.add(this.saBlock(this.norm1.forward(x), srcMask, kpm));
      x = x.add(this.ffBlock(this.norm2.forward(x)));
    } else {
      x = this.norm1.forward(x.add(this.saBlock(x, srcMask, kpm)));
      x = this.norm2.forward(x.add(this.ffBlock(x)));
    }
    return x;
  }
  private saBlock(x: Tensor, attnMask: Tensor | null, keyPaddingMask: Tensor | null): Tensor {
    const [y] = this.selfAttnModule.forward(x, x, x, { attnMask, keyPaddingMask, needWeights: false });
    return this.dropout1.forward(y);
  }
  private ffBlock(x: Tensor): Tensor {
    return this.dropout2.forward(this.linear2.forward(this.dropout.forward(this.act(this.linear1.forward(x)))));
  }
}

/**
 * nn.TransformerDecoderLayer: self-attention, attention over the encoder's memory, and a feed-forward
 * block, each with dropout, a residual connection and LayerNorm (after, or before with `normFirst`).
 */
export class TransformerDecoderLayer extends Module {
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  readonly normFirst: boolean;
  private readonly act: (x: Tensor) => Tensor;
  private readonly options: TransformerLayerOptions;
  /** PyTorch's positional form. */
  constructor(dModel: number, nhead: number, ...args: LayerArgs);
  /** Some values in PyTorch's order, then options for the rest: (16, 4, 64, { batchFirst: true }). */
  constructor(dModel: number, nhead: number, ...args: ValuesThenOptions<LayerArgs, TransformerLayerOptions>);
  constructor(dModel: number, nhead: number, o?: TransformerLayerOptions);
  constructor(
    readonly dModel: number,
    readonly nhead: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(rest, LAYER_ARGS, "TransformerDecoderLayer.__init__", 3) as TransformerLayerOptions;
    this.options = o;
    const { normFirst, act } = buildLayer(this, dModel, nhead, o, true);
    this.normFirst = normFirst;
    this.act = act;
  }
  /** @internal a new layer with the same arguments and weights (for TransformerDecoder's clones). */
  cloneLayer(): TransformerDecoderLayer {
    return new TransformerDecoderLayer(this.dModel, this.nhead, this.options);
  }
  /** One layer over `tgt` attending to `memory`; the masks as in MultiheadAttention. */
  forward(
    tgt: Tensor,
    memory: Tensor,
    o: {
      tgtMask?: Tensor | null;
      memoryMask?: Tensor | null;
      tgtKeyPaddingMask?: Tensor | null;
      memoryKeyPaddingMask?: Tensor | null;
    } = {},
  ): Tensor {
    checkKwargs(o, ["tgtMask", "memoryMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask"], "forward");
    const self = this.getSubmodule("self_attn") as MultiheadAttention;
    const cross = this.getSubmodule("multihead_attn") as MultiheadAttention;
    const sa = (x: Tensor) =>
      this.dropout1.forward(
        self.forward(x, x, x, {
          attnMask: o.tgtMask ?? null,
          keyPaddingMask: o.tgtKeyPaddingMask ?? null,
          needWeights: false,
        })[0],
      );
    const mha = (x: Tensor) =>
      this.dropout2.forward(
        cross.forward(x, memory, memory, {
          attnMask: o.memoryMask ?? null,
          keyPaddingMask: o.memoryKeyPaddingMask ?? null,
          needWeights: false,
        })[0],
      );
    const ff = (x: Tensor) =>
      this.dropout3.forward(this.linear2.forward(this.dropout.forward(this.act(this.linear1.forward(x)))));
    let x = tgt;
    if (this.normFirst) {
      x = x.add(sa(this.norm1.forward(x)));
      x = x.add(mha(this.norm2.forward(x)));
      x = x.add(ff(this.norm3.forward(x)));
    } else {
      x = this.norm1.forward(x.add(sa(x)));
      x = this.norm2.forward(x.add(mha(x)));
      x = this.norm3.forward(x.add(ff(x)));
    }
    return x;
  }
}

/** The final norm of a TransformerEncoder / TransformerDecoder: any module mapping a tensor to a tensor. */
type NormModule = Module & { forward(x: Tensor): Tensor };
/** TransformerEncoder's keyword arguments. */
export interface EncoderOptions {
  norm?: NormModule | null;
  enableNestedTensor?: boolean;
  maskCheck?: boolean;
}

/** nn.TransformerEncoder: `numLayers` copies of an encoder layer (same initial weights), then `norm`. */
export class TransformerEncoder extends Module {
  declare layers: ModuleList;
  // The final norm: a child module when given; when null, a plain attribute as in PyTorch (not printed).
  private readonly normRef: { m: Fwd | null };
  readonly enableNestedTensor: boolean;
  readonly maskCheck: boolean;
  /** PyTorch's positional form: (encoderLayer, numLayers, norm, enableNestedTensor, maskCheck). */
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, ...args: TransformerEncoderPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    encoderLayer: TransformerEncoderLayer,
    numLayers: number,
    ...args: ValuesThenOptions<TransformerEncoderPositional, EncoderOptions>
  );
  constructor(encoderLayer: TransformerEncoderLayer, numLayers: number, o?: EncoderOptions);
  constructor(
    encoderLayer: TransformerEncoderLayer,
    readonly numLayers: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(
      rest,
      ["norm", "enableNestedTensor", "maskCheck"],
      "TransformerEncoder.__init__",
      3,
    ) as EncoderOptions;
    const norm = o.norm ?? null;
    const enableNestedTensor = o.enableNestedTensor ?? true;
    const maskCheck = o.maskCheck ?? true;
    if (!(encoderLayer instanceof TransformerEncoderLayer))
      throw new TypeError("encoderLayer must be a TransformerEncoderLayer");
    this.layers = clones(encoderLayer, checkInt(numLayers, "num_layers"), () => encoderLayer.cloneLayer());
    this.normRef = { m: norm };
    if (norm) this.registerModule("norm", norm);
    this.enableNestedTensor = checkBool(enableNestedTensor, "enable_nested_tensor");
    this.maskCheck = checkBool(maskCheck, "mask_check");
  }
  /** The layers in turn over `src`; with a padding mask in inference, PyTorch's nested-tensor path. */
  forward(src: Tensor, o: { mask?: Tensor | null; srcKeyPaddingMask?: Tensor | null } = {}): Tensor {
    checkKwargs(o, ["mask", "srcKeyPaddingMask"], "forward");
    const mask = o.mask ?? null;
    const kpm = o.srcKeyPaddingMask ?? null;
    checkPaddingMask(kpm);
    const layers = [...this.layers] as TransformerEncoderLayer[];
    const first = layers[0];
    const nested =
      first !== undefined &&
      !first.normFirst &&
      this.enableNestedTensor &&
      kpm !== null &&
      mask === null &&
      layers.every((l) => l.whyNotFastPath(src, null) === "") &&
      (!this.maskCheck || native.nestedMaskLeftAligned(src.handle, kpm.logicalNot().handle));
    let out = src;
    if (nested) {
      out = new Tensor(
        native.transformerEncoderNested(
          src.handle,
          kpm.logicalNot().handle,
          layers.flatMap((l) => l.fastPathTensors().map((t) => t.handle)),
          layers.map((l) => l.dModel),
          layers.map((l) => l.nhead),
          layers.map((l) => (l.activationReluOrGelu === 2 ? 1 : 0)),
          layers.map((l) => (l.normFirst ? 1 : 0)),
          layers.map((l) => l.norm1.eps),
        ),
      );
    } else {
      for (const l of layers) out = l.forward(out, { srcMask: mask, srcKeyPaddingMask: kpm });
    }
    return this.normRef.m ? this.normRef.m.forward(out) : out;
  }
}

/** nn.TransformerDecoder: `numLayers` copies of a decoder layer (same initial weights), then `norm`. */
export class TransformerDecoder extends Module {
  declare layers: ModuleList;
  private readonly normRef: { m: Fwd | null };
  /** PyTorch's positional form: (decoderLayer, numLayers, norm). */
  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, norm?: NormModule | null);
  constructor(decoderLayer: TransformerDecoderLayer, numLayers: number, o?: { norm?: NormModule | null });
  constructor(
    decoderLayer: TransformerDecoderLayer,
    readonly numLayers: number,
    ...rest: unknown[]
  ) {
    super();
    const norm = (bindArgs(rest, ["norm"], "TransformerDecoder.__init__", 3).norm ?? null) as NormModule | null;
    if (!(decoderLayer instanceof TransformerDecoderLayer))
      throw new TypeError("decoderLayer must be a TransformerDecoderLayer");
    this.layers = clones(decoderLayer, checkInt(numLayers, "num_layers"), () => decoderLayer.cloneLayer());
    this.normRef = { m: norm };
    if (norm) this.registerModule("norm", norm);
  }
  /** The layers in turn over `tgt`, each attending to `memory`. */
  forward(
    tgt: Tensor,
    memory: Tensor,
    o: {
      tgtMask?: Tensor | null;
      memoryMask?: Tensor | null;
      tgtKeyPaddingMask?: Tensor | null;
      memoryKeyPaddingMask?: Tensor | null;
    } = {},
  ): Tensor {
    let out = tgt;
    for (const l of this.layers as Iterable<TransformerDecoderLayer>) out = l.forward(out, memory, o);
    return this.normRef.m ? this.normRef.m.forward(out) : out;
  }
}

/** nn.Transformer's options (PyTorch's keyword arguments). */
export interface TransformerOptions extends TransformerLayerOptions {
  dModel?: number;
  nhead?: number;
  numEncoderLayers?: number;
  numDecoderLayers?: number;
  customEncoder?: Module | null;
  customDecoder?: Module | null;
}

/**
 * nn.Transformer: an encoder-decoder model (Vaswani et al.), with PyTorch's defaults (d_model 512, 8
 * heads, 6 + 6 layers, feed-forward 2048, dropout 0.1) and its Xavier re-initialisation of every matrix.
 *
 * @example
 * ```ts
 * const model = new nn.Transformer({ nhead: 16, numEncoderLayers: 12 });
 * const out = model.forward(torch.rand([10, 32, 512]), torch.rand([20, 32, 512]));
 * ```
 */
export class Transformer extends Module {
  declare encoder: Module & { forward(src: Tensor, o?: object): Tensor };
  declare decoder: Module & { forward(tgt: Tensor, memory: Tensor, o?: object): Tensor };
  readonly dModel: number;
  readonly nhead: number;
  readonly batchFirst: boolean;
  constructor(o: TransformerOptions = {}) {
    super();
    checkKwargs(
      o,
      ["dModel", "nhead", "numEncoderLayers", "numDecoderLayers", "customEncoder", "customDecoder", ...LAYER_ARGS],
      "Transformer.__init__",
    );
    const dModel = checkInt(o.dModel ?? 512, "d_model");
    const nhead = checkInt(o.nhead ?? 8, "nhead");
    const layerOptions: TransformerLayerOptions = {
      dimFeedforward: o.dimFeedforward ?? 2048,
      dropout: o.dropout ?? 0.1,
      activation: o.activation ?? "relu",
      layerNormEps: o.layerNormEps ?? 1e-5,
      batchFirst: o.batchFirst ?? false,
      normFirst: o.normFirst ?? false,
      ...(o.bias === undefined ? {} : { bias: o.bias }),
      device: o.device,
      dtype: o.dtype,
    };
    const factory = { device: o.device, dtype: o.dtype, ...normBias(o.bias ?? true) };
    const eps = layerOptions.layerNormEps!;
    if (o.customEncoder) this.encoder = o.customEncoder as never;
    else
      this.encoder = new TransformerEncoder(
        new TransformerEncoderLayer(dModel, nhead, layerOptions),
        o.numEncoderLayers ?? 6,
        new LayerNorm(dModel, { eps, ...factory }),
      );
    if (o.customDecoder) this.decoder = o.customDecoder as never;
    else
      this.decoder = new TransformerDecoder(
        new TransformerDecoderLayer(dModel, nhead, layerOptions),
        o.numDecoderLayers ?? 6,
        new LayerNorm(dModel, { eps, ...factory }),
      );
    for (const p of this.parameters()) if (p.dim() > 1) init.xavierUniform_(p);
    this.dModel = dModel;
    this.nhead = nhead;
    this.batchFirst = layerOptions.batchFirst!;
  }
  /** Encodes `src`, then decodes `tgt` over it; masks as in the layers. */
  forward(
    src: Tensor,
    tgt: Tensor,
    o: {
      srcMask?: Tensor | null;
      tgtMask?: Tensor | null;
      memoryMask?: Tensor | null;
      srcKeyPaddingMask?: Tensor | null;
      tgtKeyPaddingMask?: Tensor | null;
      memoryKeyPaddingMask?: Tensor | null;
    } = {},
  ): Tensor {
    checkKwargs(
      o,
      ["srcMask", "tgtMask", "memoryMask", "srcKeyPaddingMask", "tgtKeyPaddingMask", "memoryKeyPaddingMask"],
      "forward",
    );
    const isBatched = src.dim() === 3;
    if (isBatched && src.size(this.batchFirst ? 0 : 1) !== tgt.size(this.batchFirst ? 0 : 1))
      throw new Error("the batch number of src and tgt must be equal");
    if (src.size(-1) !== this.dModel || tgt.size(-1) !== this.dModel)
      throw new Error("the feature number of src and tgt must be equal to d_model");
    const memory = this.encoder.forward(src, {
      mask: o.srcMask ?? null,
      srcKeyPaddingMask: o.srcKeyPaddingMask ?? null,
    });
    return this.decoder.forward(tgt, memory, {
      tgtMask: o.tgtMask ?? null,
      memoryMask: o.memoryMask ?? null,
      tgtKeyPaddingMask: o.tgtKeyPaddingMask ?? null,
      memoryKeyPaddingMask: o.memoryKeyPaddingMask ?? null,
    });
  }
  /** A (sz, sz) float mask with -inf above the diagonal: each position attends to itself and earlier ones. */
  static generateSquareSubsequentMask(sz: number, device: DeviceLike = "cpu"): Tensor {
    return full([sz, sz], Number.NEGATIVE_INFINITY, { device }).triu(1);
  }
}
