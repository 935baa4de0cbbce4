// Complex tensors' torch-level functions that are not one operator each: torch.real/imag (Python
// properties underneath), torch.is_complex, and torch.stft, whose centering PyTorch does in Python
// (torch/functional.py) before calling aten::stft.
import { callAten } from "./aten";
import { pad as padFn } from "./nn/functional_resample";
import { asTensor, Tensor } from "./tensor";
import { pythonCall } from "./utils/kwargs";

/** torch.real: the real parts of a complex tensor as a view (`input.real`). */
export function real(input: Tensor): Tensor {
  return asTensor(input, "input").real;
}
/** torch.imag: the imaginary parts of a complex tensor as a view (`input.imag`). */
export function imag(input: Tensor): Tensor {
  return asTensor(input, "input").imag;
}
/** torch.is_complex: whether the dtype is complex. */
export function isComplex(input: Tensor): boolean {
  return asTensor(input, "input").isComplex();
}

/** torch.stft's options after the FFT size, as Python names them (camelCase). */
export interface StftOptions {
  hopLength?: number | null;
  winLength?: number | null;
  window?: Tensor | null;
  center?: boolean;
  padMode?: "reflect" | "constant" | "replicate" | "circular";
  normalized?: boolean;
  onesided?: boolean | null;
  returnComplex?: boolean | null;
}

function stftImpl(
  input: Tensor,
  nFft: number,
  hopLength?: number | null,
  winLength?: number | null,
  window?: Tensor | null,
  center = true,
  padMode = "reflect",
  normalized = false,
  onesided?: boolean | null,
  returnComplex?: boolean | null,
): Tensor {
  let x = asTensor(input, "input");
  let padded: Tensor | undefined;
  if (center) {
    // As torch/functional.py: pad n_fft // 2 on both sides of the last dim, through a 3-d view.
    const dims = x.dim();
    const ext = x.view([...Array(Math.max(0, 3 - dims)).fill(1), ...x.shape]);
    const pad = Math.floor(nFft / 2);
    const p = padFn(ext, [pad, pad], padMode as "reflect");
    ext.dispose();
    padded = p.view(p.shape.slice(-dims));
    p.dispose();
    x = padded;
  }
  try {
    return callAten("stft", "stft", undefined, [
      x,
      nFft,
      hopLength ?? null,
      winLength ?? null,
      window ?? null,
      normalized,
      onesided ?? null,
      returnComplex ?? null,
    ]) as Tensor;
  } finally {
    padded?.dispose();
  }
}

/**
 * torch.stft: the short-time Fourier transform, with PyTorch's centering (`center`, `padMode`).
 * Real inputs need `returnComplex` (true gives a complex tensor, as PyTorch recommends).
 */
export const stft = pythonCall(
  stftImpl,
  "stft",
  "input nFft hopLength? winLength? window? center? padMode? normalized? onesided? returnComplex?",
) as {
  (input: Tensor, nFft: number, options?: StftOptions): Tensor;
  (
    input: Tensor,
    nFft: number,
    hopLength?: number | null,
    winLength?: number | null,
    window?: Tensor | null,
    center?: boolean,
    padMode?: StftOptions["padMode"],
    normalized?: boolean,
    onesided?: boolean | null,
    returnComplex?: boolean | null,
  ): Tensor;
};

/** torch.istft's options after the FFT size. */
export interface IstftOptions {
  hopLength?: number | null;
  winLength?: number | null;
  window?: Tensor | null;
  center?: boolean;
  normalized?: boolean;
  onesided?: boolean | null;
  length?: number | null;
  returnComplex?: boolean;
}

/** torch.istft: the inverse of {@link stft} (aten::istft). */
export const istft = ((...args: unknown[]) => callAten("istft", "istft", undefined, args)) as {
  (input: Tensor, nFft: number, options?: IstftOptions): Tensor;
  (
    input: Tensor,
    nFft: number,
    hopLength?: number | null,
    winLength?: number | null,
    window?: Tensor | null,
    center?: boolean,
    normalized?: boolean,
    onesided?: boolean | null,
    length?: number | null,
    returnComplex?: boolean,
  ): Tensor;
};

declare module "./tensor" {
  interface Tensor {
    /** Tensor.stft: {@link stft} of this tensor. */
    stft(nFft: number, options?: StftOptions): Tensor;
    /** Tensor.stft in Python's positional form. */
    stft(nFft: number, ...rest: unknown[]): Tensor;
    /** Tensor.istft: {@link istft} of this tensor. */
    istft(nFft: number, options?: IstftOptions): Tensor;
    /** Tensor.istft in Python's positional form. */
    istft(nFft: number, ...rest: unknown[]): Tensor;
  }
}
for (const [name, fn] of [
  ["stft", stft],
  ["istft", istft],
] as const)
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      return (fn as (...a: unknown[]) => Tensor)(this, ...args);
    },
    writable: true,
    configurable: true,
  });
