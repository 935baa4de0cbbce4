# PyTorch side of test/indexing.test.ts: the same index expressions on the same tensor.
import torch


def read(x, mask, idx):
    return [x[1], x[-1, 2], x[:, 1], x[1:3], x[::2], x[:, None, 0], x[..., 1], x[1, ...],
            x[mask], x[idx], x[idx, 1:], x[0, 1:4:2], x[None], x[True]]


def write(x, mask, idx, v):
    a = x.clone(); a[0] = 5
    b = x.clone(); b[:, 1] = v
    c = x.clone(); c[mask] = -1
    d = x.clone(); d[idx, 0] = 7
    e = x.clone(); e[1:3, ::2] = 0
    return [a, b, c, d, e]


def error(x, code):
    try:
        eval(code, {"x": x})
    except Exception as e:
        return [type(e).__name__, str(e).split("\n")[0]]
