export { Generator } from "../random";
export { download, extractArchive } from "./archive";
export { CIFAR10, CIFAR10_MD5, CIFAR10_URL } from "./cifar10";
export { DataLoader, DataLoaderOptions } from "./dataloader";
export { ImageDataset } from "./dataset";
export { DistributedSampler, type DistributedSamplerOptions } from "./distributed";
export { decodeImage, IMG_EXTENSIONS, ImageFolder } from "./image_folder";
export * as transforms from "./transforms";
