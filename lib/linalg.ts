// torch.linalg: qr by hand (nn.init needs it), everything else generated from libtorch's schemas.
import { callAten, withOut } from "./aten";
import { native } from "./native";
import { asTensor, Tensor } from "./tensor";
import { pythonCall } from "./utils/kwargs";

/**
 * torch.linalg.qr: A = QR with Q orthonormal and R upper triangular (batches over leading dims).
 *
 * @param mode - "reduced" (default: Q is m×k, R k×n with k = min(m, n)), "complete" (Q m×m, R m×n)
 *   or "r" (R only; Q is empty).
 * @returns [Q, R]
 */
function qrImpl(A: Tensor, mode: "reduced" | "complete" | "r" = "reduced"): [Tensor, Tensor] {
  // An unknown mode is libtorch's error, with PyTorch's message.
  const [q, r] = native.linalgQr(asTensor(A, "A").handle, mode);
  return [new Tensor(q), new Tensor(r)];
}

/** torch.linalg.qr in Python's forms (`qr(A, { mode })`, `out: [Q, R]`). */
export const qr = withOut("linalg_qr", "linalg_qr", pythonCall(qrImpl, "linalg_qr", "A mode?"));

/** torch.linalg.LinAlgError: the error a linear-algebra routine raises on an input it cannot factor or invert. */
export { LinAlgError } from "./errors";

/**
 * torch.linalg.diagonal (aten::linalg_diagonal): torch.diagonal with the matrix dimensions as defaults
 * (`offset = 0, dim1 = -2, dim2 = -1`, keyword-only as in Python).
 */
export const diagonal = ((...args: unknown[]) => callAten("linalg_diagonal", "linalg_diagonal", undefined, args)) as (
  A: Tensor,
  options?: { offset?: number; dim1?: number; dim2?: number },
) => Tensor;

/** torch.linalg.matmul (aten::linalg_matmul): an alias of torch.matmul. */
export const matmul = ((...args: unknown[]) => callAten("linalg_matmul", "linalg_matmul", undefined, args)) as {
  (input: Tensor, other: Tensor, options?: { out?: Tensor }): Tensor;
  (input: Tensor, options: { other: Tensor; out?: Tensor }): Tensor;
};

// The rest of torch.linalg: one ATen operator each, generated from libtorch's schemas.
export * from "./aten_linalg";

import { pinv as atenPinv } from "./aten_linalg";

/**
 * torch.linalg.pinv, as the generated binding with Python's choice of overload for an input pinv rejects: with no
 * tolerance given, Python binds `pinv(A)` to the Tensor-tolerance overload, whose input check raises "expected a
 * tensor with 2 or more dimensions of float, double, cfloat or cdouble types"; the float overload the binder picks
 * fails later with a dimension error. Such inputs go to the Tensor overload (with a tolerance it never reaches).
 */
export const pinv = ((...args: unknown[]) => {
  const [A, ...rest] = args;
  const last = rest[rest.length - 1];
  const kw =
    last !== null && typeof last === "object" && !(last instanceof Tensor) ? (last as Record<string, unknown>) : {};
  const positional = kw === last ? rest.slice(0, -1) : rest;
  const noTol = positional.length === 0 && kw.rcond == null && kw.atol == null && kw.rtol == null;
  if (noTol && A instanceof Tensor && (A.dim() < 2 || !(A.isFloatingPoint() || A.isComplex()))) {
    const zero = A.newZeros([], { dtype: "float64" });
    return callAten("linalg_pinv", "linalg_pinv", undefined, [A, { ...kw, atol: zero }]);
  }
  return (atenPinv as (...a: unknown[]) => unknown)(...args);
}) as typeof atenPinv;
