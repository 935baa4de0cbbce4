// Forward-mode AD through torch.autograd.Function (its jvp, ctx.saveForForward) and gradcheck's
// checkForwardAd (and gradgradcheck's checkFwdOverRev), against live PyTorch 1.13: the same programs
// (test/python/upstream_forward_ad.py) on the same inputs give the same tangents, gradients, verdicts
// and errors (class and whole message). Cases taken from test/test_autograd.py's TestAutograd keep their
// upstream names and are compared with what 1.13 does where it differs from the later upstream file
// (test_custom_function_mark_dirty_not_differentiable: 1.13 keeps a dirty input as the output only with a
// graph to record; test_custom_function_forward_mode_non_differentiable: in part, see there). The
// check_batched_grad / check_batched_forward_grad runs of test_gradcheck_check_forward_or_backward_only,
// test_gradcheck_forward_ad_runs_with_no_requires_grad and test_gradcheck_forward_ad_respects_requires_grad
// are ported with them, and test_gradcheck_forward_ad_batched_grad (a later upstream test that 1.13 passes);
// checkBatchedForwardGrad's failures (a wrong vmapped tangent, a view operator without a batching rule) and
// the vmap fallback's warnings (not silenced in forward mode, as in 1.13) are compared with PyTorch's too.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { PyTorch, type PyValue } from "./helpers/pytorch";
import { expectTrace as traceEqual } from "./helpers/trace";

const py = new PyTorch();
afterAll(() => py.close());

type Ctx = torch.autograd.FunctionCtx;
const fw = torch.autograd.forwardAd;
const { dualLevel, makeDual, unpackDual } = fw;
const { gradcheck } = torch.autograd;
const call = (fn: string, inputs: Record<string, unknown> = {}) => py.call(`upstream_forward_ad.${fn}`, inputs);
const tangentOf = (t: Tensor): Tensor | null => unpackDual(t).tangent;
const f64 = (shape: number[]) => torch.rand(shape, { dtype: "float64" });

/** Python's `a is b` for tensors: the same memory, offset, sizes, strides, dtype and view-ness. */
const same = (a: Tensor | null, b: Tensor | null): boolean =>
  a !== null &&
  b !== null &&
  a.dtype === b.dtype &&
  a.untypedStorage().dataPtr() === b.untypedStorage().dataPtr() &&
  a.storageOffset() === b.storageOffset() &&
  a.shape.join() === b.shape.join() &&
  a.stride().join() === b.stride().join() &&
  a._isView() === b._isView();

const pyName = (e: Error) => (e.name === "Error" ? "RuntimeError" : e.name);

/** null when fn returns, else [Python's class name, first message line]. */
function errOf(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    return [pyName(e as Error), (e as Error).message.split("\n")[0] as string];
  }
}

/** true when fn returns, else [Python's class name, the whole message] (gradcheck's Jacobians included). */
function gcErr(fn: () => unknown): true | [string, string] {
  try {
    fn();
    return true;
  } catch (e) {
    return [pyName(e as Error), (e as Error).message];
  }
}

/** A torchts trace equal to PyTorch's: tensors within float64 tolerance, the rest exactly. */
const expectTrace = (mine: unknown, ref: PyValue, what = "trace"): void =>
  traceEqual(mine, ref, { rtol: 1e-7, atol: 1e-10 }, what);

describe("torch.autograd.Function with a jvp", () => {
  it("test_custom_function_error (no jvp: PyTorch's NotImplementedError)", async () => {
    class BadJvp extends torch.autograd.Function {
      static forward(_ctx: Ctx, foo: Tensor) {
        return foo.clone();
      }
    }
    const inp = torch.rand([1]);
    const t = torch.rand([1]);
    const mine = dualLevel(() => [errOf(() => BadJvp.apply(makeDual(inp.clone().requiresGrad_(true), t)))]);
    const ref = (await call("custom_function_error_jvp", { inp, t })) as string[][];
    expect((ref[0] as string[])[0]).toBe("NotImplementedError");
    expectTrace(mine, ref);
    // Without a tangent the Function runs as before.
    expect(dualLevel(() => tangentOf(BadJvp.apply(inp)))).toBeNull();
  });

  it("test_custom_function_save_for_forward", async () => {
    const seen: number[] = [];
    class Func extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor, y: Tensor, z: number) {
        ctx.saveForBackward(x, y);
        ctx.saveForForward(x, y);
        ctx.z = z;
        return x.mul(y).mul(z);
      }
      static jvp(ctx: Ctx, xT: Tensor, yT: Tensor, _: null) {
        const [xp, yp] = ctx.savedTensors as Tensor[];
        return (yp as Tensor)
          .mul(xT)
          .add((xp as Tensor).mul(yT))
          .mul(ctx.z as number);
      }
      static backward(ctx: Ctx, g: Tensor) {
        const [x, y] = ctx.savedTensors as Tensor[];
        const z = ctx.z as number;
        return [g.mul(y as Tensor).mul(z), g.mul(x as Tensor).mul(z), null];
      }
    }
    // Saved for backward only: jvp sees no saved tensors, backward sees them.
    class Func2 extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor) {
        ctx.saveForBackward(x);
        return x.clone();
      }
      static jvp(ctx: Ctx, xT: Tensor) {
        seen.push(ctx.savedTensors.length);
        return xT;
      }
      static backward(ctx: Ctx, g: Tensor) {
        seen.push(ctx.savedTensors.length);
        return g;
      }
    }
    const a0 = torch.tensor(1.25, { dtype: "float64" });
    const t = torch.tensor(0.75, { dtype: "float64" });
    const b0 = torch.tensor(2.5, { dtype: "float64" });
    const a = a0.clone().requiresGrad_(true);
    const b = b0.clone().requiresGrad_(true);
    const r: unknown[] = [];
    dualLevel(() => {
      const out = Func.apply(makeDual(a, t), b, 4);
      r.push(out, tangentOf(out), out.gradFn?.name());
      out.backward();
      r.push(a.grad, b.grad);
    });
    r.push(gradcheck(Func.apply.bind(Func) as never, [a, b, 4], { checkForwardAd: true }));
    a.grad = null;
    dualLevel(() => {
      const out = Func2.apply(makeDual(a, t));
      r.push(tangentOf(out));
      out.backward();
      r.push(a.grad);
    });
    r.push(gradcheck(Func2.apply.bind(Func2) as never, [a], { checkForwardAd: true }));
    r.push(seen.slice(0, 2));
    expectTrace(r, await call("custom_function_save_for_forward", { a: a0, t, b: b0 }));
  });

  it("test_custom_function_forward_mode_view_checks", async () => {
    class ViewFn extends torch.autograd.Function {
      static forward(ctx: Ctx, foo: Tensor, flag: string) {
        ctx.flag = flag;
        ctx.size = foo.shape;
        return foo.narrow(0, 0, 2);
      }
      static backward(ctx: Ctx, gO: Tensor) {
        const gI = gO.newZeros(ctx.size as number[]);
        gI.narrow(0, 0, 2).copy_(gO);
        return [gI, null];
      }
      static jvp(ctx: Ctx, gI: Tensor, _: null) {
        let res = gI.narrow(0, 0, 2);
        if (ctx.flag !== "ok") res = res.clone();
        if (ctx.flag === "not_a_view_of_inp" || ctx.flag === "not_a_view_of_inp_base") res = res.viewAs(res);
        return res;
      }
    }
    const inp0 = f64([4, 4]);
    const inp = inp0.clone().requiresGrad_(true);
    const mine = ["ok", "not_a_view", "not_a_view_of_inp", "not_a_view_of_inp_base"].map((flag) =>
      gcErr(() =>
        gradcheck((x: Tensor) => ViewFn.apply(flag === "not_a_view_of_inp_base" ? x.viewAs(x) : x, flag), [inp], {
          checkForwardAd: true,
        }),
      ),
    );
    const ref = (await call("custom_function_forward_mode_view_checks", { inp: inp0 })) as PyValue[];
    expect(ref[0]).toBe(true);
    expectTrace(mine, ref);
  });

  it("test_custom_function_forward_mode_inplace_checks", async () => {
    class InplaceFn extends torch.autograd.Function {
      static forward(ctx: Ctx, foo: Tensor, flag: boolean) {
        ctx.markDirty(foo);
        ctx.flag = flag;
        foo.mul_(2);
        return foo;
      }
      static backward(_ctx: Ctx, gO: Tensor) {
        return [gO.mul(2), null];
      }
      static jvp(ctx: Ctx, gI: Tensor, _: null) {
        if (ctx.flag) return gI.mul(2); // not in place
        gI.mul_(2);
        return gI;
      }
    }
    const inp0 = f64([4, 4]);
    const inp = inp0.clone().requiresGrad_(true);
    const mine = [false, true].map((flag) =>
      gcErr(() =>
        gradcheck((x: Tensor, f: boolean) => InplaceFn.apply(x.clone(), f), [inp, flag], { checkForwardAd: true }),
      ),
    );
    const ref = (await call("custom_function_forward_mode_inplace_checks", { inp: inp0 })) as PyValue[];
    expect(ref[0]).toBe(true);
    expectTrace(mine, ref);
  });

  it("test_custom_function_forward_mode_wrong_formula", async () => {
    class UserFn extends torch.autograd.Function {
      static forward(ctx: Ctx, foo: Tensor, shouldFail: boolean) {
        ctx.shouldFail = shouldFail;
        return foo.mul(2);
      }
      static backward(_ctx: Ctx, gO: Tensor) {
        return [gO.mul(2), null];
      }
      static jvp(ctx: Ctx, gI: Tensor, _: null) {
        return gI.mul(ctx.shouldFail ? 3 : 2);
      }
    }
    const inp0 = f64([10]);
    const inp = inp0.clone().requiresGrad_(true);
    const mine = [false, true].map((f) =>
      gcErr(() => gradcheck(UserFn.apply.bind(UserFn) as never, [inp, f], { checkForwardAd: true })),
    );
    const ref = (await call("custom_function_forward_mode_wrong_formula", { inp: inp0 })) as PyValue[];
    // The whole GradcheckError text, Jacobians included.
    expect(
      ((ref[1] as string[])[1] as string).startsWith("Jacobian computed with forward mode mismatch for output 0"),
    ).toBe(true);
    expectTrace(mine, ref);
  });

  it("test_custom_function_forward_mode_non_tensor_before_tensor_args", async () => {
    const seen: unknown[] = [];
    class MyFn extends torch.autograd.Function {
      static forward(_ctx: Ctx, _nt: number, x: Tensor, _nt2: number, y: Tensor) {
        return x.mul(2).add(y.mul(3));
      }
      static jvp(_ctx: Ctx, nt: null, xT: Tensor, nt2: null, yT: Tensor) {
        seen.push([nt === null, nt2 === null, yT]);
        return xT.mul(2).add(yT.mul(3));
      }
    }
    const x = torch.tensor(1.5, { dtype: "float64" });
    const t = torch.tensor(0.5, { dtype: "float64" });
    const y = torch.tensor(2.5, { dtype: "float64" });
    const r: unknown[] = [dualLevel(() => tangentOf(MyFn.apply(1, makeDual(x, t), 1, y)))];
    r.push(
      gradcheck(MyFn.apply.bind(MyFn) as never, [1, x.clone().requiresGrad_(true), 1, y.clone().requiresGrad_(true)], {
        checkForwardAd: true,
        checkBackwardAd: false,
        checkBatchedGrad: false,
      }),
    );
    r.push(seen[0]);
    expectTrace(r, await call("custom_function_forward_mode_non_tensor_before_tensor_args", { x, t, y }));
  });

  it("test_custom_function_forward_mode_forward_is_no_op", async () => {
    const a = torch.tensor(1.25, { dtype: "float64" });
    const t = torch.tensor(0.5, { dtype: "float64" });
    const b = torch.tensor(2.25, { dtype: "float64" });
    const c = torch.tensor(1.75, { dtype: "float64" });
    const t2 = torch.tensor(0.25, { dtype: "float64" });
    const d = torch.tensor(3.5, { dtype: "float64" });
    const variants: Array<[string, (x: Tensor) => Tensor]> = [
      // Returning an input as-is counts as returning x.view_as(x): jvp must return a view of x's tangent.
      ["view_as", (x) => x.viewAs(x)],
      ["self", (x) => x],
      ["mul_by_2", (x) => x.mul(2)],
    ];
    const mine = variants.map(([k, fn]) => {
      class MyFn extends torch.autograd.Function {
        static forward(_ctx: Ctx, x: Tensor, y: Tensor) {
          return [x.add(y), x];
        }
        static backward(_ctx: Ctx, g1: Tensor, g2: Tensor) {
          return [g1.add(g2), g1];
        }
        static jvp(_ctx: Ctx, xT: Tensor, yT: Tensor) {
          return [xT.add(yT), fn(xT)];
        }
      }
      const ar = a.clone().requiresGrad_(true);
      const br = b.clone().requiresGrad_(true);
      const r: unknown[] = [k];
      dualLevel(() => {
        for (const [primal, tangent, other] of [
          [ar, t, br],
          [c, t2, d],
        ] as Array<[Tensor, Tensor, Tensor]>) {
          const e = errOf(() => {
            const [o1, o2] = MyFn.apply(makeDual(primal, tangent), other) as Tensor[];
            const t2nd = tangentOf(o2 as Tensor) as Tensor;
            r.push([tangentOf(o1 as Tensor), t2nd, same(t2nd._base, tangent), (o2 as Tensor)._isView()]);
          });
          if (e !== null) r.push(e);
        }
      });
      r.push(
        gcErr(() =>
          gradcheck(MyFn.apply.bind(MyFn) as never, [ar, c.clone().requiresGrad_(true)], { checkForwardAd: true }),
        ),
      );
      return r;
    });
    const ref = (await call("custom_function_forward_mode_forward_is_no_op", { a, t, b, c, t2, d })) as PyValue[][];
    expect(((ref[1] as PyValue[])[1] as string[])[1]).toMatch(
      /^A custom Function's forward is returning a view \(or an input as-is\)/,
    );
    expectTrace(mine, ref);
  });

  // In part: 1.13 fails an internal assert where jvp returns None for a tensor output it cannot give a
  // tangent (upstream's cases of a float output marked non-differentiable and of an integer output;
  // torchts leaves such an output without a tangent), and gives an output marked non-differentiable the
  // tangent jvp returns for it instead of refusing it (upstream's FuncWrong, checked here as 1.13 behaves).
  it("test_custom_function_forward_mode_non_differentiable", async () => {
    const x = torch.tensor(2.5);
    const xTangent = torch.tensor(1.5);
    const y = torch.tensor(3.5);
    const r: unknown[] = [];
    class FuncWrong extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor) {
        const out = b.clone();
        ctx.markNonDifferentiable(out);
        return [a.clone(), out];
      }
      static jvp(_ctx: Ctx, aT: Tensor, _bT: Tensor) {
        return [aT, aT.clone()];
      }
    }
    for (const rg of [false, true])
      dualLevel(() => {
        const [o1, o2] = FuncWrong.apply(makeDual(x.clone().requiresGrad_(rg), xTangent), y) as Tensor[];
        r.push(tangentOf(o1 as Tensor), tangentOf(o2 as Tensor), (o2 as Tensor).requiresGrad);
      });
    // A non-tensor output between tensor ones.
    class Func3 extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor) {
        return [a.clone(), "bar", a.clone()];
      }
      static jvp(_ctx: Ctx, aT: Tensor) {
        return [aT, null, aT];
      }
    }
    dualLevel(() => {
      const [o1, o2, o3] = Func3.apply(makeDual(x, xTangent)) as [Tensor, string, Tensor];
      r.push(tangentOf(o1), o2, tangentOf(o3));
    });
    expectTrace(r, await call("custom_function_forward_mode_non_differentiable", { x, x_tangent: xTangent, y }));
  });

  it("test_custom_function_mark_dirty_not_differentiable", async () => {
    const z0 = torch.tensor(1.5);
    const mine: unknown[] = [];
    for (const requiresGrad of [true, false]) {
      for (const jvpErr of [true, false]) {
        class InplaceMul extends torch.autograd.Function {
          static forward(ctx: Ctx, x: Tensor) {
            const result = x.mul_(2);
            ctx.markDirty(result);
            return result;
          }
          static backward(_ctx: Ctx, _g: Tensor) {
            return null;
          }
          static jvp(_ctx: Ctx, xT: Tensor) {
            return jvpErr ? xT : xT.mul_(2);
          }
        }
        const z = z0.clone().requiresGrad_(requiresGrad);
        const x = z.clone();
        const y = InplaceMul.apply(x);
        const r: unknown[] = [requiresGrad, jvpErr, x === y, x];
        dualLevel(() => {
          const xTangent = torch.onesLike(x);
          const xDual = makeDual(x, xTangent);
          try {
            const o = InplaceMul.apply(xDual);
            r.push(o === xDual, same(tangentOf(o), xTangent), xTangent, unpackDual(o)[0]);
          } catch (e) {
            r.push([pyName(e as Error), (e as Error).message]);
          }
        });
        mine.push(r);
      }
    }
    const ref = (await call("custom_function_mark_dirty_not_differentiable", { z0 })) as PyValue[][];
    // PyTorch 1.13 keeps the dirty input as the output only when there is a graph to record.
    expect(ref.map((r) => r[2])).toEqual([true, true, false, false]);
    expectTrace(mine, ref);
  });

  it("jvp runs with forward grads off and grad mode as apply found it; its errors are PyTorch's", async () => {
    const x = f64([3]);
    const t = f64([3]);
    const r: unknown[] = [];
    let d: Tensor | undefined;
    const modes = () => [torch.isGradEnabled(), tangentOf((d as Tensor).mul(1)) !== null];
    class Modes extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor) {
        r.push(["forward", ...modes()]);
        return a.mul(2);
      }
      static backward(_ctx: Ctx, g: Tensor) {
        return g.mul(2);
      }
      static jvp(_ctx: Ctx, aT: Tensor) {
        r.push(["jvp", ...modes()]);
        return aT.mul(2);
      }
    }
    class Count extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor) {
        return [a.mul(2), a.mul(3)];
      }
      static jvp(_ctx: Ctx, aT: Tensor) {
        return aT.mul(2);
      }
    }
    class NotTensor extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor) {
        return a.mul(2);
      }
      static jvp(_ctx: Ctx, _aT: Tensor) {
        return 3;
      }
    }
    class Materialize extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor) {
        ctx.setMaterializeGrads(false);
        return a.mul(b);
      }
      static jvp(_ctx: Ctx, aT: Tensor | null, bT: Tensor | null) {
        r.push([aT === null, bT === null]);
        return (aT as Tensor).mul(2);
      }
    }
    class Zeros extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor, b: Tensor) {
        return a.mul(b);
      }
      static jvp(_ctx: Ctx, aT: Tensor | null, bT: Tensor) {
        r.push([aT === null, bT]);
        return (aT as Tensor).mul(2);
      }
    }
    class SaveNonTensor extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor) {
        ctx.saveForForward(a, 3 as never);
        return a.mul(2);
      }
      static jvp(_ctx: Ctx, aT: Tensor) {
        return aT;
      }
    }
    class Shape extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor) {
        return a.mul(2);
      }
      static jvp(_ctx: Ctx, aT: Tensor) {
        return torch.ones([5], { dtype: aT.dtype });
      }
    }
    class ViewThenOut extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor, b: Tensor) {
        return [a.narrow(0, 0, 2), b.mul(2)];
      }
      static jvp(_ctx: Ctx, aT: Tensor, bT: Tensor) {
        return [aT.narrow(0, 0, 2), bT.mul(2)];
      }
    }
    dualLevel(() => {
      d = makeDual(x, t);
      const dual = d;
      Modes.apply(dual);
      torch.noGrad(() => Modes.apply(dual));
      r.push(errOf(() => Count.apply(dual)));
      r.push(errOf(() => NotTensor.apply(dual)));
      r.push(tangentOf(Materialize.apply(dual, x)));
      r.push(tangentOf(Zeros.apply(dual, x)));
      r.push(errOf(() => SaveNonTensor.apply(dual)));
      r.push(errOf(() => Shape.apply(dual)));
      // A view of an input without a tangent: 1.13 gives the view (and so the input) a tangent and stops
      // there, the later outputs get none.
      const plain = x.clone();
      const [o1, o2] = ViewThenOut.apply(plain, dual) as Tensor[];
      r.push(tangentOf(o1 as Tensor), tangentOf(o2 as Tensor) === null, tangentOf(plain));
      // No input with a tangent: jvp is not called.
      r.push(tangentOf(Modes.apply(x)) === null);
    });
    expectTrace(r, await call("function_jvp_checks", { x, t }));
  });

  it("a dual output keeps its Function's grad_fn, and backward through it gives PyTorch's gradients", async () => {
    class Sin extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor) {
        ctx.saveForBackward(x);
        ctx.saveForForward(x);
        return x.sin();
      }
      static backward(ctx: Ctx, g: Tensor) {
        return g.mul((ctx.savedTensors[0] as Tensor).cos());
      }
      static jvp(ctx: Ctx, xT: Tensor) {
        return xT.mul((ctx.savedTensors[0] as Tensor).cos());
      }
    }
    const x0 = f64([4]);
    const t = f64([4]);
    const x = x0.clone().requiresGrad_(true);
    const [out, tangent, name, graph] = dualLevel(() => {
      const y = Sin.apply(makeDual(x, t));
      const dy = tangentOf(y) as Tensor;
      // A graph through the tangent too: the second-order term cos(x)' = -sin(x).
      const loss = y.mul(y).sum().add(dy.sum());
      loss.backward();
      return [y.detach(), dy, y.gradFn?.name(), x.grad as Tensor];
    });
    const ref = (await py.eval(
      `import torch.autograd.forward_ad as fwAD
class Sin(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x); ctx.save_for_forward(x)
        return x.sin()
    @staticmethod
    def backward(ctx, g):
        return g * ctx.saved_tensors[0].cos()
    @staticmethod
    def jvp(ctx, x_t):
        return x_t * ctx.saved_tensors[0].cos()
x = x.requires_grad_()
with fwAD.dual_level():
    y = Sin.apply(fwAD.make_dual(x, t))
    dy = fwAD.unpack_dual(y).tangent
    ((y * y).sum() + dy.sum()).backward()
    out = [y.detach(), dy, type(y.grad_fn).__name__, x.grad]`,
      { x: x0, t },
    )) as PyValue[];
    expectTrace([out, tangent, name, graph], ref);
    expect(name).toBe("SinBackward");
  });
});

describe("gradcheck(checkForwardAd: true)", () => {
  it("test_gradcheck_forward_ad", async () => {
    const x0 = f64([2]);
    const y0 = f64([2]);
    const xc0 = torch.rand([2], { dtype: "complex128" });
    const yc0 = torch.rand([2], { dtype: "complex128" });
    const [x, y, xc, yc] = [x0, y0, xc0, yc0].map((v) => v.clone().requiresGrad_(true)) as Tensor[];
    const fn = (a: Tensor, b: Tensor) => [a.add(b), b];
    // Inside gradcheck's dual level: a tangent 1.1 times too large on b.
    const badFn = (a: Tensor, b: Tensor) => {
      const [p, tg] = unpackDual(b);
      const bb = tg === null ? b : makeDual(p, tg.mul(1.1));
      return [a.add(bb), bb];
    };
    const basicMul = (a: Tensor) => torch.viewAsReal(a.mul(new torch.Complex(0, 1)).resolveConj());
    const mine: unknown[] = [];
    for (const fastMode of [true, false]) {
      for (const [a, b] of [
        [x, y],
        [xc, y],
        [xc, yc],
      ] as Array<[Tensor, Tensor]>) {
        mine.push(gcErr(() => gradcheck(fn, [a, b], { checkForwardAd: true, fastMode })));
        mine.push(gcErr(() => gradcheck(badFn, [a, b], { checkForwardAd: true, fastMode: false })));
      }
      mine.push(gcErr(() => gradcheck(basicMul, [x], { checkForwardAd: true, fastMode })));
    }
    mine.push(gradcheck(badFn, [x, y], { checkForwardAd: true, raiseException: false }));
    const ref = (await call("gradcheck_forward_ad", { x: x0, y: y0, xc: xc0, yc: yc0 })) as PyValue[];
    const messages = ref.filter((v) => Array.isArray(v)).map((v) => (v as string[])[1] as string);
    expect(messages.length).toBe(6);
    for (const m of messages)
      expect(m).toMatch(
        /^(While considering the (real|imaginary) part of complex inputs only, )?Jacobian computed with forward mode mismatch for output 0 with respect to input 1,\n/,
      );
    expectTrace(mine, ref);
  });

  it("test_gradcheck_forward_ad_runs_with_no_requires_grad", async () => {
    const seen: boolean[][] = [];
    class UserFn extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor, b: Tensor) {
        return [a.clone(), b.clone()];
      }
      static jvp(_ctx: Ctx, aT: Tensor, bT: Tensor) {
        return [aT, bT];
      }
    }
    const [x0, y0, x20, y20] = [f64([2]), f64([2]), f64([2]), f64([2])];
    const x = x0.clone().requiresGrad_(true);
    const y = y0.clone().requiresGrad_(true);
    // What forward gets inside gradcheck's dual level (upstream looks from forward at fwAD._current_level,
    // which torchts does not export: here the call sees the inputs, forward gets the same ones, and a
    // dual level is open where makeDual works).
    const inDualLevel = () => {
      try {
        makeDual(torch.zeros([1]), torch.zeros([1]));
        return true;
      } catch {
        return false;
      }
    };
    const apply = (a: Tensor, b: Tensor) => {
      if (inDualLevel()) seen.push([a.requiresGrad, b.requiresGrad]);
      return UserFn.apply(a, b);
    };
    const opts = (undefinedGrad: boolean, batched: boolean) => ({
      checkForwardAd: true,
      checkUndefinedGrad: undefinedGrad,
      checkBackwardAd: false,
      checkBatchedGrad: false,
      checkBatchedForwardGrad: batched,
    });
    const r: unknown[] = (
      [
        [false, false],
        [true, false],
        [true, true],
      ] as const
    ).map(([undefinedGrad, batched]) => gradcheck(apply as never, [x, y], opts(undefinedGrad, batched)));
    // The same with y not requiring grad.
    r.push(gradcheck(apply as never, [x20.clone().requiresGrad_(true), y20.clone()], opts(true, true)));
    r.push(
      seen.length,
      seen.some((s) => s.some(Boolean)),
    );
    expectTrace(r, await call("gradcheck_forward_ad_runs_with_no_requires_grad", { x: x0, y: y0, x2: x20, y2: y20 }));
  });

  it("test_gradcheck_forward_ad_respects_requires_grad", async () => {
    let count = 0;
    class UserFn extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor, b: Tensor) {
        return [a.clone(), b.clone()];
      }
      static jvp(_ctx: Ctx, aT: Tensor, bT: Tensor) {
        count++;
        return [aT, bT];
      }
    }
    const [x, y, x2, y2] = [f64([1]), f64([1]), f64([1]), f64([1])];
    const mine: number[] = [];
    const opts = (undefinedGrad: boolean, batched: boolean) => ({
      checkForwardAd: true,
      checkUndefinedGrad: undefinedGrad,
      checkBackwardAd: false,
      checkBatchedGrad: false,
      checkBatchedForwardGrad: batched,
    });
    const xr = x.clone().requiresGrad_(true);
    const yr = y.clone().requiresGrad_(true);
    for (const [undefinedGrad, batched] of [
      [false, false],
      [true, false],
      [true, true],
    ] as const) {
      count = 0;
      gradcheck(UserFn.apply.bind(UserFn) as never, [xr, yr], opts(undefinedGrad, batched));
      mine.push(count);
    }
    // Repeated with one input not requiring grad: half the counts, one undefined-tangent run instead of two.
    count = 0;
    gradcheck(UserFn.apply.bind(UserFn) as never, [x2.clone().requiresGrad_(true), y2.clone()], opts(true, true));
    mine.push(count);
    const ref = (await call("gradcheck_forward_ad_respects_requires_grad", { x, y, x2, y2 })) as number[];
    // Upstream's counts: once per input element; +2 per input for the undefined-tangent check; +3 per input
    // for the batched one (2 one at a time, 1 vmapped); 1 + 1 + 3 with one input.
    expect(ref).toEqual([2, 6, 12, 5]);
    expect(mine).toEqual(ref);
  });

  it("test_gradcheck_check_forward_or_backward_only", async () => {
    class UserFn extends torch.autograd.Function {
      static forward(ctx: Ctx, foo: Tensor, fwdBad: boolean, bwdBad: boolean) {
        ctx.fwdBad = fwdBad;
        ctx.bwdBad = bwdBad;
        return foo.mul(2);
      }
      static backward(ctx: Ctx, gO: Tensor) {
        if (ctx.bwdBad) throw new Error("FAIL BWD");
        return [gO.mul(2), null, null];
      }
      static jvp(ctx: Ctx, gI: Tensor, _1: null, _2: null) {
        if (ctx.fwdBad) throw new Error("FAIL FWD");
        return gI.mul(2);
      }
    }
    const x0 = f64([2]);
    const x = x0.clone().requiresGrad_(true);
    const mine: unknown[] = [];
    for (const fwd of [true, false])
      for (const bwd of [true, false])
        for (const fwdBad of [true, false])
          for (const bwdBad of [true, false])
            mine.push(
              errOf(() =>
                gradcheck(UserFn.apply.bind(UserFn) as never, [x, fwdBad, bwdBad], {
                  checkForwardAd: fwd,
                  checkBackwardAd: bwd,
                  checkUndefinedGrad: bwd,
                  checkBatchedGrad: bwd,
                }),
              ),
            );
    const ref = (await call("gradcheck_check_forward_or_backward_only", { x: x0 })) as PyValue[];
    expect(ref.filter((v) => v === null).length).toBe(5);
    expectTrace(mine, ref);
  });

  it("an undefined tangent must give what a zero one gives (gradcheck's undefined-tangent check)", async () => {
    class Uneven extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor) {
        ctx.setMaterializeGrads(false);
        ctx.saveForForward(a, b);
        return a.mul(b);
      }
      static backward(_ctx: Ctx, g: Tensor) {
        return [g, g];
      }
      static jvp(ctx: Ctx, aT: Tensor | null, bT: Tensor | null) {
        const [a, b] = ctx.savedTensors as Tensor[];
        // Right for two tangents; an undefined one counts as 1 instead of 0.
        const left = aT === null ? 1 : aT.mul(b as Tensor);
        const right = bT === null ? 1 : (a as Tensor).mul(bT);
        return typeof left === "number" ? (right as Tensor).add(left) : left.add(right);
      }
    }
    const x0 = f64([2]);
    const y0 = f64([2]);
    const x = x0.clone().requiresGrad_(true);
    const y = y0.clone().requiresGrad_(true);
    const mine = [true, false].map((undefinedGrad) =>
      gcErr(() =>
        gradcheck(Uneven.apply.bind(Uneven) as never, [x, y], {
          checkForwardAd: true,
          checkBackwardAd: false,
          checkUndefinedGrad: undefinedGrad,
        }),
      ),
    );
    const ref = (await call("gradcheck_forward_ad_undefined", { x: x0, y: y0 })) as PyValue[];
    expect(
      ((ref[0] as string[])[1] as string).startsWith("('Mismatch in tangent values for output with index: ', 0"),
    ).toBe(true);
    expectTrace(mine, ref);
  });

  it("gradgradcheck(checkFwdOverRev): forward mode over the gradients", async () => {
    // Square's backward goes through Twice, whose jvp is 1.5 times too large when `bad`:
    // forward-over-reverse sees it, reverse-over-reverse does not.
    class Twice extends torch.autograd.Function {
      static forward(ctx: Ctx, gO: Tensor, bad: boolean) {
        ctx.bad = bad;
        return gO.mul(2);
      }
      static backward(_ctx: Ctx, gg: Tensor) {
        return [gg.mul(2), null];
      }
      static jvp(ctx: Ctx, t: Tensor, _: null) {
        return t.mul(ctx.bad ? 3 : 2);
      }
    }
    class Square extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, bad: boolean) {
        ctx.saveForBackward(a);
        ctx.saveForForward(a);
        ctx.bad = bad;
        return a.mul(a);
      }
      static backward(ctx: Ctx, gO: Tensor) {
        const [a] = ctx.savedTensors as Tensor[];
        return [Twice.apply(gO, ctx.bad as boolean).mul(a as Tensor), null];
      }
      static jvp(ctx: Ctx, t: Tensor, _: null) {
        const [a] = ctx.savedTensors as Tensor[];
        return (a as Tensor).mul(t).mul(2);
      }
    }
    const x0 = f64([3]);
    const g0 = f64([3]);
    const x = x0.clone().requiresGrad_(true);
    const g = g0.clone().requiresGrad_(true);
    const { gradgradcheck } = torch.autograd;
    const mine: unknown[] = [gradgradcheck((t: Tensor) => t.sin().mul(t), [x], [g], { checkFwdOverRev: true })];
    for (const bad of [false, true])
      for (const [fwd, rev] of [
        [true, false],
        [false, true],
        [true, true],
      ])
        mine.push(
          gcErr(() =>
            gradgradcheck((t: Tensor) => Square.apply(t, bad), [x], [g], {
              checkFwdOverRev: fwd,
              checkRevOverRev: rev,
              checkUndefinedGrad: rev,
            }),
          ),
        );
    mine.push(
      errOf(() => gradgradcheck((t: Tensor) => t.mul(t), [x], [g], { checkFwdOverRev: true, checkRevOverRev: false })),
    );
    const ref = (await call("gradgradcheck_fwd_over_rev", { x: x0, g: g0 })) as PyValue[];
    expect(ref.filter((v) => v === true).length).toBe(5);
    expectTrace(mine, ref);
  });

  it("test_gradcheck_forward_ad_batched_grad", async () => {
    const x0 = f64([2]);
    const x = x0.clone().requiresGrad_(true);
    const o = {
      checkForwardAd: true,
      checkBackwardAd: false,
      checkBatchedGrad: false,
      checkUndefinedGrad: false,
      checkBatchedForwardGrad: true,
    };
    const mine: unknown[] = [
      // multiple inputs and outputs with non-tensors inputs
      gcErr(() => gradcheck((a: Tensor, _b: number) => [a.clone(), a.add(1)], [x, 1], o)),
      // unrelated inputs: tangent for c is None
      gcErr(() => gradcheck((a: Tensor, _c: Tensor) => a.clone(), [x, x.clone()], o)),
    ];
    class Fn extends torch.autograd.Function {
      static forward(_ctx: Ctx, foo: Tensor) {
        return foo.mul(2);
      }
      static backward(_ctx: Ctx, gO: Tensor) {
        return gO.mul(2);
      }
      static jvp(_ctx: Ctx, gI: Tensor) {
        torch.randnLike(gI);
        return gI.mul(2);
      }
    }
    mine.push(
      gcErr(() => gradcheck(Fn.apply.bind(Fn) as never, [x], { checkForwardAd: true, checkBatchedForwardGrad: true })),
    );
    const ref = (await call("gradcheck_forward_ad_batched_grad", { x: x0 })) as PyValue[];
    expect(ref.slice(0, 2)).toEqual([true, true]);
    expect(((ref[2] as string[])[1] as string).split("\n")[0]).toBe(
      "While computing batched gradients, got: vmap: We do not yet support calling random operations inside of vmap. Please perform random operations outside of vmap as a workaround",
    );
    expectTrace(mine, ref);
  });

  it("checkBatchedForwardGrad: a wrong vmapped tangent, a view operator without a batching rule, the fallback's warnings", async () => {
    let calls = 0;
    class LateWrong extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor) {
        return a.mul(2);
      }
      static backward(_ctx: Ctx, g: Tensor) {
        return g.mul(2);
      }
      static jvp(_ctx: Ctx, t: Tensor) {
        // x has 3 elements: 3 calls for the Jacobian, 2 for the one-at-a-time products, then the vmapped one.
        calls++;
        return t.mul(calls >= 6 ? 3 : 2);
      }
    }
    class Swap extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor) {
        return a.swapaxes(0, 1).clone();
      }
      static backward(_ctx: Ctx, g: Tensor) {
        return g.swapaxes(0, 1);
      }
      static jvp(_ctx: Ctx, t: Tensor) {
        return t.swapaxes(0, 1);
      }
    }
    const x0 = f64([2, 3]);
    const idx = torch.tensor([1, 0, 1]);
    const seed = 7;
    const o = { checkForwardAd: true, checkBackwardAd: false, checkUndefinedGrad: false };
    const x1 = (x0.index(0) as Tensor).clone().requiresGrad_(true);
    const mine: unknown[] = [false, true].map((batched) => {
      calls = 0;
      torch.manualSeed(seed);
      return gcErr(() =>
        gradcheck(LateWrong.apply.bind(LateWrong) as never, [x1], { ...o, checkBatchedForwardGrad: batched }),
      );
    });
    const x2 = x0.clone().requiresGrad_(true);
    mine.push(
      [false, true].map((b) =>
        gcErr(() => gradcheck(Swap.apply.bind(Swap) as never, [x2], { ...o, checkBatchedForwardGrad: b })),
      ),
    );
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message.replace(/\s*\(Triggered internally at .*$/s, ""));
    const prevFallback = torch._debugOnlyAreVmapFallbackWarningsEnabled();
    const prevAlways = torch.isWarnAlwaysEnabled();
    process.on("warning", onWarning);
    try {
      torch._debugOnlyDisplayVmapFallbackWarnings(true);
      torch.setWarnAlways(true);
      mine.push(gradcheck((t: Tensor) => t.indexSelect(0, idx), [x2], { ...o, checkBatchedForwardGrad: true }));
      await new Promise((r) => setImmediate(r));
    } finally {
      process.off("warning", onWarning);
      torch._debugOnlyDisplayVmapFallbackWarnings(prevFallback);
      torch.setWarnAlways(prevAlways);
    }
    mine.push(warnings.filter((w) => w.startsWith("There is a performance drop")));
    const ref = (await call("batched_forward_grad_checks", { x: x0, idx, seed })) as PyValue[];
    expect(ref[0]).toBe(true);
    expect(
      ((ref[1] as string[])[1] as string).startsWith(
        "For output 0 and input 0:\n\n\ngradcheck failed while testing batched gradient computation with forward-mode AD.",
      ),
    ).toBe(true);
    expect((ref[4] as string[]).length).toBeGreaterThan(0);
    expectTrace(mine, ref);
  });
});
