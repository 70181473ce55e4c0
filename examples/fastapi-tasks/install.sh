#!/usr/bin/env bash
# Makes (or brings up to date) a virtualenv with this example's pinned requirements: ./install.sh [dir]
# (default .venv-examples at the repository's root, where the example tests look for it).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exec "$here/../python-venv.sh" "$here/requirements.txt" "$@"
