# poolviz: a plain Makefile. `make` builds ./poolviz; `make test` runs everything.
.SUFFIXES:

VERSION   = 0.1.0
PREFIX    = /usr/local
BINDIR    = $(PREFIX)/bin
MANPREFIX = $(PREFIX)/share/man
DESTDIR   =

CC      = cc
PKGS    = libuv libcrypto jansson
# Errors, not warnings, under CI (CI=true).
WERROR  = $(if $(filter true,$(CI)),-Werror,)
WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes $(WERROR)
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA     := $(shell pkg-config --cflags --libs cmocka 2>/dev/null)
PVCFLAGS = -std=c11 -D_GNU_SOURCE -DPOOLVIZ_VERSION='"$(VERSION)"' $(WARN) $(PKG_CFLAGS)
PVLIBS  = $(PKG_LIBS) -lpthread -lm
CFLAGS  = -O2 -g
LDFLAGS =

ASAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
TSAN_FLAGS = -O1 -g -fno-omit-frame-pointer -fsanitize=thread

SRC   = $(wildcard src/*.c)
LIB   = $(filter-out src/main.c,$(SRC))
HDR   = $(wildcard src/*.h)
TESTHDR = $(HDR) $(wildcard tests/*.h)
TESTS = $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))

all: poolviz

# Without the libraries, say how to get them instead of failing obscurely.
ifeq ($(PKG_LIBS),)
ifeq ($(filter deps deps-test run test clean uninstall,$(MAKECMDGOALS)),)
$(error libuv, libcrypto or jansson not found by pkg-config: run 'make deps' (or 'make run'))
endif
endif

# --- release build -----------------------------------------------------------
build/release/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(PVCFLAGS) $(CFLAGS) -c -o $@ $<

poolviz: $(patsubst src/%.c,build/release/%.o,$(SRC))
	$(CC) $(LDFLAGS) -o $@ $^ $(PVLIBS)

build/release/tests/%: tests/%.c $(TESTHDR) $(patsubst src/%.c,build/release/%.o,$(LIB))
	@mkdir -p $(@D)
	$(CC) $(PVCFLAGS) $(CFLAGS) -Isrc -o $@ $< $(patsubst src/%.c,build/release/%.o,$(LIB)) \
	    $(CMOCKA) $(PVLIBS)

# --- sanitizer builds: same sources, their own objects ------------------------
build/asan/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(PVCFLAGS) $(ASAN_FLAGS) -c -o $@ $<

build/asan/poolviz: $(patsubst src/%.c,build/asan/%.o,$(SRC))
	$(CC) $(ASAN_FLAGS) -o $@ $^ $(PVLIBS)

build/asan/tests/%: tests/%.c $(TESTHDR) $(patsubst src/%.c,build/asan/%.o,$(LIB))
	@mkdir -p $(@D)
	$(CC) $(PVCFLAGS) $(ASAN_FLAGS) -Isrc -o $@ $< $(patsubst src/%.c,build/asan/%.o,$(LIB)) \
	    $(CMOCKA) $(PVLIBS)

unit-tests: $(addprefix build/release/tests/,$(TESTS))
asan: build/asan/poolviz $(addprefix build/asan/tests/,$(TESTS))

# --- set-up, running, testing -----------------------------------------------
deps:
	@sh scripts/deps.sh build

deps-test:
	@sh scripts/deps.sh test

run: deps
	@$(MAKE) -s poolviz
	./poolviz --calls 4 --pool 4

test: deps-test
	@$(MAKE) -s poolviz unit-tests asan
	@sh tests/run.sh

# --- installing --------------------------------------------------------------
install: poolviz

# Without the libraries, say how to get them instead of failing obscurely.
ifeq ($(PKG_LIBS),)
ifeq ($(filter deps deps-test run test clean uninstall,$(MAKECMDGOALS)),)
$(error libuv, libcrypto or jansson not found by pkg-config: run 'make deps' (or 'make run'))
endif
endif
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANPREFIX)/man1
	cp -f poolviz $(DESTDIR)$(BINDIR)/poolviz
	chmod 755 $(DESTDIR)$(BINDIR)/poolviz
	cp -f poolviz.1 $(DESTDIR)$(MANPREFIX)/man1/poolviz.1
	chmod 644 $(DESTDIR)$(MANPREFIX)/man1/poolviz.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/poolviz $(DESTDIR)$(MANPREFIX)/man1/poolviz.1

clean:
	rm -rf build poolviz

.PHONY: all unit-tests asan deps deps-test run test install uninstall clean

# Further targets (fuzzing, thread sanitizer) live in their own fragments.
-include mk/*.mk
