#!/bin/sh
# mkpage: a replay page from a real run, until poolviz writes one itself.
# usage: tests/browser/mkpage.sh OUT.html [poolviz options...]
# e.g.   tests/browser/mkpage.sh /tmp/blocked.html --scenario blocked -i 50000
set -eu

if [ $# -lt 1 ]; then
	echo "usage: $0 OUT.html [poolviz options...]" >&2
	exit 2
fi
out=$1
shift
here=$(dirname "$0")
poolviz=${POOLVIZ:-./poolviz}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$poolviz" "$@" --format json --svg "$tmp/run.svg" >"$tmp/run.json"
node "$here/fill.mjs" --json "$tmp/run.json" --svg "$tmp/run.svg" >"$tmp/page.html"
mv "$tmp/page.html" "$out"
echo "$out: $(wc -c <"$out") bytes" >&2
