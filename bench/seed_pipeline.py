#!/usr/bin/env python3
"""The seed's original pipeline shape in PyTorch: torchvision ImageFolder + DataLoader(num_workers=2)
with ToTensor/Normalize over the JPEG files, training LeNet-5 (BN) on a device. Times each epoch."""
import argparse, json, os, runpy, time
import torch, torch.nn as nn
import torchvision
import torchvision.transforms as T

p = argparse.ArgumentParser()
p.add_argument("--root", required=True, help="folder with train/<class>/*.jpg and test/<class>/*.jpg")
p.add_argument("--device", default="cuda")
p.add_argument("--epochs", type=int, default=1)
p.add_argument("--out", default="")
args = p.parse_args()
here = os.path.dirname(os.path.abspath(__file__))
LeNet5 = runpy.run_path(os.path.join(here, "..", "examples", "reference", "lenet5_bn.py"))["LeNet5"]
tf = T.Compose([T.ToTensor(), T.Normalize((0.5, 0.5, 0.5), (0.5, 0.5, 0.5))])
train = torchvision.datasets.ImageFolder(os.path.join(args.root, "train"), transform=tf)
test = torchvision.datasets.ImageFolder(os.path.join(args.root, "test"), transform=tf)
loader = torch.utils.data.DataLoader(train, batch_size=64, shuffle=True, num_workers=2)
test_loader = torch.utils.data.DataLoader(test, batch_size=1000, num_workers=2)
device = torch.device(args.device)
torch.manual_seed(0)
model = LeNet5(True).to(device)
opt = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
epochs = []
for epoch in range(1, args.epochs + 1):
    model.train()
    t0 = time.perf_counter()
    for x, y in loader:
        x, y = x.to(device), y.to(device)
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()
    if device.type == "cuda":
        torch.cuda.synchronize()
    seconds = time.perf_counter() - t0
    model.eval()
    correct = 0
    with torch.no_grad():
        for x, y in test_loader:
            correct += (model(x.to(device)).argmax(1) == y.to(device)).sum().item()
    epochs.append({"epoch": epoch, "seconds": seconds, "accuracy": 100.0 * correct / len(test)})
    print(json.dumps(epochs[-1]), flush=True)
res = {"pipeline": "torchvision ImageFolder + DataLoader(num_workers=2)", "device": args.device, "torch": torch.__version__, "epochs": epochs}
if args.out:
    with open(args.out, "w") as f:
        json.dump(res, f, indent=2)
