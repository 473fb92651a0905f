#!/usr/bin/env bash
# Runs every test: typecheck, lint, unit, integration, protocol conformance (through the edge),
# production build, e2e in real Chromium, then one lesson's e2e through nginx in front of two
# instances (scripts/lb-e2e.sh).
# Uses a system Chromium and nginx; as root on Debian it installs `chromium` / `nginx-light` when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

find_chromium() {
  for c in "${CHROMIUM_PATH:-}" /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! CHROMIUM_PATH=$(find_chromium); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing Debian's chromium"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    CHROMIUM_PATH=/usr/bin/chromium
  else
    echo "No Chromium found. Install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi
export CHROMIUM_PATH
[ -d node_modules ] || npm ci

results=$(mktemp -d)
step() { echo; echo "==> $*"; }

step typecheck; npm run --silent typecheck
step lint; npm run --silent lint
step "unit tests"; npx vitest run --project unit --reporter=default --reporter=json --outputFile="$results/unit.json"
step "integration tests"; npx vitest run --project integration --reporter=default --reporter=json --outputFile="$results/integration.json"
step "protocol conformance (through the edge)"; npm run --silent test:conformance -- --json "$results/conformance.json"
step "production build"; npm run --silent build
step "first-load JS budgets"; npm run --silent budgets
step "e2e tests (Chromium: $CHROMIUM_PATH)"; E2E_JSON_REPORT="$results/e2e.json" npx playwright test
step "e2e through a load balancer (nginx, two instances)"; E2E_JSON_REPORT="$results/e2e-lb.json" bash scripts/lb-e2e.sh

node -e '
const fs = require("fs"); const dir = process.argv[1];
let passed = 0, failed = 0, skipped = 0;
for (const f of ["unit.json", "integration.json"]) {
  const r = JSON.parse(fs.readFileSync(dir + "/" + f, "utf8"));
  passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
}
const c = JSON.parse(fs.readFileSync(dir + "/conformance.json", "utf8"));
passed += c.passed; failed += c.failed; skipped += c.skipped;
for (const f of ["e2e.json", "e2e-lb.json"]) {
  const e = JSON.parse(fs.readFileSync(dir + "/" + f, "utf8")).stats;
  passed += e.expected + (e.flaky || 0); failed += e.unexpected; skipped += e.skipped;
}
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
' "$results"
