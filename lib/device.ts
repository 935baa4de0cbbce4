// torch.device, and the one parser for every argument that names a device or a dtype
// (Tensor.to, Module.to, creation options, DataLoader, torch.cuda and its streams).
import { type DType, type DTypeLike, dtypeFromName } from "./dtype";
import { native } from "./native";

/** The device types libtorch 1.13 parses, in its own order (for its error message). */
const DEVICE_TYPES = [
  "cpu",
  "cuda",
  "ipu",
  "xpu",
  "mkldnn",
  "opengl",
  "opencl",
  "ideep",
  "hip",
  "ve",
  "fpga",
  "ort",
  "xla",
  "lazy",
  "vulkan",
  "mps",
  "meta",
  "hpu",
  "privateuseone",
];

/**
 * A device name as torchts accepts it: `"cpu"`, `"cuda"` (the current CUDA device), `"cuda:1"`, or
 * `"meta"` (shapes and dtypes without storage), each optionally with an index (`"cpu:0"`).
 *
 * PyTorch also parses other device types ("mps", "xla", ...); libtorch builds torchts runs on have
 * none of them, so they are left out of the type (at run time they fail with PyTorch's message).
 * `Tensor.device` returns this type.
 */
export type Device = "cpu" | "cuda" | "meta" | `cpu:${number}` | `cuda:${number}` | `meta:${number}`;
/** Anything that names a device: a {@link Device} string such as `"cuda:0"`, or a {@link device} object. */
export type DeviceLike = Device | device;

/**
 * torch.device: a device type ("cpu", "cuda", ...) and an optional index.
 *
 * Anywhere torchts takes a device it takes this object or the equivalent string.
 *
 * @param spec - a device string (`"cuda:1"`) or another torch.device to copy.
 * @param index - the device index, when `spec` holds none.
 * @throws Error with PyTorch's message for a malformed string or an unknown device type.
 * @example
 * ```ts
 * const d = new torch.device("cuda", 1);
 * d.type;                  // "cuda"
 * d.index;                 // 1
 * String(d);               // "cuda:1"
 * d.equals("cuda:1");      // true
 * torch.zeros([2], { device: new torch.device("cpu") });
 * ```
 */
export class device {
  /** The device type: "cpu", "cuda", "meta", ... */
  readonly type: string;
  /** The device index, or null when none was given (the current device of that type). */
  readonly index: number | null;

  constructor(spec: string | device, index?: number) {
    if (spec instanceof device) {
      if (index !== undefined) throw new TypeError("device(): an index cannot be given with a torch.device");
      this.type = spec.type;
      this.index = spec.index;
      return;
    }
    if (typeof spec !== "string") {
      throw new TypeError(`device(): argument 'type' must be str, not ${spec === null ? "null" : typeof spec}`);
    }
    const m = /^([a-zA-Z_]+)(?::([1-9]\d*|0))?$/.exec(spec);
    if (!m) throw new Error(`Invalid device string: '${spec}'`);
    if (!DEVICE_TYPES.includes(m[1]!)) {
      throw new Error(`Expected one of ${DEVICE_TYPES.join(", ")} device type at start of device string: ${m[1]}`);
    }
    if (m[2] !== undefined && index !== undefined) {
      throw new Error(`type (string) must not include an index because index was passed explicitly: ${spec}`);
    }
    if (index !== undefined && (!Number.isInteger(index) || index < 0)) {
      throw new Error(`Device index must not be negative`);
    }
    this.type = m[1]!;
    this.index = m[2] !== undefined ? Number(m[2]) : (index ?? null);
  }

  /** The device string: `"cpu"`, `"cuda:1"`. */
  toString(): string {
    return this.index === null ? this.type : `${this.type}:${this.index}`;
  }
  /** Whether `other` names the same type and index (PyTorch's `==` on devices). */
  equals(other: DeviceLike): boolean {
    const o = other instanceof device ? other : new device(other);
    return o.type === this.type && o.index === this.index;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.index === null ? `device(type='${this.type}')` : `device(type='${this.type}', index=${this.index})`;
  }
}

/**
 * The canonical string of a device that tensors are to live on ("cuda:1", "cpu"); throws PyTorch's
 * messages, including "Torch not compiled with CUDA enabled" for CUDA on a CPU-only libtorch.
 */
export function checkDevice(v: unknown): Device {
  if (!(v instanceof device) && typeof v !== "string") {
    throw new TypeError(
      `device must be a string such as "cpu" or "cuda:0" or a torch.device, got ${v === null ? "null" : typeof v}`,
    );
  }
  const d = v instanceof device ? v : new device(v);
  if (d.type === "cuda" && !native.builtWithCuda) throw new Error("Torch not compiled with CUDA enabled");
  return d.toString() as Device;
}

/** @internal A CUDA device's index (-1: the current device); anything else is an error. */
export function cudaDeviceIndex(v: unknown): number {
  if (v === undefined) return -1;
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0) throw new TypeError(`device must be a non-negative integer, got ${v}`);
    return v;
  }
  const d = new device(checkDevice(v));
  if (d.type !== "cuda") throw new Error(`Expected a CUDA device, got ${d.toString()}`);
  return d.index ?? -1;
}

/** @internal The first argument of .to(): a dtype name or a device, told apart as PyTorch users write them. */
export function parseTo(v: unknown): { device?: Device; dtype?: DType } {
  if (typeof v === "string") {
    const dt = dtypeFromName(v);
    if (dt !== undefined) return { dtype: dt };
  }
  return { device: checkDevice(v) };
}

export type { DType, DTypeLike };
