// One rank of a job that runs every torch.distributed op on fixed inputs and prints what each gave,
// as one JSON line. test/python/dist_ops.py is the same program in PyTorch; test/distributed.test.ts
// runs torchts-only, PyTorch-only and mixed jobs and compares. Rendezvous from torchrun's env vars.

import type { DType, Tensor } from "../../lib";
import * as torch from "../../lib";

const dist = torch.distributed;

async function main(): Promise<void> {
  dist.initProcessGroup({ backend: "gloo", timeout: 60_000 });
  const r = dist.getRank();
  const w = dist.getWorldSize();
  const out: Record<string, unknown> = { rank: r, world: w };
  const base = (dtype: DType) =>
    torch
      .arange(6)
      .reshape(2, 3)
      .add(1)
      .mul(r + 1)
      .add(r)
      .to(dtype);

  for (const dtype of ["float32", "float64", "float16", "int32", "int64", "int8", "uint8"] as DType[]) {
    for (const op of ["SUM", "PRODUCT", "MIN", "MAX"] as const) {
      const t = base(dtype);
      dist.allReduce(t, op);
      out[`allReduce ${dtype} ${op}`] = t.tolist();
    }
    if (!dtype.startsWith("float")) {
      for (const op of ["BAND", "BOR", "BXOR"] as const) {
        const t = base(dtype);
        dist.allReduce(t, dist.ReduceOp[op]);
        out[`allReduce ${dtype} ${op}`] = t.tolist();
      }
    }
  }
  try {
    dist.allReduce(base("float32"), "AVG");
    out["allReduce AVG"] = "accepted";
  } catch (e) {
    out["allReduce AVG"] = (e as Error).message.split("\n")[0];
  }

  const b = torch.full([3], r * 10 + 5, { dtype: "float32" });
  dist.broadcast(b, 1);
  out.broadcast = b.tolist();

  const red = torch.tensor([r + 1, 2 * r + 1], { dtype: "float32" });
  dist.reduce(red, 0, "SUM");
  if (r === 0) out.reduce = red.tolist();

  const gathered = Array.from({ length: w }, () => torch.zeros([3]));
  dist.allGather(gathered, torch.tensor([r, r * 2, r * 3], { dtype: "float32" }));
  out.allGather = gathered.map((t: Tensor) => t.tolist());

  const flat = torch.zeros([w * 2, 3]);
  dist.allGatherIntoTensor(flat, torch.full([2, 3], r + 1, { dtype: "float32" }));
  out.allGatherIntoTensor = flat.tolist();

  const rs = torch.zeros([4]);
  dist.reduceScatterTensor(rs, torch.arange(w * 4, { dtype: "float32" }).mul(r + 1));
  out.reduceScatterTensor = rs.tolist();

  const gl = r === 0 ? Array.from({ length: w }, () => torch.zeros([1])) : null;
  dist.gather(torch.tensor([r + 0.5]), gl, 0);
  if (gl) out.gather = gl.map((t: Tensor) => t.tolist());

  const sc = torch.zeros([1]);
  dist.scatter(
    sc,
    r === 1 ? Array.from({ length: w }, (_, k) => torch.tensor([k * 100 + 7], { dtype: "float32" })) : null,
    1,
  );
  out.scatter = sc.tolist();

  if (r === 0) {
    dist.send(torch.tensor([42, r], { dtype: "float32" }), 1);
    const got = torch.zeros([2]);
    const work = dist.irecv(got);
    work!.wait();
    out.p2p = { got: got.tolist() };
  } else if (r === 1) {
    const got = torch.zeros([2]);
    const from = dist.recv(got, 0);
    const work = dist.isend(torch.tensor([7, r], { dtype: "float32" }), 0);
    work!.wait();
    out.p2p = { got: got.tolist(), from };
  }

  const a = torch.tensor([r + 1], { dtype: "float64" });
  const work = dist.allReduce(a, "SUM", null, true)!;
  await work.waitAsync();
  out.asyncAllReduce = { value: a.tolist(), completed: work.isCompleted() };

  const pair = dist.newGroup([0, 1]);
  const solo = dist.newGroup([1]);
  const pv = torch.tensor([r + 1]);
  dist.allReduce(pv, "SUM", pair);
  out.groupPair = { value: pv.tolist(), rank: dist.getRank(pair), size: dist.getWorldSize(pair) };
  const sv = torch.tensor([r + 1]);
  dist.allReduce(sv, "SUM", solo);
  out.groupSolo = { value: sv.tolist(), rank: dist.getRank(solo), size: dist.getWorldSize(solo) };
  if (r === 1) {
    const bs = torch.tensor([3.5]);
    dist.broadcast(bs, 1, solo);
    out.groupSoloBroadcast = bs.tolist();
  }
  // Object collectives: pickled objects of different sizes (padding), in PyTorch's message sequence.
  const obj = (k: number) => ({
    rank: k,
    name: "x".repeat(k * 5 + 1),
    vals: [k, k + 0.5, null, true],
    nested: { k: [k] },
  });
  const gatheredObjects: unknown[] = Array.from({ length: w }, () => null);
  dist.allGatherObject(gatheredObjects, obj(r));
  out.allGatherObject = gatheredObjects;
  const objectGather = r === 0 ? Array.from({ length: w }, () => null as unknown) : null;
  dist.gatherObject(obj(r), objectGather, 0);
  if (objectGather) out.gatherObject = objectGather;
  const bl: unknown[] = r === 1 ? ["a", { x: 1, y: "two" }, [1, 2, 3]] : [null, null, null];
  dist.broadcastObjectList(bl, 1);
  out.broadcastObjectList = bl;
  const so: unknown[] = [null];
  dist.scatterObjectList(
    so,
    r === 0 ? Array.from({ length: w }, (_, k) => ({ to: k, s: "y".repeat(k * 3) })) : null,
    0,
  );
  out.scatterObjectList = so;
  dist.barrier();
  console.log(JSON.stringify(out));
  dist.destroyProcessGroup();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
