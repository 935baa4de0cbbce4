# PyTorch 1.13's module-hook tests (test/nn/test_module_hooks.py and the hook tests of test/test_nn.py),
# each run as a program that records a trace (the order hooks fire in, what they receive, what comes
# out), for test/upstream/test_module_hooks.test.ts to replay in torchts and compare.
import warnings

import torch
import torch.nn as nn


def _shape(t):
    return "None" if t is None else "x".join(str(d) for d in t.shape) or "scalar"


def _error(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001  (the class and first line are what is compared)
        return [type(e).__name__, str(e).split("\n")[0]]
    return None


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.seq1 = nn.Sequential(*[nn.Linear(10, 10) for _ in range(2)])
        self.seq2 = nn.Sequential(*[nn.Linear(10, 10) for _ in range(2)])

    def forward(self, x):
        return self.seq2(self.seq1(x))


class ToyModel(nn.Module):
    def __init__(self):
        super().__init__()
        self.net1 = Net()
        self.net2 = Net()

    def forward(self, x):
        return self.net2(self.net1(x))


def _fired(kind, where):
    """test_forward_hooks / test_forward_pre_hooks / test_full_backward_hooks: five hooks on one submodule."""
    fired = []
    model = ToyModel()
    target = {"net1.seq2": model.net1.seq2, "net2.seq1": model.net2.seq1, "net1": model.net1}[where]
    x = torch.randn(10, 10)

    def make(i):
        if kind == "forward":
            return lambda m, inp, out: fired.append(f"{i}:{m is target}:{len(inp)}")
        if kind == "forward_pre":
            return lambda m, inp: fired.append(f"{i}:{m is target}:{len(inp)}")
        return lambda m, gi, go: fired.append(f"{i}:{m is target}:{len(gi)}:{len(go)}")

    for i in range(5):
        getattr(target, f"register_{kind}_hook")(make(i))
    trace = [list(fired)]
    out = model(x)
    trace.append(list(fired))
    out.sum().backward()
    trace.append(list(fired))
    model(x).sum().backward()
    trace.append(list(fired))
    return trace


def fired(kind, where):
    return _fired(kind, where)


def mixed_hooks():
    fired = []
    model = ToyModel()
    x = torch.randn(10, 10)
    model.register_forward_pre_hook(lambda m, inp: fired.append(f"0:{m is model}:{len(inp)}"))
    model.register_forward_hook(lambda m, inp, out: fired.append(f"1:{m is model}:{len(inp)}"))
    model.register_full_backward_hook(lambda m, gi, go: fired.append(f"3:{m is model}:{len(gi)}:{len(go)}"))
    trace = [list(fired)]
    out = model(x)
    trace.append(list(fired))
    out.sum().backward()
    trace.append(list(fired))
    model(x).sum().backward()
    trace.append(list(fired))
    return trace


def bw_hook_non_tensor_output():
    counter = {"forward": 0, "backward": 0}

    class TestModule(nn.Module):
        def forward(self, d):
            return {"x": torch.nn.functional.softmax(d["x"], dim=0)}

    def fw(*_):
        counter["forward"] += 1

    def bw(*_):
        counter["backward"] += 1

    x = torch.ones(2, requires_grad=True)
    model = TestModule()
    model.register_forward_pre_hook(fw)
    model.register_forward_hook(fw)
    model.register_full_backward_hook(bw)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        model({"x": x})["x"].sum().backward()
    return [counter["forward"], counter["backward"], len(w), x.grad]


# ---- TestStateDictHooks


def load_state_dict_pre_hook():
    m = nn.Linear(10, 10)
    sd = m.state_dict()
    m_load = nn.Linear(10, 10)
    calls = []

    def without_module(state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
        calls.append(["without", sorted(state_dict.keys()), prefix, strict, len(missing), len(unexpected), len(errors)])

    def with_module(module, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
        calls.append(["with", module is m_load, sorted(state_dict.keys()), prefix, strict])

    m_load._register_load_state_dict_pre_hook(without_module)
    m_load.load_state_dict(sd)
    n1 = len(calls)
    h = m_load._register_load_state_dict_pre_hook(with_module, True)
    m_load.load_state_dict(sd)
    n2 = len(calls)
    h.remove()
    m_load.load_state_dict(sd)
    return [n1, n2, len(calls), calls, torch.equal(m_load.weight, m.weight)]


def load_state_dict_module_pre_hook(container):
    calls = []

    class MyModule(nn.Module):
        def __init__(self):
            super().__init__()
            self.foo = nn.Parameter(torch.rand(10))

        def my_pre_load_hook(self, state_dict, prefix, local_metadata, strict, missing, unexpected, errors):
            calls.append(["plain", prefix, strict, len(missing), len(unexpected), len(errors)])

        def my_pre_load_hook_with_module(self, module, state_dict, prefix, local_metadata, strict, missing,
                                         unexpected, errors):
            calls.append(["with_module", module is self, prefix, strict])

    class MyModuleContainer(nn.Module):
        def __init__(self, mod):
            super().__init__()
            self.mod = mod

    mod = MyModule()
    m = MyModuleContainer(mod) if container else mod
    sd = m.state_dict()
    mod._register_load_state_dict_pre_hook(mod.my_pre_load_hook)
    m.load_state_dict(sd)
    n1 = len(calls)
    mod._register_load_state_dict_pre_hook(mod.my_pre_load_hook_with_module, True)
    m.load_state_dict(sd)
    return [n1, len(calls), calls]


def load_state_dict_post_hook():
    calls = []

    class MyModule(nn.Module):
        def __init__(self):
            super().__init__()
            self.foo = nn.Parameter(torch.rand(10))

        def my_post_load_hook(self, module, incompatible_keys):
            calls.append(module is self)
            incompatible_keys.missing_keys.append("foo")
            incompatible_keys.unexpected_keys.append("bar")

    nested = MyModule()
    wrapped = nn.ModuleList([nested])
    handle = nested.register_load_state_dict_post_hook(nested.my_post_load_hook)
    ret = wrapped.load_state_dict(wrapped.state_dict(), strict=False)
    out = [len(calls), list(ret.missing_keys), list(ret.unexpected_keys)]
    out.append(_error(lambda: wrapped.load_state_dict(wrapped.state_dict(), strict=True)))
    try:
        wrapped.load_state_dict(wrapped.state_dict(), strict=True)
    except RuntimeError as e:
        out.append(str(e))
    out.append(len(calls))
    handle.remove()
    ret = wrapped.load_state_dict(wrapped.state_dict(), strict=False)
    out += [list(ret.missing_keys), list(ret.unexpected_keys), len(calls)]

    def clear(module, keys):
        keys.missing_keys.clear()
        keys.unexpected_keys.clear()

    nested.register_load_state_dict_post_hook(clear)
    sd = wrapped.state_dict()
    sd["extra"] = torch.ones(1)
    ret = wrapped.load_state_dict(sd, strict=True)
    out += [list(ret.missing_keys), list(ret.unexpected_keys)]
    return out


def state_dict_hook():
    m = nn.Sequential(nn.Linear(2, 2), nn.Sequential(nn.Linear(2, 1)))
    seen = []

    def child_hook(module, sd, prefix, local_metadata):
        seen.append(["child", prefix, sorted(sd.keys()), local_metadata.get("version")])
        sd[prefix + "added"] = torch.zeros(1)

    def root_hook(module, sd, prefix, local_metadata):
        seen.append(["root", prefix, sorted(sd.keys())])
        return {k.upper(): v for k, v in sd.items()}

    h = m[1]._register_state_dict_hook(child_hook)
    m._register_state_dict_hook(root_hook)
    keys1 = list(m.state_dict().keys())
    keys2 = list(m.state_dict(prefix="p.").keys())
    h.remove()
    keys3 = list(m.state_dict().keys())
    return [seen, keys1, keys2, keys3]


# ---- TestModuleGlobalHooks


def module_global_hooks():
    modules = [nn.Sigmoid() for _ in range(3)]
    inp = torch.ones(5, 5, requires_grad=True)
    counter = {"forwards": 0, "backwards": 0}
    checks = []

    def fw_hook(inc, h_module, input, output):
        checks.append([isinstance(input, tuple), isinstance(output, torch.Tensor), isinstance(h_module, nn.Sigmoid),
                       bool(torch.equal(input[0], torch.ones(5, 5)))])
        counter["forwards"] += inc

    def bw_hook(inc, h_module, grad_input, grad_output):
        checks.append([isinstance(grad_input, tuple), isinstance(grad_output, tuple), isinstance(h_module, nn.Sigmoid),
                       bool(torch.equal(grad_output[0], torch.ones(5, 5) * 2))])
        counter["backwards"] += inc

    trace = []

    def snap():
        trace.append([counter["forwards"], counter["backwards"]])

    mm = nn.modules.module
    test_fwd = mm.register_module_forward_hook(lambda *a: fw_hook(1, *a))
    for m in modules:
        m(inp)
    snap()
    test_bwd = mm.register_module_full_backward_hook(lambda *a: bw_hook(1, *a))
    outs = [m(inp) for m in modules]
    snap()
    outs[0].backward(torch.ones(5, 5) * 2, retain_graph=True)
    outs[1].backward(torch.ones(5, 5) * 2, retain_graph=False)
    outs[2].backward(torch.ones(5, 5) * 2, retain_graph=False)
    snap()
    outs[0].backward(torch.ones(5, 5) * 2, retain_graph=True)
    snap()
    test2_fwd = mm.register_module_forward_hook(lambda *a: fw_hook(2, *a))
    for m in modules:
        m(inp)
    snap()
    test2_bwd = mm.register_module_full_backward_hook(lambda *a: bw_hook(2, *a))
    modules[0](inp).backward(torch.ones(5, 5) * 2)
    snap()
    test2_bwd.remove()
    modules[1](inp).backward(torch.ones(5, 5) * 2)
    snap()
    test2_fwd.remove()
    modules[2](inp).backward(torch.ones(5, 5) * 2)
    snap()
    test_fwd.remove()
    test_bwd.remove()
    return [trace, checks]


def hook_invalid_outputs(use_global):
    module = nn.Sigmoid()
    inp = torch.randn(5, 5, requires_grad=True)
    out = []
    for fail in (lambda m, gi, go: gi[:-1], lambda m, gi, go: gi + (torch.randn(2, 2),)):
        if use_global:
            h = nn.modules.module.register_module_full_backward_hook(fail)
        else:
            h = module.register_full_backward_hook(fail)
        with h:
            out.append(_error(lambda: module(inp).sum().backward()))
    return out


def backward_hook_writeable(use_global, x):
    module = nn.Sigmoid()
    x = x.clone().requires_grad_()
    seen = []

    def bw_hook(module, grad_input, grad_output):
        seen.append([isinstance(g, torch.Tensor) for g in grad_input + grad_output])
        return tuple(gi * 2 for gi in grad_input)

    if use_global:
        h = nn.modules.module.register_module_full_backward_hook(bw_hook)
    else:
        h = module.register_full_backward_hook(bw_hook)
    try:
        module(x).backward(torch.ones(5, 5))
    finally:
        h.remove()
    return [seen, x.grad]


def forward_preforward_writable(use_global, x):
    module = nn.Sigmoid()
    x = x.clone().requires_grad_()
    pre = lambda m, inp: torch.nn.functional.relu(inp[0])  # noqa: E731
    post = lambda m, inp, out: -out  # noqa: E731
    if use_global:
        hs = [nn.modules.module.register_module_forward_pre_hook(pre), nn.modules.module.register_module_forward_hook(post)]
    else:
        hs = [module.register_forward_pre_hook(pre), module.register_forward_hook(post)]
    try:
        output = module(x)
        output.backward(torch.ones(5, 5) * 2, retain_graph=True)
    finally:
        for h in hs:
            h.remove()
    return [output, x.grad]


def hook_removable(kind, x):
    module = nn.Sigmoid()
    handles = {}
    fired = []

    def make(i):
        if kind == "forward_pre":
            def hook(m, inp):
                fired.append(i)
                handles[i].remove()
                return inp
        else:
            def hook(m, inp, out):
                fired.append(i)
                handles[i].remove()
                return out
        return hook

    for i in range(2):
        handles[i] = getattr(module, f"register_{kind}_hook")(make(i))
    n = len(getattr(module, f"_{kind}_hooks"))
    out1 = module(x)
    out2 = module(x)
    return [n, fired, len(getattr(module, f"_{kind}_hooks")), out1, out2]


def global_and_local_hooks_order():
    module = nn.Sigmoid()
    order = []

    def rec(name, ret_index):
        def hook(m, *args):
            order.append(name)
            return args[ret_index]
        return hook

    mm = nn.modules.module
    inp = torch.randn(5, 5, requires_grad=True)
    hs = [
        mm.register_module_forward_pre_hook(rec("global_forward_pre", 0)),
        module.register_forward_pre_hook(rec("local_forward_pre", 0)),
        mm.register_module_forward_hook(rec("global_forward", 1)),
        module.register_forward_hook(rec("local_forward", 1)),
        mm.register_module_full_backward_hook(rec("global_backward", 0)),
        module.register_full_backward_hook(rec("local_backward", 0)),
    ]
    try:
        output = module(inp)
        output.backward(torch.ones(5, 5), retain_graph=True)
    finally:
        for h in hs:
            h.remove()
    return order


def global_full_and_non_full_mix():
    mm = nn.modules.module
    h = mm.register_module_full_backward_hook(lambda *a: None)
    try:
        return _error(lambda: mm.register_module_backward_hook(lambda *a: None))
    finally:
        h.remove()


# ---- TestModuleHookNN


def hooks():
    module = nn.Sigmoid()
    inp = torch.ones(5, 5, requires_grad=True)
    counter = {"forwards": 0, "backwards": 0}
    checks = []

    def fw_hook(inc, h_module, input, output):
        checks.append([h_module is module, bool(torch.equal(input[0], torch.ones(5, 5))),
                       bool(torch.allclose(output, torch.empty(5, 5).fill_(1 / (1 + 1 / 2.718281828459045))))])
        counter["forwards"] += inc

    def bw_hook(inc, h_module, grad_input, grad_output):
        checks.append([h_module is module, bool(torch.equal(grad_output[0], torch.ones(5, 5) * 2))])
        counter["backwards"] += inc

    trace = []

    def snap():
        trace.append([counter["forwards"], counter["backwards"]])

    test_fwd = module.register_forward_hook(lambda *a: fw_hook(1, *a))
    module(inp)
    module(inp)
    snap()
    test_bwd = module.register_full_backward_hook(lambda *a: bw_hook(1, *a))
    output = module(inp)
    snap()
    output.backward(torch.ones(5, 5) * 2, retain_graph=True)
    snap()
    output.backward(torch.ones(5, 5) * 2, retain_graph=True)
    snap()
    test2_fwd = module.register_forward_hook(lambda *a: fw_hook(2, *a))
    output = module(inp)
    snap()
    test2_bwd = module.register_full_backward_hook(lambda *a: bw_hook(2, *a))
    module(inp).backward(torch.ones(5, 5) * 2)
    snap()
    test2_bwd.remove()
    module(inp).backward(torch.ones(5, 5) * 2)
    snap()
    test2_fwd.remove()
    module(inp).backward(torch.ones(5, 5) * 2)
    snap()
    test_fwd.remove()
    test_bwd.remove()
    return [trace, checks]


def hook_requires_grad(inp):
    seen = []

    class MyModule(nn.Module):
        def forward(self, arg1, arg2, arg3):
            seen.append([arg1.requires_grad, arg2.requires_grad, arg3.requires_grad])
            return arg1.sum() + arg2.sum() + arg3.sum()

    inp = inp.clone().requires_grad_()
    mod = MyModule()
    mod(inp, inp.detach(), inp)
    grads = []
    mod.register_full_backward_hook(lambda m, gi, go: grads.append([_shape(g) for g in gi] + [_shape(g) for g in go]))
    mod(inp, inp.detach(), inp).backward()
    return [seen, grads, inp.grad]


def hook_no_requires_grad(sd, inp):
    mod = nn.Linear(2, 3)
    mod.load_state_dict(sd)
    state = {"ret": "None", "calls": []}

    def hook(m, grad_input, grad_output):
        state["calls"].append([[_shape(g) for g in grad_input], [_shape(g) for g in grad_output]])
        if state["ret"] == "grad_input":
            return grad_input
        if state["ret"] == "invalid":
            return inp
        return None

    mod.register_full_backward_hook(hook)
    mod(inp).sum().backward()
    state["ret"] = "grad_input"
    mod(inp).sum().backward()
    state["ret"] = "invalid"
    err = _error(lambda: mod(inp).sum().backward())
    return [state["calls"], err, mod.weight.grad]


def hook_last_arg_requires_grad(a):
    mod = nn.L1Loss()
    inp = a.clone().requires_grad_()
    calls = []
    mod.register_full_backward_hook(lambda m, gi, go: calls.append([_shape(g) for g in gi + go]))
    out = mod(inp.detach(), inp)
    out.backward()
    return [calls, out, inp.grad]


def hook_extra_input(inp):
    class MyModule(nn.Module):
        def forward(self, non_tensor, tensor):
            return tensor.clone(), non_tensor

    inp = inp.clone().requires_grad_()
    mod = MyModule()
    seen = []
    mod.register_full_backward_hook(lambda m, gi, go: seen.append([[_shape(g) for g in gi], [_shape(g) for g in go]]))
    out, nt = mod(True, inp)
    out.sum().backward()
    return [seen, nt, inp.grad]


def hook_inplace_no_inplace(inp):
    class MyModule(nn.Module):
        def forward(self, inp, do_inplace):
            self.inp = inp
            if do_inplace:
                inp += 1
            return inp.clone()

    calls = [0]
    inp = inp.clone().requires_grad_()
    mod = MyModule()
    with mod.register_full_backward_hook(lambda *a: calls.__setitem__(0, calls[0] + 1)):
        mod(inp, False).sum().backward()
    return [calls[0], inp.grad]


def hook_backward_size(a, b):
    class MyModule(nn.Module):
        def forward(self, arg1, arg2):
            tmp = arg1.sum() * arg2
            tmp = tmp + arg2.sum() * arg1.sum()
            tmp = tmp.sum().view(1)
            tmp = tmp.expand(8).contiguous()
            return tmp

    a = a.clone().requires_grad_()
    b = b.clone().requires_grad_()
    seen = []
    module = MyModule()
    with module.register_full_backward_hook(lambda m, gi, go: seen.append([[_shape(g) for g in gi], [_shape(g) for g in go]])):
        module(a, b).sum().backward()
    return [seen, a.grad, b.grad]


def handle_context_manager():
    module = nn.Sigmoid()
    n = [0]
    with module.register_forward_hook(lambda *a: n.__setitem__(0, n[0] + 1)):
        module(torch.ones(2))
    module(torch.ones(2))
    return [n[0], len(module._forward_hooks)]


# ---- full backward hooks across modules: what the hooks receive, and the gradients


def module_trace(ctor, sd, inputs, requires_grad, replace):
    """Runs `ctor`'s module with forward pre/forward/full-backward hooks, records what they receive and
    returns, with the inputs' gradients; `replace` makes the backward hook return grad_input * 3."""
    m = eval(ctor, {"nn": nn, "torch": torch})  # noqa: S307  (the test's own constructor string)
    m.load_state_dict(sd)
    xs = [x.clone().requires_grad_(rg) for x, rg in zip(inputs, requires_grad)]
    trace = []
    tensors = []

    def pre(mod, inp):
        trace.append(["pre", len(inp), [_shape(i) if isinstance(i, torch.Tensor) else type(i).__name__ for i in inp]])

    def fwd(mod, inp, out):
        outs = out if isinstance(out, tuple) else (out,)
        trace.append(["fwd", len(inp), [_shape(o) if isinstance(o, torch.Tensor) else type(o).__name__ for o in outs]])

    def bw(mod, gi, go):
        trace.append(["bw", [_shape(g) for g in gi], [_shape(g) for g in go]])
        tensors.extend(g for g in gi + go if g is not None)
        if replace:
            return tuple(None if g is None else g * 3 for g in gi)
        return None

    m.register_forward_pre_hook(pre)
    m.register_forward_hook(fwd)
    m.register_full_backward_hook(bw)
    out = m(*xs)
    outs = out if isinstance(out, tuple) else (out,)
    loss = sum((o * (i + 1)).sum() for i, o in enumerate(outs) if isinstance(o, torch.Tensor) and o.requires_grad)
    loss.backward()
    return [trace, tensors, [x.grad for x in xs]]
