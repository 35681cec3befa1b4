#!/usr/bin/env bash
# `make docs-check` runs this: it fails on a dead relative link in the docs a
# reader follows from the README, so what moved out of the README (the sandbox
# guide, CONTRIBUTING.md) stays reachable after a rename, a move or a new heading.
#
# Read: README.md, CONTRIBUTING.md and the Markdown under docs/, templates/ and
# examples/. For each inline link or image, [text](target) or ![alt](target),
# outside code: a target with a scheme (https:, mailto:) is skipped; any other
# must name a file or folder of the work tree, relative to the page (a page of
# templates/ is read from where tfplugindocs renders it: templates/guides/x.md.tmpl
# links as docs/guides/x.md). A #anchor, alone or after a Markdown file, must be
# the GitHub anchor of a heading of that file (or an id="..."/name="..." in it).
set -euo pipefail
cd "$(dirname "$0")/.."

# Files in the work tree (tracked, or new and not ignored), so a page added but
# not yet committed counts.
repo_files=$(git ls-files --cached --others --exclude-standard | sort -u)
pages=$(printf '%s\n' "$repo_files" | grep -E '^(README\.md|CONTRIBUTING\.md|(docs|templates|examples)/.*\.md(\.tmpl)?)$')
# Every Markdown file whose headings an anchor may point at.
markdown=$(printf '%s\n' "$repo_files" | grep -E '\.md$')

# shellcheck disable=SC2086
awk -v nmd="$(printf '%s\n' "$markdown" | grep -c .)" '
  # GitHub anchor of a heading: lowercase, links reduced to their text, every
  # character but letters, digits, spaces, "-" and "_" dropped, spaces as "-".
  function slug(text) {
    while (match(text, /\[[^]]*\]\([^)]*\)/)) {
      inner = substr(text, RSTART + 1, RLENGTH)
      sub(/\]\(.*$/, "", inner)
      text = substr(text, 1, RSTART - 1) inner substr(text, RSTART + RLENGTH)
    }
    text = tolower(text)
    gsub(/[^a-z0-9 _-]/, "", text)
    gsub(/ /, "-", text)
    return text
  }
  # a/./b/../c as a/c; "" when it climbs above the repository root.
  function normalize(path,    n, parts, out, depth, i) {
    n = split(path, parts, "/")
    depth = 0
    for (i = 1; i <= n; i++) {
      if (parts[i] == "" || parts[i] == ".") continue
      if (parts[i] == "..") { if (depth == 0) return ""; depth--; continue }
      out[++depth] = parts[i]
    }
    path = ""
    for (i = 1; i <= depth; i++) path = path (i > 1 ? "/" : "") out[i]
    return path
  }
  # The page a file is read as: a template as the page tfplugindocs renders.
  function rendered(file) {
    if (file ~ /^templates\/.*\.md\.tmpl$/) { sub(/^templates\//, "docs/", file); sub(/\.tmpl$/, "", file) }
    return file
  }
  function dir_of(file) { return (file ~ /\//) ? substr(file, 1, match(file, /\/[^\/]*$/)) : "" }

  FNR == 1 { fileno++; fence = 0 }
  fileno == 1 {                       # the repo files, and every folder on their paths
    have[$0] = 1
    p = $0
    while (sub(/\/[^\/]*$/, "", p)) have[p] = 1
    next
  }
  fileno == 2 { ismd[$0] = 1; next }  # the Markdown files whose headings count
  fileno == 3 { ispage[$0] = 1; next } # the pages whose links are checked

  # Headings and HTML anchors of every Markdown file (pass one), links of the pages (pass two).
  /^(```|~~~)/ { fence = !fence; next }
  fence { next }
  {
    file = FILENAME
    if (pass(file) == 1) {
      if (match($0, /^#+[ \t]+/)) {
        text = substr($0, RLENGTH + 1)
        sub(/[ \t]+#*[ \t]*$/, "", text)
        s = slug(text)
        key = file SUBSEP s
        if (key in count) { count[key]++; anchors[file SUBSEP s "-" (count[key] - 1)] = 1 }
        else { count[key] = 1; anchors[key] = 1 }
      }
      line = $0
      while (match(line, /(id|name)="[^"]+"/)) {
        a = substr(line, RSTART, RLENGTH); sub(/^[a-z]+="/, "", a); sub(/"$/, "", a)
        anchors[file SUBSEP a] = 1
        line = substr(line, RSTART + RLENGTH)
      }
      next
    }
    line = $0
    gsub(/`[^`]*`/, "", line)         # code spans hold no links
    gsub(/\{\{[^}]*\}\}/, "", line)   # nor do template actions
    while (match(line, /\]\([^)]*\)/)) {
      target = substr(line, RSTART + 2, RLENGTH - 3)
      line = substr(line, RSTART + RLENGTH)
      sub(/^</, "", target); sub(/>$/, "", target)
      sub(/[ \t].*$/, "", target)      # a title: [text](path "title")
      if (target == "" || target ~ /^[a-zA-Z][a-zA-Z0-9+.-]*:/) continue
      page = rendered(file)
      anchor = ""
      if (index(target, "#")) { anchor = substr(target, index(target, "#") + 1); target = substr(target, 1, index(target, "#") - 1) }
      if (target == "") resolved = page
      else if (target ~ /^\//) resolved = normalize(substr(target, 2))
      else resolved = normalize(dir_of(page) target)
      if (resolved == "" || !(resolved in have)) {
        printf "%s:%d: links to %s, which is not a file or folder of this repo\n", file, FNR, target (anchor != "" ? "#" anchor : "")
        bad++
        continue
      }
      if (anchor != "" && resolved ~ /\.md$/ && !((resolved SUBSEP anchor) in anchors)) {
        printf "%s:%d: links to %s#%s, but %s has no heading with that anchor\n", file, FNR, (target == "" ? "" : target), anchor, resolved
        bad++
      }
    }
  }
  # Pass one reads the Markdown files, pass two the pages (listed again after them).
  function pass(f) { return (fileno - 3 <= nmd) ? 1 : 2 }
  END {
    if (bad) {
      printf "%d dead link(s): point each at the file and heading that hold it now (run make generate first when the target is under docs/)\n", bad
      exit 1
    }
  }
' <(printf '%s\n' "$repo_files") <(printf '%s\n' "$markdown") <(printf '%s\n' "$pages") $markdown $pages
