// Archives and downloads for data sets: tar via the system's tar, HTTP(S) with an MD5 check.

import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import { cacheDir } from "../utils/cache";

/** Unpacks a .tar.gz / .tgz / .tar.xz / .tar once into the cache and returns the folder. */
export function extractArchive(file: string): string {
  if (!fs.existsSync(file)) throw new Error(`archive not found: ${file}`);
  const st = fs.statSync(file);
  const key = crypto
    .createHash("sha256")
    .update(`${path.resolve(file)}\0${st.size}\0${st.mtimeMs}`)
    .digest("hex")
    .slice(0, 16);
  const dest = path.join(cacheDir(), `extracted-${key}`);
  const done = path.join(dest, ".complete");
  if (fs.existsSync(done)) return dest;
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const flag = /\.(tar\.xz|txz)$/.test(file) ? "-xJf" : /\.(tar\.gz|tgz)$/.test(file) ? "-xzf" : "-xf";
  try {
    execFileSync("tar", [flag, file, "-C", dest], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (e) {
    fs.rmSync(dest, { recursive: true, force: true });
    throw new Error(
      `cannot unpack ${file}: ${String((e as { stderr?: Buffer }).stderr ?? (e as Error).message).trim()}`,
    );
  }
  fs.writeFileSync(done, "");
  return dest;
}

export function md5File(file: string): string {
  return crypto.createHash("md5").update(fs.readFileSync(file)).digest("hex");
}

/** Downloads url to file (through a temporary file), following redirects; checks the MD5 when given. */
export async function download(url: string, file: string, md5?: string, timeoutMs = 60000): Promise<void> {
  const tmp = `${file}.part`;
  const get = (u: string, redirects: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const mod = u.startsWith("https:") ? https : http;
      const req = mod.get(u, { timeout: timeoutMs }, (res) => {
        if (res.statusCode && res.statusCode >= 300 && res.statusCode < 400 && res.headers.location && redirects < 5) {
          res.resume();
          resolve(get(new URL(res.headers.location, u).toString(), redirects + 1));
          return;
        }
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`download of ${u} failed: HTTP ${res.statusCode}`));
          return;
        }
        const expected = Number(res.headers["content-length"] ?? -1);
        let got = 0;
        const out = fs.createWriteStream(tmp);
        res.on("data", (c: Buffer) => {
          got += c.length;
        });
        res.pipe(out);
        const fail = (e: Error) => {
          out.destroy();
          reject(e);
        };
        res.on("aborted", () => fail(new Error(`download of ${u} was interrupted after ${got} bytes`)));
        res.on("error", fail);
        out.on("finish", () => {
          if (expected >= 0 && got !== expected)
            reject(new Error(`download of ${u} was interrupted: got ${got} of ${expected} bytes`));
          else resolve();
        });
      });
      req.on("timeout", () => req.destroy(new Error(`download of ${u} timed out`)));
      req.on("error", (e) => reject(new Error(`download of ${u} failed: ${e.message}`)));
    });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    await get(url, 0);
    if (md5) {
      const got = md5File(tmp);
      if (got !== md5) throw new Error(`checksum mismatch for ${url}: expected MD5 ${md5}, got ${got}`);
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
