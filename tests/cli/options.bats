#!/usr/bin/env bats
# options.bats: help, version, and one clear line for every bad input.

load helper

# refused WANT ARGS...: exit 2, nothing on stdout, one line on stderr that
# starts with "poolviz: " and contains WANT.
refused() {
	local want=$1
	shift
	run_split "$POOLVIZ" "$@"
	if [ "$status" -ne 2 ] || [ -n "$output" ] ||
	    [ "$(printf '%s\n' "$stderr" | wc -l)" -ne 1 ] ||
	    [[ "$stderr" != "poolviz: "*"$want"* ]]; then
		echo "args: $* -> status $status, stdout '$output', stderr '$stderr'" >&2
		return 1
	fi
}

@test "bad numbers are refused with the option, the value and the range" {
	refused "--calls '4x': not a whole number (expected 0 to 1000000)" --calls 4x
	refused "--calls '-1'" --calls -1
	refused "--calls '': not a whole number" --calls ''
	refused "--calls '1000001': out of range" --calls 1000001
	refused "--calls '18446744073709551616': out of range" --calls 18446744073709551616
	refused "--pool '0': out of range (expected 1 to 1024)" --pool 0
	refused "--pool '1025'" -p 1025
	refused "--iterations '0'" --iterations 0
	refused "--iterations '2147483648'" -i 2147483648
	refused "--keylen '0'" -k 0
	refused "--keylen '1048577'" --keylen=1048577
	refused "--calls '0x10'" -c 0x10
	refused "--calls '4 '" --calls '4 '
}

@test "unknown options, missing values and operands are refused" {
	refused "--bogus: unknown option" --bogus
	refused "-z: unknown option" -z
	refused "--calls: missing value" --calls
	refused "-p: missing value" -p
	refused "'now': unexpected argument" now
	refused "'now': unexpected argument" --calls 1 now
	refused "--no-sync: unknown option" --no-sync=yes
}

@test "unknown or unusable digests are refused before any hash" {
	refused "--digest 'sha999': unknown digest" --digest sha999
	refused "--digest '': empty digest name" --digest ''
	refused "--digest 'shake256': OpenSSL cannot use it for PBKDF2" --digest shake256
}

@test "errors hint at --help and stay on one line whatever the input" {
	refused "(see poolviz --help)" --calls x
	refused "--calls 'a?b'" --calls $'a\nb'
}

@test "--help goes to stdout with exit 0 and lists every option" {
	run_split "$POOLVIZ" --help
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	for o in --calls --pool --iterations --keylen --digest --password --salt \
	    --no-sync --print-key --help --version UV_THREADPOOL_SIZE "exit status"; do
		[[ "$output" == *"$o"* ]]
	done
	run "$POOLVIZ" -h
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == usage:* ]]
}

@test "--version names poolviz, libuv and OpenSSL" {
	run_split "$POOLVIZ" --version
	[ "$status" -eq 0 ]
	[ -z "$stderr" ]
	[[ "$output" =~ ^poolviz\ [0-9]+\.[0-9]+\.[0-9]+\ \(libuv\ [0-9.]+,\ OpenSSL\ [0-9] ]]
}

@test "a full disk is an error, never a silent success" {
	[ -w /dev/full ] || skip "no /dev/full"
	run_split "$POOLVIZ" --calls 1 --iterations 10 --pool 1
	[ "$status" -eq 0 ]
	run bash -c '"$0" --calls 1 --iterations 10 --pool 1 >/dev/full' "$POOLVIZ"
	[ "$status" -eq 1 ]
	[ "$output" = "poolviz: write error: No space left on device" ]
	run bash -c '"$0" --help >/dev/full' "$POOLVIZ"
	[ "$status" -eq 1 ]
	[ "$output" = "poolviz: write error: No space left on device" ]
	run bash -c '"$0" --version >/dev/full' "$POOLVIZ"
	[ "$status" -eq 1 ]
	[ "$output" = "poolviz: write error: No space left on device" ]
}
