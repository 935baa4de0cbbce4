// The seed's LeNet-5 for CIFAR-10, with and without BatchNorm (layer list as in the experiment).
import { nn, type Tensor } from "../lib";

export class LeNet5 extends nn.Module {
  readonly features: nn.Sequential;
  readonly classifier: nn.Sequential;
  constructor(readonly batchNorm: boolean) {
    super();
    const bn2 = (c: number) => (batchNorm ? [new nn.BatchNorm2d(c)] : []);
    const bn1 = (c: number) => (batchNorm ? [new nn.BatchNorm1d(c)] : []);
    this.features = new nn.Sequential(
      new nn.Conv2d(3, 6, 5),
      ...bn2(6),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(6, 16, 5),
      ...bn2(16),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
    );
    this.classifier = new nn.Sequential(
      new nn.Flatten(),
      new nn.Linear(400, 120),
      ...bn1(120),
      new nn.ReLU(),
      new nn.Linear(120, 84),
      ...bn1(84),
      new nn.ReLU(),
      new nn.Linear(84, 10),
    );
  }
  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.features.forward(x));
  }
}
