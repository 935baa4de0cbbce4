# PyTorch side of test/upstream/test_nn.test.ts, test_convolution.test.ts and test_dataloader.test.ts.
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.utils.data import DataLoader, TensorDataset


def seeded_module(ctor, seed, x):
    """manual_seed(seed), then the module from the expression `ctor`: its repr, state dict and output on x."""
    torch.manual_seed(seed)
    m = eval(ctor)
    return [repr(m), dict(m.state_dict()), m(x).detach()]


def loss_call(expr, x, t):
    """A functional loss written as a Python expression over x and t."""
    return eval(expr)


def loader_then_model(n, batch_size, shuffle, epochs):
    """A script's order: seed, build the loader, build the model, iterate; the model's weights before and after."""
    torch.manual_seed(0)
    ds = TensorDataset(torch.arange(n))
    loader = DataLoader(ds, batch_size=batch_size, shuffle=shuffle)
    first = nn.Linear(4, 3)
    for _ in range(epochs):
        for _batch in loader:
            pass
    second = nn.Linear(4, 3)
    return [first.weight.detach(), first.bias.detach(), second.weight.detach(), second.bias.detach()]


def net():
    """TestNN's nested net: Sequential(Linear, Sequential(Linear, BatchNorm1d), shared Linear twice)."""
    l1 = nn.Linear(2, 3)
    shared = nn.Linear(3, 3)
    inner = nn.Sequential(nn.Linear(3, 3), nn.BatchNorm1d(3))
    return nn.Sequential(l1, inner, shared, shared)


def module_names(what):
    """Names from named_* / state_dict / children of net(), as lists."""
    m = net()
    if what == "named_parameters":
        return [k for k, _ in m.named_parameters()]
    if what == "named_parameters_no_dedup":
        return [k for k, _ in m.named_parameters(remove_duplicate=False)]
    if what == "named_buffers":
        return [k for k, _ in m.named_buffers()]
    if what == "named_modules":
        return [k for k, _ in m.named_modules()]
    if what == "named_children":
        return [k for k, _ in m.named_children()]
    if what == "children":
        return len(list(m.children()))
    if what == "modules":
        return len(list(m.modules()))
    if what == "state_dict":
        return list(m.state_dict().keys())
    if what == "parameters":
        return len(list(m.parameters()))
    if what == "buffers_non_recursive":
        return [k for k, _ in m[1][1].named_buffers(recurse=False)]
    if what == "named_parameters_prefix":
        return [k for k, _ in m.named_parameters(prefix='net')]
    raise KeyError(what)


def named_options(what):
    """named_modules / named_parameters / named_buffers with PyTorch 1.13's arguments, over net()."""
    m = net()
    if what == "named_modules_no_dedup":
        return [k for k, _ in m.named_modules(remove_duplicate=False)]
    if what == "named_modules_prefix":
        return [k for k, _ in m.named_modules(prefix='model')]
    if what == "named_modules_memo":
        return [k for k, _ in m.named_modules(memo={m[1]})]
    if what == "named_parameters_no_recurse":
        return [k for k, _ in m[1][1].named_parameters(recurse=False)]
    if what == "named_parameters_prefix_no_recurse":
        return [k for k, _ in m[0].named_parameters(prefix='fc', recurse=False)]
    if what == "named_buffers_prefix":
        return [k for k, _ in m.named_buffers(prefix='model')]
    raise KeyError(what)


def hook_trace():
    """test_hooks' forward part: counters of a forward hook and a pre-hook over calls and removals."""
    module = nn.Sigmoid()
    input = torch.ones(5, 5, requires_grad=True)
    counter = {'forwards': 0}
    out = []

    def fw_hook(inc, h_module, input, output):
        assert isinstance(input, tuple)
        assert isinstance(output, torch.Tensor)
        assert h_module is module
        counter['forwards'] += inc

    test_fwd = module.register_forward_hook(lambda *args: fw_hook(1, *args))
    module(input)
    module(input)
    out.append(counter['forwards'])
    test_fwd2 = module.register_forward_hook(lambda *args: fw_hook(2, *args))
    module(input)
    out.append(counter['forwards'])
    test_fwd.remove()
    module(input)
    out.append(counter['forwards'])
    test_fwd2.remove()
    module(input)
    out.append(counter['forwards'])
    return out


def hook_writable(x):
    """test_hook_forward_preforward_writable: a pre-hook replaces the input, a hook the output."""
    module = nn.Sigmoid()
    module.register_forward_pre_hook(lambda m, inp: torch.nn.functional.relu(inp[0]))
    module.register_forward_hook(lambda m, inp, out: -out)
    return module(x)


def clip_grad_norm(weight_grad, bias_grad, max_norm, norm_type):
    l = nn.Linear(10, 10)
    l.weight.grad = weight_grad.clone()
    l.bias.grad = bias_grad.clone()
    norm = torch.nn.utils.clip_grad_norm_(l.parameters(), max_norm, norm_type=norm_type)
    return [norm, l.weight.grad, l.bias.grad]


def state_dict_hook_keys():
    """_register_state_dict_hook: a hook on the child renames its keys; one on the root adds a key."""
    m = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 1))

    def child_hook(module, sd, prefix, local_metadata):
        for k in [k for k in sd if k.startswith(prefix)]:
            sd[k + '_renamed'] = sd.pop(k)

    def root_hook(module, sd, prefix, local_metadata):
        sd['extra'] = torch.zeros(1)

    m[0]._register_state_dict_hook(child_hook)
    m._register_state_dict_hook(root_hook)
    return list(m.state_dict().keys())


def load_post_hook():
    """test_load_state_dict_post_hook: a post hook sees the incompatible keys and may clear them."""
    m = nn.Linear(2, 2)
    seen = []

    def hook(module, incompatible_keys):
        seen.append([list(incompatible_keys.missing_keys), list(incompatible_keys.unexpected_keys)])
        incompatible_keys.missing_keys.clear()
        incompatible_keys.unexpected_keys.clear()

    m.register_load_state_dict_post_hook(hook)
    sd = m.state_dict()
    del sd['bias']
    sd['extra'] = torch.zeros(1)
    r = m.load_state_dict(sd)
    return [seen, list(r.missing_keys), list(r.unexpected_keys)]


def clip_norm_sequence(grads, norm_types, max_norm):
    """test_clip_grad_norm: for each norm type, set the grads, clip; the returned norm and new grads."""
    l = nn.Linear(10, 10)
    out = []
    for nt in norm_types:
        for p, g in zip(l.parameters(), grads):
            p._grad = g.clone().view_as(p.data)
        norm = torch.nn.utils.clip_grad_norm_(l.parameters(), max_norm, norm_type=nt)
        out.append([norm, l.weight.grad.clone(), l.bias.grad.clone()])
    return out


def clip_norm_nonfinite(grad, norm_type, error):
    """test_clip_grad_norm_error_if_nonfinite: the error (class, message) or the norm and grad."""
    p = torch.zeros(3, requires_grad=True)
    p.grad = grad.clone()
    try:
        norm = torch.nn.utils.clip_grad_norm_([p], 1.0, norm_type=norm_type, error_if_nonfinite=error)
    except RuntimeError as e:
        return [type(e).__name__, str(e)]
    return [norm, p.grad]
