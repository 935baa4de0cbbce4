// The typed native boundary: the addon's exports and the `Native` interface in lib/native.ts name
// the same entry points, so neither can drift from the other. (That a misspelt entry point or a
// wrong argument type does not compile is checked by tsc over test/typecheck/native_misuse.ts.)

import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { native } from "../lib/native";
import { repoPath } from "./helpers/paths";

// The members of `interface Native`, one per line at two spaces of indentation: name( is a
// function, name: a value.
function declared(): { functions: Set<string>; values: Set<string> } {
  const src = fs.readFileSync(repoPath("lib", "native.ts"), "utf8");
  const start = src.indexOf("export interface Native {");
  const end = src.indexOf("\n}\n", start);
  expect(start).toBeGreaterThanOrEqual(0);
  const functions = new Set<string>();
  const values = new Set<string>();
  for (const m of src.slice(start, end).matchAll(/^ {2}(readonly )?([A-Za-z_$][\w$]*)\??\s*([(:<])/gm)) {
    (m[3] === ":" ? values : functions).add(m[2]!);
  }
  return { functions, values };
}

describe("native boundary", () => {
  it("the addon exports exactly the entry points lib/native.ts declares", () => {
    const { functions, values } = declared();
    expect(functions.size).toBeGreaterThan(150);
    const addon = native as unknown as Record<string, unknown>;
    const exports = Object.keys(addon);
    const exportedFunctions = exports.filter((k) => typeof addon[k] === "function");
    const exportedValues = exports.filter((k) => !exportedFunctions.includes(k));
    expect(exportedFunctions.sort()).toEqual([...functions].sort());
    expect(exportedValues.sort()).toEqual([...values].sort());
  });

  it("the compile-fail file is part of the tsc build", () => {
    const include: string[] = JSON.parse(fs.readFileSync(repoPath("tsconfig.json"), "utf8")).include;
    expect(include).toContain("test/typecheck/**/*.ts");
    expect(fs.readFileSync(repoPath("test", "typecheck", "native_misuse.ts"), "utf8")).toMatch(
      /@ts-expect-error misspelt entry point\n\s+native\.batchNrom/,
    );
  });
});
