#!/usr/bin/env bash
# The browser stage: the web dashboard (/ui) in a real headless Chromium against a real
# `baton serve` (the built .build/debug/baton, or $BATON_BINARY) with members heartbeating
# (scripts/browser/dashboard_test.py; docs/testing.md). Fails on any mismatch between what the
# pages show and what the API reports. Screenshots are kept in $BATON_BROWSER_ARTIFACTS
# (default .build/browser-artifacts), printed at the end.
#
# Installs what it needs, once: Chromium and its WebDriver from the distribution's packages
# (apt), selenium with pip into a virtual environment under .build.
set -euo pipefail
cd "$(dirname "$0")/.."

# 4.52.0 needs a newer certifi than the package index has.
SELENIUM_VERSION=4.51.0
VENV=$(realpath -m "${BATON_BROWSER_VENV:-.build/browser-venv}")
BATON=$(realpath -m "${BATON_BINARY:-.build/debug/baton}")
ARTIFACTS=$(realpath -m "${BATON_BROWSER_ARTIFACTS:-.build/browser-artifacts}")

log() { echo "browser.sh: $*" >&2; }
[[ -x "$BATON" ]] || { log "$BATON is missing: run swift build first"; exit 1; }

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver (apt)"
    SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
fi
if [[ "$("$VENV/bin/python" -c 'import selenium; print(selenium.__version__)' 2>/dev/null || true)" != "$SELENIUM_VERSION" ]]; then
    log "installing selenium $SELENIUM_VERSION into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "selenium==$SELENIUM_VERSION"
fi

exec "$VENV/bin/python" scripts/browser/dashboard_test.py --baton "$BATON" --artifacts "$ARTIFACTS"
