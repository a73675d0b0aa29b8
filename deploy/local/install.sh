#!/usr/bin/env bash
# Installs what the suite needs on a fresh Debian machine: PostgreSQL's binaries (the tests
# start throwaway clusters from them), kcat, Chromium (the desk's browser tests), uv, the
# locked Python environment, and the Kafka jars.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/../.."

# kcat is the integrator's client the tests and deploy/local/kcat-referral.sh use.
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v kcat >/dev/null || missing+=(kcat)
# Chromium: the desk's browser tests drive Debian's build (Playwright cannot fetch its own here).
command -v chromium >/dev/null || missing+=(chromium)
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
# Bytecode compiled here, once, rather than by the first start of every service (seconds each
# on two cores): the locked libraries by uv, the workspace's own sources by compileall.
uv sync --frozen --quiet --compile-bytecode
uv run --frozen python -m compileall -q -j 0 shared/src services/*/src deploy/local/src
uv run --frozen python -c "from devtools.kafka_jars import ensure_jars; print('Kafka jars in', ensure_jars())"

# The Helm chart's checks: helm and kubeconform (go install) and the Kubernetes, KEDA and
# Strimzi schemas, pinned and cached under ~/.cache/konfliktrad/chart-tools (Go, Java, Maven).
# A registry that cannot be reached is reported here and again, as a skip, by the chart tests.
command -v go >/dev/null || echo "go is required to install helm and kubeconform (chart tests)" >&2
uv run --frozen python -m devtools chart-tools \
  || echo "WARNING: the chart tools are not installed (see above); the chart tests will say why" >&2
