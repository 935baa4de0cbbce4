# PyTorch's ModuleInfo database (torch/testing/_internal/common_modules.py, the module_db that
# test/test_modules.py runs): each module's own constructor and forward inputs, with what PyTorch computes
# for them (outputs, state after the step, gradients), for test/upstream/test_modules.test.ts to replay.
import inspect
import unittest

import torch
import torch.nn.functional as F

import upstream_ops  # noqa: F401  (stubs expecttest before common_modules imports it)
from upstream_ops import NAMES, DTYPES, Unsupported, _value
from torch.testing._internal.common_methods_invocations import DecorateInfo
from torch.testing._internal.common_modules import module_db

def _name(mi):
    # nn.MaxPool2d is also ao.nn.quantized.MaxPool2d, the name module_db's table gives it.
    return "nn." + mi.module_cls.__name__


BY_NAME = {_name(m): m for m in module_db}
# The TestModule tests the port replays; upstream's skips and expected failures of each are reported.
TESTS = ("test_forward", "test_factory_kwargs", "test_repr", "test_pickle", "test_non_contiguous_tensors",
         "test_check_inplace", "test_grad", "test_gradgrad", "test_memory_format")


def _mode(decorator):
    if decorator is unittest.expectedFailure:
        return "xfail"
    if getattr(decorator, "__qualname__", "").startswith("skip.<locals>"):
        return "skip"
    return None


def _active(d, test, dtype):
    """DecorateInfo.is_active on the CPU; 2.x's also takes the test's param_kwargs, which its active_if
    callables read (p["training"]): active if it is for either training mode."""
    if "param_kwargs" not in inspect.signature(d.is_active).parameters:
        return d.is_active("TestModule", test, "cpu", dtype)
    for kw in ({"training": False}, {"training": True}):
        try:
            if d.is_active("TestModule", test, "cpu", dtype, kw):
                return True
        except (KeyError, TypeError):
            pass
    return False


def _upstream_marks(mi, dtype):
    """{test: "skip" | "xfail"} for what module_db marks on the CPU in this dtype."""
    marks = {}
    for d in mi.decorators:
        if not isinstance(d, DecorateInfo):
            continue
        for test in TESTS:
            if _active(d, test, dtype):
                for dec in d.decorators:
                    m = _mode(dec)
                    if m:
                        marks[test] = m
    return marks


def names():
    """Every ModuleInfo: its name (nn.X), class name, and the flags test_modules.py reads."""
    out = []
    for mi in module_db:
        cls = mi.module_cls
        out.append({
            "name": _name(mi), "cls": cls.__name__,
            "lazy": issubclass(cls, torch.nn.modules.lazy.LazyModuleMixin),
            "trainAndEvalDiffer": mi.train_and_eval_differ,
            "supportsGradgrad": mi.supports_gradgrad,
            "memformatAffectsOut": mi.module_memformat_affects_out,
            "inplace": "inplace" in inspect.signature(cls.__init__).parameters,
            "dtypes": [NAMES[d] for d in (torch.float32, torch.float64) if d in mi.dtypes],
            "marks": {NAMES[d]: _upstream_marks(mi, d) for d in (torch.float32, torch.float64)},
        })
    return out


def _arg(v):
    # A torch.nn.functional activation (TransformerEncoderLayer's F.gelu) travels by name.
    if callable(v) and getattr(F, getattr(v, "__name__", ""), None) is v:
        return {"__function": v.__name__}
    return _value(v)


def _normalize(fi, fn):
    """(args, kwargs) of a FunctionInput with the required parameters of `fn` given as keywords
    (nn.Embedding(num_embeddings=4, embedding_dim=3)) moved to their positions, where torchts takes them."""
    args, kwargs = list(fi.args), dict(fi.kwargs)
    params = list(inspect.signature(fn).parameters.values())
    for p in params[len(args):]:
        if p.default is not inspect.Parameter.empty or p.kind not in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            break
        if p.name not in kwargs:
            break
        args.append(kwargs.pop(p.name))
    return args, kwargs


def _inputs(args, kwargs):
    return {"args": [_arg(a) for a in args], "kwargs": {k: _arg(v) for k, v in kwargs.items()}}


def _drop_self(f):
    sig = inspect.signature(f)
    params = list(sig.parameters.values())[1:]
    if any(p.kind == p.VAR_POSITIONAL for p in params):  # nn.RNN/GRU/LSTM(*args, **kwargs): RNNBase's, less mode
        sig = inspect.signature(torch.nn.RNNBase.__init__)
        params = list(sig.parameters.values())[2:]

    def g():
        pass
    g.__signature__ = sig.replace(parameters=params)
    return g


def _flat(y):
    if isinstance(y, torch.Tensor):
        return [y]
    if isinstance(y, (list, tuple)):
        return [t for x in y for t in _flat(x)]
    return []


def _leaves(args, kwargs):
    """The forward input tensors that require grad, with their paths (["args", 0], ["kwargs", "hx", 1])."""
    found = []

    def walk(v, path):
        if isinstance(v, torch.Tensor):
            if v.requires_grad:
                found.append((path, v))
        elif isinstance(v, (list, tuple)):
            for i, x in enumerate(v):
                walk(x, path + [i])
    for i, a in enumerate(args):
        walk(a, ["args", i])
    for k, a in kwargs.items():
        walk(a, ["kwargs", k])
    return found


def _fresh(v):
    if isinstance(v, torch.Tensor):
        return v.detach().clone().requires_grad_(v.requires_grad)
    if isinstance(v, tuple):
        return tuple(_fresh(x) for x in v)
    if isinstance(v, list):
        return [_fresh(x) for x in v]
    return v


def samples(name, dtype="float32", training=True, device="cpu"):
    """The module inputs of ModuleInfo `name` in `dtype`, each with what PyTorch computes for it: the
    module's repr, its state before and after a forward pass in train or eval mode (a lazy module after
    a first forward that materializes it), the outputs, and the gradients of the sum of every
    differentiable output with respect to the parameters and the inputs that require grad."""
    mi = BY_NAME[name]
    dt = DTYPES[dtype]
    torch.manual_seed(0)
    out = []
    for s in mi.module_inputs_func(mi, device=device, dtype=dt, requires_grad=True, training=training):
        rec = {"desc": s.desc}
        cargs, ckwargs = _normalize(s.constructor_input, _drop_self(mi.module_cls.__init__))
        if s.forward_input is not None:
            fargs, fkwargs = _normalize(s.forward_input, _drop_self(mi.module_cls.forward))
        try:
            rec["ctor"] = _inputs(cargs, ckwargs)
            rec["fwd"] = None if s.forward_input is None else _inputs(fargs, fkwargs)
        except Unsupported as e:
            out.append({"desc": s.desc, "skip": str(e)})
            continue
        torch.manual_seed(1)
        m = mi.module_cls(*s.constructor_input.args, **s.constructor_input.kwargs)
        m.to(device).to(dt)
        m.train(training)
        rec["repr0"] = repr(m)
        # Factory keywords: the dtype of every parameter and buffer of a module built with dtype=.
        # (None: a module without parameters or buffers takes no factory keywords.)
        try:
            m2 = mi.module_cls(*s.constructor_input.args, **s.constructor_input.kwargs, device=device, dtype=dt)
            rec["factory"] = {
                k: (NAMES[v.dtype] if not isinstance(v, torch.nn.parameter.UninitializedTensorMixin)
                    else "uninitialized:" + NAMES[v.dtype])
                for k, v in list(m2.named_parameters()) + list(m2.named_buffers())}
        except TypeError:
            rec["factory"] = None
        if s.forward_input is None:
            out.append(rec)
            continue
        args, kwargs = _fresh(fargs), {k: _fresh(v) for k, v in fkwargs.items()}
        if rec["factory"] and any(v.startswith("uninitialized") for v in rec["factory"].values()):
            with torch.no_grad():
                m(*_fresh(fargs), **{k: _fresh(v) for k, v in fkwargs.items()})
        rec["sd0"] = {k: _value(v) for k, v in m.state_dict().items()}
        rec["repr"] = repr(m)
        leaves = []
        for path, _ in _leaves(fargs, fkwargs):
            v = args if path[0] == "args" else kwargs
            for p in path[1:]:
                v = v[p]
            leaves.append((path, v))
        rec["paths"] = [p for p, _ in leaves]
        try:
            torch.manual_seed(2)
            y = m(*args, **kwargs)
            rec["out"] = _value(y)
        except Unsupported as e:
            out.append({"desc": s.desc, "skip": "returns " + str(e)})
            continue
        except Exception as e:
            rec["error"] = str(e).split("\n")[0]
            out.append(rec)
            continue
        rec["sd"] = {k: _value(v) for k, v in m.state_dict().items()}
        outs = [t for t in _flat(y) if t.requires_grad and t.is_floating_point()]
        params = list(m.named_parameters())
        targets = [p for _, p in params] + [t for _, t in leaves]
        if outs and targets:
            grads = torch.autograd.grad(sum(t.sum() for t in outs), targets, allow_unused=True)
            rec["paramGrads"] = {k: None if g is None else g for (k, _), g in zip(params, grads)}
            rec["inputGrads"] = [None if g is None else g for g in grads[len(params):]]
        out.append(rec)
    return out
