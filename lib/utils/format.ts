// toString() in the layout of PyTorch's repr (torch/_tensor_str.py): precision 4, scientific
// notation when the magnitudes call for it, "..." past 1000 elements, linewidth 80, or as
// torch.setPrintoptions sets them.
import { unpackDual } from "../autograd_forward_ad";
import { getDefaultDtype } from "../default_dtype";
import { native } from "../native";
import type { Tensor } from "../tensor";
import { pythonCall } from "./kwargs";
import { pyFixed } from "./pyrepr";

/** torch.set_printoptions' state (torch/_tensor_str.py PRINT_OPTS). */
export const PRINT_OPTS = {
  precision: 4,
  threshold: 1000,
  edgeitems: 3,
  linewidth: 80,
  sciMode: null as boolean | null,
};

function sciPython(x: number): string {
  // Python's '{:.4e}' pads the exponent to two digits, and rounds an exact binary tie to the even digit
  // where toExponential rounds it away from zero ('{:.4e}'.format(1.03125) is '1.0312e+00').
  const p = PRINT_OPTS.precision;
  let s = x.toExponential(p);
  // A tie has a short exact expansion: 30 more digits tell it from a neighbouring double.
  const [mantissa = "", exp = ""] = x.toExponential(Math.min(100, p + 30)).split("e");
  const dot = mantissa.indexOf(".");
  const kept = dot < 0 ? mantissa : mantissa.slice(0, dot + 1 + p).replace(/\.$/, "");
  const rest = dot < 0 ? "" : mantissa.slice(dot + 1 + p);
  if (/^50*$/.test(rest) && Number(kept[kept.length - 1]) % 2 === 0) s = `${kept}e${exp}`;
  return s.replace(/e([+-])(\d)$/, "e$10$2");
}

// torch/_tensor_str.py's _Formatter: integers as "3.", else fixed or scientific by the magnitudes of the
// finite non-zero values. Its width comes from those values in the notation they chose; set_printoptions'
// sci_mode then overrides the notation without changing the width (as PyTorch does).
// int64 values come as bigints, so values past 2^53 print exactly as Python's ints.
function formatter(
  values: Array<number | bigint>,
  dtype: string,
): { fmt: (x: number | bigint) => string; width: number } {
  if (dtype === "bool" || !["float32", "float64", "float16", "bfloat16"].includes(dtype)) {
    const fmt = dtype === "bool" ? (x: number | bigint) => (x ? "True" : "False") : (x: number | bigint) => String(x);
    return { fmt, width: values.reduce<number>((w, x) => Math.max(w, fmt(x).length), 1) };
  }
  const special = (x: number) => (Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf");
  const nz = (values as number[]).filter((x) => Number.isFinite(x) && x !== 0);
  let intMode = true;
  let sci = false;
  let width = 1;
  const text = (x: number, asSci: boolean): string => {
    if (!Number.isFinite(x)) return special(x);
    // JS drops the sign of -0 where Python's format keeps it ("-0.0000").
    if (Object.is(x, -0)) return `-${text(0, asSci)}`;
    if (asSci) return sciPython(x);
    if (intMode) return `${x.toFixed(0)}.`;
    return pyFixed(x, PRINT_OPTS.precision); // '{:.4f}': an exact tie to even, as Python (0.03125 -> 0.0312)
  };
  if (nz.length > 0) {
    intMode = nz.every((x) => Math.ceil(x) === x);
    // Loops, not Math.max(...xs): a spread of every shown value overflows the stack on a large print.
    let maxV = 0;
    let minV = Infinity;
    for (const x of nz) {
      const a = Math.abs(x);
      if (a > maxV) maxV = a;
      if (a < minV) minV = a;
    }
    sci = maxV / minV > 1000 || maxV > 1e8 || (!intMode && minV < 1e-4);
    width = nz.reduce((w, x) => Math.max(w, text(x, sci).length), 1);
    if (PRINT_OPTS.sciMode !== null) sci = PRINT_OPTS.sciMode;
  }
  return { fmt: (x) => text(x as number, sci), width };
}

/** torch.set_printoptions' keywords. */
export interface PrintOptions {
  precision?: number | null;
  threshold?: number | null;
  edgeitems?: number | null;
  linewidth?: number | null;
  profile?: "default" | "short" | "full" | null;
  sciMode?: boolean | null;
}

/**
 * torch.set_printoptions: digits of precision, the element count past which tensors are summarized, the
 * items shown at each edge of a summarized dimension, the line width, a profile ("default", "short",
 * "full") and sciMode (true/false forces scientific notation on or off; null, the default at every
 * call, lets the values decide). Options left out keep their values, except sciMode.
 */
function setPrintoptionsImpl(o: PrintOptions = {}): void {
  if (o.profile != null) {
    const p = { default: [4, 1000, 3, 80], short: [2, 1000, 2, 80], full: [4, Infinity, 3, 80] }[o.profile];
    if (p === undefined) throw new Error(`unknown print profile ${String(o.profile)}`);
    [PRINT_OPTS.precision, PRINT_OPTS.threshold, PRINT_OPTS.edgeitems, PRINT_OPTS.linewidth] = p;
  }
  for (const k of ["precision", "threshold", "edgeitems", "linewidth"] as const) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || Number.isNaN(v)) throw new TypeError(`${k} must be a number, got ${typeof v}`);
    PRINT_OPTS[k] = v;
  }
  PRINT_OPTS.sciMode = o.sciMode ?? null;
}

// A complex tensor's parts (interleaved), or the values of a real one.
function values(t: Tensor): { re: Array<number | bigint>; im?: number[] } {
  if (t.dtype === "int64") return { re: Array.from(t.toTypedArray() as BigInt64Array) };
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

// _str_intern's has_default_dtype: the default float dtype (torch.set_default_dtype), its complex
// counterpart (complex128 with a float64 default, else complex64), int64 and bool go unnamed.
function hasDefaultDtype(dtype: string): boolean {
  const d = getDefaultDtype();
  return (
    dtype === d || dtype === (d === "float64" ? "complex128" : "complex64") || dtype === "int64" || dtype === "bool"
  );
}
const pyTuple = (shape: number[]) => `(${shape.join(", ")}${shape.length === 1 ? "," : ""})`;

// torch/_tensor_str.py's _add_suffixes: ", suffix" while it fits the line width, else on a new line.
function addSuffixes(text: string, suffixes: string[], indent: number, forceNewline: boolean): string {
  const out = [text];
  let lastLine = text.length - text.lastIndexOf("\n") + 1;
  for (const suffix of suffixes) {
    if (forceNewline || lastLine + suffix.length + 2 > PRINT_OPTS.linewidth) {
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

// The compressed sparse layouts: their index names as _str_intern prints them, and how to read each.
const COMPRESSED: Record<string, [string, string, (t: Tensor) => Tensor, (t: Tensor) => Tensor] | undefined> = {
  sparse_csr: ["crow_indices", "col_indices", (t) => t.crowIndices(), (t) => t.colIndices()],
  sparse_bsr: ["crow_indices", "col_indices", (t) => t.crowIndices(), (t) => t.colIndices()],
  sparse_csc: ["ccol_indices", "row_indices", (t) => t.ccolIndices(), (t) => t.rowIndices()],
  sparse_bsc: ["ccol_indices", "row_indices", (t) => t.ccolIndices(), (t) => t.rowIndices()],
};

/** One member of a sparse tensor's repr, `name=tensor(...)`, with its size when it is empty. */
function sparsePart(x: Tensor, name: string, indent: number): string {
  const p = `${name}=tensor(`;
  const d = x.detach();
  const text = `${p}${tensorStr(d, indent + p.length)}${d.numel() === 0 ? `, size=${pyTuple(d.shape)}` : ""})`;
  d.dispose();
  return text;
}

/** The tensor as PyTorch's repr prints it (torch/_tensor_str.py's _str_intern). */
export function formatTensor(t: Tensor): string {
  if (t.isNested) return formatNested(t);
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
    if (!hasDefaultDtype(dtype)) suffixes.push(`dtype=torch.${dtype}`);
    body = [sparsePart(indices, "indices", indent), sparsePart(vals, "values", indent)].join(
      `,\n${" ".repeat(indent)}`,
    );
    indices.dispose();
    vals.dispose();
  } else if (COMPRESSED[t.layout] !== undefined) {
    // CSR/CSC/BSR/BSC: the compressed and plain indices and the values, then size, nnz and the layout.
    const [cname, pname, cget, pget] = COMPRESSED[t.layout]!;
    suffixes.push(`size=${pyTuple(shape)}`, `nnz=${t._nnz()}`);
    if (!hasDefaultDtype(dtype)) suffixes.push(`dtype=torch.${dtype}`);
    const [ci, pi, vals] = [cget(t), pget(t), t.values()];
    body = [sparsePart(ci, cname, indent), sparsePart(pi, pname, indent), sparsePart(vals, "values", indent)].join(
      `,\n${" ".repeat(indent)}`,
    );
    ci.dispose();
    pi.dispose();
    vals.dispose();
  } else {
    const n = t.numel();
    if (n === 0 && shape.length !== 1) suffixes.push(`size=${pyTuple(shape)}`);
    // An empty tensor names every dtype but the default one (there are no elements to infer it from).
    if (n === 0 ? dtype !== getDefaultDtype() : !hasDefaultDtype(dtype)) suffixes.push(`dtype=torch.${dtype}`);
    body = tensorStr(t, indent);
  }
  if (t.layout !== "strided") suffixes.push(`layout=torch.${t.layout}`);
  const gf = native.gradFn(t.handle);
  // Python prints the node's class name: CopySlices, not libtorch's torch::autograd::CopySlices.
  if (gf) suffixes.push(`grad_fn=<${gf.replace(/^torch::autograd::/, "")}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  // A dual tensor's tangent at the current forward-AD level (strided tensors only: PyTorch 1.13's
  // unpack_dual fails on a sparse one inside a dual level, which would make printing it throw).
  if (t.layout === "strided") {
    const dual = unpackDual(t);
    if (dual.primal !== t) dual.primal.dispose();
    if (dual.tangent !== null) suffixes.push(`tangent=${formatTensor(dual.tangent)}`);
  }
  return addSuffixes(prefix + body, suffixes, indent, t.isSparse);
}

// A nested tensor: its entries, each printed as a tensor and indented, in brackets (torch/_tensor_str.py
// unbinds it under no_grad); no dtype suffix, as PyTorch's.
function formatNested(t: Tensor): string {
  const prefix = "nested_tensor(";
  const suffixes: string[] = [];
  if (t.device !== "cpu") suffixes.push(`device='${t.device}'`);
  // (native grad mode: this file loads before lib/autograd.ts)
  const grad = native.isGradEnabled();
  native.setGradEnabled(false);
  let entries: Tensor[];
  try {
    entries = t.unbind(0);
  } finally {
    native.setGradEnabled(grad);
  }
  const strs = entries
    .map((e) =>
      formatTensor(e)
        .split("\n")
        .map((l) => `  ${l}`)
        .join("\n"),
    )
    .join(",\n");
  for (const e of entries) e.dispose();
  const gf = native.gradFn(t.handle);
  if (gf) suffixes.push(`grad_fn=<${gf.replace(/^torch::autograd::/, "")}>`);
  else if (t.requiresGrad) suffixes.push("requires_grad=True");
  return addSuffixes(`${prefix}[\n${strs}\n]`, suffixes, prefix.length, false);
}

// torch/_tensor_str.py's _tensor_str: the nested brackets of a strided tensor's values.
function tensorStr(t: Tensor, indent: number): string {
  const shape = t.shape;
  const dtype = t.dtype;
  const { re: flat, im } = values(t);
  const partDtype = { complex64: "float32", complex128: "float64", complex32: "float16" }[dtype as string] ?? dtype;
  const n = flat.length;
  const summarize = n > PRINT_OPTS.threshold;

  const strides: number[] = [];
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d];
  }
  const indices = (size: number) =>
    summarize && size > 2 * PRINT_OPTS.edgeitems
      ? [
          ...Array(PRINT_OPTS.edgeitems).keys(),
          -1,
          ...Array.from({ length: PRINT_OPTS.edgeitems }, (_, k) => size - PRINT_OPTS.edgeitems + k),
        ]
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
  const { fmt, width } = formatter(
    shown.map((o) => flat[o]),
    partDtype,
  );
  const imPart =
    im &&
    formatter(
      shown.map((o) => im[o]),
      partDtype,
    );
  const imFmt = imPart?.fmt;
  const imWidth = imPart?.width ?? 0;
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
      const perLine = Math.max(1, Math.floor((PRINT_OPTS.linewidth - indent) / elementWidth));
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

/** torch.set_printoptions, in Python's positional and keyword forms. */
export const setPrintoptions = pythonCall(
  setPrintoptionsImpl,
  "set_printoptions",
  "precision? threshold? edgeitems? linewidth? profile? sciMode?",
  0,
) as {
  (o?: PrintOptions): void;
  (
    precision?: number | null,
    threshold?: number | null,
    edgeitems?: number | null,
    linewidth?: number | null,
    profile?: "default" | "short" | "full" | null,
    sciMode?: boolean | null,
  ): void;
};
