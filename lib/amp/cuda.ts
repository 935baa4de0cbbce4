// torch.cuda.amp: autocast with CUDA as the device and float16 by default, and GradScaler.
import type { Autocast, AutocastOptions } from "./autocast_mode";
import { deviceAutocast } from "./autocast_mode";

export { GradScaler, type GradScalerOptions, type GradScalerStateDict } from "./grad_scaler";

/** torch.cuda.amp.autocast(options): torch.autocast("cuda", options) with float16 as the default dtype. */
export function autocast<T>(fn: () => T): T;
export function autocast<T>(options: AutocastOptions, fn: () => T): T;
export function autocast(options?: AutocastOptions): Autocast;
export function autocast<T>(a?: AutocastOptions | (() => T), b?: () => T): T | Autocast {
  return deviceAutocast("cuda", "float16", a, b);
}
