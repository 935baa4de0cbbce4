// JPEGs decode to PIL's pixels (what torchvision's ImageFolder gives): every image of CIFAR-10's
// test split from the shared JPEG archive, compared byte for byte.
import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, expect, it } from "vitest";
import { data } from "../lib";
import { CIFAR10_ARCHIVE } from "./helpers/paths";
import { PyTorch } from "./helpers/pytorch";

const py = new PyTorch();
afterAll(() => py.close());
const ARCHIVE = CIFAR10_ARCHIVE;

it("ImageFolder's JPEG pixels equal PIL's on all 10,000 CIFAR-10 test images", async () => {
  expect(ARCHIVE, "the shared CIFAR-10 JPEG archive was not found").toBeTruthy();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-jpeg-"));
  const tar = spawnSync("tar", ["-xJf", ARCHIVE!, "-C", dir, "cifar10-jpeg/test"], { encoding: "utf8" });
  expect(tar.status, tar.stderr).toBe(0);
  const root = path.join(dir, "cifar10-jpeg", "test");
  const ds = new data.ImageFolder(root, { cache: false });
  expect(ds.length).toBe(10000);
  const bytes = ds.images.toTypedArray() as Uint8Array;
  const per = 32 * 32 * 3;
  const ours = Array.from({ length: ds.length }, (_, i) =>
    crypto
      .createHash("sha256")
      .update(bytes.subarray(i * per, (i + 1) * per))
      .digest("hex")
      .slice(0, 16),
  );
  const theirs = (await py.call("image_decode.pil_digests", { root })) as string[];
  const differing = ours.filter((d, i) => d !== theirs[i]).length;
  expect(differing).toBe(0);
  fs.rmSync(dir, { recursive: true, force: true });
}, 300_000);

it("a broken JPEG is an Error, not a crash", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "torchts-badjpeg-"));
  fs.mkdirSync(path.join(dir, "a"));
  fs.writeFileSync(path.join(dir, "a", "x.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]));
  expect(() => new data.ImageFolder(dir, { cache: false })).toThrow(/cannot decode image .*x\.jpg: JPEG: /);
});
