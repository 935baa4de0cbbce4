export { ImageDataset } from "./dataset";
export { ImageFolder, decodeImage, IMG_EXTENSIONS } from "./image_folder";
export { CIFAR10, CIFAR10_MD5, CIFAR10_URL } from "./cifar10";
export { DataLoader, DataLoaderOptions, Generator } from "./dataloader";
export { extractArchive, download } from "./archive";
export * as transforms from "./transforms";
