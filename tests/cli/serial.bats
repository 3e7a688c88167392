#!/usr/bin/env bats
# serial.bats: a pool that runs one unit at a time fails --check, on any
# machine; a healthy pool on one CPU does not (tests/serial/serial.c).

load helper

setup() {
	SERIAL=$BATS_TEST_DIRNAME/../../build/serial.so
	if [ ! -f "$SERIAL" ]; then
		make -s -C "$BATS_TEST_DIRNAME/../.." build/serial.so >&2
	fi
	[ -f "$SERIAL" ]
}

# The double is preloaded, which a sanitized build refuses (its runtime must
# come first), and a sanitizer's slowdown is not the pool's: the verdicts
# are the release build's to show.
release_only() {
	[ -z "${POOLVIZ_SANITIZED:-}" ] ||
		skip "a preloaded double and timed verdicts: release build only"
}

# The double takes one lock around EVP_KDF_derive, which poolviz calls.
@test "serial: poolviz hashes through EVP_KDF_derive, which the double wraps" {
	run nm -D "$POOLVIZ"
	[[ "$output" == *"EVP_KDF_derive"* ]]
	run nm -D "$SERIAL"
	[[ "$output" == *"T EVP_KDF_derive"* ]]
}

@test "serial: a serial pool FAILs --check on this machine, by its demand" {
	release_only
	run_split env LD_PRELOAD="$SERIAL" "$POOLVIZ" --calls 8 --pool 4 \
	    --repeat 2 --iterations "$(iters 20000)" --check --format json
	[ "$status" -eq 1 ]
	printf '%s\n' "$output" | jq -e '.verdict == "fail"
		and (.checks[] | select(.name == "runnable_workers")
		| .verdict == "fail" and .measured < 0.5 * .bound)' >/dev/null
}

@test "serial: a serial pool FAILs --check under taskset -c 0" {
	release_only
	command -v taskset >/dev/null || skip "no taskset"
	run env LD_PRELOAD="$SERIAL" taskset -c 0 "$POOLVIZ" --calls 8 --pool 4 \
	    --repeat 2 --iterations "$(iters 20000)" --check
	[ "$status" -eq 1 ]
	[[ "$output" == *"check runnable_workers: FAIL"* ]]
	[[ "$output" == *"poolviz: FAIL: runnable_workers"* ]]
}

@test "serial: a healthy pool is not FAIL under taskset -c 0" {
	release_only
	command -v taskset >/dev/null || skip "no taskset"
	run taskset -c 0 "$POOLVIZ" --calls 8 --pool 4 --repeat 2 \
	    --iterations "$(iters 20000)" --check
	[ "$status" -ne 1 ]
	[[ "$output" == *"check runnable_workers: ok"* ]]
}

# Not judged is said, never "ok": with one call there is no demand to see.
@test "serial: a check the run cannot decide is not judged, never ok" {
	run "$POOLVIZ" --calls 1 --pool 4 --iterations "$(iters 20000)" --check
	[[ "$output" == *"check runnable_workers: not judged ("* ]]
	run_split "$POOLVIZ" --calls 1 --pool 4 --iterations "$(iters 20000)" --check \
	    --format json
	printf '%s\n' "$output" | jq -e '.checks[]
		| select(.name == "runnable_workers")
		| .verdict == "not_judged" and (.reason | length > 0)' >/dev/null
}
