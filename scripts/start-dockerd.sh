#!/bin/sh
# Starts the Docker engine in the background when none answers (CI machines
# boot without one). Logs go to /var/log/llmbox-dockerd.log.
set -eu
if docker info >/dev/null 2>&1; then
  exit 0
fi
if ! command -v dockerd >/dev/null 2>&1; then
  echo "Error: dockerd not found; run scripts/install-deps.sh as root" >&2
  exit 1
fi
nohup dockerd >/var/log/llmbox-dockerd.log 2>&1 &
i=0
while ! docker info >/dev/null 2>&1; do
  i=$((i + 1))
  if [ "$i" -gt 60 ]; then
    echo "Error: dockerd did not start within 60 s; see /var/log/llmbox-dockerd.log" >&2
    exit 1
  fi
  sleep 1
done
