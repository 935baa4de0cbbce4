# PyTorch side of test/upstream/test_nn_functional.test.ts: torch.nn.functional expressions evaluated on
# torchts' inputs, with the gradients of the inputs that need them.
import torch
import torch.nn as nn
import torch.nn.functional as F

NS = {"torch": torch, "nn": nn, "F": F}


def weights_like(t):
    """The fixed weights the backward pass uses (every element counts with a distinct weight)."""
    n = t.numel()
    return (torch.arange(n, dtype=t.dtype) / max(n, 1) - 0.5).view(t.shape)


def fcase(code, grad=(), **inputs):
    """The expression `code` over the inputs (those named in `grad` need grad): its outputs (a tuple's
    items in order) and, when `grad` is not empty, the gradients of those inputs from the backward of
    the first output weighted by weights_like (sum() for a scalar)."""
    ins = {k: (v.clone().requires_grad_(True) if k in grad else v) for k, v in inputs.items()}
    out = eval(code, NS, ins)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    grads = []
    if grad:
        o = outs[0]
        (o * weights_like(o)).sum().backward()
        grads = [ins[k].grad for k in grad]
    return {"out": [o.detach() for o in outs], "grads": grads}


def gradcheck(code, names, **inputs):
    """torch.autograd.gradcheck of `lambda *names: code` at the inputs (doubles), as upstream runs it."""
    fn = eval("lambda " + ", ".join(names) + ": " + code, NS)
    args = tuple(inputs[n].clone().requires_grad_(inputs[n].is_floating_point()) for n in names)
    return torch.autograd.gradcheck(fn, args)
