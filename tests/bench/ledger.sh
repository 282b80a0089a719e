#!/usr/bin/env bash
# Member-card ledger throughput: spends of 0.01 posted through GraphQL (HTTP, auth, ledger
# entry and balance update in one transaction) by wrk for 10 s, on embedded SQLite or, with
# QIAO_DATABASE_URL=postgres://…, on PostgreSQL. Prints operations per second and latency,
# then prints the balance next to the last ledger entry. Record the figures in docs/benchmarks.md.
#   tests/bench/ledger.sh [path/to/qiao]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
. infra/scripts/prereqs.sh
need wrk wrk
need jq jq
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${1:-$target/release/qiao}"
[ -x "$bin" ] || cargo build --release -p qiao-api --bin qiao
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
url="http://127.0.0.1:$port/graphql"
QIAO_DATA_DIR="$dir" QIAO_HTTP_ADDR="127.0.0.1:$port" QIAO_LOG=warn \
  QIAO_AUTH_MAX_FAILURES_PER_ADDRESS=1000000 "$bin" serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done

gql() { curl -fs "$url" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"; }
slug="bench-$RANDOM$RANDOM"
token=$(gql "{\"query\":\"mutation{signUp(input:{tenantName:\\\"Bench\\\",tenantSlug:\\\"$slug\\\",email:\\\"o@bench.example\\\",password:\\\"Harbour-Ferry-42\\\"}){accessToken}}\"}" | jq -r .data.signUp.accessToken)
card=$(gql '{"query":"mutation{createMemberCard(input:{cardNumber:\"1000000001\",pin:\"1234\"}){id}}"}' "$token" | jq -r .data.createMemberCard.id)
gql "{\"query\":\"mutation{postCardTransaction(input:{cardId:\\\"$card\\\",kind:TOP_UP,amountMinor:100000000}){card{balanceMinor}}}\"}" "$token" >/dev/null

cat > "$dir/spend.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer $token"
wrk.body = '{"query":"mutation{postCardTransaction(input:{cardId:\\\\"$card\\\\",kind:SPEND,amountMinor:1}){card{balanceMinor}}}"}'
LUA
engine="SQLite (embedded)"; [ -n "${QIAO_DATABASE_URL:-}" ] && engine="PostgreSQL"
echo "database: $engine; wrk -t2 -c16 -d10s"
wrk -t2 -c16 -d10s --latency -s "$dir/spend.lua" "$url" | grep -E "Requests/sec|Latency|50%|99%|requests in|Non-2xx"
check=$(gql "{\"query\":\"{memberCard(id:\\\"$card\\\"){balanceMinor ledger(limit:1){balanceAfter}}}\"}" "$token")
echo "balance after: $(echo "$check" | jq -c .data.memberCard)"
