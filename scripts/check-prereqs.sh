#!/usr/bin/env bash
# Check what `make` cannot install itself — a Python 3.11 or newer — and say plainly what to do.
# Everything else (the CJK font, a Java runtime for tabula) is a Python package `make` installs.
py=${1:-python3}
ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
if [ -z "$ver" ]; then
  echo "juesuan: '$py' does not run. Install Python 3.11 or newer (or run: make PYTHON=/path/to/python3.11 ...)." >&2
  exit 1
elif ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "juesuan: Python $ver ('$py') is too old; Python 3.11 or newer is needed (make PYTHON=python3.11 ...)." >&2
  exit 1
elif ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "juesuan: Python $ver ('$py') cannot make a virtual environment (no venv/ensurepip module)." >&2
  echo "         Debian/Ubuntu: sudo apt-get install python3-venv" >&2
  exit 1
fi
