#!/usr/bin/env bash
# Voice benchmarks (PERFORMANCE.md P1, P7 and part of P2), side by side with sipp's own
# uac↔uas in the same run. Prints one line per measurement; copy them to docs/benchmarks.md.
#
#   tests/bench/voice.sh [rates] [held-calls]
#     rates       calls/s to try for 10 s each (default "50 100 200 400")
#     held-calls  concurrent calls held for the memory figure (default 500)
#
# Needs sipp (sip-tester). With Kamailio installed and ../shared/peers beside the repository
# (or QIAO_PEERS=dir), Kamailio as a stateful proxy to the same sipp uas is measured too.
# Builds the release binary; starts `qiao serve --demo` on its own
# data dir with SIP on 127.0.0.1:5090 and answer_after_ms=0 (no ring time).
set -euo pipefail
cd "$(dirname "$0")/../.."
rates="${1:-50 100 200 400}"
held="${2:-500}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --release -q -p qiao-api --bin qiao
bin="$CARGO_TARGET_DIR/release/qiao"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
# CPU ticks of a process and its children (Kamailio runs as several processes).
ticks() {
  local t=0 v
  for p in "$1" $(pgrep -P "$1"); do
    v=$(awk '{print $14+$15}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + ${v:-0}))
  done
  echo $t
}
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hz=$(getconf CLK_TCK)

QIAO_DATA_DIR="$work/data" QIAO_HTTP_ADDR=127.0.0.1:0 QIAO_SIP_ADDR=127.0.0.1:5090 \
QIAO_SIP_ANSWER_AFTER_MS=0 QIAO_LOG=error QIAO_HTTP_CONSOLE_DIR="$work/none" \
  "$bin" serve --demo > "$work/qiao.log" 2>&1 &
qiao=$!
for _ in $(seq 1 100); do grep -q "Qiao is running" "$work/qiao.log" 2>/dev/null && break; sleep 0.2; done
sleep 2
echo "idle_rss_mb=$(( $(rss_kb $qiao) / 1024 ))  (qiao serve --demo, SQLite, after start-up)"
# Warm the greeting's TTS cache with one call.
sipp -sn uac -s +861085550100 127.0.0.1:5090 -i 127.0.0.1 -p 5071 -m 1 -nostdin >/dev/null 2>&1 || true

# Memory per call, on the fresh server: hold calls for 28 s (each with the IVR's RTP flowing
# to sipp and being recorded; under the 30 s RTP timeout), measured while all are up.
before=$(rss_kb $qiao)
c0=$(ticks $qiao)
sipp -sn uac -s +861085550100 127.0.0.1:5090 -i 127.0.0.1 -p 5072 -r 100 -l "$held" -m "$held" \
  -d 28000 -nostdin -buff_size 4194304 >/dev/null 2>&1 &
holder=$!
sleep $(( held / 100 + 8 ))
after=$(rss_kb $qiao)
c1=$(ticks $qiao)
sleep 10
c2=$(ticks $qiao)
echo "held_calls=$held rss_before_mb=$((before/1024)) rss_held_mb=$((after/1024)) per_call_kb=$(( (after - before) / held ))"
echo "held_calls=$held cpu_percent_of_one_core=$(( (c2 - c1) * 100 / hz / 10 )) (IVR sending 50 RTP packets/s per call and recording)"
wait $holder 2>/dev/null || true
sleep 3

peers="${QIAO_PEERS:-../shared/peers}"
uas_scenario=(-sn uas)
[ -f "$peers/uas_no180.xml" ] && uas_scenario=(-sf "$peers/uas_no180.xml")
sipp "${uas_scenario[@]}" -i 127.0.0.1 -p 5070 -nostdin -buff_size 4194304 >/dev/null 2>&1 &
uas=$!
kam=""
if command -v kamailio >/dev/null && [ -f "$peers/kamailio.cfg" ]; then
  kamailio -f "$peers/kamailio.cfg" -m 1024 -M 16 -P "$work/kam.pid" -Y "$work" >/dev/null 2>&1 || true
  sleep 2
  kam=$(cat "$work/kam.pid" 2>/dev/null || true)
  trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "$kam" ] && kill "$kam" 2>/dev/null; rm -rf "$work"' EXIT
fi

# Waits until the recording upload queue is empty (qiao only; at most 5 minutes).
drain() {
  for _ in $(seq 1 1500); do
    [ -z "$(ls -A "$work/data/spool/ready" 2>/dev/null)" ] && return 0
    sleep 0.2
  done
}

run() { # tag target service pid rate
  local tag=$1 target=$2 service=$3 pid=$4 r=$5 m=$(( $5 * 10 ))
  local c0; c0=$(ticks "$pid")
  local out="$work/${tag}_$r.txt"
  timeout 90 sipp -sn uac -s "$service" "$target" -i 127.0.0.1 -p 5071 -r "$r" -m "$m" -l 60000 \
    -nostdin -buff_size 4194304 -trace_screen -screen_file "$out" >/dev/null 2>&1 || true
  [ "$tag" = qiao-ivr ] && drain   # count the recordings' uploads in the cost of the calls
  local c1; c1=$(ticks "$pid")
  local ok fail rt cps
  ok=$(grep 'Successful call' "$out" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
  fail=$(grep 'Failed call' "$out" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
  cps=$(grep 'Call Rate' "$out" | tail -1 | awk -F'|' '{print $3}' | awk '{print $1}')
  rt=$(grep -E '^ +INVITE ---' "$out" | tail -1 | awk '{print $4}')
  local cpu_ms=$(( (c1 - c0) * 1000 / hz ))
  echo "$tag rate=$r ok=${ok:-?} fail=${fail:-?} cps=${cps:-?} invite_retrans=${rt:-?} server_cpu_ms=$cpu_ms cpu_ms_per_call=$(awk -v c="$cpu_ms" -v n="${ok:-0}" 'BEGIN{ if (n>0) printf "%.2f", c/n; else print "?" }')"
  sleep 3
}
for r in $rates; do
  run sipp-uas 127.0.0.1:5070 service "$uas" "$r"
  [ -n "$kam" ] && run kamailio 127.0.0.1:5060 service "$kam" "$r"
  run qiao-ivr 127.0.0.1:5090 +861085550100 "$qiao" "$r"
done

