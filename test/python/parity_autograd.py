# PyTorch side of test/autograd.test.ts.
import torch


def composite_grads(a, b):
    """y = mean(sum(tanh(a @ b) ** 2, 1)) and its grads with respect to a and b."""
    a.requires_grad_(True)
    b.requires_grad_(True)
    y = (a @ b).tanh().pow(2).sum(1).mean()
    y.backward()
    return [y, a.grad, b.grad]


def accumulated_grad(x, g):
    """x.grad after backward of x * x with gradient g, then of sum(exp(x))."""
    x.requires_grad_(True)
    (x * x).backward(g)
    x.exp().sum().backward()
    return x.grad


def second_backward():
    """A second backward through a freed graph (raises PyTorch's error)."""
    x = torch.ones(2, requires_grad=True)
    y = (x.exp()).sum()
    y.backward()
    y.backward()


def hooked_grads(a, w):
    """Tensor.register_hook on an intermediate (doubles its grad), on a leaf (logs), removed hook."""
    a = a.clone().requires_grad_(True)
    w = w.clone().requires_grad_(True)
    h = a.matmul(w)
    h.register_hook(lambda g: g * 2)
    seen = []
    w.register_hook(lambda g: seen.append(g.clone()))
    removed = h.register_hook(lambda g: g * 100)
    removed.remove()
    h.tanh().sum().backward()
    return [a.grad, w.grad, seen[0]]
