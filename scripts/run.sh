#!/usr/bin/env bash
# Runs Faultline for development in the foreground: Redis (when nothing answers at
# REDIS_URL), a Celery worker, Celery beat and Django's server. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
pids=()

stop_all() {
    trap - EXIT INT TERM
    echo "Stopping Faultline..."
    kill "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
}
trap stop_all EXIT INT TERM

if ! $BIN/python -c "import redis, sys; redis.Redis.from_url(sys.argv[1], socket_connect_timeout=1).ping()" "$REDIS_URL" 2>/dev/null; then
    port=$($BIN/python -c "import sys; from urllib.parse import urlsplit; print(urlsplit(sys.argv[1]).port or 6379)" "$REDIS_URL")
    echo "Nothing answers at $REDIS_URL: starting redis-server on 127.0.0.1:$port."
    redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning &
    pids+=($!)
    sleep 0.5
fi

$BIN/celery -A config worker --loglevel=INFO --concurrency=2 &
pids+=($!)
$BIN/celery -A config beat --loglevel=INFO &
pids+=($!)
$BIN/python manage.py runserver 127.0.0.1:8000 &
pids+=($!)

cat var/demo-credentials.txt 2>/dev/null || true
echo "Faultline runs at http://127.0.0.1:8000/ (health: /healthz). Ctrl-C stops every process."
# Stop everything as soon as any one process dies, rather than limp on half-started.
wait -n
