// Ported from PyTorch 1.13's test/test_segment_reductions.py (TestSegmentReductions), each case named after the
// upstream test as instantiated on the CPU (test_<name>_cpu_<values dtype>_<lengths dtype>, the
// test_pytorch_scatter_test_cases ones with their reduce_<reduction> parameter; test_unsafe_flag_cpu_<dtype>).
// Upstream writes its expected results and gradients by hand (or with NumPy for test_multi_d); here every
// torch.segment_reduce call is also made by live PyTorch 1.13 on the same tensors
// (test/python/upstream_segment_reductions.py), and torchts must give the same dtype, shape and values (NaN equal
// to NaN, upstream's tolerances), the same gradient of result.sum() where upstream checks the backward pass, or the
// same error class and first message line. gradcheck runs in torchts as upstream runs it (float64 only, NaNs in the
// data replaced by 10, common_utils.gradcheck's fast_mode=True and check_batched_grad=True).
// _test_common checks both forms of each case, as 1.13 and later do: lengths=, and offsets= made from the lengths
// (a leading zero along the last dim, then the cumulative sum, in the lengths' dtype), data= and reduce= passed as
// keywords.
// Note: TestSegmentReductions is also ported, with other names for some cases, in
// test/upstream/test_scatter_gather.test.ts (the 57a0670 port of test_scatter_gather_ops.py and this file).
// Left out / adapted:
// - torch._segment_reduce and the reductions "amax" / "amin": the stored upstream copy is newer than 1.13 and calls
//   torch._segment_reduce with "amax" / "amin" (test_pytorch_scatter_test_cases, test_multi_d_simple,
//   test_multi_d). 1.13 has torch.segment_reduce only and raises "unsupported reduction given! amax", so the 1.13
//   function and names (max / min) are used; the tests are named with 1.13's reductions
//   (test_pytorch_scatter_test_cases_reduce_max_...).
// - test_simple_zero_length (in the newer copy: lengths [0, 0] on torch.ones(0)): 1.13 raises
//   "Expected data.numel() > 0" there; the case checks that torchts raises the same error for each reduction,
//   axis 0, unsafe both ways, lengths and offsets.
// - The newer copy's _test_common returns from inside its lengths/offsets loop when the case checks no backward,
//   so forward-only cases never reach offsets there; here both forms are checked for every case.
// - test_multi_d_simple and test_multi_d call _test_common without a lengths dtype (torch.int32 whatever the
//   instantiation); here the instantiated lengths dtype is used, so the int64 instantiations test int64 lengths.
// - test_pytorch_scatter_test_cases: upstream checks the forward results (lengths and offsets=indptr) and, for
//   float64, gradcheck in both forms; this port also compares the backward gradient with PyTorch's in every dtype
//   (with the gradcheck function's initial values, which keep zero-length segments finite).

import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import type { DType } from "../../lib/dtype";
import { expectClose, expectSameErr, type Tol } from "../helpers/parity_calls";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const MOD = "upstream_segment_reductions";

const REDUCTIONS = ["max", "mean", "min", "sum", "prod"];
const VAL_DTYPES: DType[] = ["float16", "bfloat16", "float32", "float64"];
const LEN_DTYPES: DType[] = ["int32", "int64"];
/** common_utils.gradcheck's defaults in 1.13 */
const GRADCHECK = { fastMode: true, checkBatchedGrad: true };
/** _test_common's assertEqual tolerances (equal_nan=True) */
const COMMON_TOL: Tol = { rtol: 1e-2, atol: 1e-5 };

interface SegKw {
  lengths?: Tensor;
  offsets?: Tensor;
  axis: number;
  unsafe: boolean;
  initial?: number | null;
}
interface SegCase {
  data: Tensor;
  reduce: string;
  kw: SegKw;
  backward: boolean;
  /** gradcheck this case (on the data with NaNs replaced by 10) */
  gradcheck: boolean;
  /** PyTorch must raise an error matching this (upstream's assertRaisesRegex) */
  raises?: RegExp;
  tol?: Tol;
}

const isErr = (v: PyValue): v is { __error: [string, string] } =>
  v !== null && typeof v === "object" && !(v instanceof torch.Tensor) && !Array.isArray(v) && "__error" in v;

const describeCase = (c: SegCase) =>
  `segment_reduce(${c.data.dtype}[${c.data.shape}], ${c.reduce}, ${"lengths" in c.kw ? "lengths" : "offsets"}=${c.kw.lengths?.dtype ?? c.kw.offsets?.dtype}, axis=${c.kw.axis}, unsafe=${c.kw.unsafe}, initial=${c.kw.initial})`;

/** Runs the cases in PyTorch (one batch) and in torchts, and compares results, gradients and errors. */
async function checkCases(cases: SegCase[]): Promise<void> {
  const refs = (await py.call(`${MOD}.run`, {
    cases: cases.map((c) => ({ data: c.data, reduce: c.reduce, kw: { ...c.kw }, backward: c.backward })),
  })) as PyValue[];
  assert.equal(refs.length, cases.length);
  cases.forEach((c, i) => {
    const what = describeCase(c);
    const ref = refs[i] as PyValue;
    const x = c.data.detach().requiresGrad_(c.backward);
    let out: Tensor | undefined;
    let err: unknown;
    try {
      out = torch.segmentReduce(x, { reduce: c.reduce, ...c.kw });
      if (c.backward) out.sum().backward();
    } catch (e) {
      err = e;
    }
    if (c.raises) assert.ok(isErr(ref), `${what}: PyTorch raised nothing`);
    if (isErr(ref)) {
      assert.ok(err !== undefined, `${what}: torchts raised nothing; PyTorch raised ${ref.__error.join(": ")}`);
      expectSameErr(err, ref.__error, what, c.raises);
      return;
    }
    if (err !== undefined) throw err;
    const [refOut, refGrad] = ref as [Tensor, Tensor | null];
    expectClose((out as Tensor).detach(), refOut, what, c.tol);
    if (c.backward) {
      assert.ok(refGrad instanceof torch.Tensor, `${what}: PyTorch gave no gradient`);
      assert.ok(x.grad !== null, `${what}: torchts gave no gradient`);
      expectClose(x.grad, refGrad, `${what} backward`, c.tol);
    }
    if (c.gradcheck) {
      const x2 = c.data.nanToNum(10).detach().requiresGrad_(true);
      assert.ok(
        torch.autograd.gradcheck((t: Tensor) => torch.segmentReduce(t, { reduce: c.reduce, ...c.kw }), [x2], GRADCHECK),
        `gradcheck ${what}`,
      );
    }
  });
}

/** upstream's offsets from lengths: a zero prepended along the last dim, then the cumulative sum (cumsum_). */
function offsetsOf(lengths: Tensor): Tensor {
  const zerosShape = [...lengths.shape];
  zerosShape[zerosShape.length - 1] = 1;
  return torch.cat([lengths.newZeros(zerosShape), lengths], -1).cumsum(-1, { dtype: lengths.dtype });
}

/** _test_common: the case with lengths= and with offsets=, backward and gradcheck (not for half, bfloat16, float) as upstream. */
function common(
  reduction: string,
  dtype: DType,
  unsafe: boolean,
  axis: number,
  initial: number | null,
  dataArr: unknown,
  lengthsArr: unknown,
  checkBackward: boolean,
  lengthsDtype: DType,
): SegCase[] {
  const lengths = torch.tensor(lengthsArr as number[], { dtype: lengthsDtype });
  const offsets = offsetsOf(lengths);
  const data = torch.tensor(dataArr as number[], { dtype });
  return [{ lengths }, { offsets }].map((seg) => ({
    data,
    reduce: reduction,
    kw: { axis, unsafe, initial, ...seg },
    backward: checkBackward,
    gradcheck: checkBackward && dtype === "float64",
    tol: COMMON_TOL,
  }));
}

/** upstream's initial values: min 1000 and prod 2 where an initial value is given, else the given one. */
const initialFor = (reduction: string, initial: number | null) =>
  initial === null ? null : reduction === "min" ? 1000 : reduction === "prod" ? 2 : initial;

// test_pytorch_scatter_test_cases's inputs: [src, indptr]
const PYTORCH_SCATTER_TESTS: [unknown, unknown][] = [
  [
    [1, 2, 3, 4, 5, 6],
    [0, 2, 5, 5, 6],
  ],
  [
    [
      [1, 2],
      [3, 4],
      [5, 6],
      [7, 8],
      [9, 10],
      [11, 12],
    ],
    [0, 2, 5, 5, 6],
  ],
  [
    [
      [1, 3, 5, 7, 9, 11],
      [2, 4, 6, 8, 10, 12],
    ],
    [
      [0, 2, 5, 5, 6],
      [0, 3, 5, 6, 6],
    ],
  ],
  [
    [
      [
        [1, 2],
        [3, 4],
        [5, 6],
      ],
      [
        [7, 9],
        [10, 11],
        [12, 13],
      ],
    ],
    [
      [0, 2, 3, 3],
      [0, 1, 1, 3],
    ],
  ],
  [
    [
      [1, 3],
      [2, 4],
    ],
    [
      [0, 2],
      [0, 2],
    ],
  ],
  [
    [
      [
        [1, 1],
        [3, 3],
      ],
      [
        [2, 2],
        [4, 4],
      ],
    ],
    [
      [0, 2],
      [0, 2],
    ],
  ],
];

describe("TestSegmentReductions (CPU)", () => {
  for (const valDtype of VAL_DTYPES)
    for (const lenDtype of LEN_DTYPES) {
      const sfx = `cpu_${valDtype}_${lenDtype}`;

      it(`test_simple_1d_${sfx}`, async () => {
        const cases: SegCase[] = [];
        for (const reduction of REDUCTIONS)
          for (const initial of [0, null])
            for (const axis of [0, -1])
              for (const unsafe of [true, false])
                cases.push(
                  ...common(
                    reduction,
                    valDtype,
                    unsafe,
                    axis,
                    initialFor(reduction, initial),
                    [1, Number.NaN, 3, 4, 5, 5],
                    [1, 2, 3, 0],
                    initial !== null,
                    lenDtype,
                  ),
                );
        await checkCases(cases);
      });

      it(`test_simple_zero_length_${sfx}`, async () => {
        const cases: SegCase[] = [];
        for (const reduction of REDUCTIONS)
          for (const initial of [0, null])
            for (const unsafe of [true, false])
              cases.push(
                ...common(
                  reduction,
                  valDtype,
                  unsafe,
                  0,
                  initialFor(reduction, initial),
                  [],
                  [0, 0],
                  initial !== null,
                  lenDtype,
                ).map((c) => ({ ...c, raises: /^Expected data\.numel\(\) > 0/ })),
              );
        await checkCases(cases);
      });

      it(`test_multi_d_simple_${sfx}`, async () => {
        const data = [
          [1, 1],
          [Number.NaN, 1],
          [3, Number.NaN],
          [4, 1],
          [3, 2],
          [2, 3],
        ];
        const cases: SegCase[] = [];
        for (const reduction of REDUCTIONS)
          for (const initial of [0, null])
            for (const unsafe of [true, false])
              cases.push(
                ...common(
                  reduction,
                  valDtype,
                  unsafe,
                  0,
                  initialFor(reduction, initial),
                  data,
                  [1, 2, 3, 0],
                  initial !== null,
                  lenDtype,
                ),
              );
        await checkCases(cases);
      });

      for (const reduce of ["sum", "prod", "min", "max", "mean"])
        it(`test_pytorch_scatter_test_cases_reduce_${reduce}_${sfx}`, async () => {
          const cases: SegCase[] = [];
          for (const [src, indptrArr] of PYTORCH_SCATTER_TESTS) {
            const data = torch.tensor(src as number[], { dtype: valDtype });
            const indptr = torch.tensor(indptrArr as number[], { dtype: lenDtype });
            const dim = indptr.dim() - 1;
            // calculate lengths from indptr
            const lengths = torch.diff(indptr, { dim });
            // forward as upstream (unsafe=True, no initial), lengths then offsets=indptr
            for (const seg of [{ lengths }, { offsets: indptr }])
              cases.push({ data, reduce, kw: { axis: dim, unsafe: true, ...seg }, backward: false, gradcheck: false });
            // upstream's gradcheck function (initial values keep zero-length segments finite), with its backward
            // compared with PyTorch's in every dtype
            const initial = reduce === "min" ? 1000 : reduce === "max" ? -1000 : 1;
            for (const seg of [{ lengths }, { offsets: indptr }])
              cases.push({
                data,
                reduce,
                kw: { axis: dim, unsafe: true, initial, ...seg },
                backward: true,
                gradcheck: valDtype === "float64",
              });
          }
          await checkCases(cases);
        });

      it(`test_multi_d_${sfx}`, async () => {
        const data = torch.arange(50).reshape([5, 2, 5]).tolist();
        const cases: SegCase[] = [];
        for (const reduction of REDUCTIONS) {
          // upstream: 0, min 1000 (some high number), prod 1; no backward ("TODO: calculate grad")
          const initial = reduction === "min" ? 1000 : reduction === "prod" ? 1 : 0;
          for (const unsafe of [true, false])
            cases.push(...common(reduction, valDtype, unsafe, 0, initial, data, [0, 2, 3, 0], false, lenDtype));
        }
        await checkCases(cases);
      });
    }

  for (const lenDtype of LEN_DTYPES)
    it(`test_unsafe_flag_cpu_${lenDtype}`, async () => {
      const raises = /Expected all rows of lengths along axis/;
      const lengths = torch.tensor([0, 2, 3, 0], { dtype: lenDtype });
      const data = torch.arange(6, { dtype: "float32" });
      const ndLengths = torch.tensor(
        [
          [0, 3, 3, 0],
          [2, 3, 0, 0],
        ],
        { dtype: lenDtype },
      );
      const ndData = torch.arange(12, { dtype: "float32" }).reshape([2, 6]);
      await checkCases([
        // test for error on 1-D lengths
        { data, reduce: "sum", kw: { lengths, axis: 0, unsafe: false }, backward: false, gradcheck: false, raises },
        // test for error on multi-D lengths
        {
          data: ndData,
          reduce: "sum",
          kw: { lengths: ndLengths, axis: 1, unsafe: false },
          backward: false,
          gradcheck: false,
          raises,
        },
      ]);
    });
});
