#!/usr/bin/env bash
# Installs what Lantian needs to build, run and test on Debian 12 — only what is missing.
# Idempotent: a second run checks and exits in well under a second.
set -euo pipefail
cd "$(dirname "$0")/.."

debs=(
  g++ cmake make pkg-config ccache
  libboost1.81-dev libboost-json1.81-dev
  libsqlite3-dev libpq-dev libsodium-dev libfmt-dev libtomlplusplus-dev
  libzip-dev libpugixml-dev libxlsxwriter-dev libvips-dev libexif-dev
  # Notices and reports as PDF; the font is needed at run time, not only in tests.
  libpango1.0-dev libcairo2-dev fonts-noto-cjk
  libgtest-dev googletest
  nodejs npm
)
# Test-only tools: browsers, databases and load generators.
if [ "${1:-}" = "--test" ]; then
  debs+=(chromium postgresql nginx wrk sqlite3)
  # Exported ledgers are read back by openpyxl and opened by LibreOffice in the tests.
  debs+=(python3-openpyxl libreoffice-calc-nogui)
  # The PDF notices are read back with pdftotext, pdffonts and pdfinfo.
  debs+=(poppler-utils)
  # CAP messages are validated against the OASIS XSD with xmllint.
  debs+=(libxml2-utils)
fi

# Fuzzing (make fuzz; make test runs the fuzzers briefly): clang with libFuzzer and the sanitizers.
if [ "${1:-}" = "--test" ] || [ "${1:-}" = "--fuzz" ]; then
  debs+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from outside Debian on a developer machine; accept working binaries.
if command -v node >/dev/null && command -v npm >/dev/null; then
  tmp=()
  for p in "${missing[@]}"; do [ "$p" = nodejs ] || [ "$p" = npm ] || tmp+=("$p"); done
  missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end packages: reinstall only when the lock file changed since the last install.
if [ -f web/package-lock.json ]; then
  stamp=web/node_modules/.lantian-lock-stamp
  if [ ! -f "$stamp" ] || ! cmp -s web/package-lock.json "$stamp"; then
    echo "install-deps: npm ci in web/"
    (cd web && npm ci --no-audit --no-fund --loglevel=error)
    cp web/package-lock.json "$stamp"
  fi
fi
