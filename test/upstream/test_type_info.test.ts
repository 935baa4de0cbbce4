// Ported from PyTorch 1.13's test/test_type_info.py (TestDTypeInfo): torch.finfo / torch.iinfo of each
// dtype against live PyTorch 1.13 and NumPy (both run in the live Python).
// Adapted: upstream compares with np.finfo / np.iinfo of x.numpy(); here each field is compared with both
//   NumPy's (run in the live Python on the same dtype) and PyTorch's own torch.finfo / torch.iinfo; NumPy's
//   resolution is a scalar of the type (np.float16(0.001)), so it is compared with torchts's rounded to the type.
// Adapted: iinfo.max/min of int64 are bigints in torchts (they do not fit a JS number); compared as decimal text.
// Adapted: finfo objects compare field by field (JS has no __eq__); the default-dtype part sets torchts's and
//   PyTorch's default dtype alike, and restores both.
// Left out: dtype.to_complex() / to_real() (test_to_complex, test_to_real, and their RuntimeError check in
//   test_invalid_input): not in PyTorch 1.13 (torch.float32.to_complex is missing there).
// Left out: the float8_e5m2 / float8_e4m3fn cases of test_finfo: those dtypes are not in PyTorch 1.13.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import type { DType } from "../../lib/dtype";
import { expectSameError } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

const FINFO_FIELDS = ["bits", "max", "min", "eps", "tiny", "resolution", "dtype"] as const;

function fields(info: torch.FInfo): Record<string, number | string> {
  return {
    bits: info.bits,
    max: info.max,
    min: info.min,
    eps: info.eps,
    tiny: info.tiny,
    smallest_normal: info.smallestNormal,
    resolution: info.resolution,
    dtype: info.dtype,
  };
}

describe("TestDTypeInfo", () => {
  it("test_invalid_input", async () => {
    for (const dtype of ["float16", "float32", "float64", "bfloat16", "complex64", "complex128", "bool"] as DType[]) {
      expect(() => torch.iinfo(dtype), dtype).toThrow(TypeError);
      await expectSameError(py, () => torch.iinfo(dtype), `torch.iinfo(torch.${dtype})`);
    }
    for (const dtype of ["int64", "int32", "int16", "int8", "uint8", "bool"] as DType[]) {
      expect(() => torch.finfo(dtype), dtype).toThrow(TypeError);
      await expectSameError(py, () => torch.finfo(dtype), `torch.finfo(torch.${dtype})`);
    }
  });

  it.each(["int64", "int32", "int16", "int8", "uint8"] as DType[])("test_iinfo: %s", async (dtype) => {
    const x = torch.zeros([2, 2], { dtype });
    const xinfo = torch.iinfo(x.dtype);
    // NumPy's iinfo of x.numpy()'s dtype (upstream's reference) and PyTorch's own, as text for int64's range.
    const [np, pt] = (await py.eval(
      `import numpy as np
xninfo = np.iinfo(x.numpy().dtype)
ti = torch.iinfo(x.dtype)
out = [[i.bits, str(i.max), str(i.min), str(i.dtype)] for i in (xninfo, ti)]`,
      { x },
    )) as [[number, string, string, string], [number, string, string, string]];
    const mine = [xinfo.bits, String(xinfo.max), String(xinfo.min), xinfo.dtype];
    expect(mine).toEqual(np);
    expect(mine).toEqual(pt);
  });

  it.each(["float16", "float32", "float64", "complex64", "complex128"] as DType[])("test_finfo: %s", async (dtype) => {
    const x = torch.zeros([2, 2], { dtype });
    const xinfo = torch.finfo(x.dtype);
    const [np, pt] = (await py.eval(
      `import numpy as np
xninfo = np.finfo(x.numpy().dtype)
ti = torch.finfo(x.dtype)
out = [[int(i.bits), float(i.max), float(i.min), float(i.eps), float(i.tiny), float(i.resolution), str(i.dtype)] for i in (xninfo, ti)]`,
      { x },
    )) as [unknown[], unknown[]];
    const mine = FINFO_FIELDS.map((k) => fields(xinfo)[k]);
    expect(mine).toEqual(pt);
    // NumPy's resolution is a scalar of the type itself (np.float16(0.001)): upstream's assertEqual compares
    // at that precision, so torchts's resolution is rounded to the type by libtorch for this comparison.
    const r = FINFO_FIELDS.indexOf("resolution");
    const rounded = torch.tensor([xinfo.resolution], { dtype: xinfo.dtype as DType }).item() as number;
    expect(mine.map((v, i) => (i === r ? rounded : v))).toEqual(np);
    if (!x.isComplex()) {
      // with set_default_dtype(dtype): torch.finfo(dtype) == torch.finfo()
      const saved = torch.getDefaultDtype();
      torch.setDefaultDtype(dtype);
      let dflt: torch.FInfo;
      try {
        dflt = torch.finfo();
      } finally {
        torch.setDefaultDtype(saved);
      }
      expect(fields(dflt)).toEqual(fields(torch.finfo(dtype)));
      const ref = (await py.eval(
        `d = getattr(torch, name)
saved = torch.get_default_dtype()
torch.set_default_dtype(d)
try:
    f = torch.finfo()
    out = [torch.finfo(d) == f, str(f)]
finally:
    torch.set_default_dtype(saved)`,
        { name: dtype },
      )) as [boolean, string];
      expect(ref[0]).toBe(true);
      expect(dflt.toString()).toBe(ref[1]);
      expect(torch.getDefaultDtype()).toBe(saved);
    }
  });

  it("test_finfo: bfloat16 (upstream's special case)", async () => {
    const x = torch.zeros([2, 2], { dtype: "bfloat16" });
    const xinfo = torch.finfo(x.dtype);
    expect(xinfo.bits).toBe(16);
    // Upstream's literals are six significant digits (assertEqual's float tolerance).
    expect(xinfo.max).toBeCloseTo(3.38953e38, -33);
    expect(xinfo.min).toBeCloseTo(-3.38953e38, -33);
    expect(xinfo.eps).toBe(0.0078125);
    expect(xinfo.tiny).toBeCloseTo(1.17549e-38, 43);
    expect(xinfo.tiny).toBe(xinfo.smallestNormal);
    expect(xinfo.resolution).toBe(0.01);
    expect(xinfo.dtype).toBe("bfloat16");
    const ref = (await py.eval(
      `i = torch.finfo(torch.bfloat16)
saved = torch.get_default_dtype()
torch.set_default_dtype(torch.bfloat16)
try:
    same = torch.finfo(torch.bfloat16) == torch.finfo()
finally:
    torch.set_default_dtype(saved)
out = [i.bits, i.max, i.min, i.eps, i.tiny, i.smallest_normal, i.resolution, str(i.dtype), same, str(i)]`,
    )) as unknown[];
    const f = fields(xinfo);
    expect([f.bits, f.max, f.min, f.eps, f.tiny, f.smallest_normal, f.resolution, f.dtype]).toEqual(ref.slice(0, 8));
    expect(ref[8]).toBe(true);
    expect(xinfo.toString()).toBe(ref[9]);
    const saved = torch.getDefaultDtype();
    torch.setDefaultDtype(x.dtype);
    let dflt: torch.FInfo;
    try {
      dflt = torch.finfo();
    } finally {
      torch.setDefaultDtype(saved);
    }
    expect(fields(dflt)).toEqual(fields(torch.finfo(x.dtype)));
  });
});
