// bench/optim: one Adam step over the LeNet-5 + BN parameters (18 tensors) on CPU, torchts against
// PyTorch's default Adam, same machine, one run.
//   npm run bench:optim
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import { LeNet5 } from "../examples/lenet5";
import * as torch from "../lib";
import { optim } from "../lib";
import { repoPath } from "../test/helpers/paths";

const STEPS = 2000;
const m = new LeNet5(true);
torch.tidy(() =>
  m
    .forward(torch.randn([8, 3, 32, 32]))
    .sum()
    .backward(),
);
const opt = new optim.Adam(m.parameters(), { lr: 0.01 });
for (let i = 0; i < 100; i++) opt.step();
let best = Infinity;
for (let rep = 0; rep < 5; rep++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < STEPS; i++) opt.step();
  best = Math.min(best, Number(process.hrtime.bigint() - t0) / STEPS / 1000);
}
const ref = repoPath("examples", "reference", "lenet5_bn.py");
const PY = `
import runpy, time, torch
torch.set_num_threads(${torch.getNumThreads()})
m = runpy.run_path(${JSON.stringify(ref)})["LeNet5"](True)
m(torch.randn(8, 3, 32, 32)).sum().backward()
opt = torch.optim.Adam(m.parameters(), lr=0.01)
for _ in range(100): opt.step()
best = float("inf")
for _ in range(5):
    t0 = time.perf_counter_ns()
    for _ in range(${STEPS}): opt.step()
    best = min(best, (time.perf_counter_ns() - t0) / ${STEPS} / 1000)
print(best)
`;
const py = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY], { encoding: "utf8" });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const theirs = Number(py.stdout.trim());
console.log(
  `bench/optim on ${os.cpus()[0].model}, libtorch ${torch.version.libtorch}, ${m.parameters().length} parameter tensors, best of 5 x ${STEPS} steps\n`,
);
console.log("| Adam step | torchts µs | PyTorch µs | torchts / PyTorch |");
console.log("|---|---|---|---|");
console.log(`| LeNet-5 + BN, CPU | ${best.toFixed(1)} | ${theirs.toFixed(1)} | ${(best / theirs).toFixed(2)} |`);
