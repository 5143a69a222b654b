"""The 交换包 read as hostile: a corpus of tampered packages, made here from a good one, is refused
with one Chinese sentence each and changes nothing."""
from __future__ import annotations

import json
import re
import warnings
import zipfile

import pytest
from sync_offices import counts, county_with_problems, office

from models.sync import export, identity, keys, merge
from models.sync.package import PackageError, read_package
from models.workflow.progress import ReportForm, add_report


@pytest.fixture
def pair(tmp_path):
    county, ids = county_with_problems(tmp_path / "county.db", 3)
    from models.workflow.handover import HandoverForm, create_batch

    create_batch(county, 1, HandoverForm(handover_date="2026-03-01", occasion="交办会", default_deadline="2026-12-31",
                                         recipients=["某县民政局"]), ids)
    evidence = tmp_path / "现场照片.jpg"
    evidence.write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40)
    add_report(county, ids[0], ReportForm(report_date="2026-03-05", unit="某县民政局", measures="整改", percent=50,
                                          attachments=[str(evidence)]))
    city = office(tmp_path / "city.db", "某市人大常委会", "市")
    good = tmp_path / "good.zip"
    export.export_package(county, to_office="某市人大常委会", out=good)
    return county, city, good


def _members(path):
    with zipfile.ZipFile(path) as zf:
        return [(i, zf.read(i)) for i in zf.infolist()]


def _rezip(path, members, extra=()):
    with warnings.catch_warnings(), zipfile.ZipFile(path, "w") as zf:
        warnings.simplefilter("ignore")  # a duplicate member is what this corpus entry is about
        for info, data in members:
            zf.writestr(info.filename, data)
        for name, data in extra:
            zf.writestr(name, data)
    return path


def _resigned(county, good, path, change):
    """A package signed with the county's own key after editing its manifest: only the content check stops it."""
    members = dict((i.filename, d) for i, d in _members(good))
    manifest = json.loads(members["manifest.json"])
    change(manifest, members)
    body = json.dumps(manifest, ensure_ascii=False).encode()
    members["manifest.json"] = body
    members["signature"] = keys.sign(identity.private_key(county), body).hex().encode()
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def corpus(county, good, d):
    data = good.read_bytes()
    members = _members(good)
    names = [i.filename for i, _ in members]
    changes_at = data.find(b"changes.jsonl") + 200
    yield "截断", (d / "truncated.zip"), (d / "truncated.zip").write_bytes(data[: len(data) // 2]), "已损坏或不完整"
    flipped = bytearray(data)
    flipped[changes_at] ^= 0x01
    yield "翻转一位", d / "flipped.zip", (d / "flipped.zip").write_bytes(bytes(flipped)), "损坏|不符|篡改|不正确"
    yield "未列出的文件", _rezip(d / "unlisted.zip", members, [("blobs/" + "0" * 64, b"x")]), None, "没有列在清单中"
    yield "重复的文件", _rezip(d / "dup.zip", members, [(names[0], members[0][1])]), None, "出现了两次"
    yield "../ 路径", _rezip(d / "dotdot.zip", members, [("../../evil.bat", b"x")]), None, "不安全的文件路径"
    yield "C:\\ 路径", _rezip(d / "drive.zip", members, [("C:\\Windows\\evil.exe", b"x")]), None, "不安全的文件路径"

    def smaller(manifest, _m):
        for m in manifest["members"]:
            if m["name"].startswith("blobs/"):
                m["size"] = 10
    yield "超过声明大小", _resigned(county, good, d / "oversize.zip", smaller), None, "比清单声明的大"

    def twice(manifest, _m):
        manifest["members"].append(dict(manifest["members"][0]))
    yield "清单中列两次", _resigned(county, good, d / "twice.zip", twice), None, "列出了两次"

    def huge(manifest, _m):
        manifest["members"][0]["size"] = 5 * 1024 ** 3
    yield "总大小超限", _resigned(county, good, d / "huge.zip", huge), None, "超过上限"

    def newer(manifest, _m):
        manifest["format"] = 99
    yield "更新的格式", _resigned(county, good, d / "newer.zip", newer), None, "更新版本的程序"

    def other(manifest, _m):
        manifest["to"] = {"office": "另一县人大常委会", "site": None}
    yield "发给别人", _resigned(county, good, d / "other.zip", other), None, "不是写给本机关"

    def forged(manifest, members):
        members["changes.jsonl"] = members["changes.jsonl"].replace("敬老院".encode(), "养老院".encode())
    yield "改了变更记录", _resigned(county, good, d / "forged.zip", forged), None, "与清单不符"
    signed = dict((i.filename, dd) for i, dd in members)
    signed["manifest.json"] = signed["manifest.json"].replace(b'"number": 1', b'"number": 7')
    yield "签名不符", _rezip(d / "badsig.zip", [(zipfile.ZipInfo(k), v) for k, v in signed.items()]), None, "签名不正确"


def test_tampered_packages_are_refused_in_chinese_with_no_change(pair, tmp_path):
    county, city, good = pair
    (tmp_path / "corpus").mkdir()
    before = counts(city)
    seen = []
    for what, path, _, expected in corpus(county, good, tmp_path / "corpus"):
        with pytest.raises(PackageError) as info:
            merge.import_package(city, path)
        message = str(info.value)
        seen.append(what)
        assert re.search(expected, message), (what, message)
        # file names are the only Latin letters: the sentence itself is Chinese
        words = re.sub(r"“[^”]*”|（manifest\.json）|（changes\.jsonl）", "", message)
        assert "未做任何修改" in message and not re.search(r"[A-Za-z]{3,}", words), (what, message)
        assert counts(city) == before, what
    assert len(seen) == 13
    assert not list((tmp_path / "city_附件").rglob("*.*")) if (tmp_path / "city_附件").exists() else True
    # and the good one goes in, with its attachment written under a safe name
    result = merge.import_package(city, good)
    assert result.new_rows["attachments"] == 1 and result.blob_count == 1
    [stored] = city.column("SELECT stored_path FROM attachments")
    assert (tmp_path / stored).read_bytes()[:4] == b"\xff\xd8\xff\xe0"


def test_a_changed_key_is_said_clearly(pair, tmp_path):
    county, city, good = pair
    merge.import_package(city, good)
    county.set_setting(identity.PRIVATE_KEY, keys.new_private_key())
    export.export_package(county, to_office="某市人大常委会", out=tmp_path / "new_key.zip")
    with pytest.raises(PackageError, match="签名密钥与上次导入时不同"):
        merge.import_package(city, tmp_path / "new_key.zip")
    accepted = merge.import_package(city, tmp_path / "new_key.zip", accept_new_key=True)
    assert any("密钥已更换" in n for n in accepted.notes)


def test_own_package_and_not_a_package(pair, tmp_path):
    county, city, good = pair
    with pytest.raises(PackageError, match="本机关自己写出的交换包"):
        identity.set_office(county, "某市人大常委会", "县")
        merge.import_package(county, good)
    junk = tmp_path / "简报.zip"
    with zipfile.ZipFile(junk, "w") as zf:
        zf.writestr("简报.docx", b"x")
    with pytest.raises(PackageError, match="不是交换包"):
        read_package(junk)
