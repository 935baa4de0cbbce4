// Ported from PyTorch 1.13's test/nn/test_lazy_modules.py (TestLazyModules): a lazy BatchNorm, Linear or convolution after
// its first forward is the eager module (cls_to_become), with PyTorch's shapes, output and repr.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const CASES: Array<[string, () => nn.Module & { forward(x: Tensor): Tensor }, string, number[]]> = [
  ["test_lazy_batchnorm1d", () => new nn.LazyBatchNorm1d(), "nn.BatchNorm1d(3)", [16, 3, 6]],
  ["test_lazy_batchnorm1d 2d input", () => new nn.LazyBatchNorm1d(), "nn.BatchNorm1d(3)", [16, 3]],
  ["test_lazy_batchnorm2d", () => new nn.LazyBatchNorm2d(), "nn.BatchNorm2d(3)", [16, 3, 6, 7]],
  ["test_lazy_batchnorm3d", () => new nn.LazyBatchNorm3d(), "nn.BatchNorm3d(3)", [16, 3, 6, 7, 8]],
];

describe("TestLazyModules: lazy BatchNorm", () => {
  it.each(CASES)("%s", async (_n, make, ctor, shape) => {
    torch.manualSeed(0);
    const lazy = make();
    const x = torch.randn(shape);
    const y = lazy.forward(x);
    const ref = (await py.eval(`m = ${ctor}\nout = [m(x), repr(m), dict(m.state_dict())]`, { x })) as [
      Tensor,
      string,
      Record<string, Tensor>,
    ];
    expectTensor(y, ref[0], { rtol: 1e-5, atol: 1e-6 }, ctor);
    expect(lazy.toString()).toBe(ref[1]);
    const sd = lazy.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(ref[2]));
    for (const [k, v] of Object.entries(ref[2])) {
      expect(sd[k].shape, k).toEqual(v.shape);
      expectTensor(sd[k], v, { rtol: 1e-5, atol: 1e-6 }, k);
    }
  });
});

describe("TestLazyModules: state dicts before the first forward", () => {
  it("test_lazy_batchnorm_state (load_state_dict into an uninitialized LazyBatchNorm2d)", () => {
    torch.manualSeed(1);
    const eager = new nn.BatchNorm2d(4);
    eager.forward(torch.randn([2, 4, 3, 3]));
    const lazy = new nn.LazyBatchNorm2d();
    lazy.loadStateDict(eager.stateDict());
    const x = torch.randn([2, 4, 3, 3]);
    lazy.eval();
    eager.eval();
    expect(lazy.forward(x).equal(eager.forward(x))).toBe(true);
  });
});

// test_linear, test_lazy_conv1d/2d/3d, test_lazy_conv_transpose1d/2d/3d: PyTorch's own lazy module, seeded
// the same way, materializes the same parameters from the same random draws.
const LAZY_LAYERS: Array<[string, () => nn.Module & { forward(x: Tensor): Tensor }, string, number[]]> = [
  ["test_linear", () => new nn.LazyLinear(10), "nn.LazyLinear(10)", [5, 7]],
  ["test_lazy_conv1d", () => new nn.LazyConv1d(32, 2), "nn.LazyConv1d(32, 2)", [2, 16, 6]],
  ["test_lazy_conv2d", () => new nn.LazyConv2d(32, 2, { stride: 2 }), "nn.LazyConv2d(32, 2, stride=2)", [2, 16, 8, 8]],
  [
    "test_lazy_conv3d",
    () => new nn.LazyConv3d(8, 2, 1, 1, 1, 2, false),
    "nn.LazyConv3d(8, 2, 1, 1, 1, 2, False)",
    [2, 4, 4, 4, 4],
  ],
  ["test_lazy_conv1d unbatched", () => new nn.LazyConv1d(4, 3), "nn.LazyConv1d(4, 3)", [3, 9]],
  ["test_lazy_conv_transpose1d", () => new nn.LazyConvTranspose1d(32, 2), "nn.LazyConvTranspose1d(32, 2)", [2, 16, 6]],
  [
    "test_lazy_conv_transpose2d",
    () => new nn.LazyConvTranspose2d(8, 3, { stride: 2, outputPadding: 1 }),
    "nn.LazyConvTranspose2d(8, 3, stride=2, output_padding=1)",
    [2, 4, 5, 5],
  ],
  [
    "test_lazy_conv_transpose3d",
    () => new nn.LazyConvTranspose3d(8, 2, { groups: 2, bias: false }),
    "nn.LazyConvTranspose3d(8, 2, groups=2, bias=False)",
    [2, 4, 3, 3, 3],
  ],
];

describe("TestLazyModules: lazy Linear and convolutions", () => {
  it.each(LAZY_LAYERS)("%s", async (_n, make, ctor, shape) => {
    const x = torch.randn(shape);
    torch.manualSeed(3);
    const lazy = make();
    const before = lazy.toString();
    const y = lazy.forward(x);
    const ref = (await py.eval(
      `torch.manual_seed(3)\nm = ${ctor}\nr0 = repr(m)\ny = m(x)\nout = [r0, y, repr(m), dict(m.state_dict()), type(m).__name__]`,
      { x },
    )) as [string, Tensor, string, Record<string, Tensor>, string];
    expect(before).toBe(ref[0]);
    expectTensor(y, ref[1], { rtol: 1e-5, atol: 1e-6 }, ctor);
    expect(lazy.toString()).toBe(ref[2]);
    expect(lazy.constructor.name).toBe(ref[4]);
    const sd = lazy.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(ref[3]));
    for (const [k, v] of Object.entries(ref[3])) expectTensor(sd[k], v, {}, k);
  });

  it("test_lazy_conv state: load_state_dict before the first forward, then train", () => {
    torch.manualSeed(1);
    const eager = new nn.Conv2d(3, 4, 3);
    const lazy = new nn.LazyConv2d(4, 3);
    lazy.loadStateDict(eager.stateDict());
    expect(lazy.constructor.name).toBe("LazyConv2d"); // becomes Conv2d at its first forward, as in PyTorch
    const x = torch.randn([2, 3, 5, 5]);
    expect(lazy.forward(x).equal(eager.forward(x))).toBe(true);
    expect(lazy).toBeInstanceOf(nn.Conv2d);
  });

  it("bad first inputs raise PyTorch's errors", async () => {
    const r = await py.run("nn.LazyConv2d(4, 3)(torch.randn(2, 3))");
    expect(() => new nn.LazyConv2d(4, 3).forward(torch.randn([2, 3]))).toThrow(r.error as string);
    const g = await py.run("nn.LazyConv2d(4, 3, groups=2)(torch.randn(1, 3, 5, 5))");
    expect(() => new nn.LazyConv2d(4, 3, { groups: 2 }).forward(torch.randn([1, 3, 5, 5]))).toThrow(g.error as string);
    expect(g.type).toBe("ValueError");
  });
});
