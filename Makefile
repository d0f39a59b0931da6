# llmbox: the commands a person types. `make test` is what CI runs.
SHELL := /bin/sh
JOBS ?= $(shell nproc)
BUILD ?= build

.PHONY: all deps native test test-unit san-build test-asan fuzz clean

all: native

deps:
	@if [ "$$(id -u)" -eq 0 ]; then scripts/install-deps.sh; else echo "skipping install-deps (not root)"; fi

native:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLLMBOX_MINSIZE=OFF -DLLMBOX_TESTS=ON >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

# Everything: static build + all CTest tests, the ASan/UBSan build + its tests,
# short bounded fuzz runs, then the image and the container self-test against
# the real Docker engine (started by scripts/start-dockerd.sh when needed).
test: deps native
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) test-asan fuzz
	@if [ "$$(id -u)" -eq 0 ]; then scripts/start-dockerd.sh; fi
	$(MAKE) container-lint verify

# One clang build with ASan+UBSan (and libFuzzer's coverage) serves both the
# sanitised test run and the fuzz targets: everything is compiled once, not twice.
SAN_BUILD ?= build-san
san-build:
	CC=clang CXX=clang++ cmake -S . -B $(SAN_BUILD) -DLLMBOX_FUZZ=ON -DLLMBOX_TESTS=ON \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(SAN_BUILD) -j$(JOBS)

test-asan: san-build
	cd $(SAN_BUILD) && ctest --output-on-failure -j$(JOBS) -LE container

# libFuzzer targets, each run for FUZZ_SECONDS: a bounded smoke run in CI.
FUZZ_SECONDS ?= 15
fuzz: san-build
	@set -e; for f in $(SAN_BUILD)/bin/*_fuzz; do \
	  name=$$(basename $$f); mkdir -p $(SAN_BUILD)/corpus/$$name; \
	  seeds=; [ -d fuzz/corpus/$$name ] && seeds=fuzz/corpus/$$name; \
	  echo "fuzz: $$name for $(FUZZ_SECONDS) s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 -print_final_stats=0 \
	    $(SAN_BUILD)/corpus/$$name $$seeds 2>$(SAN_BUILD)/$$name.log \
	    || { tail -40 $(SAN_BUILD)/$$name.log; exit 1; }; \
	done

clean:
	rm -rf build build-san

# --- container stack (Dockerfile, compose.yaml, bin/llm) ----------------------
# `make build` builds llmbox:latest and llmbox:debug with the legacy builder.
# The builder stage's base is the digest-pinned image named in the Dockerfile
# when it is present locally, else BUILDER_IMAGE, else a local debootstrap
# image (scripts/make-base-image.sh; no registry is needed).
IMAGE ?= llmbox:latest
DEBUG_IMAGE ?= llmbox:debug
GATE_IMAGE ?= llmbox-gate:latest
PREFIX ?= /usr/local
PINNED_BASE := $(shell sed -n 's/^ARG BUILDER_IMAGE=//p' Dockerfile)
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
IMAGE_REVISION ?= $(shell git describe --always --dirty --abbrev=40 2>/dev/null || echo unknown)
IMAGE_VERSION ?= $(shell sed -n 's/^project.llmbox VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
IMAGE_SOURCE ?= $(shell git remote get-url origin 2>/dev/null || echo unknown)
DOCKER_BUILD = DOCKER_BUILDKIT=0 docker build --force-rm --build-arg BUILDER_IMAGE="$$base" \
  --build-arg SOURCE_DATE_EPOCH=$(SOURCE_DATE_EPOCH) \
  --build-arg VERSION=$(IMAGE_VERSION) --build-arg REVISION=$(IMAGE_REVISION) \
  --build-arg SOURCE_URL=$(IMAGE_SOURCE) \
  --build-arg CREATED=$$(date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%dT%H:%M:%SZ)
# Prints the builder base to use.
BUILDER_BASE = if [ -n "$(BUILDER_IMAGE)" ]; then echo "$(BUILDER_IMAGE)"; \
  elif docker image inspect "$(PINNED_BASE)" >/dev/null 2>&1; then echo "$(PINNED_BASE)"; \
  else scripts/make-base-image.sh; fi

.PHONY: build image verify print-builder-base container-lint install uninstall image-size check-reproducible bench-container

build: image

# The build context is a snapshot of the working tree (scripts/docker-context.sh),
# kept in build-docker/context for `make verify`'s canary build; CONTEXT=head
# builds the last commit instead.
CONTEXT ?= .
CONTEXT_DIR := build-docker/context

image:
	@base=$$($(BUILDER_BASE)) && echo "builder base: $$base" && \
	rm -rf $(CONTEXT_DIR) && scripts/docker-context.sh $(CONTEXT_DIR) $(filter head,$(CONTEXT)) && \
	$(DOCKER_BUILD) --target runtime -t $(IMAGE) $(CONTEXT_DIR) && \
	$(DOCKER_BUILD) --target debug -t $(DEBUG_IMAGE) $(CONTEXT_DIR) && \
	$(DOCKER_BUILD) --target gate -t $(GATE_IMAGE) $(CONTEXT_DIR)
	@$(MAKE) --no-print-directory image-size

image-size:
	@for i in $(IMAGE) $(GATE_IMAGE); do docker image inspect -f '{{.Size}}' $$i | \
	  awk -v i=$$i '{printf "%s: %d bytes (%.2f MB)\n", i, $$1, $$1/1e6}'; done

# The security self-test against the real engine; builds the images first.
# verify.sh: the client container and the stack as bin/llm and compose.yaml
# start them; stack_test.sh: the gate between them (keys, egress, hostile input).
verify: image
	@base=$$($(BUILDER_BASE)) && BUILDER_IMAGE="$$base" sh tests/container/verify.sh
	sh tests/gate/stack_test.sh

print-builder-base:
	@$(BUILDER_BASE)

# Static checks of the container files: shellcheck, and the compose file as
# Compose v1 (and v2, when installed) reads it.
container-lint:
	shellcheck -x bin/llm bin/llm-interactive deploy/wrapper.sh scripts/make-base-image.sh scripts/docker-context.sh \
	  tests/container/*.sh tests/gate/*.sh bench/container_bench.sh
	LLMBOX_ENV_FILE=deploy/empty.env docker-compose -f compose.yaml config -q
	LLMBOX_ENV_FILE=deploy/empty.env docker-compose -f compose.yaml -f deploy/compose.secrets.yaml config -q
	@if docker compose version >/dev/null 2>&1; then \
	  LLMBOX_ENV_FILE=deploy/empty.env docker compose -f compose.yaml config -q; fi

# Two builds of HEAD from a clean `git archive`, no cache: same layer digests.
check-reproducible:
	@base=$$($(BUILDER_BASE)) && sh tests/container/check-reproducible.sh "$$base"

bench-container: image
	sh bench/container_bench.sh

# Puts the wrappers on PATH; they keep using this checkout's compose.yaml and .env.
install:
	install -d "$(DESTDIR)$(PREFIX)/bin"
	for f in llm llm-interactive; do \
	  sed 's|^LLMBOX_HOME_DEFAULT=.*|LLMBOX_HOME_DEFAULT="$(CURDIR)"|' bin/$$f >"$(DESTDIR)$(PREFIX)/bin/$$f.tmp" && \
	  chmod 0755 "$(DESTDIR)$(PREFIX)/bin/$$f.tmp" && mv "$(DESTDIR)$(PREFIX)/bin/$$f.tmp" "$(DESTDIR)$(PREFIX)/bin/$$f"; \
	done

uninstall:
	rm -f "$(DESTDIR)$(PREFIX)/bin/llm" "$(DESTDIR)$(PREFIX)/bin/llm-interactive"
