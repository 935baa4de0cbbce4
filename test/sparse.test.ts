// Sparse tensors against live PyTorch on the same inputs: construction, layout facts, printing,
// coalescing and conversions, torch.sparse's operators with gradients, nn.Embedding({ sparse: true })
// gradients, and the optimizers' sparse paths (SGD, Adagrad, SparseAdam) and their errors.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const nn = torch.nn;

const I = [
  [0, 1, 1, 0],
  [2, 0, 2, 2],
];
const V = [3, 4, 5, -1];
const PY_S = `torch.sparse_coo_tensor(${JSON.stringify(I)}, ${JSON.stringify(V)}, (2, 3))`;
const mk = () => torch.sparseCooTensor(I, V, [2, 3]);

// Sparse results compare as their dense values, plus their sparse facts.
function expectSparse(mine: Tensor, ref: Tensor, what: string, tol = 0): void {
  expect(mine.isSparse, `${what}: isSparse`).toBe(true);
  expect(ref.isSparse, `${what}: PyTorch's is sparse`).toBe(true);
  expect([mine.sparseDim(), mine.denseDim(), mine.dtype]).toEqual([ref.sparseDim(), ref.denseDim(), ref.dtype]);
  expectTensor(mine.toDense(), ref.toDense(), { rtol: tol, atol: tol }, what);
}

describe("sparse COO tensors", () => {
  it("construction from lists and tensors, size inference, dtype and requiresGrad, as torch.sparse_coo_tensor", async () => {
    const ref = (await py.eval(
      `out = [${PY_S}, torch.sparse_coo_tensor(${JSON.stringify(I)}, ${JSON.stringify(V)}),
       torch.sparse_coo_tensor(torch.tensor(${JSON.stringify(I)}), torch.tensor(${JSON.stringify(V)}, dtype=torch.float64), (3, 4))]`,
    )) as Tensor[];
    const mine = [
      mk(),
      torch.sparseCooTensor(I, V),
      torch.sparseCooTensor(torch.tensor(I), torch.tensor(V, { dtype: "float64" }), [3, 4]),
    ];
    mine.forEach((m, i) => {
      expectSparse(m, ref[i], `case ${i}`);
      expect(m.shape).toEqual(ref[i].shape);
    });
    const f = torch.sparseCooTensor(I, V, [2, 3], { dtype: "float32", requiresGrad: true });
    expect([f.dtype, f.requiresGrad, f.layout, f.isSparse, f.isSparseCsr]).toEqual([
      "float32",
      true,
      "sparse_coo",
      true,
      false,
    ]);
  });

  it("constructor conversions as Python's: values in the dtype asked for, int64 indices, the size-only form, a complex scalar", async () => {
    const ref = (await py.eval(
      `out = [torch.sparse_coo_tensor([[0]], [0.1], (1,), dtype=torch.float64),
       torch.sparse_coo_tensor(torch.tensor([[0], [2]], dtype=torch.int32), torch.tensor([1.5])),
       torch.sparse_coo_tensor([[], []], [], (2, 2)),
       torch.sparse_coo_tensor((2, 3)),
       torch.sparse_coo_tensor([[0]], 2.3-4.5j, (1,), dtype=torch.complex64)]`,
    )) as Tensor[];
    const mine = [
      torch.sparseCooTensor([[0]], [0.1], [1], { dtype: "float64" }),
      torch.sparseCooTensor(torch.tensor([[0], [2]], { dtype: "int32" }), torch.tensor([1.5])),
      torch.sparseCooTensor([[], []], [], [2, 2]),
      torch.sparseCooTensor([2, 3]),
      torch.sparseCooTensor([[0]], new torch.Complex(2.3, -4.5), [1], { dtype: "complex64" }),
    ];
    mine.forEach((m, i) => {
      expectSparse(m, ref[i], `case ${i}`);
      expect(m.shape).toEqual(ref[i].shape);
      expectTensor(m._indices(), ref[i]._indices(), {}, `indices ${i}`);
    });
    const assign = await py.run(`s = ${PY_S}; s[0] = 100`);
    expect(() => mk().indexPut_([0], 100)).toThrow(new TypeError(assign.error));
  });

  it("facts: _nnz, sparseDim, denseDim, isCoalesced, _indices/_values, coalesce, indices/values", async () => {
    const ref = (await py.eval(
      `s = ${PY_S}
c = s.coalesce()
out = [s._nnz(), s.sparse_dim(), s.dense_dim(), s.is_coalesced(), s._indices(), s._values(),
       c.is_coalesced(), c._nnz(), c.indices(), c.values()]`,
    )) as unknown[];
    const s = mk();
    const c = s.coalesce();
    const mine = [
      s._nnz(),
      s.sparseDim(),
      s.denseDim(),
      s.isCoalesced(),
      s._indices(),
      s._values(),
      c.isCoalesced(),
      c._nnz(),
      c.indices(),
      c.values(),
    ];
    mine.forEach((m, i) => {
      if (m instanceof torch.Tensor) expectTensor(m, ref[i] as Tensor, {}, `item ${i}`);
      else expect(m, `item ${i}`).toBe(ref[i]);
    });
    const err = await py.run(`out = ${PY_S}.values()`);
    expect(() => s.values()).toThrow(err.error);
  });

  it("prints as PyTorch's repr", async () => {
    const cases: Array<[() => Tensor, string]> = [
      [mk, PY_S],
      [() => mk().to("float64").coalesce(), `${PY_S}.double().coalesce()`],
      [
        () => torch.sparseCooTensor(torch.zeros([2, 0], { dtype: "int64" }), torch.zeros([0]), [2, 3]),
        "torch.sparse_coo_tensor(torch.zeros(2, 0, dtype=torch.long), torch.zeros(0), (2, 3))",
      ],
      [
        () => torch.sparseCooTensor([[0, 2]], [1.5, 2], [4], { requiresGrad: true }),
        "torch.sparse_coo_tensor([[0, 2]], [1.5, 2.], (4,), requires_grad=True)",
      ],
      [
        () => torch.sparseCooTensor([[0, 2]], [1.5, 2], [4], { requiresGrad: true }).mul(2),
        "torch.sparse_coo_tensor([[0, 2]], [1.5, 2.], (4,), requires_grad=True) * 2",
      ],
      [() => torch.randn([3, 4]).gt(0.5).to("float32").toSparse(), "torch.randn(3, 4).gt(0.5).float().to_sparse()"],
    ];
    for (const [mine, code] of cases) {
      torch.manualSeed(2);
      const t = mine();
      const ref = (await py.eval(`torch.manual_seed(2)\nout = repr(${code})`)) as string;
      expect(t.toString(), code).toBe(ref);
    }
  });

  it("conversions: toDense, toSparse, toSparse(sparseDims), toSparseCsr with crowIndices/colIndices", async () => {
    torch.manualSeed(3);
    const d = torch.randn([3, 4, 2]).relu();
    const ref = (await py.eval(
      `c = d[:, :, 0].to_sparse_csr()
out = [d.to_sparse(), d.to_sparse(2), c.crow_indices(), c.col_indices(), c.values(), c.to_dense()]`,
      { d },
    )) as Tensor[];
    expectSparse(d.toSparse(), ref[0], "to_sparse()");
    expectSparse(d.toSparse(2), ref[1], "to_sparse(2)");
    const c = d.select(2, 0).toSparseCsr();
    expect(c.layout).toBe("sparse_csr");
    expect(c.isSparseCsr).toBe(true);
    expectTensor(c.crowIndices(), ref[2], {}, "crow_indices");
    expectTensor(c.colIndices(), ref[3], {}, "col_indices");
    expectTensor(c.values(), ref[4], {}, "csr values");
    expectTensor(c.toDense(), ref[5], {}, "csr to_dense");
  });

  it("arithmetic: sparse + sparse, dense + sparse, scalar products, matmul with a dense matrix", async () => {
    torch.manualSeed(4);
    const m = torch.randn([3, 5]);
    const ref = (await py.eval(
      `s = ${PY_S}.float()
out = [s + s, torch.ones(2, 3) + s, s * 2.5, torch.sparse.mm(s, m), s.matmul(m), s.t().coalesce()]`,
      { m },
    )) as Tensor[];
    const s = mk().to("float32");
    expectSparse(s.add(s), ref[0], "s + s");
    expectTensor(torch.ones([2, 3]).add(s), ref[1], {}, "dense + s");
    expectSparse(s.mul(2.5), ref[2], "s * 2.5");
    expectTensor(torch.sparse.mm(s, m), ref[3], { rtol: 1e-6, atol: 1e-6 }, "sparse.mm");
    expectTensor(s.matmul(m), ref[4], { rtol: 1e-6, atol: 1e-6 }, "matmul");
    expectSparse(s.t().coalesce(), ref[5], "t()");
  });

  it("torch.sparse: mm gradients (sparse for the sparse operand), addmm, sum, softmax, log_softmax", async () => {
    torch.manualSeed(5);
    const m = torch.randn([3, 2]);
    const base = torch.randn([2, 2]);
    const ref = (await py.eval(
      `s = ${PY_S}.float().coalesce().requires_grad_()
w = m.clone().requires_grad_()
y = torch.sparse.mm(s, w)
y.pow(2).sum().backward()
out = [y.detach(), s.grad, w.grad, torch.sparse.addmm(base, s.detach(), m, beta=0.5, alpha=2),
       torch.sparse.sum(s.detach()), torch.sparse.sum(s.detach(), 1), torch.sparse.sum(s.detach(), [0, 1]),
       torch.sparse.softmax(s.detach(), 1), torch.sparse.log_softmax(s.detach(), 0)]`,
      { m, base },
    )) as Tensor[];
    const s = mk().to("float32").coalesce().requiresGrad_();
    const w = m.clone().requiresGrad_();
    const y = torch.sparse.mm(s, w);
    y.pow(2).sum().backward();
    const TOL = { rtol: 1e-6, atol: 1e-6 };
    expectTensor(y.detach(), ref[0], TOL, "sparse.mm");
    expectSparse(s.grad as Tensor, ref[1], "grad of the sparse operand", 1e-6);
    expectTensor(w.grad as Tensor, ref[2], TOL, "grad of the dense operand");
    const sd = s.detach();
    expectTensor(torch.sparse.addmm(base, sd, m, { beta: 0.5, alpha: 2 }), ref[3], TOL, "sparse.addmm");
    expectTensor(torch.sparse.sum(sd), ref[4], TOL, "sparse.sum()");
    expectSparse(torch.sparse.sum(sd, 1), ref[5], "sparse.sum(1)", 1e-6);
    expectTensor(torch.sparse.sum(sd, [0, 1]), ref[6], TOL, "sparse.sum([0, 1])");
    expectSparse(torch.sparse.softmax(sd, 1), ref[7], "sparse.softmax", 1e-6);
    expectSparse(torch.sparse.logSoftmax(sd, 0), ref[8], "sparse.log_softmax", 1e-6);
  });
});

describe("sparse tensors in torch.save files", () => {
  it("torchts writes sparse COO tensors PyTorch loads, and loads PyTorch's", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-sparse-"));
    try {
      const mine = path.join(dir, "mine.pt");
      const s = mk().to("float32");
      torch.save({ s, c: s.coalesce(), dense: torch.ones([2]) }, mine);
      const back = (await py.eval(
        `d = torch.load(${JSON.stringify(mine)}); out = [d['s'], d['c'], d['dense']]`,
      )) as Tensor[];
      expectSparse(s, back[0], "s via PyTorch");
      expectSparse(s.coalesce(), back[1], "coalesced via PyTorch");
      const theirs = path.join(dir, "theirs.pt");
      await py.eval(
        `torch.manual_seed(1); torch.save({'e': torch.randn(4, 3).relu().to_sparse(), 'f': ${PY_S}.double()}, ${JSON.stringify(theirs)}); out = None`,
      );
      const loaded = torch.load(theirs) as Record<string, Tensor>;
      const ref = (await py.eval(`d = torch.load(${JSON.stringify(theirs)}); out = [d['e'], d['f']]`)) as Tensor[];
      expectSparse(loaded.e, ref[0], "e");
      expectSparse(loaded.f, ref[1], "f");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("sparse gradients in training", () => {
  // Embedding / EmbeddingBag rows looked up twice, so the sparse gradient is uncoalesced.
  const IDX = [1, 2, 1, 5, 7];
  const PY_SETUP = (module: string, opt: string) => `torch.manual_seed(0)
e = ${module}
o = ${opt}
for _ in range(3):
    o.zero_grad()
    y = e(torch.tensor(${JSON.stringify(IDX)}).view(1, -1)) if isinstance(e, nn.EmbeddingBag) else e(torch.tensor(${JSON.stringify(IDX)}))
    y.pow(2).sum().backward()
    o.step()
st = o.state[e.weight]
out = [e.weight.detach(), e.weight.grad] + [st[k] for k in sorted(st) if torch.is_tensor(st[k]) and st[k].dim() > 0]`;

  const cases: Array<
    [string, () => torch.nn.Module, string, (p: Tensor[]) => torch.optim.Optimizer<{ lr: number }>, string]
  > = [
    [
      "Embedding + SparseAdam",
      () => new nn.Embedding(10, 3, { sparse: true }),
      "nn.Embedding(10, 3, sparse=True)",
      (p) => new torch.optim.SparseAdam(p, { lr: 0.1 }),
      "torch.optim.SparseAdam(e.parameters(), lr=0.1)",
    ],
    [
      "Embedding + SGD with momentum",
      () => new nn.Embedding(10, 3, { sparse: true }),
      "nn.Embedding(10, 3, sparse=True)",
      (p) => new torch.optim.SGD(p, { lr: 0.1, momentum: 0.9 }),
      "torch.optim.SGD(e.parameters(), lr=0.1, momentum=0.9)",
    ],
    [
      "Embedding + Adagrad (sparse path)",
      () => new nn.Embedding(10, 3, { sparse: true }),
      "nn.Embedding(10, 3, sparse=True)",
      (p) => new torch.optim.Adagrad(p, { lr: 0.1 }),
      "torch.optim.Adagrad(e.parameters(), lr=0.1)",
    ],
    [
      "EmbeddingBag + SparseAdam",
      () => new nn.EmbeddingBag(10, 3, { sparse: true, mode: "sum" }),
      "nn.EmbeddingBag(10, 3, sparse=True, mode='sum')",
      (p) => new torch.optim.SparseAdam(p, { lr: 0.05, betas: [0.8, 0.9] }),
      "torch.optim.SparseAdam(e.parameters(), lr=0.05, betas=(0.8, 0.9))",
    ],
  ];
  for (const [name, mod, pyMod, opt, pyOpt] of cases)
    it(`${name}: weights, gradient and state after 3 steps equal PyTorch's`, async () => {
      torch.manualSeed(0);
      const e = mod();
      const o = opt(e.parameters());
      const idx = torch.tensor(IDX);
      for (let k = 0; k < 3; k++) {
        o.zeroGrad();
        const y = e instanceof nn.EmbeddingBag ? e.forward(idx.view([1, -1])) : (e as torch.nn.Embedding).forward(idx);
        y.pow(2).sum().backward();
        o.step();
      }
      const ref = (await py.eval(PY_SETUP(pyMod, pyOpt))) as Tensor[];
      const weight = e.parameters()[0];
      expectTensor(weight.detach(), ref[0], { rtol: 1e-6, atol: 1e-6 }, "weight");
      expectSparse(weight.grad as Tensor, ref[1], "grad", 1e-6);
      const st = o.state.get(weight) ?? {};
      const mine = Object.keys(st)
        .sort()
        .map((k) => st[k])
        .filter((v): v is Tensor => v instanceof torch.Tensor && v.dim() > 0);
      expect(mine.length).toBe(ref.length - 2);
      mine.forEach((v, i) => {
        if (v.isSparse) expectSparse(v, ref[i + 2], `state ${i}`, 1e-6);
        else expectTensor(v, ref[i + 2], { rtol: 1e-6, atol: 1e-6 }, `state ${i}`);
      });
    });

  it("optimizers without a sparse path raise PyTorch's errors before any parameter moves", async () => {
    for (const [ctor, pyCtor] of [
      ["Adam", "torch.optim.Adam(e.parameters())"],
      ["AdamW", "torch.optim.AdamW(e.parameters())"],
      ["RMSprop", "torch.optim.RMSprop(e.parameters())"],
      ["Adadelta", "torch.optim.Adadelta(e.parameters())"],
      ["Adamax", "torch.optim.Adamax(e.parameters())"],
      ["NAdam", "torch.optim.NAdam(e.parameters())"],
      ["RAdam", "torch.optim.RAdam(e.parameters())"],
      ["ASGD", "torch.optim.ASGD(e.parameters())"],
      ["Rprop", "torch.optim.Rprop(e.parameters())"],
      ["Adagrad weightDecay", "torch.optim.Adagrad(e.parameters(), weight_decay=0.1)"],
    ] as const) {
      const r = await py.run(
        `e = nn.Embedding(4, 2, sparse=True); o = ${pyCtor}; e(torch.tensor([1])).sum().backward(); o.step()`,
      );
      const e = new nn.Embedding(4, 2, { sparse: true });
      const before = e.weight.clone();
      const name = ctor.split(" ")[0] as "Adam";
      const o = new torch.optim[name](e.parameters(), ctor.includes("weightDecay") ? { weightDecay: 0.1 } : {});
      e.forward(torch.tensor([1]))
        .sum()
        .backward();
      expect(() => o.step(), ctor).toThrow(r.error);
      expect(e.weight.equal(before), `${ctor}: no parameter moved`).toBe(true);
    }
    const dense = await py.run(
      "w = torch.zeros(2, requires_grad=True); o = torch.optim.SparseAdam([w]); w.sum().backward(); o.step()",
    );
    const w = torch.zeros([2], { requiresGrad: true });
    const o = new torch.optim.SparseAdam([w]);
    w.sum().backward();
    expect(() => o.step()).toThrow(dense.error);
  });

  it("SparseAdam's argument checks are PyTorch's", async () => {
    const cases: Array<[() => unknown, string]> = [
      [
        () => new torch.optim.SparseAdam([torch.zeros([2])], { lr: 0 }),
        "torch.optim.SparseAdam([torch.zeros(2)], lr=0)",
      ],
      [
        () => new torch.optim.SparseAdam([torch.zeros([2])], { eps: 0 }),
        "torch.optim.SparseAdam([torch.zeros(2)], eps=0)",
      ],
      [
        () => new torch.optim.SparseAdam([torch.zeros([2])], { betas: [1, 0.9] }),
        "torch.optim.SparseAdam([torch.zeros(2)], betas=(1.0, 0.9))",
      ],
      [
        () => new torch.optim.SparseAdam([torch.zeros([2]), torch.zeros([2]).toSparse()]),
        "torch.optim.SparseAdam([torch.zeros(2), torch.zeros(2).to_sparse()])",
      ],
    ];
    for (const [mine, code] of cases) {
      const r = await py.run(`out = ${code}`);
      expect(r.type, code).toBe("ValueError");
      expect(mine, code).toThrow(r.error);
    }
  });
});
describe("new_* of a sparse tensor", () => {
  it("newZeros / newEmpty keep the sparse layout; newOnes raises PyTorch's error", async () => {
    const s = torch.randn([3, 4]).toSparse();
    const mine = [s.newZeros([2, 2]), s.newEmpty([5]), s.newZeros(3, { dtype: "float64" })].map((t) => [
      t.layout,
      t.shape,
      t.dtype,
      t._nnz(),
    ]);
    const ref = await py.eval(`s = torch.randn(3, 4).to_sparse()
out = [[str(t.layout).replace("torch.", ""), list(t.shape), str(t.dtype).replace("torch.", ""), t._nnz()]
       for t in [s.new_zeros([2, 2]), s.new_empty([5]), s.new_zeros(3, dtype=torch.float64)]]`);
    expect(mine).toEqual(ref);
    const err = await py.run("out = torch.randn(3, 4).to_sparse().new_ones([2])");
    expect(() => s.newOnes([2])).toThrow((err.error as string).split("\n")[0] as string);
  });
});

describe("printing the compressed layouts", () => {
  it("CSR, CSC, BSR, a float64 and an empty CSR print as PyTorch's", async () => {
    const d = torch.tensor([
      [0, 1.5, 0, 0],
      [2, 0, 0, 3.25],
    ]);
    const mine = [
      d.toSparseCsr(),
      d.toSparseCsc(),
      d.toSparseBsr([1, 2]),
      d.double().toSparseCsr(),
      torch.zeros([2, 3]).toSparseCsr(),
    ].map(String);
    const ref = await py.eval(
      "out = [repr(t) for t in [d.to_sparse_csr(), d.to_sparse_csc(), d.to_sparse_bsr((1, 2)), d.double().to_sparse_csr(), torch.zeros(2, 3).to_sparse_csr()]]",
      { d },
    );
    expect(mine).toEqual(ref);
  });
});

describe("stride() of sparse tensors", () => {
  it("COO answers as PyTorch's (no storage to read); the compressed layouts raise PyTorch's error", async () => {
    const d = torch.tensor([
      [0, 1.5],
      [2, 0],
    ]);
    const ref = (await py.eval(
      `c = d.to_sparse()
out = [list(c.stride()), c.stride(1), list(torch.zeros(2, 3, 4).to_sparse(2).stride())]
try:
    d.to_sparse_csr().stride()
except RuntimeError as e:
    out.append(str(e))`,
      { d },
    )) as unknown[];
    const c = d.toSparse();
    expect([c.stride(), c.stride(1), torch.zeros([2, 3, 4]).toSparse(2).stride()]).toEqual(ref.slice(0, 3));
    expect(() => d.toSparseCsr().stride()).toThrow(ref[3] as string);
  });
});

describe("layout= on the factories", () => {
  it("zeros/ones/empty/full, the _like forms and rand make or refuse a sparse layout as PyTorch's", async () => {
    const x = torch.ones([2, 3]);
    const calls: Array<[string, () => Tensor]> = [
      ["torch.zeros(2, 3, layout=torch.sparse_coo)", () => torch.zeros(2, 3, { layout: "sparse_coo" })],
      [
        "torch.zeros(2, 3, layout=torch.sparse_coo, dtype=torch.float64, requires_grad=True)",
        () => torch.zeros(2, 3, { layout: "sparse_coo", dtype: "float64", requiresGrad: true }),
      ],
      ["torch.ones(2, 3, layout=torch.sparse_coo)", () => torch.ones(2, 3, { layout: "sparse_coo" })],
      ["torch.empty(2, 3, layout=torch.sparse_coo)", () => torch.empty(2, 3, { layout: "sparse_coo" })],
      ["torch.empty(2, 3, layout=torch.sparse_csr)", () => torch.empty(2, 3, { layout: "sparse_csr" })],
      ["torch.zeros(2, 3, layout=torch.sparse_csr)", () => torch.zeros(2, 3, { layout: "sparse_csr" })],
      ["torch.full((2, 3), 1.5, layout=torch.sparse_coo)", () => torch.full([2, 3], 1.5, { layout: "sparse_coo" })],
      ["torch.zeros_like(x, layout=torch.sparse_coo)", () => torch.zerosLike(x, { layout: "sparse_coo" })],
      ["torch.empty_like(x, layout=torch.sparse_coo)", () => torch.emptyLike(x, { layout: "sparse_coo" })],
      ["torch.ones_like(x, layout=torch.sparse_coo)", () => torch.onesLike(x, { layout: "sparse_coo" })],
      ["torch.rand(2, 3, layout=torch.sparse_coo)", () => torch.rand(2, 3, { layout: "sparse_coo" })],
      ["torch.zeros(2, 3, layout=torch.strided)", () => torch.zeros(2, 3, { layout: "strided" })],
    ];
    const describe = (f: () => Tensor): unknown[] => {
      try {
        const r = f();
        return [`torch.${r.layout}`, r.shape, r.layout === "strided" ? -1 : r._nnz(), r.dtype, r.requiresGrad];
      } catch (e) {
        const err = e as Error;
        return [err.constructor.name === "Error" ? "RuntimeError" : err.constructor.name, err.message.split("\n")[0]];
      }
    };
    const ref = await py.eval(
      `def describe(f):
    try:
        r = f()
        return [str(r.layout), list(r.shape), -1 if r.layout == torch.strided else r._nnz(), str(r.dtype)[6:], r.requires_grad]
    except Exception as e:
        return [type(e).__name__, str(e).split("\\n")[0]]
out = [describe(lambda: eval(c)) for c in calls]`,
      { x, calls: calls.map((c) => c[0]) },
    );
    expect(calls.map((c) => describe(c[1]))).toEqual(ref);
    expect(() => torch.zeros(2, { layout: "dense" as never })).toThrow(
      "zeros(): argument 'layout' must be torch.layout, not str",
    );
  });
});
