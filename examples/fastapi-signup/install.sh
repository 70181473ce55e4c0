#!/usr/bin/env bash
# Makes (or brings up to date) a virtualenv with this example's pinned requirements: ./install.sh [dir]
# (default .venv-examples at the repository's root, where the example tests look for it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${1:-$here/../../.venv-examples}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt"
# What the tests compare against requirements.txt to know the virtualenv is ready.
cp "$here/requirements.txt" "$venv/requirements.installed"
