# PyTorch side of test/upstream/test_containers.test.ts: the container sequences of PyTorch 1.13's
# test/test_nn.py (TestNN.test_ModuleList, test_ModuleDict, test_ParameterList, test_ParameterDict,
# test_Sequential_*), replayed step for step; each returns what the JS side compares at its checkpoints:
# printed forms, child/parameter names and state-dict keys.
from collections import OrderedDict

import torch
import torch.nn as nn
from torch.nn import Parameter


def _snap(m):
    return {"repr": repr(m), "keys": list(m._modules.keys()), "params": [k for k, _ in m.named_parameters()],
            "state": list(m.state_dict().keys())}


def sequential_ops():
    l1, l2, l3, l4 = nn.Linear(10, 20), nn.Linear(20, 30), nn.Linear(30, 40), nn.Linear(40, 50)
    out = {}
    n = nn.Sequential(l1, l2, l3, l4)
    out["slices"] = [list(n[1:]._modules.keys()), list(n[::-1]._modules.keys()), list(n[:-3]._modules.keys()),
                     list(n[1::2]._modules.keys()), list(n[-2:10]._modules.keys())]
    named = nn.Sequential(OrderedDict([("linear1", l1), ("linear2", l2), ("linear3", l3)]))
    named[0] = l4
    named[-1] = l4
    out["setitem_named"] = _snap(named)
    del named[1]
    out["delitem_named"] = _snap(named)
    n = nn.Sequential(l1, l2, l3, l4)
    del n[-1]
    del n[1::2]
    out["delitem"] = _snap(n)
    n = nn.Sequential(l1, l2, l3)
    n2 = nn.Sequential(l4)
    n += n2
    n2 += n
    out["iadd"] = [_snap(n), _snap(n2)]
    out["add"] = _snap(nn.Sequential(l1, l2) + nn.Sequential(l3, l4))
    n = nn.Sequential(l1, l2)
    out["mul"] = _snap(n * 3)
    n *= 2
    out["imul"] = _snap(n)
    n = nn.Sequential(l1, l2, l3, l4)
    n.pop(1)
    out["pop"] = _snap(n)
    n = nn.Sequential(l1, l2, l3)
    n.insert(-2, l4)
    out["insert"] = _snap(n)
    n = nn.Sequential(l1, l2)
    n.extend(nn.Sequential(l3, l4))
    out["extend"] = _snap(n)
    return out


def module_list_ops():
    out = {}
    modules = [nn.ReLU(), nn.Linear(5, 5)]
    module_list = nn.ModuleList(modules)
    out["init"] = _snap(module_list)
    module_list += [nn.Conv2d(3, 4, 3)]
    module_list = module_list + nn.ModuleList([nn.Conv2d(3, 4, 3, bias=False), nn.GELU()])
    module_list.insert(1, nn.Linear(3, 2))
    module_list.append(nn.Tanh())
    module_list.extend([nn.Linear(5, 5), nn.Sigmoid()])
    module_list[2] = nn.Conv2d(5, 3, 2)
    module_list[-1] = nn.Conv2d(5, 2, 1)
    out["built"] = _snap(module_list)
    out["slice"] = _snap(module_list[1:])
    out["reversed"] = _snap(module_list[::-1])
    del module_list[-1]
    del module_list[1::2]
    out["deleted"] = _snap(module_list)
    module_list.pop(1)
    out["popped"] = _snap(module_list)
    return out


def module_dict_ops():
    out = {}
    modules = OrderedDict([("act", nn.ReLU()), ("conv", nn.Conv2d(10, 10, 5)), ("fc", nn.Linear(5, 5))])
    module_dict = nn.ModuleDict(modules)
    out["init"] = _snap(module_dict)
    module_dict["conv"] = nn.Conv2d(3, 4, 3)
    module_dict.update([("fc2", nn.Linear(5, 5)), ("act", nn.Sigmoid())])
    module_dict.update(OrderedDict([("fc3", nn.Linear(5, 5)), ("act2", nn.Sigmoid())]))
    module_dict.update({"fc4": nn.Linear(5, 5), "act3": nn.Sigmoid()})
    module_dict.update(nn.ModuleDict([("fc5", nn.Linear(5, 5)), ("act4", nn.Sigmoid())]))
    del module_dict["fc"]
    out["updated"] = _snap(module_dict)
    module_dict.pop("conv")
    out["popped"] = _snap(module_dict)
    module_dict.clear()
    out["cleared"] = _snap(module_dict)
    return out


def parameter_list_ops():
    out = {}
    pl = nn.ParameterList([Parameter(torch.randn(2, 2)), Parameter(torch.randn(2, 3))])
    out["init"] = _snap(pl)
    pl += [Parameter(torch.randn(4))]
    pl.append(Parameter(torch.randn(1, 2, 3)))
    pl.extend([Parameter(torch.randn(2, 2)), Parameter(torch.randn(3, 2))])
    pl[2] = Parameter(torch.randn(5, 5))
    pl[-1] = Parameter(torch.randn(()))
    out["built"] = _snap(pl)
    out["slice"] = _snap(pl[1:4])
    out["reversed"] = _snap(pl[::-2])
    pl.append(torch.rand(2, 2, dtype=torch.float64))
    pl.extend([torch.rand(2, 2).to(torch.float16), "foo"])
    pl += ["bar", torch.rand(2, 2)]
    out["mixed"] = _snap(pl)
    pl[-2] = Parameter(torch.randn(3))
    pl[-3] = nn.Linear(2, 2)
    out["replaced"] = _snap(pl)
    single = nn.ParameterList([Parameter(torch.empty(1))])
    out["single"] = _snap(single)
    out["empty"] = _snap(nn.ParameterList())
    return out


def parameter_dict_ops():
    out = {}
    pd = nn.ParameterDict(OrderedDict([("p1", Parameter(torch.randn(10, 10))), ("p2", Parameter(torch.randn(10, 10))),
                                       ("p3", Parameter(torch.randn(10, 10)))]))
    out["init"] = _snap(pd)
    pd["p4"] = Parameter(torch.randn(10, 10))
    pd.update([("p5", Parameter(torch.randn(10, 10))), ("p2", Parameter(torch.randn(10, 10)))])
    pd.update(OrderedDict([("p6", Parameter(torch.randn(10, 10))), ("p5", Parameter(torch.randn(10, 10)))]))
    pd.update({"p8": Parameter(torch.randn(10, 10)), "p7": Parameter(torch.randn(10, 10))})
    pd.update(nn.ParameterDict([("p10", Parameter(torch.randn(10, 10))), ("p9", Parameter(torch.randn(10, 10)))]))
    del pd["p3"]
    out["updated"] = _snap(pd)
    pd.pop("p4")
    pd["p12"] = Parameter(torch.randn(10, 10))
    out["popitem"] = pd.popitem()[0]
    pd.setdefault("p11", Parameter(torch.randn(10, 10)))
    pd.setdefault("p26")
    out["setdefault"] = _snap(pd)
    del pd["p26"]
    pd |= nn.ParameterDict(OrderedDict([("p13", Parameter(torch.randn(1))), ("p2", Parameter(torch.randn(2)))]))
    pd = pd | nn.ParameterDict(OrderedDict([("p20", Parameter(torch.randn(3, 1))), ("p21", Parameter(torch.randn(1)))]))
    pd = nn.ParameterDict(OrderedDict([("p23", Parameter(torch.randn(2))), ("p24", Parameter(torch.randn(2)))])) | pd
    out["or"] = _snap(pd)
    pd["p21"] = torch.rand(2, 2, dtype=torch.float64)
    pd.update({"p22": torch.rand(2, 2), "foo": "bar"})
    out["mixed"] = _snap(pd)
    out["fromkeys"] = _snap(pd.fromkeys(["p19", "p20"]))
    pd.clear()
    out["cleared"] = _snap(pd)
    return out


def nested_ops():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.heads = nn.ModuleDict({"cls": nn.Linear(4, 3), "box": nn.Sequential(nn.Linear(4, 4), nn.ReLU())})
            self.blocks = nn.ModuleList([nn.Linear(4, 4) for _ in range(2)])
            self.scales = nn.ParameterList([Parameter(torch.ones(4)), Parameter(torch.zeros(2, 4))])
            self.extra = nn.ParameterDict({"b": Parameter(torch.zeros(3)), "a": Parameter(torch.ones(1, 2))})

        def forward(self, x):
            return x

    return _snap(Net())
