"""Lay out the UOS/Kylin package from a PyInstaller bundle and build the .deb with dpkg-deb.

    python3 packaging/deb/make_deb.py BUNDLE_DIR [--uos-store]

/opt/apps/<appid>/
    info                                 app store description (resources/packaging/info.json.in)
    files/liandong-jiandu, files/_internal/   the program (the PyInstaller one-folder bundle)
    entries/applications/<appid>.desktop desktop entry (resources/packaging/app.desktop.in)
    entries/icons/hicolor/<n>x<n>/apps/<appid>.png, …/scalable/apps/<appid>.svg
Without --uos-store the package also links the desktop entry and icons into /usr/share (plain
symlinks, removed by dpkg with the package) so menus on Kylin and plain Debian find them; UOS's store
wants everything under /opt/apps. No maintainer scripts: nothing runs as root at install or removal.
Depends: libc6 (>= the measured glibc floor) plus the package of every shared library that the
bundle loads but does not carry (each ELF's NEEDED entries); an unknown library stops the build.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

import meta  # noqa: E402
from glibc_floor import elf_files, glibc_floor, needed_libraries  # noqa: E402

# Libraries every glibc system has (part of libc6 itself).
GLIBC_SONAMES = {"libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1",
                 "ld-linux-x86-64.so.2", "libresolv.so.2", "libanl.so.1", "libnsl.so.1", "libcrypt.so.1"}
# Shared library -> Debian/UOS/Kylin package. Alternatives are written as in a Depends field.
PROVIDERS = {
    "libGL.so.1": "libgl1", "libEGL.so.1": "libegl1", "libOpenGL.so.0": "libopengl0",
    "libGLX.so.0": "libglx0",
    "libxkbcommon.so.0": "libxkbcommon0", "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libfontconfig.so.1": "libfontconfig1", "libfreetype.so.6": "libfreetype6",
    "libdbus-1.so.3": "libdbus-1-3", "libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0", "libgio-2.0.so.0": "libglib2.0-0",
    "libX11.so.6": "libx11-6", "libX11-xcb.so.1": "libx11-xcb1", "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0", "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0", "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0", "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0", "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1", "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-sync.so.1": "libxcb-sync1", "libxcb-shm.so.0": "libxcb-shm0", "libxcb-render.so.0": "libxcb-render0",
    "libxcb-xinput.so.0": "libxcb-xinput0", "libxcb-util.so.1": "libxcb-util1",
    "libSM.so.6": "libsm6", "libICE.so.6": "libice6", "libXext.so.6": "libxext6", "libXrender.so.1": "libxrender1",
    "libwayland-client.so.0": "libwayland-client0", "libwayland-cursor.so.0": "libwayland-cursor0",
    "libwayland-egl.so.1": "libwayland-egl1",
    "libz.so.1": "zlib1g", "libstdc++.so.6": "libstdc++6", "libgcc_s.so.1": "libgcc-s1 | libgcc1",
    "libexpat.so.1": "libexpat1", "libpng16.so.16": "libpng16-16", "libuuid.so.1": "libuuid1",
    "libcups.so.2": "libcups2", "libsystemd.so.0": "libsystemd0", "libgssapi_krb5.so.2": "libgssapi-krb5-2", "libmount.so.1": "libmount1",
}
# Qt plugins that load only when the desktop asks for them (Wayland, GTK/KDE themes, input methods);
# their libraries are not made hard dependencies.
OPTIONAL_PLUGIN_DIRS = ("wayland", "platformthemes", "platforminputcontexts", "egldeviceintegrations",
                        "xcbglintegrations", "tls", "networkinformation", "generic", "sqldrivers")
# Qt platforms for kiosks and embedded screens (EGLFS, LinuxFB, VNC, Wayland): never used on a desktop session.
OPTIONAL_FILE_MARKERS = ("EglFs", "EglFS", "qeglfs", "qlinuxfb", "qvnc", "qminimalegl", "qvkkhrdisplay",
                         "qwayland", "WaylandClient", "WaylandEgl", "WlShell")
FONTS = "fonts-noto-cjk | fonts-wqy-microhei | fonts-wqy-zenhei"


def fill(template: str, **values: str) -> str:
    text = (meta.TEXTS / template).read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(f"@{key}@", value)
    if "@" in text.replace("@@", ""):
        leftover = [w for w in text.split() if w.count("@") >= 2]
        if leftover:
            raise SystemExit(f"{template} 中有未填写的字段：{leftover}")
    return text


def info_json(arch: str = "amd64") -> str:
    return fill("info.json.in", APPID=meta.APP_ID, NAME=meta.APP_NAME, VERSION=meta.four_part_version(),
                ARCH=arch)


def desktop_entry() -> str:
    return fill("app.desktop.in", NAME=meta.SHORT_NAME, GENERIC_NAME=meta.APP_NAME,
                EXEC=f"/opt/apps/{meta.APP_ID}/files/{meta.EXECUTABLE}", ICON=meta.APP_ID)


def system_depends(bundle: Path) -> list[str]:
    carried = {p.name for p in bundle.rglob("*.so*")}
    needed: dict[str, str] = {}
    for elf in elf_files(bundle):
        optional = (any(part in OPTIONAL_PLUGIN_DIRS or part.startswith("wayland")
                        for part in elf.relative_to(bundle).parts)
                    or any(marker in elf.name for marker in OPTIONAL_FILE_MARKERS))
        if optional:
            continue
        for soname in needed_libraries(elf):
            if soname not in carried and soname not in GLIBC_SONAMES:
                needed.setdefault(soname, str(elf.relative_to(bundle)))
    unknown = sorted(s for s in needed if s not in PROVIDERS)
    if unknown:
        raise SystemExit("不知道这些系统库属于哪个软件包，请补进 PROVIDERS："
                         + "；".join(f"{s}（{needed[s]} 需要）" for s in unknown))
    return sorted({PROVIDERS[s] for s in needed})


def control(installed_kib: int, depends: list[str], floor: str) -> str:
    deps = ", ".join([f"libc6 (>= {floor})", *depends, FONTS])
    return (f"Package: {meta.APP_ID}\nVersion: {meta.version()}\nArchitecture: amd64\n"
            f"Maintainer: {meta.PUBLISHER} <noreply@localhost>\nInstalled-Size: {installed_kib}\n"
            f"Depends: {deps}\nSection: office\nPriority: optional\n"
            f"Description: {meta.APP_NAME}\n"
            " 县（市、区）人大常委会管理联动监督问题清单的桌面程序：问题清单、交办、整改进展、\n"
            " 销号、满意度测评、转下年度，生成交办函、简报和 Excel 台账。数据保存在本机。\n")


def build(bundle: Path, uos_store: bool) -> Path:
    root = meta.BUILD / "deb-pkg"
    if root.exists():
        shutil.rmtree(root)
    app = root / "opt" / "apps" / meta.APP_ID
    files = app / "files"
    shutil.copytree(bundle, files, symlinks=True)
    exe = files / meta.SHORT_NAME
    if exe.exists():
        exe.rename(files / meta.EXECUTABLE)  # an ASCII program name for the Exec line
    (app / "info").write_text(info_json(), encoding="utf-8")
    apps = app / "entries" / "applications"
    apps.mkdir(parents=True)
    (apps / f"{meta.APP_ID}.desktop").write_text(desktop_entry(), encoding="utf-8")
    icons = app / "entries" / "icons" / "hicolor"
    for size in meta.ICON_SIZES:
        target = icons / f"{size}x{size}" / "apps"
        target.mkdir(parents=True)
        shutil.copy2(meta.ICONS / f"app-{size}.png", target / f"{meta.APP_ID}.png")
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(meta.ICONS / "app.svg", icons / "scalable" / "apps" / f"{meta.APP_ID}.svg")
    if not uos_store:
        links = [(f"usr/share/applications/{meta.APP_ID}.desktop",
                  f"/opt/apps/{meta.APP_ID}/entries/applications/{meta.APP_ID}.desktop")]
        for size in (*(f"{s}x{s}" for s in meta.ICON_SIZES), "scalable"):
            ext = "svg" if size == "scalable" else "png"
            links.append((f"usr/share/icons/hicolor/{size}/apps/{meta.APP_ID}.{ext}",
                          f"/opt/apps/{meta.APP_ID}/entries/icons/hicolor/{size}/apps/{meta.APP_ID}.{ext}"))
        for link, target in links:
            (root / link).parent.mkdir(parents=True, exist_ok=True)
            (root / link).symlink_to(target)
    floor = glibc_floor(files)[0]
    depends = system_depends(files)
    size_kib = sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink()) // 1024
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control(size_kib, depends, floor), encoding="utf-8")
    meta.DIST.mkdir(exist_ok=True)
    out = meta.DIST / meta.deb_name()
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zxz", "-z3", "--build", str(root), str(out)], check=True,
                   stdout=subprocess.DEVNULL)
    print(f"完成：{out}（{out.stat().st_size / 1e6:.1f} MB，安装后 {size_kib / 1024:.0f} MB）")
    print(f"Depends: libc6 (>= {floor}), {', '.join(depends)}, {FONTS}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="组装统信UOS/麒麟 .deb")
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--uos-store", action="store_true", help="只放 /opt/apps（统信应用商店要求）")
    args = parser.parse_args(argv)
    build(args.bundle, args.uos_store)
    return 0


if __name__ == "__main__":
    sys.exit(main())
