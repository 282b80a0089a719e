#!/usr/bin/env bash
# P7 (idle part): resident memory of an idle `qiao serve` on embedded defaults, after start-up
# and after 200 GraphQL requests. Prints the figures; record them in docs/benchmarks.md.
#   tests/bench/idle_rss.sh [path/to/qiao]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${1:-$target/release/qiao}"
[ -x "$bin" ] || cargo build --release -p qiao-api --bin qiao
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
QIAO_DATA_DIR="$dir" QIAO_HTTP_ADDR="127.0.0.1:$port" QIAO_LOG=warn "$bin" serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
sleep 1
echo "idle RSS after start-up: $(rss) KiB"
for _ in $(seq 1 200); do
  curl -fs -o /dev/null -H 'content-type: application/json' \
    -d '{"query":"{ __typename }"}' "http://127.0.0.1:$port/graphql"
done
sleep 1
echo "idle RSS after 200 GraphQL requests: $(rss) KiB"
echo "binary: $bin ($(du -h "$bin" | cut -f1))"
