#!/usr/bin/env bash
# Installs what the suite needs on a fresh Debian machine: PostgreSQL's binaries (the tests
# start throwaway clusters from them), kcat, uv, the locked Python environment, and the Kafka jars.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/../.."

# kcat is the integrator's client the tests and deploy/local/kcat-referral.sh use.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v kcat >/dev/null || missing+=(kcat)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Debian packages missing: run 'sudo apt-get install ${missing[*]}' (or set TEST_DATABASE_URL for PostgreSQL)." >&2
  fi
fi
for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "$tool is required to fetch and run Kafka (Java 17, Maven)" >&2; exit 1; }
done

command -v uv >/dev/null || python3 -m pip install --quiet uv
uv sync --frozen --quiet
uv run --frozen python -c "from devtools.kafka_jars import ensure_jars; print('Kafka jars in', ensure_jars())"
