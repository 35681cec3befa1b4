#!/usr/bin/env bash
# Runs every Go test (unit and acceptance, TF_ACC=1) and ends with one summary
# line "tests: N passed, N failed, N skipped". Called by `make test`, which has
# already exported TF_ACC_TERRAFORM_PATH.
set -uo pipefail
timeout=${1:-45m}
parallel=${2:-4}
log=$(mktemp)
trap 'rm -f "$log"' EXIT

echo "Terraform CLI: ${TF_ACC_TERRAFORM_PATH:?TF_ACC_TERRAFORM_PATH must be set (run through make test)}"
"$TF_ACC_TERRAFORM_PATH" version | head -1
# The receiver's suites run on SQLite and on PostgreSQL: start PostgreSQL
# (installing Debian's package if needed) and hand its DSN to go test. Its
# tests fail, never skip, without it.
if ! WHATSAPP_RECEIVER_TEST_POSTGRES=$("$(dirname "$0")/postgres.sh"); then
  echo "scripts/postgres.sh could not start PostgreSQL for the receiver's tests: see above"
  exit 1
fi
export WHATSAPP_RECEIVER_TEST_POSTGRES
echo "PostgreSQL for the receiver's tests: $WHATSAPP_RECEIVER_TEST_POSTGRES"
TF_ACC=1 go test ./... -count=1 -v -timeout "$timeout" -parallel "$parallel" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

passed=$(grep -cE '^\s*--- PASS' "$log")
failed=$(grep -cE '^\s*--- FAIL' "$log")
skipped=$(grep -cE '^\s*--- SKIP' "$log")
echo
echo "== Summary"
grep -E '^(ok|FAIL|\?)\s' "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "go test exited $status without a failing test (a build error or panic): see above."
fi
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
