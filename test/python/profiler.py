# PyTorch side of test/profiler.test.ts: what torch.profiler records for the same program, and how its
# EventList prints events given as data (so the tables can be compared character for character).
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import DeviceType
from torch.autograd.profiler_util import EventList, FunctionEvent
from torch.profiler import ProfilerAction, ProfilerActivity, profile, record_function, schedule


def _model():
    return nn.Sequential(nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(4 * 3 * 3, 5))


def _step(model, opt, x, y):
    opt.zero_grad()
    with record_function("forward_pass"):
        loss = F.cross_entropy(model(x), y)
    loss.backward()
    opt.step()


USER_SCOPE = 7


def _handle_ops(events):
    """The ops Debian 1.13's record_function runs for its handle (torch.ops.profiler._record_function_enter
    returns a tensor): a zeros(1) (its empty and zero_) just before the range, an empty() as the range's
    first op. PyTorch 2.x's _record_function_enter_new runs none, nor does torchts; they are left out.
    Found by time, not by parent: whole microseconds can put a child just outside its parent."""
    by_start = sorted(events, key=lambda e: e.time_range.start)
    drop = set()
    for r in (e for e in events if e.scope == USER_SCOPE):
        zeros = [e for e in by_start if e.name == "aten::zeros" and e.time_range.start <= r.time_range.start]
        if zeros:
            z = zeros[-1]
            drop.add(id(z))
            drop.update(id(e) for e in by_start if e.name in ("aten::empty", "aten::zero_")
                        and z.time_range.start <= e.time_range.start <= r.time_range.start)
        first = next((e for e in by_start if e.time_range.start >= r.time_range.start and e is not r
                      and id(e) not in drop), None)
        if first is not None and first.name == "aten::empty":
            drop.add(id(first))
    return drop


def _rows(prof):
    events = prof.events()
    drop = _handle_ops(events)
    kept = EventList([e for e in events if id(e) not in drop])
    kept._tree_built = True
    return [{"key": e.key, "count": e.count, "shapes": str(e.input_shapes)}
            for e in kept.key_averages(group_by_input_shapes=True)]


def training_step(state, x, y):
    """One SGD step of a small conv net, profiled with shapes: the key averages by input shape."""
    model = _model()
    model.load_state_dict(state)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    _step(model, opt, x, y)  # optimizer state exists from here on, as in the torchts run
    with profile(activities=[ProfilerActivity.CPU], record_shapes=True) as prof:
        _step(model, opt, x, y)
    return _rows(prof)


def memory(n):
    """profile_memory: the memory rows of a few allocations."""
    with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
        a = torch.ones(n)
        b = torch.zeros(n, 2, dtype=torch.float64)
        c = (a + 1).sum()
        del a, b, c
    rows = [{"key": e.key, "cpu": e.cpu_memory_usage, "self_cpu": e.self_cpu_memory_usage, "count": e.count}
            for e in prof.key_averages()]
    return sorted(rows, key=lambda r: r["key"])


def scheduled(steps, wait, warmup, active, repeat, skip_first):
    """A scheduled profile over `steps` steps: each ready window's ProfilerStep names and op counts."""
    windows = []

    def ready(p):
        names = [e.name for e in p.events() if e.name.startswith("ProfilerStep")]
        windows.append({"steps": sorted(set(names)), "adds": sum(1 for e in p.events() if e.name == "aten::add"),
                        "step_num": p.step_num})

    x = torch.ones(3)
    sched = schedule(wait=wait, warmup=warmup, active=active, repeat=repeat, skip_first=skip_first)
    with profile(activities=[ProfilerActivity.CPU], schedule=sched, on_trace_ready=ready) as p:
        for _ in range(steps):
            x = x + 1
            p.step()
    return windows


def schedule_actions(n, wait, warmup, active, repeat, skip_first):
    s = schedule(wait=wait, warmup=warmup, active=active, repeat=repeat, skip_first=skip_first)
    return [s(i).value for i in range(n)]


def _events(spec):
    evts = []
    for d in spec:
        e = FunctionEvent(id=d["id"], name=d["name"], thread=d["thread"], start_us=d["start"], end_us=d["end"],
                          fwd_thread=d["thread"], input_shapes=d["shapes"], stack=d["stack"], scope=d["scope"],
                          cpu_memory_usage=d["cpu_mem"], cuda_memory_usage=0, is_async=d["async"],
                          sequence_nr=d["seq"], device_type=DeviceType.CPU, device_index=0, flops=d["flops"],
                          trace_name=d["name"])
        evts.append(e)
    return evts


def tables(spec, options, profile_memory, with_flops):
    """EventList(events).table(**o) for each options dict, of the events and of their key averages."""
    out = []
    for o in options:
        evts = EventList(_events(spec), use_cuda=False, profile_memory=profile_memory, with_flops=with_flops)
        evts._build_tree()
        by_shape = o.pop("group_by_input_shape", False)
        averages = o.pop("averages", True)
        target = evts.key_averages(group_by_input_shapes=by_shape) if averages else evts
        out.append(target.table(**o))
    return out


def dataloader_ranges(n, batch):
    """The DataLoader's __next__ ranges in a profile of one pass: their names and counts."""
    ds = torch.utils.data.TensorDataset(torch.arange(n, dtype=torch.float32))
    with profile(activities=[ProfilerActivity.CPU]) as prof:
        for (x,) in torch.utils.data.DataLoader(ds, batch_size=batch):
            x.sum()
    return sorted([e.key, e.count] for e in prof.key_averages() if e.key.startswith("enumerate("))
