# PyTorch side of test/upstream/test_optim.test.ts: the upstream test_optim.py cases run in torch.optim.
import torch


def _opt(kind, params, opts):
    snake = {'weightDecay': 'weight_decay'}
    opts = opts or {}
    kwargs = {snake.get(k, k): tuple(v) if isinstance(v, list) else v for k, v in opts.items()}
    return getattr(torch.optim, kind)(params, **kwargs)


def own_state_dict(kind, opts, w, grads):
    """_test_state_dict: steps, load_state_dict(state_dict()) on the same optimizer, more steps."""
    p = torch.nn.Parameter(w.clone())
    opt = _opt(kind, [p], opts)
    out = []
    for i, g in enumerate(grads):
        p.grad = g.clone()
        opt.step()
        if i == 1:
            opt.load_state_dict(opt.state_dict())
        out.append(p.detach().clone())
    return out


def fresh_state_dict(kind, opts, w, grads):
    """_test_state_dict: a second optimizer loaded from the first's state dict continues identically."""
    p = torch.nn.Parameter(w.clone())
    opt = _opt(kind, [p], opts)
    for g in grads[:2]:
        p.grad = g.clone()
        opt.step()
    sd = opt.state_dict()
    p2 = torch.nn.Parameter(p.detach().clone())
    opt2 = _opt(kind, [p2], opts)
    opt2.load_state_dict(sd)
    for g in grads[2:]:
        p.grad = g.clone()
        opt.step()
        p2.grad = g.clone()
        opt2.step()
    return [p.detach(), p2.detach()]


def legacy_step(kind, opts, w, grads):
    """A PyTorch < 1.12 checkpoint: step stored as a number; 1.13 turns it into a tensor and continues."""
    p = torch.nn.Parameter(w.clone())
    opt = _opt(kind, [p], opts)
    for g in grads[:2]:
        p.grad = g.clone()
        opt.step()
    sd = opt.state_dict()
    sd['state'][0]['step'] = int(sd['state'][0]['step'].item())
    opt2 = _opt(kind, [p], opts)
    opt2.load_state_dict(sd)
    step0 = opt2.state_dict()['state'][0]['step'].clone()
    p.grad = grads[2].clone()
    opt2.step()
    step1 = opt2.state_dict()['state'][0]['step']
    return [p.detach(), step0, step1, str(step0.dtype)]


def sgd_group_lrs(w, grads, lrs):
    """SGD with no top-level lr: every group sets its own."""
    ps = [torch.nn.Parameter(x.clone()) for x in w]
    opt = torch.optim.SGD([{'params': [p], 'lr': lr} for p, lr in zip(ps, lrs)], momentum=0.9)
    for g in grads:
        for p, gi in zip(ps, g):
            p.grad = gi.clone()
        opt.step()
    return [p.detach() for p in ps]


def basic_case(kind, opts, group_opts, single, weight, bias, x, steps):
    """_test_basic_cases_template: (weight.mv(input) + bias).pow(2).sum() minimised for `steps` steps.
    group_opts: None for [weight, bias]; else _build_params_dict (or _single) with those options."""
    w = torch.nn.Parameter(weight.clone())
    b = torch.nn.Parameter(bias.clone())
    if group_opts is None:
        params = [w, b]
    elif single:
        params = [dict(params=[b], **group_opts)]
    else:
        params = [{'params': [w]}, dict(params=[b], **group_opts)]
    opt = _opt(kind, params, opts)
    losses = []
    for _ in range(steps):
        opt.zero_grad()
        loss = (w.mv(x) + b).pow(2).sum()
        loss.backward()
        losses.append(loss.item())
        opt.step()
    return [w.detach(), b.detach(), losses]
