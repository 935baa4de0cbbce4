// torch.nn.utils.fusion: a convolution or linear layer with the eval-mode BatchNorm after it folded
// into its weight and bias (torch/nn/utils/fusion.py), computed with libtorch's ops as PyTorch does.
import { deepcopy } from "../../copy";
import { onesLike, zerosLike } from "../../creation";
import type { Tensor } from "../../tensor";
import type { Module } from "../module";
import { Parameter } from "../parameter";

interface WeightBias extends Module {
  weight: Tensor;
  bias: Tensor | null;
}
interface Norm extends Module {
  runningMean: Tensor | null;
  runningVar: Tensor | null;
  eps: number;
  weight: Tensor | null;
  bias: Tensor | null;
}

function checkEval(a: Module, b: Module): void {
  if (a.training || b.training) throw new Error("AssertionError: Fusion only for eval!");
}
function stats(bn: Norm): [Tensor, Tensor] {
  if (bn.runningMean === null || bn.runningVar === null)
    throw new TypeError("fusion needs a BatchNorm with running statistics (trackRunningStats: true)");
  return [bn.runningMean, bn.runningVar];
}

/** fuse_conv_bn_weights: the weight and bias of conv followed by bn (`transpose` for a transposed conv). */
export function fuseConvBnWeights(
  convW: Tensor,
  convB: Tensor | null,
  bnRm: Tensor,
  bnRv: Tensor,
  bnEps: number,
  bnW: Tensor | null,
  bnB: Tensor | null,
  transpose = false,
): [Parameter, Parameter] {
  const b = convB ?? zerosLike(bnRm);
  const w = bnW ?? onesLike(bnRm);
  const shift = bnB ?? zerosLike(bnRm);
  const rsqrt = bnRv.add(bnEps).rsqrt();
  const rest = new Array<number>(convW.dim() - 2).fill(1);
  const shape = transpose ? [1, -1, ...rest] : [-1, 1, ...rest];
  const fusedW = convW.mul(w.mul(rsqrt).reshape(shape));
  const fusedB = b.sub(bnRm).mul(rsqrt).mul(w).add(shift);
  return [new Parameter(fusedW), new Parameter(fusedB)];
}

/** fuse_conv_bn_eval: a copy of `conv` (eval mode) with `bn` (eval mode) folded in. */
export function fuseConvBnEval<M extends Module>(conv: M, bn: Module, transpose = false): M {
  checkEval(conv, bn);
  const fused = deepcopy(conv) as unknown as WeightBias;
  const n = bn as Norm;
  const [rm, rv] = stats(n);
  [fused.weight, fused.bias] = fuseConvBnWeights(fused.weight, fused.bias, rm, rv, n.eps, n.weight, n.bias, transpose);
  return fused as unknown as M;
}

/** fuse_linear_bn_weights: the weight and bias of linear followed by bn. */
export function fuseLinearBnWeights(
  linearW: Tensor,
  linearB: Tensor | null,
  bnRm: Tensor,
  bnRv: Tensor,
  bnEps: number,
  bnW: Tensor,
  bnB: Tensor,
): [Parameter, Parameter] {
  const b = linearB ?? zerosLike(bnRm);
  const scale = bnW.mul(bnRv.add(bnEps).rsqrt());
  return [new Parameter(linearW.mul(scale.unsqueeze(-1))), new Parameter(b.sub(bnRm).mul(scale).add(bnB))];
}

/** fuse_linear_bn_eval: a copy of `linear` (eval mode) with `bn` (eval mode) folded in. */
export function fuseLinearBnEval<M extends Module>(linear: M, bn: Module): M {
  checkEval(linear, bn);
  const fused = deepcopy(linear) as unknown as WeightBias;
  const n = bn as Norm;
  const [rm, rv] = stats(n);
  if (n.weight === null || n.bias === null) throw new TypeError("fuse_linear_bn_eval needs an affine BatchNorm");
  [fused.weight, fused.bias] = fuseLinearBnWeights(fused.weight, fused.bias, rm, rv, n.eps, n.weight, n.bias);
  return fused as unknown as M;
}
