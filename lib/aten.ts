// Calls an ATen operator by name with Python's argument rules (torch/csrc/utils/python_arg_parser):
// positional values, then keywords from a trailing options object (camelCase names), `self` bound
// by methods, the overload picked by the types of the values, missing ones taken from the schema's
// defaults. The schemas come from libtorch itself (native/dispatch.cc), so the arguments, defaults
// and the kernels are exactly those PyTorch's Python front end calls.
import { device as DeviceClass } from "./device";
import { dtypeFromName, dtypeName, SCALAR_TYPE } from "./dtype";
import { type AtenOverload, type AtenResult, type AtenValue, native } from "./native";
import { Generator } from "./random";
import { Tensor } from "./tensor";
import { isOptions } from "./utils/kwargs";

const MEMORY_FORMAT: Record<string, number> = {
  contiguousFormat: 0,
  preserveFormat: 1,
  channelsLast: 2,
  channelsLast3d: 3,
};

const cache = new Map<string, AtenOverload[]>();

function overloadsOf(op: string): AtenOverload[] {
  let o = cache.get(op);
  if (o === undefined) {
    // Named-tensor (Dimname) overloads are left out: torchts has no named tensors.
    o = native.opOverloads(`aten::${op}`).filter((x) => !/dimname|names/i.test(x.overload));
    if (o.length === 0) throw new Error(`internal: libtorch has no operator aten::${op}`);
    cache.set(op, o);
  }
  return o;
}

const NO = Symbol("no match");
type Converted = AtenValue | typeof NO;

function isInt(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

function convertOne(base: string, v: unknown): Converted {
  switch (base) {
    case "Tensor":
      return v instanceof Tensor ? v.handle : NO;
    case "Scalar":
      if (typeof v === "number" || typeof v === "boolean") return v;
      // Python takes a 0-dim tensor that needs no grad as a number here.
      if (v instanceof Tensor && v.dim() === 0 && !v.requiresGrad) return v.item();
      return NO;
    case "int":
      return isInt(v) ? v : NO;
    case "float":
      return typeof v === "number" ? v : NO;
    case "bool":
      return typeof v === "boolean" ? v : NO;
    case "str":
      return typeof v === "string" ? v : NO;
    case "dtype": {
      const d = typeof v === "string" ? dtypeFromName(v) : undefined;
      return d === undefined ? NO : SCALAR_TYPE[d];
    }
    case "device":
      if (v instanceof DeviceClass) return v.toString();
      return typeof v === "string" ? v : NO;
    case "memory_format":
      return typeof v === "string" && Object.hasOwn(MEMORY_FORMAT, v) ? MEMORY_FORMAT[v] : NO;
    case "layout":
      return v === "strided" ? 0 : NO;
    case "Generator":
      return v instanceof Generator ? (v.ext as unknown as AtenValue) : NO;
    default:
      return NO;
  }
}

function convert(type: string, n: number, v: unknown): Converted {
  let t = type;
  if (t.endsWith("?") && !t.endsWith("?[]")) {
    if (v === null || v === undefined) return null;
    t = t.slice(0, -1);
  }
  if (t.endsWith("[]")) {
    const optElems = t.endsWith("?[]");
    const base = t.slice(0, optElems ? -3 : -2);
    // As Python: a single int stands for a list only where the schema gives its size (int[2]).
    if (!Array.isArray(v)) return base === "int" && n > 0 && isInt(v) ? v : NO;
    const out: AtenValue[] = [];
    for (const e of v) {
      if (optElems && (e === null || e === undefined)) {
        out.push(null);
        continue;
      }
      const c = convertOne(base, e);
      if (c === NO) return NO;
      out.push(c);
    }
    return out;
  }
  return convertOne(t, v);
}

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function pyType(v: unknown): string {
  if (v === null || v === undefined) return "NoneType";
  if (v instanceof Tensor) return "Tensor";
  if (Array.isArray(v)) return `list of [${v.map(pyType).join(", ")}]`;
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "str";
  return v?.constructor?.name ?? typeof v;
}

// The values of one overload in schema order, or null when the arguments do not fit it.
function bind(
  ov: AtenOverload,
  self: Tensor | undefined,
  positional: readonly unknown[],
  kw: Record<string, unknown>,
): AtenValue[] | null {
  const out: AtenValue[] = new Array(ov.args.length).fill(undefined);
  const given = new Array<boolean>(ov.args.length).fill(false);
  let p = 0;
  for (let i = 0; i < ov.args.length; i++) {
    const a = ov.args[i];
    if (self !== undefined && a.name === "self") {
      out[i] = self.handle;
      given[i] = true;
      continue;
    }
    if (a.kwargOnly || p >= positional.length) continue;
    const c = convert(a.type, a.n, positional[p++]);
    if (c === NO) return null;
    out[i] = c;
    given[i] = true;
  }
  if (p < positional.length) return null;
  if (self !== undefined && !ov.args.some((a) => a.name === "self")) return null;
  for (const [k, v] of Object.entries(kw)) {
    const i = ov.args.findIndex((a) => camel(a.name) === k);
    if (i < 0 || given[i] || (self !== undefined && ov.args[i].name === "self")) return null;
    if (v === undefined) continue;
    const c = convert(ov.args[i].type, ov.args[i].n, v);
    if (c === NO) return null;
    out[i] = c;
    given[i] = true;
  }
  for (let i = 0; i < ov.args.length; i++) if (!given[i] && !ov.args[i].hasDefault) return null;
  return out;
}

function signature(ov: AtenOverload, method: boolean): string {
  const args = ov.args.filter((a) => !(method && a.name === "self"));
  const parts: string[] = [];
  let star = false;
  for (const a of args) {
    if (a.kwargOnly && !star) {
      parts.push("*");
      star = true;
    }
    parts.push(`${a.type} ${camel(a.name)}${a.hasDefault ? "=…" : ""}`);
  }
  return `(${parts.join(", ")})`;
}

function wrap(type: string, r: AtenResult): unknown {
  if (r === undefined) return undefined;
  if (type === "dtype") return dtypeName(r as number);
  if (type.startsWith("Tensor")) {
    if (Array.isArray(r)) return r.map((h) => (h === undefined ? undefined : new Tensor(h as number)));
    return new Tensor(r as number);
  }
  return r;
}

/**
 * Calls aten::`op` as torch.`pyName` (or, with `self`, as the method Tensor.`pyName`) is called in
 * Python: `args` are the positional values, optionally ending in an options object of keywords.
 * In-place operators (a name ending in `_`) return `self`.
 */
export function callAten(op: string, pyName: string, self: Tensor | undefined, args: readonly unknown[]): unknown {
  let positional = args;
  let kw: Record<string, unknown> = {};
  const last = args[args.length - 1];
  if (isOptions(last)) {
    positional = args.slice(0, -1);
    kw = last;
  }
  let n = positional.length;
  while (n > 0 && positional[n - 1] === undefined) n--;
  positional = positional.slice(0, n);
  const overloads = overloadsOf(op);
  for (const ov of overloads) {
    const values = bind(ov, self, positional, kw);
    if (values === null) continue;
    if (self !== undefined && op.endsWith("_")) {
      native.opCall_(ov.id, ...values);
      return self;
    }
    const r = native.opCall(ov.id, ...values);
    if (ov.returns.length === 1) return wrap(ov.returns[0], r);
    return (r as AtenResult[]).map((x, i) => wrap(ov.returns[i], x));
  }
  // Python names the keyword when the operator has one signature (overloads that differ only in a
  // Tensor / Scalar type are one signature there) and no overload knows it.
  const unknown = Object.keys(kw).find((k) => !overloads.some((ov) => ov.args.some((a) => camel(a.name) === k)));
  const names = new Set(overloads.map((ov) => ov.args.map((a) => a.name).join()));
  if (unknown !== undefined && names.size === 1)
    throw new TypeError(
      `${pyName}() got an unexpected keyword argument '${unknown.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}'`,
    );
  // Python's own format: "(int, keepdim=bool)", but "(dims=int, )" when only keywords came.
  const kwText = Object.entries(kw).map(([k, v]) => `${k}=${pyType(v)}`);
  const got =
    positional.length > 0 ? [...positional.map(pyType), ...kwText].join(", ") : kwText.map((k) => `${k}, `).join("");
  const expected = overloads.map((ov) => ` * ${signature(ov, self !== undefined)}`).join("\n");
  throw new TypeError(
    `${pyName}() received an invalid combination of arguments - got (${got}), but expected one of:\n${expected}`,
  );
}
