# hardening.mk: ThreadSanitizer build and runs; included by the Makefile.

# --- ThreadSanitizer: same sources, their own objects -------------------------
# halt_on_error with its own exit status: any report fails the run it is in.
TSAN_OPTIONS_PV = halt_on_error=1:exitcode=66:second_deadlock_stack=1

build/tsan/%.o: src/%.c $(HDR)
	@mkdir -p $(@D)
	$(CC) $(PVCFLAGS) $(TSAN_FLAGS) -c -o $@ $<

build/tsan/poolviz: $(patsubst src/%.c,build/tsan/%.o,$(SRC))
	$(CC) $(TSAN_FLAGS) -o $@ $^ $(PVLIBS)

build/tsan/tests/%: tests/%.c tests/testutil.h $(patsubst src/%.c,build/tsan/%.o,$(LIB))
	@mkdir -p $(@D)
	$(CC) $(PVCFLAGS) $(TSAN_FLAGS) -Isrc -o $@ $< $(patsubst src/%.c,build/tsan/%.o,$(LIB)) \
	    $(CMOCKA) $(PVLIBS)

tsan-build: build/tsan/poolviz $(addprefix build/tsan/tests/,$(TESTS))

# The unit tests, then every CLI test on the TSan binary.
tsan: tsan-build
	@rc=0; for t in $(addprefix build/tsan/tests/,$(TESTS)); do \
	    TSAN_OPTIONS=$(TSAN_OPTIONS_PV) CMOCKA_MESSAGE_OUTPUT=TAP $$t || rc=1; \
	done; \
	TSAN_OPTIONS=$(TSAN_OPTIONS_PV) POOLVIZ=$(CURDIR)/build/tsan/poolviz \
	    POOLVIZ_SANITIZED=1 bats --tap tests/cli || rc=1; \
	exit $$rc

.PHONY: tsan tsan-build
