# Hostile checkpoints for test/hostile_files.test.ts, built with Python's torch.save, zipfile and pickle:
# each is a torch.save zip with one thing changed. Also what PyTorch's torch.load says about each.
import io
import pickle
import zipfile

import torch


def _save(obj):
    b = io.BytesIO()
    torch.save(obj, b)
    return b.getvalue()


def _rewrite(data, change):
    """The zip `data` with each record passed through change(name, bytes) -> (name, bytes) or None."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        for info in src.infolist():
            r = change(info.filename, src.read(info.filename))
            if r is not None:
                z.writestr(r[0], r[1])
    return out.getvalue()


def _replace_pickle(data, pkl):
    return _rewrite(data, lambda n, b: (n, pkl) if n.endswith("data.pkl") else (n, b))


def _replace_storage(data, payload):
    return _rewrite(data, lambda n, b: (n, payload) if "/data/" in n else (n, b))


def _evil_pickle(module, name, args):
    # GLOBAL module\nname\n + args tuple + REDUCE, wrapped as a dict value.
    body = pickle.dumps(args, protocol=2)[2:-1]  # the tuple without PROTO/STOP
    return b"\x80\x02}q\x00X\x01\x00\x00\x00aq\x01c" + module.encode() + b"\n" + name.encode() + b"\n" + body + b"R" + b"s."


def _pid_pickle(size, stride, offset, storage="FloatStorage"):
    """A pickle of {'t': _rebuild_tensor_v2(('storage', torch.<storage>, '0', 'cpu', n), offset, size, stride)}."""
    def tup(xs):
        return b"(" + b"".join(b"J" + int(x).to_bytes(4, "little", signed=True) if abs(x) < 2**31
                                 else b"\x8a\x08" + int(x).to_bytes(8, "little", signed=True) for x in xs) + b"t"
    pid = b"(X\x07\x00\x00\x00storagectorch\n" + storage.encode() + b"\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x01tQ"
    return (b"\x80\x02}X\x01\x00\x00\x00tctorch._utils\n_rebuild_tensor_v2\n(" + pid + tup([offset])[1:-1]
            + tup(size) + tup(stride) + b"\x89ccollections\nOrderedDict\n)RtRs.")


def files(marker):
    good = _save({"t": torch.arange(6, dtype=torch.float32)})
    out = {}
    out["truncated"] = good[: len(good) // 2]
    out["random"] = bytes((i * 2654435761 >> 7) & 255 for i in range(4096))
    out["empty"] = b""
    out["text"] = b"hello, not a zip\n"
    out["storage_3_bytes"] = _replace_storage(good, b"\x00\x00\x80")
    out["storage_27_bytes"] = _replace_storage(good, bytes(27))
    out["size_past_storage"] = _replace_pickle(good, _pid_pickle([7], [1], 0))
    out["offset_past_storage"] = _replace_pickle(good, _pid_pickle([6], [1], 1))
    out["stride_past_storage"] = _replace_pickle(good, _pid_pickle([2, 3], [4, 1], 0))
    out["huge_size"] = _replace_pickle(good, _pid_pickle([2**40, 2**40], [1, 1], 0))
    out["overflow_size"] = _replace_pickle(good, _pid_pickle([2**62, 4], [2**62, 1], 0))
    out["negative_size"] = _replace_pickle(good, _pid_pickle([-1], [1], 0))
    out["negative_offset"] = _replace_pickle(good, _pid_pickle([1], [1], -3))
    out["unknown_storage"] = _replace_pickle(good, _pid_pickle([1], [1], 0, "EvilStorage"))
    out["dotdot_names"] = _rewrite(good, lambda n, b: ("../../" + n, b))
    out["missing_storage"] = _rewrite(good, lambda n, b: None if "/data/" in n else (n, b))
    cmd = "touch " + marker
    for mod, name, args in [("os", "system", (cmd,)), ("posix", "system", (cmd,)), ("builtins", "eval",
                            ("__import__('os').system(%r)" % cmd,)), ("builtins", "exec", ("open(%r,'w')" % marker,)),
                            ("subprocess", "call", (["touch", marker],)), ("torch", "save", (1, marker)),
                            ("builtins", "open", (marker, "w"))]:
        out["global_" + mod + "_" + name] = _replace_pickle(good, _evil_pickle(mod, name, args))
    out["self_containing"] = _replace_pickle(good, b"\x80\x02]q\x00h\x00a.")
    laughs = []
    for _ in range(64):
        laughs = [laughs, laughs]
    out["billion_laughs"] = _replace_pickle(good, pickle.dumps({"a": laughs}, protocol=2))
    return {k: list(v) for k, v in out.items()}


def pytorch_loads(path):
    """PyTorch's torch.load(path, weights_only=False is not used: 1.13 default) -> 'ok' or its error class."""
    try:
        torch.load(path)
        return "ok"
    except BaseException as e:  # noqa: BLE001
        return type(e).__name__


def shared_storage_file(path):
    base = torch.arange(12, dtype=torch.float32)
    t = torch.ones(3)
    torch.save({"base": base, "view": base[2:8].view(2, 3), "t1": t, "t2": t, "col": base.view(3, 4)[:, 1]}, path)


def shared_storage_check(path):
    """What torch.load gives for shared_storage_file: which loaded tensors share storage / are the same object."""
    d = torch.load(path)
    d["view"].add_(100)
    d["t1"].add_(1)
    return {"base": d["base"].tolist(), "col": d["col"].tolist(), "t2": d["t2"].tolist(),
            "same": d["t1"] is d["t2"], "col_stride": list(d["col"].stride()), "col_offset": d["col"].storage_offset()}
