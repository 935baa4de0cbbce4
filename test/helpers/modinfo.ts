// Replays PyTorch's ModuleInfo samples (test/python/upstream_modules.py) on torchts: each sample's
// constructor arguments build the torchts module of the same name (snake_case keywords as camelCase
// options), and its forward arguments go to forward() the same way.
import * as torch from "../../lib";
import { Tensor } from "../../lib";
import type { Module } from "../../lib/nn/module";
import { arg } from "./opinfo";
import type { PyValue } from "./pytorch";

export interface ModuleInfoEntry {
  name: string;
  cls: string;
  lazy: boolean;
  trainAndEvalDiffer: boolean;
  supportsGradgrad: boolean;
  memformatAffectsOut: boolean;
  inplace: boolean;
  dtypes: string[];
  /** What module_db marks, per dtype: {test_name: "skip" | "xfail"} on the CPU. */
  marks: Record<string, Record<string, "skip" | "xfail">>;
}

interface Call {
  args: PyValue[];
  kwargs: Record<string, PyValue>;
}
export type Path = Array<string | number>;

export interface ModuleSample {
  desc: string;
  skip?: string;
  ctor: Call;
  fwd: Call | null;
  repr0: string;
  factory: Record<string, string> | null;
  sd0: Record<string, Tensor>;
  repr: string;
  paths: Path[];
  out: PyValue;
  error?: string;
  sd: Record<string, Tensor>;
  paramGrads?: Record<string, Tensor | null>;
  inputGrads?: Array<Tensor | null>;
}

const camel = (n: string) => n.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function keywords(kw: Record<string, PyValue>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(kw).map(([k, v]) => [camel(k), fresh(arg(v))]));
}

/** The torchts module for a sample's constructor input (with extra keywords, e.g. device and dtype). */
export function construct(entry: ModuleInfoEntry, ctor: Call, extra: Record<string, unknown> = {}): Module {
  const cls = (torch.nn as unknown as Record<string, new (...a: unknown[]) => Module>)[entry.cls];
  if (typeof cls !== "function") throw new Error(`torchts has no nn.${entry.cls}`);
  const kw = { ...keywords(ctor.kwargs), ...extra };
  const args = ctor.args.map((a) => fresh(arg(a)));
  return Object.keys(kw).length > 0 ? new cls(...args, kw) : new cls(...args);
}

export interface ForwardInput {
  args: unknown[];
  kwargs: Record<string, unknown>;
}

function fresh(v: unknown): unknown {
  if (v instanceof Tensor) return v.detach().clone();
  if (Array.isArray(v)) return v.map(fresh);
  return v;
}

/** A sample's forward arguments as new tensors (on `device`), those at `paths` requiring grad. */
export function forwardInput(fwd: Call, paths: Path[] = [], device?: torch.Device): ForwardInput {
  const move = (v: unknown): unknown =>
    device === undefined ? v : v instanceof Tensor ? v.to(device) : Array.isArray(v) ? v.map(move) : v;
  const fi: ForwardInput = {
    args: fwd.args.map((a) => move(fresh(arg(a)))),
    kwargs: Object.fromEntries(Object.entries(keywords(fwd.kwargs)).map(([k, v]) => [k, move(fresh(v))])),
  };
  for (const p of paths) leafAt(fi, p).requiresGrad_(true);
  return fi;
}

/** The tensor at a path (["args", 0] or ["kwargs", "hx", 1]; keyword names as Python spells them). */
export function leafAt(fi: ForwardInput, path: Path): Tensor {
  let v: unknown = path[0] === "args" ? fi.args : fi.kwargs;
  for (const [i, p] of path.slice(1).entries()) {
    const key = i === 0 && path[0] === "kwargs" ? camel(String(p)) : p;
    v = (v as Record<string | number, unknown>)[key];
  }
  if (!(v instanceof Tensor)) throw new Error(`no tensor at ${path.join(".")}`);
  return v;
}

/** m(*args, **kwargs): keywords as a trailing options object. */
export function callForward(m: Module, fi: ForwardInput): unknown {
  const f = (m as unknown as { forward: (...a: unknown[]) => unknown }).forward.bind(m);
  return Object.keys(fi.kwargs).length > 0 ? f(...fi.args, fi.kwargs) : f(...fi.args);
}

/** The tensors of a (nested) output, in order; nulls (MultiheadAttention's absent weights) left out. */
export function flatTensors(y: unknown): Tensor[] {
  if (y instanceof Tensor) return [y];
  if (Array.isArray(y)) return y.flatMap(flatTensors);
  return [];
}

/** Differences between a torchts result and PyTorch's (same nesting, tensors within tolerance). */
export function compareOut(
  mine: unknown,
  ref: PyValue,
  tol: { rtol: number; atol: number },
  what: string,
  failures: string[],
): void {
  if (ref instanceof Tensor) {
    if (!(mine instanceof Tensor)) {
      failures.push(`${what}: torchts gave no tensor`);
      return;
    }
    if (mine.dtype !== ref.dtype || mine.shape.join() !== ref.shape.join()) {
      failures.push(`${what}: ${mine.dtype} [${mine.shape}] vs PyTorch ${ref.dtype} [${ref.shape}]`);
      return;
    }
    const ok = mine.isFloatingPoint() ? mine.detach().allclose(ref, tol.rtol, tol.atol, true) : mine.equal(ref);
    if (!ok) failures.push(`${what}: values differ (max ${mine.detach().sub(ref).abs().max().item()})`);
    return;
  }
  if (Array.isArray(ref)) {
    if (!Array.isArray(mine) || mine.length !== ref.length) {
      failures.push(`${what}: torchts gave ${Array.isArray(mine) ? mine.length : "no"} items, PyTorch ${ref.length}`);
      return;
    }
    for (const [i, r] of ref.entries()) compareOut(mine[i], r, tol, `${what}[${i}]`, failures);
    return;
  }
  if (ref === null && (mine === null || mine === undefined)) return;
  if (mine !== ref) failures.push(`${what}: ${String(mine)} vs PyTorch ${String(ref)}`);
}
