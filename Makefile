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

.PHONY: run build test bench bench-table fuzz lint deps-run deps-test clean

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
	# B5 under the race detector: the vault's saves racing lock, passphrase change and re-key.
	$(GO) test -race -run 'Racing|RaceSafely' ./internal/vault/
	# The store and the screens under the race detector (cgo on, Fyne's headless driver).
	$(GO) test -race -tags ci -timeout 30m ./internal/store/ ./internal/ui/... ./internal/desktop/
	$(GO) mod tidy -diff
	$(GO) build -o /dev/null ./cmd/xinqing
	@echo "make test: all checks passed"

# Benchmarks on the synthetic big school. AGE_BIN is the stock age command,
# built from the pinned module, used as the floor for the ratios.
# LibreOffice is only the yardstick of the monthly-return benchmark.
BENCH_PKGS := libreoffice-writer-nogui
bench: deps-test
	$(call apt_install,$(BENCH_PKGS))
	$(GO) build -o bin/age filippo.io/age/cmd/age
	AGE_BIN=$(CURDIR)/bin/age CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -bench . -benchmem -timeout 60m ./... | tee bench.txt
	CGO_ENABLED=0 $(GO) run ./internal/memtest/benchtable < bench.txt | tee -a bench.txt

# Only the rows of the memory and responsiveness table, BENCH_COUNT times
# each (the spread shows the machine's noise), then the table.
BENCH_COUNT ?= 3
TABLE_BENCH := BigSchoolCLI|BigSchoolDesktop|SearchStudentsBigSchool|BackupBigSchool|^BenchmarkVault$$
bench-table:
	$(GO) build -o bin/age filippo.io/age/cmd/age
	AGE_BIN=$(CURDIR)/bin/age CGO_ENABLED=0 $(GO) test -tags ci -run '^$$' -bench '$(TABLE_BENCH)' -count $(BENCH_COUNT) -timeout 60m \
		./cmd/xinqingctl/ ./internal/desktop/ ./internal/app/ ./internal/backup/ ./internal/vault/ | tee bench-table.txt
	CGO_ENABLED=0 $(GO) run ./internal/memtest/benchtable < bench-table.txt

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
	rm -rf bin dist bench.txt bench-table.txt

# ---------------------------------------------------------------------------
# Packaging — make package-windows, make package-linux, make install.
# The version comes from FyneApp.toml only (a git tag at HEAD must agree).
# Everything is built in dist/ from a copy of the committed tree (HEAD, or
# PKG_FROM=<commit>, or PKG_FROM=worktree for uncommitted changes), so a
# package always matches a commit and nothing generated lands in cmd/.
# See docs/INSTALL.md and packaging/.
# Not part of make test: the Windows cross-build is slow.
# ---------------------------------------------------------------------------
BUILDNUM := $(shell sed -n 's/^ *Build *= *\([0-9]*\).*/\1/p' FyneApp.toml)
APP_ID := $(shell sed -n 's/^ *ID *= *"\(.*\)"/\1/p' FyneApp.toml)
WIN_PKGS := gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 nsis
# Stripped, no build ID, no VCS stamp, no file paths: the same source gives
# the same bytes.
PKG_GOFLAGS := -trimpath -buildvcs=false
PKG_LDFLAGS := -s -w -buildid= $(LDFLAGS)
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
PKGRES = $(CURDIR)/dist/.build/pkgres
WIN_BUILD := dist/.build/windows
WIN_SETUP := dist/xinqing-$(VERSION)-windows-amd64-setup.exe
LINUX_NAME := xinqing-$(VERSION)-linux-amd64
LINUX_BUILD := dist/.build/linux
LINUX_STAGE := $(LINUX_BUILD)/$(LINUX_NAME)
LINUX_TAR := dist/$(LINUX_NAME).tar.gz
PREFIX ?= /usr/local
DESTDIR ?=
PKG_FROM ?= HEAD

# copy_source exports PKG_FROM (or the working tree) into directory $(1).
define copy_source
	rm -rf $(1) && mkdir -p $(1)
	if [ "$(PKG_FROM)" = worktree ] || ! git rev-parse -q --verify HEAD >/dev/null 2>&1; then \
		tar -c --exclude=./.git --exclude=./bin --exclude=./dist . | tar -x -C $(1); \
	else git archive --format=tar $(PKG_FROM) | tar -x -C $(1); fi
endef

.PHONY: version version-check package-windows package-linux install uninstall deps-windows pkgres

# Prints the version stamped into both binaries, the About dialog and the PDFs.
version:
	@echo $(VERSION)

version-check:
	@test -n "$(VERSION)" || { echo "no Version in FyneApp.toml"; exit 1; }
	@tag=$$(git describe --tags --exact-match --match 'v*' 2>/dev/null || true); \
	if [ -n "$$tag" ] && [ "$$tag" != "v$(VERSION)" ]; then \
		echo "git tag $$tag does not match FyneApp.toml Version $(VERSION)"; exit 1; fi

deps-windows:
	$(call apt_install,$(WIN_PKGS))

pkgres:
	@mkdir -p dist/.build
	CGO_ENABLED=0 $(GO) build -o $(PKGRES) ./packaging/cmd/pkgres

# The Windows resources (.syso: icon, VERSIONINFO, manifest) go into a copy
# of the tree, because Go links a .syso only from the package directory.
package-windows: version-check deps-windows pkgres
	rm -rf $(WIN_BUILD) && mkdir -p $(WIN_BUILD)/res $(WIN_BUILD)/payload
	$(call copy_source,$(WIN_BUILD)/src)
	$(PKGRES) ico -icon $(WIN_BUILD)/src/assets/icon/xinqing.png -out $(WIN_BUILD)/res/xinqing.ico
	$(PKGRES) rc -icon xinqing.ico -file xinqing.exe -desc "心晴 学校心理辅导室工作平台" \
		-id $(APP_ID) -version $(VERSION) -build $(BUILDNUM) -out $(WIN_BUILD)/res
	$(PKGRES) rc -icon xinqing.ico -file xinqingctl.exe -desc "心晴 命令行工具" \
		-id $(APP_ID) -version $(VERSION) -build $(BUILDNUM) -out $(WIN_BUILD)/res
	cd $(WIN_BUILD)/res && for b in xinqing xinqingctl; do \
		x86_64-w64-mingw32-windres -O coff -i $$b.rc -o ../src/cmd/$$b/rsrc_windows_amd64.syso || exit 1; done
	cd $(WIN_BUILD)/src && CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
		$(GO) build $(PKG_GOFLAGS) -ldflags '$(PKG_LDFLAGS) -H=windowsgui' -o ../payload/xinqing.exe ./cmd/xinqing
	cd $(WIN_BUILD)/src && CGO_ENABLED=0 GOOS=windows GOARCH=amd64 \
		$(GO) build $(PKG_GOFLAGS) -ldflags '$(PKG_LDFLAGS)' -o ../payload/xinqingctl.exe ./cmd/xinqingctl
	cd $(WIN_BUILD)/src && GOOS=windows GOARCH=amd64 CGO_ENABLED=1 $(PKGRES) notices -out ../res/third-party.txt ./cmd/xinqing ./cmd/xinqingctl
	$(PKGRES) text -crlf -bom -out $(WIN_BUILD)/payload/license.txt $(wildcard $(WIN_BUILD)/src/LICENSE) $(WIN_BUILD)/res/third-party.txt
	$(PKGRES) text -crlf -bom -out $(WIN_BUILD)/payload/readme.txt $(WIN_BUILD)/src/packaging/windows/readme-zh.txt
	$(PKGRES) text -crlf -bom -out $(WIN_BUILD)/payload/install.txt $(WIN_BUILD)/src/docs/INSTALL.md
	touch -d @$(SOURCE_DATE_EPOCH) $(WIN_BUILD)/payload/*
	makensis -V2 -INPUTCHARSET UTF8 -DVERSION=$(VERSION) \
		-DVERSIONQUAD=$$($(PKGRES) quad -version $(VERSION) -build $(BUILDNUM)) \
		-DPAYLOAD=$(CURDIR)/$(WIN_BUILD)/payload -DICON=$(CURDIR)/$(WIN_BUILD)/res/xinqing.ico \
		-DOUTFILE=$(CURDIR)/$(WIN_SETUP) $(WIN_BUILD)/src/packaging/windows/xinqing.nsi
	@file $(WIN_BUILD)/payload/*.exe $(WIN_SETUP)
	@ls -l $(WIN_BUILD)/payload/*.exe $(WIN_SETUP)

# Builds the binaries and lays out the archive tree: bin/, share/ and the
# Makefile that installs it (packaging/linux/Makefile).
$(LINUX_STAGE): version-check deps-run pkgres
	rm -rf $(LINUX_BUILD) && mkdir -p $(LINUX_STAGE)/bin $(LINUX_STAGE)/share/applications \
		$(LINUX_STAGE)/share/metainfo $(LINUX_STAGE)/share/icons $(LINUX_STAGE)/share/doc/xinqing
	$(call copy_source,$(LINUX_BUILD)/src)
	cd $(LINUX_BUILD)/src && $(GO) build $(PKG_GOFLAGS) -ldflags '$(PKG_LDFLAGS)' -o ../$(LINUX_NAME)/bin/xinqing ./cmd/xinqing
	cd $(LINUX_BUILD)/src && CGO_ENABLED=0 $(GO) build $(PKG_GOFLAGS) -ldflags '$(PKG_LDFLAGS)' -o ../$(LINUX_NAME)/bin/xinqingctl ./cmd/xinqingctl
	cd $(LINUX_BUILD)/src && CGO_ENABLED=1 $(PKGRES) notices -out ../$(LINUX_NAME)/share/doc/xinqing/THIRD-PARTY-LICENSES.txt ./cmd/xinqing ./cmd/xinqingctl
	cd $(LINUX_BUILD)/src && cp packaging/linux/Makefile ../$(LINUX_NAME)/Makefile && \
		cp packaging/linux/$(APP_ID).desktop ../$(LINUX_NAME)/share/applications/ && \
		cp packaging/linux/$(APP_ID).metainfo.xml ../$(LINUX_NAME)/share/metainfo/ && \
		cp docs/INSTALL.md $$(ls LICENSE 2>/dev/null) ../$(LINUX_NAME)/share/doc/xinqing/ && \
		cp packaging/windows/readme-zh.txt ../$(LINUX_NAME)/share/doc/xinqing/README-zh.txt && \
		$(PKGRES) hicolor -icon assets/icon/xinqing.png -id $(APP_ID) -out ../$(LINUX_NAME)/share/icons

.PHONY: $(LINUX_STAGE)

package-linux: $(LINUX_STAGE)
	tar -C $(LINUX_BUILD) --sort=name --owner=0 --group=0 --numeric-owner --mtime=@$(SOURCE_DATE_EPOCH) \
		-c $(LINUX_NAME) | gzip -9n > $(LINUX_TAR)
	@ls -l $(LINUX_TAR)

# Installs from the staged archive tree (the same Makefile the archive
# carries), so `make install` and an unpacked archive install alike.
install: $(LINUX_STAGE)
	$(MAKE) -C $(LINUX_STAGE) install PREFIX=$(abspath $(PREFIX)) DESTDIR=$(if $(DESTDIR),$(abspath $(DESTDIR)))

uninstall:
	$(MAKE) -f packaging/linux/Makefile uninstall PREFIX=$(abspath $(PREFIX)) DESTDIR=$(if $(DESTDIR),$(abspath $(DESTDIR)))
