// torch.quasirandom.SobolEngine against live PyTorch: plain and scrambled (seeded) points, draw after
// draw, drawBase2, fastForward, reset, out=, dtypes, its errors and printing.
import { afterAll, describe, expect, it } from "vitest";
import type { Tensor } from "../lib";
import * as torch from "../lib";
import { expectTensor } from "./helpers/assert";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

describe("torch.quasirandom.SobolEngine", () => {
  it("the same points as PyTorch's through draw, drawBase2, fastForward and reset", async () => {
    const { SobolEngine } = torch.quasirandom;
    const plain = new SobolEngine(5);
    const a = [plain.draw(), plain.draw(4), plain.fastForward(3).draw(2, { dtype: "float64" })];
    plain.reset();
    a.push(plain.draw(3));
    const scrambled = new SobolEngine(3, true, 7);
    const b = [scrambled.drawBase2(2), scrambled.drawBase2(2), scrambled.draw(5)];
    const out = torch.empty([0]);
    const c = new SobolEngine(2, true, 1).draw(4, { out });
    const big = new SobolEngine(1111).draw(3);
    const mine = [...a, ...b, out, big];
    const ref = (await py.eval(`from torch.quasirandom import SobolEngine
plain = SobolEngine(5)
a = [plain.draw(), plain.draw(4), plain.fast_forward(3).draw(2, dtype=torch.float64)]
plain.reset()
a.append(plain.draw(3))
s = SobolEngine(3, scramble=True, seed=7)
b = [s.draw_base2(2), s.draw_base2(2), s.draw(5)]
out_t = torch.empty(0)
SobolEngine(2, scramble=True, seed=1).draw(4, out=out_t)
out = [a + b + [out_t, SobolEngine(1111).draw(3)], repr(s), plain.num_generated]`)) as [Tensor[], string, number];
    expect(mine.length).toBe(ref[0].length);
    for (const [i, t] of mine.entries()) expectTensor(t, ref[0][i]!, { rtol: 0, atol: 0 }, `draw ${i}`);
    expect(c).toBe(out);
    expect([String(scrambled), plain.numGenerated]).toEqual([ref[1], ref[2]]);
  });

  it("PyTorch's errors: dimension out of range, an unbalanced drawBase2", async () => {
    const { SobolEngine } = torch.quasirandom;
    const e2 = new SobolEngine(2);
    e2.draw(3);
    const mine = [() => new SobolEngine(0), () => new SobolEngine(21202), () => e2.drawBase2(2)].map((f) => {
      try {
        f();
        return "";
      } catch (e) {
        return `${(e as Error).name}: ${(e as Error).message}`;
      }
    });
    const ref = await py.eval(`from torch.quasirandom import SobolEngine
errs = []
e2 = SobolEngine(2); e2.draw(3)
for f in [lambda: SobolEngine(0), lambda: SobolEngine(21202), lambda: e2.draw_base2(2)]:
    try:
        f(); errs.append("")
    except Exception as e:
        errs.append(type(e).__name__ + ": " + str(e))
out = errs`);
    expect(mine).toEqual(ref);
  });
});
