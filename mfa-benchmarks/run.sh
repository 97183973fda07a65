#!/usr/bin/env bash
# Builds the benchmarks jar and runs the whole suite in one JMH run (about 10 minutes on 2 cores), then
# rewrites mfa-benchmarks/RESULTS.md (every figure; it links the hand-written mfa-benchmarks/NOTES.md, and keeps
# its hand-run part, from the line "<!-- hand-run: kept by run.sh -->" on) and
# the short table of headline ratios between the README's benchmark markers (a row whose first cell says
# "(hand-run" stays). Run it on a quiet machine.
#
#   mfa-benchmarks/run.sh               the full run
#   mfa-benchmarks/run.sh --quick       1 fork, 1 s iterations: rough figures while developing
#   mfa-benchmarks/run.sh --include 'TotpVerify' --prof gc      any Suite option (see Suite's Javadoc)
#   MAVEN_ARGS=-o mfa-benchmarks/run.sh                            build offline (passed on to mvn, whose
#                                                                  own reading of it starts with Maven 3.9)
#
# PostgreSQL: MFA4J_TEST_PG_URL, MFA4J_TEST_PG_USER and MFA4J_TEST_PG_PASSWORD name a database to use. When
# they are not set and this runs as root with PostgreSQL installed, a throw-away server is started on
# 127.0.0.1 (a free port, durability off as in CI) and stopped at the end; otherwise the JDBC benchmarks
# run on H2 only and the table says PostgreSQL was not measured.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'run.sh: %s\n' "$*" >&2; }

pg_dir=""
pg_bin=""
stop_postgres() {
  if [[ -n "$pg_dir" && -f "$pg_dir/data/postmaster.pid" ]]; then
    runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  if [[ -n "$pg_dir" ]]; then
    rm -rf "$pg_dir"
  fi
}

start_postgres() {
  local initdb port password p
  initdb="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1)"
  pg_bin="$(dirname "$initdb")"
  pg_dir="$(mktemp -d /tmp/mfa4j-bench-pg.XXXXXX)"
  trap stop_postgres EXIT
  chown postgres: "$pg_dir"
  chmod 700 "$pg_dir"
  password="$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth-local=peer \
    --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1 \
    || { cat "$pg_dir/initdb.log" >&2; return 1; }
  port=""
  for p in $(seq 54439 54539); do
    if [[ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]]; then port="$p"; break; fi
  done
  [[ -n "$port" ]] || { log "no free port for PostgreSQL"; return 1; }
  runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$pg_dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
    start >/dev/null || { cat "$pg_dir/server.log" >&2; return 1; }
  runuser -u postgres -- "$pg_bin/psql" -h "$pg_dir" -p "$port" -d postgres -qAt -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE mfa4j_bench LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE mfa4j_bench OWNER mfa4j_bench" >/dev/null
  export MFA4J_TEST_PG_URL="jdbc:postgresql://127.0.0.1:$port/mfa4j_bench"
  export MFA4J_TEST_PG_USER="mfa4j_bench"
  export MFA4J_TEST_PG_PASSWORD="$password"
  pg_version="$("$pg_bin/postgres" --version | awk '{print $3}')"
  log "PostgreSQL $pg_version on 127.0.0.1:$port (throw-away, fsync off)"
}

log "building the benchmarks jar"
# shellcheck disable=SC2086 # MAVEN_ARGS is a list of options
mvn -q -B -ntp ${MAVEN_ARGS:-} -pl mfa-benchmarks -am package -DskipTests
jar=mfa-benchmarks/target/benchmarks.jar

extra=()
pg_note=""
if [[ -n "${MFA4J_TEST_PG_URL:-}" ]]; then
  pg_note="given by MFA4J_TEST_PG_URL"
elif [[ "$(id -u)" == 0 ]] && compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null && command -v ss >/dev/null; then
  start_postgres
  pg_note="PostgreSQL $pg_version, throw-away server on 127.0.0.1 started by run.sh (fsync, synchronous_commit and full_page_writes off, as in CI)"
else
  log "no PostgreSQL (set MFA4J_TEST_PG_URL/_USER/_PASSWORD, or run as root with PostgreSQL installed): H2 only"
  extra+=(-p db=h2)
  pg_note="not available: JDBC measured on H2 only"
fi

commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then
  commit="$commit (with local changes)"
fi

log "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo n/a)"
java -cp "$jar" org.mfa4j.benchmarks.Suite \
  --results mfa-benchmarks/RESULTS.md \
  --readme README.md \
  --json mfa-benchmarks/target/jmh-result.json \
  --notes mfa-benchmarks/NOTES.md \
  --note "mfa4j commit=$commit" \
  --note "PostgreSQL=$pg_note" \
  --note "H2=embedded, file database in a temporary folder, HikariCP defaults" \
  "${extra[@]}" "$@"
