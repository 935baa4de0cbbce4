# PyTorch side of test/amp.test.ts: the same model and data under torch.autocast.
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F


def lenet_bn():
    return nn.Sequential(
        nn.Conv2d(3, 6, 5), nn.BatchNorm2d(6), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(6 * 14 * 14, 32), nn.GELU(), nn.Dropout(0.0), nn.Linear(32, 10))


def cpu_autocast_step(state, x, y, steps):
    """Forward and loss under CPU autocast (bfloat16), backward outside, SGD: outputs, losses, grads, weights."""
    model = lenet_bn()
    model.load_state_dict(state)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    outs, losses = [], []
    for _ in range(steps):
        opt.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = model(x)
            loss = F.cross_entropy(out, y)
        outs.append(out.detach())
        losses.append(loss.detach())
        loss.backward()
        opt.step()
    grads = [p.grad for p in model.parameters()]
    return {"outs": outs, "losses": losses, "grads": grads, "state": dict(model.state_dict())}


def ops_dtypes(a, b, v):
    """dtypes of representative ops inside CPU autocast (lower precision, float32, promote)."""
    with torch.autocast("cpu"):
        r = {
            "mm": a.mm(b).dtype, "matmul": torch.matmul(a, b).dtype, "linear": F.linear(a, b.t()).dtype,
            "bmm": torch.bmm(a[None], b[None]).dtype,
            "softmax": torch.softmax(a, 1).dtype, "log_softmax": torch.log_softmax(a, 1).dtype,
            "sum": a.sum().dtype, "relu": torch.relu(a).dtype, "add": (a + a).dtype,
            "cat": torch.cat([a.bfloat16(), a]).dtype, "stack": torch.stack([a.bfloat16(), a]).dtype,
            "conv1d": F.conv1d(v, torch.ones(2, 3, 2)).dtype,
            "mse": F.mse_loss(a, a).dtype, "cross_entropy": F.cross_entropy(a, torch.tensor([0, 1, 2])).dtype,
        }
        with torch.autocast("cpu", enabled=False):
            r["disabled_mm"] = a.mm(b).dtype
    return {k: str(v).replace("torch.", "") for k, v in r.items()}


def layer_norm_error(a):
    """1.13's CPU autocast runs layer_norm in bfloat16 with float32 weights, which raises."""
    ln = nn.LayerNorm(4)
    try:
        with torch.autocast("cpu"):
            ln(a)
    except RuntimeError as e:
        return str(e)
    return None


def state_after(code):
    """The autocast state after running `code` (which may enter and leave regions)."""
    reset()
    error = None
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            exec(code, {"torch": torch})
        except RuntimeError as e:
            error = str(e)
    result = {
        "error": error,
        "cpu": torch.is_autocast_cpu_enabled(), "cpu_dtype": str(torch.get_autocast_cpu_dtype()).replace("torch.", ""),
        "cuda": torch.is_autocast_enabled(), "gpu_dtype": str(torch.get_autocast_gpu_dtype()).replace("torch.", ""),
        "cache": torch.is_autocast_cache_enabled(), "warnings": [str(x.message) for x in w],
    }
    reset()
    return result


def reset():
    """The server process lives across calls: back to the defaults, regions `code` left open closed
    (a nesting level above 0 would keep stale casts of the weights in autocast's cache)."""
    for _ in range(torch.autocast_increment_nesting()):
        torch.autocast_decrement_nesting()
    torch.clear_autocast_cache()
    torch.set_autocast_cpu_enabled(False), torch.set_autocast_cpu_dtype(torch.bfloat16)
    torch.set_autocast_enabled(False), torch.set_autocast_gpu_dtype(torch.float16)
    torch.set_autocast_cache_enabled(True)
