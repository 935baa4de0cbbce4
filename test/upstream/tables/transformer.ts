// The Transformer cases of test/upstream/test_transformer.test.ts, shared with the CUDA runs in
// test/gpu/upstream_on_device.ts.
import * as assert from "node:assert/strict";
import * as torch from "../../../lib";
import { nn, type Tensor } from "../../../lib";
import { expectTensor } from "../../helpers/assert";
import type { PyTorch } from "../../helpers/pytorch";

type Call = (m: nn.Module, args: Tensor[], kw: Record<string, Tensor | null>) => Tensor;
export interface TransformerCase {
  name: string;
  make: () => nn.Module;
  ctor: string;
  args: () => Tensor[];
  kw?: () => Record<string, Tensor | null>;
  pyKw?: Record<string, string>;
  call: Call;
  train?: boolean;
  grad?: boolean;
  stepSeed?: number;
}
const enc: Call = (m, [src], kw) =>
  (m as nn.TransformerEncoderLayer).forward(src!, {
    srcMask: kw.src_mask ?? null,
    srcKeyPaddingMask: kw.src_key_padding_mask ?? null,
  });
const encStack: Call = (m, [src], kw) =>
  (m as nn.TransformerEncoder).forward(src!, {
    mask: kw.mask ?? null,
    srcKeyPaddingMask: kw.src_key_padding_mask ?? null,
  });
const dec: Call = (m, [tgt, memory], kw) =>
  (m as nn.TransformerDecoderLayer).forward(tgt!, memory!, {
    tgtMask: kw.tgt_mask ?? null,
    memoryKeyPaddingMask: kw.memory_key_padding_mask ?? null,
  });
const full: Call = (m, [src, tgt], kw) =>
  (m as nn.Transformer).forward(src!, tgt!, {
    tgtMask: kw.tgt_mask ?? null,
    srcKeyPaddingMask: kw.src_key_padding_mask ?? null,
  });
const randn =
  (...shapes: number[][]) =>
  () =>
    shapes.map((s) => torch.randn(s));
const padMask = () =>
  torch.tensor([
    [false, false, false, true, true],
    [false, false, false, false, false],
    [false, true, true, true, true],
  ]);

export const CASES: TransformerCase[] = [
  {
    name: "test_transformerencoderlayer (training, dropout)",
    make: () => new nn.TransformerEncoderLayer(8, 2, 16, 0.1),
    ctor: "nn.TransformerEncoderLayer(8, 2, 16, 0.1)",
    args: randn([5, 3, 8]),
    call: enc,
    stepSeed: 3,
  },
  {
    name: "test_transformerencoderlayer_gelu (eval, src_mask)",
    make: () => new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, activation: "gelu" }),
    ctor: "nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, activation='gelu')",
    args: randn([5, 3, 8]),
    kw: () => ({ src_mask: nn.Transformer.generateSquareSubsequentMask(5) }),
    pyKw: { src_mask: "nn.Transformer.generate_square_subsequent_mask(5)" },
    call: enc,
    train: false,
  },
  {
    name: "test_transformerencoderlayer norm_first, batch_first, key padding mask",
    make: () =>
      new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, normFirst: true, batchFirst: true, dropout: 0 }),
    ctor: "nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, norm_first=True, batch_first=True, dropout=0.0)",
    args: randn([3, 5, 8]),
    kw: () => ({ src_key_padding_mask: padMask() }),
    call: enc,
  },
  {
    name: "test_transformerencoderlayer fast path (eval, no grad, batch_first, key padding mask)",
    make: () => new nn.TransformerEncoderLayer(8, 2, { dimFeedforward: 16, batchFirst: true }),
    ctor: "nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, batch_first=True)",
    args: randn([3, 5, 8]),
    kw: () => ({ src_key_padding_mask: padMask() }),
    call: enc,
    train: false,
    grad: false,
  },
  {
    name: "test_transformerencoder (2 layers, final norm, training)",
    make: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16), 2, new nn.LayerNorm(8)),
    ctor: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2, nn.LayerNorm(8))",
    args: randn([5, 3, 8]),
    call: encStack,
    stepSeed: 4,
  },
  {
    name: "test_transformerencoder nested-tensor fast path (eval, no grad, padded batch)",
    make: () => new nn.TransformerEncoder(new nn.TransformerEncoderLayer(8, 2, 16, 0.1, "relu", 1e-5, true), 2),
    ctor: "nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, 0.1, 'relu', 1e-5, True), 2)",
    args: randn([3, 5, 8]),
    kw: () => ({ src_key_padding_mask: padMask() }),
    call: encStack,
    train: false,
    grad: false,
  },
  {
    name: "test_transformerdecoderlayer (training, tgt mask, memory padding mask)",
    make: () => new nn.TransformerDecoderLayer(8, 2, 16),
    ctor: "nn.TransformerDecoderLayer(8, 2, 16)",
    args: randn([4, 3, 8], [5, 3, 8]),
    kw: () => ({ tgt_mask: nn.Transformer.generateSquareSubsequentMask(4), memory_key_padding_mask: padMask() }),
    pyKw: { tgt_mask: "nn.Transformer.generate_square_subsequent_mask(4)" },
    call: dec,
    stepSeed: 5,
  },
  {
    name: "test_transformerdecoderlayer_gelu (norm_first, eval)",
    make: () => new nn.TransformerDecoderLayer(8, 2, { dimFeedforward: 16, activation: "gelu", normFirst: true }),
    ctor: "nn.TransformerDecoderLayer(8, 2, dim_feedforward=16, activation='gelu', norm_first=True)",
    args: randn([4, 3, 8], [5, 3, 8]),
    call: dec,
    train: false,
  },
  {
    name: "test_transformer (encoder-decoder, training, masks)",
    make: () =>
      new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 16 }),
    ctor: "nn.Transformer(d_model=8, nhead=2, num_encoder_layers=2, num_decoder_layers=2, dim_feedforward=16)",
    args: randn([5, 3, 8], [4, 3, 8]),
    kw: () => ({ tgt_mask: nn.Transformer.generateSquareSubsequentMask(4), src_key_padding_mask: padMask() }),
    pyKw: { tgt_mask: "nn.Transformer.generate_square_subsequent_mask(4)" },
    call: full,
    stepSeed: 6,
  },
];

/** One case on `device` against PyTorch there: same initial weights (exact), output and gradients within `tol`. */
export async function transformerCase(
  py: PyTorch,
  c: TransformerCase,
  device: torch.Device,
  tol: { rtol?: number; atol?: number },
): Promise<void> {
  torch.manualSeed(1);
  const args0 = c.args();
  const kw0 = c.kw?.() ?? {};
  const kw = Object.fromEntries(Object.entries(kw0).map(([k, v]) => [k, v?.to(device) ?? null]));
  torch.manualSeed(11);
  const m = c.make();
  const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
  m.to(device);
  const grad = c.grad ?? true;
  m.train(c.train ?? true);
  const args = args0.map((a) => a.to(device).clone().requiresGrad_(grad));
  if (c.stepSeed !== undefined) torch.manualSeed(c.stepSeed);
  const out = grad ? c.call(m, args, kw) : torch.noGrad(() => c.call(m, args, kw));
  // The Python kwargs: masks as tensors, or as the same PyTorch expression (generate_square_subsequent_mask).
  const pyKw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kw0)) if (!c.pyKw?.[k]) pyKw[k] = v;
  const exprs = Object.entries(c.pyKw ?? {})
    .map(([k, e]) => `${k}=${e}`)
    .join(", ");
  const ref = (await py.eval(
    `import upstream_layers\nout = upstream_layers.call_case(ctor, 11, args, dict(kw${exprs ? `, ${exprs}` : ""}), train, grad, step_seed, device)`,
    { ctor: c.ctor, args: args0, kw: pyKw, train: c.train ?? true, grad, step_seed: c.stepSeed ?? null, device },
  )) as {
    repr: string;
    sd0: Record<string, Tensor>;
    out: Tensor;
    arggrads?: Tensor[];
    grads?: Record<string, Tensor>;
  };
  assert.equal(m.toString(), ref.repr);
  assert.deepEqual(Object.keys(sd0), Object.keys(ref.sd0));
  for (const [k, t] of Object.entries(sd0)) expectTensor(t, ref.sd0[k], {}, `initial ${k}`);
  expectTensor(out, ref.out, tol, "output");
  if (!grad) return;
  out
    .mul(torch.arange(out.numel(), { dtype: out.dtype, device: out.device }).div(out.numel()).sub(0.5).view(out.shape))
    .sum()
    .backward();
  for (const [i, a] of args.entries()) expectTensor(a.grad!, ref.arggrads![i], tol, `input ${i} grad`);
  for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, ref.grads![k], tol, `${k} grad`);
}
