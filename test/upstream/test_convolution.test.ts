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
