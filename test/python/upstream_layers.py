# PyTorch side of test/upstream/common_nn_layers.test.ts, test_pooling.test.ts and test_nn_layers.test.ts:
# a layer built from a Python expression after manual_seed, run forward (and backward) on torchts' input.
import torch
import torch.nn as nn
import torch.nn.functional as F


def layer_case(ctor, seed, x, g=None, train=True, grad_input=True, forward_args=None, device="cpu"):
    """manual_seed(seed), then the layer `ctor` (made on the CPU, then moved to `device`): its repr and
    initial state dict, the outputs of forward(x, *forward_args) (a tuple's items in order), the
    gradients from backward(g) of the first output, and the state dict after the step."""
    torch.manual_seed(seed)
    m = eval(ctor)
    sd0 = {k: v.clone() for k, v in m.state_dict().items()}
    m.to(device)
    x = x.to(device)
    g = None if g is None else g.to(device)
    m.train(train)
    if grad_input:
        x = x.clone().requires_grad_(True)
    y = m(x, *(forward_args or []))
    outs = list(y) if isinstance(y, tuple) else [y]
    if g is not None:
        outs[0].backward(g)
    grads = {k: p.grad for k, p in m.named_parameters() if p.grad is not None}
    return {"repr": repr(m), "sd0": sd0, "out": [o.detach() for o in outs],
            "xgrad": x.grad if grad_input and g is not None else None, "grads": grads,
            "sd": dict(m.state_dict())}


def expr(code, **inputs):
    """A Python expression over the inputs; a tuple comes back as a list."""
    out = eval(code, {"torch": torch, "nn": nn, "F": F}, inputs)
    return list(out) if isinstance(out, tuple) else out


def error_of(code, **inputs):
    """The class name and first line of the error that `code` raises (None if it does not raise)."""
    try:
        exec(code, {"torch": torch, "nn": nn, "F": F}, inputs)
    except Exception as e:  # noqa: BLE001 - the error is the answer
        return [type(e).__name__, str(e).split("\n")[0]]
    return None
