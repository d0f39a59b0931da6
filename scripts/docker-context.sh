#!/bin/sh
# Copies the Docker build context into DIR: a snapshot, so that both images
# of `make build` (and the canary build of `make verify`) compile the same
# sources even while files change, and the second build is a cache hit.
#
#   scripts/docker-context.sh DIR          the working tree: tracked files and
#                                          untracked ones .gitignore does not hide
#   scripts/docker-context.sh DIR head     the last commit (git archive HEAD)
#
# DIR is then passed to `docker build` as a directory, so .dockerignore applies
# (the legacy builder ignores .dockerignore for a tar piped on stdin).
set -eu

dir=${1:?usage: docker-context.sh DIR [head]}
cd "$(dirname "$0")/.."
mkdir -p "$dir"
if [ "${2:-}" = head ]; then
  git archive --format=tar HEAD | tar -x -C "$dir"
  exit 0
fi
# Files listed by git but deleted from the working tree are skipped.
# shellcheck disable=SC2016 # the loop is for the inner sh
git ls-files -z --cached --others --exclude-standard |
  xargs -0 sh -c 'for f; do [ -e "$f" ] || [ -L "$f" ] && printf "%s\0" "$f"; done' sh |
  tar --null -T - -cf - | tar -x -C "$dir"
