#!/usr/bin/env bash
# Routing engine decision latency: 1,000 agents, 20 skill groups, 50 queues, 10,000 waiting
# contacts (seeded). Prints decisions, decisions per second and p50/p99/max latency for an
# agent freeing up and for a contact arriving while agents are free, and the peak waiting
# count. Record the figures in docs/benchmarks.md.
#   tests/bench/routing.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo run --quiet --release -p qiao-tenants --example routing_bench
