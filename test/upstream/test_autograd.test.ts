// Ported from PyTorch 1.13's test/test_autograd.py (TestAutograd): the torch.autograd.grad cases and the
// custom autograd.Function cases, named after their upstream tests; expected values and messages from
// live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { native } from "../../lib/native";
import { Tensor as TensorClass } from "../../lib/tensor";
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

// TestAutograd's custom Function cases (torch.autograd.Function), each as upstream asserts it; the
// messages PyTorch gives come from live PyTorch.
describe("TestAutograd: custom autograd.Function", () => {
  type Ctx = torch.autograd.FunctionCtx;
  // torch._C._functions.UndefinedGrad()(t)
  const undefinedGrad = (t: Tensor) => new TensorClass(native.undefinedGrad(t.handle));

  it("test_function (backward with create_graph through a Function)", () => {
    class MyFunction extends torch.autograd.Function {
      static forward(ctx: Ctx, t1: Tensor, pyscalar: number, t2: Tensor): Tensor {
        ctx.pyscalar = pyscalar;
        ctx.saveForBackward(t1, t2);
        return t1.add(t2.mul(pyscalar)).add(t1.mul(t2));
      }
      static backward(ctx: Ctx, g: Tensor): Array<Tensor | null> {
        const [v1, v2] = ctx.savedTensors as Tensor[];
        expect(v1).toBeInstanceOf(torch.Tensor);
        expect(g).toBeInstanceOf(torch.Tensor);
        return [g.add(g.mul(v2 as Tensor)), null, g.mul(ctx.pyscalar as number).add(g.mul(v1 as Tensor))];
      }
    }
    const x = torch.randn([5, 5]).requiresGrad_(true);
    const y = torch.randn([5, 5]).requiresGrad_(true);
    const go = torch.ones([]).requiresGrad_(true);
    MyFunction.apply(x, 2, y).sum().backward(go, { createGraph: true });
    torch.testing.assertClose((x.grad as Tensor).detach(), y.detach().add(1));
    torch.testing.assertClose((y.grad as Tensor).detach(), x.detach().add(2));
    expect(x.grad?.gradFn).not.toBeNull();
    expect(y.grad?.gradFn).not.toBeNull();
  });

  it("test_function_returns_input", () => {
    class MyFunction extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t;
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g.mul(2);
      }
    }
    for (const shape of [[1], []]) {
      const v = torch.ones(shape).requiresGrad_(true);
      MyFunction.apply(v).backward();
      torch.testing.assertClose(v.grad, torch.full(shape, 2, { dtype: "float32" }));
      torch.noGrad(() => v.grad?.zero_());
      MyFunction.apply(v.clone()).backward();
      torch.testing.assertClose(v.grad, torch.full(shape, 2, { dtype: "float32" }));
    }
  });

  it("test_function_returns_undefined_tensor", () => {
    class MyFunction extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t.mul(2);
      }
      static backward(): null {
        return null;
      }
    }
    const x = torch.ones([1]).requiresGrad_(true);
    MyFunction.apply(x).backward();
    expect(x.grad).toBeNull();
    MyFunction.apply(x.pow(2)).backward();
    expect(x.grad).toBeNull();
    MyFunction.apply(x).sum().backward();
    expect(x.grad).toBeNull();
    expect(torch.autograd.grad(MyFunction.apply(x), x, { allowUnused: true })[0]).toBeNull();
  });

  it("test_materialize_grads / test_dont_materialize_grads", () => {
    const seen: Array<Tensor | null> = [];
    class Materialize extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t;
      }
      static backward(_ctx: Ctx, g: Tensor | null): Tensor | null {
        seen.push(g);
        return g;
      }
    }
    class DontMaterialize extends Materialize {
      static forward(ctx: Ctx, t: Tensor): Tensor {
        ctx.setMaterializeGrads(false);
        return t;
      }
    }
    const x = torch.ones([1]).requiresGrad_(true);
    undefinedGrad(Materialize.apply(x)).backward();
    torch.testing.assertClose(seen[0], torch.zeros([1]));
    undefinedGrad(DontMaterialize.apply(x)).backward();
    expect(seen[1]).toBeNull();
  });

  it("test_custom_function_exception", () => {
    class SimulateBackwardError extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t.clone();
      }
      static backward(): Tensor {
        throw new Error("Simulate error on backward pass");
      }
    }
    const t1 = torch.rand([3, 3]).requiresGrad_(true);
    const t2 = torch.rand([3, 3]).requiresGrad_(true);
    const tmp = t1.add(t2).mul(t1.add(t2));
    expect(() => SimulateBackwardError.apply(tmp).sum().backward()).toThrow("Simulate error on backward pass");
  });

  it("test_invalid_gradients", async () => {
    class MyFunction extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t.mul(2);
      }
      static backward(): Tensor {
        return torch.randn([10]);
      }
    }
    const input = torch.randn([5, 5]).requiresGrad_(true);
    expect(() => MyFunction.apply(input).sum().backward()).toThrow(/expected shape/);
  });

  it("test_custom_function_error (no forward, no backward)", async () => {
    class BadFw extends torch.autograd.Function {
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g;
      }
    }
    class BadBw extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t.clone();
      }
    }
    const inp = torch.rand([1]).requiresGrad_(true);
    expect(() => BadFw.apply(inp)).toThrow(torch.NotImplementedError);
    expect(() => BadFw.apply(inp)).toThrow("must implement the forward");
    const ref = await py.run(
      "class BadBw(torch.autograd.Function):\n  @staticmethod\n  def forward(ctx, foo):\n    return foo.clone()\nBadBw.apply(torch.rand(1, requires_grad=True)).sum().backward()",
    );
    expect(() => BadBw.apply(inp).sum().backward()).toThrow(ref.error as string);
  });

  it("test_mark_non_differentiable", () => {
    class MyFunction extends torch.autograd.Function {
      static forward(ctx: Ctx, t: Tensor): Tensor {
        const out = t.gt(0);
        ctx.markNonDifferentiable(out);
        return out;
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g.mul(0).to("float32");
      }
    }
    const x = torch.randn([5, 5]).requiresGrad_(true);
    const mask = MyFunction.apply(x);
    expect(mask.requiresGrad).toBe(false);
    x.maskedFill(mask, 0).sum().backward();
  });

  it("test_mark_non_differentiable_mixed", () => {
    class MyFunction extends torch.autograd.Function {
      static forward(ctx: Ctx, t: Tensor): Tensor[] {
        const a = t.add(1);
        const b = t.add(2);
        ctx.markNonDifferentiable(a);
        return [a, b];
      }
      static backward(_ctx: Ctx, ga: Tensor, gb: Tensor): Tensor {
        expect(ga.eq(0).all().item()).toBe(true);
        expect(gb.eq(1).all().item()).toBe(true);
        return gb;
      }
    }
    const x = torch.randn([5, 5]).requiresGrad_(true);
    const [a, b] = MyFunction.apply(x) as Tensor[];
    expect(a?.requiresGrad).toBe(false);
    expect(b?.requiresGrad).toBe(true);
    (b as Tensor).sum().backward();
    torch.testing.assertClose(x.grad, torch.ones([5, 5]));
  });

  it("test_mark_non_differentiable_none", () => {
    class MyFunction extends torch.autograd.Function {
      static forward(ctx: Ctx, t: Tensor): Tensor {
        const out = t.clone();
        ctx.markNonDifferentiable(out);
        return out;
      }
      static backward(): null {
        return null;
      }
    }
    const x = torch.randn([5, 5]).requiresGrad_(true);
    const r = MyFunction.apply(x.mul(x));
    r.mul(x).sum().backward();
  });

  it("test_return_duplicate (gradcheck and gradgradcheck)", () => {
    class DoubleDuplicate extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor[] {
        const out = t.mul(2);
        return [out, out];
      }
      static backward(_ctx: Ctx, g1: Tensor, g2: Tensor): Tensor {
        return g1.mul(2).add(g2.mul(2));
      }
    }
    const fn = (t: Tensor) => {
      const [a, b] = DoubleDuplicate.apply(t) as Tensor[];
      expect(a).toBe(b);
      return (a as Tensor).add(b as Tensor);
    };
    const x = torch.randn([5, 5], { dtype: "float64" }).requiresGrad_(true);
    expect(torch.autograd.gradcheck(fn, [x])).toBe(true);
    expect(torch.autograd.gradgradcheck(fn, [x])).toBe(true);
  });

  it("test_save_none_for_backward", () => {
    class MyFn extends torch.autograd.Function {
      static forward(ctx: Ctx, t: Tensor): Tensor {
        ctx.saveForBackward(null, t, null);
        return t.mul(t);
      }
      static backward(ctx: Ctx, g: Tensor): Tensor {
        const [n1, input, n2] = ctx.savedTensors;
        expect(n1).toBeNull();
        expect(n2).toBeNull();
        return (input as Tensor).mul(2).mul(g);
      }
    }
    const x = torch.randn([5, 5]).requiresGrad_(true);
    MyFn.apply(x).sum().backward();
    torch.testing.assertClose(x.grad, x.detach().mul(2));
  });

  it("test_too_many_grads (trailing Nones are allowed, others are PyTorch's error)", async () => {
    class MyFn extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t;
      }
      static backward(_ctx: Ctx, g: Tensor): Array<Tensor | null> {
        return [g, null, null];
      }
    }
    const x = torch.randn([5, 5]).requiresGrad_(true);
    MyFn.apply(x).sum().backward();
    torch.testing.assertClose(x.grad, torch.onesLike(x));
    class TooMany extends torch.autograd.Function {
      static forward(_ctx: Ctx, t: Tensor): Tensor {
        return t;
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor[] {
        return [g, g];
      }
    }
    const ref = await py.run(
      "class TooMany(torch.autograd.Function):\n  @staticmethod\n  def forward(ctx, t):\n    return t\n  @staticmethod\n  def backward(ctx, g):\n    return g, g\nTooMany.apply(torch.rand(2, requires_grad=True)).sum().backward()",
    );
    expect(() => TooMany.apply(x).sum().backward()).toThrow(ref.error as string);
  });
});
