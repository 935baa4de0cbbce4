// Ported from PyTorch 1.13's test/test_nn.py (TestNN, TestNNDeviceType) and test/test_torch.py
// (memory format) for the layers added in issue #14: normalization layers, Embedding, BCEWithLogits,
// the weighted losses' buffers, activations and channels_last. Each case is named after its
// upstream test; expected values and errors come from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { native } from "../../lib/native";
import * as F from "../../lib/nn/functional";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-5, atol: 1e-6 };
const strideOf = (t: Tensor) => native.storageInfo(t.handle).stride;

/** `js` throws what PyTorch's `code` raises: the same class (RuntimeError: a plain Error) and first line. */
async function expectSameError(js: () => unknown, code: string, inputs: Record<string, unknown> = {}) {
  const r = await py.run(code, inputs);
  expect(r.error, `PyTorch did not raise for ${code}`).toBeDefined();
  let err: unknown;
  try {
    js();
  } catch (e) {
    err = e;
  }
  expect(err, `torchts did not raise for ${code}`).toBeInstanceOf(Error);
  const name = (err as Error).name;
  expect(name === r.type || (r.type === "RuntimeError" && name === "Error")).toBe(true);
  expect((err as Error).message).toBe(r.error);
}

describe("TestNN: normalization layers", () => {
  it.each([
    [[2, 3, 4], 4],
    [
      [2, 3, 4, 5],
      [4, 5],
    ],
    [
      [3, 2, 3, 4],
      [2, 3, 4],
    ],
  ] as Array<[number[], number | number[]]>)(
    "test_LayerNorm_general input %o normalized_shape %o",
    async (shape, ns) => {
      torch.manualSeed(1);
      const x = torch.randn(shape);
      const w = torch.randn(typeof ns === "number" ? [ns] : ns);
      const b = torch.randn(typeof ns === "number" ? [ns] : ns);
      const y = F.layerNorm(x, ns, { weight: w, bias: b, eps: 1e-4 });
      const ref = (await py.eval(
        `out = F.layer_norm(x, ${JSON.stringify(typeof ns === "number" ? [ns] : ns)}, w, b, 1e-4)`,
        {
          x,
          w,
          b,
        },
      )) as Tensor;
      expectTensor(y, ref, { rtol: 1e-4, atol: 1e-5 });
      // Mean 0 and variance 1 over the normalised dimensions without affine parameters.
      const plain = F.layerNorm(x, ns);
      const plainRef = (await py.eval(`out = F.layer_norm(x, ${JSON.stringify(typeof ns === "number" ? [ns] : ns)})`, {
        x,
      })) as Tensor;
      expectTensor(plain, plainRef, { rtol: 1e-4, atol: 1e-5 });
    },
  );

  it("test_LayerNorm_general wrong normalized_shape is PyTorch's error", async () => {
    const x = torch.randn([2, 3, 4]);
    await expectSameError(() => new nn.LayerNorm([3, 5]).forward(x), "nn.LayerNorm([3, 5])(x)", { x });
  });

  it.each([
    [[2, 6, 4], 3],
    [[2, 6, 4, 2], 2],
    [[4, 6], 6],
  ] as Array<[number[], number]>)("test_GroupNorm_general input %o groups %i", async (shape, g) => {
    torch.manualSeed(2);
    const x = torch.randn(shape);
    const w = torch.randn([shape[1]]);
    const b = torch.randn([shape[1]]);
    const y = F.groupNorm(x, g, { weight: w, bias: b });
    const ref = (await py.eval(`out = F.group_norm(x, ${g}, w, b)`, { x, w, b })) as Tensor;
    expectTensor(y, ref, { rtol: 1e-4, atol: 1e-5 });
  });

  it("test_GroupNorm_raises_error_if_one_value_per_group", async () => {
    const x = torch.randn([1, 4]);
    await expectSameError(() => new nn.GroupNorm(4, 4).forward(x), "nn.GroupNorm(4, 4)(x)", { x });
    await expectSameError(() => new nn.GroupNorm(3, 5), "nn.GroupNorm(3, 5)");
    const one = torch.randn([3]);
    await expectSameError(() => F.groupNorm(one, 1), "F.group_norm(x, 1)", { x: one });
  });

  it("test_InstanceNorm1d_general", async () => {
    torch.manualSeed(3);
    const x = torch.randn([3, 4, 7]);
    const m = new nn.InstanceNorm1d(4, { affine: true, trackRunningStats: true });
    const y = m.forward(x);
    const [ry, rm, rv] = (await py.eval(
      "m = nn.InstanceNorm1d(4, affine=True, track_running_stats=True)\ny = m(x)\nout = [y, m.running_mean, m.running_var]",
      { x },
    )) as Tensor[];
    expectTensor(y, ry, TOL, "output");
    expectTensor(m.runningMean!, rm, TOL, "running_mean");
    expectTensor(m.runningVar!, rv, TOL, "running_var");
    // Per sample and channel: mean 0 in training.
    expect(y.mean(2).abs().max().item()).toBeLessThan(1e-5);
  });

  it("test_instancenorm_raises_error_for_single_spatial_element_during_training", async () => {
    for (const [cls, shape] of [
      ["InstanceNorm1d", [2, 3, 1]],
      ["InstanceNorm2d", [2, 3, 1, 1]],
      ["InstanceNorm3d", [2, 3, 1, 1, 1]],
    ] as Array<["InstanceNorm1d" | "InstanceNorm2d" | "InstanceNorm3d", number[]]>) {
      const x = torch.randn(shape);
      await expectSameError(() => new nn[cls](3).forward(x), `nn.${cls}(3)(x)`, { x });
      // In eval mode with running stats, one element is fine.
      const m = new nn[cls](3, { trackRunningStats: true });
      m.eval();
      const ref = (await py.eval(`m = nn.${cls}(3, track_running_stats=True).eval()\nout = m(x)`, { x })) as Tensor;
      expectTensor(m.forward(x), ref, TOL, cls);
    }
  });

  it("test_instancenorm input dims are PyTorch's ValueError", async () => {
    const x = torch.randn([2, 3, 4, 5, 6]);
    await expectSameError(() => new nn.InstanceNorm2d(3).forward(x), "nn.InstanceNorm2d(3)(x)", { x });
    await expectSameError(() => new nn.InstanceNorm1d(3).forward(x), "nn.InstanceNorm1d(3)(x)", { x });
  });

  it("test_normalization state_dict keys and repr match PyTorch", async () => {
    for (const [m, ctor] of [
      [new nn.LayerNorm([4, 5], 1e-6, false), "nn.LayerNorm([4, 5], 1e-6, False)"],
      [new nn.GroupNorm(2, 4), "nn.GroupNorm(2, 4)"],
      [new nn.InstanceNorm2d(3), "nn.InstanceNorm2d(3)"],
      [
        new nn.InstanceNorm3d(3, { affine: true, trackRunningStats: true }),
        "nn.InstanceNorm3d(3, affine=True, track_running_stats=True)",
      ],
    ] as Array<[nn.Module, string]>) {
      const [repr, keys] = (await py.eval(`m = ${ctor}\nout = [repr(m), list(m.state_dict().keys())]`)) as [
        string,
        string[],
      ];
      expect(m.toString()).toBe(repr);
      expect(Object.keys(m.stateDict())).toEqual(keys);
    }
  });
});

describe("TestNN: Embedding", () => {
  it("test_embedding_padding_idx", async () => {
    // The padding row starts at zero and gets no gradient; negative padding_idx counts from the end.
    for (const [pi, pyPi] of [
      [0, "0"],
      [-2, "-2"],
    ] as Array<[number, string]>) {
      torch.manualSeed(4);
      const m = new nn.Embedding(10, 20, { paddingIdx: pi });
      const input = torch.tensor(
        [
          [0, 2, 4, 5],
          [4, 3, 0, 9],
        ],
        { dtype: "int64" },
      );
      const y = m.forward(input);
      y.sum().backward();
      const [sd, ry, rg] = (await py.eval(
        `torch.manual_seed(4)\nm = nn.Embedding(10, 20, padding_idx=${pyPi})\ny = m(i)\ny.sum().backward()\nout = [m.state_dict(), y, m.weight.grad]`,
        { i: input },
      )) as [Record<string, Tensor>, Tensor, Tensor];
      expectTensor(m.weight.detach(), sd.weight, {}, "seeded weight");
      expectTensor(y, ry, {}, "output");
      expectTensor(m.weight.grad!, rg, {}, "grad");
      expect(m.paddingIdx).toBe(pi < 0 ? 10 + pi : pi);
    }
    await expectSameError(() => new nn.Embedding(10, 20, { paddingIdx: 25 }), "nn.Embedding(10, 20, padding_idx=25)");
    await expectSameError(() => new nn.Embedding(10, 20, { paddingIdx: -25 }), "nn.Embedding(10, 20, padding_idx=-25)");
  });

  it("test_embedding_max_norm", async () => {
    torch.manualSeed(5);
    const w0 = torch.randn([22, 5]);
    const input = torch.tensor([2, 8, 8, 6], { dtype: "int64" });
    const w = w0.clone();
    const y = F.embedding(input, w, { maxNorm: 1.0 });
    const [ry, rw] = (await py.eval("w = w.clone()\ny = F.embedding(i, w, max_norm=1.0)\nout = [y, w]", {
      w: w0,
      i: input,
    })) as [Tensor, Tensor];
    expectTensor(y, ry, TOL, "output");
    expectTensor(w, rw, TOL, "renormalised weight");
    expect(y.pow(2).sum(1).sqrt().max().item()).toBeLessThanOrEqual(1 + 1e-6);
  });

  it("test_embedding_from_pretrained", async () => {
    const a = torch.tensor(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { dtype: "float32" },
    );
    const e = nn.Embedding.fromPretrained(a);
    expect(e.weight.equal(a)).toBe(true);
    expect(e.weight.requiresGrad).toBe(false);
    const out = e.forward(torch.tensor([0, 1], { dtype: "int64" }));
    expect(out.equal(a)).toBe(true);
    const unfrozen = nn.Embedding.fromPretrained(a, { freeze: false, paddingIdx: 1 });
    expect(unfrozen.weight.requiresGrad).toBe(true);
    const repr = (await py.eval("out = repr(nn.Embedding.from_pretrained(a, freeze=False, padding_idx=1))", {
      a,
    })) as string;
    expect(unfrozen.toString()).toBe(repr);
  });

  it("test_embedding_functional", async () => {
    torch.manualSeed(6);
    const a = torch.tensor(
      [
        [1, 3, 2],
        [0, 2, 1],
      ],
      { dtype: "int64" },
    );
    const w = torch.randn([4, 3]);
    const ref = (await py.eval("out = F.embedding(a, w, padding_idx=1)", { a, w })) as Tensor;
    expectTensor(F.embedding(a, w, { paddingIdx: 1 }), ref, {});
    expectTensor(new nn.Embedding(4, 3, { paddingIdx: 1, _weight: w }).forward(a), ref, {});
  });

  it("test_embedding repr and invalid arguments", async () => {
    expect(new nn.Embedding(5, 4, 1, 2.0, 1.5, true).toString()).toBe(
      (await py.eval("out = repr(nn.Embedding(5, 4, 1, 2.0, 1.5, True))")) as string,
    );
    await expectSameError(() => new nn.Embedding(5, 4, { padding: 1 } as never), "nn.Embedding(5, 4, padding=1)");
    const idx = torch.tensor([0, 7], { dtype: "int64" });
    await expectSameError(() => new nn.Embedding(5, 4).forward(idx), "nn.Embedding(5, 4)(i)", { i: idx });
  });
});

describe("TestNN: BCEWithLogitsLoss", () => {
  it("test_bce_with_logits_raises_if_target_and_input_are_different_size", async () => {
    const target = torch.rand([5]);
    const input = torch.rand([5, 1]);
    await expectSameError(() => new nn.BCEWithLogitsLoss().forward(input, target), "nn.BCEWithLogitsLoss()(x, t)", {
      x: input,
      t: target,
    });
  });

  it("test_bce_with_logits_gives_same_result_as_sigmoid_and_bce_loss", async () => {
    torch.manualSeed(7);
    const output = torch.rand([16, 4]);
    const target = torch.rand([16, 4]);
    const weight = torch.rand([4]);
    for (const [js, code, weighted] of [
      [() => F.binaryCrossEntropyWithLogits(output, target), "F.binary_cross_entropy_with_logits(o, t)", false],
      [() => new nn.BCEWithLogitsLoss(weight).forward(output, target), "nn.BCEWithLogitsLoss(w)(o, t)", true],
      [
        () => F.binaryCrossEntropyWithLogits(output, target, { weight }),
        "F.binary_cross_entropy_with_logits(o, t, w)",
        true,
      ],
    ] as Array<[() => Tensor, string, boolean]>) {
      const ref = (await py.eval(`out = ${code}`, { o: output, t: target, w: weight })) as Tensor;
      expectTensor(js(), ref, TOL, code);
      const viaSigmoid = (await py.eval(`out = nn.BCELoss(${weighted ? "w" : ""})(torch.sigmoid(o), t)`, {
        o: output,
        t: target,
        w: weight,
      })) as Tensor;
      expectTensor(js(), viaSigmoid, { rtol: 1e-4, atol: 1e-5 }, `${code} = BCELoss(sigmoid)`);
    }
  });

  it("test_bce_with_logits_has_correct_grad_at_zero", async () => {
    const output = torch.zeros([3, 1]).requiresGrad_(true);
    const target = torch.zeros([3, 1]);
    new nn.BCEWithLogitsLoss({ reduction: "sum" }).forward(output, target).backward();
    expectTensor(output.grad!, torch.full([3, 1], 0.5), {});
  });

  it("test_bce_with_logits_broadcasts_weights", async () => {
    torch.manualSeed(8);
    const target = torch.rand([16, 4]);
    const output = torch.rand([16, 4]).sub(0.5);
    const weight = torch.rand([4]);
    const out1 = new nn.BCEWithLogitsLoss(weight).forward(output, target);
    const out2 = new nn.BCEWithLogitsLoss(weight.expand([16, 4]).contiguous()).forward(output, target);
    expectTensor(out1, out2, TOL);
    const w1 = torch.rand([16, 1]);
    expectTensor(
      new nn.BCEWithLogitsLoss(w1).forward(output, target),
      (await py.eval("out = nn.BCEWithLogitsLoss(w)(o, t)", { w: w1, o: output, t: target })) as Tensor,
      TOL,
    );
  });

  it("test_bce_with_logits_ones_in_pos_weights_are_the_same_as_none", async () => {
    torch.manualSeed(9);
    const target = torch.rand([64, 4]);
    const output = torch.rand([64, 4]).sub(0.5);
    const posWeight = torch.ones([64, 4]);
    expectTensor(
      new nn.BCEWithLogitsLoss().forward(output, target),
      new nn.BCEWithLogitsLoss({ posWeight }).forward(output, target),
      TOL,
    );
  });

  it("test_bce_with_logits_broadcasts_pos_weights", async () => {
    torch.manualSeed(10);
    const target = torch.rand([64, 4]);
    const output = torch.rand([64, 4]).sub(0.5);
    const posWeight = torch.rand([4]);
    const out1 = new nn.BCEWithLogitsLoss({ posWeight }).forward(output, target);
    const out2 = new nn.BCEWithLogitsLoss({ posWeight: posWeight.expand([1, 4]) }).forward(output, target);
    const out3 = new nn.BCEWithLogitsLoss({ posWeight: posWeight.expand([64, 4]) }).forward(output, target);
    expectTensor(out1, out2, TOL);
    expectTensor(out1, out3, TOL);
    const ref = (await py.eval("out = nn.BCEWithLogitsLoss(pos_weight=p)(o, t)", {
      p: posWeight,
      o: output,
      t: target,
    })) as Tensor;
    expectTensor(out1, ref, TOL);
  });

  it("test_bce_with_logits_with_pos_weight_has_correct_grad_at_zero", async () => {
    const output = torch.zeros([3, 1]).requiresGrad_(true);
    const target = torch.zeros([3, 1]);
    const posWeight = torch.ones([3, 1]);
    new nn.BCEWithLogitsLoss({ posWeight, reduction: "sum" }).forward(output, target).backward();
    expectTensor(output.grad!, torch.full([3, 1], 0.5), {});
  });

  it("test_bce_with_logits_stability", async () => {
    const output = torch.tensor([0, -120], { dtype: "float32" });
    const target = torch.tensor([0, 1], { dtype: "float32" });
    const posWeight = torch.tensor([1, 1], { dtype: "float32" });
    const out1 = new nn.BCEWithLogitsLoss().forward(output, target);
    expect(Number.isFinite(out1.item())).toBe(true);
    const out2 = new nn.BCEWithLogitsLoss({ posWeight }).forward(output, target);
    expect(Number.isFinite(out2.item())).toBe(true);
    expectTensor(out1, (await py.eval("out = nn.BCEWithLogitsLoss()(o, t)", { o: output, t: target })) as Tensor, TOL);
  });

  it("test_BCEWithLogitsLoss weight and pos_weight are buffers", async () => {
    const m = new nn.BCEWithLogitsLoss(torch.ones([3]), { posWeight: torch.full([3], 2) } as never);
    const keys = (await py.eval(
      "out = list(nn.BCEWithLogitsLoss(torch.ones(3), pos_weight=torch.full((3,), 2.)).state_dict().keys())",
    )) as string[];
    expect(Object.keys(m.stateDict())).toEqual(keys);
  });
});

describe("TestNN: weighted losses register weight as a buffer", () => {
  it.each([
    [
      "CrossEntropyLoss",
      () => new nn.CrossEntropyLoss(torch.tensor([1, 2, 0.5])),
      "nn.CrossEntropyLoss(torch.tensor([1, 2, 0.5]))",
    ],
    [
      "NLLLoss",
      () => new nn.NLLLoss({ weight: torch.tensor([1, 2, 0.5]) }),
      "nn.NLLLoss(weight=torch.tensor([1, 2, 0.5]))",
    ],
    ["CrossEntropyLoss without weight", () => new nn.CrossEntropyLoss(), "nn.CrossEntropyLoss()"],
  ] as Array<[string, () => nn.Module & { forward(x: Tensor, t: Tensor): Tensor }, string]>)(
    "test_state_dict of %s (_WeightedLoss.register_buffer('weight'))",
    async (_n, make, ctor) => {
      const m = make();
      const [keys, nbuf] = (await py.eval(
        `m = ${ctor}\nout = [list(m.state_dict().keys()), len(list(m.buffers()))]`,
      )) as [string[], number];
      expect(Object.keys(m.stateDict())).toEqual(keys);
      expect([...m.buffers()].length).toBe(nbuf);
      // The buffer is what forward uses: loading a new weight changes the loss as in PyTorch.
      if (keys.length > 0) {
        const w = torch.tensor([3, 1, 1]);
        m.loadStateDict({ weight: w });
        torch.manualSeed(11);
        const x = torch.randn([4, 3]).logSoftmax(1);
        const t = torch.tensor([0, 2, 1, 0], { dtype: "int64" });
        const ref = (await py.eval(`m = ${ctor}\nm.load_state_dict({'weight': w})\nout = m(x, t)`, {
          w,
          x,
          t,
        })) as Tensor;
        expectTensor(m.forward(x, t), ref, TOL);
      }
    },
  );
});

describe("TestNN: activations", () => {
  it.each([
    ["leaky_relu", (x: Tensor) => F.leakyRelu(x, 0.2), "F.leaky_relu(x, 0.2)"],
    ["leaky_relu_inplace", (x: Tensor) => F.leakyRelu(x.clone(), 0.3, true), "F.leaky_relu(x.clone(), 0.3, True)"],
    ["gelu", (x: Tensor) => F.gelu(x), "F.gelu(x)"],
    ["gelu_tanh", (x: Tensor) => F.gelu(x, { approximate: "tanh" }), "F.gelu(x, approximate='tanh')"],
    ["silu", (x: Tensor) => F.silu(x), "F.silu(x)"],
    ["silu_inplace", (x: Tensor) => F.silu(x.clone(), true), "F.silu(x.clone(), True)"],
    ["SiLU_inplace_module", (x: Tensor) => new nn.SiLU(true).forward(x.clone()), "nn.SiLU(True)(x.clone())"],
    [
      "LeakyReLU_inplace_module",
      (x: Tensor) => new nn.LeakyReLU(0.1, true).forward(x.clone()),
      "nn.LeakyReLU(0.1, True)(x.clone())",
    ],
  ] as Array<[string, (x: Tensor) => Tensor, string]>)("test_%s", async (_n, js, code) => {
    torch.manualSeed(12);
    const x = torch.randn([4, 5]);
    expectTensor(js(x), (await py.eval(`out = ${code}`, { x })) as Tensor, TOL, code);
  });

  it("test_gelu invalid approximate is PyTorch's error", async () => {
    const x = torch.randn([3]);
    await expectSameError(() => F.gelu(x, { approximate: "fast" as never }), "F.gelu(x, approximate='fast')", { x });
  });

  it("test_activation reprs", async () => {
    for (const [m, ctor] of [
      [new nn.LeakyReLU(0.2, true), "nn.LeakyReLU(0.2, True)"],
      [new nn.GELU({ approximate: "tanh" }), "nn.GELU(approximate='tanh')"],
      [new nn.SiLU(true), "nn.SiLU(True)"],
      [new nn.Dropout2d(0.2), "nn.Dropout2d(0.2)"],
    ] as Array<[nn.Module, string]>) {
      expect(m.toString()).toBe((await py.eval(`out = repr(${ctor})`)) as string);
    }
  });
});

describe("TestNN: Dropout2d", () => {
  it("test_Dropout2d (functional, same seed as PyTorch)", async () => {
    const x = torch.ones([3, 8, 4, 4]);
    torch.manualSeed(13);
    const y = F.dropout2d(x, 0.5);
    const ref = (await py.eval("torch.manual_seed(13)\nout = F.dropout2d(x, 0.5)", { x })) as Tensor;
    expectTensor(y, ref, {});
    // Whole channels are zero or 2.
    const perChannel = y.sum([2, 3]);
    expect((perChannel.tolist() as number[][]).flat().every((v) => v === 0 || v === 32)).toBe(true);
    await expectSameError(() => new nn.Dropout2d(1.5), "nn.Dropout2d(1.5)");
  });
});

describe("TestTorch / TestNN: channels_last memory format", () => {
  it("test_memory_format_contiguous_returns_same_tensor_if_already_satisfies", async () => {
    torch.manualSeed(14);
    const x = torch.randn([4, 8, 8, 3]).permute([0, 3, 1, 2]);
    expect(x.isContiguous({ memoryFormat: "channelsLast" })).toBe(true);
    expect(x.isContiguous()).toBe(false);
    const y = x.contiguous({ memoryFormat: "channelsLast" });
    expect(strideOf(y)).toEqual(strideOf(x));
  });

  it("test_memory_format_to / contiguous(memory_format=torch.channels_last)", async () => {
    torch.manualSeed(15);
    const x = torch.randn([2, 3, 4, 5]);
    const y = x.contiguous({ memoryFormat: "channelsLast" });
    const [strides, isCl] = (await py.eval(
      "y = x.contiguous(memory_format=torch.channels_last)\nout = [list(y.stride()), y.is_contiguous(memory_format=torch.channels_last)]",
      { x },
    )) as [number[], boolean];
    expect(strideOf(y)).toEqual(strides);
    expect(y.isContiguous({ memoryFormat: "channelsLast" })).toBe(isCl);
    expect(y.isContiguous()).toBe(false);
    expect(y.equal(x)).toBe(true);
    const z = x.to("cpu", { memoryFormat: "channelsLast" });
    expect(strideOf(z)).toEqual(strides);
    const v = torch.randn([2, 3, 4, 5, 6]).contiguous({ memoryFormat: "channelsLast3d" });
    expect(v.isContiguous({ memoryFormat: "channelsLast3d" })).toBe(true);
    await expectSameError(
      () => torch.randn([2, 3]).contiguous({ memoryFormat: "channelsLast" }),
      "torch.randn(2, 3).contiguous(memory_format=torch.channels_last)",
    );
    expect(() => x.contiguous({ memoryFormat: "channels_last" as never })).toThrow(TypeError);
  });

  it("test_memory_format conv2d on channels_last input (module.to(memory_format))", async () => {
    torch.manualSeed(16);
    const m = new nn.Conv2d(3, 4, 3, 1, 1);
    m.to({ memoryFormat: "channelsLast" });
    expect(m.weight.isContiguous({ memoryFormat: "channelsLast" })).toBe(true);
    expect(m.bias!.isContiguous()).toBe(true);
    const x = torch.randn([2, 3, 6, 6]).contiguous({ memoryFormat: "channelsLast" });
    const y = m.forward(x);
    const [ry, wStride, yCl] = (await py.eval(
      "torch.manual_seed(16)\nm = nn.Conv2d(3, 4, 3, 1, 1).to(memory_format=torch.channels_last)\ny = m(x.contiguous(memory_format=torch.channels_last))\nout = [y, list(m.weight.stride()), y.is_contiguous(memory_format=torch.channels_last)]",
      { x },
    )) as [Tensor, number[], boolean];
    expect(strideOf(m.weight)).toEqual(wStride);
    expect(y.isContiguous({ memoryFormat: "channelsLast" })).toBe(yCl);
    expectTensor(y, ry, TOL);
    expect(() => m.to({ memoryFormat: "rowMajor" as never })).toThrow(TypeError);
  });
});
