// torch.svd_lowrank / torch.pca_lowrank (PyTorch's randomized algorithm, the same draws under the same
// seed) and torch.ops.aten (any ATen operator by name) against live PyTorch.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

describe("torch.svdLowrank / torch.pcaLowrank", () => {
  it("same U, S, V as PyTorch for dense inputs, tall and wide, with M and centering", async () => {
    torch.manualSeed(0);
    const tall = torch.randn([8, 5]);
    const wide = torch.randn([4, 9]);
    const M = torch.randn([8, 5]);
    const mine: Tensor[][] = [];
    torch.manualSeed(3);
    mine.push(torch.svdLowrank(tall, { q: 3 }));
    mine.push(torch.svdLowrank(wide, { q: 2, niter: 4 }));
    mine.push(torch.svdLowrank(tall, { q: 3, M }));
    mine.push(torch.pcaLowrank(tall));
    mine.push(torch.pcaLowrank(wide, { q: 3, center: false }));
    const ref = (await py.eval(
      `torch.manual_seed(3)
out = [list(torch.svd_lowrank(tall, q=3)), list(torch.svd_lowrank(wide, q=2, niter=4)),
       list(torch.svd_lowrank(tall, q=3, M=M)), list(torch.pca_lowrank(tall)), list(torch.pca_lowrank(wide, q=3, center=False))]`,
      { tall, wide, M },
    )) as Tensor[][];
    torch.testing.assertClose(mine, ref, { rtol: 1e-4, atol: 1e-5 });
  });

  it("bad q and niter are PyTorch's ValueErrors", async () => {
    const A = torch.randn([3, 4]);
    for (const [fn, code] of [
      [() => torch.pcaLowrank(A, { q: 5 }), "torch.pca_lowrank(A, q=5)"],
      [() => torch.pcaLowrank(A, { niter: -1 }), "torch.pca_lowrank(A, niter=-1)"],
    ] as Array<[() => unknown, string]>) {
      const r = await py.run(code, { A });
      expect(fn).toThrow(r.error as string);
      expect(r.type).toBe("ValueError");
    }
  });
});

describe("torch.ops.aten", () => {
  it("calls ATen operators by name, as torch.ops.aten does", async () => {
    const x = torch.arange(10);
    const mine = [
      torch.ops.aten.slice(x, 0, 1, 7, 2),
      torch.ops.aten.slice.Tensor(x, 0, 2),
      torch.ops.aten.add.Tensor(x, x, { alpha: 2 }),
      torch.ops.aten.sum.default(x),
    ];
    const ref = (await py.eval(
      "out = [torch.ops.aten.slice(x, 0, 1, 7, 2), torch.ops.aten.slice.Tensor(x, 0, 2), torch.ops.aten.add.Tensor(x, x, alpha=2), torch.ops.aten.sum.default(x)]",
      { x },
    )) as Tensor[];
    torch.testing.assertClose(mine, ref);
    expect(() => torch.ops.aten.no_such_op).toThrow("No such operator aten::no_such_op");
  });
});
