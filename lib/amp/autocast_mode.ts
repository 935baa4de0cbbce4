// torch.autocast: mixed-precision regions. The casting itself is libtorch's (its Autocast dispatch keys);
// this file only switches the thread-local state on and off as PyTorch's context manager does.
import { isAvailable as cudaIsAvailable, isBf16Supported } from "../cuda";
import { checkDtype, type DType, type DTypeLike, dtypeName, SCALAR_TYPE } from "../dtype";
import { native } from "../native";
import { checkKwargs } from "../utils/kwargs";
import { LIBTORCH_MAJOR } from "../utils/version";

export type AutocastDevice = "cuda" | "cpu";
// CPU autocast's dtypes: bfloat16 in 1.13, float16 too in 2.x.
const CPU_DTYPES: DType[] = LIBTORCH_MAJOR < 2 ? ["bfloat16"] : ["bfloat16", "float16"];

/** Options of {@link autocast} (PyTorch's keyword arguments). */
export interface AutocastOptions {
  /** The lower precision: float16 or bfloat16 (default: the device's autocast dtype, float16 on CUDA, bfloat16 on CPU). */
  dtype?: DTypeLike;
  /** Whether autocasting is on in the region (false gives a region of full precision inside another). */
  enabled?: boolean;
  /** Whether casts of weights are cached inside the region (default: the current setting, true). */
  cacheEnabled?: boolean;
}
const KEYS = ["dtype", "enabled", "cacheEnabled"];

function warn(message: string): void {
  process.emitWarning(message, "UserWarning");
}
function checkDeviceType(d: unknown): AutocastDevice {
  if (d !== "cuda" && d !== "cpu") throw new Error("User specified autocast device_type must be 'cuda' or 'cpu'");
  return d;
}

/**
 * torch.autocast as an object: `enter()` and `exit()` are the context manager's `__enter__`/`__exit__`
 * (exit also runs on `using`'s dispose), `run(fn)` is the `with` block, `wrap(fn)` the decorator.
 */
export class Autocast {
  readonly device: AutocastDevice;
  readonly fastDtype: DType;
  private readonly _enabled: boolean;
  private readonly _cacheEnabled: boolean;
  private saved: Array<{ enabled: boolean; dtype: number; cache: boolean }> = [];

  constructor(deviceType: AutocastDevice, options: AutocastOptions = {}) {
    this.device = checkDeviceType(deviceType);
    checkKwargs(options, KEYS, "autocast");
    let enabled = options.enabled ?? true;
    if (typeof enabled !== "boolean") throw new TypeError("autocast(): enabled must be a boolean");
    let fast = dtypeName(native.ampState(this.device)[1]);
    let cache = native.ampCacheEnabled();
    if (enabled && this.device === "cuda" && !cudaIsAvailable()) {
      warn("User provided device_type of 'cuda', but CUDA is not available. Disabling");
      enabled = false;
    }
    if (options.dtype !== undefined) fast = checkDtype(options.dtype);
    if (options.cacheEnabled !== undefined) {
      if (typeof options.cacheEnabled !== "boolean") throw new TypeError("autocast(): cacheEnabled must be a boolean");
      cache = options.cacheEnabled;
    }
    if (this.device === "cpu" && !CPU_DTYPES.includes(fast) && (LIBTORCH_MAJOR < 2 || enabled)) {
      warn(
        "In CPU autocast, but the target dtype is not supported. Disabling autocast.\n" +
          `CPU Autocast only supports dtype of ${CPU_DTYPES.map((d) => `torch.${d}`).join(", ")} currently.`,
      );
      enabled = false;
    }
    if (this.device === "cuda" && fast === "bfloat16" && !isBf16Supported())
      throw new Error("Current CUDA Device does not support bfloat16. Please switch dtype to float16.");
    this.fastDtype = fast;
    this._enabled = enabled;
    this._cacheEnabled = cache;
  }

  /** Whether this region autocasts (false after a "Disabling" warning). */
  get enabled(): boolean {
    return this._enabled;
  }

  /** `__enter__`: switches autocast on (or off) for the device until {@link exit}. Returns this. */
  enter(): this {
    const [enabled, dtype] = native.ampState(this.device);
    if (this.device === "cpu") setDtype("cpu", this.fastDtype);
    this.saved.push({ enabled, dtype, cache: native.ampCacheEnabled() });
    native.ampSetState(this.device, this._enabled, SCALAR_TYPE[this.fastDtype]);
    native.ampIncrementNesting();
    native.ampSetCacheEnabled(this._cacheEnabled);
    return this;
  }

  /** `__exit__`: restores the state {@link enter} found; leaving the outermost region drops the cast cache. */
  exit(): void {
    const prev = this.saved.pop();
    if (!prev) throw new Error("autocast.exit() without a matching enter()");
    if (native.ampDecrementNesting() === 0) native.ampClearCache();
    native.ampSetState(this.device, prev.enabled, prev.dtype);
    native.ampSetCacheEnabled(prev.cache);
  }

  [Symbol.dispose](): void {
    if (this.saved.length > 0) this.exit();
  }

  /** The `with` block: runs `fn` inside the region (synchronous only, as the state is per thread). */
  run<T>(fn: () => T): T {
    if (typeof fn !== "function") throw new TypeError("autocast.run() takes a function");
    this.enter();
    let result: T;
    try {
      result = fn();
    } finally {
      this.exit();
    }
    if (result instanceof Promise) {
      result.catch(() => undefined);
      throw new TypeError(
        "autocast() takes a synchronous function; the autocast state is per thread, so code after an await " +
          "would run outside it. Wrap the synchronous parts instead",
      );
    }
    return result;
  }

  /** The decorator form (`@autocast()` on a forward): `fn` always runs inside the region. */
  wrap<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
    if (typeof fn !== "function") throw new TypeError("autocast.wrap() takes a function");
    return (...args: A) => this.run(() => fn(...args));
  }
}

/**
 * torch.autocast: ops inside run in lower precision where PyTorch's autocast policy says so (matmuls,
 * convolutions in float16/bfloat16; reductions, losses and norms in float32). The region is a callback,
 * as torch.no_grad is here; without one, the {@link Autocast} object is returned (enter/exit, `using`).
 *
 * @example
 * ```ts
 * const loss = torch.autocast("cuda", () => lossFn(model.forward(x), y));
 * scaler.scale(loss).backward();
 * ```
 */
export function autocast<T>(deviceType: AutocastDevice, fn: () => T): T;
export function autocast<T>(deviceType: AutocastDevice, options: AutocastOptions, fn: () => T): T;
export function autocast(deviceType: AutocastDevice, options?: AutocastOptions): Autocast;
export function autocast<T>(deviceType: AutocastDevice, a?: AutocastOptions | (() => T), b?: () => T): T | Autocast {
  const fn = typeof a === "function" ? a : b;
  const options = typeof a === "function" ? {} : (a ?? {});
  const region = new Autocast(deviceType, options);
  return fn === undefined ? region : region.run(fn);
}

/** @internal torch.cuda.amp.autocast / torch.cpu.amp.autocast: one device, its own default dtype. */
export function deviceAutocast<T>(
  device: AutocastDevice,
  dtype: DType,
  a?: AutocastOptions | (() => T),
  b?: () => T,
): T | Autocast {
  const fn = typeof a === "function" ? a : b;
  const options = typeof a === "function" ? {} : (a ?? {});
  const region = new Autocast(device, { dtype, ...options });
  return fn === undefined ? region : region.run(fn);
}

// The torch-level state functions (torch.is_autocast_enabled, torch.set_autocast_gpu_dtype, ...).
function setEnabled(device: AutocastDevice, on: unknown): void {
  if (typeof on !== "boolean") throw new TypeError("enabled must be a boolean");
  native.ampSetState(device, on, native.ampState(device)[1]);
}
function setDtype(device: AutocastDevice, d: unknown): void {
  const dtype = checkDtype(d);
  // 1.13's torch.set_autocast_cpu_dtype refuses anything else (so entering a float16 CPU region raises there).
  if (device === "cpu" && LIBTORCH_MAJOR < 2 && dtype !== "bfloat16")
    throw new Error("Currently, AutocastCPU only support Bfloat16 as the autocast_cpu_dtype");
  native.ampSetState(device, native.ampState(device)[0], SCALAR_TYPE[dtype]);
}
/** torch.is_autocast_enabled: whether CUDA autocast is on here (PyTorch 2.x: or that of `deviceType`). */
export function isAutocastEnabled(deviceType: AutocastDevice = "cuda"): boolean {
  return native.ampState(checkDeviceType(deviceType))[0];
}
/** torch.get_autocast_dtype (2.x): the lower precision autocast uses on `deviceType`. */
export function getAutocastDtype(deviceType: AutocastDevice): DType {
  return dtypeName(native.ampState(checkDeviceType(deviceType))[1]);
}
/** torch.set_autocast_enabled. */
export function setAutocastEnabled(enabled: boolean): void {
  setEnabled("cuda", enabled);
}
/** torch.is_autocast_cpu_enabled. */
export function isAutocastCpuEnabled(): boolean {
  return native.ampState("cpu")[0];
}
/** torch.set_autocast_cpu_enabled. */
export function setAutocastCpuEnabled(enabled: boolean): void {
  setEnabled("cpu", enabled);
}
/** torch.get_autocast_gpu_dtype. */
export function getAutocastGpuDtype(): DType {
  return getAutocastDtype("cuda");
}
/** torch.set_autocast_gpu_dtype. */
export function setAutocastGpuDtype(dtype: DTypeLike): void {
  setDtype("cuda", dtype);
}
/** torch.get_autocast_cpu_dtype. */
export function getAutocastCpuDtype(): DType {
  return getAutocastDtype("cpu");
}
/** torch.set_autocast_cpu_dtype. */
export function setAutocastCpuDtype(dtype: DTypeLike): void {
  setDtype("cpu", dtype);
}
/** torch.is_autocast_cache_enabled. */
export function isAutocastCacheEnabled(): boolean {
  return native.ampCacheEnabled();
}
/** torch.set_autocast_cache_enabled. */
export function setAutocastCacheEnabled(enabled: boolean): void {
  if (typeof enabled !== "boolean") throw new TypeError("enabled must be a boolean");
  native.ampSetCacheEnabled(enabled);
}
/** torch.clear_autocast_cache: drops the weights cast inside autocast regions. */
export function clearAutocastCache(): void {
  native.ampClearCache();
}
