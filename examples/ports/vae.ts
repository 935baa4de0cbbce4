// A port of pytorch/examples vae/main.py ("VAE MNIST Example"), line by line with torchts: the same VAE
// (784-400-20 encoder with fc21/fc22 for mu and logvar, 20-400-784 decoder), the reparameterization
// trick (randn_like), binary_cross_entropy(reduction='sum') + KL divergence, Adam(lr 1e-3), shuffled
// loaders for training and test, save_image of the first test batch's reconstructions and of 64 samples
// per epoch. This follows the original's classic form (decode returns sigmoid(fc4(h3)); loss BCE + KLD).
// Differences, the same in the Python reference (examples/ports/reference/vae.py): MNIST is read from
// --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; default ../data as the original) and never
// downloaded. As in the original, the images go to ./results/, which must exist.
//   node dist/examples/ports/vae.js --data DIR [--epochs 10] [--batch-size 128] [--seed 1] [--log-interval 10]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, format, len } from "./builtins";

const { nn, optim } = torch;
const F = nn.functional;
const datasets = torch.data; // torchvision.datasets
const { transforms } = torch.data;
const { saveImage } = torch.data.utils; // torchvision.utils.save_image

const help = `usage: vae.js [-h] [--batch-size N] [--epochs N] [--no-cuda] [--seed S] [--log-interval N] [--data DIR]

VAE MNIST Example

options:
  -h, --help        show this help message and exit
  --batch-size N    input batch size for training (default: 128)
  --epochs N        number of epochs to train (default: 10)
  --no-cuda         enables CUDA training
  --seed S          random seed (default: 1)
  --log-interval N  how many batches to wait before logging training status
  --data DIR        where MNIST/raw/ is, as torchvision's root (default: ../data)`;
const { values } = parseArgs({
  options: {
    "batch-size": { type: "string", default: "128" },
    epochs: { type: "string", default: "10" },
    "no-cuda": { type: "boolean", default: false },
    seed: { type: "string", default: "1" },
    "log-interval": { type: "string", default: "10" },
    data: { type: "string", default: "../data" },
    help: { type: "boolean", short: "h", default: false },
  },
});
if (values.help) {
  console.log(help);
  process.exit(0);
}
// argparse's namespace, numbers parsed
const args = {
  batchSize: Number(values["batch-size"]),
  epochs: Number(values.epochs),
  noCuda: values["no-cuda"],
  seed: Number(values.seed),
  logInterval: Number(values["log-interval"]),
  data: values.data,
  cuda: false,
};
for (const [k, v] of Object.entries(args))
  if (typeof v === "number" && !Number.isInteger(v))
    throw new Error(`argument --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: invalid int value`);
args.cuda = !args.noCuda && torch.cuda.isAvailable();

torch.manualSeed(args.seed);

const device = new torch.device(args.cuda ? "cuda" : "cpu");

const kwargs = args.cuda ? { numWorkers: 1, pinMemory: true } : {};
const trainLoader = new torch.utils.data.DataLoader(
  new datasets.MNIST({ root: args.data, train: true, transform: new transforms.ToTensor() }),
  { batchSize: args.batchSize, shuffle: true, ...kwargs },
);
const testLoader = new torch.utils.data.DataLoader(
  new datasets.MNIST({ root: args.data, train: false, transform: new transforms.ToTensor() }),
  { batchSize: args.batchSize, shuffle: true, ...kwargs },
);

class VAE extends nn.Module {
  fc1 = new nn.Linear(784, 400);
  fc21 = new nn.Linear(400, 20);
  fc22 = new nn.Linear(400, 20);
  fc3 = new nn.Linear(20, 400);
  fc4 = new nn.Linear(400, 784);

  encode(x: torch.Tensor): [torch.Tensor, torch.Tensor] {
    const h1 = F.relu(this.fc1.call(x));
    return [this.fc21.call(h1), this.fc22.call(h1)];
  }

  reparameterize(mu: torch.Tensor, logvar: torch.Tensor): torch.Tensor {
    const std = torch.exp(logvar.mul(0.5));
    const eps = torch.randnLike(std);
    return mu.add(eps.mul(std));
  }

  decode(z: torch.Tensor): torch.Tensor {
    const h3 = F.relu(this.fc3.call(z));
    return torch.sigmoid(this.fc4.call(h3));
  }

  forward(x: torch.Tensor): [torch.Tensor, torch.Tensor, torch.Tensor] {
    const [mu, logvar] = this.encode(x.view(-1, 784));
    const z = this.reparameterize(mu, logvar);
    return [this.decode(z), mu, logvar];
  }
}

const model = new VAE().to(device);
const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });

// Reconstruction + KL divergence losses summed over all elements and batch
function lossFunction(reconX: torch.Tensor, x: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor): torch.Tensor {
  const BCE = F.binaryCrossEntropy(reconX, x.view(-1, 784), { reduction: "sum" });

  // Appendix B of Kingma and Welling, Auto-Encoding Variational Bayes (ICLR 2014):
  // 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
  const KLD = torch.sum(logvar.add(1).sub(mu.pow(2)).sub(logvar.exp())).mul(-0.5);

  return BCE.add(KLD);
}

function train(epoch: number): void {
  model.train();
  let trainLoss = 0;
  for (let [batchIdx, [data]] of enumerate(trainLoader)) {
    data = data.to(device);
    optimizer.zeroGrad();
    const [reconBatch, mu, logvar] = model.call(data);
    const loss = lossFunction(reconBatch, data, mu, logvar);
    loss.backward();
    trainLoss += Number(loss.item());
    optimizer.step();
    if (batchIdx % args.logInterval === 0)
      console.log(
        `Train Epoch: ${epoch} [${batchIdx * data.size(0)}/${len(trainLoader.dataset)} ` +
          `(${format((100 * batchIdx) / len(trainLoader), ".0f")}%)]\tLoss: ${format(Number(loss.item()) / data.size(0), ".6f")}`,
      );
  }

  console.log(`====> Epoch: ${epoch} Average loss: ${format(trainLoss / len(trainLoader.dataset), ".4f")}`);
}

function test(epoch: number): void {
  model.eval();
  let testLoss = 0;
  torch.noGrad(() => {
    for (let [i, [data]] of enumerate(testLoader)) {
      data = data.to(device);
      const [reconBatch, mu, logvar] = model.call(data);
      testLoss += Number(lossFunction(reconBatch, data, mu, logvar).item());
      if (i === 0) {
        const n = Math.min(data.size(0), 8);
        const comparison = torch.cat([data.index(`:${n}`), reconBatch.view(args.batchSize, 1, 28, 28).index(`:${n}`)]);
        saveImage(comparison.cpu(), `results/reconstruction_${epoch}.png`, { nrow: n });
      }
    }
  });

  testLoss /= len(testLoader.dataset);
  console.log(`====> Test set loss: ${format(testLoss, ".4f")}`);
}

for (let epoch = 1; epoch <= args.epochs; epoch++) {
  train(epoch);
  test(epoch);
  torch.noGrad(() => {
    let sample = torch.randn(64, 20).to(device);
    sample = model.decode(sample).cpu();
    saveImage(sample.view(64, 1, 28, 28), `results/sample_${epoch}.png`);
  });
}
