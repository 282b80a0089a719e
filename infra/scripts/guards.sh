#!/usr/bin/env bash
# Architecture guards (ARCHITECTURE.md, "Invariants"): each check prints what broke it and
# the script exits 1 when any did. A few known breaches are listed in
# infra/scripts/guards-allow.txt while they are being removed: a listed breach that is gone
# fails too, so the list can only shrink.
set -uo pipefail
cd "$(dirname "$0")/../.."
allow=infra/scripts/guards-allow.txt
failed=0
found=$(mktemp)
trap 'rm -f "$found" "$found.tree" "$found.deps"' EXIT

bad() { printf '  guard failed: %s\n' "$*"; failed=1; }
# A breach: allowed when the allow-list names it (`guard|what`), else a failure.
breach() {
  local guard=$1 what=$2
  printf '%s|%s\n' "$guard" "$what" >>"$found"
  grep -qxF "$guard|$what" "$allow" 2>/dev/null || bad "$guard: $what"
}

echo "guard: crate dependencies"
# The packages crate $1 depends on (normal edges); a failing `cargo tree` fails the guard.
deps_of() {
  cargo tree -p "$1" -e normal --prefix none --format '{p}' >"$found.tree" || return 1
  awk '{print $1}' "$found.tree" | sort -u
}
forbid() {
  local crate=$1 pattern=$2 why=$3 dep
  if ! deps_of "$crate" >"$found.deps"; then bad "cargo tree -p $crate failed"; return; fi
  while IFS= read -r dep; do bad "$crate depends on $dep ($why)"; done < <(grep -xE "$pattern" "$found.deps")
}
forbid qiao-tenants 'axum|async-graphql|rsip|webrtc' "the domain compiles without the web and media stacks"
forbid qiao-media 'sea-orm|axum|async-graphql' "media has no database and no HTTP"

echo "guard: voice does not reach the app state"
while IFS= read -r hit; do breach voice-app "$hit"; done < <(
  grep -rlE 'crate::(state|app)\b' api/src/voice | sort)

echo "guard: rows are found and deleted only through the store"
while IFS= read -r hit; do breach unscoped-query "$hit"; done < <(
  grep -rlE 'Entity::find\(\)|::find_by_id\(|::delete_many\(\)|Entity::delete_by_id\(' tenants/src |
    grep -v '^tenants/src/store/' | sort)

echo "guard: the tenant filter is written only in the store"
while IFS= read -r hit; do breach tenant-filter "$hit"; done < <(
  grep -rlE 'Column::TenantId\.eq' tenants/src | grep -v '^tenants/src/store/' | sort)

echo "guard: the ground floor imports no feature module"
ground='ids|values|ctx|error|db|events|objects|store'
while IFS= read -r hit; do bad "$hit"; done < <(
  for f in ids values ctx error db events objects; do
    grep -oE 'crate::[a-z_]+' "tenants/src/$f.rs" | sort -u | while read -r m; do
      m=${m#crate::}
      [[ $m =~ ^($ground)$ ]] || echo "tenants/src/$f.rs imports crate::$m"
    done
  done)

echo "guard: no import cycles between modules"
for src in tenants/src api/src; do
  while IFS= read -r line; do
    case $line in *"a cycle through"*) breach cycle "${line#*: }" ;; esac
  done < <(python3 infra/scripts/module_cycles.py "$src")
done

# What the allow-list names and no longer happens: take it off the list.
if [ -f "$allow" ]; then
  while IFS= read -r entry; do
    grep -qxF "$entry" "$found" || bad "'$entry' is allowed in $allow but no longer happens: remove it"
  done < <(grep -vE '^[[:space:]]*(#|$)' "$allow")
fi
[ $failed = 0 ] && echo "guards: all hold"
exit $failed
