// The raw addon checks what it indexes or copies (issue 13 item 2): calls TypeScript never makes, made
// straight to the native functions in a child process, each must throw an Error and the child must
// exit normally — ScalarType numbers out of range, buffers smaller than dtype x shape, storages that
// are not a whole number of elements, optimizer state arrays shorter than the parameters, handles
// that are NaN, fractions, negative or strings.

import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { expect, it } from "vitest";
import { DIST } from "./helpers/paths";

const NATIVE = path.join(DIST, "lib", "native");

const SCRIPT = `
const { native: n } = require(${JSON.stringify(NATIVE)});
const out = {};
const call = (name, fn) => {
  try { fn(); out[name] = "no error"; }
  catch (e) { out[name] = (e instanceof Error ? e.constructor.name : "non-Error") + ": " + (e && e.message); }
};
const F32 = 6, F64 = 7;
const p = n.zeros([3], F32), q = n.zeros([3], F32);
for (const d of [999, 2 ** 31, 40, 1e10]) call("zeros dtype " + d, () => n.zeros([2], d));
call("fromBuffer float64 over 2 floats", () => n.fromBuffer(new Float32Array(2), { srcDtype: F64, shape: [2] }));
call("fromBuffer big shape", () => n.fromBuffer(new Float32Array(2), { srcDtype: F32, shape: [2 ** 40, 2 ** 40] }));
call("fromBuffer negative shape", () => n.fromBuffer(new Float32Array(2), { srcDtype: F32, shape: [-1, -2] }));
call("fromBuffer dtype 999", () => n.fromBuffer(new Float32Array(2), { srcDtype: 999, shape: [2] }));
call("fromStorage 3 bytes", () => n.fromStorage(new Uint8Array(3), F32));
call("fromStorage 27 bytes", () => n.fromStorage(new Uint8Array(27), F32));
call("fromStorage dtype 999", () => n.fromStorage(new Uint8Array(8), 999));
const st = n.fromStorage(new Uint8Array(24), F32);
call("storageView past end", () => n.storageView(st, { size: [7], stride: [1], offset: 0 }));
call("storageView overflow", () => n.storageView(st, { size: [2 ** 62, 4], stride: [2 ** 62, 1], offset: 0 }));
call("storageView negative", () => n.storageView(st, { size: [2], stride: [-1], offset: 2 }));
call("storageView lengths", () => n.storageView(st, { size: [2, 2], stride: [1], offset: 0 }));
const adam = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, decoupled: false };
call("adamStep short state", () => n.adamStep([p, q], { ...adam, expAvgs: [], expAvgSqs: [], maxExpAvgSqs: [], steps: [] }));
call("adamStep one short", () => n.adamStep([p, q], { ...adam, expAvgs: [undefined], expAvgSqs: [undefined, undefined], maxExpAvgSqs: [undefined, undefined], steps: [undefined, undefined] }));
const sgd = { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false };
call("sgdStep short state", () => n.sgdStep([p, q], { ...sgd, momentumBuffers: [] }));
for (const h of [NaN, -1, 1.5, "3", 2 ** 32, Infinity]) call("handle " + String(h), () => n.neg(h));
call("tensors NaN", () => n.cat([p, NaN], 0));
call("attachFinalizers junk", () => n.attachFinalizers(3, "x"));
call("attachFinalizers strings", () => n.attachFinalizers([{}], ["a"]));
// The dispatcher path (native/dispatch.cc): bad ids, handles, lists and values for any operator.
const clampMin = n.opOverloads("aten::clamp_min").find((o) => o.overload === "").id;
const plain = (name) => n.opOverloads(name).find((o) => !o.args.some((a) => a.out)).id;
const catOp = plain("aten::cat");
const emptyOp = plain("aten::empty");
for (const id of [-1, 1e9, "x", NaN]) call("opCall id " + String(id), () => n.opCall(id, p, 1));
call("opCall missing self", () => n.opCall(clampMin));
call("opCall handle NaN", () => n.opCall(clampMin, NaN, 1));
call("opCall object scalar", () => n.opCall(clampMin, p, {}));
call("opCall nested tensor list", () => n.opCall(catOp, [p, [q]]));
call("opCall string list", () => n.opCall(catOp, "abc"));
call("opCall too many", () => n.opCall(clampMin, p, 1, 2, 3, 4));
call("opCall negative size", () => n.opCall(emptyOp, [-1]));
call("opCall overflowing size", () => n.opCall(emptyOp, [1e12, 1e12]));
call("opCall_ junk", () => n.opCall_(clampMin, "p", 1));
call("opOverloads number", () => n.opOverloads(5));
// Complex scalars and warnings: only lib/complex.ts's Complex with number parts is a complex scalar.
const { Complex } = require(${JSON.stringify(path.join(DIST, "lib", "complex"))});
const fake = Object.create(Complex.prototype);
fake.real = "1";
fake.imag = 2;
call("complex scalar with a string part", () => n.mulS(p, fake));
call("plain object as a complex scalar", () => n.mulS(p, { real: 1, imag: 2 }));
call("fromBuffer complex64 over 3 floats", () => n.fromBuffer(new Float32Array(3), { srcDtype: 9, shape: [2] }));
call("setComplexClass number", () => n.setComplexClass(5));
call("setWarningHandler string", () => n.setWarningHandler("x"));
call("setWarnAlways string", () => n.setWarnAlways("x"));
// A warning handler that throws (node --throw-deprecation does for DeprecationWarning): the call throws it.
const stftOp = n.opOverloads("aten::stft").find((o) => o.overload === "").id;
n.setWarnAlways(true);
n.setWarningHandler(() => { throw new Error("handler threw"); });
call("warning handler throws", () => n.opCall(stftOp, n.randn([64], F32), 16));
process.stdout.write(JSON.stringify(out));
`;

it("raw addon calls with bad sizes, dtypes, state arrays and handles throw, never crash", () => {
  const r = spawnSync(process.execPath, ["-e", SCRIPT], { encoding: "utf8", timeout: 60_000 });
  expect(r.stderr).toBe("");
  expect(r.status, `exited with ${r.status} ${r.signal}`).toBe(0);
  const out = JSON.parse(r.stdout) as Record<string, string>;
  expect(Object.keys(out).length).toBeGreaterThanOrEqual(25);
  for (const [name, res] of Object.entries(out))
    expect(res, name).toMatch(/^(TypeError|Error|ValueError|RangeError|IndexError): /);
  for (const h of ["NaN", "-1", "1.5", "3", "4294967296", "Infinity"])
    expect(out[`handle ${h}`], h).toMatch(/^TypeError/);
  expect(out["fromStorage 3 bytes"]).toMatch(/not a whole number/);
  expect(out["zeros dtype 999"]).toMatch(/^TypeError: .*dtype code/);
  for (const id of ["-1", "1000000000", "x", "NaN"]) expect(out[`opCall id ${id}`], id).toMatch(/^TypeError/);
  expect(out["opCall negative size"]).toMatch(/negative dimension/);
  for (const k of ["complex scalar with a string part", "plain object as a complex scalar", "setComplexClass number"])
    expect(out[k], k).toMatch(/^TypeError/);
  expect(out["warning handler throws"]).toBe("Error: handler threw");
});
