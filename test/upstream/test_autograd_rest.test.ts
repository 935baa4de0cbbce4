// Ported from PyTorch 1.13's test/test_autograd.py (TestAutograd): cases test_autograd.test.ts,
// test_autograd_more.test.ts, test_autograd_graph.test.ts, test_autograd_forward_mode.test.ts and
// test_autograd_functional.test.ts did not port, named after their upstream tests. Each case runs upstream's
// statements in torchts and in live PyTorch 1.13 (inline, through test/helpers/pytorch.ts) and compares the
// error class and message. (The stored test_autograd.py is a later one; every case below was run against 1.13.)
//
// Surveyed so far: the first part of TestAutograd (through test_hooks / test_grad_fn_prehooks); of its
// cases not ported elsewhere, left out here:
// - test_copy_slices_graph_task_updates: torch._C._functions.DelayedError is a private node torchts has no form of.
// - test_set_materialize_non_diff_grads (ctx._materialize_non_diff_grads), test_unused_grad_requires_grad_with_materialize
//   and test_grad_materialize_grads (materialize_grads=), test_custom_function_vmap_defaults and
//   test_custom_function_setup_context_* (setup_context), test_multiple_insert_removal_caching
//   (torch._C._add_cached_tensor), test_grad_to_node*, test_backward_to_node, test_gradient_edge_*
//   (GradientEdge), test_post_accumulate_grad_hook_*: later than 1.13 (1.13 materializes the non-differentiable
//   output's gradient as zeros and has none of the others).
// - test_legacy_function_deprecation_exception, test_hook_with_no_name, test_accumulate_grad_tensor_reference:
//   Python-object mechanics (a non-static Function, a callable object without __name__, id()).
import * as assert from "node:assert/strict";
import { afterAll, describe, it } from "vitest";
import * as torch from "../../lib";
import { expectSameErr } from "../helpers/parity_calls";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

/** PyTorch's [class, first message line] for what `code` raises (null when it raises nothing). */
async function pyErr(code: string, inputs: Record<string, unknown> = {}): Promise<[string, string] | null> {
  const r = await py.run(
    `try:\n    ${code.split("\n").join("\n    ")}\n    out = None\nexcept Exception as e:\n    out = [type(e).__name__, str(e).split("\\n")[0]]`,
    inputs,
  );
  if (r.error !== undefined) throw new Error(`PyTorch: ${r.error}`);
  return r.out as [string, string] | null;
}

describe("test_autograd.TestAutograd: the rest", () => {
  it("test_not_implemented_fwad", async () => {
    const x = torch.randn([3]);
    const v = torch.rand([3]);
    let err: unknown;
    torch.autograd.forwardAd.dualLevel(() => {
      const dualX = torch.autograd.forwardAd.makeDual(x, v);
      try {
        // if forward AD ends up being implemented for torch.igamma, choose a different op
        dualX.igamma(dualX);
      } catch (e) {
        err = e;
      }
    });
    const ref = await pyErr(
      "import torch.autograd.forward_ad as fwAD\nwith fwAD.dual_level():\n    dual_x = fwAD.make_dual(x, v)\n    torch.igamma(dual_x, dual_x)",
      { x, v },
    );
    assert.ok(ref !== null, "PyTorch raised nothing");
    assert.ok(err !== undefined, `torchts raised nothing; PyTorch raised ${ref.join(": ")}`);
    expectSameErr(err, ref, "igamma(dual_x, dual_x)", /Trying to use forward AD with .* that does not support it/);
    assert.equal((err as Error).message.split("\n")[0], ref[1], "the first message line");
  });
});
