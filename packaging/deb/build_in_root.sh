#!/usr/bin/env bash
# Runs INSIDE the Debian 11 (bullseye, glibc 2.31) build root made by packaging/build-deb.sh:
# builds CPython 3.11 there (so libpython needs no newer glibc than the root has), installs the pinned
# wheels (pins-linux.txt) and runs PyInstaller on build.spec. Output: /out/dist/联动监督问题清单/.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 LANG=C.UTF-8
PREFIX=/opt/py311
if [ ! -x "$PREFIX/bin/python3.11" ]; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends build-essential dpkg-dev libffi-dev zlib1g-dev libssl-dev \
    libsqlite3-dev libbz2-dev liblzma-dev uuid-dev libexpat1-dev binutils xz-utils \
    libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 \
    libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 \
    libxcb-render0 >/dev/null
  # CPython's source from Debian's archive (the signed Sources index checks it), upstream tarball only.
  mkdir -p /build/src && cd /build/src
  if ! ls Python-3.11*/configure >/dev/null 2>&1; then
    apt-get source --download-only -q python3.11 >/dev/null
    tar xf python3.11_*.orig.tar.*
  fi
  cd Python-3.11*/
  ./configure -q --prefix="$PREFIX" --enable-shared LDFLAGS="-Wl,-rpath,$PREFIX/lib" >/dev/null
  make -s -j"$(nproc)" >/dev/null 2>&1
  make -s altinstall >/dev/null 2>&1
fi
# the CUPS print plugin's library, so the bundle can print on the target (added after the first roots)
dpkg -s libcups2 >/dev/null 2>&1 || { apt-get update -q >/dev/null; apt-get install -y -q --no-install-recommends libcups2 >/dev/null; }
[ -x /opt/venv/bin/python ] || "$PREFIX/bin/python3.11" -m venv /opt/venv
/opt/venv/bin/python -m pip install -q --require-hashes --no-deps -r /src/packaging/deb/pins-linux.txt
cd /src
rm -rf /out/work /out/dist
/opt/venv/bin/pyinstaller build.spec --noconfirm --log-level WARN --distpath /out/dist --workpath /out/work
