#!/usr/bin/env bats
# pool.bats: more hashes than workers, the queue drained in waves, and a run
# stopped early with hashes still queued. Cheap here; under TSan (make tsan)
# these are the runs where the loop and the workers overlap the most.

load helper

# done_ids: the ids of the Done lines in $output, sorted, one per line.
done_ids() {
	printf '%s\n' "$output" | sed -n 's/^Async Hash \([0-9]*\) Done: [0-9]*ms$/\1/p' | sort -n
}

@test "16 hashes on a pool of 4: every id done once" {
	run_split "$POOLVIZ" --calls 16 --pool 4 --iterations 200
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 19 ]
	[ "$(done_ids)" = "$(seq 1 16)" ]
}

@test "200 one-iteration hashes on a pool of 8 with --no-sync" {
	run_split "$POOLVIZ" --calls 200 --pool 8 --iterations 1 --no-sync
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "${#lines[@]}" -eq 201 ]
	[ "${lines[0]%%:*}" = "Scheduled all async tasks" ]
	[ "$(done_ids)" = "$(seq 1 200)" ]
}

@test "--print-key with 16 hashes on 4 workers: one key, after each Done" {
	run_split "$POOLVIZ" --calls 16 --pool 4 --iterations 200 --keylen 32 --print-key
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[ "$(done_ids)" = "$(seq 1 16)" ]
	[ "$(printf '%s\n' "$output" | grep -c '^Key: [0-9a-f]\{64\}$')" -eq 17 ]
	[ "$(printf '%s\n' "$output" | sed -n 's/^Key: //p' | sort -u | wc -l)" -eq 1 ]
	# Each Key line comes right after the line of the hash it belongs to.
	for i in "${!lines[@]}"; do
		[[ "${lines[$i]}" == Key:* ]] || continue
		[[ "${lines[$((i - 1))]}" =~ ^(End\ Synchronous\ Hash|Async\ Hash\ [0-9]+\ Done): ]]
	done
}

# The first failed write (Scheduled, with --no-sync) cancels what is still
# queued; the hashes already on a worker finish and the loop drains. Each
# hash takes long enough that head is gone well before all 200 are done.
@test "a write error with hashes still queued stops the run cleanly" {
	[ -w /dev/full ] || skip "no /dev/full"
	run bash -c '"$0" --calls 200 --pool 4 --iterations 1000 --no-sync >/dev/full' "$POOLVIZ"
	[ "$status" -eq 1 ]
	[ "$output" = "poolviz: write error: No space left on device" ]
	run bash -c '"$0" --calls 200 --pool 4 --iterations 1000 --no-sync | head -n 1; exit "${PIPESTATUS[0]}"' "$POOLVIZ"
	[ "$status" -eq 141 ]
	[ "${lines[0]%%:*}" = "Scheduled all async tasks" ]
	[ "${#lines[@]}" -eq 1 ]
}

@test "UV_THREADPOOL_SIZE=abc: the pool's size and where it came from, in one line on stderr" {
	UV_THREADPOOL_SIZE=abc run_split "$POOLVIZ" --calls 2 --iterations "$(iters 1000)"
	[ "$status" -eq 0 ]
	[ "$stderr" = "poolviz: note: pool 1, from UV_THREADPOOL_SIZE=abc (libuv reads it with atoi(); poolviz doctor says how)" ]
	[ "$(done_ids | tr '\n' ' ')" = "1 2 " ]
	UV_THREADPOOL_SIZE=8abc run_split "$POOLVIZ" --calls 1 --iterations "$(iters 1000)" --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq .config.pool)" -eq 8 ]
	[[ "$stderr" == "poolviz: note: pool 8, from UV_THREADPOOL_SIZE=8abc "* ]]
	# A plain number says what it is; --pool wins and says so itself.
	UV_THREADPOOL_SIZE=2 run_split "$POOLVIZ" --calls 1 --iterations "$(iters 1000)"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	UV_THREADPOOL_SIZE=abc run_split "$POOLVIZ" --calls 1 --pool 2 --iterations "$(iters 1000)"
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
}
