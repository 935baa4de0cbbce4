# PyTorch side of bench/fuzz.ts: reads one case a line (JSON) on stdin, answers one line with what
# PyTorch 1.13 gives for it: {"ok": [result...]} (each result {dtype, shape, data}) or {"error": msg}.
import json
import math
import sys
import warnings

import torch

warnings.filterwarnings("ignore")  # x.T's deprecation warning, as the worker ignores torchts's

torch.set_num_threads(1)
PY_NAME = {"indexSelect": "index_select", "logSoftmax": "log_softmax", "logicalNot": "logical_not"}


def num(v):
    if isinstance(v, str):
        return float(v[2:]) if v.startswith("f:") else float(v)
    return v


def data(v):
    return [data(x) for x in v] if isinstance(v, list) else num(v)


def arg(v, ts):
    if isinstance(v, dict) and "$t" in v:
        return ts[v["$t"]]
    if isinstance(v, dict) and "$list" in v:
        return [arg(x, ts) for x in v["$list"]]
    if isinstance(v, list):
        return [arg(x, ts) for x in v]
    return num(v)


def enc(t):
    vals = [float(x) for x in t.detach().flatten().tolist()]
    return {"dtype": str(t.dtype)[6:], "shape": list(t.shape),
            "data": [x if math.isfinite(x) else str(x) for x in vals]}


def run(case):
    ts = [torch.tensor(data(s["data"]), dtype=getattr(torch, s["dtype"]) if s.get("dtype") else None)
          for s in case["t"]]
    op, args = case["op"], [arg(a, ts) for a in case.get("args", [])]
    if op == "tensor":
        out = ts[0]
    elif op == "T":
        out = ts[0].T
    elif op in ("cat", "stack"):
        out = getattr(torch, op)(*args)
    else:
        out = getattr(ts[0], PY_NAME.get(op, op))(*args)
    if isinstance(out, tuple):
        return [enc(x) for x in out]
    return [enc(out)]


for line in sys.stdin:
    case = json.loads(line)
    try:
        r = {"ok": run(case)}
    except Exception as e:  # noqa: BLE001
        r = {"error": type(e).__name__ + ": " + str(e).split("\n")[0]}
    sys.stdout.write(json.dumps(r) + "\n")
    sys.stdout.flush()
