// Views and storages against live PyTorch: which ops return views (_isView, _base), where they point
// (dataPtr offsets, storage()), and the torch functions generated from the schemas that a script
// calls by Python's names (torch.relu_, torch.concat, torch.kl_div, torch.view_copy, ...).
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

// [name, torchts, Python] over a = arange(24.).reshape(4, 6), c = a complex tensor.
const VIEWS: Array<[string, (a: Tensor, c: Tensor) => Tensor, string]> = [
  ["view", (a) => a.view([6, 4]), "a.view(6, 4)"],
  ["t", (a) => a.t(), "a.t()"],
  ["select", (a) => a.select(0, 2), "a.select(0, 2)"],
  ["narrow", (a) => a.narrow(1, 2, 3), "a.narrow(1, 2, 3)"],
  ["diagonal", (a) => a.diagonal(1), "a.diagonal(1)"],
  ["expand", (a) => a.select(0, 0).unsqueeze(0).expand([3, 6]), "a[0].unsqueeze(0).expand(3, 6)"],
  ["split", (a) => a.split(3, 1)[1]!, "a.split(3, 1)[1]"],
  ["chunk", (a) => a.chunk(2)[1]!, "a.chunk(2)[1]"],
  ["unbind", (a) => a.unbind(1)[5]!, "a.unbind(1)[5]"],
  ["unfold", (a) => a.unfold(1, 2, 2), "a.unfold(1, 2, 2)"],
  ["flatten", (a) => a.flatten(), "a.flatten()"],
  ["reshape of a transpose", (a) => a.t().reshape([24]), "a.t().reshape(24)"],
  ["contiguous", (a) => a.contiguous(), "a.contiguous()"],
  ["clone", (a) => a.clone(), "a.clone()"],
  ["asStrided", (a) => a.asStrided([2, 2], [1, 6], 3), "a.as_strided((2, 2), (1, 6), 3)"],
  ["movedim", (a) => a.movedim(0, 1), "a.movedim(0, 1)"],
  ["real", (_a, c) => c.real, "c.real"],
  ["imag", (_a, c) => c.imag, "c.imag"],
  ["viewAsReal", (_a, c) => torch.viewAsReal(c), "torch.view_as_real(c)"],
  ["view of a view", (a) => a.view([24]).view([2, 12]), "a.view(24).view(2, 12)"],
  ["hsplit", (a) => torch.hsplit(a, 2)[1] as Tensor, "torch.hsplit(a, 2)[1]"],
  ["indexing a[1:, ::2]", (a) => a.index("1:", "::2"), "a[1:, ::2]"],
];

describe("views as PyTorch's", () => {
  it("_isView, the base's identity of storage, dataPtr offsets and storage() of each view op", async () => {
    const a = torch.arange(24, { dtype: "float32" }).reshape([4, 6]);
    const c = torch.complex(a, a.neg());
    const mine = VIEWS.map(([, f]) => {
      const v = f(a, c);
      const base = v._base;
      const root = v.storage().dataPtr();
      return [
        v._isView(),
        base === null ? null : base.shape,
        v.numel() === 0 ? 0 : v.dataPtr() - root,
        v.storage().size(),
        v.untypedStorage().size(),
        v.storageOffset(),
      ];
    });
    const ref = await py.eval(
      `a = torch.arange(24.).reshape(4, 6)
c = torch.complex(a, -a)
res = []
for v in [${VIEWS.map(([, , p]) => p).join(", ")}]:
  base = v._base
  s = v.storage()
  res.append([v._is_view(), None if base is None else list(base.shape), v.data_ptr() - s.data_ptr(), s.size(),
              s._untyped().size() if hasattr(s, "_untyped") else s.untyped().size(), v.storage_offset()])
out = res`,
      {},
    );
    expect(mine).toEqual(ref);
    // A view's base shares its memory: a write through the view shows in the base.
    const b = a.clone();
    const v = b.view([24]);
    v.indexPut_([3], 100);
    expect(b.index(0, 3).item()).toBe(100);
    expect((v._base as Tensor).isSetTo(b)).toBe(true);
    expect(b.storage().tolist().slice(0, 4)).toEqual([0, 1, 2, 100]);
  });

  it("dataPtr of a tensor without storage raises PyTorch's error; detach shares the data", async () => {
    const s = torch.randn([3, 3]).toSparse();
    let err = "";
    try {
      s.dataPtr();
    } catch (e) {
      err = (e as Error).message;
    }
    const ref = (await py.run("out = torch.randn(3, 3).to_sparse().data_ptr()")).error as string;
    expect(err.split("\n")[0]).toBe(ref.split("\n")[0]);
    const x = torch.randn([4]);
    expect(x.detach().dataPtr()).toBe(x.dataPtr());
    expect(torch.empty([0]).dataPtr()).toBe(0);
  });
});

describe("torch functions by Python's names, from the schemas", () => {
  it("in-place function forms return their input and write what PyTorch writes", async () => {
    torch.manualSeed(3);
    const x0 = torch.randn([5]);
    const names = ["relu_", "sigmoid_", "tanh_", "exp_", "neg_", "abs_", "sqrt_", "zero_", "square_", "frac_"];
    const got = names.map((n) => {
      const x = x0.clone();
      const r = (torch as unknown as Record<string, (t: Tensor) => Tensor>)[n]!(x);
      return [r === x, x];
    });
    const ref = (await py.eval(
      `res = []
for n in ${JSON.stringify(names)}:
  x = x0.clone()
  r = getattr(torch, n)(x)
  res.append([r is x, x])
out = res`,
      { x0 },
    )) as Array<[boolean, Tensor]>;
    got.forEach(([same, x], i) => {
      expect(same).toBe(ref[i]![0]);
      expectTensor(x as Tensor, ref[i]![1], { rtol: 1e-6 }, names[i]);
    });
  });

  it("losses, cells, concat and *_copy ops as torch.<name>", async () => {
    torch.manualSeed(4);
    const a = torch.randn([3, 4]);
    const b = torch.randn([3, 4]);
    const y = torch.tensor([1, -1, 1], { dtype: "float32" });
    const h = torch.randn([3, 5]);
    const wIh = torch.randn([15, 4]);
    const wHh = torch.randn([15, 5]);
    const mine = [
      torch.concat([a, b], 1),
      torch.concatenate([a, b]),
      torch.klDiv(a.logSoftmax(1), b.softmax(1), 1, { logTarget: false }),
      torch.marginRankingLoss(a.select(1, 0), b.select(1, 0), y, 0.5, 1),
      torch.hingeEmbeddingLoss(a, a.sign(), 1.0, 1),
      torch.cosineEmbeddingLoss(a, b, y, 0.1, 1),
      torch.gruCell(a, h, wIh, wHh),
      torch.viewCopy(a, [4, 3]),
      torch.tCopy(a),
      torch.diagonalCopy(a),
      torch.unsqueezeCopy(a, 0),
      torch.normExceptDim(a, 2, 0),
    ];
    const ref = (await py.eval(
      `out = [torch.concat([a, b], 1), torch.concatenate([a, b]) if hasattr(torch, "concatenate") else torch.cat([a, b]),
  torch.kl_div(a.log_softmax(1), b.softmax(1), 1, log_target=False),
  torch.margin_ranking_loss(a[:, 0], b[:, 0], y, 0.5, 1), torch.hinge_embedding_loss(a, a.sign(), 1.0, 1),
  torch.cosine_embedding_loss(a, b, y, 0.1, 1), torch.gru_cell(a, h, w_ih, w_hh), torch.view_copy(a, [4, 3]),
  torch.t_copy(a), torch.diagonal_copy(a), torch.unsqueeze_copy(a, 0), torch.norm_except_dim(a, 2, 0)]`,
      { a, b, y, h, w_ih: wIh, w_hh: wHh },
    )) as Tensor[];
    mine.forEach((m, i) => {
      expectTensor(m, ref[i], { rtol: 1e-5, atol: 1e-6 }, `case ${i}`);
    });
    expect(torch.viewCopy(a, [12])._isView()).toBe(false);
  });
});
