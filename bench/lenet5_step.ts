// bench/lenet5_step: the LeNet-5 + BN training step (batch 64, Adam, CPU, 1 thread) in fresh
// processes, torchts and PyTorch interleaved, several rounds: the spread shows whether some runs land
// in a slow mode (glibc trimming and regrowing its heap every step) rather than only the median.
//   npm run bench:lenet5-step [-- --rounds 5 --steps 300]
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import { LeNet5 } from "../examples/lenet5";
import * as torch from "../lib";
import { nn, optim } from "../lib";
import { repoPath } from "../test/helpers/paths";

function child(steps: number): void {
  torch.setNumThreads(1);
  torch.manualSeed(0);
  const model = new LeNet5(true);
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const lossFn = new nn.CrossEntropyLoss();
  const x = torch.randn([64, 3, 32, 32]);
  const y = torch.randint(0, 10, [64]);
  const step = () => {
    opt.zeroGrad();
    lossFn.forward(model.forward(x), y).backward();
    opt.step();
  };
  for (let i = 0; i < 20; i++) step();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < steps; i++) step();
  console.log((64 * steps) / (Number(process.hrtime.bigint() - t0) / 1e9));
}

const PY = (steps: number) => `
import time, torch, torch.nn as nn
torch.set_num_threads(1); torch.manual_seed(0)
def bn2(c): return [nn.BatchNorm2d(c)]
m = nn.Sequential(nn.Conv2d(3, 6, 5), *bn2(6), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(6, 16, 5), *bn2(16), nn.ReLU(),
    nn.MaxPool2d(2), nn.Flatten(), nn.Linear(400, 120), nn.BatchNorm1d(120), nn.ReLU(), nn.Linear(120, 84),
    nn.BatchNorm1d(84), nn.ReLU(), nn.Linear(84, 10))
opt = torch.optim.Adam(m.parameters(), lr=0.01); lf = nn.CrossEntropyLoss()
x = torch.randn(64, 3, 32, 32); y = torch.randint(0, 10, (64,))
def step():
    opt.zero_grad(); lf(m(x), y).backward(); opt.step()
for _ in range(20): step()
t0 = time.perf_counter()
for _ in range(${steps}): step()
print(64 * ${steps} / (time.perf_counter() - t0))
`;

function main(): void {
  const args = process.argv.slice(2);
  const arg = (name: string, dflt: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : dflt;
  };
  const steps = arg("--steps", 300);
  if (args.includes("--child")) {
    child(steps);
    return;
  }
  const rounds = arg("--rounds", 5);
  const ours: number[] = [];
  const theirs: number[] = [];
  const run = (cmd: string, argv: string[]) => {
    const r = spawnSync(cmd, argv, { encoding: "utf8", cwd: repoPath() });
    if (r.status !== 0) throw new Error(r.stderr);
    return Number(r.stdout.trim().split("\n").pop());
  };
  for (let k = 0; k < rounds; k++) {
    ours.push(run(process.execPath, [__filename, "--child", "--steps", String(steps)]));
    theirs.push(run(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY(steps)]));
  }
  const fmt = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${s[0]!.toFixed(0)} / ${s[Math.floor(s.length / 2)]!.toFixed(0)} / ${s[s.length - 1]!.toFixed(0)}`;
  };
  console.log(`bench/lenet5_step on ${os.cpus()[0]?.model}; ${rounds} fresh processes each, ${steps} steps of 64\n`);
  console.log("| framework | img/s min / median / max | every run |");
  console.log("|---|---|---|");
  console.log(`| torchts | ${fmt(ours)} | ${ours.map((v) => v.toFixed(0)).join(", ")} |`);
  console.log(`| PyTorch | ${fmt(theirs)} | ${theirs.map((v) => v.toFixed(0)).join(", ")} |`);
  const worst = Math.min(...ours) / Math.min(...theirs);
  console.log(`\nslowest torchts run / slowest PyTorch run (img/s): ${worst.toFixed(2)}`);
}

main();
