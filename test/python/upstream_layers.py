# PyTorch side of test/upstream/common_nn_layers.test.ts, test_pooling.test.ts and test_nn_layers.test.ts:
# a layer built from a Python expression after manual_seed, run forward (and backward) on torchts' input.
import torch
import torch.nn as nn
import torch.nn.functional as F


def layer_case(ctor, seed, x, g=None, train=True, grad_input=True, forward_args=None, device="cpu"):
    """manual_seed(seed), then the layer `ctor` (made on the CPU, then moved to `device`): its repr and
    initial state dict, the outputs of forward(x, *forward_args) (a tuple's items in order), the
    gradients from backward(g) of the first output, and the state dict after the step."""
    torch.manual_seed(seed)
    m = eval(ctor)
    sd0 = {k: v.clone() for k, v in m.state_dict().items()}
    m.to(device)
    x = x.to(device)
    g = None if g is None else g.to(device)
    m.train(train)
    if grad_input:
        x = x.clone().requires_grad_(True)
    y = m(x, *(forward_args or []))
    outs = list(y) if isinstance(y, tuple) else [y]
    if g is not None:
        outs[0].backward(g)
    grads = {k: p.grad for k, p in m.named_parameters() if p.grad is not None}
    return {"repr": repr(m), "sd0": sd0, "out": [o.detach() for o in outs],
            "xgrad": x.grad if grad_input and g is not None else None, "grads": grads,
            "sd": dict(m.state_dict())}


def expr(code, **inputs):
    """A Python expression over the inputs; a tuple comes back as a list."""
    out = eval(code, {"torch": torch, "nn": nn, "F": F}, inputs)
    return list(out) if isinstance(out, tuple) else out


def error_of(code, **inputs):
    """The class name and first line of the error that `code` raises (None if it does not raise)."""
    try:
        exec(code, {"torch": torch, "nn": nn, "F": F}, inputs)
    except Exception as e:  # noqa: BLE001 - the error is the answer
        return [type(e).__name__, str(e).split("\n")[0]]
    return None


def rnn_case(ctor, seed, x, hx=None, train=True, step_seed=None, device="cpu", backward=True):
    """manual_seed(seed), then the recurrent module `ctor`: its repr, initial state dict, the output and
    final state of forward(x, hx), and the gradients of x, hx and every parameter from the backward of
    the sum of the output and states weighted by fixed values (so every element matters)."""
    torch.manual_seed(seed)
    m = eval(ctor)
    sd0 = {k: v.clone() for k, v in m.state_dict().items()}
    m.to(device)
    m.train(train)
    x = x.to(device).clone().requires_grad_(True)
    if hx is not None:
        hx = ([h.to(device).clone().requires_grad_(True) for h in hx] if isinstance(hx, list)
              else hx.to(device).clone().requires_grad_(True))
    if step_seed is not None:
        torch.manual_seed(step_seed)
    arg = tuple(hx) if isinstance(hx, list) else hx
    y = m(x) if hx is None else m(x, arg)
    if "Cell" in type(m).__name__:
        out = y[0] if isinstance(y, tuple) else y
        state = list(y) if isinstance(y, tuple) else [y]
    else:
        out = y[0]
        state = list(y[1]) if isinstance(y[1], tuple) else [y[1]]
    if not backward:  # cuDNN in eval mode has no backward
        return {"repr": repr(m), "sd0": sd0, "out": out.detach(), "state": [s.detach() for s in state]}
    loss = sum((t * (torch.arange(t.numel(), dtype=t.dtype, device=t.device) / t.numel() - 0.5).view(t.shape)).sum()
               for t in [out] + state)
    loss.backward()
    hx_grads = None if hx is None else ([h.grad for h in hx] if isinstance(hx, list) else [hx.grad])
    return {"repr": repr(m), "sd0": sd0, "out": out.detach(), "state": [s.detach() for s in state],
            "xgrad": x.grad, "hxgrads": hx_grads,
            "grads": {k: p.grad for k, p in m.named_parameters() if p.grad is not None}}


def functional_case(code, x, g=None, **tensors):
    """The expression `code` over `i` (x, needing grad) and the named `tensors` (e.g.
    "F.l1_loss(i, t, reduction='none')"): its outputs (a tuple's items in order) and the gradient of
    i from backward(g) of the first."""
    i = x.clone().requires_grad_(True)
    out = eval(code, {"torch": torch, "nn": nn, "F": F}, {"i": i, **tensors})
    outs = list(out) if isinstance(out, tuple) else [out]
    if g is not None:
        outs[0].backward(g)
    return {"out": [o.detach() for o in outs], "grad": i.grad}


def packed_case(ctor, seed, x, lengths, batch_first=False, enforce_sorted=True, hx=None, total_length=None):
    """The recurrent module `ctor` (after manual_seed(seed)) over pack_padded_sequence(x, lengths): the packed
    input's fields, the padded output and lengths from pad_packed_sequence, the final states, and the
    gradients of x and every parameter from the same weighted sum as rnn_case."""
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence
    torch.manual_seed(seed)
    m = eval(ctor)
    x = x.clone().requires_grad_(True)
    packed = pack_padded_sequence(x, lengths, batch_first=batch_first, enforce_sorted=enforce_sorted)
    arg = tuple(hx) if isinstance(hx, list) and len(hx) == 2 else (hx[0] if isinstance(hx, list) else hx)
    out, state = m(packed) if hx is None else m(packed, arg)
    state = list(state) if isinstance(state, tuple) else [state]
    padded, lens = pad_packed_sequence(out, batch_first=batch_first, total_length=total_length)
    loss = sum((t * (torch.arange(t.numel(), dtype=t.dtype) / t.numel() - 0.5).view(t.shape)).sum()
               for t in [padded] + state)
    loss.backward()
    return {"fields": [packed.data.detach(), packed.batch_sizes, packed.sorted_indices, packed.unsorted_indices],
            "out_data": out.data.detach(), "padded": padded.detach(), "lengths": lens,
            "state": [s.detach() for s in state], "xgrad": x.grad,
            "grads": {k: p.grad for k, p in m.named_parameters() if p.grad is not None}}


def mha_case(ctor, seed, q, k=None, v=None, kpm=None, attn_mask=None, need_weights=True, average=True,
             train=True, step_seed=None, grad=True, device="cpu"):
    """nn.MultiheadAttention `ctor` after manual_seed(seed): initial state dict, output and weights of
    forward (k and v None: self-attention on the same tensor, as PyTorch's fast path needs), and the
    gradients of the inputs and parameters from a weighted sum of the output (when grad)."""
    torch.manual_seed(seed)
    m = eval(ctor)
    sd0 = {kk: vv.clone() for kk, vv in m.state_dict().items()}
    m.to(device)
    m.train(train)
    q = q.to(device).clone().requires_grad_(grad)
    self_attn = k is None
    k = q if self_attn else k.to(device).clone().requires_grad_(grad)
    v = (q if self_attn else k) if v is None else v.to(device).clone().requires_grad_(grad)
    kpm = None if kpm is None else kpm.to(device)
    attn_mask = None if attn_mask is None else attn_mask.to(device)
    if step_seed is not None:
        torch.manual_seed(step_seed)
    with torch.set_grad_enabled(grad):
        out, w = m(q, k, v, key_padding_mask=kpm, need_weights=need_weights, attn_mask=attn_mask,
                   average_attn_weights=average)
    res = {"sd0": sd0, "repr": repr(m), "out": out.detach(), "w": None if w is None else w.detach()}
    if grad:
        (out * (torch.arange(out.numel(), dtype=out.dtype, device=out.device) / out.numel() - 0.5).view(out.shape)).sum().backward()
        res["qgrad"] = q.grad
        res["kgrad"] = None if self_attn else k.grad
        res["grads"] = {kk: p.grad for kk, p in m.named_parameters() if p.grad is not None}
    return res


def call_case(ctor, seed, args, kwargs=None, train=True, grad=True, step_seed=None, device="cpu"):
    """Module `ctor` after manual_seed(seed) called on `args` (float tensors require grad when `grad`) and
    tensor `kwargs`: repr, initial state dict, output, and the gradients of the float args and every
    parameter from a fixed weighted sum of the output."""
    torch.manual_seed(seed)
    m = eval(ctor)
    sd0 = {k: v.clone() for k, v in m.state_dict().items()}
    m.to(device)
    m.train(train)
    args = [a.to(device).clone().requires_grad_(grad) if a.is_floating_point() else a.to(device) for a in args]
    kwargs = {k: (v.to(device) if isinstance(v, torch.Tensor) else v) for k, v in (kwargs or {}).items()}
    if step_seed is not None:
        torch.manual_seed(step_seed)
    with torch.set_grad_enabled(grad):
        out = m(*args, **kwargs)
    res = {"repr": repr(m), "sd0": sd0, "out": out.detach()}
    if grad:
        (out * (torch.arange(out.numel(), dtype=out.dtype, device=out.device) / out.numel() - 0.5).view(out.shape)).sum().backward()
        res["arggrads"] = [a.grad for a in args]
        res["grads"] = {k: p.grad for k, p in m.named_parameters() if p.grad is not None}
    return res


def multi_case(ctor, seed, args, extra=None, train=True, g=None, fixed=()):
    """Module `ctor` after manual_seed(seed) (train or eval) called on the tensors `args` (floating ones
    need grad, but those at the indices `fixed`) and then `extra` (lists or tensors passed as they are): repr, initial state dict, the
    output, and after backward(g) of it (ones when g is None) the gradients of the floating args and of
    every parameter."""
    torch.manual_seed(seed)
    m = eval(ctor)
    sd0 = {k: v.clone() for k, v in m.state_dict().items()}
    m.train(train)
    args = [a.clone().requires_grad_(True) if a.is_floating_point() and k not in fixed else a
            for k, a in enumerate(args)]
    out = m(*args, *(extra or []))
    if out.requires_grad:
        out.backward(torch.ones_like(out) if g is None else g)
    return {"repr": repr(m), "sd0": sd0, "out": out.detach(),
            "grads": [a.grad if a.requires_grad else None for a in args],
            "pgrads": {k: p.grad for k, p in m.named_parameters() if p.grad is not None}}
