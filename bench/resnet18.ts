// bench/resnet18: the CIFAR ResNet18 of a well-known PyTorch trainer (BasicBlock x [2, 2, 2, 2],
// width 16 here, avg_pool2d(4), Linear), one training step (SGD momentum 0.9, weight decay 5e-4,
// batch 128, CPU), torchts and PyTorch in the same run, written as a PyTorch script: no tidy.
//   npm run bench:resnet18 [-- --steps 10]
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as torch from "../lib";
import { nn, optim, type Tensor } from "../lib";

const F = nn.functional;

class BasicBlock extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  shortcut: nn.Sequential;
  constructor(inPlanes: number, planes: number, stride: number) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride: 1, padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.shortcut =
      stride !== 1 || inPlanes !== planes
        ? new nn.Sequential(new nn.Conv2d(inPlanes, planes, 1, { stride, bias: false }), new nn.BatchNorm2d(planes))
        : new nn.Sequential();
  }
  forward(x: Tensor): Tensor {
    const out = F.relu(this.bn1.forward(this.conv1.forward(x)));
    return F.relu(this.bn2.forward(this.conv2.forward(out)).add(this.shortcut.forward(x)));
  }
}

class ResNet18 extends nn.Module {
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  layers: nn.Sequential;
  linear: nn.Linear;
  constructor(width: number) {
    super();
    this.conv1 = new nn.Conv2d(3, width, 3, { stride: 1, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(width);
    const blocks: nn.Module[] = [];
    let inPlanes = width;
    for (const [mult, stride] of [
      [1, 1],
      [2, 2],
      [4, 2],
      [8, 2],
    ] as const) {
      for (const s of [stride, 1]) {
        blocks.push(new BasicBlock(inPlanes, width * mult, s));
        inPlanes = width * mult;
      }
    }
    this.layers = new nn.Sequential(...blocks);
    this.linear = new nn.Linear(width * 8, 10);
  }
  forward(x: Tensor): Tensor {
    const out = this.layers.forward(F.relu(this.bn1.forward(this.conv1.forward(x))));
    return this.linear.forward(F.avgPool2d(out, 4).flatten(1));
  }
}

const PY = (steps: number) => `
import time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(${torch.getNumThreads()}); torch.manual_seed(0)
class BasicBlock(nn.Module):
    def __init__(self, i, p, s):
        super().__init__()
        self.conv1 = nn.Conv2d(i, p, 3, stride=s, padding=1, bias=False); self.bn1 = nn.BatchNorm2d(p)
        self.conv2 = nn.Conv2d(p, p, 3, stride=1, padding=1, bias=False); self.bn2 = nn.BatchNorm2d(p)
        self.shortcut = nn.Sequential()
        if s != 1 or i != p:
            self.shortcut = nn.Sequential(nn.Conv2d(i, p, 1, stride=s, bias=False), nn.BatchNorm2d(p))
    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))
class ResNet18(nn.Module):
    def __init__(self, w):
        super().__init__()
        self.conv1 = nn.Conv2d(3, w, 3, stride=1, padding=1, bias=False); self.bn1 = nn.BatchNorm2d(w)
        blocks, i = [], w
        for mult, stride in [(1, 1), (2, 2), (4, 2), (8, 2)]:
            for s in [stride, 1]:
                blocks.append(BasicBlock(i, w * mult, s)); i = w * mult
        self.layers = nn.Sequential(*blocks); self.linear = nn.Linear(w * 8, 10)
    def forward(self, x):
        out = self.layers(F.relu(self.bn1(self.conv1(x))))
        return self.linear(F.avg_pool2d(out, 4).flatten(1))
m = ResNet18(16)
opt = torch.optim.SGD(m.parameters(), lr=0.1, momentum=0.9, weight_decay=5e-4); lf = nn.CrossEntropyLoss()
x = torch.randn(128, 3, 32, 32); y = torch.randint(0, 10, (128,))
def step():
    opt.zero_grad(); lf(m(x), y).backward(); opt.step()
for _ in range(2): step()
best = float("inf")
for _ in range(${steps}):
    t0 = time.perf_counter(); step(); best = min(best, time.perf_counter() - t0)
print(best)
`;

function main(): void {
  const args = process.argv.slice(2);
  const i = args.indexOf("--steps");
  const steps = i >= 0 ? Number(args[i + 1]) : 10;
  torch.manualSeed(0);
  const model = new ResNet18(16);
  const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  const lossFn = new nn.CrossEntropyLoss();
  const x = torch.randn([128, 3, 32, 32]);
  const y = torch.randint(0, 10, [128]);
  const step = () => {
    opt.zeroGrad();
    lossFn.forward(model.forward(x), y).backward();
    opt.step();
  };
  for (let k = 0; k < 2; k++) step();
  let ours = Number.POSITIVE_INFINITY;
  for (let k = 0; k < steps; k++) {
    const t0 = process.hrtime.bigint();
    step();
    ours = Math.min(ours, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  const py = spawnSync(process.env.TORCHTS_PYTHON || "/usr/bin/python3", ["-c", PY(steps)], { encoding: "utf8" });
  if (py.status !== 0) throw new Error(py.stderr);
  const theirs = Number(py.stdout.trim());
  console.log(`bench/resnet18 on ${os.cpus()[0]?.model}, ${torch.getNumThreads()} thread(s); best of ${steps} steps\n`);
  console.log("| step | torchts ms | PyTorch ms | torchts / PyTorch |");
  console.log("|---|---|---|---|");
  console.log(
    `| ResNet18 width 16, batch 128, SGD | ${(ours * 1e3).toFixed(1)} | ${(theirs * 1e3).toFixed(1)} | ${(ours / theirs).toFixed(2)} |`,
  );
}

main();
