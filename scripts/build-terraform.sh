#!/usr/bin/env bash
# Builds a Terraform release from its Go module into OUT, for the acceptance
# tests, the quickstart and doc generation (make terraform calls it once).
#
#   scripts/build-terraform.sh 1.16.4 bin/terraform-v1.16.4
#
# `go install github.com/hashicorp/terraform@vX` stopped working after 1.8:
# the release's go.mod replaces ten nested modules (nine remote-state backends
# and internal/legacy) with local folders, which a module zip does not carry.
# So this copies the module source to a scratch folder, drops those nine
# backends (azurerm, consul, cos, gcs, kubernetes, oci, oss, pg, s3) and the
# test-only legacy module, and builds the rest. What remains (the local,
# remote, cloud, http and inmem backends, every command, actions and list
# resources) is all a provider's tests use. Nothing is downloaded but Go modules.
set -euo pipefail

version=${1:?usage: build-terraform.sh VERSION OUT}
out=${2:?usage: build-terraform.sh VERSION OUT}
go=${GO:-go}
case "$out" in /*) ;; *) out="$PWD/$out" ;; esac

dropped_backends=(azure consul cos gcs kubernetes oci oss pg s3)
module=github.com/hashicorp/terraform

scratch=$(mktemp -d)
trap 'chmod -R u+w "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT

cd "$scratch"
"$go" mod init terraform-build >/dev/null 2>&1
dir=$("$go" mod download -json "$module@v$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ] || [ ! -d "$dir" ]; then
	echo "build-terraform: could not download $module@v$version" >&2
	exit 1
fi
# The module cache is read-only: build in a writable copy.
cp -r "$dir" src
chmod -R u+w src
cd src

edits=()
for b in "${dropped_backends[@]}"; do
	edits+=("-droprequire=$module/internal/backend/remote-state/$b" "-dropreplace=$module/internal/backend/remote-state/$b")
done
edits+=("-droprequire=$module/internal/legacy" "-dropreplace=$module/internal/legacy")
"$go" mod edit "${edits[@]}"

# Nothing but the backends map imports the dropped backends: remove their
# imports and their entries there.
init=internal/backend/init/init.go
for b in "${dropped_backends[@]}"; do
	grep -q "\"$module/internal/backend/remote-state/$b\"" "$init" || {
		echo "build-terraform: $init no longer imports the $b backend; review this script for v$version" >&2
		exit 1
	}
	alias=$(sed -n "s|^[[:space:]]*\([A-Za-z0-9_]*\) \"$module/internal/backend/remote-state/$b\"\$|\1|p" "$init")
	sed -i "\|\"$module/internal/backend/remote-state/$b\"|d" "$init"
	sed -i "/return $alias\.New()/d" "$init"
done
gofmt -w "$init"

mkdir -p "$(dirname "$out")"
# version.dev=no makes the binary report a release ("Terraform v1.16.4"), not a dev build.
GOFLAGS=-mod=mod "$go" build -o "$out.tmp" -ldflags "-X '$module/version.dev=no'" .
mv "$out.tmp" "$out"
"$out" version | sed -n 1p # not head: closing the pipe early fails the script (pipefail)
