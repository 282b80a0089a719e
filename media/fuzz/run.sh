#!/usr/bin/env bash
# Runs each fuzz target for a while (default 60 s each) with cargo-fuzz (libFuzzer).
# The stable toolchain is enough: RUSTC_BOOTSTRAP lets cargo-fuzz use sanitizer flags.
set -euo pipefail
cd "$(dirname "$0")"
secs="${1:-60}"
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
for t in sip_message sdp_offer sip_stream digest; do
  echo "==> fuzzing $t for ${secs}s"
  RUSTC_BOOTSTRAP=1 cargo fuzz run "$t" -- -max_total_time="$secs" -max_len=8192
done
