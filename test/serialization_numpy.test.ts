// torch.load of numpy arrays pickled by PyTorch's torch.save (what pytorch/examples
// time_sequence_prediction/generate_sine_wave.py writes): torchts has no numpy, so a numpy array loads as the
// tensor torch.from_numpy would make of it (dtype, shape, strides, bytes), checked against live PyTorch 1.13
// and numpy writing the files (zip and legacy formats, pickle protocols 2 and 4); weightsOnly refuses them as
// PyTorch's weights-only unpickler does.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import * as torch from "../lib";
import { Tensor } from "../lib";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-npy-"));
afterAll(() => {
  py.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

// The arrays: each numpy dtype torch.from_numpy takes, a Fortran-ordered one, a 0-d and an empty one.
const ARRAYS = `
import numpy as np, torch
rng = np.random.RandomState(5)
arrays = {
    'f8': np.sin(np.arange(12).reshape(3, 4) / 3.0),
    'f4': rng.randn(2, 3).astype('float32'),
    'f2': rng.randn(5).astype('float16'),
    'i8': np.arange(-3, 3, dtype='int64').reshape(2, 3),
    'i4': np.array([1, -2, 2**31 - 1], dtype='int32'),
    'i2': np.array([[-7, 8]], dtype='int16'),
    'i1': np.array([-128, 127], dtype='int8'),
    'u1': np.array([0, 200, 255], dtype='uint8'),
    'b1': np.array([True, False, True]),
    'c8': (rng.randn(3) + 1j * rng.randn(3)).astype('complex64'),
    'c16': rng.randn(2, 2) + 1j * rng.randn(2, 2),
    'fortran': np.asfortranarray(rng.randn(3, 4, 2)),
    'scalar': np.array(2.5),
    'empty': np.zeros((0, 3), dtype='float32'),
}
`;

it("numpy arrays saved by torch.save load as torch.from_numpy's tensors (every dtype, Fortran order, 0-d, empty)", async () => {
  const out = (await py.eval(
    `${ARRAYS}
for name, fmt in (('zip2', {}), ('zip4', {'pickle_protocol': 4}), ('legacy', {'_use_new_zipfile_serialization': False})):
    torch.save(arrays, f'{tmp}/{name}.pt', **fmt)
torch.save(arrays['f8'], f'{tmp}/bare.pt')
out = {k: [torch.from_numpy(a), list(torch.from_numpy(a).stride())] for k, a in arrays.items()}`,
    { tmp },
  )) as Record<string, [Tensor, number[]]>;
  for (const name of ["zip2", "zip4", "legacy"]) {
    const loaded = torch.load(path.join(tmp, `${name}.pt`)) as Record<string, ReturnType<typeof torch.load>>;
    expect(Object.keys(loaded)).toEqual(Object.keys(out));
    for (const [k, [want, stride]] of Object.entries(out)) {
      const got = loaded[k];
      const what = `${name} ${k}`;
      expect(got, what).toBeInstanceOf(Tensor);
      const t = got as Tensor;
      expect(t.dtype, what).toBe(want.dtype);
      expect(t.shape, what).toEqual(want.shape);
      expect(t.stride(), what).toEqual(stride);
      const bytes = (x: Tensor) => Buffer.from(x.contiguous().toTypedArray().buffer);
      expect(Buffer.compare(bytes(t), bytes(want)), what).toBe(0);
    }
  }
  const bare = torch.load(path.join(tmp, "bare.pt"));
  expect(bare).toBeInstanceOf(Tensor);
  expect(torch.equal(bare as Tensor, out.f8![0])).toBe(true);
});

it("weightsOnly refuses a numpy array as PyTorch's weights-only unpickler does; other numpy objects are errors", async () => {
  const r = await py.run(
    `import numpy as np, torch
torch.save(np.zeros(3), f'{tmp}/w.pt')
torch.save(np.array(['a', 'b']), f'{tmp}/str.pt')
torch.save(np.array([1, None], dtype=object), f'{tmp}/obj.pt')
torch.load(f'{tmp}/w.pt', weights_only=True)`,
    { tmp },
  );
  expect(r.type).toBe("UnpicklingError");
  let err: unknown;
  try {
    torch.load(path.join(tmp, "w.pt"), { weightsOnly: true });
  } catch (e) {
    err = e;
  }
  expect((err as Error).name).toBe("UnpicklingError");
  expect((err as Error).message).toBe(r.error);
  expect(() => torch.load(path.join(tmp, "str.pt"))).toThrow(/can't convert np.ndarray of type numpy.dtype\('<U1'\)/);
  expect(() => torch.load(path.join(tmp, "obj.pt"))).toThrow(/numpy|unsupported/);
});
