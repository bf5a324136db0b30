#!/usr/bin/env bash
# Runs the main job offline on the bundled example sessions: build, commit them into a fresh
# store, push them to a local bare git repository, and show what happened. Nothing leaves the
# machine.
set -euo pipefail
cd "$(dirname "$0")/.."

# The debug build: the one the tests use too, so nothing is compiled twice (the first build
# takes about two minutes on two cores; `cargo install --path .` builds the shipping binary).
cargo build --quiet
traces="$PWD/target/debug/traces"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export TRACES_HOME="$work/store"

echo "== traces commit examples/sessions (store: $TRACES_HOME)"
"$traces" commit examples/sessions
echo
echo "== traces status"
"$traces" status
echo
echo "== traces log"
"$traces" log
echo
echo "== the Claude Code rendering of one ml-intern session"
"$traces" show 9d3f1b62-7c85-4e0a-b2d4-6a1e8f5c3b97
echo
echo "== traces remote add local $work/sessions.git && traces push local"
"$traces" remote add local "$work/sessions.git"
"$traces" push local
echo
echo "== git clone of what was pushed"
git clone -q "$work/sessions.git" "$work/clone"
(cd "$work/clone" && git log --format='%h %s' && git ls-files)
echo
echo "== git fsck --strict of the store and the pushed repository"
git --git-dir "$TRACES_HOME" fsck --strict && echo "store: valid"
git --git-dir "$work/sessions.git" fsck --strict && echo "pushed repository: valid"
echo
echo "== traces status"
"$traces" status
