// A port of pytorch/tutorials intermediate_source/spatial_transformer_tutorial.py ("Spatial Transformer
// Networks Tutorial", Ghassen Hamrouni; License: BSD), line by line with torchts: a LeNet-like MNIST
// classifier behind a spatial transformer (a localization CNN regressing a 2x3 affine theta, initialised to
// the identity; F.affineGrid + F.gridSample), SGD lr 0.01, nll_loss, 20 epochs, then visualize_stn.
// Differences, the same in the Python reference (examples/ports/reference/spatial_transformer_tutorial.py):
// - MNIST is read from --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; the tutorial's root '.'),
//   never downloaded.
// - --seed seeds torch (the tutorial seeds nothing; default 0); --epochs replaces range(1, 20 + 1) (default
//   20); --log-interval replaces the 500 of `batch_idx % 500` (default 500).
// - No matplotlib: plt.ion()/ioff()/show() are dropped, and what visualize_stn plots (the two
//   convert_image_np grids: float64 [H, W, 3], ImageNet's mean and std applied, clipped to [0, 1]) is saved
//   with torch.save to ./stn_plots.pt ({ in_grid, out_grid }), the trained state dict to ./stn_model.pt.
//   convert_image_np's numpy arithmetic is written with torch ops in float64 (numpy promotes the float32
//   image to float64 the same way).
// - `self.fc_loc[2].weight`: the Sequential's parameter "2.weight" (getParameter), which is typed without a cast.
//   node dist/examples/ports/spatial_transformer_tutorial.js --data DIR [--epochs 20] [--seed 0] [--log-interval 500]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, format, iter, len, next, notNone } from "./builtins";

const { nn, optim } = torch;
const F = nn.functional;
const datasets = torch.data; // torchvision.datasets
const { transforms } = torch.data;
const torchvision = { utils: torch.data.utils };

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "." },
    epochs: { type: "string", default: "20" },
    seed: { type: "string", default: "0" },
    "log-interval": { type: "string", default: "500" },
  },
});
const args = {
  data: values.data,
  epochs: Number(values.epochs),
  seed: Number(values.seed),
  logInterval: Number(values["log-interval"]),
};
torch.manualSeed(args.seed);

// Loading the data
// ----------------
//
// In this post we experiment with the classic MNIST dataset. Using a
// standard convolutional network augmented with a spatial transformer
// network.

const device = new torch.device(torch.cuda.isAvailable() ? "cuda" : "cpu");

// Training dataset
const trainLoader = new torch.utils.data.DataLoader(
  new datasets.MNIST({
    root: args.data,
    train: true, // download=True: never downloaded here (torchts's MNIST reads local files only)
    transform: new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]),
  }),
  { batchSize: 64, shuffle: true, numWorkers: 4 },
);
// Test dataset
const testLoader = new torch.utils.data.DataLoader(
  new datasets.MNIST({
    root: args.data,
    train: false,
    transform: new transforms.Compose([new transforms.ToTensor(), new transforms.Normalize([0.1307], [0.3081])]),
  }),
  { batchSize: 64, shuffle: true, numWorkers: 4 },
);

// Depicting spatial transformer networks
// --------------------------------------
//
// The localization network regresses the transformation parameters, the
// grid generator makes the grid of input coordinates for each output
// pixel (affineGrid), and the sampler applies it (gridSample).

class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 10, { kernelSize: 5 });
  conv2 = new nn.Conv2d(10, 20, { kernelSize: 5 });
  conv2_drop = new nn.Dropout2d();
  fc1 = new nn.Linear(320, 50);
  fc2 = new nn.Linear(50, 10);

  // Spatial transformer localization-network
  localization = new nn.Sequential(
    new nn.Conv2d(1, 8, { kernelSize: 7 }),
    new nn.MaxPool2d(2, { stride: 2 }),
    new nn.ReLU(true),
    new nn.Conv2d(8, 10, { kernelSize: 5 }),
    new nn.MaxPool2d(2, { stride: 2 }),
    new nn.ReLU(true),
  );

  // Regressor for the 3 * 2 affine matrix
  fc_loc = new nn.Sequential(new nn.Linear(10 * 3 * 3, 32), new nn.ReLU(true), new nn.Linear(32, 3 * 2));

  constructor() {
    super();
    // Initialize the weights/bias with identity transformation
    notNone(this.fc_loc.getParameter("2.weight")).data.zero_();
    notNone(this.fc_loc.getParameter("2.bias")).data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], { dtype: "float32" }));
  }

  // Spatial transformer network forward function
  stn(x: torch.Tensor): torch.Tensor {
    let xs = this.localization.call(x);
    xs = xs.view(-1, 10 * 3 * 3);
    let theta = this.fc_loc.call(xs);
    theta = theta.view(-1, 2, 3);

    const grid = F.affineGrid(theta, x.size());
    x = F.gridSample(x, grid);

    return x;
  }

  forward(x: torch.Tensor): torch.Tensor {
    // transform the input
    x = this.stn(x);

    // Perform the usual forward pass
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2_drop.call(this.conv2.call(x)), 2));
    x = x.view(-1, 320);
    x = F.relu(this.fc1.call(x));
    x = F.dropout(x, { training: this.training });
    x = this.fc2.call(x);
    return F.logSoftmax(x, { dim: 1 });
  }
}

const model = new Net().to(device);

// Training the model
// ------------------
//
// Now, let's use the SGD algorithm to train the model. The network is
// learning the classification task in a supervised way. In the same time
// the model is learning STN automatically in an end-to-end fashion.

const optimizer = new optim.SGD(model.parameters(), { lr: 0.01 });

function train(epoch: number): void {
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
    }
  }
}
//
// A simple test procedure to measure the STN performances on MNIST.
//

function test(): void {
  torch.noGrad(() => {
    model.eval();
    let testLoss = 0;
    let correct = 0;
    for (let [data, target] of testLoader) {
      [data, target] = [data.to(device), target.to(device)];
      const output = model.call(data);

      // sum up batch loss
      testLoss += Number(F.nllLoss(output, target, { sizeAverage: false }).item());
      // get the index of the max log-probability
      const pred = output.max(1, { keepdim: true })[1];
      correct += Number(pred.eq(target.viewAs(pred)).sum().item());
    }

    testLoss /= len(testLoader.dataset);
    console.log(
      `\nTest set: Average loss: ${format(testLoss, ".4f")}, Accuracy: ${correct}/${len(testLoader.dataset)} ` +
        `(${format((100 * correct) / len(testLoader.dataset), ".0f")}%)\n`,
    );
  });
}

// Visualizing the STN results
// ---------------------------
//
// Now, we will inspect the results of our learned visual attention
// mechanism.
//
// We define a small helper function in order to visualize the
// transformations while training.

/** Convert a Tensor to numpy image (here: a float64 [H, W, C] tensor, as numpy computes it). */
function convertImageNp(inp: torch.Tensor): torch.Tensor {
  inp = inp.permute(1, 2, 0).to("float64"); // inp.numpy().transpose((1, 2, 0)); numpy promotes it below
  const mean = torch.tensor([0.485, 0.456, 0.406], { dtype: "float64" });
  const std = torch.tensor([0.229, 0.224, 0.225], { dtype: "float64" });
  inp = std.mul(inp).add(mean);
  inp = inp.clip(0, 1);
  return inp;
}

// We want to visualize the output of the spatial transformers layer
// after the training, we visualize a batch of input images and
// the corresponding transformed batch using STN.

function visualizeStn(): void {
  torch.noGrad(() => {
    // Get a batch of training data
    const data = next(iter(testLoader))[0].to(device);

    const inputTensor = data.cpu();
    const transformedInputTensor = model.stn(data).cpu();

    const inGrid = convertImageNp(torchvision.utils.makeGrid(inputTensor));

    const outGrid = convertImageNp(torchvision.utils.makeGrid(transformedInputTensor));

    // Plot the results side-by-side (no display here: saved instead)
    torch.save({ in_grid: inGrid, out_grid: outGrid }, "stn_plots.pt");
  });
}

for (let epoch = 1; epoch <= args.epochs; epoch++) {
  train(epoch);
  test();
}

// Visualize the STN transformation on some input batch
visualizeStn();

torch.save(model.stateDict(), "stn_model.pt");
