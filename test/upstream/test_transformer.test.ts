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
import { CASES, transformerCase } from "./tables/transformer";

const py = new PyTorch();
afterAll(() => py.close());

describe("Transformer layers against PyTorch", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    await transformerCase(py, c, "cpu", {});
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
