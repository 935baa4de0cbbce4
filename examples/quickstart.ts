import * as torch from "torchts";

const { nn, optim } = torch;

class Net extends nn.Module {
  conv = new nn.Conv2d(3, 6, 5);
  bn = new nn.BatchNorm2d(6);
  fc = new nn.Linear(6 * 14 * 14, 10);
  forward(x: torch.Tensor): torch.Tensor {
    const h = nn.functional.maxPool2d(this.bn.forward(this.conv.forward(x)).relu(), 2);
    return this.fc.forward(h.flatten(1));
  }
}

const device = torch.cuda.isAvailable() ? "cuda" : "cpu";
torch.manualSeed(0);
const model = new Net().to(device);
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
const lossFn = new nn.CrossEntropyLoss();
// Random stand-in data: a fixed batch the model learns to classify.
const x = torch.randn([64, 3, 32, 32], { device });
const y = torch.randint(0, 10, [64], { device });
for (let step = 1; step <= 50; step++) {
  optimizer.zeroGrad();
  const loss = lossFn.forward(model.forward(x), y);
  loss.backward();
  optimizer.step();
  if (step % 10 === 0) console.log(`step ${step}: loss ${Number(loss.item()).toFixed(4)}`);
}
model.eval();
const accuracy = torch.noGrad(() => model.forward(x).argmax(1).eq(y).float().mean().item());
console.log(`accuracy on the batch: ${accuracy}`);
