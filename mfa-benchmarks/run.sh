#!/usr/bin/env bash
# Builds the benchmarks jar and runs the whole suite in one JMH run (about 6 minutes on 2 cores), then
# writes mfa-benchmarks/RESULTS.md and the README's Performance section. Run it on a quiet machine.
#
#   mfa-benchmarks/run.sh               the full run
#   mfa-benchmarks/run.sh --quick       1 fork, 1 s iterations: rough figures while developing
#   mfa-benchmarks/run.sh --include 'TotpVerify' --prof gc      any Suite option (see Suite's Javadoc)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'run.sh: %s\n' "$*" >&2; }

log "building the benchmarks jar"
mvn -q -B -ntp -pl mfa-benchmarks -am package -DskipTests
jar=mfa-benchmarks/target/benchmarks.jar

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then
  commit="$commit (with local changes)"
fi

log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
java -cp "$jar" org.mfa4j.benchmarks.Suite \
  --results mfa-benchmarks/RESULTS.md \
  --readme README.md \
  --json mfa-benchmarks/target/jmh-result.json \
  --note "mfa4j commit=$commit" \
  "$@"
