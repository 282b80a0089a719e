#!/usr/bin/env bash
# Media benchmark (PERFORMANCE.md P2, and issue 5's "concurrent calls held with RTP flowing
# both ways before loss exceeds 0.1%"), side by side with rtpengine in the same run.
#
#   tests/bench/media.sh [calls] [secs]
#     calls  numbers of concurrent calls to try (default "250 500 1000 1500 2000")
#     secs   measuring window per step (default 10)
#
# Qiao: `qiao serve --demo` (release build, SQLite) whose demo flow is one transfer node to
# an outside number. sipp calls +861085550100 N times (tests/bench/sipp/caller.xml) and
# holds; every call is dialled out through the demo trunk to a sipp far party
# (tests/bench/sipp/far.xml) and bridged: the caller's RTP comes in on one socket, is
# decoded, mixed, recorded (stereo WAV) and re-encoded to the far party, and back. Neither
# sipp sends media: tests/bench/rtpflow.c speaks for every caller and every far party (50
# packets/s each way per call, marked with their send time) and counts what comes back.
# rtpengine (userspace, `--num-threads=2`, PCMU both sides so it does not transcode) is
# given the same calls over its NG protocol and the same generator.
#
# Per step it prints, for each relay: the calls, packets per second it sent, loss each
# way, CPU per forwarded packet (its CPU in the window / packets it sent), and for Qiao the
# memory per bridged call. Installs sipp and rtpengine from Debian when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
steps="${1:-250 500 1000 1500 2000}"
secs="${2:-10}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# shellcheck source=../../infra/scripts/prereqs.sh
. infra/scripts/prereqs.sh
need sipp sip-tester
need rtpengine rtpengine-daemon
ulimit -n "$(ulimit -Hn)" # two sockets a bridged call
cargo build --release -q -p qiao-api --bin qiao
bin="$CARGO_TARGET_DIR/release/qiao"
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
cc -O2 -o "$work/rtpflow" tests/bench/rtpflow.c
hz=$(getconf CLK_TCK)
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
udp_drops() { awk '/^Udp:/ {n++; if (n==2) print $4+$6}' /proc/net/snmp; } # InErrors + RcvbufErrors
A=20000 B=20002 # the generator's caller and far-party sockets
setup_rate=200

QIAO_DATA_DIR="$work/data" QIAO_HTTP_ADDR=127.0.0.1:18090 QIAO_SIP_ADDR=127.0.0.1:5090 \
QIAO_SIP_ANSWER_AFTER_MS=0 QIAO_SIP_RTP_TIMEOUT_SECS=120 QIAO_LOG=error \
QIAO_HTTP_CONSOLE_DIR="$work/none" \
  "$bin" serve --demo > "$work/qiao.log" 2>&1 &
qiao=$!
for _ in $(seq 1 100); do grep -q "Qiao is running" "$work/qiao.log" 2>/dev/null && break; sleep 0.2; done
password=$(grep '^Demo tenant:' "$work/qiao.log" | awk '{print $NF}')
python3 tests/bench/media_setup.py qiao http://127.0.0.1:18090 "$password" 5070
sipp -sf tests/bench/sipp/far.xml -i 127.0.0.1 -p 5070 -mp 21000 -key bport "$B" \
  -nostdin -buff_size 8388608 >/dev/null 2>&1 &
sleep 1

report() { # relay calls cpu_ticks generator-line [rss-delta-kb]
  local relay=$1 n=$2 cpu=$3 line=$4 rss=${5:-}
  local out loss_ab loss_ba late peers
  late=$(sed -E 's/.*late_ticks=([0-9]+).*/\1/' <<<"$line")
  peers=$(sed -E 's/.*peers_a=([0-9]+) peers_b=([0-9]+).*/\1+\2/' <<<"$line")
  out=$(sed -E 's/.*relay_out_pkts=([0-9]+).*/\1/' <<<"$line")
  loss_ab=$(sed -E 's/.*a_to_b_loss_pct=([0-9.-]+).*/\1/' <<<"$line")
  loss_ba=$(sed -E 's/.*b_to_a_loss_pct=([0-9.-]+).*/\1/' <<<"$line")
  awk -v r="$relay" -v n="$n" -v c="$cpu" -v hz="$hz" -v o="$out" -v s="$secs" -v ab="$loss_ab" \
      -v ba="$loss_ba" -v rss="$rss" 'BEGIN {
    printf "%s calls=%d pps_out=%.0f loss_caller_to_far=%s%% loss_far_to_caller=%s%% cpu_pct=%.0f us_per_forwarded_pkt=%.2f",
      r, n, o / s, ab, ba, 100 * c / hz / s, (o > 0 ? c / hz * 1e6 / o : 0)
    if (rss != "") printf " kib_per_bridged_call=%.0f", rss / n
    printf "\n" }'
  # The generator shares the cores: when it missed its 20 ms deadline in more than 1% of
  # the window's ticks, or did not learn every call, the step measured the machine.
  if [ "$late" -gt $((secs * 50 / 100)) ] || [ "$peers" != "$n+$n" ]; then
    echo "  NOT VALID: the generator was late on $late ticks or saw $peers legs (want $n+$n)"
  fi
  echo "  generator: $line"
}

for n in $steps; do
  warm=$(( n / setup_rate + 10 ))
  hold=$(( (warm + secs + 3) * 1000 ))
  rss0=$(rss_kb $qiao)
  "$work/rtpflow" $A $B "$warm" "$secs" > "$work/gen_$n.txt" &
  gen=$!
  sipp -sf tests/bench/sipp/caller.xml -s +861085550100 127.0.0.1:5090 -i 127.0.0.1 -p 5071 \
    -key aport "$A" -r "$setup_rate" -l "$n" -m "$n" -d "$hold" -nostdin -buff_size 8388608 \
    -trace_screen -screen_file "$work/caller_$n.txt" >/dev/null 2>&1 &
  caller=$!
  sleep "$warm"
  d0=$(udp_drops); c0=$(ticks $qiao); rss1=$(rss_kb $qiao)
  sleep "$secs"
  c1=$(ticks $qiao); d1=$(udp_drops)
  wait $gen
  report qiao "$n" $((c1 - c0)) "$(cat "$work/gen_$n.txt")" $((rss1 - rss0))
  echo "  kernel UDP receive drops in the window: $((d1 - d0))"
  wait $caller || true
  fail=$(grep 'Failed call' "$work/caller_$n.txt" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
  echo "  sipp caller: failed calls ${fail:-?}"
  # Let every call end and its recording be filed before the next step.
  for _ in $(seq 1 300); do
    [ -z "$(ls -A "$work/data/spool/ready" 2>/dev/null)" ] && [ -z "$(ls -A "$work/data/spool/work" 2>/dev/null)" ] && break
    sleep 0.2
  done
  sleep 2
done
kill $qiao 2>/dev/null || true
wait $qiao 2>/dev/null || true

rtpengine --config-file=none -f -E -t -1 -i 127.0.0.1 -n 127.0.0.1:22222 -m 30000 -M 60000 \
  --num-threads=2 > "$work/rtpengine.log" 2>&1 &
rtpe=$!
sleep 2
for n in $steps; do
  python3 tests/bench/media_setup.py rtpengine "$n" $A $B "$work/seed_a" "$work/seed_b"
  "$work/rtpflow" $A $B 3 "$secs" "$work/seed_a" "$work/seed_b" > "$work/rgen_$n.txt" &
  gen=$!
  sleep 3
  d0=$(udp_drops); c0=$(ticks $rtpe)
  sleep "$secs"
  c1=$(ticks $rtpe); d1=$(udp_drops)
  wait $gen
  report rtpengine "$n" $((c1 - c0)) "$(cat "$work/rgen_$n.txt")"
  echo "  kernel UDP receive drops in the window: $((d1 - d0))"
  python3 tests/bench/media_setup.py rtpengine-delete "$n"
done
