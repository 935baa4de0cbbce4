// Tensor assertions with node:assert, so the parity cases run under vitest and in the GPU script.
import * as assert from "node:assert/strict";
import { setWarnAlways, Tensor } from "../../lib";
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

const nextTurn = () => new Promise((res) => setImmediate(res));

/**
 * The warnings fn emits (every one: torchts under setWarnAlways) equal those PyTorch gives for `code`
 * (set_warn_always, the "always" filter) on copies of the same inputs taken before fn runs. Returns them.
 */
export async function expectSameWarnings(
  py: PyTorch,
  fn: () => unknown,
  code: string,
  inputs: Record<string, unknown> = {},
): Promise<string[]> {
  const pyInputs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v]));
  // Warnings still pending from earlier calls are not this call's.
  await nextTurn();
  await nextTurn();
  const seen: string[] = [];
  const onWarning = (w: Error) => seen.push(`${w.name}: ${w.message}`);
  process.on("warning", onWarning);
  try {
    setWarnAlways(true);
    try {
      fn();
    } finally {
      setWarnAlways(false);
    }
    await nextTurn();
    await nextTurn();
  } finally {
    process.off("warning", onWarning);
  }
  const body = code
    .split("\n")
    .map((l) => `        ${l}`)
    .join("\n");
  const ref = (await py.eval(
    `import warnings
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    torch.set_warn_always(True)
    try:
${body}
    finally:
        torch.set_warn_always(False)
out = [w.category.__name__ + ": " + str(w.message) for w in ws]`,
    pyInputs,
  )) as string[];
  const norm = (m: string) => m.replace(/at +\./, "at .");
  assert.deepEqual(seen.map(norm), ref.map(norm), code);
  return seen;
}
