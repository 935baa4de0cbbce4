// bench/sequence: one training step (forward, backward of the summed output, SGD) of the recurrent and
// attention layers on CPU, torchts against PyTorch in the same run on the same machine, and whether the
// two give the same output after the timed steps (same seed, same data).
//   npm run bench:sequence
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as torch from "../lib";
import { nn, optim, type Tensor } from "../lib";

const STEPS = Number(process.env.BENCH_STEPS ?? 30);
interface Model {
  name: string;
  make: () => nn.Module;
  py: string;
  input: number[];
  run: (m: nn.Module, x: Tensor) => Tensor;
}
const MODELS: Model[] = [
  {
    name: "LSTM(64, 128, 2 layers), seq 35 x batch 20",
    make: () => new nn.LSTM(64, 128, 2),
    py: "nn.LSTM(64, 128, 2)",
    input: [35, 20, 64],
    run: (m, x) => (m as nn.LSTM).forward(x)[0],
  },
  {
    name: "GRU(64, 128, bidirectional), seq 35 x batch 20",
    make: () => new nn.GRU(64, 128, { bidirectional: true }),
    py: "nn.GRU(64, 128, bidirectional=True)",
    input: [35, 20, 64],
    run: (m, x) => (m as nn.GRU).forward(x)[0],
  },
  {
    name: "TransformerEncoderLayer(128, 4, 512), seq 35 x batch 20",
    make: () => new nn.TransformerEncoderLayer(128, 4, 512),
    py: "nn.TransformerEncoderLayer(128, 4, 512)",
    input: [35, 20, 128],
    run: (m, x) => (m as nn.TransformerEncoderLayer).forward(x),
  },
];

function timeTorchts(model: Model): { us: number; checksum: number } {
  torch.manualSeed(0);
  const m = model.make();
  const x = torch.randn(model.input);
  const opt = new optim.SGD(m.parameters(), { lr: 0.01 });
  const step = () =>
    torch.tidy(() => {
      opt.zeroGrad();
      model.run(m, x).sum().backward();
      opt.step();
    });
  for (let i = 0; i < 3; i++) step();
  let best = Infinity;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < STEPS; i++) step();
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / STEPS / 1000);
  }
  const checksum = torch.tidy(() => torch.noGrad(() => Number(model.run(m, x).double().sum().item())));
  return { us: best, checksum };
}

function timePyTorch(model: Model): { us: number; checksum: number } {
  const code = `
import json, time, torch, torch.nn as nn
torch.set_num_threads(${torch.getNumThreads()})
torch.manual_seed(0)
m = ${model.py}
x = torch.randn(${model.input.join(", ")})
opt = torch.optim.SGD(m.parameters(), lr=0.01)
run = (lambda x: m(x)[0]) if isinstance(m, nn.RNNBase) else (lambda x: m(x))
def step():
    opt.zero_grad()
    run(x).sum().backward()
    opt.step()
for _ in range(3): step()
best = float("inf")
for _ in range(3):
    t0 = time.perf_counter_ns()
    for _ in range(${STEPS}): step()
    best = min(best, (time.perf_counter_ns() - t0) / ${STEPS} / 1000)
with torch.no_grad():
    checksum = run(x).double().sum().item()
print(json.dumps({"us": best, "checksum": checksum}))
`;
  const r = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", code], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

console.log(
  `bench/sequence on ${os.cpus()[0]!.model} (${os.cpus().length} cores), libtorch ${torch.version.libtorch}, ` +
    `${torch.getNumThreads()} threads, best of 3 x ${STEPS} training steps\n`,
);
console.log("| model | torchts ms/step | PyTorch ms/step | torchts / PyTorch | same output after the steps |");
console.log("|---|---|---|---|---|");
for (const model of MODELS) {
  const ours = timeTorchts(model);
  const theirs = timePyTorch(model);
  console.log(
    `| ${model.name} | ${(ours.us / 1000).toFixed(2)} | ${(theirs.us / 1000).toFixed(2)} | ${(ours.us / theirs.us).toFixed(2)} | ${ours.checksum === theirs.checksum ? "yes" : `no (${ours.checksum} vs ${theirs.checksum})`} |`,
  );
}
