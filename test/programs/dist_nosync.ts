// DDP's no_sync, module property and state-dict prefix on a Linear layer; prints grads and keys as
// one JSON line. test/python/dist_nosync.py is the same program in PyTorch.
import * as torch from "../../lib";
import { nn } from "../../lib";

torch.distributed.initProcessGroup({ backend: "gloo", timeout: 60_000 });
const r = torch.distributed.getRank();
torch.manualSeed(3);
const layer = new nn.Linear(4, 2);
const ddp = new nn.parallel.DistributedDataParallel(layer);
const x = (k: number) =>
  torch
    .arange(8, { dtype: "float32" })
    .reshape(2, 4)
    .add(k * 10 + r);
// Two local backward passes (gradients accumulate unsynchronised), then one synchronised.
ddp.noSync(() => {
  ddp.forward(x(0)).sum().backward();
});
const local = layer.weight.grad!.clone();
ddp.forward(x(1)).pow(2).sum().backward();
console.log(
  JSON.stringify({
    rank: r,
    local: local.tolist(),
    weightGrad: layer.weight.grad!.tolist(),
    biasGrad: layer.bias!.grad!.tolist(),
    keys: Object.keys(ddp.stateDict()),
    sameModule: ddp.module === layer,
  }),
);
torch.distributed.destroyProcessGroup();
