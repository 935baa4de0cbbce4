// Ported from PyTorch's test/test_stateless.py (TestStatelessFunctionalAPI) against live PyTorch 1.13's
// torch.nn.utils.stateless.functional_call. Each case runs for both of torchts's names,
// nn.utils.stateless.functionalCall and torch.func.functionalCall (upstream's "stateless" and "torch_func"
// subtests; 1.13 has no torch.func, so both are checked against 1.13's stateless.functional_call).
//
// Left out:
// - test_functional_call_with_jit: JIT (torch.jit.script / trace).
// - test_functional_call_with_data_parallel, test_functional_call_with_data_parallel_error: DataParallel,
//   multi-GPU (and the first is skipped upstream).
// - test_reparametrize_strict, test_reparametrize_tie_weights_strict, and the strict=True parts of
//   test_setattr_strict: strict= is 2.x (1.13's functional_call has no such argument).
// - test_reparametrize_tie_weights, test_reparametrize_tie_some_weights, test_tied_weights_errors,
//   test_tied_weights_no_error_without_flag: tie_weights= is 2.x; 1.13 warns where 2.x raises. Its warning
//   is tested as 1.13's test_tied_weights_warns (upstream's test_tied_weights_warns keeps only its setup).
// - test_circular_references' tie_weights=False: 2.x (the case runs without it).
// - test_reparametrize_special's non-tensor attribute `foo` error: 2.x checks that a replaced attribute
//   held a tensor; 1.13 replaces `foo` (0.0) and the call succeeds, which is tested instead. Its
//   non-tensor value: 1.13 raises TypeError only where the forward uses it (linear()'s message);
//   torchts raises TypeError before the call, so the class is compared, not the message.
// - test_setattr_strict's AttributeError for an attribute no dictionary gives: JS reads a missing property
//   as undefined (there is no AttributeError to compare).
// - test_functional_call_with_kwargs' "missing 1 required keyword-only argument" and its calls binding the
//   positional `inp` by keyword (args=(), kwargs={'inp': ...}): Python argument binding.
// - test_functional_call_member_reference: it asserts 2.x's semantics (self.parameters() inside the call
//   lists the replacements); 1.13's functional_call swaps attribute reads only, so parameters() lists the
//   module's own. torchts swaps the registered slots (as 2.x) but Module.parameters() lists only
//   nn.Parameter values, so neither matches (lib/nn/module.ts).
// - test_functional_call_tuple_dicts, test_functional_call_multiple_dicts_error: torch.func 2.0 (a tuple of
//   dictionaries).
// - TestStatelessDeprecation (the torch.nn.utils._stateless import warning, 2.x's FutureWarning for
//   stateless.functional_call) and TestPythonOptimizeMode: Python imports and 2.x deprecations.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectSameError, expectSameWarnings, expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
// torch.tensor([[1.0]]) is float32 in PyTorch; a JS 1.0 is an integer to torch.tensor.
const ft = (v: number[] | number[][]) => torch.tensor(v, { dtype: "float32" });

class MockModule extends nn.Module {
  l1 = new nn.Linear(1, 1);
  foo = 0.0;
  declare buffer: Tensor;
  constructor() {
    super();
    this.registerBuffer("buffer", torch.ones([1]));
  }
  forward(x: Tensor): Tensor {
    return this.l1.call(x).add(this.buffer);
  }
}

// 1.13's MockModule (register_buffer: nn.Buffer is 2.x).
const PY_MOCK = `import torch.nn.utils.stateless as stateless
class MockModule(nn.Module):
    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(1, 1)
        self.register_buffer('buffer', torch.ones(1))
        self.foo = 0.0
    def forward(self, x):
        return self.l1(x) + self.buffer
`;

type FunctionalCall = typeof nn.utils.stateless.functionalCall;
const CALLS: Array<[string, FunctionalCall]> = [
  ["stateless", nn.utils.stateless.functionalCall],
  ["torch_func", torch.func.functionalCall],
];

// _ensure_module_unchanged: the same parameter and buffer objects, with the same values, after fn.
function ensureModuleUnchanged(module: nn.Module, message: string, fn: () => void): void {
  const origTensors = [...module.parameters(), ...module.buffers()];
  const origValues = origTensors.map((t) => t.clone());
  try {
    fn();
  } finally {
    const now = [...module.parameters(), ...module.buffers()];
    expect(
      now.length === origTensors.length &&
        now.every((t, i) => t === origTensors[i] && t.allclose(origValues[i] as Tensor)),
      message,
    ).toBe(true);
  }
}

function runCallWithMockModule(module: MockModule, functionalCall: FunctionalCall): void {
  const x = torch.rand([1, 1]);
  const weight = ft([[1.0]]);
  const bias = ft([0.0]);
  const buffer = ft([0.0]);
  const parameters = { "l1.weight": weight, "l1.bias": bias, buffer };
  const prevWeight = module.l1.weight.clone();
  const prevBuffer = module.buffer.clone();
  // The parameters represent an identity function contrary to the existing params in module: the result
  // is the input if the weight swapping went well.
  const res = functionalCall(module, parameters, x) as Tensor;
  torch.testing.assertClose(res, x);
  // The weights remain unmodified.
  torch.testing.assertClose(module.l1.weight, prevWeight);
  torch.testing.assertClose(module.buffer, prevBuffer);
}

describe.each(CALLS)("TestStatelessFunctionalAPI (%s)", (_name, functionalCall) => {
  it("test_functional_call", async () => {
    torch.manualSeed(0);
    const module = new MockModule();
    runCallWithMockModule(module, functionalCall);
    // And PyTorch's output for the same module and input.
    torch.manualSeed(1);
    const x = torch.rand([1, 1]);
    const p = { "l1.weight": ft([[3.0]]), "l1.bias": ft([0.5]), buffer: ft([-1.0]) };
    const ref = await py.eval(`${PY_MOCK}torch.manual_seed(0)\nout = stateless.functional_call(MockModule(), p, x)`, {
      p,
      x,
    });
    expectTensor(functionalCall(module, p, x) as Tensor, ref, {}, "output");
  });

  it("test_functional_call_with_gradient", async () => {
    torch.manualSeed(0);
    const module = new MockModule();
    const x = torch.rand([1, 1]);
    const weight = ft([[1.0]]).requiresGrad_();
    const bias = ft([0.0]).requiresGrad_();
    const buffer = ft([0.0]);
    const parameters = { "l1.weight": weight, "l1.bias": bias, buffer };
    const res = functionalCall(module, parameters, x) as Tensor;
    // A backward step calculates the gradient of the supplied parameters.
    res.backward();
    expect(weight.grad).not.toBeNull();
    expect(bias.grad).not.toBeNull();
    expect(buffer.grad).toBeNull();
    // Gradient was not calculated for the module's own parameters and buffers.
    expect(module.l1.weight.grad).toBeNull();
    expect((module.l1.bias as Tensor).grad).toBeNull();
    expect(module.buffer.grad).toBeNull();
    const ref = (await py.eval(
      `${PY_MOCK}module = MockModule()
w = torch.tensor([[1.0]], requires_grad=True)
b = torch.tensor([0.0], requires_grad=True)
stateless.functional_call(module, {'l1.weight': w, 'l1.bias': b, 'buffer': torch.tensor([0.0])}, x).backward()
out = [w.grad, b.grad]`,
      { x },
    )) as Tensor[];
    expectTensor(weight.grad as Tensor, ref[0] as Tensor, {}, "weight.grad");
    expectTensor(bias.grad as Tensor, ref[1] as Tensor, {}, "bias.grad");
  });

  it("test_functional_batch_norm", async () => {
    const module = new nn.BatchNorm1d(10);
    module.train(); // Allow stats update
    // Replace the running_mean buffer and check that it is updated.
    const x = torch.full([20, 10], 128.0, { dtype: "float32" });
    const rm = torch.zeros([10]);
    const parameters = { running_mean: rm };
    const prevRm = (module.runningMean as Tensor).clone();
    functionalCall(module, parameters, x);
    const curRm = module.runningMean as Tensor;
    torch.testing.assertClose(curRm, prevRm);
    torch.testing.assertClose(rm, torch.full([10], 12.8, { dtype: "float32" }));
    // Now run functional without reparametrization: the module has been updated.
    functionalCall(module, {}, x);
    torch.testing.assertClose(module.runningMean as Tensor, torch.full([10], 12.8, { dtype: "float32" }));
    const ref = (await py.eval(
      `module = nn.BatchNorm1d(10)
module.train()
import torch.nn.utils.stateless as stateless
rm = torch.zeros(10)
stateless.functional_call(module, {'running_mean': rm}, x)
before = module.running_mean.clone()
stateless.functional_call(module, {}, x)
out = [rm, before, module.running_mean, module.num_batches_tracked]`,
      { x },
    )) as Tensor[];
    expectTensor(rm, ref[0] as Tensor, {}, "rm");
    expectTensor(module.runningMean as Tensor, ref[2] as Tensor, {}, "running_mean");
    expectTensor(module.numBatchesTracked as Tensor, ref[3] as Tensor, {}, "num_batches_tracked");
  });

  it("test_circular_references (without 2.x's tie_weights=False)", async () => {
    torch.manualSeed(0);
    const module = new MockModule();
    // Add a circular reference.
    (module.l1 as unknown as { m: nn.Module }).m = module;
    const x = torch.rand([1, 1]);
    const weight = ft([[1.0]]);
    const bias = ft([0.0]);
    const buffer = ft([0.0]);
    const parameters = { "l1.m.l1.weight": weight, "l1.bias": bias, "l1.m.buffer": buffer };
    const prevWeight = module.l1.weight.clone();
    const prevBuffer = module.buffer.clone();
    const res = functionalCall(module, parameters, x) as Tensor;
    torch.testing.assertClose(res, x);
    // The weights remain unmodified and were correctly accessed.
    torch.testing.assertClose(module.l1.weight, prevWeight);
    torch.testing.assertClose(module.buffer, prevBuffer);
    const ref = await py.eval(
      `${PY_MOCK}module = MockModule()
module.l1.m = module
out = stateless.functional_call(module, {'l1.m.l1.weight': torch.tensor([[1.0]]), 'l1.bias': torch.tensor([0.0]), 'l1.m.buffer': torch.tensor([0.0])}, x)`,
      { x },
    );
    expectTensor(res, ref, {}, "output");
  });

  it("test_reparametrized_module_change_parametrization_original", async () => {
    torch.manualSeed(0);
    const module = new MockModule();
    nn.utils.parametrizations.spectralNorm(module.l1);
    expect([...module.namedParameters()].map(([n]) => n)).toContain("l1.parametrizations.weight.original");
    const origSnWeight = module.l1.weight.clone();
    const x = torch.rand([1, 1]);
    // Substitute the parameter inside the parametrization: the parametrization itself is not overwritten,
    // so it is applied to a different value of the original tensor.
    const parameters = {
      "l1.parametrizations.weight.original": new nn.Parameter(ft([[1.0]])),
      "l1.bias": ft([0.0]),
      buffer: ft([0.0]),
    };
    const res = functionalCall(module, parameters, x) as Tensor;
    torch.testing.assertClose(res, x);
    // The spectral normalization is still applied.
    expect([...module.namedParameters()].map(([n]) => n)).toContain("l1.parametrizations.weight.original");
    torch.testing.assertClose(origSnWeight, module.l1.weight);
    const ref = (await py.eval(
      `${PY_MOCK}torch.manual_seed(0)
module = MockModule()
nn.utils.parametrizations.spectral_norm(module.l1)
orig = module.l1.weight.clone()
params = {'l1.parametrizations.weight.original': nn.Parameter(torch.tensor([[1.0]])), 'l1.bias': torch.tensor([0.0]), 'buffer': torch.tensor([0.0])}
res = stateless.functional_call(module, params, x)
out = [res, orig, module.l1.weight.detach()]`,
      { x },
    )) as Tensor[];
    expectTensor(res.detach(), ref[0] as Tensor, { rtol: 1e-6 }, "output");
    expectTensor(origSnWeight.detach(), ref[1] as Tensor, { rtol: 1e-5, atol: 1e-6 }, "spectral-normed weight");
    expectTensor(module.l1.weight.detach(), ref[2] as Tensor, { rtol: 1e-5, atol: 1e-6 }, "weight after");
  });

  it("test_reparametrize_module_fail_reset_to_original", async () => {
    torch.manualSeed(0);
    const module = new MockModule();
    nn.utils.parametrizations.spectralNorm(module.l1);
    expect([...module.namedParameters()].map(([n]) => n)).toContain("l1.parametrizations.weight.original");
    const origSnWeight = module.l1.weight.clone();
    const parameters = {
      "l1.parametrizations.weight.original": new nn.Parameter(ft([[1.0]])),
      "l1.bias": ft([0.0]),
      buffer: ft([0.0]),
    };
    const x = torch.rand([4, 5]); // to work, it should be of size (1, 1)
    await expectSameError(
      py,
      () => functionalCall(module, parameters, x), // fails because x is the wrong size
      `${PY_MOCK}module = MockModule()
nn.utils.parametrizations.spectral_norm(module.l1)
params = {'l1.parametrizations.weight.original': nn.Parameter(torch.tensor([[1.0]])), 'l1.bias': torch.tensor([0.0]), 'buffer': torch.tensor([0.0])}
stateless.functional_call(module, params, x)`,
      { x },
      /shapes cannot be multiplied/,
    );
    // The spectral normalization is still applied.
    expect([...module.namedParameters()].map(([n]) => n)).toContain("l1.parametrizations.weight.original");
    torch.testing.assertClose(origSnWeight, module.l1.weight);
  });

  it("test_reparametrize_some_weights", async () => {
    torch.manualSeed(0);
    const module = new MockModule();
    const weight = ft([[2.0]]);
    const extra = ft([1.0]);
    let x = torch.randn([1, 1]);
    let out = functionalCall(module, { "l1.weight": weight }, x) as Tensor;
    torch.testing.assertClose(
      out,
      x
        .mul(weight)
        .add(module.l1.bias as Tensor)
        .add(module.buffer),
    );
    const x1 = x;
    x = torch.randn([1, 1]);
    out = functionalCall(module, { "l1.weight": weight, extra }, x) as Tensor;
    torch.testing.assertClose(
      out,
      x
        .mul(weight)
        .add(module.l1.bias as Tensor)
        .add(module.buffer),
    );
    expect("extra" in module).toBe(false);
    const ref = (await py.eval(
      `${PY_MOCK}torch.manual_seed(0)
module = MockModule()
w = torch.tensor([[2.0]])
out = [stateless.functional_call(module, {'l1.weight': w}, x1), stateless.functional_call(module, {'l1.weight': w, 'extra': torch.tensor([1.0])}, x2), hasattr(module, 'extra')]`,
      { x1, x2: x },
    )) as [Tensor, Tensor, boolean];
    expectTensor((functionalCall(module, { "l1.weight": weight }, x1) as Tensor).detach(), ref[0].detach(), {}, "some");
    expectTensor(out.detach(), ref[1].detach(), {}, "extra");
    expect(ref[2]).toBe(false);
  });

  it("test_reparametrize_special (1.13's behaviour)", async () => {
    class NonTensor {
      toString() {
        return `<${this.constructor.name}>`;
      }
    }
    torch.manualSeed(0);
    const module = new MockModule();
    const weight = ft([[2.0]]);
    const bias = ft([5.0]);
    const buffer = ft([3.0]);

    // Set to None.
    let x = torch.randn([1, 1]);
    let out: Tensor | undefined;
    ensureModuleUnchanged(module, "the module should not have been modified by a successful call", () => {
      out = functionalCall(module, { "l1.weight": weight, "l1.bias": null, buffer }, x) as Tensor;
      torch.testing.assertClose(out, x.mul(weight).add(buffer));
    });
    const refNone = await py.eval(
      `${PY_MOCK}out = stateless.functional_call(MockModule(), {'l1.weight': torch.tensor([[2.0]]), 'l1.bias': None, 'buffer': torch.tensor([3.0])}, x)`,
      { x },
    );
    expectTensor(out as Tensor, refNone, {}, "None bias");

    // Set non-tensor: a TypeError (1.13's where linear() gets it).
    const pyNonTensor = await py.run(
      `${PY_MOCK}class NonTensor:
    def __repr__(self):
        return '<NonTensor>'
stateless.functional_call(MockModule(), {'l1.weight': NonTensor()}, x)`,
      { x },
    );
    expect(pyNonTensor.type).toBe("TypeError");
    ensureModuleUnchanged(module, "the module should not have been modified by a failed call", () => {
      expect(() =>
        functionalCall(module, { "l1.weight": new NonTensor() as unknown as Tensor }, torch.randn([1, 1])),
      ).toThrow(TypeError);
    });

    // Set a non-tensor attribute (foo is 0.0): 1.13 replaces it for the call.
    x = torch.randn([1, 1]);
    ensureModuleUnchanged(module, "the module should not have been modified by a successful call", () => {
      out = functionalCall(module, { "l1.weight": weight, foo: ft([1.0]) }, x) as Tensor;
    });
    expect(module.foo).toBe(0.0);
    const refFoo = (await py.eval(
      `${PY_MOCK}torch.manual_seed(0)
module = MockModule()
y = stateless.functional_call(module, {'l1.weight': torch.tensor([[2.0]]), 'foo': torch.tensor([1.0])}, x)
out = [y, module.foo]`,
      { x },
    )) as [Tensor, number];
    expectTensor((out as Tensor).detach(), refFoo[0].detach(), {}, "foo replaced");
    expect(module.foo).toBe(refFoo[1]);

    // Set a non-existent submodule: PyTorch's AttributeError, and the module is left as it was (1.13 itself
    // leaves l1's weight swapped when this fails; upstream asserts it does not).
    ensureModuleUnchanged(module, "the module should not have been modified by a failed call", () => {
      expect(() => functionalCall(module, { "l1.weight": weight, "l2.bias": bias }, torch.randn([1, 1]))).toThrow();
    });
    expect(module.l1.weight instanceof nn.Parameter).toBe(true);
    await expectSameError(
      py,
      () => functionalCall(module, { "l1.weight": weight, "l2.bias": bias }, torch.randn([1, 1])),
      `${PY_MOCK}stateless.functional_call(MockModule(), {'l1.weight': torch.tensor([[2.0]]), 'l2.bias': torch.tensor([5.0])}, torch.randn(1, 1))`,
      {},
      /'MockModule' object has no attribute 'l2'/,
    );
  });

  it("test_tied_weights_warns (1.13's form of test_tied_weights_errors)", async () => {
    torch.manualSeed(0);
    const module = new MockModule() as MockModule & { tied_bias: Tensor; tied_buffer: Tensor };
    module.tied_bias = module.l1.bias as Tensor;
    module.registerBuffer("tied_buffer", module.buffer);
    const weight = ft([[1.0]]);
    const bias = ft([0.0]);
    const buffer = ft([0.0]);
    const x = torch.randn([1, 1]);
    const pySetup = `${PY_MOCK}torch.manual_seed(0)
module = MockModule()
module.tied_bias = module.l1.bias
module.register_buffer('tied_buffer', module.buffer)
params = {'l1.weight': weight, 'l1.bias': bias, 'buffer': buffer}`;
    const inputs = { weight, bias, buffer, x };
    const check = (params: Record<string, Tensor>, extra: string) =>
      expectSameWarnings(
        py,
        () => functionalCall(module, params, x),
        `${pySetup}\n${extra}stateless.functional_call(module, params, x)`,
        inputs,
      );
    const parameters: Record<string, Tensor> = { "l1.weight": weight, "l1.bias": bias, buffer };
    expect(await check({ ...parameters }, "")).toEqual([]);
    // If tied values are the same tensors, it does not warn.
    expect(
      await check(
        { ...parameters, tied_bias: bias, tied_buffer: buffer },
        "params['tied_bias'] = bias\nparams['tied_buffer'] = buffer\n",
      ),
    ).toEqual([]);
    // Different values for tied names warn.
    const five = ft([5.0]);
    const w1 = await check({ ...parameters, tied_bias: five }, "params['tied_bias'] = torch.tensor([5.0])\n");
    expect(w1.join()).toMatch(/functional_call was passed multiple values for tied weights/);
    const w2 = await check({ ...parameters, tied_buffer: five }, "params['tied_buffer'] = torch.tensor([5.0])\n");
    expect(w2.join()).toMatch(/functional_call was passed multiple values for tied weights/);
  });

  it("test_setattr", async () => {
    class Foo extends nn.Module {
      declare foo: Tensor;
      constructor() {
        super();
        this.registerBuffer("foo", ft([0.0]));
      }
      forward(x: Tensor): Tensor {
        this.foo = this.foo.add(1);
        return x.add(this.foo);
      }
    }
    const foo = ft([2.0]);
    const x = torch.randn([1]);
    const a: Record<string, Tensor> = { foo };
    const mod = new Foo();
    const out = functionalCall(mod, a, x) as Tensor;
    torch.testing.assertClose(mod.foo, ft([0.0]));
    torch.testing.assertClose(a.foo, ft([3.0]));
    torch.testing.assertClose(foo, ft([2.0]));
    expect(a.foo !== foo).toBe(true);
    const ref = (await py.eval(
      `import torch.nn.utils.stateless as stateless
class Foo(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('foo', torch.tensor([0.0]))
    def forward(self, x):
        self.foo = self.foo + 1
        return x + self.foo
foo = torch.tensor([2.0])
a = {'foo': foo}
mod = Foo()
y = stateless.functional_call(mod, a, x)
out = [y, mod.foo, a['foo'], foo, a['foo'] is foo]`,
      { x },
    )) as [Tensor, Tensor, Tensor, Tensor, boolean];
    expectTensor(out, ref[0], {}, "output");
    expectTensor(mod.foo, ref[1], {}, "mod.foo");
    expectTensor(a.foo as Tensor, ref[2], {}, "a['foo']");
    expectTensor(foo, ref[3], {}, "foo");
    expect(a.foo === foo).toBe(ref[4]);
  });

  it("test_in_place_operator", async () => {
    class Foo extends nn.Module {
      declare foo: Tensor;
      constructor() {
        super();
        this.registerBuffer("foo", ft([0.0]));
      }
      forward(x: Tensor): Tensor {
        this.foo.add_(1);
        return x.add(this.foo);
      }
    }
    const foo = ft([2.0]);
    const x = torch.randn([1]);
    const a: Record<string, Tensor> = { foo };
    const mod = new Foo();
    const out = functionalCall(mod, a, x) as Tensor;
    torch.testing.assertClose(mod.foo, ft([0.0]));
    torch.testing.assertClose(a.foo, ft([3.0]));
    torch.testing.assertClose(foo, ft([3.0]));
    expect(a.foo === foo).toBe(true);
    const ref = (await py.eval(
      `import torch.nn.utils.stateless as stateless
class Foo(nn.Module):
    def __init__(self):
        super().__init__()
        self.register_buffer('foo', torch.tensor([0.0]))
    def forward(self, x):
        self.foo.add_(1)
        return x + self.foo
foo = torch.tensor([2.0])
a = {'foo': foo}
mod = Foo()
y = stateless.functional_call(mod, a, x)
out = [y, mod.foo, foo, a['foo'] is foo]`,
      { x },
    )) as [Tensor, Tensor, Tensor, boolean];
    expectTensor(out, ref[0], {}, "output");
    expectTensor(mod.foo, ref[1], {}, "mod.foo");
    expectTensor(foo, ref[2], {}, "foo");
    expect(a.foo === foo).toBe(ref[3]);
  });

  it("test_setattr_strict (without 2.x's strict=)", async () => {
    class Bar extends nn.Module {
      declare extra: Tensor;
      forward(x: Tensor): Tensor {
        return x.add(this.extra);
      }
    }
    const a = { extra: torch.zeros([]) };
    const mod = new Bar();
    expect("extra" in mod).toBe(false);
    const out = functionalCall(mod, a, torch.ones([])) as Tensor;
    torch.testing.assertClose(out, torch.ones([]));
    expect("extra" in mod).toBe(false);
    const ref = (await py.eval(
      `import torch.nn.utils.stateless as stateless
class Bar(nn.Module):
    def forward(self, x):
        return x + self.extra
mod = Bar()
out = [stateless.functional_call(mod, {'extra': torch.zeros(())}, torch.ones(())), hasattr(mod, 'extra')]`,
    )) as [Tensor, boolean];
    expectTensor(out, ref[0], {}, "output");
    expect("extra" in mod).toBe(ref[1]);
  });

  it("test_functional_call_with_kwargs (kwargs as the trailing options object)", async () => {
    class Foo extends nn.Module {
      x: Tensor;
      constructor(x: Tensor) {
        super();
        this.x = x;
      }
      forward(inp: Tensor, { otherInp }: { otherInp: Tensor }): Tensor {
        return inp.mul(this.x).add(otherInp);
      }
    }
    const a = { x: torch.zeros([2, 3]) };
    const own = torch.randn([2, 3]);
    const mod = new Foo(own);
    const [inp, otherInp] = [torch.randn([2, 3]), torch.randn([2, 3])];
    const res = functionalCall(mod, a, inp, { otherInp }) as Tensor;
    torch.testing.assertClose(res, otherInp);
    expect(mod.x === own).toBe(true);
    // The positional arguments as a tuple.
    const res1 = functionalCall(mod, a, [inp], { otherInp }) as Tensor;
    torch.testing.assertClose(res, res1);
    const ref = await py.eval(
      `import torch.nn.utils.stateless as stateless
class Foo(nn.Module):
    def __init__(self, x):
        super().__init__()
        self.x = x
    def forward(self, inp, *, other_inp):
        return inp * self.x + other_inp
out = stateless.functional_call(Foo(own), {'x': torch.zeros(2, 3)}, inp, {'other_inp': other_inp})`,
      { own, inp, other_inp: otherInp },
    );
    expectTensor(res, ref, {}, "output");
  });
});
