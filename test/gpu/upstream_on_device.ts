// PyTorch's common_nn runs every module and criterion test a second time on CUDA (test_cuda). These
// are those runs for torchts: the tables of test/upstream/common_nn*.test.ts, torchts on `device`
// against PyTorch on the same device, with the same weights, inputs and output gradients.

import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectTensor } from "../helpers/assert";
import {
  callForward,
  compareOut,
  construct,
  flatTensors,
  forwardInput,
  leafAt,
  type ModuleInfoEntry,
  type ModuleSample,
} from "../helpers/modinfo";
import { type OpInfoEntry, runOpInfo, runOpInfoGrad } from "../helpers/opinfo";
import type { PyTorch } from "../helpers/pytorch";
import { moduleParity } from "../parity/layers";
import { CASES as MHA_CASES, mhaCase } from "../upstream/tables/attention";
import { CRITERION_TESTS, criterionInputs, MODULE_TESTS } from "../upstream/tables/common_nn";
import {
  BCE_CRITERION_TESTS,
  CASES,
  LOSS_CRITERION_TESTS,
  LOSS_EXTRA_TESTS,
} from "../upstream/tables/common_nn_layers";
import { MORE_LAYER_CASES } from "../upstream/tables/common_nn_more";
import { MODULE_INFOS } from "../upstream/tables/modinfo";
import { OPINFO_COMPLEX_PASS, OPINFO_GRAD_PASS, OPINFO_PASS } from "../upstream/tables/opinfo";
import { CASES as RNN_CASES, rnnCase } from "../upstream/tables/rnn";
import { CASES as TRANSFORMER_CASES, transformerCase } from "../upstream/tables/transformer";

type Run = (name: string, fn: () => Promise<unknown>) => Promise<void>;
const TOL = { rtol: 1e-4, atol: 1e-5 };

async function lossOnDevice(py: PyTorch, dev: torch.Device, ctor: string, l: Tensor, x: Tensor, t: Tensor) {
  l.backward(torch.onesLike(l));
  const [rl, rg] = (await py.call("parity_layers.loss_case", { ctor, x: x.detach(), t, device: dev })) as [
    Tensor,
    Tensor,
  ];
  expectTensor(l, rl, TOL, `${ctor} loss`);
  expectTensor(x.grad!, rg, TOL, `${ctor} input grad`);
}

/** Every common_nn table case on `dev`; one result per case, named as upstream names it. */
export async function upstreamOnDevice(py: PyTorch, dev: torch.Device, run: Run): Promise<void> {
  for (const [name, make, ctor, shape] of MODULE_TESTS) {
    await run(`${dev} common_nn ${name}`, async () => {
      torch.manualSeed(11);
      const m = make();
      await moduleParity(py, m, ctor, torch.randn(shape), dev, TOL);
    });
  }
  for (const [name, make, ctor, shape, kind] of CRITERION_TESTS) {
    await run(`${dev} common_nn ${name}`, async () => {
      const [x0, t] = criterionInputs(name, shape, kind);
      const x = x0.to(dev).requiresGrad_(true);
      await lossOnDevice(py, dev, ctor, make().to(dev).forward(x, t.to(dev)), x, t);
    });
  }
  for (const [name, make, ctor, shape] of BCE_CRITERION_TESTS) {
    await run(`${dev} common_nn ${name}`, async () => {
      torch.manualSeed(12);
      const x = torch.randn(shape).to(dev).requiresGrad_(true);
      const t = torch.rand(shape).gt(0.5).float();
      await lossOnDevice(py, dev, ctor, make().to(dev).forward(x, t.to(dev)), x, t);
    });
  }
  for (const [name, make, ctor, inputs] of [...LOSS_CRITERION_TESTS, ...LOSS_EXTRA_TESTS]) {
    await run(`${dev} common_nn ${name}`, async () => {
      torch.manualSeed(12);
      const [x0, t0] = inputs();
      // 1.13's BCELoss no_batch_dim rows draw randn targets, which only the CPU kernel takes: CUDA's
      // asserts a target in [0, 1] on the device, and that assert ends the process's CUDA context.
      const t = dev !== "cpu" && name.startsWith("test_BCELoss_no_batch_dim") ? t0.gt(0).float() : t0;
      const x = x0.to(dev).detach().requiresGrad_(true);
      await lossOnDevice(py, dev, ctor, make().to(dev).forward(x, t.to(dev)), x, t);
    });
  }
  // RNN/LSTM/GRU and cells (cuDNN on CUDA: a tolerance there, exact on the CPU).
  for (const c of RNN_CASES) await run(`${dev} rnn ${c.name}`, () => rnnCase(py, c, dev, dev === "cpu" ? {} : TOL));
  // MultiheadAttention, its training path and ATen's fused inference kernel.
  for (const c of MHA_CASES) await run(`${dev} mha ${c.name}`, () => mhaCase(py, c, dev, dev === "cpu" ? {} : TOL));
  for (const c of TRANSFORMER_CASES)
    await run(`${dev} transformer ${c.name}`, () => transformerCase(py, c, dev, dev === "cpu" ? {} : TOL));
  for (const [name, make, ctor, input, o = {}] of [...CASES, ...MORE_LAYER_CASES]) {
    await run(`${dev} common_nn ${name}`, async () => {
      torch.manualSeed(3);
      const x0 = input();
      torch.manualSeed(11);
      const m = make();
      if (o.eval) m.eval();
      m.to(dev);
      const x = o.intInput ? x0.to(dev) : x0.to(dev).detach().requiresGrad_(true);
      const y = m.forward(x);
      const outs = Array.isArray(y) ? y : [y];
      const g = outs[0].dtype === "int64" || !outs[0].requiresGrad ? null : torch.randn(outs[0].shape);
      if (g) outs[0].backward(g.to(dev));
      const ref = (await py.call("upstream_layers.layer_case", {
        ctor,
        seed: 11,
        x: x0,
        g,
        train: !o.eval,
        grad_input: !o.intInput,
        device: dev,
      })) as { out: Tensor[]; xgrad: Tensor | null; grads: Record<string, Tensor>; sd: Record<string, Tensor> };
      if (outs.length !== ref.out.length) throw new Error(`${outs.length} outputs, PyTorch ${ref.out.length}`);
      for (const [i, t] of outs.entries())
        expectTensor(t, ref.out[i], t.dtype === "int64" ? {} : TOL, `${ctor} output ${i}`);
      if (ref.xgrad) expectTensor(x.grad!, ref.xgrad, TOL, `${ctor} input grad`);
      for (const [k, p] of m.namedParameters()) {
        if (ref.grads[k]) expectTensor(p.grad!, ref.grads[k], TOL, `${ctor} ${k} grad`);
        else if (p.grad) throw new Error(`${ctor} ${k}: a grad where PyTorch has none`);
      }
      for (const [k, v] of Object.entries(m.stateDict())) expectTensor(v, ref.sd[k], TOL, `${ctor} ${k} after`);
    });
  }
}

/**
 * test_ops.py runs every OpInfo on CUDA as well: the OpInfos torchts passes on the CPU, on `dev`, torchts
 * against PyTorch both there, outputs and then gradients. New cases stop starting after `seconds` (the
 * one GPU call has a fixed budget); how far it got is one more result.
 */
export async function opinfoOnDevice(
  py: PyTorch,
  dev: torch.Device,
  run: Run,
  seconds: number,
  failedBefore: ReadonlySet<string> = new Set(),
): Promise<void> {
  const entries = new Map<string, OpInfoEntry>();
  await run(`${dev} test_ops: this PyTorch's op_db`, async () => {
    for (const e of (await py.call("upstream_ops.names")) as unknown as OpInfoEntry[]) entries.set(e.key, e);
  });
  const t0 = Date.now();
  // The OpInfos torchts passes on the CPU (1.13's op_db) that this PyTorch's op_db also names.
  const has = (key: string) => entries.has(key);
  const absent = [...OPINFO_PASS, ...OPINFO_GRAD_PASS, ...OPINFO_COMPLEX_PASS].filter((k) => !has(k)).length;
  const cases: Array<[string, () => Promise<{ failures: string[] }>]> = [
    ...OPINFO_PASS.filter(has).map((key): [string, () => Promise<{ failures: string[] }>] => [
      `${dev} test_ops ${key}`,
      () => runOpInfo(py, entries.get(key) as OpInfoEntry, 3, dev),
    ]),
    ...OPINFO_GRAD_PASS.filter(has).map((key): [string, () => Promise<{ failures: string[] }>] => [
      `${dev} test_ops grad ${key}`,
      () => runOpInfoGrad(py, entries.get(key) as OpInfoEntry, 3, dev),
    ]),
    // Complex kernels on the device (cuFFT for torch.fft), complex64 only: the budget is short.
    ...OPINFO_COMPLEX_PASS.filter(has).map((key): [string, () => Promise<{ failures: string[] }>] => [
      `${dev} test_ops complex64 ${key}`,
      () => runOpInfo(py, entries.get(key) as OpInfoEntry, 3, dev, "complex64"),
    ]),
  ];
  // What failed in an earlier run goes first, so a fix is checked even when the budget is short.
  cases.sort((a, b) => Number(failedBefore.has(b[0])) - Number(failedBefore.has(a[0])));
  let done = 0;
  for (const [name, f] of cases) {
    if ((Date.now() - t0) / 1000 > seconds) break;
    await run(name, async () => {
      const r = await f();
      if (r.failures.length > 0) throw new Error(r.failures.join("; "));
    });
    done++;
  }
  await run(
    `${dev} test_ops: ${done} of ${cases.length} OpInfo cases run within ${seconds.toFixed(0)} s (${absent} not in this PyTorch's op_db)`,
    async () => {},
  );
}

// A result on the device as CPU tensors, for comparing with PyTorch's (decoded on the CPU).
function toCpu(v: unknown): unknown {
  if (v instanceof torch.Tensor) return v.detach().cpu();
  return Array.isArray(v) ? v.map(toCpu) : v;
}

/**
 * test_modules.py runs module_db on CUDA too: each ModuleInfo's float32 samples (train mode) built on
 * `dev` from PyTorch's state, against PyTorch on the same device: outputs, state after the step and the
 * input and parameter gradients. New modules stop starting after `seconds`.
 */
export async function modulesOnDevice(
  py: PyTorch,
  dev: torch.Device,
  run: Run,
  seconds: number,
  failedBefore: ReadonlySet<string> = new Set(),
): Promise<void> {
  const entries = new Map<string, ModuleInfoEntry>();
  await run(`${dev} test_modules: this PyTorch's module_db`, async () => {
    for (const e of (await py.call("upstream_modules.names")) as unknown as ModuleInfoEntry[]) entries.set(e.name, e);
  });
  const tol = { rtol: 1e-3, atol: 1e-4 };
  const t0 = Date.now();
  let done = 0;
  // The ModuleInfos torchts passes on the CPU (1.13's module_db) that this PyTorch's module_db also has.
  const names = MODULE_INFOS.map(([n]) => n).filter((n) => entries.get(n)?.dtypes.includes("float32"));
  // Modules with a check that failed in an earlier run go first.
  const failed = (n: string) => [...failedBefore].some((f) => f.endsWith(` ${n}`));
  names.sort((a, b) => Number(failed(b)) - Number(failed(a)));
  for (const name of names) {
    if ((Date.now() - t0) / 1000 > seconds) break;
    const entry = entries.get(name) as ModuleInfoEntry;
    await run(`${dev} test_modules test_forward ${name}`, async () => {
      const list = (await py.call("upstream_modules.samples", {
        name,
        dtype: "float32",
        training: true,
        device: dev,
      })) as unknown as ModuleSample[];
      const failures: string[] = [];
      for (const s of list) {
        if (s.skip || !s.fwd || s.error !== undefined) continue;
        const m = construct(entry, s.ctor);
        m.to("float32");
        m.to(dev);
        m.train(true);
        if (entry.lazy) torch.noGrad(() => callForward(m, forwardInput(s.fwd as ModuleSample["ctor"], [], dev)));
        m.loadStateDict(s.sd0);
        const fi = forwardInput(s.fwd, s.paths, dev);
        torch.manualSeed(2);
        const y = callForward(m, fi);
        compareOut(toCpu(y), s.out, tol, `${s.desc} output`, failures);
        const sd = m.stateDict() as Record<string, Tensor>;
        for (const [k, v] of Object.entries(s.sd)) compareOut(toCpu(sd[k]), v, tol, `${s.desc} ${k} after`, failures);
        const outs = flatTensors(y).filter((t) => t.requiresGrad && t.isFloatingPoint());
        if (!s.paramGrads || outs.length === 0) continue;
        const params = [...m.namedParameters()];
        const targets = [...params.map(([, p]) => p), ...s.paths.map((p) => leafAt(fi, p))];
        const grads = torch.autograd.grad(
          outs.map((t) => t.sum()).reduce((a, b) => a.add(b)),
          targets,
          { allowUnused: true },
        );
        for (const [i, [k]] of params.entries())
          compareOut(toCpu(grads[i] ?? null), s.paramGrads?.[k] ?? null, tol, `${s.desc} ${k} grad`, failures);
      }
      if (failures.length > 0) throw new Error(failures.slice(0, 3).join("; "));
    });
    done++;
  }
  const absent = MODULE_INFOS.length - names.length;
  await run(
    `${dev} test_modules: ${done} of ${names.length} ModuleInfos run within ${seconds.toFixed(0)} s (${absent} not in this PyTorch's module_db with float32)`,
    async () => {},
  );
}
