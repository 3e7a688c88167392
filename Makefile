# poolviz: a plain Makefile. `make` builds ./poolviz; `make check` is the quick
# loop (release build, unit and CLI tests); `make test` runs everything.
.SUFFIXES:

VERSION   = 0.1.0
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
DESTDIR   =

CC      = cc
PKGS    = libuv libcrypto jansson zlib
# Errors, not warnings, under CI (CI=true).
WERROR  = $(if $(filter true,$(CI)),-Werror,)
WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wswitch-enum $(WERROR)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA     := $(shell pkg-config --cflags --libs cmocka 2>/dev/null)
PVCFLAGS = -std=c11 -D_GNU_SOURCE -DPOOLVIZ_VERSION='"$(VERSION)"' -Isrc -Ibuild/gen \
           $(WARN) $(PKG_CFLAGS)
PVLIBS  = $(PKG_LIBS) -lpthread -lm
CFLAGS  = -O2 -g
LDFLAGS =

ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all \
             -static-libubsan
TSAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=thread
# A unit test's own file, compiled unoptimized: the code under test is the
# variant's objects, built with its flags above. The 120 test binaries took
# 60 CPU-seconds of make test's builds (0.5 s each), 46 at -O0.
TEST_CFLAGS = -O0

# The folders under src/ are the parts (see README, "How it is built").
SRC   = $(wildcard src/*.c src/*/*.c)
LIB   = $(filter-out src/main.c,$(SRC))
HDR   = $(wildcard src/*.h src/*/*.h)
TESTHDR = $(HDR) $(wildcard tests/unit/*.h tests/fuzz/*.h)
TESTS = $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

all: poolviz

# Without the libraries, say how to get them instead of failing obscurely.
ifeq ($(PKG_LIBS),)
ifeq ($(filter deps deps-test run test clean uninstall,$(MAKECMDGOALS)),)
$(error libuv, libcrypto, jansson or zlib not found by pkg-config: run 'make deps' (or 'make run'))
endif
endif

# --- one template for every build variant ------------------------------------
# $(call variant,NAME,FLAGS) builds build/NAME/poolviz and build/NAME/tests/*.
# Each variant's flags are kept in build/NAME/flags, rewritten only when they
# change, and every object depends on it: `make VERSION=x.y.z` or new CFLAGS
# rebuild what they affect, and so does an edit of the Makefile or mk/*.mk.
MKFILES = Makefile $(wildcard mk/*.mk)

define variant
build/$(1)/flags: FORCE
	@mkdir -p $$(@D)
	@echo '$$(CC) $$(PVCFLAGS) $(2) $$(PVLIBS)' | cmp -s - $$@ || \
	    echo '$$(CC) $$(PVCFLAGS) $(2) $$(PVLIBS)' >$$@

build/$(1)/%.o: src/%.c $$(HDR) $$(MKFILES) build/$(1)/flags
	@mkdir -p $$(@D)
	$$(CC) $$(PVCFLAGS) $(2) -c -o $$@ $$<

build/$(1)/poolviz: $$(patsubst src/%.c,build/$(1)/%.o,$$(SRC))
	$$(CC) $(2) $$(LDFLAGS) -o $$@ $$^ $$(PVLIBS)

build/$(1)/tests/%: tests/unit/%.c $$(TESTHDR) build/$(1)/flags \
    $$(patsubst src/%.c,build/$(1)/%.o,$$(LIB))
	@mkdir -p $$(@D)
	$$(CC) $$(PVCFLAGS) $(2) $$(TEST_CFLAGS) -o $$@ $$< \
	    $$(patsubst src/%.c,build/$(1)/%.o,$$(LIB)) $$(CMOCKA) $$(PVLIBS)
endef

$(eval $(call variant,release,$(CFLAGS)))
$(eval $(call variant,asan,$(ASAN_FLAGS)))
$(eval $(call variant,tsan,$(TSAN_FLAGS)))

# The replay page's template, style and script, embedded at build time as
# byte arrays in a generated header that only render_html.c includes (the
# fuzz targets in mk/hardening.mk, which compile $(LIB), need it too).
HTML_FILES  = src/render/html/page.html src/render/html/replay.css \
              src/render/html/replay.js
HTML_ASSETS = build/gen/html_assets.h

$(HTML_ASSETS): $(HTML_FILES) scripts/embed.sh
	@mkdir -p $(@D)
	sh scripts/embed.sh $@ html_page=src/render/html/page.html \
	    html_css=src/render/html/replay.css html_js=src/render/html/replay.js

$(addsuffix /render/render_html.o,build/release build/asan build/tsan): \
    $(HTML_ASSETS)

poolviz: build/release/poolviz
	cp -f $< $@

unit-tests: $(addprefix build/release/tests/,$(TESTS)) build/serial.so

# The serial test double (tests/serial/serial.c): preloaded, one lock
# around the work, so that the checks can be shown to fail a serial pool.
build/serial.so: tests/serial/serial.c $(MKFILES)
	@mkdir -p $(@D)
	$(CC) -std=c11 $(WARN) -O2 -shared -fPIC -o $@ $< -ldl -lpthread
asan: build/asan/poolviz $(addprefix build/asan/tests/,$(TESTS))
tsan-build: build/tsan/poolviz $(addprefix build/tsan/tests/,$(TESTS))

# --- set-up, running, testing -----------------------------------------------
# Builds run on every CPU there is.
NPROC := $(shell nproc 2>/dev/null || echo 2)

deps:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh test

run: deps
	@$(MAKE) -s poolviz
	./poolviz --calls 4 --pool 4

# The full suite, as CI runs it: set-up, every build, sanitizers, valgrind,
# fuzzing. The bats lint is lint.bats's last test.
test: deps-test
	@$(MAKE) -s -j$(NPROC) poolviz unit-tests asan
	@sh tests/run.sh

# The edit-test loop: the release build's unit and CLI tests, nothing else.
check: poolviz unit-tests
	@sh scripts/lint-bats.sh
	@sh tests/run.sh quick

# Rewrite the golden files from the renderers, for review with `git diff tests/golden`.
golden: unit-tests
	@for t in $(addprefix build/release/tests/,$(TESTS)); do \
	    POOLVIZ_UPDATE_GOLDEN=1 $$t >/dev/null 2>&1 || true; done
	@git status --short tests/golden

# --- installing --------------------------------------------------------------
install: poolviz
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	cp -f poolviz $(DESTDIR)$(BINDIR)/poolviz
	chmod 755 $(DESTDIR)$(BINDIR)/poolviz
	cp -f poolviz.1 $(DESTDIR)$(MANPREFIX)/man1/poolviz.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/poolviz.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/poolviz $(DESTDIR)$(MANPREFIX)/man1/poolviz.1

clean:
	rm -rf build poolviz

FORCE:

.PHONY: all unit-tests asan tsan-build deps deps-test run test check golden \
    install uninstall clean FORCE

# Further targets (fuzzing, thread sanitizer runs) live in their own fragments.
-include mk/*.mk
