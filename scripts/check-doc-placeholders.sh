#!/usr/bin/env bash
# `make docs-check` runs this after `make generate`: it fails when a generated
# page lost a WhatsApp template variable ({{1}}, {{2}}, ...) that its source has.
#
# tfplugindocs renders templates/ as Go templates, where a bare {{1}} is an
# action that prints 1: "Hi {{1}}" becomes "Hi 1" without any error. In a
# template the variable is written {{"{{1}}"}}; a file included with tffile or
# codefile is copied as it is and needs no escaping.
#
# For each templates/<dir>/<name>.md.tmpl and its page docs/<dir>/<name>.md:
# every line of the template with a {{N}} (escaped or not), as it should read
# once rendered, and every line with a {{N}} of each file it includes through
# tffile/codefile, must be a line of the page.
set -euo pipefail
cd "$(dirname "$0")/.."

placeholder='\{\{[0-9]+\}\}'
bad=0

# The line as tfplugindocs should render it: {{"{{1}}"}} and {{`{{1}}`}} become
# {{1}}. A line that still holds another template action after that is not
# checked (its rendering depends on the data); one with a bare {{1}} is, and fails.
expected_lines() {
  sed -E 's/\{\{ *"(\{\{[0-9]+\}\})" *\}\}/\1/g; s/\{\{ *`(\{\{[0-9]+\}\})` *\}\}/\1/g' "$1" |
    grep -E "$placeholder" |
    { grep -vE '\{\{([^0-9]|[0-9]+[^0-9}])' || true; }
}

while IFS= read -r tmpl; do
  page="docs/${tmpl#templates/}"
  page="${page%.tmpl}"
  [ -f "$page" ] || { echo "$tmpl: no generated page $page"; bad=$((bad + 1)); continue; }
  # The template itself, then each file it includes (the last quoted argument of tffile/codefile).
  # A path built with (printf "examples/functions/%s/function.tf" .Name) names the page's own example.
  name=$(basename "$page" .md)
  sources=("$tmpl")
  while IFS= read -r inc; do
    sources+=("${inc//%s/$name}")
  done < <(grep -oE '\{\{-? *(tffile|codefile)( +\(?(printf +)?"[^"]*")+' "$tmpl" | sed -E 's/.*"([^"]*)"$/\1/')
  for src in "${sources[@]}"; do
    [ -f "$src" ] || continue
    while IFS= read -r line; do
      if ! grep -qxF -- "$line" "$page"; then
        echo "$page: lost a template variable of $src; this line is missing:"
        echo "    $line"
        bad=$((bad + 1))
      fi
    done < <(expected_lines "$src")
  done
done < <(find templates -name '*.md.tmpl' | sort)

if [ "$bad" -gt 0 ]; then
  echo "$bad line(s) with a {{N}} template variable did not reach docs/: in templates/, write {{\"{{1}}\"}} for {{1}} (a bare {{1}} is a Go template action that prints 1), then run 'make generate'"
  exit 1
fi
