#!/usr/bin/env bash
# Installs what the real-editor tests need (see test/e2e/README.md): Debian's chromium, libkrb5-dev and ripgrep,
# and code-server 4.100.3 (VS Code 1.100.3, the newest that runs on Node 20) installed locally into a cache folder.
# Idempotent: skips every step already done and says so. Safe on a fresh machine as root (CI); elsewhere it uses
# sudo for apt when it has to.
set -euo pipefail

CS_VERSION=4.100.3
CACHE="${MG_CACHE:-$HOME/.cache/migration-guard}"
CS_DIR="$CACHE/code-server-$CS_VERSION"
CS_BIN="$CS_DIR/node_modules/.bin/code-server"
STAMP="$CS_DIR/.installed"
# @vscode/ripgrep's postinstall downloads rg from GitHub unless it finds this file in $TMPDIR.
RG_CACHE_DIR="vscode-ripgrep-cache-1.15.11"
RG_TARBALL="ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"

say() { printf 'e2e setup: %s\n' "$*"; }
started=$SECONDS

# --- Debian packages -----------------------------------------------------------------------------------------
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v rg >/dev/null 2>&1 || missing+=(ripgrep)
dpkg-query -W -f='${Status}' libkrb5-dev 2>/dev/null | grep -q 'install ok installed' || missing+=(libkrb5-dev)
if ((${#missing[@]})); then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || {
      say "need root (or sudo) to apt-get install ${missing[*]}"
      exit 1
    }
    SUDO=(sudo)
  fi
  say "apt-get update; apt-get install ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
    >/dev/null
else
  say "chromium, ripgrep, libkrb5-dev: already installed"
fi

# --- code-server (local install) -----------------------------------------------------------------------------
if [ -f "$STAMP" ] && [ -x "$CS_BIN" ]; then
  say "code-server $CS_VERSION: already installed in $CS_DIR"
else
  say "installing code-server $CS_VERSION into $CS_DIR (about a minute)"
  mkdir -p "$CS_DIR"
  seed="$CACHE/tmp"
  mkdir -p "$seed/$RG_CACHE_DIR"
  if [ ! -s "$seed/$RG_CACHE_DIR/$RG_TARBALL" ]; then
    work="$(mktemp -d)"
    cp "$(command -v rg)" "$work/rg"
    tar -czf "$seed/$RG_CACHE_DIR/$RG_TARBALL" -C "$work" rg
    rm -rf "$work"
  fi
  # A project of its own so that npm does not walk up into the repository (or any other package.json).
  cat >"$CS_DIR/package.json" <<EOF
{ "name": "migration-guard-e2e-code-server", "private": true, "dependencies": { "code-server": "$CS_VERSION" } }
EOF
  log="$CACHE/code-server-install.log"
  if ! (cd "$CS_DIR" && TMPDIR="$seed" npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --loglevel=error >"$log" 2>&1); then
    tail -n 40 "$log"
    say "code-server install failed (full log: $log)"
    exit 1
  fi
  [ -x "$CS_BIN" ] || {
    say "code-server install finished but $CS_BIN is missing (log: $log)"
    exit 1
  }
  date -u +%FT%TZ >"$STAMP"
  say "code-server $CS_VERSION installed ($(du -sh "$CS_DIR" | cut -f1))"
fi

say "done in $((SECONDS - started)) s (code-server: $CS_BIN)"
