# PyTorch's side of test/upstream/test_nn_more.test.ts: a batch of cases, each a Python expression over the
# inputs torchts made (those named in `grad` need grad), evaluated after torch.manual_seed(seed); returns each
# case's outputs and the gradients of the `grad` inputs from the backward of the first output weighted by
# weights_like (or the error's class and first line).
import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.nn.utils import parameters_to_vector, vector_to_parameters

from upstream_nn_functional import weights_like


def elu_inplace_neg_alpha_backward(a, fn, alpha):
    """upstream's test_elu/celu_inplace_with_neg_alpha: the in-place op with a negative alpha, then backward."""
    a = a.clone().requires_grad_(True)
    b = getattr(F, fn)(a.clone(), alpha=alpha)
    b.backward(torch.ones(2))
    return b


def sparse_embedding_grad(w, idx, twice):
    """upstream's test_embedding_backward: the sparse grad of an Embedding after one or two backwards."""
    e = nn.Embedding.from_pretrained(w, freeze=False, sparse=True)
    e(idx[0]).sum().backward()
    if twice:
        e(idx[1]).sum().backward()
    g = e.weight.grad
    return [g.is_sparse, g._indices(), g._values()]


def param_vector(w1, b1, w2, b2, vec):
    """test_parameters_to_vector / test_vector_to_parameters on Conv2d(3, 10, 5) + Linear(10, 20)."""
    model = nn.Sequential(nn.Conv2d(3, 10, 5), nn.Linear(10, 20))
    with torch.no_grad():
        for p, v in zip(model.parameters(), (w1, b1, w2, b2)):
            p.copy_(v)
    before = parameters_to_vector(model.parameters())
    vector_to_parameters(vec, model.parameters())
    return [before, next(model.parameters())[0, 0, 0], parameters_to_vector(model.parameters())]


def embedding_fwd_ad(w, t, idx, **kw):
    """upstream's test_embedding_max_norm_fwd_AD: F.embedding of a dual weight; [its tangent, the weight after
    (max_norm renormalizes it in place)]."""
    with torch.autograd.forward_ad.dual_level():
        dual = torch.autograd.forward_ad.make_dual(w, t)
        out = F.embedding(idx, dual, **kw)
        return [torch.autograd.forward_ad.unpack_dual(out).tangent, w]


NS = {"torch": torch, "nn": nn, "F": F, "math": math, "nan": math.nan, "inf": math.inf,
      "elu_inplace_neg_alpha_backward": elu_inplace_neg_alpha_backward,
      "sparse_embedding_grad": sparse_embedding_grad, "param_vector": param_vector,
      "embedding_fwd_ad": embedding_fwd_ad}


def _out(v):
    if isinstance(v, torch.Tensor):
        v = v.detach()
        return v.to_dense() if v.is_sparse else v
    if isinstance(v, torch.Size):
        return list(v)
    if isinstance(v, (tuple, list)):
        return [_out(x) for x in v]
    return v


def cases(items):
    res = []
    for c in items:
        inputs = c.get("inputs") or {}
        grad = c.get("grad") or []
        try:
            ins = {k: (v.clone().requires_grad_(True) if k in grad else v.clone()) for k, v in inputs.items()}
            torch.manual_seed(c.get("seed", 0))
            out = eval(c["code"], NS, ins)
            outs = list(out) if isinstance(out, (tuple, list)) else [out]
            grads, sparse = [], []
            if grad:
                o = outs[0]
                (o * weights_like(o)).sum().backward()
                for k in grad:
                    g = ins[k].grad
                    sparse.append(None if g is None else g.is_sparse)
                    grads.append(None if g is None else g.to_dense())
            res.append({"out": [_out(o) for o in outs], "grads": grads, "sparse": sparse})
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res
