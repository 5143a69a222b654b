"""Render the application icon (resources/icons/app.svg, app-small.svg) to PNG sizes and app.ico.

    python packaging/make_icons.py

Run it after changing an SVG; the PNGs and app.ico are committed (small), so builds need no renderer.
16–32 px come from app-small.svg (thicker strokes), the rest from app.svg. app.ico holds 16, 24, 32,
48 and 64 px as 32-bit BMP images (what every Windows tool, NSIS included, reads) and 128 and 256 px
as PNG (what Windows uses for large icons).
"""
from __future__ import annotations

import struct
import sys
from pathlib import Path

ICONS = Path(__file__).resolve().parents[1] / "resources" / "icons"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL_UP_TO = 32
ICO_PNG_FROM = 128


def render(size: int):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    source = ICONS / ("app-small.svg" if size <= SMALL_UP_TO else "app.svg")
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"无法读取图标 {source}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def bmp_entry(image) -> bytes:
    """A 32-bit ICO image: BITMAPINFOHEADER (height doubled), BGRA rows bottom-up, then the AND mask."""
    size = image.width()
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in range(size - 1, -1, -1):
        row = bytearray()
        for x in range(size):
            argb = image.pixel(x, y)  # non-premultiplied 0xAARRGGBB
            row += struct.pack("<I", argb)  # little-endian: B, G, R, A
        rows.append(bytes(row))
    mask_row = ((size + 31) // 32) * 4
    return header + b"".join(rows) + b"\0" * (mask_row * size)


def ico_bytes(images: dict[int, object]) -> bytes:
    entries = [(size, png_bytes(images[size]) if size >= ICO_PNG_FROM else bmp_entry(images[size]))
               for size in ICO_SIZES]
    out = struct.pack("<HHH", 0, 1, len(entries))
    offset = 6 + 16 * len(entries)
    for size, data in entries:
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        out += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(data for _, data in entries)


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QImage/QPainter need it)
    images = {size: render(size) for size in sorted(set(PNG_SIZES) | set(ICO_SIZES))}
    for size in PNG_SIZES:
        (ICONS / f"app-{size}.png").write_bytes(png_bytes(images[size]))
    (ICONS / "app.ico").write_bytes(ico_bytes(images))
    print(f"已生成 {len(PNG_SIZES)} 个 PNG 和 app.ico（{', '.join(map(str, ICO_SIZES))} 像素）于 {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
