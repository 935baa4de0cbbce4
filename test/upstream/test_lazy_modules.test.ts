// Ported from PyTorch 1.13's test/nn/test_lazy_modules.py (TestLazyModules): a lazy BatchNorm after
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
