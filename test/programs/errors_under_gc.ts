// Native errors caught in a loop while V8 collects tensors and Externals. Run with a tiny young
// generation (--max-semi-space-size=1) by test/errors.test.ts, so that collections land while an
// error is being rethrown; before the finalizers moved to their own env this aborted in < 1 s.
//   node --max-semi-space-size=1 dist/test/programs/errors_under_gc.js [--iterations N]
import * as torch from "../../lib";
import { loadInfo, native } from "../../lib/native";

const args = process.argv.slice(2);
const k = args.indexOf("--iterations");
const iterations = k >= 0 ? Number(args[k + 1]) : 100_000;
const caught: Record<string, number> = {};
const note = (e: unknown) => {
  const name = (e as Error).constructor.name;
  caught[name] = (caught[name] ?? 0) + 1;
};
for (let i = 0; i < iterations; i++) {
  const t = torch.zeros([2]);
  if (i % 64 === 0) new torch.Generator().manualSeed(i); // an External, collected later
  // an IndexError from libtorch; each costs ~3 ms (libtorch 1.13 records a C++ backtrace, in PyTorch too)
  if (i % 500 === 0) {
    try {
      t.argmax(3);
    } catch (e) {
      note(e);
    }
  }
  try {
    (native.storageView as (...a: unknown[]) => unknown)(); // TypeError from the argument checks
  } catch (e) {
    note(e);
  }
}
console.log(JSON.stringify({ iterations, caught, finalizerEnv: loadInfo.finalizerEnv }));
