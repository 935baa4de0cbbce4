# PyTorch's side of test/upstream/test_serialization.test.ts: upstream's (PyTorch 1.13 test/test_serialization.py)
# data and assertions run live. Functions that write files write them where the TypeScript side says (its temp
# dir); functions that check a file torchts wrote return what upstream asserts, so the test compares live results.
import gzip
import io
import pickle
import shutil
import warnings

import torch
from torch._utils import _rebuild_tensor

# Upstream's inputs, as upstream has them: files of PyTorch 0.3.1 / 0.4.1 in the legacy format.
# test_serialization: [b'\xc5\xbc...' (a Python 2 str), torch.zeros(1), 2] from Python 2.7.12 and PyTorch 0.4.1.
PY2_SERIALIZED = (
    b'\x80\x02\x8a\nl\xfc\x9cF\xf9 j\xa8P\x19.\x80\x02M\xe9\x03.'
    b'\x80\x02}q\x01(U\x10protocol_versionq\x02M\xe9\x03U\n'
    b'type_sizesq\x03}q\x04(U\x03intq\x05K\x04U\x05shortq\x06K\x02U'
    b'\x04longq\x07K\x04uU\rlittle_endianq\x08\x88u.\x80\x02]q'
    b'\x01(U\x0e\xc5\xbc\xc4\x85\xc4\x85\xc3\xb3\xc5\xbc\xc4\x85'
    b'\xc5\xbcq\x02ctorch._utils\n_rebuild_tensor_v2\nq\x03((U'
    b'\x07storageq\x04ctorch\nFloatStorage\nq\x05U\x0845640624q'
    b'\x06U\x03cpuq\x07\x8a\x01\x01NtQK\x00K\x01\x85K\x01\x85'
    b'\x89NtRq\x08K\x02e.\x80\x02]q\x01U\x0845640624q\x02a.\x01\x00'
    b'\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
)
# test_load_nonexistent_device: torch.randn(2, device='cuda') saved in the legacy format.
CUDA_SERIALIZED = (b'\x80\x02\x8a\nl\xfc\x9cF\xf9 j\xa8P\x19.\x80\x02M\xe9'
                   b'\x03.\x80\x02}q\x00(X\x10\x00\x00\x00protocol_versionq'
                   b'\x01M\xe9\x03X\r\x00\x00\x00little_endianq\x02\x88X\n'
                   b'\x00\x00\x00type_sizesq\x03}q\x04(X\x05\x00\x00\x00shortq'
                   b'\x05K\x02X\x03\x00\x00\x00intq\x06K\x04X\x04\x00\x00\x00'
                   b'longq\x07K\x04uu.\x80\x02ctorch._utils\n_rebuild_tensor_v2'
                   b'\nq\x00((X\x07\x00\x00\x00storageq\x01ctorch\nFloatStorage'
                   b'\nq\x02X\x0e\x00\x00\x0094919395964320q\x03X\x06\x00\x00'
                   b'\x00cuda:0q\x04K\x02Ntq\x05QK\x00K\x02\x85q\x06K\x01\x85q'
                   b'\x07\x89Ntq\x08Rq\t.\x80\x02]q\x00X\x0e\x00\x00\x00'
                   b'94919395964320q\x01a.\x02\x00\x00\x00\x00\x00\x00\x00\xbb'
                   b'\x1f\x82\xbe\xea\x81\xd1>')
# test_serialization_storage_slice: t = torch.zeros(2); torch.save((t.storage()[:1], t.storage()[1:])), PyTorch 0.3.1.
SLICE_SERIALIZED = (b'\x80\x02\x8a\nl\xfc\x9cF\xf9 j\xa8P\x19.\x80\x02M\xe9\x03'
                    b'.\x80\x02}q\x00(X\n\x00\x00\x00type_sizesq\x01}q\x02(X\x03'
                    b'\x00\x00\x00intq\x03K\x04X\x05\x00\x00\x00shortq\x04K\x02X'
                    b'\x04\x00\x00\x00longq\x05K\x04uX\x10\x00\x00\x00protocol_versionq'
                    b'\x06M\xe9\x03X\r\x00\x00\x00little_endianq\x07\x88u.\x80\x02'
                    b'(X\x07\x00\x00\x00storageq\x00ctorch\nFloatStorage\nq\x01X\x0e'
                    b'\x00\x00\x0094279043900432q\x02X\x03\x00\x00\x00cpuq\x03K\x02'
                    b'X\x0e\x00\x00\x0094279029750368q\x04K\x00K\x01\x87q\x05tq\x06'
                    b'Q(h\x00h\x01X\x0e\x00\x00\x0094279043900432q\x07h\x03K\x02X'
                    b'\x0e\x00\x00\x0094279029750432q\x08K\x01K\x01\x87q\ttq\nQ'
                    b'\x86q\x0b.\x80\x02]q\x00X\x0e\x00\x00\x0094279043900432q'
                    b'\x01a.\x02\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'
                    b'\x00\x00\x00\x00')
UPSTREAM_BYTES = {"py2": PY2_SERIALIZED, "cuda": CUDA_SERIALIZED, "slice": SLICE_SERIALIZED}


def upstream_bytes(name, f):
    """Writes upstream's serialized bytes `name` to f; returns what PyTorch 1.13 loads from them (or its error)."""
    data = UPSTREAM_BYTES[name]
    with open(f, "wb") as fh:
        fh.write(data)
    try:
        out = torch.load(io.BytesIO(data))
    except Exception as e:  # the error is what the test compares
        return {"error": [type(e).__name__, str(e).split("\n")[0]]}
    if name == "slice":
        s1, s2 = out
        return {"s1": s1.tolist(), "s2": s2.tolist(), "ptr_diff": s2.data_ptr() - s1.data_ptr(),
                "sizes": [s1.size(), s2.size()]}
    return {"value": out}


def _serialization_data():
    """SerializationMixin._test_serialization_data."""
    a = [torch.randn(5, 5).float() for i in range(2)]
    b = [a[i % 2] for i in range(4)]  # 0-3
    b += [a[0].storage()]  # 4
    b += [a[0].reshape(-1)[1:4].storage()]  # 5
    b += [torch.arange(1, 11).int()]  # 6
    t1 = torch.FloatTensor().set_(a[0].reshape(-1)[1:4].clone().storage(), 0, (3,), (1,))
    t2 = torch.FloatTensor().set_(a[0].reshape(-1)[1:4].clone().storage(), 0, (3,), (1,))
    b += [(t1.storage(), t1.storage(), t2.storage())]  # 7
    b += [a[0].reshape(-1)[0:2].storage()]  # 8
    return b


def _plain(b):
    """b's tensors, and its storages as 1-d tensors, for the bridge."""
    def conv(x):
        if isinstance(x, torch.storage.TypedStorage):
            return torch.tensor(x.tolist(), dtype=x.dtype)
        if isinstance(x, (list, tuple)):
            return [conv(y) for y in x]
        return x
    return conv(b)


def save_serialization_data(f, seed, zipfile=True, gz=None):
    """Saves upstream's _test_serialization_data (seeded) to f; returns it (storages as tensors)."""
    torch.manual_seed(seed)
    b = _serialization_data()
    torch.save(b, f, _use_new_zipfile_serialization=zipfile)
    if gz:
        with open(f, "rb") as f_in, gzip.open(gz, "wb") as f_out:
            shutil.copyfileobj(f_in, f_out)
    return _plain(b)


def serialization_assert(f, b, weights_only=False, gz=False):
    """SerializationMixin._test_serialization_assert on torch.load(f) (a file torchts wrote) against torchts's b."""
    if gz:
        with gzip.open(f, "rb") as fh:
            c = torch.load(fh, weights_only=weights_only)
    else:
        c = torch.load(f, weights_only=weights_only)
    r = {}
    r["equal"] = all(torch.equal(b[i], c[i]) for i in (0, 1, 2, 3, 6)) and \
        all(torch.equal(b[i], torch.tensor(c[i].tolist())) for i in (4, 5, 8)) and \
        all(torch.equal(b[7][k], torch.tensor(c[7][k].tolist())) for k in range(3))
    r["types"] = [type(c[i]).__name__ for i in range(4)] + [str(c[i].type()) for i in range(4)]
    r["storage_type"] = [type(c[4]).__name__, str(c[4].dtype)]
    c[0].fill_(10)
    r["c0_is_c2"] = torch.equal(c[0], c[2])
    r["c4_filled"] = c[4].tolist() == [10.0] * 25
    c[1].fill_(20)
    r["c1_is_c3"] = torch.equal(c[1], c[3])
    r["c5_slice"] = all(c[4][i + 1] == c[5][i] for i in range(4))
    views = c[7]
    r["views_same"] = views[0]._cdata == views[1]._cdata
    r["views_equal"] = views[0].tolist() == views[2].tolist()
    r["views_distinct"] = views[0]._cdata != views[2]._cdata
    r["rootview"] = c[8].data_ptr() == c[0].data_ptr()
    return r


def load_file(f, weights_only=False, map_location=None):
    return torch.load(f, weights_only=weights_only, map_location=map_location)


def save_obj(f, kind, zipfile=True):
    """Saves one of upstream's objects to f; returns it."""
    if kind == "fake_zip":
        data = [ord('P'), ord('K'), 5, 6] + [0] * 100
        obj = torch.tensor(data, dtype=torch.uint8)
    elif kind == "sparse_coo":
        x = torch.zeros(3, 3)
        x[1][1] = 1
        obj = {"tensor": x.to_sparse()}
    elif kind == "sparse_csr":
        x = torch.zeros(3, 3)
        x[1][1] = 1
        x[0][2] = 5
        obj = {"tensor": x.to_sparse_csr()}
    elif kind == "basic_types":
        obj = {"int": 123, "str": "world", "float": 3.14, "bool": False}
    elif kind == "math_bits":
        torch.manual_seed(0)
        t = torch.randn(1, dtype=torch.cfloat)
        obj = [t.conj(), torch._neg_view(t), torch._neg_view(torch.conj(t))]
    elif kind == "new_old":
        obj = [torch.ones(200, 200) for i in range(30)]
    elif kind == "python_attr":
        t = torch.zeros(3, 3)
        t.foo = 'foo'
        t.pi = 3.14
        p = torch.nn.Parameter(torch.ones(2))
        p.foo = 'foo'
        obj = [t, p]
    elif kind == "meta":
        obj = torch.nn.Conv2d(20000, 320000, kernel_size=3, device='meta').state_dict()
    else:
        raise ValueError(kind)
    torch.save(obj, f, _use_new_zipfile_serialization=zipfile)
    if kind == "math_bits":
        return [x.resolve_neg().resolve_conj() for x in obj]
    if kind == "meta":
        return {k: list(v.shape) for k, v in obj.items()}
    return obj


def python_attr_loaded(f, weights_only):
    """What PyTorch 1.13 loads for tensors saved with Python attributes: types and whether the attributes survive."""
    out = torch.load(f, weights_only=weights_only)
    return [[type(x).__name__, hasattr(x, "foo"), hasattr(x, "pi"), x.detach()] for x in out]


def meta_loaded(f, weights_only=False):
    sd = torch.load(f, weights_only=weights_only)
    return {k: [list(v.shape), str(v.device), str(v.dtype)] for k, v in sd.items()}


def sparse_loaded(f, weights_only=False):
    """torch.load of {'tensor': sparse}: its layout, coalesced flag and dense values."""
    y = torch.load(f, weights_only=weights_only)["tensor"]
    return {"layout": str(y.layout), "dense": y.to_dense(),
            "coalesced": y.is_coalesced() if y.layout == torch.sparse_coo else None}


def save_spoofed_sparse(f):
    """test_serialization_sparse_invalid: a COO tensor whose indices are out of its size; PyTorch's load error."""
    x = torch.zeros(3, 3)
    x[1][1] = 1
    x = x.to_sparse()

    class TensorSerializationSpoofer:
        def __init__(self, tensor):
            self.tensor = tensor

        def __reduce_ex__(self, proto):
            invalid_indices = self.tensor._indices().clone()
            invalid_indices[0][0] = 3
            return (torch._utils._rebuild_sparse_tensor,
                    (self.tensor.layout, (invalid_indices, self.tensor._values(), self.tensor.size())))

    torch.save({"spoofed": TensorSerializationSpoofer(x)}, f)
    out = {}
    for wo in (False, True):
        try:
            torch.load(f, weights_only=wo)
            out[str(wo)] = None
        except Exception as e:  # the error is what the test compares
            out[str(wo)] = [type(e).__name__, str(e).split("\n")[0]]
    return out


class OldTensorBase:
    def __init__(self, new_tensor):
        self.new_tensor = new_tensor

    def __getstate__(self):
        return (self.new_tensor.storage(), self.new_tensor.storage_offset(), tuple(self.new_tensor.size()),
                self.new_tensor.stride())


class OldTensorV1(OldTensorBase):
    def __reduce__(self):
        return (torch.Tensor, (), self.__getstate__())


class OldTensorV2(OldTensorBase):
    def __reduce__(self):
        return (_rebuild_tensor, self.__getstate__())


def save_old_tensor(f, version, zipfile, weights_only):
    """test_serialization_backwards_compat's old tensor forms; what PyTorch loads back (storage, offset, size, stride)."""
    torch.manual_seed(5)
    x = torch.randn(30).as_strided([2, 3], [9, 3], 2)
    cls = OldTensorV1 if version == 1 else OldTensorV2
    torch.save(cls(x), f, _use_new_zipfile_serialization=zipfile)
    y = torch.load(f, weights_only=weights_only)
    return {"storage": torch.tensor(y.storage().tolist()), "offset": y.storage_offset(), "size": list(y.size()),
            "stride": list(y.stride()), "value": y}


def save_cuda_tagged(f, zipfile):
    """test_serialization_map_location's file: [[1., 2.], [3., 4.]] with its storage's location 'cuda:0'."""
    old = torch.serialization.location_tag
    torch.serialization.location_tag = lambda s: "cuda:0"
    try:
        torch.save(torch.FloatTensor([[1.0, 2.0], [3.0, 4.0]]), f, _use_new_zipfile_serialization=zipfile)
    finally:
        torch.serialization.location_tag = old
    out = {}
    for name, ml in [("fn", lambda storage, loc: storage), ("dict", {'cuda:0': 'cpu'}), ("str", 'cpu'),
                     ("device", torch.device('cpu'))]:
        for src in ("path", "bytes"):
            with open(f, "rb") as fh:
                data = io.BytesIO(fh.read())
            t = torch.load(f if src == "path" else data, map_location=ml)
            out[f"{name}_{src}"] = [str(t.device), type(t).__name__, t]
    try:
        torch.load(f)
        out["error"] = None
    except RuntimeError as e:
        out["error"] = ["RuntimeError", str(e).split("\n")[0]]
    return out


def save_with_offset(f, zipfile, gz=None, big=1 << 22):
    """test_serialization_offset: pickle 41, torch.save(a), pickle 43, torch.save(b) in one file; each save's
    [start, end) offsets, and what PyTorch reads back from the file position."""
    torch.manual_seed(7)
    a = torch.randn(5, 5)
    b = torch.randn(big)
    i, j = 41, 43
    spans = []
    with open(f, "wb") as fh:
        pickle.dump(i, fh)
        s = fh.tell()
        torch.save(a, fh, _use_new_zipfile_serialization=zipfile)
        spans.append([s, fh.tell()])
        if not zipfile:  # a zip reader looks for the last central directory: one zip per stream, as upstream's
            pickle.dump(j, fh)
            s = fh.tell()
            torch.save(b, fh, _use_new_zipfile_serialization=zipfile)
            spans.append([s, fh.tell()])
    opener = (lambda: gzip.open(gz, "rb")) if gz else (lambda: open(f, "rb"))
    if gz:
        with open(f, "rb") as f_in, gzip.open(gz, "wb") as f_out:
            shutil.copyfileobj(f_in, f_out)
    with opener() as fh:
        i_loaded = pickle.load(fh)
        a_loaded = torch.load(fh)
        if zipfile:
            return {"spans": spans, "a": a, "i": i_loaded, "same": torch.equal(a, a_loaded)}
        j_loaded = pickle.load(fh)
        b_loaded = torch.load(fh)
    return {"spans": spans, "a": a, "b_sum": float(b.double().sum()), "i": i_loaded, "j": j_loaded,
            "same": torch.equal(a, a_loaded) and torch.equal(b, b_loaded)}


def big_tensor_file(f, seed, rows, cols):
    """test_serialization_filelike_stress's tensor, saved to f."""
    torch.manual_seed(seed)
    torch.save(torch.randn(rows, cols), f)


def same_as_big(f, f2):
    """Whether torchts's file f2 holds the tensor of f."""
    return torch.equal(torch.load(f), torch.load(f2))


def save_warnings(f):
    """test_serialization_save_warnings: the warnings torch.save(torch.nn.Linear(2, 3)) gives."""
    with warnings.catch_warnings(record=True) as warns:
        warnings.simplefilter("always")
        torch.save(torch.nn.Linear(2, 3), f)
    return [str(w.message) for w in warns]


def weights_only_assert(f):
    """test_weights_only_assert: a pickle of print('Hello World!'); loads unsafely, refused with weights_only."""
    class HelloWorld:
        def __reduce__(self):
            return (print, ("Hello World!",))

    import contextlib
    torch.save(HelloWorld(), f)
    with contextlib.redirect_stdout(io.StringIO()):  # stdout is the bridge's
        unsafe = torch.load(f, weights_only=False)
    try:
        torch.load(f, weights_only=True)
        err = None
    except Exception as e:  # the error is what the test compares
        err = [type(e).__name__, str(e).split("\n")[0]]
    return {"unsafe": unsafe, "error": err}


def load_error(f, weights_only=False):
    """torch.load(f)'s error: [class, first line], or None."""
    try:
        torch.load(f, weights_only=weights_only)
        return None
    except Exception as e:  # the error is what the test compares
        return [type(e).__name__, str(e).split("\n")[0]]


def save_error(code, inputs):
    try:
        exec(code, {"torch": torch, "io": io, **inputs})
        return None
    except Exception as e:  # the error is what the test compares
        return [type(e).__name__, str(e).split("\n")[0]]


def pairs_loaded(f):
    """torch.load of [a, b] pairs torchts saved: each item's kind, dtype and values."""
    out = []
    for x in torch.load(f):
        if isinstance(x, torch.storage.TypedStorage):
            out.append(["TypedStorage", str(x.dtype), x.size(), torch.tensor(x.tolist(), dtype=x.dtype)])
        else:
            out.append(["Tensor", str(x.dtype), x.size(), x])
    return out


def storage_sharing(f):
    """torchts's file of views and storages: which items share memory in PyTorch, and their layout."""
    c = torch.load(f)

    def ptr(x):
        return x.storage().data_ptr() if isinstance(x, torch.Tensor) else x.data_ptr()
    return {"ptrs_equal": [[ptr(x) == ptr(y) for y in c] for x in c],
            "layout": [[x.storage_offset(), list(x.stride()), list(x.size())] if isinstance(x, torch.Tensor)
                       else ["storage", x.size()] for x in c],
            "values": [x if isinstance(x, torch.Tensor) else torch.tensor(x.tolist(), dtype=x.dtype) for x in c]}


def gzip_file(f, gz):
    with open(f, "rb") as f_in, gzip.open(gz, "wb") as f_out:
        shutil.copyfileobj(f_in, f_out)


def load_gzip(gz):
    with gzip.open(gz, "rb") as fh:
        return torch.load(fh)
