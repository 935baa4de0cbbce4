// examples/ports/builtins.ts's format(value, spec) against Python's own format() (/usr/bin/python3, or
// TORCHTS_PYTHON): every value with every spec the ports use ("5.2f", "02.2f", ".0f", ".4f", ".6f", "+.2f",
// "3d", "+d", ...), including exact halves (Python rounds them to even, toFixed away from zero), -0.0,
// negatives that round to zero (Python keeps the "-"), infinities and NaN. Floats are sent as their
// shortest round-trip text, which Python's float() reads back to the same double.
import { execFileSync } from "node:child_process";
import { expect, it } from "vitest";
import { format, npSum, strFloat } from "../examples/ports/builtins";

const PYTHON = process.env.TORCHTS_PYTHON || "/usr/bin/python3";

const FLOATS = [
  0,
  -0,
  1,
  -1,
  0.5,
  1.5,
  2.5,
  -2.5,
  0.125,
  0.3125,
  -0.3125,
  0.005,
  -0.004,
  -0.005,
  1.005,
  2.675,
  12.5,
  99.995,
  123456.789,
  -7.25,
  1e-7,
  -1e-7,
  Math.PI,
  -Math.E,
  1e20,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.NaN,
];
const FLOAT_SPECS = [
  "5.2f",
  "02.2f",
  ".0f",
  ".2f",
  ".4f",
  ".6f",
  "+.2f",
  "+.0f",
  "+8.3f",
  "+08.3f",
  " .2f",
  "-.2f",
  "f",
];
const INTS = [0, 7, -7, 12345, -12345];
const INT_SPECS = ["d", "3d", "5d", "05d", "+d", "+5d", " d", "-d"];

/** Python's format(v, spec) for each [value, spec] (floats read with float(), ints with int()). */
function pythonFormat(cases: Array<[string, string, "f" | "i"]>): string[] {
  const code = `import json, sys
cases = json.load(sys.stdin)
print(json.dumps([format(float(v) if k == 'f' else int(v), s) for v, s, k in cases]))`;
  return JSON.parse(execFileSync(PYTHON, ["-c", code], { input: JSON.stringify(cases) }).toString());
}

/** A JS number as Python's float() reads it back (shortest round-trip text; "-0", "inf", "nan"). */
const pyText = (x: number): string =>
  Number.isNaN(x) ? "nan" : !Number.isFinite(x) ? (x > 0 ? "inf" : "-inf") : Object.is(x, -0) ? "-0.0" : String(x);

it("format(value, spec) writes what Python's format() writes (widths, zero padding, sign flags, half to even)", () => {
  const cases: Array<[number, string, "f" | "i"]> = [
    ...FLOATS.flatMap((v) => FLOAT_SPECS.map((s): [number, string, "f"] => [v, s, "f"])),
    ...INTS.flatMap((v) => INT_SPECS.map((s): [number, string, "i"] => [v, s, "i"])),
  ];
  const expected = pythonFormat(cases.map(([v, s, k]) => [pyText(v), s, k]));
  const mine = cases.map(([v, s]) => format(v, s));
  const differ = cases
    .map(([v, s], i) => `${pyText(v)} '${s}': ${mine[i]} (Python: ${expected[i]})`)
    .filter((_, i) => mine[i] !== expected[i]);
  expect(differ).toEqual([]);
  expect(mine).toEqual(expected);
  // The regression example's fields: a sign on every coefficient.
  expect([format(3.2467, "+.2f"), format(-0.004, "+.2f"), format(0, "+.2f")]).toEqual(["+3.25", "-0.00", "+0.00"]);
});

it("format refuses what Python refuses or it does not implement", () => {
  expect(() => format(1.5, "d")).toThrow(/Unknown format code 'd' for object of type 'float'/);
  expect(() => format(1, ",.2f")).toThrow(/unsupported format spec/);
  expect(() => format(1, "++.2f")).toThrow(/unsupported format spec/);
});

it("npSum adds a list of floats as numpy's np.sum does (pairwise: 8 running sums, halves past 128)", () => {
  // Values of many magnitudes, so that another order of additions shows in the last digits; the lengths
  // cross numpy's thresholds (8, 128 and the halving past it). nn_tutorial's fit: np.sum(np.multiply(losses, nums)).
  const code = `import json, random
import numpy as np
r = random.Random(1)
out = []
for n in [0, 1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 127, 128, 129, 130, 200, 255, 256, 257, 300, 1000, 1025]:
    a = [r.uniform(0, 3) * 10 ** r.randint(-8, 8) for _ in range(n)]
    nums = [r.randint(1, 128) for _ in range(n)]
    out.append([a, nums, repr(float(np.sum(np.multiply(a, nums)))), repr(float(np.sum(a)))])
print(json.dumps(out))`;
  const cases: Array<[number[], number[], string, string]> = JSON.parse(execFileSync(PYTHON, ["-c", code]).toString());
  const mine = cases.map(([a, nums]) => [strFloat(npSum(a.map((x, i) => x * nums[i]))), strFloat(npSum(a))]);
  expect(mine).toEqual(cases.map(([, , products, plain]) => [products, plain]));
  // not a plain left-to-right sum: at least one of the long lists differs from that in its last digits
  const leftToRight = cases.map(([a]) => strFloat(a.reduce((s, x) => s + x, 0)));
  expect(leftToRight).not.toEqual(cases.map(([, , , plain]) => plain));
});
