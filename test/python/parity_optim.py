# PyTorch side of test/parity/optim.ts and test/optim.test.ts: torch.optim runs, state-dict files and
# learning-rate schedules.
import warnings

import torch
import torch.nn as nn


def model():
    """The model of the optimizer cases (no bias directly before BatchNorm: see test/parity/optim.ts)."""
    return nn.Sequential(nn.Linear(6, 8), nn.ReLU(), nn.BatchNorm1d(8), nn.Linear(8, 3))


def optim_case(kind, opts, groups, fused, sd0, xs, ts, device):
    """50 steps of torch.optim.<kind>(**opts) from sd0: final state dict and per-parameter state."""
    m = model()
    m.load_state_dict(sd0)
    m = m.to(device)
    if groups:
        params = [{'params': [*m[0].parameters(), *m[2].parameters()]}, {'params': list(m[3].parameters()), 'lr': 0.05}]
    else:
        params = m.parameters()
    # JSON has no tuples: betas arrive as a list.
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in opts.items()}
    if fused:
        kwargs["fused"] = True
    opt = getattr(torch.optim, kind)(params, **kwargs)
    loss_fn = nn.CrossEntropyLoss()
    for i in range(50):
        opt.zero_grad()
        loss_fn(m(xs[i]), ts[i]).backward()
        opt.step()
    return {"sd": m.state_dict(), "state": [opt.state[p] for g in opt.param_groups for p in g["params"]]}


def resave_adam_state(f, f2):
    """Loads torchts' Adam state dict from f into torch.optim.Adam (lr=0.5) and saves it to f2."""
    m = model()
    opt = torch.optim.Adam(m.parameters(), lr=0.5)
    opt.load_state_dict(torch.load(f))
    torch.save(opt.state_dict(), f2)
    return [opt.param_groups[0]["lr"], float(opt.state[opt.param_groups[0]["params"][0]]["step"])]


def lr_sequence(sched):
    """The lr over 30 steps of SGD(lr=0.1) under the scheduler expression `sched` (of `opt`)."""
    warnings.simplefilter("ignore")
    p = torch.zeros(1, requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1)
    s = eval(sched)
    out = []
    for i in range(30):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        s.step()
    return out
