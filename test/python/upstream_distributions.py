# PyTorch's side of test/upstream/test_distributions.test.ts (a port of PyTorch 1.13's
# test/distributions/test_distributions.py). Distributions travel as specs that both sides build the
# same way: {"d": class name, "p": {keyword: value}, "g": [keywords whose tensors require grad]}, a
# transform as {"t": class name, "p": {...}}; a value is a tensor, a number, a bool, None, a spec or
# a list of them. Upstream's tests run with float64 as the default dtype (its module-level
# torch.set_default_dtype(torch.double)), and so does every function here.
import torch
import torch.distributions as D
import torch.distributions.transforms as T
from torch.distributions.constraints import is_dependent


class _Double:
    def __enter__(self):
        self.saved = torch.get_default_dtype()
        torch.set_default_dtype(torch.float64)

    def __exit__(self, *a):
        torch.set_default_dtype(self.saved)


def build(spec, leaves=None):
    """The distribution, transform or value a spec describes; tensors that require grad go to leaves."""
    if isinstance(spec, list):
        return [build(s, leaves) for s in spec]
    if isinstance(spec, dict) and ("d" in spec or "t" in spec):
        grads = spec.get("g", [])
        p = {}
        for k, v in spec.get("p", {}).items():
            x = build(v, leaves)
            if k in grads:
                x = x.detach().clone().requires_grad_()
                if leaves is not None:
                    leaves.append(x)
            p[k] = x
        return getattr(D, spec["d"])(**p) if "d" in spec else getattr(T, spec["t"])(**p)
    return spec


def _try(f):
    try:
        return {"v": f()}
    except Exception as e:
        return {"e": type(e).__name__}


def _grads(out, leaves):
    if not leaves or not out.requires_grad:
        return []
    return list(torch.autograd.grad(out.sum(), leaves, allow_unused=True, retain_graph=True))


def battery(spec):
    """What the EXAMPLES-driven tests look at, for one example (see examples() in the TS file)."""
    with _Double():
        leaves = []
        d = build(spec, leaves)
        r = {"repr": repr(d), "batch": list(d.batch_shape), "event": list(d.event_shape)}
        sup = d.support
        r["support"] = [repr(sup), sup.event_dim, sup.is_discrete]
        r["has_rsample"] = d.has_rsample
        r["has_enum"] = d.has_enumerate_support
        torch.manual_seed(0)
        s = d.sample()
        r["sample"] = s
        r["sample_grad"] = s.requires_grad
        torch.manual_seed(1)
        s2 = d.sample((2,))
        r["sample2"] = s2
        if d.has_rsample:
            torch.manual_seed(2)
            rs = d.rsample()
            r["rsample"] = rs
            r["rsample_grad"] = rs.requires_grad
        lp = d.log_prob(s)
        r["log_prob"] = lp
        r["lgrads"] = _grads(lp, leaves)
        for m in ["mean", "variance", "stddev", "mode"]:
            r[m] = _try(lambda: getattr(d, m))
        r["entropy"] = _try(d.entropy)
        r["enum0"] = _try(lambda: d.enumerate_support(expand=False))
        r["enum1"] = _try(lambda: d.enumerate_support(expand=True))
        r["cdf"] = _try(lambda: d.cdf(s2))
        r["icdf"] = _try(lambda: d.icdf(d.cdf(s2)))
        if not sup.is_discrete:

            def cdf_grad():
                x = s.detach().clone().requires_grad_()
                return torch.autograd.grad(d.cdf(x).sum(), [x])[0]

            r["cdf_grad"] = _try(cdf_grad)
        r["support_check"] = sup.check(s)
        r["params_check"] = {
            k: c.check(getattr(d, k))
            for k, c in d.arg_constraints.items()
            if not is_dependent(c) and k in d.__dict__
        }
        ex = []
        for shape in [[], [2], [2, 1]]:
            e = d.expand(shape + list(d.batch_shape))
            torch.manual_seed(3)
            es = e.sample()
            ex.append(
                {
                    "batch": list(e.batch_shape),
                    "sample": es,
                    "log_prob": e.log_prob(s),
                    "mean": _try(lambda: e.mean),
                    "variance": _try(lambda: e.variance),
                }
            )
        r["expand"] = ex
        return r


def error(spec):
    """[class, first message line] of what building the spec raises, or None."""
    with _Double():
        try:
            build(spec)
        except Exception as e:
            return [type(e).__name__, str(e).split("\n")[0]]
        return None


def many(cases):
    """Runs each case's code (it assigns `out`) with its inputs and D, T, torch, math, build in scope;
    returns {"v": out} or {"e": [class, first message line]} for each."""
    import math

    res = []
    with _Double():
        for c in cases:
            ns = {"torch": torch, "D": D, "T": T, "math": math, "build": build, "inf": float("inf")}
            ns.update(c["inputs"])  # specs stay specs: the code builds them
            try:
                exec(c["code"], ns)
                res.append({"v": ns.get("out")})
            except Exception as e:
                res.append({"e": [type(e).__name__, str(e).split("\n")[0]]})
    return res


def kl(pairs):
    """kl_divergence(p, q) for each [p spec, q spec], or [class, first message line] of its error."""
    res = []
    with _Double():
        for ps, qs in pairs:
            leaves = []
            p, q = build(ps, leaves), build(qs, leaves)
            try:
                k = D.kl_divergence(p, q)
                res.append({"v": k, "g": _grads(k, leaves)})
            except Exception as e:
                res.append({"e": [type(e).__name__, str(e).split("\n")[0]]})
    return res
