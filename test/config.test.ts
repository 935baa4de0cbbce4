// torch-level settings against live PyTorch: deterministic algorithms, matmul precision, seeds and
// generators, inference mode, anomaly detection (lib/config.ts, lib/random.ts, lib/autograd.ts).
import { afterAll, describe, expect, it, vi } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

describe("process-wide settings, as PyTorch's", () => {
  it("deterministic algorithms: use/are/warn-only and the debug mode read back as in PyTorch", async () => {
    const mine: unknown[] = [];
    torch.useDeterministicAlgorithms(true);
    mine.push(torch.areDeterministicAlgorithmsEnabled(), torch.getDeterministicDebugMode());
    torch.useDeterministicAlgorithms(true, { warnOnly: true });
    mine.push(torch.isDeterministicAlgorithmsWarnOnlyEnabled(), torch.getDeterministicDebugMode());
    torch.setDeterministicDebugMode("error");
    mine.push(torch.areDeterministicAlgorithmsEnabled(), torch.isDeterministicAlgorithmsWarnOnlyEnabled());
    torch.setDeterministicDebugMode(0);
    mine.push(torch.areDeterministicAlgorithmsEnabled(), torch.getDeterministicDebugMode());
    let err = "";
    try {
      torch.setDeterministicDebugMode("sometimes" as "warn");
    } catch (e) {
      err = (e as Error).message;
    }
    mine.push(err);
    const ref = await py.eval(`m = []
torch.use_deterministic_algorithms(True)
m += [torch.are_deterministic_algorithms_enabled(), torch.get_deterministic_debug_mode()]
torch.use_deterministic_algorithms(True, warn_only=True)
m += [torch.is_deterministic_algorithms_warn_only_enabled(), torch.get_deterministic_debug_mode()]
torch.set_deterministic_debug_mode("error")
m += [torch.are_deterministic_algorithms_enabled(), torch.is_deterministic_algorithms_warn_only_enabled()]
torch.set_deterministic_debug_mode(0)
m += [torch.are_deterministic_algorithms_enabled(), torch.get_deterministic_debug_mode()]
try:
  torch.set_deterministic_debug_mode("sometimes")
except RuntimeError as e:
  m.append(str(e))
out = m`);
    expect(mine).toEqual(ref);
  });

  it("float32 matmul precision, flush denormal, inter-op threads, the C++11 ABI flag", async () => {
    const mine: unknown[] = [torch.getFloat32MatmulPrecision()];
    for (const p of ["high", "medium", "highest"] as const) {
      torch.setFloat32MatmulPrecision(p);
      mine.push(torch.getFloat32MatmulPrecision());
    }
    mine.push(torch.setFlushDenormal(true));
    // 1e-40 is a float32 denormal: flushed to 0 while the mode is on (where the CPU can).
    mine.push(torch.tensor([1e-40], { dtype: "float32" }).item() === 0);
    mine.push(torch.setFlushDenormal(false));
    const ref = (await py.eval(`m = [torch.get_float32_matmul_precision()]
for p in ["high", "medium", "highest"]:
  torch.set_float32_matmul_precision(p)
  m.append(torch.get_float32_matmul_precision())
m.append(torch.set_flush_denormal(True))
m.append(torch.tensor([1e-40], dtype=torch.float32).item() == 0)
m.append(torch.set_flush_denormal(False))
out = m`)) as unknown[];
    expect(mine).toEqual(ref);
    expect(torch.getNumInteropThreads()).toBeGreaterThan(0);
    expect(typeof torch.compiledWithCxx11Abi()).toBe("boolean");
    expect(() => torch.useDeterministicAlgorithms(1 as unknown as boolean)).toThrow(TypeError);
  });
});

describe("seeds and generators, as PyTorch's", () => {
  it("initialSeed after manualSeed, a fresh Generator's default seed, getState/setState replay", async () => {
    torch.manualSeed(1234);
    const initial = torch.initialSeed();
    const g = new torch.Generator();
    const fresh = g.initialSeed();
    const a = torch.rand([4], { generator: g });
    const state = g.getState();
    const b = torch.rand([4], { generator: g });
    g.setState(state);
    const b2 = torch.rand([4], { generator: g });
    g.manualSeed(7);
    const c = torch.randn([3], { generator: g });
    const d = [torch.randint(0, 10, [4], { generator: g }), torch.randperm(6, { generator: g })];
    const ref = (await py.eval(`torch.manual_seed(1234)
initial = torch.initial_seed()
g = torch.Generator()
fresh = g.initial_seed()
a = torch.rand(4, generator=g)
b = torch.rand(4, generator=g)
g.manual_seed(7)
c = torch.randn(3, generator=g)
d = [torch.randint(0, 10, (4,), generator=g), torch.randperm(6, generator=g)]
out = [initial, fresh, a, b, c, g.initial_seed(), d]`)) as [number, number, Tensor, Tensor, Tensor, number, Tensor[]];
    expect([initial, fresh]).toEqual([ref[0], ref[1]]);
    expectTensor(a, ref[2], { rtol: 0, atol: 0 });
    expectTensor(b, ref[3], { rtol: 0, atol: 0 });
    expectTensor(b2, ref[3], { rtol: 0, atol: 0 });
    expectTensor(c, ref[4], { rtol: 0, atol: 0 });
    expect(g.initialSeed()).toBe(ref[5]);
    expectTensor(d[0] as Tensor, ref[6][0], { rtol: 0, atol: 0 });
    expectTensor(d[1] as Tensor, ref[6][1], { rtol: 0, atol: 0 });
  });

  it("torch.seed() seeds non-deterministically and manualSeed(seed) replays it", () => {
    const s = torch.seed();
    expect(Number.isSafeInteger(s)).toBe(true);
    expect(torch.initialSeed()).toBe(s);
    const x = torch.rand([5]);
    torch.manualSeed(s);
    expect(torch.rand([5]).equal(x)).toBe(true);
    const g = new torch.Generator();
    const gs = g.seed();
    expect(g.initialSeed()).toBe(gs);
    expect(() => new torch.Generator("cuda" as "cpu")).toThrow(/not supported for torch.Generator/);
  });
});

describe("inference mode and anomaly detection, as PyTorch's", () => {
  it("inferenceMode: no graph, inference tensors, PyTorch's errors when they meet autograd outside", async () => {
    const w = torch.ones([2], { requiresGrad: true });
    const [y, enabledInside, nested] = torch.inferenceMode(() => {
      const y = w.mul(2);
      return [y, torch.isInferenceModeEnabled(), torch.inferenceMode(false, () => torch.isInferenceModeEnabled())];
    });
    const errs: string[] = [];
    for (const f of [() => (y as Tensor).add_(1), () => (y as Tensor).mul(w).sum().backward()]) {
      try {
        f();
        errs.push("");
      } catch (e) {
        errs.push((e as Error).message);
      }
    }
    const mine = [
      (y as Tensor).requiresGrad,
      (y as Tensor).isInference(),
      enabledInside,
      nested,
      torch.isInferenceModeEnabled(),
      errs,
    ];
    const ref = await py.eval(`w = torch.ones(2, requires_grad=True)
with torch.inference_mode():
  y = w * 2
  inside = torch.is_inference_mode_enabled()
  with torch.inference_mode(False):
    nested = torch.is_inference_mode_enabled()
errs = []
for f in [lambda: y.add_(1), lambda: (y * w).sum().backward()]:
  try:
    f()
    errs.append("")
  except RuntimeError as e:
    errs.append(str(e))
out = [y.requires_grad, y.is_inference(), inside, nested, torch.is_inference_mode_enabled(), errs]`);
    expect(mine).toEqual(ref);
  });

  it("detectAnomaly: a NaN made in backward raises PyTorch's message; checkNan false lets it through", async () => {
    const x = torch.tensor([0, 1], { dtype: "float32", requiresGrad: true });
    let err = "";
    try {
      torch.autograd.detectAnomaly(() => x.div(x).sum().backward());
    } catch (e) {
      err = (e as Error).message;
    }
    const after = torch.isAnomalyEnabled();
    torch.autograd.setDetectAnomaly(true, { checkNan: false });
    const flags = [torch.isAnomalyEnabled(), torch.isAnomalyCheckNanEnabled()];
    x.grad = null;
    x.div(x).sum().backward();
    torch.autograd.setDetectAnomaly(false);
    const ref = (await py.eval(`import warnings
x = torch.tensor([0., 1.], requires_grad=True)
err = ""
with warnings.catch_warnings():
  warnings.simplefilter("ignore")
  try:
    with torch.autograd.detect_anomaly():
      (x / x).sum().backward()
  except RuntimeError as e:
    err = str(e)
after = torch.is_anomaly_enabled()
torch.autograd.set_detect_anomaly(True, check_nan=False)
flags = [torch.is_anomaly_enabled(), torch.is_anomaly_check_nan_enabled()]
x.grad = None
(x / x).sum().backward()
torch.autograd.set_detect_anomaly(False)
out = [err, after, flags, x.grad]`)) as [string, boolean, boolean[], Tensor];
    expect([err, after, flags]).toEqual([ref[0], ref[1], ref[2]]);
    expectTensor(x.grad as unknown as Tensor, ref[3], { rtol: 1e-7 }); // NaN where PyTorch has NaN
  });

  it("a failing backward in anomaly mode warns with the forward call's stack (JS frames for Python's traceback)", async () => {
    const spy = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
    torch.setWarnAlways(true);
    const x = torch.tensor([0, 1], { dtype: "float32", requiresGrad: true });
    function anomalousForward(t: Tensor): Tensor {
      return t.div(t);
    }
    let stacked: string[] = [];
    try {
      torch.autograd.detectAnomaly(() => anomalousForward(x).sum().backward());
    } catch {
      // the NaN error, checked in the case above
    } finally {
      torch.setWarnAlways(false);
      stacked = spy.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith("Error detected in"));
      spy.mockRestore();
    }
    const ref = (await py.eval(`import warnings
x = torch.tensor([0., 1.], requires_grad=True)
with warnings.catch_warnings(record=True) as w:
  warnings.simplefilter("always")
  try:
    with torch.autograd.detect_anomaly():
      (x / x).sum().backward()
  except RuntimeError:
    pass
out = [str(m.message) for m in w if str(m.message).startswith("Error detected in")]`)) as string[];
    expect(stacked.length).toBe(ref.length);
    // PyTorch's first line, then the stack: this file's frames (the function that made the node) only.
    expect(stacked[0]!.split("\n")[0]).toBe(ref[0]!.split("\n")[0]);
    expect(stacked[0]).toMatch(/\n {2}at anomalousForward \(.*config\.test\.ts:\d+:\d+\)\n/);
    expect(stacked[0]).not.toMatch(/lib[/\\]tensor\.ts/);
  });
});
