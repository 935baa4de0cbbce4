// Ported from PyTorch 1.13's test/test_autograd.py (TestAutograd): the torch.autograd.grad cases and the
// custom autograd.Function cases, named after their upstream tests; expected values and messages from
// live PyTorch.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

// TestAutograd's backward, hook and retain_grad cases, in float64 as upstream runs them
// (test_autograd.py sets torch.set_default_dtype(torch.double)).
describe("TestAutograd: backward, hooks, retain_grad", () => {
  beforeAll(() => torch.setDefaultDtype("float64"));
  afterAll(() => torch.setDefaultDtype("float32"));
  const close = (a: unknown, b: unknown) => torch.testing.assertClose(a, b);

  it("test_accumulate_grad (in place without create_graph, out of place with it)", () => {
    const go = torch.ones([5, 5]);
    const compute = (createGraph: boolean) => {
      const x = torch.randn([5, 5]).requiresGrad_(true);
      const y = x.add(2);
      y.backward(go, { retainGraph: true });
      const g = x.grad as Tensor;
      const clone = g.clone();
      y.backward(go, { createGraph });
      return [g, clone];
    };
    let [g, c] = compute(false);
    close(g, (c as Tensor).mul(2));
    [g, c] = compute(true);
    close(g, c);
  });

  it("test_sum_to_with_empty_dim_grad", () => {
    const a = torch.rand([4, 0]).requiresGrad_(true);
    const b = torch.rand([4, 1]).requiresGrad_(true);
    const c = a.add(b);
    expect(c.shape).toEqual([4, 0]);
    c.sum().backward();
    close(b.grad, torch.zeros([4, 1]));
    close(a.grad, torch.zeros([4, 0]));
  });

  it("test_slogdet_sign (gradcheck and gradgradcheck through sign * logdet)", () => {
    torch.manualSeed(3);
    const a = torch.randn([3, 3]);
    // (PyTorch 1.13's linalg_slogdet gives the sign a grad_fn too, so no requires_grad assertion here.)
    const signMulLogdet = (m: Tensor) => {
      const [s, logdet] = m.slogdet() as Tensor[];
      return (s as Tensor).mul(logdet as Tensor);
    };
    const [u, s, v] = torch.linalg.svd(a.detach()) as Tensor[];
    const sv = (s as Tensor).abs().clamp(0.0001);
    for (const sign of [-1, 1]) {
      sv.index(-1).fill_(sign);
      const mat = (u as Tensor)
        .matmul(sv.diag())
        .matmul(v as Tensor)
        .requiresGrad_(true);
      expect(torch.autograd.gradcheck(signMulLogdet, [mat])).toBe(true);
      expect(torch.autograd.gradgradcheck(signMulLogdet, [mat])).toBe(true);
    }
  });

  it("test_grad_nonleaf_many_outputs", () => {
    const x = torch.randn([4, 2]).requiresGrad_(true);
    const [a, b] = x.chunk(2) as Tensor[];
    let called = false;
    x.registerHook(() => {
      called = true;
    });
    const go = torch.randn([2, 2]);
    const [ga, gb] = torch.autograd.grad((a as Tensor).add((b as Tensor).mul(2)), [a as Tensor, b as Tensor], {
      gradOutputs: go,
      createGraph: true,
    });
    close((ga as Tensor).detach(), go);
    close((gb as Tensor).detach(), go.mul(2));
    expect(called).toBe(false);
    expect(x.grad).toBeNull();
  });

  it("test_grad_nonleaf_register_hook", () => {
    const x = torch.randn([5]).requiresGrad_(true);
    const parts = x.unbind() as Tensor[];
    let seen: Tensor | null = null;
    (parts[0] as Tensor).registerHook((g) => {
      seen = g;
    });
    (parts[0] as Tensor).backward();
    close(seen, torch.tensor(1.5).sub(0.5));
    const expected = torch.tensor([1, 0, 0, 0, 0], { dtype: "float64" });
    close(x.grad, expected);
    for (let i = 1; i < 5; i++) {
      seen = null;
      (parts[i] as Tensor).backward();
      expect(seen).toBeNull();
      expected.index(i).fill_(1);
      close(x.grad, expected);
    }
  });

  it("test_sharded_grad (autograd.grad in shards, then autograd.backward)", () => {
    const leaves = Array.from({ length: 10 }, () => torch.zeros([5, 5]).requiresGrad_(true));
    const inter = leaves.map((l, i) => l.mul(i).add(l.mul(l)));
    const loss = inter
      .map((v, i) => v.mul(i))
      .reduce((p, q) => p.add(q))
      .sum();
    const d: Tensor[] = [];
    for (let i = 0; i < inter.length; i += 2)
      d.push(...torch.autograd.grad(loss, inter.slice(i, i + 2), { retainGraph: true }));
    torch.autograd.backward(inter, { gradTensors: d });
    leaves.forEach((l, i) => {
      close(
        l.grad,
        l
          .detach()
          .add(1)
          .mul(i * i),
      );
    });
  });

  it("test_backward_badcalls / test_grad_badcalls / test_grad_unreachable: PyTorch's errors", () => {
    expect(() => torch.ones([1]).backward()).toThrow(/does not require grad/);
    const x0 = torch.ones([1]);
    const y0 = x0.pow(2);
    expect(() => torch.autograd.grad(x0, y0)).toThrow(/does not require grad/);
    expect(() => torch.autograd.grad(y0, x0)).toThrow(/does not require grad/);
    const x = torch.ones([1]).requiresGrad_(true);
    const y = torch.ones([1]).requiresGrad_(true);
    torch.autograd.grad(x.pow(2), x);
    const [gx, gy] = torch.autograd.grad(x.mul(2), [x, y], { allowUnused: true });
    close(gx, x.detach().mul(2));
    expect(gy).toBeNull();
    expect(() => torch.autograd.grad(x.mul(2), [x, y])).toThrow(/Set allow_unused=True/);
  });

  it("test_hooks (counting, removing, modifying hooks)", () => {
    const x = torch.ones([5, 5]).requiresGrad_(true);
    const y = torch.ones([5, 5]).mul(4).requiresGrad_(true);
    let counter = 0;
    const bw = (inc: number) => (g: Tensor) => {
      expect(g).toBeInstanceOf(torch.Tensor);
      counter += inc;
    };
    const z = x.pow(2).add(x.mul(2)).add(x.mul(y)).add(y);
    x.registerHook(bw(0));
    const test = z.registerHook(bw(1));
    z.backward(torch.ones([5, 5]), { retainGraph: true });
    expect(counter).toBe(1);
    const test2 = z.registerHook(bw(2));
    z.backward(torch.ones([5, 5]), { retainGraph: true });
    expect(counter).toBe(4);
    test2.remove();
    z.backward(torch.ones([5, 5]), { retainGraph: true });
    expect(counter).toBe(5);
    test.remove();
    z.registerHook((g) => g.mul(2));
    torch.noGrad(() => y.grad?.zero_());
    z.backward(torch.ones([5, 5]), { retainGraph: true });
    close(y.grad, x.detach().add(1).mul(2));
    y.registerHook((g) => g.mul(2));
    torch.noGrad(() => y.grad?.zero_());
    z.backward(torch.ones([5, 5]));
    close(y.grad, x.detach().add(1).mul(4));
  });

  it("test_hooks_cpp (a hook on a C++ function's output)", () => {
    const bn = new torch.nn.BatchNorm1d(5, { affine: false });
    bn.eval();
    let counter = 0;
    const x = torch.ones([5, 5]).requiresGrad_(true);
    const z = bn.forward(x);
    z.registerHook((g) => {
      counter++;
      return g.mul(2);
    });
    z.sum().backward();
    expect(counter).toBe(1);
    torch.testing.assertClose(x.grad, torch.ones([5, 5]).mul(2), { atol: 1e-5, rtol: 0 });
  });

  it("test_hook_none (a Function returning None for one input)", () => {
    class NoneGradientFunction extends torch.autograd.Function {
      static forward(ctx: torch.autograd.FunctionCtx, x: Tensor, y: Tensor): Tensor[] {
        expect(ctx.needsInputGrad).toEqual([true, false]);
        return [x, y];
      }
      static backward(_ctx: torch.autograd.FunctionCtx, gx: Tensor): Array<Tensor | null> {
        return [gx, null];
      }
    }
    let called = false;
    const hook = (g: Tensor) => {
      expect(g).not.toBeNull();
      called = true;
    };
    const x = torch.randn([5, 5]).requiresGrad_(true);
    const [rx, ry] = NoneGradientFunction.apply(x, torch.randn([5, 5])) as Tensor[];
    (rx as Tensor).registerHook(hook);
    (ry as Tensor).registerHook(hook);
    (rx as Tensor)
      .add(ry as Tensor)
      .sum()
      .backward();
    expect(called).toBe(true);
  });

  it("test_retain_grad", () => {
    const input = torch.rand([1, 3]).requiresGrad_(true);
    const h1 = input.mul(3);
    const out = h1.mul(h1).sum();
    h1.retainGrad();
    h1.retainGrad();
    out.backward(undefined, { retainGraph: true });
    close(h1.grad, h1.detach().mul(2));
    out.backward(undefined, { retainGraph: true });
    close(h1.grad, h1.detach().mul(4));
    torch.noGrad(() => input.grad?.zero_());
    input.retainGrad();
    input.retainGrad();
    out.backward();
    close(input.grad, input.detach().mul(18));
  });

  it("test_backward / test_multi_backward / test_dependent_backward", () => {
    const v = torch.randn([5, 5]).requiresGrad_(true);
    const x = torch.randn([5, 5]).requiresGrad_(true);
    const y = torch.rand([5, 5]).add(0.1).requiresGrad_(true);
    const z = torch.randn([5, 5]).requiresGrad_(true);
    const go = torch.randn([5, 5]);
    v.backward(go);
    close(v.grad, go);
    x.add(y.mul(z)).add(z.pow(2).mul(4).mul(x).div(y)).backward(go);
    const [xd, yd, zd] = [x, y, z].map((t) => t.detach());
    close(
      x.grad,
      (zd as Tensor)
        .pow(2)
        .mul(4)
        .div(yd as Tensor)
        .add(1)
        .mul(go),
    );
    close(
      y.grad,
      (zd as Tensor)
        .sub(
          (xd as Tensor)
            .mul(4)
            .mul((zd as Tensor).pow(2))
            .div((yd as Tensor).pow(2)),
        )
        .mul(go),
    );
    close(
      z.grad,
      (xd as Tensor)
        .mul(8)
        .mul(zd as Tensor)
        .div(yd as Tensor)
        .add(yd as Tensor)
        .mul(go),
    );

    const [a, b, q] = [0, 1, 2].map(() => torch.randn([5, 5]).requiresGrad_(true)) as Tensor[];
    const x2 = torch.randn([5, 5]).requiresGrad_(true);
    const y2 = torch.randn([5, 5]).requiresGrad_(true);
    const q2 = (q as Tensor).mul(2);
    const gz = torch.randn([5, 5]);
    const gc = torch.randn([5, 5]);
    torch.autograd.backward([x2.add(y2).add(q2), (a as Tensor).mul(b as Tensor).add(q2)], { gradTensors: [gz, gc] });
    close(x2.grad, gz);
    close(y2.grad, gz);
    close((a as Tensor).grad, gc.mul((b as Tensor).detach()));
    close((b as Tensor).grad, gc.mul((a as Tensor).detach()));
    close((q as Tensor).grad, gc.add(gz).mul(2));

    const w = torch.randn([5, 5]);
    expect(() =>
      torch.autograd.backward([x2.add(w), w.mul(2)], { gradTensors: [torch.ones([5, 5]), torch.ones([5, 5])] }),
    ).toThrow();

    const t = torch.randn([10]).requiresGrad_(true);
    const t2 = t.pow(2);
    const t6 = t2.pow(3);
    const goY = torch.randn([10]);
    const goZ = torch.randn([10]);
    torch.autograd.backward([t2, t6], { gradTensors: [goY, goZ] });
    const td = t.detach();
    close(t.grad, td.mul(2).mul(goY).add(td.pow(5).mul(6).mul(goZ)));
  });

  it("test_free_deep_graph (a 150000-node chain is freed without overflowing the stack)", () => {
    const x = torch.randn([1]).requiresGrad_(true);
    let y = x.clone();
    for (let i = 0; i < 150000; i++) y = y.add(y.mul(0.000001));
    y.sum().backward();
    expect(x.grad).not.toBeNull();
  });
});
