#!/usr/bin/env bash
# `make bench`: runs the Go benchmarks and prints them as a table. The column
# "alloc/byte" is bytes allocated per byte processed (B/op divided by the bytes
# each op moves): far below 1 means the upload and hashing paths stream instead
# of holding files in memory. Goals live here, never in timed tests.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
go test ./... -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-20x}" -count 1 >"$out"
awk '
BEGIN { printf "%-46s %12s %10s %14s %10s %11s\n", "benchmark", "ns/op", "MB/s", "B/op", "allocs/op", "alloc/byte"
        printf "%-46s %12s %10s %14s %10s %11s\n", "---------", "-----", "----", "----", "---------", "----------" }
/^Benchmark/ {
  name=$1; ns=""; mbs=""; bop=""; aop=""
  for (i = 2; i <= NF; i++) {
    if ($(i) == "ns/op") ns=$(i-1)
    if ($(i) == "MB/s") mbs=$(i-1)
    if ($(i) == "B/op") bop=$(i-1)
    if ($(i) == "allocs/op") aop=$(i-1)
  }
  ratio="-"
  if (mbs != "" && ns != "" && bop != "") { moved = mbs * ns / 1000; if (moved > 0) ratio = sprintf("%.4f", bop / moved) }
  printf "%-46s %12s %10s %14s %10s %11s\n", name, ns, (mbs == "" ? "-" : mbs), bop, aop, ratio
}
/^(ok|FAIL)/ { next }
' "$out"
