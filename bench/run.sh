#!/usr/bin/env bash
# scimhub benchmark suite. The one command, from the repository root:
#
#   bench/run.sh
#
# 1. builds the server (mvn -B -q package -DskipTests) and the bench (bench/pom.xml, a separate Maven project);
# 2. starts scimhub as a subprocess: embedded PostgreSQL in a fresh temp data dir, a free port, a random JWT secret,
#    -Xmx256m; waits for /ready; reads the embedded PostgreSQL's port from its startup line;
# 3. starts the ceiling server (dev.scimhub.bench.ceiling.CeilingServer from the bench jar: bare Vert.x and a
#    vertx-pg-client pool of 8 on the SAME database, -Xmx256m);
# 4. seeds through scimhub's public API (tenants with their own tokens, 100,000 users in one tenant, 1,000 in each of
#    100 more, groups of 0, 10,000 and 100,000 members) and runs the scenarios (bench/README.md says which);
#    beside it runs a second scimhub on the same database with metrics off and no default rate limit, which the
#    ops-cost scenario compares with the first;
# 5. stops both, restarts scimhub on the same data with -Xmx64m and repeats the GET of all 100,000 members, to prove the
#    response is streamed rather than built in memory;
# 6. prints the table with the targets and writes bench/results/<UTC stamp>.json, -measurements.csv, -targets.csv.
# The ceiling, the server and its embedded PostgreSQL are ALWAYS stopped at the end (trap EXIT; SIGTERM to each java
# process, whose handler stops the database), and the script checks that no postgres process of its data dir is left.
#
# Environment knobs (all optional):
#   BENCH_SKIP_BUILD=1   use the jars already built (target/scimhub.jar, bench/target/scimhub-bench.jar)
#   BENCH_MVN_ARGS       extra Maven arguments, e.g. "-o" to build offline
#   BENCH_HEAP           server heap for the main phase (default 256m)
#   BENCH_LOW_HEAP       server heap for the memory check (default 64m; set it empty to skip that phase)
#   BENCH_ARGS           extra options for the bench's run command, e.g. "--tenants 10 --seconds 5"
#   BENCH_SERVER_OPTS    extra JVM options for scimhub (main phase), e.g. "-XX:StartFlightRecording=filename=/tmp/s.jfr"
#   BENCH_NO_CEILING=1   do not start the ceiling server (no ratios)
#   BENCH_KEEP=1         keep the temp dir (server logs, fixture, raw phase results) instead of deleting it
#   BENCH_STRICT=1       exit with status 3 when a target is missed
#   BENCH_NO_OPS=1       do not start the second server of the metrics-and-rate-limit cost check (scenario ops-cost)
#   BENCH_RATE_LIMIT     the server's per-tenant rate (default 1000000/s: the scenarios measure throughput, so the
#                        limiter runs but never throttles; its cost is in the figures)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"

SERVER_JAR=$ROOT/target/scimhub.jar
BENCH_JAR=$ROOT/bench/target/scimhub-bench.jar
RESULTS_DIR=$ROOT/bench/results
HEAP=${BENCH_HEAP:-256m}
LOW_HEAP=${BENCH_LOW_HEAP-64m}
STAMP=$(date -u +%Y-%m-%dT%H:%M:%SZ)
START_SECONDS=$SECONDS

WORK_DIR=$(mktemp -d -t scimhub-bench.XXXXXX)
DATA_DIR=$(mktemp -d -t scimhub-bench-data.XXXXXX)
JWT_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '\n')
SERVER_PID=
CEILING_PID=
OFF_PID=
OFF_DIR=
EXTRA_PID=
EXTRA_DIR=
PORT=
PG_PORT=
STATUS_NOTE=

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }

# Stops the server started by this script (by its pid), then makes sure the embedded PostgreSQL of DATA_DIR is gone.
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    if kill -0 "$SERVER_PID" 2>/dev/null; then
      log "stopping scimhub (pid $SERVER_PID) with SIGTERM"
      kill -TERM "$SERVER_PID" 2>/dev/null || true
      for _ in $(seq 1 120); do
        kill -0 "$SERVER_PID" 2>/dev/null || break
        sleep 0.5
      done
      if kill -0 "$SERVER_PID" 2>/dev/null; then
        log "scimhub did not stop within 60 s; SIGKILL"
        kill -KILL "$SERVER_PID" 2>/dev/null || true
      fi
    fi
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  # The postmaster of this data dir, if the server's shutdown did not stop it (e.g. after a SIGKILL).
  local pidfile=$DATA_DIR/pg/postmaster.pid
  if [ -f "$pidfile" ]; then
    local pg
    pg=$(head -1 "$pidfile" 2>/dev/null || true)
    if [ -n "$pg" ] && kill -0 "$pg" 2>/dev/null && grep -q postgres "/proc/$pg/comm" 2>/dev/null; then
      log "WARNING: embedded PostgreSQL (pid $pg) outlived the server; stopping it (fast shutdown)"
      kill -INT "$pg" 2>/dev/null || true
      for _ in $(seq 1 40); do
        kill -0 "$pg" 2>/dev/null || break
        sleep 0.5
      done
      kill -0 "$pg" 2>/dev/null && kill -KILL "$pg" 2>/dev/null || true
      STATUS_NOTE="embedded PostgreSQL had to be stopped by the script"
    fi
  fi
  if pgrep -f -- "-D $DATA_DIR/pg" >/dev/null 2>&1; then
    log "ERROR: postgres processes of $DATA_DIR/pg are still running: $(pgrep -f -- "-D $DATA_DIR/pg" | tr '\n' ' ')"
    return 1
  fi
  return 0
}

# Stops the ceiling server started by this script (by its pid).
stop_ceiling() {
  if [ -n "$CEILING_PID" ]; then
    if kill -0 "$CEILING_PID" 2>/dev/null; then
      log "stopping the ceiling server (pid $CEILING_PID) with SIGTERM"
      kill -TERM "$CEILING_PID" 2>/dev/null || true
      for _ in $(seq 1 40); do
        kill -0 "$CEILING_PID" 2>/dev/null || break
        sleep 0.25
      done
      kill -0 "$CEILING_PID" 2>/dev/null && kill -KILL "$CEILING_PID" 2>/dev/null || true
    fi
    wait "$CEILING_PID" 2>/dev/null || true
    CEILING_PID=
  fi
}

# Stops the second server of the ops-cost scenario (it has no database of its own).
# Stops the process $1 with SIGTERM (SIGKILL after 30 s) and waits for it.
stop_pid() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

stop_off_server() {
  stop_pid "$OFF_PID"
  OFF_PID=
  [ -n "$OFF_DIR" ] && rm -rf "$OFF_DIR"
  OFF_DIR=
  # One that did not become ready (and so was never handed to the two above).
  stop_pid "$EXTRA_PID"
  EXTRA_PID=
  [ -n "$EXTRA_DIR" ] && rm -rf "$EXTRA_DIR"
  EXTRA_DIR=
}

cleanup() {
  local status=$?
  set +e
  stop_off_server
  stop_ceiling
  stop_server
  local stopped=$?
  if [ "$stopped" -eq 0 ]; then
    log "server stopped; no postgres process of $DATA_DIR/pg left${STATUS_NOTE:+ ($STATUS_NOTE)}"
  fi
  if [ "$status" -ne 0 ] && [ "$status" -ne 3 ]; then
    for f in "$WORK_DIR"/server-*.log "$WORK_DIR"/ceiling.log; do
      [ -f "$f" ] || continue
      log "last lines of $f:"
      tail -n 30 "$f"
    done
  fi
  if [ "${BENCH_KEEP:-}" = 1 ]; then
    log "kept: $WORK_DIR (logs, fixture, phase results) and $DATA_DIR (database)"
  else
    rm -rf "$WORK_DIR" "$DATA_DIR"
  fi
  [ "$stopped" -eq 0 ] || status=1
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Starts scimhub with heap $1, logging to $2, and waits for /ready; extra JVM options in $3; $4 "off" starts it
# without metrics and without a default rate limit (to measure what the two cost).
start_server() {
  local heap=$1 logfile=$2 opts=${3:-} ops=${4:-on}
  local rate=${BENCH_RATE_LIMIT:-1000000} metrics=true
  if [ "$ops" = off ]; then
    rate=0
    metrics=false
  fi
  # shellcheck disable=SC2086
  env -u SCIMHUB_DB_URL -u SCIMHUB_DB_PASSWORD -u SCIMHUB_PUBLIC_URL -u SCIMHUB_LOG_LEVEL -u SCIMHUB_ACCESS_LOG_LEVEL \
    -u SCIMHUB_DB_POOL_SIZE -u SCIMHUB_METRICS_TOKEN \
    SCIMHUB_DATA_DIR="$DATA_DIR" SCIMHUB_HTTP_PORT="$PORT" SCIMHUB_JWT_SECRET="$JWT_SECRET" \
    SCIMHUB_SCIM_RATE_LIMIT_PER_SECOND="$rate" SCIMHUB_METRICS_ENABLED="$metrics" \
    SCIMHUB_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true \
    java -Xmx"$heap" $opts -jar "$SERVER_JAR" serve >"$logfile" 2>&1 &
  SERVER_PID=$!
  local started=$SECONDS
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/ready" 2>/dev/null; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      log "scimhub exited during start"
      return 1
    fi
    if [ $((SECONDS - started)) -gt 180 ]; then
      log "scimhub not ready after 180 s"
      return 1
    fi
    sleep 0.5
  done
  PG_PORT=$(sed -n 's/.*embedded PostgreSQL on port \([0-9][0-9]*\).*/\1/p' "$logfile" | tail -n 1)
  log "scimhub ready on port $PORT (pid $SERVER_PID, -Xmx$heap) after $((SECONDS - started)) s;" \
    "embedded PostgreSQL on port ${PG_PORT:-?}"
}

# Starts another scimhub on port $1 against the running one's embedded PostgreSQL and waits for /ready; $2 names it
# in the log, $3 is its log file, the rest are the settings it differs by (VAR=value). Sets EXTRA_PID and EXTRA_DIR.
start_extra_server() {
  local port=$1 label=$2 logfile=$3
  shift 3
  EXTRA_DIR=$(mktemp -d -t scimhub-bench-extra.XXXXXX)
  env -u SCIMHUB_DB_PASSWORD -u SCIMHUB_PUBLIC_URL -u SCIMHUB_LOG_LEVEL -u SCIMHUB_ACCESS_LOG_LEVEL \
    -u SCIMHUB_DB_POOL_SIZE -u SCIMHUB_METRICS_TOKEN \
    SCIMHUB_DB_URL="postgresql://postgres@localhost:$PG_PORT/postgres" SCIMHUB_DATA_DIR="$EXTRA_DIR" \
    SCIMHUB_HTTP_PORT="$port" SCIMHUB_JWT_SECRET="$JWT_SECRET" "$@" \
    java -Xmx"$HEAP" -jar "$SERVER_JAR" serve >"$logfile" 2>&1 &
  EXTRA_PID=$!
  local started=$SECONDS
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/ready" 2>/dev/null; do
    if ! kill -0 "$EXTRA_PID" 2>/dev/null || [ $((SECONDS - started)) -gt 120 ]; then
      log "the $label server did not start"
      return 1
    fi
    sleep 0.5
  done
  log "$label scimhub ready on port $port (pid $EXTRA_PID), on the same database"
}

# The "off" side of the ops-cost scenario: metrics off and no default rate limit.
# It is a second node of the same platform, so it delivers webhooks too: like the main server it must be allowed the
# bench's receiver on loopback, or its attempts fail and those deliveries wait out the retry schedule.
start_off_server() {
  start_extra_server "$1" metrics-off "$WORK_DIR/server-ops-off.log" \
    SCIMHUB_SCIM_RATE_LIMIT_PER_SECOND=0 SCIMHUB_METRICS_ENABLED=false SCIMHUB_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true
  OFF_PID=$EXTRA_PID
  OFF_DIR=$EXTRA_DIR
}

# Starts the ceiling server on port $1 against the embedded PostgreSQL of the running scimhub, and waits for /health.
start_ceiling() {
  local port=$1
  java -Xmx"$HEAP" -cp "$BENCH_JAR" dev.scimhub.bench.ceiling.CeilingServer --port "$port" --pg-port "$PG_PORT" \
    --pool-size 8 >"$WORK_DIR/ceiling.log" 2>&1 &
  CEILING_PID=$!
  local started=$SECONDS
  until curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$port/health" 2>/dev/null; do
    if ! kill -0 "$CEILING_PID" 2>/dev/null; then
      log "the ceiling server exited during start"
      return 1
    fi
    if [ $((SECONDS - started)) -gt 60 ]; then
      log "the ceiling server is not up after 60 s"
      return 1
    fi
    sleep 0.25
  done
  log "ceiling server ready on port $port (pid $CEILING_PID, -Xmx$HEAP, pool 8, PostgreSQL port $PG_PORT)"
}

bench() {
  java -Xmx1g -jar "$BENCH_JAR" "$@"
}

if [ "${BENCH_SKIP_BUILD:-}" != 1 ]; then
  log "building the server: mvn -B -q package -DskipTests ${BENCH_MVN_ARGS:-}"
  # shellcheck disable=SC2086
  mvn -B -q package -DskipTests ${BENCH_MVN_ARGS:-}
  log "building the bench: mvn -B -q -f bench/pom.xml package ${BENCH_MVN_ARGS:-}"
  # shellcheck disable=SC2086
  mvn -B -q -f bench/pom.xml package ${BENCH_MVN_ARGS:-}
fi
[ -f "$SERVER_JAR" ] || { log "missing $SERVER_JAR"; exit 1; }
[ -f "$BENCH_JAR" ] || { log "missing $BENCH_JAR"; exit 1; }

PORT=$(bench free-port)
log "data dir $DATA_DIR, work dir $WORK_DIR"
start_server "$HEAP" "$WORK_DIR/server-main.log" "${BENCH_SERVER_OPTS:-}"
CEILING_ARGS=()
if [ "${BENCH_NO_CEILING:-}" != 1 ]; then
  [ -n "$PG_PORT" ] || { log "no 'embedded PostgreSQL on port N' in the server log"; exit 1; }
  CEILING_PORT=$(bench free-port)
  start_ceiling "$CEILING_PORT"
  CEILING_ARGS=(--ceiling-url "http://127.0.0.1:$CEILING_PORT" --ceiling-pid "$CEILING_PID")
fi
PG_ARGS=()
[ -n "$PG_PORT" ] && PG_ARGS=(--pg-port "$PG_PORT")
OPS_ARGS=()
if [ "${BENCH_NO_OPS:-}" != 1 ] && [ -n "$PG_PORT" ]; then
  OFF_PORT=$(bench free-port)
  start_off_server "$OFF_PORT"
  OPS_ARGS=(--ops-off-url "http://127.0.0.1:$OFF_PORT")
fi

ADMIN_TOKEN=$(env -u SCIMHUB_DB_URL SCIMHUB_DATA_DIR="$DATA_DIR" SCIMHUB_JWT_SECRET="$JWT_SECRET" \
  java -jar "$SERVER_JAR" admin-token --ttl 2h 2>/dev/null | grep -E "^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$" | tail -n 1)
[ -n "$ADMIN_TOKEN" ] || { log "admin-token printed nothing"; exit 1; }

PHASES=main
# shellcheck disable=SC2086
BENCH_ADMIN_TOKEN=$ADMIN_TOKEN bench run --phase main --seed --server-url "http://127.0.0.1:$PORT" \
  "${CEILING_ARGS[@]}" "${PG_ARGS[@]}" "${OPS_ARGS[@]}" \
  --run-dir "$WORK_DIR" --server-pid "$SERVER_PID" --server-data-dir "$DATA_DIR" --server-heap "$HEAP" ${BENCH_ARGS:-}
stop_off_server
stop_ceiling
stop_server

if [ -n "$LOW_HEAP" ]; then
  PHASES=$PHASES,lowheap
  start_server "$LOW_HEAP" "$WORK_DIR/server-lowheap.log"
  # shellcheck disable=SC2086
  bench run --phase lowheap --scenarios get-group-full --server-url "http://127.0.0.1:$PORT" \
    --run-dir "$WORK_DIR" --server-pid "$SERVER_PID" --server-data-dir "$DATA_DIR" --server-heap "$LOW_HEAP" ${BENCH_ARGS:-}
  if grep -q OutOfMemoryError "$WORK_DIR/server-lowheap.log"; then
    log "WARNING: the -Xmx$LOW_HEAP server logged an OutOfMemoryError"
  fi
  stop_server
fi

STRICT=()
[ "${BENCH_STRICT:-}" = 1 ] && STRICT=(--strict)
REVISION=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ "$REVISION" != unknown ] && [ -n "$(git -C "$ROOT" status --porcelain -- src pom.xml 2>/dev/null)" ]; then
  REVISION="$REVISION+local changes"
fi
bench report --run-dir "$WORK_DIR" --phases "$PHASES" --results-dir "$RESULTS_DIR" --stamp "$STAMP" \
  --revision "$REVISION" \
  --elapsed-seconds $((SECONDS - START_SECONDS)) "${STRICT[@]}"
