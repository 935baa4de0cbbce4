#!/usr/bin/env bash
# Sets up (scripts/setup.sh) and runs every test; ends with the line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p .out
npx vitest run --reporter=default --reporter=json --outputFile=.out/vitest.json
status=$?
node -e '
const r = JSON.parse(require("fs").readFileSync(".out/vitest.json", "utf8"));
// A test file that fails before any test runs (an import error) counts as one failure.
const brokenFiles = (r.testResults || []).filter((f) => f.status === "failed" && !f.assertionResults.some((a) => a.status === "failed")).length;
console.log(`${r.numPassedTests} passed, ${r.numFailedTests + brokenFiles} failed`);
' || { echo "0 passed, 1 failed"; exit 1; }
exit $status
