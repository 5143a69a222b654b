"""佐证材料 from another office: names sanitised before they touch the disk; programs never opened."""
from __future__ import annotations

import pytest

from models.sync.untrusted import MAX_NAME, opening_check, safe_file_name


@pytest.mark.parametrize(("name", "expected"), [
    ("../../Windows/System32/evil.dll", "evil.dll"),
    ("C:\\Users\\Public\\照片.jpg", "照片.jpg"),
    ("整改报告\u202egpj.exe", "整改报告gpj.exe"),           # right-to-left override: shown as ...exe.jpg
    ("现场\x00照片\n.jpg", "现场_照片_.jpg"),
    ("CON.txt", "附件_CON.txt"),
    ("", "附件"),
    ("...", "附件"),
])
def test_names_from_a_package_are_made_safe(name, expected):
    assert safe_file_name(name) == expected


def test_long_names_are_cut_but_keep_their_type():
    name = safe_file_name("很长" * 200 + ".pdf")
    assert len(name) == MAX_NAME and name.endswith(".pdf")


@pytest.mark.parametrize("name", ["整改报告.exe", "照片.JPG.bat", "a.lnk", "run.sh", "start.desktop", "setup.msi",
                                  "x.ps1", "y.vbs", "z.js", "w.scr", "q.cmd", "c.com"])
def test_programs_scripts_and_shortcuts_are_refused(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"harmless looking")
    verdict, reason = opening_check(path)
    assert verdict == "refuse" and "不能在本机运行" in reason and name in reason


@pytest.mark.parametrize(("head", "what"), [(b"MZ\x90\x00", "Windows 程序"), (b"\x7fELF\x02", "Linux 程序"),
                                            (b"#!/bin/sh\nrm -rf ~", "脚本")])
def test_a_program_under_a_harmless_name_is_refused_by_its_content(tmp_path, head, what):
    path = tmp_path / "整改照片.jpg"
    path.write_bytes(head + b"\x00" * 100)
    verdict, reason = opening_check(path)
    assert verdict == "refuse" and what in reason


def test_macro_documents_open_after_a_warning_and_plain_ones_open(tmp_path):
    macro = tmp_path / "整改台账.xlsm"
    macro.write_bytes(b"PK\x03\x04")
    assert opening_check(macro)[0] == "warn" and "宏" in opening_check(macro)[1]
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0")
    assert opening_check(photo) == ("ok", "")


def test_the_window_refuses_to_open_a_program(qtbot, tmp_path, monkeypatch):
    from PySide6.QtGui import QDesktopServices

    from ui.dialogs import messages
    from ui.workflow import widgets

    opened, said = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    monkeypatch.setattr(messages, "warn", lambda parent, title, text: said.append(text))
    bad = tmp_path / "佐证.pdf.exe"
    bad.write_bytes(b"MZ")
    assert widgets.open_file(bad) is False and opened == [] and "不能在本机运行" in said[0]
    good = tmp_path / "佐证.pdf"
    good.write_bytes(b"%PDF-1.4")
    assert widgets.open_file(good) is True and len(opened) == 1
