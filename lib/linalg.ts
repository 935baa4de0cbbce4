// torch.linalg: qr by hand (nn.init needs it), everything else generated from libtorch's schemas.
import { withOut } from "./aten";
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

// The rest of torch.linalg: one ATen operator each, generated from libtorch's schemas.
export * from "./aten_linalg";
