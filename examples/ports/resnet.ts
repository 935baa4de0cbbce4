// A port of models/resnet.py of kuangliu/pytorch-cifar ("ResNet in PyTorch"), line by line with torchts.
// BasicBlock and Bottleneck are from the original ResNet paper: Kaiming He, Xiangyu Zhang, Shaoqing Ren,
// Jian Sun, Deep Residual Learning for Image Recognition, arXiv:1512.03385.
// One addition, the same in the Python reference (examples/ports/reference/resnet.py): `width`, the
// planes of the first stage (64 in the original), so that a CPU can train it briefly.
import * as torch from "torchts";

const { nn } = torch;
const F = nn.functional;

export class BasicBlock extends nn.Module {
  static expansion = 1;
  conv1: torch.nn.Conv2d;
  bn1: torch.nn.BatchNorm2d;
  conv2: torch.nn.Conv2d;
  bn2: torch.nn.BatchNorm2d;
  shortcut: torch.nn.Sequential;

  constructor(inPlanes: number, planes: number, stride = 1) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride: 1, padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);

    this.shortcut = new nn.Sequential();
    if (stride !== 1 || inPlanes !== BasicBlock.expansion * planes) {
      this.shortcut = new nn.Sequential(
        new nn.Conv2d(inPlanes, BasicBlock.expansion * planes, 1, { stride, bias: false }),
        new nn.BatchNorm2d(BasicBlock.expansion * planes),
      );
    }
  }

  forward(x: torch.Tensor): torch.Tensor {
    let out = F.relu(this.bn1.call(this.conv1.call(x)));
    out = this.bn2.call(this.conv2.call(out));
    out.add_(this.shortcut.call(x));
    out = F.relu(out);
    return out;
  }
}

export class Bottleneck extends nn.Module {
  static expansion = 4;
  conv1: torch.nn.Conv2d;
  bn1: torch.nn.BatchNorm2d;
  conv2: torch.nn.Conv2d;
  bn2: torch.nn.BatchNorm2d;
  conv3: torch.nn.Conv2d;
  bn3: torch.nn.BatchNorm2d;
  shortcut: torch.nn.Sequential;

  constructor(inPlanes: number, planes: number, stride = 1) {
    super();
    this.conv1 = new nn.Conv2d(inPlanes, planes, 1, { bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride, padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.conv3 = new nn.Conv2d(planes, Bottleneck.expansion * planes, 1, { bias: false });
    this.bn3 = new nn.BatchNorm2d(Bottleneck.expansion * planes);

    this.shortcut = new nn.Sequential();
    if (stride !== 1 || inPlanes !== Bottleneck.expansion * planes) {
      this.shortcut = new nn.Sequential(
        new nn.Conv2d(inPlanes, Bottleneck.expansion * planes, 1, { stride, bias: false }),
        new nn.BatchNorm2d(Bottleneck.expansion * planes),
      );
    }
  }

  forward(x: torch.Tensor): torch.Tensor {
    let out = F.relu(this.bn1.call(this.conv1.call(x)));
    out = F.relu(this.bn2.call(this.conv2.call(out)));
    out = this.bn3.call(this.conv3.call(out));
    out.add_(this.shortcut.call(x));
    out = F.relu(out);
    return out;
  }
}

/** A residual block class: BasicBlock or Bottleneck (its constructor and its `expansion`). */
export interface Block {
  new (inPlanes: number, planes: number, stride?: number): torch.nn.Module;
  expansion: number;
}

export class ResNet extends nn.Module {
  inPlanes: number;
  conv1: torch.nn.Conv2d;
  bn1: torch.nn.BatchNorm2d;
  layer1: torch.nn.Sequential;
  layer2: torch.nn.Sequential;
  layer3: torch.nn.Sequential;
  layer4: torch.nn.Sequential;
  linear: torch.nn.Linear;

  constructor(block: Block, numBlocks: number[], numClasses = 10, width = 64) {
    super();
    this.inPlanes = width;

    this.conv1 = new nn.Conv2d(3, width, 3, { stride: 1, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(width);
    this.layer1 = this.makeLayer(block, width, numBlocks[0] ?? 0, 1);
    this.layer2 = this.makeLayer(block, 2 * width, numBlocks[1] ?? 0, 2);
    this.layer3 = this.makeLayer(block, 4 * width, numBlocks[2] ?? 0, 2);
    this.layer4 = this.makeLayer(block, 8 * width, numBlocks[3] ?? 0, 2);
    this.linear = new nn.Linear(8 * width * block.expansion, numClasses);
  }

  makeLayer(block: Block, planes: number, numBlocks: number, stride: number): torch.nn.Sequential {
    const strides = [stride, ...Array<number>(numBlocks - 1).fill(1)];
    const layers: torch.nn.Module[] = [];
    for (const stride of strides) {
      layers.push(new block(this.inPlanes, planes, stride));
      this.inPlanes = planes * block.expansion;
    }
    return new nn.Sequential(...layers);
  }

  forward(x: torch.Tensor): torch.Tensor {
    let out = F.relu(this.bn1.call(this.conv1.call(x)));
    out = this.layer1.call(out);
    out = this.layer2.call(out);
    out = this.layer3.call(out);
    out = this.layer4.call(out);
    out = F.avgPool2d(out, 4);
    out = out.view(out.size(0), -1);
    out = this.linear.call(out);
    return out;
  }
}

export function ResNet18(width = 64): ResNet {
  return new ResNet(BasicBlock, [2, 2, 2, 2], 10, width);
}

export function ResNet34(width = 64): ResNet {
  return new ResNet(BasicBlock, [3, 4, 6, 3], 10, width);
}

export function ResNet50(width = 64): ResNet {
  return new ResNet(Bottleneck, [3, 4, 6, 3], 10, width);
}

export function ResNet101(width = 64): ResNet {
  return new ResNet(Bottleneck, [3, 4, 23, 3], 10, width);
}

export function ResNet152(width = 64): ResNet {
  return new ResNet(Bottleneck, [3, 8, 36, 3], 10, width);
}

export function test(): void {
  const net = ResNet18();
  const y = net.call(torch.randn([1, 3, 32, 32]));
  console.log(y.size());
}

// test()
