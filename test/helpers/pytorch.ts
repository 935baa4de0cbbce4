// Parity helper: runs code in live PyTorch on the same input bytes and returns its outputs.
// Python: TORCHTS_PYTHON, else /usr/bin/python3 (Debian's python3-torch). A missing PyTorch fails
// the run (with CI=true or not): parity tests never turn into skips. One-line snippets go inline
// (eval/run); longer programs are functions in test/python/*.py (call/tryCall).
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import * as readline from "node:readline";
import * as torch from "../../lib";
import { Tensor } from "../../lib";
import { type DType, SCALAR_TYPE, viewBytes } from "../../lib/dtype";
import { repoPath } from "./paths";

export type PyValue = Tensor | torch.Complex | number | string | boolean | null | PyValue[] | { [k: string]: PyValue };
export interface PyResult {
  out: PyValue;
  error?: string;
  type?: string;
}
interface Reply {
  out?: unknown;
  error?: string;
  type?: string;
  trace?: string;
}

// The server script stays in the source tree when this file runs compiled from dist/.
const SERVER = repoPath("test", "helpers", "torch_server.py");

function findPython(): string {
  const candidates = process.env.TORCHTS_PYTHON ? [process.env.TORCHTS_PYTHON] : ["/usr/bin/python3"];
  for (const py of candidates) {
    const r = spawnSync(py, ["-c", "import torch"], { encoding: "utf8" });
    if (r.status === 0) return py;
  }
  throw new Error(
    `PyTorch is needed for the parity tests and was not found (tried ${candidates.join(", ")}). ` +
      "Install Debian's python3-torch (apt-get install python3-torch) or set TORCHTS_PYTHON.",
  );
}

function encode(v: unknown): unknown {
  if (v instanceof Tensor && v.isSparseCsr) {
    const [crow, col, values] = [v.crowIndices(), v.colIndices(), v.values()].map(encode);
    return { __sparse_csr: { crow, col, values, size: v.shape } };
  }
  if (v instanceof Tensor && v.isSparse) {
    const [i, x] = [v._indices(), v._values()];
    return { __sparse: { indices: encode(i), values: encode(x), size: v.shape, coalesced: v.isCoalesced() } };
  }
  if (v instanceof Tensor) {
    const bytes = Buffer.from(v.contiguous().toTypedArray().buffer);
    return { __tensor: { dtype: v.dtype, shape: v.shape, data: bytes.toString("base64"), device: v.device } };
  }
  if (v instanceof torch.Complex) return { __complex: [v.real, v.imag] };
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

function decode(v: unknown): PyValue {
  if (v && typeof v === "object" && "__tensor" in (v as object)) {
    const t = (v as { __tensor: { dtype: DType; shape: number[]; data: string } }).__tensor;
    const buf = Buffer.from(t.data, "base64");
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    const arr = viewBytes(t.dtype, ab);
    if (t.dtype.startsWith("complex")) {
      // Interleaved (real, imag) parts, viewed as complex and copied out of the view.
      const parts = torch.tensor(arr as Float32Array, t.dtype === "complex32" ? { dtype: "float16" } : undefined);
      const pairs = parts.reshape([...t.shape, 2]);
      const z = torch.viewAsComplex(pairs);
      const out = z.clone();
      for (const x of [parts, pairs, z]) x.dispose();
      return out;
    }
    const flat = torch.tensor(
      arr as Float32Array,
      t.dtype === "float16" || t.dtype === "bfloat16" ? { dtype: t.dtype } : undefined,
    );
    const shaped = flat.reshape(t.shape);
    flat.dispose();
    return t.dtype === "bool" ? shaped.to("bool") : shaped;
  }
  if (v && typeof v === "object" && "__sparse_csr" in (v as object)) {
    const t = (v as { __sparse_csr: { crow: unknown; col: unknown; values: unknown; size: number[] } }).__sparse_csr;
    const [crow, col, values] = [t.crow, t.col, t.values].map(decode) as Tensor[];
    return torch.sparseCsrTensor(crow, col, values, t.size);
  }
  if (v && typeof v === "object" && "__sparse" in (v as object)) {
    const t = (v as { __sparse: { indices: unknown; values: unknown; size: number[]; coalesced: boolean } }).__sparse;
    const x = torch.sparseCooTensor(decode(t.indices) as Tensor, decode(t.values) as Tensor, t.size);
    return t.coalesced ? x._coalesced_(true) : x;
  }
  if (v && typeof v === "object" && "__complex" in (v as object)) {
    const [re, im] = (v as { __complex: [number, number] }).__complex;
    return new torch.Complex(re, im);
  }
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  return v as PyValue;
}

export class PyTorch {
  private proc: ChildProcessWithoutNullStreams;
  private pending = new Map<number, (r: Reply) => void>();
  private next = 0;

  constructor() {
    const py = findPython();
    this.proc = spawn(py, [SERVER], { stdio: ["pipe", "pipe", "pipe"] });
    const rl = readline.createInterface({ input: this.proc.stdout });
    rl.on("line", (line) => {
      const r = JSON.parse(line);
      this.pending.get(r.id)?.(r);
      this.pending.delete(r.id);
    });
    let stderr = "";
    this.proc.stderr.on("data", (d) => {
      stderr += d;
    });
    this.proc.on("exit", (code) => {
      for (const cb of this.pending.values()) cb({ error: `PyTorch process exited (${code}): ${stderr}` });
      this.pending.clear();
    });
  }

  private send(req: { code: string } | { call: string }, inputs: Record<string, unknown>): Promise<Reply> {
    const id = this.next++;
    return new Promise<Reply>((resolve) => {
      this.pending.set(id, resolve);
      this.proc.stdin.write(`${JSON.stringify({ id, ...req, inputs: encode(inputs) })}\n`);
    });
  }

  private static result(reply: Reply): PyResult {
    return { out: reply.error ? null : decode(reply.out), error: reply.error, type: reply.type };
  }

  private static value(reply: Reply): PyValue {
    if (reply.error !== undefined) throw new Error(`PyTorch raised: ${reply.trace ?? reply.error}`);
    return decode(reply.out);
  }

  /** Runs `code` with the inputs bound to names; returns what it assigned to `out`, or PyTorch's error. */
  async run(code: string, inputs: Record<string, unknown> = {}): Promise<PyResult> {
    return PyTorch.result(await this.send({ code }, inputs));
  }

  /** Like run, but a Python error fails the test with its traceback. */
  async eval(code: string, inputs: Record<string, unknown> = {}): Promise<PyValue> {
    return PyTorch.value(await this.send({ code }, inputs));
  }

  /**
   * Calls `fn` ("module.function", a module in test/python/) with the inputs as keyword arguments and
   * returns its return value; a Python error fails the test with its traceback.
   */
  async call(fn: string, inputs: Record<string, unknown> = {}): Promise<PyValue> {
    return PyTorch.value(await this.send({ call: fn }, inputs));
  }

  /** Like call, but returns PyTorch's error (message and class) instead of throwing it. */
  async tryCall(fn: string, inputs: Record<string, unknown> = {}): Promise<PyResult> {
    return PyTorch.result(await this.send({ call: fn }, inputs));
  }

  close(): void {
    this.proc.stdin.end();
  }
}

// The values as float64; a complex tensor as its (real, imag) parts, so both parts are compared.
function asFloat64(t: Tensor): Tensor {
  return t.isComplex() ? torch.viewAsReal(t.to("complex128")) : t.to("float64");
}

/** Largest |a - b| / (|b| + tiny), computed by libtorch; shapes and dtypes must match. */
export function maxRelDiff(a: Tensor, b: Tensor): number {
  return torch.tidy(() => {
    if (a.shape.join() !== b.shape.join()) throw new Error(`shape [${a.shape}] != [${b.shape}]`);
    if (a.numel() === 0) return 0;
    const x = asFloat64(a),
      y = asFloat64(b);
    return x.sub(y).abs().div(y.abs().add(1e-12)).max().item() as number;
  });
}

export function maxAbsDiff(a: Tensor, b: Tensor): number {
  return torch.tidy(() => {
    if (a.shape.join() !== b.shape.join()) throw new Error(`shape [${a.shape}] != [${b.shape}]`);
    if (a.numel() === 0) return 0;
    return asFloat64(a).sub(asFloat64(b)).abs().max().item() as number;
  });
}

export { SCALAR_TYPE };
