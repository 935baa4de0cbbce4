// A port of pytorch/examples mnist/main.py ("PyTorch MNIST Example"), line by line with torchts:
// the same Net, Adadelta, StepLR, log_softmax + nll_loss, and the same flags (argparse becomes
// node:util's parseArgs). Differences, the same in the Python reference (examples/ports/reference/mnist.py):
// MNIST is read from --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; default ../data as the
// original) and never downloaded; torchts has no MPS backend, so --no-mps is accepted and changes nothing.
//   node dist/examples/ports/mnist.js --data DIR [--epochs 14] [--batch-size 64] [--save-model] ...
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, len } from "./builtins";

const { nn, optim } = torch;
const F = nn.functional;
const { StepLR } = optim.lrScheduler;
const datasets = torch.data; // torchvision.datasets
const { transforms } = torch.data;

class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: torch.Tensor): torch.Tensor {
    x = this.conv1.call(x);
    x = F.relu(x);
    x = this.conv2.call(x);
    x = F.relu(x);
    x = F.maxPool2d(x, 2);
    x = this.dropout1.call(x);
    x = torch.flatten(x, 1);
    x = this.fc1.call(x);
    x = F.relu(x);
    x = this.dropout2.call(x);
    x = this.fc2.call(x);
    const output = F.logSoftmax(x, 1);
    return output;
  }
}

interface Args {
  logInterval: number;
  dryRun: boolean;
}

function train(
  args: Args,
  model: Net,
  device: torch.DeviceLike,
  trainLoader: torch.data.DataLoader,
  optimizer: torch.optim.Adadelta,
  epoch: number,
): void {
  model.train();
  for (let [batchIdx, [data, target]] of enumerate(trainLoader)) {
    [data, target] = [data.to(device), target.to(device)];
    optimizer.zeroGrad();
    const output = model.call(data);
    const loss = F.nllLoss(output, target);
    loss.backward();
    optimizer.step();
    if (batchIdx % args.logInterval === 0) {
      console.log(
        `Train Epoch: ${epoch} [${batchIdx * data.size(0)}/${len(trainLoader.dataset)} ` +
          `(${((100 * batchIdx) / len(trainLoader)).toFixed(0)}%)]\tLoss: ${Number(loss.item()).toFixed(6)}`,
      );
      if (args.dryRun) break;
    }
  }
}

function test(model: Net, device: torch.DeviceLike, testLoader: torch.data.DataLoader): void {
  model.eval();
  let testLoss = 0;
  let correct = 0;
  torch.noGrad(() => {
    for (let [data, target] of testLoader) {
      [data, target] = [data.to(device), target.to(device)];
      const output = model.call(data);
      testLoss += Number(F.nllLoss(output, target, { reduction: "sum" }).item()); // sum up batch loss
      const pred = output.argmax(1, { keepdim: true }); // get the index of the max log-probability
      correct += Number(pred.eq(target.viewAs(pred)).sum().item());
    }
  });

  testLoss /= len(testLoader.dataset);

  console.log(
    `\nTest set: Average loss: ${testLoss.toFixed(4)}, Accuracy: ${correct}/${len(testLoader.dataset)} ` +
      `(${((100 * correct) / len(testLoader.dataset)).toFixed(0)}%)\n`,
  );
}

function main(): void {
  // Training settings
  const help = `usage: mnist.js [-h] [--batch-size N] [--test-batch-size N] [--epochs N] [--lr LR] [--gamma M]
                [--no-cuda] [--no-mps] [--dry-run] [--seed S] [--log-interval N] [--save-model] [--data DIR]

PyTorch MNIST Example

options:
  -h, --help            show this help message and exit
  --batch-size N        input batch size for training (default: 64)
  --test-batch-size N   input batch size for testing (default: 1000)
  --epochs N            number of epochs to train (default: 14)
  --lr LR               learning rate (default: 1.0)
  --gamma M             Learning rate step gamma (default: 0.7)
  --no-cuda             disables CUDA training
  --no-mps              disables macOS GPU training (torchts has no MPS backend)
  --dry-run             quickly check a single pass
  --seed S              random seed (default: 1)
  --log-interval N      how many batches to wait before logging training status
  --save-model          For Saving the current Model
  --data DIR            where MNIST/raw/ is, as torchvision's root (default: ../data)`;
  const { values } = parseArgs({
    options: {
      "batch-size": { type: "string", default: "64" },
      "test-batch-size": { type: "string", default: "1000" },
      epochs: { type: "string", default: "14" },
      lr: { type: "string", default: "1.0" },
      gamma: { type: "string", default: "0.7" },
      "no-cuda": { type: "boolean", default: false },
      "no-mps": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      seed: { type: "string", default: "1" },
      "log-interval": { type: "string", default: "10" },
      "save-model": { type: "boolean", default: false },
      data: { type: "string", default: "../data" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(help);
    return;
  }
  // argparse's namespace: --batch-size is args.batchSize (Python's args.batch_size), numbers parsed.
  const args = {
    batchSize: Number(values["batch-size"]),
    testBatchSize: Number(values["test-batch-size"]),
    epochs: Number(values.epochs),
    lr: Number(values.lr),
    gamma: Number(values.gamma),
    noCuda: values["no-cuda"],
    noMps: values["no-mps"],
    dryRun: values["dry-run"],
    seed: Number(values.seed),
    logInterval: Number(values["log-interval"]),
    saveModel: values["save-model"],
    data: values.data,
  };
  for (const [k, v] of Object.entries(args))
    if (typeof v === "number" && !Number.isFinite(v))
      throw new Error(`argument --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: invalid number`);
  const useCuda = !args.noCuda && torch.cuda.isAvailable();

  torch.manualSeed(args.seed);

  const device = new torch.device(useCuda ? "cuda" : "cpu");

  const trainKwargs = { batchSize: args.batchSize };
  const testKwargs = { batchSize: args.testBatchSize };
  if (useCuda) {
    const cudaKwargs = { numWorkers: 1, pinMemory: true, shuffle: true };
    Object.assign(trainKwargs, cudaKwargs);
    Object.assign(testKwargs, cudaKwargs);
  }

  const transform = new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]);
  const dataset1 = new datasets.MNIST({ root: args.data, train: true, transform });
  const dataset2 = new datasets.MNIST({ root: args.data, train: false, transform });
  const trainLoader = new torch.utils.data.DataLoader(dataset1, trainKwargs);
  const testLoader = new torch.utils.data.DataLoader(dataset2, testKwargs);

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  for (let epoch = 1; epoch <= args.epochs; epoch++) {
    train(args, model, device, trainLoader, optimizer, epoch);
    test(model, device, testLoader);
    scheduler.step();
  }

  if (args.saveModel) torch.save(model.stateDict(), "mnist_cnn.pt");
}

main();
