// torchvision.models' ResNets (torchvision 0.14, torchvision/models/resnet.py): BasicBlock, Bottleneck,
// ResNet and the resnet18/34/50/101/152 builders, built in torchvision's order (each layer's own
// reset_parameters draws, then the Kaiming-normal / constant re-initialisation over modules()), so that
// under the same seed the weights are torchvision's and the state dict's keys are its keys.
// Pretrained weights are not downloaded: `weights` must be null (load a state dict instead).
import { NotImplementedError, ValueError } from "../errors";
import { flatten } from "../functions";
import { constant_, kaimingNormal_ } from "../nn/init";
import { Module } from "../nn/module";
import { ReLU } from "../nn/modules/activation";
import { BatchNorm2d } from "../nn/modules/batchnorm";
import { Sequential } from "../nn/modules/container";
import { Conv2d } from "../nn/modules/conv";
import { Linear } from "../nn/modules/linear";
import { GroupNorm } from "../nn/modules/normalization";
import { AdaptiveAvgPool2d, MaxPool2d } from "../nn/modules/pooling";
import { Tensor } from "../tensor";
import { checkKwargs } from "../utils/kwargs";

/** A normalization layer's constructor, as torchvision's `norm_layer` (BatchNorm2d by default). */
export type NormLayer = (numFeatures: number) => NormModule;

/** What a normalization layer is to the blocks: a module from a tensor to a tensor. */
export type NormModule = Module & { forward(x: Tensor): Tensor };

const batchNorm2d: NormLayer = (n) => new BatchNorm2d(n);

/** 3x3 convolution with padding (torchvision's conv3x3). */
export function conv3x3(inPlanes: number, outPlanes: number, stride = 1, groups = 1, dilation = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 3, { stride, padding: dilation, groups, bias: false, dilation });
}

/** 1x1 convolution (torchvision's conv1x1). */
export function conv1x1(inPlanes: number, outPlanes: number, stride = 1): Conv2d {
  return new Conv2d(inPlanes, outPlanes, 1, { stride, bias: false });
}

/** The arguments torchvision's blocks take after (inplanes, planes). */
export interface BlockOptions {
  stride?: number;
  downsample?: Sequential | null;
  groups?: number;
  baseWidth?: number;
  dilation?: number;
  normLayer?: NormLayer | null;
}

/** torchvision's BasicBlock: two 3x3 convolutions and the identity (or `downsample`) added. */
export class BasicBlock extends Module {
  static expansion = 1;
  conv1: Conv2d;
  bn1: NormModule;
  relu: ReLU;
  conv2: Conv2d;
  bn2: NormModule;
  downsample: Sequential | null;
  stride: number;

  constructor(inplanes: number, planes: number, o: BlockOptions = {}) {
    super();
    checkKwargs(o, ["stride", "downsample", "groups", "baseWidth", "dilation", "normLayer"], "BasicBlock.__init__");
    const { stride = 1, downsample = null, groups = 1, baseWidth = 64, dilation = 1 } = o;
    const normLayer = o.normLayer ?? batchNorm2d;
    if (groups !== 1 || baseWidth !== 64) throw new ValueError("BasicBlock only supports groups=1 and base_width=64");
    if (dilation > 1) throw new NotImplementedError("Dilation > 1 not supported in BasicBlock");
    // Both self.conv1 and self.downsample layers downsample the input when stride != 1
    this.conv1 = conv3x3(inplanes, planes, stride);
    this.bn1 = normLayer(planes);
    this.relu = new ReLU({ inplace: true });
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = normLayer(planes);
    this.downsample = downsample;
    this.stride = stride;
  }

  forward(x: Tensor): Tensor {
    let identity = x;

    let out = this.conv1.call(x);
    out = this.bn1.call(out);
    out = this.relu.call(out);

    out = this.conv2.call(out);
    out = this.bn2.call(out);

    if (this.downsample !== null) identity = this.downsample.call(x);

    out.add_(identity);
    out = this.relu.call(out);

    return out;
  }
}

/** torchvision's Bottleneck (ResNet V1.5: the stride in the 3x3 convolution): 1x1, 3x3, 1x1 (x4 planes). */
export class Bottleneck extends Module {
  static expansion = 4;
  conv1: Conv2d;
  bn1: NormModule;
  conv2: Conv2d;
  bn2: NormModule;
  conv3: Conv2d;
  bn3: NormModule;
  relu: ReLU;
  downsample: Sequential | null;
  stride: number;

  constructor(inplanes: number, planes: number, o: BlockOptions = {}) {
    super();
    checkKwargs(o, ["stride", "downsample", "groups", "baseWidth", "dilation", "normLayer"], "Bottleneck.__init__");
    const { stride = 1, downsample = null, groups = 1, baseWidth = 64, dilation = 1 } = o;
    const normLayer = o.normLayer ?? batchNorm2d;
    const width = Math.trunc(planes * (baseWidth / 64.0)) * groups;
    this.conv1 = conv1x1(inplanes, width);
    this.bn1 = normLayer(width);
    this.conv2 = conv3x3(width, width, stride, groups, dilation);
    this.bn2 = normLayer(width);
    this.conv3 = conv1x1(width, planes * Bottleneck.expansion);
    this.bn3 = normLayer(planes * Bottleneck.expansion);
    this.relu = new ReLU({ inplace: true });
    this.downsample = downsample;
    this.stride = stride;
  }

  forward(x: Tensor): Tensor {
    let identity = x;

    let out = this.conv1.call(x);
    out = this.bn1.call(out);
    out = this.relu.call(out);

    out = this.conv2.call(out);
    out = this.bn2.call(out);
    out = this.relu.call(out);

    out = this.conv3.call(out);
    out = this.bn3.call(out);

    if (this.downsample !== null) identity = this.downsample.call(x);

    out.add_(identity);
    out = this.relu.call(out);

    return out;
  }
}

/** BasicBlock or Bottleneck (the class: its `expansion` and constructor). */
export type Block = typeof BasicBlock | typeof Bottleneck;

/** torchvision's ResNet keyword arguments. */
export interface ResNetOptions {
  numClasses?: number;
  zeroInitResidual?: boolean;
  groups?: number;
  widthPerGroup?: number;
  replaceStrideWithDilation?: [boolean, boolean, boolean] | null;
  normLayer?: NormLayer | null;
}

const RESNET_KWARGS = [
  "numClasses",
  "zeroInitResidual",
  "groups",
  "widthPerGroup",
  "replaceStrideWithDilation",
  "normLayer",
];

/** torchvision.models.ResNet. */
export class ResNet extends Module {
  /** @internal */ _normLayer: NormLayer;
  inplanes: number;
  dilation: number;
  groups: number;
  baseWidth: number;
  conv1: Conv2d;
  bn1: NormModule;
  relu: ReLU;
  maxpool: MaxPool2d;
  layer1: Sequential;
  layer2: Sequential;
  layer3: Sequential;
  layer4: Sequential;
  avgpool: AdaptiveAvgPool2d;
  fc: Linear;

  constructor(block: Block, layers: readonly number[], o: ResNetOptions = {}) {
    super();
    checkKwargs(o, RESNET_KWARGS, "ResNet.__init__");
    const { numClasses = 1000, zeroInitResidual = false, groups = 1, widthPerGroup = 64 } = o;
    this._normLayer = o.normLayer ?? batchNorm2d;

    this.inplanes = 64;
    this.dilation = 1;
    // each element in the tuple indicates if we should replace the 2x2 stride with a dilated convolution instead
    const replaceStrideWithDilation = o.replaceStrideWithDilation ?? [false, false, false];
    if (replaceStrideWithDilation.length !== 3)
      throw new ValueError(
        `replace_stride_with_dilation should be None or a 3-element tuple, got [${replaceStrideWithDilation.join(", ")}]`,
      );
    this.groups = groups;
    this.baseWidth = widthPerGroup;
    this.conv1 = new Conv2d(3, this.inplanes, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = this._normLayer(this.inplanes);
    this.relu = new ReLU({ inplace: true });
    this.maxpool = new MaxPool2d(3, { stride: 2, padding: 1 });
    this.layer1 = this._makeLayer(block, 64, layers[0] ?? 0);
    this.layer2 = this._makeLayer(block, 128, layers[1] ?? 0, 2, replaceStrideWithDilation[0]);
    this.layer3 = this._makeLayer(block, 256, layers[2] ?? 0, 2, replaceStrideWithDilation[1]);
    this.layer4 = this._makeLayer(block, 512, layers[3] ?? 0, 2, replaceStrideWithDilation[2]);
    this.avgpool = new AdaptiveAvgPool2d([1, 1]);
    this.fc = new Linear(512 * block.expansion, numClasses);

    for (const m of this.modules()) {
      if (m instanceof Conv2d) {
        kaimingNormal_(m.weight, 0, "fan_out", "relu");
      } else if (m instanceof BatchNorm2d || m instanceof GroupNorm) {
        if (m.weight instanceof Tensor) constant_(m.weight, 1);
        if (m.bias instanceof Tensor) constant_(m.bias, 0);
      }
    }

    // Zero-initialize the last BN in each residual branch, so that the residual branch starts with zeros,
    // and each residual block behaves like an identity (https://arxiv.org/abs/1706.02677).
    if (zeroInitResidual) {
      for (const m of this.modules()) {
        if (m instanceof Bottleneck && m.bn3 instanceof BatchNorm2d && m.bn3.weight instanceof Tensor)
          constant_(m.bn3.weight, 0);
        else if (m instanceof BasicBlock && m.bn2 instanceof BatchNorm2d && m.bn2.weight instanceof Tensor)
          constant_(m.bn2.weight, 0);
      }
    }
  }

  /** @internal torchvision's _make_layer. */
  _makeLayer(block: Block, planes: number, blocks: number, stride = 1, dilate = false): Sequential {
    const normLayer = this._normLayer;
    let downsample: Sequential | null = null;
    const previousDilation = this.dilation;
    if (dilate) {
      this.dilation *= stride;
      stride = 1;
    }
    if (stride !== 1 || this.inplanes !== planes * block.expansion) {
      downsample = new Sequential(
        conv1x1(this.inplanes, planes * block.expansion, stride),
        normLayer(planes * block.expansion),
      );
    }

    const layers: Module[] = [];
    layers.push(
      new block(this.inplanes, planes, {
        stride,
        downsample,
        groups: this.groups,
        baseWidth: this.baseWidth,
        dilation: previousDilation,
        normLayer,
      }),
    );
    this.inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++) {
      layers.push(
        new block(this.inplanes, planes, {
          groups: this.groups,
          baseWidth: this.baseWidth,
          dilation: this.dilation,
          normLayer,
        }),
      );
    }

    return new Sequential(...layers);
  }

  forward(x: Tensor): Tensor {
    x = this.conv1.call(x);
    x = this.bn1.call(x);
    x = this.relu.call(x);
    x = this.maxpool.call(x);

    x = this.layer1.call(x);
    x = this.layer2.call(x);
    x = this.layer3.call(x);
    x = this.layer4.call(x);

    x = this.avgpool.call(x);
    x = flatten(x, 1);
    x = this.fc.call(x);

    return x;
  }
}

/** The builders' keyword arguments: `weights` (null only: nothing is downloaded) and ResNet's. */
export interface ResNetBuilderOptions extends ResNetOptions {
  /** Pretrained weights: only null (None) here; load a state dict with loadStateDict instead. */
  weights?: null;
  /** Ignored without weights, as torchvision's. */
  progress?: boolean;
}

function resnet(block: Block, layers: number[], o: ResNetBuilderOptions, name: string): ResNet {
  checkKwargs(o, [...RESNET_KWARGS, "weights", "progress"], name);
  const { weights = null, progress: _, ...kwargs } = o;
  if (weights !== null)
    throw new NotImplementedError(
      `${name}: pretrained weights are not downloaded here; pass weights: null and load a state dict`,
    );
  return new ResNet(block, layers, kwargs);
}

/** torchvision.models.resnet18(weights=None, **kwargs): ResNet-18 (BasicBlock, [2, 2, 2, 2]). */
export function resnet18(o: ResNetBuilderOptions = {}): ResNet {
  return resnet(BasicBlock, [2, 2, 2, 2], o, "resnet18");
}
/** torchvision.models.resnet34(weights=None, **kwargs): ResNet-34 (BasicBlock, [3, 4, 6, 3]). */
export function resnet34(o: ResNetBuilderOptions = {}): ResNet {
  return resnet(BasicBlock, [3, 4, 6, 3], o, "resnet34");
}
/** torchvision.models.resnet50(weights=None, **kwargs): ResNet-50 (Bottleneck, [3, 4, 6, 3]). */
export function resnet50(o: ResNetBuilderOptions = {}): ResNet {
  return resnet(Bottleneck, [3, 4, 6, 3], o, "resnet50");
}
/** torchvision.models.resnet101(weights=None, **kwargs): ResNet-101 (Bottleneck, [3, 4, 23, 3]). */
export function resnet101(o: ResNetBuilderOptions = {}): ResNet {
  return resnet(Bottleneck, [3, 4, 23, 3], o, "resnet101");
}
/** torchvision.models.resnet152(weights=None, **kwargs): ResNet-152 (Bottleneck, [3, 8, 36, 3]). */
export function resnet152(o: ResNetBuilderOptions = {}): ResNet {
  return resnet(Bottleneck, [3, 8, 36, 3], o, "resnet152");
}
