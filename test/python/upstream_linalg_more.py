# PyTorch's side of test/upstream/test_linalg_more.test.ts: upstream_linalg's batch runner (results, or the error
# class and first line) with Python's Ellipsis arriving as {"__ellipsis": true} (einsum's sublist format) and two
# more post steps: "contig" (the result and whether it is contiguous) and "svdm:<m>" (torch.svd's U, S, V narrowed
# to their first m columns, by absolute value).
import torch
from upstream_linalg import _num, _post
from upstream_reductions import _one


def _ell(v):
    if isinstance(v, dict) and v.get("__ellipsis"):
        return Ellipsis
    if isinstance(v, list):
        return [_ell(x) for x in v]
    return v


def _step(r, op):
    if op == "contig":
        return [r, r.is_contiguous()]
    if op.startswith("svdm:"):
        m = int(op[5:])
        return [x[..., :m].abs() for x in r]
    return _post(r, op)


def many(calls):
    res = []
    for c in calls:
        try:
            r = _one(c["fn"], _ell(_num(c.get("args") or [])), _num(c.get("kw") or {}), c.get("method", False))
            for op in c.get("post") or []:
                r = _step(r, op)
            res.append(r)
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res


def lu_unpack_flags(lu, piv):
    """torch.lu_unpack with unpack_data / unpack_pivots unset: each output's shape, or None."""
    res = []
    for kw in ({"unpack_data": False}, {"unpack_pivots": False}, {"unpack_data": False, "unpack_pivots": False}):
        res.append([None if t is None else list(t.shape) for t in torch.lu_unpack(lu, piv, **kw)])
    return res
