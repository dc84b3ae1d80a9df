#!/usr/bin/env bash
# Checks the Prometheus kit against a real Prometheus (Debian's `prometheus` package):
#   1. promtool validates the alert rules and the scrape configuration;
#   2. a running operator (started here on embedded defaults unless OPERATOR_URL is given) is
#      scraped by a real Prometheus on loopback, and Prometheus's HTTP API shows the target up,
#      the operator's metrics stored, and the 9 alert rules loaded.
# Run from the repository root:  bash deploy/prometheus/check.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  echo "installing Debian's prometheus package (promtool + prometheus)"
  apt-get update -qq && apt-get install -y -qq prometheus >/dev/null
fi
# Debian starts a system Prometheus on :9090; this check runs its own on other ports.

work=$(mktemp -d)
cleanup() {
  [ -n "${prom_pid:-}" ] && kill "$prom_pid" 2>/dev/null || true
  [ -n "${op_pid:-}" ] && kill "$op_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

echo "== promtool check rules"
promtool check rules deploy/prometheus/alerts.yml

if [ -z "${OPERATOR_URL:-}" ]; then
  [ -f target/mindroom-operator.jar ] || mvn -q -DskipTests package
  OPERATOR_DATA_DIR="$work/data" OPERATOR_PORT=18080 OPERATOR_SANDBOX_PORT=0 \
    OPERATOR_RECONCILE_RESYNC_INTERVAL=2s java -jar target/mindroom-operator.jar > "$work/operator.log" 2>&1 &
  op_pid=$!
  OPERATOR_URL=http://127.0.0.1:18080
  for _ in $(seq 1 60); do curl -fs "$OPERATOR_URL/health" >/dev/null && break; sleep 1; done
fi
target=${OPERATOR_URL#http://}

sed -e "s#/etc/prometheus/alerts.yml#$PWD/deploy/prometheus/alerts.yml#" \
    -e "s#\"operator:8080\"#\"$target\"#" \
    -e "s#scrape_interval: 15s#scrape_interval: 1s#" \
    -e "s#evaluation_interval: 30s#evaluation_interval: 1s#" \
    deploy/prometheus/prometheus.yml > "$work/prometheus.yml"
echo "== promtool check config"
promtool check config "$work/prometheus.yml"

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address=127.0.0.1:19090 > "$work/prometheus.log" 2>&1 &
prom_pid=$!
api=http://127.0.0.1:19090/api/v1

echo "== waiting for Prometheus to scrape $OPERATOR_URL/prometheus"
for _ in $(seq 1 60); do
  if curl -fs "$api/query?query=mindroom_queue_depth" | grep -q '"result":\[{'; then break; fi
  sleep 1
done
echo "-- target:";      curl -fs "$api/targets" | grep -o '"scrapeUrl":"[^"]*"\|"health":"[^"]*"' | sort -u
echo "-- up:";          curl -fs "$api/query?query=up%7Bjob%3D%22mindroom-operator%22%7D" | grep -o '"value":\[[^]]*\]'
echo "-- mindroom series stored:"
curl -fs "$api/label/__name__/values" | grep -o '"mindroom_[a-z_]*"' | sort -u | tr -d '"' | tr '\n' ' '; echo
echo "-- alert rules loaded:"; curl -fs "$api/rules" | grep -o '"name":"Mindroom[A-Za-z]*"' | sort -u | wc -l

curl -fs "$api/query?query=up%7Bjob%3D%22mindroom-operator%22%7D" | grep -q '"value":\[[0-9.]*,"1"\]' \
  || { echo "FAILED: Prometheus does not see the operator up"; exit 1; }
[ "$(curl -fs "$api/rules" | grep -o '"name":"Mindroom[A-Za-z]*"' | sort -u | wc -l)" -eq 9 ] \
  || { echo "FAILED: not all 9 alert rules loaded"; exit 1; }
echo "OK: Prometheus scrapes the operator and evaluates the alert rules"
