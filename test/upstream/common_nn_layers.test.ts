// Ported from PyTorch 1.13's torch/testing/_internal/common_nn.py (module_tests, new_module_tests,
// criterion_tests) for the layers added in issue #14: each case named as upstream names it
// (module_name + desc) with upstream's constructor arguments and input size. Both sides build the
// layer after the same manual_seed (so initial weights must be equal), run forward on the same input
// and backward of the same gradient; outputs, input and parameter gradients, and buffers after the
// step come from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";
import { BCE_CRITERION_TESTS, CASES } from "./tables/common_nn_layers";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-4, atol: 1e-5 };

describe("common_nn.new_module_tests (issue #14 layers)", () => {
  it.each(CASES)("%s", async (_n, make, ctor, input, o = {}) => {
    torch.manualSeed(3);
    const x0 = input();
    torch.manualSeed(11);
    const m = make();
    const sd0 = Object.fromEntries(Object.entries(m.stateDict()).map(([k, v]) => [k, v.clone()]));
    if (o.eval) m.eval();
    const x = o.intInput ? x0 : x0.detach().requiresGrad_(true);
    const y = m.forward(x);
    const outs = Array.isArray(y) ? y : [y];
    const g = outs[0].dtype === "int64" ? null : torch.randn(outs[0].shape);
    if (g && outs[0].requiresGrad) outs[0].backward(g);
    const ref = (await py.call("upstream_layers.layer_case", {
      ctor,
      seed: 11,
      x: x0,
      g: g && outs[0].requiresGrad ? g : null,
      train: !o.eval,
      grad_input: !o.intInput,
    })) as {
      repr: string;
      sd0: Record<string, Tensor>;
      out: Tensor[];
      xgrad: Tensor | null;
      grads: Record<string, Tensor>;
      sd: Record<string, Tensor>;
    };
    expect(m.toString()).toBe(ref.repr);
    expect(Object.keys(sd0)).toEqual(Object.keys(ref.sd0));
    for (const [k, v] of Object.entries(sd0)) expectTensor(v, ref.sd0[k], {}, `${ctor} initial ${k}`);
    expect(outs.length).toBe(ref.out.length);
    for (const [i, t] of outs.entries()) {
      expectTensor(t, ref.out[i], t.dtype === "int64" ? {} : TOL, `${ctor} output ${i}`);
    }
    if (ref.xgrad) expectTensor(x.grad!, ref.xgrad, TOL, `${ctor} input grad`);
    for (const [k, p] of m.namedParameters()) {
      if (ref.grads[k]) expectTensor(p.grad!, ref.grads[k], TOL, `${ctor} ${k} grad`);
      else expect(p.grad, `${ctor} ${k} grad`).toBeNull();
    }
    for (const [k, v] of Object.entries(m.stateDict())) expectTensor(v, ref.sd[k], TOL, `${ctor} ${k} after`);
  });
});

describe("common_nn.criterion_tests (BCEWithLogitsLoss)", () => {
  it.each(BCE_CRITERION_TESTS)("%s", async (_n, make, ctor, shape) => {
    torch.manualSeed(12);
    const x = torch.randn(shape).requiresGrad_(true);
    const t = torch.rand(shape).gt(0.5).float();
    const l = make().forward(x, t);
    l.backward(torch.ones(l.shape));
    const [rl, rg] = (await py.call("parity_layers.loss_case", { ctor, x: x.detach(), t })) as [Tensor, Tensor];
    expectTensor(l, rl, TOL, `${ctor} loss`);
    expectTensor(x.grad!, rg, TOL, `${ctor} input grad`);
  });
});
