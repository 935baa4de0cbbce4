// Python's complex scalar, which JS lacks: what item()/tolist() give for a complex tensor and what a
// complex Scalar argument is (`x.mul(new Complex(0, 1))`, `torch.tensor([new Complex(1, 2)])`).
// It only carries the two parts; all arithmetic happens in libtorch on tensors.

/** A complex number, as Python's `complex`: `new Complex(1, -2)` is `1-2j`. */
export class Complex {
  readonly real: number;
  readonly imag: number;
  constructor(real = 0, imag = 0) {
    if (typeof real !== "number" || typeof imag !== "number")
      throw new TypeError(`complex() arguments must be numbers, got ${typeof real} and ${typeof imag}`);
    this.real = real;
    this.imag = imag;
  }
  /** Python's repr: `(1+2j)`, `-3j`, `(nan+infj)`. */
  toString(): string {
    const part = (x: number) =>
      Number.isNaN(x) ? "nan" : x === Infinity ? "inf" : x === -Infinity ? "-inf" : pyFloat(x);
    const im = `${part(this.imag)}j`;
    if (this.real === 0 && !Object.is(this.real, -0)) return im;
    const sign = this.imag >= 0 || Number.isNaN(this.imag) ? "+" : "";
    return `(${part(this.real)}${sign}${im})`;
  }
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

// Python's repr of a float part inside a complex: integral values lose the ".0" (repr(1+2j) is "(1+2j)").
function pyFloat(x: number): string {
  if (Object.is(x, -0)) return "-0";
  return String(x);
}
