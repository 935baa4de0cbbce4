// torch.finfo / torch.iinfo: the numeric properties of floating-point and integer dtypes, as PyTorch
// reports them (IEEE formats' constants, not computed).
import { getDefaultDtype } from "./default_dtype";
import type { DType } from "./dtype";
import { pyFloat } from "./utils/pyrepr";

// [bits, eps, max, tiny, resolution] per floating dtype (complex dtypes use their parts' dtype).
const FLOAT_INFO: Record<string, [number, number, number, number, number]> = {
  float32: [32, 1.1920928955078125e-7, 3.4028234663852886e38, 1.1754943508222875e-38, 1e-6],
  float64: [64, 2.220446049250313e-16, 1.7976931348623157e308, 2.2250738585072014e-308, 1e-15],
  float16: [16, 0.0009765625, 65504, 6.103515625e-5, 0.001],
  bfloat16: [16, 0.0078125, 3.3895313892515355e38, 1.1754943508222875e-38, 0.01],
};
const COMPLEX_PART: Record<string, string> = { complex32: "float16", complex64: "float32", complex128: "float64" };

// Python's '%g': six significant digits, scientific below 1e-4 or from 1e6 on.
function pyG(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return pyFloat(x).replace(/\.0$/, "");
  let [mant, exp] = x.toExponential(5).split("e") as [string, string];
  // C's printf rounds an exact tie to even (0.0009765625 -> 0.000976562); JS rounds it up.
  const [long, longExp] = Math.abs(x).toExponential(20).split("e") as [string, string];
  const digits = long.replace(".", "");
  if (/^50*$/.test(digits.slice(6)) && Number(digits[5]) % 2 === 0) {
    mant = `${x < 0 ? "-" : ""}${digits[0]}.${digits.slice(1, 6)}`;
    exp = longExp;
  }
  const e = Number(exp);
  const strip = (s: string) => (s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s);
  if (e < -4 || e >= 6) return `${strip(mant)}e${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  // Fixed notation from the same six rounded digits.
  const sign = mant.startsWith("-") ? "-" : "";
  const d = mant.replace("-", "").replace(".", "");
  const fixed = e >= 0 ? `${d.slice(0, e + 1)}.${d.slice(e + 1)}` : `0.${"0".repeat(-e - 1)}${d}`;
  return sign + strip(fixed);
}

/** What {@link finfo} returns (PyTorch's torch.finfo object). */
export class FInfo {
  /** The number of bits of the type. */
  readonly bits: number;
  /** The difference between 1.0 and the next representable number. */
  readonly eps: number;
  /** The largest finite number. */
  readonly max: number;
  /** The smallest finite number (-max). */
  readonly min: number;
  /** The smallest positive normal number. */
  readonly tiny: number;
  /** The smallest positive normal number (= tiny). */
  readonly smallestNormal: number;
  /** The approximate decimal resolution: 10 ** -precision. */
  readonly resolution: number;
  /** The dtype's name, as PyTorch's finfo.dtype ("float32" for complex64). */
  readonly dtype: string;
  constructor(type?: DType) {
    const name = type ?? getDefaultDtype();
    const part = COMPLEX_PART[name] ?? name;
    const info = FLOAT_INFO[part];
    if (!info)
      throw new TypeError(
        "torch.finfo() requires a floating point input type. Use torch.iinfo to handle 'torch.finfo'",
      );
    [this.bits, this.eps, this.max, this.tiny, this.resolution] = info;
    this.min = -this.max;
    this.smallestNormal = this.tiny;
    this.dtype = part;
  }
  /** Python's repr of the object. */
  toString(): string {
    return (
      `finfo(resolution=${pyG(this.resolution)}, min=${pyG(this.min)}, max=${pyG(this.max)}, eps=${pyG(this.eps)}, ` +
      `smallest_normal=${pyG(this.smallestNormal)}, tiny=${pyG(this.tiny)}, dtype=${this.dtype})`
    );
  }
}

const INT_BITS: Record<string, [number, boolean]> = {
  uint8: [8, false],
  int8: [8, true],
  int16: [16, true],
  int32: [32, true],
  int64: [64, true],
};

/** What {@link iinfo} returns (PyTorch's torch.iinfo object). */
export class IInfo {
  /** The number of bits of the type. */
  readonly bits: number;
  /** The largest value of the integer type. */
  readonly max: number | bigint;
  /** The smallest value of the integer type. */
  readonly min: number | bigint;
  readonly dtype: string;
  constructor(type: DType) {
    const info = INT_BITS[type];
    // PyTorch's messages (THPIInfo_pynew): bool is named; any other non-integer type is a finfo type.
    if (type === "bool") throw new TypeError("torch.bool is not supported by torch.iinfo");
    if (!info)
      throw new TypeError("torch.iinfo() requires an integer input type. Use torch.finfo to handle 'torch.iinfo'");
    const [bits, signed] = info;
    this.bits = bits;
    this.dtype = type;
    if (bits === 64) {
      this.max = 2n ** 63n - 1n;
      this.min = -(2n ** 63n);
    } else {
      this.max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      this.min = signed ? -(2 ** (bits - 1)) : 0;
    }
  }
  /** Python's repr of the object. */
  toString(): string {
    const g = (v: number | bigint) => pyG(Number(v));
    return `iinfo(min=${g(this.min)}, max=${g(this.max)}, dtype=${this.dtype})`;
  }
}

/**
 * torch.finfo(dtype): bits, eps, max, min, tiny (= smallestNormal) and resolution of a floating dtype
 * (a complex dtype's parts; the default dtype when none is given).
 *
 * @example
 * ```ts
 * torch.finfo("float32").eps; // 1.1920928955078125e-7
 * ```
 */
export function finfo(type?: DType): FInfo {
  return new FInfo(type);
}

/**
 * torch.iinfo(dtype): bits, max and min of an integer dtype. int64's bounds do not fit a JS number, so
 * they are bigints there (9223372036854775807n); the others are numbers.
 */
export function iinfo(type: DType): IInfo {
  return new IInfo(type);
}
