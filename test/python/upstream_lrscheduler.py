# PyTorch side of test/upstream/test_lrscheduler.test.ts: TestLRScheduler's optimizer (two groups,
# lr 0.05 and 0.5) under one or more schedulers; every group's lr at each epoch.
import warnings

import torch
from torch.optim.lr_scheduler import CosineAnnealingLR, LambdaLR, MultiStepLR, StepLR  # noqa: F401


def schedule(scheds, epochs):
    warnings.simplefilter("ignore")
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    opt = torch.optim.SGD([{'params': [a]}, {'params': [b], 'lr': 0.5}], lr=0.05)
    ss = []
    for s in scheds:
        ss.append(eval(s, globals(), {'opt': opt}))
    out = []
    for _ in range(epochs):
        out.append([g['lr'] for g in opt.param_groups])
        opt.step()
        for s in ss:
            s.step()
    last = [s.get_last_lr() for s in ss]
    return [out, last]
