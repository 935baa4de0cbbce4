// Lifetimes of the autograd graph's JS side, run by test/autograd_graph.test.ts with --expose-gc:
// a node's metadata outlives its JS object (it lives as long as the native node) and is dropped with
// the node; node objects and metadata in a loop written as in PyTorch leave the heap flat.
//   node --expose-gc dist/test/programs/graph_lifetimes.js
import * as torch from "../../lib";

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with --expose-gc");
// Collects, then lets torchts drop what the freed graphs left (the next node object made does that).
const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
    void torch.ones([1]).requiresGrad_(true).mul(1).gradFn;
  }
  gc();
};

async function main() {
  // First, in a fresh tensor table: a pack hook stores a tensor while the op holds its argument by
  // reference into the table; the table must not move it (it was a vector: SIGSEGV here).
  const a = torch.tensor(1.0, { dtype: "float32" }).requiresGrad_(true);
  torch.autograd.graph
    .savedTensorsHooks(
      (t) => t,
      (t: torch.Tensor) => t,
      () => a.sin(),
    )
    .backward();

  const x = torch.randn([4]).requiresGrad_(true);
  const y = x.exp().mul(2);
  y.gradFn!.metadata.tag = "kept";
  await settle(); // the Node object above is gone now
  const kept = y.gradFn!.metadata.tag;
  // Reached twice through the graph: the same node object, so the same dictionary.
  const first = y.gradFn!.nextFunctions[0]![0]!.metadata;
  const second = y.gradFn!.nextFunctions[0]![0]!.metadata;
  const sameDict = first === second;

  // A Node object does not keep its graph: once the tensors are gone, so is the node.
  let t: torch.Tensor | null = x.mul(3).tanh();
  const node = t.gradFn!;
  const hook = node.registerHook(() => undefined);
  const nameWhileAlive = node.name();
  t = null;
  await settle();
  let gone = "";
  try {
    node.name();
  } catch (e) {
    gone = (e as Error).message;
  }
  hook.remove(); // a no-op now

  // 3,000 graphs, each node tagged with ~80 kB: leaked, that is ~240 MB of heap.
  const heap = () => process.memoryUsage().heapUsed / 2 ** 20;
  const loop = (n: number) => {
    for (let i = 0; i < n; i++) {
      const z = x.mul(i).sin().sum();
      z.gradFn!.metadata.payload = new Array(10_000).fill(i);
      z.gradFn!.nextFunctions[0]![0]!.metadata.step = i;
      z.backward();
    }
  };
  loop(300);
  await settle();
  const before = heap();
  loop(3000);
  await settle();
  const after = heap();
  console.log(JSON.stringify({ kept, sameDict, nameWhileAlive, gone, heapGrowthMB: Math.round(after - before) }));
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
