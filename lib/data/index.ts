export { Generator } from "../random";
export { download, extractArchive } from "./archive";
export { CIFAR10, CIFAR10_MD5, CIFAR10_URL, type CIFAR10Options } from "./cifar10";
export { type Collated, defaultCollate, defaultConvert } from "./collate";
export {
  type BatchSamplerLike,
  DataLoader,
  type DataLoaderOptions,
  type DatasetLike,
  getWorkerInfo,
  type SamplerLike,
  type WorkerInfo,
} from "./dataloader";
export {
  ChainDataset,
  ConcatDataset,
  Dataset,
  ImageDataset,
  IterableDataset,
  type MapDataset,
  randomSplit,
  Subset,
  TensorDataset,
} from "./dataset";
export { DistributedSampler, type DistributedSamplerOptions } from "./distributed";
export { decodeImage, IMG_EXTENSIONS, ImageFolder, type ImageFolderOptions } from "./image_folder";
export { MNIST, MNIST_CLASSES, type MNISTOptions } from "./mnist";
/** torchvision.models: the ResNets (resnet18 ... resnet152), built as torchvision 0.14 builds them. */
export * as models from "./models";
export {
  BatchSampler,
  RandomSampler,
  type RandomSamplerOptions,
  Sampler,
  SequentialSampler,
  SubsetRandomSampler,
  WeightedRandomSampler,
} from "./sampler";
export * as transforms from "./transforms";
/** torchvision.utils: makeGrid (make_grid) and saveImage (save_image). */
export * as utils from "./vision_utils";
