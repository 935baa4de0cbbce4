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


def full_backward_hooks(x, w1, b1, w2, b2):
    """register_full_backward_hook on a Sequential's layers: what the hooks see, and a replaced grad_input."""
    import torch.nn as nn
    m = nn.Sequential(nn.Linear(4, 3), nn.Tanh(), nn.Linear(3, 2))
    with torch.no_grad():
        m[0].weight.copy_(w1); m[0].bias.copy_(b1); m[2].weight.copy_(w2); m[2].bias.copy_(b2)
    seen = {}

    def first(mod, gi, go):
        seen["first_in"] = [g is None for g in gi]
        seen["first_out"] = go[0].clone()

    def last(mod, gi, go):
        seen["last_in"] = gi[0].clone()
        seen["last_out"] = go[0].clone()
        return (gi[0] * 3,)

    m[0].register_full_backward_hook(first)
    m[2].register_full_backward_hook(last)
    m(x).pow(2).sum().backward()
    return [seen["first_in"], seen["first_out"], seen["last_in"], seen["last_out"], m[0].weight.grad, m[2].weight.grad]


def grads_batched(x, y, v, w):
    """torch.autograd.grad(is_grads_batched=True): vector-Jacobian products of two outputs for a batch of
    vectors each, with an unused input (allow_unused) and the second derivative through a batched grad."""
    x = x.clone().requires_grad_()
    y = y.clone().requires_grad_()
    unused = torch.zeros(2, requires_grad=True)
    outs = (x.sin() * y, (x * y).sum())
    vjps = torch.autograd.grad(outs, (x, y, unused), (v, w), is_grads_batched=True, allow_unused=True,
                               retain_graph=True)
    (gx,) = torch.autograd.grad(outs[0], (x,), (v,), is_grads_batched=True, create_graph=True)
    (ggx,) = torch.autograd.grad(gx.sum(), (x,))
    return [list(vjps[:2]), vjps[2] is None, gx, ggx]
