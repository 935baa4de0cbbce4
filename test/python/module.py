# PyTorch side of test/module.test.ts: registration, state-dict metadata and versions, lazy modules.
import collections

import torch
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 2)
        self.bn = nn.BatchNorm1d(2)


def raises(code):
    """[exception class, first argument's first line] of what `code` raises, or None."""
    try:
        exec(code, {"torch": torch, "nn": nn})
    except Exception as e:
        return [type(e).__name__, str(e.args[0]).split("\n")[0]]
    return None


def weight_none():
    bn = nn.BatchNorm1d(4)
    bn.weight = None
    return [list(bn.state_dict().keys()), len(list(bn.parameters()))]


def shared_submodules():
    shared = nn.Linear(2, 2)
    net = nn.Sequential(shared, nn.ReLU(), shared)
    return [list(net.state_dict().keys()), len(list(net.modules())), len(list(net.children())),
            len(list(net.parameters())), [k for k, _ in net.named_modules()]]


def net_metadata():
    return {k: dict(v) for k, v in Net().state_dict()._metadata.items()}


def bn_load_without_count(sd):
    """A version-1 BatchNorm state dict (no num_batches_tracked, no metadata) into a used BatchNorm2d."""
    bn = nn.BatchNorm2d(3)
    bn.num_batches_tracked.fill_(7)
    bn.load_state_dict(sd)
    return bn.state_dict()


def bn_load_version2_without_count(sd):
    """The same dict marked version 2: the missing key is an error."""
    sd2 = collections.OrderedDict(sd)
    sd2._metadata = {"": {"version": 2}}
    nn.BatchNorm2d(3).load_state_dict(sd2)


def net_load_strict(extra):
    Net().load_state_dict(extra)


def net_load_lenient(extra):
    r = Net().load_state_dict(extra, strict=False)
    return [r.missing_keys, r.unexpected_keys]


def lazy_bn2d_after_forward():
    m = nn.LazyBatchNorm2d(momentum=0.3)
    m(torch.randn(2, 5, 3, 3))
    return [repr(m), type(m).__name__, list(m.state_dict().keys())]


def lazy_to_float64():
    m = nn.LazyBatchNorm1d().to(torch.float64)
    m(torch.ones(3, 4, dtype=torch.float64))
    return [str(m.weight.dtype), str(m.running_mean.dtype)]


def device_str(s):
    try:
        return str(torch.device(s))
    except Exception as e:
        return str(e).split("\n")[0]


def raises_cuda_on_cpu():
    """PyTorch's message for a CUDA tensor on a build without CUDA (None where CUDA is there)."""
    try:
        torch.zeros(1).cuda()
    except (AssertionError, RuntimeError) as e:
        return str(e)
    return None
