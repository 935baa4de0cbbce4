# PyTorch side of test/upstream/test_profiler.test.ts: upstream test_profiler.py's programs, run in live
# PyTorch 1.13 (without Kineto, as Debian builds it), returning what each case compares.
import json
import os
import tempfile

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import _record_function_with_args_enter, _record_function_with_args_exit
from torch.autograd.profiler import profile as _profile
from torch.autograd.profiler_util import EventList
from torch.profiler import ProfilerAction, kineto_available, profile, record_function, supported_activities

from profiler import _handle_ops


def _kept(events):
    """The events less Debian 1.13's record_function handle ops (see profiler._handle_ops)."""
    drop = _handle_ops(events)
    return [e for e in events if id(e) not in drop]


def _averages(events, by_shape=False):
    kept = EventList(_kept(events))
    kept._tree_built = True
    return kept.key_averages(group_by_input_shapes=by_shape)


def record_function_ranges():
    """TestRecordFunction.test_record_function: TEST 1 (an args string), TEST 3, TEST 4 (no arguments)."""
    with _profile(with_stack=True, use_kineto=kineto_available(), record_shapes=True) as prof:
        with record_function("## TEST 1 ##", "1, 2, 3"):
            pass
        with record_function("## TEST 3 ##"):
            rf_handle = _record_function_with_args_enter("## TEST 4 ##")
            _record_function_with_args_exit(rf_handle)
    return [{"name": e.name, "shapes": e.input_shapes, "parent": e.cpu_parent.name if e.cpu_parent else None}
            for e in _kept(prof.function_events) if e.name.startswith("##")]


def _payload():
    x = torch.randn(10, 10)
    y = torch.randn(10, 10)
    z = torch.mm(x, y)
    z = z + y


def kineto_payload_names():
    """test_kineto's CPU run: the operators recorded for payload()."""
    with _profile(use_kineto=True):
        _payload()
    with _profile(use_kineto=True) as p:
        _payload()
    p.key_averages().table(sort_by="self_cpu_time_total", row_limit=-1)
    return sorted(e.name for e in _kept(p.function_events))


def memory_scopes():
    """test_memory_profiler, the CPU tensor in record_function scopes: each key's cpu_memory_usage
    (the scopes' own numbers include Debian's handle tensors, so only their sign is compared)."""
    with _profile(profile_memory=True, record_shapes=True, use_kineto=kineto_available()) as prof:
        x = None
        with record_function("test_user_scope_alloc"):
            x = torch.rand(10, 10)
        with record_function("test_user_scope_dealloc"):
            del x
    stats = _averages(prof.function_events, by_shape=True)
    return {s.key: s.cpu_memory_usage for s in stats if s.key != "[memory]"}


def memory_top_level():
    """test_memory_profiler's top-level memory events: a free outside any op is a [memory] event; each key's
    cpu_memory_usage."""
    import gc
    with _profile(profile_memory=True, use_kineto=kineto_available()) as prof:
        x = torch.rand(10, 10)
        del x
        gc.collect()
    stats = prof.key_averages(group_by_input_shape=True)
    return {s.key: s.cpu_memory_usage for s in stats}


class _TwoLayerNet(torch.nn.Module):
    def __init__(self, D_in, H, D_out):
        super().__init__()
        self.linear1 = torch.nn.Linear(D_in, H)
        self.linear2 = torch.nn.Linear(H, D_out)

    def forward(self, x):
        h_relu = self.linear1(x).clamp(min=0)
        return self.linear2(h_relu)


class CustomSGD(torch.optim.SGD):
    pass


def high_level_trace(state, x, y, n, custom):
    """test_high_level_trace: the optimizer's ranges over N steps ('#' in the name), counted."""
    N = n
    model = _TwoLayerNet(10, 5, 2)
    model.load_state_dict(state)
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = (CustomSGD if custom else torch.optim.SGD)(model.parameters(), lr=1e-4)

    dataloader = torch.utils.data.DataLoader(torch.utils.data.TensorDataset(x, y), batch_size=1)

    def train():
        for _, data in enumerate(dataloader):
            y_pred = model(data[0])
            loss = criterion(y_pred, data[1])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()

    train()
    with _profile(use_kineto=kineto_available()) as prof:
        train()
    counts = {}
    for e in prof.function_events:
        if "#" in e.name:
            counts[e.name] = counts.get(e.name, 0) + 1
    return counts


def flops(state, inputs):
    """test_flops: the model's key averages by input shape with with_flops; FLOPs per key, and the table."""
    model = nn.Sequential(nn.Conv2d(16, 33, 18), nn.ReLU(), nn.Linear(243, 243), nn.ReLU())
    model.load_state_dict(state)
    with _profile(record_shapes=True, with_flops=True, use_kineto=kineto_available()) as prof:
        model(inputs)
    avgs = prof.key_averages(group_by_input_shape=True)
    out = avgs.table(sort_by="cpu_time_total", row_limit=10)
    rows = sorted([{"key": e.key, "shapes": str(e.input_shapes), "flops": e.flops} for e in avgs],
                  key=lambda r: (r["key"], r["shapes"]))
    return {"rows": rows, "has_mflops": "Total MFLOPs" in out}


def profiler_api():
    """test_kineto_profiler_api: on_trace_ready calls over 8 steps, and the schedule's actions."""
    called_num = [0]
    with profile(activities=supported_activities()):
        _payload()

    def trace_handler(p):
        p.key_averages().table(sort_by="self_cpu_time_total", row_limit=-1)
        called_num[0] += 1

    with profile(activities=supported_activities(),
                 schedule=torch.profiler.schedule(wait=1, warmup=1, active=2),
                 on_trace_ready=trace_handler) as p:
        for idx in range(8):
            _payload()
            p.step()
    with profile(activities=supported_activities()) as p:
        _payload()
        _payload()
    names = sorted(set(e.name for e in _kept(p.events())))
    s = torch.profiler.schedule(skip_first=2, wait=1, warmup=1, active=2, repeat=2)
    return {"called": called_num[0], "names": names, "actions": [s(i).value for i in range(14)]}


def export_stacks_lines():
    """test_export_stacks: the lines of PyTorch's stacks file (Python frames)."""
    with _profile(with_stack=True, use_kineto=kineto_available()) as p:
        _payload()
    fd, fname = tempfile.mkstemp()
    os.close(fd)
    try:
        p.export_stacks(fname)
        with open(fname) as f:
            lines = f.readlines()
    finally:
        os.remove(fname)
    return {"n": len(lines), "ints": all(int(line.split(" ")[-1]) > 0 for line in lines)}


def tensorboard_files(use_gzip):
    """test_tensorboard_trace_handler: the files written over 18 steps (3 windows)."""
    with tempfile.TemporaryDirectory() as dname:
        handler = torch.profiler.tensorboard_trace_handler(dname, use_gzip=use_gzip)
        calls = []

        def on_trace_ready(prof):
            calls.append(1)
            handler(prof)
        p = profile(activities=[torch.profiler.ProfilerActivity.CPU],
                    schedule=torch.profiler.schedule(wait=1, warmup=1, active=2, repeat=3),
                    on_trace_ready=on_trace_ready)
        p.start()
        for _ in range(18):
            _payload()
            p.step()
        p.stop()
        names = os.listdir(dname)
        parts = [n.split(".") for n in names]
        tail = 4 if use_gzip else 3
        # Traces written: 1.13 stamps file names in milliseconds, so two windows that end in the same
        # millisecond leave one file here (torchts takes the next free stamp); count the handler's calls.
        return {"n": len(calls), "tails": sorted(set(".".join(q[-tail:]) for q in parts)),
                "stamped": all(q[-tail - 1].isdigit() and int(q[-tail - 1]) > 0 for q in parts)}


def tracing(use_kineto):
    """test_profiler_tracing: the trace file's events (names, phases, pids), and an empty trace's text."""
    with _profile(use_kineto=use_kineto) as prof:
        t1, t2 = torch.ones(1), torch.ones(1)
        torch.add(t1, t2)
    fd, fname = tempfile.mkstemp()
    os.close(fd)
    try:
        prof.export_chrome_trace(fname)
        with open(fname) as f:
            trace = json.load(f)
        with _profile(use_kineto=use_kineto) as prof:
            pass
        prof.export_chrome_trace(fname)
        with open(fname) as f:
            empty = f.read()
    finally:
        os.remove(fname)
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    return {"events": [{"name": e["name"], "ph": e["ph"], "pid": e["pid"], "keys": sorted(e.keys())} for e in events],
            "empty": empty}


def fwd_bwd_pairs():
    """test_profiler_fwd_bwd_link, what CPU events carry: each backward node's forward op (same sequence
    number, fwd thread), which Kineto draws as the fwd_bwd flow."""
    with _profile(use_kineto=kineto_available()) as prof:
        t1, t2 = torch.ones(1, requires_grad=True), torch.ones(1, requires_grad=True)
        z = torch.add(t1, t2)
        y = torch.ones(1)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
        loss.backward()
    return _pairs(prof.function_events)


def _pairs(events):
    BACKWARD = 1  # RecordScope.BACKWARD_FUNCTION
    fwd = {}
    for e in events:
        if e.scope != BACKWARD and e.sequence_nr >= 0 and (e.cpu_parent is None or e.cpu_parent.sequence_nr < 0
                                                            or e.cpu_parent.scope == BACKWARD):
            fwd.setdefault(e.sequence_nr, e.name)
    return sorted([fwd.get(e.sequence_nr, ""), e.name] for e in events if e.scope == BACKWARD)


# test_autograd.py's profiler cases (TestAutograd.test_profiler*, test_record_function).

def autograd_profiler_names(x):
    """test_profiler: the ops of x * 2 + 4 (sorted: ops starting in the same microsecond may swap)."""
    with _profile(use_kineto=kineto_available()) as p:
        assert torch.autograd._profiler_enabled()
        x * 2 + 4
    assert not torch.autograd._profiler_enabled()
    return sorted(e.name for e in p.function_events)


def aggregation_fake():
    """test_profiler_aggregation_fake: each event's children after _populate_cpu_children."""
    from torch.autograd.profiler_util import FunctionEvent
    events = EventList()
    ids = [0]

    def get_id():
        ids[0] = ids[0] + 1
        return ids[0]

    threads = [[1, [(0, 1, get_id()), (1, 2, get_id())]], [0, [(0, 2, get_id()), (1, 2, get_id()), (1, 3, get_id())]]]
    for thread, ranges in threads:
        for r in ranges:
            events.append(FunctionEvent(id=r[2], node_id=0, name="", thread=thread, start_us=r[0], end_us=r[1]))
    events._populate_cpu_children()
    return [[child.id for child in event.cpu_children] for event in events]


def function_event_avg():
    """test_profiler_function_event_avg: two events and the average added to itself."""
    from torch.autograd.profiler_util import FunctionEvent, FunctionEventAvg
    avg = FunctionEventAvg()
    avg.add(FunctionEvent(id=0, node_id=0, name="foo", thread=0, start_us=10, end_us=15))
    avg.add(FunctionEvent(id=1, node_id=0, name="foo", thread=0, start_us=20, end_us=30))
    avg.add(avg)
    return {"key": avg.key, "count": avg.count, "cpu_time_total": avg.cpu_time_total,
            "self_cpu_time_total": avg.self_cpu_time_total, "cuda_time_total": avg.cuda_time_total,
            "cpu_time": avg.cpu_time}


def linear_shapes(state1, state2, x):
    """test_profiler_shapes: aten::linear's input shapes."""
    layer1 = torch.nn.Linear(20, 30)
    layer2 = torch.nn.Linear(30, 40)
    layer1.load_state_dict(state1)
    layer2.load_state_dict(state2)
    with _profile(record_shapes=True, use_kineto=kineto_available()) as prof:
        layer2(layer1(x))
    return [e.input_shapes for e in prof.function_events if e.name == "aten::linear"]


def lstm(state, inputs):
    """test_profiler_aggregation_lstm: the key averages by input shape of 20 LSTM calls."""
    rnn = torch.nn.LSTM(10, 20, 2)
    rnn.load_state_dict(state)
    with _profile(record_shapes=True, use_kineto=kineto_available()) as prof:
        for input, h, c in inputs:
            rnn(input, (h, c))
    prof.table(sort_by="self_cpu_time_total", row_limit=10, header="TEST")
    avgs = prof.key_averages(group_by_input_shape=True)
    avgs.table(sort_by="self_cpu_time_total", row_limit=10)
    return sorted([{"key": e.key, "count": e.count, "shapes": str(e.input_shapes)} for e in avgs],
                  key=lambda r: (r["key"], r["shapes"]))


def record_function_names(x):
    """test_record_function: the events of forward() (less the handle ops), sorted."""
    def forward(x):
        with record_function("outer"):
            y = x * 2 + 4
            with record_function("inner"):
                y = y - 1
        y = y / 1

    forward(x)
    with _profile(use_kineto=kineto_available()) as p:
        forward(x)
    return sorted(e.name for e in _kept(p.function_events))


def seq_nr():
    """test_profiler_seq_nr: the ops sharing each forward op's sequence number, and aten::empty's."""
    with _profile(use_kineto=kineto_available()) as p:
        x = torch.randn(10, 10, requires_grad=True)
        y = torch.randn(10, 10, requires_grad=True)
        z = x + y
        s = z.sum()
        s.backward()
    return _seq_groups(p.function_events)


def _seq_groups(events):
    by_seq = {}
    for e in events:
        by_seq.setdefault(e.sequence_nr, []).append(e.name)
    groups = {}
    for e in events:
        if e.name in ("aten::add", "aten::sum") and e.sequence_nr >= 0:
            groups[e.name] = sorted(by_seq[e.sequence_nr])
    return {"groups": groups, "empty": sorted(set(e.sequence_nr for e in events if e.name == "aten::empty"))}
