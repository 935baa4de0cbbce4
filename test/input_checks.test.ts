// Inputs PyTorch refuses or treats in its own way (issue 13 items 3, 4, 6, 7): torch.tensor's depth limit,
// overflow on conversion and int/float inference, F.pad's unknown modes, Tensor.T on N-D, handles that
// user code cannot forge, and error paths that leave no native tensor behind. Compared with PyTorch 1.13.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../lib";
import { nn, optim, Tensor } from "../lib";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

/** A JS number as the Python literal torch.tensor sees for it from torchts (ints only within ±2^53). */
function pyLiteral(v: number | boolean): string {
  if (typeof v === "boolean") return v ? "True" : "False";
  if (Number.isNaN(v)) return "float('nan')";
  if (!Number.isFinite(v)) return v > 0 ? "float('inf')" : "float('-inf')";
  if (Object.is(v, -0)) return "-0.0";
  if (Number.isInteger(v) && Math.abs(v) <= 2 ** 53) return String(v);
  return `float(${JSON.stringify(String(v))})`;
}

const pyFloat = (v: number) => (Number.isNaN(v) ? "nan" : v === Infinity ? "inf" : v === -Infinity ? "-inf" : v);

function outcome(f: () => Tensor): unknown {
  try {
    const t = f();
    return [t.dtype, Array.from(t.flatten().tolist() as Array<number | boolean>, (v) => pyFloat(Number(v)))];
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`;
  }
}

describe("torch.tensor", () => {
  it("a self-containing array is PyTorch's ValueError, not a dead process; 128 dims is the limit", async () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => torch.tensor(a as never)).toThrow(torch.ValueError);
    expect(() => torch.tensor(a as never)).toThrow("too many dimensions 'list'");
    const nest = (n: number) => {
      let x: unknown = 1;
      for (let i = 0; i < n; i++) x = [x];
      return x as never;
    };
    expect(torch.tensor(nest(128)).dim()).toBe(128);
    expect(() => torch.tensor(nest(129))).toThrow("too many dimensions 'list'");
    const r = await py.run("out = torch.tensor(eval('[' * 129 + '1' + ']' * 129)).dim()");
    expect(r.error).toMatch("too many dimensions 'list'");
  });

  it("values that overflow the dtype raise as in PyTorch; inference and truncation as PyTorch", async () => {
    const cases: Array<[Array<number | boolean>, string | undefined]> = [
      [[300], "uint8"],
      [[-255], "uint8"],
      [[-256], "uint8"],
      [[255.7], "uint8"],
      [[-255.9], "uint8"],
      [[-1.25], "uint8"],
      [[-0.5, 3], "uint8"],
      [[255.5], "uint8"],
      [[255], "uint8"],
      [[1.5, NaN], "int64"],
      [[Infinity], "int32"],
      [[-Infinity], "int16"],
      [[1.5], "int64"],
      [[-1.7], "int64"],
      [[1e20], "int64"],
      [[2 ** 40], "int32"],
      [[2 ** 31 - 1], "int32"],
      [[-(2 ** 31)], "int32"],
      [[128], "int8"],
      [[-129], "int8"],
      [[-128.9], "int8"],
      [[32768], "int16"],
      [[9.2e18], "int64"],
      [[NaN], "uint8"],
      [[1e300], "float32"],
      [[70000], "float16"],
      [[NaN], "bool"],
      [[1e20], undefined],
      [[2 ** 53], undefined],
      [[-(2 ** 53)], undefined],
      [[2 ** 53 + 2], undefined],
      [[3, 4.5], undefined],
      // -0 is no Python int: a float, as torch.tensor([-0.0]) is.
      [[-0], undefined],
      [[0, -0], undefined],
      [[-0], "int64"],
    ];
    for (const [v, dtype] of cases) {
      const code = `out = torch.tensor([${v.map(pyLiteral).join(", ")}]${dtype ? `, dtype=torch.${dtype}` : ""})`;
      const conv = "[v if math.isfinite(v) else str(v) for v in map(float, out.flatten().tolist())]";
      const r = await py.run(`import math\n${code}\nout = [str(out.dtype)[6:], ${conv}]`);
      const want = r.error !== undefined && r.error !== null ? `Error: ${r.error.split("\n")[0]}` : r.out;
      const got = outcome(() => torch.tensor(v as number[], dtype ? { dtype: dtype as never } : undefined));
      expect(got, `${v} ${dtype}`).toEqual(want);
    }
  });
});

describe("F.pad and Tensor.T", () => {
  it("F.pad with an unknown mode is NotImplementedError", async () => {
    const x = torch.ones([1, 2, 3]);
    for (const mode of ["wrap", "zeros", "symmetric"]) {
      const r = await py.run(`torch.nn.functional.pad(torch.ones(1, 2, 3), [1, 1], ${JSON.stringify(mode)})`);
      expect(r.type).toBe("NotImplementedError");
      expect(() => nn.functional.pad(x, [1, 1], mode as never)).toThrow(torch.NotImplementedError);
      expect(() => nn.functional.pad(x, [1, 1], mode as never)).toThrow(r.error!.split("\n")[0]);
    }
  });

  it("Tensor.T reverses all dimensions as PyTorch 1.13, warning once for ndim other than 0 and 2", async () => {
    const warnings: string[] = [];
    const onWarn = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarn);
    for (const shape of [[2, 3, 4], [2, 3, 4, 5], [3], [], [2, 3]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = torch.arange(n).view(shape);
      const want = (await py.eval(
        `x = torch.arange(${n}).view(${JSON.stringify(shape)})\nout = [list(x.T.shape), x.T.tolist()]`,
      )) as unknown[];
      expect([x.T.shape, x.T.tolist()], JSON.stringify(shape)).toEqual(want);
    }
    await new Promise((r) => setImmediate(r));
    process.off("warning", onWarn);
    expect(warnings.filter((m) => m.includes("x.T")).length).toBe(1);
    expect(warnings.find((m) => m.includes("x.T"))).toMatch(/^The use of `x.T` on tensors of dimension other than 2/);
    // x.T keeps autograd (a view, not a detached copy)
    const w = torch.ones([2, 3]).requiresGrad_(true);
    w.T.mul(torch.arange(6).view(3, 2)).sum().backward();
    expect(w.grad!.tolist()).toEqual([
      [0, 2, 4],
      [1, 3, 5],
    ]);
  });
});

describe("handles cannot be forged", () => {
  it("new torch.Tensor(...) is a TypeError; instanceof and Parameter still work", () => {
    const t = torch.ones([2]);
    for (const h of [NaN, 0, 3, "x", undefined, t]) {
      expect(() => new (Tensor as unknown as new (h: unknown) => Tensor)(h)).toThrow(TypeError);
      expect(() => new (t.constructor as new (h: unknown) => Tensor)(h)).toThrow(TypeError);
    }
    expect(t).toBeInstanceOf(Tensor);
    expect(t.constructor).toBe(Tensor);
    const p = new nn.Parameter(t);
    expect(p).toBeInstanceOf(Tensor);
    expect(p).toBeInstanceOf(nn.Parameter);
    expect(t.add(1).tolist()).toEqual([2, 2]);
  });
});

describe("error paths leave no native tensor behind", () => {
  it("model.to('int64') throws and creates no tensor", () => {
    const model = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
    const before = torch.memory().tensors;
    expect(() => model.to("int64")).toThrow(/only accepts floating point/);
    expect(torch.memory().tensors).toBe(before);
    expect(model.parameters()[0].dtype).toBe("float32");
  });

  it("an Adam or SGD step that throws leaves no state that nothing owns", () => {
    for (const make of [
      (ps: nn.Parameter[]) => new optim.Adam(ps, { lr: 0.1 }),
      (ps: nn.Parameter[]) => new optim.Adam(ps, { lr: 0.1, amsgrad: true }),
      (ps: nn.Parameter[]) => new optim.SGD(ps, { lr: 0.1, momentum: 0.9 }),
    ]) {
      const good = new nn.Parameter(torch.ones([2]));
      const bad = new nn.Parameter(torch.ones([2]));
      good.grad = torch.ones([2]);
      bad.grad = torch.ones([2]);
      // A gradient of the wrong shape (through .data, which the grad setter's size check does not see): the
      // step throws after making state.
      (bad.grad as Tensor).data = torch.ones([3]);
      const opt = make([good, bad]);
      const before = torch.memory().tensors;
      expect(() => opt.step()).toThrow();
      expect(torch.memory().tensors).toBe(before);
    }
  });
});

describe("unknown option keys are TypeErrors worded as Python's unexpected keyword arguments", () => {
  it("optim.Adam(ps, {learningRate}) fails as torch.optim.Adam(ps, learningRate=0.1) does", async () => {
    const p = new nn.Parameter(torch.ones([2]));
    const r = await py.run("torch.optim.Adam([torch.nn.Parameter(torch.ones(2))], learningRate=0.1)");
    expect(r.type).toBe("TypeError");
    const e = (() => {
      try {
        new optim.Adam([p], { learningRate: 0.1 } as never);
      } catch (err) {
        return err as Error;
      }
    })();
    expect(e).toBeInstanceOf(TypeError);
    expect(e?.message).toBe("Adam.__init__() got an unexpected keyword argument 'learningRate'");
    expect(r.error).toContain("got an unexpected keyword argument 'learningRate'");
  });

  it("constructors, creation functions and methods with an options object reject unknown keys", () => {
    const x = torch.ones([2, 2], { requiresGrad: true });
    const model = new nn.Linear(2, 2);
    const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
    const cases: Array<[() => unknown, string]> = [
      [() => torch.zeros([2], { dtyp: "float32" } as never), "zeros() got an unexpected keyword argument 'dtyp'"],
      [
        () => torch.tensor([1], { requires_grad: true } as never),
        "tensor() got an unexpected keyword argument 'requires_grad'",
      ],
      [
        () => torch.full([2], 1, { device: "cpu", pin: true } as never),
        "full() got an unexpected keyword argument 'pin'",
      ],
      [() => torch.arange(0, 4, 1, { stride: 2 } as never), "arange() got an unexpected keyword argument 'stride'"],
      [() => torch.zerosLike(x, { fill: 0 } as never), "zeros_like() got an unexpected keyword argument 'fill'"],
      [
        () => torch.zerosLike(x, { layout: 0 } as never),
        "zeros_like(): argument 'layout' must be torch.layout, not int",
      ],
      [
        () => new nn.BatchNorm2d(3, { momentun: 0.2 } as never),
        "BatchNorm2d.__init__() got an unexpected keyword argument 'momentun'",
      ],
      [
        () => new nn.LazyBatchNorm1d({ epsilon: 1e-3 } as never),
        "LazyBatchNorm1d.__init__() got an unexpected keyword argument 'epsilon'",
      ],
      [
        () => new nn.Linear(2, 2, { bais: false } as never),
        "Linear.__init__() got an unexpected keyword argument 'bais'",
      ],
      [
        () => x.sum().backward(undefined, { retain_graph: true } as never),
        "backward() got an unexpected keyword argument 'retain_graph'",
      ],
      [
        () => x.to("float64", { non_blocking: true } as never),
        "to() got an unexpected keyword argument 'non_blocking'",
      ],
      [() => x.add(1, { scale: 2 } as never), "add() got an unexpected keyword argument 'scale'"],
      [
        () => model.zeroGrad({ set_to_none: true } as never),
        "zero_grad() got an unexpected keyword argument 'set_to_none'",
      ],
      [() => opt.zeroGrad({ setToZero: true } as never), "zero_grad() got an unexpected keyword argument 'setToZero'"],
      [
        () => model.stateDict({ keep_vars: true } as never),
        "state_dict() got an unexpected keyword argument 'keep_vars'",
      ],
      [
        () => model.loadStateDict(model.stateDict(), { assign: true } as never),
        "load_state_dict() got an unexpected keyword argument 'assign'",
      ],
      [
        () => model.registerBuffer("b", torch.zeros([1]), { persistant: false } as never),
        "register_buffer() got an unexpected keyword argument 'persistant'",
      ],
      [
        () => nn.utils.clipGradNorm_(model.parameters(), 1, 2, { foreach: true } as never),
        "clip_grad_norm_() got an unexpected keyword argument 'foreach'",
      ],
      [
        () => new torch.data.DistributedSampler([1, 2], { numReplicas: 1, rank: 0, world: 1 } as never),
        "DistributedSampler.__init__() got an unexpected keyword argument 'world'",
      ],
      [
        () => new torch.data.DataLoader([1, 2], { batchsize: 2 } as never),
        "DataLoader.__init__() got an unexpected keyword argument 'batchsize'",
      ],
    ];
    for (const [f, message] of cases) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(err, message).toBeInstanceOf(TypeError);
      expect((err as Error).message).toBe(message);
    }
    // The keys each accepts still work.
    expect(torch.zeros([2], { dtype: "float64", device: "cpu", requiresGrad: false }).dtype).toBe("float64");
    expect(new nn.BatchNorm2d(3, { eps: 1e-3, momentum: null, affine: false, trackRunningStats: true }).eps).toBe(1e-3);
    expect(x.std(0, { keepdim: true, unbiased: false }).shape).toEqual([1, 2]);
  });
});
