export { clipGradNorm, clipGradNorm_, clipGradValue_ } from "./clip_grad";
export { parametersToVector, vectorToParameters } from "./convert_parameters";
/** torch.nn.utils.fusion: the same functions under PyTorch's module path. */
export * as fusion from "./fusion";
export { fuseConvBnEval, fuseConvBnWeights, fuseLinearBnEval, fuseLinearBnWeights } from "./fusion";
export { consumePrefixInStateDictIfPresent, skipInit } from "./init";
export { convertConv2dWeightMemoryFormat } from "./memory_format";
/** torch.nn.utils.parametrizations: orthogonal and spectralNorm as parametrizations. */
export * as parametrizations from "./parametrizations";
/** torch.nn.utils.parametrize: registerParametrization, removeParametrizations, cached, ... */
export * as parametrize from "./parametrize";
export * as prune from "./prune";
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
export { removeSpectralNorm, SpectralNorm, spectralNorm } from "./spectral_norm";
/** torch.nn.utils.stateless: functionalCall. */
export * as stateless from "./stateless";
export { removeWeightNorm, WeightNorm, weightNorm } from "./weight_norm";
