// Ported from PyTorch 1.13's test/test_nn.py (TestNN: test_transformerencoderlayer,
// test_transformerencoderlayer_gelu, test_transformerdecoderlayer, test_transformerdecoderlayer_gelu,
// test_transformerencoder, test_transformerdecoder, test_transformer_args_check,
// test_transformer_layer_args_check, test_generate_square_subsequent_mask ...): each case named after its
// upstream test. Upstream compares with fixed numbers computed by PyTorch; here the reference is live
// PyTorch on the same seed and inputs: the same initial weights, output and every gradient, bit for bit,
// in training (dropout included), evaluation, and the inference fast paths.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Call = (m: nn.Module, args: Tensor[], kw: Record<string, Tensor | null>) => Tensor;
interface Case {
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

const CASES: Case[] = [
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

describe("Transformer layers against PyTorch", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    torch.manualSeed(1);
    const args0 = c.args();
    const kw = c.kw?.() ?? {};
    torch.manualSeed(11);
    const m = c.make();
    const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
    const grad = c.grad ?? true;
    m.train(c.train ?? true);
    const args = args0.map((a) => a.clone().requiresGrad_(grad));
    if (c.stepSeed !== undefined) torch.manualSeed(c.stepSeed);
    const out = grad ? c.call(m, args, kw) : torch.noGrad(() => c.call(m, args, kw));
    // The Python kwargs: masks as tensors, or as the same PyTorch expression (generate_square_subsequent_mask).
    const pyKw: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(kw)) if (!c.pyKw?.[k]) pyKw[k] = v;
    const exprs = Object.entries(c.pyKw ?? {})
      .map(([k, e]) => `${k}=${e}`)
      .join(", ");
    const ref = (await py.eval(
      `import upstream_layers\nout = upstream_layers.call_case(ctor, 11, args, dict(kw${exprs ? `, ${exprs}` : ""}), train, grad, step_seed)`,
      { ctor: c.ctor, args: args0, kw: pyKw, train: c.train ?? true, grad, step_seed: c.stepSeed ?? null },
    )) as {
      repr: string;
      sd0: Record<string, Tensor>;
      out: Tensor;
      arggrads?: Tensor[];
      grads?: Record<string, Tensor>;
    };
    expect(m.toString()).toBe(ref.repr);
    expect(Object.keys(sd0)).toEqual(Object.keys(ref.sd0));
    for (const [k, t] of Object.entries(sd0)) expectTensor(t, ref.sd0[k], {}, `initial ${k}`);
    expectTensor(out, ref.out, {}, "output");
    if (!grad) return;
    out
      .mul(torch.arange(out.numel(), { dtype: out.dtype }).div(out.numel()).sub(0.5).view(out.shape))
      .sum()
      .backward();
    for (const [i, a] of args.entries()) expectTensor(a.grad!, ref.arggrads![i], {}, `input ${i} grad`);
    for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, ref.grads![k], {}, `${k} grad`);
  });

  it("test_generate_square_subsequent_mask", async () => {
    const ref = (await py.eval("out = nn.Transformer.generate_square_subsequent_mask(5)")) as Tensor;
    expectTensor(nn.Transformer.generateSquareSubsequentMask(5), ref);
  });

  it("test_transformer_args_check: batch and feature mismatches raise PyTorch's errors", async () => {
    const m = new nn.Transformer({ dModel: 8, nhead: 2, numEncoderLayers: 1, numDecoderLayers: 1, dimFeedforward: 16 });
    const calls: Array<[() => unknown, string]> = [
      [
        () => m.forward(torch.randn([5, 3, 8]), torch.randn([4, 2, 8])),
        "m(torch.randn(5, 3, 8), torch.randn(4, 2, 8))",
      ],
      [
        () => m.forward(torch.randn([5, 3, 7]), torch.randn([4, 3, 7])),
        "m(torch.randn(5, 3, 7), torch.randn(4, 3, 7))",
      ],
      [
        () => new nn.TransformerEncoderLayer(8, 2, { activation: "tanh" as "relu" }),
        "nn.TransformerEncoderLayer(8, 2, activation='tanh')",
      ],
    ];
    for (const [mine, code] of calls) {
      const r = await py.run(
        `m = nn.Transformer(d_model=8, nhead=2, num_encoder_layers=1, num_decoder_layers=1, dim_feedforward=16)\ntry:\n    ${code}\n    out = "no error"\nexcept Exception as e:\n    out = str(e).split("\\n")[0]`,
      );
      let got = "no error";
      try {
        mine();
      } catch (e) {
        got = (e as Error).message.split("\n")[0]!;
      }
      expect(got, code).toBe(r.out);
    }
  });
});
