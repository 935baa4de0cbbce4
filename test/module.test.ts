// nn.Module's one registration path (Python's __setattr__/register_*), state-dict versions and
// hooks, lazy modules becoming their concrete class, and the one dtype/device parser — each checked
// against what PyTorch does on the same calls.
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import { native } from "../lib/native";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

/** [exception class, first argument] of what `code` raises in PyTorch (null when it does not). */
async function pyRaises(code: string): Promise<[string, string] | null> {
  return (await py.call("module.raises", { code })) as [string, string] | null;
}

function jsRaises(fn: () => unknown): [string, string] | null {
  try {
    fn();
    return null;
  } catch (e) {
    return [(e as Error).name, (e as Error).message.split("\n")[0]!];
  }
}

class Net extends nn.Module {
  fc = new nn.Linear(3, 2);
  bn = new nn.BatchNorm1d(2);
  forward(x: Tensor): Tensor {
    return this.bn.forward(this.fc.forward(x));
  }
}

describe("Module registration is one path, as Python's __setattr__", () => {
  it("assigning null to a registered parameter keeps it registered as None", async () => {
    const bn = new nn.BatchNorm1d(4);
    bn.weight = null;
    const ours = [Object.keys(bn.stateDict()), bn.parameters().length];
    const theirs = await py.call("module.weight_none");
    expect(ours).toEqual(theirs);
    expect(bn.weight).toBe(null);
  });

  it("a plain tensor over a Parameter is refused with PyTorch's TypeError", async () => {
    const lin = new nn.Linear(2, 2);
    const ours = jsRaises(() => {
      (lin as { weight: unknown }).weight = torch.zeros([2, 2]);
    });
    expect(ours).toEqual(await pyRaises("lin = nn.Linear(2, 2)\nlin.weight = torch.zeros(2, 2)"));
    expect(lin.weight).toBeInstanceOf(nn.Parameter);
  });

  it("a plain value over a child module or a buffer is refused as in PyTorch", async () => {
    const net = new Net();
    expect(
      jsRaises(() => {
        (net as { fc: unknown }).fc = 3;
      }),
    ).toEqual(await pyRaises("net = nn.Sequential()\nnet.fc = nn.Linear(3, 2)\nnet.fc = 3"));
    const bn = new nn.BatchNorm1d(2);
    expect(jsRaises(() => Reflect.set(bn, "running_mean", "x"))).toEqual(
      await pyRaises("bn = nn.BatchNorm1d(2)\nbn.running_mean = 'x'"),
    );
  });

  it("a Parameter assigned as a field registers in assignment order; a tensor over a buffer replaces it", async () => {
    class M extends nn.Module {
      b = new nn.Parameter(torch.ones([1]));
      a = new nn.Parameter(torch.zeros([1]));
      forward(): null {
        return null;
      }
    }
    const m = new M();
    m.registerBuffer("buf", torch.ones([2]));
    Reflect.set(m, "buf", torch.zeros([3]));
    expect([...m.namedParameters()].map(([k]) => k)).toEqual(["b", "a"]);
    expect(m.getBuffer("buf")!.shape).toEqual([3]);
  });

  it("register_* name checks raise PyTorch's exceptions and messages", async () => {
    const m = new nn.Linear(2, 2);
    const cases: Array<[() => void, string]> = [
      [() => m.registerBuffer("a.b", torch.ones([1])), "m.register_buffer('a.b', torch.ones(1))"],
      [() => m.registerBuffer("", torch.ones([1])), "m.register_buffer('', torch.ones(1))"],
      [() => m.registerBuffer("forward", torch.ones([1])), "m.register_buffer('forward', torch.ones(1))"],
      [() => m.registerParameter("a.b", null), "m.register_parameter('a.b', None)"],
      [
        () => m.registerParameter("in_features_x", torch.ones([1]) as never),
        "m.register_parameter('in_features_x', torch.ones(1))",
      ],
      [() => m.registerModule("a.b", new nn.ReLU()), "m.add_module('a.b', nn.ReLU())"],
      [() => m.registerModule("", new nn.ReLU()), "m.add_module('', nn.ReLU())"],
    ];
    for (const [fn, code] of cases) {
      expect(jsRaises(fn), code).toEqual(await pyRaises(`m = nn.Linear(2, 2)\n${code}`));
    }
  });

  it("a non-leaf tensor cannot become a parameter", () => {
    const w = torch.ones([2]).requiresGrad_(true);
    const m = new nn.Linear(2, 2);
    const y = w.mul(2);
    expect(() => m.registerParameter("x", y as never)).toThrow(TypeError);
  });

  it("shared submodules: stateDict keeps both names, modules()/children()/parameters() count them once", async () => {
    const shared = new nn.Linear(2, 2);
    const net = new nn.Sequential(shared, new nn.ReLU(), shared);
    const ours = [
      Object.keys(net.stateDict()),
      [...net.modules()].length,
      [...net.children()].length,
      net.parameters().length,
      [...net.namedModules()].map(([k]) => k),
    ];
    const theirs = await py.call("module.shared_submodules");
    expect(ours).toEqual(theirs);
  });

  it("delete removes a registered member", () => {
    const m = new nn.Linear(2, 2);
    delete (m as { bias?: unknown }).bias;
    expect(Object.keys(m.stateDict())).toEqual(["weight"]);
  });
});

describe("state-dict versions and _metadata", () => {
  it("stateDict carries each module's version under its prefix, as PyTorch's _metadata", async () => {
    const ours = (new Net().stateDict() as unknown as { _metadata: unknown })._metadata;
    const theirs = await py.call("module.net_metadata");
    expect(ours).toEqual(theirs);
    expect(Object.keys(new Net().stateDict())).not.toContain("_metadata");
  });

  it("BatchNorm loads a version-1 state dict without num_batches_tracked (no metadata), as PyTorch", async () => {
    torch.manualSeed(0);
    const bn = new nn.BatchNorm2d(3);
    const sd = {
      weight: torch.rand([3]),
      bias: torch.rand([3]),
      running_mean: torch.rand([3]),
      running_var: torch.rand([3]),
    };
    bn.numBatchesTracked!.fill_(7);
    bn.loadStateDict(sd);
    const theirs = (await py.call("module.bn_load_without_count", { sd })) as Record<string, Tensor>;
    for (const [k, v] of Object.entries(bn.stateDict())) expectTensor(v, theirs[k]!);
    // With version 2 recorded, the missing key is an error in both.
    const v2 = Object.defineProperty({ ...sd }, "_metadata", { value: { "": { version: 2 } }, enumerable: false });
    const err = await py.tryCall("module.bn_load_version2_without_count", { sd });
    expect(() => bn.loadStateDict(v2)).toThrow(err.error!);
  });

  it("loadStateDict: errors and the returned keys are PyTorch's", async () => {
    const net = new Net();
    const sd = net.stateDict();
    const extra = { ...sd, "fc.extra": torch.ones([1]), zzz: torch.ones([1]) } as Record<string, Tensor>;
    delete extra["bn.running_var"];
    const theirs = await py.tryCall("module.net_load_strict", { extra });
    expect(() => net.loadStateDict(extra)).toThrow(theirs.error!);
    const r = net.loadStateDict(extra, { strict: false });
    const rp = await py.call("module.net_load_lenient", { extra });
    expect([r.missingKeys, r.unexpectedKeys]).toEqual(rp);
    expect(() => net.loadStateDict("" as never)).toThrow(TypeError);
  });

  it("a module's own _loadFromStateDict hook sees its metadata version", () => {
    const seen: Array<number | undefined> = [];
    class V3 extends nn.Module {
      static _version = 3;
      w = new nn.Parameter(torch.ones([1]));
      forward(): null {
        return null;
      }
      _loadFromStateDict(ctx: nn.LoadStateDictContext): void {
        seen.push(ctx.localMetadata.version);
        super._loadFromStateDict(ctx);
      }
    }
    const m = new V3();
    m.loadStateDict(m.stateDict());
    m.loadStateDict({ w: torch.zeros([1]) });
    expect(seen).toEqual([3, undefined]);
  });
});

describe("Lazy modules (LazyModuleMixin)", () => {
  it("materialize at the first forward and become the concrete class, printed as PyTorch prints it", async () => {
    torch.manualSeed(0);
    const m = new nn.LazyBatchNorm2d({ momentum: 0.3 });
    expect(m.hasUninitializedParams()).toBe(true);
    m.forward(torch.randn([2, 5, 3, 3]));
    expect(m).toBeInstanceOf(nn.BatchNorm2d);
    expect(m.constructor).toBe(nn.BatchNorm2d);
    const theirs = await py.call("module.lazy_bn2d_after_forward");
    expect([m.toString(), m.constructor.name, Object.keys(m.stateDict())]).toEqual(theirs);
  });

  it("loadStateDict before the first forward materializes from the checkpoint's shapes", async () => {
    const src = new nn.BatchNorm1d(4);
    src.runningMean!.fill_(0.5);
    const m = new nn.LazyBatchNorm1d();
    m.loadStateDict(src.stateDict());
    expect(m.hasUninitializedParams()).toBe(false);
    expectTensor(m.runningMean!, src.runningMean!);
    const y = m.forward(torch.ones([3, 4]));
    expect(y.shape).toEqual([3, 4]);
  });

  it(".to(dtype) before the first forward is kept, as PyTorch keeps it", async () => {
    const m = new nn.LazyBatchNorm1d().to("float64");
    m.forward(torch.ones([3, 4], { dtype: "float64" }));
    const theirs = await py.call("module.lazy_to_float64");
    expect([`torch.${m.weight!.dtype === "float64" ? "float64" : "other"}`, `torch.${m.runningMean!.dtype}`]).toEqual(
      theirs,
    );
  });
});

describe("one dtype/device parser", () => {
  it("Tensor.to takes every PyTorch dtype alias", async () => {
    const x = torch.ones([2]);
    const names = [
      "short",
      "torch.int16",
      "double",
      "torch.float64",
      "half",
      "long",
      "int",
      "float",
      "torch.bool",
    ] as const;
    const ours = names.map((n) => x.to(n).dtype);
    const theirs = (await py.eval(`out = [str(getattr(torch, n.split('.')[-1])).split('.')[-1] for n in names]`, {
      names: [...names],
    })) as string[];
    expect(ours).toEqual(theirs);
  });

  it("Module.to takes dtype aliases and refuses non-floating dtypes with PyTorch's message", async () => {
    const m = new nn.Linear(2, 2).to("double");
    expect(m.weight.dtype).toBe("float64");
    const before = torch.memory().tensors;
    expect(jsRaises(() => m.to("int64"))).toEqual(await pyRaises("nn.Linear(2, 2).to(torch.int64)"));
    // Nothing was made and kept by the refused call (a collection meanwhile may only lower the count).
    expect(torch.memory().tensors).toBeLessThanOrEqual(before);
    expect(() => m.to("cpu", { copy: true } as never)).toThrow(TypeError);
  });

  it("device strings parse as torch.device does, with its messages", async () => {
    for (const s of ["cpu", "cuda", "cuda:1", "tpu", "cuda:x", "cuda:01", "cpu:0"]) {
      const ours = (() => {
        try {
          return String(new torch.device(s));
        } catch (e) {
          return (e as Error).message;
        }
      })();
      const theirs = await py.call("module.device_str", { s });
      expect(ours, s).toBe(theirs);
    }
    expect(() => torch.zeros([1]).to("tpu" as never)).toThrow(/Expected one of cpu, cuda/);
    expect(() => torch.zeros([1], { device: "cuda:x" as never })).toThrow("Invalid device string: 'cuda:x'");
    expect(torch.zeros([1]).to(new torch.device("cpu")).device).toBe("cpu");
  });
});

describe("CUDA on a CPU-only build", () => {
  it("says what PyTorch says, before any work", async () => {
    const theirs = await py.tryCall("module.raises_cuda_on_cpu");
    if (torch.version.cuda) return expect(theirs.out).toBe(null);
    const ours = [
      () => torch.zeros([1]).cuda(),
      () => torch.zeros([1]).to("cuda"),
      () => torch.zeros([1], { device: "cuda" }),
      () => new nn.Linear(2, 2).to("cuda:0"),
    ].map(jsRaises);
    for (const r of ours) expect(r).toEqual(["Error", theirs.out]);
  });
});

describe("ModuleList prints as the PyTorch of the libtorch in use", () => {
  const list = () =>
    new nn.ModuleList([
      new nn.Linear(2, 2),
      new nn.Linear(2, 2),
      new nn.Linear(2, 2),
      new nn.Conv2d(2, 2, 2),
      new nn.Sequential(new nn.ReLU()),
      new nn.Sequential(new nn.ReLU()),
    ]);
  it("1.13: every module on a line of its own, as live PyTorch 1.13 prints it", async () => {
    expect(String(list())).toBe(
      await py.eval(
        "out = repr(nn.ModuleList([nn.Linear(2, 2), nn.Linear(2, 2), nn.Linear(2, 2), nn.Conv2d(2, 2, 2), nn.Sequential(nn.ReLU()), nn.Sequential(nn.ReLU())]))",
      ),
    );
  });
  it("2.x: a run of equal modules once, `(0-2): 3 x ...` (PyTorch's ModuleList.__repr__ since 2.0)", () => {
    const addon = native as { torchVersion: string };
    const saved = addon.torchVersion;
    addon.torchVersion = "2.11.0";
    try {
      expect(String(list())).toBe(
        [
          "ModuleList(",
          "  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)",
          "  (3): Conv2d(2, 2, kernel_size=(2, 2), stride=(1, 1))",
          "  (4-5): 2 x Sequential(",
          "    (0): ReLU()",
          "  )",
          ")",
        ].join("\n"),
      );
      expect(String(new nn.ModuleList())).toBe("ModuleList()");
    } finally {
      addon.torchVersion = saved;
    }
  });
});
