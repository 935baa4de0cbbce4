// A port of pytorch/examples siamese_network/main.py ("PyTorch Siamese network Example"), line by line with
// torchts: torchvision's resnet18 (weights=None) with a 1-channel conv1 and without its fc as the feature
// extractor for both images, the two features concatenated into Linear-ReLU-Linear and a sigmoid, Xavier
// initialisation of the Linear layers (bias 0.01), BCELoss, Adadelta, StepLR; APP_MATCHER pairs MNIST images
// (even index: two images of one class, target 1; odd: of two classes, target 0) drawn with Python's `random`.
// Differences, the same in the Python reference (examples/ports/reference/siamese_network.py): MNIST is read
// from --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; default ../data as the original) and never
// downloaded; the original never seeds Python's `random` module, so its pairs differ run to run: both sides
// call random.seed(args.seed) after torch.manual_seed (the port's `random` is ./pyrandom.ts, CPython's Mersenne
// Twister and randint). torchts has no MPS backend: --no-mps is accepted and changes nothing.
//   node dist/examples/ports/siamese_network.js --data DIR [--epochs 14] [--batch-size 64] [--save-model] ...
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, format, len } from "./builtins";
import * as random from "./pyrandom";

const { nn, optim } = torch;
const { StepLR } = optim.lrScheduler;
const datasets = torch.data; // torchvision.datasets
const torchvision = { models: torch.data.models };

/**
 * Siamese network for image similarity: one ResNet-18 (torchvision's, conv1 for one channel, fc removed)
 * applied to both images, their features concatenated and compared by two Linear layers and a sigmoid;
 * BCELoss instead of FaceNet's triplet loss.
 */
class SiameseNetwork extends nn.Module {
  resnet: torch.nn.Module & { forward(x: torch.Tensor): torch.Tensor };
  fcInFeatures: number;
  fc: torch.nn.Sequential;
  sigmoid: torch.nn.Sigmoid;

  constructor() {
    super();
    // get resnet model
    const resnet = torchvision.models.resnet18({ weights: null });
    this.resnet = resnet;

    // MNIST images have one channel where resnet18 reads three: a new first convolution
    resnet.conv1 = new nn.Conv2d(1, 64, [7, 7], { stride: [2, 2], padding: [3, 3], bias: false });
    this.fcInFeatures = resnet.fc.inFeatures;

    // remove the last layer of resnet18 (its Linear, after the avgpool)
    this.resnet = new nn.Sequential(...[...resnet.children()].slice(0, -1));

    // add linear layers to compare between the features of the two images
    this.fc = new nn.Sequential(
      new nn.Linear(this.fcInFeatures * 2, 256),
      new nn.ReLU({ inplace: true }),
      new nn.Linear(256, 1),
    );

    this.sigmoid = new nn.Sigmoid();

    // initialize the weights
    this.resnet.apply((m) => this.initWeights(m));
    this.fc.apply((m) => this.initWeights(m));
  }

  initWeights(m: torch.nn.Module): void {
    if (m instanceof nn.Linear) {
      torch.nn.init.xavierUniform_(m.weight);
      m.bias?.data.fill_(0.01);
    }
  }

  forwardOnce(x: torch.Tensor): torch.Tensor {
    let output = this.resnet.call(x);
    output = output.view(output.size()[0] ?? 0, -1);
    return output;
  }

  forward(input1: torch.Tensor, input2: torch.Tensor): torch.Tensor {
    // get two images' features
    const output1 = this.forwardOnce(input1);
    const output2 = this.forwardOnce(input2);

    // concatenate both images' features
    let output = torch.cat([output1, output2], 1);

    // pass the concatenation to the linear layers
    output = this.fc.call(output);

    // pass the out of the linear layers to sigmoid layer
    output = this.sigmoid.call(output);

    return output;
  }
}

class APP_MATCHER extends torch.data.Dataset<[torch.Tensor, torch.Tensor, torch.Tensor]> {
  dataset: torch.data.MNIST;
  data: torch.Tensor;
  groupedExamples = new Map<number, number[]>();

  constructor(root: string, train: boolean) {
    super();

    // get MNIST dataset
    this.dataset = new datasets.MNIST({ root, train });

    // dataset.data is [N, 28, 28]; the network takes [C, H, W] images: a channel dim of 1
    this.data = this.dataset.data.unsqueeze(1).clone();

    this.groupExamples();
  }

  /** The indices of the examples of each class (np.where(targets == i)[0]). */
  groupExamples(): void {
    // get the targets from MNIST dataset
    const npArr = this.dataset.targets.clone().tolist() as number[];

    // group examples based on class
    this.groupedExamples = new Map();
    for (let i = 0; i < 10; i++) {
      this.groupedExamples.set(
        i,
        npArr.flatMap((t, j) => (t === i ? [j] : [])),
      );
    }
  }

  get length(): number {
    return this.data.shape[0] ?? 0;
  }

  /** Two images: of one class (target 1) for an even index, of two classes (target 0) for an odd one. */
  get(index: number): [torch.Tensor, torch.Tensor, torch.Tensor] {
    const grouped = (c: number) => this.groupedExamples.get(c) ?? [];

    // pick some random class for the first image
    const selectedClass = random.randint(0, 9);

    // pick a random index for the first image in the grouped indices based of the label of the class
    const randomIndex1 = random.randint(0, grouped(selectedClass).length - 1);

    // pick the index to get the first image
    const index1 = grouped(selectedClass)[randomIndex1] ?? 0;

    // get the first image
    const image1 = this.data.index(index1).clone().float();

    let image2: torch.Tensor;
    let target: torch.Tensor;
    // same class
    if (index % 2 === 0) {
      // pick a random index for the second image
      let randomIndex2 = random.randint(0, grouped(selectedClass).length - 1);

      // ensure that the index of the second image isn't the same as the first image
      while (randomIndex2 === randomIndex1) randomIndex2 = random.randint(0, grouped(selectedClass).length - 1);

      // pick the index to get the second image
      const index2 = grouped(selectedClass)[randomIndex2] ?? 0;

      // get the second image
      image2 = this.data.index(index2).clone().float();

      // set the label for this example to be positive (1)
      target = torch.tensor(1, { dtype: "float32" });
    }
    // different class
    else {
      // pick a random class
      let otherSelectedClass = random.randint(0, 9);

      // ensure that the class of the second image isn't the same as the first image
      while (otherSelectedClass === selectedClass) otherSelectedClass = random.randint(0, 9);

      // pick a random index for the second image in the grouped indices based of the label of the class
      const randomIndex2 = random.randint(0, grouped(otherSelectedClass).length - 1);

      // pick the index to get the second image
      const index2 = grouped(otherSelectedClass)[randomIndex2] ?? 0;

      // get the second image
      image2 = this.data.index(index2).clone().float();

      // set the label for this example to be negative (0)
      target = torch.tensor(0, { dtype: "float32" });
    }

    return [image1, image2, target];
  }
}

/** A DataLoader of APP_MATCHER's triples (images_1, images_2, targets), collated. */
type Loader = torch.data.DataLoader<
  [torch.Tensor, torch.Tensor, torch.Tensor],
  [torch.Tensor, torch.Tensor, torch.Tensor]
>;

interface Args {
  logInterval: number;
  dryRun: boolean;
}

function train(
  args: Args,
  model: SiameseNetwork,
  device: torch.DeviceLike,
  trainLoader: Loader,
  optimizer: torch.optim.Adadelta,
  epoch: number,
): void {
  model.train();

  // BCELoss rather than a triplet loss: MNIST is simple
  const criterion = new nn.BCELoss();

  for (let [batchIdx, [images1, images2, targets]] of enumerate(trainLoader)) {
    [images1, images2, targets] = [images1.to(device), images2.to(device), targets.to(device)];
    optimizer.zeroGrad();
    const outputs = model.call(images1, images2).squeeze();
    const loss = criterion.call(outputs, targets);
    loss.backward();
    optimizer.step();
    if (batchIdx % args.logInterval === 0) {
      console.log(
        `Train Epoch: ${epoch} [${batchIdx * images1.size(0)}/${len(trainLoader.dataset)} ` +
          `(${format((100 * batchIdx) / len(trainLoader), ".0f")}%)]\tLoss: ${format(Number(loss.item()), ".6f")}`,
      );
      if (args.dryRun) break;
    }
  }
}

function test(model: SiameseNetwork, device: torch.DeviceLike, testLoader: Loader): void {
  model.eval();
  let testLoss = 0;
  let correct = 0;

  // BCELoss rather than a triplet loss: MNIST is simple
  const criterion = new nn.BCELoss();

  torch.noGrad(() => {
    for (let [images1, images2, targets] of testLoader) {
      [images1, images2, targets] = [images1.to(device), images2.to(device), targets.to(device)];
      const outputs = model.call(images1, images2).squeeze();
      testLoss += Number(criterion.call(outputs, targets).sum().item()); // sum up batch loss
      const pred = torch.where(outputs.gt(0.5), 1, 0); // 1 where the images are taken as of one class
      correct += Number(pred.eq(targets.viewAs(pred)).sum().item());
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
    },
  });
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
  random.seed(args.seed); // not in the original (its pairs are unseeded): both sides seed Python's random

  const device = new torch.device(useCuda ? "cuda" : "cpu");

  const trainKwargs = { batchSize: args.batchSize };
  const testKwargs = { batchSize: args.testBatchSize };
  if (useCuda) {
    const cudaKwargs = { numWorkers: 1, pinMemory: true, shuffle: true };
    Object.assign(trainKwargs, cudaKwargs);
    Object.assign(testKwargs, cudaKwargs);
  }

  const trainDataset = new APP_MATCHER(args.data, true);
  const testDataset = new APP_MATCHER(args.data, false);
  const trainLoader = new torch.utils.data.DataLoader(trainDataset, trainKwargs);
  const testLoader = new torch.utils.data.DataLoader(testDataset, testKwargs);

  const model = new SiameseNetwork().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  for (let epoch = 1; epoch <= args.epochs; epoch++) {
    train(args, model, device, trainLoader, optimizer, epoch);
    test(model, device, testLoader);
    scheduler.step();
  }

  if (args.saveModel) torch.save(model.stateDict(), "siamese_network.pt");
}

main();
