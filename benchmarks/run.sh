#!/usr/bin/env bash
# Runs every benchmark of docs/benchmarks.md and prints the table of medians and ratios, then the 256 MB memory check.
#   benchmarks/run.sh                 # H2 and in-memory; PostgreSQL too when COMMS_TEST_POSTGRES_URL is set
#   benchmarks/run.sh --quick         # tiny datasets and iterations: checks the benchmarks work, measures nothing
#   benchmarks/run.sh --only='.*ListBenchmark.*' --prof=stack --no-memory-check
# SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; MVN picks the Maven command (default ./mvnw).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ${MVN:-./mvnw} -q -pl benchmarks -am package -DskipTests
fi
exec java -jar benchmarks/target/benchmarks.jar "$@"
