#!/usr/bin/env bash
# Install the Debian packages the project needs when they are missing, so a bare machine needs
# nothing done by hand:
#   scripts/system-packages.sh build   what pip needs to build PyICU (for followthemoney, the FtM
#                                      files): ICU's headers, pkg-config and a C++ compiler
#   scripts/system-packages.sh         what the tests need: Chromium for the page tests, Virtuoso
#                                      (virtuoso-t, isql-vt) for the remote-engine tests
# `make setup` runs the first, `make test` the second. Without root or apt-get it stops at once
# with the one command to run, rather than let pip or the tests fail later.
set -euo pipefail

missing=()
if [ "${1:-tests}" = build ]; then
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists icu-uc; } || missing+=(libicu-dev)
  command -v g++ >/dev/null 2>&1 || missing+=(g++)
else
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "system-packages: missing ${missing[*]}; install them first:" >&2
  echo "  sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
echo "system-packages: installing ${missing[*]} with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
