// Ported from PyTorch 1.13's test/test_nn.py (TestNN: test_ModuleDict, test_ParameterList, test_ParameterDict, test_ModuleList, test_Sequential_getitem/setitem/setitem_named/delitem/add/iadd/mul/rmul/imul/append/pop/insert/insert_fail_case/extend, test_ParameterList_meta, test_parameterlistdict_setting_attributes):
// each upstream test's own checks (identity of the held modules and parameters, lengths, order), and at
// checkpoints the printed form, child names, named_parameters and state-dict keys of the same sequence
// replayed in live PyTorch (test/python/upstream_containers.py); errors compared with PyTorch's class and
// first message line.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { nn, type Tensor } from "../../lib";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const { Parameter } = nn;

interface Snap {
  repr: string;
  keys: string[];
  params: string[];
  state: string[];
}
function snap(m: nn.Module): Snap {
  return {
    repr: String(m),
    keys: [...m._modules.keys()],
    params: [...m.namedParameters()].map(([k]) => k),
    state: Object.keys(m.stateDict()),
  };
}
/**
 * PyTorch's snapshot with its state-dict keys in the order a JS object keeps them: a state dict is a plain
 * object, which lists integer-like keys ("9", "10": a top-level ParameterList's entries) first, ascending.
 * Every other key, and named_parameters, keep PyTorch's order.
 */
function asJs(ref: unknown): Snap {
  const r = ref as Snap;
  const obj: Record<string, null> = {};
  for (const k of r.state) obj[k] = null;
  return { ...r, state: Object.keys(obj) };
}
/** The same objects in the same order (identity, as upstream's assertIs over zip). */
function same(a: Iterable<unknown>, b: readonly unknown[]): void {
  const xs = [...a];
  expect(xs.length).toBe(b.length);
  xs.forEach((x, i) => {
    expect(x).toBe(b[i]);
  });
}
const lin = (i: number, o: number) => new nn.Linear(i, o);

/** PyTorch's message for an error: str(KeyError) is the repr of its argument. */
function pyMessage(r: { error?: string; type?: string }): string {
  const m = r.error!;
  if (r.type !== "KeyError" || m.length < 2) return m;
  return m.slice(1, -1).replace(/\\'/g, "'");
}
/** `js` throws what the Python statement `code` raises: the same class and first message line. */
async function sameError(js: () => unknown, code: string): Promise<void> {
  const r = await py.run(code);
  expect(r.type, `PyTorch raises for ${code}`).toBeDefined();
  let err: unknown;
  try {
    js();
  } catch (e) {
    err = e;
  }
  expect(err, `torchts raises for ${code}`).toBeInstanceOf(Error);
  const e = err as Error;
  expect(e.message, code).toBe(pyMessage(r));
  if (r.type === "TypeError") expect(e).toBeInstanceOf(TypeError);
  else if (r.type === "RuntimeError") expect(e.name).toBe("Error");
  else expect(e.name).toBe(r.type);
}

describe("TestNN: Sequential", () => {
  it("test_Sequential_getitem", async () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3, l4);
    expect(n.at(0)).toBe(l1);
    expect(n.at(1)).toBe(l2);
    expect(n.at(2)).toBe(l3);
    expect(n.at(3)).toBe(l4);
    expect(n.at(torch.tensor(3, { dtype: "int64" }) as never)).toBe(l4);
    same(n.slice(1), [l2, l3, l4]);
    same(n.slice(3), [l4]);
    same(n.slice(null, -1), [l1, l2, l3]);
    same(n.slice(null, -3), [l1]);
    same(n.slice(null, null, -1), [l4, l3, l2, l1]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, unknown>;
    const names = (s: nn.Sequential) => [...s._modules.keys()];
    expect([
      names(n.slice(1)),
      names(n.slice(null, null, -1)),
      names(n.slice(null, -3)),
      names(n.slice(1, null, 2)),
      names(n.slice(-2, 10)),
    ]).toEqual(ref.slices);
  });

  it("test_Sequential_setitem", () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3);
    n.set(0, l4);
    n.set(-1, l4);
    n.set(torch.tensor(1, { dtype: "int16" }) as never, l1);
    expect(n.at(0)).toBe(l4);
    expect(n.at(1)).toBe(l1);
    expect(n.at(2)).toBe(l4);
  });

  it("test_Sequential_setitem_named", async () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(
      new Map<string, nn.Module>([
        ["linear1", l1],
        ["linear2", l2],
        ["linear3", l3],
      ]),
    );
    n.set(0, l4);
    n.set(-1, l4);
    expect((n as unknown as Record<string, nn.Module>).linear1).toBe(l4);
    expect((n as unknown as Record<string, nn.Module>).linear3).toBe(l4);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    expect(snap(n)).toEqual(asJs(ref.setitem_named));
    // del renumbers the remaining children "0", "1", ... as PyTorch 1.13 does.
    n.delete(1);
    expect(snap(n)).toEqual(asJs(ref.delitem_named));
  });

  it("test_Sequential_delitem", async () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3, l4);
    n.delete(-1);
    same(n, [l1, l2, l3]);
    n.delete({ start: 1, step: 2 });
    same(n, [l1, l3]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    expect(snap(n)).toEqual(asJs(ref.delitem));
  });

  it("test_Sequential_add", async () => {
    const [l1, l2, l3, l4] = [lin(1, 2), lin(2, 3), lin(3, 4), lin(4, 5)];
    const n = new nn.Sequential(l1, l2);
    const other = new nn.Sequential(l3, l4);
    const sum = n.add(other);
    same(sum, [l1, l2, l3, l4]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    expect(snap(new nn.Sequential(lin(10, 20), lin(20, 30)).add(new nn.Sequential(lin(30, 40), lin(40, 50))))).toEqual(
      ref.add,
    );
  });

  it("test_Sequential_iadd", async () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3);
    const n2 = new nn.Sequential(l4);
    expect(n.iadd(n2)).toBe(n);
    n2.iadd(n);
    same(n, [l1, l2, l3, l4]);
    same(n2, [l4, l1, l2, l3, l4]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap[]>;
    expect([snap(n), snap(n2)]).toEqual(ref.iadd.map(asJs));
  });

  it("test_Sequential_mul", async () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3, l4);
    same(n.mul(2), [l1, l2, l3, l4, l1, l2, l3, l4]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    expect(snap(new nn.Sequential(lin(10, 20), lin(20, 30)).mul(3))).toEqual(asJs(ref.mul));
  });

  it("test_Sequential_rmul", () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3, l4);
    same(n.rmul(2), [l1, l2, l3, l4, l1, l2, l3, l4]);
  });

  it("test_Sequential_imul", async () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3, l4);
    n.imul(2);
    same(n, [l1, l2, l3, l4, l1, l2, l3, l4]);
    n.imul(2);
    same(n, [l1, l2, l3, l4, l1, l2, l3, l4, l1, l2, l3, l4, l1, l2, l3, l4]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    expect(snap(new nn.Sequential(lin(10, 20), lin(20, 30)).imul(2))).toEqual(asJs(ref.imul));
  });

  it("test_Sequential_append", () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n = new nn.Sequential(l1, l2, l3);
    const n2 = n.append(l4);
    same(n, [l1, l2, l3, l4]);
    expect(n2).toBe(n);
    same(new nn.Sequential(l1).append(l2).append(l4), [l1, l2, l4]);
  });

  it("test_Sequential_pop", async () => {
    const [l1, l2, l3, l4] = [lin(1, 2), lin(2, 3), lin(3, 4), lin(4, 5)];
    const n1 = new nn.Sequential(l1, l2, l3, l4);
    expect(n1.pop(3)).toBe(l4);
    same(n1, [l1, l2, l3]);
    [...n1].forEach((mod, k) => {
      expect(n1.at(k)).toBe(mod);
    });
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    const n = new nn.Sequential(lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50));
    n.pop(1);
    expect(snap(n)).toEqual(asJs(ref.pop));
  });

  it("test_Sequential_insert", async () => {
    const [l1, l2, l3] = [lin(1, 2), lin(2, 3), lin(3, 4)];
    const module1 = lin(4, 5);
    same(new nn.Sequential(l1, l2, l3).insert(1, module1), [l1, module1, l2, l3]);
    // test for negative support
    const module2 = lin(5, 6);
    same(new nn.Sequential(l1, l2, l3).insert(-2, module2), [l1, module2, l2, l3]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    expect(snap(new nn.Sequential(lin(10, 20), lin(20, 30), lin(30, 40)).insert(-2, lin(40, 50)))).toEqual(
      asJs(ref.insert),
    );
  });

  it("test_Sequential_insert_fail_case", async () => {
    const n1 = new nn.Sequential(lin(1, 2), lin(2, 3), lin(3, 4));
    const setup = "n1 = nn.Sequential(nn.Linear(1, 2), nn.Linear(2, 3), nn.Linear(3, 4))\n";
    await sameError(() => n1.insert(-5, lin(5, 6)), `${setup}n1.insert(-5, nn.Linear(5, 6))`);
    await sameError(() => n1.insert(1, [lin(6, 7)] as never), `${setup}n1.insert(1, [nn.Linear(6, 7)])`);
  });

  it("test_Sequential_extend", async () => {
    const [l1, l2, l3, l4] = [lin(10, 20), lin(20, 30), lin(30, 40), lin(40, 50)];
    const n1 = new nn.Sequential(l1, l2);
    const n2 = new nn.Sequential(l3, l4);
    const n3 = new nn.Sequential(l1, l2);
    for (const l of n2) n1.append(l);
    n3.extend(n2);
    same(n3, [...n1]);
    const ref = (await py.call("upstream_containers.sequential_ops")) as unknown as Record<string, Snap>;
    expect(
      snap(new nn.Sequential(lin(10, 20), lin(20, 30)).extend(new nn.Sequential(lin(30, 40), lin(40, 50)))),
    ).toEqual(asJs(ref.extend));
  });

  it("Sequential bad arguments raise PyTorch's errors", async () => {
    const s = () => new nn.Sequential(lin(1, 2), lin(2, 3));
    const setup = "s = nn.Sequential(nn.Linear(1, 2), nn.Linear(2, 3))\n";
    await sameError(() => s().at(2), `${setup}s[2]`);
    await sameError(() => s().at(-3), `${setup}s[-3]`);
    await sameError(() => s().at(1.5), `${setup}s[1.5]`);
    await sameError(() => s().set(5, lin(1, 1)), `${setup}s[5] = nn.Linear(1, 1)`);
    await sameError(() => s().set(0, 3 as never), `${setup}s[0] = 3`);
    await sameError(() => s().add(3 as never), `${setup}s + 3`);
    await sameError(() => s().iadd([lin(1, 1)] as never), `${setup}s += [nn.Linear(1, 1)]`);
    await sameError(() => s().mul(1.5), `${setup}s * 1.5`);
    await sameError(() => s().mul(0), `${setup}s * 0`);
    await sameError(() => s().imul(-1), `${setup}s *= -1`);
    await sameError(() => s().delete(4), `${setup}del s[4]`);
    await sameError(() => new nn.Sequential(lin(1, 2), 3 as never), "nn.Sequential(nn.Linear(1, 2), 3)");
  });
});

describe("TestNN: ModuleList", () => {
  it("test_ModuleList", async () => {
    let modules: nn.Module[] = [new nn.ReLU(), lin(5, 5)];
    let moduleList = new nn.ModuleList(modules);
    const check = () => {
      expect(moduleList.length).toBe(modules.length);
      [...moduleList].forEach((m, i) => {
        expect(m).toBe(modules[i]);
      });
      const children = [...moduleList.children()];
      for (let i = 0; i < Math.min(children.length, modules.length); i++) expect(children[i]).toBe(modules[i]);
      for (let i = 0; i < modules.length; i++) expect(moduleList.at(i)).toBe(modules[i]);
    };
    check();
    modules = [...modules, new nn.Conv2d(3, 4, 3)];
    moduleList.iadd([modules[modules.length - 1]!]);
    check();
    modules = [...modules, new nn.Conv2d(3, 4, 3, { bias: false }), new nn.GELU()];
    moduleList = moduleList.add(new nn.ModuleList(modules.slice(-2)));
    check();
    modules.splice(1, 0, lin(3, 2));
    moduleList.insert(1, modules[1]!);
    check();
    modules.push(new nn.Tanh());
    moduleList.append(modules[modules.length - 1]!);
    check();
    const nextModules = [lin(5, 5), new nn.Sigmoid()];
    modules.push(...nextModules);
    moduleList.extend(nextModules);
    check();
    modules[2] = new nn.Conv2d(5, 3, 2);
    moduleList.set(2, modules[2]);
    check();
    modules[modules.length - 1] = new nn.Conv2d(5, 2, 1);
    moduleList.set(-1, modules[modules.length - 1]!);
    check();
    const idx = torch.tensor(2, { dtype: "int32" }) as never;
    modules[2] = new nn.Conv2d(5, 3, 2);
    moduleList.set(idx, modules[2]);
    expect(moduleList.at(idx)).toBe(modules[2]);
    check();
    same(moduleList.slice(1), modules.slice(1));
    same(moduleList.slice(3), modules.slice(3));
    same(moduleList.slice(null, -1), modules.slice(0, -1));
    same(moduleList.slice(null, -3), modules.slice(0, -3));
    same(moduleList.slice(null, null, -1), [...modules].reverse());
    moduleList.delete(-1);
    same(moduleList, modules.slice(0, -1));
    moduleList.delete({ start: 1, step: 2 });
    same(
      moduleList,
      modules.slice(0, -1).filter((_, i) => i % 2 === 0),
    );

    await sameError(
      () => moduleList.iadd(new nn.ReLU() as never),
      "module_list = nn.ModuleList()\nmodule_list += nn.ReLU()",
    );
    await sameError(() => moduleList.extend(new nn.ReLU() as never), "nn.ModuleList().extend(nn.ReLU())");

    const [l1, l2, l3, l4] = [lin(1, 2), lin(2, 3), lin(3, 2), lin(2, 3)];
    const subnet = new nn.Sequential(l3, l4);
    const s = new nn.Sequential(
      new Map<string, nn.Module>([
        ["layer1", l1],
        ["layer2", l2],
        ["layer3", l3],
        ["layer4", l4],
        ["subnet_layer", subnet],
      ]),
    );
    modules = [...s.modules()];
    moduleList = new nn.ModuleList();
    moduleList.extend(s.modules());
    check();

    modules = [new nn.ReLU(), lin(5, 5), new nn.Conv2d(3, 4, 3)];
    moduleList = new nn.ModuleList(modules);
    expect(moduleList.pop(1)).toBe(modules.splice(1, 1)[0]);
    same(moduleList, modules);
    [...moduleList].forEach((mod, k) => {
      expect(moduleList.at(k)).toBe(mod);
    });

    // verify the right exception is thrown when trying to "forward" through a ModuleList
    const code = "nn.ModuleList()(torch.rand(1, 3))";
    await sameError(() => moduleList.forward(), code);
    await sameError(() => moduleList.call(torch.rand([1, 3]) as never), code);
  });

  it("test_ModuleList: printed forms and names against PyTorch", async () => {
    const ref = (await py.call("upstream_containers.module_list_ops")) as unknown as Record<string, Snap>;
    let moduleList = new nn.ModuleList([new nn.ReLU(), lin(5, 5)]);
    expect(snap(moduleList)).toEqual(asJs(ref.init));
    moduleList.iadd([new nn.Conv2d(3, 4, 3)]);
    moduleList = moduleList.add(new nn.ModuleList([new nn.Conv2d(3, 4, 3, { bias: false }), new nn.GELU()]));
    moduleList.insert(1, lin(3, 2));
    moduleList.append(new nn.Tanh());
    moduleList.extend([lin(5, 5), new nn.Sigmoid()]);
    moduleList.set(2, new nn.Conv2d(5, 3, 2));
    moduleList.set(-1, new nn.Conv2d(5, 2, 1));
    expect(snap(moduleList)).toEqual(asJs(ref.built));
    expect(snap(moduleList.slice(1))).toEqual(asJs(ref.slice));
    expect(snap(moduleList.slice(null, null, -1))).toEqual(asJs(ref.reversed));
    moduleList.delete(-1);
    moduleList.delete({ start: 1, step: 2 });
    expect(snap(moduleList)).toEqual(asJs(ref.deleted));
    moduleList.pop(1);
    expect(snap(moduleList)).toEqual(asJs(ref.popped));
  });

  it("ModuleList bad arguments raise PyTorch's errors", async () => {
    const ml = () => new nn.ModuleList([lin(1, 2), lin(2, 3)]);
    const setup = "ml = nn.ModuleList([nn.Linear(1, 2), nn.Linear(2, 3)])\n";
    await sameError(() => ml().at(2), `${setup}ml[2]`);
    await sameError(() => ml().at(-3), `${setup}ml[-3]`);
    await sameError(() => ml().at("0" as never), `${setup}ml['0']`);
    await sameError(() => ml().set(2, lin(1, 1)), `${setup}ml[2] = nn.Linear(1, 1)`);
    await sameError(() => ml().set(0, "relu" as never), `${setup}ml[0] = 'relu'`);
    await sameError(() => ml().insert(-1, lin(1, 1)), `${setup}ml.insert(-1, nn.Linear(1, 1))`);
    await sameError(() => new nn.ModuleList(3 as never), "nn.ModuleList(3)");
    await sameError(() => new nn.ModuleList([lin(1, 2), 3] as never), "nn.ModuleList([nn.Linear(1, 2), 3])");
    await sameError(() => ml().pop(5), `${setup}ml.pop(5)`);
  });
});

describe("TestNN: ModuleDict", () => {
  it("test_ModuleDict", async () => {
    let modules = new Map<string, nn.Module>([
      ["act", new nn.ReLU()],
      ["conv", new nn.Conv2d(10, 10, 5)],
      ["fc", lin(5, 5)],
    ]);
    let moduleDict = new nn.ModuleDict(modules);
    const check = () => {
      expect(moduleDict.length).toBe(modules.size);
      const children = [...moduleDict.children()];
      [...modules.keys()].slice(0, children.length).forEach((k, i) => {
        expect(modules.get(k)).toBe(children[i]);
      });
      const keys = [...moduleDict];
      [...modules.keys()].slice(0, keys.length).forEach((k, i) => {
        expect(modules.get(k)).toBe(moduleDict.get(keys[i]!));
      });
      for (const k of moduleDict) expect(moduleDict.get(k)).toBe(modules.get(k));
      for (const k of moduleDict.keys()) expect(moduleDict.get(k)).toBe(modules.get(k));
      for (const [k, v] of moduleDict.items()) expect(modules.get(k)).toBe(v);
      const values = moduleDict.values();
      [...modules.keys()].slice(0, values.length).forEach((k, i) => {
        expect(modules.get(k)).toBe(values[i]);
      });
      for (const k of modules.keys()) expect(moduleDict.has(k)).toBe(true);
    };
    check();

    modules.set("conv", new nn.Conv2d(3, 4, 3));
    moduleDict.set("conv", modules.get("conv")!);
    check();

    let next: Array<[string, nn.Module]> = [
      ["fc2", lin(5, 5)],
      ["act", new nn.Sigmoid()],
    ];
    for (const [k, v] of next) modules.set(k, v);
    moduleDict.update(next);
    check();

    const nextMap = new Map<string, nn.Module>([
      ["fc3", lin(5, 5)],
      ["act2", new nn.Sigmoid()],
    ]);
    for (const [k, v] of nextMap) modules.set(k, v);
    moduleDict.update(nextMap);
    check();

    const nextObj = { fc4: lin(5, 5), act3: new nn.Sigmoid() };
    for (const [k, v] of Object.entries(nextObj)) modules.set(k, v);
    moduleDict.update(nextObj);
    check();

    next = [
      ["fc5", lin(5, 5)],
      ["act4", new nn.Sigmoid()],
    ];
    const nextDict = new nn.ModuleDict(next);
    for (const [k, v] of nextDict.items()) modules.set(k, v);
    moduleDict.update(nextDict);
    check();

    moduleDict.delete("fc");
    modules.delete("fc");
    check();

    const setup = "module_dict = nn.ModuleDict()\n";
    await sameError(() => moduleDict.update(new nn.ReLU() as never), `${setup}module_dict.update(nn.ReLU())`);
    await sameError(() => moduleDict.update([new nn.ReLU()] as never), `${setup}module_dict.update([nn.ReLU()])`);
    await sameError(() => moduleDict.update([[new nn.ReLU()]] as never), `${setup}module_dict.update([[nn.ReLU()]])`);
    await sameError(() => moduleDict.set(1 as never, new nn.ReLU()), `${setup}module_dict[1] = nn.ReLU()`);

    const s = new nn.Sequential(modules);
    moduleDict = new nn.ModuleDict(s.namedChildren() as never);
    check();

    const c = moduleDict.pop("conv");
    expect(c).toBe(modules.get("conv"));
    modules.delete("conv");
    check();

    moduleDict.clear();
    expect(moduleDict.length).toBe(0);
    modules = new Map();
    check();

    // verify the right exception is thrown when trying to "forward" through a ModuleDict
    const code = "nn.ModuleDict()(torch.rand(1, 3))";
    await sameError(() => moduleDict.forward(), code);
    await sameError(() => moduleDict.call(torch.rand([1, 3]) as never), code);
  });

  it("test_ModuleDict: printed forms, names and state-dict keys against PyTorch", async () => {
    const ref = (await py.call("upstream_containers.module_dict_ops")) as unknown as Record<string, Snap>;
    const md = new nn.ModuleDict(
      new Map<string, nn.Module>([
        ["act", new nn.ReLU()],
        ["conv", new nn.Conv2d(10, 10, 5)],
        ["fc", lin(5, 5)],
      ]),
    );
    expect(snap(md)).toEqual(asJs(ref.init));
    md.set("conv", new nn.Conv2d(3, 4, 3));
    md.update([
      ["fc2", lin(5, 5)],
      ["act", new nn.Sigmoid()],
    ]);
    md.update(
      new Map<string, nn.Module>([
        ["fc3", lin(5, 5)],
        ["act2", new nn.Sigmoid()],
      ]),
    );
    md.update({ fc4: lin(5, 5), act3: new nn.Sigmoid() });
    md.update(
      new nn.ModuleDict([
        ["fc5", lin(5, 5)],
        ["act4", new nn.Sigmoid()],
      ]),
    );
    md.delete("fc");
    expect(snap(md)).toEqual(asJs(ref.updated));
    md.pop("conv");
    expect(snap(md)).toEqual(asJs(ref.popped));
    md.clear();
    expect(snap(md)).toEqual(asJs(ref.cleared));
  });

  it("ModuleDict bad arguments raise PyTorch's errors", async () => {
    const md = () => new nn.ModuleDict({ a: lin(1, 2) });
    const setup = "md = nn.ModuleDict({'a': nn.Linear(1, 2)})\n";
    await sameError(() => md().get("b"), `${setup}md['b']`);
    await sameError(() => md().delete("b"), `${setup}del md['b']`);
    await sameError(() => md().pop("b"), `${setup}md.pop('b')`);
    await sameError(() => md().set("a.b", lin(1, 1)), `${setup}md['a.b'] = nn.Linear(1, 1)`);
    await sameError(() => md().set("", lin(1, 1)), `${setup}md[''] = nn.Linear(1, 1)`);
    await sameError(() => md().set("c", 5 as never), `${setup}md['c'] = 5`);
    await sameError(() => md().set("training", lin(1, 1)), `${setup}md['training'] = nn.Linear(1, 1)`);
    await sameError(() => new nn.ModuleDict(5 as never), "nn.ModuleDict(5)");
    await sameError(
      () => new nn.ModuleDict([["a", lin(1, 2), 3]] as never),
      "nn.ModuleDict([('a', nn.Linear(1, 2), 3)])",
    );
    await sameError(() => new nn.ModuleDict(["ab"] as never), "nn.ModuleDict(['ab'])");
  });
});

describe("TestNN: ParameterList", () => {
  it("test_ParameterList", async () => {
    const makeParam = () => new Parameter(torch.randn([2, 2]));
    let parameters: unknown[] = [makeParam(), makeParam()];
    let paramList = new nn.ParameterList(parameters);
    const check = () => {
      expect(paramList.length).toBe(parameters.length);
      [...paramList].forEach((p, i) => {
        expect(p).toBe(parameters[i]);
      });
      const own = parameters.filter((x) => x instanceof Parameter);
      const registered = paramList.parameters();
      for (let i = 0; i < Math.min(own.length, registered.length); i++) expect(registered[i]).toBe(own[i]);
      for (let i = 0; i < parameters.length; i++) expect(paramList.at(i)).toBe(parameters[i]);
    };
    check();
    parameters = [...parameters, makeParam()];
    paramList.iadd([parameters[parameters.length - 1]]);
    check();
    parameters.push(makeParam());
    paramList.append(parameters[parameters.length - 1]);
    check();
    const nextParams = [makeParam(), makeParam()];
    parameters.push(...nextParams);
    paramList.extend(nextParams);
    check();
    parameters[2] = makeParam();
    paramList.set(2, parameters[2]);
    check();
    parameters[parameters.length - 1] = makeParam();
    paramList.set(-1, parameters[parameters.length - 1]);
    check();
    const idx = torch.tensor(2, { dtype: "int32" }) as never;
    parameters[2] = makeParam();
    paramList.set(idx, parameters[2]);
    expect(paramList.at(idx)).toBe(parameters[2]);
    check();
    same(paramList.slice(1), parameters.slice(1));
    same(paramList.slice(3), parameters.slice(3));
    same(paramList.slice(null, -1), parameters.slice(0, -1));
    same(paramList.slice(null, -3), parameters.slice(0, -3));
    same(paramList.slice(null, null, -1), [...parameters].reverse());

    await sameError(
      () => paramList.iadd(makeParam() as never),
      "pl = nn.ParameterList()\npl += nn.Parameter(torch.randn(2, 2))",
    );
    await sameError(
      () => paramList.extend(makeParam() as never),
      "nn.ParameterList().extend(nn.Parameter(torch.randn(2, 2)))",
    );

    const [l1, l2, l3, l4] = [lin(1, 2), lin(2, 3), lin(3, 2), lin(2, 3)];
    const subnet = new nn.Sequential(l3, l4);
    const s = new nn.Sequential(
      new Map<string, nn.Module>([
        ["layer1", l1],
        ["layer2", l2],
        ["layer3", l3],
        ["layer4", l4],
        ["subnet_layer", subnet],
      ]),
    );
    parameters = s.parameters();
    paramList = new nn.ParameterList();
    paramList.extend(s.parameters());
    check();

    paramList.append(torch.rand([2, 2]));
    expect(paramList.at(-1)).toBeInstanceOf(Parameter);
    parameters.push(paramList.at(-1));

    paramList.extend([torch.rand([2, 2]), "foo"]);
    expect(paramList.at(-2)).toBeInstanceOf(Parameter);
    expect(typeof paramList.at(-1)).toBe("string");
    parameters.push(...paramList.slice(-2));

    paramList.iadd(["bar", torch.rand([2, 2])]);
    expect(typeof paramList.at(-2)).toBe("string");
    expect(paramList.at(-1)).toBeInstanceOf(Parameter);
    parameters.push(...paramList.slice(-2));
    check();
  });

  it("test_ParameterList_meta (the printed form; torchts has no meta device, so on the CPU)", async () => {
    const p = new Parameter(torch.empty([1]));
    const pl = new nn.ParameterList([p]);
    expect(String(pl)).toBe("ParameterList(  (0): Parameter containing: [torch.float32 of size 1])");
    expect(String(pl)).toBe(await py.eval("out = str(nn.ParameterList([nn.Parameter(torch.empty(1))]))"));
  });

  it("test_ParameterList: printed forms, names and state-dict keys against PyTorch", async () => {
    const ref = (await py.call("upstream_containers.parameter_list_ops")) as unknown as Record<string, Snap>;
    const pl = new nn.ParameterList([new Parameter(torch.randn([2, 2])), new Parameter(torch.randn([2, 3]))]);
    expect(snap(pl)).toEqual(asJs(ref.init));
    pl.iadd([new Parameter(torch.randn([4]))]);
    pl.append(new Parameter(torch.randn([1, 2, 3])));
    pl.extend([new Parameter(torch.randn([2, 2])), new Parameter(torch.randn([3, 2]))]);
    pl.set(2, new Parameter(torch.randn([5, 5])));
    pl.set(-1, new Parameter(torch.randn([])));
    expect(snap(pl)).toEqual(asJs(ref.built));
    expect(snap(pl.slice(1, 4))).toEqual(asJs(ref.slice));
    expect(snap(pl.slice(null, null, -2))).toEqual(asJs(ref.reversed));
    pl.append(torch.rand([2, 2], { dtype: "float64" }));
    pl.extend([torch.rand([2, 2]).to("float16"), "foo"]);
    pl.iadd(["bar", torch.rand([2, 2])]);
    expect(snap(pl)).toEqual(asJs(ref.mixed));
    pl.set(-2, new Parameter(torch.randn([3])));
    // A module stored in a ParameterList is registered as a child too (Module.__setattr__), and printed twice.
    pl.set(-3, lin(2, 2));
    expect(snap(pl)).toEqual(asJs(ref.replaced));
    expect(snap(new nn.ParameterList([new Parameter(torch.empty([1]))]))).toEqual(asJs(ref.single));
    expect(snap(new nn.ParameterList())).toEqual(asJs(ref.empty));
  });

  it("ParameterList bad arguments raise PyTorch's errors", async () => {
    const pl = () => new nn.ParameterList([new Parameter(torch.randn([2]))]);
    const setup = "pl = nn.ParameterList([nn.Parameter(torch.randn(2))])\n";
    await sameError(() => pl().at(1), `${setup}pl[1]`);
    await sameError(() => pl().at(-2), `${setup}pl[-2]`);
    await sameError(() => pl().at(0.5), `${setup}pl[0.5]`);
    await sameError(() => pl().set(3, torch.randn([2])), `${setup}pl[3] = torch.randn(2)`);
    await sameError(() => pl().set(0, "foo"), `${setup}pl[0] = 'foo'`);
    await sameError(() => pl().call(torch.randn([2]) as never), `${setup}pl(torch.randn(2))`);
    await sameError(() => new nn.ParameterList(5 as never), "nn.ParameterList(5)");
    await sameError(() => new nn.ParameterList(torch.randn([2, 2]) as never), "nn.ParameterList(torch.randn(2, 2))");
  });
});

describe("TestNN: ParameterDict", () => {
  it("test_ParameterDict", async () => {
    let parameters = new Map<string, unknown>([
      ["p1", new Parameter(torch.randn([10, 10]))],
      ["p2", new Parameter(torch.randn([10, 10]))],
      ["p3", new Parameter(torch.randn([10, 10]))],
    ]);
    let parameterDict = new nn.ParameterDict(parameters);
    const check = () => {
      expect(parameterDict.length).toBe(parameters.size);
      const named = [...parameterDict.namedParameters()];
      [...parameters.keys()].slice(0, named.length).forEach((k1, i) => {
        const [k2, m2] = named[i]!;
        expect(k2).toBe(k1);
        expect(m2).toBe(parameters.get(k1));
      });
      const keys = [...parameterDict];
      [...parameters.keys()].slice(0, keys.length).forEach((k1, i) => {
        expect(parameterDict.getItem(keys[i]!)).toBe(parameters.get(k1));
      });
      for (const k of parameterDict) expect(parameterDict.getItem(k)).toBe(parameters.get(k));
      for (const k of parameterDict.keys()) expect(parameterDict.getItem(k)).toBe(parameters.get(k));
      for (const [k, v] of parameterDict.items()) expect(v).toBe(parameters.get(k));
      const values = parameterDict.values();
      [...parameters.keys()].slice(0, values.length).forEach((k, i) => {
        expect(values[i]).toBe(parameters.get(k));
      });
      for (const k of parameters.keys()) expect(parameterDict.has(k)).toBe(true);
    };
    const P = () => new Parameter(torch.randn([10, 10]));
    check();

    parameters.set("p4", P());
    parameterDict.set("p4", parameters.get("p4"));
    check();

    let next: Array<[string, unknown]> = [
      ["p5", P()],
      ["p2", P()],
    ];
    for (const [k, v] of next) parameters.set(k, v);
    parameterDict.update(next);
    check();

    const nextMap = new Map<string, unknown>([
      ["p6", P()],
      ["p5", P()],
    ]);
    for (const [k, v] of nextMap) parameters.set(k, v);
    parameterDict.update(nextMap);
    check();

    // A plain object is a dict: its items go in sorted by key.
    const nextObj: Record<string, unknown> = { p8: P(), p7: P() };
    for (const k of Object.keys(nextObj).sort()) parameters.set(k, nextObj[k]);
    parameterDict.update(nextObj);
    check();

    next = [
      ["p10", P()],
      ["p9", P()],
    ];
    const nextDict = new nn.ParameterDict(next);
    for (const [k, v] of nextDict.items()) parameters.set(k, v);
    parameterDict.update(nextDict);
    check();

    parameterDict.delete("p3");
    parameters.delete("p3");
    check();

    const setup = "pd = nn.ParameterDict()\n";
    await sameError(() => parameterDict.update(1 as never), `${setup}pd.update(1)`);
    await sameError(() => parameterDict.update([1] as never), `${setup}pd.update([1])`);
    await sameError(
      () => parameterDict.update(new Parameter(torch.randn([10, 10])) as never),
      `${setup}pd.update(nn.Parameter(torch.randn(10, 10)))`,
    );

    const pPop = parameterDict.pop("p4");
    expect(pPop).toBe(parameters.get("p4"));
    parameters.delete("p4");
    check();

    // Check reverse works
    const forward = [...parameterDict];
    const backward = parameterDict.reversed();
    expect(forward.length).toBe(backward.length);
    forward.forEach((k, i) => {
      expect(k).toBe(backward[forward.length - i - 1]);
    });
    check();

    // Check copy works
    const copy = parameterDict.copy();
    for (const key of parameterDict) {
      expect(copy.has(key)).toBe(true);
      expect(copy.getItem(key)).toBe(parameterDict.getItem(key));
    }
    check();

    parameterDict.set("p20", P());
    copy.set("p21", new Parameter(torch.randn([9, 10])));
    expect(parameterDict.has("p20")).toBe(true);
    expect(copy.has("p20")).toBe(false);
    expect(parameterDict.has("p21")).toBe(false);
    expect(copy.has("p21")).toBe(true);
    parameterDict.pop("p20");
    check();

    let p = P();
    parameterDict.set("p12", p);
    const pPopitem = parameterDict.popitem();
    expect(pPopitem[0]).toBe("p12");
    expect(pPopitem[1]).toBe(p);
    check();

    // Unit test for set_default
    expect(parameterDict.has("p11")).toBe(false);
    parameters.set("p11", P());
    const pSetdefault = parameterDict.setdefault("p11", parameters.get("p11"));
    expect(pSetdefault).toBe(parameters.get("p11"));
    expect(pSetdefault).toBe(parameterDict.getItem("p11"));
    check();
    p = P();
    expect(parameterDict.setdefault("p11", p) === p).toBe(false);
    check();
    expect(parameterDict.setdefault("p26")).toBeNull();
    parameterDict.delete("p26");
    check();

    let parameters2 = new Map<string, unknown>([
      ["p13", P()],
      ["p2", P()],
      ["p3", P()],
    ]);
    let parameterDict2 = new nn.ParameterDict(parameters2);
    for (const [k, v] of parameters2) parameters.set(k, v);
    parameterDict.ior(parameterDict2);
    check();

    parameters2 = new Map();
    parameterDict2 = new nn.ParameterDict(parameters2);
    parameterDict.ior(parameterDict2);
    check();

    parameters2 = new Map([
      ["p14", P()],
      ["p15", P()],
      ["p13", P()],
    ]);
    parameterDict2 = new nn.ParameterDict(parameters2);
    for (const [k, v] of parameters2) parameters.set(k, v);
    parameterDict.ior(parameterDict2);
    check();

    // Check __or__ and __ror__ works
    parameters2 = new Map([
      ["p20", P()],
      ["p21", P()],
      ["p22", P()],
    ]);
    parameterDict2 = new nn.ParameterDict(parameters2);
    for (const [k, v] of parameters2) parameters.set(k, v);
    parameterDict = parameterDict.or(parameterDict2);
    check();

    parameters2 = new Map([
      ["p23", P()],
      ["p24", P()],
      ["p25", P()],
    ]);
    parameterDict2 = new nn.ParameterDict(parameters2);
    for (const [k, v] of parameters) parameters2.set(k, v);
    parameters = parameters2;
    parameterDict = parameterDict.ror(parameterDict2);
    check();

    parameters.set("p17", P());
    parameterDict.set("p17", parameters.get("p17"));
    expect(parameterDict.get("p17")).toBe(parameters.get("p17"));
    const tempParam = P();
    expect(parameterDict.get("p17", tempParam)).toBe(parameters.get("p17"));
    expect(parameterDict.get("p18")).toBeNull();
    expect(parameterDict.get("p18", tempParam)).toBe(tempParam);
    check();

    parameterDict.clear();
    expect(parameterDict.length).toBe(0);
    parameters.clear();
    check();

    let parameterDict3 = parameterDict.fromkeys(["p19", "p20"]);
    expect(parameterDict3.items()).toEqual([
      ["p19", null],
      ["p20", null],
    ]);
    check();

    parameterDict3 = parameterDict.fromkeys(["p19", "p20"], tempParam);
    expect(parameterDict3.getItem("p19")).toBe(tempParam);
    expect(parameterDict3.getItem("p20")).toBe(tempParam);
    check();

    parameterDict.set("p21", torch.rand([2, 2]));
    expect(parameterDict.getItem("p21")).toBeInstanceOf(Parameter);
    parameters.set("p21", parameterDict.getItem("p21"));

    parameterDict.update({ p22: torch.rand([2, 2]), foo: "bar" });
    expect(parameterDict.getItem("p22")).toBeInstanceOf(Parameter);
    expect(typeof parameterDict.getItem("foo")).toBe("string");
    parameters.set("p22", parameterDict.getItem("p22"));
    parameters.set("foo", parameterDict.getItem("foo"));
  });

  it("test_ParameterDict: printed forms, names and state-dict keys against PyTorch", async () => {
    const ref = (await py.call("upstream_containers.parameter_dict_ops")) as unknown as Record<string, Snap | string>;
    const P = (...s: number[]) => new Parameter(torch.randn(s));
    let pd = new nn.ParameterDict(
      new Map([
        ["p1", P(10, 10)],
        ["p2", P(10, 10)],
        ["p3", P(10, 10)],
      ]),
    );
    expect(snap(pd)).toEqual(asJs(ref.init));
    pd.set("p4", P(10, 10));
    pd.update([
      ["p5", P(10, 10)],
      ["p2", P(10, 10)],
    ]);
    pd.update(
      new Map([
        ["p6", P(10, 10)],
        ["p5", P(10, 10)],
      ]),
    );
    pd.update({ p8: P(10, 10), p7: P(10, 10) });
    pd.update(
      new nn.ParameterDict([
        ["p10", P(10, 10)],
        ["p9", P(10, 10)],
      ]),
    );
    pd.delete("p3");
    expect(snap(pd)).toEqual(asJs(ref.updated));
    pd.pop("p4");
    pd.set("p12", P(10, 10));
    expect(pd.popitem()[0]).toBe(ref.popitem);
    pd.setdefault("p11", P(10, 10));
    pd.setdefault("p26");
    expect(snap(pd)).toEqual(asJs(ref.setdefault));
    pd.delete("p26");
    pd.ior(
      new nn.ParameterDict(
        new Map([
          ["p13", P(1)],
          ["p2", P(2)],
        ]),
      ),
    );
    pd = pd.or(
      new nn.ParameterDict(
        new Map([
          ["p20", P(3, 1)],
          ["p21", P(1)],
        ]),
      ),
    );
    pd = pd.ror(
      new nn.ParameterDict(
        new Map([
          ["p23", P(2)],
          ["p24", P(2)],
        ]),
      ),
    );
    expect(snap(pd)).toEqual(asJs(ref.or));
    pd.set("p21", torch.rand([2, 2], { dtype: "float64" }));
    pd.update({ p22: torch.rand([2, 2]), foo: "bar" });
    expect(snap(pd)).toEqual(asJs(ref.mixed));
    expect(snap(pd.fromkeys(["p19", "p20"]))).toEqual(asJs(ref.fromkeys));
    pd.clear();
    expect(snap(pd)).toEqual(asJs(ref.cleared));
  });

  it("ParameterDict bad arguments raise PyTorch's errors", async () => {
    const pd = () => new nn.ParameterDict({ a: new Parameter(torch.randn([2])) });
    const setup = "pd = nn.ParameterDict({'a': nn.Parameter(torch.randn(2))})\n";
    await sameError(() => pd().getItem("b"), `${setup}pd['b']`);
    await sameError(() => pd().delete("b"), `${setup}del pd['b']`);
    await sameError(() => pd().pop("b"), `${setup}pd.pop('b')`);
    await sameError(() => new nn.ParameterDict().popitem(), "nn.ParameterDict().popitem()");
    await sameError(() => pd().getItem(1 as never), `${setup}pd[1]`);
    await sameError(() => pd().set(1 as never, torch.randn([2])), `${setup}pd[1] = torch.randn(2)`);
    await sameError(() => pd().set("a.b", torch.randn([2])), `${setup}pd['a.b'] = torch.randn(2)`);
    await sameError(() => pd().set("keys", torch.randn([2])), `${setup}pd['keys'] = torch.randn(2)`);
    await sameError(() => pd().set("a", "str"), `${setup}pd['a'] = 'str'`);
    await sameError(() => pd().call(torch.randn([2]) as never), `${setup}pd(torch.randn(2))`);
    await sameError(() => new nn.ParameterDict(5 as never), "nn.ParameterDict(5)");
    await sameError(
      () => new nn.ParameterDict([["a", torch.randn([2]), 1]] as never),
      "nn.ParameterDict([('a', torch.randn(2), 1)])",
    );
  });
});

describe("TestNN: containers inside a model", () => {
  it("printed form, parameter names and state-dict keys of nested containers", async () => {
    class Net extends nn.Module {
      heads = new nn.ModuleDict({ cls: lin(4, 3), box: new nn.Sequential(lin(4, 4), new nn.ReLU()) });
      blocks = new nn.ModuleList([lin(4, 4), lin(4, 4)]);
      scales = new nn.ParameterList([new Parameter(torch.ones([4])), new Parameter(torch.zeros([2, 4]))]);
      extra = new nn.ParameterDict({ b: new Parameter(torch.zeros([3])), a: new Parameter(torch.ones([1, 2])) });
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const net = new Net();
    expect(snap(net)).toEqual(asJs(await py.call("upstream_containers.nested_ops")));
    // The state dict loads back, and a ParameterDict/List entry is reachable as in PyTorch.
    const sd = net.stateDict();
    const other = new Net();
    other.loadStateDict(sd);
    expect(other.extra.getItem("b").shape).toEqual([3]);
    expect(other.scales.at(1).shape).toEqual([2, 4]);
  });

  it("test_parameterlistdict_setting_attributes: no warnings when built, moved between modes or set", () => {
    const warnings: string[] = [];
    const onWarn = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarn);
    try {
      const pl = new nn.ParameterList([new Parameter(torch.rand([2])), new Parameter(torch.rand([2]))]);
      pl.train();
      pl.eval();
      pl.set(0, torch.rand([2]));
      const pd = new nn.ParameterDict({ a: new Parameter(torch.rand([2])), b: new Parameter(torch.rand([2])) });
      pd.train();
      pd.eval();
      pd.set("c", torch.rand([2]));
    } finally {
      process.off("warning", onWarn);
    }
    expect(warnings).toEqual([]);
  });
});
