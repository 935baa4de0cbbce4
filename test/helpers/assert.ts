import { expect } from "vitest";
import { Tensor } from "../../lib";
import { PyValue, maxAbsDiff } from "./pytorch";

/** Same dtype, same shape, and values equal (or within rtol/atol, computed by libtorch). */
export function expectTensor(ts: Tensor, py: PyValue, tol: { rtol?: number; atol?: number } = {}): void {
  expect(py, "PyTorch returned no tensor").toBeInstanceOf(Tensor);
  const p = py as Tensor;
  expect(ts.dtype).toBe(p.dtype);
  expect(ts.shape).toEqual(p.shape);
  const rtol = tol.rtol ?? 0, atol = tol.atol ?? 0;
  if (ts.dtype === "bool" || (rtol === 0 && atol === 0)) {
    const same = ts.equal(p.to(ts.device));
    if (!same) expect(ts.toString()).toBe(p.toString());
    expect(same).toBe(true);
  } else {
    const ok = ts.allclose(p.to(ts.device), rtol, atol, true);
    if (!ok) expect(maxAbsDiff(ts, p), `values differ beyond rtol=${rtol} atol=${atol}`).toBe(0);
  }
}
