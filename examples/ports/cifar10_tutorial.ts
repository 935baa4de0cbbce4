// A port of PyTorch's CIFAR-10 tutorial, "Training a Classifier"
// (pytorch/tutorials, beginner_source/blitz/cifar10_tutorial.py), line by line with torchts.
// Differences, the same in the Python reference (examples/ports/reference/cifar10_tutorial.py):
// CIFAR-10 is read as an ImageFolder from --data (train/<class>/, test/<class>/; the shared JPEGs
// unpacked) instead of torchvision.datasets.CIFAR10(download=True); --seed seeds torch (the tutorial
// seeds nothing) and --epochs replaces range(2); imshow() has no display here, so it shows nothing.
//   node dist/examples/ports/cifar10_tutorial.js --data /tmp/cifar10-jpeg [--epochs 2] [--seed 0]
import { parseArgs } from "node:util";
import * as torch from "torchts";
import { enumerate, iter, next, zip } from "./builtins";

const { values: args } = parseArgs({
  options: {
    data: { type: "string", default: "./data" },
    epochs: { type: "string", default: "2" },
    seed: { type: "string", default: "0" },
  },
});
torch.manualSeed(Number(args.seed));

// 1. Load and normalize CIFAR10
const transforms = torch.data.transforms;

const transform = new transforms.Compose([
  new transforms.ToTensor(),
  new transforms.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5]),
]);

const batchSize = 4;

const trainset = new torch.data.ImageFolder(`${args.data}/train`, { transform });
const trainloader = new torch.utils.data.DataLoader(trainset, { batchSize, shuffle: true, numWorkers: 2 });

const testset = new torch.data.ImageFolder(`${args.data}/test`, { transform });
const testloader = new torch.utils.data.DataLoader(testset, { batchSize, shuffle: false, numWorkers: 2 });

const classes = ["plane", "car", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

// functions to show an image
function imshow(img: torch.Tensor): void {
  void img.div(2).add(0.5); // unnormalize; there is no display to show it on
}

// get some random training images
let dataiter = iter(trainloader);
let [images, labels] = next(dataiter);

// show images
imshow(images);
// print labels
console.log([...labels].map((j) => `${classes[Number(j.item())]}`.padEnd(5)).join(" "));

// 2. Define a Convolutional Neural Network
const { nn } = torch;
const F = nn.functional;

class Net extends nn.Module {
  conv1 = new nn.Conv2d(3, 6, 5);
  pool = new nn.MaxPool2d(2, 2);
  conv2 = new nn.Conv2d(6, 16, 5);
  fc1 = new nn.Linear(16 * 5 * 5, 120);
  fc2 = new nn.Linear(120, 84);
  fc3 = new nn.Linear(84, 10);

  forward(x: torch.Tensor): torch.Tensor {
    x = this.pool.call(F.relu(this.conv1.call(x)));
    x = this.pool.call(F.relu(this.conv2.call(x)));
    x = torch.flatten(x, 1); // flatten all dimensions except batch
    x = F.relu(this.fc1.call(x));
    x = F.relu(this.fc2.call(x));
    x = this.fc3.call(x);
    return x;
  }
}

let net = new Net();

// 3. Define a Loss function and optimizer
const { optim } = torch;

const criterion = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(net.parameters(), { lr: 0.001, momentum: 0.9 });

// 4. Train the network
for (let epoch = 0; epoch < Number(args.epochs); epoch++) {
  // loop over the dataset multiple times

  let runningLoss = 0.0;
  for (const [i, data] of enumerate(trainloader, 0)) {
    // get the inputs; data is a list of [inputs, labels]
    const [inputs, labels] = data;

    // zero the parameter gradients
    optimizer.zeroGrad();

    // forward + backward + optimize
    const outputs = net.call(inputs);
    const loss = criterion.call(outputs, labels);
    loss.backward();
    optimizer.step();

    // print statistics
    runningLoss += Number(loss.item());
    if (i % 2000 === 1999) {
      // print every 2000 mini-batches
      console.log(`[${epoch + 1}, ${String(i + 1).padStart(5)}] loss: ${(runningLoss / 2000).toFixed(3)}`);
      runningLoss = 0.0;
    }
  }
}

console.log("Finished Training");

const PATH = "./cifar_net.pth";
torch.save(net.stateDict(), PATH);

// 5. Test the network on the test data
dataiter = iter(testloader);
[images, labels] = next(dataiter);

// print images
imshow(images);
console.log("GroundTruth: ", [...labels].map((j) => `${classes[Number(j.item())]}`.padEnd(5)).join(" "));

net = new Net();
net.loadStateDict(torch.load(PATH));

let outputs = net.call(images);

let [, predicted] = torch.max(outputs, 1);

console.log("Predicted: ", [...predicted].map((j) => `${classes[Number(j.item())]}`.padEnd(5)).join(" "));

let correct = 0;
let total = 0;
// since we're not training, we don't need to calculate the gradients for our outputs
torch.noGrad(() => {
  for (const data of testloader) {
    [images, labels] = data;
    // calculate outputs by running images through the network
    outputs = net.call(images);
    // the class with the highest energy is what we choose as prediction
    [, predicted] = torch.max(outputs.data, 1);
    total += labels.size(0);
    correct += Number(predicted.eq(labels).sum().item());
  }
});

console.log(`Accuracy of the network on the 10000 test images: ${Math.floor((100 * correct) / total)} %`);

// prepare to count predictions for each class
const correctPred = new Map(classes.map((classname) => [classname, 0]));
const totalPred = new Map(classes.map((classname) => [classname, 0]));

// again no gradients needed
torch.noGrad(() => {
  for (const data of testloader) {
    [images, labels] = data;
    outputs = net.call(images);
    const [, predictions] = torch.max(outputs, 1);
    // collect the correct predictions for each class
    for (const [label, prediction] of zip(labels, predictions)) {
      const classname = `${classes[Number(label.item())]}`;
      if (label.eq(prediction).item()) correctPred.set(classname, (correctPred.get(classname) ?? 0) + 1);
      totalPred.set(classname, (totalPred.get(classname) ?? 0) + 1);
    }
  }
});

// print accuracy for each class
for (const [classname, correctCount] of correctPred) {
  const accuracy = (100 * correctCount) / (totalPred.get(classname) ?? 0);
  console.log(`Accuracy for class: ${classname.padEnd(5)} is ${accuracy.toFixed(1)} %`);
}
