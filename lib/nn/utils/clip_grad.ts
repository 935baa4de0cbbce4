// torch.nn.utils.clip_grad_norm_ / clip_grad_value_: one native call for the norm and the scaling.

import { native } from "../../native";
import { Tensor } from "../../tensor";
import { checkKwargs } from "../../utils/kwargs";
import { pyFloat, pyTypename } from "../../utils/pyrepr";
import { warn } from "../../warnings";

function paramList(parameters: Tensor | Iterable<Tensor>): Tensor[] {
  if (parameters instanceof Tensor) return [parameters];
  if (parameters === null || typeof parameters !== "object" || !(Symbol.iterator in parameters))
    throw new TypeError(`parameters must be a Tensor or an iterable of Tensors, got ${pyTypename(parameters)}`);
  const list = [...parameters];
  for (const p of list) {
    if (!(p instanceof Tensor)) throw new TypeError(`parameters must contain Tensors, got ${pyTypename(p)}`);
  }
  return list;
}

function toNumber(v: number | string, what: string): number {
  // float(norm_type) in PyTorch: 'inf' is accepted.
  if (typeof v === "string") {
    const s = v.trim().toLowerCase();
    if (s === "inf" || s === "infinity" || s === "+inf") return Number.POSITIVE_INFINITY;
    if (s === "-inf" || s === "-infinity") return Number.NEGATIVE_INFINITY;
    const n = Number(s);
    if (s === "" || Number.isNaN(n)) throw new Error(`could not convert string to float: '${v}'`);
    return n;
  }
  if (typeof v !== "number") throw new TypeError(`${what} must be a number, got ${pyTypename(v)}`);
  return v;
}

/**
 * Scales the gradients of `parameters` in place so that their total norm (as one vector) is at most
 * maxNorm; returns that total norm. normType may be Infinity (or "inf").
 */
export function clipGradNorm_(
  parameters: Tensor | Iterable<Tensor>,
  maxNorm: number,
  normType: number | string = 2.0,
  opts: { errorIfNonfinite?: boolean } = {},
): Tensor {
  checkKwargs(opts, ["errorIfNonfinite"], "clip_grad_norm_");
  const params = paramList(parameters);
  const grads = params.map((p) => p.grad).filter((g): g is Tensor => g !== null);
  const max = toNumber(maxNorm, "max_norm");
  const norm = toNumber(normType, "norm_type");
  const message = opts.errorIfNonfinite
    ? `The total norm of order ${pyFloat(norm)} for gradients from \`parameters\` is non-finite, so it cannot be ` +
      "clipped. To disable this error and scale the gradients by the non-finite norm anyway, set " +
      "`error_if_nonfinite=False`"
    : undefined;
  return new Tensor(
    native.clipGradNorm(
      grads.map((g) => g.handle),
      max,
      norm,
      message,
    ),
  );
}

/** Clamps the gradients of `parameters` in place to [-clipValue, clipValue]. */
export function clipGradValue_(parameters: Tensor | Iterable<Tensor>, clipValue: number): void {
  const v = toNumber(clipValue, "clip_value");
  for (const p of paramList(parameters)) {
    const g = p.grad;
    if (g !== null) g.detach().clamp_(-v, v);
  }
}

/** clip_grad_norm (deprecated in PyTorch, which warns so): {@link clipGradNorm_}. */
export function clipGradNorm(...args: Parameters<typeof clipGradNorm_>): ReturnType<typeof clipGradNorm_> {
  warn("torch.nn.utils.clip_grad_norm is now deprecated in favor of torch.nn.utils.clip_grad_norm_.");
  return clipGradNorm_(...args);
}
