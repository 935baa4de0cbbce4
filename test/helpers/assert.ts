// Tensor assertions with node:assert, so the parity cases run under vitest and in the GPU script.
import * as assert from "node:assert/strict";
import { Tensor } from "../../lib";
import { maxAbsDiff, type PyTorch, type PyValue } from "./pytorch";

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

/** A result of torchts (a tensor, a number, a string or nested arrays of them) equal to PyTorch's. */
export type Out = Tensor | Out[] | number | boolean | string;
export function expectSame(mine: Out, ref: PyValue, what: string): void {
  if (Array.isArray(mine)) {
    assert.ok(Array.isArray(ref), `${what}: PyTorch returned no list`);
    assert.equal(mine.length, (ref as PyValue[]).length, `${what}: count`);
    for (const [i, m] of mine.entries()) expectSame(m, (ref as PyValue[])[i] as PyValue, `${what}[${i}]`);
  } else if (typeof mine === "number" || typeof mine === "boolean" || typeof mine === "string") {
    assert.equal(mine, ref, what);
  } else {
    expectTensor(mine, ref, {}, what);
  }
}

/**
 * fn raises what PyTorch raises for `code` on the same inputs: the same class (Python's RuntimeError is a
 * plain Error; IndexError, TypeError, ValueError keep their names) and first message line, and matches
 * upstream's regex when one is given.
 */
export async function expectSameError(
  py: PyTorch,
  fn: () => unknown,
  code: string,
  inputs: Record<string, unknown> = {},
  match?: RegExp,
): Promise<void> {
  const r = await py.run(code, inputs);
  assert.ok(r.error !== undefined, `PyTorch raised nothing for ${code}`);
  if (match) assert.match(r.error as string, match);
  let err: Error | undefined;
  try {
    fn();
  } catch (e) {
    err = e as Error;
  }
  assert.ok(err instanceof Error, `torchts raised nothing for ${code}`);
  assert.equal(err.message.split("\n")[0], r.error, code);
  assert.equal(err.name, r.type === "RuntimeError" ? "Error" : r.type, code);
}
