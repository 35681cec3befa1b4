#!/usr/bin/env bash
# make test-sandbox-client: drives the sandbox, started with its DEFAULT settings
# (no -strict, as `make sandbox` runs it), with a WhatsApp Cloud API client this
# project did not write: @kapso/whatsapp-cloud-api, installed by `npm ci` from
# internal/sandbox/clients/package-lock.json and run by node's test runner. A
# second sandbox, started with -strict, shows that strict mode refuses this
# client's User-Agent (node's own), which is why the default must not.
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
sandbox_pids=()
cleanup() {
  for pid in "${sandbox_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

echo "== Building and starting the sandbox: default settings, and one -strict beside it"
# Built into a temporary folder: bin/ may be shared by other checkouts.
(cd "$root" && go build -o "$tmp/whatsapp-sandbox" ./internal/sandbox/cmd/whatsapp-sandbox)
start_sandbox() { # name, flags...: starts one, waits for its URL file
  local name=$1
  shift
  "$tmp/whatsapp-sandbox" "$@" -addr 127.0.0.1:0 -url-file "$tmp/$name.url" >"$tmp/$name.log" 2>&1 &
  sandbox_pids+=("$!")
  for _ in $(seq 1 100); do [ -s "$tmp/$name.url" ] && break; sleep 0.1; done
  [ -s "$tmp/$name.url" ] || { echo "the $name sandbox did not start:"; cat "$tmp/$name.log"; exit 1; }
}
start_sandbox default
start_sandbox strict -strict
url=$(cat "$tmp/default.url")
echo "== @kapso/whatsapp-cloud-api against $url (the strict one: $(cat "$tmp/strict.url"))"

cd "$clients"
WHATSAPP_SANDBOX_URL="$url" WHATSAPP_STRICT_SANDBOX_URL=$(cat "$tmp/strict.url") node --test
