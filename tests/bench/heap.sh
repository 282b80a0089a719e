#!/usr/bin/env bash
# Where a held call's memory goes (PERFORMANCE.md P7): `qiao serve --demo` (release build)
# under heaptrack while N IVR calls from sipp are held, then the allocation sites that
# were at their peak, largest first. Divide a site's bytes by its number of calls (about N
# for per-call state) to get what each call holds there.
#
#   tests/bench/heap.sh [held-calls]   (default 200)
#
# Needs heaptrack (Debian package) and sipp (sip-tester); installs them when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
held="${1:-200}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# shellcheck source=../../infra/scripts/prereqs.sh
. infra/scripts/prereqs.sh
need sipp sip-tester
need heaptrack heaptrack
cargo build --release -q -p qiao-api --bin qiao
bin="$CARGO_TARGET_DIR/release/qiao"
work=$(mktemp -d -p "${TMPDIR:-/tmp}")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
QIAO_DATA_DIR="$work/data" QIAO_HTTP_ADDR=127.0.0.1:0 QIAO_SIP_ADDR=127.0.0.1:5290 \
QIAO_SIP_ANSWER_AFTER_MS=0 QIAO_LOG=error QIAO_HTTP_CONSOLE_DIR="$work/none" \
  heaptrack -o "$work/heap" "$bin" serve --demo > "$work/qiao.log" 2>&1 &
wrapper=$!
for _ in $(seq 1 300); do grep -q "Qiao is running" "$work/qiao.log" 2>/dev/null && break; sleep 0.2; done
# heaptrack's wrapper is a shell script: the server is it or one of its descendants.
descendants() { echo "$1"; for c in $(pgrep -P "$1"); do descendants "$c"; done; }
qiao=""
for p in $(descendants $wrapper); do
  [ "$(cat "/proc/$p/comm" 2>/dev/null)" = qiao ] && qiao=$p
done
[ -n "$qiao" ] || { echo "the server did not start under heaptrack"; cat "$work/qiao.log"; exit 1; }
sleep 2
sipp -sn uac -s +861085550100 127.0.0.1:5290 -i 127.0.0.1 -p 5271 -m 1 -nostdin >/dev/null 2>&1 || true
sipp -sn uac -s +861085550100 127.0.0.1:5290 -i 127.0.0.1 -p 5272 -r 50 -l "$held" -m "$held" \
  -d 20000 -nostdin >/dev/null 2>&1 &
holder=$!
sleep $(( held / 50 + 12 ))
echo "held_calls=$held rss_mb_under_heaptrack=$(( $(awk '/^VmRSS/ {print $2}' "/proc/$qiao/status") / 1024 ))"
wait $holder || true
kill -INT "$qiao"
for _ in $(seq 1 100); do [ -e "$work/heap.zst" ] && ! kill -0 "$qiao" 2>/dev/null && break; sleep 0.2; done
sleep 2
heaptrack_print -f "$work/heap.zst" --print-peaks 1 --print-allocators 0 --print-temporary 0 \
  --print-leaks 0 --peak-limit 1 --sub-peak-limit 30 2>/dev/null \
  | grep -E "consumed over" -A1 | grep -v '^--' | paste - - | sed -E 's/\s+/ /g' | cut -c1-160
heaptrack_print -f "$work/heap.zst" --print-peaks 1 --print-allocators 0 --print-temporary 0 \
  --print-leaks 0 --peak-limit 25 --sub-peak-limit 1 2>/dev/null \
  | grep -E "consumed over" -A1 | grep -v '^--' | paste - - | sed -E 's/\s+/ /g' | cut -c1-160
