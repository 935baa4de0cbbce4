// Ported from PyTorch 1.13's test/test_nn.py (TestNN: test_named_parameters, test_named_modules,
// test_children, test_state_dict, test_load_state_dict, test_register_buffer_*, ...): module
// registration and state-dict behaviours, expected values from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import * as F from "../../lib/nn/functional";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

/** PyTorch's bare nn.Module(). */
class Bare extends nn.Module {
  forward(): null {
    return null;
  }
}

/** PyTorch's message for an error: str(KeyError) is the repr of its argument. */
function pyMessage(r: { error?: string; type?: string }): string {
  const m = r.error!;
  if (r.type !== "KeyError" || m.length < 2) return m;
  return m.slice(1, -1).replace(/\\'/g, "'");
}

function net(): nn.Sequential {
  const shared = new nn.Linear(3, 3);
  return new nn.Sequential(
    new nn.Linear(2, 3),
    new nn.Sequential(new nn.Linear(3, 3), new nn.BatchNorm1d(3)),
    shared,
    shared,
  );
}

const NAME_CASES: Array<[string, string, (m: nn.Sequential) => unknown]> = [
  ["test_named_parameters", "named_parameters", (m) => [...m.namedParameters()].map(([k]) => k)],
  ["test_named_parameters prefix", "named_parameters_prefix", (m) => [...m.namedParameters("net")].map(([k]) => k)],
  ["test_buffers_and_named_buffers", "named_buffers", (m) => [...m.namedBuffers()].map(([k]) => k)],
  [
    "test_buffers_and_named_buffers recurse=False",
    "buffers_non_recursive",
    (m) => [...(m.getSubmodule("1.1") as nn.Module).namedBuffers("", false)].map(([k]) => k),
  ],
  ["test_named_modules", "named_modules", (m) => [...m.namedModules()].map(([k]) => k)],
  ["test_named_children", "named_children", (m) => [...m.namedChildren()].map(([k]) => k)],
  ["test_children", "children", (m) => [...m.children()].length],
  ["test_modules", "modules", (m) => [...m.modules()].length],
  ["test_parameters_and_named_parameters", "parameters", (m) => m.parameters().length],
  ["test_state_dict", "state_dict", (m) => Object.keys(m.stateDict())],
];

describe("TestNN: module registration and named_* (shared submodules)", () => {
  it.each(NAME_CASES)("%s", async (_n, what, js) => {
    const ref = await py.call("upstream_nn.module_names", { what });
    expect(js(net())).toEqual(ref);
  });
});

describe("TestNN: state dicts", () => {
  it("test_load_state_dict: strict=False reports missing and unexpected keys", async () => {
    const ref = (await py.eval(
      "m = nn.Linear(2, 3)\nsd = m.state_dict()\nsd['extra'] = torch.ones(1)\ndel sd['bias']\n" +
        "r = m.load_state_dict(sd, strict=False)\nout = [list(r.missing_keys), list(r.unexpected_keys)]",
    )) as string[][];
    const m = new nn.Linear(2, 3);
    const sd = m.stateDict();
    sd.extra = torch.ones([1]);
    delete sd.bias;
    const r = m.loadStateDict(sd, { strict: false });
    expect([r.missingKeys, r.unexpectedKeys]).toEqual(ref);
  });
  it("test_load_state_dict: strict mode raises PyTorch's RuntimeError", async () => {
    const r = await py.run("m = nn.Linear(2, 3)\nsd = m.state_dict()\ndel sd['bias']\nm.load_state_dict(sd)");
    const m = new nn.Linear(2, 3);
    const sd = m.stateDict();
    delete sd.bias;
    expect(() => m.loadStateDict(sd)).toThrow(pyMessage(r));
  });
  it("test_load_state_dict: shape mismatch raises PyTorch's message", async () => {
    const r = await py.run(
      "m = nn.Linear(2, 3)\nm.load_state_dict({'weight': torch.zeros(3, 3), 'bias': torch.zeros(3)})",
    );
    const m = new nn.Linear(2, 3);
    expect(() => m.loadStateDict({ weight: torch.zeros([3, 3]), bias: torch.zeros([3]) })).toThrow(pyMessage(r));
  });
  it("test_state_dict: values are the parameters' values and loading copies them", async () => {
    torch.manualSeed(0);
    const a = new nn.Linear(4, 2);
    const b = new nn.Linear(4, 2);
    b.loadStateDict(a.stateDict());
    expect(b.weight.equal(a.weight)).toBe(true);
    expect(b.weight === a.weight).toBe(false);
    const ref = (await py.eval("torch.manual_seed(0)\nout = nn.Linear(4, 2).weight.detach()")) as torch.Tensor;
    expect(b.weight.detach().equal(ref)).toBe(true);
  });
  it("test_register_buffer_raises_error_if_name_is_not_string", async () => {
    const r = await py.run("m = nn.Module()\nm.register_buffer(1, torch.rand(5))");
    const m = new Bare();
    expect(() => m.registerBuffer(1 as never, torch.rand([5]))).toThrow(TypeError);
    expect(r.type).toBe("TypeError");
  });
  it("test_register_buffer_raises_error_if_attr_exists", async () => {
    const r = await py.run(
      "m = nn.Module()\nm.register_parameter('p', nn.Parameter(torch.rand(5)))\nm.register_buffer('p', torch.rand(5))",
    );
    const m = new Bare();
    m.registerParameter("p", new nn.Parameter(torch.rand([5])));
    expect(() => m.registerBuffer("p", torch.rand([5]))).toThrow(pyMessage(r));
  });
  it("test_register_parameter_raises_error_if_name_is_empty", async () => {
    const r = await py.run("m = nn.Module()\nm.register_parameter('', nn.Parameter(torch.rand(5)))");
    const m = new Bare();
    expect(() => m.registerParameter("", new nn.Parameter(torch.rand([5])))).toThrow(pyMessage(r));
  });
  it("test_register_parameter_raises_error_if_name_has_dot", async () => {
    const r = await py.run("m = nn.Module()\nm.register_parameter('a.b', nn.Parameter(torch.rand(5)))");
    const m = new Bare();
    expect(() => m.registerParameter("a.b", new nn.Parameter(torch.rand([5])))).toThrow(pyMessage(r));
  });
  it("test_add_module_raises_error_if_attr_exists", async () => {
    const r = await py.run(
      "m = nn.Module()\nm.register_buffer('a', torch.rand(2))\nm.add_module('a', nn.Linear(1, 1))",
    );
    const m = new Bare();
    m.registerBuffer("a", torch.rand([2]));
    expect(() => m.addModule("a", new nn.Linear(1, 1))).toThrow(pyMessage(r));
  });
  it("test_register_buffer_allows_overwriting_with_same_name", async () => {
    const m = new Bare();
    const b1 = torch.rand([5]);
    const b2 = b1.add(1);
    m.registerBuffer("buffer_name", b1);
    m.registerBuffer("buffer_name", b2);
    expect(m.getBuffer("buffer_name")).toBe(b2);
  });
});

describe("TestNN: named_modules / named_parameters / named_buffers with PyTorch's arguments", () => {
  it.each([
    [
      "test_named_modules remove_duplicate=False",
      "named_modules_no_dedup",
      (m: nn.Sequential) => [...m.namedModules({ removeDuplicate: false })].map(([k]) => k),
    ],
    [
      "test_named_modules prefix",
      "named_modules_prefix",
      (m: nn.Sequential) => [...m.namedModules({ prefix: "model" })].map(([k]) => k),
    ],
    [
      "test_named_modules memo",
      "named_modules_memo",
      (m: nn.Sequential) => [...m.namedModules(new Set([m.at(1)]))].map(([k]) => k),
    ],
    [
      "test_named_parameters recurse=False",
      "named_parameters_no_recurse",
      (m: nn.Sequential) =>
        [...(m.getSubmodule("1.1") as nn.Module).namedParameters({ recurse: false })].map(([k]) => k),
    ],
    [
      "test_named_parameters prefix, recurse=False",
      "named_parameters_prefix_no_recurse",
      (m: nn.Sequential) => [...m.at(0).namedParameters("fc", false)].map(([k]) => k),
    ],
    [
      "test_buffers_and_named_buffers prefix",
      "named_buffers_prefix",
      (m: nn.Sequential) => [...m.namedBuffers({ prefix: "model" })].map(([k]) => k),
    ],
  ] as Array<[string, string, (m: nn.Sequential) => unknown]>)("%s", async (_n, what, js) => {
    expect(js(net())).toEqual(await py.call("upstream_nn.named_options", { what }));
  });
  it("named_parameters rejects an unknown option", () => {
    expect(() => [...net().namedParameters({ recursive: false } as never)]).toThrow(TypeError);
  });
});

describe("TestNN: forward hooks", () => {
  it("test_hooks (forward hooks counted over calls and handle removals)", async () => {
    const module = new nn.Sigmoid();
    const input = torch.ones([5, 5]).requiresGrad_(true);
    let forwards = 0;
    const out: number[] = [];
    const fwHook = (inc: number) => (m: nn.Module, inp: unknown[], o: unknown) => {
      expect(Array.isArray(inp)).toBe(true);
      expect(o).toBeInstanceOf(torch.Tensor);
      expect(m).toBe(module);
      forwards += inc;
    };
    const h1 = module.registerForwardHook(fwHook(1));
    module.call(input);
    module.call(input);
    out.push(forwards);
    const h2 = module.registerForwardHook(fwHook(2));
    module.call(input);
    out.push(forwards);
    h1.remove();
    module.call(input);
    out.push(forwards);
    h2.remove();
    module.call(input);
    out.push(forwards);
    expect(out).toEqual(await py.call("upstream_nn.hook_trace", {}));
  });
  it("test_hook_forward_preforward_writable", async () => {
    torch.manualSeed(0);
    const x = torch.randn([5, 5]);
    const module = new nn.Sigmoid();
    module.registerForwardPreHook((_m, inp) => F.relu(inp[0] as Tensor));
    module.registerForwardHook((_m, _inp, o) => (o as Tensor).neg());
    expectTensor(module.call(x), await py.call("upstream_nn.hook_writable", { x }), {}, "output");
  });
  it("test_forward_pre_hook: an array result replaces the argument list, forward() bypasses hooks", () => {
    const m = new nn.Linear(3, 2);
    const seen: number[] = [];
    using _h = m.registerForwardPreHook((_m, inp) => {
      seen.push(inp.length);
      return [torch.zeros([1, 3])];
    });
    const x = torch.ones([1, 3]);
    expect(m.call(x).equal(m.forward(torch.zeros([1, 3])))).toBe(true);
    m.forward(x);
    expect(seen).toEqual([1]);
  });
  it("test_hooks of children run inside Sequential (module(input))", () => {
    const inner = new nn.ReLU();
    const seq = new nn.Sequential(new nn.Linear(2, 2), inner);
    const calls: string[] = [];
    inner.registerForwardHook(() => {
      calls.push("inner");
    });
    seq.registerForwardPreHook(() => {
      calls.push("seq-pre");
    });
    seq.call(torch.ones([1, 2]));
    expect(calls).toEqual(["seq-pre", "inner"]);
  });
  it("TestModuleGlobalHooks: module-wide forward hooks run before each module's own", () => {
    const calls: string[] = [];
    const m = new nn.Sigmoid();
    const local = m.registerForwardHook(() => {
      calls.push("local");
    });
    const gPre = nn.registerModuleForwardPreHook(() => {
      calls.push("global-pre");
    });
    const gFwd = nn.registerModuleForwardHook(() => {
      calls.push("global");
    });
    try {
      m.call(torch.ones([2]));
    } finally {
      gPre.remove();
      gFwd.remove();
    }
    m.call(torch.ones([2]));
    local.remove();
    m.call(torch.ones([2]));
    expect(calls).toEqual(["global-pre", "global", "local", "local"]);
  });
});

describe("TestNN: state-dict hooks", () => {
  it("_register_state_dict_hook: a child's hook edits the dict in place, the root's may add keys", async () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 1));
    m.at(0)._registerStateDictHook((_mod, sd, prefix) => {
      for (const k of Object.keys(sd).filter((k) => k.startsWith(prefix))) {
        sd[`${k}_renamed`] = sd[k]!;
        delete sd[k];
      }
    });
    m._registerStateDictHook((_mod, sd) => {
      sd.extra = torch.zeros([1]);
    });
    expect(Object.keys(m.stateDict())).toEqual(await py.call("upstream_nn.state_dict_hook_keys", {}));
  });
  it("test_load_state_dict_post_hook", async () => {
    const m = new nn.Linear(2, 2);
    const seen: string[][][] = [];
    m.registerLoadStateDictPostHook((_mod, keys) => {
      seen.push([[...keys.missingKeys], [...keys.unexpectedKeys]]);
      keys.missingKeys.length = 0;
      keys.unexpectedKeys.length = 0;
    });
    const sd = m.stateDict();
    delete sd.bias;
    sd.extra = torch.zeros([1]);
    const r = m.loadStateDict(sd);
    expect([seen, r.missingKeys, r.unexpectedKeys]).toEqual(await py.call("upstream_nn.load_post_hook", {}));
  });
  it("test_load_state_dict_post_hook: a hook that returns a value is an AssertionError", async () => {
    const r = await py.run(
      "m = nn.Linear(2, 2)\nm.register_load_state_dict_post_hook(lambda mod, keys: 1)\nm.load_state_dict(m.state_dict())",
    );
    const m = new nn.Linear(2, 2);
    m.registerLoadStateDictPostHook((() => 1) as never);
    let err: Error | undefined;
    try {
      m.loadStateDict(m.stateDict());
    } catch (e) {
      err = e as Error;
    }
    expect([err?.name, err?.message]).toEqual([r.type, r.error]);
  });
  it("a removed post hook no longer runs", () => {
    const m = new nn.Linear(2, 2);
    let n = 0;
    const h = m.registerLoadStateDictPostHook(() => {
      n++;
    });
    m.loadStateDict(m.stateDict());
    h.remove();
    m.loadStateDict(m.stateDict());
    expect(n).toBe(1);
  });
});

describe("TestNN: moves, casts, apply, requires_grad_", () => {
  it.each([
    ["float", (m: nn.Module) => m.double().float(), "m.double().float()"],
    ["double", (m: nn.Module) => m.double(), "m.double()"],
    ["half", (m: nn.Module) => m.half(), "m.half()"],
    ["bfloat16", (m: nn.Module) => m.bfloat16(), "m.bfloat16()"],
    ["cpu", (m: nn.Module) => m.cpu(), "m.cpu()"],
    [
      "to(tensor)",
      (m: nn.Module) => m.to(torch.zeros([1], { dtype: "float64" })),
      "m.to(torch.zeros(1, dtype=torch.float64))",
    ],
  ] as Array<[string, (m: nn.Module) => nn.Module, string]>)(
    "test_type %s: parameters and floating buffers cast, num_batches_tracked kept",
    async (_n, js, expr) => {
      const m = js(new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3)));
      const ours = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, `torch.${v.dtype}`]));
      const ref = await py.eval(
        `m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))\nm = ${expr}\nout = {k: str(v.dtype) for k, v in m.state_dict().items()}`,
      );
      expect(ours).toEqual(ref);
    },
  );
  it("test_cuda: Module.cuda() on a build without CUDA raises PyTorch's AssertionError", async () => {
    if (torch.version.cuda) return expect(torch.cuda.isAvailable()).toBe(true);
    const r = await py.run("nn.Linear(2, 2).cuda()");
    let err: Error | undefined;
    try {
      new nn.Linear(2, 2).cuda();
    } catch (e) {
      err = e as Error;
    }
    expect([err?.name, err?.message]).toEqual([r.type, r.error]);
  });
  it("test_apply: children first, then the module, each once", async () => {
    const m = net();
    const names: string[] = [];
    m.apply((mod) => {
      names.push(mod._getName());
    });
    const ref = await py.eval(
      "import upstream_nn\nnames = []\nupstream_nn.net().apply(lambda mod: names.append(mod._get_name()))\nout = names",
    );
    expect(names).toEqual(ref);
  });
  it("test_requires_grad_", async () => {
    const m = new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2));
    expect(m.requiresGrad_(false)).toBe(m);
    expect(m.parameters().map((p) => p.requiresGrad)).toEqual([false, false, false, false]);
    m.requiresGrad_();
    expect(m.parameters().map((p) => p.requiresGrad)).toEqual([true, true, true, true]);
    expect(m.buffers().map((b) => b.requiresGrad)).toEqual([false, false, false]);
  });
});
