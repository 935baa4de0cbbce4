# PyTorch's side of test/upstream/test_torch.test.ts: the batch runner shared with the reductions port (`many`), and
# `snippets`, which runs upstream's own statements on the inputs torchts made, for what depends on a tensor's layout
# (expanded or overlapping views, storages) that travelling as contiguous bytes would lose.
import torch
from upstream_reductions import many  # noqa: F401


def snippets(items):
    """Each {code, inputs}: exec'd with torch and the inputs bound; its `out`, or {"__error": [class, first line]}."""
    res = []
    for it in items:
        ns = {"torch": torch, "math": __import__("math"), **(it.get("inputs") or {})}
        try:
            exec(it["code"], ns)
            res.append(ns.get("out"))
        except Exception as e:  # the error is what the test compares
            res.append({"__error": [type(e).__name__, str(e).split("\n")[0]]})
    return res
