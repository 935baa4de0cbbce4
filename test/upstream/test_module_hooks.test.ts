// Ported from PyTorch 1.13's module-hook tests: test/nn/test_module_hooks.py (TestModuleHooks,
// TestStateDictHooks, TestModuleGlobalHooks, TestModuleHookNN; in 1.13 most of these still lived in
// test/test_nn.py as test_hooks, test_hook_*, test_load_state_dict_*_hook, test_module_global_hooks...).
//
// Expected values: every case runs the same program in live PyTorch 1.13 (test/python/
// upstream_module_hooks.py, through test/helpers/pytorch.ts) and in torchts, each recording a trace: the
// order hooks fire in, what they receive (lengths, shapes, the gradients themselves), what their return
// values replace, what removal through handles leaves, errors (class and first message line); the traces
// are compared. Module parameters travel from torchts to PyTorch as a state dict, inputs as tensors.
//
// torchts spellings: model(x) is model.call(x); register_module_*_hook are nn.registerModule*Hook (the
// full backward one is exported from lib/nn/module); a load-state-dict pre-hook receives one context
// object (ctx.stateDict, ctx.prefix, ctx.strict, ctx.missingKeys, ...) instead of seven arguments.
//
// Left out:
// - prepend=True, with_kwargs=True and always_call (test_forward_hooks/test_forward_pre_hooks/
//   test_full_backward_hooks' prepend parts, test_kwarg_hooks, test_remove_kwarg_hooks): added in
//   PyTorch 2.0; the cases here register without prepend, as 1.13 allows.
// - register_full_backward_pre_hook (test_full_backward_pre_hooks, test_backward_hooks_interaction, the
//   pre-hook halves of test_hooks/test_hook_invalid_outputs/test_mixed_hooks/test_hook_inplace): 2.0.
// - register_module_{buffer,module,parameter}_registration_hook (test_hook_*_registration): 2.0.
// - register_state_dict_pre_hook (test_register_state_dict_pre_hook): 2.0.
// - The non-full register_backward_hook / register_module_backward_hook (test_hook_non_full_warning, and
//   the register_backward_hook variants of test_hooks, test_hook_invalid_outputs, test_hook_backward_
//   writeable, test_global_and_local_hooks_order): torchts has no hooks on a grad_fn node, which those
//   hooks are; the same cases run with the full hooks, on both sides.
// - test_hook_inplace's error cases ("Output 0 of BackwardHookFunctionBackward is a view and is being
//   modified inplace"): torchts's identity node is a torch.autograd.Function whose outputs are not
//   views of its inputs to the autograd engine, so these in-place uses do not raise; the no-in-place
//   half is kept.
// - test_no_extra_ref_to_module (gc/weakref), test_pickled_hook (pickle),
//   test_load_state_dict_post_hook_backward_compatibility and test_module_backcompat (unpickling modules
//   saved without the hook dictionaries): Python object lifetime and pickling, nothing torchts has.
// - test_bw_hook_warning_for_non_tensor_or_tuple's warning: 1.13 gives none (the warning is 2.0's); the
//   counts are compared.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, Tensor } from "../../lib";
import * as F from "../../lib/nn/functional";
import type { FullBackwardHook, LoadStateDictContext } from "../../lib/nn/module";
import { expectTensor } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const pyBool = (b: boolean): string => (b ? "True" : "False");
const shape = (t: unknown): string =>
  t === null || t === undefined ? "None" : t instanceof Tensor ? t.shape.join("x") || "scalar" : typeof t;

/** Compares a torchts trace with PyTorch's: tensors within float32 tolerance, the rest exactly. */
function same(mine: unknown, ref: PyValue, what = "trace"): void {
  if (mine instanceof Tensor) {
    expectTensor(mine, ref, { rtol: 1e-4, atol: 1e-5 }, what);
  } else if (Array.isArray(mine)) {
    expect(Array.isArray(ref), `${what}: PyTorch gave ${JSON.stringify(ref)}`).toBe(true);
    expect(mine.length, `${what}: length`).toBe((ref as PyValue[]).length);
    mine.forEach((m, i) => {
      same(m, (ref as PyValue[])[i]!, `${what}[${i}]`);
    });
  } else {
    expect(mine ?? null, what).toEqual(ref);
  }
}

/** [error class, first message line] of what f throws, or null (as the Python side's _error). */
function error(f: () => unknown): [string, string] | null {
  try {
    f();
  } catch (e) {
    const err = e as Error;
    const name = err.name === "Error" ? "RuntimeError" : err.name;
    return [name, err.message.split("\n")[0]!];
  }
  return null;
}

class Net extends nn.Module {
  seq1 = new nn.Sequential(new nn.Linear(10, 10), new nn.Linear(10, 10));
  seq2 = new nn.Sequential(new nn.Linear(10, 10), new nn.Linear(10, 10));
  forward(x: Tensor): Tensor {
    return this.seq2.call(this.seq1.call(x)) as Tensor;
  }
}
class ToyModel extends nn.Module {
  net1 = new Net();
  net2 = new Net();
  forward(x: Tensor): Tensor {
    return this.net2.call(this.net1.call(x));
  }
}

describe("TestModuleHooks", () => {
  const FIRED: Array<[string, "forward" | "forward_pre" | "full_backward", string]> = [
    ["test_forward_hooks", "forward", "net1.seq2"],
    ["test_forward_pre_hooks", "forward_pre", "net2.seq1"],
    ["test_full_backward_hooks", "full_backward", "net1"],
  ];
  it.each(FIRED)("%s (five hooks, fired in registration order, none by backward())", async (_n, kind, where) => {
    const fired: string[] = [];
    const model = new ToyModel();
    const target = model.getSubmodule(where);
    const x = torch.randn([10, 10]);
    for (let i = 0; i < 5; i++) {
      if (kind === "forward")
        target.registerForwardHook((m, inp) => {
          fired.push(`${i}:${pyBool(m === target)}:${inp.length}`);
        });
      else if (kind === "forward_pre")
        target.registerForwardPreHook((m, inp) => {
          fired.push(`${i}:${pyBool(m === target)}:${inp.length}`);
        });
      else
        target.registerFullBackwardHook((m, gi, go) => {
          fired.push(`${i}:${pyBool(m === target)}:${gi.length}:${go.length}`);
        });
    }
    const trace = [[...fired]];
    const out = model.call(x);
    trace.push([...fired]);
    out.sum().backward();
    trace.push([...fired]);
    model.call(x).sum().backward();
    trace.push([...fired]);
    same(trace, await py.call("upstream_module_hooks.fired", { kind, where }));
  });

  it("test_mixed_hooks (forward pre, forward, full backward on one module)", async () => {
    const fired: string[] = [];
    const model = new ToyModel();
    const x = torch.randn([10, 10]);
    model.registerForwardPreHook((m, inp) => {
      fired.push(`0:${pyBool(m === model)}:${inp.length}`);
    });
    model.registerForwardHook((m, inp) => {
      fired.push(`1:${pyBool(m === model)}:${inp.length}`);
    });
    model.registerFullBackwardHook((m, gi, go) => {
      fired.push(`3:${pyBool(m === model)}:${gi.length}:${go.length}`);
    });
    const trace = [[...fired]];
    const out = model.call(x);
    trace.push([...fired]);
    out.sum().backward();
    trace.push([...fired]);
    model.call(x).sum().backward();
    trace.push([...fired]);
    same(trace, await py.call("upstream_module_hooks.mixed_hooks"));
  });

  it("test_bw_hook_warning_for_non_tensor_or_tuple (a dict output gets no backward hook)", async () => {
    const counter = { forward: 0, backward: 0 };
    class TestModule extends nn.Module {
      forward(d: { x: Tensor }): { x: Tensor } {
        return { x: F.softmax(d.x, 0) };
      }
    }
    const x = torch.ones([2]).requiresGrad_(true);
    const model = new TestModule();
    model.registerForwardPreHook(() => {
      counter.forward++;
    });
    model.registerForwardHook(() => {
      counter.forward++;
    });
    model.registerFullBackwardHook(() => {
      counter.backward++;
    });
    model.call({ x }).x.sum().backward();
    same(
      [counter.forward, counter.backward, 0, x.grad],
      await py.call("upstream_module_hooks.bw_hook_non_tensor_output"),
    );
  });
});

describe("TestStateDictHooks", () => {
  it("test_load_state_dict_pre_hook (without and with the module; removal)", async () => {
    const m = new nn.Linear(10, 10);
    const sd = m.stateDict();
    const mLoad = new nn.Linear(10, 10);
    const calls: unknown[] = [];
    mLoad._registerLoadStateDictPreHook((ctx: LoadStateDictContext) => {
      calls.push([
        "without",
        [...ctx.stateDict.keys()].sort(),
        ctx.prefix,
        ctx.strict,
        ctx.missingKeys.length,
        ctx.unexpectedKeys.length,
        ctx.errorMsgs.length,
      ]);
    });
    mLoad.loadStateDict(sd);
    const n1 = calls.length;
    const h = mLoad._registerLoadStateDictPreHook((module, ctx) => {
      calls.push(["with", module === mLoad, [...ctx.stateDict.keys()].sort(), ctx.prefix, ctx.strict]);
    }, true);
    mLoad.loadStateDict(sd);
    const n2 = calls.length;
    h.remove();
    mLoad.loadStateDict(sd);
    same(
      [n1, n2, calls.length, calls, mLoad.weight.equal(m.weight)],
      await py.call("upstream_module_hooks.load_state_dict_pre_hook"),
    );
  });

  it.each([
    ["in a container", true],
    ["on the loaded module", false],
  ])("test_load_state_dict_module_pre_hook (instance methods as hooks, %s)", async (_n, container) => {
    const calls: unknown[] = [];
    class MyModule extends nn.Module {
      foo = new nn.Parameter(torch.rand([10]));
      forward(): null {
        return null;
      }
      myPreLoadHook(ctx: LoadStateDictContext): void {
        calls.push([
          "plain",
          ctx.prefix,
          ctx.strict,
          ctx.missingKeys.length,
          ctx.unexpectedKeys.length,
          ctx.errorMsgs.length,
        ]);
      }
      myPreLoadHookWithModule(module: nn.Module, ctx: LoadStateDictContext): void {
        calls.push(["with_module", module === this, ctx.prefix, ctx.strict]);
      }
    }
    class MyModuleContainer extends nn.Module {
      constructor(public mod: nn.Module) {
        super();
      }
      forward(): null {
        return null;
      }
    }
    const mod = new MyModule();
    const m = container ? new MyModuleContainer(mod) : mod;
    const sd = m.stateDict();
    mod._registerLoadStateDictPreHook((ctx) => mod.myPreLoadHook(ctx));
    m.loadStateDict(sd);
    const n1 = calls.length;
    mod._registerLoadStateDictPreHook((module, ctx) => mod.myPreLoadHookWithModule(module, ctx), true);
    m.loadStateDict(sd);
    same(
      [n1, calls.length, calls],
      await py.call("upstream_module_hooks.load_state_dict_module_pre_hook", { container }),
    );
  });

  it("test_load_state_dict_post_hook (keys added in place, strict error, removal, clearing)", async () => {
    const calls: boolean[] = [];
    class MyModule extends nn.Module {
      foo = new nn.Parameter(torch.rand([10]));
      forward(): null {
        return null;
      }
    }
    const nested = new MyModule();
    const wrapped = new nn.ModuleList([nested]);
    const handle = nested.registerLoadStateDictPostHook((module, keys) => {
      calls.push(module === nested);
      keys.missingKeys.push("foo");
      keys.unexpectedKeys.push("bar");
    });
    let ret = wrapped.loadStateDict(wrapped.stateDict(), { strict: false });
    const out: unknown[] = [calls.length, [...ret.missingKeys], [...ret.unexpectedKeys]];
    out.push(error(() => wrapped.loadStateDict(wrapped.stateDict(), { strict: true })));
    try {
      wrapped.loadStateDict(wrapped.stateDict(), { strict: true });
    } catch (e) {
      out.push((e as Error).message);
    }
    out.push(calls.length);
    handle.remove();
    ret = wrapped.loadStateDict(wrapped.stateDict(), { strict: false });
    out.push([...ret.missingKeys], [...ret.unexpectedKeys], calls.length);
    nested.registerLoadStateDictPostHook((_m, keys) => {
      keys.missingKeys.length = 0;
      keys.unexpectedKeys.length = 0;
    });
    const sd = wrapped.stateDict();
    sd.extra = torch.ones([1]);
    ret = wrapped.loadStateDict(sd, { strict: true });
    out.push([...ret.missingKeys], [...ret.unexpectedKeys]);
    same(out, await py.call("upstream_module_hooks.load_state_dict_post_hook"));
  });

  it("_register_state_dict_hook (a child's edits in place, the root's returned dict, prefix, removal)", async () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.Sequential(new nn.Linear(2, 1)));
    const seen: unknown[] = [];
    const h = m.at(1)._registerStateDictHook((_mod, sd, prefix, local) => {
      seen.push(["child", prefix, Object.keys(sd).sort(), local.version]);
      sd[`${prefix}added`] = torch.zeros([1]);
    });
    m._registerStateDictHook((_mod, sd, prefix) => {
      seen.push(["root", prefix, Object.keys(sd).sort()]);
      return Object.fromEntries(Object.entries(sd).map(([k, v]) => [k.toUpperCase(), v]));
    });
    const keys1 = Object.keys(m.stateDict());
    const keys2 = Object.keys(m.stateDict("p."));
    h.remove();
    const keys3 = Object.keys(m.stateDict());
    same([seen, keys1, keys2, keys3], await py.call("upstream_module_hooks.state_dict_hook"));
  });
});

describe("TestModuleGlobalHooks", () => {
  it("test_module_global_hooks (global forward and full backward hooks over three modules)", async () => {
    const modules = [new nn.Sigmoid(), new nn.Sigmoid(), new nn.Sigmoid()];
    const inp = torch.ones([5, 5]).requiresGrad_(true);
    const counter = { forwards: 0, backwards: 0 };
    const checks: unknown[] = [];
    const fwHook = (inc: number) => (m: nn.Module, input: unknown[], output: unknown) => {
      checks.push([
        Array.isArray(input),
        output instanceof Tensor,
        m instanceof nn.Sigmoid,
        (input[0] as Tensor).equal(torch.ones([5, 5])),
      ]);
      counter.forwards += inc;
    };
    const bwHook =
      (inc: number): FullBackwardHook =>
      (m, gi, go) => {
        checks.push([
          Array.isArray(gi),
          Array.isArray(go),
          m instanceof nn.Sigmoid,
          go[0]!.equal(torch.ones([5, 5]).mul(2)),
        ]);
        counter.backwards += inc;
      };
    const trace: number[][] = [];
    const snap = () => trace.push([counter.forwards, counter.backwards]);
    const g = torch.ones([5, 5]).mul(2);
    const testFwd = nn.registerModuleForwardHook(fwHook(1));
    try {
      for (const m of modules) m.call(inp);
      snap();
      const testBwd1 = nn.registerModuleFullBackwardHook(bwHook(1));
      const outs = modules.map((m) => m.call(inp));
      snap();
      outs[0]!.backward(g, { retainGraph: true });
      outs[1]!.backward(g, { retainGraph: false });
      outs[2]!.backward(g, { retainGraph: false });
      snap();
      outs[0]!.backward(g, { retainGraph: true });
      snap();
      const test2Fwd = nn.registerModuleForwardHook(fwHook(2));
      for (const m of modules) m.call(inp);
      snap();
      const test2Bwd = nn.registerModuleFullBackwardHook(bwHook(2));
      modules[0]!.call(inp).backward(g);
      snap();
      test2Bwd.remove();
      modules[1]!.call(inp).backward(g);
      snap();
      test2Fwd.remove();
      modules[2]!.call(inp).backward(g);
      snap();
      testBwd1.remove();
    } finally {
      testFwd.remove();
    }
    same([trace, checks], await py.call("upstream_module_hooks.module_global_hooks"));
  });

  it.each([
    ["test_module_global_hook_invalid_outputs", true],
    ["test_hook_invalid_outputs", false],
  ])("%s (wrong number of grad_input returned)", async (_n, useGlobal) => {
    const module = new nn.Sigmoid();
    const inp = torch.randn([5, 5]).requiresGrad_(true);
    const out: unknown[] = [];
    const fails: FullBackwardHook[] = [(_m, gi) => gi.slice(0, -1), (_m, gi) => [...gi, torch.randn([2, 2])]];
    for (const fail of fails) {
      using _h = useGlobal ? nn.registerModuleFullBackwardHook(fail) : module.registerFullBackwardHook(fail);
      out.push(error(() => module.call(inp).sum().backward()));
    }
    same(out, await py.call("upstream_module_hooks.hook_invalid_outputs", { use_global: useGlobal }));
  });

  it.each([
    ["test_module_backward_global_hook_writeable", true],
    ["test_hook_backward_writeable", false],
  ])("%s (grad_input * 2 replaces the input's gradient)", async (_n, useGlobal) => {
    const x0 = torch.randn([5, 5]);
    const module = new nn.Sigmoid();
    const x = x0.clone().requiresGrad_(true);
    const seen: boolean[][] = [];
    const bw: FullBackwardHook = (_m, gi, go) => {
      seen.push([...gi, ...go].map((g) => g instanceof Tensor));
      return gi.map((g) => g!.mul(2));
    };
    {
      using _h = useGlobal ? nn.registerModuleFullBackwardHook(bw) : module.registerFullBackwardHook(bw);
      module.call(x).backward(torch.ones([5, 5]));
    }
    same(
      [seen, x.grad],
      await py.call("upstream_module_hooks.backward_hook_writeable", { use_global: useGlobal, x: x0 }),
    );
  });

  it.each([
    ["test_module_global_forward_preforward_hook_writeable", true],
    ["test_hook_forward_preforward_writable", false],
  ])("%s (relu'd input, negated output, and their gradient)", async (_n, useGlobal) => {
    const x0 = torch.randn([5, 5]);
    const module = new nn.Sigmoid();
    const x = x0.clone().requiresGrad_(true);
    const pre = (_m: nn.Module, inp: unknown[]) => F.relu(inp[0] as Tensor);
    const post = (_m: nn.Module, _i: unknown[], o: unknown) => (o as Tensor).neg();
    const hs = useGlobal
      ? [nn.registerModuleForwardPreHook(pre), nn.registerModuleForwardHook(post)]
      : [module.registerForwardPreHook(pre), module.registerForwardHook(post)];
    let output: Tensor;
    try {
      output = module.call(x);
      output.backward(torch.ones([5, 5]).mul(2), { retainGraph: true });
    } finally {
      for (const h of hs) h.remove();
    }
    same(
      [output, x.grad],
      await py.call("upstream_module_hooks.forward_preforward_writable", { use_global: useGlobal, x: x0 }),
    );
  });

  it.each([
    ["test_module_forward_preforward_hook_removable", "forward_pre"],
    ["test_module_forward_forward_hook_removable", "forward"],
  ])("%s (hooks that remove themselves while running)", async (_n, kind) => {
    const module = new nn.Sigmoid();
    const x = torch.randn([2, 2]);
    const handles: nn.RemovableHandle[] = [];
    const fired: number[] = [];
    for (let i = 0; i < 2; i++) {
      handles[i] =
        kind === "forward_pre"
          ? module.registerForwardPreHook((_m, inp) => {
              fired.push(i);
              handles[i]!.remove();
              return inp;
            })
          : module.registerForwardHook((_m, _inp, out) => {
              fired.push(i);
              handles[i]!.remove();
              return out;
            });
    }
    const dict = () => (kind === "forward_pre" ? module._forwardPreHooks : module._forwardHooks);
    const n = dict().size;
    const out1 = module.call(x);
    const out2 = module.call(x);
    same([n, fired, dict().size, out1, out2], await py.call("upstream_module_hooks.hook_removable", { kind, x }));
    expect(out1.equal(torch.sigmoid(x))).toBe(true);
  });

  it("test_global_and_local_hooks_order (global hooks before the module's own, each kind)", async () => {
    const module = new nn.Sigmoid();
    const order: string[] = [];
    const inp = torch.randn([5, 5]).requiresGrad_(true);
    const hs = [
      nn.registerModuleForwardPreHook((_m, input) => {
        order.push("global_forward_pre");
        return input;
      }),
      module.registerForwardPreHook((_m, input) => {
        order.push("local_forward_pre");
        return input;
      }),
      nn.registerModuleForwardHook((_m, _i, output) => {
        order.push("global_forward");
        return output;
      }),
      module.registerForwardHook((_m, _i, output) => {
        order.push("local_forward");
        return output;
      }),
      nn.registerModuleFullBackwardHook((_m, gi) => {
        order.push("global_backward");
        return gi;
      }),
      module.registerFullBackwardHook((_m, gi) => {
        order.push("local_backward");
        return gi;
      }),
    ];
    try {
      module.call(inp).backward(torch.ones([5, 5]), { retainGraph: true });
    } finally {
      for (const h of hs) h.remove();
    }
    same(order, await py.call("upstream_module_hooks.global_and_local_hooks_order"));
  });
});

describe("TestModuleHookNN", () => {
  it("test_hooks (register_full_backward_hook: counts over calls, backward passes and removals)", async () => {
    const module = new nn.Sigmoid();
    const inp = torch.ones([5, 5]).requiresGrad_(true);
    const counter = { forwards: 0, backwards: 0 };
    const checks: boolean[][] = [];
    const fwHook = (inc: number) => (m: nn.Module, input: unknown[], output: unknown) => {
      checks.push([
        m === module,
        (input[0] as Tensor).equal(torch.ones([5, 5])),
        (output as Tensor).allclose(torch.empty([5, 5]).fill_(1 / (1 + 1 / Math.E))),
      ]);
      counter.forwards += inc;
    };
    const bwHook =
      (inc: number): FullBackwardHook =>
      (m, _gi, go) => {
        checks.push([m === module, go[0]!.equal(torch.ones([5, 5]).mul(2))]);
        counter.backwards += inc;
      };
    const trace: number[][] = [];
    const snap = () => trace.push([counter.forwards, counter.backwards]);
    const g = torch.ones([5, 5]).mul(2);
    const testFwd = module.registerForwardHook(fwHook(1));
    module.call(inp);
    module.call(inp);
    snap();
    const testBwd = module.registerFullBackwardHook(bwHook(1));
    let output = module.call(inp);
    snap();
    output.backward(g, { retainGraph: true });
    snap();
    output.backward(g, { retainGraph: true });
    snap();
    const test2Fwd = module.registerForwardHook(fwHook(2));
    output = module.call(inp);
    snap();
    const test2Bwd = module.registerFullBackwardHook(bwHook(2));
    module.call(inp).backward(g);
    snap();
    test2Bwd.remove();
    module.call(inp).backward(g);
    snap();
    test2Fwd.remove();
    module.call(inp).backward(g);
    snap();
    testFwd.remove();
    testBwd.remove();
    same([trace, checks], await py.call("upstream_module_hooks.hooks"));
  });

  it("test_hook_requires_grad (requires_grad of each argument kept through the hook's identity)", async () => {
    const seen: boolean[][] = [];
    class MyModule extends nn.Module {
      forward(a: Tensor, b: Tensor, c: Tensor): Tensor {
        seen.push([a.requiresGrad, b.requiresGrad, c.requiresGrad]);
        return a.sum().add(b.sum()).add(c.sum());
      }
    }
    const x0 = torch.rand([2]);
    const inp = x0.clone().requiresGrad_(true);
    const mod = new MyModule();
    mod.call(inp, inp.detach(), inp);
    const grads: string[][] = [];
    mod.registerFullBackwardHook((_m, gi, go) => {
      grads.push([...gi.map(shape), ...go.map(shape)]);
    });
    mod.call(inp, inp.detach(), inp).backward();
    same([seen, grads, inp.grad], await py.call("upstream_module_hooks.hook_requires_grad", { inp: x0 }));
  });

  it("test_hook_no_requires_grad (grad_input all None; returning a tensor is an error)", async () => {
    const mod = new nn.Linear(2, 3);
    const inp = torch.rand([1, 2]);
    const state = { ret: "None", calls: [] as string[][][] };
    mod.registerFullBackwardHook((_m, gi, go) => {
      state.calls.push([gi.map(shape), go.map(shape)]);
      if (state.ret === "grad_input") return gi;
      if (state.ret === "invalid") return [inp];
      return undefined;
    });
    mod.call(inp).sum().backward();
    state.ret = "grad_input";
    mod.call(inp).sum().backward();
    state.ret = "invalid";
    const err = error(() => mod.call(inp).sum().backward());
    same(
      [state.calls, err, mod.weight.grad],
      await py.call("upstream_module_hooks.hook_no_requires_grad", { sd: mod.stateDict(), inp }),
    );
  });

  it("test_hook_last_arg_requires_grad (L1Loss(input.detach(), input))", async () => {
    const a = torch.rand([1]);
    const mod = new nn.L1Loss();
    const inp = a.clone().requiresGrad_(true);
    const calls: string[][] = [];
    mod.registerFullBackwardHook((_m, gi, go) => {
      calls.push([...gi, ...go].map(shape));
    });
    const out = mod.call(inp.detach(), inp);
    out.backward();
    same([calls, out, inp.grad], await py.call("upstream_module_hooks.hook_last_arg_requires_grad", { a }));
  });

  it("test_hook_extra_input (non-tensor argument and output are None in grad_input/grad_output)", async () => {
    class MyModule extends nn.Module {
      forward(nonTensor: boolean, tensor: Tensor): [Tensor, boolean] {
        return [tensor.clone(), nonTensor];
      }
    }
    const x0 = torch.rand([2]);
    const inp = x0.clone().requiresGrad_(true);
    const mod = new MyModule();
    const seen: string[][][] = [];
    mod.registerFullBackwardHook((_m, gi, go) => {
      seen.push([gi.map(shape), go.map(shape)]);
    });
    const [out, nt] = mod.call(true, inp);
    out.sum().backward();
    same([seen, nt, inp.grad], await py.call("upstream_module_hooks.hook_extra_input", { inp: x0 }));
  });

  it("test_hook_inplace (without the in-place update: the hook runs once)", async () => {
    class MyModule extends nn.Module {
      declare inp: Tensor;
      forward(inp: Tensor, doInplace: boolean): Tensor {
        if (doInplace) inp.add_(1);
        return inp.clone();
      }
    }
    const x0 = torch.rand([10]);
    const inp = x0.clone().requiresGrad_(true);
    const mod = new MyModule();
    let calls = 0;
    {
      using _h = mod.registerFullBackwardHook(() => {
        calls++;
      });
      mod.call(inp, false).sum().backward();
    }
    same([calls, inp.grad], await py.call("upstream_module_hooks.hook_inplace_no_inplace", { inp: x0 }));
  });

  it("test_hook_backward_size (two inputs of different sizes, one output)", async () => {
    class MyModule extends nn.Module {
      forward(arg1: Tensor, arg2: Tensor): Tensor {
        let tmp = arg1.sum().mul(arg2);
        tmp = tmp.add(arg2.sum().mul(arg1.sum()));
        tmp = tmp.sum().view([1]);
        return tmp.expand([8]).contiguous();
      }
    }
    const a0 = torch.randn([5, 5]);
    const b0 = torch.randn([10, 10]);
    const a = a0.clone().requiresGrad_(true);
    const b = b0.clone().requiresGrad_(true);
    const seen: string[][][] = [];
    const module = new MyModule();
    {
      using _h = module.registerFullBackwardHook((_m, gi, go) => {
        seen.push([gi.map(shape), go.map(shape)]);
      });
      module.call(a, b).sum().backward();
    }
    same([seen, a.grad, b.grad], await py.call("upstream_module_hooks.hook_backward_size", { a: a0, b: b0 }));
  });

  it("RemovableHandle as a context manager (with module.register_forward_hook(...))", async () => {
    const module = new nn.Sigmoid();
    let n = 0;
    {
      using _h = module.registerForwardHook(() => {
        n++;
      });
      module.call(torch.ones([2]));
    }
    module.call(torch.ones([2]));
    same([n, module._forwardHooks.size], await py.call("upstream_module_hooks.handle_context_manager"));
  });
});

// test_hook_cpp and test_hook_last_arg_requires_grad generalised: full backward hooks on library modules
// with one or several tensor inputs and one or several outputs, what the hooks see and the gradients.
interface ModCase {
  name: string;
  make: () => nn.Module;
  ctor: string;
  shapes: number[][];
  requiresGrad: boolean[];
}
const MODULES: ModCase[] = [
  { name: "Sigmoid", make: () => new nn.Sigmoid(), ctor: "nn.Sigmoid()", shapes: [[5, 5]], requiresGrad: [true] },
  { name: "Tanh", make: () => new nn.Tanh(), ctor: "nn.Tanh()", shapes: [[3, 4]], requiresGrad: [true] },
  {
    name: "Softmax",
    make: () => new nn.Softmax(1),
    ctor: "nn.Softmax(dim=1)",
    shapes: [[3, 4]],
    requiresGrad: [true],
  },
  { name: "Identity", make: () => new nn.Identity(), ctor: "nn.Identity()", shapes: [[2, 3]], requiresGrad: [true] },
  { name: "Linear", make: () => new nn.Linear(3, 2), ctor: "nn.Linear(3, 2)", shapes: [[4, 3]], requiresGrad: [true] },
  {
    name: "Linear (input without grad)",
    make: () => new nn.Linear(3, 2),
    ctor: "nn.Linear(3, 2)",
    shapes: [[4, 3]],
    requiresGrad: [false],
  },
  {
    name: "BatchNorm1d (test_hook_cpp)",
    make: () => new nn.BatchNorm1d(5),
    ctor: "nn.BatchNorm1d(5)",
    shapes: [[5, 5]],
    requiresGrad: [true],
  },
  {
    name: "Conv1d",
    make: () => new nn.Conv1d(2, 3, 3),
    ctor: "nn.Conv1d(2, 3, 3)",
    shapes: [[1, 2, 6]],
    requiresGrad: [true],
  },
  { name: "PReLU", make: () => new nn.PReLU(), ctor: "nn.PReLU()", shapes: [[4, 3]], requiresGrad: [true] },
  {
    name: "Bilinear (two inputs)",
    make: () => new nn.Bilinear(2, 3, 4),
    ctor: "nn.Bilinear(2, 3, 4)",
    shapes: [
      [5, 2],
      [5, 3],
    ],
    requiresGrad: [true, true],
  },
  {
    name: "Bilinear (second input without grad)",
    make: () => new nn.Bilinear(2, 3, 4),
    ctor: "nn.Bilinear(2, 3, 4)",
    shapes: [
      [5, 2],
      [5, 3],
    ],
    requiresGrad: [true, false],
  },
  {
    name: "MSELoss (input with grad, target without)",
    make: () => new nn.MSELoss(),
    ctor: "nn.MSELoss()",
    shapes: [[4], [4]],
    requiresGrad: [true, false],
  },
  {
    name: "L1Loss (only the last argument with grad)",
    make: () => new nn.L1Loss(),
    ctor: "nn.L1Loss()",
    shapes: [[4], [4]],
    requiresGrad: [false, true],
  },
  {
    name: "CosineSimilarity (two inputs)",
    make: () => new nn.CosineSimilarity(1),
    ctor: "nn.CosineSimilarity(dim=1)",
    shapes: [
      [3, 4],
      [3, 4],
    ],
    requiresGrad: [true, true],
  },
  {
    name: "GRUCell (input and hidden state)",
    make: () => new nn.GRUCell(3, 4),
    ctor: "nn.GRUCell(3, 4)",
    shapes: [
      [2, 3],
      [2, 4],
    ],
    requiresGrad: [true, true],
  },
  {
    name: "GRU (a tuple output, both parts used)",
    make: () => new nn.GRU(3, 4),
    ctor: "nn.GRU(3, 4)",
    shapes: [[5, 1, 3]],
    requiresGrad: [true],
  },
];

describe("full backward hooks on library modules (what hooks receive, gradients)", () => {
  it.each(
    MODULES.flatMap(
      (c) =>
        [
          [`${c.name}`, c, false],
          [`${c.name}, the hook replaces grad_input`, c, true],
        ] as Array<[string, ModCase, boolean]>,
    ),
  )("%s", async (_n, c, replace) => {
    const m = c.make();
    const inputs = c.shapes.map((s) => torch.randn(s));
    const xs = inputs.map((x, i) => x.clone().requiresGrad_(c.requiresGrad[i]!));
    const trace: unknown[] = [];
    const tensors: Tensor[] = [];
    m.registerForwardPreHook((_m, inp) => {
      trace.push(["pre", inp.length, inp.map((i) => (i instanceof Tensor ? shape(i) : typeof i))]);
    });
    m.registerForwardHook((_m, inp, out) => {
      const outs = Array.isArray(out) ? out : [out];
      trace.push(["fwd", inp.length, outs.map((o) => (o instanceof Tensor ? shape(o) : typeof o))]);
    });
    m.registerFullBackwardHook((_m, gi, go) => {
      trace.push(["bw", gi.map(shape), go.map(shape)]);
      for (const g of [...gi, ...go]) if (g) tensors.push(g);
      return replace ? gi.map((g) => (g === null ? null : g.mul(3))) : undefined;
    });
    const out = (m.call as (...a: unknown[]) => unknown)(...xs);
    const outs = Array.isArray(out) ? out : [out];
    let loss: Tensor | null = null;
    outs.forEach((o, i) => {
      if (o instanceof Tensor && o.requiresGrad) {
        const term = o.mul(i + 1).sum();
        loss = loss === null ? term : loss.add(term);
      }
    });
    (loss as unknown as Tensor).backward();
    const ref = await py.call("upstream_module_hooks.module_trace", {
      ctor: c.ctor,
      sd: m.stateDict(),
      inputs,
      requires_grad: c.requiresGrad,
      replace,
    });
    same([trace, tensors, xs.map((x) => x.grad)], ref);
  });
});
