// Repository paths for tests and bench. This file runs from test/helpers/ under vitest and from
// dist/test/helpers/ when compiled, so both resolve to the same repository root.
import * as fs from "node:fs";
import * as path from "node:path";

const UP = path.resolve(__dirname, "..", "..");

/** The repository root (where package.json is), from the sources or from dist/. */
export const REPO_ROOT = path.basename(UP) === "dist" ? path.dirname(UP) : UP;

/** The compiled tree (npm run build:ts): dist/lib, dist/examples, dist/test, dist/bench. */
export const DIST = path.join(REPO_ROOT, "dist");

/** A path inside the repository, e.g. repoPath("examples", "reference", "lenet5_bn.py"). */
export function repoPath(...parts: string[]): string {
  return path.join(REPO_ROOT, ...parts);
}

/** The shared CIFAR-10 JPEG archive (../shared beside the checkout, or TORCHTS_CIFAR10_ARCHIVE), if present. */
export const CIFAR10_ARCHIVE: string | undefined = [
  process.env.TORCHTS_CIFAR10_ARCHIVE,
  repoPath("..", "shared", "datasets", "cifar10-jpeg.tar.xz"),
  "/work/shared/datasets/cifar10-jpeg.tar.xz",
].find((p): p is string => !!p && fs.existsSync(p));
