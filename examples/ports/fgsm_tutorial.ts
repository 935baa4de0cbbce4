// A port of pytorch/tutorials beginner_source/fgsm_tutorial.py ("Adversarial Example Generation", Nathan
// Inkawhich), line by line with torchts: the Fast Gradient Sign Attack (Goodfellow et al.) on the LeNet of
// pytorch/examples mnist. For each epsilon, every test image the model classifies correctly is perturbed by
// epsilon * sign of the loss's gradient w.r.t. the image (clamped to [0, 1]) and classified again.
// Differences, the same in the Python reference (examples/ports/reference/fgsm_tutorial.py):
// - The tutorial loads a pretrained LeNet (data/lenet_mnist_model.pth, a download). With --train, both sides
//   first train the tutorial's Net for one epoch on the MNIST training images (batch 64, SGD lr 0.01 momentum
//   0.5, nll_loss: pytorch/examples mnist of that time, which trained that model) and save it to
//   pretrained_model; the tutorial's loadStateDict(torch.load(pretrainedModel)) then reads it.
// - MNIST is read from --data (torchvision's layout, <data>/MNIST/raw/*-ubyte; the tutorial's '../data',
//   downloaded): the MNIST-like stand-in of test/python/ports_data.py (gray 28x28 CIFAR-10 images).
// - The tutorial seeds nothing: --seed (default 42) seeds torch first.
// - No matplotlib: the two plots (accuracy vs epsilon, the adversarial examples) are dropped; what the second
//   one titles each example with ("original classification -> adversarial classification") is printed, one
//   line per epsilon, instead.
// - adv_ex (a numpy array in the tutorial) stays a tensor (torchts has no numpy).
// The tutorial's prose is summarised.
//   node dist/examples/ports/fgsm_tutorial.js --data DIR --train [--seed 42]
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, format, len, notNone, strFloat } from "./builtins";

const { nn, optim } = torch;
const F = nn.functional;
const datasets = torch.data; // torchvision.datasets
const { transforms } = torch.data;

const { values } = parseArgs({
  options: {
    data: { type: "string", default: "../data" },
    train: { type: "boolean", default: false },
    seed: { type: "string", default: "42" },
  },
});
const args = { data: values.data, train: values.train, seed: Number(values.seed) };
torch.manualSeed(args.seed);

// Implementation
// --------------
//
// Inputs
// ~~~~~~
//
// -  epsilons - the epsilon values to run (0: the model on the original test set; the data range is
//    [0, 1], so no epsilon exceeds 1).
// -  pretrainedModel - the MNIST model trained with pytorch/examples/mnist (here: --train).
// -  useCuda - use CUDA if desired and available.

const epsilons = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const pretrainedModel = "data/lenet_mnist_model.pth";
const useCuda = true;

// Model Under Attack
// ~~~~~~~~~~~~~~~~~~
//
// The Net and the test dataloader of pytorch/examples/mnist.

// LeNet Model definition
class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 10, { kernelSize: 5 });
  conv2 = new nn.Conv2d(10, 20, { kernelSize: 5 });
  conv2_drop = new nn.Dropout2d();
  fc1 = new nn.Linear(320, 50);
  fc2 = new nn.Linear(50, 10);

  forward(x: torch.Tensor): torch.Tensor {
    x = F.relu(F.maxPool2d(this.conv1.call(x), 2));
    x = F.relu(F.maxPool2d(this.conv2_drop.call(this.conv2.call(x)), 2));
    x = x.view(-1, 320);
    x = F.relu(this.fc1.call(x));
    x = F.dropout(x, { training: this.training });
    x = this.fc2.call(x);
    return F.logSoftmax(x, { dim: 1 });
  }
}

// MNIST Test dataset and dataloader declaration
const testLoader = new torch.utils.data.DataLoader(
  new datasets.MNIST({
    root: args.data,
    train: false,
    transform: new transforms.Compose([new transforms.ToTensor()]),
  }),
  { batchSize: 1, shuffle: true },
);

// Define what device we are using
console.log("CUDA Available: ", torch.cuda.isAvailable() ? "True" : "False");
const device = new torch.device(useCuda && torch.cuda.isAvailable() ? "cuda" : "cpu");

// Not in the tutorial (--train): the pretrained model, trained here for one epoch as pytorch/examples
// mnist trained it then (batch 64, SGD lr 0.01 momentum 0.5, nll_loss), and saved where the tutorial loads it.
if (args.train) {
  const trainLoader = new torch.utils.data.DataLoader(
    new datasets.MNIST({
      root: args.data,
      train: true,
      transform: new transforms.Compose([new transforms.ToTensor()]),
    }),
    { batchSize: 64, shuffle: true },
  );
  const net = new Net().to(device);
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.5 });
  net.train();
  for (let [batchIdx, [data, target]] of enumerate(trainLoader)) {
    [data, target] = [data.to(device), target.to(device)];
    optimizer.zeroGrad();
    const output = net.call(data);
    const loss = F.nllLoss(output, target);
    loss.backward();
    optimizer.step();
    if (batchIdx % 10 === 0) {
      console.log(
        `Train: [${batchIdx * len(data)}/${len(trainLoader.dataset)} ` +
          `(${format((100 * batchIdx) / len(trainLoader), ".0f")}%)]\tLoss: ${format(Number(loss.item()), ".6f")}`,
      );
    }
  }
  fs.mkdirSync(path.dirname(pretrainedModel), { recursive: true });
  torch.save(net.stateDict(), pretrainedModel);
}

// Initialize the network
const model = new Net().to(device);

// Load the pretrained model
model.loadStateDict(torch.load(pretrainedModel, { mapLocation: "cpu" }));

// Set the model in evaluation mode. In this case this is for the Dropout layers
model.eval();

// FGSM Attack
// ~~~~~~~~~~~
//
// perturbed_image = image + epsilon * sign(data_grad), clipped to [0, 1].

// FGSM attack code
function fgsmAttack(image: torch.Tensor, epsilon: number, dataGrad: torch.Tensor): torch.Tensor {
  // Collect the element-wise sign of the data gradient
  const signDataGrad = dataGrad.sign();
  // Create the perturbed image by adjusting each pixel of the input image
  let perturbedImage = image.add(signDataGrad.mul(epsilon));
  // Adding clipping to maintain [0,1] range
  perturbedImage = torch.clamp(perturbedImage, 0, 1);
  // Return the perturbed image
  return perturbedImage;
}

// Testing Function
// ~~~~~~~~~~~~~~~~
//
// For each test image the model classifies correctly: the gradient of the loss w.r.t. the image, the
// perturbed image, and whether the model still classifies it correctly; some adversarial examples are kept.

/** (init_pred, final_pred, adv_ex) */
type Example = [number, number, torch.Tensor];

function test(
  model: Net,
  device: torch.device,
  testLoader: torch.utils.data.DataLoader,
  epsilon: number,
): [number, Example[]] {
  // Accuracy counter
  let correct = 0;
  const advExamples: Example[] = [];

  // Loop over all examples in test set
  for (let [data, target] of testLoader) {
    // Send the data and label to the device
    [data, target] = [data.to(device), target.to(device)];

    // Set requires_grad attribute of tensor. Important for Attack
    data.requiresGrad = true;

    // Forward pass the data through the model
    let output = model.call(data);
    const initPred = output.max(1, { keepdim: true })[1]; // get the index of the max log-probability

    // If the initial prediction is wrong, dont bother attacking, just move on
    if (initPred.item() !== target.item()) {
      continue;
    }

    // Calculate the loss
    const loss = F.nllLoss(output, target);

    // Zero all existing gradients
    model.zeroGrad();

    // Calculate gradients of model in backward pass
    loss.backward();

    // Collect datagrad
    const dataGrad = notNone(data.grad).data;

    // Call FGSM Attack
    const perturbedData = fgsmAttack(data, epsilon, dataGrad);

    // Re-classify the perturbed image
    output = model.call(perturbedData);

    // Check for success
    const finalPred = output.max(1, { keepdim: true })[1]; // get the index of the max log-probability
    if (finalPred.item() === target.item()) {
      correct += 1;
      // Special case for saving 0 epsilon examples
      if (epsilon === 0 && advExamples.length < 5) {
        const advEx = perturbedData.squeeze().detach().cpu();
        advExamples.push([Number(initPred.item()), Number(finalPred.item()), advEx]);
      }
    } else {
      // Save some adv examples for visualization later
      if (advExamples.length < 5) {
        const advEx = perturbedData.squeeze().detach().cpu();
        advExamples.push([Number(initPred.item()), Number(finalPred.item()), advEx]);
      }
    }
  }

  // Calculate final accuracy for this epsilon
  const finalAcc = correct / len(testLoader);
  console.log(`Epsilon: ${epsilon}\tTest Accuracy = ${correct} / ${len(testLoader)} = ${strFloat(finalAcc)}`);

  // Return the accuracy and an adversarial example
  return [finalAcc, advExamples];
}

// Run Attack
// ~~~~~~~~~~

const accuracies: number[] = [];
const examples: Example[][] = [];

// Run test for each epsilon
for (const eps of epsilons) {
  const [acc, ex] = test(model, device, testLoader, eps);
  accuracies.push(acc);
  examples.push(ex);
}

// Results
// -------
//
// The accuracy vs epsilon plot and the plot of the adversarial examples (matplotlib) are dropped: no
// display here. The examples' "original classification -> adversarial classification" titles:
for (let i = 0; i < epsilons.length; i++) {
  console.log(`Eps: ${epsilons[i]}: ${examples[i].map(([orig, adv]) => `${orig} -> ${adv}`).join(", ")}`);
}
