// bench/overhead: per-call cost of torchts against PyTorch on the same machine, in one run.
//   npm run bench:overhead
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as torch from "../lib";

function time(n: number, fn: () => void): number {
  for (let i = 0; i < Math.min(n, 2000); i++) fn();
  let best = Infinity;
  for (let rep = 0; rep < 5; rep++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / n);
  }
  return best; // ns per call, best of 5
}

const PY = `
import time, torch
torch.set_num_threads(${torch.getNumThreads()})
def t(n, fn):
    for _ in range(min(n, 2000)): fn()
    best = float("inf")
    for _ in range(5):
        t0 = time.perf_counter_ns()
        for _ in range(n): fn()
        best = min(best, (time.perf_counter_ns() - t0) / n)
    return best
a = torch.ones(2); b = torch.ones(2)
x = torch.randn(64, 400); w = torch.randn(400, 120)
def scope():
    y = a
    for _ in range(10): y = y.add(b)
    return y
import json
print(json.dumps({
  "inplace": t(200000, lambda: a.add_(b)),
  "newTensor": t(200000, lambda: a.add(b)),
  "collected": t(200000, lambda: a.add(b)),
  "matmul": t(5000, lambda: x.matmul(w)),
  "scope10": t(20000, scope),
  "dispatcher": t(200000, lambda: a.clamp_min(0)),
  "keywords": t(100000, lambda: x.sum(dim=1, keepdim=True)),
}))
`;

const a = torch.ones([2]),
  b = torch.ones([2]);
const x = torch.randn([64, 400]),
  w = torch.randn([400, 120]);
const ours = {
  inplace: time(200000, () => {
    a.add_(b);
  }),
  newTensor: time(200000, () => {
    a.add(b).dispose();
  }),
  // As a PyTorch script writes it: nothing freed by hand, the tensor goes when it is collected.
  collected: time(200000, () => {
    a.add(b);
  }),
  matmul: time(5000, () => {
    x.matmul(w).dispose();
  }),
  scope10: time(20000, () => {
    torch
      .tidy(() => {
        let y = a;
        for (let i = 0; i < 10; i++) y = y.add(b);
        return y;
      })
      .dispose();
  }),
  // A generated operator: one boxed call through c10's dispatcher (native/dispatch.cc).
  dispatcher: time(200000, () => {
    a.clampMin(0).dispose();
  }),
  // A hand-written method called with Python's keywords: bound by lib/aten.ts against the schema.
  keywords: time(100000, () => {
    (x as unknown as { sum(o: object): torch.Tensor }).sum({ dim: 1, keepdim: true }).dispose();
  }),
};
const py = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY], { encoding: "utf8" });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const theirs = JSON.parse(py.stdout.trim());
const rows: Array<[string, keyof typeof ours]> = [
  ["in-place add, 2 elements", "inplace"],
  ["add returning a new tensor (disposed)", "newTensor"],
  ["add returning a new tensor (never disposed, collected)", "collected"],
  ["matmul 64x400 . 400x120 (disposed)", "matmul"],
  ["tidy() scope of ten adds", "scope10"],
  ["clampMin(0), a generated operator through the dispatcher", "dispatcher"],
  ["x.sum({ dim: 1, keepdim: true }), keywords bound to the schema", "keywords"],
];
console.log(
  `bench/overhead on ${os.cpus()[0].model}, ${os.cpus().length} CPUs, libtorch ${torch.version.libtorch}, ${torch.getNumThreads()} thread(s); best of 5 runs\n`,
);
console.log("| call | torchts µs | PyTorch µs | torchts / PyTorch |");
console.log("|---|---|---|---|");
for (const [label, k] of rows)
  console.log(
    `| ${label} | ${(ours[k] / 1000).toFixed(3)} | ${(theirs[k] / 1000).toFixed(3)} | ${(ours[k] / theirs[k]).toFixed(2)} |`,
  );
