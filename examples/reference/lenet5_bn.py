#!/usr/bin/env python3
"""The LeNet-5 BatchNorm experiment in PyTorch: the reference for examples/lenet5_bn.ts.

Same flags, same data (the uint8 cache that torchts decoded, written by `npm run lenet -- --export-data`
or read through --data-cache), same batching order (DataLoader(shuffle=True) with a seeded generator),
same results.json.
"""
import argparse, json, math, os, sys, time
import torch
import torch.nn as nn


class LeNet5(nn.Module):
    def __init__(self, batch_norm):
        super().__init__()
        bn2 = (lambda c: [nn.BatchNorm2d(c)]) if batch_norm else (lambda c: [])
        bn1 = (lambda c: [nn.BatchNorm1d(c)]) if batch_norm else (lambda c: [])
        self.features = nn.Sequential(
            nn.Conv2d(3, 6, 5), *bn2(6), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5), *bn2(16), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(400, 120), *bn1(120), nn.ReLU(),
            nn.Linear(120, 84), *bn1(84), nn.ReLU(),
            nn.Linear(84, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def read_cache(path):
    """The raw data file torchts writes: 4-byte header length, JSON header, images uint8 NHWC, labels uint8."""
    with open(path, "rb") as f:
        raw = f.read()
    hlen = int.from_bytes(raw[:4], "little")
    meta = json.loads(raw[4:4 + hlen])
    out = {}
    off = 4 + hlen
    for split in ("train", "test"):
        n = meta[split]
        img = torch.frombuffer(bytearray(raw[off:off + n * 3072]), dtype=torch.uint8).reshape(n, 32, 32, 3)
        off += n * 3072
        lab = torch.frombuffer(bytearray(raw[off:off + n]), dtype=torch.uint8).to(torch.int64)
        off += n
        out[split] = (img, lab)
    return out


def batch(images, labels, idx, device):
    # ToTensor + Normalize((0.5,)*3, (0.5,)*3), in torchvision's op order, on a whole batch.
    x = images.index_select(0, idx).to(device, non_blocking=True)
    y = labels.index_select(0, idx).to(device, non_blocking=True)
    x = x.permute(0, 3, 1, 2).contiguous().to(torch.float32).div(255)
    m = torch.tensor([0.5, 0.5, 0.5], dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    s = torch.tensor([0.5, 0.5, 0.5], dtype=torch.float32, device=x.device).view(1, -1, 1, 1)
    return x.sub_(m).div_(s), y


class GraphedStep:
    """PyTorch's whole-network capture recipe (torch.cuda.graph), one graph per batch shape, with the
    warm-up steps undone so that the numbers match the eager loop; the reference for --cuda-graph."""

    def __init__(self, model, loss_fn, opt, warmup=3):
        self.model, self.loss_fn, self.opt, self.warmup = model, loss_fn, opt, warmup
        self.graphs = {}
        self.stream = torch.cuda.Stream()

    def eager(self, x, y):
        self.opt.zero_grad(set_to_none=False)
        loss = self.loss_fn(self.model(x), y)
        loss.backward()
        self.opt.step()
        return loss

    def capture(self, x, y):
        sx, sy = x.clone(), y.clone()
        saved = {k: v.clone() for k, v in self.model.state_dict().items()}
        had = set(self.opt.state.keys())
        opt_saved = {p: {k: v.clone() for k, v in st.items() if torch.is_tensor(v)} for p, st in self.opt.state.items()}
        rng = torch.get_rng_state(), torch.cuda.get_rng_state()
        self.stream.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(self.stream):
            for _ in range(self.warmup):
                self.eager(sx, sy)
        torch.cuda.current_stream().wait_stream(self.stream)
        with torch.no_grad():
            self.model.load_state_dict(saved)
            for p, st in self.opt.state.items():
                for k, v in st.items():
                    if not torch.is_tensor(v):
                        continue
                    if p in had:
                        v.copy_(opt_saved[p][k])
                    else:
                        v.zero_()
        torch.set_rng_state(rng[0])
        torch.cuda.set_rng_state(rng[1])
        g = torch.cuda.CUDAGraph()
        with torch.cuda.graph(g, stream=self.stream, capture_error_mode="thread_local"):
            loss = self.eager(sx, sy)
        return g, sx, sy, loss

    def __call__(self, x, y):
        key = (tuple(x.shape), tuple(y.shape))
        if key not in self.graphs:
            self.graphs[key] = self.capture(x, y)
        g, sx, sy, loss = self.graphs[key]
        sx.copy_(x)
        sy.copy_(y)
        g.replay()
        return loss


def run(model_name, data, args, device):
    torch.manual_seed(args.seed)
    model = LeNet5(model_name == "bn").to(device)
    # A captured step needs a capturable Adam (step count on the GPU); fused is the kernel torchts uses on CUDA.
    opt = torch.optim.Adam(model.parameters(), lr=args.lr, **({"fused": True, "capturable": True} if args.cuda_graph else {}))
    loss_fn = nn.CrossEntropyLoss()
    step = GraphedStep(model, loss_fn, opt) if args.cuda_graph else None
    g = torch.Generator()
    g.manual_seed(args.seed)
    tr_img, tr_lab = data["train"]
    te_img, te_lab = data["test"]
    if device.type == "cuda":
        tr_img, tr_lab, te_img, te_lab = (t.to(device) for t in (tr_img, tr_lab, te_img, te_lab))
    n = tr_img.shape[0]
    sampler = torch.utils.data.BatchSampler(torch.utils.data.RandomSampler(range(n), generator=g), args.batch_size, False)
    epochs = []
    for epoch in range(1, args.epochs + 1):
        print(f"Epoch {epoch}")
        model.train()
        total, count, running = 0.0, 0, 0.0
        # DataLoader's iterator draws its base seed from the generator first.
        torch.empty((), dtype=torch.int64).random_(generator=g)
        if device.type == "cuda":
            torch.cuda.synchronize()
        t0 = time.perf_counter()
        loss_sum = torch.zeros((), device=device) if step else None
        for i, ids in enumerate(sampler, 1):
            idx = torch.tensor(ids, dtype=torch.int64, device=tr_img.device)
            x, y = batch(tr_img, tr_lab, idx, device)
            if step:
                # The loss stays on the GPU and is read every 100 batches, as in torchts --cuda-graph.
                loss_sum += step(x, y)
                count += 1
                if i % 100 == 0:
                    s = loss_sum.item()
                    print(f"[Batch {i}] loss: {(s - running) / 100:.3f}")
                    running = s
                continue
            opt.zero_grad()
            loss = loss_fn(model(x), y)
            loss.backward()
            opt.step()
            v = loss.item()
            total += v
            running += v
            count += 1
            if i % 100 == 0:
                print(f"[Batch {i}] loss: {running / 100:.3f}")
                running = 0.0
        if step:
            total = loss_sum.item()
        if device.type == "cuda":
            torch.cuda.synchronize()
        seconds = time.perf_counter() - t0
        model.eval()
        correct = 0
        with torch.no_grad():
            for s in range(0, te_img.shape[0], 1000):
                idx = torch.arange(s, min(s + 1000, te_img.shape[0]), device=te_img.device)
                x, y = batch(te_img, te_lab, idx, device)
                correct += (model(x).argmax(1) == y).sum().item()
        acc = 100.0 * correct / te_img.shape[0]
        print(f"Accuracy of the network on the {te_img.shape[0]} test images: {int(acc)} %")
        entry = {"epoch": epoch, "loss": total / count, "accuracy": acc, "seconds": seconds}
        if device.type == "cuda":
            entry["gpuMemoryAllocated"] = torch.cuda.memory_allocated()
        epochs.append(entry)
    return {"model": model_name, "epochs": epochs}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--device", default="cpu")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--lr", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--data-cache", required=True, help="the uint8 data file written by `npm run lenet -- --export-data FILE`")
    p.add_argument("--models", default="bn,plain")
    p.add_argument("--limit", type=int, default=0)
    p.add_argument("--out", default="")
    p.add_argument("--threads", type=int, default=0)
    p.add_argument("--cuda-graph", action="store_true", help="capture each training step in a CUDA graph")
    args = p.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = torch.device(args.device)
    data = read_cache(args.data_cache)
    if args.limit:
        img, lab = data["train"]
        data["train"] = (img[:args.limit], lab[:args.limit])
    runs = [run(m, data, args, device) for m in args.models.split(",")]
    result = {"device": args.device, "libtorch": torch.__version__, "framework": "pytorch", "cudaGraph": args.cuda_graph, "runs": runs}
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "results.json"), "w") as f:
            json.dump(result, f, indent=2)
    print(json.dumps({r["model"]: [round(e["accuracy"], 2) for e in r["epochs"]] for r in runs}))


if __name__ == "__main__":
    main()
