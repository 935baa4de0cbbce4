// torch.cuda.amp: autocast with CUDA as the device and float16 by default, and GradScaler.
import { Autocast, type AutocastOptions } from "./autocast_mode";

export { GradScaler, type GradScalerOptions, type GradScalerStateDict } from "./grad_scaler";

/** torch.cuda.amp.autocast(options): torch.autocast("cuda", options) with float16 as the default dtype. */
export function autocast<T>(fn: () => T): T;
export function autocast<T>(options: AutocastOptions, fn: () => T): T;
export function autocast(options?: AutocastOptions): Autocast;
export function autocast<T>(a?: AutocastOptions | (() => T), b?: () => T): T | Autocast {
  const fn = typeof a === "function" ? a : b;
  const options = typeof a === "function" ? {} : (a ?? {});
  const region = new Autocast("cuda", { dtype: "float16", ...options });
  return fn === undefined ? region : region.run(fn);
}
