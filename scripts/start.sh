#!/usr/bin/env bash
# `npm start`: builds the pages when the production build is missing or older than any of its
# sources, then serves in production mode (server/main.ts; PORT, HOST, LOG_LEVEL, METRICS_TOKEN).
# The server itself (server/) runs from source through tsx, so it is not a build input.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
dist="${NEXT_DIST_DIR:-.next}"
stamp="$dist/BUILD_ID"
sources=(app components content lib public next.config.ts tsconfig.json package.json package-lock.json)

reason=""
if [ ! -f "$stamp" ]; then
  reason="no production build in $dist/"
else
  changed=$(find "${sources[@]}" -newer "$stamp" -type f -print -quit 2>/dev/null || true)
  if [ -n "$changed" ]; then reason="$changed is newer than the build"; fi
fi
if [ -n "$reason" ]; then
  echo "==> building: $reason"
  ./node_modules/.bin/next build
else
  echo "==> build is up to date ($stamp); serving it"
fi
exec env NODE_ENV=production ./node_modules/.bin/tsx server/main.ts
