# One rank of the job test/upstream/test_c10d_gloo.test.ts runs: PyTorch 1.13's
# test/distributed/test_c10d_gloo.py (ProcessGroupGlooTest, CommTest) cases through the public
# torch.distributed API, every case on every rank in one process group. test/programs/c10d_gloo_cases.ts
# is the same program in torchts; the test compares the two traces (one JSON line per rank).
# Trace entries: [label, value] (a value or {"err": class, "msg": first line}), or [label, got, want]
# where want is what upstream asserts, computed here as upstream computes it.
import json
import math
import operator
import sys
import time
import warnings
from functools import reduce as freduce

import torch
import torch.distributed as dist

dist.init_process_group("gloo")
rank = dist.get_rank()
ws = dist.get_world_size()
trace = {}
cur = []


def tl(x):
    if isinstance(x, torch.Tensor):
        return x.tolist()
    if isinstance(x, (list, tuple)):
        return [tl(y) for y in x]
    return x


def eq(label, got, want):
    cur.append([label, tl(got), tl(want)])


def val(label, v):
    cur.append([label, tl(v)])


def err(label, fn):
    try:
        fn()
        cur.append([label, "no error"])
    except Exception as e:  # noqa: BLE001
        cur.append([label, {"err": type(e).__name__, "msg": str(e).split("\n")[0]}])


def case(fn):
    global cur
    cur = []
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        cur.append(["uncaught", {"err": type(e).__name__, "msg": str(e).split("\n")[0]}])
    trace[fn.__name__] = cur
    # As in the torchts program: a failed op stays in Gloo's in-progress list for a moment after its
    # wait() has raised, and a barrier issued then would rethrow its error on this rank only.
    time.sleep(0.02)
    dist.barrier()


# simple_reduce_tests(rank, world_size) from test_c10d_gloo.py, as (name, op, input, expected).
def simple_reduce_tests():
    tests = [
        ("SUM", dist.ReduceOp.SUM, torch.tensor([rank + 1.0]), torch.tensor([float(ws * (ws + 1) / 2)])),
        ("PRODUCT", dist.ReduceOp.PRODUCT, torch.tensor([rank + 1.0]), torch.tensor([float(math.factorial(ws))])),
        ("MIN", dist.ReduceOp.MIN, torch.tensor([rank + 1.0]), torch.tensor([1.0])),
        ("MAX", dist.ReduceOp.MAX, torch.tensor([rank + 1.0]), torch.tensor([float(ws)])),
        ("AVG", dist.ReduceOp.AVG, torch.tensor([rank + 1.0]), torch.tensor([float((ws + 1) / 2)])),
    ]
    for i in range(4):
        tests.append(("BAND", dist.ReduceOp.BAND, torch.tensor([rank | (1 << i)], dtype=torch.int32),
                      torch.tensor([1 << i], dtype=torch.int32)))
    for i in range(1, 5):
        vin = freduce(operator.or_, [rank * i + j for j in range(i)])
        vout = freduce(operator.or_, range(ws * i))
        tests.append(("BOR", dist.ReduceOp.BOR, torch.tensor([vin], dtype=torch.int32),
                      torch.tensor([vout], dtype=torch.int32)))
    for i in range(1, 5):
        vin = freduce(operator.xor, [rank * i + j for j in range(i)])
        vout = freduce(operator.xor, range(ws * i))
        tests.append(("BXOR", dist.ReduceOp.BXOR, torch.tensor([vin], dtype=torch.int32),
                      torch.tensor([vout], dtype=torch.int32)))
    return tests


def simple_coalesced_reduce_tests():
    return [
        ("SUM", dist.ReduceOp.SUM, [torch.tensor([rank + 1.0]), torch.tensor([(rank + 1.0) ** 2])],
         [torch.tensor([float(ws * (ws + 1) / 2)]), torch.tensor([float(ws * (ws + 1) * (2 * ws + 1) / 6)])]),
        ("PRODUCT", dist.ReduceOp.PRODUCT, [torch.tensor([rank + 1.0]), torch.tensor([rank + 2.0])],
         [torch.tensor([float(math.factorial(ws))]), torch.tensor([float(math.factorial(ws + 1))])]),
        ("MIN", dist.ReduceOp.MIN, [torch.tensor([rank + x]) for x in [0.0, 1.0]],
         [torch.tensor([0.0]), torch.tensor([1.0])]),
        ("MAX", dist.ReduceOp.MAX, [torch.tensor([rank + x]) for x in [1.0, 2.0]],
         [torch.tensor([float(ws)]), torch.tensor([ws + 1.0])]),
    ]


def test_empty_tensors():
    xs = torch.FloatTensor([])
    w = dist.broadcast(xs, 0, async_op=True)
    w.wait()
    eq("numel", xs.numel(), 0)


def test_broadcast_checks():
    t1 = torch.zeros([1], dtype=torch.float32)
    err("root -1", lambda: dist.broadcast(t1, -1))
    err("root world_size", lambda: dist.broadcast(t1, ws))


def test_broadcast_basics():
    for i in range(ws):
        x = torch.tensor([rank])
        dist.broadcast(x, i, async_op=True).wait()
        eq(f"root {i}", x, torch.tensor([i]))
    x = torch.tensor([rank + 1.0])
    dist.broadcast(x, 0)
    eq("convenience", x, torch.tensor([1.0]))


def test_broadcast_stress():
    inputs = [torch.tensor([i * ws + rank]) for i in range(1000)]
    works = [dist.broadcast(inputs[i], i % ws, async_op=True) for i in range(len(inputs))]
    for w in works:
        w.wait()
    eq("all", inputs, [torch.tensor([i * ws + i % ws]) for i in range(len(inputs))])


def test_allreduce_basics():
    for name, op, inp, expected in simple_reduce_tests():
        t = inp.clone()
        try:
            dist.all_reduce(t, op, async_op=True).wait()
            eq(name, t, expected)
        except Exception as e:  # noqa: BLE001
            val(name, {"err": type(e).__name__, "msg": str(e).split("\n")[0]})
    x = torch.tensor([rank + 1.0])
    dist.all_reduce(x)
    eq("convenience", x, torch.tensor([float(ws * (ws + 1) / 2)]))
    # fp16 SUM against the sum of the all-gathered halves.
    torch.manual_seed(rank)
    tensor = ((torch.rand(10, 1, dtype=torch.float32) * 2 - 1) * 65504 / ws).to(torch.float16)
    out = [torch.zeros_like(tensor) for _ in range(ws)]
    dist.all_gather(out, tensor)
    total = torch.stack(out, dim=0).sum(dim=0)
    dist.all_reduce(tensor)
    val("fp16 result", tensor)
    eq("fp16 close", torch.allclose(total.float(), tensor.float(), rtol=1e-3, atol=1e-5), True)


def test_allreduce_stress():
    inputs = [torch.tensor([i + rank]) for i in range(1000)]
    works = [dist.all_reduce(t, async_op=True) for t in inputs]
    for w in works:
        w.wait()
    eq("all", inputs, [torch.tensor([i * ws + ws * (ws - 1) // 2]) for i in range(1000)])


def test_allreduce_coalesced_checks():
    t1 = torch.zeros(1, dtype=torch.float32)
    t2 = torch.zeros(1, dtype=torch.float64)
    t3 = torch.sparse_coo_tensor([[0]], [1], size=(1,))
    err("empty", lambda: dist.all_reduce_coalesced([]))
    err("types", lambda: dist.all_reduce_coalesced([t1, t2]))
    err("layouts", lambda: dist.all_reduce_coalesced([t1, t3.float()]))
    err("sparse", lambda: dist.all_reduce_coalesced([t3, t3.clone()]))


def test_allreduce_coalesced_basics():
    for name, op, inputs, outputs in simple_coalesced_reduce_tests():
        ts = [x.clone() for x in inputs]
        dist.all_reduce_coalesced(ts, op)
        eq(name, ts, outputs)


def expected_output(i):
    return 2 * [torch.tensor([i * ws + ws * (ws - 1) // 2])]


def test_allreduce_coalesced_stress():
    inputs = [[torch.tensor([i + rank]), torch.tensor([i + rank])] for i in range(1000)]
    futs = [dist.all_reduce_coalesced(x, async_op=True) for x in inputs]
    for f in futs:
        f.wait()
    eq("all", inputs, [expected_output(i) for i in range(1000)])


def test_allreduce_coalesced_async():
    xs = [[torch.tensor([i + rank]), torch.tensor([i + rank])] for i in range(2)]
    futs = [dist.all_reduce_coalesced(x, async_op=True) for x in xs]
    for f in futs:
        f.wait()
    eq("all", xs, [expected_output(i) for i in range(2)])


def test_sparse_allreduce_checks():
    t3 = torch.sparse_coo_tensor([[0]], [1.0], size=(4,))
    for name, op in [("PRODUCT", dist.ReduceOp.PRODUCT), ("MIN", dist.ReduceOp.MIN), ("MAX", dist.ReduceOp.MAX)]:
        err(name, lambda: dist.all_reduce(t3.clone(), op))


def test_scatter_checks():
    t1 = torch.zeros([1], dtype=torch.float32)
    t2 = torch.zeros([1], dtype=torch.float64)
    t3 = torch.zeros([2], dtype=torch.float32)
    err("root -1", lambda: dist.scatter(t1, None, -1))
    err("root world_size", lambda: dist.scatter(t1, None, ws))
    err("list size ws-1", lambda: dist.scatter(t1, [t1] * (ws - 1), rank))
    err("list size ws+1", lambda: dist.scatter(t1, [t1] * (ws + 1), rank))
    err("tensor type", lambda: dist.scatter(t1, [t2] * ws, rank))
    err("tensor size", lambda: dist.scatter(t1, [t3] * ws, rank))
    err("input on non-root", lambda: dist.scatter(t1, [t1] * ws, (rank + 1) % ws))


def test_scatter_basics():
    inp = [torch.tensor([rank]) for _ in range(ws)]
    outputs = [torch.tensor([-1]) for _ in range(ws)]
    works = [dist.scatter(outputs[i], inp if i == rank else None, i, async_op=True) for i in range(ws)]
    for i in range(ws):
        works[i].wait()
        eq(f"root {i}", outputs[i], torch.tensor([i]))


def test_scatter_stress():
    inputs = [[torch.tensor([i + rank]) for _ in range(ws)] for i in range(1000)]
    outputs = [[torch.tensor([-1]) for _ in range(ws)] for _ in range(len(inputs))]
    works = []
    for i in range(len(inputs)):
        for root in range(ws):
            lst = [e.clone() for e in inputs[i]] if root == rank else None
            works.append(dist.scatter(outputs[i][root], lst, root, async_op=True))
    for w in works:
        w.wait()
    eq("all", outputs, [[torch.tensor([i + root]) for root in range(ws)] for i in range(len(inputs))])


def test_gather_checks():
    t1 = torch.zeros([1], dtype=torch.float32)
    t2 = torch.zeros([1], dtype=torch.float64)
    t3 = torch.zeros([2], dtype=torch.float32)
    err("root -1", lambda: dist.gather(t1, None, -1))
    err("root world_size", lambda: dist.gather(t1, None, ws))
    err("list size ws-1", lambda: dist.gather(t1, [t1] * (ws - 1), rank))
    err("list size ws+1", lambda: dist.gather(t1, [t1] * (ws + 1), rank))
    err("tensor type", lambda: dist.gather(t1, [t2] * ws, rank))
    err("tensor size", lambda: dist.gather(t1, [t3] * ws, rank))
    err("output on non-root", lambda: dist.gather(t1, [t1] * ws, (rank + 1) % ws))


def gather_basics(fn):
    inp = fn(torch.tensor([rank]))
    outputs = [fn(torch.tensor([-1])) for _ in range(ws)]
    works = [dist.gather(inp, outputs if i == rank else None, i, async_op=True) for i in range(ws)]
    for i in range(ws):
        works[i].wait()
        if i == rank:
            eq(f"root {i}", outputs, [fn(torch.tensor([r])) for r in range(ws)])


def test_gather_basics():
    gather_basics(lambda t: t.clone())


def test_gather_noncontiguous_input():
    gather_basics(lambda t: t.expand(2, 2).contiguous()[:, 0])


def test_gather_stress():
    inputs = [torch.tensor([i + rank]) for i in range(1000)]
    outputs = [[torch.tensor([-1]) for _ in range(ws)] for _ in range(len(inputs))]
    works = []
    for i in range(len(inputs)):
        for root in range(ws):
            works.append(dist.gather(inputs[i].clone(), outputs[i] if root == rank else None, root, async_op=True))
    for w in works:
        w.wait()
    eq("all", outputs, [[torch.tensor([i + j]) for j in range(ws)] for i in range(len(inputs))])


def test_allgather_checks():
    t1 = torch.zeros([1], dtype=torch.float32)
    t2 = torch.zeros([1], dtype=torch.float64)
    t3 = torch.zeros([2], dtype=torch.float32)
    err("output list ws-1", lambda: dist.all_gather([t1] * (ws - 1), t1))
    err("output list ws+1", lambda: dist.all_gather([t1] * (ws + 1), t1))
    err("tensor type", lambda: dist.all_gather(([t1, t2] * ws)[:ws], t1))
    err("tensor size", lambda: dist.all_gather(([t1, t3] * ws)[:ws], t1))


def allgather_basics(fn):
    inp = fn(torch.tensor([rank]))
    output = [fn(torch.tensor([-1])) for _ in range(ws)]
    dist.all_gather(output, inp, async_op=True).wait()
    eq("n=1", output, [fn(torch.tensor([i])) for i in range(ws)])


def test_allgather_basics():
    allgather_basics(lambda t: t.clone())


def test_allgather_noncontiguous_input():
    allgather_basics(lambda t: t.expand(2, 2).contiguous()[:, 0])


def test_allgather_inference_mode():
    with torch.inference_mode():
        allgather_basics(lambda t: t.clone())


def test_allgather_stress():
    inputs = [torch.tensor([i + rank]) for i in range(1000)]
    outputs = [[torch.tensor([-1]) for _ in range(ws)] for _ in range(len(inputs))]
    works = [dist.all_gather(outputs[i], inputs[i].clone(), async_op=True) for i in range(len(inputs))]
    for w in works:
        w.wait()
    eq("all", outputs, [[torch.tensor([i + j]) for j in range(ws)] for i in range(len(inputs))])


def test_allgather_coalesced_checks():
    dummy_input = [torch.zeros([1], dtype=torch.float32)]
    lists = [[torch.zeros([1], dtype=torch.float32)] for _ in range(ws)]
    lists[0] = [torch.zeros([0], dtype=torch.float32)]
    err("output size", lambda: dist.all_gather_coalesced(lists, dummy_input))
    lists[0] = [torch.zeros([1], dtype=torch.float64)]
    err("output type", lambda: dist.all_gather_coalesced(lists, dummy_input))
    too_many = [[torch.zeros([1], dtype=torch.float32)] for _ in range(ws + 1)]
    err("too many lists", lambda: dist.all_gather_coalesced(too_many, dummy_input))
    err("not a list of lists", lambda: dist.all_gather_coalesced([torch.zeros([0])], dummy_input))


def test_allgather_coalesced_async():
    xxs = [2 * [torch.tensor([i + rank])] for i in range(2)]
    yys = [[[torch.zeros_like(x) for x in xx] for _ in range(ws)] for xx in xxs]
    futs = [dist.all_gather_coalesced(yy, xx, async_op=True) for xx, yy in zip(xxs, yys)]
    for f in futs:
        f.wait()
    eq("all", yys, [[2 * [torch.tensor([i + r])] for r in range(ws)] for i in range(2)])


def test_reduce_checks():
    t1 = torch.zeros([1], dtype=torch.float32)
    err("root -1", lambda: dist.reduce(t1, -1))
    err("root world_size", lambda: dist.reduce(t1, ws))


def test_reduce_basics():
    for name, op, inp, output in simple_reduce_tests():
        for root in range(ws):
            tmp = inp.clone()
            try:
                dist.reduce(tmp, root, op, async_op=True).wait()
                if root == rank:
                    eq(f"{name} root {root}", tmp, output)
            except Exception as e:  # noqa: BLE001
                val(f"{name} root {root}", {"err": type(e).__name__, "msg": str(e).split("\n")[0]})


def test_reduce_stress():
    inputs = [torch.tensor([i + rank]) for i in range(1000)]
    outs, works = [], []
    for i in range(len(inputs)):
        for root in range(ws):
            tmp = inputs[i].clone()
            outs.append(tmp)
            works.append(dist.reduce(tmp, root, async_op=True))
    for w in works:
        w.wait()
    got = [outs[i * ws + rank] for i in range(len(inputs))]
    eq("all", got, [torch.tensor([i * ws + ws * (ws - 1) // 2]) for i in range(len(inputs))])


def test_send_recv_all_to_all():
    inputs = [torch.tensor([rank]) for _ in range(ws)]
    outputs = [torch.tensor([-1]) for _ in range(ws)]
    sends = [dist.isend(inputs[i], i, tag=0) for i in range(ws) if i != rank]
    recvs = [dist.irecv(outputs[i], i, tag=0) for i in range(ws) if i != rank]
    for w in sends + recvs:
        w.wait()
        eq("completed", w.is_completed(), True)
    for i in range(ws):
        if i != rank:
            eq(f"from {i}", outputs[i], torch.tensor([i]))


def test_barrier_implies_wait():
    tensors = [torch.full((100, 100), float(i)) for i in range(16)]
    for t in tensors:
        dist.all_reduce(t, async_op=True)  # the work handle is dropped, as upstream
    dist.barrier(async_op=True).wait()
    for i, t in enumerate(tensors):
        eq(f"tensor {i}", torch.equal(torch.full((100, 100), float(i * ws)), t), True)


# CommTest (test_c10d_gloo.py) and AbstractCommTest (test_c10d_common.py), CPU parts.
def test_broadcast_coalesced_gloo_cpu():
    pg = dist.distributed_c10d._get_default_group()
    for root in range(ws):
        target = torch.arange(60, dtype=torch.float32).chunk(5)
        target += torch.arange(60, dtype=torch.float32).chunk(5)
        target += torch.arange(60, dtype=torch.float32).chunk(5)
        target += torch.arange(60, dtype=torch.float64).chunk(5)
        target += torch.arange(60, dtype=torch.float32).chunk(5)
        target += torch.arange(60, dtype=torch.float32).chunk(5)
        tensors = [t.clone() for t in target] if rank == root else [torch.zeros_like(t) for t in target]
        if rank != root:
            eq(f"differs before, root {root}", all(torch.equal(a, b) for a, b in zip(tensors, target)), False)
        dist._broadcast_coalesced(pg, tensors, 256, root)
        eq(f"root {root}", tensors, list(target))


def test_bool_tensors():
    tensor = torch.tensor([1, 0, 0, 1], dtype=torch.bool)
    zeros = torch.tensor([0, 0, 0, 0], dtype=torch.bool)
    out = zeros if rank > 0 else tensor
    dist.broadcast(out, src=0)
    eq("broadcast", out, tensor)


def test_tensor_dtype_mismatch():
    tensor = torch.ones(2, 2) * 7
    tensor_h = tensor.half()
    tensor_list = [torch.zeros(2, 2) for _ in range(ws)]
    tensor_list_h = list(tensor_list)
    tensor_list_h[1] = tensor_list_h[1].half()
    err("all_gather list", lambda: dist.all_gather(tensor_list_h, tensor))
    err("all_gather tensor", lambda: dist.all_gather(tensor_list, tensor_h))
    err("all_gather_coalesced", lambda: dist.all_gather_coalesced([tensor_list_h], tensor_list))
    err("all_gather_coalesced input", lambda: dist.all_gather_coalesced([tensor_list], tensor_list_h))
    err("all_reduce_coalesced", lambda: dist.all_reduce_coalesced(tensor_list_h))
    err("scatter list", lambda: dist.scatter(tensor, tensor_list_h))
    err("gather tensor", lambda: dist.gather(tensor_h, tensor_list))
    err("gather list", lambda: dist.gather(tensor, tensor_list_h))
    err("scatter tensor", lambda: dist.scatter(tensor_h, tensor_list))


def test_tensor_dtype_complex():
    torch.manual_seed(rank)
    tensor = torch.rand(2)
    tensor_c = torch.view_as_complex(tensor)
    tensor_list = [torch.rand(2) for _ in range(ws)]
    tensor_list_c = list(tensor_list)
    tensor_list_c[1] = torch.view_as_complex(tensor_list_c[1])
    err("real <- real", lambda: dist.all_gather(tensor_list, tensor))
    err("real <- complex", lambda: dist.all_gather(tensor_list, tensor_c))
    err("complex <- real", lambda: dist.all_gather(tensor_list_c, tensor))
    err("complex <- complex", lambda: dist.all_gather(tensor_list_c, tensor_c))
    val("lists", [tensor_list[0], tensor_list[1]])


def test_gloo_warn_not_in_group():
    in_group = [r for r in range(ws) if r % 2 == 0]
    group = dist.new_group(in_group)
    x = torch.zeros(2, 2)
    xs = [torch.zeros(2, 2) for _ in range(len(in_group))]
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        dist.all_gather(xs, x, group=group)
        dist.all_reduce(x, group=group)
        dist.barrier(group=group)
        dist.broadcast(x, src=0, group=group)
    val("warnings", [str(w.message) for w in seen if "belong to" in str(w.message)])


def test_gloo_rank_membership():
    group = dist.new_group(ranks=[1])
    eq("get_group_rank", dist.get_group_rank(group, 1), 0)
    err("group rank not in group", lambda: dist.get_group_rank(group, 0))
    eq("get_global_rank", dist.get_global_rank(group, 0), 1)
    err("global rank not in group", lambda: dist.get_global_rank(group, 1))
    eq("get_process_group_ranks", dist.get_process_group_ranks(group), [1])


# GlooProcessGroupWithDispatchedCollectivesTests (test_c10d_gloo.py), at world size 2.
def test_allreduce_coalesced():
    tensors = [torch.ones(10, 10)]
    dist.all_reduce_coalesced(tensors, dist.ReduceOp.SUM)
    eq("sum", tensors, [torch.ones(10, 10) * ws])


def test_allgather_coalesced():
    input_tensor = torch.ones(10, 10, dtype=torch.float32)
    output = [[torch.zeros_like(input_tensor)] for _ in range(ws)]
    dist.all_gather_coalesced(output, [input_tensor])
    eq("gathered", output, [[input_tensor] for _ in range(ws)])


# DistributedTest (torch/testing/_internal/distributed/distributed_test.py), Gloo on the CPU.
def test_all_to_all_single_equal_split():
    for dtype in (torch.float32, torch.complex64):
        group = list(range(ws))
        size = len(group)
        in_tensor = torch.ones([size, size], dtype=dtype) * rank
        expected = torch.cat([torch.ones([1, size], dtype=dtype) * i for i in group])
        out_tensor = torch.ones([size, size], dtype=dtype) * -1
        dist.all_to_all_single(out_tensor, in_tensor)
        name = "float32" if dtype == torch.float32 else "complex64"
        eq(f"out {name}", torch.view_as_real(out_tensor) if out_tensor.is_complex() else out_tensor,
           torch.view_as_real(expected) if expected.is_complex() else expected)


def test_all_to_all_single_unequal_split():
    group = list(range(ws))
    size = len(group)
    in_splits = [i + 1 for i in group]
    out_splits = [rank + 1 for _ in group]
    in_tensor = torch.ones([sum(in_splits), size]) * rank
    out_tensor = torch.ones([(rank + 1) * size, size])
    expected = torch.cat([torch.ones([rank + 1, size]) * i for i in group])
    dist.all_to_all_single(out_tensor, in_tensor, out_splits, in_splits)
    eq("out", out_tensor, expected)
    w = dist.all_to_all_single(out_tensor, in_tensor, out_splits, in_splits, async_op=True)
    w.wait()
    eq("async out", out_tensor, expected)


def test_all_to_all():
    ins = [torch.ones(2) * rank for _ in range(ws)]
    outs = [torch.empty(2) for _ in range(ws)]
    err("all_to_all", lambda: dist.all_to_all(outs, ins))


def test_monitored_barrier_gloo():
    from datetime import timedelta
    tensors = [torch.ones(10) * rank]
    for _ in range(10):
        dist.all_reduce(torch.cat(tensors))
    dist.monitored_barrier(timeout=timedelta(seconds=2))
    val("passed", True)
    for _ in range(10):
        dist.all_reduce(torch.cat(tensors))
    dist.monitored_barrier(timeout=timedelta(seconds=2), wait_all_ranks=True)
    val("passed wait_all_ranks", True)


warnings.filterwarnings("ignore", message="torch.distributed.all_(reduce|gather)_coalesced will be deprecated")
CASES = [
    test_empty_tensors, test_broadcast_checks, test_broadcast_basics, test_broadcast_stress,
    test_allreduce_basics, test_allreduce_stress, test_allreduce_coalesced_checks,
    test_allreduce_coalesced_basics, test_allreduce_coalesced_stress, test_allreduce_coalesced_async,
    test_sparse_allreduce_checks, test_scatter_checks, test_scatter_basics, test_scatter_stress,
    test_gather_checks, test_gather_basics, test_gather_noncontiguous_input, test_gather_stress,
    test_allgather_checks, test_allgather_basics, test_allgather_noncontiguous_input,
    test_allgather_inference_mode, test_allgather_stress, test_allgather_coalesced_checks,
    test_allgather_coalesced_async, test_reduce_checks, test_reduce_basics, test_reduce_stress,
    test_send_recv_all_to_all, test_barrier_implies_wait, test_broadcast_coalesced_gloo_cpu,
    test_bool_tensors, test_tensor_dtype_mismatch, test_tensor_dtype_complex, test_gloo_warn_not_in_group,
    test_gloo_rank_membership, test_allreduce_coalesced, test_allgather_coalesced,
    test_all_to_all_single_equal_split, test_all_to_all_single_unequal_split, test_all_to_all,
    test_monitored_barrier_gloo,
]
only = sys.argv[1:]
for c in CASES:
    if not only or c.__name__ in only:
        case(c)
print(json.dumps({"rank": rank, "world": ws, "cases": trace}))
dist.destroy_process_group()
