#!/usr/bin/env bash
# Installs what faultline needs on a fresh machine. Safe to run again: each step
# skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
