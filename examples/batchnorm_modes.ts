// The seed's BatchNorm table: trackRunningStats x train/eval, which statistics normalise the batch,
// with torchts's numbers beside PyTorch's on the same input.
//   node dist/examples/batchnorm_modes.js
import { spawnSync } from "node:child_process";
import * as torch from "../lib";
import { nn } from "../lib";

const PY = `
import json, sys, torch, torch.nn as nn
x = torch.tensor(json.loads(sys.argv[1]), dtype=torch.float32).view(32, 3)
out = {}
for track in (True, False):
    torch.manual_seed(0)
    bn = nn.BatchNorm1d(3, track_running_stats=track)
    for i in range(5):
        bn(x * (i + 1) + i)          # five training steps on shifted batches
    for mode in ("train", "eval"):
        bn.train(mode == "train")
        y = bn(x)
        out[f"{str(track).lower()}-{mode}"] = [y.mean().item(), y.std().item(), None if bn.running_mean is None else bn.running_mean[0].item()]
print(json.dumps(out))
`;

torch.manualSeed(0);
const x = torch.randn([32, 3]).mul(2).add(3);
const ours: Record<string, Array<number | null>> = {};
for (const track of [true, false]) {
  const bn = new nn.BatchNorm1d(3, { trackRunningStats: track });
  for (let i = 0; i < 5; i++) torch.tidy(() => bn.forward(x.mul(i + 1).add(i)));
  for (const mode of ["train", "eval"]) {
    bn.train(mode === "train");
    const y = bn.forward(x);
    ours[`${track}-${mode}`] = [
      y.mean().item() as number,
      y.std().item() as number,
      bn.runningMean ? (bn.runningMean.select(0, 0).item() as number) : null,
    ];
  }
}
const py = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY, JSON.stringify(x.toArray())], {
  encoding: "utf8",
});
const theirs: Record<string, Array<number | null>> | null = py.status === 0 ? JSON.parse(py.stdout) : null;
if (!theirs) console.log(`(PyTorch not available: ${py.stderr.trim().split("\n").pop()})\n`);

const uses = (track: boolean, mode: string) =>
  mode === "train" ? "batch statistics" : track ? "running averages" : "batch statistics";
const updates = (track: boolean, mode: string) => (track && mode === "train" ? "yes" : "no");
const f = (v: number | null | undefined) => (v === null || v === undefined ? "-" : v.toFixed(4));
console.log(
  "Input: 32x3 batch; five training steps on shifted batches first. Output mean/std of the same batch, running_mean[0].\n",
);
console.log(
  "| trackRunningStats | mode | normalises with | updates running stats | torchts mean / std | PyTorch mean / std | torchts running_mean[0] | PyTorch running_mean[0] |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const track of [true, false])
  for (const mode of ["train", "eval"]) {
    const k = `${track}-${mode}`,
      o = ours[k],
      p = theirs?.[k];
    console.log(
      `| ${track} | ${mode} | ${uses(track, mode)} | ${updates(track, mode)} | ${f(o[0])} / ${f(o[1])} | ${p ? `${f(p[0])} / ${f(p[1])}` : "-"} | ${f(o[2])} | ${p ? f(p[2]) : "-"} |`,
    );
  }
