#!/usr/bin/env bash
# Soak (PERFORMANCE.md P9): `qiao serve --demo` (release build, SQLite, local object store)
# under a steady load of IVR calls for a long time, sampling its memory, open file
# descriptors and threads every minute, and sipp's failures at the end.
#
#   tests/bench/soak.sh [minutes] [calls/s] [hold-ms]
#     defaults: 60 minutes, 40 calls/s each held 10 s (about 400 calls up at once, each
#     answered, greeted by the IVR with RTP flowing to sipp, recorded and uploaded)
#
# Prints one line a minute and a summary: failed calls, and the growth of RSS and of file
# descriptors from the first minute to the last, both under load (P9: flat within 5%).
#
# The data directory is made under $QIAO_SOAK_DIR (default $TMPDIR or /tmp). Every minute
# the recordings already uploaded to the local object store more than a minute ago are
# deleted (the default load writes about 45 GB of stereo WAV an hour); their count is
# printed. Qiao never reads them back, so this changes nothing it does.
set -euo pipefail
cd "$(dirname "$0")/../.."
minutes="${1:-60}"
rate="${2:-40}"
hold="${3:-10000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# shellcheck source=../../infra/scripts/prereqs.sh
. infra/scripts/prereqs.sh
need sipp sip-tester
cargo build --release -q -p qiao-api --bin qiao
bin="$CARGO_TARGET_DIR/release/qiao"
work=$(mktemp -d -p "${QIAO_SOAK_DIR:-${TMPDIR:-/tmp}}")
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
fds() { find "/proc/$1/fd" -mindepth 1 -maxdepth 1 | wc -l; }
threads() { awk '/^Threads/ {print $2}' "/proc/$1/status"; }
ticks() { awk '{print $14+$15}' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
cores=$(nproc)

QIAO_DATA_DIR="$work/data" QIAO_HTTP_ADDR=127.0.0.1:0 QIAO_SIP_ADDR=127.0.0.1:5190 \
QIAO_SIP_ANSWER_AFTER_MS=0 QIAO_LOG=error QIAO_HTTP_CONSOLE_DIR="$work/none" \
  "$bin" serve --demo > "$work/qiao.log" 2>&1 &
qiao=$!
for _ in $(seq 1 100); do grep -q "Qiao is running" "$work/qiao.log" 2>/dev/null && break; sleep 0.2; done
# One minute more than sampled, so the last sample is still under load; stopped below.
total=$(( (minutes + 1) * 60 * rate ))
sipp -sn uac -s +861085550100 127.0.0.1:5190 -i 127.0.0.1 -p 5171 -r "$rate" -m "$total" \
  -d "$hold" -l $(( rate * hold / 1000 * 2 )) -nostdin -buff_size 4194304 \
  -trace_screen -screen_file "$work/sipp.txt" -trace_err -error_file "$work/sipp_err.txt" \
  >/dev/null 2>&1 &
sipp=$!
first_rss="" first_fds="" last_rss="" last_fds="" warm_rss=""
c_prev=$(ticks $qiao)
for m in $(seq 1 "$minutes"); do
  sleep 60
  kill -0 $qiao 2>/dev/null || { echo "qiao died"; tail -20 "$work/qiao.log"; exit 1; }
  r=$(rss_kb $qiao) f=$(fds $qiao) t=$(threads $qiao) c=$(ticks $qiao)
  cpu=$(( (c - c_prev) * 100 / hz / 60 / cores )) c_prev=$c
  spool=$(find "$work/data/spool" -type f | wc -l)
  pruned=$(find "$work/data/objects" -name '*.wav' -mmin +1 -print -delete 2>/dev/null | wc -l)
  if [ "$m" = 1 ]; then first_rss=$r first_fds=$f; fi
  if [ "$m" = 5 ] || [ -z "$warm_rss" ]; then warm_rss=$r; fi
  last_rss=$r last_fds=$f
  echo "minute=$m qiao_cpu_percent_of_machine=$cpu rss_mb=$((r / 1024)) fds=$f threads=$t spool_files=$spool recordings_pruned=$pruned"
done
# SIGUSR1: sipp places no new calls and ends when the calls up now have ended.
kill -USR1 $sipp 2>/dev/null || true
wait $sipp || true
sleep $(( hold / 1000 + 5 ))
echo "after the load: rss_mb=$(( $(rss_kb $qiao) / 1024 )) fds=$(fds $qiao) threads=$(threads $qiao)"
ok=$(grep 'Successful call' "$work/sipp.txt" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
fail=$(grep 'Failed call' "$work/sipp.txt" | tail -1 | awk -F'|' '{print $3}' | tr -d ' ')
rt=$(grep -E '^ +INVITE ---' "$work/sipp.txt" | tail -1 | awk '{print $4}')
errors=$(grep -ci "error" "$work/qiao.log" || true)
echo "summary minutes=$minutes rate=$rate hold_ms=$hold ok=${ok:-?} failed=${fail:-?} invite_retrans=${rt:-?} qiao_log_errors=$errors"
awk -v a="$first_rss" -v b="$last_rss" -v c="$first_fds" -v d="$last_fds" -v w="$warm_rss" 'BEGIN {
  printf "growth from minute 1 to the last minute under load: rss %.1f%% (%d -> %d KiB), fds %.1f%% (%d -> %d)\n",
    100 * (b - a) / a, a, b, 100 * (d - c) / c, c, d
  printf "growth from minute 5 (warmed up) to the last minute: rss %.1f%% (%d -> %d KiB)\n",
    100 * (b - w) / w, w, b }'
