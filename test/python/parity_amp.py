# PyTorch side of test/parity/amp.ts: mixed-precision training (autocast + GradScaler, unscale_ and
# gradient clipping) on the given device; per-step losses and scales, final weights.
import torch
import torch.nn as nn
import torch.nn.functional as F


def net():
    return nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(8 * 8 * 8, 32), nn.ReLU(), nn.Linear(32, 10))


def amp_train(state, xs, ys, device, dtype, init_scale, growth_interval):
    model = net().to(device)
    model.load_state_dict(state)
    opt = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    scaler = torch.cuda.amp.GradScaler(init_scale=init_scale, growth_interval=growth_interval,
                                       enabled=device.startswith("cuda"))
    losses, scales = [], []
    for x, y in zip(xs, ys):
        x, y = x.to(device), y.to(device)
        opt.zero_grad()
        with torch.autocast(device.split(":")[0], dtype=getattr(torch, dtype)):
            loss = F.cross_entropy(model(x), y)
        scaler.scale(loss).backward()
        scaler.unscale_(opt)
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        scaler.step(opt)
        scaler.update()
        losses.append(loss.detach())
        scales.append(scaler.get_scale())
    return {"losses": losses, "scales": scales, "state": dict(model.state_dict()),
            "scaler": scaler.state_dict()}
