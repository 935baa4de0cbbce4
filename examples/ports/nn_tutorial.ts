// A port of pytorch/tutorials beginner_source/nn_tutorial.py ("What is `torch.nn` *really*?", Jeremy Howard,
// fast.ai; thanks to Rachel Thomas and Francisco Ingham), line by line with torchts: logistic regression on
// MNIST from plain tensor operations (hand-written log_softmax and nll, manual SGD under noGrad), then the
// same refactored step by step with F.crossEntropy, nn.Module/nn.Parameter, nn.Linear, optim.SGD,
// TensorDataset, DataLoader, validation, fit()/get_data(), a 3-layer CNN (SGD with momentum), nn.Sequential
// with a Lambda layer, AdaptiveAvgPool2d and a WrappedDataLoader, and the move to a device.
// Differences, the same in the Python reference (examples/ports/reference/nn_tutorial.py):
// - Data: the pickled MNIST download (mnist.pkl.gz: 50,000 training and 10,000 validation rows of 784
//   float32 values in [0, 1)) is not here. The MNIST-like stand-in of test/python/ports_data.py (gray 28x28
//   CIFAR-10 images in MNIST's idx files) is read from --data instead (torchvision's layout,
//   <data>/MNIST/raw/*-ubyte): its training images as x_train, its test images as x_valid, each flattened to
//   784 values and divided by 255. The reference keeps them as numpy arrays for the tutorial's
//   `map(torch.tensor, ...)`; here they are tensors from the start (torchts has no numpy).
// - The tutorial seeds nothing: --seed (default 0) seeds torch before the first weights are drawn.
// - No matplotlib (pyplot.imshow dropped), no IPython (the commented-out set_trace's import dropped); the
//   notebook's bare expressions print nothing in a script and stay as comments.
// - At the end the last model's state dict is saved to ./nn_tutorial.pt, to compare both sides.
// Python's variables that change type (model: a function, then modules; loss_func; preprocess) are split
// into names of their own where the type changes. The tutorial's prose is summarised.
//   node dist/examples/ports/nn_tutorial.js --data DIR [--seed 0]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { len, notNone, npSum, range, strFloat, sum } from "./builtins";

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "data" },
    seed: { type: "string", default: "0" },
  },
});
const args = { data: values.data, seed: Number(values.seed) };

// MNIST data setup
// ----------------
//
// The tutorial downloads mnist.pkl.gz and unpickles it; here: the stand-in's idx files, flattened rows of
// 784 floats in [0, 1] and int64 labels, as the pickle's arrays.

const trainSet = new torch.data.MNIST({ root: args.data, train: true });
const validSet = new torch.data.MNIST({ root: args.data, train: false });

// Each image is 28 x 28, and is being stored as a flattened row of length 784 (=28x28).
// (pyplot.imshow(x_train[0].reshape((28, 28)), cmap="gray"): no matplotlib here.)

// print(x_train.shape): numpy's shape, a tuple
console.log(`(${trainSet.data.size(0)}, 784)`);

// PyTorch uses torch.tensor, rather than numpy arrays, so we need to convert our data
// (x_train, y_train, x_valid, y_valid = map(torch.tensor, ...)).

torch.manualSeed(args.seed);

const xTrain = trainSet.data.reshape(-1, 784).float().div(255);
const yTrain = trainSet.targets;
const xValid = validSet.data.reshape(-1, 784).float().div(255);
const yValid = validSet.targets;
const [n, _c] = xTrain.shape;
// x_train, x_train.shape, y_train.min(), y_train.max()
console.log(`${xTrain} ${yTrain}`);
console.log(strSize(xTrain.shape));
console.log(`${yTrain.min()} ${yTrain.max()}`);

/** str(torch.Size): torch.Size([64, 10]). */
function strSize(shape: number[]): string {
  return `torch.Size([${shape.join(", ")}])`;
}

// Neural net from scratch (no torch.nn)
// ---------------------------------------------
//
// Weights with Xavier initialisation (multiplied by 1/sqrt(n)); requiresGrad set after the
// initialisation, so that step is not in the gradient.

const weights = torch.randn(784, 10).div(Math.sqrt(784));
weights.requiresGrad_();
const bias = torch.zeros(10, { requiresGrad: true });

// A plain matrix multiplication and broadcasted addition, and our own log_softmax.

function logSoftmax(x: torch.Tensor): torch.Tensor {
  return x.sub(x.exp().sum(-1).log().unsqueeze(-1));
}

let model = (xb: torch.Tensor): torch.Tensor => logSoftmax(xb.matmul(weights).add(bias));

// One forward pass on one batch of 64 images.

const bs = 64; // batch size

let xb = xTrain.index(torch.slice(0, bs)); // a mini-batch from x
const preds = model(xb); // predictions
// preds[0], preds.shape
console.log(`${preds.select(0, 0)} ${strSize(preds.shape)}`);

// Negative log-likelihood as the loss function, in plain code:

function nll(input: torch.Tensor, target: torch.Tensor): torch.Tensor {
  return input.index(range(target.shape[0]), target).mean().neg();
}

let lossFunc = nll;

// The loss of the random model:

let yb = yTrain.index(torch.slice(0, bs));
console.log(`${lossFunc(preds, yb)}`);

// Accuracy: whether the index of the largest value matches the target.

function accuracy(out: torch.Tensor, yb: torch.Tensor): torch.Tensor {
  const preds = torch.argmax(out, { dim: 1 });
  return preds.eq(yb).float().mean();
}

// The accuracy of the random model:

console.log(`${accuracy(preds, yb)}`);

// The training loop: a mini-batch, predictions, the loss, backward, then the update under noGrad and
// the gradients zeroed.

let lr = 0.5; // learning rate
const epochs = 2; // how many epochs to train for

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    const startI = i * bs;
    const endI = startI + bs;
    xb = xTrain.index(torch.slice(startI, endI));
    yb = yTrain.index(torch.slice(startI, endI));
    const pred = model(xb);
    const loss = lossFunc(pred, yb);

    loss.backward();
    torch.noGrad(() => {
      weights.sub_(notNone(weights.grad).mul(lr));
      bias.sub_(notNone(bias.grad).mul(lr));
      notNone(weights.grad).zero_();
      notNone(bias.grad).zero_();
    });
  }
}

// The loss and accuracy after training:

console.log(`${lossFunc(model(xb), yb)} ${accuracy(model(xb), yb)}`);

// Using torch.nn.functional
// ------------------------------
//
// F.crossEntropy combines log_softmax and the negative log likelihood.

const F = torch.nn.functional;

lossFunc = F.crossEntropy;

model = (xb: torch.Tensor): torch.Tensor => xb.matmul(weights).add(bias);

// The same loss and accuracy as before:

console.log(`${lossFunc(model(xb), yb)} ${accuracy(model(xb), yb)}`);

// Refactor using nn.Module
// -----------------------------

const { nn } = torch;

class Mnist_Logistic extends nn.Module {
  weights = new nn.Parameter(torch.randn(784, 10).div(Math.sqrt(784)));
  bias = new nn.Parameter(torch.zeros(10));

  forward(xb: torch.Tensor): torch.Tensor {
    return xb.matmul(this.weights).add(this.bias);
  }
}

// Instantiate the model:

let net: torch.nn.Module & { forward(xb: torch.Tensor): torch.Tensor } = new Mnist_Logistic(); // model = Mnist_Logistic()

// The loss, calling the module as a function:

console.log(`${lossFunc(net.call(xb), yb)}`);

// The training loop in a `fit` function, with model.parameters() and model.zeroGrad():

function fit0(): void {
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
      const startI = i * bs;
      const endI = startI + bs;
      const xb = xTrain.index(torch.slice(startI, endI));
      const yb = yTrain.index(torch.slice(startI, endI));
      const pred = net.call(xb);
      const loss = lossFunc(pred, yb);

      loss.backward();
      torch.noGrad(() => {
        for (const p of net.parameters()) {
          p.sub_(notNone(p.grad).mul(lr));
        }
        net.zeroGrad();
      });
    }
  }
}

fit0();

// The loss has gone down:

console.log(`${lossFunc(net.call(xb), yb)}`);

// Refactor using nn.Linear
// -------------------------

class Mnist_Logistic2 extends nn.Module {
  lin = new nn.Linear(784, 10);

  forward(xb: torch.Tensor): torch.Tensor {
    return this.lin.call(xb);
  }
}

// Instantiate and compute the loss as before:

net = new Mnist_Logistic2();
console.log(`${lossFunc(net.call(xb), yb)}`);

// The same `fit`:

fit0();

console.log(`${lossFunc(net.call(xb), yb)}`);

// Refactor using optim
// ------------------------------

const { optim } = torch;

// A function that creates the model and its optimizer:

function getModel(): [Mnist_Logistic2, torch.optim.SGD] {
  const model = new Mnist_Logistic2();
  return [model, new optim.SGD(model.parameters(), { lr })];
}

let opt: torch.optim.SGD;
[net, opt] = getModel();
console.log(`${lossFunc(net.call(xb), yb)}`);

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    const startI = i * bs;
    const endI = startI + bs;
    xb = xTrain.index(torch.slice(startI, endI));
    yb = yTrain.index(torch.slice(startI, endI));
    const pred = net.call(xb);
    const loss = lossFunc(pred, yb);

    loss.backward();
    opt.step();
    opt.zeroGrad();
  }
}

console.log(`${lossFunc(net.call(xb), yb)}`);

// Refactor using Dataset
// ------------------------------

const { TensorDataset } = torch.utils.data;

// x_train and y_train in one TensorDataset:

let trainDs = new TensorDataset(xTrain, yTrain);

// xb, yb = train_ds[i*bs : i*bs+bs]

[net, opt] = getModel();

for (let epoch = 0; epoch < epochs; epoch++) {
  for (let i = 0; i < Math.floor((n - 1) / bs) + 1; i++) {
    [xb, yb] = trainDs.get(torch.slice(i * bs, i * bs + bs));
    const pred = net.call(xb);
    const loss = lossFunc(pred, yb);

    loss.backward();
    opt.step();
    opt.zeroGrad();
  }
}

console.log(`${lossFunc(net.call(xb), yb)}`);

// Refactor using DataLoader
// ------------------------------

const { DataLoader } = torch.utils.data;

trainDs = new TensorDataset(xTrain, yTrain);
let trainDl = new DataLoader(trainDs, { batchSize: bs });

// (xb, yb) loaded from the data loader:

[net, opt] = getModel();

for (let epoch = 0; epoch < epochs; epoch++) {
  for ([xb, yb] of trainDl) {
    const pred = net.call(xb);
    const loss = lossFunc(pred, yb);

    loss.backward();
    opt.step();
    opt.zeroGrad();
  }
}

console.log(`${lossFunc(net.call(xb), yb)}`);

// Add validation
// -----------------------
//
// The training data shuffled, the validation set in batches twice as large.

trainDs = new TensorDataset(xTrain, yTrain);
trainDl = new DataLoader(trainDs, { batchSize: bs, shuffle: true });

const validDs = new TensorDataset(xValid, yValid);
let validDl = new DataLoader(validDs, { batchSize: bs * 2 });

// The validation loss at the end of each epoch (model.train() before training, model.eval() before inference):

[net, opt] = getModel();

for (let epoch = 0; epoch < epochs; epoch++) {
  net.train();
  for ([xb, yb] of trainDl) {
    const pred = net.call(xb);
    const loss = lossFunc(pred, yb);

    loss.backward();
    opt.step();
    opt.zeroGrad();
  }

  net.eval();
  const validLoss = torch.noGrad(() => sum(Array.from(validDl, ([xb, yb]) => lossFunc(net.call(xb), yb))));

  console.log(`${epoch} ${validLoss.div(len(validDl))}`);
}

// Create fit() and get_data()
// ----------------------------------
//
// `lossBatch` computes the loss for one batch, and steps the optimizer when it is given one.

/** What fit() trains: any module taking and returning a tensor (Python's duck typing of `model`). */
type Model = torch.nn.Module & { forward(xb: torch.Tensor): torch.Tensor };
/** The batches fit() iterates: a DataLoader or a WrappedDataLoader. */
type Batches = Iterable<[torch.Tensor, torch.Tensor]>;

function lossBatch(
  model: Model,
  lossFunc: (input: torch.Tensor, target: torch.Tensor) => torch.Tensor,
  xb: torch.Tensor,
  yb: torch.Tensor,
  opt: torch.optim.Optimizer<{ lr: number }> | null = null,
): [number, number] {
  const loss = lossFunc(model.call(xb), yb);

  if (opt !== null) {
    loss.backward();
    opt.step();
    opt.zeroGrad();
  }

  return [Number(loss.item()), len(xb)];
}

// `fit` trains and computes the validation loss for each epoch.

function fit(
  epochs: number,
  model: Model,
  lossFunc: (input: torch.Tensor, target: torch.Tensor) => torch.Tensor,
  opt: torch.optim.Optimizer<{ lr: number }>,
  trainDl: Batches,
  validDl: Batches,
): void {
  for (let epoch = 0; epoch < epochs; epoch++) {
    model.train();
    for (const [xb, yb] of trainDl) {
      lossBatch(model, lossFunc, xb, yb, opt);
    }

    model.eval();
    // losses, nums = zip(*[loss_batch(model, loss_func, xb, yb) for xb, yb in valid_dl])
    const batches = torch.noGrad(() => Array.from(validDl, ([xb, yb]) => lossBatch(model, lossFunc, xb, yb)));
    const losses = batches.map(([loss]) => loss);
    const nums = batches.map(([, num]) => num);
    // np.sum(np.multiply(losses, nums)) / np.sum(nums): float64 products, numpy's pairwise sums
    const valLoss = npSum(losses.map((loss, i) => loss * nums[i])) / npSum(nums);

    console.log(`${epoch} ${strFloat(valLoss)}`);
  }
}

// `getData` returns dataloaders for the training and validation sets.

/** A DataLoader over a TensorDataset of inputs and labels. */
type Loader = torch.utils.data.DataLoader<[torch.Tensor, torch.Tensor]>;

function getData(
  trainDs: torch.utils.data.TensorDataset<[torch.Tensor, torch.Tensor]>,
  validDs: torch.utils.data.TensorDataset<[torch.Tensor, torch.Tensor]>,
  bs: number,
): [Loader, Loader] {
  return [new DataLoader(trainDs, { batchSize: bs, shuffle: true }), new DataLoader(validDs, { batchSize: bs * 2 })];
}

// The whole process in 3 lines:

[trainDl, validDl] = getData(trainDs, validDs, bs);
[net, opt] = getModel();
fit(epochs, net, lossFunc, opt, trainDl, validDl);

// Switch to CNN
// -------------
//
// Three convolutional layers, each followed by a ReLU, then an average pooling.

class Mnist_CNN extends nn.Module {
  conv1 = new nn.Conv2d(1, 16, { kernelSize: 3, stride: 2, padding: 1 });
  conv2 = new nn.Conv2d(16, 16, { kernelSize: 3, stride: 2, padding: 1 });
  conv3 = new nn.Conv2d(16, 10, { kernelSize: 3, stride: 2, padding: 1 });

  forward(xb: torch.Tensor): torch.Tensor {
    xb = xb.view(-1, 1, 28, 28);
    xb = F.relu(this.conv1.call(xb));
    xb = F.relu(this.conv2.call(xb));
    xb = F.relu(this.conv3.call(xb));
    xb = F.avgPool2d(xb, 4);
    return xb.view(-1, xb.size(1));
  }
}

lr = 0.1;

// SGD with momentum:

net = new Mnist_CNN();
opt = new optim.SGD(net.parameters(), { lr, momentum: 0.9 });

fit(epochs, net, lossFunc, opt, trainDl, validDl);

// nn.Sequential
// ------------------------
//
// A custom layer from a function: `Lambda`.

class Lambda extends nn.Module {
  constructor(readonly func: (x: torch.Tensor) => torch.Tensor) {
    super();
  }

  forward(x: torch.Tensor): torch.Tensor {
    return this.func(x);
  }
}

function preprocess(x: torch.Tensor): torch.Tensor {
  return x.view(-1, 1, 28, 28);
}

// The model created with `Sequential`:

net = new nn.Sequential(
  new Lambda(preprocess),
  new nn.Conv2d(1, 16, { kernelSize: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 16, { kernelSize: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 10, { kernelSize: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.AvgPool2d(4),
  new Lambda((x) => x.view(x.size(0), -1)),
);

opt = new optim.SGD(net.parameters(), { lr, momentum: 0.9 });

fit(epochs, net, lossFunc, opt, trainDl, validDl);

// Wrapping DataLoader
// -----------------------------
//
// The preprocessing moved into a generator over the data loader:

let preprocess2 = (x: torch.Tensor, y: torch.Tensor): [torch.Tensor, torch.Tensor] => [x.view(-1, 1, 28, 28), y];

class WrappedDataLoader implements Batches {
  constructor(
    readonly dl: Batches & { length: number },
    readonly func: (x: torch.Tensor, y: torch.Tensor) => [torch.Tensor, torch.Tensor],
  ) {}

  get length(): number {
    return len(this.dl);
  }

  *[Symbol.iterator](): Generator<[torch.Tensor, torch.Tensor]> {
    const batches = this.dl; // iter(self.dl)
    for (const b of batches) {
      yield this.func(...b);
    }
  }
}

[trainDl, validDl] = getData(trainDs, validDs, bs);
let trainDlW = new WrappedDataLoader(trainDl, preprocess2);
let validDlW = new WrappedDataLoader(validDl, preprocess2);

// nn.AdaptiveAvgPool2d instead of nn.AvgPool2d: any input size.

net = new nn.Sequential(
  new nn.Conv2d(1, 16, { kernelSize: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 16, { kernelSize: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.Conv2d(16, 10, { kernelSize: 3, stride: 2, padding: 1 }),
  new nn.ReLU(),
  new nn.AdaptiveAvgPool2d(1),
  new Lambda((x) => x.view(x.size(0), -1)),
);

opt = new optim.SGD(net.parameters(), { lr, momentum: 0.9 });

// Let's try it out:

fit(epochs, net, lossFunc, opt, trainDlW, validDlW);

// Using your GPU
// ---------------

console.log(torch.cuda.isAvailable() ? "True" : "False");

// A device object:

const dev = torch.cuda.isAvailable() ? new torch.device("cuda") : new torch.device("cpu");

// `preprocess` moves the batches to the device:

preprocess2 = (x: torch.Tensor, y: torch.Tensor): [torch.Tensor, torch.Tensor] => [
  x.view(-1, 1, 28, 28).to(dev),
  y.to(dev),
];

[trainDl, validDl] = getData(trainDs, validDs, bs);
trainDlW = new WrappedDataLoader(trainDl, preprocess2);
validDlW = new WrappedDataLoader(validDl, preprocess2);

// And the model:

net.to(dev);
opt = new optim.SGD(net.parameters(), { lr, momentum: 0.9 });

// You should find it runs faster now:

fit(epochs, net, lossFunc, opt, trainDlW, validDlW);

// Not in the tutorial: the last model's weights, to compare with the reference's.
torch.save(net.stateDict(), "nn_tutorial.pt");
