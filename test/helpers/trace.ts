// Traces (nested arrays of tensors and plain values) recorded by a torchts program and by the same
// program in PyTorch, compared under vitest.
import { expect } from "vitest";
import * as torch from "../../lib";
import { expectTensor } from "./assert";
import type { PyValue } from "./pytorch";

/** A torchts trace equal to PyTorch's: tensors within `tol`, arrays element by element, the rest exactly. */
export function expectTrace(mine: unknown, ref: PyValue, tol: { rtol: number; atol: number }, what = "trace"): void {
  if (mine instanceof torch.Tensor) {
    expectTensor(mine, ref, tol, what);
  } else if (Array.isArray(mine)) {
    expect(Array.isArray(ref), `${what}: PyTorch gave ${JSON.stringify(ref)}`).toBe(true);
    expect(mine.length, `${what}: length`).toBe((ref as PyValue[]).length);
    mine.forEach((m, i) => {
      expectTrace(m, (ref as PyValue[])[i] as PyValue, tol, `${what}[${i}]`);
    });
  } else {
    expect(mine, what).toEqual(ref);
  }
}
