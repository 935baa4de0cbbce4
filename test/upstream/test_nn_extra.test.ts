// Ported from PyTorch 1.13's test/test_nn.py (TestNN, TestNNDeviceType on the CPU): the cases the other
// ports of that file (test_nn, test_nn_more, test_nn_functional, test_nn_layers, test_module, test_containers,
// test_batchnorm, test_pooling, test_rnn, test_transformer, common_nn*, ...) leave out. Module registration
// (buffers, parameters, extra state, assignment, type conversion), loss and activation corner cases, LSTM and
// RNN argument errors, weight_norm / spectral_norm, empty inputs, nearest / antialiased interpolation, CTC loss
// without a batch dimension, NLL / cross entropy on empty or probability targets, in-place overlap errors.
// Every case runs the same computation in torchts and in live PyTorch 1.13 on the same inputs (made here and
// sent over) and compares values (dtype, shape, numbers), or the error class and first message line.
//
// Adapted:
// - nn.Buffer(t, persistent=False) (later releases) is register_buffer(name, t, persistent=False), 1.13's form.
// - Gradient checks (gradcheck / gradgradcheck) are replaced by the gradients themselves compared with
//   PyTorch's on the same inputs and weights.
// - Python attribute assignment (m.x = ...) is the same assignment on the module's proxy; `del m.x` is delete.
// - Randomized sizes (random.randint) are fixed sizes from the upstream ranges; large batch sizes chosen to
//   reach CUDA limits (test_upsamplingBilinear2d_aa_correctness's 23000) are cut down on the CPU.
// - test_zero_grad: upstream's current text expects set_to_none=True by default (2.0); 1.13 zeroes the
//   grads, and the live 1.13 result is the reference.
// - test_named_parameters_remove_duplicate: 1.13's named_parameters has no remove_duplicate argument, so only
//   the default (deduplicated) names are compared.
//
// Left out:
// - test_module_super_init (call_super_init), test_set_submodule, test_module_to_empty_non_recursive,
//   test_linear_autograd's sparse CSC weights, test_affine_grid_backward_cl_cf_consistency (1.13's affine_grid
//   backward raises on a channels_last gradient: the bug, issue #124154, that test was written for),
//   test_RNN_nonlinearity_passed_as_arg (1.13's nn.RNN(2, 3, 1, 'relu') takes 'relu' as bias),
//   test_bilinear_value_error (1.13 raises Python's ZeroDivisionError),
//   test_fractional_max_pool2d_invalid_output_ratio (1.13 takes the 3-element ratio), test_rmsnorm_numeric, test_swap_module_params_poisons_acc_grad:
//   later than 1.13 (no such API in 1.13).
// - test_dir, test_dir_digit, test_getattr_with_property, test_buffer_bad_module_subclass,
//   test_parameterlistdict_pickle, test_weight_norm_pickle, test_spectral_norm_pickle, test_pickle_softsign,
//   test_save_lstm_compatibility (__setstate__), test_parse_to, test_share_memory: Python object model
//   (dir, properties, pickle, shared memory) with no torchts counterpart.
// - test_masked_softmax*, test_add_relu*: private ops (torch._masked_softmax, torch._VF._add_relu) torchts does
//   not bind.
// - test_conv_empty_input's non-contiguous-weight case: 1.13's conv2d raises on it (fixed later); ported as that
//   error's parity, with the channels_last cases compared by value.
// - test_threshold_bfloat16_half's Half part: 1.13 has no CPU Half threshold kernel; ported as its error.
// - test_upsamplingBiMode2d_nonsupported_dtypes: each dtype / mode compared with whatever 1.13 does (an error
//   or a result), since 1.13 supports fewer dtypes than the upstream text expects.
// - test_LSTM_grad_and_gradgrad, test_GRU_grad_and_gradgrad, test_variable_sequence,
//   test_activations_bfloat16_half_cpu, test_upsamplingBiMode2d_consistency, test_transformerencoderlayer_fast_path,
//   test_Transformer*_empty, test_logsigmoid_out, test_module_to_empty, test_skip_init,
//   test_consume_prefix_in_state_dict_if_present, test_overwrite_module_params_on_conversion,
//   test_module_to_argparse's positional forms: not ported yet (time), not known to fail.
// - CUDA-only, multi-GPU, cuDNN and large-tensor (tens of GB) tests, and test_affine_2d_rotate* (scipy).

import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectClose, type Tol } from "../helpers/parity_calls";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const F = nn.functional;
type Inputs = Record<string, unknown>;
type Attrs = Record<string, unknown>;

/** A bare nn.Module(), named as Python's (which has no forward either). */
class Module extends nn.Module {
  forward(): null {
    return null;
  }
}
const attrs = (m: nn.Module) => m as unknown as Attrs;

/** mine equals what `code` (which sets `out`) gives in PyTorch on the same inputs. */
async function same(mine: unknown, code: string, inputs: Inputs = {}, tol?: Tol, what = code): Promise<void> {
  const ref = await py.eval(code, inputs);
  expectClose(mine, ref as PyValue, what, tol);
}

/** Python's exception class for an error torchts raised. */
function pyClass(e: unknown): string {
  const n = (e as Error)?.name;
  if (["KeyError", "ValueError", "IndexError", "NotImplementedError", "TypeError", "AttributeError"].includes(n))
    return n;
  if (e instanceof Error && (n === "Error" || n === "LinAlgError")) return "RuntimeError";
  return `not a PyTorch error: ${String(e)}`;
}

/** fn raises what `code` raises in PyTorch: the same class and first line (or both match `match`). */
async function sameErr(fn: () => unknown, code: string, inputs: Inputs = {}, match?: RegExp): Promise<void> {
  const r = await py.run(code, inputs);
  assert.ok(r.error !== undefined, `PyTorch raised nothing for ${code}`);
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `torchts raised nothing; PyTorch raised ${r.type}: ${r.error}`);
  assert.equal(pyClass(err), r.type, `error class (${(err as Error).message})`);
  // str(KeyError) is the repr of its argument.
  const ref =
    r.type === "KeyError" ? (r.error as string).replace(/^'(.*)'$|^"(.*)"$/, "$1$2").replace(/\\'/g, "'") : r.error;
  const mine = (err as Error).message.split("\n")[0];
  if (match) {
    assert.match(ref as string, match, "PyTorch's message");
    assert.match(mine as string, match, "torchts's message");
  } else assert.equal(mine, ref, "error message");
}

const seeded = <T>(seed: number, f: () => T): T => {
  torch.manualSeed(seed);
  return f();
};
const D = { dtype: "float64" } as const;

// --------------------------------------------------------------------------------------- module registration
describe("TestNN: module registration", () => {
  it("test_zero_grad", async () => {
    const i = seeded(1, () => torch.randn([2, 5]));
    const module = new nn.Linear(5, 5);
    const state = () => [module.weight.grad, module.bias?.grad ?? null].map((g) => (g === null ? "None" : g.clone()));
    const seen: unknown[] = [];
    for (const p of module.parameters()) p.requiresGrad = false;
    module.zeroGrad();
    module.weight.requiresGrad = true;
    module.zeroGrad();
    seen.push(state());
    module.forward(i).sum().backward();
    seen.push(state());
    module.zeroGrad();
    seen.push(state());
    (module.bias as Tensor).requiresGrad = true;
    module.zeroGrad();
    seen.push(state());
    module.forward(i).sum().backward();
    seen.push(state());
    module.zeroGrad({ setToNone: false });
    seen.push(state());
    module.zeroGrad();
    seen.push(state());
    await same(
      seen,
      `module = nn.Linear(5, 5)
with torch.no_grad():
    module.weight.copy_(w); module.bias.copy_(b)
state = lambda: [g.clone() if g is not None else "None" for g in (module.weight.grad, module.bias.grad)]
out = []
for p in module.parameters():
    p.requires_grad = False
module.zero_grad()
module.weight.requires_grad = True
module.zero_grad()
out.append(state())
module(i).sum().backward()
out.append(state())
module.zero_grad()
out.append(state())
module.bias.requires_grad = True
module.zero_grad()
out.append(state())
module(i).sum().backward()
out.append(state())
module.zero_grad(set_to_none=False)
out.append(state())
module.zero_grad()
out.append(state())`,
      { i, w: module.weight.detach(), b: (module.bias as Tensor).detach() },
    );
  });

  it("test_named_parameters_remove_duplicate", async () => {
    class M1 extends Module {
      param1 = new nn.Parameter(torch.empty([3, 3]));
      param2 = this.param1;
    }
    class M2 extends Module {
      mod1 = new nn.Linear(3, 4, { bias: false });
      mod2 = this.mod1;
    }
    const mine = [[...new M1().namedParameters()].map(([k]) => k), [...new M2().namedParameters()].map(([k]) => k)];
    await same(
      mine,
      `class M1(nn.Module):
    def __init__(self):
        super().__init__()
        self.param1 = nn.Parameter(torch.empty(3, 3))
        self.param2 = self.param1
class M2(nn.Module):
    def __init__(self):
        super().__init__()
        self.mod1 = nn.Linear(3, 4, bias=False)
        self.mod2 = self.mod1
out = [[k for k, _ in M1().named_parameters()], [k for k, _ in M2().named_parameters()]]`,
    );
  });

  it.each([
    ["invalid_str", "'invalid_str'"],
    ["cpu device", "torch.device('cpu')"],
  ])("test_train_errors_for_invalid_mode (%s)", async (_n, mode) => {
    const arg = mode === "'invalid_str'" ? "invalid_str" : new torch.device("cpu");
    for (const [m, code] of [
      [new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 2)), "nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 2))"],
      [new nn.Linear(2, 2), "nn.Linear(2, 2)"],
    ] as const) {
      await sameErr(() => m.train(arg as never), `${code}.train(${mode})`);
    }
  });

  it("test_register_buffer_raises_error_if_not_tensor", async () => {
    await sameErr(
      () => new Module().registerBuffer("attribute_name", 5 as never),
      "nn.Module().register_buffer('attribute_name', 5)",
    );
  });

  it("test_get_buffer", async () => {
    const [b1, b2] = seeded(2, () => [torch.randn([2, 3]), torch.randn([4, 5])]);
    const m = new Module();
    m.registerBuffer("foo", b1);
    m.registerBuffer("bar", b2);
    await same(
      [m.getBuffer("foo"), m.getBuffer("bar")],
      "m = nn.Module()\nm.register_buffer('foo', b1)\nm.register_buffer('bar', b2)\nout = [m.get_buffer('foo'), m.get_buffer('bar')]",
      { b1, b2 },
    );
    await sameErr(() => m.getBuffer("baz"), "nn.Module().get_buffer('baz')");
  });

  it("test_get_buffer_from_submodules", async () => {
    const [foo, bar] = seeded(3, () => [torch.randn([2, 3]), torch.randn([4, 5])]);
    class SubSub extends Module {
      constructor(b: Tensor) {
        super();
        this.registerBuffer("bar", b);
      }
    }
    class Sub extends Module {
      subsub: SubSub;
      constructor(f: Tensor, b: Tensor) {
        super();
        this.registerBuffer("foo", f);
        this.subsub = new SubSub(b);
      }
    }
    class MyModule extends Module {
      sub: Sub;
      constructor(f: Tensor, b: Tensor) {
        super();
        this.sub = new Sub(f, b);
      }
    }
    const m = new MyModule(foo, bar);
    const code = `class SubSub(nn.Module):
    def __init__(self, bar):
        super().__init__()
        self.register_buffer('bar', bar)
class Sub(nn.Module):
    def __init__(self, foo, bar):
        super().__init__()
        self.register_buffer('foo', foo)
        self.subsub = SubSub(bar)
class MyModule(nn.Module):
    def __init__(self, foo, bar):
        super().__init__()
        self.sub = Sub(foo, bar)
m = MyModule(foo, bar)
`;
    await same(
      [m.getBuffer("sub.foo"), m.getBuffer("sub.subsub.bar")],
      `${code}out = [m.get_buffer('sub.foo'), m.get_buffer('sub.subsub.bar')]`,
      { foo, bar },
    );
    await sameErr(() => m.getBuffer("sub.nope"), `${code}m.get_buffer('sub.nope')`, { foo, bar });
    await sameErr(() => m.getBuffer("sub.subsub"), `${code}m.get_buffer('sub.subsub')`, { foo, bar });
    await sameErr(() => m.getBuffer("nope.foo"), `${code}m.get_buffer('nope.foo')`, { foo, bar });
  });

  const counts = (m: nn.Module) => [m.buffers().length, Object.keys(m.stateDict()).length];

  it("test_buffer_not_persistent", async () => {
    const m = new Module();
    m.registerBuffer("buf", torch.rand([5]), { persistent: false });
    await same(
      counts(m),
      "m = nn.Module()\nm.register_buffer('buf', torch.rand(5), persistent=False)\nout = [len(list(m.buffers())), len(m.state_dict())]",
    );
  });

  it("test_buffer_not_persistent_del", async () => {
    const m = new Module();
    m.registerBuffer("buf", torch.rand([5]), { persistent: false });
    delete attrs(m).buf;
    await same(
      counts(m),
      "m = nn.Module()\nm.register_buffer('buf', torch.rand(5), persistent=False)\ndel m.buf\nout = [len(list(m.buffers())), len(m.state_dict())]",
    );
  });

  it("test_buffer_not_persistent_overwrite", async () => {
    const m = new Module();
    m.registerBuffer("buf", torch.rand([5]), { persistent: false });
    m.registerBuffer("buf", torch.rand([5]));
    const a = counts(m);
    m.registerBuffer("buf", torch.rand([5]), { persistent: false });
    await same(
      [a, counts(m)],
      `m = nn.Module()
m.register_buffer('buf', torch.rand(5), persistent=False)
m.register_buffer('buf', torch.rand(5))
a = [len(list(m.buffers())), len(m.state_dict())]
m.register_buffer('buf', torch.rand(5), persistent=False)
out = [a, [len(list(m.buffers())), len(m.state_dict())]]`,
    );
  });

  it("test_buffer_not_persistent_assign", async () => {
    const m = new Module();
    m.registerBuffer("buf", torch.rand([5]), { persistent: false });
    const seen = [counts(m)];
    attrs(m).buf = null;
    seen.push(counts(m));
    attrs(m).buf = torch.rand([5]);
    seen.push(counts(m));
    attrs(m).buf = new nn.Parameter(torch.rand([5]));
    seen.push(counts(m));
    await same(
      seen,
      `m = nn.Module()
m.register_buffer('buf', torch.rand(5), persistent=False)
c = lambda: [len(list(m.buffers())), len(m.state_dict())]
out = [c()]
m.buf = None
out.append(c())
m.buf = torch.rand(5)
out.append(c())
m.buf = nn.Parameter(torch.rand(5))
out.append(c())`,
    );
  });

  it("test_buffer_not_persistent_load", async () => {
    const m = new Module();
    m.registerBuffer("buf", torch.rand([5]), { persistent: false });
    const r = m.loadStateDict({});
    await same(
      [r.missingKeys, r.unexpectedKeys],
      "m = nn.Module()\nm.register_buffer('buf', torch.rand(5), persistent=False)\nr = m.load_state_dict({})\nout = [r.missing_keys, r.unexpected_keys]",
    );
  });

  it("test_register_parameter_raises_error_if_name_is_not_string", async () => {
    await sameErr(
      () => new Module().registerParameter(1 as never, new nn.Parameter()),
      "nn.Module().register_parameter(1, nn.Parameter())",
    );
    await sameErr(
      () => new Module().registerParameter(null as never, new nn.Parameter()),
      "nn.Module().register_parameter(None, nn.Parameter())",
    );
  });

  it("test_register_parameter_raises_error_if_attr_exists", async () => {
    const m = new Module();
    attrs(m).attribute_name = 5;
    await sameErr(
      () => m.registerParameter("attribute_name", new nn.Parameter()),
      "m = nn.Module()\nm.attribute_name = 5\nm.register_parameter('attribute_name', nn.Parameter())",
    );
    delete attrs(m).attribute_name;
    m.registerBuffer("attribute_name", torch.rand([5]));
    await sameErr(
      () => m.registerParameter("attribute_name", new nn.Parameter()),
      "m = nn.Module()\nm.register_buffer('attribute_name', torch.rand(5))\nm.register_parameter('attribute_name', nn.Parameter())",
    );
    delete attrs(m).attribute_name;
    m.addModule("attribute_name", new Module());
    await sameErr(
      () => m.registerParameter("attribute_name", new nn.Parameter()),
      "m = nn.Module()\nm.add_module('attribute_name', nn.Module())\nm.register_parameter('attribute_name', nn.Parameter())",
    );
  });

  it("test_register_parameter_allows_overwriting_with_same_name", async () => {
    const p1 = new nn.Parameter(seeded(4, () => torch.rand([5])));
    const p2 = new nn.Parameter(p1.detach().add(5));
    const m = new Module();
    const seen: unknown[] = [];
    for (const p of [p1, p2, null]) {
      m.registerParameter("param_name", p);
      seen.push(attrs(m).param_name === p, m.parameters().length);
    }
    await same(
      seen,
      `m = nn.Module()
p1 = nn.Parameter(x)
out = []
for p in [p1, nn.Parameter(p1.data + 5), None]:
    m.register_parameter('param_name', p)
    out += [m.param_name is p, len(list(m.parameters()))]`,
      { x: p1.detach() },
    );
  });

  it("test_add_module", async () => {
    for (const fn of ["addModule", "registerModule"] as const) {
      const py_fn = fn === "addModule" ? "add_module" : "register_module";
      const l = new nn.Linear(10, 20);
      const net = new Module();
      attrs(net).l = l;
      attrs(net).l2 = l;
      net[fn]("empty", null);
      net[fn]("l3", l);
      const l3 = new nn.Linear(20, 10);
      net[fn]("l", l3);
      const na = attrs(net);
      const a = na.l === l3 && na.l2 === l && na.empty === null && na.l3 === l;
      assert.ok(a);
      const seen = [
        [...net.namedChildren()].map(([k]) => k),
        [...net.namedModules({ removeDuplicate: false })].map(([k]) => k),
      ];
      const code = `l = nn.Linear(10, 20)
net = nn.Module()
net.l = l
net.l2 = l
net.${py_fn}('empty', None)
net.${py_fn}('l3', l)
net.${py_fn}('l', nn.Linear(20, 10))
`;
      await same(
        seen,
        `${code}out = [[k for k, _ in net.named_children()], [k for k, _ in net.named_modules(remove_duplicate=False)]]`,
      );
      await sameErr(() => net[fn]("x", "non-module" as never), `${code}net.${py_fn}('x', 'non-module')`);
      await sameErr(() => net[fn](1 as never, l), `${code}net.${py_fn}(1, l)`);
      await sameErr(() => net[fn](null as never, l), `${code}net.${py_fn}(None, l)`);
    }
  });

  it("test_module_to_argparse (dtype errors)", async () => {
    const net = new nn.Sequential(new nn.Linear(3, 3));
    await sameErr(() => net.to("int64"), "nn.Sequential(nn.Linear(3, 3)).to(torch.long)");
  });

  it("test_RNN_nonlinearity", async () => {
    const mine = [new nn.RNN(1, 10).nonlinearity, new nn.RNN(1, 10, { nonlinearity: "relu" }).nonlinearity];
    await same(mine, "out = [nn.RNN(1, 10).nonlinearity, nn.RNN(1, 10, nonlinearity='relu').nonlinearity]");
    await sameErr(
      () => new nn.RNN(1, 10, { nonlinearity: "garbage" as "tanh" }),
      "nn.RNN(1, 10, nonlinearity='garbage')",
    );
  });

  it("test_module_apply_inplace_op", async () => {
    const code = `m = nn.Linear(20, 10)
pvm = m.weight.mul(m.weight)
v = m.weight._version
m = m._apply(lambda t: t.add_(1.0))
assert m.weight._version > v
pvm.backward(torch.randn(10, 20))`;
    const m = new nn.Linear(20, 10);
    const pvm = m.weight.mul(m.weight);
    const v = m.weight._version;
    m._apply((t) => t.add_(1.0));
    assert.ok(m.weight._version > v);
    await sameErr(() => pvm.backward(torch.randn([10, 20])), code, {}, /modified by an inplace operation/);
    // The gradient's version counter is bumped too.
    const m2 = new nn.Linear(20, 10);
    m2.weight.grad = torch.randn([10, 20]).requiresGrad_();
    const pgm = m2.weight.grad.mul(m2.weight.grad);
    const gv = m2.weight.grad._version;
    m2._apply((t) => t.add_(1.0));
    assert.ok((m2.weight.grad as Tensor)._version > gv);
    await sameErr(
      () => pgm.backward(torch.randn([10, 20])),
      `m = nn.Linear(20, 10)
m.weight.grad = torch.randn(10, 20).requires_grad_()
pgm = m.weight.grad.mul(m.weight.grad)
m = m._apply(lambda t: t.add_(1.0))
pgm.backward(torch.randn(10, 20))`,
      {},
      /modified by an inplace operation/,
    );
  });

  it("test_type", async () => {
    const l = new nn.Linear(10, 20);
    const net = new Module();
    attrs(net).l = l;
    attrs(net).l2 = l;
    net.addModule("empty", null);
    net.registerBuffer("indices", torch.zeros([1], { dtype: "int64" }));
    const dtypes = () => [l.weight.dtype, (l.bias as Tensor).dtype, (attrs(net).indices as Tensor).dtype];
    const seen: unknown[] = [];
    net.float();
    seen.push(dtypes());
    net.double();
    seen.push(dtypes());
    net.to("float16");
    seen.push(dtypes());
    net.to(new torch.device("cpu"));
    seen.push(dtypes());
    net.to("float32");
    seen.push(dtypes());
    net.to(torch.zeros([1], D));
    seen.push(dtypes());
    await same(
      seen,
      `l = nn.Linear(10, 20)
net = nn.Module()
net.l = l
net.l2 = l
net.add_module('empty', None)
net.register_buffer('indices', torch.LongTensor(1))
d = lambda: [str(l.weight.dtype).replace('torch.', ''), str(l.bias.dtype).replace('torch.', ''), str(net.indices.dtype).replace('torch.', '')]
out = []
net.float(); out.append(d())
net.double(); out.append(d())
net.to(torch.half); out.append(d())
net.to(torch.device('cpu'), non_blocking=True); out.append(d())
net.to(torch.float); out.append(d())
net.to(torch.DoubleTensor(1)); out.append(d())`,
    );
  });

  it("test_non_leaf_parameters", async () => {
    const l1 = new nn.Linear(10, 10);
    const l2 = new nn.Linear(10, 10);
    await sameErr(() => {
      attrs(l2).weight = l1.weight.add(2);
    }, "l1 = nn.Linear(10, 10)\nl2 = nn.Linear(10, 10)\nl2.weight = l1.weight + 2");
    attrs(l2).weight = new nn.Parameter(torch.randn([10, 10]));
    assert.equal(l2.parameters().length, 2);
  });
});

describe("TestNN: state dicts, assignment, copies", () => {
  const EXTRA = `class SubModule(torch.nn.Module):
    def __init__(self, foo):
        super().__init__()
        self.foo = foo
    def get_extra_state(self):
        return {'foo': self.foo}
    def set_extra_state(self, state):
        self.foo = state['foo']
class MyModule(torch.nn.Module):
    def __init__(self, foo, bar):
        super().__init__()
        self.sub = SubModule(foo)
        self.bar = bar
    def get_extra_state(self):
        return {'bar': self.bar}
    def set_extra_state(self, state):
        self.bar = state['bar']
`;
  it("test_extra_state", async () => {
    class SubModule extends Module {
      constructor(public foo: unknown) {
        super();
      }
      override getExtraState(): unknown {
        return { foo: this.foo };
      }
      override setExtraState(state: unknown): void {
        this.foo = (state as { foo: unknown }).foo;
      }
    }
    class MyModule extends Module {
      sub: SubModule;
      constructor(
        foo: unknown,
        public bar: unknown,
      ) {
        super();
        this.sub = new SubModule(foo);
      }
      override getExtraState(): unknown {
        return { bar: this.bar };
      }
      override setExtraState(state: unknown): void {
        this.bar = (state as { bar: unknown }).bar;
      }
    }
    const m = new MyModule(3, "something");
    const m2 = new MyModule(5, "something else");
    m2.loadStateDict(m.stateDict());
    const sd = m2.stateDict() as Record<string, unknown>;
    await same(
      [Object.keys(sd), sd["sub._extra_state"], sd._extra_state, m2.bar, m2.sub.foo],
      `${EXTRA}m = MyModule(3, 'something')
m2 = MyModule(5, 'something else')
m2.load_state_dict(m.state_dict())
sd = m2.state_dict()
out = [list(sd.keys()), sd['sub._extra_state'], sd['_extra_state'], m2.bar, m2.sub.foo]`,
    );
  });

  it("test_extra_state_non_dict", async () => {
    class MyModule extends Module {
      constructor(public foo: unknown) {
        super();
      }
      override getExtraState(): unknown {
        return this.foo;
      }
      override setExtraState(state: unknown): void {
        this.foo = state;
      }
    }
    const seen: unknown[] = [];
    for (const state of ["something", 5]) {
      const m = new MyModule(state);
      const m2 = new MyModule("something else");
      m2.loadStateDict(m.stateDict());
      seen.push([Object.keys(m2.stateDict()), m2.foo]);
    }
    const inner = new MyModule(3);
    const m2 = new MyModule("something else");
    m2.loadStateDict(new MyModule(inner).stateDict());
    assert.equal(m2.foo, inner);
    await same(
      seen,
      `class MyModule(torch.nn.Module):
    def __init__(self, foo):
        super().__init__()
        self.foo = foo
    def get_extra_state(self):
        return self.foo
    def set_extra_state(self, state):
        self.foo = state
out = []
for state in ('something', 5):
    m = MyModule(state)
    m2 = MyModule('something else')
    m2.load_state_dict(m.state_dict())
    out.append([list(m2.state_dict().keys()), m2.foo])`,
    );
  });

  it("test_extra_state_missing_set_extra_state", async () => {
    class MyModule extends Module {
      override getExtraState(): unknown {
        return { foo: 5 };
      }
    }
    const m = new MyModule();
    await sameErr(
      () => m.loadStateDict(m.stateDict()),
      `class MyModule(torch.nn.Module):
    def get_extra_state(self):
        return {'foo': 5}
m = MyModule()
m.load_state_dict(m.state_dict())`,
      {},
      /Error\(s\) in loading state_dict for MyModule/,
    );
    let msg = "";
    try {
      m.loadStateDict(m.stateDict());
    } catch (e) {
      msg = (e as Error).message;
    }
    assert.match(msg, /Unexpected key/);
  });

  it("test_extra_state_missing_get_extra_state", async () => {
    class MyModule extends Module {
      override setExtraState(): void {}
    }
    const m = new MyModule();
    await sameErr(
      () => m.loadStateDict(m.stateDict()),
      `class MyModule(torch.nn.Module):
    def set_extra_state(self):
        pass
m = MyModule()
m.load_state_dict(m.state_dict())`,
      {},
      /Error\(s\) in loading state_dict for MyModule/,
    );
    let msg = "";
    try {
      m.loadStateDict(m.stateDict());
    } catch (e) {
      msg = (e as Error).message;
    }
    assert.match(msg, /Missing key/);
  });

  it("test_parameter_assignment", async () => {
    const l = new nn.Linear(5, 5);
    const a = attrs(l);
    const seen: unknown[] = [l.parameters().length];
    const newParam = new nn.Parameter(torch.randn([5, 5]));
    a.param_name = newParam;
    seen.push(l.parameters().length, l.parameters().includes(newParam));
    const v = torch.randn([5, 5]);
    a.var_name = v;
    seen.push(l.parameters().length, l.parameters().includes(v as nn.Parameter));
    a.variable_attr = torch.empty([5, 5]);
    seen.push(l.parameters().length);
    a.param_attr = new nn.Parameter(torch.empty([5, 5]));
    seen.push(l.parameters().length);
    await sameErr(() => {
      a.param_attr = torch.empty([5, 5]);
    }, "l = nn.Linear(5, 5)\nl.param_attr = nn.Parameter(torch.empty(5, 5))\nl.param_attr = torch.empty(5, 5)");
    a.param_attr = null;
    seen.push(l.parameters().length);
    await same(
      seen,
      `l = nn.Linear(5, 5)
n = lambda: len(list(l.parameters()))
out = [n()]
p = nn.Parameter(torch.randn(5, 5))
l.param_name = p
out += [n(), any(q is p for q in l.parameters())]
v = torch.randn(5, 5)
l.var_name = v
out += [n(), any(q is v for q in l.parameters())]
l.variable_attr = torch.empty(5, 5)
out.append(n())
l.param_attr = nn.Parameter(torch.empty(5, 5))
out.append(n())
l.param_attr = None
out.append(n())`,
    );
  });

  it("test_assignment", async () => {
    const l = new Module();
    const a = attrs(l);
    const [pa, pb, pc] = [2, 3, 4].map((n) => new nn.Parameter(torch.randn([n])));
    const [q, r, w] = [4, 5, 6].map((n) => new nn.Linear(n, n));
    const seen: unknown[] = [];
    const run = (get: () => unknown[], x: unknown, y: unknown, z: unknown, names: Map<unknown, string>) => {
      const list = () => get().map((v) => names.get(v));
      a.a = null;
      seen.push(a.a === null, list());
      a.a = x;
      seen.push(a.a === x, list());
      a.b = null;
      seen.push(a.b === null, list());
      a.b = y;
      seen.push(a.b === y, list());
      a.a = null;
      seen.push(a.a === null, list());
      a.a = x;
      seen.push(list());
      a.a = z;
      seen.push(a.a === z, list());
      delete a.a;
      seen.push("a" in l && a.a !== undefined);
      a.a = x;
      seen.push(a.a === x, list());
    };
    run(
      () => l.parameters(),
      pa,
      pb,
      pc,
      new Map<unknown, string>([
        [pa, "a"],
        [pb, "b"],
        [pc, "c"],
      ]),
    );
    delete a.a;
    delete a.b;
    seen.push(l.parameters().length);
    run(
      () => [...l.children()],
      q,
      r,
      w,
      new Map<unknown, string>([
        [q, "a"],
        [r, "b"],
        [w, "c"],
      ]),
    );
    delete a.a;
    delete a.b;
    seen.push([...l.children()].length);
    const buf = torch.randn([10]);
    l.registerBuffer("buf", buf);
    a.buf = null;
    seen.push(a.buf === null);
    a.buf = buf;
    seen.push(Object.keys(l.stateDict()));
    await same(
      seen,
      `l = nn.Module()
out = []
def run(get, x, y, z, names):
    lst = lambda: [names[id(v)] for v in get()]
    l.a = None
    out.extend([l.a is None, lst()])
    l.a = x
    out.extend([l.a is x, lst()])
    l.b = None
    out.extend([l.b is None, lst()])
    l.b = y
    out.extend([l.b is y, lst()])
    l.a = None
    out.extend([l.a is None, lst()])
    l.a = x
    out.append(lst())
    l.a = z
    out.extend([l.a is z, lst()])
    del l.a
    out.append(hasattr(l, 'a'))
    l.a = x
    out.extend([l.a is x, lst()])
pa, pb, pc = [nn.Parameter(torch.randn(n)) for n in (2, 3, 4)]
run(lambda: list(l.parameters()), pa, pb, pc, {id(pa): 'a', id(pb): 'b', id(pc): 'c'})
del l.a, l.b
out.append(len(list(l.parameters())))
q, r, w = [nn.Linear(n, n) for n in (4, 5, 6)]
run(lambda: list(l.children()), q, r, w, {id(q): 'a', id(r): 'b', id(w): 'c'})
del l.a, l.b
out.append(len(list(l.children())))
buf = torch.randn(10)
l.register_buffer('buf', buf)
l.buf = None
out.append(l.buf is None)
l.buf = buf
out.append(list(l.state_dict().keys()))`,
    );
  });

  it("test_container_copy", async () => {
    class Model extends Module {
      linear = new nn.Linear(4, 5);
      override forward(): null {
        return null;
      }
    }
    const input = seeded(5, () => torch.randn([2, 4]));
    const model = new Model();
    const cp = torch.deepcopy(model);
    assert.ok(model.linear.forward(input).equal(cp.linear.forward(input)));
    torch.noGrad(() => cp.linear.weight.fill_(2));
    assert.ok(!model.linear.forward(input).equal(cp.linear.forward(input)));
    await same(
      cp.linear.forward(input),
      "m = nn.Linear(4, 5)\nwith torch.no_grad():\n    m.weight.fill_(2); m.bias.copy_(b)\nout = m(x)",
      { x: input, b: cp.linear.bias as Tensor },
    );
  });
});

// ------------------------------------------------------------------------------------ losses and activations
describe("TestNN: losses, activations, layers", () => {
  it("test_threshold_bfloat16_half", async () => {
    // 1.13's CPU threshold has no Half kernel: the bfloat16 values, and Half's error.
    const x = seeded(6, () => torch.randn([100]));
    const mine: Tensor[] = [];
    for (const th of [0, -0.5, 0.5, Infinity, -Infinity, Number.NaN])
      mine.push(F.threshold(x.to("bfloat16"), th, 0).float(), F.threshold(x, th, 0).to("bfloat16").float());
    await same(
      mine,
      `out = []
for th in [0, -0.5, 0.5, float('inf'), float('-inf'), float('nan')]:
    out += [F.threshold(x.to(torch.bfloat16), th, 0).float(), F.threshold(x, th, 0).to(dtype=torch.bfloat16).float()]`,
      { x },
    );
    await sameErr(() => F.threshold(x.to("float16"), 0.5, 0), "F.threshold(x.half(), 0.5, 0)", { x });
  });

  it("test_inplace_thnn", async () => {
    const [input, gradOutput] = seeded(7, () => [torch.randn([5, 5]), torch.randn([5, 5])]);
    const mods = [
      new nn.ReLU({ inplace: true }),
      new nn.ELU({ inplace: true }),
      new nn.SELU({ inplace: true }),
      new nn.CELU({ inplace: true }),
    ];
    const mine: Tensor[] = [];
    for (const r of mods) {
      const x = input.clone().requiresGrad_();
      const go = gradOutput.clone();
      r.forward(x.add(0)).backward(go);
      assert.ok(go.equal(gradOutput), `${r._getName()}: grad_output changed`);
      mine.push(x.grad as Tensor);
    }
    await same(
      mine,
      `out = []
for mod in [nn.ReLU, nn.ELU, nn.SELU, nn.CELU]:
    x = inp.clone().requires_grad_()
    go = g.clone()
    mod(inplace=True)(x + 0).backward(go)
    assert torch.equal(go, g)
    out.append(x.grad)`,
      { inp: input, g: gradOutput },
    );
  });

  it("test_bce_with_logits_gives_same_result_as_sigmoid_and_bce_loss_large_tensors_with_grad", async () => {
    const [xs, ys] = [1024, 256];
    const target = seeded(8, () => torch.rand([xs, ys]));
    for (const reduction of ["none", "mean", "sum"] as const) {
      const [out0, weight, grad] = seeded(9, () => [
        torch.rand([xs, ys]).sub(0.5),
        torch.rand([ys]),
        torch.rand([xs, ys]),
      ]);
      const outSig = out0.clone().requiresGrad_();
      const outLogits = out0.clone().requiresGrad_();
      const lossSig = new nn.BCELoss({ weight, reduction }).forward(torch.sigmoid(outSig), target);
      const lossLogits = new nn.BCEWithLogitsLoss({ weight, reduction }).forward(outLogits, target);
      if (reduction === "none") {
        lossSig.backward(grad);
        lossLogits.backward(grad);
      } else {
        lossSig.backward();
        lossLogits.backward();
      }
      await same(
        [lossLogits, lossSig, outLogits.grad, outSig.grad],
        `s = o.clone().requires_grad_(); l = o.clone().requires_grad_()
ls = nn.BCELoss(w, reduction=r)(torch.sigmoid(s), t)
ll = nn.BCEWithLogitsLoss(w, reduction=r)(l, t)
if r == 'none':
    ls.backward(g); ll.backward(g)
else:
    ls.backward(); ll.backward()
out = [ll, ls, l.grad, s.grad]`,
        { o: out0, w: weight, t: target, g: grad, r: reduction },
        { rtol: 1e-5, atol: 1e-6 },
      );
      expectClose(lossLogits, lossSig as unknown as PyValue, `${reduction}: logits vs sigmoid`, {
        rtol: 1e-4,
        atol: 1e-5,
      });
    }
  });

  it("test_bce_with_logits_has_correct_forward_grad", async () => {
    const [output, target, tangent] = seeded(10, () => [
      torch.randn([3, 5], D),
      torch.randn([3, 5], D),
      torch.randn([3, 5], D),
    ]);
    const { dualLevel, makeDual, unpackDual } = torch.autograd.forwardAd;
    for (const reduction of ["sum", "mean", "none"] as const) {
      const t = dualLevel(() => {
        const y = new nn.BCEWithLogitsLoss({ reduction }).forward(makeDual(output, tangent), target);
        return unpackDual(y).tangent;
      });
      await same(
        t,
        `import torch.autograd.forward_ad as fwAD
with fwAD.dual_level():
    out = fwAD.unpack_dual(nn.BCEWithLogitsLoss(reduction=r)(fwAD.make_dual(o, tg), t)).tangent`,
        { o: output, t: target, tg: tangent, r: reduction },
      );
    }
  });

  it("test_cosine_embedding_loss_error_on_nonexpandable_shapes", async () => {
    const [a, b, t] = [torch.empty([1, 5], D), torch.empty([1, 6], D), torch.ones([1], { dtype: "int32" })];
    await sameErr(
      () => F.cosineEmbeddingLoss(a, b, t),
      "F.cosine_embedding_loss(a, b, t)",
      { a, b, t },
      /must match the size/,
    );
  });

  it("test_kl_div_with_diff_type_log_target", async () => {
    const input = torch.tensor(
      [
        [2, 3, 5],
        [3, 2, 1],
      ],
      D,
    );
    const target = torch
      .tensor(
        [
          [1, 2, 3],
          [4, 5, 6],
        ],
        D,
      )
      .log();
    const mine: Tensor[] = [];
    for (const it of ["float32", "float64", "float16"] as const)
      for (const tt of ["float32", "float64"] as const)
        mine.push(F.klDiv(input.to(it), target.to(tt), { logTarget: true }));
    await same(
      mine,
      `out = []
for it in (torch.float32, torch.float64, torch.float16):
    for tt in (torch.float32, torch.float64):
        out.append(F.kl_div(i.to(it), t.to(tt), log_target=True))`,
      { i: input, t: target },
    );
  });

  it("test_LSTM_cell_forward_input_size", async () => {
    const [input, hx, cx] = [torch.randn([3, 11]), torch.randn([3, 20]), torch.randn([3, 20])];
    const lstm = new nn.LSTMCell(10, 20);
    await sameErr(() => lstm.forward(input, [hx, cx]), "nn.LSTMCell(10, 20)(i, (h, c))", { i: input, h: hx, c: cx });
  });

  it("test_LSTM_cell_forward_hidden_size", async () => {
    const [input, hx, cx] = [torch.randn([3, 10]), torch.randn([3, 21]), torch.randn([3, 20])];
    const lstm = new nn.LSTMCell(10, 20);
    await sameErr(() => lstm.forward(input, [hx, cx]), "nn.LSTMCell(10, 20)(i, (h, c))", { i: input, h: hx, c: cx });
    await sameErr(() => lstm.forward(input, [cx, hx]), "nn.LSTMCell(10, 20)(i, (c, h))", { i: input, h: hx, c: cx });
  });

  it("test_projections_lstm_initial_hidden_state", async () => {
    for (const bidir of [false, true]) {
      const rnn = new nn.LSTM(30, 20, { numLayers: 2, bidirectional: bidir, projSize: 10 });
      const dirs = bidir ? 2 : 1;
      const input = seeded(11, () => torch.randn([10, 32, 30]));
      const hidden: [Tensor, Tensor] = [torch.zeros([2 * dirs, 32, 10]), torch.zeros([2 * dirs, 32, 20])];
      const [o1, h1] = rnn.forward(input, hidden);
      const [o2, h2] = rnn.forward(input);
      expectClose(o1, o2 as unknown as PyValue, "output with zero hidden vs none");
      expectClose(h1, h2 as unknown as PyValue, "hidden with zero hidden vs none");
      await same(
        [o1, ...h1],
        `rnn = nn.LSTM(30, 20, 2, bidirectional=b, proj_size=10)
rnn.load_state_dict(sd)
o, h = rnn(x)
out = [o, *h]`,
        { x: input, b: bidir, sd: rnn.stateDict() as unknown as Inputs },
      );
    }
  });

  it("test_projections_errors_on_gru_and_rnn", async () => {
    await sameErr(() => new nn.RNN(30, 20, { numLayers: 2, projSize: 10 } as never), "nn.RNN(30, 20, 2, proj_size=10)");
    await sameErr(() => new nn.GRU(30, 20, { numLayers: 2, projSize: 10 } as never), "nn.GRU(30, 20, 2, proj_size=10)");
  });

  it("test_cudnn_forward_exception", async () => {
    const cases: Array<[nn.Module, string, unknown, string]> = [
      [
        new nn.LSTM(10, 20, { batchFirst: true }),
        "nn.LSTM(10, 20, batch_first=True)",
        [torch.zeros([1, 2, 19]), torch.zeros([1, 2, 19])],
        "(z, z)",
      ],
      [
        new nn.LSTM(10, 20, { batchFirst: true, projSize: 10 }),
        "nn.LSTM(10, 20, batch_first=True, proj_size=10)",
        [torch.zeros([1, 2, 19]), torch.zeros([1, 2, 19])],
        "(z, z)",
      ],
      [new nn.GRU(10, 20, { batchFirst: true }), "nn.GRU(10, 20, batch_first=True)", torch.zeros([1, 2, 19]), "z"],
      [new nn.RNN(10, 20, { batchFirst: true }), "nn.RNN(10, 20, batch_first=True)", torch.zeros([1, 2, 19]), "z"],
    ];
    const [xWrong, xRight] = [torch.randn([2, 3, 3]), torch.randn([2, 3, 10])];
    for (const [rnn, code, hidden, h] of cases) {
      const f = rnn.forward as (...a: unknown[]) => unknown;
      await sameErr(
        () => f.call(rnn, xRight, hidden),
        `${code}(x, ${h})`,
        { x: xRight, z: torch.zeros([1, 2, 19]) },
        /Expected hidden.*size.*got/,
      );
      await sameErr(() => f.call(rnn, xWrong), `${code}(x)`, { x: xWrong });
    }
  });

  it("test_weight_norm", async () => {
    const input = seeded(12, () => torch.randn([3, 4]));
    let m = new nn.Linear(4, 5);
    const sd = m.stateDict() as unknown as Inputs;
    const expected = m.call(input);
    m = nn.utils.weightNorm(m);
    const a = attrs(m);
    const mine: unknown[] = [(a.weight_v as Tensor).shape, (a.weight_g as Tensor).shape, m.call(input)];
    m = nn.utils.removeWeightNorm(m);
    mine.push("weight_g" in m && a.weight_g !== undefined, m.call(input));
    m = nn.utils.weightNorm(m, "weight", 1);
    mine.push((a.weight_g as Tensor).shape, m.call(input));
    expectClose(m.call(input), expected as unknown as PyValue, "weight_norm(dim=1) output", { atol: 1e-5, rtol: 0 });
    const m2 = nn.utils.weightNorm(new nn.Linear(4, 5), "weight", null);
    mine.push((attrs(m2).weight_g as Tensor).shape);
    await same(
      mine,
      `m = nn.Linear(4, 5)
m.load_state_dict(sd)
m = torch.nn.utils.weight_norm(m)
out = [list(m.weight_v.shape), list(m.weight_g.shape), m(x)]
m = torch.nn.utils.remove_weight_norm(m)
out += [hasattr(m, 'weight_g'), m(x)]
m = torch.nn.utils.weight_norm(m, dim=1)
out += [list(m.weight_g.shape), m(x)]
out.append(list(torch.nn.utils.weight_norm(nn.Linear(4, 5), dim=None).weight_g.shape))`,
      { x: input, sd },
      { rtol: 1e-5, atol: 1e-6 },
    );
    await sameErr(
      () => nn.utils.weightNorm(m2),
      "m = torch.nn.utils.weight_norm(nn.Linear(4, 5), dim=None)\nm = torch.nn.utils.weight_norm(m)",
      {},
      /register two weight_norm hooks/,
    );
  });

  it("test_spectral_norm_forward", async () => {
    const input = seeded(13, () => torch.randn([3, 5], D));
    const m = nn.utils.spectralNorm(new nn.Linear(5, 7, { dtype: "float64" }));
    const a = attrs(m);
    const [w, b, u] = [a.weight_orig as Tensor, a.bias as Tensor, a.weight_u as Tensor];
    const inputs = { x: input, w: w.detach().clone(), b: b.detach().clone(), u: u.clone() };
    // The naive forward, as upstream computes it, on copies (the module updates u and v in training).
    const wm = inputs.w.view([w.size(0), -1]);
    let v = torch.mv(wm.t(), inputs.u);
    v = F.normalize(v, 2, 0, 1e-12);
    let uu = torch.mv(wm, v);
    uu = F.normalize(uu, 2, 0, 1e-12);
    const outHat = F.linear(input, inputs.w.div(torch.dot(uu, torch.matmul(wm, v))), inputs.b);
    const out = m.call(input);
    await same(
      out,
      `m = torch.nn.utils.spectral_norm(nn.Linear(5, 7).double())
with torch.no_grad():
    m.weight_orig.copy_(w); m.bias.copy_(b); m.weight_u.copy_(u)
out = m(x)`,
      inputs,
    );
    expectClose(out, outHat as unknown as PyValue, "spectral_norm output vs the naive forward");
  });

  it("test_spectral_norm_dim", async () => {
    const inp = seeded(14, () => torch.randn([2, 3, 10, 12]));
    const m = nn.utils.spectralNorm(new nn.ConvTranspose2d(3, 4, [5, 6]));
    const x = m.call(inp);
    const a = attrs(m);
    await same(
      [x.shape, (a.weight_u as Tensor).shape, (a.weight_orig as Tensor).select(0, 0).select(1, 0).select(1, 0).shape],
      `m = torch.nn.utils.spectral_norm(nn.ConvTranspose2d(3, 4, (5, 6)))
x = m(inp)
out = [list(x.shape), list(m.weight_u.shape), list(m.weight_orig[0, :, 0, 0].shape)]`,
      { inp },
    );
  });

  it("test_linear_broadcasting", async () => {
    const m = new nn.Linear(5, 8);
    const inp = seeded(15, () => torch.randn([2, 3, 5]));
    const expected = m.forward(inp.view([6, 5])).view([2, 3, 8]);
    expectClose(m.forward(inp), expected as unknown as PyValue, "broadcast vs flattened");
    await same(m.forward(inp), "m = nn.Linear(5, 8)\nm.load_state_dict(sd)\nout = m(x)", {
      x: inp,
      sd: m.stateDict() as unknown as Inputs,
    });
  });

  it("test_linear_raise_on_scalar_input", async () => {
    const m = new nn.Linear(1, 1);
    const inp = torch.ones([1]).squeeze();
    await sameErr(() => m.forward(inp), "nn.Linear(1, 1)(torch.ones(1).squeeze())", {}, /both arguments.*1D/);
  });

  it("test_layer_norm_eps", async () => {
    const x = torch.tensor(
      [
        [
          [2.0, 2.0],
          [14.0, 14.0],
        ],
        [
          [2.0, 2.0],
          [14.0, 14.0],
        ],
      ],
      { dtype: "float32" },
    );
    const ln = new nn.LayerNorm(2, { eps: 1e-6, elementwiseAffine: false });
    await same(ln.forward(x), "out = torch.nn.LayerNorm(2, eps=1e-6, elementwise_affine=False)(x)", { x });
  });

  it("test_padding_list", async () => {
    const x = seeded(16, () => torch.randn([2, 8, 6, 6]));
    for (const padding of [
      [3, 3],
      [3, 3],
    ]) {
      const net = new nn.ConvTranspose2d(8, 16, 3, { padding });
      await same(
        net.forward(x),
        "net = torch.nn.ConvTranspose2d(8, 16, kernel_size=3, padding=[3, 3])\nnet.load_state_dict(sd)\nout = net(x)",
        { x, sd: net.stateDict() as unknown as Inputs },
        { rtol: 1e-5, atol: 1e-5 },
      );
    }
  });

  it("test_max_pool1d_invalid_output_size", async () => {
    const m = new nn.MaxPool1d(3, { stride: 255 });
    const x = torch.tensor([[0.3204]]);
    let mine: unknown;
    try {
      mine = m.forward(x);
    } catch (e) {
      mine = e;
    }
    const r = await py.run("out = nn.MaxPool1d(kernel_size=3, stride=255, return_indices=False)(x)", { x });
    if (r.error !== undefined) assert.equal((mine as Error).message.split("\n")[0], r.error);
    else expectClose(mine, r.out, "MaxPool1d output");
  });

  it("test_constant_pad_nd", async () => {
    const a = torch.tensor([
      [1, 2],
      [3, 4],
    ]);
    await same(torch.constantPadNd(a, [1, 2, 1, 0], 9), "out = torch.constant_pad_nd(a, [1, 2, 1, 0], 9)", { a });
  });

  it("test_preserves_memory_format", async () => {
    const nchw = torch.rand([1, 2, 5, 3]);
    const nhwc = nchw.contiguous({ memoryFormat: "channelsLast" });
    const p1 = torch.constantPadNd(nchw, [1, 2], 0.5);
    const p2 = torch.constantPadNd(nhwc, [1, 2], 0.5);
    await same(
      [p1.isContiguous(), p2.isContiguous({ memoryFormat: "channelsLast" }), p1, p2],
      `a = torch.constant_pad_nd(x, [1, 2], 0.5)
b = torch.constant_pad_nd(x.contiguous(memory_format=torch.channels_last), [1, 2], 0.5)
out = [a.is_contiguous(), b.is_contiguous(memory_format=torch.channels_last), a, b]`,
      { x: nchw },
    );
  });

  it("test_fuse_conv_bn_requires_grad", async () => {
    const conv = new nn.Conv2d(3, 3, 3);
    const bn = new nn.BatchNorm2d(3);
    const mine: boolean[] = [];
    for (const wRg of [true, false])
      for (const bRg of [true, false]) {
        conv.weight.requiresGrad = wRg;
        (conv.bias as Tensor).requiresGrad = bRg;
        const [w, b] = nn.utils.fuseConvBnWeights(
          conv.weight,
          conv.bias as Tensor,
          bn.runningMean as Tensor,
          bn.runningVar as Tensor,
          bn.eps,
          bn.weight as Tensor,
          bn.bias as Tensor,
        );
        mine.push(w.requiresGrad, b.requiresGrad);
      }
    await same(
      mine,
      `from torch.nn.utils.fusion import fuse_conv_bn_weights
conv = torch.nn.Conv2d(3, 3, 3)
bn = torch.nn.BatchNorm2d(3)
out = []
for w_rg in (True, False):
    for b_rg in (True, False):
        conv.weight.requires_grad = w_rg
        conv.bias.requires_grad = b_rg
        w, b = fuse_conv_bn_weights(conv.weight, conv.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias)
        out += [w.requires_grad, b.requires_grad]`,
    );
  });

  it("test_fuse_linear_bn_requires_grad", async () => {
    const linear = new nn.Linear(3, 3);
    const bn = new nn.BatchNorm1d(3);
    const mine: boolean[] = [];
    for (const wRg of [true, false])
      for (const bRg of [true, false]) {
        linear.weight.requiresGrad = wRg;
        (linear.bias as Tensor).requiresGrad = bRg;
        const [w, b] = nn.utils.fuseLinearBnWeights(
          linear.weight,
          linear.bias,
          bn.runningMean as Tensor,
          bn.runningVar as Tensor,
          bn.eps,
          bn.weight as Tensor,
          bn.bias as Tensor,
        );
        mine.push(w.requiresGrad, b.requiresGrad);
      }
    await same(
      mine,
      `from torch.nn.utils.fusion import fuse_linear_bn_weights
linear = torch.nn.Linear(3, 3)
bn = torch.nn.BatchNorm1d(3)
out = []
for w_rg in (True, False):
    for b_rg in (True, False):
        linear.weight.requires_grad = w_rg
        linear.bias.requires_grad = b_rg
        w, b = fuse_linear_bn_weights(linear.weight, linear.bias, bn.running_mean, bn.running_var, bn.eps, bn.weight, bn.bias)
        out += [w.requires_grad, b.requires_grad]`,
    );
  });
});

// ------------------------------------------------------------------------------------- TestNNDeviceType (CPU)
describe("TestNNDeviceType (cpu)", () => {
  /** out and the input's gradient (after backward of out with weights g) for a fresh copy of x. */
  function outAndGrad(f: (x: Tensor) => Tensor, x: Tensor, g?: Tensor): Tensor[] {
    const xi = x.detach().clone().requiresGrad_();
    const out = f(xi);
    if (g) out.backward(g);
    else out.sum().backward();
    return [out, xi.grad as Tensor];
  }

  it("test_glu_bfloat16_cpu", async () => {
    for (const shape of [
      [1, 3, 1, 6],
      [1, 3, 1, 128],
    ]) {
      const x = seeded(20, () => torch.randn(shape)).to("bfloat16");
      await same(
        outAndGrad((t) => new nn.GLU({ dim: -1 }).forward(t), x),
        "xi = x.clone().requires_grad_()\no = nn.GLU(dim=-1)(xi)\no.sum().backward()\nout = [o, xi.grad]",
        { x },
      );
    }
  });

  it("test_GroupNorm_memory_format_cpu", async () => {
    const [x0, g0] = seeded(21, () => [torch.rand([2, 4, 4, 4]), torch.rand([2, 4, 4, 4])]);
    for (const inCl of [false, true])
      for (const gCl of [false, true]) {
        const net = new nn.GroupNorm(2, 4);
        const x = inCl ? x0.contiguous({ memoryFormat: "channelsLast" }) : x0;
        const g = gCl ? g0.contiguous({ memoryFormat: "channelsLast" }) : g0;
        await same(
          outAndGrad((t) => net.forward(t), x, g),
          `net = torch.nn.GroupNorm(2, 4)
x = x0.clone(memory_format=${inCl ? "torch.channels_last" : "torch.contiguous_format"}).requires_grad_()
y = net(x)
y.backward(g0.contiguous(memory_format=${gCl ? "torch.channels_last" : "torch.contiguous_format"}))
out = [y, x.grad]`,
          { x0, g0 },
        );
      }
  });

  it.each(["float32", "float64"] as const)("test_groupnorm_nhwc_cpu_%s", async (dtype) => {
    for (const [size, groups, fmt] of [
      [[4, 8, 10, 10], 4, "channelsLast"],
      [[2, 30, 9, 9], 3, "channelsLast"],
      [[2, 9, 7, 11, 15], 3, "channelsLast3d"],
    ] as const) {
      const [x0, g0, w, b] = seeded(22, () => [
        torch.randn(size as unknown as number[], { dtype }),
        torch.randn(size as unknown as number[], { dtype }),
        torch.rand([size[1]], { dtype }),
        torch.rand([size[1]], { dtype }),
      ]);
      const gn = new nn.GroupNorm(groups, size[1], { dtype });
      torch.noGrad(() => {
        (gn.weight as Tensor).copy_(w);
        (gn.bias as Tensor).copy_(b);
      });
      const x = x0.contiguous({ memoryFormat: fmt }).requiresGrad_();
      const out = gn.forward(x);
      out.backward(g0.contiguous({ memoryFormat: fmt }));
      assert.ok(out.isContiguous({ memoryFormat: fmt }), "output keeps the memory format");
      await same(
        [out, x.grad, gn.weight?.grad, gn.bias?.grad],
        `gn = nn.GroupNorm(groups, x0.size(1)).to(x0.dtype)
with torch.no_grad():
    gn.weight.copy_(w); gn.bias.copy_(b)
x = x0.clone().requires_grad_()
o = gn(x)
o.backward(g0)
out = [o, x.grad, gn.weight.grad, gn.bias.grad]`,
        { x0, g0, w, b, groups },
        { rtol: 8e-3, atol: 5e-4 },
      );
    }
  });

  it("test_ReplicationPad1d_large_cpu", async () => {
    for (const shape of [
      [2, 65736, 4],
      [65736, 2, 4],
    ]) {
      const [x, g] = seeded(23, () => [torch.randn(shape), torch.randn([shape[0], shape[1], 11])]);
      await same(
        outAndGrad((t) => new nn.ReplicationPad1d([3, 4]).forward(t), x, g),
        "xi = x.clone().requires_grad_()\no = torch.nn.ReplicationPad1d((3, 4))(xi)\no.backward(g)\nout = [o, xi.grad]",
        { x, g },
      );
    }
  });

  it("test_ReplicationPad2d_large_cpu", async () => {
    for (const shape of [
      [2, 65736, 4, 4],
      [65736, 2, 4, 4],
    ]) {
      const [x, g] = seeded(24, () => [torch.randn(shape), torch.randn([shape[0], shape[1], 15, 11])]);
      await same(
        outAndGrad((t) => new nn.ReplicationPad2d([3, 4, 5, 6]).forward(t), x, g),
        "xi = x.clone().requires_grad_()\no = torch.nn.ReplicationPad2d((3, 4, 5, 6))(xi)\no.backward(g)\nout = [o, xi.grad]",
        { x, g },
      );
    }
  });

  /** _test_module_empty_input: the output shape and the zero input / parameter gradients. */
  function emptyInput(mod: nn.Module, inputs: Tensor[]): unknown[] {
    const ins = inputs.map((t) => t.clone().requiresGrad_());
    const out = (mod.forward as (...a: Tensor[]) => Tensor)(...ins);
    out.sum().backward();
    return [out.shape, ...ins.map((t) => t.grad), ...mod.parameters().map((p) => p.grad)];
  }
  const EMPTY_PY = `ins = [t.clone().requires_grad_() for t in inputs]
o = mod(*ins)
o.sum().backward()
out = [list(o.shape), *[t.grad for t in ins], *[p.grad for p in mod.parameters()]]`;

  it("test_Bilinear_empty_cpu", async () => {
    const mod = new nn.Bilinear(20, 30, 40);
    await same(
      emptyInput(mod, [torch.randn([0, 10, 20]), torch.randn([0, 10, 30])]),
      `mod = torch.nn.Bilinear(20, 30, 40)\n${EMPTY_PY}`,
      {
        inputs: [torch.randn([0, 10, 20]), torch.randn([0, 10, 30])],
      },
    );
  });

  it("test_LocalResponseNorm_empty_cpu", async () => {
    const inp = torch.ones([0, 5, 24, 24]);
    await same(emptyInput(new nn.LocalResponseNorm(2), [inp]), `mod = torch.nn.LocalResponseNorm(2)\n${EMPTY_PY}`, {
      inputs: [inp],
    });
  });

  it("test_Unfold_empty_cpu", async () => {
    const inp = torch.randn([0, 3, 3, 4]);
    await same(emptyInput(new nn.Unfold([2, 3]), [inp]), `mod = torch.nn.Unfold(kernel_size=(2, 3))\n${EMPTY_PY}`, {
      inputs: [inp],
    });
    const bad = torch.randn([3, 0, 3, 4]);
    await sameErr(
      () => new nn.Unfold([2, 3]).forward(bad),
      "torch.nn.Unfold(kernel_size=(2, 3))(x)",
      { x: bad },
      /Expected 3D or 4D/,
    );
  });

  it("test_linear_empty_cpu", async () => {
    const mod = new nn.Linear(7, 7);
    await same(
      emptyInput(mod, [torch.randn([0, 7])]),
      `mod = torch.nn.Linear(7, 7)\nmod.load_state_dict(sd)\n${EMPTY_PY}`,
      {
        inputs: [torch.randn([0, 7])],
        sd: mod.stateDict() as unknown as Inputs,
      },
    );
  });

  const ACTS = [
    "ELU",
    "Hardtanh",
    "LeakyReLU",
    "LogSigmoid",
    "RReLU",
    "Softshrink",
    "Softplus",
    "Sigmoid",
    "Tanh",
  ] as const;

  it("test_nn_empty_cpu", async () => {
    const mine: unknown[] = [];
    for (const shape of [[0], [0, 2]])
      for (const name of ACTS) {
        const m = new (nn[name] as unknown as new () => nn.Module)();
        const out = (m.forward as (x: Tensor) => Tensor)(torch.randn(shape).requiresGrad_());
        mine.push(out.shape, out.numel());
      }
    await same(
      mine,
      `out = []
for shape in [(0,), (0, 2)]:
    for name in ${JSON.stringify(ACTS)}:
        o = getattr(torch.nn, name)()(torch.randn(shape, requires_grad=True))
        out += [list(o.shape), o.numel()]`,
    );
  });

  it("test_nn_scalars_cpu", async () => {
    const mine: unknown[] = [];
    for (const shape of [[5, 6], []])
      for (const name of ACTS) {
        const x = torch.randn(shape).requiresGrad_();
        const m = new (nn[name] as unknown as new () => nn.Module)();
        const out = (m.forward as (x: Tensor) => Tensor)(x);
        out.sum().backward();
        mine.push(out.shape, (x.grad as Tensor).shape);
      }
    await same(
      mine,
      `out = []
for shape in [(5, 6), ()]:
    for name in ${JSON.stringify(ACTS)}:
        x = torch.randn(shape, requires_grad=True)
        o = getattr(torch.nn, name)()(x)
        o.sum().backward()
        out += [list(o.shape), list(x.grad.shape)]`,
    );
  });

  it("test_nn_scalars_reductions_cpu", async () => {
    const losses = ["BCELoss", "L1Loss", "MSELoss", "SmoothL1Loss", "SoftMarginLoss"] as const;
    const mine: unknown[] = [];
    const inputs: Tensor[] = [];
    for (const shape of [[5, 6], []])
      for (const reduction of ["none", "mean", "sum"] as const)
        for (const name of losses) {
          const [x0, target] = seeded(25, () => [torch.randn(shape), torch.empty(shape).random_(2)]);
          inputs.push(x0, target);
          const x = x0.clone().requiresGrad_();
          const m = new (nn[name] as unknown as new (o: object) => nn.Module)({ reduction });
          const out = (m.forward as (a: Tensor, b: Tensor) => Tensor)(torch.sigmoid(x), target);
          out.sum().backward();
          mine.push(out, x.grad);
        }
    await same(
      mine,
      `out = []
k = 0
for shape in [(5, 6), ()]:
    for reduction in ['none', 'mean', 'sum']:
        for name in ${JSON.stringify(losses)}:
            x = inputs[k].clone().requires_grad_(); target = inputs[k + 1]; k += 2
            o = getattr(torch.nn, name)(reduction=reduction)(torch.sigmoid(x), target)
            o.sum().backward()
            out += [o, x.grad]`,
      { inputs },
    );
  });

  it("test_invalid_reduction_strings_cpu", async () => {
    const [input, target, v] = seeded(26, () => [torch.randn([3, 5]), torch.tensor([1, 0, 4]), torch.ones([3, 5])]);
    const r = "invalid" as "none";
    const calls: Array<[string, () => unknown]> = [
      ["F.nll_loss(input, target, reduction='invalid')", () => F.nllLoss(input, target, { reduction: r })],
      ["F.cross_entropy(input, target, reduction='invalid')", () => F.crossEntropy(input, target, { reduction: r })],
      ["F.kl_div(input, input, reduction='invalid')", () => F.klDiv(input, input, { reduction: r })],
      ["F.huber_loss(input, input, reduction='invalid')", () => F.huberLoss(input, input, { reduction: r })],
      ["F.smooth_l1_loss(input, input, reduction='invalid')", () => F.smoothL1Loss(input, input, { reduction: r })],
      ["F.l1_loss(input, input, reduction='invalid')", () => F.l1Loss(input, input, { reduction: r })],
      ["F.mse_loss(input, input, reduction='invalid')", () => F.mseLoss(input, input, { reduction: r })],
      [
        "F.hinge_embedding_loss(input, input, reduction='invalid')",
        () => F.hingeEmbeddingLoss(input, input, { reduction: r }),
      ],
      ["F.poisson_nll_loss(input, input, reduction='invalid')", () => F.poissonNllLoss(input, input, { reduction: r })],
      [
        "F.gaussian_nll_loss(input, input, v, reduction='invalid')",
        () => F.gaussianNllLoss(input, input, v, { reduction: r }),
      ],
      [
        "F.binary_cross_entropy(torch.sigmoid(input), input.gt(0).float(), reduction='invalid')",
        () => F.binaryCrossEntropy(torch.sigmoid(input), input.gt(0).float(), { reduction: r }),
      ],
      [
        "F.binary_cross_entropy_with_logits(input, input, reduction='invalid')",
        () => F.binaryCrossEntropyWithLogits(input, input, { reduction: r }),
      ],
      [
        "F.multilabel_soft_margin_loss(input, torch.zeros_like(input).long(), reduction='invalid')",
        () => F.multilabelSoftMarginLoss(input, torch.zerosLike(input).long(), { reduction: r }),
      ],
      [
        "F.triplet_margin_loss(input, input, input, reduction='invalid')",
        () => F.tripletMarginLoss(input, input, input, { reduction: r }),
      ],
      [
        "F.margin_ranking_loss(input, input, input.sign(), reduction='invalid')",
        () => F.marginRankingLoss(input, input, input.sign(), { reduction: r }),
      ],
      [
        "F.cosine_embedding_loss(input, input, input[:, 0].sign(), reduction='invalid')",
        () => F.cosineEmbeddingLoss(input, input, input.select(1, 0).sign(), { reduction: r }),
      ],
      [
        "F.soft_margin_loss(input, input.sign().detach(), reduction='invalid')",
        () => F.softMarginLoss(input, input.sign().detach(), { reduction: r }),
      ],
    ];
    for (const [code, fn] of calls) await sameErr(fn, code, { input, target, v });
  });

  it("test_smooth_l1_loss_bfloat16_cpu", async () => {
    for (const shape of [
      [1, 3, 1, 6],
      [1, 3, 1, 128],
    ]) {
      const [x, t] = seeded(27, () => [torch.randn(shape).to("bfloat16"), torch.randn(shape).to("bfloat16")]);
      await same(
        outAndGrad((i) => new nn.SmoothL1Loss().forward(i, t), x),
        "xi = x.clone().requires_grad_()\no = nn.SmoothL1Loss()(xi, t)\no.sum().backward()\nout = [o, xi.grad]",
        { x, t },
      );
    }
  });

  it.each(["float32", "float64"] as const)("test_conv_empty_input_cpu_%s", async (dtype) => {
    const [input2d, input3d, w8, bias] = seeded(28, () => [
      torch.randn([0, 4, 20, 20], { dtype }),
      torch.randn([0, 4, 20, 20, 20], { dtype }),
      torch.rand([4, 8, 3, 3], { dtype }),
      torch.rand([4], { dtype }),
    ]);
    const conv2d = new nn.Conv2d(4, 4, 3, { stride: 1, dtype });
    const conv3d = new nn.Conv3d(4, 4, 3, { stride: 1, dtype });
    const weight = w8.index(":", torch.slice(null, null, 2));
    const mine = [
      conv2d.forward(input2d),
      conv2d.forward(input2d.contiguous({ memoryFormat: "channelsLast" })),
      conv3d.forward(input3d),
      conv3d.forward(input3d.contiguous({ memoryFormat: "channelsLast3d" })),
      F.conv2d(input2d, weight.contiguous(), bias, { stride: 1, padding: 0, dilation: 1, groups: 1 }),
    ];
    // 1.13's conv2d of an empty batch with a non-contiguous weight raises (fixed later): the same error here.
    await sameErr(
      () => F.conv2d(input2d, weight, bias, { stride: 1, padding: 0, dilation: 1, groups: 1 }),
      "F.conv2d(i2, w8[:, ::2, :, :], bias, (1, 1), 0, (1, 1), 1)",
      {
        i2: input2d,
        w8,
        bias,
      },
    );
    await same(
      mine,
      `conv2d = torch.nn.Conv2d(4, 4, 3, 1).to(i2.dtype)
conv3d = torch.nn.Conv3d(4, 4, 3, 1).to(i2.dtype)
weight = w8[:, ::2, :, :]
out = [conv2d(i2), conv2d(i2.to(memory_format=torch.channels_last)), conv3d(i3), conv3d(i3.to(memory_format=torch.channels_last_3d)),
       F.conv2d(i2, weight.contiguous(), bias, (1, 1), 0, (1, 1), 1)]`,
      { i2: input2d, i3: input3d, w8, bias },
    );
  });
});

describe("TestNNDeviceType (cpu): interpolation, NLL / CTC / cross entropy, in-place errors", () => {
  const SIZES = [
    [20, 11],
    [10, 15],
  ] as const;
  for (const [mode, nd, py_mode] of [
    ["Nearest", 1, "nearest"],
    ["NearestExact", 1, "nearest-exact"],
    ["Nearest", 2, "nearest"],
    ["NearestExact", 2, "nearest-exact"],
    ["Nearest", 3, "nearest"],
    ["NearestExact", 3, "nearest-exact"],
  ] as const) {
    if (mode === "Nearest" && nd === 1) continue; // test_upsamplingNearest1d_correctness is ported in test_nn_functional
    it.each(SIZES)(`test_upsampling${mode}${nd}d_correctness_cpu (isize=%i, osize=%i)`, async (isize, osize) => {
      const shape = [1, 1, ...Array(nd).fill(isize)];
      const inT = torch.arange(isize ** nd, { dtype: "float32" }).reshape(shape);
      const fmts =
        nd === 1
          ? [undefined]
          : nd === 2
            ? [undefined, "channelsLast" as const]
            : [undefined, "channelsLast3d" as const];
      for (const fmt of fmts) {
        const x = fmt ? inT.contiguous({ memoryFormat: fmt }) : inT;
        const out = F.interpolate(x, { size: Array(nd).fill(osize), recomputeScaleFactor: false, mode: py_mode });
        // The expected indices as upstream computes them (OpenCV's INTER_NEAREST / scikit-image's), and PyTorch's.
        const scale = isize / osize;
        const idx = Array.from({ length: osize }, (_, o) => Math.trunc((mode === "Nearest" ? o : o + 0.5) * scale));
        let expected = inT;
        for (let d = 0; d < nd; d++) expected = expected.indexSelect(2 + d, torch.tensor(idx, { dtype: "int64" }));
        expectClose(out, expected as unknown as PyValue, "against upstream's reference");
        await same(
          out,
          `out = F.interpolate(x, size=(${Array(nd).fill(osize).join(", ")},), recompute_scale_factor=False, mode='${py_mode}')`,
          { x },
        );
      }
    });
  }

  it("test_upsamplingNearestExact1d_rescale_cpu", async () => {
    const inT = torch.arange(20, { dtype: "float32" }).unsqueeze(0).unsqueeze(0);
    const mine = [1.00001, 2.00001].map((s) =>
      F.interpolate(inT, { scaleFactor: s, recomputeScaleFactor: false, mode: "nearest-exact" }),
    );
    await same(
      mine,
      "out = [F.interpolate(x, scale_factor=s, recompute_scale_factor=False, mode='nearest-exact') for s in (1.00001, 2.00001)]",
      {
        x: inT,
      },
    );
  });

  for (const [name, mode] of [
    ["test_upsamplingBilinear2d_aa_correctness_cpu", "bilinear"],
    ["test_upsamplingBicubic2d_aa_correctness_cpu", "bicubic"],
  ] as const) {
    it.each([false, true])(`${name} (channels_last=%s)`, async (cl) => {
      // Upstream's batch of 23000 reaches CUDA's grid limit; 4 on the CPU.
      let tIn = torch
        .arange(3 * 8 * 8, { dtype: "float32" })
        .reshape([1, 3, 8, 8])
        .expand([4, 3, 8, 8]);
      if (cl) tIn = tIn.contiguous({ memoryFormat: "channelsLast" });
      const tOut = F.interpolate(tIn, { size: [2, 2], mode, alignCorners: false, antialias: true });
      await same(
        tOut,
        `t = torch.arange(3 * 8 * 8, dtype=torch.float).reshape(1, 3, 8, 8).expand(4, 3, 8, 8)
if cl:
    t = t.contiguous(memory_format=torch.channels_last)
out = F.interpolate(t, size=(2, 2), mode='${mode}', align_corners=False, antialias=True)`,
        { cl },
      );
    });
  }

  it.each(["uint8", "int16", "int32", "int64", "float32", "float64"] as const)(
    "test_upsamplingBiMode2d_nonsupported_dtypes_cpu (%s)",
    async (dtype) => {
      const x = torch.ones([1, 3, 32, 32], { dtype });
      for (const [mode, antialias] of [
        ["nearest", false],
        ["nearest-exact", false],
        ["bilinear", false],
        ["bilinear", true],
        ["bicubic", false],
        ["bicubic", true],
      ] as const) {
        const code = `out = F.interpolate(x, (12, 12), mode='${mode}', antialias=${antialias ? "True" : "False"})`;
        const r = await py.run(code, { x });
        if (r.error !== undefined)
          await sameErr(() => F.interpolate(x, { size: [12, 12], mode, antialias }), code, { x });
        else
          expectClose(F.interpolate(x, { size: [12, 12], mode, antialias }), r.out, `${mode} antialias=${antialias}`);
      }
    },
  );

  it.each([
    [
      "none",
      [
        [0, 3],
        [0, 3, 5, 7],
        [2, 3, 0, 7],
        [2, 3, 5, 0],
        [2, 3, 5, 7, 0],
      ],
    ],
    [
      "mean",
      [
        [0, 3],
        [0, 3, 5, 7],
        [2, 3, 0, 7],
        [2, 3, 5, 0],
        [2, 3, 5, 7, 0],
      ],
    ],
    [
      "sum",
      [
        [0, 3],
        [0, 3, 5, 7],
        [2, 3, 0, 7],
        [2, 3, 5, 0],
        [2, 3, 5, 7, 0],
      ],
    ],
  ] as const)("test_nll_loss_empty_tensor_reduction_%s_cpu_float32", async (reduction, sizes) => {
    for (const size of sizes) {
      const tsize = [size[0], ...size.slice(2)];
      const [input, target] = seeded(30, () => [
        torch.rand(size as unknown as number[]),
        torch.randint(0, size[1], tsize),
      ]);
      const x = input.clone().requiresGrad_();
      const out = F.nllLoss(x, target, { reduction });
      out.sum().backward();
      await same(
        [out, x.grad],
        "x = i.clone().requires_grad_()\no = F.nll_loss(x, t, reduction=r)\no.sum().backward()\nout = [o, x.grad]",
        { i: input, t: target, r: reduction },
      );
    }
  });

  it.each([
    ["none", false],
    ["none", true],
    ["mean", false],
    ["mean", true],
    ["sum", false],
    ["sum", true],
  ] as const)(
    "test_cross_entropy_loss_prob_target_no_batch_dim_cpu (reduction=%s, weighted=%s)",
    async (reduction, weighted) => {
      const [i0, t0, w] = seeded(31, () => [torch.randn([5]), torch.randn([5]), torch.randn([5])]);
      const input = i0.logSoftmax(-1);
      const target = t0.softmax(-1);
      const m = new nn.CrossEntropyLoss({ reduction, weight: weighted ? w : null });
      const noBatch = m.forward(input, target);
      let batch = m.forward(input.unsqueeze(0), target.unsqueeze(0));
      if (reduction === "none") batch = batch.squeeze(0);
      expectClose(noBatch, batch as unknown as PyValue, "no batch vs batch");
      await same(noBatch, "out = nn.CrossEntropyLoss(reduction=r, weight=w if weighted else None)(i, t)", {
        i: input,
        t: target,
        w,
        r: reduction,
        weighted,
      });
    },
  );

  it.each([
    ["none", true],
    ["none", false],
    ["mean", true],
    ["mean", false],
    ["sum", true],
    ["sum", false],
  ] as const)("test_CTCLoss_no_batch_dim_cpu (reduction=%s, use_module_form=%s)", async (reduction, useModule) => {
    const [T, C, S] = [40, 3, 12];
    const [lp0, targets] = seeded(32, () => [
      torch.randn([T, 1, C]).logSoftmax(2),
      torch.randint(1, C - 1, [1, S], { dtype: "int32" }),
    ]);
    const ctc = (lp: Tensor, tg: Tensor, il: Tensor | number[], tl: Tensor | number[]) =>
      useModule
        ? new nn.CTCLoss({ reduction, zeroInfinity: true }).forward(lp, tg, il, tl)
        : F.ctcLoss(lp, tg, il, tl, { reduction, zeroInfinity: true });
    const refs = [0, 1, 2].map(() => lp0.detach().clone().requiresGrad_());
    const noBd = lp0.squeeze(1).detach().clone().requiresGrad_();
    const losses = [
      ctc(refs[0], targets, [T], [S]),
      ctc(refs[1], targets.squeeze(0), [T], [S]),
      ctc(noBd, targets.squeeze(0), torch.tensor(T), torch.tensor(S)),
    ];
    for (const l of losses) l.backward(torch.onesLike(l));
    await same(
      [...losses, refs[0].grad, refs[1].grad, noBd.grad],
      `ctc = nn.CTCLoss(reduction=r, zero_infinity=True)
refs = [lp0.detach().clone().requires_grad_() for _ in range(2)]
nb = lp0.squeeze(1).detach().clone().requires_grad_()
losses = [ctc(refs[0], tg, [40], [12]), ctc(refs[1], tg.squeeze(0), [40], [12]), ctc(nb, tg.squeeze(0), torch.tensor(40), torch.tensor(12))]
for l in losses:
    l.backward(torch.ones_like(l))
out = [*losses, refs[0].grad, refs[1].grad, nb.grad]`,
      { lp0, tg: targets, r: reduction },
      { rtol: 1e-4, atol: 1e-5 },
    );
  });

  it("test_CTCLoss_empty_target_cpu", async () => {
    const lp1 = seeded(33, () => torch.randn([50, 3, 15], D).logSoftmax(2));
    const l1 = F.ctcLoss(lp1, torch.zeros([0], { dtype: "int64" }), [50, 50, 50], [0, 0, 0], { reduction: "none" });
    const [lp2, tg2] = seeded(34, () => [torch.randn([50, 3, 15], D).logSoftmax(2), torch.randint(1, 15, [9])]);
    const l2 = F.ctcLoss(lp2, tg2, [50, 50, 50], [0, 9, 0], { reduction: "none" });
    expectClose(l1, lp1.sum(0).select(1, 0).neg() as unknown as PyValue, "empty targets: -sum of the blank log-probs");
    await same(
      [l1, l2],
      `out = [F.ctc_loss(lp1, torch.zeros(0, dtype=torch.long), [50, 50, 50], [0, 0, 0], reduction='none'),
       F.ctc_loss(lp2, tg2, [50, 50, 50], [0, 9, 0], reduction='none')]`,
      { lp1, lp2, tg2 },
    );
  });

  it.each(["float32", "float64"] as const)("test_grid_sample_nan_inf_cpu_%s", async (dtype) => {
    const input = torch.zeros([1, 1, 3, 3], { dtype });
    const grid = torch.tensor(
      [
        [
          [
            [Number.NaN, 0],
            [0, Infinity],
          ],
        ],
      ],
      { dtype },
    );
    const mine = (["reflection", "border", "zeros"] as const).map((paddingMode) =>
      F.gridSample(input, grid, { mode: "nearest", paddingMode, alignCorners: false }),
    );
    await same(
      mine,
      "out = [F.grid_sample(i, g, mode='nearest', padding_mode=p, align_corners=False) for p in ('reflection', 'border', 'zeros')]",
      { i: input, g: grid },
    );
  });

  it.each(["bfloat16", "float32", "float16"] as const)("test_hardswish_grad_corner_cpu_%s", async (dtype) => {
    for (const scalar of [3, -3]) {
      const code = `x = (torch.ones((1, 9, 9, 1), dtype=torch.${dtype}) * s).requires_grad_()
o = nn.Hardswish()(x)
o.backward(torch.ones_like(o))
out = x.grad`;
      const r = await py.run(code, { s: scalar });
      const run = () => {
        const x = torch.ones([1, 9, 9, 1], { dtype }).mul(scalar).requiresGrad_();
        const o = new nn.Hardswish().forward(x);
        o.backward(torch.onesLike(o));
        return x.grad;
      };
      if (r.error !== undefined) await sameErr(run, code, { s: scalar });
      else expectClose(run(), r.out, `scalar ${scalar}`);
    }
  });

  it("test_elu_inplace_with_neg_alpha_cpu", async () => {
    for (const [fn, code] of [
      [
        () => F.elu_(torch.tensor([-1, 1], { dtype: "float32" }).requiresGrad_().clone(), -2),
        "torch.nn.functional.elu_(a.clone(), alpha=-2)",
      ],
      [
        () => F.celu_(torch.tensor([-1, 1], { dtype: "float32" }).requiresGrad_().clone(), -2),
        "torch.nn.functional.celu_(a.clone(), alpha=-2)",
      ],
    ] as const) {
      await sameErr(
        () => fn().backward(torch.ones([2])),
        `a = torch.tensor([-1., 1.], requires_grad=True)\nb = ${code}\nb.backward(torch.ones(2))`,
        {},
        /call out-of-place version/,
      );
    }
  });

  it("test_softplus_inplace_overlap_cpu", async () => {
    const x = torch.randn([1, 6]).expand([6, 6]);
    await sameErr(
      () => F.softplus(x, { out: x }),
      "x = torch.randn(1, 6).expand(6, 6)\nF.softplus(x, out=x)",
      {},
      /unsupported operation/,
    );
  });

  it("test_softshrink_inplace_overlap_cpu", async () => {
    const x = torch.randn([1, 6]).expand([6, 6]);
    await sameErr(
      () => F.softshrink(x, { out: x }),
      "x = torch.randn(1, 6).expand(6, 6)\nF.softshrink(x, out=x)",
      {},
      /unsupported operation/,
    );
  });

  it("test_leaky_relu_inplace_overlap_cpu", async () => {
    const x = torch.randn([1, 6]).expand([6, 6]);
    await sameErr(
      () => F.leakyRelu(x, { inplace: true }),
      "x = torch.randn(1, 6).expand(6, 6)\nF.leaky_relu(x, inplace=True)",
      {},
      /unsupported operation/,
    );
    await sameErr(
      () => F.leakyRelu_(x),
      "x = torch.randn(1, 6).expand(6, 6)\nF.leaky_relu_(x)",
      {},
      /unsupported operation/,
    );
  });

  it("test_threshold_inplace_overlap_cpu", async () => {
    // In-place threshold is allowed on overlapping memory: it is idempotent.
    const x0 = seeded(35, () => torch.randn([1, 6]));
    const x = x0.clone().expand([6, 6]);
    F.threshold(x, 0.5, 0.5, { inplace: true });
    F.threshold_(x, 0.5, 0.5);
    await same(
      x,
      "x = x0.clone().expand(6, 6)\nF.threshold(x, 0.5, 0.5, inplace=True)\nF.threshold_(x, 0.5, 0.5)\nout = x",
      { x0 },
    );
  });

  it.each(["bfloat16"] as const)("test_log_softmax_cpu_%s", async (dtype) => {
    const inputf = seeded(36, () => torch.rand([200, 200]));
    for (const dim of [0, 1]) {
      const input = inputf.to(dtype);
      await same(
        outAndGradOf((t) => F.logSoftmax(t, { dim }), input),
        "x = i.clone().requires_grad_()\no = F.log_softmax(x, dim=d)\no.sum().backward()\nout = [o, x.grad]",
        { i: input, d: dim },
      );
    }
  });

  it("test_softmax_bfloat16_cpu", async () => {
    const x0 = seeded(37, () => torch.randn([16, 33, 15, 16]));
    for (const dim of [0, 1, 2, 3])
      for (const scale of [1, 1000]) {
        const x = x0.mul(scale).to("bfloat16");
        await same(
          outAndGradOf((t) => new nn.Softmax(dim).forward(t), x),
          "x = i.clone().requires_grad_()\no = nn.Softmax(dim=d)(x)\no.sum().backward()\nout = [o, x.grad]",
          { i: x, d: dim },
        );
      }
  });

  it("test_rnn_retain_variables_cpu_float64", async () => {
    for (const [ctor, code] of [
      [() => new nn.LSTM(10, 20, { numLayers: 2, dtype: "float64" }), "nn.LSTM(10, 20, num_layers=2).double()"],
      [() => new nn.GRU(10, 20, { numLayers: 2, dtype: "float64" }), "nn.GRU(10, 20, num_layers=2).double()"],
      [() => new nn.RNN(10, 20, { numLayers: 2, dtype: "float64" }), "nn.RNN(10, 20, num_layers=2).double()"],
    ] as const) {
      const rnn = ctor();
      const input = seeded(38, () => torch.randn([5, 6, 10], D)).requiresGrad_();
      const output = (rnn.forward as (x: Tensor) => [Tensor, unknown])(input);
      output[0].sum().backward({ retainGraph: true });
      const grads = [(input.grad as Tensor).clone(), ...rnn.parameters().map((p) => (p.grad as Tensor).clone())];
      for (let k = 0; k < 4; k++) {
        rnn.zeroGrad();
        (input.grad as Tensor).zero_();
        output[0].sum().backward({ retainGraph: true });
        expectClose(
          [input.grad, ...rnn.parameters().map((p) => p.grad)],
          grads as unknown as PyValue,
          `backward ${k + 2}`,
        );
      }
      await same(
        grads,
        `rnn = ${code}
rnn.load_state_dict(sd)
x = i.clone().requires_grad_()
rnn(x)[0].sum().backward()
out = [x.grad] + [p.grad for p in rnn.parameters()]`,
        { i: input.detach(), sd: rnn.stateDict() as unknown as Inputs },
      );
    }
  });
});

/** out and the input's gradient (after out.sum().backward()) for a fresh copy of x. */
function outAndGradOf(f: (x: Tensor) => Tensor, x: Tensor): Tensor[] {
  const xi = x.detach().clone().requiresGrad_();
  const out = f(xi);
  out.sum().backward();
  return [out, xi.grad as Tensor];
}
