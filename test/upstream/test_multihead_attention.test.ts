// Ported from PyTorch 1.13's test/test_nn.py (TestNN: test_multihead_attn_add_bias_kv,
// test_multihead_attn_add_zero_attn, test_multihead_attn_no_masking, test_multihead_attn_key_padding_mask,
// test_multihead_attn_3d_attn_mask, test_multihead_attn_all_arguments*, test_multihead_attn_no_bias,
// test_multihead_attention_dtype, test_multihead_attn_fast_path ...): each case named after its upstream
// test. Upstream compares with a NumPy reimplementation; here the reference is live PyTorch on the same
// seed and inputs: the same initial weights, output, attention weights and every gradient, bit for bit.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";
import { CASES, mhaCase } from "./tables/attention";

const py = new PyTorch();
afterAll(() => py.close());

describe("nn.MultiheadAttention against PyTorch", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    await mhaCase(py, c, "cpu", {});
  });

  it("F.multi_head_attention_forward with static_k/static_v and separate projection weights", async () => {
    torch.manualSeed(3);
    const [q, k, v] = [torch.randn([4, 2, 6]), torch.randn([5, 2, 6]), torch.randn([5, 2, 6])];
    const w = [torch.randn([6, 6]), torch.randn([6, 6]), torch.randn([6, 6])];
    const inB = torch.randn([18]);
    const outW = torch.randn([6, 6]);
    const outB = torch.randn([6]);
    const staticK = torch.randn([4, 7, 3]);
    const staticV = torch.randn([4, 7, 3]);
    const [out, weights] = nn.functional.multiHeadAttentionForward(
      q,
      k,
      v,
      6,
      2,
      null,
      inB,
      null,
      null,
      false,
      0,
      outW,
      outB,
      {
        useSeparateProjWeight: true,
        qProjWeight: w[0],
        kProjWeight: w[1],
        vProjWeight: w[2],
        staticK,
        staticV,
        training: false,
      },
    );
    const ref = (await py.eval(
      "out = list(F.multi_head_attention_forward(q, k, v, 6, 2, None, inB, None, None, False, 0.0, outW, outB, " +
        "training=False, use_separate_proj_weight=True, q_proj_weight=w0, k_proj_weight=w1, v_proj_weight=w2, " +
        "static_k=sk, static_v=sv))",
      { q, k, v, inB, outW, outB, w0: w[0], w1: w[1], w2: w[2], sk: staticK, sv: staticV },
    )) as Tensor[];
    expectTensor(out, ref[0]);
    expectTensor(weights!, ref[1]);
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
