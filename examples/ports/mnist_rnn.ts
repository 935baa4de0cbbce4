// A port of pytorch/examples mnist_rnn/main.py ("PyTorch MNIST Example using RNN"), line by line with
// torchts: each 28x28 image read as 28 steps of 28 values by an LSTM (hidden 64, batch_first), its last
// output through BatchNorm1d, Dropout2d (on a 2-D input: element-wise, with PyTorch's deprecation warning),
// two Linear layers and log_softmax; nll_loss, Adadelta, StepLR; shuffled loaders for training and test.
// Differences, the same in the Python reference (examples/ports/reference/mnist_rnn.py): MNIST is read from
// --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; default ../data as the original) and never
// downloaded. torchts has no MPS or XPU backend: --mps and --xpu ask for devices that are not there.
//   node dist/examples/ports/mnist_rnn.js --data DIR [--epochs 14] [--batch-size 64] [--save-model] ...
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, format, len } from "./builtins";

const { nn, optim } = torch;
const F = nn.functional;
const { StepLR } = optim.lrScheduler;
const datasets = torch.data; // torchvision.datasets
const { transforms } = torch.data;

class Net extends nn.Module {
  rnn = new nn.LSTM({ inputSize: 28, hiddenSize: 64, batchFirst: true });
  batchnorm = new nn.BatchNorm1d(64);
  dropout1 = new nn.Dropout2d(0.25);
  dropout2 = new nn.Dropout2d(0.5);
  fc1 = new nn.Linear(64, 32);
  fc2 = new nn.Linear(32, 10);

  forward(input: torch.Tensor): torch.Tensor {
    // The input is [batch_size, 1, 28, 28]; the LSTM (batch_first) takes [batch_size, 28, 28]
    input = input.reshape(-1, 28, 28);
    // this.rnn(input): forward, as word_language_model calls it (Module.call is typed by forward's last overload, the PackedSequence one)
    let [output] = this.rnn.forward(input);

    // the LSTM's output is [batch, seq_len, hidden_size]: keep its last step
    output = output.index(":", -1, ":");
    output = this.batchnorm.call(output);
    output = this.dropout1.call(output);
    output = this.fc1.call(output);
    output = F.relu(output);
    output = this.dropout2.call(output);
    output = this.fc2.call(output);
    output = F.logSoftmax(output, 1);
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
          `(${format((100 * batchIdx) / len(trainLoader), ".0f")}%)]\tLoss: ${format(Number(loss.item()), ".6f")}`,
      );
      if (args.dryRun) break;
    }
  }
}

function test(args: Args, model: Net, device: torch.DeviceLike, testLoader: torch.data.DataLoader): void {
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
      if (args.dryRun) break;
    }
  });

  testLoss /= len(testLoader.dataset);

  console.log(
    `\nTest set: Average loss: ${format(testLoss, ".4f")}, Accuracy: ${correct}/${len(testLoader.dataset)} ` +
      `(${format((100 * correct) / len(testLoader.dataset), ".0f")}%)\n`,
  );
}

function main(): void {
  // Training settings
  const help = `usage: mnist_rnn.js [-h] [--batch-size N] [--test-batch-size N] [--epochs N] [--lr LR] [--gamma M]
                    [--cuda] [--mps] [--xpu] [--dry-run] [--seed S] [--log-interval N] [--save-model] [--data DIR]

PyTorch MNIST Example using RNN

options:
  -h, --help            show this help message and exit
  --batch-size N        input batch size for training (default: 64)
  --test-batch-size N   input batch size for testing (default: 1000)
  --epochs N            number of epochs to train (default: 14)
  --lr LR               learning rate (default: 0.1)
  --gamma M             learning rate step gamma (default: 0.7)
  --cuda                enables CUDA training
  --mps                 enables MPS training (torchts has no MPS backend)
  --xpu                 enables XPU training (torchts has no XPU backend)
  --dry-run             quickly check a single pass
  --seed S              random seed (default: 1)
  --log-interval N      how many batches to wait before logging training status
  --save-model          for Saving the current Model
  --data DIR            where MNIST/raw/ is, as torchvision's root (default: ../data)`;
  const { values } = parseArgs({
    options: {
      "batch-size": { type: "string", default: "64" },
      "test-batch-size": { type: "string", default: "1000" },
      epochs: { type: "string", default: "14" },
      lr: { type: "string", default: "0.1" },
      gamma: { type: "string", default: "0.7" },
      cuda: { type: "boolean", default: false },
      mps: { type: "boolean", default: false },
      xpu: { type: "boolean", default: false },
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
    cuda: values.cuda,
    mps: values.mps,
    xpu: values.xpu,
    dryRun: values["dry-run"],
    seed: Number(values.seed),
    logInterval: Number(values["log-interval"]),
    saveModel: values["save-model"],
    data: values.data,
  };
  for (const [k, v] of Object.entries(args))
    if (typeof v === "number" && !Number.isFinite(v))
      throw new Error(`argument --${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: invalid number`);

  let deviceName: string;
  if (args.cuda && !args.mps) deviceName = "cuda";
  else if (args.mps && !args.cuda) deviceName = "mps";
  else if (args.xpu) deviceName = "xpu";
  else deviceName = "cpu";

  const device = new torch.device(deviceName);

  torch.manualSeed(args.seed);

  const kwargs = args.cuda ? { numWorkers: 1, pinMemory: true } : {};
  const trainLoader = new torch.utils.data.DataLoader(
    new datasets.MNIST({
      root: args.data,
      train: true,
      transform: new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]),
    }),
    { batchSize: args.batchSize, shuffle: true, ...kwargs },
  );
  const testLoader = new torch.utils.data.DataLoader(
    new datasets.MNIST({
      root: args.data,
      train: false,
      transform: new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]),
    }),
    { batchSize: args.testBatchSize, shuffle: true, ...kwargs },
  );

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  for (let epoch = 1; epoch <= args.epochs; epoch++) {
    train(args, model, device, trainLoader, optimizer, epoch);
    test(args, model, device, testLoader);
    scheduler.step();
  }

  if (args.saveModel) torch.save(model.stateDict(), "mnist_rnn.pt");
}

main();
