"""TorchScript models for test/jit.test.ts: scripted and traced by PyTorch, saved with torch.jit.save,
run and trained the way the test runs them in torchts."""
from typing import Dict, List, Optional, Tuple

import torch
import torch.nn as nn
import torch.nn.functional as F


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc1 = nn.Linear(4, 8)
        self.bn = nn.BatchNorm1d(8)
        self.drop = nn.Dropout(0.5)
        self.fc2 = nn.Linear(8, 3)

    def forward(self, x):
        return self.fc2(self.drop(torch.relu(self.bn(self.fc1(x)))))

    @torch.jit.export
    def both(self, x, scale: float, pair: Tuple[torch.Tensor, int], opts: Optional[Dict[str, torch.Tensor]] = None,
             names: Optional[List[str]] = None) -> Tuple[torch.Tensor, Dict[str, torch.Tensor], int]:
        extra = {"a": pair[0] + pair[1]}
        if opts is not None:
            for k, v in opts.items():
                extra[k] = v * 2
        return self.fc1(x) * scale, extra, 0 if names is None else len(names)


class Conv(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.fc = nn.Linear(4, 2)

    def forward(self, x):
        y = F.adaptive_avg_pool2d(torch.relu(self.bn(self.conv(x))), 1)
        return self.fc(torch.flatten(y, 1))


def make(dir):
    torch.manual_seed(0)
    net = torch.jit.script(Net())
    net.save(f"{dir}/net.pt")
    torch.manual_seed(1)
    conv = torch.jit.trace(Conv().eval(), torch.randn(2, 3, 8, 8))
    conv.save(f"{dir}/conv.pt")
    return {"net": f"{dir}/net.pt", "conv": f"{dir}/conv.pt"}


def run(path, x, train, seed=0, double=False, device="cpu"):
    m = torch.jit.load(path, map_location=device)
    x = x.to(device)
    m.train(train)
    if double:
        m.double()
        x = x.double()
    torch.manual_seed(seed)
    out = m(x)
    return {"out": out.detach(), "repr": repr(m), "names": [n for n, _ in m.named_parameters()],
            "state": m.state_dict()}


def both(path, x):
    m = torch.jit.load(path)
    y, extra, n = m.both(x, 2.5, (torch.ones(2), 3), {"b": torch.arange(3.0)}, ["a", "bc"])
    y2, extra2, n2 = m.both(x, scale=1.0, pair=(torch.zeros(2), 1))
    return {"y": y.detach(), "extra": extra, "n": n, "y2": y2.detach(), "extra2": extra2, "n2": n2}


def train_steps(path, xs, ys, lr=0.1):
    m = torch.jit.load(path)
    m.train()
    opt = torch.optim.SGD(m.parameters(), lr=lr, momentum=0.9)
    losses = []
    for i in range(len(xs)):
        torch.manual_seed(i)
        opt.zero_grad()
        loss = F.cross_entropy(m(xs[i]), ys[i])
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return {"losses": losses, "state": m.state_dict()}


def load_saved(path, x):
    m = torch.jit.load(path)
    m.eval()
    return {"out": m(x).detach(), "state": m.state_dict(), "training": m.training}
