#!/usr/bin/env bash
# Try the UOS/Kylin package on this machine (as root):
#   bash packaging/deb/try_deb.sh [dist/cn.liandong.jiandu_<version>_amd64.deb]
# 1 the package has no maintainer scripts; 2 dpkg -i installs it (Depends missing here are then
# fetched with apt-get -f install); 3 /opt/apps/<appid>/ holds info, the desktop entry, icons, the program;
# 4 the desktop entry's Exec line, run under Xvfb with --demo --smoke and a scratch home, shows the window
#   and finds every module and compiled library of the program in the bundle (bundle_check.py);
# 5 dpkg -r removes the program and leaves the user's data. Xvfb display: $TRY_DISPLAY (default :17).
set -euo pipefail
cd "$(dirname "$0")/../.."
DEB="${1:-$(ls -t dist/*_amd64.deb | head -1)}"
[ -f "$DEB" ] || { echo "找不到 .deb，请先运行 sudo bash packaging/build-deb.sh"; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "请以 root 运行（dpkg -i / dpkg -r）"; exit 1; }
fail() { echo "失败：$*"; exit 1; }
ok() { echo "通过：$*"; }
APPID="$(dpkg-deb -f "$DEB" Package)"
APP="/opt/apps/$APPID"

scripts="$(dpkg-deb --ctrl-tarfile "$DEB" | tar -t | grep -E 'preinst|postinst|prerm|postrm|config|triggers' || true)"
[ -z "$scripts" ] || fail "包里有维护脚本：$scripts"
ok "没有维护脚本（安装、卸载时不运行任何脚本）；Depends: $(dpkg-deb -f "$DEB" Depends)"

t=$(date +%s)
if ! dpkg -i "$DEB" >/tmp/try_deb_dpkg.log 2>&1; then
  echo "本机缺少部分依赖，用 apt-get -f install 补装："
  DEBIAN_FRONTEND=noninteractive apt-get -f install -y -q >/dev/null
fi
[ "$(dpkg-query -W -f='${Status}' "$APPID")" = "install ok installed" ] || fail "dpkg -i 没有装好"
ok "dpkg -i 安装（$(( $(date +%s) - t )) 秒，$(du -sh "$APP" | cut -f1)）"

python3 -c "import json,sys; d=json.load(open('$APP/info')); assert d['appid']=='$APPID', d" || fail "info 文件不对"
DESKTOP="$APP/entries/applications/$APPID.desktop"
[ -f "$DESKTOP" ] || fail "没有桌面文件"
[ -f "$APP/entries/icons/hicolor/256x256/apps/$APPID.png" ] || fail "没有图标"
command -v desktop-file-validate >/dev/null && { desktop-file-validate "$DESKTOP" || fail "桌面文件不合规"; }
EXEC="$(grep -m1 '^Exec=' "$DESKTOP" | cut -d= -f2- | sed 's/ %[fFuUdDnNickvm]//g')"
[ -x "${EXEC%% *}" ] || fail "Exec 行的程序不存在：$EXEC"
ok "/opt/apps/$APPID 下有 info、桌面文件、图标和程序；Exec=$EXEC"

export DISPLAY="${TRY_DISPLAY:-:17}"
XVFB_PID=""
if ! xdpyinfo -display "$DISPLAY" >/dev/null 2>&1; then
  Xvfb "$DISPLAY" -screen 0 1600x1000x24 >/dev/null 2>&1 & XVFB_PID=$!
  for _ in $(seq 50); do xdpyinfo -display "$DISPLAY" >/dev/null 2>&1 && break; sleep 0.2; done
fi
SCRATCH="$(mktemp -d)"
trap '[ -n "$XVFB_PID" ] && kill "$XVFB_PID" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
t=$(date +%s)
# As a desktop would start it: the Exec line, a user's home, nothing from this shell's Python.
rc=0
out="$(env -i HOME="$SCRATCH" DISPLAY="$DISPLAY" PATH=/usr/bin:/bin LANG=zh_CN.UTF-8 \
       timeout 600 $EXEC --demo --smoke "$SCRATCH/smoke.png" 2>&1)" || rc=$?
echo "$out" | grep -q "窗口已显示" || { echo "$out" | tail -20; fail "程序没有显示窗口"; }
echo "$out" | grep -E "窗口已显示|已检查|安装不完整"
# --smoke also imports every module and library of the program (bundle_check.py): all must load
{ [ "$rc" -eq 0 ] && echo "$out" | grep -q "个编译库：齐全"; } || fail "安装包不完整（退出码 $rc）"
cp "$SCRATCH/smoke.png" build/deb-smoke.png 2>/dev/null || true
DATA="$SCRATCH/.local/share/联动监督问题清单"
ls "$DATA"/演示/*.db >/dev/null 2>&1 || fail "演示数据没有写到 ~/.local/share/联动监督问题清单"
ok "桌面文件的 Exec 行在 Xvfb 中启动程序并显示窗口（$(( $(date +%s) - t )) 秒）"

dpkg -r "$APPID" >/dev/null
[ -e "$APP" ] && fail "dpkg -r 后 $APP 还在"
[ -e "/usr/share/applications/$APPID.desktop" ] && fail "dpkg -r 后菜单项还在"
ls "$DATA"/演示/*.db >/dev/null 2>&1 || fail "dpkg -r 删了用户数据"
ok "dpkg -r 删除了程序，用户数据仍在 $DATA"
echo "全部通过"
