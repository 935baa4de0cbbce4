// Where torchts keeps decoded data sets and downloads: TORCHTS_CACHE, else ~/.cache/torchts.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export function cacheDir(): string {
  const d = process.env.TORCHTS_CACHE || path.join(os.homedir(), ".cache", "torchts");
  fs.mkdirSync(d, { recursive: true });
  return d;
}
