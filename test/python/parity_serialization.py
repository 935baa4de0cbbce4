# PyTorch side of test/serialization.test.ts: reads what torchts' torch.save wrote and writes files
# for torchts' torch.load, with Python's own torch.save/torch.load.
import argparse
import zipfile

import torch
import torch.nn as nn


def describe(v, tuples_as_lists=False):
    """v's structure with Python's types: dict key types and order, int/float/bool/None/str, tensor dtypes."""
    if isinstance(v, torch.Tensor):
        return ["tensor", str(v.dtype), list(v.shape)]
    if isinstance(v, dict):
        return {"type": type(v).__name__,
                "items": [[type(k).__name__, k, describe(x, tuples_as_lists)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        kind = "list" if tuples_as_lists else type(v).__name__
        return {"type": kind, "items": [describe(x, tuples_as_lists) for x in v]}
    return [type(v).__name__, v]


def records(f):
    return zipfile.ZipFile(f).namelist()


def load_state_dict_file(f):
    """torch.load(f) of a state dict: its type, keys, tensors, _metadata (type and items) and zip records."""
    sd = torch.load(f)
    meta = getattr(sd, "_metadata", None)
    return {"type": type(sd).__name__, "keys": list(sd.keys()), "tensors": sd,
            "metadata_type": type(meta).__name__,
            "metadata": [[k, v] for k, v in meta.items()] if meta is not None else None,
            "records": records(f)}


def save_sequential_state(f):
    """Saves nn.Sequential(Linear, BatchNorm1d).state_dict() to f; returns its tensors and _metadata items."""
    torch.manual_seed(3)
    m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    m(torch.randn(5, 3))
    sd = m.state_dict()
    torch.save(sd, f)
    return {"tensors": sd, "metadata": [[k, v] for k, v in sd._metadata.items()]}


def metadata_of(f):
    """The _metadata of the state dict in f as a plain dict (prefix order aside)."""
    return dict(torch.load(f)._metadata)


def load_into_sequential(f):
    """Loads torchts' Sequential(Linear, BatchNorm1d) state dict into PyTorch's; returns whether both
    _metadata agree (as dicts) and the loaded model's state dict."""
    m = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4))
    sd = torch.load(f)
    m.load_state_dict(sd)
    return {"same_metadata": dict(sd._metadata) == dict(m.state_dict()._metadata), "tensors": m.state_dict()}


def load_views(f):
    """Two views of one tensor saved by torchts: whether they share one storage, and their layout."""
    sd = torch.load(f)
    a, b = sd["a"], sd["b"]
    return {"shared": a.storage().data_ptr() == b.storage().data_ptr(), "storage_size": a.storage().size(),
            "offsets": [a.storage_offset(), b.storage_offset()], "strides": [list(a.stride()), list(b.stride())],
            "a": a, "b": b, "records": records(f)}


def describe_file(f):
    return describe(torch.load(f))


def adam_state(f):
    """Saves a real Adam (amsgrad) state dict after two steps to f; returns its description and tensors."""
    torch.manual_seed(4)
    m = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    opt = torch.optim.Adam(m.parameters(), lr=0.01, amsgrad=True)
    for _ in range(2):
        opt.zero_grad()
        m(torch.randn(5, 3)).square().sum().backward()
        opt.step()
    sd = opt.state_dict()
    torch.save(sd, f)
    return {"describe": describe(sd, tuples_as_lists=True), "state": sd["state"]}


def same(a, b):
    """Deep equality with types: tensors bitwise (dtype, shape, bytes), tuples equal to lists."""
    if isinstance(a, torch.Tensor):
        return (isinstance(b, torch.Tensor) and a.dtype == b.dtype and a.shape == b.shape
                and a.reshape(-1).view(torch.uint8).equal(b.reshape(-1).view(torch.uint8)))
    if isinstance(a, dict):
        return (isinstance(b, dict) and [(type(k), k) for k in a] == [(type(k), k) for k in b]
                and all(same(a[k], b[k]) for k in a))
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


def adam_round_trip(f, f2):
    """f: Python's Adam state dict; f2: torchts' torch.save of torch.load(f). Same, and Adam takes it."""
    a, b = torch.load(f), torch.load(f2)
    m = nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2))
    torch.optim.Adam(m.parameters(), lr=0.01, amsgrad=True).load_state_dict(b)
    return same(a, b)


def save_namespace(f):
    """A checkpoint holding an object torchts does not know (argparse.Namespace, restored with BUILD)."""
    torch.save({"args": argparse.Namespace(lr=0.1)}, f)


def tensor_types(f):
    """Each tensor's Python type and requires_grad in the checkpoint at f."""
    return {k: [type(v).__name__, v.requires_grad] for k, v in torch.load(f).items()}


def save_bytes_and_cuda(f, cuda_f):
    """A checkpoint as bytes (io.BytesIO), and one whose storages say cuda:0 (as saved on a GPU)."""
    import io
    torch.manual_seed(0)
    sd = {"w": torch.randn(3, 4), "b": torch.arange(5)}
    buf = io.BytesIO()
    torch.save(sd, buf)
    with open(f, "wb") as fh:
        fh.write(buf.getvalue())
    old = torch.serialization.location_tag
    torch.serialization.location_tag = lambda s: "cuda:0"
    try:
        torch.save(sd, cuda_f)
    finally:
        torch.serialization.location_tag = old
    try:
        torch.load(cuda_f)
        error = None
    except RuntimeError as e:
        error = str(e)
    mapped = torch.load(cuda_f, map_location="cpu")
    return {"w": sd["w"], "b": sd["b"], "error": error, "mapped_equal": all(torch.equal(mapped[k], sd[k]) for k in sd)}


def load_bytes(f):
    import io
    with open(f, "rb") as fh:
        return torch.load(io.BytesIO(fh.read()))
