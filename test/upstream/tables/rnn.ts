// The recurrent-layer cases of test/upstream/test_rnn.test.ts, shared with the CUDA runs in
// test/gpu/upstream_on_device.ts.
import * as assert from "node:assert/strict";
import * as torch from "../../../lib";
import { nn, type Tensor } from "../../../lib";
import { expectTensor } from "../../helpers/assert";
import type { PyTorch } from "../../helpers/pytorch";

export type Recurrent = nn.Module & { forward(x: Tensor, hx?: never): unknown };
export interface RnnCase {
  name: string;
  make: () => nn.Module;
  ctor: string;
  x: number[];
  hx?: number[][];
  train?: boolean;
  stepSeed?: number;
  dtype?: "float64";
}

export const CASES: RnnCase[] = [
  { name: "LSTM", make: () => new nn.LSTM(4, 6), ctor: "nn.LSTM(4, 6)", x: [5, 3, 4] },
  {
    name: "LSTM, 2 layers, bidirectional, initial state",
    make: () => new nn.LSTM(4, 6, { numLayers: 2, bidirectional: true }),
    ctor: "nn.LSTM(4, 6, 2, bidirectional=True)",
    x: [5, 3, 4],
    hx: [
      [4, 3, 6],
      [4, 3, 6],
    ],
  },
  {
    name: "LSTM, batch_first, projections",
    make: () => new nn.LSTM(4, 6, { batchFirst: true, projSize: 3 }),
    ctor: "nn.LSTM(4, 6, batch_first=True, proj_size=3)",
    x: [3, 5, 4],
  },
  {
    name: "LSTM, 3 layers, dropout in training",
    make: () => new nn.LSTM(4, 6, 3, true, false, 0.4),
    ctor: "nn.LSTM(4, 6, 3, True, False, 0.4)",
    x: [5, 3, 4],
    stepSeed: 9,
  },
  {
    name: "LSTM, dropout in eval",
    make: () => new nn.LSTM(4, 6, { numLayers: 2, dropout: 0.4 }),
    ctor: "nn.LSTM(4, 6, num_layers=2, dropout=0.4)",
    x: [5, 3, 4],
    train: false,
  },
  {
    name: "LSTM, unbatched with state",
    make: () => new nn.LSTM(4, 6),
    ctor: "nn.LSTM(4, 6)",
    x: [5, 4],
    hx: [
      [1, 6],
      [1, 6],
    ],
  },
  {
    name: "LSTM, no bias",
    make: () => new nn.LSTM(4, 6, { bias: false }),
    ctor: "nn.LSTM(4, 6, bias=False)",
    x: [2, 3, 4],
  },
  {
    name: "LSTM, float64, bidirectional projections",
    make: () => new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true, projSize: 2, dtype: "float64" }),
    ctor: "nn.LSTM(3, 5, num_layers=2, bidirectional=True, proj_size=2, dtype=torch.float64)",
    x: [4, 2, 3],
    dtype: "float64",
  },
  { name: "GRU", make: () => new nn.GRU(3, 5), ctor: "nn.GRU(3, 5)", x: [7, 2, 3] },
  {
    name: "GRU, 3 layers, batch_first, bidirectional, initial state",
    make: () => new nn.GRU(3, 5, { numLayers: 3, batchFirst: true, bidirectional: true }),
    ctor: "nn.GRU(3, 5, 3, batch_first=True, bidirectional=True)",
    x: [2, 7, 3],
    hx: [[6, 2, 5]],
  },
  { name: "GRU, unbatched", make: () => new nn.GRU(3, 5), ctor: "nn.GRU(3, 5)", x: [4, 3] },
  {
    name: "GRU, dropout in training",
    make: () => new nn.GRU(3, 5, { numLayers: 2, dropout: 0.5 }),
    ctor: "nn.GRU(3, 5, num_layers=2, dropout=0.5)",
    x: [6, 4, 3],
    stepSeed: 4,
  },
  { name: "RNN", make: () => new nn.RNN(3, 4), ctor: "nn.RNN(3, 4)", x: [6, 2, 3] },
  {
    name: "RNN, relu, 2 layers, no bias, initial state",
    make: () => new nn.RNN(3, 4, { numLayers: 2, nonlinearity: "relu", bias: false }),
    // Keywords: 2.x's RNN takes nonlinearity as its fourth positional argument, 1.13's bias.
    ctor: "nn.RNN(3, 4, num_layers=2, bias=False, nonlinearity='relu')",
    x: [6, 2, 3],
    hx: [[2, 2, 4]],
  },
  {
    name: "RNN, unbatched with state, bidirectional",
    make: () => new nn.RNN(3, 4, { bidirectional: true }),
    ctor: "nn.RNN(3, 4, bidirectional=True)",
    x: [6, 3],
    hx: [[2, 4]],
  },
  {
    name: "test_LSTM_cell",
    make: () => new nn.LSTMCell(10, 20),
    ctor: "nn.LSTMCell(10, 20)",
    x: [3, 10],
    hx: [
      [3, 20],
      [3, 20],
    ],
  },
  { name: "LSTMCell, unbatched", make: () => new nn.LSTMCell(3, 4), ctor: "nn.LSTMCell(3, 4)", x: [3] },
  {
    name: "test_RNN_cell (tanh)",
    make: () => new nn.RNNCell(10, 20),
    ctor: "nn.RNNCell(10, 20)",
    x: [3, 10],
    hx: [[3, 20]],
  },
  {
    name: "test_RNN_cell (relu, no bias)",
    make: () => new nn.RNNCell(10, 20, false, "relu"),
    ctor: "nn.RNNCell(10, 20, False, 'relu')",
    x: [3, 10],
  },
  { name: "GRUCell", make: () => new nn.GRUCell(3, 4), ctor: "nn.GRUCell(3, 4)", x: [5, 3], hx: [[5, 4]] },
  {
    name: "GRUCell, unbatched, no bias",
    make: () => new nn.GRUCell(3, 4, { bias: false }),
    ctor: "nn.GRUCell(3, 4, bias=False)",
    x: [3],
    hx: [[4]],
  },
];

// The loss both sides take: every output and state element weighted by a fixed ramp.
export function weightedSum(ts: Tensor[]): Tensor {
  let loss: Tensor | null = null;
  for (const t of ts) {
    const n = t.numel();
    const w = torch.arange(n, { dtype: t.dtype, device: t.device }).div(n).sub(0.5).view(t.shape);
    const term = t.mul(w).sum();
    loss = loss === null ? term : loss.add(term);
  }
  return loss!;
}

/**
 * One case on `device` against PyTorch on the same device: same seed, so the same initial weights (exact),
 * then output, final states and every gradient within `tol` (exact when empty).
 */
export async function rnnCase(
  py: PyTorch,
  c: RnnCase,
  device: torch.Device,
  tol: { rtol?: number; atol?: number },
): Promise<void> {
  torch.manualSeed(2);
  const o = { dtype: c.dtype ?? "float32" } as const;
  const x0 = torch.randn(c.x, o);
  const hx0 = c.hx?.map((s) => torch.randn(s, o));
  torch.manualSeed(11);
  const m = c.make() as Recurrent;
  const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
  m.train(c.train ?? true);
  m.to(device);
  const x = x0.to(device).clone().requiresGrad_(true);
  const hx = hx0?.map((h) => h.to(device).clone().requiresGrad_(true));
  if (c.stepSeed !== undefined) torch.manualSeed(c.stepSeed);
  const cell = c.name.includes("Cell") || c.name.includes("cell");
  const arg = hx === undefined ? undefined : hx.length === 2 ? hx : hx[0];
  const y = m.forward(x, arg as never) as Tensor | [Tensor, Tensor | [Tensor, Tensor]];
  let out: Tensor;
  let state: Tensor[];
  if (cell) {
    out = Array.isArray(y) ? (y[0] as Tensor) : (y as Tensor);
    state = Array.isArray(y) ? (y as Tensor[]) : [y as Tensor];
  } else {
    const [o0, s] = y as [Tensor, Tensor | [Tensor, Tensor]];
    out = o0;
    state = Array.isArray(s) ? s : [s];
  }
  // cuDNN has no backward in eval mode: PyTorch raises there, so on CUDA an eval case checks that
  // torchts raises the same and compares the forward only.
  const backward = device === "cpu" || (c.train ?? true);
  if (backward) weightedSum([out, ...state]).backward();
  else
    assert.throws(
      () => weightedSum([out, ...state]).backward(),
      /cudnn RNN backward can only be called in training mode/,
    );
  const ref = (await py.call("upstream_layers.rnn_case", {
    ctor: c.ctor,
    seed: 11,
    x: x0,
    hx: hx0 === undefined ? null : hx0.length === 1 && !c.ctor.includes("LSTM") ? hx0[0] : hx0,
    train: c.train ?? true,
    step_seed: c.stepSeed ?? null,
    device,
    backward,
  })) as {
    repr: string;
    sd0: Record<string, Tensor>;
    out: Tensor;
    state: Tensor[];
    xgrad: Tensor;
    hxgrads: Tensor[] | null;
    grads: Record<string, Tensor>;
  };
  assert.equal(m.toString(), ref.repr);
  assert.deepEqual(Object.keys(sd0), Object.keys(ref.sd0));
  for (const [k, v] of Object.entries(sd0)) expectTensor(v, ref.sd0[k], {}, `initial ${k}`);
  expectTensor(out, ref.out, tol, "output");
  assert.equal(state.length, ref.state.length);
  for (const [i, s] of state.entries()) expectTensor(s, ref.state[i], tol, `state ${i}`);
  if (!backward) return;
  expectTensor(x.grad!, ref.xgrad, tol, "input grad");
  if (hx) for (const [i, h] of hx.entries()) expectTensor(h.grad!, ref.hxgrads![i], tol, `hx[${i}] grad`);
  for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, ref.grads[k], tol, `${k} grad`);
}
