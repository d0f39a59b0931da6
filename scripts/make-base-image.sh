#!/bin/sh
# Builds the Debian bookworm base for the Dockerfile's builder stage when no
# image registry is reachable, and prints the image name on stdout.
#
# The default builder base is a digest-pinned debian:bookworm-slim. Machines
# without a registry build an equivalent locally: debootstrap (minbase) from
# the Debian mirror this host's apt already uses, then `docker import`. The
# mirror is read from the apt configuration at run time, never written down.
#
# Usage: scripts/make-base-image.sh [IMAGE]   (default llmbox-base:bookworm)
# Set REBUILD=1 to replace an existing image.
set -eu

image=${1:-llmbox-base:bookworm}
if [ "${REBUILD:-0}" != 1 ] && docker image inspect "$image" >/dev/null 2>&1; then
  echo "$image"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Error: make-base-image.sh: debootstrap needs root" >&2
  exit 1
fi
command -v debootstrap >/dev/null 2>&1 || {
  echo "Error: make-base-image.sh: debootstrap not found; run scripts/install-deps.sh" >&2
  exit 1
}

# First Debian archive URI configured on this host (deb822 files, then the
# one-line format), skipping the security archive.
mirror=$(
  {
    sed -n 's/^URIs:[[:space:]]*//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | tr ' ' '\n'
    sed -n 's/^deb[[:space:]]\{1,\}\(\[[^]]*\][[:space:]]*\)\{0,1\}\([^[:space:]]*\).*/\2/p' \
      /etc/apt/sources.list 2>/dev/null
  } | grep -v -- '-security' | grep '/debian/\{0,1\}$' | head -n 1
)
if [ -z "$mirror" ]; then
  echo "Error: make-base-image.sh: no Debian mirror found in the apt configuration" >&2
  exit 1
fi

root=$(mktemp -d "${TMPDIR:-/tmp}/llmbox-base.XXXXXX")
trap 'rm -rf "$root"' EXIT INT TERM
echo "make-base-image.sh: debootstrap bookworm (minbase) into $root" >&2
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || {
  tail -n 20 "$root.log" >&2
  rm -f "$root.log"
  exit 1
}
rm -f "$root.log"
# Same housekeeping as the official slim image: no apt lists or caches.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb
tar -C "$root" --numeric-owner -c . | docker import \
  --change 'CMD ["/bin/bash"]' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  - "$image" >/dev/null
echo "$image"
