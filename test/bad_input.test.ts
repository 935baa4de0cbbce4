// Bad input never crashes the process: a child drives well over 1,000 bad calls and must exit
// normally, every call having raised an Error (TypeError for wrong argument types).

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect, it } from "vitest";
import { DIST } from "./helpers/paths";

const LIB = path.join(DIST, "lib");

const SCRIPT = `
const torch = require(${JSON.stringify(LIB)});
const { nn, optim } = torch;
const results = { calls: 0, errors: 0, typeErrors: 0, noThrow: [] };
function bad(name, fn) {
  results.calls++;
  try { fn(); results.noThrow.push(name); }
  catch (e) { if (e instanceof Error) results.errors++; if (e instanceof TypeError) results.typeErrors++; }
}
// values of the wrong type for every op below (numbers, null and undefined are valid for some)
const junk = ["3", "cuda:99", {}, [[1], [1, 2]], () => 1, Symbol("s"), 2n ** 70n, { handle: 3 }, new Float32Array(2), [Symbol("x")]];
const disposed = torch.ones([2]); disposed.dispose();
const a = torch.ones([2, 3]), b = torch.ones([4, 5]), idx = torch.tensor([0, 7]);
const ops = ["add", "sub", "mul", "div", "pow", "matmul", "eq", "lt", "maximum", "where", "gather", "indexSelect", "narrow", "view", "reshape", "permute", "transpose", "expand", "flatten", "squeeze", "unsqueeze", "sum", "mean", "max", "argmax", "clamp", "to", "copy_", "select", "flip"];
// wrong types, disposed tensors, odd numbers into every op
for (const op of ops) {
  for (const j of junk) bad(op + " junk", () => a[op](j, j, j));
  bad(op + " disposed self", () => disposed[op](a));
  bad(op + " disposed arg", () => a[op](disposed, 0, 0));
}
// shape errors from libtorch
const shapePairs = [[[2, 3], [4, 5]], [[3], [4]], [[2, 2, 2], [3, 3]], [[1, 5], [6, 1, 4]]];
for (let k = 0; k < 20; k++) for (const [s1, s2] of shapePairs) for (const op of ["add", "mul", "matmul", "sub", "div"]) {
  const x = torch.ones(s1), y = torch.ones(s2);
  bad("shape " + op, () => x[op](y));
  x.dispose(); y.dispose();
}
// dtypes and devices
for (const d of ["float8", "complex", "", "int128", 5, null]) bad("dtype " + d, () => torch.zeros([2], { dtype: d }));
for (const d of ["cuda:99", "tpu", "gpu", "", "cpu:-5", 3]) bad("device " + d, () => torch.zeros([2]).to(d).add(1));
bad("cuda tensor", () => { const t = torch.zeros([2], { device: "cuda" }); if (!torch.cuda.isAvailable()) t.add(1); else throw new Error("ok"); });
// huge sizes, negative sizes, NaN sizes
for (const s of [[-1], [1e12, 1e12], [NaN], [2.5], [Infinity], ["2"], [2 ** 62, 4]]) bad("size " + s, () => torch.zeros(s));
bad("randint bad range", () => torch.randint(5, 1, [3]));
bad("arange bad step", () => torch.arange(0, 10, 0));
bad("arange nan", () => torch.arange(0, NaN));
bad("eye neg", () => torch.eye(-2));
bad("tensor ragged", () => torch.tensor([[1, 2], [3]]));
bad("tensor strings", () => torch.tensor(["a"]));
bad("tensor objects", () => torch.tensor([{}]));
bad("item of many", () => torch.ones([3]).item());
bad("view incompatible", () => torch.ones([2, 3]).transpose(0, 1).view(6));
bad("index out of range", () => a.indexSelect(1, idx));
bad("narrow out of range", () => a.narrow(1, 2, 5));
bad("cat mismatch", () => torch.cat([a, b], 0));
bad("cat empty", () => torch.cat([]));
bad("cat junk", () => torch.cat([a, 3]));
bad("stack mismatch", () => torch.stack([a, b]));
bad("backward twice", () => { const x = torch.ones([2]).requiresGrad_(true); const y = x.exp().sum(); y.backward(); y.backward(); });
bad("backward int", () => torch.ones([2]).sum().backward());
bad("log of int mean", () => torch.tensor([1, 2]).mean());
// modules and optimizers
const ctorJunk = [0.5, -3, "6", null, {}, NaN, [1, 2, 3]];
for (const j of ctorJunk) {
  bad("Linear " + j, () => new nn.Linear(j, 3).forward(torch.ones([2, 3])));
  bad("Conv2d " + j, () => new nn.Conv2d(3, j, 3).forward(torch.ones([1, 3, 8, 8])));
  bad("Conv2d kernel " + j, () => new nn.Conv2d(3, 4, j).forward(torch.ones([1, 3, 8, 8])));
  bad("BatchNorm2d " + j, () => new nn.BatchNorm2d(j).forward(torch.ones([2, 3, 4, 4])));
  bad("MaxPool2d " + j, () => new nn.MaxPool2d(j).forward(torch.ones([1, 3, 1, 1])));
  bad("Adam lr " + j, () => new optim.Adam([torch.ones([1]).requiresGrad_(true)], { lr: j === 0.5 ? -1 : j }));
}
bad("kernel larger than input", () => new nn.Conv2d(3, 4, 9).forward(torch.ones([1, 3, 4, 4])));
bad("bn wrong rank", () => new nn.BatchNorm2d(3).forward(torch.ones([2, 3])));
bad("bn one value", () => new nn.BatchNorm1d(3).forward(torch.ones([1, 3])));
bad("linear wrong features", () => new nn.Linear(4, 2).forward(torch.ones([3, 5])));
bad("loss bad target", () => new nn.CrossEntropyLoss().forward(torch.ones([2, 3]), torch.tensor([0, 7])));
bad("loss float target", () => new nn.NLLLoss().forward(torch.ones([2, 3]), torch.ones([2])));
bad("load missing file", () => torch.load("/nonexistent/x.pt"));
bad("load junk path", () => torch.load(42));
bad("save junk", () => torch.save({ f: () => 1 }, "/tmp/torchts-bad.pt"));
bad("tidy non-function", () => torch.tidy(3));
bad("noGrad non-function", () => torch.noGrad(3));
// streams, CUDA graphs, RNG state (on a CPU build every CUDA entry raises; on a GPU the junk does)
for (const j of junk) {
  bad("graph junk", () => torch.cuda.graph(j, () => 1));
  bad("graph fn junk", () => torch.cuda.graph(torch.cuda.isAvailable() ? new torch.cuda.CUDAGraph() : j, j));
  bad("Stream junk", () => new torch.cuda.Stream(typeof j === "object" && j !== null && !Array.isArray(j) ? { device: "tpu" } : j));
  bad("stream() junk", () => torch.cuda.stream(j, () => 1));
  bad("setRngState junk", () => torch.setRngState(j));
  bad("cuda.setRngState junk", () => torch.cuda.setRngState(j, j));
  bad("graphed step junk", () => torch.cuda.makeGraphedTrainStep(j, j, j));
}
// native objects of the wrong kind straight into the addon (type-tagged Externals)
const { native } = require(${JSON.stringify(path.join(LIB, "native"))});
const gen = new torch.Generator(1);
for (const [name, fn] of [["loaderTake", () => native.loaderTake(gen.ext)], ["generatorSeed", () => native.generatorSeed({}, 1)],
  ["epochPermutation", () => native.epochPermutation(3, 4)], ["cudaStreamWait", () => native.cudaStreamWait(gen.ext, gen.ext)],
  ["cudaGraphReplay", () => native.cudaGraphReplay(gen.ext)], ["cudaGraphDispose", () => native.cudaGraphDispose(null)]]) {
  bad("native wrong external " + name, fn);
}
bad("setRngState float", () => torch.setRngState(torch.ones([5056])));
bad("setRngState short", () => torch.setRngState(torch.ones([3], { dtype: "uint8" })));
bad("CUDAGraph without CUDA", () => { if (torch.cuda.isAvailable()) throw new Error("ok"); new torch.cuda.CUDAGraph(); });
bad("graphed step warmup 0", () => { const m = new nn.Linear(2, 2); torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), new optim.Adam(m.parameters()), { warmup: 0 }); });
bad("graphed step junk input", () => { const m = new nn.Linear(2, 2); torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), new optim.Adam(m.parameters()))(3, 4); });
bad("graphed step wrong shape", () => { const m = new nn.Linear(2, 2); torch.cuda.makeGraphedTrainStep(m, new nn.MSELoss(), new optim.Adam(m.parameters()))(torch.ones([3, 5]), torch.ones([3, 2])); });
// a long random mix to push the count
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
for (let k = 0; k < 400; k++) {
  const op = ops[Math.floor(rnd() * ops.length)];
  const j = junk[Math.floor(rnd() * junk.length)];
  bad("mix " + op, () => { disposed[op](j); });
}
console.log(JSON.stringify(results));
`;

it("over 1,000 bad calls raise Errors and the process exits normally", () => {
  const r = spawnSync(process.execPath, ["-e", SCRIPT], { encoding: "utf8", timeout: 120000 });
  expect(r.signal, r.stderr).toBeNull();
  expect(r.status, r.stderr).toBe(0);
  const res = JSON.parse(r.stdout.trim().split("\n").pop()!);
  expect(res.calls).toBeGreaterThanOrEqual(1000);
  expect(res.noThrow).toEqual([]);
  expect(res.errors).toBe(res.calls);
  expect(res.typeErrors).toBeGreaterThan(100);
});
