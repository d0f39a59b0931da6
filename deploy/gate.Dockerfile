# llm-gate image: the static egress gateway on an empty (scratch) root, run as
# its own non-root user (llmgate, 1001:1001). It holds the provider keys, so
# it gets nothing else: no shell, no package manager, a read-only root.
#
#   DOCKER_BUILDKIT=0 docker build -f deploy/gate.Dockerfile \
#     --build-arg BUILDER_IMAGE="$(make print-builder-base)" -t llmbox-gate:latest .
#
# The builder stage repeats the first layers of ../Dockerfile word for word so
# both images share them in the build cache. The configuration is not baked in:
# compose mounts deploy/gate.json at /etc/llm-gate/gate.json.
ARG BUILDER_IMAGE=debian:bookworm-slim@sha256:3783cc01769c7b2b1b83a5c5ad96c815348e28ed7da68e2e3687004faa906251

FROM ${BUILDER_IMAGE} AS builder
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 LC_ALL=C.UTF-8
RUN set -eu; \
    if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then \
      for f in /etc/apt/sources.list.d/*.sources; do \
        [ -f "$f" ] || continue; sed 's/^Types: deb$/Types: deb-src/' "$f"; echo; \
      done >/etc/apt/sources.list.d/llmbox-deb-src.sources; \
      if [ -f /etc/apt/sources.list ]; then \
        sed -n 's/^deb \(.*\)$/deb-src \1/p' /etc/apt/sources.list >/etc/apt/sources.list.d/llmbox-deb-src.list; \
      fi; \
    fi; \
    apt-get update -qq; \
    apt-get install -y -qq --no-install-recommends \
      build-essential cmake pkg-config dpkg-dev ca-certificates busybox-static \
      libssl-dev libnghttp2-dev zlib1g-dev libsqlite3-dev \
      nlohmann-json3-dev libcli11-dev libyaml-cpp-dev libseccomp-dev libboost-dev libedit-dev \
      >/dev/null; \
    rm -rf /var/lib/apt/lists/*
COPY scripts/build-curl.sh /src/scripts/build-curl.sh
RUN apt-get update -qq && sh /src/scripts/build-curl.sh /deps/curl && rm -rf /var/lib/apt/lists/*

COPY . /src
RUN set -eu; \
    cmake -S /src -B /build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLLMBOX_DEPS_DIR=/deps \
      -DLLMBOX_TESTS=OFF -DBUILD_TESTING=OFF -DLLMBOX_FUZZ=OFF >/dev/null; \
    cmake --build /build --target llm-gate -j"$(nproc)"; \
    strip --strip-all -o /build/llm-gate.stripped /build/bin/llm-gate; \
    if readelf -l /build/llm-gate.stripped | grep -q INTERP; then \
      echo "Error: /build/bin/llm-gate is not static" >&2; exit 1; \
    fi
# /run/llm-gate is where the socket volume is mounted: a fresh named volume
# takes this directory's owner and mode (llmgate, 0750; group members, i.e.
# the llm container started with --group-add 1001, may enter).
ARG SOURCE_DATE_EPOCH=0
RUN set -eu; \
    r=/out; mkdir -p $r/usr/local/bin $r/etc/ssl/certs $r/etc/llm-gate $r/run/llm-gate $r/tmp; \
    install -m 0755 /build/llm-gate.stripped $r/usr/local/bin/llm-gate; \
    install -m 0644 /etc/ssl/certs/ca-certificates.crt $r/etc/ssl/certs/ca-certificates.crt; \
    printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' \
      'llmgate:x:1001:1001:llm-gate:/nonexistent:/usr/sbin/nologin' >$r/etc/passwd; \
    printf '%s\n' 'root:x:0:' 'llmgate:x:1001:' >$r/etc/group; \
    chmod 0644 $r/etc/passwd $r/etc/group; chmod 1777 $r/tmp; \
    chown 1001:1001 $r/run/llm-gate; chmod 0750 $r/run/llm-gate; \
    find /out -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

FROM scratch AS runtime
COPY --from=builder /out/ /
LABEL org.opencontainers.image.title="llm-gate" \
      org.opencontainers.image.description="llmbox egress gateway: provider keys, allowlist, audit log"
USER 1001:1001
HEALTHCHECK --interval=30s --timeout=5s --start-period=2s --retries=3 \
  CMD ["/usr/local/bin/llm-gate", "--healthcheck", "--config", "/etc/llm-gate/gate.json"]
ENTRYPOINT ["/usr/local/bin/llm-gate"]
CMD ["--config", "/etc/llm-gate/gate.json"]
