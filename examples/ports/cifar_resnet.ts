// A port of main.py of kuangliu/pytorch-cifar ("Train CIFAR10 with PyTorch"), line by line with torchts:
// ResNet18 (./resnet.ts, the port of models/resnet.py), SGD lr 0.1 momentum 0.9 weight decay 5e-4,
// CosineAnnealingLR(T_max=200), RandomCrop(32, padding=4) + RandomHorizontalFlip, Normalize with the
// CIFAR-10 means and stds, best-accuracy checkpoints in ./checkpoint/ckpt.pth, --lr and --resume.
// Differences, the same in the Python reference (examples/ports/reference/cifar_resnet.py):
// CIFAR-10 is read as an ImageFolder from --data (train/<class>/, test/<class>/; the shared JPEGs
// unpacked) instead of torchvision.datasets.CIFAR10(download=True); flags for a brief CPU run:
// --width (ResNet18's first-stage planes, 64 in the original), --epochs (200), --limit N (train on a
// seeded random N of the training images), --seed (the original seeds nothing); progress_bar (utils.py
// sizes its bar with `stty size`, which needs a terminal) shows a one-line count and the message on a
// terminal and prints the epoch's last message otherwise; torchts has no nn.DataParallel, so one GPU.
//   node dist/examples/ports/cifar_resnet.js --data /tmp/cifar10-jpeg [--width 16 --epochs 2 --limit 2000]
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, getitem, len } from "./builtins";
import { ResNet18 } from "./resnet";

const { nn, optim } = torch;
const { transforms } = torch.data;
const cudnn = torch.backends.cudnn;

const { values: args } = parseArgs({
  options: {
    lr: { type: "string", default: "0.1" }, // learning rate
    resume: { type: "boolean", short: "r", default: false }, // resume from checkpoint
    data: { type: "string", default: "./data" }, // CIFAR-10 as an ImageFolder: train/<class>/, test/<class>/
    width: { type: "string", default: "64" }, // ResNet18's first-stage planes
    epochs: { type: "string", default: "200" }, // epochs to train
    limit: { type: "string", default: "0" }, // train on a seeded random subset of N images (0: all)
    seed: { type: "string", default: "0" }, // torch.manualSeed
  },
});
torch.manualSeed(Number(args.seed));

const device = torch.cuda.isAvailable() ? "cuda" : "cpu";
let bestAcc = 0; // best test accuracy
let startEpoch = 0; // start from epoch 0 or last checkpoint epoch

/** utils.progress_bar: a count and the message, on one line on a terminal; the last message otherwise. */
function progressBar(current: number, total: number, msg: string): void {
  if (process.stdout.isTTY)
    process.stdout.write(`\r ${current + 1}/${total} | ${msg}${current === total - 1 ? "\n" : ""}`);
  else if (current === total - 1) console.log(` ${current + 1}/${total} | ${msg}`);
}

// Data
console.log("==> Preparing data..");
const transformTrain = new transforms.Compose([
  new transforms.RandomCrop(32, { padding: 4 }),
  new transforms.RandomHorizontalFlip(),
  new transforms.ToTensor(),
  new transforms.Normalize([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.201]),
]);

const transformTest = new transforms.Compose([
  new transforms.ToTensor(),
  new transforms.Normalize([0.4914, 0.4822, 0.4465], [0.2023, 0.1994, 0.201]),
]);

let trainset: torch.data.MapDataset<[torch.Tensor, number]> = new torch.data.ImageFolder(`${args.data}/train`, {
  transform: transformTrain,
});
const limit = Number(args.limit);
if (limit > 0 && limit < len(trainset)) {
  const generator = new torch.Generator(Number(args.seed));
  [trainset] = torch.utils.data.randomSplit(trainset, [limit, len(trainset) - limit], generator);
}
const trainloader = new torch.utils.data.DataLoader(trainset, { batchSize: 128, shuffle: true, numWorkers: 2 });

const testset = new torch.data.ImageFolder(`${args.data}/test`, { transform: transformTest });
const testloader = new torch.utils.data.DataLoader(testset, { batchSize: 100, shuffle: false, numWorkers: 2 });

// biome-ignore lint/correctness/noUnusedVariables: unused in the original as well
const classes = ["plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

// Model
console.log("==> Building model..");
const net = ResNet18(Number(args.width)).to(device);
if (device === "cuda") {
  cudnn.benchmark = true;
}

if (args.resume) {
  // Load checkpoint.
  console.log("==> Resuming from checkpoint..");
  if (!fs.existsSync("checkpoint")) throw new Error("Error: no checkpoint directory found!");
  const checkpoint = torch.load("./checkpoint/ckpt.pth");
  net.loadStateDict(getitem(checkpoint, "net"));
  bestAcc = Number(getitem(checkpoint, "acc"));
  startEpoch = Number(getitem(checkpoint, "epoch"));
}

const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(net.parameters(), { lr: Number(args.lr), momentum: 0.9, weightDecay: 5e-4 });
const scheduler = new optim.lrScheduler.CosineAnnealingLR(optimizer, { tMax: 200 });

// Training
function train(epoch: number): void {
  console.log(`\nEpoch: ${epoch}`);
  net.train();
  let trainLoss = 0;
  let correct = 0;
  let total = 0;
  for (let [batchIdx, [inputs, targets]] of enumerate(trainloader)) {
    [inputs, targets] = [inputs.to(device), targets.to(device)];
    optimizer.zeroGrad();
    const outputs = net.call(inputs);
    const loss = criterion.call(outputs, targets);
    loss.backward();
    optimizer.step();

    trainLoss += Number(loss.item());
    const [, predicted] = outputs.max(1);
    total += targets.size(0);
    correct += Number(predicted.eq(targets).sum().item());

    progressBar(
      batchIdx,
      len(trainloader),
      `Loss: ${(trainLoss / (batchIdx + 1)).toFixed(3)} | Acc: ${((100 * correct) / total).toFixed(3)}% (${correct}/${total})`,
    );
  }
}

function test(epoch: number): void {
  net.eval();
  let testLoss = 0;
  let correct = 0;
  let total = 0;
  torch.noGrad(() => {
    for (let [batchIdx, [inputs, targets]] of enumerate(testloader)) {
      [inputs, targets] = [inputs.to(device), targets.to(device)];
      const outputs = net.call(inputs);
      const loss = criterion.call(outputs, targets);

      testLoss += Number(loss.item());
      const [, predicted] = outputs.max(1);
      total += targets.size(0);
      correct += Number(predicted.eq(targets).sum().item());

      progressBar(
        batchIdx,
        len(testloader),
        `Loss: ${(testLoss / (batchIdx + 1)).toFixed(3)} | Acc: ${((100 * correct) / total).toFixed(3)}% (${correct}/${total})`,
      );
    }
  });

  // Save checkpoint.
  const acc = (100 * correct) / total;
  if (acc > bestAcc) {
    console.log("Saving..");
    const state = {
      net: net.stateDict(),
      acc: acc,
      epoch: epoch,
    };
    if (!fs.existsSync("checkpoint")) fs.mkdirSync("checkpoint");
    torch.save(state, "./checkpoint/ckpt.pth");
    bestAcc = acc;
  }
}

for (let epoch = startEpoch; epoch < startEpoch + Number(args.epochs); epoch++) {
  train(epoch);
  test(epoch);
  scheduler.step();
}
