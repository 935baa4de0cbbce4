// Ported from PyTorch 1.13's pruning tests in test/test_nn.py (TestNN.test_validate_pruning_amount*, test_*prune*,
// test_random_pruning_*, test_l1_unstructured_pruning*, test_global_pruning*, test_remove_pruning*,
// test_pruning_*, test_rnn_pruning, and test_rnn_weight_norm beside them; later moved to test/nn/test_pruning.py
// as TestPruningNN). Where values come from random draws or from the methods' choices, the same calls run in live
// PyTorch 1.13 (torch.manualSeed and torch.manual_seed give the same draws) and the masks, weights, state-dict
// keys and errors are compared.
//
// Adapted: mock.patch(...compute_mask) is vi.spyOn on the class's prototype; the Python float 1.0 / 20.0 is
// prune.float(1) / prune.float(20); test_random_pruning_pickle and test_pruning_serialization_model pickle whole
// modules, which torchts does not (torch.save takes state dicts): the first checks that copy.deepcopy of a pruned
// module fails as in PyTorch and that its state dict round-trips, the second loads the saved state dict into a
// pruned PyTorch model.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { expectSameError, expectTensor } from "../helpers/assert";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
afterEach(() => {
  vi.restoreAllMocks();
});

const { prune } = nn.utils;
const PY = "from torch.nn.utils import prune\nimport unittest.mock as mock\n";

type Attrs = Record<string, unknown>;
/** getattr(m, name) for the names pruning adds. */
const get = (m: nn.Module, name: string): Tensor => (m as unknown as Attrs)[name] as Tensor;
const names = (it: Iterable<[string, unknown]>) => [...it].map(([k]) => k);

// The modules upstream's fixturized tests loop over, in torchts and as Python constructors.
const MODULES: Array<[() => nn.Module & { forward(x: Tensor): Tensor }, string]> = [
  [() => new nn.Linear(5, 7), "nn.Linear(5, 7)"],
  [() => new nn.Conv3d(2, 2, 2), "nn.Conv3d(2, 2, 2)"],
];
const NAMES = ["weight", "bias"];

/** PyTorch's error for `code`: same class and message, object addresses aside. */
async function expectPyError(fn: () => unknown, code: string, inputs: Record<string, unknown> = {}): Promise<void> {
  const r = await py.run(PY + code, inputs);
  expect(r.error, `PyTorch raised nothing for ${code}`).toBeDefined();
  let err: Error | undefined;
  try {
    fn();
  } catch (e) {
    err = e as Error;
  }
  expect(err, `torchts raised nothing for ${code}`).toBeInstanceOf(Error);
  const norm = (s: string) => s.replace(/0x[0-9a-f]+/g, "0x?");
  expect(norm((err as Error).message.split("\n")[0] as string)).toBe(norm(r.error as string));
  expect((err as Error).name).toBe(r.type === "RuntimeError" ? "Error" : r.type);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-prune-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("TestPruningNN: amount helpers", () => {
  it("test_validate_pruning_amount_init", async () => {
    // Neither float nor int: TypeError; a float outside [0, 1] or a negative int: ValueError (PyTorch's messages).
    const bad: Array<[unknown, string]> = [
      ["I'm a string", `"I'm a string"`],
      [1.1, "1.1"],
      [prune.float(20), "20."],
      [-10, "-10"],
    ];
    for (const [amount, pyAmount] of bad)
      await expectPyError(
        () => prune.validatePruningAmountInit(amount),
        `prune._validate_pruning_amount_init(amount=${pyAmount})`,
      );
    // All valid.
    for (const amount of [0.34, 1500, 0, prune.float(0), 1, prune.float(1)]) prune.validatePruningAmountInit(amount);
    await py.eval(`${PY}for a in [0.34, 1500, 0, 0., 1, 1.]:\n    prune._validate_pruning_amount_init(amount=a)`);
  });

  it("test_validate_pruning_amount", async () => {
    await expectPyError(
      () => prune.validatePruningAmount(20, 19),
      "prune._validate_pruning_amount(amount=20, tensor_size=19)",
    );
    // A float never raises; an int up to the size does not.
    prune.validatePruningAmount(0.3, 0);
    prune.validatePruningAmount(19, 20);
    prune.validatePruningAmount(0, 0);
    prune.validatePruningAmount(1, 1);
    expect(() => prune.validatePruningAmount(2, 1)).toThrow(torch.ValueError);
  });

  it("test_compute_nparams_to_prune", async () => {
    expect(prune.computeNparamsToprune(0, 15)).toBe(0);
    expect(prune.computeNparamsToprune(10, 15)).toBe(10);
    // The int 1 is one unit, the float 1.0 every unit.
    expect(prune.computeNparamsToprune(1, 15)).toBe(1);
    expect(prune.computeNparamsToprune(prune.float(1), 15)).toBe(15);
    expect(prune.computeNparamsToprune(0.4, 17)).toBe(7);
    // And PyTorch's round (halves to even) over more fractions.
    const cases: Array<[number | torch.nn.utils.prune.Float, number, string]> = [
      [0, 15, "0"],
      [10, 15, "10"],
      [1, 15, "1"],
      [prune.float(1), 15, "1."],
      [0.4, 17, "0.4"],
      [0.5, 5, "0.5"],
      [0.5, 7, "0.5"],
      [0.3, 5, "0.3"],
      [0.1, 35, "0.1"],
      [0.1, 25, "0.1"],
      [0.25, 10, "0.25"],
      [0.35, 10, "0.35"],
      [0.125, 4, "0.125"],
      [0.9, 45, "0.9"],
    ];
    const mine = cases.map(([a, n]) => prune.computeNparamsToprune(a, n));
    const pairs = cases.map(([, n, a]) => `(${a}, ${n})`).join(", ");
    const ref = await py.eval(`${PY}out = [prune._compute_nparams_toprune(a, n) for a, n in [${pairs}]]`);
    expect(mine).toEqual(ref);
  });
});

describe("TestPruningNN: random unstructured pruning", () => {
  // Each module pruned on weight then bias, seeded before each call on both sides.
  async function pytorchMasks(ctor: string, amount: string, seed: number): Promise<Tensor[]> {
    return (await py.eval(
      `${PY}m = ${ctor}\nout = []\nfor i, name in enumerate(["weight", "bias"]):\n` +
        `    torch.manual_seed(${seed} + i)\n    prune.random_unstructured(m, name=name, amount=${amount})\n` +
        `    out.append(getattr(m, name + "_mask"))`,
    )) as Tensor[];
  }

  it("test_random_pruning_sizes", async () => {
    for (const [make, ctor] of MODULES) {
      const m = make();
      const ref = await pytorchMasks(ctor, "0.1", 10);
      for (const [i, name] of NAMES.entries()) {
        const original = get(m, name);
        torch.manualSeed(10 + i);
        prune.randomUnstructured(m, name, 0.1);
        // The mask, the original and the pruned tensor all have the size of the tensor pruned.
        expect(get(m, `${name}_mask`).shape).toEqual(original.shape);
        expect(get(m, `${name}_orig`).shape).toEqual(original.shape);
        expect(get(m, name).shape).toEqual(original.shape);
        // The same draws prune the same entries as PyTorch.
        expectTensor(get(m, `${name}_mask`), ref[i], {}, `${ctor}.${name}_mask`);
      }
    }
  });

  it("test_random_pruning_orig", () => {
    for (const [make] of MODULES) {
      const m = make();
      for (const name of NAMES) {
        const original = get(m, name);
        const before = original.clone();
        prune.randomUnstructured(m, name, 0.1);
        // The parameter itself, unchanged, is `<name>_orig`.
        expect(get(m, `${name}_orig`)).toBe(original);
        expectTensor(get(m, `${name}_orig`).detach(), before, {}, name);
      }
    }
  });

  it("test_random_pruning_new_weight", () => {
    for (const [make] of MODULES) {
      const m = make();
      for (const name of NAMES) {
        const original = get(m, name);
        prune.randomUnstructured(m, name, 0.1);
        // weight = weight_orig * weight_mask
        const expected = get(m, `${name}_orig`).mul(get(m, `${name}_mask`).to(original.dtype));
        expectTensor(get(m, name), expected, {}, name);
        expect(get(m, name)).not.toBeInstanceOf(nn.Parameter);
      }
    }
  });

  it("test_identity_pruning", () => {
    const input = torch.ones([1, 5]);
    const m = new nn.Linear(5, 2);
    const yPre = m.call(input);
    yPre.sum().backward();
    const oldGradWeight = (m.weight.grad as Tensor).clone();
    expectTensor(oldGradWeight, torch.onesLike(m.weight));
    const oldGradBias = ((m.bias as Tensor).grad as Tensor).clone();
    expectTensor(oldGradBias, torch.onesLike(m.bias as Tensor));
    m.zeroGrad();
    // A mask of ones.
    prune.identity(m, "weight");
    // The same output and gradients as without a mask.
    const yPost = m.call(input);
    expectTensor(yPost, yPre);
    yPost.sum().backward();
    expectTensor(get(m, "weight_orig").grad as Tensor, oldGradWeight);
    expectTensor((m.bias as Tensor).grad as Tensor, oldGradBias);
    // Calling forward twice in a row gives the same output.
    expectTensor(m.call(input), m.call(input));
  });

  it("test_random_pruning_0perc", () => {
    const input = torch.ones([1, 5]);
    const m = new nn.Linear(5, 2);
    const yPre = m.call(input);
    yPre.sum().backward();
    const oldGradWeight = (m.weight.grad as Tensor).clone();
    expectTensor(oldGradWeight, torch.onesLike(m.weight));
    const oldGradBias = ((m.bias as Tensor).grad as Tensor).clone();
    m.zeroGrad();
    // A mask of ones forced through compute_mask: the amount does not count.
    const spy = vi.spyOn(prune.RandomUnstructured.prototype, "computeMask").mockReturnValue(torch.onesLike(m.weight));
    prune.randomUnstructured(m, "weight", 0.9);
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
    const yPost = m.call(input);
    expectTensor(yPost, yPre);
    yPost.sum().backward();
    expectTensor(get(m, "weight_orig").grad as Tensor, oldGradWeight);
    expectTensor((m.bias as Tensor).grad as Tensor, oldGradBias);
    expectTensor(m.call(input), m.call(input));
  });

  it("test_random_pruning", () => {
    const input = torch.ones([1, 5]);
    const m = new nn.Linear(5, 2);
    const mask = torch.onesLike(m.weight);
    mask.indexPut_([1, 0], 0);
    mask.indexPut_([0, 3], 0);
    vi.spyOn(prune.RandomUnstructured.prototype, "computeMask").mockReturnValue(mask);
    prune.randomUnstructured(m, "weight", 0.9);
    vi.restoreAllMocks();
    const y = m.call(input);
    y.sum().backward();
    // weight_orig is the parameter: its gradient is 1 except where masked.
    expectTensor(get(m, "weight_orig").grad as Tensor, mask);
    expectTensor((m.bias as Tensor).grad as Tensor, torch.onesLike(m.bias as Tensor));
    // A step leaves the pruned entries of weight_orig as they were.
    const old = get(m, "weight_orig").clone();
    for (const p of m.parameters()) p.data.sub_((p.grad as Tensor).data.mul(1.0));
    expectTensor(get(m, "weight_orig").index(1, 0), old.index(1, 0));
    expectTensor(get(m, "weight_orig").index(0, 3), old.index(0, 3));
    expect(get(m, "weight_orig").index(0, 0).equal(old.index(0, 0))).toBe(false);
  });

  it("test_random_pruning_forward", () => {
    const input = torch.ones([1, 5]);
    const m = new nn.Linear(5, 2);
    const mask = torch.zerosLike(m.weight);
    mask.indexPut_([1, 0], 1);
    mask.indexPut_([0, 3], 1);
    vi.spyOn(prune.RandomUnstructured.prototype, "computeMask").mockReturnValue(mask);
    prune.randomUnstructured(m, "weight", 0.9);
    vi.restoreAllMocks();
    const yhat = m.call(input);
    const orig = get(m, "weight_orig");
    const bias = m.bias as Tensor;
    expectTensor(yhat.index(0, 0), orig.index(0, 3).add(bias.index(0)));
    expectTensor(yhat.index(0, 1), orig.index(1, 0).add(bias.index(1)));
  });

  it("test_remove_pruning_forward", () => {
    const input = torch.ones([1, 5]);
    const m = new nn.Linear(5, 2);
    const mask = torch.onesLike(m.weight);
    mask.indexPut_([1, 0], 0);
    mask.indexPut_([0, 3], 0);
    vi.spyOn(prune.RandomUnstructured.prototype, "computeMask").mockReturnValue(mask);
    prune.randomUnstructured(m, "weight", 0.9);
    vi.restoreAllMocks();
    const yPruned = m.call(input);
    prune.remove(m, "weight");
    expectTensor(m.call(input), yPruned);
  });

  it("test_pruning_id_consistency", () => {
    // Pruning and removing keep the Parameter object an optimizer may hold.
    const m = new nn.Linear(5, 2, { bias: false });
    const param = m.parameters()[0];
    prune.randomUnstructured(m, "weight", 0.9);
    expect(m.parameters()[0]).toBe(param);
    prune.remove(m, "weight");
    expect(m.parameters()[0]).toBe(param);
    expect(m.weight).toBe(param);
  });

  it("test_random_pruning_pickle (deepcopy as PyTorch's; the state dict round-trips)", async () => {
    for (const [make, ctor] of MODULES) {
      for (const name of NAMES) {
        const m = make();
        prune.randomUnstructured(m, name, 0.1);
        // copy.deepcopy of a pruned module fails in PyTorch 1.13 too: the pruned tensor is no graph leaf.
        await expectPyError(
          () => torch.deepcopy(m),
          `import copy\nm = ${ctor}\nprune.random_unstructured(m, name="${name}", amount=0.1)\ncopy.deepcopy(m)`,
        );
        // Saved and loaded into another pruned module of the class, the pruned tensor is the same.
        const file = path.join(tmp, `pickle_${name}.pt`);
        torch.save(m.stateDict(), file);
        const copy = make();
        prune.identity(copy, name);
        copy.loadStateDict(torch.load(file) as Record<string, Tensor>);
        expect(copy).toBeInstanceOf(m.constructor as never);
        expectTensor(get(copy, `${name}_mask`), get(m, `${name}_mask`));
        copy.call(get(m, "weight").dim() === 2 ? torch.ones([1, 5]) : torch.ones([1, 2, 3, 3, 3]));
        expectTensor(get(copy, name).detach(), get(m, name).detach());
      }
    }
  });
});

describe("TestPruningNN: containers", () => {
  it("test_multiple_pruning_calls", async () => {
    const m = new nn.Conv3d(2, 2, 2);
    const sd = m.stateDict();
    prune.l1Unstructured(m, "weight", 0.1);
    const weightMask0 = get(m, "weight_mask");
    // Pruning again: the hook becomes a PruningContainer.
    prune.lnStructured(m, "weight", 0.3, 2, 0);
    let hooks = [...m._forwardPreHooks.values()];
    expect(hooks).toHaveLength(1);
    const hook = hooks[0] as unknown as torch.nn.utils.prune.PruningContainer;
    expect(hook).toBeInstanceOf(prune.PruningContainer);
    expect(hook._tensorName).toBe("weight");
    // m.weight has been pruned twice, in this order.
    expect(hook.length).toBe(2);
    expect(hook.at(0)).toBeInstanceOf(prune.L1Unstructured);
    expect(hook.at(1)).toBeInstanceOf(prune.LnStructured);
    // What the first mask zeroed stays zero.
    expect(get(m, "weight_mask").index(weightMask0.eq(0)).eq(0).all().item()).toBe(true);
    const mask1 = get(m, "weight_mask");
    prune.lnStructured(m, "weight", 0.1, Number.POSITIVE_INFINITY, 1);
    hooks = [...m._forwardPreHooks.values()];
    expect((hooks[0] as unknown as torch.nn.utils.prune.PruningContainer)._tensorName).toBe("weight");
    expect((hooks[0] as unknown as torch.nn.utils.prune.PruningContainer).length).toBe(3);
    // The masks PyTorch computes from the same weights.
    const ref = (await py.eval(
      `${PY}m = nn.Conv3d(2, 2, 2)\nm.load_state_dict(sd)\nprune.l1_unstructured(m, name="weight", amount=0.1)\n` +
        `out = [m.weight_mask]\nprune.ln_structured(m, name="weight", amount=0.3, n=2, dim=0)\nout.append(m.weight_mask)\n` +
        `prune.ln_structured(m, name="weight", amount=0.1, n=float("inf"), dim=1)\nout += [m.weight_mask, m.weight]`,
      { sd },
    )) as Tensor[];
    expectTensor(weightMask0, ref[0], {}, "l1 mask");
    expectTensor(mask1, ref[1], {}, "l1 + l2 structured mask");
    expectTensor(get(m, "weight_mask"), ref[2], {}, "final mask");
    expectTensor(get(m, "weight").detach(), ref[3], {}, "pruned weight");
  });

  it("test_pruning_container", async () => {
    const container = new prune.PruningContainer();
    container._tensorName = "test";
    expect(container.length).toBe(0);
    const p = new prune.L1Unstructured(2);
    p._tensorName = "test";
    container.addPruningMethod(p);
    expect(container.length).toBe(1);
    expect(container.at(0)).toBe(p);
    const setup =
      'c = prune.PruningContainer()\nc._tensor_name = "test"\np = prune.L1Unstructured(amount=2)\np._tensor_name = "test"\n' +
      "c.add_pruning_method(p)\n";
    // A method acting on another tensor: ValueError.
    const q = new prune.L1Unstructured(2);
    q._tensorName = "another_test";
    await expectPyError(
      () => container.addPruningMethod(q),
      `${setup}q = prune.L1Unstructured(amount=2)\nq._tensor_name = "another_test"\nc.add_pruning_method(q)`,
    );
    // Something that is no pruning method: TypeError.
    await expectPyError(() => container.addPruningMethod(10 as never), `${setup}c.add_pruning_method(10)`);
    await expectPyError(() => container.addPruningMethod("ugh" as never), `${setup}c.add_pruning_method("ugh")`);
    expect(container.length).toBe(1);
  });

  it("test_pruning_container_compute_mask", async () => {
    const container = new prune.PruningContainer();
    container._tensorName = "test";
    // 1) unstructured
    const p = new prune.L1Unstructured(2);
    p._tensorName = "test";
    container.addPruningMethod(p);
    const t = torch
      .tensor([
        [1, 2, 3, 4],
        [5, 6, 7, 8],
      ])
      .to("float32");
    const defaultMask = torch.tensor([
      [1, 1, 1, 0],
      [1, 1, 0, 1],
    ]);
    const masks: Tensor[] = [];
    let expected = torch.tensor(
      [
        [0, 0, 1, 0],
        [1, 1, 0, 1],
      ],
      { dtype: "float32" },
    );
    masks.push(container.computeMask(t, defaultMask));
    expectTensor(masks[0] as Tensor, expected);
    // 2) structured: the row of least L2 norm goes.
    const q = new prune.LnStructured(1, 2, 0);
    q._tensorName = "test";
    container.addPruningMethod(q);
    expected = torch.tensor(
      [
        [0, 0, 0, 0],
        [1, 1, 0, 1],
      ],
      { dtype: "float32" },
    );
    masks.push(container.computeMask(t, defaultMask));
    expectTensor(masks[1] as Tensor, expected);
    // 3) structured along the other axis: the column of least L2 norm goes.
    const r = new prune.LnStructured(1, 2, 1);
    r._tensorName = "test";
    container.addPruningMethod(r);
    expected = torch.tensor(
      [
        [0, 1, 1, 0],
        [0, 1, 0, 1],
      ],
      { dtype: "float32" },
    );
    masks.push(container.computeMask(t, defaultMask));
    expectTensor(masks[2] as Tensor, expected);
    // The default mask (int64) is left as it was.
    expectTensor(
      defaultMask,
      torch.tensor([
        [1, 1, 1, 0],
        [1, 1, 0, 1],
      ]),
    );
    const ref = (await py.eval(
      `${PY}c = prune.PruningContainer()\nc._tensor_name = "test"\nout = []\n` +
        `for m in [prune.L1Unstructured(amount=2), prune.LnStructured(amount=1, n=2, dim=0), prune.LnStructured(amount=1, n=2, dim=1)]:\n` +
        `    m._tensor_name = "test"\n    c.add_pruning_method(m)\n    out.append(c.compute_mask(t, default_mask))`,
      { t, default_mask: defaultMask },
    )) as Tensor[];
    for (const [i, m] of masks.entries()) expectTensor(m, ref[i], {}, `mask ${i}`);
  });
});

describe("TestPruningNN: L1 and Ln pruning", () => {
  const W = [
    [1, 2, 3, 4],
    [-4, -3, -2, -1],
  ];

  it("test_l1_unstructured_pruning", () => {
    const m = new nn.Linear(4, 2);
    m.weight = new nn.Parameter(torch.tensor(W, { dtype: "float32" }));
    prune.l1Unstructured(m, "weight", 2);
    expectTensor(
      get(m, "weight").detach(),
      torch.tensor(
        [
          [0, 2, 3, 4],
          [-4, -3, -2, 0],
        ],
        { dtype: "float32" },
      ),
    );
    // Pruning again removes the next two smallest entries.
    prune.l1Unstructured(m, "weight", 2);
    expectTensor(
      get(m, "weight").detach(),
      torch.tensor(
        [
          [0, 0, 3, 4],
          [-4, -3, 0, 0],
        ],
        { dtype: "float32" },
      ),
    );
  });

  it("test_l1_unstructured_pruning_with_importance_scores", () => {
    const m = new nn.Linear(4, 2);
    m.weight = new nn.Parameter(torch.tensor(W, { dtype: "float32" }));
    const importanceScores = torch.tensor(
      [
        [4, 2, 1, 3],
        [-3, -1, -2, -4],
      ],
      { dtype: "float32" },
    );
    prune.l1Unstructured(m, "weight", 2, importanceScores);
    expectTensor(
      get(m, "weight").detach(),
      torch.tensor(
        [
          [1, 2, 0, 4],
          [-4, 0, -2, -1],
        ],
        { dtype: "float32" },
      ),
    );
    // The keyword form: the next two smallest importance scores.
    prune.l1Unstructured(m, { name: "weight", amount: 2, importanceScores });
    expectTensor(
      get(m, "weight").detach(),
      torch.tensor(
        [
          [1, 0, 0, 4],
          [-4, 0, 0, -1],
        ],
        { dtype: "float32" },
      ),
    );
  });

  it("test_unstructured_pruning_same_magnitude", async () => {
    // Ties at the threshold: exactly the bottom amount goes, not every entry equal to the threshold.
    const AMOUNT = 0.2;
    const p = new prune.L1Unstructured(AMOUNT);
    torch.manualSeed(3);
    const t = torch.randint(-1, 2, [10, 7]).mul(2);
    const nparamsToprune = prune.computeNparamsToprune(AMOUNT, t.nelement());
    const mask = p.computeMask(t, torch.onesLike(t));
    expect(mask.eq(0).sum().item()).toBe(nparamsToprune);
    // The same entries as PyTorch's (torch.topk's choice among the ties).
    const ref = (await py.eval(
      `${PY}torch.manual_seed(3)\nt = 2 * torch.randint(low=-1, high=2, size=(10, 7))\n` +
        "out = [t, prune.L1Unstructured(amount=0.2).compute_mask(t, default_mask=torch.ones_like(t))]",
    )) as Tensor[];
    expectTensor(t, ref[0], {}, "t");
    expectTensor(mask, ref[1], {}, "mask");
  });

  it("test_random_structured_pruning_amount", async () => {
    const AMOUNT = 0.6;
    const AXIS = 2;
    const p = new prune.RandomStructured({ amount: AMOUNT, dim: AXIS });
    torch.manualSeed(4);
    const t = torch.randint(-1, 2, [5, 4, 2]).mul(2).to("float32");
    const mask = p.computeMask(t, torch.onesLike(t));
    // One column fully pruned, the other untouched.
    const perColumn = mask.eq(0).sum([0, 1]);
    expect([...(perColumn.toTypedArray() as BigInt64Array)].map(Number).sort((a, b) => a - b)).toEqual([0, 20]);
    const ref = (await py.eval(
      `${PY}torch.manual_seed(4)\nt = 2 * torch.randint(low=-1, high=2, size=(5, 4, 2)).to(dtype=torch.float32)\n` +
        "out = prune.RandomStructured(amount=0.6, dim=2).compute_mask(t, default_mask=torch.ones_like(t))",
    )) as Tensor;
    expectTensor(mask, ref);
  });

  const CONV_W = [
    [
      [
        [1.0, 2.0],
        [1.0, 2.5],
      ],
      [
        [0.5, 1.0],
        [0.1, 0.1],
      ],
      [
        [-3.0, -5.0],
        [0.1, -1.0],
      ],
    ],
  ];

  it("test_ln_structured_pruning", () => {
    const m = new nn.Conv2d(3, 1, 2);
    m.weight.data = torch.tensor(CONV_W);
    // 1 of the 3 channels by L2 norm.
    const expected = torch.onesLike(m.weight);
    expected.indexPut_([":", 1], 0);
    prune.lnStructured(m, "weight", 1, 2, 1);
    expectTensor(get(m, "weight_mask"), expected);
    // Then 1 of the 2 columns along the last axis by L1 norm.
    expected.indexPut_([":", ":", ":", 0], 0);
    prune.lnStructured(m, "weight", 1, 1, -1);
    expectTensor(get(m, "weight_mask"), expected);
  });

  it("test_ln_structured_pruning_importance_scores", () => {
    const m = new nn.Conv2d(3, 1, 2);
    m.weight.data = torch.tensor(CONV_W);
    const importanceScores = torch
      .tensor([
        [
          [
            [10.0, 1.0],
            [10.0, 1.0],
          ],
          [
            [30.0, 3.0],
            [30.0, 3.0],
          ],
          [
            [-20.0, -2.0],
            [-20.0, -2.0],
          ],
        ],
      ])
      .to("float32");
    const expected = torch.onesLike(m.weight);
    expected.indexPut_([":", 0], 0);
    prune.lnStructured(m, "weight", 1, 2, 1, importanceScores);
    expectTensor(get(m, "weight_mask"), expected);
    expected.indexPut_([":", ":", ":", 1], 0);
    prune.lnStructured(m, "weight", { amount: 1, n: 1, dim: -1, importanceScores });
    expectTensor(get(m, "weight_mask"), expected);
  });
});

describe("TestPruningNN: removal", () => {
  it("test_remove_pruning", () => {
    for (const [make] of MODULES) {
      const m = make();
      for (const name of NAMES) {
        prune.randomUnstructured(m, name, 0.5);
        expect(names(m.namedParameters())).toContain(`${name}_orig`);
        expect(names(m.namedBuffers())).toContain(`${name}_mask`);
        expect(names(m.namedParameters())).not.toContain(name);
        expect(name in m).toBe(true);
        const pruned = get(m, name);
        prune.remove(m, name);
        expect(names(m.namedParameters())).toContain(name);
        expect(names(m.namedParameters())).not.toContain(`${name}_orig`);
        expect(names(m.namedBuffers())).not.toContain(`${name}_mask`);
        expect(`${name}_orig` in m).toBe(false);
        expect(`${name}_mask` in m).toBe(false);
        const final = get(m, name);
        expect(final).toBeInstanceOf(nn.Parameter);
        expectTensor(final.detach(), pruned.detach(), {}, name);
      }
      expect(prune.isPruned(m)).toBe(false);
      expect(m._forwardPreHooks.size).toBe(0);
    }
  });

  it("test_remove_pruning_exception", async () => {
    for (const [make, ctor] of MODULES) {
      const m = make();
      for (const name of NAMES) {
        expect(prune.isPruned(m)).toBe(false);
        // Not pruned: nothing to remove (PyTorch's ValueError and message).
        await expectPyError(() => prune.remove(m, name), `m = ${ctor}\nprune.remove(m, "${name}")`);
      }
    }
  });
});

describe("TestPruningNN: global pruning", () => {
  function modules(): [nn.Linear, nn.Linear] {
    const m = new nn.Linear(4, 2);
    const n = new nn.Linear(3, 1);
    m.weight = new nn.Parameter(
      torch
        .tensor([
          [1, 2, 3, 4],
          [-4, -3, -2, -1],
        ])
        .to("float32"),
    );
    n.weight = new nn.Parameter(torch.tensor([[0, 0.1, -2]]).to("float32"));
    return [m, n];
  }

  it("test_global_pruning", () => {
    const [m, n] = modules();
    const params: Array<[nn.Module, string]> = [
      [m, "weight"],
      [n, "weight"],
    ];
    // The 4 smallest weights across both, by L1 magnitude.
    prune.globalUnstructured(params, prune.L1Unstructured, { amount: 4 });
    expectTensor(
      get(m, "weight").detach(),
      torch.tensor(
        [
          [0, 2, 3, 4],
          [-4, -3, -2, 0],
        ],
        { dtype: "float32" },
      ),
    );
    expectTensor(get(n, "weight").detach(), torch.tensor([[0, 0, -2]]).to("float32"));
  });

  it("test_global_pruning_importance_scores", () => {
    const [m, n] = modules();
    const mScores = torch.tensor(
      [
        [4, 2, 1, 3],
        [-3, -1, -2, -4],
      ],
      { dtype: "float32" },
    );
    const nScores = torch.tensor([[0, 10.0, -0.2]]).to("float32");
    const params: Array<[nn.Module, string]> = [
      [m, "weight"],
      [n, "weight"],
    ];
    const importanceScores = new Map<readonly [nn.Module, string], Tensor>([
      [[m, "weight"], mScores],
      [[n, "weight"], nScores],
    ]);
    prune.globalUnstructured(params, prune.L1Unstructured, { amount: 4, importanceScores });
    expectTensor(
      get(m, "weight").detach(),
      torch.tensor(
        [
          [1, 2, 0, 4],
          [-4, 0, -2, -1],
        ],
        { dtype: "float32" },
      ),
    );
    expectTensor(get(n, "weight").detach(), torch.tensor([[0, 0.1, 0]]).to("float32"));
  });

  it("test_custom_from_mask_pruning", () => {
    const mask = torch.tensor([
      [0, 1, 1, 0],
      [0, 0, 1, 1],
    ]);
    const defaultMask = torch.tensor([
      [0, 0, 0, 0],
      [1, 1, 1, 1],
    ]);
    const t = torch.randLike(mask.to("float32"));
    const p = new prune.CustomFromMask(mask);
    const computed = p.computeMask(t, defaultMask);
    expectTensor(
      computed,
      torch.tensor(
        [
          [0, 0, 0, 0],
          [0, 0, 1, 1],
        ],
        { dtype: computed.dtype },
      ),
    );
  });
});

describe("TestPruningNN: rollback, serialization, prune()", () => {
  it("test_pruning_rollback", async () => {
    for (const [make, ctor] of MODULES) {
      for (const name of NAMES) {
        const m = make();
        vi.spyOn(prune.L1Unstructured.prototype, "computeMask").mockImplementation(() => {
          throw new Error("HA!");
        });
        expect(() => prune.l1Unstructured(m, name, 0.9)).toThrow("HA!");
        vi.restoreAllMocks();
        expect(names(m.namedParameters())).toContain(name);
        expect(names(m.namedBuffers())).not.toContain(`${name}_mask`);
        expect(names(m.namedParameters())).not.toContain(`${name}_orig`);
        expect(m._forwardPreHooks.size).toBe(0);
        // The parameters in PyTorch's order after the rollback (the parameter comes back last).
        const ref = await py.eval(
          `${PY}m = ${ctor}\nwith mock.patch("torch.nn.utils.prune.L1Unstructured.compute_mask") as cm:\n` +
            `    cm.side_effect = Exception("HA!")\n    try:\n` +
            `        prune.l1_unstructured(m, name="${name}", amount=0.9)\n    except Exception:\n        pass\n` +
            "out = [list(dict(m.named_parameters())), list(dict(m.named_buffers()))]",
        );
        expect([names(m.namedParameters()), names(m.namedBuffers())]).toEqual(ref);
        // The module can be pruned afterwards.
        prune.l1Unstructured(m, name, 0.9);
        expect(prune.isPruned(m)).toBe(true);
      }
    }
  });

  function model(): nn.Sequential {
    return new nn.Sequential(new nn.Linear(10, 10), new nn.ReLU(), new nn.Linear(10, 1));
  }
  const PY_MODEL = "model = torch.nn.Sequential(torch.nn.Linear(10, 10), torch.nn.ReLU(), torch.nn.Linear(10, 1))\n";

  it("test_pruning_serialization_model (a pruned state dict loads into PyTorch's pruned model)", async () => {
    const m = model();
    expect(Object.keys(m.stateDict())).not.toContain("0.weight_orig");
    expect(Object.keys(m.stateDict())).not.toContain("0.weight_mask");
    expect(Object.keys(m.stateDict())).toContain("0.weight");
    prune.l1Unstructured(m.at(0), { name: "weight", amount: 0.9 });
    const keys = Object.keys(m.stateDict());
    expect(keys).toContain("0.weight_orig");
    expect(keys).toContain("0.weight_mask");
    expect(keys).not.toContain("0.weight");
    expect("weight" in m.at(0)).toBe(true);
    const pruned = get(m.at(0), "weight").detach();
    const file = path.join(tmp, "model.pt");
    torch.save(m.stateDict(), file);
    const ref = (await py.eval(
      `${PY}${PY_MODEL}prune.identity(model[0], "weight")\nmodel.load_state_dict(torch.load(f))\n` +
        "model(torch.zeros(1, 10))\nout = [list(model.state_dict()), model[0].weight]",
      { f: file },
    )) as [string[], Tensor];
    expect(keys).toEqual(ref[0]);
    expectTensor(pruned, ref[1]);
  });

  it("test_pruning_serialization_state_dict", async () => {
    const m = model();
    expect(Object.keys(m.stateDict())).toContain("0.weight");
    prune.l1Unstructured(m.at(0), "weight", 0.9);
    expect(Object.keys(m.stateDict())).toEqual(
      await py.eval(`${PY}${PY_MODEL}prune.l1_unstructured(model[0], "weight", 0.9)\nout = list(model.state_dict())`),
    );
    const pruned = get(m.at(0), "weight").detach();
    // Permanent pruning: the parameter names of the base architecture again.
    prune.remove(m.at(0), "weight");
    const keys = Object.keys(m.stateDict());
    expect(keys).not.toContain("0.weight_orig");
    expect(keys).not.toContain("0.weight_mask");
    expect(keys).toContain("0.weight");
    expect(keys).toEqual(
      await py.eval(
        `${PY}${PY_MODEL}prune.l1_unstructured(model[0], "weight", 0.9)\nprune.remove(model[0], "weight")\n` +
          "out = list(model.state_dict())",
      ),
    );
    const file = path.join(tmp, "state_dict.pt");
    torch.save(m.stateDict(), file);
    const fresh = model();
    fresh.loadStateDict(torch.load(file) as Record<string, Tensor>);
    expect(Object.keys(fresh.stateDict())).not.toContain("0.weight_orig");
    expect(Object.keys(fresh.stateDict())).not.toContain("0.weight_mask");
    expect(Object.keys(fresh.stateDict())).toContain("0.weight");
    expectTensor(get(fresh.at(0), "weight").detach(), pruned);
    // And PyTorch's unpruned model reads it.
    const ref = (await py.eval(`${PY_MODEL}model.load_state_dict(torch.load(f))\nout = model[0].weight`, {
      f: file,
    })) as Tensor;
    expectTensor(pruned, ref);
  });

  const T = torch
    .tensor([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
    ])
    .to("float32");
  const DEFAULT_MASK = torch.tensor([
    [1, 1, 1, 0],
    [1, 1, 0, 1],
  ]);

  it("test_prune", async () => {
    const p = new prune.L1Unstructured(2);
    const expectedMask = torch.tensor([
      [0, 0, 1, 0],
      [1, 1, 0, 1],
    ]);
    const pruned = p.prune(T, DEFAULT_MASK);
    expectTensor(pruned, T.mul(expectedMask));
    const ref = (await py.eval(`${PY}out = prune.L1Unstructured(amount=2).prune(t, m)`, {
      t: T,
      m: DEFAULT_MASK,
    })) as Tensor;
    expectTensor(pruned, ref);
  });

  it("test_prune_importance_scores", async () => {
    const p = new prune.L1Unstructured(2);
    const importanceScores = torch
      .tensor([
        [1, 2, 3, 4],
        [1.5, 1.6, 1.7, 1.8],
      ])
      .to("float32");
    const expectedMask = torch.tensor([
      [0, 1, 1, 0],
      [0, 1, 0, 1],
    ]);
    const pruned = p.prune(T, DEFAULT_MASK, { importanceScores });
    expectTensor(pruned, T.mul(expectedMask));
    const ref = (await py.eval(`${PY}out = prune.L1Unstructured(amount=2).prune(t, m, importance_scores=s)`, {
      t: T,
      m: DEFAULT_MASK,
      s: importanceScores,
    })) as Tensor;
    expectTensor(pruned, ref);
  });

  it("test_prune_importance_scores_mimic_default", () => {
    const p = new prune.L1Unstructured(2);
    const expectedMask = torch.tensor([
      [0, 0, 1, 0],
      [1, 1, 0, 1],
    ]);
    const without = p.prune(T, DEFAULT_MASK);
    const withScores = p.prune(T, DEFAULT_MASK, T);
    expectTensor(without, withScores);
    expectTensor(without, T.mul(expectedMask));
  });

  it("test_rnn_pruning", () => {
    const l = new nn.LSTM(32, 32);
    // 'weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0': pruning one leaves 3 parameters.
    prune.l1Unstructured(l, "weight_ih_l0", 0.5);
    expect(l.flatWeights.filter((p) => p instanceof nn.Parameter)).toHaveLength(3);
    // Removing the reparameterization restores the Parameter.
    prune.remove(l, "weight_ih_l0");
    expect(l.flatWeights.filter((p) => p instanceof nn.Parameter)).toHaveLength(4);
    expect(l._parameters.has("weight_ih_l0")).toBe(true);
    expect(l._parameters.get("weight_ih_l0")).not.toBeNull();
    expect(l._parameters.has("weight_ih_l0_orig")).toBe(false);
    const named = new Map(l.namedParameters());
    expect(named.get("weight_ih_l0")).toBeInstanceOf(nn.Parameter);
    expect(named.has("weight_ih_l0_orig")).toBe(false);
  });
});

describe("TestNN: weight norm on RNN weights (beside the pruning tests in 1.13's test_nn.py)", () => {
  it("test_rnn_weight_norm", () => {
    const check = (l: nn.LSTM, name: string, numParams: number) => {
      const parameters = () => l.flatWeights.filter((p) => p instanceof nn.Parameter);
      // Weight norm makes the weight a plain tensor...
      nn.utils.weightNorm(l, name);
      expect(parameters()).toHaveLength(numParams - 1);
      // ...and removing it restores the Parameter.
      nn.utils.removeWeightNorm(l, name);
      expect(parameters()).toHaveLength(numParams);
      expect(l._parameters.has(name)).toBe(true);
      expect(l._parameters.get(name)).toBeInstanceOf(nn.Parameter);
      expect(l._parameters.has(`${name}_v`)).toBe(false);
      expect(l._parameters.has(`${name}_g`)).toBe(false);
      const named = new Map(l.namedParameters());
      expect(named.get(name)).toBeInstanceOf(nn.Parameter);
      expect(named.has(`${name}_v`)).toBe(false);
      expect(named.has(`${name}_g`)).toBe(false);
    };
    check(new nn.LSTM(32, 32), "weight_ih_l0", 4);
    check(new nn.LSTM(32, 32, { projSize: 16 }), "weight_hr_l0", 5);
  });
});

// Beyond upstream's cases: the same pruning calls in torchts and PyTorch 1.13 give the same masks, pruned
// tensors, state dicts, outputs, gradients and errors.
describe("pruning against live PyTorch", () => {
  it("a pruned LSTM and a weight-normed GRU run forward and backward as PyTorch's (the RNN reads its weights as attributes)", async () => {
    torch.manualSeed(3);
    const lstm = new nn.LSTM(4, 3);
    const gru = new nn.GRU(4, 3);
    const [sdL, sdG] = [lstm.stateDict(), gru.stateDict()];
    const x = torch.randn([5, 2, 4]);
    prune.l1Unstructured(lstm, "weight_ih_l0", 0.5);
    nn.utils.weightNorm(gru, "weight_hh_l0");
    const yl = lstm.call(x as never)[0] as unknown as Tensor;
    const yg = gru.call(x as never)[0] as unknown as Tensor;
    yl.sum().add(yg.sum()).backward();
    const ref = (await py.eval(
      `${PY}lstm = nn.LSTM(4, 3); lstm.load_state_dict(sdL)
gru = nn.GRU(4, 3); gru.load_state_dict(sdG)
prune.l1_unstructured(lstm, "weight_ih_l0", 0.5)
torch.nn.utils.weight_norm(gru, "weight_hh_l0")
yl = lstm(x)[0]; yg = gru(x)[0]
(yl.sum() + yg.sum()).backward()
out = [yl, yg, lstm.weight_ih_l0_orig.grad, gru.weight_hh_l0_g.grad]`,
      { sdL, sdG, x },
    )) as Tensor[];
    expectTensor(yl.detach(), ref[0]!);
    expectTensor(yg.detach(), ref[1]!);
    expectTensor(get(lstm, "weight_ih_l0_orig").grad as Tensor, ref[2]!);
    expectTensor(get(gru, "weight_hh_l0_g").grad as Tensor, ref[3]!);
  });

  it("random_unstructured: masks from the same seeded draws, for int and float amounts", async () => {
    const amounts: Array<[number | torch.nn.utils.prune.Float, string]> = [
      [0.3, "0.3"],
      [5, "5"],
      [0, "0"],
      [prune.float(1), "1."],
      [0.5, "0.5"],
    ];
    for (const [amount, pyAmount] of amounts) {
      const m = new nn.Conv2d(3, 4, 3);
      const sd = m.stateDict();
      torch.manualSeed(7);
      prune.randomUnstructured(m, "weight", amount);
      prune.randomUnstructured(m, "weight", 0.25);
      const ref = (await py.eval(
        `${PY}m = nn.Conv2d(3, 4, 3)\nm.load_state_dict(sd)\ntorch.manual_seed(7)\n` +
          `prune.random_unstructured(m, "weight", ${pyAmount})\nprune.random_unstructured(m, "weight", 0.25)\n` +
          "out = [m.weight_mask, m.weight]",
        { sd },
      )) as Tensor[];
      expectTensor(get(m, "weight_mask"), ref[0], {}, `amount ${pyAmount}`);
      expectTensor(get(m, "weight").detach(), ref[1], {}, `amount ${pyAmount}`);
    }
  });

  it("random_structured: channels from the same seeded draws, along each dim", async () => {
    for (const [amount, dim, pyAmount] of [
      [0.5, 0, "0.5"],
      [2, 1, "2"],
      [1, -1, "1"],
      [0.34, -2, "0.34"],
    ] as const) {
      const m = new nn.Conv2d(4, 6, 3);
      const sd = m.stateDict();
      torch.manualSeed(11);
      prune.randomStructured(m, "weight", amount, dim);
      prune.randomStructured(m, "weight", 1, 0);
      const ref = (await py.eval(
        `${PY}m = nn.Conv2d(4, 6, 3)\nm.load_state_dict(sd)\ntorch.manual_seed(11)\n` +
          `prune.random_structured(m, "weight", ${pyAmount}, ${dim})\nprune.random_structured(m, "weight", 1, 0)\n` +
          "out = m.weight_mask",
        { sd },
      )) as Tensor;
      expectTensor(get(m, "weight_mask"), ref, {}, `amount ${pyAmount} dim ${dim}`);
    }
  });

  it("ln_structured: masks for each norm order", async () => {
    const orders: Array<[torch.nn.utils.prune.NormOrder, string]> = [
      [1, "1"],
      [2, "2"],
      [3, "3"],
      [0.5, "0.5"],
      [Number.POSITIVE_INFINITY, 'float("inf")'],
      [Number.NEGATIVE_INFINITY, 'float("-inf")'],
      ["fro", '"fro"'],
    ];
    // "fro" takes at most 2 dims, in PyTorch as here: a Linear's weight for it, a Conv2d's for the others.
    for (const [n, pyN] of orders) {
      const [make, ctor] =
        n === "fro"
          ? [() => new nn.Linear(7, 6), "nn.Linear(7, 6)"]
          : [() => new nn.Conv2d(5, 6, 3), "nn.Conv2d(5, 6, 3)"];
      for (const dim of [0, 1, -1]) {
        const m = make();
        const sd = m.stateDict();
        prune.lnStructured(m, "weight", 0.5, n, dim);
        const norm = prune.computeNorm(get(m, "weight_orig").detach(), n, dim);
        const ref = (await py.eval(
          `${PY}m = ${ctor}\nm.load_state_dict(sd)\nprune.ln_structured(m, "weight", 0.5, ${pyN}, ${dim})\n` +
            `out = [m.weight_mask, prune._compute_norm(m.weight_orig.detach(), ${pyN}, ${dim})]`,
          { sd },
        )) as Tensor[];
        expectTensor(get(m, "weight_mask"), ref[0], {}, `n ${pyN} dim ${dim}`);
        expectTensor(norm, ref[1], { rtol: 1e-6, atol: 1e-7 }, `norm n ${pyN} dim ${dim}`);
      }
    }
  });

  it("iterative pruning: unstructured, structured and custom masks in one container", async () => {
    const m = new nn.Linear(8, 6);
    const sd = m.stateDict();
    const custom = torch.ones([6, 8]);
    custom.indexPut_([":", 0], 0);
    torch.manualSeed(5);
    prune.randomUnstructured(m, "weight", 0.2);
    prune.l1Unstructured(m, "weight", 5);
    prune.randomStructured(m, "weight", 2, 0);
    prune.lnStructured(m, "weight", 0.3, 1, 1);
    prune.customFromMask(m, "weight", custom);
    prune.identity(m, "weight");
    const hook = [...m._forwardPreHooks.values()][0] as unknown as torch.nn.utils.prune.PruningContainer;
    expect([...hook].map((h) => (h as object).constructor.name)).toEqual([
      "RandomUnstructured",
      "L1Unstructured",
      "RandomStructured",
      "LnStructured",
      "CustomFromMask",
      "Identity",
    ]);
    const x = torch.randn([3, 8]);
    const y = m.call(x);
    y.sum().backward();
    const ref = (await py.eval(
      `${PY}m = nn.Linear(8, 6)\nm.load_state_dict(sd)\ntorch.manual_seed(5)\n` +
        'prune.random_unstructured(m, "weight", 0.2)\nprune.l1_unstructured(m, "weight", 5)\n' +
        'prune.random_structured(m, "weight", 2, 0)\nprune.ln_structured(m, "weight", 0.3, 1, 1)\n' +
        'prune.custom_from_mask(m, "weight", custom)\nprune.identity(m, "weight")\n' +
        "y = m(x)\ny.sum().backward()\nout = [m.weight_mask, y, m.weight_orig.grad, list(m.state_dict())]",
      { sd, custom, x },
    )) as [Tensor, Tensor, Tensor, string[]];
    expectTensor(get(m, "weight_mask"), ref[0], {}, "mask");
    expectTensor(y, ref[1], { rtol: 1e-6, atol: 1e-6 }, "output");
    expectTensor(get(m, "weight_orig").grad as Tensor, ref[2], {}, "weight_orig.grad");
    expect(Object.keys(m.stateDict())).toEqual(ref[3]);
  });

  it("global_unstructured: seeded RandomUnstructured over parameters already pruned", async () => {
    const net = new nn.Sequential(new nn.Linear(6, 5), new nn.Linear(5, 3));
    const sd = net.stateDict();
    prune.l1Unstructured(net.at(0), "weight", 0.4);
    const params: Array<[nn.Module, string]> = [
      [net.at(0), "weight"],
      [net.at(1), "weight"],
      [net.at(1), "bias"],
    ];
    torch.manualSeed(9);
    prune.globalUnstructured(params, prune.RandomUnstructured, { amount: 0.3 });
    prune.globalUnstructured(params, prune.L1Unstructured, null, { amount: 4 });
    const ref = (await py.eval(
      `${PY}net = nn.Sequential(nn.Linear(6, 5), nn.Linear(5, 3))\nnet.load_state_dict(sd)\n` +
        'prune.l1_unstructured(net[0], "weight", 0.4)\nparams = [(net[0], "weight"), (net[1], "weight"), (net[1], "bias")]\n' +
        "torch.manual_seed(9)\nprune.global_unstructured(params, prune.RandomUnstructured, amount=0.3)\n" +
        "prune.global_unstructured(params, prune.L1Unstructured, None, amount=4)\n" +
        "out = [net[0].weight_mask, net[1].weight_mask, net[1].bias_mask, list(net.state_dict())]",
      { sd },
    )) as [Tensor, Tensor, Tensor, string[]];
    expectTensor(get(net.at(0), "weight_mask"), ref[0], {}, "0.weight_mask");
    expectTensor(get(net.at(1), "weight_mask"), ref[1], {}, "1.weight_mask");
    expectTensor(get(net.at(1), "bias_mask"), ref[2], {}, "1.bias_mask");
    expect(Object.keys(net.stateDict())).toEqual(ref[3]);
  });

  it("state_dict keys and parameter order after pruning and removal", async () => {
    const m = new nn.Conv2d(2, 3, 2);
    const steps: Array<[string, () => void]> = [
      ['prune.l1_unstructured(m, "bias", 1)', () => prune.l1Unstructured(m, "bias", 1)],
      ['prune.ln_structured(m, "weight", 1, 2, 0)', () => prune.lnStructured(m, "weight", 1, 2, 0)],
      ['prune.remove(m, "bias")', () => prune.remove(m, "bias")],
      ['prune.identity(m, "bias")', () => prune.identity(m, "bias")],
      ['prune.remove(m, "weight")', () => prune.remove(m, "weight")],
    ];
    let code = `${PY}m = nn.Conv2d(2, 3, 2)\nout = []\n`;
    const mine: string[][] = [];
    for (const [pyStep, step] of steps) {
      step();
      code += `${pyStep}\nout.append([list(m.state_dict()), list(dict(m.named_parameters())), list(dict(m.named_buffers()))])\n`;
      mine.push(Object.keys(m.stateDict()), names(m.namedParameters()), names(m.namedBuffers()));
    }
    const ref = (await py.eval(code)) as string[][][];
    expect(mine).toEqual(ref.flat());
  });

  it("is_pruned looks through submodules; remove leaves other hooks", async () => {
    const inner = new nn.Linear(3, 2);
    const net = new nn.Sequential(new nn.Linear(3, 3), new nn.Sequential(new nn.ReLU(), inner));
    expect(prune.isPruned(net)).toBe(false);
    const other = inner.registerForwardPreHook(() => undefined);
    expect(prune.isPruned(net)).toBe(false);
    prune.randomUnstructured(inner, "bias", 1);
    expect(prune.isPruned(net)).toBe(true);
    expect(prune.isPruned(net.at(0))).toBe(false);
    prune.remove(inner, "bias");
    expect(prune.isPruned(net)).toBe(false);
    expect(inner._forwardPreHooks.size).toBe(1);
    other.remove();
    const ref = await py.eval(
      `${PY}net = nn.Sequential(nn.Linear(3, 3), nn.Sequential(nn.ReLU(), nn.Linear(3, 2)))\nout = [prune.is_pruned(net)]\n` +
        'prune.random_unstructured(net[1][1], "bias", 1)\nout += [prune.is_pruned(net), prune.is_pruned(net[0])]\n' +
        'prune.remove(net[1][1], "bias")\nout.append(prune.is_pruned(net))',
    );
    expect(ref).toEqual([false, true, false, false]);
  });

  it("a pruned module's forward and gradients as PyTorch's", async () => {
    const m = new nn.Conv2d(3, 4, 3, { padding: 1 });
    const sd = m.stateDict();
    prune.lnStructured(m, "weight", 1, 2, 0);
    prune.l1Unstructured(m, "weight", 0.3);
    prune.l1Unstructured(m, "bias", 1);
    const x = torch.randn([2, 3, 5, 5]);
    const y = m.call(x);
    y.pow(2).sum().backward();
    const ref = (await py.eval(
      `${PY}m = nn.Conv2d(3, 4, 3, padding=1)\nm.load_state_dict(sd)\nprune.ln_structured(m, "weight", 1, 2, 0)\n` +
        'prune.l1_unstructured(m, "weight", 0.3)\nprune.l1_unstructured(m, "bias", 1)\ny = m(x)\ny.pow(2).sum().backward()\n' +
        "out = [y, m.weight_orig.grad, m.bias_orig.grad, m.weight_mask, m.bias_mask]",
      { sd, x },
    )) as Tensor[];
    expectTensor(y, ref[0], { rtol: 1e-5, atol: 1e-6 }, "output");
    expectTensor(get(m, "weight_orig").grad as Tensor, ref[1], { rtol: 1e-5, atol: 1e-5 }, "weight_orig.grad");
    expectTensor(get(m, "bias_orig").grad as Tensor, ref[2], { rtol: 1e-5, atol: 1e-5 }, "bias_orig.grad");
    expectTensor(get(m, "weight_mask"), ref[3], {}, "weight_mask");
    expectTensor(get(m, "bias_mask"), ref[4], {}, "bias_mask");
  });

  it("a user-defined pruning method (apply, containers and global pruning)", async () => {
    // PyTorch's documented way to add a technique: subclass BasePruningMethod, set PRUNING_TYPE, implement
    // compute_mask; keywords reach the constructor (here an options object).
    class Threshold extends prune.BasePruningMethod {
      override readonly PRUNING_TYPE = "unstructured";
      threshold: number;
      constructor(o: { threshold: number }) {
        super();
        this.threshold = o.threshold;
      }
      computeMask(t: Tensor, defaultMask: Tensor): Tensor {
        return defaultMask.mul(t.abs().gt(this.threshold).to(defaultMask.dtype));
      }
    }
    const a = new nn.Linear(6, 4);
    const b = new nn.Linear(4, 3);
    const sd = { a: a.stateDict(), b: b.stateDict() };
    const method = Threshold.apply(a, "weight", { threshold: 0.2 });
    expect(method).toBeInstanceOf(Threshold);
    expect(method._tensorName).toBe("weight");
    prune.l1Unstructured(a, "weight", 3);
    prune.globalUnstructured(
      [
        [a, "weight"],
        [b, "weight"],
      ],
      Threshold,
      { threshold: 0.3 },
    );
    const ref = (await py.eval(
      `${PY}class Threshold(prune.BasePruningMethod):\n    PRUNING_TYPE = "unstructured"\n` +
        "    def __init__(self, threshold):\n        self.threshold = threshold\n" +
        "    def compute_mask(self, t, default_mask):\n        return default_mask * (t.abs() > self.threshold).to(default_mask.dtype)\n" +
        "a = nn.Linear(6, 4)\nb = nn.Linear(4, 3)\na.load_state_dict(sd['a'])\nb.load_state_dict(sd['b'])\n" +
        'Threshold.apply(a, "weight", threshold=0.2)\nprune.l1_unstructured(a, "weight", 3)\n' +
        'prune.global_unstructured([(a, "weight"), (b, "weight")], Threshold, threshold=0.3)\n' +
        "out = [a.weight_mask, b.weight_mask, [type(h).__name__ for h in a._forward_pre_hooks.values()]]",
      { sd },
    )) as [Tensor, Tensor, string[]];
    expectTensor(get(a, "weight_mask"), ref[0], {}, "a.weight_mask");
    expectTensor(get(b, "weight_mask"), ref[1], {}, "b.weight_mask");
    expect([...a._forwardPreHooks.values()].map((h) => (h as object).constructor.name)).toEqual(ref[2]);
  });

  it("errors: PyTorch's classes and messages", async () => {
    const lin = () => new nn.Linear(5, 7);
    const L = "m = nn.Linear(5, 7)\n";
    // Structured pruning of a 1-d tensor, a dim past the last, more units than there are.
    await expectPyError(
      () => prune.lnStructured(lin(), "bias", 1, 2, 0),
      `${L}prune.ln_structured(m, "bias", 1, 2, 0)`,
    );
    await expectPyError(
      () => prune.randomStructured(lin(), "bias", 1, 0),
      `${L}prune.random_structured(m, "bias", 1, 0)`,
    );
    await expectPyError(
      () => prune.lnStructured(lin(), "weight", 1, 2, 2),
      `${L}prune.ln_structured(m, "weight", 1, 2, 2)`,
    );
    await expectPyError(() => prune.l1Unstructured(lin(), "weight", 36), `${L}prune.l1_unstructured(m, "weight", 36)`);
    await expectPyError(
      () => prune.randomStructured(lin(), "weight", 6, 1),
      `${L}prune.random_structured(m, "weight", 6, 1)`,
    );
    await expectPyError(() => prune.l1Unstructured(lin(), "weight", -1), `${L}prune.l1_unstructured(m, "weight", -1)`);
    await expectPyError(
      () => prune.l1Unstructured(lin(), "weight", prune.float(2)),
      `${L}prune.l1_unstructured(m, "weight", 2.)`,
    );
    // Norms torch.norm refuses for these shapes.
    await expectPyError(
      () => prune.lnStructured(new nn.Conv2d(2, 3, 2), "weight", 1, "fro", 0),
      'm = nn.Conv2d(2, 3, 2)\nprune.ln_structured(m, "weight", 1, "fro", 0)',
    );
    await expectPyError(
      () => prune.lnStructured(lin(), "weight", 1, "nuc", 0),
      `${L}prune.ln_structured(m, "weight", 1, "nuc", 0)`,
    );
    // An unknown name; importance scores of another shape.
    await expectPyError(() => prune.identity(lin(), "nope"), `${L}prune.identity(m, "nope")`);
    await expectPyError(
      () => prune.l1Unstructured(lin(), "weight", 1, torch.ones([7])),
      `${L}prune.l1_unstructured(m, "weight", 1, torch.ones(7))`,
    );
    // A structured method in global pruning.
    await expectPyError(
      () => prune.globalUnstructured([[lin(), "weight"]], prune.RandomStructured, { amount: 1 }),
      `${L}prune.global_unstructured([(m, "weight")], prune.RandomStructured, amount=1)`,
    );
    await expectPyError(
      () => prune.globalUnstructured(3 as never, prune.L1Unstructured, { amount: 1 }),
      `${L}prune.global_unstructured(3, prune.L1Unstructured, amount=1)`,
    );
    await expectPyError(
      () =>
        prune.globalUnstructured([[lin(), "weight"]], prune.L1Unstructured, {
          amount: 1,
          importanceScores: [] as never,
        }),
      `${L}prune.global_unstructured([(m, "weight")], prune.L1Unstructured, importance_scores=[], amount=1)`,
    );
    // Two pruning hooks on one tensor.
    const m = lin();
    prune.identity(m, "weight");
    const extra = new prune.Identity();
    extra._tensorName = "weight";
    m.registerForwardPreHook(extra as never);
    await expectPyError(
      () => prune.l1Unstructured(m, "weight", 1),
      `${L}prune.identity(m, "weight")\nextra = prune.Identity()\nextra._tensor_name = "weight"\n` +
        'm.register_forward_pre_hook(extra)\nprune.l1_unstructured(m, "weight", 1)',
    );
    // A method that never pruned anything.
    await expectPyError(
      () => new prune.L1Unstructured(1).applyMask(lin()),
      `${L}prune.L1Unstructured(1).apply_mask(m)`,
    );
    await expectPyError(
      () => new prune.PruningContainer(new prune.L1Unstructured(1)),
      "prune.PruningContainer(prune.L1Unstructured(1))",
    );
    await expectPyError(
      () => new prune.PruningContainer().computeMask(torch.ones([2]), torch.ones([2])),
      "prune.PruningContainer().compute_mask(torch.ones(2), torch.ones(2))",
    );
    // A CustomFromMask of another shape.
    await expectPyError(
      () => prune.customFromMask(lin(), "bias", torch.ones([3])),
      `${L}prune.custom_from_mask(m, "bias", torch.ones(3))`,
    );
    // Python's argument errors (the signatures PyTorch's classes and functions have).
    type Loose = (...a: unknown[]) => unknown;
    type LooseClass = new (...a: unknown[]) => unknown;
    const argCases: Array<[() => unknown, string]> = [
      [() => new (prune.L1Unstructured as never as LooseClass)(), "prune.L1Unstructured()"],
      [() => new (prune.L1Unstructured as never as LooseClass)(1, 2), "prune.L1Unstructured(1, 2)"],
      [() => new (prune.Identity as never as LooseClass)(1), "prune.Identity(1)"],
      [() => new (prune.LnStructured as never as LooseClass)({ amount: 1 }), "prune.LnStructured(amount=1)"],
      [() => (prune.L1Unstructured.apply as Loose)(lin(), "weight"), 'prune.L1Unstructured.apply(m, "weight")'],
      [
        () => (prune.L1Unstructured.apply as Loose)(lin(), "weight", 1, null, 5),
        'prune.L1Unstructured.apply(m, "weight", 1, None, 5)',
      ],
      [() => (prune.LnStructured.apply as Loose)(lin(), "weight"), 'prune.LnStructured.apply(m, "weight")'],
      [
        () => (prune.l1Unstructured as Loose)(lin(), "weight", 1, null, 3),
        'prune.l1_unstructured(m, "weight", 1, None, 3)',
      ],
      [() => (prune.identity as Loose)(lin(), "weight", { x: 1 }), 'prune.identity(m, "weight", x=1)'],
      [() => (new prune.L1Unstructured(1).prune as Loose)(), "prune.L1Unstructured(1).prune()"],
      [
        () => prune.globalUnstructured([[lin(), "weight"]], prune.Identity, { amount: 4 }),
        'prune.global_unstructured([(m, "weight")], prune.Identity, amount=4)',
      ],
      // A Linear without bias: its None `bias` fails at torch.ones_like, after the reparameterization began.
      [
        () => prune.l1Unstructured(new nn.Linear(2, 3, { bias: false }), "bias", 1),
        'prune.l1_unstructured(nn.Linear(2, 3, bias=False), "bias", 1)',
      ],
    ];
    for (const [fn, code] of argCases) await expectSameError(py, fn, `${PY}${L}${code}`);
  });

  it("PRUNING_TYPE, repr and the keyword forms", async () => {
    const ref = (await py.eval(
      `${PY}out = [c.PRUNING_TYPE for c in [prune.Identity, prune.RandomUnstructured, prune.L1Unstructured, ` +
        "prune.RandomStructured, prune.LnStructured, prune.CustomFromMask]] + [repr(prune.PruningContainer())]",
    )) as string[];
    const mine = [
      new prune.Identity(),
      new prune.RandomUnstructured(1),
      new prune.L1Unstructured({ amount: 1 }),
      new prune.RandomStructured(1, { dim: 0 }),
      new prune.LnStructured({ amount: 1, n: 2 }),
      new prune.CustomFromMask({ mask: torch.ones([1]) }),
    ].map((p) => p.PRUNING_TYPE);
    expect(mine).toEqual(ref.slice(0, 6));
    const norm = (s: string) => s.replace(/0x[0-9a-f]+/, "0x?");
    expect(norm(String(new prune.PruningContainer()))).toBe(norm(ref[6] as string));
    const s = new prune.LnStructured(0.5, Number.POSITIVE_INFINITY);
    expect([s.amount, s.n, s.dim]).toEqual([0.5, Number.POSITIVE_INFINITY, -1]);
    expect(typeof s).toBe("function");
  });
});
