// Calls an ATen operator by name with Python's argument rules (torch/csrc/utils/python_arg_parser):
// positional values, then keywords from a trailing options object (camelCase names), `self` bound
// by methods, the overload picked by the types of the values, missing ones taken from the schema's
// defaults. The schemas come from libtorch itself (native/dispatch.cc), so the arguments, defaults
// and the kernels are exactly those PyTorch's Python front end calls.
import { Complex } from "./complex";
import { device as DeviceClass } from "./device";
import { dtypeFromName, dtypeName, LAYOUTS, type Layout, SCALAR_TYPE, SCALAR_TYPE_NAME } from "./dtype";
import { type AtenOverload, type AtenResult, type AtenValue, native } from "./native";
import { Generator } from "./random";
import { StorageBase, UntypedStorage } from "./storage";
import { Tensor } from "./tensor";
import { isOptions, splitCall } from "./utils/kwargs";

const MEMORY_FORMAT: Record<string, number> = {
  contiguousFormat: 0,
  preserveFormat: 1,
  channelsLast: 2,
  channelsLast3d: 3,
};

// One schema argument parsed once: what convert() needs, without string work per call.
interface Param {
  name: string;
  camel: string;
  type: string;
  base: string;
  optional: boolean;
  list: boolean;
  optElems: boolean;
  n: number;
  hasDefault: boolean;
  kwargOnly: boolean;
}
interface Compiled {
  ov: AtenOverload;
  params: Param[];
  /** The out= parameters of an out overload (in schema order), empty otherwise. */
  outs: number[];
  selfIndex: number;
  // Indices of the parameters positional values fill, for a function call and for a method call.
  slots: number[];
  methodSlots: number[];
  returns: string[];
}

const cache = new Map<string, Compiled[]>();

function compile(ov: AtenOverload): Compiled {
  const params = ov.args.map((a): Param => {
    let t = a.type;
    const optional = t.endsWith("?") && !t.endsWith("?[]");
    if (optional) t = t.slice(0, -1);
    const list = t.endsWith("[]");
    const optElems = t.endsWith("?[]");
    const base = list ? t.slice(0, optElems ? -3 : -2) : t;
    return { ...a, camel: camel(a.name), base, optional, list, optElems };
  });
  const selfIndex = params.findIndex((p) => p.name === "self");
  const slots = params.flatMap((p, i) => (p.kwargOnly ? [] : [i]));
  const outs = ov.args.flatMap((a, i) => (a.out ? [i] : []));
  const methodSlots = slots.filter((i) => i !== selfIndex);
  return { ov, params, outs, selfIndex, slots, methodSlots, returns: ov.returns };
}

// Out overloads libtorch generates for the functional form of in-place ops (normal_, bernoulli_): not in
// Python's torch.normal/torch.bernoulli signatures, so a call binds as Python's would
// (torch.normal(mean, 1.1, out=o) is normal.Tensor_float_out, not normal.out(self, mean, std)).
const PY_HIDDEN: Record<string, string[]> = { normal: ["out"], bernoulli: ["float_out"] };

function overloadsOf(op: string): Compiled[] {
  let o = cache.get(op);
  if (o === undefined) {
    // Named-tensor (Dimname) overloads are left out: torchts has no named tensors.
    const all = native
      .opOverloads(`aten::${op}`)
      .filter((x) => !/dimname|names/i.test(x.overload) && !PY_HIDDEN[op]?.includes(x.overload))
      // Nor do the _foreach ops' out overloads (functionalization's): torch._foreach_add takes no out=.
      .filter((x) => !(op.startsWith("_foreach_") && x.args.some((a) => a.out)))
      .map(compile);
    // Python tries a Tensor[] parameter after a Scalar[] one in the same place (torchgen's sort_overloads), so
    // an empty list is a list of scalars: torch._foreach_add(ts, []) is the ScalarList overload's error.
    const at = (c: Compiled, i: number) => c.params[i]?.type;
    const later = (c: Compiled) =>
      c.params.some((p, i) => p.type === "Tensor[]" && all.some((d) => d !== c && at(d, i) === "Scalar[]"));
    o = [...all.filter((c) => !later(c)), ...all.filter(later)];
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

// Whether a 0-dim tensor may bind to a Scalar parameter: only once no overload takes it as a Tensor,
// as Python's arg parser tries the Tensor signatures first (a 0-dim tensor and a Python number promote
// differently: result_type(int32 tensor, 0-dim float64 tensor) is float64).
let tensorAsScalar = false;

/**
 * Python's allow_numbers_as_tensors (python_arg_parser.cpp): for these functions a Python number binds
 * to a Tensor parameter as a wrapped-number tensor (torch.add(2, 3), torch.true_divide(x, 2, out=o)).
 */
export const NUMBERS_AS_TENSORS = new Set([
  "add",
  "add_",
  "div",
  "div_",
  "divide",
  "divide_",
  "mul",
  "mul_",
  "multiply",
  "multiply_",
  "sub",
  "sub_",
  "subtract",
  "subtract_",
  "true_divide",
  "true_divide_",
  "floor_divide",
  "floor_divide_",
]);
let numbersAsTensors = false;

function convertOne(base: string, v: unknown): Converted {
  switch (base) {
    case "Tensor":
      if (v instanceof Tensor) return v.handle;
      if (numbersAsTensors && (typeof v === "number" || typeof v === "boolean" || v instanceof Complex))
        return new Tensor(native.wrappedNumber(v)).handle;
      return NO;
    case "Scalar":
      if (typeof v === "number" || typeof v === "bigint" || typeof v === "boolean" || v instanceof Complex) return v;
      // Python takes a 0-dim tensor that needs no grad as a number here.
      if (tensorAsScalar && v instanceof Tensor && v.dim() === 0 && !v.requiresGrad) return v.item();
      return NO;
    case "int":
      return isInt(v) || typeof v === "bigint" ? v : NO;
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
      return typeof v === "string" && (LAYOUTS as readonly string[]).includes(v) ? LAYOUTS.indexOf(v as Layout) : NO;
    case "Generator":
      return v instanceof Generator ? (v.ext as unknown as AtenValue) : NO;
    default:
      return NO;
  }
}

function convert(p: Param, v: unknown): Converted {
  if (p.optional && (v === null || v === undefined)) return null;
  // Python's signatures write an int list's default of [] as None (torchgen's python.py), so
  // torch.amax(x, dim=None) reduces every dim: None binds there as the schema's default. opOverloads
  // does not say which default a parameter has, so every defaulted int[] / int[1] parameter takes None
  // (rot90's dims=[0, 1] too, which Python refuses), and the int[2] stride=[] of the pooling ops does not.
  // TODO: exact once native/dispatch.cc reports whether a default is the empty list.
  if (v === null && p.list && p.base === "int" && !p.optElems && p.hasDefault && p.n <= 1) return undefined;
  if (!p.list) return convertOne(p.base, v);
  // As Python: a single int stands for a list only where the schema gives its size (int[2]).
  if (!Array.isArray(v)) return p.base === "int" && p.n > 0 && isInt(v) ? v : NO;
  const out: AtenValue[] = new Array(v.length);
  for (let i = 0; i < v.length; i++) {
    const e = v[i];
    if (p.optElems && (e === null || e === undefined)) out[i] = null;
    else {
      const c = convertOne(p.base, e);
      if (c === NO) return NO;
      out[i] = c;
    }
  }
  return out;
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
  // A dtype name stands for a torch.dtype (JS has no dtype objects).
  if (typeof v === "string") return dtypeFromName(v) === undefined ? "str" : "torch.dtype";
  if (v instanceof Complex) return "complex";
  return v?.constructor?.name ?? typeof v;
}

// The values of one overload in schema order, or null when the arguments do not fit it.
function bind(
  c: Compiled,
  self: Tensor | undefined,
  positional: readonly unknown[],
  kw: Record<string, unknown> | undefined,
  pack: boolean,
  jitDefaults = false,
): AtenValue[] | null {
  const { params } = c;
  const method = self !== undefined;
  // A method's self is a tensor: overloads whose self is a Scalar (bitwise_and.Scalar_Tensor) are the
  // torch function's, never a method's.
  if (method && (c.selfIndex < 0 || params[c.selfIndex]?.base !== "Tensor")) return null;
  // Python's `out=`: only torch functions take it, and only an out overload binds it (its out
  // parameters, one tensor or a sequence of them, as Python's single `out` keyword).
  const out = kw?.out;
  if ((out !== undefined && out !== null) !== c.outs.length > 0 || (method && c.outs.length > 0)) return null;
  let outValues: AtenValue[] = [];
  if (c.outs.length > 0) {
    const list = Array.isArray(out) ? out : [out];
    if (!list.every((t) => t instanceof Tensor)) return null;
    const handles = (list as Tensor[]).map((t) => t.handle);
    // One Tensor[] out parameter (split_copy.Tensor_out, unbind_copy.int_out) takes the whole sequence.
    if (c.outs.length === 1 && params[c.outs[0] as number]?.list) {
      if (!Array.isArray(out)) return null;
      outValues = [handles];
    } else if (list.length !== c.outs.length) return null;
    else outValues = handles;
    const { out: _, ...rest } = kw as Record<string, unknown>;
    kw = rest;
  }
  const slots = method ? c.methodSlots : c.slots;
  let given = positional;
  // Python's varargs size: with one positional int[] parameter, x.view(2, 3) is x.view([2, 3]).
  if (pack) {
    const only = slots.length === 1 ? params[slots[0]] : undefined;
    if (only?.base !== "int" || !only.list || given.length === 0 || !given.every(isInt)) return null;
    if (given.length === 1 && only.n > 0) return null;
    given = [given];
  }
  if (given.length > slots.length) return null;
  // A value never converts to undefined (None is null), so undefined marks a parameter not given.
  const values: AtenValue[] = new Array(params.length);
  if (method) values[c.selfIndex] = (self as Tensor).handle;
  for (let k = 0; k < given.length; k++) {
    const i = slots[k];
    if (given[k] === undefined) continue; // JS's "not given": the schema's default
    const v = convert(params[i], given[k]);
    if (v === NO) return null;
    values[i] = v;
  }
  if (kw !== undefined)
    for (const key in kw) {
      const i = paramIndex(params, key);
      if (i < 0 || values[i] !== undefined) return null;
      const v = kw[key];
      if (v === undefined) continue;
      const cv = convert(params[i], v);
      if (cv === NO) return null;
      values[i] = cv;
    }
  c.outs.forEach((i, k) => {
    values[i] = outValues[k];
  });
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (values[i] !== undefined) continue;
    if (!p.hasDefault) return null;
    // Python's binding parses an int default with atol(), so `int reduction=at::Reduction::Mean` is 0 there
    // (python_arg_parser.cpp, set_default_str): torch.margin_ranking_loss(a, b, y) does not reduce, while
    // torch.ops.aten (the JIT schema's default) does.
    if (!jitDefaults && p.name === "reduction" && p.base === "int" && !p.list) values[i] = 0;
  }
  return values;
}

/**
 * NumPy's names Python's argument parser also takes for these parameters (numpy_compatibility_arg_names in
 * python_arg_parser.cpp): `x.sum({ axis: [0, 2], keepdims: true })` is `x.sum({ dim: [0, 2], keepdim: true })`.
 */
const NUMPY_ALIASES: Record<string, string> = { axis: "dim", keepdims: "keepdim", x2: "other" };

// The schema parameter a keyword names (its camelCase name or a NumPy alias), or -1.
function paramIndex(params: readonly Param[], key: string): number {
  const i = params.findIndex((p) => p.camel === key);
  if (i >= 0 || !Object.hasOwn(NUMPY_ALIASES, key)) return i;
  return params.findIndex((p) => p.camel === NUMPY_ALIASES[key]);
}

/**
 * The most values a method call of aten::`op` can take by position (self aside): past it, the call is Python's
 * TypeError. Infinity when an overload has an int list, which Python also takes as varargs (x.view(2, 3)).
 */
export function positionalLimit(op: string): number {
  let most = 0;
  for (const c of overloadsOf(op)) {
    if (c.outs.length > 0) continue;
    const params = c.params.filter((p) => p.name !== "self" && !p.kwargOnly);
    if (params.some((p) => p.list && p.base === "int")) return Number.POSITIVE_INFINITY;
    most = Math.max(most, params.length);
  }
  return most;
}

/** Whether an overload takes TensorOptions (dtype, layout, device, pin_memory), as factory functions do. */
function hasTensorOptions(c: Compiled): boolean {
  return ["dtype", "layout", "device", "pin_memory"].every((n) => c.params.some((p) => p.name === n));
}

function signature(c: Compiled, method: boolean): string {
  const args = c.params.filter((a) => !(method && a.name === "self"));
  const parts: string[] = [];
  let star = false;
  for (const a of args) {
    if (a.kwargOnly && !star) {
      parts.push("*");
      star = true;
    }
    parts.push(`${a.type} ${a.camel}${a.hasDefault ? "=…" : ""}`);
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
// Tensor.set_(storage, ...): the storage as the flat tensor over it (in this tensor's dtype), which is
// what set_'s source_Tensor overloads read (their source's storage, at the offset and sizes given).
// A typed storage must hold the tensor's dtype (Python's "Expected a Storage of type ..."); an untyped one is
// read as bytes in any dtype.
const CPP_TYPE_NAME: Record<string, string> = {
  uint8: "unsigned char",
  int8: "signed char",
  int16: "short int",
  int32: "int",
  int64: "long int",
  float32: "float",
  float64: "double",
  float16: "c10::Half",
  bfloat16: "c10::BFloat16",
  bool: "bool",
  complex32: "c10::complex<c10::Half>",
  complex64: "c10::complex<float>",
  complex128: "c10::complex<double>",
};
function storageArgs(self: Tensor, args: readonly unknown[]): readonly unknown[] {
  const asTensor = (v: unknown) => {
    // Python's binding checks a source tensor's dtype before aten::set_ (which would reinterpret its memory).
    if (v instanceof Tensor && v.dtype !== self.dtype)
      throw new Error(
        `set_(): source.dtype() == self.dtype() is false: expected a source of dtype ` +
          `${SCALAR_TYPE_NAME[self.dtype]}, but got ${SCALAR_TYPE_NAME[v.dtype]}`,
      );
    if (!(v instanceof StorageBase)) return v;
    if (!(v instanceof UntypedStorage) && v.dtype !== self.dtype)
      throw new Error(
        `Expected a Storage of type ${CPP_TYPE_NAME[self.dtype]} or an UntypedStorage, but got type ` +
          `${SCALAR_TYPE_NAME[v.dtype]} for argument 1 'storage'`,
      );
    return v._flat.dtype === self.dtype ? v._flat : (callAten("view", "view", v._flat, [self.dtype]) as Tensor);
  };
  return args.map((a) =>
    isOptions(a) && "source" in (a as Record<string, unknown>)
      ? { ...(a as Record<string, unknown>), source: asTensor((a as Record<string, unknown>).source) }
      : asTensor(a),
  );
}

/** @internal torch.ops.aten's call: callAten with the JIT schema's defaults for parameters not given. */
export function callAtenSchema(op: string, args: readonly unknown[]): unknown {
  return callAten(op, op, undefined, args, true);
}

/**
 * Calls `op` as Python's torch.* function (self undefined) or Tensor method binds it; `jitDefaults`: the
 * parameters not given take the JIT schema's defaults, as torch.ops.aten does (see bind).
 */
export function callAten(
  op: string,
  pyName: string,
  self: Tensor | undefined,
  args: readonly unknown[],
  jitDefaults = false,
): unknown {
  if (op === "set_" && self !== undefined) args = storageArgs(self, args);
  const [positional, kw] = splitCall(args);
  const overloads = overloadsOf(op);
  // requires_grad=, which Python's arg parser adds to signatures with TensorOptions (hann_window & co.): the
  // call without it, then the flag set on the result with the factories' check.
  if (kw?.requiresGrad !== undefined && self === undefined && overloads.some(hasTensorOptions)) {
    const { requiresGrad, ...rest } = kw;
    const r = callAten(op, pyName, self, [...positional, rest], jitDefaults) as Tensor;
    if (requiresGrad !== true) return r;
    if (!r.isFloatingPoint() && !r.isComplex())
      throw new Error("Only Tensors of floating point and complex dtype can require gradients");
    return r.requiresGrad_(true);
  }
  // Every overload as the values are, then with 0-dim tensors as Scalars, then with varargs sizes packed
  // (x.hsplit(5) is hsplit.int), then (allow_numbers_as_tensors) with numbers as tensors. With out=, those
  // functions bind numbers as tensors first, as Python's only signatures with out take a Tensor there
  // (so torch.div(boolT, 2, out=boolT) meets div.out's cast check).
  const numbers = NUMBERS_AS_TENSORS.has(op);
  const hasOut = kw !== undefined && kw.out != null;
  for (let pass = 0; pass < (numbers ? 4 : 3); pass++)
    for (const c of overloads) {
      tensorAsScalar = pass === 1 || pass === 2;
      numbersAsTensors = numbers && (pass === 3 || (pass === 0 && hasOut));
      // Python has no Scalar signatures for these where numbers bind as tensors.
      if (numbersAsTensors && c.ov.overload.includes("Scalar")) {
        numbersAsTensors = false;
        continue;
      }
      let values: AtenValue[] | null;
      try {
        values = bind(c, self, positional, kw, pass === 2, jitDefaults);
      } finally {
        tensorAsScalar = false;
        numbersAsTensors = false;
      }
      if (values === null) continue;
      if (c.outs.length > 0) {
        // The out tensors are the result, as in Python (the very objects passed).
        native.opCall_(c.ov.id, ...values);
        return (kw as Record<string, unknown>).out;
      }
      if (self !== undefined && op.endsWith("_")) {
        native.opCall_(c.ov.id, ...values);
        return self;
      }
      // torch.relu_(x), torch.zero_(x): the very tensor written, as in Python.
      if (op.endsWith("_") && c.selfIndex === 0 && positional[0] instanceof Tensor) {
        native.opCall_(c.ov.id, ...values);
        return positional[0];
      }
      // No result (torch._foreach_add_): Python's None.
      if (c.returns.length === 0) {
        native.opCall_(c.ov.id, ...values);
        return undefined;
      }
      const r = native.opCall(c.ov.id, ...values);
      if (c.returns.length === 1) return wrap(c.returns[0], r);
      return (r as AtenResult[]).map((x, i) => wrap(c.returns[i], x));
    }
  const keys = Object.keys(kw ?? {});
  // Python names the keyword when the operator has one signature (overloads that differ only in a
  // Tensor / Scalar type are one signature there) and no overload knows it.
  const known = (k: string, c: Compiled) => {
    if (k === "out") return self === undefined && c.outs.length > 0;
    const i = paramIndex(c.params, k);
    return i >= 0 && !c.outs.includes(i);
  };
  const unknown = keys.find((k) => !overloads.some((c) => known(k, c)));
  const plain = overloads.filter((c) => c.outs.length === 0);
  const names = new Set(plain.map((c) => c.params.map((p) => p.name).join()));
  if (unknown !== undefined && names.size === 1)
    throw new TypeError(
      `${pyName}() got an unexpected keyword argument '${unknown.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`)}'`,
    );
  // One overload and too few values: Python names the missing ones (its parser writes "arguments" for one).
  if (unknown === undefined && plain.length === 1) {
    const params = plain[0].params.filter((p) => !(self !== undefined && p.name === "self"));
    const positionals = params.filter((p) => !p.kwargOnly).length;
    if (positional.length > positionals) {
      if (positionals === 0 && self !== undefined)
        throw new TypeError(`_TensorBase.${pyName}() takes no arguments (${positional.length} given)`);
      const plural = (n: number) => (n === 1 ? "" : "s");
      throw new TypeError(
        `${pyName}() takes ${positionals} positional argument${plural(positionals)} but ${positional.length} ${positional.length === 1 ? "was" : "were"} given`,
      );
    }
    const missing = params
      .filter((p, i) => i >= positional.length && !p.hasDefault && !keys.includes(p.camel))
      .map((p) => (p.name === "self" ? "input" : p.name));
    if (positional.length <= params.length && missing.length > 0)
      throw new TypeError(
        `${pyName}() missing ${missing.length} required positional argument${missing.length === 1 ? "s" : ""}: ${missing.map((n) => `"${n}"`).join(", ")}`,
      );
  }
  // Python's own format: "(int, keepdim=bool)", but "(dims=int, )" when only keywords came.
  const kwText = keys.map((k) => `${k}=${pyType((kw as Record<string, unknown>)[k])}`);
  const got =
    positional.length > 0 ? [...positional.map(pyType), ...kwText].join(", ") : kwText.map((k) => `${k}, `).join("");
  const expected = plain.map((c) => ` * ${signature(c, self !== undefined)}`).join("\n");
  throw new TypeError(
    `${pyName}() received an invalid combination of arguments - got (${got}), but expected one of:\n${expected}`,
  );
}

/**
 * A torch function that is a Tensor method's call, `torch.<op>(input, ...)` as `input.<name>(...)`,
 * except that Python's `out=` keyword (which methods do not take) calls the operator's out overload.
 */
export function callWithOut(op: string, input: Tensor, args: readonly unknown[]): unknown | typeof NO_OUT {
  return outKeyword(args) === undefined ? NO_OUT : callAten(op, op, undefined, [input, ...args]);
}
/** callWithOut's answer for a call without `out`. */
export const NO_OUT = Symbol("no out");

// The trailing options object of a call when it carries Python's `out`, else undefined.
function outKeyword(args: readonly unknown[]): Record<string, unknown> | undefined {
  const last = args[args.length - 1];
  return isOptions(last) && last.out != null ? last : undefined;
}

/** A function that also takes Python's out= keyword, as the last options object. */
export type WithOut<F> = F &
  ((...args: [...unknown[], { out: Tensor; [k: string]: unknown }]) => Tensor) &
  ((...args: [...unknown[], { out: Tensor[]; [k: string]: unknown }]) => Tensor[]);

/**
 * `fn` with Python's out= keyword: a call whose trailing options carry `out` runs aten::`op`'s out
 * overload with the same arguments (for hand-written functions that are one operator in PyTorch).
 */
// c10::Layout as its operator<< prints it (python_arg_parser's check_out_type_matches words).
const LAYOUT_NAME: Record<string, string> = {
  strided: "Strided",
  sparse_coo: "Sparse",
  sparse_csr: "SparseCsr",
  sparse_csc: "SparseCsc",
  sparse_bsr: "SparseBsr",
  sparse_bsc: "SparseBsc",
  mkldnn: "Mkldnn",
};
export function withOut<F extends (...a: never[]) => unknown>(
  op: string,
  pyName: string,
  fn: F,
  factory = false,
): WithOut<F> {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const last = outKeyword(args);
    if (last === undefined) return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
    if (!factory) return callAten(op, pyName, undefined, args);
    // A factory's out overload has no tensor options: Python checks them against `out` and sets its
    // requires_grad afterwards (check_out_type_matches in python_arg_parser).
    const { dtype, device, layout, pinMemory: _p, requiresGrad, ...rest } = last;
    const out = rest.out as Tensor;
    const want = dtype == null ? undefined : dtypeFromName(String(dtype));
    if (want !== undefined && want !== out.dtype)
      throw new Error(
        `dtype ${SCALAR_TYPE_NAME[want]} does not match dtype of out parameter (${SCALAR_TYPE_NAME[out.dtype]})`,
      );
    if (layout != null && layout !== out.layout)
      throw new Error(
        `layout ${LAYOUT_NAME[String(layout)] ?? String(layout)} does not match layout of out parameter (${LAYOUT_NAME[out.layout]})`,
      );
    if (device != null && new DeviceClass(device as string).toString() !== out.device)
      throw new Error(`device ${String(device)} does not match device of out parameter (${out.device})`);
    const r = callAten(op, pyName, undefined, [...args.slice(0, -1), rest]);
    if (requiresGrad === true) out.requiresGrad_(true);
    return r;
  };
  Object.defineProperty(wrapped, "name", { value: fn.name });
  return wrapped as unknown as WithOut<F>;
}
