// bench/loader: the DataLoader at batch 4 (the PyTorch CIFAR-10 tutorial's size), 4,000 batches of
// 32x32x3 images with ToTensor + Normalize, with and without prefetch, against PyTorch's DataLoader
// over a TensorDataset of the same uint8 images in the same run.
//   npm run bench:loader
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as torch from "../lib";
import { data } from "../lib";

const N = 16000;
const BATCH = 4;
const images = torch.randint(0, 256, [N, 32, 32, 3], { dtype: "uint8" });
const labels = torch.randint(0, 10, [N]);
const transform = new data.transforms.Compose([
  new data.transforms.ToTensor(),
  new data.transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
]);
const ds = new data.ImageDataset(images, labels, [..."0123456789"], transform);

function epoch(prefetch: boolean): number {
  const loader = new data.DataLoader(ds, { batchSize: BATCH, shuffle: true, seed: 0, prefetch });
  const t0 = process.hrtime.bigint();
  let n = 0;
  for (const [x, y] of loader) {
    x.dispose();
    y.dispose();
    if (++n === 4000) break;
  }
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const PY = `
import time, torch
from torch.utils.data import DataLoader, TensorDataset
torch.set_num_threads(${torch.getNumThreads()})
g = torch.Generator(); g.manual_seed(0)
imgs = torch.randint(0, 256, (${N}, 32, 32, 3), dtype=torch.uint8, generator=g)
labs = torch.randint(0, 10, (${N},), generator=g)
mean = torch.tensor([0.5, 0.5, 0.5]).view(3, 1, 1); std = mean
class DS(torch.utils.data.Dataset):
    def __len__(self): return ${N}
    def __getitem__(self, i): return (imgs[i].permute(2, 0, 1).float().div(255) - mean) / std, labs[i]
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter(); n = 0
    for x, y in DataLoader(DS(), batch_size=${BATCH}, shuffle=True):
        n += 1
        if n == 4000: break
    best = min(best, time.perf_counter() - t0)
print(best)
`;

const best = (prefetch: boolean) => Math.min(epoch(prefetch), epoch(prefetch), epoch(prefetch));
const ours = { prefetch: best(true), plain: best(false) };
const py = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY], { encoding: "utf8" });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const theirs = Number(py.stdout.trim());
console.log(`bench/loader on ${os.cpus()[0]?.model}, ${os.cpus().length} CPUs; 4,000 batches of ${BATCH}, best of 3\n`);
console.log("| loader | seconds | / PyTorch |");
console.log("|---|---|---|");
console.log(
  `| torchts, prefetch on a worker thread | ${ours.prefetch.toFixed(2)} | ${(ours.prefetch / theirs).toFixed(2)} |`,
);
console.log(`| torchts, no prefetch | ${ours.plain.toFixed(2)} | ${(ours.plain / theirs).toFixed(2)} |`);
console.log(`| PyTorch DataLoader (num_workers=0, per-item transform) | ${theirs.toFixed(2)} | 1.00 |`);
