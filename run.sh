#!/usr/bin/env bash
# Builds and runs Qiao on its embedded defaults (SQLite, local files, in-process bus) and
# prints the URL. Pass `--demo` to seed the demo tenant and print its log-in; other
# arguments go to `qiao serve`. Settings: qiao.toml or QIAO_* variables (see README).
set -euo pipefail
cd "$(dirname "$0")"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# shellcheck source=infra/scripts/prereqs.sh
. infra/scripts/prereqs.sh
need espeak-ng espeak-ng   # text-to-speech for prompts
echo "==> building the web console"
(cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build)
echo "==> building qiao (release)"
cargo build --release -p qiao-api --bin qiao
exec "$CARGO_TARGET_DIR/release/qiao" serve "$@"
