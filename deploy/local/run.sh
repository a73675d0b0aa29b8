#!/usr/bin/env bash
# Installs everything, then starts the whole suite on its embedded defaults and plays the demo.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash deploy/local/install.sh
exec uv run --frozen python -m devtools up "$@"
