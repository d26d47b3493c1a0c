#!/usr/bin/env bash
# A generated 100,000-entry pack: first use against PyYAML's parse time, then ask against the shipped pack.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python benchmarks/perf.py scale --write docs/performance.md "$@"
