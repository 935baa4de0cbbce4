# PyTorch side of test/upstream/test_autograd.test.ts: torch.autograd.grad cases of test/test_autograd.py.
import torch


def grad_case(x, y):
    """test_grad: backward with create_graph, then the Hessian-vector product through x.grad."""
    x = x.clone().requires_grad_()
    y = y.clone().requires_grad_()
    z = x ** 2 + y * x + y ** 2
    z.backward(torch.ones(2, 2), create_graph=True)
    x_grad, y_grad = x.grad.detach().clone(), y.grad.detach().clone()
    grad_sum = 2 * x.grad + y.grad
    x_hv = torch.autograd.grad(outputs=[grad_sum], grad_outputs=[torch.ones(2, 2)], inputs=[x], create_graph=True)
    return [x_grad, y_grad, x_hv[0]]


def grad_nonleaf(x_init, y):
    """test_grad_nonleaf: five create_graph grad steps on a non-leaf, then backward to the leaves."""
    x_init = x_init.clone().requires_grad_()
    y = y.clone().requires_grad_()
    x = x_init
    grad_output = torch.ones(2, 2)

    def fn(x):
        return x ** 2 + y * x + y ** 2

    grads = []
    for _ in range(5):
        grad_x, = torch.autograd.grad(fn(x), x, grad_outputs=grad_output, create_graph=True)
        grads.append(grad_x)
        x = x + 0.05 * grad_x
    x.backward(grad_output)
    return [grads, x, y.grad, x_init.grad]


def grad_nonleaf_many_outputs(x, go):
    x = x.clone().requires_grad_()
    a, b = x[:2], x[2:]
    grad_a, grad_b = torch.autograd.grad((a + 2 * b), [a, b], grad_outputs=go, create_graph=True)
    return [grad_a, grad_b, x.grad is None]


def grad_batched_grad(x):
    """test_grad_batched_grad: the batched gradients of a clone and of a sum (is_grads_batched=True)."""
    x = x.clone().requires_grad_()
    out = x.clone()
    batched_grad = torch.arange(3).expand(2, 2, 3).transpose(0, 2)
    (g1,) = torch.autograd.grad(out, (x,), (batched_grad,), is_grads_batched=True)
    out = x.sum()
    (g2,) = torch.autograd.grad(out, (x,), (torch.arange(3),), is_grads_batched=True)
    return [g1, g2]
