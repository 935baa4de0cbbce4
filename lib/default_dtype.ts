// torch.set_default_dtype / torch.get_default_dtype: the floating dtype factories use when none is
// given and JS numbers with a fraction become (libtorch's process-wide default, as in PyTorch).
import { checkDtype, type DType, type DTypeLike, dtypeName, isFloating, SCALAR_TYPE } from "./dtype";
import { native } from "./native";

/**
 * torch.set_default_dtype: float32 (the default), float64, float16 or bfloat16. Factories without a
 * dtype (`torch.zeros`, `torch.randn`, `torch.tensor([0.5])`, module parameters) use it from then on;
 * complex values get the matching complex dtype.
 *
 * @example
 * ```ts
 * torch.setDefaultDtype("float64");
 * torch.tensor([1.5]).dtype; // "float64"
 * ```
 */
export function setDefaultDtype(d: DTypeLike): void {
  const dtype = checkDtype(d);
  if (!isFloating(dtype)) throw new TypeError("only floating-point types are supported as the default type");
  native.setDefaultDtype(SCALAR_TYPE[dtype]);
}

/** torch.get_default_dtype: the floating dtype factories use when none is given (float32 unless set). */
export function getDefaultDtype(): DType {
  return dtypeName(native.getDefaultDtype());
}

/** The complex dtype that goes with the default float dtype (Python complex numbers become it). */
export function defaultComplexDtype(): DType {
  const d = getDefaultDtype();
  if (d === "float64") return "complex128";
  if (d === "float32") return "complex64";
  throw new Error("invalid default scalar type for complex");
}
