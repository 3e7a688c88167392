#!/usr/bin/env bats
# kdf.bats: the derived keys, against openssl kdf and published vectors.

load helper

# keys_match DIGEST KEYLEN PASS SALT ITER: every Key line equals openssl's.
keys_match() {
	run_split "$POOLVIZ" --calls 2 --pool 2 --print-key --digest "$1" \
	    --keylen "$2" --password "$3" --salt "$4" --iterations "$5"
	[ "$status" -eq 0 ]
	want=$(openssl_key "$1" "$3" "$4" "$5" "$2")
	[ -n "$want" ]
	keys=$(printf '%s\n' "$output" | sed -n 's/^Key: //p')
	[ "$(printf '%s\n' "$keys" | wc -l)" -eq 3 ]
	while read -r k; do
		[ "$k" = "$want" ]
	done <<<"$keys"
}

@test "keys match openssl kdf: sha512, the article's key length" {
	keys_match sha512 512 password salt 1000
}

@test "keys match openssl kdf: sha1, sha256, sha3-256 and odd lengths" {
	keys_match sha1 20 password salt 7
	keys_match sha256 1 hello world 100
	keys_match sha3-256 33 'with space' 'qu"ote' 50
	keys_match md5 100 p s 3
}

@test "an empty password and an empty salt are accepted" {
	keys_match sha256 32 '' '' 10
	keys_match sha256 32 '' salt 10
}

@test "RFC 6070 and RFC 7914 vectors through the command line" {
	run "$POOLVIZ" --calls 1 --pool 1 --print-key --no-sync --digest sha1 \
	    --keylen 20 --password password --salt salt --iterations 4096
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "Key: 4b007901b765489abead49d926f721d065a429c1" ]
	run "$POOLVIZ" --calls 0 --print-key --digest sha256 --keylen 64 \
	    --password passwd --salt salt --iterations 1
	[ "$status" -eq 0 ]
	[ "${lines[2]}" = "Key: 55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783" ]
}

@test "the blocking hash and the async hashes derive the same key" {
	run "$POOLVIZ" --calls 3 --pool 2 --print-key --iterations 500 --keylen 16
	[ "$status" -eq 0 ]
	[ "$(printf '%s\n' "$output" | sed -n 's/^Key: //p' | sort -u | wc -l)" -eq 1 ]
	[ "$(printf '%s\n' "$output" | grep -c '^Key: ')" -eq 4 ]
}
