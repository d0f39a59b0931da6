# llmbox image: the static `llm` client on an empty (scratch) root.
#
# What this guards against: an attacker who controls the model's output or a
# prompt file gets, at most, a process with no shell, no interpreter, no package
# manager, no setuid file and a read-only root to work with. Everything the
# final image holds is listed in the `runtime` stage below.
#
# Built with the legacy builder (no BuildKit features). Targets:
#   runtime (also the default, last stage)  -> llmbox:latest
#   debug   runtime + Debian's static busybox, for `llm-interactive --shell` only
#   gate    llm-gate, the egress gateway, alone on its own scratch root,
#           as its own user llmgate (1001:1001)     -> llmbox-gate:latest
#
# Build arguments:
#   BUILDER_IMAGE     Debian bookworm base for the builder stage. Default: the
#                     digest-pinned official slim image; offline machines pass the
#                     image printed by scripts/make-base-image.sh.
#   SOURCE_DATE_EPOCH file times in the final stage (the Makefile passes the
#                     commit time), so two builds of one commit give the same layers.
#   VERSION REVISION SOURCE_URL CREATED   OCI labels.
ARG BUILDER_IMAGE=debian:bookworm-slim@sha256:3783cc01769c7b2b1b83a5c5ad96c815348e28ed7da68e2e3687004faa906251

# --- builder: compile the static binary and lay out the final root ----------
FROM ${BUILDER_IMAGE} AS builder
ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8 LC_ALL=C.UTF-8

# apt-get source (scripts/build-curl.sh) needs deb-src entries: derive them from
# the Debian entries the base already has, as scripts/install-deps.sh does on a
# host, so the builder uses whichever mirror its base was made from. Only the
# build dependencies are installed (keep in step with scripts/install-deps.sh).
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
      libncurses-dev libbsd-dev libmd-dev locales \
      >/dev/null; \
    rm -rf /var/lib/apt/lists/*

# The minimal libcurl depends only on its build script: its own layer keeps it
# cached across source changes.
COPY scripts/build-curl.sh /src/scripts/build-curl.sh
RUN apt-get update -qq && sh /src/scripts/build-curl.sh /deps/curl && rm -rf /var/lib/apt/lists/*

# The image build optimises for size (LLMBOX_MINSIZE: -Os, per-function
# sections with --gc-sections, LTO) on top of the packed relocations every
# static build gets: 9.3 MB for the client instead of 11.0 MB at -O2.
COPY . /src
RUN set -eu; \
    cmake -S /src -B /build -DCMAKE_BUILD_TYPE=MinSizeRel -DLLMBOX_MINSIZE=ON \
      -DLLMBOX_DEPS_DIR=/deps -DLLMBOX_TESTS=OFF -DBUILD_TESTING=OFF -DLLMBOX_FUZZ=OFF >/dev/null; \
    cmake --build /build --target llm llm-gate -j"$(nproc)"; \
    for b in llm llm-gate; do \
      strip --strip-all -o /build/$b.stripped /build/bin/$b; \
      if readelf -l /build/$b.stripped | grep -q INTERP; then \
        echo "Error: /build/bin/$b is not static" >&2; exit 1; \
      fi; \
    done
# `llm chat` in the image: libedit decodes UTF-8 only in a UTF-8 locale, and
# finds the terminal's capabilities in terminfo. The locale is C.UTF-8's
# character classes alone (no transliteration tables: 176 KB instead of 350 KB),
# the terminfo entries those of the terminals people run Docker from.
RUN set -eu; \
    mkdir -p /out/root/usr/lib/locale/C.utf8 /out/locale; \
    printf '%s\n' 'comment_char %' 'escape_char /' 'LC_CTYPE' 'copy "i18n_ctype"' 'END LC_CTYPE' \
      >/out/locale/ctype.src; \
    localedef -c -i /out/locale/ctype.src -f UTF-8 /out/locale/C.utf8 2>/dev/null || true; \
    install -m 0644 /out/locale/C.utf8/LC_CTYPE /out/root/usr/lib/locale/C.utf8/LC_CTYPE; \
    rm -rf /out/locale; \
    for t in a/ansi d/dumb l/linux r/rxvt-unicode r/rxvt-unicode-256color s/screen \
             s/screen-256color t/tmux t/tmux-256color v/vt100 v/vt220 x/xterm x/xterm-256color \
             x/xterm-color; do \
      install -D -m 0644 "/lib/terminfo/$t" "/out/root/lib/terminfo/$t"; \
    done
# The final root, staged here because a scratch stage cannot run commands.
#   /out/root  everything owned by root (binary, CA bundle, passwd, group, dirs)
#   /out/user  what uid 1000 owns: its home with the llm config dir, /workspace.
#              The config dir is mode 1777 like /tmp: Docker copies owner and
#              mode into a fresh named volume, and bin/llm runs the container as
#              the calling user's uid (1000 only for root), with one config
#              volume per uid, so whichever uid gets a volume can write to it.
#   /out/debug busybox and its applet links (debug target only)
#   /out/gate  the gate's whole root. /run/llm-gate is where the socket volume
#              is mounted: a fresh named volume takes this directory's owner
#              and mode (llmgate, 0750; group members, i.e. the client started
#              with --group-add 1001, may enter).
ARG SOURCE_DATE_EPOCH=0
RUN set -eu; \
    r=/out/root; u=/out/user; d=/out/debug; \
    mkdir -p $r/usr/local/bin $r/etc/ssl/certs $r/home $r/prompts $r/tmp \
             $u/home/llmuser/.config/llm $u/workspace $d/bin; \
    install -m 0755 /build/llm.stripped $r/usr/local/bin/llm; \
    install -m 0644 /etc/ssl/certs/ca-certificates.crt $r/etc/ssl/certs/ca-certificates.crt; \
    printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' \
      'llmuser:x:1000:1000:llmbox:/home/llmuser:/usr/sbin/nologin' \
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >$r/etc/passwd; \
    printf '%s\n' 'root:x:0:' 'llmuser:x:1000:' 'nogroup:x:65534:' >$r/etc/group; \
    chmod 0644 $r/etc/passwd $r/etc/group; \
    chmod 0755 $r/home $r/prompts; chmod 1777 $r/tmp; \
    chmod 0755 $u/home/llmuser $u/home/llmuser/.config; \
    chmod 1777 $u/home/llmuser/.config/llm; \
    chmod 0755 $u/workspace; \
    install -m 0755 /bin/busybox $d/bin/busybox; \
    for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -s busybox "$d/bin/$a"; done; \
    g=/out/gate; mkdir -p $g/usr/local/bin $g/etc/ssl/certs $g/etc/llm-gate $g/run/llm-gate $g/tmp; \
    install -m 0755 /build/llm-gate.stripped $g/usr/local/bin/llm-gate; \
    install -m 0644 /etc/ssl/certs/ca-certificates.crt $g/etc/ssl/certs/ca-certificates.crt; \
    printf '%s\n' 'root:x:0:0:root:/root:/usr/sbin/nologin' \
      'llmgate:x:1001:1001:llm-gate:/nonexistent:/usr/sbin/nologin' >$g/etc/passwd; \
    printf '%s\n' 'root:x:0:' 'llmgate:x:1001:' >$g/etc/group; \
    chmod 0644 $g/etc/passwd $g/etc/group; chmod 1777 $g/tmp; \
    chown 1001:1001 $g/run/llm-gate; chmod 0750 $g/run/llm-gate; \
    find /out -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +

# --- runtime: the shipped image ----------------------------------------------
FROM scratch AS runtime
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE_URL=unknown
ARG CREATED=1970-01-01T00:00:00Z
# uid 1000's files first: the second COPY then sets /home back to root, and
# leaves /home/llmuser (not in its source) owned by 1000.
COPY --from=builder --chown=1000:1000 /out/user/ /
COPY --from=builder /out/root/ /
ENV LLM_USER_PATH=/home/llmuser/.config/llm \
    LLM_DISABLE_CUSTOM_TOOLS=true \
    LLM_WORKSPACE=/workspace \
    LLM_PROMPTS_PATH=/prompts \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
LABEL org.opencontainers.image.title="llmbox" \
      org.opencontainers.image.description="Static llm-compatible client in a hardened scratch image" \
      org.opencontainers.image.source="${SOURCE_URL}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}"
USER 1000:1000
WORKDIR /workspace
HEALTHCHECK --interval=30s --timeout=5s --start-period=2s --retries=3 \
  CMD ["/usr/local/bin/llm", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/llm"]
CMD ["--help"]

# --- debug: a shell for looking around, never the default ---------------------
FROM runtime AS debug
COPY --from=builder /out/debug/ /
ENTRYPOINT ["/bin/sh"]
CMD []

# --- gate: llm-gate on its own empty root -------------------------------------
# It holds the provider keys, so it gets nothing else: no shell, no package
# manager, no client. compose.yaml mounts deploy/gate.json at /etc/llm-gate.
FROM scratch AS gate
COPY --from=builder /out/gate/ /
LABEL org.opencontainers.image.title="llm-gate" \
      org.opencontainers.image.description="llmbox egress gateway: provider keys, allowlist, audit log"
USER 1001:1001
HEALTHCHECK --interval=30s --timeout=5s --start-period=2s --retries=3 \
  CMD ["/usr/local/bin/llm-gate", "--healthcheck", "--config", "/etc/llm-gate/gate.json"]
ENTRYPOINT ["/usr/local/bin/llm-gate"]
CMD ["--config", "/etc/llm-gate/gate.json"]
# The default target is the shipped image.
FROM runtime
