import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LeNet5 } from "../examples/lenet5";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import { attentionKernel } from "../lib/nn/modules/attention";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";
import {
  CONV_CASES,
  convCase,
  crossEntropyCase,
  LOSS_CASES,
  lenetCase,
  linearCase,
  moduleParity,
  POOL_CASES,
  REF_SCRIPT,
  simpleLayersCase,
} from "./parity/layers";

const py = new PyTorch();
afterAll(() => py.close());
// The first convolution backward in a process may take another reduction order (seen: 2e-6 abs on a
// weight grad, exact afterwards), so layer checks allow 1e-5 (parity/layers.ts likewise).
const TOL = { rtol: 1e-5, atol: 1e-5 };
const REF = REF_SCRIPT;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-nn-"));

describe("layers against PyTorch (forward, backward, grads)", () => {
  it.each(CONV_CASES)("Conv2d %s", async (...c) => {
    const m = await convCase(py, c);
    const r = (await py.eval(`out = repr(nn.Conv2d(4, 6, 3${c[2] ? `, ${c[2]}` : ""}))`)) as string;
    expect(m.toString()).toBe(r);
  });
  it.each([[true], [false]])("Linear bias=%s", async (bias) => {
    await linearCase(py, bias);
  });
  it.each(POOL_CASES)("MaxPool2d %s", async (_n, k, o, pyArgs) => {
    torch.manualSeed(5);
    const m = new nn.MaxPool2d(k, o);
    await moduleParity(py, m, `nn.MaxPool2d(${pyArgs})`, torch.randn([2, 3, 9, 9]));
    expect(m.toString()).toBe((await py.eval(`out = repr(nn.MaxPool2d(${pyArgs}))`)) as string);
  });
  it("ReLU, Flatten, Identity, Dropout in eval", async () => {
    await simpleLayersCase(py);
    for (const [m, e] of [
      [new nn.ReLU({ inplace: true }), "nn.ReLU(inplace=True)"],
      [new nn.Flatten(), "nn.Flatten()"],
      [new nn.Dropout(0.3), "nn.Dropout(0.3)"],
    ] as const) {
      expect(m.toString()).toBe((await py.eval(`out = repr(${e})`)) as string);
    }
  });
  it("ReLU inplace changes its input", () => {
    const x = torch.tensor([-1, 2]);
    new nn.ReLU({ inplace: true }).forward(x);
    expect(x.tolist()).toEqual([0, 2]);
  });
});

describe("losses and functional forms", () => {
  it("TripletMarginWithDistanceLoss: default, a JS distance function, a module, swap, reductions, as PyTorch", async () => {
    torch.manualSeed(4);
    const a = torch.randn([5, 3]).requiresGrad_(),
      p = torch.randn([5, 3]),
      n = torch.randn([5, 3]);
    const cos = (x: Tensor, y: Tensor) => torch.cosineSimilarity(x, y).neg().add(1);
    const mine = [
      new nn.TripletMarginWithDistanceLoss().forward(a, p, n),
      new nn.TripletMarginWithDistanceLoss({ distanceFunction: cos, margin: 0.5 }).forward(a, p, n),
      new nn.TripletMarginWithDistanceLoss({ distanceFunction: new nn.PairwiseDistance({ p: 1 }), swap: true }).forward(
        a,
        p,
        n,
      ),
      torch.nn.functional.tripletMarginWithDistanceLoss(a, p, n, { reduction: "none", swap: true }),
      torch.nn.functional.tripletMarginWithDistanceLoss(a, p, n, { reduction: "sum", margin: 2 }),
    ];
    const ref = (await py.eval(
      `cos = lambda x, y: 1 - F.cosine_similarity(x, y)
a.requires_grad_()
out = [nn.TripletMarginWithDistanceLoss()(a, p, n),
       nn.TripletMarginWithDistanceLoss(distance_function=cos, margin=0.5)(a, p, n),
       nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(p=1), swap=True)(a, p, n),
       F.triplet_margin_with_distance_loss(a, p, n, reduction="none", swap=True),
       F.triplet_margin_with_distance_loss(a, p, n, reduction="sum", margin=2)]
out = [t.detach() for t in out] + [torch.autograd.grad(sum(o.sum() for o in out), a)[0]]`,
      { a, p, n },
    )) as Tensor[];
    mine.forEach((m, i) => {
      expectTensor(m.detach(), ref[i], TOL, `case ${i}`);
    });
    const g = torch.autograd.grad([mine.map((m) => m.sum()).reduce((x, y) => x.add(y))], [a])[0] as Tensor;
    expectTensor(g, ref[5], TOL, "grad");
    const bad = await py.run("out = nn.TripletMarginWithDistanceLoss(reduction='avg')");
    expect(() => new nn.TripletMarginWithDistanceLoss({ reduction: "avg" as "mean" })).toThrow(bad.error);
  });
  it.each(LOSS_CASES)("CrossEntropyLoss %s", async (...c) => {
    await crossEntropyCase(py, c);
  });
  it("CrossEntropyLoss with class weights", async () => {
    torch.manualSeed(9);
    const x = torch.randn([6, 3]),
      t = torch.tensor([0, 2, 1, 1, 2, 0]),
      w = torch.tensor([0.2, 1, 3]);
    expectTensor(
      new nn.CrossEntropyLoss({ weight: w }).forward(x, t),
      await py.eval("out = nn.CrossEntropyLoss(weight=w)(x, t)", { x, t, w }),
      TOL,
    );
  });
  it("NLLLoss and MSELoss", async () => {
    torch.manualSeed(10);
    const x = torch.randn([4, 3]),
      t = torch.tensor([0, 2, 1, 1]),
      y = torch.randn([4, 3]);
    const lsm = nn.functional.logSoftmax(x, 1);
    expectTensor(
      new nn.NLLLoss().forward(lsm, t),
      await py.eval("out = nn.NLLLoss()(F.log_softmax(x, 1), t)", { x, t }),
      TOL,
    );
    expectTensor(new nn.MSELoss().forward(x, y), await py.eval("out = nn.MSELoss()(x, y)", { x, y }), TOL);
    expectTensor(
      new nn.MSELoss({ reduction: "sum" }).forward(x, y),
      await py.eval("out = nn.MSELoss(reduction='sum')(x, y)", { x, y }),
      TOL,
    );
  });
  it("functional relu, softmax, logSoftmax, linear, conv2d, maxPool2d, batchNorm", async () => {
    torch.manualSeed(11);
    const x = torch.randn([2, 3, 6, 6]),
      w = torch.randn([4, 3, 3, 3]),
      b = torch.randn([4]);
    const v = torch.randn([5, 4]),
      lw = torch.randn([3, 4]);
    const rm = torch.zeros([3]),
      rv = torch.ones([3]);
    const F = nn.functional;
    const ours = [
      F.relu(x),
      F.softmax(v, 1),
      F.logSoftmax(v, 0),
      F.linear(v, lw),
      F.conv2d(x, w, b, { padding: 1 }),
      F.maxPool2d(x, 2),
      F.batchNorm(x, rm, rv, { training: true, momentum: 0.2 }),
      rm,
      rv,
    ];
    const ref = (await py.call("parity_nn.functional_forms", { x, w, b, v, lw })) as Tensor[];
    ours.forEach((t, i) => {
      expectTensor(t, ref[i], TOL);
    });
  });
  it("a shape error carries PyTorch's message", async () => {
    const r = await py.run("nn.Linear(4, 2)(torch.zeros(3, 5))");
    expect(() => new nn.Linear(4, 2).forward(torch.zeros([3, 5]))).toThrow(r.error!);
    const r2 = await py.run("nn.Conv2d(3, 6, 5)(torch.zeros(1, 3, 4, 4))");
    expect(() => new nn.Conv2d(3, 6, 5).forward(torch.zeros([1, 3, 4, 4]))).toThrow(r2.error!);
  });
});

describe("Module", () => {
  it("initial weights are bit-identical to PyTorch's after the same seed", async () => {
    for (const [build, pyExpr] of [
      [() => new nn.Linear(400, 120), "nn.Linear(400, 120)"],
      [() => new nn.Conv2d(3, 6, 5), "nn.Conv2d(3, 6, 5)"],
      [() => new nn.Conv2d(6, 16, 5, { groups: 2, bias: false }), "nn.Conv2d(6, 16, 5, groups=2, bias=False)"],
    ] as const) {
      torch.manualSeed(0);
      const m = build();
      const ref = (await py.eval(`torch.manual_seed(0)\nout = ${pyExpr}.state_dict()`)) as Record<string, Tensor>;
      const sd = m.stateDict();
      expect(Object.keys(sd)).toEqual(Object.keys(ref));
      for (const k of Object.keys(sd)) expectTensor(sd[k], ref[k]);
    }
  });

  it("nn.init kaimingNormal_, xavierNormal_, eye_ draw and fill as PyTorch's after the same seed", async () => {
    const cases: Array<[() => torch.Tensor, string]> = [
      [() => nn.init.kaimingNormal_(torch.empty([8, 5, 3, 3])), "nn.init.kaiming_normal_(torch.empty(8, 5, 3, 3))"],
      [
        () => nn.init.kaimingNormal_(torch.empty([8, 5, 3, 3]), 0.1, "fan_out", "relu"),
        "nn.init.kaiming_normal_(torch.empty(8, 5, 3, 3), 0.1, 'fan_out', 'relu')",
      ],
      [() => nn.init.xavierNormal_(torch.empty([6, 4]), 2), "nn.init.xavier_normal_(torch.empty(6, 4), 2)"],
      [() => nn.init.eye_(torch.empty([3, 5])), "nn.init.eye_(torch.empty(3, 5))"],
    ];
    for (const [mine, expr] of cases) {
      torch.manualSeed(3);
      const ref = (await py.eval(`torch.manual_seed(3)\nout = ${expr}`)) as Tensor;
      expectTensor(mine(), ref);
    }
    const r = await py.run("nn.init.eye_(torch.empty(2, 2, 2))");
    expect(() => nn.init.eye_(torch.empty([2, 2, 2]))).toThrow(r.error!);
  });

  it("nn.init truncNormal_, orthogonal_, dirac_, sparse_ give PyTorch's values after the same seed; its errors", async () => {
    const cases: Array<[() => torch.Tensor, string]> = [
      [() => nn.init.truncNormal_(torch.empty([50, 40])), "nn.init.trunc_normal_(torch.empty(50, 40))"],
      [
        () => nn.init.truncNormal_(torch.empty([7, 9]), 0.5, 0.2, 0.1, 0.8),
        "nn.init.trunc_normal_(torch.empty(7, 9), 0.5, 0.2, 0.1, 0.8)",
      ],
      [() => nn.init.orthogonal_(torch.empty([6, 4])), "nn.init.orthogonal_(torch.empty(6, 4))"],
      [() => nn.init.orthogonal_(torch.empty([3, 8]), 2), "nn.init.orthogonal_(torch.empty(3, 8), 2)"],
      [() => nn.init.orthogonal_(torch.empty([4, 2, 3, 3])), "nn.init.orthogonal_(torch.empty(4, 2, 3, 3))"],
      [
        () => nn.init.orthogonal_(torch.empty([5, 5], { dtype: "float64" })),
        "nn.init.orthogonal_(torch.empty(5, 5, dtype=torch.float64))",
      ],
      [() => nn.init.dirac_(torch.empty([4, 3, 5])), "nn.init.dirac_(torch.empty(4, 3, 5))"],
      [() => nn.init.dirac_(torch.empty([6, 2, 3, 3]), 3), "nn.init.dirac_(torch.empty(6, 2, 3, 3), 3)"],
      [() => nn.init.dirac_(torch.empty([2, 4, 3, 2, 3])), "nn.init.dirac_(torch.empty(2, 4, 3, 2, 3))"],
      [() => nn.init.sparse_(torch.empty([10, 6]), 0.3), "nn.init.sparse_(torch.empty(10, 6), 0.3)"],
      [() => nn.init.sparse_(torch.empty([8, 3]), 0.5, 1.5), "nn.init.sparse_(torch.empty(8, 3), 0.5, 1.5)"],
      [() => torch.linalg.qr(torch.randn([5, 3]))[0], "torch.linalg.qr(torch.randn(5, 3))[0]"],
      [() => torch.linalg.qr(torch.randn([3, 5]), "complete")[1], "torch.linalg.qr(torch.randn(3, 5), 'complete')[1]"],
      [() => torch.randn([4, 4]).diag(-1), "torch.randn(4, 4).diag(-1)"],
      [() => torch.diag(torch.randn([3]), 1), "torch.diag(torch.randn(3), 1)"],
      [() => torch.rand([6]).mul(2).sub(1).erfinv(), "torch.rand(6).mul(2).sub(1).erfinv()"],
      [() => torch.randn([2, 3]).t(), "torch.randn(2, 3).t()"],
    ];
    for (const [mine, expr] of cases) {
      torch.manualSeed(5);
      const ref = (await py.eval(`torch.manual_seed(5)\nout = ${expr}`)) as Tensor;
      expectTensor(mine(), ref, {}, expr);
    }
    const gains = ["conv_transpose1d", "conv_transpose2d", "conv_transpose3d"];
    const refGains = (await py.eval(`out = [nn.init.calculate_gain(n) for n in ${JSON.stringify(gains)}]`)) as number[];
    expect(gains.map((n) => nn.init.calculateGain(n))).toEqual(refGains);
    const errors: Array<[() => unknown, string]> = [
      [() => nn.init.orthogonal_(torch.empty([3])), "nn.init.orthogonal_(torch.empty(3))"],
      [() => nn.init.dirac_(torch.empty([3, 3])), "nn.init.dirac_(torch.empty(3, 3))"],
      [() => nn.init.dirac_(torch.empty([3, 2, 3]), 2), "nn.init.dirac_(torch.empty(3, 2, 3), 2)"],
      [() => nn.init.sparse_(torch.empty([3, 3, 3]), 0.1), "nn.init.sparse_(torch.empty(3, 3, 3), 0.1)"],
      [() => torch.linalg.qr(torch.ones([2, 2]), "x" as "r"), "torch.linalg.qr(torch.ones(2, 2), 'x')"],
    ];
    for (const [mine, code] of errors) {
      const r = await py.run(code);
      expect(r.error, code).toBeTruthy();
      expect(mine, code).toThrow(r.error!);
    }
  });

  it.each([[true], [false]])(
    "LeNet-5 (BN=%s): identical state dict, logits and every gradient; same printed form",
    async (bn) => {
      const repr = await lenetCase(py, bn);
      expect(new LeNet5(bn).toString()).toBe(repr);
    },
  );

  it("registers submodules, parameters and buffers in PyTorch's order", () => {
    const m = new LeNet5(true);
    expect(m.parameters().length).toBe(18);
    expect([...m.namedBuffers()].map(([k]) => k)).toEqual([
      "features.1.running_mean",
      "features.1.running_var",
      "features.1.num_batches_tracked",
      "features.5.running_mean",
      "features.5.running_var",
      "features.5.num_batches_tracked",
      "classifier.2.running_mean",
      "classifier.2.running_var",
      "classifier.2.num_batches_tracked",
      "classifier.5.running_mean",
      "classifier.5.running_var",
      "classifier.5.num_batches_tracked",
    ]);
    expect([...m.children()].length).toBe(2);
    expect([...m.modules()].length).toBe(19);
    expect(m.parameters(false).length).toBe(0);
  });

  it("train()/eval() reach every submodule; zeroGrad clears grads (default set_to_none as the PyTorch beside it)", async () => {
    const m = new LeNet5(true);
    m.eval();
    expect([...m.modules()].every((x) => !x.training)).toBe(true);
    m.train();
    expect([...m.modules()].every((x) => x.training)).toBe(true);
    m.forward(torch.randn([2, 3, 32, 32]))
      .sum()
      .backward();
    expect(m.parameters().every((p) => p.grad !== null)).toBe(true);
    m.zeroGrad({ setToNone: false });
    expect(m.parameters().every((p) => (p.grad!.abs().sum().item() as number) === 0)).toBe(true);
    m.forward(torch.randn([2, 3, 32, 32]))
      .sum()
      .backward();
    m.zeroGrad({ setToNone: true });
    expect(m.parameters().every((p) => p.grad === null)).toBe(true);
    // The default: PyTorch 1.13 zeroes (set_to_none=False), 2.x sets None.
    const pyNone = await py.eval(
      "m = nn.Linear(2, 2)\nm(torch.ones(1, 2)).sum().backward()\nm.zero_grad()\nout = m.weight.grad is None",
    );
    m.forward(torch.randn([2, 3, 32, 32]))
      .sum()
      .backward();
    m.zeroGrad();
    expect(m.parameters().every((p) => p.grad === null)).toBe(pyNone);
  });

  it("a user subclass mixes layers and registers them by field", () => {
    class Net extends nn.Module {
      fc1 = new nn.Linear(4, 3);
      bn = new nn.BatchNorm1d(3);
      fc2 = new nn.Linear(3, 2);
      forward(x: Tensor): Tensor {
        return this.fc2.forward(this.bn.forward(this.fc1.forward(x)).relu());
      }
    }
    const n = new Net();
    expect(Object.keys(n.stateDict())).toEqual([
      "fc1.weight",
      "fc1.bias",
      "bn.weight",
      "bn.bias",
      "bn.running_mean",
      "bn.running_var",
      "bn.num_batches_tracked",
      "fc2.weight",
      "fc2.bias",
    ]);
    expect(n.forward(torch.randn([5, 4])).shape).toEqual([5, 2]);
    const s = new nn.Sequential(new nn.Linear(2, 2));
    s.append(new nn.ReLU());
    expect(s.length).toBe(2);
    expect(s.at(-1)).toBeInstanceOf(nn.ReLU);
  });

  it("loadStateDict errors match PyTorch's", async () => {
    const ref = await py.tryCall("parity_nn.load_missing_and_unexpected");
    const m = new nn.Sequential(new nn.Linear(2, 3), new nn.BatchNorm1d(3));
    const sd = m.stateDict();
    delete sd["0.bias"];
    sd.extra = torch.zeros([1]);
    let msg = "";
    try {
      m.loadStateDict(sd);
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg.split("\n")[0]).toBe(ref.error);
    const full = (await py.call("parity_nn.load_missing_and_unexpected_message")) as string;
    expect(msg).toBe(full);
    const mismatch = (await py.call("parity_nn.size_mismatch_message")) as string;
    let msg2 = "";
    try {
      new nn.Linear(2, 3).loadStateDict(new nn.Linear(2, 4).stateDict());
    } catch (e) {
      msg2 = (e as Error).message;
    }
    expect(msg2).toBe(mismatch);
    expect(m.loadStateDict(sd, { strict: false }).missingKeys).toEqual(["0.bias"]);
  });

  it("to(dtype) keeps Parameter identity", () => {
    const m = new nn.Linear(3, 2);
    const w = m.weight;
    m.to("float64");
    expect(m.weight).toBe(w);
    expect(w.dtype).toBe("float64");
    expect(w.requiresGrad).toBe(true);
  });
});

describe("checkpoints", () => {
  it("torchts -> PyTorch -> torchts round trip is bitwise", async () => {
    torch.manualSeed(1);
    const m = new LeNet5(true);
    m.forward(torch.randn([4, 3, 32, 32]));
    const f1 = path.join(tmp, "a.pt"),
      f2 = path.join(tmp, "b.pt");
    torch.save(m.stateDict(), f1);
    await py.call("parity_nn.resave_lenet", { f1, f2, ref_path: REF });
    const back = torch.load(f2) as Record<string, Tensor>;
    const sd = m.stateDict();
    expect(Object.keys(back)).toEqual(Object.keys(sd));
    for (const k of Object.keys(sd)) expectTensor(back[k], sd[k]);
    const m2 = new LeNet5(true);
    m2.loadStateDict(back);
    for (const [k, v] of Object.entries(m2.stateDict())) expectTensor(v, sd[k]);
  });

  it("loads what torch.save(model.state_dict()) writes in Python", async () => {
    const f = path.join(tmp, "py.pt");
    const ref = (await py.call("parity_nn.save_sequential", { f })) as Record<string, Tensor>;
    const loaded = torch.load(f) as Record<string, Tensor>;
    expect(Object.keys(loaded)).toEqual(Object.keys(ref));
    for (const k of Object.keys(ref)) expectTensor(loaded[k], ref[k]);
  });

  it("a corrupt or truncated file is an Error naming the file", async () => {
    const f = path.join(tmp, "bad.pt");
    fs.writeFileSync(f, "not a checkpoint");
    expect(() => torch.load(f)).toThrow(f);
    const good = path.join(tmp, "good.pt");
    torch.save({ w: torch.ones([1000]) }, good);
    const buf = fs.readFileSync(good);
    const cut = path.join(tmp, "cut.pt");
    fs.writeFileSync(cut, buf.subarray(0, buf.length - 300));
    expect(() => torch.load(cut)).toThrow(cut);
    expect(() => torch.load(path.join(tmp, "missing.pt"))).toThrow(/No such file/);
  });

  it("saves atomically: no temporary file is left", () => {
    const f = path.join(tmp, "atomic.pt");
    torch.save({ a: torch.zeros([3]) }, f);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith("atomic"))).toEqual(["atomic.pt"]);
  });
});

describe("MultiheadAttention without weights on a 2.x libtorch (scaled_dot_product_attention)", () => {
  // 1.13 has no scaled_dot_product_attention: the kernel is replaced by its definition (softmax(q k^T /
  // sqrt(d) + mask) v, no dropout) to check the 2.x path's views, mask shapes and output layout
  // against the 1.13 path on the same module and inputs.
  const definition = (q: Tensor, k: Tensor, v: Tensor, mask: Tensor | null, p: number): Tensor => {
    expect(p).toBe(0);
    expect(q.dim()).toBe(4);
    let s = q.matmul(k.transpose(-2, -1)).div(Math.sqrt(q.size(-1)));
    if (mask) s = s.add(mask);
    return s.softmax(-1).matmul(v);
  };
  const cases: Array<[string, () => nn.MultiheadAttention, number[], number[] | null, object]> = [
    ["self-attention", () => new nn.MultiheadAttention(8, 2), [5, 3, 8], null, {}],
    ["key/value of another length", () => new nn.MultiheadAttention(8, 4), [5, 3, 8], [7, 3, 8], {}],
    ["bool attn_mask (L, S)", () => new nn.MultiheadAttention(8, 2), [5, 3, 8], [6, 3, 8], { attn: [5, 6] }],
    [
      "float attn_mask (N*heads, L, S)",
      () => new nn.MultiheadAttention(8, 2),
      [5, 3, 8],
      [6, 3, 8],
      { attn3: [6, 5, 6] },
    ],
    ["key_padding_mask", () => new nn.MultiheadAttention(8, 2), [5, 3, 8], [6, 3, 8], { kpm: [3, 6] }],
    [
      "bias_kv and zero_attn with both masks",
      () => new nn.MultiheadAttention(8, 2, { addBiasKv: true, addZeroAttn: true }),
      [5, 3, 8],
      [6, 3, 8],
      { attn: [5, 6], kpm: [3, 6] },
    ],
    ["kdim, vdim", () => new nn.MultiheadAttention(8, 2, { kdim: 6, vdim: 4 }), [5, 3, 8], [6, 3, 6], { vdim: 4 }],
    ["batch_first", () => new nn.MultiheadAttention(8, 2, { batchFirst: true }), [3, 5, 8], [3, 6, 8], {}],
    ["unbatched", () => new nn.MultiheadAttention(8, 2), [5, 8], [6, 8], {}],
  ];
  it.each(cases)("%s: the same output as the 1.13 path", (_name, make, qs, ks, o) => {
    const opts = o as { attn?: number[]; attn3?: number[]; kpm?: number[]; vdim?: number };
    torch.manualSeed(0);
    const m = make();
    const q = torch.randn(qs);
    const k = ks ? torch.randn(ks) : q;
    const v = opts.vdim ? torch.randn([...ks!.slice(0, -1), opts.vdim]) : k;
    const fo = {
      needWeights: false,
      attnMask: opts.attn ? torch.rand(opts.attn).gt(0.7) : opts.attn3 ? torch.randn(opts.attn3) : null,
      keyPaddingMask: opts.kpm ? torch.rand(opts.kpm).gt(0.7) : null,
    };
    const saved = { ...attentionKernel };
    const old = torch.noGrad(() => m.forward(q, k, v, fo));
    let calls = 0;
    attentionKernel.fused = () => true;
    attentionKernel.sdpa = (...a) => {
      calls++;
      return definition(...a);
    };
    try {
      const fused = torch.noGrad(() => m.forward(q, k, v, fo));
      expect(calls).toBe(1);
      expect(fused[1]).toBe(null);
      expectTensor(fused[0], old[0], { rtol: 1e-5, atol: 1e-6 });
    } finally {
      Object.assign(attentionKernel, saved);
    }
  });
});
