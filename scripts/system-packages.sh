#!/usr/bin/env bash
# Install the Debian packages the tests need when they are missing: Chromium for the page tests,
# Virtuoso (virtuoso-t, isql-vt) for the remote-engine tests.
# `make test` runs this, so a bare machine needs nothing done by hand. Without root or apt-get it
# stops `make test` at once with the one command to run, rather than let the tests fail later.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v virtuoso-t >/dev/null 2>&1 || missing+=(virtuoso-opensource)
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
