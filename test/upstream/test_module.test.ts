// Ported from PyTorch 1.13's test/test_nn.py (TestNN: test_named_parameters, test_named_modules,
// test_children, test_state_dict, test_load_state_dict, test_register_buffer_*, ...): module
// registration and state-dict behaviours, expected values from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn } from "../../lib";
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
