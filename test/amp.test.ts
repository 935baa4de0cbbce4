// torch.autocast and GradScaler against live PyTorch. On this CPU build autocast runs in bfloat16;
// float16 autocast and an enabled GradScaler need CUDA and run in the GPU checks (test/gpu).
import { afterAll, describe, expect, it, vi } from "vitest";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import * as F from "../lib/nn/functional";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";
import { ampTrainCase } from "./parity/amp";

const py = new PyTorch();
afterAll(() => py.close());

function lenetBn(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(3, 6, 5),
    new nn.BatchNorm2d(6),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(6 * 14 * 14, 32),
    new nn.GELU(),
    new nn.Dropout(0),
    new nn.Linear(32, 10),
  );
}

/** Runs fn with process warnings captured; returns the UserWarning texts it emitted. */
function warningsOf(fn: () => void): string[] {
  const seen: string[] = [];
  const spy = vi.spyOn(process, "emitWarning").mockImplementation(((w: string | Error) => {
    seen.push(String(w instanceof Error ? w.message : w));
  }) as typeof process.emitWarning);
  try {
    fn();
  } finally {
    spy.mockRestore();
  }
  return seen;
}

function state(): Record<string, unknown> {
  return {
    error: null,
    cpu: torch.isAutocastCpuEnabled(),
    cpu_dtype: torch.getAutocastCpuDtype(),
    cuda: torch.isAutocastEnabled(),
    gpu_dtype: torch.getAutocastGpuDtype(),
    cache: torch.isAutocastCacheEnabled(),
  };
}

describe("torch.autocast on the CPU (bfloat16)", () => {
  it("training steps of a conv/BN/GELU net equal PyTorch's: outputs, losses, grads, weights", async () => {
    torch.manualSeed(3);
    const model = lenetBn();
    const x = torch.randn([8, 3, 32, 32]);
    const y = torch.randint(0, 10, [8]);
    const init = model.stateDict();
    const ref = (await py.call("amp.cpu_autocast_step", { state: init, x, y, steps: 3 })) as {
      outs: Tensor[];
      losses: Tensor[];
      grads: Tensor[];
      state: Record<string, Tensor>;
    };
    const opt = new torch.optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
    for (let i = 0; i < 3; i++) {
      opt.zeroGrad();
      const [out, loss] = torch.autocast("cpu", { dtype: "bfloat16" }, () => {
        const o = model.forward(x);
        return [o, F.crossEntropy(o, y)] as const;
      });
      expectTensor(out.detach(), ref.outs[i], {}, `output ${i}`);
      expectTensor(loss.detach(), ref.losses[i], {}, `loss ${i}`);
      loss.backward();
      opt.step();
    }
    expect(ref.outs[0]?.dtype).toBe("bfloat16");
    expect(ref.losses[0]?.dtype).toBe("float32");
    for (const [i, p] of model.parameters().entries()) expectTensor(p.grad as Tensor, ref.grads[i], {}, `grad ${i}`);
    const mine = model.stateDict();
    for (const [k, v] of Object.entries(ref.state)) expectTensor(mine[k] as Tensor, v, {}, k);
  });

  it("casts each op as PyTorch's CPU policy does (lower precision, float32, widest type), none when disabled", async () => {
    const a = torch.randn([3, 4]);
    const b = torch.randn([4, 5]);
    const v = torch.randn([1, 3, 6]);
    const ref = await py.call("amp.ops_dtypes", { a, b, v });
    const mine = torch.autocast("cpu", () => {
      const r: Record<string, string> = {
        mm: a.mm(b).dtype,
        matmul: torch.matmul(a, b).dtype,
        linear: F.linear(a, b.t()).dtype,
        bmm: torch.bmm(a.unsqueeze(0), b.unsqueeze(0)).dtype,
        softmax: torch.softmax(a, 1).dtype,
        log_softmax: torch.logSoftmax(a, 1).dtype,
        sum: a.sum().dtype,
        relu: torch.relu(a).dtype,
        add: a.add(a).dtype,
        cat: torch.cat([a.to("bfloat16"), a]).dtype,
        stack: torch.stack([a.to("bfloat16"), a]).dtype,
        conv1d: F.conv1d(v, torch.ones([2, 3, 2])).dtype,
        mse: F.mseLoss(a, a).dtype,
        cross_entropy: F.crossEntropy(a, torch.tensor([0, 1, 2])).dtype,
      };
      r.disabled_mm = torch.autocast("cpu", { enabled: false }, () => a.mm(b).dtype);
      return r;
    });
    expect(mine).toEqual(ref);
  });

  it("LayerNorm fails inside CPU autocast as in PyTorch 1.13 (bfloat16 input, float32 weight)", async () => {
    const a = torch.randn([3, 4]);
    const ref = await py.call("amp.layer_norm_error", { a });
    const ln = new nn.LayerNorm(4);
    if (ref === null) expect(torch.autocast("cpu", () => ln.forward(a)).dtype).toBe("float32");
    else expect(() => torch.autocast("cpu", () => ln.forward(a))).toThrow(ref as string);
  });

  it("regions nest and restore the state they found; the torch-level setters match PyTorch's", async () => {
    const code = [
      "with torch.autocast('cpu'):",
      "    with torch.autocast('cpu', enabled=False, cache_enabled=False):",
      "        inner = (torch.is_autocast_cpu_enabled(), torch.is_autocast_cache_enabled())",
      "    assert torch.is_autocast_cpu_enabled()",
    ].join("\n");
    const ref = (await py.call("amp.state_after", { code })) as Record<string, unknown>;
    const before = state();
    torch.autocast("cpu", () => {
      expect(torch.isAutocastCpuEnabled()).toBe(true);
      torch.autocast("cpu", { enabled: false, cacheEnabled: false }, () => {
        expect([torch.isAutocastCpuEnabled(), torch.isAutocastCacheEnabled()]).toEqual([false, false]);
      });
      expect(torch.isAutocastCpuEnabled()).toBe(true);
    });
    expect(state()).toEqual(before);
    expect({ ...state(), warnings: [] }).toEqual(ref);

    const set = "torch.set_autocast_gpu_dtype(torch.bfloat16); torch.set_autocast_cpu_dtype(torch.float16)";
    const ref2 = (await py.call("amp.state_after", { code: set })) as Record<string, unknown>;
    let error: string | null = null;
    try {
      torch.setAutocastGpuDtype("bfloat16");
      torch.setAutocastCpuDtype("float16");
    } catch (e) {
      error = (e as Error).message;
    }
    try {
      expect({ ...state(), error, warnings: [] }).toEqual(ref2);
    } finally {
      torch.setAutocastCpuDtype("bfloat16");
      torch.setAutocastGpuDtype("float16");
    }
    expect(torch.getAutocastDtype("cpu")).toBe("bfloat16");
  });

  it("an error inside the region still restores the state", () => {
    const before = state();
    expect(() =>
      torch.autocast("cpu", () => {
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(state()).toEqual(before);
  });

  it("enter/exit and `using` are the context manager's __enter__/__exit__; the wrap() decorator", () => {
    const a = torch.randn([2, 2]);
    const region = torch.autocast("cpu").enter();
    expect(a.mm(a).dtype).toBe("bfloat16");
    region.exit();
    expect(a.mm(a).dtype).toBe("float32");
    {
      using _r = torch.cpu.amp.autocast().enter();
      expect(torch.isAutocastCpuEnabled()).toBe(true);
    }
    expect(torch.isAutocastCpuEnabled()).toBe(false);
    const f = torch.autocast("cpu").wrap((t: Tensor) => t.mm(t));
    expect(f(a).dtype).toBe("bfloat16");
    expect(() => region.exit()).toThrow("without a matching enter()");
  });

  it("warns and disables as PyTorch: an unsupported CPU dtype, CUDA without CUDA; bfloat16 on CUDA asks for a GPU", async () => {
    for (const [code, make] of [
      ["torch.autocast('cpu', dtype=torch.float16).__enter__()", () => torch.autocast("cpu", { dtype: "float16" })],
      ["torch.autocast('cuda').__enter__()", () => torch.autocast("cuda")],
    ] as const) {
      const ref = (await py.call("amp.state_after", { code })) as Record<string, unknown>;
      let region: ReturnType<typeof make> | undefined;
      let error: string | null = null;
      const warned = warningsOf(() => {
        region = make();
        try {
          region.enter();
        } catch (e) {
          error = (e as Error).message;
          region = undefined;
        }
      });
      try {
        expect({ ...state(), error, warnings: warned }).toEqual(ref);
        if (region) expect(region.enabled).toBe(false);
      } finally {
        region?.exit();
      }
    }
    const r = await py.run("torch.autocast('cuda', dtype=torch.bfloat16)");
    expect(() => torch.autocast("cuda", { dtype: "bfloat16" })).toThrow(r.error as string);
    expect(() => torch.autocast("xla" as "cpu")).toThrow("User specified autocast device_type must be 'cuda' or 'cpu'");
  });

  it("refuses async functions and bad options", () => {
    expect(() => torch.autocast("cpu", async () => 1)).toThrow(TypeError);
    expect(torch.isAutocastCpuEnabled()).toBe(false);
    expect(() => torch.autocast("cpu", { dtpye: "bfloat16" } as never)).toThrow(/dtpye/);
    expect(() => torch.autocast("cpu", { enabled: 1 } as never)).toThrow(TypeError);
  });
});

describe("the shared mixed-precision training case (CUDA in the GPU checks)", () => {
  it("on the CPU: bfloat16 autocast, the scaler disabled, unscale_ + clipping: PyTorch's losses and weights", async () => {
    const scales = await ampTrainCase(py, "cpu");
    expect(scales).toEqual(Array(8).fill(1));
  });
});

describe("GradScaler without CUDA", () => {
  it("disables itself with PyTorch's warning and passes everything through", async () => {
    const ref = (await py.call("amp.state_after", { code: "torch.cuda.amp.GradScaler()" })) as { warnings: string[] };
    let scaler: torch.amp.GradScaler | undefined;
    expect(warningsOf(() => (scaler = new torch.cuda.amp.GradScaler()))).toEqual(ref.warnings);
    const s = scaler as torch.amp.GradScaler;
    expect(s.isEnabled()).toBe(false);
    const loss = torch.tensor(2.5);
    expect(s.scale(loss)).toBe(loss);
    const p = new nn.Parameter(torch.ones([2]));
    const opt = new torch.optim.SGD([p], { lr: 0.5 });
    p.grad = torch.ones([2]);
    s.unscale_(opt);
    s.step(opt);
    s.update();
    expectTensor(p.detach(), torch.full([2], 0.5));
    expect([s.getScale(), s.stateDict()]).toEqual([1.0, {}]);
    expect(warningsOf(() => new torch.cuda.amp.GradScaler({ enabled: false }))).toEqual([]);
    expect(warningsOf(() => new torch.amp.GradScaler("cuda", { enabled: false }))).toEqual([]);
  });

  it("checks its options", () => {
    expect(() => new torch.amp.GradScaler("tpu")).toThrow(/device must be/);
    expect(() => new torch.amp.GradScaler({ initscale: 2 } as never)).toThrow(/initscale/);
  });
});

describe("torch.cuda device properties without CUDA", () => {
  it("raise PyTorch's message", async () => {
    const r = await py.run("torch.cuda.get_device_properties(0)");
    expect(() => torch.cuda.getDeviceProperties(0)).toThrow(r.error as string);
    expect(() => torch.cuda.getDeviceCapability()).toThrow(r.error as string);
    expect(() => torch.cuda.isBf16Supported()).toThrow(r.error as string);
  });
});
