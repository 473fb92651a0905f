#!/usr/bin/env bash
# Two Wire Lab instances behind Debian's nginx (docs/deploy.md): runs the websocket-handshake
# lesson's e2e through the balancer, checks that every lab request reaches the session's instance,
# and drains one instance with SIGTERM. Needs the production build (`npm run build`).
# Uses NGINX_PATH or /usr/sbin/nginx; as root on Debian it installs the `nginx-light` package when
# none is found. LB_PORT picks the balancer's port (default: a free one).
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

find_nginx() {
  for c in "${NGINX_PATH:-}" /usr/sbin/nginx /usr/local/sbin/nginx "$(command -v nginx || true)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  return 1
}
if ! NGINX_PATH=$(find_nginx); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "==> installing Debian's nginx-light"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null
    NGINX_PATH=/usr/sbin/nginx
  else
    echo "No nginx found. Install Debian's nginx (sudo apt-get install nginx-light) or set NGINX_PATH." >&2
    exit 1
  fi
fi
export NGINX_PATH
echo "nginx: $NGINX_PATH ($("$NGINX_PATH" -v 2>&1))"
if [ ! -f .next/BUILD_ID ]; then
  echo "No production build: run npm run build first." >&2
  exit 1
fi
LB_PORT=${LB_PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}
export LB_PORT
exec npx playwright test -c playwright.lb.config.ts "$@"
