// torch.cuda's legacy tensor types (lib/legacy_tensor.ts makes them).
import { cudaTypes } from "../legacy_tensor";

export const {
  FloatTensor,
  DoubleTensor,
  HalfTensor,
  BFloat16Tensor,
  ByteTensor,
  CharTensor,
  ShortTensor,
  IntTensor,
  LongTensor,
  BoolTensor,
} = cudaTypes;
