# PyTorch's side of test/upstream/test_segment_reductions.test.ts: torch.segment_reduce as the upstream test calls
# it (data= and reduce= as keywords, lengths= or offsets=, axis=, unsafe=, initial=), with the gradient of
# result.sum() with respect to the data where the case asks for the backward pass.
import torch


def run(cases):
    """Each case {data, reduce, kw, backward}: [result, grad or None], or {"__error": [class, first line]}."""
    res = []
    for c in cases:
        try:
            data = c["data"].detach().requires_grad_(bool(c["backward"]))
            out = torch.segment_reduce(data=data, reduce=c["reduce"], **(c.get("kw") or {}))
            grad = None
            if c["backward"]:
                out.sum().backward()
                grad = data.grad
            res.append([out.detach(), grad])
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res
