# PyTorch's side of test/upstream/test_unary_ufuncs.test.ts: the batched calls of upstream_reductions (each call
# {fn, args, kw, method} run by PyTorch, its result or error returned), and the cases that need views or autograd.
import torch
from upstream_reductions import many  # noqa: F401


def _err(g):
    try:
        g()
        return None
    except RuntimeError as e:
        return str(e).split("\n")[0]


def mem_overlap(cases):
    """For each [fn, data] (6 elements): torch.<fn>(data[0:3], out=data[0:3]), torch.<fn>(data[3:6], out=data[0:3]),
    the error of a partially overlapping out= (data[1:4] into data[0:3]) and that of Tensor.<fn>_ on a tensor
    expanded from one element."""
    res = []
    for fn, data in cases:
        f = getattr(torch, fn)
        d = data.clone()
        same = f(d[0:3], out=d[0:3])
        d = data.clone()
        indep = f(d[3:6], out=d[0:3])
        d = data.clone()
        partial = _err(lambda: f(d[1:4], out=d[0:3]))
        x = torch.randn(1, dtype=torch.double).expand(3, 3)
        internal = _err(lambda: getattr(x, fn + "_")())
        res.append([same, indep, partial, internal])
    return res


def hardsigmoid_grad(x):
    """The gradient of hardsigmoid at x for an output gradient of ones."""
    x = x.clone().requires_grad_()
    torch.nn.functional.hardsigmoid(x).backward(torch.ones_like(x))
    return x.grad
