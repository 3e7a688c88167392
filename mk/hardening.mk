# hardening.mk: ThreadSanitizer and libFuzzer targets; included by the Makefile.

# --- ThreadSanitizer: the tsan variant comes from the Makefile's template -----
# halt_on_error with its own exit status: any report fails the run it is in.
TSAN_OPTIONS_PV = halt_on_error=1:exitcode=66:second_deadlock_stack=1

# The unit tests, then every CLI test on the TSan binary.
tsan: tsan-build
	@rc=0; for t in $(addprefix build/tsan/tests/,$(TESTS)); do \
	    TSAN_OPTIONS=$(TSAN_OPTIONS_PV) CMOCKA_MESSAGE_OUTPUT=TAP $$t || rc=1; \
	done; \
	TSAN_OPTIONS=$(TSAN_OPTIONS_PV) POOLVIZ=$(CURDIR)/build/tsan/poolviz \
	    POOLVIZ_SANITIZED=1 bats --tap tests/cli || rc=1; \
	exit $$rc

# --- libFuzzer: options_parse on argv's made of the input's NUL-split bytes --
# Needs clang and its runtime (libclang-rt-N-dev on Debian: make deps-test).
# New inputs go to .fuzz-out/corpus (the seeds in tests/fuzz/corpus are only
# read), crashes to .fuzz-out/artifacts, the fuzzer's log to .fuzz-out/.
FUZZ_CC      = clang
FUZZ_SECONDS = 60
FUZZ_FLAGS   = -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all
FUZZ_OUT     = .fuzz-out

# The library is compiled once for both targets, instrumented for the
# fuzzer but without its main (-fsanitize=fuzzer-no-link).
FUZZ_OBJ = $(patsubst src/%.c,build/fuzz/obj/%.o,$(LIB))

build/fuzz/obj/%.o: src/%.c $(HDR) $(MKFILES) $(HTML_ASSETS)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(PVCFLAGS) $(subst -fsanitize=fuzzer,-fsanitize=fuzzer-no-link,$(FUZZ_FLAGS)) \
	    -c -o $@ $<

build/fuzz/fuzz_options: tests/fuzz/fuzz_options.c tests/fuzz/options_check.h $(FUZZ_OBJ) $(HDR) $(MKFILES)
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { \
	    echo "fuzz: $(FUZZ_CC) not found; libFuzzer comes with clang:" \
	        "run 'make deps-test' or set FUZZ_CC" >&2; exit 1; }
	@mkdir -p $(@D)
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n);\n%s\n' \
	    'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return d == 0 && n; }' | \
	    $(FUZZ_CC) -fsanitize=fuzzer -x c -o $(@D)/libfuzzer-probe - >/dev/null 2>&1 || { \
	    v=$$($(FUZZ_CC) --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1); \
	    echo "fuzz: $(FUZZ_CC) cannot link -fsanitize=fuzzer: libFuzzer is missing;" \
	        "install libclang-rt-$${v:-N}-dev (make deps-test does)" >&2; exit 1; }
	@rm -f $(@D)/libfuzzer-probe
	$(FUZZ_CC) $(PVCFLAGS) $(FUZZ_FLAGS) -Isrc -o $@ tests/fuzz/fuzz_options.c \
	    $(FUZZ_OBJ) $(PVLIBS)

# The fuzzer's regression tests share its checks: rebuild them when those change.
$(addsuffix /tests/test_options_fuzz,build/release build/asan build/tsan): \
    tests/fuzz/options_check.h

# The baseline reader (src/report/baseline.c), fed whole files; it and the
# option parser read the scenario and output tables, so both link the library.
build/fuzz/fuzz_baseline: tests/fuzz/fuzz_baseline.c $(FUZZ_OBJ) $(HDR) build/fuzz/fuzz_options
	$(FUZZ_CC) $(PVCFLAGS) $(FUZZ_FLAGS) -Isrc -o $@ tests/fuzz/fuzz_baseline.c \
	    $(FUZZ_OBJ) $(PVLIBS)

# $(call fuzz-run,NAME,SECONDS,N): fuzz target NAME for that long; TAP line N.
define fuzz-run
	@mkdir -p $(FUZZ_OUT)/corpus/$(1) $(FUZZ_OUT)/artifacts
	@if build/fuzz/fuzz_$(1) -max_total_time=$(2) -timeout=5 -rss_limit_mb=2048 \
	    $$(test -f tests/fuzz/$(1).dict && echo -dict=tests/fuzz/$(1).dict) \
	    -print_final_stats=1 -artifact_prefix=$(FUZZ_OUT)/artifacts/$(1)- \
	    $(FUZZ_OUT)/corpus/$(1) tests/fuzz/corpus/$(1) \
	    >$(FUZZ_OUT)/$(1).log 2>&1; then \
		n=$$(sed -n 's/^stat::number_of_executed_units: *//p' $(FUZZ_OUT)/$(1).log); \
		echo "ok $(3) - fuzz_$(1): $$n inputs in $(2) s, nothing found"; \
	else \
		tail -n 40 $(FUZZ_OUT)/$(1).log; \
		echo "not ok $(3) - fuzz_$(1): see $(FUZZ_OUT)/$(1).log and $(FUZZ_OUT)/artifacts/"; \
		exit 1; \
	fi
endef

# Only the targets: tests/run.sh builds them beside the unit tests.
fuzz-build: build/fuzz/fuzz_options build/fuzz/fuzz_baseline

fuzz: build/fuzz/fuzz_options build/fuzz/fuzz_baseline
	@echo 1..2
	$(call fuzz-run,options,$(FUZZ_SECONDS),1)
	$(call fuzz-run,baseline,$(FUZZ_SECONDS),2)

fuzz-short: build/fuzz/fuzz_options build/fuzz/fuzz_baseline
	@echo 1..2
	$(call fuzz-run,options,12,1)
	$(call fuzz-run,baseline,6,2)

.PHONY: tsan fuzz fuzz-build fuzz-short
