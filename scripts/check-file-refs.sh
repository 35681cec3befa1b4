#!/usr/bin/env bash
# `make lint` runs this: it fails when a comment or a doc names a repository file
# that does not exist, so a rename or a deletion cannot leave stale pointers behind.
#
# Read: comments of the Go files in internal/ and main.go, README.md, CONTRIBUTING.md and the
# Markdown under docs/, templates/ and examples/ (CHANGELOG.md is history: it
# names files as they were). A name is a word ending in an extension the repo
# uses (.go, .md, .tf, .sh, ...). A name with a slash must exist relative to the
# repo root or to the file naming it, or end a path of the repo
# (`cmd/whatsapp-sandbox/main.go`); a bare name must be the base name of some
# file in the repo. Skipped: URLs, absolute and home paths, patterns such as
# `<name>_plan.go` or `*_test.go`, and the names in ALLOWED below.
set -euo pipefail
cd "$(dirname "$0")/.."

# Names that tests, the quickstart and the docs' examples create at run time (in
# temporary directories or the user's own configuration), not files of this repo.
ALLOWED=(
  versions.tf provider_override.tf # files examples_test.go writes beside each example it plans
  token.txt env.sh                 # a user's secret file and shell setup, in the docs
  catalogue.pdf q3-report.pdf      # files in a user's configuration, in the docs' examples
  generated.tf                     # what `terraform plan -generate-config-out` writes, in the import docs
  terraform.tfvars.json            # the variables file internal/benchmark writes into its work folder
  media_broadcast_moved.tf         # the moved blocks a user writes with the module's moved_blocks.sh
  index.json VERSION.json 0.1.0.json terraform-provider-whatsapp_0.1.0_manifest.json # a release's and a network mirror's files (internal/release writes them)
)

# Files in the work tree (tracked, or new and not ignored), so a file added but
# not yet committed counts.
repo_files=$(git ls-files --cached --others --exclude-standard | sort -u)

sources=$( {
  git ls-files --cached --others --exclude-standard -- 'internal/*.go' main.go
  git ls-files --cached --others --exclude-standard -- README.md CONTRIBUTING.md 'docs/*.md' 'templates/*.tmpl' 'templates/*.md' 'examples/*.md'
} | sort -u)

# shellcheck disable=SC2086
awk -v allowed="${ALLOWED[*]}" '
  FNR == 1 { fileno++ }
  fileno == 1 {                       # the list of repo files
    have[$0] = 1
    n = split($0, parts, "/"); base[parts[n]] = 1
    paths[++npaths] = $0
    next
  }
  fileno == 2 {                       # the list of files to read: nothing to do here
    next
  }
  {
    text = $0
    if (FILENAME ~ /\.go$/) {         # only the comment of a Go line
      if (!match(text, /(^|[ \t])\/\//)) next
      text = substr(text, RSTART)
    }
    gsub(/[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^ \t)>\]"`'"'"']*/, " ", text)   # URLs
    while (match(text, /[A-Za-z0-9_.~\/<>*%-]*[A-Za-z0-9_-]\.(go|md|tf|tmpl|sh|ya?ml|json|html|mod|sum|png|pdf|jpg|txt)([^A-Za-z0-9_]|$)/)) {
      name = substr(text, RSTART, RLENGTH)
      text = substr(text, RSTART + RLENGTH)
      sub(/[^A-Za-z0-9_]$/, "", name)
      sub(/^(\.\/)+/, "", name)
      if (name ~ /[<>*%]/ || name ~ /^[_~\/]/ || name ~ /^\.\.\//) continue   # patterns (also printf-style %s), home, absolute, outside
      if (name in allow) continue
      if (name !~ /\//) {
        if (name in base) continue
      } else {
        if (name in have) continue
        dir = FILENAME; sub(/[^\/]*$/, "", dir)
        if ((dir name) in have) continue
        found = 0
        for (i = 1; i <= npaths; i++) {
          p = paths[i]
          if (length(p) > length(name) && substr(p, length(p) - length(name)) == "/" name) { found = 1; break }
        }
        if (found) continue
      }
      printf "%s:%d: names %s, which is not a file of this repo\n", FILENAME, FNR, name
      bad++
    }
  }
  BEGIN { n = split(allowed, a, " "); for (i = 1; i <= n; i++) allow[a[i]] = 1 }
  END {
    if (bad) {
      printf "%d stale file name(s): point the comment or doc at the file that holds it now, or drop the name; a name only tests create goes in ALLOWED in scripts/check-file-refs.sh, with the reason\n", bad
      exit 1
    }
  }
' <(printf '%s\n' "$repo_files") <(printf '%s\n' "$sources") $sources
