#!/usr/bin/env bash
# Makes (or brings up to date) a virtualenv with an example's pinned requirements:
#   examples/python-venv.sh <requirements.txt> [dir]
# (default dir .venv-examples at the repository's root, where the example tests look for it).
set -euo pipefail
requirements="$1"
venv="${2:-$(cd "$(dirname "$0")/.." && pwd)/.venv-examples}"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
# What the tests compare against requirements.txt to know the virtualenv is ready.
cp "$requirements" "$venv/requirements.installed"
