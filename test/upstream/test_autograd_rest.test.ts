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
//
// Surveyed next: TestAutograd from test_grad_fn_prehooks through test_saved_tensor_hooks_custom_function_intermediates
// (the stored file's cases up to test_unpack_hooks_exec_count; the rest: "Surveyed last" below). Ported
// here: test_save_output_nr, test_sparse_gather_* (6), test_return_leaf_inplace (in part: a Function, as
// torchts has no InplaceFunction), test_full_backward_hook_double_backward, test_input_buffer_accum,
// test_autograd_simple_views_python (1.13's form: see the case), test_grad_fn_prehooks,
// test_grad_fn_prehooks_multiple_outputs, test_grad_fn_prehooks_remove_hooks (Debian's 1.13 has
// Node.register_prehook; each case runs upstream's statements on both sides). The other cases of that range are
// ported in test_autograd*.test.ts / test/forward_ad.test.ts, or left out there with their reasons; of those
// no file named, left out here:
// - test_to_sparse_backward, test_sparse_mm_backward: later than 1.13 (1.13 has no derivative for
//   to_sparse_csr/csc/bsr/bsc, and mm's backward refuses sparse inputs).
// - test_grad_dtype, test_increment_version, test_view_replay_enabled, test_unsafe_set_version_counter: later
//   than 1.13 (grad_dtype, graph.increment_version, _force_original_view_tracking, _unsafe_preserve_version_counter).
// - test_calculate_shape_util: torch.autograd._calculate_shape is a private helper torchts does not export.
// - test_set_grad_generator_functions, test_set_grad_coroutines*, test_set_grad_enabled_wraps: decorators
//   over generators / set_grad_enabled as a decorator; torchts's grad modes are callbacks.
// - test_volatile_deprecated, test_saved_variables_deprecated, test_attribute_deletion, test_gc_in_destructor,
//   test_retain_grad_cycle, test_set_data_preserve_pyobj, test_dir, test_custom_function_cycle,
//   test_custom_function_saving_mutated_view_no_leak, test_thread_shutdown: Python-object mechanics
//   (legacy attributes, del, gc, weakref, id(), dir(), a subprocess's API-usage log).
// - test_numpy_requires_grad (numpy), test_type_conversions (torch.FloatTensor-style classes),
//   test_custom_function_preserve_torch_function_when_return_as_is (__torch_function__),
//   test_named_tensor_for_complex_views (named tensors), test_gradcheck_validates_input_mkldnn (MKLDNN),
//   test_node_ordering_when_none_returned (CUDA); test_lobpcg is ported in test_linalg_more.test.ts.
// - test_profiler*, test_record_function*: in test_profiler.test.ts.
// - test_no_grad_copy_sparse: compares data_ptr() of gradient buffers, where torchts's JS backward holds its
//   own reference (as test_no_grad_copy's port in test_autograd_more.test.ts says).
//
// Surveyed last: the stored file from test_unpack_hooks_exec_count to its end (the rest of TestAutograd,
// TestAutogradForwardModeBatchedGrad, TestAutogradForwardMode, TestAutogradDeviceType, TestAllowMutationOnSaved,
// TestAutogradInferenceMode, TestAutogradStreamSynchronization, TestMultithreadAutograd, TestNestedCheckpoint,
// TestSelectiveActivationCheckpoint, TestAutogradMultipleDispatch) and the classes it imports from test/autograd/
// (TestAutogradComplex, TestAutogradLogging; TestAutogradFunctional is test_autograd_functional.test.ts's).
// Ported here: test_pynode_destruction_deadlock (its script in a child process, as upstream's subprocess);
// TestAutogradDeviceType (CPU): test_sparse_ctor_getter_backward and test_sparse_backward (float64, complex128),
// test_copy_forward_ad_broadcasting, test_copy_forward_ad_same_layout_copies_grad (`is not tangent` as other
// memory), test_warning_in_backward (torch.ops.aten._test_warn_in_autograd); TestAutogradComplex (both cases);
// TestMultithreadAutograd: test_simple_backward (ten worker threads, each loading torchts and training on its own
// tensors, in a child process), test_preserve_backtrace (the thrown error reaches the caller as the same object, its
// stack naming the backward), test_cat_stack_r_to_c; TestAutogradMultipleDispatch (CPU):
// test_autograd_multiple_dispatch_registrations, test_autograd_composite_implicit_and_dispatch_registration,
// test_foward_mode_AD, test_view_copy, test_per_dispatch_key_input_saving.
// Ported elsewhere: the saved-tensor-hook cases of that range (test_autograd_graph.test.ts, which also says why
// test_saved_tensors_hook_version_counter_not_shared and test_wrapped_number_saved_tensors_hooks are left out),
// TestAutogradForwardMode and TestAutogradForwardModeBatchedGrad (test_autograd_forward_mode.test.ts), the rest of
// TestAutogradDeviceType's CPU cases (test_autograd_more.test.ts, test_autograd.test.ts), TestAutogradInferenceMode
// (test_autograd.test.ts), TestNestedCheckpoint (test_autograd_graph.test.ts). Left out:
// - Later than 1.13 (1.13 has none of it): test_multi_grad_all_hooks, test_multi_grad_any_hooks,
//   test_multi_grad_hooks_invalid_mode and TestMultithreadAutograd's test_multi_grad_* (register_multi_grad_hook),
//   test_view_func_replay* (_force_original_view_tracking, _view_func), test_setup_context_when_forward_has_default_args
//   (setup_context), TestAllowMutationOnSaved (allow_mutation_on_saved_tensors),
//   test_set_multithreading_enabled_as_context_manager_and_function (set_multithreading_enabled),
//   TestSelectiveActivationCheckpoint (create_selective_checkpoint_contexts), TestAutogradLogging (the autograd
//   logger of torch._logging), test_is_retain_graph and test_set_sequence_nr (private torch._C hooks of 2.x).
// - Fixed after 1.13, so 1.13 fails what upstream asserts: test_atan2_zero_gradient (1.13's gradient at (0, 0) is
//   nan, torchts's too), test_trace_backward_nonsquare_171704 (1.13's trace backward fills a non-square input's
//   gradient past its diagonal).
// - CUDA / accelerator only: test_graph_save_on_cpu_cuda, test_scalar_grad_mixed_device,
//   test_gradcheck_default_device_placement_context, test_advanced_indexing_backwards_large,
//   test_reentrant_parent_error_on_cpu, test_free_unneeded_tensor, test_pin_memory, test_profiler_emit_nvtx,
//   test_rnn_backward_to_input_but_not_parameters, test_unused_output_device, test_backward_device,
//   test_inputbuffer_add_multidevice, test_simple_reentrant_cross_device, test_cross_device_reentrant_autograd,
//   test_gradcheck_input_output_different_device, test_zero_dim_param_mixed_device_grad, TestAutogradStreamSynchronization,
//   test_custom_function_propagates_errors_from_device_thread, test_backward_single_threaded,
//   test_backward_tls_stash; test_profiler_emit_itt (ITT: not available in Debian's 1.13 either).
// - Threads sharing one tensor or graph: test_grad_thread_safety (and weakref), test_simple_backward_same_input,
//   test_python_thread_in_middle — a torchts Tensor belongs to the JS thread that made it, and worker threads share
//   no tensors; test_multithreaded_exception_propagation tests upstream's own thread helper;
//   test_fork_join_in_middle (TorchScript fork/join), test_dataparallel_saved_tensors_hooks (DataParallel).
// - test_pyscalar_conversions: Python's int()/float()/bool() on tensors and their ValueError/OverflowError, which
//   JS has no protocol for. test_backward_respects_torch_function: __torch_function__ subclasses.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { afterAll, describe, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectSameWarnings, expectTensor } from "../helpers/assert";
import { errClass, expectSameErr } from "../helpers/parity_calls";
import { DIST } from "../helpers/paths";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
const call = (fn: string, inputs: Record<string, unknown> = {}) => py.call(`upstream_autograd_rest.${fn}`, inputs);
type Ctx = torch.autograd.FunctionCtx;

/** [class, first message line] of what fn throws, or null. */
function tsErr(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    return [errClass(e), (e as Error).message.split("\n")[0] as string];
  }
}
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
  it("test_save_output_nr", async () => {
    const x = torch.randn([10]).requiresGrad_();
    class MultiOutputFn extends torch.autograd.Function {
      static forward(_ctx: Ctx, x: Tensor): Tensor[] {
        return [x.narrow(0, 0, 5), x.narrow(0, 5, 5)];
      }
      static backward(_ctx: Ctx, ...grad: Tensor[]): Tensor {
        return torch.cat(grad);
      }
    }
    const [, b] = MultiOutputFn.apply(x) as Tensor[];
    const seen: number[] = [(b as Tensor).outputNr];
    class TestFn extends torch.autograd.Function {
      static forward(ctx: Ctx, b: Tensor): Tensor {
        ctx.saveForBackward(b);
        return b.mul(2);
      }
      static backward(ctx: Ctx, _gradB: Tensor): null {
        const [saved] = ctx.savedTensors;
        seen.push((saved as Tensor).outputNr);
        return null;
      }
    }
    (TestFn.apply(b) as Tensor).sum().backward();
    const ref = await py.eval(
      `from torch.autograd import Function
seen = []
class MultiOutputFn(Function):
    @staticmethod
    def forward(ctx, x):
        return x[:5], x[5:]
    @staticmethod
    def backward(ctx, *grad):
        return torch.cat(grad)
a, b = MultiOutputFn.apply(x.clone().requires_grad_())
seen.append(b.output_nr)
class TestFn(Function):
    @staticmethod
    def forward(ctx, b):
        ctx.save_for_backward(b)
        return b * 2
    @staticmethod
    def backward(ctx, grad_b):
        (b,) = ctx.saved_tensors
        seen.append(b.output_nr)
TestFn.apply(b).sum().backward()
out = seen`,
      { x: x.detach() },
    );
    assert.deepEqual(seen, ref);
    assert.deepEqual(seen, [1, 1]);
  });

  // _test_sparse_gather: the gradient of gather(sparse_grad=True), densified, is the dense one.
  for (const [name, sizeX, sizeInd, dim] of [
    ["test_sparse_gather_dim0", [10, 10], [5, 10], 0],
    ["test_sparse_gather_dim1", [10, 10, 5], [10, 5, 5], 1],
    ["test_sparse_gather_dim_neg", [10, 10, 5], [10, 10, 2], -1],
    ["test_sparse_gather_ind_scalar", [10], [], 0],
    ["test_sparse_gather_x_scalar", [], [2], 0],
    ["test_sparse_gather_both_scalar", [], [], 0],
  ] as Array<[string, number[], number[], number]>) {
    it(name, async () => {
      const x = torch.randn(sizeX).requiresGrad_();
      const ind =
        sizeInd.length > 0 && sizeX.length > 0
          ? torch.randint(0, x.size(dim), sizeInd)
          : torch.zeros(sizeInd, { dtype: "int64" });
      let out = torch.gather(x, dim, ind, { sparseGrad: false });
      const grad = torch.randLike(out);
      out.backward(grad);
      const gradDense = (x.grad as Tensor).clone();
      x.grad = null;
      out = torch.gather(x, dim, ind, { sparseGrad: true });
      out.backward(grad);
      const sparse = x.grad as unknown as Tensor;
      expectTensor(sparse.toDense(), gradDense as unknown as PyValue, {}, "sparse vs dense grad");
      const ref = (await py.eval(
        `x = x.clone().requires_grad_()
torch.gather(x, dim, ind, sparse_grad=True).backward(grad)
out = [x.grad.is_sparse, x.grad.to_dense()]`,
        { x: x.detach(), ind, grad, dim },
      )) as [boolean, Tensor];
      assert.equal(sparse.isSparse, ref[0], "is_sparse");
      expectTensor(sparse.toDense(), ref[1], {}, "PyTorch's gradient");
    });
  }

  it("test_return_leaf_inplace (in part: a Function, not an InplaceFunction)", async () => {
    class Inplace extends torch.autograd.Function {
      static forward(ctx: Ctx, a: Tensor, b: Tensor): Tensor[] {
        ctx.markDirty(a);
        return [a.add_(b), b.add(2)];
      }
      static backward(_ctx: Ctx, gradA: Tensor, gradB: Tensor): Tensor[] {
        return [gradA, gradA.add(gradB)];
      }
    }
    const x = torch.randn([5, 5]);
    const y = torch.randn([5, 5]).requiresGrad_();
    const x0 = x.clone();
    const [q] = Inplace.apply(x, y) as Tensor[];
    assert.equal(q, x, "q is x");
    assert.equal((q as Tensor).requiresGrad, true);
    (q as Tensor).sum().backward();
    const ref = (await py.eval(
      `from torch.autograd.function import InplaceFunction
class Inplace(InplaceFunction):
    @staticmethod
    def forward(ctx, a, b):
        ctx.mark_dirty(a)
        return a.add_(b), b + 2
    @staticmethod
    def backward(ctx, grad_a, grad_b):
        return grad_a, grad_a + grad_b
x = x.clone()
y = y.clone().requires_grad_()
q, p = Inplace.apply(x, y)
ok = q is x and q.grad_fn.__class__ is Inplace._backward_cls and q.requires_grad
q.sum().backward()
out = [ok, y.grad, x.detach()]`,
      { x: x0, y: y.detach() },
    )) as [boolean, Tensor, Tensor];
    assert.equal(ref[0], true);
    expectTensor(y.grad as Tensor, ref[1], {}, "y.grad");
    expectTensor(x.detach(), ref[2], {}, "x after the in-place add");
  });

  it("test_full_backward_hook_double_backward", async () => {
    const x = torch.rand([1]).requiresGrad_();
    const y = torch.randLike(x);
    const func = new torch.nn.MSELoss();
    const counter = [0];
    func.registerFullBackwardHook(() => {
      counter[0] += 1;
    });
    const f = func.call(x, y);
    const [gradxF] = torch.autograd.grad(f, x, { createGraph: true });
    const seen = [counter[0]];
    torch.autograd.grad(gradxF as Tensor, x);
    seen.push(counter[0]);
    const ref = await py.eval(
      `counter = [0]
x = x.clone().requires_grad_()
func = torch.nn.MSELoss()
func.register_full_backward_hook(lambda m, gi, go: counter.__setitem__(0, counter[0] + 1))
f = func(x, y)
gradx_f, = torch.autograd.grad(f, x, create_graph=True)
seen = [counter[0]]
torch.autograd.grad(gradx_f, x)
seen.append(counter[0])
out = seen`,
      { x: x.detach(), y },
    );
    assert.deepEqual(seen, ref);
  });

  it("test_input_buffer_accum", async () => {
    const leaf = torch.rand([2, 2]).requiresGrad_();
    // An op that returns sparse gradients
    const ind = torch.tensor([[0, 0]], { dtype: "int64" });
    const out2 = leaf.gather(0, ind, { sparseGrad: true });
    // An op that returns the gradients as-is
    const out1 = leaf.clone();
    const gradOut1Original = torch.randLike(out1);
    const gradOut1 = gradOut1Original.clone();
    const gradOut2 = torch.randLike(out2);
    torch.autograd.backward([out1, out2], { gradTensors: [gradOut1, gradOut2] });
    // Given gradients should not be modified inplace
    expectTensor(gradOut1, gradOut1Original as unknown as PyValue, { rtol: 0, atol: 0 }, "grad_out1");
    const ref = (await py.eval(
      `leaf = leaf.clone().requires_grad_()
out2 = leaf.gather(0, ind, sparse_grad=True)
out1 = leaf.clone()
g1 = g1.clone()
torch.autograd.backward((out1, out2), (g1, g2))
out = leaf.grad`,
      { leaf: leaf.detach(), ind, g1: gradOut1Original, g2: gradOut2 },
    )) as Tensor;
    expectTensor(leaf.grad as Tensor, ref, {}, "leaf.grad");
  });

  // As PyTorch 1.13 has it (the stored upstream adds a pure_view flag, ctx._is_pure_view, that came later).
  // The two_output rows that change a view output in place raise 1.13's MULTI_OUTPUT_NODE message.
  it("test_autograd_simple_views_python", async () => {
    for (const dtype of ["float64", "complex128"] as const) {
      let bwCalled = 0;
      let gaNz = false;
      class IdOneOutput extends torch.autograd.Function {
        static forward(_ctx: Ctx, a: Tensor, _b: Tensor, makeView: boolean): Tensor {
          return makeView ? a.narrow(0, 0, 2) : a.clone();
        }
        static backward(_ctx: Ctx, ga: Tensor): Array<Tensor | null> {
          bwCalled += 1;
          return [ga, null, null];
        }
      }
      class IdTwoOutput extends torch.autograd.Function {
        static forward(_ctx: Ctx, a: Tensor, b: Tensor, makeView: boolean): Tensor[] {
          const v = makeView ? a.narrow(0, 0, 2) : a.clone();
          return [v, v.add(b)];
        }
        static backward(_ctx: Ctx, ga: Tensor, gab: Tensor): Array<Tensor | null> {
          bwCalled += 1;
          gaNz = !ga.eq(0).all().item();
          return [ga.add(gab), gab, null];
        }
      }
      class ViewOfTemp extends torch.autograd.Function {
        static forward(ctx: Ctx, a: Tensor, makeView: boolean): Tensor {
          ctx.saveForBackward(a);
          const v = makeView ? a.narrow(0, 0, 2) : a.clone();
          return v.clone().select(0, 0);
        }
        static backward(ctx: Ctx, grad: Tensor): Array<Tensor | null> {
          bwCalled += 1;
          const [a] = ctx.savedTensors;
          const res = torch.zerosLike(a as Tensor);
          res.select(0, 0).copy_(grad);
          return [res, null];
        }
      }
      const trace: unknown[] = [];
      for (const fnId of ["one_output", "two_output", "view_of_temp"]) {
        for (const inplace of [true, false]) {
          for (const makeView of [true, false]) {
            const fn = (a0: Tensor, b0: Tensor): Tensor => {
              const a = a0.clone();
              const b = b0.clone();
              let tmp: Tensor;
              if (fnId === "two_output") {
                let [tmp1, tmp2] = IdTwoOutput.apply(a, b, makeView) as Tensor[];
                if (inplace) {
                  (tmp1 as Tensor).add_(3);
                  (tmp2 as Tensor).add_(3);
                } else {
                  tmp1 = (tmp1 as Tensor).add(3);
                  tmp2 = (tmp2 as Tensor).add(3);
                }
                tmp = (tmp1 as Tensor).mul(tmp2 as Tensor);
              } else {
                tmp =
                  fnId === "one_output"
                    ? (IdOneOutput.apply(a, b, makeView) as Tensor)
                    : (ViewOfTemp.apply(a.add(b), makeView) as Tensor);
                if (inplace) tmp.add_(3);
                else tmp = tmp.add(3);
              }
              return tmp.sum();
            };
            const a = torch.ones([2], { dtype, requiresGrad: true });
            const b = torch.ones([2], { dtype, requiresGrad: true });
            const checked = tsErr(() => torch.autograd.gradcheck(fn, [a, b], { checkBatchedGrad: false }));
            bwCalled = 0;
            gaNz = true;
            const called = tsErr(() => fn(a, b).abs().backward());
            trace.push([fnId, inplace, makeView, checked, called, bwCalled, gaNz]);
          }
        }
      }
      const ref = (await call("autograd_simple_views_python", { dtype })) as unknown[];
      assert.deepEqual(trace, ref, dtype);
    }
  });
});

// Node.register_prehook: hooks on a node's incoming gradients, run before it, in registration order.
describe("test_autograd.TestAutograd: grad_fn pre hooks", () => {
  const mul2Of = (custom: boolean): ((x: Tensor) => Tensor) => {
    if (!custom) return (x) => x.mul(2);
    class Mul2 extends torch.autograd.Function {
      static forward(_ctx: Ctx, x: Tensor): Tensor {
        return x.mul(2);
      }
      static backward(_ctx: Ctx, g: Tensor): Tensor {
        return g.mul(2);
      }
    }
    return (x) => Mul2.apply(x) as Tensor;
  };
  const MUL2 = `def mul2_of(custom):
    if not custom:
        return lambda x: x * 2
    class Mul2(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2
        @staticmethod
        def backward(ctx, g):
            return g * 2
    return Mul2.apply
`;

  it("test_grad_fn_prehooks", async () => {
    const ref = (await py.eval(
      `${MUL2}
out = []
for custom in (True, False):
    mul2 = mul2_of(custom)
    a = torch.tensor([1.0], requires_grad=True)
    b = mul2(a)
    post, pre, seen = [0], [0], []
    def posthook(gi, go):
        seen.append([pre[0], go[0].item(), gi[0].item()])
        post[0] += 1
        return gi
    def prehook(go):
        pre[0] += 1
        return (go[0] * 2,)
    b.grad_fn.register_hook(posthook)
    b.grad_fn.register_hook(posthook)
    b.grad_fn.register_prehook(prehook)
    b.grad_fn.register_prehook(lambda x: None)
    b.grad_fn.register_prehook(prehook)
    b.grad_fn.register_prehook(prehook)
    b.grad_fn.register_prehook(lambda x: x)
    b.grad_fn.register_prehook(lambda x: None)
    b.sum().backward()
    first = [post[0], pre[0], seen, a.grad.item()]
    a = torch.rand(3, 3, requires_grad=True)
    b = mul2(a)
    def prehook2(go):
        pre[0] += 1
        return None
    b.grad_fn.register_prehook(prehook2)
    b.sum().backward()
    out.append([first, pre[0], torch.allclose(a.grad, torch.ones(3, 3) * 2)])`,
      {},
    )) as unknown[];
    const mine: unknown[] = [];
    for (const custom of [true, false]) {
      const mul2 = mul2Of(custom);
      let a = torch.tensor([1.0], { dtype: "float32", requiresGrad: true });
      let b = mul2(a);
      let post = 0;
      let pre = 0;
      const seen: number[][] = [];
      const posthook = (gi: Array<Tensor | null>, go: Array<Tensor | null>) => {
        seen.push([pre, (go[0] as Tensor).item() as number, (gi[0] as Tensor).item() as number]);
        post += 1;
        return gi;
      };
      const prehook = (go: Array<Tensor | null>) => {
        pre += 1;
        return [(go[0] as Tensor).mul(2)];
      };
      const fn = b.gradFn as torch.autograd.graph.Node;
      fn.registerHook(posthook);
      fn.registerHook(posthook);
      fn.registerPrehook(prehook);
      fn.registerPrehook(() => null);
      fn.registerPrehook(prehook);
      fn.registerPrehook(prehook);
      fn.registerPrehook((x) => x);
      fn.registerPrehook(() => undefined);
      b.sum().backward();
      const first = [post, pre, seen, (a.grad as Tensor).item()];
      a = torch.rand([3, 3], { requiresGrad: true });
      b = mul2(a);
      (b.gradFn as torch.autograd.graph.Node).registerPrehook(() => {
        pre += 1;
        return null;
      });
      b.sum().backward();
      mine.push([first, pre, (a.grad as Tensor).allclose(torch.ones([3, 3]).mul(2))]);
    }
    assert.deepEqual(mine, ref);
  });

  it("test_grad_fn_prehooks_multiple_outputs", async () => {
    torch.manualSeed(0);
    const b = torch.rand([3, 3], { requiresGrad: true });
    const [v0, m0] = torch.varMean(b, 0);
    v0.add(m0).sum().backward();
    const a = b.detach().requiresGrad_();
    let counter = 0;
    const [v1, m1] = torch.varMean(a, 0);
    (m1.gradFn as torch.autograd.graph.Node).registerPrehook((go) => {
      counter += 1;
      return go.map((g) => (g as Tensor).mul(2));
    });
    v1.add(m1).sum().backward();
    assert.equal(counter, 1);
    assert.ok((a.grad as Tensor).allclose((b.grad as Tensor).mul(2)));

    class DoubleMul2 extends torch.autograd.Function {
      static forward(ctx: Ctx, x: Tensor, k: number, y: Tensor): Array<Tensor | number> {
        (ctx as unknown as { a: number }).a = k;
        return [x.mul(k * 2), k, y.mul(k * 2)];
      }
      static backward(ctx: Ctx, g1: Tensor, _a: unknown, g2: Tensor): Array<Tensor | null> {
        const k = (ctx as unknown as { a: number }).a;
        return [g1.mul(k * 2), null, g2.mul(k * 2)];
      }
    }
    let calls: unknown[] = [];
    const x = torch.randn([3, 3], { requiresGrad: true });
    const y = torch.randn([3, 3], { requiresGrad: true });
    const k = 3;
    const [c, , d] = DoubleMul2.apply(x, k, y) as Tensor[];
    (c.gradFn as torch.autograd.graph.Node).registerPrehook((go) => {
      calls = go.map((g) => g === null);
      return [(go[0] as Tensor).mul(2), null, (go[2] as Tensor).mul(2)];
    });
    c.add(d).sum().backward();
    const ref = (await py.eval(
      `class DoubleMul2(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x, a, y):
        ctx.a = a
        return a * x * 2, a, a * y * 2
    @staticmethod
    def backward(ctx, g1, _a, g2):
        return ctx.a * g1 * 2, None, ctx.a * g2 * 2
seen = []
def prehook(go):
    seen.append([g is None for g in go])
    return (go[0] * 2, None, go[2] * 2)
x = x.clone().requires_grad_(); y = y.clone().requires_grad_()
c, _, d = DoubleMul2.apply(x, 3, y)
c.grad_fn.register_prehook(prehook)
(c + d).sum().backward()
out = [seen, x.grad, y.grad]`,
      { x: x.detach(), y: y.detach() },
    )) as [unknown[], Tensor, Tensor];
    assert.deepEqual([calls], ref[0]);
    expectTensor(x.grad as Tensor, ref[1], {}, "x.grad");
    expectTensor(y.grad as Tensor, ref[2], {}, "y.grad");
    assert.ok((x.grad as Tensor).allclose(torch.ones([1]).mul(4 * k)));
  });

  it("test_grad_fn_prehooks_remove_hooks", async () => {
    const ref = (await py.eval(
      `${MUL2}
out = []
for custom in (True, False):
    mul2 = mul2_of(custom)
    a = torch.rand(3, 3, requires_grad=True)
    b = mul2(a)
    counter = [0]
    def prehook(go):
        counter[0] += 1
    handle = b.grad_fn.register_prehook(prehook)
    b.grad_fn.register_prehook(prehook)
    handle.remove()
    b.sum().backward()
    first = [torch.allclose(a.grad, torch.ones(3, 3) * 2), counter[0]]
    a = torch.rand(3, 3, requires_grad=True)
    b = mul2(a)
    counter = [0]
    def prehook1(go):
        handle2.remove()
        handle3.remove()
    def prehook2(go):
        counter[0] += 1
    b.grad_fn.register_prehook(prehook1)
    handle2 = b.grad_fn.register_prehook(prehook2)
    handle3 = b.grad_fn.register_prehook(prehook2)
    handle3.remove()
    b.sum().backward()
    out.append([first, torch.allclose(a.grad, torch.ones(3, 3) * 2), counter[0]])`,
      {},
    )) as unknown[];
    const mine: unknown[] = [];
    for (const custom of [true, false]) {
      const mul2 = mul2Of(custom);
      let a = torch.rand([3, 3], { requiresGrad: true });
      let b = mul2(a);
      let counter = 0;
      const prehook = () => {
        counter += 1;
      };
      const handle = (b.gradFn as torch.autograd.graph.Node).registerPrehook(prehook);
      (b.gradFn as torch.autograd.graph.Node).registerPrehook(prehook);
      handle.remove();
      b.sum().backward();
      const first = [(a.grad as Tensor).allclose(torch.ones([3, 3]).mul(2)), counter];
      a = torch.rand([3, 3], { requiresGrad: true });
      b = mul2(a);
      counter = 0;
      const fn = b.gradFn as torch.autograd.graph.Node;
      let handle2: { remove(): void } | undefined;
      let handle3: { remove(): void } | undefined;
      const prehook2 = () => {
        counter += 1;
      };
      fn.registerPrehook(() => {
        handle2?.remove();
        handle3?.remove(); // removing a removed hook is fine
      });
      handle2 = fn.registerPrehook(prehook2);
      handle3 = fn.registerPrehook(prehook2);
      handle3.remove();
      b.sum().backward();
      mine.push([first, (a.grad as Tensor).allclose(torch.ones([3, 3]).mul(2)), counter]);
    }
    assert.equal(JSON.stringify(mine), JSON.stringify(ref));
  });
});

// TestAutogradDeviceType's CPU cases test_autograd_more.test.ts and test_autograd.test.ts did not port.
describe("test_autograd.TestAutogradDeviceType (CPU): the rest", () => {
  // genSparseTensor(size, sparse_dim, nnz, is_uncoalesced=True): random indices in range, the first halves
  // of them repeated so that the tensor holds duplicates.
  const genSparse = (size: number[], sparseDim: number, nnz: number, dtype: torch.DType) => {
    const vSize = [nnz, ...size.slice(sparseDim)];
    const v = torch.randn(vSize, { dtype });
    let i = torch
      .rand([sparseDim, nnz])
      .mul(torch.tensor(size.slice(0, sparseDim), { dtype: "float32" }).unsqueeze(1))
      .to("int64");
    i = torch.cat([i.narrow(1, 0, Math.floor(nnz / 2)), i.narrow(1, 0, Math.floor((nnz + 1) / 2))], 1);
    return { i, v, t: torch.sparseCooTensor(i, v, size, { dtype }) };
  };

  for (const dtype of ["float64", "complex128"] as const) {
    it(`test_sparse_ctor_getter_backward: ${dtype}`, async () => {
      const mine: unknown[] = [];
      const inputs: Record<string, unknown>[] = [];
      for (const emptyI of [true, false]) {
        for (const emptyV of [true, false]) {
          for (const emptyNnz of [true, false]) {
            const sparseSize = emptyI ? [] : [2, 1];
            const size = [...sparseSize, ...(emptyV ? [1, 0, 2] : [1, 2])];
            const sparseDim = sparseSize.length;
            const nnz = emptyNnz ? 0 : 5;
            const vSize = [nnz, ...size.slice(sparseDim)];
            const i = torch
              .rand([sparseDim, nnz])
              .mul(torch.tensor(size.slice(0, sparseDim), { dtype: "float32" }).unsqueeze(1))
              .to("int64");
            const inp = torch.randn(vSize, { dtype: "float64", requiresGrad: true });
            const other = genSparse(size, sparseDim, nnz, dtype);
            const fn = (v: Tensor) => {
              const x = torch.sparseCooTensor(i, v, size, { dtype });
              const y = x.add(other.t).coalesce();
              const z = torch.sparseCooTensor(y.indices(), y.values().tanh(), y.shape);
              return z.coalesce().values();
            };
            const checked = tsErr(() => torch.autograd.gradcheck(fn, [inp], { checkBatchedGrad: false })) ?? "ok";
            const getter = tsErr(() =>
              other.t.detach().requiresGrad_()._values().backward(torch.onesLike(other.t._values())),
            );
            mine.push([checked, getter]);
            inputs.push({ size, sparse_dim: sparseDim, i, inp: inp.detach(), oi: other.i, ov: other.v });
          }
        }
      }
      const ref = await py.eval(
        `from torch.autograd import gradcheck
dtype = getattr(torch, dtype)
res = []
for c in cases:
    i, size = c["i"], c["size"]
    inp = c["inp"].requires_grad_()
    other = torch.sparse_coo_tensor(c["oi"], c["ov"], size, dtype=dtype)
    def fn(v):
        x = torch.sparse_coo_tensor(i, v, size, dtype=dtype)
        y = (x + other).coalesce()
        yv = y.values()
        new_v = yv.tanh()
        z = torch.sparse_coo_tensor(y.indices(), new_v, y.size())
        return z.coalesce().values()
    try:
        gradcheck(fn, (inp,), check_batched_grad=False)
        checked = "ok"
    except Exception as e:
        checked = [type(e).__name__, str(e).split("\\n")[0]]
    try:
        other.detach().requires_grad_()._values().backward(torch.ones_like(other._values()))
        getter = None
    except Exception as e:
        getter = [type(e).__name__, str(e).split("\\n")[0]]
    res.append([checked, getter])
out = res`,
        { dtype, cases: inputs },
      );
      assert.deepEqual(mine, ref);
      for (const [checked, getter] of mine as Array<[unknown, [string, string]]>) {
        assert.equal(checked, "ok");
        assert.match(getter[1], /does not have a grad_fn/);
      }
    });

    it(`test_sparse_backward: ${dtype}`, async () => {
      class FixedGradientFunction extends torch.autograd.Function {
        static forward(ctx: Ctx, x: Tensor, gradX: Tensor): Tensor {
          ctx.saveForBackward(gradX);
          return x;
        }
        static backward(ctx: Ctx, _gradX: Tensor): Array<Tensor | null> {
          const [saved] = ctx.savedTensors;
          return [saved as Tensor, null];
        }
      }
      const size = [6, 3, 2];
      const i1 = torch.tensor(
        [
          [0, 3, 4],
          [0, 2, 2],
        ],
        { dtype: "int64" },
      );
      const v1 = torch.randn([3, 2], { dtype });
      const sg1 = torch.sparseCooTensor(i1, v1, size, { dtype });
      const i2 = torch.tensor(
        [
          [0, 1, 3, 4],
          [0, 1, 2, 2],
        ],
        { dtype: "int64" },
      );
      const v2 = torch.randn([4, 2], { dtype });
      const sg2 = torch.sparseCooTensor(i2, v2, size, { dtype });
      const dense = torch.rand(size, { dtype });
      const fn = (x: Tensor, g: Tensor) => FixedGradientFunction.apply(x, g) as Tensor;
      const grads: Array<[boolean, Tensor]> = [];
      const run = (order: Tensor[]) => {
        const x = torch.randn(size, { dtype, requiresGrad: true });
        order
          .map((g) => fn(x, g))
          .reduce((a, b) => a.add(b))
          .sum()
          .abs()
          .backward();
        const g = x.grad as Tensor;
        grads.push([g.isSparse, g.isSparse ? g.toDense() : g]);
      };
      run([sg1, dense, sg2]); // sparse first
      run([dense, sg1, sg2]); // dense first
      run([sg1, sg2]); // sparse only
      const want = dense.add(sg1).add(sg2);
      const tol = { rtol: 1e-7, atol: 1e-12 };
      expectTensor(grads[0]?.[1] as Tensor, want as unknown as PyValue, tol, "sparse first");
      expectTensor(grads[1]?.[1] as Tensor, want as unknown as PyValue, tol, "dense first");
      expectTensor(grads[2]?.[1] as Tensor, sg1.add(sg2).toDense() as unknown as PyValue, tol, "sparse only");
      const ref = (await py.eval(
        `from torch.autograd import Function
class FixedGradientFunction(Function):
    @staticmethod
    def forward(ctx, x, grad_x):
        ctx.save_for_backward(grad_x)
        return x
    @staticmethod
    def backward(ctx, grad_x):
        saved_grad_x, = ctx.saved_tensors
        return saved_grad_x, None
fn = FixedGradientFunction
sg1 = torch.sparse_coo_tensor(i1, v1, (6, 3, 2))
sg2 = torch.sparse_coo_tensor(i2, v2, (6, 3, 2))
res = []
for order in ([sg1, dense, sg2], [dense, sg1, sg2], [sg1, sg2]):
    x = torch.randn(6, 3, 2, dtype=dense.dtype, requires_grad=True)
    s = fn.apply(x, order[0])
    for g in order[1:]:
        s = s + fn.apply(x, g)
    s.sum().abs().backward()
    res.append([x.grad.is_sparse, x.grad.to_dense()])
out = res`,
        { i1, v1, i2, v2, dense },
      )) as Array<[boolean, Tensor]>;
      for (const [k, [sparse, g]] of ref.entries()) {
        assert.equal(grads[k]?.[0], sparse, `case ${k}: is_sparse`);
        expectTensor(grads[k]?.[1] as Tensor, g, {}, `case ${k}: PyTorch's gradient`);
      }
    });
  }

  it("test_copy_forward_ad_broadcasting", async () => {
    const fw = torch.autograd.forwardAd;
    const primal = torch.rand([3, 3]);
    const tangent = torch.rand([3, 3]);
    const nonDual = torch.rand([1, 3, 3]);
    const nd0 = nonDual.clone();
    let got: [Tensor, Tensor | null] | undefined;
    fw.dualLevel(() => {
      const dual = fw.makeDual(primal, tangent);
      nonDual.copy_(dual);
      const u = fw.unpackDual(nonDual);
      got = [u.primal.clone(), u.tangent === null ? null : u.tangent.clone()];
    });
    const ref = (await py.eval(
      `import torch.autograd.forward_ad as fwAD
with fwAD.dual_level():
    dual = fwAD.make_dual(primal, tangent)
    non_dual.copy_(dual)
    p, t = fwAD.unpack_dual(non_dual)
    out = [p.clone(), t.clone()]`,
      { primal, tangent, non_dual: nd0 },
    )) as [Tensor, Tensor];
    const [p, t] = got as [Tensor, Tensor | null];
    expectTensor(p, ref[0], {}, "primal");
    assert.ok(t !== null, "non_dual has a tangent after copy_");
    expectTensor(t, ref[1], {}, "tangent");
  });

  it("test_copy_forward_ad_same_layout_copies_grad", async () => {
    const fw = torch.autograd.forwardAd;
    const primal = torch.tensor([[3.0], [4.0]], { dtype: "float32" });
    const tangent = torch.tensor([[5.0], [6.0]], { dtype: "float32" });
    let mine: unknown[] = [];
    fw.dualLevel(() => {
      const xDual = fw.makeDual(primal, tangent);
      const nonDual = torch.tensor([[1.0], [2.0]], { dtype: "float32" });
      nonDual.copy_(xDual);
      const t = fw.unpackDual(nonDual).tangent as Tensor;
      // Python's `is not tangent`: torchts hands out a new Tensor object per unpackDual, so compare memory.
      mine = [t.dataPtr() !== tangent.dataPtr(), t.tolist()];
    });
    const ref = await py.eval(
      `import torch.autograd.forward_ad as fwAD
primal = torch.tensor([[3.0], [4.0]])
tangent = torch.tensor([[5.0], [6.0]])
with fwAD.dual_level():
    x_dual = fwAD.make_dual(primal, tangent)
    non_dual = torch.tensor([[1.0], [2.0]])
    non_dual.copy_(x_dual)
    t = fwAD.unpack_dual(non_dual).tangent
    out = [t is not tangent and t.data_ptr() != tangent.data_ptr(), t.tolist()]`,
    );
    assert.deepEqual(mine, ref);
    assert.equal(mine[0], true);
  });

  it("test_warning_in_backward", async () => {
    const seen = await expectSameWarnings(
      py,
      () => {
        const a = torch.zeros([], { requiresGrad: true });
        const b = torch.ops.aten._test_warn_in_autograd(a) as Tensor;
        b.backward();
      },
      "a = torch.zeros((), requires_grad=True)\nb = torch._C._nn._test_warn_in_autograd(a)\nb.backward()",
    );
    assert.ok(
      seen.some((w) => /^UserWarning: Warn from backward/.test(w)),
      seen.join("; "),
    );
  });
});

// test/autograd/test_complex.py (imported into test_autograd.py).
describe("test_autograd.TestAutogradComplex", () => {
  it("test_view_func_for_complex_views", async () => {
    const grads = (fnX: (a: Tensor) => Tensor, fnY: (a: Tensor) => Tensor, x0: Tensor) => {
      const x = x0.clone().requiresGrad_();
      const y = x0.clone().requiresGrad_();
      fnX(x).sum().backward();
      fnY(y).sum().backward();
      return [x.grad as Tensor, y.grad as Tensor];
    };
    const xs = [
      torch.randn([2, 2, 2], { dtype: "float64" }),
      torch.randn([2, 2, 2], { dtype: "float64" }),
      torch.randn([10], { dtype: "complex128" }),
    ];
    // case 1: both parent and child have view_func
    const case1 = grads(
      (x) => {
        const x2 = torch.viewAsReal(torch.viewAsComplex(x.clone()));
        x2.mul_(2);
        return x2;
      },
      (y) => y.clone().mul_(2),
      xs[0] as Tensor,
    );
    // case 2: parent has view_func but child does not
    const fn2 = (a: Tensor) => {
      const b1 = torch.viewAsComplex(a.clone());
      return b1.reshape([b1.numel()]);
    };
    const case2 = grads(
      (x) => fn2(x).mul_(2),
      (y) => fn2(y).mul(2),
      xs[1] as Tensor,
    );
    // case 3: parent does not have a view_func but child does
    const fn3 = (a: Tensor) => torch.viewAsReal(a.clone().reshape([5, 2]));
    const case3 = grads(
      (x) => fn3(x).mul_(2),
      (y) => fn3(y).mul(2),
      xs[2] as Tensor,
    );
    const ref = (await py.eval(
      `def case1(x):
    x = x.clone().requires_grad_()
    x2 = torch.view_as_real(torch.view_as_complex(x.clone()))
    x2.mul_(2)
    x2.sum().backward()
    return x.grad
def fn2(a):
    b1 = torch.view_as_complex(a.clone())
    return b1.reshape(b1.numel())
def case2(x):
    x = x.clone().requires_grad_()
    x0 = fn2(x)
    x0.mul_(2)
    x0.sum().backward()
    return x.grad
def case3(x):
    x = x.clone().requires_grad_()
    x0 = torch.view_as_real(x.clone().reshape(5, 2))
    x0.mul_(2)
    x0.sum().backward()
    return x.grad
out = [case1(x1), case2(x2), case3(x3)]`,
      { x1: xs[0], x2: xs[1], x3: xs[2] },
    )) as Tensor[];
    for (const [k, [gx, gy]] of [case1, case2, case3].entries()) {
      expectTensor(gx as Tensor, gy as unknown as PyValue, {}, `case ${k + 1}: in-place vs out-of-place`);
      expectTensor(gx as Tensor, ref[k] as Tensor, {}, `case ${k + 1}: PyTorch's x.grad`);
    }
  });

  it("test_view_with_multi_output", async () => {
    const mine: unknown[] = [];
    const x = torch.randn([2, 2, 2], { dtype: "float64" });
    for (const requiresGrad of [false, true]) {
      x.requiresGrad_(requiresGrad);
      // Taking an invalid view should always be allowed as long as it is not modified inplace
      const res = torch.viewAsComplex(x).unbind(0);
      mine.push(tsErr(() => (res[0] as Tensor).add_(torch.rand([2], { requiresGrad: true }))));
    }
    const ref = await py.eval(
      `res_ = []
for requires_grad in (False, True):
    x.requires_grad_(requires_grad)
    res = torch.view_as_complex(x).unbind(0)
    try:
        res[0] += torch.rand(2, requires_grad=True)
        res_.append(None)
    except Exception as e:
        res_.append([type(e).__name__, str(e).split("\\n")[0]])
out = res_`,
      { x: x.detach() },
    );
    assert.deepEqual(mine, ref);
    for (const e of mine as Array<[string, string]>)
      assert.match(e[1], /output of a function that returns multiple views/);
  });
});

/** Runs `script` (CommonJS; `torch` is the compiled torchts) in a child Node process, so that a hang or crash fails the case; its stdout parsed as JSON. */
function inChild(script: string, timeoutMs = 60_000): unknown {
  const lib = JSON.stringify(path.join(DIST, "lib"));
  const r = spawnSync(process.execPath, ["-e", `const torch = require(${lib});\n${script}`], {
    encoding: "utf8",
    timeout: timeoutMs,
  });
  assert.equal(r.status, 0, `child: status ${r.status}, signal ${r.signal}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe("test_autograd.TestAutograd: the rest (after test_unpack_hooks_exec_count)", () => {
  // Upstream runs this script in a subprocess (a hang or crash fails it). Its Foo defines forward twice, so the
  // second (returning gO.clone()) stands and Foo has no backward; the left branch's error is raised first.
  it("test_pynode_destruction_deadlock", async () => {
    const mine = inChild(`
class Foo extends torch.autograd.Function {
  static forward(ctx, gO) { return gO.clone(); }
}
function getOut() {
  const inp = torch.rand([2], { requiresGrad: true });
  // The JS function is first so that it runs last in the backward pass
  const right = Foo.apply(inp);
  // An op that creates new memory
  const left1 = inp.clone();
  // An op that saves its input
  const left2 = left1.pow(2);
  // Inplace modify so that the backward for left2 always raises an error
  left1.add_(1);
  // An op that takes both sides as input
  return left2.add(right);
}
let out = null;
try { getOut().sum().backward(); } catch (e) { out = [e.constructor.name, e.message.split("\\n")[0]]; }
process.stdout.write(JSON.stringify(out));`);
    const ref = await pyErr(
      `class Foo(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x):
        return x.clone()
    @staticmethod
    def forward(ctx, gO):
        return gO.clone()
def get_out():
    inp = torch.rand(2, requires_grad=True)
    right = Foo.apply(inp)
    left1 = inp.clone()
    left2 = left1 ** 2
    left1 += 1
    out = left2 + right
    return out
get_out().sum().backward()`,
    );
    assert.ok(ref !== null);
    assert.match(ref[1], /^one of the variables needed for gradient computation/);
    assert.deepEqual(mine, [ref[0] === "RuntimeError" ? "Error" : ref[0], ref[1]]);
  });
});

describe("test_autograd.TestMultithreadAutograd", () => {
  // _run_py_multithread_fn's threads become worker threads (in a child process), each loading torchts and
  // training on tensors of its own, as upstream's train_fn does.
  it("test_simple_backward", async () => {
    const mine = inChild(`
const { Worker } = require("node:worker_threads");
const lib = require.resolve(${JSON.stringify(path.join(DIST, "lib"))});
const TRAIN = "const { parentPort } = require('node:worker_threads');" +
  "const torch = require(" + JSON.stringify(lib) + ");" +
  "const x = torch.ones([5, 5], { requiresGrad: true });" +
  "const y = x.add(3).mul(x.add(4)).mul(0.5);" +
  "y.sum().backward();" +
  "parentPort.postMessage([x.grad.dtype, x.grad.shape, Array.from(x.grad.toTypedArray())]);";
const out = [];
for (let k = 0; k < 10; k++) {
  const w = new Worker(TRAIN, { eval: true });
  w.on("message", (m) => out.push(m));
  w.on("error", (e) => out.push({ error: e.message }));
}
process.on("exit", () => process.stdout.write(JSON.stringify(out)));`) as unknown[];
    const ref = (await py.eval(
      `import threading
res = []
def train_fn():
    x = torch.ones(5, 5, requires_grad=True)
    y = (x + 3) * (x + 4) * 0.5
    y.sum().backward()
    assert torch.equal(x.grad, x + 3.5)
    res.append([str(x.grad.dtype).replace("torch.", ""), list(x.grad.shape), x.grad.flatten().tolist()])
threads = [threading.Thread(target=train_fn) for _ in range(10)]
for t in threads:
    t.start()
for t in threads:
    t.join()
out = res`,
    )) as unknown[];
    assert.equal(ref.length, 10);
    assert.deepEqual(mine, ref);
  }, 130_000);

  it("test_preserve_backtrace", async () => {
    let thrown: Error | undefined;
    class Foo extends torch.autograd.Function {
      static forward(_ctx: Ctx, input: Tensor): Tensor {
        return input;
      }
      static backward(_ctx: Ctx, ..._grad: Tensor[]): Tensor {
        thrown = new torch.ValueError("something");
        throw thrown;
      }
    }
    const t = torch.rand([10], { requiresGrad: true });
    let caught: unknown;
    try {
      (Foo.apply(t) as Tensor).sum().backward();
    } catch (e) {
      caught = e;
    }
    const ref = await py.eval(
      `import sys, traceback
class Foo(torch.autograd.Function):
    @staticmethod
    def forward(ctx, input):
        return input
    @staticmethod
    def backward(ctx, *grad):
        raise ValueError("something")
t = torch.rand(10, requires_grad=True)
try:
    Foo.apply(t).sum().backward()
    out = None
except Exception as e:
    tb_str = "\\n".join(traceback.format_tb(sys.exc_info()[2]))
    out = [type(e).__name__, str(e), 'raise ValueError("something")' in tb_str]`,
    );
    // The error the backward threw reaches the caller as it was thrown, its stack still naming the backward.
    assert.ok(caught !== undefined, "backward raised nothing");
    assert.equal(caught, thrown, "the same error object");
    const stack = (caught as Error).stack ?? "";
    assert.deepEqual([errClass(caught), (caught as Error).message, /at Foo\.backward/.test(stack)], ref);
  });

  it("test_cat_stack_r_to_c", async () => {
    const inpC = torch.rand([3, 2], { dtype: "complex128", requiresGrad: true });
    const inpR = torch.randn([3, 2], { dtype: "float64", requiresGrad: true });
    const fn = (x1: Tensor, x2: Tensor) => torch.cat([x1, x2], -1);
    const fn2 = (x1: Tensor, x2: Tensor) => torch.stack([x1, x2], -1);
    const mine: unknown[] = [];
    for (const f of [fn, fn2]) {
      for (const args of [
        [inpR, inpC],
        [inpC, inpR],
      ]) {
        mine.push(tsErr(() => torch.autograd.gradcheck(f, args, { checkForwardAd: true })) ?? "ok");
        mine.push(f(args[0] as Tensor, args[1] as Tensor));
      }
    }
    const ref = (await py.eval(
      `res = []
inp_c = inp_c.requires_grad_()
inp_r = inp_r.requires_grad_()
def fn(x1, x2):
    return torch.cat((x1, x2), dim=-1)
def fn2(x1, x2):
    return torch.stack((x1, x2), dim=-1)
for f in (fn, fn2):
    for args in ([inp_r, inp_c], [inp_c, inp_r]):
        try:
            torch.autograd.gradcheck(f, args, check_forward_ad=True)
            res.append("ok")
        except Exception as e:
            res.append([type(e).__name__, str(e).split("\\n")[0]])
        res.append(f(*args).detach())
out = res`,
      { inp_c: inpC.detach(), inp_r: inpR.detach() },
    )) as unknown[];
    for (let k = 0; k < mine.length; k += 2) {
      assert.deepEqual(mine[k], ref[k], `gradcheck ${k / 2}`);
      expectTensor(mine[k + 1] as Tensor, ref[k + 1] as Tensor, {}, `output ${k / 2}`);
    }
  });
});

// The device-parametrized class (CPU here); its ops are torch._test_autograd_multiple_dispatch* (torch.ops.aten in
// torchts), whose derivatives.yaml entries differ per dispatch key (Default vs AutogradNestedTensor).
describe("test_autograd.TestAutogradMultipleDispatch (CPU)", () => {
  const nestedCase = (ntonly: boolean) => {
    const t = torch.randn([3, 3], { requiresGrad: true });
    const op = torch.ops.aten._test_autograd_multiple_dispatch;
    const out = (ntonly ? op(t, true) : op(t)) as Tensor;
    const grad = torch.randn([3, 3]);
    out.backward(grad);
    const a = torch.arange(6, { dtype: "float32" }).reshape([2, 3]).requiresGrad_(true);
    const b = torch.arange(8, { dtype: "float32" }).reshape([2, 4]).requiresGrad_(true);
    const nt = torch.nested.asNestedTensor([a, b], "float32");
    const ntOut = (ntonly ? op(nt, true) : op(nt)) as Tensor;
    const c = torch.randn([2, 3]);
    const d = torch.randn([2, 4]);
    ntOut.backward(torch.nested.nestedTensor([c, d], { dtype: "float32" }));
    return { t, grad, a, b, c, d };
  };
  const PY_NESTED = `def nested_case(t, grad, c, d, ntonly):
    t = t.clone().requires_grad_()
    out = torch._test_autograd_multiple_dispatch(t, True) if ntonly else torch._test_autograd_multiple_dispatch(t)
    out.backward(grad)
    a = torch.arange(6, dtype=torch.float).reshape(2, 3).requires_grad_(True)
    b = torch.arange(8, dtype=torch.float).reshape(2, 4).requires_grad_(True)
    nt = torch.nested.as_nested_tensor([a, b], dtype=torch.float)
    nt_out = torch._test_autograd_multiple_dispatch(nt, True) if ntonly else torch._test_autograd_multiple_dispatch(nt)
    nt_out.backward(torch.nested.nested_tensor([c, d], dtype=torch.float))
    return [t.grad, a.grad, b.grad]
`;

  it("test_autograd_multiple_dispatch_registrations", async () => {
    const { t, grad, a, b, c, d } = nestedCase(false);
    // bogus default gradient registered for Autograd is grad + 1
    expectTensor(t.grad as Tensor, grad.add(1) as unknown as PyValue, {}, "t.grad");
    // bogus gradient for AutogradNestedTensor is grad * grad
    expectTensor(a.grad as Tensor, c.mul(c) as unknown as PyValue, {}, "a.grad");
    expectTensor(b.grad as Tensor, d.mul(d) as unknown as PyValue, {}, "b.grad");
    const ref = (await py.eval(`${PY_NESTED}out = nested_case(t, grad, c, d, False)`, {
      t: t.detach(),
      grad,
      c,
      d,
    })) as Tensor[];
    for (const [k, g] of [t.grad, a.grad, b.grad].entries())
      expectTensor(g as Tensor, ref[k] as Tensor, {}, `grad ${k}`);
  });

  it("test_autograd_composite_implicit_and_dispatch_registration", async () => {
    const { t, grad, a, b, c, d } = nestedCase(true);
    // t.grad is just out.grad by composite op since _test_autograd_multiple_dispatch is just a clone
    expectTensor(t.grad as Tensor, grad as unknown as PyValue, {}, "t.grad");
    // bogus gradient for AutogradNestedTensor is grad * grad + grad
    expectTensor(a.grad as Tensor, c.mul(c).add(c) as unknown as PyValue, {}, "a.grad");
    expectTensor(b.grad as Tensor, d.mul(d).add(d) as unknown as PyValue, {}, "b.grad");
    const ref = (await py.eval(`${PY_NESTED}out = nested_case(t, grad, c, d, True)`, {
      t: t.detach(),
      grad,
      c,
      d,
    })) as Tensor[];
    for (const [k, g] of [t.grad, a.grad, b.grad].entries())
      expectTensor(g as Tensor, ref[k] as Tensor, {}, `grad ${k}`);
  });

  it("test_foward_mode_AD", async () => {
    // forward AD is registered for the Default dispatch (CPU), so this runs
    const fw = torch.autograd.forwardAd;
    const primal = torch.randn([3]);
    const tangent = torch.randn([3]);
    let mine: Array<Tensor | null> = [];
    fw.dualLevel(() => {
      const out = torch.ops.aten._test_autograd_multiple_dispatch(fw.makeDual(primal, tangent)) as Tensor;
      const u = fw.unpackDual(out);
      mine = [u.primal.clone(), u.tangent === null ? null : u.tangent.clone()];
    });
    const ref = (await py.eval(
      `import torch.autograd.forward_ad as fwAD
with fwAD.dual_level():
    dual_input = fwAD.make_dual(primal, tangent)
    p, t = fwAD.unpack_dual(torch._test_autograd_multiple_dispatch(dual_input))
    out = [p.clone(), None if t is None else t.clone()]`,
      { primal, tangent },
    )) as Array<Tensor | null>;
    expectTensor(mine[0] as Tensor, ref[0] as Tensor, {}, "primal");
    assert.ok(ref[1] !== null && mine[1] !== null, "a tangent on both sides");
    expectTensor(mine[1] as Tensor, ref[1] as Tensor, {}, "tangent");
  });

  it("test_view_copy", async () => {
    // tests that view_copy derivative formulas are also generated per dispatch key from their view ops
    const t = torch.randn([2, 2], { requiresGrad: true });
    const tRef = t.detach().clone().requiresGrad_();
    // _test_autograd_multiple_dispatch_view does a .view(-1) on the input
    const tView = torch.ops.aten._test_autograd_multiple_dispatch_view(tRef) as Tensor;
    const tViewCopy = torch.ops.aten._test_autograd_multiple_dispatch_view_copy(t) as Tensor;
    const grad = torch.randn([4]);
    tViewCopy.backward(grad);
    tView.backward(grad.clone());
    // forward and backward give the same shape + result
    expectTensor(tViewCopy, tView as unknown as PyValue, {}, "view_copy vs view");
    expectTensor(t.grad as Tensor, tRef.grad as unknown as PyValue, {}, "t.grad vs t_ref.grad");
    // Default gradient registered is grad.reshape_as(self)
    expectTensor(t.grad as Tensor, grad.reshapeAs(t) as unknown as PyValue, {}, "t.grad");
    const ref = (await py.eval(
      `t = t.clone().requires_grad_()
v = torch._test_autograd_multiple_dispatch_view_copy(t)
v.backward(grad)
out = [v.detach(), t.grad, v._is_view()]`,
      { t: t.detach(), grad },
    )) as [Tensor, Tensor, boolean];
    expectTensor(tViewCopy, ref[0], {}, "PyTorch's view_copy");
    expectTensor(t.grad as Tensor, ref[1], {}, "PyTorch's t.grad");
    assert.equal(tViewCopy._isView(), ref[2], "_is_view()");
  });

  it("test_per_dispatch_key_input_saving", async () => {
    // sum.dim_IntList's input is not saved for regular tensors but is saved for nested tensors
    const foo = (x0: Tensor) => {
      const x = x0.clone(); // don't modify the input in place
      const res = x.sum(-1, true);
      x.add_(x);
      return res;
    };
    const inp = torch.rand([2], { requiresGrad: true });
    const plain = tsErr(() => foo(inp).backward());
    const nt = torch.nested.nestedTensor([torch.rand([2]), torch.rand([2])], { requiresGrad: true });
    const nested = tsErr(() => foo(nt).backward(torch.nested.nestedTensor([torch.rand([1]), torch.rand([1])])));
    const ref = await py.eval(
      `def foo(x):
    x = x.clone()
    res = x.sum(-1, keepdim=True)
    x.add_(x)
    return res
def err(f):
    try:
        f()
        return None
    except Exception as e:
        return [type(e).__name__, str(e).split("\\n")[0]]
inp = torch.rand(2, requires_grad=True)
plain = err(lambda: foo(inp).backward())
nt = torch.nested.nested_tensor([torch.rand(2), torch.rand(2)], requires_grad=True)
nested = err(lambda: foo(nt).backward(torch.nested.nested_tensor([torch.rand(1), torch.rand(1)])))
out = [plain, nested]`,
    );
    assert.deepEqual([plain, nested], ref);
    assert.match((nested as [string, string])[1], /modified by an inplace operation/);
  });
});
