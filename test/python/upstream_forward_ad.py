# PyTorch side of test/upstream/test_autograd_forward_mode.test.ts and test/forward_ad.test.ts: the
# programs of test/test_autograd.py's TestAutogradForwardMode (and of its custom Function and gradcheck
# forward-mode cases), run on the inputs torchts sends; each returns a trace (values, flags, errors as
# [class, first message line]) that the TypeScript side rebuilds and compares.
import operator
from functools import partial, reduce

import torch
import torch.autograd.forward_ad as fwAD
from torch.autograd import Function
from torch.autograd.gradcheck import gradcheck, gradgradcheck


def _own(v):
    """A tensor of its own (the server hands over reshaped views of a flat buffer, and forward AD looks at
    view-ness), recursively through lists."""
    if isinstance(v, torch.Tensor):
        return v.clone()
    if isinstance(v, (list, tuple)):
        return [_own(x) for x in v]
    return v


def _owned(fn):
    """Calls fn with every tensor argument cloned, so that none is a view, as torchts's are not."""
    def wrapper(**kwargs):
        return fn(**{k: _own(v) for k, v in kwargs.items()})

    wrapper.__name__ = fn.__name__
    return wrapper


def _err(fn):
    """None when fn() returns, else [exception class, first line of its message]."""
    try:
        fn()
        return None
    except Exception as e:  # the class and message are what the port compares
        return [type(e).__name__, str(e).split("\n")[0]]


def _gc_err(fn):
    """True when fn() returns, else [class, the whole message] (gradcheck's Jacobians included)."""
    try:
        fn()
        return True
    except Exception as e:
        return [type(e).__name__, str(e)]


def _tangent(t):
    return fwAD.unpack_dual(t).tangent


# ---- TestAutogradForwardMode


@_owned
def forward_level_cleanup(foo, tangent):
    tangent.requires_grad_()
    with fwAD.dual_level():
        dual = fwAD.make_dual(foo, tangent)
        return [fwAD.unpack_dual(dual)[1] is tangent]


@_owned
def size_check(foo, tangent):
    with fwAD.dual_level():
        e = _err(lambda: fwAD.make_dual(foo, tangent))
        dual = fwAD.make_dual(foo, tangent[1:])
        return [e, _tangent(dual)]


@_owned
def metadata_check_checks_storage_numel(base, tangent):
    primal = base[:4].detach()
    n = len(primal.storage())
    with fwAD.dual_level():
        dual = fwAD.make_dual(primal, tangent)
        _, unpacked = fwAD.unpack_dual(dual)
        before = tangent.clone()
        unpacked *= 2
        untouched = torch.allclose(before, tangent)
        s = dual.as_strided((5,), (1,), 0)
        return [n, untouched, s, _tangent(s)]


@_owned
def metadata_check_checks_ignores_size_zero(inp):
    a = torch.ones(0).as_strided((0, 1), (1, 1), 0)
    b = torch.ones(0).as_strided((0, 1), (1, 0), 0)
    with fwAD.dual_level():
        d = torch.diagonal(fwAD.make_dual(a, b), offset=0)
        shapes = [list(d.shape), list(_tangent(d).shape)]
    inp = inp.clone().requires_grad_()
    return shapes + [gradcheck(partial(torch.diagonal, offset=0), (inp,), check_forward_ad=True)]


@_owned
def metadata_check_when_primal_has_conj_bit(a, b):
    a = a.conj()
    r = [torch.is_conj(a), len(a.storage()) == len(b.storage())]
    with fwAD.dual_level():
        v = fwAD.make_dual(a, b)[1:]
        return r + [v, _tangent(v)]


@_owned
def metadata_check_when_primal_has_neg_bit(a, b):
    a = a.conj().imag
    b = b.imag
    r = [torch.is_neg(a), len(a.storage()) == len(b.storage())]
    with fwAD.dual_level():
        v = fwAD.make_dual(a, b)[1:]
        return r + [v, _tangent(v)]


@_owned
def metadata_check_check_conj(xs, ts):
    keys = {"NEITHER": lambda x: x, "CONJ": lambda x: x.conj(), "NEG": lambda x: x._neg_view()}
    out = []
    k = 0
    for pk in keys:
        for tk in keys:
            x = keys[pk](xs[k])
            t = keys[tk](ts[k])
            k += 1
            with fwAD.dual_level():
                dual = fwAD.make_dual(x, t)
                out.append([pk, tk, _tangent(dual) is t, _tangent(torch.real(dual)), _tangent(torch.imag(dual))])
    return out


def metadata_check_ignore_storage_offset_for_zero_numel_tensor():
    a = torch.tensor([1.0]).as_strided((0,), (1,), 1)
    b = torch.tensor([1.0]).as_strided((0,), (1,), 2)
    with fwAD.dual_level():
        t = _tangent(fwAD.make_dual(a, b))
        r = [t is b, t.storage_offset()]
    a = torch.tensor([1.0]).as_strided((1,), (2,), 0)
    b = torch.tensor([1.0]).as_strided((1,), (1,), 0)
    with fwAD.dual_level():
        return r + [list(fwAD.make_dual(a, b)[1:].shape)]


@_owned
def default_level(foo, bar):
    with fwAD.dual_level():
        baz = fwAD.make_dual(foo, bar)
        p, t = fwAD.unpack_dual(baz)
    p2, t2 = fwAD.unpack_dual(baz)
    return [p, t is bar, p2, t2 is None]


def nested_level():
    with fwAD.dual_level() as level:
        first = level
    with fwAD.dual_level():
        e = _err(fwAD.enter_dual_level)
    return [first, e]


@_owned
def set_fw_grad_having_own_fw_grad_at_same_level(foo, bar, baz):
    with fwAD.dual_level():
        dual = fwAD.make_dual(foo, bar)
        return [_err(lambda: fwAD.make_dual(baz, dual))]


@_owned
def codegen_ignores_undefined_outputs(weight, inp):
    grad_out = torch.ones_like(torch.nn.functional.conv2d(inp, weight))
    with fwAD.dual_level():
        dual_weight = fwAD.make_dual(weight, torch.ones_like(weight))
        gi, gw, gb = torch.ops.aten.convolution_backward(
            grad_out, inp, dual_weight, (0,), (1, 1), (0, 0), (1, 1), False, (0, 0), 1, (False, True, False))
        return [gi is None, gb is None, gw, _tangent(gw)]


@_owned
def make_dual_inference_tensor_in_inference_mode(foo, bar):
    with torch.inference_mode():
        foo = foo.clone()
        bar = bar.clone()
        before = foo.clone()
        with fwAD.dual_level():
            dual = fwAD.make_dual(foo, bar)
            view = dual._is_view()
            dual += 1
            return [view, not torch.allclose(foo, before), foo]


def make_dual_forbid_integral_dtype():
    pf, pl = torch.ones(2, 2, dtype=torch.float), torch.ones(2, 2, dtype=torch.long)
    tf, tl = torch.ones(2, 2, dtype=torch.float), torch.ones(2, 2, dtype=torch.long)
    with fwAD.dual_level():
        return [_err(lambda: fwAD.make_dual(pf, tl)), _err(lambda: fwAD.make_dual(pl, tl)),
                _err(lambda: fwAD.make_dual(pl, tf))]


@_owned
def print_(a, t):
    with fwAD.dual_level():
        before = "tangent=" in str(a)
        b = fwAD.make_dual(a, t)
        bp, bt = fwAD.unpack_dual(b)
        return [before, "tangent=" in str(a), "tangent=" in str(b), "tangent=" in str(bp), "tangent=" in str(bt),
                str(b)]


@_owned
def basic_packing_unpacking(foo, bar):
    with fwAD.dual_level():
        baz = fwAD.make_dual(foo, bar)
        p, t = fwAD.unpack_dual(baz)
        again = fwAD.unpack_dual(baz)
        fp, ft = fwAD.unpack_dual(foo)
        return [torch.equal(p, foo), t is bar, p is not again.primal, torch.equal(p, again.primal),
                t is again.tangent, torch.equal(fp, foo), ft is None]


@_owned
def advanced_packing_unpacking(foo, bar):
    r = []
    with fwAD.dual_level():
        dual = fwAD.make_dual(foo, bar)
        r.append(dual.storage().data_ptr() == foo.storage().data_ptr())
        r.append(foo._version == dual._version)
        foo.add_(1)
        r.append(foo._version == dual._version)
        dp, dt = fwAD.unpack_dual(dual)
        r.append(dp.storage().data_ptr() == foo.storage().data_ptr())
        r.append(dt.storage().data_ptr() == bar.storage().data_ptr())
        r.append(dt is bar)
        r.append(foo._version == dp._version)
        foo.add_(1)
        r.append(foo._version == dp._version)
        r.append(bar._version == dt._version)
        bar.add_(1)
        r.append(bar._version == dt._version)
    with fwAD.dual_level():
        foo.requires_grad_()
        bar.requires_grad_()
        dual = fwAD.make_dual(foo, bar)
        p, t = fwAD.unpack_dual(dual)
        gfoo, gbar = torch.autograd.grad(p.sum(), (foo, bar), retain_graph=True, allow_unused=True)
        r += [gfoo, gbar is None]
        gfoo, gbar = torch.autograd.grad(t.sum(), (foo, bar), retain_graph=True, allow_unused=True)
        r += [gfoo is None, gbar]
        p, t = fwAD.unpack_dual(dual.detach() * 2)
        r += [p.requires_grad, p, t is None]
        with torch.no_grad():
            out = dual * 3
        p, t = fwAD.unpack_dual(out)
        r += [p.requires_grad, t.requires_grad, p, t]
        dual = dual.clone()
        dual.detach_()
        p, t = fwAD.unpack_dual(dual * 2)
        r += [p.requires_grad, p, t is None]
    return r


@_owned
def view_inplace_non_differentiable_views(foo, bar):
    with fwAD.dual_level():
        dual = fwAD.make_dual(foo, bar)
        dual *= 2
        r = [_tangent(foo) is None, bar, _tangent(dual), foo, fwAD.unpack_dual(dual)[0]]
        dp, dt = fwAD.unpack_dual(dual)
        r += [_tangent(dp) is None, _tangent(dt) is None]
        dp *= 2
        r += [fwAD.unpack_dual(dual)[0], _tangent(dual)]
        dt *= 2
        r += [fwAD.unpack_dual(dual)[0], _tangent(dual)]
        return r


@_owned
def view_inplace_differentiable_views(foo, bar, baz1, baz2, baz3):
    with fwAD.dual_level():
        dual = fwAD.make_dual(foo, bar)
        view = dual.narrow(0, 0, 1)
        view *= 2
        r = [_tangent(foo) is None, _tangent(dual), _tangent(view)]
        baz1 += dual
        r.append(_tangent(baz1))
        baz2[0] = dual[0]
        r.append(_tangent(baz2))
        v = baz3.detach()
        v += dual
        r.append(_tangent(baz3) is None)
        return r


@_owned
def view_inplace_always_creates_a_view(bases, primals, tangents):
    ops = (lambda x, y: x.add_(y), lambda x, y: x.mul_(y), lambda x, y: x.copy_(y))
    r = []
    for op, base, primal, tangent in zip(ops, bases, primals, tangents):
        view = base.transpose(0, 1)
        with fwAD.dual_level():
            op(view, fwAD.make_dual(primal, tangent))
            p, t = fwAD.unpack_dual(base)
            p_before, t_before = p.clone(), t.clone()
            view *= 2
            p, t = fwAD.unpack_dual(base)
            r.append([torch.allclose(p_before * 2, p), torch.allclose(t_before * 2, t), p, t])
    return r


@_owned
def grad_cleanup(foo, bar, baz):
    with fwAD.dual_level():
        dual = fwAD.make_dual(foo, bar)
        r = [_tangent(foo) is None, _tangent(dual) is bar]
    r.append(_tangent(dual) is None)
    with fwAD.dual_level():
        r.append(_tangent(foo) is None)
        new_dual = fwAD.make_dual(foo, baz)
        dp, dt = fwAD.unpack_dual(dual)
        np_, nt = fwAD.unpack_dual(new_dual)
        r += [torch.equal(dp, np_), dt is None, nt]
    return r


@_owned
def out_variant(a, b, bar):
    with fwAD.dual_level():
        foo = fwAD.make_dual(a, b)
        return [_err(lambda: torch.add(bar, bar, out=foo)), _err(lambda: torch.add(foo, bar, out=bar))]


@_owned
def non_differentiable(a, b, bar):
    with fwAD.dual_level():
        foo = fwAD.make_dual(a, b)
        eq = foo == bar
        foo.eq_(bar)
        t = _tangent(foo)
        return [eq, foo, t is None, t]


def _zeros_meta_cases():
    return [
        (torch.zeros(5, dtype=torch.float), torch.zeros(2, 3, 4, dtype=torch.double)),
        (torch.zeros(2, 3, 4).transpose(0, 1).contiguous().transpose(0, 1), torch.zeros(2, 3, 4)),
        (torch.zeros(5).narrow(0, 1, 2), torch.zeros(2)),
        (torch.zeros(5).resize_(4), torch.zeros(4)),
        (torch.zeros(1, 0, 2), torch.zeros(1, 2)),
        (torch.tensor(1.0), torch.zeros(1, 2)),
    ]


def create_new_zeros_with_same_meta():
    fn = torch.ops.aten._new_zeros_with_same_feature_meta
    out = []
    for a, b in _zeros_meta_cases():
        for t, target in ((a, b), (b, a)):
            for n in range(t.dim()):
                res = fn(t, target, self_num_batch_dims=n)
                prod = reduce(operator.mul, t.size()[:n], 1)
                out.append([res.dim(), list(res.size()), list(res.stride()), res.is_contiguous(),
                            res.storage_offset(), len(res.storage()), len(target.storage()) * prod,
                            str(res.dtype).replace("torch.", "")])
    return out


@_owned
def backward_graph_destruction(p, a):
    a = a.clone().requires_grad_()
    with fwAD.dual_level():
        db = fwAD.make_dual(p, a).exp()
        return [fwAD.unpack_dual(db)[0], _tangent(db)]


# ---- TestAutogradForwardModeBatchedGrad (Jacobian-vector products under the legacy vmap)


@_owned
def batched_out_of_place_basic(a, b, seed):
    a, b = a.clone().requires_grad_(), b.clone().requires_grad_()
    kw = dict(check_forward_ad=True, check_batched_grad=True, check_batched_forward_grad=True)
    torch.manual_seed(seed)
    return [_gc_err(lambda: gradcheck(torch.sin, a, **kw)), _gc_err(lambda: gradcheck(torch.add, (a, b), **kw))]


def _vmap00(jvp, tangent):
    from torch._vmap_internals import _vmap
    return _vmap(jvp, 0, 0)(tangent)


def batched_out_of_place_not_same_layout():
    input = torch.zeros([2, 2]).transpose(0, 1)
    tangent = torch.zeros([2, 2, 2])

    def jvp(tangent):
        with fwAD.dual_level():
            x = fwAD.make_dual(input, tangent)
            return fwAD.unpack_dual(x)[1]

    x_tangent = _vmap00(jvp, tangent)
    return [x_tangent is tangent, x_tangent.shape, x_tangent.stride()]


def batched_inplace_on_view(same_layout):
    input = torch.zeros([2, 2])
    tangent = torch.zeros([2, 2, 2])
    if same_layout:
        base = torch.zeros([2, 2])
        view = base.view_as(base)
    else:
        view = torch.zeros([2, 2]).transpose(0, 1)

    def jvp(tangent):
        with fwAD.dual_level():
            x = fwAD.make_dual(input, tangent)
            view.copy_(x)
            return fwAD.unpack_dual(x)[1], fwAD.unpack_dual(view)[1], fwAD.unpack_dual(view._base)[1]

    x_tangent, view_tangent, base_tangent = _vmap00(jvp, tangent)
    return [view_tangent._is_view(), view_tangent is base_tangent, x_tangent is tangent, view_tangent is tangent,
            view_tangent._base is base_tangent, [t.stride() for t in (x_tangent, view_tangent, base_tangent)]]


@_owned
def batched_metadata_check_for_storage_numel_skipped(base, tangent):
    primal = base[:4].detach()
    r = [len(primal.storage())]

    def jvp(tangent):
        with fwAD.dual_level():
            dual = fwAD.make_dual(primal, tangent)
            _, unpacked_tangent = fwAD.unpack_dual(dual)
            r.append(tangent is unpacked_tangent)
            r.append(_err(lambda: dual.as_strided((5,), (1,), 0)))
        return unpacked_tangent

    out = _vmap00(jvp, tangent)
    # r: [storage elements, unpacked is tangent (inside vmap), the as_strided error]
    return r + [out is tangent, out]


# ---- test/test_ops.py's TestGradients.test_forward_mode_AD, replayed over a few OpInfos


@_owned
def forward_mode_ad_samples(key, dtype):
    """For each `dtype` sample of OpInfo `key` (inputs requiring grad, as test_forward_mode_AD makes
    them): the gradcheck verdict with check_forward_ad=True, check_backward_ad=False (True, or
    [class, message]), and a Jacobian-vector product: random tangents for the inputs that require grad
    and the tangents of the float or complex outputs (None for none)."""
    import upstream_ops as uo

    op = uo.BY_KEY[key]
    dt = getattr(torch, dtype)
    if dt not in op.supported_dtypes("cpu"):
        return {"samples": []}
    torch.manual_seed(0)
    out = []
    for s in op.sample_inputs("cpu", dt, requires_grad=True):
        s.input, s.args, s.kwargs = uo._fresh(s.input), tuple(uo._fresh(list(s.args))), uo._fresh(s.kwargs)
        if not isinstance(s.input, torch.Tensor):
            out.append({"skip": "a TensorList input"})
            continue
        sentinel = object()
        if s.output_process_fn_grad(sentinel) is not sentinel:
            out.append({"skip": "an output_process_fn_grad"})
            continue
        args = (s.input, *s.args)
        if any(isinstance(a, (list, tuple, dict)) for a in args) or any(
                isinstance(v, torch.Tensor) and v.requires_grad for v in s.kwargs.values()):
            out.append({"skip": "tensors that require grad inside a list or keyword"})
            continue
        try:
            rec = uo._inputs(s)
        except uo.Unsupported as e:
            out.append({"skip": str(e)})
            continue

        def fn(*inputs):
            return op.gradcheck_wrapper(op.get_op(), *inputs, **s.kwargs)

        rec["gradcheck"] = _gc_err(lambda: gradcheck(
            fn, args, check_batched_grad=False, check_grad_dtypes=True, nondet_tol=op.gradcheck_nondet_tol,
            fast_mode=op.gradcheck_fast_mode, check_forward_ad=True, check_backward_ad=False,
            check_undefined_grad=True, check_batched_forward_grad=op.check_batched_forward_grad))
        rec["nondet_tol"] = op.gradcheck_nondet_tol
        rec["check_batched_forward_grad"] = op.check_batched_forward_grad
        leaves = [i for i, a in enumerate(args) if isinstance(a, torch.Tensor) and a.requires_grad]
        tangents = [torch.randn_like(args[i]) for i in leaves]
        with fwAD.dual_level():
            duals = list(args)
            for i, t in zip(leaves, tangents):
                duals[i] = fwAD.make_dual(args[i].detach(), t)
            y = fn(*duals)
            ys = [y] if isinstance(y, torch.Tensor) else [t for t in y if isinstance(t, torch.Tensor)]
            rec["jvp"] = [_tangent(t) for t in ys if t.is_floating_point() or t.is_complex()]
        rec["leaves"] = leaves
        rec["tangents"] = tangents
        out.append(rec)
    return {"samples": out}


# ---- torch.autograd.Function with a jvp (test_autograd.py's TestAutograd custom-function cases)


@_owned
def custom_function_error_jvp(inp, t):
    class BadJvp(Function):
        @staticmethod
        def forward(ctx, foo):
            return foo.clone()

    inp = inp.clone().requires_grad_()
    with fwAD.dual_level():
        return [_err(lambda: BadJvp.apply(fwAD.make_dual(inp, t)))]


@_owned
def custom_function_save_for_forward(a, t, b):
    seen = []

    class Func(Function):
        @staticmethod
        def forward(ctx, x, y, z):
            ctx.save_for_backward(x, y)
            ctx.save_for_forward(x, y)
            ctx.z = z
            return z * (x * y)

        @staticmethod
        def jvp(ctx, x_t, y_t, _):
            x_p, y_p = ctx.saved_tensors
            return ctx.z * (y_p * x_t + x_p * y_t)

        @staticmethod
        def vjp(ctx, grad_out):
            x, y = ctx.saved_tensors
            return ctx.z * grad_out * y, ctx.z * grad_out * x, None

    class Func2(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x.clone()

        @staticmethod
        def jvp(ctx, x_t):
            seen.append(len(ctx.saved_tensors))
            return x_t

        @staticmethod
        def vjp(ctx, grad_out):
            seen.append(len(ctx.saved_tensors))
            return grad_out

    a = a.clone().requires_grad_()
    b = b.clone().requires_grad_()
    with fwAD.dual_level():
        out = Func.apply(fwAD.make_dual(a, t), b, 4)
        r = [out, _tangent(out), type(out.grad_fn).__name__]
        out.backward()
        r += [a.grad, b.grad]
    r.append(gradcheck(Func.apply, (a, b, 4), check_forward_ad=True))
    a.grad = None
    with fwAD.dual_level():
        out = Func2.apply(fwAD.make_dual(a, t))
        r.append(_tangent(out))
        out.backward()
        r.append(a.grad)
    r.append(gradcheck(Func2.apply, (a,), check_forward_ad=True))
    return r + [seen[:2]]


@_owned
def custom_function_forward_mode_view_checks(inp):
    class ViewFn(Function):
        @staticmethod
        def forward(ctx, foo, flag):
            ctx.flag = flag
            ctx.size = foo.size()
            return foo.narrow(0, 0, 2)

        @staticmethod
        def vjp(ctx, gO):
            gI = gO.new_zeros(ctx.size)
            gI.narrow(0, 0, 2).copy_(gO)
            return gI, None

        @staticmethod
        def jvp(ctx, gI, _):
            res = gI.narrow(0, 0, 2)
            if ctx.flag != "ok":
                res = res.clone()
            if ctx.flag in ["not_a_view_of_inp", "not_a_view_of_inp_base"]:
                res = res.view_as(res)
            return res

    inp = inp.clone().requires_grad_()
    out = []
    for flag in ["ok", "not_a_view", "not_a_view_of_inp", "not_a_view_of_inp_base"]:
        def test_fn(x):
            if flag == "not_a_view_of_inp_base":
                x = x.view_as(x)
            return ViewFn.apply(x, flag)

        out.append(_gc_err(lambda: gradcheck(test_fn, inp, check_forward_ad=True)))
    return out


@_owned
def custom_function_forward_mode_inplace_checks(inp):
    class InplaceFn(Function):
        @staticmethod
        def forward(ctx, foo, flag):
            ctx.mark_dirty(foo)
            ctx.flag = flag
            foo.mul_(2)
            return foo

        @staticmethod
        def vjp(ctx, gO):
            return 2 * gO, None

        @staticmethod
        def jvp(ctx, gI, _):
            if ctx.flag:
                return 2 * gI
            gI.mul_(2)
            return gI

    inp = inp.clone().requires_grad_()

    def test_fn(x, flag):
        return InplaceFn.apply(x.clone(), flag)

    return [_gc_err(lambda: gradcheck(test_fn, (inp, flag), check_forward_ad=True)) for flag in (False, True)]


@_owned
def custom_function_forward_mode_wrong_formula(inp):
    class UserFn(Function):
        @staticmethod
        def forward(ctx, foo, should_fail):
            ctx.should_fail = should_fail
            return foo * 2

        @staticmethod
        def vjp(ctx, gO):
            return 2 * gO, None

        @staticmethod
        def jvp(ctx, gI, _):
            return 3 * gI if ctx.should_fail else 2 * gI

    inp = inp.clone().requires_grad_()
    return [_gc_err(lambda: gradcheck(UserFn.apply, (inp, f), check_forward_ad=True)) for f in (False, True)]


@_owned
def custom_function_forward_mode_non_tensor_before_tensor_args(x, t, y):
    seen = []

    class MyFn(Function):
        @staticmethod
        def forward(ctx, nt, x, nt2, y):
            return x * 2 + y * 3

        @staticmethod
        def jvp(ctx, nt, x_t, nt2, y_t):
            seen.append([nt is None, nt2 is None, y_t])
            return x_t * 2 + y_t * 3

    with fwAD.dual_level():
        out = MyFn.apply(1, fwAD.make_dual(x, t), 1, y)
        r = [_tangent(out)]
    r.append(gradcheck(MyFn.apply, (1, x.clone().requires_grad_(), 1, y.clone().requires_grad_()),
                       check_forward_ad=True, check_backward_ad=False, check_batched_grad=False))
    return r + [seen[0]]


@_owned
def custom_function_forward_mode_forward_is_no_op(a, t, b, c, t2, d):
    out = []
    for k in ("view_as", "self", "mul_by_2"):
        fn = {"view_as": lambda x: x.view_as(x), "self": lambda x: x, "mul_by_2": lambda x: x * 2}[k]

        class MyFn(Function):
            @staticmethod
            def forward(ctx, x, y):
                return x + y, x

            @staticmethod
            def vjp(ctx, gO1, gO2):
                return gO1 + gO2, gO1

            @staticmethod
            def jvp(ctx, x_t, y_t):
                return x_t + y_t, fn(x_t)

        ar = a.clone().requires_grad_()
        br = b.clone().requires_grad_()
        r = [k]
        with fwAD.dual_level():
            for primal, tangent, other in ((ar, t, br), (c, t2, d)):
                def run():
                    o1, o2 = MyFn.apply(fwAD.make_dual(primal, tangent), other)
                    r.append([_tangent(o1), _tangent(o2), _tangent(o2)._base is tangent, o2._is_view()])

                e = _err(run)
                if e is not None:
                    r.append(e)
        r.append(_gc_err(lambda: gradcheck(MyFn.apply, (ar, c.clone().requires_grad_()), check_forward_ad=True)))
        out.append(r)
    return out


@_owned
def custom_function_forward_mode_non_differentiable(x, x_tangent, y):
    r = []

    class FuncWrong(Function):
        @staticmethod
        def forward(ctx, x, y):
            out = y.clone()
            ctx.mark_non_differentiable(out)
            return x.clone(), out

        @staticmethod
        def jvp(ctx, x_tangent, y_tangent):
            return x_tangent, x_tangent.clone()

    # 1.13 goes by the dtype: the output marked non-differentiable takes the tangent jvp gives it.
    for rg in (False, True):
        with fwAD.dual_level():
            o1, o2 = FuncWrong.apply(fwAD.make_dual(x.clone().requires_grad_(rg), x_tangent), y)
            r += [_tangent(o1), _tangent(o2), o2.requires_grad]

    class Func3(Function):
        @staticmethod
        def forward(ctx, x):
            return x.clone(), "bar", x.clone()

        @staticmethod
        def jvp(ctx, x_tangent):
            return x_tangent, None, x_tangent

    with fwAD.dual_level():
        o1, o2, o3 = Func3.apply(fwAD.make_dual(x, x_tangent))
        r += [_tangent(o1), o2, _tangent(o3)]
    return r


@_owned
def custom_function_mark_dirty_not_differentiable(z0):
    out = []
    for requires_grad in (True, False):
        for jvp_err in (True, False):
            class InplaceMul(Function):
                @staticmethod
                def forward(ctx, x):
                    result = x.mul_(2)
                    ctx.mark_dirty(result)
                    return result

                @staticmethod
                def backward(ctx, grad_output):
                    pass

                @staticmethod
                def jvp(ctx, x_t):
                    return x_t if jvp_err else x_t.mul_(2)

            z = z0.clone().requires_grad_(requires_grad)
            x = z.clone()
            y = InplaceMul.apply(x)
            r = [requires_grad, jvp_err, x is y, x]
            with fwAD.dual_level():
                x_tangent = torch.ones_like(x)
                x_dual = fwAD.make_dual(x, x_tangent)
                try:
                    o = InplaceMul.apply(x_dual)
                    r += [o is x_dual, _tangent(o) is x_tangent, x_tangent, fwAD.unpack_dual(o)[0]]
                except Exception as e:
                    r.append([type(e).__name__, str(e)])
            out.append(r)
    return out


@_owned
def function_jvp_checks(x, t):
    """Errors and modes around a Function's jvp, beyond the upstream cases."""
    r = []
    glob = {}

    def modes():
        return [torch.is_grad_enabled(), _tangent(glob["d"] * 1) is not None]

    class Modes(Function):
        @staticmethod
        def forward(ctx, a):
            r.append(["forward"] + modes())
            return a * 2

        @staticmethod
        def backward(ctx, g):
            return g * 2

        @staticmethod
        def jvp(ctx, at):
            r.append(["jvp"] + modes())
            return at * 2

    class Count(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2, a * 3

        @staticmethod
        def jvp(ctx, at):
            return at * 2

    class NotTensor(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def jvp(ctx, at):
            return 3

    class Materialize(Function):
        @staticmethod
        def forward(ctx, a, b):
            ctx.set_materialize_grads(False)
            return a * b

        @staticmethod
        def jvp(ctx, at, bt):
            r.append([at is None, bt is None])
            return at * 2

    class Zeros(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a * b

        @staticmethod
        def jvp(ctx, at, bt):
            r.append([at is None, bt])
            return at * 2

    class SaveNonTensor(Function):
        @staticmethod
        def forward(ctx, a):
            ctx.save_for_forward(a, 3)
            return a * 2

        @staticmethod
        def jvp(ctx, at):
            return at

    class Shape(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def jvp(ctx, at):
            return torch.ones(5, dtype=at.dtype)

    class ViewThenOut(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a.narrow(0, 0, 2), b * 2

        @staticmethod
        def jvp(ctx, at, bt):
            return at.narrow(0, 0, 2), bt * 2

    with fwAD.dual_level():
        d = fwAD.make_dual(x, t)
        glob["d"] = d
        Modes.apply(d)
        with torch.no_grad():
            Modes.apply(d)
        r.append(_err(lambda: Count.apply(d)))
        r.append(_err(lambda: NotTensor.apply(d)))
        r.append(_tangent(Materialize.apply(d, x)))
        r.append(_tangent(Zeros.apply(d, x)))
        r.append(_err(lambda: SaveNonTensor.apply(d)))
        r.append(_err(lambda: Shape.apply(d)))
        # An output that is a view of an input without a tangent: 1.13 gives that view (and so the input)
        # a tangent and stops there, leaving the later outputs without one.
        plain = x.clone()
        o1, o2 = ViewThenOut.apply(plain, d)
        r += [_tangent(o1), _tangent(o2) is None, _tangent(plain)]
        # No input with a tangent: jvp is not called.
        r.append(_tangent(Modes.apply(x)) is None)
    return r


# ---- gradcheck(check_forward_ad=True)


@_owned
def gradcheck_forward_ad(x, y, xc, yc):
    def fn(a, b):
        return a + b, b

    def bad_fn(a, b):
        if fwAD._current_level >= 0:
            p, tg = fwAD.unpack_dual(b)
            b = fwAD.make_dual(p, tg * 1.1)
        return a + b, b

    def basic_mul(a):
        return torch.view_as_real(torch.resolve_conj(a * 1j))

    out = []
    x, y, xc, yc = (v.clone().requires_grad_() for v in (x, y, xc, yc))
    for fast_mode in (True, False):
        for a, b in ((x, y), (xc, y), (xc, yc)):
            out.append(_gc_err(lambda: gradcheck(fn, (a, b), check_forward_ad=True, fast_mode=fast_mode)))
            out.append(_gc_err(lambda: gradcheck(bad_fn, (a, b), check_forward_ad=True, fast_mode=False)))
        out.append(_gc_err(lambda: gradcheck(basic_mul, x, check_forward_ad=True, fast_mode=fast_mode)))
    out.append(gradcheck(bad_fn, (x, y), check_forward_ad=True, raise_exception=False))
    return out


@_owned
def gradcheck_forward_ad_runs_with_no_requires_grad(x, y, x2, y2):
    seen = []

    class UserFn(Function):
        @staticmethod
        def forward(ctx, a, b):
            if fwAD._current_level >= 0:
                seen.append([a.requires_grad, b.requires_grad])
            return a.clone(), b.clone()

        @staticmethod
        def jvp(ctx, a_t, b_t):
            return a_t, b_t

    x, y = x.clone().requires_grad_(), y.clone().requires_grad_()
    r = []
    for undefined, batched in ((False, False), (True, False), (True, True)):
        r.append(gradcheck(UserFn.apply, (x, y), check_forward_ad=True, check_undefined_grad=undefined,
                           check_backward_ad=False, check_batched_grad=False, check_batched_forward_grad=batched))
    x2, y2 = x2.clone().requires_grad_(), y2.clone()
    r.append(gradcheck(UserFn.apply, (x2, y2), check_forward_ad=True, check_undefined_grad=True,
                       check_backward_ad=False, check_batched_grad=False, check_batched_forward_grad=True))
    return r + [len(seen), any(any(s) for s in seen)]


@_owned
def gradcheck_forward_ad_respects_requires_grad(x, y, x2, y2):
    count = [0]

    class UserFn(Function):
        @staticmethod
        def forward(ctx, a, b):
            return a.clone(), b.clone()

        @staticmethod
        def jvp(ctx, a_t, b_t):
            count[0] += 1
            return a_t, b_t

    r = []
    xr, yr = x.clone().requires_grad_(), y.clone().requires_grad_()
    for undefined, batched in ((False, False), (True, False), (True, True)):
        count[0] = 0
        gradcheck(UserFn.apply, (xr, yr), check_forward_ad=True, check_undefined_grad=undefined,
                  check_backward_ad=False, check_batched_grad=False, check_batched_forward_grad=batched)
        r.append(count[0])
    # One input requiring grad: half the counts, and one undefined-tangent run instead of two.
    count[0] = 0
    gradcheck(UserFn.apply, (x2.clone().requires_grad_(), y2.clone()), check_forward_ad=True,
              check_undefined_grad=True, check_backward_ad=False, check_batched_grad=False,
              check_batched_forward_grad=True)
    r.append(count[0])
    return r


@_owned
def gradcheck_check_forward_or_backward_only(x):
    class UserFn(Function):
        @staticmethod
        def forward(ctx, foo, fwd_bad, bwd_bad):
            ctx.fwd_bad = fwd_bad
            ctx.bwd_bad = bwd_bad
            return foo * 2

        @staticmethod
        def vjp(ctx, gO):
            if ctx.bwd_bad:
                raise RuntimeError("FAIL BWD")
            return 2 * gO, None, None

        @staticmethod
        def jvp(ctx, gI, _1, _2):
            if ctx.fwd_bad:
                raise RuntimeError("FAIL FWD")
            return 2 * gI

    x = x.clone().requires_grad_()
    out = []
    for fwd in (True, False):
        for bwd in (True, False):
            for fwd_bad in (True, False):
                for bwd_bad in (True, False):
                    out.append(_err(lambda: gradcheck(UserFn.apply, (x, fwd_bad, bwd_bad), check_forward_ad=fwd,
                                                      check_backward_ad=bwd, check_undefined_grad=bwd,
                                                      check_batched_grad=bwd)))
    return out


@_owned
def gradcheck_forward_ad_batched_grad(x):
    """test_gradcheck_forward_ad_batched_grad (a later upstream test; 1.13 behaves as it expects)."""
    x = x.clone().requires_grad_()
    kw = dict(check_forward_ad=True, check_backward_ad=False, check_batched_grad=False, check_undefined_grad=False,
              check_batched_forward_grad=True)
    r = [_gc_err(lambda: gradcheck(lambda a, b: (a.clone(), a + 1), (x, 1), **kw)),
         _gc_err(lambda: gradcheck(lambda a, c: a.clone(), (x, x.clone()), **kw))]

    class Fn(Function):
        @staticmethod
        def forward(ctx, foo):
            return foo * 2

        @staticmethod
        def vjp(ctx, gO):
            return gO * 2

        @staticmethod
        def jvp(ctx, gI):
            torch.randn_like(gI)
            return gI * 2

    r.append(_gc_err(lambda: gradcheck(Fn.apply, (x,), check_forward_ad=True, check_batched_forward_grad=True)))
    return r


def _fallback_warnings(w):
    import re
    return [re.sub(r"\s*\(Triggered internally at .*$", "", str(m.message), flags=re.S) for m in w
            if str(m.message).startswith("There is a performance drop")]


@_owned
def batched_forward_grad_checks(x, idx, seed):
    """check_batched_forward_grad on a jvp that is wrong for its vmapped call, on a jvp with a view operator
    that has no batching rule, and on one that runs through vmap's fallback (warnings on: forward mode
    does not silence them)."""
    import warnings
    calls = [0]

    class LateWrong(Function):
        @staticmethod
        def forward(ctx, a):
            return a * 2

        @staticmethod
        def vjp(ctx, g):
            return g * 2

        @staticmethod
        def jvp(ctx, t):
            # x has 3 elements: 3 calls for the Jacobian, 2 for the one-at-a-time products, then the vmapped one.
            calls[0] += 1
            return t * (3 if calls[0] >= 6 else 2)

    class Swap(Function):
        @staticmethod
        def forward(ctx, a):
            return a.swapaxes(0, 1).clone()

        @staticmethod
        def vjp(ctx, g):
            return g.swapaxes(0, 1)

        @staticmethod
        def jvp(ctx, t):
            return t.swapaxes(0, 1)

    kw = dict(check_forward_ad=True, check_backward_ad=False, check_undefined_grad=False)
    x1 = x[0].clone().requires_grad_()
    out = []
    for batched in (False, True):
        calls[0] = 0
        torch.manual_seed(seed)
        out.append(_gc_err(lambda: gradcheck(LateWrong.apply, (x1,), check_batched_forward_grad=batched, **kw)))
    x2 = x.clone().requires_grad_()
    out.append([_gc_err(lambda: gradcheck(Swap.apply, (x2,), check_batched_forward_grad=b, **kw)) for b in (False, True)])
    prev = torch._C._debug_only_are_vmap_fallback_warnings_enabled()
    torch._C._debug_only_display_vmap_fallback_warnings(True)
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            out.append(gradcheck(lambda t: t.index_select(0, idx), (x2,), check_batched_forward_grad=True, **kw))
        out.append(_fallback_warnings(w))
    finally:
        torch._C._debug_only_display_vmap_fallback_warnings(prev)
    return out


@_owned
def gradcheck_forward_ad_undefined(x, y):
    """_test_undefined_forward_mode: a jvp that treats an undefined tangent (None, with
    set_materialize_grads(False)) differently from a zero one fails it."""
    class Uneven(Function):
        @staticmethod
        def forward(ctx, a, b):
            ctx.set_materialize_grads(False)
            ctx.save_for_forward(a, b)
            return a * b

        @staticmethod
        def vjp(ctx, g):
            return g, g

        @staticmethod
        def jvp(ctx, at, bt):
            a, b = ctx.saved_tensors
            # Right for two tangents; an undefined one counts as 1 instead of 0.
            return (at * b if at is not None else 1) + (a * bt if bt is not None else 1)

    x, y = x.clone().requires_grad_(), y.clone().requires_grad_()
    return [_gc_err(lambda: gradcheck(Uneven.apply, (x, y), check_forward_ad=True, check_backward_ad=False)),
            _gc_err(lambda: gradcheck(Uneven.apply, (x, y), check_forward_ad=True, check_backward_ad=False,
                                      check_undefined_grad=False))]


@_owned
def gradgradcheck_fwd_over_rev(x, g):
    """gradgradcheck(check_fwd_over_rev=True): forward-mode AD over the gradients. Square's backward
    goes through Twice, whose jvp is 1.5 times too large when `bad`: forward-over-reverse sees it,
    reverse-over-reverse does not."""
    class Twice(Function):
        @staticmethod
        def forward(ctx, gO, bad):
            ctx.bad = bad
            return gO * 2

        @staticmethod
        def vjp(ctx, gg):
            return gg * 2, None

        @staticmethod
        def jvp(ctx, t, _):
            return t * (3 if ctx.bad else 2)

    class Square(Function):
        @staticmethod
        def forward(ctx, a, bad):
            ctx.save_for_backward(a)
            ctx.save_for_forward(a)
            ctx.bad = bad
            return a * a

        @staticmethod
        def vjp(ctx, gO):
            a, = ctx.saved_tensors
            return Twice.apply(gO, ctx.bad) * a, None

        @staticmethod
        def jvp(ctx, t, _):
            a, = ctx.saved_tensors
            return 2 * a * t

    x = x.clone().requires_grad_()
    g = g.clone().requires_grad_()
    out = [gradgradcheck(lambda t: t.sin() * t, (x,), (g,), check_fwd_over_rev=True)]
    for bad in (False, True):
        for fwd, rev in ((True, False), (False, True), (True, True)):
            out.append(_gc_err(lambda: gradgradcheck(lambda t: Square.apply(t, bad), (x,), (g,),
                                                     check_fwd_over_rev=fwd, check_rev_over_rev=rev,
                                                     check_undefined_grad=rev)))
    out.append(_err(lambda: gradgradcheck(lambda t: t * t, (x,), (g,), check_fwd_over_rev=True,
                                          check_rev_over_rev=False)))
    return out
