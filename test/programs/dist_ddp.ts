// LeNet-5 trained data-parallel for a few steps on fixed random data; prints the final parameters
// and buffers as one JSON line. test/python/dist_ddp.py is the same program in PyTorch.
//   node dist/test/programs/dist_ddp.js --model plain|bn|syncbn [--steps N] [--single] [--device cuda --backend nccl]
// With --single it trains one process on the whole batch (what DDP + SyncBatchNorm should equal).
// The data is made on the CPU and moved, so every device trains on the same numbers.
import { parseArgs } from "node:util";
import { LeNet5 } from "../../examples/lenet5";
import * as torch from "../../lib";
import { nn, optim } from "../../lib";

const { values } = parseArgs({
  options: {
    model: { type: "string", default: "plain" },
    steps: { type: "string", default: "20" },
    single: { type: "boolean", default: false },
    // With --single: a rank's share (32) of the global batch, no DDP (bench/ddp's ceiling without communication).
    half: { type: "boolean", default: false },
    lr: { type: "string", default: "0.05" },
    threads: { type: "string" },
    device: { type: "string", default: "cpu" },
    backend: { type: "string", default: "gloo" },
    // Deterministic kernels where PyTorch has them (cuDNN convolutions; a warning elsewhere).
    deterministic: { type: "boolean", default: false },
  },
});
if (values.deterministic) {
  torch.useDeterministicAlgorithms(true, { warnOnly: true });
  torch.backends.cudnn.deterministic = true;
  torch.backends.cudnn.benchmark = false;
}
const device = values.device as torch.Device;
const steps = Number(values.steps);
if (values.threads) torch.setNumThreads(Number(values.threads));
const GLOBAL_BATCH = 64;

torch.manualSeed(1234);
const xs = torch.randn([steps * GLOBAL_BATCH, 3, 32, 32]).to(device);
const ys = torch.randint(0, 10, [steps * GLOBAL_BATCH]).to(device);
torch.manualSeed(7);
let base = new LeNet5(values.model !== "plain");
let ddp: nn.parallel.DistributedDataParallel<LeNet5> | null = null;
let rank = 0;
let world = 1;
if (!values.single) {
  torch.distributed.initProcessGroup({ backend: values.backend as "gloo" | "nccl", timeout: 60_000 });
  rank = torch.distributed.getRank();
  world = torch.distributed.getWorldSize();
  // Rank 1 starts from other weights: DDP's broadcast from rank 0 must make them equal.
  if (rank !== 0) {
    torch.manualSeed(100 + rank);
    base = new LeNet5(values.model !== "plain");
  }
  // The root is no BatchNorm, so its layers are replaced in place.
  if (values.model === "syncbn") nn.SyncBatchNorm.convertSyncBatchnorm(base);
  base.to(device);
  ddp = new nn.parallel.DistributedDataParallel(base, device === "cpu" ? {} : { deviceIds: [0] });
}
if (!ddp) base.to(device);
const model = ddp ?? base;
const opt = new optim.SGD(model.parameters(), { lr: Number(values.lr), momentum: 0.9 });
const lossFn = new nn.CrossEntropyLoss();
const per = values.single && values.half ? GLOBAL_BATCH / 2 : GLOBAL_BATCH / world;
const t0 = process.hrtime.bigint();
for (let s = 0; s < steps; s++) {
  const start = s * GLOBAL_BATCH + rank * per;
  const x = xs.narrow(0, start, per);
  const y = ys.narrow(0, start, per);
  opt.zeroGrad();
  const loss = lossFn.forward(ddp ? ddp.forward(x) : base.forward(x), y);
  loss.backward();
  opt.step();
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
const state: Record<string, number[]> = {};
for (const [k, v] of Object.entries(base.stateDict()))
  state[k] = Array.from(v.flatten().to("float64").toTypedArray() as Float64Array);
console.log(JSON.stringify({ rank, world, seconds, state }));
if (!values.single) torch.distributed.destroyProcessGroup();
