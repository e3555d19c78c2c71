# 心晴 — make run opens the app, make test runs every test. Both install what
# they need on Debian/Ubuntu first (as root, or with sudo).
SHELL := /bin/bash
export LANG := C.UTF-8
GO ?= go
VERSION := $(shell sed -n 's/^ *Version *= *"\(.*\)"/\1/p' FyneApp.toml)
LDFLAGS := -X xinqing/internal/version.Version=$(VERSION)

RUN_PKGS := gcc libc6-dev pkg-config libgl1-mesa-dev libx11-dev libxcursor-dev \
	libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev
TEST_PKGS := $(RUN_PKGS) xvfb xauth poppler-utils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Installs only the Debian packages that are missing; a no-op elsewhere.
define apt_install
	@if command -v apt-get >/dev/null 2>&1; then \
		missing=""; for p in $(1); do \
			dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || missing="$$missing $$p"; \
		done; \
		if [ -n "$$missing" ]; then \
			echo "installing:$$missing"; \
			$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
		fi; \
	fi
endef

.PHONY: run build test bench fuzz lint deps-run deps-test clean

deps-run:
	$(call apt_install,$(RUN_PKGS))

deps-test:
	$(call apt_install,$(TEST_PKGS))

build: deps-run
	$(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/xinqing ./cmd/xinqing
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/xinqingctl ./cmd/xinqingctl

run: build
	./bin/xinqing

test: deps-test
	CGO_ENABLED=0 $(GO) test -tags ci -timeout 30m ./...
	CGO_ENABLED=0 $(GO) vet -tags ci ./...
	$(GO) mod tidy -diff
	$(GO) build -o /dev/null ./cmd/xinqing
	@echo "make test: all checks passed"

# Benchmarks on the synthetic big school. AGE_BIN is the stock age command,
# built from the pinned module, used as the floor for the ratios.
bench: deps-test
	$(GO) build -o bin/age filippo.io/age/cmd/age
	AGE_BIN=$(CURDIR)/bin/age CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -bench . -benchmem -timeout 60m ./... | tee bench.txt

# Every fuzz target for FUZZTIME (60s) each; the committed seeds run in make test.
FUZZTIME ?= 60s
fuzz:
	@set -e; for pkg in $$(CGO_ENABLED=0 $(GO) list -tags ci ./...); do \
		for f in $$(CGO_ENABLED=0 $(GO) test -tags ci -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "== $$pkg $$f"; \
			CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg; \
		done; \
	done

lint:
	@test -z "$$(gofmt -l cmd internal assets)" || { gofmt -l cmd internal assets; exit 1; }
	CGO_ENABLED=0 $(GO) vet -tags ci ./...
	$(GO) mod tidy -diff

clean:
	rm -rf bin dist bench.txt
