// torch.autograd.functional against live PyTorch: vjp, jvp, jacobian, hessian, vhp and hvp of the same
// functions at the same points, with PyTorch's result structure (tensor vs. tuple) and errors.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const AF = torch.autograd.functional;

// Same nesting, every tensor close to PyTorch's.
function same(mine: unknown, ref: unknown, what: string): void {
  if (Array.isArray(ref)) {
    expect(Array.isArray(mine), `${what}: array`).toBe(true);
    expect((mine as unknown[]).length, `${what}: length`).toBe(ref.length);
    for (const [i, r] of ref.entries()) same((mine as unknown[])[i], r, `${what}[${i}]`);
    return;
  }
  torch.testing.assertClose(mine, ref, { rtol: 1e-5, atol: 1e-6, msg: `${what} differs` });
}

const PY_FNS = `
def exp_reducer(x): return x.exp().sum(dim=1)
def adder(x, y): return 2 * x + 3 * y
def two_out(x, y): return x * y, (x + y).sum()
def pow_reducer(x): return x.pow(3).sum()
def pow_adder_reducer(x, y): return (2 * x.pow(2) + 3 * y.pow(2)).sum()
def indep(x, y): return x.sin().sum()
`;
const expReducer = (x: Tensor) => x.exp().sum(1);
const adder = (x: Tensor, y: Tensor) => x.mul(2).add(y.mul(3));
const twoOut = (x: Tensor, y: Tensor) => [x.mul(y), x.add(y).sum()];
const powReducer = (x: Tensor) => x.pow(3).sum();
const powAdderReducer = (x: Tensor, y: Tensor) => x.pow(2).mul(2).add(y.pow(2).mul(3)).sum();
const indep = (x: Tensor, _y: Tensor) => x.sin().sum();

describe("torch.autograd.functional", () => {
  it("vjp, jvp: one input, several inputs, several outputs", async () => {
    torch.manualSeed(1);
    const x = torch.rand([4, 4]);
    const a = torch.rand([3]);
    const b = torch.rand([3]);
    const v4 = torch.ones([4]);
    const mine = [
      AF.vjp(expReducer, x, v4),
      AF.jvp(expReducer, x, torch.ones([4, 4])),
      AF.vjp(adder, [a, b], torch.ones([3])),
      AF.jvp(adder, [a, b], [torch.ones([3]), torch.ones([3])]),
      AF.vjp(twoOut, [a, b], [torch.ones([3]), torch.tensor(2.5)]),
      AF.jvp(twoOut, [a, b], [torch.ones([3]), b]),
      AF.vjp(indep, [a, b], torch.tensor(1.5)),
    ];
    const ref = await py.eval(
      `${PY_FNS}
from torch.autograd.functional import vjp, jvp
out = [list(vjp(exp_reducer, x, v4)), list(jvp(exp_reducer, x, torch.ones(4, 4))),
       list(vjp(adder, (a, b), torch.ones(3))), list(jvp(adder, (a, b), (torch.ones(3), torch.ones(3)))),
       list(vjp(two_out, (a, b), (torch.ones(3), torch.tensor(2.5)))), list(jvp(two_out, (a, b), (torch.ones(3), b))),
       list(vjp(indep, (a, b), torch.tensor(1.5)))]`,
      { x, a, b, v4 },
    );
    same(mine, ref, "results");
  });

  it("jacobian and hessian: tensors for one input/output, nested arrays for several", async () => {
    torch.manualSeed(2);
    const x = torch.rand([2, 2]);
    const a = torch.rand([2]);
    const b = torch.rand([2]);
    const mine = [
      AF.jacobian(expReducer, x),
      AF.jacobian(adder, [a, b]),
      AF.jacobian(twoOut, [a, b]),
      AF.jacobian((t: Tensor) => [t.exp(), t.sum()], a),
      AF.hessian(powReducer, x),
      AF.hessian(powAdderReducer, [a, b]),
    ];
    const ref = await py.eval(
      `${PY_FNS}
from torch.autograd.functional import jacobian, hessian
out = [jacobian(exp_reducer, x), list(jacobian(adder, (a, b))), [list(t) for t in jacobian(two_out, (a, b))],
       list(jacobian(lambda t: (t.exp(), t.sum()), a)), hessian(pow_reducer, x),
       [list(t) for t in hessian(pow_adder_reducer, (a, b))]]`,
      { x, a, b },
    );
    same(mine, ref, "results");
  });

  it("vhp and hvp, and createGraph results that can be differentiated again", async () => {
    torch.manualSeed(3);
    const x = torch.rand([2, 2]);
    const a = torch.rand([2]);
    const b = torch.rand([2]);
    const mine = [
      AF.vhp(powReducer, x, torch.ones([2, 2])),
      AF.hvp(powReducer, x, torch.ones([2, 2])),
      AF.vhp(powAdderReducer, [a, b], [torch.zeros([2]), torch.ones([2])]),
      AF.hvp(powAdderReducer, [a, b], [torch.zeros([2]), torch.ones([2])]),
    ];
    const xg = x.clone().requiresGrad_(true);
    const [, h] = AF.hvp(powReducer, xg, torch.ones([2, 2]), { createGraph: true });
    expect((h as Tensor).requiresGrad).toBe(true);
    (h as Tensor).sum().backward();
    const ref = (await py.eval(
      `${PY_FNS}
from torch.autograd.functional import vhp, hvp
xg = x.clone().requires_grad_()
_, h = hvp(pow_reducer, xg, torch.ones(2, 2), create_graph=True)
h.sum().backward()
out = [[list(vhp(pow_reducer, x, torch.ones(2, 2))), list(hvp(pow_reducer, x, torch.ones(2, 2))),
       list(vhp(pow_adder_reducer, (a, b), (torch.zeros(2), torch.ones(2)))),
       list(hvp(pow_adder_reducer, (a, b), (torch.zeros(2), torch.ones(2))))], xg.grad]`,
      { x, a, b },
    )) as unknown[];
    same(mine, ref[0], "results");
    same(xg.grad, ref[1], "x.grad through hvp(createGraph)");
  });

  it("strict mode and bad arguments raise PyTorch's errors", async () => {
    const a = torch.rand([2]);
    const b = torch.rand([2]);
    const cases: Array<[() => unknown, string]> = [
      [
        () => AF.vjp(indep, [a, b], torch.tensor(1), { strict: true }),
        "vjp(indep, (a, b), torch.tensor(1.), strict=True)",
      ],
      [() => AF.jacobian(indep, [a, b], { strict: true }), "jacobian(indep, (a, b), strict=True)"],
      [() => AF.vjp(adder, [a, b]), "vjp(adder, (a, b))"],
      [
        () => AF.jvp(adder, [a, b], [torch.ones([3]), torch.ones([2])]),
        "jvp(adder, (a, b), (torch.ones(3), torch.ones(2)))",
      ],
      [() => AF.hessian(adder, [a, b]), "hessian(adder, (a, b))"],
      [() => AF.jacobian(expReducer, [a, 3 as unknown as Tensor]), "jacobian(exp_reducer, (a, 3))"],
    ];
    for (const [fn, code] of cases) {
      const r = await py.run(`${PY_FNS}\nfrom torch.autograd.functional import vjp, jvp, jacobian, hessian\n${code}`, {
        a,
        b,
      });
      let msg = "";
      try {
        fn();
      } catch (e) {
        msg = (e as Error).message;
      }
      expect([code, msg.split("\n")[0]]).toEqual([code, r.error]);
    }
  });
});
