# One rank of the job test/programs/dist_ops.ts runs, in PyTorch (see there). Gloo in PyTorch 1.13
# has no all_gather_into_tensor / reduce_scatter_tensor: this program gets their results from
# all_gather / all_reduce, which is also what travels on the wire when torchts runs them on Gloo.
import json

import torch
import torch.distributed as dist

dist.init_process_group("gloo")
r = dist.get_rank()
w = dist.get_world_size()
out = {"rank": r, "world": w}
DT = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "int32": torch.int32,
      "int64": torch.int64, "int8": torch.int8, "uint8": torch.uint8}
OPS = {"SUM": dist.ReduceOp.SUM, "PRODUCT": dist.ReduceOp.PRODUCT, "MIN": dist.ReduceOp.MIN, "MAX": dist.ReduceOp.MAX,
       "BAND": dist.ReduceOp.BAND, "BOR": dist.ReduceOp.BOR, "BXOR": dist.ReduceOp.BXOR}


def base(dt):
    return (torch.arange(6).reshape(2, 3) + 1).mul(r + 1).add(r).to(DT[dt])


for dt in DT:
    names = ["SUM", "PRODUCT", "MIN", "MAX"] + ([] if dt.startswith("float") else ["BAND", "BOR", "BXOR"])
    for op in names:
        t = base(dt)
        dist.all_reduce(t, OPS[op])
        out[f"allReduce {dt} {op}"] = t.tolist()
try:
    dist.all_reduce(base("float32"), dist.ReduceOp.AVG)
    out["allReduce AVG"] = "accepted"
except RuntimeError as e:
    out["allReduce AVG"] = str(e).split("\n")[0]

b = torch.full([3], float(r * 10 + 5))
dist.broadcast(b, 1)
out["broadcast"] = b.tolist()

red = torch.tensor([r + 1, 2 * r + 1], dtype=torch.float32)
dist.reduce(red, 0, dist.ReduceOp.SUM)
if r == 0:
    out["reduce"] = red.tolist()

gathered = [torch.zeros(3) for _ in range(w)]
dist.all_gather(gathered, torch.tensor([r, r * 2, r * 3], dtype=torch.float32))
out["allGather"] = [t.tolist() for t in gathered]

flat = torch.zeros(w * 2, 3)
dist.all_gather(list(flat.view(w, 2, 3).unbind(0)), torch.full([2, 3], float(r + 1)))
out["allGatherIntoTensor"] = flat.tolist()

src = torch.arange(w * 4, dtype=torch.float32).mul(r + 1)
dist.all_reduce(src)
out["reduceScatterTensor"] = src.view(w, 4)[r].tolist()

gl = [torch.zeros(1) for _ in range(w)] if r == 0 else None
dist.gather(torch.tensor([r + 0.5]), gl, 0)
if gl is not None:
    out["gather"] = [t.tolist() for t in gl]

sc = torch.zeros(1)
dist.scatter(sc, [torch.tensor([k * 100.0 + 7]) for k in range(w)] if r == 1 else None, 1)
out["scatter"] = sc.tolist()

if r == 0:
    dist.send(torch.tensor([42.0, r]), 1)
    got = torch.zeros(2)
    dist.irecv(got).wait()
    out["p2p"] = {"got": got.tolist()}
elif r == 1:
    got = torch.zeros(2)
    frm = dist.recv(got, 0)
    dist.isend(torch.tensor([7.0, r]), 0).wait()
    out["p2p"] = {"got": got.tolist(), "from": frm}

a = torch.tensor([r + 1.0], dtype=torch.float64)
work = dist.all_reduce(a, dist.ReduceOp.SUM, None, True)
work.wait()
out["asyncAllReduce"] = {"value": a.tolist(), "completed": work.is_completed()}

pair = dist.new_group([0, 1])
solo = dist.new_group([1])
pv = torch.tensor([r + 1])
dist.all_reduce(pv, dist.ReduceOp.SUM, pair)
out["groupPair"] = {"value": pv.tolist(), "rank": dist.get_rank(pair), "size": dist.get_world_size(pair)}
sv = torch.tensor([r + 1])
dist.all_reduce(sv, dist.ReduceOp.SUM, solo)
out["groupSolo"] = {"value": sv.tolist(), "rank": dist.get_rank(solo), "size": dist.get_world_size(solo)}
if r == 1:
    bs = torch.tensor([3.5])
    dist.broadcast(bs, 1, solo)
    out["groupSoloBroadcast"] = bs.tolist()

def obj(k):
    return {"rank": k, "name": "x" * (k * 5 + 1), "vals": [k, k + 0.5, None, True], "nested": {"k": [k]}}


gathered_objects = [None] * w
dist.all_gather_object(gathered_objects, obj(r))
out["allGatherObject"] = gathered_objects
object_gather = [None] * w if r == 0 else None
dist.gather_object(obj(r), object_gather, 0)
if object_gather is not None:
    out["gatherObject"] = object_gather
bl = ["a", {"x": 1, "y": "two"}, [1, 2, 3]] if r == 1 else [None, None, None]
dist.broadcast_object_list(bl, 1)
out["broadcastObjectList"] = bl
so = [None]
dist.scatter_object_list(so, [{"to": k, "s": "y" * (k * 3)} for k in range(w)] if r == 0 else None, 0)
out["scatterObjectList"] = so
dist.barrier()
print(json.dumps(out))
dist.destroy_process_group()
