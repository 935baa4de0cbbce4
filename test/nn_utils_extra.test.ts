// The rest of what a training script reaches for, against live PyTorch on the same weights and draws:
// copy.deepcopy of modules, nn.utils.fusion and parameters_to_vector, optim.swa_utils, the
// WeightedRandomSampler, and F's remaining names (dropout1d, gumbel_softmax, the in-place forms).
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { data, nn, optim } from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const F = nn.functional;

// Conv -> BatchNorm -> ReLU -> pool -> Linear, built the same way in Python below.
function makeNet(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(3, 4, 3),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.AdaptiveAvgPool2d(1),
    new nn.Flatten(),
    new nn.Linear(4, 2),
  );
}
const PY_NET = `def make_net(sd):
  m = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                          torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(), torch.nn.Linear(4, 2))
  m.load_state_dict(sd)
  return m
`;

describe("deepcopy and nn.utils", () => {
  it("deepcopy: same class and outputs, no shared memory, tied weights stay tied", () => {
    torch.manualSeed(0);
    const net = makeNet();
    const x = torch.randn([2, 3, 6, 6]);
    net.call(x);
    net.eval();
    const copy = torch.deepcopy(net);
    expect(copy).toBeInstanceOf(nn.Sequential);
    expect(copy.training).toBe(false);
    expect((copy.call(x) as Tensor).equal(net.call(x) as Tensor)).toBe(true);
    const [p0, c0] = [net.parameters()[0] as Tensor, copy.parameters()[0] as Tensor];
    expect(c0.dataPtr()).not.toBe(p0.dataPtr());
    c0.data.add_(1);
    expect((copy.call(x) as Tensor).equal(net.call(x) as Tensor)).toBe(false);
    const a = new nn.Linear(3, 3);
    const tied = new nn.Sequential(a, a);
    const t2 = torch.deepcopy(tied);
    expect(t2.parameters().length).toBe(tied.parameters().length);
    expect((t2.at(0) as nn.Linear).weight.dataPtr()).toBe((t2.at(1) as nn.Linear).weight.dataPtr());
    const nonLeaf = a.weight.mul(2);
    expect(() => torch.deepcopy(nonLeaf)).toThrow(/graph leaves/);
  });

  it("fuseConvBnEval / fuseLinearBnEval / parametersToVector / vectorToParameters as PyTorch's", async () => {
    torch.manualSeed(1);
    const net = makeNet();
    const x = torch.randn([2, 3, 6, 6]);
    for (let i = 0; i < 3; i++) net.call(torch.randn([4, 3, 6, 6]));
    net.eval();
    const sd = net.stateDict();
    const conv = net.at(0) as nn.Conv2d;
    const bn = net.at(1) as nn.BatchNorm2d;
    const fused = nn.utils.fuseConvBnEval(conv, bn);
    const lin = new nn.Linear(5, 4);
    const bn1 = new nn.BatchNorm1d(4);
    bn1.call(torch.randn([8, 5]).matmul(torch.randn([5, 4])));
    lin.eval();
    bn1.eval();
    const fusedLin = nn.utils.fuseLinearBnEval(lin, bn1);
    const z = torch.randn([3, 5]);
    const vec = nn.utils.parametersToVector(net.parameters());
    const target = makeNet();
    const doubled = vec.mul(2);
    nn.utils.vectorToParameters(doubled, target.parameters());
    const ref = (await py.eval(
      `${PY_NET}
net = make_net(sd)
net.eval()
fused = torch.nn.utils.fuse_conv_bn_eval(net[0], net[1])
lin = torch.nn.Linear(5, 4); lin.load_state_dict(lin_sd); lin.eval()
bn1 = torch.nn.BatchNorm1d(4); bn1.load_state_dict(bn1_sd); bn1.eval()
fused_lin = torch.nn.utils.fusion.fuse_linear_bn_eval(lin, bn1)
vec = torch.nn.utils.parameters_to_vector(net.parameters())
target = make_net(sd)
torch.nn.utils.vector_to_parameters(vec * 2, target.parameters())
with torch.no_grad():
  out = [fused.weight, fused.bias, fused(x), net[1](net[0](x)), fused_lin(z), vec, [p for p in target.parameters()]]`,
      { sd, x, z, lin_sd: lin.stateDict(), bn1_sd: bn1.stateDict() },
    )) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor[]];
    torch.noGrad(() => {
      expectTensor(fused.weight, ref[0], { rtol: 1e-6, atol: 1e-7 });
      expectTensor(fused.bias as Tensor, ref[1], { rtol: 1e-6, atol: 1e-7 });
      expectTensor(fused.call(x) as Tensor, ref[2], { rtol: 1e-5, atol: 1e-6 });
      expectTensor(bn.call(conv.call(x)) as Tensor, ref[3], { rtol: 1e-5, atol: 1e-6 });
      expectTensor(fusedLin.call(z) as Tensor, ref[4], { rtol: 1e-5, atol: 1e-6 });
    });
    expectTensor(vec, ref[5]);
    target.parameters().forEach((p, i) => {
      expectTensor(p.detach(), ref[6][i] as Tensor);
    });
    // vector_to_parameters points each parameter into vec's memory (param.data = a slice of vec).
    expect(target.parameters()[1]?.storage().dataPtr()).toBe(doubled.dataPtr());
    expect(() => nn.utils.fuseConvBnEval(new nn.Conv2d(1, 1, 1), new nn.BatchNorm2d(1))).toThrow(
      /Fusion only for eval/,
    );
  });
});

describe("optim.swa_utils as PyTorch's", () => {
  it("AveragedModel over three models, updateBn over a loader, SWALR's learning rates", async () => {
    torch.manualSeed(2);
    const nets = [makeNet(), makeNet(), makeNet()];
    const swa = new optim.swaUtils.AveragedModel(nets[0] as nn.Sequential);
    for (const n of nets) swa.updateParameters(n);
    const batches = [0, 1, 2].map(() => torch.randn([4, 3, 6, 6]));
    const loader = batches.map((b) => [b, torch.zeros([4])]);
    optim.swaUtils.updateBn(loader, swa);
    const inner = swa.module.at(1) as nn.BatchNorm2d;
    const opt = new optim.SGD(nets[0]!.parameters(), { lr: 0.5 });
    const sched = new optim.swaUtils.SWALR(opt, 0.05, { annealEpochs: 3, annealStrategy: "cos" });
    const lrs: number[] = [];
    for (let i = 0; i < 6; i++) {
      opt.step();
      sched.step();
      lrs.push(opt.paramGroups[0]!.lr);
    }
    const lin = new optim.SGD(nets[1]!.parameters(), { lr: 0.5 });
    const schedLin = new optim.swaUtils.SWALR(lin, 0.05, { annealEpochs: 2, annealStrategy: "linear" });
    for (let i = 0; i < 3; i++) {
      lin.step();
      schedLin.step();
      lrs.push(lin.paramGroups[0]!.lr);
    }
    const ref = (await py.eval(
      `${PY_NET}
nets = [make_net(s) for s in sds]
swa = torch.optim.swa_utils.AveragedModel(nets[0])
for n in nets:
  swa.update_parameters(n)
loader = [[b, torch.zeros(4)] for b in batches]
torch.optim.swa_utils.update_bn(loader, swa)
opt = torch.optim.SGD(nets[0].parameters(), lr=0.5)
sched = torch.optim.swa_utils.SWALR(opt, 0.05, anneal_epochs=3, anneal_strategy="cos")
lrs = []
for i in range(6):
  opt.step(); sched.step(); lrs.append(opt.param_groups[0]["lr"])
lin = torch.optim.SGD(nets[1].parameters(), lr=0.5)
sched_lin = torch.optim.swa_utils.SWALR(lin, 0.05, anneal_epochs=2, anneal_strategy="linear")
for i in range(3):
  lin.step(); sched_lin.step(); lrs.append(lin.param_groups[0]["lr"])
out = [list(swa.module.parameters()), swa.module[1].running_mean, swa.module[1].running_var,
       swa.module[1].num_batches_tracked, swa.n_averaged, swa.module[1].momentum, swa.training, lrs]`,
      { sds: nets.map((n) => n.stateDict()), batches },
    )) as [Tensor[], Tensor, Tensor, Tensor, Tensor, number, boolean, number[]];
    swa.module.parameters().forEach((p, i) => {
      expectTensor(p.detach(), ref[0][i] as Tensor, { rtol: 1e-6, atol: 1e-7 });
    });
    expectTensor(inner.runningMean as Tensor, ref[1], { rtol: 1e-5, atol: 1e-6 });
    expectTensor(inner.runningVar as Tensor, ref[2], { rtol: 1e-5, atol: 1e-6 });
    expectTensor(inner.numBatchesTracked as Tensor, ref[3]);
    expectTensor(swa.nAveraged, ref[4]);
    expect([inner.momentum, swa.training]).toEqual([ref[5], ref[6]]);
    lrs.forEach((lr, i) => {
      expect(lr).toBeCloseTo(ref[7][i] as number, 12);
    });
  });
});

describe("data.WeightedRandomSampler and F's remaining names", () => {
  it("WeightedRandomSampler draws PyTorch's indices from the same generator", async () => {
    const w = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6];
    const mine = [
      [...new data.WeightedRandomSampler(w, 12, true, new torch.Generator(5))],
      [...new data.WeightedRandomSampler(w, 5, false, new torch.Generator(6))],
    ];
    const ref = await py.eval(
      `from torch.utils.data import WeightedRandomSampler as W
out = [list(W(w, 12, True, torch.Generator().manual_seed(5))), list(W(w, 5, False, torch.Generator().manual_seed(6)))]`,
      { w },
    );
    expect(mine).toEqual(ref);
    expect(() => new data.WeightedRandomSampler(w, 0)).toThrow(/num_samples should be a positive integer/);
  });

  it("dropout1d, gumbel_softmax (soft and hard), in-place forms and *_with_indices under the same seed", async () => {
    const x = torch.randn([2, 5, 7]);
    torch.manualSeed(11);
    const d1 = F.dropout1d(x, 0.4);
    const d1u = F.dropout1d(x.select(0, 0), 0.4);
    const dm = new nn.Dropout1d(0.3).call(x) as Tensor;
    const g = F.gumbelSoftmax(x, { tau: 0.5 });
    const gh = F.gumbelSoftmax(x, { tau: 2, hard: true, dim: 1 });
    const inplace = [
      F.relu_(x.clone()),
      F.elu_(x.clone(), 0.5),
      F.leakyRelu_(x.clone(), 0.2),
      F.hardtanh_(x.clone(), -0.5, 0.5),
    ];
    const [mp, mi] = F.maxPool1dWithIndices(x, 2);
    const [ap, ai] = F.adaptiveMaxPool1dWithIndices(x, 3);
    const ref = (await py.eval(
      `import torch.nn.functional as F
torch.manual_seed(11)
d1 = F.dropout1d(x, 0.4)
d1u = F.dropout1d(x[0], 0.4)
dm = torch.nn.Dropout1d(0.3)(x)
g = F.gumbel_softmax(x, tau=0.5)
gh = F.gumbel_softmax(x, tau=2, hard=True, dim=1)
inplace = [F.relu_(x.clone()), F.elu_(x.clone(), 0.5), F.leaky_relu_(x.clone(), 0.2), F.hardtanh_(x.clone(), -0.5, 0.5)]
mp, mi = F.max_pool1d_with_indices(x, 2)
ap, ai = F.adaptive_max_pool1d_with_indices(x, 3)
out = [d1, d1u, dm, g, gh, inplace, mp, mi, ap, ai]`,
      { x },
    )) as Array<Tensor | Tensor[]>;
    const mine = [d1, d1u, dm, g, gh, inplace, mp, mi, ap, ai];
    mine.forEach((m, i) => {
      if (!Array.isArray(m)) expectTensor(m, ref[i], { rtol: 1e-6, atol: 1e-7 });
      else
        m.forEach((t, k) => {
          expectTensor(t, (ref[i] as Tensor[])[k], { rtol: 1e-6 });
        });
    });
    expect(() => F.dropout1d(torch.randn([2, 3, 4, 5]))).toThrow(
      /dropout1d: Expected 2D or 3D input, but received a 4D input/,
    );
  });
});

describe("Module._apply, type, toEmpty and extra state, as PyTorch's", () => {
  it("extra state travels in the state dict under <prefix>_extra_state, in PyTorch's key order and checks", async () => {
    class WithExtra extends nn.Module {
      lin = new nn.Linear(2, 2);
      counter = 3;
      getExtraState(): unknown {
        return { counter: this.counter };
      }
      setExtraState(s: unknown): void {
        this.counter = (s as { counter: number }).counter;
      }
      forward(x: Tensor): Tensor {
        return this.lin.call(x);
      }
    }
    const outer = new nn.Sequential(new WithExtra(), new nn.Linear(2, 1));
    const keys = Object.keys(outer.stateDict());
    const fresh = new nn.Sequential(new WithExtra(), new nn.Linear(2, 1));
    (fresh.at(0) as WithExtra).counter = 0;
    fresh.loadStateDict(outer.stateDict());
    const lin = new nn.Linear(2, 2);
    const loose = lin.loadStateDict({ ...lin.stateDict(), _extra_state: 1 }, { strict: false });
    let strictErr = "";
    try {
      new WithExtra().loadStateDict(new nn.Sequential(new nn.Linear(2, 2)).stateDict());
    } catch (e) {
      strictErr = (e as Error).message;
    }
    const ref = (await py.eval(`class WithExtra(torch.nn.Module):
  def __init__(self):
    super().__init__()
    self.lin = torch.nn.Linear(2, 2)
    self.counter = 3
  def get_extra_state(self):
    return {"counter": self.counter}
  def set_extra_state(self, s):
    self.counter = s["counter"]
outer = torch.nn.Sequential(WithExtra(), torch.nn.Linear(2, 1))
lin = torch.nn.Linear(2, 2)
sd = dict(lin.state_dict()); sd["_extra_state"] = 1
loose = lin.load_state_dict(sd, strict=False)
try:
  WithExtra().load_state_dict(torch.nn.Sequential(torch.nn.Linear(2, 2)).state_dict())
  err = ""
except RuntimeError as e:
  err = str(e)
out = [list(outer.state_dict().keys()), list(loose.missing_keys), list(loose.unexpected_keys), err]`)) as [
      string[],
      string[],
      string[],
      string,
    ];
    expect(keys).toEqual(ref[0]);
    expect((fresh.at(0) as WithExtra).counter).toBe(3);
    expect([loose.missingKeys, loose.unexpectedKeys]).toEqual([ref[1], ref[2]]);
    expect(strictErr).toBe(ref[3]);
  });

  it("_apply replaces data in place (same Parameter objects, grads too); type casts integer buffers", async () => {
    torch.manualSeed(3);
    const net = makeNet();
    (net.parameters()[0] as Tensor).grad = torch.onesLike(net.parameters()[0] as Tensor);
    const before = net.parameters();
    net._apply((t) => t.mul(2).double());
    expect(net.parameters().every((p, i) => p === before[i])).toBe(true);
    const typed = makeNet().type("float64");
    const empty = makeNet().toEmpty({ device: "cpu" });
    const ref = (await py.eval(
      `${PY_NET}
net = make_net(sd)
net[0].weight.grad = torch.ones_like(net[0].weight)
net._apply(lambda t: (t * 2).double())
typed = make_net(sd).type(torch.float64)
empty = make_net(sd).to_empty(device="cpu")
out = [net.state_dict(), net[0].weight.grad, {k: str(v.dtype) for k, v in typed.state_dict().items()},
       {k: list(v.shape) for k, v in empty.state_dict().items()}]`,
      { sd: makeNetStateOf(net) },
    )) as [Record<string, Tensor>, Tensor, Record<string, string>, Record<string, number[]>];
    for (const [k, v] of Object.entries(net.stateDict())) expectTensor(v, ref[0][k]);
    expectTensor((net.parameters()[0] as Tensor).grad as Tensor, ref[1]);
    const dtypes = Object.fromEntries(Object.entries(typed.stateDict()).map(([k, v]) => [k, `torch.${v.dtype}`]));
    expect(dtypes).toEqual(ref[2]);
    expect(Object.fromEntries(Object.entries(empty.stateDict()).map(([k, v]) => [k, v.shape]))).toEqual(ref[3]);
  });
});

// The state dict a fresh makeNet() would load to equal `net` before its _apply (halved, float32).
function makeNetStateOf(net: nn.Sequential): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(net.stateDict()).map(([k, v]) => [k, v.isFloatingPoint() ? v.div(2).float() : v]),
  );
}

describe("nn.utils.weightNorm as PyTorch's", () => {
  it("g and v, the recombined weight, gradients after a step, dim=None, remove", async () => {
    torch.manualSeed(5);
    const conv = new nn.Conv1d(2, 3, 3);
    const sd = conv.stateDict();
    const x = torch.randn([2, 2, 6]);
    nn.utils.weightNorm(conv, "weight", 2);
    const y = conv.call(x) as Tensor;
    y.pow(2).sum().backward();
    const m = conv as unknown as Record<string, Tensor>;
    const all = nn.utils.weightNorm(new nn.Linear(3, 2), "weight", null) as unknown as Record<string, Tensor>;
    const lin = nn.utils.removeWeightNorm(nn.utils.weightNorm(new nn.Linear(3, 2)));
    const ref = (await py.eval(
      `conv = torch.nn.Conv1d(2, 3, 3)
conv.load_state_dict(sd)
torch.nn.utils.weight_norm(conv, "weight", 2)
y = conv(x)
(y ** 2).sum().backward()
out = [list(conv.state_dict().keys()), conv.weight_g, conv.weight_v, conv.weight, y, conv.weight_g.grad, conv.weight_v.grad,
  list(torch.nn.utils.weight_norm(torch.nn.Linear(3, 2), "weight", None).weight_g.shape),
  list(torch.nn.utils.remove_weight_norm(torch.nn.utils.weight_norm(torch.nn.Linear(3, 2))).state_dict().keys())]`,
      { sd, x },
    )) as [string[], Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, number[], string[]];
    expect(Object.keys(conv.stateDict())).toEqual(ref[0]);
    expectTensor(m.weight_g as Tensor, ref[1], { rtol: 1e-6 });
    expectTensor(m.weight_v as Tensor, ref[2]);
    expectTensor((m.weight as Tensor).detach(), ref[3], { rtol: 1e-6 });
    expectTensor(y.detach(), ref[4], { rtol: 1e-5, atol: 1e-6 });
    expectTensor((m.weight_g as Tensor).grad as Tensor, ref[5], { rtol: 1e-5, atol: 1e-6 });
    expectTensor((m.weight_v as Tensor).grad as Tensor, ref[6], { rtol: 1e-5, atol: 1e-6 });
    expect((all.weight_g as Tensor).shape).toEqual(ref[7]);
    expect(Object.keys(lin.stateDict())).toEqual(ref[8]);
  });
});

describe("nn.LazyInstanceNorm1d/2d/3d as PyTorch's", () => {
  it("reprs before and after the first input, state dicts, outputs in train and eval", async () => {
    torch.manualSeed(6);
    const shapes = [
      [3, 4, 5],
      [2, 3, 4, 4],
      [2, 3, 2, 3, 3],
      [4, 5],
    ];
    const make = [
      () => new nn.LazyInstanceNorm1d(),
      () => new nn.LazyInstanceNorm2d({ momentum: 0.3 }),
      () => new nn.LazyInstanceNorm3d({ eps: 1e-3 }),
      () => new nn.LazyInstanceNorm1d({ affine: false, trackRunningStats: false }),
    ];
    const xs = shapes.map((s) => torch.randn(s));
    const mine = make.map((f, i) => {
      const m = f();
      const before = m.toString();
      const x = xs[i] as Tensor;
      const train = m.call(x) as Tensor;
      m.eval();
      const evalOut = m.call(x) as Tensor;
      return [before, m.toString(), Object.keys(m.stateDict()), train, evalOut, m.stateDict()] as const;
    });
    const ref = (await py.eval(
      `makers = [lambda: torch.nn.LazyInstanceNorm1d(), lambda: torch.nn.LazyInstanceNorm2d(momentum=0.3),
  lambda: torch.nn.LazyInstanceNorm3d(eps=1e-3),
  lambda: torch.nn.LazyInstanceNorm1d(affine=False, track_running_stats=False)]
res = []
for f, x in zip(makers, xs):
  m = f()
  before = repr(m)
  train = m(x)
  m.eval()
  ev = m(x)
  res.append([before, repr(m), list(m.state_dict().keys()), train, ev, dict(m.state_dict())])
out = res`,
      { xs },
    )) as Array<[string, string, string[], Tensor, Tensor, Record<string, Tensor>]>;
    mine.forEach(([before, after, keys, train, evalOut, sd], i) => {
      const r = ref[i] as [string, string, string[], Tensor, Tensor, Record<string, Tensor>];
      expect([before, after, keys]).toEqual([r[0], r[1], r[2]]);
      expectTensor(train.detach(), r[3], { rtol: 1e-5, atol: 1e-6 });
      expectTensor(evalOut.detach(), r[4], { rtol: 1e-5, atol: 1e-6 });
      for (const [k, v] of Object.entries(sd)) expectTensor(v, r[5][k], { rtol: 1e-6, atol: 1e-7 });
    });
  });
});

describe("keyword forms of required constructor arguments, as Python's", () => {
  it("nn.Conv2d(in_channels=.., kernel_size=..), MaxPool2d(kernel_size=..), LSTM(input_size=..), ...: same modules and weights", async () => {
    const cases: Array<[() => nn.Module, string]> = [
      [
        () => new nn.Conv2d({ inChannels: 3, outChannels: 6, kernelSize: 5 }),
        "nn.Conv2d(in_channels=3, out_channels=6, kernel_size=5)",
      ],
      [
        () => new nn.Conv2d(3, 6, { kernelSize: [3, 2], bias: false }),
        "nn.Conv2d(3, 6, kernel_size=(3, 2), bias=False)",
      ],
      [() => new nn.Linear({ inFeatures: 4, outFeatures: 2 }), "nn.Linear(in_features=4, out_features=2)"],
      [() => new nn.MaxPool2d({ kernelSize: 2, stride: 2 }), "nn.MaxPool2d(kernel_size=2, stride=2)"],
      [
        () => new nn.LSTM({ inputSize: 4, hiddenSize: 8, batchFirst: true }),
        "nn.LSTM(input_size=4, hidden_size=8, batch_first=True)",
      ],
      [
        () => new nn.Embedding({ numEmbeddings: 10, embeddingDim: 3 }),
        "nn.Embedding(num_embeddings=10, embedding_dim=3)",
      ],
      [() => new nn.BatchNorm2d({ numFeatures: 6, momentum: 0.2 }), "nn.BatchNorm2d(num_features=6, momentum=0.2)"],
      [
        () => new nn.TransformerEncoderLayer({ dModel: 8, nhead: 2, dimFeedforward: 16 }),
        "nn.TransformerEncoderLayer(d_model=8, nhead=2, dim_feedforward=16)",
      ],
    ];
    const mine = cases.map(([make]) => {
      torch.manualSeed(7);
      const m = make();
      return [m.toString(), m.stateDict()] as const;
    });
    const ref = (await py.eval(
      `from torch import nn
res = []
for code in codes:
  torch.manual_seed(7)
  m = eval(code)
  res.append([repr(m), dict(m.state_dict())])
out = res`,
      { codes: cases.map(([, c]) => c) },
    )) as Array<[string, Record<string, Tensor>]>;
    mine.forEach(([repr, sd], i) => {
      const r = ref[i] as [string, Record<string, Tensor>];
      expect(repr).toBe(r[0]);
      expect(Object.keys(sd)).toEqual(Object.keys(r[1]));
      for (const [k, v] of Object.entries(sd)) expectTensor(v, r[1][k]);
    });
    const errs = [
      () => new nn.Linear({ inFeatures: 4 }),
      () => new nn.Linear(4, { inFeatures: 4, outFeatures: 2 }),
      () => new nn.Conv2d({ inChannels: 3 }),
    ].map((f) => {
      try {
        f();
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    });
    const refErrs = await py.eval(`from torch import nn
errs = []
for f in [lambda: nn.Linear(in_features=4), lambda: nn.Linear(4, in_features=4, out_features=2),
          lambda: nn.Conv2d(in_channels=3)]:
  try:
    f(); errs.append("")
  except TypeError as e:
    errs.append(str(e))
out = errs`);
    expect(errs).toEqual(refErrs);
    const lin = new nn.Linear(2, 2);
    expect(lin.constructor).toBe(nn.Linear);
    expect(lin).toBeInstanceOf(nn.Linear);
  });
});

describe("nn.utils.spectralNorm as PyTorch's", () => {
  it("u/v draws, power iteration in training, eval outputs, gradients, state dict keys, remove", async () => {
    const mine = (() => {
      torch.manualSeed(9);
      const lin = new nn.Linear(5, 4);
      const conv = new nn.ConvTranspose2d(3, 2, 3);
      nn.utils.spectralNorm(lin);
      nn.utils.spectralNorm(conv, "weight", 2);
      const x = torch.randn([3, 5]);
      const xc = torch.randn([1, 3, 4, 4]);
      const y1 = lin.call(x) as Tensor;
      const y2 = lin.call(x) as Tensor;
      (y2 as Tensor).sum().backward();
      const yc = conv.call(xc) as Tensor;
      lin.eval();
      const y3 = lin.call(x) as Tensor;
      const m = lin as unknown as Record<string, Tensor>;
      const keys = Object.keys(lin.stateDict());
      const u = (m.weight_u as Tensor).clone();
      const grad = (m.weight_orig as Tensor).grad as Tensor;
      nn.utils.removeSpectralNorm(lin);
      return { y1, y2, yc, y3, u, grad, keys, after: Object.keys(lin.stateDict()), w: lin.weight };
    })();
    const ref = (await py.eval(`from torch import nn
torch.manual_seed(9)
lin = nn.Linear(5, 4)
conv = nn.ConvTranspose2d(3, 2, 3)
nn.utils.spectral_norm(lin)
nn.utils.spectral_norm(conv, "weight", 2)
x = torch.randn(3, 5)
xc = torch.randn(1, 3, 4, 4)
y1 = lin(x)
y2 = lin(x)
y2.sum().backward()
yc = conv(xc)
lin.eval()
y3 = lin(x)
keys = list(lin.state_dict().keys())
u = lin.weight_u.clone()
grad = lin.weight_orig.grad
nn.utils.remove_spectral_norm(lin)
out = [y1, y2, yc, y3, u, grad, keys, list(lin.state_dict().keys()), lin.weight]`)) as unknown[];
    const tol = { rtol: 1e-5, atol: 1e-6 };
    [mine.y1, mine.y2, mine.yc, mine.y3, mine.u, mine.grad].forEach((t, i) => {
      expectTensor(t.detach(), ref[i] as Tensor, tol, `result ${i}`);
    });
    expect(mine.keys).toEqual(ref[6]);
    expect(mine.after).toEqual(ref[7]);
    expectTensor(mine.w.detach(), ref[8] as Tensor, tol);
  });
});

describe("nn.utils.stateless.functionalCall as PyTorch's", () => {
  it("outputs and gradients with replaced parameters, buffers updated in the given tensors, originals restored", async () => {
    torch.manualSeed(10);
    const net = makeNet();
    const sd = net.stateDict();
    const x = torch.randn([2, 3, 6, 6]);
    const params = Object.fromEntries(
      Object.entries(sd)
        .filter(([k]) => k.endsWith("weight") || k.endsWith("bias"))
        .map(([k, v]) => [k, v.mul(1.5).requiresGrad_(true)]),
    );
    const rm = torch.zeros([4]);
    const before = (net.at(0) as nn.Conv2d).weight.clone();
    const y = torch.func.functionalCall(net, { ...params, "1.running_mean": rm }, [x]) as Tensor;
    y.sum().backward();
    const ref = (await py.eval(
      `${PY_NET}
net = make_net(sd)
params = {k: (v * 1.5).requires_grad_() for k, v in sd.items() if k.endswith("weight") or k.endswith("bias")}
rm = torch.zeros(4)
y = torch.nn.utils.stateless.functional_call(net, {**params, "1.running_mean": rm}, (x,))
y.sum().backward()
out = [y, rm, params["0.weight"].grad, params["5.bias"].grad, net[0].weight, net[1].running_mean]`,
      { sd, x },
    )) as Tensor[];
    const tol = { rtol: 1e-5, atol: 1e-6 };
    expectTensor(y.detach(), ref[0] as Tensor, tol);
    expectTensor(rm, ref[1] as Tensor, tol);
    expectTensor(params["0.weight"]?.grad as Tensor, ref[2] as Tensor, tol);
    expectTensor(params["5.bias"]?.grad as Tensor, ref[3] as Tensor, tol);
    expectTensor((net.at(0) as nn.Conv2d).weight.detach(), before);
    expectTensor((net.at(1) as nn.BatchNorm2d).runningMean as Tensor, ref[5] as Tensor);
    expect((net.at(0) as nn.Conv2d).weight).toBeInstanceOf(nn.Parameter);
  });
});
