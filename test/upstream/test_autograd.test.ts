// Ported from PyTorch 1.13's test/test_autograd.py (TestAutograd): the torch.autograd.grad cases,
// named after their upstream tests; expected values and messages from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

/** PyTorch's error for a snippet and torchts's for the same call: [class, message] each. */
async function sameError(js: () => unknown, code: string): Promise<void> {
  const r = await py.run(code);
  expect(r.error, code).toBeTruthy();
  let err: Error | undefined;
  try {
    js();
  } catch (e) {
    err = e as Error;
  }
  expect(err, code).toBeInstanceOf(Error);
  expect(err!.message.split("\n")[0]).toBe(r.error);
  expect(err!.name === "Error" ? "RuntimeError" : err!.name).toBe(r.type);
}

describe("TestAutograd: torch.autograd.grad", () => {
  it("test_grad", async () => {
    torch.manualSeed(0);
    const x0 = torch.randn([2, 2]);
    const y0 = torch.randn([2, 2]);
    const x = x0.clone().requiresGrad_(true);
    const y = y0.clone().requiresGrad_(true);
    const z = x.pow(2).add(y.mul(x)).add(y.pow(2));
    z.backward(torch.ones([2, 2]), { createGraph: true });
    const [rx, ry, rhv] = (await py.call("upstream_autograd.grad_case", { x: x0, y: y0 })) as Tensor[];
    expectTensor(x.grad!.detach(), rx, {}, "x.grad");
    expectTensor(y.grad!.detach(), ry, {}, "y.grad");
    const gradSum = x.grad!.mul(2).add(y.grad!);
    const [hv] = torch.autograd.grad([gradSum], [x], { gradOutputs: [torch.ones([2, 2])], createGraph: true });
    expectTensor(hv!.detach(), rhv, {}, "x_hv");
    expect(hv!.detach().equal(torch.ones([2, 2]).mul(5))).toBe(true);
    // grad() does not accumulate into .grad.
    expectTensor(x.grad!.detach(), rx, {}, "x.grad after grad()");
  });
  it("test_grad_nonleaf", async () => {
    torch.manualSeed(1);
    const x0 = torch.randn([2, 2]);
    const y0 = torch.randn([2, 2]);
    const xInit = x0.clone().requiresGrad_(true);
    const y = y0.clone().requiresGrad_(true);
    const gradOutput = torch.ones([2, 2]);
    const fn = (x: Tensor) => x.pow(2).add(y.mul(x)).add(y.pow(2));
    let x = xInit;
    const grads: Tensor[] = [];
    for (let i = 0; i < 5; i++) {
      const [gx] = torch.autograd.grad(fn(x), x, { gradOutputs: gradOutput, createGraph: true });
      expect(y.grad).toBe(null);
      expect(xInit.grad).toBe(null);
      expect(gx!.detach().equal(x.detach().mul(2).add(y.detach()))).toBe(true);
      grads.push(gx!);
      x = x.add(gx!.mul(0.05));
    }
    expect(fn(x).sum().item() as number).toBeGreaterThan(fn(xInit).sum().item() as number);
    x.backward(gradOutput);
    const [rGrads, rx, ryGrad, rxGrad] = (await py.call("upstream_autograd.grad_nonleaf", { x_init: x0, y: y0 })) as [
      Tensor[],
      Tensor,
      Tensor,
      Tensor,
    ];
    grads.forEach((g, i) => {
      expectTensor(g.detach(), rGrads[i], {}, `grad ${i}`);
    });
    expectTensor(x.detach(), rx, {}, "x");
    expectTensor(y.grad!, ryGrad, {}, "y.grad");
    expectTensor(xInit.grad!, rxGrad, {}, "x_init.grad");
  });
  it("test_grad_nonleaf_many_outputs", async () => {
    torch.manualSeed(2);
    const x0 = torch.randn([4, 2]);
    const go = torch.randn([2, 2]);
    const x = x0.clone().requiresGrad_(true);
    const a = x.index("0:2");
    const b = x.index("2:");
    const [ga, gb] = torch.autograd.grad(a.add(b.mul(2)), [a, b], { gradOutputs: go, createGraph: true });
    const [ra, rb, noGrad] = (await py.call("upstream_autograd.grad_nonleaf_many_outputs", { x: x0, go })) as [
      Tensor,
      Tensor,
      boolean,
    ];
    expectTensor(ga!.detach(), ra, {}, "grad_a");
    expectTensor(gb!.detach(), rb, {}, "grad_b");
    expect(x.grad === null).toBe(noGrad);
  });
  it("test_grad_unreachable", async () => {
    const x = torch.ones([1]).requiresGrad_(true);
    const y = torch.ones([1]).requiresGrad_(true);
    x.mul(2);
    y.mul(2);
    const [gx, gy] = torch.autograd.grad(x.mul(2), [x, y], { allowUnused: true });
    expect(gx!.equal(x.detach().mul(2))).toBe(true);
    expect(gy).toBe(null);
    const z = torch.ones([1]).requiresGrad_(true);
    const [gx2, gz] = torch.autograd.grad(x.mul(2), [x, z], { allowUnused: true });
    expect(gx2!.equal(x.detach().mul(2))).toBe(true);
    expect(gz).toBe(null);
    await sameError(
      () => torch.autograd.grad(x.mul(2), [x, y], { allowUnused: false }),
      "x = torch.ones(1, requires_grad=True); y = torch.ones(1, requires_grad=True)\ntorch.autograd.grad(x * 2, [x, y], allow_unused=False)",
    );
  });
  it("test_grad_badcalls", async () => {
    const x = torch.ones([1]);
    const y = x.pow(2);
    await sameError(() => torch.autograd.grad(x, y), "x = torch.ones(1); y = x ** 2\ntorch.autograd.grad(x, y)");
    await sameError(() => torch.autograd.grad(y, x), "x = torch.ones(1); y = x ** 2\ntorch.autograd.grad(y, x)");
    const x2 = torch.ones([1]).requiresGrad_(true);
    expect(torch.autograd.grad(x2.pow(2), x2)[0]!.item()).toBe(2);
  });
  it("test_grad_empty_inputs", async () => {
    // JS has no 1.0 literal distinct from 1: the dtype says float.
    const x = torch.tensor([1.0], { dtype: "float32" }).requiresGrad_(true);
    await sameError(
      () => torch.autograd.grad(x.mul(2), [], { gradOutputs: torch.tensor([1.0], { dtype: "float32" }) }),
      "x = torch.tensor([1.0], requires_grad=True)\ntorch.autograd.grad(2 * x, [], grad_outputs=torch.tensor([1.0]))",
    );
  });
  it("grad of a non-scalar output without grad_outputs", async () => {
    const x = torch.ones([3]).requiresGrad_(true);
    await sameError(
      () => torch.autograd.grad(x.mul(2), x),
      "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(x * 2, x)",
    );
  });
  it("grad_outputs of the wrong shape", async () => {
    const x = torch.ones([3]).requiresGrad_(true);
    await sameError(
      () => torch.autograd.grad(x.mul(2), x, { gradOutputs: torch.ones([2]) }),
      "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad(x * 2, x, grad_outputs=torch.ones(2))",
    );
  });
  it("fewer grad_outputs than outputs", async () => {
    const x = torch.ones([3]).requiresGrad_(true);
    await sameError(
      () => torch.autograd.grad([x.mul(2), x.mul(3)], x, { gradOutputs: [torch.ones([3])] }),
      "x = torch.ones(3, requires_grad=True)\ntorch.autograd.grad([x * 2, x * 3], x, grad_outputs=[torch.ones(3)])",
    );
  });
  it("retain_graph: a second grad() through a freed graph raises, retained it works", async () => {
    const x = torch.ones([3]).requiresGrad_(true);
    const y = x.mul(x).sum();
    torch.autograd.grad(y, x, { retainGraph: true });
    expect(torch.autograd.grad(y, x)[0]!.equal(torch.full([3], 2))).toBe(true);
    await sameError(
      () => torch.autograd.grad(y, x),
      "x = torch.ones(3, requires_grad=True)\ny = (x * x).sum()\ntorch.autograd.grad(y, x)\ntorch.autograd.grad(y, x)",
    );
  });
  it("create_graph: a second-order derivative", async () => {
    const x = torch.tensor([0.5, 1.5, -2.0]).requiresGrad_(true);
    const [g] = torch.autograd.grad(x.pow(3).sum(), x, { createGraph: true });
    const [g2] = torch.autograd.grad(g!.sum(), x);
    const ref = (await py.eval(
      "x = torch.tensor([0.5, 1.5, -2.0], requires_grad=True)\ng, = torch.autograd.grad((x ** 3).sum(), x, create_graph=True)\nout = torch.autograd.grad(g.sum(), x)[0]",
    )) as Tensor;
    expectTensor(g2!, ref, {}, "d2");
  });
});
