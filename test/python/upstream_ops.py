# PyTorch's OpInfo database (torch/testing/_internal/common_methods_invocations.py, the op_db that
# test/test_ops.py runs): each operator's own sample inputs, with the outputs PyTorch computes for them,
# for test/upstream/test_ops.test.ts to replay on torchts.
import linecache
import math
import re
import sys
import types
import unittest
import warnings

import torch

# common_utils imports expecttest (a pip-only package) for its TestCase; the sample generators never
# use it, so a stand-in module is enough.
if "expecttest" not in sys.modules:
    _stub = types.ModuleType("expecttest")
    _stub.TestCase = unittest.TestCase
    _stub.ACCEPT = False
    sys.modules["expecttest"] = _stub

from torch.testing._internal.common_methods_invocations import op_db  # noqa: E402

# Deprecation and beta notices of the sampled operators are not what the port checks.
warnings.filterwarnings("ignore")

NAMES = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16", torch.bfloat16: "bfloat16",
         torch.int64: "int64", torch.int32: "int32", torch.int16: "int16", torch.int8: "int8", torch.uint8: "uint8",
         torch.bool: "bool", torch.complex32: "complex32", torch.complex64: "complex64", torch.complex128: "complex128"}


class Unsupported(Exception):
    pass


def _key(op):
    return op.name + ("." + op.variant_test_name if op.variant_test_name else "")


BY_KEY = {_key(o): o for o in op_db}


def _value(v, keep_cpu=False):
    """`keep_cpu`: in a sample on another device, a CPU tensor argument (tensor_split's indices) is marked
    to stay on the CPU there."""
    if isinstance(v, torch.Tensor):
        if v.dtype not in NAMES:
            raise Unsupported(f"a {v.dtype} tensor")
        if v.layout not in (torch.strided, torch.sparse_coo, torch.sparse_csr):
            raise Unsupported(f"a {v.layout} tensor")
        # A snapshot: some operators update their arguments (batch_norm's running stats in training).
        t = v.detach().clone()
        return {"__cpu": t} if keep_cpu and v.device.type == "cpu" and not v.requires_grad else t
    if isinstance(v, torch.dtype):
        if v not in NAMES:
            raise Unsupported(str(v))
        return {"__dtype": NAMES[v]}
    if isinstance(v, torch.Size):
        return list(v)
    if isinstance(v, torch.memory_format):
        names = {torch.contiguous_format: "contiguousFormat", torch.channels_last: "channelsLast",
                 torch.channels_last_3d: "channelsLast3d", torch.preserve_format: "preserveFormat"}
        return {"__memory_format": names[v]}
    if isinstance(v, torch.device):
        return str(v)
    if isinstance(v, slice):  # __getitem__'s indices
        return {"__slice": [_value(v.start), _value(v.stop), _value(v.step)]}
    if v is Ellipsis:
        return {"__ellipsis": True}
    if isinstance(v, torch.nn.PairwiseDistance):  # triplet_margin_with_distance_loss's distance_function
        return {"__module": "PairwiseDistance", "p": v.norm, "eps": v.eps, "keepdim": v.keepdim}
    if isinstance(v, (list, tuple)):
        return [_value(x, keep_cpu) for x in v]
    if isinstance(v, float) and not math.isfinite(v):
        return {"__float": repr(v)}
    if isinstance(v, complex):
        if not (math.isfinite(v.real) and math.isfinite(v.imag)):
            raise Unsupported("a non-finite complex")
        return v
    if isinstance(v, (bool, int, float, str)) or v is None:
        return v
    raise Unsupported(type(v).__name__)


def _finite(t):
    if t.is_complex():
        return torch.view_as_real(t.resolve_conj()).nan_to_num(0.0)
    return torch.nan_to_num(t, 0.0) if t.is_floating_point() else t


def _same(a, b):
    if isinstance(a, torch.Tensor) and a.layout != torch.strided:
        return isinstance(b, torch.Tensor) and b.layout == a.layout and _same(a.to_dense(), b.to_dense())
    if isinstance(a, torch.Tensor):
        return isinstance(b, torch.Tensor) and a.shape == b.shape and a.dtype == b.dtype and torch.equal(
            _finite(a), _finite(b))
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


# Lambdas that reorder arguments, read an attribute or work on a clone: test/helpers/opinfo.ts has each
# one's TypeScript transcription (PORTED_LAMBDAS).
PORTED = {"as_strided", "as_strided_scatter", "einsum", "polygamma.polygamma_n_0", "polygamma.polygamma_n_1",
          "polygamma.polygamma_n_2", "polygamma.polygamma_n_3", "polygamma.polygamma_n_4", "normal.number_mean",
          "resize_", "resize_as_", "zero_", "T", "H", "mT", "mH", "where", "nn.functional.embedding",
          "nn.functional.embedding_bag", "linalg.lstsq.grad_oriented", "linalg.pinv.singular",
          "special.polygamma.special_polygamma_n_0", "svd_lowrank", "pca_lowrank"}


def _replay(o):
    """How a lambda OpInfo can be replayed as the torch call it makes: a method it forwards to with the
    same arguments, a function called under wrapper_set_seed (torch.manual_seed(42) first), or a
    transcription of the lambda (PORTED)."""
    if getattr(o.op, "__name__", "") != "<lambda>":
        return None
    if _key(o) in PORTED:
        return {"kind": "ported", "name": _key(o)}
    c = o.op.__code__
    src = re.sub(r"\s+", " ", " ".join(linecache.getline(c.co_filename, c.co_firstlineno + i) for i in range(3)))
    m = re.search(r"lambda ([\w, *]*):\s*wrapper_set_seed\(\s*([\w.]+),\s*([^)]*)\)", src)
    if m and m.group(1).strip() == m.group(3).strip():
        return {"kind": "seeded", "name": m.group(2), "seed": 42}
    for pattern in (r"lambda (\w+), \*args, \*\*kwargs: \1\.(\w+)\(\*args, \*\*kwargs\)",
                    r"lambda (\w+), \*args: \1\.(\w+)\(\*args\)",
                    r"lambda (\w+), (\w+): \1\.(\w+)\(\2\)"):
        m = re.search(pattern, src)
        if m:
            return {"kind": "method", "name": m.groups()[-1]}
    return None


def names():
    """Every OpInfo of op_db: its key (name.variant), aten name and what it supports."""
    return [{"key": _key(o), "name": o.name, "variant": o.variant_test_name, "aten": o.aten_name,
             "method": o.method_variant is not None, "autograd": bool(o.supports_autograd),
             # An OpInfo whose op is torch.ops.aten.<name>.<overload> itself (slice).
             "atenOp": str(o.op).startswith("aten."),
             "supportsOut": bool(o.supports_out),
             # A lambda (argument reordering, wrapper_set_seed) is no torch function a port would call.
             "lambda": getattr(o.op, "__name__", "") == "<lambda>", "replay": _replay(o)} for o in op_db]


# Uninitialized memory: only the shape and dtype of their outputs mean anything.
UNINITIALIZED = {"empty", "empty_like", "new_empty", "new_empty_strided", "empty_strided"}


DTYPES = {"float32": torch.float32, "float64": torch.float64, "int64": torch.int64, "int32": torch.int32,
          "bool": torch.bool, "uint8": torch.uint8, "float16": torch.float16, "bfloat16": torch.bfloat16,
          "complex64": torch.complex64, "complex128": torch.complex128}


def _sample_dtype(op, device, dtype=None):
    """`dtype`, else the first of float32, int64, bool, complex64 the OpInfo supports (None: none)."""
    supported = op.supported_dtypes(device)
    wanted = (DTYPES[dtype],) if dtype else (torch.float32, torch.int64, torch.bool, torch.complex64)
    return next((d for d in wanted if d in supported), None)


def _inputs(s, device="cpu"):
    """A sample's input, args and kwargs as the replay receives them (Unsupported when they cannot travel)."""
    keep = str(device) != "cpu"
    return {"input": _value(s.input, keep), "args": _value(list(s.args), keep),
            "kwargs": {k: _value(v, keep) for k, v in s.kwargs.items()}}


def samples(key, device="cpu", dtype=None):
    """The sample inputs of OpInfo `key` on `device`, each with PyTorch's output: `dtype` samples, by
    default float32 ones, or int64 then bool ones for operators without float32 (the bitwise and
    integer ops), complex64 ones for complex-only operators (view_as_real)."""
    op = BY_KEY[key]
    dt = _sample_dtype(op, device, dtype)
    if dt is None:
        return {"dtype": None, "samples": []}
    torch.manual_seed(0)
    out = []
    for s in op.sample_inputs(device, dt, requires_grad=False):
        try:
            rec = _inputs(s, device)
        except Unsupported as e:
            out.append({"skip": str(e)})
            continue
        try:
            torch.manual_seed(1)
            y = op(s.input, *s.args, **s.kwargs)
            torch.manual_seed(1)
            y2 = op(s.input, *s.args, **s.kwargs)
            rec["deterministic"] = _same(y, y2) and op.name not in UNINITIALIZED
            rec["out"] = _value(y)
        except Unsupported as e:
            out.append({"skip": "returns " + str(e)})
            continue
        except Exception as e:  # the sample is an error case: torchts must raise too
            rec["error"] = str(e).split("\n")[0]
        out.append(rec)
    return {"dtype": NAMES[dt], "samples": out}


def out_samples(key, device="cpu"):
    """test_ops.py's test_out in a form torchts can replay: for the samples of an OpInfo that supports
    out= (float32, else int64, bool or complex64 ones), what PyTorch writes into out tensors made with
    torch.zeros_like of each output (zeros, so an out kernel that leaves elements alone is deterministic); samples whose out= call PyTorch refuses are skipped."""
    op = BY_KEY[key]
    if not op.supports_out:
        return {"samples": []}
    dt = _sample_dtype(op, device)
    if dt is None:
        return {"samples": []}
    torch.manual_seed(0)
    out = []
    for s in op.sample_inputs(device, dt, requires_grad=False):
        try:
            rec = _inputs(s, device)
        except Unsupported as e:
            out.append({"skip": str(e)})
            continue
        try:
            torch.manual_seed(1)
            y = op(s.input, *s.args, **s.kwargs)
            if isinstance(y, torch.Tensor) and y.layout == torch.strided:
                outs = torch.zeros_like(y)
            elif isinstance(y, (tuple, list)) and y and all(isinstance(t, torch.Tensor) for t in y):
                outs = tuple(torch.zeros_like(t) for t in y)
            else:
                out.append({"skip": "no strided tensor output"})
                continue
            torch.manual_seed(1)
            r = op(s.input, *s.args, **s.kwargs, out=outs)
            rec["out"] = _value(outs)
            rec["single"] = isinstance(outs, torch.Tensor)
            rec["deterministic"] = _same(y, r) and op.name not in UNINITIALIZED
        except Unsupported as e:
            out.append({"skip": "returns " + str(e)})
            continue
        except Exception as e:
            out.append({"skip": "PyTorch raised " + str(e).split("\n")[0]})
            continue
        out.append(rec)
    return {"samples": out}


def _grad_leaves(v, path, found):
    """The tensors of a sample that require grad, each with its path (["args", 0], ["input"], ...)."""
    if isinstance(v, torch.Tensor):
        if v.requires_grad:
            found.append((path, v))
    elif isinstance(v, (list, tuple)):
        for i, x in enumerate(v):
            _grad_leaves(x, path + [i], found)
    elif isinstance(v, dict):
        for k, x in v.items():
            _grad_leaves(x, path + [k], found)
    return found


def _fresh(v):
    if isinstance(v, torch.Tensor):
        return v.detach().clone().requires_grad_() if v.requires_grad else v
    if isinstance(v, (list, tuple)):
        return type(v)(_fresh(x) for x in v)
    if isinstance(v, dict):
        return {k: _fresh(x) for k, x in v.items()}
    return v


def _flat_tensors(y):
    if isinstance(y, torch.Tensor):
        return [y]
    if isinstance(y, (list, tuple)):
        return [t for x in y for t in _flat_tensors(x)]
    return []


def _sum_grads(op, inp, args, kwargs):
    """The gradients of sum(output.sum() for every differentiable output) with respect to the sample's
    tensors that require grad (None where unused); None when there is nothing to differentiate."""
    leaves = _grad_leaves({"input": inp, "args": args, "kwargs": kwargs}, [], [])
    y = op(inp, *args, **kwargs)
    outs = [t for t in _flat_tensors(y) if t.requires_grad and t.is_floating_point()]
    if not leaves or not outs:
        return None
    return torch.autograd.grad(sum(t.sum() for t in outs), [t for _, t in leaves], allow_unused=True)


def grad_samples(key, device="cpu"):
    """test_ops.py's gradient check in the form torchts can replay: for each float32 sample with grad
    inputs, the gradients of sum(output.sum() for every differentiable output) with respect to them
    (None where an input is unused)."""
    op = BY_KEY[key]
    if not op.supports_autograd or torch.float32 not in op.supported_backward_dtypes(device):
        return {"samples": []}
    torch.manual_seed(0)
    out = []
    for s in op.sample_inputs(device, torch.float32, requires_grad=True):
        # Fresh leaves, as the replay builds them: a sample's grad input may be a view made under
        # no_grad (istft's window[:8]), whose own gradient autograd reports as None.
        s.input, s.args, s.kwargs = _fresh(s.input), _fresh(list(s.args)), _fresh(s.kwargs)
        leaves = _grad_leaves({"input": s.input, "args": list(s.args), "kwargs": s.kwargs}, [], [])
        try:
            rec = {**_inputs(s, device), "paths": [p for p, _ in leaves]}
        except Unsupported as e:
            out.append({"skip": str(e)})
            continue
        try:
            grads = _sum_grads(op, s.input, list(s.args), s.kwargs)
            if grads is None:
                out.append({"skip": "no differentiable output"})
                continue
            # A second run on fresh leaves: a backward that reads uninitialized memory
            # (as_strided_scatter's, an expected failure upstream) gives no reference to compare with.
            again = _sum_grads(op, _fresh(s.input), _fresh(list(s.args)), _fresh(s.kwargs))
            if not _same(list(grads), list(again)):
                out.append({"skip": "nondeterministic gradient"})
                continue
            rec["grads"] = [None if g is None else g.detach().clone() for g in grads]
        except Exception as e:
            out.append({"skip": "raised " + str(e).split("\n")[0]})
            continue
        out.append(rec)
    return {"samples": out}
