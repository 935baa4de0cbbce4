// bench/fuzz: random and adversarial calls over the public API and the raw addon, run in child
// processes (a crash or a hang is counted, not fatal), valid calls' results compared with live PyTorch.
//   npm run fuzz -- --cases N --seed S [--json]
// Reports calls / Errors / crashes / hangs / silent differences (torchts returns a value PyTorch does not:
// other numbers, dtype or shape, or a value where PyTorch raises). Cases are generated from (seed, index)
// alone, so a worker regenerates them and a failing case is reproduced with --only INDEX.
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as readline from "node:readline";
import { repoPath } from "../test/helpers/paths";

// ---- cases -------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
interface TensorSpec {
  data: Json;
  dtype?: string;
}
/** compare: a tensor op PyTorch runs too; api: a public call with hostile arguments; raw: an addon call. */
export interface Case {
  kind: "compare" | "api" | "raw";
  t: TensorSpec[];
  op: string;
  args: Json[];
}

function rng(seed: number, index: number): () => number {
  let s = (seed * 0x9e3779b1) ^ (index * 0x85ebca77) ^ 0x27d4eb2f;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DTYPES = ["float32", "float64", "int64", "int32", "int16", "int8", "uint8", "bool"];
const FLOATS = [0, 1, -1, 0.5, -2.25, 3, 1e-3, 100, -0, 7.5, 1e20, "nan", "inf", "-inf", 65504, 1e-40];
const INTS = [0, 1, -1, 2, 3, -3, 5, 7, 100, 127, -128, 255, 300, 2 ** 31 - 1, -(2 ** 31), 2 ** 40];
// JSON-safe encoding of a number: non-finite as strings, floats beyond 2^53 (which torch.tensor infers as
// float) as "f:<value>" so Python does not read them as ints.
// -0 travels as a float: JSON would make it Python's int 0, while a JS -0 is a float to torchts.
const enc = (v: number): Json =>
  Number.isNaN(v)
    ? "nan"
    : !Number.isFinite(v)
      ? v > 0
        ? "inf"
        : "-inf"
      : Math.abs(v) > 2 ** 53 || Object.is(v, -0)
        ? `f:${Object.is(v, -0) ? "-0" : v}`
        : v;
const dec = (v: Json): number =>
  typeof v === "string"
    ? v.startsWith("f:")
      ? Number(v.slice(2))
      : v === "nan"
        ? NaN
        : v === "inf"
          ? Infinity
          : -Infinity
    : (v as number);

export function makeCase(seed: number, index: number): Case {
  const r = rng(seed, index);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const shape = (): number[] => Array.from({ length: int(0, 3) }, () => (r() < 0.1 ? 0 : int(1, 3)));
  const dtypeFor = (): string => pick(DTYPES);
  const values = (dtype: string, n: number): Json[] =>
    rawValues(dtype, n).map((v) => (typeof v === "number" ? enc(v) : v));
  const rawValues = (dtype: string, n: number): Json[] => {
    if (dtype === "bool") return Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0));
    if (dtype.startsWith("float")) return Array.from({ length: n }, () => (r() < 0.3 ? pick(FLOATS) : int(-9, 9) / 4));
    const safe = dtype === "uint8" ? [0, 1, 2, 5, 9, 200] : [-5, -1, 0, 1, 2, 3, 9];
    return Array.from({ length: n }, () => (r() < 0.05 ? pick(INTS) : pick(safe)));
  };
  const nest = (flat: Json[], sh: number[]): Json => {
    if (sh.length === 0) return flat[0];
    const step = flat.length / sh[0];
    return Array.from({ length: sh[0] }, (_, i) => nest(flat.slice(i * step, (i + 1) * step), sh.slice(1)));
  };
  const tensor = (sh = shape(), dtype = dtypeFor()): TensorSpec => {
    const n = sh.reduce((a, b) => a * b, 1);
    // a 0-d tensor from a list of one number is 1-d; torch.tensor(number) is 0-d
    return { data: sh.length === 0 ? values(dtype, 1)[0] : n === 0 ? nest([], sh) : nest(values(dtype, n), sh), dtype };
  };
  const u = r();
  if (u < 0.7) {
    // compare with PyTorch
    const a = tensor();
    const rank = rankOf(a.data);
    const dim = () => int(-rank - 1, rank);
    const kind = r();
    if (kind < 0.12) {
      // creation with a dtype that may not hold the values, or inferred
      const sh = shape();
      const src = pick(["float32", "int64", "float64"]);
      const n = sh.reduce((x, y) => x * y, 1);
      const data = sh.length === 0 ? values(src, 1)[0] : nest(values(src, n), sh);
      return { kind: "compare", t: [{ data, dtype: r() < 0.3 ? undefined : dtypeFor() }], op: "tensor", args: [] };
    }
    if (kind < 0.45) {
      const op = pick(["add", "sub", "mul", "div", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge", "pow"]);
      const b = r() < 0.7 ? tensor(r() < 0.6 ? shapeOf(a.data) : shape()) : null;
      const arg: Json = b ? { $t: 1 } : pick([2, 0.5, -1, 0, 3]);
      return { kind: "compare", t: b ? [a, b] : [a], op, args: [arg] };
    }
    if (kind < 0.62) {
      const op = pick([
        "neg",
        "abs",
        "exp",
        "log",
        "sqrt",
        "relu",
        "sigmoid",
        "tanh",
        "floor",
        "ceil",
        "round",
        "sign",
      ]);
      return { kind: "compare", t: [a], op, args: [] };
    }
    if (kind < 0.8) {
      const op = pick(["sum", "mean", "prod", "argmax", "argmin", "max", "min"]);
      const args: Json[] = r() < 0.3 ? [] : [dim(), r() < 0.5];
      return { kind: "compare", t: [a], op, args };
    }
    const op = pick([
      "view",
      "reshape",
      "permute",
      "transpose",
      "flatten",
      "squeeze",
      "unsqueeze",
      "T",
      "flip",
      "narrow",
      "cat",
      "stack",
      "expand",
    ]);
    const sh = shapeOf(a.data);
    const n = sh.reduce((x, y) => x * y, 1);
    switch (op) {
      case "view":
      case "reshape":
        return { kind: "compare", t: [a], op, args: [r() < 0.7 ? [-1] : [n, 1]] };
      case "permute":
        return {
          kind: "compare",
          t: [a],
          op,
          args: [
            shuffle(
              Array.from({ length: rank }, (_, i) => i),
              r,
            ),
          ],
        };
      case "transpose":
        return { kind: "compare", t: [a], op, args: [dim(), dim()] };
      case "flatten":
      case "narrow":
        return op === "flatten"
          ? { kind: "compare", t: [a], op, args: [0, -1] }
          : { kind: "compare", t: [a], op, args: [dim(), 0, int(0, 2)] };
      case "squeeze":
        return { kind: "compare", t: [a], op, args: r() < 0.5 ? [] : [dim()] };
      case "unsqueeze":
        return { kind: "compare", t: [a], op, args: [dim()] };
      case "flip":
        return { kind: "compare", t: [a], op, args: [[dim()]] };
      case "expand":
        return { kind: "compare", t: [a], op, args: [[2, ...sh]] };
      case "cat":
      case "stack":
        return {
          kind: "compare",
          t: [a, tensor(r() < 0.7 ? sh : shape(), a.dtype)],
          op,
          args: [{ $list: [{ $t: 0 }, { $t: 1 }] }, dim()],
        };
      default:
        return { kind: "compare", t: [a], op, args: [] };
    }
  }
  const junk = (): Json => pick(JUNK);
  if (u < 0.9) {
    const op = pick(API_OPS);
    return { kind: "api", t: [tensor()], op, args: Array.from({ length: int(0, 3) }, junk) };
  }
  if (!RAW_OPS.length) initRawOps();
  return { kind: "raw", t: [tensor()], op: pick(RAW_OPS), args: Array.from({ length: int(0, 4) }, junk) };
}

// Hostile argument values (decoded in the worker: "$nan" -> NaN, "$obj" -> {}, "$sym" -> a Symbol, ...).
const JUNK: Json[] = [
  0,
  1,
  -1,
  2,
  -2,
  3,
  0.5,
  -0.5,
  "$nan",
  "$inf",
  "$-inf",
  "$big",
  "$huge",
  "$neg-huge",
  "3",
  "",
  "cuda:99",
  "float8",
  null,
  "$undefined",
  "$obj",
  "$sym",
  "$bigint",
  "$fn",
  [1, 2],
  [[1], [1, 2]],
  [-1],
  ["$nan"],
  [2 ** 62, 4],
  true,
  { $t: 0 },
  "$typed",
  "$bytes",
  "$self",
  [{ $t: 0 }, 3],
];
const API_OPS = [
  "add",
  "sub",
  "mul",
  "div",
  "pow",
  "matmul",
  "view",
  "reshape",
  "permute",
  "transpose",
  "expand",
  "flatten",
  "squeeze",
  "unsqueeze",
  "sum",
  "mean",
  "max",
  "argmax",
  "clamp",
  "to",
  "narrow",
  "select",
  "index",
  "indexPut_",
  "gather",
  "indexSelect",
  "flip",
  "copy_",
  "fill_",
  "maskedFill",
  "softmax",
  "logSoftmax",
  "item",
  "tolist",
  "toTypedArray",
  "T",
  "torch.tensor",
  "torch.zeros",
  "torch.ones",
  "torch.full",
  "torch.arange",
  "torch.eye",
  "torch.randint",
  "torch.randperm",
  "torch.cat",
  "torch.stack",
  "torch.where",
  "F.pad",
  "F.conv2d",
  "F.linear",
  "F.maxPool2d",
  "F.crossEntropy",
  "F.nllLoss",
  "F.mseLoss",
  "torch.load",
];
// Every addon entry point that neither blocks (distributed, loader threads, CUDA capture), writes files,
// nor changes process-wide settings that later cases rely on.
const RAW_DENY =
  /^(dist|cudaGraph|cudaStream|cudaSetStream|writeArchive|readFileBytes|setErrorClasses|setNumThreads|loader|setGradEnabled|mallocTrim)/;
let RAW_OPS: string[] = [];

function rankOf(d: Json): number {
  return Array.isArray(d) ? 1 + rankOf(d[0] ?? 0) : 0;
}
function shapeOf(d: Json): number[] {
  return Array.isArray(d) ? [d.length, ...(d.length ? shapeOf(d[0]) : [])] : [];
}
function shuffle<T>(xs: T[], r: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

// ---- worker: runs cases [from, to) and writes one JSON line per case ---------------------------------

interface Encoded {
  dtype: string;
  shape: number[];
  data: Json[];
}
type Outcome = { ok: Encoded[] | null } | { error: string; errorClass: string };

function worker(seed: number, from: number, to: number): void {
  const torch = require("../lib") as typeof import("../lib");
  const { native } = require("../lib/native") as typeof import("../lib/native");
  process.on("warning", () => {});
  // Self-test hooks (test/fuzz.test.ts): die or spin at one case, to show crashes and hangs are counted.
  const crashAt = Number(process.env.TORCHTS_FUZZ_CRASH_AT ?? -1);
  const hangAt = Number(process.env.TORCHTS_FUZZ_HANG_AT ?? -1);
  for (let i = from; i < to; i++) {
    if (i === crashAt) process.kill(process.pid, "SIGSEGV");
    if (i === hangAt) for (;;);
    const c = makeCase(seed, i);
    let out: Outcome;
    try {
      out = { ok: runCase(torch, native as unknown as Record<string, unknown>, c) };
    } catch (e) {
      out =
        e instanceof Error
          ? { error: e.message.split("\n")[0], errorClass: e.constructor.name }
          : { error: String(e), errorClass: "non-Error" };
    }
    fs.writeSync(1, `${JSON.stringify({ i, ...out })}\n`);
  }
}

function runCase(torch: typeof import("../lib"), native: Record<string, unknown>, c: Case): Encoded[] | null {
  const ts = c.t.map((s) => torch.tensor(decData(s.data) as never, s.dtype ? { dtype: s.dtype as never } : undefined));
  const decodeArg = (v: Json): unknown => {
    if (v && typeof v === "object" && !Array.isArray(v) && "$t" in v) return ts[v.$t as number];
    if (v && typeof v === "object" && !Array.isArray(v) && "$list" in v) return (v.$list as Json[]).map(decodeArg);
    if (Array.isArray(v)) return v.map(decodeArg);
    if (typeof v === "string" && v.startsWith("$")) return special(v, ts[0]);
    if (typeof v === "string" && c.kind === "compare") return dec(v);
    return v;
  };
  const args = c.args.map(decodeArg);
  const encode = (v: unknown): Encoded[] | null => {
    if (v instanceof torch.Tensor) return [encTensor(v)];
    if (Array.isArray(v) && v.every((x) => x instanceof torch.Tensor)) return v.map(encTensor);
    return null;
  };
  if (c.kind === "raw") {
    const f = native[c.op] as (...a: unknown[]) => unknown;
    const r = f(...args);
    if (r instanceof Promise) r.catch(() => {});
    return null;
  }
  const a = ts[0];
  const call = (): unknown => {
    if (c.op === "tensor") return a;
    if (c.op === "T") return a.T;
    if (c.op === "cat" || c.op === "stack") return (torch[c.op] as (...x: unknown[]) => unknown)(...args);
    if (c.op.startsWith("torch."))
      return (torch as unknown as Record<string, (...x: unknown[]) => unknown>)[c.op.slice(6)](...args);
    if (c.op.startsWith("F."))
      return (torch.nn.functional as unknown as Record<string, (...x: unknown[]) => unknown>)[c.op.slice(2)](
        a,
        ...args,
      );
    return (a as unknown as Record<string, (...x: unknown[]) => unknown>)[c.op](...args);
  };
  const v = call();
  if (v instanceof Promise) v.catch(() => {});
  return c.kind === "compare" ? encode(v) : null;
}

function special(v: string, t: unknown): unknown {
  switch (v) {
    case "$nan":
      return NaN;
    case "$inf":
      return Infinity;
    case "$-inf":
      return -Infinity;
    case "$big":
      return 2 ** 53 + 2;
    case "$huge":
      return 1e300;
    case "$neg-huge":
      return -1e300;
    case "$undefined":
      return undefined;
    case "$obj":
      return { handle: 3, t: 1 };
    case "$sym":
      return Symbol("x");
    case "$bigint":
      return 10n;
    case "$fn":
      return () => 1;
    case "$typed":
      return new Float64Array(3);
    case "$bytes":
      return new Uint8Array(5);
    case "$self": {
      const a: unknown[] = [];
      a.push(a);
      return a;
    }
    default:
      return t;
  }
}

function decData(d: Json): unknown {
  return Array.isArray(d) ? d.map(decData) : typeof d === "string" ? dec(d) : d;
}

function encTensor(t: import("../lib").Tensor): Encoded {
  const flat = t.shape.length === 0 ? [t.item()] : (t.flatten().tolist() as Array<number | boolean>);
  return { dtype: t.dtype, shape: t.shape, data: flat.map((x) => enc(Number(x))) };
}

// ---- parent ----------------------------------------------------------------------------------------

export interface Report {
  seed: number;
  cases: number;
  calls: number;
  ok: number;
  errors: number;
  nonErrorThrows: number;
  crashes: number;
  hangs: number;
  compared: number;
  agreeErrors: number;
  refusedWherePyTorchAccepts: number;
  silentDifferences: number;
  examples: string[];
  seconds: number;
}

interface Result {
  i: number;
  ok?: Encoded[] | null;
  error?: string;
  errorClass?: string;
  crash?: string;
  hang?: boolean;
}

/** The lines that say why a worker died: V8's or Node's fatal message if any, then the last lines. */
function crashText(head: string, tail: string): string {
  const why = head
    .split("\n")
    .filter((l) => /fatal|check failed|error|abort|assert|terminate|what\(\)/i.test(l) && !/^\s*\d+: 0x/.test(l))
    .slice(0, 4);
  return [...why, ...tail.trim().split("\n").slice(-3)].join(" | ");
}

/** Runs cases [0, n) in child processes (`workers` at once), restarting after a crash or a hang. */
async function runAll(seed: number, n: number, workers: number, hangMs: number): Promise<Result[]> {
  const results: Result[] = new Array(n);
  const chunk = Math.max(50, Math.ceil(n / (workers * 4)));
  const ranges: Array<[number, number]> = [];
  for (let s = 0; s < n; s += chunk) ranges.push([s, Math.min(n, s + chunk)]);
  const runRange = (from: number, to: number): Promise<void> =>
    new Promise((resolve) => {
      let next = from;
      const child: ChildProcess = spawn(
        process.execPath,
        [__filename, "--worker", "--seed", String(seed), "--from", String(from), "--to", String(to)],
        { stdio: ["ignore", "pipe", "pipe"] },
      );
      // V8 prints the failed check first and the native frames after it: keep both ends
      let stderr = "";
      let head = "";
      child.stderr?.on("data", (d) => {
        if (head.length < 4000) head = (head + d).slice(0, 4000);
        stderr = (stderr + d).slice(-2000);
      });
      let timer = setTimeout(onHang, hangMs);
      let hung = false;
      function onHang(): void {
        hung = true;
        child.kill("SIGKILL");
      }
      readline.createInterface({ input: child.stdout! }).on("line", (line) => {
        const r = JSON.parse(line) as Result;
        results[r.i] = r;
        next = r.i + 1;
        clearTimeout(timer);
        timer = setTimeout(onHang, hangMs);
      });
      child.on("exit", (code, signal) => {
        clearTimeout(timer);
        // let readline deliver the last lines first
        setImmediate(async () => {
          if (next < to) {
            results[next] = hung
              ? { i: next, hang: true }
              : { i: next, crash: `exit ${code} ${signal} ${crashText(head, stderr)}` };
            if (next + 1 < to) await runRange(next + 1, to);
          }
          resolve();
        });
      });
    });
  const queue = [...ranges];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      for (let r = queue.shift(); r; r = queue.shift()) await runRange(r[0], r[1]);
    }),
  );
  return results;
}

/** The PyTorch answers for the compare cases, from one Python process (bench/fuzz_ref.py). */
async function reference(cases: Case[]): Promise<Array<{ ok?: Encoded[]; error?: string }>> {
  const python = process.env.TORCHTS_PYTHON ?? "/usr/bin/python3";
  const child = spawn(python, [repoPath("bench", "fuzz_ref.py")], { stdio: ["pipe", "pipe", "inherit"] });
  const out: Array<{ ok?: Encoded[]; error?: string }> = [];
  const done = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).on("line", (l) => out.push(JSON.parse(l)));
    child.on("exit", (code) =>
      out.length === cases.length ? resolve() : reject(new Error(`fuzz_ref.py exited ${code}`)),
    );
  });
  for (const c of cases) child.stdin.write(`${JSON.stringify(c)}\n`);
  child.stdin.end();
  await done;
  return out;
}

function same(a: Encoded[], b: Encoded[]): string | null {
  if (a.length !== b.length) return `${a.length} results vs ${b.length}`;
  for (let k = 0; k < a.length; k++) {
    const x = a[k],
      y = b[k];
    if (x.dtype !== y.dtype) return `dtype ${x.dtype} vs ${y.dtype}`;
    if (JSON.stringify(x.shape) !== JSON.stringify(y.shape)) return `shape ${x.shape} vs ${y.shape}`;
    for (let j = 0; j < x.data.length; j++) {
      const p = dec(x.data[j]),
        q = dec(y.data[j]);
      if (Number.isNaN(p) && Number.isNaN(q)) continue;
      if (p === q) continue;
      const tol = x.dtype === "float16" || x.dtype === "bfloat16" ? 1e-2 : x.dtype === "float32" ? 1e-5 : 1e-12;
      if (Math.abs(p - q) <= tol * Math.max(1, Math.abs(q))) continue;
      return `value [${j}] ${p} vs ${q}`;
    }
  }
  return null;
}

export async function fuzz(seed: number, n: number, o: { workers?: number; hangMs?: number } = {}): Promise<Report> {
  const t0 = Date.now();
  const results = await runAll(seed, n, o.workers ?? 2, o.hangMs ?? 20_000);
  const rep: Report = {
    seed,
    cases: n,
    calls: 0,
    ok: 0,
    errors: 0,
    nonErrorThrows: 0,
    crashes: 0,
    hangs: 0,
    compared: 0,
    agreeErrors: 0,
    refusedWherePyTorchAccepts: 0,
    silentDifferences: 0,
    examples: [],
    seconds: 0,
  };
  const cases = Array.from({ length: n }, (_, i) => makeCase(seed, i));
  const toCompare: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = results[i];
    rep.calls++;
    if (!r) {
      rep.crashes++;
      rep.examples.push(`#${i} no result`);
    } else if (r.crash) {
      rep.crashes++;
      rep.examples.push(`#${i} crash ${cases[i].kind} ${cases[i].op}: ${r.crash}`);
    } else if (r.hang) {
      rep.hangs++;
      rep.examples.push(`#${i} hang ${cases[i].kind} ${cases[i].op}`);
    } else if (r.error !== undefined) {
      if (r.errorClass === "non-Error") {
        rep.nonErrorThrows++;
        rep.examples.push(`#${i} threw a non-Error: ${r.error}`);
      } else rep.errors++;
      if (cases[i].kind === "compare") toCompare.push(i);
    } else {
      rep.ok++;
      if (cases[i].kind === "compare") toCompare.push(i);
    }
  }
  const ref = await reference(toCompare.map((i) => cases[i]));
  toCompare.forEach((i, k) => {
    const mine = results[i],
      theirs = ref[k];
    rep.compared++;
    if (mine.error !== undefined) {
      if (theirs.error !== undefined) rep.agreeErrors++;
      else rep.refusedWherePyTorchAccepts++;
      return;
    }
    const d = theirs.error !== undefined ? `PyTorch raised ${theirs.error}` : same(mine.ok ?? [], theirs.ok ?? []);
    if (d) {
      rep.silentDifferences++;
      if (rep.examples.length < 40) rep.examples.push(`#${i} differs (${d}): ${JSON.stringify(cases[i])}`);
    }
  });
  rep.seconds = (Date.now() - t0) / 1000;
  return rep;
}

function flag(args: string[], name: string, def: number): number {
  const k = args.indexOf(name);
  return k >= 0 ? Number(args[k + 1]) : def;
}

function initRawOps(): void {
  const { native } = require("../lib/native") as typeof import("../lib/native");
  RAW_OPS = Object.keys(native)
    .filter((k) => !RAW_DENY.test(k))
    .sort();
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const seed = flag(argv, "--seed", 1);
  if (argv.includes("--worker")) {
    initRawOps();
    worker(seed, flag(argv, "--from", 0), flag(argv, "--to", 0));
  } else {
    initRawOps();
    const only = flag(argv, "--only", -1);
    if (only >= 0) {
      console.log(JSON.stringify(makeCase(seed, only)));
      worker(seed, only, only + 1);
    } else {
      const o = { workers: flag(argv, "--workers", 2), hangMs: flag(argv, "--hang-ms", 20_000) };
      fuzz(seed, flag(argv, "--cases", 2000), o).then((r) => {
        if (argv.includes("--json")) console.log(JSON.stringify(r));
        else {
          console.log(`fuzz: seed ${r.seed}, ${r.cases} cases in ${r.seconds.toFixed(1)} s`);
          console.log(
            `calls ${r.calls} | returned ${r.ok} | Errors ${r.errors} | non-Error throws ${r.nonErrorThrows}`,
          );
          console.log(`crashes ${r.crashes} | hangs ${r.hangs}`);
          console.log(
            `compared with PyTorch ${r.compared}: silent differences ${r.silentDifferences}, both raised ${r.agreeErrors}, ` +
              `refused where PyTorch accepts ${r.refusedWherePyTorchAccepts}`,
          );
          for (const e of r.examples.slice(0, 40)) console.log(`  ${e}`);
        }
        process.exitCode = r.crashes || r.hangs || r.silentDifferences || r.nonErrorThrows ? 1 : 0;
      });
    }
  }
}
