# Runs PyTorch computations for the parity tests: one JSON request per line on stdin, one reply per
# line on stdout. Tensors travel as raw little-endian bytes (base64) with dtype and shape. A request
# holds either `code` (a snippet that assigns `out`) or `call` ("module.function" from test/python/,
# called with the inputs as keyword arguments; its return value is the reply).
import base64, importlib, json, os, sys, traceback
import torch
import torch.nn as nn
import torch.nn.functional as F

DTYPES = {
    "float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16,
    "int64": torch.int64, "int32": torch.int32, "int16": torch.int16, "int8": torch.int8, "uint8": torch.uint8, "bool": torch.bool,
    "complex32": torch.complex32, "complex64": torch.complex64, "complex128": torch.complex128,
}
NAMES = {v: k for k, v in DTYPES.items()}
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

def decode(v):
    if isinstance(v, dict) and "__tensor" in v:
        t = v["__tensor"]
        raw = bytearray(base64.b64decode(t["data"]))
        dt = DTYPES[t["dtype"]]
        if len(raw) == 0:
            x = torch.empty(t["shape"], dtype=dt)
        elif dt is torch.complex32:  # no NumPy counterpart: its float16 pairs
            x = torch.frombuffer(raw, dtype=torch.float16).clone().view(torch.complex32).reshape(t["shape"])
        else:
            x = torch.frombuffer(raw, dtype=dt).clone().reshape(t["shape"])
        return x.to(t.get("device", "cpu"))
    if isinstance(v, dict) and "__sparse_csr" in v:
        t = v["__sparse_csr"]
        return torch.sparse_csr_tensor(decode(t["crow"]), decode(t["col"]), decode(t["values"]), t["size"])
    if isinstance(v, dict) and "__sparse" in v:
        t = v["__sparse"]
        x = torch.sparse_coo_tensor(decode(t["indices"]), decode(t["values"]), t["size"])
        return x._coalesced_(True) if t["coalesced"] else x
    if isinstance(v, dict) and "__complex" in v:
        return complex(*v["__complex"])
    if isinstance(v, dict):
        return {k: decode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [decode(x) for x in v]
    return v

def encode(v):
    if isinstance(v, torch.Tensor) and v.layout == torch.sparse_csr:
        return {"__sparse_csr": {"crow": encode(v.crow_indices()), "col": encode(v.col_indices()),
                                 "values": encode(v.values()), "size": list(v.shape)}}
    if isinstance(v, torch.Tensor) and v.is_sparse:
        return {"__sparse": {"indices": encode(v._indices()), "values": encode(v._values()), "size": list(v.shape),
                             "coalesced": v.is_coalesced()}}
    if isinstance(v, torch.Tensor):
        x = v.detach().cpu().resolve_conj().resolve_neg().contiguous()
        raw = x.view(torch.int16) if x.dtype is torch.bfloat16 else torch.view_as_real(x) if x.dtype is torch.complex32 else x
        return {"__tensor": {"dtype": NAMES[x.dtype], "shape": list(x.shape),
                             "data": base64.b64encode(raw.numpy().tobytes()).decode()}}
    if isinstance(v, dict):
        return {str(k): encode(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [encode(x) for x in v]
    if isinstance(v, torch.Size):
        return list(v)
    if isinstance(v, complex):
        return {"__complex": [v.real, v.imag]}
    if isinstance(v, (int, float, str, bool)) or v is None:
        return v
    return repr(v)

def main():
    torch.set_num_threads(1)
    # CUDA parity is checked without TF32, on both sides.
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    for line in sys.stdin:
        req = json.loads(line)
        inputs = {k: decode(v) for k, v in req.get("inputs", {}).items()}
        try:
            if "call" in req:
                module, _, name = req["call"].rpartition(".")
                out = getattr(importlib.import_module(module), name)(**inputs)
            else:
                ns = {"torch": torch, "nn": nn, "F": F, "math": __import__("math"), **inputs}
                exec(req["code"], ns)
                out = ns.get("out")
            reply = {"id": req["id"], "out": encode(out)}
        except Exception as e:  # the message is what parity tests compare
            reply = {"id": req["id"], "error": str(e).split("\n")[0], "type": type(e).__name__,
                     "trace": traceback.format_exc()}
        sys.stdout.write(json.dumps(reply) + "\n")
        sys.stdout.flush()

main()
