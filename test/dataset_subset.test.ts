// --limit's subset: seeded, equal class shares, in the data set's order.
import { expect, it } from "vitest";
import * as torch from "../lib";
import { data } from "../lib";

it("stratifiedSubset takes equal class shares, is seeded, and keeps the data set's order", () => {
  // 1,000 images sorted by class (as an ImageFolder is): the first 100 would all be class 0.
  const labels = torch.arange(0, 1000).div(100).floor().to("int64");
  const images = torch.arange(0, 1000).remainder(256).to("uint8").reshape([1000, 1, 1, 1]);
  const ds = new data.ImageDataset(images, labels, [..."abcdefghij"]);
  const a = ds.stratifiedSubset(100, 0);
  const counts = new Map<number, number>();
  for (const l of a.targets.tolist() as number[]) counts.set(l, (counts.get(l) ?? 0) + 1);
  expect([...counts.values()]).toEqual(Array(10).fill(10));
  const picked = (s: data.ImageDataset) => s.images.reshape([-1]).tolist() as number[];
  expect(picked(ds.stratifiedSubset(100, 0))).toEqual(picked(a));
  expect(picked(ds.stratifiedSubset(100, 1))).not.toEqual(picked(a));
  const order = a.targets.tolist() as number[];
  expect(order).toEqual([...order].sort((x, y) => x - y));
});
