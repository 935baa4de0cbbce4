// Ported from PyTorch 1.13's test/test_ops.py over op_db (torch/testing/_internal/common_methods_invocations.py): every sample input of each OpInfo, called through the torchts function of the same name, against PyTorch's output for that sample.
//
// The samples and outputs come live from PyTorch's own generators (test/python/upstream_ops.py), float32
// on the CPU (int64 or bool for operators without float32). tables/opinfo.ts, written by
// opinfo_survey.ts, lists which OpInfos torchts passes; those that still fail are expected failures
// here (as PyTorch's own DecorateInfo(unittest.expectedFailure)), so fixing one fails its case until the
// table is regenerated.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPLEX_DTYPES, type OpInfoEntry, resolve, runOpInfo, runOpInfoGrad, runOpInfoOut } from "../helpers/opinfo";
import { PyTorch } from "../helpers/pytorch";
import {
  OPINFO_COMPLEX_PASS,
  OPINFO_COMPLEX_XFAIL,
  OPINFO_GRAD_PASS,
  OPINFO_GRAD_XFAIL,
  OPINFO_LAMBDA,
  OPINFO_MISSING,
  OPINFO_OUT_PASS,
  OPINFO_OUT_XFAIL,
  OPINFO_PASS,
  OPINFO_XFAIL,
} from "./tables/opinfo";

const py = new PyTorch();
afterAll(() => py.close());

const entries = new Map<string, OpInfoEntry>();
beforeAll(async () => {
  for (const e of (await py.call("upstream_ops.names")) as unknown as OpInfoEntry[]) entries.set(e.key, e);
});

describe("test_ops.TestCommon: op_db samples match PyTorch", () => {
  it("the tables cover every OpInfo of this PyTorch once", () => {
    const listed = [...OPINFO_PASS, ...Object.keys(OPINFO_XFAIL), ...OPINFO_MISSING, ...OPINFO_LAMBDA];
    expect(new Set(listed).size).toBe(listed.length);
    expect([...listed].sort()).toEqual([...entries.keys()].sort());
  });

  for (const key of OPINFO_PASS) {
    it(`test_${key}`, async () => {
      const entry = entries.get(key) as OpInfoEntry;
      const r = await runOpInfo(py, entry);
      expect(r.failures).toEqual([]);
      expect(r.passed).toBeGreaterThan(0);
      expect(r.passed + r.skipped).toBe(r.samples);
    });
  }

  for (const [key, why] of Object.entries(OPINFO_XFAIL)) {
    it(`test_${key} (expected failure: ${why.slice(0, 60)})`, async () => {
      const r = await runOpInfo(py, entries.get(key) as OpInfoEntry);
      expect(r.failures.length > 0 || r.passed === 0).toBe(true);
    });
  }

  it("OpInfos listed as missing have no torchts function yet", () => {
    const found = OPINFO_MISSING.filter((k) => resolve(entries.get(k) as OpInfoEntry) !== undefined);
    expect(found).toEqual([]);
  });
});

// test_ops.py instantiates each test for every dtype an OpInfo supports; here the OpInfos that pass in
// float32 again in the other dtypes torchts has (an OpInfo without samples in a dtype adds nothing).
const OTHER_DTYPES = ["float64", "int64", "int32", "uint8", "bool", "float16", "bfloat16"];
describe("test_ops.TestCommon: op_db samples in the other dtypes match PyTorch", () => {
  for (const key of OPINFO_PASS) {
    it(`test_${key} (${OTHER_DTYPES.join(", ")})`, async () => {
      const failures: string[] = [];
      for (const dtype of OTHER_DTYPES) {
        const r = await runOpInfo(py, entries.get(key) as OpInfoEntry, 3, "cpu", dtype);
        failures.push(...r.failures.map((f) => `${dtype} ${f}`));
      }
      expect(failures).toEqual([]);
    });
  }
});

// The complex dtypes, for the OpInfos that pass in float32 and have complex samples.
describe("test_ops.TestCommon: op_db samples in complex64 and complex128 match PyTorch", () => {
  for (const key of OPINFO_COMPLEX_PASS) {
    it(`test_${key} (${COMPLEX_DTYPES.join(", ")})`, async () => {
      const failures: string[] = [];
      let passed = 0;
      for (const dtype of COMPLEX_DTYPES) {
        const r = await runOpInfo(py, entries.get(key) as OpInfoEntry, 3, "cpu", dtype);
        failures.push(...r.failures.map((f) => `${dtype} ${f}`));
        passed += r.passed;
      }
      expect(failures).toEqual([]);
      expect(passed).toBeGreaterThan(0);
    });
  }
  for (const [key, why] of Object.entries(OPINFO_COMPLEX_XFAIL)) {
    it(`test_${key} complex (expected failure: ${why.slice(0, 60)})`, async () => {
      const failures: string[] = [];
      for (const dtype of COMPLEX_DTYPES)
        failures.push(...(await runOpInfo(py, entries.get(key) as OpInfoEntry, 3, "cpu", dtype)).failures);
      expect(failures.length).toBeGreaterThan(0);
    });
  }
});

// test_ops.py's test_out: the torch function called with `out:` tensors returns them, holding the values
// PyTorch writes into its own out tensors for the same sample.
describe("test_ops.TestCommon: test_out", () => {
  for (const key of OPINFO_OUT_PASS) {
    it(`test_out_${key}`, async () => {
      const r = await runOpInfoOut(py, entries.get(key) as OpInfoEntry);
      expect(r.failures).toEqual([]);
      expect(r.passed).toBeGreaterThan(0);
    });
  }
  for (const [key, why] of Object.entries(OPINFO_OUT_XFAIL)) {
    it(`test_out_${key} (expected failure: ${why.slice(0, 60)})`, async () => {
      const r = await runOpInfoOut(py, entries.get(key) as OpInfoEntry);
      expect(r.failures.length).toBeGreaterThan(0);
    });
  }
});

// test_ops.py's TestGradients checks derivatives with gradcheck; here each sample's gradients (of the
// sum of every differentiable output, with respect to every input that requires grad) are compared
// with the ones PyTorch computes for the same sample.
describe("test_ops.TestGradients: op_db gradients match PyTorch", () => {
  for (const key of OPINFO_GRAD_PASS) {
    it(`test_fn_grad_${key}`, async () => {
      const r = await runOpInfoGrad(py, entries.get(key) as OpInfoEntry);
      expect(r.failures).toEqual([]);
      expect(r.passed).toBeGreaterThan(0);
    });
  }
  for (const [key, why] of Object.entries(OPINFO_GRAD_XFAIL)) {
    it(`test_fn_grad_${key} (expected failure: ${why.slice(0, 60)})`, async () => {
      const r = await runOpInfoGrad(py, entries.get(key) as OpInfoEntry);
      expect(r.failures.length).toBeGreaterThan(0);
    });
  }
});
