#!/usr/bin/env bash
# make test-browser: applies the quickstart against a sandbox, then loads the
# sandbox's inbox in headless Chromium and checks that every message the
# sandbox received is on the page and every image loaded; then renders the
# webhook receiver's page (counts and failures per label) and reads each
# label's row from the DOM. Keeps the DOM and screenshots in
# test-output/browser/ (git-ignored). Installs Debian's chromium
# package first when /usr/bin/chromium is missing (needs root).
set -euo pipefail
terraform_bin=${1:-terraform}
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/bin"
out="$root/test-output/browser"
chromium=${CHROMIUM:-/usr/bin/chromium}

if [ ! -x "$chromium" ]; then
  if [ "$chromium" != /usr/bin/chromium ]; then
    echo "CHROMIUM=$chromium is not an executable file; point it at a Chromium or leave it unset to use Debian's"
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "$chromium is missing: install Debian's chromium package (sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium"
    exit 1
  fi
  echo "== Installing Debian's chromium package (once)"
  apt-get update
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi
"$chromium" --version

echo "== Building the sandbox"
mkdir -p "$bin" "$out"
(cd "$root" && go build -o "$bin/whatsapp-sandbox" ./internal/sandbox/cmd/whatsapp-sandbox)
tmp=$(mktemp -d)
sandbox_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
# -strict, as in the quickstart it drives: only the provider talks to it.
"$bin/whatsapp-sandbox" -strict -addr 127.0.0.1:0 -url-file "$tmp/url" >"$tmp/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 1 100); do [ -s "$tmp/url" ] && break; sleep 0.1; done
[ -s "$tmp/url" ] || { echo "the sandbox did not start:"; cat "$tmp/sandbox.log"; exit 1; }
url=$(cat "$tmp/url")

WHATSAPP_DEMO_SANDBOX_URL="$url" "$root/scripts/quickstart.sh" "$terraform_bin"

echo
echo "== The inbox in headless Chromium"
cd "$root"
INBOX_URL="$url" BROWSER_OUT="$out" CHROMIUM="$chromium" \
  go test -tags browser ./internal/sandbox/ -run '^TestBrowser' -count=1 -v
echo "Screenshot: $out/inbox.png"

echo
echo "== The receiver's page in headless Chromium"
BROWSER_OUT="$out" CHROMIUM="$chromium" \
  go test -tags browser ./internal/receiver/ -run '^TestBrowser' -count=1 -v
echo "Screenshot: $out/receiver-page.png"
