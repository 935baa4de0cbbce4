// Ported from PyTorch 1.13's test/test_indexing.py (TestIndexing, NumpyTests): x[...] as x.index(...), x[...] = v
// as x.indexPut_([...], v), each case named after the upstream test as instantiated on the CPU (test_<name>[_<dtype>]).
// Python's list, tuple and range indices are int64 tensors here (what PyTorch makes of them); index_put_(indices,
// values, accumulate) is the out-of-place x.indexPut(indices, values, accumulate) (torchts's x.indexPut_ is Python's
// x[...] = v, which takes no accumulate). Every value is compared with live PyTorch running the upstream statements
// on the same inputs (where upstream compares with hand-written numbers, NumPy or Python lists), every error with
// PyTorch's class and first message line, and warnings (the uint8-mask deprecation) with the messages PyTorch gives
// under torch.set_warn_always(True). data_ptr() comparisons are checked as views (the same storage offset, and
// writes through the result reach the tensor) or copies (they do not).
// Later releases' tests are ported as far as PyTorch 1.13 passes them (test_list_indices, test_bool_mask_assignment,
// test_index_put_accumulate_empty, test_index_limits, test_truncate_leading_1s; test_multi_dimensional_bool_mask and
// test_multi_dimensional_bool_mask_assignment in part).
// Left out:
// - what PyTorch 1.13 itself fails (later releases fixed it), where torchts raises the same error: test_index_ind_dtype
//   (int32 index tensors: "tensors used as indices must be long, byte or bool tensors"), a 2-d mask followed by more
//   indices in test_multi_dimensional_bool_mask (x[m, ::2], x[m, None], x[0, m, ::2], ...: "The shape of the mask
//   [2, 2] at index 1 does not match ..."), and torch.ops.aten.index_put_(v, [None, mask, None], ...) in
//   test_multi_dimensional_bool_mask_assignment ("output with shape [1, 2, 2, 1] doesn't match the broadcast shape").
// - test_index_no_floats and the float indices of test_index (a[0.0], a[0.0:2.0]): a JS number 0.0 is the
//   integer 0. (a[-1.4], a[()] and a[1 << 64] now behave as PyTorch: test/indexing.test.ts checks them.)
// - `del reference[0]` in test_index, the boolean-sequence half of test_multi_dimensional_bool_mask (Python tuples
//   as indices). (test_variable_slicing and test_index_put_accumulate_large_tensor are in test_indexing_more.)
// - test_jit_indexing (TorchScript), test_index_tensor_empty_indices (torch.ops.aten.index.Tensor(t, []): no torchts
//   form; PyTorch 1.13 raises an internal assert there, later releases an IndexError).
// - CUDA-only tests: test_index_put_accumulate_non_contiguous, test_index_put_accumulate_with_optional_tensors
//   (test_index_put_deterministic_with_optional_tensors later), test_index_put_large_indices, test_invalid_device,
//   test_cpu_indices, test_gather_take_along_dim_cross_device, test_cuda_broadcast_index_use_deterministic_algorithms;
//   and the backward half of test_advancedindex, which upstream runs off the CPU only.
// - test_unravel_index_errors (torch.unravel_index is 2.2's), and the tests later releases moved in from 1.13's
//   test_torch.py: test_index_reduce, test_index_copy, test_index_copy_scalars, test_errors_index_copy,
//   test_index_copy_deterministic, test_index_add_deterministic, test_index_put_non_accumulate_deterministic,
//   test_index_fill, test_index_select.

import * as assert from "node:assert/strict";
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { IndexError, NotImplementedError, Tensor, ValueError } from "../../lib";
import type { IndexItem } from "../../lib/indexing";
import { expectSame, expectSameWarnings, expectTensor, type Out } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Nested = number | Nested[];
const long = (v: Nested) => torch.tensor(v as number[], { dtype: "int64" });
const f32 = (v: Nested) => torch.tensor(v as number[], { dtype: "float32" });
const bool = (v: boolean[] | boolean[][] | boolean) => torch.tensor(v as boolean[], { dtype: "bool" });
const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

// A fixed-seed generator for upstream's random.randrange / random.randint draws.
let state = 1234;
function randrange(n: number): number {
  state = (state * 1103515245 + 12345) % 2 ** 31;
  return state % n;
}

/** Python's exception class for an error torchts raised (lib/errors.ts's mapping of libtorch's errors). */
function errClass(e: unknown): string {
  if (e instanceof IndexError) return "IndexError";
  if (e instanceof ValueError) return "ValueError";
  if (e instanceof NotImplementedError) return "NotImplementedError";
  if (e instanceof TypeError) return "TypeError";
  if (e instanceof Error && Object.getPrototypeOf(e) === Error.prototype) return "RuntimeError";
  return `not a PyTorch error: ${String(e)}`;
}

interface ErrorCheck {
  /** upstream's assertRaisesRegex pattern, which both messages must match */
  regex?: RegExp;
  /** the first lines differ (listed in the report): only the class and `regex` are compared */
  messageDiffers?: boolean;
}
type Entry =
  | { kind: "value"; mine: Out; label: string; tol?: { rtol?: number; atol?: number } }
  | { kind: "error"; mine: [string, string] | null; label: string; o: ErrorCheck };

const PY_HELPERS = `
def _copy(v):
    return v.clone() if isinstance(v, torch.Tensor) else v
`;

/**
 * The same steps in torchts (run now) and, as the upstream Python statements, in PyTorch (run by check() on the
 * same inputs); check() compares every value and error each side recorded.
 */
class Replay {
  private entries: Entry[] = [];
  private code: string[];
  private readonly inputs: Record<string, unknown>;

  constructor(inputs: Record<string, unknown> = {}, prelude = "") {
    this.inputs = Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, v instanceof Tensor ? v.clone() : v]));
    this.code = [PY_HELPERS, prelude, "out = []"];
  }

  /** One more input (cloned now, as the constructor's). */
  input(name: string, value: unknown): this {
    this.inputs[name] = value instanceof Tensor ? value.clone() : value;
    return this;
  }

  /** A statement: torchts's form, then Python's. */
  run(fn: () => unknown, stmt: string): this {
    fn();
    this.code.push(stmt);
    return this;
  }

  /** A value: torchts's, then Python's expression for it. */
  eq(mine: Out, expr: string, tol?: { rtol?: number; atol?: number }): this {
    this.entries.push({ kind: "value", mine: mine instanceof Tensor ? mine.clone() : mine, label: expr, tol });
    this.code.push(`out.append(_copy(${expr}))`);
    return this;
  }

  eqs(pairs: Array<[Out, string]>): this {
    for (const [mine, expr] of pairs) this.eq(mine, expr);
    return this;
  }

  /** A statement that raises: the same class and first message line as in PyTorch. */
  raises(fn: () => unknown, stmt: string, o: ErrorCheck = {}): this {
    let got: [string, string] | null = null;
    try {
      fn();
    } catch (e) {
      got = [errClass(e), String((e as Error).message).split("\n")[0] as string];
    }
    this.entries.push({ kind: "error", mine: got, label: stmt, o });
    this.code.push(
      `try:\n    ${stmt}\n    out.append(None)\nexcept Exception as _e:\n    out.append([type(_e).__name__, str(_e).split("\\n")[0]])`,
    );
    return this;
  }

  async check(): Promise<void> {
    const ref = (await py.eval(this.code.join("\n"), this.inputs)) as PyValue[];
    assert.equal(ref.length, this.entries.length, "entries");
    this.entries.forEach((e, k) => {
      const theirs = ref[k] as PyValue;
      if (e.kind === "value") {
        if (e.mine instanceof Tensor) expectTensor(e.mine, theirs, e.tol ?? {}, e.label);
        else expectSame(e.mine, theirs, e.label);
        return;
      }
      assert.ok(theirs !== null, `PyTorch raises nothing for ${e.label}`);
      assert.ok(e.mine !== null, `torchts raises nothing for ${e.label} (PyTorch: ${String(theirs)})`);
      const [cls, msg] = theirs as [string, string];
      assert.equal(e.mine[0], cls, `${e.label}: class (torchts: ${e.mine[1]})`);
      if (e.o.regex) {
        assert.match(msg, e.o.regex, `${e.label}: PyTorch's message`);
        assert.match(e.mine[1], e.o.regex, `${e.label}: torchts's message`);
      }
      if (!e.o.messageDiffers) assert.equal(e.mine[1], msg, `${e.label}: message`);
    });
  }
}

/** Each call's warnings: torchts's (setWarnAlways) and PyTorch's for `code`, on copies of the inputs. */
const sameWarnings = (fn: () => void, code: string, inputs: Record<string, unknown>) =>
  expectSameWarnings(py, fn, code, inputs);

/**
 * A basic index is a view: at `offset` in the storage (a's own by default: upstream's equal data_ptr()), and writes
 * through it reach the tensor.
 */
function expectView(a: Tensor, view: Tensor, what: string, offset = a.storageOffset()): void {
  assert.equal(view.storageOffset(), offset, `${what}: storage offset`);
  const before = a.clone();
  view.fill_(7);
  assert.ok(!a.equal(before), `${what}: a write through the view reaches the tensor`);
  a.copy_(before);
}

/** An advanced index is a copy: writes to it leave the tensor alone. */
function expectCopy(a: Tensor, copy: Tensor, what: string): void {
  const before = a.clone();
  copy.fill_(7);
  assert.ok(a.equal(before), `${what}: the tensor is unchanged`);
}

// An index as upstream's tuples: ":" (slice(None)), "..." (Ellipsis), or nested int lists (tuples upstream).
type Ix = ":" | "..." | Nested;
const S = ":";
const E = "...";
const toItems = (ix: Ix[]): IndexItem[] => ix.map((i) => (i === S || i === E ? i : long(i)));
const PY_CONV = `
def _conv(i):
    if i == ":":
        return slice(None)
    if i == "...":
        return Ellipsis
    return tuple(_conv(j) for j in i) if isinstance(i, list) else i
`;

describe("TestIndexing", () => {
  const CONSEC_PY = `
def consec(size, start=1):
    sequence = torch.ones(torch.tensor(size).prod(0)).cumsum(0)
    sequence.add_(start - 1)
    return sequence.view(*size)
`;
  const consec = (size: number[], start = 1) =>
    torch
      .ones([prod(size)])
      .cumsum(0)
      .add(start - 1)
      .view(size);

  it("test_index", async () => {
    let reference = consec([3, 3, 3]);
    const r = new Replay({}, CONSEC_PY).run(() => {}, "reference = consec((3, 3, 3))");
    r.eqs([
      [reference.index(long([])), "reference[torch.LongTensor()]"],
      [reference.index(long([])).shape, "reference.new(0, 3, 3).shape"],
      [reference.index(0), "reference[0]"],
      [reference.index(1), "reference[1]"],
      [reference.index(2), "reference[2]"],
      [reference.index(0, 1), "reference[0, 1]"],
      [reference.index("0:2"), "reference[0:2]"],
      [reference.index(2, 2, 2).item() as number, "reference[2, 2, 2].item()"],
      [reference.index(":"), "reference[:]"],
      // indexing with Ellipsis
      [reference.index(E, 2), "reference[..., 2]"],
      [reference.index(0, E, 2), "reference[0, ..., 2]"],
      [reference.index(S, S, 2), "reference[:, :, 2]"],
      [reference.index(0, S, 2), "reference[0, :, 2]"],
      [reference.index(0, 2, E), "reference[0, 2, ...]"],
      [reference.index(0, 2), "reference[0, 2]"],
      [reference.index(E, 2, 2, 2).item() as number, "reference[..., 2, 2, 2].item()"],
      [reference.index(2, E, 2, 2).item() as number, "reference[2, ..., 2, 2].item()"],
      [reference.index(2, 2, E, 2).item() as number, "reference[2, 2, ..., 2].item()"],
      [reference.index(2, 2, 2, E).item() as number, "reference[2, 2, 2, ...].item()"],
      [reference.index(E), "reference[...]"],
    ]);
    // upstream's own identities
    expectTensor(reference.index(E, 2), reference.index(S, S, 2), {}, "reference[..., 2]");
    expectTensor(reference.index(0, E, 2), reference.index(0, S, 2), {}, "reference[0, ..., 2]");
    expectTensor(reference.index(0, 2, E), reference.index(0, 2), {}, "reference[0, 2, ...]");
    expectTensor(reference.index(0), consec([3, 3]), {}, "reference[0]");
    expectTensor(reference.index(2), consec([3, 3], 19), {}, "reference[2]");
    expect(reference.index(2, 2, 2).item()).toBe(27);

    const reference5d = consec([3, 3, 3, 3, 3]);
    r.run(() => {}, "reference_5d = consec((3, 3, 3, 3, 3))").eqs([
      [reference5d.index(E, 1, 0), "reference_5d[..., 1, 0]"],
      [reference5d.index(S, S, S, 1, 0), "reference_5d[:, :, :, 1, 0]"],
      [reference5d.index(2, E, 1, 0), "reference_5d[2, ..., 1, 0]"],
      [reference5d.index(2, S, S, 1, 0), "reference_5d[2, :, :, 1, 0]"],
      [reference5d.index(2, 1, 0, E, 1), "reference_5d[2, 1, 0, ..., 1]"],
      [reference5d.index(2, 1, 0, S, 1), "reference_5d[2, 1, 0, :, 1]"],
      [reference5d.index(E), "reference_5d[...]"],
    ]);
    expectTensor(
      reference5d.index(2, 1, 0, E, 1),
      reference5d.index(2, 1, 0, S, 1),
      {},
      "reference_5d[2, 1, 0, ..., 1]",
    );

    // LongTensor indexing, None indexing, 0-length slices
    reference = consec([5, 5, 5]);
    const idx = long([2, 4]);
    r.run(() => {}, "reference = consec((5, 5, 5))").eqs([
      [reference.index(idx), "reference[torch.LongTensor([2, 4])]"],
      [torch.stack([reference.index(2), reference.index(4)]), "torch.stack([reference[2], reference[4]])"],
      [reference.index(2, null), "reference[2, None]"],
      [reference.index(2, null, null), "reference[2, None, None]"],
      [reference.index("2:4", null), "reference[2:4, None]"],
      [reference.index(null, 2, null, null), "reference[None, 2, None, None]"],
      [reference.index(null, "2:5", null, null), "reference[None, 2:5, None, None]"],
      [reference.index(torch.slice(null, 0)), "reference[slice(0)]"],
      [reference.index(torch.slice(null, 0), 2), "reference[slice(0), 2]"],
      [reference.index(2, torch.slice(null, 0)), "reference[2, slice(0)]"],
      [reference.index(2, "1:1", 2), "reference[2, 1:1, 2]"],
    ]);
    expectTensor(reference.index(2, null), reference.index(2).unsqueeze(0), {}, "reference[2, None]");
    expectTensor(
      reference.index(null, "2:5", null, null),
      reference.unsqueeze(0).index(S, "2:5").unsqueeze(2).unsqueeze(2),
      {},
      "reference[None, 2:5, None, None]",
    );

    // indexing with step
    reference = consec([10, 10, 10]);
    r.run(() => {}, "reference = consec((10, 10, 10))").eqs([
      [reference.index("1:5:2"), "reference[1:5:2]"],
      [reference.index("1:6:2"), "reference[1:6:2]"],
      [reference.index("1:9:4"), "reference[1:9:4]"],
      [reference.index("2:4", "1:5:2"), "reference[2:4, 1:5:2]"],
      [reference.index(3, "1:6:2"), "reference[3, 1:6:2]"],
      [reference.index(null, 2, "1:9:4"), "reference[None, 2, 1:9:4]"],
      [reference.index(S, 2, "1:6:2"), "reference[:, 2, 1:6:2]"],
    ]);
    expectTensor(
      reference.index("1:6:2"),
      torch.stack([reference.index(1), reference.index(3), reference.index(5)], 0),
      {},
      "reference[1:6:2]",
    );

    // random slices of a 10x10 tensor against Python's list slicing (and PyTorch)
    const lst = Array.from({ length: 10 }, (_, i) => Array.from({ length: 10 }, (_, j) => i * 10 + j));
    const tensor = torch.tensor(lst, { dtype: "float64" });
    const pySlice = <T>(a: T[], start: number, stop: number, step: number) =>
      a.filter((_, i) => i >= start && i < stop && (i - start) % step === 0);
    r.run(() => {}, `tensor = torch.DoubleTensor([list(range(i, i + 10)) for i in range(0, 100, 10)])`);
    for (let k = 0; k < 100; k++) {
      const s1 = randrange(10);
      const sl1: [number, number, number] = [s1, s1 + 1 + randrange(10 - s1), 1 + randrange(7)];
      let mine: Tensor;
      let expected: number[][];
      let expr: string;
      if (randrange(2) === 0) {
        const s2 = randrange(10);
        const sl2: [number, number, number] = [s2, s2 + 1 + randrange(10 - s2), 1 + randrange(7)];
        mine = tensor.index(torch.slice(...sl1), torch.slice(...sl2));
        expected = pySlice(lst, ...sl1).map((l) => pySlice(l, ...sl2));
        expr = `tensor[slice(${sl1}), slice(${sl2})]`;
      } else {
        mine = tensor.index(torch.slice(...sl1));
        expected = pySlice(lst, ...sl1);
        expr = `tensor[slice(${sl1})]`;
      }
      expectTensor(mine, torch.tensor(expected, { dtype: "float64" }), {}, expr);
      r.eq(mine, expr);
    }

    r.raises(() => reference.index("1:9:0"), "reference[1:9:0]")
      .raises(() => reference.index(torch.slice(1, 9, -1)), "reference[1:9:-1]")
      .raises(() => reference.index(1, 1, 1, 1), "reference[1, 1, 1, 1]")
      .raises(() => reference.index(1, 1, 1, "1:1"), "reference[1, 1, 1, 1:1]")
      .raises(() => reference.index(3, 3, 3, 3, 3, 3, 3, 3), "reference[3, 3, 3, 3, 3, 3, 3, 3]");
    await r.check();
  });

  // The NumPy comparisons of test_advancedindex: indexers as upstream's tuples.
  const IX_2D: Ix[][] = [
    [S, [1, 3]],
    [[0, 2], S],
    [
      S,
      [
        [0, 1],
        [2, 3],
      ],
    ],
    [[-1], [0]],
    [[0, 2], [-1]],
    [S, [-1]],
  ];
  const IX_2D_GET_ONLY: Ix[][] = [[S, [0, 1, 1, 2, 2]]];
  const IX_3D: Ix[][] = [
    [S, S, [0, 3, 4]],
    [S, [2, 4, 5, 7], S],
    [[2, 3], S, S],
    [S, [0, 2, 3], [1, 3, 4]],
    [S, [0], [1, 2, 4]],
    [S, [0, 1, 3], [4]],
    [
      S,
      [
        [0, 1],
        [1, 0],
      ],
      [[2, 3]],
    ],
    [
      S,
      [
        [0, 1],
        [2, 3],
      ],
      [[0]],
    ],
    [
      S,
      [[5, 6]],
      [
        [0, 3],
        [4, 4],
      ],
    ],
    [[0, 2, 3], [1, 3, 4], S],
    [[0], [1, 2, 4], S],
    [[0, 1, 3], [4], S],
    [
      [
        [0, 1],
        [1, 0],
      ],
      [
        [2, 1],
        [3, 5],
      ],
      S,
    ],
    [
      [
        [0, 1],
        [1, 0],
      ],
      [[2, 3]],
      S,
    ],
    [
      [
        [0, 1],
        [2, 3],
      ],
      [[0]],
      S,
    ],
    [
      [[2, 1]],
      [
        [0, 3],
        [4, 4],
      ],
      S,
    ],
    [
      [[2]],
      [
        [0, 3],
        [4, 1],
      ],
      S,
    ],
    [[0, 2, 3], S, [1, 3, 4]],
    [[0, 2]],
    [[0, 2], S],
    [[0, 2], E],
    [[0, 2], S, E],
    [[0, 2], E, S],
    [
      [0, 2],
      [1, 3],
    ],
    [[0, 2], [1, 3], E],
    [E, [1, 3], [2, 3]],
    [E, [2, 3, 4]],
    [E, S, [2, 3, 4]],
    [S, E, [2, 3, 4]],
    [E, S, S, [0, 3, 4]],
    [S, E, S, [0, 3, 4]],
    [S, S, E, [0, 3, 4]],
    [S, S, [0, 3, 4], E],
    [
      E,
      [
        [0, 1],
        [1, 0],
      ],
      [
        [2, 1],
        [3, 5],
      ],
      S,
    ],
    [
      [
        [0, 1],
        [1, 0],
      ],
      [
        [2, 1],
        [3, 5],
      ],
      E,
      S,
    ],
    [
      [
        [0, 1],
        [1, 0],
      ],
      [
        [2, 1],
        [3, 5],
      ],
      S,
      E,
    ],
  ];
  const IX_4D: Ix[][] = [
    [S, S, S, [0, 3, 4]],
    [S, S, [2, 4, 5, 7], S],
    [S, [2, 3], S, S],
    [[1, 2], S, S, S],
    [S, S, [0, 2, 3], [1, 3, 4]],
    [S, S, [0], [1, 2, 4]],
    [S, S, [0, 1, 3], [4]],
    [
      S,
      S,
      [
        [0, 1],
        [1, 0],
      ],
      [[2, 3]],
    ],
    [
      S,
      S,
      [
        [0, 1],
        [2, 3],
      ],
      [[0]],
    ],
    [
      S,
      S,
      [[5, 6]],
      [
        [0, 3],
        [4, 4],
      ],
    ],
    [S, [0, 2, 3], [1, 3, 4], S],
    [S, [0], [1, 2, 4], S],
    [S, [0, 1, 3], [4], S],
    [
      S,
      [
        [0, 1],
        [3, 4],
      ],
      [
        [2, 3],
        [0, 1],
      ],
      S,
    ],
    [
      S,
      [
        [0, 1],
        [3, 4],
      ],
      [[2, 3]],
      S,
    ],
    [
      S,
      [
        [0, 1],
        [3, 2],
      ],
      [[0]],
      S,
    ],
    [
      S,
      [[2, 1]],
      [
        [0, 3],
        [6, 4],
      ],
      S,
    ],
    [
      S,
      [[2]],
      [
        [0, 3],
        [4, 2],
      ],
      S,
    ],
    [[0, 1, 2], [1, 3, 4], S, S],
    [[0], [1, 2, 4], S, S],
    [[0, 1, 2], [4], S, S],
    [
      [
        [0, 1],
        [0, 2],
      ],
      [
        [2, 4],
        [1, 5],
      ],
      S,
      S,
    ],
    [
      [
        [0, 1],
        [1, 2],
      ],
      [[2, 0]],
      S,
      S,
    ],
    [
      [[2, 2]],
      [
        [0, 3],
        [4, 5],
      ],
      S,
      S,
    ],
    [
      [[2]],
      [
        [0, 3],
        [4, 5],
      ],
      S,
      S,
    ],
    [S, [3, 4, 6], [0, 2, 3], [1, 3, 4]],
    [S, [2, 3, 4], [1, 3, 4], [4]],
    [S, [0, 1, 3], [4], [1, 3, 4]],
    [S, [6], [0, 2, 3], [1, 3, 4]],
    [S, [2, 3, 5], [3], [4]],
    [S, [0], [4], [1, 3, 4]],
    [S, [6], [0, 2, 3], [1]],
    [
      S,
      [
        [0, 3],
        [3, 6],
      ],
      [
        [0, 1],
        [1, 3],
      ],
      [
        [5, 3],
        [1, 2],
      ],
    ],
    [[2, 2, 1], [0, 2, 3], [1, 3, 4], S],
    [[2, 0, 1], [1, 2, 3], [4], S],
    [[0, 1, 2], [4], [1, 3, 4], S],
    [[0], [0, 2, 3], [1, 3, 4], S],
    [[0, 2, 1], [3], [4], S],
    [[0], [4], [1, 3, 4], S],
    [[1], [0, 2, 3], [1], S],
    [
      [
        [1, 2],
        [1, 2],
      ],
      [
        [0, 1],
        [2, 3],
      ],
      [
        [2, 3],
        [3, 5],
      ],
      S,
    ],
    [E, [0, 3, 4]],
    [E, S, [0, 3, 4]],
    [E, S, S, [0, 3, 4]],
    [S, E, [0, 3, 4]],
    [S, S, E, [0, 3, 4]],
    [S, [0, 2, 3], [1, 3, 4]],
    [S, [0, 2, 3], [1, 3, 4], E],
    [E, [0, 2, 3], [1, 3, 4], S],
    [[0], [1, 2, 4]],
    [[0], [1, 2, 4], S],
    [[0], [1, 2, 4], E],
    [[0], [1, 2, 4], E, S],
    [[1]],
    [[0, 2, 1], [3], [4]],
    [[0, 2, 1], [3], [4], S],
    [[0, 2, 1], [3], [4], E],
    [E, [0, 2, 1], [3], [4]],
  ];
  const IX_4D_MORE: Ix[][] = [
    [
      S,
      S,
      [
        [0, 1],
        [1, 0],
      ],
      [
        [2, 3],
        [3, 0],
      ],
    ],
    [
      S,
      S,
      [[2]],
      [
        [0, 3],
        [4, 4],
      ],
    ],
  ];

  /** Upstream's assert_get_eq / assert_set_eq (with `value`, then a randperm tensor unless getOnly), against PyTorch. */
  async function getSetAsPyTorch(reference: Tensor, ixs: Ix[][], value: number, mode: "get" | "number" | "both") {
    const mine: Tensor[] = [];
    const vals: Array<Tensor | null> = [];
    for (const ix of ixs) {
      const items = toItems(ix);
      const got = reference.index(...items);
      mine.push(got);
      if (mode === "get") continue;
      mine.push(reference.clone().indexPut_(items, value));
      if (mode === "both") {
        const v = torch.randperm(got.numel()).view(got.shape).double();
        vals.push(v);
        mine.push(reference.clone().indexPut_(items, v));
      }
    }
    const ref = (await py.eval(
      `${PY_CONV}
out = []
for k, ix in enumerate(ixs):
    idx = tuple(_conv(i) for i in ix)
    out.append(reference[idx])
    if mode == "get":
        continue
    a = reference.clone()
    a[idx] = value
    out.append(a)
    if mode == "both":
        a = reference.clone()
        a[idx] = vals[k]
        out.append(a)`,
      { reference, ixs, value, mode, vals },
    )) as PyValue[];
    const per = mode === "get" ? 1 : mode === "number" ? 2 : 3;
    mine.forEach((t, k) => {
      const what = ["get", `set ${value}`, "set tensor"][k % per];
      expectTensor(t, ref[k] as PyValue, {}, `${JSON.stringify(ixs[Math.floor(k / per)])} ${what}`);
    });
  }

  for (const dtype of ["float16", "float64"] as const) {
    it(`test_advancedindex_${dtype}`, async () => {
      const consecT = (size: number[], start = 1) =>
        torch
          .ones([prod(size)], { dtype: "float32" })
          .cumsum(0)
          .add(start - 1)
          .view(size)
          .to(dtype);
      const t = (v: Nested) => torch.tensor(v as number[], { dtype });
      const r = new Replay(
        {},
        `
import random, operator
from functools import reduce
random.seed(0)
device = "cpu"
dtype = torch.${dtype}
def consec(size, start=1):
    numel = reduce(operator.mul, size, 1)
    sequence = torch.ones(numel, dtype=torch.float, device=device).cumsum(0)
    sequence.add_(start - 1)
    return sequence.view(*size).to(dtype=dtype)
def ri(indices):
    choice = random.randint(0, 2)
    if choice == 0:
        return torch.LongTensor(indices).to(device)
    elif choice == 1:
        return list(indices)
    else:
        return tuple(indices)
`,
      );
      const validateIndexing = (x: Tensor) =>
        r.eqs([
          [x.index(long([0])), "x[[0]]"],
          [x.index(long([0])), "x[ri([0]),]"],
          [x.index(long([3])), "x[ri([3]),]"],
          [x.index(long([2, 3, 4])), "x[[2, 3, 4]]"],
          [x.index(long([2, 3, 4])), "x[ri([2, 3, 4]),]"],
          [x.index(long([0, 2, 4])), "x[ri([0, 2, 4]),]"],
        ]);
      const validateSetting = (x: Tensor) =>
        r
          .run(() => x.indexPut_([long([0])], -2), "x[[0]] = -2")
          .eq(x.index(long([0])), "x[[0]]")
          .run(() => x.indexPut_([long([0])], -1), "x[[0]] = -1")
          .eq(x.index(long([0])), "x[ri([0]),]")
          .run(() => x.indexPut_([long([2, 3, 4])], 4), "x[[2, 3, 4]] = 4")
          .eq(x.index(long([2, 3, 4])), "x[[2, 3, 4]]")
          .run(() => x.indexPut_([long([2, 3, 4])], 3), "x[ri([2, 3, 4]),] = 3")
          .eq(x.index(long([2, 3, 4])), "x[ri([2, 3, 4]),]")
          .run(
            () => x.indexPut_([long([0, 2, 4])], t([5, 4, 3])),
            "x[ri([0, 2, 4]),] = torch.tensor([5, 4, 3], dtype=dtype, device=device)",
          )
          .eq(x.index(long([0, 2, 4])), "x[ri([0, 2, 4]),]");

      let x = consecT([10]);
      r.run(() => {}, "x = consec((10,))");
      validateIndexing(x);
      validateSetting(x);
      if (dtype === "float16") {
        await r.check();
        return;
      }

      // Tensor with stride != 1: strided is [1, 3, 5, 7]
      let reference = consecT([10]);
      let strided = reference.asStrided([4], [2], 0);
      r.run(
        () => {},
        `reference = consec((10,))
strided = torch.tensor((), dtype=dtype, device=device)
strided.set_(reference.storage(), storage_offset=0, size=torch.Size([4]), stride=[2])`,
      ).eqs([
        [strided.index(long([0])), "strided[[0]]"],
        [strided.index(long([0])), "strided[ri([0]),]"],
        [strided.index(long([3])), "strided[ri([3]),]"],
        [strided.index(long([1, 2])), "strided[[1, 2]]"],
        [strided.index(long([1, 2])), "strided[ri([1, 2]),]"],
        [
          strided.index(
            long([
              [2, 1],
              [0, 3],
            ]),
          ),
          "strided[ri([[2, 1], [0, 3]]),]",
        ],
      ]);
      // stride is [4, 8]
      strided = reference.asStrided([2], [4], 4);
      r.run(
        () => {},
        `strided = torch.tensor((), dtype=dtype, device=device)
strided.set_(reference.storage(), storage_offset=4, size=torch.Size([2]), stride=[4])`,
      ).eqs([
        [strided.index(long([0])), "strided[[0]]"],
        [strided.index(long([0])), "strided[ri([0]),]"],
        [strided.index(long([1])), "strided[ri([1]),]"],
        [strided.index(long([0, 1])), "strided[[0, 1]]"],
        [strided.index(long([0, 1])), "strided[ri([0, 1]),]"],
        [
          strided.index(
            long([
              [0, 1],
              [1, 0],
            ]),
          ),
          "strided[ri([[0, 1], [1, 0]]),]",
        ],
      ]);

      // reference is 1 2 / 3 4 / 5 6, then the transposed [[0, 4, 8], [1, 5, 9], [2, 6, 10], [3, 7, 11]]
      const pairsAndSetting = (ref: Tensor, big: number) => {
        let rows = long([
          [0, 0],
          [1, 2],
        ]);
        r.eqs([
          [ref.index(long([0, 1, 2]), long([0])), "reference[ri([0, 1, 2]), ri([0])]"],
          [ref.index(long([0, 1, 2]), long([1])), "reference[ri([0, 1, 2]), ri([1])]"],
          [ref.index(long([0]), long([0])), "reference[ri([0]), ri([0])]"],
          [ref.index(long([2]), long([1])), "reference[ri([2]), ri([1])]"],
          [ref.index(long([0, 0]), long([0, 1])), "reference[(ri([0, 0]), ri([0, 1]))]"],
          [ref.index(long([0, 1, 1, 0, big]), long([1])), `reference[(ri([0, 1, 1, 0, ${big}]), ri([1]))]`],
          [ref.index(long([0, 0, 1, 1]), long([0, 1, 0, 0])), "reference[(ri([0, 0, 1, 1]), ri([0, 1, 0, 0]))]"],
          [ref.index(rows, long([[0]])), "reference[ri([[0, 0], [1, 2]]), ([0],)]"],
          [ref.index(rows, long([1, 0])), "reference[ri([[0, 0], [1, 2]]), ri([1, 0])]"],
        ]);
        rows = long([
          [0, 0],
          [1, big],
        ]);
        const columns = long([
          [0, 1],
          [1, big === 2 ? 0 : 2],
        ]);
        const [pyRows, pyCols] = [`ri([[0, 0], [1, ${big}]])`, `ri([[0, 1], [1, ${big === 2 ? 0 : 2}]])`];
        r.run(() => {}, `rows = ${pyRows}\ncolumns = ${pyCols}`)
          .eq(ref.index(rows, columns), "reference[rows, columns]")
          // setting values
          .run(() => ref.indexPut_([long([0]), long([1])], -1), "reference[ri([0]), ri([1])] = -1")
          .eq(ref.index(long([0]), long([1])), "reference[ri([0]), ri([1])]")
          .run(
            () => ref.indexPut_([long([0, 1, 2]), long([0])], t([-1, 2, -4])),
            "reference[ri([0, 1, 2]), ri([0])] = torch.tensor([-1, 2, -4], dtype=dtype, device=device)",
          )
          .eq(ref.index(long([0, 1, 2]), long([0])), "reference[ri([0, 1, 2]), ri([0])]")
          .run(
            () =>
              ref.indexPut_(
                [rows, columns],
                t([
                  [4, 6],
                  [2, 3],
                ]),
              ),
            "reference[rows, columns] = torch.tensor([[4, 6], [2, 3]], dtype=dtype, device=device)",
          )
          .eq(ref.index(rows, columns), "reference[rows, columns]");
      };
      reference = consecT([3, 2]);
      r.run(() => {}, "reference = consec((3, 2))");
      pairsAndSetting(reference, 2);
      // Verify still works with Transposed (i.e. non-contiguous) Tensors
      reference = t([
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10, 11],
      ]).t_();
      r.run(
        () => {},
        "reference = torch.tensor([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]], dtype=dtype, device=device).t_()",
      );
      pairsAndSetting(reference, 3);

      // stride != 1: strided is [[1 3 5 7], [9 11 13 15]]
      const arange24 = () => torch.arange(0, 24, 1, { dtype }).view(3, 8);
      reference = arange24();
      strided = reference.asStrided([2, 4], [8, 2], 1);
      r.run(
        () => {},
        `reference = torch.arange(0., 24, dtype=dtype, device=device).view(3, 8)
strided = torch.tensor((), dtype=dtype, device=device)
strided.set_(reference.storage(), 1, size=torch.Size([2, 4]), stride=[8, 2])`,
      ).eqs([
        [strided.index(long([0, 1]), long([0])), "strided[ri([0, 1]), ri([0])]"],
        [strided.index(long([0, 1]), long([1])), "strided[ri([0, 1]), ri([1])]"],
        [strided.index(long([0]), long([0])), "strided[ri([0]), ri([0])]"],
        [strided.index(long([1]), long([3])), "strided[ri([1]), ri([3])]"],
        [strided.index(long([0, 0]), long([0, 3])), "strided[(ri([0, 0]), ri([0, 3]))]"],
        [strided.index(long([1]), long([0, 1, 1, 0, 3])), "strided[(ri([1]), ri([0, 1, 1, 0, 3]))]"],
        [strided.index(long([0, 0, 1, 1]), long([0, 1, 0, 0])), "strided[(ri([0, 0, 1, 1]), ri([0, 1, 0, 0]))]"],
        [
          strided.index(
            long([
              [0, 0],
              [1, 1],
            ]),
            long([[0]]),
          ),
          "strided[ri([[0, 0], [1, 1]]), ([0],)]",
        ],
        [
          strided.index(
            long([
              [0, 1],
              [1, 0],
            ]),
            long([1, 2]),
          ),
          "strided[ri([[0, 1], [1, 0]]), ri([1, 2])]",
        ],
        [
          strided.index(
            long([
              [0, 0],
              [1, 1],
            ]),
            long([
              [0, 1],
              [1, 2],
            ]),
          ),
          "strided[ri([[0, 0], [1, 1]]), ri([[0, 1], [1, 2]])]",
        ],
      ]);

      // setting values: strided is [[10, 11], [17, 18]]
      const strided1010 = `reference = torch.arange(0., 24, dtype=dtype, device=device).view(3, 8)
strided = torch.tensor((), dtype=dtype, device=device)
strided.set_(reference.storage(), 10, size=torch.Size([2, 2]), stride=[7, 1])`;
      reference = arange24();
      strided = reference.asStrided([2, 2], [7, 1], 10);
      r.run(() => {}, strided1010)
        .eq(strided.index(long([0]), long([1])), "strided[ri([0]), ri([1])]")
        .run(() => strided.indexPut_([long([0]), long([1])], -1), "strided[ri([0]), ri([1])] = -1")
        .eq(strided.index(long([0]), long([1])), "strided[ri([0]), ri([1])]")
        .eq(reference, "reference");
      reference = arange24();
      strided = reference.asStrided([2, 2], [7, 1], 10);
      r.run(() => {}, strided1010)
        .eq(strided.index(long([0, 1]), long([1, 0])), "strided[ri([0, 1]), ri([1, 0])]")
        .run(
          () => strided.indexPut_([long([0, 1]), long([1, 0])], t([-1, 2])),
          "strided[ri([0, 1]), ri([1, 0])] = torch.tensor([-1, 2], dtype=dtype, device=device)",
        )
        .eq(strided.index(long([0, 1]), long([1, 0])), "strided[ri([0, 1]), ri([1, 0])]")
        .eq(reference, "reference");
      reference = arange24();
      strided = reference.asStrided([2, 2], [7, 1], 10);
      const rows = long([[0], [1]]);
      const columns = long([
        [0, 1],
        [0, 1],
      ]);
      r.run(() => {}, `${strided1010}\nrows = ri([[0], [1]])\ncolumns = ri([[0, 1], [0, 1]])`)
        .eq(strided.index(rows, columns), "strided[rows, columns]")
        .run(
          () =>
            strided.indexPut_(
              [rows, columns],
              t([
                [4, 6],
                [2, 3],
              ]),
            ),
          "strided[rows, columns] = torch.tensor([[4, 6], [2, 3]], dtype=dtype, device=device)",
        )
        .eq(strided.index(rows, columns), "strided[rows, columns]")
        .eq(reference, "reference");

      // Tests using less than the number of dims, and ellipsis
      reference = consecT([3, 2]);
      r.run(() => {}, "reference = consec((3, 2))").eqs([
        [reference.index(long([0, 2])), "reference[ri([0, 2]),]"],
        [reference.index(long([1]), E), "reference[ri([1]), ...]"],
        [reference.index(E, long([1])), "reference[..., ri([1])]"],
      ]);
      // verify too many indices fails
      r.raises(() => reference.index(long([1]), long([0, 2]), long([3])), "reference[ri([1]), ri([0, 2]), ri([3])]");
      // test invalid index fails
      x = torch.empty(10, { dtype });
      r.run(() => {}, "x = torch.empty(10, dtype=dtype, device=device)");
      for (const errIdx of [10, -11]) {
        const o = { regex: /out of/ };
        r.raises(() => x.index(errIdx), `x[${errIdx}]`, o)
          .raises(() => x.index(long([errIdx])), `x[torch.LongTensor([${errIdx}]).to(device)]`, o)
          .raises(() => x.index(long([errIdx])), `x[[${errIdx}]]`, o);
      }
      await r.check();

      // Tensor is 0..19 as 4x5, then 4x8x5 and 3x9x8x6: upstream's NumPy comparisons, against PyTorch
      torch.manualSeed(0);
      reference = torch.arange(0, 20, 1, { dtype }).view(4, 5);
      await getSetAsPyTorch(reference, [...IX_2D, ...IX_2D_GET_ONLY], 0, "get");
      await getSetAsPyTorch(reference, IX_2D, 44, "both");
      reference = torch.arange(0, 160, 1, { dtype }).view(4, 8, 5);
      await getSetAsPyTorch(reference, IX_3D, 212, "both");
      reference = torch.arange(0, 1296, 1, { dtype }).view(3, 9, 8, 6);
      await getSetAsPyTorch(reference, IX_4D, 1333, "both");
      await getSetAsPyTorch(reference, [...IX_4D, ...IX_4D_MORE], 1333, "number");
    });
  }

  it("test_advancedindex_big", async () => {
    const reference = torch.arange(0, 123344, 1, { dtype: "int32" });
    const got = reference.index(long([0, 123, 44488, 68807, 123343]));
    expectTensor(got, torch.tensor([0, 123, 44488, 68807, 123343], { dtype: "int32" }));
    await new Replay({ reference }).eq(got, "reference[[0, 123, 44488, 68807, 123343],]").check();
  });

  it("test_set_item_to_scalar_tensor", async () => {
    const [m, n] = [1 + randrange(10), 1 + randrange(10)];
    const z = torch.randn([m, n]);
    const a = 1.0;
    const w = torch.tensor(a, { dtype: "float32", requiresGrad: true });
    const r = new Replay({ z }).run(
      () => {
        z.indexPut_([S, 0], w);
        z.sum().backward();
      },
      `w = torch.tensor(1.0, requires_grad=True)
z[:, 0] = w
z.sum().backward()`,
    );
    expect(w.grad?.item()).toBe(m * a);
    await r.eq(w.grad as Tensor, "w.grad").check();
  });

  it("test_single_int", async () => {
    const v = torch.randn(5, 7, 3);
    expect(v.index(4).shape).toEqual([7, 3]);
    await new Replay({ v }).eq(v.index(4).shape, "v[4].shape").check();
  });

  it("test_multiple_int", async () => {
    const v = torch.randn(5, 7, 3);
    await new Replay({ v })
      .eqs([
        [v.index(4).shape, "v[4].shape"],
        [v.index(4, S, 1).shape, "v[4, :, 1].shape"],
        [v.index(4, S, 1), "v[4, :, 1]"],
      ])
      .check();
  });

  it("test_none", async () => {
    const v = torch.randn(5, 7, 3);
    await new Replay({ v })
      .eqs([
        [v.index(null).shape, "v[None].shape"],
        [v.index(S, null).shape, "v[:, None].shape"],
        [v.index(S, null, null).shape, "v[:, None, None].shape"],
        [v.index(E, null).shape, "v[..., None].shape"],
        [v.index(E, null), "v[..., None]"],
      ])
      .check();
  });

  it("test_step", async () => {
    const v = torch.arange(10);
    expectTensor(v.index("::1"), v);
    await new Replay({ v })
      .eqs([
        [v.index("::1"), "v[::1]"],
        [v.index("::2").tolist() as Out, "v[::2].tolist()"],
        [v.index("::3").tolist() as Out, "v[::3].tolist()"],
        [v.index("::11").tolist() as Out, "v[::11].tolist()"],
        [v.index("1:6:2").tolist() as Out, "v[1:6:2].tolist()"],
      ])
      .check();
  });

  it("test_step_assignment", async () => {
    const v = torch.zeros(4, 4);
    await new Replay()
      .run(() => v.indexPut_([0, "1::2"], f32([3, 4])), "v = torch.zeros(4, 4)\nv[0, 1::2] = torch.tensor([3., 4.])")
      .eq(v.index(0).tolist() as Out, "v[0].tolist()")
      .eq(v.index("1:").sum(), "v[1:].sum()")
      .check();
  });

  it("test_bool_indices", async () => {
    let v = torch.randn(5, 7, 3);
    const boolIndices = bool([true, false, true, true, false]);
    await new Replay({ v, boolIndices })
      .eq(v.index(boolIndices).shape, "v[boolIndices].shape")
      .eq(v.index(boolIndices), "v[boolIndices]")
      .check();
    expectTensor(v.index(boolIndices), torch.stack([v.index(0), v.index(2), v.index(3)]));

    v = bool([true, false, true]);
    const boolIndices2 = bool([true, false, false]);
    const uint8Indices = torch.tensor([1, 0, 0], { dtype: "uint8" });
    const inputs = { v, boolIndices: boolIndices2, uint8Indices };
    let v1 = v;
    let v2 = v;
    // PyTorch 1.13 warns once, for the uint8 index.
    const seen = await sameWarnings(
      () => {
        v1 = v.index(boolIndices2);
        v2 = v.index(uint8Indices);
      },
      "v1 = v[boolIndices]\nv2 = v[uint8Indices]",
      inputs,
    );
    expect(seen).toHaveLength(1);
    expectTensor(v1, v2);
    await new Replay(inputs)
      .eq(v.index(boolIndices2), "v[boolIndices]")
      .eq(v.index(uint8Indices), "v[uint8Indices]")
      .check();
  });

  it("test_list_indices", async () => {
    const N = 1000;
    const W = 10;
    const t = torch.randn(N);
    // Python's list of ranges is one index (a tensor) from 32 entries on; a shorter list is a tuple of indices.
    const indices = Array.from({ length: N - W }, (_, i) => Array.from({ length: W }, (_, j) => i + j));
    const r = new Replay({ t }, `N = ${N}\nW = ${W}\nindices = [range(i, i + W) for i in range(N - W)]`);
    for (const i of [indices.length, 100, 32]) {
      const windowed = t.index(long(indices.slice(0, i)));
      expect(windowed.shape).toEqual([i, W]);
      r.eq(windowed, `t[indices[:${i}]]`);
    }
    r.raises(() => t.index(...indices.slice(0, 31).map((l) => long(l))), "t[indices[:31]]", {
      regex: /too many indices/,
    });
    await r.check();
  });

  it("test_bool_indices_accumulate", async () => {
    const mask = torch.zeros([10], { dtype: "bool" });
    let y = torch.ones([10, 10]);
    const r = new Replay({ mask, y }).run(() => {
      y = y.indexPut([mask], y.index(mask), true);
    }, "y.index_put_((mask,), y[mask], accumulate=True)");
    expectTensor(y, torch.ones([10, 10]));
    await r.eq(y, "y").check();
  });

  it("test_multiple_bool_indices", async () => {
    const v = torch.randn(5, 7, 3);
    // note: these broadcast together and are transposed to the first dim
    const mask1 = bool([true, false, true, true, false]);
    const mask2 = bool([true, true, true]);
    expect(v.index(mask1, S, mask2).shape).toEqual([3, 7]);
    await new Replay({ v, mask1, mask2 }).eq(v.index(mask1, S, mask2), "v[mask1, :, mask2]").check();
  });

  // PyTorch 1.13 raises IndexError ("The shape of the mask [2, 2] at index 1 does not match the shape of the indexed
  // tensor ...") for a 2-d mask followed by more indices (x[m, ::2], x[m, None], x[m, 0], x[m, True], x[0, m, ::2],
  // x[..., m, ::2], ...; fixed in later releases), and so does torchts: only x[m] and x[:, m, :] are ported.
  it("test_multi_dimensional_bool_mask", async () => {
    const x = torch.randn(2, 2, 3);
    const x2 = torch.randn(3, 2, 2, 5);
    const m = bool([
      [true, false],
      [false, false],
    ]);
    expect(x.index(m).shape).toEqual([1, 3]);
    expect(x2.index(S, m, S).shape).toEqual([3, 1, 5]);
    await new Replay({ x, x2, m })
      .eqs([
        // Using boolean tensor
        [x.index(m).shape, "x[m].shape"],
        [x.index(m), "x[m]"],
        // Boolean mask in the middle of indices array
        [x2.index(S, m, S).shape, "x2[:, m, :].shape"],
        [x2.index(S, m, S), "x2[:, m, :]"],
      ])
      .check();
  });

  it("test_bool_mask_assignment", async () => {
    const mask = bool([true, false]);
    const v1 = long([
      [1, 2],
      [3, 4],
    ]);
    const v2 = v1.clone();
    await new Replay({ mask })
      .run(() => v1.indexPut_([mask, S], 0), "v = torch.tensor([[1, 2], [3, 4]])\nv[mask, :] = 0")
      .eq(v1, "v")
      .run(() => v2.indexPut_([S, mask], 0), "v = torch.tensor([[1, 2], [3, 4]])\nv[:, mask] = 0")
      .eq(v2, "v")
      .check();
    expect(v2.tolist()).toEqual([
      [0, 2],
      [0, 4],
    ]);
  });

  // The second half, torch.ops.aten.index_put_(v, [None, mask, None], torch.tensor(0)), raises in PyTorch 1.13
  // ("output with shape [1, 2, 2, 1] doesn't match the broadcast shape [1, 2, 2, 2]") as in torchts.
  it("test_multi_dimensional_bool_mask_assignment", async () => {
    const mask = bool([
      [true, false],
      [false, true],
    ]);
    const v = long([
      [
        [[1], [2]],
        [[3], [4]],
      ],
    ]);
    v.indexPut_([S, mask, S], 0);
    expectTensor(
      v,
      long([
        [
          [[0], [2]],
          [[3], [0]],
        ],
      ]),
    );
    await new Replay({ mask })
      .run(() => {}, "v = torch.tensor([[[[1], [2]], [[3], [4]]]])\nv[:, mask, :] = 0")
      .eq(v, "v")
      .check();
  });

  it("test_byte_mask", async () => {
    let v = torch.randn(5, 7, 3);
    const mask = torch.tensor([1, 0, 1, 1, 0], { dtype: "uint8" });
    let res = v;
    await sameWarnings(
      () => {
        res = v.index(mask);
      },
      "res = v[mask]",
      { v, mask },
    );
    expect(res.shape).toEqual([3, 7, 3]);
    expectTensor(res, torch.stack([v.index(0), v.index(2), v.index(3)]));
    await new Replay({ v, mask }).eq(res, "v[mask]").check();

    v = f32([1]);
    await new Replay({ v }).eq(v.index(v.eq(0)), "v[v == 0]").check();
    expectTensor(v.index(v.eq(0)), f32([]));
  });

  it("test_byte_mask_accumulate", async () => {
    const mask = torch.zeros([10], { dtype: "uint8" });
    let y = torch.ones([10, 10]);
    const inputs = { mask, y };
    const seen = await sameWarnings(
      () => {
        y = y.indexPut([mask], y.index(mask), true);
      },
      "y.index_put_((mask,), y[mask], accumulate=True)",
      inputs,
    );
    expect(seen).toHaveLength(2);
    expectTensor(y, torch.ones([10, 10]));
  });

  it("test_index_put_accumulate_expanded_values", async () => {
    let t = torch.zeros([5, 2]);
    let indices = [long([0, 1, 2, 3]), long([1])];
    const values0d = torch.tensor(1, { dtype: "float32" });
    const values1d = f32([1]);
    const r = new Replay()
      .run(
        () => {
          t = t.indexPut(indices, values0d, true);
        },
        `t = torch.zeros((5, 2))
indices = [torch.tensor([0, 1, 2, 3]), torch.tensor([1])]
out_cpu = t.index_put_(indices, torch.tensor(1.0), accumulate=True)`,
      )
      .eq(t, "out_cpu")
      .run(() => {
        t = t.indexPut(indices, values1d, true);
      }, "out_cpu = t.index_put_(indices, torch.tensor([1.0]), accumulate=True)")
      .eq(t, "out_cpu");
    t = torch.zeros(4, 3, 2);
    indices = [long([0]), torch.arange(3).index(S, null), torch.arange(2).index(null, S)];
    await r
      .run(
        () => {
          t = t.indexPut(indices, f32([-1, -2]), true);
        },
        `t = torch.zeros(4, 3, 2)
indices = [torch.tensor([0]), torch.arange(3)[:, None], torch.arange(2)[None, :]]
out_cpu = t.index_put_(indices, torch.tensor([-1.0, -2.0]), accumulate=True)`,
      )
      .eq(t, "out_cpu")
      .run(() => {
        t = t.indexPut(indices, f32([[-1, -2]]), true);
      }, "out_cpu = t.index_put_(indices, torch.tensor([[-1.0, -2.0]]), accumulate=True)")
      .eq(t, "out_cpu")
      .check();
  });

  it("test_index_put_accumulate_duplicate_indices", async () => {
    const cases: Tensor[][] = [];
    const outputs: Tensor[] = [];
    for (let i = 1; i < 512; i++) {
      // generate indices by random walk, this will create indices with
      // lots of duplicates interleaved with each other
      const delta = torch.empty([i], { dtype: "float64" }).uniform_(-1, 1);
      const indices = delta.cumsum(0).long();
      const input = torch.randn((indices.abs().max().item() as number) + 1);
      const values = torch.randn(indices.size(0));
      const output = input.indexPut([indices], values, true);
      // upstream's reference: Python floats accumulated in a list
      const inputList = [...(input.double().toTypedArray() as Float64Array)];
      const idx = indices.tolist() as number[];
      const vals = values.double().toTypedArray() as Float64Array;
      idx.forEach((j, k) => {
        const at = j < 0 ? j + inputList.length : j;
        inputList[at] = (inputList[at] as number) + (vals[k] as number);
      });
      expectTensor(
        output.double(),
        torch.tensor(inputList, { dtype: "float64" }),
        { rtol: 1.3e-6, atol: 1e-5 },
        `${i}`,
      );
      cases.push([input, indices, values]);
      outputs.push(output);
    }
    const ref = (await py.eval(
      "out = [input.index_put((indices,), values, accumulate=True) for input, indices, values in cases]",
      { cases },
    )) as Tensor[];
    outputs.forEach((o, k) => {
      expectTensor(o, ref[k] as Tensor, {}, `case ${k + 1}`);
    });
  });

  it("test_index_put_accumulate_empty", async () => {
    const input = torch.rand([]);
    await new Replay({ input })
      .raises(() => input.indexPut([], f32([1]), true), "input.index_put([], torch.tensor([1.0]), True)", {
        regex: /shape mismatch/,
      })
      .check();
  });

  it("test_multiple_byte_mask", async () => {
    const v = torch.randn(5, 7, 3);
    // note: these broadcast together and are transposed to the first dim
    const mask1 = torch.tensor([1, 0, 1, 1, 0], { dtype: "uint8" });
    const mask2 = torch.tensor([1, 1, 1], { dtype: "uint8" });
    let res = v;
    const seen = await sameWarnings(
      () => {
        res = v.index(mask1, S, mask2);
      },
      "res = v[mask1, :, mask2]",
      { v, mask1, mask2 },
    );
    expect(seen).toHaveLength(2);
    expect(res.shape).toEqual([3, 7]);
    await new Replay({ v, mask1, mask2 }).eq(res, "v[mask1, :, mask2]").check();
  });

  it("test_byte_mask2d", async () => {
    const v = torch.randn(5, 7, 3);
    const c = torch.randn(5, 7);
    const numOnes = c.gt(0).sum().item() as number;
    const r = v.index(c.gt(0));
    expect(r.shape).toEqual([numOnes, 3]);
    await new Replay({ v, c }).eq(r, "v[c > 0]").check();
  });

  it("test_int_indices", async () => {
    const v = torch.randn(5, 7, 3);
    await new Replay({ v })
      .eqs([
        [v.index(long([0, 4, 2])).shape, "v[[0, 4, 2]].shape"],
        [v.index(S, long([0, 4, 2])).shape, "v[:, [0, 4, 2]].shape"],
        [
          v.index(
            S,
            long([
              [0, 1],
              [4, 3],
            ]),
          ).shape,
          "v[:, [[0, 1], [4, 3]]].shape",
        ],
        [
          v.index(
            S,
            long([
              [0, 1],
              [4, 3],
            ]),
          ),
          "v[:, [[0, 1], [4, 3]]]",
        ],
      ])
      .check();
  });

  for (const dtype of ["complex64", "complex128", "float32", "int64", "bool", "bfloat16"] as const) {
    it(`test_index_put_src_datatype_${dtype}`, async () => {
      const src = torch.ones([3, 2, 4], { dtype });
      const vals = torch.ones([3, 2, 4], { dtype });
      const res = src.indexPut([long([0, 2, 1])], vals, true);
      expect(res.shape).toEqual(src.shape);
      await new Replay({ src, vals })
        .run(() => {}, "res = src.index_put_((torch.tensor([0, 2, 1]),), vals, accumulate=True)")
        .eq(res, "res")
        .check();
    });
  }

  for (const dtype of ["float32", "int64", "bfloat16", "bool"] as const) {
    it(`test_index_src_datatype_${dtype}`, async () => {
      const src = torch.ones([3, 2, 4], { dtype });
      // test index
      const res = src.index(long([0, 2, 1]), S, S);
      expect(res.shape).toEqual(src.shape);
      // test index_put, no accum
      src.indexPut_([long([0, 2, 1]), S, S], res);
      expect(res.shape).toEqual(src.shape);
      await new Replay({ src: torch.ones([3, 2, 4], { dtype }) })
        .run(() => {}, "res = src[[0, 2, 1], :, :]")
        .eq(res, "res")
        .run(() => {}, "src[[0, 2, 1], :, :] = res")
        .eq(src, "src")
        .check();
    });
  }

  it("test_int_indices2d", async () => {
    // From the NumPy indexing example
    const x = torch.arange(0, 12).view(4, 3);
    const rows = long([
      [0, 0],
      [3, 3],
    ]);
    const columns = long([
      [0, 2],
      [0, 2],
    ]);
    await new Replay({ x, rows, columns })
      .eq(x.index(rows, columns).tolist() as Out, "x[rows, columns].tolist()")
      .check();
  });

  it("test_int_indices_broadcast", async () => {
    // From the NumPy indexing example
    const x = torch.arange(0, 12).view(4, 3);
    const rows = long([0, 3]);
    const columns = long([0, 2]);
    const result = x.index(rows.index(S, null), columns);
    await new Replay({ x, rows, columns }).eq(result.tolist() as Out, "x[rows[:, None], columns].tolist()").check();
  });

  it("test_empty_index", async () => {
    const x = torch.arange(0, 12).view(4, 3);
    const idx = long([]);
    expect(x.index(idx).numel()).toBe(0);
    // empty assignment should have no effect but not throw an exception
    const y = x.clone();
    y.indexPut_([idx], -1);
    expectTensor(y, x);
    const mask = torch.zeros(4, 3).bool();
    y.indexPut_([mask], -1);
    expectTensor(y, x);
    await new Replay({ x, idx })
      .eq(x.index(idx), "x[idx]")
      .run(() => {}, "y = x.clone()\ny[idx] = -1\nmask = torch.zeros(4, 3).bool()\ny[mask] = -1")
      .eq(y, "y")
      .check();
  });

  it("test_empty_ndim_index", async () => {
    let x = torch.randn(5);
    const r = new Replay({ x5: x }).run(() => {}, "x = x5");
    r.eq(x.index(torch.empty([0, 2], { dtype: "int64" })), "x[torch.empty(0, 2, dtype=torch.int64)]");
    expectTensor(x.index(torch.empty([0, 2], { dtype: "int64" })), torch.empty(0, 2));
    x = torch.randn(2, 3, 4, 5);
    r.input("x2345", x)
      .run(() => {}, "x = x2345")
      .eq(x.index(S, torch.empty([0, 6], { dtype: "int64" })), "x[:, torch.empty(0, 6, dtype=torch.int64)]");
    expect(x.index(S, torch.empty([0, 6], { dtype: "int64" })).shape).toEqual([2, 0, 6, 4, 5]);
    x = torch.empty(10, 0);
    r.run(() => {}, "x = torch.empty(10, 0)")
      .eq(x.index(long([1, 2])).shape, "x[[1, 2]].shape")
      .eq(x.index(long([]), long([])).shape, "x[[], []].shape")
      .raises(() => x.index(S, long([0, 1])), "x[:, [0, 1]]", { regex: /for dimension with size 0/ });
    await r.check();
  });

  it("test_empty_ndim_index_bool", async () => {
    const x = torch.randn(5);
    await new Replay({ x })
      .raises(() => x.index(torch.empty([0, 2], { dtype: "uint8" })), "x[torch.empty(0, 2, dtype=torch.uint8)]")
      .check();
  });

  it("test_empty_slice", async () => {
    const x = torch.randn(2, 3, 4, 5);
    const y = x.index(S, S, S, 1);
    const z = y.index(S, "1:1", S);
    expect(z.shape).toEqual([2, 0, 4]);
    // this isn't technically necessary, but matches NumPy stride calculations.
    expect(z.stride()).toEqual([60, 20, 5]);
    expect(z.isContiguous()).toBe(true);
    await new Replay({ x })
      .run(() => {}, "z = x[:, :, :, 1][:, 1:1, :]")
      .eq(z.shape, "z.shape")
      .eq(z.stride(), "list(z.stride())")
      .eq(z.isContiguous(), "z.is_contiguous()")
      .check();
  });

  it("test_index_getitem_copy_bools_slices", async () => {
    const t = torch.tensor(1, { dtype: "uint8" });
    const f = torch.tensor(0, { dtype: "uint8" });
    const tensors = [torch.randn(2, 3), torch.tensor(3, { dtype: "float32" })];
    for (const a of tensors) {
      // a[True] and a[true] are copies; a[None] and a[...] are views at a's data_ptr
      expectCopy(a, a.index(true), "a[True]");
      expectCopy(a, a.index(t), "a[true]");
      expectView(a, a.index(null), "a[None]");
      expectView(a, a.index(E), "a[...]");
      expectTensor(a.index(false), torch.empty([0, ...a.shape]), {}, "a[False]");
      expectTensor(a.index(f), torch.empty([0, ...a.shape]), {}, "a[false]");
      await new Replay({ a, true: t, false: f })
        .eqs([
          [a.index(true), "a[True]"],
          [a.index(false), "a[False]"],
          [a.index(t), "a[true]"],
          [a.index(f), "a[false]"],
          [a.index(null), "a[None]"],
          [a.index(E), "a[...]"],
          [a.index(null).storageOffset(), "a[None].storage_offset()"],
        ])
        .check();
    }
  });

  it("test_index_setitem_bools_slices", async () => {
    const t = torch.tensor(1, { dtype: "uint8" });
    const f = torch.tensor(0, { dtype: "uint8" });
    const tensors = [torch.randn(2, 3), torch.tensor(3)];
    for (const a of tensors) {
      // prefix with a 1,1, to ensure we are compatible with numpy which cuts off prefix 1s
      // (some of these ops already prefix a 1 to the size)
      const negOnes = torch.onesLike(a).mul(-1);
      const negOnesExpanded = negOnes.unsqueeze(0).unsqueeze(0);
      const r = new Replay({ a, true: t, false: f }).run(
        () => {},
        "neg_ones = torch.ones_like(a) * -1\nneg_ones_expanded = neg_ones.unsqueeze(0).unsqueeze(0)",
      );
      r.run(() => a.indexPut_([true], negOnesExpanded), "a[True] = neg_ones_expanded")
        .eq(a, "a")
        .run(() => a.indexPut_([false], 5), "a[False] = 5")
        .eq(a, "a")
        .run(() => a.indexPut_([t], negOnesExpanded.mul(2)), "a[true] = neg_ones_expanded * 2")
        .eq(a, "a")
        .run(() => a.indexPut_([f], 5), "a[false] = 5")
        .eq(a, "a")
        .run(() => a.indexPut_([null], negOnesExpanded.mul(3)), "a[None] = neg_ones_expanded * 3")
        .eq(a, "a")
        .run(() => a.indexPut_([E], negOnesExpanded.mul(4)), "a[...] = neg_ones_expanded * 4")
        .eq(a, "a");
      expectTensor(a, negOnes.mul(4));
      if (a.dim() === 0) r.raises(() => a.indexPut_([S], negOnesExpanded.mul(5)), "a[:] = neg_ones_expanded * 5");
      await r.check();
    }
  });

  it("test_index_scalar_with_bool_mask", async () => {
    const uintMask = torch.tensor(1, { dtype: "uint8" });
    const boolMask = torch.tensor(true);
    let a = torch.tensor(1);
    const r = new Replay({ uintMask, boolMask }).run(() => {}, "a = torch.tensor(1)");
    expectTensor(a.index(uintMask), a.index(boolMask));
    r.eq(a.index(uintMask), "a[uintMask]").eq(a.index(boolMask), "a[boolMask]");
    a = torch.tensor(true);
    expectTensor(a.index(uintMask), a.index(boolMask));
    r.run(() => {}, "a = torch.tensor(True, dtype=torch.bool)")
      .eq(a.index(uintMask), "a[uintMask]")
      .eq(a.index(boolMask), "a[boolMask]");
    await r.check();
  });

  it("test_setitem_expansion_error", async () => {
    const t = torch.tensor(true);
    const a = torch.randn(2, 3);
    // check prefix with non-1s doesn't work
    const aExpanded = a.expand([5, 1, ...a.shape]);
    // NumPy: ValueError.
    await new Replay({ a, true: t })
      .run(() => {}, "a_expanded = a.expand(torch.Size([5, 1]) + a.size())")
      .raises(() => a.indexPut_([true], aExpanded), "a[True] = a_expanded")
      .raises(() => a.indexPut_([t], aExpanded), "a[true] = a_expanded")
      .check();
  });

  it("test_getitem_scalars", async () => {
    const zero = torch.tensor(0);
    const one = torch.tensor(1);
    // non-scalar indexed with scalars
    const a = torch.randn(2, 3);
    expectTensor(a.index(zero), a.index(0));
    expectTensor(a.index(zero).index(one), a.index(0).index(1));
    expectTensor(a.index(zero, one), a.index(0, 1));
    expectTensor(a.index(zero, 1), a.index(0, one));
    // indexing by a scalar should slice (not copy)
    expectView(a, a.index(zero, one), "a[zero, one]", a.index(0, 1).storageOffset());
    expectView(a, a.index(one.int()), "a[one.int()]", a.index(1).storageOffset());
    expectView(a, a.index(one.short()), "a[one.short()]", a.index(1).storageOffset());
    // scalar indexed with scalar
    const r0 = torch.randn([]);
    expectTensor(r0.index(E), r0);
    await new Replay({ a, zero, one, r: r0 })
      .eqs([
        [a.index(zero), "a[zero]"],
        [a.index(zero).index(one), "a[zero][one]"],
        [a.index(zero, one), "a[zero, one]"],
        [a.index(0, one), "a[0, one]"],
        [a.index(zero, one).storageOffset(), "a[zero, one].storage_offset()"],
        [a.index(one.int()).storageOffset(), "a[one.int()].storage_offset()"],
        [a.index(one.short()).storageOffset(), "a[one.short()].storage_offset()"],
        [r0.index(E), "r[...]"],
      ])
      .raises(() => r0.index(S), "r[:]")
      .raises(() => r0.index(zero), "r[zero]")
      .check();
  });

  it("test_setitem_scalars", async () => {
    const zero = torch.tensor(0);
    // non-scalar indexed with scalars
    const a = torch.randn(2, 3);
    const aSetWithNumber = a.clone();
    const aSetWithScalar = a.clone();
    const b = torch.randn(3);
    aSetWithNumber.indexPut_([0], b);
    aSetWithScalar.indexPut_([zero], b);
    expectTensor(aSetWithScalar, aSetWithNumber);
    const r0 = torch.randn([]);
    await new Replay({ a, b, zero, r: r0 })
      .run(() => {}, "a_set_with_scalar = a.clone()\na_set_with_scalar[zero] = b")
      .eq(aSetWithScalar, "a_set_with_scalar")
      .run(() => a.indexPut_([1, zero], 7.7), "a[1, zero] = 7.7")
      .eq(a.index(1, 0).item() as number, "a[1, 0].item()")
      .eq(a, "a")
      // scalar indexed with scalars
      .raises(() => r0.indexPut_([S], 8.8), "r[:] = 8.8")
      .raises(() => r0.indexPut_([zero], 8.8), "r[zero] = 8.8")
      .run(() => r0.indexPut_([E], 9.9), "r[...] = 9.9")
      .eq(r0, "r")
      .check();
    expect(r0.item()).toBeCloseTo(9.9, 6);
  });

  it("test_basic_advanced_combined", async () => {
    // From the NumPy indexing example
    const x = torch.arange(0, 12).view(4, 3);
    expectTensor(x.index("1:2", long([1, 2])), x.index("1:2", "1:3"));
    expect(x.index("1:2", "1:3").tolist()).toEqual([[4, 5]]);
    // Check that it is a copy
    let unmodified = x.clone();
    x.index("1:2", long([1, 2])).zero_();
    expectTensor(x, unmodified);
    // But assignment should modify the original
    unmodified = x.clone();
    x.indexPut_(["1:2", long([1, 2])], 0);
    expect(x.equal(unmodified)).toBe(false);
    await new Replay()
      .run(() => {}, "x = torch.arange(0, 12).view(4, 3)")
      .eq(
        torch
          .arange(0, 12)
          .view(4, 3)
          .index("1:2", long([1, 2])),
        "x[1:2, [1, 2]]",
      )
      .run(() => {}, "x[1:2, [1, 2]].zero_()\nx[1:2, [1, 2]] = 0")
      .eq(x, "x")
      .check();
  });

  it("test_int_assignment", async () => {
    const x1 = torch.arange(0, 4).view(2, 2);
    x1.indexPut_([1], 5);
    const x2 = torch.arange(0, 4).view(2, 2);
    x2.indexPut_([1], torch.arange(5, 7));
    await new Replay()
      .run(() => {}, "x = torch.arange(0, 4).view(2, 2)\nx[1] = 5")
      .eq(x1.tolist() as Out, "x.tolist()")
      .run(() => {}, "x = torch.arange(0, 4).view(2, 2)\nx[1] = torch.arange(5, 7)")
      .eq(x2.tolist() as Out, "x.tolist()")
      .check();
  });

  it("test_byte_tensor_assignment", async () => {
    const x = torch.arange(0, 16, 1, { dtype: "float32" }).view(4, 4);
    const b = torch.tensor([1, 0, 1, 0], { dtype: "uint8" });
    const value = f32([3, 4, 5, 6]);
    const inputs = { x: x.clone(), b, value };
    const seen = await sameWarnings(() => x.indexPut_([b], value), "x[b] = value", inputs);
    expect(seen).toHaveLength(1);
    expectTensor(x.index(0), value);
    expectTensor(x.index(1), torch.arange(4, 8, 1, { dtype: "float32" }));
    expectTensor(x.index(2), value);
    expectTensor(x.index(3), torch.arange(12, 16, 1, { dtype: "float32" }));
    await new Replay(inputs)
      .run(() => {}, "x[b] = value")
      .eq(x, "x")
      .check();
  });

  it("test_ellipsis_tensor", async () => {
    const x = torch.arange(0, 9).view(3, 3);
    const idx = long([0, 2]);
    await new Replay({ x, idx })
      .eq(x.index(E, idx).tolist() as Out, "x[..., idx].tolist()")
      .eq(x.index(idx, E).tolist() as Out, "x[idx, ...].tolist()")
      .check();
  });

  it("test_invalid_index", async () => {
    const x = torch.arange(0, 16).view(4, 4);
    // x["0":"1"]: a slice of strings.
    const strings = { start: "0", stop: "1" } as unknown as IndexItem;
    await new Replay({ x }).raises(() => x.index(strings), 'x["0":"1"]', { regex: /slice indices/ }).check();
  });

  it("test_out_of_bound_index", async () => {
    const x = torch.arange(0, 100).view(2, 5, 10);
    await new Replay({ x })
      .raises(() => x.index(0, 5), "x[0, 5]", { regex: /index 5 is out of bounds for dimension 1 with size 5/ })
      .raises(() => x.index(4, 5), "x[4, 5]", { regex: /index 4 is out of bounds for dimension 0 with size 2/ })
      .raises(() => x.index(0, 1, 15), "x[0, 1, 15]", {
        regex: /index 15 is out of bounds for dimension 2 with size 10/,
      })
      .raises(() => x.index(S, S, 12), "x[:, :, 12]", {
        regex: /index 12 is out of bounds for dimension 2 with size 10/,
      })
      .check();
  });

  it("test_zero_dim_index", async () => {
    const x = torch.tensor(10);
    expect(x.item()).toBe(10);
    await new Replay({ x })
      .eq(x.item() as number, "x.item()")
      .raises(() => x.index(0), "x[0]", { regex: /invalid index/ })
      .check();
  });

  /** make_tensor(shape, dtype, noncontiguous): uniform in [-9, 9) (integers in [-9, 10)). */
  function makeTensor(shape: number[], dtype: "int64" | "float32", noncontiguous = false): Tensor {
    const t = dtype === "int64" ? torch.randint(-9, 10, shape) : torch.rand(shape).mul(18).sub(9);
    return noncontiguous ? t.repeatInterleave(2, -1).index(E, "::2") : t;
  }

  for (const dtype of ["int64", "float32"] as const) {
    it(`test_take_along_dim_${dtype}`, async () => {
      const cases: Array<[Tensor, Tensor, number | null]> = [];
      for (const shape of [
        [3, 2],
        [2, 3, 5],
        [2, 4, 0],
        [2, 3, 1, 4],
      ]) {
        for (const noncontiguous of [true, false]) {
          const t = makeTensor(shape, dtype, noncontiguous);
          expect(t.isContiguous()).toBe(!noncontiguous || t.numel() === 0);
          for (const dim of [...shape.keys(), null]) {
            const indices = dim === null ? t.view(-1).argsort() : t.argsort(dim);
            cases.push([t, indices, dim]);
          }
        }
      }
      // test broadcasting
      cases.push([torch.ones(3, 4, 1), torch.ones([1, 2, 5], { dtype: "int64" }), 1]);
      // test empty indices
      cases.push([torch.ones(3, 4, 5), torch.ones([3, 0, 5], { dtype: "int64" }), 1]);
      const mine = cases.map(([t, indices, dim]) => torch.takeAlongDim(t, indices, dim));
      // upstream's reference is np.take_along_axis; here PyTorch's take_along_dim on the same inputs
      const ref = (await py.eval("out = [torch.take_along_dim(t, i, dim=d) for t, i, d in cases]", {
        cases,
      })) as Tensor[];
      mine.forEach((m, k) => {
        expectTensor(m, ref[k] as Tensor, {}, `case ${k} (dim ${cases[k]?.[2]})`);
      });
    });

    it(`test_take_along_dim_invalid_${dtype}`, async () => {
      const t = makeTensor([2, 3, 1, 4], dtype);
      const indices = t.argsort(0);
      await new Replay({ t, indices })
        .raises(() => torch.takeAlongDim(t, indices.index(0), 0), "torch.take_along_dim(t, indices[0], dim=0)", {
          regex: /input and indices should have the same number of dimensions/,
        })
        .raises(
          () => torch.takeAlongDim(t, indices.to("bool"), 0),
          "torch.take_along_dim(t, indices.to(torch.bool), dim=0)",
          { regex: /dtype of indices should be Long/ },
        )
        .raises(
          () => torch.takeAlongDim(t, indices.to("float32"), 0),
          "torch.take_along_dim(t, indices.to(torch.float), dim=0)",
          { regex: /dtype of indices should be Long/ },
        )
        .raises(
          () => torch.takeAlongDim(t, indices.to("int32"), 0),
          "torch.take_along_dim(t, indices.to(torch.int32), dim=0)",
          { regex: /dtype of indices should be Long/ },
        )
        .raises(() => torch.takeAlongDim(t, indices, -7), "torch.take_along_dim(t, indices, dim=-7)", {
          regex: /Dimension out of range/,
        })
        .raises(() => torch.takeAlongDim(t, indices, 7), "torch.take_along_dim(t, indices, dim=7)", {
          regex: /Dimension out of range/,
        })
        .check();
    });
  }

  it("test_index_limits", async () => {
    const t = f32([]);
    // int64's minimum is a JS number exactly; its maximum rounds to 2^63, which torchts reads as int64's maximum.
    await new Replay({ t })
      .raises(() => t.index(-(2 ** 63)), "t[torch.iinfo(torch.int64).min]")
      .raises(() => t.index(2 ** 63 - 1), "t[torch.iinfo(torch.int64).max]")
      .check();
  });
});

describe("NumpyTests", () => {
  const a3 = () =>
    long([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);

  it("test_none_index", async () => {
    // `None` index adds newaxis
    const a = long([1, 2, 3]);
    expect(a.index(null).dim()).toBe(a.dim() + 1);
    await new Replay({ a }).eq(a.index(null), "a[None]").check();
  });

  it("test_empty_fancy_index", async () => {
    // Empty list index creates an empty array
    const a = long([1, 2, 3]);
    expectTensor(a.index(long([])), long([]));
    const b = f32([]);
    await new Replay({ a, b })
      .eq(a.index(long([])), "a[[]]")
      .eq(a.index(long([])), "a[torch.tensor([]).long()]")
      .raises(() => a.index(b), "a[b]")
      .check();
  });

  it("test_ellipsis_index", async () => {
    const a = a3();
    assert.ok(a.index(E) !== a, "a[...] is not a");
    expectTensor(a.index(E), a);
    // `a[...]` was `a` in numpy <1.9.
    expectView(a, a.index(E), "a[...]");
    // Slicing with ellipsis can skip an arbitrary number of dimensions
    expectTensor(a.index(0, E), a.index(0));
    expectTensor(a.index(0, E), a.index(0, S));
    expectTensor(a.index(E, 0), a.index(S, 0));
    // In NumPy, slicing with ellipsis results in a 0-dim array. In PyTorch
    // we don't have separate 0-dim arrays and scalars.
    expectTensor(a.index(0, E, 1), torch.tensor(2));
    // Assignment with `(Ellipsis,)` on 0-d arrays
    const b = torch.tensor(1);
    b.indexPut_([E], 2);
    expect(b.item()).toBe(2);
    await new Replay({ a })
      .eqs([
        [a.index(E), "a[...]"],
        [a.index(0, E), "a[0, ...]"],
        [a.index(E, 0), "a[..., 0]"],
        [a.index(0, E, 1), "a[0, ..., 1]"],
      ])
      .run(() => {}, "b = torch.tensor(1)\nb[(Ellipsis,)] = 2")
      .eq(b, "b")
      .check();
  });

  it("test_single_int_index", async () => {
    // Single integer index selects one row
    const a = a3();
    await new Replay({ a })
      .eq(a.index(0), "a[0]")
      .eq(a.index(-1), "a[-1]")
      // Index out of bounds produces IndexError
      .raises(() => a.index(2 ** 30), "a[1 << 30]")
      .check();
    expect(a.index(-1).tolist()).toEqual([7, 8, 9]);
  });

  it("test_single_bool_index", async () => {
    // Single boolean index
    const a = a3();
    expectTensor(a.index(true), a.index(null));
    expectTensor(a.index(false), a.index(null).index("0:0"));
    await new Replay({ a }).eq(a.index(true), "a[True]").eq(a.index(false), "a[False]").check();
  });

  it("test_boolean_shape_mismatch", async () => {
    const arr = torch.ones([5, 4, 3]);
    const index1 = bool([true]);
    const index6 = torch.tensor([false, false, false, false, false, false]);
    const byte44 = torch.zeros([4, 4], { dtype: "uint8" });
    const o = { regex: /mask/ };
    await new Replay({ arr, index1, index6, byte44 })
      .raises(() => arr.index(index1), "arr[index1]", o)
      .raises(() => arr.index(index6), "arr[index6]", o)
      .raises(() => arr.index(byte44), "arr[byte44]", o)
      .raises(() => arr.index(S, byte44), "arr[(slice(None), byte44)]", o)
      .check();
  });

  it("test_boolean_indexing_onedim", async () => {
    // Indexing a 2-dimensional array with boolean array of length one
    const a = f32([[0, 0, 0]]);
    const b = bool([true]);
    expectTensor(a.index(b), a);
    await new Replay({ a, b })
      .eq(a.index(b), "a[b]")
      // boolean assignment
      .run(() => a.indexPut_([b], 1.0), "a[b] = 1.0")
      .eq(a, "a")
      .check();
    expectTensor(a, f32([[1, 1, 1]]));
  });

  it("test_boolean_assignment_value_mismatch", async () => {
    // A boolean assignment should fail when the shape of the values
    // cannot be broadcast to the subscription. (see also gh-3458)
    const a = torch.arange(0, 4);
    const f = (x: Tensor, v: Tensor) => () => x.indexPut_([x.gt(-1)], v);
    const o = { regex: /shape mismatch/ };
    await new Replay({ a }, "def f(a, v):\n    a[a > -1] = torch.tensor(v)")
      .raises(f(a, f32([])), "f(a, [])", o)
      .raises(f(a, long([1, 2, 3])), "f(a, [1, 2, 3])", o)
      .raises(f(a.index(":1"), long([1, 2, 3])), "f(a[:1], [1, 2, 3])", o)
      .check();
  });

  it("test_boolean_indexing_twodim", async () => {
    // Indexing a 2-dimensional array with 2-dimensional boolean array
    const a = a3();
    const b = bool([
      [true, false, true],
      [false, true, false],
      [true, false, true],
    ]);
    expectTensor(a.index(b), long([1, 3, 5, 7, 9]));
    expectTensor(a.index(b.index(0)), a.index(b.index(2)));
    await new Replay({ a, b })
      .eqs([
        [a.index(b), "a[b]"],
        [a.index(b.index(1)), "a[b[1]]"],
        [a.index(b.index(0)), "a[b[0]]"],
      ])
      // boolean assignment
      .run(() => a.indexPut_([b], 0), "a[b] = 0")
      .eq(a, "a")
      .check();
  });

  it("test_boolean_indexing_weirdness", async () => {
    // Weird boolean indexing things
    const a = torch.ones([2, 3, 4]);
    const weird = a.index(true, long([0, 1]), true, true, long([1]), long([[2]]));
    expect(a.index(false, true, E).shape).toEqual([0, 2, 3, 4]);
    expectTensor(weird, torch.ones(1, 2));
    await new Replay({ a })
      .eq(a.index(false, true, E).shape, "a[False, True, ...].shape")
      .eq(weird, "a[True, [0, 1], True, True, [1], [[2]]]")
      .raises(() => a.index(false, long([0, 1]), E), "a[False, [0, 1], ...]")
      .check();
  });

  it("test_boolean_indexing_weirdness_tensors", async () => {
    // Weird boolean indexing things
    const f = torch.tensor(false);
    const t = torch.tensor(true);
    const a = torch.ones([2, 3, 4]);
    const weird = a.index(t, long([0, 1]), t, t, long([1]), long([[2]]));
    expectTensor(weird, torch.ones(1, 2));
    await new Replay({ a, true: t, false: f })
      .eq(a.index(false, true, E).shape, "a[False, True, ...].shape")
      .eq(weird, "a[true, [0, 1], true, true, [1], [[2]]]")
      .raises(() => a.index(f, long([0, 1]), E), "a[false, [0, 1], ...]")
      .check();
  });

  it("test_boolean_indexing_alldims", async () => {
    const t = torch.tensor(true);
    const a = torch.ones([2, 3]);
    expect(a.index(true, true).shape).toEqual([1, 2, 3]);
    await new Replay({ a, true: t })
      .eq(a.index(true, true).shape, "a[True, True].shape")
      .eq(a.index(t, t).shape, "a[true, true].shape")
      .check();
  });

  it("test_boolean_list_indexing", async () => {
    // Indexing a 2-dimensional array with boolean lists
    const a = a3();
    const b = bool([true, false, false]);
    const c = bool([true, true, false]);
    expectTensor(a.index(b, b), long([1]));
    expectTensor(a.index(c, c), long([1, 5]));
    await new Replay({ a })
      .run(() => {}, "b = [True, False, False]\nc = [True, True, False]")
      .eqs([
        [a.index(b), "a[b]"],
        [a.index(b, b), "a[b, b]"],
        [a.index(c), "a[c]"],
        [a.index(c, c), "a[c, c]"],
      ])
      .check();
  });

  it("test_everything_returns_views", () => {
    // Before `...` would return a itself.
    const a = long([5]);
    assert.ok(a.index(E) !== a, "a[...] is not a");
    assert.ok(a.index(S) !== a, "a[:] is not a");
    expectView(a, a.index(E), "a[...]");
    expectView(a, a.index(S), "a[:]");
  });

  it("test_broaderrors_indexing", async () => {
    const a = torch.zeros(5, 5);
    const o = { regex: /shape mismatch/ };
    await new Replay({ a })
      .raises(() => a.index(long([0, 1]), long([0, 1, 2])), "a[[0, 1], [0, 1, 2]]", o)
      .raises(() => a.indexPut_([long([0, 1]), long([0, 1, 2])], 0), "a[[0, 1], [0, 1, 2]] = 0", o)
      .check();
  });

  it("test_trivial_fancy_out_of_bounds", async () => {
    const a = torch.zeros(5);
    const ind1 = torch.ones([20], { dtype: "int64" });
    ind1.indexPut_([-1], 10);
    const ind2 = torch.ones([20], { dtype: "int64" });
    ind2.indexPut_([0], 11);
    await new Replay({ a, ind1, ind2 })
      .raises(() => a.index(ind1), "a[ind1]")
      .raises(() => a.indexPut_([ind1], 0), "a[ind1] = 0")
      .raises(() => a.index(ind2), "a[ind2]")
      .raises(() => a.indexPut_([ind2], 0), "a[ind2] = 0")
      .check();
  });

  it("test_index_is_larger", async () => {
    // Simple case of fancy index broadcasting of the index.
    const a = torch.zeros(5, 5);
    a.indexPut_([long([[0], [1], [2]]), long([0, 1, 2])], f32([2, 3, 4]));
    expect(
      a
        .index(":3", ":3")
        .eq(f32([2, 3, 4]))
        .all()
        .item(),
    ).toBe(true);
    await new Replay()
      .run(() => {}, "a = torch.zeros((5, 5))\na[[[0], [1], [2]], [0, 1, 2]] = torch.tensor([2., 3., 4.])")
      .eq(a, "a")
      .check();
  });

  it("test_broadcast_subspace", async () => {
    const a = torch.zeros(100, 100);
    const v = torch.arange(0, 100, 1, { dtype: "float32" }).index(S, null);
    const b = torch.arange(99, -1, -1).long();
    a.indexPut_([b], v);
    const expected = b.float().unsqueeze(1).expand(100, 100);
    expectTensor(a, expected);
    await new Replay()
      .run(
        () => {},
        `a = torch.zeros((100, 100))
v = torch.arange(0., 100)[:, None]
b = torch.arange(99, -1, -1).long()
a[b] = v`,
      )
      .eq(a, "a")
      .check();
  });

  it("test_truncate_leading_1s", async () => {
    const colMax = torch.randn(1, 4);
    const kernel = colMax.T.mul(colMax); // [4, 4] tensor
    const kernel2 = kernel.clone();
    // Set the diagonal
    kernel.indexPut_([torch.arange(4), torch.arange(4)], colMax.square());
    torch.diagonal(kernel2).copy_(colMax.view(4).square());
    expectTensor(kernel, kernel2);
    await new Replay({ col_max: colMax })
      .run(
        () => {},
        `kernel = col_max.T * col_max
kernel[range(len(kernel)), range(len(kernel))] = torch.square(col_max)`,
      )
      .eq(kernel, "kernel")
      .check();
  });
});
