#!/usr/bin/env bash
# Makes sure tmux is installed (from Debian, idempotently): the `baton watch` test
# (Tests/BatonClientTests/WatchTerminalTests.swift) runs the command in a real terminal with
# tmux and reads the screen with capture-pane. Without tmux that test is skipped outside CI.
set -euo pipefail

if command -v tmux >/dev/null 2>&1; then
    exit 0
fi
echo "cli-terminal: installing tmux for the terminal test of 'baton watch'" >&2
{
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq tmux
} >&2 || { echo "cli-terminal: could not install tmux (apt-get install tmux)" >&2; exit 1; }
command -v tmux >/dev/null 2>&1 || { echo "cli-terminal: tmux is installed but not on PATH" >&2; exit 1; }
