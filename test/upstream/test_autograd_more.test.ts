// Ported from PyTorch 1.13's test/test_autograd.py: more of TestAutograd and the CPU half of
// TestAutogradDeviceType, the cases test_autograd.test.ts, test_autograd_graph.test.ts,
// test_autograd_forward_mode.test.ts and test_autograd_functional.test.ts did not port. Cases keep their
// upstream names. (The stored test_autograd.py is a later one; every case below was run against 1.13.)
//
// Expected values: each case runs the same program in live PyTorch 1.13 (test/python/
// upstream_autograd_more.py, through test/helpers/pytorch.ts) on the inputs torchts made, and both sides
// record a trace (tensors, flags, counts, errors as [class, first message line], warnings' first lines)
// that is compared. Context managers (no_grad, enable_grad, set_grad_enabled, detect_anomaly) become
// callbacks; Python's `x[:]` is x.index(":"); a Python exception raised in a backward is a JS Error.
//
// Adapted: test_no_grad_copy compares data_ptr() of the gradients, as upstream does; test_autograd_print_tensor
// and test_custom_function_inplace_on_view_of_leaf check 1.13's behavior, which later releases changed (1.13
// raises when printing a no-grad view modified in place, where later releases print grad_fn=<Invalid>; 1.13
// lets a custom Function modify a view of a leaf in place, later releases refuse).
//
// In part: test_autograd_inplace_views_creation_meta and test_inplace_not_requires_grad without their
// custom-Function views; test_no_grad_copy without whether one of a, b steals the gradient buffer the
// Function's backward returned (torchts's JS backward still holds a reference to it, so AccumulateGrad copies).
//
// Needs native (left out): test_deep_reentrant (past the engine's reentrant depth limit, libtorch continues
// on a pool thread, where torchts refuses to run a JS Function's backward).
//
// Found by this port and fixed in native/autograd.cc: a custom Function's saved output came back from
// ctx.savedTensors detached (now as that output of the Function's node, as SavedVariable::unpack gives it:
// test_custom_autograd_repeated_grad_grad, test_custom_autograd_no_early_free); views a custom Function
// returns were not marked as made in one (test_autograd_multiple_views_python,
// test_custom_function_return_view_in_nograd).
//
// Left out:
// - test_tensor_hooks_inplace_multiple_outputs: 1.13 gives the hook registered on a multi-output node's output
//   after an in-place op the gradient of the old output (2, not upstream's 1; fixed later); torchts gives 1.
// - test_enable_grad_decorator_no_paren: 1.13's enable_grad takes no function (TypeError).
// - test_custom_function_inplace_on_non_default_view, test_custom_function_mark_output_view_of_intermediate,
//   test_autograd_inplace_view_of_view, test_inplace_on_view_undefined_grad_output: PyTorch 1.13 fails them
//   with an INTERNAL ASSERT (creation_meta == CreationMeta::DEFAULT, !grad_fn, res[i].defined()); what
//   upstream expects came later.
// - test_complex_scalar_backward (1.13 backpropagates from a complex scalar without the "real scalar
//   outputs" error), test_pow_real_negative_base_complex_exponent (1.13's gradient is nan; gradcheck fails):
//   fixed after 1.13.
// - test_out_variant_raises_when_inputs_require_grad, test_accumulate_grad_with_zero_numel_grad: later names
//   of test_mul_out and test_sum_to_with_empty_dim_grad, ported in test_autograd.test.ts.
// - Callbacks (test_callback_*, test_reentrant_with_callbacks_*): Variable._execution_engine.queue_callback
//   is not in torchts.
// - TestMultithreadAutograd: JS runs one thread; torchts has no threads to start backward from.
// - Later than 1.13 (nothing to compare with): setup_context, materialize_grads=, grad_dtype,
//   post-accumulate-grad hooks, GradientEdge, register_multi_grad_hook, _force_original_view_tracking,
//   _unsafe_preserve_version_counter, torch.autograd.graph.increment_version, _view_func.
// - Python-object cases (weakref, gc, id(), pickle, __torch_function__ subclasses, named tensors,
//   the profiler, JIT) and CUDA-only device cases.
//
// Found and fixed in lib/autograd_function.ts: a Function marking dirty an output that is no input now warns
// as 1.13 does, and one modifying in place an input that is a view while returning more than one output
// raises 1.13's error (both from test_autograd_python_custom_function_inplace).

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import type { PyValue } from "../helpers/pytorch";
import { PyTorch } from "../helpers/pytorch";
import { expectTrace as traceEqual } from "../helpers/trace";

const py = new PyTorch();
afterAll(() => py.close());

type Ctx = torch.autograd.FunctionCtx;
const call = (fn: string, inputs: Record<string, unknown> = {}) => py.call(`upstream_autograd_more.${fn}`, inputs);

/** null when fn returns, else [Python's class name, first message line], as the Python side records. */
function errOf(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    const err = e as Error;
    return [err.name === "Error" ? "RuntimeError" : err.name, err.message.split("\n")[0] as string];
  }
}

/** A torchts trace equal to PyTorch's: tensors within float32 tolerance, the rest exactly. */
const expectTrace = (mine: unknown, ref: PyValue, what = "trace"): void =>
  traceEqual(mine, ref, { rtol: 1e-5, atol: 1e-6 }, what);

/** A warning without libtorch's "(Triggered internally at <file>:<line>.)" tail (the paths differ). */
const untriggered = (m: string) => m.replace(/ \(Triggered internally at .*\)$/, "");
const nextTurn = () => new Promise((res) => setImmediate(res));
/** The first lines of the warnings fn emits (every one: setWarnAlways(true) while it runs). */
async function warningsOf(fn: () => unknown): Promise<string[]> {
  await nextTurn();
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(untriggered(w.message.split("\n")[0] as string));
  process.on("warning", onWarning);
  try {
    torch.setWarnAlways(true);
    try {
      fn();
    } finally {
      torch.setWarnAlways(false);
    }
    await nextTurn();
    await nextTurn();
  } finally {
    process.off("warning", onWarning);
  }
  return seen;
}

class SimulateBackwardError extends torch.autograd.Function {
  static forward(_ctx: Ctx, input: Tensor): Tensor {
    return input.clone();
  }
  static backward = torch.autograd.onceDifferentiable((_ctx: Ctx, _g: Tensor): Tensor => {
    throw new Error("Simulate error on backward pass");
  });
}

describe("TestAutograd: custom Function", () => {
  it("test_custom_function_non_tensor_inputs_outputs", async () => {
    const seen: unknown[] = [];
    class MyFunction extends torch.autograd.Function {
      static forward(ctx: Ctx, t1: Tensor, t2: Tensor, scale: number, t3: Tensor): unknown[] {
        const t4 = t1.add(t2.mul(t3));
        const t5 = t1.mul(t2).add(t3);
        t4.mul_(scale);
        t5.mul_(scale);
        ctx.scale = scale;
        ctx.saveForBackward(t1, t2, t3);
        return [scale, t4, null, true, t5, "bar", t1];
      }
      static backward = torch.autograd.onceDifferentiable((ctx: Ctx, ...grads: Array<Tensor | null>) => {
        seen.push([grads.length, grads[0] === null, grads[2] === null, grads[3] === null, grads[5] === null]);
        const scale = ctx.scale as number;
        const [v1, v2, v3] = ctx.savedTensors as Tensor[];
        const [g1, g4, g6] = [grads[1], grads[4], grads[6]] as Tensor[];
        return [
          g1
            .mul(scale)
            .add(g4.mul(v2 as Tensor).mul(scale))
            .add(g6),
          g1
            .mul(v3 as Tensor)
            .mul(scale)
            .add(g4.mul(v1 as Tensor).mul(scale)),
          null,
          g1
            .mul(v2 as Tensor)
            .mul(scale)
            .add(g4.mul(scale)),
        ];
      });
    }
    const [t1, t2, t3] = [0, 1, 2].map(() => torch.rand([10], { dtype: "float64" })) as Tensor[];
    const scale = 3;
    const ref = await call("custom_function_non_tensor_inputs_outputs", { t1, t2, t3, scale });
    const [a, b, c] = [t1, t2, t3].map((t) => (t as Tensor).clone()) as Tensor[];
    a.requiresGrad_();
    b.requiresGrad_();
    const res = MyFunction.apply(a, b, scale, c) as unknown[];
    const mine: unknown[] = [...res];
    torch.autograd.backward([(res[1] as Tensor).sum(), (res[4] as Tensor).sum(), (res[6] as Tensor).sum()]);
    mine.push(a.grad, b.grad, c.grad === null, seen);
    const foo = (x: Tensor, y: Tensor, z: Tensor) => {
      const r = MyFunction.apply(x, y, scale, z) as Tensor[];
      return [r[1], r[4], r[6]] as Tensor[];
    };
    mine.push(torch.autograd.gradcheck(foo, [a, b, c]));
    expectTrace(mine, ref);
  });

  it("test_custom_function_no_tensors", async () => {
    class MyFunction extends torch.autograd.Function {
      static forward(_ctx: Ctx, t1: number, t2: number, scale: number, t3: number): unknown[] {
        const t4 = (t1 + t2 * t3) * scale;
        const t5 = (t1 * t2 + t3) * scale;
        return [scale, t4, null, true, t5, "bar", t1];
      }
      static backward = torch.autograd.onceDifferentiable((_ctx: Ctx, ...args: unknown[]) => [
        args[0],
        args[1],
        null,
        args[2],
      ]);
    }
    // Binary fractions, so both sides' floats are the same numbers.
    const [t1, t2, t3, scale] = [0.5, 0.25, 0.125, 3];
    const mine = MyFunction.apply(t1, t2, scale, t3) as unknown[];
    expectTrace(mine, await call("custom_function_no_tensors", { t1, t2, t3, scale }));
  });

  it("test_unrelated_inputs", async () => {
    const x = torch.rand([10], { dtype: "float64" });
    const y = torch.rand([10], { dtype: "float64" });
    const myFunction = (a: Tensor, _b: Tensor) => a.mul(a);
    const [xs, ys] = [x.clone().requiresGrad_(), y.clone().requiresGrad_()];
    const mine = [torch.autograd.gradcheck(myFunction, [xs, ys]), torch.autograd.gradgradcheck(myFunction, [xs, ys])];
    expectTrace(mine, await call("unrelated_inputs", { x, y }));
  });

  it("test_not_implemented_grad", async () => {
    const a0 = torch.rand([2]);
    const a = a0.clone().requiresGrad_();
    const y = torch.nextafter(a, a).sum();
    const mine = errOf(() => y.backward());
    const ref = (await call("not_implemented_grad", { a: a0 })) as string[];
    expect(ref[1]).toMatch(/the derivative for .* is not implemented/);
    expectTrace(mine, ref);
  });

  it("test_return_leaf", async () => {
    class Identity extends torch.autograd.Function {
      static forward(_ctx: Ctx, a: Tensor, b: Tensor): Tensor[] {
        return [a, a.add(b)];
      }
      static backward(_ctx: Ctx, ga: Tensor, gb: Tensor): Tensor[] {
        return [ga.add(gb), gb];
      }
    }
    const [x0, y0] = [torch.rand([5, 5]), torch.rand([5, 5])];
    const [x, y] = [x0.clone().requiresGrad_(), y0.clone().requiresGrad_()];
    const seen: Tensor[] = [];
    const [q, p] = Identity.apply(x, y) as Tensor[];
    // Hooks on q only receive the gradient from q's own uses, not x's.
    (q as Tensor).registerHook((g) => {
      seen.push(g.clone());
    });
    (q as Tensor)
      .add(p as Tensor)
      .add(x)
      .sum()
      .backward();
    expectTrace([x.grad, y.grad, seen], await call("return_leaf", { x: x0, y: y0 }));
  });

  it("test_dep_nograd", async () => {
    class F1 extends torch.autograd.Function {
      static forward(ctx: Ctx, input: Tensor): Tensor[] {
        const out = torch.randn(input.shape);
        ctx.markNonDifferentiable(out);
        return [input, out];
      }
      static backward(_ctx: Ctx, g: Tensor, _ignored: Tensor): Tensor {
        return g;
      }
    }
    class F2 extends torch.autograd.Function {
      static forward(_ctx: Ctx, input: Tensor, _ignored: Tensor): Tensor {
        return input;
      }
      static backward(_ctx: Ctx, g: Tensor): Array<Tensor | null> {
        return [g, null];
      }
    }
    const x0 = torch.rand([5]);
    const x = x0.clone().requiresGrad_();
    const [a, b0] = F1.apply(x) as Tensor[];
    const b = (b0 as Tensor).add(1); // separate F1 from F2 by another op
    const mine: unknown[] = [(a as Tensor).requiresGrad, b.requiresGrad];
    const c = F2.apply(a as Tensor, b);
    c.backward(torch.ones(c.shape));
    mine.push(x.grad);
    expectTrace(mine, await call("dep_nograd", { x: x0 }));
  });

  class DoubleMul extends torch.autograd.Function {
    static forward(_ctx: Ctx, x: Tensor): Tensor[] {
      return [x.mul(2), x.mul(3)];
    }
    static backward(_ctx: Ctx, g1: Tensor, g2: Tensor): Tensor {
      return g1.mul(2).add(g2.mul(3));
    }
  }
  const multiOutputFns: Array<(t: Tensor) => Tensor[]> = [(t) => DoubleMul.apply(t) as Tensor[], (t) => t.varMean(0)];

  it("test_retains_grad_inplace_multiple_outputs", async () => {
    const b0 = torch.rand([3, 3]);
    const mine = multiOutputFns.map((fn) => {
      const b = b0.clone().requiresGrad_(true);
      const [v, m] = fn(b) as [Tensor, Tensor];
      v.retainGrad();
      m.retainGrad();
      v.mul_(2); // the node had two retains_grad hooks
      v.add(m).sum().backward();
      const [gvar, gmean] = [v.grad, m.grad];
      const a = b0.clone().requiresGrad_(true);
      const [v2, m2] = fn(a) as [Tensor, Tensor];
      v2.mul_(2);
      const out = v2.add(m2).sum();
      const [ev, em] = torch.autograd.grad(out, [v2, m2]);
      return [gvar, gmean, ev, em];
    });
    expectTrace(mine, await call("retains_grad_inplace_multiple_outputs", { b0 }));
  });

  it("test_reentrant_child_error", async () => {
    const [a0, b0] = [torch.rand([3, 3]), torch.rand([3, 3])];
    const [a, b] = [a0.clone().requiresGrad_(), b0.clone().requiresGrad_()];
    // Parent graph.
    const c = a.mul(a);
    // Reentrant child graph.
    const e = b.mul(b);
    const f = SimulateBackwardError.apply(e);
    const reentrantRoot = f.sum();
    class ReentrantFunc extends torch.autograd.Function {
      static forward(_ctx: Ctx, inp: Tensor): Tensor {
        return inp.clone();
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        // Reentrant backward in child will throw an error.
        reentrantRoot.backward();
        return g;
      }
    }
    const d = ReentrantFunc.apply(c);
    const mine = errOf(() => d.sum().backward());
    const ref = (await call("reentrant_child_error", { a: a0, b: b0 })) as string[];
    expect(ref[1]).toMatch(/Simulate error/);
    // Python raises the exception's own class (Exception); a JS Error is an Error.
    expect(mine?.[1]).toBe(ref[1]);
  });

  class Reentrant extends torch.autograd.Function {
    static forward(ctx: Ctx, x: Tensor): Tensor {
      ctx.x = torch.enableGrad(() => x.detach().requiresGrad_(true).sub(1));
      return (ctx.x as Tensor).detach();
    }
  }

  it("test_reentrant_priority", async () => {
    const order: string[] = [];
    class MyFunction extends torch.autograd.Function {
      static forward(_ctx: Ctx, x: Tensor): Tensor {
        return x;
      }
      static backward(_ctx: Ctx, x: Tensor): Tensor {
        order.push("MyFunction");
        return x;
      }
    }
    class R extends Reentrant {
      static backward(ctx: Ctx, x: Tensor): Tensor {
        order.push("Reentrant");
        if (((ctx.x as Tensor).item() as number) < 0) return x;
        torch.enableGrad(() => R.apply(ctx.x as Tensor).backward());
        return x;
      }
    }
    const a = MyFunction.apply(torch.tensor(6.0, { dtype: "float32" }).requiresGrad_(true));
    const b = R.apply(torch.tensor(9.0, { dtype: "float32" }).requiresGrad_(true));
    a.mul(b).backward();
    // All the reentrant tasks run before MyFunction's backward, whatever their sequence numbers.
    expect(order.length).toBe(11);
    expectTrace(order, await call("reentrant_priority"));
  });

  it("test_reentrant_with_leaf_variable_hook", async () => {
    const p0 = torch.rand([10]);
    const param = p0.clone().requiresGrad_(true);
    let handle: { remove(): void } | null = null;
    handle = param.registerHook((grad) => {
      handle?.remove();
      const oldParamGrad = grad;
      param.grad = null;
      // Add some sort of gradient penalty by directly updating the gradients
      const g = grad.detach().requiresGrad_();
      torch.enableGrad(() => {
        const newParam = param.detach().requiresGrad_();
        g.mul(2).add(newParam).sum().backward();
      });
      const res = (g.grad as Tensor).add(grad);
      param.grad = oldParamGrad;
      return res;
    });
    param.mul(param).sum().backward();
    expectTrace([param.grad], await call("reentrant_with_leaf_variable_hook", { param: p0 }));
  });

  it("test_reentrant_with_non_leaf_variable_hook", async () => {
    const p0 = torch.rand([10]);
    const param = p0.clone().requiresGrad_(true);
    const tmp = param.mul(param);
    let handle: { remove(): void } | null = null;
    handle = tmp.registerHook((grad) => {
      handle?.remove();
      const g = grad.detach().requiresGrad_();
      torch.enableGrad(() => g.mul(2).add(5).sum().backward());
      return (g.grad as Tensor).add(grad);
    });
    tmp.sum().backward();
    // upstream: param.grad == 6 * param
    expect(param.grad?.allclose(p0.mul(6))).toBe(true);
    expectTrace([param.grad], await call("reentrant_with_non_leaf_variable_hook", { param: p0 }));
  });
});

describe("TestAutograd: custom Functions, views and in-place", () => {
  it("test_autograd_python_custom_function_inplace", async () => {
    let bwCalled = 0;
    const trace: unknown[] = [];
    class MyAdder extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor): Tensor {
        a.add_(b);
        ctx.markDirty(a);
        return a;
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor[] {
        bwCalled += 1;
        return [g, g];
      }
    }
    let a = torch.ones([2]).requiresGrad_(true);
    let b = torch.ones([2]).requiresGrad_(true);
    // No extra inplace
    let c = MyAdder.apply(a.clone(), b);
    c.sum().backward();
    trace.push(bwCalled);
    // With extra inplace on the output
    bwCalled = 0;
    c = MyAdder.apply(a.clone(), b);
    c.add_(2);
    c.sum().backward();
    trace.push(bwCalled);
    // The input is a view
    bwCalled = 0;
    c = MyAdder.apply(a.clone().viewAs(a), b);
    c.sum().backward();
    trace.push(bwCalled, a.grad, b.grad);

    // Should not give non-inputs to mark_dirty
    class MyAdderBad extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor, y: Tensor): Tensor {
        const z = x.mul(3);
        z.add_(y);
        ctx.markDirty(z);
        return z;
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor[] {
        bwCalled += 1;
        return [g.mul(3), g.mul(3)];
      }
    }
    a = torch.ones([2]).requiresGrad_(true);
    b = torch.ones([2]).requiresGrad_(true);
    const [aa, bb] = [a, b];
    trace.push(await warningsOf(() => MyAdderBad.apply(aa.clone(), bb)));

    // Multiple outputs
    class MyBadAdder extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor, y: Tensor): Tensor[] {
        x.add_(y);
        ctx.markDirty(x);
        return [x, x.add(y)];
      }
      static backward(_ctx: Ctx, ga: Tensor, gab: Tensor): Tensor[] {
        bwCalled += 1;
        return [ga.add(gab), ga.add(gab)];
      }
    }
    bwCalled = 0;
    let [c2, d2] = MyBadAdder.apply(a.clone(), b) as Tensor[];
    (c2 as Tensor)
      .mul(d2 as Tensor)
      .sum()
      .backward();
    trace.push(bwCalled);
    bwCalled = 0;
    [c2, d2] = MyBadAdder.apply(a.clone(), b) as Tensor[];
    (c2 as Tensor).add_(2);
    (c2 as Tensor)
      .mul(d2 as Tensor)
      .sum()
      .backward();
    trace.push(bwCalled, a.grad, b.grad);
    // The input is a view
    trace.push(errOf(() => MyBadAdder.apply(aa.clone().viewAs(aa), bb)));

    // Inplace + other op
    class MyOutPlaceAdder extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor, y: Tensor): Tensor[] {
        x.add_(y);
        ctx.markDirty(x);
        return [x.clone(), x.add(y)];
      }
      static backward(_ctx: Ctx, ga: Tensor, gab: Tensor): Tensor[] {
        bwCalled += 1;
        return [ga.add(gab), ga.add(gab.mul(2))];
      }
    }
    const fn = (x: Tensor, y: Tensor) => {
      const origA = x.clone().viewAs(x);
      const [cc, dd] = MyOutPlaceAdder.apply(origA, y) as Tensor[];
      return (cc as Tensor).mul(dd as Tensor).sum();
    };
    trace.push(errOf(() => fn(aa, bb)));
    expectTrace(trace, await call("autograd_python_custom_function_inplace"));
  });

  it("test_custom_function_inplace_on_view_of_leaf (1.13: allowed)", async () => {
    class Func extends torch.autograd.Function {
      static forward(ctx: Ctx, inp: Tensor): Tensor {
        inp.add_(1);
        ctx.markDirty(inp);
        return inp;
      }
      static backward(_ctx: Ctx, _g: Tensor): null {
        return null;
      }
    }
    const a = torch.tensor([1.0, 2.0], { dtype: "float32" }).requiresGrad_(true);
    const b = a.viewAs(a);
    expectTrace([errOf(() => Func.apply(b))], await call("custom_function_inplace_on_view_of_leaf"));
  });

  it("test_custom_function_return_view_in_nograd", async () => {
    class Alias extends torch.autograd.Function {
      static forward(_ctx: Ctx, x: Tensor): Tensor {
        return x.index(":");
      }
      static backward(_ctx: Ctx, gx: Tensor): Tensor {
        return gx;
      }
    }
    const inp0 = torch.rand([2]);
    const inp = inp0.clone().requiresGrad_(true);
    const output = torch.noGrad(() => Alias.apply(inp));
    const expected = torch.noGrad(() => inp.index(":"));
    // Calling the custom function operates as if we called an equivalent op; in-place on the view throws.
    const e = errOf(() => output.zero_());
    const ref = (await call("custom_function_return_view_in_nograd", { inp: inp0 })) as PyValue[];
    expectTrace([output.requiresGrad, expected.requiresGrad], ref.slice(0, 2));
    // upstream's regex, and 1.13's whole message (the view was made in a custom Function).
    const leafGradErr = /A view was created in no_grad mode and is being modified inplace/;
    expect((ref[2] as string[])[1]).toMatch(leafGradErr);
    expect((ref[2] as string[])[1]).toContain("This view was created inside a custom Function");
    expectTrace(e, ref[2] as PyValue);
  });

  it("test_custom_autograd_repeated_grad_grad", async () => {
    // A custom Function's saved output comes back from ctx.savedTensors as that output of the Function's node,
    // so the double backward goes through the Function again.
    const mult1 = (x: Tensor) => x.prod(-1).prod(-1);
    class Mult extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor): Tensor {
        const y = mult1(x);
        ctx.saveForBackward(x, y);
        return y;
      }
      static backward(ctx: Ctx, gradOutput: Tensor): Tensor {
        const [x, y] = ctx.savedTensors as Tensor[];
        return gradOutput
          .mul(y as Tensor)
          .index(":", null, null)
          .div(x as Tensor);
      }
    }
    const repeated = (x: Tensor, y: Tensor): Tensor[] => {
      let [gy] = torch.autograd.grad([y.index(0)], [x], { createGraph: true }) as Tensor[];
      const [ggy1] = torch.autograd.grad([(gy as Tensor).index(0, 0, 0)], [x], { retainGraph: true }) as Tensor[];
      [gy] = torch.autograd.grad([y.index(0)], [x], { createGraph: true }) as Tensor[];
      const [ggy2] = torch.autograd.grad([(gy as Tensor).index(0, 0, 0)], [x], { retainGraph: true }) as Tensor[];
      expect((ggy1 as Tensor).index(0, 0, 1).item()).toBe((ggy2 as Tensor).index(0, 0, 1).item());
      return [ggy1 as Tensor, ggy2 as Tensor];
    };
    const x = torch.ones([2, 4, 4]).requiresGrad_();
    const mine = [repeated(x, mult1(x)), repeated(x, Mult.apply(x))];
    expectTrace(mine, await call("custom_autograd_repeated_grad_grad"));
  });

  it("test_custom_autograd_no_early_free", async () => {
    class Double extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor): Tensor {
        const y = x.pow(2);
        ctx.saveForBackward(x, y);
        return y;
      }
      static backward(ctx: Ctx, gradOutput: Tensor): Tensor {
        const [x] = ctx.savedTensors as Tensor[];
        return gradOutput.mul(2).mul(x as Tensor);
      }
    }
    // The same, using the output of forward in backward.
    class Double2 extends Double {
      static backward(ctx: Ctx, gradOutput: Tensor): Tensor {
        const [x, y] = ctx.savedTensors as Tensor[];
        return gradOutput
          .mul(2)
          .mul(y as Tensor)
          .div(x as Tensor);
      }
    }
    const double = (x: Tensor) => Double.apply(x);
    const double2 = (x: Tensor) => Double2.apply(x);
    const x = torch.tensor(2).double().requiresGrad_();
    const trace: unknown[] = [
      torch.autograd.gradcheck(double, [x]),
      torch.autograd.gradgradcheck(double, [x]),
      torch.autograd.gradcheck(double2, [x]),
      torch.autograd.gradgradcheck(double2, [x]),
    ];
    for (const f of [double, double2]) {
      const y = f(x);
      trace.push(torch.autograd.grad([y], [x], { createGraph: true })[0]);
      trace.push(torch.autograd.grad([y], [x])[0]); // should not error!
    }
    expectTrace(trace, await call("custom_autograd_no_early_free"));
  });

  it("test_autograd_multiple_views_python", async () => {
    // Multiple views made in forward: the output is a view made in a custom Function, and changing it in
    // place raises.
    let bwCalled = 0;
    class ComplexView extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, idx: number): Tensor {
        let res = a.narrow(0, idx, 1);
        res = a.select(0, idx);
        ctx.saveForBackward(a);
        ctx.idx = idx;
        return res;
      }
      static backward(ctx: Ctx, grad: Tensor): [Tensor, null] {
        bwCalled += 1;
        const [a] = ctx.savedTensors as Tensor[];
        const res = torch.zerosLike(a as Tensor);
        res.select(0, ctx.idx as number).copy_(grad);
        return [res, null];
      }
    }
    const a = torch.ones([2], { requiresGrad: true });
    let out = ComplexView.apply(a.clone(), 1);
    out.sum().backward();
    const trace: unknown[] = [bwCalled];
    out = ComplexView.apply(a.clone(), 1);
    trace.push(errOf(() => out.add_(1)));
    const ref = (await call("autograd_multiple_views_python")) as PyValue[];
    expect((ref[1] as string[])[1]).toMatch(/Output 0 of ComplexViewBackward is a view and is being modified inplace/);
    expectTrace(trace, ref);
  });

  it("test_inplace_not_requires_grad (in part: the unbind and select halves)", async () => {
    const ins = { a3: torch.rand([1, 2]), b3: torch.rand([1]), a4: torch.rand([1, 2]), b4: torch.rand([1]) };
    const t = Object.fromEntries(Object.entries(ins).map(([k, v]) => [k, v.clone()])) as typeof ins;
    t.b3.requiresGrad_();
    t.b4.requiresGrad_();
    // Functions that should throw must properly throw.
    const viewA3 = t.a3.unbind()[0] as Tensor;
    const trace: unknown[] = [errOf(() => viewA3.copy_(t.b3))];
    // Views that should work still work.
    t.a4.select(1, 0).copy_(t.b4);
    trace.push(t.a4.requiresGrad, t.a4.gradFn !== null);
    const ref = (await call("inplace_not_requires_grad", ins)) as PyValue[];
    expect((ref[0] as string[])[1]).toMatch(/This view is the output of a function that returns multiple views/);
    expectTrace(trace, ref);
  });

  it("test_autograd_views_codegen", async () => {
    const [x1, x2] = [torch.rand([2]), torch.rand([2])];
    const withGrad = <T>(mode: boolean, f: () => T): T => (mode ? torch.enableGrad(f) : torch.noGrad(f));
    const runTest = (gradMode: boolean, requiresGrad: boolean): unknown[] => {
      const trace: unknown[] = [];
      const inp = x1.clone().requiresGrad_(requiresGrad).clone();
      const out = withGrad(gradMode, () => inp.viewAs(inp));
      // Are they differentiable views? Are in-place ops allowed?
      trace.push(
        out._isView(),
        errOf(() => out.add_(1)),
      );
      const inp2 = x2.clone().requiresGrad_(requiresGrad).clone();
      const outs = withGrad(gradMode, () => inp2.unbind());
      trace.push((outs[0] as Tensor)._isView(), (outs[1] as Tensor)._isView());
      trace.push(errOf(() => (outs[0] as Tensor).add_(1)));
      trace.push(errOf(() => (outs[1] as Tensor).add_(1)));
      return trace;
    };
    const cases: Array<[boolean, boolean]> = [
      [true, false],
      [true, true],
      [false, true],
      [false, false],
    ];
    const mine = cases.map(([g, r]) => runTest(g, r));
    const ref = (await call("autograd_views_codegen", { x1, x2 })) as PyValue[][];
    expect(((ref[1] as PyValue[])[4] as string[])[1]).toMatch(/Output 0 of UnbindBackward0 is a view/);
    expectTrace(mine, ref);
  });

  it("test_autograd_inplace_views_creation_meta (in part: views of ops, not of a custom Function)", async () => {
    const base0 = torch.rand([2, 3]);
    // The in-place view functions gen_inplace_or_view_type.py lists (detach_ aside).
    const fns: Array<(v: Tensor) => unknown> = [
      (v) => v.asStrided_([1, 0], [2, 2]),
      (v) => v.transpose_(0, 0),
      (v) => v.t_(),
      (v) => v.squeeze_(0),
      (v) => v.unsqueeze_(0),
      (v) => v.swapdims_(0, 0),
      (v) => v.swapaxes_(0, 0),
    ];
    const withGrad = <T>(mode: boolean, f: () => T): T => (mode ? torch.enableGrad(f) : torch.noGrad(f));
    const trace: unknown[] = [];
    for (const fn of fns) {
      for (const fnType of ["normal", "multi_view"]) {
        for (const gradModeView of [true, false]) {
          for (const gradModeIview of [true, false]) {
            for (const requiresGrad of [true, false]) {
              const base = base0.clone().requiresGrad_(requiresGrad).clone();
              const inp = withGrad(gradModeView, () =>
                fnType === "multi_view" ? (base.unbind()[0] as Tensor) : base.viewAs(base),
              );
              const e1 = withGrad(gradModeIview, () => errOf(() => fn(inp)));
              const e2 = e1 !== null ? null : errOf(() => inp.add_(1));
              trace.push([e1, e2]);
            }
          }
        }
      }
    }
    expectTrace(trace, await call("autograd_inplace_views_creation_meta", { base0 }));
  });

  it("test_autograd_print_tensor (1.13: printing the modified no-grad view raises)", async () => {
    const a = torch.ones([1]).requiresGrad_(true);
    const aClone = a.clone();
    const trace: unknown[] = [String(a), String(aClone)];
    const b = torch.noGrad(() => {
      const v = a.index(":");
      v.mul_(2);
      return v;
    });
    // Python stops at repr(b) (PyTorch 1.13 raises there): the rest of upstream's body never runs.
    trace.push(errOf(() => String(b)));
    const ref = await py.run(`a = torch.ones(1, requires_grad=True)
out = [repr(a), repr(a.clone())]
with torch.no_grad():
    b = a[:]
    b *= 2
out.append(repr(b))`);
    const [refA, refClone] = (await py.eval(
      "a = torch.ones(1, requires_grad=True)\nout = [repr(a), repr(a.clone())]",
    )) as string[];
    expect(ref.error).toBeTruthy();
    expectTrace(trace, [
      refA as string,
      refClone as string,
      [ref.type as string, (ref.error as string).split("\n")[0] as string],
    ]);
  });

  it("test_autograd_inplace_views_cross_dtype", async () => {
    const a1 = torch.rand([3, 3], { dtype: "complex64" });
    const a2 = torch.rand([3, 3], { dtype: "complex64" });
    let aOrig = a1.clone().requiresGrad_(true);
    let a = aOrig.clone();
    let b = torch.viewAsReal(a);
    b = b.transpose(0, 1);
    b.add_(1);
    b.backward(torch.arange(0, 18, { dtype: "float32" }).view([3, 3, 2]));
    const nonInplaceGrad = aOrig.grad as Tensor;
    aOrig = a2.clone().requiresGrad_(true);
    a = aOrig.clone();
    b = torch.viewAsReal(a);
    b.transpose_(0, 1);
    b.add_(1);
    b.backward(torch.arange(0, 18, { dtype: "float32" }).view([3, 3, 2]));
    const inplaceGrad = aOrig.grad as Tensor;
    // upstream (a bug it records): non_inplace_grad.T == inplace_grad
    expect(nonInplaceGrad.T.equal(inplaceGrad)).toBe(true);
    expectTrace([nonInplaceGrad, inplaceGrad], await call("autograd_inplace_views_cross_dtype", { a1, a2 }));
  });
});

describe("TestAutograd: anomaly mode", () => {
  it("test_nested_anomaly_detect_nan", async () => {
    const size = 10;
    class MyFunc2 extends torch.autograd.Function {
      static forward(ctx: Ctx, inp1: Tensor, inp2: Tensor, fail0th: boolean): Tensor {
        ctx.fail0th = fail0th;
        return inp1.mul(2.0).add(inp2);
      }
      static backward(ctx: Ctx, gO: Tensor): Array<Tensor | null> {
        const g1 = gO.clone();
        const g2 = gO.clone();
        g1.indexPut_([0], 0);
        g2.indexPut_([0], 0);
        // generate a nan
        const t = ctx.fail0th ? g1 : g2;
        t.index(0).div_(0);
        return [g1, g2, null];
      }
    }
    class MyFunc extends torch.autograd.Function {
      static forward(ctx: Ctx, inp1: Tensor, fail0th: boolean): Tensor {
        ctx.fail0th = fail0th;
        ctx.saveForBackward(inp1);
        return inp1.sum(0, true);
      }
      static backward(ctx: Ctx, gO: Tensor): Array<Tensor | null> {
        const [inp] = ctx.savedTensors as Tensor[];
        const g = gO.clone().expand([size]);
        return [MyFunc2.apply(g.mul(inp as Tensor), g.add(inp as Tensor), ctx.fail0th as boolean), null];
      }
    }
    const [i1, i2, i3] = [torch.rand([size]), torch.rand([size]), torch.rand([size])];
    let inp = i1.clone().requiresGrad_();
    let out = MyFunc.apply(inp, true);
    let [ginp] = torch.autograd.grad(out, [inp], { createGraph: true });
    (ginp as Tensor).sum().backward(); // should not fail
    const trace: unknown[] = [(ginp as Tensor).detach(), inp.grad];
    inp = i2.clone().requiresGrad_();
    out = MyFunc.apply(inp, true);
    [ginp] = torch.autograd.grad(out, [inp], { createGraph: true });
    const gsum = (ginp as Tensor).sum();
    trace.push(errOf(() => torch.autograd.detectAnomaly(() => gsum.backward())));
    const inp3 = i3.clone().requiresGrad_();
    trace.push(
      errOf(() =>
        torch.autograd.detectAnomaly(() => {
          const o = MyFunc.apply(inp3, false);
          const [g] = torch.autograd.grad(o, [inp3], { createGraph: true });
          (g as Tensor).sum().backward();
        }),
      ),
    );
    const ref = (await call("nested_anomaly_detect_nan", { i1, i2, i3 })) as PyValue[];
    expect((ref[2] as string[])[1]).toBe("Function 'MyFunc2Backward' returned nan values in its 0th output.");
    expect((ref[3] as string[])[1]).toBe("Function 'MyFunc2Backward' returned nan values in its 1th output.");
    expectTrace(trace, ref);
  });

  it("test_anomaly_grad_warnings", async () => {
    const a0 = torch.rand([5]);
    let e: unknown = null;
    const ws = await warningsOf(() => {
      e = errOf(() =>
        torch.autograd.detectAnomaly(() => {
          const a = a0.clone().requiresGrad_(true);
          const d1 = a.add(1);
          const d2 = d1.pow(2);
          d1.add_(1);
          torch.autograd.grad(d2.sum(), a);
        }),
      );
    });
    const ref = (await call("anomaly_grad_warnings", { a0 })) as PyValue[];
    expect((ref[0] as string[])[1]).toMatch(/modified by an inplace operation/);
    const refWs = ref[1] as string[];
    // upstream: two warnings, "Anomaly Detection has been enabled" and "Error detected in PowBackward0"
    expect(refWs.length).toBe(2);
    expect(ws.length).toBe(2);
    expect(ws[0]).toBe(refWs[0]);
    expect(refWs[1]).toMatch(/^Error detected in PowBackward0/);
    expect(ws[1]).toMatch(/^Error detected in PowBackward0/);
    expectTrace(e, ref[0] as PyValue);
  });
});

describe("TestAutograd: requires_grad, grad mode, version counter", () => {
  it("test_integer_outputs", async () => {
    const [inp0, val0, vals0] = [torch.rand([4]), torch.rand([]), torch.rand([5, 5])];
    const inp = inp0.clone().requiresGrad_(true);
    const val = val0.clone().requiresGrad_(true);
    const vals = vals0.clone().requiresGrad_(true);
    const bins = torch.linspace(0, 1.0, 100).requiresGrad_(true);
    const trace: unknown[] = [];
    for (const out of [
      inp.argmax(),
      inp.argmin(),
      inp.argsort(),
      torch.searchsorted(inp, val),
      torch.bucketize(vals, bins),
    ])
      trace.push([out.isFloatingPoint(), out.requiresGrad]);
    trace.push(torch.empty([5]).requiresGrad_().countNonzero().requiresGrad);
    const flags = (res: Tensor | Tensor[]) => (Array.isArray(res) ? res : [res]).map((r) => r.requiresGrad);
    for (const sorted of [true, false]) {
      for (const returnInverse of [true, false]) {
        for (const returnCounts of [true, false]) {
          trace.push(flags(inp.unique({ sorted, returnInverse, returnCounts })));
          trace.push(flags(inp.unique({ sorted, returnInverse, returnCounts, dim: 0 })));
          trace.push(flags(torch.uniqueConsecutive(inp, { returnInverse, returnCounts })));
          trace.push(flags(torch.uniqueConsecutive(inp, { returnInverse, returnCounts, dim: 0 })));
        }
      }
    }
    expectTrace(trace, await call("integer_outputs", { inp0, val0, vals0 }));
  });

  it("test_power_function", async () => {
    const a = torch.tensor([0.0, 0.0, 0.0], { dtype: "float32" });
    let b = torch.tensor([-1.0, 0.0, 1.0], { dtype: "float32" }).requiresGrad_(true);
    torch.sum(a.pow(b)).backward();
    const mine: unknown[] = [b.grad];
    b = torch.tensor([-1.0, 0.0, 1.0], { dtype: "float32" }).requiresGrad_(true);
    torch.sum(b.__rpow__(0)).backward(); // Python: 0 ** b
    mine.push(b.grad);
    expectTrace(mine, await call("power_function"));
  });

  it("test_pow_zero_tensor_gradient", async () => {
    const cases: Array<[number[], Tensor | number]> = [
      [[10], torch.zeros([10])],
      [[10, 10], torch.zeros([10, 10])],
      [[10], 0],
    ];
    const mine = cases.map(([size, exponent]) => {
      const input = torch.zeros(size).requiresGrad_(true);
      input.pow(exponent).sum().backward();
      expect(input.grad?.abs().sum().item()).toBe(0);
      return input.grad;
    });
    expectTrace(mine, await call("pow_zero_tensor_gradient"));
  });

  it("test_var_mean_differentiable", async () => {
    const input0 = torch.randn([3, 4, 5, 6, 2, 3]);
    const grad = torch.randn([3, 4, 6, 3]);
    const input1 = input0.clone().requiresGrad_(true);
    const input2 = input0.clone().requiresGrad_(true);
    const [var1, mean1] = input1.varMean([2, 4], { keepdim: false });
    const var2 = input2.var({ dim: [2, 4], keepdim: false });
    const mean2 = input2.mean([2, 4], false);
    const r1 = (var1 as Tensor)
      .mul(var1 as Tensor)
      .mul(mean1 as Tensor)
      .mul(mean1 as Tensor);
    const r2 = var2.mul(var2).mul(mean2).mul(mean2);
    torch.autograd.backward(r1, { gradTensors: grad });
    torch.autograd.backward(r2, { gradTensors: grad });
    // upstream: r1 == r2 and input1.grad == input2.grad (rtol 0.01)
    expect(r1.allclose(r2, 0.01, 0)).toBe(true);
    expect((input1.grad as Tensor).allclose(input2.grad as Tensor, 0.01, 0)).toBe(true);
    const mine = [r1.detach(), r2.detach(), input1.grad, input2.grad];
    traceEqual(mine, await call("var_mean_differentiable", { input0, grad }), { rtol: 1e-4, atol: 1e-5 });
  });

  it("test_variable_traverse", async () => {
    // The reference cycle of upstream is a Python one; what is left: a graph through two views backwards.
    const inp0 = torch.randn([10]);
    const g = torch.randn([10]);
    const getOut = () => {
      const inp = inp0.clone().requiresGrad_(true);
      const tmp = inp.view([10, 1]);
      return [inp, tmp.view([10])] as const;
    };
    const [inp, out] = getOut();
    out.backward(g);
    const ref = await py.eval(
      "inp = inp0.clone().requires_grad_(True)\nout = inp.view(10, 1).view(10)\nout.backward(g)\nout = inp.grad",
      { inp0, g },
    );
    expectTrace(inp.grad, ref);
  });

  it("test_version_counter", async () => {
    const [x0, y0] = [torch.randn([1, 2]), torch.randn([2, 3])];
    const x = x0.clone();
    const trace: unknown[] = [];
    // In-place op bumps version
    let v = x._version;
    x.add_(1).add_(1);
    trace.push(x._version - v);
    // Differentiable view shares version counter
    const xz = x.index(":");
    trace.push([x._version, xz._version]);
    xz.add_(1);
    trace.push([x._version, xz._version]);
    // `x.data = y` preserves version counter of `x`
    v = x._version;
    x.data = y0.clone();
    trace.push([x._version, v, x.shape]);
    x.add_(1);
    trace.push([x._version, xz._version]);
    // In-place op on `xz` also updates version of `x`, because they share the version counter
    xz.add_(1);
    trace.push([x._version, xz._version]);
    expectTrace(trace, await call("version_counter", { x0, y0 }));
  });

  it("test_set_data_tensorimpl_type", async () => {
    // Dense tensor has impl of type `TensorImpl`, while sparse tensor has impl of type `SparseTensorImpl`.
    const x = torch.randn([1, 2]);
    const xs = torch.sparseCooTensor(torch.zeros([1, 1]), torch.ones([1]));
    const mine = [
      errOf(() => {
        x.data = xs;
      }),
    ];
    const ref = (await call("set_data_tensorimpl_type")) as PyValue[];
    expect((ref[0] as string[])[1]).toMatch(/incompatible tensor type/);
    expectTrace(mine, ref);
  });

  it("test_set_data_self_requires_grad", async () => {
    const a = torch.tensor(1.0, { dtype: "float32" }).requiresGrad_(true);
    const b = torch.tensor(2.0, { dtype: "float32" });
    const c = torch.tensor(3, { dtype: "int64" });
    const setd = (v: Tensor) => () => {
      a.data = v;
    };
    const mine = [errOf(setd(b)), a.detach(), a.requiresGrad, errOf(setd(c))];
    const ref = (await call("set_data_self_requires_grad")) as PyValue[];
    expect((ref[3] as string[])[1]).toMatch(/must be floating point or complex dtype/);
    expectTrace(mine, ref);
  });

  it("test_tensor_grad_warnings", async () => {
    const ws = await warningsOf(() => {
      let dummy = torch.empty([1]);
      // Accessing .grad on leaf: no warning
      dummy.requiresGrad_();
      void dummy.grad;
      // Accessing .grad on non-leaf: one
      dummy = dummy.clone();
      void dummy.grad;
      // Accessing .grad on non-leaf that retains gradients: none
      dummy.retainGrad();
      void dummy.grad;
    });
    const ref = (await call("tensor_grad_warnings")) as PyValue[];
    expect(ref.slice(0, 3)).toEqual([0, 1, 1]);
    expectTrace(ws, ref[3] as PyValue);
  });

  it("test_backward_create_graph_warns", async () => {
    const b0 = torch.randn([3], { dtype: "float64" });
    const b = b0.clone().requiresGrad_(true);
    const c = b.mul(b);
    const w1 = await warningsOf(() => c.backward(torch.onesLike(c), { createGraph: true }));
    b.grad = null;
    // Should not warn for grad
    const w2 = await warningsOf(() => torch.autograd.grad(c, b, { gradOutputs: torch.onesLike(c), createGraph: true }));
    const ref = (await call("backward_create_graph_warns", { b0 })) as string[][];
    expect((ref[0] as string[]).some((m) => m.includes("Using backward() with create_graph=True"))).toBe(true);
    expect((ref[1] as string[]).some((m) => m.includes("Using backward() with create_graph=True"))).toBe(false);
    expectTrace([w1, w2], ref);
  });

  it("test_no_grad_copy (in part: not whether a gradient steals the backward's buffer)", async () => {
    let staticGradPtr = 0;
    class MyFunc extends torch.autograd.Function {
      static forward(_ctx: Ctx, inp1: Tensor, inp2: Tensor): Tensor {
        return inp1.add(inp2);
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor[] {
        staticGradPtr = g.dataPtr();
        return [g, g];
      }
    }
    class NonContGradFunc extends torch.autograd.Function {
      static forward(ctx: Ctx, inp1: Tensor): Tensor {
        ctx.size = inp1.shape;
        return torch.tensor([1.0], { dtype: "float32" });
      }
      static backward(ctx: Ctx, _g: Tensor): Tensor {
        return torch.ones([1]).expand(ctx.size as number[]);
      }
    }
    const [a0, b0] = [torch.randn([5, 6]), torch.randn([5, 6])];
    const a = a0.clone().requiresGrad_(true);
    const b = b0.clone().requiresGrad_(true);
    // non-contiguous grad should be copied
    NonContGradFunc.apply(MyFunc.apply(a, b)).backward();
    const trace: unknown[] = [
      (a.grad as Tensor).dataPtr() === staticGradPtr,
      (b.grad as Tensor).dataPtr() === staticGradPtr,
    ];
    // a case that should trigger no copy for one of a, b
    a.grad = null;
    b.grad = null;
    MyFunc.apply(a, b).index(1, 0).backward();
    // a, b use different grad buffers
    const [ga, gb] = [a.grad as unknown as Tensor, b.grad as unknown as Tensor];
    trace.push(ga.dataPtr() === gb.dataPtr(), a.grad, b.grad);
    expectTrace(trace, await call("no_grad_copy", { a0, b0 }));
  });

  it("test_shape", async () => {
    const x = torch.randn([3, 4]);
    const ref = await py.eval("x = torch.randn(3, 4)\nout = [len(x.shape), x.shape[0], x.shape[1]]");
    expectTrace([x.shape.length, x.shape[0], x.shape[1]], ref);
  });
});

describe("TestAutogradDeviceType (CPU)", () => {
  it("test_min_max_median_backprops_to_all_values", async () => {
    const mine: unknown[] = [];
    const fns: Array<(x: Tensor) => Tensor> = [
      (x) => torch.min(x),
      (x) => torch.max(x),
      (x) => torch.median(x),
      (x) => torch.nanmedian(x),
    ];
    for (const f of fns) {
      const x1 = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0, 0.0], { dtype: "float32" }).requiresGrad_(true);
      const x2 = torch.tensor([Number.NaN, Number.NaN, Number.NaN], { dtype: "float32" }).requiresGrad_(true);
      for (const x of [x1, x2]) {
        f(x).backward();
        // upstream: x.grad.sum() == 1 and three entries equal 1/3
        expect(x.grad?.sum().item()).toBeCloseTo(1, 6);
        mine.push(x.grad);
      }
    }
    expectTrace(mine, await call("min_max_median_backprops_to_all_values"));
  });

  it("test_scatter_index_reduce_amin_amax_backprops_to_all_values", async () => {
    const input0 = torch.randn([2, 3], { dtype: "float64" });
    const mine: unknown[] = [];
    const fns: Array<[string, (i: Tensor, idx: Tensor, s: Tensor, r: string) => Tensor]> = [
      ["scatter_reduce", (i, idx, s, r) => torch.scatterReduce(i, 0, idx, s, r)],
      ["index_reduce", (i, idx, s, r) => torch.indexReduce(i, 0, idx, s, r)],
    ];
    for (const [name, fn] of fns) {
      for (const reduction of ["amin", "amax"]) {
        const input = input0.clone().requiresGrad_(true);
        const src = input.clone().detach_().requiresGrad_(true);
        let idx = torch.arange(2).to("int64");
        if (name === "scatter_reduce") idx = idx.unsqueeze(-1).expand([2, 3]);
        const f = (i: Tensor, s: Tensor) => fn(i, idx, s, reduction);
        mine.push(torch.autograd.gradcheck(f, [input, src], { checkBatchedGrad: false }));
        mine.push(torch.autograd.grad(f(input, src).sum(), [input, src]));
      }
    }
    expectTrace(mine, await call("scatter_index_reduce_amin_amax_backprops_to_all_values", { input0 }));
  });

  it("test_scatter_index_reduce_prod_gradgrad_error", async () => {
    const input = torch.tensor([1.0], { dtype: "float64" }).requiresGrad_(true);
    const src = torch.tensor([0.0, 0.0], { dtype: "float64" }).requiresGrad_(true);
    const idx = torch.tensor([0, 0], { dtype: "int64" });
    const fns: Array<(i: Tensor, s: Tensor) => Tensor> = [
      (i, s) => torch.scatterReduce(i, 0, idx, s, "prod"),
      (i, s) => torch.indexReduce(i, 0, idx, s, "prod"),
    ];
    const mine: unknown[] = [];
    for (const fn of fns) {
      mine.push(torch.autograd.gradcheck(fn, [input, src], { checkBatchedGrad: false }));
      mine.push(errOf(() => torch.autograd.gradgradcheck(fn, [input, src])));
    }
    const ref = (await call("scatter_index_reduce_prod_gradgrad_error")) as PyValue[];
    expect((ref[1] as string[])[1]).toMatch(/Double backward is unsupported for/);
    expectTrace(mine, ref);
  });

  it("test_parameter_resize", async () => {
    const asd = new torch.nn.Parameter(torch.ones([16], { dtype: "float64" }));
    const mine: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      torch.noGrad(() => {
        asd.set_(asd.index("1:"));
        asd.grad = null;
      });
      const m = torch.cat([asd, asd]);
      m.sum().backward();
      mine.push(asd.grad);
    }
    expectTrace(mine, await call("parameter_resize"));
  });

  it.each(["float32", "float64", "int8", "int16", "int32", "int64"] as const)(
    "test_set_requires_grad_only_for_floats: %s",
    async (dtype) => {
      const f1 = () => {
        torch.ones([1], { dtype }).requiresGrad_();
      };
      const f2 = () => {
        torch.ones([1], { dtype }).requiresGrad = true;
      };
      const f3 = () => torch.ones([1], { dtype, requiresGrad: true });
      const a = torch.ones([1], { dtype });
      a.requiresGrad = false; // should always work
      a.requiresGrad_(false);
      const pyDtype = {
        float32: "float32",
        float64: "float64",
        int8: "int8",
        int16: "int16",
        int32: "int32",
        int64: "int64",
      }[dtype];
      const ref = (await call("set_requires_grad_only_for_floats", { dtype: pyDtype })) as PyValue[];
      if (dtype.startsWith("int")) expect((ref[0] as string[])[1]).toMatch(/floating point/);
      expectTrace([errOf(f1), errOf(f2), errOf(f3)], ref);
    },
  );

  it("test_advanced_indexing_backwards_memory_format", async () => {
    const shape = [2, 8, 1, 2];
    const i0 = torch.randint(1, shape);
    const x0 = torch.randn(shape);
    const i = i0.contiguous({ memoryFormat: "channelsLast" });
    const x = x0.clone().requiresGrad_(true);
    x.index(i).sum().backward();
    expectTrace([x.grad], await call("advanced_indexing_backwards_memory_format", { i: i0, x0 }));
  });

  // mask_not_all_zeros((5, 5)): a random boolean mask with at least one true.
  const maskNotAllZeros = (shape: number[]): Tensor => {
    for (;;) {
      const m = torch.randn(shape).gt(0);
      if (m.any().item()) return m;
    }
  };

  it("test_where_functional", async () => {
    const x = torch.randn([5, 5], { dtype: "float64" });
    const y = torch.randn([5, 5], { dtype: "float64" });
    const cond = maskNotAllZeros([5, 5]);
    const x2 = torch.randn([5, 1, 5], { dtype: "float64" });
    const y2 = torch.randn([5, 5, 1], { dtype: "float64" });
    const go1 = torch.randn([5, 5], { dtype: "float64" });
    const go2 = torch.randn([5, 5, 5], { dtype: "float64" });
    const where = (c: Tensor, a: Tensor, b: Tensor) => torch.where(c, a, b);
    const [xs, ys, x2s, y2s] = [x, y, x2, y2].map((t) => t.clone().requiresGrad_(true)) as Tensor[];
    const mine = [
      torch.autograd.gradcheck(where, [cond, xs, ys], { raiseException: true }),
      torch.autograd.gradgradcheck(where, [cond, xs, ys], [go1]),
      torch.autograd.gradcheck(where, [cond, x2s, y2s], { raiseException: true }),
      torch.autograd.gradgradcheck(where, [cond, x2s, y2s], [go2]),
      torch.autograd.grad(where(cond, x2s as Tensor, y2s as Tensor), [x2s as Tensor, y2s as Tensor], {
        gradOutputs: go2,
      }),
    ];
    expectTrace(mine, await call("where_functional", { x, y, cond, x2, y2, go1, go2 }));
  });

  it("test_where_scalar", async () => {
    const x0 = torch.randn([5, 5], { dtype: "float64" });
    const cond = maskNotAllZeros([5, 5]);
    const x = x0.clone().requiresGrad_(true);
    const first = (c: Tensor, t: Tensor) => torch.where(c, 4.0, t);
    const second = (c: Tensor, t: Tensor) => torch.where(c, t, 4.0);
    const mine = [
      torch.autograd.gradcheck(first, [cond, x]),
      torch.autograd.gradgradcheck(first, [cond, x]),
      torch.autograd.gradcheck(second, [cond, x]),
      torch.autograd.gradgradcheck(second, [cond, x]),
      torch.autograd.grad([first(cond, x).sum(), second(cond, x).sum()], x),
    ];
    expectTrace(mine, await call("where_scalar", { x: x0, cond }));
  });

  it("test_copy_", async () => {
    // copy_ is not generated from native_functions.yaml; bfloat16 was once not recognized as floating.
    const x0 = torch.randn([10]);
    const x = x0.clone().requiresGrad_(true);
    const mine: boolean[] = [];
    for (const dt of ["float32", "float64", "float16", "bfloat16"] as const) {
      const y = torch.empty([10], { dtype: dt });
      y.copy_(x);
      mine.push(y.requiresGrad);
      const z = x.to("bfloat16");
      mine.push(z.requiresGrad);
    }
    expectTrace(mine, await call("copy_", { x0 }));
  });

  it("test_inplace_on_view_backprop_base", async () => {
    // modify view and back-prop through base
    const root0 = torch.randn([2, 2]);
    const root = root0.clone().requiresGrad_(true);
    const x = root.clone();
    x.narrow(0, 0, 1).mul_(2);
    x.sum().backward();
    expectTrace([(root.grad as Tensor).tolist()], await call("inplace_on_view_backprop_base", { root0 }));
  });

  it("test_inplace_on_view_backprop_view_of_view", async () => {
    // modify view and backprop through view-of-view
    const root0 = torch.randn([2, 2]);
    const root = root0.clone().requiresGrad_(true);
    const x = root.clone();
    const v1 = x.narrow(0, 0, 1);
    const v2 = x.narrow(0, 0, 1);
    v1.mul_(2);
    v2.sum().backward();
    expectTrace([(root.grad as Tensor).tolist()], await call("inplace_on_view_backprop_view_of_view", { root0 }));
  });

  it("test_mv_grad_stride_0", async () => {
    // https://github.com/pytorch/pytorch/issues/38315
    const mat = torch.randn([2, 2], { dtype: "float64" });
    const vec0 = torch.randn([1], { dtype: "float64" });
    const vec = vec0.clone().requiresGrad_(true);
    // Expand inside the function so that gradcheck's input has no overlapping memory.
    const fn = (v: Tensor) => mat.matmul(v.expand([2])).sum();
    const mine = [
      torch.autograd.gradcheck(fn, vec),
      torch.autograd.gradgradcheck(fn, vec),
      torch.autograd.grad(fn(vec), vec)[0],
    ];
    expectTrace(mine, await call("mv_grad_stride_0", { mat, vec: vec0 }));
  });

  it("test_strided_leaf_grad_layout", async () => {
    const xs = Array.from({ length: 8 }, () => torch.rand([2, 3, 4, 5]));
    const [c0, d] = [torch.rand([2, 2]), torch.rand([2, 2])];
    const mine: unknown[] = [];
    let k = 0;
    for (const fmtA of ["contiguousFormat", "channelsLast"] as const) {
      for (const fmtB of ["contiguousFormat", "channelsLast"] as const) {
        // (1) A non-overlapping and dense leaf gets a gradient of its own layout.
        const a = (xs[k] as Tensor).clone().contiguous({ memoryFormat: fmtA });
        const b = (xs[k + 1] as Tensor).clone().contiguous({ memoryFormat: fmtB });
        k += 2;
        a.requiresGrad_();
        b.requiresGrad_();
        // broadcasted gradients
        a.sum().backward();
        b.sum().backward();
        mine.push([(a.grad as Tensor).stride(), a.stride(), (b.grad as Tensor).stride(), b.stride()]);
        // non-broadcasted gradients
        a.grad = null;
        b.grad = null;
        a.mul(b).sum().backward();
        mine.push([(a.grad as unknown as Tensor).stride(), (b.grad as unknown as Tensor).stride(), a.grad, b.grad]);
      }
    }
    // (2) A leaf that is not dense gets a row-major contiguous gradient.
    const c = torch.emptyStrided([2, 2], [4, 2]).copy_(c0);
    c.requiresGrad_();
    c.sum().backward();
    mine.push((c.grad as Tensor).stride());
    c.grad = null;
    c.mul(d).sum().backward();
    mine.push((c.grad as unknown as Tensor).stride(), c.grad);
    expectTrace(mine, await call("strided_leaf_grad_layout", { xs, c0, d }));
  });

  it("test_copy_r_to_c", async () => {
    const inp = torch.randn([3, 2], { dtype: "float64" });
    const outC = torch.empty([3, 2], { dtype: "complex128" });
    const inpR = inp.clone().requiresGrad_(true);
    // No warning (upstream: assertNotWarn), and the gradient of |sum| through the real-to-complex copy.
    const ws = await warningsOf(() => {
      outC.copy_(inpR);
      outC.sum().abs().backward();
    });
    expectTrace([ws, inpR.grad], await call("copy_r_to_c", { inp }));
  });

  it("test_to_r_to_c", async () => {
    const inp = torch.randn([3, 2], { dtype: "float64" });
    const inpR = inp.clone().requiresGrad_(true);
    const ws = await warningsOf(() => inpR.to("complex128").sum().abs().backward());
    expectTrace([ws, inpR.grad], await call("to_r_to_c", { inp }));
  });

  it("test_non_differentiable_ops", async () => {
    // The op does not raise, and its result does not require grad.
    const y = torch.randn([3, 3]);
    const x = torch
      .tensor(
        [
          [1, 2],
          [3, 4.0],
        ],
        { dtype: "float32" },
      )
      .requiresGrad_(true);
    const out1 = torch.isin(x, torch.tensor([2, 3]));
    const out2 = torch.signbit(y.clone().requiresGrad_(true));
    expectTrace([out1, out1.requiresGrad, out2, out2.requiresGrad], await call("non_differentiable_ops", { y }));
  });

  it("test_resize_version_bump", async () => {
    const x = torch.rand([1]);
    const y = torch.randn([3]);
    const mine: number[] = [];
    x.resize_([1, 2]);
    mine.push(x._version);
    x.resizeAs_(y);
    mine.push(x._version);
    // resize to the same size is a no-op: no version bump
    x.resize_([3]);
    mine.push(x._version);
    x.resizeAs_(y);
    mine.push(x._version);
    expectTrace(mine, await call("resize_version_bump"));
  });

  it("test_sparse_mask_autograd", async () => {
    const t = torch.randn([3]);
    const tensor = t.clone().requiresGrad_(true);
    const mask0 = torch.ones([3]);
    mask0.indexPut_([1], 0);
    const mask = mask0.toSparse();
    tensor.sparseMask(mask).toDense().sum().backward();
    expectTrace([tensor.grad, mask.toDense()], await call("sparse_mask_autograd", { t }));
  });
});
