// torch.jit.load: TorchScript modules scripted and traced by live PyTorch (test/python/jit_models.py),
// run, trained and saved by torchts through libtorch's TorchScript runtime, and compared with PyTorch
// doing the same to the same files.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import { expectSameError, expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
let dir = "";
let files: { net: string; conv: string };
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-jit-"));
  files = (await py.call("jit_models.make", { dir })) as typeof files;
});
afterAll(() => {
  py.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Run = { out: Tensor; repr: string; names: string[]; state: Record<string, Tensor> };
function expectState(mine: Record<string, Tensor>, ref: Record<string, Tensor>, tol = {}): void {
  expect(Object.keys(mine)).toEqual(Object.keys(ref));
  for (const [k, v] of Object.entries(mine)) expectTensor(v, ref[k]!, tol, k);
}

describe("torch.jit.load", () => {
  it("a scripted model: forward (train with dropout under a seed, and eval), parameters, state dict and repr are PyTorch's", async () => {
    const x = torch.randn([6, 4]);
    for (const train of [true, false]) {
      const m = torch.jit.load(files.net);
      m.train(train);
      torch.manualSeed(3);
      const out = m.forward(x) as Tensor;
      const ref = (await py.call("jit_models.run", { path: files.net, x, train, seed: 3 })) as Run;
      expectTensor(out.detach(), ref.out, {}, `forward (train=${train})`);
      expect([...m.namedParameters()].map(([k]) => k)).toEqual(ref.names);
      expectState(m.stateDict(), ref.state);
      expect(String(m)).toBe(ref.repr);
      expect(m.training).toBe(train);
      expect((m as unknown as { bn: nn.Module }).bn.training).toBe(train);
    }
  });

  it("a traced model, on the CPU and after double() (what replaced its tensors reaches the TorchScript code)", async () => {
    const x = torch.randn([2, 3, 8, 8]);
    // From the file's bytes, as Python's torch.jit.load(io.BytesIO(...)).
    const m = torch.jit.load(fs.readFileSync(files.conv), "cpu");
    m.eval();
    const ref = (await py.call("jit_models.run", { path: files.conv, x, train: false })) as Run;
    expectTensor(m.forward(x) as Tensor, ref.out, {}, "forward");
    expect(String(m)).toBe(ref.repr);
    m.double();
    const refD = (await py.call("jit_models.run", { path: files.conv, x, train: false, double: true })) as Run;
    expectTensor((m.forward(x.double()) as Tensor).detach(), refD.out, {}, "forward after double()");
    expectState(m.stateDict(), refD.state);
  });

  it("compiled methods take tuples, dicts, optionals, lists and keywords, and return them", async () => {
    const x = torch.randn([3, 4]);
    const m = torch.jit.load(files.net);
    const both = (m as unknown as { both: (...a: unknown[]) => [Tensor, Record<string, Tensor>, number] }).both;
    const [y, extra, n] = both(x, 2.5, [torch.ones([2]), 3], { b: torch.arange(3, { dtype: "float32" }) }, ["a", "bc"]);
    const [y2, extra2, n2] = m.runMethodKw("both", [x], { scale: 1.0, pair: [torch.zeros([2]), 1] }) as [
      Tensor,
      Record<string, Tensor>,
      number,
    ];
    const ref = (await py.call("jit_models.both", { path: files.net, x })) as {
      y: Tensor;
      extra: Record<string, Tensor>;
      n: number;
      y2: Tensor;
      extra2: Record<string, Tensor>;
      n2: number;
    };
    expectTensor(y.detach(), ref.y, {}, "y");
    expectState(extra, ref.extra);
    expect(n).toBe(ref.n);
    expectTensor(y2.detach(), ref.y2, {}, "y2");
    expectState(extra2, ref.extra2);
    expect(n2).toBe(ref.n2);
    expect(m.methods().sort()).toEqual(["both", "forward"]);
  });

  it("training the loaded module with torchts's SGD gives PyTorch's losses and weights", async () => {
    torch.manualSeed(7);
    const xs = Array.from({ length: 4 }, () => torch.randn([8, 4]));
    const ys = Array.from({ length: 4 }, () => torch.randint(0, 3, [8]));
    const m = torch.jit.load(files.net);
    m.train();
    const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    const losses: number[] = [];
    xs.forEach((x, i) => {
      torch.manualSeed(i);
      opt.zeroGrad();
      const loss = nn.functional.crossEntropy(m.forward(x) as Tensor, ys[i]!);
      loss.backward();
      opt.step();
      losses.push(loss.item() as number);
    });
    const ref = (await py.call("jit_models.train_steps", { path: files.net, xs, ys })) as {
      losses: number[];
      state: Record<string, Tensor>;
    };
    expect(losses).toEqual(ref.losses);
    expectState(m.stateDict(), ref.state);
  });

  it("a module saved by torchts after training loads in PyTorch with those weights and outputs", async () => {
    const m = torch.jit.load(files.net);
    const opt = new torch.optim.SGD(m.parameters(), { lr: 0.5 });
    m.train();
    nn.functional.crossEntropy(m.forward(torch.randn([8, 4])) as Tensor, torch.randint(0, 3, [8])).backward();
    opt.step();
    const saved = path.join(dir, "trained.pt");
    torch.jit.save(m, saved);
    m.eval();
    const x = torch.randn([5, 4]);
    const ref = (await py.call("jit_models.load_saved", { path: saved, x })) as {
      out: Tensor;
      state: Record<string, Tensor>;
      training: boolean;
    };
    expectState(m.stateDict(), ref.state);
    expectTensor((m.forward(x) as Tensor).detach(), ref.out, {}, "forward of the saved module");
    expect(ref.training).toBe(false);
  });

  it("inside a torchts model: moved with it, and trained end to end (gradients reach the TorchScript weights)", () => {
    const body = torch.jit.load(files.conv);
    class Model extends nn.Module {
      body = body;
      head = new nn.Linear(2, 5);
      forward(x: Tensor): Tensor {
        return this.head.forward(this.body.forward(x) as Tensor);
      }
    }
    const model = new Model();
    expect([...model.namedParameters()].map(([k]) => k)).toEqual([
      "body.conv.weight",
      "body.conv.bias",
      "body.bn.weight",
      "body.bn.bias",
      "body.fc.weight",
      "body.fc.bias",
      "head.weight",
      "head.bias",
    ]);
    model.double();
    const out = model.forward(torch.randn([2, 3, 8, 8], { dtype: "float64" }));
    expect(out.dtype).toBe("float64");
    out.sum().backward();
    for (const [k, p] of model.namedParameters()) expect(p.grad?.shape, k).toEqual(p.shape);
  });

  it("bad input raises PyTorch's errors (wrong types as TypeErrors) and never crashes", async () => {
    const m = torch.jit.load(files.net);
    const x = torch.randn([5, 4]);
    const load = `m = torch.jit.load(path)\n`;
    const inputs = { path: files.net, x };
    // Python raises RuntimeError for a TorchScript argument of the wrong type; torchts a TypeError.
    const typeErrors: Array<[() => unknown, string]> = [
      [() => m.forward("x"), "m('x')"],
      [() => m.forward(3), "m(3)"],
      [() => m.runMethod("both", x, 2, [torch.ones([2]), 1.5]), "m.both(x, 2, (torch.ones(2), 1.5))"],
      [() => m.forward(x, x), "m(x, x)"],
    ];
    for (const [fn, code] of typeErrors) {
      const r = await py.run(`${load}${code}`, inputs);
      let err: Error | undefined;
      try {
        fn();
      } catch (e) {
        err = e as Error;
      }
      expect(err, code).toBeInstanceOf(TypeError);
      // Python names the tuple it was given 'tuple'; a JS array is a 'list'.
      expect(err!.message.split("\n")[0], code).toBe(
        (r.error as string).replace("found type 'tuple'", "found type 'list'"),
      );
    }
    await expectSameError(py, () => m.runMethod("nope", x), `${load}m.nope(x)`, inputs);
    await expectSameError(py, () => torch.jit.load(path.join(dir, "missing.pt")), "torch.jit.load(p)", {
      p: path.join(dir, "missing.pt"),
    });
    await expectSameError(py, () => torch.jit.load(dir), "torch.jit.load(p)", { p: dir });
    await expectSameError(
      py,
      () => torch.jit.load(Buffer.from("not a zip")),
      "import io\ntorch.jit.load(io.BytesIO(b'not a zip'))",
    );
    // An error inside the TorchScript code: PyTorch's whole message (the traceback ends with the error).
    const wrongShape = torch.randn([5, 7]);
    const r = await py.run(`${load}m(w)`, { ...inputs, w: wrongShape });
    let err: Error | undefined;
    try {
      m.forward(wrongShape);
    } catch (e) {
      err = e as Error;
    }
    expect(err!.message.split("\n")[0]).toBe(r.error);
    expect(err!.message).toMatch(/mat1 and mat2 shapes cannot be multiplied \(5x7 and 4x8\)/);
    expect(() => torch.jit.load(42 as never)).toThrow(TypeError);
  });
});
