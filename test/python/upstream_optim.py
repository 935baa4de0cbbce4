# PyTorch side of test/upstream/test_optim.test.ts: the upstream test_optim.py cases run in torch.optim.
import torch


import copy
import re
import tempfile
import warnings

from torch.optim.lr_scheduler import (  # noqa: F401 (scheduler expressions are eval'd here)
    ExponentialLR, PolynomialLR, ReduceLROnPlateau, StepLR)


def _snake(k):
    return re.sub(r'[A-Z]', lambda m: '_' + m.group(0).lower(), k)


def _kwargs(opts):
    # JSON has no tuples: betas arrive as a list.
    return {_snake(k): tuple(v) if isinstance(v, list) else v for k, v in (opts or {}).items()}


def _opt(kind, params, opts):
    return getattr(torch.optim, kind)(params, **_kwargs(opts))


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


def _params(weight, bias, group_opts, single):
    w = torch.nn.Parameter(weight.clone().detach())
    b = torch.nn.Parameter(bias.clone().detach())
    if group_opts is None:
        return w, b, [w, b]
    if single:
        return w, b, [dict(params=[b], **_kwargs(group_opts))]
    # _build_params_dict: weight in its own group, bias in one with the extra options.
    return w, b, [{'params': [w]}, dict(params=[b], **_kwargs(group_opts))]


def closure_case(kind, opts, group_opts, single, scheds, weight, bias, x, steps, noncontig):
    """_test_basic_cases_template: step(fn) `steps` times under the schedulers (ReduceLROnPlateau
    steps on fn()'s loss); weight/bias [..., 0] when noncontig. Final params, losses, initial/final fn()."""
    warnings.simplefilter("ignore")
    if noncontig:
        weight, bias = weight[..., 0], bias[..., 0]
    w, b, params = _params(weight, bias, group_opts, single)
    opt = _opt(kind, params, opts)
    ss = [eval(e, globals(), {'opt': opt}) for e in scheds]
    repr(opt)

    def fn():
        opt.zero_grad()
        loss = (w.mv(x) + b).pow(2).sum()
        loss.backward()
        return loss

    initial = fn().item()
    losses = []
    for _ in range(steps):
        losses.append(opt.step(fn).item())
        for s in ss:
            if isinstance(s, ReduceLROnPlateau):
                s.step(fn())
            else:
                s.step()
    return [w.detach(), b.detach(), losses, initial, fn().item(), w.is_contiguous()]


def state_dict_case(kind, opts, weight, bias, x):
    """_test_state_dict: 20 closure steps, a second optimizer on cloned params loaded from a deep copy
    of the state dict, 20 more steps of both; both params, and the state dict layout."""
    warnings.simplefilter("ignore")
    w = torch.nn.Parameter(weight.clone())
    b = torch.nn.Parameter(bias.clone())

    def fn_base(optimizer, w, b):
        optimizer.zero_grad()
        loss = (w.mv(x) + b).pow(2).sum()
        loss.backward()
        return loss

    opt = _opt(kind, [w, b], opts)
    for _ in range(20):
        opt.step(lambda: fn_base(opt, w, b))
    wc = torch.nn.Parameter(w.clone().detach())
    bc = torch.nn.Parameter(b.clone().detach())
    optc = _opt(kind, [wc, bc], opts)
    optc.load_state_dict(copy.deepcopy(opt.state_dict()))
    for _ in range(20):
        opt.step(lambda: fn_base(opt, w, b))
        optc.step(lambda: fn_base(optc, wc, bc))
    return [w.detach(), b.detach(), wc.detach(), bc.detach(), layout(opt.state_dict())]


def layout(sd):
    """A state dict as JSON: state entries by key (tensors as [dtype, shape], numbers, None), groups."""
    def val(v):
        if isinstance(v, torch.Tensor):
            return ['tensor', str(v.dtype).replace('torch.', ''), list(v.shape)]
        if isinstance(v, tuple):
            return list(v)
        return v
    state = {str(k): {kk: val(vv) for kk, vv in s.items()} for k, s in sd['state'].items()}
    groups = [{k: val(v) for k, v in g.items()} for g in sd['param_groups']]
    return {'state': state, 'param_groups': groups}


def state_layout(kind, opts, w, grads):
    """The state dict layout of torch.optim.<kind> after one step per grad."""
    p = torch.nn.Parameter(w.clone())
    q = torch.nn.Parameter(w.clone())
    opt = _opt(kind, [p, q], opts)
    for g in grads:
        p.grad = g.clone()
        opt.step()
    return layout(opt.state_dict())


def resume_from_file(kind, opts, w, grads, f):
    """Steps on grads[:2], saves the optimizer state dict to f, then continues on grads[2:]: final param."""
    p = torch.nn.Parameter(w.clone())
    opt = _opt(kind, [p], opts)
    for g in grads[:2]:
        p.grad = g.clone()
        opt.step()
    torch.save(opt.state_dict(), f)
    saved = p.detach().clone()
    for g in grads[2:]:
        p.grad = g.clone()
        opt.step()
    return [saved, p.detach()]


def load_torchts_file(kind, opts, w, grads, f):
    """Loads a torchts-saved state dict (after grads[:2]) into torch.optim.<kind> and continues."""
    p = torch.nn.Parameter(w.clone())
    opt = _opt(kind, [p], opts)
    opt.load_state_dict(torch.load(f))
    for g in grads[2:]:
        p.grad = g.clone()
        opt.step()
    return p.detach()


def n_steps(kind, opts, w, grads):
    """One step per grad on a single parameter: the parameter after each step."""
    p = torch.nn.Parameter(w.clone())
    opt = _opt(kind, [p], opts)
    out = []
    for g in grads:
        p.grad = g.clone()
        opt.step()
        out.append(p.detach().clone())
    return out


def noop_steps(kinds):
    """test_step_is_noop_when_params_have_no_grad / _for_empty_grads over the given optimizers."""
    no_grad = [torch.randn(2, 3) for _ in range(2)]
    before = [p.clone() for p in no_grad]
    for k in kinds:
        _opt(k, no_grad, {'lr': 0.1}).step(lambda: torch.tensor([1]))
    param = torch.randn(5, 1, requires_grad=True)
    old = param.clone().detach()
    same = []
    for k in kinds:
        opt = _opt(k, [param], {'lr': 1e-5})
        param.grad = torch.zeros_like(param)
        opt.step(lambda: torch.tensor([1]))
        same.append(bool(torch.equal(old, param.detach())))
    return [all(torch.equal(a, b) for a, b in zip(before, no_grad)), same]
