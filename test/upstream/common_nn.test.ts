// Ported from PyTorch 1.13's torch/testing/_internal/common_nn.py (module_tests, new_module_tests,
// criterion_tests): each table entry is one case named as upstream names it (module_name + desc);
// forward output, input grad and parameter grads come from live PyTorch on the same weights and input.

import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../../lib";
import * as torch from "../../lib";
import { expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";
import { CRITERION_TESTS, criterionInputs, MODULE_TESTS } from "./tables/common_nn";

const py = new PyTorch();
afterAll(() => py.close());
const TOL = { rtol: 1e-4, atol: 1e-5 };

describe("common_nn.module_tests / new_module_tests", () => {
  it.each(MODULE_TESTS)("%s", async (_n, make, ctor, shape) => {
    torch.manualSeed(11);
    const m = make();
    const x = torch.randn(shape).requiresGrad_(true);
    const y = m.forward(x);
    const g = torch.randn(y.shape);
    y.backward(g);
    const [ry, rgx, rgp] = (await py.call("parity_layers.module_case", {
      ctor,
      sd: m.stateDict(),
      x: x.detach(),
      g,
      device: "cpu",
    })) as [Tensor, Tensor, Record<string, Tensor>];
    expect(y.shape).toEqual(ry.shape);
    expectTensor(y, ry, TOL, `${ctor} output`);
    expectTensor(x.grad!, rgx, TOL, `${ctor} input grad`);
    for (const [k, p] of m.namedParameters()) expectTensor(p.grad!, rgp[k], TOL, `${ctor} ${k} grad`);
  });
});

describe("common_nn.criterion_tests", () => {
  it.each(CRITERION_TESTS)("%s", async (name, make, ctor, shape, kind) => {
    const [x0, t] = criterionInputs(name, shape, kind);
    const x = x0.requiresGrad_(true);
    const l = make().forward(x, t);
    l.backward(torch.ones(l.shape));
    const [rl, rg] = (await py.call("parity_layers.loss_case", { ctor, x: x.detach(), t })) as [Tensor, Tensor];
    expectTensor(l, rl, TOL, `${ctor} loss`);
    expectTensor(x.grad!, rg, TOL, `${ctor} input grad`);
  });
});
