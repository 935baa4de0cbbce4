// DistributedSampler yields PyTorch's indices for every rank, seed, epoch, size and dropLast.
import { afterAll, expect, it } from "vitest";
import { data } from "../lib";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());

it("indices equal PyTorch's DistributedSampler", async () => {
  const cases: Array<[number, number, number, boolean, number, boolean, number]> = [];
  for (const n of [10, 11, 3, 64]) {
    for (const replicas of [2, 3, 4]) {
      for (const rank of [0, replicas - 1]) {
        for (const [shuffle, seed, dropLast, epoch] of [
          [true, 0, false, 0],
          [true, 7, false, 3],
          [true, 1, true, 1],
          [false, 0, false, 0],
          [false, 0, true, 2],
        ] as const) {
          cases.push([n, replicas, rank, shuffle, seed, dropLast, epoch]);
        }
      }
    }
  }
  const theirs = (await py.call("distributed_sampler.indices", { cases })) as number[][];
  const ours = cases.map(([n, numReplicas, rank, shuffle, seed, dropLast, epoch]) => {
    const s = new data.DistributedSampler({ length: n }, { numReplicas, rank, shuffle, seed, dropLast });
    s.setEpoch(epoch);
    return [...s];
  });
  expect(ours).toEqual(theirs);
  expect(ours.map((o) => o.length)).toEqual(
    cases.map(
      ([n, r, , , , d]) => new data.DistributedSampler({ length: n }, { numReplicas: r, rank: 0, dropLast: d }).length,
    ),
  );
  expect(() => new data.DistributedSampler({ length: 4 }, { numReplicas: 2, rank: 2 })).toThrow(
    "Invalid rank 2, rank should be in the interval [0, 1]",
  );
});
