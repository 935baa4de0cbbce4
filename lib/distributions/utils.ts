// torch.distributions.utils: broadcasting of parameters, logits <-> probs, and the small helpers the
// distributions share, each running PyTorch's own ops in PyTorch's order.

import { broadcastTensors } from "../aten_ops";
import { arange, empty, tensor } from "../creation";
import { getDefaultDtype } from "../default_dtype";
import type { Device } from "../device";
import type { DType } from "../dtype";
import { ValueError } from "../errors";
import { Tensor } from "../tensor";
import { finfo } from "../type_info";
import { checkKwargs } from "../utils/kwargs";
import { pyFloat } from "../utils/pyrepr";

/** Euler–Mascheroni constant, as utils.euler_constant. */
export const eulerConstant = 0.5772156649015329;

/** A parameter as the distributions take it: a tensor or a Python number. */
export type TensorOrNumber = Tensor | number;

/**
 * utils.broadcast_all: tensors broadcast together; numbers become tensors of the first tensor's dtype
 * and device (the default dtype when all are numbers) before broadcasting.
 */
export function broadcastAll(...values: TensorOrNumber[]): Tensor[] {
  if (!values.every((v) => v instanceof Tensor || typeof v === "number"))
    throw new ValueError(
      "Input arguments must all be instances of numbers.Number, torch.Tensor or objects implementing __torch_function__.",
    );
  if (!values.every((v) => v instanceof Tensor)) {
    let options: { dtype: DType; device?: Device } = { dtype: getDefaultDtype() };
    for (const v of values) {
      if (v instanceof Tensor) {
        options = { dtype: v.dtype, device: v.device };
        break;
      }
    }
    const newValues = values.map((v) => (v instanceof Tensor ? v : tensor(v, options)));
    return broadcastTensors(...newValues);
  }
  return broadcastTensors(...(values as Tensor[]));
}

/** utils._standard_normal: an uninitialized tensor of `shape` filled by normal_(). */
export function standardNormal(shape: number[], dtype: DType, device: Device): Tensor {
  return empty(shape, { dtype, device }).normal_();
}

/** utils._sum_rightmost: sums out the `dim` rightmost dimensions of `value`. */
export function sumRightmost(value: Tensor, dim: number): Tensor {
  if (dim === 0) return value;
  const requiredShape = [...value.shape.slice(0, value.dim() - dim), -1];
  return value.reshape(requiredShape).sum(-1);
}

/** utils.logits_to_probs: sigmoid for binary logits, softmax over the last dimension otherwise. */
export function logitsToProbs(logits: Tensor, isBinary = false): Tensor {
  if (isBinary) return logits.sigmoid();
  return logits.softmax(-1);
}

/** utils.clamp_probs: probabilities clamped to [eps, 1 - eps] of their dtype. */
export function clampProbs(probs: Tensor): Tensor {
  const eps = finfo(probs.dtype).eps;
  return probs.clamp(eps, 1 - eps);
}

/** utils.probs_to_logits: log-odds for binary probabilities, log-probabilities otherwise. */
export function probsToLogits(probs: Tensor, isBinary = false): Tensor {
  const psClamped = clampProbs(probs);
  if (isBinary) return psClamped.log().sub(psClamped.neg().log1p());
  return psClamped.log();
}

/**
 * Python's `'{}'.format(t)`, as PyTorch's messages and reprs print a tensor: a 0-d tensor as its
 * Python number (Tensor.__format__), any other as PyTorch prints it.
 */
export function pyFormat(t: Tensor): string {
  if (t.dim() !== 0) return t.toString();
  const v = t.item();
  if (typeof v === "boolean") return v ? "True" : "False";
  if (typeof v === "number") return t.isFloatingPoint() ? pyFloat(v) : String(v);
  return t.toString();
}

/** Python's `tuple(shape)`: (), (3,), (2, 3). */
export function pyTuple(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(", ")})`;
}

/** The shapes a and b equal, element by element. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * The validate_args of a constructor's last argument: an options object `{ validateArgs }` (other keys
 * are TypeErrors, as unknown keywords in Python), or the value itself given positionally.
 */
export function validateArgsOf(o: unknown, keys: readonly string[] = ["validateArgs"]): boolean | null | undefined {
  if (o === undefined || o === null || typeof o === "boolean") return o as boolean | null | undefined;
  checkKwargs(o, keys);
  return (o as { validateArgs?: boolean | null }).validateArgs;
}

/** The mask of a [n, n] matrix's entries on or below diagonal `diag` (utils' arange < arange.view(-1, 1) + diag + 1). */
function trilMask(n: number, diag: number, device: Device): Tensor {
  const a = arange(n, { device });
  return a.lt(a.view(-1, 1).add(diag + 1));
}

/** distributions.utils.tril_matrix_to_vec: the entries of [..., D, D] on or below diagonal `diag`, in row order. */
export function trilMatrixToVec(mat: Tensor, diag = 0): Tensor {
  const n = mat.shape[mat.dim() - 1];
  if (diag < -n || diag >= n) throw new ValueError(`diag (${diag}) provided is outside [${-n}, ${n - 1}].`);
  return mat.index("...", trilMask(n, diag, mat.device));
}

/** distributions.utils.vec_to_tril_matrix: [..., N] into the [..., D, D] matrix with them on or below diagonal `diag`. */
export function vecToTrilMatrix(vec: Tensor, diag = 0): Tensor {
  const m = vec.shape[vec.dim() - 1];
  const b = 1 + 2 * diag;
  const n = (-b + (b ** 2 + 8 * m + 4 * Math.abs(diag) * (diag + 1)) ** 0.5) / 2;
  if (Math.round(n) - n > finfo(vec.dtype).eps)
    throw new ValueError(
      `The size of last dimension is ${m} which cannot be expressed as the lower triangular part of a square D x D matrix.`,
    );
  const d = Math.round(n);
  const mat = vec.newZeros([...vec.shape.slice(0, -1), d, d]);
  mat.indexPut_(["...", trilMask(d, diag, vec.device)], vec);
  return mat;
}
