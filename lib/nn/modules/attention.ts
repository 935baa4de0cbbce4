// nn.MultiheadAttention and F.multiHeadAttentionForward as PyTorch 1.13 defines them
// (torch/nn/modules/activation.py, torch/nn/functional.py): the same parameters and initialisation,
// the same sequence of tensor ops (so results are PyTorch's bit for bit), its shape checks and
// messages, and its inference fast path (ATen's _native_multi_head_attention) under the same conditions.
// On a 2.x libtorch, attention without weights goes to scaled_dot_product_attention as 2.x does.
import { callAten } from "../../aten";
import { isGradEnabled } from "../../autograd";
import { cat, zeros, zerosLike } from "../../creation";
import { native } from "../../native";
import { asTensor, Tensor } from "../../tensor";
import { checkBool, checkInt, checkNumber } from "../../utils/check";
import { bindArgs, checkKwargs, type ValuesThenOptions } from "../../utils/kwargs";
import { pySize } from "../../utils/pyrepr";
import type { FactoryOptions } from "../common_types";
import * as F from "../functional";
import * as init from "../init";
import { Module } from "../module";
import { emptyParameter, type Parameter } from "../parameter";
import { Linear } from "./linear";

function assertion(message: string): Error {
  return Object.assign(new Error(message), { name: "AssertionError" });
}
function check(ok: boolean, message: () => string): void {
  if (!ok) throw assertion(message());
}
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const tuple = (s: number[]) => (s.length === 1 ? `(${s[0]},)` : `(${s.join(", ")})`);
const isFloat = (t: Tensor) => t.isFloatingPoint();

/**
 * How attention without weights is computed. PyTorch 2.x's F.multi_head_attention_forward hands it to
 * ATen's scaled_dot_product_attention (fused kernels on CUDA, which draw dropout their own way); 1.13
 * computes softmax(q k^T) v itself. torchts does as the PyTorch of the libtorch it runs on. Tests swap
 * these to check the 2.x plumbing on a 1.13 libtorch.
 */
export const attentionKernel = {
  fused: (): boolean => Number.parseInt(native.torchVersion, 10) >= 2,
  sdpa: (q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, dropoutP: number): Tensor =>
    callAten("scaled_dot_product_attention", "scaled_dot_product_attention", undefined, [
      q,
      k,
      v,
      mask,
      dropoutP,
      false,
    ]) as Tensor,
};

/** PyTorch's Linear subclass for out_proj (its name shows in the printed form; it computes as Linear). */
export class NonDynamicallyQuantizableLinear extends Linear {}

/** Options of {@link multiHeadAttentionForward} after its required arguments (PyTorch's keywords). */
export interface MultiHeadAttentionForwardOptions {
  training?: boolean;
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  attnMask?: Tensor | null;
  useSeparateProjWeight?: boolean;
  qProjWeight?: Tensor | null;
  kProjWeight?: Tensor | null;
  vProjWeight?: Tensor | null;
  staticK?: Tensor | null;
  staticV?: Tensor | null;
  averageAttnWeights?: boolean;
}

// _mha_shape_check: whether the query is batched, after checking every input's dims.
function mhaShapeCheck(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  keyPaddingMask: Tensor | null,
  attnMask: Tensor | null,
  numHeads: number,
): boolean {
  if (query.dim() === 3) {
    check(
      key.dim() === 3 && value.dim() === 3,
      () =>
        "For batched (3-D) `query`, expected `key` and `value` to be 3-D" +
        ` but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
    );
    if (keyPaddingMask)
      check(
        keyPaddingMask.dim() === 2,
        () =>
          "For batched (3-D) `query`, expected `key_padding_mask` to be `None` or 2-D" +
          ` but found ${keyPaddingMask.dim()}-D tensor instead`,
      );
    if (attnMask)
      check(
        attnMask.dim() === 2 || attnMask.dim() === 3,
        () =>
          "For batched (3-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D" +
          ` but found ${attnMask.dim()}-D tensor instead`,
      );
    return true;
  }
  if (query.dim() === 2) {
    check(
      key.dim() === 2 && value.dim() === 2,
      () =>
        "For unbatched (2-D) `query`, expected `key` and `value` to be 2-D" +
        ` but found ${key.dim()}-D and ${value.dim()}-D tensors respectively`,
    );
    if (keyPaddingMask)
      check(
        keyPaddingMask.dim() === 1,
        () =>
          "For unbatched (2-D) `query`, expected `key_padding_mask` to be `None` or 1-D" +
          ` but found ${keyPaddingMask.dim()}-D tensor instead`,
      );
    if (attnMask) {
      check(
        attnMask.dim() === 2 || attnMask.dim() === 3,
        () =>
          "For unbatched (2-D) `query`, expected `attn_mask` to be `None`, 2-D or 3-D" +
          ` but found ${attnMask.dim()}-D tensor instead`,
      );
      if (attnMask.dim() === 3) {
        const expected = [numHeads, query.size(0), key.size(0)];
        check(
          sameShape(attnMask.shape, expected),
          () => `Expected \`attn_mask\` shape to be ${tuple(expected)} but got ${pySize(attnMask.shape)}`,
        );
      }
    }
    return false;
  }
  throw assertion(`query should be unbatched 2D or batched 3D tensor but received ${query.dim()}-D query tensor`);
}

// _in_projection_packed: one matmul for self-attention, two for encoder-decoder attention, else three.
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): Tensor[] {
  const E = q.size(-1);
  if (k === v) {
    if (q === k) return F.linear(q, w, b).chunk(3, -1);
    const [wq, wkv] = [w.narrow(0, 0, E), w.narrow(0, E, 2 * E)];
    const [bq, bkv] = b === null ? [null, null] : [b.narrow(0, 0, E), b.narrow(0, E, 2 * E)];
    return [F.linear(q, wq, bq), ...F.linear(k, wkv, bkv).chunk(2, -1)];
  }
  const [wq, wk, wv] = w.chunk(3);
  const [bq, bk, bv] = b === null ? [null, null, null] : b.chunk(3);
  return [F.linear(q, wq!, bq), F.linear(k, wk!, bk), F.linear(v, wv!, bv)];
}

// _in_projection: separate weights (kdim/vdim differ from embed_dim).
function inProjection(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  w: [Tensor, Tensor, Tensor],
  b: [Tensor | null, Tensor | null, Tensor | null],
): Tensor[] {
  const [Eq, Ek, Ev] = [q.size(-1), k.size(-1), v.size(-1)];
  const names = ["query", "key", "value"];
  const expected = [
    [Eq, Eq],
    [Eq, Ek],
    [Eq, Ev],
  ];
  for (let i = 0; i < 3; i++)
    check(
      sameShape(w[i]!.shape, expected[i]!),
      () => `expecting ${names[i]} weights shape of ${tuple(expected[i]!)}, but got ${pySize(w[i]!.shape)}`,
    );
  for (let i = 0; i < 3; i++)
    check(
      b[i] === null || sameShape(b[i]!.shape, [Eq]),
      () => `expecting ${names[i]} bias shape of ${tuple([Eq])}, but got ${pySize(b[i]!.shape)}`,
    );
  return [F.linear(q, w[0], b[0]), F.linear(k, w[1], b[1]), F.linear(v, w[2], b[2])];
}

/**
 * F.multi_head_attention_forward: attention of `query` over `key`/`value` (each (L, N, E), or unbatched
 * (L, E)) with `numHeads` heads; returns `[output, weights]` (weights null unless `needWeights`).
 */
export function multiHeadAttentionForward(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  embedDimToCheck: number,
  numHeads: number,
  inProjWeight: Tensor | null,
  inProjBias: Tensor | null,
  biasK: Tensor | null,
  biasV: Tensor | null,
  addZeroAttn: boolean,
  dropoutP: number,
  outProjWeight: Tensor,
  outProjBias: Tensor | null,
  o: MultiHeadAttentionForwardOptions = {},
): [Tensor, Tensor | null] {
  checkKwargs(
    o,
    [
      "training",
      "keyPaddingMask",
      "needWeights",
      "attnMask",
      "useSeparateProjWeight",
      "qProjWeight",
      "kProjWeight",
      "vProjWeight",
      "staticK",
      "staticV",
      "averageAttnWeights",
    ],
    "multi_head_attention_forward",
  );
  const training = o.training ?? true;
  let keyPaddingMask = o.keyPaddingMask ?? null;
  let attnMask = o.attnMask ?? null;
  const staticK = o.staticK ?? null;
  const staticV = o.staticV ?? null;
  const isBatched = mhaShapeCheck(query, key, value, keyPaddingMask, attnMask, numHeads);
  let [q0, k0, v0] = [query, key, value];
  if (!isBatched) {
    // Python's unsqueezes make new objects: identity between query, key and value is lost here too.
    [q0, k0, v0] = [query.unsqueeze(1), key.unsqueeze(1), value.unsqueeze(1)];
    if (keyPaddingMask) keyPaddingMask = keyPaddingMask.unsqueeze(0);
  }
  const [tgtLen, bsz, embedDim] = q0.shape as [number, number, number];
  if (keyPaddingMask && keyPaddingMask.dtype !== "bool" && !isFloat(keyPaddingMask))
    throw assertion("only bool and floating types of key_padding_mask are supported");
  check(
    embedDim === embedDimToCheck,
    () => `was expecting embedding dimension of ${embedDimToCheck}, but got ${embedDim}`,
  );
  const headDim = Math.floor(embedDim / numHeads);
  check(headDim * numHeads === embedDim, () => `embed_dim ${embedDim} not divisible by num_heads ${numHeads}`);
  if (o.useSeparateProjWeight) {
    check(
      sameShape(k0.shape.slice(0, 2), v0.shape.slice(0, 2)),
      () =>
        `key's sequence and batch dims ${pySize(k0.shape.slice(0, 2))} do not match value's ${pySize(v0.shape.slice(0, 2))}`,
    );
  } else {
    check(
      sameShape(k0.shape, v0.shape),
      () => `key shape ${pySize(k0.shape)} does not match value shape ${pySize(v0.shape)}`,
    );
  }
  let q: Tensor;
  let k: Tensor;
  let v: Tensor;
  if (!o.useSeparateProjWeight) {
    check(inProjWeight !== null, () => "use_separate_proj_weight is False but in_proj_weight is None");
    [q, k, v] = inProjectionPacked(q0, k0, v0, inProjWeight!, inProjBias) as [Tensor, Tensor, Tensor];
  } else {
    check(!!o.qProjWeight, () => "use_separate_proj_weight is True but q_proj_weight is None");
    check(!!o.kProjWeight, () => "use_separate_proj_weight is True but k_proj_weight is None");
    check(!!o.vProjWeight, () => "use_separate_proj_weight is True but v_proj_weight is None");
    const b = inProjBias === null ? [null, null, null] : inProjBias.chunk(3);
    [q, k, v] = inProjection(q0, k0, v0, [o.qProjWeight!, o.kProjWeight!, o.vProjWeight!], b as never) as [
      Tensor,
      Tensor,
      Tensor,
    ];
  }
  if (attnMask) {
    if (attnMask.dtype === "uint8") {
      process.emitWarning(
        "Byte tensor for attn_mask in nn.MultiheadAttention is deprecated. Use bool tensor instead.",
        "UserWarning",
      );
      attnMask = attnMask.to("bool");
    } else {
      check(
        isFloat(attnMask) || attnMask.dtype === "bool",
        () => `Only float, byte, and bool types are supported for attn_mask, not torch.${attnMask!.dtype}`,
      );
    }
    if (attnMask.dim() === 2) {
      const correct = [tgtLen, k.size(0)];
      if (!sameShape(attnMask.shape, correct))
        throw new Error(`The shape of the 2D attn_mask is ${pySize(attnMask.shape)}, but should be ${tuple(correct)}.`);
      attnMask = attnMask.unsqueeze(0);
    } else if (attnMask.dim() === 3) {
      const correct = [bsz * numHeads, tgtLen, k.size(0)];
      if (!sameShape(attnMask.shape, correct))
        throw new Error(`The shape of the 3D attn_mask is ${pySize(attnMask.shape)}, but should be ${tuple(correct)}.`);
    } else {
      throw new Error(`attn_mask's dimension ${attnMask.dim()} is not supported`);
    }
  }
  if (biasK && biasV) {
    check(staticK === null, () => "bias cannot be added to static key.");
    check(staticV === null, () => "bias cannot be added to static value.");
    k = cat([k, biasK.repeat(1, bsz, 1)]);
    v = cat([v, biasV.repeat(1, bsz, 1)]);
    if (attnMask) attnMask = F.pad(attnMask, [0, 1]);
    if (keyPaddingMask) keyPaddingMask = F.pad(keyPaddingMask, [0, 1]);
  } else {
    check(biasK === null, () => "");
    check(biasV === null, () => "");
  }
  q = q
    .contiguous()
    .view([tgtLen, bsz * numHeads, headDim])
    .transpose(0, 1);
  if (staticK === null)
    k = k
      .contiguous()
      .view([k.size(0), bsz * numHeads, headDim])
      .transpose(0, 1);
  else {
    check(
      staticK.size(0) === bsz * numHeads,
      () => `expecting static_k.size(0) of ${bsz * numHeads}, but got ${staticK.size(0)}`,
    );
    check(staticK.size(2) === headDim, () => `expecting static_k.size(2) of ${headDim}, but got ${staticK.size(2)}`);
    k = staticK;
  }
  if (staticV === null)
    v = v
      .contiguous()
      .view([v.size(0), bsz * numHeads, headDim])
      .transpose(0, 1);
  else {
    check(
      staticV.size(0) === bsz * numHeads,
      () => `expecting static_v.size(0) of ${bsz * numHeads}, but got ${staticV.size(0)}`,
    );
    check(staticV.size(2) === headDim, () => `expecting static_v.size(2) of ${headDim}, but got ${staticV.size(2)}`);
    v = staticV;
  }
  if (addZeroAttn) {
    const shape = [bsz * numHeads, 1, headDim];
    k = cat([k, zeros(shape, { dtype: k.dtype, device: k.device })], 1);
    v = cat([v, zeros(shape, { dtype: v.dtype, device: v.device })], 1);
    if (attnMask) attnMask = F.pad(attnMask, [0, 1]);
    if (keyPaddingMask) keyPaddingMask = F.pad(keyPaddingMask, [0, 1]);
  }
  const srcLen = k.size(1);
  if (keyPaddingMask) {
    const kpm = keyPaddingMask;
    check(
      sameShape(kpm.shape, [bsz, srcLen]),
      () => `expecting key_padding_mask shape of ${tuple([bsz, srcLen])}, but got ${pySize(kpm.shape)}`,
    );
    keyPaddingMask = kpm
      .view([bsz, 1, 1, srcLen])
      .expand([-1, numHeads, -1, -1])
      .reshape([bsz * numHeads, 1, srcLen]);
    if (attnMask === null) attnMask = keyPaddingMask;
    else if (attnMask.dtype === "bool") attnMask = attnMask.logicalOr(keyPaddingMask);
    else attnMask = attnMask.maskedFill(keyPaddingMask, Number.NEGATIVE_INFINITY);
  }
  if (attnMask && attnMask.dtype === "bool") {
    const fresh = zerosLike(attnMask, { dtype: q.dtype });
    fresh.maskedFill_(attnMask, Number.NEGATIVE_INFINITY);
    attnMask = fresh;
  }
  const p = training ? dropoutP : 0.0;
  if (!(o.needWeights ?? true) && attentionKernel.fused()) {
    // 2.x: (N, heads, L, S) views for scaled_dot_product_attention; a (1, L, S) mask broadcasts.
    let mask = attnMask;
    if (mask)
      mask = mask.size(0) === 1 && mask.dim() === 3 ? mask.unsqueeze(0) : mask.view([bsz, numHeads, -1, srcLen]);
    const attended = attentionKernel.sdpa(
      q.view([bsz, numHeads, tgtLen, headDim]),
      k.view([bsz, numHeads, srcLen, headDim]),
      v.view([bsz, numHeads, srcLen, headDim]),
      mask,
      p,
    );
    let out = attended
      .permute([2, 0, 1, 3])
      .contiguous()
      .view([bsz * tgtLen, embedDim]);
    out = F.linear(out, outProjWeight, outProjBias);
    out = out.view([tgtLen, bsz, out.size(1)]);
    return [isBatched ? out : out.squeeze(1), null];
  }
  const E = q.size(2);
  const qScaled = q.div(Math.sqrt(E));
  let weights = attnMask ? attnMask.baddbmm(qScaled, k.transpose(-2, -1)) : qScaled.bmm(k.transpose(-2, -1));
  weights = F.softmax(weights, -1);
  if (p > 0.0) weights = F.dropout(weights, p);
  let out = weights.bmm(v);
  out = out
    .transpose(0, 1)
    .contiguous()
    .view([tgtLen * bsz, embedDim]);
  out = F.linear(out, outProjWeight, outProjBias);
  out = out.view([tgtLen, bsz, out.size(1)]);
  if (o.needWeights ?? true) {
    weights = weights.view([bsz, numHeads, tgtLen, srcLen]);
    if (o.averageAttnWeights ?? true) weights = weights.sum(1).div(numHeads);
    if (!isBatched) return [out.squeeze(1), weights.squeeze(0)];
    return [out, weights];
  }
  return [isBatched ? out : out.squeeze(1), null];
}

/** nn.MultiheadAttention's options (PyTorch's keyword arguments). */
export interface MultiheadAttentionOptions extends FactoryOptions {
  dropout?: number;
  bias?: boolean;
  addBiasKv?: boolean;
  addZeroAttn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batchFirst?: boolean;
}
/** The options of {@link MultiheadAttention.forward} after query, key and value. */
export interface MultiheadAttentionForwardOptions {
  keyPaddingMask?: Tensor | null;
  needWeights?: boolean;
  attnMask?: Tensor | null;
  averageAttnWeights?: boolean;
}

/** MultiheadAttention's parameters after the required ones, in PyTorch's order. */
type MultiheadAttentionPositional = [
  dropout?: number,
  bias?: boolean,
  addBiasKv?: boolean,
  addZeroAttn?: boolean,
  kdim?: number | null,
  vdim?: number | null,
  batchFirst?: boolean,
  device?: FactoryOptions["device"],
  dtype?: FactoryOptions["dtype"],
];
/**
 * nn.MultiheadAttention: `numHeads` attention heads over `embedDim` features, with PyTorch's parameters
 * (`in_proj_weight` or `q/k/v_proj_weight`, `in_proj_bias`, `out_proj`, optional `bias_k`/`bias_v`).
 *
 * `forward(query, key, value, {keyPaddingMask, needWeights, attnMask, averageAttnWeights})` returns
 * `[output, weights]`: (L, N, E) in, (L, N, E) out, or (N, L, E) with `batchFirst`, or unbatched (L, E).
 *
 * @example
 * ```ts
 * const mha = new nn.MultiheadAttention(16, 4);
 * const x = torch.randn([10, 2, 16]);
 * const [out, weights] = mha.forward(x, x, x); // [10, 2, 16], [2, 10, 10]
 * ```
 */
export class MultiheadAttention extends Module {
  readonly kdim: number;
  readonly vdim: number;
  readonly qkvSameEmbedDim: boolean;
  readonly headDim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly addZeroAttn: boolean;
  /** PyTorch's positional form. */
  constructor(embedDim: number, numHeads: number, ...args: MultiheadAttentionPositional);
  /** Some values in PyTorch's order, then options for the rest. */
  constructor(
    embedDim: number,
    numHeads: number,
    ...args: ValuesThenOptions<MultiheadAttentionPositional, MultiheadAttentionOptions>
  );
  constructor(embedDim: number, numHeads: number, o?: MultiheadAttentionOptions);
  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    ...rest: unknown[]
  ) {
    super();
    const o = bindArgs(
      rest,
      ["dropout", "bias", "addBiasKv", "addZeroAttn", "kdim", "vdim", "batchFirst", "device", "dtype"],
      "MultiheadAttention.__init__",
      3,
    ) as MultiheadAttentionOptions;
    checkInt(embedDim, "embed_dim");
    checkInt(numHeads, "num_heads");
    this.kdim = o.kdim == null ? embedDim : checkInt(o.kdim, "kdim");
    this.vdim = o.vdim == null ? embedDim : checkInt(o.vdim, "vdim");
    this.qkvSameEmbedDim = this.kdim === embedDim && this.vdim === embedDim;
    this.dropout = checkNumber(o.dropout ?? 0, "dropout");
    this.batchFirst = checkBool(o.batchFirst ?? false, "batch_first");
    this.headDim = Math.floor(embedDim / numHeads);
    check(this.headDim * numHeads === embedDim, () => "embed_dim must be divisible by num_heads");
    const factory = { device: o.device, dtype: o.dtype };
    if (!this.qkvSameEmbedDim) {
      this.registerParameter("q_proj_weight", emptyParameter([embedDim, embedDim], factory));
      this.registerParameter("k_proj_weight", emptyParameter([embedDim, this.kdim], factory));
      this.registerParameter("v_proj_weight", emptyParameter([embedDim, this.vdim], factory));
      this.registerParameter("in_proj_weight", null);
    } else {
      this.registerParameter("in_proj_weight", emptyParameter([3 * embedDim, embedDim], factory));
      this.registerParameter("q_proj_weight", null);
      this.registerParameter("k_proj_weight", null);
      this.registerParameter("v_proj_weight", null);
    }
    const bias = checkBool(o.bias ?? true, "bias");
    if (bias) this.registerParameter("in_proj_bias", emptyParameter([3 * embedDim], factory));
    else this.registerParameter("in_proj_bias", null);
    this.registerModule("out_proj", new NonDynamicallyQuantizableLinear(embedDim, embedDim, { bias, ...factory }));
    if (checkBool(o.addBiasKv ?? false, "add_bias_kv")) {
      this.registerParameter("bias_k", emptyParameter([1, 1, embedDim], factory));
      this.registerParameter("bias_v", emptyParameter([1, 1, embedDim], factory));
    } else {
      this.registerParameter("bias_k", null);
      this.registerParameter("bias_v", null);
    }
    this.addZeroAttn = checkBool(o.addZeroAttn ?? false, "add_zero_attn");
    this.resetParameters();
  }

  /** The output projection (`out_proj`). */
  get outProj(): Linear {
    return this.getSubmodule("out_proj") as Linear;
  }
  /** `in_proj_weight`, or null with separate q/k/v weights. */
  get inProjWeight(): Parameter | null {
    return this.getParameter("in_proj_weight");
  }
  /** `in_proj_bias`, or null without biases. */
  get inProjBias(): Parameter | null {
    return this.getParameter("in_proj_bias");
  }
  /** `bias_k` (with addBiasKv), else null. */
  get biasK(): Parameter | null {
    return this.getParameter("bias_k");
  }
  /** `bias_v` (with addBiasKv), else null. */
  get biasV(): Parameter | null {
    return this.getParameter("bias_v");
  }

  /** PyTorch's _reset_parameters: Xavier-uniform projections, zero biases, Xavier-normal bias_k/bias_v. */
  resetParameters(): void {
    if (this.qkvSameEmbedDim) init.xavierUniform_(this.inProjWeight!);
    else
      for (const n of ["q_proj_weight", "k_proj_weight", "v_proj_weight"]) init.xavierUniform_(this.getParameter(n)!);
    if (this.inProjBias !== null) {
      init.constant_(this.inProjBias, 0);
      init.constant_(this.outProj.bias!, 0);
    }
    if (this.biasK !== null) init.xavierNormal_(this.biasK);
    if (this.biasV !== null) init.xavierNormal_(this.biasV);
  }

  // why_not_fast_path: "" when ATen's fused inference kernel may run, as PyTorch decides it.
  private whyNotFastPath(query: Tensor, key: Tensor, value: Tensor, attnMask: Tensor | null): string {
    if (query.dim() !== 3) return "input not batched";
    if (query !== key || key !== value) return "non-self attention was used";
    if (this.inProjBias !== null && query.dtype !== this.inProjBias.dtype) return "dtypes of query and in_proj_bias";
    if (this.inProjWeight !== null && query.dtype !== this.inProjWeight.dtype)
      return "dtypes of query and in_proj_weight";
    if (this.training) return "training is enabled";
    if (!this.batchFirst) return "batch_first was not True";
    if (this.biasK !== null || this.biasV !== null) return "bias_k/bias_v";
    if (this.dropout) return "dropout";
    if (this.addZeroAttn) return "add_zero_attn was enabled";
    if (!this.qkvSameEmbedDim) return "_qkv_same_embed_dim was not True";
    if (attnMask !== null) return "attn_mask was not None";
    if (this.numHeads % 2 === 1) return "num_heads is odd";
    const args = [query, this.inProjWeight, this.inProjBias, this.outProj.weight, this.outProj.bias];
    if (isGradEnabled() && args.some((t) => t?.requiresGrad)) return "grad is enabled";
    return "";
  }

  /** Attention of `query` over `key`/`value`; returns `[output, weights]` (weights null unless needWeights). */
  forward(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    o: MultiheadAttentionForwardOptions = {},
  ): [Tensor, Tensor | null] {
    checkKwargs(o, ["keyPaddingMask", "needWeights", "attnMask", "averageAttnWeights"], "forward");
    asTensor(query, "query");
    const keyPaddingMask = o.keyPaddingMask ?? null;
    const attnMask = o.attnMask ?? null;
    const needWeights = o.needWeights ?? true;
    const averageAttnWeights = o.averageAttnWeights ?? true;
    const isBatched = query.dim() === 3;
    if (keyPaddingMask && keyPaddingMask.dtype !== "bool" && !isFloat(keyPaddingMask))
      throw assertion("only bool and floating types of key_padding_mask are supported");
    if (this.whyNotFastPath(query, key, value, attnMask) === "") {
      const mask = keyPaddingMask ?? attnMask;
      const maskType = keyPaddingMask ? 1 : attnMask ? 0 : -1;
      const [out, w] = native.nativeMultiHeadAttention(
        query.handle,
        this.embedDim,
        this.numHeads,
        this.inProjWeight!.handle,
        this.inProjBias?.handle,
        this.outProj.weight.handle,
        this.outProj.bias?.handle,
        mask?.handle,
        needWeights,
        averageAttnWeights,
        maskType,
      );
      return [new Tensor(out), w === undefined ? null : new Tensor(w)];
    }
    let [q, k, v] = [query, key, value];
    if (this.batchFirst && isBatched) {
      if (key === value) {
        if (query === key) q = k = v = query.transpose(1, 0);
        else {
          [q, k] = [query.transpose(1, 0), key.transpose(1, 0)];
          v = k;
        }
      } else [q, k, v] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
    }
    const common = { training: this.training, keyPaddingMask, needWeights, attnMask, averageAttnWeights };
    const [out, weights] = multiHeadAttentionForward(
      q,
      k,
      v,
      this.embedDim,
      this.numHeads,
      this.inProjWeight,
      this.inProjBias,
      this.biasK,
      this.biasV,
      this.addZeroAttn,
      this.dropout,
      this.outProj.weight,
      this.outProj.bias,
      this.qkvSameEmbedDim
        ? common
        : {
            ...common,
            useSeparateProjWeight: true,
            qProjWeight: this.getParameter("q_proj_weight"),
            kProjWeight: this.getParameter("k_proj_weight"),
            vProjWeight: this.getParameter("v_proj_weight"),
          },
    );
    return [this.batchFirst && isBatched ? out.transpose(1, 0) : out, weights];
  }
}
