// toString() in the layout of PyTorch's repr (torch/_tensor_str.py): precision 4, scientific
// notation when the magnitudes call for it, "..." past 1000 elements, linewidth 80.
import type { Tensor } from "../tensor";

const PRECISION = 4,
  THRESHOLD = 1000,
  EDGE = 3,
  LINEWIDTH = 80;

function sciPython(x: number): string {
  // Python's '{:.4e}' pads the exponent to two digits.
  return x.toExponential(PRECISION).replace(/e([+-])(\d)$/, "e$10$2");
}

function formatter(values: number[], dtype: string): (x: number) => string {
  if (dtype === "bool") return (x) => (x ? "True" : "False");
  if (!["float32", "float64", "float16", "bfloat16"].includes(dtype)) return (x) => String(x);
  const finite = values.filter((x) => Number.isFinite(x));
  const special = (x: number) => (Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf");
  if (finite.length === 0) return (x) => special(x);
  const intMode = finite.every((x) => Math.ceil(x) === x);
  const nz = finite.map(Math.abs).filter((x) => x !== 0);
  const maxV = nz.length ? Math.max(...nz) : 0,
    minV = nz.length ? Math.min(...nz) : 0;
  let sci: boolean;
  if (intMode) sci = nz.length > 0 && maxV > 1e8;
  else sci = nz.length > 0 && (maxV / minV > 1000 || maxV > 1e8 || minV < 1e-4);
  return (x) => {
    if (!Number.isFinite(x)) return special(x);
    if (sci) return sciPython(x);
    if (intMode) return `${x.toFixed(0)}.`;
    return x.toFixed(PRECISION);
  };
}

// A complex tensor's parts (interleaved), or the values of a real one.
function values(t: Tensor): { re: number[]; im?: number[] } {
  if (!t.isComplex()) return { re: t.toArray().map(Number) };
  const c = t.dtype === "complex32" ? t.to("complex64") : t;
  const pairs = c.toTypedArray() as Float32Array | Float64Array;
  if (c !== t) c.dispose();
  const re: number[] = new Array(pairs.length / 2);
  const im: number[] = new Array(pairs.length / 2);
  for (let k = 0; k < re.length; k++) {
    re[k] = pairs[2 * k];
    im[k] = pairs[2 * k + 1];
  }
  return { re, im };
}

const DEFAULT_DTYPES = ["float32", "int64", "bool", "complex64"];
const pyTuple = (shape: number[]) => `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

// torch/_tensor_str.py's _add_suffixes: ", suffix" while it fits the line width, else on a new line.
function addSuffixes(text: string, suffixes: string[], indent: number, forceNewline: boolean): string {
  const out = [text];
  let lastLine = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (forceNewline || lastLine + suffix.length + 2 > LINEWIDTH) {
      out.push(`,\n${" ".repeat(indent)}${suffix}`);
      lastLine = indent + suffix.length;
      forceNewline = false;
    } else {
      out.push(`, ${suffix}`);
      lastLine += suffix.length + 2;
    }
  }
  return `${out.join("")})`;
}

/** The tensor as PyTorch's repr prints it (torch/_tensor_str.py's _str_intern). */
export function formatTensor(t: Tensor): string {
  const prefix = "tensor(";
  const indent = prefix.length;
  const shape = t.shape;
  const dtype = t.dtype;
  const suffixes: string[] = [];
  const dev = t.device;
  if (dev !== "cpu") suffixes.push(`device='${dev}'`);
  let body: string;
  if (t.isSparse) {
    // indices=tensor(...), values=tensor(...) with the size, nnz and layout after them.
    const indices = t._indices();
    const vals = t._values();
    suffixes.push(`size=${pyTuple(shape)}`, `nnz=${vals.shape[0]}`);
    if (!DEFAULT_DTYPES.includes(dtype)) suffixes.push(`dtype=torch.${dtype}`);
    const part = (x: Tensor, p: string) =>
      `${p}${tensorStr(x.detach(), indent + p.length)}${x.numel() === 0 ? `, size=${pyTuple(x.shape)}` : ""})`;
    body = `${part(indices, "indices=tensor(")},\n${" ".repeat(indent)}${part(vals, "values=tensor(")}`;
    indices.dispose();
    vals.dispose();
  } else {
    const n = t.numel();
    if (n === 0 && shape.length !== 1) suffixes.push(`size=${pyTuple(shape)}`);
    // An empty tensor names every dtype but the default one (there are no elements to infer it from).
    if (n === 0 ? dtype !== "float32" : !DEFAULT_DTYPES.includes(dtype)) suffixes.push(`dtype=torch.${dtype}`);
    body = tensorStr(t, indent);
  }
  if (t.layout !== "strided") suffixes.push(`layout=torch.${t.layout}`);
  const gf = t.gradFn;
  if (gf) suffixes.push(`grad_fn=<${gf}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(prefix + body, suffixes, indent, t.isSparse);
}

// torch/_tensor_str.py's _tensor_str: the nested brackets of a strided tensor's values.
function tensorStr(t: Tensor, indent: number): string {
  const shape = t.shape;
  const dtype = t.dtype;
  const { re: flat, im } = values(t);
  const partDtype = { complex64: "float32", complex128: "float64", complex32: "float16" }[dtype as string] ?? dtype;
  const n = flat.length;
  const summarize = n > THRESHOLD;

  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const indices = (size: number) =>
    summarize && size > 2 * EDGE
      ? [...Array(EDGE).keys(), -1, ...Array.from({ length: EDGE }, (_, k) => size - EDGE + k)]
      : [...Array(size).keys()];

  // Collect the shown elements first: the widths and the notation come from them (for a complex
  // tensor, one formatter for the real parts and one for the imaginary parts, as PyTorch).
  const shown: number[] = [];
  const gather = (d: number, off: number) => {
    if (d === shape.length) {
      shown.push(off);
      return;
    }
    for (const i of indices(shape[d])) if (i >= 0) gather(d + 1, off + i * strides[d]);
  };
  if (n > 0) gather(0, 0);
  const fmt = formatter(
    shown.map((o) => flat[o]),
    partDtype,
  );
  const width = Math.max(0, ...shown.map((o) => fmt(flat[o]).length));
  const imFmt =
    im &&
    formatter(
      shown.map((o) => im[o]),
      partDtype,
    );
  const imWidth = im && imFmt ? Math.max(0, ...shown.map((o) => imFmt(im[o]).length)) : 0;
  // PyTorch pads the imaginary part to its width, appends "j" and strips the padding again.
  const text = (off: number, pad: boolean): string => {
    const r = pad ? fmt(flat[off]).padStart(width) : fmt(flat[off]);
    if (!im || !imFmt) return r;
    const i = `${imFmt(im[off])}j`;
    return i[0] === "-" || i[0] === "+" ? r + i : `${r}+${i}`;
  };
  const elementWidth = width + 2 + (im ? imWidth + 1 : 0);

  const body = (d: number, off: number, indent: number): string => {
    if (shape.length === 0) return text(0, false);
    if (d === shape.length - 1) {
      const items = indices(shape[d]).map((i) => (i < 0 ? " ..." : text(off + i * strides[d], true)));
      const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / elementWidth));
      const lines: string[] = [];
      for (let k = 0; k < items.length; k += perLine) lines.push(items.slice(k, k + perLine).join(", "));
      return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
    }
    const sep = `,${"\n".repeat(shape.length - d - 1)}${" ".repeat(indent + 1)}`;
    const parts = indices(shape[d]).map((i) => (i < 0 ? "..." : body(d + 1, off + i * strides[d], indent + 1)));
    return `[${parts.join(sep)}]`;
  };
  return n === 0 ? "[]" : body(0, 0, indent);
}
