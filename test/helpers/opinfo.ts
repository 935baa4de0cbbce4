// Replays PyTorch's OpInfo samples (test/python/upstream_ops.py) on torchts: each sample's input,
// args and kwargs go to the torchts function of the same name (torch.<op>, F.<op>, torch.linalg.<op>,
// else the Tensor method), and the result is compared with PyTorch's output for the same sample.
import * as torch from "../../lib";
import { Tensor } from "../../lib";

const F = torch.nn.functional;

import type { PyTorch, PyValue } from "./pytorch";

export interface OpInfoEntry {
  key: string;
  name: string;
  variant: string;
  aten: string;
  method: boolean;
  autograd: boolean;
  /** The OpInfo has an out= form (test_ops.py's test_out runs it). */
  supportsOut: boolean;
  /** The OpInfo's op is an ATen operator (torch.ops.aten.slice.Tensor), not a torch function. */
  atenOp?: boolean;
  /** The OpInfo calls a lambda (reordered arguments, a fixed seed), not the torch function itself. */
  lambda: boolean;
  /** For a lambda: the method it forwards to, or the function it calls under a fixed seed. */
  replay: { kind: "method" | "seeded" | "ported"; name: string; seed?: number } | null;
}

interface Sample {
  input?: PyValue;
  args?: PyValue[];
  kwargs?: Record<string, PyValue>;
  out?: PyValue;
  error?: string;
  deterministic?: boolean;
  skip?: string;
}

export interface OpInfoResult {
  samples: number;
  passed: number;
  skipped: number;
  /** Samples PyTorch itself gives different gradients for on two runs (left out). */
  nondeterministic?: number;
  /** One line per failing sample (the first few). */
  failures: string[];
}

/** The complex dtypes the OpInfo replay checks, after float32 (test_ops.py instantiates each dtype). */
export const COMPLEX_DTYPES = ["complex64", "complex128"];

// snake_case to camelCase; a leading underscore and Python's dunder names (__radd__) stay as they are.
const camel = (n: string) =>
  /^__\w+__$/.test(n) ? n : n.replace(/(?!^)_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

// A keyword's torchts name: camelCase, but a private Python keyword torchts takes without its underscore.
const KW_NAMES: Record<string, string> = { _random_samples: "randomSamples" };
const kwName = (k: string) => KW_NAMES[k] ?? camel(k);

type Callable = (...a: unknown[]) => unknown;

/** The torchts callable for an OpInfo name, or undefined when torchts has none. */
export function resolve(entry: OpInfoEntry): ((input: unknown, ...args: unknown[]) => unknown) | undefined {
  if (entry.lambda) return replayLambda(entry);
  if (entry.atenOp) return torch.ops.aten[entry.aten] as (input: unknown, ...args: unknown[]) => unknown;
  return byName(entry.name, entry.method);
}

// A lambda OpInfo as the torch call it makes (upstream_ops.py's _replay), or undefined.
function replayLambda(entry: OpInfoEntry): ((input: unknown, ...args: unknown[]) => unknown) | undefined {
  const r = entry.replay;
  if (r === null) return undefined;
  if (r.kind === "ported")
    return PORTED_LAMBDAS[r.name] as ((input: unknown, ...args: unknown[]) => unknown) | undefined;
  if (r.kind === "method") return byName(r.name, true, true);
  const name = r.name.replace(/^torch\.nn\.functional\./, "nn.functional.").replace(/^torch\./, "");
  const f = name.startsWith("Tensor.") ? byName(name.slice(7), true, true) : byName(name, false);
  if (f === undefined) return undefined;
  return (...args: unknown[]) => {
    torch.manualSeed(r.seed ?? 42);
    return f(...(args as [unknown]));
  };
}

// The OpInfo lambdas of common_methods_invocations.py that are no plain forward (upstream_ops.py PORTED),
// transcribed: argument order, attributes, clones, wrapper_set_seed as the lambda has them. Keywords come
// as a trailing options object.
type Opts = Record<string, unknown>;
const isOpts = (v: unknown): v is Opts =>
  v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof Tensor) && !(v instanceof torch.Complex);
// biome-ignore lint/suspicious/noExplicitAny: the samples' arguments are whatever the OpInfo passes.
type Any = any;
const polygamma = (x: Any, n: Any, o?: Opts) => (o ? torch.polygamma(n, x, o) : torch.polygamma(n, x));
const PORTED_LAMBDAS: Record<string, (...a: Any[]) => unknown> = {
  as_strided: (x, size, stride, off?: Any) =>
    torch.asStrided(x, size, stride, isOpts(off) ? (off.storageOffset ?? 0) : (off ?? 0)),
  as_strided_scatter: (x, src, size, stride, off?: Any) =>
    torch.asStridedScatter(x, src, size, stride, isOpts(off) ? (off.storageOffset ?? 0) : (off ?? 0)),
  einsum: (tensors, equation) => torch.einsum(equation, tensors),
  "polygamma.polygamma_n_0": polygamma,
  "polygamma.polygamma_n_1": polygamma,
  "polygamma.polygamma_n_2": polygamma,
  "polygamma.polygamma_n_3": polygamma,
  "polygamma.polygamma_n_4": polygamma,
  "special.polygamma.special_polygamma_n_0": (x, n, o?: Opts) =>
    o ? torch.special.polygamma(n, x, o) : torch.special.polygamma(n, x),
  "normal.number_mean": (std, mean, ...rest) => {
    torch.manualSeed(42);
    return (torch.normal as (...a: unknown[]) => unknown)(mean, std, ...rest);
  },
  resize_: (x, shape) => x.clone().resize_(shape),
  resize_as_: (x, other) => x.clone().resizeAs_(other),
  zero_: (x) => x.clone().zero_(),
  T: (x) => x.T,
  H: (x) => x.H,
  mT: (x) => x.mT,
  mH: (x) => x.mH,
  where: (self, condition, other, o?: Opts) =>
    o ? (torch.where as (...a: unknown[]) => unknown)(condition, self, other, o) : torch.where(condition, self, other),
  "nn.functional.embedding": (weight, idx, o?: Opts) => (o ? F.embedding(idx, weight, o) : F.embedding(idx, weight)),
  "nn.functional.embedding_bag": (weight, idx, o?: Opts) =>
    o ? F.embeddingBag(idx, weight, o) : F.embeddingBag(idx, weight),
  // 2.x's lambda keeps [:2] (solution, residuals), 1.13's [0].
  "linalg.lstsq.grad_oriented": (a, b, driver) => {
    const r = torch.linalg.lstsq(a, b, isOpts(driver) ? driver : { driver }) as Any;
    return Number.parseInt(torch.version.libtorch, 10) >= 2 ? [r[0], r[1]] : r[0];
  },
  "linalg.pinv.singular": (a, b) => torch.linalg.pinv(a.matmul(b.mT)),
  svd_lowrank: (a, b, o?: Opts) => {
    torch.manualSeed(42);
    return torch.svdLowrank(a.matmul(b.mT), o);
  },
  pca_lowrank: (a, b, o?: Opts) => {
    torch.manualSeed(42);
    return torch.pcaLowrank(a.matmul(b.mT), o);
  },
};

function byName(
  name: string,
  method: boolean,
  methodOnly = false,
): ((input: unknown, ...args: unknown[]) => unknown) | undefined {
  const ns = (o: object, n: string) => {
    const f = (o as Record<string, unknown>)[camel(n)];
    return typeof f === "function" ? (f as Callable) : undefined;
  };
  if (name.startsWith("nn.functional.")) return ns(F, name.slice(14));
  if (name.startsWith("linalg.")) return ns(torch.linalg, name.slice(7));
  if (name.startsWith("special.")) return ns(torch.special, name.slice(8));
  if (name.startsWith("fft.")) return ns(torch.fft, name.slice(4));
  if (name.startsWith("sparse.")) return ns(torch.sparse, name.slice(7));
  if (name === "__getitem__") return getitem;
  if (name.startsWith("masked.")) return ns(torch.masked, name.slice(7));
  if (/^(nn|signal)\./.test(name)) return undefined;
  const f = methodOnly ? undefined : ns(torch, name);
  if (f) return f;
  if (!method || typeof (Tensor.prototype as unknown as Record<string, unknown>)[camel(name)] !== "function")
    return undefined;
  return (input: unknown, ...args: unknown[]) => {
    if (!(input instanceof Tensor)) throw new TypeError(`${name}: the input is no tensor`);
    return ((input as unknown as Record<string, Callable>)[camel(name)] as Callable).apply(input, args);
  };
}

// Python's x[index] as x.index(...items): a list is a tuple of indices when it holds a slice, Ellipsis,
// None, a tensor or a sequence (torch/csrc/autograd/python_variable_indexing.cpp, treatSequenceAsTuple),
// else one integer index; a list item is an index tensor.
function getitem(input: unknown, index: unknown): unknown {
  if (!(input instanceof Tensor)) throw new TypeError("__getitem__: the input is no tensor");
  const isTuple =
    Array.isArray(index) &&
    index.length < 32 &&
    index.some((i) => i === null || i === "..." || Array.isArray(i) || i instanceof Tensor || typeof i === "object");
  const items = isTuple ? (index as unknown[]) : [index];
  return input.index(...items.map((i) => (Array.isArray(i) ? torch.tensor(i as number[]) : i) as torch.IndexItem));
}

// Python values that JSON cannot carry as such: dtypes, memory formats and non-finite floats; tensors go to
// `device`.
export function arg(v: PyValue, device?: torch.Device): unknown {
  if (v instanceof Tensor) return device === undefined || device === "cpu" ? v : v.to(device);
  if (Array.isArray(v)) return v.map((x) => arg(x, device));
  if (v && typeof v === "object" && !(v instanceof Tensor)) {
    const o = v as Record<string, PyValue>;
    if (o.__cpu instanceof Tensor) return o.__cpu; // an argument the sample keeps on the CPU
    if (typeof o.__dtype === "string") return o.__dtype;
    if (typeof o.__memory_format === "string") return o.__memory_format;
    if (Array.isArray(o.__slice)) {
      const [start, stop, step] = o.__slice as Array<number | null>;
      return torch.slice(start, stop, step);
    }
    if (o.__ellipsis === true) return "...";
    if (typeof o.__function === "string") return (F as unknown as Record<string, unknown>)[camel(o.__function)];
    if (o.__module === "PairwiseDistance")
      return new torch.nn.PairwiseDistance({ p: o.p as number, eps: o.eps as number, keepdim: o.keepdim as boolean });
    if (typeof o.__float === "string")
      return o.__float === "nan" ? Number.NaN : o.__float === "inf" ? Infinity : -Infinity;
  }
  return v;
}

function describe(v: unknown): string {
  if (v instanceof Tensor) return `Tensor(${v.dtype}, [${v.shape}])`;
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${describe(x)}`)
      .join(", ")}}`;
  return JSON.stringify(v) ?? String(v);
}

// Null when `actual` matches PyTorch's `expected`, else what differs. Values are compared as
// torch.testing.assert_close compares them by default (float32: rtol 1.3e-6, atol 1e-5).
function compare(actual: unknown, expected: unknown, exact: boolean, at = "out", rtol = 1.3e-6): string | null {
  const want = arg(expected as PyValue);
  if (want instanceof Tensor && want.layout !== "strided") {
    // Sparse results compare as tensors of the same layout and the same dense values.
    if (!(actual instanceof Tensor) || actual.layout !== want.layout)
      return `${at}: got ${describe(actual)}, expected a ${want.layout} tensor`;
    return compare(actual.toDense(), want.toDense(), exact, at, rtol);
  }
  if (want instanceof Tensor) {
    if (!(actual instanceof Tensor)) return `${at}: got ${describe(actual)}, expected ${describe(want)}`;
    if (actual.dtype !== want.dtype) return `${at}: dtype ${actual.dtype}, expected ${want.dtype}`;
    if (actual.shape.join() !== want.shape.join()) return `${at}: shape [${actual.shape}], expected [${want.shape}]`;
    if (!exact) return null;
    return torch.tidy(() => {
      // A conjugate or negative view compares as the values it stands for.
      const a = actual.detach().to("cpu").resolveConj().resolveNeg();
      const double = want.dtype === "float64" || want.dtype === "complex128";
      const ok =
        (a.isFloatingPoint() || a.isComplex()) && want.dtype !== "bool"
          ? a
              .isclose(want, double ? 1e-7 : rtol, double ? 1e-7 : 1e-5, true)
              .all()
              .item()
          : a.equal(want);
      const diff = a.isComplex() ? a.sub(want).abs() : a.to("float64").sub(want.to("float64")).abs();
      return ok ? null : `${at}: values differ (max |diff| ${diff.max().item()})`;
    });
  }
  if (Array.isArray(want)) {
    if (!Array.isArray(actual)) return `${at}: got ${describe(actual)}, expected a sequence of ${want.length}`;
    if (actual.length !== want.length) return `${at}: ${actual.length} items, expected ${want.length}`;
    for (let i = 0; i < want.length; i++) {
      const d = compare(actual[i], want[i], exact, `${at}[${i}]`, rtol);
      if (d) return d;
    }
    return null;
  }
  if (want === null)
    return actual === undefined || actual === null ? null : `${at}: got ${describe(actual)}, expected None`;
  if (typeof want === "number") {
    if (typeof actual !== "number") return `${at}: got ${describe(actual)}, expected ${want}`;
    if (!exact || actual === want || (Number.isNaN(actual) && Number.isNaN(want))) return null;
    return Math.abs(actual - want) <= 1e-5 + rtol * Math.abs(want) ? null : `${at}: ${actual}, expected ${want}`;
  }
  if (want instanceof torch.Complex) {
    if (!(actual instanceof torch.Complex)) return `${at}: got ${describe(actual)}, expected ${want}`;
    const close = (x: number, y: number) => x === y || Math.abs(x - y) <= 1e-5 + rtol * Math.abs(y);
    return !exact || (close(actual.real, want.real) && close(actual.imag, want.imag))
      ? null
      : `${at}: ${actual}, expected ${want}`;
  }
  return actual === want ? null : `${at}: got ${describe(actual)}, expected ${describe(want)}`;
}

// The loop both replays share: each sample of `pyFn` (upstream_ops.py) checked by `check`, which
// returns what differs or null.
async function replaySamples<S extends { skip?: string }>(
  py: PyTorch,
  entry: OpInfoEntry,
  pyFn: string,
  device: torch.Device,
  maxFailures: number,
  check: (fn: (input: unknown, ...args: unknown[]) => unknown, s: S) => string | null,
  dtype?: string,
  ownFunction = false,
): Promise<OpInfoResult> {
  const fn = ownFunction ? () => undefined : resolve(entry);
  const res: OpInfoResult = { samples: 0, passed: 0, skipped: 0, failures: [] };
  if (!fn) {
    res.failures.push("torchts has no such function or method");
    return res;
  }
  const r = (await py.call(pyFn, { key: entry.key, device, ...(dtype === undefined ? {} : { dtype }) })) as unknown as {
    samples: S[];
  };
  for (const [i, s] of r.samples.entries()) {
    res.samples++;
    if (s.skip !== undefined) {
      res.skipped++;
      if (s.skip === "nondeterministic gradient") res.nondeterministic = (res.nondeterministic ?? 0) + 1;
      continue;
    }
    const failure = check(fn, s);
    if (failure === null) res.passed++;
    else if (res.failures.length < maxFailures) res.failures.push(`sample ${i}: ${failure}`);
  }
  return res;
}

/**
 * Runs every sample of one OpInfo on torchts and PyTorch, both on `device`: float32 samples (int64 or
 * bool for operators without float32), or `dtype` ones (none when the OpInfo does not support it).
 */
export function runOpInfo(
  py: PyTorch,
  entry: OpInfoEntry,
  maxFailures = 3,
  device: torch.Device = "cpu",
  dtype?: string,
): Promise<OpInfoResult> {
  const check = (fn: (input: unknown, ...args: unknown[]) => unknown, s: Sample): string | null => {
    const args = (s.args ?? []).map((a) => arg(a, device));
    const kw = Object.fromEntries(Object.entries(s.kwargs ?? {}).map(([k, v]) => [kwName(k), arg(v, device)]));
    const all = Object.keys(kw).length > 0 ? [...args, kw] : args;
    try {
      torch.manualSeed(1);
      const out = fn(arg(s.input as PyValue, device), ...all);
      if (s.error !== undefined) return `no error; PyTorch raised "${s.error}"`;
      // On CUDA some kernels accumulate with atomics, so sums may differ in the last bits between runs.
      return compare(out, s.out, s.deterministic !== false, "out", device === "cpu" ? 1.3e-6 : 1e-4);
    } catch (e) {
      return s.error === undefined ? `raised ${(e as Error).message.split("\n")[0]}` : null;
    }
  };
  return replaySamples<Sample>(py, entry, "upstream_ops.samples", device, maxFailures, check, dtype);
}

interface OutSample extends Sample {
  single?: boolean;
}

/**
 * test_ops.py's test_out, replayed: each sample called as a torch function with `out:` tensors made
 * like PyTorch's outputs; the call must return those very tensors, holding PyTorch's values.
 */
export async function runOpInfoOut(
  py: PyTorch,
  entry: OpInfoEntry,
  maxFailures = 3,
  device: torch.Device = "cpu",
): Promise<OpInfoResult> {
  // A torch function (Tensor methods take no out=), or the one a seeded lambda calls.
  const fn = entry.lambda
    ? entry.replay?.kind === "seeded" || entry.replay?.kind === "ported"
      ? resolve(entry)
      : undefined
    : byName(entry.name, false);
  return replaySamples<OutSample>(
    py,
    entry,
    "upstream_ops.out_samples",
    device,
    maxFailures,
    (_, s) => {
      if (fn === undefined) return "no torch function";
      const want = flatTensors(arg(s.out as PyValue, device));
      const outs = want.map((t) => torch.zerosLike(t));
      const args = (s.args ?? []).map((a) => arg(a, device));
      const kw = Object.fromEntries(Object.entries(s.kwargs ?? {}).map(([k, v]) => [kwName(k), arg(v, device)]));
      try {
        torch.manualSeed(1);
        const r = fn(arg(s.input as PyValue, device), ...args, { ...kw, out: s.single ? outs[0] : outs });
        const same = s.single
          ? r === outs[0]
          : Array.isArray(r) && r.length === outs.length && r.every((t, i) => t === outs[i]);
        if (!same) return `returned ${describe(r)}, not the out tensors`;
        return compare(outs, want, s.deterministic !== false, "out", device === "cpu" ? 1.3e-6 : 1e-4);
      } catch (e) {
        return `raised ${(e as Error).message.split("\n")[0]}`;
      }
    },
    undefined,
    true,
  );
}

interface GradSample {
  input?: PyValue;
  args?: PyValue[];
  kwargs?: Record<string, PyValue>;
  paths?: Array<Array<string | number>>;
  grads?: Array<PyValue | null>;
  skip?: string;
}

function flatTensors(v: unknown): Tensor[] {
  if (v instanceof Tensor) return [v];
  if (Array.isArray(v)) return v.flatMap(flatTensors);
  return [];
}

/**
 * test_ops.py's gradient checks, replayed: for each sample with inputs that require grad, the
 * gradients of the sum of every differentiable output against PyTorch's for the same sample.
 */
export function runOpInfoGrad(
  py: PyTorch,
  entry: OpInfoEntry,
  maxFailures = 3,
  device: torch.Device = "cpu",
): Promise<OpInfoResult> {
  return replaySamples<GradSample>(py, entry, "upstream_ops.grad_samples", device, maxFailures, (fn, s) => {
    try {
      const root = {
        input: arg(s.input as PyValue, device),
        args: (s.args ?? []).map((a) => arg(a, device)),
        kwargs: Object.fromEntries(Object.entries(s.kwargs ?? {}).map(([k, v]) => [k, arg(v, device)])),
      } as Record<string, unknown>;
      const leaves = (s.paths ?? []).map((p) => {
        let v: unknown = root;
        for (const k of p) v = (v as Record<string | number, unknown>)[k];
        return (v as Tensor).requiresGrad_(true);
      });
      const kw = Object.fromEntries(Object.entries(root.kwargs as object).map(([k, v]) => [kwName(k), v]));
      const all = Object.keys(kw).length > 0 ? [...(root.args as unknown[]), kw] : (root.args as unknown[]);
      torch.manualSeed(1);
      const outs = flatTensors(fn(root.input, ...all)).filter((t) => t.requiresGrad && t.isFloatingPoint());
      const total = outs.map((t) => t.sum()).reduce((x, y) => x.add(y));
      const grads = torch.autograd.grad(total, leaves, { allowUnused: true });
      return compare(
        grads.map((g) => g ?? null),
        s.grads ?? [],
        true,
        "grad",
        device === "cpu" ? 1e-5 : 1e-4,
      );
    } catch (e) {
      return `raised ${(e as Error).message.split("\n")[0]}`;
    }
  });
}
