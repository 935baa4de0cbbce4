// torch.nn.utils.convert_conv2d_weight_memory_format (torch/nn/utils/memory_format.py).
import type { MemoryFormatName } from "../../native";
import type { Module } from "../module";
import { Conv2d, ConvTranspose2d } from "../modules/conv";

/**
 * convert_conv2d_weight_memory_format: every Conv2d / ConvTranspose2d weight in `module` laid out in
 * `memoryFormat` ("channelsLast" lets cuDNN pick its NHWC kernels); returns the module.
 */
export function convertConv2dWeightMemoryFormat<M extends Module>(module: M, memoryFormat: MemoryFormatName): M {
  if (module instanceof Conv2d || module instanceof ConvTranspose2d) {
    const data = module.weight.detach().clone().contiguous({ memoryFormat });
    module.weight.data = data.resize_(data.shape, { memoryFormat });
  }
  for (const child of module.children()) convertConv2dWeightMemoryFormat(child, memoryFormat);
  return module;
}
