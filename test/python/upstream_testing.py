# PyTorch's side of test/upstream/test_testing.test.ts: torch.testing.assert_close and make_tensor on the inputs
# torchts made, each outcome (None, or the error's class and whole message) for the test to compare.
# Values JSON cannot carry arrive tagged: {"__num": "nan"} (a float, also inf / -inf or a float-valued int),
# {"__cplx": [re, im]}, {"__param": t} (nn.Parameter), {"__meta": [shape, dtype]}, {"__call": [t, method, args]}
# (t.method(*args): to_sparse_csc, conj, as_strided, ...), {"__odict": [[k, v], ...]} (an OrderedDict, a JS Map),
# {"__tuple": [...]}, {"__expr": "..."} (a Python value upstream writes that JS has no exact form for) and
# {"__msg": [kind, text]} (upstream's msg callables).
import collections

import torch
from torch.testing import assert_close, make_tensor


def _msg(kind, text):
    if kind == "const":
        return lambda _: text
    return lambda m: f"Header\n\n{m}\n\nFooter"


def _dec(v):
    if isinstance(v, list):
        return [_dec(x) for x in v]
    if not isinstance(v, dict):
        return v
    if "__num" in v:
        return float(v["__num"])
    if "__cplx" in v:
        re, im = (_dec(x) for x in v["__cplx"])
        return complex(float(re), float(im))
    if "__param" in v:
        return torch.nn.Parameter(v["__param"])
    if "__meta" in v:
        shape, dtype = v["__meta"]
        return torch.empty(shape, dtype=getattr(torch, dtype), device="meta")
    if "__call" in v:
        t, method, args = v["__call"]
        return getattr(_dec(t), method)(*_dec(args))
    if "__odict" in v:
        return collections.OrderedDict((k, _dec(x)) for k, x in v["__odict"])
    if "__tuple" in v:
        return tuple(_dec(x) for x in v["__tuple"])
    if "__expr" in v:
        return eval(v["__expr"], {"torch": torch})  # noqa: S307 - the test's own literal
    if "__msg" in v:
        return _msg(*v["__msg"])
    return {k: _dec(x) for k, x in v.items()}


def make_assert_close_inputs(actual, expected):
    """Upstream's helper: the pair as it is and wrapped in sequences and mappings."""
    return [
        (actual, expected),
        ((actual,), (expected,)),
        ([actual], [expected]),
        ((actual,), [expected]),
        ({"t": actual}, {"t": expected}),
        (collections.OrderedDict([("t", actual)]), collections.OrderedDict([("t", expected)])),
        ({"t": actual}, collections.OrderedDict([("t", expected)])),
        ([(actual,)], ([expected],)),
        ([{"t": actual}], (collections.OrderedDict([("t", expected)]),)),
        ({"t": [actual]}, collections.OrderedDict([("t", (expected,))])),
    ]


def _outcome(fn):
    try:
        fn()
        return None
    except Exception as e:  # the error is what the test compares
        return [type(e).__name__, str(e)]


def close(actual, expected, kw, wrap):
    """assert_close(actual, expected, **kw) for the pair, and for its 9 wrapped forms when wrap is set."""
    a, e, kw = _dec(actual), _dec(expected), _dec(kw)
    inputs = make_assert_close_inputs(a, e) if wrap else [(a, e)]
    return [_outcome(lambda x=x, y=y: assert_close(x, y, **kw)) for x, y in inputs]


def make(shape, kw, seed):
    """make_tensor(*shape, device='cpu', **kw) under the seed: [tensor, requires_grad, is_contiguous], or the error."""
    kw = _dec(kw)
    kw["dtype"] = getattr(torch, kw["dtype"])
    torch.manual_seed(seed)
    try:
        t = make_tensor(*_dec(shape), device="cpu", **kw)
    except Exception as e:
        return {"error": [type(e).__name__, str(e)]}
    return {"tensor": t.detach(), "requires_grad": t.requires_grad, "contiguous": t.is_contiguous(),
            "shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", "")}
