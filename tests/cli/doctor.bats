#!/usr/bin/env bats
# doctor.bats: poolviz doctor explains UV_THREADPOOL_SIZE, the DNS cap and
# the CPUs by the rules of the libuv it is linked with (1.44 on Debian 12).

load helper

root="$BATS_TEST_DIRNAME/../.."

# flat: $output with its lines joined, as the text wraps its sentences.
flat() {
	printf '%s' "$output" | tr '\n' ' ' | tr -s ' '
}

# size VALUE: the pool size doctor --format json gives for that value.
size() {
	UV_THREADPOOL_SIZE="$1" "$POOLVIZ" doctor --format json | jq -r .pool.size
}

# The rules below are libuv 1.44's to 1.51's: getenv() and atoi().
linked_atoi() {
	v=$("$POOLVIZ" doctor --format json | jq -r .libuv.version)
	case "$v" in
	1.4[4-9].*|1.5[01].*) ;;
	*) skip "libuv $v: these cases assume getenv() and atoi() (1.44 to 1.51)" ;;
	esac
}

@test "doctor: unset gives the default, 4 threads" {
	run env -u UV_THREADPOOL_SIZE "$POOLVIZ" doctor --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r .pool.size)" = 4 ]
	[ "$(printf '%s' "$output" | jq -r .pool.source)" = default ]
	[ "$(printf '%s' "$output" | jq -r .pool.env)" = null ]
}

@test "doctor: empty, 0 and abc give 1 thread (atoi gives 0, and 0 means 1)" {
	linked_atoi
	[ "$(size '')" = 1 ]
	[ "$(size 0)" = 1 ]
	[ "$(size abc)" = 1 ]
	run env UV_THREADPOOL_SIZE=abc "$POOLVIZ" doctor
	[ "$status" -eq 0 ]
	[[ "$(flat)" == *"UV_THREADPOOL_SIZE='abc': libuv 1."*" reads it with atoi(), which gives 0"* ]]
	[[ "$(flat)" == *"0 means 1: the pool will have 1 thread."* ]]
}

@test "doctor: 1, 4, 8abc and 1024 are read as atoi reads them" {
	linked_atoi
	[ "$(size 1)" = 1 ]
	[ "$(size 4)" = 4 ]
	[ "$(size 8abc)" = 8 ]
	[ "$(size 1024)" = 1024 ]
	run env UV_THREADPOOL_SIZE=8abc "$POOLVIZ" doctor --format json
	[ "$(printf '%s' "$output" | jq -r .pool.source)" = env ]
	[ "$(printf '%s' "$output" | jq -r .pool.env.atoi)" = 8 ]
	[[ "$(printf '%s' "$output" | jq -r .pool.why)" == *"stops at 'a'"* ]]
}

@test "doctor: -1 wraps in an unsigned int and 1025 and 99999 are clamped to 1024" {
	linked_atoi
	[ "$(size -1)" = 1024 ]
	[ "$(size 1025)" = 1024 ]
	[ "$(size 99999)" = 1024 ]
	run env UV_THREADPOOL_SIZE=-1 "$POOLVIZ" doctor --format json
	[[ "$(printf '%s' "$output" | jq -r .pool.why)" == *"unsigned int, that is 4294967295"* ]]
}

@test "doctor: a 16-character value is read whole by atoi before 1.52" {
	linked_atoi
	[ "$(size 0000000000000008)" = 8 ]
	run env UV_THREADPOOL_SIZE=0000000000000008 "$POOLVIZ" doctor --format json
	[ "$(printf '%s' "$output" | jq -r .pool.source)" = env ]
	[ "$(printf '%s' "$output" | jq -r .pool.env.bytes)" = 16 ]
}

@test "doctor: a 4000-byte value is explained, echoed at most 40 bytes, never a crash" {
	long=$(head -c 4000 /dev/zero | tr '\0' 7)
	run env UV_THREADPOOL_SIZE="$long" "$POOLVIZ" doctor
	[ "$status" -eq 0 ]
	[[ "$(flat)" == *"UV_THREADPOOL_SIZE='7777777777777777777777777777777777777777'... (4000 bytes)"* ]]
	run env UV_THREADPOOL_SIZE="$long" "$POOLVIZ" doctor --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r .pool.env.bytes)" = 4000 ]
	[ "$(printf '%s' "$output" | jq -r .pool.env.truncated)" = true ]
	[ "$(printf '%s' "$output" | jq -r '.pool.env.value | length')" = 40 ]
	linked_atoi
	# strtol saturates at LONG_MAX; atoi's int keeps its low 32 bits, -1.
	[ "$(printf '%s' "$output" | jq -r .pool.env.atoi)" = -1 ]
	[ "$(printf '%s' "$output" | jq -r .pool.size)" = 1024 ]
}

@test "doctor: control bytes and invalid UTF-8 are escaped in text and JSON" {
	bytes=$(printf 'a\033[2Jb\001\377')
	run env UV_THREADPOOL_SIZE="$bytes" "$POOLVIZ" doctor
	[ "$status" -eq 0 ]
	[[ "$output" == *"'a\\x1b[2Jb\\x01\\xff'"* ]]
	run grep -c $'\033' <<<"$output"
	[ "$output" = 0 ]
	run env UV_THREADPOOL_SIZE="$bytes" "$POOLVIZ" doctor --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r .pool.env.value)" = 'a\x1b[2Jb\x01\xff' ]
}

@test "doctor: the DNS cap is (n + 1) / 2 for every size, 1 for 1" {
	for n in 1 2 3 4 5 6 8 1024; do
		cap=$("$POOLVIZ" doctor --pool "$n" --format json | jq -r .dns.cap)
		echo "pool $n: cap $cap"
		[ "$cap" -eq $(((n + 1) / 2)) ]
	done
	run "$POOLVIZ" doctor --pool 4
	[[ "$output" == *"at most 2 of the 4 workers run lookups at once"* ]]
}

@test "doctor --pool N: what N would do, whatever the environment says" {
	run env UV_THREADPOOL_SIZE=abc "$POOLVIZ" doctor --pool 8 --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r .pool.size)" = 8 ]
	[ "$(printf '%s' "$output" | jq -r .pool.source)" = option ]
	[ "$(printf '%s' "$output" | jq -r .dns.other_workers)" = 4 ]
}

@test "doctor: a bad --pool, format or operand is exit 2 with one line" {
	for args in "--pool 0" "--pool abc" "--pool 1025" "--pool -3" "--format csv" "extra" "--pool"; do
		# shellcheck disable=SC2086 # the words are the arguments
		run --separate-stderr "$POOLVIZ" doctor $args
		echo "$args: $status '$output' '$stderr'"
		[ "$status" -eq 2 ]
		[ -z "$output" ]
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ]
		[[ "$stderr" == "poolviz: "*"(see poolviz doctor --help)" ]]
	done
}

@test "doctor --help: stdout, exit 0, every option" {
	run --separate-stderr "$POOLVIZ" doctor --help
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "$output" == "usage: poolviz doctor"* ]]
	[[ "$output" == *"--pool N"* ]]
	[[ "$output" == *"--format"* ]]
}

@test "doctor: a cgroup quota of 1 CPU (fixture), and a pool larger than it" {
	run env POOLVIZ_MACHINE_ROOT="$root/tests/fixtures/machine/quota-1" \
	    "$POOLVIZ" doctor --pool 4 --format json
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r .cpus.quota.cpus)" = 1 ]
	[ "$(printf '%s' "$output" | jq -r .cpus.usable)" = 1 ]
	[ "$(printf '%s' "$output" | jq -r '.warnings | length')" = 1 ]
	[[ "$(printf '%s' "$output" | jq -r '.warnings[0]')" == *"larger than the 1 CPU the cgroup quota allows"* ]]
	run env POOLVIZ_MACHINE_ROOT="$root/tests/fixtures/machine/quota-1" \
	    "$POOLVIZ" doctor --pool 1 --format json
	[ "$(printf '%s' "$output" | jq -r '.warnings | length')" = 0 ]
}

@test "doctor: whether this libuv counts the quota, and what it returns" {
	run env POOLVIZ_MACHINE_ROOT="$root/tests/fixtures/machine/quota-1" \
	    "$POOLVIZ" doctor
	[ "$status" -eq 0 ]
	[[ "$(flat)" == *"uv_available_parallelism() returns "* ]]
	v=$("$POOLVIZ" doctor --format json | jq -r .libuv.version)
	counts=$("$POOLVIZ" doctor --format json | jq -r .libuv.counts_quota)
	case "$v" in
	1.4[4-8].*) [ "$counts" = false ]; [[ "$(flat)" == *"counts the affinity mask only"* ]] ;;
	*) [ "$counts" = true ] ;;
	esac
}

@test "doctor: a real child cgroup with a quota, where one can be made" {
	cg=/sys/fs/cgroup
	if [ -w "$cg" ] && [ -f "$cg/cgroup.controllers" ]; then
		d="$cg/poolviz-doctor-$$"	# cgroup v2
		mkdir "$d" 2>/dev/null || skip "cannot make a child cgroup"
		echo "50000 100000" >"$d/cpu.max" 2>/dev/null || { rmdir "$d"; skip "no cpu controller"; }
	elif [ -w "$cg/cpu/cpu.cfs_quota_us" ] || [ -w "$cg/cpu" ]; then
		d="$cg/cpu/poolviz-doctor-$$"	# cgroup v1's cpu controller
		mkdir "$d" 2>/dev/null || skip "cannot make a child cgroup"
		echo 100000 >"$d/cpu.cfs_period_us"
		echo 50000 >"$d/cpu.cfs_quota_us" 2>/dev/null || { rmdir "$d"; skip "cannot set a quota"; }
	else
		skip "no writable cgroup hierarchy here"
	fi
	run sh -c "echo \$\$ >'$d/cgroup.procs' && exec '$POOLVIZ' doctor --format json"
	# The child has exited: the cgroup is empty and can go.
	rmdir "$d"
	[ "$status" -eq 0 ]
	[ "$(printf '%s' "$output" | jq -r .cpus.quota.cpus)" = 0.5 ]
}

@test "doctor --format json: every field is one docs/json.md's doctor table names" {
	run env UV_THREADPOOL_SIZE=abc POOLVIZ_MACHINE_ROOT="$root/tests/fixtures/machine/quota-1" \
	    "$POOLVIZ" doctor --format json
	[ "$status" -eq 0 ]
	keys=$(printf '%s' "$output" | jq -r '[paths | .[] | strings] | unique[]')
	doc=$(sed -n '/^## The doctor/,/^## /p' "$root/docs/json.md" | grep '^| `' |
	    awk -F '|' '{ print $2 }' | grep -o '`[a-z_]*`' | tr -d '`' | sort -u)
	[ -n "$doc" ]
	missing=$(comm -23 <(printf '%s\n' "$keys") <(printf '%s\n' "$doc") | tr '\n' ' ')
	[ -z "$missing" ] || { echo "not in the doctor's section: $missing" >&2; false; }
	printf '%s' "$output" | jq -e '(.pool.size | type) == "number" and (.pool.source | type) == "string"'
}
