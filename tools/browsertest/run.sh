#!/usr/bin/env bash
# Browser test of the admin console: headless Chromium (Debian's package)
# driven by puppeteer-core (pinned in web/admin's lockfile) against the real
# stack (bin/copydesk-dev on a temporary DATA_DIR and a free port). It
# installs what it misses (apt-get install chromium, npm ci), builds the
# console and the Go binaries, runs web/admin/e2e/console.mjs, prints where
# the screenshots are and a closing "N passed, N failed" line, and exits
# non-zero on any failure.
#
#   tools/browsertest/run.sh            (or: make test-browser)
#   KEEP=1 tools/browsertest/run.sh     keep the stack's data and logs
set -euo pipefail
export GOTOOLCHAIN=local
repo=$(cd "$(dirname "$0")/../.." && pwd)
cd "$repo"
begin=$(date +%s)

say() { echo "browsertest: $*"; }
fail() { echo "browsertest: $*" >&2; echo "browser: 0 passed, 1 failed"; exit 1; }

# 1. Chromium from Debian (the test needs no browser download).
chromium=${CHROMIUM:-$(command -v chromium || true)}
if [ -z "$chromium" ]; then
  [ "$(id -u)" = 0 ] || fail "chromium missing; install it with: sudo apt-get install -y chromium"
  say "installing chromium (apt-get)"
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
    || fail "apt-get install chromium failed"
  chromium=$(command -v chromium)
fi
say "$("$chromium" --version 2>/dev/null || echo chromium)"
command -v npm >/dev/null || fail "npm missing (Node.js 20.19+ needed)"

# 2. The console (npm ci from the lockfile) and the Go binaries.
make -s admin ADMIN=1 || fail "console build failed"
make -s build >/dev/null || fail "go build failed"

# 3. The stack, on a free port with a temporary data dir. The offline
# model gets a price so the usage chart has costs to draw.
tmp=$(mktemp -d -t copydesk-browser-XXXXXX)
artifacts=$tmp/artifacts
mkdir -p "$artifacts"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
password="browser-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
stack_pid=
stop_stack() {
  if [ -n "$stack_pid" ] && kill -0 "$stack_pid" 2>/dev/null; then
    kill -INT "$stack_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$stack_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$stack_pid" 2>/dev/null || true
  fi
  stack_pid=
}
trap stop_stack EXIT
DATA_DIR=$tmp/data PORT=$port HOST=127.0.0.1 ADMIN_EMAIL=admin@browser.test ADMIN_PASSWORD=$password \
  ADMIN_DIR=$repo/web/admin/dist LOG_LEVEL=warn \
  LLM_PRICES='{"offline-1":{"prompt":2000,"completion":8000},"offline-embed-256":{},"*":{"prompt":1000,"completion":4000}}' \
  "$repo/bin/copydesk-dev" >"$tmp/stack.log" 2>&1 &
stack_pid=$!
url=http://127.0.0.1:$port
for _ in $(seq 1 600); do
  grep -q "Copydesk is ready" "$tmp/stack.log" 2>/dev/null && break
  kill -0 "$stack_pid" 2>/dev/null || { cat "$tmp/stack.log" >&2; fail "the stack did not start"; }
  sleep 0.2
done
grep -q "Copydesk is ready" "$tmp/stack.log" || { cat "$tmp/stack.log" >&2; fail "the stack was not ready in 120 s"; }
say "stack ready at $url"

# 4. The browser test itself.
status=0
BASE_URL=$url ADMIN_EMAIL=admin@browser.test ADMIN_PASSWORD=$password ARTIFACTS=$artifacts CHROMIUM=$chromium \
  node web/admin/e2e/console.mjs || status=$?
stop_stack
if [ "$status" != 0 ]; then
  say "stack logs: $tmp/data/logs"
elif [ -z "${KEEP:-}" ]; then
  rm -rf "$tmp/data"
fi
say "screenshots in $artifacts"
say "took $(( $(date +%s) - begin )) s"
cat "$artifacts/summary.txt" 2>/dev/null || echo "browser: 0 passed, 1 failed"
exit "$status"
