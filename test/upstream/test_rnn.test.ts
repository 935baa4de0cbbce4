// Ported from PyTorch 1.13's test/test_nn.py (TestNN's RNN, LSTM and GRU tests: test_RNN_cell,
// test_LSTM_cell, test_rnn_args_check, test_projections_lstm_args_check, test_RNN_change_dropout,
// test_rnn_initial_hidden_state ...): each case named after its upstream test. Values come from live
// PyTorch: the same seed gives the same weights, and forward, final states and every gradient must match.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";
import { CASES, rnnCase, weightedSum } from "./tables/rnn";

const py = new PyTorch();
afterAll(() => py.close());

describe("recurrent layers against PyTorch (same seed, same inputs)", () => {
  it.each(CASES.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    await rnnCase(py, c, "cpu", {});
  });
});

const MODES = ["RNN", "GRU", "LSTM"] as const;
const make = (mode: (typeof MODES)[number], ...a: number[]) =>
  mode === "RNN"
    ? new nn.RNN(a[0]!, a[1]!, a[2])
    : mode === "GRU"
      ? new nn.GRU(a[0]!, a[1]!, a[2])
      : new nn.LSTM(a[0]!, a[1]!, a[2]);
type Run = (x: Tensor, hx?: Tensor | [Tensor, Tensor]) => unknown;
const firstLine = (f: () => unknown): string => {
  try {
    f();
    return "no error";
  } catch (e) {
    return `${(e as Error).name === "AssertionError" ? "AssertionError" : "RuntimeError"}: ${(e as Error).message.split("\n")[0]}`;
  }
};
// The same call in PyTorch: its error's class and first line.
async function pyErr(code: string, inputs: Record<string, unknown>): Promise<string> {
  const r = await py.run(
    `try:\n    ${code}\n    out = "no error"\nexcept Exception as e:\n    out = type(e).__name__ + ": " + str(e).split("\\n")[0]`,
    inputs,
  );
  return r.out as string;
}

describe("TestNN (recurrent)", () => {
  it("test_rnn_args_check: wrong batch, input size, hidden size and layer count raise PyTorch's errors", async () => {
    const [inputSize, hiddenSize, numLayers, batch, seqLen, bad] = [3, 5, 2, 4, 6, 7];
    const goodIn = [seqLen, batch, inputSize];
    const goodH = [numLayers, batch, hiddenSize];
    const upd = (s: number[], d: number, v: number) => s.map((x, i) => (i === d ? v : x));
    const shapes: Array<[number[], number[]]> = [
      [upd(goodIn, 1, bad), goodH],
      [goodIn, upd(goodH, 1, bad)],
      [upd(goodIn, 2, bad), goodH],
      [goodIn, upd(goodH, 2, bad)],
      [goodIn, upd(goodH, 0, bad)],
    ];
    for (const mode of MODES) {
      for (const [inShape, hShape] of shapes) {
        const x = torch.randn(inShape);
        const h = torch.randn(hShape);
        const good = torch.randn(goodH);
        const hiddens: Array<Tensor | [Tensor, Tensor]> =
          mode !== "LSTM"
            ? [h]
            : hShape === goodH
              ? [[h, h]]
              : [
                  [h, good],
                  [good, h],
                ];
        for (const hx of hiddens) {
          const m = make(mode, inputSize, hiddenSize, numLayers);
          const mine = firstLine(() => (m.forward as Run)(x, hx));
          const pyHx = Array.isArray(hx) ? "(h0, h1)" : "h0";
          const ref = await pyErr(`nn.${mode}(${inputSize}, ${hiddenSize}, ${numLayers})(x, ${pyHx})`, {
            x,
            h0: Array.isArray(hx) ? hx[0] : hx,
            h1: Array.isArray(hx) ? hx[1] : hx,
          });
          expect(ref).toMatch(/^RuntimeError/);
          expect(mine, `${mode} ${inShape} ${hShape}`).toBe(ref);
        }
      }
    }
  });

  it("test_projections_lstm_args_check: h sized by proj_size, c by hidden_size", async () => {
    const [inputSize, hiddenSize, projSize, numLayers, batch, seqLen, bad] = [3, 5, 2, 2, 4, 6, 7];
    const goodIn = [seqLen, batch, inputSize];
    const goodH = [numLayers, batch, projSize];
    const goodC = [numLayers, batch, hiddenSize];
    const upd = (s: number[], d: number, v: number) => s.map((x, i) => (i === d ? v : x));
    const cases: Array<[number[], number[], number[]]> = [
      [upd(goodIn, 1, bad), goodH, goodC],
      [goodIn, upd(goodH, 1, bad), goodC],
      [upd(goodIn, 2, bad), goodH, goodC],
      [goodIn, upd(goodH, 2, bad), goodC],
      [goodIn, goodH, upd(goodC, 2, bad)],
      [goodIn, upd(goodH, 0, bad), goodC],
      [goodIn, goodH, upd(goodC, 0, bad)],
    ];
    for (const [inShape, hShape, cShape] of cases) {
      const x = torch.randn(inShape);
      const h = torch.randn(hShape);
      const c = torch.randn(cShape);
      const m = new nn.LSTM(inputSize, hiddenSize, { numLayers, projSize });
      const mine = firstLine(() => m.forward(x, [h, c]));
      const ref = await pyErr(`nn.LSTM(${inputSize}, ${hiddenSize}, ${numLayers}, proj_size=${projSize})(x, (h, c))`, {
        x,
        h,
        c,
      });
      expect(ref).toMatch(/^RuntimeError/);
      expect(mine).toBe(ref);
    }
  });

  it("test_rnn_initial_hidden_state: a zero state equals no state", () => {
    for (const mode of MODES) {
      const rnn = make(mode, 30, 20, 2);
      const x = torch.randn([10, 32, 30]);
      const zero = torch.zeros([2, 32, 20]);
      const hx = mode === "LSTM" ? [zero, zero] : zero;
      const [o1, h1] = (rnn.forward as Run)(x, hx as Tensor) as [Tensor, Tensor | Tensor[]];
      const [o2, h2] = (rnn.forward as Run)(x) as [Tensor, Tensor | Tensor[]];
      expect(o1.equal(o2)).toBe(true);
      const [a, b] = [[h1].flat(), [h2].flat()];
      for (const [i, t] of a.entries()) expect(t.equal(b[i]!)).toBe(true);
    }
  });

  it("test_RNN_change_dropout: dropout can be changed between calls", () => {
    for (const train of [true, false]) {
      const rnn = new nn.RNN(100, 100, { numLayers: 2, dropout: 0, nonlinearity: "relu" });
      const x = torch.rand([3, 2, 100]);
      if (!train) rnn.eval();
      let prev: Tensor | null = null;
      for (const p of [0, 0.5, 0, 0.7, 0.2, 1, 0.2, 0]) {
        rnn.dropout = p;
        const [out1, hx1] = rnn.forward(x);
        const [out2, hx2] = rnn.forward(x);
        const same = p === 0 || p === 1 || !train;
        expect(out1.equal(out2)).toBe(same);
        expect(hx1.equal(hx2)).toBe(same);
        if (prev !== null) {
          expect(out1.equal(prev)).toBe(!train);
          expect(out2.equal(prev)).toBe(!train);
        }
        prev = out1;
      }
    }
  });

  it("test_RNN_input_size_zero: an empty batch gives an empty output", async () => {
    for (const mode of MODES) {
      const m = make(mode, 3, 4);
      const [out] = (m.forward as Run)(torch.zeros([5, 0, 3])) as [Tensor];
      const ref = (await py.eval(
        `out = list(nn.${mode}(input_size=3, hidden_size=4)(torch.zeros(5, 0, 3))[0].shape)`,
      )) as number[];
      expect(out.shape).toEqual(ref);
    }
  });

  it("test_RNN_cell_no_broadcasting: mismatched batch or sizes raise PyTorch's errors", async () => {
    const [hiddenSize, inputSize] = [20, 10];
    const input = torch.randn([3, inputSize]);
    const good = torch.randn([3, hiddenSize]);
    const cases: Array<[Tensor, Tensor]> = [
      [input, torch.randn([1, hiddenSize])],
      [input, torch.randn([3, 1])],
      [torch.randn([3, 1]), good],
    ];
    for (const [x, bad] of cases) {
      const hxBad = bad === good ? good : bad;
      const calls: Array<[() => unknown, string, Record<string, unknown>]> = [
        [() => new nn.RNNCell(inputSize, hiddenSize).forward(x, hxBad), "nn.RNNCell(10, 20)(x, a)", { x, a: hxBad }],
        [() => new nn.GRUCell(inputSize, hiddenSize).forward(x, hxBad), "nn.GRUCell(10, 20)(x, a)", { x, a: hxBad }],
        [
          () => new nn.LSTMCell(inputSize, hiddenSize).forward(x, [hxBad, good]),
          "nn.LSTMCell(10, 20)(x, (a, b))",
          { x, a: hxBad, b: good },
        ],
        [
          () => new nn.LSTMCell(inputSize, hiddenSize).forward(x, [good, hxBad]),
          "nn.LSTMCell(10, 20)(x, (b, a))",
          { x, a: hxBad, b: good },
        ],
      ];
      for (const [mine, code, inputs] of calls) {
        const ref = await pyErr(code, inputs);
        expect(ref).toMatch(/^RuntimeError/);
        expect(firstLine(mine)).toBe(ref);
      }
    }
  });

  it("test_RNN_cell_forward_zero_hidden_size", () => {
    const x = torch.randn([3, 10]);
    const hx = torch.randn([3, 0]);
    for (const cell of [
      new nn.RNNCell(10, 0, { nonlinearity: "relu" }),
      new nn.RNNCell(10, 0, { nonlinearity: "tanh" }),
      new nn.GRUCell(10, 0),
    ])
      expect(cell.forward(x, hx).shape).toEqual([3, 0]);
  });

  it("constructor and input checks: PyTorch's errors and warning", async () => {
    const calls: Array<[() => unknown, string]> = [
      [() => new nn.LSTM(4, 6, { dropout: 1.5 }), "nn.LSTM(4, 6, dropout=1.5)"],
      [() => new nn.LSTM(4, 6, { projSize: 6 }), "nn.LSTM(4, 6, proj_size=6)"],
      [() => new nn.LSTM(4, 6, { projSize: -1 }), "nn.LSTM(4, 6, proj_size=-1)"],
      [() => new nn.GRU(4, 6, { projSize: 2 } as never), "nn.GRU(4, 6, proj_size=2)"],
      [() => new nn.RNN(4, 6, { nonlinearity: "sigmoid" as "tanh" }), "nn.RNN(4, 6, nonlinearity='sigmoid')"],
      [() => new nn.LSTMCell(3, 4).forward(torch.randn([2, 3, 1])), "nn.LSTMCell(3, 4)(torch.randn(2, 3, 1))"],
      [() => new nn.GRUCell(3, 4).forward(torch.randn([2, 3, 1])), "nn.GRUCell(3, 4)(torch.randn(2, 3, 1))"],
      [() => new nn.LSTM(4, 6).forward(torch.randn([5, 3, 4, 1])), "nn.LSTM(4, 6)(torch.randn(5, 3, 4, 1))"],
      [
        () => new nn.LSTM(4, 6).forward(torch.randn([5, 3, 4]), [torch.zeros([3, 6]), torch.zeros([3, 6])]),
        "nn.LSTM(4, 6)(torch.randn(5, 3, 4), (torch.zeros(3, 6), torch.zeros(3, 6)))",
      ],
      [
        () => new nn.GRU(4, 6).forward(torch.randn([5, 4]), torch.zeros([1, 3, 6])),
        "nn.GRU(4, 6)(torch.randn(5, 4), torch.zeros(1, 3, 6))",
      ],
    ];
    for (const [mine, code] of calls) {
      const ref = await pyErr(code, {});
      const got = firstLine(mine);
      // ValueErrors are ValueErrors here too; compare the message after the class name.
      expect(got.split(": ").slice(1).join(": "), code).toBe(ref.split(": ").slice(1).join(": "));
    }
    expect(() => new nn.LSTM(4, 6, { dropout: 1.5 })).toThrow(torch.ValueError);
    const warn = await py.run(
      "import warnings\nwith warnings.catch_warnings(record=True) as w:\n    warnings.simplefilter('always')\n    nn.LSTM(4, 6, dropout=0.5)\nout = str(w[0].message)",
    );
    const seen: string[] = [];
    const onWarning = (w: Error) => seen.push(w.message);
    process.on("warning", onWarning);
    new nn.LSTM(4, 6, { dropout: 0.5 });
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarning);
    expect(seen).toContain(warn.out);
  });
});

describe("torch.nn.utils.rnn: packed sequences through RNN, LSTM and GRU (against PyTorch)", () => {
  const U = nn.utils.rnn;
  const PACKED: Array<{
    name: string;
    make: () => nn.Module;
    ctor: string;
    x: number[];
    lengths: number[];
    batchFirst?: boolean;
    enforceSorted?: boolean;
    hx?: number[][];
    totalLength?: number;
  }> = [
    {
      name: "LSTM, sorted lengths",
      make: () => new nn.LSTM(3, 5),
      ctor: "nn.LSTM(3, 5)",
      x: [6, 4, 3],
      lengths: [6, 5, 3, 1],
    },
    {
      name: "LSTM, unsorted, batch_first, bidirectional, 2 layers, initial state, total_length",
      make: () => new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true, batchFirst: true }),
      ctor: "nn.LSTM(3, 5, num_layers=2, bidirectional=True, batch_first=True)",
      x: [4, 6, 3],
      lengths: [2, 6, 3, 5],
      batchFirst: true,
      enforceSorted: false,
      hx: [
        [4, 4, 5],
        [4, 4, 5],
      ],
      totalLength: 8,
    },
    {
      name: "LSTM with projections, unsorted",
      make: () => new nn.LSTM(3, 6, { projSize: 2 }),
      ctor: "nn.LSTM(3, 6, proj_size=2)",
      x: [5, 3, 3],
      lengths: [2, 5, 4],
      enforceSorted: false,
    },
    {
      name: "GRU, unsorted with initial state",
      make: () => new nn.GRU(3, 4, { bidirectional: true }),
      ctor: "nn.GRU(3, 4, bidirectional=True)",
      x: [5, 3, 3],
      lengths: [3, 5, 1],
      enforceSorted: false,
      hx: [[2, 3, 4]],
    },
    {
      name: "RNN relu, sorted, batch_first",
      make: () => new nn.RNN(3, 4, { nonlinearity: "relu", batchFirst: true }),
      ctor: "nn.RNN(3, 4, nonlinearity='relu', batch_first=True)",
      x: [3, 4, 3],
      lengths: [4, 4, 2],
      batchFirst: true,
    },
  ];
  it.each(PACKED.map((c) => [c.name, c] as const))("%s", async (_n, c) => {
    torch.manualSeed(2);
    const x0 = torch.randn(c.x);
    const hx0 = c.hx?.map((s) => torch.randn(s));
    torch.manualSeed(11);
    const m = c.make() as nn.Module & { forward(x: unknown, hx?: unknown): [unknown, Tensor | Tensor[]] };
    const x = x0.clone().requiresGrad_(true);
    const packed = U.packPaddedSequence(x, c.lengths, c.batchFirst ?? false, c.enforceSorted ?? true);
    const arg = hx0 === undefined ? undefined : hx0.length === 2 ? hx0 : hx0[0];
    const [out, s] = m.forward(packed, arg);
    const state = Array.isArray(s) ? s : [s];
    const [padded, lengths] = U.padPackedSequence(
      out as InstanceType<typeof U.PackedSequence>,
      c.batchFirst ?? false,
      0,
      c.totalLength ?? null,
    );
    weightedSum([padded, ...state]).backward();
    const ref = (await py.call("upstream_layers.packed_case", {
      ctor: c.ctor,
      seed: 11,
      x: x0,
      lengths: c.lengths,
      batch_first: c.batchFirst ?? false,
      enforce_sorted: c.enforceSorted ?? true,
      hx: hx0 ?? null,
      total_length: c.totalLength ?? null,
    })) as {
      fields: Array<Tensor | null>;
      out_data: Tensor;
      padded: Tensor;
      lengths: Tensor;
      state: Tensor[];
      xgrad: Tensor;
      grads: Record<string, Tensor>;
    };
    const fields = [...packed];
    for (const [i, f] of fields.entries()) {
      if (ref.fields[i] === null) expect(f, `field ${i}`).toBeNull();
      else expectTensor(f!, ref.fields[i], {}, `packed field ${i}`);
    }
    expectTensor((out as InstanceType<typeof U.PackedSequence>).data, ref.out_data, {}, "packed output");
    expectTensor(padded, ref.padded, {}, "padded output");
    expectTensor(lengths, ref.lengths, {}, "lengths");
    for (const [i, t] of state.entries()) expectTensor(t, ref.state[i], {}, `state ${i}`);
    expectTensor(x.grad!, ref.xgrad, {}, "input grad");
    for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, ref.grads[k], {}, `${k} grad`);
  });

  it("pad_sequence, pack_sequence and their errors as PyTorch", async () => {
    torch.manualSeed(4);
    const seqs = [torch.randn([4, 2]), torch.randn([2, 2]), torch.randn([5, 2])];
    for (const batchFirst of [false, true]) {
      const ref = (await py.eval(
        `out = torch.nn.utils.rnn.pad_sequence([a, b, c], batch_first=${batchFirst ? "True" : "False"}, padding_value=-1.5)`,
        { a: seqs[0], b: seqs[1], c: seqs[2] },
      )) as Tensor;
      expectTensor(U.padSequence(seqs, batchFirst, -1.5), ref);
    }
    const packed = U.packSequence(seqs, false);
    const ref = (await py.eval(
      "p = torch.nn.utils.rnn.pack_sequence([a, b, c], enforce_sorted=False)\nout = [p.data, p.batch_sizes, p.sorted_indices, p.unsorted_indices]",
      { a: seqs[0], b: seqs[1], c: seqs[2] },
    )) as Tensor[];
    for (const [i, f] of [...packed].entries()) expectTensor(f!, ref[i], {}, `field ${i}`);
    const errors: Array<[() => unknown, string]> = [
      [() => U.packSequence(seqs), "torch.nn.utils.rnn.pack_sequence([a, b, c])"],
      [
        () => U.padPackedSequence(U.packSequence(seqs, false), false, 0, 3),
        "torch.nn.utils.rnn.pad_packed_sequence(torch.nn.utils.rnn.pack_sequence([a, b, c], enforce_sorted=False), total_length=3)",
      ],
    ];
    for (const [mine, code] of errors) {
      const msg = await pyErr(code, { a: seqs[0], b: seqs[1], c: seqs[2] });
      expect(firstLine(mine).split(": ").slice(1).join(": "), code).toBe(msg.split(": ").slice(1).join(": "));
    }
  });
});
