#!/usr/bin/env bash
# The whole test suite: install, then every quality gate, then unit, integration and e2e tests
# against a real Kafka broker and a real PostgreSQL, both started by the project itself.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash deploy/local/install.sh

step() { printf '\n== %s\n' "$*"; }
step "ruff"
uv run --frozen ruff check .
step "mypy --strict: shared library and every domain/"
uv run --frozen mypy --strict shared/src/konfliktrad_shared services/*/src/*/domain
step "mypy: services and devtools"
uv run --frozen mypy services/*/src deploy/local/src
step "import-linter"
uv run --frozen lint-imports
step "pytest: unit, integration, e2e"
uv run --frozen pytest "$@"
