#!/usr/bin/env bash
# `make docs-check` runs this: it fails on an example under examples/ that no
# test runs, so every configuration a reader is pointed at has been applied by
# a real CLI, not only formatted.
#
# An example is a folder under examples/ that holds a configuration (*.tf or
# *.tfquery.hcl). What runs one, read from the sources (nothing is executed):
#   - a Go test (internal/**/*_test.go) that names its path: "examples/<dir>" as
#     a string, its parts as consecutive filepath.Join arguments ("examples",
#     "actions", "whatsapp_send_media_message"), or, in a file that joins paths
#     onto a variable `examples` (filepath.Join(examples, ...)), "<dir>" or
#     "<dir>/<file>.tf" as a string;
#   - a Go test (examples_test.go) that ranges over exampleDirs(t, "<kind>"),
#     every folder under examples/<kind>/, or calls requireCases(t, "<kind>", ...),
#     which fails on a folder there that the test has no case for;
#   - a script that CI reaches (.ci/run -> a make target -> scripts/*.sh, and the
#     scripts those call) and names "examples/<dir>".
# It prints what runs each example, then the examples nothing runs.
set -euo pipefail
cd "$(dirname "$0")/.."

examples=$(git ls-files --cached --others --exclude-standard -- 'examples/*.tf' 'examples/*.tfquery.hcl' |
  sed -E 's#/[^/]+$##' | sort -u)
tests=$(git ls-files --cached --others --exclude-standard -- 'internal/*_test.go')
# shellcheck disable=SC2086
joiners=$(grep -lF 'filepath.Join(examples, ' $tests || true)

# The scripts CI reaches: the recipes of the make targets .ci/run calls, then
# the scripts those scripts call, until no new one turns up.
ci_scripts=""
for target in $(sed -nE 's/^[[:space:]]*make[[:space:]]+([a-z-]+).*/\1/p' .ci/run); do
  ci_scripts+=$(awk -v t="$target" '
    $0 ~ "^" t ":" { inside = 1; next }
    inside && /^\t/ { print; next }
    { inside = 0 }' GNUmakefile | grep -oE 'scripts/[A-Za-z0-9_.-]+\.sh' || true)
  ci_scripts+=$'\n'
done
while :; do
  more=$(for s in $ci_scripts; do [ -f "$s" ] && grep -oE 'scripts/[A-Za-z0-9_.-]+\.sh' "$s" || true; done)
  next=$(printf '%s\n%s\n' "$ci_scripts" "$more" | grep . | sort -u)
  [ "$next" = "$(printf '%s\n' "$ci_scripts" | grep . | sort -u)" ] && break
  ci_scripts=$next
done
ci_scripts=$(printf '%s\n' "$ci_scripts" | grep . | sort -u)

missing=0
for dir in $examples; do
  rel=${dir#examples/}
  kind=${rel%%/*}
  joined='"examples"'
  IFS=/ read -ra parts <<<"$rel"
  for p in "${parts[@]}"; do joined+=", \"$p\""; done
  # shellcheck disable=SC2086
  by=$( {
    grep -lF -e "\"examples/$rel\"" -e "$joined" $tests || true
    grep -lE -e "\"$rel\"" -e "\"$rel/[^\"/]+\.tf\"" $joiners || true
    [ "$kind" != "$rel" ] && { grep -lF -e "exampleDirs(t, \"$kind\")" -e "requireCases(t, \"$kind\"," $tests || true; }
    [ -n "$ci_scripts" ] && { grep -lE "examples/$rel(/|\"|$|[[:space:]])" $ci_scripts || true; }
  } | sort -u | paste -sd, -)
  if [ -n "$by" ]; then
    printf '%-48s run by %s\n' "$dir" "${by//,/, }"
  else
    printf '%-48s RUN BY NOTHING\n' "$dir"
    missing=$((missing + 1))
  fi
done

if [ "$missing" -gt 0 ]; then
  echo "$missing example(s) that no test runs: apply each in a test (for examples/<kind>/<name>, add its case to examples_test.go), or remove it"
  exit 1
fi
