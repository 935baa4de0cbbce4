#!/usr/bin/env node
// Writes lib/aten_ops.ts: the Tensor methods and torch.* functions that map one-to-one onto an ATen
// operator, with TypeScript signatures made from the operator schemas of the libtorch the addon
// loads (native.opOverloads). Run after adding a name below: `npx tsc -p tsconfig.json && node
// scripts/gen_aten.js`; test/aten_ops.test.ts fails when the file is out of date.

const fs = require("node:fs");
const path = require("node:path");

const root = path.join(__dirname, "..");
const { native } = require(path.join(root, "dist", "lib", "native.js"));
const { Tensor } = require(path.join(root, "dist", "lib", "tensor.js"));

// Python's Tensor method names (torch.Tensor.<name>), each calling aten::<name>.
const METHODS = `absolute absolute_ acos_ acosh acosh_ addbmm addbmm_ addcdiv_ addcmul_ addmm_ addmv_ addr addr_ adjoint
aminmax angle arccos arccos_ arccosh arccosh_ arcsin arcsin_ arcsinh arcsinh_ arctan arctan2 arctan2_ arctan_ arctanh
arctanh_ as_strided as_strided_ as_strided_scatter asin_ asinh asinh_ atan2_ atan_ atanh atanh_ baddbmm_ bincount
bitwise_and_ bitwise_left_shift bitwise_left_shift_ bitwise_not_ bitwise_or_ bitwise_right_shift bitwise_right_shift_
bitwise_xor_ broadcast_to cauchy_ ceil_ cholesky cholesky_inverse cholesky_solve clamp_max clamp_max_ clamp_min
clamp_min_ clip_ conj conj_physical conj_physical_ copysign copysign_ cos_ cosh_ cumprod_ cumsum_ deg2rad deg2rad_ det
diag_embed diagflat diagonal_scatter digamma_ dist divide divide_ dsplit eq_ erf_ erfc erfc_ exp2_ expm1_ fill_diagonal_
fix fix_ float_power float_power_ floor_divide_ fmax fmin fmod_ frac_ frexp gcd gcd_ ge_ geometric_ geqrf ger gt_
greater greater_ greater_equal greater_equal_ hardshrink heaviside heaviside_ histc histogram hsplit hypot hypot_ i0 i0_
igamma igamma_ igammac igammac_ index_add index_copy index_fill index_fill_ index_put index_reduce index_reduce_ inner
inverse is_conj is_inference is_neg is_nonzero is_same_size isneginf isposinf isreal kron lcm lcm_ ldexp ldexp_ le_
lerp_ less less_ less_equal less_equal_ lgamma_ log10_ log1p_ log2_ log_normal_ logaddexp2 logdet logical_and_
logical_not_ logical_or_ logical_xor_ logit logit_ lt_ lu_solve masked_scatter masked_scatter_ matrix_exp matrix_power
moveaxis msort multiply multiply_ mvlgamma mvlgamma_ nan_to_num_ nanmedian narrow_copy ne_ negative negative_
new_empty_strided nextafter nextafter_ not_equal not_equal_ orgqr ormqr pinverse polygamma polygamma_ positive prelu
put put_ qr rad2deg rad2deg_ random_ ravel reciprocal_ remainder_ renorm renorm_ reshape_as resize_ resize_as_
resolve_conj resolve_neg round_ rsqrt_ scatter_reduce scatter_reduce_ select_scatter sgn sgn_ sign_ signbit sin_ sinc
sinc_ sinh_ slice_scatter slogdet split_with_sizes square_ squeeze_ subtract subtract_ sum_to_size svd swapaxes
swapaxes_ swapdims swapdims_ symeig t_ take_along_dim tan_ tensor_split transpose_ triangular_solve tril_ triu_ true_divide
true_divide_ trunc_ unflatten unsafe_chunk unsafe_split unsafe_split_with_sizes unsqueeze_ vdot vsplit xlogy
xlogy_ to_sparse to_dense coalesce is_coalesced indices values sparse_dim dense_dim sparse_mask to_sparse_csr crow_indices
col_indices is_set_to set_ to_sparse_csc to_sparse_bsr to_sparse_bsc row_indices ccol_indices smm sspaddmm`.split(
  /\s+/,
);

// Python's torch.<name> functions. Those torchts already has as a Tensor method call the method; the
// others call aten::<name>.
const FUNCTIONS = `absolute acosh asinh atanh addbmm addr adjoint aminmax angle arccos arccosh arcsin arcsinh arctan
arctan2 arctanh
as_strided as_strided_scatter bitwise_left_shift bitwise_right_shift broadcast_to cholesky cholesky_inverse
cholesky_solve clamp_max clamp_min conj conj_physical copysign deg2rad det diag_embed diagflat diagonal_scatter dist
divide dsplit erfc fix float_power fmax fmin frexp gcd ge geqrf ger gt greater greater_equal le less less_equal lt ne
not_equal heaviside histogram hsplit hypot i0 igamma igammac index_add index_copy index_fill index_put index_reduce
inner inverse is_conj is_inference is_neg is_nonzero is_same_size is_floating_point isin isneginf isposinf isreal kron
lcm ldexp logaddexp2 logdet logit lu_solve masked_fill masked_scatter matrix_exp matrix_power moveaxis msort multiply
mvlgamma nanmedian narrow_copy negative nextafter orgqr ormqr pinverse polygamma positive prelu put qr rad2deg ravel
renorm resolve_conj resolve_neg rsub scatter_reduce select select_scatter sgn signbit sinc slice_scatter slogdet
split_with_sizes subtract svd swapaxes swapdims t take_along_dim tensor_split triangular_solve true_divide vdot vsplit
xlogy trapezoid cumulative_trapezoid trapz combinations cosine_similarity pairwise_distance pdist
pixel_shuffle pixel_unshuffle channel_shuffle conv1d conv2d conv3d conv_transpose1d conv_transpose2d conv_transpose3d
dropout alpha_dropout feature_alpha_dropout embedding layer_norm group_norm instance_norm batch_norm max_pool1d
max_pool2d max_pool3d avg_pool1d adaptive_avg_pool1d adaptive_max_pool1d celu selu rrelu threshold hardshrink bilinear
constant_pad_nd bartlett_window blackman_window hamming_window hann_window kaiser_window scalar_tensor empty_strided
gradient frobenius_norm nuclear_norm result_type promote_types can_cast binomial vander lu_unpack native_layer_norm
native_batch_norm segment_reduce symeig fill randint_like view_as_real view_as_complex complex polar histogramdd
concat concatenate kl_div poisson_nll_loss margin_ranking_loss hinge_embedding_loss cosine_embedding_loss
triplet_margin_loss ctc_loss embedding_bag grid_sampler lstm_cell gru_cell rnn_tanh_cell rnn_relu_cell native_dropout
native_group_norm conv_tbc convolution affine_grid_generator binary_cross_entropy_with_logits batch_norm_stats
batch_norm_elemt batch_norm_gather_stats batch_norm_gather_stats_with_counts batch_norm_backward_reduce
batch_norm_backward_elemt batch_norm_update_stats max_pool1d_with_indices norm_except_dim native_norm hspmm smm
sspaddmm is_distributed alias_copy as_strided_copy ccol_indices_copy col_indices_copy crow_indices_copy detach_copy
diagonal_copy expand_copy indices_copy permute_copy row_indices_copy select_copy slice_copy split_copy
split_with_sizes_copy squeeze_copy t_copy transpose_copy unbind_copy unfold_copy unsqueeze_copy values_copy
view_as_complex_copy view_as_real_copy view_copy abs_ acos_ acosh_ addmv_ alpha_dropout_ arccos_ arccosh_ arcsin_
arcsinh_ arctan_ arctanh_ as_strided_ asin_ asinh_ atan_ atanh_ ceil_ celu_ clamp_ clamp_max_ clamp_min_ clip_
conj_physical_ cos_ cosh_ deg2rad_ detach_ dropout_ embedding_renorm_ erf_ erfc_ exp2_ exp_ expm1_
feature_alpha_dropout_ feature_dropout feature_dropout_ fill_ fix_ floor_ frac_ gcd_ i0_ index_put_ lcm_ ldexp_ log10_
log1p_ log2_ log_ logit_ nan_to_num_ neg_ negative_ rad2deg_ reciprocal_ relu_ resize_as_ resize_as_sparse_ rrelu_
round_ rsqrt_ selu_ sigmoid_ sin_ sinc_ sinh_ sqrt_ square_ tan_ tanh_ threshold_ trunc_ xlogy_ zero_ unflatten
unsafe_chunk unsafe_split unsafe_split_with_sizes grid_sampler_2d grid_sampler_3d`.split(/\s+/);

// torch.<name>(*tensors): Python collects the arguments into the operator's one list.
const VARARGS = new Set(["block_diag", "broadcast_tensors", "cartesian_prod", "chain_matmul"]);
for (const v of VARARGS) FUNCTIONS.push(v);

// torch._foreach_<op>: the multi-tensor ops custom optimizers call (one kernel launch per list on CUDA).
const FOREACH = `abs acos add addcdiv addcmul asin atan ceil cos cosh div erf erfc exp expm1 floor frac lgamma log log10
log1p log2 maximum minimum mul neg reciprocal round sigmoid sin sinh sqrt sub tan tanh trunc zero`.split(/\s+/);
for (const n of FOREACH) {
  // Python has only the in-place zero (aten::_foreach_zero is functionalization's).
  if (n !== "zero") FUNCTIONS.push(`_foreach_${n}`);
  FUNCTIONS.push(`_foreach_${n}_`);
}
FUNCTIONS.push("_foreach_norm");

// camelCase, keeping a leading underscore (torch._foreach_add_ is torch._foreachAdd_).
const camel = (n) => n.replace(/(?!^)_([a-z0-9])/g, (_, c) => c.toUpperCase());

function tsType(type, n) {
  let t = type;
  let opt = false;
  if (t.endsWith("?") && !t.endsWith("?[]")) {
    opt = true;
    t = t.slice(0, -1);
  }
  const base = {
    Tensor: "Tensor",
    Scalar: "Scalar",
    int: "number",
    float: "number",
    bool: "boolean",
    str: "string",
    dtype: "DTypeLike",
    device: "DeviceLike",
    Generator: "Generator",
    layout: "Layout",
    memory_format: "MemoryFormat",
  };
  let out;
  if (t.endsWith("?[]")) out = `Array<${base[t.slice(0, -3)]} | null>`;
  else if (t.endsWith("[]")) {
    const b = base[t.slice(0, -2)];
    out = t === "int[]" && n > 0 ? `number | number[]` : `${b}[]`;
  } else out = base[t];
  if (out === undefined) return undefined;
  return opt ? `${out} | null` : out;
}

function retType(returns) {
  const one = (r) =>
    ({
      Tensor: "Tensor",
      "Tensor[]": "Tensor[]",
      int: "number",
      float: "number",
      bool: "boolean",
      dtype: "DType",
      Scalar: "number",
    })[r];
  if (returns.length === 1) return one(returns[0]);
  // In-place ops with no result (torch._foreach_add_): Python's None.
  if (returns.length === 0) return "void";
  return `[${returns.map(one).join(", ")}]`;
}

// One TypeScript call signature per usable overload; null when a type has no JS form.
function signatures(op, method) {
  const all = native
    .opOverloads(`aten::${op}`)
    .filter((o) => !/dimname|names/i.test(o.overload))
    // The _foreach ops' out overloads are functionalization's, not Python's (lib/aten.ts hides them too).
    .filter((o) => !(op.startsWith("_foreach_") && o.args.some((a) => a.out)));
  if (all.length === 0) throw new Error(`aten::${op} does not exist in this libtorch`);
  // out= overloads are no signatures of their own: Python's `out` keyword of the function forms.
  const ovs = all.filter((o) => !o.args.some((a) => a.out));
  const outArgs = all.filter((o) => o.args.some((a) => a.out)).map((o) => o.args.filter((a) => a.out));
  // Several out tensors, or one Tensor[] out parameter (split_copy): a list.
  const outs = outArgs.map((a) => (a.length === 1 && a[0].type.endsWith("[]") ? 2 : a.length));
  const outType = outs.length === 0 || method ? undefined : Math.max(...outs) > 1 ? "Tensor[]" : "Tensor";
  const sigs = [];
  for (const o of ovs) {
    const args = o.args.filter((a) => !(method && a.name === "self"));
    if (method && !o.args.some((a) => a.name === "self")) continue;
    const pos = [];
    const kw = [];
    let ok = true;
    for (const a of args) {
      // set_'s Storage source (libtorch names its type "other"): a torchts storage (lib/aten.ts maps it).
      const t = a.type === "other" && a.name === "source" ? "StorageBase" : tsType(a.type, a.n);
      if (t === undefined) ok = false;
      if (a.kwargOnly) kw.push(`${camel(a.name)}?: ${t}`);
      else pos.push(`${camel(a.name)}${a.hasDefault ? "?" : ""}: ${t}`);
      if (!a.kwargOnly && a.hasDefault) kw.push(`${camel(a.name)}?: ${t}`);
    }
    // Python's arg parser adds requires_grad= to a signature with TensorOptions (lib/aten.ts applies it).
    if (!method && ["dtype", "layout", "device", "pin_memory"].every((n) => args.some((a) => a.name === n)))
      kw.push("requiresGrad?: boolean");
    if (outType !== undefined) kw.push(`out?: ${outType}`);
    const ret = retType(o.returns);
    if (!ok || ret === undefined) continue;
    const r = method && op.endsWith("_") ? "this" : ret;
    const params = [...pos];
    if (kw.length > 0) params.push(`options?: { ${kw.join("; ")} }`);
    sigs.push(`(${params.join(", ")}): ${r}`);
    // Python's keyword forms: some leading values, then every other parameter by name.
    const nameOf = (p) => p.split(/\??:/)[0];
    const required = pos.findIndex((p) => p.includes("?:"));
    // (Python takes any parameter by name; the first one stays a value unless it is optional.)
    for (let k = required === 0 ? 0 : Math.min(1, pos.length); k < pos.length; k++) {
      const rest = pos.slice(k);
      const byName = [...rest, ...kw.filter((o) => !rest.some((p) => nameOf(p) === nameOf(o)))];
      const values = pos.slice(0, k).map((p) => p.replace(/^(\w+)\?:/, "$1:"));
      sigs.push(`(${[...values, `options: { ${byName.join("; ")} }`].join(", ")}): ${r}`);
    }
  }
  if (sigs.length === 0) throw new Error(`aten::${op}: no overload has a JS form`);
  return [...new Set(sigs)];
}

function doc(pyName, op, where) {
  return `/** ${where}${pyName} (aten::${op}): PyTorch's operator through the dispatcher; see lib/aten.ts. */`;
}

// Hand-written methods (lib/tensor.ts) that take their own options, keep Python-level semantics
// the schema lacks (nonzero's as_tuple, new_zeros' requires_grad), or are not operators as Python
// calls them (split, norm, to, index): their calls are never routed to the schema.
const OWN_KEYWORDS = new Set(
  `size stride to pin_memory is_pinned item index index_put_ split norm nonzero new_zeros new_ones new_empty
new_full requires_grad_ retain_grad detach detach_ unique`.split(/\s+/),
);

const existing = new Set();
for (let p = Tensor.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
  for (const n of Object.getOwnPropertyNames(p)) existing.add(n);
}
const generatedMethods = new Set(METHODS.map(camel));

const snake = (n) => n.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const keywordMethods = [];
for (const name of [...existing].sort()) {
  const d = Object.getOwnPropertyDescriptor(Tensor.prototype, name);
  const py = snake(name);
  if (!d || typeof d.value !== "function" || OWN_KEYWORDS.has(py) || generatedMethods.has(name)) continue;
  if (native.opOverloads(`aten::${py}`).length > 0) keywordMethods.push(`["${name}", "${py}"]`);
}

let out = `// Generated by scripts/gen_aten.js from libtorch's operator schemas: do not edit by hand.
// Tensor methods and torch.* functions that are one ATen operator each, called with Python's
// argument rules by lib/aten.ts (native/dispatch.cc).
import { callAten, callWithOut, NO_OUT, positionalLimit } from "./aten";
import type { DeviceLike } from "./device";
import type { DType, DTypeLike, Layout } from "./dtype";
import type { MemoryFormatName as MemoryFormat } from "./native";
import type { Generator } from "./random";
import type { StorageBase } from "./storage";
import { type Scalar, Tensor } from "./tensor";
import { isOptions } from "./utils/kwargs";

declare module "./tensor" {
  interface Tensor {
`;
const methodTable = [];
for (const py of METHODS) {
  const name = camel(py);
  if (existing.has(name) && !generatedMethods.has(name)) throw new Error(`Tensor.${name} exists already`);
  for (const s of signatures(py, true)) out += `    ${doc(py, py, "Tensor.")}\n    ${name}${s};\n`;
  methodTable.push(`["${name}", "${py}"]`);
}
out += `  }
}

const METHODS: Array<[string, string]> = [
  ${methodTable.join(",\n  ")},
];
for (const [name, op] of METHODS) {
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      return callAten(op, op, this, args);
    },
    writable: true,
    configurable: true,
  });
}

// The hand-written methods of lib/tensor.ts keep their fast path for positional calls; a call that
// ends in an options object goes through the operator's schema instead, so every keyword Python
// takes works as in PyTorch (\`x.sum({ dim: 1 })\`, \`x.div(y, { roundingMode: "floor" })\`). So does a
// call whose arguments the fast path rejects (it checks them before any native work): another
// overload (\`x.max(other)\`, \`x.std(false)\`) or, failing that, Python's TypeError for the call.
const KEYWORD_METHODS: Array<[string, string]> = [
  ${keywordMethods.join(",\n  ")},
];
for (const [name, op] of KEYWORD_METHODS) {
  const fast = (Tensor.prototype as unknown as Record<string, (...a: unknown[]) => unknown>)[name];
  // More values than any overload takes (x.mul(y, 3)) is Python's TypeError, never silently dropped.
  let limit = -1;
  Object.defineProperty(Tensor.prototype, name, {
    value: function (this: Tensor, ...args: unknown[]) {
      if (limit < 0) limit = positionalLimit(op);
      if (isOptions(args[args.length - 1]) || args.length > limit) return callAten(op, op, this, args);
      try {
        return fast.apply(this, args);
      } catch (e) {
        if (!(e instanceof TypeError)) throw e;
        return callAten(op, op, this, args);
      }
    },
    writable: true,
    configurable: true,
  });
}

function viaMethod(name: string, op: string): (input: Tensor, ...args: unknown[]) => unknown {
  return (input: Tensor, ...args: unknown[]) => {
    if (!(input instanceof Tensor)) throw new TypeError(\`\${name}(): argument 'input' must be Tensor\`);
    const r = callWithOut(op, input, args);
    if (r !== NO_OUT) return r;
    return (input as unknown as Record<string, (...a: unknown[]) => unknown>)[name](...args);
  };
}
`;
for (const py of FUNCTIONS) {
  const name = camel(py);
  if (VARARGS.has(py)) {
    const ov = native.opOverloads(`aten::${py}`).find((o) => !o.args.some((a) => a.out));
    out += `\n${doc(py, py, "torch.")}\nexport const ${name} = (...tensors: Tensor[]): ${retType(ov.returns)} =>\n  callAten("${py}", "${py}", undefined, [tensors]) as ${retType(ov.returns)};\n`;
    continue;
  }
  if (existing.has(name) && !generatedMethods.has(name)) {
    out += `\n/** torch.${py}(input, ...): \`input.${name}(...)\`, with the same arguments and result; see {@link Tensor.${name}}. */\nexport const ${name} = viaMethod("${name}", "${py}") as (input: Tensor, ...args: Parameters<Tensor["${name}"]>) => ReturnType<Tensor["${name}"]>;\n`;
    continue;
  }
  out += atenFunction(py, py, "torch.");
}

// One generated torch function: aten::`op` called as `pyName` (its TypeScript name is camelCase).
function atenFunction(name, op, docPrefix) {
  const sigs = signatures(op, false);
  // One signature as a function type, several as a callable object type (what the lint gate wants).
  const type =
    sigs.length === 1 ? sigs[0].replace(/\): ([^)]*)$/, ") => $1") : `{\n${sigs.map((s) => `  ${s};`).join("\n")}\n}`;
  return `\n${doc(name, op, docPrefix)}\nexport const ${camel(name)} = ((...args: unknown[]) => callAten("${op}", "${op}", undefined, args)) as ${type};\n`;
}

// torch.linalg, torch.special and torch.fft: aten::linalg_<name>, aten::special_<name>, aten::fft_<name>.
const NAMESPACES = [
  {
    file: "aten_linalg.ts",
    what: "torch.linalg",
    prefix: "linalg_",
    names: `cross det cholesky cholesky_ex vecdot cond eigh eigvalsh householder_product ldl_factor ldl_factor_ex
ldl_solve lstsq matrix_power multi_dot norm matrix_norm slogdet vander vector_norm lu_factor lu_factor_ex lu lu_solve
inv inv_ex solve solve_ex solve_triangular matrix_rank pinv svd svdvals tensorinv tensorsolve matrix_exp eig
eigvals`.split(/\s+/),
  },
  {
    file: "aten_fft.ts",
    what: "torch.fft",
    prefix: "fft_",
    names: `fft ifft fft2 ifft2 fftn ifftn rfft irfft rfft2 irfft2 rfftn irfftn hfft ihfft hfft2 ihfft2 hfftn ihfftn
fftfreq rfftfreq fftshift ifftshift`.split(/\s+/),
  },
  {
    file: "aten_special.ts",
    what: "torch.special",
    prefix: "special_",
    names: `i0 i0e i1 i1e ndtr ndtri log_ndtr xlog1py xlogy zeta entr erf erfc erfcx erfinv expit logit exp2 expm1
log1p sinc round digamma psi gammaln multigammaln polygamma gammainc gammaincc logsumexp softmax log_softmax airy_ai
bessel_j0 bessel_j1 bessel_y0 bessel_y1 modified_bessel_i0 modified_bessel_i1 modified_bessel_k0 modified_bessel_k1
scaled_modified_bessel_k0 scaled_modified_bessel_k1 spherical_bessel_j0 chebyshev_polynomial_t chebyshev_polynomial_u
chebyshev_polynomial_v chebyshev_polynomial_w shifted_chebyshev_polynomial_t shifted_chebyshev_polynomial_u
shifted_chebyshev_polynomial_v shifted_chebyshev_polynomial_w hermite_polynomial_h hermite_polynomial_he
laguerre_polynomial_l legendre_polynomial_p`.split(/\s+/),
  },
];

const files = [["aten_ops.ts", out]];
for (const ns of NAMESPACES) {
  let body = "";
  for (const n of ns.names) body += atenFunction(n, ns.prefix + n, `${ns.what}.`);
  // Only the type imports this file uses (the lint gate rejects unused ones).
  const uses = (t) => new RegExp(`\\b${t}\\b`).test(body);
  const lines = ['import { callAten } from "./aten";'];
  if (uses("DeviceLike")) lines.push('import type { DeviceLike } from "./device";');
  const dtypes = ["DType", "DTypeLike", "Layout"].filter(uses);
  if (dtypes.length > 0) lines.push(`import type { ${dtypes.join(", ")} } from "./dtype";`);
  if (uses("MemoryFormat")) lines.push('import type { MemoryFormatName as MemoryFormat } from "./native";');
  if (uses("Generator")) lines.push('import type { Generator } from "./random";');
  lines.push(`import type { ${["Scalar", "Tensor"].filter(uses).join(", ")} } from "./tensor";`);
  const code = `// Generated by scripts/gen_aten.js from libtorch's operator schemas: do not edit by hand.
// ${ns.what}: aten::${ns.prefix}<name> for each, called with Python's argument rules by lib/aten.ts.
${lines.join("\n")}
${body}`;
  files.push([ns.file, code]);
}

// Formatted as the lint gate wants it, so --check compares like with like.
let stale = false;
for (const [name, code] of files) {
  const formatted = require("node:child_process").execFileSync(
    path.join(root, "node_modules", ".bin", "biome"),
    ["format", `--stdin-file-path=lib/${name}`],
    { input: code, encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const file = path.join(root, "lib", name);
  if (process.argv.includes("--check")) {
    const cur = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    if (cur !== formatted) {
      stale = true;
      process.stdout.write(`stale: lib/${name}\n`);
    }
  } else {
    fs.writeFileSync(file, formatted);
    console.log(`wrote lib/${name}`);
  }
}
if (process.argv.includes("--check")) {
  if (!stale) process.stdout.write("up to date\n");
  process.exit(stale ? 1 : 0);
}
console.log(`${METHODS.length} methods, ${FUNCTIONS.length} functions`);
