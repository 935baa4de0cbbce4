// Where torchts keeps decoded data sets and downloads: TORCHTS_CACHE, else ~/.cache/torchts.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export function cacheDir(): string {
  const d = process.env.TORCHTS_CACHE || path.join(os.homedir(), ".cache", "torchts");
  fs.mkdirSync(d, { recursive: true });
  return d;
}
