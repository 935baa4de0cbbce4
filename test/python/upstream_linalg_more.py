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


def lobpcg_runs(runs):
    """Each run {A, kw, seed}: torch.manual_seed(seed), then torch.lobpcg(A, **kw) with a tracker recording
    ivars["converged_count"] after each step: [E, X, the counts], or {"__error": [class, first line]}."""
    res = []
    for r in runs:
        counts = []

        def tracker(worker):
            counts.append(worker.ivars["converged_count"])

        kw = dict(r.get("kw") or {})
        kw["tracker"] = tracker
        try:
            torch.manual_seed(r["seed"])
            E, X = torch.lobpcg(r["A"], **kw)
            res.append([E, X, counts])
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res


def _lobpcg_func(k, A, largest):
    """test_autograd.py's test_lobpcg func: lobpcg from X = eye(m, k), U's columns signed by their largest entry."""
    X_shape = list(A.shape)
    X_shape[-1] = k
    X = torch.eye(A.size(-2), k, dtype=A.dtype, device=A.device)
    if A.dim() > 2:
        X = X.expand(X_shape)
    D, U = torch.lobpcg(A=A, k=k, X=X, largest=largest)
    _, idx = U.abs().max(-2, keepdim=True)
    sign = U.gather(-2, idx).sign()
    return D, U * sign


def lobpcg_autograd(runs):
    """Each run {A, k, largest, D_grad, U_grad}: D, U of func; A.grad of (D.sum() + U.sum()).backward(); the vjp of
    (D_grad, U_grad) (create_graph) and the gradient of its squared norm (a double backward through lobpcg's
    backward); and, with "checks", the verdicts of upstream's gradcheck and gradgradcheck."""
    from torch.autograd import gradcheck, gradgradcheck

    res = []
    for r in runs:
        A, k, largest, D_grad, U_grad = r["A"], r["k"], r["largest"], r["D_grad"], r["U_grad"]
        verdicts = []
        if r.get("checks"):
            A0 = A.detach().requires_grad_(True)
            f = lambda A: _lobpcg_func(k, A, largest)  # noqa: E731
            verdicts.append(gradcheck(f, A0, check_batched_grad=False, raise_exception=False))
            verdicts.append(
                gradgradcheck(f, A0, [D_grad, U_grad], atol=1e-4, check_batched_grad=False, raise_exception=False)
            )
        A1 = A.detach().requires_grad_(True)
        D, U = _lobpcg_func(k, A1, largest)
        (D.sum() + U.sum()).backward()
        A2 = A.detach().requires_grad_(True)
        D2, U2 = _lobpcg_func(k, A2, largest)
        (g,) = torch.autograd.grad((D2, U2), A2, (D_grad, U_grad), create_graph=True)
        (h,) = torch.autograd.grad(g.pow(2).sum(), A2)
        res.append([D.detach(), U.detach(), A1.grad, g.detach(), h, *verdicts])
    return res
