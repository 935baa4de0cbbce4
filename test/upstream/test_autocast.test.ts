// Ported from PyTorch 1.13's test/test_autocast.py (TestAutocastCPU, TestTorchAutocast) with the op lists of
// torch/testing/_internal/autocast_test_lists.py (AutocastCPUTestLists, as installed with 1.13).
// Each op runs as _run_autocast_outofplace does: under torch.cpu.amp.autocast() (torch.* and Tensor.*
// variants, their dtype, the two equal), against a control with autocast disabled and the args cast by hand,
// and against live PyTorch's output for the same op on the same inputs (dtype and values, bitwise).
// Adapted: torch._C._nn.<op> (nn_bf16, nn_fp32) is torch.ops.aten.<op> on both sides (the same ATen operator;
//   torchts has no _C, and _C._nn's binding defaults reduction to 0 where torch.ops.aten takes the schema's Mean).
// Adapted: methods_expect_builtin_promote's dunders (__eq__, __add__, __div__, ...) are the named methods (eq, add, div).
// Adapted: the inputs are drawn by torchts with the lists' shapes and dtypes (seeded) and sent to PyTorch.
// Adapted: test_autocast_rnn: 1.13 has no torch.ops.mkldnn._is_mkldnn_bf16_supported and its LSTM raises
//   "mat1 and mat2 must have the same dtype" (not 2.x's ValueError): both errors and outputs compared with live 1.13.
// Adapted: TestAutocastGPU.test_cast_cache_is_global / test_cache_disabled run on the CPU: the cast of a leaf
//   weight is counted through the graph (one shared ToCopyBackward0 node per cached cast) instead of a
//   TorchDispatchMode (which torchts lacks); test_cache_disabled uses cache_enabled=False, as 1.13 has no
//   torch._C._set_cached_tensors_enabled / _add_cached_tensor.
// Adapted: test_autocast_disabled_with_fp32_dtype (2.x): in 1.13 a float32 CPU region warns and its
//   __enter__ raises (even with enabled=False); the warning, the error and the state after are compared.
// Left out: TestAutocastGPU as written (CUDA only: float16 casts of CUDA tensors, CustomLinear's CUDA autocast).

import * as assert from "node:assert/strict";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import type { Node } from "../../lib/autograd_graph";
import type { DType } from "../../lib/dtype";
import * as F from "../../lib/nn/functional";
import { expectSameError, expectTensor } from "../helpers/assert";
import { PyTorch, type PyValue } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

type Arg = Tensor | number | boolean | Arg[];
// An op with its args (and upstream's keyword arguments, snake_case), and for the promote lists the dtype expected.
type OpCase = [op: string, args: Arg[], kwargs?: Record<string, unknown>, outType?: DType];

// AutocastCPUTestLists(torch.device('cpu')): the same shapes, dtypes and values' kinds.
function autocastCpuTestLists() {
  torch.manualSeed(0);
  const n = 8;
  const randn = (shape: number[], dtype: DType) => torch.randn(shape, { dtype });
  const rand = (shape: number[], dtype: DType) => torch.rand(shape, { dtype });
  const pointwise0_bf16 = randn([n], "bfloat16");
  const pointwise1_bf16 = randn([n], "bfloat16");
  const mat0_bf16 = randn([n, n], "bfloat16");
  const mat1_bf16 = randn([n, n], "bfloat16");
  const mat2_bf16 = randn([n, n], "bfloat16");
  const dummyDimsets = [[n], [n, n], [n, n, n], [n, n, n, n], [n, n, n, n, n]];
  const dummy_bf16 = dummyDimsets.map((d) => randn(d, "bfloat16"));
  const dimsets = [
    [n, n, n],
    [n, n, n, n],
    [n, n, n, n, n],
  ];
  const conv_args_bf16 = dimsets.map((d) => [randn(d, "bfloat16"), randn(d, "bfloat16")]);
  const conv_args_fp32 = dimsets.map((d) => [randn(d, "float32"), randn(d, "float32")]);
  const pointwise0_fp32 = randn([n], "float32");
  const pointwise1_fp32 = randn([n], "float32");
  const mat0_fp32 = randn([n, n], "float32");
  const mat1_fp32 = randn([n, n], "float32");
  const mat2_fp32 = randn([n, n], "float32");
  const mat3_fp32 = randn([n, n], "float32");
  const MEAN = 1; // torch.nn._reduction.get_enum('mean')

  const promote = (ops: string[], outs: DType[]): OpCase[] =>
    ops.map((op, i) => [op, [pointwise0_fp32, pointwise1_bf16], {}, outs[i]]);
  const outs: DType[] = [...Array(6).fill("bool"), "float32", "float32", "float32"];
  return {
    torch_expect_builtin_promote: promote(["eq", "ge", "gt", "le", "lt", "ne", "add", "div", "mul"], outs),
    methods_expect_builtin_promote: promote(
      ["__eq__", "__ge__", "__gt__", "__le__", "__lt__", "__ne__", "__add__", "__div__", "__mul__"],
      outs,
    ),
    torch_bf16: [
      ["conv1d", conv_args_fp32[0] as Tensor[]],
      ["conv2d", conv_args_fp32[1] as Tensor[]],
      ["conv3d", conv_args_fp32[2] as Tensor[]],
      ["bmm", [randn([n, n, n], "float32"), randn([n, n, n], "float32")]],
      ["mm", [mat0_fp32, mat1_fp32]],
      ["matmul", [mat0_fp32, mat1_fp32]],
      ["baddbmm", [randn([n, n, n], "float32"), randn([n, n, n], "float32"), randn([n, n, n], "float32")]],
      ["addmm", [mat1_fp32, mat2_fp32, mat3_fp32]],
      ["addbmm", [mat0_fp32, randn([n, n, n], "float32"), randn([n, n, n], "float32")]],
      ["conv_tbc", [randn([10, 7, 3], "float32"), randn([5, 3, 5], "float32"), randn([5], "float32"), 0]],
    ] as OpCase[],
    torch_fp32: [
      ["conv_transpose1d", conv_args_bf16[0] as Tensor[]],
      ["conv_transpose2d", conv_args_bf16[1] as Tensor[]],
      ["conv_transpose3d", conv_args_bf16[2] as Tensor[]],
      ["poisson_nll_loss", [mat0_bf16, mat1_bf16, true, false, 1e-8, MEAN]],
      [
        "cosine_embedding_loss",
        [
          torch.tensor([[1, 2, 3]], { dtype: "bfloat16" }),
          torch.tensor([[1, 3, 4]], { dtype: "bfloat16" }),
          torch.tensor([1], { dtype: "int32" }),
        ],
      ],
      ["hinge_embedding_loss", [mat0_bf16, torch.ones([n], { dtype: "int32" })]],
      ["margin_ranking_loss", [mat0_bf16, mat1_bf16, torch.ones([n], { dtype: "bfloat16" })]],
      ["triplet_margin_loss", [mat0_bf16, mat1_bf16, mat2_bf16]],
      ["binary_cross_entropy_with_logits", [mat0_bf16, rand([n, n], "bfloat16")]],
    ] as OpCase[],
    nn_bf16: [["linear", [mat0_fp32, mat1_fp32], {}]] as OpCase[],
    nn_fp32: [
      ["avg_pool3d", [dummy_bf16[3] as Tensor], { kernel_size: [3, 3, 3], stride: [1, 1, 1] }],
      ["binary_cross_entropy", [rand([n, n], "bfloat16"), rand([n, n], "bfloat16")]],
      ["reflection_pad1d", [dummy_bf16[2] as Tensor], { padding: [3, 3] }],
      ["nll_loss", [rand([n, n], "bfloat16"), torch.zeros([n], { dtype: "int64" })]],
      ["nll_loss2d", [rand([n, n, n, n], "bfloat16"), torch.zeros([n, n, n], { dtype: "int64" })]],
      ["l1_loss", [mat0_bf16, mat1_bf16]],
      ["smooth_l1_loss", [mat0_bf16, mat1_bf16]],
      ["mse_loss", [mat0_bf16, mat1_bf16]],
      ["multilabel_margin_loss", [mat0_bf16, torch.ones([n, n], { dtype: "int64" })]],
      ["soft_margin_loss", [mat0_bf16, torch.ones([n, n], { dtype: "int64" })]],
      ["multi_margin_loss", [mat0_bf16, torch.ones([n], { dtype: "int64" })]],
      ["huber_loss", [mat0_bf16, mat1_bf16]],
    ] as OpCase[],
    torch_need_autocast_promote: [
      ["cat", [[pointwise0_bf16, pointwise1_fp32]]],
      ["stack", [[pointwise0_bf16, pointwise1_fp32]]],
    ] as OpCase[],
  };
}
const LISTS = autocastCpuTestLists();

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const camelKeys = (kw: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(kw).map(([k, v]) => [camel(k), v]));
// biome-ignore lint/suspicious/noExplicitAny: ops are looked up by name, as upstream's getattr.
type AnyFn = (...args: any[]) => unknown;
type Module = "torch" | "nn" | null;

// getattr(module, op): torch.<op> (camelCase), torch._C._nn.<op> as torch.ops.aten.<op>.
function moduleFn(module: Module, op: string): AnyFn | undefined {
  if (module === "torch") return (torch as unknown as Record<string, AnyFn | undefined>)[camel(op)];
  if (module === "nn") return torch.ops.aten[op];
  return undefined;
}
// getattr(torch.Tensor, op): a dunder is its named method.
function methodName(op: string): string {
  return camel(op.startsWith("__") ? op.slice(2, -2) : op);
}

function cast(v: Arg, to: DType): Arg {
  if (v instanceof torch.Tensor) return v.isFloatingPoint() ? v.to(to) : v;
  if (Array.isArray(v)) return v.map((x) => cast(x, to));
  return v;
}
function compare(first: unknown, second: unknown): boolean {
  if (first instanceof torch.Tensor) return second instanceof torch.Tensor && torch.equal(first, second);
  if (Array.isArray(first)) return Array.isArray(second) && first.every((f, i) => compare(f, (second as unknown[])[i]));
  return first === second;
}

// The module PyTorch calls (torch._C._nn's ops as torch.ops.aten, as torchts) and the one whose attribute
// upstream looks up.
const pyModule = { torch: ["torch", "torch"], nn: ["torch.ops.aten", "torch._C._nn"], null: ["None", "None"] };

// TestAutocastCPU._run_autocast_outofplace, with PyTorch's own run of the op as the reference.
async function runAutocastOutofplace(
  op: string,
  args: Arg[],
  runAsType: DType,
  { outType, module = "torch", kwargs = {} }: { outType?: DType; module?: Module; kwargs?: Record<string, unknown> },
): Promise<void> {
  const ref = (await py.eval(
    `mod, upstream_mod = ${pyModule[String(module) as keyof typeof pyModule].join(", ")}
has_mod = upstream_mod is not None and hasattr(upstream_mod, op)
has_method = hasattr(torch.Tensor, op)
with torch.cpu.amp.autocast():
    output = getattr(mod, op)(*args, **kw) if has_mod else None
    output_method = getattr(args[0], op)(*args[1:], **kw) if has_method else None
out = [has_mod, has_method, output, output_method]`,
    { op, args, kw: kwargs },
  )) as [boolean, boolean, PyValue, PyValue];
  const [hasMod, hasMethod, refOutput, refMethod] = ref;
  const fn = moduleFn(module, op);
  const first = args[0] as unknown as Record<string, AnyFn | undefined>;
  const method = first[methodName(op)];
  // The variants PyTorch has, torchts has.
  expect(fn !== undefined, `torch variant of ${op}`).toBe(hasMod);
  expect(method !== undefined, `Tensor variant of ${op}`).toBe(hasMethod);
  const kw = camelKeys(kwargs);
  const withKw = (a: Arg[]) => (Object.keys(kw).length > 0 ? [...a, kw] : a);

  expect(torch.isAutocastCpuEnabled()).toBe(false);
  const region = torch.cpu.amp.autocast().enter();
  try {
    expect(torch.isAutocastCpuEnabled()).toBe(true);
    const want = outType ?? runAsType;
    let output: unknown;
    let outputMethod: unknown;
    if (hasMod) {
      output = (fn as AnyFn)(...withKw(args));
      if (output instanceof torch.Tensor) expect(output.dtype, `autocast for torch.${op}`).toBe(want);
      expectTensor(output as Tensor, refOutput, {}, `torch.${op} vs PyTorch`);
    }
    if (hasMethod) {
      outputMethod = (method as AnyFn).call(args[0], ...withKw(args.slice(1)));
      if (outputMethod instanceof torch.Tensor) expect(outputMethod.dtype, `autocast for Tensor.${op}`).toBe(want);
      expectTensor(outputMethod as Tensor, refMethod, {}, `Tensor.${op} vs PyTorch`);
    }
    assert.ok(output !== undefined || outputMethod !== undefined, `${op} not found`);
    if (output !== undefined && outputMethod !== undefined)
      assert.ok(compare(output, outputMethod), `torch.${op} result did not match Tensor.${op} result`);
    const toCompare = output !== undefined ? output : outputMethod;
    // Python-side "autocasting" by hand, which should be bitwise what autocast does.
    torch.cpu.amp.autocast({ enabled: false }, () => {
      expect(torch.isAutocastCpuEnabled()).toBe(false);
      const control = hasMod
        ? (fn as AnyFn)(...withKw(cast(args, runAsType) as Arg[]))
        : (method as AnyFn).call((args[0] as Tensor).to(runAsType), ...withKw(cast(args.slice(1), runAsType) as Arg[]));
      assert.ok(compare(toCompare, control), `torch.${op} result did not match control`);
    });
    expect(torch.isAutocastCpuEnabled()).toBe(true);
  } finally {
    region.exit();
  }
  expect(torch.isAutocastCpuEnabled()).toBe(false);
}

describe("TestAutocastCPU", () => {
  it.each(LISTS.torch_expect_builtin_promote)(
    "test_autocast_torch_expect_builtin_promote: %s",
    async (op, args, _kw, out) => {
      await runAutocastOutofplace(op, args, "float32", { outType: out });
    },
  );
  it.each(LISTS.methods_expect_builtin_promote)(
    "test_autocast_methods_expect_builtin_promote: %s",
    async (op, args, _kw, out) => {
      await runAutocastOutofplace(op, args, "float32", { module: null, outType: out });
    },
  );
  it.each(LISTS.torch_bf16)("test_autocast_torch_bf16: %s", async (op, args, kwargs) => {
    await runAutocastOutofplace(op, args, "bfloat16", { kwargs });
  });
  it.each(LISTS.nn_bf16)("test_autocast_nn_bf16: %s", async (op, args, kwargs) => {
    await runAutocastOutofplace(op, args, "bfloat16", { module: "nn", kwargs });
  });
  it.each(LISTS.torch_fp32)("test_autocast_torch_fp32: %s", async (op, args, kwargs) => {
    await runAutocastOutofplace(op, args, "float32", { kwargs });
  });
  it.each(LISTS.nn_fp32)("test_autocast_nn_fp32: %s", async (op, args, kwargs) => {
    await runAutocastOutofplace(op, args, "float32", { module: "nn", kwargs });
  });
  it.each(LISTS.torch_need_autocast_promote)("test_autocast_torch_need_autocast_promote: %s", async (op, args) => {
    await runAutocastOutofplace(op, args, "float32", {});
  });

  it("test_autocast_rnn (1.13: a bfloat16 LSTM on float32 input raises; under CPU autocast it runs)", async () => {
    torch.manualSeed(0);
    const x = torch.randn([1, 2, 1]);
    const hx = torch.randn([2, 2, 1]);
    const cx = torch.randn([2, 2, 1]);
    const m = new nn.LSTM(1, 1, 2).to("bfloat16");
    const state = m.stateDict();
    const mk = "m = torch.nn.LSTM(1, 1, 2).to(torch.bfloat16)\nm.load_state_dict(state)\n";
    await expectSameError(py, () => m.forward(x, [hx, cx]), `${mk}m(x, (hx, cx))`, { state, x, hx, cx });
    const ref = (await py.eval(`${mk}with torch.cpu.amp.autocast():\n    o, (h, c) = m(x, (hx, cx))\nout = [o, h, c]`, {
      state,
      x,
      hx,
      cx,
    })) as Tensor[];
    const [o, [h, c]] = torch.cpu.amp.autocast(() => m.forward(x, [hx, cx]));
    expectTensor(o, ref[0], {}, "output");
    expectTensor(h, ref[1], {}, "h");
    expectTensor(c, ref[2], {}, "c");
  });

  it("test_autocast_disabled_with_fp32_dtype (1.13: warns, then __enter__ raises; the state is unchanged)", async () => {
    const ref = (await py.eval(
      `import warnings
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    try:
        with torch.autocast(device_type='cpu', dtype=torch.float32, enabled=False):
            _ = torch.ones(10)
        err = None
    except RuntimeError as e:
        err = str(e)
out = [[str(w.message) for w in ws], err, torch.is_autocast_cpu_enabled(), str(torch.get_autocast_cpu_dtype())]`,
    )) as [string[], string | null, boolean, string];
    const seen: string[] = [];
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(((w: string | Error) => {
      seen.push(String(w instanceof Error ? w.message : w));
    }) as typeof process.emitWarning);
    let err: string | null = null;
    try {
      torch.autocast("cpu", { dtype: "float32", enabled: false }, () => torch.ones([10]));
    } catch (e) {
      err = (e as Error).message;
    } finally {
      spy.mockRestore();
    }
    expect(seen).toEqual(ref[0]);
    expect(err).toBe(ref[1]);
    expect(torch.isAutocastCpuEnabled()).toBe(ref[2]);
    expect(`torch.${torch.getAutocastCpuDtype()}`).toBe(ref[3]);
  });
});

// The ToCopyBackward0 node through which a leaf's gradient flows from `out` (the cast of the leaf), found
// by walking the graph as PyTorch's reference does.
function castNode(out: Tensor): Node | null {
  const stack: Node[] = out.gradFn ? [out.gradFn] : [];
  while (stack.length > 0) {
    const n = stack.pop() as Node;
    if (n.name() === "ToCopyBackward0") return n;
    for (const [m] of n.nextFunctions) if (m !== null) stack.push(m);
  }
  return null;
}
const CAST_NODE_PY = `def node(o):
    seen = [o.grad_fn] if o.grad_fn is not None else []
    while seen:
        n = seen.pop()
        if type(n).__name__ == 'ToCopyBackward0': return n
        seen += [m for m, _ in n.next_functions if m is not None]
    return None
`;

describe("TestAutocastGPU on the CPU (the cast cache)", () => {
  it("test_cast_cache_is_global (a weight is cast once per outermost region, nested regions included)", async () => {
    torch.manualSeed(0);
    const data = torch.randn([2, 3]);
    const weight = new nn.Parameter(torch.randn([4, 3]));
    const ref = (await py.eval(
      `${CAST_NODE_PY}weight = torch.nn.Parameter(w)
with torch.cpu.amp.autocast():
    o1 = torch.nn.functional.linear(data, weight)
    with torch.cpu.amp.autocast():
        o2 = torch.nn.functional.linear(data, weight)
    o3 = torch.nn.functional.linear(data, weight)
with torch.cpu.amp.autocast():
    o4 = torch.nn.functional.linear(data, weight)
out = [node(o1) is node(o2), node(o1) is node(o3), node(o1) is node(o4), o1, o4]`,
      { data, w: weight.detach() },
    )) as [boolean, boolean, boolean, Tensor, Tensor];
    const [o1, o2, o3] = torch.cpu.amp.autocast(() => {
      const a = F.linear(data, weight);
      const b = torch.cpu.amp.autocast(() => F.linear(data, weight));
      return [a, b, F.linear(data, weight)];
    });
    const o4 = torch.cpu.amp.autocast(() => F.linear(data, weight));
    const nodes = [o1, o2, o3, o4].map(castNode);
    for (const nd of nodes) expect(nd).not.toBeNull();
    expect([nodes[0] === nodes[1], nodes[0] === nodes[2], nodes[0] === nodes[3]]).toEqual(ref.slice(0, 3));
    expect(ref.slice(0, 3)).toEqual([true, true, false]);
    expectTensor(o1, ref[3], {}, "o1");
    expectTensor(o4, ref[4], {}, "o4");
    // The gradients through the cached and the fresh cast both reach the weight.
    torch.stack([o1, o2, o3, o4]).sum().backward();
    const g = (await py.eval(
      `weight = torch.nn.Parameter(w)
outs = []
with torch.cpu.amp.autocast():
    outs.append(torch.nn.functional.linear(data, weight))
    with torch.cpu.amp.autocast():
        outs.append(torch.nn.functional.linear(data, weight))
    outs.append(torch.nn.functional.linear(data, weight))
with torch.cpu.amp.autocast():
    outs.append(torch.nn.functional.linear(data, weight))
torch.stack(outs).sum().backward()
out = weight.grad`,
      { data, w: weight.detach() },
    )) as Tensor;
    expectTensor(weight.grad as Tensor, g, {}, "weight.grad");
  });

  it("test_cache_disabled (cache_enabled=False: each op casts the weight again)", async () => {
    torch.manualSeed(1);
    const data = torch.randn([2, 3]);
    const weight = new nn.Parameter(torch.randn([4, 3]));
    const ref = (await py.eval(
      `${CAST_NODE_PY}weight = torch.nn.Parameter(w)
with torch.cpu.amp.autocast(cache_enabled=False):
    o1 = torch.nn.functional.linear(data, weight)
    o2 = torch.nn.functional.linear(data, weight)
out = [node(o1) is node(o2), torch.is_autocast_cache_enabled()]`,
      { data, w: weight.detach() },
    )) as [boolean, boolean];
    expect(ref[0]).toBe(false);
    const [o1, o2] = torch.cpu.amp.autocast({ cacheEnabled: false }, () => [
      F.linear(data, weight),
      F.linear(data, weight),
    ]);
    const [n1, n2] = [castNode(o1), castNode(o2)];
    expect(n1).not.toBeNull();
    expect(n2).not.toBeNull();
    expect(n1 === n2).toBe(ref[0]);
    expect(torch.isAutocastCacheEnabled()).toBe(ref[1]);
  });
});

describe("TestTorchAutocast", () => {
  it("test_autocast_fast_dtype", async () => {
    const ref = (await py.eval("out = [str(torch.get_autocast_gpu_dtype()), str(torch.get_autocast_cpu_dtype())]")) as [
      string,
      string,
    ];
    const gpuFastDtype = torch.getAutocastGpuDtype();
    const cpuFastDtype = torch.getAutocastCpuDtype();
    expect(gpuFastDtype).toBe("float16");
    expect(cpuFastDtype).toBe("bfloat16");
    expect([`torch.${gpuFastDtype}`, `torch.${cpuFastDtype}`]).toEqual(ref);
  });
});
