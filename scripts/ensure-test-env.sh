#!/usr/bin/env bash
# What `npm test` needs besides node_modules: a Redis answering at REDIS_URL, Chromium for the browser
# test, and redis-sentinel for the Sentinel failover test (not needed with SKIP_SCALE_TESTS=1, which leaves
# that test out). Run by `npm test` (pretest) and by .ci/run. Installs Debian's packages when it can (root,
# apt-get), otherwise stops with the exact command to run. Quiet and quick when everything is there.
set -euo pipefail

REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
hostport="${REDIS_URL#*://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"; hostport="${hostport%%\?*}"
if [[ "$hostport" == \[* ]]; then
  # [::1]:6379
  REDIS_HOST="${hostport#[}"; REDIS_HOST="${REDIS_HOST%%]*}"; REDIS_PORT="${hostport##*]:}"
  [[ "$REDIS_PORT" == \[* ]] && REDIS_PORT=6379
else
  REDIS_HOST="${hostport%%:*}"; REDIS_PORT="${hostport##*:}"
  [ "$REDIS_PORT" = "$hostport" ] && REDIS_PORT=6379
fi

# Any Redis reply counts (+PONG, or -NOAUTH from one that wants the password in REDIS_URL): a server is there.
redis_answers() {
  (exec 3<>"/dev/tcp/$REDIS_HOST/$REDIS_PORT" && printf 'PING\r\n' >&3 && head -c 1 <&3 | grep -q '[+-]') 2>/dev/null
}

need_redis=""
redis_answers || need_redis=1

packages=()
if [ -n "$need_redis" ] && ! command -v redis-server >/dev/null 2>&1; then packages+=(redis-server); fi
[ -x "$CHROMIUM" ] || packages+=(chromium)
if [ "${SKIP_SCALE_TESTS:-}" != 1 ] && ! command -v redis-sentinel >/dev/null 2>&1; then
  packages+=(redis-sentinel)
fi

if [ "${#packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "ensure-test-env: installing ${packages[*]} (Debian packages)" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    {
      echo "npm test needs ${packages[*]}, which this script can only install as root with apt-get. Run:"
      echo "  sudo apt-get update && sudo apt-get install -y ${packages[*]}"
      echo "then npm test again."
    } >&2
    exit 1
  fi
  if [ ! -x "$CHROMIUM" ]; then
    echo "ensure-test-env: no Chromium at $CHROMIUM after installing (set CHROMIUM_PATH to its path)" >&2
    exit 1
  fi
fi

if [ -n "$need_redis" ]; then
  case "$REDIS_HOST" in
    127.0.0.1 | localhost | ::1) ;;
    *)
      echo "ensure-test-env: no Redis answers at $REDIS_HOST:$REDIS_PORT (REDIS_URL), and it is not this machine" >&2
      exit 1
      ;;
  esac
  echo "ensure-test-env: starting redis-server on $REDIS_HOST:$REDIS_PORT" >&2
  redis-server --daemonize yes --bind "$REDIS_HOST" --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
  for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "ensure-test-env: redis-server did not start on $REDIS_PORT" >&2; exit 1; }
fi
