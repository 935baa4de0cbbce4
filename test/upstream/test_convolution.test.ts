// Ported from PyTorch 1.13's test/nn/test_convolution.py (TestConvolutionNN): each case named after its
// upstream test; expected outputs from live PyTorch on the same weights and inputs.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-5, atol: 1e-5 };

type Mode = "zeros" | "reflect" | "replicate" | "circular";
// padding='same' with every padding mode, odd and even kernels, dilation: an odd total padding puts
// the extra row/column bottom/right as _ConvNd's _reversed_padding_repeated_twice does.
const SAME_CASES: Array<[Mode, [number, number], number, [number, number]]> = [];
for (const mode of ["zeros", "reflect", "replicate", "circular"] as Mode[]) {
  SAME_CASES.push([mode, [3, 4], 1, [10, 20]], [mode, [4, 4], 1, [9, 9]], [mode, [2, 5], 1, [7, 8]]);
  SAME_CASES.push([mode, [3, 2], 2, [11, 12]]);
}

describe("TestConvolutionNN: padding='same'", () => {
  it.each(SAME_CASES)(
    "test_conv2d_same_padding padding_mode=%s kernel=%o dilation=%i on %o",
    async (mode, k, d, hw) => {
      torch.manualSeed(1);
      const m = new nn.Conv2d(2, 3, k, { padding: "same", paddingMode: mode, dilation: d });
      const x = torch.randn([2, 2, ...hw]);
      const y = m.forward(x);
      const ctor = `nn.Conv2d(2, 3, (${k.join(", ")}), padding='same', padding_mode='${mode}', dilation=${d})`;
      const ref = (await py.call("parity_layers.module_case", {
        ctor,
        sd: m.stateDict(),
        x,
        g: torch.ones(y.shape),
        device: "cpu",
      })) as [Tensor, Tensor, Record<string, Tensor>];
      expect(y.shape).toEqual(ref[0].shape);
      expect(y.shape.slice(2)).toEqual(hw);
      expectTensor(y, ref[0], TOL, ctor);
    },
  );
});

// PyTorch's positional form of nn.Conv2d (in, out, kernel, stride, padding, dilation, groups, bias,
// padding_mode): the same module as the keyword form, seeded weights equal to PyTorch's.
const POSITIONAL: Array<[string, () => nn.Conv2d, string]> = [
  ["stride, padding", () => new nn.Conv2d(3, 8, 3, 2, 1), "nn.Conv2d(3, 8, 3, 2, 1)"],
  ["stride pair, padding same", () => new nn.Conv2d(3, 8, 3, 1, "same"), "nn.Conv2d(3, 8, 3, 1, 'same')"],
  ["dilation, groups", () => new nn.Conv2d(4, 8, 3, 1, 2, 2, 2), "nn.Conv2d(4, 8, 3, 1, 2, 2, 2)"],
  ["no bias", () => new nn.Conv2d(3, 4, 3, 1, 1, 1, 1, false), "nn.Conv2d(3, 4, 3, 1, 1, 1, 1, False)"],
  [
    "padding mode",
    () => new nn.Conv2d(3, 4, 3, 1, 1, 1, 1, true, "reflect"),
    "nn.Conv2d(3, 4, 3, 1, 1, 1, 1, True, 'reflect')",
  ],
  [
    "positional then keyword",
    () => new nn.Conv2d(3, 4, 5, 2, { bias: false } as never),
    "nn.Conv2d(3, 4, 5, 2, bias=False)",
  ],
];

describe("TestConvolutionNN: constructor arguments", () => {
  it.each(POSITIONAL)("test_conv_modules_positional_args %s", async (_n, make, ctor) => {
    const x = torch.randn([1, 4, 9, 9]).narrow(1, 0, ctor.startsWith("nn.Conv2d(4") ? 4 : 3);
    torch.manualSeed(5);
    const m = make();
    const [repr, sd, out] = (await py.call("upstream_nn.seeded_module", { ctor, seed: 5, x })) as [
      string,
      Record<string, Tensor>,
      Tensor,
    ];
    expect(m.toString()).toBe(repr);
    for (const [k, v] of Object.entries(m.stateDict())) expect(v.equal(sd[k]), k).toBe(true);
    expectTensor(m.forward(x), out, TOL, ctor);
  });
  it.each([
    ["an unknown keyword", () => new nn.Conv2d(1, 1, 3, { foo: 2 } as never), "nn.Conv2d(1, 1, 3, foo=2)"],
    [
      "too many positional arguments",
      () =>
        new (nn.Conv2d as unknown as new (...a: unknown[]) => nn.Conv2d)(
          1,
          1,
          3,
          1,
          0,
          1,
          1,
          true,
          "zeros",
          "cpu",
          "float32",
          5,
        ),
      "nn.Conv2d(1, 1, 3, 1, 0, 1, 1, True, 'zeros', 'cpu', torch.float32, 5)",
    ],
    [
      "a keyword given twice",
      () => new nn.Conv2d(1, 1, 3, 2, { stride: 2 } as never),
      "nn.Conv2d(1, 1, 3, 2, stride=2)",
    ],
  ] as Array<[string, () => unknown, string]>)(
    "test_conv_invalid_args %s is PyTorch's TypeError",
    async (_n, make, expr) => {
      const r = await py.run(expr);
      expect(r.type).toBe("TypeError");
      expect(make).toThrow(TypeError);
      expect(make).toThrow(r.error!);
    },
  );
});

// ---- issue #14: Conv1d, Conv3d and the transposed convolutions

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
  expect(name === r.type || (r.type === "RuntimeError" && name === "Error"), `${name} vs ${r.type}`).toBe(true);
  expect((err as Error).message).toBe(r.error);
}

type AnyConv = nn.Module & { forward(x: Tensor): Tensor };
const POSITIONAL_ND: Array<[string, () => AnyConv, string, number[]]> = [
  ["Conv1d stride, padding", () => new nn.Conv1d(3, 8, 3, 2, 1), "nn.Conv1d(3, 8, 3, 2, 1)", [2, 3, 9]],
  [
    "Conv1d dilation, groups, no bias",
    () => new nn.Conv1d(4, 8, 3, 1, 2, 2, 2, false),
    "nn.Conv1d(4, 8, 3, 1, 2, 2, 2, False)",
    [2, 4, 9],
  ],
  ["Conv1d padding same", () => new nn.Conv1d(3, 4, 4, 1, "same"), "nn.Conv1d(3, 4, 4, 1, 'same')", [1, 3, 8]],
  ["Conv3d stride, padding", () => new nn.Conv3d(3, 4, 3, 2, 1), "nn.Conv3d(3, 4, 3, 2, 1)", [1, 3, 5, 6, 5]],
  [
    "Conv3d padding mode",
    () => new nn.Conv3d(2, 4, [2, 3, 3], 1, 1, 1, 2, true, "reflect"),
    "nn.Conv3d(2, 4, (2, 3, 3), 1, 1, 1, 2, True, 'reflect')",
    [1, 2, 4, 5, 5],
  ],
  [
    "ConvTranspose2d stride, padding, output_padding",
    () => new nn.ConvTranspose2d(3, 8, 3, 2, 1, 1),
    "nn.ConvTranspose2d(3, 8, 3, 2, 1, 1)",
    [1, 3, 5, 5],
  ],
  [
    "ConvTranspose2d groups, no bias, dilation",
    () => new nn.ConvTranspose2d(4, 6, 3, 1, 0, 0, 2, false, 2),
    "nn.ConvTranspose2d(4, 6, 3, 1, 0, 0, 2, False, 2)",
    [2, 4, 5, 5],
  ],
  [
    "ConvTranspose2d positional then keyword",
    () => new nn.ConvTranspose2d(3, 4, 3, 2, { outputPadding: 1, bias: false } as never),
    "nn.ConvTranspose2d(3, 4, 3, 2, output_padding=1, bias=False)",
    [1, 3, 4, 4],
  ],
  [
    "ConvTranspose1d",
    () => new nn.ConvTranspose1d(2, 3, 4, 3, 1, 2),
    "nn.ConvTranspose1d(2, 3, 4, 3, 1, 2)",
    [2, 2, 5],
  ],
  [
    "ConvTranspose3d",
    () => new nn.ConvTranspose3d(2, 2, 2, 2, 0, 1),
    "nn.ConvTranspose3d(2, 2, 2, 2, 0, 1)",
    [1, 2, 3, 3, 2],
  ],
];

describe("TestConvolutionNN: Conv1d / Conv3d / ConvTranspose constructor arguments", () => {
  it.each(POSITIONAL_ND)("test_conv_modules_positional_args %s", async (_n, make, ctor, shape) => {
    torch.manualSeed(6);
    const x = torch.randn(shape);
    torch.manualSeed(5);
    const m = make();
    const [repr, sd, out] = (await py.call("upstream_nn.seeded_module", { ctor, seed: 5, x })) as [
      string,
      Record<string, Tensor>,
      Tensor,
    ];
    expect(m.toString()).toBe(repr);
    expect(Object.keys(m.stateDict())).toEqual(Object.keys(sd));
    for (const [k, v] of Object.entries(m.stateDict())) expect(v.equal(sd[k]), k).toBe(true);
    expectTensor(m.forward(x), out, TOL, ctor);
  });

  it.each([
    ["Conv1d unknown keyword", () => new nn.Conv1d(1, 1, 3, { foo: 2 } as never), "nn.Conv1d(1, 1, 3, foo=2)"],
    [
      "Conv3d keyword twice",
      () => new nn.Conv3d(1, 1, 3, 2, { stride: 2 } as never),
      "nn.Conv3d(1, 1, 3, 2, stride=2)",
    ],
    [
      "ConvTranspose2d unknown keyword",
      () => new nn.ConvTranspose2d(1, 1, 3, { output_padding: 1 } as never),
      "nn.ConvTranspose2d(1, 1, 3, output_padding_=1)",
    ],
    [
      "ConvTranspose2d too many positional arguments",
      () =>
        new (nn.ConvTranspose2d as unknown as new (...a: unknown[]) => nn.ConvTranspose2d)(
          1,
          1,
          3,
          1,
          0,
          0,
          1,
          true,
          1,
          "zeros",
          "cpu",
          "float32",
          5,
        ),
      "nn.ConvTranspose2d(1, 1, 3, 1, 0, 0, 1, True, 1, 'zeros', 'cpu', torch.float32, 5)",
    ],
  ] as Array<[string, () => unknown, string]>)(
    "test_conv_invalid_args %s is PyTorch's TypeError",
    async (_n, make, expr) => {
      const r = await py.run(expr);
      expect(r.type).toBe("TypeError");
      expect(make).toThrow(TypeError);
      if (!expr.includes("output_padding_")) expect(make).toThrow(r.error!);
    },
  );

  it("test_conv_padding_mode", async () => {
    // PyTorch prints the valid modes as a set (its order follows Python's string hashing); torchts as
    // Conv2d does, in a fixed order.
    for (const [make, code] of [
      [() => new nn.Conv1d(3, 3, 3, { paddingMode: "xyz" as never }), "nn.Conv1d(3, 3, 3, padding_mode='xyz')"],
      [() => new nn.Conv3d(3, 3, 3, { paddingMode: "xyz" as never }), "nn.Conv3d(3, 3, 3, padding_mode='xyz')"],
    ] as Array<[() => unknown, string]>) {
      const r = await py.run(code);
      expect(r.type).toBe("ValueError");
      expect(make).toThrow(torch.ValueError);
      expect(make).toThrow(/^padding_mode must be one of \[.*\], but got padding_mode='xyz'$/);
      expect(r.error).toMatch(/^padding_mode must be one of \{.*\}, but got padding_mode='xyz'$/);
    }
    await expectSameError(
      () => new nn.ConvTranspose2d(3, 3, 3, { paddingMode: "reflect" as never }),
      "nn.ConvTranspose2d(3, 3, 3, padding_mode='reflect')",
    );
    await expectSameError(() => new nn.Conv1d(4, 3, 3, { groups: 3 }), "nn.Conv1d(4, 3, 3, groups=3)");
    await expectSameError(
      () => new nn.ConvTranspose2d(4, 3, 3, { groups: 2 }),
      "nn.ConvTranspose2d(4, 3, 3, groups=2)",
    );
    await expectSameError(
      () => new nn.Conv1d(4, 4, 3, { padding: "same", stride: 2 }),
      "nn.Conv1d(4, 4, 3, padding='same', stride=2)",
    );
  });

  it("test_invalid_conv1d / test_invalid_conv3d (kernel larger than the input)", async () => {
    const x1 = torch.randn([1, 3, 4]);
    await expectSameError(
      () => new nn.Conv1d(3, 4, 10, 1, 0, 1, 1, true).forward(x1),
      "nn.Conv1d(3, 4, 10, 1, 0, 1, 1, True)(x)",
      {
        x: x1,
      },
    );
    const x3 = torch.randn([1, 1, 3, 4, 5]);
    await expectSameError(() => new nn.Conv3d(1, 1, 4).forward(x3), "nn.Conv3d(1, 1, 4)(x)", { x: x3 });
    // A negative stride is an error from ATen as in PyTorch.
    await expectSameError(() => new nn.Conv1d(3, 4, 2, -1).forward(x1), "nn.Conv1d(3, 4, 2, -1)(x)", { x: x1 });
  });
});

describe("TestConvolutionNN: transposed convolution output_size", () => {
  it("test_ConvTranspose2d_output_size", async () => {
    torch.manualSeed(7);
    const m = new nn.ConvTranspose2d(3, 4, 3, 3, 0, 2);
    const i = torch.randn([2, 3, 6, 6]);
    for (let h = 15; h < 22; h++) {
      for (let w = 15; w < 22; w++) {
        if (h >= 18 && h <= 20 && w >= 18 && w <= 20) {
          const out = m.forward(i, [h, w]);
          expect(out.shape.slice(2)).toEqual([h, w]);
        } else {
          const code = `torch.manual_seed(7)\nm = nn.ConvTranspose2d(3, 4, 3, 3, 0, 2)\nm(i, output_size=[${h}, ${w}])`;
          await expectSameError(() => m.forward(i, [h, w]), code, { i });
        }
      }
    }
    const ref = (await py.eval(
      "torch.manual_seed(7)\nout = nn.ConvTranspose2d(3, 4, 3, 3, 0, 2)(i, output_size=[2, 4, 19, 20])",
      {
        i,
      },
    )) as Tensor;
    expectTensor(m.forward(i, [2, 4, 19, 20]), ref, TOL);
  });

  it("test_ConvTranspose2d_output_size_downsample_upsample", () => {
    const [b, c, hidC] = [2, 3, 2];
    for (let h = 13; h < 17; h++) {
      for (const w of [13, 16]) {
        for (let k = 2; k < 5; k++) {
          for (let d = 1; d < 4; d++) {
            for (let s = 1; s < 4; s++) {
              for (let p = 0; p < 3; p++) {
                const conv = new nn.Conv2d(c, hidC, k, { stride: s, padding: p, dilation: d });
                const tConv = new nn.ConvTranspose2d(hidC, c, k, { stride: s, padding: p, dilation: d });
                const i = torch.randn([b, c, h, w]);
                const out = tConv.forward(conv.forward(i), i.shape);
                expect(out.shape.slice(2)).toEqual([h, w]);
              }
            }
          }
        }
      }
    }
  });

  it("test_ConvTranspose1d / 3d output_size", async () => {
    torch.manualSeed(8);
    const x1 = torch.randn([2, 3, 5]);
    const m1 = new nn.ConvTranspose1d(3, 2, 3, 2);
    const r1 = (await py.eval("torch.manual_seed(8)\nout = nn.ConvTranspose1d(3, 2, 3, 2)(x, output_size=[12])", {
      x: x1,
    })) as Tensor;
    torch.manualSeed(8);
    const m1b = new nn.ConvTranspose1d(3, 2, 3, 2);
    expectTensor(m1b.forward(x1, [12]), r1, TOL);
    await expectSameError(
      () => m1.forward(x1, [1, 2, 3, 4]),
      "nn.ConvTranspose1d(3, 2, 3, 2)(x, output_size=[1, 2, 3, 4])",
      { x: x1 },
    );
    const x3 = torch.randn([1, 2, 3, 3, 3]);
    torch.manualSeed(9);
    const m3 = new nn.ConvTranspose3d(2, 2, 3, 2);
    const r3 = (await py.eval("torch.manual_seed(9)\nout = nn.ConvTranspose3d(2, 2, 3, 2)(x, output_size=[8, 7, 8])", {
      x: x3,
    })) as Tensor;
    expectTensor(m3.forward(x3, [8, 7, 8]), r3, TOL);
  });
});

describe("TestConvolutionNN: functional conv1d / conv3d / conv_transpose", () => {
  it.each([
    [
      "test_conv1d_same_padding",
      () => [torch.randn([1, 4, 10]), torch.randn([3, 4, 5])],
      { padding: "same" },
      "F.conv1d(x, w, padding='same')",
    ],
    [
      "test_conv1d_same_padding dilated",
      () => [torch.randn([1, 4, 10]), torch.randn([3, 4, 4])],
      { padding: "same", dilation: 2 },
      "F.conv1d(x, w, padding='same', dilation=2)",
    ],
    [
      "test_conv1d_valid_padding",
      () => [torch.randn([1, 4, 10]), torch.randn([3, 4, 5])],
      { padding: "valid" },
      "F.conv1d(x, w, padding='valid')",
    ],
    [
      "test_conv3d_same_padding",
      () => [torch.randn([1, 2, 6, 5, 4]), torch.randn([3, 2, 3, 2, 3])],
      { padding: "same" },
      "F.conv3d(x, w, padding='same')",
    ],
    [
      "test_conv3d_valid_padding",
      () => [torch.randn([1, 2, 6, 5, 4]), torch.randn([3, 2, 3, 2, 3])],
      { padding: "valid" },
      "F.conv3d(x, w, padding='valid')",
    ],
    [
      "test_conv3d strided grouped",
      () => [torch.randn([1, 4, 6, 5, 4]), torch.randn([4, 2, 2, 2, 2])],
      { stride: [2, 1, 2], groups: 2 },
      "F.conv3d(x, w, stride=(2, 1, 2), groups=2)",
    ],
  ] as Array<[string, () => Tensor[], Record<string, unknown>, string]>)("%s", async (_n, make, o, code) => {
    torch.manualSeed(10);
    const [x, w] = make();
    const fn = code.startsWith("F.conv1d") ? nn.functional.conv1d : nn.functional.conv3d;
    expectTensor(fn(x, w, null, o), (await py.eval(`out = ${code}`, { x, w })) as Tensor, TOL, code);
  });

  it("test_conv_transpose2d functional (output_padding, groups, dilation)", async () => {
    torch.manualSeed(11);
    const x = torch.randn([2, 4, 5, 5]);
    const w = torch.randn([4, 3, 3, 3]);
    const b = torch.randn([6]);
    const y = nn.functional.convTranspose2d(x, w, b, {
      stride: 2,
      padding: 1,
      outputPadding: 1,
      groups: 2,
      dilation: 1,
    });
    const ref = (await py.eval("out = F.conv_transpose2d(x, w, b, 2, 1, 1, 2, 1)", { x, w, b })) as Tensor;
    expectTensor(y, ref, TOL);
    const y1 = nn.functional.convTranspose1d(x.flatten(2), w.flatten(2), null, { stride: 3 });
    expectTensor(
      y1,
      (await py.eval("out = F.conv_transpose1d(x.flatten(2), w.flatten(2), stride=3)", { x, w })) as Tensor,
      TOL,
    );
  });
});
