# PyTorch side of test/upstream/test_autograd_functional.test.ts: PyTorch 1.13's TestAutogradFunctional
# (test/autograd/test_functional.py), base_tensor variants. Each function runs one upstream test on the
# inputs torchts generated and returns what the test looks at: results, grad_fn is None flags, errors
# as [class name, first message line], gradcheck/gradgradcheck outcomes.
import torch
import torch.autograd.functional as autogradF
from torch.autograd import gradcheck, gradgradcheck


def _err(f):
    try:
        f()
    except Exception as e:  # noqa: BLE001 - the class name is part of what is compared
        return [type(e).__name__, str(e).split("\n")[0]]
    return None


def _none(t):
    return t.grad_fn is None


# The functions upstream's tests differentiate, written once; the TS file has the same ones.
def narrow3(a):
    return 3 * a.narrow(0, 0, 3)


def narrow3_str(a):
    return 3 * a.narrow(0, 0, 3), "bar"


def narrow3_exp_sum(a):
    return 3 * a.narrow(0, 0, 3).exp().sum()


def narrow3_pair(a):
    return 3 * a.narrow(0, 0, 3), 3 * a.narrow(0, 0, 3)


def narrow_prod_sum(a, b):
    return (3 * b.narrow(0, 0, 3) * a.narrow(0, 0, 3)).sum()


def detached(a):
    return a.detach()


def disconnected(a):
    # A non-leaf Tensor that requires_grad but is not connected to the input
    return a.long().float().requires_grad_().clone()


def cloned(a):
    return a.clone()


def reducer_dim1(x):
    return x.sum(dim=1)


def reducer(x):
    return x.sum()


def exp_sum(x):
    return x.exp().sum()


def expander(x):
    return x.unsqueeze(0).repeat(4)


def adder(x, y):
    return 2 * x + 3 * y


def adder2(x, y):
    return 2 * x + 3 * y, x + y


def adder_mul(x, y):
    return 2 * x + 3 * y, x * y


def exp_reducer(x):
    return x.exp().sum(dim=1)


def add_exp_reducer(x, y):
    return (x + y.exp()).sum(dim=1)


def add_exp_reducer2(x, y):
    return (x + y).exp().sum(dim=1)


def b_then_narrow(a, b):
    return b, 3 * a.narrow(0, 0, 3)


def pow_reducer(x):
    return x.pow(3).sum()


def add_pow_reducer(x, y):
    return (x + y).pow(3).sum()


def bad_reducer(x):
    return x.sum().view(1, 1, 1)


def bad_exp_reducer(x):
    return x.exp().sum().view(1, 1, 1)


def narrow_exp_bar(a, b):
    return (a + 3 * b.narrow(0, 0, 3)).exp().sum()


def detached_sum(a):
    return a.detach().sum()


def disconnected_sum(a):
    return a.long().float().requires_grad_().clone().sum()


def linear_sum(a):
    # A Linear function for which the jacobian is independent of the input
    return (3 * a).sum()


def cube_plus_sum(x):
    return x ** 3 + x.sum()


# ---- vjp / jvp ----

def err_check(api, inp, v):
    """test_vjp_err_check / test_jvp_err_check."""
    f = getattr(autogradF, api)
    pair = (torch.ones_like(inp), torch.ones_like(inp)) if api == "vjp" else (v, v)
    return {
        "inputs": _err(lambda: f(narrow3, (inp, 2), v)),
        "outputs": _err(lambda: f(narrow3_str, inp, v)),
        "v_none": _err(lambda: f(narrow3, inp)),
        "v_tuple": _err(lambda: f(narrow3, inp, pair)),
        "v_size": _err(lambda: f(narrow3, inp, v[:2])),
        "res": f(narrow3, inp, v)[1],
    }


def err_check_strict(api, inp, v):
    """test_vjp_err_check_strict / test_jvp_err_check_strict."""
    f = getattr(autogradF, api)
    out = {
        "detached_strict": _err(lambda: f(detached, inp, v, strict=True)),
        "detached": list(f(detached, inp, v, strict=False)),
        "disconnected_strict": _err(lambda: f(disconnected, inp, v, strict=True)),
        "disconnected": list(f(disconnected, inp, v, strict=False)),
    }
    inp = inp.clone().requires_grad_()
    out["linear_strict"] = _err(lambda: f(cloned, inp, v, create_graph=True, strict=True))
    out["linear"] = f(cloned, inp, v, create_graph=True, strict=False)[1]
    return out


def no_grad(api, inputs, v):
    """test_vjp_no_grad / test_jvp_no_grad / test_vhp_no_grad / test_hvp_no_grad."""
    f = getattr(autogradF, api)
    fn = reducer_dim1 if api in ("vjp", "jvp") else exp_sum
    with torch.no_grad():
        res = f(fn, inputs, v)
    out = {"plain": [list(res), _none(res[0]), _none(res[1])]}
    if api in ("vjp", "jvp"):
        inputs = inputs.clone().requires_grad_()
        v = v.clone().requires_grad_()
    with torch.no_grad():
        res = f(fn, inputs, v, create_graph=True)
    out["create_graph"] = [list(res), _none(res[0]), _none(res[1])]
    return out


def output(api, x, a, b, c, d):
    """test_vjp_output / test_jvp_output."""
    f = getattr(autogradF, api)
    res = f(reducer_dim1, x, torch.ones(4) if api == "vjp" else torch.ones(4, 4))
    out = {"reducer": [list(res), _none(res[0]), _none(res[1])]}
    o, val = f(adder, (a, b), torch.ones(2) if api == "vjp" else (torch.ones(2), torch.ones(2)))
    # jvp gives one Tensor here (like the output): upstream's val[0] / val[1] index its elements
    out["adder"] = [[o, val if isinstance(val, torch.Tensor) else list(val)], _none(o), _none(val[0]), _none(val[1])]
    t = (torch.tensor([1.0, 0.0]), torch.tensor([1.0, 0.0]))
    o, val = f(adder2, (c, d), t)
    out["adder2"] = [[list(o), list(val)], _none(o[0]), _none(o[1]), _none(val[0]), _none(val[1])]
    return out


def vjp_scalar(x, s):
    return {
        "reducer": list(autogradF.vjp(reducer, x, torch.ones([]))),
        "reducer_no_v": list(autogradF.vjp(reducer, x)),
        "expander": list(autogradF.vjp(expander, s, torch.ones(4))),
    }


def jvp_scalar(x, s):
    return {
        "reducer": list(autogradF.jvp(reducer, x, torch.ones(4, 4))),
        "expander": list(autogradF.jvp(expander, s, torch.ones([]))),
        "expander_no_v": list(autogradF.jvp(expander, s)),
    }


def create_graph(api, inputs, v, a, b):
    """test_vjp_create_graph / test_jvp_create_graph (float64)."""
    f = getattr(autogradF, api)
    inputs = inputs.clone().requires_grad_()
    v = v.clone().requires_grad_()
    res = f(reducer_dim1, inputs, v, create_graph=True)
    out = {"single": [list(res), _none(res[0]), _none(res[1])]}
    if api == "vjp":  # upstream's lambda closes over `inputs` for vjp, takes `inp` for jvp
        g1 = lambda inp, v: autogradF.vjp(reducer_dim1, inputs, v, create_graph=True)  # noqa: E731
    else:
        g1 = lambda inp, v: autogradF.jvp(reducer_dim1, inp, v, create_graph=True)  # noqa: E731
    out["single_checks"] = [gradcheck(g1, (inputs, v)), gradgradcheck(g1, (inputs, v))]
    inputs = (a.clone().requires_grad_(), b.clone().requires_grad_())
    v = (torch.tensor([1.0, 0.0], dtype=torch.double, requires_grad=True),
         torch.tensor([1.0, 0.0], dtype=torch.double, requires_grad=True))
    g2 = lambda *args: f(adder_mul, args[:2], args[2:], create_graph=True)[1]  # noqa: E731
    out["multi"] = [list(x) for x in f(adder_mul, inputs, v, create_graph=True)]
    out["multi_checks"] = [gradcheck(g2, inputs + v), gradgradcheck(g2, inputs + v)]

    def foo(*args):
        x, y = args[:2]
        v = args[2:]
        x = x.cos()
        val, grad = f(adder_mul, (x, y), v, create_graph=True)
        return val[0].exp() + val[1].exp() + grad[0].exp() + grad[1].exp() + x.exp() + y.exp()

    args = inputs + v
    foo(*args).sum().backward()
    out["foo_grads"] = [t.grad for t in args]
    out["foo_checks"] = [gradcheck(foo, inputs + v), gradgradcheck(foo, inputs + v)]
    return out


# ---- jacobian ----

def jacobian_err_check(vectorize, inp, a, b):
    return {
        "inputs": _err(lambda: autogradF.jacobian(narrow3, (inp, 2), vectorize=vectorize)),
        "outputs": _err(lambda: autogradF.jacobian(narrow3_str, inp, vectorize=vectorize)),
        "single": autogradF.jacobian(narrow3, inp, vectorize=vectorize),
        "multi": [list(r) for r in autogradF.jacobian(b_then_narrow, (a, b), vectorize=vectorize)],
    }


def jacobian_err_check_strict(inp):
    out = {
        "detached_strict": _err(lambda: autogradF.jacobian(detached, inp, strict=True)),
        "detached": autogradF.jacobian(detached, inp, strict=False),
        "disconnected_strict": _err(lambda: autogradF.jacobian(disconnected, inp, strict=True)),
        "disconnected": autogradF.jacobian(disconnected, inp, strict=False),
    }
    inp = inp.clone().requires_grad_()
    out["linear_strict"] = _err(lambda: autogradF.jacobian(cloned, inp, create_graph=True, strict=True))
    out["linear"] = autogradF.jacobian(cloned, inp, create_graph=True, strict=False)
    return out


def strict_vectorize(api, inp):
    """test_jacobian_err_check_strict_vectorize / test_hessian_err_check_strict_vectorize."""
    if api == "jacobian":
        return _err(lambda: autogradF.jacobian(lambda x: x, inp, strict=True, vectorize=True))
    return _err(lambda: autogradF.hessian(lambda x: (x ** 3).sum(), inp, strict=True, vectorize=True))


def jacobian_no_grad(inputs):
    with torch.no_grad():
        r1 = autogradF.jacobian(exp_reducer, inputs)
    with torch.no_grad():
        r2 = autogradF.jacobian(exp_reducer, inputs, create_graph=True)
    return {"plain": [r1, _none(r1)], "create_graph": [r2, _none(r2)]}


def jacobian_output(vectorize, x, y, a, b):
    r1 = autogradF.jacobian(exp_reducer, x, vectorize=vectorize)
    r2 = autogradF.jacobian(cloned, y, vectorize=vectorize)
    r3 = autogradF.jacobian(add_exp_reducer, (a, b), vectorize=vectorize)
    return {
        "exp_reducer": [r1, _none(r1)],
        "identity": [r2, _none(r2), bool(torch.equal(r2, torch.eye(4)))],
        "add_exp_reducer": [list(r3), _none(r3[0]), _none(r3[1])],
    }


def jacobian_scalar(vectorize, x, s):
    return {
        "reducer": autogradF.jacobian(reducer, x, vectorize=vectorize),
        "expander": autogradF.jacobian(expander, s, vectorize=vectorize),
    }


def jacobian_create_graph(vectorize, x, a, b):
    inputs = x.clone().requires_grad_()
    res = autogradF.jacobian(exp_reducer, inputs, create_graph=True, vectorize=vectorize)
    out = {"single": [res, _none(res)]}
    g1 = lambda inp: autogradF.jacobian(exp_reducer, inp, create_graph=True, vectorize=vectorize)  # noqa: E731
    out["single_checks"] = [gradcheck(g1, inputs), gradgradcheck(g1, inputs)]
    inputs = (a.clone().requires_grad_(), b.clone().requires_grad_())
    res = autogradF.jacobian(add_exp_reducer2, inputs, create_graph=True, vectorize=vectorize)
    out["multi"] = [list(res), _none(res[0]), _none(res[1])]
    g2 = lambda *inp: autogradF.jacobian(add_exp_reducer2, inp, create_graph=True, vectorize=vectorize)  # noqa: E731
    out["multi_checks"] = [gradcheck(g2, inputs), gradgradcheck(g2, inputs)]

    def foo(x, y):
        x = x.cos()
        val, jac = autogradF.jacobian(add_exp_reducer2, (x, y), create_graph=True, vectorize=vectorize)
        res = val[0].exp().sum() + val[1].exp().sum() + jac[0].exp().sum()
        res = res + jac[1].exp().sum() + x.exp().sum() + y.exp().sum()
        return res

    foo(*inputs).backward()
    out["foo_grads"] = [t.grad for t in inputs]
    out["foo_checks"] = [gradcheck(foo, inputs), gradgradcheck(foo, inputs)]
    return out


def _struct(r):
    if isinstance(r, tuple):
        return [_struct(e) for e in r]
    return r


def _jac_both(f, inputs, test_forward_ad=True):
    """_check_jacobian_vectorize_correctness: vectorize=False, vectorize=True, and (test_forward_ad)
    strategy="forward-mode" with vectorize=True."""
    out = [_struct(autogradF.jacobian(f, inputs, vectorize=False)), _struct(autogradF.jacobian(f, inputs, vectorize=True))]
    if test_forward_ad:
        out.append(_struct(autogradF.jacobian(f, inputs, strategy="forward-mode", vectorize=True)))
    return out


def jacobian_vectorize_correctness(case, **t):
    if case == "simple":
        return _jac_both(lambda x: 3 * x ** 2, t["x"])
    if case == "multi_input":
        return _jac_both(lambda x, y: (x.cos() * x) @ y.sin(), (t["x"], t["y"]))
    if case == "multi_input_multi_output":
        return _jac_both(lambda x, y: ((x * x) @ y, x @ (x.sum(1) * y), y.sum()), (t["x"], t["y"]))
    if case == "unrelated_outputs":
        return _jac_both(lambda x, y: (x, y, x, y), (t["x"], t["y"]))
    if case == "zero_dim":
        return [
            _jac_both(lambda x, y: (x.sum(), y.sum(), x * y), (t["x"], t["y"])),
            _jac_both(lambda x: torch.stack([x, x, x]), t["s"]),
            _jac_both(lambda x, y: (y.sum(), x * y), (t["s"], t["y1"])),
        ]
    if case == "different_dtype":
        return _jac_both(lambda x, y: ((x * y).float(), (x * y).double()), (t["x"], t["y"]), test_forward_ad=False)
    raise ValueError(case)


def forward_mode(x, inp):
    """jacobian/hessian with strategy="forward-mode": 1.13's checks, errors and results."""
    fwd = dict(strategy="forward-mode", vectorize=True)
    hfwd = dict(outer_jacobian_strategy="forward-mode", vectorize=True)
    xr = x.clone().requires_grad_()
    jac = autogradF.jacobian(exp_reducer, xr, **fwd)
    hes = autogradF.hessian(pow_reducer, x, **hfwd)
    return {
        "fwd_result": [jac, _none(jac), xr.requires_grad],
        "hessian_fwd_result": [hes, _none(hes), x.requires_grad],
        "fwd_bad_output": _err(lambda: autogradF.jacobian(narrow3_str, inp, **fwd)),
        "fwd_int_input": _err(lambda: autogradF.jacobian(cloned, x.long(), **fwd)),
        "hessian_fwd_create_graph": _err(lambda: autogradF.hessian(pow_reducer, x, create_graph=True, **hfwd)),
        "hessian_fwd_strict": _err(lambda: autogradF.hessian(pow_reducer, x, strict=True, **hfwd)),
        "bad_strategy": _err(lambda: autogradF.jacobian(exp_reducer, x, strategy="sideways")),
        "create_graph": _err(lambda: autogradF.jacobian(exp_reducer, x, create_graph=True, strategy="forward-mode")),
        "strict": _err(lambda: autogradF.jacobian(exp_reducer, x, strict=True, strategy="forward-mode")),
        "no_vectorize": _err(lambda: autogradF.jacobian(exp_reducer, x, strategy="forward-mode")),
        "hessian_bad_strategy": _err(lambda: autogradF.hessian(pow_reducer, x, outer_jacobian_strategy="sideways")),
        "hessian_no_vectorize": _err(lambda: autogradF.hessian(pow_reducer, x, outer_jacobian_strategy="forward-mode")),
    }


# ---- hessian ----

def _hess_both(f, inputs):
    """_check_hessian_vectorize_correctness: vectorize=False, vectorize=True, and
    outer_jacobian_strategy="forward-mode" with vectorize=True."""
    return [_struct(autogradF.hessian(f, inputs, vectorize=False)), _struct(autogradF.hessian(f, inputs, vectorize=True)),
            _struct(autogradF.hessian(f, inputs, outer_jacobian_strategy="forward-mode", vectorize=True))]


def hessian_vectorize_correctness(case, **t):
    if case == "simple":
        return _hess_both(lambda x: (3 * x ** 2).sum(), t["x"])
    if case == "multi_input":
        return _hess_both(lambda x, y, z: ((x.relu() * x) @ y.sin() @ z).sum(), (t["x"], t["y"], t["z"]))
    if case == "unrelated_outputs":
        return [
            _hess_both(lambda x, y: (x ** 2).sum(), (t["x"], t["y"])),
            _hess_both(lambda x, y: torch.ones([]), (t["x"], t["y"])),
        ]
    raise ValueError(case)


def hessian_err_check(vectorize, inp, a, b):
    return {
        "inputs": _err(lambda: autogradF.hessian(narrow3_exp_sum, (inp, 2), vectorize=vectorize)),
        "outputs": _err(lambda: autogradF.hessian(narrow3_str, inp, vectorize=vectorize)),
        "single_element": _err(lambda: autogradF.hessian(narrow3, inp, vectorize=vectorize)),
        "single_tensor": _err(lambda: autogradF.hessian(narrow3_pair, inp, vectorize=vectorize)),
        "single": autogradF.hessian(narrow3_exp_sum, inp, vectorize=vectorize),
        "multi": [list(r) for r in autogradF.hessian(narrow_prod_sum, (a, b), vectorize=vectorize)],
    }


def hp_err_check_strict(api, inp, v):
    """test_hessian/vhp/hvp_err_check_strict."""
    f = getattr(autogradF, api)
    args = () if api == "hessian" else (v,)

    def r(fn, strict):
        res = f(fn, inp, *args, strict=strict)
        return res if api == "hessian" else list(res)

    return {
        "detached_strict": _err(lambda: r(detached_sum, True)),
        "detached": r(detached_sum, False),
        "disconnected_strict": _err(lambda: r(disconnected_sum, True)),
        "disconnected": r(disconnected_sum, False),
        "linear_strict": _err(lambda: r(linear_sum, True)),
        "linear": r(linear_sum, False),
    }


def hessian_no_grad(inputs):
    with torch.no_grad():
        r1 = autogradF.hessian(pow_reducer, inputs)
    with torch.no_grad():
        r2 = autogradF.hessian(pow_reducer, inputs, create_graph=True)
    return {
        "plain": [r1, [_none(r1[i][j]) for i in range(2) for j in range(2)]],
        "create_graph": [r2, [_none(r2[i][j]) for i in range(2) for j in range(2)]],
    }


def hessian_output(vectorize, x, a, b):
    r1 = autogradF.hessian(pow_reducer, x, vectorize=vectorize)
    r2 = autogradF.hessian(add_pow_reducer, (a, b), vectorize=vectorize)
    return {
        "pow_reducer": [r1, _none(r1)],
        "add_pow_reducer": [[list(r) for r in r2], [_none(r2[i][j]) for i in range(2) for j in range(2)]],
    }


def hessian_scalar(vectorize, x, s, y):
    return {
        "reducer": autogradF.hessian(reducer, x, vectorize=vectorize),
        "zero_dim": autogradF.hessian(reducer, s, vectorize=vectorize),
        "bad_reducer": autogradF.hessian(bad_reducer, y, vectorize=vectorize),
    }


def hessian_create_graph(vectorize, x, a, b):
    inputs = x.clone().requires_grad_()
    res = autogradF.hessian(pow_reducer, inputs, create_graph=True, vectorize=vectorize)
    out = {"single": [res, _none(res)]}
    g1 = lambda inp: autogradF.hessian(pow_reducer, inp, create_graph=True, vectorize=vectorize)  # noqa: E731
    out["single_checks"] = [gradcheck(g1, inputs), gradgradcheck(g1, inputs)]
    inputs = (a.clone().requires_grad_(), b.clone().requires_grad_())
    res = autogradF.hessian(add_pow_reducer, inputs, create_graph=True, vectorize=vectorize)
    out["multi"] = [[list(r) for r in res], [_none(res[i][j]) for i in range(2) for j in range(2)]]

    def flatten(inp):
        return tuple(el_lvl2 for el_lvl1 in inp for el_lvl2 in el_lvl1)

    g2 = lambda *inp: flatten(autogradF.hessian(add_pow_reducer, inp, create_graph=True, vectorize=vectorize))  # noqa: E731
    out["multi_checks"] = [gradcheck(g2, inputs), gradgradcheck(g2, inputs)]

    def foo(x, y):
        x = x.cos()
        val, hess = autogradF.hessian(add_pow_reducer, (x, y), create_graph=True, vectorize=vectorize)
        res = val[0].cos().sum() + val[1].cos().sum() + hess[0].cos().sum()
        res = res + hess[1].cos().sum() + x.cos().sum() + y.cos().sum()
        return res

    foo(*inputs).backward()
    out["foo_grads"] = [t.grad for t in inputs]
    out["foo_checks"] = [gradcheck(foo, inputs), gradgradcheck(foo, inputs)]
    return out


# ---- vhp / hvp ----

def hp_err_check(api, inp, v, v5, a, b, va, vb):
    f = getattr(autogradF, api)
    return {
        "inputs": _err(lambda: f(narrow3_exp_sum, (inp, 2), v)),
        "outputs": _err(lambda: f(narrow3_str, inp, v)),
        "single_element": _err(lambda: f(narrow3, inp, v)),
        "v_size": _err(lambda: f(narrow3_exp_sum, inp, v5)),
        "v_type": _err(lambda: f(narrow3_exp_sum, inp, (v, 2))),
        "single": list(f(narrow3_exp_sum, inp, v)),
        "multi": [x if isinstance(x, torch.Tensor) else list(x) for x in f(narrow_prod_sum, (a, b), (va, vb))],
    }


def hp_output(api, x, a, b):
    f = getattr(autogradF, api)
    res = f(narrow3_exp_sum, x, torch.ones(4, 4))
    o, val = f(narrow_exp_bar, (a, b), (torch.ones(3), torch.ones(4)))
    return {
        "single": [list(res), _none(res[0]), _none(res[1])],
        "multi": [[o, list(val)], _none(o), _none(val[0]), _none(val[1])],
    }


def hp_scalar(api, x, s, vs, y, vy):
    f = getattr(autogradF, api)
    fn = reducer if api == "vhp" else exp_sum
    bad = bad_reducer if api == "vhp" else bad_exp_reducer
    return {
        "reducer": list(f(fn, x, torch.ones(4, 4))),
        "zero_dim": list(f(fn, s, vs)),
        "zero_dim_no_v": list(f(fn, s)),
        "bad_reducer": list(f(bad, y, vy)),
    }


def hp_create_graph(api, x, a, b):
    f = getattr(autogradF, api)
    inputs = x.clone().requires_grad_()
    v = torch.ones(4, 4, dtype=torch.double, requires_grad=True)
    res = f(narrow3_exp_sum, inputs, v, create_graph=True)
    out = {"single": [list(res), _none(res[0]), _none(res[1])]}
    g1 = lambda inp, v: f(narrow3_exp_sum, inp, v, create_graph=True)  # noqa: E731
    out["single_checks"] = [gradcheck(g1, (inputs, v)), gradgradcheck(g1, (inputs, v))]
    inputs = (a.clone().requires_grad_(), b.clone().requires_grad_())
    v = (torch.ones(3, dtype=torch.double, requires_grad=True), torch.ones(4, dtype=torch.double, requires_grad=True))
    o, val = f(narrow_exp_bar, inputs, v, create_graph=True)
    out["multi"] = [[o, list(val)], _none(o), _none(val[0]), _none(val[1])]
    g2 = lambda *args: f(narrow_exp_bar, args[:2], args[2:], create_graph=True)[1]  # noqa: E731
    out["multi_checks"] = [gradcheck(g2, inputs + v), gradgradcheck(g2, inputs + v)]

    def foo(*args):
        x, y = args[:2]
        v = args[2:]
        x = x.cos()
        val, grad = f(narrow_exp_bar, (x, y), v, create_graph=True)
        return val.cos() + grad[0].cos().sum() + grad[1].cos() + x.cos().sum() + y.cos()

    args = inputs + v
    foo(*args).sum().backward()
    out["foo_grads"] = [t.grad for t in args]
    out["foo_checks"] = [gradcheck(foo, inputs + v), gradgradcheck(foo, inputs + v)]
    return out


# ---- consistency ----

def jacobian_match_vjp_jvp(inputs, v):
    jac = autogradF.jacobian(cube_plus_sum, inputs)
    jvp = autogradF.jvp(cube_plus_sum, inputs, v)[1]
    vjp = autogradF.vjp(cube_plus_sum, inputs, v)[1]
    return [jac, jvp, vjp, torch.mm(jac, v.unsqueeze(1)).squeeze(1), torch.mm(v.unsqueeze(0), jac).squeeze(0)]


def hessian_match_vhp_hvp(inputs, v):
    hes = autogradF.hessian(narrow3_exp_sum, inputs)
    hvp = autogradF.hvp(narrow3_exp_sum, inputs, v)[1]
    vhp = autogradF.vhp(narrow3_exp_sum, inputs, v)[1]
    return [hes, hvp, vhp, torch.mm(hes, v.unsqueeze(1)).squeeze(1), torch.mm(v.unsqueeze(0), hes).squeeze(0)]


def construct_standard_basis_for(cases):
    """test_construct_standard_basis_for: the chunks, with their dtypes, for each case's tensors."""
    out = []
    for inputs in cases:
        numels = tuple(t.numel() for t in inputs)
        results = autogradF._construct_standard_basis_for(tuple(inputs), numels)
        out.append([list(results), [str(r.dtype) for r in results]])
    return out
