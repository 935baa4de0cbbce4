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
