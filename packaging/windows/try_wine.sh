#!/usr/bin/env bash
# Try the Windows installer here under wine64 (Debian's), as far as Wine allows:
#   bash packaging/windows/try_wine.sh [dist/联动监督问题清单-<version>-win64-setup.exe]
# 1 silent per-user install (/S /CurrentUser), files + Start-menu + desktop shortcuts checked;
# 2 the installed program under Xvfb: launch.pyw --demo --smoke must say 窗口已显示 and find every module and
#   compiled library of the program (bundle_check.py), exit 0, and leave demo data;
# 3 install again over it (an upgrade) – the data must still be there and the program start again;
# 4 silent uninstall – program folder and shortcuts gone, the data folder kept.
# Uses a fresh Wine prefix in build/wine-prefix and the Xvfb display $TRY_DISPLAY (default :17).
set -euo pipefail
cd "$(dirname "$0")/../.."
SETUP="${1:-$(ls -t dist/*-win64-setup.exe | head -1)}"
[ -f "$SETUP" ] || { echo "找不到安装程序，请先运行 bash packaging/build-windows.sh"; exit 1; }
export PATH="$PATH:/usr/lib/wine"   # Debian's wine64 package keeps wine64 and wineserver there
command -v wine64 >/dev/null || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q wine64 xvfb; }
export WINEPREFIX="$PWD/build/wine-prefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
# Wine's console is not in a Chinese code page: let Python print UTF-8 for the check
export PYTHONIOENCODING=utf-8
export DISPLAY="${TRY_DISPLAY:-:17}"
XVFB_PID=""
if ! xdpyinfo -display "$DISPLAY" >/dev/null 2>&1; then
  Xvfb "$DISPLAY" -screen 0 1600x1000x24 >/dev/null 2>&1 & XVFB_PID=$!
fi
cleanup() { wineserver -k 2>/dev/null || true; [ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$WINEPREFIX"
fail() { echo "失败：$*"; exit 1; }
ok() { echo "通过：$*"; }
wine64 wineboot -i >/dev/null 2>&1
USERDIR="$WINEPREFIX/drive_c/users/$(whoami)"
INSTDIR="$USERDIR/AppData/Local/Programs/联动监督问题清单"
DATADIR="$USERDIR/AppData/Roaming/联动监督问题清单"
START_MENU="$USERDIR/AppData/Roaming/Microsoft/Windows/Start Menu/Programs"

t=$(date +%s)
wine64 "$SETUP" /S /CurrentUser
wineserver -w
for f in launch.pyw uninstall.exe app.ico Python/python.exe Python/pythonw.exe Python/python311.dll \
         pkgs/main.py pkgs/ui/app.py pkgs/models/paths.py pkgs/resources/icons/app-256.png \
         pkgs/PySide6/Qt6Widgets.dll pkgs/PySide6/plugins/platforms/qwindows.dll; do
  [ -e "$INSTDIR/$f" ] || fail "安装后缺少 $f"
done
ls "$START_MENU"/*.lnk >/dev/null 2>&1 || fail "开始菜单没有快捷方式"
ls "$USERDIR/Desktop"/*.lnk >/dev/null 2>&1 || fail "桌面没有快捷方式"
ok "静默安装（当前用户，无需管理员）$(( $(date +%s) - t )) 秒，$(du -sh "$INSTDIR" | cut -f1)，开始菜单和桌面快捷方式都在"

# Windows 10/11 carry ICU (System32\icuuc.dll), which Qt 6 links, and bcryptprimitives.dll (ProcessPrng),
# which Rust-built modules such as python-calamine's link; Wine 8 has neither. Give Wine stand-ins made here
# (wine_icuuc_stub.c, wine_bcryptprimitives_stub.c; never shipped) so they load; see the notes in those files.
give_wine_stand_ins() {
  local sys32="$WINEPREFIX/drive_c/windows/system32"
  command -v x86_64-w64-mingw32-gcc >/dev/null || \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends gcc-mingw-w64-x86-64-win32 >/dev/null
  [ -e "$sys32/icuuc.dll" ] || x86_64-w64-mingw32-gcc -shared -O1 -o "$sys32/icuuc.dll" packaging/windows/wine_icuuc_stub.c
  [ -e "$sys32/bcryptprimitives.dll" ] || x86_64-w64-mingw32-gcc -shared -O1 -o "$sys32/bcryptprimitives.dll" \
    packaging/windows/wine_bcryptprimitives_stub.c -ladvapi32
  echo "说明：Wine 没有 Windows 自带的 icuuc.dll 和 bcryptprimitives.dll，试运行时用替身（packaging/windows/wine_*_stub.c）"
}
give_wine_stand_ins

smoke() {
  local out rc=0
  out="$(cd "$INSTDIR" && set -o pipefail && timeout 900 wine64 Python/python.exe launch.pyw --demo --smoke "$1" 2>&1 \
         | tr -d '\r')" || rc=$?
  echo "$out" | grep -q "窗口已显示" || { echo "$out" | tail -20; fail "程序没有显示窗口"; }
  echo "$out" | grep -E "窗口已显示|已检查|安装不完整"
  # --smoke also imports every module and library of the program (bundle_check.py): all must load
  { [ "$rc" -eq 0 ] && echo "$out" | grep -q "个编译库：齐全"; } || fail "安装包不完整（退出码 $rc）"
}
t=$(date +%s)
smoke 'Z:\tmp\wine-smoke-1.png'
ls "$DATADIR"/演示/*.db >/dev/null 2>&1 || fail "演示数据没有写到 %APPDATA%\\联动监督问题清单"
echo "用户数据（升级后必须还在）" > "$DATADIR/留存检查.txt"
ok "Wine 中程序启动并显示窗口（$(( $(date +%s) - t )) 秒），数据写在 %APPDATA%\\联动监督问题清单"

wine64 "$SETUP" /S /CurrentUser
wineserver -w
[ -f "$DATADIR/留存检查.txt" ] && ls "$DATADIR"/演示/*.db >/dev/null || fail "覆盖安装后数据不见了"
smoke 'Z:\tmp\wine-smoke-2.png'
ok "覆盖安装（升级）后数据仍在，程序照常启动"

wine64 "$INSTDIR/uninstall.exe" /S "_?=$(wine64 winepath -w "$INSTDIR" 2>/dev/null | tr -d '\r')"
wineserver -w
[ -e "$INSTDIR/pkgs" ] && fail "卸载后程序文件还在"
[ -e "$INSTDIR/Python" ] && fail "卸载后 Python 运行时还在"
ls "$START_MENU"/*联动*.lnk >/dev/null 2>&1 && fail "卸载后开始菜单快捷方式还在"
ls "$USERDIR/Desktop"/*联动*.lnk >/dev/null 2>&1 && fail "卸载后桌面快捷方式还在"
[ -f "$DATADIR/留存检查.txt" ] && ls "$DATADIR"/演示/*.db >/dev/null || fail "卸载把数据删了"
ok "卸载删除了程序和快捷方式，保留了数据文件夹 $DATADIR"
echo "全部通过"
