# test/programs/dist_ddp.ts in PyTorch: LeNet-5 under DistributedDataParallel on fixed random data.
import argparse
import json
import time

import torch
import torch.distributed as dist
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--model", default="plain")
p.add_argument("--steps", type=int, default=20)
p.add_argument("--lr", type=float, default=0.05)
p.add_argument("--threads", type=int, default=0)
p.add_argument("--single", action="store_true")  # one process on the whole batch, no DDP
p.add_argument("--half", action="store_true")  # with --single: a rank's share of the batch (bench ceiling)
p.add_argument("--device", default="cpu")
p.add_argument("--backend", default="gloo")
p.add_argument("--deterministic", action="store_true")
args = p.parse_args()
if args.deterministic:
    torch.use_deterministic_algorithms(True, warn_only=True)
    torch.backends.cudnn.deterministic = True
    torch.backends.cudnn.benchmark = False
GLOBAL_BATCH = 64
if args.threads:
    torch.set_num_threads(args.threads)


def lenet(bn):
    b2 = (lambda c: [nn.BatchNorm2d(c)]) if bn else (lambda c: [])
    b1 = (lambda c: [nn.BatchNorm1d(c)]) if bn else (lambda c: [])
    m = nn.Module()
    m.features = nn.Sequential(nn.Conv2d(3, 6, 5), *b2(6), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), *b2(16),
                               nn.ReLU(), nn.MaxPool2d(2))
    m.classifier = nn.Sequential(nn.Flatten(), nn.Linear(400, 120), *b1(120), nn.ReLU(), nn.Linear(120, 84), *b1(84),
                                 nn.ReLU(), nn.Linear(84, 10))
    m.forward = lambda x: m.classifier(m.features(x))
    return m


torch.manual_seed(1234)
xs = torch.randn(args.steps * GLOBAL_BATCH, 3, 32, 32).to(args.device)
ys = torch.randint(0, 10, (args.steps * GLOBAL_BATCH,)).to(args.device)
torch.manual_seed(7)
model = lenet(args.model != "plain")
rank, world = 0, 1
ddp = model
if not args.single:
    dist.init_process_group(args.backend, timeout=__import__("datetime").timedelta(seconds=60))
    rank, world = dist.get_rank(), dist.get_world_size()
    if rank != 0:
        torch.manual_seed(100 + rank)
        model = lenet(args.model != "plain")
    if args.model == "syncbn":
        model = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    model.to(args.device)
    ddp = nn.parallel.DistributedDataParallel(model, device_ids=None if args.device == "cpu" else [0])
model.to(args.device)
opt = torch.optim.SGD(ddp.parameters(), lr=args.lr, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
per = GLOBAL_BATCH // 2 if args.single and args.half else GLOBAL_BATCH // world
t0 = time.perf_counter()
for s in range(args.steps):
    start = s * GLOBAL_BATCH + rank * per
    opt.zero_grad()
    loss = loss_fn(ddp(xs[start:start + per]), ys[start:start + per])
    loss.backward()
    opt.step()
seconds = time.perf_counter() - t0
state = {k: v.flatten().double().tolist() for k, v in model.state_dict().items()}
print(json.dumps({"rank": rank, "world": world, "seconds": seconds, "state": state}))
if not args.single:
    dist.destroy_process_group()
