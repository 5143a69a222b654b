#!/usr/bin/env bash
# One command: build dist/cn.liandong.jiandu_<version>_amd64.deb for 统信UOS / 银河麒麟 (x86_64,
# /opt/apps/<appid>/ layout), then print the bundle's glibc floor.
#   bash packaging/build-deb.sh            (as root: it makes a Debian 11 build root with debootstrap)
# Why a Debian 11 root: the bundle carries its own CPython and libraries; built there (CPython and SQLite
# compiled for glibc 2.28, see deb/glibc228.h; PySide6 6.9 wheels: 2.28) they run on glibc 2.28 (UOS 20)
# instead of this machine's 2.36. The build stops if any ELF file asks for more (deb/glibc_floor.py).
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "请以 root 运行（debootstrap、chroot 需要）"; exit 1; }
export DEBIAN_FRONTEND=noninteractive
started=$(date +%s)
need=()
command -v debootstrap >/dev/null || need+=(debootstrap)
command -v objdump >/dev/null || need+=(binutils)
command -v dpkg-deb >/dev/null || need+=(dpkg)
if [ ${#need[@]} -gt 0 ]; then apt-get update -q && apt-get install -y -q --no-install-recommends "${need[@]}"; fi

ROOTFS="$PWD/build/deb-root"
SUITE=bullseye
if [ ! -e "$ROOTFS/etc/debian_version" ]; then
  # the same Debian mirror this machine's apt uses (debootstrap's default when none is configured)
  MIRROR="$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)"
  [ -n "$MIRROR" ] || MIRROR="$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null || true)"
  echo "== 建立 Debian 11 构建环境（debootstrap，约 3–5 分钟，只需一次）"
  debootstrap --variant=minbase --include=ca-certificates "$SUITE" "$ROOTFS" ${MIRROR:+"$MIRROR"} >/dev/null
fi
MIRROR="$(awk '$1=="deb"{print $2; exit}' "$ROOTFS/etc/apt/sources.list")"
# CPython 3.11's source comes from Debian 12's archive (Debian 11 has 3.9 only)
echo "deb-src $MIRROR bookworm main" > "$ROOTFS/etc/apt/sources.list.d/python-src.list"
cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
# pip inside the root trusts what this machine's pip trusts (its CA bundle, which may hold a local proxy's CA)
HOST_CA="${PIP_CERT:-/etc/ssl/certs/ca-certificates.crt}"
cp "$HOST_CA" "$ROOTFS/etc/ssl/certs/build-host-ca.crt"
rm -rf "$ROOTFS/src" && mkdir -p "$ROOTFS/src" "$ROOTFS/out"
tar --exclude=__pycache__ --exclude='*.pyc' -cf - main.py bundle_check.py ui models resources build.spec pyproject.toml packaging \
  | tar -xf - -C "$ROOTFS/src"
mount -t proc proc "$ROOTFS/proc"
trap 'umount "$ROOTFS/proc" 2>/dev/null || true' EXIT
echo "== 在 Debian 11 中编译 CPython 3.11 并用 PyInstaller 打包（首次约 15 分钟）"
chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
  PIP_CERT=/etc/ssl/certs/build-host-ca.crt PIP_DEFAULT_TIMEOUT=180 PIP_DISABLE_PIP_VERSION_CHECK=1 \
  bash /src/packaging/deb/build_in_root.sh
umount "$ROOTFS/proc"; trap - EXIT
echo "== glibc 下限（统信UOS 20：2.28）"
python3 packaging/deb/glibc_floor.py "$ROOTFS/out/dist/联动监督问题清单" --max 2.28
echo "== 组装 .deb"
python3 packaging/deb/make_deb.py "$ROOTFS/out/dist/联动监督问题清单"
echo "共 $(( $(date +%s) - started )) 秒"
