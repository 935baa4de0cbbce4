# PyTorch's side of test/distributions_more.test.ts: the distributions added after the first batch
# (Multinomial, MixtureSameFamily, LowRankMultivariateNormal, the relaxed distributions,
# ContinuousBernoulli, VonMises, Kumaraswamy, FisherSnedecor, LKJCholesky, Wishart) on the same
# inputs, under the same seeds.
import warnings

import torch
import torch.distributions as D


def _ns(P):
    return {"D": D, "torch": torch, "f32": lambda x: torch.tensor(x, dtype=torch.float32), **P}


def battery(params, expr, value, q, sample_shape, expand_shape, members):
    """Draws, rsample and logProb gradients, the listed members, expand and repr of eval(expr)."""
    P = {k: (v.clone().requires_grad_() if v.is_floating_point() else v) for k, v in params.items()}
    fl = [P[k] for k in P if P[k].requires_grad]
    d = eval(expr, _ns(P))
    res = {"repr0": repr(d), "batch": list(d.batch_shape), "event": list(d.event_shape), "support": repr(d.support),
           "args": {k: repr(c) for k, c in d.arg_constraints.items()}, "has_rsample": d.has_rsample,
           "has_enum": d.has_enumerate_support}
    torch.manual_seed(3)
    res["sample"] = d.sample(sample_shape)
    res["sample0"] = d.sample()
    if d.has_rsample:
        torch.manual_seed(4)
        r = d.rsample(sample_shape)
        res["rsample"] = r
        res["rgrads"] = list(torch.autograd.grad(r.pow(2).sum(), fl, allow_unused=True, retain_graph=True)) if fl else []
    lp = d.log_prob(value)
    res["log_prob"] = lp
    res["lgrads"] = list(torch.autograd.grad(lp.sum(), fl, allow_unused=True, retain_graph=True)) if fl else []
    for ts, pyname, how in members:
        if how == "get":
            res[ts] = getattr(d, pyname)
        elif how == "call":
            res[ts] = getattr(d, pyname)()
        elif how == "value":
            res[ts] = getattr(d, pyname)(value)
        elif how == "q":
            res[ts] = getattr(d, pyname)(q)
    e = d.expand(expand_shape)
    torch.manual_seed(5)
    res["e_sample"] = e.sample([2])
    res["e_batch"] = list(e.batch_shape)
    res["e_log_prob"] = e.log_prob(value)
    if any(m[0] == "mean" for m in members):
        res["e_mean"] = e.mean
    res["repr1"] = repr(d)
    return res


def kl(inputs, expr):
    """kl_divergence(p, q) for eval(expr) = (p, q), and its gradients for the inputs."""
    ins = {k: v.clone().requires_grad_() for k, v in inputs.items()}
    p, q = eval(expr, _ns(ins))
    out = D.kl_divergence(p, q)
    grads = list(torch.autograd.grad(out.sum(), list(ins.values()), allow_unused=True)) if out.requires_grad else []
    return [out, grads]


def error(stmt, inputs):
    """[class name, message] of what exec(stmt) raises, or None."""
    try:
        exec(stmt, _ns(inputs))
    except Exception as e:
        return [type(e).__name__, str(e)]
    return None


def warned(expr, inputs, seed):
    """The value of eval(expr) under manual_seed(seed) and the messages of the warnings it raised."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        torch.manual_seed(seed)
        out = eval(expr, _ns(inputs))
    return [out, [str(x.message) for x in w]]
