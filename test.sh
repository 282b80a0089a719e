#!/usr/bin/env bash
# Runs every Qiao test: formatting and lints, the Rust suites (unit, API black-box, binary e2e),
# the web console's type-check, lint, unit tests and build, and the headless-Chromium tests.
# Installs what it needs on a fresh Debian machine (Chromium, npm packages).
#
#   ./test.sh                       embedded engines (SQLite, in-process bus)
#   QIAO_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test \
#   QIAO_TEST_NATS=nats://127.0.0.1:4222 ./test.sh     the same suite on PostgreSQL and NATS
#   QIAO_TEST_SUITE=rust ./test.sh  only the Rust suites
set -euo pipefail
cd "$(dirname "$0")"
suite="${QIAO_TEST_SUITE:-all}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
step() { printf '\n==> %s\n' "$*"; }

# shellcheck source=infra/scripts/prereqs.sh
. infra/scripts/prereqs.sh

if [ -n "${QIAO_TEST_POSTGRES:-}" ]; then
  need psql postgresql-client
  step "dropping test databases left by earlier runs"
  psql "$QIAO_TEST_POSTGRES" -Atqc "SELECT datname FROM pg_database WHERE datname LIKE 'qiao\_t\_%' OR datname LIKE 'qiao\_e2e\_%'" |
    while read -r db; do psql "$QIAO_TEST_POSTGRES" -qc "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" || true; done
fi

# Real engines the Rust tests use: espeak-ng for TTS, moto as the S3 protocol server.
need espeak-ng espeak-ng
need sipp sip-tester   # SIP calls in the voice tests
# moto 5.2.5 or later: 5.2.1 answers CompleteMultipartUpload with the wrong XML root
# (getmoto/moto#10055), which the AWS SDK rightly refuses.
if ! command -v moto_server >/dev/null ||
   ! python3 -c 'import sys, moto; sys.exit(tuple(map(int, moto.__version__.split(".")[:3])) < (5, 2, 5))' 2>/dev/null; then
  step "installing moto 5.2.5+ (S3 server for tests)"
  python3 -m pip install --quiet --root-user-action=ignore 'moto[server]>=5.2.5'
fi

step "cargo fmt --check"
cargo fmt --all -- --check
step "cargo clippy --all-targets -- -D warnings"
cargo clippy --workspace --all-targets --quiet -- -D warnings
step "architecture guards: crate dependencies, the store's door, module cycles"
bash infra/scripts/guards.sh
step "cargo machete (dependencies no code uses)"
if ! cargo machete --version >/dev/null 2>&1; then
  cargo install --locked --quiet cargo-machete
fi
cargo machete
step "building the qiao binary"
cargo build -p qiao-api --bin qiao --quiet
export QIAO_BIN="$CARGO_TARGET_DIR/debug/qiao"

if [ "$suite" = all ]; then
  need chromium chromium
  step "web: install, codegen, type-check, lint, unit tests, build"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
  npm run --prefix web typecheck
  npm run --prefix web lint
  npm run --prefix web circular
  npm run --prefix web test
  npm run --prefix web build
  step "web: headless-Chromium tests against the qiao binary"
  npm run --prefix web e2e
fi

engines="SQLite, in-process bus"
[ -n "${QIAO_TEST_POSTGRES:-}" ] && engines="PostgreSQL"
[ -n "${QIAO_TEST_NATS:-}" ] && engines="$engines, NATS"
step "Rust tests on $engines"
# Tests that need PostgreSQL or NATS are #[ignore]d: the embedded run reports them skipped,
# the PostgreSQL pass runs them with the rest.
ignored=() libtest=()
if [ -n "${QIAO_TEST_POSTGRES:-}" ]; then ignored=(--run-ignored all) libtest=(--include-ignored); fi
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast "${ignored[@]}"
else
  cargo test --workspace --no-fail-fast -- "${libtest[@]}"
fi
