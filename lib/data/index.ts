export { ImageDataset } from "./dataset";
export { ImageFolder, decodeImage, IMG_EXTENSIONS } from "./image_folder";
export { CIFAR10, CIFAR10_MD5, CIFAR10_URL } from "./cifar10";
export { DataLoader, DataLoaderOptions } from "./dataloader";
export { Generator } from "../random";
export { extractArchive, download } from "./archive";
export * as transforms from "./transforms";
