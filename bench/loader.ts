// bench/loader: DataLoader paths against PyTorch's DataLoader (num_workers=0) in the same run.
//   images: 4,000 batches of 4 32x32x3 uint8 images (the PyTorch CIFAR-10 tutorial's batch size) with
//     ToTensor + Normalize: the native fused path (with and without prefetch) and the general path
//     (the same transforms per image, then defaultCollate), against a PyTorch Dataset doing the same per item;
//   tensors: 1,000 batches of 64 from a TensorDataset of float [N, 128] + int64 labels.
//   npm run bench:loader
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as torch from "../lib";
import { data, type Tensor } from "../lib";

const N = 16000;
const BATCH = 4;
const BATCHES = 4000;
const T = data.transforms;
const images = torch.randint(0, 256, [N, 32, 32, 3], { dtype: "uint8" });
const labels = torch.randint(0, 10, [N]);
const normalize = [new T.ToTensor(), new T.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])];
const fused = new data.ImageDataset(images, labels, [..."0123456789"], new T.Compose(normalize));
// A user function in the pipeline keeps the DataLoader on the per-image path.
const perImage = new data.ImageDataset(
  images,
  labels,
  [..."0123456789"],
  new T.Compose([...normalize, (x: Tensor) => x]),
);
const feats = torch.randn([N, 128]);
const tensors = new data.TensorDataset(feats, labels);

function time<T>(loader: Iterable<T[]>, batches: number): number {
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const b of loader) {
    for (const t of b) (t as Tensor).dispose();
    if (++n === batches) break;
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}
const best = (f: () => number) => Math.min(f(), f(), f());

const ours = {
  default: best(() => time(new data.DataLoader(fused, { batchSize: BATCH, shuffle: true, seed: 0 }), BATCHES)),
  prefetch: best(() =>
    time(new data.DataLoader(fused, { batchSize: BATCH, shuffle: true, seed: 0, prefetch: true }), BATCHES),
  ),
  plain: best(() =>
    time(new data.DataLoader(fused, { batchSize: BATCH, shuffle: true, seed: 0, prefetch: false }), BATCHES),
  ),
  general: best(() => time(new data.DataLoader(perImage, { batchSize: BATCH, shuffle: true, seed: 0 }), BATCHES)),
  tensors: best(() => time(new data.DataLoader(tensors, { batchSize: 64, shuffle: true, seed: 0 }), 1000)),
};

const PY = `
import time, torch
from torch.utils.data import DataLoader, TensorDataset
torch.set_num_threads(${torch.getNumThreads()})
g = torch.Generator(); g.manual_seed(0)
imgs = torch.randint(0, 256, (${N}, 32, 32, 3), dtype=torch.uint8, generator=g)
labs = torch.randint(0, 10, (${N},), generator=g)
feats = torch.randn(${N}, 128, generator=g)
mean = torch.tensor([0.5, 0.5, 0.5]).view(3, 1, 1); std = mean
class DS(torch.utils.data.Dataset):
    def __len__(self): return ${N}
    def __getitem__(self, i): return (imgs[i].permute(2, 0, 1).contiguous().float().div(255) - mean) / std, int(labs[i])
def run(loader, batches):
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter(); n = 0
        for b in loader:
            n += 1
            if n == batches: break
        best = min(best, time.perf_counter() - t0)
    return best
print(run(DataLoader(DS(), batch_size=${BATCH}, shuffle=True), ${BATCHES}))
print(run(DataLoader(TensorDataset(feats, labs), batch_size=64, shuffle=True), 1000))
`;
const py = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY], { encoding: "utf8" });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const [theirImages, theirTensors] = py.stdout.trim().split("\n").map(Number);
const row = (what: string, s: number, ref: number) =>
  console.log(`| ${what} | ${s.toFixed(2)} | ${(s / ref).toFixed(2)} |`);
console.log(`bench/loader on ${os.cpus()[0]?.model}, ${os.cpus().length} CPUs; best of 3\n`);
console.log(`${BATCHES} batches of ${BATCH} images (ToTensor + Normalize):\n`);
console.log("| loader | seconds | / PyTorch |");
console.log("|---|---|---|");
row("torchts ImageDataset, native path, default (no prefetch below 128 KiB a batch)", ours.default, theirImages);
row("torchts ImageDataset, native path, prefetch: true (worker thread)", ours.prefetch, theirImages);
row("torchts ImageDataset, native path, no prefetch", ours.plain, theirImages);
row("torchts ImageDataset, general path (per-image transforms + defaultCollate)", ours.general, theirImages);
row("PyTorch DataLoader (num_workers=0, per-item transform)", theirImages, theirImages);
console.log(`\n1000 batches of 64 from a TensorDataset (float [${N}, 128], int64 labels):\n`);
console.log("| loader | seconds | / PyTorch |");
console.log("|---|---|---|");
row("torchts TensorDataset (one index_select per tensor)", ours.tensors, theirTensors);
row("PyTorch DataLoader(TensorDataset)", theirTensors, theirTensors);
