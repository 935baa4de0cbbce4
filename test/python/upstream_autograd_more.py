# PyTorch side of test/upstream/test_autograd_more.test.ts: the bodies of test/test_autograd.py's cases
# (TestAutograd, TestAutogradDeviceType on the CPU) run on the inputs torchts sends; each returns a trace
# (values, flags, errors as [class, first message line]) that the TypeScript side builds the same way.
import re
import warnings

import torch
from torch.autograd import Function
from torch.autograd.function import once_differentiable
from torch.autograd.gradcheck import gradcheck, gradgradcheck


def _own(v):
    """A tensor of its own (the server hands over reshaped views of a flat buffer), through lists."""
    if isinstance(v, torch.Tensor):
        return v.clone()
    if isinstance(v, (list, tuple)):
        return [_own(x) for x in v]
    return v


def _owned(fn):
    def wrapper(**kwargs):
        return fn(**{k: _own(v) for k, v in kwargs.items()})

    wrapper.__name__ = fn.__name__
    return wrapper


def _err(fn):
    """None when fn() returns, else [exception class, first line of its message]."""
    try:
        fn()
        return None
    except Exception as e:
        return [type(e).__name__, str(e).split("\n")[0]]


def _untriggered(m):
    """A warning's first line without libtorch's "(Triggered internally at <file>:<line>.)" tail."""
    return re.sub(r" \(Triggered internally at .*\)$", "", str(m).split("\n")[0])


def _warns(fn):
    """The messages of the warnings fn() emits (every one), first lines."""
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        fn()
    return [_untriggered(x.message) for x in w]


class SimulateBackwardError(Function):
    @staticmethod
    def forward(ctx, input):
        return input.clone()

    @staticmethod
    @once_differentiable
    def backward(ctx, input):
        raise Exception("Simulate error on backward pass")


# ---- custom Function


@_owned
def custom_function_non_tensor_inputs_outputs(t1, t2, t3, scale):
    class MyFunction(Function):
        @staticmethod
        def forward(ctx, t1, t2, scale, t3):
            t4 = t1 + t2 * t3
            t5 = t1 * t2 + t3
            t4 *= scale
            t5 *= scale
            ctx.scale = scale
            ctx.save_for_backward(t1, t2, t3)
            return scale, t4, None, True, t5, "bar", t1

        @staticmethod
        @once_differentiable
        def backward(ctx, *grads):
            seen.append([len(grads), grads[0] is None, grads[2] is None, grads[3] is None, grads[5] is None])
            scale = ctx.scale
            var1, var2, var3 = ctx.saved_tensors
            return (
                grads[1] * scale + grads[4] * var2 * scale + grads[6],
                grads[1] * var3 * scale + grads[4] * var1 * scale,
                None,
                grads[1] * var2 * scale + grads[4] * scale,
            )

    seen = []
    t1.requires_grad_()
    t2.requires_grad_()
    res = MyFunction.apply(t1, t2, scale, t3)
    out = [res[0], res[1], res[2], res[3], res[4], res[5], res[6]]
    torch.autograd.backward([res[1].sum(), res[4].sum(), res[6].sum()])
    out += [t1.grad, t2.grad, t3.grad is None, seen]

    def foo(t1, t2, t3):
        res = MyFunction.apply(t1, t2, scale, t3)
        return res[1], res[4], res[6]

    out.append(gradcheck(foo, (t1, t2, t3)))
    return out


def custom_function_no_tensors(t1, t2, t3, scale):
    class MyFunction(Function):
        @staticmethod
        def forward(ctx, t1, t2, scale, t3):
            t4 = t1 + t2 * t3
            t5 = t1 * t2 + t3
            t4 *= scale
            t5 *= scale
            return scale, t4, None, True, t5, "bar", t1

        @staticmethod
        @once_differentiable
        def backward(ctx, *args):
            return (args[0], args[1], None, args[2])

    return list(MyFunction.apply(t1, t2, scale, t3))


@_owned
def unrelated_inputs(x, y):
    def my_function(x, y):
        return x * x

    x.requires_grad_()
    y.requires_grad_()
    return [gradcheck(my_function, (x, y)), gradgradcheck(my_function, (x, y))]


@_owned
def not_implemented_grad(a):
    a.requires_grad_()
    y = torch.nextafter(a, a).sum()
    return _err(lambda: y.backward())


@_owned
def return_leaf(x, y):
    class Identity(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a, a + b

        @staticmethod
        def backward(ctx, grad_a, grad_b):
            return grad_a + grad_b, grad_b

    seen = []
    x.requires_grad_()
    y.requires_grad_()
    q, p = Identity.apply(x, y)
    q.register_hook(lambda g: seen.append(g.clone()))
    (q + p + x).sum().backward()
    return [x.grad, y.grad, seen]


@_owned
def dep_nograd(x):
    class F1(Function):
        @staticmethod
        def forward(ctx, input):
            out = torch.randn(input.size())
            ctx.mark_non_differentiable(out)
            return input, out

        @staticmethod
        def backward(ctx, grad_output, ignored):
            return grad_output

    class F2(Function):
        @staticmethod
        def forward(ctx, input, ignored):
            return input

        @staticmethod
        def backward(ctx, grad_output):
            return grad_output, None

    x.requires_grad_()
    a, b = F1.apply(x)
    b = b + 1
    out = [a.requires_grad, b.requires_grad]
    c = F2.apply(a, b)
    c.backward(torch.ones(c.size()))
    return out + [x.grad]


class _DoubleMul(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2, x * 3

    @staticmethod
    def backward(ctx, g1, g2):
        return g1 * 2 + g2 * 3


def _multi_output_fns():
    return (_DoubleMul.apply, lambda t: torch.var_mean(t, dim=0))


@_owned
def retains_grad_inplace_multiple_outputs(b0):
    out = []
    for fn in _multi_output_fns():
        b = b0.clone().requires_grad_(True)
        var, mean = fn(b)
        var.retain_grad()
        mean.retain_grad()
        var.mul_(2)
        (var + mean).sum().backward()
        gvar, gmean = var.grad, mean.grad
        a = b0.clone().requires_grad_(True)
        var, mean = fn(a)
        var.mul_(2)
        o = (var + mean).sum()
        gvar_expected, gmean_expected = torch.autograd.grad(o, inputs=(var, mean))
        out.append([gvar, gmean, gvar_expected, gmean_expected])
    return out


@_owned
def reentrant_child_error(a, b):
    a.requires_grad_()
    b.requires_grad_()
    c = a * a
    e = b * b
    f = SimulateBackwardError.apply(e)
    reentrant_root = f.sum()

    class ReentrantFunc(Function):
        @staticmethod
        def forward(ctx, inp):
            return inp.clone()

        @staticmethod
        def backward(ctx, grad):
            reentrant_root.backward()
            return grad

    d = ReentrantFunc.apply(c)
    return _err(lambda: d.sum().backward())


def reentrant_priority():
    order = []

    class MyFunction(Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, x):
            order.append("MyFunction")
            return x

    class Reentrant(Function):
        @staticmethod
        def forward(ctx, x):
            with torch.enable_grad():
                ctx.x = x.detach().requires_grad_(True)
                ctx.x = ctx.x - 1
            return ctx.x.detach()

        @staticmethod
        def backward(ctx, x):
            order.append("Reentrant")
            if ctx.x < 0:
                return x
            with torch.enable_grad():
                Reentrant.apply(ctx.x).backward()
            return x

    a = MyFunction.apply(torch.tensor(6.0, requires_grad=True))
    b = Reentrant.apply(torch.tensor(9.0, requires_grad=True))
    v = a * b
    v.backward()
    return order


@_owned
def reentrant_with_leaf_variable_hook(param):
    param.requires_grad_()
    handle = None

    def add_gradient_penalty_to_grad(grad):
        handle.remove()
        old_param_grad = grad
        param.grad = None
        with torch.enable_grad():
            g = grad.detach().requires_grad_()
            new_param = param.detach().requires_grad_()
            out = ((g * 2) + new_param).sum()
            out.backward()
        res = g.grad + grad
        param.grad = old_param_grad
        return res

    handle = param.register_hook(add_gradient_penalty_to_grad)
    tmp = param * param
    loss = tmp.sum()
    loss.backward()
    return [param.grad]


@_owned
def reentrant_with_non_leaf_variable_hook(param):
    param.requires_grad_()
    handle = None

    def manual_increase_gradient(grad):
        handle.remove()
        with torch.enable_grad():
            g = grad.detach().requires_grad_()
            out = ((g * 2) + 5).sum()
            out.backward()
        res = g.grad + grad
        return res

    tmp = param * param
    handle = tmp.register_hook(manual_increase_gradient)
    loss = tmp.sum()
    loss.backward()
    return [param.grad]


# ---- views and in-place with custom Functions


def autograd_python_custom_function_inplace():
    bw_called = [0]
    trace = []

    class MyAdder(Function):
        @staticmethod
        def forward(ctx, a, b):
            a.add_(b)
            ctx.mark_dirty(a)
            return a

        @staticmethod
        def backward(ctx, grad):
            bw_called[0] += 1
            return grad, grad

    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2, requires_grad=True)
    c = MyAdder.apply(a.clone(), b)
    c.sum().backward()
    trace.append(bw_called[0])
    bw_called[0] = 0
    c = MyAdder.apply(a.clone(), b)
    c += 2
    c.sum().backward()
    trace.append(bw_called[0])
    bw_called[0] = 0
    c = MyAdder.apply(a.clone().view_as(a), b)
    c.sum().backward()
    trace += [bw_called[0], a.grad, b.grad]

    class MyAdderBad(Function):
        @staticmethod
        def forward(ctx, a, b):
            c = 3 * a
            c.add_(b)
            ctx.mark_dirty(c)
            return c

        @staticmethod
        def backward(ctx, grad):
            bw_called[0] += 1
            grad = 3 * grad
            return grad, grad

    a = torch.ones(2, requires_grad=True)
    b = torch.ones(2, requires_grad=True)
    trace.append(_warns(lambda: MyAdderBad.apply(a.clone(), b)))

    class MyBadAdder(Function):
        @staticmethod
        def forward(ctx, a, b):
            a.add_(b)
            ctx.mark_dirty(a)
            return a, a + b

        @staticmethod
        def backward(ctx, ga, gab):
            bw_called[0] += 1
            return ga + gab, ga + gab

    bw_called[0] = 0
    c, d = MyBadAdder.apply(a.clone(), b)
    (c * d).sum().backward()
    trace.append(bw_called[0])
    bw_called[0] = 0
    c, d = MyBadAdder.apply(a.clone(), b)
    c += 2
    (c * d).sum().backward()
    trace += [bw_called[0], a.grad, b.grad]
    trace.append(_err(lambda: MyBadAdder.apply(a.clone().view_as(a), b)))

    class MyOutPlaceAdder(Function):
        @staticmethod
        def forward(ctx, a, b):
            a.add_(b)
            ctx.mark_dirty(a)
            return a.clone(), a + b

        @staticmethod
        def backward(ctx, ga, gab):
            bw_called[0] += 1
            return ga + gab, ga + 2 * gab

    def fn(a, b):
        orig_a = a.clone().view_as(a)
        c, d = MyOutPlaceAdder.apply(orig_a, b)
        return (c * d).sum()

    trace.append(_err(lambda: fn(a, b)))
    return trace


def custom_function_inplace_on_view_of_leaf():
    class Func(Function):
        @staticmethod
        def forward(ctx, inp):
            inp.add_(1)
            ctx.mark_dirty(inp)
            return inp

        @staticmethod
        def backward(ctx, gO):
            pass

    a = torch.tensor([1.0, 2.0], requires_grad=True)
    b = a.view_as(a)
    return [_err(lambda: Func.apply(b))]


@_owned
def custom_function_return_view_in_nograd(inp):
    class Alias(Function):
        @staticmethod
        def forward(ctx, x):
            return x[:]

        @staticmethod
        def backward(ctx, gx):
            return gx

    inp.requires_grad_()
    with torch.no_grad():
        output = Alias.apply(inp)
    with torch.no_grad():
        expected_output = inp[:]
    return [output.requires_grad, expected_output.requires_grad, _err(lambda: output.zero_())]


@_owned
def inplace_not_requires_grad(a3, b3, a4, b4):
    # The unbind and select halves (the custom Function halves are left out).
    b3.requires_grad_()
    b4.requires_grad_()
    view_a3 = a3.unbind()[0]
    trace = [_err(lambda: view_a3.copy_(b3))]
    a4.select(1, 0).copy_(b4)
    trace += [a4.requires_grad, a4.grad_fn is not None]
    return trace


@_owned
def autograd_views_codegen(x1, x2):
    def run_test(grad_mode, requires_grad):
        out_trace = []
        inp = x1.clone().requires_grad_(requires_grad).clone()
        with torch.set_grad_enabled(grad_mode):
            out = inp.view_as(inp)
        out_trace.append(out._is_view())
        out_trace.append(_err(lambda: out.add_(1)))
        inp = x2.clone().requires_grad_(requires_grad).clone()
        with torch.set_grad_enabled(grad_mode):
            outs = inp.unbind()
        out_trace += [outs[0]._is_view(), outs[1]._is_view()]
        out_trace.append(_err(lambda: outs[0].add_(1)))
        out_trace.append(_err(lambda: outs[1].add_(1)))
        return out_trace

    return [run_test(g, r) for g, r in ((True, False), (True, True), (False, True), (False, False))]


_INPLACE_VIEW_FNS = [
    lambda v: v.as_strided_((1, 0), (2, 2)),
    lambda v: v.transpose_(0, 0),
    lambda v: v.t_(),
    lambda v: v.squeeze_(0),
    lambda v: v.unsqueeze_(0),
    lambda v: v.swapdims_(0, 0),
    lambda v: v.swapaxes_(0, 0),
]


def autograd_inplace_views_creation_meta(base0):
    # The "normal" and "multi_view" view types (the custom Function one is left out).
    trace = []
    for fn in _INPLACE_VIEW_FNS:
        for fn_type in ("normal", "multi_view"):
            for grad_mode_view in (True, False):
                for grad_mode_iview in (True, False):
                    for requires_grad in (True, False):
                        base = base0.clone().requires_grad_(requires_grad).clone()
                        with torch.set_grad_enabled(grad_mode_view):
                            if fn_type == "multi_view":
                                inp = base.unbind()[0]
                            else:
                                inp = base.view_as(base)
                        with torch.set_grad_enabled(grad_mode_iview):
                            e1 = _err(lambda: fn(inp))
                        e2 = None if e1 is not None else _err(lambda: inp.add_(1))
                        trace.append([e1, e2])
    return trace


def autograd_inplace_views_cross_dtype(a1, a2):
    a_orig = a1.clone().requires_grad_(True)
    a = a_orig.clone()
    b = torch.view_as_real(a)
    b = b.transpose(0, 1)
    b += 1
    b.backward(torch.arange(0, 18, dtype=torch.float).view(3, 3, 2))
    non_inplace_grad = a_orig.grad
    a_orig = a2.clone().requires_grad_(True)
    a = a_orig.clone()
    b = torch.view_as_real(a)
    b.transpose_(0, 1)
    b += 1
    b.backward(torch.arange(0, 18, dtype=torch.float).view(3, 3, 2))
    return [non_inplace_grad, a_orig.grad]


# ---- anomaly mode


def nested_anomaly_detect_nan(i1, i2, i3):
    size = 10

    class MyFunc(Function):
        @staticmethod
        def forward(ctx, inp1, fail_0th):
            ctx.fail_0th = fail_0th
            ctx.save_for_backward(inp1)
            return inp1.sum(0, keepdim=True)

        @staticmethod
        def backward(ctx, gO):
            (inp,) = ctx.saved_tensors
            fail_0th = ctx.fail_0th
            g = gO.clone().expand(size)
            gI = MyFunc2.apply(g * inp, g + inp, fail_0th)
            return gI, None

    class MyFunc2(Function):
        @staticmethod
        def forward(ctx, inp1, inp2, fail_0th):
            ctx.fail_0th = fail_0th
            return inp1 * 2.0 + inp2

        @staticmethod
        def backward(ctx, gO):
            fail_0th = ctx.fail_0th
            g1 = gO.clone()
            g2 = gO.clone()
            g1[0] = 0
            g2[0] = 0
            if fail_0th:
                g1[0] /= 0
            else:
                g2[0] /= 0
            return g1, g2, None

    inp = i1.clone().requires_grad_()
    out = MyFunc.apply(inp, True)
    (ginp,) = torch.autograd.grad(out, (inp,), create_graph=True)
    gsum = ginp.sum()
    gsum.backward()
    trace = [ginp.detach(), inp.grad]
    inp = i2.clone().requires_grad_()
    out = MyFunc.apply(inp, True)
    (ginp,) = torch.autograd.grad(out, (inp,), create_graph=True)
    gsum = ginp.sum()

    def first():
        with torch.autograd.detect_anomaly():
            gsum.backward()

    trace.append(_err(first))
    inp = i3.clone().requires_grad_()

    def second():
        with torch.autograd.detect_anomaly():
            out = MyFunc.apply(inp, False)
            (ginp,) = torch.autograd.grad(out, (inp,), create_graph=True)
            gsum = ginp.sum()
            gsum.backward()

    trace.append(_err(second))
    return trace


def anomaly_grad_warnings(a0):
    trace = []
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")

        def run():
            with torch.autograd.detect_anomaly():
                a = a0.clone().requires_grad_(True)
                d1 = a + 1
                d2 = d1**2
                d1 += 1
                torch.autograd.grad(d2.sum(), a)

        trace.append(_err(run))
    trace.append([_untriggered(x.message) for x in w])
    return trace


# ---- grad mode, requires_grad, version counter


def integer_outputs(inp0, val0, vals0):
    inp = inp0.clone().requires_grad_(True)
    val = val0.clone().requires_grad_(True)
    vals = vals0.clone().requires_grad_(True)
    bins = torch.linspace(0, 1.0, steps=100, requires_grad=True)
    trace = []
    for out in (inp.argmax(), inp.argmin(), inp.argsort(), torch.searchsorted(inp, val), torch.bucketize(vals, bins)):
        trace.append([out.dtype.is_floating_point, out.requires_grad])
    trace.append(torch.empty(5).requires_grad_().count_nonzero().requires_grad)

    def flags(res):
        if not isinstance(res, tuple):
            res = (res,)
        return [r.requires_grad for r in res if r is not None]

    for sort in [True, False]:
        for return_inverse in [True, False]:
            for return_counts in [True, False]:
                trace.append(flags(torch.unique(inp, sorted=sort, return_inverse=return_inverse, return_counts=return_counts)))
                trace.append(
                    flags(torch.unique(inp, sorted=sort, return_inverse=return_inverse, return_counts=return_counts, dim=0))
                )
                trace.append(flags(torch.unique_consecutive(inp, return_inverse=return_inverse, return_counts=return_counts)))
                trace.append(
                    flags(torch.unique_consecutive(inp, return_inverse=return_inverse, return_counts=return_counts, dim=0))
                )
    return trace


def power_function():
    a = torch.tensor([0.0, 0.0, 0.0])
    b = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)
    torch.sum(a**b).backward()
    out = [b.grad]
    b = torch.tensor([-1.0, 0.0, 1.0], requires_grad=True)
    torch.sum(0**b).backward()
    return out + [b.grad]


def pow_zero_tensor_gradient():
    out = []
    for size, exponent in (((10,), torch.zeros(10)), ((10, 10), torch.zeros(10, 10)), ((10,), 0)):
        input = torch.zeros(*size, requires_grad=True)
        input.pow(exponent).sum().backward()
        out.append(input.grad)
    return out


def var_mean_differentiable(input0, grad):
    input1 = input0.clone().requires_grad_(True)
    input2 = input0.clone().requires_grad_(True)
    var1, mean1 = torch.var_mean(input1, dim=[2, 4], keepdim=False)
    var2 = input2.var(dim=[2, 4], keepdim=False)
    mean2 = input2.mean(dim=[2, 4], keepdim=False)
    r1 = var1 * var1 * mean1 * mean1
    r2 = var2 * var2 * mean2 * mean2
    torch.autograd.backward(r1, grad)
    torch.autograd.backward(r2, grad)
    return [r1.detach(), r2.detach(), input1.grad, input2.grad]


def version_counter(x0, y0):
    x = x0.clone()
    trace = []
    v = x._version
    x.add_(1).add_(1)
    trace.append(x._version - v)
    xz = x[:]
    trace.append([x._version, xz._version])
    xz.add_(1)
    trace.append([x._version, xz._version])
    v = x._version
    x.data = y0.clone()
    trace.append([x._version, v, list(x.shape)])
    x.add_(1)
    trace.append([x._version, xz._version])
    xz.add_(1)
    trace.append([x._version, xz._version])
    return trace


def set_data_tensorimpl_type():
    x = torch.randn(1, 2)
    x_s = torch.sparse_coo_tensor(torch.zeros([1, 1]), torch.ones([1]))

    def setd():
        x.data = x_s

    return [_err(setd)]


def set_data_self_requires_grad():
    a = torch.tensor(1.0, requires_grad=True)
    b = torch.tensor(2.0)
    c = torch.tensor(3, dtype=torch.int64)

    def setd(v):
        a.data = v

    return [_err(lambda: setd(b)), a.detach(), a.requires_grad, _err(lambda: setd(c))]


def tensor_grad_warnings():
    dummy = torch.empty(1)
    trace = []
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        dummy.requires_grad_()
        dummy.grad
        trace.append(len(w))
        dummy = dummy.clone()
        dummy.grad
        trace.append(len(w))
        dummy.retain_grad()
        dummy.grad
        trace.append(len(w))
    trace.append([_untriggered(x.message) for x in w])
    return trace


def backward_create_graph_warns(b0):
    torch.set_warn_always(True)
    try:
        b = b0.clone().requires_grad_(True)
        c = b * b
        w1 = _warns(lambda: c.backward(torch.ones_like(c), create_graph=True))
        b.grad = None
        w2 = _warns(lambda: torch.autograd.grad(c, b, torch.ones_like(c), create_graph=True))
    finally:
        torch.set_warn_always(False)
    return [w1, w2]


def no_grad_copy(a0, b0):
    class MyFunc(Function):
        static_grad_ptr = None

        @staticmethod
        def forward(ctx, inp1, inp2):
            return inp1 + inp2

        @staticmethod
        def backward(ctx, grad):
            MyFunc.static_grad_ptr = grad.data_ptr()
            return grad, grad

    class NonContGradFunc(Function):
        @staticmethod
        def forward(ctx, inp1):
            ctx.size = inp1.size()
            return torch.tensor([1.0])

        @staticmethod
        def backward(ctx, grad):
            return torch.ones(1).expand(ctx.size)

    a = a0.clone().requires_grad_(True)
    b = b0.clone().requires_grad_(True)
    NonContGradFunc.apply(MyFunc.apply(a, b)).backward()
    trace = [a.grad.data_ptr() == MyFunc.static_grad_ptr, b.grad.data_ptr() == MyFunc.static_grad_ptr]
    a.grad = b.grad = None
    MyFunc.apply(a, b)[1][0].backward()
    # a, b use different grad buffers (whether one of them steals the backward's is left out)
    trace += [a.grad.data_ptr() == b.grad.data_ptr(), a.grad, b.grad]
    return trace


# ---- TestAutogradDeviceType (CPU)


def min_max_median_backprops_to_all_values():
    out = []
    for f in [torch.min, torch.max, torch.median, torch.nanmedian]:
        x1 = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0, 0.0], requires_grad=True)
        x2 = torch.tensor([float("nan"), float("nan"), float("nan")], requires_grad=True)
        for x in [x1, x2]:
            y = f(x)
            y.backward()
            out.append(x.grad)
    return out


def scatter_index_reduce_amin_amax_backprops_to_all_values(input0):
    out = []
    for fn in (torch.scatter_reduce, torch.index_reduce):
        for reduction in ("amin", "amax"):
            input = input0.clone().requires_grad_(True)
            src = input.clone().detach_().requires_grad_(True)
            idx = torch.arange(2).to(dtype=torch.long)
            if fn == torch.scatter_reduce:
                idx = idx.unsqueeze(-1).expand((2, 3))
            out.append(gradcheck(fn, (input, 0, idx, src, reduction), check_batched_grad=False))
            res = fn(input, 0, idx, src, reduction)
            out.append(list(torch.autograd.grad(res.sum(), (input, src))))
    return out


def scatter_index_reduce_prod_gradgrad_error():
    input = torch.tensor([1.0], dtype=torch.float64, requires_grad=True)
    src = torch.tensor([0.0, 0.0], dtype=torch.float64, requires_grad=True)
    idx = torch.tensor([0, 0], dtype=torch.long)
    out = []
    for fn in (torch.scatter_reduce, torch.index_reduce):
        out.append(gradcheck(fn, (input, 0, idx, src, "prod"), check_batched_grad=False))
        out.append(_err(lambda: gradgradcheck(fn, (input, 0, idx, src, "prod"))))
    return out


def parameter_resize():
    asd = torch.nn.Parameter(torch.ones(16, dtype=torch.double))
    out = []
    for _ in range(2):
        with torch.no_grad():
            asd.set_(asd[1:])
            asd.grad = None
        m = torch.cat((asd, asd))
        m.sum().backward()
        out.append(asd.grad)
    return out


def set_requires_grad_only_for_floats(dtype):
    dt = getattr(torch, dtype)

    def f1():
        a = torch.ones(1, dtype=dt)
        a.requires_grad_()

    def f2():
        a = torch.ones(1, dtype=dt)
        a.requires_grad = True

    def f3():
        torch.ones(1, dtype=dt, requires_grad=True)

    a = torch.ones(1, dtype=dt)
    a.requires_grad = False
    a.requires_grad_(False)
    return [_err(f1), _err(f2), _err(f3)]


def advanced_indexing_backwards_memory_format(i, x0):
    i = i.contiguous(memory_format=torch.channels_last)
    x = x0.clone().requires_grad_(True)
    x[i].sum().backward()
    return [x.grad]


def where_functional(x, y, cond, x2, y2, go1, go2):
    def where(cond, x, y):
        return torch.where(cond, x, y)

    x, y, x2, y2 = (t.clone().requires_grad_(True) for t in (x, y, x2, y2))
    return [
        gradcheck(where, [cond, x, y], raise_exception=True),
        gradgradcheck(where, [cond, x, y], [go1]),
        gradcheck(where, [cond, x2, y2], raise_exception=True),
        gradgradcheck(where, [cond, x2, y2], [go2]),
        torch.autograd.grad(where(cond, x2, y2), (x2, y2), go2),
    ]


def where_scalar(x, cond):
    x = x.clone().requires_grad_(True)

    def first(cond, x):
        return torch.where(cond, 4.0, x)

    def second(cond, x):
        return torch.where(cond, x, 4.0)

    return [
        gradcheck(first, (cond, x)),
        gradgradcheck(first, (cond, x)),
        gradcheck(second, (cond, x)),
        gradgradcheck(second, (cond, x)),
        list(torch.autograd.grad([first(cond, x).sum(), second(cond, x).sum()], x)),
    ]


def copy_(x0):
    x = x0.clone().requires_grad_(True)
    out = []
    for dt in (torch.float32, torch.float64, torch.float16, torch.bfloat16):
        y = torch.empty(10, dtype=dt)
        y.copy_(x)
        out.append(y.requires_grad)
        z = x.to(torch.bfloat16)
        out.append(z.requires_grad)
    return out


def inplace_on_view_backprop_base(root0):
    root = root0.clone().requires_grad_(True)
    x = root.clone()
    v1 = x.narrow(0, 0, 1)
    v1.mul_(2)
    x.sum().backward()
    return [root.grad.tolist()]


def inplace_on_view_backprop_view_of_view(root0):
    root = root0.clone().requires_grad_(True)
    x = root.clone()
    v1 = x.narrow(0, 0, 1)
    v2 = x.narrow(0, 0, 1)
    v1.mul_(2)
    v2.sum().backward()
    return [root.grad.tolist()]


def mv_grad_stride_0(mat, vec):
    vec = vec.clone().requires_grad_(True)

    def fn(vec):
        vec = vec.expand(2)
        return (mat @ vec).sum()

    return [gradcheck(fn, (vec)), gradgradcheck(fn, (vec)), torch.autograd.grad(fn(vec), vec)[0]]


def strided_leaf_grad_layout(xs, c0, d):
    out = []
    k = 0
    for fmt_a in (torch.contiguous_format, torch.channels_last):
        for fmt_b in (torch.contiguous_format, torch.channels_last):
            a = xs[k].clone().to(memory_format=fmt_a)
            b = xs[k + 1].clone().to(memory_format=fmt_b)
            k += 2
            a.requires_grad_()
            b.requires_grad_()
            a.sum().backward()
            b.sum().backward()
            out.append([a.grad.stride(), a.stride(), b.grad.stride(), b.stride()])
            a.grad = None
            b.grad = None
            (a * b).sum().backward()
            out.append([a.grad.stride(), b.grad.stride(), a.grad, b.grad])
    c = torch.empty_strided((2, 2), (4, 2)).copy_(c0)
    c.requires_grad_()
    c.sum().backward()
    out.append(c.grad.stride())
    c.grad = None
    (c * d).sum().backward()
    out += [c.grad.stride(), c.grad]
    return out


def copy_r_to_c(inp):
    out_c = torch.empty(3, 2, dtype=torch.cdouble)
    inp_r = inp.clone().requires_grad_(True)

    def do_test():
        out_c.copy_(inp_r)
        out_c_inter = out_c.sum()
        out_c_inter.abs().backward()

    w = _warns(do_test)
    return [w, inp_r.grad]


def to_r_to_c(inp):
    inp_r = inp.clone().requires_grad_(True)

    def do_test():
        out = inp_r.to(torch.complex128)
        out.sum().abs().backward()

    w = _warns(do_test)
    return [w, inp_r.grad]


def non_differentiable_ops(y):
    x = torch.tensor([[1, 2], [3, 4.0]], requires_grad=True)
    out1 = torch.isin(x, torch.tensor([2, 3]))
    x = y.clone().requires_grad_(True)
    out2 = torch.signbit(x)
    return [out1, out1.requires_grad, out2, out2.requires_grad]


def resize_version_bump():
    x = torch.rand((1,))
    y = torch.randn((3,))
    out = []
    x.resize_((1, 2))
    out.append(x._version)
    x.resize_as_(y)
    out.append(x._version)
    x.resize_((3,))
    out.append(x._version)
    x.resize_as_(y)
    out.append(x._version)
    return out


def sparse_mask_autograd(t):
    tensor = t.clone().requires_grad_(True)
    mask = torch.ones(3)
    mask[1] = 0
    mask = mask.to_sparse()
    converted = tensor.sparse_mask(mask).to_dense()
    converted.sum().backward()
    return [tensor.grad, mask.to_dense()]


def custom_autograd_repeated_grad_grad():
    def mult1(x):
        return x.prod(dim=-1).prod(dim=-1)

    class Mult(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = mult1(x)
            ctx.save_for_backward(x, y)
            return y

        @staticmethod
        def backward(ctx, grad_output):
            x, y = ctx.saved_tensors
            return (grad_output * y)[:, None, None] / x

    def repeated(x, y):
        gy, = torch.autograd.grad(y[0], x, create_graph=True)
        ggy_1, = torch.autograd.grad(gy[0, 0, 0], x, retain_graph=True)
        gy, = torch.autograd.grad(y[0], x, create_graph=True)
        ggy_2, = torch.autograd.grad(gy[0, 0, 0], x, retain_graph=True)
        return [ggy_1, ggy_2]

    x = torch.ones(2, 4, 4).requires_grad_()
    return [repeated(x, mult1(x)), repeated(x, Mult.apply(x))]


def custom_autograd_no_early_free():
    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x ** 2
            ctx.save_for_backward(x, y)
            return y

        @staticmethod
        def backward(ctx, grad_output):
            x, _ = ctx.saved_tensors
            return grad_output * 2 * x

    class Double2(Double):
        @staticmethod
        def backward(ctx, grad_output):
            x, y = ctx.saved_tensors
            return grad_output * 2 * y / x

    x = torch.tensor(2).double().requires_grad_()
    trace = [gradcheck(Double.apply, x), gradgradcheck(Double.apply, x), gradcheck(Double2.apply, x),
             gradgradcheck(Double2.apply, x)]
    for f in (Double.apply, Double2.apply):
        y = f(x)
        trace.append(torch.autograd.grad(y, x, create_graph=True)[0])
        trace.append(torch.autograd.grad(y, x)[0])
    return trace


def autograd_multiple_views_python():
    bw_called = [0]

    class ComplexView(Function):
        @staticmethod
        def forward(ctx, a, idx):
            res = a.narrow(0, idx, 1)
            res = a.select(0, idx)
            ctx.save_for_backward(a)
            ctx.idx = idx
            return res

        @staticmethod
        def backward(ctx, grad):
            bw_called[0] += 1
            a, = ctx.saved_tensors
            res = torch.zeros_like(a)
            res.select(0, ctx.idx).copy_(grad)
            return res, None

    a = torch.ones(2, requires_grad=True)
    out = ComplexView.apply(a.clone(), 1)
    out.sum().backward()
    trace = [bw_called[0]]
    out = ComplexView.apply(a.clone(), 1)

    def inplace():
        nonlocal out
        out += 1

    trace.append(_err(inplace))
    return trace
