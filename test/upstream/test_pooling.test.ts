// Ported from PyTorch 1.13's pooling tests (test/test_nn.py TestNN / TestNNDeviceType, moved to
// test/nn/test_pooling.py upstream later): MaxPool2d's indices, MaxUnpool2d, AvgPool2d and the
// adaptive pools; each case named after its upstream test, expected values from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import * as F from "../../lib/nn/functional";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-5, atol: 1e-6 };

describe("TestNN: MaxPool2d indices and MaxUnpool2d", () => {
  it("test_MaxUnpool2d_output_size", async () => {
    // Upstream: indices that point past the default output are a RuntimeError; output sizes within
    // (default - stride, default + stride) work, with or without the batch and channel dims, the
    // rest are ValueErrors.
    const m = new nn.MaxPool2d(3, { stride: 2, returnIndices: true });
    const mu = new nn.MaxUnpool2d(3, { stride: 2 });
    torch.manualSeed(4);
    const bigT = torch.rand([1, 1, 6, 6]);
    bigT.indexPut_([0, 0, 4, 4], 100);
    const [outBig, idxBig] = m.forward(bigT);
    const rBig = await py.run("out = nn.MaxUnpool2d(3, stride=2)(o, i)", { o: outBig, i: idxBig });
    expect(rBig.type).toBe("RuntimeError");
    expect(() => mu.forward(outBig, idxBig)).toThrow(rBig.error!);
    const smallT = torch.rand([1, 1, 5, 5]);
    for (let i = 0; i < 4; i += 2) for (let j = 0; j < 4; j += 2) smallT.indexPut_([":", ":", i, j], 100);
    const [out, idx] = m.forward(smallT);
    for (let h = 3; h < 10; h++) {
      for (let w = 3; w < 10; w++) {
        const size = h === 6 ? [1, 1, h, w] : [h, w];
        const r = await py.run("out = nn.MaxUnpool2d(3, stride=2)(o, i, output_size=s)", { o: out, i: idx, s: size });
        const ok = h >= 4 && h <= 6 && w >= 4 && w <= 6;
        if (!ok) {
          expect(r.type).toBe("ValueError");
          expect(() => mu.forward(out, idx, size)).toThrow(torch.ValueError);
          expect(() => mu.forward(out, idx, size)).toThrow(r.error!);
        } else {
          expect(r.error).toBeUndefined();
          const y = mu.forward(out, idx, size);
          expect(y.shape.slice(2)).toEqual([h, w]);
          expectTensor(y, r.out, {}, `output_size ${size}`);
        }
      }
    }
  });

  it("test_max_unpool", async () => {
    // Module and functional forms agree with PyTorch, with and without output_size, 2x2 and 3x3 windows.
    torch.manualSeed(5);
    const x = torch.randn([2, 3, 8, 8]);
    const [o2, i2] = F.maxPool2d(x, 2, { returnIndices: true });
    const ref2 = (await py.eval("out = F.max_unpool2d(*F.max_pool2d(x, 2, return_indices=True), 2)", { x })) as Tensor;
    expectTensor(F.maxUnpool2d(o2, i2, 2), ref2, {}, "kernel 2");
    expectTensor(new nn.MaxUnpool2d(2).forward(o2, i2), ref2, {}, "module kernel 2");
    const [o3, i3] = F.maxPool2d(x, 3, { stride: 2, padding: 1, returnIndices: true });
    const ref3 = (await py.eval(
      "o, i = F.max_pool2d(x, 3, 2, 1, return_indices=True)\nout = F.max_unpool2d(o, i, 3, 2, 1, output_size=x.size())",
      { x },
    )) as Tensor;
    expectTensor(F.maxUnpool2d(o3, i3, 3, { stride: 2, padding: 1, outputSize: x.shape }), ref3, {}, "kernel 3");
    expectTensor(new nn.MaxUnpool2d(3, 2, 1).forward(o3, i3, x.shape), ref3, {}, "module kernel 3");
  });

  it("test_max_pool2d_indices (F.max_pool2d return_indices=True)", async () => {
    torch.manualSeed(6);
    const x = torch.randn([2, 3, 9, 7]);
    const [o, i] = F.maxPool2d(x, [3, 2], { stride: [2, 1], padding: [1, 0], dilation: [1, 2], returnIndices: true });
    const [ro, ri] = (await py.eval(
      "out = list(F.max_pool2d(x, (3, 2), (2, 1), (1, 0), (1, 2), return_indices=True))",
      { x },
    )) as [Tensor, Tensor];
    expectTensor(o, ro, {}, "output");
    expectTensor(i, ri, {}, "indices");
    expect(i.dtype).toBe("int64");
  });

  it("test_MaxPool2d_indices backward flows through the pooled values", async () => {
    torch.manualSeed(7);
    const x0 = torch.randn([1, 2, 6, 6]);
    const x = x0.detach().requiresGrad_(true);
    const [o] = new nn.MaxPool2d(2, { returnIndices: true }).forward(x);
    o.sum().backward();
    const ref = (await py.eval(
      "x = x.clone().requires_grad_(True)\nnn.MaxPool2d(2, return_indices=True)(x)[0].sum().backward()\nout = x.grad",
      { x: x0 },
    )) as Tensor;
    expectTensor(x.grad!, ref, {}, "grad");
  });

  it("test_MaxPool2d repr with return_indices", async () => {
    const r = (await py.eval("out = repr(nn.MaxPool2d(2, 1, 0, 1, True))")) as string;
    expect(new nn.MaxPool2d(2, 1, 0, 1, true).toString()).toBe(r);
    expect(new nn.MaxUnpool2d(3, 2, 1).toString()).toBe(
      (await py.eval("out = repr(nn.MaxUnpool2d(3, 2, 1))")) as string,
    );
  });
});

describe("TestNN: adaptive pooling", () => {
  it.each([
    ["AdaptiveAvgPool2d", () => new nn.AdaptiveAvgPool2d([2, 2]), "nn.AdaptiveAvgPool2d((2, 2))"],
    ["AdaptiveMaxPool2d", () => new nn.AdaptiveMaxPool2d([2, 2]), "nn.AdaptiveMaxPool2d((2, 2))"],
  ] as Array<[string, () => nn.Module & { forward(x: Tensor): Tensor }, string]>)(
    "test_adaptive_pooling_input_size %s",
    async (_n, make, ctor) => {
      // An input with no more dimensions than the output size is PyTorch's ValueError.
      const x = torch.randn([2]);
      const r = await py.run(`out = ${ctor}(x)`, { x });
      expect(r.type).toBe("ValueError");
      expect(() => make().forward(x)).toThrow(torch.ValueError);
      expect(() => make().forward(x)).toThrow(r.error!);
    },
  );

  it("test_adaptive_pooling_size_none", async () => {
    torch.manualSeed(8);
    const x = torch.randn([1, 3, 5, 7]);
    for (const [size, pySize] of [
      [[2, null], "(2, None)"],
      [[null, 3], "(None, 3)"],
    ] as Array<[Array<number | null>, string]>) {
      const avg = new nn.AdaptiveAvgPool2d(size).forward(x);
      const max = new nn.AdaptiveMaxPool2d(size).forward(x);
      const [ra, rm] = (await py.eval(
        `out = [nn.AdaptiveAvgPool2d(${pySize})(x), nn.AdaptiveMaxPool2d(${pySize})(x)]`,
        { x },
      )) as [Tensor, Tensor];
      expectTensor(avg, ra, TOL, `avg ${pySize}`);
      expectTensor(max, rm, TOL, `max ${pySize}`);
    }
  });

  it("test_adaptive_max_pool2d return_indices (functional)", async () => {
    torch.manualSeed(9);
    const x = torch.randn([2, 3, 7, 5]);
    const [o, i] = F.adaptiveMaxPool2d(x, [3, 2], true);
    const [ro, ri] = (await py.eval("out = list(F.adaptive_max_pool2d(x, (3, 2), True))", { x })) as [Tensor, Tensor];
    expectTensor(o, ro, {}, "output");
    expectTensor(i, ri, {}, "indices");
    expectTensor(F.adaptiveAvgPool2d(x, 4), (await py.eval("out = F.adaptive_avg_pool2d(x, 4)", { x })) as Tensor, TOL);
  });

  it("test_AdaptiveAvgPool2d repr", async () => {
    for (const [m, ctor] of [
      [new nn.AdaptiveAvgPool2d([3, null]), "nn.AdaptiveAvgPool2d((3, None))"],
      [new nn.AdaptiveMaxPool2d(5), "nn.AdaptiveMaxPool2d(5)"],
      [new nn.AvgPool2d(3, 2, 1, true, false, 2), "nn.AvgPool2d(3, 2, 1, True, False, 2)"],
    ] as Array<[nn.Module, string]>) {
      expect(m.toString()).toBe((await py.eval(`out = repr(${ctor})`)) as string);
    }
  });
});

describe("TestNN: avg_pool2d", () => {
  it.each([
    ["count_include_pad=False", { countIncludePad: false }, "count_include_pad=False"],
    ["ceil_mode", { ceilMode: true }, "ceil_mode=True"],
    ["divisor_override", { divisorOverride: 3 }, "divisor_override=3"],
  ] as Array<[string, F.MaxPool2dOptions & { countIncludePad?: boolean; divisorOverride?: number }, string]>)(
    "test_avg_pool2d_with_%s",
    async (_n, o, kw) => {
      torch.manualSeed(10);
      const x = torch.randn([2, 2, 7, 7]);
      const y = F.avgPool2d(x, 3, { stride: 2, padding: 1, ...o });
      const ref = (await py.eval(`out = F.avg_pool2d(x, 3, 2, 1, ${kw})`, { x })) as Tensor;
      expectTensor(y, ref, TOL, kw);
    },
  );

  it("test_avg_pool2d_invalid_args are PyTorch's TypeError", async () => {
    const r = await py.run("nn.AvgPool2d(2, strides=1)");
    expect(r.type).toBe("TypeError");
    const make = () => new nn.AvgPool2d(2, { strides: 1 } as never);
    expect(make).toThrow(TypeError);
    expect(make).toThrow(r.error!);
  });
});
