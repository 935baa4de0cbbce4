// A training loop written as in PyTorch: no tidy(), dispose() or `using` anywhere. Prints, as one
// JSON line, resident memory and live tensors every 20 steps. Run by test/memory_no_scopes.test.ts.
//   node dist/test/programs/memory_loop.js --steps N [--async] [--keep-every K] [--device cpu]
import * as torch from "../../lib";
import { nn, optim, type Tensor } from "../../lib";

class Net extends nn.Module {
  conv1 = new nn.Conv2d(3, 6, 5);
  bn1 = new nn.BatchNorm2d(6);
  pool = new nn.MaxPool2d(2);
  conv2 = new nn.Conv2d(6, 16, 5);
  bn2 = new nn.BatchNorm2d(16);
  fc1 = new nn.Linear(400, 120);
  fc2 = new nn.Linear(120, 10);
  forward(x: Tensor): Tensor {
    let h = this.pool.forward(this.bn1.forward(this.conv1.forward(x)).relu());
    h = this.pool.forward(this.bn2.forward(this.conv2.forward(h)).relu());
    return this.fc2.forward(this.fc1.forward(h.flatten(1)).relu());
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, dflt: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1]! : dflt;
  };
  const steps = Number(opt("--steps", "2000"));
  const keepEvery = Number(opt("--keep-every", "0"));
  const useAsync = args.includes("--async");
  const device = torch.checkDevice(opt("--device", "cpu"));
  torch.manualSeed(0);
  const model = new Net().to(device);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const lossFn = new nn.CrossEntropyLoss();
  const kept: Tensor[] = [];
  const samples: Array<{ step: number; rss: number; heap: number; tensors: number; cudaAllocated: number }> = [];
  for (let step = 1; step <= steps; step++) {
    const x = torch.randn([16, 3, 32, 32], { device });
    const y = torch.randint(0, 10, [16], { device });
    optimizer.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    optimizer.step();
    if (keepEvery && step % keepEvery === 0) kept.push(loss);
    if (useAsync) await new Promise((r) => setImmediate(r));
    if (step % 20 === 0) {
      const cudaAllocated = device === "cpu" ? 0 : torch.cuda.memoryAllocated();
      const mem = process.memoryUsage();
      samples.push({ step, rss: mem.rss, heap: mem.heapTotal, tensors: torch.memory().tensors, cudaAllocated });
    }
  }
  const keptValues = kept.map((t) => Number(t.item()));
  console.log(JSON.stringify({ samples, kept: keptValues.length, keptFinite: keptValues.every(Number.isFinite) }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
