#!/usr/bin/env bash
# Check what `make` cannot install itself, and say plainly what to do.
py=${1:-python3}
ok=1
ver=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
if [ -z "$ver" ]; then
  echo "juesuan: '$py' does not run. Install Python 3.11 or newer (or run: make PYTHON=/path/to/python3.11 ...)." >&2
  ok=0
elif ! "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
  echo "juesuan: Python $ver ('$py') is too old; Python 3.11 or newer is needed (make PYTHON=python3.11 ...)." >&2
  ok=0
fi
if ! command -v java >/dev/null 2>&1 && [ -z "${JAVA_HOME:-}" ]; then
  echo "juesuan: Java is not installed; tabula (the PDF table reader) needs it." >&2
  echo "         Debian/Ubuntu: sudo apt-get install default-jre-headless   macOS: brew install openjdk   conda: conda install -c conda-forge openjdk" >&2
  ok=0
fi
if ! fc-list 2>/dev/null | grep -qiE "wqy|noto sans cjk|source han|simhei|pingfang|microsoft yahei"; then
  echo "juesuan: warning: no CJK font found; charts need one (Debian/Ubuntu: sudo apt-get install fonts-wqy-microhei)." >&2
fi
[ $ok = 1 ] || exit 1
