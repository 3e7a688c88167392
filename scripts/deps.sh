#!/bin/sh
# deps.sh: install what poolviz needs from Debian's packages, or say how.
# usage: scripts/deps.sh build|test
set -eu

need="pkg-config gcc make libuv1-dev libssl-dev libjansson-dev zlib1g-dev"
if [ "${1:-build}" = test ]; then
	need="$need libcmocka-dev bats jq libxml2-utils librsvg2-bin valgrind clang"
	# The tests call openssl kdf (keys), pgrep (a sweep's child) and
	# /usr/bin/time (peak RSS, tests/cli/memory.bats).
	need="$need openssl procps time nodejs"
	# The CI outputs' tests: Markdown through a GFM parser, colour in a
	# real terminal (so are --live and Ctrl-C), the man page as man shows it.
	need="$need cmark-gfm tmux man-db shellcheck"
	# The replay page (--html) in a real browser: tests/browser/, no npm.
	need="$need nodejs chromium"
	# libFuzzer's runtime must match clang's major version.
	if command -v clang >/dev/null 2>&1; then
		major=$(clang --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p' | head -n 1)
		[ -n "$major" ] && need="$need libclang-rt-$major-dev"
	fi
fi

missing=
for p in $need; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "poolviz needs:$missing" >&2
	echo "install them with: sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
# clang was perhaps just installed: its runtime package comes second.
if [ "${1:-build}" = test ] && [ -z "${major:-}" ]; then
	exec sh "$0" test
fi
