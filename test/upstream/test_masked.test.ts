// Ported from PyTorch 1.13's test/test_masked.py (TestMasked) over the masked.* OpInfos of op_db, each case named
// after the upstream test as instantiated on the CPU (test_<name>_masked_<op>_cpu_<dtype>). The sample inputs, with
// their strided masks, come live from PyTorch's own generators (test/python/upstream_masked.py) and go to
// torch.masked.<op> of torchts.
// - test_reference_masked (masked.norm, var, std, softmax, log_softmax, softmin, normalize, every CPU dtype of the
//   OpInfo): torchts's result equals, at the output mask (torch.masked._output_mask), the value of the test's
//   reference function computed by live PyTorch: the plain operation (torch.linalg.vector_norm, torch.var, torch.std,
//   torch.softmax, torch.log_softmax, F.softmin, F.normalize) over each elementary slice of the masked-in elements.
//   Tolerances are upstream's: assertEqual's by dtype, precisionOverride (float16 / bfloat16 atol 5e-4), replaced by
//   the OpInfos' toleranceOverride where one applies (var / std float16, log_softmax bfloat16: rtol and atol 1e-2). PyTorch's own masked result
//   passes the same check on each sample (as the upstream test does on 1.13).
// - test_mask_layout, strided layout (masked.sum, prod, amax, amin, mean, the ops with a sparse form): with a
//   strided input and mask the result is strided and equals, at the output mask, PyTorch's result on the same
//   strided input and mask (precisionOverride 5e-3 for float16 / bfloat16).
// Both also check that torchts's torch.masked._outputMask gives PyTorch's output mask and that the result has
// PyTorch's dtype and shape. test/upstream/test_ops.test.ts replays the masked.* OpInfo samples against PyTorch's
// own outputs in full (no output mask); the reference values and output masks are this file's.
// Left out:
// - test_where (every case: coo, hybrid_coo, csr with fill values 0 and 123) and test_mask_layout for the
//   sparse_coo and sparse_csr layouts, and in the strided layout the samples whose mask upstream converts to a
//   sparse COO or CSR mask: torchts's torch.masked takes strided tensors only.
// - test_reference_masked for masked.var / masked.std in integer dtypes (uint8, int8, int16, int32, int64): upstream
//   skips every sample (torch.var / torch.std take no integer input), so the cases check nothing.
// - test_reference_masked_masked_normalize_cpu_float16: an expected failure upstream on the CPU (the reference,
//   F.normalize, raises '"clamp_min_cpu" not implemented for 'Half'' in 1.13), no reference value exists.
// - test_mask_layout_strided for masked.amax, amin, mean in bool, integer and complex dtypes: skipped upstream (the
//   OpInfos' DecorateInfo(unittest.skip) for TestMasked.test_mask_layout on every device).
// - the CUDA instantiations (this port runs on the CPU).
import * as assert from "node:assert/strict";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { Tensor } from "../../lib";
import { arg } from "../helpers/opinfo";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const MOD = "upstream_masked";

interface OpEntry {
  name: string;
  reference: boolean;
  layout: boolean;
  dtypes: string[];
}
interface Sample {
  input?: PyValue;
  args?: PyValue[];
  kwargs?: Record<string, PyValue>;
  actual?: PyValue;
  expected?: PyValue;
  outmask?: PyValue;
  skip?: string;
}

// The CPU dtypes of each masked.* OpInfo, as PyTorch 1.13 lists them (checked in beforeAll).
const OPS: Record<string, { reference?: string[]; layout?: string[] }> = {
  norm: { reference: ["bfloat16", "float16", "float32", "float64"] },
  var: { reference: ["bfloat16", "complex128", "complex64", "float16", "float32", "float64"] },
  std: { reference: ["bfloat16", "complex128", "complex64", "float32", "float64"] },
  softmax: { reference: ["bfloat16", "float32", "float64"] },
  log_softmax: { reference: ["bfloat16", "float32", "float64"] },
  softmin: { reference: ["bfloat16", "float32", "float64"] },
  normalize: { reference: ["bfloat16", "complex128", "complex64", "float32", "float64"] },
  sum: {
    layout: [
      "bfloat16",
      "bool",
      "complex128",
      "complex64",
      "float16",
      "float32",
      "float64",
      "int16",
      "int32",
      "int64",
      "int8",
      "uint8",
    ],
  },
  prod: {
    layout: ["bool", "complex128", "complex64", "float32", "float64", "int16", "int32", "int64", "int8", "uint8"],
  },
  amax: { layout: ["bfloat16", "float16", "float32", "float64"] },
  amin: { layout: ["bfloat16", "float16", "float32", "float64"] },
  mean: { layout: ["bfloat16", "float16", "float32", "float64"] },
};
const INT_DTYPES = ["uint8", "int8", "int16", "int32", "int64"];

// assertEqual's default tolerances by dtype (torch.testing._comparison._DTYPE_PRECISIONS): [rtol, atol].
const DEFAULT_TOL: Record<string, [number, number]> = {
  float16: [1e-3, 1e-5],
  bfloat16: [1.6e-2, 1e-5],
  float32: [1.3e-6, 1e-5],
  float64: [1e-7, 1e-7],
  complex64: [1.3e-6, 1e-5],
  complex128: [1e-7, 1e-7],
};
// The overrides upstream's cases run under: precisionOverride on the test (atol), toleranceOverride of the OpInfo.
const TOLERANCE_OVERRIDE: Record<string, Record<string, [number, number]>> = {
  var: { float16: [1e-2, 1e-2] },
  std: { float16: [1e-2, 1e-2] },
  log_softmax: { bfloat16: [1e-2, 1e-2] },
};
function tolerance(test: "reference" | "layout", op: string, dtype: string): [number, number] {
  const [rtol, atol] = DEFAULT_TOL[dtype] ?? [0, 0];
  // The instantiated test applies the precisionOverride (atol) first, then the toleranceOverride (both), as
  // DeviceTypeTestBase._apply_precision_override_for_test.
  const override = TOLERANCE_OVERRIDE[op]?.[dtype];
  if (override !== undefined) return [Math.max(rtol, override[0]), Math.max(atol, override[1])];
  const precision = dtype === "float16" || dtype === "bfloat16" ? (test === "reference" ? 5e-4 : 5e-3) : 0;
  return [rtol, Math.max(atol, precision)];
}

const camel = (n: string) => n.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
type Masked = (input: unknown, ...args: unknown[]) => unknown;
const maskedOp = (name: string) => (torch.masked as unknown as Record<string, Masked>)[camel(name)] as Masked;

// upstream's assertEqualMasked: both sides with the elements outside `outmask` zeroed, then assertEqual (same dtype
// and shape; floating and complex values within rtol / atol, nan equal to nan; other dtypes exactly). Null when
// equal, else what differs.
function equalMasked(actual: Tensor, expected: Tensor, outmask: Tensor | null, tol: [number, number]): string | null {
  return torch.tidy(() => {
    let a = actual;
    let e = expected;
    if (outmask !== null) {
      a = torch.where(outmask, a, a.newZeros([]));
      e = torch.where(outmask, e, e.newZeros([]));
    }
    if (a.dtype !== e.dtype) return `dtype ${a.dtype}, expected ${e.dtype}`;
    if (a.shape.join() !== e.shape.join()) return `shape [${a.shape}], expected [${e.shape}]`;
    if (a.isFloatingPoint() || a.isComplex()) {
      if (a.isclose(e, tol[0], tol[1], true).all().item()) return null;
      const diff = a.sub(e).abs().nanToNum(0);
      return `values differ (max |diff| ${diff.max().item()}, rtol ${tol[0]}, atol ${tol[1]})`;
    }
    return a.equal(e) ? null : "values differ";
  });
}

interface Replayed {
  samples: number;
  compared: number;
  failures: string[];
}

// Each sample of `pyFn` on torchts: the result against PyTorch's expected value at the output mask, its dtype and
// shape against PyTorch's result, torchts's output mask against PyTorch's. PyTorch's own result must pass the
// comparison with the expected value too (as the upstream case does).
async function replay(test: "reference" | "layout", op: string, dtype: string): Promise<Replayed> {
  const pyFn = test === "reference" ? "reference_masked" : "mask_layout_strided";
  const samples = (await py.call(`${MOD}.${pyFn}`, { name: op, dtype })) as unknown as Sample[];
  const fn = maskedOp(op);
  const tol = tolerance(test, op, dtype);
  const res: Replayed = { samples: samples.length, compared: 0, failures: [] };
  for (const [i, s] of samples.entries()) {
    const fail = (what: string) => {
      if (res.failures.length < 5) res.failures.push(`sample ${i}: ${what}`);
    };
    if (s.skip !== undefined) {
      fail(`cannot travel: ${s.skip}`);
      continue;
    }
    const input = arg(s.input as PyValue) as Tensor;
    const args = (s.args ?? []).map((a) => arg(a));
    const kw = Object.fromEntries(Object.entries(s.kwargs ?? {}).map(([k, v]) => [camel(k), arg(v)]));
    const all = Object.keys(kw).length > 0 ? [...args, kw] : args;
    const expected = arg(s.expected as PyValue) as Tensor;
    const pyActual = arg(s.actual as PyValue) as Tensor;
    const pyOutmask = s.outmask === null ? null : (arg(s.outmask as PyValue) as Tensor);
    let actual: unknown;
    try {
      actual = fn(input, ...all);
    } catch (e) {
      fail(`raised ${(e as Error).message.split("\n")[0]}`);
      continue;
    }
    if (!(actual instanceof Tensor)) {
      fail("returned no tensor");
      continue;
    }
    if (actual.layout !== "strided") fail(`layout ${actual.layout}`);
    if (actual.dtype !== pyActual.dtype || actual.shape.join() !== pyActual.shape.join())
      fail(`${actual.dtype} [${actual.shape}], PyTorch ${pyActual.dtype} [${pyActual.shape}]`);
    let outmask: Tensor | null = null;
    if (pyOutmask !== null) {
      outmask = torch.masked._outputMask(fn, input, ...all);
      if (!(outmask.dtype === "bool" && outmask.shape.join() === pyOutmask.shape.join() && outmask.equal(pyOutmask)))
        fail(`_outputMask differs from PyTorch's`);
    }
    const mine = equalMasked(actual, expected, pyOutmask, tol);
    if (mine !== null) fail(mine);
    const theirs = equalMasked(pyActual, expected, pyOutmask, tol);
    if (theirs !== null) fail(`PyTorch's own result: ${theirs}`);
    res.compared++;
  }
  return res;
}

beforeAll(async () => {
  const ops = (await py.call(`${MOD}.ops`)) as unknown as OpEntry[];
  // The OpInfos and dtypes this port runs are 1.13's, less those left out above.
  for (const o of ops) {
    const mine = OPS[o.name];
    const ref = o.reference ? o.dtypes.filter((d) => !(["var", "std"].includes(o.name) && INT_DTYPES.includes(d))) : [];
    const refRun = o.name === "normalize" ? ref.filter((d) => d !== "float16") : ref;
    assert.deepEqual(mine?.reference ?? [], refRun, `masked.${o.name} reference dtypes`);
    const layout = o.layout
      ? o.dtypes.filter(
          (d) =>
            o.name === "sum" ||
            o.name === "prod" ||
            !(INT_DTYPES.includes(d) || d === "bool" || d.startsWith("complex")),
        )
      : [];
    assert.deepEqual(mine?.layout ?? [], layout, `masked.${o.name} layout dtypes`);
  }
});

describe("test_masked.TestMasked", () => {
  for (const [op, { reference = [], layout = [] }] of Object.entries(OPS)) {
    for (const dtype of reference) {
      it(`test_reference_masked_masked_${op}_cpu_${dtype}`, async () => {
        const r = await replay("reference", op, dtype);
        expect(r.failures).toEqual([]);
        expect(r.compared).toBeGreaterThan(0);
        expect(r.compared).toBe(r.samples);
      });
    }
    for (const dtype of layout) {
      it(`test_mask_layout_strided_masked_${op}_cpu_${dtype}`, async () => {
        const r = await replay("layout", op, dtype);
        expect(r.failures).toEqual([]);
        expect(r.compared).toBeGreaterThan(0);
        expect(r.compared).toBe(r.samples);
      });
    }
  }
});
