#!/usr/bin/env bash
# Builds the bench module (and what it depends on) and runs the whole comparison.
# Usage: bench/run.sh [--quick] [--no-jmh] [--clients raw,switchboard,asterisk-java|none] [--out FILE]
# The report (Markdown) is printed and written to bench/target/bench-report.md unless --out says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am -DskipTests package
exec java -jar bench/target/switchboard-bench.jar "$@"
