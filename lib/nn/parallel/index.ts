export { DistributedDataParallel, type DistributedDataParallelOptions } from "./distributed";
