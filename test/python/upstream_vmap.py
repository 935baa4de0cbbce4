# PyTorch side of test/upstream/test_vmap.test.ts: PyTorch 1.13's test/test_vmap.py. In 1.13, vmap is
# torch._vmap_internals.vmap (the legacy in-core vmap that torch.autograd uses; torch.vmap itself is not
# an attribute of this build). Each function runs upstream's call on the inputs torchts generated and
# returns the result; the ops travel as Python expressions, JSON arrays of in_dims/out_dims come back as
# the tuples upstream writes.
import functools
import re
import warnings

import torch
import torch.nn.functional as F
from torch import Tensor
from torch._vmap_internals import vmap

NS = {"torch": torch, "F": F, "Tensor": Tensor, "vmap": vmap, "functools": functools}


def tuples(v):
    """JSON arrays as tuples (in_dims, out_dims and nested arguments are tuples upstream)."""
    if isinstance(v, list):
        return tuple(tuples(x) for x in v)
    if isinstance(v, dict):
        return {k: tuples(x) for k, x in v.items()}
    return v


def _quiet(f):
    # vmap's "Please use functorch.vmap" warning, once per call here: not what these calls compare (other
    # warnings, such as the fallback's, still reach an enclosing fallback_check_begin).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Please use functorch.vmap")
        return f()


FALLBACK_REGEX = r"There is a performance drop"


class EnableVmapFallbackWarnings:
    """test_vmap.py's context manager: the vmap fallback's performance warnings on, then as they were."""

    def __enter__(self):
        self.prev_state = torch._C._debug_only_are_vmap_fallback_warnings_enabled()
        torch._C._debug_only_display_vmap_fallback_warnings(True)

    def __exit__(self, *ignored):
        torch._C._debug_only_display_vmap_fallback_warnings(self.prev_state)


_open_checks = []


def fallback_check_begin():
    """TestVmapBase's no-fallback check, PyTorch's half, across the calls of one test: fallback warnings on
    and every warning recorded until fallback_check_end."""
    enable = EnableVmapFallbackWarnings()
    enable.__enter__()
    catcher = warnings.catch_warnings(record=True)
    log = catcher.__enter__()
    warnings.simplefilter("always")
    _open_checks.append((enable, catcher, log))


def fallback_check_end():
    """The fallback warnings PyTorch gave since fallback_check_begin (their messages)."""
    enable, catcher, log = _open_checks.pop()
    catcher.__exit__(None, None, None)
    enable.__exit__()
    return [str(w.message) for w in log if re.search(FALLBACK_REGEX, str(w.message))]


def qvmap(*args, **kwargs):
    """vmap without its warning, for the snippets that compare values and errors."""
    return _quiet(lambda: vmap(*args, **kwargs))


def vmapped(op, inputs, in_dims=0, out_dims=0, env=None):
    """vmap(op, in_dims, out_dims)(*inputs), `op` a Python expression (nested vmaps included) that may use
    the values in `env`."""
    f = eval(op, {**NS, **(env or {})})
    return _quiet(lambda: vmap(f, tuples(in_dims), tuples(out_dims))(*inputs))


def vjp_rows(x, y, batched_v):
    """test_batched_gradient_basic: the Jacobian of x * y by vmap over autograd.grad's vjp."""
    x = x.requires_grad_()

    def vjp_mul(v):
        return torch.autograd.grad([x * y], [x], grad_outputs=[v])[0]

    return _quiet(lambda: vmap(vjp_mul)(batched_v))


def undefined_grad(x, weight, v):
    """test_fallback_with_undefined_grad: vmap over conv2d's vjp (its bias gradient is undefined)."""
    x = x.requires_grad_()

    def get_vjp(v):
        result = F.conv2d(x, weight)
        (grad_x,) = torch.autograd.grad(result, x, v)
        return grad_x

    return _quiet(lambda: vmap(get_vjp)(v))


def nn_module(weight, tensor):
    """test_nn_module: a bias-free Linear with torchts's weight."""
    model = torch.nn.Linear(3, 3, bias=False)
    with torch.no_grad():
        model.weight.copy_(weight)
    return _quiet(lambda: vmap(model)(tensor))


def inplace(op, x, others=(), in_dims=0, out_dims=0):
    """An in-place op under vmap: [the result, x after it]."""
    x = x.clone()
    result = _quiet(lambda: vmap(eval(op, NS), tuples(in_dims), tuples(out_dims))(x, *others))
    return [result, x]


def batched_grad(op, args, requires_grad, batched_vectors, grad_grad=False, env=None):
    """TestVmapBatchedGradient's _batched_grad_test / _batched_grad_grad_test on torchts's inputs and vectors.

    args: the op's arguments, requires_grad: which of them are leaves that require grad; returns the vmapped
    vector-Jacobian (or vector-Hessian) products.
    """
    f = eval(op, {**NS, **(env or {})})
    args = [a.clone().requires_grad_() if rg else a for a, rg in zip(args, requires_grad)]
    diff = tuple(a for a, rg in zip(args, requires_grad) if rg)

    def differentiable(xs):
        xs = xs if isinstance(xs, (tuple, list)) else (xs,)
        return tuple(t for t in xs if isinstance(t, torch.Tensor) and t.requires_grad)

    outputs = differentiable(f(*args))
    if not grad_grad:

        def vector_jacobian_product(*vectors):
            return torch.autograd.grad(outputs, diff, vectors, retain_graph=True)

        return _quiet(lambda: vmap(vector_jacobian_product)(*batched_vectors))
    ones = tuple(torch.ones_like(out) for out in outputs)
    first_grads = differentiable(torch.autograd.grad(outputs, diff, ones, create_graph=True))

    def vector_hessian_product(*vectors):
        outs = torch.autograd.grad(first_grads, diff, vectors, retain_graph=True, allow_unused=True)
        return tuple(out for out in outs if out is not None)

    return _quiet(lambda: vmap(vector_hessian_product)(*batched_vectors))
