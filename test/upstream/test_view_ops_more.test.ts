// More of PyTorch's test/test_view_ops.py (TestViewOps), named after the upstream test as instantiated on the CPU.
// test/upstream/test_view_ops.test.ts ports every other TestViewOps / TestOldViewOps test (1.13's and the stored later
// revisions'); this file holds the one test name it lacks. Live PyTorch 1.13 runs the same statements on the same
// inputs.
// In part:
// - test_view_copy_output_contiguous: later releases' behaviour. Upstream asserts that slice_copy of a channels_last
//   tensor is contiguous; PyTorch 1.13's slice_copy keeps the input's channels_last strides (is_contiguous() is
//   False), so torchts is compared with 1.13's result: the same values, sizes, strides, is_contiguous() and no view.
//   Only torch.ops.aten.slice_copy (upstream's call) is compared: 1.13's torch.slice_copy(a, 0, 0, 2) without an
//   explicit step returns a garbage stride and wrong values (a 1.13 binding bug), which no port should copy.

import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

describe("TestViewOps", () => {
  it("test_view_copy_output_contiguous", async () => {
    const a = torch.randn([4, 4, 4, 4]).contiguous({ memoryFormat: "channelsLast" });
    assert.ok(a.isContiguous({ memoryFormat: "channelsLast" }));
    const b = torch.ops.aten.slice_copy(a, 0, 0, 2) as Tensor;
    // the input travels contiguous; PyTorch makes it channels_last again, as upstream does
    const [ref, stride, contiguous, isView] = (await py.eval(
      "a = a.to(memory_format=torch.channels_last)\n" +
        "b = torch.ops.aten.slice_copy(a, 0, 0, 2)\n" +
        "out = [b, list(b.stride()), b.is_contiguous(), b._is_view()]",
      { a },
    )) as [Tensor, number[], boolean, boolean];
    expectTensor(b, ref);
    assert.deepEqual(b.stride(), stride);
    assert.equal(b.isContiguous(), contiguous);
    assert.equal(b._isView(), isView);
    // slice_copy copies: writing to the input leaves the result alone
    const before = b.clone();
    a.fill_(0);
    expectTensor(b, before);
  });
});
