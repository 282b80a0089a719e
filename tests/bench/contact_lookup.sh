#!/usr/bin/env bash
# Caller-ID look-up with 1,000,000 contacts: seeds 1M contacts with one phone each straight
# into the database (SQLite by default; PostgreSQL with QIAO_DATABASE_URL=postgres://…), then
# wrk asks `contactByPhone` for random numbers through GraphQL for 10 s and prints latency.
#   tests/bench/contact_lookup.sh [path/to/qiao]   (default: the release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
. infra/scripts/prereqs.sh
need wrk wrk
need jq jq
target="${CARGO_TARGET_DIR:-$PWD/target}"
bin="${1:-$target/release/qiao}"
[ -x "$bin" ] || cargo build --release -p qiao-api --bin qiao
count="${CONTACTS:-1000000}"
dir=$(mktemp -d)
port=$((20000 + RANDOM % 20000))
url="http://127.0.0.1:$port/graphql"
QIAO_DATA_DIR="$dir" QIAO_HTTP_ADDR="127.0.0.1:$port" QIAO_LOG=warn "$bin" serve >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.1; done
gql() { curl -fs "$url" -H 'content-type: application/json' ${2:+-H "authorization: Bearer $2"} -d "$1"; }
slug="lookup-$RANDOM$RANDOM"
token=$(gql "{\"query\":\"mutation{signUp(input:{tenantName:\\\"Lookup\\\",tenantSlug:\\\"$slug\\\",email:\\\"o@bench.example\\\",password:\\\"Harbour-Ferry-42\\\"}){accessToken tenant{id}}}\"}" | jq -r .data.signUp.accessToken)
tenant=$(gql '{"query":"{me{tenant{id}}}"}' "$token" | jq -r .data.me.tenant.id)

echo "seeding $count contacts…"
start=$(date +%s)
if [ -n "${QIAO_DATABASE_URL:-}" ]; then
  psql "$QIAO_DATABASE_URL" -q <<SQL
INSERT INTO contacts SELECT gen_random_uuid(), '$tenant'::uuid, 'Contact ' || n, '[]', '[]', 0, NULL, '', NULL,
  '{"calls":false,"sms":false,"email":false,"marketing":false}', NULL, now(), now() FROM generate_series(1, $count) n;
INSERT INTO contact_phones SELECT gen_random_uuid(), '$tenant'::uuid, id, '+86139' || lpad(substr(name, 9), 8, '0'), 'mobile', now(), now()
  FROM contacts WHERE tenant_id = '$tenant'::uuid;
ANALYZE contacts; ANALYZE contact_phones;
SQL
else
  python3 - "$dir/qiao.db" "$tenant" "$count" <<'PY'
import sqlite3, sys, uuid, datetime
db, tenant, count = sys.argv[1], uuid.UUID(sys.argv[2]).bytes, int(sys.argv[3])
now = datetime.datetime.now(datetime.timezone.utc).isoformat()
consent = '{"calls":false,"email":false,"marketing":false,"sms":false}'
c = sqlite3.connect(db, timeout=60)
rows = [(uuid.uuid4().bytes, n) for n in range(1, count + 1)]
c.executemany("INSERT INTO contacts VALUES (?, ?, ?, '[]', '[]', 0, NULL, '', NULL, ?, NULL, ?, ?)",
              ((i, tenant, f"Contact {n}", consent, now, now) for i, n in rows))
c.executemany("INSERT INTO contact_phones VALUES (?, ?, ?, ?, 'mobile', ?, ?)",
              ((uuid.uuid4().bytes, tenant, i, f"+86139{n:08d}", now, now) for i, n in rows))
c.commit()
c.execute("ANALYZE")
PY
fi
echo "seeded in $(( $(date +%s) - start )) s"
gql '{"query":"{contactByPhone(number:\"+8613900000042\"){name}}"}' "$token" | jq -c .data
# The indexed look-up alone, in the database.
if [ -n "${QIAO_DATABASE_URL:-}" ]; then
  psql "$QIAO_DATABASE_URL" -qAt -c "EXPLAIN (ANALYZE, TIMING ON) SELECT * FROM contact_phones WHERE tenant_id = '$tenant'::uuid AND e164 = '+8613900424242'" | grep -E "Index|Execution Time"
else
  python3 - "$dir/qiao.db" "$tenant" "$count" <<'PY'
import sqlite3, sys, uuid, random, time
c = sqlite3.connect(sys.argv[1]); t = uuid.UUID(sys.argv[2]).bytes; n = int(sys.argv[3])
plan = c.execute("EXPLAIN QUERY PLAN SELECT * FROM contact_phones WHERE tenant_id = ? AND e164 = ?", (t, "+8613900000001")).fetchall()
start = time.perf_counter()
for _ in range(10000):
    c.execute("SELECT * FROM contact_phones WHERE tenant_id = ? AND e164 = ?", (t, f"+86139{random.randint(1, n):08d}")).fetchone()
print(f"plan: {plan[0][-1]}; 10,000 look-ups: {(time.perf_counter() - start) / 10000 * 1e6:.1f} us each")
PY
fi

cat > "$dir/lookup.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["authorization"] = "Bearer $token"
request = function()
  local body = string.format('{"query":"{contactByPhone(number:\\\\"+86139%08d\\\\"){id name}}"}', math.random(1, $count))
  return wrk.format(nil, nil, nil, body)
end
LUA
engine="SQLite (embedded)"; [ -n "${QIAO_DATABASE_URL:-}" ] && engine="PostgreSQL"
echo "database: $engine; $count contacts; wrk -t2 -c8 -d10s"
wrk -t2 -c8 -d10s --latency -s "$dir/lookup.lua" "$url" | grep -E "Requests/sec|Latency|50%|90%|99%|requests in|Non-2xx"
