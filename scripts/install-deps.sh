#!/bin/sh
# Installs everything the build, the tests and the container stack need on a
# fresh Debian bookworm machine (run as root). Safe to run again.
set -eu

if [ "$(id -u)" -ne 0 ]; then
  echo "Error: scripts/install-deps.sh must run as root (it calls apt-get)" >&2
  exit 1
fi

# apt-get source curl needs deb-src entries. Derive them from the Debian
# entries already configured, so the mirror is whatever this machine uses.
src_list=/etc/apt/sources.list.d/llmbox-deb-src.sources
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    grep -q 'debian-archive-keyring' "$f" || continue
    sed 's/^Types: deb$/Types: deb-src/' "$f"
    echo
  done >"$src_list.tmp"
  mv "$src_list.tmp" "$src_list"
  if [ -f /etc/apt/sources.list ]; then
    sed -n 's/^deb \(.*debian.*\)$/deb-src \1/p' /etc/apt/sources.list \
      >/etc/apt/sources.list.d/llmbox-deb-src.list
  fi
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || true
apt-get install -y -qq --no-install-recommends \
  build-essential cmake pkg-config clang libclang-rt-14-dev dpkg-dev file \
  libssl-dev libnghttp2-dev zlib1g-dev libsqlite3-dev sqlite3 \
  nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libseccomp-dev libboost-dev libedit-dev \
  libncurses-dev libbsd-dev libmd-dev \
  googletest libgtest-dev libgmock-dev libbenchmark-dev \
  python3 python3-yaml ca-certificates openssl curl procps time \
  docker.io docker-compose debootstrap busybox-static shellcheck hyperfine tmux >/dev/null
