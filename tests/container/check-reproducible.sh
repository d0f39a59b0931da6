#!/bin/sh
# Two builds of the same commit must give the same final-stage layers.
#
#   tests/container/check-reproducible.sh BUILDER_IMAGE     (make check-reproducible)
#
# Builds HEAD (git archive, so local edits do not count) twice with --no-cache,
# the compiler included, with SOURCE_DATE_EPOCH set to the commit time, and
# compares the layer digests (`docker inspect -f '{{.RootFS.Layers}}'`).
# Takes two full builds: about 3 minutes each on 2 cores.
set -eu

ROOT=$(CDPATH='' cd -- "$(dirname -- "$0")/../.." && pwd -P)
base=${1:?usage: check-reproducible.sh BUILDER_IMAGE}
tag=llmbox-repro-$$
ctx=$(mktemp "${TMPDIR:-/tmp}/llmbox-repro.XXXXXX")
trap 'rm -f "$ctx"; docker image rm -f "$tag:a" "$tag:b" >/dev/null 2>&1 || true' EXIT
git -C "$ROOT" archive --format=tar HEAD >"$ctx"
epoch=$(git -C "$ROOT" log -1 --format=%ct)
for build in a b; do
  DOCKER_BUILDKIT=0 docker build -q --no-cache --force-rm --target runtime \
    --build-arg BUILDER_IMAGE="$base" --build-arg SOURCE_DATE_EPOCH="$epoch" \
    -t "$tag:$build" - <"$ctx" >/dev/null
done
a=$(docker image inspect -f '{{.RootFS.Layers}}' "$tag:a")
b=$(docker image inspect -f '{{.RootFS.Layers}}' "$tag:b")
if [ "$a" = "$b" ]; then
  echo "PASS reproducible layers: two --no-cache builds of $(git -C "$ROOT" rev-parse --short HEAD): $a"
else
  echo "FAIL reproducible layers: first $a, second $b"
  exit 1
fi
