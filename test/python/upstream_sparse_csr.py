# The PyTorch side of test/upstream/test_sparse_csr.test.ts (PyTorch 1.13's test/test_sparse_csr.py on the CPU).
# Compressed tensors (CSR, CSC, BSR, BSC) cross the bridge as their parts: {layout, ci, pi, v, size} (the
# compressed indices, plain indices, values and size), rebuilt here with torch.sparse_compressed_tensor.
import torch

COMPRESSED = {"sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc"}


def build(p):
    return torch.sparse_compressed_tensor(p["ci"], p["pi"], p["v"], p["size"], layout=getattr(torch, p["layout"]))


def parts(t):
    """A result as plain data: tensors by layout (dense, COO coalesced, compressed as their parts)."""
    if isinstance(t, (list, tuple)):
        return [parts(x) for x in t]
    if isinstance(t, torch.Size):
        return list(t)
    if isinstance(t, torch.dtype):
        return str(t).split(".")[1]
    if isinstance(t, torch.layout):
        return str(t).split(".")[1]
    if not isinstance(t, torch.Tensor):
        return t
    name = str(t.layout).split(".")[1]
    if t.layout == torch.strided:
        return {"layout": name, "dense": t.detach()}
    if t.layout == torch.sparse_coo:
        c = t.detach().coalesce()
        return {"layout": name, "i": c.indices(), "v": c.values(), "size": list(t.shape)}
    if t.layout in (torch.sparse_csr, torch.sparse_bsr):
        ci, pi = t.crow_indices(), t.col_indices()
    else:
        ci, pi = t.ccol_indices(), t.row_indices()
    return {"layout": name, "ci": ci.detach(), "pi": pi.detach(), "v": t.values().detach(), "size": list(t.shape)}


def case(code, inputs):
    """Runs `code` (which assigns `out`) with the inputs (compressed ones rebuilt): its result as parts, or its error."""
    env = {"torch": torch}
    for k, v in inputs.items():
        env[k] = build(v) if isinstance(v, dict) and v.get("layout") in COMPRESSED else v
    try:
        exec(code, env)
    except Exception as e:  # the error PyTorch raises: its class and first message line
        return {"error": str(e).split("\n")[0], "type": type(e).__name__}
    return {"out": parts(env.get("out"))}
