// Defaults that changed between PyTorch releases follow the libtorch this build runs on, so a script
// behaves as it does in the PyTorch beside it.
import { native } from "../native";

/** The libtorch's major version (1 for Debian's 1.13, 2 for pip's 2.x). */
export const LIBTORCH_MAJOR = Number(String(native.torchVersion).split(".")[0]);

/**
 * zero_grad's default set_to_none: False up to PyTorch 1.13, True from 2.0. It matters beyond memory:
 * a parameter whose gradient is zero (not None) is still stepped (momentum, Adam's moments, decay).
 */
export const ZERO_GRAD_SETS_NONE = LIBTORCH_MAJOR >= 2;
