// The nn.MultiheadAttention cases of test/upstream/test_multihead_attention.test.ts, shared with the CUDA
// runs in test/gpu/upstream_on_device.ts.
import * as assert from "node:assert/strict";
import * as torch from "../../../lib";
import { nn, type Tensor } from "../../../lib";
import { expectTensor } from "../../helpers/assert";
import type { PyTorch } from "../../helpers/pytorch";

export interface MhaCase {
  name: string;
  make: () => nn.MultiheadAttention;
  ctor: string;
  q: number[];
  kv?: number[] | "same-kv";
  vdim?: number[];
  kpm?: () => Tensor;
  attnMask?: () => Tensor;
  needWeights?: boolean;
  average?: boolean;
  train?: boolean;
  stepSeed?: number;
  grad?: boolean;
}

const boolMask = (shape: number[], seed: number) => () => {
  torch.manualSeed(seed);
  return torch.rand(shape).gt(0.7);
};
export const CASES: MhaCase[] = [
  {
    name: "test_multihead_attn_no_masking",
    make: () => new nn.MultiheadAttention(8, 2),
    ctor: "nn.MultiheadAttention(8, 2)",
    q: [5, 3, 8],
  },
  {
    name: "test_multihead_attn_add_bias_kv",
    make: () => new nn.MultiheadAttention(8, 2, { addBiasKv: true }),
    ctor: "nn.MultiheadAttention(8, 2, add_bias_kv=True)",
    q: [5, 3, 8],
    kv: [6, 3, 8],
  },
  {
    name: "test_multihead_attn_add_zero_attn",
    make: () => new nn.MultiheadAttention(8, 2, { addZeroAttn: true }),
    ctor: "nn.MultiheadAttention(8, 2, add_zero_attn=True)",
    q: [5, 3, 8],
    kv: "same-kv",
  },
  {
    name: "test_multihead_attn_key_padding_mask",
    make: () => new nn.MultiheadAttention(8, 4),
    ctor: "nn.MultiheadAttention(8, 4)",
    q: [5, 3, 8],
    kv: [6, 3, 8],
    kpm: boolMask([3, 6], 1),
  },
  {
    name: "test_multihead_attn_3d_attn_mask",
    make: () => new nn.MultiheadAttention(8, 2),
    ctor: "nn.MultiheadAttention(8, 2)",
    q: [5, 3, 8],
    kv: [6, 3, 8],
    attnMask: () => {
      torch.manualSeed(2);
      return torch.randn([6, 5, 6]);
    },
  },
  {
    name: "test_multihead_attn_all_arguments1 (masks, bias_kv, zero_attn, dropout in training)",
    make: () => new nn.MultiheadAttention(8, 2, 0.3, true, true, true),
    ctor: "nn.MultiheadAttention(8, 2, 0.3, True, True, True)",
    q: [5, 3, 8],
    kv: [6, 3, 8],
    kpm: boolMask([3, 6], 3),
    attnMask: boolMask([5, 6], 4),
    stepSeed: 5,
  },
  {
    name: "test_multihead_attn_all_arguments2 (float mask, per-head weights)",
    make: () => new nn.MultiheadAttention(8, 2, { addBiasKv: true }),
    ctor: "nn.MultiheadAttention(8, 2, add_bias_kv=True)",
    q: [5, 3, 8],
    kv: [6, 3, 8],
    attnMask: () => {
      torch.manualSeed(6);
      return torch.randn([5, 6]);
    },
    average: false,
  },
  {
    name: "test_multihead_attn_no_bias",
    make: () => new nn.MultiheadAttention(8, 2, { bias: false }),
    ctor: "nn.MultiheadAttention(8, 2, bias=False)",
    q: [5, 3, 8],
    kv: [6, 3, 8],
  },
  {
    name: "test_multihead_attn_in_proj_weight_none (kdim, vdim)",
    make: () => new nn.MultiheadAttention(8, 2, { kdim: 5, vdim: 7 }),
    ctor: "nn.MultiheadAttention(8, 2, kdim=5, vdim=7)",
    q: [5, 3, 8],
    kv: [6, 3, 5],
    vdim: [6, 3, 7],
  },
  {
    name: "test_multihead_attention_batch_first, need_weights=False",
    make: () => new nn.MultiheadAttention(8, 2, { batchFirst: true }),
    ctor: "nn.MultiheadAttention(8, 2, batch_first=True)",
    q: [3, 5, 8],
    kv: [3, 6, 8],
    needWeights: false,
  },
  {
    name: "unbatched self-attention",
    make: () => new nn.MultiheadAttention(8, 4),
    ctor: "nn.MultiheadAttention(8, 4)",
    q: [5, 8],
  },
  {
    name: "test_multihead_attention_dtype (float64)",
    make: () => new nn.MultiheadAttention(8, 2, { dtype: "float64" }),
    ctor: "nn.MultiheadAttention(8, 2, dtype=torch.float64)",
    q: [4, 2, 8],
  },
  {
    name: "test_multihead_attn_fast_path (eval, no grad, batch_first self-attention)",
    make: () => new nn.MultiheadAttention(8, 2, { batchFirst: true }),
    ctor: "nn.MultiheadAttention(8, 2, batch_first=True)",
    q: [3, 5, 8],
    train: false,
    grad: false,
  },
  {
    name: "test_multihead_attn_fast_path with key_padding_mask",
    make: () => new nn.MultiheadAttention(8, 4, { batchFirst: true }),
    ctor: "nn.MultiheadAttention(8, 4, batch_first=True)",
    q: [3, 5, 8],
    kpm: () =>
      torch.tensor([
        [false, false, false, true, true],
        [false, false, false, false, false],
        [false, true, false, false, true],
      ]),
    train: false,
    grad: false,
  },
  {
    name: "fast path with need_weights=False (no weights)",
    make: () => new nn.MultiheadAttention(8, 2, { batchFirst: true }),
    ctor: "nn.MultiheadAttention(8, 2, batch_first=True)",
    q: [2, 4, 8],
    needWeights: false,
    train: false,
    grad: false,
  },
];

/** One case on `device` against PyTorch there: same initial weights (exact), outputs and gradients within `tol`. */
export async function mhaCase(
  py: PyTorch,
  c: MhaCase,
  device: torch.Device,
  tol: { rtol?: number; atol?: number },
): Promise<void> {
  const dtype = c.ctor.includes("float64") ? "float64" : "float32";
  torch.manualSeed(1);
  const q0 = torch.randn(c.q, { dtype });
  const k0 = Array.isArray(c.kv) ? torch.randn(c.kv, { dtype }) : null;
  const v0 = c.vdim ? torch.randn(c.vdim, { dtype }) : null;
  const kpm = c.kpm?.() ?? null;
  const attnMask = c.attnMask?.() ?? null;
  torch.manualSeed(11);
  const m = c.make();
  const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
  m.train(c.train ?? true);
  const grad = c.grad ?? true;
  m.to(device);
  const q = q0.to(device).clone().requiresGrad_(grad);
  const kSame = c.kv === "same-kv" ? q0.mul(1) : null;
  const onDevice = (t: Tensor) => t.to(device).clone().requiresGrad_(grad);
  const k = kSame ? onDevice(kSame) : k0 === null ? q : onDevice(k0);
  const v = v0 === null ? k : onDevice(v0);
  if (c.stepSeed !== undefined) torch.manualSeed(c.stepSeed);
  const o = {
    keyPaddingMask: kpm?.to(device) ?? null,
    attnMask: attnMask?.to(device) ?? null,
    needWeights: c.needWeights ?? true,
    averageAttnWeights: c.average ?? true,
  };
  const [out, w] = grad ? m.forward(q, k, v, o) : torch.noGrad(() => m.forward(q, k, v, o));
  const ref = (await py.call("upstream_layers.mha_case", {
    ctor: c.ctor,
    seed: 11,
    q: q0,
    k: k0 ?? kSame,
    v: v0,
    kpm,
    attn_mask: attnMask,
    need_weights: c.needWeights ?? true,
    average: c.average ?? true,
    train: c.train ?? true,
    step_seed: c.stepSeed ?? null,
    grad,
    device,
  })) as {
    sd0: Record<string, Tensor>;
    repr: string;
    out: Tensor;
    w: Tensor | null;
    qgrad?: Tensor;
    kgrad?: Tensor | null;
    grads?: Record<string, Tensor>;
  };
  assert.equal(m.toString(), ref.repr);
  assert.deepEqual(Object.keys(sd0), Object.keys(ref.sd0));
  for (const [key, t] of Object.entries(sd0)) expectTensor(t, ref.sd0[key], {}, `initial ${key}`);
  expectTensor(out, ref.out, tol, "output");
  if (ref.w === null) assert.equal(w, null);
  else expectTensor(w!, ref.w, tol, "attention weights");
  if (!grad) return;
  out
    .mul(torch.arange(out.numel(), { dtype: out.dtype, device: out.device }).div(out.numel()).sub(0.5).view(out.shape))
    .sum()
    .backward();
  expectTensor(q.grad!, ref.qgrad!, tol, "query grad");
  if (k0 !== null || kSame !== null) expectTensor(k.grad!, ref.kgrad!, tol, "key grad");
  for (const [key, p] of m.namedParameters()) expectTensor(p.grad!, ref.grads![key], tol, `${key} grad`);
}
