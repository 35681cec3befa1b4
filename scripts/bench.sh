#!/usr/bin/env bash
# `make bench`: measures the provider side by side with a peer in the same run,
# on loopback against the sandbox, and prints one table of ratios (also written
# as Markdown into bench-results/, which git ignores). The driver is
# internal/benchmark; the no-op provider it compares against is
# internal/benchmark/noop. Goals live here, never in timed tests.
#
#   BENCH_REPEAT       runs of each fast row, median reported (default 5)
#   BENCH_SLOW_REPEAT  runs of each throttled row, ~20 s each (default 3)
#   BENCH_ONLY         comma-separated rows, e.g. "throttled,ceiling"
#   BENCH_MICRO=1      also run the Go micro-benchmarks (upload and hashing allocations)
#   BENCH_CAMPAIGN_SIZES       recipients of the campaign rows (default 10000,50000,100000)
#   BENCH_CAMPAIGN_LIST_SIZES  the list shape's rows beside them (default 10000)
#   BENCH_RECEIVER_SECONDS  how long the receiver rows post 1,000 statuses/s (default 60; e.g. 5 for a quick run)
#
# The receiver rows need PostgreSQL: scripts/postgres.sh starts it (installing
# Debian's package when missing) and a fresh database is made for each run.
set -euo pipefail
cd "$(dirname "$0")/.."
terraform_bin=${1:-${TERRAFORM:-terraform}}
mkdir -p bin/bench-noop
go build -o bin/terraform-provider-whatsapp .
go build -o bin/bench-noop/terraform-provider-noop ./internal/benchmark/noop
go build -o bin/whatsapp-bench ./internal/benchmark
go build -o bin/whatsapp-receiver ./internal/receiver/cmd/whatsapp-receiver
receiver_pg=""
if [ -z "${BENCH_ONLY:-}" ] || [[ ",${BENCH_ONLY}," == *,receiver,* ]]; then
  pg=$(scripts/postgres.sh)
  psql -q "$pg" -c "DROP DATABASE IF EXISTS whatsapp_receiver_bench WITH (FORCE)" -c "CREATE DATABASE whatsapp_receiver_bench"
  receiver_pg=${pg/\/postgres\?//whatsapp_receiver_bench?}
fi
bin/whatsapp-bench -terraform "$terraform_bin" -provider-dir bin -noop-dir bin/bench-noop \
  -repeat "${BENCH_REPEAT:-5}" -slow-repeat "${BENCH_SLOW_REPEAT:-3}" -only "${BENCH_ONLY:-}" -out bench-results \
  -receiver-bin bin/whatsapp-receiver -receiver-postgres "$receiver_pg" -receiver-duration "${BENCH_RECEIVER_SECONDS:-60}s" \
  -campaign-sizes "${BENCH_CAMPAIGN_SIZES:-10000,50000,100000}" -campaign-list-sizes "${BENCH_CAMPAIGN_LIST_SIZES:-10000}"

if [ "${BENCH_MICRO:-}" = 1 ]; then
  echo
  echo "Go micro-benchmarks (alloc/byte far below 1 means files are streamed):"
  go test ./... -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-20x}" -count 1 | grep -E '^Benchmark'
fi
