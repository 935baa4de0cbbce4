# test/programs/dist_nosync.ts in PyTorch.
import json

import torch
import torch.distributed as dist
import torch.nn as nn

dist.init_process_group("gloo")
r = dist.get_rank()
torch.manual_seed(3)
layer = nn.Linear(4, 2)
ddp = nn.parallel.DistributedDataParallel(layer)


def x(k):
    return torch.arange(8, dtype=torch.float32).reshape(2, 4) + (k * 10 + r)


with ddp.no_sync():
    ddp(x(0)).sum().backward()
local = layer.weight.grad.clone()
ddp(x(1)).pow(2).sum().backward()
print(json.dumps({"rank": r, "local": local.tolist(), "weightGrad": layer.weight.grad.tolist(),
                  "biasGrad": layer.bias.grad.tolist(), "keys": list(ddp.state_dict().keys()),
                  "sameModule": ddp.module is layer}))
dist.destroy_process_group()
