// torch.cpu.amp: autocast with the CPU as the device and bfloat16 by default.
import type { Autocast, AutocastOptions } from "./autocast_mode";
import { deviceAutocast } from "./autocast_mode";

/** torch.cpu.amp.autocast(options): torch.autocast("cpu", options) with bfloat16 as the default dtype. */
export function autocast<T>(fn: () => T): T;
export function autocast<T>(options: AutocastOptions, fn: () => T): T;
export function autocast(options?: AutocastOptions): Autocast;
export function autocast<T>(a?: AutocastOptions | (() => T), b?: () => T): T | Autocast {
  return deviceAutocast("cpu", "bfloat16", a, b);
}
