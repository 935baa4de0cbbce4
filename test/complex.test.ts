// Complex tensors against live PyTorch on the same inputs: creation from Complex values, item/tolist,
// printing, complex Scalar arguments, the parts (real/imag/view_as_real/polar/...), torch.fft, stft/istft,
// linalg.eig, autograd through complex intermediates, save/load both ways, and libtorch's warnings.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const { Complex } = torch;
const py = new PyTorch();
afterAll(() => py.close());

torch.manualSeed(5);
const re = torch.randn([4, 6]);
const im = torch.randn([4, 6]);
const z = torch.complex(re, im); // complex64
const zd = z.to("complex128");
const sig = torch.randn([2, 40]);
const win = torch.hannWindow(16);
const sq = torch.randn([4, 4]);
const inputs = { re, im, z, zd, sig, win, sq };

// [name, torchts, PyTorch expression over the same names, tolerance]
type Case = [string, () => Tensor | Tensor[], string, number?];
const CASES: Case[] = [
  ["complex()", () => torch.complex(re, im), "torch.complex(re, im)"],
  ["real view", () => z.real, "z.real"],
  ["imag view", () => z.imag, "z.imag"],
  ["torch.real", () => torch.real(zd), "torch.real(zd)"],
  ["view_as_real", () => torch.viewAsReal(z), "torch.view_as_real(z)"],
  ["view_as_complex", () => torch.viewAsComplex(re.reshape([4, 3, 2])), "torch.view_as_complex(re.reshape(4, 3, 2))"],
  ["polar", () => torch.polar(re.abs(), im), "torch.polar(re.abs(), im)"],
  ["abs", () => z.abs(), "z.abs()"],
  ["angle", () => z.angle(), "z.angle()"],
  ["conj resolved", () => z.conj().resolveConj(), "z.conj().resolve_conj()"],
  // Read without resolving: the conjugate (and negative) bits count when the values are read back.
  ["a conj view read as it is", () => z.conj(), "z.conj().resolve_conj()"],
  ["conj().imag, a negative view, read as it is", () => z.conj().imag, "z.conj().imag.resolve_neg()"],
  ["conj_physical", () => torch.conjPhysical(zd), "torch.conj_physical(zd)"],
  ["H", () => z.H.resolveConj(), "z.H.resolve_conj()"],
  ["mH of a batch", () => z.reshape([2, 2, 6]).mH.resolveConj(), "z.reshape(2, 2, 6).mH.resolve_conj()"],
  ["mul Complex scalar", () => z.mul(new Complex(0.5, -2)), "z * (0.5-2j)"],
  ["add Complex scalar", () => zd.add(new Complex(1, 1)), "zd + (1+1j)"],
  ["real tensor times Complex", () => re.mul(new Complex(0, 1)), "re * 1j"],
  ["complex matmul", () => z.matmul(z.t()), "z @ z.t()", 1e-5],
  ["sum", () => z.sum(1), "z.sum(1)", 1e-5],
  ["mean", () => zd.mean(), "zd.mean()", 1e-12],
  ["exp", () => z.exp(), "z.exp()", 1e-5],
  ["sqrt", () => zd.sqrt(), "zd.sqrt()", 1e-12],
  ["full(Complex)", () => torch.full([2, 3], new Complex(1.5, -2)), "torch.full((2, 3), 1.5-2j)"],
  ["zeros complex128", () => torch.zeros([2], { dtype: "cdouble" }), "torch.zeros(2, dtype=torch.cdouble)"],
  ["cast to complex", () => re.to("complex64"), "re.to(torch.complex64)"],
  ["cfloat()", () => re.cfloat(), "re.cfloat()"],
  ["fft", () => torch.fft.fft(z), "torch.fft.fft(z)", 1e-5],
  ["fft n, dim, norm", () => torch.fft.fft(z, 8, 0, "ortho"), "torch.fft.fft(z, 8, 0, 'ortho')", 1e-5],
  [
    "fft keywords",
    () => torch.fft.fft(z, { dim: 0, norm: "forward" }),
    "torch.fft.fft(z, dim=0, norm='forward')",
    1e-5,
  ],
  ["ifft", () => torch.fft.ifft(zd), "torch.fft.ifft(zd)", 1e-12],
  ["rfft", () => torch.fft.rfft(re), "torch.fft.rfft(re)", 1e-5],
  ["irfft", () => torch.fft.irfft(torch.fft.rfft(re), 6), "torch.fft.irfft(torch.fft.rfft(re), 6)", 1e-5],
  ["fft2", () => torch.fft.fft2(z), "torch.fft.fft2(z)", 1e-5],
  ["ifftn", () => torch.fft.ifftn(zd, [4, 4]), "torch.fft.ifftn(zd, (4, 4))", 1e-12],
  ["rfftn", () => torch.fft.rfftn(re), "torch.fft.rfftn(re)", 1e-5],
  ["irfft2", () => torch.fft.irfft2(torch.fft.rfft2(re)), "torch.fft.irfft2(torch.fft.rfft2(re))", 1e-5],
  ["hfft", () => torch.fft.hfft(z), "torch.fft.hfft(z)", 1e-5],
  ["ihfft", () => torch.fft.ihfft(re), "torch.fft.ihfft(re)", 1e-5],
  ["fftfreq", () => torch.fft.fftfreq(7, 0.5), "torch.fft.fftfreq(7, 0.5)"],
  ["rfftfreq float64", () => torch.fft.rfftfreq(8, { dtype: "float64" }), "torch.fft.rfftfreq(8, dtype=torch.float64)"],
  ["fftshift", () => torch.fft.fftshift(re), "torch.fft.fftshift(re)"],
  ["ifftshift dim", () => torch.fft.ifftshift(re, 1), "torch.fft.ifftshift(re, 1)"],
  [
    "stft centered",
    () => torch.stft(sig, 16, { hopLength: 4, window: win, returnComplex: true }),
    "torch.stft(sig, 16, hop_length=4, window=win, return_complex=True)",
    1e-5,
  ],
  [
    "stft constant pad, normalized, two-sided",
    () =>
      torch.stft(sig, 16, {
        window: win,
        padMode: "constant",
        normalized: true,
        onesided: false,
        returnComplex: true,
      }),
    "torch.stft(sig, 16, window=win, pad_mode='constant', normalized=True, onesided=False, return_complex=True)",
    1e-5,
  ],
  [
    "stft uncentered, 1-d, method form",
    () => sig.select(0, 1).stft(8, { center: false, returnComplex: true }),
    "sig[1].stft(8, center=False, return_complex=True)",
    1e-5,
  ],
  [
    "istft round trip",
    () =>
      torch.istft(torch.stft(sig, 16, { hopLength: 4, window: win, returnComplex: true }), 16, {
        hopLength: 4,
        window: win,
        length: 40,
      }),
    "torch.istft(torch.stft(sig, 16, hop_length=4, window=win, return_complex=True), 16, hop_length=4, window=win, length=40)",
    1e-5,
  ],
  ["linalg.eigvals", () => torch.linalg.eigvals(sq), "torch.linalg.eigvals(sq)", 1e-5],
  ["linalg.eig", () => torch.linalg.eig(sq.to("float64")), "list(torch.linalg.eig(sq.double()))", 1e-10],
];

describe("complex tensors against PyTorch", () => {
  for (const [name, mine, code, tol] of CASES)
    it(name, async () => {
      const ref = await py.eval(`out = ${code}`, inputs);
      const got = mine();
      if (Array.isArray(got)) {
        expect(Array.isArray(ref)).toBe(true);
        got.forEach((g, i) => {
          expectTensor(g, (ref as Tensor[])[i], { rtol: tol ?? 0, atol: tol ?? 0 }, `${name}[${i}]`);
        });
      } else expectTensor(got, ref, { rtol: tol ?? 0, atol: tol ?? 0 }, name);
    });
});

describe("complex values in and out", () => {
  it("torch.tensor infers complex64 from Complex values, as Python from complex literals", async () => {
    const t = torch.tensor([
      [new Complex(1, 2), 3],
      [new Complex(0, -1), new Complex(-2.5, 0.125)],
    ]);
    expectTensor(t, await py.eval("out = torch.tensor([[1+2j, 3], [-1j, -2.5+0.125j]])"));
    const d = torch.tensor([1, new Complex(0, 2)], { dtype: "complex128" });
    expectTensor(d, await py.eval("out = torch.tensor([1, 2j], dtype=torch.complex128)"));
  });

  it("a complex value for a real dtype is Python's TypeError", async () => {
    const r = await py.run("out = torch.tensor([1+2j], dtype=torch.float32)");
    expect(() => torch.tensor([new Complex(1, 2)], { dtype: "float32" })).toThrow(new TypeError(r.error));
  });

  it("item() and tolist() give Complex values equal to Python's", async () => {
    const ref = (await py.eval("out = [z[1, 2].item(), z.sum().item(), z[0].tolist()]", inputs)) as unknown[];
    const mine = [z.index(1, 2).item(), z.sum().item(), z.select(0, 0).tolist()];
    const same = (a: unknown, b: unknown): void => {
      if (Array.isArray(a)) {
        for (const [i, x] of a.entries()) same(x, (b as unknown[])[i]);
        return;
      }
      expect(a).toBeInstanceOf(Complex);
      expect(b).toBeInstanceOf(Complex);
      // Both sides read the same float32 parts; Python widens them to float as JS does.
      expect((a as InstanceType<typeof Complex>).real).toBe((b as InstanceType<typeof Complex>).real);
      expect((a as InstanceType<typeof Complex>).imag).toBe((b as InstanceType<typeof Complex>).imag);
    };
    same(mine, ref);
  });

  it("Complex prints as Python's repr", async () => {
    const values = [new Complex(1, 2), new Complex(0, -3), new Complex(-1.5, 0), new Complex(0.1, -0.25)];
    const ref = (await py.eval("out = [repr(1+2j), repr(complex(0, -3)), repr(-1.5+0j), repr(0.1-0.25j)]")) as string[];
    expect(values.map(String)).toEqual(ref);
  });

  it("printing matches PyTorch's repr", async () => {
    const cases: Array<[Tensor, string]> = [
      [z, "z"],
      [zd, "zd"],
      [z.index(0, 0), "z[0, 0]"],
      [torch.tensor([new Complex(1, 0), new Complex(2, -1)]), "torch.tensor([1+0j, 2-1j])"],
      [torch.tensor([new Complex(1e-6, 3e5), new Complex(2, 0)]), "torch.tensor([1e-6+3e5j, 2+0j])"],
      [z.mul(1000).reshape([24]).repeat(50), "(z * 1000).reshape(24).repeat(50)"],
      [torch.zeros([0], { dtype: "complex64" }), "torch.zeros(0, dtype=torch.complex64)"],
      [torch.zeros([0, 2], { dtype: "int64" }), "torch.zeros(0, 2, dtype=torch.int64)"],
      [torch.zeros([0], { dtype: "bool" }), "torch.zeros(0, dtype=torch.bool)"],
    ];
    for (const [t, code] of cases) {
      const ref = (await py.eval(`out = repr(${code})`, inputs)) as string;
      expect(t.toString(), code).toBe(ref);
    }
  });

  it("dtype names, isComplex, type()", async () => {
    const ref = (await py.eval(
      "out = [str(z.dtype), z.is_complex(), re.is_complex(), z.type(), zd.type(), z.is_floating_point(), torch.is_complex(zd), z.element_size()]",
      inputs,
    )) as unknown[];
    expect([
      `torch.${z.dtype}`,
      z.isComplex(),
      re.isComplex(),
      z.type(),
      zd.type(),
      z.isFloatingPoint(),
      torch.isComplex(zd),
      z.elementSize(),
    ]).toEqual(ref);
  });

  it("assigning to real and imag writes into the tensor, as x.real = ... in Python", async () => {
    const a = torch.zeros([3], { dtype: "complex64" });
    a.real = torch.tensor([1, 2, 3]);
    a.imag = -0.5;
    expectTensor(
      a,
      await py.eval(
        "a = torch.zeros(3, dtype=torch.complex64); a.real = torch.tensor([1, 2, 3]); a.imag = -0.5; out = a",
      ),
    );
  });

  it("imag of a real tensor is PyTorch's error", async () => {
    const r = await py.run("out = re.imag", inputs);
    expect(() => re.imag).toThrow(r.error);
  });
});

describe("autograd through complex intermediates", () => {
  it("gradients of |fft(x)| and of a complex product match PyTorch's", async () => {
    const x = re.clone().requiresGrad_();
    const w = im.clone().requiresGrad_();
    const loss = torch.fft
      .fft(x.mul(new Complex(1, 0.5)))
      .abs()
      .sum()
      .add(torch.complex(x, w).mul(torch.complex(w, x)).abs().mean());
    loss.backward();
    const ref = (await py.eval(
      `x = re.clone().requires_grad_(); w = im.clone().requires_grad_()
loss = torch.fft.fft(x * (1+0.5j)).abs().sum() + (torch.complex(x, w) * torch.complex(w, x)).abs().mean()
loss.backward(); out = [loss.detach(), x.grad, w.grad]`,
      inputs,
    )) as Tensor[];
    expectTensor(loss.detach(), ref[0], { rtol: 1e-5, atol: 1e-5 }, "loss");
    expectTensor(x.grad as Tensor, ref[1], { rtol: 1e-5, atol: 1e-5 }, "x.grad");
    expectTensor(w.grad as Tensor, ref[2], { rtol: 1e-5, atol: 1e-5 }, "w.grad");
  });
});

describe("complex save/load with PyTorch", () => {
  it("torchts writes complex tensors PyTorch loads, and loads PyTorch's", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-complex-"));
    try {
      const mine = path.join(dir, "mine.pt");
      torch.save({ z, zd }, mine);
      const back = await py.eval(`d = torch.load(${JSON.stringify(mine)}); out = [d['z'], d['zd']]`);
      expectTensor(z, (back as Tensor[])[0], {}, "z via PyTorch");
      expectTensor(zd, (back as Tensor[])[1], {}, "zd via PyTorch");
      const theirs = path.join(dir, "theirs.pt");
      await py.eval(`torch.save({'a': z * 2, 'b': zd.conj()}, ${JSON.stringify(theirs)}); out = None`, inputs);
      const loaded = torch.load(theirs) as Record<string, Tensor>;
      expectTensor(loaded.a, await py.eval("out = z * 2", inputs), {}, "a");
      // PyTorch 1.13 saves a conjugate view's storage without its conjugate bit: both load the same.
      expectTensor(loaded.b, await py.eval(`out = torch.load(${JSON.stringify(theirs)})['b']`), {}, "b");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("libtorch's warnings", () => {
  it("reach Node as UserWarnings with PyTorch's text, once per message", async () => {
    const seen: Error[] = [];
    const onWarning = (w: Error) => seen.push(w);
    process.on("warning", onWarning);
    try {
      // stft of a real input without returnComplex warns in libtorch 1.13 (an error in 2.x).
      const r = await py.run(
        `import warnings
with warnings.catch_warnings(record=True) as ws:
    warnings.simplefilter("always")
    torch.stft(sig, 16, window=win)
out = [str(w.message) for w in ws]`,
        inputs,
      );
      const calls = () => {
        for (let k = 0; k < 3; k++)
          try {
            torch.stft(sig, 16, { window: win }).dispose();
          } catch {
            // libtorch 2.x refuses the call: its error, and no warning, as in PyTorch 2.x
          }
      };
      calls();
      await new Promise((res) => setImmediate(res));
      await new Promise((res) => setImmediate(res));
      const messages = seen.map((w) => w.message);
      const expected = ((r.out as string[] | null) ?? []).map((m) => m.replace(/at +\./, "at ."));
      expect(messages.map((m) => m.replace(/at +\./, "at ."))).toEqual(expected);
      for (const w of seen) expect(w.name).toBe("UserWarning");
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("setWarnAlways mirrors torch.set_warn_always", () => {
    expect(torch.isWarnAlwaysEnabled()).toBe(false);
    torch.setWarnAlways(true);
    expect(torch.isWarnAlwaysEnabled()).toBe(true);
    torch.setWarnAlways(false);
    expect(torch.isWarnAlwaysEnabled()).toBe(false);
    expect(() => torch.setWarnAlways(1 as unknown as boolean)).toThrow(TypeError);
  });
});

describe("complex modules and optimizers", () => {
  // torch.optim 1.13 steps complex parameters as their real views in most optimizers (NAdam and RAdam
  // work on the complex values), with the state kept complex.
  const OPTS = [
    "SGD",
    "Adam",
    "AdamW",
    "RMSprop",
    "Adagrad",
    "Adadelta",
    "Adamax",
    "ASGD",
    "Rprop",
    "NAdam",
    "RAdam",
  ] as const;
  for (const opt of OPTS)
    it(`nn.Linear(...).to("cdouble") trained 3 steps with optim.${opt} equals PyTorch`, async () => {
      torch.manualSeed(3);
      const lin = new torch.nn.Linear(4, 3).to("cdouble");
      const x = torch.complex(torch.randn([5, 4], { dtype: "float64" }), torch.randn([5, 4], { dtype: "float64" }));
      const o =
        opt === "SGD"
          ? new torch.optim.SGD(lin.parameters(), { lr: 0.1, momentum: 0.9 })
          : new (torch.optim[opt] as unknown as new (p: unknown, o: object) => torch.optim.Optimizer<{ lr: number }>)(
              lin.parameters(),
              {
                lr: 0.01,
              },
            );
      for (let k = 0; k < 3; k++) {
        o.zeroGrad();
        lin.forward(x).abs().sum().backward();
        o.step();
      }
      const ref = (await py.eval(
        `torch.manual_seed(3)
lin = nn.Linear(4, 3).to(torch.cdouble)
o = ${opt === "SGD" ? "torch.optim.SGD(lin.parameters(), lr=0.1, momentum=0.9)" : `torch.optim.${opt}(lin.parameters(), lr=0.01)`}
for _ in range(3):
    o.zero_grad(); lin(x).abs().sum().backward(); o.step()
out = [lin.weight.detach(), lin.bias.detach(), *[v for v in o.state[lin.weight].values() if torch.is_tensor(v) and v.dim() > 0]]`,
        { x },
      )) as Tensor[];
      expectTensor(lin.weight.detach(), ref[0], { rtol: 1e-12, atol: 1e-12 }, "weight");
      expectTensor((lin.bias as Tensor).detach(), ref[1], { rtol: 1e-12, atol: 1e-12 }, "bias");
      // The state stays complex, as PyTorch keeps it (exp_avg, square_avg, ...).
      const state = Object.values(o.state.get(lin.weight) ?? {}).filter(
        (v) => v instanceof torch.Tensor && v.dim() > 0,
      );
      expect(state.length).toBe(ref.length - 2);
      state.forEach((v, i) => {
        expectTensor(v as Tensor, ref[i + 2], { rtol: 1e-12, atol: 1e-12 }, `state ${i}`);
      });
    });
});
