#!/usr/bin/env sh
# What the test suite needs besides Go and a C compiler, installed when
# missing: Debian's headless Chromium for the web pages' browser tests,
# Debian's PostgreSQL server for the PostgreSQL store's tests (which make
# a throwaway cluster of their own with its initdb), and Azurite, the Azure Storage emulator, for the ACS storage reader's
# tests, pinned by tools/azurite's lockfile (3.35.0, which runs on Node
# 20). These test groups fail rather than skip without them, so that CI
# cannot pass without running them.
set -eu
cd "$(dirname "$0")/.."

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    echo "test-deps: $* missing; install it (as root: apt-get install $*) or set CALLSCOPE_SKIP_BROWSER=1 / CALLSCOPE_SKIP_AZURITE=1" >&2
    return 0
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ -z "${CALLSCOPE_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  apt_install chromium
fi

if [ -z "${CALLSCOPE_PG_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  apt_install postgresql
fi

if [ -z "${CALLSCOPE_AZURITE:-}" ] && [ ! -x tools/azurite/node_modules/.bin/azurite-blob ]; then
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  if command -v npm >/dev/null 2>&1; then
    npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error
  fi
fi
