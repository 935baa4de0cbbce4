// PyTorch 1.13's torch/utils/data (test/test_dataloader.py's seeding behaviour): building a DataLoader
// draws nothing from the global generator; each iteration draws _BaseDataLoaderIter's _base_seed and,
// for RandomSampler without a generator, the seed of a fresh generator. Expected weights from live PyTorch.

import { afterAll, describe, expect, it } from "vitest";
import * as torch from "../../lib";
import { data, nn, type Tensor } from "../../lib";
import { PyTorch } from "../helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

function dataset(n: number): data.ImageDataset {
  const images = torch.zeros([n, 2, 2, 1], { dtype: "uint8" });
  const labels = torch.arange(n);
  return new data.ImageDataset(images, labels, ["a"], new data.transforms.ToTensor());
}

describe("DataLoader and the global generator (item 13)", () => {
  it.each([
    [false, 0],
    [true, 0],
    [false, 1],
    [true, 1],
    [true, 3],
  ] as Array<[boolean, number]>)(
    "test_sampler_reproducibility: shuffle=%s, %i epochs between models",
    async (shuffle, epochs) => {
      const ref = (await py.call("upstream_nn.loader_then_model", {
        n: 10,
        batch_size: 4,
        shuffle,
        epochs,
      })) as Tensor[];
      torch.manualSeed(0);
      const loader = new data.DataLoader(dataset(10), { batchSize: 4, shuffle });
      const first = new nn.Linear(4, 3);
      for (let e = 0; e < epochs; e++) for (const _b of loader);
      const second = new nn.Linear(4, 3);
      const got = [first.weight, first.bias!, second.weight, second.bias!];
      got.forEach((t, i) => {
        expect(t.detach().equal(ref[i]), `tensor ${i}`).toBe(true);
      });
    },
  );
});
