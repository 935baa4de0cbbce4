// torch.distributed on libtorch's c10d (Gloo on CPU, NCCL on CUDA): stores, process groups set up as Python's
// distributed_c10d sets them up (so torchts and PyTorch processes can share one job), collectives.
export * from "./collectives";
export { allGatherObject, broadcastObjectList, gatherObject, scatterObjectList } from "./objects";
export {
  type BackendName,
  destroyProcessGroup,
  type Group,
  getBackend,
  getGlobalRank,
  getGroupRank,
  getProcessGroupRanks,
  getRank,
  getWorldSize,
  type InitOptions,
  initProcessGroup,
  isAvailable,
  isGlooAvailable,
  isInitialized,
  isNcclAvailable,
  NON_GROUP_MEMBER,
  newGroup,
  ProcessGroup,
} from "./process_group";
export { FileStore, HashStore, PrefixStore, Store, TCPStore, type TCPStoreOptions } from "./store";
