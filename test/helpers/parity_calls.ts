// Batched parity checks for the upstream ports of test_reductions.py and test_sort_and_select.py: each call is
// written once with Python's names (torch.<fn> or a Tensor method, snake_case keywords, dtypes as names), run by
// torchts (camelCase names, keywords in a trailing options object) and by live PyTorch on the same inputs
// (test/python/upstream_reductions.py), and the results compared: dtype, shape and values (NaN equal to NaN;
// float tolerances as PyTorch's assertEqual), or the same error class and first message line.
import * as assert from "node:assert/strict";
import * as torch from "../../lib";
import { IndexError, NotImplementedError, Tensor, ValueError } from "../../lib";
import type { DType } from "../../lib/dtype";
import type { PyTorch, PyValue } from "./pytorch";

export interface Call {
  /** torch.<fn> (dots allowed: "linalg.vector_norm"), or the method <fn> of args[0] with `method`. */
  fn: string;
  args?: unknown[];
  /** An error is compared by class and this pattern (both messages must match it), not by its first line. */
  match?: RegExp;
  /** Python's keywords (snake_case); torchts gets them camelCased in a trailing options object. */
  kw?: Record<string, unknown>;
  method?: boolean;
}
export interface Tol {
  rtol?: number;
  atol?: number;
}

// Dunder methods (__radd__, __rpow__) keep their names, as torchts spells them.
const camel = (s: string) => (s.startsWith("__") ? s : s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));

/** Runs a call as torchts: torch.fooBar(...args, {camelKw}) or args[0].fooBar(...rest, {camelKw}). */
export function runTs(c: Call): unknown {
  const args = c.args ?? [];
  const kw =
    c.kw && Object.keys(c.kw).length > 0
      ? [Object.fromEntries(Object.entries(c.kw).map(([k, v]) => [camel(k), v]))]
      : [];
  if (c.method) {
    const [self, ...rest] = args as [Record<string, (...a: unknown[]) => unknown>, ...unknown[]];
    const m = self[camel(c.fn)];
    assert.equal(typeof m, "function", `torchts has no Tensor.${camel(c.fn)}`);
    return m.apply(self, [...rest, ...kw]);
  }
  let f: unknown = torch;
  for (const part of c.fn.split(".")) f = (f as Record<string, unknown>)[camel(part)];
  assert.equal(typeof f, "function", `torchts has no torch.${c.fn}`);
  return (f as (...a: unknown[]) => unknown)(...args, ...kw);
}

/** Python's exception class for an error torchts raised. */
export function errClass(e: unknown): string {
  if (e instanceof IndexError) return "IndexError";
  if (e instanceof ValueError) return "ValueError";
  if (e instanceof NotImplementedError) return "NotImplementedError";
  if (e instanceof TypeError) return "TypeError";
  if (e instanceof Error && Object.getPrototypeOf(e) === Error.prototype) return "RuntimeError";
  return `not a PyTorch error: ${String(e)}`;
}

const DEFAULT_TOL: Partial<Record<DType, Required<Tol>>> = {
  float16: { rtol: 1e-3, atol: 1e-5 },
  bfloat16: { rtol: 1.6e-2, atol: 1e-5 },
  float32: { rtol: 1.3e-6, atol: 1e-5 },
  float64: { rtol: 1e-7, atol: 1e-7 },
  complex64: { rtol: 1.3e-6, atol: 1e-5 },
  complex128: { rtol: 1e-7, atol: 1e-7 },
};

// A short description of a value for a failure message (a tensor by its dtype and shape only).
const describe = (v: unknown): string =>
  v instanceof Tensor
    ? `Tensor ${v.dtype}[${v.shape}]`
    : Array.isArray(v)
      ? `sequence of ${v.length}`
      : JSON.stringify(v);

/** mine equals PyTorch's ref: tensors by dtype, shape and values (NaNs equal), numbers, booleans, lists. */
export function expectClose(mine: unknown, ref: PyValue, what: string, tol?: Tol): void {
  if (Array.isArray(mine)) {
    if (!Array.isArray(ref)) assert.fail(`${what}: PyTorch returned no sequence (${describe(ref)})`);
    assert.equal(mine.length, (ref as PyValue[]).length, `${what}: length`);
    mine.forEach((m, i) => {
      expectClose(m, (ref as PyValue[])[i] as PyValue, `${what}[${i}]`, tol);
    });
    return;
  }
  if (mine instanceof Tensor) {
    if (!(ref instanceof Tensor)) assert.fail(`${what}: PyTorch returned no tensor (${describe(ref)})`);
    assert.equal(mine.dtype, ref.dtype, `${what}: dtype`);
    assert.deepEqual(mine.shape, ref.shape, `${what}: shape`);
    if (mine.numel() === 0) return;
    // ComplexHalf has no CPU equal / allclose kernels: compared as complex64 with float16's tolerances.
    if (mine.dtype === "complex32") {
      expectClose(mine.to("complex64"), ref.to("complex64"), what, tol ?? DEFAULT_TOL.float16);
      return;
    }
    const d = DEFAULT_TOL[mine.dtype];
    if (d === undefined) {
      assert.ok(mine.equal(ref), `${what}: values differ`);
      return;
    }
    const rtol = tol?.rtol ?? d.rtol,
      atol = tol?.atol ?? d.atol;
    if (!mine.allclose(ref, rtol, atol, true)) {
      const diff = torch.tidy(() => {
        const a = mine.isComplex() ? torch.viewAsReal(mine.to("complex128")) : mine.to("float64");
        const b = ref.isComplex() ? torch.viewAsReal(ref.to("complex128")) : ref.to("float64");
        return a.sub(b).abs().nanToNum(0, 0, 0).max().item();
      });
      assert.fail(`${what}: values differ (max abs diff ${diff}, rtol=${rtol} atol=${atol})`);
    }
    return;
  }
  if (typeof mine === "number" && typeof ref === "number") {
    if (Number.isNaN(ref)) assert.ok(Number.isNaN(mine), `${what}: ${mine} is not NaN`);
    else if (mine !== ref) {
      const t = tol ?? { rtol: 1e-7, atol: 1e-7 };
      assert.ok(Math.abs(mine - ref) <= (t.atol ?? 0) + (t.rtol ?? 0) * Math.abs(ref), `${what}: ${mine} != ${ref}`);
    }
    return;
  }
  assert.deepEqual(mine, ref, what);
}

/**
 * torchts's error equals PyTorch's: the class and the first line, or the class and `match`. Argument-parser
 * TypeErrors are compared by class and function name: Python words them after which of its signatures are
 * plausible for the count of arguments, which torchts's binder does not reproduce (see the port's header).
 */
export function expectSameErr(e: unknown, ref: [string, string], what: string, match?: RegExp): void {
  assert.equal(errClass(e), ref[0], `${what}: error class (${(e as Error).message})`);
  const mine = (e as Error).message.split("\n")[0] as string;
  if (match) {
    assert.match(ref[1], match, `${what}: PyTorch's message`);
    assert.match(mine, match, `${what}: torchts's message`);
  } else if (ref[0] === "TypeError") assert.equal(mine.split("(")[0], ref[1].split("(")[0], `${what}: error message`);
  else assert.equal(mine, ref[1], `${what}: error message`);
}

const isErr = (v: PyValue): v is { __error: [string, string] } =>
  v !== null && typeof v === "object" && !(v instanceof Tensor) && !Array.isArray(v) && "__error" in v;

/** Runs each call in torchts and in PyTorch and checks that the results (or errors) are the same. */
export async function checkCalls(py: PyTorch, module: string, calls: Call[], tol?: Tol): Promise<unknown[]> {
  const refs = (await py.call(`${module}.many`, { calls: calls as unknown as PyValue })) as PyValue[];
  const mines: unknown[] = [];
  calls.forEach((c, i) => {
    const what = `${c.method ? "Tensor." : "torch."}${c.fn}#${i} ${JSON.stringify(c.kw ?? {}, (k, v) => (v instanceof Tensor ? `Tensor${JSON.stringify(v.shape)}` : k === "out" ? "out" : v))}`;
    const ref = refs[i] as PyValue;
    let mine: unknown;
    let err: unknown;
    try {
      mine = runTs(c);
    } catch (e) {
      err = e;
    }
    if (isErr(ref)) {
      assert.ok(err !== undefined, `${what}: torchts raised nothing; PyTorch raised ${ref.__error.join(": ")}`);
      expectSameErr(err, ref.__error, what, c.match);
    } else {
      if (err !== undefined) throw err;
      expectClose(mine, ref, what, tol);
    }
    mines.push(mine);
  });
  return mines;
}
