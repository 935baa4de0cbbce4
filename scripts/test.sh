#!/usr/bin/env bash
# Sets up (scripts/setup.sh), runs the lint/format gate and every test; ends with "N passed, N failed"
# (the lint gate counts as one test).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p .out
echo "lint: biome (lib, test, examples, bench, scripts) and clang-format (native)"
npm run --silent lint > .out/lint.log 2>&1
lint=$?
[ $lint -eq 0 ] && echo "lint: passed" || { tail -40 .out/lint.log; echo "lint: FAILED (npm run format fixes formatting)"; }
npx vitest run --reporter=default --reporter=json --outputFile=.out/vitest.json
status=$?
LINT=$lint node -e '
const r = JSON.parse(require("fs").readFileSync(".out/vitest.json", "utf8"));
// A test file that fails before any test runs (an import error) counts as one failure.
const brokenFiles = (r.testResults || []).filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
const lintOk = process.env.LINT === "0";
console.log(`${r.numPassedTests + (lintOk ? 1 : 0)} passed, ${r.numFailedTests + brokenFiles + (lintOk ? 0 : 1)} failed`);
' || { echo "0 passed, 1 failed"; exit 1; }
[ $lint -eq 0 ] || exit 1
exit $status
