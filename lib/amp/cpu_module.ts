// torch.cpu: its `amp` namespace.
export * as amp from "./cpu";
