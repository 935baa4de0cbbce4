# PyTorch's side of test/upstream/test_masked.test.ts (PyTorch 1.13's test/test_masked.py): the sample inputs of
# the masked.* OpInfos with strided masks, each with PyTorch's output, the output mask (torch.masked._output_mask)
# and, for test_reference_masked, the value of the test's reference implementation: the plain torch operation
# applied to every elementary slice of the masked-in elements.
import itertools

import torch
from upstream_ops import BY_KEY, NAMES, Unsupported, _inputs, _value

DTYPES = {name: dt for dt, name in NAMES.items()}


def _in_mask(inp, mask):
    if mask is None:
        return torch.ones([], dtype=torch.bool).expand(inp.shape)
    return torch.masked._input_mask(inp, mask=mask)


def masked_reduction_reference(fn, inp, args, kwargs, dim_position):
    """fn over each elementary slice (the masked-in elements the reduction combines into one output element),
    called with dim None and without keepdim; an output element with no masked-in element is nan (floating
    dtypes) or 0, as upstream's apply_masked_reduction_along_dim."""
    kwargs = dict(kwargs)
    mask = kwargs.pop("mask", None)
    dtype = kwargs.get("dtype", inp.dtype)
    if inp.ndim == 0:
        return fn(inp, *args, **kwargs).to(dtype=dtype)
    keepdim = kwargs.pop("keepdim", False)
    args = list(args)
    if dim_position < len(args):
        dim, args[dim_position] = args[dim_position], None
    else:
        dim = kwargs.pop("dim", None)
    reduced = torch.masked._canonical_dim(dim, inp.ndim)
    kept = [d for d in range(inp.ndim) if d not in reduced]
    kept_shape = [inp.shape[d] for d in kept]
    # The reduced dims last, flattened into one: x[idx] is the slice behind output element idx.
    x = inp.permute(kept + list(reduced)).reshape(kept_shape + [-1])
    m = _in_mask(inp, mask).permute(kept + list(reduced)).reshape(kept_shape + [-1])
    out = torch.full(kept_shape, float("nan") if dtype.is_floating_point else 0, dtype=dtype)
    for idx in itertools.product(*(range(n) for n in kept_shape)):
        data = x[idx][m[idx]]
        if data.numel():
            out[idx] = fn(data, *args, **kwargs)
    if keepdim:
        out = out.reshape([1 if d in reduced else inp.shape[d] for d in range(inp.ndim)])
    return out


def masked_normalization_reference(fn, inp, args, kwargs, dim_position):
    """fn along dim over the masked-in elements of each 1-d slice (dim 0 of that slice); masked-out elements
    are 0, as upstream's apply_masked_normalization_along_dim."""
    kwargs = dict(kwargs)
    mask = kwargs.pop("mask", None)
    if inp.ndim == 0:
        return fn(inp, *args, **kwargs)
    dtype = kwargs.get("dtype", inp.dtype)
    args = list(args)
    dim = args[dim_position] % inp.ndim
    args[dim_position] = 0
    x = inp.movedim(dim, -1)
    m = _in_mask(inp, mask).movedim(dim, -1)
    out = torch.zeros_like(x, dtype=dtype)
    for idx in itertools.product(*(range(n) for n in x.shape[:-1])):
        keep = m[idx]
        out[idx][keep] = fn(x[idx][keep], *args, **kwargs)
    return out.movedim(-1, dim)


REFERENCES = {
    "norm": lambda i, a, k: masked_reduction_reference(torch.linalg.vector_norm, i, a, k, 1),
    "var": lambda i, a, k: masked_reduction_reference(torch.var, i, a, k, 0),
    "std": lambda i, a, k: masked_reduction_reference(torch.std, i, a, k, 0),
    "softmax": lambda i, a, k: masked_normalization_reference(torch.softmax, i, a, k, 0),
    "log_softmax": lambda i, a, k: masked_normalization_reference(torch.log_softmax, i, a, k, 0),
    "softmin": lambda i, a, k: masked_normalization_reference(torch.nn.functional.softmin, i, a, k, 0),
    "normalize": lambda i, a, k: masked_normalization_reference(torch.nn.functional.normalize, i, a, k, 1),
}


def ops():
    """The masked.* OpInfos of op_db: those test_reference_masked runs (a reference function), those
    test_mask_layout runs (sparse support), each with its CPU dtypes that torchts has."""
    out = []
    for key, op in BY_KEY.items():
        if not key.startswith("masked."):
            continue
        name = key[len("masked."):]
        out.append({"name": name, "reference": name in REFERENCES,
                    "layout": bool(op.supports_sparse or op.supports_sparse_csr),
                    "dtypes": sorted(NAMES[d] for d in op.supported_dtypes("cpu") if d in NAMES)})
    return out


def _sample(s, actual, expected):
    rec = _inputs(s)
    rec["actual"] = _value(actual)
    rec["expected"] = _value(expected)
    mask = s.kwargs.get("mask")
    rec["outmask"] = None if mask is None else _value(torch.masked._output_mask(BY_KEY["masked." + s.name].op, s.input, *s.args, **s.kwargs))
    return rec


def _run(name, dtype, expected_of):
    op = BY_KEY["masked." + name]
    torch.manual_seed(0)
    out = []
    for s in op.sample_inputs("cpu", DTYPES[dtype]):
        s.name = name
        try:
            actual = op.op(s.input, *s.args, **s.kwargs)
            out.append(_sample(s, actual, expected_of(op, s)))
        except Unsupported as e:
            out.append({"skip": str(e)})
    return out


def reference_masked(name, dtype):
    """test_reference_masked: each sample with PyTorch's output and the reference function's (var and std
    samples of integer dtypes are skipped upstream: torch.var/std take no integer input)."""
    ref = REFERENCES[name]
    return _run(name, dtype, lambda op, s: ref(s.input, s.args, s.kwargs))


def mask_layout_strided(name, dtype):
    """test_mask_layout for the strided layout, strided masks: the op on the same strided input and mask."""
    return _run(name, dtype, lambda op, s: op.op(s.input.clone(), *s.args, **s.kwargs))
