// torch.utils: `torch.utils.data` is the same module as `torch.data`, so PyTorch's spelling ports as is;
// `torch.utils.tensorboard` is the SummaryWriter (lib/utils/tensorboard.ts), `torch.utils.checkpoint`
// lib/utils/checkpoint.ts.

export * as checkpoint from "../utils/checkpoint";
export * as tensorboard from "../utils/tensorboard";
export * as data from "./index";
