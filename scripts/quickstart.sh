#!/usr/bin/env bash
# The quickstart behind `make demo`: builds the provider and the sandbox, starts
# the sandbox on a free loopback port, runs `terraform init` and `terraform apply`
# on a fresh copy of examples/quickstart, then prints the outputs and what the
# sandbox received. It also starts the webhook receiver (whatsapp-receiver, on
# a SQLite file in the working folder), which the apply points the sandbox's
# statuses at with whatsapp_webhook; a refresh-only apply then reads them, and
# the `delivery` output says how many were delivered, read and failed. The provider is installed as a user installs it: init finds
# the build in a filesystem mirror in the working folder (a CLI config names
# it, so nothing is downloaded) and records its hash in the lock file.
#
# WHATSAPP_DEMO_API=on_premises runs the same configuration against the
# sandbox's On-Premises API (login with username and password) instead of Cloud.
# KEEP=1 leaves the sandbox running and the working folder in place, so the
# inbox can be looked at and terraform run again; it prints how to clean up.
# WHATSAPP_DEMO_SANDBOX_URL=http://... applies against a sandbox that is
# already running (make test-browser starts its own) instead of starting one.
set -euo pipefail
terraform_bin=${1:-terraform}
# An absolute path: the CLI runs from the working folder, and KEEP=1's env.sh names it.
terraform_bin=$(command -v "$terraform_bin") || { echo "no Terraform CLI at ${1:-terraform}"; exit 1; }
case "$terraform_bin" in /*) ;; *) terraform_bin="$PWD/$terraform_bin" ;; esac
root=$(cd "$(dirname "$0")/.." && pwd)
api=${WHATSAPP_DEMO_API:-cloud}
keep=${KEEP:-}
[ "$keep" = 0 ] && keep=""

work=$(mktemp -d "${TMPDIR:-/tmp}/whatsapp-demo.XXXXXX")
sandbox_pid=""
receiver_pid=""
cleanup() {
  [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
  [ -n "$receiver_pid" ] && kill "$receiver_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -R "$root/examples/quickstart/." "$work/"

# The binaries go into the working folder, not the repo's bin/ or
# ~/.terraform.d: what someone built or installed by hand (CONTRIBUTING.md,
# make install) stays theirs, and two checkouts do not replace each other's builds.
bin="$work/bin"
mirror="$work/plugins"
echo "== Building the provider (into a filesystem mirror), the sandbox and the webhook receiver"
mkdir -p "$bin"
(cd "$root" && go run ./internal/release/cmd/release -install -plugins-dir "$mirror" >/dev/null &&
  go build -o "$bin/whatsapp-sandbox" ./internal/sandbox/cmd/whatsapp-sandbox &&
  go build -o "$bin/whatsapp-receiver" ./internal/receiver/cmd/whatsapp-receiver)

# The webhook receiver stores every status the sandbox posts (SQLite, in the
# working folder) and answers the provider's reads. Its tokens are made here;
# the app secret is the sandbox's, which signs the Cloud posts.
token() { od -An -tx1 -N16 /dev/urandom | tr -d ' \n'; }
read_token=$(token) verify_token=$(token) onprem_token=$(token)
WHATSAPP_RECEIVER_APP_SECRET=sandbox-app-secret WHATSAPP_RECEIVER_READ_TOKEN="$read_token" \
  WHATSAPP_RECEIVER_VERIFY_TOKEN="$verify_token" WHATSAPP_RECEIVER_ON_PREMISES_TOKEN="$onprem_token" \
  nohup "$bin/whatsapp-receiver" -addr 127.0.0.1:0 -url-file "$work/.receiver-url" \
  -database "sqlite:$work/statuses.db" >"$work/receiver.log" 2>&1 &
receiver_pid=$!
for _ in $(seq 1 100); do [ -s "$work/.receiver-url" ] && break; sleep 0.1; done
[ -s "$work/.receiver-url" ] || { echo "the receiver did not start:"; cat "$work/receiver.log"; exit 1; }
receiver_url=$(cat "$work/.receiver-url")
echo "== Webhook receiver listening on $receiver_url (its page: $receiver_url/, statuses in $work/statuses.db)"
export WHATSAPP_DELIVERY_STORE_URL="$receiver_url" WHATSAPP_DELIVERY_STORE_TOKEN="$read_token"

if [ -n "${WHATSAPP_DEMO_SANDBOX_URL:-}" ]; then
  url=${WHATSAPP_DEMO_SANDBOX_URL%/}
else
  # nohup: with KEEP=1 the sandbox outlives this script and its terminal.
  # -strict: what talks to it is the provider binary just built, so its
  # requests must also match Meta's OpenAPI patterns (User-Agent with the
  # binary's own version string); `make sandbox` is the lenient one for other clients.
  # -webhook-url: the Cloud app's callback URL, set once in the App Dashboard
  # before anything else, is the receiver: the messages customers write reach it,
  # so the plan can tell whose 24-hour window is open.
  nohup "$bin/whatsapp-sandbox" -strict -addr 127.0.0.1:0 -url-file "$work/.sandbox-url" \
    -webhook-url "$receiver_url/webhook" >"$work/sandbox.log" 2>&1 &
  sandbox_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/.sandbox-url" ] && break; sleep 0.1; done
  [ -s "$work/.sandbox-url" ] || { echo "the sandbox did not start:"; cat "$work/sandbox.log"; exit 1; }
  url=$(cat "$work/.sandbox-url")
fi
echo "== Sandbox listening on $url ($api API)"

# Only the mirror: a user's own CLI config, or a plugin cache holding another
# build of the same version, must not decide what this demo installs.
cat >"$work/terraformrc" <<RC
provider_installation {
  filesystem_mirror {
    path = "$mirror"
  }
}
RC
unset TF_PLUGIN_CACHE_DIR
export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_IN_AUTOMATION=1 CHECKPOINT_DISABLE=1
export WHATSAPP_BASE_URL="$url"
if [ "$api" = "on_premises" ]; then
  # The template send needs the business account's template namespace (the sandbox's).
  export WHATSAPP_API=on_premises WHATSAPP_USERNAME=admin WHATSAPP_PASSWORD=secret \
    WHATSAPP_TEMPLATE_NAMESPACE=5e6b1c1e_7f2a_4c3d_9a8b_0d1e2f3a4b5c
  export TF_VAR_webhook_url="$receiver_url/webhook/on-premises/$onprem_token"
else
  export WHATSAPP_API=cloud WHATSAPP_PHONE_NUMBER_ID=106540352242922 WHATSAPP_ACCESS_TOKEN=sandbox-token
  # Meta (here the sandbox) checks the URL with this token before it posts there.
  export TF_VAR_webhook_url="$receiver_url/webhook" TF_VAR_webhook_verify_token="$verify_token"
fi

# WhatsApp delivers a free-form message (every media message) only to a customer
# who wrote to the business in the last 24 hours. These two customers write first,
# as real customers would. +16315551003 does not: the quickstart sends them the logo
# through a template (delivered) and free-form (accepted, then failed with 131047).
echo "== The quickstart's customers write to the business (their 24-hour windows open)"
"$bin/whatsapp-sandbox" -customers-reply "$url" +16315551001 +16315551002

cd "$work"
echo "== terraform init ($("$terraform_bin" version | sed -n 1p), $terraform_bin)"
"$terraform_bin" init -input=false -no-color >"$work/init.log" 2>&1 || { cat "$work/init.log"; exit 1; }
grep -E '^- (Installing|Installed)' "$work/init.log" || true
echo
echo "== terraform apply"
set +e
"$terraform_bin" apply -auto-approve -input=false -no-color >"$work/apply.log" 2>&1
applied=$?
set -e
cat -s "$work/apply.log"
[ "$applied" -eq 0 ] || { echo "terraform apply failed (exit $applied)"; exit "$applied"; }
echo
echo "== What the sandbox received"
# The apply ends when WhatsApp has accepted each message; whether it was
# delivered comes afterwards, as statuses posted to the webhook (about a second
# later in the sandbox). -wait holds the table until every message is delivered
# or failed, so DELIVERED counts what was delivered.
echo "   Delivery is reported after the apply, by webhook statuses (sent, delivered, read, or failed):"
echo "   waiting up to 10 s until every accepted message is delivered or failed."
"$bin/whatsapp-sandbox" -show "$url" -wait 10s
echo
echo "== terraform apply -refresh-only (reads what the receiver stored of each message)"
# Statuses reach the receiver after the send (read comes last, a few seconds
# in the sandbox): refresh until every message is read or failed, at most 15 times.
count() { printf '%s' "$counts" | sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; } # a number in the delivery output
for _ in $(seq 1 15); do
  "$terraform_bin" apply -refresh-only -auto-approve -input=false -no-color >"$work/refresh.log" 2>&1 ||
    { cat "$work/refresh.log"; exit 1; }
  counts=$("$terraform_bin" output -json delivery | tr -d ' \n')
  [ $(($(count read) + $(count failed))) -eq "$(count messages)" ] && break
  sleep 1
done
echo
echo "== terraform plan (a second plan must show no changes: nothing is sent twice, and new statuses change nothing)"
"$terraform_bin" plan -input=false -no-color -detailed-exitcode >"$work/plan.log" 2>&1 && echo "No changes." || { cat "$work/plan.log"; exit 1; }
echo
echo "== What WhatsApp reported, as Terraform reads it from the receiver"
echo "delivery = $("$terraform_bin" output -no-color delivery)"
echo "failures = $("$terraform_bin" output -no-color failures)"
echo
if [ -z "$keep" ]; then
  echo "== Inbox: $url/ (what each recipient would see)"
  if [ -n "$sandbox_pid" ]; then
    echo "   The sandbox stops now and the working folder is removed; run 'make demo KEEP=1' to keep both and open the inbox."
  fi
  exit 0
fi

# KEEP=1: hand the sandbox and the folder over to the user. env.sh puts the
# CLI this demo ran first on PATH as `terraform`, so "Try more" runs the pinned
# version, not whichever terraform the user's PATH finds.
ln -sf "$terraform_bin" "$bin/terraform"
cat >"$work/env.sh" <<ENV
# source this file to run terraform in this folder against the sandbox
# terraform is the CLI the demo ran: $terraform_bin
export PATH="$bin:\$PATH"
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1
export WHATSAPP_BASE_URL="$url" WHATSAPP_API="$WHATSAPP_API"
ENV
if [ "$api" = "on_premises" ]; then
  echo 'export WHATSAPP_USERNAME=admin WHATSAPP_PASSWORD=secret WHATSAPP_TEMPLATE_NAMESPACE=5e6b1c1e_7f2a_4c3d_9a8b_0d1e2f3a4b5c' >>"$work/env.sh"
else
  echo 'export WHATSAPP_PHONE_NUMBER_ID=106540352242922 WHATSAPP_ACCESS_TOKEN=sandbox-token' >>"$work/env.sh"
fi
cat >>"$work/env.sh" <<ENV
export WHATSAPP_DELIVERY_STORE_URL="$receiver_url" WHATSAPP_DELIVERY_STORE_TOKEN="$read_token"
export TF_VAR_webhook_url="$TF_VAR_webhook_url" ${TF_VAR_webhook_verify_token:+TF_VAR_webhook_verify_token="$TF_VAR_webhook_verify_token"}
ENV
cat >"$work/cleanup.sh" <<CLEAN
#!/usr/bin/env bash
# Stops the demo's sandbox and receiver and removes this working folder.
${sandbox_pid:+kill $sandbox_pid 2>/dev/null || true}
kill $receiver_pid 2>/dev/null || true
rm -rf "$work"
echo "demo cleaned up"
CLEAN
chmod +x "$work/cleanup.sh"
trap - EXIT
echo "== Inbox: $url/ (open it in a browser: what each recipient would see)"
echo "   Receiver's page: $receiver_url/ (counts and failures per label; read token: see env.sh)"
echo "   Kept for you: ${sandbox_pid:+the sandbox (pid $sandbox_pid), }the receiver (pid $receiver_pid) and the working folder $work"
echo "   Try more:  cd $work && source env.sh && terraform plan   (terraform: $terraform_bin)"
echo "   Clean up:  $work/cleanup.sh"
