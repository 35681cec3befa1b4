#!/usr/bin/env bash
# make test-sandbox-client: drives the sandbox, started with its DEFAULT settings
# (no -strict, as `make sandbox` runs it), with a WhatsApp Cloud API client this
# project did not write: @kapso/whatsapp-cloud-api, installed by `npm ci` from
# internal/sandbox/clients/package-lock.json and run by node's test runner.
# Needs node (20.19 or later) and npm.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
clients="$root/internal/sandbox/clients"

command -v node >/dev/null && command -v npm >/dev/null ||
  { echo "node and npm are needed (Debian: apt-get install nodejs npm; node 20.19 or later)"; exit 1; }
node --version

echo "== npm ci in internal/sandbox/clients"
(cd "$clients" && npm ci --no-audit --no-fund)

tmp=$(mktemp -d)
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== Building and starting the sandbox (default settings)"
# Built into a temporary folder: bin/ may be shared by other checkouts.
(cd "$root" && go build -o "$tmp/whatsapp-sandbox" ./internal/sandbox/cmd/whatsapp-sandbox)
"$tmp/whatsapp-sandbox" -addr 127.0.0.1:0 -url-file "$tmp/url" >"$tmp/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
[ -s "$tmp/url" ] || { echo "the sandbox did not start:"; cat "$tmp/sandbox.log"; exit 1; }
url=$(cat "$tmp/url")
echo "== @kapso/whatsapp-cloud-api against $url"

cd "$clients"
WHATSAPP_SANDBOX_URL="$url" node --test
