#!/usr/bin/env bash
# Everything the test suite needs on a fresh Debian machine, then every test.
# Used by the README's test command and by .ci/run, so the two cannot drift apart.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# grep without -q reads to the end: with -q, an early exit SIGPIPEs the producer and pipefail fails the test.
fc-list 2>/dev/null | grep -i 'Noto Sans CJK' >/dev/null || need_apt+=(fonts-noto-cjk)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need_apt+=(postgresql)
# socat links two pseudo-terminals for the serial printer and customer-display tests; node-hid loads libusb.
command -v socat >/dev/null 2>&1 || need_apt+=(socat)
ldconfig -p 2>/dev/null | grep 'libusb-1.0.so.0' >/dev/null || need_apt+=(libusb-1.0-0)
if ((${#need_apt[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
  echo "installing Debian packages: ${need_apt[*]}"
  # Another apt run (unattended upgrades, a second shell) may hold the dpkg lock: wait for it, do not fail.
  $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need_apt[@]}" >/dev/null
fi

# The Electron binary cannot be downloaded on these machines; its types come with the package.
export ELECTRON_SKIP_BINARY_DOWNLOAD=1
if [ "${SKIP_NPM_CI:-}" != 1 ]; then npm ci --no-audit --no-fund; fi
# The CRM's storage and protocol tests run on PGlite and on a throwaway PostgreSQL cluster.
# Its own folder and port, so a cluster a developer runs on the default ones is left alone.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  export PGDIR="${PGDIR:-/tmp/crm-pgtest-$$}" PGPORT="${PGPORT:-55433}"
  eval "export $(bash scripts/pg-test-cluster.sh start)"
  trap 'bash scripts/pg-test-cluster.sh stop' EXIT
fi
npm test
