"""PDF of a document from its own .docx through LibreOffice, when it is installed: one letter,
one layout, whether it is opened in Word/WPS, printed or saved as PDF. Without LibreOffice the
print path (ui.export.doc_print) draws the same content with Qt."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

from models.documents.atomic import Cancelled, ProgressCallback, atomic_path, no_progress
from models.documents.content import DocContent
from models.store import StoreError

CONVERT_TIMEOUT_S = 180
_LOCK = threading.Lock()   # one conversion at a time through the shared profile
_WINDOWS_PLACES = ("LibreOffice/program/soffice.exe", "LibreOffice 7/program/soffice.exe")


class OfficeError(StoreError):
    """LibreOffice did not produce the PDF (one Chinese sentence)."""


def find_office() -> str | None:
    """The LibreOffice program (soffice), or None. ``LIANDONG_OFFICE`` names another one; set to
    an empty value it turns LibreOffice off (the Qt path is used)."""
    if "LIANDONG_OFFICE" in os.environ:
        chosen = os.environ["LIANDONG_OFFICE"]
        return chosen if chosen and Path(chosen).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    if os.name == "nt":
        for base in (os.environ.get("ProgramFiles", ""), os.environ.get("ProgramFiles(x86)", "")):
            for place in _WINDOWS_PLACES:
                candidate = Path(base) / place
                if base and candidate.exists():
                    return str(candidate)
    return None


def _profile() -> Path:
    """LibreOffice's settings folder for our conversions, kept between runs (its first start
    builds it: ~10 s; later conversions take a few seconds). Never the user's own profile."""
    who = "".join(c for c in (os.environ.get("USERNAME") or os.environ.get("USER") or "user") if c.isalnum())
    return Path(tempfile.gettempdir()) / f"liandong-lo-{who or 'user'}"


def _run(office: str, profile: Path, docx_files: Sequence[Path], out_dir: Path) -> None:
    cmd = [office, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
           "--nolockcheck", "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_files)]
    try:
        subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired as exc:
        raise OfficeError("LibreOffice 转换 PDF 超时，没有生成文件。") from exc
    except OSError as exc:
        raise OfficeError("无法启动 LibreOffice，没有生成文件。") from exc


def convert(docx_files: Sequence[Path], out_dir: Path, office: str) -> list[Path]:
    """Convert .docx files to PDF in ``out_dir`` in one LibreOffice run; returns the PDFs in the
    same order. A profile in use by another conversion (or broken) is retried with a fresh one."""
    pdfs = [out_dir / (Path(f).stem + ".pdf") for f in docx_files]

    def missing() -> list[Path]:
        return [p for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    with _LOCK:
        _run(office, _profile(), docx_files, out_dir)
    if missing():
        with tempfile.TemporaryDirectory(prefix="liandong-lo-") as fresh:
            _run(office, Path(fresh), missing(), out_dir)
    if missing():
        raise OfficeError("LibreOffice 没能把文档转换为 PDF，没有生成文件。")
    return pdfs


def write_pdf(target: str | os.PathLike, contents: Sequence[DocContent], *, office: str,
              title: str = "", progress: ProgressCallback = no_progress) -> int:
    """Write each document's .docx (the same writer as “生成交办函”), let LibreOffice turn them into
    PDF, and join them into ``target`` in order; returns the page count."""
    from models.documents.docx_writer import write_docx
    from models.documents.pdf_text import join_pdfs

    total = len(contents) + 2
    if not progress(0, total):
        raise Cancelled()
    with tempfile.TemporaryDirectory(prefix="liandong-pdf-") as tmp:
        folder = Path(tmp)
        files = []
        for i, content in enumerate(contents):
            path = folder / f"{i:04d}.docx"
            write_docx(content, path)
            files.append(path)
            if not progress(i + 1, total):
                raise Cancelled()
        pdfs = convert(files, folder, office)
        if not progress(total - 1, total):
            raise Cancelled()
        with atomic_path(target) as out:
            pages = join_pdfs(pdfs, out, title=title or Path(target).stem)
    progress(total, total)
    return pages
