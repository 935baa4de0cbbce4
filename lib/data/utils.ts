// torch.utils: `torch.utils.data` is the same module as `torch.data`, so PyTorch's spelling ports as is.
export * as data from "./index";
