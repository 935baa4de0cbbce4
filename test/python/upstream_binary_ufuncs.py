# PyTorch's side of test/upstream/test_binary_ufuncs.test.ts: the batched calls of upstream_reductions (each call
# {fn, args, kw, method} run by PyTorch, its result or error returned).
import torch
from upstream_reductions import many  # noqa: F401


def copysign_signbit(pairs):
    """The sign bits of torch.copysign(a, b) for each pair: zeros' and NaNs' signs too."""
    return [torch.signbit(torch.copysign(a, b)) for a, b in pairs]
