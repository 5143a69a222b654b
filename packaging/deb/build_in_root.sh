#!/usr/bin/env bash
# Runs INSIDE the Debian 11 (bullseye, glibc 2.31) build root made by packaging/build-deb.sh:
# builds SQLite and CPython 3.11 there for glibc 2.28 (see glibc228.h), installs the pinned
# wheels (pins-linux.txt) and runs PyInstaller on build.spec. Output: /out/dist/联动监督问题清单/.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 LANG=C.UTF-8
PREFIX=/opt/py311
# glibc 2.28 (UOS 20) is the target: CPython and SQLite are compiled here with glibc228.h force-included
# (old symbol versions of exp/log/pow) and without sem_clockwait (glibc 2.30). The stamp names that recipe;
# a root built with an older recipe is rebuilt (its venv too).
RECIPE=glibc228-1
FLOOR_H=/src/packaging/deb/glibc228.h
if [ "$(cat "$PREFIX/.recipe" 2>/dev/null)" != "$RECIPE" ]; then
  apt-get update -q
  apt-get install -y -q --no-install-recommends build-essential dpkg-dev libffi-dev zlib1g-dev libssl-dev \
    libbz2-dev liblzma-dev uuid-dev libexpat1-dev binutils xz-utils tcl \
    libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libdbus-1-3 libglib2.0-0 \
    libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 \
    libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxcb-sync1 libxcb-shm0 \
    libxcb-render0 >/dev/null
  rm -rf "$PREFIX" /opt/venv
  mkdir -p /build/src "$PREFIX/lib" "$PREFIX/include"
  # SQLite from Debian's source package (Debian 11's libsqlite3 asks for log@GLIBC_2.29), with the
  # options Debian's build uses (FTS5 for the search index, JSON, 250000 variables).
  cd /build/src
  if ! ls sqlite3-*/configure >/dev/null 2>&1; then
    apt-get source --download-only -q sqlite3 >/dev/null
    mkdir -p sqlite3-src && tar xf sqlite3_*.orig.tar.* -C sqlite3-src --strip-components=1
    mv sqlite3-src "sqlite3-$(ls sqlite3_*.dsc | sed 's/sqlite3_\(.*\)\.dsc/\1/')"
  fi
  cd sqlite3-*/
  [ -f sqlite3.c ] || { ./configure -q >/dev/null && make -s sqlite3.c >/dev/null 2>&1; }
  gcc -O2 -fPIC -shared -include "$FLOOR_H" -Wl,-soname,libsqlite3.so.0 -o "$PREFIX/lib/libsqlite3.so.0" \
    -DSQLITE_SECURE_DELETE -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS \
    -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE=1 -DSQLITE_SOUNDEX=1 \
    -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_MATH_FUNCTIONS \
    -DSQLITE_MAX_SCHEMA_RETRY=25 -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_USE_URI=1 -DSQLITE_THREADSAFE=1 \
    -DSQLITE_TEMP_STORE=1 -DSQLITE_ENABLE_STMTVTAB -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_OMIT_LOOKASIDE \
    sqlite3.c -lpthread -ldl -lm
  ln -sf libsqlite3.so.0 "$PREFIX/lib/libsqlite3.so"
  cp sqlite3.h sqlite3ext.h "$PREFIX/include/"
  # CPython's source from Debian's archive (the signed Sources index checks it), upstream tarball only.
  cd /build/src
  if ! ls Python-3.11*/configure >/dev/null 2>&1; then
    apt-get source --download-only -q python3.11 >/dev/null
    tar xf python3.11_*.orig.tar.*
  fi
  cd Python-3.11*/
  make -s distclean >/dev/null 2>&1 || true
  ./configure -q --prefix="$PREFIX" --enable-shared ac_cv_func_sem_clockwait=no \
    CFLAGS="-include $FLOOR_H" LDFLAGS="-L$PREFIX/lib -Wl,-rpath,$PREFIX/lib" \
    LIBSQLITE3_CFLAGS="-I$PREFIX/include" LIBSQLITE3_LIBS="-L$PREFIX/lib -lsqlite3" >/dev/null
  make -s -j"$(nproc)" >/dev/null 2>&1
  make -s altinstall >/dev/null 2>&1
  "$PREFIX/bin/python3.11" -c "import sqlite3, ssl, ctypes, lzma, bz2, zlib, uuid; print('CPython', sqlite3.sqlite_version)"
  echo "$RECIPE" > "$PREFIX/.recipe"
fi
# the CUPS print plugin's library, so the bundle can print on the target (added after the first roots)
dpkg -s libcups2 >/dev/null 2>&1 || { apt-get update -q >/dev/null; apt-get install -y -q --no-install-recommends libcups2 >/dev/null; }
[ -x /opt/venv/bin/python ] || "$PREFIX/bin/python3.11" -m venv /opt/venv
/opt/venv/bin/python -m pip install -q --require-hashes --no-deps -r /src/packaging/deb/pins-linux.txt
cd /src
rm -rf /out/work /out/dist
/opt/venv/bin/pyinstaller build.spec --noconfirm --log-level WARN --distpath /out/dist --workpath /out/work
