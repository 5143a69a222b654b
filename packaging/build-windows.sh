#!/usr/bin/env bash
# One command: build dist/联动监督问题清单-<version>-win64-setup.exe on Debian/Ubuntu (x86_64).
#   bash packaging/build-windows.sh
# Needs: apt packages nsis and osslsigncode (installed here when missing), python3 (3.11), PyPI.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
need=()
command -v makensis >/dev/null || need+=(nsis)
command -v osslsigncode >/dev/null || need+=(osslsigncode)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -q && $SUDO apt-get install -y -q --no-install-recommends "${need[@]}"
fi
PY="${PYTHON:-python3}"
"$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || {
  echo "需要 Python 3.11（运行时的标准库按 3.11 编译），请用 PYTHON=python3.11 指定"; exit 1; }
TOOLS=build/tools-windows
if [ ! -x "$TOOLS/bin/python" ]; then
  "$PY" -m venv "$TOOLS"
  "$TOOLS/bin/python" -m pip install -q -r packaging/windows/tools.txt
fi
exec "$TOOLS/bin/python" packaging/windows/build.py "$@"
