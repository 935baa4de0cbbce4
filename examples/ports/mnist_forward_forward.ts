// A port of pytorch/examples mnist_forward_forward/main.py (Hinton's forward-forward algorithm; based on
// Mohammad Pezeshki's implementation, https://github.com/mohammadpz/pytorch_forward_forward, MIT License,
// with changes by Vivek V Patel), line by line with torchts: each Linear+ReLU layer is trained on its own,
// with its own Adam, to give positive data (the image with its label written into its first 10 pixels) a
// high "goodness" (mean squared activation) and negative data (a wrong label) a low one; a label is
// predicted as the one whose overlay gives the most goodness summed over the layers.
// Differences, the same in the Python reference (examples/ports/reference/mnist_forward_forward.py):
// - MNIST is read from --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; the original's "./data/",
//   downloaded): the MNIST-like stand-in of test/python/ports_data.py (gray 28x28 CIFAR-10 images).
// - The script parses --seed but never seeds: both sides seed torch with it after parsing.
// - torch 1.13 has no torch.xpu (nor has torchts): use_xpu is false; torch.backends.mps.isAvailable() is
//   false here (no Metal).
// - Net.train(x_pos, x_neg) and Layer.train(x_pos, x_neg) override nn.Module.train(mode) with another
//   signature, as the Python classes do; TypeScript rejects an incompatible override, so those two lines
//   carry a @ts-expect-error (as word_language_model's TransformerModel.forward); calls are typed by the
//   override. Nothing calls Module.train(mode) or eval() on them, in Python or here.
// - Net keeps its layers in a plain list (not a ModuleList), as the original: its state dict is empty, and so
//   is what --save-model writes, on both sides.
//   node dist/examples/ports/mnist_forward_forward.js --data DIR [--epochs 1000] [--train_size 50000]
//       [--test_size 10000] [--log-interval 10] [--save-model]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, iter, len, next, notNone, range, strFloat, sum } from "./builtins";

const nn = torch.nn;
const { MNIST } = torch.data; // torchvision.datasets
const { Compose, ToTensor, Normalize, Lambda } = torch.data.transforms;
const { DataLoader } = torch.utils.data;
const { Adam } = torch.optim;

interface Args {
  epochs: number;
  lr: number;
  no_cuda: boolean;
  no_xpu: boolean;
  no_mps: boolean;
  seed: number;
  save_model: boolean;
  train_size: number;
  threshold: number;
  test_size: number;
  log_interval: number;
  data: string;
}
// set in the main block below, read by Layer (Python's module globals `args` and `device`)
let args: Args;
let device: torch.device;

function getYNeg(y: torch.Tensor): torch.Tensor {
  const yNeg = y.clone();
  for (const [idx, ySamp] of enumerate(y)) {
    const allowedIndices = range(10);
    allowedIndices.splice(allowedIndices.indexOf(Number(ySamp.item())), 1); // allowed_indices.remove(y_samp.item())
    yNeg.indexPut_(
      [idx],
      torch
        .tensor(allowedIndices)
        .index(torch.randint(len(allowedIndices), { size: [1] }))
        .item(),
    );
  }
  return yNeg.to(device);
}

function overlayYOnX(x: torch.Tensor, y: torch.Tensor | number, classes = 10): torch.Tensor {
  const x_ = x.clone();
  x_.index(":", `:${classes}`).mul_(0.0); // x_[:, :classes] *= 0.0
  x_.indexPut_([range(x.shape[0]), y], x.max());
  return x_;
}

class Net extends torch.nn.Module {
  declare layers: Layer[];

  constructor(dims: number[]) {
    super();
    this.layers = [];
    for (let d = 0; d < len(dims) - 1; d++) {
      this.layers = [...this.layers, new Layer(dims[d], dims[d + 1]).to(device)];
    }
  }

  // Python's Net defines no forward: nn.Module's raises (torchts's Module declares it abstract)
  forward(): never {
    throw new Error('Module [Net] is missing the required "forward" function');
  }

  predict(x: torch.Tensor): torch.Tensor {
    const goodnessPerLabel: torch.Tensor[] = [];
    for (const label of range(10)) {
      let h = overlayYOnX(x, label);
      let goodness: torch.Tensor[] = [];
      for (const layer of this.layers) {
        h = layer.call(h);
        goodness = [...goodness, h.pow(2).mean(1)];
      }
      goodnessPerLabel.push(sum(goodness).unsqueeze(1));
    }
    const goodnessPerLabelT = torch.cat(goodnessPerLabel, 1);
    return goodnessPerLabelT.argmax(1);
  }

  // @ts-expect-error Python's Net overrides Module.train(mode) with train(x_pos, x_neg)
  train(xPos: torch.Tensor, xNeg: torch.Tensor): void {
    let [hPos, hNeg] = [xPos, xNeg];
    for (const [i, layer] of enumerate(this.layers)) {
      console.log("training layer: ", i);
      [hPos, hNeg] = layer.train(hPos, hNeg);
    }
  }
}

class Layer extends nn.Linear {
  declare relu: torch.nn.ReLU;
  declare opt: torch.optim.Adam;
  declare threshold: number;
  declare num_epochs: number;

  constructor(
    inFeatures: number,
    outFeatures: number,
    bias = true,
    device?: torch.DeviceLike, // Python's None: left out
    dtype?: torch.DTypeLike,
  ) {
    super(inFeatures, outFeatures, bias, device, dtype);
    this.relu = new torch.nn.ReLU();
    this.opt = new Adam(this.parameters(), { lr: args.lr });
    this.threshold = args.threshold;
    this.num_epochs = args.epochs;
  }

  forward(x: torch.Tensor): torch.Tensor {
    const xDirection = x.div(x.norm(2, 1, true).add(1e-4));
    return this.relu.call(torch.mm(xDirection, this.weight.T).add(notNone(this.bias).unsqueeze(0)));
  }

  // @ts-expect-error Python's Layer overrides Module.train(mode) with train(x_pos, x_neg)
  train(xPos: torch.Tensor, xNeg: torch.Tensor): [torch.Tensor, torch.Tensor] {
    for (let i = 0; i < this.num_epochs; i++) {
      const gPos = this.forward(xPos).pow(2).mean(1);
      const gNeg = this.forward(xNeg).pow(2).mean(1);
      const loss = torch.log1p(torch.exp(torch.cat([gPos.neg().add(this.threshold), gNeg.sub(this.threshold)]))).mean();
      this.opt.zeroGrad();
      loss.backward();
      this.opt.step();
      if (i % args.log_interval === 0) {
        console.log("Loss: ", strFloat(Number(loss.item())));
      }
    }
    return [this.forward(xPos).detach(), this.forward(xNeg).detach()];
  }
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      epochs: { type: "string", default: "1000" }, // number of epochs to train (default: 1000)
      lr: { type: "string", default: "0.03" }, // learning rate (default: 0.03)
      no_cuda: { type: "boolean", default: false }, // disables CUDA training
      no_xpu: { type: "boolean", default: false }, // disables XPU training
      no_mps: { type: "boolean", default: false }, // disables MPS training
      seed: { type: "string", default: "1" }, // random seed (default: 1)
      save_model: { type: "boolean", default: false }, // For saving the current Model
      train_size: { type: "string", default: "50000" }, // size of training set
      threshold: { type: "string", default: "2" }, // threshold for training
      test_size: { type: "string", default: "10000" }, // size of test set
      "save-model": { type: "boolean", default: false }, // For Saving the current Model (the same dest)
      "log-interval": { type: "string", default: "10" }, // how many batches to wait before logging training status
      data: { type: "string", default: "./data/" }, // the folder holding MNIST/raw/
    },
  });
  args = {
    epochs: Number(values.epochs),
    lr: Number(values.lr),
    no_cuda: values.no_cuda,
    no_xpu: values.no_xpu,
    no_mps: values.no_mps,
    seed: Number(values.seed),
    save_model: values.save_model || values["save-model"],
    train_size: Number(values.train_size),
    threshold: Number(values.threshold),
    test_size: Number(values.test_size),
    log_interval: Number(values["log-interval"]),
    data: values.data,
  };
  torch.manualSeed(args.seed);
  const useCuda = !args.no_cuda && torch.cuda.isAvailable();
  const useXpu = !args.no_xpu && false; // torch.xpu.is_available(): torch 1.13 (and torchts) has no torch.xpu
  const useMps = !args.no_mps && torch.backends.mps.isAvailable();
  if (useCuda) {
    device = new torch.device("cuda");
  } else if (useXpu) {
    device = new torch.device("xpu");
  } else if (useMps) {
    device = new torch.device("mps");
  } else {
    device = new torch.device("cpu");
  }

  /** The DataLoader keywords the script sets. */
  type Kwargs = { batchSize: number; numWorkers?: number; pinMemory?: boolean; shuffle?: boolean };
  const trainKwargs: Kwargs = { batchSize: args.train_size };
  const testKwargs: Kwargs = { batchSize: args.test_size };

  if (useCuda) {
    const cudaKwargs = { numWorkers: 1, pinMemory: true, shuffle: true };
    Object.assign(trainKwargs, cudaKwargs); // train_kwargs.update(cuda_kwargs)
    Object.assign(testKwargs, cudaKwargs);
  }

  const transform = new Compose([
    new ToTensor(),
    new Normalize([0.1307], [0.3081]),
    new Lambda((x: torch.Tensor) => torch.flatten(x)),
  ]);
  const trainLoader = new DataLoader(new MNIST({ root: args.data, train: true, transform }), trainKwargs);
  const testLoader = new DataLoader(new MNIST({ root: args.data, train: false, transform }), testKwargs);
  const net = new Net([784, 500, 500]);
  let [x, y] = next(iter(trainLoader));
  [x, y] = [x.to(device), y.to(device)];
  const xPos = overlayYOnX(x, y);
  const yNeg = getYNeg(y);
  const xNeg = overlayYOnX(x, yNeg);
  net.train(xPos, xNeg);
  console.log("train error:", strFloat(1.0 - Number(net.predict(x).eq(y).float().mean().item())));
  let [xTe, yTe] = next(iter(testLoader));
  [xTe, yTe] = [xTe.to(device), yTe.to(device)];
  if (args.save_model) {
    torch.save(net.stateDict(), "mnist_ff.pt");
  }
  console.log("test error:", strFloat(1.0 - Number(net.predict(xTe).eq(yTe).float().mean().item())));
}
