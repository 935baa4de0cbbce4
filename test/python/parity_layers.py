# PyTorch side of test/parity/layers.ts (and the LeNet-5 checks in test/gpu/gpu_checks.ts).
# Constructors arrive as Python expressions (e.g. "nn.Conv2d(4, 6, 3, stride=2)") from the case tables.
import runpy

import torch
import torch.nn as nn


def module_case(ctor, sd, x, g, device, eval_mode=False):
    """Forward and backward of `ctor` loaded with torchts' state dict: output, input grad, parameter grads."""
    m = (eval(ctor)).to(device)
    m.load_state_dict(sd)
    if eval_mode:
        m.eval()
    x = x.clone().requires_grad_(True)
    y = m(x)
    y.backward(g)
    return [y, x.grad, {k: p.grad for k, p in m.named_parameters()}]


def loss_case(ctor, x, t, device="cpu"):
    """A loss module `ctor` on (x, t) on `device` with backward of ones: loss and input grad."""
    x = x.to(device).requires_grad_(True)
    l = eval(ctor).to(device)(x, t.to(device))
    l.backward(torch.ones_like(l))
    return [l, x.grad]


def lenet_case(x, t, bn, ref_path, device):
    """The reference LeNet-5 after manual_seed(0): initial and final state dicts, logits, loss, grads, repr."""
    LeNet5 = runpy.run_path(ref_path)["LeNet5"]
    torch.manual_seed(0)
    m = LeNet5(bn)
    sd0 = {k: v.clone() for k, v in m.state_dict().items()}
    m = m.to(device)
    logits = m(x)
    loss = nn.CrossEntropyLoss()(logits, t)
    loss.backward()
    return {"sd0": sd0, "logits": logits, "loss": loss, "grads": {k: p.grad for k, p in m.named_parameters()},
            "sd": m.state_dict(), "repr": repr(m)}


def lenet_cuda_cpu_input_error(x, ref_path):
    """First line of PyTorch's error for a CPU batch into the reference LeNet-5 on CUDA ("" if none)."""
    LeNet5 = runpy.run_path(ref_path)["LeNet5"]
    m = LeNet5(True).cuda()
    try:
        m(x)
        return ""
    except RuntimeError as e:
        return str(e).split("\n")[0]
