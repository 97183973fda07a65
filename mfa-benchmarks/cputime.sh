#!/usr/bin/env bash
# TOTP verify of two commits in per-thread CPU time, alternating their jars (NOTES.md, issue 10): for each
# round and algorithm one JVM per jar, before then after, each running CpuTime's batches; then the summary.
# The harness classes come from AFTER_JAR and go on the class path ahead of each jar.
#
#   mfa-benchmarks/cputime.sh BEFORE_JAR AFTER_JAR [ROUNDS] [ALGORITHMS] [OUT_DIR]
#   e.g. mfa-benchmarks/cputime.sh ../before/mfa-benchmarks/target/benchmarks.jar \
#          mfa-benchmarks/target/benchmarks.jar 3 SHA1,SHA256 /tmp/cputime
set -euo pipefail
before_jar="$(realpath "$1")"; after_jar="$(realpath "$2")"
rounds="${3:-3}"; algorithms="${4:-SHA1,SHA256}"; out="${5:-$(mktemp -d)}"
mkdir -p "$out/harness"
(cd "$out/harness" && unzip -qo "$after_jar" 'org/mfa4j/benchmarks/CpuTime*')
for round in $(seq 1 "$rounds"); do
  for alg in ${algorithms//,/ }; do
    for side in before after; do
      jar="$before_jar"; [[ $side == after ]] && jar="$after_jar"
      printf 'cputime.sh: round %s %s %s, load %s\n' "$round" "$alg" "$side" "$(cut -d' ' -f1-3 /proc/loadavg)" >&2
      java -Xms1g -Xmx1g -cp "$out/harness:$jar" org.mfa4j.benchmarks.CpuTime measure "$side" "$alg" \
        >"$out/$side-$alg-$round.tsv"
    done
  done
done
java -cp "$after_jar" org.mfa4j.benchmarks.CpuTime summarise before after "$out"/*.tsv
