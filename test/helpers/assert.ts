// Tensor assertions with node:assert, so the parity cases run under vitest and in the GPU script.
import * as assert from "node:assert/strict";
import { Tensor } from "../../lib";
import { maxAbsDiff, type PyValue } from "./pytorch";

/** Same dtype, same shape, and values equal (or within rtol/atol, computed by libtorch). */
export function expectTensor(
  ts: Tensor,
  py: PyValue,
  tol: { rtol?: number; atol?: number } = {},
  what = "tensor",
): void {
  assert.ok(py instanceof Tensor, `${what}: PyTorch returned no tensor (${String(py)})`);
  assert.ok(ts instanceof Tensor, `${what}: torchts returned no tensor`);
  const p = py as Tensor;
  assert.equal(ts.dtype, p.dtype, `${what}: dtype`);
  assert.deepEqual(ts.shape, p.shape, `${what}: shape`);
  const rtol = tol.rtol ?? 0,
    atol = tol.atol ?? 0;
  const other = p.to(ts.device);
  const ok = ts.dtype === "bool" || (rtol === 0 && atol === 0) ? ts.equal(other) : ts.allclose(other, rtol, atol, true);
  if (!ok)
    assert.fail(`${what}: values differ (max abs diff ${maxAbsDiff(ts.cpu(), p.cpu())}, rtol=${rtol} atol=${atol})`);
}
