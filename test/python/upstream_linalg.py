# PyTorch's side of test/upstream/test_linalg.test.ts: the batch runner shared with the reductions port, plus the
# sign- and order-free views of decompositions (the same steps torchts's side takes on its own results): "abs"
# (singular / eigenvectors are unique up to a sign or phase), "eigsort" (linalg.eig's eigenvalues in no set order),
# "pick:<i>" (one output of several).
import torch
from upstream_reductions import _one


def _abs(r):
    if isinstance(r, torch.Tensor):
        return r.abs()
    if isinstance(r, (list, tuple)):
        return [_abs(x) for x in r]
    return r


def _eigsort(r):
    w = r[0] if isinstance(r, (list, tuple)) else r
    key = w.real + 1e-3 * w.imag
    idx = torch.argsort(key, dim=-1, descending=True)
    ws = torch.gather(w, -1, idx)
    if not isinstance(r, (list, tuple)):
        return ws
    v = r[1]
    return [ws, torch.gather(v, -1, idx.unsqueeze(-2).expand(v.shape))]


def _post(r, op):
    if op == "abs":
        return _abs(r)
    if op == "eigsort":
        return _eigsort(r)
    if op.startswith("pick:"):
        return r[int(op[5:])]
    raise ValueError(op)


def _num(v):
    """Scalars JSON cannot carry (inf, -inf, nan) come as {"__num": "inf"}."""
    if isinstance(v, dict) and "__num" in v:
        return float(v["__num"])
    if isinstance(v, list):
        return [_num(x) for x in v]
    if isinstance(v, dict):
        return {k: _num(x) for k, x in v.items()}
    return v


def many(calls):
    """Each call {fn, args, kw, method, post} as PyTorch runs it: its result, or {"__error": [class, first line]}."""
    res = []
    for c in calls:
        try:
            r = _one(c["fn"], _num(c.get("args") or []), _num(c.get("kw") or {}), c.get("method", False))
            for op in c.get("post") or []:
                r = _post(r, op)
            res.append(r)
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res
