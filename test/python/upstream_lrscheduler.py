# PyTorch side of test/upstream/test_lrscheduler.test.ts: TestLRScheduler's optimizer (two groups,
# lr 0.05 and 0.5) under one or more schedulers; every group's lr at each epoch.
import warnings

import torch
from torch.optim import SGD, Adam, Adagrad  # noqa: F401 (optimizer expressions are eval'd here)
from torch.optim.lr_scheduler import *  # noqa: F401,F403

UPSTREAM_OPT = "SGD([{'params': [a]}, {'params': [b], 'lr': 0.5}], lr=0.05)"


def _setup(opt_expr, scheds, setup):
    a = torch.zeros(2, requires_grad=True)
    b = torch.zeros(2, requires_grad=True)
    env = dict(globals(), a=a, b=b)
    opt = eval(opt_expr or UPSTREAM_OPT, env)
    env['opt'] = opt
    if setup:
        exec(setup, env)
    ss = []
    for i, s in enumerate(scheds):
        ss.append(eval(s, env))
        env['s%d' % i] = ss[-1]
    return opt, ss, env


def _lrs(opt):
    return [g['lr'] for g in opt.param_groups]


def schedule(scheds, epochs, mode='test', opt=None, setup=None, metrics=None, epoch_list=None, stepped=None):
    """The upstream helpers' loops (_test, _test_get_last_lr, _test_with_epoch, _test_reduce_lr_on_plateau,
    _test_cycle_lr, closed form and explicit-epoch runs) stepping the schedulers `stepped` (indices;
    default all); returns what each records per epoch and every scheduler's get_last_lr() at the end."""
    warnings.simplefilter("ignore")
    opt, built, env = _setup(opt, scheds, setup)
    ss = [built[i] for i in stepped] if stepped else built
    out = []
    if mode == 'test':
        for _ in range(epochs):
            out.append(_lrs(opt))
            for s in ss:
                s.step()
    elif mode == 'get_last_lr':
        for _ in range(epochs):
            out.append([s.get_last_lr() for s in ss])
            opt.step()
            for s in ss:
                s.step()
    elif mode == 'with_epoch':
        for e in range(epochs):
            opt.step()
            for s in ss:
                s.step(e)
            out.append(_lrs(opt))
    elif mode == 'chain':
        for _ in range(epochs):
            opt.step()
            for s in ss:
                s.step()
            out.append(_lrs(opt))
    elif mode == 'plateau':
        for e in range(epochs):
            opt.step()
            for s in ss:
                if isinstance(s, ReduceLROnPlateau):
                    s.step(metrics[e])
                else:
                    s.step()
            out.append(_lrs(opt))
    elif mode == 'cycle':
        for _ in range(epochs):
            mom = [g['betas'][0] if 'betas' in g else g.get('momentum') for g in opt.param_groups]
            out.append([_lrs(opt), mom])
            opt.step()
            for s in ss:
                s.step()
    elif mode == 'epochs':
        for e in epoch_list:
            for s in ss:
                s.step(e)
            out.append(_lrs(opt))
    else:
        raise ValueError(mode)
    # 1.13's ReduceLROnPlateau keeps _last_lr but has no get_last_lr().
    last = [list(s._last_lr) if hasattr(s, '_last_lr') else None for s in built]
    return [out, last]


def warns(scheds, program, opt=None, setup=None):
    """Runs `program` (statements over opt and s0..) recording warnings; their messages."""
    opt, ss, env = _setup(opt, [], setup)
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        for i, s in enumerate(scheds):
            env['s%d' % i] = eval(s, env)
        exec(program, env)
    return [str(w.message) for w in ws]


def state_dict(scheds, epochs, opt=None, setup=None):
    """The last scheduler's state_dict() after `epochs` of opt.step(); s.step(), as JSON."""
    warnings.simplefilter("ignore")
    opt, ss, env = _setup(opt, scheds, setup)
    for _ in range(epochs):
        opt.step()
        for s in ss:
            s.step()
    sd = ss[-1].state_dict()
    # 1.13 puts CyclicLR's weakref to its scale method in the dict (unpicklable; later versions drop it).
    sd.pop('_scale_fn_ref', None)
    return _json(sd)


def _json(v):
    if isinstance(v, dict):
        return {str(k): _json(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_json(x) for x in v]
    if isinstance(v, float) and v in (float('inf'), float('-inf')):
        return 'inf' if v > 0 else '-inf'
    return v


def load_torchts_state(f, ctor, epochs, setup_lrs, opt=None):
    """Loads a torchts scheduler state dict from f into the scheduler `ctor` (its optimizer's groups at
    the lrs `setup_lrs`, where the torchts optimizer is); its state_dict() and the lrs of `epochs` more
    steps."""
    warnings.simplefilter("ignore")
    opt, ss, env = _setup(opt, [ctor], None)
    s = ss[0]
    for g, lr in zip(opt.param_groups, setup_lrs):
        g['lr'] = lr
    s.load_state_dict(torch.load(f))
    sd = _json(s.state_dict())
    out = []
    for _ in range(epochs):
        opt.step()
        s.step()
        out.append(_lrs(opt))
    return [sd, out]


def error(program):
    """Runs `program` (an expression or statements over opt, a, b); PyTorch's [class, message], or None."""
    warnings.simplefilter("ignore")
    opt, ss, env = _setup(None, [], None)
    try:
        exec(program, env)
    except Exception as e:  # the message is what the test compares
        msg = str(e)
        if isinstance(e, KeyError) and len(e.args) == 1:
            msg = e.args[0]
        return [type(e).__name__, msg]
    return None


def plateau_state_dict(scores):
    opt, ss, env = _setup(None, ["ReduceLROnPlateau(opt, mode='min', factor=0.1, patience=2)"], None)
    for score in scores:
        ss[0].step(score)
    return _json(ss[0].state_dict())


def cos_anneal_continue():
    warnings.simplefilter("ignore")
    opt, ss, env = _setup(None, ["CosineAnnealingLR(opt, T_max=5, eta_min=0.1)"], None)
    opt.step()
    ss[0].step()
    original = ss[0]._last_lr
    new = CosineAnnealingLR(opt, T_max=5, eta_min=0.1, last_epoch=0)
    return [original, new._last_lr]


def cosine_then_cyclic():
    warnings.simplefilter("ignore")
    model = torch.nn.Linear(2, 1)
    optimizer = SGD(model.parameters(), lr=0.5)
    s1 = CosineAnnealingLR(optimizer, T_max=20, eta_min=0.1)
    s2 = CyclicLR(optimizer, base_lr=0.1, max_lr=0.3, step_size_up=1, step_size_down=3)
    out = []
    for i in range(40):
        optimizer.step()
        if i <= s1.T_max:
            s1.step()
        else:
            s2.step()
        out.append(optimizer.param_groups[0]['lr'])
    return out


def t_cur_reset():
    opt, ss, env = _setup(None, ["CosineAnnealingWarmRestarts(opt, T_0=4)"], None)
    out = []
    for epoch in [7, 8, 9]:
        ss[0].T_cur = epoch
        ss[0].step()
        out.append(ss[0].T_cur)
    return out


def loads(f):
    """Whether PyTorch's torch.load reads the file."""
    torch.load(f)
    return True
