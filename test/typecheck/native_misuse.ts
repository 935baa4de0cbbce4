// Compile-fail checks of the typed native boundary (lib/native.ts), run by the normal
// `tsc -p tsconfig.json`: tsc fails on an @ts-expect-error that meets no error, so if `native` ever
// degraded to `any` (or an entry point lost its types) the build would fail here.
// Never executed: the calls sit in a function that nothing calls.
import { type Handle, native } from "../../lib/native";

export function nativeMisuse(h: Handle): void {
  // @ts-expect-error misspelt entry point
  native.batchNrom(h, { training: true, momentum: 0.1, eps: 1e-5 });
  // @ts-expect-error wrong argument type: a string where a Handle goes
  native.add("0", h);
  // @ts-expect-error wrong argument type: a Handle where a number goes
  native.narrow(h, 0, 0, [h]);
  // @ts-expect-error the old positional form of batchNorm
  native.batchNorm(h, undefined, undefined, h, h, true, 0.1, 1e-5);
  // @ts-expect-error misspelt option name
  native.batchNorm(h, { training: true, momentum: 0.1, epsilon: 1e-5 });
  // @ts-expect-error missing option (groups)
  native.conv2d(h, h, { stride: [1, 1], padding: [0, 0], dilation: [1, 1] });
  // @ts-expect-error an option of the wrong type
  native.allclose(h, h, { rtol: "1e-5", atol: 1e-8, equalNan: false });
  // @ts-expect-error a Generator where a Stream goes
  native.cudaSetStream(native.generatorNew(1));
  // @ts-expect-error an in-place op returns nothing
  const r: Handle = native.add_(h, h);
  void r;
}
