# PyTorch side of test/upstream/test_autograd_rest.test.ts: the bodies of test/test_autograd.py's cases
# (as PyTorch 1.13 has them) run on the inputs torchts sends; each returns a trace that the TypeScript
# side builds the same way.
import torch
from torch.autograd import Function
from torch.autograd.gradcheck import gradcheck


def _first_line(e):
    return str(e).split("\n")[0]


def autograd_simple_views_python(dtype):
    """1.13's _do_test_autograd_simple_views_python: per (fn_id, inplace, make_view), gradcheck's outcome,
    the plain call's outcome, how many times the custom backward ran and whether ga was non-zero."""
    dtype = getattr(torch, dtype)
    bw_called = [0]
    ga_nz = [False]

    class IdOneOutput(Function):
        @staticmethod
        def forward(ctx, a, b, make_view):
            if make_view:
                a = a.narrow(0, 0, 2)
            else:
                a = a.clone()
            return a

        @staticmethod
        def backward(ctx, ga):
            bw_called[0] += 1
            return ga, None, None

    class IdTwoOutput(Function):
        @staticmethod
        def forward(ctx, a, b, make_view):
            if make_view:
                a = a.narrow(0, 0, 2)
            else:
                a = a.clone()
            return a, a + b

        @staticmethod
        def backward(ctx, ga, gab):
            bw_called[0] += 1
            if ga.eq(0).all():
                ga_nz[0] = False
            else:
                ga_nz[0] = True
            return ga + gab, gab, None

    class ViewOfTemp(Function):
        @staticmethod
        def forward(ctx, a, make_view):
            ctx.save_for_backward(a)
            if make_view:
                a = a.narrow(0, 0, 2)
            else:
                a = a.clone()
            b = a.clone()
            return b.select(0, 0)

        @staticmethod
        def backward(ctx, grad):
            bw_called[0] += 1
            (a,) = ctx.saved_tensors
            res = torch.zeros_like(a)
            res.select(0, 0).copy_(grad)
            return res, None

    trace = []
    for fn_id in ["one_output", "two_output", "view_of_temp"]:
        for inplace in [True, False]:
            for make_view in [True, False]:

                def fn(a, b):
                    a = a.clone()
                    b = b.clone()
                    if fn_id == "two_output":
                        tmp1, tmp2 = IdTwoOutput.apply(a, b, make_view)
                        if inplace:
                            tmp1 += 3
                            tmp2 += 3
                        else:
                            tmp1 = tmp1 + 3
                            tmp2 = tmp2 + 3
                        tmp = tmp1 * tmp2
                    else:
                        if fn_id == "one_output":
                            tmp = IdOneOutput.apply(a, b, make_view)
                        else:
                            tmp = ViewOfTemp.apply(a + b, make_view)
                        if inplace:
                            tmp += 3
                        else:
                            tmp = tmp + 3
                    return tmp.sum()

                a = torch.ones(2, dtype=dtype, requires_grad=True)
                b = torch.ones(2, dtype=dtype, requires_grad=True)
                try:
                    gradcheck(fn, (a, b), check_batched_grad=False)
                    checked = None
                except Exception as e:
                    checked = [type(e).__name__, _first_line(e)]
                bw_called[0] = 0
                ga_nz[0] = True
                try:
                    fn(a, b).abs().backward()
                    called = None
                except Exception as e:
                    called = [type(e).__name__, _first_line(e)]
                trace.append([fn_id, inplace, make_view, checked, called, bw_called[0], ga_nz[0]])
    return trace
