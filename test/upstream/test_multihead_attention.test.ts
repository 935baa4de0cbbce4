// Ported from PyTorch 1.13's test/test_nn.py (TestNN: test_multihead_attn_add_bias_kv,
// test_multihead_attn_add_zero_attn, test_multihead_attn_no_masking, test_multihead_attn_key_padding_mask,
// test_multihead_attn_3d_attn_mask, test_multihead_attn_all_arguments*, test_multihead_attn_no_bias,
// test_multihead_attention_dtype, test_multihead_attn_fast_path ...): each case named after its upstream
// test. Upstream compares with a NumPy reimplementation; here the reference is live PyTorch on the same
// seed and inputs: the same initial weights, output, attention weights and every gradient, bit for bit.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn } from "../../lib";
import { PyTorch } from "../helpers/pytorch";
import { CASES, mhaCase } from "./tables/attention";

const py = new PyTorch();
afterAll(() => py.close());

describe("nn.MultiheadAttention against PyTorch", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    await mhaCase(py, c, "cpu", {});
  });

  it("constructor and shape checks raise PyTorch's errors", async () => {
    const calls: Array<[() => unknown, string]> = [
      [() => new nn.MultiheadAttention(10, 3), "nn.MultiheadAttention(10, 3)"],
      [
        () => new nn.MultiheadAttention(8, 2).forward(torch.randn([5, 3, 8]), torch.randn([6, 8]), torch.randn([6, 8])),
        "nn.MultiheadAttention(8, 2)(torch.randn(5, 3, 8), torch.randn(6, 8), torch.randn(6, 8))",
      ],
      [
        () =>
          new nn.MultiheadAttention(8, 2).forward(
            torch.randn([5, 3, 8]),
            torch.randn([6, 3, 8]),
            torch.randn([7, 3, 8]),
          ),
        "nn.MultiheadAttention(8, 2)(torch.randn(5, 3, 8), torch.randn(6, 3, 8), torch.randn(7, 3, 8))",
      ],
      [
        () =>
          new nn.MultiheadAttention(8, 2).forward(
            torch.randn([5, 3, 8]),
            torch.randn([6, 3, 8]),
            torch.randn([6, 3, 8]),
            {
              attnMask: torch.zeros([5, 5]),
            },
          ),
        "nn.MultiheadAttention(8, 2)(torch.randn(5, 3, 8), torch.randn(6, 3, 8), torch.randn(6, 3, 8), attn_mask=torch.zeros(5, 5))",
      ],
      [
        () =>
          new nn.MultiheadAttention(8, 2).forward(
            torch.randn([5, 3, 8]),
            torch.randn([6, 3, 8]),
            torch.randn([6, 3, 8]),
            {
              keyPaddingMask: torch.zeros([3, 6], { dtype: "int64" }),
            },
          ),
        "nn.MultiheadAttention(8, 2)(torch.randn(5, 3, 8), torch.randn(6, 3, 8), torch.randn(6, 3, 8), key_padding_mask=torch.zeros(3, 6, dtype=torch.int64))",
      ],
      [
        () =>
          new nn.MultiheadAttention(8, 2).forward(
            torch.randn([5, 3, 7]),
            torch.randn([6, 3, 7]),
            torch.randn([6, 3, 7]),
          ),
        "nn.MultiheadAttention(8, 2)(torch.randn(5, 3, 7), torch.randn(6, 3, 7), torch.randn(6, 3, 7))",
      ],
      [
        () => new nn.MultiheadAttention(8, 2).forward(torch.randn([8]), torch.randn([8]), torch.randn([8])),
        "nn.MultiheadAttention(8, 2)(torch.randn(8), torch.randn(8), torch.randn(8))",
      ],
    ];
    for (const [mine, code] of calls) {
      const r = await py.run(
        `try:\n    ${code}\n    out = "no error"\nexcept Exception as e:\n    out = [type(e).__name__, str(e).split("\\n")[0]]`,
      );
      let got: [string, string] | string = "no error";
      try {
        mine();
      } catch (e) {
        got = [
          (e as Error).name === "AssertionError" ? "AssertionError" : "RuntimeError",
          (e as Error).message.split("\n")[0]!,
        ];
      }
      expect(got, code).toEqual(r.out);
    }
  });
});
