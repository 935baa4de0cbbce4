// bench/checkpoint: torch.save(model.stateDict()) and model.loadStateDict(torch.load(path)) of a
// LeNet-5 + BN, written as in PyTorch (no dispose), against PyTorch in the same run; and the live
// tensors left once they are collected.
//   node --expose-gc dist/bench/checkpoint.js
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LeNet5 } from "../examples/lenet5";
import * as torch from "../lib";

const ROUNDS = 200;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "torchts-ckpt-")), "lenet.pt");

const PY = `
import time, torch, torch.nn as nn
torch.set_num_threads(1)
m = nn.Sequential(nn.Conv2d(3, 6, 5), nn.BatchNorm2d(6), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5),
    nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.BatchNorm1d(120),
    nn.ReLU(), nn.Linear(120, 84), nn.BatchNorm1d(84), nn.ReLU(), nn.Linear(84, 10))
f = ${JSON.stringify(`${file}.py`)}
def best(fn):
    b = float("inf")
    for _ in range(${ROUNDS}):
        t0 = time.perf_counter(); fn(); b = min(b, time.perf_counter() - t0)
    return b
print(best(lambda: torch.save(m.state_dict(), f)), best(lambda: m.load_state_dict(torch.load(f))))
`;

function best(fn: () => void): number {
  let b = Number.POSITIVE_INFINITY;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    b = Math.min(b, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return b;
}

torch.setNumThreads(1);
const model = new LeNet5(true);
const before = torch.memory().tensors;
const save = best(() => torch.save(model.stateDict(), file));
const load = best(() => model.loadStateDict(torch.load(file)));
global.gc?.();
const left = torch.memory().tensors - before;
const py = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY], { encoding: "utf8" });
if (py.status !== 0) throw new Error(py.stderr);
const [pySave, pyLoad] = py.stdout.trim().split(" ").map(Number) as [number, number];
console.log(`bench/checkpoint on ${os.cpus()[0]?.model}; LeNet-5 + BN, best of ${ROUNDS}\n`);
console.log("| call | torchts ms | PyTorch ms | torchts / PyTorch |");
console.log("|---|---|---|---|");
const row = (label: string, a: number, b: number) =>
  console.log(`| ${label} | ${(a * 1e3).toFixed(2)} | ${(b * 1e3).toFixed(2)} | ${(a / b).toFixed(2)} |`);
row("torch.save(model.stateDict(), f)", save, pySave);
row("model.loadStateDict(torch.load(f))", load, pyLoad);
console.log(`\nlive tensors left after ${2 * ROUNDS} calls and one gc: ${left}`);
