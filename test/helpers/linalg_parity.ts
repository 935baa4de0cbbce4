// The call tables of the linalg ports (test/upstream/test_linalg*.test.ts): each call runs in torchts and,
// through a Python module's `many`, in PyTorch on the same inputs, with the same post steps; results or
// errors must be the same.
import * as assert from "node:assert/strict";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import type { DType } from "../../lib/dtype";
import { type Call, errClass, expectClose, expectSameErr, runTs } from "./parity_calls";
import type { PyTorch, PyValue } from "./pytorch";

export interface LCall extends Call {
  /** Steps applied to the result on both sides: "abs", "eigsort", "pick:<i>", "contig", "svdm:<m>". */
  post?: string[];
}
export interface Tol {
  rtol?: number;
  atol?: number;
}

/** torch.<fn>(...args, kw). */
export const F = (fn: string, args: unknown[], kw?: Record<string, unknown>, post?: string[]): LCall => ({
  fn,
  args,
  kw,
  post,
});
/** torch.linalg.<fn>(...args, kw). */
export const L = (fn: string, args: unknown[], kw?: Record<string, unknown>, post?: string[]): LCall => ({
  fn: `linalg.${fn}`,
  args,
  kw,
  post,
});
/** args[0].<fn>(...args.slice(1), kw). */
export const M = (fn: string, args: unknown[], kw?: Record<string, unknown>, post?: string[]): LCall => ({
  fn,
  args,
  kw,
  post,
  method: true,
});

function tsAbs(r: unknown): unknown {
  if (r instanceof torch.Tensor) return r.abs();
  if (Array.isArray(r)) return r.map(tsAbs);
  return r;
}
function tsEigsort(r: unknown): unknown {
  const w = (Array.isArray(r) ? r[0] : r) as Tensor;
  const key = w.real.add(w.imag.mul(1e-3));
  const idx = torch.argsort(key, { dim: -1, descending: true });
  const ws = torch.gather(w, -1, idx);
  if (!Array.isArray(r)) return ws;
  const v = r[1] as Tensor;
  return [ws, torch.gather(v, -1, idx.unsqueeze(-2).expand(v.shape))];
}
function tsPost(r: unknown, op: string): unknown {
  if (op === "abs") return tsAbs(r);
  if (op === "eigsort") return tsEigsort(r);
  if (op.startsWith("pick:")) return (r as unknown[])[Number(op.slice(5))];
  // The result and whether it is contiguous (upstream's assertTrue(ans.is_contiguous())).
  if (op === "contig") return [r, (r as Tensor).isContiguous()];
  // torch.svd's U, S, V narrowed to their first m columns, by absolute value (upstream's _test_svd_helper).
  if (op.startsWith("svdm:")) {
    const m = Number(op.slice(5));
    return (r as Tensor[]).map((x) => x.index("...", torch.slice(null, m)).abs());
  }
  throw new Error(op);
}

// inf, -inf and NaN as arguments: JSON has no such numbers; Ellipsis inside a list (einsum's sublists).
function wire(v: unknown, inList = false): unknown {
  if (typeof v === "number" && !Number.isFinite(v)) return { __num: String(v).replace("Infinity", "inf") };
  if (v === "..." && inList) return { __ellipsis: true };
  if (Array.isArray(v)) return v.map((x) => wire(x, true));
  if (v !== null && typeof v === "object" && !(v instanceof torch.Tensor) && !(v instanceof torch.Complex))
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, wire(x)]));
  return v;
}

const isErr = (v: PyValue): v is { __error: [string, string] } =>
  v !== null && typeof v === "object" && !(v instanceof torch.Tensor) && !Array.isArray(v) && "__error" in v;

/** Whether PyTorch is expected to raise on none of the calls, on all of them, or on some (not checked). */
export type Errors = "none" | "all" | "some";

/**
 * The check of a port: runs each call in torchts and in PyTorch (`<mod>.many`, with the post steps) and
 * checks the results or errors are the same. `errors` (default `defaultErrors`) also checks PyTorch raised
 * as the case expects, so a typo in a call fails the case instead of passing as the same error on both sides.
 */
export function linalgCheck(py: PyTorch, mod: string, defaultErrors: Errors) {
  return async (calls: LCall[], tol?: Tol, errors: Errors = defaultErrors): Promise<unknown[]> => {
    const sent = calls.map((c) => ({ ...c, args: (c.args ?? []).map((a) => wire(a)), kw: wire(c.kw ?? {}) }));
    const refs = (await py.call(`${mod}.many`, { calls: sent as unknown as PyValue })) as PyValue[];
    const mines: unknown[] = [];
    calls.forEach((c, i) => {
      const what = `${c.method ? "Tensor." : "torch."}${c.fn}#${i} ${JSON.stringify(c.kw ?? {}, (k, v) => (v instanceof torch.Tensor ? `Tensor${JSON.stringify(v.shape)}` : k === "out" ? "out" : v))} ${(
        c.args ?? []
      )
        .map((a) => (a instanceof torch.Tensor ? `${a.dtype}[${a.shape}]` : JSON.stringify(a)))
        .join(", ")}`;
      const ref = refs[i] as PyValue;
      let mine: unknown;
      let err: unknown;
      try {
        mine = runTs(c);
        for (const op of c.post ?? []) mine = tsPost(mine, op);
      } catch (e) {
        err = e;
      }
      mines.push(mine);
      if (errors !== "some")
        assert.equal(
          isErr(ref),
          errors === "all",
          `${what}: PyTorch ${isErr(ref) ? `raised ${ref.__error.join(": ")}` : "raised nothing"}`,
        );
      if (isErr(ref)) {
        assert.ok(err !== undefined, `${what}: torchts raised nothing; PyTorch raised ${ref.__error.join(": ")}`);
        // 1.13's torch.linalg.LinAlgError is torch._C._LinAlgError; torchts's is torch.linalg.LinAlgError.
        if (ref.__error[0] === "_LinAlgError") {
          assert.ok(err instanceof torch.linalg.LinAlgError, `${what}: ${errClass(err)}, not LinAlgError`);
          assert.equal((err as Error).message.split("\n")[0], ref.__error[1], `${what}: error message`);
        } else expectSameErr(err, ref.__error, what, c.match);
      } else {
        if (err !== undefined) assert.fail(`${what}: torchts raised ${errClass(err)}: ${(err as Error).message}`);
        expectClose(mine, ref, what, tol);
      }
    });
    return mines;
  };
}

export const FT: DType[] = ["float32", "float64", "complex64", "complex128"];
export const isComplex = (d: DType) => d.startsWith("complex");
export const isSingle = (d: DType) => d === "float32" || d === "complex64";
export const realOf = (d: DType): DType => (d === "complex64" ? "float32" : d === "complex128" ? "float64" : d);
