// torch.profiler / torch.autograd.profiler against live PyTorch: what is recorded for the same program
// (operator names, call counts, input shapes, the CPU tree, memory), the schedule, and the printed table
// of the same events character for character.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { afterAll, describe, expect, it, vi } from "vitest";
import * as torch from "../lib";
import { nn, type Tensor } from "../lib";
import * as F from "../lib/nn/functional";
import { EventList, FunctionEvent, ProfilerAction, ProfilerActivity, recordFunction } from "../lib/profiler";
import { pyFixed } from "../lib/utils/pyrepr";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

function model(): nn.Sequential {
  return new nn.Sequential(
    new nn.Conv2d(3, 4, 3),
    new nn.BatchNorm2d(4),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(4 * 3 * 3, 5),
  );
}

interface Row {
  key: string;
  count: number;
  shapes: string;
}
const byKey = (a: { key: string; shapes?: string }, b: { key: string; shapes?: string }) =>
  a.key === b.key ? String(a.shapes).localeCompare(String(b.shapes)) : a.key < b.key ? -1 : 1;

describe("torch.profiler records what PyTorch records", () => {
  // Parent/child links are not compared: libtorch 1.13 counts whole microseconds, so an op ending in the same
  // microsecond as its caller can land on either side of it, run to run, in PyTorch as here.
  it("one training step: every operator, backward node and recordFunction range, with counts and input shapes", async () => {
    torch.manualSeed(0);
    const m = model();
    const x = torch.randn([6, 3, 8, 8]);
    const y = torch.tensor([0, 1, 2, 3, 4, 0]);
    const state = m.stateDict();
    const ref = (await py.call("profiler.training_step", { state, x, y })) as unknown as Row[];
    const opt = new torch.optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 });
    const step = () => {
      opt.zeroGrad();
      const loss = recordFunction("forward_pass", () => F.crossEntropy(m.forward(x), y));
      loss.backward();
      opt.step();
    };
    step();
    const prof = torch.profiler.profile({ activities: [ProfilerActivity.CPU], recordShapes: true }, step);
    const rows = prof.keyAverages(true).map((e) => ({
      key: e.key,
      count: e.count,
      shapes: String(e.inputShapes === "" ? "" : pyShapes(e.inputShapes)),
    }));
    expect(rows.sort(byKey)).toEqual([...ref].sort(byKey));
    const events = prof.events() ?? [];
    expect(events.some((e) => e.name === "forward_pass" && e.cpuChildren.length > 0)).toBe(true);
  });

  it("profileMemory: the bytes each operator allocated and freed, as PyTorch counts them", async () => {
    // Large enough that each op runs long past its allocation: times are whole microseconds, and a short
    // op's allocation can land just outside it (in PyTorch as here).
    const n = 1_000_000;
    const ref = (await py.call("profiler.memory", { n })) as Array<Record<string, unknown>>;
    const prof = torch.profiler.profile({ activities: [ProfilerActivity.CPU], profileMemory: true }, () => {
      const a = torch.ones(n);
      const b = torch.zeros([n, 2], { dtype: "float64" });
      const t = a.add(1);
      const c = t.sum();
      t.dispose();
      for (const u of [a, b, c]) u.dispose();
    });
    // Every operator and its count; the memory of the long operators. A short one's allocation can fall just
    // outside it (whole microseconds), and self memory depends on the tree, which can differ the same way, in
    // PyTorch as here. The top-level "[memory]" row also holds the frees of whatever JS's garbage collector
    // releases meanwhile (tensors of earlier tests), so only the frees made here are looked for.
    const long = ["aten::ones", "aten::zeros", "aten::add", "aten::sum"];
    const pick = (r: { key: string; cpu: unknown; count: unknown }) => ({
      key: r.key,
      count: r.count,
      cpu: long.includes(r.key) ? r.cpu : null,
    });
    const rows = prof
      .keyAverages()
      .filter((e) => e.key !== "[memory]")
      .map((e) => pick({ key: e.key, cpu: e.cpuMemoryUsage, count: e.count }))
      .sort(byKey);
    expect(rows).toEqual(ref.filter((r) => r.key !== "[memory]").map((r) => pick(r as Parameters<typeof pick>[0])));
    expect(rows.find((r) => r.key === "aten::zeros")?.cpu).toBe(16 * n);
    const frees = (prof.events() ?? [])
      .filter((e) => e.name === "[memory]" && e.cpuMemoryUsage < 0)
      .map((e) => e.cpuMemoryUsage);
    for (const bytes of [-4 * n, -4 * n, -16 * n]) expect(frees).toContain(bytes);
    expect(prof.keyAverages().table()).toContain("CPU Mem");
  });

  it("a schedule: the same windows, steps and ops reach onTraceReady", async () => {
    for (const [steps, wait, warmup, active, repeat, skipFirst] of [
      [8, 1, 1, 2, 0, 0],
      [12, 1, 1, 2, 2, 1],
      [5, 0, 1, 1, 0, 0],
    ]) {
      const ref = await py.call("profiler.scheduled", { steps, wait, warmup, active, repeat, skip_first: skipFirst });
      const windows: unknown[] = [];
      let x: Tensor = torch.ones(3);
      const p = torch.profiler.profile({
        activities: [ProfilerActivity.CPU],
        schedule: torch.profiler.schedule({ wait, warmup, active, repeat, skipFirst }),
        onTraceReady: (q) => {
          const events = q.events() ?? [];
          const names = [...new Set(events.map((e) => e.name).filter((s) => s.startsWith("ProfilerStep")))].sort();
          windows.push({
            steps: names,
            adds: events.filter((e) => e.name === "aten::add").length,
            step_num: q.stepNum,
          });
        },
      });
      p.run(() => {
        for (let i = 0; i < steps; i++) {
          x = x.add(1);
          p.step();
        }
      });
      expect(windows).toEqual(ref);
    }
  });

  it("each DataLoader next() is an 'enumerate(DataLoader)#...__next__' range, as PyTorch's", async () => {
    const ref = await py.call("profiler.dataloader_ranges", { n: 10, batch: 3 });
    const ds = new torch.utils.data.TensorDataset(torch.arange(10, { dtype: "float32" }));
    const prof = torch.profiler.profile({ activities: [ProfilerActivity.CPU] }, () => {
      for (const [x] of new torch.utils.data.DataLoader(ds, { batchSize: 3 })) x.sum();
    });
    const rows = prof
      .keyAverages()
      .filter((e) => e.key.startsWith("enumerate("))
      .map((e) => [e.key, e.count]);
    expect(rows).toEqual(ref);
  });

  it("schedule() gives PyTorch's actions and refuses what it refuses", async () => {
    for (const args of [
      [1, 1, 3, 0, 0],
      [2, 0, 1, 2, 3],
      [0, 2, 2, 1, 1],
    ]) {
      const [wait, warmup, active, repeat, skipFirst] = args;
      const warnings = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
      const s = torch.profiler.schedule({ wait, warmup, active, repeat, skipFirst });
      warnings.mockRestore();
      const ref = await py.call("profiler.schedule_actions", {
        n: 20,
        wait,
        warmup,
        active,
        repeat,
        skip_first: skipFirst,
      });
      expect(Array.from({ length: 20 }, (_, i) => s(i) as number)).toEqual(ref);
    }
    expect(() => torch.profiler.schedule({ wait: 0, warmup: 1, active: 0 })).toThrow(
      "Invalid profiler schedule arguments",
    );
    expect(ProfilerAction.RECORD_AND_SAVE).toBe(3);
  });
});

describe("the profiler's table prints as PyTorch's", () => {
  // Hand-made events (times, shapes, memory, stacks), given to both EventLists.
  const spec = [
    ev(1, "outer", 1, 0, 1000, { scope: 7 }),
    ev(2, "aten::linear", 1, 10, 510, { shapes: [[8, 16], [4, 16], [4]], cpuMem: 2048 }),
    ev(3, "aten::matmul", 1, 20, 400, {
      shapes: [
        [8, 16],
        [16, 4],
      ],
      cpuMem: 1536,
      flops: 1024,
    }),
    ev(4, "aten::mm", 1, 25, 395, {
      shapes: [
        [8, 16],
        [16, 4],
      ],
      cpuMem: 1536,
      flops: 1024,
    }),
    ev(5, "aten::add_", 1, 401, 480, { shapes: [[8, 4], [4], []] }),
    ev(6, "aten::relu", 1, 520, 587, { shapes: [[8, 4]], cpuMem: -3 * 1024 * 1024 }),
    ev(7, "aten::relu", 1, 600, 617, { shapes: [[8, 4]] }),
    ev(8, "aten::sum", 1, 620, 4620, { shapes: [[8, 4]], cpuMem: 4 }),
    ev(9, "MmBackward0", 2, 700, 900, { scope: 1, seq: 3 }),
    ev(10, "aten::mm", 2, 710, 890, {
      shapes: [
        [8, 4],
        [4, 16],
      ],
      flops: 2048,
    }),
    ev(11, "a_very_long_operator_name_that_is_wider_than_the_name_column_allows", 1, 4700, 4716, {}),
    ev(12, "aten::empty", 1, 4720, 4721, { cpuMem: 1 << 31 }),
    ev(13, "async_op", 1, 5000, 5100, { async: true }),
    ev(14, "aten::relu", 1, 6000, 6016, { shapes: [[2, 2]] }),
  ];
  const withStacks = spec.map((e, i) =>
    i === 2 ? { ...e, stack: ["model.py(12): forward", "train.py(40): <module>"] } : e,
  );

  function mine(s: typeof spec, o: Record<string, unknown>, profileMemory: boolean, withFlops: boolean): string {
    const events = EventList.fromEvents(
      s.map(
        (d) =>
          new FunctionEvent({
            id: d.id,
            name: d.name,
            traceName: d.name,
            thread: d.thread,
            startUs: d.start,
            endUs: d.end,
            inputShapes: d.shapes,
            stack: [...d.stack],
            scope: d.scope,
            cpuMemoryUsage: d.cpu_mem,
            isAsync: d.async,
            sequenceNr: d.seq,
            flops: d.flops,
          }),
      ),
      { profileMemory, withFlops },
    );
    events.buildTree();
    const { group_by_input_shape, averages, sort_by, row_limit, header, top_level_events_only, max_name_column_width } =
      o as {
        group_by_input_shape?: boolean;
        averages?: boolean;
        sort_by?: "self_cpu_time_total";
        row_limit?: number;
        header?: string;
        top_level_events_only?: boolean;
        max_name_column_width?: number;
      };
    const table = {
      sortBy: sort_by,
      rowLimit: row_limit,
      header,
      topLevelEventsOnly: top_level_events_only,
      maxNameColumnWidth: max_name_column_width,
    };
    return averages === false ? events.table(table) : events.keyAverages(group_by_input_shape ?? false).table(table);
  }

  const options: Array<Record<string, unknown>> = [
    {},
    { sort_by: "self_cpu_time_total" },
    { sort_by: "cpu_time_total", row_limit: 4 },
    { sort_by: "count", group_by_input_shape: true },
    { averages: false },
    { averages: false, top_level_events_only: true, header: "TOP LEVEL" },
    { sort_by: "cpu_memory_usage", max_name_column_width: 20 },
    { sort_by: "self_cpu_memory_usage" },
    { sort_by: "cpu_time" },
  ];

  for (const [profileMemory, withFlops] of [
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ]) {
    it(`tables with profileMemory=${profileMemory}, withFlops=${withFlops}`, async () => {
      const ref = (await py.call("profiler.tables", {
        spec,
        options: options.map((o) => ({ ...o })),
        profile_memory: profileMemory,
        with_flops: withFlops,
      })) as string[];
      options.forEach((o, i) => {
        expect(mine(spec, o, profileMemory, withFlops)).toBe(ref[i]);
      });
    });
  }

  it("a Source Location column when events carry stacks (backward ops take their forward op's)", async () => {
    const o = [{ averages: false }, { sort_by: "self_cpu_time_total" }];
    const ref = (await py.call("profiler.tables", {
      spec: withStacks,
      options: o.map((x) => ({ ...x })),
      profile_memory: false,
      with_flops: false,
    })) as string[];
    o.forEach((x, i) => {
      expect(mine(withStacks, x, false, false)).toBe(ref[i]);
    });
  });

  it("'{:.Nf}' rounding: an exact tie goes to the even digit", () => {
    expect(pyFixed(1.0625, 3)).toBe("1.062");
    expect(pyFixed(1.1875, 3)).toBe("1.188");
    expect(pyFixed(0.5, 0)).toBe("0");
    expect(pyFixed(2.5, 0)).toBe("2");
    expect(pyFixed(-0.125, 2)).toBe("-0.12");
    expect(pyFixed(1.005, 2)).toBe((1.005).toFixed(2));
  });
});

describe("profiler objects", () => {
  it("recordFunction nests, `using` exits, and outside a profile nothing is recorded", () => {
    const prof = torch.autograd.profiler.profile({}, () => {
      recordFunction("a", () => {
        using _b = recordFunction("b");
        torch.ones(2).dispose();
      });
    });
    const events = prof.functionEvents ?? [];
    const b = events.find((e) => e.name === "b");
    expect(b?.cpuParent?.name).toBe("a");
    expect(b?.cpuChildren.map((e) => e.name)).toContain("aten::ones");
    expect(torch.autograd.profiler.isProfilerEnabled()).toBe(false);
    expect(() => recordFunction("x", () => 1)).not.toThrow();
  });

  it("errors as PyTorch: unfinished, not reentrant, an unknown sort key", () => {
    const p = torch.autograd.profiler.profile();
    expect(() => p.keyAverages()).toThrow("Profiler didn't finish running");
    p.enter();
    expect(torch.autograd.profiler.isProfilerEnabled()).toBe(true);
    expect(() => p.enter()).toThrow("Profiler context manager is not reentrant");
    torch.ones(1).dispose();
    p.exit();
    expect(torch.autograd.profiler.isProfilerEnabled()).toBe(false);
    expect(() => p.table({ sortBy: "nope" as "count" })).toThrow(TypeError);
    expect(() => torch.profiler.profile({ activities: [] })).toThrow("No valid profiler activities found");
  });

  it("an async block is recorded until its promise settles", async () => {
    const prof = await torch.profiler.profile({ activities: [ProfilerActivity.CPU] }, async () => {
      torch.ones(1).dispose();
      await new Promise((r) => setTimeout(r, 1));
      torch.zeros(1).dispose();
    });
    const names = (prof.events() ?? []).map((e) => e.name);
    expect(names).toContain("aten::ones");
    expect(names).toContain("aten::zeros");
  });

  it("exportChromeTrace writes a trace (gzipped for .gz), tensorboardTraceHandler a file per window", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-prof-"));
    try {
      const prof = torch.profiler.profile({ activities: [ProfilerActivity.CPU] }, () => torch.ones(4).mul(2));
      const file = path.join(dir, "t.json");
      prof.exportChromeTrace(file);
      const trace = JSON.parse(fs.readFileSync(file, "utf8")) as Array<{ name: string }> | { traceEvents: unknown[] };
      const names = (Array.isArray(trace) ? trace : (trace.traceEvents as Array<{ name: string }>)).map((e) => e.name);
      expect(names).toContain("aten::mul");
      prof.exportChromeTrace(path.join(dir, "t.json.gz"));
      expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, "t.json.gz"))).toString()).toBe(
        fs.readFileSync(file, "utf8"),
      );
      const tb = path.join(dir, "tb");
      const p = torch.profiler.profile({
        activities: [ProfilerActivity.CPU],
        schedule: torch.profiler.schedule({ wait: 0, warmup: 1, active: 1 }),
        onTraceReady: torch.profiler.tensorboardTraceHandler(tb, "worker0"),
      });
      p.run(() => {
        for (let i = 0; i < 4; i++) {
          torch.ones(2).dispose();
          // File names carry the time in ms (as PyTorch's): two windows in one ms would share one.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3);
          p.step();
        }
      });
      const files = fs.readdirSync(tb);
      expect(files.length).toBe(2);
      for (const f of files) expect(f).toMatch(/^worker0\.\d+\.pt\.trace\.json$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function pyShapes(s: number[][]): string {
  return `[${s.map((d) => `[${d.join(", ")}]`).join(", ")}]`;
}

function ev(
  id: number,
  name: string,
  thread: number,
  start: number,
  end: number,
  o: { shapes?: number[][]; cpuMem?: number; flops?: number; scope?: number; seq?: number; async?: boolean },
) {
  return {
    id,
    name,
    thread,
    start,
    end,
    shapes: o.shapes ?? [],
    stack: [] as string[],
    scope: o.scope ?? 0,
    cpu_mem: o.cpuMem ?? 0,
    async: o.async ?? false,
    seq: o.seq ?? -1,
    flops: o.flops ?? 0,
  };
}
