# PyTorch's side of test/upstream/test_reductions.test.ts and test_sort_and_select.test.ts: runs a batch of torch
# calls (functions or methods, Python's keyword names) on the inputs torchts made, returning each result or error.
import torch


def _dtype(v):
    return getattr(torch, v) if isinstance(v, str) and isinstance(getattr(torch, v, None), torch.dtype) else v


def _one(fn, args, kw, method):
    kw = {k: tuple(v) if k == "out" and isinstance(v, list) else _dtype(v) if k == "dtype" else v for k, v in kw.items()}
    if method:
        return getattr(args[0], fn)(*args[1:], **kw)
    f = torch
    for part in fn.split("."):
        f = getattr(f, part)
    return f(*args, **kw)


def many(calls):
    """Each call {fn, args, kw, method} as PyTorch runs it: its result, or {"__error": [class, first line]}."""
    res = []
    for c in calls:
        try:
            res.append(_one(c["fn"], c.get("args") or [], c.get("kw") or {}, c.get("method", False)))
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res
