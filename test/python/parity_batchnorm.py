# PyTorch side of test/parity/batchnorm.ts: one BatchNorm case over several train/eval steps.
import torch
import torch.nn as nn


def bn_case(cls, xs, gs, w0, b0, affine, track, momentum, mode, device):
    """Per step [output, input grad, weight grad, bias grad], then the running buffers."""
    lazy = cls.startswith("Lazy")
    ctor = getattr(nn, cls)
    if lazy:
        m = ctor(eps=1e-5, momentum=momentum, affine=affine, track_running_stats=track)
    else:
        m = ctor(5, eps=1e-5, momentum=momentum, affine=affine, track_running_stats=track)
    m = m.to(device)
    if lazy:
        with torch.no_grad():
            m(xs[0].clone())
        m.reset_parameters()
    if affine and not lazy:
        with torch.no_grad():
            m.weight.copy_(w0)
            m.bias.copy_(b0)
    res = []
    steps = 3 if mode != "eval" else 0
    m.train()
    for i in range(steps):
        x = xs[i].clone().requires_grad_(True)
        y = m(x)
        y.backward(gs[i])
        res.append([y, x.grad, m.weight.grad if affine else None, m.bias.grad if affine else None])
        if affine:
            m.weight.grad = None
            m.bias.grad = None
    if mode != "train":
        m.eval()
        x = xs[3].clone().requires_grad_(True)
        y = m(x)
        y.backward(gs[3])
        res.append([y, x.grad, m.weight.grad if affine else None, m.bias.grad if affine else None])
    return {"steps": res, "rm": m.running_mean, "rv": m.running_var, "nbt": m.num_batches_tracked}
