# PyTorch's side of test/upstream/test_scatter_gather.test.ts: the batch runner shared with the reductions port, and
# a batch runner for backward passes (the call's first argument made a leaf that requires grad).
import torch
from upstream_reductions import _one, many  # noqa: F401


def many_grad(calls):
    """Each call's [result, grad of result.sum() w.r.t. args[0] (dense)], or {"__error": [class, first line]}."""
    res = []
    for c in calls:
        try:
            args = list(c.get("args") or [])
            args[0] = args[0].detach().requires_grad_(True)
            out = _one(c["fn"], args, c.get("kw") or {}, c.get("method", False))
            out.sum().backward()
            g = args[0].grad
            res.append([out.detach(), g.to_dense() if g.is_sparse else g])
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res


def set_deterministic(det):
    torch.use_deterministic_algorithms(det)
