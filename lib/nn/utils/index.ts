export { clipGradNorm_, clipGradValue_ } from "./clip_grad";
/** torch.nn.utils.rnn: the same functions under PyTorch's module path. */
export * as rnn from "./rnn";
export {
  invertPermutation,
  PackedSequence,
  packPaddedSequence,
  packSequence,
  padPackedSequence,
  padSequence,
} from "./rnn";
