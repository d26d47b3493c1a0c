#!/usr/bin/env bash
# Startup ratios of leadercli against a trivial Typer app, measured in one run (see benchmarks/perf.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python benchmarks/perf.py startup --write docs/performance.md "$@"
