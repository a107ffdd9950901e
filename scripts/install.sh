#!/usr/bin/env bash
# Installs what faultline needs on a fresh machine. Safe to run again: each step
# skips what is already there.
#
#   npm packages            npm ci
#   Debian packages         libfaketime (clock skew), chromium (report tests),
#                           etcd-server (the second system under test, bench:kv's anchor)
#   Toxiproxy server        tools/toxiproxy-server, built with `go install` (v2.12.0)
#                           unless toxiproxy-server is on PATH or TOXIPROXY_SERVER names one
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'install: %s\n' "$*"; }

if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi

# --- Debian packages -------------------------------------------------------------
missing=()
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1 ] || ls /usr/lib/*/faketime/libfaketime.so.1 >/dev/null 2>&1 || missing+=(libfaketime)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v etcd >/dev/null 2>&1 || missing+=(etcd-server)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "missing Debian packages: ${missing[*]} — run: sudo apt-get install ${missing[*]}"
    say "(without them: no clock-skew nemesis, no report browser tests, no etcd runs)"
  fi
fi
# etcd-server's package starts a system etcd on 2379/2380; faultline starts its own.
if command -v systemctl >/dev/null 2>&1 && systemctl is-active --quiet etcd 2>/dev/null; then systemctl stop etcd || true; fi

# --- Toxiproxy ---------------------------------------------------------------------
TOXIPROXY_VERSION=v2.12.0
if [ -n "${TOXIPROXY_SERVER:-}" ] && [ -x "${TOXIPROXY_SERVER}" ]; then
  say "toxiproxy: using TOXIPROXY_SERVER=${TOXIPROXY_SERVER}"
elif command -v toxiproxy-server >/dev/null 2>&1; then
  say "toxiproxy: using $(command -v toxiproxy-server)"
elif [ -x tools/toxiproxy-server ]; then
  say "toxiproxy: using tools/toxiproxy-server"
elif command -v go >/dev/null 2>&1; then
  say "toxiproxy: go install github.com/Shopify/toxiproxy/v2/cmd/server@${TOXIPROXY_VERSION}"
  mkdir -p tools
  GOBIN="$PWD/tools" go install "github.com/Shopify/toxiproxy/v2/cmd/server@${TOXIPROXY_VERSION}"
  mv tools/server tools/toxiproxy-server
else
  say "toxiproxy: no toxiproxy-server and no Go — install Go (https://go.dev/dl) and run this again, or set TOXIPROXY_SERVER to a toxiproxy-server ${TOXIPROXY_VERSION} binary"
  exit 1
fi
