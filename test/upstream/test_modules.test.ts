// Ported from PyTorch 1.13's test/test_modules.py over module_db (torch/testing/_internal/common_modules.py):
// every module input of each ModuleInfo, in each dtype it lists and in train and eval mode where they
// differ, built and run as the torchts module of the same name.
//
// The inputs come live from PyTorch's own generators (test/python/upstream_modules.py). Where upstream
// checks a module against itself (test_non_contiguous_tensors, test_check_inplace, test_pickle,
// test_grad/test_gradgrad with gradcheck), so does the port; where it only runs the module (test_forward,
// test_repr, test_factory_kwargs) the port compares with what PyTorch gives for the same sample and
// parameters: outputs, state after the step, gradients, repr and parameter dtypes.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { Tensor } from "../../lib";
import type { Module } from "../../lib/nn/module";
import {
  callForward,
  compareOut,
  construct,
  type ForwardInput,
  flatTensors,
  forwardInput,
  leafAt,
  type ModuleInfoEntry,
  type ModuleSample,
} from "../helpers/modinfo";
import { PyTorch } from "../helpers/pytorch";
import { MODULE_INFOS } from "./tables/modinfo";

const py = new PyTorch();
afterAll(() => py.close());

const entries = new Map<string, ModuleInfoEntry>();
beforeAll(async () => {
  for (const e of (await py.call("upstream_modules.names")) as unknown as ModuleInfoEntry[]) entries.set(e.name, e);
});

const cache = new Map<string, Promise<ModuleSample[]>>();
function samples(name: string, dtype: string, training: boolean): Promise<ModuleSample[]> {
  const key = `${name} ${dtype} ${training}`;
  if (!cache.has(key))
    cache.set(
      key,
      py.call("upstream_modules.samples", { name, dtype, training }) as unknown as Promise<ModuleSample[]>,
    );
  return cache.get(key) as Promise<ModuleSample[]>;
}

// Same kernels on both sides: differences come from summation order only.
const TOL: Record<string, { rtol: number; atol: number }> = {
  float32: { rtol: 1e-4, atol: 1e-5 },
  float64: { rtol: 1e-9, atol: 1e-10 },
};

/** A module built from the sample and set up as PyTorch's was: dtype, mode, materialized, same state. */
function build(entry: ModuleInfoEntry, s: ModuleSample, dtype: string, training: boolean): Module {
  const m = construct(entry, s.ctor);
  m.to(dtype as torch.DType);
  m.train(training);
  if (entry.lazy && s.fwd) torch.noGrad(() => callForward(m, forwardInput(s.fwd as ModuleSample["ctor"])));
  m.loadStateDict(s.sd0);
  return m;
}

// gradgradcheck walks every parameter of the module (twice per element, each a double backward); for
// the recurrent and attention modules that is minutes for all their samples, so CI checks their first
// two samples and TORCHTS_LONG_TESTS=1 checks them all.
const LONG = process.env.TORCHTS_LONG_TESTS === "1";
const HEAVY_GRADGRAD = new Set([
  "nn.Transformer",
  "nn.TransformerEncoderLayer",
  "nn.TransformerDecoderLayer",
  "nn.MultiheadAttention",
  "nn.LSTM",
  "nn.GRU",
  "nn.RNN",
]);

// The modules whose constructor takes `inplace` (test_check_inplace runs on them).
const INPLACE = ["nn.ELU", "nn.Hardswish", "nn.ReLU"];

const runnable = (list: ModuleSample[]) => list.filter((s) => !s.skip && s.fwd && !s.error);

const cases: Array<[string, string, boolean, string]> = [];
for (const [name, differ] of MODULE_INFOS) {
  for (const dtype of ["float32", "float64"]) {
    for (const training of differ ? [true, false] : [true]) {
      cases.push([
        name,
        dtype,
        training,
        `${name}${differ ? (training ? "_train_mode" : "_eval_mode") : ""}_cpu_${dtype}`,
      ]);
    }
  }
}

describe("test_modules.TestModule", () => {
  it("the table lists every ModuleInfo of this PyTorch, with its train/eval flag", () => {
    expect(MODULE_INFOS).toEqual([...entries.values()].map((e) => [e.name, e.trainAndEvalDiffer]));
    expect([...entries.values()].filter((e) => e.inplace).map((e) => e.name)).toEqual(INPLACE);
  });

  describe.each(cases)("%s %s %s", (name, dtype, training, id) => {
    const entry = () => entries.get(name) as ModuleInfoEntry;

    it(`test_forward_${id}`, async () => {
      const list = await samples(name, dtype, training);
      const failures: string[] = [];
      let ran = 0;
      for (const s of list) {
        if (s.skip || !s.fwd) continue;
        const m = build(entry(), s, dtype, training);
        const fi = forwardInput(s.fwd, s.paths);
        torch.manualSeed(2);
        let y: unknown;
        try {
          y = callForward(m, fi);
        } catch (e) {
          if (s.error === undefined) failures.push(`${s.desc}: ${(e as Error).message.split("\n")[0]}`);
          continue;
        }
        if (s.error !== undefined) {
          failures.push(`${s.desc}: PyTorch raised ${s.error}, torchts did not`);
          continue;
        }
        ran++;
        const tol = TOL[dtype] as { rtol: number; atol: number };
        compareOut(y, s.out, tol, `${s.desc} output`, failures);
        const sd = m.stateDict() as Record<string, Tensor>;
        expect(Object.keys(sd)).toEqual(Object.keys(s.sd));
        for (const [k, v] of Object.entries(s.sd)) compareOut(sd[k], v, tol, `${s.desc} ${k} after`, failures);
        const outs = flatTensors(y).filter((t) => t.requiresGrad && t.isFloatingPoint());
        if (!s.paramGrads || outs.length === 0) continue;
        const params = [...m.namedParameters()];
        const targets = [...params.map(([, p]) => p), ...s.paths.map((p) => leafAt(fi, p))];
        const total = outs.map((t) => t.sum()).reduce((a, b) => a.add(b));
        const grads = torch.autograd.grad(total, targets, { allowUnused: true });
        for (const [i, [k]] of params.entries())
          compareOut(grads[i] ?? null, s.paramGrads?.[k] ?? null, tol, `${s.desc} ${k} grad`, failures);
        for (const [i, p] of s.paths.entries()) {
          const want = s.inputGrads?.[i] ?? null;
          compareOut(grads[params.length + i] ?? null, want, tol, `${s.desc} grad of ${p.join(".")}`, failures);
        }
      }
      expect(failures).toEqual([]);
      expect(ran).toBeGreaterThan(0);
    });

    it(`test_repr_${id}`, async () => {
      const failures: string[] = [];
      for (const s of await samples(name, dtype, training)) {
        if (s.skip) continue;
        const m = construct(entry(), s.ctor);
        m.to(dtype as torch.DType);
        if (m.toString() !== s.repr0) failures.push(`${s.desc}: ${m.toString()} vs PyTorch ${s.repr0}`);
        if (s.fwd && !s.error) {
          const built = build(entry(), s, dtype, training);
          if (built.toString() !== s.repr) failures.push(`${s.desc} (after forward): ${built.toString()} vs ${s.repr}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it(`test_factory_kwargs_${id}`, async () => {
      const failures: string[] = [];
      for (const s of await samples(name, dtype, training)) {
        if (s.skip || s.factory === null) continue;
        const m = construct(entry(), s.ctor, { device: "cpu", dtype });
        const got: Record<string, string> = {};
        // Module by module, so the UninitializedParameters of a lazy module (which namedParameters leaves
        // out until they are materialized) are seen, as named_parameters sees them.
        for (const slot of ["_parameters", "_buffers"] as const) {
          for (const [prefix, sub] of m.namedModules()) {
            for (const [k, p] of (sub as unknown as Record<typeof slot, Map<string, unknown>>)[slot]) {
              const key = prefix ? `${prefix}.${k}` : k;
              if (p instanceof torch.nn.UninitializedParameter) got[key] = `uninitialized:${p.dtype}`;
              else if (p instanceof Tensor) got[key] = p.dtype;
            }
          }
        }
        const want = s.factory;
        if (JSON.stringify(got) !== JSON.stringify(want))
          failures.push(`${s.desc}: ${JSON.stringify(got)} vs PyTorch ${JSON.stringify(want)}`);
      }
      expect(failures).toEqual([]);
    });

    // Upstream pickles the whole module; a torchts module travels as its state dict (torch.save/load).
    it(`test_pickle_${id}`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-modpickle-"));
      try {
        for (const s of runnable(await samples(name, dtype, training))) {
          const m = build(entry(), s, dtype, training);
          const file = path.join(dir, "m.pt");
          torch.save(m.stateDict(), file);
          const m2 = build(entry(), s, dtype, training);
          m2.loadStateDict(torch.load(file) as Record<string, Tensor>);
          torch.manualSeed(2);
          const a = callForward(m, forwardInput(s.fwd as ModuleSample["ctor"]));
          torch.manualSeed(2);
          const b = callForward(m2, forwardInput(s.fwd as ModuleSample["ctor"]));
          const fa = flatTensors(a),
            fb = flatTensors(b);
          expect(fb.length).toBe(fa.length);
          for (const [i, t] of fa.entries()) expect((fb[i] as Tensor).equal(t), `${s.desc} output ${i}`).toBe(true);
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it(`test_non_contiguous_tensors_${id}`, async () => {
      if (entry().marks[dtype]?.test_non_contiguous_tensors === "skip") return; // upstream skips it
      const failures: string[] = [];
      for (const s of runnable(await samples(name, dtype, training))) {
        const m = build(entry(), s, dtype, training);
        const fi = forwardInput(s.fwd as ModuleSample["ctor"], s.paths);
        const run = (inp: ForwardInput, gOut: Tensor[]) => {
          for (const p of s.paths) leafAt(inp, p).grad = null;
          m.zeroGrad();
          torch.manualSeed(2);
          const y = callForward(m, inp);
          const outs = flatTensors(y);
          outs.forEach((o, i) => {
            if (o.requiresGrad) o.backward(gOut[i], { retainGraph: true });
          });
          return {
            outs,
            inGrads: s.paths.map((p) => leafAt(inp, p).grad?.clone() ?? null),
            paramGrads: m.parameters().map((p) => p.grad?.clone() ?? null),
          };
        };
        torch.manualSeed(3);
        const y0 = flatTensors(callForward(m, forwardInput(s.fwd as ModuleSample["ctor"])));
        const g = y0.map((o) => (o.isFloatingPoint() ? torch.randnLike(o) : o));
        const ref = run(fi, g);
        const nc = nonContiguous(fi, s.paths);
        const ncG = g.map((t) => nonContiguousTensor(t));
        for (const [inp, gOut, label] of [
          [fi, ncG, "non-contiguous grad"],
          [nc, g, "non-contiguous input"],
          [nc, ncG, "both"],
        ] as Array<[ForwardInput, Tensor[], string]>) {
          const r = run(inp, gOut);
          r.outs.forEach((o, i) => {
            if (!o.detach().allclose(ref.outs[i] as Tensor, 1e-5, 1e-5, true))
              failures.push(`${s.desc} ${label}: output ${i}`);
          });
          r.inGrads.forEach((t, i) => {
            const want = ref.inGrads[i];
            if ((t === null) !== (want == null) || (t && want && !t.allclose(want, 0, 1e-4)))
              failures.push(`${s.desc} ${label}: input grad ${i}`);
          });
          r.paramGrads.forEach((t, i) => {
            const want = ref.paramGrads[i];
            if ((t === null) !== (want == null) || (t && want && !t.allclose(want, 1e-5, 1e-5)))
              failures.push(`${s.desc} ${label}: param grad ${i}`);
          });
        }
      }
      expect(failures).toEqual([]);
    });

    if (INPLACE.includes(name)) {
      it(`test_check_inplace_${id}`, async () => {
        expect(entry().inplace).toBe(true);
        for (const s of runnable(await samples(name, dtype, training))) {
          const mOp = construct(entry(), s.ctor, { inplace: false });
          const mIp = construct(entry(), s.ctor, { inplace: true });
          const fi = forwardInput(s.fwd as ModuleSample["ctor"], s.paths);
          const x = fi.args[0] as Tensor;
          const v0 = x._version;
          const yOp = callForward(mOp, fi) as Tensor;
          expect(x._version, `${s.desc}: out of place changed its input`).toBe(v0);
          const copy = forwardInput(s.fwd as ModuleSample["ctor"], s.paths);
          const x2 = copy.args[0] as Tensor;
          const clone = x2.clone();
          const yIp = callForward(mIp, { args: [clone, ...copy.args.slice(1)], kwargs: copy.kwargs }) as Tensor;
          expect(clone._version, `${s.desc}: in place left its input alone`).not.toBe(v0);
          expect(yIp.equal(yOp), `${s.desc}: outputs`).toBe(true);
          const g = torch.randnLike(yOp);
          yOp.backward(g);
          yIp.backward(g);
          // assertEqual's default tolerance: the in-place backward works from the output (ELU's is_result form).
          expect((x2.grad as Tensor).allclose(x.grad as Tensor, 1.3e-6, 1e-5), `${s.desc}: input grads`).toBe(true);
        }
      });
    }

    // Upstream's test_memory_format: channels-last inputs and modules give the contiguous run's outputs,
    // in the memory format the inputs (or, where module_memformat_affects_out, the module) ask for. Its
    // expected failures here must still fail (as unittest.expectedFailure).
    it(`test_memory_format_${id}`, async () => {
      const mark = entry().marks[dtype]?.test_memory_format;
      if (mark === "skip") return; // upstream skips it (losses, Linear, attention, ...)
      const failures: string[] = [];
      for (const s of runnable(await samples(name, dtype, training))) {
        try {
          failures.push(...memoryFormatCase(entry(), s, dtype, training));
        } catch (e) {
          // As in PyTorch (a 5-d weight asked for channels_last by a 4-d unbatched input): a failure.
          failures.push(`${s.desc}: ${(e as Error).message.split("\n")[0]}`);
        }
      }
      if (mark === "xfail") expect(failures.length, "an expected failure of upstream's passes").toBeGreaterThan(0);
      else expect(failures).toEqual([]);
    });

    if (dtype === "float64") {
      for (const test of ["test_grad", "test_gradgrad"] as const) {
        it(`${test}_${id}`, async () => {
          if (test === "test_gradgrad" && !entry().supportsGradgrad) return; // upstream: supports_gradgrad=False
          const all = runnable(await samples(name, dtype, training));
          const limit = test === "test_gradgrad" && HEAVY_GRADGRAD.has(name) && !LONG ? 2 : all.length;
          for (const s of all.slice(0, limit)) {
            const m = construct(entry(), s.ctor);
            m.to("float64");
            m.train(training);
            const fi = forwardInput(s.fwd as ModuleSample["ctor"], s.paths);
            if (entry().lazy) torch.noGrad(() => callForward(m, fi));
            // Upstream's fn_to_gradcheck: inputs, then parameters, then keyword tensors.
            const kwTensors = Object.entries(fi.kwargs).filter(([, v]) => v instanceof Tensor) as Array<
              [string, Tensor]
            >;
            const other = Object.fromEntries(Object.entries(fi.kwargs).filter(([, v]) => !(v instanceof Tensor)));
            const flat = [...flatTensorsOrValues(fi.args), ...m.parameters(), ...kwTensors.map(([, v]) => v)];
            const nArgs = flatTensorsOrValues(fi.args).length;
            const fn = (...xs: unknown[]) => {
              const args = unflatten(fi.args, xs.slice(0, nArgs));
              const kw = {
                ...other,
                ...Object.fromEntries(kwTensors.map(([k], i) => [k, xs[xs.length - kwTensors.length + i]])),
              };
              torch.manualSeed(2);
              return flatTensors(callForward(m, { args, kwargs: kw }));
            };
            const check = test === "test_grad" ? torch.autograd.gradcheck : torch.autograd.gradgradcheck;
            expect(check(fn, flat), s.desc).toBe(true);
          }
        }, 600_000);
      }
    }
  });
});

type MemFormat = "contiguousFormat" | "channelsLast" | "channelsLast3d" | "preserveFormat";

function memoryFormatCase(entry: ModuleInfoEntry, s: ModuleSample, dtype: string, training: boolean): string[] {
  const failures: string[] = [];
  const fwd = s.fwd as ModuleSample["ctor"];
  const fi = forwardInput(fwd, s.paths);
  const hasDim = (v: unknown, n: number): boolean =>
    v instanceof Tensor ? v.dim() === n : Array.isArray(v) ? v.some((x) => hasDim(x, n)) : false;
  const cl = hasDim(fi.args, 4);
  const cl3 = hasDim(fi.args, 5);
  const special: MemFormat[] = cl ? ["channelsLast"] : cl3 ? ["channelsLast3d"] : [];
  const inputFormats: MemFormat[] = ["contiguousFormat", ...special];
  const moduleFormats: MemFormat[] = ["preserveFormat", "contiguousFormat", ...special];
  const m = build(entry, s, dtype, training);
  torch.manualSeed(2);
  const desired = flatTensors(callForward(m, fi));
  const convert = (v: unknown, f: MemFormat): unknown => {
    if (v instanceof Tensor) {
      const d = v.dim();
      if ((f === "channelsLast" && d !== 4) || (f === "channelsLast3d" && d !== 5)) return v;
      return v.contiguous({ memoryFormat: f });
    }
    return Array.isArray(v) ? v.map((x) => convert(x, f)) : v;
  };
  let inp = fi;
  for (const inFormat of inputFormats) {
    inp = { args: inp.args.map((a) => convert(a, inFormat)), kwargs: inp.kwargs };
    for (const modFormat of moduleFormats) {
      m.to({ memoryFormat: modFormat });
      torch.manualSeed(2);
      const outs = flatTensors(callForward(m, inp));
      const tol = TOL[dtype] as { rtol: number; atol: number };
      outs.forEach((o, i) => {
        const want = desired[i] as Tensor;
        if (!o.detach().allclose(want, tol.rtol, tol.atol, true))
          failures.push(`${s.desc} ${inFormat}/${modFormat}: output ${i} values`);
        const d = o.dim();
        const affects = entry.memformatAffectsOut;
        const layout: MemFormat =
          d === 4 && (inFormat === "channelsLast" || (modFormat === "channelsLast" && affects))
            ? "channelsLast"
            : d === 5 && (inFormat === "channelsLast3d" || (modFormat === "channelsLast3d" && affects))
              ? "channelsLast3d"
              : "contiguousFormat";
        if (!o.isContiguous({ memoryFormat: layout }))
          failures.push(`${s.desc} ${inFormat}/${modFormat}: output ${i} not ${layout}`);
      });
    }
  }
  return failures;
}

// test_modules.py's _make_non_contiguous: every element doubled along the last dim, every other kept.
function nonContiguousTensor(t: Tensor): Tensor {
  if (t.dim() === 0) return t;
  const out = t
    .detach()
    .repeatInterleave(2, -1)
    .index("...", torch.slice(null, null, 2))
    .detach();
  return out.requiresGrad_(t.requiresGrad);
}

function nonContiguous(fi: ForwardInput, paths: Array<Array<string | number>>): ForwardInput {
  const conv = (v: unknown): unknown =>
    v instanceof Tensor ? (v.isFloatingPoint() ? nonContiguousTensor(v) : v) : Array.isArray(v) ? v.map(conv) : v;
  const out = {
    args: fi.args.map(conv),
    kwargs: Object.fromEntries(Object.entries(fi.kwargs).map(([k, v]) => [k, conv(v)])),
  };
  for (const p of paths) leafAt(out, p).requiresGrad_(true);
  return out;
}

// pytree's flatten/unflatten of the positional arguments (tensors and nested tuples of them).
function flatTensorsOrValues(v: unknown[]): unknown[] {
  return v.flatMap((x) => (Array.isArray(x) ? flatTensorsOrValues(x) : [x]));
}
function unflatten(shape: unknown[], flat: unknown[]): unknown[] {
  let i = 0;
  const walk = (v: unknown[]): unknown[] => v.map((x) => (Array.isArray(x) ? walk(x) : flat[i++]));
  return walk(shape);
}
