// torch.cuda streams, CUDA graphs and RNG state, as far as a CPU machine can check them: the graphed
// train step's logic (warm-up undone, gradients zeroed in place, one entry per shape/mode/lr) runs
// eagerly here and must give exactly the eager loop's numbers; every CUDA entry raises PyTorch's
// message on a CPU build. The captured path runs in test/gpu/gpu_checks.ts on a GPU.
import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, optim, type Tensor } from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";
import { graphedStepCase, STEP_MODELS } from "./parity/graphs";

const py = new PyTorch();
afterAll(() => py.close());
const cpuBuild = !torch.version.cuda;

describe("makeGraphedTrainStep", () => {
  it.each(STEP_MODELS)("%s: same losses, parameters, buffers and Adam state as the eager loop, bit for bit", (kind) => {
    expect(graphedStepCase(kind, "cpu")).toBe(0);
  });

  it("undoes its warm-up: the first step equals a fresh eager step even with dropout", () => {
    torch.manualSeed(3);
    const m = new nn.Sequential(new nn.Linear(4, 8), new nn.Dropout(0.5), new nn.Linear(8, 2));
    const opt = new optim.Adam(m.parameters(), { lr: 0.1 });
    const before = m.parameters().map((p) => p.detach().clone());
    const rng = torch.getRngState();
    const step = torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), opt, { warmup: 5 });
    const x = torch.randn([6, 4]),
      y = torch.randn([6, 2]);
    const rngAfterData = torch.getRngState();
    const loss = step(x, y).item() as number;
    // the same step by hand from the saved starting point
    torch.manualSeed(3);
    const m2 = new nn.Sequential(new nn.Linear(4, 8), new nn.Dropout(0.5), new nn.Linear(8, 2));
    m2.parameters().forEach((p, i) => {
      expectTensor(p, before[i], {}, `initial parameter ${i}`);
    });
    const opt2 = new optim.Adam(m2.parameters(), { lr: 0.1 });
    torch.setRngState(rngAfterData);
    const loss2 = new nn.MSELoss().forward(m2.forward(x), y);
    loss2.backward();
    opt2.step();
    expect(loss).toBe(loss2.item());
    m.parameters().forEach((p, i) => {
      expectTensor(p, m2.parameters()[i], {}, `parameter ${i}`);
    });
    expect(opt.state.get(m.parameters()[0])!.step!.item()).toBe(1);
    expect(rng.equal(rngAfterData)).toBe(false);
    step.dispose();
    expect(() => step(x, y)).toThrow("has been disposed");
  });

  it("accepts a loss function as well as a loss module, and refuses what it cannot capture", () => {
    const m = new nn.Linear(3, 1);
    const step = torch.cuda.makeGraphedTrainStep(m, (a, b) => a.sub(b).pow(2).mean(), new optim.Adam(m.parameters()));
    expect(step(torch.ones([4, 3]), torch.zeros([4, 1])).shape).toEqual([]);
    expect(() =>
      torch.cuda.makeGraphedTrainStep({} as never, new nn.MSELoss(), new optim.Adam(m.parameters())),
    ).toThrow(TypeError);
    expect(() => torch.cuda.makeGraphedTrainStep(m, 3 as never, new optim.Adam(m.parameters()))).toThrow(TypeError);
    expect(() => torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), {} as never)).toThrow(TypeError);
    expect(() =>
      torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), new optim.Adam(m.parameters()), { warmup: 0 }),
    ).toThrow("warmup must be at least 1");
    expect(() =>
      torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), new optim.Adam(m.parameters()), {
        captureErrorMode: "loose" as never,
      }),
    ).toThrow(TypeError);
    expect(() =>
      torch.cuda.makeGraphedTrainStep(
        m,
        new nn.MSELoss(),
        new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9, dampening: 0.1 }),
      ),
    ).toThrow("dampening");
    expect(() => step(1 as never, 2 as never)).toThrow(TypeError);
  });
});

describe("RNG state", () => {
  it("getRngState equals PyTorch's torch.get_rng_state() after the same seed", async () => {
    torch.manualSeed(1234);
    const ref = await py.eval("torch.manual_seed(1234)\nout = torch.get_rng_state()");
    expectTensor(torch.getRngState(), ref, {}, "CPU generator state");
  });

  it("setRngState replays the same random numbers", () => {
    const s = torch.getRngState();
    const a = torch.randn([5]);
    torch.setRngState(s);
    expect(torch.randn([5]).equal(a)).toBe(true);
    expect(() => torch.setRngState(torch.ones([3]))).toThrow(Error);
    expect(() => torch.setRngState([] as never)).toThrow(TypeError);
  });
});

describe("streams and CUDA graphs on a CPU build", () => {
  it.runIf(cpuBuild)("every CUDA entry raises 'Torch not compiled with CUDA enabled'", () => {
    for (const f of [
      () => new torch.cuda.CUDAGraph(),
      () => new torch.cuda.Stream(),
      () => torch.cuda.currentStream(),
      () => torch.cuda.graphPoolHandle(),
      () => torch.cuda.getRngState(),
      () => torch.cuda.currentDevice(),
      () => torch.cuda.setDevice(0),
      () => torch.cuda.device(0, () => 1),
    ]) {
      expect(f).toThrow("Torch not compiled with CUDA enabled");
    }
    expect(torch.cuda.isCurrentStreamCapturing()).toBe(false);
  });

  it("backends.cudnn.version() is what PyTorch reports (None without cuDNN)", async () => {
    const ref = await py.eval("out = torch.backends.cudnn.version()");
    expect(torch.backends.cudnn.version()).toBe(ref ?? null);
  });

  it("backends.mps.isAvailable()/isBuilt() are what PyTorch on this machine reports (false: no Metal here)", async () => {
    const ref = await py.eval("out = [torch.backends.mps.is_available(), torch.backends.mps.is_built()]");
    expect([torch.backends.mps.isAvailable(), torch.backends.mps.isBuilt()]).toEqual(ref);
  });

  it("argument types are checked before anything reaches the addon", () => {
    expect(() => torch.cuda.graph({} as never, () => 1)).toThrow(TypeError);
    expect(() => torch.cuda.stream({} as never, () => 1)).toThrow(TypeError);
    expect(() => torch.cuda.setStream(null as never)).toThrow(TypeError);
    expect(() => new torch.cuda.Stream({ priority: 0.5 })).toThrow(TypeError);
    expect(() => new torch.cuda.Stream({ device: "tpu" as never })).toThrow("Expected one of cpu, cuda");
    expect(() => new torch.cuda.Stream({ device: "cpu" })).toThrow("Expected a CUDA device");
    expect(() => torch.cuda.setRngState(torch.ones([1]), "cpu")).toThrow(
      cpuBuild ? "Torch not compiled with CUDA enabled" : "Expected a CUDA device",
    );
  });

  it("BatchNorm with momentum=null still trains eagerly (the graph-capture guard is inert outside a capture)", () => {
    const bn = new nn.BatchNorm1d(3, { momentum: null });
    bn.forward(torch.randn([4, 3]));
    expect((bn.numBatchesTracked as Tensor).item()).toBe(1);
  });
});
